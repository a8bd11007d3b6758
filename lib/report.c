/*
 * Reports: one sequential pass over the complaint table feeds counters
 * per group (a small hash table in C), so a million complaints cost one
 * table scan and no sort; medians are found by selection over the
 * compact per-group lists of durations. The overdue list and check read
 * partial indexes of what is still pending (schema migration 2).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "complaint.h"
#include "report.h"
#include "schema.h"
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

static int64_t
local_midnight(int y, int mon0, int mday)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon0;
	tm.tm_mday = mday;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
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
		s = local_midnight(tm.tm_year + 1900, tm.tm_mon,
		    tm.tm_mday - back);
		e = local_midnight(tm.tm_year + 1900, tm.tm_mon,
		    tm.tm_mday - back + 7);
	} else {
		strftime(label, len, "%Y-%m", &tm);
		s = local_midnight(tm.tm_year + 1900, tm.tm_mon, 1);
		e = local_midnight(tm.tm_year + 1900, tm.tm_mon + 1, 1);
	}
	if (start)
		*start = s;
	if (end)
		*end = e;
}

/*
 * The labels of recent periods with their bounds: rows come roughly in
 * received order and resolutions trail them by days or weeks, so almost
 * every row finds its period here instead of converting to local time.
 */
#define PERIOD_CACHE 16

struct period_cache {
	enum report_dim dim;
	unsigned next;               /* the entry to replace next */
	struct {
		int64_t start, end;  /* empty when start == end */
		char label[16];
	} e[PERIOD_CACHE];
};

static const char *
period_label(struct period_cache *pc, int64_t t, int64_t *rank)
{
	unsigned i;

	for (i = 0; i < PERIOD_CACHE; i++)
		if (t >= pc->e[i].start && t < pc->e[i].end) {
			*rank = pc->e[i].start;
			return pc->e[i].label;
		}
	i = pc->next++ % PERIOD_CACHE;
	report_period(pc->dim, t, pc->e[i].label, sizeof(pc->e[i].label),
	    &pc->e[i].start, &pc->e[i].end);
	*rank = pc->e[i].start;
	/* A zone where the bounds do not hold T: do not remember it. */
	if (!(t >= pc->e[i].start && t < pc->e[i].end)) {
		pc->e[i].start = pc->e[i].end = 0;
		*rank = t;
	}
	return pc->e[i].label;
}

const char *
report_pct(int64_t num, int64_t den, char *buf, size_t len)
{
	int64_t tenths;

	if (den <= 0)
		return NULL;
	tenths = (num * 2000 + den) / (2 * den);
	snprintf(buf, len, "%lld.%lld", (long long)(tenths / 10),
	    (long long)(tenths % 10));
	return buf;
}

const char *
report_tenths(int64_t tenths, char *buf, size_t len)
{
	int64_t a;

	if (tenths == NUM_NONE)
		return NULL;
	a = tenths < 0 ? -tenths : tenths;
	snprintf(buf, len, "%s%lld.%lld", tenths < 0 ? "-" : "",
	    (long long)(a / 10), (long long)(a % 10));
	return buf;
}

static void
swap32(int32_t *a, int32_t *b)
{
	int32_t t = *a;

	*a = *b;
	*b = t;
}

/* Reorder V so that V[K] is what sorting would put there, with nothing
 * greater before it (Hoare's selection, iterative). */
static void
select_kth(int32_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2, i, j;
		int32_t pivot;

		/* Median of three as the pivot, kept at hi. */
		if (v[mid] < v[lo])
			swap32(&v[mid], &v[lo]);
		if (v[hi] < v[lo])
			swap32(&v[hi], &v[lo]);
		if (v[mid] < v[hi])
			swap32(&v[mid], &v[hi]);
		pivot = v[hi];
		i = lo;
		for (j = lo; j < hi; j++)
			if (v[j] < pivot)
				swap32(&v[i++], &v[j]);
		swap32(&v[i], &v[hi]);
		if (i == k)
			return;
		if (k < i)
			hi = i - 1;
		else
			lo = i + 1;
	}
}

int64_t
report_median_tenths(int32_t *v, size_t n, int64_t unit)
{
	size_t k = n / 2, i;
	int64_t twice, num, q;

	if (n == 0)
		return NUM_NONE;
	select_kth(v, n, k);
	if (n % 2) {
		twice = 2 * (int64_t)v[k];
	} else {
		int32_t lower = v[0];

		for (i = 1; i < k; i++)
			if (v[i] > lower)
				lower = v[i];
		twice = (int64_t)lower + v[k];
	}
	/* tenths = twice / 2 * 10 / unit, rounded half away from zero. */
	num = twice * 5;
	q = ((num < 0 ? -num : num) * 2 + unit) / (2 * unit);
	return num < 0 ? -q : q;
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

/* Durations of one group, for its medians. */
struct vec32 {
	int32_t *v;
	size_t n, cap;
};

static void
vec32_push(struct vec32 *a, int64_t x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	if (x > INT32_MAX)
		x = INT32_MAX;
	if (x < INT32_MIN)
		x = INT32_MIN;
	a->v[a->n++] = (int32_t)x;
}

struct group {
	char *key;
	size_t keylen;
	uint32_t hash;
	char *val[REPORT_MAX_DIMS];    /* NULL: none */
	int64_t rank[REPORT_MAX_DIMS]; /* compared before the text */
	struct report_stats s;
	struct report_fca fca;
	struct vec32 ack_secs, resolve_secs;
};

/* Groups by key: an open-addressing table of indexes into V. */
struct groups {
	struct group *v;
	size_t n, cap;
	uint32_t *slots; /* index + 1; 0 is empty */
	size_t nslots;   /* a power of two, at least twice n */
	struct buf key;
};

static uint32_t
fnv1a(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void
groups_rehash(struct groups *g)
{
	size_t i, j, mask;

	free(g->slots);
	g->nslots = g->nslots ? g->nslots * 2 : 64;
	g->slots = xcalloc(g->nslots, sizeof(*g->slots));
	mask = g->nslots - 1;
	for (i = 0; i < g->n; i++) {
		for (j = g->v[i].hash & mask; g->slots[j]; j = (j + 1) & mask)
			;
		g->slots[j] = (uint32_t)(i + 1);
	}
}

/* The group of values VAL (NULL: none) with ranks RANK, created empty
 * when new. */
static struct group *
groups_get(struct groups *g, int ndims, const char *const *val,
    const int64_t *rank)
{
	struct group *gr;
	const char *key;
	size_t keylen, j, mask;
	uint32_t h;
	int i;

	buf_reset(&g->key);
	for (i = 0; i < ndims; i++) {
		/* NUL-terminated values behind a set/none byte: no text can
		 * imitate another key. */
		if (val[i] == NULL) {
			buf_putc(&g->key, '-');
		} else {
			buf_putc(&g->key, '+');
			buf_add(&g->key, val[i], strlen(val[i]) + 1);
		}
	}
	key = buf_str(&g->key);
	keylen = g->key.len;
	h = fnv1a(key, keylen);
	if (g->nslots == 0 || 2 * (g->n + 1) > g->nslots)
		groups_rehash(g);
	mask = g->nslots - 1;
	for (j = h & mask; g->slots[j]; j = (j + 1) & mask) {
		gr = &g->v[g->slots[j] - 1];
		if (gr->hash == h && gr->keylen == keylen &&
		    memcmp(gr->key, key, keylen) == 0)
			return gr;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	gr = &g->v[g->n];
	memset(gr, 0, sizeof(*gr));
	gr->key = xmalloc(keylen + 1);
	memcpy(gr->key, key, keylen + 1);
	gr->keylen = keylen;
	gr->hash = h;
	for (i = 0; i < ndims; i++) {
		gr->val[i] = xstrdup_or_null(val[i]);
		gr->rank[i] = rank[i];
	}
	g->slots[j] = (uint32_t)(g->n + 1);
	g->n++;
	return gr;
}

static void
groups_release(struct groups *g)
{
	size_t i;
	int d;

	for (i = 0; i < g->n; i++) {
		free(g->v[i].key);
		for (d = 0; d < REPORT_MAX_DIMS; d++)
			free(g->v[i].val[d]);
		free(g->v[i].ack_secs.v);
		free(g->v[i].resolve_secs.v);
	}
	free(g->v);
	free(g->slots);
	buf_release(&g->key);
	memset(g, 0, sizeof(*g));
}

/* None last; then rank; then bytewise text. */
static int
group_cmp(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a;
	const struct group *y = *(const struct group *const *)b;
	int i, c;

	for (i = 0; i < REPORT_MAX_DIMS; i++) {
		if ((x->val[i] == NULL) != (y->val[i] == NULL))
			return x->val[i] == NULL ? 1 : -1;
		if (x->val[i] == NULL)
			continue;
		if (x->rank[i] != y->rank[i])
			return x->rank[i] < y->rank[i] ? -1 : 1;
		if ((c = strcmp(x->val[i], y->val[i])) != 0)
			return c;
	}
	return 0;
}

static struct group **
groups_sorted(struct groups *g)
{
	struct group **order;
	size_t i;

	order = xreallocarray(NULL, g->n ? g->n : 1, sizeof(*order));
	for (i = 0; i < g->n; i++)
		order[i] = &g->v[i];
	qsort(order, g->n, sizeof(*order), group_cmp);
	return order;
}

/* Columns of the report scan, in this order, then one per text dim. */
enum {
	COL_RECEIVED_AT, COL_STATUS, COL_FIRST_CONTACT, COL_ACKNOWLEDGED_AT,
	COL_ACK_DUE, COL_LEVEL, COL_CONTACTS, COL_REPEAT_OF, COL_SATISFIED,
	COL_RESOLVED_AT, COL_RESOLVE_DUE, COL_JUSTIFIED, COL_AMOUNT,
	COL__FIXED
};

static const char report_columns[] =
    "received_at, status, first_contact, acknowledged_at, ack_due, level,"
    " contacts, repeat_of, satisfied, resolved_at, resolve_due, justified,"
    " amount";

/* How each dimension of a query finds its value in a row. */
struct dim_reader {
	enum report_dim dim;
	int col;                     /* the text column, for non-time dims */
	struct period_cache by_received, by_resolved;
};

static int
is_open_status(const unsigned char *s)
{
	return s != NULL && (strcmp((const char *)s, "new") == 0 ||
	    strcmp((const char *)s, "acknowledged") == 0 ||
	    strcmp((const char *)s, "assessed") == 0);
}

/* The value of dim reader R in the current row of ST; time dims use T.
 * LEVELBUF holds a level beyond the configured names. */
static const char *
dim_value(struct dim_reader *r, sqlite3_stmt *st, const struct config *cfg,
    int64_t t, int resolved_side, int64_t *rank, char *levelbuf,
    size_t levellen)
{
	const char *s;
	int64_t level;
	int idx;

	*rank = 0;
	switch (r->dim) {
	case RD_WEEK:
	case RD_MONTH:
		return period_label(resolved_side ? &r->by_resolved :
		    &r->by_received, t, rank);
	case RD_LEVEL:
		level = sqlite3_column_int64(st, COL_LEVEL);
		*rank = level;
		if (level >= 0 && level <= INT_MAX &&
		    (s = config_level_name(cfg, (int)level)) != NULL)
			return s;
		snprintf(levelbuf, levellen, "%lld", (long long)level);
		return levelbuf;
	case RD_STATUS:
		s = (const char *)sqlite3_column_text(st, COL_STATUS);
		*rank = s ? status_lookup(s) : 0;
		return s;
	case RD_SEVERITY:
		s = (const char *)sqlite3_column_text(st, r->col);
		if (s && (idx = strlist_find(&cfg->severities, s)) >= 0)
			*rank = idx;
		else
			*rank = INT_MAX; /* unknown ones after, bytewise */
		return s;
	default:
		return (const char *)sqlite3_column_text(st, r->col);
	}
}

static int64_t
column_time(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return TIME_NONE;
	return sqlite3_column_int64(st, i);
}

static struct group *
row_group(struct groups *g, const struct report_query *q,
    struct dim_reader *readers, sqlite3_stmt *st, int64_t t,
    int resolved_side)
{
	const char *val[REPORT_MAX_DIMS];
	int64_t rank[REPORT_MAX_DIMS];
	char levelbuf[REPORT_MAX_DIMS][24];
	int i;

	if (q->ndims == 0)
		return &g->v[0];
	for (i = 0; i < q->ndims; i++)
		val[i] = dim_value(&readers[i], st, q->cfg, t, resolved_side,
		    &rank[i], levelbuf[i], sizeof(levelbuf[i]));
	return groups_get(g, q->ndims, val, rank);
}

static void
count_received(struct group *gr, sqlite3_stmt *st, int64_t received_at)
{
	struct report_stats *s = &gr->s;
	int64_t ack_at, ack_due;
	const unsigned char *sat;

	s->received++;
	if (is_open_status(sqlite3_column_text(st, COL_STATUS)))
		s->open++;
	if (sqlite3_column_int64(st, COL_FIRST_CONTACT))
		s->first_contact++;
	if ((ack_at = column_time(st, COL_ACKNOWLEDGED_AT)) != TIME_NONE) {
		s->acknowledged++;
		ack_due = column_time(st, COL_ACK_DUE);
		if (ack_due == TIME_NONE || ack_at <= ack_due)
			s->ack_in_time++;
		vec32_push(&gr->ack_secs, ack_at - received_at);
	}
	if (sqlite3_column_int64(st, COL_LEVEL) > 0)
		s->escalated++;
	if (sqlite3_column_int64(st, COL_CONTACTS) > 1 ||
	    sqlite3_column_type(st, COL_REPEAT_OF) != SQLITE_NULL)
		s->repeats++;
	if ((sat = sqlite3_column_text(st, COL_SATISFIED)) != NULL) {
		s->followed_up++;
		if (strcmp((const char *)sat, "yes") == 0)
			s->satisfied++;
	}
}

static void
count_resolved(struct group *gr, sqlite3_stmt *st, int64_t received_at,
    int64_t resolved_at)
{
	struct report_stats *s = &gr->s;
	int64_t due = column_time(st, COL_RESOLVE_DUE);
	const unsigned char *j = sqlite3_column_text(st, COL_JUSTIFIED);

	s->resolved++;
	if (due == TIME_NONE || resolved_at <= due)
		s->resolved_in_time++;
	if (j != NULL && strcmp((const char *)j, "yes") == 0)
		s->upheld++;
	if (sqlite3_column_type(st, COL_AMOUNT) != SQLITE_NULL)
		s->redress += sqlite3_column_int64(st, COL_AMOUNT);
	vec32_push(&gr->resolve_secs, resolved_at - received_at);
}

static int
in_period(int64_t t, int64_t since, int64_t until)
{
	return t != TIME_NONE && (since == TIME_NONE || t >= since) &&
	    (until == TIME_NONE || t < until);
}

#define SIDE_RECEIVED 0x1 /* count rows received in the period */
#define SIDE_RESOLVED 0x2 /* count rows resolved in the period */

/* Run SELECT_SQL WHERE_SQL (?1 since, ?2 until) and count SIDES of each
 * row into G. */
static int
report_scan(struct db *db, const struct report_query *q, struct groups *g,
    struct dim_reader *readers, const char *select_sql,
    const char *where_sql, int sides, struct error *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int time_dims = 0, i, rc;

	for (i = 0; i < q->ndims; i++)
		time_dims |= report_dim_is_time(q->dims[i]);
	buf_printf(&sql, "%s%s", select_sql, where_sql);
	if ((rc = db_prepare(db, buf_str(&sql), &st, err)) != 0)
		goto done;
	if (*where_sql) {
		sqlite3_bind_int64(st, 1, q->since != TIME_NONE ? q->since :
		    INT64_MIN);
		sqlite3_bind_int64(st, 2, q->until != TIME_NONE ? q->until :
		    INT64_MAX);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t received_at = sqlite3_column_int64(st, COL_RECEIVED_AT);
		int64_t resolved_at = column_time(st, COL_RESOLVED_AT);
		struct group *gr = NULL;

		if ((sides & SIDE_RECEIVED) &&
		    in_period(received_at, q->since, q->until)) {
			gr = row_group(g, q, readers, st, received_at, 0);
			count_received(gr, st, received_at);
		}
		if ((sides & SIDE_RESOLVED) &&
		    in_period(resolved_at, q->since, q->until)) {
			/* Pointers into g->v move when a group is added. */
			if (gr == NULL || time_dims)
				gr = row_group(g, q, readers, st, resolved_at,
				    1);
			count_resolved(gr, st, received_at, resolved_at);
		}
	}
	rc = rc == SQLITE_DONE ? 0 :
	    db_fail(db, rc, "computing the report", err);
done:
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc;
}

int
report_run(struct db *db, const struct report_query *q, report_row_fn fn,
    void *arg, struct error *err)
{
	struct groups g;
	struct group **order = NULL;
	struct dim_reader readers[REPORT_MAX_DIMS];
	struct buf sql = BUF_INIT;
	const char *val[REPORT_MAX_DIMS];
	int ncols = COL__FIXED, i, rc;
	size_t k;

	memset(&g, 0, sizeof(g));
	memset(readers, 0, sizeof(readers));
	buf_printf(&sql, "SELECT %s", report_columns);
	for (i = 0; i < q->ndims; i++) {
		readers[i].dim = q->dims[i];
		readers[i].by_received.dim = q->dims[i];
		readers[i].by_resolved.dim = q->dims[i];
		if (report_dim_is_time(q->dims[i]) || q->dims[i] == RD_LEVEL ||
		    q->dims[i] == RD_STATUS)
			continue;
		buf_printf(&sql, ", %s", dims[q->dims[i]].column);
		readers[i].col = ncols++;
	}
	buf_puts(&sql, " FROM complaint");
	if (q->ndims == 0)
		groups_get(&g, 0, val, NULL);

	/*
	 * The whole record is one plain table scan counting both sides of
	 * each row. A period is two index range scans, one per side: no
	 * row needs to be seen twice in one scan, so SQLite keeps no set of
	 * rows seen (an OR of the two ranges would, growing with the data).
	 */
	if (q->since == TIME_NONE && q->until == TIME_NONE)
		rc = report_scan(db, q, &g, readers, buf_str(&sql), "",
		    SIDE_RECEIVED | SIDE_RESOLVED, err);
	else if ((rc = report_scan(db, q, &g, readers, buf_str(&sql),
	    " WHERE received_at >= ?1 AND received_at < ?2", SIDE_RECEIVED,
	    err)) == 0)
		rc = report_scan(db, q, &g, readers, buf_str(&sql),
		    " WHERE resolved_at >= ?1 AND resolved_at < ?2",
		    SIDE_RESOLVED, err);
	if (rc != 0)
		goto done;

	order = groups_sorted(&g);
	for (k = 0; k < g.n && rc == 0; k++) {
		struct group *gr = order[k];

		gr->s.median_ack_tenths = report_median_tenths(gr->ack_secs.v,
		    gr->ack_secs.n, 3600);
		gr->s.median_resolve_tenths = report_median_tenths(
		    gr->resolve_secs.v, gr->resolve_secs.n, 86400);
		for (i = 0; i < q->ndims; i++)
			val[i] = gr->val[i];
		rc = fn((const char *const *)val, &gr->s, arg);
	}
done:
	free(order);
	buf_release(&sql);
	groups_release(&g);
	return rc;
}

const char *
overdue_kind_name(enum overdue_kind k)
{
	switch (k) {
	case OD_ACK: return "ack";
	case OD_RESOLVE: return "resolve";
	case OD_CALLBACK: return "callback";
	case OD_FOLLOWUP: return "followup";
	}
	return "?";
}

/*
 * Each arm is a range scan of one partial index (its WHERE implied by the
 * query's, which is how SQLite matches a partial index). INDEXED BY holds
 * the plan there: without statistics the planner would rather walk every
 * open complaint through complaint_status. Resolving clears callback_due
 * and closing clears followup_due, so complaint_callback and
 * complaint_followup hold only what is owed; the status tests keep the
 * arms right should that ever change.
 */
#define OD_COLS ", owner, customer, category FROM complaint"
#define OD_ACK_WHERE \
	" INDEXED BY complaint_ack_pending WHERE acknowledged_at IS NULL" \
	" AND " SCHEMA_OPEN " AND ack_due < ?1"
#define OD_RESOLVE_WHERE \
	" INDEXED BY complaint_resolve_pending" \
	" WHERE " SCHEMA_OPEN " AND resolve_due < ?1"
#define OD_CALLBACK_WHERE \
	" INDEXED BY complaint_callback" \
	" WHERE callback_due IS NOT NULL AND callback_due < ?1" \
	" AND " SCHEMA_OPEN
#define OD_FOLLOWUP_WHERE \
	" INDEXED BY complaint_followup" \
	" WHERE followup_due IS NOT NULL AND followup_due < ?1" \
	" AND status = 'resolved'"

static const char overdue_sql[] =
    "SELECT id, 0, ack_due" OD_COLS OD_ACK_WHERE
    " UNION ALL SELECT id, 1, resolve_due" OD_COLS OD_RESOLVE_WHERE
    " UNION ALL SELECT id, 2, callback_due" OD_COLS OD_CALLBACK_WHERE
    " UNION ALL SELECT id, 3, followup_due" OD_COLS OD_FOLLOWUP_WHERE
    " ORDER BY 3, 1, 2";

static const char *const overdue_first_sql[] = {
	"SELECT id, 0, ack_due" OD_COLS OD_ACK_WHERE " LIMIT 1",
	"SELECT id, 1, resolve_due" OD_COLS OD_RESOLVE_WHERE " LIMIT 1",
	"SELECT id, 2, callback_due" OD_COLS OD_CALLBACK_WHERE " LIMIT 1",
	"SELECT id, 3, followup_due" OD_COLS OD_FOLLOWUP_WHERE " LIMIT 1",
};

static int
overdue_query(struct db *db, const char *sql, int64_t now, overdue_fn fn,
    void *arg, int64_t *n, struct error *err)
{
	sqlite3_stmt *st;
	struct overdue_item it;
	int owned, rc;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		it.id = sqlite3_column_int64(st, 0);
		it.kind = (enum overdue_kind)sqlite3_column_int(st, 1);
		it.due = sqlite3_column_int64(st, 2);
		it.owner = (const char *)sqlite3_column_text(st, 3);
		it.customer = (const char *)sqlite3_column_text(st, 4);
		it.category = (const char *)sqlite3_column_text(st, 5);
		(*n)++;
		if (fn != NULL && (rc = fn(&it, arg)) != 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 :
	    db_fail(db, rc, "listing what is overdue", err);
done:
	db_release_stmt(st, owned);
	return rc;
}

int
report_overdue(struct db *db, int64_t now, int first_only, overdue_fn fn,
    void *arg, int64_t *n, struct error *err)
{
	size_t i;
	int rc;

	*n = 0;
	if (!first_only)
		return overdue_query(db, overdue_sql, now, fn, arg, n, err);
	for (i = 0; i < sizeof(overdue_first_sql) /
	    sizeof(overdue_first_sql[0]); i++) {
		if ((rc = overdue_query(db, overdue_first_sql[i], now, fn, arg,
		    n, err)) != 0)
			return rc;
		if (*n > 0)
			break;
	}
	return 0;
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

static void
fca_count(struct report_fca *r, const struct config *cfg, int64_t since,
    int64_t until, int64_t received_at, int64_t resolved_at,
    const unsigned char *justified, sqlite3_stmt *st)
{
	static const struct duration three_bd = { 3, DUR_BUSINESS_DAYS };
	static const struct duration four_w = { 4, DUR_WEEKS };
	static const struct duration eight_w = { 8, DUR_WEEKS };

	if (received_at >= since && received_at < until)
		r->opened++;
	if (received_at < since && (resolved_at == TIME_NONE ||
	    resolved_at >= since))
		r->outstanding_start++;
	if (!in_period(resolved_at, since, until))
		return;
	r->closed++;
	if (resolved_at <= time_add(&cfg->calendar, received_at, &three_bd))
		r->closed_3bd++;
	else if (resolved_at <= time_add(&cfg->calendar, received_at, &four_w))
		r->closed_4w++;
	else if (resolved_at <= time_add(&cfg->calendar, received_at,
	    &eight_w))
		r->closed_8w++;
	else
		r->closed_over_8w++;
	if (justified != NULL && strcmp((const char *)justified, "yes") == 0)
		r->upheld++;
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		r->redress += sqlite3_column_int64(st, 4);
}

static const char fca_sql[] =
    "SELECT category, received_at, resolved_at, justified, amount"
    " FROM complaint WHERE received_at < ?2"
    " AND (resolved_at IS NULL OR resolved_at >= ?1)";

int
report_fca_run(struct db *db, const struct config *cfg, int64_t since,
    int64_t until, report_fca_fn fn, void *arg, struct error *err)
{
	struct groups g;
	struct group **order = NULL;
	struct report_fca total;
	sqlite3_stmt *st;
	int owned, rc;
	size_t k;

	memset(&g, 0, sizeof(g));
	memset(&total, 0, sizeof(total));
	if ((rc = db_prepare_cached(db, fca_sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *category = (const char *)sqlite3_column_text(st, 0);
		int64_t received_at = sqlite3_column_int64(st, 1);
		int64_t resolved_at = column_time(st, 2);
		const unsigned char *justified = sqlite3_column_text(st, 3);
		int64_t rank = 0;
		struct group *gr;

		gr = groups_get(&g, 1, (const char *const *)&category,
		    &rank);
		fca_count(&gr->fca, cfg, since, until, received_at,
		    resolved_at, justified, st);
		fca_count(&total, cfg, since, until, received_at, resolved_at,
		    justified, st);
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "computing the return", err);
		goto done;
	}
	order = groups_sorted(&g);
	rc = 0;
	for (k = 0; k < g.n && rc == 0; k++)
		rc = fn(order[k]->val[0], 0, &order[k]->fca, arg);
	if (rc == 0)
		rc = fn(NULL, 1, &total, arg);
done:
	free(order);
	db_release_stmt(st, owned);
	groups_release(&g);
	return rc;
}
