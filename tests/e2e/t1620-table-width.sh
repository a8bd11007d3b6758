#!/bin/bash
# Tables fit the terminal (SPEC 7), through a pty 80 columns wide: whole
# references, statuses and times, free text cut first; alignment by
# display width (wide CJK, combining marks); a report too wide becomes
# blocks of "name  value" lines; colour marks overdue due times and
# escalated levels, only on a terminal and without NO_COLOR.
. "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	echo "# t1620-table-width: skipped, no script(1)"
	done_testing
fi

# Run "complaint ARGS" on a pty COLS wide: $T/out without the carriage
# returns, $T/plain also without colour.
on_tty() {
	cols=$1
	shift
	script -qec "stty cols $cols; $(printf '%q ' "$COMPLAINT_BIN" "$@")" \
	    /dev/null </dev/null >"$T/raw" 2>"$T/err"
	status=$?
	tr -d '\r' <"$T/raw" >"$T/out"
	sed 's/\x1b\[[0-9;]*m//g' "$T/out" >"$T/plain"
}
# The widest line of $T/plain in terminal columns.
widest() { LC_ALL=C.UTF-8 wc -L <"$T/plain"; }
fits() { assert "$1: every line fits in $2 columns" [ "$(widest)" -le "$2" ]; }

complaint log --customer "王小明 Wang Xiaoming of Beijing" --channel phone --category "service issue" \
    -m "A fairly long summary of the complaint that goes on and on about it" >/dev/null
complaint log --customer "Zoë Ångström-Nakamura" --channel email --category billing -m "Short one" >/dev/null
complaint --as "王小明" ack 1 >/dev/null
complaint --as "Zoë" escalate 2 --to complaint-manager --reason "asked" >/dev/null 2>&1 || echo "# escalate failed"
complaint resolve 2 --resolution "Refunded" >/dev/null
complaint review 2 --lessons "x" --idea "A rather long idea for the management meeting to discuss" >/dev/null

unset NO_COLOR
on_tty 80 list
assert "list on a terminal" [ "$status" -eq 0 ]
fits "list" 80
assert "whole references" grep -q "^CMP-000001 " "$T/plain"
assert "whole statuses" grep -q " acknowledged " "$T/plain"
assert "whole times" grep -q " 2026-11-19 10:00 " "$T/plain"
assert "free text is cut" grep -q "…" "$T/plain"

on_tty 80 review --ideas
fits "review --ideas" 80
assert "review --ideas keeps the reference whole" grep -q " CMP-000002 " "$T/plain"

COMPLAINT_NOW=2026-11-25T10:00:00Z on_tty 80 followup --due
fits "followup --due" 80
assert "followup: whole reference and due time" grep -q "^CMP-000002 .* 2026-11-23 10:00" "$T/plain"
assert "an overdue due time is red" grep -qF "$(printf '\033[31m')2026-11-23 10:00" "$T/out"

COMPLAINT_NOW=2027-02-01T10:00:00Z on_tty 80 report --overdue
fits "report --overdue" 80
assert "report --overdue keeps the kind whole" grep -q "^CMP-000001 .*resolve " "$T/plain"

on_tty 80 list
assert "an escalated level is coloured" grep -qF "$(printf '\033[31m')com" "$T/out"
assert "frontline is not" sh -c '! grep -qF "$(printf "\033[31m")front" "$1"' _ "$T/out"
NO_COLOR=1 on_tty 80 list
assert "NO_COLOR: no colour at all" sh -c '! grep -q "$(printf "\033")" "$1"' _ "$T/out"

# report: too wide for 80 columns, one block of "name  value" per group.
on_tty 80 report --by category
fits "report at 80" 80
assert "report at 80: blocks, one line a metric" grep -q "^received  *1$" "$T/plain"
assert "report at 80: each group names itself" grep -q "^category  *billing$" "$T/plain"
on_tty 300 report --by category
assert "report at 300: one table" grep -q "^category  *received  *open" "$T/plain"
expect 0 "report piped: tsv as ever" complaint report --by category
out_has "category	received	open"

# show: the history's actor column aligned by display width: with the
# account and the action word taken off, every history line is as wide
# as the others.
hist_widths() {
	grep -E '^  [0-9]{4}-' "$T/plain" |
	    sed -E 's/  \(account [^)]*\)$//; s/[a-z]+$//' |
	    while IFS= read -r l; do printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L; done |
	    sort -u | wc -l
}
on_tty 80 show 1
out_has "王小明"
assert "王小明's history lines align with alice's" [ "$(hist_widths)" -eq 1 ]
on_tty 80 show 2
out_has "Zoë"
assert "Zoë's history lines align with alice's" [ "$(hist_widths)" -eq 1 ]
done_testing
