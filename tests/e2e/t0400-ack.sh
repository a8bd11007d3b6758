#!/bin/bash
# complaint ack: the acknowledgement recorded in time or late, the text
# from the template on stdout, and every refusal leaving the database as
# it was.
. "$(dirname "$0")/lib.sh"

# Thursday 2026-11-19 10:00: acknowledgement due Friday 10:00.
complaint log --customer "Ann Smith" --channel phone -m "Late parcel" >/dev/null
complaint log --customer "Bob" --channel email >/dev/null
complaint log --customer "Cy" --channel web >/dev/null

expect 0 "ack prints the acknowledgement" env COMPLAINT_NOW=2026-11-20T09:00:00Z "$COMPLAINT_BIN" ack CMP-000001 --via email
out_has "Dear Ann Smith,"
out_has "reference CMP-000001"
out_has "alice is responsible for your complaint"
out_has "resolved it by 2027-01-14"
out_has "Acme Ltd"
assert "nothing on stderr when in time" [ ! -s "$T/err" ]
complaint show 1 --format json >"$T/out"
out_has '"status":"acknowledged"'
out_has '"acknowledged_at":"2026-11-20T09:00:00Z"'
out_has '"ack_via":"email"'
complaint show 1 >"$T/out"
out_has "acknowledged in time"

expect 0 "ack after the deadline warns" env COMPLAINT_NOW=2026-11-20T11:00:00Z "$COMPLAINT_BIN" ack 2 --eta 2026-12-01
err_has "CMP-000002: acknowledged late (due 2026-11-20 10:00 GMT)"
out_has "Dear Bob,"
out_has "resolved it by 2026-12-01" "the estimate given replaces the deadline in the text"
complaint show 2 --format json >"$T/out"
out_has '"eta":"2026-12-01T00:00:00Z"'
complaint show 2 >"$T/out"
out_has "acknowledged late"

# {eta} falls back to the resolution deadline; a template may use it.
cat >"$T/c.yaml" <<'YAML'
templates:
  acknowledgement: "{ref} for {customer}, by {eta}, from {agent} of {organisation}\n"
YAML
expect 0 "ack with a configured template" complaint --config "$T/c.yaml" --as bob ack cmp-3
out_is "CMP-000003 for Cy, by 2027-01-14, from bob of Acme Ltd"
complaint show 3 >"$T/out"
out_has "bob"

# An assessed complaint that was never acknowledged keeps its status.
complaint log --customer "Di" --channel letter >/dev/null
complaint assess 4 --severity low >/dev/null
expect 0 "ack an assessed complaint" complaint ack 4
complaint show 4 --format json >"$T/out"
out_has '"status":"assessed"'
out_has '"acknowledged_at":"2026-11-19T10:00:00Z"'

db_snapshot
expect 65 "ack twice" complaint ack 1
err_has "CMP-000001 was already acknowledged at 2026-11-20 09:00 GMT; record later messages with 'complaint note'"
complaint log --customer "Ed" --channel phone --resolution "Refunded" >/dev/null
db_snapshot
expect 65 "ack a resolved complaint" complaint ack 5
err_has "complaint: CMP-000005 is resolved; reopen it first"
expect 65 "unknown channel" complaint ack 3 --via pigeon
err_has "unknown channel 'pigeon' (expected one of: phone, chat, email"
expect 65 "eta in the past" complaint ack 3 --eta 2026-11-01
err_has "is in the past"
err_has "(expected a time after now)"
expect 65 "eta unparseable" complaint ack 3 --eta soon
expect 66 "no such complaint" complaint ack 99
err_has "no complaint 'CMP-000099'"
expect 65 "malformed reference" complaint ack XYZ-1
expect 64 "no reference" complaint ack
err_has "a reference is required"
expect 64 "two references" complaint ack 1 2
expect 64 "unknown option" complaint ack 1 --later
db_unchanged "refusals left the database as it was"
done_testing
