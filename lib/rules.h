/*
 * Escalation rules (SPEC 8): the parsed form of "escalation.rules" and
 * their evaluation. Parsing and validation live in config.c, which knows
 * the YAML; evaluation is a pure function of a rule, the facts of one
 * complaint and "now".
 */
#ifndef COMPLAINT_RULES_H
#define COMPLAINT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "timeutil.h"

enum rule_field {
	RF_STATUS,          /* text: new acknowledged ... closed */
	RF_SEVERITY,        /* ordered by configured severities */
	RF_CATEGORY,        /* text */
	RF_CHANNEL,         /* text */
	RF_DEPARTMENT,      /* text */
	RF_OWNER,           /* text */
	RF_LEVEL,           /* ordered: 0 frontline, then configured levels */
	RF_PUBLIC,          /* bool */
	RF_JUSTIFIED,       /* text: yes no unknown */
	RF_CONTACTS,        /* integer */
	RF_AMOUNT,          /* decimal, compared in minor units */
	RF_AGE,             /* duration since received */
	RF_IDLE,            /* duration since the last event */
	RF_ACK_OVERDUE,     /* bool */
	RF_RESOLVE_OVERDUE, /* bool */
	RF_PRIORITY,        /* integer 1 (highest) .. 5 */
	RF_COMPLEX,         /* bool */
	RF__COUNT
};

enum rule_op {
	ROP_EQ, ROP_NE, ROP_LT, ROP_LTE, ROP_GT, ROP_GTE, ROP_IN, ROP_NOT_IN,
	ROP_ALL, ROP_ANY /* combinators: kids, no field */
};

/* A value to compare with. Text fields keep text; severity and level are
 * stored as their rank; booleans, contacts, priority and amount (minor
 * units) as num; age and idle as a duration. */
struct rule_value {
	char *text;            /* text fields only */
	int64_t num;           /* rank, bool, count or minor units */
	struct duration dur;   /* age, idle */
};

struct rule_cond {
	enum rule_op op;
	enum rule_field field;       /* unless ROP_ALL / ROP_ANY */
	struct rule_value *values;   /* one, or several for in / not_in */
	size_t nvalues;
	struct rule_cond *kids;      /* ROP_ALL / ROP_ANY */
	size_t nkids;
};

struct rule {
	char *name;
	struct rule_cond when;  /* the top level is an implicit ROP_ALL */
	int to_level;           /* 1 .. number of configured levels */
	int line, col;          /* where it was defined, for messages */
};

/* How the values of a field are written and compared. */
enum rule_type {
	RT_TEXT,     /* text: status category channel department owner ... */
	RT_RANK,     /* num: severity (0-based), level (0 is frontline) */
	RT_BOOL,     /* num: 0 or 1 */
	RT_COUNT,    /* num: contacts, priority */
	RT_AMOUNT,   /* num: minor units (12.50 is 1250) */
	RT_DURATION  /* dur: age, idle */
};

/* Name of a field as written in YAML, and its inverse (-1 if unknown). */
const char *rule_field_name(enum rule_field f);
int rule_field_lookup(const char *name);
enum rule_type rule_field_type(enum rule_field f);
/* Whether lt, lte, gt and gte apply to F (ranks, counts, amounts, ages). */
int rule_field_ordered(enum rule_field f);

/* Name of an operator ("all" and "any" for the combinators); the lookup
 * knows the comparison operators only (eq .. not_in), -1 otherwise. */
const char *rule_op_name(enum rule_op op);
int rule_op_lookup(const char *name);

/* Free what C and R hold (not C and R themselves), leaving them empty. */
void rule_cond_release(struct rule_cond *c);
void rule_release(struct rule *r);

#endif
