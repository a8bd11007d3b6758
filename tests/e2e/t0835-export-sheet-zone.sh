#!/bin/bash
# People read local time: the spreadsheet layout writes local dates and
# times as the team's sheet had them (a spreadsheet reads them as dates),
# import reads them back as the same instants across summer time, and
# warnings on stderr give local time with its zone. Machine formats stay
# RFC 3339 UTC.
. "$(dirname "$0")/lib.sh"

export COMPLAINT_NOW=2026-12-05T10:00:00Z
# London: GMT in winter, BST (UTC+1) from 29 March 01:00 UTC to
# 25 October 01:00 UTC 2026, when 01:00-02:00 local comes twice.
log_at() { complaint log --customer "$1" --channel phone -m "$1" --received "$2" >/dev/null; }
log_at "Summer" 2026-07-02T16:30:00Z
log_at "Winter" 2026-12-04T16:30:00Z
log_at "Seconds" 2026-07-02T16:30:15Z
log_at "Spring forward" 2026-03-29T01:30:00Z
log_at "First 01:30" 2026-10-25T00:30:00Z
log_at "Second 01:30" 2026-10-25T01:30:00Z
log_at "Midnight" 2026-06-30T23:00:00Z
COMPLAINT_NOW=2026-07-03T08:15:00Z complaint resolve 1 --resolution "Refunded" >/dev/null
complaint resolve 2 --resolution "Refunded" >/dev/null 2>&1

expect 0 "export the spreadsheet layout" complaint export --layout spreadsheet
cp "$T/out" "$T/sheet.csv"
out_has ",2026-07-02 17:30,2026-07-03 09:15,N,Summer," "a summer time is written in BST"
out_has ",2026-12-04 16:30,2026-12-05 10:00,N,Winter," "a winter time is written in GMT"
out_has ",2026-07-02 17:30:15,,N,Seconds," "seconds are kept when there are any"
out_has ",2026-03-29 02:30,,N,Spring forward," "the morning clocks go forward"
out_has ",2026-10-25 01:30,,N,First 01:30," "the first 01:30 when clocks go back"
out_has ",2026-10-25T01:30:00Z,,N,Second 01:30," "the second 01:30 is written exactly"
out_has ",2026-07-01,,N,Midnight," "local midnight is a date alone"
out_lacks "2026-07-02T16:30:00Z" "no UTC time where a local one names it"

expect 0 "import the sheet into a new database" env COMPLAINT_DB="$T/copy.db" "$COMPLAINT_BIN" import "$T/sheet.csv"
err_has "imported 7, skipped 0"
q='SELECT customer, received_at, resolved_at FROM complaint ORDER BY customer'
db_query "$q" >"$T/a"
sqlite3 "$T/copy.db" "$q" >"$T/b"
assert "every instant comes back the same, across summer time" cmp -s "$T/a" "$T/b"
expect 0 "and exports the same sheet again" env COMPLAINT_DB="$T/copy.db" "$COMPLAINT_BIN" export --layout spreadsheet
assert "the round trip gives the same sheet" cmp -s "$T/out" "$T/sheet.csv"

# Machine formats stay UTC.
expect 0 "json stays RFC 3339 UTC" complaint show 1 --format json
out_has '"received_at":"2026-07-02T16:30:00Z"'

# Warnings and errors people read: local time and its zone.
complaint log --customer "Late ack" --channel phone --received 2026-07-01T08:00:00Z >/dev/null
expect 0 "ack late in summer" complaint ack 8
err_has "CMP-000008: acknowledged late (due 2026-07-02 09:00 BST)"
expect 65 "ack again" complaint ack 8
err_has "CMP-000008 was already acknowledged at 2026-12-05 10:00 GMT"
expect 0 "resolve late" complaint resolve 8 --resolution x
err_has "CMP-000008: resolved late (due 2026-08-26 09:00 BST)"
printf 'timezone: America/New_York\n' >"$T/ny.yaml"
complaint --config "$T/ny.yaml" log --customer "New York" --channel phone --received 2026-07-01T13:00:00Z >/dev/null
expect 0 "another configured zone" complaint --config "$T/ny.yaml" ack 9
err_has "CMP-000009: acknowledged late (due 2026-07-02 09:00 EDT)"

done_testing
