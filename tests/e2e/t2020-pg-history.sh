#!/bin/bash
# PostgreSQL: the history is append-only at the server. An agent's login
# (a role in complaint_agent) may write complaints but not rewrite,
# delete or truncate history, nor set its guards aside; the owner's
# edits are refused by the guards themselves. Nothing changes and the
# chain verifies.
. "$(dirname "$0")/lib.sh"
pg_only "the server's own guards on the history"

ann=$(pg_login ann)
assert "a login role in the agent group" [ -n "$ann" ]
as_ann=$(pg_as "$ann")
expect 0 "an agent's login logs a complaint" complaint --db "$as_ann" log --customer "Ann Smith" --channel phone -m "Late"
out_is "CMP-000001"
expect 0 "and notes it" complaint --db "$as_ann" note 1 "called back"
db_snapshot

agent() { PGOPTIONS="-c search_path=complaint" psql -X -q -v ON_ERROR_STOP=1 "$as_ann" -c "$1"; }
for sql in \
    "UPDATE event SET actor = 'mallory'" \
    "UPDATE event SET note = 'rewritten' WHERE id = 2" \
    "UPDATE event SET changes = '{}'" \
    "DELETE FROM event" \
    "DELETE FROM event WHERE id = 2" \
    "TRUNCATE event" \
    "TRUNCATE complaint CASCADE" \
    "INSERT INTO event(id, complaint_id, at, actor, action) VALUES (99, 1, 1, 'x', 'note')" \
    "ALTER TABLE event DISABLE TRIGGER event_append_only_update" \
    "ALTER TABLE event DISABLE TRIGGER ALL" \
    "DROP TRIGGER event_append_only_delete ON event" \
    "SET session_replication_role = replica; DELETE FROM event" \
    "CREATE OR REPLACE FUNCTION event_guard_refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RETURN OLD; END\$\$"; do
	expect 1 "the agent is refused: $sql" agent "$sql"
done
db_unchanged "the agent changed nothing"

# The owner (here the superuser) meets the guards too.
for sql in \
    "UPDATE event SET actor = 'mallory'" \
    "DELETE FROM event WHERE id = 2" \
    "TRUNCATE event"; do
	expect 1 "the guards refuse even the owner: $sql" db_query "$sql"
	err_has "append-only"
done
db_unchanged "the owner changed nothing"
expect 0 "the history verifies" complaint verify
out_has "ok: 2 events (0 erased)"

done_testing
