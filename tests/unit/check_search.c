/*
 * Unit tests of search's query language (lib/search.c) and its FTS5
 * rendering (lib/store/sqlite_attach.c): every term quoted, so FTS5's
 * own syntax typed by a user is text; every malformed query refused
 * with EX_DATAERR; and each rendering accepted by FTS5 itself.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "store/sqlite.h"

static const struct {
	const char *query;
	const char *fts5;
} good[] = {
	{ "kettle", "(\"kettle\")" },
	{ "  kettle   water ", "(\"kettle\" AND \"water\")" },
	{ "\"boiling water\"", "(\"boiling water\")" },
	{ "kettle OR toaster", "((\"kettle\" OR \"toaster\"))" },
	{ "a OR b OR c d", "((\"a\" OR \"b\" OR \"c\") AND \"d\")" },
	{ "kettle -toaster", "(\"kettle\") NOT \"toaster\"" },
	{ "-toaster kettle", "(\"kettle\") NOT \"toaster\"" },
	{ "snow*", "(\"snow\"*)" },
	{ "\"boil wat\"*", "(\"boil wat\"*)" },
	{ "-\"red kettle\" blue", "(\"blue\") NOT \"red kettle\"" },
	/* FTS5's syntax is only text. */
	{ "NEAR(a b)", "(\"NEAR(a\" AND \"b)\")" },
	{ "summary:x", "(\"summary:x\")" },
	{ "a AND b", "(\"a\" AND \"AND\" AND \"b\")" },
	{ "or", "(\"or\")" },
	{ "^x", "(\"^x\")" },
	{ "x-y", "(\"x-y\")" },
	{ "it's", "(\"it's\")" },
};

static const char *const bad[] = {
	"", "   ", "\"unclosed", "OR", "OR kettle", "kettle OR",
	"a OR OR b", "-kettle", "-a -b", "a OR -b", "-a OR b", "*", "-",
	"a -", "a *", "a \"\"", "a\"b",
};

START_TEST(test_good)
{
	struct search_query q;
	struct buf b = BUF_INIT;
	struct error err;

	ck_assert_int_eq(search_parse(good[_i].query, &q, &err), 0);
	sq_fts5_query(&q, &b);
	ck_assert_str_eq(buf_str(&b), good[_i].fts5);
	buf_release(&b);
	search_query_release(&q);
}
END_TEST

START_TEST(test_bad)
{
	struct search_query q;
	struct error err;

	ck_assert_int_eq(search_parse(bad[_i], &q, &err), EX_DATAERR);
	ck_assert_ptr_null(q.t);
	ck_assert_ptr_nonnull(strstr(err.msg, "(accepted: "));
}
END_TEST

/* Whatever a user types that parses, FTS5 accepts its rendering. */
START_TEST(test_fts5_accepts)
{
	static const char *const queries[] = {
		"kettle", "a OR b c", "x -y", "pre*", "\"a b\" OR c*",
		"NEAR(a b)", "summary:x", "a AND b", "^x", "{a b}: c",
		"'; DROP TABLE t; --x", "\\\\", "(((", "a)", "\xc3\xa9t\xc3\xa9",
	};
	sqlite3 *h;
	sqlite3_stmt *st;
	size_t i;

	ck_assert_int_eq(sqlite3_open(":memory:", &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE VIRTUAL TABLE t USING "
	    "fts5(a, b); INSERT INTO t VALUES ('kettle x', 'pre a b');",
	    NULL, NULL, NULL), SQLITE_OK);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		struct search_query q;
		struct buf b = BUF_INIT;
		struct error err;
		int rc;

		ck_assert_int_eq(search_parse(queries[i], &q, &err), 0);
		sq_fts5_query(&q, &b);
		ck_assert_int_eq(sqlite3_prepare_v2(h,
		    "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, NULL),
		    SQLITE_OK);
		sqlite3_bind_text(st, 1, buf_str(&b), -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		ck_assert_msg(rc == SQLITE_ROW, "%s -> %s: %s", queries[i],
		    buf_str(&b), sqlite3_errmsg(h));
		sqlite3_finalize(st);
		buf_release(&b);
		search_query_release(&q);
	}
	sqlite3_close(h);
}
END_TEST

Suite *search_suite(void);

Suite *
search_suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("query");

	tcase_add_loop_test(tc, test_good, 0,
	    sizeof(good) / sizeof(good[0]));
	tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_fts5_accepts);
	suite_add_tcase(s, tc);
	return s;
}
