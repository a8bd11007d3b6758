/*
 * PostgreSQL's bulk load (store_bulk_begin() .. store_bulk_end(), for
 * import): a statement and a round trip per row made 1,000,000 rows an
 * hour. In bulk, import's complaints, their EVENT_CREATED events and
 * their ideas are written here, not sent: ids are taken as insert_sql
 * takes them (max + 1, read once: the transaction holds the head lock,
 * nobody else writes meanwhile), each event chained locally to the last
 * (pg->chain_*), and the rows go to the server in batches of BULK_BATCH
 * through COPY ... FROM STDIN, complaints before their events and ideas
 * (the foreign keys); the complaints stream as they are made (stream()).
 * Memory stays flat: a batch at most.
 *
 * The search index's trigger stands aside (SET LOCAL complaint.bulk,
 * which schema 15's complaint_fts_sync reads), and the end fills the
 * index once for the new complaints (complaint_fts_fill(), the owner's:
 * agents may not write the index). The history's guards still judge
 * every row: an agent cannot set them aside, nor should a bulk load.
 *
 * Any other statement while rows wait (pg_settle() calls
 * pg_bulk_foreign()) first sends them and puts the search trigger back,
 * so it sees and writes as without a bulk load; the next bulk row reads
 * the ids again. find_source answers from the waiting rows first, then
 * asks the server without sending them. All of it is one transaction:
 * a rollback drops what was sent and what waits.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "complaint.h"
#include "name.h"
#include "store/pg.h"
#include "xmalloc.h"

/* Rows a batch holds before it is sent: some 5 MiB of COPY text. */
#define BULK_BATCH 8192
/* A load of this many complaints or more gathers the planner's
 * statistics at its end (pg_bulk_end()). */
#define BULK_ANALYZE_MIN 1000

/* A waiting complaint's (source, source_id), for find_source. */
struct bulk_key {
	char *key;       /* source NUL source_id, NULL for an empty slot */
	size_t len;
	int64_t id;
};

struct pg_bulk {
	int fresh;               /* the ids below were read */
	int fts_on;              /* complaint.bulk is off: a foreign
	                          * statement ran */
	int64_t next_complaint, next_idea;
	int64_t first_complaint; /* the first of this load: NUM_NONE */
	struct buf complaints, events, ideas;
	size_t n;                /* complaints waiting */
	int copying;             /* the complaints' COPY is open */
	int buffered;            /* find_source asked the server: no more
	                          * streaming (it cannot ask during a COPY) */
	struct bulk_key *keys;   /* open addressing, 2 * BULK_BATCH */
	size_t nkeys;
};

#define BULK_KEYS (2 * BULK_BATCH)

/* ---- COPY text ----------------------------------------------------------- */

static void
put_sep(struct buf *b)
{
	buf_putc(b, '\t');
}

/* Text as COPY's text format has it (a C string holds no NUL). */
static void
put_text(struct buf *b, const char *s)
{
	const char *p;

	if (s == NULL) {
		buf_add(b, "\\N", 2);
		return;
	}
	for (p = s; *p; p++) {
		switch (*p) {
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default: buf_putc(b, *p); break;
		}
	}
}

static void
put_int(struct buf *b, int64_t v)
{
	char num[24];
	int n;

	if (v == NUM_NONE) {
		buf_add(b, "\\N", 2);
		return;
	}
	n = snprintf(num, sizeof(num), "%" PRId64, v);
	buf_add(b, num, (size_t)n);
}

/* Field F of C as param_field() (pg_complaint.c) sends it. */
static void
put_field(struct buf *b, const struct complaint *c, const struct field *f)
{
	if (field_is_text(f))
		put_text(b, *field_text_const(c, f));
	else if (f->type == FT_STATUS)
		put_text(b, status_name(*field_num_const(c, f)));
	else
		put_int(b, *field_num_const(c, f));
}

/* ---- sending ------------------------------------------------------------- */

/* Start COPY SQL FROM STDIN. */
static int
copy_start(struct pg *pg, const char *sql, struct error *err)
{
	PGresult *r;
	int rc;

	r = PQexec(pg->conn, sql);
	if (r == NULL || PQresultStatus(r) != PGRES_COPY_IN) {
		rc = pg_fail_result(pg, r, "importing", err);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	return 0;
}

static int
copy_data(struct pg *pg, const struct buf *data, struct error *err)
{
	if (data->len > 0 &&
	    PQputCopyData(pg->conn, data->s, (int)data->len) != 1)
		return error_set(err, EX_IOERR, "importing: %s",
		    PQerrorMessage(pg->conn));
	return 0;
}

/* End the open COPY (ABORT: refused, as a rollback will follow) and
 * take the server's verdict. */
static int
copy_finish(struct pg *pg, const char *abort_msg, struct error *err)
{
	PGresult *r;
	int rc = 0;

	if (PQputCopyEnd(pg->conn, abort_msg) != 1)
		rc = error_set(err, EX_IOERR, "importing: %s",
		    PQerrorMessage(pg->conn));
	while ((r = PQgetResult(pg->conn)) != NULL) {
		if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = pg_fail_result(pg, r, "importing", err);
		PQclear(r);
	}
	return rc;
}

/* COPY SQL FROM STDIN with DATA, whole. */
static int
copy_in(struct pg *pg, const char *sql, const struct buf *data,
    struct error *err)
{
	int rc;

	if ((rc = copy_start(pg, sql, err)) != 0)
		return rc;
	if ((rc = copy_data(pg, data, err)) != 0) {
		copy_finish(pg, "failed", err);
		return rc;
	}
	return copy_finish(pg, NULL, err);
}

static const char *
complaint_sql(void)
{
	static char sql[2200];

	if (sql[0] == '\0')
		snprintf(sql, sizeof(sql), "COPY complaint (id, %s,"
		    " customer_key, owner_key, last_event) FROM STDIN",
		    complaint_column_list(0));
	return sql;
}

/*
 * The complaints' rows go to the server as they are made, a chunk of
 * STREAM_CHUNK bytes at a time, so that it stores them while the next
 * are made (the client's work was 4.6 s of 40 s, not overlapped); the
 * events and ideas, which refer to them, wait for the batch's end.
 */
#define STREAM_CHUNK 65536

static int
stream(struct pg *pg, struct pg_bulk *b, struct error *err)
{
	int rc;

	if (b->buffered || b->complaints.len < STREAM_CHUNK)
		return 0;
	if (!b->copying) {
		if ((rc = copy_start(pg, complaint_sql(), err)) != 0)
			return rc;
		b->copying = 1;
	}
	rc = copy_data(pg, &b->complaints, err);
	buf_reset(&b->complaints);
	return rc;
}

/* The complaints' COPY, if open, ended with what remains. */
static int
stream_end(struct pg *pg, struct pg_bulk *b, struct error *err)
{
	int rc;

	if (!b->copying)
		return 0;
	b->copying = 0;
	if ((rc = copy_data(pg, &b->complaints, err)) != 0) {
		copy_finish(pg, "failed", err);
		return rc;
	}
	buf_reset(&b->complaints);
	return copy_finish(pg, NULL, err);
}

static void
keys_clear(struct pg_bulk *b)
{
	size_t i;

	for (i = 0; b->nkeys > 0 && i < BULK_KEYS; i++) {
		free(b->keys[i].key);
		b->keys[i].key = NULL;
	}
	b->nkeys = 0;
}

/* Send the waiting rows (the caller has detached pg->bulk). */
static int
flush(struct pg *pg, struct pg_bulk *b, struct error *err)
{
	int rc;

	if ((rc = stream_end(pg, b, err)) == 0 && b->complaints.len > 0)
		rc = copy_in(pg, complaint_sql(), &b->complaints, err);
	if (rc == 0 && b->events.len > 0)
		rc = copy_in(pg, "COPY event (id, complaint_id, at, actor,"
		    " action, changes, note, digest, hash, account, detail,"
		    " form, import_file) FROM STDIN", &b->events, err);
	if (rc == 0 && b->ideas.len > 0)
		rc = copy_in(pg, "COPY idea (id, complaint_id, idea,"
		    " proposed_at, proposed_by) FROM STDIN", &b->ideas, err);
	buf_reset(&b->complaints);
	buf_reset(&b->events);
	buf_reset(&b->ideas);
	b->n = 0;
	keys_clear(b);
	return rc;
}

/* Ready for a bulk row: the ids read (again, after a foreign statement),
 * the search trigger set aside. Runs with pg->bulk detached (its own
 * statements are not foreign ones). */
static int
ready_detached(struct pg *pg, struct pg_bulk *b, struct error *err)
{
	uint8_t prev[SHA256_LEN];
	int rc;

	if (!b->fresh) {
		if ((rc = pg_query_int(pg, "importing", "SELECT coalesce(max(id),"
		    " 0) + 1 FROM complaint", NULL, &b->next_complaint, NULL,
		    err)) != 0 ||
		    (rc = pg_query_int(pg, "importing", "SELECT coalesce(max(id),"
		    " 0) + 1 FROM idea", NULL, &b->next_idea, NULL, err)) != 0)
			return rc;
		if (!pg->chain_known) {
			int64_t next;

			/* pg_complaint.c's chain, read once; then kept. */
			if ((rc = pg_chain_next(pg, &next, prev, err)) != 0)
				return rc;
			pg->chain_known = 1;
			pg->chain_id = next - 1;
			memcpy(pg->chain_hash, prev, SHA256_LEN);
		}
		if (b->first_complaint == NUM_NONE)
			b->first_complaint = b->next_complaint;
		b->fresh = 1;
	}
	if (b->fts_on) {
		if ((rc = pg_exec_simple(pg, "importing",
		    "SET LOCAL complaint.bulk = on", err)) != 0)
			return rc;
		b->fts_on = 0;
	}
	return 0;
}

static int
ready(struct pg *pg, struct error *err)
{
	struct pg_bulk *b = pg->bulk;
	int rc;

	pg->bulk = NULL;
	rc = ready_detached(pg, b, err);
	pg->bulk = b;
	return rc;
}

/* ---- the driver's side --------------------------------------------------- */

int
pg_bulk_begin(struct pg *pg, struct error *err)
{
	struct pg_bulk *b;

	if (pg->bulk != NULL)
		return 0;
	if (pg->in_tx != 2)
		return error_set(err, EX_SOFTWARE, "a bulk load outside a "
		    "write transaction");
	b = xcalloc(1, sizeof(*b));
	b->fts_on = 1;
	b->first_complaint = NUM_NONE;
	b->keys = xcalloc(BULK_KEYS, sizeof(*b->keys));
	pg->bulk = b;
	return 0;
}

void
pg_bulk_release(struct pg *pg)
{
	struct pg_bulk *b = pg->bulk;

	if (b == NULL)
		return;
	pg->bulk = NULL;
	if (b->copying && pg->conn != NULL) {
		struct error ignored;

		copy_finish(pg, "rolled back", &ignored);
	}
	keys_clear(b);
	free(b->keys);
	buf_release(&b->complaints);
	buf_release(&b->events);
	buf_release(&b->ideas);
	free(b);
}

int
pg_bulk_end(struct pg *pg, struct error *err)
{
	struct pg_bulk *b = pg->bulk;
	struct pg_params p;
	int rc = 0;

	if (b == NULL)
		return 0;
	pg->bulk = NULL;
	if ((rc = flush(pg, b, err)) == 0 && !b->fts_on)
		rc = pg_exec_simple(pg, "importing",
		    "SET LOCAL complaint.bulk = off", err);
	/* The search index of every complaint the load made, at once. */
	if (rc == 0 && b->first_complaint != NUM_NONE) {
		pg_params_init(&p);
		pg_param_int(&p, b->first_complaint);
		rc = pg_exec(pg, "indexing the import for search",
		    "SELECT complaint_fts_fill($1)", &p, NULL, err);
	}
	/*
	 * The planner's statistics for what the load wrote: until
	 * autovacuum gets to them, a just-imported database had none, and
	 * the planner took 800,000 closed complaints for 8 (search --status
	 * closed: 2.1 s, 0.23 s with them). A role that does not own the
	 * tables is skipped with a warning, kept from the terminal.
	 */
	if (rc == 0 && b->first_complaint != NUM_NONE &&
	    b->next_complaint - b->first_complaint >= BULK_ANALYZE_MIN)
		rc = pg_exec_simple(pg, "gathering statistics",
		    "SET LOCAL client_min_messages = error;"
		    " ANALYZE complaint, complaint_fts, event;"
		    " SET LOCAL client_min_messages = DEFAULT", err);
	pg->bulk = b;
	pg_bulk_release(pg);
	return rc;
}

int
pg_bulk_foreign(struct pg *pg, struct error *err)
{
	struct pg_bulk *b = pg->bulk;
	int rc;

	pg->bulk = NULL;
	rc = flush(pg, b, err);
	if (rc == 0 && !b->fts_on) {
		rc = pg_exec_simple(pg, "importing",
		    "SET LOCAL complaint.bulk = off", err);
		b->fts_on = 1;
	}
	b->fresh = 0;
	pg->bulk = b;
	return rc;
}

static uint64_t
key_hash(const char *k, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h;
}

/* The slot of KEY, or the empty one it would take. */
static struct bulk_key *
key_slot(struct pg_bulk *b, const char *key, size_t len)
{
	size_t i = (size_t)(key_hash(key, len) % BULK_KEYS);

	while (b->keys[i].key != NULL && (b->keys[i].len != len ||
	    memcmp(b->keys[i].key, key, len) != 0))
		i = (i + 1) % BULK_KEYS;
	return &b->keys[i];
}

static char *
key_make(const char *source, const char *source_id, size_t *len)
{
	size_t a = strlen(source), c = strlen(source_id);
	char *k = xmalloc(a + c + 2);

	memcpy(k, source, a + 1);
	memcpy(k + a + 1, source_id, c + 1);
	*len = a + c + 1;
	return k;
}

int
pg_bulk_find_source(struct pg *pg, const char *source, const char *source_id,
    int64_t *id, struct error *err)
{
	struct pg_bulk *b = pg->bulk;
	size_t len;
	char *k = key_make(source, source_id, &len);
	struct bulk_key *slot = key_slot(b, k, len);
	int rc;

	free(k);
	if (slot->key != NULL) {
		*id = slot->id;
		return 0;
	}
	/* The server's rows: what waits here is not among them. A query
	 * cannot run during a COPY: the rest of the load waits for the
	 * batch's end instead of streaming. */
	pg->bulk = NULL;
	b->buffered = 1;
	if ((rc = stream_end(pg, b, err)) == 0)
		rc = pg_find_source(pg, source, source_id, id, err);
	pg->bulk = b;
	return rc;
}

int
pg_bulk_import(struct pg *pg, struct complaint *c, const char *actor,
    int64_t now, const struct import_origin *from, struct error *err)
{
	/* Kept from call to call: a million creations in a row. */
	static struct buf note = BUF_INIT;
	struct pg_bulk *b = pg->bulk;
	struct buf *o;
	struct event ev;
	uint8_t digest[SHA256_LEN], hash[SHA256_LEN];
	char hash_hex[SHA256_HEXLEN];
	char *key;
	size_t i, skip;
	int64_t file_id;
	int rc, stored;

	/* The file's row is looked up (a statement of its own, which
	 * pg_bulk_foreign() makes room for) once a transaction. */
	skip = import_note(&note, from);
	if ((rc = pg_import_file_id(pg, from->file, &file_id, err)) != 0 ||
	    (rc = ready(pg, err)) != 0)
		return rc;
	c->updated_at = now;
	c->id = b->next_complaint++;
	memset(&ev, 0, sizeof(ev));
	ev.id = pg->chain_id + 1;
	ev.complaint_id = c->id;
	ev.at = now;
	ev.actor = actor;
	ev.account = pg->account;
	ev.action = "import";
	ev.note = buf_str(&note);
	ev.form = EVENT_CREATED;

	o = &b->complaints;
	put_int(o, c->id);
	for (i = 0; i < complaint_nfields; i++) {
		put_sep(o);
		put_field(o, c, &complaint_fields[i]);
	}
	/* The names' matching keys (name.h), stored beside them. */
	key = name_key(c->customer);
	put_sep(o);
	put_text(o, key);
	free(key);
	key = name_key(c->owner);
	put_sep(o);
	put_text(o, key);
	free(key);
	put_sep(o);
	put_int(o, ev.id);
	buf_putc(o, '\n');

	chain_created_digest(&ev, c, digest);
	chain_link(pg->chain_hash, ev.id, digest, hash);
	sha256_hex(hash, hash_hex);
	o = &b->events;
	put_int(o, ev.id);
	put_sep(o);
	put_int(o, ev.complaint_id);
	put_sep(o);
	put_int(o, ev.at);
	put_sep(o);
	put_text(o, actor);
	put_sep(o);
	put_text(o, ev.action);
	put_sep(o);
	put_text(o, NULL);          /* changes: given back (created.c) */
	put_sep(o);
	put_text(o, ev.note + skip); /* the rest is the file's */
	put_sep(o);
	put_text(o, NULL);          /* digest: chain_created_digest()'s */
	put_sep(o);
	/* Every CHAIN_STORED_EVERY-th hash stored, and the last
	 * (pg_chain_seal()): chain.h. */
	stored = chain_stores_hash(ev.id);
	put_text(o, stored ? hash_hex : NULL);
	put_sep(o);
	put_text(o, pg->account);
	put_sep(o);
	put_text(o, NULL);          /* detail */
	put_sep(o);
	put_int(o, EVENT_CREATED);
	put_sep(o);
	put_int(o, file_id);
	buf_putc(o, '\n');
	pg->chain_id = ev.id;
	memcpy(pg->chain_hash, hash, SHA256_LEN);
	pg->chain_unsealed = !stored;

	if (c->source != NULL && c->source_id != NULL) {
		size_t len;
		char *k = key_make(c->source, c->source_id, &len);
		struct bulk_key *slot = key_slot(b, k, len);

		if (slot->key == NULL) {
			slot->key = k;
			slot->len = len;
			slot->id = c->id;
			b->nkeys++;
		} else {
			free(k);
		}
	}
	pg->bulk = NULL;
	if (++b->n < BULK_BATCH)
		rc = stream(pg, b, err);
	else
		rc = flush(pg, b, err);
	pg->bulk = b;
	return rc;
}

int
pg_bulk_idea(struct pg *pg, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err)
{
	struct pg_bulk *b = pg->bulk;
	struct buf *o = &b->ideas;
	int rc;

	if ((rc = ready(pg, err)) != 0)
		return rc;
	if (id != NULL)
		*id = b->next_idea;
	put_int(o, b->next_idea++);
	put_sep(o);
	put_int(o, complaint_id);
	put_sep(o);
	put_text(o, text);
	put_sep(o);
	put_int(o, now);
	put_sep(o);
	put_text(o, actor);
	buf_putc(o, '\n');
	return 0;
}
