/*
 * Time for complaint: civil day arithmetic, the time zone, the time and
 * duration forms of SPEC 3, and business-calendar arithmetic. Local time
 * is converted with localtime_r() only, so tzset() runs once per tz_set().
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "timeutil.h"

#define DAY_SECS 86400

/*
 * Local-time arithmetic only handles times within this many seconds of
 * the epoch (about the year 14600); beyond it results are START unchanged.
 * It keeps every intermediate value far from overflow.
 */
#define TIME_LIMIT INT64_C(400000000000)

#define TIME_FORMS "YYYY-MM-DD, YYYY-MM-DD HH:MM, RFC 3339, now, today"
#define PERIOD_DURATION_FORMS "30m, 4h, 2d, 2w, 6bh, 3bd"
#define DURATION_FORMS PERIOD_DURATION_FORMS ", cob, cob+3bd"

/* The largest count of each unit: 100 years of it (36525 days). */
static const int64_t duration_cap[] = {
	[DUR_MINUTES] = INT64_C(36525) * 1440,
	[DUR_HOURS] = INT64_C(36525) * 24,
	[DUR_DAYS] = 36525,
	[DUR_WEEKS] = 36525 / 7,
	[DUR_BUSINESS_HOURS] = INT64_C(36525) * 24,
	[DUR_BUSINESS_DAYS] = 36525,
	[DUR_COB] = 36525,
};

static const char *const duration_suffix[] = {
	[DUR_MINUTES] = "m",
	[DUR_HOURS] = "h",
	[DUR_DAYS] = "d",
	[DUR_WEEKS] = "w",
	[DUR_BUSINESS_HOURS] = "bh",
	[DUR_BUSINESS_DAYS] = "bd",
};

/* The units written as a count and a suffix: all but DUR_COB. */
#define NUNITS (sizeof(duration_suffix) / sizeof(duration_suffix[0]))

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * Copy S into BUF for an error message: at most 64 bytes, control bytes
 * shown as '?', so the message stays one printable line.
 */
static const char *
quoted(const char *s, char *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; s[i] != '\0' && n + 4 < len && i < 64; i++)
		buf[n++] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ?
		    '?' : s[i];
	if (s[i] != '\0' && n + 4 <= len) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/* Civil days: Howard Hinnant's era arithmetic (400-year cycles). */

int32_t
civil_to_days(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;             /* 0..399 */
	int64_t mp = (m + 9) % 12;                /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1; /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

void
days_to_civil(int32_t days, int *y, int *m, int *d)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;           /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;         /* March = 0 */
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

int
civil_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday. */
	return (int)(((int64_t)days % 7 + 11) % 7);
}

static int
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap_year(y) ? 29 : len[m - 1];
}

/* Exactly N ASCII digits at *P; advances *P. */
static int
scan_digits(const char **p, int n, int *out)
{
	int v = 0;

	for (; n > 0; n--, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return 0;
}

/* "YYYY-MM-DD" at *P, range-checked; advances *P past it. -2 for a
 * year before 1900 (a year 0 is a typing slip, and no complaint is
 * older than the telephone), -1 for anything else amiss. */
static int
scan_date(const char **p, int32_t *days)
{
	int y, m, d;

	if (scan_digits(p, 4, &y) == -1 || *(*p)++ != '-' ||
	    scan_digits(p, 2, &m) == -1 || *(*p)++ != '-' ||
	    scan_digits(p, 2, &d) == -1)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	if (y < 1900)
		return -2;
	*days = civil_to_days(y, m, d);
	return 0;
}

int
parse_date(const char *s, int32_t *days)
{
	int32_t v;

	if (s == NULL || scan_date(&s, &v) != 0 || *s != '\0')
		return -1;
	*days = v;
	return 0;
}

/* Time zones. */

int
tz_valid(const char *name)
{
	char path[PATH_MAX], magic[4];
	const char *dir, *p;
	struct stat st;
	int fd, n;

	if (name == NULL || *name == '\0' || *name == '/')
		return 0;
	if (strcmp(name, "UTC") == 0)
		return 1;
	for (p = name; *p != '\0'; p++) {
		if (*p == '.' && p[1] == '.' && (p == name || p[-1] == '/') &&
		    (p[2] == '/' || p[2] == '\0'))
			return 0;
	}
	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	/* zone.tab, tzdata.zi and friends live there too: want a TZif file. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = (int)read(fd, magic, sizeof(magic));
	close(fd);
	return n == 4 && memcmp(magic, "TZif", 4) == 0;
}

static void offset_cache_clear(void);

int
tz_set(const char *name, struct error *err)
{
	char q[80];

	if (!tz_valid(name))
		return error_set(err, EX_CONFIG, "unknown time zone '%s'",
		    quoted(name == NULL ? "" : name, q, sizeof(q)));
	if (setenv("TZ", name, 1) == -1)
		return error_set(err, EX_OSERR, "cannot set time zone '%s': %s",
		    quoted(name, q, sizeof(q)), strerror(errno));
	tzset();
	offset_cache_clear();
	return 0;
}

/* Durations. */

/* What follows "cob": nothing, or "+Nbd". As scan_duration(). */
static int
scan_cob(const char *p, struct duration *d)
{
	int64_t n = 0;

	if (*p == '\0') {
		*d = (struct duration){ 0, DUR_COB };
		return 0;
	}
	if (*p++ != '+' || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (*p - '0');
		if (n > duration_cap[DUR_COB]) {
			while (*p >= '0' && *p <= '9')
				p++;
			return strcmp(p, "bd") == 0 ? -2 : -1;
		}
	}
	if (strcmp(p, "bd") != 0)
		return -1;
	*d = (struct duration){ n, DUR_COB };
	return 0;
}

/* 0, or -1 for a malformed duration, -2 for one longer than 100 years. */
static int
scan_duration(const char *s, struct duration *d)
{
	const char *p = s;
	int64_t n = 0;
	int big = 0;
	size_t u;

	if (strncmp(p, "cob", 3) == 0)
		return scan_cob(p + 3, d);
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > INT64_C(1000000000000))
			big = 1;
		else
			n = n * 10 + (*p - '0');
	}
	for (u = 0; u < NUNITS; u++) {
		if (strcmp(p, duration_suffix[u]) == 0)
			break;
	}
	if (u == NUNITS)
		return -1;
	if (big || n > duration_cap[u])
		return -2;
	d->count = n;
	d->unit = (enum duration_unit)u;
	return 0;
}

int
duration_parse(const char *s, struct duration *d, struct error *err)
{
	char q[80];

	if (s == NULL)
		s = "";
	switch (scan_duration(s, d)) {
	case 0:
		return 0;
	case -2:
		return error_set(err, EX_DATAERR,
		    "invalid duration '%s' (longer than 100 years)",
		    quoted(s, q, sizeof(q)));
	default:
		return error_set(err, EX_DATAERR,
		    "invalid duration '%s' (accepted: " DURATION_FORMS ")",
		    quoted(s, q, sizeof(q)));
	}
}

void
duration_format(const struct duration *d, char *buf, size_t len)
{
	const char *suffix = "?";

	if (d->unit == DUR_COB) {
		if (d->count == 0)
			snprintf(buf, len, "cob");
		else
			snprintf(buf, len, "cob+%" PRId64 "bd", d->count);
		return;
	}
	if ((size_t)d->unit < NUNITS)
		suffix = duration_suffix[d->unit];
	snprintf(buf, len, "%" PRId64 "%s", d->count, suffix);
}

/* Local time. */

/*
 * The zone's offset, kept by the hour. localtime_r() looks the zone's
 * transitions up and fills a struct tm on every call, and a report over a
 * million complaints asks for several local days per complaint (bands,
 * business days). An hour whose first and last second have the same
 * offset keeps it throughout (no zone changes twice in an hour), so it is
 * remembered in a small table indexed by the hour; an hour with a change
 * in it, or a zone whose clock is not the offset's (leap seconds), is
 * never remembered. tz_set() empties the table.
 */
#define OFFSET_CACHE 4096
static struct {
	int64_t hour;
	long off;
	int used;
} offset_cache[OFFSET_CACHE];

static void
offset_cache_clear(void)
{
	memset(offset_cache, 0, sizeof(offset_cache));
}

/* The local day and second of T by localtime_r(), and its offset. */
static int
local_of(int64_t t, int32_t *day, int *secs, long *off)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL)
		return -1;
	*day = civil_to_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	*secs = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	*off = tm.tm_gmtoff;
	return 0;
}

/* Seconds east of UTC in force at T (|T| within TIME_LIMIT). */
static int
offset_at(int64_t t, long *off)
{
	int64_t hour = floor_div(t, 3600), l;
	size_t slot = (size_t)((uint64_t)hour % OFFSET_CACHE);
	int32_t day, d2;
	int secs, s2;
	long a, b;

	if (offset_cache[slot].used && offset_cache[slot].hour == hour) {
		*off = offset_cache[slot].off;
		return 0;
	}
	if (local_of(t, &day, &secs, off) != 0)
		return -1;
	l = t + *off;
	if (local_of(hour * 3600, &d2, &s2, &a) == 0 &&
	    local_of(hour * 3600 + 3599, &d2, &s2, &b) == 0 &&
	    a == *off && b == *off && floor_div(l, DAY_SECS) == day &&
	    l - floor_div(l, DAY_SECS) * DAY_SECS == secs) {
		offset_cache[slot].hour = hour;
		offset_cache[slot].off = *off;
		offset_cache[slot].used = 1;
	}
	return 0;
}

/* T as a local civil day and seconds since local midnight. */
static int
utc_to_local(int64_t t, int32_t *day, int *secs)
{
	int64_t l;
	long off;

	if (t < -TIME_LIMIT || t > TIME_LIMIT || offset_at(t, &off) != 0)
		return -1;
	l = t + off;
	*day = (int32_t)floor_div(l, DAY_SECS);
	*secs = (int)(l - (int64_t)*day * DAY_SECS);
	return 0;
}

/* Seconds east of UTC in force at T. */
static long
utc_offset(int64_t t)
{
	long off;

	if (t < -TIME_LIMIT || t > TIME_LIMIT || offset_at(t, &off) != 0)
		return 0;
	return off;
}

/*
 * The instant whose local wall clock reads SECS seconds after midnight of
 * civil DAY (SECS may pass 86400). A wall time that happens twice (clocks
 * going back) is the earlier instant; one that never happens (clocks going
 * forward) moves forward by the length of the gap, as glibc's mktime()
 * does. Offsets are sampled a day either side, which assumes no two
 * transitions within two days of each other.
 */
static int64_t
local_to_utc(int64_t day, int64_t secs)
{
	int64_t w = day * DAY_SECS + secs;
	long before = utc_offset(w - DAY_SECS);
	long after = utc_offset(w + DAY_SECS);

	if (before == after)
		return w - before;
	/* Of two valid readings, w - before is the earlier. */
	if (utc_offset(w - before) == before)
		return w - before;
	if (utc_offset(w - after) == after)
		return w - after;
	/* In the gap: read the wall clock with the offset before it. */
	return w - before;
}

int64_t
time_local_midnight(int y, int m, int d)
{
	/* Month 13 is January of the next year (the end of a December). */
	if (m > 12) {
		y += (m - 1) / 12;
		m = (m - 1) % 12 + 1;
	}
	return local_to_utc(civil_to_days(y, m, d), 0);
}

int64_t
local_day_start(int64_t t)
{
	int32_t day;
	int secs;

	if (utc_to_local(t, &day, &secs) == -1)
		return t;
	return local_to_utc(day, 0);
}

int
time_local_day(int64_t t, int32_t *day)
{
	int secs;

	return utc_to_local(t, day, &secs);
}

/* The business calendar. */

/* Whether CAL can ever be open; business time on any other adds nothing. */
static int
calendar_usable(const struct calendar *cal)
{
	return cal != NULL && (cal->days & 0x7f) != 0 && cal->opens >= 0 &&
	    cal->closes <= 1440 && cal->opens < cal->closes;
}

static int
is_holiday(const struct calendar *cal, int32_t day)
{
	size_t lo = 0, hi = cal->nholidays, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->holidays[mid] == day)
			return 1;
		if (cal->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int
open_day(const struct calendar *cal, int32_t day)
{
	return (cal->days & (1u << civil_weekday(day))) != 0 &&
	    !is_holiday(cal, day);
}

int
calendar_is_open(const struct calendar *cal, int64_t t)
{
	int32_t day;
	int secs;

	if (!calendar_usable(cal) || utc_to_local(t, &day, &secs) == -1)
		return 0;
	return open_day(cal, day) && secs >= cal->opens * 60 &&
	    secs < cal->closes * 60;
}

/*
 * The longest walk over days: some 2700 years, reached only by absurd
 * calendars (one open minute a week); the walk then stops where it is.
 */
#define WALK_DAYS 1000000

/* The next open day after DAY in direction DIR, within the walk bound. */
static int64_t
next_open_day(const struct calendar *cal, int64_t day, int dir, int64_t *n)
{
	do {
		day += dir;
		(*n)++;
	} while (!open_day(cal, (int32_t)day) && *n < WALK_DAYS);
	return day;
}

/*
 * Business days: move REMAIN seconds of opening hours from local (DAY,
 * SECS) on the wall clock, so N business days from inside opening hours
 * land on the same local time N open days away, whatever DST does in
 * between. Going forwards a day is open on [opens, closes), backwards on
 * (opens, closes]: a start at closing (forwards) or opening (backwards)
 * counts from the next open day, while an end on a boundary stays there.
 */
static int64_t
walk_wall(const struct calendar *cal, int32_t day, int64_t secs,
    int64_t remain, int dir)
{
	int64_t opens = cal->opens * 60, closes = cal->closes * 60;
	int64_t d = day, n = 0, avail;

	/* Clamp the start into its day's opening hours, or skip the day. */
	if (!open_day(cal, day) || (dir > 0 ? secs >= closes : secs <= opens))
		secs = -1;
	else if (dir > 0 && secs < opens)
		secs = opens;
	else if (dir < 0 && secs > closes)
		secs = closes;
	for (;;) {
		if (secs != -1) {
			avail = dir > 0 ? closes - secs : secs - opens;
			if (remain <= avail || n >= WALK_DAYS)
				return local_to_utc(d, secs + dir *
				    (remain <= avail ? remain : avail));
			remain -= avail;
		}
		d = next_open_day(cal, d, dir, &n);
		secs = dir > 0 ? opens : closes;
	}
}

/*
 * Business hours: move REMAIN elapsed seconds from T, counting only the
 * instants between a day's opening and closing, so that on a calendar
 * open round the clock 4bh is exactly 4h even across a DST change. The
 * boundary rules are those of walk_wall().
 */
static int64_t
walk_elapsed(const struct calendar *cal, int64_t t, int32_t day,
    int64_t remain, int dir)
{
	int64_t d = day, n = 0, o, c, avail;

	if (!open_day(cal, day))
		d = next_open_day(cal, d, dir, &n);
	for (;;) {
		o = local_to_utc(d, cal->opens * 60);
		c = local_to_utc(d, cal->closes * 60);
		if (c < o)      /* opening inside a skipped hour */
			c = o;
		if (dir > 0) {
			if (t < o)
				t = o;
			avail = t < c ? c - t : 0;
		} else {
			if (t > c)
				t = c;
			avail = t > o ? t - o : 0;
		}
		if (remain <= avail || n >= WALK_DAYS)
			return t + dir * (remain <= avail ? remain : avail);
		remain -= avail;
		t += dir * avail;
		d = next_open_day(cal, d, dir, &n);
	}
}

/* The close of business COUNT open days after START's day (time_add()). */
static int64_t
close_of_business(const struct calendar *cal, int64_t start, int64_t count)
{
	int64_t d, n = 0;
	int32_t day;
	int secs;

	if (!calendar_usable(cal) || start < -TIME_LIMIT || start > TIME_LIMIT ||
	    utc_to_local(start, &day, &secs) == -1)
		return start;
	if (count > duration_cap[DUR_COB])
		count = duration_cap[DUR_COB];
	d = day;
	if (count == 0) {
		/* The same day while it is open and not yet closed. */
		if (!open_day(cal, day) || secs >= cal->closes * 60)
			d = next_open_day(cal, d, 1, &n);
	} else {
		while (count-- > 0 && n < WALK_DAYS)
			d = next_open_day(cal, d, 1, &n);
	}
	return local_to_utc(d, cal->closes * 60);
}

/* START moved by D, forwards (DIR 1) or backwards (DIR -1). */
static int64_t
time_move(const struct calendar *cal, int64_t start, const struct duration *d,
    int dir)
{
	int64_t count = d->count;
	int32_t day;
	int secs;

	if (d->unit == DUR_COB)
		return dir > 0 ? close_of_business(cal, start, count) : start;
	if (count <= 0 || start < -TIME_LIMIT || start > TIME_LIMIT ||
	    (size_t)d->unit >= NUNITS)
		return start;
	if (count > duration_cap[d->unit])
		count = duration_cap[d->unit];

	switch (d->unit) {
	case DUR_MINUTES:
		return start + dir * count * 60;
	case DUR_HOURS:
		return start + dir * count * 3600;
	default:
		break;
	}
	if (utc_to_local(start, &day, &secs) == -1)
		return start;
	switch (d->unit) {
	case DUR_WEEKS:
		count *= 7;
		/* FALLTHROUGH */
	case DUR_DAYS:
		return local_to_utc((int64_t)day + dir * count, secs);
	case DUR_BUSINESS_HOURS:
		if (!calendar_usable(cal))
			return start;
		return walk_elapsed(cal, start, day, count * 3600, dir);
	case DUR_BUSINESS_DAYS:
		if (!calendar_usable(cal))
			return start;
		return walk_wall(cal, day, secs,
		    count * (cal->closes - cal->opens) * 60, dir);
	default:
		return start;
	}
}

int64_t
time_add(const struct calendar *cal, int64_t start, const struct duration *d)
{
	return time_move(cal, start, d, 1);
}

int64_t
time_sub(const struct calendar *cal, int64_t start, const struct duration *d)
{
	return time_move(cal, start, d, -1);
}

/* Parsing. */

struct when {
	int32_t day;
	int secs;
	int has_time;
	int has_zone;
	long offset;  /* seconds east of UTC, with has_zone */
};

/*
 * "YYYY-MM-DD", optionally followed by 'T', 't' or ' ' and "HH:MM",
 * optionally ":SS" with an ignored fraction and then a zone ('Z' or
 * "+HH:MM"). The whole of S must match.
 */
static int
scan_when(const char *s, struct when *w)
{
	const char *p = s;
	int h, m, sec = 0, oh, om, sign, rc;

	memset(w, 0, sizeof(*w));
	if ((rc = scan_date(&p, &w->day)) != 0)
		return rc;
	if (*p == '\0')
		return 0;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (scan_digits(&p, 2, &h) == -1 || *p++ != ':' ||
	    scan_digits(&p, 2, &m) == -1 || h > 23 || m > 59)
		return -1;
	w->has_time = 1;
	if (*p == ':') {
		p++;
		if (scan_digits(&p, 2, &sec) == -1 || sec > 60)
			return -1;
		if (*p == '.') {
			if (p[1] < '0' || p[1] > '9')
				return -1;
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		}
		if (*p == 'Z' || *p == 'z') {
			w->has_zone = 1;
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '-' ? -1 : 1;
			if (scan_digits(&p, 2, &oh) == -1 || *p++ != ':' ||
			    scan_digits(&p, 2, &om) == -1 || oh > 23 || om > 59)
				return -1;
			w->has_zone = 1;
			w->offset = sign * (oh * 3600L + om * 60L);
		}
	}
	if (*p != '\0')
		return -1;
	w->secs = h * 3600 + m * 60 + sec;
	return 0;
}

/* The instant W names: UTC with a zone, else local wall time. */
static int64_t
when_time(const struct when *w)
{
	if (w->has_zone)
		return (int64_t)w->day * DAY_SECS + w->secs - w->offset;
	return local_to_utc(w->day, w->secs);
}

int
time_parse_rfc3339(const char *s, int64_t *t)
{
	struct when w;

	if (s == NULL || scan_when(s, &w) != 0 || !w.has_zone)
		return -1;
	*t = when_time(&w);
	return 0;
}

static int
time_invalid(const char *s, const char *forms, struct error *err)
{
	char q[80];
	const char *p = s;
	int32_t day;

	if (p != NULL && scan_date(&p, &day) == -2)
		return error_set(err, EX_DATAERR, "invalid time '%s' (the "
		    "year is out of range; accepted: years 1900 to 9999)",
		    quoted(s, q, sizeof(q)));

	return error_set(err, EX_DATAERR, "invalid time '%s' (accepted: %s)",
	    quoted(s == NULL ? "" : s, q, sizeof(q)), forms);
}

int
time_parse(const char *s, int64_t now, int64_t *t, struct error *err)
{
	struct when w;

	if (s == NULL)
		return time_invalid(s, TIME_FORMS, err);
	if (strcmp(s, "now") == 0) {
		*t = now;
		return 0;
	}
	if (strcmp(s, "today") == 0) {
		*t = local_day_start(now);
		return 0;
	}
	if (scan_when(s, &w) != 0)
		return time_invalid(s, TIME_FORMS, err);
	*t = when_time(&w);
	return 0;
}

int
time_parse_bound(const char *s, int64_t now, const struct calendar *cal,
    int is_until, int64_t *t, struct error *err)
{
	struct duration d;
	struct when w;
	int32_t day;
	int secs, rc;

	if (s == NULL)
		s = "";
	if (strcmp(s, "today") == 0) {
		if (utc_to_local(now, &day, &secs) == -1)
			day = (int32_t)floor_div(now, DAY_SECS);
	} else if (scan_when(s, &w) == 0) {
		if (!w.has_time)
			day = w.day;
		else {
			*t = when_time(&w) + (is_until != 0);
			return 0;
		}
	} else if (strcmp(s, "now") == 0) {
		*t = now + (is_until != 0);
		return 0;
	} else if ((rc = scan_duration(s, &d)) == 0 && d.unit != DUR_COB) {
		*t = time_sub(cal, now, &d) + (is_until != 0);
		return 0;
	} else if (rc == -2)
		return duration_parse(s, &d, err);
	else
		return time_invalid(s, TIME_FORMS ", or a duration: "
		    PERIOD_DURATION_FORMS, err);

	/* A date: its first second, or for --until the next day's first. */
	*t = local_to_utc((int64_t)day + (is_until != 0), 0);
	return 0;
}

/* The clock. */

int
clock_now(int64_t *now, struct error *err)
{
	const char *s = getenv("COMPLAINT_NOW");
	char q[80];

	if (s == NULL || *s == '\0') {
		*now = (int64_t)time(NULL);
		return 0;
	}
	if (time_parse_rfc3339(s, now) == -1)
		return error_set(err, EX_USAGE, "invalid COMPLAINT_NOW '%s' "
		    "(expected an RFC 3339 time such as 2026-11-22T09:00:00Z)",
		    quoted(s, q, sizeof(q)));
	return 0;
}

/* Formatting. */

void
time_format_utc(int64_t t, char *buf, size_t len)
{
	int64_t days, secs;
	int y, m, d;

	if (len == 0)
		return;
	if (t == TIME_NONE || t < -TIME_LIMIT || t > TIME_LIMIT) {
		buf[0] = '\0';
		return;
	}
	days = floor_div(t, DAY_SECS);
	secs = t - days * DAY_SECS;
	days_to_civil((int32_t)days, &y, &m, &d);
	if (y >= 0 && y <= 9999 && len >= 21) {
		/* Without snprintf: export writes ten of these a complaint. */
		char *p = buf;
		int f[6] = { y, m, d, (int)(secs / 3600),
		    (int)(secs / 60 % 60), (int)(secs % 60) };
		static const char sep[] = "--T::Z";
		int i;

		*p++ = (char)('0' + f[0] / 1000);
		*p++ = (char)('0' + f[0] / 100 % 10);
		*p++ = (char)('0' + f[0] / 10 % 10);
		*p++ = (char)('0' + f[0] % 10);
		for (i = 1; i < 6; i++) {
			*p++ = sep[i - 1];
			*p++ = (char)('0' + f[i] / 10);
			*p++ = (char)('0' + f[i] % 10);
		}
		*p++ = 'Z';
		*p = '\0';
		return;
	}
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

static const char two_digits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

size_t
time_format_utc_cached(struct time_cache *c, int64_t t, char *buf)
{
	int64_t day, secs;
	int h, m;
	size_t slot;

	if (t == TIME_NONE) {
		buf[0] = '\0';
		return 0;
	}
	/* Floor division without the overflow of t - 86399 near INT64_MIN. */
	day = t / DAY_SECS;
	secs = t % DAY_SECS;
	if (secs < 0) {
		secs += DAY_SECS;
		day--;
	}
	slot = (size_t)day % TIME_CACHE_DAYS;
	if (!c->v[slot].used || c->v[slot].day != day) {
		time_format_utc(t, buf, TIME_STRLEN);
		/* Only four-digit years have the fixed layout; the date of
		 * such a day is within TIME_LIMIT for every second of it. */
		if (strlen(buf) != 20)
			return strlen(buf);
		memcpy(c->v[slot].date, buf, 11);
		c->v[slot].day = day;
		c->v[slot].used = 1;
		return 20;
	}
	memcpy(buf, c->v[slot].date, 11);
	h = (int)(secs / 3600);
	secs -= h * 3600;
	m = (int)(secs / 60);
	secs -= m * 60;
	memcpy(buf + 11, two_digits + 2 * h, 2);
	buf[13] = ':';
	memcpy(buf + 14, two_digits + 2 * m, 2);
	buf[16] = ':';
	memcpy(buf + 17, two_digits + 2 * secs, 2);
	buf[19] = 'Z';
	buf[20] = '\0';
	return 20;
}

/* Local time of T, or 0 and an empty BUF for TIME_NONE. */
static int
local_tm(int64_t t, struct tm *tm, char *buf, size_t len)
{
	time_t tt = (time_t)t;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (t == TIME_NONE || t < -TIME_LIMIT || t > TIME_LIMIT)
		return 0;
	return localtime_r(&tt, tm) != NULL;
}

void
time_format_local(int64_t t, char *buf, size_t len)
{
	struct tm tm;

	if (local_tm(t, &tm, buf, len))
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min);
}

void
time_format_local_exact(int64_t t, char *buf, size_t len)
{
	struct tm tm;
	int64_t back;

	if (!local_tm(t, &tm, buf, len))
		return;
	if (tm.tm_sec != 0)
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
	else
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min);
	if (time_parse(buf, t, &back, NULL) != 0 || back != t)
		buf[0] = '\0';
}

void
time_format_human(int64_t t, char *buf, size_t len)
{
	struct tm tm;

	if (local_tm(t, &tm, buf, len) &&
	    strftime(buf, len, "%Y-%m-%d %H:%M %Z", &tm) == 0)
		buf[0] = '\0';
}

void
time_format_local_date(int64_t t, char *buf, size_t len)
{
	struct tm tm;

	if (local_tm(t, &tm, buf, len))
		snprintf(buf, len, "%04d-%02d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
}
