#!/bin/bash
# The manual pages against the binary: every command has a page, and
# each page's SYNOPSIS says what the command's -h says (whitespace aside).
# A page whose command is not in this build yet is skipped, so pages and
# commands written in parallel are covered as soon as both exist.
. "$(dirname "$0")/lib.sh"

MAN="$TESTS_SRCDIR/man"
bs=$(printf '\b')

if ! command -v mandoc >/dev/null 2>&1; then
	pass "mandoc is not installed: synopses not compared"
	done_testing
fi

# One line: whitespace collapsed, none next to [ ] or |.
normalise() {
	tr '\n\t' '  ' | sed -e 's/  */ /g' -e 's/^ //' -e 's/ $//' \
	    -e 's/ *\([][|]\) */\1/g'
}

# The SYNOPSIS section of PAGE as rendered text.
page_synopsis() {
	mandoc -T ascii "$1" | sed "s/.$bs//g" |
	    sed -n '/^SYNOPSIS/,/^[A-Z]/{/^[A-Z]/d;p;}' | normalise
}

# The synopsis lines of a usage text on stdin: from "usage:" to the
# first blank line, without the word "usage:".
usage_synopsis() {
	sed -n '/^usage: /,/^$/p' | sed 's/^usage: //' | normalise
}

cmds=$(complaint --list-cmds)
for c in $cmds; do
	assert "$c has a manual page" test -f "$MAN/complaint-$c.1"
done

for page in "$MAN"/complaint-*.1; do
	[ -e "$page" ] || continue
	c=$(basename "$page" .1)
	c=${c#complaint-}
	if ! printf '%s\n' "$cmds" | grep -qx -- "$c"; then
		echo "# skip: $(basename "$page"): no command '$c' in this build"
		continue
	fi
	want=$(complaint "$c" -h | usage_synopsis)
	got=$(page_synopsis "$page")
	if [ -n "$want" ] && [ "$want" = "$got" ]; then
		pass "complaint-$c.1 SYNOPSIS is '$c -h'"
	else
		fail "complaint-$c.1 SYNOPSIS is '$c -h'"
		printf '#   usage: %s\n#   page:  %s\n' "$want" "$got"
	fi
done

if [ -f "$MAN/complaint.1" ]; then
	want=$(complaint --help | usage_synopsis)
	got=$(page_synopsis "$MAN/complaint.1")
	if [ "$want" = "$got" ]; then
		pass "complaint.1 SYNOPSIS is the global usage"
	else
		fail "complaint.1 SYNOPSIS is the global usage"
		printf '#   usage: %s\n#   page:  %s\n' "$want" "$got"
	fi
	# complaint(1) names every command and links its page.
	for c in $cmds; do
		assert "complaint.1 links complaint-$c(1)" \
		    grep -q "^\.Xr complaint-$c 1" "$MAN/complaint.1"
	done
fi

# The pages of the configuration and the overview exist.
assert "complaint.1 exists" test -f "$MAN/complaint.1"
assert "complaint.yaml.5 exists" test -f "$MAN/complaint.yaml.5"
assert "complaint-postgresql.7 exists" test -f "$MAN/complaint-postgresql.7"
assert "complaint.1 points to it" grep -q '^\.Xr complaint-postgresql 7' "$MAN/complaint.1"

done_testing
