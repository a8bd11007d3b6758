/*
 * The configuration as data: the built-in defaults, string lists, level
 * names, and the helpers the reader (config_read.c) and the rule
 * language (config_rules.c) share (config_impl.h). Reading YAML is
 * config_read.c's, writing it config_write.c's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config.h"
#include "config_impl.h"
#include "template.h"
#include "xmalloc.h"

/* The built-in defaults; config.example.yaml must say the same. */

static const char *const default_channels[] = {
	"phone", "chat", "email", "letter", "in-person", "social", "web", NULL
};
static const char *const default_categories[] = {
	"service issue", "product defect", "billing", "delivery",
	"staff conduct", NULL
};
static const char *const default_severities[] = {
	"low", "medium", "high", "critical", NULL
};
static const char *const default_remedies[] = {
	"refund", "replacement", "discount", "apology", "explanation", "none",
	NULL
};
static const char *const default_levels[] = {
	"complaint-manager", "senior-management", "independent-review", NULL
};

/* The one default rule, resolved by name against the lists in force. */
const struct config_default_rule config_default_rule = {
	"critical", "critical", "senior-management"
};

static const char default_acknowledgement[] =
    "Dear {customer},\n"
    "\n"
    "Thank you for contacting {organisation}. We are sorry that you have\n"
    "had cause to complain. We have recorded your complaint under the\n"
    "reference {ref}; please quote it whenever you contact us about this\n"
    "matter.\n"
    "\n"
    "{owner} is responsible for your complaint and will keep you informed\n"
    "of our progress. We expect to have resolved it by {eta}. If\n"
    "we need longer, we will write to explain why and tell you when you\n"
    "can expect our final response.\n"
    "\n"
    "If you have anything to add in the meantime, please reply to this\n"
    "message.\n"
    "\n"
    "Yours sincerely,\n"
    "\n"
    "{owner}\n"
    "{organisation}\n";

static const char default_followup_script[] =
    "Hello, my name is {agent} calling from {organisation} about your "
    "complaint {ref}.\n"
    "May I speak to {customer}? Is now a convenient time to talk for a few\n"
    "minutes?\n"
    "\n"
    "We recently wrote to you with our response to your complaint:\n"
    "{resolution}\n"
    "\n"
    "Are you satisfied with how we resolved your complaint?\n"
    "\n"
    "- If satisfied: thank them for their time and for helping us to\n"
    "  improve, and ask whether there is anything else we can help with.\n"
    "- If not satisfied: apologise, ask what is still unresolved and note\n"
    "  it in their words. Explain that the complaint will be reopened and\n"
    "  that {owner} will contact them.\n"
    "- If you reach voicemail: leave your name and number only, never the\n"
    "  details of the complaint, and record the call as no answer.\n"
    "\n"
    "Thank you for your time. Goodbye.\n";

static const char default_final_response[] =
    "Dear {customer},\n"
    "\n"
    "Your complaint {ref}\n"
    "\n"
    "Thank you for your patience while we looked into your complaint,\n"
    "which we received on {received}. This letter is our final response.\n"
    "\n"
    "You told us: {summary}\n"
    "\n"
    "Having investigated, this is our response:\n"
    "\n"
    "{resolution}\n"
    "\n"
    "We are sorry for the inconvenience this has caused you. If you are\n"
    "not satisfied with this response, please contact us quoting {ref} and\n"
    "we will arrange for your complaint to be reviewed independently.\n"
    "\n"
    "Yours sincerely,\n"
    "\n"
    "{owner}\n"
    "{organisation}\n";

const char *const config_day_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};
const char *const config_statuses[] = {
	"new", "acknowledged", "assessed", "resolved", "closed", NULL
};
const char *const config_justified_values[] = {
	"yes", "no", "unknown", NULL
};

/* Lists. */

int
strlist_find(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], s) == 0)
			return (int)i;
	}
	return -1;
}

void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void
strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
strlist_set(struct strlist *l, const char *const *v)
{
	strlist_release(l);
	for (; *v != NULL; v++)
		strlist_add(l, *v);
}

/* "a, b, c" into OUT, for the "expected one of" of a message. */
void
config_join(struct buf *out, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(out, "%s%s", i > 0 ? ", " : "", v[i]);
}

size_t
config_count(const char *const *v)
{
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

int
config_find(const char *const *v, const char *s)
{
	int i;

	for (i = 0; v[i] != NULL; i++) {
		if (strcmp(v[i], s) == 0)
			return i;
	}
	return -1;
}

/* Defaults and release. */

void
config_replace(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup_or_null(s);
}

struct rule_cond *
config_cond_push(struct rule_cond **v, size_t *n)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

void
config_rules_release(struct rule *rules, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rule_release(&rules[i]);
	free(rules);
}

/* The default rule, for severities and levels that may have changed. */
void
config_set_default_rules(struct config *cfg, int severity, int to_level)
{
	struct rule *r;
	struct rule_cond *c;

	config_rules_release(cfg->rules, cfg->nrules);
	cfg->rules = r = xcalloc(1, sizeof(*r));
	cfg->nrules = 1;
	r->name = xstrdup(config_default_rule.name);
	r->when.op = ROP_ALL;
	c = config_cond_push(&r->when.kids, &r->when.nkids);
	c->op = ROP_EQ;
	c->field = RF_SEVERITY;
	c->values = xcalloc(1, sizeof(*c->values));
	c->nvalues = 1;
	c->values[0].num = severity;
	r->to_level = to_level;
}

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->organisation = xstrdup("Acme Ltd");
	cfg->reference_prefix = xstrdup("CMP");
	cfg->timezone = xstrdup("Europe/London");
	cfg->currency = xstrdup("GBP");
	cfg->database = NULL;
	cfg->busy_timeout_ms = 5000;

	cfg->calendar.days = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5;
	cfg->calendar.opens = 9 * 60;
	cfg->calendar.closes = 17 * 60;
	cfg->calendar.holidays = xcalloc(2, sizeof(int32_t));
	cfg->calendar.holidays[0] = civil_to_days(2026, 12, 25);
	cfg->calendar.holidays[1] = civil_to_days(2026, 12, 28);
	cfg->calendar.nholidays = 2;

	cfg->ack_deadline = (struct duration){ 24, DUR_HOURS };
	cfg->resolve_deadline = (struct duration){ 8, DUR_WEEKS };
	cfg->callback_deadline = (struct duration){ 0, DUR_COB };
	cfg->followup_deadline = (struct duration){ 2, DUR_BUSINESS_DAYS };
	cfg->followup_attempts = 3;

	strlist_set(&cfg->channels, default_channels);
	strlist_set(&cfg->categories, default_categories);
	strlist_set(&cfg->severities, default_severities);
	strlist_set(&cfg->remedies, default_remedies);
	strlist_set(&cfg->levels, default_levels);
	config_set_default_rules(cfg, config_find(default_severities, config_default_rule.severity),
	    config_find(default_levels, config_default_rule.to) + 1);

	memcpy(cfg->priority, (int[3][3]){ { 1, 2, 3 }, { 2, 3, 4 },
	    { 3, 4, 5 } }, sizeof(cfg->priority));

	cfg->spike_window = (struct duration){ 7, DUR_DAYS };
	cfg->spike_baseline_windows = 8;
	cfg->spike_factor = 2.0;
	cfg->spike_min_count = 5;

	cfg->tpl_acknowledgement = xstrdup(default_acknowledgement);
	cfg->tpl_followup_script = xstrdup(default_followup_script);
	cfg->tpl_final_response = xstrdup(default_final_response);
}

void
config_release(struct config *cfg)
{
	free(cfg->organisation);
	free(cfg->reference_prefix);
	free(cfg->timezone);
	free(cfg->currency);
	free(cfg->database);
	free(cfg->calendar.holidays);
	strlist_release(&cfg->channels);
	strlist_release(&cfg->categories);
	strlist_release(&cfg->severities);
	strlist_release(&cfg->remedies);
	strlist_release(&cfg->levels);
	config_rules_release(cfg->rules, cfg->nrules);
	free(cfg->tpl_acknowledgement);
	free(cfg->tpl_followup_script);
	free(cfg->tpl_final_response);
	strlist_release(&cfg->managers);
	free(cfg->path);
	/* Released twice is harmless: main releases on every path. */
	memset(cfg, 0, sizeof(*cfg));
}

const char *
config_level_name(const struct config *cfg, int level)
{
	if (level == 0)
		return "frontline";
	if (level < 0 || (size_t)level > cfg->levels.n)
		return NULL;
	return cfg->levels.v[level - 1];
}

int
config_level_lookup(const struct config *cfg, const char *name)
{
	char *end;
	long n;
	int i;

	if (strcmp(name, "frontline") == 0)
		return 0;
	if ((i = strlist_find(&cfg->levels, name)) >= 0)
		return i + 1;
	if (*name < '0' || *name > '9')
		return -1;
	errno = 0;
	n = strtol(name, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0 || (size_t)n > cfg->levels.n)
		return -1;
	return (int)n;
}
