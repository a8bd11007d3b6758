/*
 * Unit tests of lib/output.c: the exact bytes of every format for one
 * listing that holds every cell type and the awkward characters, the
 * escaping helpers case by case, table cutting, and write errors.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "output.h"
#include "timeutil.h"

Suite *output_suite(void);

#define T0 1795338000 /* 2026-11-22T09:00:00Z */

#define NCOLS 6
#define NROWS 5

static const char *const cols[NCOLS] = {
	"ref", "n", "amount", "ok", "at", "summary",
};

/* Every cell type, NULLs, and text that each format must escape. */
static void
fixture(struct cell rows[NROWS][NCOLS])
{
	struct cell r[NROWS][NCOLS] = {
		{ cell_text("CMP-000001"), cell_int(-5), cell_number("12.50"),
		    cell_bool(1), cell_time(T0), cell_text("a\tb\nc\\d") },
		{ cell_text(NULL), cell_int(0), cell_number(NULL),
		    cell_bool(0), cell_time(TIME_NONE),
		    cell_text("say \"hi\", ok") },
		{ cell_text("=SUM(A1)"), cell_int(42), cell_number("-0.5"),
		    cell_null(), cell_time(T0 + 90), cell_text("+1") },
		{ cell_text("-x"), cell_int(7), cell_number("3"),
		    cell_bool(1), cell_time(TIME_NONE), cell_text("@x|y") },
		{ cell_text("café ✓"), cell_int(100), cell_number("0"),
		    cell_bool(0), cell_time(T0), cell_text("日本 x\r\ny") },
	};

	memcpy(rows, r, sizeof(r));
}

static char *saved_tz;

/* The table prints local time: pin it. */
static void
setup(void)
{
	const char *tz = getenv("TZ");

	saved_tz = tz ? strdup(tz) : NULL;
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
teardown(void)
{
	if (saved_tz != NULL)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved_tz);
	saved_tz = NULL;
}

/* Run a listing of NROWS rows (NCOLS columns each) into a string. */
static char *
render(enum out_format fmt, const char *const *names, int ncols,
    const struct cell *rows, int nrows, int color, int width)
{
	struct out *o;
	char *s = NULL;
	size_t len = 0;
	FILE *fp;
	int i;

	fp = open_memstream(&s, &len);
	ck_assert_ptr_nonnull(fp);
	o = out_begin(fp, fmt, names, ncols, color, width);
	/* Free text, as the listings rank it: cut before the gaps shrink. */
	out_cut(o, "summary", 1);
	for (i = 0; i < nrows; i++)
		out_row(o, rows + (size_t)i * (size_t)ncols);
	ck_assert_int_eq(out_end(o), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_eq(strlen(s), len);
	return s;
}

static char *
render_fixture(enum out_format fmt, int nrows, int color, int width)
{
	struct cell rows[NROWS][NCOLS];

	fixture(rows);
	return render(fmt, cols, NCOLS, &rows[0][0], nrows, color, width);
}

#define J1 "{\"ref\":\"CMP-000001\",\"n\":-5,\"amount\":12.50,\"ok\":true," \
	    "\"at\":\"2026-11-22T09:00:00Z\",\"summary\":\"a\\tb\\nc\\\\d\"}"
#define J2 "{\"ref\":null,\"n\":0,\"amount\":null,\"ok\":false,\"at\":null," \
	    "\"summary\":\"say \\\"hi\\\", ok\"}"
#define J3 "{\"ref\":\"=SUM(A1)\",\"n\":42,\"amount\":-0.5,\"ok\":null," \
	    "\"at\":\"2026-11-22T09:01:30Z\",\"summary\":\"+1\"}"
#define J4 "{\"ref\":\"-x\",\"n\":7,\"amount\":3,\"ok\":true,\"at\":null," \
	    "\"summary\":\"@x|y\"}"
#define J5 "{\"ref\":\"café ✓\",\"n\":100,\"amount\":0,\"ok\":false," \
	    "\"at\":\"2026-11-22T09:00:00Z\",\"summary\":\"日本 x\\r\\ny\"}"

static const struct {
	enum out_format fmt;
	int color;
	int width;
	const char *want;
} format_cases[] = {
	{ OUT_TSV, 0, 0,
	    "ref\tn\tamount\tok\tat\tsummary\n"
	    "CMP-000001\t-5\t12.50\tyes\t2026-11-22T09:00:00Z\ta\\tb\\nc\\\\d\n"
	    "\t0\t\tno\t\tsay \"hi\", ok\n"
	    "=SUM(A1)\t42\t-0.5\t\t2026-11-22T09:01:30Z\t+1\n"
	    "-x\t7\t3\tyes\t\t@x|y\n"
	    "café ✓\t100\t0\tno\t2026-11-22T09:00:00Z\t日本 x\\r\\ny\n" },
	{ OUT_CSV, 0, 0,
	    "ref,n,amount,ok,at,summary\r\n"
	    "CMP-000001,-5,12.50,yes,2026-11-22T09:00:00Z,\"a\tb\nc\\d\"\r\n"
	    ",0,,no,,\"say \"\"hi\"\", ok\"\r\n"
	    "'=SUM(A1),42,-0.5,,2026-11-22T09:01:30Z,'+1\r\n"
	    "'-x,7,3,yes,,'@x|y\r\n"
	    "café ✓,100,0,no,2026-11-22T09:00:00Z,\"日本 x\r\ny\"\r\n" },
	{ OUT_JSON, 0, 0,
	    "[\n" J1 ",\n" J2 ",\n" J3 ",\n" J4 ",\n" J5 "\n]\n" },
	{ OUT_NDJSON, 0, 0,
	    J1 "\n" J2 "\n" J3 "\n" J4 "\n" J5 "\n" },
	/* Colour and width are for the table alone. */
	{ OUT_NDJSON, 1, 20,
	    J1 "\n" J2 "\n" J3 "\n" J4 "\n" J5 "\n" },
	{ OUT_TABLE, 0, 0,
	    "ref           n  amount  ok   at                summary\n"
	    "CMP-000001   -5   12.50  yes  2026-11-22 09:00  a b c\\d\n"
	    "              0          no                     say \"hi\", ok\n"
	    "=SUM(A1)     42    -0.5       2026-11-22 09:01  +1\n"
	    "-x            7       3  yes                    @x|y\n"
	    "café ✓      100       0  no   2026-11-22 09:00  日本 x y\n" },
	{ OUT_TABLE, 1, 0,
	    "\033[1mref           n  amount  ok   at                summary"
	    "\033[0m\n"
	    "CMP-000001   -5   12.50  yes  2026-11-22 09:00  a b c\\d\n"
	    "              0          no                     say \"hi\", ok\n"
	    "=SUM(A1)     42    -0.5       2026-11-22 09:01  +1\n"
	    "-x            7       3  yes                    @x|y\n"
	    "café ✓      100       0  no   2026-11-22 09:00  日本 x y\n" },
	/* 60 is the natural width: nothing is cut. */
	{ OUT_TABLE, 0, 60,
	    "ref           n  amount  ok   at                summary\n"
	    "CMP-000001   -5   12.50  yes  2026-11-22 09:00  a b c\\d\n"
	    "              0          no                     say \"hi\", ok\n"
	    "=SUM(A1)     42    -0.5       2026-11-22 09:01  +1\n"
	    "-x            7       3  yes                    @x|y\n"
	    "café ✓      100       0  no   2026-11-22 09:00  日本 x y\n" },
	/* One column short: the widest text column gives it up. */
	{ OUT_TABLE, 0, 59,
	    "ref           n  amount  ok   at                summary\n"
	    "CMP-000001   -5   12.50  yes  2026-11-22 09:00  a b c\\d\n"
	    "              0          no                     say \"hi\", …\n"
	    "=SUM(A1)     42    -0.5       2026-11-22 09:01  +1\n"
	    "-x            7       3  yes                    @x|y\n"
	    "café ✓      100       0  no   2026-11-22 09:00  日本 x y\n" },
	/* The text columns but the first cut to 7: the first names the
	 * row, so it is never cut; numbers and times never are; the wide
	 * 本 counts two columns. */
	{ OUT_TABLE, 0, 55,
	    "ref           n  amount  ok   at                summary\n"
	    "CMP-000001   -5   12.50  yes  2026-11-22 09:00  a b c\\d\n"
	    "              0          no                     say \"h…\n"
	    "=SUM(A1)     42    -0.5       2026-11-22 09:01  +1\n"
	    "-x            7       3  yes                    @x|y\n"
	    "café ✓      100       0  no   2026-11-22 09:00  日本 x…\n" },
	/* Too narrow even at the minimum: one space between columns, then
	 * lines overflow; a wide character that would straddle the cut is
	 * left out. */
	{ OUT_TABLE, 0, 30,
	    "ref          n amount ok  at               sum…\n"
	    "CMP-000001  -5  12.50 yes 2026-11-22 09:00 a b…\n"
	    "             0        no                   say…\n"
	    "=SUM(A1)    42   -0.5     2026-11-22 09:01 +1\n"
	    "-x           7      3 yes                  @x|y\n"
	    "café ✓     100      0 no  2026-11-22 09:00 日…\n" },
	/* Markdown is never cut or coloured. */
	{ OUT_MARKDOWN, 1, 30,
	    "| ref        |   n | amount | ok  | at               | summary      |\n"
	    "| ---------- | --: | -----: | --- | ---------------- | ------------ |\n"
	    "| CMP-000001 |  -5 |  12.50 | yes | 2026-11-22 09:00 | a b<br>c\\\\d  |\n"
	    "|            |   0 |        | no  |                  | say \"hi\", ok |\n"
	    "| =SUM(A1)   |  42 |   -0.5 |     | 2026-11-22 09:01 | +1           |\n"
	    "| -x         |   7 |      3 | yes |                  | @x\\|y        |\n"
	    "| café ✓     | 100 |      0 | no  | 2026-11-22 09:00 | 日本 x<br>y  |\n" },
};

START_TEST(test_formats)
{
	char *got = render_fixture(format_cases[_i].fmt, NROWS,
	    format_cases[_i].color, format_cases[_i].width);

	ck_assert_str_eq(got, format_cases[_i].want);
	free(got);
}
END_TEST

static const struct {
	enum out_format fmt;
	const char *want;
} empty_cases[] = {
	{ OUT_TABLE, "" },
	/* No lone header: cron mails only when there are rows (SPEC 7). */
	{ OUT_TSV, "" },
	{ OUT_CSV, "" },
	{ OUT_JSON, "[]\n" },
	{ OUT_NDJSON, "" },
	{ OUT_MARKDOWN,
	    "| ref | n   | amount | ok  | at  | summary |\n"
	    "| --- | --- | ------ | --- | --- | ------- |\n" },
};

START_TEST(test_empty)
{
	char *got = render_fixture(empty_cases[_i].fmt, 0, 1, 80);

	ck_assert_str_eq(got, empty_cases[_i].want);
	free(got);
}
END_TEST

/* One TEXT cell in one column, through each format. */
static const struct {
	enum out_format fmt;
	const char *text;
	const char *want;
} text_cases[] = {
	/* Invalid UTF-8 still makes valid JSON and a sane terminal. */
	{ OUT_JSON, "a\xff" "b", "[\n{\"x\":\"a\xef\xbf\xbd" "b\"}\n]\n" },
	{ OUT_NDJSON, "\xc3", "{\"x\":\"\xef\xbf\xbd\"}\n" },
	{ OUT_TABLE, "a\xff" "b", "x\na\xef\xbf\xbd" "b\n" },
	/* Bytes pass through TSV and CSV as they are. */
	{ OUT_TSV, "a\xff", "x\na\xff\n" },
	{ OUT_CSV, "a\xff", "x\r\na\xff\r\n" },
	/* No escape sequence or bidi override reaches the terminal: they
	 * show escaped, as term_put() shows them everywhere. */
	{ OUT_TABLE, "a\033[31mred", "x\na\\e[31mred\n" },
	{ OUT_TABLE, "a\xc2\x85" "b\xe2\x80\xae" "c\x7f",
	    "x\na\\u0085b\\u202ec\\x7f\n" },
	{ OUT_TABLE, "cr\rlf\ncrlf\r\nend", "x\ncr lf crlf end\n" },
	/* A combining accent takes no column: "e\u0301" is as wide as "é". */
	{ OUT_TABLE, "e\xcc\x81", "x\ne\xcc\x81\n" },
	{ OUT_MARKDOWN, "a|b\\c\r\nd\te",
	    "| x              |\n| -------------- |\n"
	    "| a\\|b\\\\c<br>d e |\n" },
	{ OUT_MARKDOWN, "|",
	    "| x   |\n| --- |\n| \\|  |\n" },
	/* A lone empty field is "" so the record is no blank line. */
	{ OUT_CSV, "", "x\r\n\"\"\r\n" },
	{ OUT_CSV, "\r=1", "x\r\n\"'\r=1\"\r\n" },
	{ OUT_TSV, "", "x\n\n" },
	{ OUT_JSON, "", "[\n{\"x\":\"\"}\n]\n" },
};

START_TEST(test_text)
{
	static const char *const x[] = { "x" };
	struct cell c = cell_text(text_cases[_i].text);
	char *got = render(text_cases[_i].fmt, x, 1, &c, 1, 0, 0);

	ck_assert_str_eq(got, text_cases[_i].want);
	free(got);
}
END_TEST

static const struct {
	const char *in;
	const char *want;
} json_cases[] = {
	{ NULL, "null" },
	{ "", "\"\"" },
	{ "plain text", "\"plain text\"" },
	{ "q\"b\\s/", "\"q\\\"b\\\\s/\"" },
	{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
	{ "\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"" },
	{ "\x1b[0m", "\"\\u001b[0m\"" },
	{ "é✓日😀", "\"é✓日😀\"" },
	/* Each invalid byte becomes U+FFFD. */
	{ "\xff", "\"\xef\xbf\xbd\"" },
	{ "\x80x", "\"\xef\xbf\xbdx\"" },
	{ "a\xc3", "\"a\xef\xbf\xbd\"" },
	{ "\xc3(", "\"\xef\xbf\xbd(\"" },
	{ "\xe2\x82", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
	{ "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
	{ "\xe0\x80\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
	{ "\xf0\x80\x80\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\"" },
	{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
	{ "\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\"" },
	{ "\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"" },
};

START_TEST(test_json_string)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "<");
	json_put_string(&b, json_cases[_i].in);
	ck_assert_str_eq(buf_str(&b) + 1, json_cases[_i].want);
	buf_release(&b);
}
END_TEST

/* The escaper byte by byte, as it was before it read eight at a time. */
static void
json_reference(struct buf *b, const unsigned char *p, size_t len)
{
	size_t i;

	buf_putc(b, '"');
	for (i = 0; i < len && p[i] != '\0'; i++) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c < 0x20)
			buf_printf(b, "\\u%04x", c);
		else if (c < 0x80)
			buf_putc(b, c);
		else if (c == 0xc3 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] < 0xc0) {
			buf_add(b, p + i, 2);
			i++;
		} else
			buf_puts(b, "\xef\xbf\xbd");
	}
	buf_putc(b, '"');
}

/*
 * Every length up to 40 with one byte of each kind at every position:
 * the eight-byte scan must find it in the first word, the last
 * (overlapping) word, and the bytes after. The alphabet is ASCII, "é"
 * and bytes that are never valid UTF-8, so the reference stays simple.
 */
START_TEST(test_json_text_scan)
{
	static const unsigned char odd[] = {
		'"', '\\', '\n', '\t', 0x01, 0x1f, 0x7f, 0x80, 0xff, 0xc3, 0,
	};
	unsigned char s[48];
	struct buf got = BUF_INIT, want = BUF_INIT;
	size_t len, at, k;

	for (len = 0; len <= 40; len++) {
		for (at = 0; at < len; at++) {
			for (k = 0; k < sizeof(odd); k++) {
				memset(s, 'a', len);
				s[len] = '\0';
				s[at] = odd[k];
				if (k % 2 && at + 2 < len) {
					s[at + 1] = 0xc3; /* "é" after it */
					s[at + 2] = 0xa9;
				}
				buf_reset(&got);
				buf_reset(&want);
				json_put_text(&got, (const char *)s, len);
				json_reference(&want, s, len);
				ck_assert_str_eq(buf_str(&got), buf_str(&want));
				if (memchr(s, '\0', len) == NULL) {
					buf_reset(&got);
					json_put_string(&got,
					    (const char *)s);
					ck_assert_str_eq(buf_str(&got),
					    buf_str(&want));
				}
			}
		}
	}
	buf_release(&got);
	buf_release(&want);
}
END_TEST

START_TEST(test_json_int)
{
	static const struct {
		int64_t n;
		const char *want;
	} ints[] = {
		{ 0, "0" }, { 7, "7" }, { 9, "9" }, { 10, "10" }, { -1, "-1" },
		{ 123456789, "123456789" },
		{ INT64_MAX, "9223372036854775807" },
		{ INT64_MIN, "-9223372036854775808" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		buf_reset(&b);
		json_put_int(&b, ints[i].n);
		ck_assert_str_eq(buf_str(&b), ints[i].want);
	}
	buf_release(&b);
}
END_TEST

static const struct {
	const char *in;
	const char *want;
} tsv_cases[] = {
	{ NULL, "" },
	{ "", "" },
	{ "plain", "plain" },
	{ "a\tb\nc\rd\\e", "a\\tb\\nc\\rd\\\\e" },
	{ "\\\\", "\\\\\\\\" },
	{ "\\n", "\\\\n" },
	{ "=SUM(A1),\"q\"", "=SUM(A1),\"q\"" },
};

START_TEST(test_tsv_field)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "<");
	tsv_put_field(&b, tsv_cases[_i].in);
	ck_assert_str_eq(buf_str(&b) + 1, tsv_cases[_i].want);
	buf_release(&b);
}
END_TEST

static const struct {
	const char *in;
	const char *want;
} csv_cases[] = {
	{ NULL, "" },
	{ "", "" },
	{ "plain", "plain" },
	{ " spaced ", " spaced " },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "\"", "\"\"\"\"" },
	{ "a\nb", "\"a\nb\"" },
	{ "a\r\nb", "\"a\r\nb\"" },
	{ "x=1", "x=1" },
	{ "=SUM(A1)", "'=SUM(A1)" },
	{ "=SUM(A1,B1)", "\"'=SUM(A1,B1)\"" },
	{ "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"" },
	{ "+1", "'+1" },
	{ "-x", "'-x" },
	{ "-5", "'-5" },
	{ "@x", "'@x" },
	{ "\tx", "'\tx" },
	{ "\rx", "\"'\rx\"" },
	{ "'quoted", "'quoted" },
};

START_TEST(test_csv_field)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "<");
	csv_put_field(&b, csv_cases[_i].in);
	ck_assert_str_eq(buf_str(&b) + 1, csv_cases[_i].want);
	buf_release(&b);
}
END_TEST

/* Cells that are not text: how JSON, CSV and the table print them. */
static const struct {
	struct cell c;
	const char *json;
	const char *csv;
	const char *table;
} scalar_cases[] = {
	{ { CELL_INT, NULL, INT64_MIN }, "-9223372036854775808",
	    "-9223372036854775808", "-9223372036854775808" },
	{ { CELL_INT, NULL, INT64_MAX }, "9223372036854775807",
	    "9223372036854775807", "9223372036854775807" },
	{ { CELL_INT, NULL, -1 }, "-1", "-1", "-1" },
	{ { CELL_NUMBER, "-12.50", 0 }, "-12.50", "-12.50", "-12.50" },
	{ { CELL_NUMBER, "1e-3", 0 }, "1e-3", "1e-3", "1e-3" },
	/* Not RFC 8259 numbers: JSON strings, and guarded in CSV. */
	{ { CELL_NUMBER, "1.", 0 }, "\"1.\"", "1.", "1." },
	{ { CELL_NUMBER, ".5", 0 }, "\".5\"", ".5", ".5" },
	{ { CELL_NUMBER, "01", 0 }, "\"01\"", "01", "01" },
	{ { CELL_NUMBER, "-", 0 }, "\"-\"", "'-", "-" },
	{ { CELL_NUMBER, "=1+2", 0 }, "\"=1+2\"", "'=1+2", "=1+2" },
	{ { CELL_NUMBER, "", 0 }, "\"\"", "\"\"", "" },
	{ { CELL_NUMBER, NULL, 0 }, "null", "\"\"", "" },
	{ { CELL_TEXT, NULL, 0 }, "null", "\"\"", "" },
	{ { CELL_BOOL, NULL, 2 }, "true", "yes", "yes" },
	{ { CELL_TIME, NULL, 0 }, "\"1970-01-01T00:00:00Z\"",
	    "1970-01-01T00:00:00Z", "1970-01-01 00:00" },
	{ { CELL_TIME, NULL, TIME_NONE }, "null", "\"\"", "" },
	/* Beyond what timeutil formats: null, not an empty string. */
	{ { CELL_TIME, NULL, INT64_MAX }, "null", "\"\"", "" },
};

START_TEST(test_scalar)
{
	static const char *const x[] = { "x" };
	const struct cell *c = &scalar_cases[_i].c;
	struct buf b = BUF_INIT;
	char want[128];
	char *got;

	json_put_cell(&b, c);
	ck_assert_str_eq(buf_str(&b), scalar_cases[_i].json);
	buf_release(&b);

	got = render(OUT_NDJSON, x, 1, c, 1, 0, 0);
	snprintf(want, sizeof(want), "{\"x\":%s}\n", scalar_cases[_i].json);
	ck_assert_str_eq(got, want);
	free(got);

	got = render(OUT_CSV, x, 1, c, 1, 0, 0);
	snprintf(want, sizeof(want), "x\r\n%s\r\n", scalar_cases[_i].csv);
	ck_assert_str_eq(got, want);
	free(got);

	/* Numbers are right-aligned under the header. */
	got = render(OUT_TABLE, x, 1, c, 1, 0, 0);
	if (scalar_cases[_i].table[0] == '\0')
		snprintf(want, sizeof(want), "x\n\n");
	else if (c->type == CELL_INT || c->type == CELL_NUMBER)
		snprintf(want, sizeof(want), "%*s\n%s\n",
		    (int)strlen(scalar_cases[_i].table), "x",
		    scalar_cases[_i].table);
	else
		snprintf(want, sizeof(want), "x\n%s\n",
		    scalar_cases[_i].table);
	ck_assert_str_eq(got, want);
	free(got);
}
END_TEST

START_TEST(test_cells)
{
	struct cell c;

	ck_assert_int_eq(cell_text(NULL).type, CELL_NULL);
	ck_assert_int_eq(cell_number(NULL).type, CELL_NULL);
	ck_assert_int_eq(cell_null().type, CELL_NULL);
	c = cell_text("t");
	ck_assert_int_eq(c.type, CELL_TEXT);
	ck_assert_str_eq(c.text, "t");
	c = cell_number("1.5");
	ck_assert_int_eq(c.type, CELL_NUMBER);
	ck_assert_str_eq(c.text, "1.5");
	c = cell_int(-3);
	ck_assert_int_eq(c.type, CELL_INT);
	ck_assert_int_eq(c.num, -3);
	c = cell_bool(5);
	ck_assert_int_eq(c.type, CELL_BOOL);
	ck_assert_int_eq(c.num, 1);
	c = cell_time(T0);
	ck_assert_int_eq(c.type, CELL_TIME);
	ck_assert_int_eq(c.num, T0);
}
END_TEST

static const struct {
	const char *name;
	int fmt;
} lookup_cases[] = {
	{ "table", OUT_TABLE },
	{ "tsv", OUT_TSV },
	{ "csv", OUT_CSV },
	{ "json", OUT_JSON },
	{ "ndjson", OUT_NDJSON },
	{ "markdown", OUT_MARKDOWN },
	{ "", -1 },
	{ "TSV", -1 },
	{ "tab", -1 },
	{ "jsonl", -1 },
	{ "md", -1 },
	{ "json ", -1 },
};

START_TEST(test_lookup)
{
	int fmt = out_format_lookup(lookup_cases[_i].name);

	ck_assert_int_eq(fmt, lookup_cases[_i].fmt);
	if (fmt >= 0)
		ck_assert_str_eq(out_format_name((enum out_format)fmt),
		    lookup_cases[_i].name);
}
END_TEST

/* `complaint list > /dev/full` must notice, whatever the format. */
START_TEST(test_write_error)
{
	struct cell rows[NROWS][NCOLS];
	struct out *o;
	FILE *fp;
	int i;

	fixture(rows);
	fp = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(fp);
	o = out_begin(fp, (enum out_format)_i, cols, NCOLS, 0, 0);
	for (i = 0; i < NROWS; i++)
		out_row(o, rows[i]);
	ck_assert_int_eq(out_end(o), -1);
	fclose(fp);
}
END_TEST

/* An error while rows stream, long before out_end(), is kept. */
START_TEST(test_write_error_early)
{
	struct cell rows[NROWS][NCOLS];
	struct out *o;
	FILE *fp;
	int i;

	fixture(rows);
	fp = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(fp);
	setvbuf(fp, NULL, _IONBF, 0);
	o = out_begin(fp, OUT_NDJSON, cols, NCOLS, 0, 0);
	out_row(o, rows[0]);
	ck_assert(ferror(fp));
	for (i = 0; i < 1000; i++)
		out_row(o, rows[i % NROWS]);
	ck_assert_int_eq(out_end(o), -1);
	fclose(fp);
}
END_TEST

/* Machine formats write each row at once; the table waits for the end.
 * Either way out_end() leaves the stream open. */
START_TEST(test_streaming)
{
	struct cell rows[NROWS][NCOLS];
	enum out_format fmt = _i ? OUT_TABLE : OUT_TSV;
	struct out *o;
	char *s = NULL;
	size_t len = 0, before;
	FILE *fp;

	fixture(rows);
	fp = open_memstream(&s, &len);
	ck_assert_ptr_nonnull(fp);
	o = out_begin(fp, fmt, cols, NCOLS, 0, 0);
	fflush(fp);
	before = len;
	out_row(o, rows[0]);
	fflush(fp);
	if (fmt == OUT_TSV)
		ck_assert_uint_gt(len, before);
	else
		ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(out_end(o), 0);
	ck_assert_int_eq(fputs("end\n", fp), 1);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_gt(len, 4);
	ck_assert_str_eq(s + len - 4, "end\n");
	free(s);
}
END_TEST

/* term_put(): the one sanitiser of text for a terminal or stderr. */
static const struct {
	enum term_mode mode;
	const char *in;
	const char *want;
	size_t width;
} term_cases[] = {
	{ TERM_LINE, "Ann", "Ann", 3 },
	/* The audit's payload: title, bell, clear screen, cursor moves. */
	{ TERM_LINE, "Ann\033]0;pwned\a\033[2J", "Ann\\e]0;pwned\\x07\\e[2J",
	    22 },
	{ TERM_LINE, "1\n", "1\\n", 3 },
	{ TERM_LINE, "a\tb\r\n", "a\\tb\\r\\n", 8 },
	{ TERM_LINE, "\x01\x7f", "\\x01\\x7f", 8 },
	{ TERM_LINE, "\xc2\x9b" "31m", "\\u009b31m", 9 },
	{ TERM_LINE, "\xe2\x80\xae" "evil", "\\u202eevil", 10 },
	{ TERM_LINE, "a\xff", "a\xef\xbf\xbd", 2 },
	{ TERM_LINE, "\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd", 2 },
	/* Letters and details keep their lines and tabs, nothing else. */
	{ TERM_TEXT, "Dear Ann,\n\tthanks\r\nbye\rX", "Dear Ann,\n\tthanks\n"
	    "bye\\rX", 22 },
	{ TERM_TEXT, "x\033[1;1H\033[2Kforged", "x\\e[1;1H\\e[2Kforged", 19 },
	{ TERM_CELL, "a\nb\r\nc\td", "a b c d", 7 },
	/* Display width: wide CJK and combining marks. */
	{ TERM_LINE, "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", "王小明", 6 },
	{ TERM_LINE, "Zoe\xcc\x88", "Zoe\xcc\x88", 3 },
	{ TERM_LINE, "Zo\xc3\xab", "Zoë", 3 },
	{ TERM_LINE, "", "", 0 },
};

START_TEST(test_term_put)
{
	struct buf b = BUF_INIT;
	size_t w;

	w = term_put(&b, term_cases[_i].in, strlen(term_cases[_i].in),
	    term_cases[_i].mode);
	ck_assert_str_eq(buf_str(&b), term_cases[_i].want);
	ck_assert_uint_eq(w, term_cases[_i].width);
	if (term_cases[_i].mode == TERM_LINE)
		ck_assert_uint_eq(term_width(term_cases[_i].in), w);
	buf_release(&b);
}
END_TEST

/* LEN bounds the text even without a NUL, and a sequence cut by it is
 * invalid. */
START_TEST(test_term_put_len)
{
	struct buf b = BUF_INIT;

	term_put(&b, "ab\xc3\xa9", 3, TERM_LINE);
	ck_assert_str_eq(buf_str(&b), "ab\xef\xbf\xbd");
	buf_reset(&b);
	term_put(&b, "a\0b", 3, TERM_LINE);
	ck_assert_str_eq(buf_str(&b), "a");
	buf_release(&b);
}
END_TEST

/* Fitting by rank: a status is never cut, the summary first, then the
 * gaps; a table of out_blocks() too wide for the numbers becomes blocks;
 * out_mark() colours one cell. */
START_TEST(test_fit_ranks)
{
	static const char *const names[] = { "ref", "status", "summary",
	    "owner" };
	struct cell row[4];
	struct out *o;
	char *s = NULL;
	size_t len = 0;
	FILE *fp;

	row[0] = cell_text("CMP-000001");
	row[1] = cell_text("acknowledged");
	row[2] = cell_text("a long summary of it all");
	row[3] = cell_text("alice");
	fp = open_memstream(&s, &len);
	o = out_begin(fp, OUT_TABLE, names, 4, 1, 34);
	out_cut(o, "status", 0);
	out_cut(o, "summary", 1);
	out_mark(o, 1);
	out_row(o, row);
	ck_assert_int_eq(out_end(o), 0);
	fclose(fp);
	ck_assert_str_eq(s, "\033[1mref        status       sum\xe2\x80\xa6 "
	    "owner\033[0m\nCMP-000001 \033[31macknowledged\033[0m "
	    "a l\xe2\x80\xa6 alice\n");
	free(s);
}
END_TEST

START_TEST(test_blocks)
{
	static const char *const names[] = { "category", "received",
	    "median_resolve_days" };
	struct cell rows[2][3];
	struct out *o;
	char *s = NULL;
	size_t len = 0;
	FILE *fp;

	rows[0][0] = cell_text("billing");
	rows[0][1] = cell_int(12);
	rows[0][2] = cell_null();
	rows[1][0] = cell_text("delivery");
	rows[1][1] = cell_int(3);
	rows[1][2] = cell_number("1.5");
	fp = open_memstream(&s, &len);
	o = out_begin(fp, OUT_TABLE, names, 3, 0, 30);
	out_blocks(o);
	out_row(o, rows[0]);
	out_row(o, rows[1]);
	ck_assert_int_eq(out_end(o), 0);
	fclose(fp);
	ck_assert_str_eq(s,
	    "category             billing\n"
	    "received             12\n"
	    "median_resolve_days\n"
	    "\n"
	    "category             delivery\n"
	    "received             3\n"
	    "median_resolve_days  1.5\n");
	free(s);
}
END_TEST

Suite *
output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc;

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
	tc = tcase_create("formats");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_formats, 0, N(format_cases));
	tcase_add_loop_test(tc, test_empty, 0, N(empty_cases));
	tcase_add_loop_test(tc, test_text, 0, N(text_cases));
	tcase_add_loop_test(tc, test_scalar, 0, N(scalar_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("escaping");
	tcase_add_loop_test(tc, test_json_string, 0, N(json_cases));
	tcase_add_test(tc, test_json_text_scan);
	tcase_add_test(tc, test_json_int);
	tcase_add_loop_test(tc, test_tsv_field, 0, N(tsv_cases));
	tcase_add_loop_test(tc, test_csv_field, 0, N(csv_cases));
	tcase_add_loop_test(tc, test_term_put, 0, N(term_cases));
	tcase_add_test(tc, test_term_put_len);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_cells);
	tcase_add_loop_test(tc, test_lookup, 0, N(lookup_cases));
	tcase_add_loop_test(tc, test_write_error, OUT_TABLE,
	    OUT_MARKDOWN + 1);
	tcase_add_test(tc, test_write_error_early);
	tcase_add_test(tc, test_fit_ranks);
	tcase_add_test(tc, test_blocks);
	tcase_add_loop_test(tc, test_streaming, 0, 2);
	suite_add_tcase(s, tc);
#undef N
	return s;
}
