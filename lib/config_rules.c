/*
 * The rule language of the configuration ("when:" conditions with all:,
 * any: and not:, comparisons of the complaint's fields), read from the
 * YAML document once the lists the rules name are known. Evaluating
 * rules is rules.c's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "config_impl.h"
#include "config_read.h"
#include "strset.h"
#include "xmalloc.h"

/* Rules: the "when" language. */

static int parse_conds(struct loader *, yaml_node_t *, int,
    struct rule_cond **, size_t *);

static void
expected_names(struct buf *out, const struct strlist *l, const char *first)
{
	if (first != NULL)
		buf_printf(out, "%s%s", first, l->n > 0 ? ", " : "");
	config_join(out, (const char *const *)l->v, l->n);
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
	if ((s = ld_text_of(ld, n, subj, "a single value")) == NULL)
		return -1;
	switch (f) {
	case RF_STATUS:
		fixed = config_statuses;
		what = "status";
		break;
	case RF_JUSTIFIED:
		fixed = config_justified_values;
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
			ld_problem(ld, n, "unknown severity '%s' (expected one "
			    "of: %s)", s, buf_str(&exp));
			buf_release(&exp);
			return -1;
		}
		out->num = i;
		return 0;
	case RF_LEVEL:
		if ((i = config_level_lookup(cfg, s)) < 0) {
			expected_names(&exp, &cfg->levels, "frontline");
			ld_problem(ld, n, "unknown escalation level '%s' "
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
		if (ld_parse_bool(s, &out->num) == -1) {
			ld_problem(ld, n, "invalid value '%s' for '%s' (expected "
			    "true or false)", s, name);
			return -1;
		}
		return 0;
	case RF_CONTACTS:
	case RF_PRIORITY:
		if (ld_parse_int(s, &num) == -1 || num < 0) {
			ld_problem(ld, n, "invalid value '%s' for '%s' (expected "
			    "a whole number, 0 or more)", s, name);
			return -1;
		}
		out->num = num;
		return 0;
	case RF_AMOUNT:
		if (ld_parse_amount(s, &out->num) == -1) {
			ld_problem(ld, n, "invalid amount '%s' (expected a "
			    "number with at most 2 decimals, such as 50 or "
			    "12.50)", s);
			return -1;
		}
		return 0;
	case RF_AGE:
	case RF_IDLE:
		return ld_duration_of(ld, n, s, name, &out->dur);
	default:
		ld_problem(ld, n, "field '%s' takes no value", name);
		return -1;
	}
	/* The text fields with a closed set of values. */
	if (fixed != NULL ? config_find(fixed, s) >= 0 : strlist_find(l, s) >= 0) {
		out->text = xstrdup(s);
		return 0;
	}
	if (fixed != NULL)
		config_join(&exp, fixed, config_count(fixed));
	else
		expected_names(&exp, l, NULL);
	ld_problem(ld, n, "unknown %s '%s' (expected one of: %s)", what, s,
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
	if (n->type != YAML_SEQUENCE_NODE || ld_seq_len(n) == 0) {
		ld_problem(ld, n, "'%s' of '%s' needs a list of values, not %s",
		    rule_op_name(c->op), field, n->type == YAML_SEQUENCE_NODE ?
		    "an empty one" : ld_kind(n));
		return -1;
	}
	c->values = xcalloc(ld_seq_len(n), sizeof(*c->values));
	c->nvalues = ld_seq_len(n);
	for (i = 0; i < ld_seq_len(n); i++) {
		if (parse_value(ld, c->field, ld_seq_item(ld, n, i),
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
		c = config_cond_push(v, nv);
		c->field = f;
		c->op = n->type == YAML_SEQUENCE_NODE ? ROP_IN : ROP_EQ;
		return parse_values(ld, c, n);
	}
	if (n->data.mapping.pairs.top == n->data.mapping.pairs.start) {
		ld_problem(ld, n, "no operator for '%s'", rule_field_name(f));
		return -1;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((opname = ld_pair_key(ld, &seen, pair)) == NULL) {
			bad = 1;
			continue;
		}
		k = ld_node(ld, pair->key);
		if ((op = rule_op_lookup(opname)) < 0) {
			buf_reset(&exp);
			for (i = ROP_EQ; i <= ROP_NOT_IN; i++)
				buf_printf(&exp, "%s%s", i > ROP_EQ ? ", " : "",
				    rule_op_name(i));
			ld_problem(ld, k, "unknown operator '%s' (expected %s)",
			    opname, buf_str(&exp));
			bad = 1;
			continue;
		}
		if (op >= ROP_LT && op <= ROP_GTE && !rule_field_ordered(f)) {
			ld_problem(ld, k, "operator '%s' needs an ordered field, "
			    "and '%s' is not one (ordered: severity, level, "
			    "contacts, amount, age, idle, priority)", opname,
			    rule_field_name(f));
			bad = 1;
			continue;
		}
		c = config_cond_push(v, nv);
		c->field = f;
		c->op = op;
		if (parse_values(ld, c, ld_node(ld, pair->value)) == -1)
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

	if (n->type != YAML_MAPPING_NODE || ld_is_null(n) ||
	    n->data.mapping.pairs.top == n->data.mapping.pairs.start) {
		ld_problem(ld, n, "a condition must be a mapping of fields to "
		    "values, not %s", n->type == YAML_MAPPING_NODE ||
		    ld_is_null(n) ? "an empty one" : ld_kind(n));
		return -1;
	}
	/* An alias can make a condition contain itself. */
	if (depth > MAX_DEPTH) {
		ld_problem(ld, n, "conditions nested too deeply (at most %d "
		    "levels of all and any)", MAX_DEPTH);
		return -1;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((name = ld_pair_key(ld, &seen, pair)) == NULL) {
			bad = 1;
			continue;
		}
		k = ld_node(ld, pair->key);
		val = ld_node(ld, pair->value);
		if (strcmp(name, "all") == 0 || strcmp(name, "any") == 0) {
			if (val->type != YAML_SEQUENCE_NODE ||
			    ld_seq_len(val) == 0) {
				ld_problem(ld, val, "'%s' needs a list of "
				    "conditions, not %s", name,
				    val->type == YAML_SEQUENCE_NODE ?
				    "an empty one" : ld_kind(val));
				bad = 1;
				continue;
			}
			c = config_cond_push(v, nv);
			c->op = name[1] == 'l' ? ROP_ALL : ROP_ANY;
			for (i = 0; i < ld_seq_len(val); i++) {
				if (parse_entry(ld, ld_seq_item(ld, val, i),
				    depth + 1, &kid) == -1) {
					bad = 1;
					continue;
				}
				*config_cond_push(&c->kids, &c->nkids) = kid;
			}
			continue;
		}
		if ((f = rule_field_lookup(name)) < 0) {
			buf_reset(&exp);
			for (f = 0; f < RF__COUNT; f++)
				buf_printf(&exp, "%s, ", rule_field_name(f));
			ld_problem(ld, k, "unknown field '%s' (expected one of: "
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

/*
 * R empty, as a rule (of escalation.rules, or a regime's) at node AT
 * begins: no name, and its "when" an all: of no conditions yet.
 */
static void
rule_start(struct rule *r, const yaml_node_t *at)
{
	memset(r, 0, sizeof(*r));
	r->when.op = ROP_ALL;
	r->line = (int)at->start_mark.line + 1;
	r->col = (int)at->start_mark.column + 1;
}

/* The "when" of rule R from node N, whose conditions must all hold. */
static int
parse_when(struct loader *ld, yaml_node_t *n, struct rule *r)
{
	return parse_conds(ld, n, 0, &r->when.kids, &r->when.nkids);
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

	rule_start(r, n);
	if (n->type != YAML_MAPPING_NODE) {
		ld_problem(ld, n, "a rule must be a mapping with name, when and "
		    "to, not %s", ld_kind(n));
		return -1;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((key = ld_pair_key(ld, &seen, pair)) == NULL) {
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
			ld_problem(ld, ld_node(ld, pair->key), "unknown key '%s' in "
			    "a rule (expected one of: name, when, to)", key);
			bad = 1;
			continue;
		}
		*slot = ld_node(ld, pair->value);
	}
	strset_release(&seen);
	if (name == NULL) {
		ld_problem(ld, n, "rule without a 'name'");
		bad = 1;
	} else if ((s = ld_key_text(ld, name, "name", "text")) == NULL)
		bad = 1;
	else
		r->name = xstrdup(rname = s);
	if (when == NULL) {
		ld_problem(ld, n, "rule '%s' has no 'when'", rname);
		bad = 1;
	} else if (parse_when(ld, when, r) == -1)
		bad = 1;
	if (to == NULL) {
		ld_problem(ld, n, "rule '%s' has no 'to' level", rname);
		bad = 1;
	} else if ((s = ld_key_text(ld, to, "to", "a level name")) == NULL)
		bad = 1;
	else if ((level = config_level_lookup(ld->cfg, s)) < 1) {
		expected_names(&exp, &ld->cfg->levels, NULL);
		ld_problem(ld, to, "unknown escalation level '%s' in 'to' "
		    "(expected one of: %s)", s, buf_str(&exp));
		buf_release(&exp);
		bad = 1;
	} else
		r->to_level = level;
	/* R keeps its name, bad or not, to catch a later duplicate. */
	return bad ? -1 : 0;
}

/* The rules, once severities, levels, channels and categories are known. */
void
ld_resolve_rules(struct loader *ld)
{
	struct config *cfg = ld->cfg;
	struct rule *rules = NULL;
	struct strset names = STRSET_INIT;
	yaml_node_t *item;
	size_t i, j, n = 0;
	int sev, level, bad = 0, ok;

	if (ld->rules == NULL) {
		/* The default rule must still make sense. */
		sev = strlist_find(&cfg->severities, config_default_rule.severity);
		level = strlist_find(&cfg->levels, config_default_rule.to);
		if (sev < 0 && ld->severities != NULL)
			ld_problem(ld, ld->severities, "the default escalation "
			    "rule '%s' needs severity '%s': keep it, or set "
			    "'escalation.rules'", config_default_rule.name,
			    config_default_rule.severity);
		else if (level < 0 && ld->levels != NULL)
			ld_problem(ld, ld->levels, "the default escalation rule "
			    "'%s' needs level '%s': keep it, or set "
			    "'escalation.rules'", config_default_rule.name,
			    config_default_rule.to);
		else if (sev >= 0 && level >= 0)
			config_set_default_rules(cfg, sev, level + 1);
		return;
	}
	/* Every rule is kept until the end, bad ones too, for their names. */
	if (!ld_is_null(ld->rules))
		rules = xcalloc(ld_seq_len(ld->rules), sizeof(*rules));
	for (i = 0; !ld_is_null(ld->rules) && i < ld_seq_len(ld->rules); i++) {
		item = ld_seq_item(ld, ld->rules, i);
		ok = parse_rule(ld, item, &rules[n]) == 0;
		if (rules[n].name != NULL &&
		    !strset_put(&names, rules[n].name, n, &j)) {
			ld_problem(ld, item, "duplicate rule name '%s' (first at "
			    "line %d)", rules[n].name, rules[j].line);
			ok = 0;
		}
		if (!ok)
			bad = 1;
		n++;
	}
	strset_release(&names);
	if (bad) {
		config_rules_release(rules, n);
		return;
	}
	config_rules_release(cfg->rules, cfg->nrules);
	cfg->rules = rules;
	cfg->nrules = n;
}

/* Whether N is a mapping (a null counts as empty), else say so. */
static int
want_map(struct loader *ld, const yaml_node_t *n, const char *path)
{
	if (n->type == YAML_MAPPING_NODE || ld_is_null(n))
		return 1;
	ld_problem(ld, n, "'%s' must be a mapping, not %s", path, ld_kind(n));
	return 0;
}

/* Regime NAME: N, a mapping of deadlines and when, into R. */
static int
parse_regime(struct loader *ld, const char *name, yaml_node_t *n,
    struct regime *r)
{
	yaml_node_pair_t *pair, *dp;
	yaml_node_t *v, *dv;
	struct strset seen = STRSET_INIT, dseen = STRSET_INIT;
	const char *key, *s;
	char path[160];
	int bad = 0, dk;

	memset(r, 0, sizeof(*r));
	rule_start(&r->rule, n);
	r->rule.name = xstrdup(name);
	snprintf(path, sizeof(path), "regimes.%s", name);
	if (!want_map(ld, n, path) || ld_is_null(n))
		return -1;
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((key = ld_pair_key(ld, &seen, pair)) == NULL) {
			bad = 1;
			continue;
		}
		v = ld_node(ld, pair->value);
		if (strcmp(key, "when") == 0) {
			if (parse_when(ld, v, &r->rule) == -1)
				bad = 1;
			continue;
		}
		if (strcmp(key, "deadlines") != 0) {
			ld_problem(ld, ld_node(ld, pair->key), "unknown key '%s' in "
			    "'%s' (expected one of: deadlines, when)", key,
			    path);
			bad = 1;
			continue;
		}
		if (!want_map(ld, v, "deadlines") || ld_is_null(v))
			continue;
		for (dp = v->data.mapping.pairs.start;
		    dp < v->data.mapping.pairs.top; dp++) {
			if ((key = ld_pair_key(ld, &dseen, dp)) == NULL) {
				bad = 1;
				continue;
			}
			dv = ld_node(ld, dp->value);
			if ((dk = config_deadline_lookup(key)) < 0) {
				ld_problem(ld, ld_node(ld, dp->key), "unknown key "
				    "'%s' in '%s.deadlines' (expected one of: "
				    "acknowledge, resolve, callback, summary, "
				    "holding, followup)", key, path);
				bad = 1;
			} else if ((s = ld_key_text(ld, dv, key,
			    "a duration")) == NULL ||
			    ld_duration_of(ld, dv, s, key, &r->d[dk]) != 0)
				bad = 1;
			else
				r->set |= 1u << dk;
		}
	}
	strset_release(&seen);
	strset_release(&dseen);
	return bad ? -1 : 0;
}

/* The regimes, once categories and the other names are known. */
void
ld_resolve_regimes(struct loader *ld)
{
	struct config *cfg = ld->cfg;
	struct regime *v;
	yaml_node_pair_t *pair;
	const char *name;
	size_t n = 0;
	int bad = 0;

	if (ld->regimes == NULL || ld_is_null(ld->regimes))
		return;
	v = xcalloc((size_t)(ld->regimes->data.mapping.pairs.top -
	    ld->regimes->data.mapping.pairs.start) + 1, sizeof(*v));
	{
		struct strset seen = STRSET_INIT;

		for (pair = ld->regimes->data.mapping.pairs.start;
		    pair < ld->regimes->data.mapping.pairs.top; pair++) {
			if ((name = ld_pair_key(ld, &seen, pair)) == NULL) {
				bad = 1;
				continue;
			}
			if (parse_regime(ld, name, ld_node(ld, pair->value),
			    &v[n]) != 0)
				bad = 1;
			n++;
		}
		strset_release(&seen);
	}
	if (bad) {
		config_regimes_release(v, n);
		return;
	}
	config_regimes_release(cfg->regimes, cfg->nregimes);
	cfg->regimes = v;
	cfg->nregimes = n;
}
