#!/bin/bash
# Help as in git: `help CMD` and `CMD --help` show the manual page to a
# person at a terminal (the build tree's when the binary has one beside
# it, else the installed one), the usage text to a pipe or when man(1) or
# the page is missing; -h is always the short usage. (The installed page
# is shown by t1550-install, which installs one.)
. "$(dirname "$0")/lib.sh"

expect 0 "help CMD into a pipe is the usage" complaint help log
out_has "usage: complaint log --customer NAME"
expect 0 "CMD --help into a pipe is the usage" complaint show --help
out_has "usage: complaint show"
expect 0 "-h is the usage" complaint note -h
out_is "complaint note: add a note to a complaint's history

usage: complaint note REF TEXT|-"
expect 0 "help alone is the overview" complaint help
out_has "commands:"
expect 64 "help for an unknown command" complaint help lgo
err_has "did you mean 'log'?"

# At a terminal (script(1) gives one) with no man(1) on PATH, or no page
# installed, the usage text is the fallback.
if command -v script >/dev/null 2>&1; then
	SCRIPT=$(command -v script)
	mkdir -p "$T/nobin"
	expect 0 "terminal without man: usage" env PATH="$T/nobin" SHELL=/bin/sh \
	    "$SCRIPT" -qec "$COMPLAINT_BIN help list" /dev/null
	out_has "usage: complaint list"
	# A copy of the binary away from any source tree.
	mkdir -p "$T/bin"
	cp "$COMPLAINT_BIN" "$T/bin/complaint"
	expect 0 "terminal, no page installed nor beside: usage" \
	    env MANPATH="$T/nobin" SHELL=/bin/sh MANPAGER=cat PAGER=cat \
	    "$SCRIPT" -qec "$T/bin/complaint log --help" /dev/null
	out_has "usage: complaint log"
	out_lacks "COMPLAINT-LOG(1)"

	# From a clone, not installed (MANPATH has no page): the clone's
	# man/ page, found from the binary's real path (build/VARIANT/
	# complaint), also through a symbolic link elsewhere.
	real=$(readlink -f "$COMPLAINT_BIN")
	if [ -r "${real%/*}/../../man/complaint-report.1" ]; then
		expect 0 "terminal, in the build tree: help CMD is the clone's page" \
		    env MANPATH="$T/nobin" SHELL=/bin/sh MANPAGER=cat PAGER=cat \
		    "$SCRIPT" -qec "$COMPLAINT_BIN help report" /dev/null
		out_has "COMPLAINT-REPORT(1)"
		out_lacks "usage: complaint report"
		ln -s "$real" "$T/bin/linked"
		expect 0 "terminal, through a link: CMD --help is the clone's page" \
		    env MANPATH="$T/nobin" SHELL=/bin/sh MANPAGER=cat PAGER=cat \
		    "$SCRIPT" -qec "$T/bin/linked log --help" /dev/null
		out_has "COMPLAINT-LOG(1)"
		expect 0 "terminal, in the build tree: -h is still the usage" \
		    env MANPATH="$T/nobin" SHELL=/bin/sh MANPAGER=cat PAGER=cat \
		    "$SCRIPT" -qec "$COMPLAINT_BIN report -h" /dev/null
		out_has "usage: complaint report"
		out_lacks "COMPLAINT-REPORT(1)"
	else
		pass "the binary is not in a build tree: the clone's page not tested"
	fi
	expect 0 "-h at a terminal is still the usage" env SHELL=/bin/sh \
	    "$SCRIPT" -qec "$COMPLAINT_BIN init -h" /dev/null
	out_has "usage: complaint init"
else
	pass "script(1) is not installed: terminal help not tested"
fi

done_testing
