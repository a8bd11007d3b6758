/* Names as people expect them: tidying, the matching key, the checks. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"

static const struct {
	const char *in, *want;
} tidy_cases[] = {
	{ "Ann Smith", "Ann Smith" },
	{ "  Ann   Smith ", "Ann Smith" },
	{ "\tAnn\n\nSmith\r\n", "Ann Smith" },
	{ "Ann\xc2\xa0Smith", "Ann Smith" },          /* no-break space */
	{ "Ann\xe3\x80\x80Smith", "Ann Smith" },      /* ideographic space */
	{ "   ", "" },
	{ "", "" },
	{ "王小明", "王小明" },
};

START_TEST(test_tidy)
{
	char *t = name_tidy(tidy_cases[_i].in);

	ck_assert_str_eq(t, tidy_cases[_i].want);
	free(t);
}
END_TEST

/* Pairs that must match, and pairs that must not. */
static const struct {
	const char *a, *b;
	int match;
} key_cases[] = {
	{ "Ann Smith", "ann smith", 1 },
	{ "  Ann   Smith ", "ANN SMITH", 1 },
	{ "ZOË", "Zoë", 1 },
	{ "zoë ångström-nakamura", "Zoë Ångström-Nakamura", 1 },
	/* combining diaeresis and ring against the precomposed letters */
	{ "Zoe\xcc\x88 A\xcc\x8angstro\xcc\x88m", "zoë ångström", 1 },
	{ "STRASSE", "straße", 1 },                   /* full folding */
	{ "ΣΊΣΥΦΟΣ", "σίσυφος", 1 },                  /* final sigma */
	{ "\xe2\x84\xaa" "elvin", "kelvin", 1 },      /* KELVIN SIGN */
	{ "Zoe", "Zoë", 0 },
	{ "Ann Smith", "Ann Smyth", 0 },
	{ "Ann Smith", "AnnSmith", 0 },
};

START_TEST(test_key)
{
	char *a = name_key(key_cases[_i].a), *b = name_key(key_cases[_i].b);

	ck_assert_msg((strcmp(a, b) == 0) == key_cases[_i].match,
	    "'%s' -> '%s', '%s' -> '%s'", key_cases[_i].a, a,
	    key_cases[_i].b, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_key_edges)
{
	char *k;

	ck_assert_ptr_null(name_key(NULL));
	ck_assert_ptr_null(name_tidy(NULL));
	/* Invalid UTF-8 is kept, folded as ASCII: no crash, no loss. */
	k = name_key("AB\xff");
	ck_assert_str_eq(k, "ab\xff");
	free(k);
}
END_TEST

/* The key stored beside a name: none where the name is its own key but
 * for ASCII case, which SQL's NOCASE gives back; the key otherwise. */
static const struct {
	const char *name, *stored;
} stored_cases[] = {
	{ "alice", NULL },
	{ "Alice", NULL },
	{ "Customer 42", NULL },
	{ "AB\xff", NULL },             /* invalid UTF-8, folded as ASCII */
	{ "  Ann  Lee ", "ann lee" },   /* tidied: not the name itself */
	{ "ZOË", "zoë" },               /* folded beyond ASCII */
	{ "Zoë", NULL },
	{ "Straße", "strasse" },
	{ "ann\xc2\xa0lee", "ann lee" },
};

START_TEST(test_key_stored)
{
	char *k = name_key_stored(stored_cases[_i].name);

	if (stored_cases[_i].stored == NULL)
		ck_assert_msg(k == NULL, "%s: stored %s",
		    stored_cases[_i].name, k);
	else
		ck_assert_str_eq(k, stored_cases[_i].stored);
	free(k);
	ck_assert_ptr_null(name_key_stored(NULL));
}
END_TEST

static const struct {
	const char *s;
	int ok;
} check_cases[] = {
	{ "alice", 1 },
	{ "Zoë Ångström", 1 },
	{ "王小明", 1 },
	{ "  bob  ", 1 },
	{ "", 0 },
	{ "   ", 0 },
	{ "\xc2\xa0", 0 },
	{ "bob\nx", 0 },
	{ "bob\tx", 0 },
	{ "bob\x1b]0;x\x07", 0 },
	{ "bob\x7f", 0 },
	{ "bob\xc2\x85", 0 },                         /* NEL, a C1 control */
	{ "bob\xff", 0 },
	{ "\xc0\xaf", 0 },                            /* overlong */
};

START_TEST(test_check)
{
	struct error err = { 0, "" };
	int rc = name_check(check_cases[_i].s, "--as", &err);

	if (check_cases[_i].ok) {
		ck_assert_int_eq(rc, 0);
	} else {
		ck_assert_int_eq(rc, EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(err.msg, "--as"));
	}
}
END_TEST

Suite *name_suite(void);

Suite *
name_suite(void)
{
	Suite *s = suite_create("name");
	TCase *tc = tcase_create("name");

	tcase_add_loop_test(tc, test_tidy, 0,
	    sizeof(tidy_cases) / sizeof(tidy_cases[0]));
	tcase_add_loop_test(tc, test_key, 0,
	    sizeof(key_cases) / sizeof(key_cases[0]));
	tcase_add_test(tc, test_key_edges);
	tcase_add_loop_test(tc, test_key_stored, 0,
	    sizeof(stored_cases) / sizeof(stored_cases[0]));
	tcase_add_loop_test(tc, test_check, 0,
	    sizeof(check_cases) / sizeof(check_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
