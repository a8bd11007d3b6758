/*
 * Unit tests of the {name} templates (lib/template.c): rendering with
 * literal braces and unknown names, and the check that config_load()
 * runs on every configured template.
 */
#include <check.h>
#include <string.h>

#include "template.h"

static const char *
lookup(const char *name, void *arg)
{
	static const char *const values[][2] = {
		{ "ref", "CMP-000042" },
		{ "customer", "Ann O'Neill" },
		{ "empty", "" },
		{ "braces", "{ref}" },
	};
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (strcmp(values[i][0], name) == 0)
			return values[i][1];
	}
	return NULL;
}

static const struct {
	const char *tpl;
	const char *want;
} render_cases[] = {
	{ "", "" },
	{ "no placeholders", "no placeholders" },
	{ "Dear {customer},", "Dear Ann O'Neill," },
	{ "{ref}{ref}", "CMP-000042CMP-000042" },
	{ "Chère {customer} – {ref}", "Chère Ann O'Neill – CMP-000042" },
	{ "{empty}x", "x" },
	/* Values are not templates themselves. */
	{ "{braces}", "{ref}" },
	{ "{{customer}}", "{customer}" },
	{ "{{{ref}}}", "{CMP-000042}" },
	{ "a}}b", "a}b" },
	{ "a}b", "a}b" },
	/* Mistakes show in the text rather than vanish. */
	{ "{unknown}", "{unknown}" },
	{ "{customer", "{customer" },
	{ "{ customer}", "{ customer}" },
	{ "{}", "{}" },
	{ "end {", "end {" },
	{ "line\n{ref}\n", "line\nCMP-000042\n" },
};

START_TEST(test_render)
{
	struct buf out = BUF_INIT;

	template_render(render_cases[_i].tpl, lookup, NULL, &out);
	ck_assert_str_eq(buf_str(&out), render_cases[_i].want);
	ck_assert_ptr_nonnull(out.s);
	buf_release(&out);
}
END_TEST

START_TEST(test_render_appends)
{
	struct buf out = BUF_INIT;

	buf_puts(&out, "> ");
	template_render("{ref}", lookup, NULL, &out);
	ck_assert_str_eq(buf_str(&out), "> CMP-000042");
	buf_release(&out);
}
END_TEST

static const char *const letters[] = { "a", "b_2", NULL };

static const struct {
	const char *tpl;
	int status;
	const char *msg;
} check_cases[] = {
	{ "", 0, "" },
	{ "{a} and {b_2}", 0, "" },
	{ "{{a}} {{ and }} }", 0, "" },
	{ "{{not a placeholder}}", 0, "" },
	{ "{c}", EX_DATAERR,
	    "unknown placeholder '{c}' (expected one of: {a}, {b_2})" },
	{ "{a} {A}", EX_DATAERR, "unknown placeholder '{A}'" },
	{ "{a", EX_DATAERR,
	    "unterminated placeholder '{a' (expected '}' after the name)" },
	{ "{a b}", EX_DATAERR, "unterminated placeholder '{a'" },
	{ "{ a}", EX_DATAERR, "'{' not followed by a placeholder name "
	    "(write '{{' for a literal '{')" },
	{ "{}", EX_DATAERR, "'{' not followed by a placeholder name" },
	{ "x {", EX_DATAERR, "'{' not followed by a placeholder name" },
};

START_TEST(test_check)
{
	struct error err = { 0, "" };
	int rc;

	rc = template_check(check_cases[_i].tpl, letters, &err);
	ck_assert_int_eq(rc, check_cases[_i].status);
	if (rc == 0)
		ck_assert_str_eq(err.msg, "");
	else
		ck_assert_msg(strstr(err.msg, check_cases[_i].msg) != NULL,
		    "'%s' lacks '%s'", err.msg, check_cases[_i].msg);
}
END_TEST

START_TEST(test_check_configured_names)
{
	struct error err = { 0, "" };
	struct buf all = BUF_INIT;
	const char *const *p;
	size_t n = 0;

	for (p = template_placeholders; *p != NULL; p++, n++)
		buf_printf(&all, "{%s} ", *p);
	ck_assert_int_eq(n, 34);
	ck_assert_int_eq(template_check(buf_str(&all), template_placeholders,
	    &err), 0);
	ck_assert_int_eq(template_check("{customer_name}",
	    template_placeholders, &err), EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "{ref}, {customer}, {owner}, {agent}, "
	    "{organisation}, {received}, {resolve_due}, {eta}, {summary}, "
	    "{resolution}, {remedy}, {amount}, {currency}, {status}, "
	    "{channel}, {contact}, {customer_id}, {department}, {category}, "
	    "{severity}, {priority}, {justified}, {level}, {details}, "
	    "{root_cause}, {regime}, {ack_due}, {acknowledged}, {resolved}, "
	    "{closed}, {summary_due}, {holding_due}, {contacts}, {today})")
	    != NULL,
	    "%s", err.msg);
	buf_release(&all);
}
END_TEST

Suite *template_suite(void);

Suite *
template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *tc;

	tc = tcase_create("render");
	tcase_add_loop_test(tc, test_render, 0,
	    sizeof(render_cases) / sizeof(render_cases[0]));
	tcase_add_test(tc, test_render_appends);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_loop_test(tc, test_check, 0,
	    sizeof(check_cases) / sizeof(check_cases[0]));
	tcase_add_test(tc, test_check_configured_names);
	suite_add_tcase(s, tc);
	return s;
}
