/*
 * The listing query of a complaint filter in the SQLite store: the
 * conditions of a struct complaint_filter as SQL with their parameters,
 * the order and limit, prepared and bound. Used by the listings, the walk
 * and search in sqlite_complaint.c.
 */
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "name.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"
#include "xmalloc.h"

/* The parameters of a query being built, bound once it is prepared. */
struct params {
	int n;
	struct {
		const char *text;
		int64_t num;
		int is_text;
	} v[32];
};

static void
param_text(struct params *p, const char *s)
{
	p->v[p->n].text = s;
	p->v[p->n].is_text = 1;
	p->n++;
}

static void
param_num(struct params *p, int64_t n)
{
	p->v[p->n].num = n;
	p->v[p->n].is_text = 0;
	p->n++;
}

static void
where_text(struct buf *sql, struct params *p, const char *col,
    const char *value)
{
	if (value == NULL)
		return;
	buf_printf(sql, " AND %s = ?", col);
	param_text(p, value);
}

/* The conditions of F, appended to SQL (after a WHERE) with their
 * parameters in P; *KEYS holds the name keys made, for the caller to
 * free after binding. */
static void
complaint_where(const struct complaint_filter *f, struct buf *sql,
    struct params *p, char *keys[2])
{
	int i;

	keys[0] = keys[1] = NULL;
	if (f->statuses != 0) {
		int first = 1;

		buf_puts(sql, " AND status IN (");
		for (i = 0; i < ST__COUNT; i++) {
			if (!(f->statuses & (1u << i)))
				continue;
			buf_puts(sql, first ? "?" : ", ?");
			param_text(p, status_name(i));
			first = 0;
		}
		buf_putc(sql, ')');
		if (!(f->statuses & (1u << ST_CLOSED)))
			buf_puts(sql, " AND " SCHEMA_NOT_CLOSED);
	}
	if (f->owner != NULL) {
		keys[0] = name_key(f->owner);
		where_text(sql, p, SCHEMA_OWNER_KEY, keys[0]);
	}
	where_text(sql, p, "category", f->category);
	where_text(sql, p, "channel", f->channel);
	where_text(sql, p, "severity", f->severity);
	where_text(sql, p, "department", f->department);
	if (f->customer != NULL) {
		keys[1] = name_key(f->customer);
		buf_puts(sql, " AND (" SCHEMA_CUSTOMER_KEY " = ?"
		    " OR customer_id = ? OR contact = ?)");
		param_text(p, keys[1]);
		param_text(p, f->customer);
		param_text(p, f->customer);
	}
	if (f->level != NUM_NONE) {
		buf_puts(sql, " AND level = ?");
		param_num(p, f->level);
	}
	if (f->since != NUM_NONE) {
		buf_puts(sql, " AND received_at >= ?");
		param_num(p, f->since);
	}
	if (f->until != NUM_NONE) {
		buf_puts(sql, " AND received_at < ?");
		param_num(p, f->until);
	}
	if (f->voided == VOIDED_HIDE)
		buf_puts(sql, " AND voided_at IS NULL");
	else if (f->voided == VOIDED_ONLY)
		buf_puts(sql, " AND voided_at IS NOT NULL");
	if (f->overdue_at != NUM_NONE) {
		buf_puts(sql, " AND " SCHEMA_OPEN
		    " AND ((acknowledged_at IS NULL AND ack_due < ?)"
		    " OR resolve_due < ? OR callback_due < ?)");
		param_num(p, f->overdue_at);
		param_num(p, f->overdue_at);
		param_num(p, f->overdue_at);
	}
}

/* Prepare SQL and bind P. */
static int
prepare_bound(struct db *db, const struct buf *sql, const struct params *p,
    sqlite3_stmt **stp, struct error *err)
{
	sqlite3_stmt *st;
	int i, rc;

	if ((rc = db_prepare(db, buf_str(sql), &st, err)) != 0)
		return rc;
	for (i = 0; i < p->n; i++) {
		if (p->v[i].is_text)
			sqlite3_bind_text(st, i + 1, p->v[i].text, -1,
			    SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, i + 1, p->v[i].num);
	}
	*stp = st;
	return 0;
}

/* The search's snippet: of whichever column matched best. */
#define SEARCH_SNIPPET "snippet(complaint_fts, -1, '[', ']', '...', 12)"

/*
 * The query of F, prepared and bound: HEAD, the field list (NULL for
 * those F's fields leaves out), TAIL, and the conditions of F. With
 * MATCH (search), the index joined to its complaints with a snippet,
 * best first; with MATCH and ONE_ROW, the same for the one complaint
 * whose id is bound as parameter 2, unordered (see sq_search()).
 */
int
sq_complaint_select(struct db *db, const struct complaint_filter *f,
    const char *head, const char *tail, const char *match, int one_row,
    sqlite3_stmt **stp, struct error *err)
{
	struct buf sql = BUF_INIT;
	struct params p;
	char *keys[2];
	int rc;

	p.n = 0;
	buf_puts(&sql, head);
	if (f->fields != 0) {
		/* A listing that prints a few fields of thousands of rows
		 * selects, reads and copies only those (complaint.h). */
		char cols[2400];

		complaint_field_list_of(cols, sizeof(cols), "", f->fields);
		buf_puts(&sql, cols);
	} else {
		buf_puts(&sql, complaint_column_list(0));
	}
	if (match != NULL) {
		buf_puts(&sql, ", " SEARCH_SNIPPET " FROM complaint_fts"
		    " JOIN complaint ON complaint.id = complaint_fts.rowid"
		    " WHERE complaint_fts MATCH ?");
		param_text(&p, match);
		if (one_row) {
			buf_puts(&sql, " AND complaint_fts.rowid = ?");
			param_num(&p, 0);
		}
	} else {
		buf_puts(&sql, tail);
		buf_puts(&sql, " WHERE 1");
	}
	complaint_where(f, &sql, &p, keys);
	if ((match != NULL && one_row) || (match == NULL && f->any_order))
		;
	else if (match != NULL)
		buf_puts(&sql, " ORDER BY bm25(complaint_fts), id");
	else if (f->by_id)
		buf_puts(&sql, f->reverse ? " ORDER BY id DESC" : " ORDER BY id");
	else
		buf_puts(&sql, f->reverse ?
		    " ORDER BY received_at DESC, id DESC" :
		    " ORDER BY received_at, id");
	if (f->limit > 0 && !one_row) {
		buf_puts(&sql, " LIMIT ?");
		param_num(&p, f->limit);
	}
	rc = prepare_bound(db, &sql, &p, stp, err);
	buf_release(&sql);
	free(keys[0]);
	free(keys[1]);
	return rc;
}
