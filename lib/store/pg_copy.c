/*
 * The PostgreSQL side of copying a whole database between engines
 * (driver.h): the dump of a server's tables for `backup` (a SQLite file
 * that verify accepts), and the load of a SQLite file's rows for
 * `migrate`, through COPY FROM STDIN (one round trip per table, not per
 * row). A load sets aside, as the owner may inside the transaction,
 * the triggers that would judge copied rows as new writes (event_chained:
 * a copied event may be erased, or older than accounts) or redo work per
 * row (complaint_fts_sync), and puts them back before the commit: a
 * failed copy leaves them as they were. Foreign keys are checked at the
 * end of each COPY, once the table's rows are all in (a complaint may be
 * merged into a later one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg.h"
#include "xmalloc.h"

/* The type OIDs the dump tells apart (pg_type.h, stable since 7.x). */
#define OID_BOOL  16
#define OID_BYTEA 17
#define OID_INT8  20
#define OID_INT2  21
#define OID_INT4  23

/* The server's own tables, derived or rebuilt: never copied. */
static int
derived(const char *name)
{
	return strcmp(name, "head") == 0 ||
	    strcmp(name, "schema_version") == 0 ||
	    strcmp(name, "complaint_fts") == 0;
}

/* ---- the dump ------------------------------------------------------------ */

struct dump {
	const char *table;
	store_row_fn fn;
	void *arg;
	int n;
	const char **cols;
	struct store_value *v;
	struct buf *bytes;        /* one per column, for bytea */
	struct error *err;
};

static int
dump_row(PGresult *res, int row, void *arg)
{
	struct dump *d = arg;
	struct store_row r;
	int i;

	if (d->cols == NULL) {
		d->n = PQnfields(res);
		d->cols = xcalloc((size_t)d->n + 1, sizeof(*d->cols));
		d->v = xcalloc((size_t)d->n + 1, sizeof(*d->v));
		d->bytes = xcalloc((size_t)d->n + 1, sizeof(*d->bytes));
		for (i = 0; i < d->n; i++)
			d->cols[i] = xstrdup(PQfname(res, i));
	}
	for (i = 0; i < d->n; i++) {
		struct store_value *v = &d->v[i];
		const char *s = pg_get_text(res, row, i);

		memset(v, 0, sizeof(*v));
		if (s == NULL) {
			v->type = STORE_NULL;
			continue;
		}
		switch (PQftype(res, i)) {
		case OID_BOOL:
			v->type = STORE_INT;
			v->i = s[0] == 't';
			break;
		case OID_INT2:
		case OID_INT4:
		case OID_INT8:
			v->type = STORE_INT;
			v->i = pg_get_int(res, row, i);
			break;
		case OID_BYTEA:
			if (pg_get_bytes(res, row, i, &d->bytes[i]) != 0)
				return error_set(d->err, EX_SOFTWARE, "%s.%s: "
				    "bytes the server sent are not hex",
				    d->table, d->cols[i]);
			v->type = STORE_BLOB;
			v->p = d->bytes[i].s != NULL ? d->bytes[i].s : "";
			v->len = d->bytes[i].len;
			break;
		default:
			v->type = STORE_TEXT;
			v->p = s;
			v->len = (size_t)PQgetlength(res, row, i);
			break;
		}
	}
	r.table = d->table;
	r.n = (size_t)d->n;
	r.cols = d->cols;
	r.v = d->v;
	return d->fn(&r, d->arg, d->err);
}

static void
dump_release(struct dump *d)
{
	int i;

	for (i = 0; d->cols != NULL && i < d->n; i++) {
		free((char *)d->cols[i]);
		buf_release(&d->bytes[i]);
	}
	free(d->cols);
	free(d->v);
	free(d->bytes);
}

/* Every table of the schema is one a copy carries, or derived. */
static int
check_tables(struct pg *pg, struct error *err)
{
	PGresult *r;
	int rc, i;

	if ((rc = pg_exec(pg, "reading the schema",
	    "SELECT table_name FROM information_schema.tables"
	    " WHERE table_schema = 'complaint' AND table_type = 'BASE TABLE'"
	    " ORDER BY table_name", NULL, &r, err)) != 0)
		return rc;
	for (i = 0; i < PQntuples(r); i++) {
		const char *name = PQgetvalue(r, i, 0);

		if (!derived(name) && !store_copy_known(name)) {
			rc = error_set(err, EX_SOFTWARE, "table '%s' is not "
			    "one this complaint knows how to copy", name);
			break;
		}
	}
	PQclear(r);
	return rc;
}

int
pg_dump_each(struct pg *pg, store_row_fn fn, void *arg, struct error *err)
{
	char sql[256];
	size_t i;
	int rc;

	if ((rc = check_tables(pg, err)) != 0)
		return rc;
	for (i = 0; i < store_copy_ntables; i++) {
		struct dump d;

		memset(&d, 0, sizeof(d));
		d.table = store_copy_tables[i].name;
		d.fn = fn;
		d.arg = arg;
		d.err = err;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY %s",
		    store_copy_tables[i].name, store_copy_tables[i].order_by);
		rc = pg_each(pg, "reading the database", sql, NULL, dump_row,
		    &d, err);
		dump_release(&d);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- the load ------------------------------------------------------------ */

/*
 * The COPY in progress: one load at a time per process (migrate makes
 * one), kept here rather than in struct pg, which the load alone needs.
 */
static struct {
	struct pg *pg;
	char table[64];           /* "" when no COPY is open */
	int ncols;
	int *bytea;               /* per column of the COPY: a bytea target */
	struct buf line;
} load;

static const char *const set_aside[] = {
	"ALTER TABLE event DISABLE TRIGGER event_chained",
	"ALTER TABLE event DISABLE TRIGGER complaint_fts_sync",
};
static const char *const put_back[] = {
	"ALTER TABLE event ENABLE TRIGGER event_chained",
	"ALTER TABLE event ENABLE TRIGGER complaint_fts_sync",
};

int
pg_load_begin(struct pg *pg, struct error *err)
{
	char sql[160];
	int64_t any;
	size_t i;
	int rc;

	for (i = 0; i < store_copy_ntables; i++) {
		snprintf(sql, sizeof(sql), "SELECT EXISTS (SELECT 1 FROM %s)"
		    "::int", store_copy_tables[i].name);
		if ((rc = pg_query_int(pg, "reading the database", sql, NULL,
		    &any, NULL, err)) != 0)
			return rc;
		if (any)
			return error_set(err, EX_DATAERR, "'%s' is not empty "
			    "(its %s table has rows): a copy goes into an "
			    "empty database only", pg->base.where,
			    store_copy_tables[i].name);
	}
	for (i = 0; i < sizeof(set_aside) / sizeof(set_aside[0]); i++)
		if ((rc = pg_exec_simple(pg, "setting the history's checks "
		    "aside for the copy", set_aside[i], err)) != 0)
			return rc;
	free(load.bytea);
	buf_release(&load.line);
	memset(&load, 0, sizeof(load));
	load.pg = pg;
	return 0;
}

/* End the open COPY, if any, and take the server's verdict on it. */
static int
copy_end(struct pg *pg, struct error *err)
{
	PGresult *r;
	int rc = 0;

	if (load.table[0] == '\0')
		return 0;
	if (PQputCopyEnd(pg->conn, NULL) != 1)
		rc = error_set(err, EX_IOERR, "copying into %s: %s",
		    load.table, PQerrorMessage(pg->conn));
	while ((r = PQgetResult(pg->conn)) != NULL) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		/* A value the server cannot hold (class 22: a NUL in text,
		 * bytes that are no UTF-8) is the data's fault, not ours. */
		if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK &&
		    state != NULL && strncmp(state, "22", 2) == 0)
			rc = error_set(err, EX_DATAERR, "copying %s: a value "
			    "the server cannot hold: %s", load.table,
			    PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
		else if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = pg_fail_result(pg, r, "copying a table", err);
		PQclear(r);
	}
	load.table[0] = '\0';
	return rc;
}

/* Start COPY TABLE (COLS) FROM STDIN, learning which columns are bytea. */
static int
copy_start(struct pg *pg, const struct store_row *r, struct error *err)
{
	struct buf sql = BUF_INIT;
	PGresult *res;
	size_t i;
	int rc;

	buf_puts(&sql, "SELECT ");
	for (i = 0; i < r->n; i++) {
		if (i)
			buf_puts(&sql, ", ");
		store_copy_put_ident(&sql, r->cols[i]);
	}
	buf_puts(&sql, " FROM ");
	store_copy_put_ident(&sql, r->table);
	buf_puts(&sql, " LIMIT 0");
	rc = pg_exec(pg, "reading the schema", buf_str(&sql), NULL, &res, err);
	buf_reset(&sql);
	if (rc != 0) {
		buf_release(&sql);
		return rc;
	}
	free(load.bytea);
	load.bytea = xcalloc(r->n + 1, sizeof(*load.bytea));
	for (i = 0; i < r->n; i++)
		load.bytea[i] = PQftype(res, (int)i) == OID_BYTEA;
	PQclear(res);
	load.ncols = (int)r->n;

	buf_puts(&sql, "COPY ");
	store_copy_put_ident(&sql, r->table);
	buf_puts(&sql, " (");
	for (i = 0; i < r->n; i++) {
		if (i)
			buf_puts(&sql, ", ");
		store_copy_put_ident(&sql, r->cols[i]);
	}
	buf_puts(&sql, ") FROM STDIN");
	if ((rc = pg_settle(pg, err)) != 0) {
		buf_release(&sql);
		return rc;
	}
	res = PQexec(pg->conn, buf_str(&sql));
	buf_release(&sql);
	if (res == NULL || PQresultStatus(res) != PGRES_COPY_IN) {
		rc = pg_fail_result(pg, res, "copying a table", err);
		PQclear(res);
		return rc;
	}
	PQclear(res);
	snprintf(load.table, sizeof(load.table), "%s", r->table);
	return 0;
}

/* LEN bytes as COPY's text format has them: backslash escapes. */
static void
put_text(struct buf *b, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (p[i]) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default: buf_putc(b, p[i]); break;
		}
	}
}

/* Bytes for a bytea column: its hex input form, "\\x..." in COPY. */
static void
put_bytes(struct buf *b, const char *p, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	buf_puts(b, "\\\\x");
	for (i = 0; i < len; i++) {
		buf_putc(b, hex[(unsigned char)p[i] >> 4]);
		buf_putc(b, hex[(unsigned char)p[i] & 0xf]);
	}
}

int
pg_load_row(struct pg *pg, const struct store_row *r, struct error *err)
{
	struct buf *b = &load.line;
	size_t i;
	int rc;

	if (strcmp(load.table, r->table) != 0) {
		if ((rc = copy_end(pg, err)) != 0 ||
		    (rc = copy_start(pg, r, err)) != 0)
			return rc;
	}
	if ((int)r->n != load.ncols)
		return error_set(err, EX_SOFTWARE, "copying %s: rows of "
		    "different widths", r->table);
	buf_reset(b);
	for (i = 0; i < r->n; i++) {
		const struct store_value *v = &r->v[i];

		if (i)
			buf_putc(b, '\t');
		switch (v->type) {
		case STORE_NULL:
			buf_puts(b, "\\N");
			break;
		case STORE_INT:
			buf_printf(b, "%lld", (long long)v->i);
			break;
		case STORE_TEXT:
		case STORE_BLOB:
			if (load.bytea[i])
				put_bytes(b, v->p, v->len);
			else
				put_text(b, v->p, v->len);
			break;
		}
	}
	buf_putc(b, '\n');
	if (PQputCopyData(pg->conn, b->s, (int)b->len) != 1)
		return error_set(err, EX_IOERR, "copying into %s: %s",
		    r->table, PQerrorMessage(pg->conn));
	return 0;
}

int
pg_load_end(struct pg *pg, struct error *err)
{
	/* What complaint_fts_sync writes, for every complaint at once. */
	static const char fts[] = "SELECT complaint_fts_fill(0)";
	size_t i;
	int rc;

	rc = copy_end(pg, err);
	free(load.bytea);
	buf_release(&load.line);
	memset(&load, 0, sizeof(load));
	if (rc != 0)
		return rc;
	for (i = 0; i < sizeof(put_back) / sizeof(put_back[0]); i++)
		if ((rc = pg_exec_simple(pg, "putting the history's checks "
		    "back", put_back[i], err)) != 0)
			return rc;
	return pg_exec_simple(pg, "indexing the copy for search", fts, err);
}
