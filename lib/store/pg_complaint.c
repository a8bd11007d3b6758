/*
 * The PostgreSQL store of complaints and their history: the complaint
 * and event tables, driven by the field table (complaint.h), as
 * sqlite_complaint.c does for SQLite, with the same results: the same
 * changes text (built here, stored as text), the same hash chain
 * (chain.c over the same bytes), the same errors.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "complaint.h"
#include "name.h"
#include "output.h"
#include "store/pg.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Field F of C as the next parameter. */
static void
param_field(struct pg_params *p, const struct complaint *c,
    const struct field *f)
{
	if (field_is_text(f))
		pg_param_text(p, *field_text_const(c, f));
	else if (f->type == FT_STATUS)
		pg_param_text(p, status_name(*field_num_const(c, f)));
	else
		pg_param_int(p, *field_num_const(c, f));
}

void
pg_complaint_from_row(const PGresult *res, int row, int col0,
    struct complaint *c)
{
	pg_complaint_from_row_of(res, row, col0, c, 0);
}

void
pg_complaint_from_row_of(const PGresult *res, int row, int col,
    struct complaint *c, uint64_t mask)
{
	size_t i;

	c->id = pg_get_int(res, row, col++);
	if (mask == 0) {
		for (i = 0; i < complaint_nfields; i++)
			field_set_text(c, &complaint_fields[i],
			    pg_get_text(res, row, col++));
		return;
	}
	for (; mask != 0; mask &= mask - 1)
		field_set_text(c, &complaint_fields[field_mask_lowest(mask)],
		    pg_get_text(res, row, col++));
}

/* ---- the hash chain ------------------------------------------------------ */

/* The last event's id and hash: 0 and the genesis for none. */
static int
chain_last(struct pg *pg, int64_t *last_id, uint8_t prev[SHA256_LEN],
    struct error *err)
{
	PGresult *r;
	int rc;

	*last_id = 0;
	memcpy(prev, chain_genesis, SHA256_LEN);
	if ((rc = pg_exec(pg, "reading history",
	    "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1", NULL, &r,
	    err)) != 0)
		return rc;
	if (PQntuples(r) > 0) {
		*last_id = pg_get_int(r, 0, 0);
		if (pg_get_text(r, 0, 1) == NULL ||
		    sha256_unhex(pg_get_text(r, 0, 1), prev) != 0)
			rc = error_set(err, EX_DATAERR, "history event %"
			    PRId64 " has a damaged hash; run 'complaint "
			    "verify'", *last_id);
	}
	PQclear(r);
	return rc;
}

static int
chain_next(struct pg *pg, int64_t *next_id, uint8_t prev[SHA256_LEN],
    struct error *err)
{
	int64_t last_id;
	int rc;

	if (pg->chain_known) {
		last_id = pg->chain_id;
		memcpy(prev, pg->chain_hash, SHA256_LEN);
	} else if ((rc = chain_last(pg, &last_id, prev, err)) != 0) {
		return rc;
	}
	*next_id = last_id + 1;
	return 0;
}

int
pg_chain_next(struct pg *pg, int64_t *next_id, uint8_t prev[SHA256_LEN],
    struct error *err)
{
	return chain_next(pg, next_id, prev, err);
}

/* Where an import's creation note comes from: a file (its import_file
 * row) whose part of the note the event leaves out, the first SKIP
 * bytes (import_note()). */
struct note_file {
	int64_t id;
	size_t skip;
};

/*
 * Append event EV_ID, chained to PREV, written by the session's role.
 * With CREATED, an EVENT_CREATED event: CHANGES is NULL, and the chain
 * digests CREATED's values instead, a digest the event does not store.
 * With FILE, the note's beginning is FILE's (the chain digests the note
 * whole).
 */
static int
event_insert(struct pg *pg, int64_t ev_id, const uint8_t prev[SHA256_LEN],
    int64_t id, int64_t now, const char *actor, const char *action,
    const char *changes, const char *note, const char *detail,
    const struct complaint *created, const struct note_file *file,
    struct error *err)
{
	static const char sql[] =
	    "INSERT INTO event(id, complaint_id, at, actor, action, changes,"
	    " note, digest, hash, account, detail, form, import_file)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
	    " $13)";
	struct event ev;
	struct pg_params p;
	uint8_t digest[SHA256_LEN], hash[SHA256_LEN];
	char digest_hex[SHA256_HEXLEN], hash_hex[SHA256_HEXLEN];
	int rc;

	memset(&ev, 0, sizeof(ev));
	ev.id = ev_id;
	ev.complaint_id = id;
	ev.at = now;
	ev.actor = actor;
	ev.account = pg->account;
	ev.action = action;
	ev.changes = changes;
	ev.note = note;
	ev.detail = detail;
	if (created != NULL)
		chain_created_digest(&ev, created, digest);
	else
		chain_event_digest(&ev, digest);
	chain_link(prev, ev.id, digest, hash);
	sha256_hex(digest, digest_hex);
	sha256_hex(hash, hash_hex);

	pg_params_init(&p);
	pg_param_int(&p, ev.id);
	pg_param_int(&p, id);
	pg_param_int(&p, now);
	pg_param_text(&p, actor);
	pg_param_text(&p, action);
	pg_param_text(&p, changes);
	pg_param_text(&p, file ? note + file->skip : note);
	pg_param_text(&p, created != NULL ? NULL : digest_hex);
	pg_param_text(&p, hash_hex);
	pg_param_text(&p, pg->account);
	pg_param_text(&p, detail);
	pg_param_int(&p, created != NULL ? EVENT_CREATED : NUM_NONE);
	pg_param_int(&p, file != NULL ? file->id : NUM_NONE);
	if ((rc = pg_exec(pg, "recording history", sql, &p, NULL,
	    err)) != 0) {
		pg->chain_known = 0;
		return rc;
	}
	if (pg->in_tx == 2) {
		pg->chain_known = 1;
		pg->chain_id = ev.id;
		memcpy(pg->chain_hash, hash, SHA256_LEN);
		pg->chain_unsealed = 0;
	}
	return 0;
}

int
pg_chain_seal(struct pg *pg, struct error *err)
{
	struct pg_params p;
	char hex[SHA256_HEXLEN];
	int rc;

	sha256_hex(pg->chain_hash, hex);
	pg_params_init(&p);
	pg_param_text(&p, hex);
	pg_param_int(&p, pg->chain_id);
	if ((rc = pg_exec(pg, "sealing the history", "UPDATE event SET"
	    " hash = $1 WHERE id = $2 AND hash IS NULL", &p, NULL, err)) != 0)
		return rc;
	pg->chain_unsealed = 0;
	return 0;
}

/* ---- complaints ---------------------------------------------------------- */

/* The id is max + 1 under the head lock (pg_begin): gapless, and never
 * reused, as complaints are never deleted (their history refers). */
static const char *
insert_sql(void)
{
	static char sql[4096];
	size_t i, len;

	if (sql[0] != '\0')
		return sql;
	len = (size_t)snprintf(sql, sizeof(sql),
	    "INSERT INTO complaint (id, %s, customer_key, owner_key,"
	    " last_event) VALUES ((SELECT coalesce(max(id), 0) + 1"
	    " FROM complaint)", complaint_column_list(0));
	for (i = 0; i < complaint_nfields + 3; i++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, ", $%zu",
		    i + 1);
	snprintf(sql + len, sizeof(sql) - len, ") RETURNING id");
	return sql;
}

/* C's row, under the id it gets, naming EV_ID (the next event's,
 * chained to PREV) as its last. */
static int
row_insert(struct pg *pg, struct complaint *c, int64_t now, int64_t *ev_id,
    uint8_t prev[SHA256_LEN], struct error *err)
{
	struct pg_params p;
	char *customer_key, *owner_key;
	PGresult *r;
	size_t i;
	int rc;

	if (pg->in_tx != 2)
		return error_set(err, EX_SOFTWARE, "saving a complaint outside "
		    "a write transaction");
	c->updated_at = now;
	if ((rc = chain_next(pg, ev_id, prev, err)) != 0)
		return rc;
	customer_key = name_key(c->customer);
	owner_key = name_key(c->owner);
	pg_params_init(&p);
	for (i = 0; i < complaint_nfields; i++)
		param_field(&p, c, &complaint_fields[i]);
	pg_param_text(&p, customer_key);
	pg_param_text(&p, owner_key);
	pg_param_int(&p, *ev_id);
	rc = pg_exec(pg, "recording the complaint", insert_sql(), &p, &r, err);
	free(customer_key);
	free(owner_key);
	if (rc != 0)
		return rc;
	c->id = pg_get_int(r, 0, 0);
	PQclear(r);
	return 0;
}

int
pg_complaint_insert(struct pg *pg, struct complaint *c, const char *actor,
    int64_t now, const char *action, const char *note, struct error *err)
{
	struct buf changes = BUF_INIT;
	uint8_t prev[SHA256_LEN];
	int64_t ev_id;
	int rc;

	if ((rc = row_insert(pg, c, now, &ev_id, prev, err)) != 0)
		return rc;
	complaint_created_json(&changes, c);
	rc = event_insert(pg, ev_id, prev, c->id, now, actor, action,
	    buf_str(&changes), note, NULL, NULL, NULL, err);
	buf_release(&changes);
	return rc;
}

int
pg_import_file_id(struct pg *pg, const char *name, int64_t *id,
    struct error *err)
{
	static const char find[] = "SELECT id FROM import_file WHERE name = $1";
	/* Under the head lock, as every id (pg_schema.c). */
	static const char add[] = "INSERT INTO import_file(id, name)"
	    " SELECT coalesce(max(id), 0) + 1, $1 FROM import_file"
	    " RETURNING id";
	struct pg_params p;
	int found, rc;

	if (pg->import_file_id > 0 && pg->import_file_name != NULL &&
	    strcmp(pg->import_file_name, name) == 0) {
		*id = pg->import_file_id;
		return 0;
	}
	pg_params_init(&p);
	pg_param_text(&p, name);
	if ((rc = pg_query_int(pg, "reading the files imported", find, &p, id,
	    &found, err)) != 0)
		return rc;
	if (!found && (rc = pg_query_int(pg, "recording the file imported",
	    add, &p, id, &found, err)) != 0)
		return rc;
	free(pg->import_file_name);
	pg->import_file_name = xstrdup(name);
	pg->import_file_id = *id;
	return 0;
}

int
pg_complaint_import(struct pg *pg, struct complaint *c, const char *actor,
    int64_t now, const struct import_origin *from, struct error *err)
{
	/* Kept from call to call: a million creations in a row. */
	static struct buf note = BUF_INIT;
	struct note_file file;
	uint8_t prev[SHA256_LEN];
	int64_t ev_id;
	int rc;

	file.skip = import_note(&note, from);
	if ((rc = pg_import_file_id(pg, from->file, &file.id, err)) != 0 ||
	    (rc = row_insert(pg, c, now, &ev_id, prev, err)) != 0)
		return rc;
	return event_insert(pg, ev_id, prev, c->id, now, actor, "import",
	    NULL, buf_str(&note), NULL, c, &file, err);
}

int
pg_chain_prev(struct pg *pg, int64_t event_id, int64_t *from,
    uint8_t prev[SHA256_LEN], struct error *err)
{
	struct pg_params p;
	PGresult *r;
	int rc;

	*from = 0;
	memcpy(prev, chain_genesis, SHA256_LEN);
	pg_params_init(&p);
	pg_param_int(&p, event_id);
	if ((rc = pg_exec(pg, "reading history", "SELECT id, hash FROM event"
	    " WHERE id < $1 AND hash IS NOT NULL ORDER BY id DESC LIMIT 1",
	    &p, &r, err)) != 0)
		return rc;
	if (PQntuples(r) > 0)
		*from = pg_get_int(r, 0, 0);
	if (PQntuples(r) > 0 && (pg_get_text(r, 0, 1) == NULL ||
	    sha256_unhex(pg_get_text(r, 0, 1), prev) != 0))
		rc = error_set(err, EX_DATAERR, "history event %" PRId64
		    " has a damaged hash; run 'complaint verify'",
		    pg_get_int(r, 0, 0));
	PQclear(r);
	return rc;
}

int
pg_complaint_load(struct pg *pg, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	static char sql[2200];
	struct pg_params p;
	PGresult *r;
	int rc;

	complaint_init(c);
	if (sql[0] == '\0')
		snprintf(sql, sizeof(sql),
		    "SELECT id, %s FROM complaint WHERE id = $1",
		    complaint_column_list(0));
	pg_params_init(&p);
	pg_param_int(&p, id);
	if ((rc = pg_exec(pg, "reading a complaint", sql, &p, &r, err)) != 0)
		return rc;
	if (PQntuples(r) > 0) {
		pg_complaint_from_row(r, 0, 0, c);
	} else {
		char ref[REF_MAX];

		ref_format(prefix, id, ref, sizeof(ref));
		rc = error_set(err, EX_NOINPUT, "no complaint '%s'", ref);
	}
	PQclear(r);
	return rc;
}

int
pg_complaint_save(struct pg *pg, const struct complaint *before,
    const struct complaint *shown_before, struct complaint *after,
    const char *actor, int64_t now, const char *action, const char *note,
    const char *detail, struct error *err)
{
	struct buf sql = BUF_INIT, changes = BUF_INIT;
	struct pg_params p;
	uint8_t prev[SHA256_LEN];
	char *keys[2] = { NULL, NULL };
	int64_t ev_id;
	size_t i;
	int rc, n = 0;

	if (pg->in_tx != 2)
		return error_set(err, EX_SOFTWARE, "saving a complaint outside "
		    "a write transaction");
	after->updated_at = now;
	if ((rc = chain_next(pg, &ev_id, prev, err)) != 0)
		return rc;
	pg_params_init(&p);
	pg_param_int(&p, now);
	pg_param_int(&p, ev_id);
	buf_puts(&sql, "UPDATE complaint SET updated_at = $1, last_event = $2");
	buf_putc(&changes, '{');
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if ((f->flags & FF_NOHISTORY) || field_equal(before, after, f))
			continue;
		/* A name's matching key follows the name. */
		if (f->offset == offsetof(struct complaint, customer) ||
		    f->offset == offsetof(struct complaint, owner)) {
			int k = f->offset == offsetof(struct complaint, owner);

			keys[k] = name_key(*field_text_const(after, f));
			pg_param_text(&p, keys[k]);
			buf_printf(&sql, ", %s_key = $%d", f->name, p.n);
		}
		param_field(&p, after, f);
		buf_printf(&sql, ", %s = $%d", f->name, p.n);
		buf_printf(&changes, "%s\"%s\":[", n ? "," : "", f->name);
		json_field_value(&changes, shown_before, f);
		buf_putc(&changes, ',');
		json_field_value(&changes, after, f);
		buf_putc(&changes, ']');
		n++;
	}
	pg_param_int(&p, before->id);
	buf_printf(&sql, " WHERE id = $%d", p.n);
	buf_putc(&changes, '}');
	rc = pg_exec(pg, "updating the complaint", buf_str(&sql), &p, NULL,
	    err);
	if (rc == 0)
		rc = event_insert(pg, ev_id, prev, before->id, now, actor,
		    action, buf_str(&changes), note, detail, NULL, NULL, err);
	free(keys[0]);
	free(keys[1]);
	buf_release(&sql);
	buf_release(&changes);
	return rc;
}

/* Every event's keys with their "after" values; json, not jsonb: its
 * keys in the order written. */
#define REBUILD_FROM \
	" FROM event e LEFT JOIN LATERAL json_each(e.changes::json)" \
	" WITH ORDINALITY AS j(key, value, n) ON true"

/* One value of a rebuild's query (the event's time, the key and its
 * "after" value in columns COL .. COL + 2 of ROW) applied to C. */
static void
rebuild_apply(struct complaint *c, const PGresult *res, int row, int col)
{
	const char *name = pg_get_text(res, row, col + 1);
	const struct field *f = name ? complaint_field(name) : NULL;

	c->updated_at = pg_get_int(res, row, col);
	if (f != NULL)
		field_set_text(c, f, pg_get_text(res, row, col + 2));
}

int
pg_complaint_rebuild(struct pg *pg, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	static const char sql[] =
	    "SELECT e.at, j.key, j.value ->> 1" REBUILD_FROM
	    " WHERE e.complaint_id = $1 ORDER BY e.id, j.n";
	struct pg_params p;
	PGresult *r;
	int rc, i, n;

	complaint_init(c);
	c->id = id;
	pg_params_init(&p);
	pg_param_int(&p, id);
	if ((rc = pg_exec(pg, "reading history", sql, &p, &r, err)) != 0)
		return rc;
	n = PQntuples(r);
	for (i = 0; i < n; i++)
		rebuild_apply(c, r, i, 0);
	PQclear(r);
	if (n == 0) {
		char ref[REF_MAX];

		ref_format(prefix, id, ref, sizeof(ref));
		return error_set(err, EX_NOINPUT, "no history for '%s'", ref);
	}
	return 0;
}

/*
 * verify's rebuild of every complaint, streamed: the complaints in id
 * order, and beside them one cursor over every event's "after" values in
 * (complaint, event, key) order, fetched in batches, so that a million
 * complaints cost no query each.
 */
#define REBUILD_CURSOR "complaint_rebuild_values"
#define REBUILD_FETCH_SQL "FETCH 2048 FROM " REBUILD_CURSOR
#define REBUILD_FETCH 2048

struct rebuild_walk {
	struct pg *pg;
	rebuild_want_fn want;
	rebuild_fn fn;
	void *arg;
	struct error *err;
	struct complaint stored, rebuilt;
	PGresult *res;                /* the current batch of values */
	int n, row, last;
};

/* Row W->row of the values, fetching the next batch when needed: 1, or
 * 0 after the last, or -1 with W->err filled. */
static int
rebuild_value(struct rebuild_walk *w)
{
	if (w->row < w->n)
		return 1;
	if (w->last)
		return 0;
	PQclear(w->res);
	w->res = NULL;
	w->n = w->row = 0;
	if (pg_exec(w->pg, "reading history", REBUILD_FETCH_SQL, NULL,
	    &w->res, w->err) != 0)
		return -1;
	w->n = PQntuples(w->res);
	w->last = w->n < REBUILD_FETCH;
	return w->n > 0;
}

static int
rebuild_row(PGresult *res, int row, void *arg)
{
	struct rebuild_walk *w = arg;
	int64_t id, cid;
	int seen = 0, more, want;

	pg_complaint_from_row(res, row, 0, &w->stored);
	id = w->stored.id;
	want = w->want == NULL || w->want(id, w->arg);
	complaint_release(&w->rebuilt);
	complaint_init(&w->rebuilt);
	w->rebuilt.id = id;
	while ((more = rebuild_value(w)) == 1) {
		/* Values of events whose complaint is gone pass by, and
		 * those of a complaint not wanted. */
		if ((cid = pg_get_int(w->res, w->row, 0)) > id)
			break;
		if (cid == id && want) {
			seen = 1;
			rebuild_apply(&w->rebuilt, w->res, w->row, 1);
		}
		w->row++;
	}
	if (more < 0)
		return w->err->status ? w->err->status : EX_SOFTWARE;
	if (!want)
		return 0;
	return w->fn(&w->stored, seen ? &w->rebuilt : NULL, w->arg);
}

int
pg_complaint_rebuild_each(struct pg *pg, const char *prefix,
    rebuild_want_fn want, rebuild_fn fn, void *arg, struct error *err)
{
	static const char declare[] =
	    "DECLARE " REBUILD_CURSOR " NO SCROLL CURSOR FOR"
	    " SELECT e.complaint_id, e.at, j.key, j.value ->> 1" REBUILD_FROM
	    " ORDER BY e.complaint_id, e.id, j.n";
	struct rebuild_walk w;
	struct buf sql = BUF_INIT;
	struct error ignored;
	int rc, rc2, own_tx = 0;

	(void)prefix;
	memset(&w, 0, sizeof(w));
	w.pg = pg;
	w.want = want;
	w.fn = fn;
	w.arg = arg;
	w.err = err;
	complaint_init(&w.stored);
	complaint_init(&w.rebuilt);
	/* A cursor lives in a transaction: one snapshot for both. */
	if ((rc = pg_read_begin(pg, &own_tx, err)) != 0)
		return rc;
	if ((rc = pg_exec(pg, "reading history", declare, NULL, NULL,
	    err)) != 0)
		goto done;
	buf_puts(&sql, "SELECT id, ");
	buf_puts(&sql, complaint_column_list(0));
	buf_puts(&sql, " FROM complaint ORDER BY id");
	rc = pg_each(pg, "reading complaints", buf_str(&sql), NULL,
	    rebuild_row, &w, err);
	rc2 = pg_exec(pg, "reading history", "CLOSE " REBUILD_CURSOR, NULL,
	    NULL, rc == 0 ? err : &ignored);
	if (rc == 0)
		rc = rc2;
done:
	PQclear(w.res);
	complaint_release(&w.stored);
	complaint_release(&w.rebuilt);
	buf_release(&sql);
	return pg_read_end(pg, own_tx, rc, err);
}

/* ---- history ------------------------------------------------------------- */

#define EVENT_COLUMNS_E \
	"e.id, e.complaint_id, e.at, e.actor, e.action, e.changes, " \
	PG_EVENT_NOTE(e) ", e.hash, e.digest, e.redacted, e.account," \
	" e.detail, coalesce(e.form, 0)"

static void
event_from_row(const PGresult *r, int i, struct event *ev)
{
	ev->id = pg_get_int(r, i, 0);
	ev->complaint_id = pg_get_int(r, i, 1);
	ev->at = pg_get_int(r, i, 2);
	ev->actor = pg_get_text(r, i, 3);
	ev->action = pg_get_text(r, i, 4);
	ev->changes = pg_get_text(r, i, 5);
	ev->note = pg_get_text(r, i, 6);
	ev->hash_state = pg_get_text(r, i, 7) == NULL ? EVENT_HASH_NONE :
	    sha256_unhex(pg_get_text(r, i, 7), ev->hash) == 0 ?
	    EVENT_HASH_OK : EVENT_HASH_BAD;
	ev->digest = pg_get_text(r, i, 8);
	ev->redacted = (int)pg_get_int(r, i, 9);
	ev->account = pg_get_text(r, i, 10);
	ev->detail = pg_get_text(r, i, 11);
	ev->form = (int)pg_get_int(r, i, 12);
	ev->created = NULL;
}

int
pg_event_each(struct pg *pg, int64_t id, event_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] = "SELECT " EVENT_COLUMNS_E
	    " FROM event e WHERE e.complaint_id = $1 ORDER BY e.id";
	struct pg_params p;
	PGresult *r;
	int rc, i, n;

	/* One complaint's history: one result (FN may query meanwhile). */
	pg_params_init(&p);
	pg_param_int(&p, id);
	if ((rc = pg_exec(pg, "reading history", sql, &p, &r, err)) != 0)
		return rc;
	n = PQntuples(r);
	for (i = 0; i < n && rc == 0; i++) {
		struct event ev;

		event_from_row(r, i, &ev);
		rc = fn(&ev, arg);
	}
	PQclear(r);
	return rc;
}

struct walk_arg {
	event_fn fn;
	void *arg;
	struct complaint c;
};

static int
walk_row(PGresult *r, int i, void *arg)
{
	struct walk_arg *w = arg;
	struct event ev;

	event_from_row(r, i, &ev);
	/* The row of PG_CREATED_JOIN, when there is one. */
	if (!PQgetisnull(r, i, 13)) {
		complaint_release(&w->c);
		complaint_init(&w->c);
		pg_complaint_from_row(r, i, 13, &w->c);
		ev.created = &w->c;
	}
	return w->fn(&ev, w->arg);
}

int
pg_event_walk(struct pg *pg, int64_t after, event_fn fn, void *arg,
    struct error *err)
{
	static char sql[3000];
	struct pg_params p;
	struct walk_arg w;
	int rc;

	if (sql[0] == '\0')
		snprintf(sql, sizeof(sql), "SELECT %s, c.id, %s FROM event e"
		    PG_CREATED_JOIN " WHERE e.id > $1 ORDER BY e.id",
		    EVENT_COLUMNS_E, complaint_column_list(1));
	w.fn = fn;
	w.arg = arg;
	complaint_init(&w.c);
	pg_params_init(&p);
	pg_param_int(&p, after);
	rc = pg_each(pg, "reading history", sql, &p, walk_row, &w, err);
	complaint_release(&w.c);
	return rc;
}

int
pg_changes_each(struct pg *pg, const char *changes, change_fn fn,
    void *arg, struct error *err)
{
	static const char sql[] =
	    "SELECT j.key, j.value ->> 0, j.value ->> 1"
	    " FROM json_each($1::json) WITH ORDINALITY AS j(key, value, n)"
	    " ORDER BY j.n";
	struct pg_params p;
	PGresult *r;
	int rc, i, n;

	if (changes == NULL)
		return 0;
	pg_params_init(&p);
	pg_param_text(&p, changes);
	if ((rc = pg_exec(pg, "reading a history event", sql, &p, &r,
	    err)) != 0)
		return rc;
	n = PQntuples(r);
	for (i = 0; i < n && rc == 0; i++)
		rc = fn(pg_get_text(r, i, 0), pg_get_text(r, i, 1),
		    pg_get_text(r, i, 2), arg);
	PQclear(r);
	return rc;
}

int
pg_history_tail_check(struct pg *pg, int64_t *id, struct error *err)
{
	static const char sql[] =
	    "SELECT c.id FROM complaint c LEFT JOIN event e ON e.id ="
	    " (SELECT max(x.id) FROM event x WHERE x.complaint_id = c.id)"
	    " WHERE c.updated_at IS DISTINCT FROM e.at"
	    " OR c.last_event IS DISTINCT FROM e.id"
	    " ORDER BY c.id LIMIT 1";
	int64_t v = NUM_NONE;
	int rc;

	*id = NUM_NONE;
	if ((rc = pg_query_int(pg, "reading history", sql, NULL, &v, NULL,
	    err)) != 0)
		return rc;
	*id = v;
	return 0;
}

int
pg_find_source(struct pg *pg, const char *source, const char *source_id,
    int64_t *id, struct error *err)
{
	struct pg_params p;
	int64_t v = NUM_NONE;
	int rc;

	*id = NUM_NONE;
	pg_params_init(&p);
	pg_param_text(&p, source);
	pg_param_text(&p, source_id);
	if ((rc = pg_query_int(pg, "looking for an imported complaint",
	    "SELECT id FROM complaint WHERE source = $1 AND source_id = $2",
	    &p, &v, NULL, err)) != 0)
		return rc;
	*id = v;
	return 0;
}

int
pg_find_open_for(struct pg *pg, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err)
{
	static const char sql[] =
	    "SELECT id, owner FROM complaint"
	    " WHERE status NOT IN ('resolved', 'closed')"
	    " AND (customer_id = $1 OR contact = $2 OR customer_key = $3)"
	    " ORDER BY received_at DESC, id DESC LIMIT $4";
	struct pg_params p;
	char *key = name_key(customer);
	PGresult *r;
	int rc, i;

	*n = 0;
	pg_params_init(&p);
	pg_param_text(&p, customer_id);
	pg_param_text(&p, contact);
	pg_param_text(&p, key);
	pg_param_int(&p, (int64_t)max);
	rc = pg_exec(pg, "looking for open complaints", sql, &p, &r, err);
	free(key);
	if (rc != 0)
		return rc;
	for (i = 0; i < PQntuples(r) && *n < max; i++) {
		out[*n].id = pg_get_int(r, i, 0);
		out[*n].owner = pg_get_strdup(r, i, 1);
		(*n)++;
	}
	PQclear(r);
	return 0;
}

/* ---- erasure ------------------------------------------------------------- */

int
pg_idea_erase(struct pg *pg, int64_t complaint_id, const char *text, int *n,
    struct error *err)
{
	struct pg_params p;
	PGresult *r;
	int rc;

	*n = 0;
	pg_params_init(&p);
	pg_param_text(&p, text);
	pg_param_int(&p, complaint_id);
	if ((rc = pg_exec(pg, "erasing ideas", "UPDATE idea SET idea = $1"
	    " WHERE complaint_id = $2 AND idea IS DISTINCT FROM $1", &p, &r,
	    err)) != 0)
		return rc;
	*n = atoi(PQcmdTuples(r));
	PQclear(r);
	return 0;
}

int
pg_attachment_erase(struct pg *pg, int64_t complaint_id, struct error *err)
{
	struct pg_params p;
	int rc;

	pg_params_init(&p);
	pg_param_text(&p, ERASED);
	pg_param_int(&p, complaint_id);
	if ((rc = pg_exec(pg, "erasing attachments", "UPDATE attachment"
	    " SET blob_id = NULL, name = $1 WHERE complaint_id = $2", &p, NULL,
	    err)) != 0)
		return rc;
	return pg_exec(pg, "erasing attachments", "DELETE FROM attachment_blob"
	    " WHERE NOT EXISTS (SELECT 1 FROM attachment a"
	    " WHERE a.blob_id = attachment_blob.id)", NULL, NULL, err);
}

/*
 * The personal fields' values in every event's changes become ERASED
 * (NULL stays NULL), and every note. The new changes text is the one
 * SQLite's json_group_object writes ({"key":value,...}, no spaces, keys
 * in their order, other values as written), so that a database moved
 * between engines keeps the same redacted bytes.
 */
static const char *
redact_sql(void)
{
	static char sql[4096];
	struct buf b = BUF_INIT;
	size_t i;
	int n = 0;

	if (sql[0] != '\0')
		return sql;
	/* An EVENT_CREATED event ($3) gets the changes it showed ($4),
	 * redacted as the others', and the digest it was chained with ($5). */
	/* An import's note goes whole, the file it named with it. */
	buf_puts(&b, "UPDATE event SET redacted = 1,"
	    " note = CASE WHEN note IS NULL THEN NULL ELSE $1 END,"
	    " import_file = NULL,"
	    " digest = CASE WHEN id = $3::bigint THEN $5::text"
	    " ELSE digest END,"
	    " changes = CASE WHEN coalesce(changes, CASE WHEN id = $3::bigint"
	    " THEN $4::text END) IS NULL THEN NULL ELSE"
	    " (SELECT coalesce('{' || string_agg(to_json(j.key)::text || ':' ||"
	    " CASE WHEN j.key IN (");
	for (i = 0; i < complaint_nfields; i++) {
		if (complaint_fields[i].flags & FF_PERSONAL)
			buf_printf(&b, "%s'%s'", n++ ? ", " : "",
			    complaint_fields[i].name);
	}
	buf_puts(&b, ") THEN '[' ||"
	    " CASE WHEN j.value ->> 0 IS NULL THEN 'null'"
	    " ELSE to_json($1::text)::text END || ',' ||"
	    " CASE WHEN j.value ->> 1 IS NULL THEN 'null'"
	    " ELSE to_json($1::text)::text END || ']'"
	    " ELSE j.value::text END, ',' ORDER BY j.n) || '}', '{}')"
	    " FROM json_each(coalesce(changes, $4::text)::json)"
	    " WITH ORDINALITY AS j(key, value, n))"
	    " END WHERE complaint_id = $2 AND redacted = 0");
	snprintf(sql, sizeof(sql), "%s", buf_str(&b));
	buf_release(&b);
	return sql;
}

int
pg_erase_personal(struct pg *pg, int64_t id,
    const struct erase_created *created, struct error *err)
{
	static const char file_of[] = "SELECT import_file FROM event"
	    " WHERE complaint_id = $1 AND import_file IS NOT NULL LIMIT 1";
	/* The file's row, once no event names it (sqlite_erase.c's
	 * import_file_drop()). */
	static const char file_drop[] = "DELETE FROM import_file"
	    " WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM event"
	    " WHERE import_file = $1)";
	struct pg_params p;
	int64_t file = NUM_NONE;
	int rc, nideas, found;

	if ((rc = pg_attachment_erase(pg, id, err)) != 0 ||
	    (rc = pg_message_id_erase(pg, id, err)) != 0)
		return rc;
	pg_params_init(&p);
	pg_param_int(&p, id);
	if ((rc = pg_query_int(pg, "erasing history", file_of, &p, &file,
	    &found, err)) != 0)
		return rc;
	pg_params_init(&p);
	pg_param_text(&p, ERASED);
	pg_param_int(&p, id);
	pg_param_int(&p, created != NULL ? created->event_id : NUM_NONE);
	pg_param_text(&p, created != NULL ? created->changes : NULL);
	pg_param_text(&p, created != NULL ? created->digest : NULL);
	/* The old row versions stay in the table's pages until VACUUM, and
	 * in the WAL and its archives until their retention ends
	 * (complaint-postgresql(7)). */
	if ((rc = pg_exec(pg, "erasing history", redact_sql(), &p, NULL,
	    err)) != 0)
		return rc;
	if (found && file != NUM_NONE) {
		pg_params_init(&p);
		pg_param_int(&p, file);
		if ((rc = pg_exec(pg, "erasing history", file_drop, &p, NULL,
		    err)) != 0)
			return rc;
		pg->import_file_id = NUM_NONE;
	}
	return pg_idea_erase(pg, id, ERASED, &nideas, err);
}
