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

/* An unset number in the facts (SQL NULL); equal to NUM_NONE. */
#define FACT_NONE INT64_MIN

/*
 * What the rules see of one complaint at one moment. Text that is NULL,
 * a severity of -1 and numbers that are FACT_NONE are unset: they never
 * match eq, in, lt, lte, gt or gte, and always match ne and not_in.
 */
struct rule_facts {
	const char *status;      /* "new" ... "closed" */
	int64_t severity;        /* rank in the configured severities, or -1 */
	const char *category;
	const char *channel;
	const char *department;
	const char *owner;
	const char *justified;   /* yes no unknown, or NULL */
	int64_t level;           /* 0 frontline .. */
	int64_t public;          /* bool */
	int64_t complex;         /* bool */
	int64_t ack_overdue;     /* bool */
	int64_t resolve_overdue; /* bool */
	int64_t contacts;
	int64_t priority;        /* or FACT_NONE */
	int64_t amount;          /* minor units, or FACT_NONE */
	int64_t received_at;     /* age runs from here ... */
	int64_t updated_at;      /* ... and idle from here, to now */
	int64_t now;
	const struct calendar *cal; /* for business-time ages */
};

/*
 * Whether the "when" of R holds for F: a pure function. An age or idle
 * duration D is compared through time_add(cal, start, D) against now, so
 * "age: {gt: 3bd}" counts business days: age > D exactly when now is
 * past start + D. Conditions on ages are tried after the cheap ones.
 */
int rule_matches(const struct rule *r, const struct rule_facts *f);
int rule_cond_matches(const struct rule_cond *c, const struct rule_facts *f);

/* Free what C and R hold (not C and R themselves), leaving them empty. */
void rule_cond_release(struct rule_cond *c);
void rule_release(struct rule *r);

#endif
