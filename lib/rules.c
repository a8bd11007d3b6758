/*
 * Escalation rules: the names of fields and operators as the "when"
 * language of the configuration writes them, and the release of parsed
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
