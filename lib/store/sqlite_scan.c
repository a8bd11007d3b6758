/*
 * The SQLite driver's scans of the complaint table for escalation,
 * follow-up, the reports and review, and the rule_fired table. Each
 * query is phrased for SQLite's planner (partial indexes named with
 * INDEXED BY, SCHEMA_OPEN worded as the indexes are) and hands plain
 * rows (store.h) to its callback.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "name.h"
#include "store/report_columns.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"
#include "timeutil.h"
#include "xmalloc.h"

static int64_t
column_num(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NUM_NONE;
	return sqlite3_column_int64(st, i);
}

static const char *
column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* ---- escalation ----------------------------------------------------------- */

/* The open complaints with the columns the rules need, through the
 * partial index complaint_open (migration 6). */
static const char sweep_sql[] =
    "SELECT id, status, severity, category, channel, department, owner,"
    " justified, level, public, complex, contacts, priority, amount,"
    " received_at, updated_at, acknowledged_at, ack_due, resolve_due"
    " FROM complaint INDEXED BY complaint_open"
    " WHERE " SCHEMA_OPEN " AND voided_at IS NULL ORDER BY id";
enum {
	SW_ID, SW_STATUS, SW_SEVERITY, SW_CATEGORY, SW_CHANNEL, SW_DEPARTMENT,
	SW_OWNER, SW_JUSTIFIED, SW_LEVEL, SW_PUBLIC, SW_COMPLEX, SW_CONTACTS,
	SW_PRIORITY, SW_AMOUNT, SW_RECEIVED_AT, SW_UPDATED_AT,
	SW_ACKNOWLEDGED_AT, SW_ACK_DUE, SW_RESOLVE_DUE,
};

int
sq_open_each(struct db *db, int64_t below, open_row_fn fn, void *arg,
    struct error *err)
{
	struct open_row r;
	sqlite3_stmt *st;
	int rc, owned;

	if ((rc = db_prepare_cached(db, sweep_sql, &st, &owned, err)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.level = sqlite3_column_int64(st, SW_LEVEL);
		if (r.level >= below)
			continue;
		r.id = sqlite3_column_int64(st, SW_ID);
		r.status = column_text(st, SW_STATUS);
		r.severity = column_text(st, SW_SEVERITY);
		r.category = column_text(st, SW_CATEGORY);
		r.channel = column_text(st, SW_CHANNEL);
		r.department = column_text(st, SW_DEPARTMENT);
		r.owner = column_text(st, SW_OWNER);
		r.justified = column_text(st, SW_JUSTIFIED);
		r.public = sqlite3_column_int64(st, SW_PUBLIC);
		r.complex = sqlite3_column_int64(st, SW_COMPLEX);
		r.contacts = sqlite3_column_int64(st, SW_CONTACTS);
		r.priority = column_num(st, SW_PRIORITY);
		r.amount = column_num(st, SW_AMOUNT);
		r.received_at = sqlite3_column_int64(st, SW_RECEIVED_AT);
		r.updated_at = sqlite3_column_int64(st, SW_UPDATED_AT);
		r.acknowledged_at = column_num(st, SW_ACKNOWLEDGED_AT);
		r.ack_due = column_num(st, SW_ACK_DUE);
		r.resolve_due = column_num(st, SW_RESOLVE_DUE);
		if ((rc = fn(&r, arg)) != 0) {
			db_release_stmt(st, owned);
			return rc;
		}
	}
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading open complaints", err);
	return 0;
}

static const char fired_sql[] =
    "INSERT OR IGNORE INTO rule_fired(complaint_id, rule, at)"
    " VALUES (?, ?, ?)";

int
sq_rule_fire(struct db *db, int64_t id, const char *rule, int64_t now,
    int *first, struct error *err)
{
	sqlite3_stmt *st;
	int rc, owned;

	if ((rc = db_prepare_cached(db, fired_sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, rule);
	sqlite3_bind_int64(st, 3, now);
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "recording a rule", err);
	*first = sqlite3_changes(db->h) > 0;
	return 0;
}

int
sq_rule_fired_each(struct db *db, rule_fired_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT complaint_id, rule, at FROM rule_fired"
	    " ORDER BY complaint_id, rule";
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = fn(sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int64(st, 2), arg)) != 0) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading rule firings", err);
	return 0;
}

/* ---- follow-up ------------------------------------------------------------ */

/* Closing a complaint clears both due times, so the two partial indexes
 * hold exactly what is owed and no status test is needed. */
const char followup_owed_sql[] =
    "SELECT id, 0, callback_due, owner, customer, NULL FROM complaint"
    " WHERE callback_due IS NOT NULL AND callback_due < ?1"
    " AND (?2 IS NULL OR " SCHEMA_OWNER_KEY " = ?2) AND voided_at IS NULL"
    " UNION ALL "
    "SELECT id, 1, followup_due, owner, customer, followup_attempts"
    " FROM complaint"
    " WHERE followup_due IS NOT NULL AND followup_due < ?1"
    " AND (?2 IS NULL OR " SCHEMA_OWNER_KEY " = ?2) AND voided_at IS NULL"
    " UNION ALL "
    "SELECT id, 2, holding_due, owner, customer, NULL FROM complaint"
    " WHERE holding_due IS NOT NULL AND holding_due < ?1"
    " AND " SCHEMA_OPEN " AND (?2 IS NULL OR " SCHEMA_OWNER_KEY " = ?2)"
    " AND voided_at IS NULL"
    " ORDER BY 3, 1, 2";

int
sq_owed_each(struct db *db, int64_t until, const char *owner, owed_fn fn,
    void *arg, struct error *err)
{
	sqlite3_stmt *st;
	struct owed o;
	int owned, rc;

	if ((rc = db_prepare_cached(db, followup_owed_sql, &st, &owned,
	    err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, until);
	if (owner != NULL)
		sqlite3_bind_text(st, 2, name_key(owner), -1, free);
	else
		sqlite3_bind_null(st, 2);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o.id = sqlite3_column_int64(st, 0);
		o.kind = (enum owed_kind)sqlite3_column_int(st, 1);
		o.due = sqlite3_column_int64(st, 2);
		o.owner = (const char *)sqlite3_column_text(st, 3);
		o.customer = (const char *)sqlite3_column_text(st, 4);
		o.attempts = db_column_time(st, 5);
		if ((rc = fn(&o, arg)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, "listing owed follow-ups", err);
	else
		rc = 0;
done:
	db_release_stmt(st, owned);
	return rc;
}

/* ---- overdue -------------------------------------------------------------- */

/*
 * Each arm is a range scan of one partial index (its WHERE implied by the
 * query's, which is how SQLite matches a partial index). INDEXED BY holds
 * the plan there: without statistics the planner would rather walk every
 * open complaint through complaint_status. Resolving clears callback_due
 * and closing clears followup_due, so complaint_callback and
 * complaint_followup hold only what is owed; the status tests keep the
 * arms right should that ever change.
 */
#define OD_COLS ", owner, customer, category FROM complaint"
#define OD_VOID " AND voided_at IS NULL"
#define OD_ACK_WHERE \
	" INDEXED BY complaint_ack_pending WHERE acknowledged_at IS NULL" \
	" AND " SCHEMA_OPEN " AND ack_due < ?1" OD_VOID
#define OD_RESOLVE_WHERE \
	" INDEXED BY complaint_resolve_pending" \
	" WHERE " SCHEMA_OPEN " AND resolve_due < ?1" OD_VOID
#define OD_CALLBACK_WHERE \
	" INDEXED BY complaint_callback" \
	" WHERE callback_due IS NOT NULL AND callback_due < ?1" \
	" AND " SCHEMA_OPEN OD_VOID
#define OD_FOLLOWUP_WHERE \
	" INDEXED BY complaint_followup" \
	" WHERE followup_due IS NOT NULL AND followup_due < ?1" \
	" AND status = 'resolved'" OD_VOID
#define OD_HOLDING_WHERE \
	" INDEXED BY complaint_holding" \
	" WHERE holding_due IS NOT NULL AND holding_due < ?1" \
	" AND " SCHEMA_OPEN OD_VOID

static const char overdue_sql[] =
    "SELECT id, 0, ack_due" OD_COLS OD_ACK_WHERE
    " UNION ALL SELECT id, 1, resolve_due" OD_COLS OD_RESOLVE_WHERE
    " UNION ALL SELECT id, 2, callback_due" OD_COLS OD_CALLBACK_WHERE
    " UNION ALL SELECT id, 3, followup_due" OD_COLS OD_FOLLOWUP_WHERE
    " UNION ALL SELECT id, 4, holding_due" OD_COLS OD_HOLDING_WHERE
    " ORDER BY 3, 1, 2";

static const char *const overdue_first_sql[] = {
	"SELECT id, 0, ack_due" OD_COLS OD_ACK_WHERE " LIMIT 1",
	"SELECT id, 1, resolve_due" OD_COLS OD_RESOLVE_WHERE " LIMIT 1",
	"SELECT id, 2, callback_due" OD_COLS OD_CALLBACK_WHERE " LIMIT 1",
	"SELECT id, 3, followup_due" OD_COLS OD_FOLLOWUP_WHERE " LIMIT 1",
	"SELECT id, 4, holding_due" OD_COLS OD_HOLDING_WHERE " LIMIT 1",
};

static int
overdue_query(struct db *db, const char *sql, int64_t now, overdue_fn fn,
    void *arg, int64_t *n, struct error *err)
{
	sqlite3_stmt *st;
	struct overdue_item it;
	int owned, rc;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		it.id = sqlite3_column_int64(st, 0);
		it.kind = (enum overdue_kind)sqlite3_column_int(st, 1);
		it.due = sqlite3_column_int64(st, 2);
		it.owner = (const char *)sqlite3_column_text(st, 3);
		it.customer = (const char *)sqlite3_column_text(st, 4);
		it.category = (const char *)sqlite3_column_text(st, 5);
		(*n)++;
		if (fn != NULL && (rc = fn(&it, arg)) != 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 :
	    db_fail(db, rc, "listing what is overdue", err);
done:
	db_release_stmt(st, owned);
	return rc;
}

int
sq_overdue_each(struct db *db, int64_t now, int first_only, overdue_fn fn,
    void *arg, int64_t *n, struct error *err)
{
	size_t i;
	int rc;

	*n = 0;
	if (!first_only)
		return overdue_query(db, overdue_sql, now, fn, arg, n, err);
	for (i = 0; i < sizeof(overdue_first_sql) /
	    sizeof(overdue_first_sql[0]); i++) {
		if ((rc = overdue_query(db, overdue_first_sql[i], now, fn, arg,
		    n, err)) != 0)
			return rc;
		if (*n > 0)
			break;
	}
	return 0;
}

/* ---- the report's scan ---------------------------------------------------- */

struct scan {
	const struct store_scan *q;
	report_row_scan_fn fn;
	void *arg;
	int rc;                  /* FN's, when it stopped the scan */
	struct report_row r;
};

/* A time or number, NUM_NONE for NULL; only a 0 can be a NULL, so only
 * then is the type asked for. */
static int64_t
value_num(sqlite3_value *v)
{
	int64_t t = sqlite3_value_int64(v);

	return t == 0 && sqlite3_value_type(v) == SQLITE_NULL ? NUM_NONE : t;
}

/*
 * One row of the scan, called by SQLite from inside the statement as
 * the step of an aggregate function: the row's values arrive as one
 * array, which spares a return from sqlite3_step() and a column call
 * with its locking for every value of a million rows.
 */
static void
scan_row(sqlite3_context *ctx, int argc, sqlite3_value **row)
{
	struct scan *sc = sqlite3_user_data(ctx);
	struct report_row *r = &sc->r;
	int i, rc;

	if (sc->rc != 0)
		return;
	r->received_at = sqlite3_value_int64(row[COL_RECEIVED_AT]);
	r->resolved_at = value_num(row[COL_RESOLVED_AT]);
	r->status = (const char *)sqlite3_value_text(row[COL_STATUS]);
	r->first_contact = sqlite3_value_int64(row[COL_FIRST_CONTACT]);
	r->acknowledged_at = value_num(row[COL_ACKNOWLEDGED_AT]);
	r->ack_due = value_num(row[COL_ACK_DUE]);
	r->level = sqlite3_value_int64(row[COL_LEVEL]);
	r->contacts = sqlite3_value_int64(row[COL_CONTACTS]);
	r->repeat_of = value_num(row[COL_REPEAT_OF]);
	r->satisfied = (const char *)sqlite3_value_text(row[COL_SATISFIED]);
	/* What only a resolution is counted by, only for resolved rows
	 * (most of a large file is resolved; the open rest need not pay). */
	if (r->resolved_at != NUM_NONE) {
		r->resolve_due = value_num(row[COL_RESOLVE_DUE]);
		r->justified = (const char *)sqlite3_value_text(
		    row[COL_JUSTIFIED]);
		r->amount = value_num(row[COL_AMOUNT]);
	} else {
		r->resolve_due = NUM_NONE;
		r->justified = NULL;
		r->amount = NUM_NONE;
	}
	for (i = COL__FIXED; i < argc; i++) {
		const char *s = (const char *)sqlite3_value_text(row[i]);

		r->text[i - COL__FIXED].s = s;
		r->text[i - COL__FIXED].len = s ?
		    (size_t)sqlite3_value_bytes(row[i]) : 0;
	}
	if ((rc = sc->fn(r, sc->arg)) != 0) {
		sc->rc = rc;
		sqlite3_result_error(ctx, "report scan stopped", -1);
	}
}

static void
scan_done(sqlite3_context *ctx)
{
	(void)ctx;
}

#define SCAN_FN "complaint_report_row"

int
sq_report_scan(struct db *db, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err)
{
	static const char *const where[] = {
		[SCAN_ALL] = " WHERE " SCHEMA_COUNTED,
		/* One index range scan per side: no row needs to be seen
		 * twice in one scan, so SQLite keeps no set of rows seen (an
		 * OR of the two ranges would, growing with the data). */
		[SCAN_RECEIVED_IN] =
		    " WHERE received_at >= ?1 AND received_at < ?2"
		    " AND " SCHEMA_COUNTED,
		[SCAN_RESOLVED_IN] =
		    " WHERE resolved_at >= ?1 AND resolved_at < ?2"
		    " AND " SCHEMA_COUNTED,
		[SCAN_OPEN_DURING] = " WHERE received_at < ?2"
		    " AND (resolved_at IS NULL OR resolved_at >= ?1)"
		    " AND " SCHEMA_COUNTED,
	};
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	struct scan sc;
	int nargs = COL__FIXED, i, rc;

	memset(&sc, 0, sizeof(sc));
	sc.q = q;
	sc.fn = fn;
	sc.arg = arg;
	buf_printf(&sql, "SELECT " SCAN_FN "(%s", q->rows == SCAN_OPEN_DURING ?
	    REPORT_FCA_COLUMNS : REPORT_COLUMNS);
	for (i = 0; i < q->ntexts && i < STORE_SCAN_TEXTS; i++) {
		const struct field *f = complaint_field(q->text_cols[i]);

		if (f == NULL) {
			buf_release(&sql);
			return error_set(err, EX_SOFTWARE, "no column '%s' to "
			    "scan", q->text_cols[i]);
		}
		buf_printf(&sql, ", %s", f->name);
		nargs++;
	}
	buf_printf(&sql, ") FROM complaint%s", where[q->rows]);
	/* Only for statements of our own making (DIRECTONLY): never from a
	 * view or trigger stored in the file. */
	rc = sqlite3_create_function_v2(db->h, SCAN_FN, nargs,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY, &sc, NULL, scan_row, scan_done,
	    NULL);
	if (rc != SQLITE_OK) {
		buf_release(&sql);
		return db_fail(db, rc, "computing the report", err);
	}
	if ((rc = db_prepare(db, buf_str(&sql), &st, err)) != 0)
		goto done;
	if (q->rows != SCAN_ALL) {
		sqlite3_bind_int64(st, 1, q->since != TIME_NONE ? q->since :
		    INT64_MIN);
		sqlite3_bind_int64(st, 2, q->until != TIME_NONE ? q->until :
		    INT64_MAX);
	}
	/* One row, the aggregate's, once every row of the scan is in. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (sc.rc != 0)
		rc = sc.rc;
	else
		rc = rc == SQLITE_DONE ? 0 :
		    db_fail(db, rc, "computing the report", err);
done:
	sqlite3_finalize(st);
	/* Leave the connection without a function pointing at SC. */
	sqlite3_create_function_v2(db->h, SCAN_FN, nargs,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL, NULL, NULL, NULL);
	buf_release(&sql);
	return rc;
}

/* ---- the history, for replaying ------------------------------------------ */

/* In the order of the index event_complaint: a complaint's events come
 * together, so the replay keeps one complaint's state at a time. */
int
sq_history_each(struct db *db, int64_t as_of, uint64_t fields,
    history_fn fn, void *arg, struct error *err)
{
	char cols[2400], sql[3000];
	struct history_event ev;
	struct complaint c;
	sqlite3_stmt *st;
	int owned, rc;

	/* Of each import's creation, only the fields the replay reads:
	 * decoding all of them was a third of report --as-of. */
	complaint_field_list_of(cols, sizeof(cols), "c.", fields);
	snprintf(sql, sizeof(sql), "SELECT e.complaint_id, e.at, e.changes,"
	    " e.form, c.id, %s FROM event e INDEXED BY event_complaint"
	    EVENT_CREATED_JOIN " WHERE e.at <= ?1"
	    " ORDER BY e.complaint_id, e.id", cols);
	if ((rc = db_prepare_cached_text(db, sql, &st, &owned, err)) != 0)
		return rc;
	complaint_init(&c);
	sqlite3_bind_int64(st, 1, as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ev.complaint_id = sqlite3_column_int64(st, 0);
		ev.at = sqlite3_column_int64(st, 1);
		ev.changes = column_text(st, 2);
		ev.len = (size_t)sqlite3_column_bytes(st, 2);
		ev.form = sqlite3_column_int(st, 3);
		ev.created = NULL;
		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			complaint_release(&c);
			sq_row_to_complaint_of(st, 4, &c, fields);
			ev.created = &c;
		}
		if ((rc = fn(&ev, arg)) != 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 :
	    db_fail(db, rc, "reading the history", err);
done:
	complaint_release(&c);
	db_release_stmt(st, owned);
	return rc;
}

/* ---- review --------------------------------------------------------------- */

int
sq_category_counts(struct db *db, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err)
{
	static const char sql[] =
	    "SELECT category, SUM(received_at >= ?2), SUM(received_at < ?2)"
	    " FROM complaint WHERE received_at >= ?1 AND received_at <= ?3"
	    " AND category IS NOT NULL AND " SCHEMA_COUNTED
	    " GROUP BY category ORDER BY category";
	sqlite3_stmt *st;
	int owned, rc;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, split);
	sqlite3_bind_int64(st, 3, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = fn((const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		    arg)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, "counting complaints by category", err);
	else
		rc = 0;
done:
	db_release_stmt(st, owned);
	return rc;
}
