#!/bin/bash
# complaint assess: severity, category, impact x urgency -> priority (the
# configured matrix), justified, complex (a same-day call-back), notes;
# re-assessment recorded; refusals change nothing.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann" --channel phone >/dev/null
complaint log --customer "Bob" --channel email >/dev/null

expect 0 "assess prints nothing" complaint assess 1 --severity high --category billing --impact 1 --urgency 2 --justified yes --note "double charge"
assert "stdout is empty" [ ! -s "$T/out" ]
complaint show 1 --format json >"$T/out"
out_has '"status":"assessed"'
out_has '"severity":"high"'
out_has '"category":"billing"'
out_has '"priority":2' "impact 1 x urgency 2 is priority 2"
out_has '"justified":"yes"'
out_has '"assessed":true'
out_has '"callback_due":null' "not complex: no call-back owed"
complaint show 1 >"$T/out"
out_has "double charge"

# Complex at Thursday 15:00: a call-back 4h later, the same day.
expect 0 "complex owes a call-back" env COMPLAINT_NOW=2026-11-19T15:00:00Z "$COMPLAINT_BIN" assess 1 --complex --urgency 3
complaint show 1 --format json >"$T/out"
out_has '"complex":true'
out_has '"callback_due":"2026-11-19T17:00:00Z"'
out_has '"priority":3' "re-assessment recomputes priority"
complaint show 1 >"$T/out"
out_has "reassess"
expect 0 "followup --due lists the call-back" complaint followup --due
out_has "CMP-000001	callback	2026-11-19T17:00:00Z	alice	Ann	"

# Priority only once both impact and urgency are known.
expect 0 "impact alone" complaint assess 2 --impact 3
complaint show 2 --format json >"$T/out"
out_has '"priority":null'
out_has '"impact":3'

# The matrix is configurable.
cat >"$T/c.yaml" <<'YAML'
priority:
  - [5, 5, 5]
  - [5, 5, 5]
  - [5, 5, 1]
YAML
expect 0 "configured matrix" complaint --config "$T/c.yaml" assess 2 --urgency 3
complaint show 2 --format json >"$T/out"
out_has '"priority":1'

complaint log --customer "Cy" --channel phone --resolution "Explained" >/dev/null
db_snapshot
expect 65 "assess a resolved complaint" complaint assess 3 --severity low
err_has "CMP-000003 is resolved; reopen it first"
expect 65 "unknown severity" complaint assess 1 --severity dire
err_has "unknown severity 'dire' (expected one of: low, medium, high, critical)"
expect 65 "unknown category" complaint assess 1 --category weather
err_has "unknown category 'weather' (expected one of: service issue, product defect, billing, delivery, staff conduct)"
expect 65 "impact out of range" complaint assess 1 --impact 4
err_has "invalid impact '4' (expected 1, 2 or 3; 1 is the highest)"
expect 65 "urgency not a number" complaint assess 1 --urgency high
expect 65 "justified garbage" complaint assess 1 --justified maybe
err_has "expected yes, no or unknown"
expect 64 "nothing to assess" complaint assess 1
err_has "nothing to assess"
expect 64 "no reference" complaint assess --severity low
expect 66 "no such complaint" complaint assess 9 --severity low
db_unchanged "refusals left the database as it was"
done_testing
