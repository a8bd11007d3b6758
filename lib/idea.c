/* Improvement ideas; see idea.h. */
#include "idea.h"

int
idea_add(struct db *db, int64_t complaint_id, const char *idea,
    int64_t proposed_at, const char *proposed_by, struct error *err)
{
	static const char sql[] =
	    "INSERT INTO idea(complaint_id, idea, status, proposed_at,"
	    " proposed_by) VALUES (?, ?, 'proposed', ?, ?)";
	sqlite3_stmt *st;
	int rc, owned;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, complaint_id);
	db_bind_text(st, 2, idea);
	sqlite3_bind_int64(st, 3, proposed_at);
	db_bind_text(st, 4, proposed_by);
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "recording an idea", err);
	return 0;
}

int
idea_each(struct db *db, idea_fn fn, void *arg, struct error *err)
{
	static const char sql[] =
	    "SELECT complaint_id, idea FROM idea"
	    " WHERE complaint_id IS NOT NULL ORDER BY complaint_id, id";
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = fn(sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1), arg)) != 0) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading ideas", err);
	return 0;
}
