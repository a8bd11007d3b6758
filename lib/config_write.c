/*
 * Writing the configuration back as YAML (config --show) through
 * libyaml's emitter: the inverse of config_read.c.
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

#include "complaint.h"
#include "config.h"
#include "config_impl.h"
#include "template.h"
#include "xmalloc.h"

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
strmap(struct emitter *em, const char *name, const struct strmap *m)
{
	size_t i;

	if (m->from.n == 0)
		return;
	key(em, name);
	map_start(em, 0);
	for (i = 0; i < m->from.n; i++) {
		key(em, m->from.v[i]);
		text(em, m->to.v[i]);
	}
	map_end(em);
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
		amount_format(v->num, amount, sizeof(amount));
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

/* A text key whose default is none: null, as config.example.yaml has it. */
static void
optional_text(struct emitter *em, const char *s)
{
	if (s != NULL)
		text(em, s);
	else
		scalar(em, "null", YAML_PLAIN_SCALAR_STYLE);
}

static void
emit_config(struct emitter *em, const struct config *cfg)
{
	static const char *const templates[] = {
		"acknowledgement", "followup_script", "final_response",
		"summary", "holding"
	};
	const char *tpl[5] = { cfg->tpl_acknowledgement,
	    cfg->tpl_followup_script, cfg->tpl_final_response,
	    cfg->tpl_summary, cfg->tpl_holding };
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
			scalar(em, config_day_names[i % 7], YAML_PLAIN_SCALAR_STYLE);
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
	key(em, "summary");
	duration(em, &cfg->summary_deadline);
	key(em, "holding");
	duration(em, &cfg->holding_deadline);
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

	key(em, "mail");
	map_start(em, 0);
	key(em, "from");
	optional_text(em, cfg->mail_from);
	key(em, "sendmail");
	text(em, cfg->mail_sendmail);
	key(em, "owner");
	optional_text(em, cfg->mail_owner);
	map_end(em);

	key(em, "limits");
	map_start(em, 0);
	key(em, "attachment");
	number(em, cfg->attachment_max);
	key(em, "message");
	number(em, cfg->message_max);
	key(em, "idempotency");
	duration(em, &cfg->idempotency_keep);
	map_end(em);

	key(em, "templates");
	map_start(em, 0);
	for (i = 0; i < 5; i++) {
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
	if (cfg->nregimes > 0) {
		key(em, "regimes");
		map_start(em, 0);
		for (h = 0; h < cfg->nregimes; h++) {
			r = &cfg->regimes[h].rule;
			key(em, r->name);
			map_start(em, 0);
			key(em, "deadlines");
			map_start(em, 0);
			for (i = 0; i < DL__COUNT; i++) {
				if (!(cfg->regimes[h].set & 1u << i))
					continue;
				key(em, config_deadline_name(i));
				duration(em, &cfg->regimes[h].d[i]);
			}
			map_end(em);
			if (r->when.nkids > 0) {
				key(em, "when");
				emit_conds(em, cfg, r->when.kids,
				    r->when.nkids, !has_combinator(&r->when));
			}
			map_end(em);
		}
		map_end(em);
	}
	if (cfg->fca_products.from.n || cfg->fca_causes.from.n ||
	    cfg->fca_vulnerability || cfg->asic_products.from.n ||
	    cfg->asic_issues.from.n || cfg->asic_outcomes.from.n ||
	    cfg->asic_channels.from.n) {
		key(em, "returns");
		map_start(em, 0);
		key(em, "fca");
		map_start(em, 0);
		strmap(em, "products", &cfg->fca_products);
		strmap(em, "causes", &cfg->fca_causes);
		key(em, "vulnerability");
		scalar(em, cfg->fca_vulnerability ? "true" : "false",
		    YAML_PLAIN_SCALAR_STYLE);
		map_end(em);
		key(em, "asic");
		map_start(em, 0);
		strmap(em, "products", &cfg->asic_products);
		strmap(em, "issues", &cfg->asic_issues);
		strmap(em, "outcomes", &cfg->asic_outcomes);
		strmap(em, "channels", &cfg->asic_channels);
		map_end(em);
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
