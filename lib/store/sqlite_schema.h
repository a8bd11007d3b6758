/* The SQLite schema as numbered migrations (PRAGMA user_version). */
#ifndef COMPLAINT_STORE_SQLITE_SCHEMA_H
#define COMPLAINT_STORE_SQLITE_SCHEMA_H

#include <stddef.h>

/*
 * "The complaint is open", as the partial indexes of migration 6 state
 * it: a query must say it in these words for SQLite to use them.
 */
#define SCHEMA_OPEN "status NOT IN ('resolved', 'closed')"
/*
 * Not closed, as complaint_status states it (migration 18): a listing by
 * statuses that leaves closed out says it in these words, or SQLite
 * would not use the index.
 */
#define SCHEMA_NOT_CLOSED "status <> 'closed'"
/*
 * A complaint's name keys as the indexes of migration 19 hold them: the
 * key stored where it is not the name itself (name_key_stored()).
 * Compared with a key (name_key()) in these words, or SQLite would not
 * use the indexes.
 */
#define SCHEMA_CUSTOMER_KEY "coalesce(customer_key, customer) COLLATE NOCASE"
#define SCHEMA_OWNER_KEY "coalesce(owner_key, owner) COLLATE NOCASE"
/* Counted somewhere: neither voided nor merged into another (SPEC 6). */
#define SCHEMA_COUNTED "voided_at IS NULL AND merged_into IS NULL"

/*
 * The notes of complaint c that search indexes (migration 15): every
 * event's, but of an import's only what followed its first line (the
 * file and line it came from, a number per complaint that only grew the
 * index, and its content table by a sixth of the database).
 * SCHEMA_FTS_NOTES_AS() reads each event's note as NOTE and takes the
 * events WHERE allows: the search triggers (migration 16) give the
 * notes as they were before the change they follow.
 */
/* clang-format 14 joins a macro to the string before it. */
/* clang-format off */
#define SCHEMA_FTS_NOTE_OF(action, note) \
	"CASE WHEN " action " = 'import' THEN nullif(substr(" note ", instr(" \
	note ", char(10)) + 1), " note ") ELSE " note " END"
#define SCHEMA_FTS_NOTES_AS(note, where) \
	"(SELECT group_concat(" SCHEMA_FTS_NOTE_OF("e.action", note) ", ' ')" \
	" FROM event e WHERE e.complaint_id = c.id" where ")"
#define SCHEMA_FTS_NOTES SCHEMA_FTS_NOTES_AS("e.note", "")
/* The names of complaint c's attachments, each read as NAME. */
#define SCHEMA_FTS_ATTACHMENTS_AS(name, where) \
	"(SELECT group_concat(" name ", ' ') FROM attachment a" \
	" WHERE a.complaint_id = c.id" where ")"
#define SCHEMA_FTS_ATTACHMENTS SCHEMA_FTS_ATTACHMENTS_AS("a.name", "")
/* What complaint_fts holds for each complaint c. */
#define SCHEMA_FTS_ROW \
	"c.id, c.summary, c.details, " SCHEMA_FTS_NOTES ", c.resolution," \
	" c.root_cause, c.lessons, " SCHEMA_FTS_ATTACHMENTS
#define SCHEMA_FTS_COLUMNS \
	"f_summary, f_details, f_notes, f_resolution, f_root_cause," \
	" f_lessons, f_attachments"
#define SCHEMA_FTS_INSERT \
	"INSERT INTO complaint_fts(rowid, " SCHEMA_FTS_COLUMNS ")" \
	" SELECT " SCHEMA_FTS_ROW " FROM complaint c"
/*
 * Takes out of the index what it holds for complaint c: FTS5's 'delete'
 * of an external-content table (migration 16) needs the very values it
 * indexed, which the search triggers give from OLD and the _AS() macros.
 */
#define SCHEMA_FTS_DELETE(summary, details, notes, resolution, root_cause, \
	    lessons, attachments) \
	"INSERT INTO complaint_fts(complaint_fts, rowid, " SCHEMA_FTS_COLUMNS \
	") SELECT 'delete', c.id, " summary ", " details ", " notes ", " \
	resolution ", " root_cause ", " lessons ", " attachments \
	" FROM complaint c"
/* clang-format on */

/*
 * The triggers that keep the history append-only, with the exact text
 * sqlite_master must hold for each: verify compares the text, not just
 * the name, so a guard replaced by a harmless twin is found.
 */
struct schema_trigger {
	const char *name;
	const char *sql;
};
extern const struct schema_trigger schema_triggers[];
extern const size_t schema_ntriggers;

/* The newest schema version this binary knows. */
int schema_latest(void);
/* The SQL that migrates version-1 to VERSION, or NULL. */
const char *schema_migration(int version);

#endif
