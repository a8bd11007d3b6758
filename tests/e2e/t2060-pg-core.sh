#!/bin/bash
# PostgreSQL, the driver's core: verify finds a guard dropped, disabled
# or replaced by a harmless twin (by the server's own definition of it);
# a newer schema is refused as SQLite refuses one; an empty database is
# no database to a command that only reads, which creates nothing in it;
# an unreachable server cannot be opened; a password in the
# configuration is refused, and one in --db never echoed. Schema 15:
# imported creation events (form 1) verify, break when their row is
# edited, erase; the guards know the form; 14 migrates.
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
version=$(db_query 'SELECT version FROM schema_version')
db_query "UPDATE schema_version SET version = 99" >/dev/null
expect 74 "a newer schema is refused" complaint list
err_has "has schema version 99, newer than this complaint knows ("
err_has "); upgrade complaint"
expect 74 "by a write too" complaint note 1 "x"
assert "and left as it was" [ "$(db_query 'SELECT version FROM schema_version')" = 99 ]
db_query "UPDATE schema_version SET version = $version" >/dev/null

# Schema 15: import writes each creation event as form 1, with neither
# changes nor a digest; the chain digests the complaint's values, so an
# edit of the row behind the tool's back breaks it.
cat >"$T/sheet.csv" <<'CSV'
Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea
agent1,Billing,14/11/2023,16/11/2023,Y,"Customer One","Waited on hold","Refund issued",""
agent2,Logistics,15/11/2023,,N,"Customer Two","Parcel late","","Track parcels"
CSV
expect 0 "import on the server" complaint import "$T/sheet.csv"
assert "two creation events of form 1, without changes or digest" [ "$(db_query "SELECT string_agg(complaint_id || ':' || action, ' ' ORDER BY id) FROM event WHERE form = 1 AND changes IS NULL AND digest IS NULL")" = "2:import 3:import" ]
assert "every other event stores its form as none" [ "$(db_query "SELECT count(*) FROM event WHERE form IS NOT NULL AND form <> 1")" = 0 ]
expect 0 "the imported history verifies" complaint verify
out_has "ok: 4 events (0 erased)"
expect 0 "export gives the creation its values back" complaint export --format json
out_has '"Customer Two"'
db_query "UPDATE complaint SET customer = 'Mallory' WHERE id = 2" >/dev/null
expect 65 "an imported row edited behind the tool's back" complaint verify
# Event 3 stores no hash (schema 20): the last of the import finds it.
err_has "event 4 (CMP-000003): hash mismatch (this event or one of the 1 before it, back to event 3"
db_query "UPDATE complaint SET customer = 'Customer One' WHERE id = 2" >/dev/null
expect 0 "put back, it verifies" complaint verify
expect 1 "a form never changes" db_query "UPDATE event SET form = 0 WHERE id = 4"
err_has "history is append-only"
assert "refused by the guard" [ "$(db_query "SELECT coalesce(form, 0) FROM event WHERE id = 4")" = 1 ]
expect 1 "a form-1 event stores no digest" db_query "INSERT INTO event(id, complaint_id, at, actor, action, hash, account, form, digest) VALUES (99, 1, 0, 'a', 'import', 'h', 'x', 1, 'd')"
err_has "history events are hash-chained"
expect 1 "nor changes" db_query "INSERT INTO event(id, complaint_id, at, actor, action, hash, account, form, changes) VALUES (99, 1, 0, 'a', 'import', 'h', 'x', 1, '{}')"
err_has "history events are hash-chained"
expect 1 "no other form" db_query "INSERT INTO event(id, complaint_id, at, actor, action, hash, account, form, changes, digest) VALUES (99, 1, 0, 'a', 'log', 'h', 'x', 2, '{}', 'd')"
err_has "history events are hash-chained"
expect 1 "every other event has its digest" db_query "INSERT INTO event(id, complaint_id, at, actor, action, hash, account, changes) VALUES (99, 1, 0, 'a', 'log', 'h', 'x', '{}')"
err_has "history events are hash-chained"
expect 0 "erase an imported complaint" complaint erase --ref 2 --reason "request"
assert "its creation now stores the changes it showed, redacted, and its digest" [ "$(db_query "SELECT redacted || ' ' || (digest IS NOT NULL) || ' ' || (position('[erased]' in changes) > 0) || ' ' || (position('Customer One' in changes) = 0) FROM event WHERE id = 3")" = "1 true true true" ]
expect 0 "and the history verifies" complaint verify
out_has "ok: 5 events (1 erased)"
expect 1 "the digest is stored once" db_query "UPDATE event SET digest = NULL WHERE id = 3"
err_has "history is append-only"

# Search leaves out where an import came from (the first line of its
# note), not the notes it brought (as SQLite's schema 15).
expect 0 "search does not find the import's file and line" complaint search imported
out_lacks "CMP-"
printf 'fields:\n  customer: Who\n  summary: What\n  note: Memo\n  received_at: When\ndates: ymd\n' >"$T/memo.yaml"
printf 'Who,What,Memo,When\nEve,Broken kettle,called twice about the kettle,2026-11-01\n' >"$T/memo.csv"
expect 0 "import a note column" complaint import --map "$T/memo.yaml" "$T/memo.csv"
expect 0 "search finds the note an import brought" complaint search twice
out_has "CMP-000004"
out_has "Memo: called [twice] about the kettle"
assert "what migration 15 made is the owner's" [ "$(db_query "SELECT string_agg(p.proname || ':' || r.rolname, ' ' ORDER BY p.proname) FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE p.proname LIKE 'complaint_fts_%'")" = "complaint_fts_fill:complaint_owner complaint_fts_sync:complaint_owner complaint_fts_words:complaint_owner" ]

# An agent (the application role, no owner's rights) imports in bulk
# too: it may set the search trigger aside, and the index is filled by
# the owner's function.
agent=$(pg_login imp)
printf '%s\n' 'Case Owner,Department,Date received,Date followed-up with customer,Resolved and followed up (Y/N),Customer Name,Issue,Resolution,Proposed Improvement Idea' \
    'agent3,Billing,16/11/2023,,N,"Customer Three","Zanzibar parcel lost","",""' >"$T/agent.csv"
expect 0 "an agent imports" complaint --db "$(pg_as "$agent")" import "$T/agent.csv"
assert "as itself" [ "$(db_query "SELECT account FROM event WHERE complaint_id = 5")" = "$agent" ]
expect 0 "its complaint is found by search" complaint --db "$(pg_as "$agent")" search zanzibar
out_has "CMP-000005"
expect 0 "and verifies" complaint verify

# A database of schema 14 (an older complaint's: no form, a search index
# with its copy of the text) migrates on first use. (Made here from a
# new one: the guards' bodies and the search trigger stay as 17 has
# them, the migrations replace them.)
old=$(new_db old)
expect 0 "a complaint on the older schema" complaint --db "$old" log --customer Eve --channel phone -m "kettle leaks"
psql_db -q -v ON_ERROR_STOP=1 "$old" -c "ALTER TABLE event DROP COLUMN form" \
    -c "ALTER TABLE event DROP COLUMN import_file" -c "DROP TABLE import_file" \
    -c "DROP FUNCTION complaint_fts_fill(bigint)" \
    -c "DROP VIEW complaint_fts_src" -c "DROP TABLE complaint_fts" \
    -c "CREATE TABLE complaint_fts (complaint_id bigint PRIMARY KEY REFERENCES complaint(id), f_summary text, f_details text, f_notes text, f_resolution text, f_root_cause text, f_lessons text, f_attachments text, doc tsvector GENERATED ALWAYS AS (to_tsvector('complaint_words', complaint_fts_words(coalesce(f_summary, '') || ' ' || coalesce(f_details, '') || ' ' || coalesce(f_notes, '') || ' ' || coalesce(f_resolution, '') || ' ' || coalesce(f_root_cause, '') || ' ' || coalesce(f_lessons, '') || ' ' || coalesce(f_attachments, '')))) STORED)" \
    -c "ALTER TABLE complaint_fts OWNER TO complaint_owner" \
    -c "INSERT INTO complaint_fts(complaint_id, f_summary) SELECT id, summary FROM complaint" \
    -c "UPDATE schema_version SET version = 14"
expect 0 "import into it migrates it first" complaint --db "$old" import "$T/sheet.csv"
assert "to the latest, 20" [ "$(psql_db -A -t -q "$old" -c 'SELECT version FROM schema_version')" = 20 ]
assert "whose status index holds no closed complaint (18)" [ "$(psql_db -A -t -q "$old" -c "SELECT indexdef LIKE '%WHERE (status <> ''closed''::text)' FROM pg_indexes WHERE indexname = 'complaint_status'")" = t ]
assert "with the form" [ "$(psql_db -A -t -q "$old" -c 'SELECT count(*) FROM event WHERE form = 1')" = 2 ]
assert "and the import's file stored once" [ "$(psql_db -A -t -q "$old" -c "SELECT count(*) FROM event WHERE import_file = 1 AND note IN ('2', '3')")" = 2 ]
expect 0 "and the migrated history verifies" complaint --db "$old" verify
out_has "ok: 3 events (0 erased)"
assert "the index keeps the words, not the text" [ "$(psql_db -A -t -q "$old" -c "SELECT string_agg(column_name, ' ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'complaint_fts'")" = "complaint_id doc" ]
expect 0 "and search finds what it held" complaint --db "$old" search kettle
out_has "CMP-000001"
out_has "[kettle] leaks"

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
