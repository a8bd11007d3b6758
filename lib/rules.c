/*
 * Escalation rules: the names of fields and operators as the "when"
 * language of the configuration writes them, the evaluation of a parsed
 * rule against the facts of one complaint, and the release of parsed
 * rules. Parsing and validation live in config.c.
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"

static const struct {
	const char *name;
	enum rule_type type;
} fields[RF__COUNT] = {
	[RF_STATUS] = { "status", RT_TEXT },
	[RF_SEVERITY] = { "severity", RT_RANK },
	[RF_CATEGORY] = { "category", RT_TEXT },
	[RF_CHANNEL] = { "channel", RT_TEXT },
	[RF_DEPARTMENT] = { "department", RT_TEXT },
	[RF_OWNER] = { "owner", RT_TEXT },
	[RF_LEVEL] = { "level", RT_RANK },
	[RF_PUBLIC] = { "public", RT_BOOL },
	[RF_JUSTIFIED] = { "justified", RT_TEXT },
	[RF_CONTACTS] = { "contacts", RT_COUNT },
	[RF_AMOUNT] = { "amount", RT_AMOUNT },
	[RF_AGE] = { "age", RT_DURATION },
	[RF_IDLE] = { "idle", RT_DURATION },
	[RF_ACK_OVERDUE] = { "ack_overdue", RT_BOOL },
	[RF_RESOLVE_OVERDUE] = { "resolve_overdue", RT_BOOL },
	[RF_PRIORITY] = { "priority", RT_COUNT },
	[RF_COMPLEX] = { "complex", RT_BOOL },
};

static const char *const ops[] = {
	[ROP_EQ] = "eq",
	[ROP_NE] = "ne",
	[ROP_LT] = "lt",
	[ROP_LTE] = "lte",
	[ROP_GT] = "gt",
	[ROP_GTE] = "gte",
	[ROP_IN] = "in",
	[ROP_NOT_IN] = "not_in",
	[ROP_ALL] = "all",
	[ROP_ANY] = "any",
};

const char *
rule_field_name(enum rule_field f)
{
	if ((unsigned)f >= RF__COUNT)
		return NULL;
	return fields[f].name;
}

int
rule_field_lookup(const char *name)
{
	int f;

	for (f = 0; f < RF__COUNT; f++) {
		if (strcmp(fields[f].name, name) == 0)
			return f;
	}
	return -1;
}

enum rule_type
rule_field_type(enum rule_field f)
{
	if ((unsigned)f >= RF__COUNT)
		return RT_TEXT;
	return fields[f].type;
}

int
rule_field_ordered(enum rule_field f)
{
	switch (rule_field_type(f)) {
	case RT_RANK:
	case RT_COUNT:
	case RT_AMOUNT:
	case RT_DURATION:
		return 1;
	default:
		return 0;
	}
}

const char *
rule_op_name(enum rule_op op)
{
	if ((unsigned)op >= sizeof(ops) / sizeof(ops[0]))
		return NULL;
	return ops[op];
}

int
rule_op_lookup(const char *name)
{
	int op;

	/* all and any are keys of a condition, not operators. */
	for (op = ROP_EQ; op <= ROP_NOT_IN; op++) {
		if (strcmp(ops[op], name) == 0)
			return op;
	}
	return -1;
}

/*
 * Compare the fact of field FIELD with V into *CMP (-1, 0, 1: fact below,
 * equal to, above V). Returns 0 when the fact is unset.
 */
static int
fact_compare(const struct rule_facts *f, enum rule_field field,
    const struct rule_value *v, int *cmp)
{
	const char *text = NULL;
	int64_t num = FACT_NONE, start, due;

	switch (field) {
	case RF_STATUS: text = f->status; break;
	case RF_CATEGORY: text = f->category; break;
	case RF_CHANNEL: text = f->channel; break;
	case RF_DEPARTMENT: text = f->department; break;
	case RF_OWNER: text = f->owner; break;
	case RF_JUSTIFIED: text = f->justified; break;
	case RF_SEVERITY:
		num = f->severity < 0 ? FACT_NONE : f->severity;
		break;
	case RF_LEVEL: num = f->level; break;
	case RF_PUBLIC: num = f->public; break;
	case RF_COMPLEX: num = f->complex; break;
	case RF_ACK_OVERDUE: num = f->ack_overdue; break;
	case RF_RESOLVE_OVERDUE: num = f->resolve_overdue; break;
	case RF_CONTACTS: num = f->contacts; break;
	case RF_PRIORITY: num = f->priority; break;
	case RF_AMOUNT: num = f->amount; break;
	case RF_AGE:
	case RF_IDLE:
		/* Age against D is now against start + D, in the calendar's
		 * time when D counts business hours or days. */
		start = field == RF_AGE ? f->received_at : f->updated_at;
		if (start == FACT_NONE || f->now == FACT_NONE)
			return 0;
		due = time_add(f->cal, start, &v->dur);
		*cmp = (f->now > due) - (f->now < due);
		return 1;
	default:
		return 0;
	}
	if (rule_field_type(field) == RT_TEXT) {
		if (text == NULL || v->text == NULL)
			return 0;
		*cmp = strcmp(text, v->text);
		*cmp = (*cmp > 0) - (*cmp < 0);
		return 1;
	}
	if (num == FACT_NONE)
		return 0;
	*cmp = (num > v->num) - (num < v->num);
	return 1;
}

/* Whether C is worth putting off: it computes deadlines in the calendar. */
static int
cond_is_costly(const struct rule_cond *c)
{
	return c->op == ROP_ALL || c->op == ROP_ANY ||
	    rule_field_type(c->field) == RT_DURATION;
}

/* All kids of C (ALL) or any of them (ANY), the cheap ones first. */
static int
kids_match(const struct rule_cond *c, const struct rule_facts *f)
{
	int want_all = c->op == ROP_ALL, pass;
	size_t i;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < c->nkids; i++) {
			if (cond_is_costly(&c->kids[i]) != pass)
				continue;
			if (rule_cond_matches(&c->kids[i], f) != want_all)
				return !want_all;
		}
	}
	return want_all;
}

int
rule_cond_matches(const struct rule_cond *c, const struct rule_facts *f)
{
	size_t i;
	int cmp = 0, set;

	switch (c->op) {
	case ROP_ALL:
	case ROP_ANY:
		return kids_match(c, f);
	case ROP_IN:
	case ROP_NOT_IN:
		for (i = 0; i < c->nvalues; i++) {
			set = fact_compare(f, c->field, &c->values[i], &cmp);
			if (!set)
				return c->op == ROP_NOT_IN;
			if (cmp == 0)
				return c->op == ROP_IN;
		}
		return c->op == ROP_NOT_IN;
	default:
		break;
	}
	if (c->nvalues == 0)
		return 0;
	set = fact_compare(f, c->field, &c->values[0], &cmp);
	switch (c->op) {
	case ROP_EQ: return set && cmp == 0;
	case ROP_NE: return !set || cmp != 0;
	case ROP_LT: return set && cmp < 0;
	case ROP_LTE: return set && cmp <= 0;
	case ROP_GT: return set && cmp > 0;
	case ROP_GTE: return set && cmp >= 0;
	default: return 0;
	}
}

int
rule_matches(const struct rule *r, const struct rule_facts *f)
{
	return rule_cond_matches(&r->when, f);
}

void
rule_cond_release(struct rule_cond *c)
{
	size_t i;

	for (i = 0; i < c->nvalues; i++)
		free(c->values[i].text);
	free(c->values);
	for (i = 0; i < c->nkids; i++)
		rule_cond_release(&c->kids[i]);
	free(c->kids);
	c->values = NULL;
	c->nvalues = 0;
	c->kids = NULL;
	c->nkids = 0;
}

void
rule_release(struct rule *r)
{
	free(r->name);
	r->name = NULL;
	rule_cond_release(&r->when);
}
