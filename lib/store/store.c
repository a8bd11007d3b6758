/*
 * The storage interface of store.h: the engine chosen by the --db
 * string, and each operation dispatched through the driver table
 * (driver.h). Nothing here knows SQL but how an identifier is quoted
 * for a copy between engines.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/created.h"
#include "store/erase.h"
#include "store/driver.h"

/*
 * Every table of the schema that holds data of its own (schema 12),
 * parents before children: a complaint before what names it (merged_into
 * and repeat_of may name a later complaint: loads defer that check), a
 * blob before the attachment naming it. A migration adding a table adds
 * it here, or the dump refuses the database (sqlite_copy.c).
 */
const struct store_copy_table store_copy_tables[] = {
	{ "complaint", "id" },
	{ "attachment_blob", "id" },
	{ "attachment", "id" },
	{ "import_file", "id" },
	{ "event", "id" },
	{ "idea", "id" },
	{ "rule_fired", "complaint_id, rule" },
	{ "idempotency", "key" },
	{ "message_id", "message_id" },
};
const size_t store_copy_ntables =
    sizeof(store_copy_tables) / sizeof(store_copy_tables[0]);

int
store_copy_known(const char *name)
{
	size_t i;

	for (i = 0; i < store_copy_ntables; i++)
		if (strcmp(store_copy_tables[i].name, name) == 0)
			return 1;
	return 0;
}

void
store_copy_put_ident(struct buf *b, const char *name)
{
	const char *p;

	buf_putc(b, '"');
	for (p = name; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

enum store_engine
store_engine_of(const char *where)
{
	const char *eq;

	if (strncmp(where, "postgresql://", 13) == 0 ||
	    strncmp(where, "postgres://", 11) == 0)
		return STORE_PG;
	/* libpq's "key=value ..." conninfo ("service=complaints",
	 * "host=db dbname=complaints"): a word of letters and '_' before
	 * an '=', where a file path would have a '/' or '.' first. */
	if ((eq = strchr(where, '=')) != NULL && eq > where &&
	    strspn(where, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(eq - where))
		return STORE_PG;
	return STORE_SQLITE;
}

/* An operation a driver lacks yet: a clear refusal, not a crash. */
static int
unsupported(struct store *s, const char *what, struct error *err)
{
	return error_set(err, EX_CONFIG, "%s is not yet supported on %s",
	    what, s->drv->name);
}

static const struct store_driver *
driver_for(enum store_engine e)
{
	switch (e) {
	case STORE_SQLITE:
		return &store_sqlite_driver;
	case STORE_PG:
#ifdef HAVE_PG
		return &store_pg_driver;
#else
		return NULL;
#endif
	}
	return NULL;
}

int
store_open(struct store **s, const char *where,
    const struct store_options *o, struct error *err)
{
	const struct store_driver *drv = driver_for(store_engine_of(where));

	*s = NULL;
	if (drv == NULL)
		return error_set(err, EX_CONFIG, "cannot open '%s': this "
		    "complaint was built without PostgreSQL (libpq-dev); give "
		    "a SQLite file path", where);
	return drv->open(s, where, o, err);
}

void
store_close(struct store *s)
{
	if (s != NULL) {
		buf_release(&s->created_changes);
		s->drv->close(s);
	}
}

unsigned
store_caps(const struct store *s)
{
	return s->drv->caps;
}

const char *
store_engine_name(const struct store *s)
{
	return s->drv->name;
}

const char *
store_where(const struct store *s)
{
	return s->where;
}

int
store_begin(struct store *s, int write, struct error *err)
{
	return s->drv->begin(s, write, err);
}

int
store_commit(struct store *s, struct error *err)
{
	return s->drv->commit(s, err);
}

void
store_rollback(struct store *s)
{
	if (s != NULL)
		s->drv->rollback(s);
}

int
store_schema_version(struct store *s)
{
	return s->drv->schema_version(s);
}

int
store_schema_latest(const struct store *s)
{
	return s->drv->schema_latest();
}

int
store_complaint_insert(struct store *s, struct complaint *c,
    const char *actor, int64_t now, const char *action, const char *note,
    struct error *err)
{
	if (s->drv->complaint_insert == NULL)
		return unsupported(s, "saving a complaint", err);
	return s->drv->complaint_insert(s, c, actor, now, action, note, err);
}

int
store_complaint_import(struct store *s, struct complaint *c,
    const char *actor, int64_t now, const struct import_origin *from,
    struct error *err)
{
	if (s->drv->complaint_import == NULL)
		return unsupported(s, "importing a complaint", err);
	return s->drv->complaint_import(s, c, actor, now, from, err);
}

size_t
import_note(struct buf *b, const struct import_origin *from)
{
	buf_reset(b);
	buf_printf(b, IMPORT_NOTE_PREFIX "%s " IMPORT_NOTE_LINE "%ld",
	    from->file, from->line);
	if (from->note != NULL) {
		buf_putc(b, '\n');
		buf_puts(b, from->note);
	}
	return strlen(IMPORT_NOTE_PREFIX) + strlen(from->file) + 1 +
	    strlen(IMPORT_NOTE_LINE);
}

int
store_complaint_load(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	if (s->drv->complaint_load == NULL)
		return unsupported(s, "reading a complaint", err);
	return s->drv->complaint_load(s, prefix, id, c, err);
}

int
store_complaint_update(struct store *s, const struct complaint *before,
    struct complaint *after, const char *actor, int64_t now,
    const char *action, const char *note, struct error *err)
{
	if (s->drv->complaint_update == NULL)
		return unsupported(s, "saving a complaint", err);
	return s->drv->complaint_update(s, before, after, actor, now, action,
	    note, err);
}

int
store_complaint_update_detail(struct store *s,
    const struct complaint *before, struct complaint *after,
    const char *actor, int64_t now, const char *action, const char *note,
    const char *detail, struct error *err)
{
	if (s->drv->complaint_save == NULL)
		return unsupported(s, "saving a complaint", err);
	return s->drv->complaint_save(s, before, before, after, actor, now,
	    action, note, detail, err);
}

int
store_complaint_rebuild(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	if (s->drv->complaint_rebuild == NULL)
		return unsupported(s, "rebuild", err);
	return s->drv->complaint_rebuild(s, prefix, id, c, err);
}

/* The fallback of store_complaint_rebuild_each(): one rebuild a
 * complaint, which an embedded engine answers from its own pages. */
struct rebuild_one {
	struct store *s;
	const char *prefix;
	rebuild_want_fn want;
	rebuild_fn fn;
	void *arg;
	struct error *err;
};

static int
rebuild_one(const struct complaint *c, void *arg)
{
	struct rebuild_one *r = arg;
	struct complaint h;
	int rc;

	if (r->want != NULL && !r->want(c->id, r->arg))
		return 0;
	rc = store_complaint_rebuild(r->s, r->prefix, c->id, &h, r->err);
	if (rc == 0)
		rc = r->fn(c, &h, r->arg);
	else if (rc == EX_NOINPUT)
		rc = r->fn(c, NULL, r->arg);
	complaint_release(&h);
	return rc;
}

int
store_complaint_rebuild_each(struct store *s, const char *prefix,
    rebuild_want_fn want, rebuild_fn fn, void *arg, struct error *err)
{
	struct rebuild_one r = { s, prefix, want, fn, arg, err };
	struct complaint_filter f;

	if (s->drv->complaint_rebuild_each != NULL)
		return s->drv->complaint_rebuild_each(s, prefix, want, fn, arg,
		    err);
	complaint_filter_init(&f);
	f.by_id = 1;
	return store_complaint_each(s, &f, rebuild_one, &r, err);
}

int
store_complaint_erase(struct store *s, const char *prefix, int64_t id,
    const char *actor, int64_t now, const char *reason, int *nfields,
    struct error *err)
{
	if (s->drv->erase_personal == NULL || s->drv->complaint_save == NULL)
		return unsupported(s, "erase", err);
	return store_erase(s, prefix, id, actor, now, reason, nfields, err);
}

int
store_find_source(struct store *s, const char *source,
    const char *source_id, int64_t *id, struct error *err)
{
	if (s->drv->find_source == NULL)
		return unsupported(s, "import", err);
	return s->drv->find_source(s, source, source_id, id, err);
}

int
store_find_open_for(struct store *s, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err)
{
	if (s->drv->find_open_for == NULL)
		return unsupported(s, "finding open complaints", err);
	return s->drv->find_open_for(s, customer_id, contact, customer, out,
	    max, n, err);
}

void
complaint_brief_release(struct complaint_brief *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(b[i].owner);
		b[i].owner = NULL;
	}
}

/* The caller's FN behind store_event_created(). */
struct created_pass {
	struct store *s;
	event_fn fn;
	void *arg;
	struct buf changes;
	struct error *err;
};

static int
pass_created(const struct event *ev, void *arg)
{
	struct created_pass *p = arg;
	const struct event *out;
	struct event copy;
	int rc;

	if ((rc = store_event_created(p->s, NULL, ev, &copy, &p->changes,
	    &out, p->err)) != 0)
		return rc;
	return p->fn(out, p->arg);
}

int
store_event_each(struct store *s, int64_t id, event_fn fn, void *arg,
    struct error *err)
{
	struct created_pass p = { s, fn, arg, BUF_INIT, err };
	int rc;

	if (s->drv->event_each == NULL)
		return unsupported(s, "history", err);
	rc = s->drv->event_each(s, id, pass_created, &p, err);
	buf_release(&p.changes);
	return rc;
}

int
store_event_walk(struct store *s, event_fn fn, void *arg,
    struct error *err)
{
	if (s->drv->event_walk == NULL)
		return unsupported(s, "history", err);
	return s->drv->event_walk(s, 0, fn, arg, err);
}

int
store_changes_each(struct store *s, const char *changes, change_fn fn,
    void *arg, struct error *err)
{
	if (s->drv->changes_each == NULL)
		return unsupported(s, "history", err);
	return s->drv->changes_each(s, changes, fn, arg, err);
}

void
complaint_filter_init(struct complaint_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->level = NUM_NONE;
	f->since = NUM_NONE;
	f->until = NUM_NONE;
	f->overdue_at = NUM_NONE;
}

int
complaint_filter_narrows(const struct complaint_filter *f)
{
	return (f->statuses != 0 && !(f->statuses & (1u << ST_CLOSED))) ||
	    f->owner != NULL || f->category != NULL ||
	    f->channel != NULL || f->severity != NULL ||
	    f->department != NULL || f->customer != NULL ||
	    f->level != NUM_NONE || f->since != NUM_NONE ||
	    f->until != NUM_NONE || f->overdue_at != NUM_NONE ||
	    f->voided == VOIDED_ONLY;
}

int
store_complaint_each(struct store *s, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err)
{
	if (s->drv->complaint_each == NULL)
		return unsupported(s, "listing complaints", err);
	return s->drv->complaint_each(s, f, fn, arg, err);
}

int
store_walk(struct store *s, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err)
{
	if (s->drv->walk == NULL)
		return unsupported(s, "export", err);
	return s->drv->walk(s, f, fn, arg, err);
}

int
store_walk_event(struct complaint_walk *w, const struct event **ev,
    struct error *err)
{
	int rc;

	if ((rc = w->s->drv->walk_event(w, ev, err)) != 0 || *ev == NULL)
		return rc;
	return store_event_created(w->s, NULL, *ev, &w->s->created,
	    &w->s->created_changes, ev, err);
}

int
store_open_id_each(struct store *s, complaint_id_fn fn, void *arg,
    struct error *err)
{
	if (s->drv->open_id_each == NULL)
		return unsupported(s, "completion", err);
	return s->drv->open_id_each(s, fn, arg, err);
}

int
store_merged_each(struct store *s, int64_t target, complaint_id_fn fn,
    void *arg, struct error *err)
{
	if (s->drv->merged_each == NULL)
		return error_set(err, EX_CONFIG, "merge is not yet supported "
		    "on %s", s->drv->name);
	return s->drv->merged_each(s, target, fn, arg, err);
}

int
store_id_each_in(struct store *s, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err)
{
	if (s->drv->id_each_in == NULL)
		return unsupported(s, "completion", err);
	return s->drv->id_each_in(s, set, limit, fn, arg, err);
}

int
store_name_each(struct store *s, complaint_name_fn fn, void *arg,
    struct error *err)
{
	if (s->drv->name_each == NULL)
		return unsupported(s, "completion", err);
	return s->drv->name_each(s, fn, arg, err);
}

int
store_open_each(struct store *s, int64_t below, open_row_fn fn, void *arg,
    struct error *err)
{
	if (s->drv->open_each == NULL)
		return unsupported(s, "escalation", err);
	return s->drv->open_each(s, below, fn, arg, err);
}

int
store_rule_fire(struct store *s, int64_t id, const char *rule, int64_t now,
    int *first, struct error *err)
{
	if (s->drv->rule_fire == NULL)
		return unsupported(s, "escalation rules", err);
	return s->drv->rule_fire(s, id, rule, now, first, err);
}

int
store_overdue_each(struct store *s, int64_t now, int first_only,
    overdue_fn fn, void *arg, int64_t *n, struct error *err)
{
	if (s->drv->overdue_each == NULL)
		return unsupported(s, "overdue scans", err);
	return s->drv->overdue_each(s, now, first_only, fn, arg, n, err);
}

int
store_owed_each(struct store *s, int64_t until, const char *owner,
    owed_fn fn, void *arg, struct error *err)
{
	if (s->drv->owed_each == NULL)
		return unsupported(s, "followup", err);
	return s->drv->owed_each(s, until, owner, fn, arg, err);
}

int
store_report_scan(struct store *s, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err)
{
	if (s->drv->report_scan == NULL)
		return unsupported(s, "report", err);
	return s->drv->report_scan(s, q, fn, arg, err);
}

int
store_can_replay(const struct store *s)
{
	return s->drv->history_each != NULL;
}

/* The caller's FN, with each EVENT_CREATED event's values given back. */
struct history_pass {
	struct store *s;
	history_fn fn;
	void *arg;
	struct error *err;
};

static int
pass_history(const struct history_event *ev, void *arg)
{
	struct history_pass *p = arg;
	struct history_event copy;
	struct complaint c;
	int rc;

	if (ev->form != EVENT_CREATED || ev->changes != NULL ||
	    ev->created != NULL)
		return p->fn(ev, p->arg);
	if ((rc = store_complaint_created(p->s, NULL, ev->complaint_id, &c,
	    NULL, p->err)) != 0)
		return rc;
	copy = *ev;
	copy.created = &c;
	rc = p->fn(&copy, p->arg);
	complaint_release(&c);
	return rc;
}

int
store_history_each(struct store *s, int64_t as_of, uint64_t fields,
    history_fn fn, void *arg, struct error *err)
{
	struct history_pass p = { s, fn, arg, err };

	if (s->drv->history_each == NULL)
		return error_set(err, EX_CONFIG, "replaying the history "
		    "(report --as-of, the returns) is not yet supported on %s",
		    s->drv->name);
	return s->drv->history_each(s, as_of, fields, pass_history, &p, err);
}

int
store_category_counts(struct store *s, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err)
{
	if (s->drv->category_counts == NULL)
		return unsupported(s, "review", err);
	return s->drv->category_counts(s, from, split, until, fn, arg, err);
}

int
store_idea_add(struct store *s, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err)
{
	if (s->drv->idea_add == NULL)
		return unsupported(s, "ideas", err);
	return s->drv->idea_add(s, complaint_id, text, actor, now, id, err);
}

int
store_idea_set_status(struct store *s, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err)
{
	if (s->drv->idea_set_status == NULL)
		return unsupported(s, "ideas", err);
	return s->drv->idea_set_status(s, id, status, now, complaint_id, old,
	    err);
}

int
store_idea_each(struct store *s, int64_t since, idea_fn fn, void *arg,
    struct error *err)
{
	if (s->drv->idea_each == NULL)
		return unsupported(s, "ideas", err);
	return s->drv->idea_each(s, since, fn, arg, err);
}

int
store_pending_review_each(struct store *s, pending_fn fn, void *arg,
    struct error *err)
{
	if (s->drv->pending_review_each == NULL)
		return unsupported(s, "review", err);
	return s->drv->pending_review_each(s, fn, arg, err);
}

int
store_bulk_begin(struct store *s, struct error *err)
{
	if (s->drv->bulk_begin == NULL)
		return 0;
	return s->drv->bulk_begin(s, err);
}

int
store_bulk_end(struct store *s, struct error *err)
{
	if (s->drv->bulk_end == NULL)
		return 0;
	return s->drv->bulk_end(s, err);
}

struct copy {
	struct store *to;
	int64_t complaints, events;
};

static int
copy_row(const struct store_row *r, void *arg, struct error *err)
{
	struct copy *c = arg;

	if (strcmp(r->table, "complaint") == 0)
		c->complaints++;
	else if (strcmp(r->table, "event") == 0)
		c->events++;
	return c->to->drv->load_row(c->to, r, err);
}

int
store_copy(struct store *from, struct store *to, int64_t *complaints,
    int64_t *events, struct error *err)
{
	struct copy c;
	int rc, vf, vt;

	if (from->drv->dump_each == NULL || to->drv->load_row == NULL)
		return error_set(err, EX_UNAVAILABLE, "cannot copy a %s "
		    "database into a %s one", from->drv->name, to->drv->name);
	vf = from->drv->schema_version(from);
	vt = to->drv->schema_version(to);
	if (vf != vt)
		return error_set(err, EX_SOFTWARE, "the %s database has "
		    "schema version %d, the %s one %d: both must be at the "
		    "same version to copy", from->drv->name, vf,
		    to->drv->name, vt);
	memset(&c, 0, sizeof(c));
	c.to = to;
	if ((rc = to->drv->load_begin(to, err)) != 0 ||
	    (rc = from->drv->dump_each(from, copy_row, &c, err)) != 0 ||
	    (rc = to->drv->load_end(to, err)) != 0)
		return rc;
	if (complaints)
		*complaints = c.complaints;
	if (events)
		*events = c.events;
	return 0;
}

/* A server's database as a new SQLite file: built aside (it appears at
 * PATH whole, at the commit) and filled by a copy in one transaction. */
static int
backup_to_sqlite(struct store *s, const char *path, struct error *err)
{
	struct store_options o;
	struct store *dst;
	struct stat st;
	int rc;

	if (lstat(path, &st) == 0)
		return error_set(err, EX_CANTCREAT, "'%s' exists; a backup "
		    "never overwrites a file: choose a new name", path);
	memset(&o, 0, sizeof(o));
	o.busy_ms = 0;
	o.flags = STORE_OPEN_DEFER;
	if ((rc = store_sqlite_driver.open(&dst, path, &o, err)) != 0)
		return rc;
	if ((rc = dst->drv->begin(dst, 1, err)) == 0 &&
	    (rc = store_copy(s, dst, NULL, NULL, err)) == 0)
		rc = dst->drv->commit(dst, err);
	store_close(dst);
	return rc;
}

int
store_backup(struct store *s, const char *path, struct error *err)
{
	if (s->drv->backup != NULL)
		return s->drv->backup(s, path, err);
	if (s->drv->dump_each != NULL)
		return backup_to_sqlite(s, path, err);
	return error_set(err, EX_UNAVAILABLE, "the %s store cannot "
	    "write a backup file; use the engine's own tools",
	    s->drv->name);
}

int
store_integrity_check(struct store *s, struct buf *problem,
    struct error *err)
{
	buf_reset(problem);
	if (s->drv->integrity_check == NULL)
		return 0;
	return s->drv->integrity_check(s, problem, err);
}

int
store_integrity_start(struct store *s, struct store_job **job,
    struct error *err)
{
	*job = NULL;
	if (s->drv->integrity_start == NULL)
		return 0;
	return s->drv->integrity_start(s, job, err);
}

int
store_integrity_finish(struct store *s, struct store_job *job,
    struct buf *problem, struct error *err)
{
	if (job == NULL || s->drv->integrity_finish == NULL)
		return store_integrity_check(s, problem, err);
	return s->drv->integrity_finish(s, job, problem, err);
}

int
store_guard_check(struct store *s, struct buf *problem, struct error *err)
{
	if (s->drv->guard_check == NULL)
		return unsupported(s, "verify", err);
	return s->drv->guard_check(s, problem, err);
}

int
store_history_tail_check(struct store *s, int64_t *id, struct error *err)
{
	if (s->drv->history_tail_check == NULL)
		return unsupported(s, "verify", err);
	return s->drv->history_tail_check(s, id, err);
}

int
store_rule_fired_each(struct store *s, rule_fired_fn fn, void *arg,
    struct error *err)
{
	if (s->drv->rule_fired_each == NULL)
		return unsupported(s, "verify", err);
	return s->drv->rule_fired_each(s, fn, arg, err);
}

int
store_idea_erase(struct store *s, int64_t complaint_id, const char *text,
    int *n, struct error *err)
{
	if (s->drv->idea_erase == NULL)
		return unsupported(s, "erase", err);
	return s->drv->idea_erase(s, complaint_id, text, n, err);
}

const char *
store_account(const struct store *s)
{
	return s->drv->account(s);
}

int
store_purge_log(struct store *s, int *pinned, struct error *err)
{
	*pinned = 0;
	if (s->drv->purge_log == NULL)
		return 0;
	return s->drv->purge_log(s, pinned, err);
}

int
store_attachment_add(struct store *s, int64_t complaint_id,
    const char *name, const char *type, int64_t size, attach_read_fn rd,
    void *rd_arg, const char *actor, int64_t now, int64_t *id,
    char sha256[65], struct error *err)
{
	if (s->drv->attachment_add == NULL)
		return unsupported(s, "attach", err);
	return s->drv->attachment_add(s, complaint_id, name, type, size, rd,
	    rd_arg, actor, now, id, sha256, err);
}

int
store_attachment_each(struct store *s, int64_t complaint_id,
    attachment_fn fn, void *arg, struct error *err)
{
	/* An engine without attachments has none to list (show, export). */
	if (s->drv->attachment_each == NULL)
		return 0;
	return s->drv->attachment_each(s, complaint_id, fn, arg, err);
}

int
store_attachment_get(struct store *s, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err)
{
	if (s->drv->attachment_get == NULL)
		return unsupported(s, "attach --get", err);
	return s->drv->attachment_get(s, complaint_id, id, wr, wr_arg, err);
}

int
store_search(struct store *s, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err)
{
	if (s->drv->search == NULL)
		return unsupported(s, "search", err);
	return s->drv->search(s, q, f, fn, arg, err);
}

void
idem_record_release(struct idem_record *r)
{
	free(r->command);
	free(r->out);
	r->command = r->out = NULL;
	r->out_len = 0;
}

static int
idem_unsupported(struct store *s, struct error *err)
{
	return error_set(err, EX_CONFIG, "--idempotency-key is not yet "
	    "supported on %s", s->drv->name);
}

int
store_idem_get(struct store *s, const char *key, struct idem_record *r,
    int *found, struct error *err)
{
	if (s->drv->idem_get == NULL)
		return idem_unsupported(s, err);
	return s->drv->idem_get(s, key, r, found, err);
}

int
store_idem_put(struct store *s, const char *key,
    const struct idem_record *r, struct error *err)
{
	if (s->drv->idem_put == NULL)
		return idem_unsupported(s, err);
	return s->drv->idem_put(s, key, r, err);
}

int
store_idem_purge(struct store *s, int64_t before, struct error *err)
{
	/* Every write purges: a driver without the keys has none to purge,
	 * and its writes without a key must go on working. */
	if (s->drv->idem_purge == NULL)
		return 0;
	return s->drv->idem_purge(s, before, err);
}

int
store_message_id_add(struct store *s, const char *message_id,
    int64_t complaint_id, int out, int64_t now, int *added,
    struct error *err)
{
	if (s->drv->message_id_add == NULL)
		return unsupported(s, out ? "--send" : "mail", err);
	return s->drv->message_id_add(s, message_id, complaint_id, out, now,
	    added, err);
}

int
store_message_id_find(struct store *s, const char *message_id,
    int64_t *complaint_id, int *out, int *found, struct error *err)
{
	if (s->drv->message_id_find == NULL)
		return unsupported(s, "mail", err);
	return s->drv->message_id_find(s, message_id, complaint_id, out,
	    found, err);
}

int
store_message_id_latest(struct store *s, int64_t complaint_id,
    char **message_id, struct error *err)
{
	*message_id = NULL;
	if (s->drv->message_id_latest == NULL)
		return 0;
	return s->drv->message_id_latest(s, complaint_id, message_id, err);
}
