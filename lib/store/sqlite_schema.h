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
