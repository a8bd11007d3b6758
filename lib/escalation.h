/*
 * Escalation (SPEC 4, 5): raising a complaint's level by hand, by the
 * configured rules after a command, and by the sweep over every open
 * complaint. Owns the rule_fired table, which makes a rule escalate a
 * given complaint once.
 */
#ifndef COMPLAINT_ESCALATION_H
#define COMPLAINT_ESCALATION_H

#include <stdint.h>

#include "complaint.h"
#include "config.h"
#include "error.h"
#include "rules.h"
#include "store.h"

/* One escalation that happened, as reported to the caller. */
struct escalation {
	int64_t id;       /* the complaint */
	const char *rule; /* the rule's name, NULL when by hand */
	int from, to;     /* levels */
};

/* Called for each escalation; a non-zero return stops and is returned. */
typedef int (*escalation_fn)(const struct escalation *e, void *arg);

/* The facts the rules see of C at NOW. They point into C and CFG. */
void escalation_facts(const struct config *cfg, const struct complaint *c,
    int64_t now, struct rule_facts *f);

/*
 * Apply the rules of CFG, in order, to C if it is open: a rule that
 * matches, has not fired for C before and raises the level escalates C
 * (history action "escalate", note "rule NAME"), is recorded as fired
 * and owes the customer a call-back. Every rule sees C as it was before
 * this call, but raises only above the level reached so far. C is
 * updated in place. FN (may be NULL) hears of each escalation.
 */
int escalation_apply_rules(struct store *db, const struct config *cfg,
    struct complaint *c, const char *actor, int64_t now, escalation_fn fn,
    void *arg, struct error *err);

/*
 * Raise open complaint C to level TO by hand, recording REASON and owing
 * a call-back. EX_DATAERR, saying what to do instead, when C is not
 * open or TO is not above its level. C is updated in place.
 */
int escalation_raise(struct store *db, const struct config *cfg,
    struct complaint *c, int to, const char *actor, int64_t now,
    const char *reason, struct error *err);

/*
 * escalate --auto: apply the rules to every open complaint, in order of
 * id, within the caller's transaction. Reads only the columns the rules
 * need; complaints are loaded whole only when a rule will escalate them.
 */
int escalation_sweep(struct store *db, const struct config *cfg,
    const char *actor, int64_t now, escalation_fn fn, void *arg,
    struct error *err);

#endif
