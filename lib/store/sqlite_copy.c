/*
 * The SQLite side of copying a whole database between engines
 * (driver.h): the dump of a file for `migrate`, and the load of a
 * server's rows into a new file for `backup`. A load sets aside what
 * would judge the rows as new writes (the trigger that wants each event
 * freshly chained: copied events may be erased or older than accounts)
 * or redo work per row (the full-text index, rebuilt once at the end),
 * and checks references at the commit, as a merged complaint may name
 * a later one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "store/sqlite.h"
#include "xmalloc.h"

/* SQLite's own tables and the full-text index with its shadow tables:
 * derived from the rows, never copied. */
static int
derived(const char *name)
{
	return strncmp(name, "sqlite_", 7) == 0 ||
	    strncmp(name, "complaint_fts", 13) == 0;
}

/* Every table of the file is one a copy carries, or derived: a table
 * nobody told the copy about would be lost silently. */
static int
check_tables(struct db *db, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, "SELECT name FROM sqlite_master"
	    " WHERE type = 'table' ORDER BY name", &st, err)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (name != NULL && !derived(name) && !store_copy_known(name)) {
			rc = error_set(err, EX_SOFTWARE, "table '%s' is not "
			    "one this complaint knows how to copy", name);
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the schema",
	    err);
}

static int
dump_table(struct db *db, const struct store_copy_table *t, store_row_fn fn,
    void *arg, struct error *err)
{
	struct store_value *v = NULL;
	const char **cols = NULL;
	struct store_row r;
	sqlite3_stmt *st;
	char sql[256], hash[SHA256_HEXLEN], *keys[2] = { NULL, NULL };
	int rc, i, n, k, hash_col = -1, key_col[2] = { -1, -1 },
	    name_col[2] = { -1, -1 };
	static const char *const key_names[2][2] = {
		{ "customer_key", "customer" }, { "owner_key", "owner" },
	};

	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY %s",
	    t->name, t->order_by);
	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	n = sqlite3_column_count(st);
	cols = xcalloc((size_t)n + 1, sizeof(*cols));
	v = xcalloc((size_t)n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		cols[i] = sqlite3_column_name(st, i);
		if (strcmp(t->name, "event") == 0 &&
		    strcmp(cols[i], "hash") == 0)
			hash_col = i;
		for (k = 0; k < 2 && strcmp(t->name, "complaint") == 0; k++) {
			if (strcmp(cols[i], key_names[k][0]) == 0)
				key_col[k] = i;
			else if (strcmp(cols[i], key_names[k][1]) == 0)
				name_col[k] = i;
		}
	}
	r.table = t->name;
	r.n = (size_t)n;
	r.cols = cols;
	r.v = v;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			memset(&v[i], 0, sizeof(v[i]));
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL:
				v[i].type = STORE_NULL;
				break;
			case SQLITE_INTEGER:
				v[i].type = STORE_INT;
				v[i].i = sqlite3_column_int64(st, i);
				break;
			case SQLITE_BLOB:
				/* An event's hash as its 32 bytes (schema 16):
				 * copied as the digits every engine reads. */
				if (hash_col == i) {
					v[i].type = STORE_TEXT;
					v[i].p = db_column_hash(st, i, hash);
					v[i].len = strlen(v[i].p);
					break;
				}
				v[i].type = STORE_BLOB;
				v[i].p = sqlite3_column_blob(st, i);
				v[i].len = (size_t)sqlite3_column_bytes(st, i);
				if (v[i].p == NULL)
					v[i].p = "";
				break;
			default: /* text, and a real as SQLite prints it */
				v[i].type = STORE_TEXT;
				v[i].p = (const char *)sqlite3_column_text(st,
				    i);
				v[i].len = (size_t)sqlite3_column_bytes(st, i);
				break;
			}
		}
		/* A name's key not stored (migration 19) goes as the key
		 * it stands for: the other engine stores every key. */
		for (k = 0; k < 2; k++) {
			if (key_col[k] < 0 || name_col[k] < 0 ||
			    v[key_col[k]].type != STORE_NULL ||
			    v[name_col[k]].type != STORE_TEXT)
				continue;
			keys[k] = name_key(v[name_col[k]].p);
			v[key_col[k]].type = STORE_TEXT;
			v[key_col[k]].p = keys[k];
			v[key_col[k]].len = strlen(keys[k]);
		}
		rc = fn(&r, arg, err);
		for (k = 0; k < 2; k++) {
			free(keys[k]);
			keys[k] = NULL;
		}
		if (rc != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the database",
	    err);
out:
	sqlite3_finalize(st);
	free(cols);
	free(v);
	return rc;
}

int
sq_dump_each(struct db *db, store_row_fn fn, void *arg, struct error *err)
{
	size_t i;
	int rc;

	if ((rc = check_tables(db, err)) != 0)
		return rc;
	for (i = 0; i < store_copy_ntables; i++)
		if ((rc = dump_table(db, &store_copy_tables[i], fn, arg,
		    err)) != 0)
			return rc;
	return 0;
}

int
sq_load_begin(struct db *db, struct error *err)
{
	sqlite3_stmt *st;
	char sql[160];
	size_t i;
	int rc, any;

	for (i = 0; i < store_copy_ntables; i++) {
		snprintf(sql, sizeof(sql), "SELECT EXISTS (SELECT 1 FROM "
		    "\"%s\")", store_copy_tables[i].name);
		if ((rc = db_prepare(db, sql, &st, err)) != 0)
			return rc;
		rc = sqlite3_step(st);
		any = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return db_fail(db, rc, "reading the database", err);
		if (any)
			return error_set(err, EX_DATAERR, "'%s' is not empty "
			    "(its %s table has rows): a copy goes into an "
			    "empty database only", db->path,
			    store_copy_tables[i].name);
	}
	if ((rc = db_exec(db, "PRAGMA defer_foreign_keys = ON", err)) != 0 ||
	    (rc = sq_bulk_begin(db, &db->set_aside, err)) != 0)
		return rc;
	db->bulk = 1;
	return 0;
}

int
sq_load_row(struct db *db, const struct store_row *r, struct error *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	size_t i;
	int rc, owned;

	buf_puts(&sql, "INSERT INTO ");
	store_copy_put_ident(&sql, r->table);
	buf_puts(&sql, " (");
	for (i = 0; i < r->n; i++) {
		if (i)
			buf_puts(&sql, ", ");
		store_copy_put_ident(&sql, r->cols[i]);
	}
	buf_puts(&sql, ") VALUES (");
	for (i = 0; i < r->n; i++)
		buf_puts(&sql, i ? ", ?" : "?");
	buf_puts(&sql, ")");
	rc = db_prepare_cached_text(db, buf_str(&sql), &st, &owned, err);
	buf_release(&sql);
	if (rc != 0)
		return rc;
	for (i = 0; i < r->n; i++) {
		const struct store_value *v = &r->v[i];
		int c = (int)i + 1;

		switch (v->type) {
		case STORE_NULL:
			sqlite3_bind_null(st, c);
			break;
		case STORE_INT:
			sqlite3_bind_int64(st, c, v->i);
			break;
		case STORE_TEXT:
			sqlite3_bind_text64(st, c, v->p, v->len,
			    SQLITE_STATIC, SQLITE_UTF8);
			break;
		case STORE_BLOB:
			sqlite3_bind_blob64(st, c, v->p, v->len,
			    SQLITE_STATIC);
			break;
		}
	}
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "copying a row", err);
	return 0;
}

int
sq_load_end(struct db *db, struct error *err)
{
	int rc;

	rc = sq_bulk_end(db, &db->set_aside, err);
	db->bulk = 0;
	sq_bulk_release(&db->set_aside);
	return rc;
}
