#!/bin/bash
# The account: every event records who the system says ran the command
# (the login, id -un) beside the actor (--as, COMPLAINT_USER); roles are
# checked against the account; acting --as someone else needs
# roles.delegates once roles are configured.
. "$(dirname "$0")/lib.sh"

me=$(db_account)

# Without roles anyone may act for anyone; both names are kept.
expect 0 "log as alice" complaint log --customer "Ann" --channel phone
expect 0 "a note as bob" complaint --as bob note 1 "called"
expect 0 "show as JSON" complaint show 1 --format json
out_has "\"actor\":\"alice\",\"account\":\"$me\",\"action\":\"log\""
out_has "\"actor\":\"bob\",\"account\":\"$me\",\"action\":\"note\""
expect 0 "show as a table" complaint show 1 --format table
out_has "bob          note  (account $me)"
expect 0 "export" complaint export
out_has "\"actor\":\"bob\",\"account\":\"$me\""
assert "the account is stored" [ "$(db_query "SELECT DISTINCT account FROM event")" = "$me" ]
expect 0 "the actor defaults to the account" env -u COMPLAINT_USER "$COMPLAINT_BIN" note 1 "by myself"
expect 0 "show" complaint show 1 --format json
out_has "\"actor\":\"$me\",\"account\":\"$me\",\"action\":\"note\""
expect 0 "\$USER is a claim, not the actor" env -u COMPLAINT_USER USER=mallory "$COMPLAINT_BIN" note 1 "user set"
expect 0 "show" complaint show 1 --format json
out_lacks "mallory"

# The account is in the chain: changed, verify names the event.
expect 0 "verify" complaint verify
db_save orig
behind_back "UPDATE event SET account = 'mallory' WHERE id = 2"
expect 65 "an edited account" complaint verify
err_has "event 2 (CMP-000001): content does not match its hash"
db_restore orig
behind_back "UPDATE event SET account = NULL WHERE id = 2"
expect 65 "an account removed (as if written before accounts)" complaint verify
err_has "event 2 (CMP-000001)"
db_restore orig
assert "an event without an account is refused" fails db_query "INSERT INTO event(complaint_id, at, actor, action, hash, digest) VALUES (1, 1, 'x', 'note', 'h', 'd')"
assert "and not written" [ "$(db_query "SELECT count(*) FROM event WHERE actor = 'x'")" = 0 ]

# Roles name accounts: a manager's name given --as is not a manager.
printf 'roles:\n  managers: [alice]\n' >"$T/alice.yaml"
printf 'roles:\n  managers: ["%s"]\n' "$me" >"$T/me.yaml"
printf 'roles:\n  managers: [alice]\n  delegates: ["%s"]\n' "$me" >"$T/gateway.yaml"
printf 'roles:\n  managers: ["%s"]\n  delegates: ["%s"]\n' "$me" "$me" >"$T/both.yaml"
complaint resolve 1 --resolution "Done" >/dev/null
db_snapshot
expect 77 "--as a manager from another account" complaint --config "$T/alice.yaml" --as alice reopen 1 --reason x
err_has "account $me may not act as alice: only the accounts of roles.delegates may use --as or COMPLAINT_USER"
expect 77 "COMPLAINT_USER likewise" env COMPLAINT_USER=alice "$COMPLAINT_BIN" --config "$T/alice.yaml" list
expect 77 "a delegate acting for a manager is not one" complaint --config "$T/gateway.yaml" --as alice reopen 1 --reason x
err_has "account $me may not reopen CMP-000001: only the accounts of roles.managers may"
expect 77 "even reading, the delegation is checked" complaint --config "$T/me.yaml" --as bob list
db_unchanged "refusals change nothing"
expect 0 "a manager's account acting as itself" env -u COMPLAINT_USER "$COMPLAINT_BIN" --config "$T/me.yaml" reopen 1 --reason "Appeal"
expect 0 "a manager's account that is a delegate, for bob" complaint --config "$T/both.yaml" --as bob note 1 "for bob"
expect 0 "a delegate may act for anyone in plain steps" complaint --config "$T/gateway.yaml" --as carol note 1 "for carol"
expect 0 "show" complaint show 1 --format json
out_has "\"actor\":\"carol\",\"account\":\"$me\",\"action\":\"note\""
expect 0 "--as naming the account itself needs no delegation" complaint --config "$T/alice.yaml" --as "$me" list

done_testing
