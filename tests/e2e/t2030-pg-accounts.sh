#!/bin/bash
# PostgreSQL: the account in every event is the role the server
# authenticated (session_user), whatever --as claims; roles are checked
# against it, and --as someone else is for roles.delegates alone (an AI
# agents' gateway acting for named people).
. "$(dirname "$0")/lib.sh"
pg_only "accounts the server authenticates"

ann=$(pg_login ann)
gw=$(pg_login gateway)
as_ann=$(pg_as "$ann")
as_gw=$(pg_as "$gw")
unset COMPLAINT_USER

expect 0 "ann logs as herself" complaint --db "$as_ann" log --customer "Ann Smith" --channel phone
expect 0 "show" complaint --db "$as_ann" show 1 --format json
out_has "\"actor\":\"$ann\",\"account\":\"$ann\",\"action\":\"log\""
expect 0 "without roles, --as is a claim beside the account" complaint --db "$as_gw" --as bob note 1 "for bob"
assert "the accounts stored are the roles that connected" [ "$(db_query "SELECT string_agg(DISTINCT account, ',' ORDER BY account) FROM event")" = "$(printf '%s\n%s\n' "$ann" "$gw" | sort | paste -sd,)" ]
assert "the actor is the claim" [ "$(db_query "SELECT actor FROM event WHERE action = 'note'")" = bob ]

printf 'roles:\n  managers: ["%s"]\n  delegates: ["%s"]\n' "$ann" "$gw" >"$T/roles.yaml"
export COMPLAINT_CONFIG="$T/roles.yaml"
db_snapshot
expect 77 "ann may not act for bob" complaint --db "$as_ann" --as bob note 1 "x"
err_has "account $ann may not act as bob: only the accounts of roles.delegates may use --as or COMPLAINT_USER"
expect 77 "nor may the superuser's account" complaint --as bob note 1 "x"
err_has "account postgres may not act as bob"
db_unchanged "refused accounts changed nothing"
expect 0 "the gateway acts for bob" complaint --db "$as_gw" --as bob note 1 "for bob again"
assert "recorded as the gateway, for bob" [ "$(db_query "SELECT account || ' ' || actor FROM event ORDER BY id DESC LIMIT 1")" = "$gw bob" ]
expect 0 "resolve" complaint --db "$as_ann" resolve 1 --resolution "sorted"
db_snapshot
expect 77 "the gateway is no manager: it may not reopen" complaint --db "$as_gw" reopen 1 --reason "appeal"
err_has "account $gw may not reopen CMP-000001: only the accounts of roles.managers may"
db_unchanged
expect 0 "ann, a manager, reopens" complaint --db "$as_ann" reopen 1 --reason "appeal"
expect 0 "the history verifies" complaint verify

done_testing
