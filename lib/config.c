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
#include "strset.h"
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

/* The referral right and its time limit, as FCA DISP 1.6.2R and
 * DISP 1 Annex 3R require them in a final response. */
#define FOS_REFERRAL \
    "If you are not satisfied with this response, you may refer your\n" \
    "complaint to the Financial Ombudsman Service, free of charge, at\n" \
    "www.financial-ombudsman.org.uk or on 0800 023 4567. You must do so\n" \
    "within six months of the date of this letter; if you do not, the\n" \
    "Ombudsman will not have our permission to consider your complaint\n" \
    "and can do so only in very limited circumstances, for example if it\n" \
    "believes the delay was the result of exceptional circumstances.\n"

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
    FOS_REFERRAL
    "\n"
    "Yours sincerely,\n"
    "\n"
    "{owner}\n"
    "{organisation}\n";

static const char default_summary[] =
    "Dear {customer},\n"
    "\n"
    "Your complaint {ref}\n"
    "\n"
    "Thank you for telling us about your complaint, which we received on\n"
    "{received}: {summary}\n"
    "\n"
    "We believe we have now resolved it to your satisfaction:\n"
    "\n"
    "{resolution}\n"
    "\n"
    "If you are content with this, you need do nothing. If you are not,\n"
    "please tell us, quoting {ref}, and we will look into it further.\n"
    "\n"
    FOS_REFERRAL
    "\n"
    "Yours sincerely,\n"
    "\n"
    "{owner}\n"
    "{organisation}\n";

static const char default_holding[] =
    "Dear {customer},\n"
    "\n"
    "Your complaint {ref}\n"
    "\n"
    "We received your complaint on {received} and we have not yet been\n"
    "able to give you our final response. We are sorry for the delay.\n"
    "We are still looking into it and expect to write to you again by\n"
    "{eta}.\n"
    "\n"
    "You do not have to wait for our final response: you may now refer\n"
    "your complaint to the Financial Ombudsman Service, free of charge, at\n"
    "www.financial-ombudsman.org.uk or on 0800 023 4567, within six months\n"
    "of the date of this letter.\n"
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

const char *
strmap_get(const struct strmap *m, const char *s)
{
	int i;

	if (s == NULL || (i = strlist_find(&m->from, s)) < 0)
		return NULL;
	return m->to.v[i];
}

void
strmap_release(struct strmap *m)
{
	strlist_release(&m->from);
	strlist_release(&m->to);
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

void
config_regimes_release(struct regime *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rule_release(&v[i].rule);
	free(v);
}

static const char *const deadline_names[DL__COUNT] = {
	"acknowledge", "resolve", "callback", "summary", "holding", "followup"
};

const char *
config_deadline_name(enum deadline_kind k)
{
	return (unsigned)k < DL__COUNT ? deadline_names[k] : NULL;
}

int
config_deadline_lookup(const char *name)
{
	int i;

	for (i = 0; i < DL__COUNT; i++)
		if (strcmp(deadline_names[i], name) == 0)
			return i;
	return -1;
}

int
config_regime_lookup(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < cfg->nregimes; i++)
		if (strcmp(cfg->regimes[i].rule.name, name) == 0)
			return (int)i;
	return -1;
}

const struct duration *
config_deadline(const struct config *cfg, const char *regime,
    enum deadline_kind k)
{
	const struct duration *top[DL__COUNT] = {
		&cfg->ack_deadline, &cfg->resolve_deadline,
		&cfg->callback_deadline, &cfg->summary_deadline,
		&cfg->holding_deadline, &cfg->followup_deadline,
	};
	int i = config_regime_lookup(cfg, regime);

	if (i >= 0 && (cfg->regimes[i].set & 1u << k))
		return &cfg->regimes[i].d[k];
	return top[k];
}

int
config_regime_choose(const struct config *cfg, const struct rule_facts *f)
{
	size_t i;

	/* A regime without conditions is chosen by hand alone. */
	for (i = 0; i < cfg->nregimes; i++)
		if (cfg->regimes[i].rule.when.nkids > 0 &&
		    rule_matches(&cfg->regimes[i].rule, f))
			return (int)i;
	return -1;
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
	cfg->summary_deadline = (struct duration){ 3, DUR_COB };
	cfg->holding_deadline = (struct duration){ 8, DUR_WEEKS };
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
	cfg->idempotency_keep = (struct duration){ 7, DUR_DAYS };
	cfg->spike_baseline_windows = 8;
	cfg->spike_factor = 2.0;
	cfg->spike_min_count = 5;
	cfg->attachment_max = ATTACHMENT_DEFAULT;
	cfg->message_max = MESSAGE_DEFAULT;
	cfg->mail_sendmail = xstrdup(SENDMAIL_DEFAULT);

	cfg->tpl_acknowledgement = xstrdup(default_acknowledgement);
	cfg->tpl_followup_script = xstrdup(default_followup_script);
	cfg->tpl_final_response = xstrdup(default_final_response);
	cfg->tpl_summary = xstrdup(default_summary);
	cfg->tpl_holding = xstrdup(default_holding);
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
	free(cfg->tpl_summary);
	free(cfg->tpl_holding);
	free(cfg->mail_from);
	free(cfg->mail_sendmail);
	free(cfg->mail_owner);
	config_regimes_release(cfg->regimes, cfg->nregimes);
	strlist_release(&cfg->managers);
	strlist_release(&cfg->delegates);
	strmap_release(&cfg->fca_products);
	strmap_release(&cfg->fca_causes);
	strmap_release(&cfg->asic_products);
	strmap_release(&cfg->asic_issues);
	strmap_release(&cfg->asic_outcomes);
	strmap_release(&cfg->asic_channels);
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

/*
 * Validating a configuration that did not come from the parser: the
 * same bounds as the loader's, one problem at a time.
 */
static int
bad_cfg(struct error *err, const char *what)
{
	return error_set(err, EX_CONFIG, "invalid configuration: %s", what);
}

static int
duration_ok(const struct duration *d)
{
	struct duration back;
	struct error e;
	char s[48];

	/* Whatever the units, one that reads back the same is valid. */
	if (d->count < 0)
		return 0;
	duration_format(d, s, sizeof(s));
	return duration_parse(s, &back, &e) == 0 && back.count == d->count &&
	    back.unit == d->unit;
}

/* Non-empty, unique names, at least MIN of them. */
static int
names_ok(const struct strlist *l, size_t min)
{
	struct strset seen = STRSET_INIT;
	size_t i;
	int ok = l->n >= min;

	for (i = 0; ok && i < l->n; i++)
		ok = l->v[i] != NULL && *l->v[i] != '\0' &&
		    strset_add(&seen, l->v[i]);
	strset_release(&seen);
	return ok;
}

static int
cond_ok(const struct config *cfg, const struct rule_cond *c, int depth)
{
	const struct rule_value *v;
	size_t i;

	if (depth > MAX_DEPTH + 1)
		return 0;
	if (c->op == ROP_ALL || c->op == ROP_ANY) {
		if (c->nvalues != 0 || (c->nkids == 0 && depth > 0))
			return 0;
		for (i = 0; i < c->nkids; i++) {
			if (!cond_ok(cfg, &c->kids[i], depth + 1))
				return 0;
		}
		return 1;
	}
	if ((unsigned)c->op > ROP_NOT_IN || (unsigned)c->field >= RF__COUNT ||
	    c->nkids != 0 || c->nvalues == 0 || (c->nvalues > 1 &&
	    c->op != ROP_IN && c->op != ROP_NOT_IN) ||
	    (c->op >= ROP_LT && c->op <= ROP_GTE &&
	    !rule_field_ordered(c->field)))
		return 0;
	for (i = 0; i < c->nvalues; i++) {
		v = &c->values[i];
		switch (rule_field_type(c->field)) {
		case RT_TEXT:
			if (v->text == NULL)
				return 0;
			if ((c->field == RF_STATUS &&
			    config_find(config_statuses, v->text) < 0) ||
			    (c->field == RF_JUSTIFIED &&
			    config_find(config_justified_values, v->text) < 0) ||
			    (c->field == RF_CATEGORY &&
			    strlist_find(&cfg->categories, v->text) < 0) ||
			    (c->field == RF_CHANNEL &&
			    strlist_find(&cfg->channels, v->text) < 0))
				return 0;
			break;
		case RT_RANK:
			if (v->num < 0 || (c->field == RF_SEVERITY ?
			    (size_t)v->num >= cfg->severities.n :
			    (size_t)v->num > cfg->levels.n))
				return 0;
			break;
		case RT_BOOL:
			if (v->num != 0 && v->num != 1)
				return 0;
			break;
		case RT_COUNT:
			if (v->num < 0)
				return 0;
			break;
		case RT_AMOUNT:
			break;
		case RT_DURATION:
			if (!duration_ok(&v->dur))
				return 0;
			break;
		}
	}
	return 1;
}

int
config_validate(const struct config *cfg, struct error *err)
{
	const char *tpl[5] = { cfg->tpl_acknowledgement,
	    cfg->tpl_followup_script, cfg->tpl_final_response,
	    cfg->tpl_summary, cfg->tpl_holding };
	const struct calendar *cal = &cfg->calendar;
	struct strset rules = STRSET_INIT;
	struct error e;
	const char *p;
	size_t i;
	int j, ok;

	if (cfg->organisation == NULL || cfg->reference_prefix == NULL ||
	    cfg->timezone == NULL || cfg->currency == NULL)
		return bad_cfg(err, "a setting is missing");
	for (p = cfg->reference_prefix; (*p >= 'A' && *p <= 'Z') ||
	    (p > cfg->reference_prefix && *p >= '0' && *p <= '9'); p++)
		continue;
	if (*p != '\0' || p == cfg->reference_prefix ||
	    p - cfg->reference_prefix > 10)
		return bad_cfg(err, "reference_prefix");
	if (!tz_valid(cfg->timezone))
		return bad_cfg(err, "timezone");
	for (j = 0; j < 3 && cfg->currency[j] >= 'A' &&
	    cfg->currency[j] <= 'Z'; j++)
		continue;
	if (j < 3 || cfg->currency[3] != '\0')
		return bad_cfg(err, "currency");
	if (cfg->busy_timeout_ms < 0 || cfg->busy_timeout_ms >
	    BUSY_TIMEOUT_MAX)
		return bad_cfg(err, "busy_timeout");
	if (cal->days == 0 || cal->days > 0x7f)
		return bad_cfg(err, "calendar.days needs at least one day");
	if (cal->opens < 0 || cal->opens > 1439 || cal->closes < 1 ||
	    cal->closes > 1440 || cal->closes <= cal->opens)
		return bad_cfg(err, "calendar.closes must be after "
		    "calendar.opens");
	for (i = 1; i < cal->nholidays; i++) {
		if (cal->holidays[i] <= cal->holidays[i - 1])
			return bad_cfg(err, "calendar.holidays");
	}
	if (!duration_ok(&cfg->ack_deadline) ||
	    !duration_ok(&cfg->resolve_deadline) ||
	    !duration_ok(&cfg->callback_deadline) ||
	    !duration_ok(&cfg->followup_deadline) ||
	    !duration_ok(&cfg->summary_deadline) ||
	    !duration_ok(&cfg->holding_deadline) ||
	    !duration_ok(&cfg->spike_window) ||
	    !duration_ok(&cfg->idempotency_keep))
		return bad_cfg(err, "a duration");
	if (cfg->followup_attempts < 1 ||
	    cfg->followup_attempts > ATTEMPTS_MAX)
		return bad_cfg(err, "deadlines.followup_attempts");
	if (!names_ok(&cfg->channels, 1) || !names_ok(&cfg->categories, 1) ||
	    !names_ok(&cfg->severities, 1) || !names_ok(&cfg->remedies, 1) ||
	    !names_ok(&cfg->levels, 1) || !names_ok(&cfg->managers, 0))
		return bad_cfg(err, "a list of names");
	for (i = 0; i < cfg->levels.n; i++) {
		if (strcmp(cfg->levels.v[i], "frontline") == 0 ||
		    strspn(cfg->levels.v[i], "0123456789") ==
		    strlen(cfg->levels.v[i]))
			return bad_cfg(err, "escalation.levels");
	}
	for (i = 0, ok = 1; ok && i < cfg->nrules; i++) {
		const struct rule *r = &cfg->rules[i];

		ok = r->name != NULL && *r->name != '\0' &&
		    strset_add(&rules, r->name) && r->to_level >= 1 &&
		    (size_t)r->to_level <= cfg->levels.n &&
		    r->when.op == ROP_ALL && cond_ok(cfg, &r->when, 0);
	}
	strset_release(&rules);
	if (!ok)
		return bad_cfg(err, "escalation.rules");
	for (j = 0; j < 9; j++) {
		if (cfg->priority[j / 3][j % 3] < 1 ||
		    cfg->priority[j / 3][j % 3] > 5)
			return bad_cfg(err, "priority");
	}
	if (cfg->spike_baseline_windows < 1 ||
	    cfg->spike_baseline_windows > 1000 ||
	    !(cfg->spike_factor >= 1.0 && cfg->spike_factor <= 1000.0) ||
	    cfg->spike_min_count < 1 || cfg->spike_min_count > 1000000)
		return bad_cfg(err, "spikes");
	for (i = 0; i < cfg->nregimes; i++) {
		const struct regime *g = &cfg->regimes[i];

		if (g->rule.name == NULL || *g->rule.name == '\0' ||
		    g->set >= 1u << DL__COUNT || g->rule.when.op != ROP_ALL ||
		    !cond_ok(cfg, &g->rule.when, 0))
			return bad_cfg(err, "regimes");
		for (j = 0; j < DL__COUNT; j++)
			if ((g->set & 1u << j) && !duration_ok(&g->d[j]))
				return bad_cfg(err, "regimes");
	}
	for (j = 0; j < 5; j++) {
		if (tpl[j] != NULL &&
		    template_check(tpl[j], template_placeholders, &e) != 0)
			return bad_cfg(err, "templates");
	}
	if (cfg->has_roles != 0 && cfg->has_roles != 1)
		return bad_cfg(err, "roles");
	if (cfg->attachment_max < 1 ||
	    cfg->attachment_max > ATTACHMENT_LIMIT_MAX ||
	    cfg->message_max < 1 || cfg->message_max > ATTACHMENT_LIMIT_MAX)
		return bad_cfg(err, "limits");
	if (cfg->mail_sendmail == NULL || *cfg->mail_sendmail == '\0')
		return bad_cfg(err, "mail");
	return 0;
}
