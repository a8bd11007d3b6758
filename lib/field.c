/*
 * A complaint as data, whatever holds it: the field table that drives
 * loading, saving, diffing and output, statuses, references, amounts,
 * and the JSON values a history event records. No storage here: the
 * store (store.h) reads and writes complaints with these.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "complaint.h"
#include "output.h"
#include "timeutil.h"
#include "xmalloc.h"

#define F(name, type, flags) \
	{ #name, type, offsetof(struct complaint, name), flags }

const struct field complaint_fields[] = {
	F(status, FT_STATUS, FF_SPEC),
	F(received_at, FT_TIME, FF_SPEC),
	F(channel, FT_TEXT, FF_SPEC),
	F(customer, FT_TEXT, FF_SPEC | FF_PERSONAL),
	F(contact, FT_TEXT, FF_SPEC | FF_PERSONAL),
	F(customer_id, FT_TEXT, FF_SPEC | FF_PERSONAL),
	F(owner, FT_TEXT, FF_SPEC),
	F(department, FT_TEXT, FF_SPEC),
	F(category, FT_TEXT, FF_SPEC),
	F(severity, FT_TEXT, FF_SPEC),
	F(priority, FT_INT, FF_SPEC),
	F(justified, FT_TEXT, FF_SPEC),
	F(level, FT_LEVEL, FF_SPEC),
	F(public, FT_BOOL, FF_SPEC),
	F(summary, FT_TEXT, FF_SPEC | FF_PERSONAL),
	F(details, FT_TEXT, FF_SPEC | FF_PERSONAL),
	F(ack_due, FT_TIME, FF_SPEC),
	F(acknowledged_at, FT_TIME, FF_SPEC),
	F(resolve_due, FT_TIME, FF_SPEC),
	F(resolved_at, FT_TIME, FF_SPEC),
	F(closed_at, FT_TIME, FF_SPEC),
	F(reviewed_at, FT_TIME, FF_SPEC),
	F(resolution, FT_TEXT, FF_SPEC | FF_PERSONAL),
	F(remedy, FT_TEXT, FF_SPEC),
	F(amount, FT_AMOUNT, FF_SPEC),
	F(root_cause, FT_TEXT, FF_SPEC),
	F(contacts, FT_INT, FF_SPEC),
	F(repeat_of, FT_REF, FF_SPEC),
	F(regime, FT_TEXT, FF_SPEC),
	F(voided_at, FT_TIME, FF_SPEC),
	F(merged_into, FT_REF, FF_SPEC),
	F(impact, FT_INT, 0),
	F(urgency, FT_INT, 0),
	F(complex, FT_BOOL, 0),
	F(assessed, FT_BOOL, 0),
	F(first_contact, FT_BOOL, 0),
	F(ack_via, FT_TEXT, 0),
	F(eta, FT_TIME, 0),
	F(lessons, FT_TEXT, 0),
	F(callback_due, FT_TIME, 0),
	F(followup_due, FT_TIME, 0),
	F(followup_attempts, FT_INT, 0),
	F(holding_due, FT_TIME, 0),
	F(satisfied, FT_TEXT, 0),
	F(updated_at, FT_TIME, FF_NOHISTORY),
	F(source, FT_TEXT, 0),
	F(source_id, FT_TEXT, 0),
	F(vulnerable, FT_BOOL, 0),
};
#undef F

const size_t complaint_nfields =
    sizeof(complaint_fields) / sizeof(complaint_fields[0]);

_Static_assert(sizeof(complaint_fields) / sizeof(complaint_fields[0]) <=
    COMPLAINT_MAXFIELDS, "struct complaint_row holds every field");

static const char *const status_names[ST__COUNT] = {
	"new", "acknowledged", "assessed", "resolved", "closed",
};

const char *
status_name(int64_t st)
{
	if (st < 0 || st >= ST__COUNT)
		return "?";
	return status_names[st];
}

int
status_lookup(const char *name)
{
	int i;

	for (i = 0; i < ST__COUNT; i++)
		if (strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

int
status_is_open(int64_t st)
{
	return st == ST_NEW || st == ST_ACKNOWLEDGED || st == ST_ASSESSED;
}

const struct field *
complaint_field_n(const char *name, size_t len)
{
	size_t i;

	/* The first byte first: export and rebuild look up every key of
	 * every change, and comparing whole names was a quarter of
	 * export's time. */
	for (i = 0; i < complaint_nfields; i++) {
		const char *f = complaint_fields[i].name;

		if (len > 0 && f[0] == name[0] && strnlen(f, len + 1) == len &&
		    memcmp(f, name, len) == 0)
			return &complaint_fields[i];
	}
	return NULL;
}

const struct field *
complaint_field(const char *name)
{
	return complaint_field_n(name, strlen(name));
}

uint64_t
complaint_field_mask(const char *const *names, size_t n)
{
	uint64_t mask = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct field *f = complaint_field(names[i]);

		if (f != NULL)
			mask |= UINT64_C(1) << (f - complaint_fields);
	}
	return mask;
}

int
field_is_text(const struct field *f)
{
	return f->type == FT_TEXT;
}

char **
field_text(struct complaint *c, const struct field *f)
{
	return (char **)((char *)c + f->offset);
}

int64_t *
field_num(struct complaint *c, const struct field *f)
{
	return (int64_t *)((char *)c + f->offset);
}

char *const *
field_text_const(const struct complaint *c, const struct field *f)
{
	return (char *const *)((const char *)c + f->offset);
}

const int64_t *
field_num_const(const struct complaint *c, const struct field *f)
{
	return (const int64_t *)((const char *)c + f->offset);
}

void
complaint_init(struct complaint *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if (!field_is_text(f))
			*field_num(c, f) = NUM_NONE;
	}
	c->id = NUM_NONE;
	c->status = ST_NEW;
	c->level = 0;
	c->public = 0;
	c->contacts = 1;
	c->complex = 0;
	c->assessed = 0;
	c->first_contact = 0;
	c->followup_attempts = 0;
	c->vulnerable = 0;
}

void
complaint_copy(struct complaint *dst, const struct complaint *src)
{
	size_t i;

	*dst = *src;
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if (field_is_text(f))
			*field_text(dst, f) =
			    xstrdup_or_null(*field_text_const(src, f));
	}
}

void
complaint_release(struct complaint *c)
{
	size_t i;

	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if (field_is_text(f)) {
			free(*field_text(c, f));
			*field_text(c, f) = NULL;
		}
	}
}

void
ref_format(const char *prefix, int64_t id, char *buf, size_t len)
{
	char digits[24];
	size_t n = 0, plen = strlen(prefix), i;
	uint64_t v = (uint64_t)id;

	/* By hand: a listing writes one a row, and snprintf was a tenth of
	 * the instructions of a row of list. What does not fit (or cannot
	 * be an id) goes to snprintf, which cuts it short alike. */
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n < 6)
		digits[n++] = '0';
	if (id < 0 || plen + 1 + n >= len) {
		snprintf(buf, len, "%s-%06" PRId64, prefix, id);
		return;
	}
	memcpy(buf, prefix, plen);
	buf[plen] = '-';
	for (i = 0; i < n; i++)
		buf[plen + 1 + i] = digits[n - 1 - i];
	buf[plen + 1 + n] = '\0';
}

/* Digits only, 1..15 of them (ids never come near), into *ID > 0. */
static int
parse_id_digits(const char *s, int64_t *id)
{
	int64_t v = 0;
	size_t n = 0;

	for (; *s; s++, n++) {
		if (!isdigit((unsigned char)*s) || n >= 15)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (n == 0 || v == 0)
		return -1;
	*id = v;
	return 0;
}

int
ref_parse(const char *prefix, const char *s, int64_t *id, struct error *err)
{
	size_t plen = strlen(prefix);

	if (parse_id_digits(s, id) == 0)
		return 0;
	if (strncasecmp(s, prefix, plen) == 0 && s[plen] == '-' &&
	    parse_id_digits(s + plen + 1, id) == 0)
		return 0;
	return error_set(err, EX_DATAERR,
	    "invalid reference '%s' (expected %s-000042, %s-42 or 42)", s,
	    prefix, prefix);
}

int
amount_parse(const char *s, int64_t *minor, struct error *err)
{
	int64_t whole = 0, frac = 0;
	const char *p = s;
	int nwhole = 0, nfrac = 0;

	/* Every digit counts against the bound, not the leading zeros;
	 * only the first ten are added up. */
	while (*p == '0' && isdigit((unsigned char)p[1]))
		p++;
	while (isdigit((unsigned char)*p)) {
		if (nwhole < 10)
			whole = whole * 10 + (*p - '0');
		p++;
		nwhole++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p) && nfrac < 3) {
			frac = frac * 10 + (*p++ - '0');
			nfrac++;
		}
		if (nfrac == 0)
			nfrac = 3; /* "12." is refused below */
	}
	if (*p != '\0' || nwhole == 0 || nfrac > 2)
		return error_set(err, EX_DATAERR,
		    "invalid amount '%s' (expected a non-negative decimal "
		    "with at most two decimal places, such as 12.50)", s);
	if (nfrac == 1)
		frac *= 10;
	if (nwhole > 9 || whole * 100 + frac > AMOUNT_MAX)
		return error_set(err, EX_DATAERR, "amount '%s' is too large "
		    "(at most 999999999.99)", s);
	*minor = whole * 100 + frac;
	return 0;
}

size_t
amount_format(int64_t minor, char *buf, size_t len)
{
	uint64_t u = minor < 0 ? 0 - (uint64_t)minor : (uint64_t)minor;
	char tmp[32], *p = tmp + sizeof(tmp);
	size_t n;

	if (len == 0)
		return 0;
	if (minor == NUM_NONE) {
		buf[0] = '\0';
		return 0;
	}
	*--p = (char)('0' + u % 10);
	*--p = (char)('0' + u / 10 % 10);
	*--p = '.';
	u /= 100;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (minor < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof(tmp) - p);
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return n;
}

/* T quoted as time_format_utc() writes it, the one UTC formatter. */
static void
put_time_json(struct buf *b, int64_t t)
{
	char s[TIME_STRLEN];

	time_format_utc(t, s, sizeof(s));
	buf_putc(b, '"');
	buf_puts(b, s);
	buf_putc(b, '"');
}

/* A JSON value for field F of C, as the history stores it: times as
 * RFC 3339 text so that the history reads without the tool. */
void
json_field_value(struct buf *b, const struct complaint *c,
    const struct field *f)
{
	int64_t v;

	if (field_is_text(f)) {
		const char *s = *field_text_const(c, f);

		if (s == NULL)
			buf_add(b, "null", 4);
		else
			json_put_string(b, s);
		return;
	}
	v = *field_num_const(c, f);
	if (f->type == FT_STATUS) {
		buf_putc(b, '"');
		buf_puts(b, status_name(v));
		buf_putc(b, '"');
	} else if (v == NUM_NONE)
		buf_add(b, "null", 4);
	else if (f->type == FT_TIME)
		put_time_json(b, v);
	else
		json_put_int(b, v);
}

int64_t
field_text_num(const struct field *f, const char *s)
{
	const char *p;

	if (f->type == FT_STATUS) {
		int st = s ? status_lookup(s) : -1;

		return st < 0 ? ST_NEW : st;
	}
	if (s == NULL)
		return NUM_NONE;
	p = s + (*s == '-');
	if (f->type == FT_TIME && (*p == '\0' || strspn(p, "0123456789") !=
	    strlen(p))) {
		int64_t t;

		return time_parse_rfc3339(s, &t) == 0 ? t : NUM_NONE;
	}
	return (int64_t)strtoll(s, NULL, 10);
}

void
field_set_text(struct complaint *c, const struct field *f, const char *s)
{
	if (field_is_text(f)) {
		free(*field_text(c, f));
		*field_text(c, f) = s != NULL ? xstrdup(s) : NULL;
	} else {
		*field_num(c, f) = field_text_num(f, s);
	}
}

void
complaint_field_list(char *buf, size_t len, const char *prefix)
{
	complaint_field_list_of(buf, len, prefix, 0);
}

const char *
complaint_column_list(int qualified)
{
	static char cols[2][2400];
	char *b = cols[qualified != 0];

	if (b[0] == '\0')
		complaint_field_list(b, sizeof(cols[0]), qualified ? "c." : "");
	return b;
}

void
complaint_field_list_of(char *buf, size_t len, const char *prefix,
    uint64_t mask)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < complaint_nfields && n < len; i++)
		if (mask == 0 || (mask & (UINT64_C(1) << i)))
			n += (size_t)snprintf(buf + n, len - n, "%s%s%s",
			    n ? ", " : "", prefix, complaint_fields[i].name);
}

void
complaint_created_json(struct buf *b, const struct complaint *c)
{
	size_t i;
	int first = 1;

	buf_putc(b, '{');
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if ((f->flags & FF_NOHISTORY) || !field_is_set(c, f))
			continue;
		if (!first)
			buf_putc(b, ',');
		buf_putc(b, '"');
		buf_puts(b, f->name);
		buf_add(b, "\":[null,", 8);
		json_field_value(b, c, f);
		buf_putc(b, ']');
		first = 0;
	}
	buf_putc(b, '}');
}

int
field_equal(const struct complaint *a, const struct complaint *b,
    const struct field *f)
{
	if (field_is_text(f)) {
		const char *x = *field_text_const(a, f);
		const char *y = *field_text_const(b, f);

		if (x == NULL || y == NULL)
			return x == y;
		return strcmp(x, y) == 0;
	}
	return *field_num_const(a, f) == *field_num_const(b, f);
}

int
field_is_set(const struct complaint *c, const struct field *f)
{
	if (field_is_text(f))
		return *field_text_const(c, f) != NULL;
	return *field_num_const(c, f) != NUM_NONE;
}

const struct field *
complaint_diff(const struct complaint *a, const struct complaint *b)
{
	size_t i;

	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if (!(f->flags & FF_NOHISTORY) && !field_equal(a, b, f))
			return f;
	}
	return NULL;
}

