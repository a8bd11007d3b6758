/*
 * The schema, as an array of migrations: migration N takes a database
 * from user_version N-1 to N. Never edit a migration that has shipped;
 * add the next one.
 */
#include <stddef.h>

#include "store/sqlite_schema.h"

/*
 * The guards of migration 8, as sqlite_master keeps them (no leading
 * space, no final semicolon). History may change in two ways only:
 * erasure replaces the text of changes and note once (redacted 0 -> 1,
 * every hash and every other column kept), and events from before the
 * hash chain get their hashes once. Every new event is chained and names
 * the account that wrote it.
 */
#define TRIGGER_EVENT_UPDATE_8 \
	"CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event" \
	" WHEN NOT (NEW.id IS OLD.id AND NEW.complaint_id IS OLD.complaint_id" \
	" AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor" \
	" AND NEW.account IS OLD.account AND NEW.action IS OLD.action" \
	" AND NEW.detail IS OLD.detail AND (" \
	"(OLD.redacted = 0 AND NEW.redacted = 1 AND OLD.hash IS NOT NULL" \
	" AND NEW.hash IS OLD.hash AND NEW.digest IS OLD.digest)" \
	" OR (OLD.hash IS NULL AND OLD.digest IS NULL" \
	" AND NEW.redacted IS OLD.redacted" \
	" AND NEW.changes IS OLD.changes AND NEW.note IS OLD.note)))" \
	" BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
#define TRIGGER_EVENT_DELETE \
	"CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event" \
	" BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
#define TRIGGER_EVENT_CHAINED_8 \
	"CREATE TRIGGER event_chained BEFORE INSERT ON event" \
	" WHEN NEW.hash IS NULL OR NEW.digest IS NULL OR NEW.redacted != 0" \
	" OR NEW.account IS NULL" \
	" BEGIN SELECT RAISE(ABORT, 'history events are hash-chained'); END"

/*
 * The guards as migration 15 made them: an event's form never changes;
 * an EVENT_CREATED event (complaint.h) stores neither changes nor a
 * digest, every other one both; its erasure stores the digest it was
 * chained with and the changes it showed, redacted, once.
 */
#define TRIGGER_EVENT_UPDATE_15 \
	"CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event" \
	" WHEN NOT (NEW.id IS OLD.id AND NEW.complaint_id IS OLD.complaint_id" \
	" AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor" \
	" AND NEW.account IS OLD.account AND NEW.action IS OLD.action" \
	" AND NEW.detail IS OLD.detail AND NEW.form IS OLD.form AND (" \
	"(OLD.redacted = 0 AND NEW.redacted = 1 AND OLD.hash IS NOT NULL" \
	" AND NEW.hash IS OLD.hash AND (NEW.digest IS OLD.digest" \
	" OR (OLD.form IS 1 AND OLD.digest IS NULL" \
	" AND NEW.digest IS NOT NULL)))" \
	" OR (OLD.hash IS NULL AND OLD.digest IS NULL" \
	" AND NEW.redacted IS OLD.redacted" \
	" AND NEW.changes IS OLD.changes AND NEW.note IS OLD.note)))" \
	" BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
/*
 * The update guard as migrations 17 and 20 made it: an import's note
 * names its file by reference (import_file), which only the erasure of
 * the note clears (17); an erasure redacts an event whose hash
 * REDACTABLE says it may (17: one that stores its hash; 20: an import's
 * creation too, which may store none, chain.h).
 */
#define TRIGGER_EVENT_UPDATE_OF(redactable) \
	"CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event" \
	" WHEN NOT (NEW.id IS OLD.id AND NEW.complaint_id IS OLD.complaint_id" \
	" AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor" \
	" AND NEW.account IS OLD.account AND NEW.action IS OLD.action" \
	" AND NEW.detail IS OLD.detail AND NEW.form IS OLD.form" \
	" AND (NEW.import_file IS OLD.import_file" \
	" OR (OLD.redacted = 0 AND NEW.redacted = 1" \
	" AND NEW.import_file IS NULL)) AND (" \
	"(OLD.redacted = 0 AND NEW.redacted = 1 AND " redactable \
	" AND NEW.hash IS OLD.hash AND (NEW.digest IS OLD.digest" \
	" OR (OLD.form IS 1 AND OLD.digest IS NULL" \
	" AND NEW.digest IS NOT NULL)))" \
	" OR (OLD.hash IS NULL AND OLD.digest IS NULL" \
	" AND NEW.redacted IS OLD.redacted" \
	" AND NEW.changes IS OLD.changes AND NEW.note IS OLD.note)))" \
	" BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
#define TRIGGER_EVENT_UPDATE_17 TRIGGER_EVENT_UPDATE_OF("OLD.hash IS NOT NULL")
#define TRIGGER_EVENT_UPDATE \
	TRIGGER_EVENT_UPDATE_OF("(OLD.hash IS NOT NULL OR OLD.form IS 1)")

/*
 * The insert guard as migrations 15 and 20 made it: an EVENT_CREATED
 * event stores neither changes nor a digest, every other one both;
 * UNCHAINED says which events may not come without a hash (15: none
 * may; 20: all but an import's creation).
 */
#define TRIGGER_EVENT_CHAINED_OF(unchained) \
	"CREATE TRIGGER event_chained BEFORE INSERT ON event" \
	" WHEN " unchained " OR NEW.redacted != 0 OR NEW.account IS NULL" \
	" OR CASE WHEN NEW.form IS 1" \
	" THEN NEW.digest IS NOT NULL OR NEW.changes IS NOT NULL" \
	" ELSE NEW.digest IS NULL OR NEW.form IS NOT 0 AND NEW.form IS NOT NULL" \
	" END" \
	" BEGIN SELECT RAISE(ABORT, 'history events are hash-chained'); END"
#define TRIGGER_EVENT_CHAINED_15 TRIGGER_EVENT_CHAINED_OF("NEW.hash IS NULL")
#define TRIGGER_EVENT_CHAINED \
	TRIGGER_EVENT_CHAINED_OF("NEW.hash IS NULL AND NEW.form IS NOT 1")

const struct schema_trigger schema_triggers[] = {
	{ "event_append_only_update", TRIGGER_EVENT_UPDATE },
	{ "event_append_only_delete", TRIGGER_EVENT_DELETE },
	{ "event_chained", TRIGGER_EVENT_CHAINED },
};
const size_t schema_ntriggers =
    sizeof(schema_triggers) / sizeof(schema_triggers[0]);

/*
 * Migration 16 (issue 19): the search index keeps no copy of the text it
 * indexes (its content table was 64 of an imported complaint's 642
 * bytes): FTS5 reads it, for snippets and checks, from the view
 * complaint_fts_src, which gives what SCHEMA_FTS_ROW gives. So each
 * change to what the view gives is a trigger here that takes the
 * old text out of the index (FTS5's 'delete' needs the very values
 * it indexed: OLD's, and the notes or names before the change) and
 * puts the new in; a complaint whose searchable text did not change
 * costs the index nothing, where the trigger of 10 rewrote it on
 * every event. FTS5's integrity-check compares the index with the view
 * (tests/e2e/lib.sh's search_index_ok).
 */
/* clang-format off */
static const char migration_16[] =
	"DROP TRIGGER complaint_fts_sync;"
	"DROP TABLE complaint_fts;"
	"CREATE VIEW complaint_fts_src(id, " SCHEMA_FTS_COLUMNS ") AS"
	"  SELECT " SCHEMA_FTS_ROW " FROM complaint c;"
	"CREATE VIRTUAL TABLE complaint_fts USING fts5("
	"  " SCHEMA_FTS_COLUMNS ","
	"  content = 'complaint_fts_src', content_rowid = 'id',"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER complaint_fts_insert AFTER INSERT ON complaint BEGIN"
	"  " SCHEMA_FTS_INSERT " WHERE c.id = NEW.id;"
	"END;"
	"CREATE TRIGGER complaint_fts_update AFTER UPDATE OF summary, details,"
	"  resolution, root_cause, lessons ON complaint"
	"  WHEN OLD.summary IS NOT NEW.summary"
	"    OR OLD.details IS NOT NEW.details"
	"    OR OLD.resolution IS NOT NEW.resolution"
	"    OR OLD.root_cause IS NOT NEW.root_cause"
	"    OR OLD.lessons IS NOT NEW.lessons BEGIN"
	"  " SCHEMA_FTS_DELETE("OLD.summary", "OLD.details", SCHEMA_FTS_NOTES,
	    "OLD.resolution", "OLD.root_cause", "OLD.lessons",
	    SCHEMA_FTS_ATTACHMENTS) " WHERE c.id = OLD.id;"
	"  " SCHEMA_FTS_INSERT " WHERE c.id = NEW.id;"
	"END;"
	"CREATE TRIGGER complaint_fts_remove BEFORE DELETE ON complaint BEGIN"
	"  " SCHEMA_FTS_DELETE("c.summary", "c.details", SCHEMA_FTS_NOTES,
	    "c.resolution", "c.root_cause", "c.lessons",
	    SCHEMA_FTS_ATTACHMENTS) " WHERE c.id = OLD.id;"
	"END;"
	"CREATE TRIGGER complaint_fts_note AFTER INSERT ON event"
	"  WHEN " SCHEMA_FTS_NOTE_OF("NEW.action", "NEW.note") " IS NOT NULL"
	"  BEGIN"
	"  " SCHEMA_FTS_DELETE("c.summary", "c.details",
	    SCHEMA_FTS_NOTES_AS("e.note", " AND e.id <> NEW.id"),
	    "c.resolution", "c.root_cause", "c.lessons",
	    SCHEMA_FTS_ATTACHMENTS) " WHERE c.id = NEW.complaint_id;"
	"  " SCHEMA_FTS_INSERT " WHERE c.id = NEW.complaint_id;"
	"END;"
	"CREATE TRIGGER complaint_fts_note_update AFTER UPDATE OF note ON event"
	"  WHEN OLD.note IS NOT NEW.note BEGIN"
	"  " SCHEMA_FTS_DELETE("c.summary", "c.details",
	    SCHEMA_FTS_NOTES_AS("CASE WHEN e.id = OLD.id THEN OLD.note"
	    " ELSE e.note END", ""),
	    "c.resolution", "c.root_cause", "c.lessons",
	    SCHEMA_FTS_ATTACHMENTS) " WHERE c.id = OLD.complaint_id;"
	"  " SCHEMA_FTS_INSERT " WHERE c.id = NEW.complaint_id;"
	"END;"
	"CREATE TRIGGER complaint_fts_attachment AFTER INSERT ON attachment"
	"  BEGIN"
	"  " SCHEMA_FTS_DELETE("c.summary", "c.details", SCHEMA_FTS_NOTES,
	    "c.resolution", "c.root_cause", "c.lessons",
	    SCHEMA_FTS_ATTACHMENTS_AS("a.name", " AND a.id <> NEW.id"))
	" WHERE c.id = NEW.complaint_id;"
	"  " SCHEMA_FTS_INSERT " WHERE c.id = NEW.complaint_id;"
	"END;"
	"CREATE TRIGGER complaint_fts_attachment_update AFTER UPDATE OF name"
	"  ON attachment WHEN OLD.name IS NOT NEW.name BEGIN"
	"  " SCHEMA_FTS_DELETE("c.summary", "c.details", SCHEMA_FTS_NOTES,
	    "c.resolution", "c.root_cause", "c.lessons",
	    SCHEMA_FTS_ATTACHMENTS_AS("CASE WHEN a.id = OLD.id THEN OLD.name"
	    " ELSE a.name END", "")) " WHERE c.id = OLD.complaint_id;"
	"  " SCHEMA_FTS_INSERT " WHERE c.id = NEW.complaint_id;"
	"END;"
	"INSERT INTO complaint_fts(complaint_fts) VALUES ('rebuild');";
/* clang-format on */

static const char *const migrations[] = {
	/* 1: complaints, their append-only history, rule firings, ideas. */
	"CREATE TABLE complaint ("
	"  id                INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  status            TEXT NOT NULL CHECK (status IN"
	"                    ('new','acknowledged','assessed','resolved','closed')),"
	"  received_at       INTEGER NOT NULL,"
	"  channel           TEXT NOT NULL,"
	"  customer          TEXT NOT NULL,"
	"  contact           TEXT,"
	"  customer_id       TEXT,"
	"  owner             TEXT NOT NULL,"
	"  department        TEXT,"
	"  category          TEXT,"
	"  severity          TEXT,"
	"  impact            INTEGER,"
	"  urgency           INTEGER,"
	"  priority          INTEGER,"
	"  justified         TEXT CHECK (justified IN ('yes','no','unknown')),"
	"  complex           INTEGER NOT NULL DEFAULT 0,"
	"  assessed          INTEGER NOT NULL DEFAULT 0,"
	"  level             INTEGER NOT NULL DEFAULT 0,"
	"  public            INTEGER NOT NULL DEFAULT 0,"
	"  summary           TEXT,"
	"  details           TEXT,"
	"  ack_due           INTEGER,"
	"  acknowledged_at   INTEGER,"
	"  ack_via           TEXT,"
	"  eta               INTEGER,"
	"  resolve_due       INTEGER,"
	"  resolved_at       INTEGER,"
	"  first_contact     INTEGER NOT NULL DEFAULT 0,"
	"  closed_at         INTEGER,"
	"  reviewed_at       INTEGER,"
	"  resolution        TEXT,"
	"  remedy            TEXT,"
	"  amount            INTEGER,"
	"  root_cause        TEXT,"
	"  lessons           TEXT,"
	"  contacts          INTEGER NOT NULL DEFAULT 1,"
	"  repeat_of         INTEGER REFERENCES complaint(id),"
	"  callback_due      INTEGER,"
	"  followup_due      INTEGER,"
	"  followup_attempts INTEGER NOT NULL DEFAULT 0,"
	"  satisfied         TEXT CHECK (satisfied IN ('yes','no')),"
	"  updated_at        INTEGER NOT NULL,"
	"  source            TEXT,"
	"  source_id         TEXT"
	");"
	/* The listings that matter: list --owner X --status S, list --since,
	 * repeat detection, the sweeps over open complaints and due times. */
	"CREATE INDEX complaint_owner ON complaint(owner, status, received_at);"
	"CREATE INDEX complaint_status ON complaint(status, received_at);"
	"CREATE INDEX complaint_received ON complaint(received_at);"
	"CREATE INDEX complaint_resolved ON complaint(resolved_at)"
	"  WHERE resolved_at IS NOT NULL;"
	"CREATE INDEX complaint_customer ON complaint(customer COLLATE NOCASE);"
	"CREATE INDEX complaint_customer_id ON complaint(customer_id)"
	"  WHERE customer_id IS NOT NULL;"
	"CREATE INDEX complaint_contact ON complaint(contact)"
	"  WHERE contact IS NOT NULL;"
	"CREATE INDEX complaint_callback ON complaint(callback_due)"
	"  WHERE callback_due IS NOT NULL;"
	"CREATE INDEX complaint_followup ON complaint(followup_due)"
	"  WHERE followup_due IS NOT NULL;"
	"CREATE UNIQUE INDEX complaint_source ON complaint(source, source_id)"
	"  WHERE source_id IS NOT NULL;"
	"CREATE TABLE event ("
	"  id           INTEGER PRIMARY KEY,"
	"  complaint_id INTEGER NOT NULL REFERENCES complaint(id),"
	"  at           INTEGER NOT NULL,"
	"  actor        TEXT NOT NULL,"
	"  action       TEXT NOT NULL,"
	"  changes      TEXT,"
	"  note         TEXT,"
	"  hash         TEXT"
	");"
	"CREATE INDEX event_complaint ON event(complaint_id, id);"
	/* History is never edited: the tool only appends. */
	"CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TABLE rule_fired ("
	"  complaint_id INTEGER NOT NULL REFERENCES complaint(id),"
	"  rule         TEXT NOT NULL,"
	"  at           INTEGER NOT NULL,"
	"  PRIMARY KEY (complaint_id, rule)"
	") WITHOUT ROWID;"
	"CREATE TABLE idea ("
	"  id           INTEGER PRIMARY KEY,"
	"  complaint_id INTEGER REFERENCES complaint(id),"
	"  idea         TEXT NOT NULL,"
	"  status       TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN"
	"               ('proposed','agreed','rejected','done')),"
	"  proposed_at  INTEGER NOT NULL,"
	"  proposed_by  TEXT NOT NULL,"
	"  decided_at   INTEGER"
	");"
	"CREATE INDEX idea_proposed ON idea(proposed_at);",
	/* 2: escalate --auto reads the open complaints alone, in id order,
	 * however many closed ones there are. */
	"CREATE INDEX complaint_open ON complaint(id)"
	"  WHERE status IN ('new', 'acknowledged', 'assessed');",
	/* 3: report --overdue (and its --exit-code check for cron) reads
	 * only what is pending, by deadline: range scans of these partial
	 * indexes stay small however many complaints are settled. */
	"CREATE INDEX complaint_ack_pending ON complaint(ack_due)"
	"  WHERE acknowledged_at IS NULL"
	"  AND status IN ('new','acknowledged','assessed');"
	"CREATE INDEX complaint_resolve_pending ON complaint(resolve_due)"
	"  WHERE status IN ('new','acknowledged','assessed');"
	"CREATE INDEX complaint_callback_pending ON complaint(callback_due)"
	"  WHERE status IN ('new','acknowledged','assessed');"
	"CREATE INDEX complaint_followup_pending ON complaint(followup_due)"
	"  WHERE status = 'resolved';",
	/* 4: the two indexes of 3 on callback_due and followup_due held
	 * the same rows as complaint_callback and complaint_followup (a
	 * resolve clears the call-back, a close the follow-up), and every
	 * write paid for both. */
	"DROP INDEX complaint_callback_pending;"
	"DROP INDEX complaint_followup_pending;",

	/*
	 * 5: a history nobody can quietly rewrite. Each event carries the
	 * digest of its content and a hash over the previous event's hash
	 * and that digest (lib/audit.c). Erasure may replace the text of
	 * changes and note once (redacted 0 -> 1), keeping both hashes, so
	 * the chain still verifies; events written before this migration
	 * get their hashes once (db.c). Nothing else may change.
	 */
	"ALTER TABLE event ADD COLUMN digest TEXT;"
	"ALTER TABLE event ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0;"
	"DROP TRIGGER event_append_only_update;"
	"CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event"
	"  WHEN NOT (NEW.id IS OLD.id AND NEW.complaint_id IS OLD.complaint_id"
	"    AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor"
	"    AND NEW.action IS OLD.action AND ("
	"      (OLD.redacted = 0 AND NEW.redacted = 1 AND OLD.hash IS NOT NULL"
	"        AND NEW.hash IS OLD.hash AND NEW.digest IS OLD.digest)"
	"      OR (OLD.hash IS NULL AND OLD.digest IS NULL"
	"        AND NEW.redacted IS OLD.redacted"
	"        AND NEW.changes IS OLD.changes AND NEW.note IS OLD.note)))"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER event_chained BEFORE INSERT ON event"
	"  WHEN NEW.hash IS NULL OR NEW.digest IS NULL OR NEW.redacted != 0"
	"  BEGIN SELECT RAISE(ABORT, 'history events are hash-chained'); END;",

	/*
	 * 6: the partial indexes of 2 and 3 tested "status IN" a list of
	 * three. SQLite evaluates a constant IN list of more than two
	 * values through a temporary b-tree, built afresh for every row
	 * written: a page cache opened and torn down per insert, which an
	 * import of a million complaints paid a million times. "NOT IN"
	 * the two settled states is the same set (status is CHECKed) and
	 * compiles to two comparisons. Queries name the index's condition
	 * as SCHEMA_OPEN (schema.h), word for word, as SQLite matches a
	 * partial index by its expression.
	 */
	"DROP INDEX complaint_open;"
	"DROP INDEX complaint_ack_pending;"
	"DROP INDEX complaint_resolve_pending;"
	"CREATE INDEX complaint_open ON complaint(id)"
	"  WHERE status NOT IN ('resolved', 'closed');"
	"CREATE INDEX complaint_ack_pending ON complaint(ack_due)"
	"  WHERE acknowledged_at IS NULL"
	"  AND status NOT IN ('resolved', 'closed');"
	"CREATE INDEX complaint_resolve_pending ON complaint(resolve_due)"
	"  WHERE status NOT IN ('resolved', 'closed');",

	/*
	 * 7: names match as people expect (SPEC 4): by a key folded the
	 * Unicode way after NFC (lib/name.c), stored beside the name so
	 * the lookups of --customer, --owner, log --repeat and erase stay
	 * index searches. NOCASE folded ASCII only. Existing rows get their
	 * keys here through complaint_name_key(), which store/sqlite.c
	 * registers for the migration alone; the tool sets them on every
	 * write.
	 */
	"ALTER TABLE complaint ADD COLUMN customer_key TEXT;"
	"ALTER TABLE complaint ADD COLUMN owner_key TEXT;"
	"UPDATE complaint SET customer_key = complaint_name_key(customer),"
	"  owner_key = complaint_name_key(owner);"
	"DROP INDEX complaint_customer;"
	"DROP INDEX complaint_owner;"
	"CREATE INDEX complaint_customer_key ON complaint(customer_key);"
	"CREATE INDEX complaint_owner_key ON complaint(owner_key, status,"
	"  received_at);",

	/*
	 * 8: who, and everything, provable. Each event records the account
	 * the system authenticated beside the actor (NULL for the events
	 * before: unknown), and a detail the chain covers: the ideas a
	 * review proposed, an idea's new status, the rule that escalated,
	 * and what an erasure redacted, with each redacted event's digest
	 * of the facts it keeps (lib/chain.c, lib/audit.c). A complaint names its last
	 * event, so a history cut at its end no longer passes. The guards
	 * are recreated with texts verify can compare.
	 */
	"ALTER TABLE event ADD COLUMN account TEXT;"
	"ALTER TABLE event ADD COLUMN detail TEXT;"
	"ALTER TABLE complaint ADD COLUMN last_event INTEGER;"
	"UPDATE complaint SET last_event ="
	"  (SELECT max(e.id) FROM event e WHERE e.complaint_id = complaint.id);"
	"DROP TRIGGER event_append_only_update;"
	"DROP TRIGGER event_append_only_delete;"
	/* clang-format 14 joins a macro to the string before it. */
	/* clang-format off */
	"DROP TRIGGER event_chained;"
	TRIGGER_EVENT_UPDATE_8 ";"
	TRIGGER_EVENT_DELETE ";"
	TRIGGER_EVENT_CHAINED_8 ";",
	/* clang-format on */

	/*
	 * 9: the regime whose deadlines a complaint runs on (SPEC 8: the
	 * configuration's regimes), NULL for the top-level deadlines; and
	 * when a holding letter falls due (deadlines.holding), cleared by
	 * the resolution or the letter sent. Complaints logged before have
	 * none owed.
	 */
	"ALTER TABLE complaint ADD COLUMN regime TEXT;"
	"ALTER TABLE complaint ADD COLUMN holding_due INTEGER;"
	"CREATE INDEX complaint_holding ON complaint(holding_due)"
	"  WHERE holding_due IS NOT NULL;",

	/*
	 * 10: attachments and full-text search (SPEC 5). A file's bytes are
	 * kept once per SHA-256 (found through attachment.sha256; the blob
	 * row is never updated, which would read it whole) in
	 * attachment_blob, written in chunks by incremental blob I/O; attachment names
	 * the file on one complaint. Erasure
	 * drops the bytes (blob_id NULL) and the name. complaint_fts holds
	 * each complaint's searchable text under its id, refreshed by the
	 * trigger on every event (every write appends one, after the
	 * complaint's row and its attachments are written), so the index
	 * moves in the same transaction as the data; existing complaints
	 * are indexed here.
	 */
	"CREATE TABLE attachment_blob ("
	"  id     INTEGER PRIMARY KEY,"
	"  size   INTEGER NOT NULL,"
	"  data   BLOB NOT NULL"
	");"
	"CREATE TABLE attachment ("
	"  id           INTEGER PRIMARY KEY,"
	"  complaint_id INTEGER NOT NULL REFERENCES complaint(id),"
	"  blob_id      INTEGER REFERENCES attachment_blob(id),"
	"  sha256       TEXT NOT NULL,"
	"  name         TEXT NOT NULL,"
	"  type         TEXT NOT NULL,"
	"  size         INTEGER NOT NULL,"
	"  added_at     INTEGER NOT NULL,"
	"  added_by     TEXT NOT NULL"
	");"
	"CREATE INDEX attachment_complaint ON attachment(complaint_id, id);"
	"CREATE INDEX attachment_blob_ref ON attachment(blob_id)"
	"  WHERE blob_id IS NOT NULL;"
	"CREATE INDEX attachment_sha256 ON attachment(sha256)"
	"  WHERE blob_id IS NOT NULL;"
	"CREATE VIRTUAL TABLE complaint_fts USING fts5("
	"  f_summary, f_details, f_notes, f_resolution, f_root_cause,"
	"  f_lessons, f_attachments,"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER complaint_fts_sync AFTER INSERT ON event BEGIN"
	"  DELETE FROM complaint_fts WHERE rowid = NEW.complaint_id;"
	"  INSERT INTO complaint_fts(rowid, f_summary, f_details, f_notes,"
	"    f_resolution, f_root_cause, f_lessons, f_attachments)"
	"  SELECT c.id, c.summary, c.details,"
	"    (SELECT group_concat(e.note, ' ') FROM event e"
	"      WHERE e.complaint_id = c.id AND e.note IS NOT NULL),"
	"    c.resolution, c.root_cause, c.lessons,"
	"    (SELECT group_concat(a.name, ' ') FROM attachment a"
	"      WHERE a.complaint_id = c.id)"
	"  FROM complaint c WHERE c.id = NEW.complaint_id;"
	"END;"
	"INSERT INTO complaint_fts(rowid, f_summary, f_details, f_notes,"
	"  f_resolution, f_root_cause, f_lessons, f_attachments)"
	"  SELECT c.id, c.summary, c.details,"
	"    (SELECT group_concat(e.note, ' ') FROM event e"
	"      WHERE e.complaint_id = c.id AND e.note IS NOT NULL),"
	"    c.resolution, c.root_cause, c.lessons, NULL"
	"  FROM complaint c;",

	/*
	 * 11: exactly-once writes (SPEC 2, --idempotency-key): what a write
	 * run with a key printed and how it exited, written in the write's
	 * own transaction; kept for limits.idempotency, by the at index.
	 */
	"CREATE TABLE idempotency ("
	"  key     TEXT PRIMARY KEY,"
	"  digest  TEXT NOT NULL,"
	"  command TEXT NOT NULL,"
	"  at      INTEGER NOT NULL,"
	"  status  INTEGER NOT NULL,"
	"  stdout  BLOB NOT NULL"
	");"
	"CREATE INDEX idempotency_at ON idempotency(at);",

	/*
	 * 12 (issue 15): a complaint logged by mistake is voided, one found
	 * to repeat another is merged into it: both keep their rows and
	 * history and are counted nowhere (SPEC 4, 6).
	 */
	"ALTER TABLE complaint ADD COLUMN voided_at INTEGER;"
	"ALTER TABLE complaint ADD COLUMN merged_into INTEGER"
	"  REFERENCES complaint(id);",

	/*
	 * 13 (issue 17): the Message-IDs of the e-mails mail took in and
	 * --send sent, each with its complaint: a reply naming one in
	 * In-Reply-To or References threads back, a message delivered
	 * twice is recorded once (the unique index), and a letter answers
	 * the customer's latest message (by complaint).
	 */
	"CREATE TABLE message_id ("
	"  message_id   TEXT NOT NULL,"
	"  complaint_id INTEGER NOT NULL REFERENCES complaint(id),"
	"  direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),"
	"  at           INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX message_id_unique ON message_id(message_id);"
	"CREATE INDEX message_id_complaint ON message_id(complaint_id);",

	/*
	 * 14 (issue 16): the customer identified as in vulnerable
	 * circumstances (log/assess --vulnerable), a data point of the FCA
	 * return from PS25/19.
	 */
	"ALTER TABLE complaint ADD COLUMN vulnerable INTEGER NOT NULL"
	"  DEFAULT 0;",

	/*
	 * 15 (issue 19): an imported complaint's creation event stores no
	 * changes (form 1, EVENT_CREATED in complaint.h): they were 610 of
	 * its 1,109 bytes, and the complaint's row with the "before" values
	 * of its later events gives them back; the chain digests them all
	 * the same. The guards learn the form.
	 */
	"ALTER TABLE event ADD COLUMN form INTEGER;"
	"DROP TRIGGER event_append_only_update;"
	/* Search leaves out the file and line an import came from
	 * (SCHEMA_FTS_NOTES); the index is made again with it. */
	/* clang-format off */
	"DROP TRIGGER event_chained;"
	TRIGGER_EVENT_UPDATE_15 ";"
	TRIGGER_EVENT_CHAINED_15 ";"
	"DROP TRIGGER complaint_fts_sync;"
	"CREATE TRIGGER complaint_fts_sync AFTER INSERT ON event BEGIN"
	"  DELETE FROM complaint_fts WHERE rowid = NEW.complaint_id;"
	"  " SCHEMA_FTS_INSERT " WHERE c.id = NEW.complaint_id;"
	"END;"
	"DELETE FROM complaint_fts;"
	SCHEMA_FTS_INSERT ";",
	/* clang-format on */

	/* 16 (issue 19): the search index without its copy of the text. */
	migration_16,

	/*
	 * 17 (issue 19): an import's creation note names its file by
	 * reference, each file's name stored once (it was 59 of the 147
	 * bytes of an imported complaint's event, in the bench's absolute
	 * path). Readers give the note back whole (note_whole()), which
	 * the chain digests; older events keep their notes as they are.
	 */
	/* clang-format off */
	"CREATE TABLE import_file ("
	"  id   INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE"
	");"
	"ALTER TABLE event ADD COLUMN import_file INTEGER"
	"  REFERENCES import_file(id);"
	"DROP TRIGGER event_append_only_update;"
	TRIGGER_EVENT_UPDATE_17 ";",
	/* clang-format on */

	/*
	 * 18 (issue 19): complaint_status leaves the closed complaints out.
	 * They are most of any database that has run a while (8 in 10 of
	 * the bench's import), a listing of them is best read in the order
	 * of complaint_received anyway, and their entries were 16 of an
	 * imported complaint's 478 bytes.
	 */
	"DROP INDEX complaint_status;"
	"CREATE INDEX complaint_status ON complaint(status, received_at)"
	"  WHERE " SCHEMA_NOT_CLOSED ";",

	/*
	 * 19 (issue 19): a name's key is stored only where it is not the
	 * name itself, its ASCII letters in either case (SCHEMA_CUSTOMER_KEY,
	 * name_key_stored()): an owner's login name and most customers'
	 * names in ASCII, 26 of an imported complaint's bytes. The indexes
	 * hold the key either way.
	 */
	"UPDATE complaint SET customer_key = NULL"
	"  WHERE customer_key = customer COLLATE NOCASE;"
	"UPDATE complaint SET owner_key = NULL"
	"  WHERE owner_key = owner COLLATE NOCASE;"
	"DROP INDEX complaint_customer_key;"
	"DROP INDEX complaint_owner_key;"
	"CREATE INDEX complaint_customer_key ON complaint("
	"  " SCHEMA_CUSTOMER_KEY ");"
	"CREATE INDEX complaint_owner_key ON complaint("
	"  " SCHEMA_OWNER_KEY ", status, received_at);",

	/*
	 * 20 (issue 19): an import's creation stores its hash only at every
	 * CHAIN_STORED_EVERY-th event and at the last of its transaction
	 * (chain.h), the rest proven by the next stored: 32 of an imported
	 * complaint's bytes. The guards let such an event in, and let its
	 * erasure redact it.
	 */
	/* clang-format off */
	"DROP TRIGGER event_append_only_update;"
	"DROP TRIGGER event_chained;"
	TRIGGER_EVENT_UPDATE ";"
	TRIGGER_EVENT_CHAINED ";",
	/* clang-format on */
};

int
schema_latest(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *
schema_migration(int version)
{
	if (version < 1 || version > schema_latest())
		return NULL;
	return migrations[version - 1];
}
