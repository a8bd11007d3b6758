/* Customer-facing messages from templates; see message.h. */
#include <stdio.h>
#include <string.h>

#include "message.h"
#include "template.h"
#include "timeutil.h"

struct vars {
	const struct config *cfg;
	const struct complaint *c;
	const char *agent;
	int64_t now;
	char tmp[64];
};

static const char *
text_or_empty(const char *s)
{
	return s ? s : "";
}

static const char *
date(struct vars *v, int64_t t)
{
	time_format_local_date(t, v->tmp, sizeof(v->tmp));
	return v->tmp;
}

/* A deadline of C's regime from its receipt, as a local date. */
static const char *
due(struct vars *v, enum deadline_kind k)
{
	const struct complaint *c = v->c;

	if (c->received_at == NUM_NONE)
		return "";
	return date(v, time_add(&v->cfg->calendar, c->received_at,
	    config_deadline(v->cfg, c->regime, k)));
}

/* The placeholders beyond the first ones: every other field. */
static const char *
lookup_more(struct vars *v, const char *name)
{
	static const char *const texts[] = {
		"channel", "contact", "customer_id", "department", "category",
		"severity", "justified", "details", "root_cause", "regime",
		NULL
	};
	const struct complaint *c = v->c;
	const struct field *f;
	size_t i;

	for (i = 0; texts[i] != NULL; i++) {
		if (strcmp(name, texts[i]) == 0) {
			f = complaint_field(name);
			return text_or_empty(*field_text_const(c, f));
		}
	}
	if (strcmp(name, "status") == 0)
		return status_name(c->status);
	if (strcmp(name, "level") == 0)
		return text_or_empty(config_level_name(v->cfg,
		    (int)c->level));
	if (strcmp(name, "priority") == 0 || strcmp(name, "contacts") == 0) {
		int64_t n = name[0] == 'p' ? c->priority : c->contacts;

		if (n == NUM_NONE)
			return "";
		snprintf(v->tmp, sizeof(v->tmp), "%lld", (long long)n);
		return v->tmp;
	}
	if (strcmp(name, "ack_due") == 0)
		return date(v, c->ack_due);
	if (strcmp(name, "acknowledged") == 0)
		return date(v, c->acknowledged_at);
	if (strcmp(name, "resolved") == 0)
		return date(v, c->resolved_at);
	if (strcmp(name, "closed") == 0)
		return date(v, c->closed_at);
	if (strcmp(name, "summary_due") == 0)
		return due(v, DL_SUMMARY);
	if (strcmp(name, "holding_due") == 0)
		return due(v, DL_HOLDING);
	if (strcmp(name, "today") == 0)
		return date(v, v->now);
	return NULL;
}

static const char *
lookup(const char *name, void *arg)
{
	struct vars *v = arg;
	const struct complaint *c = v->c;

	if (strcmp(name, "ref") == 0) {
		ref_format(v->cfg->reference_prefix, c->id, v->tmp,
		    sizeof(v->tmp));
		return v->tmp;
	}
	if (strcmp(name, "customer") == 0)
		return text_or_empty(c->customer);
	if (strcmp(name, "owner") == 0)
		return text_or_empty(c->owner);
	if (strcmp(name, "agent") == 0)
		return text_or_empty(v->agent);
	if (strcmp(name, "organisation") == 0)
		return text_or_empty(v->cfg->organisation);
	if (strcmp(name, "received") == 0)
		return date(v, c->received_at);
	if (strcmp(name, "resolve_due") == 0)
		return date(v, c->resolve_due);
	if (strcmp(name, "eta") == 0)
		return date(v, c->eta != NUM_NONE ? c->eta : c->resolve_due);
	if (strcmp(name, "summary") == 0)
		return text_or_empty(c->summary);
	if (strcmp(name, "resolution") == 0)
		return text_or_empty(c->resolution);
	if (strcmp(name, "remedy") == 0)
		return text_or_empty(c->remedy);
	if (strcmp(name, "amount") == 0) {
		amount_format(c->amount, v->tmp, sizeof(v->tmp));
		return v->tmp;
	}
	if (strcmp(name, "currency") == 0)
		return text_or_empty(v->cfg->currency);
	return lookup_more(v, name);
}

void
message_render(const char *tpl, const struct config *cfg,
    const struct complaint *c, const char *agent, struct buf *out)
{
	struct vars v;

	v.cfg = cfg;
	v.c = c;
	v.agent = agent;
	v.now = c->updated_at != NUM_NONE ? c->updated_at : c->received_at;
	template_render(tpl, lookup, &v, out);
}
