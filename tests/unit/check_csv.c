/*
 * The RFC 4180 reader: a table of inputs and the records they give (or
 * the error), read from memory and from a pipe one byte per read(2), so
 * that every chunk boundary is crossed.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csv.h"

/* Each record as "[field][field]\n". */
static const struct {
	const char *in;
	size_t len;        /* 0: strlen(in) */
	const char *want;  /* NULL: an error */
	const char *msg;   /* part of the error message */
	long line;         /* line of the error */
	size_t wlen;       /* 0: strlen(want) */
} cases[] = {
	{ "", 0, "", NULL, 1, 0 },
	{ "a", 0, "[a]\n", NULL, 1, 0 },
	{ "a,b,c\n", 0, "[a][b][c]\n", NULL, 1, 0 },
	{ "a,b\r\nc,d\r\n", 0, "[a][b]\n[c][d]\n", NULL, 2, 0 },
	{ "a,b\nc,d", 0, "[a][b]\n[c][d]\n", NULL, 2, 0 },
	{ "a\rb\r", 0, "[a]\n[b]\n", NULL, 2, 0 },
	{ ",\n", 0, "[][]\n", NULL, 1, 0 },
	{ ",,\n", 0, "[][][]\n", NULL, 1, 0 },
	{ "\"\"\n", 0, "[]\n", NULL, 1, 0 },
	{ "\"a,b\",c\n", 0, "[a,b][c]\n", NULL, 1, 0 },
	{ "\"say \"\"hi\"\"\"\n", 0, "[say \"hi\"]\n", NULL, 1, 0 },
	{ "\"\"\"\"\n", 0, "[\"]\n", NULL, 1, 0 },
	{ "\"line 1\nline 2\",x\nnext\n", 0, "[line 1\nline 2][x]\n[next]\n",
	    NULL, 3, 0 },
	{ "\"crlf\r\ninside\"\r\n", 0, "[crlf\r\ninside]\n", NULL, 1, 0 },
	{ "\xef\xbb\xbf" "a,b\n", 0, "[a][b]\n", NULL, 1, 0 },
	{ "\xef\xbb\xbf", 0, "", NULL, 1, 0 },
	{ "\xef\xbb" "a\n", 0, "[\xef\xbb" "a]\n", NULL, 1, 0 },
	{ "a\n\nb\n\r\n\rc\n", 0, "[a]\n[b]\n[c]\n", NULL, 6, 0 },
	{ "\n\n", 0, "", NULL, 3, 0 },
	{ "a, b ,c\n", 0, "[a][ b ][c]\n", NULL, 1, 0 },
	{ "\"a\"\n\"b\"", 0, "[a]\n[b]\n", NULL, 2, 0 },
	{ "caf\xc3\xa9,\xe2\x82\xac\n", 0, "[caf\xc3\xa9][\xe2\x82\xac]\n", NULL,
	    1, 0 },
	{ "a\0b,c\n", 6, "[a\0b][c]\n", NULL, 1, 9 },
	{ "\"open\n", 0, NULL, "unterminated quoted field (the quote opened "
	    "on line 1 is never closed)", 2, 0 },
	{ "ok\n\"open,x\ny\n", 0, NULL, "unterminated", 4, 0 },
	{ "ab\"c\n", 0, NULL, "quote inside an unquoted field", 1, 0 },
	{ "\"ab\"c\n", 0, NULL, "text after the closing quote", 1, 0 },
	{ "x\n\"ab\" \n", 0, NULL, "text after the closing quote", 2, 0 },
};

/* Read every record of C into OUT; the status of the first error. */
static int
read_all(struct csv *c, struct buf *out, struct error *err)
{
	int rc;
	size_t i;

	while ((rc = csv_next(c, err)) == 1) {
		for (i = 0; i < c->nfields; i++) {
			buf_putc(out, '[');
			buf_add(out, c->field[i], c->flen[i]);
			buf_putc(out, ']');
			ck_assert_int_eq(c->field[i][c->flen[i]], '\0');
		}
		buf_putc(out, '\n');
	}
	return rc;
}

static void
check_case(int i, struct csv *c)
{
	struct buf out = BUF_INIT;
	struct error err;
	int rc;

	error_clear(&err);
	rc = read_all(c, &out, &err);
	if (cases[i].want) {
		ck_assert_msg(rc == 0, "case %d: %s", i, err.msg);
		ck_assert_uint_eq(out.len, cases[i].wlen ? cases[i].wlen :
		    strlen(cases[i].want));
		ck_assert_msg(memcmp(buf_str(&out), cases[i].want, out.len) == 0,
		    "case %d: got '%s'", i, buf_str(&out));
	} else {
		char where[64];

		ck_assert_int_eq(rc, EX_DATAERR);
		ck_assert_msg(strstr(err.msg, cases[i].msg) != NULL,
		    "case %d: %s", i, err.msg);
		snprintf(where, sizeof(where), "in.csv:%ld: ", cases[i].line);
		ck_assert_msg(strncmp(err.msg, where, strlen(where)) == 0,
		    "case %d: %s", i, err.msg);
	}
	buf_release(&out);
}

START_TEST(test_mem)
{
	struct csv c;
	size_t len = cases[_i].len ? cases[_i].len : strlen(cases[_i].in);

	csv_init_mem(&c, cases[_i].in, len, "in.csv");
	check_case(_i, &c);
	csv_release(&c);
}
END_TEST

/* The same input through a pipe, one byte per read. */
START_TEST(test_pipe_bytewise)
{
	struct csv c;
	size_t len = cases[_i].len ? cases[_i].len : strlen(cases[_i].in);
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], cases[_i].in, len), (ssize_t)len);
	close(fds[1]);
	csv_init_fd(&c, fds[0], "in.csv");
	c.read_max = 1;
	check_case(_i, &c);
	csv_release(&c);
	close(fds[0]);
}
END_TEST

START_TEST(test_record_line)
{
	static const char in[] = "h1,h2\n\"a\nb\",c\n\nd,e\n";
	struct csv c;
	struct error err;

	csv_init_mem(&c, in, sizeof(in) - 1, "x");
	ck_assert_int_eq(csv_next(&c, &err), 1);
	ck_assert_int_eq(c.record_line, 1);
	ck_assert_int_eq(csv_next(&c, &err), 1);
	ck_assert_int_eq(c.record_line, 2);
	ck_assert_int_eq(csv_next(&c, &err), 1);
	ck_assert_int_eq(c.record_line, 5);
	ck_assert_str_eq(c.field[0], "d");
	ck_assert_int_eq(csv_next(&c, &err), 0);
	ck_assert_uint_eq(c.consumed, sizeof(in) - 1);
	csv_release(&c);
}
END_TEST

START_TEST(test_record_max)
{
	struct buf in = BUF_INIT;
	struct csv c;
	struct error err;
	int i;

	buf_puts(&in, "short\n\"");
	for (i = 0; i < 5000; i++)
		buf_puts(&in, "0123456789");
	buf_puts(&in, "\"\nafter\n");
	csv_init_mem(&c, in.s, in.len, "big.csv");
	c.record_max = 10000;
	ck_assert_int_eq(csv_next(&c, &err), 1);
	ck_assert_int_eq(csv_next(&c, &err), EX_DATAERR);
	ck_assert_str_eq(err.msg,
	    "big.csv:2: record is too long (more than 10000 bytes)");
	csv_release(&c);
	buf_release(&in);
}
END_TEST

/* Many fields: the field table grows. */
START_TEST(test_many_fields)
{
	struct buf in = BUF_INIT;
	struct csv c;
	struct error err;
	int i;

	for (i = 0; i < 1000; i++)
		buf_printf(&in, "%s%d", i ? "," : "", i);
	buf_putc(&in, '\n');
	csv_init_mem(&c, in.s, in.len, "wide.csv");
	ck_assert_int_eq(csv_next(&c, &err), 1);
	ck_assert_uint_eq(c.nfields, 1000);
	ck_assert_str_eq(c.field[999], "999");
	ck_assert_str_eq(c.field[0], "0");
	csv_release(&c);
	buf_release(&in);
}
END_TEST

Suite *csv_suite(void);

Suite *
csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("reader");
	int n = (int)(sizeof(cases) / sizeof(cases[0]));

	tcase_add_loop_test(tc, test_mem, 0, n);
	tcase_add_loop_test(tc, test_pipe_bytewise, 0, n);
	tcase_add_test(tc, test_record_line);
	tcase_add_test(tc, test_record_max);
	tcase_add_test(tc, test_many_fields);
	suite_add_tcase(s, tc);
	return s;
}
