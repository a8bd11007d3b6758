/*
 * What the floor programs share: open the database the way any careful
 * SQLite program would (WAL is a property of the file; a busy timeout),
 * and die with SQLite's message on any failure, since a floor that
 * silently did less would make complaint look slow.
 */
#ifndef FLOOR_H
#define FLOOR_H

#include <sqlite3.h>

/*
 * The history is hash-chained and refuses events without a digest and a
 * hash. A floor binds this well-formed constant instead of computing
 * SHA-256 and reading the previous event's hash as complaint does: the
 * floor does strictly less work, so a ratio against it errs against
 * complaint.
 */
#define FLOOR_HASH \
	"'0000000000000000000000000000000000000000000000000000000000000000'"
#include <stdio.h>
#include <stdlib.h>

static inline void
floor_check(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "floor: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

static inline sqlite3 *
floor_open(const char *path)
{
	sqlite3 *db = NULL;

	floor_check(db, sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
	    NULL), "open");
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static inline void
floor_exec(sqlite3 *db, const char *sql)
{
	floor_check(db, sqlite3_exec(db, sql, NULL, NULL, NULL), sql);
}

#endif
