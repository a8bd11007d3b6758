#!/bin/bash
# complaint report --trend: counts per week or month; a bar chart for a
# person at a terminal, plain numbers for pipes and with NO_COLOR.
. "$(dirname "$0")/lib.sh"
. "$TESTS_SRCDIR/tests/e2e/report-data.sh"

expect 0 "the data set" report_data

# Received by receipt month, resolved by resolution month: October D
# received; November A B C received, A B D resolved.
expect 0 "--trend month" complaint report --trend month
out_is "month	received	resolved
2026-10	1	0
2026-11	3	3"
# W43 D; W45 A in and out; W46 B in and out; W47 C in, D out.
expect 0 "--trend week" complaint report --trend week
out_is "week	received	resolved
2026-W43	1	0
2026-W45	1	1
2026-W46	1	1
2026-W47	1	1"
expect 0 "--trend month --by category" complaint report --trend month --by category
out_is "month	category	received	resolved
2026-10	billing	1	0
2026-11	billing	2	2
2026-11	delivery	1	1"
expect 0 "--trend with a period" complaint report --trend month --since 2026-11-01
out_is "month	received	resolved
2026-11	3	3"
expect 0 "--trend json" complaint report --trend month --format json
out_has '{"month":"2026-11","received":3,"resolved":3}'

# A terminal: bars of block characters, the longest for the largest
# count (November, 3 of 3), a third as long for October.
if command -v script >/dev/null; then
	export COMPLAINT_BIN
	expect 0 "bars on a terminal" env -u NO_COLOR COLUMNS=80 script -qec '"$COMPLAINT_BIN" report --trend month' /dev/null
	out_has "chart"
	out_has "2026-11"
	assert "November's bar is full width" grep -q "█████████████████████████" "$T/out"
	expect 0 "NO_COLOR on a terminal: plain numbers" env NO_COLOR=1 script -qec '"$COMPLAINT_BIN" report --trend month' /dev/null
	out_lacks "█"
	out_lacks "chart"
	expect 0 "--format table asked for on a terminal: bars too" env -u NO_COLOR script -qec '"$COMPLAINT_BIN" report --trend month --format table' /dev/null
	out_has "█"
	expect 0 "--format tsv on a terminal: plain numbers" env -u NO_COLOR script -qec '"$COMPLAINT_BIN" report --trend month --format tsv' /dev/null
	out_lacks "█"
fi
expect 0 "--format table piped: no chart" complaint report --trend month --format table
out_lacks "█"
expect 0 "piped: no chart" complaint report --trend week
out_lacks "█"

db_snapshot
expect 64 "unknown trend" complaint report --trend day
err_has "unknown trend 'day' (expected week or month)"
expect 64 "--trend by a period" complaint report --trend month --by week
expect 64 "--trend by two fields" complaint report --trend month --by owner,channel
db_unchanged

done_testing
