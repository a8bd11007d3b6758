/*
 * Reading the configuration: one YAML file overlaid on the defaults,
 * read strictly through libyaml's document API so that every problem is
 * reported as FILE:LINE:COL, through the table of keys below; the rule
 * language ("when:") included. The compiled cache (configcache.c) spares
 * the parse while the file is unchanged.
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
#include "config_impl.h"
#include "config_read.h"
#include "configcache.h"
#include "conninfo.h"
#include "name.h"
#include "strset.h"
#include "template.h"
#include "xmalloc.h"
#include "yamlnode.h"


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

void
ld_problem(struct loader *ld, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report(ld, n->start_mark.line, n->start_mark.column, msg);
}

yaml_node_t *
ld_node(struct loader *ld, int id)
{
	return yaml_document_get_node(ld->doc, id);
}

const char *
ld_kind(const yaml_node_t *n)
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
int
ld_is_null(const yaml_node_t *n)
{
	return yaml_node_is_null(n);
}

size_t
ld_seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
}

yaml_node_t *
ld_seq_item(struct loader *ld, const yaml_node_t *n, size_t i)
{
	return ld_node(ld, n->data.sequence.items.start[i]);
}

/*
 * The text of scalar N, or NULL after reporting why not. SUBJ names N in
 * the message ("'organisation'", "an entry of 'channels'"); WHAT says
 * what it should be ("text", "a whole number").
 */
const char *
ld_text_of(struct loader *ld, const yaml_node_t *n, const char *subj,
    const char *what)
{
	if (n->type != YAML_SCALAR_NODE) {
		ld_problem(ld, n, "%s must be %s, not %s", subj, what, ld_kind(n));
		return NULL;
	}
	if (ld_is_null(n) || n->data.scalar.length == 0) {
		ld_problem(ld, n, "%s needs a value", subj);
		return NULL;
	}
	if (strlen(scalar_text(n)) != n->data.scalar.length) {
		ld_problem(ld, n, "%s contains a NUL character", subj);
		return NULL;
	}
	return scalar_text(n);
}

const char *
ld_key_text(struct loader *ld, const yaml_node_t *n, const char *path,
    const char *what)
{
	char subj[160];

	snprintf(subj, sizeof(subj), "'%s'", path);
	return ld_text_of(ld, n, subj, what);
}

static const char *
item_text(struct loader *ld, const yaml_node_t *n, const char *path,
    const char *what)
{
	char subj[160];

	snprintf(subj, sizeof(subj), "an entry of '%s'", path);
	return ld_text_of(ld, n, subj, what);
}

/* Whether N is of TYPE (a null counts as empty), else say so. */
static int
want(struct loader *ld, const yaml_node_t *n, yaml_node_type_t type,
    const char *path)
{
	if (n->type == type || ld_is_null(n))
		return 1;
	ld_problem(ld, n, "'%s' must be %s, not %s", path,
	    type == YAML_MAPPING_NODE ? "a mapping" : "a list", ld_kind(n));
	return 0;
}

int
ld_parse_int(const char *s, long long *v)
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
int
ld_parse_amount(const char *s, int64_t *minor)
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

int
ld_parse_bool(const char *s, int64_t *v)
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

	if ((s = ld_key_text(ld, v, path, "text")) != NULL)
		config_replace(FIELD(ld, k, char *), s);
}

static void
set_prefix(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s, *p;

	if ((s = ld_key_text(ld, v, path, "text")) == NULL)
		return;
	for (p = s; (*p >= 'A' && *p <= 'Z') || (p > s && *p >= '0' &&
	    *p <= '9'); p++)
		continue;
	if (*p != '\0' || p - s > 10) {
		ld_problem(ld, v, "invalid reference prefix '%s' (expected 1 to "
		    "10 capital letters and digits, starting with a letter)",
		    s);
		return;
	}
	config_replace(FIELD(ld, k, char *), s);
}

static void
set_timezone(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;

	if ((s = ld_key_text(ld, v, path, "text")) == NULL)
		return;
	if (!tz_valid(s)) {
		ld_problem(ld, v, "unknown time zone '%s' (expected an IANA "
		    "name such as Europe/London, or UTC)", s);
		return;
	}
	config_replace(FIELD(ld, k, char *), s);
}

static void
set_currency(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;
	int i;

	if ((s = ld_key_text(ld, v, path, "text")) == NULL)
		return;
	for (i = 0; i < 3 && s[i] >= 'A' && s[i] <= 'Z'; i++)
		continue;
	if (i < 3 || s[3] != '\0') {
		ld_problem(ld, v, "invalid currency '%s' (expected an ISO 4217 "
		    "code of 3 capital letters, such as GBP)", s);
		return;
	}
	config_replace(FIELD(ld, k, char *), s);
}

static void
set_database(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	char **dst = FIELD(ld, k, char *);
	const char *s, *home;

	if (ld_is_null(v)) {
		config_replace(dst, NULL);
		return;
	}
	if ((s = ld_key_text(ld, v, path, "a file name")) == NULL)
		return;
	/* SPEC 2: a configuration file is shared and copied about;
	 * passwords live where libpq looks for them. */
	if (conninfo_has_password(s)) {
		ld_problem(ld, v, "'%s' holds a password: keep it where "
		    "PostgreSQL looks for one (~/.pgpass, PGPASSFILE, a "
		    "service file), not in the configuration", path);
		return;
	}
	if (strncmp(s, "~/", 2) != 0) {
		config_replace(dst, s);
		return;
	}
	if ((home = getenv("HOME")) == NULL || *home == '\0') {
		ld_problem(ld, v, "cannot expand '~/' in '%s': HOME is not set",
		    path);
		return;
	}
	free(*dst);
	*dst = xasprintf("%s%s%s", home,
	    home[strlen(home) - 1] == '/' ? "" : "/", s + 2);
}

/* Text of one line: no control character can reach a mail header or a
 * command line. NULL (after a problem) otherwise. */
static const char *
line_text(struct loader *ld, yaml_node_t *v, const char *path,
    const char *what)
{
	const char *s, *p;

	if ((s = ld_key_text(ld, v, path, what)) == NULL)
		return NULL;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			ld_problem(ld, v, "invalid value for '%s': a control "
			    "character (expected %s on one line)", path, what);
			return NULL;
		}
	if (*s == '\0') {
		ld_problem(ld, v, "empty value for '%s' (expected %s)", path,
		    what);
		return NULL;
	}
	return s;
}

/* mail.from: an address, as in complaints@example.com or
 * "Acme Complaints <complaints@example.com>"; null for the mailer's. */
static void
set_address(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s, *at;

	if (ld_is_null(v)) {
		config_replace(FIELD(ld, k, char *), NULL);
		return;
	}
	if ((s = line_text(ld, v, path, "an e-mail address")) == NULL)
		return;
	if ((at = strchr(s, '@')) == NULL || at == s || at[1] == '\0') {
		ld_problem(ld, v, "invalid address '%s' for '%s' (expected an "
		    "e-mail address such as complaints@example.com)", s, path);
		return;
	}
	config_replace(FIELD(ld, k, char *), s);
}

/* mail.sendmail: a command and its arguments split at spaces, run
 * without a shell. */
static void
set_command(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;

	if ((s = line_text(ld, v, path, "a command")) == NULL)
		return;
	if (s[strspn(s, " ")] != '/') {
		ld_problem(ld, v, "invalid command '%s' for '%s' (expected an "
		    "absolute path and its arguments, as in %s)", s, path,
		    SENDMAIL_DEFAULT);
		return;
	}
	config_replace(FIELD(ld, k, char *), s);
}

/* mail.owner: who owns the complaints mail brings in; null for the
 * acting user. */
static void
set_owner(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;
	struct error e;

	if (ld_is_null(v)) {
		config_replace(FIELD(ld, k, char *), NULL);
		return;
	}
	if ((s = line_text(ld, v, path, "a name")) == NULL)
		return;
	if (name_check(s, path, &e) != 0) {
		ld_problem(ld, v, "%s", e.msg);
		return;
	}
	config_replace(FIELD(ld, k, char *), s);
}

static void
set_int(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;
	long long n;

	if ((s = ld_key_text(ld, v, path, "a whole number")) == NULL)
		return;
	if (ld_parse_int(s, &n) == -1 || n < k->min || n > k->max) {
		ld_problem(ld, v, "invalid value '%s' for '%s' (expected a whole "
		    "number from %lld to %lld)", s, path, k->min, k->max);
		return;
	}
	*FIELD(ld, k, int) = (int)n;
}

/* A size in bytes: a whole number with an optional unit, B, KB, MB or GB
 * (powers of 1024), as in 25MB. */
static int
parse_size(const char *s, long long *out)
{
	static const struct { const char *u; long long m; } units[] = {
		{ "", 1 }, { "B", 1 }, { "KB", 1024 }, { "K", 1024 },
		{ "MB", 1024 * 1024 }, { "M", 1024 * 1024 },
		{ "GB", 1024LL * 1024 * 1024 }, { "G", 1024LL * 1024 * 1024 },
	};
	long long n = 0;
	size_t i;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > 1000000000000LL)
			return -1;
		n = n * 10 + (*s - '0');
	}
	while (*s == ' ')
		s++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s, units[i].u) == 0) {
			if (n > ATTACHMENT_LIMIT_MAX)
				return -1;
			*out = n * units[i].m;
			return 0;
		}
	}
	return -1;
}

static void
set_size(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;
	long long n;

	if ((s = ld_key_text(ld, v, path, "a size")) == NULL)
		return;
	if (parse_size(s, &n) == -1 || n < k->min || n > k->max) {
		ld_problem(ld, v, "invalid value '%s' for '%s' (expected a size "
		    "from 1 byte to 1GB: a whole number and B, KB, MB or GB, "
		    "as in 25MB)", s, path);
		return;
	}
	*FIELD(ld, k, int64_t) = n;
}

int
ld_duration_of(struct loader *ld, yaml_node_t *v, const char *s,
    const char *what, struct duration *d)
{
	struct error e;

	if (duration_parse(s, d, &e) != 0) {
		ld_problem(ld, v, "invalid duration '%s' for '%s' (expected a "
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

	if ((s = ld_key_text(ld, v, path, "a duration")) == NULL)
		return;
	if (ld_duration_of(ld, v, s, path, &d) != 0)
		return;
	if (d.unit == DUR_COB) {
		ld_problem(ld, v, "invalid duration '%s' for '%s' (a length is "
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

	if ((s = ld_key_text(ld, v, path, "a duration")) == NULL)
		return;
	if (ld_duration_of(ld, v, s, path, &d) == 0)
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
	for (i = 0; !ld_is_null(v) && i < ld_seq_len(v); i++) {
		item = ld_seq_item(ld, v, i);
		if ((s = item_text(ld, item, path, "text")) == NULL)
			bad = 1;
		else if (!strset_add(&seen, s)) {
			ld_problem(ld, item, "duplicate entry '%s' in '%s'", s,
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
		ld_problem(ld, v, "'%s' needs at least one entry", path);
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
		ld_problem(ld, v, "'%s' needs at least one entry", path);
	for (i = 0; i < l->n; i++) {
		/* Level 0 and level numbers are spoken for. */
		if (strcmp(l->v[i], "frontline") == 0 ||
		    strspn(l->v[i], "0123456789") == strlen(l->v[i]))
			ld_problem(ld, ld_seq_item(ld, v, i), "invalid escalation "
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
	if (want(ld, v, YAML_MAPPING_NODE, path) && !ld_is_null(v))
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
		ld_problem(ld, at, "'calendar.closes' (%02d:%02d) must be after "
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
	for (i = 0; !ld_is_null(v) && i < ld_seq_len(v); i++) {
		item = ld_seq_item(ld, v, i);
		if ((s = item_text(ld, item, path, "a day name")) == NULL) {
			bad = 1;
			continue;
		}
		for (d = 0; d < 7 && strcmp(config_day_names[d], s) != 0; d++)
			continue;
		if (d == 7) {
			ld_problem(ld, item, "unknown day '%s' (expected mon, "
			    "tue, wed, thu, fri, sat, sun)", s);
			bad = 1;
		} else if (days & 1u << d) {
			ld_problem(ld, item, "duplicate entry '%s' in '%s'", s,
			    path);
			bad = 1;
		} else
			days |= 1u << d;
	}
	if (bad)
		return;
	if (days == 0) {
		ld_problem(ld, v, "'%s' needs at least one day", path);
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
	if ((s = ld_key_text(ld, v, path, "a time")) == NULL) {
		ld->bad_time = 1;
		return;
	}
	if (parse_clock(s, closes, &m) == -1) {
		ld_problem(ld, v, "invalid time '%s' for '%s' (expected HH:MM, "
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
	if (!ld_is_null(v))
		days = xcalloc(ld_seq_len(v), sizeof(*days));
	for (i = 0; !ld_is_null(v) && i < ld_seq_len(v); i++) {
		item = ld_seq_item(ld, v, i);
		if ((s = item_text(ld, item, path, "a date")) == NULL)
			bad = 1;
		else if (parse_date(s, &days[n]) == -1) {
			ld_problem(ld, item, "invalid date '%s' in '%s' "
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
		ld_problem(ld, v, "'%s' must be a list of 3 rows (impact 1 to 3) "
		    "of 3 values (urgency 1 to 3), not %s", path, ld_kind(v));
		return;
	}
	if (ld_seq_len(v) != 3) {
		ld_problem(ld, v, "'%s' needs 3 rows (impact 1 to 3), not %zu",
		    path, ld_seq_len(v));
		return;
	}
	for (i = 0; i < 3; i++) {
		row = ld_seq_item(ld, v, i);
		if (row->type != YAML_SEQUENCE_NODE || ld_seq_len(row) != 3) {
			ld_problem(ld, row, "row %zu of '%s' must be a list of 3 "
			    "values (urgency 1 to 3)", i + 1, path);
			bad = 1;
			continue;
		}
		for (j = 0; j < 3; j++) {
			cell = ld_seq_item(ld, row, j);
			if ((s = item_text(ld, cell, path, "a number")) ==
			    NULL) {
				bad = 1;
				continue;
			}
			if (ld_parse_int(s, &n) == -1 || n < 1 || n > 5) {
				ld_problem(ld, cell, "invalid priority '%s' "
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

	if ((s = ld_key_text(ld, v, path, "a number")) == NULL)
		return;
	if (parse_decimal(s, &d) == -1 || d < 1.0 || d > 1000.0) {
		ld_problem(ld, v, "invalid value '%s' for '%s' (expected a number "
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

	if ((s = ld_key_text(ld, v, path, "text")) == NULL)
		return;
	if (template_check(s, template_placeholders, &e) != 0) {
		ld_problem(ld, v, "%s", e.msg);
		return;
	}
	config_replace(FIELD(ld, k, char *), s);
}

/* A mapping of names to names (returns.fca.products): each key one of
 * ours, each value the regulator's name or code, both text. */
static void
set_map(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	struct strmap *m = FIELD(ld, k, struct strmap);
	struct strmap out = { { NULL, 0 }, { NULL, 0 } };
	struct strset seen = STRSET_INIT;
	yaml_node_pair_t *pair;
	const char *from, *to;
	int bad = 0;

	if (!want(ld, v, YAML_MAPPING_NODE, path))
		return;
	for (pair = ld_is_null(v) ? NULL : v->data.mapping.pairs.start;
	    pair != NULL && pair < v->data.mapping.pairs.top; pair++) {
		if ((from = ld_pair_key(ld, &seen, pair)) == NULL ||
		    (to = ld_key_text(ld, ld_node(ld, pair->value), path,
		    "text")) == NULL) {
			bad = 1;
			continue;
		}
		strlist_add(&out.from, from);
		strlist_add(&out.to, to);
	}
	strset_release(&seen);
	if (bad) {
		strmap_release(&out);
		return;
	}
	strmap_release(m);
	*m = out;
}

static void
set_flag(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	const char *s;
	int64_t b;

	if ((s = ld_key_text(ld, v, path, "true or false")) == NULL)
		return;
	if (ld_parse_bool(s, &b) != 0) {
		ld_problem(ld, v, "invalid value '%s' for '%s' (expected true "
		    "or false)", s, path);
		return;
	}
	*FIELD(ld, k, int) = (int)b;
}

static void
set_regimes(struct loader *ld, const struct key *k, const char *path,
    yaml_node_t *v)
{
	(void)k;
	/* A regime's when names categories that may come later. */
	if (want(ld, v, YAML_MAPPING_NODE, path))
		ld->regimes = v;
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
	{ .name = "summary", .set = set_duration,
	    .off = offsetof(struct config, summary_deadline) },
	{ .name = "holding", .set = set_duration,
	    .off = offsetof(struct config, holding_deadline) },
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
	{ .name = "summary", .set = set_template,
	    .off = offsetof(struct config, tpl_summary) },
	{ .name = "holding", .set = set_template,
	    .off = offsetof(struct config, tpl_holding) },
	{ .name = NULL }
};

static const struct key role_keys[] = {
	{ .name = "managers", .set = set_list,
	    .off = offsetof(struct config, managers) },
	{ .name = "delegates", .set = set_list,
	    .off = offsetof(struct config, delegates) },
	{ .name = NULL }
};

static const struct key limit_keys[] = {
	{ .name = "attachment", .set = set_size,
	    .off = offsetof(struct config, attachment_max),
	    .min = 1, .max = ATTACHMENT_LIMIT_MAX },
	{ .name = "idempotency", .set = set_length,
	    .off = offsetof(struct config, idempotency_keep) },
	{ .name = "message", .set = set_size,
	    .off = offsetof(struct config, message_max),
	    .min = 1, .max = ATTACHMENT_LIMIT_MAX },
	{ .name = NULL }
};

static const struct key mail_keys[] = {
	{ .name = "from", .set = set_address,
	    .off = offsetof(struct config, mail_from) },
	{ .name = "sendmail", .set = set_command,
	    .off = offsetof(struct config, mail_sendmail) },
	{ .name = "owner", .set = set_owner,
	    .off = offsetof(struct config, mail_owner) },
	{ .name = NULL }
};

static const struct key fca_return_keys[] = {
	{ .name = "products", .set = set_map,
	    .off = offsetof(struct config, fca_products) },
	{ .name = "causes", .set = set_map,
	    .off = offsetof(struct config, fca_causes) },
	{ .name = "vulnerability", .set = set_flag,
	    .off = offsetof(struct config, fca_vulnerability) },
	{ .name = NULL }
};

static const struct key asic_return_keys[] = {
	{ .name = "products", .set = set_map,
	    .off = offsetof(struct config, asic_products) },
	{ .name = "issues", .set = set_map,
	    .off = offsetof(struct config, asic_issues) },
	{ .name = "outcomes", .set = set_map,
	    .off = offsetof(struct config, asic_outcomes) },
	{ .name = "channels", .set = set_map,
	    .off = offsetof(struct config, asic_channels) },
	{ .name = NULL }
};

static const struct key return_keys[] = {
	{ .name = "fca", .set = set_section, .sub = fca_return_keys },
	{ .name = "asic", .set = set_section, .sub = asic_return_keys },
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
	{ .name = "roles", .set = set_roles, .sub = role_keys },
	{ .name = "regimes", .set = set_regimes },
	{ .name = "limits", .set = set_section, .sub = limit_keys },
	{ .name = "mail", .set = set_section, .sub = mail_keys },
	{ .name = "returns", .set = set_section, .sub = return_keys },
	{ .name = NULL }
};

/*
 * The name of the key of PAIR in mapping MAP, or NULL after a problem: a
 * key must be text and appear once.
 */
const char *
ld_pair_key(struct loader *ld, struct strset *seen, yaml_node_pair_t *pair)
{
	yaml_node_t *k = ld_node(ld, pair->key);

	if (k->type != YAML_SCALAR_NODE || ld_is_null(k)) {
		ld_problem(ld, k, "a key must be a name, not %s",
		    k->type == YAML_SCALAR_NODE ? "empty" : ld_kind(k));
		return NULL;
	}
	if (!strset_add(seen, scalar_text(k))) {
		ld_problem(ld, k, "duplicate key '%s'", scalar_text(k));
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
		if ((name = ld_pair_key(ld, &seen, pair)) == NULL)
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
			ld_problem(ld, ld_node(ld, pair->key), "unknown key "
			    "'%s'%s%s%s (expected one of: %s)", name,
			    *path ? " in '" : "", path, *path ? "'" : "",
			    buf_str(&expected));
			continue;
		}
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "",
		    name);
		k->set(ld, k, sub, ld_node(ld, pair->value));
	}
	strset_release(&seen);
	buf_release(&expected);
}

static void
read_root(struct loader *ld, yaml_node_t *root)
{
	if (root->type != YAML_MAPPING_NODE) {
		if (!ld_is_null(root))
			ld_problem(ld, root, "the configuration must be a mapping "
			    "of keys to values, not %s", ld_kind(root));
		return;
	}
	walk(ld, root, "", top_keys);
	ld_resolve_rules(ld);
	ld_resolve_regimes(ld);
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
