/*
 * The sweep over owed call-backs and follow-ups: what it lists, in which
 * order, and that it reads the partial indexes rather than the table.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complaint.h"
#include "store.h"
#include "followup.h"
#include "xmalloc.h"
#include "scratch.h"

#define NOW 1795082400LL

static char dbpath[256];
static struct store *db;

static void
setup(void)
{
	struct error err;

	scratch_path(dbpath, sizeof(dbpath), "followup");
	ck_assert_int_eq(scratch_open(&db, dbpath, 5000, 0, &err), 0);
}

static void
teardown(void)
{
	store_close(db);
	scratch_remove(dbpath);
}

static void
add(const char *owner, int64_t callback, int64_t followup)
{
	struct complaint c;
	struct error err;

	complaint_init(&c);
	c.received_at = NOW - 86400;
	c.channel = xstrdup("phone");
	c.customer = xstrdup("Ann");
	c.owner = xstrdup(owner);
	c.callback_due = callback;
	c.followup_due = followup;
	if (followup != NUM_NONE) {
		c.status = ST_RESOLVED;
		c.followup_attempts = 1;
	}
	ck_assert_int_eq(store_complaint_insert(db, &c, "t", NOW, "log", NULL,
	    &err), 0);
	complaint_release(&c);
}

struct seen {
	char rows[8][64];
	int n;
};

static int
collect(const struct owed *o, void *arg)
{
	struct seen *s = arg;

	ck_assert_int_lt(s->n, 8);
	snprintf(s->rows[s->n++], 64, "%lld %s %lld %s %lld",
	    (long long)o->id, owed_kind_name(o->kind),
	    (long long)(o->due - NOW), o->owner,
	    o->attempts == NUM_NONE ? -1LL : (long long)o->attempts);
	return 0;
}

START_TEST(test_sweep)
{
	struct seen s;
	struct error err;

	add("alice", NOW + 3600, NUM_NONE);        /* 1 */
	add("bob", NUM_NONE, NOW - 60);            /* 2 */
	add("alice", NOW + 7200, NOW + 60);        /* 3: both owed */
	add("bob", NUM_NONE, NUM_NONE);            /* 4: nothing */
	add("carol", NOW + 86400 * 3, NUM_NONE);   /* 5: later */

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(store_owed_each(db, NOW + 86400, NULL, collect,
	    &s, &err), 0);
	ck_assert_int_eq(s.n, 4);
	ck_assert_str_eq(s.rows[0], "2 followup -60 bob 1");
	ck_assert_str_eq(s.rows[1], "3 followup 60 alice 1");
	ck_assert_str_eq(s.rows[2], "1 callback 3600 alice -1");
	ck_assert_str_eq(s.rows[3], "3 callback 7200 alice -1");

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(store_owed_each(db, NOW, NULL, collect, &s,
	    &err), 0);
	ck_assert_int_eq(s.n, 1);

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(store_owed_each(db, NOW + 86400, "alice",
	    collect, &s, &err), 0);
	ck_assert_int_eq(s.n, 3);
}
END_TEST


Suite *followup_suite(void);

Suite *
followup_suite(void)
{
	Suite *s = suite_create("followup");
	TCase *tc = tcase_create("sweep");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sweep);
	suite_add_tcase(s, tc);
	return s;
}
