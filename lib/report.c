/*
 * Reports: one sequential pass over the complaint table, whose rows the
 * store hands over as plain struct report_row values (SQLite's driver
 * from inside the statement, as the steps of an aggregate), feeds
 * counters per group (small hash tables in C: tally.h), so a million
 * complaints cost one table scan and no sort; medians are found by
 * selection over the compact per-group lists of durations (stats.c).
 * The overdue list is the store's (store_overdue_each()).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "complaint.h"
#include "replay.h"
#include "report.h"
#include "tally.h"
#include "timeutil.h"
#include "xmalloc.h"

static const struct {
	const char *name;    /* --by */
	const char *column;  /* output column, and SQL column for non-time */
} dims[RD__COUNT] = {
	[RD_CATEGORY] = { "category", "category" },
	[RD_CHANNEL] = { "channel", "channel" },
	[RD_DEPARTMENT] = { "department", "department" },
	[RD_OWNER] = { "owner", "owner" },
	[RD_SEVERITY] = { "severity", "severity" },
	[RD_LEVEL] = { "level", "level" },
	[RD_STATUS] = { "status", "status" },
	[RD_ROOT_CAUSE] = { "root-cause", "root_cause" },
	[RD_REGIME] = { "regime", "regime" },
	[RD_WEEK] = { "week", "week" },
	[RD_MONTH] = { "month", "month" },
};

const char *
report_dim_name(enum report_dim d)
{
	return d < RD__COUNT ? dims[d].name : NULL;
}

const char *
report_dim_column(enum report_dim d)
{
	return d < RD__COUNT ? dims[d].column : NULL;
}

int
report_dim_lookup(const char *name)
{
	int i;

	for (i = 0; i < RD__COUNT; i++)
		if (strcmp(dims[i].name, name) == 0)
			return i;
	return -1;
}

int
report_dim_is_time(enum report_dim d)
{
	return d == RD_WEEK || d == RD_MONTH;
}

void
report_period(enum report_dim d, int64_t t, char *label, size_t len,
    int64_t *start, int64_t *end)
{
	struct tm tm;
	time_t tt = (time_t)t;
	int64_t s, e;

	localtime_r(&tt, &tm);
	if (d == RD_WEEK) {
		int back = (tm.tm_wday + 6) % 7; /* days since Monday */

		strftime(label, len, "%G-W%V", &tm);
		s = time_local_midnight(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday - back);
		e = time_local_midnight(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday - back + 7);
	} else {
		strftime(label, len, "%Y-%m", &tm);
		s = time_local_midnight(tm.tm_year + 1900, tm.tm_mon + 1, 1);
		e = time_local_midnight(tm.tm_year + 1900, tm.tm_mon + 2, 1);
	}
	if (start)
		*start = s;
	if (end)
		*end = e;
}

void
report_bar(int64_t n, int64_t max, int width, char *buf, size_t len)
{
	int64_t eighths;
	size_t at = 0;

	buf[0] = '\0';
	if (n <= 0 || max <= 0 || width <= 0)
		return;
	if (n > max)
		n = max;
	eighths = (n * width * 8 + max / 2) / max;
	if (eighths == 0)
		eighths = 1;
	for (; eighths >= 8 && at + 4 <= len; eighths -= 8) {
		memcpy(buf + at, "\xe2\x96\x88", 3); /* U+2588 full block */
		at += 3;
	}
	if (eighths > 0 && at + 4 <= len) {
		/* U+258F one eighth .. U+2589 seven eighths. */
		buf[at++] = (char)0xe2;
		buf[at++] = (char)0x96;
		buf[at++] = (char)(0x90 - eighths);
	}
	buf[at] = '\0';
}

/*
 * The bounds of recent periods with the numbers of their labels: rows
 * come roughly in received order and resolutions trail them by days or
 * weeks, so almost every row finds its period here, most often the one
 * of the row before, instead of converting to local time. A period is
 * remembered by its first instant and the first instant after it, both
 * from mktime(), so a month or week that daylight saving time makes an
 * hour shorter or longer is bounded where local midnight falls.
 */
#define PERIOD_CACHE 16

struct period_cache {
	unsigned last;               /* the entry that matched last */
	unsigned next;               /* the entry to replace next */
	struct {
		int64_t start, end;  /* empty when start == end */
		uint32_t id;
	} e[PERIOD_CACHE];
};

/* The number in DV of the period of dimension D holding T, which no
 * entry of PC holds: converted to local time, and remembered. */
static uint32_t
period_miss(struct period_cache *pc, struct dim_values *dv,
    enum report_dim d, int64_t t)
{
	char label[16];
	int64_t start, end;
	uint32_t id;
	unsigned i;
	int isnew;

	report_period(d, t, label, sizeof(label), &start, &end);
	id = dv_text(dv, label, strlen(label), &isnew);
	/* A zone where the bounds do not hold T (a repeated local
	 * midnight): rank by T, and do not remember the bounds. */
	if (!(t >= start && t < end)) {
		if (isnew)
			dv->v[id].rank = t;
		return id;
	}
	if (isnew)
		dv->v[id].rank = start;
	i = pc->next++ % PERIOD_CACHE;
	pc->e[i].start = start;
	pc->e[i].end = end;
	pc->e[i].id = id;
	pc->last = i;
	return id;
}

/* The number in DV of the period of dimension D holding T. */
static inline uint32_t
period_id(struct period_cache *pc, struct dim_values *dv, enum report_dim d,
    int64_t t)
{
	unsigned i;

	if (t >= pc->e[pc->last].start && t < pc->e[pc->last].end)
		return pc->e[pc->last].id;
	for (i = 0; i < PERIOD_CACHE; i++)
		if (t >= pc->e[i].start && t < pc->e[i].end) {
			pc->last = i;
			return pc->e[i].id;
		}
	return period_miss(pc, dv, d, t);
}

/* How each dimension of a query finds its value in a row. */
struct dim_reader {
	enum report_dim dim;
	int text;                    /* the row's text, for text dims */
	struct dim_values values;
	struct period_cache by_received, by_resolved;
};

/* The statuses are those of the CHECK on complaint.status; the first
 * byte rules out most rows (resolved, closed) without a comparison. */
static int
is_open_status(const char *s)
{
	if (s == NULL)
		return 0;
	switch (s[0]) {
	case 'n':
		return strcmp(s, "new") == 0;
	case 'a':
		return strcmp(s, "acknowledged") == 0 ||
		    strcmp(s, "assessed") == 0;
	default:
		return 0;
	}
}

static int
is_yes(const char *s)
{
	return s != NULL && s[0] == 'y' && s[1] == 'e' && s[2] == 's' &&
	    s[3] == '\0';
}

/* The number of the value of non-time dim reader R in ROW. */
static uint32_t
dim_id(struct dim_reader *r, const struct report_row *row,
    const struct config *cfg)
{
	const char *s;
	struct dval *d;
	int64_t level;
	uint32_t id;
	int isnew, idx;
	size_t len;

	if (r->dim == RD_LEVEL) {
		level = row->level;
		id = dv_num(&r->values, level, &isnew);
		if (isnew) {
			char buf[24];

			d = &r->values.v[id];
			d->rank = level;
			if (level >= 0 && level <= INT_MAX &&
			    (s = config_level_name(cfg, (int)level)) != NULL) {
				d->text = xstrdup(s);
			} else {
				snprintf(buf, sizeof(buf), "%lld",
				    (long long)level);
				d->text = xstrdup(buf);
			}
		}
		return id;
	}
	if (r->dim == RD_STATUS) {
		s = row->status;
		len = s ? strlen(s) : 0;
	} else {
		s = row->text[r->text].s;
		len = row->text[r->text].len;
	}
	id = dv_text(&r->values, s, len, &isnew);
	if (isnew && s != NULL) {
		d = &r->values.v[id];
		/* Unknown severities after the configured, bytewise. */
		if (r->dim == RD_STATUS)
			d->rank = status_lookup(s);
		else if (r->dim == RD_SEVERITY)
			d->rank = (idx = strlist_find(&cfg->severities,
			    s)) >= 0 ? idx : INT_MAX;
	}
	return id;
}

struct fca;

/* The state of one report, for the rows the store hands to scan_row(). */
struct scan {
	const struct report_query *q;
	struct groups *g;
	struct dim_reader *readers;
	struct dim_values *values[REPORT_MAX_DIMS];
	int sides;
	int time_dims;
	struct scan *next;       /* another report fed by the same rows */
	struct fca *fca;         /* the FCA return fed by them too, or NULL */
};

static void fca_take(struct fca *fc, const struct report_row *row,
    int known_at_start, int open_at_start, int vulnerable);

static void
count_received(struct group *gr, const struct report_row *row)
{
	struct report_stats *s = &gr->s;

	s->received++;
	if (is_open_status(row->status))
		s->open++;
	if (row->first_contact)
		s->first_contact++;
	if (row->acknowledged_at != TIME_NONE) {
		s->acknowledged++;
		if (row->ack_due == TIME_NONE ||
		    row->acknowledged_at <= row->ack_due)
			s->ack_in_time++;
		vec32_push(&gr->ack_secs, row->acknowledged_at -
		    row->received_at);
	}
	if (row->level > 0)
		s->escalated++;
	if (row->contacts > 1 || row->repeat_of != NUM_NONE)
		s->repeats++;
	if (row->satisfied != NULL) {
		s->followed_up++;
		if (is_yes(row->satisfied))
			s->satisfied++;
	}
}

static void
count_resolved(struct group *gr, const struct report_row *row)
{
	struct report_stats *s = &gr->s;

	s->resolved++;
	if (row->resolve_due == TIME_NONE || row->resolved_at <= row->resolve_due)
		s->resolved_in_time++;
	if (is_yes(row->justified))
		s->upheld++;
	/* Amounts are bounded (AMOUNT_MAX), but a file edited by hand may
	 * hold anything: the sum is checked, never wrapped. */
	if (row->amount != NUM_NONE &&
	    __builtin_add_overflow(s->redress, row->amount, &s->redress))
		gr->redress_overflow = 1;
	vec32_push(&gr->resolve_secs, row->resolved_at - row->received_at);
}

static int
in_period(int64_t t, int64_t since, int64_t until)
{
	return t != TIME_NONE && (since == TIME_NONE || t >= since) &&
	    (until == TIME_NONE || t < until);
}

#define SIDE_RECEIVED 0x1 /* count rows received in the period */
#define SIDE_RESOLVED 0x2 /* count rows resolved in the period */

/* The group of ROW on the side whose time is T, for the time dims; the
 * numbers of the other dims' values go into ID once per row (*HAVE). */
static struct group *
row_group(struct scan *sc, const struct report_row *row, uint32_t *id,
    int *have, int64_t t, int resolved_side)
{
	int i;

	for (i = 0; i < sc->q->ndims; i++) {
		struct dim_reader *r = &sc->readers[i];

		if (report_dim_is_time(r->dim))
			id[i] = period_id(resolved_side ? &r->by_resolved :
			    &r->by_received, &r->values, r->dim, t);
		else if (!*have)
			id[i] = dim_id(r, row, sc->q->cfg);
	}
	*have = 1;
	return groups_get(sc->g, sc->q->ndims, id, sc->values);
}

/* One row of the scan: its counts on each side the scan counts. */
static void
scan_one(struct scan *sc, const struct report_row *row)
{
	const struct report_query *q = sc->q;
	uint32_t id[REPORT_MAX_DIMS];
	struct group *gr = NULL;
	int have = 0;

	if ((sc->sides & SIDE_RECEIVED) &&
	    in_period(row->received_at, q->since, q->until)) {
		gr = q->ndims == 0 ? &sc->g->v[0] :
		    row_group(sc, row, id, &have, row->received_at, 0);
		count_received(gr, row);
	}
	if ((sc->sides & SIDE_RESOLVED) &&
	    in_period(row->resolved_at, q->since, q->until)) {
		/* Pointers into g->v move when a group is added. */
		if (q->ndims == 0)
			gr = &sc->g->v[0];
		else if (gr == NULL || sc->time_dims)
			gr = row_group(sc, row, id, &have, row->resolved_at, 1);
		count_resolved(gr, row);
	}
}

/* The row to every report chained from ARG. */
static int
scan_row(const struct report_row *row, void *arg)
{
	struct scan *sc, *head = arg;

	for (sc = head; sc != NULL; sc = sc->next)
		scan_one(sc, row);
	if (head->fca != NULL)
		fca_take(head->fca, row, 0, 0, 0);
	return 0;
}

/* One report of report_run_many(): its groups and its readers. */
struct run {
	struct groups g;
	struct dim_reader readers[REPORT_MAX_DIMS];
	struct scan sc;
};

int
report_run(struct store *db, const struct report_query *q,
    report_row_fn fn, void *arg, struct error *err)
{
	return report_run_many(db, q, 1, &fn, &arg, err);
}

/* The index in SS of text column COL, added when new; -1 when the
 * scan holds no more. */
static int
scan_text(struct store_scan *ss, const char *col)
{
	int i;

	for (i = 0; i < ss->ntexts; i++)
		if (strcmp(ss->text_cols[i], col) == 0)
			return i;
	if (ss->ntexts == STORE_SCAN_TEXTS)
		return -1;
	ss->text_cols[ss->ntexts] = col;
	return ss->ntexts++;
}

/* A complaint as the history had it, to every report chained from ARG
 * on both sides: the periods are judged in scan_one(). Voided and
 * merged complaints count nowhere, as in the store's scan. */
static int
replay_row(const struct replay_complaint *c, void *arg)
{
	if (c->voided_at != TIME_NONE || c->merged_into != NUM_NONE)
		return 0;
	return scan_row(&c->row, arg);
}

static void fca_texts(struct fca *fc, int category, int root_cause);

/* report_run_many(), and with FC the FCA return of the whole record
 * from the same scan (Q[0] of the whole record, no replay). */
static int
run_many(struct store *db, const struct report_query *q, size_t n,
    const report_row_fn *fn, void *const *arg, struct fca *fc,
    struct error *err)
{
	struct run *runs = xcalloc(n ? n : 1, sizeof(*runs));
	struct group **order = NULL;
	struct store_scan ss;
	const char *val[REPORT_MAX_DIMS];
	int i, rc = 0;
	size_t k, r;

	memset(&ss, 0, sizeof(ss));
	for (r = 0; r < n; r++) {
		struct run *ru = &runs[r];
		struct dim_reader *readers = ru->readers;

		groups_init(&ru->g);
		for (i = 0; i < REPORT_MAX_DIMS; i++)
			dv_init(&readers[i].values);
		ru->sc.q = &q[r];
		ru->sc.g = &ru->g;
		ru->sc.readers = readers;
		ru->sc.next = r + 1 < n ? &runs[r + 1].sc : NULL;
		for (i = 0; i < q[r].ndims; i++) {
			enum report_dim d = q[r].dims[i];

			readers[i].dim = d;
			ru->sc.values[i] = &readers[i].values;
			ru->sc.time_dims |= report_dim_is_time(d);
			if (report_dim_is_time(d) || d == RD_LEVEL ||
			    d == RD_STATUS)
				continue;
			if ((readers[i].text = scan_text(&ss,
			    dims[d].column)) < 0) {
				rc = error_set(err, EX_SOFTWARE, "a report "
				    "of more than %d text fields in one scan",
				    STORE_SCAN_TEXTS);
				goto done;
			}
		}
		if (q[r].ndims == 0)
			groups_get(&ru->g, 0, NULL, NULL);
	}
	if (fc != NULL) {
		int cat = scan_text(&ss, "category");
		int cause = scan_text(&ss, "root_cause");

		if (n == 0 || q->replay || q->since != TIME_NONE ||
		    q->until != TIME_NONE || cat < 0 || cause < 0) {
			rc = error_set(err, EX_SOFTWARE, "the FCA return "
			    "shares a scan of the whole record only");
			goto done;
		}
		fca_texts(fc, cat, cause);
		runs[0].sc.fca = fc;
	}

	/*
	 * The whole record is one plain table scan counting both sides of
	 * each row. A period is two scans, one per side, each of the rows
	 * of its side only. Every report of Q shares the scans (and Q[0]'s
	 * period).
	 */
	if (n > 0 && q->replay) {
		for (r = 0; r < n; r++)
			runs[r].sc.sides = SIDE_RECEIVED | SIDE_RESOLVED;
		rc = report_replay(db, q->as_of, INT64_MIN, ss.text_cols,
		    ss.ntexts, replay_row, &runs[0].sc, err);
	} else if (n > 0) {
		int sides[2] = { SIDE_RECEIVED, SIDE_RESOLVED };
		enum store_scan_rows rows[2] = { SCAN_RECEIVED_IN,
		    SCAN_RESOLVED_IN };
		int pass, npass = 2;

		ss.since = q->since;
		ss.until = q->until;
		if (q->since == TIME_NONE && q->until == TIME_NONE) {
			sides[0] = SIDE_RECEIVED | SIDE_RESOLVED;
			rows[0] = SCAN_ALL;
			npass = 1;
		}
		for (pass = 0; pass < npass && rc == 0; pass++) {
			for (r = 0; r < n; r++)
				runs[r].sc.sides = sides[pass];
			ss.rows = rows[pass];
			rc = store_report_scan(db, &ss, scan_row, &runs[0].sc,
			    err);
		}
	}

	for (r = 0; r < n && rc == 0; r++) {
		struct groups *g = &runs[r].g;

		free(order);
		order = groups_sorted(g);
		for (k = 0; k < g->n && rc == 0; k++) {
			struct group *gr = order[k];

			gr->s.median_ack_tenths = report_median_tenths(
			    gr->ack_secs.v, gr->ack_secs.n, 3600);
			gr->s.median_resolve_tenths = report_median_tenths(
			    gr->resolve_secs.v, gr->resolve_secs.n, 86400);
			if (gr->redress_overflow) {
				rc = error_set(err, EX_DATAERR, "the redress "
				    "total is too large to add up (stored "
				    "amounts beyond 999999999.99 each?)");
				break;
			}
			for (i = 0; i < q[r].ndims; i++)
				val[i] = gr->val[i];
			rc = fn[r]((const char *const *)val, &gr->s, arg[r]);
		}
	}
done:
	free(order);
	for (r = 0; r < n; r++) {
		groups_release(&runs[r].g);
		for (i = 0; i < REPORT_MAX_DIMS; i++)
			dv_release(&runs[r].readers[i].values);
	}
	free(runs);
	return rc;
}

int
report_run_many(struct store *db, const struct report_query *q, size_t n,
    const report_row_fn *fn, void *const *arg, struct error *err)
{
	return run_many(db, q, n, fn, arg, NULL, err);
}

const char *
overdue_kind_name(enum overdue_kind k)
{
	switch (k) {
	case OD_ACK: return "ack";
	case OD_RESOLVE: return "resolve";
	case OD_CALLBACK: return "callback";
	case OD_FOLLOWUP: return "followup";
	case OD_HOLDING: return "holding";
	}
	return "?";
}

int
report_overdue(struct store *db, int64_t now, int first_only,
    overdue_fn fn, void *arg, int64_t *n, struct error *err)
{
	return store_overdue_each(db, now, first_only, fn, arg, n, err);
}

int
report_half_year(const char *s, int64_t *since, int64_t *until,
    struct error *err)
{
	char date[32];
	int64_t year;
	struct error ignored;
	int i;

	for (i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	if ((s[4] != 'H' && s[4] != 'h') || (s[5] != '1' && s[5] != '2') ||
	    s[6] != '\0')
		goto bad;
	year = strtoll(s, NULL, 10);
	if (year < 1970)
		goto bad;
	snprintf(date, sizeof(date), "%04lld-%s", (long long)year,
	    s[5] == '1' ? "01-01" : "07-01");
	if (time_parse(date, 0, since, &ignored) != 0)
		goto bad;
	if (s[5] == '1')
		snprintf(date, sizeof(date), "%04lld-07-01", (long long)year);
	else
		snprintf(date, sizeof(date), "%04lld-01-01",
		    (long long)year + 1);
	if (time_parse(date, 0, until, &ignored) != 0)
		goto bad;
	return 0;
bad:
	return error_set(err, EX_DATAERR, "invalid period '%s' (expected a "
	    "half-year such as 2026H1 or 2026H2)", s);
}

/* The ends of the FCA bands of a complaint received at RECEIVED: close
 * of business on the third business day after the day of receipt, and
 * eight weeks. Rows come in id order, and imported ones share their
 * times, so the last answer is kept; and the first end, which depends
 * on the local day of receipt alone, is kept for that day (a walk over
 * the business calendar, else, for each of a million complaints). */
struct fca_bounds {
	int64_t received;
	int64_t end[2];
	int set;
	int32_t cob_day;         /* the local day whose cob_end is kept */
	int64_t cob_end;
	int cob_set;
};

static const int64_t *
fca_bounds(struct fca_bounds *b, const struct config *cfg, int64_t received)
{
	static const struct duration cob_3bd = { 3, DUR_COB };
	static const struct duration eight_w = { 8, DUR_WEEKS };
	int32_t day = 0;
	int known;

	if (!b->set || b->received != received) {
		b->received = received;
		known = time_local_day(received, &day) == 0;
		if (known && b->cob_set && b->cob_day == day) {
			b->end[0] = b->cob_end;
		} else {
			b->end[0] = time_add(&cfg->calendar, received,
			    &cob_3bd);
			/* A calendar never open leaves the time as it was,
			 * which is of the time, not the day: not kept. */
			b->cob_set = known && b->end[0] != received;
			b->cob_day = day;
			b->cob_end = b->end[0];
		}
		b->end[1] = time_add(&cfg->calendar, received, &eight_w);
		b->set = 1;
	}
	return b->end;
}

int
report_fca_outstanding(int64_t received_at, int64_t resolved_at,
    int known_at_start, int open_at_start, int64_t since)
{
	if (received_at >= since)
		return 0;
	/* Recorded before the period: as it then stood. Recorded later
	 * (logged late, imported): open unless resolved before it. */
	if (known_at_start)
		return open_at_start;
	return resolved_at == TIME_NONE || resolved_at >= since;
}

enum fca_band
report_fca_band(const int64_t *end, int64_t resolved_at)
{
	if (resolved_at <= end[0])
		return FCA_3BD;
	if (resolved_at <= end[1])
		return FCA_8W;
	return FCA_OVER_8W;
}

static void
fca_count(struct report_fca *r, const int64_t *end, int64_t since,
    int64_t until, const struct report_row *row, int known_at_start,
    int open_at_start, int vulnerable)
{
	int64_t received_at = row->received_at, resolved_at = row->resolved_at;

	if (received_at >= since && received_at < until) {
		r->opened++;
		if (vulnerable)
			r->vulnerable++;
	}
	if (report_fca_outstanding(received_at, resolved_at,
	    known_at_start, open_at_start, since))
		r->outstanding_start++;
	if (end == NULL)
		return;
	r->closed++;
	switch (report_fca_band(end, resolved_at)) {
	case FCA_3BD: r->closed_3bd++; break;
	case FCA_8W: r->closed_8w++; break;
	case FCA_OVER_8W: r->closed_over_8w++; break;
	}
	if (is_yes(row->justified))
		r->upheld++;
	if (row->amount != NUM_NONE &&
	    __builtin_add_overflow(r->redress, row->amount, &r->redress))
		r->redress = INT64_MAX; /* checked, never wrapped */
}

/* The state of report_fca_run() between the replayed complaints. */
struct fca {
	const struct config *cfg;
	int64_t since, until;
	struct groups g;
	struct dim_values products, causes;
	struct report_fca total;
	struct fca_bounds bounds;
	int text[2];             /* row->text[] of category, root cause */
};

static void
fca_texts(struct fca *fc, int category, int root_cause)
{
	fc->text[0] = category;
	fc->text[1] = root_cause;
}

/* TEXT mapped through M; unmapped, itself. */
static const char *
mapped(const struct strmap *m, const char *text, size_t *len)
{
	const char *to = strmap_get(m, text);

	if (to != NULL)
		*len = strlen(to);
	return to != NULL ? to : text;
}

/* One complaint of the return, counted (or not, when nothing of it
 * falls in the period). */
static void
fca_take(struct fca *fc, const struct report_row *row, int known_at_start,
    int open_at_start, int vulnerable)
{
	struct dim_values *values[2] = { &fc->products, &fc->causes };
	const int64_t *end = NULL;
	const char *product, *cause;
	size_t plen = row->text[fc->text[0]].len;
	size_t clen = row->text[fc->text[1]].len;
	struct group *gr;
	uint32_t id[2];
	int isnew;

	/* Nothing of the period: neither received in it, open at its
	 * start, nor resolved in it. */
	if (in_period(row->resolved_at, fc->since, fc->until))
		end = fca_bounds(&fc->bounds, fc->cfg, row->received_at);
	else if (row->received_at >= fc->until ||
	    (row->received_at < fc->since && !report_fca_outstanding(
	    row->received_at, row->resolved_at, known_at_start,
	    open_at_start, fc->since)))
		return;
	vulnerable = fc->cfg->fca_vulnerability && vulnerable;
	product = mapped(&fc->cfg->fca_products, row->text[fc->text[0]].s,
	    &plen);
	cause = mapped(&fc->cfg->fca_causes, row->text[fc->text[1]].s, &clen);
	id[0] = dv_text(&fc->products, product, plen, &isnew);
	id[1] = dv_text(&fc->causes, cause, clen, &isnew);
	gr = groups_get(&fc->g, 2, id, values);
	fca_count(&gr->fca, end, fc->since, fc->until, row, known_at_start,
	    open_at_start, vulnerable);
	fca_count(&fc->total, end, fc->since, fc->until, row, known_at_start,
	    open_at_start, vulnerable);
}

static int
fca_row(const struct replay_complaint *c, void *arg)
{
	if (c->voided_at == TIME_NONE && c->merged_into == NUM_NONE)
		fca_take(arg, &c->row, c->known_at_start, c->open_at_start,
		    (int)c->vulnerable);
	return 0;
}

/* A complaint row as it stands, for the whole record: nothing was
 * outstanding before the records began, so no history is needed (the
 * store's scan counts no voided or merged complaint). */
static int
fca_live_row(const struct report_row *row, void *arg)
{
	fca_take(arg, row, 0, 0, 0);
	return 0;
}

static void
fca_init(struct fca *fc, const struct config *cfg, int64_t since,
    int64_t until)
{
	memset(fc, 0, sizeof(*fc));
	fc->cfg = cfg;
	fc->since = since;
	fc->until = until;
	fca_texts(fc, 0, 1);
	groups_init(&fc->g);
	dv_init(&fc->products);
	dv_init(&fc->causes);
}

/* The return counted into FC, row by row to FN, then the total. */
static int
fca_emit(struct fca *fc, report_fca_fn fn, void *arg)
{
	struct group **order = groups_sorted(&fc->g);
	size_t k;
	int rc = 0;

	for (k = 0; k < fc->g.n && rc == 0; k++)
		rc = fn(order[k]->val[0], order[k]->val[1], 0, &order[k]->fca,
		    arg);
	/* Nothing at all is the nil return: the total, all zeros. */
	if (rc == 0)
		rc = fn(NULL, NULL, 1, &fc->total, arg);
	free(order);
	return rc;
}

static void
fca_release(struct fca *fc)
{
	groups_release(&fc->g);
	dv_release(&fc->products);
	dv_release(&fc->causes);
}

int
report_fca_run(struct store *db, const struct config *cfg, int64_t since,
    int64_t until, int64_t as_of, report_fca_fn fn, void *arg,
    struct error *err)
{
	static const char *const cols[] = { "category", "root_cause" };
	struct fca fc;
	int rc;

	fca_init(&fc, cfg, since, until);
	if (as_of == TIME_NONE && since == TIME_NONE) {
		struct store_scan ss;

		memset(&ss, 0, sizeof(ss));
		ss.rows = SCAN_OPEN_DURING;
		ss.since = since;
		ss.until = until;
		ss.ntexts = 2;
		ss.text_cols[0] = cols[0];
		ss.text_cols[1] = cols[1];
		rc = store_report_scan(db, &ss, fca_live_row, &fc, err);
	} else {
		rc = report_replay(db, as_of, since, cols, 2, fca_row, &fc,
		    err);
	}
	if (rc == 0)
		rc = fca_emit(&fc, fn, arg);
	fca_release(&fc);
	return rc;
}

int
report_pack_run(struct store *db, const struct report_query *q, size_t n,
    const report_row_fn *fn, void *const *arg, report_fca_fn fca_fn,
    void *fca_arg, struct error *err)
{
	struct fca fc;
	int rc;

	fca_init(&fc, q->cfg, TIME_NONE, INT64_MAX);
	rc = run_many(db, q, n, fn, arg, &fc, err);
	if (rc == 0)
		rc = fca_emit(&fc, fca_fn, fca_arg);
	fca_release(&fc);
	return rc;
}
