#!/bin/bash
# complaint verify: a clean history verifies; every way of editing it
# behind the tool's back with the sqlite3 shell is caught and named.
. "$(dirname "$0")/lib.sh"

on_sqlite expect 66 "verify of no database" complaint verify
on_sqlite err_has "no database '$COMPLAINT_DB' (a command that only reads never creates one)"
on_sqlite assert "verify created nothing" [ ! -e "$COMPLAINT_DB" ]
empty_db
expect 0 "verify an empty database" complaint verify
out_is "ok: 0 events (0 erased), head none"

complaint log --customer "Ann Smith" --channel phone -m "Late" >/dev/null
complaint log --customer Bob --channel email >/dev/null
COMPLAINT_NOW=2026-11-19T11:00:00Z complaint note 1 "called back" >/dev/null
COMPLAINT_NOW=2026-11-19T12:00:00Z complaint note 2 "waiting for Bob" >/dev/null
expect 0 "verify a clean history" complaint verify
out_has "ok: 4 events (0 erased), head "
expect 0 "--quiet prints nothing" complaint verify --quiet
assert "nothing on stdout" [ ! -s "$T/out" ]
expect 64 "verify takes no arguments" complaint verify extra
err_has "unexpected argument 'extra'"

# The rest edits copies of the file with the sqlite3 shell; a server's
# guards are t2020-pg-history's.
sqlite_only "the history edited through the sqlite3 shell, pages damaged"
cp "$COMPLAINT_DB" "$T/orig.db"
# Run SQL against a fresh copy of the clean database, then verify.
tamper() { cp "$T/orig.db" "$COMPLAINT_DB"; rm -f "$COMPLAINT_DB-wal" "$COMPLAINT_DB-shm"; sqlite3 "$COMPLAINT_DB" "$1" 2>/dev/null; }

tamper "UPDATE event SET actor = 'mallory' WHERE id = 2"
assert "the append-only trigger refuses an edit" [ "$(db_query 'SELECT actor FROM event WHERE id = 2')" = alice ]

tamper "DROP TRIGGER event_append_only_update; UPDATE event SET actor = 'mallory' WHERE id = 2"
expect 65 "an edited event" complaint verify
err_has "complaint: event 2 (CMP-000002): content does not match its hash"

tamper "DROP TRIGGER event_append_only_update; UPDATE event SET note = 'nothing happened' WHERE id = 3"
expect 65 "an edited note" complaint verify
err_has "event 3 (CMP-000001): content does not match its hash"

tamper "DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE id = 3"
expect 65 "a deleted event breaks the chain at the next" complaint verify
err_has "event 4 (CMP-000002): hash mismatch"

tamper "DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE id = 4"
expect 65 "a deleted last event" complaint verify
err_has "CMP-000002: its history does not end at its last change"

tamper "DROP TRIGGER event_chained; INSERT INTO event(complaint_id, at, actor, action, note) VALUES (1, 1795082400, 'mallory', 'note', 'forged')"
expect 65 "an inserted event" complaint verify
err_has "event 5 (CMP-000001): hash missing or malformed"

# A hash is kept as its 32 bytes (schema 16); as 64 digits, the form of
# older files and of copies from a server, it proves the same.
on_sqlite assert "a hash is kept as its 32 bytes" [ "$(db_query "SELECT DISTINCT typeof(hash) || length(hash) FROM event")" = blob32 ]
tamper "DROP TRIGGER event_append_only_update; UPDATE event SET hash = substr(hash, 1, 31) WHERE id = 2"
expect 65 "a hash cut short" complaint verify
err_has "event 2 (CMP-000002): hash missing or malformed"
tamper "DROP TRIGGER event_append_only_update; UPDATE event SET hash = lower(hex(hash)) WHERE id = 2"
expect 65 "a hash as its digits still chains (only the guard is missed)" complaint verify
err_has "trigger event_append_only_update is missing"
assert "and no hash is faulted" sh -c '! grep -q hash "$1"' _ "$T/err"

tamper "INSERT INTO event(complaint_id, at, actor, action) VALUES (1, 1, 'x', 'note')"
assert "an unchained insert is refused" [ "$(db_query 'SELECT count(*) FROM event')" = 4 ]

tamper "DROP TRIGGER event_append_only_update; UPDATE event SET changes = '{}', redacted = 1 WHERE id = 2"
expect 65 "a redaction without an erase" complaint verify
err_has "event 2 (CMP-000002): redacted without a later erase event"

tamper "DROP TRIGGER event_append_only_update; UPDATE event SET hash = digest WHERE id = 1"
expect 65 "a rewritten hash" complaint verify
err_has "event 1 (CMP-000001): hash mismatch"

tamper "UPDATE complaint SET customer = 'Someone Else' WHERE id = 1"
expect 65 "a complaint edited behind the tool's back" complaint verify
err_has "CMP-000001: customer differs from its history"

tamper "UPDATE complaint SET status = 'closed', updated_at = updated_at + 60 WHERE id = 2"
expect 65 "a complaint edited with its time" complaint verify
err_has "CMP-000002: its history does not end at its last change"

tamper "DROP TRIGGER event_append_only_delete"
expect 65 "a missing trigger" complaint verify
err_has "trigger event_append_only_delete is missing"

tamper "PRAGMA foreign_keys = OFF; INSERT INTO complaint(status, received_at, channel, customer, owner, updated_at) SELECT status, received_at, channel, customer, owner, updated_at FROM complaint WHERE id = 1"
expect 65 "a complaint with no history" complaint verify
err_has "CMP-000003: its history does not end at its last change"

tamper "PRAGMA foreign_keys = OFF; INSERT INTO idea(complaint_id, idea, proposed_at, proposed_by) VALUES (99, 'x', 1, 'a')"
expect 65 "a broken foreign key" complaint verify
err_has "table idea row 1 refers to a missing row of complaint"

# A file that is damaged underneath SQLite.
cp "$T/orig.db" "$COMPLAINT_DB"
rm -f "$COMPLAINT_DB-wal" "$COMPLAINT_DB-shm"
# Damage a page certainly in use, the history's root: a page in the middle
# of the file may be free, which integrity_check rightly ignores.
page=$(sqlite3 "$COMPLAINT_DB" "SELECT rootpage FROM sqlite_master WHERE name = 'event'")
psize=$(sqlite3 "$COMPLAINT_DB" "PRAGMA page_size")
rm -f "$COMPLAINT_DB-wal" "$COMPLAINT_DB-shm"
dd if=/dev/urandom of="$COMPLAINT_DB" bs=1 seek=$(((page - 1) * psize + 8)) count=2048 conv=notrunc 2>/dev/null
expect 74 "a corrupt file" complaint verify
err_has "corrupt"

# Damage only the file's own check sees (an index no longer matching its
# rows, the history intact): the check runs on a thread of its own
# beside the walk, and what it finds is what verify reports.
tamper "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, '(received_at)', '(updated_at)') WHERE name = 'complaint_received'"
expect 74 "an index that no longer matches its rows" complaint verify
err_has "complaint: database '$COMPLAINT_DB' is corrupt: "
err_has "complaint_received"

# Back to the clean copy: it still verifies, and writes carry on.
cp "$T/orig.db" "$COMPLAINT_DB"
rm -f "$COMPLAINT_DB-wal" "$COMPLAINT_DB-shm"
expect 0 "the clean copy verifies" complaint verify
expect 0 "and takes more history" complaint note 1 "more"
expect 0 "which verifies too" complaint verify
out_has "ok: 5 events"

done_testing
