/*
 * The PostgreSQL driver's scans of the complaint table: list's filtered
 * listing, export's and verify's walk beside the history, the id and
 * name listings, escalation's sweep, follow-up's and overdue's due
 * lists, the report's rows and review's counts, and the history that
 * report --as-of replays (as sqlite_scan.c has them). Every scan streams
 * through pg_each() (a cursor fetched in batches): memory stays flat
 * over a million complaints. Text is ordered COLLATE "C", byte order,
 * as SQLite's BINARY collation orders it, whatever the database's
 * locale.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "name.h"
#include "store/created.h"
#include "store/pg_scan.h"
#include "store/report_columns.h"
#include "timeutil.h"
#include "xmalloc.h"

/* ---- rows and filters ---------------------------------------------------- */

void
pgs_columns(struct buf *sql, const char *table)
{
	pgs_columns_of(sql, table, 0);
}

void
pgs_columns_of(struct buf *sql, const char *table, uint64_t mask)
{
	char prefix[64], cols[2400];

	snprintf(prefix, sizeof(prefix), "%s%s", table ? table : "",
	    table ? "." : "");
	complaint_field_list_of(cols, sizeof(cols), prefix, mask);
	buf_puts(sql, cols);
}

/* "$N" for the next parameter, which is TEXT. */
static void
arg_text(struct buf *sql, struct pg_params *p, const char *s)
{
	pg_param_text(p, s);
	buf_printf(sql, "$%d", p->n);
}

static void
arg_int(struct buf *sql, struct pg_params *p, int64_t v)
{
	pg_param_int(p, v);
	buf_printf(sql, "$%d", p->n);
}

static void
where_text(struct buf *sql, struct pg_params *p, const char *t,
    const char *col, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(sql, " AND %s%s = ", t, col);
	arg_text(sql, p, value);
}

void
pgs_filter_where(struct buf *sql, struct pg_params *p,
    const struct complaint_filter *f, const char *table,
    struct pgs_keys *keys)
{
	char t[64];
	int i, first;

	snprintf(t, sizeof(t), "%s%s", table ? table : "", table ? "." : "");
	keys->owner = keys->customer = NULL;
	if (f->statuses != 0) {
		buf_printf(sql, " AND %sstatus IN (", t);
		for (i = 0, first = 1; i < ST__COUNT; i++) {
			if (!(f->statuses & (1u << i)))
				continue;
			if (!first)
				buf_puts(sql, ", ");
			arg_text(sql, p, status_name(i));
			first = 0;
		}
		buf_putc(sql, ')');
		/* complaint_status holds no closed complaint (schema 18):
		 * the planner proves nothing of parameters. */
		if (!(f->statuses & (1u << ST_CLOSED)))
			buf_printf(sql, " AND %sstatus <> 'closed'", t);
	}
	if (f->owner != NULL) {
		keys->owner = name_key(f->owner);
		where_text(sql, p, t, "owner_key", keys->owner);
	}
	where_text(sql, p, t, "category", f->category);
	where_text(sql, p, t, "channel", f->channel);
	where_text(sql, p, t, "severity", f->severity);
	where_text(sql, p, t, "department", f->department);
	if (f->customer != NULL) {
		keys->customer = name_key(f->customer);
		buf_printf(sql, " AND (%scustomer_key = ", t);
		arg_text(sql, p, keys->customer);
		buf_printf(sql, " OR %scustomer_id = ", t);
		arg_text(sql, p, f->customer);
		buf_printf(sql, " OR %scontact = ", t);
		arg_text(sql, p, f->customer);
		buf_putc(sql, ')');
	}
	if (f->level != NUM_NONE) {
		buf_printf(sql, " AND %slevel = ", t);
		arg_int(sql, p, f->level);
	}
	if (f->since != NUM_NONE) {
		buf_printf(sql, " AND %sreceived_at >= ", t);
		arg_int(sql, p, f->since);
	}
	if (f->until != NUM_NONE) {
		buf_printf(sql, " AND %sreceived_at < ", t);
		arg_int(sql, p, f->until);
	}
	if (f->voided == VOIDED_HIDE)
		buf_printf(sql, " AND %svoided_at IS NULL", t);
	else if (f->voided == VOIDED_ONLY)
		buf_printf(sql, " AND %svoided_at IS NOT NULL", t);
	if (f->overdue_at != NUM_NONE) {
		/* One parameter used three times. */
		pg_param_int(p, f->overdue_at);
		buf_printf(sql, " AND %sstatus NOT IN ('resolved', 'closed')"
		    " AND ((%sacknowledged_at IS NULL AND %sack_due < $%d)"
		    " OR %sresolve_due < $%d OR %scallback_due < $%d)",
		    t, t, t, p->n, t, p->n, t, p->n);
	}
}

void
pgs_keys_free(struct pgs_keys *keys)
{
	free(keys->owner);
	free(keys->customer);
	keys->owner = keys->customer = NULL;
}

/* The ORDER BY and LIMIT of F. */
static void
filter_order(struct buf *sql, struct pg_params *p,
    const struct complaint_filter *f)
{
	if (f->any_order)
		;
	else if (f->by_id)
		buf_puts(sql, f->reverse ? " ORDER BY id DESC" : " ORDER BY id");
	else
		buf_puts(sql, f->reverse ?
		    " ORDER BY received_at DESC, id DESC" :
		    " ORDER BY received_at, id");
	if (f->limit > 0) {
		buf_puts(sql, " LIMIT ");
		arg_int(sql, p, f->limit);
	}
}

/* ---- list ---------------------------------------------------------------- */

struct each_scan {
	complaint_fn fn;
	void *arg;
	uint64_t fields;
	struct complaint c;
};

static int
each_row(PGresult *res, int row, void *arg)
{
	struct each_scan *sc = arg;

	pg_complaint_from_row_of(res, row, 0, &sc->c, sc->fields);
	return sc->fn(&sc->c, sc->arg);
}

int
pg_complaint_each(struct pg *pg, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err)
{
	struct buf sql = BUF_INIT;
	struct pg_params p;
	struct pgs_keys keys;
	struct each_scan sc;
	int rc;

	pg_params_init(&p);
	sc.fn = fn;
	sc.arg = arg;
	sc.fields = f->fields;
	complaint_init(&sc.c);
	buf_puts(&sql, "SELECT id, ");
	pgs_columns_of(&sql, NULL, f->fields);
	buf_puts(&sql, " FROM complaint WHERE TRUE");
	pgs_filter_where(&sql, &p, f, NULL, &keys);
	filter_order(&sql, &p, f);
	rc = pg_each(pg, "listing complaints", buf_str(&sql), &p, each_row,
	    &sc, err);
	pgs_keys_free(&keys);
	complaint_release(&sc.c);
	buf_release(&sql);
	return rc;
}

/* ---- export's and verify's walk ------------------------------------------ */

/* The events, fetched in batches of this many beside the complaints. */
#define WALK_FETCH 1024
#define WALK_FETCH_SQL "FETCH 1024 FROM complaint_walk_events"
#define WALK_CURSOR "complaint_walk_events"
#define WALK_ATT_CURSOR "complaint_walk_attachments"
#define WALK_ATT_FETCH 256
#define WALK_ATT_FETCH_SQL "FETCH 256 FROM complaint_walk_attachments"

/* A cursor beside the walk's complaints, in complaint_id order. */
struct side {
	PGresult *res;                /* the current batch */
	int n, row;
	int last;                     /* the batch was the last */
};

struct pg_walk {
	struct complaint_walk base;   /* first: what FN is handed */
	struct pg *pg;
	complaint_walk_fn fn;
	void *arg;
	struct complaint_row row;
	PGresult *ev;                 /* the current batch of events */
	int ev_n, ev_row;
	int ev_taken;                 /* ev_row was handed out or passed */
	int ev_last;                  /* the batch was the last */
	struct event event;
	struct complaint created;     /* event's, from row */
	struct side att;              /* attachments, when asked for */
	int att_open;                 /* its cursor is declared */
	int64_t att_done;             /* the complaint whose were served */
};

/* The walk under way, for pgs_walk_attachments(): walks do not nest. */
static struct pg_walk *walking;

static int
walk_row(PGresult *res, int row, void *arg)
{
	struct pg_walk *w = arg;
	struct complaint_row *r = &w->row;
	size_t i;

	r->id = pg_get_int(res, row, 0);
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];
		int col = (int)i + 1;

		if (f->type == FT_TEXT) {
			r->v[i].text = pg_get_text(res, row, col);
			r->v[i].len = r->v[i].text ?
			    (size_t)PQgetlength(res, row, col) : 0;
		} else {
			r->v[i].num = field_text_num(f,
			    pg_get_text(res, row, col));
		}
	}
	return w->fn(r, &w->base, w->arg);
}

int
pg_walk(struct pg *pg, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err)
{
	static const char declare[] =
	    "DECLARE " WALK_CURSOR " NO SCROLL CURSOR FOR"
	    " SELECT e.id, e.complaint_id, e.at, e.actor, e.action,"
	    " e.changes, " PG_EVENT_NOTE(e) ", e.account, coalesce(e.form, 0),"
	    " (c.id IS NOT NULL)::int FROM event e" PG_CREATED_JOIN
	    " ORDER BY e.complaint_id, e.id";
	struct complaint_filter byid = *f;
	struct buf sql = BUF_INIT;
	struct pg_params p;
	struct pgs_keys keys = { NULL, NULL };
	struct pg_walk w;
	struct error ignored;
	int rc, rc2, own_tx = 0;

	memset(&w, 0, sizeof(w));
	w.base.s = &pg->base;
	w.pg = pg;
	w.fn = fn;
	w.arg = arg;
	w.row.id = NUM_NONE;
	complaint_init(&w.created);
	/* A cursor lives in a transaction: one snapshot for both. */
	if ((rc = pg_read_begin(pg, &own_tx, err)) != 0)
		return rc;
	if ((rc = pg_exec(pg, "reading history", declare, NULL, NULL,
	    err)) != 0)
		goto done;
	byid.by_id = 1;
	byid.reverse = 0;
	byid.any_order = 0;
	pg_params_init(&p);
	buf_puts(&sql, "SELECT id, ");
	pgs_columns(&sql, NULL);
	buf_puts(&sql, " FROM complaint WHERE TRUE");
	pgs_filter_where(&sql, &p, &byid, NULL, &keys);
	filter_order(&sql, &p, &byid);
	w.att_done = NUM_NONE;
	walking = &w;
	rc = pg_each(pg, "listing complaints", buf_str(&sql), &p, walk_row,
	    &w, err);
	walking = NULL;
	/* The cursors go whether or not the walk went to its end, so a
	 * transaction that goes on can walk again; once FN stopped it,
	 * FN's status is the one told. */
	rc2 = pg_exec(pg, "reading history", "CLOSE " WALK_CURSOR, NULL, NULL,
	    rc == 0 ? err : &ignored);
	if (rc == 0)
		rc = rc2;
	if (w.att_open) {
		rc2 = pg_exec(pg, "listing attachments",
		    "CLOSE " WALK_ATT_CURSOR, NULL, NULL,
		    rc == 0 ? err : &ignored);
		if (rc == 0)
			rc = rc2;
	}
done:
	walking = NULL;
	complaint_release(&w.created);
	PQclear(w.ev);
	PQclear(w.att.res);
	pgs_keys_free(&keys);
	buf_release(&sql);
	return pg_read_end(pg, own_tx, rc, err);
}

int
pg_walk_event(struct complaint_walk *base, const struct event **ev,
    struct error *err)
{
	struct pg_walk *w = (struct pg_walk *)base;
	int rc;

	*ev = NULL;
	for (;;) {
		int64_t cid;

		if (w->ev_taken) {
			w->ev_row++;
			w->ev_taken = 0;
		}
		if (w->ev_row >= w->ev_n) {
			if (w->ev_last)
				return 0;
			PQclear(w->ev);
			w->ev = NULL;
			w->ev_n = w->ev_row = 0;
			if ((rc = pg_exec(w->pg, "reading history",
			    WALK_FETCH_SQL, NULL, &w->ev, err)) != 0)
				return rc;
			w->ev_n = PQntuples(w->ev);
			w->ev_last = w->ev_n < WALK_FETCH;
			if (w->ev_n == 0)
				return 0;
		}
		/* Events of complaints filtered out, or of none, pass by. */
		cid = pg_get_int(w->ev, w->ev_row, 1);
		if (cid > w->row.id)
			return 0;
		w->ev_taken = 1;
		if (cid == w->row.id) {
			struct event *e = &w->event;
			int r = w->ev_row;

			memset(e, 0, sizeof(*e));
			e->id = pg_get_int(w->ev, r, 0);
			e->complaint_id = cid;
			e->at = pg_get_int(w->ev, r, 2);
			e->actor = pg_get_text(w->ev, r, 3);
			e->action = pg_get_text(w->ev, r, 4);
			e->changes = pg_get_text(w->ev, r, 5);
			e->note = pg_get_text(w->ev, r, 6);
			e->account = pg_get_text(w->ev, r, 7);
			e->form = (int)pg_get_int(w->ev, r, 8);
			/* Its complaint's only event: the row made it. */
			if (pg_get_int(w->ev, r, 9) == 1) {
				complaint_release(&w->created);
				store_complaint_of_row(&w->row, &w->created);
				e->created = &w->created;
			}
			*ev = e;
			return 0;
		}
	}
}

int
pgs_walk_attachments(struct pg *pg, int64_t complaint_id, pg_row_fn fn,
    void *arg, int *served, struct error *err)
{
	static const char declare[] =
	    "DECLARE " WALK_ATT_CURSOR " NO SCROLL CURSOR FOR SELECT "
	    PGS_ATT_COLS " FROM attachment ORDER BY complaint_id, id";
	struct pg_walk *w = walking;
	struct side *a;
	int rc;

	*served = 0;
	if (w == NULL || w->pg != pg || complaint_id != w->row.id ||
	    complaint_id == w->att_done)
		return 0;
	*served = 1;
	w->att_done = complaint_id;
	a = &w->att;
	if (!w->att_open) {
		if ((rc = pg_exec(pg, "listing attachments", declare, NULL,
		    NULL, err)) != 0)
			return rc;
		w->att_open = 1;
	}
	for (;;) {
		int64_t cid;

		if (a->row >= a->n) {
			if (a->last)
				return 0;
			PQclear(a->res);
			a->res = NULL;
			a->n = a->row = 0;
			if ((rc = pg_exec(pg, "listing attachments",
			    WALK_ATT_FETCH_SQL, NULL, &a->res, err)) != 0)
				return rc;
			a->n = PQntuples(a->res);
			a->last = a->n < WALK_ATT_FETCH;
			if (a->n == 0)
				return 0;
		}
		/* Those of complaints the walk passed by are skipped. */
		cid = pg_get_int(a->res, a->row, 1);
		if (cid > complaint_id)
			return 0;
		if (cid == complaint_id && (rc = fn(a->res, a->row, arg)) != 0) {
			a->row++;
			return rc;
		}
		a->row++;
	}
}

/* ---- ids and names ------------------------------------------------------- */

struct id_scan {
	complaint_id_fn fn;
	void *arg;
};

static int
id_row(PGresult *res, int row, void *arg)
{
	struct id_scan *sc = arg;

	return sc->fn(pg_get_int(res, row, 0), sc->arg);
}

int
pg_merged_each(struct pg *pg, int64_t target, complaint_id_fn fn,
    void *arg, struct error *err)
{
	static const char sql[] =
	    "SELECT id FROM complaint WHERE merged_into = $1 ORDER BY id";
	struct pg_params p;
	PGresult *r;
	int i, rc;

	/* A few rows at most: one query, not a cursor's three round trips
	 * on every show. */
	pg_params_init(&p);
	pg_param_int(&p, target);
	if ((rc = pg_exec(pg, "listing merged complaints", sql, &p, &r,
	    err)) != 0)
		return rc;
	for (i = 0; i < PQntuples(r) && rc == 0; i++)
		rc = fn(pg_get_int(r, i, 0), arg);
	PQclear(r);
	return rc;
}

int
pg_open_id_each(struct pg *pg, complaint_id_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT id FROM complaint WHERE " PGS_OPEN " ORDER BY id";
	struct id_scan sc = { fn, arg };

	return pg_each(pg, "listing open complaints", sql, NULL, id_row, &sc,
	    err);
}

int
pg_id_each_in(struct pg *pg, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err)
{
	/* LIMIT NULL is no limit. */
	static const char *const sql[] = {
		[CSET_OPEN] = "SELECT id FROM complaint WHERE " PGS_OPEN
		    " ORDER BY id LIMIT $1",
		[CSET_DONE] = "SELECT id FROM complaint WHERE NOT ("
		    PGS_OPEN ") ORDER BY id DESC LIMIT $1",
		[CSET_ALL] = "SELECT id FROM complaint ORDER BY id DESC LIMIT $1",
	};
	struct id_scan sc = { fn, arg };
	struct pg_params p;

	if ((unsigned)set > CSET_ALL)
		return error_set(err, EX_SOFTWARE, "no such set of complaints");
	pg_params_init(&p);
	pg_param_int(&p, limit > 0 ? limit : NUM_NONE);
	return pg_each(pg, "listing complaints", sql[set], &p, id_row, &sc,
	    err);
}

struct name_scan {
	complaint_name_fn fn;
	void *arg;
};

static int
name_row(PGresult *res, int row, void *arg)
{
	struct name_scan *sc = arg;

	return sc->fn(pg_get_text(res, row, 0), sc->arg);
}

int
pg_name_each(struct pg *pg, complaint_name_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT n FROM (SELECT owner AS n FROM complaint WHERE owner <> ''"
	    " UNION SELECT actor FROM event WHERE actor <> '') AS names"
	    " ORDER BY n COLLATE \"C\"";
	struct name_scan sc = { fn, arg };

	return pg_each(pg, "listing names", sql, NULL, name_row, &sc, err);
}

/* ---- escalation ---------------------------------------------------------- */

enum {
	SW_ID, SW_STATUS, SW_SEVERITY, SW_CATEGORY, SW_CHANNEL, SW_DEPARTMENT,
	SW_OWNER, SW_JUSTIFIED, SW_LEVEL, SW_PUBLIC, SW_COMPLEX, SW_CONTACTS,
	SW_PRIORITY, SW_AMOUNT, SW_RECEIVED_AT, SW_UPDATED_AT,
	SW_ACKNOWLEDGED_AT, SW_ACK_DUE, SW_RESOLVE_DUE,
};

struct open_scan {
	open_row_fn fn;
	void *arg;
};

static int
open_row(PGresult *res, int row, void *arg)
{
	struct open_scan *sc = arg;
	struct open_row r;

	r.id = pg_get_int(res, row, SW_ID);
	r.level = pg_get_int(res, row, SW_LEVEL);
	r.status = pg_get_text(res, row, SW_STATUS);
	r.severity = pg_get_text(res, row, SW_SEVERITY);
	r.category = pg_get_text(res, row, SW_CATEGORY);
	r.channel = pg_get_text(res, row, SW_CHANNEL);
	r.department = pg_get_text(res, row, SW_DEPARTMENT);
	r.owner = pg_get_text(res, row, SW_OWNER);
	r.justified = pg_get_text(res, row, SW_JUSTIFIED);
	r.public = pg_get_int(res, row, SW_PUBLIC);
	r.complex = pg_get_int(res, row, SW_COMPLEX);
	r.contacts = pg_get_int(res, row, SW_CONTACTS);
	r.priority = pg_get_int(res, row, SW_PRIORITY);
	r.amount = pg_get_int(res, row, SW_AMOUNT);
	r.received_at = pg_get_int(res, row, SW_RECEIVED_AT);
	r.updated_at = pg_get_int(res, row, SW_UPDATED_AT);
	r.acknowledged_at = pg_get_int(res, row, SW_ACKNOWLEDGED_AT);
	r.ack_due = pg_get_int(res, row, SW_ACK_DUE);
	r.resolve_due = pg_get_int(res, row, SW_RESOLVE_DUE);
	return sc->fn(&r, sc->arg);
}

int
pg_open_each(struct pg *pg, int64_t below, open_row_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT id, status, severity, category, channel, department, owner,"
	    " justified, level, public, complex, contacts, priority, amount,"
	    " received_at, updated_at, acknowledged_at, ack_due, resolve_due"
	    " FROM complaint WHERE " PGS_OPEN " AND voided_at IS NULL"
	    " AND level < $1 ORDER BY id";
	struct open_scan sc = { fn, arg };
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, below);
	return pg_each(pg, "reading open complaints", sql, &p, open_row, &sc,
	    err);
}

/* ---- follow-up ----------------------------------------------------------- */

struct owed_scan {
	owed_fn fn;
	void *arg;
};

static int
owed_row(PGresult *res, int row, void *arg)
{
	struct owed_scan *sc = arg;
	struct owed o;

	o.id = pg_get_int(res, row, 0);
	o.kind = (enum owed_kind)pg_get_int(res, row, 1);
	o.due = pg_get_int(res, row, 2);
	o.owner = pg_get_text(res, row, 3);
	o.customer = pg_get_text(res, row, 4);
	o.attempts = pg_get_int(res, row, 5);
	return sc->fn(&o, sc->arg);
}

int
pg_owed_each(struct pg *pg, int64_t until, const char *owner, owed_fn fn,
    void *arg, struct error *err)
{
	/* Closing a complaint clears both due times (sqlite_scan.c). */
	static const char sql[] =
	    "SELECT id, 0, callback_due, owner, customer, NULL::bigint"
	    " FROM complaint"
	    " WHERE callback_due IS NOT NULL AND callback_due < $1"
	    " AND ($2::text IS NULL OR owner_key = $2) AND voided_at IS NULL"
	    " UNION ALL "
	    "SELECT id, 1, followup_due, owner, customer, followup_attempts"
	    " FROM complaint"
	    " WHERE followup_due IS NOT NULL AND followup_due < $1"
	    " AND ($2::text IS NULL OR owner_key = $2) AND voided_at IS NULL"
	    " UNION ALL "
	    "SELECT id, 2, holding_due, owner, customer, NULL FROM complaint"
	    " WHERE holding_due IS NOT NULL AND holding_due < $1"
	    " AND " PGS_OPEN " AND ($2::text IS NULL OR owner_key = $2)"
	    " AND voided_at IS NULL"
	    " ORDER BY 3, 1, 2";
	struct owed_scan sc = { fn, arg };
	struct pg_params p;
	char *key = owner != NULL ? name_key(owner) : NULL;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, until);
	pg_param_text(&p, key);
	rc = pg_each(pg, "listing owed follow-ups", sql, &p, owed_row, &sc,
	    err);
	free(key);
	return rc;
}

/* ---- overdue ------------------------------------------------------------- */

#define OD_COLS ", owner, customer, category FROM complaint"
#define OD_VOID " AND voided_at IS NULL"
#define OD_ACK_WHERE " WHERE acknowledged_at IS NULL" \
	" AND " PGS_OPEN " AND ack_due < $1" OD_VOID
#define OD_RESOLVE_WHERE " WHERE " PGS_OPEN " AND resolve_due < $1" OD_VOID
#define OD_CALLBACK_WHERE \
	" WHERE callback_due IS NOT NULL AND callback_due < $1" \
	" AND " PGS_OPEN OD_VOID
#define OD_FOLLOWUP_WHERE \
	" WHERE followup_due IS NOT NULL AND followup_due < $1" \
	" AND status = 'resolved'" OD_VOID
#define OD_HOLDING_WHERE \
	" WHERE holding_due IS NOT NULL AND holding_due < $1" \
	" AND " PGS_OPEN OD_VOID

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

struct overdue_scan {
	overdue_fn fn;
	void *arg;
	int64_t *n;
};

static int
overdue_row(PGresult *res, int row, void *arg)
{
	struct overdue_scan *sc = arg;
	struct overdue_item it;

	it.id = pg_get_int(res, row, 0);
	it.kind = (enum overdue_kind)pg_get_int(res, row, 1);
	it.due = pg_get_int(res, row, 2);
	it.owner = pg_get_text(res, row, 3);
	it.customer = pg_get_text(res, row, 4);
	it.category = pg_get_text(res, row, 5);
	(*sc->n)++;
	return sc->fn != NULL ? sc->fn(&it, sc->arg) : 0;
}

int
pg_overdue_each(struct pg *pg, int64_t now, int first_only, overdue_fn fn,
    void *arg, int64_t *n, struct error *err)
{
	struct overdue_scan sc = { fn, arg, n };
	struct pg_params p;
	size_t i;
	int rc;

	*n = 0;
	pg_params_init(&p);
	pg_param_int(&p, now);
	if (!first_only)
		return pg_each(pg, "listing what is overdue", overdue_sql, &p,
		    overdue_row, &sc, err);
	for (i = 0; i < sizeof(overdue_first_sql) /
	    sizeof(overdue_first_sql[0]); i++) {
		if ((rc = pg_each(pg, "listing what is overdue",
		    overdue_first_sql[i], &p, overdue_row, &sc, err)) != 0)
			return rc;
		if (*n > 0)
			break;
	}
	return 0;
}

/* ---- the report's scan --------------------------------------------------- */

/* The most columns a report row has: the fixed ones and the texts. */
#define REPORT_COLS (COL__FIXED + STORE_SCAN_TEXTS)

struct report_scan {
	report_row_scan_fn fn;
	void *arg;
	int ntexts;
	struct report_row r;
};

/* The byte an escape of COPY's text format stands for, P just past its
 * backslash; P is left past the escape. */
static char
copy_escape(char **pp, const char *end)
{
	char *p = *pp;
	int v = 0, i;

	switch (*p) {
	case 'b': *pp = p + 1; return '\b';
	case 'f': *pp = p + 1; return '\f';
	case 'n': *pp = p + 1; return '\n';
	case 'r': *pp = p + 1; return '\r';
	case 't': *pp = p + 1; return '\t';
	case 'v': *pp = p + 1; return '\v';
	}
	if (*p >= '0' && *p <= '7') {
		for (i = 0; i < 3 && p < end && *p >= '0' && *p <= '7'; i++)
			v = v * 8 + (*p++ - '0');
		*pp = p;
		return (char)v;
	}
	/* The server writes no other escape but \\; anything else stands
	 * for itself. */
	*pp = p + 1;
	return *p;
}

/*
 * A line of COPY text (LEN bytes, its newline gone, NUL after it) split
 * at its tabs into at most WANT fields, each unescaped in place and
 * NUL-terminated, NULL for \N: how many there were. One pass over the
 * bytes, as most fields are a few digits.
 */
static int
copy_split(char *p, char *end, char **f, size_t *flen, int want)
{
	int n = 0, more = 1;

	while (n < want && more) {
		char *start = p, *out = p;

		if (p[0] == '\\' && p[1] == 'N' && (p + 2 == end ||
		    p[2] == '\t')) {
			f[n] = NULL;
			flen[n++] = 0;
			more = p + 2 < end;
			p += 3;
			continue;
		}
		while (p < end && *p != '\t') {
			if (*p == '\\' && p + 1 < end) {
				p++;
				*out++ = copy_escape(&p, end);
			} else {
				*out++ = *p++;
			}
		}
		more = p < end;
		*out = '\0';
		f[n] = start;
		flen[n++] = (size_t)(out - start);
		p++;
	}
	return n;
}

/* A number field as the server writes an integer column: an optional
 * minus and decimal digits. By hand, as a million rows with ten such
 * fields each spent a fifth of the client's time in strtoll's locale
 * and base handling. */
static int64_t
copy_num(const char *f)
{
	uint64_t v = 0;
	int neg;

	if (f == NULL)
		return NUM_NONE;
	if ((neg = *f == '-'))
		f++;
	while (*f >= '0' && *f <= '9')
		v = v * 10 + (uint64_t)(*f++ - '0');
	return neg ? -(int64_t)v : (int64_t)v;
}

/* One line of COPY text to FN. */
static int
report_line(struct report_scan *sc, char *line, int len)
{
	char *f[REPORT_COLS];
	size_t flen[REPORT_COLS];
	struct report_row *r = &sc->r;
	int i, want = COL__FIXED + sc->ntexts;
	char *end = line + len;

	if (len > 0 && end[-1] == '\n')
		*--end = '\0';
	if (copy_split(line, end, f, flen, want) != want)
		return -1;
	r->received_at = copy_num(f[COL_RECEIVED_AT]);
	r->resolved_at = copy_num(f[COL_RESOLVED_AT]);
	r->status = f[COL_STATUS];
	r->first_contact = copy_num(f[COL_FIRST_CONTACT]);
	r->acknowledged_at = copy_num(f[COL_ACKNOWLEDGED_AT]);
	r->ack_due = copy_num(f[COL_ACK_DUE]);
	r->level = copy_num(f[COL_LEVEL]);
	r->contacts = copy_num(f[COL_CONTACTS]);
	r->repeat_of = copy_num(f[COL_REPEAT_OF]);
	r->satisfied = f[COL_SATISFIED];
	/* What only a resolution is counted by, as sqlite_scan.c. */
	if (r->resolved_at != NUM_NONE) {
		r->resolve_due = copy_num(f[COL_RESOLVE_DUE]);
		r->justified = f[COL_JUSTIFIED];
		r->amount = copy_num(f[COL_AMOUNT]);
	} else {
		r->resolve_due = NUM_NONE;
		r->justified = NULL;
		r->amount = NUM_NONE;
	}
	for (i = 0; i < sc->ntexts; i++) {
		r->text[i].s = f[COL__FIXED + i];
		r->text[i].len = flen[COL__FIXED + i];
	}
	return sc->fn(r, sc->arg);
}

/*
 * The report's rows through COPY ... TO STDOUT: the server streams them
 * as lines, with no cursor's round trip per batch and no result set to
 * build, which is most of the time a million rows take. FN only counts
 * (it runs no statement of its own, which COPY's stream would forbid).
 */
static int
report_copy(struct pg *pg, const char *sql, struct report_scan *sc,
    struct error *err)
{
	PGresult *r;
	char *line;
	int n, rc = 0;

	if ((rc = pg_settle(pg, err)) != 0)
		return rc;
	r = PQexec(pg->conn, sql);
	if (r == NULL || PQresultStatus(r) != PGRES_COPY_OUT) {
		rc = pg_fail_result(pg, r, "computing the report", err);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	/* Every line is read, even after FN stopped: the stream must end
	 * before the connection serves anything else. */
	while ((n = PQgetCopyData(pg->conn, &line, 0)) > 0) {
		if (rc == 0 && (rc = report_line(sc, line, n)) < 0)
			rc = error_set(err, EX_SOFTWARE, "computing the report: "
			    "a row of %d bytes does not read", n);
		PQfreemem(line);
	}
	while ((r = PQgetResult(pg->conn)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0)
			rc = pg_fail_result(pg, r, "computing the report", err);
		PQclear(r);
	}
	if (n == -2 && rc == 0)
		rc = pg_fail_result(pg, NULL, "computing the report", err);
	return rc;
}

int
pg_report_scan(struct pg *pg, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err)
{
	/* COPY takes no parameters: the bounds (since, then until) are
	 * formatted here from int64, never from text. */
	static const char *const where[] = {
		[SCAN_ALL] = " WHERE " PGS_COUNTED,
		[SCAN_RECEIVED_IN] =
		    " WHERE received_at >= %lld AND received_at < %lld"
		    " AND " PGS_COUNTED,
		[SCAN_RESOLVED_IN] =
		    " WHERE resolved_at >= %lld AND resolved_at < %lld"
		    " AND " PGS_COUNTED,
		[SCAN_OPEN_DURING] =
		    " WHERE (resolved_at IS NULL OR resolved_at >= %lld)"
		    " AND received_at < %lld AND " PGS_COUNTED,
	};
	struct buf sql = BUF_INIT;
	struct report_scan sc;
	long long since, until;
	int i, rc;

	memset(&sc, 0, sizeof(sc));
	sc.fn = fn;
	sc.arg = arg;
	if ((unsigned)q->rows > SCAN_OPEN_DURING)
		return error_set(err, EX_SOFTWARE, "no such report scan");
	buf_printf(&sql, "COPY (SELECT %s", q->rows == SCAN_OPEN_DURING ?
	    REPORT_FCA_COLUMNS : REPORT_COLUMNS);
	for (i = 0; i < q->ntexts && i < STORE_SCAN_TEXTS; i++) {
		const struct field *f = complaint_field(q->text_cols[i]);

		if (f == NULL) {
			buf_release(&sql);
			return error_set(err, EX_SOFTWARE, "no column '%s' to "
			    "scan", q->text_cols[i]);
		}
		buf_printf(&sql, ", %s", f->name);
		sc.ntexts++;
	}
	buf_puts(&sql, " FROM complaint");
	/* Unbounded: the extremes a bigint literal can be. */
	since = q->since != TIME_NONE ? (long long)q->since : -INT64_MAX;
	until = q->until != TIME_NONE ? (long long)q->until : INT64_MAX;
	if (q->rows == SCAN_ALL)
		buf_puts(&sql, where[q->rows]);
	else
		buf_printf(&sql, where[q->rows], since, until);
	buf_puts(&sql, ") TO STDOUT");
	rc = report_copy(pg, buf_str(&sql), &sc, err);
	buf_release(&sql);
	return rc;
}

/* ---- review -------------------------------------------------------------- */

struct count_scan {
	category_count_fn fn;
	void *arg;
};

static int
count_row(PGresult *res, int row, void *arg)
{
	struct count_scan *sc = arg;

	return sc->fn(pg_get_text(res, row, 0), pg_get_int(res, row, 1),
	    pg_get_int(res, row, 2), sc->arg);
}

int
pg_category_counts(struct pg *pg, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err)
{
	static const char sql[] =
	    "SELECT category, count(*) FILTER (WHERE received_at >= $2),"
	    " count(*) FILTER (WHERE received_at < $2)"
	    " FROM complaint WHERE received_at >= $1 AND received_at <= $3"
	    " AND category IS NOT NULL AND " PGS_COUNTED
	    " GROUP BY category ORDER BY category COLLATE \"C\"";
	struct count_scan sc = { fn, arg };
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, from);
	pg_param_int(&p, split);
	pg_param_int(&p, until);
	return pg_each(pg, "counting complaints by category", sql, &p,
	    count_row, &sc, err);
}

/* ---- the history, for replaying ------------------------------------------ */

/* The history up to AS_OF for replaying, a complaint's events together
 * (the index event_complaint), streamed; an import's only event with
 * its complaint's row (PG_CREATED_JOIN). */
struct history_walk {
	history_fn fn;
	void *arg;
	uint64_t fields;
	struct complaint c;
};

static int
history_row(PGresult *res, int row, void *arg)
{
	struct history_walk *w = arg;
	struct history_event ev;

	ev.complaint_id = pg_get_int(res, row, 0);
	ev.at = pg_get_int(res, row, 1);
	ev.changes = pg_get_text(res, row, 2);
	ev.len = ev.changes ? (size_t)PQgetlength(res, row, 2) : 0;
	ev.form = (int)pg_get_int(res, row, 3);
	ev.created = NULL;
	if (!PQgetisnull(res, row, 4)) {
		complaint_release(&w->c);
		complaint_init(&w->c);
		pg_complaint_from_row_of(res, row, 4, &w->c, w->fields);
		ev.created = &w->c;
	}
	return w->fn(&ev, w->arg);
}

int
pg_history_each(struct pg *pg, int64_t as_of, uint64_t fields,
    history_fn fn, void *arg, struct error *err)
{
	char cols[2400], sql[3000];
	struct history_walk w;
	struct pg_params p;
	int rc;

	/* Of each import's creation, only the fields the replay reads. */
	complaint_field_list_of(cols, sizeof(cols), "c.", fields);
	snprintf(sql, sizeof(sql), "SELECT e.complaint_id, e.at, e.changes,"
	    " coalesce(e.form, 0), c.id, %s FROM event e" PG_CREATED_JOIN
	    " WHERE e.at <= $1 ORDER BY e.complaint_id, e.id", cols);
	w.fn = fn;
	w.arg = arg;
	w.fields = fields;
	complaint_init(&w.c);
	pg_params_init(&p);
	pg_param_int(&p, as_of);
	rc = pg_each(pg, "reading the history", sql, &p, history_row, &w, err);
	complaint_release(&w.c);
	return rc;
}
