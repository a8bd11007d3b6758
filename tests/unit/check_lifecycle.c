/*
 * The state machine of SPEC 4: every step from every status, allowed
 * or refused with its message, and what each allowed step changes.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "lifecycle.h"
#include "timeutil.h"

/* Thursday 2026-11-19 10:00 UTC. */
#define NOW 1795082400LL

/* Each step from each status (acknowledged or not): 0 allowed, else the
 * message fragment of the refusal. */
static const struct {
	int status;
	int acknowledged;
	enum lc_step step;
	const char *refusal; /* NULL: allowed */
} allowed_cases[] = {
	{ ST_NEW, 0, LC_ACK, NULL },
	{ ST_NEW, 0, LC_ASSESS, NULL },
	{ ST_NEW, 0, LC_RESOLVE, NULL },
	{ ST_NEW, 0, LC_FOLLOWUP, NULL },
	{ ST_NEW, 0, LC_REVIEW, "CMP-000001 is still open (new); resolve it" },
	{ ST_NEW, 0, LC_REOPEN, "CMP-000001 is still open (new); only" },
	{ ST_NEW, 0, LC_NOTE, NULL },
	{ ST_ACKNOWLEDGED, 1, LC_ACK, "already acknowledged at 2026-11-19 " },
	{ ST_ACKNOWLEDGED, 1, LC_ASSESS, NULL },
	{ ST_ACKNOWLEDGED, 1, LC_RESOLVE, NULL },
	{ ST_ACKNOWLEDGED, 1, LC_FOLLOWUP, NULL },
	{ ST_ACKNOWLEDGED, 1, LC_REVIEW, "still open (acknowledged)" },
	{ ST_ACKNOWLEDGED, 1, LC_REOPEN, "still open (acknowledged)" },
	{ ST_ACKNOWLEDGED, 1, LC_NOTE, NULL },
	{ ST_ASSESSED, 0, LC_ACK, NULL },
	{ ST_ASSESSED, 1, LC_ACK, "already acknowledged" },
	{ ST_ASSESSED, 0, LC_ASSESS, NULL },
	{ ST_ASSESSED, 0, LC_RESOLVE, NULL },
	{ ST_ASSESSED, 0, LC_FOLLOWUP, NULL },
	{ ST_ASSESSED, 0, LC_REVIEW, "still open (assessed)" },
	{ ST_ASSESSED, 0, LC_REOPEN, "still open (assessed)" },
	{ ST_ASSESSED, 0, LC_NOTE, NULL },
	{ ST_RESOLVED, 1, LC_ACK, "CMP-000001 is resolved; reopen it first" },
	{ ST_RESOLVED, 0, LC_ACK, "CMP-000001 is resolved; reopen it first" },
	{ ST_RESOLVED, 1, LC_ASSESS, "is resolved; reopen it first" },
	{ ST_RESOLVED, 1, LC_RESOLVE, "is resolved; reopen it first" },
	{ ST_RESOLVED, 1, LC_FOLLOWUP, NULL },
	{ ST_RESOLVED, 1, LC_REVIEW, NULL },
	{ ST_RESOLVED, 1, LC_REOPEN, NULL },
	{ ST_RESOLVED, 1, LC_NOTE, NULL },
	{ ST_CLOSED, 1, LC_ACK, "CMP-000001 is closed; reopen it first" },
	{ ST_CLOSED, 1, LC_ASSESS, "is closed; reopen it first" },
	{ ST_CLOSED, 1, LC_RESOLVE, "is closed; reopen it first" },
	{ ST_CLOSED, 1, LC_FOLLOWUP, "is closed; reopen it first" },
	{ ST_CLOSED, 1, LC_REVIEW, NULL },
	{ ST_CLOSED, 1, LC_REOPEN, NULL },
	{ ST_CLOSED, 1, LC_NOTE, NULL },
	/* The team's steps (issue 15). */
	{ ST_NEW, 0, LC_ASSIGN, NULL },
	{ ST_ASSESSED, 0, LC_ASSIGN, NULL },
	{ ST_RESOLVED, 1, LC_ASSIGN, NULL },
	{ ST_CLOSED, 1, LC_ASSIGN, "CMP-000001 is closed; only complaints "
	    "not yet closed can be handed over" },
	{ ST_NEW, 0, LC_AMEND, NULL },
	{ ST_CLOSED, 1, LC_AMEND, NULL },
	{ ST_NEW, 0, LC_VOID, NULL },
	{ ST_CLOSED, 1, LC_VOID, NULL },
	{ ST_NEW, 0, LC_UNVOID, "CMP-000001 is not void; nothing to undo" },
	{ ST_NEW, 0, LC_MERGE, NULL },
	{ ST_ACKNOWLEDGED, 1, LC_MERGE, NULL },
	{ ST_RESOLVED, 1, LC_MERGE, NULL },
	{ ST_CLOSED, 1, LC_MERGE, "CMP-000001 is closed; only open or "
	    "resolved complaints can be merged" },
	{ ST_NEW, 0, LC_MISTAKE, "still open (new); there is no resolution" },
	{ ST_RESOLVED, 1, LC_MISTAKE, NULL },
	{ ST_CLOSED, 1, LC_MISTAKE, NULL },
};

/* On a voided complaint every step but a note and the undo is refused
 * saying it is void; on a merged one every step but a note and voiding. */
START_TEST(test_void_and_merged_refuse)
{
	struct complaint c;
	struct error err;
	int step;

	complaint_init(&c);
	c.voided_at = NOW;
	for (step = 0; step < LC__COUNT; step++) {
		int rc;

		error_clear(&err);
		rc = lifecycle_allowed(&c, (enum lc_step)step, "CMP-000001",
		    &err);
		if (step == LC_NOTE || step == LC_UNVOID) {
			ck_assert_int_eq(rc, 0);
			continue;
		}
		ck_assert_int_eq(rc, EX_DATAERR);
		ck_assert_msg(strstr(err.msg, "CMP-000001 is void") != NULL,
		    "step %d: %s", step, err.msg);
	}
	c.voided_at = NUM_NONE;
	c.merged_into = 2;
	c.status = ST_CLOSED;
	for (step = 0; step < LC__COUNT; step++) {
		int rc;

		error_clear(&err);
		rc = lifecycle_allowed(&c, (enum lc_step)step, "CMP-000001",
		    &err);
		if (step == LC_NOTE || step == LC_VOID) {
			ck_assert_int_eq(rc, 0);
			continue;
		}
		if (step == LC_UNVOID)
			continue;
		ck_assert_int_eq(rc, EX_DATAERR);
		ck_assert_msg(strstr(err.msg, "merged into another") != NULL,
		    "step %d: %s", step, err.msg);
	}
	complaint_release(&c);
}
END_TEST

START_TEST(test_allowed)
{
	struct complaint c;
	struct error err;
	int rc;

	complaint_init(&c);
	c.status = allowed_cases[_i].status;
	if (allowed_cases[_i].acknowledged)
		c.acknowledged_at = NOW;
	error_clear(&err);
	rc = lifecycle_allowed(&c, allowed_cases[_i].step, "CMP-000001",
	    &err);
	if (allowed_cases[_i].refusal == NULL) {
		ck_assert_int_eq(rc, 0);
	} else {
		ck_assert_int_eq(rc, EX_DATAERR);
		ck_assert_msg(strstr(err.msg, allowed_cases[_i].refusal),
		    "case %d: '%s' lacks '%s'", _i, err.msg,
		    allowed_cases[_i].refusal);
	}
	complaint_release(&c);
}
END_TEST

static struct config cfg;

static void
setup(void)
{
	config_defaults(&cfg);
}

static void
teardown(void)
{
	config_release(&cfg);
}

START_TEST(test_priority_matrix)
{
	int i, j;

	for (i = 1; i <= 3; i++)
		for (j = 1; j <= 3; j++)
			ck_assert_int_eq(lifecycle_priority(&cfg, i, j),
			    i + j - 1);
	ck_assert(lifecycle_priority(&cfg, NUM_NONE, 1) == NUM_NONE);
	ck_assert(lifecycle_priority(&cfg, 1, 4) == NUM_NONE);
	cfg.priority[0][2] = 5;
	ck_assert_int_eq(lifecycle_priority(&cfg, 1, 3), 5);
}
END_TEST

START_TEST(test_ack)
{
	struct complaint c;

	complaint_init(&c);
	lifecycle_ack(&c, NOW);
	ck_assert_int_eq(c.status, ST_ACKNOWLEDGED);
	ck_assert(c.acknowledged_at == NOW);
	c.status = ST_ASSESSED;
	lifecycle_ack(&c, NOW + 60);
	ck_assert_int_eq(c.status, ST_ASSESSED);
	complaint_release(&c);
}
END_TEST

START_TEST(test_assess)
{
	struct complaint before, after;

	complaint_init(&before);
	complaint_copy(&after, &before);
	after.impact = 2;
	after.urgency = 1;
	after.complex = 1;
	lifecycle_assess(&cfg, &before, &after, NOW);
	ck_assert_int_eq(after.status, ST_ASSESSED);
	ck_assert_int_eq(after.assessed, 1);
	ck_assert_int_eq(after.priority, 2);
	/* Complex: a call-back by the close of business (cob), 17:00. */
	ck_assert(after.callback_due == NOW + 7 * 3600);

	/* Re-assessing a complex one does not move its call-back. */
	complaint_release(&before);
	complaint_copy(&before, &after);
	lifecycle_assess(&cfg, &before, &after, NOW + 3600);
	ck_assert(after.callback_due == NOW + 7 * 3600);
	complaint_release(&before);
	complaint_release(&after);
}
END_TEST

START_TEST(test_resolve_and_followups)
{
	struct complaint c;

	complaint_init(&c);
	c.callback_due = NOW;
	lifecycle_resolve(&cfg, &c, NOW);
	ck_assert_int_eq(c.status, ST_RESOLVED);
	ck_assert(c.resolved_at == NOW);
	ck_assert(c.callback_due == NUM_NONE);
	/* 2bd from Thursday 10:00 is Monday 10:00. */
	ck_assert(c.followup_due == NOW + 4 * 86400);

	lifecycle_followup(&cfg, &c, FO_NO_ANSWER, NOW + 4 * 86400);
	ck_assert_int_eq(c.status, ST_RESOLVED);
	ck_assert_int_eq(c.followup_attempts, 1);
	ck_assert(c.followup_due == NOW + 6 * 86400);
	lifecycle_followup(&cfg, &c, FO_NO_ANSWER, NOW + 6 * 86400);
	ck_assert_int_eq(c.followup_attempts, 2);
	ck_assert_int_eq(c.status, ST_RESOLVED);
	lifecycle_followup(&cfg, &c, FO_NO_ANSWER, NOW + 8 * 86400);
	ck_assert_int_eq(c.followup_attempts, 3);
	ck_assert_int_eq(c.status, ST_CLOSED);
	ck_assert(c.closed_at == NOW + 8 * 86400);
	ck_assert(c.followup_due == NUM_NONE);
	ck_assert_ptr_null(c.satisfied);
	complaint_release(&c);
}
END_TEST

START_TEST(test_followup_answers)
{
	struct complaint c;

	complaint_init(&c);
	lifecycle_resolve(&cfg, &c, NOW);
	lifecycle_followup(&cfg, &c, FO_SATISFIED, NOW + 60);
	ck_assert_int_eq(c.status, ST_CLOSED);
	ck_assert_str_eq(c.satisfied, "yes");
	ck_assert(c.followup_due == NUM_NONE);
	complaint_release(&c);

	complaint_init(&c);
	c.assessed = 1;
	lifecycle_resolve(&cfg, &c, NOW);
	lifecycle_followup(&cfg, &c, FO_UNSATISFIED, NOW + 60);
	ck_assert_int_eq(c.status, ST_ASSESSED);
	ck_assert_str_eq(c.satisfied, "no");
	ck_assert(c.resolved_at == NUM_NONE);
	ck_assert(c.followup_due == NUM_NONE);
	ck_assert_int_eq(c.contacts, 2);
	complaint_release(&c);

	/* On an open complaint: an answered call settles the call-back. */
	complaint_init(&c);
	c.callback_due = NOW;
	lifecycle_followup(&cfg, &c, FO_NO_ANSWER, NOW);
	ck_assert(c.callback_due == NOW);
	ck_assert_int_eq(c.status, ST_NEW);
	lifecycle_followup(&cfg, &c, FO_SATISFIED, NOW);
	ck_assert(c.callback_due == NUM_NONE);
	ck_assert_int_eq(c.status, ST_NEW);
	complaint_release(&c);
}
END_TEST

START_TEST(test_reopen)
{
	struct complaint c;

	complaint_init(&c);
	lifecycle_resolve(&cfg, &c, NOW);
	lifecycle_followup(&cfg, &c, FO_SATISFIED, NOW);
	lifecycle_review(&c, NOW);
	lifecycle_reopen(&c);
	ck_assert_int_eq(c.status, ST_NEW);
	ck_assert(c.closed_at == NUM_NONE);
	ck_assert(c.resolved_at == NUM_NONE);
	ck_assert_ptr_null(c.satisfied);
	ck_assert_int_eq(c.contacts, 2);
	ck_assert(c.reviewed_at == NOW);
	c.assessed = 1;
	c.status = ST_RESOLVED;
	lifecycle_reopen(&c);
	ck_assert_int_eq(c.status, ST_ASSESSED);
	complaint_release(&c);
}
END_TEST

START_TEST(test_reopen_mistake)
{
	struct complaint c;
	int64_t callback;

	complaint_init(&c);
	c.status = ST_ASSESSED;
	c.assessed = 1;
	lifecycle_owe_callback(&cfg, &c, NOW);
	callback = c.callback_due;
	ck_assert(callback != NUM_NONE);
	lifecycle_resolve(&cfg, &c, NOW);
	c.resolution = strdup("wrong");
	c.remedy = strdup("refund");
	c.root_cause = strdup("billing");
	c.amount = 1250;
	ck_assert(c.callback_due == NUM_NONE);
	lifecycle_reopen_mistake(&c, callback, NUM_NONE);
	ck_assert_int_eq(c.status, ST_ASSESSED);
	ck_assert_int_eq(c.contacts, 1);
	ck_assert_ptr_null(c.resolution);
	ck_assert_ptr_null(c.remedy);
	ck_assert_ptr_null(c.root_cause);
	ck_assert(c.amount == NUM_NONE);
	ck_assert(c.resolved_at == NUM_NONE);
	ck_assert(c.callback_due == callback);
	ck_assert(c.followup_due == NUM_NONE);
	complaint_release(&c);
}
END_TEST

START_TEST(test_assign_void_merge)
{
	struct complaint c, t;

	complaint_init(&c);
	complaint_init(&t);
	c.owner = strdup("bob");
	lifecycle_owe_callback(&cfg, &c, NOW);
	lifecycle_assign(&c, "carol");
	ck_assert_str_eq(c.owner, "carol");
	ck_assert(c.callback_due != NUM_NONE);
	lifecycle_void(&c, NOW);
	ck_assert(c.voided_at == NOW);
	lifecycle_void(&c, NUM_NONE);
	ck_assert(c.voided_at == NUM_NONE);

	t.id = 7;
	t.contacts = 2;
	c.contacts = 3;
	lifecycle_merge(&c, &t, NOW);
	ck_assert_int_eq(t.contacts, 5);
	ck_assert(t.callback_due != NUM_NONE);
	ck_assert(c.merged_into == 7);
	ck_assert_int_eq(c.status, ST_CLOSED);
	ck_assert(c.closed_at == NOW);
	ck_assert(c.callback_due == NUM_NONE);
	ck_assert(c.followup_due == NUM_NONE);
	/* The sooner call-back wins on the target. */
	{
		int64_t sooner = t.callback_due, later = sooner + 3600;

		c.callback_due = later;
		lifecycle_merge(&c, &t, NOW);
		ck_assert(t.callback_due == sooner);
		t.callback_due = later;
		c.callback_due = sooner;
		lifecycle_merge(&c, &t, NOW);
		ck_assert(t.callback_due == sooner);
	}
	complaint_release(&c);
	complaint_release(&t);
}
END_TEST

START_TEST(test_deadlines)
{
	struct complaint c;

	complaint_init(&c);
	c.received_at = NOW;
	lifecycle_deadlines(&cfg, &c);
	ck_assert(c.ack_due == time_add(&cfg.calendar, NOW,
	    &cfg.ack_deadline));
	ck_assert(c.resolve_due == time_add(&cfg.calendar, NOW,
	    &cfg.resolve_deadline));
	complaint_release(&c);
}
END_TEST

START_TEST(test_outcomes)
{
	ck_assert_int_eq(followup_outcome_lookup("satisfied"), FO_SATISFIED);
	ck_assert_int_eq(followup_outcome_lookup("unsatisfied"),
	    FO_UNSATISFIED);
	ck_assert_int_eq(followup_outcome_lookup("no-answer"), FO_NO_ANSWER);
	ck_assert_int_eq(followup_outcome_lookup("maybe"), -1);
	ck_assert_str_eq(followup_outcome_name(FO_NO_ANSWER), "no-answer");
}
END_TEST

Suite *lifecycle_suite(void);

Suite *
lifecycle_suite(void)
{
	Suite *s = suite_create("lifecycle");
	TCase *tc = tcase_create("allowed");

	tcase_add_loop_test(tc, test_allowed, 0,
	    (int)(sizeof(allowed_cases) / sizeof(allowed_cases[0])));
	tcase_add_test(tc, test_void_and_merged_refuse);
	suite_add_tcase(s, tc);
	tc = tcase_create("steps");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_priority_matrix);
	tcase_add_test(tc, test_ack);
	tcase_add_test(tc, test_assess);
	tcase_add_test(tc, test_resolve_and_followups);
	tcase_add_test(tc, test_followup_answers);
	tcase_add_test(tc, test_reopen);
	tcase_add_test(tc, test_outcomes);
	tcase_add_test(tc, test_reopen_mistake);
	tcase_add_test(tc, test_assign_void_merge);
	tcase_add_test(tc, test_deadlines);
	suite_add_tcase(s, tc);
	return s;
}
