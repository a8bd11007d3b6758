/*
 * Reports over a constructed data set whose every expected number is
 * worked out by hand in the comments: the SPEC 6 metrics whole, for a
 * period and by every dimension, the overdue list and the FCA return;
 * and the pure helpers (periods, bars); percentages and medians are
 * check_stats.c's.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complaint.h"
#include "config.h"
#include "store.h"
#include "store/driver.h"
#include "replay.h"
#include "report.h"
#include "report_html.h"
#include "timeutil.h"
#include "xmalloc.h"
#include "scratch.h"

static char dbpath[256];
static struct store *db;
static struct config cfg;

static void
setup(void)
{
	struct error err;

	ck_assert_int_eq(tz_set("UTC", &err), 0);
	config_defaults(&cfg);
	scratch_path(dbpath, sizeof(dbpath), "report");
	ck_assert_int_eq(scratch_open(&db, dbpath, 5000, 0, &err), 0);
}

static void
teardown(void)
{
	store_close(db);
	config_release(&cfg);
	scratch_remove(dbpath);
}

static int64_t
T(const char *s)
{
	int64_t t;

	if (s == NULL)
		return TIME_NONE;
	ck_assert_int_eq(time_parse_rfc3339(s, &t), 0);
	return t;
}

/* One complaint of the data set; times in RFC 3339, NULL for unset. */
struct spec {
	const char *category, *channel, *owner, *status, *severity;
	const char *received, *ack_due, *ack_at, *resolve_due, *resolved;
	const char *justified, *satisfied, *root_cause;
	int first_contact, level, contacts;
	int64_t repeat_of, amount;
	const char *followup_due, *callback_due;
};

/*
 * The data set. Weeks are ISO weeks (2026-11-02 is a Monday, W45).
 *
 * C1 billing  phone alice  rec Mon 11-02 09:00 (W45)  ack +2h (due +24h)
 *    resolved Thu 11-05 09:00 (3 days, in time), upheld, 12.50,
 *    satisfied yes, severity high, root cause courier, follow-up owed
 *    since 11-09 09:00 (overdue at 11-19 10:00 by 241h)
 * C2 billing  email bob    rec Fri 11-06 16:00 (W45)  ack Mon 11-09 10:00
 *    (66h, late), resolve due 11-10 16:00, resolved Thu 11-12 16:00
 *    (6 days, late), not upheld, 5.00, satisfied no, level 1, 2 contacts,
 *    severity low, closed (its past follow-up is not owed)
 * C3 delivery phone alice  rec Tue 11-10 09:00 (W46)  resolved at first
 *    contact at once (ack 0h, 0 days), justified unknown, no amount
 * C4 delivery chat  carol  rec Mon 11-16 10:00 (W47)  new, not acked, ack
 *    due 11-17 10:00 (overdue 48h at 11-19 10:00), level 2, a repeat of
 *    C3, severity critical
 * C5 (none)   phone alice  rec Tue 11-17 12:00 (W47)  ack +1.5h, 3
 *    contacts, acknowledged; resolve due 11-18 12:00 (overdue 22h),
 *    call-back due 11-19 09:00 (overdue 1h). Was resolved 11-17 14:00 and
 *    reopened: that resolution no longer counts.
 * C6 billing  phone alice  rec Tue 10-20 09:00 (W43)  ack +1h; resolved
 *    11-03, reopened, re-resolved Wed 11-18 09:00 (29 days, in time),
 *    upheld, 100.00, root cause pricing; follow-up due 11-20 (not yet)
 */
static const struct spec dataset[] = {
	{ "billing", "phone", "alice", "resolved", "high",
	  "2026-11-02T09:00:00Z", "2026-11-03T09:00:00Z",
	  "2026-11-02T11:00:00Z", "2026-12-28T09:00:00Z",
	  "2026-11-05T09:00:00Z", "yes", "yes", "courier", 0, 0, 1, 0, 1250,
	  "2026-11-09T09:00:00Z", NULL },
	{ "billing", "email", "bob", "closed", "low",
	  "2026-11-06T16:00:00Z", "2026-11-07T16:00:00Z",
	  "2026-11-09T10:00:00Z", "2026-11-10T16:00:00Z",
	  "2026-11-12T16:00:00Z", "no", "no", NULL, 0, 1, 2, 0, 500,
	  "2026-11-16T16:00:00Z", NULL },
	{ "delivery", "phone", "alice", "resolved", NULL,
	  "2026-11-10T09:00:00Z", "2026-11-11T09:00:00Z",
	  "2026-11-10T09:00:00Z", "2027-01-05T09:00:00Z",
	  "2026-11-10T09:00:00Z", "unknown", NULL, NULL, 1, 0, 1, 0,
	  NUM_NONE, NULL, NULL },
	{ "delivery", "chat", "carol", "new", "critical",
	  "2026-11-16T10:00:00Z", "2026-11-17T10:00:00Z", NULL,
	  "2027-01-11T10:00:00Z", NULL, NULL, NULL, NULL, 0, 2, 1, 3,
	  NUM_NONE, NULL, NULL },
	{ NULL, "phone", "alice", "resolved", NULL,
	  "2026-11-17T12:00:00Z", "2026-11-18T12:00:00Z",
	  "2026-11-17T13:30:00Z", "2026-11-18T12:00:00Z",
	  "2026-11-17T14:00:00Z", NULL, NULL, NULL, 0, 0, 3, 0, NUM_NONE,
	  NULL, "2026-11-19T09:00:00Z" },
	{ "billing", "phone", "alice", "resolved", NULL,
	  "2026-10-20T09:00:00Z", "2026-10-21T09:00:00Z",
	  "2026-10-20T10:00:00Z", "2026-12-15T09:00:00Z",
	  "2026-11-03T09:00:00Z", "yes", NULL, "pricing", 0, 0, 1, 0, 10000,
	  "2026-11-20T09:00:00Z", NULL },
};

static int64_t
insert_spec(const struct spec *s)
{
	struct complaint c;
	struct error err;

	complaint_init(&c);
	c.status = status_lookup(s->status);
	c.received_at = T(s->received);
	c.channel = xstrdup(s->channel);
	c.customer = xstrdup("Customer");
	c.owner = xstrdup(s->owner);
	c.category = xstrdup_or_null(s->category);
	c.severity = xstrdup_or_null(s->severity);
	c.ack_due = T(s->ack_due);
	c.acknowledged_at = T(s->ack_at);
	c.resolve_due = T(s->resolve_due);
	c.resolved_at = T(s->resolved);
	c.justified = xstrdup_or_null(s->justified);
	c.satisfied = xstrdup_or_null(s->satisfied);
	c.root_cause = xstrdup_or_null(s->root_cause);
	c.first_contact = s->first_contact;
	c.level = s->level;
	c.contacts = s->contacts;
	c.repeat_of = s->repeat_of ? s->repeat_of : NUM_NONE;
	c.amount = s->amount;
	c.followup_due = T(s->followup_due);
	c.callback_due = T(s->callback_due);
	ck_assert_int_eq(store_complaint_insert(db, &c, "alice", c.received_at,
	    "log", NULL, &err), 0);
	complaint_release(&c);
	return c.id;
}

/* Change complaint ID through the history, as the lifecycle does. */
static void
set_status(int64_t id, const char *status, const char *resolved)
{
	struct complaint before, after;
	struct error err;

	ck_assert_int_eq(store_complaint_load(db, "CMP", id, &before, &err), 0);
	complaint_copy(&after, &before);
	after.status = status_lookup(status);
	after.resolved_at = T(resolved);
	ck_assert_int_eq(store_complaint_update(db, &before, &after, "alice",
	    T("2026-11-18T09:00:00Z"), resolved ? "resolve" : "reopen", NULL,
	    &err), 0);
	complaint_release(&before);
	complaint_release(&after);
}

static void
load_dataset(void)
{
	size_t i;

	for (i = 0; i < sizeof(dataset) / sizeof(dataset[0]); i++)
		ck_assert_int_eq(insert_spec(&dataset[i]), (int64_t)i + 1);
	/* C5 reopened: no resolution counts. */
	set_status(5, "acknowledged", NULL);
	/* C6 reopened and resolved again: the latest resolution counts. */
	set_status(6, "assessed", NULL);
	set_status(6, "resolved", "2026-11-18T09:00:00Z");
}

/* A row as "GROUP[/GROUP]: received open resolved fcr ack_in_time
 * resolved_in_time median_ack median_resolve escalated upheld repeat
 * satisfied redress", "-" for an empty cell. */
struct rows {
	char text[32][256];
	int n;
	int ndims;
};

static const char *
or_dash(const char *s)
{
	return s ? s : "-";
}

static int
collect(const char *const *group, const struct report_stats *s, void *arg)
{
	struct rows *r = arg;
	char p[9][16], redress[32], *line;

	ck_assert_int_lt(r->n, 32);
	line = r->text[r->n++];
	amount_format(s->redress, redress, sizeof(redress));
	snprintf(line, 256, "%s%s%s: %lld %lld %lld %s %s %s %s %s %s %s %s "
	    "%s %s", r->ndims > 0 ? or_dash(group[0]) : "",
	    r->ndims > 1 ? "/" : "", r->ndims > 1 ? or_dash(group[1]) : "",
	    (long long)s->received, (long long)s->open,
	    (long long)s->resolved,
	    or_dash(report_pct(s->first_contact, s->received, p[0], 16)),
	    or_dash(report_pct(s->ack_in_time, s->acknowledged, p[1], 16)),
	    or_dash(report_pct(s->resolved_in_time, s->resolved, p[2], 16)),
	    or_dash(report_tenths(s->median_ack_tenths, p[3], 16)),
	    or_dash(report_tenths(s->median_resolve_tenths, p[4], 16)),
	    or_dash(report_pct(s->escalated, s->received, p[5], 16)),
	    or_dash(report_pct(s->upheld, s->resolved, p[6], 16)),
	    or_dash(report_pct(s->repeats, s->received, p[7], 16)),
	    or_dash(report_pct(s->satisfied, s->followed_up, p[8], 16)),
	    redress);
	return 0;
}

static const struct {
	const char *by;       /* NULL: no --by */
	const char *since, *until;
	const char *rows[8];
} report_cases[] = {
	/*
	 * Whole record. received 6; open C4 C5 = 2; resolved C1 C2 C3 C6 = 4
	 * (C5's resolution was undone). fcr C3: 1/6 = 16.7. acknowledged C1
	 * C2 C3 C5 C6, in time all but C2: 4/5 = 80.0. resolved in time all
	 * but C2: 3/4 = 75.0. ack hours 0 1 1.5 2 66: median 1.5. resolve
	 * days 0 3 6 29: (3+6)/2 = 4.5. escalated C2 C4: 2/6 = 33.3. upheld
	 * C1 C6: 2/4 = 50.0. repeats C2 (2 contacts) C4 (repeat of) C5 (3):
	 * 3/6 = 50.0. followed up C1 yes C2 no: 1/2 = 50.0. redress 12.50 +
	 * 5.00 + 100.00 = 117.50.
	 */
	{ NULL, NULL, NULL,
	  { ": 6 2 4 16.7 80.0 75.0 1.5 4.5 33.3 50.0 50.0 50.0 117.50" } },
	/*
	 * November: received C1-C5 = 5, open 2; resolved C1 C2 C3 C6 = 4
	 * (C6 received in October, resolved 11-18). fcr 1/5 = 20.0; acked C1
	 * C2 C3 C5, in time 3/4 = 75.0; ack hours 0 1.5 2 66: (1.5+2)/2 =
	 * 1.75, one decimal half away from zero: 1.8. escalated 2/5 = 40.0;
	 * repeats 3/5 = 60.0; the rest as above.
	 */
	{ NULL, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z",
	  { ": 5 2 4 20.0 75.0 75.0 1.8 4.5 40.0 50.0 60.0 50.0 117.50" } },
	/* An empty period: one row of zeros and empty percentages. */
	{ NULL, "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z",
	  { ": 0 0 0 - - - - - - - - - 0.00" } },
	/*
	 * billing C1 C2 C6: fcr 0/3; acked 3, in time 2/3 = 66.7; resolved
	 * 3 in time 2/3; ack hours 1 2 66: 2.0; days 3 6 29: 6.0; escalated
	 * 1/3 = 33.3; upheld 2/3 = 66.7; repeats C2 1/3; satisfied 1/2.
	 * delivery C3 C4: open C4; fcr 1/2; acked C3 1/1; resolved C3 1/1;
	 * escalated C4 1/2; upheld 0/1; repeats C4 1/2; none followed up.
	 * none: C5: open, acked 1/1 at 1.5h, 3 contacts, nothing resolved.
	 */
	{ "category", NULL, NULL,
	  { "billing: 3 0 3 0.0 66.7 66.7 2.0 6.0 33.3 66.7 33.3 50.0 117.50",
	    "delivery: 2 1 1 50.0 100.0 100.0 0.0 0.0 50.0 0.0 50.0 - 0.00",
	    "-: 1 1 0 0.0 100.0 - 1.5 - 0.0 - 100.0 - 0.00" } },
	/* chat C4; email C2; phone C1 C3 C5 C6: acked 4, in time 4; ack
	 * hours 0 1 1.5 2: 1.25 -> 1.3; resolved C1 C3 C6: days 0 3 29: 3.0;
	 * upheld C1 C6 2/3; repeats C5 1/4 = 25.0; followed up C1 1/1. */
	{ "channel", NULL, NULL,
	  { "chat: 1 1 0 0.0 - - - - 100.0 - 100.0 - 0.00",
	    "email: 1 0 1 0.0 0.0 0.0 66.0 6.0 100.0 0.0 100.0 0.0 5.00",
	    "phone: 4 1 3 25.0 100.0 100.0 1.3 3.0 0.0 66.7 25.0 100.0 "
	    "112.50" } },
	/* No department anywhere: one "none" group of everything. */
	{ "department", NULL, NULL,
	  { "-: 6 2 4 16.7 80.0 75.0 1.5 4.5 33.3 50.0 50.0 50.0 117.50" } },
	/* alice C1 C3 C5 C6 as phone above; bob C2; carol C4. */
	{ "owner", NULL, NULL,
	  { "alice: 4 1 3 25.0 100.0 100.0 1.3 3.0 0.0 66.7 25.0 100.0 "
	    "112.50",
	    "bob: 1 0 1 0.0 0.0 0.0 66.0 6.0 100.0 0.0 100.0 0.0 5.00",
	    "carol: 1 1 0 0.0 - - - - 100.0 - 100.0 - 0.00" } },
	/* Configured order low medium high critical, then none (C3 C5 C6:
	 * acked 3 at 0 1 1.5 h: 1.0; resolved C3 C6: days 0 29: 14.5). */
	{ "severity", NULL, NULL,
	  { "low: 1 0 1 0.0 0.0 0.0 66.0 6.0 100.0 0.0 100.0 0.0 5.00",
	    "high: 1 0 1 0.0 100.0 100.0 2.0 3.0 0.0 100.0 0.0 100.0 12.50",
	    "critical: 1 1 0 0.0 - - - - 100.0 - 100.0 - 0.00",
	    "-: 3 1 2 33.3 100.0 100.0 1.0 14.5 0.0 50.0 33.3 - 100.00" } },
	/* Level order: frontline C1 C3 C5 C6, then the configured levels. */
	{ "level", NULL, NULL,
	  { "frontline: 4 1 3 25.0 100.0 100.0 1.3 3.0 0.0 66.7 25.0 100.0 "
	    "112.50",
	    "complaint-manager: 1 0 1 0.0 0.0 0.0 66.0 6.0 100.0 0.0 100.0 "
	    "0.0 5.00",
	    "senior-management: 1 1 0 0.0 - - - - 100.0 - 100.0 - 0.00" } },
	/* Lifecycle order: new C4, acknowledged C5, resolved C1 C3 C6 (ack
	 * 0 1 2: 1.0; days 0 3 29: 3.0; upheld 2/3; satisfied C1 1/1),
	 * closed C2. */
	{ "status", NULL, NULL,
	  { "new: 1 1 0 0.0 - - - - 100.0 - 100.0 - 0.00",
	    "acknowledged: 1 1 0 0.0 100.0 - 1.5 - 0.0 - 100.0 - 0.00",
	    "resolved: 3 0 3 33.3 100.0 100.0 1.0 3.0 0.0 66.7 0.0 100.0 "
	    "112.50",
	    "closed: 1 0 1 0.0 0.0 0.0 66.0 6.0 100.0 0.0 100.0 0.0 5.00" } },
	/* courier C1, pricing C6 (ack 1h, 29 days), none C2-C5. */
	{ "root-cause", NULL, NULL,
	  { "courier: 1 0 1 0.0 100.0 100.0 2.0 3.0 0.0 100.0 0.0 100.0 "
	    "12.50",
	    "pricing: 1 0 1 0.0 100.0 100.0 1.0 29.0 0.0 100.0 0.0 - 100.00",
	    "-: 4 2 2 25.0 66.7 50.0 1.5 3.0 50.0 0.0 75.0 0.0 5.00" } },
	/*
	 * By received month for received counts, resolved month for
	 * resolved ones: October has C6 received (ack 1h) and nothing
	 * resolved; November is the November period above.
	 */
	{ "month", NULL, NULL,
	  { "2026-10: 1 0 0 0.0 100.0 - 1.0 - 0.0 - 0.0 - 0.00",
	    "2026-11: 5 2 4 20.0 75.0 75.0 1.8 4.5 40.0 50.0 60.0 50.0 "
	    "117.50" } },
	/*
	 * W43 received C6. W45 received C1 C2 (ack 2h and 66h: 34.0),
	 * resolved C1 (11-05). W46 received C3, resolved C3 (11-10) and C2
	 * (11-12): in time 1/2, days 0 and 6: 3.0, upheld 0/2, 5.00. W47
	 * received C4 C5 (ack 1.5h), resolved C6 (11-18, 29 days, 100.00).
	 */
	{ "week", NULL, NULL,
	  { "2026-W43: 1 0 0 0.0 100.0 - 1.0 - 0.0 - 0.0 - 0.00",
	    "2026-W45: 2 0 1 0.0 50.0 100.0 34.0 3.0 50.0 100.0 50.0 50.0 "
	    "12.50",
	    "2026-W46: 1 0 2 100.0 100.0 50.0 0.0 3.0 0.0 0.0 0.0 - 5.00",
	    "2026-W47: 2 2 1 0.0 100.0 100.0 1.5 29.0 50.0 100.0 100.0 - "
	    "100.00" } },
	/*
	 * Pairs: billing in October received C6; billing in November
	 * received C1 C2 and resolved C1 C2 C6; delivery in November C3 C4;
	 * none in November C5.
	 */
	{ "category,month", NULL, NULL,
	  { "billing/2026-10: 1 0 0 0.0 100.0 - 1.0 - 0.0 - 0.0 - 0.00",
	    "billing/2026-11: 2 0 3 0.0 50.0 66.7 34.0 6.0 50.0 66.7 50.0 "
	    "50.0 117.50",
	    "delivery/2026-11: 2 1 1 50.0 100.0 100.0 0.0 0.0 50.0 0.0 50.0 "
	    "- 0.00",
	    "-/2026-11: 1 1 0 0.0 100.0 - 1.5 - 0.0 - 100.0 - 0.00" } },
};

static int
parse_dims(const char *by, struct report_query *q)
{
	char buf[64], *p, *tok;

	q->ndims = 0;
	if (by == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "%s", by);
	for (p = buf; (tok = strsep(&p, ",")) != NULL;)
		q->dims[q->ndims++] = (enum report_dim)report_dim_lookup(tok);
	return 0;
}

START_TEST(test_report_dataset)
{
	struct report_query q;
	struct rows rows;
	struct error err;
	int i, want = 0;

	load_dataset();
	memset(&q, 0, sizeof(q));
	q.cfg = &cfg;
	q.now = T("2026-11-19T10:00:00Z");
	q.since = T(report_cases[_i].since);
	q.until = T(report_cases[_i].until);
	parse_dims(report_cases[_i].by, &q);
	rows.n = 0;
	rows.ndims = q.ndims;
	ck_assert_int_eq(report_run(db, &q, collect, &rows, &err), 0);
	for (i = 0; i < 8 && report_cases[_i].rows[i]; i++)
		want++;
	for (i = 0; i < rows.n && i < want; i++)
		ck_assert_str_eq(rows.text[i], report_cases[_i].rows[i]);
	ck_assert_int_eq(rows.n, want);
}
END_TEST

/* A complaint received at RECEIVED and, unless TIME_NONE, acknowledged
 * at ACK and resolved at RESOLVED, with OWNER and LEVEL; nothing else
 * that a report counts. */
static void
insert_simple(const char *owner, int64_t received, int64_t ack,
    int64_t resolved, int level)
{
	struct complaint c;
	struct error err;

	complaint_init(&c);
	c.status = status_lookup(resolved != TIME_NONE ? "resolved" : "new");
	c.received_at = received;
	c.channel = xstrdup("phone");
	c.customer = xstrdup("Customer");
	c.owner = xstrdup(owner);
	c.acknowledged_at = ack;
	c.resolved_at = resolved;
	c.level = level;
	ck_assert_int_eq(store_complaint_insert(db, &c, "alice", received, "log",
	    NULL, &err), 0);
	complaint_release(&c);
}

/* Rows as "GROUP[/GROUP]: received resolved". */
static int
collect_counts(const char *const *group, const struct report_stats *s,
    void *arg)
{
	struct rows *r = arg;

	ck_assert_int_lt(r->n, 32);
	snprintf(r->text[r->n++], 256, "%s%s%s: %lld %lld", or_dash(group[0]),
	    r->ndims > 1 ? "/" : "", r->ndims > 1 ? or_dash(group[1]) : "",
	    (long long)s->received, (long long)s->resolved);
	return 0;
}

/*
 * Around both changes of summer time in London and the month ends at
 * local midnight (the bounds of test_period_london), mostly in time
 * order, as the rows of a real database come, so that each row meets the
 * periods remembered from the rows before it; then back and forth over
 * two bounds, as resolutions come when one case takes longer than the
 * next. Each complaint is resolved when the next one is received (before
 * it, for 14, 15 and 17: this tests the periods only), the last one not
 * at all: the resolutions walk the same bounds one row behind.
 */
static const char *const london_times[] = {
	"2026-03-23T00:30:00Z", /*  1 Mon 00:30 GMT           W13 03 */
	"2026-03-29T00:59:59Z", /*  2 Sun, the last GMT second W13 03 */
	"2026-03-29T22:59:59Z", /*  3 Sun 23:59:59 BST         W13 03 */
	"2026-03-29T23:00:00Z", /*  4 Mon 00:00 BST            W14 03 */
	"2026-03-31T22:59:59Z", /*  5 Tue 23:59:59 BST         W14 03 */
	"2026-03-31T23:00:00Z", /*  6 Wed 04-01 00:00 BST      W14 04 */
	"2026-10-18T22:59:59Z", /*  7 Sun 23:59:59 BST         W42 10 */
	"2026-10-18T23:00:00Z", /*  8 Mon 00:00 BST            W43 10 */
	"2026-10-25T00:30:00Z", /*  9 Sun 01:30 BST            W43 10 */
	"2026-10-25T01:30:00Z", /* 10 Sun 01:30 GMT, again     W43 10 */
	"2026-10-25T23:59:59Z", /* 11 Sun 23:59:59 GMT         W43 10 */
	"2026-10-26T00:00:00Z", /* 12 Mon 00:00 GMT            W44 10 */
	"2026-10-31T23:59:59Z", /* 13 Sat 23:59:59 GMT         W44 10 */
	"2026-11-01T00:00:00Z", /* 14 Sun 11-01 00:00 GMT      W44 11 */
	"2026-10-26T00:00:00Z", /* 15 as 12                    W44 10 */
	"2026-10-25T23:59:59Z", /* 16 as 11, a second before   W43 10 */
	"2026-11-01T00:00:00Z", /* 17 as 14                    W44 11 */
	"2026-10-31T23:59:59Z", /* 18 as 13, a second before   W44 10 */
};

static const struct {
	const char *by;
	const char *rows[8];
} london_reports[] = {
	/* Received 1-5, 6, 7-13 15 16 18, 14 17; resolved (at 2-18) 2-5,
	 * 6, 7-13 15 16 18, 14 17. */
	{ "month", { "2026-03: 5 4", "2026-04: 1 1", "2026-10: 10 10",
	  "2026-11: 2 2" } },
	/* Received 1-3, 4-6, 7, 8-11 16, 12-15 17 18; resolved 2-3, 4-6,
	 * 7, 8-11 16, 12-15 17 18. */
	{ "week", { "2026-W13: 3 2", "2026-W14: 3 3", "2026-W42: 1 1",
	  "2026-W43: 5 5", "2026-W44: 6 6" } },
};

START_TEST(test_report_london_periods)
{
	struct report_query q;
	struct rows rows;
	struct error err;
	size_t i, n = sizeof(london_times) / sizeof(london_times[0]);
	int want = 0;

	ck_assert_int_eq(tz_set("Europe/London", &err), 0);
	for (i = 0; i < n; i++)
		insert_simple("alice", T(london_times[i]), TIME_NONE,
		    i + 1 < n ? T(london_times[i + 1]) : TIME_NONE, 0);
	memset(&q, 0, sizeof(q));
	q.cfg = &cfg;
	q.now = T("2026-11-19T10:00:00Z");
	q.since = q.until = TIME_NONE;
	parse_dims(london_reports[_i].by, &q);
	rows.n = 0;
	rows.ndims = q.ndims;
	ck_assert_int_eq(report_run(db, &q, collect_counts, &rows, &err), 0);
	for (i = 0; i < 8 && london_reports[_i].rows[i]; i++) {
		ck_assert_int_lt(i, rows.n);
		ck_assert_str_eq(rows.text[i], london_reports[_i].rows[i]);
		want++;
	}
	ck_assert_int_eq(rows.n, want);
	ck_assert_int_eq(tz_set("UTC", &err), 0);
}
END_TEST

static int
check_many(const char *const *group, const struct report_stats *s,
    void *arg)
{
	int *n = arg;
	char want[16];

	/* Owners o000..o299 bytewise, each in October then November. */
	snprintf(want, sizeof(want), "o%03d", *n / 2);
	ck_assert_str_eq(group[0], want);
	ck_assert_str_eq(group[1], *n % 2 ? "2026-11" : "2026-10");
	ck_assert_int_eq(s->received, (*n % 2) ? 1 : 2);
	ck_assert_int_eq(s->resolved, *n % 2);
	(*n)++;
	return 0;
}

/* Hundreds of values and groups: the tables of both grow many times
 * while the scan runs, and every group keeps its own counts. */
START_TEST(test_report_many_groups)
{
	struct report_query q;
	struct error err;
	char owner[16];
	int i, n = 0;

	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	/* Two in October and one in November for each owner, in orders
	 * unlike the sorted one, the second October ones after both tables
	 * have grown; the November ones are resolved in November. */
	for (i = 0; i < 300; i++) {
		snprintf(owner, sizeof(owner), "o%03d", (i * 7) % 300);
		insert_simple(owner, T("2026-10-05T09:00:00Z") + i, TIME_NONE,
		    TIME_NONE, 0);
	}
	for (i = 0; i < 300; i++) {
		snprintf(owner, sizeof(owner), "o%03d", 299 - i);
		insert_simple(owner, T("2026-11-05T09:00:00Z") + i, TIME_NONE,
		    T("2026-11-20T09:00:00Z"), 0);
	}
	for (i = 0; i < 300; i++) {
		snprintf(owner, sizeof(owner), "o%03d", (i * 13) % 300);
		insert_simple(owner, T("2026-10-06T09:00:00Z") + i, TIME_NONE,
		    TIME_NONE, 0);
	}
	ck_assert_int_eq(store_commit(db, &err), 0);
	memset(&q, 0, sizeof(q));
	q.cfg = &cfg;
	q.now = T("2026-11-19T10:00:00Z");
	q.since = q.until = TIME_NONE;
	parse_dims("owner,month", &q);
	ck_assert_int_eq(report_run(db, &q, check_many, &n, &err), 0);
	ck_assert_int_eq(n, 600);
}
END_TEST

/*
 * A level without a configured name is its number, after the named
 * ones; and a time of 0 (the epoch) is a time, not an unset one: the
 * first complaint was received, acknowledged and resolved at once at
 * the epoch.
 */
START_TEST(test_report_level_and_epoch)
{
	struct report_query q;
	struct rows rows;
	struct error err;

	insert_simple("alice", 0, 0, 0, 7);
	insert_simple("bob", T("2026-11-02T09:00:00Z"), TIME_NONE, TIME_NONE,
	    1);
	memset(&q, 0, sizeof(q));
	q.cfg = &cfg;
	q.now = T("2026-11-19T10:00:00Z");
	q.since = q.until = TIME_NONE;
	parse_dims("level", &q);
	rows.n = 0;
	rows.ndims = q.ndims;
	ck_assert_int_eq(report_run(db, &q, collect, &rows, &err), 0);
	ck_assert_int_eq(rows.n, 2);
	ck_assert_str_eq(rows.text[0],
	    "complaint-manager: 1 1 0 0.0 - - - - 100.0 - 0.0 - 0.00");
	ck_assert_str_eq(rows.text[1],
	    "7: 1 0 1 0.0 100.0 100.0 0.0 0.0 100.0 0.0 0.0 - 0.00");
}
END_TEST

struct od_rows {
	char text[8][96];
	int n;
};

static int
od_collect(const struct overdue_item *it, void *arg)
{
	struct od_rows *r = arg;
	char due[TIME_STRLEN];

	ck_assert_int_lt(r->n, 8);
	time_format_utc(it->due, due, sizeof(due));
	snprintf(r->text[r->n++], 96, "%lld %s %s %s", (long long)it->id,
	    overdue_kind_name(it->kind), due, it->owner);
	return 0;
}

START_TEST(test_overdue)
{
	struct od_rows r;
	struct error err;
	int64_t n;

	load_dataset();
	/*
	 * At Thu 11-19 10:00, most overdue first: C1's follow-up (due
	 * 11-09), C4's acknowledgement (11-17 10:00), C5's resolution
	 * (11-18 12:00) and call-back (11-19 09:00). C2 is closed; C6's
	 * follow-up is due tomorrow; C4's resolution in January.
	 */
	r.n = 0;
	ck_assert_int_eq(report_overdue(db, T("2026-11-19T10:00:00Z"), 0,
	    od_collect, &r, &n, &err), 0);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(r.n, 4);
	ck_assert_str_eq(r.text[0], "1 followup 2026-11-09T09:00:00Z alice");
	ck_assert_str_eq(r.text[1], "4 ack 2026-11-17T10:00:00Z carol");
	ck_assert_str_eq(r.text[2], "5 resolve 2026-11-18T12:00:00Z alice");
	ck_assert_str_eq(r.text[3], "5 callback 2026-11-19T09:00:00Z alice");
	/* The cron check stops at the first one. */
	r.n = 0;
	ck_assert_int_eq(report_overdue(db, T("2026-11-19T10:00:00Z"), 1,
	    od_collect, &r, &n, &err), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(r.n, 1);
	/* A deadline exactly now is not yet overdue: C5's call-back. */
	r.n = 0;
	ck_assert_int_eq(report_overdue(db, T("2026-11-19T09:00:00Z"), 0,
	    od_collect, &r, &n, &err), 0);
	ck_assert_int_eq(n, 3);
	/* Before anything fell due: nothing, with either query. */
	ck_assert_int_eq(report_overdue(db, T("2026-11-02T10:00:00Z"), 0,
	    NULL, NULL, &n, &err), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(report_overdue(db, T("2026-11-02T10:00:00Z"), 1,
	    NULL, NULL, &n, &err), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

struct fca_rows {
	char text[8][128];
	int n;
};

static int
fca_collect(const char *product, const char *cause, int total,
    const struct report_fca *f, void *arg)
{
	struct fca_rows *r = arg;
	char pct[16], redress[32];

	ck_assert_int_lt(r->n, 8);
	amount_format(f->redress, redress, sizeof(redress));
	snprintf(r->text[r->n++], 128, "%s/%s: %lld %lld %lld %lld %lld "
	    "%lld %lld %s %s", total ? "total" : or_dash(product),
	    or_dash(cause), (long long)f->opened,
	    (long long)f->outstanding_start, (long long)f->closed,
	    (long long)f->closed_3bd, (long long)f->closed_8w,
	    (long long)f->closed_over_8w, (long long)f->upheld,
	    or_dash(report_pct(f->upheld, f->closed, pct, sizeof(pct))),
	    redress);
	return 0;
}

START_TEST(test_fca_return)
{
	static const struct spec extra[] = {
		/* C7: received 09-01, resolved 11-03 (63 days: over 8
		 * weeks), outstanding at the start of November. */
		{ "staff conduct", "letter", "dan", "resolved", NULL,
		  "2026-09-01T09:00:00Z", NULL, "2026-09-01T10:00:00Z", NULL,
		  "2026-11-03T09:00:00Z", "no", NULL, NULL, 0, 0, 1, 0,
		  NUM_NONE, NULL, NULL },
		/* C8: received and resolved in September: not in the
		 * November return at all. */
		{ "delivery", "letter", "dan", "resolved", NULL,
		  "2026-09-01T09:00:00Z", NULL, NULL, NULL,
		  "2026-09-10T09:00:00Z", "yes", NULL, NULL, 0, 0, 1, 0, 999,
		  NULL, NULL },
	};
	struct fca_rows r;
	struct error err;
	int64_t since = T("2026-11-01T00:00:00Z");
	int64_t until = T("2026-12-01T00:00:00Z");

	load_dataset();
	insert_spec(&extra[0]);
	insert_spec(&extra[1]);
	/*
	 * November (calendar Mon-Fri 09:00-17:00, in UTC here), rows by
	 * category and root cause (no returns.fca mappings: their names).
	 * billing/courier: C1 opened; received Mon 09:00, the summary
	 *   period ends at close of business on the third business day
	 *   after, Thu 17:00; resolved Thu 09:00: within it. 12.50.
	 * billing/pricing: C6 outstanding at the start (received 10-20,
	 *   first resolved 11-03), closed 11-18: 29 days, within 8 weeks.
	 * billing/-: C2 opened Fri 16:00, resolved Thu 11-12 16:00, after
	 *   Wed 11-11 17:00: within 8 weeks. 5.00, not upheld.
	 * delivery: opened C3 C4; closed C3 at once; C8 is outside.
	 * staff conduct: outstanding C7, closed after 63 days (> 56).
	 * none: opened C5 (its resolution was undone).
	 * total: opened 5, outstanding 2, closed 5 = 2 + 2 + 1, upheld
	 *   2/5 = 40.0, redress 117.50.
	 */
	r.n = 0;
	ck_assert_int_eq(report_fca_run(db, &cfg, since, until, until - 1,
	    fca_collect, &r, &err), 0);
	ck_assert_int_eq(r.n, 7);
	ck_assert_str_eq(r.text[0],
	    "billing/courier: 1 0 1 1 0 0 1 100.0 12.50");
	ck_assert_str_eq(r.text[1],
	    "billing/pricing: 0 1 1 0 1 0 1 100.0 100.00");
	ck_assert_str_eq(r.text[2], "billing/-: 1 0 1 0 1 0 0 0.0 5.00");
	ck_assert_str_eq(r.text[3], "delivery/-: 2 0 1 1 0 0 0 0.0 0.00");
	ck_assert_str_eq(r.text[4], "staff conduct/-: 0 1 1 0 0 1 0 0.0 0.00");
	ck_assert_str_eq(r.text[5], "-/-: 1 0 0 0 0 0 0 - 0.00");
	ck_assert_str_eq(r.text[6], "total/-: 5 2 5 2 2 1 2 40.0 117.50");

	/* As the records stood on 11-10 at noon: C4 and C5 not yet
	 * received; C6 as first resolved (its reopening and second
	 * resolution are of 11-18); the rest as above (the data set
	 * records each complaint whole at its receipt). */
	r.n = 0;
	ck_assert_int_eq(report_fca_run(db, &cfg, since, until,
	    T("2026-11-10T12:00:00Z"), fca_collect, &r, &err), 0);
	ck_assert_str_eq(r.text[r.n - 1],
	    "total/-: 3 2 5 2 2 1 2 40.0 117.50");
}
END_TEST

/* The whole record as it stands (no replay) equals the replay of the
 * whole history. */
START_TEST(test_fca_whole_record_live)
{
	struct fca_rows live, replayed;
	struct error err;
	int i;

	load_dataset();
	live.n = replayed.n = 0;
	ck_assert_int_eq(report_fca_run(db, &cfg, TIME_NONE, INT64_MAX,
	    TIME_NONE, fca_collect, &live, &err), 0);
	ck_assert_int_eq(report_fca_run(db, &cfg, TIME_NONE, INT64_MAX,
	    INT64_MAX - 1, fca_collect, &replayed, &err), 0);
	ck_assert_int_eq(live.n, replayed.n);
	for (i = 0; i < live.n; i++)
		ck_assert_str_eq(live.text[i], replayed.text[i]);
	/* C1..C6 opened; closed C1 C3 (3bd), C2 C6 (within 8 weeks), not
	 * C5 (reopened) or C4 (new); upheld C1 C6; 12.50 + 5.00 + 100.00. */
	ck_assert_str_eq(live.text[live.n - 1],
	    "total/-: 6 0 4 2 2 0 2 50.0 117.50");
}
END_TEST

START_TEST(test_fca_three_business_days_edge)
{
	static const struct spec edge[] = {
		{ "billing", "phone", "alice", "resolved", NULL,
		  "2026-11-02T09:00:00Z", NULL, NULL, NULL,
		  "2026-11-05T17:00:00Z", NULL, NULL, NULL, 0, 0, 1, 0,
		  NUM_NONE, NULL, NULL },
		{ "delivery", "phone", "alice", "resolved", NULL,
		  "2026-11-02T09:00:00Z", NULL, NULL, NULL,
		  "2026-11-05T17:00:01Z", NULL, NULL, NULL, 0, 0, 1, 0,
		  NUM_NONE, NULL, NULL },
	};
	struct fca_rows r;
	struct error err;

	/* Received Mon 09:00: close of business on the third business day
	 * after the day of receipt is Thu 17:00. Resolved exactly then is
	 * within it, a second later is not. */
	insert_spec(&edge[0]);
	insert_spec(&edge[1]);
	r.n = 0;
	ck_assert_int_eq(report_fca_run(db, &cfg, T("2026-11-01T00:00:00Z"),
	    T("2026-12-01T00:00:00Z"), T("2026-11-30T23:59:59Z"),
	    fca_collect, &r, &err), 0);
	ck_assert_str_eq(r.text[0], "billing/-: 1 0 1 1 0 0 0 0.0 0.00");
	ck_assert_str_eq(r.text[1], "delivery/-: 1 0 1 0 1 0 0 0.0 0.00");
}
END_TEST

START_TEST(test_fca_nil_return)
{
	struct fca_rows r;
	struct error err;

	/* Nothing at all: the total alone, zeros, no share of nothing. */
	r.n = 0;
	ck_assert_int_eq(report_fca_run(db, &cfg, T("2026-01-01T00:00:00Z"),
	    T("2026-07-01T00:00:00Z"), T("2026-06-30T23:59:59Z"),
	    fca_collect, &r, &err), 0);
	ck_assert_int_eq(r.n, 1);
	ck_assert_str_eq(r.text[0], "total/-: 0 0 0 0 0 0 0 - 0.00");
}
END_TEST

START_TEST(test_replay_reader)
{
	static const char *const cols[] = { "category", "root_cause" };
	struct replay_state *st = report_replay_state_new(cols, 2);
	const struct replay_complaint *c;
	const char *log = "{\"status\":[null,\"new\"],"
	    "\"received_at\":[null,\"2026-11-02T09:00:00Z\"],"
	    "\"category\":[null,\"bill\\\"ing \\u00e9\\ud83d\\ude00\"],"
	    "\"future\":[{\"a\":[1,{\"b\":null}]},[true,false]],"
	    "\"level\":[null,2], \"amount\" : [ null , 1250 ] ,"
	    "\"vulnerable\":[null,1]}";
	const char *resolve = "{\"status\":[\"new\",\"resolved\"],"
	    "\"resolved_at\":[null,\"2026-11-05T10:00:00Z\"],"
	    "\"justified\":[null,\"yes\"],\"root_cause\":[null,\"x\"]}";
	const char *reopen = "{\"status\":[\"resolved\",\"acknowledged\"],"
	    "\"resolved_at\":[\"2026-11-05T10:00:00Z\",null],"
	    "\"root_cause\":[\"x\",null]}";

	ck_assert_int_eq(report_replay_apply(st, log, strlen(log)), 0);
	c = report_replay_state_get(st);
	ck_assert_str_eq(c->row.status, "new");
	ck_assert_int_eq(c->row.received_at, T("2026-11-02T09:00:00Z"));
	ck_assert_str_eq(c->row.text[0].s,
	    "bill\"ing \xc3\xa9\xf0\x9f\x98\x80");
	ck_assert_uint_eq(c->row.text[0].len, 15);
	ck_assert_ptr_null(c->row.text[1].s);
	ck_assert_int_eq(c->row.level, 2);
	ck_assert_int_eq(c->row.amount, 1250);
	ck_assert_int_eq(c->row.contacts, 1);
	ck_assert_int_eq(c->vulnerable, 1);
	ck_assert_int_eq(c->row.resolved_at, TIME_NONE);
	ck_assert_int_eq(report_replay_apply(st, resolve, strlen(resolve)),
	    0);
	c = report_replay_state_get(st);
	ck_assert_str_eq(c->row.status, "resolved");
	ck_assert_str_eq(c->row.justified, "yes");
	ck_assert_str_eq(c->row.text[1].s, "x");
	ck_assert_int_eq(c->row.resolved_at, T("2026-11-05T10:00:00Z"));
	ck_assert_int_eq(report_replay_apply(st, reopen, strlen(reopen)), 0);
	c = report_replay_state_get(st);
	ck_assert_str_eq(c->row.status, "acknowledged");
	ck_assert_int_eq(c->row.resolved_at, TIME_NONE);
	ck_assert_ptr_null(c->row.text[1].s);
	ck_assert_str_eq(c->row.justified, "yes");
	/* Nothing recorded, and an empty object, change nothing. */
	ck_assert_int_eq(report_replay_apply(st, NULL, 0), 0);
	ck_assert_int_eq(report_replay_apply(st, " { } ", 5), 0);
	/* Not the history's JSON. */
	ck_assert_int_eq(report_replay_apply(st, "{\"level\":[0,1.5]}", 17),
	    -1);
	ck_assert_int_eq(report_replay_apply(st, "{\"status\":[0,", 13), -1);
	ck_assert_int_eq(report_replay_apply(st, "{\"status\":[null,3]}",
	    20), -1);
	ck_assert_int_eq(report_replay_apply(st,
	    "{\"received_at\":[null,\"soon\"]}", 29), -1);
	ck_assert_int_eq(report_replay_apply(st, "[]", 2), -1);
	ck_assert_int_eq(report_replay_apply(st, "{\"category\":[null,\"x",
	    20), -1);
	ck_assert_int_eq(report_replay_apply(st, "{\"category\":[null,\"\\q\"]}",
	    24), -1);
	/* No NUL in a kept text, raw or escaped; no raw control byte. */
	ck_assert_int_eq(report_replay_apply(st,
	    "{\"category\":[null,\"a\0b\"]}", 25), -1);
	ck_assert_int_eq(report_replay_apply(st,
	    "{\"category\":[null,\"a\\u0000b\"]}", 29), -1);
	ck_assert_int_eq(report_replay_apply(st,
	    "{\"category\":[null,\"a\nb\"]}", 25), -1);
	report_replay_state_release(st);
}
END_TEST

/* Every field the replay keeps is found by its key, whatever the slot
 * of its hash; a key like one of them but not one is skipped. */
START_TEST(test_replay_every_key)
{
	static const char *const cols[] = { "channel", "department", "owner",
	    "remedy" };
	struct replay_state *st = report_replay_state_new(cols, 4);
	const struct replay_complaint *c;
	const char *ev = "{\"statuses\":[null,\"x\"],\"status\":[null,"
	    "\"closed\"],\"received_at\":[null,\"2026-11-02T09:00:00Z\"],"
	    "\"resolved_at\":[null,\"2026-11-03T09:00:00Z\"],"
	    "\"acknowledged_at\":[null,\"2026-11-02T10:00:00Z\"],"
	    "\"ack_due\":[null,\"2026-11-03T10:00:00Z\"],"
	    "\"resolve_due\":[null,\"2026-12-28T09:00:00Z\"],"
	    "\"level\":[null,3],\"contacts\":[null,4],\"repeat_of\":[null,7],"
	    "\"amount\":[null,99],\"first_contact\":[null,1],"
	    "\"voided_at\":[null,\"2026-11-04T09:00:00Z\"],"
	    "\"merged_into\":[null,8],\"vulnerable\":[null,true],"
	    "\"justified\":[null,\"no\"],\"satisfied\":[null,\"yes\"],"
	    "\"category\":[null,\"c\"],\"channel\":[null,\"ch\"],"
	    "\"department\":[null,\"d\"],\"owner\":[null,\"o\"],"
	    "\"severity\":[null,\"s\"],\"root_cause\":[null,\"r\"],"
	    "\"regime\":[null,\"g\"],\"remedy\":[null,\"refund\"],"
	    "\"remedyx\":[null,\"no\"],\"x\":[{\"]\":\"[\"},\"\\\"]\"]}";

	ck_assert_int_eq(report_replay_apply(st, ev, strlen(ev)), 0);
	c = report_replay_state_get(st);
	ck_assert_str_eq(c->row.status, "closed");
	ck_assert_int_eq(c->row.received_at, T("2026-11-02T09:00:00Z"));
	ck_assert_int_eq(c->row.resolved_at, T("2026-11-03T09:00:00Z"));
	ck_assert_int_eq(c->row.acknowledged_at, T("2026-11-02T10:00:00Z"));
	ck_assert_int_eq(c->row.ack_due, T("2026-11-03T10:00:00Z"));
	ck_assert_int_eq(c->row.resolve_due, T("2026-12-28T09:00:00Z"));
	ck_assert_int_eq(c->row.level, 3);
	ck_assert_int_eq(c->row.contacts, 4);
	ck_assert_int_eq(c->row.repeat_of, 7);
	ck_assert_int_eq(c->row.amount, 99);
	ck_assert_int_eq(c->row.first_contact, 1);
	ck_assert_int_eq(c->voided_at, T("2026-11-04T09:00:00Z"));
	ck_assert_int_eq(c->merged_into, 8);
	ck_assert_int_eq(c->vulnerable, 1);
	ck_assert_str_eq(c->row.justified, "no");
	ck_assert_str_eq(c->row.satisfied, "yes");
	ck_assert_str_eq(c->row.text[0].s, "ch");
	ck_assert_str_eq(c->row.text[1].s, "d");
	ck_assert_str_eq(c->row.text[2].s, "o");
	ck_assert_str_eq(c->row.text[3].s, "refund");
	report_replay_state_release(st);
}
END_TEST

/* An import's creation, given as the complaint it made, replays as its
 * changes would: every kept field, texts and numbers alike, and a field
 * the complaint does not set is unset again. */
START_TEST(test_replay_created)
{
	static const char *const cols[] = { "channel", "owner" };
	struct replay_state *st = report_replay_state_new(cols, 2);
	const struct replay_complaint *r;
	struct complaint c;

	complaint_init(&c);
	c.status = ST_CLOSED;
	c.received_at = T("2026-11-02T09:00:00Z");
	c.resolved_at = T("2026-11-03T09:00:00Z");
	c.channel = xstrdup("phone");
	c.owner = xstrdup("agent07");
	c.amount = 1250;
	c.level = 2;
	c.vulnerable = 1;
	ck_assert_int_eq(report_replay_apply(st, "{\"root_cause\":[null,\"x\"]}",
	    26), 0);
	report_replay_created(st, &c);
	r = report_replay_state_get(st);
	ck_assert_str_eq(r->row.status, "closed");
	ck_assert_int_eq(r->row.received_at, T("2026-11-02T09:00:00Z"));
	ck_assert_int_eq(r->row.resolved_at, T("2026-11-03T09:00:00Z"));
	ck_assert_str_eq(r->row.text[0].s, "phone");
	ck_assert_str_eq(r->row.text[1].s, "agent07");
	ck_assert_int_eq(r->row.amount, 1250);
	ck_assert_int_eq(r->row.level, 2);
	ck_assert_int_eq(r->row.contacts, 1);
	ck_assert_int_eq(r->vulnerable, 1);
	ck_assert_ptr_null(r->row.justified);
	complaint_release(&c);
	report_replay_state_release(st);
}
END_TEST

static const struct {
	int64_t ends[2], resolved;
	enum fca_band want;
} band_cases[] = {
	{ { 100, 200 }, 50, FCA_3BD },
	{ { 100, 200 }, 100, FCA_3BD },      /* the end is in its band */
	{ { 100, 200 }, 101, FCA_8W },
	{ { 100, 200 }, 200, FCA_8W },
	{ { 100, 200 }, 201, FCA_OVER_8W },
};

START_TEST(test_fca_band)
{
	ck_assert_int_eq(report_fca_band(band_cases[_i].ends,
	    band_cases[_i].resolved), band_cases[_i].want);
}
END_TEST

static const struct {
	int64_t received, resolved;
	int known, open;
	int want;
} outstanding_cases[] = {
	{ 10, TIME_NONE, 1, 1, 1 },  /* open then and now */
	{ 10, 50, 1, 1, 1 },         /* open then, resolved in the period */
	{ 10, 50, 1, 0, 0 },         /* resolved then, reopened later */
	{ 100, TIME_NONE, 1, 1, 0 }, /* received at the start: opened */
	{ 10, TIME_NONE, 0, 0, 1 },  /* logged late, still open */
	{ 10, 150, 0, 0, 1 },        /* logged late, resolved after */
	{ 10, 99, 0, 0, 0 },         /* logged late, resolved before */
};

START_TEST(test_fca_outstanding)
{
	ck_assert_int_eq(report_fca_outstanding(outstanding_cases[_i].received,
	    outstanding_cases[_i].resolved, outstanding_cases[_i].known,
	    outstanding_cases[_i].open, 100), outstanding_cases[_i].want);
}
END_TEST

START_TEST(test_html_escape)
{
	struct buf b = BUF_INIT;

	html_escape(&b, "<script>alert(\"x\")</script> & 'q'");
	ck_assert_str_eq(buf_str(&b), "&lt;script&gt;alert(&quot;x&quot;)"
	    "&lt;/script&gt; &amp; &#39;q&#39;");
	buf_reset(&b);
	/* UTF-8 kept; a control character, a lone continuation byte, an
	 * overlong form and a surrogate each become U+FFFD. */
	html_escape(&b, "caf\xc3\xa9 \x1b[2J \x80 \xc0\xaf \xed\xa0\x80");
	ck_assert_str_eq(buf_str(&b), "caf\xc3\xa9 \xef\xbf\xbd[2J "
	    "\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd");
	buf_reset(&b);
	html_escape(&b, NULL);
	ck_assert_str_eq(buf_str(&b), "");
	html_int(&b, 1234567);
	buf_putc(&b, ' ');
	html_int(&b, 999);
	buf_putc(&b, ' ');
	html_int(&b, -1000);
	ck_assert_str_eq(buf_str(&b), "1,234,567 999 -1,000");
	buf_release(&b);
}
END_TEST

static const struct {
	enum report_dim dim;
	const char *t, *label, *start, *end;
} period_cases[] = {
	{ RD_WEEK, "2026-11-19T10:00:00Z", "2026-W47", "2026-11-16T00:00:00Z",
	  "2026-11-23T00:00:00Z" },
	{ RD_WEEK, "2026-11-22T23:59:59Z", "2026-W47", "2026-11-16T00:00:00Z",
	  "2026-11-23T00:00:00Z" },
	{ RD_WEEK, "2026-11-23T00:00:00Z", "2026-W48", "2026-11-23T00:00:00Z",
	  "2026-11-30T00:00:00Z" },
	/* 2027-01-01 is a Friday of the 53rd week of 2026. */
	{ RD_WEEK, "2027-01-01T12:00:00Z", "2026-W53", "2026-12-28T00:00:00Z",
	  "2027-01-04T00:00:00Z" },
	{ RD_MONTH, "2026-11-19T10:00:00Z", "2026-11", "2026-11-01T00:00:00Z",
	  "2026-12-01T00:00:00Z" },
	{ RD_MONTH, "2026-12-31T23:59:59Z", "2026-12", "2026-12-01T00:00:00Z",
	  "2027-01-01T00:00:00Z" },
};

START_TEST(test_period)
{
	struct error err;
	char label[16];
	int64_t start, end;

	ck_assert_int_eq(tz_set("UTC", &err), 0);
	report_period(period_cases[_i].dim, T(period_cases[_i].t), label,
	    sizeof(label), &start, &end);
	ck_assert_str_eq(label, period_cases[_i].label);
	ck_assert_int_eq(start, T(period_cases[_i].start));
	ck_assert_int_eq(end, T(period_cases[_i].end));
}
END_TEST

START_TEST(test_period_local)
{
	struct error err;
	char label[16];
	int64_t start;

	/* 2026-10-31T23:30Z is already November in Helsinki (UTC+2). */
	ck_assert_int_eq(tz_set("Europe/Helsinki", &err), 0);
	report_period(RD_MONTH, T("2026-10-31T23:30:00Z"), label,
	    sizeof(label), &start, NULL);
	ck_assert_str_eq(label, "2026-11");
	ck_assert_int_eq(start, T("2026-10-31T22:00:00Z"));
	ck_assert_int_eq(tz_set("UTC", &err), 0);
}
END_TEST

/* Local weeks and months of Europe/London in 2026: summer time began
 * at 01:00 UTC on Sunday 03-29 and ended at 01:00 UTC on Sunday 10-25,
 * so W13 is 167 hours long and W43 169, and April begins at 23:00 UTC
 * on 03-31. */
static const struct {
	enum report_dim dim;
	const char *t, *label, *start, *end;
} london_cases[] = {
	{ RD_WEEK, "2026-03-29T22:59:59Z", "2026-W13", "2026-03-23T00:00:00Z",
	  "2026-03-29T23:00:00Z" },
	{ RD_WEEK, "2026-03-29T23:00:00Z", "2026-W14", "2026-03-29T23:00:00Z",
	  "2026-04-05T23:00:00Z" },
	{ RD_WEEK, "2026-10-25T23:59:59Z", "2026-W43", "2026-10-18T23:00:00Z",
	  "2026-10-26T00:00:00Z" },
	{ RD_MONTH, "2026-03-31T22:59:59Z", "2026-03", "2026-03-01T00:00:00Z",
	  "2026-03-31T23:00:00Z" },
	{ RD_MONTH, "2026-03-31T23:00:00Z", "2026-04", "2026-03-31T23:00:00Z",
	  "2026-04-30T23:00:00Z" },
	{ RD_MONTH, "2026-10-31T23:59:59Z", "2026-10", "2026-09-30T23:00:00Z",
	  "2026-11-01T00:00:00Z" },
};

START_TEST(test_period_london)
{
	struct error err;
	char label[16];
	int64_t start, end;

	ck_assert_int_eq(tz_set("Europe/London", &err), 0);
	report_period(london_cases[_i].dim, T(london_cases[_i].t), label,
	    sizeof(label), &start, &end);
	ck_assert_str_eq(label, london_cases[_i].label);
	ck_assert_int_eq(start, T(london_cases[_i].start));
	ck_assert_int_eq(end, T(london_cases[_i].end));
	ck_assert_int_eq(tz_set("UTC", &err), 0);
}
END_TEST

START_TEST(test_half_year)
{
	struct error err;
	int64_t since, until;

	ck_assert_int_eq(tz_set("UTC", &err), 0);
	ck_assert_int_eq(report_half_year("2026H1", &since, &until, &err), 0);
	ck_assert_int_eq(since, T("2026-01-01T00:00:00Z"));
	ck_assert_int_eq(until, T("2026-07-01T00:00:00Z"));
	ck_assert_int_eq(report_half_year("2026h2", &since, &until, &err), 0);
	ck_assert_int_eq(since, T("2026-07-01T00:00:00Z"));
	ck_assert_int_eq(until, T("2027-01-01T00:00:00Z"));
	ck_assert_int_eq(report_half_year("2026H3", &since, &until, &err),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "such as 2026H1"));
	ck_assert_int_eq(report_half_year("2026", &since, &until, &err),
	    EX_DATAERR);
	ck_assert_int_eq(report_half_year("26H1", &since, &until, &err),
	    EX_DATAERR);
	ck_assert_int_eq(report_half_year("2026H1x", &since, &until, &err),
	    EX_DATAERR);
}
END_TEST

static const struct {
	int64_t n, max;
	int width;
	const char *want;
} bar_cases[] = {
	{ 0, 10, 4, "" },
	{ 10, 10, 4, "\u2588\u2588\u2588\u2588" },
	{ 5, 10, 4, "\u2588\u2588" },
	{ 1, 10, 4, "\u258d" },             /* 3.2 eighths -> 3: 3/8 */
	{ 1, 1000, 4, "\u258f" },           /* tiny but never nothing */
	{ 7, 8, 1, "\u2589" },              /* 7/8 */
	{ 20, 10, 2, "\u2588\u2588" },      /* capped at the width */
};

START_TEST(test_bar)
{
	char buf[3 * 8 + 1];

	report_bar(bar_cases[_i].n, bar_cases[_i].max, bar_cases[_i].width,
	    buf, sizeof(buf));
	ck_assert_str_eq(buf, bar_cases[_i].want);
}
END_TEST

START_TEST(test_dims)
{
	int i;

	for (i = 0; i < RD__COUNT; i++)
		ck_assert_int_eq(report_dim_lookup(report_dim_name(
		    (enum report_dim)i)), i);
	ck_assert_str_eq(report_dim_column(RD_ROOT_CAUSE), "root_cause");
	ck_assert_int_eq(report_dim_lookup("root_cause"), -1);
	ck_assert_int_eq(report_dim_lookup("year"), -1);
	ck_assert(report_dim_is_time(RD_WEEK));
	ck_assert(!report_dim_is_time(RD_LEVEL));
}
END_TEST

/*
 * The counting receives plain rows, whoever reads them: a store whose
 * only operation hands three rows from memory (no SQLite at all) is
 * enough for report_run() and report_fca_run().
 */
struct mem_store {
	struct store base;
	const struct report_row *rows;
	size_t n;
	int scans;
};

static int
mem_report_scan(struct store *s, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err)
{
	struct mem_store *m = (struct mem_store *)s;
	size_t i;
	int rc;

	(void)err;
	m->scans++;
	for (i = 0; i < m->n; i++) {
		const struct report_row *r = &m->rows[i];
		struct report_row copy = *r;
		int j;

		if (q->rows == SCAN_RECEIVED_IN && (r->received_at < q->since ||
		    r->received_at >= q->until))
			continue;
		if (q->rows == SCAN_RESOLVED_IN && (r->resolved_at == TIME_NONE ||
		    r->resolved_at < q->since || r->resolved_at >= q->until))
			continue;
		/* Only "category" is asked for below, and "root_cause"
		 * (none) by the FCA return. */
		for (j = 0; j < q->ntexts; j++) {
			if (strcmp(q->text_cols[j], "root_cause") == 0) {
				copy.text[j].s = NULL;
				copy.text[j].len = 0;
				continue;
			}
			ck_assert_str_eq(q->text_cols[j], "category");
			copy.text[j] = r->text[0];
		}
		if ((rc = fn(&copy, arg)) != 0)
			return rc;
	}
	return 0;
}

static const struct store_driver mem_driver = {
	.name = "memory",
	.report_scan = mem_report_scan,
};

struct mem_rows {
	int n;
	char cat[4][16];
	struct report_stats s[4];
};

static int
mem_collect(const char *const *group, const struct report_stats *st,
    void *arg)
{
	struct mem_rows *r = arg;

	snprintf(r->cat[r->n], sizeof(r->cat[0]), "%s",
	    group && group[0] ? group[0] : "-");
	r->s[r->n++] = *st;
	return 0;
}

#define ROW(rec, res, cat, st, minor) { \
	.received_at = (rec), .resolved_at = (res), .status = (st), \
	.acknowledged_at = TIME_NONE, .ack_due = TIME_NONE, \
	.repeat_of = NUM_NONE, .resolve_due = TIME_NONE, \
	.justified = "yes", .amount = (minor), .contacts = 1, \
	.text = { { (cat), sizeof(cat) - 1 } } }

START_TEST(test_report_plain_rows)
{
	static const struct report_row rows[] = {
		ROW(1000, 1000 + 86400, "billing", "resolved", 1250),
		ROW(2000, TIME_NONE, "billing", "new", NUM_NONE),
		ROW(3000, 3000 + 2 * 86400, "delivery", "closed", NUM_NONE),
	};
	struct mem_store m;
	struct report_query q;
	struct mem_rows got;
	struct error err;

	memset(&m, 0, sizeof(m));
	m.base.drv = &mem_driver;
	m.rows = rows;
	m.n = sizeof(rows) / sizeof(rows[0]);
	memset(&q, 0, sizeof(q));
	q.since = TIME_NONE;
	q.until = TIME_NONE;
	q.cfg = &cfg;
	q.ndims = 1;
	q.dims[0] = RD_CATEGORY;
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(report_run(&m.base, &q, mem_collect, &got, &err), 0);
	ck_assert_int_eq(m.scans, 1);
	ck_assert_int_eq(got.n, 2);
	ck_assert_str_eq(got.cat[0], "billing");
	ck_assert_int_eq(got.s[0].received, 2);
	ck_assert_int_eq(got.s[0].open, 1);
	ck_assert_int_eq(got.s[0].resolved, 1);
	ck_assert_int_eq(got.s[0].upheld, 1);
	ck_assert_int_eq(got.s[0].redress, 1250);
	ck_assert_int_eq(got.s[0].median_resolve_tenths, 10);
	ck_assert_str_eq(got.cat[1], "delivery");
	ck_assert_int_eq(got.s[1].received, 1);
	ck_assert_int_eq(got.s[1].open, 0);
	ck_assert_int_eq(got.s[1].median_resolve_tenths, 20);

	/* A period: one scan per side. */
	q.since = 1500;
	q.until = 1000 + 86400 + 1;
	memset(&got, 0, sizeof(got));
	m.scans = 0;
	ck_assert_int_eq(report_run(&m.base, &q, mem_collect, &got, &err), 0);
	ck_assert_int_eq(m.scans, 2);
	ck_assert_int_eq(got.n, 2);
	ck_assert_int_eq(got.s[0].received, 1);  /* C2 */
	ck_assert_int_eq(got.s[0].resolved, 1);  /* C1 */
	ck_assert_int_eq(got.s[1].received, 1);  /* C3 */
	ck_assert_int_eq(got.s[1].resolved, 0);
}
END_TEST

/* The pack of the whole record: its reports and its FCA return from
 * one scan, each as report_run() and report_fca_run() give them; a
 * period is refused (its FCA return replays the history). */
START_TEST(test_pack_one_scan)
{
	int64_t mon = T("2026-11-02T09:00:00Z");
	const struct report_row rows[] = {
		ROW(mon, mon + 86400, "billing", "resolved", 1250),
		ROW(mon + 60, TIME_NONE, "billing", "new", NUM_NONE),
		ROW(mon + 120, mon + 70 * 86400, "delivery", "closed",
		    NUM_NONE),
	};
	report_row_fn fn = mem_collect;
	struct mem_store m;
	struct report_query q;
	struct mem_rows got, want;
	struct fca_rows fca, fca_want;
	struct error err;
	void *arg = &got;
	int i;

	memset(&m, 0, sizeof(m));
	m.base.drv = &mem_driver;
	m.rows = rows;
	m.n = sizeof(rows) / sizeof(rows[0]);
	memset(&q, 0, sizeof(q));
	q.since = TIME_NONE;
	q.until = TIME_NONE;
	q.cfg = &cfg;
	q.ndims = 1;
	q.dims[0] = RD_CATEGORY;
	memset(&want, 0, sizeof(want));
	fca_want.n = 0;
	ck_assert_int_eq(report_run(&m.base, &q, mem_collect, &want, &err),
	    0);
	ck_assert_int_eq(report_fca_run(&m.base, &cfg, TIME_NONE, INT64_MAX,
	    TIME_NONE, fca_collect, &fca_want, &err), 0);
	ck_assert_int_eq(m.scans, 2);

	memset(&got, 0, sizeof(got));
	fca.n = 0;
	m.scans = 0;
	ck_assert_int_eq(report_pack_run(&m.base, &q, 1, &fn, &arg,
	    fca_collect, &fca, &err), 0);
	ck_assert_int_eq(m.scans, 1);
	ck_assert_int_eq(got.n, want.n);
	for (i = 0; i < got.n; i++) {
		ck_assert_str_eq(got.cat[i], want.cat[i]);
		ck_assert_mem_eq(&got.s[i], &want.s[i], sizeof(got.s[i]));
	}
	ck_assert_int_eq(fca.n, fca_want.n);
	for (i = 0; i < fca.n; i++)
		ck_assert_str_eq(fca.text[i], fca_want.text[i]);
	/* billing: C1 closed within 3 business days, 12.50; delivery: C3
	 * after 8 weeks. */
	ck_assert_int_eq(fca.n, 3);
	ck_assert_str_eq(fca.text[0], "billing/-: 2 0 1 1 0 0 1 100.0 12.50");
	ck_assert_str_eq(fca.text[1], "delivery/-: 1 0 1 0 0 1 1 100.0 0.00");

	q.since = mon;
	m.scans = 0;
	ck_assert_int_eq(report_pack_run(&m.base, &q, 1, &fn, &arg,
	    fca_collect, &fca, &err), EX_SOFTWARE);
	ck_assert_int_eq(m.scans, 0);
}
END_TEST

/* The end of the three business days is of the local day of receipt:
 * kept for that day, whatever the time, and not for the next. */
START_TEST(test_fca_band_by_day)
{
	int64_t fri = T("2026-11-06T09:00:00Z");
	const struct report_row rows[] = {
		/* Friday: Wed 11-11 17:00, exactly then. */
		ROW(fri, T("2026-11-11T17:00:00Z"), "a", "closed", NUM_NONE),
		/* The same day, later: the same end, a second after it. */
		ROW(fri + 7 * 3600, T("2026-11-11T17:00:01Z"), "b", "closed",
		    NUM_NONE),
		/* Monday: Thu 11-12 17:00, not Friday's end. */
		ROW(T("2026-11-09T08:00:00Z"), T("2026-11-12T17:00:00Z"), "c",
		    "closed", NUM_NONE),
	};
	struct mem_store m;
	struct fca_rows r;
	struct error err;

	memset(&m, 0, sizeof(m));
	m.base.drv = &mem_driver;
	m.rows = rows;
	m.n = sizeof(rows) / sizeof(rows[0]);
	r.n = 0;
	ck_assert_int_eq(report_fca_run(&m.base, &cfg, TIME_NONE, INT64_MAX,
	    TIME_NONE, fca_collect, &r, &err), 0);
	ck_assert_int_eq(r.n, 4);
	ck_assert_str_eq(r.text[0], "a/-: 1 0 1 1 0 0 1 100.0 0.00");
	ck_assert_str_eq(r.text[1], "b/-: 1 0 1 0 1 0 1 100.0 0.00");
	ck_assert_str_eq(r.text[2], "c/-: 1 0 1 1 0 0 1 100.0 0.00");
}
END_TEST

Suite *report_suite(void);

Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_html_escape);
	tcase_add_loop_test(tc, test_period, 0,
	    sizeof(period_cases) / sizeof(period_cases[0]));
	tcase_add_test(tc, test_period_local);
	tcase_add_loop_test(tc, test_period_london, 0,
	    sizeof(london_cases) / sizeof(london_cases[0]));
	tcase_add_test(tc, test_half_year);
	tcase_add_loop_test(tc, test_bar, 0,
	    sizeof(bar_cases) / sizeof(bar_cases[0]));
	tcase_add_test(tc, test_dims);
	tcase_add_test(tc, test_report_plain_rows);
	tcase_add_test(tc, test_replay_reader);
	tcase_add_test(tc, test_replay_every_key);
	tcase_add_test(tc, test_replay_created);
	tcase_add_loop_test(tc, test_fca_band, 0,
	    sizeof(band_cases) / sizeof(band_cases[0]));
	tcase_add_loop_test(tc, test_fca_outstanding, 0,
	    sizeof(outstanding_cases) / sizeof(outstanding_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("dataset");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_report_dataset, 0,
	    sizeof(report_cases) / sizeof(report_cases[0]));
	tcase_add_test(tc, test_overdue);
	tcase_add_test(tc, test_fca_return);
	tcase_add_test(tc, test_fca_three_business_days_edge);
	tcase_add_test(tc, test_fca_nil_return);
	tcase_add_test(tc, test_fca_whole_record_live);
	/* The calendar of config_defaults(): the fixture's. */
	tcase_add_test(tc, test_pack_one_scan);
	tcase_add_test(tc, test_fca_band_by_day);
	tcase_add_loop_test(tc, test_report_london_periods, 0,
	    sizeof(london_reports) / sizeof(london_reports[0]));
	tcase_add_test(tc, test_report_many_groups);
	tcase_add_test(tc, test_report_level_and_epoch);
	suite_add_tcase(s, tc);
	return s;
}
