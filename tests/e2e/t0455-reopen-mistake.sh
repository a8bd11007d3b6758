#!/bin/bash
# complaint reopen --mistake: a resolution recorded in error undone: no
# contact, the resolution leaves the current state, owed calls return.
. "$(dirname "$0")/lib.sh"

complaint log --customer Ann --channel phone -m one >/dev/null
complaint assess 1 --complex >/dev/null
complaint resolve 1 --resolution "Wrong one" --remedy refund --amount 12.50 --root-cause billing >/dev/null
complaint log --customer Bo --channel phone -m two >/dev/null

expect 0 "undo the resolution" complaint reopen 1 --mistake --reason "Resolved the wrong complaint"
complaint show 1 --format json >"$T/out"
out_has '"status":"assessed"'
out_has '"contacts":1' "no contact counted"
out_has '"resolution":null'
out_has '"remedy":null'
out_has '"amount":null'
out_has '"root_cause":null'
out_has '"resolved_at":null'
out_has '"callback_due":"2026-11-19T17:00:00Z"' "the call-back owed before is owed again"
out_has '"followup_due":null' "no follow-up of a resolution that never was"
complaint show 1 >"$T/out"
out_has "resolution: Wrong one -> -" "the history keeps the resolution"
out_has "Resolved the wrong complaint"
expect 0 "owed again in followup --due" complaint followup --due
out_has "CMP-000001	callback"
expect 0 "report: not a repeat" complaint report --format json
out_has '"repeat_pct":0'
expect 0 "export carries no resolution" complaint export --format csv
out_lacks "Wrong one"

complaint resolve 1 --resolution Right >/dev/null
expect 0 "a plain reopen stays an appeal" complaint reopen 1 --reason "Appeal"
complaint show 1 --format json >"$T/out"
out_has '"contacts":2'
out_has '"resolution":"Right"'

db_snapshot
expect 65 "--mistake on an open complaint" complaint reopen 2 --mistake --reason x
err_has "CMP-000002 is still open (new); there is no resolution to undo"
expect 64 "--mistake without a reason" complaint reopen 2 --mistake
expect 65 "--mistake with an empty reason" complaint reopen 2 --mistake --reason ""
expect 66 "--mistake on no such complaint" complaint reopen 9 --mistake --reason x
expect 64 "--mistake takes no value" complaint reopen 2 --mistake=yes --reason x
db_unchanged "refusals left the database as it was"
search_index_ok
done_testing
