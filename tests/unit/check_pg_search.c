/*
 * Unit tests of search's rendering for PostgreSQL (lib/store/
 * pg_attach.c): every word quoted, split as the index splits it, so
 * tsquery's own syntax typed by a user is text; a term with no words
 * matches nothing. Without libpq the suite is empty.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#ifdef HAVE_PG
#include "store/pg_scan.h"

static const struct {
	const char *query;
	const char *match;
	const char *any;
} good[] = {
	{ "kettle", "(('kettle'))", "(('kettle'))" },
	{ "  kettle   water ", "(('kettle')) & (('water'))",
	  "(('kettle')) | (('water'))" },
	{ "\"boiling water\"", "(('boiling' <-> 'water'))",
	  "(('boiling' <-> 'water'))" },
	{ "kettle OR toaster", "(('kettle') | ('toaster'))",
	  "(('kettle') | ('toaster'))" },
	{ "a OR b OR c d", "(('a') | ('b') | ('c')) & (('d'))",
	  "(('a') | ('b') | ('c')) | (('d'))" },
	{ "kettle -toaster", "(('kettle')) & !('toaster')", "(('kettle'))" },
	{ "-toaster kettle", "(('kettle')) & !('toaster')", "(('kettle'))" },
	{ "snow*", "(('snow':*))", "(('snow':*))" },
	{ "\"boil wat\"*", "(('boil' <-> 'wat':*))",
	  "(('boil' <-> 'wat':*))" },
	/* Split where FTS5's unicode61 splits: punctuation is no word. */
	{ "x-y", "(('x' <-> 'y'))", "(('x' <-> 'y'))" },
	{ "it's", "(('it' <-> 's'))", "(('it' <-> 's'))" },
	{ "receipt.pdf", "(('receipt' <-> 'pdf'))",
	  "(('receipt' <-> 'pdf'))" },
	/* tsquery's syntax is only text. */
	{ "a&b|!c", "(('a' <-> 'b' <-> 'c'))", "(('a' <-> 'b' <-> 'c'))" },
	{ "x:*AB", "(('x' <-> 'AB'))", "(('x' <-> 'AB'))" },
	{ "';DROP", "(('DROP'))", "(('DROP'))" },
	{ "\xc3\xa9t\xc3\xa9", "(('\xc3\xa9t\xc3\xa9'))",
	  "(('\xc3\xa9t\xc3\xa9'))" },
	/* A term of no words drops out of an OR and an exclusion. */
	{ "a OR ;;", "(('a'))", "(('a'))" },
	{ "a -;;", "(('a'))", "(('a'))" },
};

/* A wanted term with no words: nothing can match. */
static const char *const nothing[] = {
	"(((", "a ;;", "\";; ,\"", "-x ..", "'; DROP",
};

START_TEST(test_good)
{
	struct search_query q;
	struct buf m = BUF_INIT, a = BUF_INIT;
	struct error err;

	ck_assert_int_eq(search_parse(good[_i].query, &q, &err), 0);
	ck_assert_int_eq(pg_search_tsquery(&q, &m, &a), 0);
	ck_assert_str_eq(buf_str(&m), good[_i].match);
	ck_assert_str_eq(buf_str(&a), good[_i].any);
	buf_release(&m);
	buf_release(&a);
	search_query_release(&q);
}
END_TEST

START_TEST(test_nothing)
{
	struct search_query q;
	struct buf m = BUF_INIT, a = BUF_INIT;
	struct error err;

	ck_assert_int_eq(search_parse(nothing[_i], &q, &err), 0);
	ck_assert_int_eq(pg_search_tsquery(&q, &m, &a), 1);
	buf_release(&m);
	buf_release(&a);
	search_query_release(&q);
}
END_TEST
#endif

Suite *pg_search_suite(void);

Suite *
pg_search_suite(void)
{
	Suite *s = suite_create("pg_search");
#ifdef HAVE_PG
	TCase *tc = tcase_create("tsquery");

	tcase_add_loop_test(tc, test_good, 0,
	    sizeof(good) / sizeof(good[0]));
	tcase_add_loop_test(tc, test_nothing, 0,
	    sizeof(nothing) / sizeof(nothing[0]));
	suite_add_tcase(s, tc);
#endif
	return s;
}
