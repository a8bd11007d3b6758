/*
 * Escalation by hand, by rule after a command, and by the sweep; see
 * escalation.h. The SQL of the rule_fired table, and the sweep's own
 * narrow read of the open complaints, live here.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escalation.h"
#include "lifecycle.h"
#include "schema.h"
#include "xmalloc.h"

/* The open complaints with the columns the rules need, through the
 * partial index complaint_open (migration 6). */
static const char sweep_sql[] =
    "SELECT id, status, severity, category, channel, department, owner,"
    " justified, level, public, complex, contacts, priority, amount,"
    " received_at, updated_at, acknowledged_at, ack_due, resolve_due"
    " FROM complaint INDEXED BY complaint_open"
    " WHERE " SCHEMA_OPEN " ORDER BY id";
enum {
	SW_ID, SW_STATUS, SW_SEVERITY, SW_CATEGORY, SW_CHANNEL, SW_DEPARTMENT,
	SW_OWNER, SW_JUSTIFIED, SW_LEVEL, SW_PUBLIC, SW_COMPLEX, SW_CONTACTS,
	SW_PRIORITY, SW_AMOUNT, SW_RECEIVED_AT, SW_UPDATED_AT,
	SW_ACKNOWLEDGED_AT, SW_ACK_DUE, SW_RESOLVE_DUE,
};

static const char fired_sql[] =
    "INSERT OR IGNORE INTO rule_fired(complaint_id, rule, at)"
    " VALUES (?, ?, ?)";

static int
overdue(int64_t due, int64_t now)
{
	return due != NUM_NONE && now > due;
}

void
escalation_facts(const struct config *cfg, const struct complaint *c,
    int64_t now, struct rule_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->status = status_name(c->status);
	f->severity = c->severity ? strlist_find(&cfg->severities,
	    c->severity) : -1;
	f->category = c->category;
	f->channel = c->channel;
	f->department = c->department;
	f->owner = c->owner;
	f->justified = c->justified;
	f->level = c->level;
	f->public = c->public == NUM_NONE ? 0 : c->public;
	f->complex = c->complex == NUM_NONE ? 0 : c->complex;
	f->ack_overdue = c->acknowledged_at == NUM_NONE &&
	    overdue(c->ack_due, now);
	f->resolve_overdue = status_is_open(c->status) &&
	    overdue(c->resolve_due, now);
	f->contacts = c->contacts;
	f->priority = c->priority;
	f->amount = c->amount;
	f->received_at = c->received_at;
	f->updated_at = c->updated_at;
	f->now = now;
	f->cal = &cfg->calendar;
}

/* Record that RULE fired for ID; *FIRED is 0 if it had fired before. */
static int
mark_fired(struct db *db, int64_t id, const char *rule, int64_t now,
    int *fired, struct error *err)
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
	*fired = sqlite3_changes(db->h) > 0;
	return 0;
}

int
rule_fired_each(struct db *db, rule_fired_fn fn, void *arg,
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

/*
 * C to level TO, owing a call-back (it was passed on), as one event;
 * RULE, when a rule did it, goes in the event's detail (audit.h).
 */
static int
raise_level(struct db *db, const struct config *cfg, struct complaint *c,
    int to, const char *actor, int64_t now, const char *note,
    const char *rule, struct error *err)
{
	struct complaint before;
	struct buf detail = BUF_INIT;
	int rc;

	complaint_copy(&before, c);
	c->level = to;
	lifecycle_owe_callback(cfg, c, now);
	if (rule)
		buf_printf(&detail, "rule %s", rule);
	rc = complaint_update_detail(db, &before, c, actor, now, "escalate",
	    note, rule ? buf_str(&detail) : NULL, err);
	buf_release(&detail);
	complaint_release(&before);
	return rc;
}

int
escalation_apply_rules(struct db *db, const struct config *cfg,
    struct complaint *c, const char *actor, int64_t now, escalation_fn fn,
    void *arg, struct error *err)
{
	struct rule_facts facts;
	struct escalation e;
	struct buf note = BUF_INIT;
	size_t i;
	int rc = 0, fired = 0;

	if (!status_is_open(c->status))
		return 0;
	/* The facts point into C, whose text does not change below. */
	escalation_facts(cfg, c, now, &facts);
	for (i = 0; i < cfg->nrules; i++) {
		const struct rule *r = &cfg->rules[i];

		/* A rule never lowers a level, nor sets it again. */
		if (r->to_level <= c->level || !rule_matches(r, &facts))
			continue;
		if ((rc = mark_fired(db, c->id, r->name, now, &fired, err)) != 0)
			break;
		if (!fired)
			continue;
		e.id = c->id;
		e.rule = r->name;
		e.from = (int)c->level;
		e.to = r->to_level;
		buf_reset(&note);
		buf_printf(&note, "rule %s", r->name);
		if ((rc = raise_level(db, cfg, c, r->to_level, actor, now,
		    buf_str(&note), r->name, err)) != 0)
			break;
		if (fn != NULL && (rc = fn(&e, arg)) != 0)
			break;
	}
	buf_release(&note);
	return rc;
}

int
escalation_raise(struct db *db, const struct config *cfg,
    struct complaint *c, int to, const char *actor, int64_t now,
    const char *reason, struct error *err)
{
	char ref[REF_MAX];
	const char *at;

	ref_format(cfg->reference_prefix, c->id, ref, sizeof(ref));
	if (!status_is_open(c->status))
		return error_set(err, EX_DATAERR, "%s is %s; reopen it first",
		    ref, status_name(c->status));
	if (to <= c->level) {
		at = config_level_name(cfg, (int)c->level);
		return error_set(err, EX_DATAERR, "%s is already at %s; "
		    "escalate to a higher level", ref, at ? at : "?");
	}
	return raise_level(db, cfg, c, to, actor, now, reason, NULL, err);
}

/* Whether some rule would raise the complaint of FACTS. */
static int
any_rule_raises(const struct config *cfg, const struct rule_facts *facts)
{
	size_t i;

	for (i = 0; i < cfg->nrules; i++) {
		if (cfg->rules[i].to_level > facts->level &&
		    rule_matches(&cfg->rules[i], facts))
			return 1;
	}
	return 0;
}

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

/*
 * The ids of the open complaints some rule would escalate, in order.
 * Reading first and writing after keeps the scan clear of its own
 * updates.
 */
static int
sweep_candidates(struct db *db, const struct config *cfg, int64_t now,
    int64_t **ids, size_t *n, struct error *err)
{
	struct rule_facts f;
	sqlite3_stmt *st;
	size_t cap = 0, i;
	int64_t max_to = 0;
	int rc, owned;

	*ids = NULL;
	*n = 0;
	for (i = 0; i < cfg->nrules; i++)
		if (cfg->rules[i].to_level > max_to)
			max_to = cfg->rules[i].to_level;
	if (max_to == 0)
		return 0;
	if ((rc = db_prepare_cached(db, sweep_sql, &st, &owned, err)) != 0)
		return rc;
	memset(&f, 0, sizeof(f));
	f.now = now;
	f.cal = &cfg->calendar;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sev = column_text(st, SW_SEVERITY);

		f.level = sqlite3_column_int64(st, SW_LEVEL);
		if (f.level >= max_to)
			continue;
		f.status = column_text(st, SW_STATUS);
		f.severity = sev ? strlist_find(&cfg->severities, sev) : -1;
		f.category = column_text(st, SW_CATEGORY);
		f.channel = column_text(st, SW_CHANNEL);
		f.department = column_text(st, SW_DEPARTMENT);
		f.owner = column_text(st, SW_OWNER);
		f.justified = column_text(st, SW_JUSTIFIED);
		f.public = sqlite3_column_int64(st, SW_PUBLIC);
		f.complex = sqlite3_column_int64(st, SW_COMPLEX);
		f.contacts = sqlite3_column_int64(st, SW_CONTACTS);
		f.priority = column_num(st, SW_PRIORITY);
		f.amount = column_num(st, SW_AMOUNT);
		f.received_at = sqlite3_column_int64(st, SW_RECEIVED_AT);
		f.updated_at = sqlite3_column_int64(st, SW_UPDATED_AT);
		f.ack_overdue = column_num(st, SW_ACKNOWLEDGED_AT) == NUM_NONE &&
		    overdue(column_num(st, SW_ACK_DUE), now);
		f.resolve_overdue = overdue(column_num(st, SW_RESOLVE_DUE), now);
		if (!any_rule_raises(cfg, &f))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ids = xreallocarray(*ids, cap, sizeof(**ids));
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, SW_ID);
	}
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading open complaints", err);
	return 0;
}

int
escalation_sweep(struct db *db, const struct config *cfg,
    const char *actor, int64_t now, escalation_fn fn, void *arg,
    struct error *err)
{
	struct complaint c;
	int64_t *ids;
	size_t i, n;
	int rc;

	if ((rc = sweep_candidates(db, cfg, now, &ids, &n, err)) != 0)
		goto done;
	for (i = 0; i < n; i++) {
		rc = complaint_load(db, cfg->reference_prefix, ids[i], &c, err);
		if (rc == 0)
			rc = escalation_apply_rules(db, cfg, &c, actor, now, fn,
			    arg, err);
		complaint_release(&c);
		if (rc != 0)
			break;
	}
done:
	free(ids);
	return rc;
}
