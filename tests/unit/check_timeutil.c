/*
 * Unit tests for lib/timeutil.c: civil days, durations, business-calendar
 * arithmetic (weekends, holidays, DST in London and New York), the time
 * forms of SPEC 3, period bounds, the clock and formatting. Needs tzdata.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timeutil.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

Suite *timeutil_suite(void);

static void
use_zone(const char *zone)
{
	struct error err = { 0, "" };

	ck_assert_msg(tz_set(zone, &err) == 0, "tz_set %s: %s", zone,
	    err.msg);
}

/* S in any time_parse() form, which must be valid. */
static int64_t
at(const char *s)
{
	struct error err = { 0, "" };
	int64_t t = 0;

	ck_assert_msg(time_parse(s, 0, &t, &err) == 0, "%s: %s", s, err.msg);
	return t;
}

static void
assert_time(int64_t got, int64_t want, const char *what)
{
	char g[TIME_STRLEN], w[TIME_STRLEN];

	time_format_utc(got, g, sizeof(g));
	time_format_utc(want, w, sizeof(w));
	ck_assert_msg(got == want, "%s: got %s, want %s", what, g, w);
}

/* Civil days. */

static const struct {
	int y, m, d;
	int32_t days;
	int wday;
} civil_rows[] = {
	{ 1970, 1, 1, 0, 4 },
	{ 1969, 12, 31, -1, 3 },
	{ 1970, 3, 1, 59, 0 },
	{ 2000, 2, 29, 11016, 2 },
	{ 2000, 3, 1, 11017, 3 },
	{ 1900, 3, 1, -25508, 4 },
	{ 1600, 3, 1, -135080, 3 },
	{ 2026, 11, 19, 20776, 4 },
	{ 2026, 12, 31, 20818, 4 },
	{ 2027, 1, 1, 20819, 5 },
	{ 2028, 2, 29, 21243, 2 },
	{ 9999, 12, 31, 2932896, 5 },
	{ 0, 3, 1, -719468, 3 },
};

START_TEST(test_civil_rows)
{
	int y, m, d;

	ck_assert_int_eq(civil_to_days(civil_rows[_i].y, civil_rows[_i].m,
	    civil_rows[_i].d), civil_rows[_i].days);
	days_to_civil(civil_rows[_i].days, &y, &m, &d);
	ck_assert_int_eq(y, civil_rows[_i].y);
	ck_assert_int_eq(m, civil_rows[_i].m);
	ck_assert_int_eq(d, civil_rows[_i].d);
	ck_assert_int_eq(civil_weekday(civil_rows[_i].days),
	    civil_rows[_i].wday);
}
END_TEST

/* Every day from 1600 to 2400 follows the one before it. */
START_TEST(test_civil_walk)
{
	int y, m, d, py, pm, pd;
	int32_t n;

	days_to_civil(-135081, &py, &pm, &pd);
	for (n = -135080; n < 157000; n++) {
		days_to_civil(n, &y, &m, &d);
		ck_assert_int_eq(civil_to_days(y, m, d), n);
		if (d != pd + 1)
			ck_assert_msg(d == 1 && (m == pm + 1 ||
			    (m == 1 && pm == 12 && y == py + 1)),
			    "day %d: %d-%d-%d after %d-%d-%d", (int)n, y, m, d,
			    py, pm, pd);
		ck_assert_int_eq(civil_weekday(n),
		    (civil_weekday(n - 1) + 1) % 7);
		py = y;
		pm = m;
		pd = d;
	}
}
END_TEST

static const struct {
	const char *s;
	int32_t days; /* -1: rejected */
} date_rows[] = {
	{ "2026-11-19", 20776 },
	{ "2028-02-29", 21243 },
	{ "2000-02-29", 11016 },
	{ "1970-01-01", 0 },
	{ "2026-02-29", -1 },
	{ "1900-02-29", -1 },
	{ "2026-04-31", -1 },
	{ "2026-13-01", -1 },
	{ "2026-00-10", -1 },
	{ "2026-11-00", -1 },
	{ "2026-11-32", -1 },
	{ "2026-1-19", -1 },
	{ "26-11-19", -1 },
	{ "2026/11/19", -1 },
	{ "2026-11-19 ", -1 },
	{ " 2026-11-19", -1 },
	{ "2026-11-19T00:00", -1 },
	{ "+2026-11-19", -1 },
	{ "", -1 },
};

START_TEST(test_parse_date)
{
	int32_t days = 12345;
	int rc = parse_date(date_rows[_i].s, &days);

	if (date_rows[_i].days == -1) {
		ck_assert_msg(rc == -1, "'%s' accepted", date_rows[_i].s);
		ck_assert_int_eq(days, 12345);
	} else {
		ck_assert_msg(rc == 0, "'%s' rejected", date_rows[_i].s);
		ck_assert_int_eq(days, date_rows[_i].days);
	}
}
END_TEST

/* Durations. */

static const struct {
	const char *s;
	int64_t count;
	enum duration_unit unit;
	const char *canonical;
} duration_ok_rows[] = {
	{ "30m", 30, DUR_MINUTES, "30m" },
	{ "4h", 4, DUR_HOURS, "4h" },
	{ "2d", 2, DUR_DAYS, "2d" },
	{ "2w", 2, DUR_WEEKS, "2w" },
	{ "6bh", 6, DUR_BUSINESS_HOURS, "6bh" },
	{ "3bd", 3, DUR_BUSINESS_DAYS, "3bd" },
	{ "0m", 0, DUR_MINUTES, "0m" },
	{ "0bd", 0, DUR_BUSINESS_DAYS, "0bd" },
	{ "007h", 7, DUR_HOURS, "7h" },
	{ "52596000m", 52596000, DUR_MINUTES, "52596000m" },
	{ "876600h", 876600, DUR_HOURS, "876600h" },
	{ "36525d", 36525, DUR_DAYS, "36525d" },
	{ "5217w", 5217, DUR_WEEKS, "5217w" },
	{ "876600bh", 876600, DUR_BUSINESS_HOURS, "876600bh" },
	{ "36525bd", 36525, DUR_BUSINESS_DAYS, "36525bd" },
	{ "cob", 0, DUR_COB, "cob" },
	{ "cob+0bd", 0, DUR_COB, "cob" },
	{ "cob+3bd", 3, DUR_COB, "cob+3bd" },
	{ "cob+007bd", 7, DUR_COB, "cob+7bd" },
	{ "cob+36525bd", 36525, DUR_COB, "cob+36525bd" },
};

START_TEST(test_duration_ok)
{
	struct error err = { 0, "" };
	struct duration d;
	char buf[32];

	ck_assert_int_eq(duration_parse(duration_ok_rows[_i].s, &d, &err), 0);
	ck_assert_int_eq(d.count, duration_ok_rows[_i].count);
	ck_assert_int_eq(d.unit, duration_ok_rows[_i].unit);
	duration_format(&d, buf, sizeof(buf));
	ck_assert_str_eq(buf, duration_ok_rows[_i].canonical);
}
END_TEST

static const char *const duration_bad_rows[] = {
	"", "5x", "m", "bd", "5", "-5m", "+5m", "5 m", " 5m", "5m ", "5M",
	"5H", "5b", "5bx", "5mm", "1.5h", "5dd", "0x10m", "5m\n",
	"52596001m", "876601h", "36526d", "5218w", "876601bh", "36526bd",
	"99999999999999999999999999m",
	"cob+", "cob+bd", "cob3bd", "Cob", "COB", "cob+3", "cob+3d",
	"cob+3bh", "cob+-1bd", "cob-1bd", "cob ", " cob", "cobb",
	"cob+3bdx", "cob+36526bd", "cob+99999999999999999999bd", "3cob",
};

START_TEST(test_duration_bad)
{
	struct error err = { 0, "" };
	struct duration d = { 42, DUR_DAYS };

	ck_assert_int_eq(duration_parse(duration_bad_rows[_i], &d, &err),
	    EX_DATAERR);
	ck_assert_int_eq(err.status, EX_DATAERR);
	ck_assert_msg(strncmp(err.msg, "invalid duration '", 18) == 0,
	    "%s", err.msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	ck_assert_int_eq(d.count, 42);
}
END_TEST

START_TEST(test_duration_messages)
{
	struct error err = { 0, "" };
	struct duration d;

	duration_parse("5x", &d, &err);
	ck_assert_str_eq(err.msg,
	    "invalid duration '5x' (accepted: 30m, 4h, 2d, 2w, 6bh, 3bd, cob, "
	    "cob+3bd)");
	duration_parse("cob+36526bd", &d, &err);
	ck_assert_str_eq(err.msg,
	    "invalid duration 'cob+36526bd' (longer than 100 years)");
	duration_parse("36526d", &d, &err);
	ck_assert_str_eq(err.msg,
	    "invalid duration '36526d' (longer than 100 years)");
	ck_assert_int_eq(duration_parse("1bd", &d, NULL), 0);
	ck_assert_int_eq(duration_parse("1y", &d, NULL), EX_DATAERR);
	ck_assert_int_eq(duration_parse(NULL, &d, NULL), EX_DATAERR);
}
END_TEST

/* Time arithmetic. */

enum cal_kind {
	OFFICE,     /* Monday to Friday, 09:00 to 17:00 */
	ALWAYS,     /* every day, round the clock */
	MORNINGS,   /* Monday to Saturday, 08:30 to 12:15 */
	NO_DAYS,    /* open on no day of the week */
	NO_HOURS,   /* opens == closes */
	NO_CAL,     /* NULL */
};

/* The common row: UTC, open Monday to Friday 09:00-17:00, no holidays. */
#define OFFICE_UTC(start, op, dur, want) \
	{ "UTC", OFFICE, "", start, op, dur, want }

static const struct {
	const char *zone;
	enum cal_kind cal;
	const char *holidays; /* space-separated YYYY-MM-DD */
	const char *start;
	char op;              /* '+' time_add, '-' time_sub */
	const char *dur;
	const char *want;
} move_rows[] = {
	/*
	 * The examples of SPEC 3, literally (2026-11-19 is a Thursday):
	 * Thursday 16:00 + 1bd is Friday 16:00, or Monday 16:00 when Friday
	 * is a holiday; Saturday noon + 1bd is Monday 17:00.
	 */
	OFFICE_UTC("2026-11-19 16:00", '+', "1bd", "2026-11-20 16:00"),
	{ "UTC", OFFICE, "2026-11-20", "2026-11-19 16:00", '+', "1bd",
	    "2026-11-23 16:00" },
	OFFICE_UTC("2026-11-21 12:00", '+', "1bd", "2026-11-23 17:00"),

	/* Nothing to add: the start, even outside opening hours. */
	OFFICE_UTC("2026-11-19 16:00", '+', "0bd", "2026-11-19 16:00"),
	OFFICE_UTC("2026-11-21 12:00", '+', "0bh", "2026-11-21 12:00"),
	OFFICE_UTC("2026-11-21 12:00", '-', "0bd", "2026-11-21 12:00"),
	OFFICE_UTC("2026-11-21 12:00", '+', "0m", "2026-11-21 12:00"),
	OFFICE_UTC("2026-11-21 12:00", '-', "0w", "2026-11-21 12:00"),

	/* Calendar units. */
	OFFICE_UTC("2026-11-19 16:00", '+', "30m", "2026-11-19 16:30"),
	OFFICE_UTC("2026-11-19 16:00", '+', "4h", "2026-11-19 20:00"),
	OFFICE_UTC("2026-11-19 16:00", '+', "2d", "2026-11-21 16:00"),
	OFFICE_UTC("2026-11-19 16:00", '+', "2w", "2026-12-03 16:00"),
	OFFICE_UTC("2026-12-31 23:45", '+', "30m", "2027-01-01 00:15"),
	OFFICE_UTC("2026-12-31 22:00", '+', "4h", "2027-01-01 02:00"),
	OFFICE_UTC("2026-12-25 10:00", '+', "2w", "2027-01-08 10:00"),
	OFFICE_UTC("2028-02-28 10:00", '+', "1d", "2028-02-29 10:00"),
	OFFICE_UTC("2027-02-28 10:00", '+', "1d", "2027-03-01 10:00"),
	OFFICE_UTC("2026-01-31 10:00", '+', "1w", "2026-02-07 10:00"),
	OFFICE_UTC("2026-12-03 16:00", '-', "2w", "2026-11-19 16:00"),
	OFFICE_UTC("2027-01-01 00:15", '-', "30m", "2026-12-31 23:45"),
	OFFICE_UTC("2027-01-01 02:00", '-', "4h", "2026-12-31 22:00"),
	OFFICE_UTC("2028-03-01 10:00", '-', "2d", "2028-02-28 10:00"),

	/* Business hours around opening and closing. */
	OFFICE_UTC("2026-11-19 16:00", '+', "1bh", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 17:00", '+', "1bh", "2026-11-20 10:00"),
	OFFICE_UTC("2026-11-19 09:00", '+', "8bh", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 09:00", '+', "1bd", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 08:00", '+', "1bh", "2026-11-19 10:00"),
	OFFICE_UTC("2026-11-19 00:00", '+', "1bd", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 18:00", '+', "1bh", "2026-11-20 10:00"),
	OFFICE_UTC("2026-11-19 18:00", '+', "1bd", "2026-11-20 17:00"),
	OFFICE_UTC("2026-11-19 12:34:56", '+', "3bh", "2026-11-19 15:34:56"),
	OFFICE_UTC("2026-11-19 16:30", '+', "1bd", "2026-11-20 16:30"),
	OFFICE_UTC("2026-11-19 16:30", '+', "30m", "2026-11-19 17:00"),

	/* Weekends. */
	OFFICE_UTC("2026-11-20 16:00", '+', "2bh", "2026-11-23 10:00"),
	OFFICE_UTC("2026-11-20 16:00", '+', "1bd", "2026-11-23 16:00"),
	OFFICE_UTC("2026-11-22 10:00", '+', "1bh", "2026-11-23 10:00"),
	OFFICE_UTC("2026-11-21 00:00", '+', "9bh", "2026-11-24 10:00"),
	OFFICE_UTC("2026-11-20 17:00", '+', "1bd", "2026-11-23 17:00"),

	/* Holidays: on the start day, consecutive, on a Monday. */
	{ "UTC", OFFICE, "2026-11-19", "2026-11-19 10:00", '+', "1bh",
	    "2026-11-20 10:00" },
	{ "UTC", OFFICE, "2026-12-24 2026-12-25", "2026-12-23 16:00", '+',
	    "1bd", "2026-12-28 16:00" },
	{ "UTC", OFFICE, "2026-12-24 2026-12-25 2026-12-28", "2026-12-23 16:00",
	    '+', "2bh", "2026-12-29 10:00" },
	{ "UTC", OFFICE, "2026-11-23", "2026-11-20 16:00", '+', "1bd",
	    "2026-11-24 16:00" },
	{ "UTC", OFFICE, "2026-11-23", "2026-11-21 12:00", '+', "1bd",
	    "2026-11-24 17:00" },

	/* Several weeks. */
	OFFICE_UTC("2026-11-23 09:00", '+', "10bd", "2026-12-04 17:00"),
	OFFICE_UTC("2026-11-19 16:00", '+', "15bd", "2026-12-10 16:00"),
	{ "UTC", OFFICE, "2026-11-26 2026-11-27", "2026-11-19 16:00", '+',
	    "15bd", "2026-12-14 16:00" },
	OFFICE_UTC("2026-11-19 16:00", '+', "40bh", "2026-11-26 16:00"),
	{ "UTC", OFFICE, "", "2026-11-19 16:00", '+', "600bh",
	    "2027-03-04 16:00" },
	{ "UTC", OFFICE, "", "2026-11-23 09:00", '+', "36525bd",
	    "2166-11-21 17:00" },

	/* Month, year and leap-day ends. */
	OFFICE_UTC("2026-10-30 16:00", '+', "1bd", "2026-11-02 16:00"),
	OFFICE_UTC("2026-12-31 16:00", '+', "1bd", "2027-01-01 16:00"),
	{ "UTC", OFFICE, "2027-01-01", "2026-12-31 16:00", '+', "1bd",
	    "2027-01-04 16:00" },
	OFFICE_UTC("2026-12-31 16:00", '+', "3bh", "2027-01-01 11:00"),
	OFFICE_UTC("2028-02-28 16:00", '+', "1bd", "2028-02-29 16:00"),
	OFFICE_UTC("2028-02-28 16:00", '+', "2bd", "2028-03-01 16:00"),
	{ "UTC", OFFICE, "2028-02-29", "2028-02-28 16:00", '+', "1bd",
	    "2028-03-01 16:00" },

	/* Backwards: the mirror image. */
	OFFICE_UTC("2026-11-20 16:00", '-', "1bd", "2026-11-19 16:00"),
	{ "UTC", OFFICE, "2026-11-20", "2026-11-23 16:00", '-', "1bd",
	    "2026-11-19 16:00" },
	OFFICE_UTC("2026-11-23 17:00", '-', "1bd", "2026-11-23 09:00"),
	OFFICE_UTC("2026-11-21 12:00", '-', "1bd", "2026-11-20 09:00"),
	OFFICE_UTC("2026-11-23 09:00", '-', "1bh", "2026-11-20 16:00"),
	OFFICE_UTC("2026-11-23 08:00", '-', "1bh", "2026-11-20 16:00"),
	OFFICE_UTC("2026-11-23 18:00", '-', "1bh", "2026-11-23 16:00"),
	OFFICE_UTC("2026-11-23 10:00", '-', "1bh", "2026-11-23 09:00"),
	OFFICE_UTC("2027-01-01 10:00", '-', "2bh", "2026-12-31 16:00"),
	{ "UTC", OFFICE, "2026-12-24 2026-12-25", "2026-12-28 10:00", '-',
	    "1bd", "2026-12-23 10:00" },
	OFFICE_UTC("2028-03-01 16:00", '-', "2bd", "2028-02-28 16:00"),
	OFFICE_UTC("2026-12-04 17:00", '-', "10bd", "2026-11-23 09:00"),

	/* Other calendars; empty ones add nothing. */
	{ "UTC", MORNINGS, "",
	    "2026-11-21 12:00", '+', "1bh", "2026-11-23 09:15" },
	{ "UTC", MORNINGS, "",
	    "2026-11-21 12:00", '+', "1bd", "2026-11-23 12:00" },
	{ "UTC", MORNINGS, "",
	    "2026-11-20 08:30", '+', "2bd", "2026-11-21 12:15" },
	{ "UTC", MORNINGS, "",
	    "2026-11-23 08:30", '-', "15m", "2026-11-23 08:15" },
	{ "UTC", MORNINGS, "",
	    "2026-11-23 09:00", '-', "1bh", "2026-11-21 11:45" },
	{ "UTC", ALWAYS, "",
	    "2026-11-21 12:00", '+', "30bh", "2026-11-22 18:00" },
	{ "UTC", ALWAYS, "",
	    "2026-11-21 12:00", '+', "1bd", "2026-11-22 12:00" },
	{ "UTC", ALWAYS, "2026-11-22", "2026-11-21 12:00", '+', "1bd",
	    "2026-11-23 12:00" },
	{ "UTC", NO_DAYS, "",
	    "2026-11-19 16:00", '+', "3bd", "2026-11-19 16:00" },
	{ "UTC", NO_HOURS, "", "2026-11-19 16:00", '+', "6bh",
	    "2026-11-19 16:00" },
	{ "UTC", NO_CAL, "",
	    "2026-11-19 16:00", '-', "6bh", "2026-11-19 16:00" },
	{ "UTC", NO_CAL, "",
	    "2026-11-19 16:00", '+', "2d", "2026-11-21 16:00" },

	/* Europe/London: BST from 2026-03-29 01:00Z to 2026-10-25 01:00Z. */
	{ "Europe/London", OFFICE, "", "2026-03-28 09:00", '+', "2d",
	    "2026-03-30T08:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-03-30 09:00", '-', "2d",
	    "2026-03-28T09:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-03-28 09:00", '+', "48h",
	    "2026-03-30T09:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-03-28 01:30", '+', "1d",
	    "2026-03-29T01:30:00Z" },
	{ "Europe/London", OFFICE, "", "2026-10-24 09:00", '+', "1d",
	    "2026-10-25T09:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-10-24 01:30", '+', "1d",
	    "2026-10-25T00:30:00Z" },
	{ "Europe/London", OFFICE, "", "2026-10-19 09:00", '+', "1w",
	    "2026-10-26T09:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-03-27 16:00", '+', "2bh",
	    "2026-03-30T09:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-03-27 16:00", '+', "1bd",
	    "2026-03-30T15:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-03-29 12:00", '+', "1bd",
	    "2026-03-30T16:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-10-23 16:30", '+', "1bh",
	    "2026-10-26T09:30:00Z" },
	{ "Europe/London", OFFICE, "", "2026-10-26 10:00", '-', "2bh",
	    "2026-10-23T15:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-10-26 16:00", '-', "1bd",
	    "2026-10-23T15:00:00Z" },
	/* Round the clock: bh is elapsed time, bd keeps the wall clock. */
	{ "Europe/London", ALWAYS, "", "2026-03-29 00:30", '+', "1bh",
	    "2026-03-29T01:30:00Z" },
	{ "Europe/London", ALWAYS, "", "2026-03-28 12:00", '+', "24bh",
	    "2026-03-29T12:00:00Z" },
	{ "Europe/London", ALWAYS, "", "2026-03-28 12:00", '+', "1bd",
	    "2026-03-29T11:00:00Z" },
	{ "Europe/London", ALWAYS, "", "2026-10-25 00:30", '+', "2bh",
	    "2026-10-25T01:30:00Z" },
	{ "Europe/London", ALWAYS, "", "2026-10-25T03:00:00Z", '-', "3bh",
	    "2026-10-25T00:00:00Z" },
	{ "Europe/London", ALWAYS, "", "2026-10-24 12:00", '+', "1bd",
	    "2026-10-25T12:00:00Z" },

	/* America/New_York: EDT from 2026-03-08 to 2026-11-01. */
	{ "America/New_York", OFFICE, "", "2026-03-07 09:00", '+', "1d",
	    "2026-03-08T13:00:00Z" },
	{ "America/New_York", OFFICE, "", "2026-03-08 02:30", '-', "1w",
	    "2026-03-01T08:30:00Z" },
	{ "America/New_York", OFFICE, "", "2026-03-07 02:30", '+', "1d",
	    "2026-03-08T07:30:00Z" },
	{ "America/New_York", OFFICE, "", "2026-10-31 09:00", '+', "1d",
	    "2026-11-01T14:00:00Z" },
	{ "America/New_York", OFFICE, "", "2026-10-31 01:30", '+', "1d",
	    "2026-11-01T05:30:00Z" },
	{ "America/New_York", OFFICE, "", "2026-10-31 09:00", '+', "24h",
	    "2026-11-01T13:00:00Z" },
	{ "America/New_York", OFFICE, "", "2026-03-06 16:00", '+', "1bd",
	    "2026-03-09T20:00:00Z" },
	{ "America/New_York", OFFICE, "", "2026-03-06 16:00", '+', "3bh",
	    "2026-03-09T15:00:00Z" },
	{ "America/New_York", OFFICE, "", "2026-10-30 15:00", '+', "3bh",
	    "2026-11-02T15:00:00Z" },
	{ "America/New_York", OFFICE, "", "2026-11-02 10:00", '-', "3bh",
	    "2026-10-30T19:00:00Z" },
	{ "America/New_York", OFFICE, "2026-11-26 2026-11-27",
	    "2026-11-25 16:00", '+', "1bd", "2026-11-30T21:00:00Z" },
	{ "America/New_York", ALWAYS, "", "2026-11-01 00:30", '+', "2bh",
	    "2026-11-01T06:30:00Z" },

	/*
	 * Close of business (SPEC 3). cob: the close of the start's day
	 * while it is open and not yet closed, else of the next business
	 * day; 2026-11-16 is a Monday.
	 */
	OFFICE_UTC("2026-11-19 10:00", '+', "cob", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 09:00", '+', "cob", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 08:00", '+', "cob", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 00:00", '+', "cob", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 16:59", '+', "cob", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 17:00", '+', "cob", "2026-11-20 17:00"),
	OFFICE_UTC("2026-11-19 17:01", '+', "cob", "2026-11-20 17:00"),
	OFFICE_UTC("2026-11-19 23:59", '+', "cob", "2026-11-20 17:00"),
	OFFICE_UTC("2026-11-20 16:59", '+', "cob", "2026-11-20 17:00"),
	OFFICE_UTC("2026-11-20 17:01", '+', "cob", "2026-11-23 17:00"),
	OFFICE_UTC("2026-11-21 12:00", '+', "cob", "2026-11-23 17:00"),
	OFFICE_UTC("2026-11-22 23:59", '+', "cob", "2026-11-23 17:00"),
	OFFICE_UTC("2026-11-19 10:00", '+', "cob+0bd", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-19 18:00", '+', "cob+0bd", "2026-11-20 17:00"),
	{ "UTC", OFFICE, "2026-11-20", "2026-11-19 18:00", '+', "cob",
	    "2026-11-23 17:00" },
	{ "UTC", OFFICE, "2026-11-20", "2026-11-20 10:00", '+', "cob",
	    "2026-11-23 17:00" },
	/* cob+Nbd: the Nth business day after the day of the start, its
	 * close, whatever the hour of the start (DISP 1.5.2). */
	OFFICE_UTC("2026-11-19 10:00", '+', "cob+1bd", "2026-11-20 17:00"),
	OFFICE_UTC("2026-11-16 10:00", '+', "cob+3bd", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-16 00:00", '+', "cob+3bd", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-16 08:59", '+', "cob+3bd", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-16 17:00", '+', "cob+3bd", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-16 18:00", '+', "cob+3bd", "2026-11-19 17:00"),
	OFFICE_UTC("2026-11-20 16:59", '+', "cob+3bd", "2026-11-25 17:00"),
	OFFICE_UTC("2026-11-20 17:01", '+', "cob+3bd", "2026-11-25 17:00"),
	OFFICE_UTC("2026-11-21 12:00", '+', "cob+3bd", "2026-11-25 17:00"),
	OFFICE_UTC("2026-11-22 12:00", '+', "cob+3bd", "2026-11-25 17:00"),
	OFFICE_UTC("2026-11-19 10:00", '+', "cob+5bd", "2026-11-26 17:00"),
	/* A bank holiday inside the window pushes it a day. */
	{ "UTC", OFFICE, "2026-11-18", "2026-11-16 10:00", '+', "cob+3bd",
	    "2026-11-20 17:00" },
	/* Received on a holiday: counted from the day after, like any day. */
	{ "UTC", OFFICE, "2026-11-16", "2026-11-16 10:00", '+', "cob+3bd",
	    "2026-11-19 17:00" },
	/* Christmas with the default holidays (25th, 28th). */
	{ "Europe/London", OFFICE, "2026-12-25 2026-12-28",
	    "2026-12-24 10:00", '+', "cob+3bd", "2026-12-31T17:00:00Z" },
	{ "Europe/London", OFFICE, "2026-12-25 2026-12-28",
	    "2026-12-24 17:30", '+', "cob", "2026-12-29T17:00:00Z" },
	/* Local closing time across the clock changes. */
	{ "Europe/London", OFFICE, "", "2026-03-27 10:00", '+', "cob+1bd",
	    "2026-03-30T16:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-10-23 10:00", '+', "cob+1bd",
	    "2026-10-26T17:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-07-16 10:00", '+', "cob",
	    "2026-07-16T16:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-07-16T16:30:00Z", '+', "cob",
	    "2026-07-17T16:00:00Z" },
	{ "Europe/London", OFFICE, "", "2026-07-16T15:59:00Z", '+', "cob",
	    "2026-07-16T16:00:00Z" },
	{ "America/New_York", OFFICE, "", "2026-11-19 16:00", '+', "cob",
	    "2026-11-19T22:00:00Z" },
	/* Other calendars: round the clock closes at midnight. */
	{ "UTC", ALWAYS, "", "2026-11-19 10:00", '+', "cob",
	    "2026-11-20 00:00" },
	{ "UTC", ALWAYS, "", "2026-11-19 10:00", '+', "cob+2bd",
	    "2026-11-22 00:00" },
	{ "UTC", MORNINGS, "", "2026-11-21 12:00", '+', "cob",
	    "2026-11-21 12:15" },
	{ "UTC", MORNINGS, "", "2026-11-21 12:20", '+', "cob",
	    "2026-11-23 12:15" },
	{ "UTC", MORNINGS, "", "2026-11-20 10:00", '+', "cob+1bd",
	    "2026-11-21 12:15" },
	/* No calendar to close: the start; and cob is no length back. */
	{ "UTC", NO_DAYS, "", "2026-11-19 10:00", '+', "cob",
	    "2026-11-19 10:00" },
	{ "UTC", NO_HOURS, "", "2026-11-19 10:00", '+', "cob+3bd",
	    "2026-11-19 10:00" },
	{ "UTC", NO_CAL, "", "2026-11-19 10:00", '+', "cob",
	    "2026-11-19 10:00" },
	OFFICE_UTC("2026-11-19 10:00", '-', "cob", "2026-11-19 10:00"),
	OFFICE_UTC("2026-11-19 10:00", '-', "cob+3bd", "2026-11-19 10:00"),
};

static void
make_calendar(struct calendar *cal, enum cal_kind kind, const char *hol,
    int32_t *days, size_t ndays)
{
	char date[11];

	memset(cal, 0, sizeof(*cal));
	switch (kind) {
	case OFFICE:
		cal->days = 0x3e;
		cal->opens = 9 * 60;
		cal->closes = 17 * 60;
		break;
	case ALWAYS:
		cal->days = 0x7f;
		cal->opens = 0;
		cal->closes = 24 * 60;
		break;
	case MORNINGS:
		cal->days = 0x7e;
		cal->opens = 8 * 60 + 30;
		cal->closes = 12 * 60 + 15;
		break;
	case NO_DAYS:
		cal->days = 0;
		cal->opens = 9 * 60;
		cal->closes = 17 * 60;
		break;
	case NO_HOURS:
		cal->days = 0x3e;
		cal->opens = 9 * 60;
		cal->closes = 9 * 60;
		break;
	case NO_CAL:
		break;
	}
	cal->holidays = days;
	for (; *hol != '\0'; hol += hol[10] == ' ' ? 11 : 10) {
		ck_assert_uint_lt(cal->nholidays, ndays);
		memcpy(date, hol, 10);
		date[10] = '\0';
		ck_assert_int_eq(parse_date(date, &days[cal->nholidays]), 0);
		cal->nholidays++;
	}
}

START_TEST(test_move)
{
	struct error err = { 0, "" };
	struct calendar cal;
	struct duration d;
	int32_t hol[8];
	int64_t start, got;
	char what[160];

	use_zone(move_rows[_i].zone);
	make_calendar(&cal, move_rows[_i].cal, move_rows[_i].holidays, hol,
	    NELEM(hol));
	ck_assert_int_eq(duration_parse(move_rows[_i].dur, &d, &err), 0);
	start = at(move_rows[_i].start);
	if (move_rows[_i].op == '+')
		got = time_add(move_rows[_i].cal == NO_CAL ? NULL : &cal, start,
		    &d);
	else
		got = time_sub(move_rows[_i].cal == NO_CAL ? NULL : &cal, start,
		    &d);
	snprintf(what, sizeof(what), "row %d: %s %s %c %s", _i,
	    move_rows[_i].zone, move_rows[_i].start, move_rows[_i].op,
	    move_rows[_i].dur);
	assert_time(got, at(move_rows[_i].want), what);
}
END_TEST

/*
 * Business hours against a brute-force count of open half hours, from
 * half-hour starts: forwards, a half hour counts when it starts open;
 * backwards, when it ends open.
 */
static const char *const brute_zones[] = { "UTC", "Europe/London",
	"America/New_York" };

START_TEST(test_move_brute)
{
	int32_t hol[] = { 20811, 20812, 20818, 20819, 20825 };
	struct calendar cal = { 0x3e, 9 * 60, 17 * 60, hol, NELEM(hol) };
	struct duration d = { 0, DUR_BUSINESS_HOURS };
	uint32_t seed = 12345 + (uint32_t)_i;
	int64_t base, start, t, r;
	int i;

	use_zone(brute_zones[_i]);
	/* Three weeks either side of Christmas and New Year 2026. */
	base = at("2026-12-07");
	for (i = 0; i < 300; i++) {
		seed = seed * 1103515245u + 12345u;
		start = base + (int64_t)(seed >> 8) % (42 * 48) * 1800;
		d.count = (seed >> 4) % 30;

		t = start;
		for (r = d.count * 2; r > 0; t += 1800)
			r -= calendar_is_open(&cal, t);
		assert_time(time_add(&cal, start, &d), t, "brute add");

		t = start;
		for (r = d.count * 2; r > 0; t -= 1800)
			r -= calendar_is_open(&cal, t - 1800);
		assert_time(time_sub(&cal, start, &d), t, "brute sub");
	}
}
END_TEST

/* Round the clock, bh is h and bd is d, across both DST changes. */
START_TEST(test_move_always)
{
	struct calendar cal = { 0x7f, 0, 24 * 60, NULL, 0 };
	struct duration bh = { 0, DUR_BUSINESS_HOURS }, h = { 0, DUR_HOURS };
	struct duration bd = { 0, DUR_BUSINESS_DAYS }, dd = { 0, DUR_DAYS };
	int64_t start;
	int i;

	use_zone(brute_zones[_i]);
	start = at("2026-03-01 00:15");
	for (i = 0; i < 300 * 24; i += 7, start += 7 * 3600 + 60) {
		bh.count = h.count = i % 100;
		bd.count = dd.count = i % 9;
		ck_assert_int_eq(time_add(&cal, start, &bh),
		    time_add(&cal, start, &h));
		ck_assert_int_eq(time_sub(&cal, start, &bh),
		    time_sub(&cal, start, &h));
		ck_assert_int_eq(time_add(&cal, start, &bd),
		    time_add(&cal, start, &dd));
		ck_assert_int_eq(time_sub(&cal, start, &bd),
		    time_sub(&cal, start, &dd));
	}
}
END_TEST

START_TEST(test_move_limits)
{
	struct calendar cal = { 0x3e, 9 * 60, 17 * 60, NULL, 0 };
	struct calendar minute = { 0x02, 9 * 60, 9 * 60 + 1, NULL, 0 };
	struct duration d = { 876600, DUR_BUSINESS_HOURS };
	struct duration huge = { INT64_MAX, DUR_MINUTES };
	int64_t start, t;

	use_zone("UTC");
	start = at("2026-11-19 16:00");
	/* One open minute a week: the walk is bounded, not endless. */
	t = time_add(&minute, start, &d);
	ck_assert(t > start);
	t = time_sub(&minute, start, &d);
	ck_assert(t < start);
	/* Counts beyond 100 years of their unit are 100 years. */
	ck_assert_int_eq(time_add(&cal, start, &huge),
	    start + INT64_C(52596000) * 60);
	ck_assert_int_eq(time_add(&cal, TIME_NONE, &huge), TIME_NONE);
	huge.unit = DUR_BUSINESS_DAYS;
	ck_assert(time_add(&cal, start, &huge) > start);
	huge.count = -3;
	ck_assert_int_eq(time_sub(&cal, start, &huge), start);
}
END_TEST

static const struct {
	const char *zone;
	const char *t;
	int open;
} open_rows[] = {
	{ "UTC", "2026-11-19 08:59:59", 0 },
	{ "UTC", "2026-11-19 09:00", 1 },
	{ "UTC", "2026-11-19 16:59:59", 1 },
	{ "UTC", "2026-11-19 17:00", 0 },
	{ "UTC", "2026-11-21 12:00", 0 },
	{ "UTC", "2026-11-22 12:00", 0 },
	{ "UTC", "2026-12-25 12:00", 0 },
	{ "UTC", "2026-12-24 12:00", 1 },
	{ "Europe/London", "2026-07-01T08:30:00Z", 1 },
	{ "Europe/London", "2026-07-01T07:59:59Z", 0 },
	{ "Europe/London", "2026-07-01T15:59:59Z", 1 },
	{ "Europe/London", "2026-07-01T16:00:00Z", 0 },
	{ "America/New_York", "2026-11-19T14:00:00Z", 1 },
	{ "America/New_York", "2026-11-19T13:59:59Z", 0 },
	{ "America/New_York", "2026-11-19T22:00:00Z", 0 },
};

START_TEST(test_is_open)
{
	int32_t hol[] = { 20812 }; /* 2026-12-25 */
	struct calendar cal = { 0x3e, 9 * 60, 17 * 60, hol, 1 };
	struct calendar empty = { 0, 9 * 60, 17 * 60, NULL, 0 };
	int64_t t;

	use_zone(open_rows[_i].zone);
	t = at(open_rows[_i].t);
	ck_assert_int_eq(calendar_is_open(&cal, t), open_rows[_i].open);
	ck_assert_int_eq(calendar_is_open(&empty, t), 0);
	ck_assert_int_eq(calendar_is_open(NULL, t), 0);
}
END_TEST

/* Parsing. */

static const struct {
	const char *s;
	int64_t t; /* INT64_MIN: rejected */
} rfc3339_rows[] = {
	{ "2026-11-22T09:00:00Z", 1795338000 },
	{ "2026-11-22t09:00:00z", 1795338000 },
	{ "2026-11-22 09:00:00Z", 1795338000 },
	{ "2026-11-22T10:00:00+01:00", 1795338000 },
	{ "2026-11-22T04:00:00-05:00", 1795338000 },
	{ "2026-11-22T14:30:00+05:30", 1795338000 },
	{ "2026-11-22T09:00:00.999999Z", 1795338000 },
	{ "2026-11-22T09:00:00.5+00:00", 1795338000 },
	{ "2026-11-22T09:00:00-00:00", 1795338000 },
	{ "2026-11-22T23:30:00-10:30", 1795428000 },
	{ "1970-01-01T00:00:00Z", 0 },
	{ "1969-12-31T23:59:59Z", -1 },
	{ "2000-02-29T12:34:56Z", 951827696 },
	{ "2026-12-31T23:59:60Z", 1798761600 },
	{ "9999-12-31T23:59:59Z", INT64_C(253402300799) },
	{ "1900-01-01T00:00:00Z", INT64_C(-2208988800) },
	{ "2026-11-22T09:00:00", INT64_MIN },
	{ "2026-11-22T09:00Z", INT64_MIN },
	{ "2026-11-22", INT64_MIN },
	{ "2026-11-22T09:00:00+0100", INT64_MIN },
	{ "2026-11-22T09:00:00+01", INT64_MIN },
	{ "2026-11-22T09:00:00+24:00", INT64_MIN },
	{ "2026-11-22T09:00:00+01:60", INT64_MIN },
	{ "2026-11-22T09:00:00.Z", INT64_MIN },
	{ "2026-11-22T09:00:00ZZ", INT64_MIN },
	{ "2026-11-22T09:00:61Z", INT64_MIN },
	{ "2026-11-22_09:00:00Z", INT64_MIN },
	{ "now", INT64_MIN },
	{ "", INT64_MIN },
};

START_TEST(test_rfc3339)
{
	int64_t t = 7;
	int rc = time_parse_rfc3339(rfc3339_rows[_i].s, &t);

	if (rfc3339_rows[_i].t == INT64_MIN) {
		ck_assert_msg(rc == -1, "'%s' accepted", rfc3339_rows[_i].s);
		ck_assert_int_eq(t, 7);
	} else {
		ck_assert_msg(rc == 0, "'%s' rejected", rfc3339_rows[_i].s);
		ck_assert_int_eq(t, rfc3339_rows[_i].t);
	}
}
END_TEST

/* NOW is 2026-07-01T12:00:00Z, when London is on BST. */
#define JULY_NOON INT64_C(1782907200)

static const struct {
	const char *zone;
	const char *s;
	const char *want;
} parse_rows[] = {
	{ "UTC", "2026-11-22T09:00:00Z", "2026-11-22T09:00:00Z" },
	{ "Europe/London", "2026-11-22T10:00:00+01:00",
	    "2026-11-22T09:00:00Z" },
	{ "UTC", "2026-11-22", "2026-11-22T00:00:00Z" },
	{ "UTC", "2026-11-22T09:30", "2026-11-22T09:30:00Z" },
	{ "UTC", "2026-11-22t09:30", "2026-11-22T09:30:00Z" },
	{ "UTC", "2026-11-22 09:30", "2026-11-22T09:30:00Z" },
	{ "UTC", "2026-11-22 09:30:15", "2026-11-22T09:30:15Z" },
	{ "UTC", "2026-11-22T23:59:59", "2026-11-22T23:59:59Z" },
	{ "UTC", "2028-02-29", "2028-02-29T00:00:00Z" },
	{ "UTC", "now", "2026-07-01T12:00:00Z" },
	{ "UTC", "today", "2026-07-01T00:00:00Z" },
	{ "Europe/London", "2026-11-22", "2026-11-22T00:00:00Z" },
	{ "Europe/London", "2026-07-01", "2026-06-30T23:00:00Z" },
	{ "Europe/London", "2026-07-01 09:00", "2026-07-01T08:00:00Z" },
	{ "Europe/London", "today", "2026-06-30T23:00:00Z" },
	{ "Europe/London", "now", "2026-07-01T12:00:00Z" },
	/* A skipped wall time moves forward; a repeated one is the first. */
	{ "Europe/London", "2026-03-29 01:30", "2026-03-29T01:30:00Z" },
	{ "Europe/London", "2026-03-29 02:00", "2026-03-29T01:00:00Z" },
	{ "Europe/London", "2026-10-25 01:30", "2026-10-25T00:30:00Z" },
	{ "Europe/London", "2026-10-25 02:00", "2026-10-25T02:00:00Z" },
	{ "America/New_York", "2026-11-22 09:30", "2026-11-22T14:30:00Z" },
	{ "America/New_York", "2026-07-01", "2026-07-01T04:00:00Z" },
	{ "America/New_York", "today", "2026-07-01T04:00:00Z" },
	{ "America/New_York", "2026-03-08 02:30", "2026-03-08T07:30:00Z" },
	{ "America/New_York", "2026-11-01 01:30", "2026-11-01T05:30:00Z" },
	{ "America/New_York", "2026-11-01 01:30:00-05:00",
	    "2026-11-01T06:30:00Z" },
};

START_TEST(test_parse)
{
	struct error err = { 0, "" };
	int64_t t, want;

	use_zone(parse_rows[_i].zone);
	ck_assert_int_eq(time_parse_rfc3339(parse_rows[_i].want, &want), 0);
	ck_assert_msg(time_parse(parse_rows[_i].s, JULY_NOON, &t, &err) == 0,
	    "%s: %s", parse_rows[_i].s, err.msg);
	assert_time(t, want, parse_rows[_i].s);
}
END_TEST

static const char *const parse_bad_rows[] = {
	"", "xyz", "Now", "TODAY", "today ", " now", "yesterday",
	"2026-13-01", "2026-00-10", "2026-11-31", "2026-02-29", "1900-02-29",
	"2026-11-22 24:00", "2026-11-22 09:60", "2026-11-22 09:00:61",
	"2026-11-22 9:00", "2026-11-22T09", "2026-11-22T", "2026-11-22 ",
	"2026-11-22x", "2026-11-22 09:00 ", "2026-11-22 09:00Z",
	"2026-11-22T09:00:00+25:00", "2026-11-22T09:00:00+01:00x",
	"2026-1-2", "26-11-22", "+2026-11-22", "2026/11/22", "3d",
	"2026-11-22 09:00\n",
};

START_TEST(test_parse_bad)
{
	struct error err = { 0, "" };
	char want[256];
	int64_t t = 7;

	use_zone("UTC");
	ck_assert_int_eq(time_parse(parse_bad_rows[_i], JULY_NOON, &t, &err),
	    EX_DATAERR);
	ck_assert_int_eq(err.status, EX_DATAERR);
	ck_assert_int_eq(t, 7);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	if (strchr(parse_bad_rows[_i], '\n') == NULL) {
		snprintf(want, sizeof(want), "invalid time '%s' (accepted: "
		    "YYYY-MM-DD, YYYY-MM-DD HH:MM, RFC 3339, now, today)",
		    parse_bad_rows[_i]);
		ck_assert_str_eq(err.msg, want);
	}
}
END_TEST

START_TEST(test_parse_message)
{
	struct error err = { 0, "" };
	int64_t t;

	ck_assert_int_eq(time_parse("xyz", 0, &t, &err), EX_DATAERR);
	ck_assert_str_eq(err.msg, "invalid time 'xyz' (accepted: YYYY-MM-DD, "
	    "YYYY-MM-DD HH:MM, RFC 3339, now, today)");
	ck_assert_int_eq(time_parse("a\tb", 0, &t, &err), EX_DATAERR);
	ck_assert_str_eq(err.msg, "invalid time 'a?b' (accepted: YYYY-MM-DD, "
	    "YYYY-MM-DD HH:MM, RFC 3339, now, today)");
	ck_assert_int_eq(time_parse(NULL, 0, &t, NULL), EX_DATAERR);
	ck_assert_int_eq(time_parse("bad", 0, &t, NULL), EX_DATAERR);
}
END_TEST

/* Years 1900 to 9999 only, in every time input, with their own word. */
START_TEST(test_parse_years)
{
	static const char *const out[] = {
		"0000-01-01", "0001-01-01T00:00:00Z", "1899-12-31 23:59",
	};
	struct error err = { 0, "" };
	int64_t t;
	size_t i;

	use_zone("UTC");
	ck_assert_int_eq(time_parse("1900-01-01", 0, &t, &err), 0);
	ck_assert_int_eq(time_parse("9999-12-31T23:59:59Z", 0, &t, &err), 0);
	for (i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		ck_assert_int_eq(time_parse(out[i], 0, &t, &err), EX_DATAERR);
		ck_assert_msg(strstr(err.msg, "accepted: years 1900 to 9999"),
		    "%s: %s", out[i], err.msg);
		ck_assert_int_eq(time_parse_bound(out[i], 0, NULL, 0, &t,
		    &err), EX_DATAERR);
		ck_assert_int_eq(time_parse_rfc3339(out[i], &t), -1);
	}
	ck_assert_int_eq(time_parse("10000-01-01", 0, &t, &err), EX_DATAERR);
}
END_TEST

/* Bounds, with NOW Sunday 2026-11-22 12:00 (GMT in London). */
#define SUNDAY_NOON INT64_C(1795348800)

static const struct {
	const char *zone;
	const char *s;
	int is_until;
	const char *want; /* NULL: EX_DATAERR */
} bound_rows[] = {
	{ "Europe/London", "2026-11-20", 0, "2026-11-20T00:00:00Z" },
	{ "Europe/London", "2026-11-20", 1, "2026-11-21T00:00:00Z" },
	{ "Europe/London", "today", 0, "2026-11-22T00:00:00Z" },
	{ "Europe/London", "today", 1, "2026-11-23T00:00:00Z" },
	{ "Europe/London", "now", 0, "2026-11-22T12:00:00Z" },
	{ "Europe/London", "now", 1, "2026-11-22T12:00:01Z" },
	{ "Europe/London", "2026-11-20 10:00", 0, "2026-11-20T10:00:00Z" },
	{ "Europe/London", "2026-11-20 10:00", 1, "2026-11-20T10:00:01Z" },
	{ "Europe/London", "2026-11-20T10:00:00+01:00", 1,
	    "2026-11-20T09:00:01Z" },
	{ "Europe/London", "2d", 0, "2026-11-20T12:00:00Z" },
	{ "Europe/London", "2h", 1, "2026-11-22T10:00:01Z" },
	{ "Europe/London", "1bd", 0, "2026-11-20T09:00:00Z" },
	{ "Europe/London", "3bh", 1, "2026-11-20T14:00:01Z" },
	{ "Europe/London", "0m", 0, "2026-11-22T12:00:00Z" },
	{ "Europe/London", "2026-07-01", 1, "2026-07-01T23:00:00Z" },
	{ "Europe/London", "2026-03-28", 1, "2026-03-29T00:00:00Z" },
	{ "Europe/London", "2026-03-29", 1, "2026-03-29T23:00:00Z" },
	{ "Europe/London", "2026-10-25", 0, "2026-10-24T23:00:00Z" },
	{ "Europe/London", "2026-10-25", 1, "2026-10-26T00:00:00Z" },
	{ "America/New_York", "2026-11-20", 1, "2026-11-21T05:00:00Z" },
	{ "America/New_York", "today", 1, "2026-11-23T05:00:00Z" },
	{ "America/New_York", "2026-11-01", 1, "2026-11-02T05:00:00Z" },
	{ "UTC", "2026-12-31", 1, "2027-01-01T00:00:00Z" },
	{ "UTC", "2028-02-28", 1, "2028-02-29T00:00:00Z" },
	{ "UTC", "xyz", 0, NULL },
	{ "UTC", "3x", 1, NULL },
	{ "UTC", "-3d", 1, NULL },
	{ "UTC", "2026-11-31", 1, NULL },
	{ "UTC", "", 0, NULL },
	{ "UTC", "99999999w", 0, NULL },
	{ "UTC", "cob", 0, NULL },
	{ "UTC", "cob+3bd", 1, NULL },
};

START_TEST(test_bound)
{
	int32_t hol[] = { 0 };
	struct calendar cal = { 0x3e, 9 * 60, 17 * 60, hol, 0 };
	struct error err = { 0, "" };
	int64_t t = 7, want;
	int rc;

	use_zone(bound_rows[_i].zone);
	rc = time_parse_bound(bound_rows[_i].s, SUNDAY_NOON, &cal,
	    bound_rows[_i].is_until, &t, &err);
	if (bound_rows[_i].want == NULL) {
		ck_assert_int_eq(rc, EX_DATAERR);
		ck_assert_int_eq(err.status, EX_DATAERR);
		ck_assert_int_eq(t, 7);
		return;
	}
	ck_assert_msg(rc == 0, "%s: %s", bound_rows[_i].s, err.msg);
	ck_assert_int_eq(time_parse_rfc3339(bound_rows[_i].want, &want), 0);
	assert_time(t, want, bound_rows[_i].s);
}
END_TEST

START_TEST(test_bound_messages)
{
	struct error err = { 0, "" };
	int64_t t;

	use_zone("UTC");
	time_parse_bound("xyz", SUNDAY_NOON, NULL, 0, &t, &err);
	ck_assert_str_eq(err.msg, "invalid time 'xyz' (accepted: YYYY-MM-DD, "
	    "YYYY-MM-DD HH:MM, RFC 3339, now, today, or a duration: 30m, 4h, "
	    "2d, 2w, 6bh, 3bd)");
	time_parse_bound("99999999w", SUNDAY_NOON, NULL, 0, &t, &err);
	ck_assert_str_eq(err.msg,
	    "invalid duration '99999999w' (longer than 100 years)");
	ck_assert_int_eq(time_parse_bound(NULL, 0, NULL, 1, &t, NULL),
	    EX_DATAERR);
}
END_TEST

/* The clock. */

START_TEST(test_clock_now)
{
	struct error err = { 0, "" };
	char *saved = getenv("COMPLAINT_NOW");
	int64_t now = 7, before;

	if (saved != NULL)
		saved = strdup(saved);

	ck_assert_int_eq(setenv("COMPLAINT_NOW", "2026-11-22T09:00:00Z", 1), 0);
	ck_assert_int_eq(clock_now(&now, &err), 0);
	ck_assert_int_eq(now, 1795338000);

	ck_assert_int_eq(setenv("COMPLAINT_NOW", "2026-11-22T10:00:00+01:00",
	    1), 0);
	ck_assert_int_eq(clock_now(&now, &err), 0);
	ck_assert_int_eq(now, 1795338000);

	now = 7;
	ck_assert_int_eq(setenv("COMPLAINT_NOW", "yesterday", 1), 0);
	ck_assert_int_eq(clock_now(&now, &err), EX_USAGE);
	ck_assert_int_eq(err.status, EX_USAGE);
	ck_assert_str_eq(err.msg, "invalid COMPLAINT_NOW 'yesterday' "
	    "(expected an RFC 3339 time such as 2026-11-22T09:00:00Z)");
	ck_assert_int_eq(now, 7);

	ck_assert_int_eq(setenv("COMPLAINT_NOW", "2026-11-22 09:00", 1), 0);
	ck_assert_int_eq(clock_now(&now, &err), EX_USAGE);

	/* Empty is the same as unset. */
	ck_assert_int_eq(setenv("COMPLAINT_NOW", "", 1), 0);
	before = (int64_t)time(NULL);
	ck_assert_int_eq(clock_now(&now, &err), 0);
	ck_assert(now >= before && now <= (int64_t)time(NULL));

	ck_assert_int_eq(unsetenv("COMPLAINT_NOW"), 0);
	before = (int64_t)time(NULL);
	ck_assert_int_eq(clock_now(&now, &err), 0);
	ck_assert(now >= before && now <= (int64_t)time(NULL));

	if (saved != NULL) {
		setenv("COMPLAINT_NOW", saved, 1);
		free(saved);
	}
}
END_TEST

/* Time zones. */

static const struct {
	const char *name;
	int valid;
} tz_rows[] = {
	{ "UTC", 1 },
	{ "Europe/London", 1 },
	{ "America/New_York", 1 },
	{ "Etc/GMT+5", 1 },
	{ "Nowhere/City", 0 },
	{ "Europe", 0 },
	{ "Europe/London/", 0 },
	{ "/usr/share/zoneinfo/UTC", 0 },
	{ "../zoneinfo/UTC", 0 },
	{ "Europe/../UTC", 0 },
	{ "Europe/..", 0 },
	{ "..", 0 },
	{ "zone.tab", 0 },
	{ "tzdata.zi", 0 },
	{ "", 0 },
};

START_TEST(test_tz_valid)
{
	ck_assert_msg(tz_valid(tz_rows[_i].name) == tz_rows[_i].valid, "%s",
	    tz_rows[_i].name);
}
END_TEST

START_TEST(test_tz_set)
{
	struct error err = { 0, "" };
	char *saved = getenv("TZDIR");

	if (saved != NULL)
		saved = strdup(saved);
	ck_assert_int_eq(tz_valid(NULL), 0);
	ck_assert_int_eq(tz_set("Mars/Olympus_Mons", &err), EX_CONFIG);
	ck_assert_str_eq(err.msg, "unknown time zone 'Mars/Olympus_Mons'");
	ck_assert_int_eq(tz_set(NULL, &err), EX_CONFIG);

	ck_assert_int_eq(setenv("TZDIR", "/nonexistent", 1), 0);
	ck_assert_int_eq(tz_valid("Europe/London"), 0);
	ck_assert_int_eq(tz_valid("UTC"), 1);
	if (saved != NULL) {
		setenv("TZDIR", saved, 1);
		free(saved);
	} else
		unsetenv("TZDIR");
	ck_assert_int_eq(tz_valid("Europe/London"), 1);

	/* Switching zones takes effect at once. */
	use_zone("America/New_York");
	ck_assert_int_eq(at("2026-11-22 09:00"), 1795338000 + 5 * 3600);
	use_zone("Europe/London");
	ck_assert_int_eq(at("2026-11-22 09:00"), 1795338000);
	use_zone("UTC");
	ck_assert_int_eq(at("2026-11-22 09:00"), 1795338000);
}
END_TEST

/* Formatting and day starts. */

static const struct {
	const char *zone;
	int64_t t;
	const char *utc, *local, *date;
} format_rows[] = {
	{ "UTC", 0, "1970-01-01T00:00:00Z", "1970-01-01 00:00", "1970-01-01" },
	{ "UTC", -1, "1969-12-31T23:59:59Z", "1969-12-31 23:59", "1969-12-31" },
	{ "UTC", 1795338000, "2026-11-22T09:00:00Z", "2026-11-22 09:00",
	    "2026-11-22" },
	{ "UTC", 951827696, "2000-02-29T12:34:56Z", "2000-02-29 12:34",
	    "2000-02-29" },
	{ "UTC", INT64_C(253402300799), "9999-12-31T23:59:59Z",
	    "9999-12-31 23:59", "9999-12-31" },
	{ "Europe/London", 1795338000, "2026-11-22T09:00:00Z",
	    "2026-11-22 09:00", "2026-11-22" },
	{ "Europe/London", JULY_NOON, "2026-07-01T12:00:00Z",
	    "2026-07-01 13:00", "2026-07-01" },
	{ "Europe/London", JULY_NOON - 12 * 3600 - 1800, "2026-06-30T23:30:00Z",
	    "2026-07-01 00:30", "2026-07-01" },
	{ "America/New_York", 1795338000, "2026-11-22T09:00:00Z",
	    "2026-11-22 04:00", "2026-11-22" },
	{ "America/New_York", 1795338000 - 10 * 3600, "2026-11-21T23:00:00Z",
	    "2026-11-21 18:00", "2026-11-21" },
	{ "UTC", TIME_NONE, "", "", "" },
};

START_TEST(test_format)
{
	char buf[TIME_STRLEN];

	use_zone(format_rows[_i].zone);
	time_format_utc(format_rows[_i].t, buf, sizeof(buf));
	ck_assert_str_eq(buf, format_rows[_i].utc);
	time_format_local(format_rows[_i].t, buf, sizeof(buf));
	ck_assert_str_eq(buf, format_rows[_i].local);
	time_format_local_date(format_rows[_i].t, buf, sizeof(buf));
	ck_assert_str_eq(buf, format_rows[_i].date);
}
END_TEST

START_TEST(test_format_short)
{
	char buf[8];

	use_zone("UTC");
	time_format_utc(1795338000, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-11");
	time_format_local(1795338000, buf, 5);
	ck_assert_str_eq(buf, "2026");
	memset(buf, 'x', sizeof(buf));
	time_format_local_date(1795338000, buf, 0);
	ck_assert_int_eq(buf[0], 'x');
}
END_TEST

/* The cached formatter writes what time_format_utc() writes, for times
 * that hit and miss its table, either side of the epoch and of the
 * four-digit years, and at the ends of int64_t. */
START_TEST(test_format_cached)
{
	static const int64_t edges[] = {
		TIME_NONE, TIME_NONE + 1, INT64_MAX, -1, 0, 1, 86399, 86400,
		-86400, -86401, INT64_C(-62167219200), INT64_C(-62167219201),
		INT64_C(253402300799), INT64_C(253402300800),
		INT64_C(400000000000), INT64_C(400000000001),
		INT64_C(-400000000000), INT64_C(-400000000001),
	};
	struct time_cache c;
	char want[TIME_STRLEN], got[TIME_STRLEN];
	int64_t t;
	size_t i, n;
	int pass;

	memset(&c, 0, sizeof(c));
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
			time_format_utc(edges[i], want, sizeof(want));
			n = time_format_utc_cached(&c, edges[i], got);
			ck_assert_str_eq(got, want);
			ck_assert_uint_eq(n, strlen(want));
		}
		/* Days that share a slot of the table, and seconds that
		 * walk through every hour, minute and second. */
		for (t = -40 * 86400 - 7; t < 200 * 86400; t += 86400 / 3 + 7) {
			time_format_utc(t, want, sizeof(want));
			n = time_format_utc_cached(&c, t, got);
			ck_assert_str_eq(got, want);
			ck_assert_uint_eq(n, strlen(want));
		}
		for (t = 1795338000; t < 1795338000 + 86400; t += 61) {
			time_format_utc(t, want, sizeof(want));
			time_format_utc_cached(&c, t, got);
			ck_assert_str_eq(got, want);
		}
	}
}
END_TEST

static const struct {
	const char *zone;
	const char *t;
	const char *want;
} day_start_rows[] = {
	{ "UTC", "2026-11-22T09:00:00Z", "2026-11-22T00:00:00Z" },
	{ "UTC", "2026-11-22T00:00:00Z", "2026-11-22T00:00:00Z" },
	{ "UTC", "2026-11-21T23:59:59Z", "2026-11-21T00:00:00Z" },
	{ "Europe/London", "2026-03-29T12:00:00Z", "2026-03-29T00:00:00Z" },
	{ "Europe/London", "2026-03-30T12:00:00Z", "2026-03-29T23:00:00Z" },
	{ "Europe/London", "2026-10-25T12:00:00Z", "2026-10-24T23:00:00Z" },
	{ "Europe/London", "2026-10-25T23:59:59Z", "2026-10-24T23:00:00Z" },
	{ "Europe/London", "2026-10-26T00:00:00Z", "2026-10-26T00:00:00Z" },
	{ "America/New_York", "2026-03-08T12:00:00Z", "2026-03-08T05:00:00Z" },
	{ "America/New_York", "2026-11-01T12:00:00Z", "2026-11-01T04:00:00Z" },
	/* Chile skips midnight: the day starts at 01:00. */
	{ "America/Santiago", "2026-09-06T15:00:00Z", "2026-09-06T04:00:00Z" },
	{ "America/Santiago", "2026-04-05T15:00:00Z", "2026-04-05T04:00:00Z" },
	{ "America/Santiago", "2026-04-05T03:30:00Z", "2026-04-04T03:00:00Z" },
};

START_TEST(test_day_start)
{
	int64_t t, want;

	use_zone(day_start_rows[_i].zone);
	ck_assert_int_eq(time_parse_rfc3339(day_start_rows[_i].t, &t), 0);
	ck_assert_int_eq(time_parse_rfc3339(day_start_rows[_i].want, &want), 0);
	assert_time(local_day_start(t), want, day_start_rows[_i].t);
}
END_TEST

/* time_local_day() is the local date, on either side of a DST change,
 * and refuses a time beyond those handled. */
START_TEST(test_local_day)
{
	int32_t day = 0;

	use_zone("Europe/London");
	ck_assert_int_eq(time_local_day(at("2026-06-30T23:30:00Z"), &day), 0);
	ck_assert_int_eq(day, civil_to_days(2026, 7, 1));
	ck_assert_int_eq(time_local_day(at("2026-10-25T23:30:00Z"), &day), 0);
	ck_assert_int_eq(day, civil_to_days(2026, 10, 25));
	ck_assert_int_eq(time_local_day(at("2026-10-25T00:30:00Z"), &day), 0);
	ck_assert_int_eq(day, civil_to_days(2026, 10, 25));
	use_zone("America/New_York");
	ck_assert_int_eq(time_local_day(at("2026-03-08T04:59:59Z"), &day), 0);
	ck_assert_int_eq(day, civil_to_days(2026, 3, 7));
	ck_assert_int_eq(time_local_day(INT64_MAX, &day), -1);
}
END_TEST

/* time_local_midnight() agrees with time_parse() of the same date, also
 * across a DST change, and carries a day or month past the end. */
START_TEST(test_local_midnight)
{
	use_zone("Europe/London");
	assert_time(time_local_midnight(2026, 3, 29), at("2026-03-29"),
	    "2026-03-29");
	assert_time(time_local_midnight(2026, 10, 25), at("2026-10-25"),
	    "2026-10-25");
	assert_time(time_local_midnight(2026, 7, 1), at("2026-07-01"),
	    "2026-07-01");
	assert_time(time_local_midnight(2026, 13, 1), at("2027-01-01"),
	    "month 13");
	assert_time(time_local_midnight(2026, 3, 0), at("2026-02-28"),
	    "day 0");
	assert_time(time_local_midnight(2026, 11, 33), at("2026-12-03"),
	    "day 33");
	use_zone("America/Sao_Paulo");
	assert_time(time_local_midnight(2018, 11, 4), at("2018-11-04"),
	    "midnight skipped");
}
END_TEST

#define LOOP(tc, fn, rows) tcase_add_loop_test(tc, fn, 0, (int)NELEM(rows))

Suite *
timeutil_suite(void)
{
	Suite *s = suite_create("timeutil");
	TCase *tc;

	tc = tcase_create("civil");
	LOOP(tc, test_civil_rows, civil_rows);
	tcase_add_test(tc, test_civil_walk);
	LOOP(tc, test_parse_date, date_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("duration");
	LOOP(tc, test_duration_ok, duration_ok_rows);
	LOOP(tc, test_duration_bad, duration_bad_rows);
	tcase_add_test(tc, test_duration_messages);
	suite_add_tcase(s, tc);

	tc = tcase_create("move");
	LOOP(tc, test_move, move_rows);
	LOOP(tc, test_move_brute, brute_zones);
	LOOP(tc, test_move_always, brute_zones);
	tcase_add_test(tc, test_move_limits);
	LOOP(tc, test_is_open, open_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	LOOP(tc, test_rfc3339, rfc3339_rows);
	LOOP(tc, test_parse, parse_rows);
	LOOP(tc, test_parse_bad, parse_bad_rows);
	tcase_add_test(tc, test_parse_message);
	tcase_add_test(tc, test_parse_years);
	LOOP(tc, test_bound, bound_rows);
	tcase_add_test(tc, test_bound_messages);
	suite_add_tcase(s, tc);

	tc = tcase_create("clock");
	tcase_add_test(tc, test_clock_now);
	LOOP(tc, test_tz_valid, tz_rows);
	tcase_add_test(tc, test_tz_set);
	LOOP(tc, test_format, format_rows);
	tcase_add_test(tc, test_format_short);
	tcase_add_test(tc, test_format_cached);
	LOOP(tc, test_day_start, day_start_rows);
	tcase_add_test(tc, test_local_midnight);
	tcase_add_test(tc, test_local_day);
	suite_add_tcase(s, tc);

	return s;
}
