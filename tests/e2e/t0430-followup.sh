#!/bin/bash
# complaint followup: outcomes on resolved complaints (satisfied closes,
# unsatisfied reopens, no answer tries again and closes after the
# configured attempts), call-backs on open ones, the owed list for cron
# (--due, --overdue, --owner, --exit-code), the call script, refusals.
. "$(dirname "$0")/lib.sh"

# Nothing owed yet: exit 0 even with --exit-code, and no lone header.
empty_db
expect 0 "nothing due" complaint followup --due --exit-code
assert "nothing due prints nothing" [ ! -s "$T/out" ]

complaint log --customer "Ann" --channel phone -m "Broken kettle" >/dev/null
complaint --as bob log --customer "Bob" --channel email >/dev/null
complaint log --customer "Cy" --channel web >/dev/null
complaint log --customer "Di" --channel phone >/dev/null
complaint log --customer "Ed" --channel phone --resolution "Sorted" >/dev/null
# Thursday 10:00: resolved; follow-ups due Monday 10:00.
complaint resolve 1 --resolution "New kettle sent" --remedy replacement >/dev/null
complaint resolve 2 --resolution "Refund" --amount 20 >/dev/null
complaint resolve 3 --resolution "Explained" >/dev/null
complaint assess 4 --complex >/dev/null

expect 0 "--due today: the call-back only" complaint followup --due
out_is "ref	kind	due	owner	customer	attempts
CMP-000004	callback	2026-11-19T17:00:00Z	alice	Di	"
expect 1 "--exit-code when something is due" complaint followup --due --exit-code
out_is "ref	kind	due	owner	customer	attempts
CMP-000004	callback	2026-11-19T17:00:00Z	alice	Di	" "--exit-code prints the rows"
expect 0 "--overdue: nothing before now" complaint followup --overdue --exit-code

# Monday 2026-11-23 12:00: everything is overdue; first contact owes none.
export COMPLAINT_NOW=2026-11-23T12:00:00Z
expect 1 "--overdue --exit-code" complaint followup --overdue --exit-code
out_is "ref	kind	due	owner	customer	attempts
CMP-000004	callback	2026-11-19T17:00:00Z	alice	Di	
CMP-000001	followup	2026-11-23T10:00:00Z	alice	Ann	0
CMP-000002	followup	2026-11-23T10:00:00Z	bob	Bob	0
CMP-000003	followup	2026-11-23T10:00:00Z	alice	Cy	0"
expect 0 "--owner" complaint followup --due --owner bob
out_is "ref	kind	due	owner	customer	attempts
CMP-000002	followup	2026-11-23T10:00:00Z	bob	Bob	0"
expect 0 "--format json" complaint followup --due --owner bob --format json
out_is '[
{"ref":"CMP-000002","kind":"followup","due":"2026-11-23T10:00:00Z","owner":"bob","customer":"Bob","attempts":0}
]'

expect 0 "the call script" complaint --as carol followup 1 --script
out_has "Hello, my name is carol calling from Acme Ltd about your complaint CMP-000001."
out_has "May I speak to Ann?"
out_has "New kettle sent"

expect 0 "satisfied closes" complaint followup 1 --outcome satisfied --note "Kettle works"
assert "prints nothing" [ ! -s "$T/out" ]
complaint show 1 --format json >"$T/out"
out_has '"status":"closed"'
out_has '"closed_at":"2026-11-23T12:00:00Z"'
out_has '"satisfied":"yes"'
out_has '"followup_due":null'
complaint show 1 >"$T/out"
out_has "satisfied: Kettle works"

expect 0 "unsatisfied reopens" complaint followup 2 --outcome unsatisfied
err_has "CMP-000002 reopened: the customer is not satisfied; owner bob to act"
complaint show 2 --format json >"$T/out"
out_has '"status":"new"' "never assessed: back to new"
out_has '"resolved_at":null'
out_has '"satisfied":"no"'
out_has '"contacts":2'
out_has '"followup_due":null'

# No answer: the next attempt 2bd later, closed after the third.
expect 0 "no answer 1" complaint followup 3 --outcome no-answer
complaint show 3 --format json >"$T/out"
out_has '"status":"resolved"'
out_has '"followup_attempts":1'
out_has '"followup_due":"2026-11-25T12:00:00Z"'
expect 0 "no answer 2" env COMPLAINT_NOW=2026-11-25T12:00:00Z "$COMPLAINT_BIN" followup 3 --outcome no-answer
expect 0 "attempts show in the list" env COMPLAINT_NOW=2026-11-27T12:00:00Z "$COMPLAINT_BIN" followup --due
out_has "CMP-000003	followup	2026-11-27T12:00:00Z	alice	Cy	2"
expect 0 "no answer 3 closes" env COMPLAINT_NOW=2026-11-27T12:00:00Z "$COMPLAINT_BIN" followup 3 --outcome no-answer
err_has "CMP-000003 closed after 3 unanswered calls"
complaint show 3 --format json >"$T/out"
out_has '"status":"closed"'
out_has '"satisfied":null'
out_has '"followup_due":null'

# The attempts are configurable.
printf 'deadlines:\n  followup_attempts: 1\n' >"$T/c.yaml"
complaint log --customer "Fay" --channel phone >/dev/null
complaint resolve 6 --resolution x >/dev/null
expect 0 "one attempt configured" complaint --config "$T/c.yaml" followup 6 --outcome no-answer
complaint show 6 --format json >"$T/out"
out_has '"status":"closed"'

# On an open complaint: an unanswered call leaves the call-back owed,
# an answered one settles it; the status stays.
expect 0 "call-back not answered" complaint followup 4 --outcome no-answer
complaint show 4 --format json >"$T/out"
out_has '"callback_due":"2026-11-19T17:00:00Z"'
expect 0 "call-back answered" complaint followup 4 --outcome satisfied --note "told them the plan"
complaint show 4 --format json >"$T/out"
out_has '"callback_due":null'
out_has '"status":"assessed"'
complaint show 4 >"$T/out"
out_has "callback"
expect 0 "nothing left owed" complaint followup --overdue --exit-code

# The sweep only reads: it runs while another writer holds the database
# (busy_timeout 0 would make a writer give up at once).
printf 'busy_timeout: 0\n' >"$T/nowait.yaml"
hold_lock
expect 0 "--due while another writer holds the database" complaint --config "$T/nowait.yaml" followup --due
expect 75 "a call waits for the writer, and gives up" complaint --config "$T/nowait.yaml" followup 2 --outcome satisfied
release_lock

db_snapshot
expect 65 "followup on a closed complaint" complaint followup 1 --outcome satisfied
err_has "complaint: CMP-000001 is closed; reopen it first"
expect 65 "script for a closed complaint" complaint followup 1 --script
expect 65 "unknown outcome" complaint followup 2 --outcome happy
err_has "unknown outcome 'happy' (expected satisfied, unsatisfied or no-answer)"
expect 66 "no such complaint" complaint followup 77 --outcome satisfied
expect 64 "nothing asked" complaint followup
err_has "give REF --outcome OUTCOME, REF --script, or --due"
expect 64 "REF without --outcome" complaint followup 2
err_has "--outcome is required"
expect 64 "--due with a REF" complaint followup 2 --due
expect 64 "--exit-code without --due" complaint followup --exit-code
expect 64 "--owner without --due" complaint followup 2 --outcome satisfied --owner bob
expect 64 "--script with --outcome" complaint followup 2 --script --outcome satisfied
expect 64 "unknown format" complaint followup --due --format xml
db_unchanged "refusals left the database as it was"
done_testing
