/*
 * The counting structures of reports (lib/tally.c): values numbered as
 * first seen and found again past every rehash, groups keyed by those
 * numbers, their report order, and the clamped lists of durations.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"
#include "xmalloc.h"

START_TEST(test_vec32)
{
	struct vec32 a = { NULL, 0, 0 };
	int64_t i;

	for (i = 0; i < 1000; i++)
		vec32_push(&a, i);
	vec32_push(&a, (int64_t)INT32_MAX + 5);
	vec32_push(&a, (int64_t)INT32_MIN - 5);
	ck_assert_uint_eq(a.n, 1002);
	ck_assert_uint_ge(a.cap, a.n);
	ck_assert_int_eq(a.v[999], 999);
	ck_assert_int_eq(a.v[1000], INT32_MAX);
	ck_assert_int_eq(a.v[1001], INT32_MIN);
	free(a.v);
}
END_TEST

START_TEST(test_dim_text)
{
	struct dim_values dv;
	char buf[32];
	uint32_t id[500], none;
	int isnew, i;

	dv_init(&dv);
	none = dv_text(&dv, NULL, 0, &isnew);
	ck_assert_int_eq(isnew, 1);
	ck_assert_ptr_null(dv.v[none].text);
	/* Texts of every length the hash reads differently (0, under 4,
	 * under 8, several words), far past the first table's slots. */
	for (i = 0; i < 500; i++) {
		snprintf(buf, sizeof(buf), "%.*s%d", i % 20, "abcdefghijklmnopqrs",
		    i);
		id[i] = dv_text(&dv, buf, strlen(buf), &isnew);
		ck_assert_int_eq(isnew, 1);
		ck_assert_str_eq(dv.v[id[i]].text, buf);
	}
	ck_assert_uint_eq(dv.n, 501);
	ck_assert_uint_ge(dv.nslots, 2 * dv.n);
	for (i = 0; i < 500; i++) {
		snprintf(buf, sizeof(buf), "%.*s%d", i % 20, "abcdefghijklmnopqrs",
		    i);
		ck_assert_uint_eq(dv_text(&dv, buf, strlen(buf), &isnew), id[i]);
		ck_assert_int_eq(isnew, 0);
	}
	/* The empty text is a value, not none; a prefix is another. */
	ck_assert_uint_ne(dv_text(&dv, "", 0, &isnew), none);
	ck_assert_int_eq(isnew, 1);
	ck_assert_uint_ne(dv_text(&dv, "abc", 2, &isnew), id[0]);
	ck_assert_uint_eq(dv_text(&dv, NULL, 0, &isnew), none);
	ck_assert_int_eq(isnew, 0);
	dv_release(&dv);
	ck_assert_uint_eq(dv.n, 0);
	ck_assert_ptr_null(dv.v);
}
END_TEST

START_TEST(test_dim_num)
{
	struct dim_values dv;
	uint32_t a, b;
	int isnew;
	int64_t i;

	dv_init(&dv);
	for (i = -50; i < 50; i++) {
		a = dv_num(&dv, i, &isnew);
		ck_assert_int_eq(isnew, 1);
		ck_assert_int_eq(dv.v[a].num, i);
		ck_assert_ptr_null(dv.v[a].text); /* the caller's to set */
	}
	a = dv_num(&dv, 7, &isnew);
	ck_assert_int_eq(isnew, 0);
	b = dv_num(&dv, INT64_MIN, &isnew);
	ck_assert_int_eq(isnew, 1);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_eq(dv_num(&dv, INT64_MIN, &isnew), b);
	dv_release(&dv);
}
END_TEST

START_TEST(test_groups)
{
	struct dim_values dv[2], *values[2] = { &dv[0], &dv[1] };
	struct groups g;
	struct group *gr, **order;
	uint32_t id[2];
	char buf[16];
	int isnew, i, j;

	dv_init(&dv[0]);
	dv_init(&dv[1]);
	groups_init(&g);
	/* 40 x 10 groups: the table rehashes several times. */
	for (i = 0; i < 40; i++)
		for (j = 0; j < 10; j++) {
			snprintf(buf, sizeof(buf), "v%02d", i);
			id[0] = dv_text(&dv[0], buf, strlen(buf), &isnew);
			id[1] = dv_num(&dv[1], j, &isnew);
			if (isnew) {
				/* A level: its text and rank are ours. */
				snprintf(buf, sizeof(buf), "L%d", j);
				dv[1].v[id[1]].text = xstrdup(buf);
				dv[1].v[id[1]].rank = 10 - j;
			}
			gr = groups_get(&g, 2, id, values);
			gr->s.received++;
		}
	ck_assert_uint_eq(g.n, 400);
	/* The same values find the same group again. */
	id[0] = dv_text(&dv[0], "v03", 3, &isnew);
	id[1] = dv_num(&dv[1], 4, &isnew);
	gr = groups_get(&g, 2, id, values);
	ck_assert_int_eq(gr->s.received, 1);
	ck_assert_str_eq(gr->val[0], "v03");
	ck_assert_uint_eq(g.n, 400);
	/* Sorted by the first value's text, then the second's rank. */
	order = groups_sorted(&g);
	ck_assert_str_eq(order[0]->val[0], "v00");
	ck_assert_str_eq(order[0]->val[1], "L9");
	ck_assert_int_eq(order[0]->rank[1], 1);
	ck_assert_int_eq(order[9]->rank[1], 10);
	ck_assert_str_eq(order[10]->val[0], "v01");
	ck_assert_str_eq(order[399]->val[0], "v39");
	free(order);
	groups_release(&g);
	dv_release(&dv[0]);
	dv_release(&dv[1]);
}
END_TEST

START_TEST(test_groups_order)
{
	struct dim_values dv, *values[1] = { &dv };
	struct groups g;
	struct group **order;
	uint32_t id[1];
	int isnew;

	dv_init(&dv);
	groups_init(&g);
	/* None last; then rank; then bytewise text. */
	id[0] = dv_text(&dv, NULL, 0, &isnew);
	groups_get(&g, 1, id, values);
	id[0] = dv_text(&dv, "b", 1, &isnew);
	groups_get(&g, 1, id, values);
	id[0] = dv_text(&dv, "a", 1, &isnew);
	groups_get(&g, 1, id, values);
	id[0] = dv_text(&dv, "z", 1, &isnew);
	dv.v[id[0]].rank = -1;
	groups_get(&g, 1, id, values);
	order = groups_sorted(&g);
	ck_assert_str_eq(order[0]->val[0], "z");
	ck_assert_str_eq(order[1]->val[0], "a");
	ck_assert_str_eq(order[2]->val[0], "b");
	ck_assert_ptr_null(order[3]->val[0]);
	free(order);
	groups_release(&g);
	dv_release(&dv);
}
END_TEST

START_TEST(test_groups_none)
{
	struct groups g;
	struct group **order;

	/* Without dims, one group, found again. */
	groups_init(&g);
	ck_assert_ptr_eq(groups_get(&g, 0, NULL, NULL),
	    groups_get(&g, 0, NULL, NULL));
	ck_assert_uint_eq(g.n, 1);
	order = groups_sorted(&g);
	ck_assert_ptr_eq(order[0], &g.v[0]);
	free(order);
	groups_release(&g);
	/* And with no group at all, an empty order to free. */
	groups_init(&g);
	order = groups_sorted(&g);
	free(order);
	groups_release(&g);
}
END_TEST

Suite *tally_suite(void);

Suite *
tally_suite(void)
{
	Suite *s = suite_create("tally");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc, test_vec32);
	tcase_add_test(tc, test_dim_text);
	tcase_add_test(tc, test_dim_num);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_groups_order);
	tcase_add_test(tc, test_groups_none);
	suite_add_tcase(s, tc);
	return s;
}
