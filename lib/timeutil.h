/*
 * Time: the clock, the configured time zone, the business calendar, and
 * the time and duration forms of SPEC 3. Times are int64_t seconds since
 * the Unix epoch, UTC; TIME_NONE means "not set".
 *
 * Local time is the process's time zone, chosen once with tz_set(); the
 * functions below that speak of local time use it. Everything else is a
 * pure function of its arguments.
 *
 * Wall times that do not exist (clocks going forward) move forward by the
 * length of the gap; wall times that happen twice (clocks going back) are
 * the earlier instant. This holds for parsing, day starts, opening and
 * closing times, and calendar days.
 */
#ifndef COMPLAINT_TIMEUTIL_H
#define COMPLAINT_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define TIME_NONE INT64_MIN

/* Buffer size that holds any formatted time below. */
#define TIME_STRLEN 40

/* The business calendar of the configuration (calendar: key). */
struct calendar {
	unsigned days;     /* bit n set = open on tm_wday n (0 = Sunday) */
	int opens;         /* minutes after local midnight, 0..1439 */
	int closes;        /* minutes after local midnight, > opens, <= 1440 */
	int32_t *holidays; /* sorted ascending, as civil day numbers */
	size_t nholidays;
};

enum duration_unit {
	DUR_MINUTES,        /* m: calendar time */
	DUR_HOURS,          /* h */
	DUR_DAYS,           /* d */
	DUR_WEEKS,          /* w */
	DUR_BUSINESS_HOURS, /* bh: only while the calendar is open */
	DUR_BUSINESS_DAYS,  /* bd: one day's opening hours each */
	DUR_COB,            /* cob, cob+Nbd: close of business, COUNT business
			     * days after the day of the start */
};

struct duration {
	int64_t count; /* >= 0 */
	enum duration_unit unit;
};

/*
 * "Now": COMPLAINT_NOW (any RFC 3339 time) when set and not empty, else
 * the system clock. A malformed COMPLAINT_NOW is EX_USAGE.
 */
int clock_now(int64_t *now, struct error *err);

/* Use the IANA zone NAME as local time ("UTC" allowed): sets TZ and calls
 * tzset(). An unknown name is EX_CONFIG. */
int tz_set(const char *name, struct error *err);
/* Whether NAME is a known IANA zone: "UTC", or a relative name without
 * ".." naming a TZif file under $TZDIR (default /usr/share/zoneinfo). */
int tz_valid(const char *name);

/* Civil day number (days since 1970-01-01) of a proleptic Gregorian date,
 * and back. Pure. */
int32_t civil_to_days(int y, int m, int d);
void days_to_civil(int32_t days, int *y, int *m, int *d);
/* Day of the week of a civil day number, as tm_wday (0 = Sunday). */
int civil_weekday(int32_t days);

/* Parse "YYYY-MM-DD" (a real date, nothing around it) into a civil day
 * number: 0, or -1 on malformed input. */
int parse_date(const char *s, int32_t *days);

/* Parse "30m" "4h" "2d" "2w" "6bh" "3bd": digits and a lowercase unit,
 * nothing else; or "cob" and "cob+3bd" (close of business, see
 * time_add()). Counts run from 0 to 100 years of the unit. EX_DATAERR
 * with the accepted forms in the message. */
int duration_parse(const char *s, struct duration *d, struct error *err);
/* Format back to its canonical text ("3bd", "cob", "cob+3bd"); buf of at
 * least 32. */
void duration_format(const struct duration *d, char *buf, size_t len);

/*
 * START plus D. Minutes and hours are elapsed time; days and weeks keep
 * the local time of day across DST changes. Business units run only while
 * CAL is open, a start outside opening hours counting from the next
 * opening, and an end exactly at closing staying there: business hours
 * are elapsed open time, business days are whole days' opening hours on
 * the wall clock (so N bd from within opening hours is the same local
 * time N open days later). A count of 0 returns START unchanged, as does
 * any business duration with a NULL CAL or one that is never open (no
 * days, or opens >= closes). Counts above 100 years of their unit count
 * as 100 years.
 *
 * Close of business (DUR_COB) is a time of day, not a length: "cob" is
 * the closing time of START's local day when that day is open and START
 * is before closing, else of the next open day (the frontline's same-day
 * call-back); "cob+Nbd" is the closing time of the Nth open day after
 * START's calendar day, whatever the hour of START (the FCA's DISP 1.5
 * "close of business on the third business day following the day on
 * which it is received"). Its count 0 does not return START.
 */
int64_t time_add(const struct calendar *cal, int64_t start,
    const struct duration *d);
/* START minus D: the mirror image of time_add() (for "--since 3bd"): a
 * start outside opening hours counts from the previous closing, and an
 * end exactly at opening stays there. A close of business is no length:
 * START is returned unchanged (time_parse_bound() refuses it). */
int64_t time_sub(const struct calendar *cal, int64_t start,
    const struct duration *d);

/* Whether CAL is open at T (a working day, not a holiday, opens <= local
 * time < closes). Never for a NULL or never-open CAL. */
int calendar_is_open(const struct calendar *cal, int64_t t);

/* RFC 3339 only ("2026-11-22T09:00:00Z", "...+01:00", fraction ignored).
 * Returns 0 or -1. */
int time_parse_rfc3339(const char *s, int64_t *t);

/*
 * Any time form of SPEC 3: RFC 3339, "YYYY-MM-DD", "YYYY-MM-DDTHH:MM",
 * "YYYY-MM-DD HH:MM" (optionally ":SS"; local time), "now", "today"
 * (local midnight of NOW). 'T' may be 't' or ' ' throughout; a fraction
 * after seconds is ignored. EX_DATAERR with the accepted forms in the
 * message.
 */
int time_parse(const char *s, int64_t now, int64_t *t, struct error *err);

/*
 * A bound of a period (--since, --until): any form of time_parse(), or a
 * duration meaning that long before NOW (time_sub() on CAL). The result
 * is half-open: for --since (is_until 0) the first second included; for
 * --until (is_until 1) the first second excluded, so a date alone (also
 * "today") gives the next local midnight and any other point one second
 * after it.
 */
int time_parse_bound(const char *s, int64_t now, const struct calendar *cal,
    int is_until, int64_t *t, struct error *err);

/* The formats below write "" for TIME_NONE, and for times more than
 * 4e11 seconds from the epoch (about 12,700 years). */

/* "2026-11-22T09:00:00Z". */
void time_format_utc(int64_t t, char *buf, size_t len);
/*
 * time_format_utc() for a long run of times (export writes millions):
 * the date part of each day is worked out once and kept in a small
 * table. Zero the cache before its first use. Writes the same text into
 * BUF (TIME_STRLEN bytes) and returns its length.
 */
#define TIME_CACHE_DAYS 64
struct time_cache {
	struct {
		int64_t day;   /* days since the epoch */
		char date[11]; /* "2026-11-22T" */
		char used;
	} v[TIME_CACHE_DAYS];
};
size_t time_format_utc_cached(struct time_cache *c, int64_t t, char *buf);
/* Local time "2026-11-22 09:00" (the table format). */
void time_format_local(int64_t t, char *buf, size_t len);
/* Local date "2026-11-22". */
void time_format_local_date(int64_t t, char *buf, size_t len);
/* Local time "2026-07-02 17:30", with ":SS" when the seconds are not
 * zero, as a spreadsheet reads a date and time; BUF is empty when the
 * local time does not name T alone (the repeated hour when clocks go
 * back), as time_parse() would read it back as another instant. */
void time_format_local_exact(int64_t t, char *buf, size_t len);
/* Local time with its zone, "2026-07-02 17:30 BST", for messages that
 * people read (warnings, errors); machine formats stay UTC. */
void time_format_human(int64_t t, char *buf, size_t len);

/* The first instant of the local day that contains T (local midnight,
 * or later when midnight is skipped by a DST change). */
int64_t local_day_start(int64_t t);
/* The local civil day (days since 1970-01-01, as civil_to_days()) that
 * contains T into *DAY: 0, or -1 when T is beyond the times handled. */
int time_local_day(int64_t t, int32_t *day);
/* The first instant of local civil date Y-M-D (M from 1; 13 is January
 * of Y + 1), the way time_parse() reads "YYYY-MM-DD". */
int64_t time_local_midnight(int y, int m, int d);

#endif
