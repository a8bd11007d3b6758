/*
 * The configuration: built-in defaults overlaid by one YAML file, read
 * strictly through libyaml's document API so that every problem can be
 * reported as FILE:LINE:COL, and written back through libyaml's emitter.
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

#include <yaml.h>

#include "config.h"
#include "configcache.h"
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
static const struct {
	const char *name;
	const char *severity;
	const char *to;
} default_rule = { "critical", "critical", "senior-management" };

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

static const char *const day_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};
static const char *const statuses[] = {
	"new", "acknowledged", "assessed", "resolved", "closed", NULL
};
static const char *const justified_values[] = {
	"yes", "no", "unknown", NULL
};

#define BUSY_TIMEOUT_MAX 600000
#define ATTEMPTS_MAX 100
#define FACTOR_DIGITS 6	/* fraction digits of spikes.factor */
#define MAX_DEPTH 16	/* of all: and any: in a rule */

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

static void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

static void
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
static void
join(struct buf *out, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(out, "%s%s", i > 0 ? ", " : "", v[i]);
}

static size_t
count(const char *const *v)
{
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

static int
find(const char *const *v, const char *s)
{
	int i;

	for (i = 0; v[i] != NULL; i++) {
		if (strcmp(v[i], s) == 0)
			return i;
	}
	return -1;
}

/* Defaults and release. */

static void
replace(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup_or_null(s);
}

static struct rule_cond *
cond_push(struct rule_cond **v, size_t *n)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

static void
rules_release(struct rule *rules, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rule_release(&rules[i]);
	free(rules);
}

/* The default rule, for severities and levels that may have changed. */
static void
set_default_rules(struct config *cfg, int severity, int to_level)
{
	struct rule *r;
	struct rule_cond *c;

	rules_release(cfg->rules, cfg->nrules);
	cfg->rules = r = xcalloc(1, sizeof(*r));
	cfg->nrules = 1;
	r->name = xstrdup(default_rule.name);
	r->when.op = ROP_ALL;
	c = cond_push(&r->when.kids, &r->when.nkids);
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
	set_default_rules(cfg, find(default_severities, default_rule.severity),
	    find(default_levels, default_rule.to) + 1);

	memcpy(cfg->priority, (int[3][3]){ { 1, 2, 3 }, { 2, 3, 4 },
	    { 3, 4, 5 } }, sizeof(cfg->priority));

	cfg->spike_window = (struct duration){ 7, DUR_DAYS };
	cfg->idempotency_keep = (struct duration){ 7, DUR_DAYS };
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
	rules_release(cfg->rules, cfg->nrules);
	free(cfg->tpl_acknowledgement);
	free(cfg->tpl_followup_script);
	free(cfg->tpl_final_response);
	strlist_release(&cfg->managers);
	strlist_release(&cfg->delegates);
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

/* Reading. */

struct problem {
	size_t line, col;           /* from 0, as libyaml counts */
	size_t seq;                 /* keeps the order of one position */
	char *msg;
};

struct loader {
	const char *file;           /* as given, for messages */
	yaml_document_t *doc;
	struct config *cfg;         /* being filled, from the defaults */
	struct problem *problems;   /* in the order found */
	size_t nproblems;

	/* Kept for checks that need the whole document read first. */
	yaml_node_t *rules;
	yaml_node_t *severities;
	yaml_node_t *levels;
	yaml_node_t *opens;
	yaml_node_t *closes;
	int bad_time;
};

struct key {
	const char *name;
	void (*set)(struct loader *, const struct key *, const char *path,
	    yaml_node_t *);
	size_t off;                 /* of the field in struct config */
	long long min, max;         /* set_int */
	const struct key *sub;      /* sections */
};

#define FIELD(ld, k, type) ((type *)(void *)((char *)(ld)->cfg + (k)->off))

static void
report(struct loader *ld, size_t line, size_t col, const char *msg)
{
	struct problem *p;

	ld->problems = xreallocarray(ld->problems, ld->nproblems + 1,
	    sizeof(*ld->problems));
	p = &ld->problems[ld->nproblems];
	p->line = line;
	p->col = col;
	p->seq = ld->nproblems++;
	p->msg = xstrdup(msg);
}

static int
problem_cmp(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * The problems in file order (rules are read last, but a reader goes
 * from the top): every one to OUT when not NULL, the first to ERR.
 */
static int
report_all(struct loader *ld, struct buf *out, struct error *err)
{
	struct problem *p;
	size_t i;

	if (ld->nproblems == 0)
		return 0;
	qsort(ld->problems, ld->nproblems, sizeof(*ld->problems),
	    problem_cmp);
	for (i = 0; i < ld->nproblems; i++) {
		/* libyaml counts lines and columns from 0. */
		p = &ld->problems[i];
		if (i == 0)
			error_set(err, EX_CONFIG, "%s:%zu:%zu: %s", ld->file,
			    p->line + 1, p->col + 1, p->msg);
		if (out != NULL)
			buf_printf(out, "%s:%zu:%zu: %s\n", ld->file,
			    p->line + 1, p->col + 1, p->msg);
		free(p->msg);
	}
	free(ld->problems);
	ld->problems = NULL;
	ld->nproblems = 0;
	return EX_CONFIG;
}

static void problem(struct loader *, const yaml_node_t *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct loader *ld, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report(ld, n->start_mark.line, n->start_mark.column, msg);
}

static yaml_node_t *
node(struct loader *ld, int id)
{
	return yaml_document_get_node(ld->doc, id);
}

static const char *
kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "a single value";
	}
}

static const char *
scalar_text(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* An absent value ("key:" alone, "~", "null"); only plain ones are. */
static int
is_null(const yaml_node_t *n)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	s = scalar_text(n);
	return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static size_t
seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
}

static yaml_node_t *
seq_item(struct loader *ld, const yaml_node_t *n, size_t i)
{
	return node(ld, n->data.sequence.items.start[i]);
}

/*
 * The text of scalar N, or NULL after reporting why not. SUBJ names N in
 * the message ("'organisation'", "an entry of 'channels'"); WHAT says
 * what it should be ("text", "a whole number").
 */
static const char *
text_of(struct loader *ld, const yaml_node_t *n, const char *subj,
    const char *what)
{
	if (n->type != YAML_SCALAR_NODE) {
		problem(ld, n, "%s must be %s, not %s", subj, what, kind(n));
		return NULL;
	}
	if (is_null(n) || n->data.scalar.length == 0) {
		problem(ld, n, "%s needs a value", subj);
		return NULL;
	}
	if (strlen(scalar_text(n)) != n->data.scalar.length) {
		problem(ld, n, "%s contains a NUL character", subj);
		return NULL;
	}
	return scalar_text(n);
}

static const char *
key_text(struct loader *ld, const yaml_node_t *n, const char *path,
    const char *what)
{
	char subj[160];

	snprintf(subj, sizeof(subj), "'%s'", path);
	return text_of(ld, n, subj, what);
}

static const char *
item_text(struct loader *ld, const yaml_node_t *n, const char *path,
    const char *what)
{
	char subj[160];

	snprintf(subj, sizeof(subj), "an entry of '%s'", path);
	return text_of(ld, n, subj, what);
}

/* Whether N is of TYPE (a null counts as empty), else say so. */
static int
want(struct loader *ld, const yaml_node_t *n, yaml_node_type_t type,
    const char *path)
{
	if (n->type == type || is_null(n))
		return 1;
	problem(ld, n, "'%s' must be %s, not %s", path,
	    type == YAML_MAPPING_NODE ? "a mapping" : "a list", kind(n));
	return 0;
}

static int
parse_int(const char *s, long long *v)
{
	char *end;

	if (!((*s >= '0' && *s <= '9') ||
	    (*s == '-' && s[1] >= '0' && s[1] <= '9')))
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

/* "12", "12.5", "12.50" as minor units; no sign, at most 2 decimals. */
static int
parse_amount(const char *s, int64_t *minor)
{
	int64_t v = 0;
	int digits = 0, frac = -1;

	for (; *s != '\0'; s++) {
		if (*s == '.' && frac < 0 && digits > 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || digits >= 15 || frac >= 2)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (digits == 0 || frac == 0)
		return -1;
	for (frac = frac < 0 ? 0 : frac; frac < 2; frac++)
		v *= 10;
	*minor = v;
	return 0;
}

/* A plain decimal ("2", "2.5"): locale-proof, unlike strtod(). */
static int
parse_decimal(const char *s, double *d)
{
	int64_t v = 0, scale = 1;
	int digits = 0, frac = -1;

	for (; *s != '\0'; s++) {
		if (*s == '.' && frac < 0 && digits > 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || digits >= 12 ||
		    frac >= FACTOR_DIGITS)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
		if (frac >= 0) {
			frac++;
			scale *= 10;
		}
	}
	if (digits == 0 || frac == 0)
		return -1;
	*d = (double)v / (double)scale;
	return 0;
}

/* "HH:MM" as minutes after midnight; "24:00" only when END. */
static int
parse_clock(const char *s, int end, int *minutes)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' ||
	    s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (end && h == 24 && m == 0) {
		*minutes = 24 * 60;
		return 0;
	}
	if (h > 23 || m > 59)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

static int
parse_bool(const char *s, int64_t *v)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0) {
		*v = 1;
		return 0;
	}
	if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0) {
		*v = 0;
		return 0;
	}
	return -1;
}

static void walk(struct loader *, yaml_node_t *, const char *,
    const struct key *);

/* The key handlers, one per kind of value. */

static void
set_text(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;

	if ((s = key_text(ld, v, path, "text")) != NULL)
		replace(FIELD(ld, k, char *), s);
}

static void
set_prefix(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s, *p;

	if ((s = key_text(ld, v, path, "text")) == NULL)
		return;
	for (p = s; (*p >= 'A' && *p <= 'Z') || (p > s && *p >= '0' &&
	    *p <= '9'); p++)
		continue;
	if (*p != '\0' || p - s > 10) {
		problem(ld, v, "invalid reference prefix '%s' (expected 1 to "
		    "10 capital letters and digits, starting with a letter)",
		    s);
		return;
	}
	replace(FIELD(ld, k, char *), s);
}

static void
set_timezone(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;

	if ((s = key_text(ld, v, path, "text")) == NULL)
		return;
	if (!tz_valid(s)) {
		problem(ld, v, "unknown time zone '%s' (expected an IANA "
		    "name such as Europe/London, or UTC)", s);
		return;
	}
	replace(FIELD(ld, k, char *), s);
}

static void
set_currency(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;
	int i;

	if ((s = key_text(ld, v, path, "text")) == NULL)
		return;
	for (i = 0; i < 3 && s[i] >= 'A' && s[i] <= 'Z'; i++)
		continue;
	if (i < 3 || s[3] != '\0') {
		problem(ld, v, "invalid currency '%s' (expected an ISO 4217 "
		    "code of 3 capital letters, such as GBP)", s);
		return;
	}
	replace(FIELD(ld, k, char *), s);
}

static void
set_database(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	char **dst = FIELD(ld, k, char *);
	const char *s, *home;

	if (is_null(v)) {
		replace(dst, NULL);
		return;
	}
	if ((s = key_text(ld, v, path, "a file name")) == NULL)
		return;
	if (strncmp(s, "~/", 2) != 0) {
		replace(dst, s);
		return;
	}
	if ((home = getenv("HOME")) == NULL || *home == '\0') {
		problem(ld, v, "cannot expand '~/' in '%s': HOME is not set",
		    path);
		return;
	}
	free(*dst);
	*dst = xasprintf("%s%s%s", home,
	    home[strlen(home) - 1] == '/' ? "" : "/", s + 2);
}

static void
set_int(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;
	long long n;

	if ((s = key_text(ld, v, path, "a whole number")) == NULL)
		return;
	if (parse_int(s, &n) == -1 || n < k->min || n > k->max) {
		problem(ld, v, "invalid value '%s' for '%s' (expected a whole "
		    "number from %lld to %lld)", s, path, k->min, k->max);
		return;
	}
	*FIELD(ld, k, int) = (int)n;
}

static int
duration_of(struct loader *ld, yaml_node_t *v, const char *s,
    const char *what, struct duration *d)
{
	struct error e;

	if (duration_parse(s, d, &e) != 0) {
		problem(ld, v, "invalid duration '%s' for '%s' (expected a "
		    "whole number and a unit: m, h, d, w, bh or bd, as in 4h "
		    "or 2bd; or cob, cob+3bd)", s, what);
		return -1;
	}
	return 0;
}

/* A length of time to look back over: a duration, but not a close of
 * business, which is a point reached from a start, not a length. */
static void
set_length(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	struct duration d;
	const char *s;

	if ((s = key_text(ld, v, path, "a duration")) == NULL)
		return;
	if (duration_of(ld, v, s, path, &d) != 0)
		return;
	if (d.unit == DUR_COB) {
		problem(ld, v, "invalid duration '%s' for '%s' (a length is "
		    "needed: a whole number and a unit: m, h, d, w, bh or "
		    "bd, as in 7d)", s, path);
		return;
	}
	*FIELD(ld, k, struct duration) = d;
}

static void
set_duration(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	struct duration d;
	const char *s;

	if ((s = key_text(ld, v, path, "a duration")) == NULL)
		return;
	if (duration_of(ld, v, s, path, &d) == 0)
		*FIELD(ld, k, struct duration) = d;
}

/* A list of unique non-empty names into OUT; -1 after a problem. */
static int
names_of(struct loader *ld, yaml_node_t *v, const char *path,
    struct strlist *out)
{
	struct strlist l = { NULL, 0 };
	struct strset seen = STRSET_INIT;
	yaml_node_t *item;
	const char *s;
	size_t i;
	int bad = 0;

	if (!want(ld, v, YAML_SEQUENCE_NODE, path))
		return -1;
	for (i = 0; !is_null(v) && i < seq_len(v); i++) {
		item = seq_item(ld, v, i);
		if ((s = item_text(ld, item, path, "text")) == NULL)
			bad = 1;
		else if (!strset_add(&seen, s)) {
			problem(ld, item, "duplicate entry '%s' in '%s'", s,
			    path);
			bad = 1;
		} else
			strlist_add(&l, s);
	}
	strset_release(&seen);
	if (bad) {
		strlist_release(&l);
		return -1;
	}
	strlist_release(out);
	*out = l;
	return 0;
}

static void
set_list(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	struct strlist *l = FIELD(ld, k, struct strlist);

	if (names_of(ld, v, path, l) == 0 && l->n == 0 && k->min > 0)
		problem(ld, v, "'%s' needs at least one entry", path);
}

static void
set_severities(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	ld->severities = v;
	set_list(ld, k, path, v);
}

static void
set_levels(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	struct strlist *l = FIELD(ld, k, struct strlist);
	size_t i;

	ld->levels = v;
	if (names_of(ld, v, path, l) == -1)
		return;
	if (l->n == 0)
		problem(ld, v, "'%s' needs at least one entry", path);
	for (i = 0; i < l->n; i++) {
		/* Level 0 and level numbers are spoken for. */
		if (strcmp(l->v[i], "frontline") == 0 ||
		    strspn(l->v[i], "0123456789") == strlen(l->v[i]))
			problem(ld, seq_item(ld, v, i), "invalid escalation "
			    "level name '%s' (frontline and numbers stand for "
			    "levels already)", l->v[i]);
	}
}

static void
set_rules(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	(void)k;
	/* Rules name levels and severities that may come later. */
	if (want(ld, v, YAML_SEQUENCE_NODE, path))
		ld->rules = v;
}

static void
set_section(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	if (want(ld, v, YAML_MAPPING_NODE, path) && !is_null(v))
		walk(ld, v, path, k->sub);
}

static void
set_calendar(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const struct calendar *cal = &ld->cfg->calendar;
	yaml_node_t *at;

	set_section(ld, k, path, v);
	if (ld->bad_time || (ld->opens == NULL && ld->closes == NULL))
		return;
	if (cal->closes <= cal->opens) {
		at = ld->closes != NULL ? ld->closes : ld->opens;
		problem(ld, at, "'calendar.closes' (%02d:%02d) must be after "
		    "'calendar.opens' (%02d:%02d)", cal->closes / 60,
		    cal->closes % 60, cal->opens / 60, cal->opens % 60);
	}
}

static void
set_days(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	yaml_node_t *item;
	const char *s;
	unsigned days = 0;
	size_t i;
	int d, bad = 0;

	(void)k;
	if (!want(ld, v, YAML_SEQUENCE_NODE, path))
		return;
	for (i = 0; !is_null(v) && i < seq_len(v); i++) {
		item = seq_item(ld, v, i);
		if ((s = item_text(ld, item, path, "a day name")) == NULL) {
			bad = 1;
			continue;
		}
		for (d = 0; d < 7 && strcmp(day_names[d], s) != 0; d++)
			continue;
		if (d == 7) {
			problem(ld, item, "unknown day '%s' (expected mon, "
			    "tue, wed, thu, fri, sat, sun)", s);
			bad = 1;
		} else if (days & 1u << d) {
			problem(ld, item, "duplicate entry '%s' in '%s'", s,
			    path);
			bad = 1;
		} else
			days |= 1u << d;
	}
	if (bad)
		return;
	if (days == 0) {
		problem(ld, v, "'%s' needs at least one day", path);
		return;
	}
	ld->cfg->calendar.days = days;
}

static void
set_time(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	int closes = strcmp(k->name, "closes") == 0, m;
	const char *s;

	if (closes)
		ld->closes = v;
	else
		ld->opens = v;
	if ((s = key_text(ld, v, path, "a time")) == NULL) {
		ld->bad_time = 1;
		return;
	}
	if (parse_clock(s, closes, &m) == -1) {
		problem(ld, v, "invalid time '%s' for '%s' (expected HH:MM, "
		    "from 00:00 to %s)", s, path, closes ? "24:00" : "23:59");
		ld->bad_time = 1;
		return;
	}
	*FIELD(ld, k, int) = m;
}

static int
day_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static void
set_holidays(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	struct calendar *cal = &ld->cfg->calendar;
	yaml_node_t *item;
	const char *s;
	int32_t *days = NULL;
	size_t i, n = 0, out;
	int bad = 0;

	(void)k;
	if (!want(ld, v, YAML_SEQUENCE_NODE, path))
		return;
	if (!is_null(v))
		days = xcalloc(seq_len(v), sizeof(*days));
	for (i = 0; !is_null(v) && i < seq_len(v); i++) {
		item = seq_item(ld, v, i);
		if ((s = item_text(ld, item, path, "a date")) == NULL)
			bad = 1;
		else if (parse_date(s, &days[n]) == -1) {
			problem(ld, item, "invalid date '%s' in '%s' "
			    "(expected YYYY-MM-DD)", s, path);
			bad = 1;
		} else
			n++;
	}
	if (bad) {
		free(days);
		return;
	}
	/* Sorted and unique, for a binary search. */
	if (n > 0)
		qsort(days, n, sizeof(*days), day_cmp);
	for (i = out = 0; i < n; i++) {
		if (out == 0 || days[out - 1] != days[i])
			days[out++] = days[i];
	}
	free(cal->holidays);
	cal->holidays = days;
	cal->nholidays = out;
}

static void
set_priority(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	int matrix[3][3];
	yaml_node_t *row, *cell;
	const char *s;
	long long n;
	size_t i, j;
	int bad = 0;

	(void)k;
	if (v->type != YAML_SEQUENCE_NODE) {
		problem(ld, v, "'%s' must be a list of 3 rows (impact 1 to 3) "
		    "of 3 values (urgency 1 to 3), not %s", path, kind(v));
		return;
	}
	if (seq_len(v) != 3) {
		problem(ld, v, "'%s' needs 3 rows (impact 1 to 3), not %zu",
		    path, seq_len(v));
		return;
	}
	for (i = 0; i < 3; i++) {
		row = seq_item(ld, v, i);
		if (row->type != YAML_SEQUENCE_NODE || seq_len(row) != 3) {
			problem(ld, row, "row %zu of '%s' must be a list of 3 "
			    "values (urgency 1 to 3)", i + 1, path);
			bad = 1;
			continue;
		}
		for (j = 0; j < 3; j++) {
			cell = seq_item(ld, row, j);
			if ((s = item_text(ld, cell, path, "a number")) ==
			    NULL) {
				bad = 1;
				continue;
			}
			if (parse_int(s, &n) == -1 || n < 1 || n > 5) {
				problem(ld, cell, "invalid priority '%s' "
				    "(expected a whole number from 1, the "
				    "highest, to 5)", s);
				bad = 1;
				continue;
			}
			matrix[i][j] = (int)n;
		}
	}
	if (!bad)
		memcpy(ld->cfg->priority, matrix, sizeof(matrix));
}

static void
set_factor(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;
	double d;

	if ((s = key_text(ld, v, path, "a number")) == NULL)
		return;
	if (parse_decimal(s, &d) == -1 || d < 1.0 || d > 1000.0) {
		problem(ld, v, "invalid value '%s' for '%s' (expected a number "
		    "from 1 to 1000 with at most %d decimals, such as 2.5)", s,
		    path, FACTOR_DIGITS);
		return;
	}
	*FIELD(ld, k, double) = d;
}

static void
set_template(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	struct error e;
	const char *s;

	if ((s = key_text(ld, v, path, "text")) == NULL)
		return;
	if (template_check(s, template_placeholders, &e) != 0) {
		problem(ld, v, "%s", e.msg);
		return;
	}
	replace(FIELD(ld, k, char *), s);
}

static void
set_roles(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	ld->cfg->has_roles = 1;
	set_section(ld, k, path, v);
}

static const struct key calendar_keys[] = {
	{ .name = "days", .set = set_days },
	{ .name = "opens", .set = set_time,
	    .off = offsetof(struct config, calendar.opens) },
	{ .name = "closes", .set = set_time,
	    .off = offsetof(struct config, calendar.closes) },
	{ .name = "holidays", .set = set_holidays },
	{ .name = NULL }
};

static const struct key deadline_keys[] = {
	{ .name = "acknowledge", .set = set_duration,
	    .off = offsetof(struct config, ack_deadline) },
	{ .name = "resolve", .set = set_duration,
	    .off = offsetof(struct config, resolve_deadline) },
	{ .name = "callback", .set = set_duration,
	    .off = offsetof(struct config, callback_deadline) },
	{ .name = "followup", .set = set_duration,
	    .off = offsetof(struct config, followup_deadline) },
	{ .name = "followup_attempts", .set = set_int,
	    .off = offsetof(struct config, followup_attempts),
	    .min = 1, .max = ATTEMPTS_MAX },
	{ .name = NULL }
};

static const struct key escalation_keys[] = {
	{ .name = "levels", .set = set_levels,
	    .off = offsetof(struct config, levels) },
	{ .name = "rules", .set = set_rules },
	{ .name = NULL }
};

static const struct key limit_keys[] = {
	{ .name = "idempotency", .set = set_length,
	    .off = offsetof(struct config, idempotency_keep) },
	{ .name = NULL }
};

static const struct key spike_keys[] = {
	{ .name = "window", .set = set_length,
	    .off = offsetof(struct config, spike_window) },
	{ .name = "baseline", .set = set_int,
	    .off = offsetof(struct config, spike_baseline_windows),
	    .min = 1, .max = 1000 },
	{ .name = "factor", .set = set_factor,
	    .off = offsetof(struct config, spike_factor) },
	{ .name = "min_count", .set = set_int,
	    .off = offsetof(struct config, spike_min_count),
	    .min = 1, .max = 1000000 },
	{ .name = NULL }
};

static const struct key template_keys[] = {
	{ .name = "acknowledgement", .set = set_template,
	    .off = offsetof(struct config, tpl_acknowledgement) },
	{ .name = "followup_script", .set = set_template,
	    .off = offsetof(struct config, tpl_followup_script) },
	{ .name = "final_response", .set = set_template,
	    .off = offsetof(struct config, tpl_final_response) },
	{ .name = NULL }
};

static const struct key role_keys[] = {
	{ .name = "managers", .set = set_list,
	    .off = offsetof(struct config, managers) },
	{ .name = "delegates", .set = set_list,
	    .off = offsetof(struct config, delegates) },
	{ .name = NULL }
};

static const struct key top_keys[] = {
	{ .name = "organisation", .set = set_text,
	    .off = offsetof(struct config, organisation) },
	{ .name = "reference_prefix", .set = set_prefix,
	    .off = offsetof(struct config, reference_prefix) },
	{ .name = "timezone", .set = set_timezone,
	    .off = offsetof(struct config, timezone) },
	{ .name = "currency", .set = set_currency,
	    .off = offsetof(struct config, currency) },
	{ .name = "database", .set = set_database,
	    .off = offsetof(struct config, database) },
	{ .name = "busy_timeout", .set = set_int,
	    .off = offsetof(struct config, busy_timeout_ms),
	    .min = 0, .max = BUSY_TIMEOUT_MAX },
	{ .name = "calendar", .set = set_calendar, .sub = calendar_keys },
	{ .name = "deadlines", .set = set_section, .sub = deadline_keys },
	{ .name = "channels", .set = set_list,
	    .off = offsetof(struct config, channels), .min = 1 },
	{ .name = "categories", .set = set_list,
	    .off = offsetof(struct config, categories), .min = 1 },
	{ .name = "severities", .set = set_severities,
	    .off = offsetof(struct config, severities), .min = 1 },
	{ .name = "remedies", .set = set_list,
	    .off = offsetof(struct config, remedies), .min = 1 },
	{ .name = "escalation", .set = set_section, .sub = escalation_keys },
	{ .name = "priority", .set = set_priority },
	{ .name = "spikes", .set = set_section, .sub = spike_keys },
	{ .name = "templates", .set = set_section, .sub = template_keys },
	{ .name = "limits", .set = set_section, .sub = limit_keys },
	{ .name = "roles", .set = set_roles, .sub = role_keys },
	{ .name = NULL }
};

/*
 * The name of the key of PAIR in mapping MAP, or NULL after a problem: a
 * key must be text and appear once.
 */
static const char *
pair_key(struct loader *ld, struct strset *seen, yaml_node_pair_t *pair)
{
	yaml_node_t *k = node(ld, pair->key);

	if (k->type != YAML_SCALAR_NODE || is_null(k)) {
		problem(ld, k, "a key must be a name, not %s",
		    k->type == YAML_SCALAR_NODE ? "empty" : kind(k));
		return NULL;
	}
	if (!strset_add(seen, scalar_text(k))) {
		problem(ld, k, "duplicate key '%s'", scalar_text(k));
		return NULL;
	}
	return scalar_text(k);
}

/* Hand each key of mapping MAP to its handler in KEYS. */
static void
walk(struct loader *ld, yaml_node_t *map, const char *path,
    const struct key *keys)
{
	yaml_node_pair_t *pair;
	const struct key *k;
	struct buf expected = BUF_INIT;
	struct strset seen = STRSET_INIT;
	const char *name;
	char sub[128];

	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		if ((name = pair_key(ld, &seen, pair)) == NULL)
			continue;
		for (k = keys; k->name != NULL; k++) {
			if (strcmp(k->name, name) == 0)
				break;
		}
		if (k->name == NULL) {
			buf_reset(&expected);
			for (k = keys; k->name != NULL; k++)
				buf_printf(&expected, "%s%s",
				    k == keys ? "" : ", ", k->name);
			problem(ld, node(ld, pair->key), "unknown key "
			    "'%s'%s%s%s (expected one of: %s)", name,
			    *path ? " in '" : "", path, *path ? "'" : "",
			    buf_str(&expected));
			continue;
		}
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "",
		    name);
		k->set(ld, k, sub, node(ld, pair->value));
	}
	strset_release(&seen);
	buf_release(&expected);
}

/* Rules: the "when" language. */

static int parse_conds(struct loader *, yaml_node_t *, int,
    struct rule_cond **, size_t *);

static void
expected_names(struct buf *out, const struct strlist *l, const char *first)
{
	if (first != NULL)
		buf_printf(out, "%s%s", first, l->n > 0 ? ", " : "");
	join(out, (const char *const *)l->v, l->n);
}

/* One value of field F from scalar N; -1 after a problem. */
static int
parse_value(struct loader *ld, enum rule_field f, yaml_node_t *n,
    struct rule_value *out)
{
	const struct config *cfg = ld->cfg;
	const struct strlist *l = NULL;
	const char *const *fixed = NULL;
	const char *s, *name = rule_field_name(f), *what = NULL;
	struct buf exp = BUF_INIT;
	char subj[64];
	long long num;
	int i;

	snprintf(subj, sizeof(subj), "a value of '%s'", name);
	if ((s = text_of(ld, n, subj, "a single value")) == NULL)
		return -1;
	switch (f) {
	case RF_STATUS:
		fixed = statuses;
		what = "status";
		break;
	case RF_JUSTIFIED:
		fixed = justified_values;
		what = "justified value";
		break;
	case RF_CATEGORY:
		l = &cfg->categories;
		what = "category";
		break;
	case RF_CHANNEL:
		l = &cfg->channels;
		what = "channel";
		break;
	case RF_DEPARTMENT:
	case RF_OWNER:
		out->text = xstrdup(s);
		return 0;
	case RF_SEVERITY:
		if ((i = strlist_find(&cfg->severities, s)) < 0) {
			expected_names(&exp, &cfg->severities, NULL);
			problem(ld, n, "unknown severity '%s' (expected one "
			    "of: %s)", s, buf_str(&exp));
			buf_release(&exp);
			return -1;
		}
		out->num = i;
		return 0;
	case RF_LEVEL:
		if ((i = config_level_lookup(cfg, s)) < 0) {
			expected_names(&exp, &cfg->levels, "frontline");
			problem(ld, n, "unknown escalation level '%s' "
			    "(expected one of: %s)", s, buf_str(&exp));
			buf_release(&exp);
			return -1;
		}
		out->num = i;
		return 0;
	case RF_PUBLIC:
	case RF_ACK_OVERDUE:
	case RF_RESOLVE_OVERDUE:
	case RF_COMPLEX:
		if (parse_bool(s, &out->num) == -1) {
			problem(ld, n, "invalid value '%s' for '%s' (expected "
			    "true or false)", s, name);
			return -1;
		}
		return 0;
	case RF_CONTACTS:
	case RF_PRIORITY:
		if (parse_int(s, &num) == -1 || num < 0) {
			problem(ld, n, "invalid value '%s' for '%s' (expected "
			    "a whole number, 0 or more)", s, name);
			return -1;
		}
		out->num = num;
		return 0;
	case RF_AMOUNT:
		if (parse_amount(s, &out->num) == -1) {
			problem(ld, n, "invalid amount '%s' (expected a "
			    "number with at most 2 decimals, such as 50 or "
			    "12.50)", s);
			return -1;
		}
		return 0;
	case RF_AGE:
	case RF_IDLE:
		return duration_of(ld, n, s, name, &out->dur);
	default:
		problem(ld, n, "field '%s' takes no value", name);
		return -1;
	}
	/* The text fields with a closed set of values. */
	if (fixed != NULL ? find(fixed, s) >= 0 : strlist_find(l, s) >= 0) {
		out->text = xstrdup(s);
		return 0;
	}
	if (fixed != NULL)
		join(&exp, fixed, count(fixed));
	else
		expected_names(&exp, l, NULL);
	problem(ld, n, "unknown %s '%s' (expected one of: %s)", what, s,
	    buf_str(&exp));
	buf_release(&exp);
	return -1;
}

/* The values of C (one, or a list for in and not_in) from node N. */
static int
parse_values(struct loader *ld, struct rule_cond *c, yaml_node_t *n)
{
	const char *field = rule_field_name(c->field);
	size_t i;
	int bad = 0;

	if (c->op != ROP_IN && c->op != ROP_NOT_IN) {
		c->values = xcalloc(1, sizeof(*c->values));
		c->nvalues = 1;
		return parse_value(ld, c->field, n, &c->values[0]);
	}
	if (n->type != YAML_SEQUENCE_NODE || seq_len(n) == 0) {
		problem(ld, n, "'%s' of '%s' needs a list of values, not %s",
		    rule_op_name(c->op), field, n->type == YAML_SEQUENCE_NODE ?
		    "an empty one" : kind(n));
		return -1;
	}
	c->values = xcalloc(seq_len(n), sizeof(*c->values));
	c->nvalues = seq_len(n);
	for (i = 0; i < seq_len(n); i++) {
		if (parse_value(ld, c->field, seq_item(ld, n, i),
		    &c->values[i]) == -1)
			bad = 1;
	}
	return bad ? -1 : 0;
}

/*
 * FIELD: VALUE appended to the conditions V: a value means eq, a list
 * in, a mapping one condition per operator.
 */
static int
parse_field(struct loader *ld, enum rule_field f, yaml_node_t *n,
    struct rule_cond **v, size_t *nv)
{
	struct buf exp = BUF_INIT;
	yaml_node_pair_t *pair;
	yaml_node_t *k;
	struct rule_cond *c;
	struct strset seen = STRSET_INIT;
	const char *opname;
	int op, i, bad = 0;

	if (n->type != YAML_MAPPING_NODE) {
		c = cond_push(v, nv);
		c->field = f;
		c->op = n->type == YAML_SEQUENCE_NODE ? ROP_IN : ROP_EQ;
		return parse_values(ld, c, n);
	}
	if (n->data.mapping.pairs.top == n->data.mapping.pairs.start) {
		problem(ld, n, "no operator for '%s'", rule_field_name(f));
		return -1;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((opname = pair_key(ld, &seen, pair)) == NULL) {
			bad = 1;
			continue;
		}
		k = node(ld, pair->key);
		if ((op = rule_op_lookup(opname)) < 0) {
			buf_reset(&exp);
			for (i = ROP_EQ; i <= ROP_NOT_IN; i++)
				buf_printf(&exp, "%s%s", i > ROP_EQ ? ", " : "",
				    rule_op_name(i));
			problem(ld, k, "unknown operator '%s' (expected %s)",
			    opname, buf_str(&exp));
			bad = 1;
			continue;
		}
		if (op >= ROP_LT && op <= ROP_GTE && !rule_field_ordered(f)) {
			problem(ld, k, "operator '%s' needs an ordered field, "
			    "and '%s' is not one (ordered: severity, level, "
			    "contacts, amount, age, idle, priority)", opname,
			    rule_field_name(f));
			bad = 1;
			continue;
		}
		c = cond_push(v, nv);
		c->field = f;
		c->op = op;
		if (parse_values(ld, c, node(ld, pair->value)) == -1)
			bad = 1;
	}
	strset_release(&seen);
	buf_release(&exp);
	return bad ? -1 : 0;
}

/*
 * One entry of an all: or any: list: a mapping whose conditions must all
 * hold, kept as the single condition when there is only one.
 */
static int
parse_entry(struct loader *ld, yaml_node_t *n, int depth,
    struct rule_cond *out)
{
	struct rule_cond *v = NULL;
	size_t nv = 0, i;

	memset(out, 0, sizeof(*out));
	if (parse_conds(ld, n, depth, &v, &nv) == -1) {
		for (i = 0; i < nv; i++)
			rule_cond_release(&v[i]);
		free(v);
		return -1;
	}
	if (nv == 1) {
		*out = v[0];
		free(v);
		return 0;
	}
	out->op = ROP_ALL;
	out->kids = v;
	out->nkids = nv;
	return 0;
}

/*
 * The conditions of mapping N, all of which must hold, appended to V.
 * DEPTH counts the all: and any: around N.
 */
static int
parse_conds(struct loader *ld, yaml_node_t *n, int depth,
    struct rule_cond **v, size_t *nv)
{
	struct buf exp = BUF_INIT;
	yaml_node_pair_t *pair;
	yaml_node_t *k, *val;
	struct rule_cond *c, kid;
	struct strset seen = STRSET_INIT;
	const char *name;
	size_t i;
	int f, bad = 0;

	if (n->type != YAML_MAPPING_NODE || is_null(n) ||
	    n->data.mapping.pairs.top == n->data.mapping.pairs.start) {
		problem(ld, n, "a condition must be a mapping of fields to "
		    "values, not %s", n->type == YAML_MAPPING_NODE ||
		    is_null(n) ? "an empty one" : kind(n));
		return -1;
	}
	/* An alias can make a condition contain itself. */
	if (depth > MAX_DEPTH) {
		problem(ld, n, "conditions nested too deeply (at most %d "
		    "levels of all and any)", MAX_DEPTH);
		return -1;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((name = pair_key(ld, &seen, pair)) == NULL) {
			bad = 1;
			continue;
		}
		k = node(ld, pair->key);
		val = node(ld, pair->value);
		if (strcmp(name, "all") == 0 || strcmp(name, "any") == 0) {
			if (val->type != YAML_SEQUENCE_NODE ||
			    seq_len(val) == 0) {
				problem(ld, val, "'%s' needs a list of "
				    "conditions, not %s", name,
				    val->type == YAML_SEQUENCE_NODE ?
				    "an empty one" : kind(val));
				bad = 1;
				continue;
			}
			c = cond_push(v, nv);
			c->op = name[1] == 'l' ? ROP_ALL : ROP_ANY;
			for (i = 0; i < seq_len(val); i++) {
				if (parse_entry(ld, seq_item(ld, val, i),
				    depth + 1, &kid) == -1) {
					bad = 1;
					continue;
				}
				*cond_push(&c->kids, &c->nkids) = kid;
			}
			continue;
		}
		if ((f = rule_field_lookup(name)) < 0) {
			buf_reset(&exp);
			for (f = 0; f < RF__COUNT; f++)
				buf_printf(&exp, "%s, ", rule_field_name(f));
			problem(ld, k, "unknown field '%s' (expected one of: "
			    "%sall, any)", name, buf_str(&exp));
			bad = 1;
			continue;
		}
		if (parse_field(ld, f, val, v, nv) == -1)
			bad = 1;
	}
	strset_release(&seen);
	buf_release(&exp);
	return bad ? -1 : 0;
}

/* Rule N into R, which the caller releases when this fails. */
static int
parse_rule(struct loader *ld, yaml_node_t *n, struct rule *r)
{
	struct buf exp = BUF_INIT;
	yaml_node_pair_t *pair;
	yaml_node_t *name = NULL, *when = NULL, *to = NULL, **slot;
	struct strset seen = STRSET_INIT;
	const char *key, *s, *rname = "";
	int bad = 0, level;

	memset(r, 0, sizeof(*r));
	r->when.op = ROP_ALL;
	r->line = (int)n->start_mark.line + 1;
	r->col = (int)n->start_mark.column + 1;
	if (n->type != YAML_MAPPING_NODE) {
		problem(ld, n, "a rule must be a mapping with name, when and "
		    "to, not %s", kind(n));
		return -1;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((key = pair_key(ld, &seen, pair)) == NULL) {
			bad = 1;
			continue;
		}
		if (strcmp(key, "name") == 0)
			slot = &name;
		else if (strcmp(key, "when") == 0)
			slot = &when;
		else if (strcmp(key, "to") == 0)
			slot = &to;
		else {
			problem(ld, node(ld, pair->key), "unknown key '%s' in "
			    "a rule (expected one of: name, when, to)", key);
			bad = 1;
			continue;
		}
		*slot = node(ld, pair->value);
	}
	strset_release(&seen);
	if (name == NULL) {
		problem(ld, n, "rule without a 'name'");
		bad = 1;
	} else if ((s = key_text(ld, name, "name", "text")) == NULL)
		bad = 1;
	else
		r->name = xstrdup(rname = s);
	if (when == NULL) {
		problem(ld, n, "rule '%s' has no 'when'", rname);
		bad = 1;
	} else if (parse_conds(ld, when, 0, &r->when.kids,
	    &r->when.nkids) == -1)
		bad = 1;
	if (to == NULL) {
		problem(ld, n, "rule '%s' has no 'to' level", rname);
		bad = 1;
	} else if ((s = key_text(ld, to, "to", "a level name")) == NULL)
		bad = 1;
	else if ((level = config_level_lookup(ld->cfg, s)) < 1) {
		expected_names(&exp, &ld->cfg->levels, NULL);
		problem(ld, to, "unknown escalation level '%s' in 'to' "
		    "(expected one of: %s)", s, buf_str(&exp));
		buf_release(&exp);
		bad = 1;
	} else
		r->to_level = level;
	/* R keeps its name, bad or not, to catch a later duplicate. */
	return bad ? -1 : 0;
}

/* The rules, once severities, levels, channels and categories are known. */
static void
resolve_rules(struct loader *ld)
{
	struct config *cfg = ld->cfg;
	struct rule *rules = NULL;
	struct strset names = STRSET_INIT;
	yaml_node_t *item;
	size_t i, j, n = 0;
	int sev, level, bad = 0, ok;

	if (ld->rules == NULL) {
		/* The default rule must still make sense. */
		sev = strlist_find(&cfg->severities, default_rule.severity);
		level = strlist_find(&cfg->levels, default_rule.to);
		if (sev < 0 && ld->severities != NULL)
			problem(ld, ld->severities, "the default escalation "
			    "rule '%s' needs severity '%s': keep it, or set "
			    "'escalation.rules'", default_rule.name,
			    default_rule.severity);
		else if (level < 0 && ld->levels != NULL)
			problem(ld, ld->levels, "the default escalation rule "
			    "'%s' needs level '%s': keep it, or set "
			    "'escalation.rules'", default_rule.name,
			    default_rule.to);
		else if (sev >= 0 && level >= 0)
			set_default_rules(cfg, sev, level + 1);
		return;
	}
	/* Every rule is kept until the end, bad ones too, for their names. */
	if (!is_null(ld->rules))
		rules = xcalloc(seq_len(ld->rules), sizeof(*rules));
	for (i = 0; !is_null(ld->rules) && i < seq_len(ld->rules); i++) {
		item = seq_item(ld, ld->rules, i);
		ok = parse_rule(ld, item, &rules[n]) == 0;
		if (rules[n].name != NULL &&
		    !strset_put(&names, rules[n].name, n, &j)) {
			problem(ld, item, "duplicate rule name '%s' (first at "
			    "line %d)", rules[n].name, rules[j].line);
			ok = 0;
		}
		if (!ok)
			bad = 1;
		n++;
	}
	strset_release(&names);
	if (bad) {
		rules_release(rules, n);
		return;
	}
	rules_release(cfg->rules, cfg->nrules);
	cfg->rules = rules;
	cfg->nrules = n;
}

static void
read_root(struct loader *ld, yaml_node_t *root)
{
	if (root->type != YAML_MAPPING_NODE) {
		if (!is_null(root))
			problem(ld, root, "the configuration must be a mapping "
			    "of keys to values, not %s", kind(root));
		return;
	}
	walk(ld, root, "", top_keys);
	resolve_rules(ld);
}

static void
syntax_problem(struct loader *ld, const yaml_parser_t *p,
    const struct buf *text)
{
	char msg[512];
	size_t i, line = 0, col = 0;

	switch (p->error) {
	case YAML_READER_ERROR:
		/* A byte offset, not a mark: count the lines before it. */
		for (i = 0; i < p->problem_offset && i < text->len; i++) {
			if (text->s[i] == '\n') {
				line++;
				col = 0;
			} else
				col++;
		}
		snprintf(msg, sizeof(msg), "invalid text: %s",
		    p->problem ? p->problem : "unreadable");
		break;
	case YAML_MEMORY_ERROR:
		snprintf(msg, sizeof(msg), "out of memory reading yaml");
		break;
	default:
		line = p->problem_mark.line;
		col = p->problem_mark.column;
		if (p->context != NULL)
			snprintf(msg, sizeof(msg), "yaml syntax error: %s "
			    "(%s at line %zu, column %zu)", p->problem ?
			    p->problem : "invalid", p->context,
			    p->context_mark.line + 1,
			    p->context_mark.column + 1);
		else
			snprintf(msg, sizeof(msg), "yaml syntax error: %s",
			    p->problem ? p->problem : "invalid");
		break;
	}
	report(ld, line, col, msg);
}

/*
 * The limits of config.h over the events of TEXT, before any document is
 * built: a hostile file (an alias bomb, deep nesting, a huge list) is
 * refused at the place it crosses a limit, in time linear in its size.
 * 0 when within them; a syntax error is left to the loader.
 */
struct frame {
	size_t nodes;               /* in this node, aliases expanded */
	size_t items;               /* entries so far, keys and values */
	char *anchor;
	int mapping;
};

static int
check_limits(struct loader *ld, const struct buf *text)
{
	struct frame stack[CONFIG_MAX_DEPTH + 1], *top = NULL;
	struct strset anchors = STRSET_INIT;
	char **names = NULL;
	size_t nnames = 0, aliased = 0, w, i, *v;
	int depth = 0, done = 0, over = 0;
	yaml_parser_t p;
	yaml_event_t ev;
	const char *msg = NULL;
	yaml_char_t *anchor;

	if (!yaml_parser_initialize(&p))
		return 0;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf_str(text),
	    text->len);
	while (!done && !over && yaml_parser_parse(&p, &ev)) {
		anchor = NULL;
		w = 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			anchor = ev.data.scalar.anchor;
			break;
		case YAML_ALIAS_EVENT:
			/* An unknown anchor is the loader's to report. */
			if ((v = strset_get(&anchors,
			    (const char *)ev.data.alias.anchor)) != NULL)
				w = *v;
			if ((aliased += w) > CONFIG_MAX_ALIASED) {
				msg = "aliases stand for more than %d nodes, "
				    "the limit";
				over = CONFIG_MAX_ALIASED;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth == CONFIG_MAX_DEPTH) {
				msg = "lists and mappings nested more than %d "
				    "deep, the limit";
				over = CONFIG_MAX_DEPTH;
				break;
			}
			if (top != NULL)
				top->items++;
			top = &stack[depth++];
			top->nodes = 1;
			top->items = 0;
			top->mapping = ev.type == YAML_MAPPING_START_EVENT;
			anchor = ev.type == YAML_MAPPING_START_EVENT ?
			    ev.data.mapping_start.anchor :
			    ev.data.sequence_start.anchor;
			top->anchor = anchor ? xstrdup((char *)anchor) : NULL;
			anchor = NULL;
			w = 0;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			w = top->nodes;
			anchor = (yaml_char_t *)top->anchor;
			depth--;
			top = depth > 0 ? &stack[depth - 1] : NULL;
			if (top != NULL)
				top->items--; /* counted at the start */
			break;
		default:
			w = 0;
			break;
		}
		if (!over && top != NULL && w > 0) {
			top->nodes += w;
			if (++top->items > (top->mapping ? 2 : 1) *
			    (size_t)CONFIG_MAX_ITEMS) {
				msg = top->mapping ? "a mapping with more "
				    "than %d keys, the limit" : "a list with "
				    "more than %d entries, the limit";
				over = CONFIG_MAX_ITEMS;
			}
		}
		if (anchor != NULL) {
			/* A later anchor of the same name wins, as in yaml. */
			names = xreallocarray(names, nnames + 1,
			    sizeof(*names));
			names[nnames] = xstrdup((char *)anchor);
			if ((v = strset_get(&anchors, names[nnames])) != NULL)
				*v = w;
			else
				strset_put(&anchors, names[nnames], w, NULL);
			nnames++;
			if (ev.type == YAML_SEQUENCE_END_EVENT ||
			    ev.type == YAML_MAPPING_END_EVENT)
				free(anchor);
		}
		if (over) {
			char m[160];

			snprintf(m, sizeof(m), msg, over);
			report(ld, ev.start_mark.line, ev.start_mark.column, m);
		}
		yaml_event_delete(&ev);
	}
	while (depth > 0)
		free(stack[--depth].anchor);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	strset_release(&anchors);
	yaml_parser_delete(&p);
	return over ? -1 : 0;
}

/* The one document of the stream; an empty stream is the defaults. */
static void
read_stream(struct loader *ld, yaml_parser_t *parser, const struct buf *text)
{
	yaml_document_t doc, extra;
	yaml_node_t *root;

	if (!yaml_parser_load(parser, &doc)) {
		syntax_problem(ld, parser, text);
		return;
	}
	ld->doc = &doc;
	if ((root = yaml_document_get_root_node(&doc)) == NULL) {
		yaml_document_delete(&doc);
		return;
	}
	read_root(ld, root);
	yaml_document_delete(&doc);
	ld->doc = NULL;

	/* A second document would be silently ignored. */
	if (!yaml_parser_load(parser, &extra)) {
		syntax_problem(ld, parser, text);
		return;
	}
	if (yaml_document_get_root_node(&extra) != NULL)
		report(ld, extra.start_mark.line, extra.start_mark.column,
		    "more than one yaml document (the configuration is one "
		    "mapping)");
	yaml_document_delete(&extra);
}

/* PATH into B; ST (unless NULL) gets fstat(2) of the file read. */
static int
read_file(const char *path, struct buf *b, struct stat *st,
    struct error *err)
{
	char chunk[8192];
	size_t n;
	FILE *fp;
	int e;

	if ((fp = fopen(path, "rb")) == NULL)
		return error_set(err, EX_NOINPUT,
		    "cannot read configuration '%s': %s", path,
		    strerror(errno));
	if (st != NULL && fstat(fileno(fp), st) == -1)
		memset(st, 0, sizeof(*st));
	/* One byte past the limit is enough to know (/dev/zero ends never). */
	while (b->len <= CONFIG_MAX_BYTES &&
	    (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(b, chunk, n);
	if (ferror(fp)) {
		e = errno;
		fclose(fp);
		return error_set(err, EX_NOINPUT,
		    "cannot read configuration '%s': %s", path, strerror(e));
	}
	fclose(fp);
	return 0;
}

/*
 * CFG from the defaults and PATH; every problem goes to PROBLEMS when not
 * NULL, the first to ERR. CFG is left for the caller to release.
 */
static int
load(struct config *cfg, const char *path, struct stat *st,
    struct buf *problems, struct error *err)
{
	struct buf text = BUF_INIT;
	struct loader ld;
	yaml_parser_t parser;
	char msg[128];
	int rc;

	config_defaults(cfg);
	if ((rc = read_file(path, &text, st, err)) != 0) {
		buf_release(&text);
		return rc;
	}
	memset(&ld, 0, sizeof(ld));
	ld.file = path;
	ld.cfg = cfg;
	if (text.len > CONFIG_MAX_BYTES) {
		snprintf(msg, sizeof(msg), "the configuration is larger than "
		    "%d bytes, the limit", CONFIG_MAX_BYTES);
		report(&ld, 0, 0, msg);
		buf_release(&text);
		report_all(&ld, problems, err);
		return EX_CONFIG;
	}
	if (check_limits(&ld, &text) != 0) {
		buf_release(&text);
		report_all(&ld, problems, err);
		return EX_CONFIG;
	}
	if (!yaml_parser_initialize(&parser)) {
		buf_release(&text);
		return error_set(err, EX_SOFTWARE, "cannot start the yaml "
		    "parser");
	}
	yaml_parser_set_input_string(&parser,
	    (const unsigned char *)buf_str(&text), text.len);
	read_stream(&ld, &parser, &text);
	yaml_parser_delete(&parser);
	buf_release(&text);
	if (report_all(&ld, problems, err) != 0)
		return EX_CONFIG;
	cfg->path = xstrdup(path);
	return 0;
}

/* Whether A and B are the same version of the same file. */
static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

int
config_load(struct config *cfg, const char *path, struct error *err)
{
	struct config_cache_key key;
	struct stat st;
	int rc;

	if (path == NULL) {
		config_defaults(cfg);
		return 0;
	}
	if (config_cache_load(path, cfg, &key) == 0)
		return 0;
	if ((rc = load(cfg, path, &st, NULL, err)) != 0) {
		/* Never half-applied: back to the defaults whole. */
		config_release(cfg);
		config_defaults(cfg);
		return rc;
	}
	/* Only what was read from the very file the key describes (the
	 * stat before, the fstat while reading) may be kept for it. */
	if (key.usable && same_file(&key.st, &st))
		config_cache_store(&key, cfg);
	return 0;
}

int
config_check(const char *path, struct buf *problems, struct error *err)
{
	struct config cfg;
	int rc;

	rc = load(&cfg, path, NULL, problems, err);
	config_release(&cfg);
	return rc;
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
			    find(statuses, v->text) < 0) ||
			    (c->field == RF_JUSTIFIED &&
			    find(justified_values, v->text) < 0) ||
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
	const char *tpl[3] = { cfg->tpl_acknowledgement,
	    cfg->tpl_followup_script, cfg->tpl_final_response };
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
	for (j = 0; j < 3; j++) {
		if (tpl[j] != NULL &&
		    template_check(tpl[j], template_placeholders, &e) != 0)
			return bad_cfg(err, "templates");
	}
	if (cfg->has_roles != 0 && cfg->has_roles != 1)
		return bad_cfg(err, "roles");
	return 0;
}

/* Writing. */

struct emitter {
	yaml_emitter_t e;
	int ok;
	const char *problem;
};

static int
write_buf(void *data, unsigned char *s, size_t len)
{
	buf_add(data, s, len);
	return 1;
}

static void
emit(struct emitter *em, yaml_event_t *ev, int made)
{
	if (!made) {
		if (em->ok)
			em->problem = "text is not valid utf-8";
		em->ok = 0;
		return;
	}
	if (!em->ok) {
		yaml_event_delete(ev);
		return;
	}
	/* The emitter owns the event from here, even when it fails. */
	if (!yaml_emitter_emit(&em->e, ev)) {
		em->ok = 0;
		em->problem = em->e.problem;
	}
}

static void
scalar(struct emitter *em, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	emit(em, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)strlen(s), 1, 1, style));
}

/*
 * Text that another reader could take for something else (null, a
 * boolean, a number, a date) goes in quotes; libyaml quotes the rest as
 * its syntax needs.
 */
static void
text(struct emitter *em, const char *s)
{
	static const char *const lookalikes[] = {
		"~", "null", "true", "false", "yes", "no", "on", "off", "y",
		"n", NULL
	};
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
	const char *const *w;

	if (*s == '\0' || strchr("0123456789+-.", *s) != NULL)
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	for (w = lookalikes; *w != NULL; w++) {
		if (strcasecmp(s, *w) == 0)
			style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	}
	scalar(em, s, style);
}

static void
key(struct emitter *em, const char *name)
{
	scalar(em, name, YAML_PLAIN_SCALAR_STYLE);
}

static void
number(struct emitter *em, int64_t n)
{
	char s[32];

	snprintf(s, sizeof(s), "%" PRId64, n);
	scalar(em, s, YAML_PLAIN_SCALAR_STYLE);
}

static void
duration(struct emitter *em, const struct duration *d)
{
	char s[32];

	duration_format(d, s, sizeof(s));
	scalar(em, s, YAML_PLAIN_SCALAR_STYLE);
}

static void
map_start(struct emitter *em, int flow)
{
	yaml_event_t ev;

	emit(em, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

static void
map_end(struct emitter *em)
{
	yaml_event_t ev;

	emit(em, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void
seq_start(struct emitter *em, int flow)
{
	yaml_event_t ev;

	emit(em, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static void
seq_end(struct emitter *em)
{
	yaml_event_t ev;

	emit(em, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void
names(struct emitter *em, const struct strlist *l)
{
	size_t i;

	seq_start(em, 1);
	for (i = 0; i < l->n; i++)
		text(em, l->v[i]);
	seq_end(em);
}

static void
emit_value(struct emitter *em, const struct config *cfg,
    enum rule_field f, const struct rule_value *v)
{
	const char *s;
	char amount[48];

	switch (rule_field_type(f)) {
	case RT_TEXT:
		text(em, v->text ? v->text : "");
		break;
	case RT_RANK:
		if (f == RF_LEVEL)
			s = config_level_name(cfg, (int)v->num);
		else
			s = v->num >= 0 && (size_t)v->num < cfg->severities.n ?
			    cfg->severities.v[v->num] : NULL;
		if (s != NULL)
			text(em, s);
		else
			number(em, v->num);
		break;
	case RT_BOOL:
		scalar(em, v->num ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
		break;
	case RT_COUNT:
		number(em, v->num);
		break;
	case RT_AMOUNT:
		snprintf(amount, sizeof(amount), "%" PRId64 ".%02" PRId64,
		    v->num / 100, v->num % 100);
		scalar(em, amount, YAML_PLAIN_SCALAR_STYLE);
		break;
	case RT_DURATION:
		duration(em, &v->dur);
		break;
	}
}

static void
emit_values(struct emitter *em, const struct config *cfg,
    const struct rule_cond *c)
{
	size_t i;

	if (c->op != ROP_IN && c->op != ROP_NOT_IN) {
		emit_value(em, cfg, c->field, &c->values[0]);
		return;
	}
	seq_start(em, 1);
	for (i = 0; i < c->nvalues; i++)
		emit_value(em, cfg, c->field, &c->values[i]);
	seq_end(em);
}

static void emit_conds(struct emitter *, const struct config *,
    const struct rule_cond *, size_t, int);

/* An entry of an all: or any: list, the inverse of parse_entry(). */
static void
emit_entry(struct emitter *em, const struct config *cfg,
    const struct rule_cond *c)
{
	if (c->op == ROP_ALL && c->nkids >= 2)
		emit_conds(em, cfg, c->kids, c->nkids, 1);
	else
		emit_conds(em, cfg, c, 1, 1);
}

/*
 * Conditions V, all of which must hold, as one mapping: the inverse of
 * parse_conds(). Neighbours on one field came from one key's operators.
 */
static void
emit_conds(struct emitter *em, const struct config *cfg,
    const struct rule_cond *v, size_t n, int flow)
{
	size_t i, j, k;

	map_start(em, flow);
	for (i = 0; i < n; i = j) {
		j = i + 1;
		if (v[i].op == ROP_ALL || v[i].op == ROP_ANY) {
			key(em, rule_op_name(v[i].op));
			seq_start(em, flow);
			for (k = 0; k < v[i].nkids; k++)
				emit_entry(em, cfg, &v[i].kids[k]);
			seq_end(em);
			continue;
		}
		while (j < n && v[j].op != ROP_ALL && v[j].op != ROP_ANY &&
		    v[j].field == v[i].field)
			j++;
		key(em, rule_field_name(v[i].field));
		if (j - i == 1 && (v[i].op == ROP_EQ || v[i].op == ROP_IN)) {
			emit_values(em, cfg, &v[i]);
			continue;
		}
		map_start(em, 1);
		for (k = i; k < j; k++) {
			key(em, rule_op_name(v[k].op));
			emit_values(em, cfg, &v[k]);
		}
		map_end(em);
	}
	map_end(em);
}

static int
has_combinator(const struct rule_cond *c)
{
	size_t i;

	for (i = 0; i < c->nkids; i++) {
		if (c->kids[i].op == ROP_ALL || c->kids[i].op == ROP_ANY)
			return 1;
	}
	return 0;
}

/* A decimal without the locale's say, the inverse of parse_decimal(). */
static void
decimal(struct emitter *em, double d)
{
	long long scaled = (long long)(d * 1e6 + 0.5);
	char s[48];
	size_t n;

	n = (size_t)snprintf(s, sizeof(s), "%lld.%06lld", scaled / 1000000,
	    scaled % 1000000);
	while (n > 0 && s[n - 1] == '0' && s[n - 2] != '.')
		s[--n] = '\0';
	scalar(em, s, YAML_PLAIN_SCALAR_STYLE);
}

static void
emit_config(struct emitter *em, const struct config *cfg)
{
	static const char *const templates[] = {
		"acknowledgement", "followup_script", "final_response"
	};
	const char *tpl[3] = { cfg->tpl_acknowledgement,
	    cfg->tpl_followup_script, cfg->tpl_final_response };
	const struct rule *r;
	char hhmm[16], date[16];
	int i, j, y, m, d;
	size_t h;

	map_start(em, 0);
	key(em, "organisation");
	text(em, cfg->organisation);
	key(em, "reference_prefix");
	text(em, cfg->reference_prefix);
	key(em, "timezone");
	text(em, cfg->timezone);
	key(em, "currency");
	text(em, cfg->currency);
	key(em, "database");
	if (cfg->database != NULL)
		text(em, cfg->database);
	else
		scalar(em, "null", YAML_PLAIN_SCALAR_STYLE);
	key(em, "busy_timeout");
	number(em, cfg->busy_timeout_ms);

	key(em, "calendar");
	map_start(em, 0);
	key(em, "days");
	seq_start(em, 1);
	for (i = 1; i <= 7; i++) {
		/* Monday first, as people write a week. */
		if (cfg->calendar.days & 1u << i % 7)
			scalar(em, day_names[i % 7], YAML_PLAIN_SCALAR_STYLE);
	}
	seq_end(em);
	key(em, "opens");
	snprintf(hhmm, sizeof(hhmm), "%02d:%02d", cfg->calendar.opens / 60,
	    cfg->calendar.opens % 60);
	scalar(em, hhmm, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	key(em, "closes");
	snprintf(hhmm, sizeof(hhmm), "%02d:%02d", cfg->calendar.closes / 60,
	    cfg->calendar.closes % 60);
	scalar(em, hhmm, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	key(em, "holidays");
	seq_start(em, 1);
	for (h = 0; h < cfg->calendar.nholidays; h++) {
		days_to_civil(cfg->calendar.holidays[h], &y, &m, &d);
		snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
		scalar(em, date, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	}
	seq_end(em);
	map_end(em);

	key(em, "deadlines");
	map_start(em, 0);
	key(em, "acknowledge");
	duration(em, &cfg->ack_deadline);
	key(em, "resolve");
	duration(em, &cfg->resolve_deadline);
	key(em, "callback");
	duration(em, &cfg->callback_deadline);
	key(em, "followup");
	duration(em, &cfg->followup_deadline);
	key(em, "followup_attempts");
	number(em, cfg->followup_attempts);
	map_end(em);

	key(em, "channels");
	names(em, &cfg->channels);
	key(em, "categories");
	names(em, &cfg->categories);
	key(em, "severities");
	names(em, &cfg->severities);
	key(em, "remedies");
	names(em, &cfg->remedies);

	key(em, "escalation");
	map_start(em, 0);
	key(em, "levels");
	names(em, &cfg->levels);
	key(em, "rules");
	seq_start(em, cfg->nrules == 0);
	for (h = 0; h < cfg->nrules; h++) {
		r = &cfg->rules[h];
		map_start(em, 0);
		key(em, "name");
		text(em, r->name);
		key(em, "when");
		emit_conds(em, cfg, r->when.kids, r->when.nkids,
		    !has_combinator(&r->when));
		key(em, "to");
		text(em, config_level_name(cfg, r->to_level) ?
		    config_level_name(cfg, r->to_level) : "");
		map_end(em);
	}
	seq_end(em);
	map_end(em);

	key(em, "priority");
	seq_start(em, 0);
	for (i = 0; i < 3; i++) {
		seq_start(em, 1);
		for (j = 0; j < 3; j++)
			number(em, cfg->priority[i][j]);
		seq_end(em);
	}
	seq_end(em);

	key(em, "spikes");
	map_start(em, 0);
	key(em, "window");
	duration(em, &cfg->spike_window);
	key(em, "baseline");
	number(em, cfg->spike_baseline_windows);
	key(em, "factor");
	decimal(em, cfg->spike_factor);
	key(em, "min_count");
	number(em, cfg->spike_min_count);
	map_end(em);

	key(em, "limits");
	map_start(em, 0);
	key(em, "idempotency");
	duration(em, &cfg->idempotency_keep);
	map_end(em);

	key(em, "templates");
	map_start(em, 0);
	for (i = 0; i < 3; i++) {
		key(em, templates[i]);
		scalar(em, tpl[i] ? tpl[i] : "", YAML_LITERAL_SCALAR_STYLE);
	}
	map_end(em);

	if (cfg->has_roles) {
		key(em, "roles");
		map_start(em, 0);
		key(em, "managers");
		names(em, &cfg->managers);
		key(em, "delegates");
		names(em, &cfg->delegates);
		map_end(em);
	}
	map_end(em);
}

int
config_to_yaml(const struct config *cfg, struct buf *out, struct error *err)
{
	struct emitter em;
	struct buf yaml = BUF_INIT;
	yaml_event_t ev;

	memset(&em, 0, sizeof(em));
	if (!yaml_emitter_initialize(&em.e))
		return error_set(err, EX_SOFTWARE, "cannot start the yaml "
		    "emitter");
	em.ok = 1;
	yaml_emitter_set_output(&em.e, write_buf, &yaml);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_width(&em.e, 78);
	emit(&em, &ev, yaml_stream_start_event_initialize(&ev,
	    YAML_UTF8_ENCODING));
	emit(&em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL,
	    NULL, 1));
	emit_config(&em, cfg);
	emit(&em, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(&em, &ev, yaml_stream_end_event_initialize(&ev));
	if (em.ok && !yaml_emitter_flush(&em.e)) {
		em.ok = 0;
		em.problem = em.e.problem;
	}
	yaml_emitter_delete(&em.e);
	if (!em.ok) {
		buf_release(&yaml);
		return error_set(err, EX_SOFTWARE, "cannot write the "
		    "configuration as yaml: %s", em.problem ? em.problem :
		    "unknown problem");
	}
	buf_add(out, yaml.s ? yaml.s : "", yaml.len);
	buf_release(&yaml);
	return 0;
}
