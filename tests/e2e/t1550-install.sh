#!/bin/bash
# make install into a DESTDIR puts the binary, the manual pages and the
# completions where their tools look; the installed binary runs, man(1)
# shows an installed page, `help CMD` at a terminal shows it too, and
# make uninstall removes exactly what was installed.
. "$(dirname "$0")/lib.sh"

D="$T/dest"
P=/usr/local
mk() { make -s --no-print-directory -C "$TESTS_SRCDIR" "$@"; }

expect 0 "make install" mk install DESTDIR="$D" PREFIX="$P"
for f in bin/complaint share/man/man5/complaint.yaml.5 \
    share/man/man7/complaint-postgresql.7 \
    share/bash-completion/completions/complaint \
    share/zsh/site-functions/_complaint \
    share/fish/vendor_completions.d/complaint.fish; do
	assert "installed $f" test -f "$D$P/$f"
done
for m in "$TESTS_SRCDIR"/man/*.1; do
	assert "installed man1/${m##*/}" cmp -s "$m" "$D$P/share/man/man1/${m##*/}"
done
assert "the binary is executable" test -x "$D$P/bin/complaint"
assert "pages are not executable" test ! -x "$D$P/share/man/man1/complaint.1"

expect 0 "the installed binary runs" "$D$P/bin/complaint" --version
out_has "complaint "
expect 0 "the installed binary logs" "$D$P/bin/complaint" log --customer Ann --channel phone
out_is "CMP-000001"

if command -v man >/dev/null 2>&1; then
	expect 0 "man -M shows an installed page" env MANPAGER=cat PAGER=cat \
	    man -M "$D$P/share/man" complaint-log
	out_has "record a complaint as it is received"
	expect 0 "man -M shows complaint.yaml(5)" env MANPAGER=cat PAGER=cat \
	    man -M "$D$P/share/man" 5 complaint.yaml
	out_has "business"
	if command -v script >/dev/null 2>&1; then
		expect 0 "help CMD at a terminal shows the page" env \
		    MANPATH="$D$P/share/man" MANPAGER=cat PAGER=cat \
		    SHELL=/bin/sh script -qec "'$D$P/bin/complaint' help log" \
		    /dev/null
		out_has "records a complaint, however small"
		expect 0 "CMD --help at a terminal shows the page" env \
		    MANPATH="$D$P/share/man" MANPAGER=cat PAGER=cat \
		    SHELL=/bin/sh script -qec "'$D$P/bin/complaint' list --help" \
		    /dev/null
		out_has "list complaints matching filters"
	fi
else
	echo "# skip: man is not installed"
fi

# The installed bash completion works against the installed binary.
expect 0 "installed bash completion" bash -c '
    PATH="$1:$PATH"
    . "$2"
    COMP_WORDS=(complaint log --channel e) COMP_CWORD=3
    _complaint
    printf "%s\n" "${COMPREPLY[@]}"' bash "$D$P/bin" \
    "$D$P/share/bash-completion/completions/complaint"
out_is "email"

expect 0 "make uninstall" mk uninstall DESTDIR="$D" PREFIX="$P"
assert "uninstall removed every file" test -z "$(find "$D" -type f)"

done_testing
