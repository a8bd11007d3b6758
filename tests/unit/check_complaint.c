/*
 * The complaint store: references, amounts, insert/load/update, the
 * append-only history, and rebuilding a complaint from its history alone.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "complaint.h"
#include "store.h"
#include "store/sqlite.h"
#include "timeutil.h"
#include "xmalloc.h"
#include "scratch.h"

static char dbpath[256];
static struct store *db;

static void
setup(void)
{
	struct error err;

	scratch_path(dbpath, sizeof(dbpath), "complaint");
	ck_assert_int_eq(scratch_open(&db, dbpath, 5000, 0, &err), 0);
}

static void
teardown(void)
{
	store_close(db);
	scratch_remove(dbpath);
}

static const struct {
	const char *in;
	int64_t id; /* 0: refused */
} ref_cases[] = {
	{ "CMP-000042", 42 }, { "cmp-000042", 42 }, { "Cmp-42", 42 },
	{ "42", 42 }, { "000042", 42 }, { "CMP-1", 1 },
	{ "", 0 }, { "0", 0 }, { "CMP-", 0 }, { "CMP-0", 0 }, { "XYZ-42", 0 },
	{ "CMP42", 0 }, { "-42", 0 }, { "4 2", 0 }, { "CMP-42x", 0 },
	{ "1234567890123456", 0 },
};

START_TEST(test_ref_parse)
{
	struct error err;
	int64_t id = 0;
	int rc;

	rc = ref_parse("CMP", ref_cases[_i].in, &id, &err);
	if (ref_cases[_i].id == 0) {
		ck_assert_int_eq(rc, EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(err.msg, "invalid reference"));
	} else {
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(id, ref_cases[_i].id);
	}
}
END_TEST

START_TEST(test_ref_format)
{
	char buf[REF_MAX];

	ref_format("CMP", 42, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CMP-000042");
	ref_format("Q", 1234567, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Q-1234567");
	ref_format("CMP", 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CMP-000000");
	ref_format("CMP", 999999, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CMP-999999");
	ref_format("", 7, buf, sizeof(buf));
	ck_assert_str_eq(buf, "-000007");
	ref_format("CMP", INT64_MAX, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CMP-9223372036854775807");
	/* Too small a buffer: cut short, as snprintf would. */
	ref_format("CMP", 42, buf, 8);
	ck_assert_str_eq(buf, "CMP-000");
	ref_format("CMP", 1234567, buf, 11);
	ck_assert_str_eq(buf, "CMP-123456");
}
END_TEST

static const struct {
	const char *in;
	int64_t minor; /* -1: refused */
	const char *out;
} amount_cases[] = {
	{ "12.50", 1250, "12.50" }, { "12.5", 1250, "12.50" },
	{ "12", 1200, "12.00" }, { "0.07", 7, "0.07" }, { "0", 0, "0.00" },
	{ "1000000", 100000000, "1000000.00" },
	{ "-1", -1, NULL }, { "12.", -1, NULL }, { ".5", -1, NULL },
	{ "1.234", -1, NULL }, { "abc", -1, NULL }, { "", -1, NULL },
	{ "1,50", -1, NULL }, { "1e3", -1, NULL }, { "12.50 ", -1, NULL },
	{ "99999999999999", -1, NULL },
	/* Bounded so that report's sum of them all cannot overflow. */
	{ "999999999.99", 99999999999LL, "999999999.99" },
	{ "0999999999.99", 99999999999LL, "999999999.99" },
	{ "1000000000", -1, NULL }, { "9999999999999.99", -1, NULL },
	{ "99999999999999999999999999", -1, NULL },
};

START_TEST(test_amount)
{
	struct error err;
	int64_t minor = 0;
	char buf[32];
	int rc = amount_parse(amount_cases[_i].in, &minor, &err);

	if (amount_cases[_i].minor < 0) {
		ck_assert_int_eq(rc, EX_DATAERR);
		return;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(minor, amount_cases[_i].minor);
	ck_assert_uint_eq(amount_format(minor, buf, sizeof(buf)),
	    strlen(amount_cases[_i].out));
	ck_assert_str_eq(buf, amount_cases[_i].out);
}
END_TEST

/* Negative amounts (a correction), none, and a buffer too short. */
START_TEST(test_amount_format_edges)
{
	char buf[32];

	ck_assert_uint_eq(amount_format(-1250, buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "-12.50");
	ck_assert_uint_eq(amount_format(-5, buf, sizeof(buf)), 5);
	ck_assert_str_eq(buf, "-0.05");
	ck_assert_uint_eq(amount_format(7, buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "0.07");
	ck_assert_uint_eq(amount_format(NUM_NONE, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_uint_eq(amount_format(123456, buf, 4), 3);
	ck_assert_str_eq(buf, "123");
}
END_TEST

static void
fill(struct complaint *c, const char *customer)
{
	complaint_init(c);
	c->received_at = 1763546400; /* 2025-11-19T10:00:00Z */
	c->channel = xstrdup("phone");
	c->customer = xstrdup(customer);
	c->owner = xstrdup("alice");
	c->ack_due = c->received_at + 86400;
}

static void
assert_same(const struct complaint *a, const struct complaint *b)
{
	size_t i;

	ck_assert_int_eq(a->id, b->id);
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if (f->type == FT_TEXT) {
			const char *x = *field_text_const(a, f);
			const char *y = *field_text_const(b, f);

			ck_assert_msg((x == NULL) == (y == NULL) &&
			    (x == NULL || strcmp(x, y) == 0),
			    "field %s: '%s' != '%s'", f->name, x ? x : "(null)",
			    y ? y : "(null)");
		} else {
			ck_assert_msg(*field_num_const(a, f) ==
			    *field_num_const(b, f), "field %s: %lld != %lld",
			    f->name, (long long)*field_num_const(a, f),
			    (long long)*field_num_const(b, f));
		}
	}
}

/* Every field is found by its name, whole or as LEN bytes of a longer
 * text (a JSON key in place); a prefix, a longer name and nothing are
 * not fields. */
START_TEST(test_field_by_name)
{
	char key[64];
	size_t i;

	for (i = 0; i < complaint_nfields; i++) {
		const char *name = complaint_fields[i].name;

		ck_assert_ptr_eq(complaint_field(name), &complaint_fields[i]);
		snprintf(key, sizeof(key), "%s\":[null,1]", name);
		ck_assert_ptr_eq(complaint_field_n(key, strlen(name)),
		    &complaint_fields[i]);
		ck_assert_ptr_null(complaint_field_n(key, strlen(name) + 1));
		/* A prefix is the field of that name ("contact" of
		 * "contacts") or none. */
		if (strlen(name) > 1) {
			size_t n = strlen(name) - 1;
			const struct field *f = complaint_field_n(name, n);

			ck_assert(f == NULL || (strlen(f->name) == n &&
			    strncmp(f->name, name, n) == 0));
		}
	}
	ck_assert_ptr_eq(complaint_field_n("contacts", 7),
	    complaint_field("contact"));
	ck_assert_ptr_null(complaint_field("stat"));
	ck_assert_ptr_null(complaint_field("statuses"));
	ck_assert_ptr_null(complaint_field(""));
	ck_assert_ptr_null(complaint_field_n("status", 0));
	/* LEN bytes, whatever they hold: a NUL among them is no match. */
	ck_assert_ptr_null(complaint_field_n("status\0xyz", 10));
}
END_TEST

/* A listing that reads a few fields names them by a mask: a bit for
 * each that is a field ("ref" is none). */
/* A search reads by a filter's index when it picks by anything but
 * the voided complaints a listing hides, or statuses with closed. */
START_TEST(test_filter_narrows)
{
	struct complaint_filter f;

	complaint_filter_init(&f);
	ck_assert_int_eq(complaint_filter_narrows(&f), 0);
	f.voided = VOIDED_HIDE;
	f.limit = 20;
	f.reverse = 1;
	ck_assert_int_eq(complaint_filter_narrows(&f), 0);
	f.voided = VOIDED_ONLY;
	ck_assert_int_eq(complaint_filter_narrows(&f), 1);
	complaint_filter_init(&f);
	f.statuses = 1u << ST_NEW;
	ck_assert_int_eq(complaint_filter_narrows(&f), 1);
	f.statuses |= 1u << ST_CLOSED;
	ck_assert_int_eq(complaint_filter_narrows(&f), 0);
	complaint_filter_init(&f);
	f.statuses = 1u << ST_CLOSED;
	ck_assert_int_eq(complaint_filter_narrows(&f), 0);
	complaint_filter_init(&f);
	f.owner = "bob";
	ck_assert_int_eq(complaint_filter_narrows(&f), 1);
	complaint_filter_init(&f);
	f.channel = "email";
	ck_assert_int_eq(complaint_filter_narrows(&f), 1);
	complaint_filter_init(&f);
	f.level = 0;
	ck_assert_int_eq(complaint_filter_narrows(&f), 1);
	complaint_filter_init(&f);
	f.until = 1763546400;
	ck_assert_int_eq(complaint_filter_narrows(&f), 1);
	complaint_filter_init(&f);
	f.customer = "Ann";
	ck_assert_int_eq(complaint_filter_narrows(&f), 1);
}
END_TEST

START_TEST(test_field_mask)
{
	static const char *const names[] = { "ref", "summary", "status",
		"nonesuch" };
	uint64_t want = (UINT64_C(1) << (complaint_field("status") -
	    complaint_fields)) | (UINT64_C(1) << (complaint_field("summary") -
	    complaint_fields));

	char all[2400], some[2400], expect[2400];
	size_t i, n = 0;

	ck_assert_uint_eq(complaint_field_mask(names, 4), want);
	ck_assert_uint_eq(complaint_field_mask(names, 1), 0);
	ck_assert_uint_eq(complaint_field_mask(names, 0), 0);

	complaint_field_list(all, sizeof(all), "c.");
	/* Only the columns of a mask, in field order: no NULL for SQLite
	 * to evaluate on every row. */
	complaint_field_list_of(some, sizeof(some), "c.", 0);
	ck_assert_str_eq(some, all);
	for (i = 0, n = 0, expect[0] = '\0'; i < complaint_nfields; i++)
		if ((want >> i) & 1)
			n += (size_t)snprintf(expect + n, sizeof(expect) - n,
			    "%sc.%s", n ? ", " : "", complaint_fields[i].name);
	complaint_field_list_of(some, sizeof(some), "c.", want);
	ck_assert_str_eq(some, expect);
	ck_assert_ptr_null(strstr(some, "NULL"));

	/* A decoder visits the mask's fields lowest first. */
	ck_assert_uint_eq(field_mask_lowest(1), 0);
	ck_assert_uint_eq(field_mask_lowest(UINT64_C(1) << 63), 63);
	ck_assert_uint_eq(field_mask_lowest(want), (size_t)(
	    complaint_field("status") - complaint_fields));
	ck_assert_uint_eq(field_mask_lowest(want & (want - 1)), (size_t)(
	    complaint_field("summary") - complaint_fields));
}
END_TEST

START_TEST(test_insert_load)
{
	struct complaint c, d;
	struct error err;

	fill(&c, "Ann");
	c.details = xstrdup("multi\nline \"text\" \\ with ünïcode");
	c.amount = 1250;
	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	ck_assert_int_eq(store_complaint_insert(db, &c, "alice", 1763546400, "log",
	    NULL, &err), 0);
	ck_assert_int_eq(store_commit(db, &err), 0);
	ck_assert_int_eq(c.id, 1);
	ck_assert_int_eq(store_complaint_load(db, "CMP", 1, &d, &err), 0);
	assert_same(&c, &d);
	complaint_release(&d);
	ck_assert_int_eq(store_complaint_load(db, "CMP", 2, &d, &err), EX_NOINPUT);
	ck_assert_str_eq(err.msg, "no complaint 'CMP-000002'");
	complaint_release(&d);
	complaint_release(&c);
}
END_TEST

/* Change a complaint several times; its history alone rebuilds it. */
START_TEST(test_rebuild_from_history)
{
	struct complaint c, next, rebuilt, loaded;
	struct error err;
	int64_t now = 1763546400;

	fill(&c, "Ann");
	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	ck_assert_int_eq(store_complaint_insert(db, &c, "alice", now, "log", NULL,
	    &err), 0);

	complaint_copy(&next, &c);
	next.status = ST_ACKNOWLEDGED;
	next.acknowledged_at = now + 60;
	ck_assert_int_eq(store_complaint_update(db, &c, &next, "bob", now + 60,
	    "ack", NULL, &err), 0);
	complaint_release(&c);
	complaint_copy(&c, &next);
	complaint_release(&next);

	complaint_copy(&next, &c);
	next.status = ST_RESOLVED;
	next.resolved_at = now + 3600;
	free(next.resolution);
	next.resolution = xstrdup("refunded");
	next.amount = 999;
	free(next.contact);
	next.contact = NULL;
	next.level = 2;
	ck_assert_int_eq(store_complaint_update(db, &c, &next, "bob", now + 3600,
	    "resolve", "done", &err), 0);
	ck_assert_int_eq(store_complaint_update(db, &next, &next, "carol",
	    now + 7200, "note", "just a note", &err), 0);
	ck_assert_int_eq(store_commit(db, &err), 0);

	ck_assert_int_eq(store_complaint_load(db, "CMP", c.id, &loaded, &err), 0);
	ck_assert_int_eq(loaded.updated_at, now + 7200);
	ck_assert_int_eq(store_complaint_rebuild(db, "CMP", c.id, &rebuilt, &err),
	    0);
	assert_same(&loaded, &rebuilt);
	ck_assert_int_eq(rebuilt.status, ST_RESOLVED);
	ck_assert_str_eq(rebuilt.resolution, "refunded");
	complaint_release(&c);
	complaint_release(&next);
	complaint_release(&loaded);
	complaint_release(&rebuilt);
}
END_TEST

/* The first event's changes, copied. */
static int
first_changes(const struct event *ev, void *arg)
{
	char **out = arg;

	if (*out == NULL)
		*out = xstrdup(ev->changes ? ev->changes : "(none)");
	return 0;
}

/* An imported complaint, changed several times: its creation stores no
 * changes, and the store gives back every value it was created with. */
START_TEST(test_created_given_back)
{
	const struct import_origin from = { "a.csv", 2, NULL };
	struct complaint c, next, created;
	struct buf want = BUF_INIT;
	struct error err;
	int64_t now = 1763546400, first = 0;
	char *changes = NULL;

	fill(&c, "Ann");
	c.amount = 1250;
	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	ck_assert_int_eq(store_complaint_import(db, &c, "alice", now,
	    &from, &err), 0);
	complaint_created_json(&want, &c);
	complaint_copy(&next, &c);
	next.status = ST_RESOLVED;
	next.resolved_at = now + 3600;
	free(next.contact);
	next.contact = NULL;
	next.amount = NUM_NONE;
	next.level = 2;
	ck_assert_int_eq(store_complaint_update(db, &c, &next, "bob", now + 3600,
	    "resolve", NULL, &err), 0);
	ck_assert_int_eq(store_complaint_update(db, &next, &next, "carol",
	    now + 7200, "note", "a note", &err), 0);
	ck_assert_int_eq(store_commit(db, &err), 0);

	ck_assert_int_eq(store_complaint_created(db, "CMP", c.id, &created,
	    &first, &err), 0);
	ck_assert_int_eq(first, 1);
	c.updated_at = now;
	assert_same(&c, &created);
	ck_assert_int_eq(store_event_each(db, c.id, first_changes, &changes,
	    &err), 0);
	ck_assert_str_eq(changes, buf_str(&want));
	free(changes);
	complaint_release(&created);
	/* A complaint created with its changes stored has none to give. */
	complaint_release(&next);
	fill(&next, "Bob");
	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	ck_assert_int_eq(store_complaint_insert(db, &next, "alice", now, "log",
	    NULL, &err), 0);
	ck_assert_int_eq(store_commit(db, &err), 0);
	ck_assert_int_eq(store_complaint_created(db, "CMP", next.id, &created,
	    NULL, &err), EX_SOFTWARE);
	complaint_release(&created);
	buf_release(&want);
	complaint_release(&c);
	complaint_release(&next);
}
END_TEST

static int
count_event(const struct event *ev, void *arg)
{
	(void)ev;
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_history_append_only)
{
	struct complaint c;
	struct error err;
	int n = 0;

	fill(&c, "Ann");
	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	ck_assert_int_eq(store_complaint_insert(db, &c, "alice", 1, "log", NULL,
	    &err), 0);
	ck_assert_int_eq(store_commit(db, &err), 0);
	ck_assert_int_ne(db_exec(sqlite_db(db), "UPDATE event SET actor = 'x'", &err), 0);
	ck_assert_int_ne(db_exec(sqlite_db(db), "DELETE FROM event", &err), 0);
	ck_assert_int_eq(store_event_each(db, c.id, count_event, &n, &err), 0);
	ck_assert_int_eq(n, 1);
	complaint_release(&c);
}
END_TEST

static int
collect_id(const struct complaint *c, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%lld ", (long long)c->id);
	return 0;
}

/* Keeps the (one) complaint listed. */
static int
copy_one(const struct complaint *c, void *arg)
{
	complaint_release(arg);
	complaint_copy(arg, c);
	return 0;
}

START_TEST(test_filter)
{
	const char *names[] = { "Ann", "Bob", "ann", "Cy" };
	struct complaint_filter f;
	struct buf b = BUF_INIT;
	struct error err;
	size_t i;

	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	for (i = 0; i < 4; i++) {
		struct complaint c;

		fill(&c, names[i]);
		c.received_at += (int64_t)i * 3600;
		if (i == 3)
			c.status = ST_CLOSED;
		ck_assert_int_eq(store_complaint_insert(db, &c, "alice", 1, "log",
		    NULL, &err), 0);
		complaint_release(&c);
	}
	ck_assert_int_eq(store_commit(db, &err), 0);

	complaint_filter_init(&f);
	f.customer = "ANN";
	ck_assert_int_eq(store_complaint_each(db, &f, collect_id, &b, &err), 0);
	ck_assert_str_eq(buf_str(&b), "1 3 ");

	buf_reset(&b);
	complaint_filter_init(&f);
	f.statuses = 1u << ST_CLOSED;
	ck_assert_int_eq(store_complaint_each(db, &f, collect_id, &b, &err), 0);
	ck_assert_str_eq(buf_str(&b), "4 ");

	buf_reset(&b);
	complaint_filter_init(&f);
	f.since = 1763546400 + 3600;
	f.until = 1763546400 + 3 * 3600;
	f.reverse = 1;
	ck_assert_int_eq(store_complaint_each(db, &f, collect_id, &b, &err), 0);
	ck_assert_str_eq(buf_str(&b), "3 2 ");

	/* In any order: one of the matches, and only matches. */
	buf_reset(&b);
	complaint_filter_init(&f);
	f.customer = "ann";
	f.limit = 1;
	f.any_order = 1;
	ck_assert_int_eq(store_complaint_each(db, &f, collect_id, &b, &err), 0);
	ck_assert_msg(strcmp(buf_str(&b), "1 ") == 0 ||
	    strcmp(buf_str(&b), "3 ") == 0, "got '%s'", buf_str(&b));
	buf_reset(&b);
	f.customer = "Dee";
	ck_assert_int_eq(store_complaint_each(db, &f, collect_id, &b, &err), 0);
	ck_assert_str_eq(buf_str(&b), "");
	buf_release(&b);

	/* Reading some fields: those as stored, the rest left empty. */
	{
		static const char *const cols[] = { "customer", "status" };
		struct complaint got;

		complaint_filter_init(&f);
		f.statuses = 1u << ST_CLOSED;
		f.fields = complaint_field_mask(cols, 2);
		complaint_init(&got);
		ck_assert_int_eq(store_complaint_each(db, &f, copy_one, &got,
		    &err), 0);
		ck_assert_int_eq(got.id, 4);
		ck_assert_str_eq(got.customer, "Cy");
		ck_assert_int_eq(got.status, ST_CLOSED);
		ck_assert_ptr_null(got.owner);
		ck_assert_ptr_null(got.channel);
		ck_assert_int_eq(got.received_at, NUM_NONE);
		complaint_release(&got);
	}
}
END_TEST

/* What store_event_each() reports of complaint ID's history, one line an
 * event, as the walk must report it too. */
static int
describe_event(const struct event *ev, void *arg)
{
	buf_printf(arg, "%lld %lld %lld %s %s %s %s\n", (long long)ev->id,
	    (long long)ev->complaint_id, (long long)ev->at, ev->actor,
	    ev->action, ev->changes ? ev->changes : "(null)",
	    ev->note ? ev->note : "(null)");
	return 0;
}

struct walk_check {
	struct buf ids;
	int stop_at;     /* return EX_SOFTWARE at this id */
};

/* Each row as store_complaint_load() reads it, each history as store_event_each()
 * does; the second complaint's events are left unread. */
static int
walk_check_row(const struct complaint_row *row, struct complaint_walk *w,
    void *arg)
{
	struct walk_check *k = arg;
	struct buf got = BUF_INIT, want = BUF_INIT;
	const struct event *ev;
	struct complaint c;
	struct error err;
	size_t i;

	buf_printf(&k->ids, "%lld ", (long long)row->id);
	if (row->id == k->stop_at)
		return error_set(&err, EX_SOFTWARE, "stop");
	ck_assert_int_eq(store_complaint_load(db, "CMP", row->id, &c, &err), 0);
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];
		const char *x;

		if (f->type != FT_TEXT) {
			ck_assert_msg(row->v[i].num == *field_num_const(&c, f),
			    "%s", f->name);
			continue;
		}
		x = *field_text_const(&c, f);
		ck_assert_msg((x == NULL) == (row->v[i].text == NULL), "%s",
		    f->name);
		if (x != NULL) {
			ck_assert_str_eq(row->v[i].text, x);
			ck_assert_mem_eq(row->v[i].text + row->v[i].len, "", 1);
		}
	}
	complaint_release(&c);
	if (row->id != 2) {
		while (store_walk_event(w, &ev, &err) == 0 && ev)
			describe_event(ev, &got);
		ck_assert_int_eq(store_event_each(db, row->id, describe_event,
		    &want, &err), 0);
		ck_assert_str_eq(buf_str(&got), buf_str(&want));
	}
	buf_release(&got);
	buf_release(&want);
	return 0;
}

/*
 * The walk gives each complaint as store_complaint_load() reads it (text
 * pointed at rather than copied; time text parsed; an unknown status
 * read as new) and each history as store_event_each() reads it, in id order
 * also where an index would give another (complaint_owner, by received
 * time), skipping the events of complaints the filter leaves out and of
 * none at all; the callback's error stops it.
 */
START_TEST(test_walk)
{
	const char *names[] = { "Ann", "Bob", "ann", "Cy" };
	struct complaint_filter f;
	struct walk_check k;
	struct error err;
	sqlite3_stmt *st;
	size_t i;

	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	for (i = 0; i < 4; i++) {
		struct complaint c;

		fill(&c, names[i]);
		c.received_at -= (int64_t)i * 3600;
		c.amount = 1250 * (int64_t)i;
		ck_assert_int_eq(store_complaint_insert(db, &c, "alice", 1, "log",
		    NULL, &err), 0);
		if (i != 1)
			ck_assert_int_eq(store_complaint_update(db, &c, &c, "bob",
			    2, "note", i == 2 ? NULL : "said \"hi\"", &err),
			    0);
		complaint_release(&c);
	}
	ck_assert_int_eq(store_commit(db, &err), 0);
	ck_assert_int_eq(db_exec(sqlite_db(db), "PRAGMA ignore_check_constraints=ON;"
	    " UPDATE complaint SET eta = '2026-11-20T10:00:00Z',"
	    " details = 'x' || char(0) || 'y' WHERE id = 1;"
	    " UPDATE complaint SET status = 'odd', eta = 'no time',"
	    " priority = '7' WHERE id = 3;"
	    " PRAGMA foreign_keys=OFF;"
	    " INSERT INTO event (complaint_id, at, actor, action, hash, digest,"
	    " account) VALUES (0, 1, 'a', 'b', 'h', 'd', 'a'),"
	    " (99, 1, 'a', 'b', 'h', 'd', 'a'), (2, 3, 'late', 'b', 'h', 'd', 'a')", &err), 0);

	memset(&k, 0, sizeof(k));
	complaint_filter_init(&f);
	ck_assert_int_eq(store_walk(db, &f, walk_check_row, &k, &err), 0);
	ck_assert_str_eq(buf_str(&k.ids), "1 2 3 4 ");

	buf_reset(&k.ids);
	f.customer = "ANN";
	ck_assert_int_eq(store_walk(db, &f, walk_check_row, &k, &err), 0);
	ck_assert_str_eq(buf_str(&k.ids), "1 3 ");

	buf_reset(&k.ids);
	complaint_filter_init(&f);
	f.owner = "alice";
	ck_assert_int_eq(store_walk(db, &f, walk_check_row, &k, &err), 0);
	ck_assert_str_eq(buf_str(&k.ids), "1 2 3 4 ");

	buf_reset(&k.ids);
	k.stop_at = 3;
	ck_assert_int_eq(store_walk(db, &f, walk_check_row, &k, &err),
	    EX_SOFTWARE);
	ck_assert_str_eq(buf_str(&k.ids), "1 2 3 ");
	buf_reset(&k.ids);

	/* The walk's SQL function is gone with it. */
	buf_puts(&k.ids, "SELECT complaint_walk_row(0");
	for (i = 0; i < complaint_nfields; i++)
		buf_puts(&k.ids, ", NULL");
	buf_putc(&k.ids, ')');
	ck_assert_int_ne(sqlite3_prepare_v2(sqlite_db(db)->h, buf_str(&k.ids), -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_finalize(st);
	buf_release(&k.ids);
}
END_TEST

static int
collect_open_id(int64_t id, void *arg)
{
	buf_printf(arg, "%lld ", (long long)id);
	return 0;
}

/* Completion offers open complaints only: new, acknowledged, assessed. */
START_TEST(test_each_open_id)
{
	struct buf b = BUF_INIT;
	struct error err;
	int i;

	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	for (i = 0; i < ST__COUNT; i++) {
		struct complaint c;

		fill(&c, "Ann");
		c.status = i;
		ck_assert_int_eq(store_complaint_insert(db, &c, "alice", 1, "log",
		    NULL, &err), 0);
		complaint_release(&c);
	}
	ck_assert_int_eq(store_commit(db, &err), 0);
	ck_assert_int_eq(store_open_id_each(db, collect_open_id, &b,
	    &err), 0);
	ck_assert_str_eq(buf_str(&b), "1 2 3 ");
	buf_release(&b);
}
END_TEST

static int
collect_name(const char *name, void *arg)
{
	buf_printf(arg, "%s ", name);
	return 0;
}

/* Completion of a REF by what the command accepts: the open ones, the
 * resolved and closed ones (newest first), or all of them up to a limit;
 * and the names seen as owners and actors, once each. */
START_TEST(test_each_id_in_and_names)
{
	struct buf b = BUF_INIT;
	struct error err;
	int i;

	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	for (i = 0; i < ST__COUNT; i++) {
		struct complaint c;

		fill(&c, "Ann");
		c.status = i;
		if (i == 1) {
			free(c.owner);
			c.owner = xstrdup("dave");
		}
		ck_assert_int_eq(store_complaint_insert(db, &c, i == 4 ? "carol" :
		    "alice", 1, "log", NULL, &err), 0);
		complaint_release(&c);
	}
	ck_assert_int_eq(store_commit(db, &err), 0);
	ck_assert_int_eq(store_id_each_in(db, CSET_OPEN, 0,
	    collect_open_id, &b, &err), 0);
	ck_assert_str_eq(buf_str(&b), "1 2 3 ");
	buf_reset(&b);
	ck_assert_int_eq(store_id_each_in(db, CSET_DONE, 0,
	    collect_open_id, &b, &err), 0);
	ck_assert_str_eq(buf_str(&b), "5 4 ");
	buf_reset(&b);
	ck_assert_int_eq(store_id_each_in(db, CSET_ALL, 3,
	    collect_open_id, &b, &err), 0);
	ck_assert_str_eq(buf_str(&b), "5 4 3 ");
	buf_reset(&b);
	ck_assert_int_eq(store_name_each(db, collect_name, &b, &err), 0);
	ck_assert_str_eq(buf_str(&b), "alice carol dave ");
	buf_release(&b);
}
END_TEST

START_TEST(test_db_file_mode)
{
	struct stat st;

	ck_assert_int_eq(stat(dbpath, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600 & ~0);
	ck_assert_int_eq(store_schema_version(db), store_schema_latest(db));
}
END_TEST

START_TEST(test_db_refuses_foreign_file)
{
	struct store *other;
	struct error err;
	FILE *fp = fopen("/tmp/check-complaint-junk", "w");

	ck_assert_ptr_nonnull(fp);
	fputs("not a database at all, but long enough to look at..........."
	    "......................................................", fp);
	fclose(fp);
	ck_assert_int_eq(scratch_open(&other, "/tmp/check-complaint-junk", 100, 0,
	    &err), EX_IOERR);
	unlink("/tmp/check-complaint-junk");
	ck_assert_int_eq(scratch_open(&other, "/nonexistent-dir/x.db", 100, 0,
	    &err), EX_CANTCREAT);
}
END_TEST

/* A reader never creates; a deferred database appears only when
 * published, and a close before that leaves nothing. */
START_TEST(test_db_open_modes)
{
	char d[] = "/tmp/check-complaint-open.XXXXXX", path[64], cmd[96];
	struct db other;
	struct error err;
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(d));
	snprintf(path, sizeof(path), "%s/c.db", d);
	ck_assert_int_eq(db_open(&other, path, 100, DB_OPEN_EXISTING, &err),
	    EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "never creates"));
	ck_assert_int_eq(stat(path, &st), -1);

	ck_assert_int_eq(db_open(&other, path, 100, DB_OPEN_DEFER, &err), 0);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(db_begin(&other, 1, &err), 0);
	ck_assert_int_eq(db_exec(&other, "INSERT INTO idea(idea, proposed_at,"
	    " proposed_by) VALUES ('x', 0, 'y')", &err), 0);
	ck_assert_int_eq(db_commit(&other, &err), 0);
	db_close(&other);
	ck_assert_int_eq(stat(path, &st), -1);
	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A %s)\"", d);
	ck_assert_int_eq(system(cmd), 0);

	ck_assert_int_eq(db_open(&other, path, 100, DB_OPEN_DEFER, &err), 0);
	ck_assert_int_eq(db_begin(&other, 1, &err), 0);
	ck_assert_int_eq(db_commit(&other, &err), 0);
	ck_assert_int_eq(db_publish(&other, &err), 0);
	db_close(&other);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(db_open(&other, path, 100, DB_OPEN_EXISTING, &err), 0);
	ck_assert(other.wal);
	ck_assert_int_eq(db_schema_version(&other), db_schema_latest());
	db_close(&other);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", d);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST


Suite *complaint_suite(void);

Suite *
complaint_suite(void)
{
	Suite *s = suite_create("complaint");
	TCase *tc = tcase_create("values");

	tcase_add_loop_test(tc, test_ref_parse, 0,
	    sizeof(ref_cases) / sizeof(ref_cases[0]));
	tcase_add_test(tc, test_ref_format);
	tcase_add_test(tc, test_amount_format_edges);
	tcase_add_test(tc, test_field_by_name);
	tcase_add_test(tc, test_field_mask);
	tcase_add_test(tc, test_filter_narrows);
	tcase_add_loop_test(tc, test_amount, 0,
	    sizeof(amount_cases) / sizeof(amount_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_insert_load);
	tcase_add_test(tc, test_rebuild_from_history);
	tcase_add_test(tc, test_created_given_back);
	tcase_add_test(tc, test_history_append_only);
	tcase_add_test(tc, test_filter);
	tcase_add_test(tc, test_walk);
	tcase_add_test(tc, test_each_open_id);
	tcase_add_test(tc, test_each_id_in_and_names);
	tcase_add_test(tc, test_db_file_mode);
	tcase_add_test(tc, test_db_refuses_foreign_file);
	tcase_add_test(tc, test_db_open_modes);
	suite_add_tcase(s, tc);
	return s;
}
