/*
 * The PostgreSQL schema: the SQLite schema at its version 14
 * (sqlite_schema.c, every migration folded into one creation), in the
 * schema "complaint" (the connection's search_path), created on first
 * use under an advisory lock (pg_advisory_xact_lock) so that two first
 * users take turns, with its version in schema_version. Later versions
 * are migrations from 14 on, as on SQLite (pg_migrations[]: never edit
 * one that has shipped).
 *
 * Differences from SQLite, each for a reason:
 *   - head: one row, locked FOR UPDATE by every write transaction
 *     (pg_begin): the BEGIN IMMEDIATE of SQLite. Ids (complaints,
 *     events, ideas, attachments) are max(id) + 1 read under that lock,
 *     as SQLite's rowids: gapless and never reused (rows of complaint
 *     and event are never deleted). Never a SEQUENCE: a rolled-back
 *     nextval() leaves a gap in the references.
 *   - history guards are PL/pgSQL triggers, allowing exactly what the
 *     SQLite guards allow, plus a TRUNCATE guard (SQLite has none);
 *     event.changes is text, not jsonb, so the bytes hashed are the
 *     bytes kept, in their order.
 *   - complaint_fts: each complaint's search words, a tsvector with a
 *     GIN index ('simple' configuration: no stemming, as unicode61;
 *     accents off when the unaccent extension is there), kept by
 *     triggers from the view complaint_fts_src, which gives the text in
 *     the columns of SQLite's FTS5 table; the text is not copied
 *     (schema 16). search's queries are pg_attach.c's.
 *   - roles (when the connecting role may create them, or they exist
 *     and it is a member of the owner): complaint_owner owns the schema
 *     and every table, trigger and function; complaint_agent, which
 *     agents' logins are granted, may read, insert and make only the
 *     updates the tool makes: never TRUNCATE, never DELETE from the
 *     history, never alter or disable a trigger (only an owner may).
 *     Without those rights the tables belong to the connecting role
 *     and no grants are made (complaint-postgresql(7)).
 */
#include <stdio.h>
#include <string.h>

#include "store/pg.h"

/* An advisory lock key of our own: "CMPL", as SQLite's application id. */
#define PG_SCHEMA_LOCK "1129139276"

/*
 * The guards, each a function and its trigger. verify compares the
 * function's body (pg_proc.prosrc keeps it byte for byte), the trigger's
 * definition as the server prints it, and that it is enabled.
 */
#define GUARD_UPDATE_BODY_14 \
	"\nBEGIN\n" \
	"  IF NEW.id IS NOT DISTINCT FROM OLD.id\n" \
	"    AND NEW.complaint_id IS NOT DISTINCT FROM OLD.complaint_id\n" \
	"    AND NEW.at IS NOT DISTINCT FROM OLD.at\n" \
	"    AND NEW.actor IS NOT DISTINCT FROM OLD.actor\n" \
	"    AND NEW.account IS NOT DISTINCT FROM OLD.account\n" \
	"    AND NEW.action IS NOT DISTINCT FROM OLD.action\n" \
	"    AND NEW.detail IS NOT DISTINCT FROM OLD.detail\n" \
	"    AND ((OLD.redacted = 0 AND NEW.redacted = 1\n" \
	"          AND OLD.hash IS NOT NULL\n" \
	"          AND NEW.hash IS NOT DISTINCT FROM OLD.hash\n" \
	"          AND NEW.digest IS NOT DISTINCT FROM OLD.digest)\n" \
	"      OR (OLD.hash IS NULL AND OLD.digest IS NULL\n" \
	"          AND NEW.redacted IS NOT DISTINCT FROM OLD.redacted\n" \
	"          AND NEW.changes IS NOT DISTINCT FROM OLD.changes\n" \
	"          AND NEW.note IS NOT DISTINCT FROM OLD.note)) THEN\n" \
	"    RETURN NEW;\n" \
	"  END IF;\n" \
	"  RAISE EXCEPTION 'history is append-only';\n" \
	"END\n"
#define GUARD_REFUSE_BODY \
	"\nBEGIN\n" \
	"  RAISE EXCEPTION 'history is append-only';\n" \
	"END\n"
#define GUARD_CHAINED_BODY_14 \
	"\nBEGIN\n" \
	"  IF NEW.hash IS NULL OR NEW.digest IS NULL OR NEW.redacted <> 0\n" \
	"      OR NEW.account IS NULL THEN\n" \
	"    RAISE EXCEPTION 'history events are hash-chained';\n" \
	"  END IF;\n" \
	"  RETURN NEW;\n" \
	"END\n"

/*
 * The guards as migration 15 made them, SQLite's of its migration 15
 * (sqlite_schema.c): an event's form never changes; an EVENT_CREATED
 * event (complaint.h) stores neither changes nor a digest at insert,
 * every other one both; its erasure stores the digest it was chained
 * with (and the changes it showed, redacted) once.
 */
#define GUARD_UPDATE_BODY_15 \
	"\nBEGIN\n" \
	"  IF NEW.id IS NOT DISTINCT FROM OLD.id\n" \
	"    AND NEW.complaint_id IS NOT DISTINCT FROM OLD.complaint_id\n" \
	"    AND NEW.at IS NOT DISTINCT FROM OLD.at\n" \
	"    AND NEW.actor IS NOT DISTINCT FROM OLD.actor\n" \
	"    AND NEW.account IS NOT DISTINCT FROM OLD.account\n" \
	"    AND NEW.action IS NOT DISTINCT FROM OLD.action\n" \
	"    AND NEW.detail IS NOT DISTINCT FROM OLD.detail\n" \
	"    AND NEW.form IS NOT DISTINCT FROM OLD.form\n" \
	"    AND ((OLD.redacted = 0 AND NEW.redacted = 1\n" \
	"          AND OLD.hash IS NOT NULL\n" \
	"          AND NEW.hash IS NOT DISTINCT FROM OLD.hash\n" \
	"          AND (NEW.digest IS NOT DISTINCT FROM OLD.digest\n" \
	"            OR (OLD.form IS NOT DISTINCT FROM 1\n" \
	"                AND OLD.digest IS NULL AND NEW.digest IS NOT NULL)))\n" \
	"      OR (OLD.hash IS NULL AND OLD.digest IS NULL\n" \
	"          AND NEW.redacted IS NOT DISTINCT FROM OLD.redacted\n" \
	"          AND NEW.changes IS NOT DISTINCT FROM OLD.changes\n" \
	"          AND NEW.note IS NOT DISTINCT FROM OLD.note)) THEN\n" \
	"    RETURN NEW;\n" \
	"  END IF;\n" \
	"  RAISE EXCEPTION 'history is append-only';\n" \
	"END\n"
/*
 * The update guard as migrations 17 and 20 made it, SQLite's of its 17
 * and 20: an import's note names its file by reference (import_file),
 * which only the erasure of the note clears (17); an erasure redacts an
 * event whose hash REDACTABLE says it may (17: one that stores its hash;
 * 20: an import's creation too, which may store none).
 */
#define GUARD_UPDATE_BODY_OF(redactable) \
	"\nBEGIN\n" \
	"  IF NEW.id IS NOT DISTINCT FROM OLD.id\n" \
	"    AND NEW.complaint_id IS NOT DISTINCT FROM OLD.complaint_id\n" \
	"    AND NEW.at IS NOT DISTINCT FROM OLD.at\n" \
	"    AND NEW.actor IS NOT DISTINCT FROM OLD.actor\n" \
	"    AND NEW.account IS NOT DISTINCT FROM OLD.account\n" \
	"    AND NEW.action IS NOT DISTINCT FROM OLD.action\n" \
	"    AND NEW.detail IS NOT DISTINCT FROM OLD.detail\n" \
	"    AND NEW.form IS NOT DISTINCT FROM OLD.form\n" \
	"    AND (NEW.import_file IS NOT DISTINCT FROM OLD.import_file\n" \
	"      OR (OLD.redacted = 0 AND NEW.redacted = 1\n" \
	"          AND NEW.import_file IS NULL))\n" \
	"    AND ((OLD.redacted = 0 AND NEW.redacted = 1\n" \
	redactable \
	"          AND NEW.hash IS NOT DISTINCT FROM OLD.hash\n" \
	"          AND (NEW.digest IS NOT DISTINCT FROM OLD.digest\n" \
	"            OR (OLD.form IS NOT DISTINCT FROM 1\n" \
	"                AND OLD.digest IS NULL AND NEW.digest IS NOT NULL)))\n" \
	"      OR (OLD.hash IS NULL AND OLD.digest IS NULL\n" \
	"          AND NEW.redacted IS NOT DISTINCT FROM OLD.redacted\n" \
	"          AND NEW.changes IS NOT DISTINCT FROM OLD.changes\n" \
	"          AND NEW.note IS NOT DISTINCT FROM OLD.note)) THEN\n" \
	"    RETURN NEW;\n" \
	"  END IF;\n" \
	"  RAISE EXCEPTION 'history is append-only';\n" \
	"END\n"
#define GUARD_UPDATE_BODY_17 \
	GUARD_UPDATE_BODY_OF("          AND OLD.hash IS NOT NULL\n")
#define GUARD_UPDATE_BODY \
	GUARD_UPDATE_BODY_OF("          AND (OLD.hash IS NOT NULL\n" \
	"            OR OLD.form IS NOT DISTINCT FROM 1)\n")

/*
 * The insert guard as migrations 15 and 20 made it, SQLite's of its 15
 * and 20: an EVENT_CREATED event stores neither changes nor a digest,
 * every other one both; UNCHAINED says which events may not come
 * without a hash (15: none may; 20: all but an import's creation).
 */
#define GUARD_CHAINED_BODY_OF(unchained) \
	"\nBEGIN\n" \
	"  IF " unchained \
	"      OR (NEW.form IS NOT DISTINCT FROM 1\n" \
	"        AND (NEW.digest IS NOT NULL OR NEW.changes IS NOT NULL))\n" \
	"      OR (NEW.form IS DISTINCT FROM 1\n" \
	"        AND (NEW.digest IS NULL\n" \
	"          OR (NEW.form IS NOT NULL AND NEW.form <> 0))) THEN\n" \
	"    RAISE EXCEPTION 'history events are hash-chained';\n" \
	"  END IF;\n" \
	"  RETURN NEW;\n" \
	"END\n"
#define GUARD_CHAINED_BODY_15 \
	GUARD_CHAINED_BODY_OF("NEW.hash IS NULL OR NEW.redacted <> 0" \
	" OR NEW.account IS NULL\n")
#define GUARD_CHAINED_BODY \
	GUARD_CHAINED_BODY_OF("(NEW.hash IS NULL AND NEW.form IS DISTINCT" \
	" FROM 1)\n      OR NEW.redacted <> 0 OR NEW.account IS NULL\n")

static const struct guard {
	const char *trigger;
	const char *function;
	const char *body;
	const char *def;     /* pg_get_triggerdef() of the trigger */
} guards[] = {
	{ "event_append_only_update", "event_guard_update", GUARD_UPDATE_BODY,
	  "CREATE TRIGGER event_append_only_update BEFORE UPDATE ON"
	  " complaint.event FOR EACH ROW EXECUTE FUNCTION"
	  " event_guard_update()" },
	{ "event_append_only_delete", "event_guard_refuse", GUARD_REFUSE_BODY,
	  "CREATE TRIGGER event_append_only_delete BEFORE DELETE ON"
	  " complaint.event FOR EACH ROW EXECUTE FUNCTION"
	  " event_guard_refuse()" },
	{ "event_append_only_truncate", "event_guard_refuse",
	  GUARD_REFUSE_BODY,
	  "CREATE TRIGGER event_append_only_truncate BEFORE TRUNCATE ON"
	  " complaint.event FOR EACH STATEMENT EXECUTE FUNCTION"
	  " event_guard_refuse()" },
	{ "event_chained", "event_guard_chained", GUARD_CHAINED_BODY,
	  "CREATE TRIGGER event_chained BEFORE INSERT ON complaint.event"
	  " FOR EACH ROW EXECUTE FUNCTION event_guard_chained()" },
};

/* Version PG_SCHEMA_CREATED, whole: the tables, as SQLite has them
 * after that migration (same columns, same checks; SQLite's later
 * ALTERs put their columns last, as here), and their indexes. */
static const char schema_created[] =
	"CREATE TABLE head ("
	"  one boolean PRIMARY KEY DEFAULT true CHECK (one)"
	");"
	"INSERT INTO head VALUES (true);"
	"CREATE TABLE schema_version ("
	"  one boolean PRIMARY KEY DEFAULT true CHECK (one),"
	"  version integer NOT NULL"
	");"
	"CREATE TABLE complaint ("
	"  id                bigint PRIMARY KEY,"
	"  status            text NOT NULL CHECK (status IN"
	"                    ('new','acknowledged','assessed','resolved','closed')),"
	"  received_at       bigint NOT NULL,"
	"  channel           text NOT NULL,"
	"  customer          text NOT NULL,"
	"  contact           text,"
	"  customer_id       text,"
	"  owner             text NOT NULL,"
	"  department        text,"
	"  category          text,"
	"  severity          text,"
	"  impact            bigint,"
	"  urgency           bigint,"
	"  priority          bigint,"
	"  justified         text CHECK (justified IN ('yes','no','unknown')),"
	"  complex           bigint NOT NULL DEFAULT 0,"
	"  assessed          bigint NOT NULL DEFAULT 0,"
	"  level             bigint NOT NULL DEFAULT 0,"
	"  public            bigint NOT NULL DEFAULT 0,"
	"  summary           text,"
	"  details           text,"
	"  ack_due           bigint,"
	"  acknowledged_at   bigint,"
	"  ack_via           text,"
	"  eta               bigint,"
	"  resolve_due       bigint,"
	"  resolved_at       bigint,"
	"  first_contact     bigint NOT NULL DEFAULT 0,"
	"  closed_at         bigint,"
	"  reviewed_at       bigint,"
	"  resolution        text,"
	"  remedy            text,"
	"  amount            bigint,"
	"  root_cause        text,"
	"  lessons           text,"
	"  contacts          bigint NOT NULL DEFAULT 1,"
	"  repeat_of         bigint REFERENCES complaint(id),"
	"  callback_due      bigint,"
	"  followup_due      bigint,"
	"  followup_attempts bigint NOT NULL DEFAULT 0,"
	"  satisfied         text CHECK (satisfied IN ('yes','no')),"
	"  updated_at        bigint NOT NULL,"
	"  source            text,"
	"  source_id         text,"
	"  customer_key      text,"
	"  owner_key         text,"
	"  last_event        bigint,"
	"  regime            text,"
	"  holding_due       bigint,"
	"  voided_at         bigint,"
	"  merged_into       bigint REFERENCES complaint(id),"
	"  vulnerable        bigint NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX complaint_status ON complaint(status, received_at);"
	"CREATE INDEX complaint_received ON complaint(received_at);"
	"CREATE INDEX complaint_resolved ON complaint(resolved_at)"
	"  WHERE resolved_at IS NOT NULL;"
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
	"CREATE INDEX complaint_open ON complaint(id)"
	"  WHERE status NOT IN ('resolved', 'closed');"
	"CREATE INDEX complaint_ack_pending ON complaint(ack_due)"
	"  WHERE acknowledged_at IS NULL"
	"  AND status NOT IN ('resolved', 'closed');"
	"CREATE INDEX complaint_resolve_pending ON complaint(resolve_due)"
	"  WHERE status NOT IN ('resolved', 'closed');"
	"CREATE INDEX complaint_customer_key ON complaint(customer_key);"
	"CREATE INDEX complaint_owner_key ON complaint(owner_key, status,"
	"  received_at);"
	"CREATE INDEX complaint_holding ON complaint(holding_due)"
	"  WHERE holding_due IS NOT NULL;"
	/* PostgreSQL indexes no foreign key by itself: show's merged list. */
	"CREATE INDEX complaint_merged ON complaint(merged_into)"
	"  WHERE merged_into IS NOT NULL;"
	"CREATE TABLE event ("
	"  id           bigint PRIMARY KEY,"
	"  complaint_id bigint NOT NULL REFERENCES complaint(id),"
	"  at           bigint NOT NULL,"
	"  actor        text NOT NULL,"
	"  action       text NOT NULL,"
	"  changes      text,"
	"  note         text,"
	"  hash         text,"
	"  digest       text,"
	"  redacted     integer NOT NULL DEFAULT 0,"
	"  account      text,"
	"  detail       text"
	");"
	"CREATE INDEX event_complaint ON event(complaint_id, id);"
	"CREATE TABLE rule_fired ("
	"  complaint_id bigint NOT NULL REFERENCES complaint(id),"
	"  rule         text NOT NULL,"
	"  at           bigint NOT NULL,"
	"  PRIMARY KEY (complaint_id, rule)"
	");"
	"CREATE TABLE idea ("
	"  id           bigint PRIMARY KEY,"
	"  complaint_id bigint REFERENCES complaint(id),"
	"  idea         text NOT NULL,"
	"  status       text NOT NULL DEFAULT 'proposed' CHECK (status IN"
	"               ('proposed','agreed','rejected','done')),"
	"  proposed_at  bigint NOT NULL,"
	"  proposed_by  text NOT NULL,"
	"  decided_at   bigint"
	");"
	"CREATE INDEX idea_proposed ON idea(proposed_at);"
	"CREATE INDEX idea_complaint ON idea(complaint_id)"
	"  WHERE complaint_id IS NOT NULL;"
	"CREATE TABLE attachment_blob ("
	"  id     bigint PRIMARY KEY,"
	"  size   bigint NOT NULL,"
	"  data   bytea NOT NULL"
	");"
	/* Uncompressed out of line, so that attach --get reads a
	 * file back a slice at a time (substring() reads only the slice). */
	"ALTER TABLE attachment_blob ALTER COLUMN data SET STORAGE EXTERNAL;"
	"CREATE TABLE attachment ("
	"  id           bigint PRIMARY KEY,"
	"  complaint_id bigint NOT NULL REFERENCES complaint(id),"
	"  blob_id      bigint REFERENCES attachment_blob(id),"
	"  sha256       text NOT NULL,"
	"  name         text NOT NULL,"
	"  type         text NOT NULL,"
	"  size         bigint NOT NULL,"
	"  added_at     bigint NOT NULL,"
	"  added_by     text NOT NULL"
	");"
	"CREATE INDEX attachment_complaint ON attachment(complaint_id, id);"
	"CREATE INDEX attachment_blob_ref ON attachment(blob_id)"
	"  WHERE blob_id IS NOT NULL;"
	"CREATE INDEX attachment_sha256 ON attachment(sha256)"
	"  WHERE blob_id IS NOT NULL;"
	/* Search's words: lower-cased without stemming (the
	 * 'simple' dictionary), their accents taken off first when the
	 * unaccent extension is there (unaccent_sql). */
	"DO $$\n"
	"DECLARE d text;\n"
	"BEGIN\n"
	"  CREATE TEXT SEARCH CONFIGURATION complaint_words"
	" (COPY = pg_catalog.simple);\n"
	"  SELECT format('%I.%I', n.nspname, t.dictname) INTO d"
	" FROM pg_ts_dict t JOIN pg_namespace n ON n.oid = t.dictnamespace"
	" WHERE t.dictname = 'unaccent' LIMIT 1;\n"
	"  IF d IS NOT NULL THEN\n"
	"    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION complaint_words"
	" ALTER MAPPING FOR asciiword, word, numword, asciihword, hword,"
	" numhword, hword_asciipart, hword_part, hword_numpart"
	" WITH %s, simple', d);\n"
	"  END IF;\n"
	"END\n$$;"
	/* The words of the search index split as FTS5's unicode61
	 * splits them, at every ASCII character not a letter or digit
	 * (the default parser would keep "receipt-toaster.pdf" or
	 * "ann@example.com" whole, and "receipt" would not find it);
	 * pg_attach.c splits the words of a query alike. */
	"CREATE FUNCTION complaint_fts_words(text) RETURNS text"
	"  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS"
	"  $$SELECT regexp_replace($1,"
	"  '[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+', ' ', 'g')$$;"
	"CREATE TABLE complaint_fts ("
	"  complaint_id  bigint PRIMARY KEY REFERENCES complaint(id),"
	"  f_summary     text,"
	"  f_details     text,"
	"  f_notes       text,"
	"  f_resolution  text,"
	"  f_root_cause  text,"
	"  f_lessons     text,"
	"  f_attachments text,"
	"  doc           tsvector GENERATED ALWAYS AS (to_tsvector("
	"    'complaint_words',"
	"    complaint_fts_words("
	"    coalesce(f_summary, '') || ' ' || coalesce(f_details, '') || ' ' ||"
	"    coalesce(f_notes, '') || ' ' || coalesce(f_resolution, '') || ' ' ||"
	"    coalesce(f_root_cause, '') || ' ' || coalesce(f_lessons, '') ||"
	"    ' ' || coalesce(f_attachments, '')))) STORED"
	");"
	"CREATE INDEX complaint_fts_doc ON complaint_fts USING gin(doc);"
	/* As SQLite's search trigger did up to its schema 15: every write
	 * appends an event after the complaint's row and attachments are
	 * written. Runs as the owner, so agents need no right to write the
	 * index. */
	"CREATE FUNCTION complaint_fts_sync() RETURNS trigger"
	"  LANGUAGE plpgsql SECURITY DEFINER"
	"  SET search_path = complaint, pg_temp AS $$\n"
	"BEGIN\n"
	"  DELETE FROM complaint.complaint_fts"
	" WHERE complaint_id = NEW.complaint_id;\n"
	"  INSERT INTO complaint.complaint_fts(complaint_id, f_summary,"
	" f_details, f_notes, f_resolution, f_root_cause, f_lessons,"
	" f_attachments)\n"
	"  SELECT c.id, c.summary, c.details,"
	" (SELECT string_agg(e.note, ' ' ORDER BY e.id) FROM complaint.event e"
	" WHERE e.complaint_id = c.id AND e.note IS NOT NULL),"
	" c.resolution, c.root_cause, c.lessons,"
	" (SELECT string_agg(a.name, ' ' ORDER BY a.id)"
	" FROM complaint.attachment a WHERE a.complaint_id = c.id)"
	" FROM complaint.complaint c WHERE c.id = NEW.complaint_id;\n"
	"  RETURN NULL;\n"
	"END\n$$;"
	"CREATE TRIGGER complaint_fts_sync AFTER INSERT ON event"
	"  FOR EACH ROW EXECUTE FUNCTION complaint_fts_sync();"
	"CREATE TABLE idempotency ("
	"  key     text PRIMARY KEY,"
	"  digest  text NOT NULL,"
	"  command text NOT NULL,"
	"  at      bigint NOT NULL,"
	"  status  integer NOT NULL,"
	"  stdout  bytea NOT NULL"
	");"
	"CREATE INDEX idempotency_at ON idempotency(at);"
	/* The guards (their bodies are the GUARD_* texts). */
	"CREATE FUNCTION event_guard_update() RETURNS trigger"
	"  LANGUAGE plpgsql AS $$" GUARD_UPDATE_BODY_14 "$$;"
	"CREATE FUNCTION event_guard_refuse() RETURNS trigger"
	"  LANGUAGE plpgsql AS $$" GUARD_REFUSE_BODY "$$;"
	"CREATE FUNCTION event_guard_chained() RETURNS trigger"
	"  LANGUAGE plpgsql AS $$" GUARD_CHAINED_BODY_14 "$$;"
	"CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event"
	"  FOR EACH ROW EXECUTE FUNCTION event_guard_update();"
	"CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event"
	"  FOR EACH ROW EXECUTE FUNCTION event_guard_refuse();"
	"CREATE TRIGGER event_append_only_truncate BEFORE TRUNCATE ON event"
	"  FOR EACH STATEMENT EXECUTE FUNCTION event_guard_refuse();"
	"CREATE TRIGGER event_chained BEFORE INSERT ON event"
	"  FOR EACH ROW EXECUTE FUNCTION event_guard_chained();"
	/* SQLite's 13: the Message-IDs of mail and --send. */
	"CREATE TABLE message_id ("
	"  message_id   text NOT NULL,"
	"  complaint_id bigint NOT NULL REFERENCES complaint(id),"
	"  direction    text NOT NULL CHECK (direction IN ('in', 'out')),"
	"  at           bigint NOT NULL"
	");"
	"CREATE UNIQUE INDEX message_id_unique ON message_id(message_id);"
	"CREATE INDEX message_id_complaint ON message_id(complaint_id);"
	"INSERT INTO schema_version(version) VALUES (" PG_SCHEMA_CREATED_TEXT ");";

/* What the application role may do: what the tool does, no more. The
 * event table's UPDATE is the erasure's redaction, which the guard
 * narrows further; DELETE only where the tool deletes (erased bytes,
 * expired idempotency keys). */
static const char grants_agent[] =
	"GRANT USAGE ON SCHEMA complaint TO " PG_ROLE_AGENT ";"
	"GRANT SELECT ON schema_version, complaint_fts TO " PG_ROLE_AGENT ";"
	"GRANT SELECT, UPDATE ON head TO " PG_ROLE_AGENT ";"
	"GRANT SELECT, INSERT, UPDATE ON complaint, idea, attachment"
	"  TO " PG_ROLE_AGENT ";"
	"GRANT SELECT, INSERT, UPDATE (changes, note, redacted, digest, hash)"
	"  ON event TO " PG_ROLE_AGENT ";"
	"GRANT SELECT, INSERT ON rule_fired TO " PG_ROLE_AGENT ";"
	"GRANT SELECT, INSERT, DELETE ON attachment_blob TO " PG_ROLE_AGENT ";"
	"GRANT SELECT, INSERT, DELETE ON message_id TO " PG_ROLE_AGENT ";"
	"GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency"
	"  TO " PG_ROLE_AGENT ";";

/*
 * The unaccent extension (PostgreSQL's contrib, trusted: a
 * database owner may create it), so that search ignores accents as
 * SQLite's FTS5 index does; without it (not installed, or no right to
 * create it) accents count, which complaint-search(1) says.
 */
static const char unaccent_sql[] =
	"DO $$\n"
	"BEGIN\n"
	"  CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA complaint;\n"
	"EXCEPTION WHEN OTHERS THEN\n"
	"  NULL;\n"
	"END\n$$";

/*
 * The roles, created when missing and the connecting role may create
 * roles; then the connecting role joins the owner (so it can create the
 * schema for it). One answer: whether the owner role is usable.
 */
static const char roles_sql[] =
	"DO $$\n"
	"DECLARE me record;\n"
	"BEGIN\n"
	"  SELECT rolsuper, rolcreaterole INTO me FROM pg_roles"
	"   WHERE rolname = current_user;\n"
	"  IF NOT (me.rolsuper OR me.rolcreaterole) THEN RETURN; END IF;\n"
	"  BEGIN\n"
	"    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
	PG_ROLE_OWNER "') THEN\n"
	"      CREATE ROLE " PG_ROLE_OWNER " NOLOGIN;\n"
	"    END IF;\n"
	"    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
	PG_ROLE_AGENT "') THEN\n"
	"      CREATE ROLE " PG_ROLE_AGENT " NOLOGIN;\n"
	"    END IF;\n"
	"    IF NOT me.rolsuper AND NOT pg_has_role(current_user, '"
	PG_ROLE_OWNER "', 'MEMBER') THEN\n"
	"      EXECUTE format('GRANT " PG_ROLE_OWNER " TO %I', current_user);\n"
	"    END IF;\n"
	"  EXCEPTION WHEN duplicate_object OR insufficient_privilege THEN\n"
	"    NULL;\n"
	"  END;\n"
	"END\n$$";

static const char roles_usable_sql[] =
	"SELECT ((SELECT count(*) FROM pg_roles WHERE rolname IN ('"
	PG_ROLE_OWNER "', '" PG_ROLE_AGENT "')) = 2"
	" AND pg_has_role(current_user, '" PG_ROLE_OWNER "', 'MEMBER'))::int";

/* The note of event e that search indexes (migration 15): all of it,
 * but of an import's only what follows its first line. */
#define PG_FTS_NOTE \
	"CASE WHEN e.action = 'import'" \
	" THEN nullif(substr(e.note, strpos(e.note, chr(10)) + 1), e.note)" \
	" ELSE e.note END"

/* For the fill of complaint_fts from complaint $1 on (migrations 15 and
 * 16): the notes (n.notes) and attachment names (a.names) of every
 * complaint c at once, grouped, where the trigger looks up one
 * complaint's. */
#define PG_FTS_FILL_JOINS \
	" LEFT JOIN (SELECT e.complaint_id, string_agg(" PG_FTS_NOTE ", ' '" \
	" ORDER BY e.id) AS notes FROM complaint.event e" \
	" WHERE e.complaint_id >= $1 AND e.note IS NOT NULL" \
	" GROUP BY e.complaint_id) n ON n.complaint_id = c.id" \
	" LEFT JOIN (SELECT complaint_id, string_agg(name, ' ' ORDER BY id)" \
	" AS names FROM complaint.attachment WHERE complaint_id >= $1" \
	" GROUP BY complaint_id) a ON a.complaint_id = c.id"

/* The words complaint_fts holds for the text v gives (a row of
 * complaint_fts_src, migration 16): as the generated column of the
 * created schema made them. */
#define PG_FTS_DOC(v) \
	"to_tsvector('complaint_words', complaint_fts_words(" \
	"coalesce(" v ".f_summary, '') || ' ' || coalesce(" v ".f_details, '')" \
	" || ' ' || coalesce(" v ".f_notes, '') || ' ' ||" \
	" coalesce(" v ".f_resolution, '') || ' ' ||" \
	" coalesce(" v ".f_root_cause, '') || ' ' ||" \
	" coalesce(" v ".f_lessons, '') || ' ' ||" \
	" coalesce(" v ".f_attachments, '')))"

/*
 * Migrations after PG_SCHEMA_CREATED: [0] takes it to the next, and so
 * on. Adding one: its SQL here (the NULL stands in while there is none,
 * as C has no empty array) and PG_SCHEMA_LATEST in pg.h one higher; a
 * new database gets schema_created and then each of them, in the same
 * transaction.
 */
static const char *const pg_migrations[] = {
	/*
	 * 15, SQLite's 15 (issue 19): an imported complaint's creation
	 * event stores no changes (form 1, EVENT_CREATED in complaint.h);
	 * the guards learn the form. The search index's trigger stands
	 * aside while an import's bulk load (complaint.bulk, pg_bulk.c)
	 * fills the index once at its end (complaint_fts_fill). The agent
	 * role's INSERT and SELECT on event are the table's: they cover
	 * the new column.
	 */
	"ALTER TABLE complaint.event ADD COLUMN form smallint;"
	"CREATE OR REPLACE FUNCTION complaint.event_guard_update()"
	"  RETURNS trigger LANGUAGE plpgsql AS $$" GUARD_UPDATE_BODY_15 "$$;"
	"CREATE OR REPLACE FUNCTION complaint.event_guard_chained()"
	"  RETURNS trigger LANGUAGE plpgsql AS $$" GUARD_CHAINED_BODY_15 "$$;"
	/*
	 * Search leaves out the first line of import's note (the file and
	 * line a complaint came from: a number of its own in every
	 * imported complaint, which only grew the index), as SQLite's 15
	 * does (SCHEMA_FTS_NOTES in sqlite_schema.h); the notes a file
	 * brought after it are searched. The trigger's function says it,
	 * and the index is filled again at the end.
	 */
	"CREATE OR REPLACE FUNCTION complaint.complaint_fts_sync()"
	"  RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
	"  SET search_path = complaint, pg_temp AS $$\n"
	"BEGIN\n"
	"  DELETE FROM complaint.complaint_fts"
	" WHERE complaint_id = NEW.complaint_id;\n"
	"  INSERT INTO complaint.complaint_fts(complaint_id, f_summary,"
	" f_details, f_notes, f_resolution, f_root_cause, f_lessons,"
	" f_attachments)\n"
	"  SELECT c.id, c.summary, c.details,"
	" (SELECT string_agg(" PG_FTS_NOTE ", ' ' ORDER BY e.id)"
	" FROM complaint.event e"
	" WHERE e.complaint_id = c.id AND e.note IS NOT NULL),"
	" c.resolution, c.root_cause, c.lessons,"
	" (SELECT string_agg(a.name, ' ' ORDER BY a.id)"
	" FROM complaint.attachment a WHERE a.complaint_id = c.id)"
	" FROM complaint.complaint c WHERE c.id = NEW.complaint_id;\n"
	"  RETURN NULL;\n"
	"END\n$$;"
	/* A WHEN, not a test in the function: an AFTER trigger's WHEN is
	 * read as the row is written, so a bulk load's rows queue no call
	 * (the call alone, a SECURITY DEFINER's, cost 4.7 us a row). */
	"DROP TRIGGER complaint_fts_sync ON complaint.event;"
	"CREATE TRIGGER complaint_fts_sync AFTER INSERT ON complaint.event"
	"  FOR EACH ROW"
	"  WHEN (current_setting('complaint.bulk', true) IS DISTINCT FROM 'on')"
	"  EXECUTE FUNCTION complaint.complaint_fts_sync();"
	/* The index is derived from complaint, whose rows are never
	 * deleted: its foreign key judged every index row again, 7 us a
	 * row of an import's fill (a tenth of a bulk load's time). */
	"ALTER TABLE complaint.complaint_fts"
	"  DROP CONSTRAINT IF EXISTS complaint_fts_complaint_id_fkey;"
	/* What the trigger writes, for every complaint from id $1 on at
	 * once (a bulk load's end): as the owner, as the trigger runs. */
	"CREATE OR REPLACE FUNCTION complaint.complaint_fts_fill(bigint)"
	"  RETURNS void"
	"  LANGUAGE sql SECURITY DEFINER"
	"  SET search_path = complaint, pg_temp AS $$"
	"  DELETE FROM complaint.complaint_fts WHERE complaint_id >= $1;"
	"  INSERT INTO complaint.complaint_fts(complaint_id, f_summary,"
	" f_details, f_notes, f_resolution, f_root_cause, f_lessons,"
	" f_attachments)"
	"  SELECT c.id, c.summary, c.details, n.notes, c.resolution,"
	" c.root_cause, c.lessons, a.names FROM complaint.complaint c"
	PG_FTS_FILL_JOINS
	" WHERE c.id >= $1$$;"
	"SELECT complaint.complaint_fts_fill(0);",

	/*
	 * 16, SQLite's 16 (issue 19): the search index keeps the words
	 * (doc) but no copy of the text, which search reads for its
	 * snippets from the view complaint_fts_src: the copy was a fifth
	 * of an imported complaint's bytes. The trigger and the fill write
	 * the words of what the view gives. The agent reads the view (as
	 * its owner reads the tables), never the tables behind it.
	 */
	"CREATE VIEW complaint.complaint_fts_src AS"
	"  SELECT c.id AS complaint_id, c.summary AS f_summary,"
	"  c.details AS f_details,"
	"  (SELECT string_agg(" PG_FTS_NOTE ", ' ' ORDER BY e.id)"
	"   FROM complaint.event e"
	"   WHERE e.complaint_id = c.id AND e.note IS NOT NULL) AS f_notes,"
	"  c.resolution AS f_resolution, c.root_cause AS f_root_cause,"
	"  c.lessons AS f_lessons,"
	"  (SELECT string_agg(a.name, ' ' ORDER BY a.id)"
	"   FROM complaint.attachment a WHERE a.complaint_id = c.id)"
	"  AS f_attachments"
	"  FROM complaint.complaint c;"
	"DROP TABLE complaint.complaint_fts;"
	"CREATE TABLE complaint.complaint_fts ("
	"  complaint_id bigint PRIMARY KEY,"
	"  doc          tsvector NOT NULL"
	");"
	"CREATE INDEX complaint_fts_doc ON complaint.complaint_fts"
	"  USING gin(doc);"
	"GRANT SELECT ON complaint.complaint_fts, complaint.complaint_fts_src"
	"  TO " PG_ROLE_AGENT ";"
	"CREATE OR REPLACE FUNCTION complaint.complaint_fts_sync()"
	"  RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
	"  SET search_path = complaint, pg_temp AS $$\n"
	"BEGIN\n"
	"  DELETE FROM complaint.complaint_fts"
	" WHERE complaint_id = NEW.complaint_id;\n"
	"  INSERT INTO complaint.complaint_fts(complaint_id, doc)"
	" SELECT v.complaint_id, " PG_FTS_DOC("v")
	" FROM complaint.complaint_fts_src v"
	" WHERE v.complaint_id = NEW.complaint_id;\n"
	"  RETURN NULL;\n"
	"END\n$$;"
	"CREATE OR REPLACE FUNCTION complaint.complaint_fts_fill(bigint)"
	"  RETURNS void"
	"  LANGUAGE sql SECURITY DEFINER"
	"  SET search_path = complaint, pg_temp AS $$"
	"  DELETE FROM complaint.complaint_fts WHERE complaint_id >= $1;"
	"  INSERT INTO complaint.complaint_fts(complaint_id, doc)"
	"  SELECT v.complaint_id, " PG_FTS_DOC("v") " FROM (SELECT"
	" c.id AS complaint_id, c.summary AS f_summary, c.details AS f_details,"
	" n.notes AS f_notes, c.resolution AS f_resolution,"
	" c.root_cause AS f_root_cause, c.lessons AS f_lessons,"
	" a.names AS f_attachments FROM complaint.complaint c"
	PG_FTS_FILL_JOINS
	" WHERE c.id >= $1) v$$;"
	"SELECT complaint.complaint_fts_fill(0);",

	/*
	 * 17, SQLite's 17 (issue 19): an import's creation note names its
	 * file by reference, each file's name stored once; readers give
	 * the note back whole (PG_EVENT_NOTE in pg.h). Ids as every
	 * table's, max(id) + 1 under the head lock. The agent role may
	 * add a file, clear an event's reference and delete a file no
	 * event names (the erasure), where the roles are ours.
	 */
	"CREATE TABLE complaint.import_file ("
	"  id   bigint PRIMARY KEY,"
	"  name text NOT NULL UNIQUE"
	");"
	"ALTER TABLE complaint.event ADD COLUMN import_file bigint"
	"  REFERENCES complaint.import_file(id);"
	"CREATE OR REPLACE FUNCTION complaint.event_guard_update()"
	"  RETURNS trigger LANGUAGE plpgsql AS $$" GUARD_UPDATE_BODY_17 "$$;"
	"DO $$BEGIN\n"
	"  IF EXISTS (SELECT 1 FROM pg_roles"
	" WHERE rolname = '" PG_ROLE_AGENT "') THEN\n"
	"    GRANT SELECT, INSERT, DELETE ON complaint.import_file TO "
	PG_ROLE_AGENT ";\n"
	"    GRANT UPDATE (import_file) ON complaint.event TO "
	PG_ROLE_AGENT ";\n"
	"  END IF;\n"
	"END$$;",

	/*
	 * 18, SQLite's 18 (issue 19): complaint_status leaves the closed
	 * complaints out (most of any database that has run a while); a
	 * listing by statuses without closed says PGS_NOT_CLOSED (pg_scan.c)
	 * for the planner to use it.
	 */
	"DROP INDEX complaint.complaint_status;"
	"CREATE INDEX complaint_status ON complaint.complaint(status,"
	"  received_at) WHERE status <> 'closed';",

	/*
	 * 19, SQLite's 19: nothing here. The file stores a name's key only
	 * where it is not the name but for case; the server stores every
	 * key (a copy from a file gives each), the numbers kept in step so
	 * that copies between the engines go either way.
	 */
	"SELECT 1;",

	/*
	 * 20, SQLite's 20 (issue 19): an import's creation stores its hash
	 * only at every CHAIN_STORED_EVERY-th event and at the last of its
	 * transaction (chain.h); the guards let such an event in, and let
	 * its erasure redact it.
	 */
	"CREATE OR REPLACE FUNCTION complaint.event_guard_update()"
	"  RETURNS trigger LANGUAGE plpgsql AS $$" GUARD_UPDATE_BODY "$$;"
	"CREATE OR REPLACE FUNCTION complaint.event_guard_chained()"
	"  RETURNS trigger LANGUAGE plpgsql AS $$" GUARD_CHAINED_BODY "$$;",
};
#define PG_NMIGRATIONS (PG_SCHEMA_LATEST - PG_SCHEMA_CREATED)
_Static_assert(PG_NMIGRATIONS <= (int)(sizeof(pg_migrations) /
    sizeof(pg_migrations[0])), "a migration for every version after the one created");

/* Whether the schema belongs to the owner role and we may act as it. */
static const char owner_sql[] =
	"SELECT count(*) FROM pg_namespace n JOIN pg_roles r"
	" ON r.oid = n.nspowner WHERE n.nspname = 'complaint'"
	" AND r.rolname = '" PG_ROLE_OWNER "'"
	" AND pg_has_role(current_user, r.oid, 'MEMBER')";

static int
read_version(struct pg *pg, int *version, struct error *err)
{
	int64_t v = 0;
	int found, rc;

	*version = 0;
	/* Read at connect (session_setup), once: a second read is after
	 * a wait, which must look again. */
	if (pg->opened_version >= 0) {
		*version = pg->opened_version;
		pg->opened_version = -1;
		return 0;
	}
	if ((rc = pg_query_int(pg, "opening the database",
	    "SELECT (to_regclass('complaint.schema_version') IS NOT NULL)::int",
	    NULL, &v, &found, err)) != 0)
		return rc;
	if (v == 0)
		return 0;
	if ((rc = pg_query_int(pg, "opening the database",
	    "SELECT version FROM complaint.schema_version", NULL, &v, &found,
	    err)) != 0)
		return rc;
	*version = found && v != NUM_NONE ? (int)v : 0;
	return 0;
}

static int
newer(struct pg *pg, int version, struct error *err)
{
	/* SQLite's words and status (74): the file is not ours to use. */
	return error_set(err, EX_IOERR, "database '%s' has schema version %d, "
	    "newer than this complaint knows (%d); upgrade complaint",
	    pg->shown, version, PG_SCHEMA_LATEST);
}

/* Create version 12 in the open transaction. */
static int
create(struct pg *pg, struct error *err)
{
	int64_t roles = 0;
	int rc;

	if ((rc = pg_exec_simple(pg, "creating the database roles",
	    roles_sql, err)) != 0)
		return rc;
	if ((rc = pg_query_int(pg, "creating the database roles",
	    roles_usable_sql, NULL, &roles, NULL, err)) != 0)
		return rc;
	if (roles == 1) {
		rc = pg_exec_simple(pg, "creating the database schema",
		    "CREATE SCHEMA complaint AUTHORIZATION " PG_ROLE_OWNER,
		    err);
	} else {
		rc = pg_exec_simple(pg, "creating the database schema",
		    "CREATE SCHEMA complaint", err);
	}
	/* As the connecting role, which may create it where the
	 * owner role may not (schema_created's search configuration). */
	if (rc == 0)
		rc = pg_exec_simple(pg, "creating the database schema",
		    unaccent_sql, err);
	if (rc == 0 && roles == 1)
		rc = pg_exec_simple(pg, "creating the database schema",
		    "SET LOCAL ROLE " PG_ROLE_OWNER, err);
	if (rc != 0)
		return rc;
	if ((rc = pg_exec_simple(pg, "creating the database schema",
	    "REVOKE ALL ON SCHEMA complaint FROM PUBLIC", err)) != 0 ||
	    (rc = pg_exec_simple(pg, "creating the database schema",
	    schema_created, err)) != 0)
		return rc;
	if (roles == 1 && ((rc = pg_exec_simple(pg, "granting the "
	    "application role its rights", grants_agent, err)) != 0 ||
	    (rc = pg_exec_simple(pg, "creating the database schema",
	    "RESET ROLE", err)) != 0))
		return rc;
	return 0;
}

int
pg_schema_open(struct pg *pg, int flags, int *version, struct error *err)
{
	int64_t made = 0, owner = 0;
	int rc, v, retried = 0;

again:
	if ((rc = read_version(pg, version, err)) != 0)
		return rc;
	if (*version > PG_SCHEMA_LATEST)
		return newer(pg, *version, err);
	if (*version == PG_SCHEMA_LATEST)
		return 0;
	if (*version == 0 && (flags & STORE_OPEN_EXISTING))
		return error_set(err, EX_NOINPUT, "no database '%s' (a "
		    "command that only reads never creates one)",
		    pg->shown);
	/* Created or migrated in one transaction; first users wait in
	 * turn on the advisory lock and find the work done. */
	if ((rc = pg_exec_simple(pg, "creating the database schema",
	    "BEGIN ISOLATION LEVEL READ COMMITTED", err)) != 0)
		return rc;
	pg->in_tx = 2;
	if ((rc = pg_exec_simple(pg, "creating the database schema",
	    "SELECT pg_advisory_xact_lock(" PG_SCHEMA_LOCK ")", err)) != 0 ||
	    (rc = pg_query_int(pg, "creating the database schema",
	    "SELECT count(*) FROM pg_catalog.pg_namespace"
	    " WHERE nspname = 'complaint'", NULL, &made, NULL, err)) != 0)
		goto fail;
	/*
	 * Made while we waited: this transaction's caches may still say
	 * there is no such schema (an advisory lock, unlike a table's,
	 * brings no news of the catalogs), so start again in a new one,
	 * which does. The catalog read above is a plain query: it sees
	 * what has committed.
	 */
	if (made != 0 && *version == 0) {
		pg_rollback(pg);
		if (retried++)
			return error_set(err, EX_SOFTWARE, "the database schema "
			    "appeared but cannot be read");
		goto again;
	}
	if ((rc = read_version(pg, &v, err)) != 0)
		goto fail;
	if (v > PG_SCHEMA_LATEST) {
		rc = newer(pg, v, err);
		goto fail;
	}
	if (v == 0) {
		if ((rc = create(pg, err)) != 0)
			goto fail;
		v = PG_SCHEMA_CREATED;
	}
	/* No server database was ever made older: not one of ours. */
	if (v < PG_SCHEMA_CREATED) {
		rc = error_set(err, EX_SOFTWARE, "database '%s' has schema "
		    "version %d, older than any PostgreSQL database complaint "
		    "made (%d)", pg->shown, v, PG_SCHEMA_CREATED);
		goto fail;
	}
	/* As the owner of the schema when we may be (create() made it so):
	 * what a migration makes is the owner's, as the rest is. */
	if (v < PG_SCHEMA_LATEST && ((rc = pg_query_int(pg, "migrating the "
	    "database", owner_sql, NULL, &owner, NULL, err)) != 0 ||
	    (owner == 1 && (rc = pg_exec_simple(pg, "migrating the database",
	    "SET LOCAL ROLE " PG_ROLE_OWNER, err)) != 0)))
		goto fail;
	for (; v < PG_SCHEMA_LATEST; v++) {
		struct pg_params p;

		if (pg_migrations[v - PG_SCHEMA_CREATED] == NULL) {
			rc = error_set(err, EX_SOFTWARE, "no migration from "
			    "schema version %d", v);
			goto fail;
		}
		if ((rc = pg_exec_simple(pg, "migrating the database",
		    pg_migrations[v - PG_SCHEMA_CREATED], err)) != 0)
			goto fail;
		pg_params_init(&p);
		pg_param_int(&p, v + 1);
		if ((rc = pg_exec(pg, "migrating the database",
		    "UPDATE complaint.schema_version SET version = $1", &p,
		    NULL, err)) != 0)
			goto fail;
	}
	return pg_commit(pg, err);
fail:
	pg_rollback(pg);
	return rc;
}

int
pg_guard_check(struct pg *pg, struct buf *problem, struct error *err)
{
	static const char sql[] =
	    "SELECT t.tgenabled, pg_get_triggerdef(t.oid), p.prosrc,"
	    " p.proname"
	    " FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
	    " WHERE t.tgrelid = 'complaint.event'::regclass"
	    " AND t.tgname = $1 AND NOT t.tgisinternal";
	size_t i;
	int rc;

	buf_reset(problem);
	/* Foreign keys: the server enforces them on every write (SQLite
	 * may hold rows written with them off); nothing to check. */
	for (i = 0; i < sizeof(guards) / sizeof(guards[0]); i++) {
		const struct guard *g = &guards[i];
		struct pg_params p;
		PGresult *r;

		pg_params_init(&p);
		pg_param_text(&p, g->trigger);
		if ((rc = pg_exec(pg, "reading the schema", sql, &p, &r,
		    err)) != 0)
			return rc;
		if (PQntuples(r) == 0)
			buf_printf(problem, "trigger %s is missing: the history "
			    "is no longer append-only", g->trigger);
		else if (strcmp(PQgetvalue(r, 0, 0), "O") != 0)
			buf_printf(problem, "trigger %s is disabled: the "
			    "history is no longer append-only", g->trigger);
		else if (strcmp(PQgetvalue(r, 0, 1), g->def) != 0 ||
		    strcmp(PQgetvalue(r, 0, 2), g->body) != 0 ||
		    strcmp(PQgetvalue(r, 0, 3), g->function) != 0)
			buf_printf(problem, "trigger %s was replaced: the "
			    "history is no longer guarded as complaint guards "
			    "it", g->trigger);
		PQclear(r);
		if (problem->len > 0)
			return 0;
	}
	return 0;
}
