/*
 * What the files of the configuration share among themselves (config.c,
 * config_read.c, config_write.c); not for the rest of the library.
 */
#ifndef COMPLAINT_CONFIG_IMPL_H
#define COMPLAINT_CONFIG_IMPL_H

#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "rules.h"

#define BUSY_TIMEOUT_MAX 600000
#define ATTEMPTS_MAX 100
#define FACTOR_DIGITS 6 /* fraction digits of spikes.factor */
#define MAX_DEPTH 16    /* of all: and any: in a rule */

/* The one default rule, resolved by name against the lists in force. */
struct config_default_rule {
	const char *name;
	const char *severity;
	const char *to;
};
extern const struct config_default_rule config_default_rule;

/* "sun" .. "sat", as the calendar's days are written. */
extern const char *const config_day_names[7];

/* The values a rule may compare status and justified with. */
extern const char *const config_statuses[];
extern const char *const config_justified_values[];

/* V (N strings) into OUT, separated by ", ". */
void config_join(struct buf *out, const char *const *v, size_t n);
/* The length of the NULL-terminated V; the index of S in it, or -1. */
size_t config_count(const char *const *v);
int config_find(const char *const *v, const char *s);
/* *DST becomes a copy of S (NULL for NULL), the old value freed. */
void config_replace(char **dst, const char *s);
/* A new zeroed condition at the end of *V (*N of them). */
struct rule_cond *config_cond_push(struct rule_cond **v, size_t *n);
void config_rules_release(struct rule *rules, size_t n);
void config_regimes_release(struct regime *v, size_t n);
/* The one default rule, for SEVERITY (its index) to TO_LEVEL. */
void config_set_default_rules(struct config *cfg, int severity, int to_level);
void strlist_add(struct strlist *l, const char *s);
void strlist_release(struct strlist *l);

#endif
