/* The SQLite schema as numbered migrations (PRAGMA user_version). */
#ifndef COMPLAINT_STORE_SQLITE_SCHEMA_H
#define COMPLAINT_STORE_SQLITE_SCHEMA_H

#include <stddef.h>

/*
 * "The complaint is open", as the partial indexes of migration 6 state
 * it: a query must say it in these words for SQLite to use them.
 */
#define SCHEMA_OPEN "status NOT IN ('resolved', 'closed')"
/* Counted somewhere: neither voided nor merged into another (SPEC 6). */
#define SCHEMA_COUNTED "voided_at IS NULL AND merged_into IS NULL"

/*
 * The notes of complaint c that search indexes (migration 15): every
 * event's, but of an import's only what followed its first line (the
 * file and line it came from, a number per complaint that only grew the
 * index, and its content table by a sixth of the database).
 */
#define SCHEMA_FTS_NOTES \
	"(SELECT group_concat(CASE WHEN e.action = 'import'" \
	" THEN nullif(substr(e.note, instr(e.note, char(10)) + 1), e.note)" \
	" ELSE e.note END, ' ') FROM event e" \
	" WHERE e.complaint_id = c.id AND e.note IS NOT NULL)"
/* What complaint_fts holds for each complaint c. */
/* clang-format 14 joins a macro to the string before it. */
/* clang-format off */
#define SCHEMA_FTS_ROW \
	"c.id, c.summary, c.details, " SCHEMA_FTS_NOTES ", c.resolution," \
	" c.root_cause, c.lessons, (SELECT group_concat(a.name, ' ')" \
	" FROM attachment a WHERE a.complaint_id = c.id)"
#define SCHEMA_FTS_INSERT \
	"INSERT INTO complaint_fts(rowid, f_summary, f_details, f_notes," \
	" f_resolution, f_root_cause, f_lessons, f_attachments)" \
	" SELECT " SCHEMA_FTS_ROW " FROM complaint c"
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
