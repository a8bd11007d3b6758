#!/bin/bash
# PostgreSQL, the driver's core: verify finds a guard dropped, disabled
# or replaced by a harmless twin (by the server's own definition of it);
# a newer schema is refused as SQLite refuses one; an empty database is
# no database to a command that only reads, which creates nothing in it;
# an unreachable server cannot be opened; a password in the
# configuration is refused, and one in --db never echoed.
. "$(dirname "$0")/lib.sh"
type pg_only >/dev/null 2>&1 || { echo "# skip - $test_name: needs the PostgreSQL harness"; exit 0; }
pg_only "the PostgreSQL driver's schema, guards and connection"

complaint log --customer Ann --channel phone -m "Late" >/dev/null
complaint note 1 "called back" >/dev/null
expect 0 "a clean history verifies" complaint verify

# The guards, checked by what the server says they are.
db_query "ALTER TABLE event DISABLE TRIGGER event_append_only_delete" >/dev/null
expect 65 "a disabled guard" complaint verify
err_has "trigger event_append_only_delete is disabled: the history is no longer append-only"
db_query "ALTER TABLE event ENABLE TRIGGER event_append_only_delete" >/dev/null
expect 0 "enabled again, it verifies" complaint verify

db_query "ALTER TABLE event ENABLE REPLICA TRIGGER event_chained" >/dev/null
expect 65 "a guard that fires only for replicas" complaint verify
err_has "trigger event_chained is disabled"
db_query "ALTER TABLE event ENABLE TRIGGER event_chained" >/dev/null

body=$(db_query "SELECT prosrc FROM pg_proc WHERE proname = 'event_guard_refuse'")
db_query "CREATE OR REPLACE FUNCTION event_guard_refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RETURN OLD; END\$\$" >/dev/null
expect 65 "a guard whose function guards nothing" complaint verify
err_has "trigger event_append_only_delete was replaced"
# (Its body as it was, the final newline that $(...) took included.)
db_query "$(printf 'CREATE OR REPLACE FUNCTION event_guard_refuse() RETURNS trigger LANGUAGE plpgsql AS $$%s\n$$' "$body")" >/dev/null
expect 0 "put back, it verifies" complaint verify

db_query "DROP TRIGGER event_append_only_truncate ON event" >/dev/null
expect 65 "a TRUNCATE guard dropped" complaint verify
err_has "trigger event_append_only_truncate is missing"
db_query "CREATE TRIGGER event_append_only_truncate BEFORE TRUNCATE ON event FOR EACH STATEMENT EXECUTE FUNCTION event_guard_refuse()" >/dev/null
expect 0 "made again as it was, it verifies" complaint verify

# A schema newer than this binary: refused, as on SQLite, and untouched.
db_query "UPDATE schema_version SET version = 99" >/dev/null
expect 74 "a newer schema is refused" complaint list
err_has "has schema version 99, newer than this complaint knows ("
err_has "); upgrade complaint"
expect 74 "by a write too" complaint note 1 "x"
assert "and left as it was" [ "$(db_query 'SELECT version FROM schema_version')" = 99 ]
db_query "UPDATE schema_version SET version = 12" >/dev/null

# An empty database: a reader finds none and leaves it empty.
# (Not new_db: the harness's template has the schema already.)
pg_admin -c "CREATE DATABASE ${pg_db}_empty" >/dev/null
pg_dbs="$pg_dbs ${pg_db}_empty"
empty=$(pg_uri "${pg_db}_empty")
for c in list verify "show 1"; do
	# shellcheck disable=SC2086
	expect 66 "$c on an empty database" complaint --db "$empty" $c
	err_has "no database '$empty' (a command that only reads never creates one)"
done
assert "no schema was created in it" [ "$(psql_db -A -t -q "$empty" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'complaint'")" = 0 ]
expect 0 "the first write creates the schema" complaint --db "$empty" log --customer Bo --channel phone
out_is "CMP-000001"
expect 0 "and the new history verifies" complaint --db "$empty" verify

# No server there.
mkdir "$T/nosock"
expect 73 "an unreachable server" complaint --db "postgresql:///x?host=$T/nosock" log --customer Cy --channel phone
err_has "cannot open database 'postgresql:///x?host=$T/nosock'"
expect 73 "a reader too" complaint --db "postgresql:///x?host=$T/nosock" list
# A password given on the command line is libpq's business, but never
# quoted back into a message (and so into a cron job's mail or a log).
expect 73 "a password in --db" complaint --db "postgresql://ann:s3cret@/x?host=$T/nosock" list
err_has "cannot open database 'postgresql://ann:***@/x?host=$T/nosock'"
assert "the password is not echoed" sh -c '! grep -q s3cret "$0"' "$T/err"

# SPEC 2: no password in the configuration; the value is never shown.
printf 'database: "postgresql://ann:s3cret@db.example/complaints"\n' >"$T/pw.yaml"
expect 78 "a password in the configuration" complaint --config "$T/pw.yaml" list
err_has "'database' holds a password"
assert "the password is not echoed" sh -c '! grep -q s3cret "$0"' "$T/err"

done_testing
