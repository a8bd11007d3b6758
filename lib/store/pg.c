/*
 * The PostgreSQL driver: the connection (libpq, reading the --db string
 * as libpq does, so PG* variables, ~/.pgpass and service files apply),
 * the transactions, the query helpers of pg.h, the mapping of server
 * failures to exit statuses, and at the end the driver table store.c
 * dispatches through.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "conninfo.h"
#include "store/pg.h"
#include "store/pg_scan.h"
#include "xmalloc.h"

/* ---- parameters ---------------------------------------------------------- */

void
pg_params_init(struct pg_params *p)
{
	p->n = 0;
}

static int
param_slot(struct pg_params *p)
{
	/* A fixed bound: the widest statement (a whole complaint) has
	 * fewer; running past it is a bug, caught here, not memory. */
	if (p->n >= PG_MAXPARAM)
		abort();
	return p->n++;
}

void
pg_param_text(struct pg_params *p, const char *s)
{
	int i = param_slot(p);

	p->v[i] = s;
	p->len[i] = 0;
	p->fmt[i] = 0;
}

void
pg_param_int(struct pg_params *p, int64_t v)
{
	int i = param_slot(p);

	p->len[i] = 0;
	p->fmt[i] = 0;
	if (v == NUM_NONE) {
		p->v[i] = NULL;
		return;
	}
	snprintf(p->num[i], sizeof(p->num[i]), "%" PRId64, v);
	p->v[i] = p->num[i];
}

void
pg_param_bytes(struct pg_params *p, const void *b, size_t len)
{
	int i = param_slot(p);

	p->v[i] = b != NULL ? b : "";
	p->len[i] = (int)len;
	p->fmt[i] = 1;
}

/* ---- failures ------------------------------------------------------------ */

int
pg_status_of_sqlstate(const char *state)
{
	static const struct {
		const char *code;   /* a full code, or a class of two */
		int status;
	} map[] = {
		{ "55P03", EX_TEMPFAIL },   /* lock_not_available */
		{ "40001", EX_TEMPFAIL },   /* serialization_failure */
		{ "40P01", EX_TEMPFAIL },   /* deadlock_detected */
		{ "57014", EX_TEMPFAIL },   /* query_canceled: a timeout */
		{ "53300", EX_TEMPFAIL },   /* too_many_connections */
		{ "57P03", EX_TEMPFAIL },   /* cannot_connect_now */
		{ "25006", EX_IOERR },      /* read-only: a standby */
		{ "42501", EX_NOPERM },     /* insufficient_privilege */
		{ "3D000", EX_NOINPUT },    /* no such database */
		{ "53", EX_IOERR },         /* insufficient resources */
		{ "58", EX_IOERR },         /* system error */
		{ "08", EX_IOERR },         /* connection exception */
		{ "XX", EX_IOERR },         /* internal: data corrupted */
		{ "28", EX_NOPERM },        /* invalid authorization */
	};
	size_t i;

	if (state == NULL || strlen(state) != 5)
		return EX_SOFTWARE;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(state, map[i].code, strlen(map[i].code)) == 0)
			return map[i].status;
	return EX_SOFTWARE;
}

/* The server's message, one line, without libpq's "ERROR:  " prefix. */
static void
message_of(struct pg *pg, const PGresult *res, char *out, size_t len)
{
	const char *m = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	size_t n;

	if (m == NULL || *m == '\0')
		m = pg != NULL && pg->conn != NULL ? PQerrorMessage(pg->conn) :
		    "no connection";
	n = strcspn(m, "\n");
	if (n >= len)
		n = len - 1;
	memcpy(out, m, n);
	out[n] = '\0';
}

int
pg_fail_result(struct pg *pg, const PGresult *res, const char *what,
    struct error *err)
{
	const char *state = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[512];
	int status;

	if (state == NULL && pg != NULL && pg->conn != NULL &&
	    PQstatus(pg->conn) != CONNECTION_OK)
		state = "08006";    /* connection_failure */
	status = pg_status_of_sqlstate(state);
	message_of(pg, res, msg, sizeof(msg));
	switch (status) {
	case EX_TEMPFAIL:
		/* The SQLite driver's words: scripts match them. */
		return error_set(err, EX_TEMPFAIL, "database is busy (%s: "
		    "another writer held it past the busy timeout); try "
		    "again", what);
	case EX_NOPERM:
		return error_set(err, EX_NOPERM, "%s: the database refused "
		    "role '%s': %s", what, pg != NULL ? pg->account : "?",
		    msg);
	case EX_IOERR:
		if (state != NULL && strcmp(state, "25006") == 0)
			return error_set(err, EX_IOERR, "%s: database '%s' is "
			    "read-only", what, pg != NULL ? pg->shown : "?");
		return error_set(err, EX_IOERR, "%s: %s", what, msg);
	default:
		return error_set(err, status, "%s: %s", what, msg);
	}
}

/* ---- running statements -------------------------------------------------- */

static int
result_ok(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);

	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

int
pg_exec(struct pg *pg, const char *what, const char *sql,
    const struct pg_params *p, PGresult **res, struct error *err)
{
	PGresult *r;
	int rc;

	if (res != NULL)
		*res = NULL;
	if ((rc = pg_settle(pg, err)) != 0)
		return rc;
	r = PQexecParams(pg->conn, sql, p != NULL ? p->n : 0, NULL,
	    p != NULL ? p->v : NULL, p != NULL ? p->len : NULL,
	    p != NULL ? p->fmt : NULL, 0);
	if (r == NULL || !result_ok(r)) {
		rc = pg_fail_result(pg, r, what, err);
		PQclear(r);
		return rc;
	}
	if (res != NULL)
		*res = r;
	else
		PQclear(r);
	return 0;
}

int
pg_exec_simple(struct pg *pg, const char *what, const char *sql,
    struct error *err)
{
	PGresult *r;
	int rc = 0;

	if ((rc = pg_settle(pg, err)) != 0)
		return rc;
	r = PQexec(pg->conn, sql);
	if (r == NULL || !result_ok(r))
		rc = pg_fail_result(pg, r, what, err);
	PQclear(r);
	return rc;
}

int
pg_query_int(struct pg *pg, const char *what, const char *sql,
    const struct pg_params *p, int64_t *v, int *found, struct error *err)
{
	PGresult *r;
	int rc;

	if (found != NULL)
		*found = 0;
	if ((rc = pg_exec(pg, what, sql, p, &r, err)) != 0)
		return rc;
	if (PQntuples(r) > 0) {
		*v = pg_get_int(r, 0, 0);
		if (found != NULL)
			*found = 1;
	}
	PQclear(r);
	return 0;
}

int
pg_read_begin(struct pg *pg, int *own, struct error *err)
{
	int rc;

	*own = 0;
	if (pg->in_tx != 0)
		return 0;
	if ((rc = pg_begin(pg, 0, err)) != 0)
		return rc;
	*own = 1;
	return 0;
}

int
pg_read_end(struct pg *pg, int own, int rc, struct error *err)
{
	if (!own)
		return rc;
	if (rc == 0)
		return pg_commit(pg, err);
	pg_rollback(pg);
	return rc;
}

int
pg_each_bounded(struct pg *pg, const char *what, const char *sql,
    const struct pg_params *p, pg_row_fn fn, void *arg, struct error *err)
{
	PGresult *r = NULL;
	int rc, i, n;

	if ((rc = pg_exec(pg, what, sql, p, &r, err)) != 0)
		return rc;
	n = PQntuples(r);
	for (i = 0; i < n && rc == 0; i++)
		rc = fn(r, i, arg);
	PQclear(r);
	return rc;
}

int
pg_each(struct pg *pg, const char *what, const char *sql,
    const struct pg_params *p, pg_row_fn fn, void *arg, struct error *err)
{
	char name[32], cmd[64];
	struct buf q = BUF_INIT;
	int own_tx = 0, rc, i, n;
	PGresult *r = NULL;

	if ((rc = pg_read_begin(pg, &own_tx, err)) != 0)
		return rc;
	/* A name per open scan: a callback may start another. */
	snprintf(name, sizeof(name), "complaint_c%d", ++pg->cursors);
	buf_printf(&q, "DECLARE %s NO SCROLL CURSOR FOR %s", name, sql);
	rc = pg_exec(pg, what, buf_str(&q), p, NULL, err);
	buf_release(&q);
	if (rc != 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "FETCH FORWARD %d FROM %s", PG_FETCH,
	    name);
	for (;;) {
		if ((rc = pg_exec(pg, what, cmd, NULL, &r, err)) != 0)
			goto out;
		n = PQntuples(r);
		for (i = 0; i < n; i++)
			if ((rc = fn(r, i, arg)) != 0)
				break;
		PQclear(r);
		r = NULL;
		if (rc != 0 || n < PG_FETCH)
			break;
	}
	snprintf(cmd, sizeof(cmd), "CLOSE %s", name);
	if (rc != 0) {
		/* Stopped by FN: its status wins; the cursor still goes. */
		struct error ignored;

		pg_exec(pg, what, cmd, NULL, NULL, &ignored);
	} else {
		rc = pg_exec(pg, what, cmd, NULL, NULL, err);
	}
out:
	pg->cursors--;
	return pg_read_end(pg, own_tx, rc, err);
}

/* ---- reading results ----------------------------------------------------- */

const char *
pg_get_text(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return PQgetvalue(res, row, col);
}

char *
pg_get_strdup(const PGresult *res, int row, int col)
{
	const char *s = pg_get_text(res, row, col);

	return s != NULL ? xstrdup(s) : NULL;
}

int64_t
pg_get_int(const PGresult *res, int row, int col)
{
	const char *s = pg_get_text(res, row, col);

	if (s == NULL)
		return NUM_NONE;
	return (int64_t)strtoll(s, NULL, 10);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
pg_get_bytes(const PGresult *res, int row, int col, struct buf *b)
{
	const char *s = pg_get_text(res, row, col);
	size_t i, n;

	buf_reset(b);
	if (s == NULL)
		return 1;
	/* bytea_output 'hex' (set at connect): "\x" then two per byte. */
	if (s[0] != '\\' || s[1] != 'x')
		return -1;
	s += 2;
	n = strlen(s);
	if (n % 2 != 0)
		return -1;
	for (i = 0; i < n; i += 2) {
		int hi = hexval((unsigned char)s[i]);
		int lo = hexval((unsigned char)s[i + 1]);
		char c;

		if (hi < 0 || lo < 0)
			return -1;
		c = (char)(hi << 4 | lo);
		buf_add(b, &c, 1);
	}
	return 0;
}

/* ---- transactions -------------------------------------------------------- */

int
pg_begin(struct pg *pg, int write, struct error *err)
{
	int rc;

	if (write) {
		/* Writers take turns here, as at SQLite's BEGIN IMMEDIATE:
		 * the wait is bounded by lock_timeout (the busy timeout).
		 * One round trip: the lock is the transaction's first act. */
		pg->in_tx = 2;
		if ((rc = pg_exec_simple(pg, "starting a transaction",
		    "BEGIN ISOLATION LEVEL READ COMMITTED;"
		    " SELECT 1 FROM head WHERE one FOR UPDATE", err)) != 0) {
			pg_rollback(pg);
			return rc;
		}
	} else {
		/* Sent unwaited: its answer is read before the first
		 * statement's (pg_settle), a round trip fewer. */
		static const char begin[] =
		    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

		if ((rc = pg_settle(pg, err)) != 0)
			return rc;
		if (PQsendQuery(pg->conn, begin) == 1)
			pg->sent = PG_SENT_BEGIN;
		else if ((rc = pg_exec_simple(pg, "starting a transaction",
		    begin, err)) != 0)
			return rc;
		pg->in_tx = 1;
	}
	pg->chain_known = 0;
	pg->import_file_id = NUM_NONE;
	return 0;
}

/*
 * The answer of a read's BEGIN or COMMIT sent unwaited (pg_begin,
 * pg_commit), read before the connection does anything else. A BEGIN
 * that failed fails the statement that follows it; a read's COMMIT
 * changes nothing and cannot fail but with the connection, which that
 * statement reports.
 */
int
pg_settle(struct pg *pg, struct error *err)
{
	int sent = pg->sent, rc = 0;
	PGresult *r;

	if (pg->bulk != NULL && (rc = pg_bulk_foreign(pg, err)) != 0)
		return rc;
	if (sent == PG_SENT_NONE)
		return 0;
	pg->sent = PG_SENT_NONE;
	while ((r = PQgetResult(pg->conn)) != NULL) {
		if (sent == PG_SENT_BEGIN && rc == 0 && !result_ok(r))
			rc = pg_fail_result(pg, r, "starting a transaction",
			    err);
		PQclear(r);
	}
	return rc;
}

int
pg_commit(struct pg *pg, struct error *err)
{
	int rc;

	/*
	 * A read's COMMIT changes nothing and cannot fail but with the
	 * connection, which the next statement reports: sent without
	 * waiting for its answer, a round trip fewer for every command
	 * that reads. The server ends the snapshot as it reads it; the
	 * next statement queues behind it (PQexec reads the answer first).
	 */
	/* A bulk load not ended is ended here: its rows are the
	 * transaction's. */
	if ((pg->bulk != NULL && (rc = pg_bulk_end(pg, err)) != 0) ||
	    (rc = pg_settle(pg, err)) != 0 ||
	    (pg->chain_unsealed && (rc = pg_chain_seal(pg, err)) != 0)) {
		pg_rollback(pg);
		return rc;
	}
	if (pg->in_tx == 1 && PQsendQuery(pg->conn, "COMMIT") == 1) {
		pg->sent = PG_SENT_COMMIT;
		pg->in_tx = 0;
		pg->chain_known = 0;
		pg->import_file_id = NUM_NONE;
		return 0;
	}
	rc = pg_exec_simple(pg, "committing", "COMMIT", err);

	if (rc != 0)
		pg_rollback(pg);
	pg->in_tx = 0;
	pg->chain_known = 0;
	pg->import_file_id = NUM_NONE;
	return rc;
}

void
pg_rollback(struct pg *pg)
{
	struct error ignored;

	/* What a bulk load holds is the transaction's: dropped with it. */
	pg_bulk_release(pg);
	if (pg->conn != NULL)
		pg_settle(pg, &ignored);
	if (pg->conn != NULL &&
	    PQtransactionStatus(pg->conn) != PQTRANS_IDLE &&
	    PQtransactionStatus(pg->conn) != PQTRANS_UNKNOWN) {
		PGresult *r = PQexec(pg->conn, "ROLLBACK");

		PQclear(r);
	}
	pg->in_tx = 0;
	pg->chain_known = 0;
	pg->chain_unsealed = 0;
	pg->import_file_id = NUM_NONE;
}

/* ---- opening ------------------------------------------------------------- */

/* The first line of libpq's connection error. */
static void
connect_message(PGconn *c, char *out, size_t len)
{
	const char *m = c != NULL ? PQerrorMessage(c) : "out of memory";
	size_t n;

	/* "connection to server ... failed: FATAL:  ..." : keep it whole
	 * but on one line. */
	n = strcspn(m, "\n");
	if (n >= len)
		n = len - 1;
	memcpy(out, m, n);
	out[n] = '\0';
}

/* The session's settings, fixed for the life of the connection. */
static int
session_setup(struct pg *pg, struct error *err)
{
	char set[256], sql[512];
	const char *state;
	PGresult *r;
	int rc;

	/* lock_timeout 0 is "wait for ever": a busy timeout of 0 is
	 * "do not wait", as near as the server goes (1 ms). */
	snprintf(set, sizeof(set),
	    "SET lock_timeout = %d; SET search_path = complaint;"
	    " SET bytea_output = 'hex'; SET TIME ZONE 'UTC';"
	    " SET standard_conforming_strings = on",
	    pg->busy_ms > 0 ? pg->busy_ms : 1);
	/*
	 * Every command opens a connection: the settings, the account and
	 * the schema version in one round trip (SET is not a startup
	 * option, which PgBouncer refuses). Where there is no schema yet
	 * the string fails whole, settings included, and the schema is
	 * read apart (pg_schema_open).
	 */
	pg->opened_version = -1;
	snprintf(sql, sizeof(sql), "%s; SELECT session_user, version FROM"
	    " complaint.schema_version", set);
	r = PQexec(pg->conn, sql);
	state = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK &&
	    PQntuples(r) == 1) {
		pg->opened_version = pg_get_text(r, 0, 1) != NULL ?
		    (int)pg_get_int(r, 0, 1) : 0;
	} else if (r != NULL && (PQresultStatus(r) == PGRES_TUPLES_OK ||
	    (state != NULL && (strcmp(state, "42P01") == 0 ||
	    strcmp(state, "3F000") == 0)))) {
		PQclear(r);
		snprintf(sql, sizeof(sql), "%s; SELECT session_user", set);
		r = PQexec(pg->conn, sql);
	}
	if (r == NULL || !result_ok(r)) {
		rc = pg_fail_result(pg, r, "opening the database", err);
		PQclear(r);
		return rc;
	}
	snprintf(pg->account, sizeof(pg->account), "%s",
	    PQntuples(r) > 0 && pg_get_text(r, 0, 0) ? pg_get_text(r, 0, 0) :
	    "?");
	PQclear(r);
	return 0;
}

static int
pg_connect(struct pg *pg, const char *where, struct error *err)
{
	/* The --db string expanded as libpq reads a dbname (a URI or a
	 * conninfo); what follows it can only add. */
	const char *const keys[] = { "dbname", "client_encoding",
	    "fallback_application_name", NULL };
	const char *const vals[] = { where, "UTF8", "complaint", NULL };
	char msg[512];
	int rc;

	if ((rc = pq_load(err)) != 0)
		return rc;
	pg->conn = PQconnectdbParams(keys, vals, 1);
	if (pg->conn != NULL && PQstatus(pg->conn) == CONNECTION_OK)
		return 0;
	connect_message(pg->conn, msg, sizeof(msg));
	/* libpq gives no SQLSTATE for a refused connection: a missing
	 * database is told by the server's words (English, as the server
	 * writes its log; any other wording falls to the general case). */
	if ((pg->flags & STORE_OPEN_EXISTING) &&
	    strstr(msg, "does not exist") != NULL &&
	    strstr(msg, "database") != NULL)
		return error_set(err, EX_NOINPUT, "no database '%s' (a "
		    "command that only reads never creates one): %s",
		    pg->shown, msg);
	return error_set(err, EX_CANTCREAT, "cannot open database '%s': %s",
	    pg->shown, msg);
}

static void
pg_free(struct pg *pg)
{
	if (pg->conn != NULL) {
		pg_rollback(pg);
		PQfinish(pg->conn);
	}
	free(pg->base.where);
	free(pg->shown);
	free(pg->import_file_name);
	free(pg);
}

static int
d_open(struct store **s, const char *where, const struct store_options *o,
    struct error *err)
{
	struct pg *pg = xcalloc(1, sizeof(*pg));
	int rc, found;

	*s = NULL;
	pg->base.drv = &store_pg_driver;
	pg->base.where = xstrdup(where);
	pg->shown = conninfo_redacted(where);
	pg->busy_ms = o->busy_ms;
	pg->flags = o->flags;
	if ((rc = pg_connect(pg, where, err)) != 0 ||
	    (rc = session_setup(pg, err)) != 0 ||
	    (rc = pg_schema_open(pg, o->flags, &found, err)) != 0) {
		pg_free(pg);
		return rc;
	}
	/* Made or migrated to it, whatever was found. */
	pg->version = PG_SCHEMA_LATEST;
	*s = &pg->base;
	return 0;
}

/* ---- the driver ---------------------------------------------------------- */

static void
d_close(struct store *s)
{
	pg_free(pg_of(s));
}

static int
d_begin(struct store *s, int write, struct error *err)
{
	return pg_begin(pg_of(s), write, err);
}

static int
d_commit(struct store *s, struct error *err)
{
	return pg_commit(pg_of(s), err);
}

static void
d_rollback(struct store *s)
{
	pg_rollback(pg_of(s));
}

static int
d_schema_version(struct store *s)
{
	return pg_of(s)->version;
}

static int
d_schema_latest(void)
{
	return PG_SCHEMA_LATEST;
}

static const char *
d_account(const struct store *s)
{
	return ((const struct pg *)s)->account;
}

static int
d_guard_check(struct store *s, struct buf *problem, struct error *err)
{
	return pg_guard_check(pg_of(s), problem, err);
}

static int
d_complaint_insert(struct store *s, struct complaint *c, const char *actor,
    int64_t now, const char *action, const char *note, struct error *err)
{
	return pg_complaint_insert(pg_of(s), c, actor, now, action, note, err);
}

static int
d_complaint_load(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	return pg_complaint_load(pg_of(s), prefix, id, c, err);
}

static int
d_complaint_update(struct store *s, const struct complaint *before,
    struct complaint *after, const char *actor, int64_t now,
    const char *action, const char *note, struct error *err)
{
	return pg_complaint_save(pg_of(s), before, before, after, actor, now,
	    action, note, NULL, err);
}

static int
d_complaint_save(struct store *s, const struct complaint *before,
    const struct complaint *shown_before, struct complaint *after,
    const char *actor, int64_t now, const char *action, const char *note,
    const char *detail, struct error *err)
{
	return pg_complaint_save(pg_of(s), before, shown_before, after, actor,
	    now, action, note, detail, err);
}

static int
d_complaint_rebuild(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	return pg_complaint_rebuild(pg_of(s), prefix, id, c, err);
}

static int
d_erase_personal(struct store *s, int64_t id,
    const struct erase_created *created, struct error *err)
{
	return pg_erase_personal(pg_of(s), id, created, err);
}

static int
d_complaint_import(struct store *s, struct complaint *c, const char *actor,
    int64_t now, const struct import_origin *from, struct error *err)
{
	struct pg *pg = pg_of(s);

	if (pg->bulk != NULL)
		return pg_bulk_import(pg, c, actor, now, from, err);
	return pg_complaint_import(pg, c, actor, now, from, err);
}

static int
d_bulk_begin(struct store *s, struct error *err)
{
	return pg_bulk_begin(pg_of(s), err);
}

static int
d_bulk_end(struct store *s, struct error *err)
{
	return pg_bulk_end(pg_of(s), err);
}

static int
d_chain_prev(struct store *s, int64_t event_id, int64_t *from,
    uint8_t prev[SHA256_LEN],
    struct error *err)
{
	return pg_chain_prev(pg_of(s), event_id, from, prev, err);
}

static int
d_find_source(struct store *s, const char *source, const char *source_id,
    int64_t *id, struct error *err)
{
	struct pg *pg = pg_of(s);

	if (pg->bulk != NULL)
		return pg_bulk_find_source(pg, source, source_id, id, err);
	return pg_find_source(pg, source, source_id, id, err);
}

static int
d_find_open_for(struct store *s, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err)
{
	return pg_find_open_for(pg_of(s), customer_id, contact, customer, out,
	    max, n, err);
}

static int
d_complaint_rebuild_each(struct store *s, const char *prefix,
    rebuild_want_fn want, rebuild_fn fn, void *arg, struct error *err)
{
	return pg_complaint_rebuild_each(pg_of(s), prefix, want, fn, arg, err);
}

static int
d_event_each(struct store *s, int64_t id, event_fn fn, void *arg,
    struct error *err)
{
	return pg_event_each(pg_of(s), id, fn, arg, err);
}

static int
d_event_walk(struct store *s, int64_t after, event_fn fn, void *arg,
    struct error *err)
{
	return pg_event_walk(pg_of(s), after, fn, arg, err);
}

static int
d_changes_each(struct store *s, const char *changes, change_fn fn,
    void *arg, struct error *err)
{
	return pg_changes_each(pg_of(s), changes, fn, arg, err);
}

static int
d_history_tail_check(struct store *s, int64_t *id, struct error *err)
{
	return pg_history_tail_check(pg_of(s), id, err);
}

static int
d_dump_each(struct store *s, store_row_fn fn, void *arg, struct error *err)
{
	return pg_dump_each(pg_of(s), fn, arg, err);
}

static int
d_load_begin(struct store *s, struct error *err)
{
	return pg_load_begin(pg_of(s), err);
}

static int
d_load_row(struct store *s, const struct store_row *r, struct error *err)
{
	return pg_load_row(pg_of(s), r, err);
}

static int
d_load_end(struct store *s, struct error *err)
{
	return pg_load_end(pg_of(s), err);
}

/* The slots of the scans, reviews, attachments, search and idempotency
 * keys are pg_slots.c's (pg_scan.c, pg_review.c, pg_attach.c,
 * pg_idem.c). */
static int
d_history_each(struct store *s, int64_t as_of, uint64_t fields,
    history_fn fn, void *arg, struct error *err)
{
	return pg_history_each(pg_of(s), as_of, fields, fn, arg, err);
}

static int
d_message_id_add(struct store *s, const char *message_id,
    int64_t complaint_id, int out, int64_t now, int *added,
    struct error *err)
{
	return pg_message_id_add(pg_of(s), message_id, complaint_id, out, now,
	    added, err);
}

static int
d_message_id_find(struct store *s, const char *message_id,
    int64_t *complaint_id, int *out, int *found, struct error *err)
{
	return pg_message_id_find(pg_of(s), message_id, complaint_id, out,
	    found, err);
}

static int
d_message_id_latest(struct store *s, int64_t complaint_id,
    char **message_id, struct error *err)
{
	return pg_message_id_latest(pg_of(s), complaint_id, message_id, err);
}

const struct store_driver store_pg_driver = {
	.name = "postgresql",
	.engine = STORE_PG,
	.caps = STORE_CAP_SHARED | STORE_CAP_BULK,
	.open = d_open,
	.close = d_close,
	.begin = d_begin,
	.commit = d_commit,
	.rollback = d_rollback,
	.schema_version = d_schema_version,
	.schema_latest = d_schema_latest,
	.complaint_insert = d_complaint_insert,
	.complaint_load = d_complaint_load,
	.complaint_update = d_complaint_update,
	.complaint_save = d_complaint_save,
	.complaint_rebuild = d_complaint_rebuild,
	.erase_personal = d_erase_personal,
	.complaint_import = d_complaint_import,
	.chain_prev = d_chain_prev,
	.bulk_begin = d_bulk_begin,
	.bulk_end = d_bulk_end,
	.find_source = d_find_source,
	.find_open_for = d_find_open_for,
	.complaint_rebuild_each = d_complaint_rebuild_each,
	.event_each = d_event_each,
	.event_walk = d_event_walk,
	.changes_each = d_changes_each,
	/* No integrity_check: the server checks its own pages (data
	 * checksums, amcheck), not a client. */
	.guard_check = d_guard_check,
	.history_tail_check = d_history_tail_check,
	.account = d_account,
	/* pg_slots.c (pg_scan.c, pg_review.c, pg_attach.c, pg_idem.c) */
	.complaint_each = pgd_complaint_each,
	.walk = pgd_walk,
	.walk_event = pg_walk_event,
	.open_id_each = pgd_open_id_each,
	.merged_each = pgd_merged_each,
	.id_each_in = pgd_id_each_in,
	.name_each = pgd_name_each,
	.open_each = pgd_open_each,
	.rule_fire = pgd_rule_fire,
	.rule_fired_each = pgd_rule_fired_each,
	.overdue_each = pgd_overdue_each,
	.owed_each = pgd_owed_each,
	.report_scan = pgd_report_scan,
	.category_counts = pgd_category_counts,
	.idea_add = pgd_idea_add,
	.idea_set_status = pgd_idea_set_status,
	.idea_each = pgd_idea_each,
	.idea_erase = pgd_idea_erase,
	.pending_review_each = pgd_pending_review_each,
	.attachment_add = pgd_attachment_add,
	.attachment_each = pgd_attachment_each,
	.attachment_get = pgd_attachment_get,
	.search = pgd_search,
	.idem_get = pgd_idem_get,
	.idem_put = pgd_idem_put,
	.idem_purge = pgd_idem_purge,
	.history_each = d_history_each,
	.message_id_add = d_message_id_add,
	.message_id_find = d_message_id_find,
	.message_id_latest = d_message_id_latest,
	/* migrate into the server, backup out of it (pg_copy.c). */
	.dump_each = d_dump_each,
	.load_begin = d_load_begin,
	.load_row = d_load_row,
	.load_end = d_load_end,
};
