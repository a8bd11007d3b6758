#!/bin/bash
# complaint report: the SPEC 6 metrics over a small data set worked out
# by hand, for the whole record, a period and every --by, in every
# format; and every refusal.
. "$(dirname "$0")/lib.sh"
. "$TESTS_SRCDIR/tests/e2e/report-data.sh"

H='received	open	resolved	fcr_pct	ack_in_time_pct	resolved_in_time_pct	median_ack_hours	median_resolve_days	escalated_pct	upheld_pct	repeat_pct	satisfied_pct	redress'

empty_db
expect 0 "an empty database reports one row of zeros" complaint report
out_is "$H
0	0	0$(printf '\t%.0s' 1 2 3 4 5 6 7 8 9 10)0.00" "empty percentages and medians are empty, not 0"

expect 0 "the data set" report_data

# Whole record. received 4; open C; resolved A B D. fcr B: 1/4 = 25.0.
# Acknowledged A B D, all in time; ack hours 2 0 1: median 1.0. Resolved
# in time 3/3; days 3 0 29: median 3.0. Nothing escalated or repeated.
# Upheld A of A B D: 33.3. Followed up A, satisfied: 100.0. Redress
# 12.50 + 100.00 = 112.50.
expect 0 "whole record" complaint report
out_is "$H
4	1	3	25.0	100.0	100.0	1.0	3.0	0.0	33.3	0.0	100.0	112.50"

# November: received A B C; resolved still A B D (D received in October
# but resolved 11-18). fcr 1/3; acked A B: hours 0 2, median 1.0.
expect 0 "--since and --until (a date includes its whole day)" complaint report --since 2026-11-01 --until 2026-11-30
out_is "$H
3	1	3	33.3	100.0	100.0	1.0	3.0	0.0	33.3	0.0	100.0	112.50"
# Until the 15th: received A B, resolved A B (D's resolution is later).
expect 0 "--until takes the whole day and no more" complaint report --since 2026-11-01 --until 2026-11-15
out_has "2	0	2	50.0" "C received on the 16th is outside"

# billing A C D: open C; resolved A D (days 3 29: 16.0, ack 2 1: 1.5),
# upheld A 1/2. delivery B.
expect 0 "--by category" complaint report --by category
out_is "category	$H
billing	3	1	2	0.0	100.0	100.0	1.5	16.0	0.0	50.0	0.0	100.0	112.50
delivery	1	0	1	100.0	100.0	100.0	0.0	0.0	0.0	0.0	0.0		0.00"

# October: D received (acked in 1h), nothing resolved. November: received
# A B C, resolved A B D, as the November period above.
expect 0 "--by month groups received by receipt, resolved by resolution" complaint report --by month
out_is "month	$H
2026-10	1	0	0	0.0	100.0		1.0		0.0		0.0		0.00
2026-11	3	1	3	33.3	100.0	100.0	1.0	3.0	0.0	33.3	0.0	100.0	112.50"

# W43 D received; W45 A received and resolved; W46 B both; W47 C received
# and D resolved (29 days, 100.00, not upheld).
expect 0 "--by week" complaint report --by week
out_is "week	$H
2026-W43	1	0	0	0.0	100.0		1.0		0.0		0.0		0.00
2026-W45	1	0	1	0.0	100.0	100.0	2.0	3.0	0.0	100.0	0.0	100.0	12.50
2026-W46	1	0	1	100.0	100.0	100.0	0.0	0.0	0.0	0.0	0.0		0.00
2026-W47	1	1	1	0.0		100.0		29.0	0.0	0.0	0.0		100.00"

expect 0 "--by a pair" complaint report --by channel,category
out_is "channel	category	$H
chat	billing	1	1	0	0.0					0.0		0.0		0.00
email	delivery	1	0	1	100.0	100.0	100.0	0.0	0.0	0.0	0.0	0.0		0.00
phone	billing	2	0	2	0.0	100.0	100.0	1.5	16.0	0.0	50.0	0.0	100.0	112.50"

# Every dimension: its column first; fields nobody set group as empty.
for by in category channel department owner severity level status root-cause week month; do
	col=$(printf '%s' "$by" | tr - _)
	expect 0 "--by $by" complaint report --by "$by"
	assert "--by $by starts with its column" [ "$(head -n 1 "$T/out" | cut -f 1)" = "$col" ]
	assert "--by $by counts every complaint once" [ "$(awk -F'\t' 'NR > 1 { n += $2 } END { print n }' "$T/out")" = 4 ]
done
expect 0 "--by department: none set, one empty group" complaint report --by department
out_has "	4	1	3	25.0"
expect 0 "--by level names the level" complaint report --by level
out_has "frontline	4"
expect 0 "--by status in lifecycle order" complaint report --by status
assert "new before resolved" [ "$(cut -f 1 "$T/out" | tr '\n' ' ')" = "status new resolved " ]

# Formats.
expect 0 "json" complaint report --by category --format json
out_has '{"category":"delivery","received":1,"open":0,"resolved":1,"fcr_pct":100.0,"ack_in_time_pct":100.0,"resolved_in_time_pct":100.0,"median_ack_hours":0.0,"median_resolve_days":0.0,"escalated_pct":0.0,"upheld_pct":0.0,"repeat_pct":0.0,"satisfied_pct":null,"redress":0.00}' "an empty denominator is null in JSON"
assert "json is an array of two objects" [ "$(grep -c '^{' "$T/out")" = 2 ]
if command -v jq >/dev/null; then
	assert "jq reads it" sh -c 'jq -e ".[0].redress == 112.5" "$0"' "$T/out"
fi
expect 0 "ndjson" complaint report --format ndjson
out_is '{"received":4,"open":1,"resolved":3,"fcr_pct":25.0,"ack_in_time_pct":100.0,"resolved_in_time_pct":100.0,"median_ack_hours":1.0,"median_resolve_days":3.0,"escalated_pct":0.0,"upheld_pct":33.3,"repeat_pct":0.0,"satisfied_pct":100.0,"redress":112.50}'
expect 0 "csv" complaint report --by category --format csv
out_has "category,received,open,resolved,fcr_pct"
out_has "delivery,1,0,1,100.0,100.0,100.0,0.0,0.0,0.0,0.0,0.0,,0.00"
expect 0 "markdown" complaint report --by category --format markdown
out_has "| category | received | open |"
out_has "| delivery |"
assert "markdown: header, rule, two rows" [ "$(grep -c '^|' "$T/out")" = 4 ]
expect 0 "table" complaint report --by category --format table
out_has "category  received"
out_has "billing"

# Refusals: usage 64, bad values 65; the database is never touched.
db_snapshot
expect 64 "unknown --by field" complaint report --by year
err_has "unknown field 'year' for --by (expected category, channel"
expect 64 "three --by fields" complaint report --by category,channel,owner
err_has "at most two fields"
expect 64 "the same field twice" complaint report --by owner,owner
expect 64 "unknown format" complaint report --format xml
err_has "ndjson, markdown, html)"
expect 64 "--exit-code alone" complaint report --exit-code
err_has "--exit-code goes with --overdue"
expect 64 "--period without --return" complaint report --period 2026H1
expect 64 "two reports at once" complaint report --overdue --trend week
expect 64 "--overdue takes no period" complaint report --overdue --since 2026-11-01
expect 64 "an argument" complaint report category
err_has "unexpected argument 'category'"
expect 65 "a bad time" complaint report --since yesterday-ish
expect 65 "a bad --until" complaint report --until 2026-13-01
db_unchanged "reports and refusals leave the database as it was"

done_testing
