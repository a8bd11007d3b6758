/*
 * The SQLite store of attachments and the search index's queries.
 * A file's bytes go in by incremental blob I/O, a chunk at a time into a
 * zeroblob of its size, hashed as they pass, so a 25 MB file never sits
 * in memory; the same bytes twice are kept once (by SHA-256).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "sha256.h"
#include "store/sqlite.h"

#define CHUNK (64 * 1024)

static int
step_done(struct db *db, sqlite3_stmt *st, const char *what,
    struct error *err)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, rc, what, err);
	return 0;
}

int
sq_attachment_add(struct db *db, int64_t complaint_id, const char *name,
    const char *type, int64_t size, attach_read_fn rd, void *rd_arg,
    const char *actor, int64_t now, int64_t *id, char hex[65],
    struct error *err)
{
	static const char ins_blob[] =
	    "INSERT INTO attachment_blob(size, data)"
	    " VALUES (?1, zeroblob(?1))";
	static const char find_blob[] =
	    "SELECT blob_id FROM attachment WHERE sha256 = ?"
	    " AND blob_id IS NOT NULL LIMIT 1";
	static const char del_blob[] =
	    "DELETE FROM attachment_blob WHERE id = ?";
	static const char ins_att[] =
	    "INSERT INTO attachment(complaint_id, blob_id, sha256, name, type,"
	    " size, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = NULL;
	sqlite3_blob *blob = NULL;
	struct sha256 h;
	uint8_t digest[SHA256_LEN];
	unsigned char *chunk = NULL;
	int64_t blob_id, off = 0, existing = 0;
	size_t got;
	int rc, owned = 0;

	if ((rc = db_prepare_cached(db, ins_blob, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, size);
	rc = step_done(db, st, "storing an attachment", err);
	db_release_stmt(st, owned);
	if (rc != 0)
		return rc;
	blob_id = sqlite3_last_insert_rowid(db->h);
	if ((rc = sqlite3_blob_open(db->h, "main", "attachment_blob", "data",
	    blob_id, 1, &blob)) != SQLITE_OK)
		return db_fail(db, rc, "storing an attachment", err);
	chunk = malloc(CHUNK);
	if (chunk == NULL) {
		rc = error_set(err, EX_OSERR, "out of memory");
		goto done;
	}
	sha256_init(&h);
	for (;;) {
		if ((rc = rd(rd_arg, chunk, CHUNK, &got, err)) != 0)
			goto done;
		if (got == 0)
			break;
		if ((int64_t)got > size - off) {
			rc = error_set(err, EX_DATAERR, "the file grew while "
			    "it was read; attach it again");
			goto done;
		}
		sha256_update(&h, chunk, got);
		if ((rc = sqlite3_blob_write(blob, chunk, (int)got,
		    (int)off)) != SQLITE_OK) {
			rc = db_fail(db, rc, "storing an attachment", err);
			goto done;
		}
		off += (int64_t)got;
	}
	if (off != size) {
		rc = error_set(err, EX_DATAERR, "the file shrank while it was "
		    "read; attach it again");
		goto done;
	}
	sqlite3_blob_close(blob);
	blob = NULL;
	sha256_final(&h, digest);
	sha256_hex(digest, hex);

	/* The same bytes already kept: drop the new copy. */
	if ((rc = db_prepare_cached(db, find_blob, &st, &owned, err)) != 0)
		goto done;
	db_bind_text(st, 1, hex);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		existing = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "storing an attachment", err);
		db_release_stmt(st, owned);
		goto done;
	}
	db_release_stmt(st, owned);
	if (existing) {
		if ((rc = db_prepare_cached(db, del_blob, &st, &owned,
		    err)) != 0)
			goto done;
		sqlite3_bind_int64(st, 1, blob_id);
		rc = step_done(db, st, "storing an attachment", err);
		db_release_stmt(st, owned);
		if (rc != 0)
			goto done;
		blob_id = existing;
	}

	if ((rc = db_prepare_cached(db, ins_att, &st, &owned, err)) != 0)
		goto done;
	sqlite3_bind_int64(st, 1, complaint_id);
	sqlite3_bind_int64(st, 2, blob_id);
	db_bind_text(st, 3, hex);
	db_bind_text(st, 4, name);
	db_bind_text(st, 5, type);
	sqlite3_bind_int64(st, 6, size);
	sqlite3_bind_int64(st, 7, now);
	db_bind_text(st, 8, actor);
	rc = step_done(db, st, "storing an attachment", err);
	db_release_stmt(st, owned);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(db->h);
done:
	if (blob != NULL)
		sqlite3_blob_close(blob);
	free(chunk);
	return rc;
}

static const char att_cols[] =
    "SELECT id, complaint_id, name, type, sha256, size, added_at, added_by,"
    " blob_id IS NULL FROM attachment";

static void
row_to_attachment(sqlite3_stmt *st, struct attachment *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->complaint_id = sqlite3_column_int64(st, 1);
	a->name = (const char *)sqlite3_column_text(st, 2);
	a->type = (const char *)sqlite3_column_text(st, 3);
	a->sha256 = (const char *)sqlite3_column_text(st, 4);
	a->size = sqlite3_column_int64(st, 5);
	a->added_at = sqlite3_column_int64(st, 6);
	a->added_by = (const char *)sqlite3_column_text(st, 7);
	a->erased = sqlite3_column_int(st, 8);
}

int
sq_attachment_each(struct db *db, int64_t complaint_id, attachment_fn fn,
    void *arg, struct error *err)
{
	static char sql[256];
	struct attachment a;
	sqlite3_stmt *st;
	int rc, owned = 0;

	if (sql[0] == '\0')
		snprintf(sql, sizeof(sql), "%s WHERE complaint_id = ?"
		    " ORDER BY id", att_cols);
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, complaint_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_to_attachment(st, &a);
		if ((rc = fn(&a, arg)) != 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 :
	    db_fail(db, rc, "listing attachments", err);
done:
	db_release_stmt(st, owned);
	return rc;
}

int
sq_attachment_get(struct db *db, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err)
{
	static const char sql[] =
	    "SELECT blob_id, size FROM attachment"
	    " WHERE complaint_id = ? AND id = ?";
	sqlite3_stmt *st;
	sqlite3_blob *blob = NULL;
	unsigned char *chunk = NULL;
	int64_t blob_id = 0, size = 0, off;
	int rc, owned = 0, found = 0, erased = 0;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, complaint_id);
	sqlite3_bind_int64(st, 2, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		found = 1;
		erased = sqlite3_column_type(st, 0) == SQLITE_NULL;
		blob_id = sqlite3_column_int64(st, 0);
		size = sqlite3_column_int64(st, 1);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = db_fail(db, rc, "reading an attachment", err);
	db_release_stmt(st, owned);
	if (rc != 0)
		return rc;
	if (!found)
		return error_set(err, EX_NOINPUT, "no attachment %lld on this "
		    "complaint (attach REF --list shows them)", (long long)id);
	if (erased)
		return error_set(err, EX_DATAERR, "attachment %lld was erased; "
		    "its bytes are gone", (long long)id);
	if ((rc = sqlite3_blob_open(db->h, "main", "attachment_blob", "data",
	    blob_id, 0, &blob)) != SQLITE_OK)
		return db_fail(db, rc, "reading an attachment", err);
	if ((chunk = malloc(CHUNK)) == NULL) {
		rc = error_set(err, EX_OSERR, "out of memory");
		goto done;
	}
	for (off = 0; off < size; ) {
		int n = size - off > CHUNK ? CHUNK : (int)(size - off);

		if ((rc = sqlite3_blob_read(blob, chunk, n, (int)off)) !=
		    SQLITE_OK) {
			rc = db_fail(db, rc, "reading an attachment", err);
			goto done;
		}
		if ((rc = wr(wr_arg, chunk, (size_t)n, err)) != 0)
			goto done;
		off += n;
	}
	rc = 0;
done:
	sqlite3_blob_close(blob);
	free(chunk);
	return rc;
}

int
sq_attachment_erase(struct db *db, int64_t complaint_id, struct error *err)
{
	static const char drop[] =
	    "UPDATE attachment SET blob_id = NULL, name = ?"
	    " WHERE complaint_id = ?";
	static const char orphans[] =
	    "DELETE FROM attachment_blob WHERE NOT EXISTS (SELECT 1"
	    " FROM attachment a WHERE a.blob_id = attachment_blob.id)";
	sqlite3_stmt *st;
	int rc, owned = 0;

	if ((rc = db_prepare_cached(db, drop, &st, &owned, err)) != 0)
		return rc;
	db_bind_text(st, 1, ERASED);
	sqlite3_bind_int64(st, 2, complaint_id);
	rc = step_done(db, st, "erasing attachments", err);
	db_release_stmt(st, owned);
	if (rc != 0)
		return rc;
	return db_exec(db, orphans, err);
}

/* One term as an FTS5 string: in double quotes, a quote doubled, so no
 * user text is ever FTS5 syntax. */
static void
fts5_term(struct buf *b, const struct search_term *t)
{
	const char *p;

	if (t->negated)
		buf_puts(b, " NOT ");
	buf_putc(b, '"');
	for (p = t->text; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
	if (t->prefix)
		buf_putc(b, '*');
}

void
sq_fts5_query(const struct search_query *q, struct buf *b)
{
	size_t i;
	int first = 1, in_or = 0;

	/* The terms wanted, ANDed, each run joined by OR in parentheses;
	 * then every excluded term as NOT (FTS5's NOT is binary). */
	buf_putc(b, '(');
	for (i = 0; i < q->n; i++) {
		const struct search_term *t = &q->t[i];

		if (t->negated)
			continue;
		if (!in_or) {
			if (!first)
				buf_puts(b, " AND ");
			if (t->or_next)
				buf_putc(b, '(');
		}
		fts5_term(b, t);
		first = 0;
		if (t->or_next) {
			buf_puts(b, " OR ");
			in_or = 1;
		} else {
			if (in_or)
				buf_putc(b, ')');
			in_or = 0;
		}
	}
	buf_putc(b, ')');
	for (i = 0; i < q->n; i++) {
		if (q->t[i].negated)
			fts5_term(b, &q->t[i]);
	}
}
