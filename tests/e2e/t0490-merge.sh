#!/bin/bash
# complaint merge: contacts and the owed call-back move to the target,
# the duplicate closes with merged_into, show of the target names it.
. "$(dirname "$0")/lib.sh"

complaint log --customer Ann --channel phone -m one >/dev/null
complaint log --customer Ann --channel email -m "one again" >/dev/null 2>&1
complaint log --repeat-of 2 >/dev/null 2>&1
complaint log --customer Cy --channel web -m three >/dev/null
complaint resolve 3 --resolution done >/dev/null
complaint followup 3 --outcome satisfied >/dev/null
complaint log --customer Di --channel web -m five >/dev/null
complaint resolve 4 --resolution done >/dev/null
complaint log --customer Ed --channel web -m six >/dev/null

expect 0 "merge a duplicate" complaint merge 2 --into CMP-000001 --reason "Same call logged twice"
assert "prints nothing" [ ! -s "$T/out" ]
complaint show 2 --format json >"$T/out"
out_has '"status":"closed"'
out_has '"merged_into":"CMP-000001"'
out_has '"callback_due":null'
complaint show 1 --format json >"$T/out"
out_has '"contacts":3' "the target gains the duplicate's contacts"
out_has '"callback_due":"2026-11-19T17:00:00Z"' "and its owed call-back"
complaint show 1 >"$T/out"
out_has "CMP-000002 merged in: Same call logged twice" "the target's history names it"
out_has "merged             CMP-000002" "show of the target lists it"
expect 0 "the call-back is owed once, on the target" complaint followup --due
out_has "CMP-000001	callback"
out_lacks "CMP-000002"
expect 0 "a resolved complaint may be merged" complaint merge 4 --into 1 --reason dup
complaint show 1 --format json >"$T/out"
out_has '"merged":["CMP-000002","CMP-000004"]' "show --format json lists both"

db_snapshot
expect 65 "a merged complaint takes no step" complaint reopen 2 --reason x
err_has "CMP-000002 was merged into another complaint as a duplicate; work on that one instead"
expect 65 "merging a closed complaint" complaint merge 3 --into 1 --reason x
err_has "CMP-000003 is closed; only open or resolved complaints can be merged"
expect 65 "merging into a closed complaint" complaint merge 5 --into 3 --reason x
err_has "cannot merge into CMP-000003: it is closed"
expect 65 "merging into a merged complaint" complaint merge 5 --into 2 --reason x
expect 65 "merging into itself" complaint merge 5 --into 5 --reason x
err_has "CMP-000005 cannot be merged into itself"
expect 66 "an unknown target" complaint merge 5 --into 99 --reason x
expect 66 "an unknown complaint" complaint merge 99 --into 1 --reason x
expect 65 "a bad target reference" complaint merge 5 --into XYZ --reason x
expect 64 "no --into" complaint merge 5 --reason x
err_has "--into TARGET is required"
expect 64 "no reason" complaint merge 5 --into 1
expect 65 "an empty reason" complaint merge 5 --into 1 --reason ""
expect 64 "no reference" complaint merge --into 1 --reason x
db_unchanged "refusals left the database as it was"
search_index_ok
done_testing
