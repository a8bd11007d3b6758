#!/bin/bash
# complaint verify: cuts at the end of the history, a guard disarmed under
# its own name, ideas and rule firings edited behind the tool's back, and
# verify --head proving nothing was cut since a head was noted.
. "$(dirname "$0")/lib.sh"

cat >rules.yaml <<'YAML'
escalation:
  rules:
    - name: critical
      when: {severity: critical}
      to: senior-management
YAML
export COMPLAINT_CONFIG="$T/rules.yaml"

complaint log --customer "Ann Smith" --channel phone -m "Late" >/dev/null
complaint assess 1 --severity critical >/dev/null 2>&1
complaint resolve 1 --resolution "Sent again" --remedy replacement >/dev/null
complaint review 1 --idea "Track parcels" >/dev/null
complaint review --idea-status 1 agreed
complaint log --customer Bob --channel email >/dev/null
complaint note 2 "called Bob" >/dev/null
assert "a rule fired" [ "$(db_query 'SELECT count(*) FROM rule_fired')" = 1 ]

expect 0 "verify prints the head" complaint verify
head=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$T/out")
assert "a head of 64 hex digits" [ "${#head}" -eq 64 ]
expect 0 "the current head is in the chain" complaint verify --head "$head"
out_has "head $head"
expect 0 "--head=HASH too" complaint verify --head="$head" --quiet
assert "nothing on stdout with --quiet" [ ! -s "$T/out" ]

db_save two

# More history later: the noted head is an ancestor, still fine.
complaint log --customer "Cy Newest" --channel chat >/dev/null
expect 0 "a noted head stays an ancestor" complaint verify --head "$head"
expect 0 "the new head" complaint verify
newhead=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$T/out")
assert "the head moved" [ "$newhead" != "$head" ]

db_save orig
# SQL behind the tool's back on a fresh copy, the guards put back after.
tamper() {
	db_restore orig
	behind_back "$1"
}

# The newest complaint cut with its events and the sequence rewound: the
# rest is whole, so only a head noted elsewhere shows the cut. (How the
# next reference is kept is the engine's: SQLite's sqlite_sequence.)
if [ "$(engine)" = sqlite ]; then
tamper "DELETE FROM event WHERE complaint_id = 3; DELETE FROM complaint WHERE id = 3;
    UPDATE sqlite_sequence SET seq = 2 WHERE name = 'complaint'"
expect 0 "a cut tail is whole in itself" complaint verify
out_has "head $head" "the head is the one before the cut"
expect 65 "verify --head finds the cut" complaint verify --head "$newhead"
err_has "head $newhead is not in the chain: history was cut or rewritten since it was noted"
complaint log --customer "Dan" --channel web >"$T/ref"
assert "the next log would reuse the reference" [ "$(cat "$T/ref")" = CMP-000003 ]
expect 65 "still caught after more history" complaint verify --head "$newhead"
else
	skip "SQLite only: the reference sequence rewound in sqlite_sequence"
fi

# The last event, written in the same second as the one before it: its
# time matched the complaint's, its id does not.
db_restore two
behind_back "DELETE FROM event WHERE id = (SELECT max(id) FROM event)"
expect 65 "a deleted last event of the same second" complaint verify
err_has "CMP-000002: its history does not end at its last change"

# A guard replaced by a same-named one that guards nothing (SQLite's
# triggers; the server's are t2020-pg-history's).
if [ "$(engine)" = sqlite ]; then
cp "$T/orig.save" "$COMPLAINT_DB"; rm -f "$COMPLAINT_DB-wal" "$COMPLAINT_DB-shm"
sqlite3 "$COMPLAINT_DB" "DROP TRIGGER event_append_only_delete;
    CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event WHEN 0
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
expect 65 "a guard disarmed under its own name" complaint verify
err_has "trigger event_append_only_delete was replaced"
cp "$T/orig.save" "$COMPLAINT_DB"; rm -f "$COMPLAINT_DB-wal" "$COMPLAINT_DB-shm"
sqlite3 "$COMPLAINT_DB" "DROP TRIGGER event_chained;
    CREATE TRIGGER event_chained BEFORE INSERT ON event WHEN 0
    BEGIN SELECT RAISE(ABORT, 'history events are hash-chained'); END;"
expect 65 "the chaining guard disarmed" complaint verify
err_has "trigger event_chained was replaced"
else
	skip "SQLite only: guards replaced in sqlite_master"
fi

# Ideas and rule firings are what the history says.
tamper "UPDATE idea SET idea = 'Lose parcels'"
expect 65 "an idea's text edited" complaint verify
err_has "idea 1 (CMP-000001): differs from its history"
tamper "UPDATE idea SET status = 'rejected'"
expect 65 "an idea's status edited" complaint verify
err_has "idea 1 (CMP-000001): differs from its history"
tamper "UPDATE idea SET proposed_by = 'mallory'"
expect 65 "an idea's author edited" complaint verify
err_has "idea 1 (CMP-000001): differs"
tamper "INSERT INTO idea(id, complaint_id, idea, proposed_at, proposed_by) VALUES (2, 2, 'Forged', 1, 'mallory')"
expect 65 "an idea added" complaint verify
err_has "idea 2 (CMP-000002): not in the history"
tamper "DELETE FROM idea"
expect 65 "an idea deleted" complaint verify
err_has "idea 1 (CMP-000001): missing"
tamper "DELETE FROM rule_fired"
expect 65 "a rule firing deleted (the rule would fire again)" complaint verify
err_has "rule firing 'critical' of CMP-000001: missing"
tamper "INSERT INTO rule_fired VALUES (2, 'critical', 1)"
expect 65 "a rule firing added (the rule would never fire)" complaint verify
err_has "rule firing 'critical' of CMP-000002: not in the history"
tamper "UPDATE rule_fired SET at = at - 3600"
expect 65 "a rule firing's time edited" complaint verify
err_has "rule firing 'critical' of CMP-000001: differs"

db_restore orig
expect 0 "the clean copy verifies with its head" complaint verify --head "$newhead"

# A complaint's row edited behind the tool's back differs from what its
# history rebuilds; on either engine (the server streams the rebuild).
tamper "UPDATE complaint SET customer = 'Mallory' WHERE id = 2"
expect 65 "a row edited behind the tool's back" complaint verify
err_has "CMP-000002: customer differs from its history"
tamper "UPDATE complaint SET status = 'closed', closed_at = 1 WHERE id = 3"
expect 65 "the newest complaint edited" complaint verify
err_has "CMP-000003: status differs from its history"
db_restore orig
expect 0 "the untouched copy verifies" complaint verify

done_testing
