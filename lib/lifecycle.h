/*
 * The lifecycle of SPEC 4 as pure functions of a complaint, the
 * configuration and "now": which steps are allowed, and what each step
 * changes and owes the customer (acknowledgement, call-back, follow-up).
 * The commands load a complaint, ask lifecycle_allowed(), apply a step
 * to a copy and hand both to store_complaint_update() for the history.
 */
#ifndef COMPLAINT_LIFECYCLE_H
#define COMPLAINT_LIFECYCLE_H

#include <stdint.h>

#include "complaint.h"
#include "config.h"
#include "error.h"

enum lc_step {
	LC_ACK,
	LC_ASSESS,
	LC_RESOLVE,
	LC_FOLLOWUP,
	LC_REVIEW,
	LC_REOPEN,
	LC_NOTE,
	LC_ASSIGN,  /* any but closed */
	LC_AMEND,   /* any */
	LC_VOID,    /* any, not voided */
	LC_UNVOID,  /* voided */
	LC_MERGE,   /* open or resolved; not into itself (cmd checks) */
	LC_MISTAKE, /* reopen --mistake: resolved or closed */
	LC__COUNT
};

enum followup_outcome {
	FO_SATISFIED,
	FO_UNSATISFIED,
	FO_NO_ANSWER,
};

/* "satisfied", "unsatisfied", "no-answer"; -1 for anything else. */
int followup_outcome_lookup(const char *name);
const char *followup_outcome_name(enum followup_outcome o);

/*
 * Whether STEP may be taken on C (the table of SPEC 4, nothing else):
 * 0, or EX_DATAERR with a message that names REF, says why and what to
 * do instead ("CMP-000042 is resolved; reopen it first").
 */
int lifecycle_allowed(const struct complaint *c, enum lc_step step,
    const char *ref, struct error *err);

/* A call-back is owed (a repeat contact, a complex or passed-on
 * complaint): due deadlines.callback from NOW, unless one is owed sooner
 * already. */
void lifecycle_owe_callback(const struct config *cfg, struct complaint *c,
    int64_t now);

/* Priority from impact and urgency (1..3 each) by cfg->priority;
 * NUM_NONE unless both are known. */
int64_t lifecycle_priority(const struct config *cfg, int64_t impact,
    int64_t urgency);

/* Acknowledged now: new becomes acknowledged, other statuses stay. */
void lifecycle_ack(struct complaint *c, int64_t now);

/*
 * AFTER holds BEFORE with the assessment's new values: it becomes
 * assessed (for good: reopen returns here), its priority follows impact
 * and urgency, and turning complex owes a same-day call-back.
 */
void lifecycle_assess(const struct config *cfg, const struct complaint *before,
    struct complaint *after, int64_t now);

/* Resolved now: the follow-up call is owed deadlines.followup later;
 * an owed call-back is settled by the resolution itself. */
void lifecycle_resolve(const struct config *cfg, struct complaint *c,
    int64_t now);

/*
 * A follow-up call with OUTCOME. On a resolved complaint: satisfied
 * closes it; unsatisfied reopens it (satisfied "no", a contact more);
 * no answer counts an attempt and owes the next one deadlines.followup
 * later, or closes it after deadlines.followup_attempts. On an open
 * complaint an answered call settles the owed call-back; an unanswered
 * one leaves it owed.
 */
void lifecycle_followup(const struct config *cfg, struct complaint *c,
    enum followup_outcome outcome, int64_t now);

/* Reviewed now (a flag with its time, not a status). */
void lifecycle_review(struct complaint *c, int64_t now);

/*
 * Reopened (an appeal, or an unsatisfied customer): back to assessed if
 * it was ever assessed, else new; resolution times, the follow-up and
 * its answer are cleared so that open means open (the history keeps
 * them); the customer's return counts as a contact.
 */
void lifecycle_reopen(struct complaint *c);

/*
 * A resolution recorded in error is undone (reopen --mistake): open
 * again as reopen leaves it, but no contact is counted, the resolution,
 * remedy, amount and root cause leave the current state (the history
 * keeps them), and the call-back and follow-up owed before the
 * resolution (CALLBACK_DUE, FOLLOWUP_DUE: NUM_NONE for none) are owed
 * again.
 */
void lifecycle_reopen_mistake(struct complaint *c, int64_t callback_due,
    int64_t followup_due);

/* The deadlines that follow from the time of receipt (log, and amend
 * --received): acknowledgement and resolution due. */
void lifecycle_deadlines(const struct config *cfg, struct complaint *c);

/* Handed over to OWNER: owed calls move with it (they are the
 * complaint's). */
void lifecycle_assign(struct complaint *c, const char *owner);

/* Voided at NOW (logged by mistake), or restored with NOW NUM_NONE. */
void lifecycle_void(struct complaint *c, int64_t now);

/*
 * C is merged into TARGET at NOW: TARGET gains C's contacts and the
 * call-back C owed (the sooner of the two); C closes as a duplicate
 * with merged_into set and owes nothing more.
 */
void lifecycle_merge(struct complaint *c, struct complaint *target,
    int64_t now);

#endif
