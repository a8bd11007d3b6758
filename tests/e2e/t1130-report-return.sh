#!/bin/bash
# complaint report --return fca: the FCA complaints return as in force
# (DISP 1.10, DISP 1 Annex 1R): opened, outstanding at the start as it
# then stood, closed by close of business on the third business day after
# the day of receipt, after that within eight weeks, after eight weeks;
# upheld and redress; rows by the FCA's product groups and causes mapped
# in returns.fca; the nil return; the return as at its period's end,
# the same when produced again after later reopenings.
. "$(dirname "$0")/lib.sh"

cat >config.yaml <<'EOF'
timezone: Europe/London
calendar:
  holidays: ["2026-12-25", "2026-12-28"]
categories: [billing, delivery]
returns:
  fca:
    products: {billing: "Banking and credit cards"}
    causes: {"Courier packaging": "Delays/timescales"}
EOF
export COMPLAINT_CONFIG="$T/config.yaml"

# at TIME CMD...: the command as done at TIME (London is UTC in winter).
at() { t=$1; shift; COMPLAINT_NOW=$t complaint "$@" >/dev/null 2>&1; }
logged() { at "$1" log --customer "$2" --channel phone --category "$3" --received "$1"; }
resolved() { t=$1 ref=$2; shift 2; at "$t" resolve "$ref" --resolution Done "$@"; }

# Every step in the order it happened (A..H are CMP-000001..8):
#  A rec Mon 10-19 09:00, resolved Wed 11-04 12:00: open at the start
#    of November, closed in it after 3 business days
#  B rec Mon 10-19 09:00, resolved Tue 10-20 12:00, reopened Thu 11-05,
#    resolved again Fri 11-06 12:00: resolved at the start of November
#    (not outstanding), closed in it, 18 days after receipt
#  C rec Mon 11-02 09:00, resolved Mon 12-28 09:00: eight weeks exactly
#  D rec Mon 11-02 09:00, resolved 12-28 09:01: over eight weeks; upheld
#    5.00, root cause Staff error (not mapped)
#  E rec Fri 11-06 16:59, resolved Wed 11-11 17:00: close of business on
#    the third business day after the day of receipt, to the minute;
#    upheld 10.00, root cause Courier packaging (Delays/timescales)
#  F rec Fri 11-06 17:01 (after closing: the days still count from the
#    day after), resolved Wed 11-11 17:01: a minute late for the band
#  G rec Mon 11-09 09:00, still open
#  H rec Thu 12-24 10:00 (delivery), resolved Thu 12-31 16:00: the bank
#    holidays 12-25 and 12-28 do not count (Tue, Wed, Thu)
history_to_november() {
	logged 2026-10-19T09:00:00Z A billing &&
	logged 2026-10-19T09:00:00Z B billing &&
	resolved 2026-10-20T12:00:00Z 2 &&
	logged 2026-11-02T09:00:00Z C billing &&
	logged 2026-11-02T09:00:00Z D billing &&
	resolved 2026-11-04T12:00:00Z 1 &&
	at 2026-11-05T10:00:00Z reopen 2 --reason "Not what was agreed" &&
	resolved 2026-11-06T12:00:00Z 2 &&
	logged 2026-11-06T16:59:00Z E billing &&
	logged 2026-11-06T17:01:00Z F billing &&
	logged 2026-11-09T09:00:00Z G billing &&
	resolved 2026-11-11T17:00:00Z 5 --justified yes --amount 10 \
	    --root-cause "Courier packaging" &&
	resolved 2026-11-11T17:01:00Z 6 --justified no
}
history_to_december() {
	logged 2026-12-24T10:00:00Z H delivery &&
	resolved 2026-12-28T09:00:00Z 3 &&
	resolved 2026-12-28T09:01:00Z 4 --justified yes --amount 5 \
	    --root-cause "Staff error" &&
	resolved 2026-12-31T16:00:00Z 8
}

expect 0 "the history up to 20 November" history_to_november
# What a manager saw that night, to compare with --as-of below.
COMPLAINT_NOW=2026-11-20T00:00:00Z complaint report --by category >seen-report
COMPLAINT_NOW=2026-11-20T00:00:00Z complaint report --trend month --by category >seen-trend
COMPLAINT_NOW=2026-11-20T00:00:00Z complaint report --by status --since 2026-11-01 --until 2026-11-19 >seen-period
expect 0 "the history of December" history_to_december

H='product	cause	opened	outstanding_at_start	closed	closed_3bd	closed_3bd_8w	closed_over_8w	upheld	upheld_pct	redress'
# Banking (billing), no cause: opened C F G; outstanding A (open on
# 11-01), not B (resolved then, reopened later); closed A B C F, all
# after 3 business days within 8 weeks. Totals: opened 6, closed 7,
# 2 in 3 business days (E H), 4 within 8 weeks, 1 over (D); upheld
# D E of 7: 28.6; 15.00.
P="--since 2026-11-01 --until 2026-12-31"
filed_want="$H
Banking and credit cards	Delays/timescales	1	0	1	1	0	0	1	100.0	10.00
Banking and credit cards	Staff error	1	0	1	0	0	1	1	100.0	5.00
Banking and credit cards		3	1	4	0	4	0	0	0.0	0.00
delivery		1	0	1	1	0	0	0	0.0	0.00
total		6	1	7	2	4	1	2	28.6	15.00"
COMPLAINT_NOW=2027-01-05T10:00:00Z
# shellcheck disable=SC2086
expect 0 "the return for November and December" complaint report --return fca $P
out_is "$filed_want"
cp "$T/out" filed

# Later: E (closed in the period) is reopened, G (open) resolved, and a
# complaint received in December is logged in January.
at 2027-01-10T10:00:00Z reopen 5 --reason "Appeal"
resolved 2027-01-10T11:00:00Z 7
at 2027-01-10T12:00:00Z log --customer I --channel phone --category billing --received 2026-12-15T10:00:00Z
COMPLAINT_NOW=2027-01-11T10:00:00Z
# shellcheck disable=SC2086
expect 0 "the same return produced again after reopenings" complaint report --return fca $P
assert "byte-identical to the one filed" cmp -s filed "$T/out"
# shellcheck disable=SC2086
expect 0 "--as-of now: the records as they stand" complaint report --return fca $P --as-of 2027-01-11T10:00:00Z
out_has "Banking and credit cards	Delays/timescales	1	0	0	0	0	0	0		0.00" "E reopened is no longer closed"
out_has "total		7	1	6	1	4	1	1	16.7	5.00" "I is opened, E not closed"

# Outstanding at the start of December: G (open), C D (open); not A B
# E F (resolved in November). H opened.
expect 0 "a month: outstanding judged at its start" complaint report --return fca --since 2026-12-01 --until 2026-12-31
out_has "total		1	3	3	1	1	1	1	33.3	5.00"

expect 0 "a nil return: nothing in the period" complaint report --return fca --period 2026H1
out_is "$H
total		0	0	0	0	0	0	0		0.00"
expect 0 "the nil return in json" complaint report --return fca --period 2026H1 --format json
out_is '[
{"product":"total","cause":null,"opened":0,"outstanding_at_start":0,"closed":0,"closed_3bd":0,"closed_3bd_8w":0,"closed_over_8w":0,"upheld":0,"upheld_pct":null,"redress":0.00}
]'

# --as-of: every figure as the records stood on the night of 11-20,
# replayed from the history, equals what report printed that night.
expect 0 "report --as-of" complaint report --by category --as-of 2026-11-20T00:00:00Z
assert "equals the live report of that instant" cmp -s seen-report "$T/out"
expect 0 "report --trend --as-of" complaint report --trend month --by category --as-of 2026-11-20T00:00:00Z
assert "equals the live trend of that instant" cmp -s seen-trend "$T/out"
expect 0 "report --by status, a period, --as-of" complaint report --by status --since 2026-11-01 --until 2026-11-19 --as-of 2026-11-20T00:00:00Z
assert "equals the live period of that instant" cmp -s seen-period "$T/out"
expect 0 "--as-of a date is the end of that day" complaint report --by category --as-of 2026-11-19
assert "the same as midnight after it" cmp -s seen-report "$T/out"
expect 0 "--as-of before anything was recorded" complaint report --as-of 2026-01-01
out_has "0	0	0$(printf '\t%.0s' 1 2 3 4 5 6 7 8 9 10)0.00" "nothing counted"

db_snapshot
expect 64 "no period" complaint report --return fca
err_has "--return fca needs a period"
expect 64 "--since alone" complaint report --return fca --since 2026-01-01
expect 64 "both a period and --since" complaint report --return fca --period 2026H1 --since 2026-01-01
expect 64 "unknown return" complaint report --return sec --period 2026H1
err_has "unknown return 'sec' (expected fca or asic-idr)"
expect 64 "no --by" complaint report --return fca --period 2026H1 --by owner
expect 65 "a bad half-year" complaint report --return fca --period 2026H3
err_has "invalid period '2026H3' (expected a half-year such as 2026H1 or 2026H2)"
expect 64 "--as-of with --overdue" complaint report --overdue --as-of 2026-11-20
err_has "--as-of replays the counts"
expect 65 "a bad --as-of" complaint report --as-of yesterday-ish
err_has "invalid time 'yesterday-ish'"
db_unchanged

# returns: in the configuration, strictly read, shown as read.
expect 0 "the mappings are shown as read" complaint config show
out_has '      billing: Banking and credit cards'
out_has '      Courier packaging: Delays/timescales'
printf 'returns:\n  fca:\n    products: [billing]\n    vulnerability: maybe\n    other: 1\n' >bad.yaml
expect 78 "bad returns keys" complaint --config bad.yaml config check
err_has "bad.yaml:3:15: 'returns.fca.products' must be a mapping, not a list"
err_has "bad.yaml:4:20: invalid value 'maybe' for 'returns.fca.vulnerability' (expected true or false)"
err_has "bad.yaml:5:5: unknown key 'other' in 'returns.fca' (expected one of: products, causes, vulnerability)"

done_testing
