#!/bin/bash
# complaint resolve: resolution, remedy, exact amounts, justified, root
# cause; the follow-up owed 2 business days later across weekends and
# holidays; late resolution after the 8-week deadline; refusals.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann" --channel phone >/dev/null
complaint log --customer "Bob" --channel email >/dev/null
complaint log --customer "Cy" --channel web >/dev/null
complaint assess 3 --complex >/dev/null

# Thursday 2026-12-24 10:00: Friday 25th and Monday 28th are holidays,
# so 2bd later is Wednesday 30th 10:00.
expect 0 "resolve prints the letter" env COMPLAINT_NOW=2026-12-24T10:00:00Z "$COMPLAINT_BIN" resolve 1 --resolution "Refunded the charge" --remedy refund --amount 12.5 --justified yes --root-cause "billing error"
out_has "This letter is our final response." "resolve prints the final response (SPEC 5)"
assert "stderr is empty" [ ! -s "$T/err" ]
complaint show 1 --format json >"$T/out"
out_has '"status":"resolved"'
out_has '"resolved_at":"2026-12-24T10:00:00Z"'
out_has '"resolution":"Refunded the charge"'
out_has '"remedy":"refund"'
out_has '"amount":12.50'
out_has '"justified":"yes"'
out_has '"root_cause":"billing error"'
out_has '"followup_due":"2026-12-30T10:00:00Z"' "follow-up skips the weekend and both holidays"
out_has '"followup_attempts":0'

# Friday 16:00 + 2bd = Tuesday 16:00.
expect 0 "resolve on a Friday afternoon" env COMPLAINT_NOW=2026-11-20T16:00:00Z "$COMPLAINT_BIN" resolve 2 --resolution "Explained the policy" --amount 0.05
complaint show 2 --format json >"$T/out"
out_has '"followup_due":"2026-11-24T16:00:00Z"'
out_has '"amount":0.05'

# After the 8-week deadline (2027-01-14 10:00): resolved, with a warning.
expect 0 "late resolution warns" env COMPLAINT_NOW=2027-01-15T09:00:00Z "$COMPLAINT_BIN" resolve 3 --resolution "Replaced" --remedy replacement
err_has "CMP-000003: resolved late (due 2027-01-14 10:00 GMT)"
complaint show 3 --format json >"$T/out"
out_has '"callback_due":null' "resolution settles the owed call-back"

complaint log --customer "Di" --channel phone >/dev/null
db_snapshot
expect 65 "resolve twice" complaint resolve 1 --resolution again
err_has "complaint: CMP-000001 is resolved; reopen it first"
expect 65 "negative amount" complaint resolve 4 --resolution x --amount -5
err_has "invalid amount '-5'"
expect 65 "three decimals" complaint resolve 4 --resolution x --amount 1.234
expect 65 "garbage amount" complaint resolve 4 --resolution x --amount 12,50
expect 65 "amount with a currency" complaint resolve 4 --resolution x --amount '£5'
expect 65 "unknown remedy" complaint resolve 4 --resolution x --remedy hug
err_has "unknown remedy 'hug' (expected one of: refund, replacement, discount, apology, explanation, none)"
expect 65 "justified unknown is not a verdict" complaint resolve 4 --resolution x --justified unknown
err_has "expected yes or no"
expect 65 "empty resolution" complaint resolve 4 --resolution "  "
err_has "the resolution is empty; describe it with --resolution TEXT"
expect 64 "missing --resolution" complaint resolve 4
err_has "--resolution is required"
expect 64 "no reference" complaint resolve --resolution x
expect 66 "no such complaint" complaint resolve 42 --resolution x
db_unchanged "refusals left the database as it was"
search_index_ok
done_testing
