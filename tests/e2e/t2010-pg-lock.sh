#!/bin/bash
# PostgreSQL: a lock another session holds past the busy timeout is 75
# with SQLite's message, and nothing is written; readers are not held
# up by a writer; once the lock goes, the write succeeds.
. "$(dirname "$0")/lib.sh"
pg_only "a lock held by another server session"

printf 'busy_timeout: 200\n' >"$T/busy.yaml"
complaint log --customer Ann --channel phone >/dev/null
db_snapshot

# Hold what SQL says in a background psql until told to stop.
hold() {
	rm -f "$T/held" "$T/hold.in"
	mkfifo "$T/hold.in"
	psql_db -q "$COMPLAINT_DB" <"$T/hold.in" >/dev/null 2>"$T/hold.err" &
	holder=$!
	exec 8>"$T/hold.in"
	printf 'BEGIN;\n%s;\n\\! touch %s/held\n' "$1" "$T" >&8
	while [ ! -e "$T/held" ] && kill -0 "$holder" 2>/dev/null; do sleep 0.1; done
}
release() { printf 'ROLLBACK;\n' >&8; exec 8>&-; wait "$holder"; }

# The head row, as a writer between its first write and its commit.
hold "SELECT 1 FROM head FOR UPDATE"
assert "the lock is held" [ -e "$T/held" ]
expect 75 "a writer gives up after the busy timeout" timeout 60 "$COMPLAINT_BIN" --config "$T/busy.yaml" log --customer Bob --channel phone
err_has "database is busy"
err_lines 1
assert "and prints no reference" [ ! -s "$T/out" ]
expect 75 "a step on an existing complaint too" timeout 60 "$COMPLAINT_BIN" --config "$T/busy.yaml" note 1 "held"
expect 0 "a reader is not held up by a writer" timeout 60 "$COMPLAINT_BIN" --config "$T/busy.yaml" show 1
release
db_unchanged "nothing written while busy"

# The tables themselves locked (LOCK TABLE): readers wait too, and give
# up the same way.
hold "LOCK TABLE complaint IN ACCESS EXCLUSIVE MODE"
expect 75 "a writer behind LOCK TABLE" timeout 60 "$COMPLAINT_BIN" --config "$T/busy.yaml" log --customer Cy --channel phone
err_has "database is busy"
expect 75 "a reader behind LOCK TABLE" timeout 60 "$COMPLAINT_BIN" --config "$T/busy.yaml" show 1
release
db_unchanged "nothing written behind LOCK TABLE"

expect 0 "the locks gone, the write succeeds" complaint --config "$T/busy.yaml" log --customer Bob --channel phone
out_is "CMP-000002"
expect 0 "and the history verifies" complaint verify

done_testing
