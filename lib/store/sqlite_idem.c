/*
 * The idempotency table (SPEC 2, --idempotency-key): one row per key,
 * read and written inside the write transaction, so that of two runs
 * racing with one key the second waits for the first's BEGIN IMMEDIATE
 * to end and then finds its row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite.h"
#include "xmalloc.h"

static const char idem_get_sql[] =
    "SELECT digest, command, at, status, stdout FROM idempotency"
    " WHERE key = ?";

int
sq_idem_get(struct db *db, const char *key, struct idem_record *r, int *found,
    struct error *err)
{
	sqlite3_stmt *st;
	const char *digest;
	const void *out;
	int rc, owned;

	*found = 0;
	memset(r, 0, sizeof(*r));
	if ((rc = db_prepare_cached(db, idem_get_sql, &st, &owned, err)) != 0)
		return rc;
	db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		digest = (const char *)sqlite3_column_text(st, 0);
		snprintf(r->digest, sizeof(r->digest), "%s",
		    digest ? digest : "");
		r->command = db_column_strdup(st, 1);
		r->at = sqlite3_column_int64(st, 2);
		r->status = sqlite3_column_int(st, 3);
		out = sqlite3_column_blob(st, 4);
		r->out_len = (size_t)sqlite3_column_bytes(st, 4);
		r->out = xmalloc(r->out_len + 1);
		if (r->out_len)
			memcpy(r->out, out, r->out_len);
		r->out[r->out_len] = '\0';
		*found = 1;
		rc = sqlite3_step(st);
	}
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE) {
		idem_record_release(r);
		*found = 0;
		return db_fail(db, rc, "reading an idempotency key", err);
	}
	return 0;
}

static const char idem_put_sql[] =
    "INSERT INTO idempotency(key, digest, command, at, status, stdout)"
    " VALUES (?, ?, ?, ?, ?, ?)";

int
sq_idem_put(struct db *db, const char *key, const struct idem_record *r,
    struct error *err)
{
	sqlite3_stmt *st;
	int rc, owned;

	if ((rc = db_prepare_cached(db, idem_put_sql, &st, &owned, err)) != 0)
		return rc;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, r->digest);
	db_bind_text(st, 3, r->command);
	sqlite3_bind_int64(st, 4, r->at);
	sqlite3_bind_int(st, 5, r->status);
	sqlite3_bind_blob(st, 6, r->out ? r->out : "", (int)r->out_len,
	    SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "recording an idempotency key", err);
	return 0;
}

static const char idem_purge_sql[] = "DELETE FROM idempotency WHERE at < ?";

int
sq_idem_purge(struct db *db, int64_t before, struct error *err)
{
	sqlite3_stmt *st;
	int rc, owned;

	if ((rc = db_prepare_cached(db, idem_purge_sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, before);
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "purging old idempotency keys", err);
	return 0;
}
