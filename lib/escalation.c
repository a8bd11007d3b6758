/*
 * Escalation by hand, by rule after a command, and by the sweep; see
 * escalation.h. Rule firings and the sweep's narrow read of the open
 * complaints are the store's (store_rule_fire(), store_open_each()).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escalation.h"
#include "lifecycle.h"
#include "xmalloc.h"

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

/*
 * C to level TO, owing a call-back (it was passed on), as one event;
 * RULE, when a rule did it, goes in the event's detail (chain.h).
 */
static int
raise_level(struct store *db, const struct config *cfg, struct complaint *c,
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
	rc = store_complaint_update_detail(db, &before, c, actor, now,
	    "escalate", note, rule ? buf_str(&detail) : NULL, err);
	buf_release(&detail);
	complaint_release(&before);
	return rc;
}

int
escalation_apply_rules(struct store *db, const struct config *cfg,
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
		if ((rc = store_rule_fire(db, c->id, r->name, now, &fired, err)) != 0)
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
escalation_raise(struct store *db, const struct config *cfg,
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

/* The state of sweep_candidates() between the store's rows. */
struct sweep {
	const struct config *cfg;
	struct rule_facts f;
	int64_t *ids;
	size_t n, cap;
};

static int
sweep_row(const struct open_row *r, void *arg)
{
	struct sweep *sw = arg;
	struct rule_facts *f = &sw->f;
	int64_t now = f->now;

	f->level = r->level;
	f->status = r->status;
	f->severity = r->severity ? strlist_find(&sw->cfg->severities,
	    r->severity) : -1;
	f->category = r->category;
	f->channel = r->channel;
	f->department = r->department;
	f->owner = r->owner;
	f->justified = r->justified;
	f->public = r->public;
	f->complex = r->complex;
	f->contacts = r->contacts;
	f->priority = r->priority;
	f->amount = r->amount;
	f->received_at = r->received_at;
	f->updated_at = r->updated_at;
	f->ack_overdue = r->acknowledged_at == NUM_NONE &&
	    overdue(r->ack_due, now);
	f->resolve_overdue = overdue(r->resolve_due, now);
	if (!any_rule_raises(sw->cfg, f))
		return 0;
	if (sw->n == sw->cap) {
		sw->cap = sw->cap ? sw->cap * 2 : 64;
		sw->ids = xreallocarray(sw->ids, sw->cap, sizeof(*sw->ids));
	}
	sw->ids[sw->n++] = r->id;
	return 0;
}

/*
 * The ids of the open complaints some rule would escalate, in order.
 * Reading first and writing after keeps the scan clear of its own
 * updates.
 */
static int
sweep_candidates(struct store *db, const struct config *cfg, int64_t now,
    int64_t **ids, size_t *n, struct error *err)
{
	struct sweep sw;
	int64_t max_to = 0;
	size_t i;
	int rc;

	*ids = NULL;
	*n = 0;
	for (i = 0; i < cfg->nrules; i++)
		if (cfg->rules[i].to_level > max_to)
			max_to = cfg->rules[i].to_level;
	if (max_to == 0)
		return 0;
	memset(&sw, 0, sizeof(sw));
	sw.cfg = cfg;
	sw.f.now = now;
	sw.f.cal = &cfg->calendar;
	rc = store_open_each(db, max_to, sweep_row, &sw, err);
	*ids = sw.ids;
	*n = sw.n;
	return rc;
}

int
escalation_sweep(struct store *db, const struct config *cfg,
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
		rc = store_complaint_load(db, cfg->reference_prefix, ids[i], &c, err);
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
