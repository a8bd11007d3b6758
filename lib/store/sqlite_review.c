/*
 * The SQLite store of ideas (the idea table) and the review listing's
 * read of the complaint table.
 */
#include <stdio.h>
#include <string.h>

#include "complaint.h"
#include "store/sqlite.h"
#include "timeutil.h"

int
sq_idea_add(struct db *db, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err)
{
	static const char sql[] =
	    "INSERT INTO idea (complaint_id, idea, proposed_at, proposed_by)"
	    " VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st;
	int owned, rc;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	db_bind_time(st, 1, complaint_id);
	db_bind_text(st, 2, text);
	sqlite3_bind_int64(st, 3, now);
	db_bind_text(st, 4, actor);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		rc = db_fail(db, rc, "recording an idea", err);
	else {
		rc = 0;
		if (id != NULL)
			*id = sqlite3_last_insert_rowid(db->h);
	}
	db_release_stmt(st, owned);
	return rc;
}

int
sq_idea_set_status(struct db *db, int64_t id, const char *status, int64_t now,
    int64_t *complaint_id, char *old, struct error *err)
{
	static const char get[] =
	    "SELECT complaint_id, status FROM idea WHERE id = ?";
	static const char set[] =
	    "UPDATE idea SET status = ?, decided_at = ? WHERE id = ?";
	sqlite3_stmt *st;
	int owned, rc;

	if ((rc = db_prepare_cached(db, get, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*complaint_id = db_column_time(st, 0);
		snprintf(old, 16, "%s", sqlite3_column_text(st, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = error_set(err, EX_NOINPUT, "no idea %lld (see "
		    "'complaint review --ideas')", (long long)id);
	} else {
		rc = db_fail(db, rc, "reading an idea", err);
	}
	db_release_stmt(st, owned);
	if (rc != 0)
		return rc;

	if ((rc = db_prepare_cached(db, set, &st, &owned, err)) != 0)
		return rc;
	db_bind_text(st, 1, status);
	db_bind_time(st, 2, strcmp(status, "proposed") == 0 ? TIME_NONE : now);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		rc = db_fail(db, rc, "changing an idea", err);
	else
		rc = 0;
	db_release_stmt(st, owned);
	return rc;
}

int
sq_idea_erase(struct db *db, int64_t complaint_id, const char *text, int *n,
    struct error *err)
{
	static const char sql[] =
	    "UPDATE idea SET idea = ?1 WHERE complaint_id = ?2 AND idea IS NOT ?1";
	sqlite3_stmt *st;
	int owned, rc;

	*n = 0;
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	db_bind_text(st, 1, text);
	sqlite3_bind_int64(st, 2, complaint_id);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		rc = db_fail(db, rc, "erasing ideas", err);
	else {
		rc = 0;
		*n = sqlite3_changes(db->h);
	}
	db_release_stmt(st, owned);
	return rc;
}

int
sq_idea_each(struct db *db, int64_t since, idea_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT id, complaint_id, idea, status, proposed_at, proposed_by,"
	    " decided_at FROM idea WHERE proposed_at >= ?"
	    " ORDER BY proposed_at, id";
	sqlite3_stmt *st;
	struct idea i;
	int owned, rc;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, since == TIME_NONE ? INT64_MIN : since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		i.id = sqlite3_column_int64(st, 0);
		i.complaint_id = db_column_time(st, 1);
		i.idea = (const char *)sqlite3_column_text(st, 2);
		i.status = (const char *)sqlite3_column_text(st, 3);
		i.proposed_at = sqlite3_column_int64(st, 4);
		i.proposed_by = (const char *)sqlite3_column_text(st, 5);
		i.decided_at = db_column_time(st, 6);
		if ((rc = fn(&i, arg)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, "listing ideas", err);
	else
		rc = 0;
done:
	db_release_stmt(st, owned);
	return rc;
}

int
sq_pending_review_each(struct db *db, pending_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT id, resolved_at, owner, category, root_cause"
	    " FROM complaint WHERE resolved_at IS NOT NULL"
	    " AND reviewed_at IS NULL AND voided_at IS NULL"
	    " AND merged_into IS NULL ORDER BY resolved_at, id";
	sqlite3_stmt *st;
	struct pending_review p;
	int owned, rc;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p.id = sqlite3_column_int64(st, 0);
		p.resolved_at = sqlite3_column_int64(st, 1);
		p.owner = (const char *)sqlite3_column_text(st, 2);
		p.category = (const char *)sqlite3_column_text(st, 3);
		p.root_cause = (const char *)sqlite3_column_text(st, 4);
		if ((rc = fn(&p, arg)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, "listing complaints to review", err);
	else
		rc = 0;
done:
	db_release_stmt(st, owned);
	return rc;
}
