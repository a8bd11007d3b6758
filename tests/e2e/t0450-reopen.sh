#!/bin/bash
# complaint reopen: back to assessed or new, open meaning open again, a
# contact counted, the history keeping the old values; roles; refusals.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Ann" --channel phone >/dev/null
complaint log --customer "Bob" --channel email >/dev/null
complaint log --customer "Cy" --channel web >/dev/null
complaint assess 1 --severity medium >/dev/null
complaint resolve 1 --resolution "Refund" --amount 5 >/dev/null
complaint followup 1 --outcome satisfied >/dev/null
complaint resolve 2 --resolution "Explained" >/dev/null

expect 0 "reopen a closed, assessed complaint" env COMPLAINT_NOW=2026-12-01T09:00:00Z "$COMPLAINT_BIN" reopen CMP-000001 --reason "Appeal: refund too small"
assert "prints nothing" [ ! -s "$T/out" ]
complaint show 1 --format json >"$T/out"
out_has '"status":"assessed"' "it was assessed: back to assessed"
out_has '"resolved_at":null'
out_has '"closed_at":null'
out_has '"satisfied":null'
out_has '"followup_due":null'
out_has '"contacts":2'
out_has '"amount":5.00' "the redress given stays on record"
complaint show 1 >"$T/out"
out_has "Appeal: refund too small"
out_has "closed_at: 2026-11-19 10:00 -> -" "history keeps the old values"
expect 0 "listed as open" complaint list --open
out_has "CMP-000001"

expect 0 "reopen a resolved, never assessed one" complaint reopen 2 --reason "Customer called back"
complaint show 2 --format json >"$T/out"
out_has '"status":"new"'
expect 0 "it can be resolved again" complaint resolve 2 --resolution "Second answer"

db_snapshot
expect 65 "reopen an open complaint" complaint reopen 3 --reason x
err_has "CMP-000003 is still open (new); only resolved or closed complaints can be reopened; add a note instead"
expect 64 "missing --reason" complaint reopen 2
err_has "--reason is required"
expect 65 "empty reason" complaint reopen 2 --reason ""
err_has "the reason is empty; say why with --reason TEXT"
expect 64 "no reference" complaint reopen --reason x
expect 66 "no such complaint" complaint reopen 30 --reason x
me=$(db_account)
printf 'roles:\n  managers: [carol]\n  delegates: ["%s"]\n' "$me" >"$T/roles.yaml"
expect 77 "reopening needs a manager's account" complaint --config "$T/roles.yaml" --as carol reopen 2 --reason x
err_has "account $me may not reopen CMP-000002: only the accounts of roles.managers may"
db_unchanged "refusals left the database as it was"
printf 'roles:\n  managers: ["%s"]\n  delegates: ["%s"]\n' "$me" "$me" >"$T/manager.yaml"
expect 0 "a manager's account may, for carol" complaint --config "$T/manager.yaml" --as carol reopen 2 --reason "Appeal"
search_index_ok
done_testing
