/*
 * Reviews: ideas and their status, complaints still to review, and the
 * spike method (a category's latest window against its own baseline);
 * and the messages rendered for the customer.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complaint.h"
#include "config.h"
#include "store.h"
#include "message.h"
#include "review.h"
#include "template.h"
#include "timeutil.h"
#include "xmalloc.h"
#include "scratch.h"

#define NOW 1795082400LL
#define DAY 86400

static char dbpath[256];
static struct store *db;
static struct config cfg;

static void
setup(void)
{
	struct error err;

	scratch_path(dbpath, sizeof(dbpath), "review");
	ck_assert_int_eq(scratch_open(&db, dbpath, 5000, 0, &err), 0);
	config_defaults(&cfg);
	ck_assert_int_eq(tz_set("UTC", &err), 0);
}

static void
teardown(void)
{
	config_release(&cfg);
	store_close(db);
	scratch_remove(dbpath);
}

static int64_t
add(const char *category, int64_t received, int64_t resolved)
{
	struct complaint c;
	struct error err;
	int64_t id;

	complaint_init(&c);
	c.received_at = received;
	c.channel = xstrdup("phone");
	c.customer = xstrdup("Ann");
	c.owner = xstrdup("alice");
	c.category = xstrdup_or_null(category);
	c.resolved_at = resolved;
	if (resolved != NUM_NONE)
		c.status = ST_RESOLVED;
	ck_assert_int_eq(store_complaint_insert(db, &c, "t", NOW, "log", NULL,
	    &err), 0);
	id = c.id;
	complaint_release(&c);
	return id;
}

static int
count_idea(const struct idea *i, void *arg)
{
	char *s = arg;

	snprintf(s + strlen(s), 256 - strlen(s), "%lld:%s:%s;",
	    (long long)i->id, i->status,
	    i->decided_at == TIME_NONE ? "-" : "d");
	return 0;
}

START_TEST(test_ideas)
{
	struct error err;
	char seen[256] = "", old[16];
	int64_t id1, id2, cid = add(NULL, NOW, NOW), got;

	ck_assert(idea_status_valid("agreed"));
	ck_assert(!idea_status_valid("maybe"));
	ck_assert_int_eq(store_idea_add(db, cid, "Stronger boxes", "alice", NOW,
	    &id1, &err), 0);
	ck_assert_int_eq(store_idea_add(db, cid, "Train couriers", "bob",
	    NOW + DAY, &id2, &err), 0);
	ck_assert_int_eq(store_idea_set_status(db, id1, "agreed", NOW + 60, &got,
	    old, &err), 0);
	ck_assert(got == cid);
	ck_assert_str_eq(old, "proposed");
	ck_assert_int_eq(store_idea_each(db, TIME_NONE, count_idea, seen, &err), 0);
	ck_assert_str_eq(seen, "1:agreed:d;2:proposed:-;");
	seen[0] = '\0';
	ck_assert_int_eq(store_idea_each(db, NOW + 1, count_idea, seen, &err), 0);
	ck_assert_str_eq(seen, "2:proposed:-;");
	ck_assert_int_eq(store_idea_set_status(db, 99, "done", NOW, &got, old,
	    &err), EX_NOINPUT);
	ck_assert_str_eq(err.msg, "no idea 99 (see 'complaint review "
	    "--ideas')");
}
END_TEST

static int
count_pending(const struct pending_review *p, void *arg)
{
	char *s = arg;

	snprintf(s + strlen(s), 64 - strlen(s), "%lld;", (long long)p->id);
	return 0;
}

START_TEST(test_pending)
{
	struct error err;
	char seen[64] = "";

	add(NULL, NOW, NUM_NONE);
	add(NULL, NOW, NOW + 60);
	add(NULL, NOW, NOW + 30);
	ck_assert_int_eq(store_pending_review_each(db, count_pending, seen, &err),
	    0);
	ck_assert_str_eq(seen, "3;2;");
}
END_TEST

static int
collect_spike(const struct spike *s, void *arg)
{
	char *out = arg;

	snprintf(out + strlen(out), 256 - strlen(out), "%s %lld %.2f;",
	    s->category, (long long)s->recent, s->baseline);
	return 0;
}

/* Per category: how many in each of the 8 baseline weeks, and in the
 * latest week; whether that is a spike with factor 2, at least 5. */
START_TEST(test_spikes)
{
	struct error err;
	char seen[256] = "";
	int i, w;

	/* billing: 1 a week, then 5: a spike. */
	for (w = 1; w <= 8; w++)
		add("billing", NOW - w * 7 * DAY - DAY, NUM_NONE);
	for (i = 0; i < 5; i++)
		add("billing", NOW - DAY, NUM_NONE);
	/* delivery: 3 a week, then 5: under twice the baseline. */
	for (w = 1; w <= 8; w++)
		for (i = 0; i < 3; i++)
			add("delivery", NOW - w * 7 * DAY - DAY, NUM_NONE);
	for (i = 0; i < 5; i++)
		add("delivery", NOW - DAY, NUM_NONE);
	/* staff conduct: never before, then 4: under min_count. */
	for (i = 0; i < 4; i++)
		add("staff conduct", NOW - DAY, NUM_NONE);
	/* service issue: never before, then 6; and older ones outside the
	 * baseline do not count. */
	for (i = 0; i < 6; i++)
		add("service issue", NOW - DAY, NUM_NONE);
	for (i = 0; i < 50; i++)
		add("service issue", NOW - 9 * 7 * DAY - DAY, NUM_NONE);
	ck_assert_int_eq(review_spikes(db, &cfg, NOW, collect_spike, seen,
	    &err), 0);
	ck_assert_str_eq(seen, "billing 5 1.00;service issue 6 0.00;");

	/* A lower factor makes delivery a spike too. */
	seen[0] = '\0';
	cfg.spike_factor = 1.5;
	ck_assert_int_eq(review_spikes(db, &cfg, NOW, collect_spike, seen,
	    &err), 0);
	ck_assert_str_eq(seen,
	    "billing 5 1.00;delivery 5 3.00;service issue 6 0.00;");
}
END_TEST

START_TEST(test_message_placeholders)
{
	struct complaint c;
	struct buf out = BUF_INIT, tpl = BUF_INIT;
	const char *const *p;

	complaint_init(&c);
	c.id = 42;
	c.received_at = NOW;
	c.resolve_due = NOW + 56 * DAY;
	c.customer = xstrdup("Ann");
	c.owner = xstrdup("bob");
	c.amount = 1250;
	/* Every placeholder is known: none is left in the text. */
	for (p = template_placeholders; *p; p++)
		buf_printf(&tpl, "{%s}|", *p);
	message_render(buf_str(&tpl), &cfg, &c, "alice", &out);
	ck_assert_str_eq(buf_str(&out), "CMP-000042|Ann|bob|alice|Acme Ltd|"
	    "2026-11-19|2027-01-14|2027-01-14||||12.50|GBP|");
	buf_reset(&out);
	c.eta = NOW + 7 * DAY;
	message_render("{eta} {{ref}}", &cfg, &c, "alice", &out);
	ck_assert_str_eq(buf_str(&out), "2026-11-26 {ref}");
	buf_release(&out);
	buf_release(&tpl);
	complaint_release(&c);
}
END_TEST

Suite *review_suite(void);

Suite *
review_suite(void)
{
	Suite *s = suite_create("review");
	TCase *tc = tcase_create("review");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ideas);
	tcase_add_test(tc, test_pending);
	tcase_add_test(tc, test_spikes);
	tcase_add_test(tc, test_message_placeholders);
	suite_add_tcase(s, tc);
	return s;
}
