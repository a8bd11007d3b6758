#!/bin/bash
# Output on a terminal (a pty from script(1)): the default format is the
# table there and TSV in a pipe, colour only on a terminal and never with
# NO_COLOR, and a narrow terminal never cuts the reference.
. "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	echo "# t1600-terminal: skipped, no script(1)"
	done_testing
fi

# Run "complaint ARGS" on a pty COLS wide, its output in $T/out
# without the carriage returns the terminal adds.
on_tty() {
	cols=$1
	shift
	script -qec "stty cols $cols; $(printf '%q ' "$COMPLAINT_BIN" "$@")" \
	    /dev/null </dev/null >"$T/raw" 2>"$T/err"
	status=$?
	tr -d '\r' <"$T/raw" >"$T/out"
}

for n in 1 2; do
	complaint log --customer "Customer number $n" --channel phone \
	    -m "A fairly long summary of the complaint that goes on" >/dev/null
done

expect 0 "piped, list is tsv" complaint list
out_has "ref	status	received_at"

unset NO_COLOR
on_tty 200 list
assert "on a terminal, list is a table" [ "$status" -eq 0 ]
out_has "CMP-000001  new "
out_lacks "	" "the table has no tabs"
assert "the table header is bold on a terminal" grep -q "$(printf '\033')\[1mref" "$T/out"

on_tty 80 list
assert "an 80-column terminal keeps the whole reference" grep -q "^CMP-000001 " "$T/out"
assert "an 80-column terminal keeps the whole reference" grep -q "^CMP-000002 " "$T/out"
out_has "…" "an 80-column terminal cuts other columns"

export NO_COLOR=1
on_tty 200 list
assert "NO_COLOR: no colour on a terminal" sh -c '! grep -q "$(printf "\033")" "$1"' _ "$T/out"
export NO_COLOR=
on_tty 200 list
assert "an empty NO_COLOR does not count (no-color.org)" grep -q "$(printf '\033')\[1mref" "$T/out"
done_testing
