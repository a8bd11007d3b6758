/* Customer-facing messages from templates; see message.h. */
#include <string.h>

#include "message.h"
#include "template.h"
#include "timeutil.h"

struct vars {
	const struct config *cfg;
	const struct complaint *c;
	const char *agent;
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
	return NULL;
}

void
message_render(const char *tpl, const struct config *cfg,
    const struct complaint *c, const char *agent, struct buf *out)
{
	struct vars v;

	v.cfg = cfg;
	v.c = c;
	v.agent = agent;
	template_render(tpl, lookup, &v, out);
}
