/* The lifecycle of SPEC 4; see lifecycle.h. */
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char *const outcome_names[] = {
	"satisfied", "unsatisfied", "no-answer",
};

int
followup_outcome_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(outcome_names) / sizeof(outcome_names[0]); i++)
		if (strcmp(outcome_names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
followup_outcome_name(enum followup_outcome o)
{
	return outcome_names[o];
}

int
lifecycle_allowed(const struct complaint *c, enum lc_step step,
    const char *ref, struct error *err)
{
	const char *st = status_name(c->status);
	char when[TIME_STRLEN];

	if (c->voided_at != NUM_NONE && step != LC_UNVOID && step != LC_NOTE)
		return error_set(err, EX_DATAERR, "%s is void (logged by "
		    "mistake); restore it first with 'complaint void %s "
		    "--undo --reason TEXT'", ref, ref);
	if (c->merged_into != NUM_NONE && step != LC_NOTE &&
	    step != LC_VOID && step != LC_UNVOID)
		return error_set(err, EX_DATAERR, "%s was merged into another "
		    "complaint as a duplicate; work on that one instead",
		    ref);
	switch (step) {
	case LC_ACK:
		if (!status_is_open(c->status))
			break;
		if (c->acknowledged_at != NUM_NONE) {
			time_format_human(c->acknowledged_at, when,
			    sizeof(when));
			return error_set(err, EX_DATAERR, "%s was already "
			    "acknowledged at %s; record later messages with "
			    "'complaint note'", ref, when);
		}
		return 0;
	case LC_ASSESS:
	case LC_RESOLVE:
		if (status_is_open(c->status))
			return 0;
		break;
	case LC_FOLLOWUP:
		if (c->status != ST_CLOSED)
			return 0;
		break;
	case LC_REVIEW:
		if (!status_is_open(c->status))
			return 0;
		return error_set(err, EX_DATAERR, "%s is still open (%s); "
		    "resolve it before reviewing it", ref, st);
	case LC_REOPEN:
		if (!status_is_open(c->status))
			return 0;
		return error_set(err, EX_DATAERR, "%s is still open (%s); "
		    "only resolved or closed complaints can be reopened; "
		    "add a note instead", ref, st);
	case LC_NOTE:
	case LC_AMEND:
		return 0;
	case LC_ASSIGN:
		if (c->status != ST_CLOSED)
			return 0;
		return error_set(err, EX_DATAERR, "%s is closed; only "
		    "complaints not yet closed can be handed over", ref);
	case LC_VOID:
		return 0;
	case LC_UNVOID:
		if (c->voided_at != NUM_NONE)
			return 0;
		return error_set(err, EX_DATAERR, "%s is not void; "
		    "nothing to undo", ref);
	case LC_MERGE:
		if (status_is_open(c->status) || c->status == ST_RESOLVED)
			return 0;
		return error_set(err, EX_DATAERR, "%s is %s; only open or "
		    "resolved complaints can be merged", ref, st);
	case LC_MISTAKE:
		if (!status_is_open(c->status))
			return 0;
		return error_set(err, EX_DATAERR, "%s is still open (%s); "
		    "there is no resolution to undo", ref, st);
	default:
		return error_set(err, EX_SOFTWARE, "unknown lifecycle step");
	}
	/* Every remaining refusal is a step on a finished complaint. */
	return error_set(err, EX_DATAERR, "%s is %s; reopen it first", ref, st);
}

void
lifecycle_owe_callback(const struct config *cfg, struct complaint *c,
    int64_t now)
{
	int64_t due = time_add(&cfg->calendar, now,
	    config_deadline(cfg, c->regime, DL_CALLBACK));

	if (c->callback_due == NUM_NONE || due < c->callback_due)
		c->callback_due = due;
}

int64_t
lifecycle_priority(const struct config *cfg, int64_t impact, int64_t urgency)
{
	if (impact < 1 || impact > 3 || urgency < 1 || urgency > 3)
		return NUM_NONE;
	return cfg->priority[impact - 1][urgency - 1];
}

void
lifecycle_ack(struct complaint *c, int64_t now)
{
	if (c->status == ST_NEW)
		c->status = ST_ACKNOWLEDGED;
	c->acknowledged_at = now;
}

void
lifecycle_assess(const struct config *cfg, const struct complaint *before,
    struct complaint *after, int64_t now)
{
	int64_t p = lifecycle_priority(cfg, after->impact, after->urgency);

	after->status = ST_ASSESSED;
	after->assessed = 1;
	if (p != NUM_NONE)
		after->priority = p;
	if (after->complex && !before->complex)
		lifecycle_owe_callback(cfg, after, now);
}

void
lifecycle_resolve(const struct config *cfg, struct complaint *c, int64_t now)
{
	c->status = ST_RESOLVED;
	c->resolved_at = now;
	c->closed_at = NUM_NONE;
	c->callback_due = NUM_NONE;
	c->holding_due = NUM_NONE;
	c->followup_due = time_add(&cfg->calendar, now,
	    config_deadline(cfg, c->regime, DL_FOLLOWUP));
	c->followup_attempts = 0;
}

static void
close_now(struct complaint *c, int64_t now)
{
	c->status = ST_CLOSED;
	c->closed_at = now;
	c->followup_due = NUM_NONE;
	c->callback_due = NUM_NONE;
}

static void
set_satisfied(struct complaint *c, const char *answer)
{
	free(c->satisfied);
	c->satisfied = answer ? xstrdup(answer) : NULL;
}

void
lifecycle_followup(const struct config *cfg, struct complaint *c,
    enum followup_outcome outcome, int64_t now)
{
	if (c->status != ST_RESOLVED) {
		/* The call-back on an open complaint: settled once the
		 * customer has been reached. */
		if (outcome != FO_NO_ANSWER)
			c->callback_due = NUM_NONE;
		return;
	}
	switch (outcome) {
	case FO_SATISFIED:
		set_satisfied(c, "yes");
		close_now(c, now);
		break;
	case FO_UNSATISFIED:
		lifecycle_reopen(c);
		/* After the reopen, which clears it: the answer is what the
		 * follow-up found, and reports count it. */
		set_satisfied(c, "no");
		break;
	case FO_NO_ANSWER:
		c->followup_attempts++;
		if (c->followup_attempts >= cfg->followup_attempts)
			close_now(c, now);
		else
			c->followup_due = time_add(&cfg->calendar, now,
			    config_deadline(cfg, c->regime, DL_FOLLOWUP));
		break;
	}
}

void
lifecycle_review(struct complaint *c, int64_t now)
{
	c->reviewed_at = now;
}

void
lifecycle_reopen(struct complaint *c)
{
	c->status = c->assessed ? ST_ASSESSED : ST_NEW;
	c->resolved_at = NUM_NONE;
	c->closed_at = NUM_NONE;
	c->followup_due = NUM_NONE;
	c->followup_attempts = 0;
	set_satisfied(c, NULL);
	c->contacts++;
}

void
lifecycle_reopen_mistake(struct complaint *c, int64_t callback_due,
    int64_t followup_due)
{
	int64_t contacts = c->contacts;

	lifecycle_reopen(c);
	c->contacts = contacts;
	free(c->resolution);
	c->resolution = NULL;
	free(c->remedy);
	c->remedy = NULL;
	free(c->root_cause);
	c->root_cause = NULL;
	c->amount = NUM_NONE;
	c->first_contact = 0;
	c->callback_due = callback_due;
	c->followup_due = followup_due;
}

void
lifecycle_assign(struct complaint *c, const char *owner)
{
	free(c->owner);
	c->owner = xstrdup(owner);
}

void
lifecycle_void(struct complaint *c, int64_t now)
{
	c->voided_at = now;
}

void
lifecycle_merge(struct complaint *c, struct complaint *target, int64_t now)
{
	target->contacts += c->contacts;
	if (c->callback_due != NUM_NONE && (target->callback_due == NUM_NONE ||
	    c->callback_due < target->callback_due))
		target->callback_due = c->callback_due;
	c->merged_into = target->id;
	c->status = ST_CLOSED;
	c->closed_at = now;
	c->callback_due = NUM_NONE;
	c->followup_due = NUM_NONE;
}

void
lifecycle_deadlines(const struct config *cfg, struct complaint *c)
{
	c->ack_due = time_add(&cfg->calendar, c->received_at,
	    &cfg->ack_deadline);
	c->resolve_due = time_add(&cfg->calendar, c->received_at,
	    &cfg->resolve_deadline);
}
