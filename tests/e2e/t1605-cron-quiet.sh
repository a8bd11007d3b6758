#!/bin/bash
# Cron-quiet listings (SPEC 7): a listing with no rows prints nothing to a
# non-terminal, on every listing command; --exit-code prints the rows and
# exits 1 when there are any; the README's cron lines are silent on a
# quiet day.
. "$(dirname "$0")/lib.sh"

quiet() {
	expect 0 "empty: $*" complaint "$@"
	assert "empty: $* prints nothing" [ ! -s "$T/out" ]
	assert "empty: $* says nothing on stderr" [ ! -s "$T/err" ]
}

# An empty database (a command that only reads never creates one).
empty_db
for f in tsv csv; do
	quiet list --format $f
	quiet list --overdue --format $f
	quiet followup --due --format $f
	quiet followup --overdue --format $f
	quiet review --pending --format $f
	quiet review --ideas --format $f
	quiet review --spikes --format $f
	quiet report --overdue --format $f
done
quiet export --format csv
quiet list
quiet escalate --auto
quiet export --format ndjson
quiet export --layout spreadsheet
expect 0 "json keeps its empty array" complaint list --format json
out_is "[]"

# Something on the books that is not yet due or overdue.
complaint log --customer Ann --channel phone -m "Late parcel" >/dev/null
quiet list --overdue
quiet followup --overdue
quiet report --overdue
quiet escalate --auto
expect 0 "--exit-code: nothing overdue" complaint list --overdue --exit-code
assert "nothing printed" [ ! -s "$T/out" ]

# The README's cron lines, run as cron would (sh -c), on this quiet day.
sed -n '/^## Cron/,/^## /p' "$TESTS_SRCDIR/README.md" |
    sed -n 's/^    [0-9*][^ ]* [^ ]* [^ ]* [^ ]* [^ ]* *//p' >cron.txt
assert "the README has cron lines" [ "$(wc -l <cron.txt)" -ge 3 ]
while IFS= read -r line; do
	PATH="$(dirname "$COMPLAINT_BIN"):$PATH" run sh -c "$line"
	assert "README cron line exits 0 on a quiet day: $line" \
	    [ "$status" -eq 0 ]
	assert "README cron line is silent on a quiet day: $line" \
	    [ ! -s "$T/out" ]
	assert "README cron line says nothing on stderr: $line" \
	    [ ! -s "$T/err" ]
done <cron.txt

# Weeks later the acknowledgement is overdue: rows, and 1 with --exit-code.
export COMPLAINT_NOW=2026-11-30T10:00:00Z
expect 1 "list --overdue --exit-code with rows" complaint list --overdue --exit-code
out_has "ref	status	received_at"
out_has "CMP-000001	new"
expect 0 "list --overdue without --exit-code" complaint list --overdue
out_has "CMP-000001	new"
expect 1 "report --overdue --exit-code with rows" complaint report --overdue --exit-code
out_has "CMP-000001	ack"

expect 0 "completion offers list --exit-code (the options come from the binary)" complaint list --list-options
out_has "--exit-code"

db_snapshot
expect 64 "list --exit-code needs --overdue" complaint list --exit-code
err_has "--exit-code goes with --overdue"
db_unchanged
done_testing
