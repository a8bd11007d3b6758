#!/bin/bash
# complaint escalate REF --to LEVEL --reason TEXT: raises the level, keeps
# the status, records the reason and owes a call-back; every refusal
# leaves the database as it was; roles guard the levels above the first.
. "$(dirname "$0")/lib.sh"

complaint log --customer Ann --channel phone -m "Broken" >/dev/null
complaint log --customer Bob --channel email --resolution "Refunded" >/dev/null

expect 0 "escalate by level name" complaint escalate CMP-000001 --to complaint-manager --reason "Customer asked for a manager"
assert "nothing on stdout" test ! -s "$T/out"
err_has "complaint: CMP-000001 escalated to complaint-manager; owner alice owes a call-back"
expect 0 "show json" complaint show 1 --format json
out_has '"level":"complaint-manager"'
out_has '"status":"new"' "status is kept"
out_has '"callback_due":"2026-11-19T17:00:00Z"' "a call-back is owed by the close of business"
expect 0 "history" complaint show 1
out_has "escalate"
out_has "Customer asked for a manager"
out_has "level: frontline -> complaint-manager"
expect 0 "history as json" complaint show 1 --format json
out_has '"level":["frontline","complaint-manager"]' "the history shows level names, as the complaint does"
assert "the stored history keeps the level number" [ "$(db_query "SELECT changes FROM event WHERE action = 'escalate'" | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["level"], separators=(",", ":")))')" = "[0,1]" ]

expect 0 "escalate by number and lower-case ref" complaint escalate cmp-1 --to 2 --reason "Still unhappy"
complaint show 1 --format json >"$T/out"
out_has '"level":"senior-management"'

db_snapshot
expect 65 "not to the same level" complaint escalate 1 --to senior-management --reason again
err_has "complaint: CMP-000001 is already at senior-management; escalate to a higher level"
expect 65 "never down" complaint escalate 1 --to frontline --reason down
err_has "already at senior-management"
expect 65 "only open complaints" complaint escalate 2 --to complaint-manager --reason late
err_has "complaint: CMP-000002 is resolved; reopen it first"
expect 65 "unknown level" complaint escalate 1 --to ceo --reason x
err_has "unknown level 'ceo' (expected one of: frontline, complaint-manager, senior-management, independent-review; or a number 0 to 3)"
expect 65 "level number out of range" complaint escalate 1 --to 4 --reason x
expect 66 "no such complaint" complaint escalate 99 --to 3 --reason x
err_has "no complaint 'CMP-000099'"
expect 65 "bad reference" complaint escalate XYZ-1 --to 3 --reason x
expect 64 "--to is required" complaint escalate 1 --reason x
err_has "--to LEVEL is required"
expect 64 "--reason is required" complaint escalate 1 --to 3
err_has "--reason TEXT is required"
expect 65 "a blank reason is no reason" complaint escalate 1 --to 3 --reason "  "
err_has "the reason is empty; say why with --reason TEXT"
expect 64 "REF or --auto is required" complaint escalate --to 3 --reason x
expect 64 "one REF" complaint escalate 1 2 --to 3 --reason x
expect 64 "--dry-run needs --auto" complaint escalate 1 --to 3 --reason x --dry-run
expect 64 "--format needs --auto" complaint escalate 1 --to 3 --reason x --format json
expect 64 "--auto takes no REF" complaint escalate 1 --auto
expect 64 "--auto takes no --to" complaint escalate --auto --to 3
expect 64 "unknown option" complaint escalate 1 --to 3 --reason x --bogus
db_unchanged "refusals change nothing"

# Roles: above the first level only managers may escalate.
me=$(db_account)
printf 'roles:\n  managers: [carol]\n  delegates: ["%s"]\n' "$me" >roles.yaml
printf 'roles:\n  managers: ["%s"]\n  delegates: ["%s"]\n' "$me" "$me" >manager.yaml
complaint log --customer Cy --channel chat >/dev/null
db_snapshot
expect 77 "above the first level needs a manager" complaint --config roles.yaml escalate 3 --to senior-management --reason x
err_has "account $me may not escalate CMP-000003 to senior-management"
db_unchanged "a refusal by role changes nothing"
expect 0 "the first level is for anyone" complaint --config roles.yaml escalate 3 --to complaint-manager --reason "Needs a manager"
expect 0 "a manager may go higher" complaint --config manager.yaml --as carol escalate 3 --to independent-review --reason "Appeal"
complaint show 3 --format json >"$T/out"
out_has '"level":"independent-review"'

expect 0 "help shows the synopsis" complaint escalate --help
out_has "usage: complaint escalate REF --to LEVEL --reason TEXT"
done_testing
