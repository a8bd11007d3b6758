/*
 * Listings in the formats of SPEC 7; see output.h. Machine formats are
 * formatted a row at a time into one reused buffer and written with one
 * fwrite() per row; the table and markdown keep every cell's display text
 * in one arena until out_end() knows the column widths.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

#include "buf.h"
#include "output.h"
#include "timeutil.h"
#include "xmalloc.h"

#define TABLE_GAP  2 /* spaces between table columns */
#define TABLE_MINW 4 /* a shrunk column keeps at least this many columns */
#define INT_STRLEN 21 /* "-9223372036854775808" and its NUL */

#define ELLIPSIS    "\xe2\x80\xa6" /* U+2026 */
#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */
#define BOLD        "\033[1m"
#define RED         "\033[31m"
#define NORMAL      "\033[0m"

static const char *const format_names[] = {
	[OUT_TABLE] = "table",
	[OUT_TSV] = "tsv",
	[OUT_CSV] = "csv",
	[OUT_JSON] = "json",
	[OUT_NDJSON] = "ndjson",
	[OUT_MARKDOWN] = "markdown",
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A buffered table or markdown cell: its display text in o->text. */
struct tcell {
	size_t off;
	size_t len;
	size_t width; /* in terminal columns */
	int mark;     /* cell.mark: coloured on a terminal */
};

struct tcol {
	size_t width;   /* widest cell, header included */
	size_t nonnull; /* cells that are not CELL_NULL */
	size_t numbers; /* CELL_INT and CELL_NUMBER cells */
	int text;       /* holds a CELL_TEXT cell and is not the first
			 * column, so may be cut */
	int rank;       /* out_cut(): 0 never cut, else the lower first */
};

struct out {
	FILE *fp;
	enum out_format fmt;
	size_t ncols;
	int color;
	int width;
	size_t nrows;
	struct buf line;     /* the row being written */
	struct buf head;     /* TSV, CSV: the header line, until a row comes */
	struct buf keys;     /* JSON: "name": of every column, back to back */
	size_t *keyoff;      /* ncols + 1 offsets into keys */
	struct buf text;     /* table, markdown: display text of every cell */
	struct tcell *cells; /* the header, then row after row */
	size_t cellcap;
	struct tcol *tcols;
	size_t gap;          /* spaces between table columns */
	int blocks;          /* out_blocks(): too wide, one block a row */
	uint64_t marks;      /* out_mark(): cells of the next row to colour */
};

struct cell
cell_text(const char *s)
{
	struct cell c = { s ? CELL_TEXT : CELL_NULL, s, 0 };

	return c;
}

struct cell
cell_int(int64_t n)
{
	struct cell c = { CELL_INT, NULL, n };

	return c;
}

struct cell
cell_number(const char *s)
{
	struct cell c = { s ? CELL_NUMBER : CELL_NULL, s, 0 };

	return c;
}

struct cell
cell_bool(int b)
{
	struct cell c = { CELL_BOOL, NULL, b != 0 };

	return c;
}

struct cell
cell_time(int64_t t)
{
	struct cell c = { CELL_TIME, NULL, t };

	return c;
}

struct cell
cell_null(void)
{
	struct cell c = { CELL_NULL, NULL, 0 };

	return c;
}

int
out_format_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(format_names); i++)
		if (strcmp(name, format_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
out_format_name(enum out_format f)
{
	if ((size_t)f >= NELEM(format_names))
		return NULL;
	return format_names[f];
}

/*
 * The length of the well-formed UTF-8 sequence at P, storing its code
 * point in CP, or 0 when P does not start one (a stray continuation byte,
 * an overlong form, a surrogate, beyond U+10FFFF, or cut short).
 */
static size_t
utf8_seq(const unsigned char *p, uint32_t *cp)
{
	uint32_t c, min;
	size_t n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xc2)
		return 0;
	if (p[0] < 0xe0) {
		n = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] < 0xf0) {
		n = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] < 0xf5) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	/* The string's NUL is no continuation byte, so this stops at it. */
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/*
 * Terminal columns of CP from libunistring's Unicode tables (uc_width()
 * with the "UTF-8" encoding, so no locale is needed, unlike wcwidth()):
 * 2 for East Asian wide and fullwidth characters, 0 for combining marks.
 */
static size_t
cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x300)
		return 1;
	w = uc_width((ucs4_t)cp, "UTF-8");
	return w < 0 ? 1 : (size_t)w;
}

/*
 * Characters that must not reach a terminal as they are: C0 and C1
 * controls (ESC would let a complaint's text drive the terminal) and the
 * bidirectional overrides that would reorder the rest of the line.
 */
static int
cp_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Append the escape of control character CP (SPEC 7) and return its
 * width: \e, \n, \r, \t, \xNN below U+0080, \uNNNN above. */
static size_t
put_control(struct buf *b, uint32_t cp)
{
	static const char hex[] = "0123456789abcdef";
	char e[6];

	switch (cp) {
	case 0x1b: buf_add(b, "\\e", 2); return 2;
	case '\n': buf_add(b, "\\n", 2); return 2;
	case '\r': buf_add(b, "\\r", 2); return 2;
	case '\t': buf_add(b, "\\t", 2); return 2;
	}
	if (cp < 0x80) {
		e[0] = '\\';
		e[1] = 'x';
		e[2] = hex[cp >> 4];
		e[3] = hex[cp & 0xf];
		buf_add(b, e, 4);
		return 4;
	}
	e[0] = '\\';
	e[1] = 'u';
	e[2] = hex[cp >> 12 & 0xf];
	e[3] = hex[cp >> 8 & 0xf];
	e[4] = hex[cp >> 4 & 0xf];
	e[5] = hex[cp & 0xf];
	buf_add(b, e, 6);
	return 6;
}

size_t
term_put(struct buf *b, const char *s, size_t len, enum term_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	size_t n, width = 0;
	uint32_t cp;

	while (p < end && *p != '\0') {
		/* utf8_seq() reads up to 4 bytes, stopping at a NUL: near
		 * the end of LEN bytes it reads a NUL-terminated copy. */
		if (end - p < 4) {
			unsigned char tail[4] = { 0, 0, 0, 0 };

			memcpy(tail, p, (size_t)(end - p));
			n = utf8_seq(tail, &cp);
		} else
			n = utf8_seq(p, &cp);
		if (n == 0) {
			buf_add(b, REPLACEMENT, sizeof(REPLACEMENT) - 1);
			width++;
			p++;
			continue;
		}
		if (cp == '\r' && p + 1 < end && p[1] == '\n' &&
		    mode != TERM_LINE) {
			/* CR LF is one line break; the CR is dropped. */
			p++;
			continue;
		}
		if (mode == TERM_TEXT && (cp == '\n' || cp == '\t')) {
			buf_putc(b, (int)cp);
			width += cp == '\t' ? 1 : 0;
		} else if (mode == TERM_CELL && (cp == '\n' || cp == '\r' ||
		    cp == '\t')) {
			buf_putc(b, ' ');
			width++;
		} else if (cp_is_control(cp))
			width += put_control(b, cp);
		else {
			buf_add(b, p, n);
			width += cp_width(cp);
		}
		p += n;
	}
	return width;
}

size_t
term_width(const char *s)
{
	struct buf b = BUF_INIT;
	size_t w = term_put(&b, s, strlen(s), TERM_LINE);

	buf_release(&b);
	return w;
}

/* N in decimal in TMP (INT_STRLEN bytes at least); returns the start. */
static const char *
fmt_int(int64_t n, char *tmp)
{
	char *p = tmp + INT_STRLEN - 1;
	/* Negate unsigned so that INT64_MIN does not overflow. */
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;

	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (n < 0)
		*--p = '-';
	return p;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether S is a number by the grammar of RFC 8259. */
static int
json_number_ok(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (is_digit(*p))
			p++;
	else
		return 0;
	if (*p == '.') {
		if (!is_digit(*++p))
			return 0;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			return 0;
		while (is_digit(*p))
			p++;
	}
	return *p == '\0';
}

/*
 * The text of a cell before any escaping, or NULL for a null cell. TMP
 * (TIME_STRLEN bytes) holds the text of integers and times; LOCAL picks
 * local time over RFC 3339 UTC.
 */
static const char *
cell_str(const struct cell *c, char *tmp, int local)
{
	switch (c->type) {
	case CELL_TEXT:
	case CELL_NUMBER:
		return c->text;
	case CELL_INT:
		return fmt_int(c->num, tmp);
	case CELL_BOOL:
		return c->num ? "yes" : "no";
	case CELL_TIME:
		if (c->num == TIME_NONE)
			return NULL;
		if (local)
			time_format_local(c->num, tmp, TIME_STRLEN);
		else
			time_format_utc(c->num, tmp, TIME_STRLEN);
		/* A time out of timeutil's range formats as "": null. */
		return tmp[0] != '\0' ? tmp : NULL;
	case CELL_NULL:
		break;
	}
	return NULL;
}

static void
json_put_escape(struct buf *b, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', '0', '0', 0, 0 };

	switch (c) {
	case '"':
		buf_add(b, "\\\"", 2);
		break;
	case '\\':
		buf_add(b, "\\\\", 2);
		break;
	case '\b':
		buf_add(b, "\\b", 2);
		break;
	case '\f':
		buf_add(b, "\\f", 2);
		break;
	case '\n':
		buf_add(b, "\\n", 2);
		break;
	case '\r':
		buf_add(b, "\\r", 2);
		break;
	case '\t':
		buf_add(b, "\\t", 2);
		break;
	default:
		if (c < 0x20) {
			u[4] = hex[c >> 4];
			u[5] = hex[c & 0xf];
			buf_add(b, u, sizeof(u));
		} else
			buf_add(b, REPLACEMENT, sizeof(REPLACEMENT) - 1);
		break;
	}
}

/* A byte a JSON string holds as it is: printable ASCII but the quote
 * and the backslash. */
static int
json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Whether any of the eight bytes of X is one a JSON string cannot hold
 * as it is: a control character, a quote, a backslash, or beyond ASCII
 * (a classic SWAR test; a borrow can only spill past a byte that
 * matched already). */
static int
json_word_special(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u;
	const uint64_t high = 0x8080808080808080u;

	return (((x - ones * 0x20) | ((x ^ (ones * '"')) - ones) |
	    ((x ^ (ones * '\\')) - ones) | x) & high) != 0;
}

/* P advanced over the bytes a JSON string holds as they are, up to END:
 * eight at a time, the last eight overlapping those before them. */
static inline const unsigned char *
json_plain_span(const unsigned char *p, const unsigned char *end)
{
	uint64_t x;
	uint32_t lo, hi;

	if (end - p >= 8) {
		for (; end - p > 8; p += 8) {
			memcpy(&x, p, 8);
			if (json_word_special(x))
				goto bytes;
		}
		memcpy(&x, end - 8, 8);
		if (!json_word_special(x))
			return end;
	} else if (end - p >= 4) {
		memcpy(&lo, p, 4);
		memcpy(&hi, end - 4, 4);
		if (!json_word_special((uint64_t)hi << 32 | lo))
			return end;
	}
bytes:
	while (p < end && json_plain(*p))
		p++;
	return p;
}

/* json_put_text() of text that holds a byte to escape; apart, so that
 * the common case stays a short function. */
static void __attribute__((noinline))
json_put_escaped(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	const unsigned char *end = p + len;
	uint32_t cp;
	size_t n;

	buf_putc(b, '"');
	/* Copy runs of bytes that need no escape in one go. */
	for (run = p; (p = json_plain_span(p, end)) < end; ) {
		/* utf8_seq() stops at the NUL after the text. */
		if (*p >= 0x80 && (n = utf8_seq(p, &cp)) > 0) {
			p += n;
			continue;
		}
		if (*p == '\0')
			break;
		buf_add(b, run, (size_t)(p - run));
		json_put_escape(b, *p++);
		run = p;
	}
	buf_add(b, run, (size_t)(p - run));
	buf_putc(b, '"');
}

void
json_put_text(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (json_plain_span(p, p + len) != p + len) {
		json_put_escaped(b, s, len);
		return;
	}
	/* Nothing to escape, as in most text: one copy. */
	if (b->len + len + 3 > b->cap)
		buf_grow(b, len + 2);
	b->s[b->len] = '"';
	memcpy(b->s + b->len + 1, s, len);
	b->len += len + 2;
	b->s[b->len - 1] = '"';
	b->s[b->len] = '\0';
}

void
json_put_string(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_add(b, "null", 4);
		return;
	}
	json_put_text(b, s, strlen(s));
}

void
json_put_int(struct buf *b, int64_t n)
{
	char tmp[INT_STRLEN];
	const char *p;

	if (n >= 0 && n < 10) {
		buf_putc(b, (int)('0' + n));
		return;
	}
	p = fmt_int(n, tmp);
	buf_add(b, p, (size_t)(tmp + INT_STRLEN - 1 - p));
}

void
tsv_put_field(struct buf *b, const char *s)
{
	size_t n;

	if (s == NULL)
		return;
	for (;;) {
		n = strcspn(s, "\\\t\n\r");
		buf_add(b, s, n);
		s += n;
		switch (*s++) {
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		default:
			return;
		}
	}
}

/* RFC 4180 quoting; GUARD adds the formula guard of csv_put_field(). */
static void
csv_put(struct buf *b, const char *s, int guard)
{
	const char *q;
	int quote;

	if (s == NULL)
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (guard && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		buf_putc(b, '\'');
	while (quote && (q = strchr(s, '"')) != NULL) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_putc(b, '"');
		s = q + 1;
	}
	buf_puts(b, s);
	if (quote)
		buf_putc(b, '"');
}

void
csv_put_field(struct buf *b, const char *s)
{
	csv_put(b, s, 1);
}

static void
out_flush_line(struct out *o)
{
	if (o->line.len > 0)
		fwrite(o->line.s, 1, o->line.len, o->fp);
	buf_reset(&o->line);
}

static void
tsv_row(struct out *o, const struct cell *cells)
{
	char tmp[TIME_STRLEN];
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			buf_putc(&o->line, '\t');
		tsv_put_field(&o->line, cell_str(&cells[i], tmp, 0));
	}
	buf_putc(&o->line, '\n');
}

static void
csv_row(struct out *o, const struct cell *cells)
{
	const struct cell *c;
	char tmp[TIME_STRLEN];
	size_t i;
	int guard;

	for (i = 0; i < o->ncols; i++) {
		c = &cells[i];
		if (i > 0)
			buf_putc(&o->line, ',');
		/* A number is no formula, but text posing as one may be. */
		guard = c->type == CELL_TEXT || (c->type == CELL_NUMBER &&
		    c->text != NULL && !json_number_ok(c->text));
		csv_put(&o->line, cell_str(c, tmp, 0), guard);
	}
	/* A lone empty field would make a blank line, which readers skip. */
	if (o->ncols == 1 && o->line.len == 0)
		buf_add(&o->line, "\"\"", 2);
	buf_add(&o->line, "\r\n", 2);
}

void
json_put_cell(struct buf *b, const struct cell *c)
{
	char tmp[TIME_STRLEN];

	switch (c->type) {
	case CELL_TEXT:
		json_put_string(b, c->text);
		break;
	case CELL_INT:
		json_put_int(b, c->num);
		break;
	case CELL_NUMBER:
		/* Anything else would make the whole document invalid. */
		if (c->text != NULL && json_number_ok(c->text))
			buf_puts(b, c->text);
		else
			json_put_string(b, c->text);
		break;
	case CELL_BOOL:
		buf_puts(b, c->num ? "true" : "false");
		break;
	case CELL_TIME:
		json_put_string(b, cell_str(c, tmp, 0));
		break;
	case CELL_NULL:
		buf_add(b, "null", 4);
		break;
	}
}

static void
json_row(struct out *o, const struct cell *cells)
{
	struct buf *b = &o->line;
	size_t i;

	if (o->fmt == OUT_JSON)
		buf_add(b, o->nrows == 0 ? "[\n" : ",\n", 2);
	buf_putc(b, '{');
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_add(b, o->keys.s + o->keyoff[i],
		    o->keyoff[i + 1] - o->keyoff[i]);
		json_put_cell(b, &cells[i]);
	}
	buf_putc(b, '}');
	if (o->fmt == OUT_NDJSON)
		buf_putc(b, '\n');
}

/*
 * Append S to B as display text on one line and return its width in
 * columns: term_put() in its cell form for the table, so that stored
 * text never drives the terminal; markdown also escapes | and \\ and
 * writes a line break as <br>.
 */
static size_t
disp_put(struct buf *b, const char *s, int markdown)
{
	const char *p, *q;
	size_t width = 0;

	if (!markdown)
		return term_put(b, s, strlen(s), TERM_CELL);
	for (p = s; *p != '\0'; p = q) {
		q = p + strcspn(p, "|\\\r\n");
		width += term_put(b, p, (size_t)(q - p), TERM_CELL);
		if (*q == '|' || *q == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, *q);
			width += 2;
			q++;
		} else if (*q != '\0') {
			q += q[0] == '\r' && q[1] == '\n' ? 2 : 1;
			buf_add(b, "<br>", 4);
			width += 4;
		}
	}
	return width;
}

/* Buffer one table or markdown row (or the header, when HEADER). */
static void
table_add(struct out *o, const struct cell *cells, int header)
{
	char tmp[TIME_STRLEN];
	struct tcell *tc;
	struct tcol *col;
	const char *s;
	size_t i, need;

	need = (o->nrows + 1 + !header) * o->ncols;
	if (need > o->cellcap) {
		o->cellcap = o->cellcap ? o->cellcap * 2 : 64 * o->ncols;
		if (o->cellcap < need)
			o->cellcap = need;
		o->cells = xreallocarray(o->cells, o->cellcap,
		    sizeof(*o->cells));
	}
	for (i = 0; i < o->ncols; i++) {
		tc = &o->cells[need - o->ncols + i];
		col = &o->tcols[i];
		tc->off = o->text.len;
		tc->width = 0;
		if ((s = cell_str(&cells[i], tmp, 1)) != NULL)
			tc->width = disp_put(&o->text, s,
			    o->fmt == OUT_MARKDOWN);
		tc->len = o->text.len - tc->off;
		tc->mark = !header && i < 64 && (o->marks >> i & 1);
		if (tc->width > col->width)
			col->width = tc->width;
		if (header)
			continue;
		if (cells[i].type != CELL_NULL)
			col->nonnull++;
		if (cells[i].type == CELL_INT || cells[i].type == CELL_NUMBER)
			col->numbers++;
		/* The first column names the row (a reference, a group):
		 * cut, every row of a narrow terminal would read "CMP-…". */
		if (cells[i].type == CELL_TEXT && i > 0)
			col->text = 1;
	}
}

/* Right-aligned: every value in the column is a number. */
static int
col_numeric(const struct tcol *col)
{
	return col->numbers > 0 && col->numbers == col->nonnull;
}

/* Whether column I may be cut, and in which round. */
static int
col_rank(const struct out *o, size_t i)
{
	return o->tcols[i].text ? o->tcols[i].rank : 0;
}

/* The width of the columns of rank RANK in W once each is cut to CAP. */
static size_t
rank_width(const struct out *o, const size_t *w, int rank, size_t cap)
{
	size_t i, sum = 0;

	for (i = 0; i < o->ncols; i++)
		if (col_rank(o, i) == rank)
			sum += w[i] < cap ? w[i] : cap;
	return sum;
}

static size_t
line_width(const struct out *o, const size_t *w)
{
	size_t i, sum = o->gap * (o->ncols - 1);

	for (i = 0; i < o->ncols; i++)
		sum += w[i];
	return sum;
}

/*
 * Cut the columns of rank RANK in W so that a line fits o->width, the
 * widest first down to a common cap (TABLE_MINW at least), what is left
 * going back one column each. Returns whether the line fits now.
 */
static int
cut_rank(struct out *o, size_t *w, int rank)
{
	size_t i, others, budget, sum, cap = 0;

	for (i = 0; i < o->ncols; i++)
		if (col_rank(o, i) == rank && w[i] > cap)
			cap = w[i];
	if (cap == 0)
		return 0;
	others = line_width(o, w) - rank_width(o, w, rank, cap);
	budget = (size_t)o->width > others ? (size_t)o->width - others : 0;
	while (cap > TABLE_MINW && rank_width(o, w, rank, cap) > budget)
		cap--;
	sum = rank_width(o, w, rank, cap);
	for (i = 0; i < o->ncols; i++) {
		if (col_rank(o, i) != rank || w[i] <= cap)
			continue;
		w[i] = cap;
		if (sum < budget) {
			w[i]++;
			sum++;
		}
	}
	return line_width(o, w) <= (size_t)o->width;
}

/*
 * Narrow the table of widths W to o->width (SPEC 7): free text first,
 * in the order of out_cut() (summary, customer, category), then one
 * space between columns instead of two, then the other text columns.
 * References, statuses, times and numbers are never cut; when they
 * alone are too wide, a table of out_blocks() is shown as blocks, any
 * other overflows. Returns whether the line fits.
 */
static int
fit_ranks(struct out *o, size_t *w, int last)
{
	int rank, next;
	size_t i;

	for (rank = 0;;) {
		if (line_width(o, w) <= (size_t)o->width)
			return 1;
		next = 0;
		for (i = 0; i < o->ncols; i++)
			if (col_rank(o, i) > rank && (next == 0 ||
			    col_rank(o, i) < next))
				next = col_rank(o, i);
		if (next == 0 || next > last)
			return 0;
		rank = next;
		if (cut_rank(o, w, rank))
			return 1;
	}
}

static int
table_fit(struct out *o, size_t *w)
{
	size_t *w0 = xcalloc(o->ncols, sizeof(*w0));
	int fits;

	memcpy(w0, w, o->ncols * sizeof(*w));
	if (!(fits = fit_ranks(o, w, OUT_CUT_LAST - 1))) {
		/* Before other columns give way, the gaps do: then the
		 * free text is cut again, with more room. */
		memcpy(w, w0, o->ncols * sizeof(*w));
		o->gap = 1;
		fits = fit_ranks(o, w, OUT_CUT_LAST);
	}
	free(w0);
	return fits;
}

/* The number of bytes of display text S (LEN bytes) that fit in WIDTH
 * columns, storing the columns they take in USED. */
static size_t
disp_cut(const char *s, size_t len, size_t width, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, w = 0, cw;
	uint32_t cp;

	while (i < len) {
		/* Display text is well-formed UTF-8: disp_put() made it so. */
		if ((n = utf8_seq(p + i, &cp)) == 0)
			break;
		cw = cp_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		i += n;
	}
	*used = w;
	return i;
}

static void
put_spaces(struct buf *b, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		buf_add(b, spaces, k);
		n -= k;
	}
}

/* One table line: cells padded to W, cut with an ellipsis when wider. */
static void
table_line(struct out *o, const struct tcell *row, const size_t *w, int bold)
{
	struct buf *b = &o->line;
	const char *s;
	size_t i, len, shown, pad;
	int right, cut;

	for (i = 0; i < o->ncols; i++) {
		s = o->text.s + row[i].off;
		len = row[i].len;
		shown = row[i].width;
		cut = shown > w[i] && w[i] > 0;
		if (cut) {
			len = disp_cut(s, len, w[i] - 1, &shown);
			shown++;
		} else if (shown > w[i])
			len = shown = 0;
		pad = w[i] - shown;
		right = col_numeric(&o->tcols[i]);
		if (i > 0)
			put_spaces(b, o->gap);
		if (right)
			put_spaces(b, pad);
		if (row[i].mark && o->color)
			buf_add(b, RED, sizeof(RED) - 1);
		buf_add(b, s, len);
		if (cut)
			buf_add(b, ELLIPSIS, sizeof(ELLIPSIS) - 1);
		if (row[i].mark && o->color)
			buf_add(b, NORMAL, sizeof(NORMAL) - 1);
		if (!right)
			put_spaces(b, pad);
	}
	/* Empty cells at the end would leave trailing blanks. */
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	if (b->s != NULL)
		b->s[b->len] = '\0';
	if (bold) {
		fputs(BOLD, o->fp);
		out_flush_line(o);
		fputs(NORMAL, o->fp);
	}
	buf_putc(b, '\n');
	out_flush_line(o);
}

static void
markdown_line(struct out *o, const struct tcell *row, const size_t *w)
{
	struct buf *b = &o->line;
	size_t i;
	int right;

	for (i = 0; i < o->ncols; i++) {
		right = col_numeric(&o->tcols[i]);
		buf_add(b, "| ", 2);
		if (right)
			put_spaces(b, w[i] - row[i].width);
		buf_add(b, o->text.s + row[i].off, row[i].len);
		if (!right)
			put_spaces(b, w[i] - row[i].width);
		buf_putc(b, ' ');
	}
	buf_add(b, "|\n", 2);
	out_flush_line(o);
}

static void
markdown_rule(struct out *o, const size_t *w)
{
	struct buf *b = &o->line;
	size_t i, k;
	int right;

	for (i = 0; i < o->ncols; i++) {
		right = col_numeric(&o->tcols[i]);
		buf_add(b, "| ", 2);
		for (k = 0; k < w[i] - (size_t)right; k++)
			buf_putc(b, '-');
		if (right)
			buf_putc(b, ':');
		buf_putc(b, ' ');
	}
	buf_add(b, "|\n", 2);
	out_flush_line(o);
}

/*
 * A table too wide for the terminal as one block per row, each cell a
 * line "name  value" under the row's first cell, blocks apart by a blank
 * line: a report by many metrics then reads without wrapping.
 */
static void
table_blocks(struct out *o)
{
	const struct tcell *hdr = o->cells, *row;
	struct buf *b = &o->line;
	size_t i, r, namew = 0;

	for (i = 0; i < o->ncols; i++)
		if (hdr[i].width > namew)
			namew = hdr[i].width;
	for (r = 1; r <= o->nrows; r++) {
		row = o->cells + r * o->ncols;
		if (r > 1)
			buf_putc(b, '\n');
		for (i = 0; i < o->ncols; i++) {
			if (o->color)
				buf_add(b, BOLD, sizeof(BOLD) - 1);
			buf_add(b, o->text.s + hdr[i].off, hdr[i].len);
			if (o->color)
				buf_add(b, NORMAL, sizeof(NORMAL) - 1);
			if (row[i].len > 0) {
				put_spaces(b, namew - hdr[i].width + TABLE_GAP);
				if (row[i].mark && o->color)
					buf_add(b, RED, sizeof(RED) - 1);
				buf_add(b, o->text.s + row[i].off, row[i].len);
				if (row[i].mark && o->color)
					buf_add(b, NORMAL, sizeof(NORMAL) - 1);
			}
			buf_putc(b, '\n');
		}
		out_flush_line(o);
	}
}

static void
table_end(struct out *o)
{
	size_t *w, i, r;

	/* An empty table prints nothing, so `| wc -l` counts rows. */
	if (o->ncols == 0 || (o->fmt == OUT_TABLE && o->nrows == 0))
		return;
	w = xcalloc(o->ncols, sizeof(*w));
	for (i = 0; i < o->ncols; i++) {
		w[i] = o->tcols[i].width;
		/* GFM wants three dashes at least in the delimiter row. */
		if (o->fmt == OUT_MARKDOWN && w[i] < 3)
			w[i] = 3;
	}
	if (o->fmt == OUT_TABLE) {
		if (o->width > 0 && !table_fit(o, w) && o->blocks) {
			table_blocks(o);
			free(w);
			return;
		}
		for (r = 0; r <= o->nrows; r++)
			table_line(o, o->cells + r * o->ncols, w,
			    r == 0 && o->color);
	} else {
		markdown_line(o, o->cells, w);
		markdown_rule(o, w);
		for (r = 1; r <= o->nrows; r++)
			markdown_line(o, o->cells + r * o->ncols, w);
	}
	free(w);
}

struct out *
out_begin(FILE *fp, enum out_format fmt, const char *const *cols,
    int ncols, int color, int width)
{
	struct out *o = xcalloc(1, sizeof(*o));
	struct cell *hdr;
	size_t i;

	o->fp = fp;
	o->fmt = fmt;
	o->ncols = ncols > 0 ? (size_t)ncols : 0;
	o->color = color;
	o->width = width > 0 ? width : 0;

	switch (fmt) {
	case OUT_TSV:
	case OUT_CSV:
		/* Written with the first row: a listing of no rows prints
		 * nothing, so cron mails only when there is something to do
		 * (SPEC 7). */
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				buf_putc(&o->head, fmt == OUT_TSV ? '\t' : ',');
			if (fmt == OUT_TSV)
				tsv_put_field(&o->head, cols[i]);
			else
				csv_put_field(&o->head, cols[i]);
		}
		buf_puts(&o->head, fmt == OUT_TSV ? "\n" : "\r\n");
		break;
	case OUT_JSON:
	case OUT_NDJSON:
		/* Escape the keys once, not on every row. */
		o->keyoff = xcalloc(o->ncols + 1, sizeof(*o->keyoff));
		for (i = 0; i < o->ncols; i++) {
			o->keyoff[i] = o->keys.len;
			json_put_string(&o->keys, cols[i]);
			buf_putc(&o->keys, ':');
		}
		o->keyoff[o->ncols] = o->keys.len;
		break;
	case OUT_TABLE:
	case OUT_MARKDOWN:
		o->tcols = xcalloc(o->ncols, sizeof(*o->tcols));
		for (i = 0; i < o->ncols; i++)
			o->tcols[i].rank = OUT_CUT_LAST;
		o->gap = TABLE_GAP;
		hdr = xcalloc(o->ncols, sizeof(*hdr));
		for (i = 0; i < o->ncols; i++)
			hdr[i] = cell_text(cols[i]);
		table_add(o, hdr, 1);
		free(hdr);
		break;
	}
	return o;
}

void
out_cut(struct out *o, const char *name, int rank)
{
	size_t i;

	if (o->tcols == NULL)
		return;
	for (i = 0; i < o->ncols; i++)
		if (o->cells[i].len == strlen(name) && memcmp(o->text.s +
		    o->cells[i].off, name, o->cells[i].len) == 0)
			o->tcols[i].rank = rank;
}

void
out_mark(struct out *o, int col)
{
	if (col >= 0 && col < 64)
		o->marks |= (uint64_t)1 << col;
}

void
out_blocks(struct out *o)
{
	o->blocks = 1;
}

void
out_row(struct out *o, const struct cell *cells)
{
	/* After a failed write out_end() reports it; spare the work. */
	if (ferror(o->fp))
		return;
	if (o->head.len > 0) {
		fwrite(o->head.s, 1, o->head.len, o->fp);
		buf_reset(&o->head);
	}
	switch (o->fmt) {
	case OUT_TSV:
		tsv_row(o, cells);
		break;
	case OUT_CSV:
		csv_row(o, cells);
		break;
	case OUT_JSON:
	case OUT_NDJSON:
		json_row(o, cells);
		break;
	case OUT_TABLE:
	case OUT_MARKDOWN:
		table_add(o, cells, 0);
		break;
	}
	out_flush_line(o);
	o->marks = 0;
	o->nrows++;
}

int
out_end(struct out *o)
{
	int rc = 0;

	switch (o->fmt) {
	case OUT_JSON:
		fputs(o->nrows == 0 ? "[]\n" : "\n]\n", o->fp);
		break;
	case OUT_TABLE:
	case OUT_MARKDOWN:
		if (!ferror(o->fp))
			table_end(o);
		break;
	case OUT_TSV:
	case OUT_CSV:
	case OUT_NDJSON:
		break;
	}
	if (fflush(o->fp) == EOF || ferror(o->fp))
		rc = -1;
	buf_release(&o->line);
	buf_release(&o->head);
	buf_release(&o->keys);
	buf_release(&o->text);
	free(o->keyoff);
	free(o->cells);
	free(o->tcols);
	free(o);
	return rc;
}
