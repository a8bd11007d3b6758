/*
 * Import: layout recognition, maps (and their errors), and the
 * conversion of records, run from CSV in memory into a temporary
 * database: dates in every order, statuses, translations, defaults,
 * idempotence, and bad records.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complaint.h"
#include "config.h"
#include "csv.h"
#include "store.h"
#include "store/sqlite.h"
#include "import.h"
#include "timeutil.h"
#include "scratch.h"

static char dbpath[64], mappath[64];
static struct store *db;
static struct config cfg;
static int64_t now;

static void
setup(void)
{
	struct error err;

	scratch_path(dbpath, sizeof(dbpath), "import");
	ck_assert_int_eq(scratch_open(&db, dbpath, 5000, 0, &err), 0);
	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	config_defaults(&cfg);
	ck_assert_int_eq(tz_set("UTC", &err), 0);
	ck_assert_int_eq(time_parse_rfc3339("2026-11-19T10:00:00Z", &now), 0);
	mappath[0] = '\0';
}

static void
teardown(void)
{
	store_rollback(db);
	store_close(db);
	config_release(&cfg);
	scratch_remove(dbpath);
	if (mappath[0])
		unlink(mappath);
}

/* Import IN (through the map text MAP, or by recognition) with OPTS. */
static int
run(const char *in, const char *map, int strict, int skip_bad,
    struct import_stats *st, struct buf *bad, struct error *err)
{
	struct import_opts o;
	struct import_map m;
	struct csv c;
	int rc, have_map = 0;

	memset(&o, 0, sizeof(o));
	o.file = "in.csv";
	o.actor = "alice";
	o.now = now;
	o.strict = strict;
	o.skip_bad = skip_bad;
	o.dates = -1;
	if (map) {
		FILE *fp;
		int fd;

		strcpy(mappath, "/tmp/check-map-XXXXXX");
		ck_assert_int_ge(fd = mkstemp(mappath), 0);
		ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
		fputs(map, fp);
		fclose(fp);
		if ((rc = import_map_load(&m, mappath, err)) != 0)
			return rc;
		have_map = 1;
	}
	csv_init_mem(&c, in, strlen(in), "in.csv");
	rc = import_run(db, &cfg, &c, have_map ? &m : NULL, &o, st, bad,
	    err);
	csv_release(&c);
	if (have_map)
		import_map_release(&m);
	return rc;
}

static void
load_last(struct complaint *c)
{
	struct error err;
	sqlite3_stmt *st;
	int64_t id;

	ck_assert_int_eq(db_prepare(sqlite_db(db), "SELECT max(id) FROM complaint", &st,
	    &err), 0);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	ck_assert_int_eq(store_complaint_load(db, "CMP", id, c, &err), 0);
}

static const char shop_map[] =
    "source: shop\n"
    "dates: %s\n"
    "fields:\n"
    "  source_id: Ref\n"
    "  received_at: When\n"
    "  customer: Who\n"
    "  channel: How\n"
    "  status: State\n"
    "  resolved_at: Done\n"
    "values:\n"
    "  channel: {Tel: phone, Fax: null}\n"
    "  status: {Done: resolved, Shut: closed}\n"
    "defaults:\n"
    "  owner: carol\n";

/* Dates: the text, the order, the time (RFC 3339) or NULL if refused. */
static const struct {
	const char *in, *order, *want;
} date_cases[] = {
	{ "2026-11-18", "ymd", "2026-11-18T00:00:00Z" },
	{ "2026-11-18", "dmy", "2026-11-18T00:00:00Z" },
	{ "2026-11-18", "mdy", "2026-11-18T00:00:00Z" },
	{ "2026/11/18", "ymd", "2026-11-18T00:00:00Z" },
	{ "18/11/2026", "dmy", "2026-11-18T00:00:00Z" },
	{ "11/18/2026", "mdy", "2026-11-18T00:00:00Z" },
	{ "1/2/2026", "dmy", "2026-02-01T00:00:00Z" },
	{ "1/2/2026", "mdy", "2026-01-02T00:00:00Z" },
	{ "1.2.2026", "dmy", "2026-02-01T00:00:00Z" },
	{ "01-02-2026", "dmy", "2026-02-01T00:00:00Z" },
	{ "2026-11-18 09:30", "ymd", "2026-11-18T09:30:00Z" },
	{ "2026-11-18T09:30:05Z", "dmy", "2026-11-18T09:30:05Z" },
	{ "2026-11-18T09:30:00+01:00", "ymd", "2026-11-18T08:30:00Z" },
	{ "2024-02-29", "ymd", "2024-02-29T00:00:00Z" },
	{ "2025-02-29", "ymd", NULL },
	{ "2026-13-01", "ymd", NULL },
	{ "2026-00-10", "ymd", NULL },
	{ "18/11/2026", "ymd", NULL },
	{ "11/18/2026", "dmy", NULL },
	{ "18/11/26", "dmy", NULL },
	{ "1/2-2026", "dmy", NULL },
	{ "2026-11-18x", "ymd", NULL },
	{ "18 Nov 2026", "dmy", NULL },
	{ "today", "ymd", NULL },
	{ "2027-01-01", "ymd", NULL },
	{ "1899-12-31", "ymd", NULL },
};

START_TEST(test_dates)
{
	char map[1024], in[256], t[TIME_STRLEN];
	struct import_stats st;
	struct buf bad = BUF_INIT;
	struct error err;
	struct complaint c;
	int rc;

	snprintf(map, sizeof(map), shop_map, date_cases[_i].order);
	snprintf(in, sizeof(in), "Ref,When,Who,How,State,Done\r\n"
	    "R1,%s,Ann,Tel,,\r\n", date_cases[_i].in);
	error_clear(&err);
	rc = run(in, map, 0, 0, &st, &bad, &err);
	if (date_cases[_i].want == NULL) {
		ck_assert_int_eq(rc, EX_DATAERR);
		ck_assert_msg(strncmp(err.msg, "in.csv:2: ", 10) == 0, "%s",
		    err.msg);
	} else {
		ck_assert_msg(rc == 0, "%s", err.msg);
		load_last(&c);
		time_format_utc(c.received_at, t, sizeof(t));
		ck_assert_str_eq(t, date_cases[_i].want);
		complaint_release(&c);
	}
	import_stats_release(&st);
	buf_release(&bad);
}
END_TEST

START_TEST(test_map_record)
{
	char map[1024];
	struct import_stats st;
	struct buf bad = BUF_INIT;
	struct error err;
	struct complaint c;
	char t[TIME_STRLEN];

	snprintf(map, sizeof(map), shop_map, "dmy");
	ck_assert_int_eq(run("Ref,When,Who,How,State,Done\n"
	    "R1, 02/11/2026 , Ann ,Tel,Done,05/11/2026\n"
	    "R2,03/11/2026,Bob,Fax,Shut,\n"
	    "R3,03/11/2026,Cy,pigeon,,\n", map, 0, 0, &st, &bad, &err), 0);
	ck_assert_uint_eq(st.imported, 3);
	ck_assert_uint_eq(st.nnew, 1);
	ck_assert_int_eq(st.newvalues[0].target, IT_CHANNEL);
	ck_assert_str_eq(st.newvalues[0].value, "pigeon");
	import_stats_release(&st);

	ck_assert_int_eq(store_complaint_load(db, "CMP", 1, &c, &err), 0);
	ck_assert_str_eq(c.customer, "Ann");
	ck_assert_str_eq(c.owner, "carol");
	ck_assert_str_eq(c.channel, "phone");
	ck_assert_str_eq(c.source, "shop");
	ck_assert_str_eq(c.source_id, "R1");
	ck_assert_int_eq(c.status, ST_RESOLVED);
	time_format_utc(c.resolved_at, t, sizeof(t));
	ck_assert_str_eq(t, "2026-11-05T00:00:00Z");
	ck_assert_int_ne(c.followup_due, TIME_NONE);
	ck_assert_int_eq(c.closed_at, TIME_NONE);
	time_format_utc(c.ack_due, t, sizeof(t));
	ck_assert_str_eq(t, "2026-11-03T00:00:00Z");
	complaint_release(&c);

	/* A translation to null falls back to the first channel. */
	ck_assert_int_eq(store_complaint_load(db, "CMP", 2, &c, &err), 0);
	ck_assert_str_eq(c.channel, "phone");
	ck_assert_int_eq(c.status, ST_CLOSED);
	ck_assert_int_eq(c.closed_at, c.received_at);
	complaint_release(&c);

	/* The same ids again: duplicates, nothing new. */
	ck_assert_int_eq(run("Ref,When,Who,How,State,Done\n"
	    "R1,02/11/2026,Ann,Tel,Done,05/11/2026\n"
	    "R4,04/11/2026,Di,Tel,,\n", map, 0, 0, &st, &bad, &err), 0);
	ck_assert_uint_eq(st.imported, 1);
	ck_assert_uint_eq(st.duplicates, 1);
	import_stats_release(&st);

	/* Strict: the unknown channel is a bad record. */
	ck_assert_int_eq(run("Ref,When,Who,How,State,Done\n"
	    "R9,03/11/2026,Cy,pigeon,,\n", map, 1, 0, &st, &bad, &err),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg,
	    "in.csv:2: unknown channel 'pigeon' (expected one of: phone,"));
	import_stats_release(&st);
	buf_release(&bad);
}
END_TEST

/* A map reads null as the configuration does: Null and NULL are null
 * too (the channel falls back to the first), a quoted 'null' is text. */
START_TEST(test_map_nulls)
{
	static const char *const spellings[] = { "Null", "NULL", "~", "" };
	char map[1024];
	struct import_stats st;
	struct buf bad = BUF_INIT;
	struct error err;
	struct complaint c;
	size_t i;

	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		snprintf(map, sizeof(map), "source: s%zu\nfields:\n"
		    "  source_id: Ref\n  received_at: When\n"
		    "  customer: Who\n  channel: How\n"
		    "values:\n  channel: {Fax: %s}\n", i, spellings[i]);
		ck_assert_int_eq(run("Ref,When,Who,How\n"
		    "R1,2026-11-02,Ann,Fax\n", map, 0, 0, &st, &bad, &err), 0);
		ck_assert_uint_eq(st.nnew, 0);
		import_stats_release(&st);
		ck_assert_int_eq(store_complaint_load(db, "CMP",
		    (int64_t)i + 1, &c, &err), 0);
		ck_assert_msg(strcmp(c.channel, "phone") == 0, "%s: %s",
		    spellings[i], c.channel);
		complaint_release(&c);
	}
	ck_assert_int_eq(run("Ref,When,Who,How\nR1,2026-11-02,Ann,Fax\n",
	    "source: q\nfields:\n  source_id: Ref\n  received_at: When\n"
	    "  customer: Who\n  channel: How\n"
	    "values:\n  channel: {Fax: 'null'}\n", 0, 0, &st, &bad, &err), 0);
	ck_assert_uint_eq(st.nnew, 1);
	ck_assert_str_eq(st.newvalues[0].value, "null");
	import_stats_release(&st);
	buf_release(&bad);
}
END_TEST

/* Bad records: the text, the start of the message. */
static const struct {
	const char *in, *msg;
} bad_cases[] = {
	{ "R1,2026-11-02,Ann,Tel,,\nR2,2026-11-02,Bob\n",
	    "in.csv:3: 3 fields, expected 6 as in the header" },
	{ "R1,,Ann,Tel,,\n", "in.csv:2: no received date (column 'When'" },
	{ "R1,2026-11-02,,Tel,,\n", "in.csv:2: no customer (column 'Who'" },
	{ "R1,2026-11-02,Ann,Tel,Lost,\n",
	    "in.csv:2: unknown status 'Lost' in column 'State'" },
	{ "R1,2026-11-05,Ann,Tel,Done,2026-11-02\n",
	    "in.csv:2: resolved on '2026-11-02', before it was received" },
	{ "R1,2026-11-02,Ann,Tel,Done,2026-12-02\n",
	    "in.csv:2: resolved date '2026-12-02' is in the future" },
	{ "R1,2026-11-02,Ann,Tel,Done,soon\n",
	    "in.csv:2: invalid date 'soon' in column 'Done'" },
	{ "R1,2026-11-02,A\xffn,Tel,,\n",
	    "in.csv:2: column 'Who' is not valid UTF-8" },
	{ "R1,2026-11-02,\"A\nn\",Tel,,\nR2,x\xc3,Bo,Tel,,\n",
	    "in.csv:4: column 'When' is not valid UTF-8" },
	{ "", "in.csv: no records after the header line" },
	{ "\n\n", "in.csv: no records after the header line" },
};

START_TEST(test_bad_records)
{
	char map[1024], in[256];
	struct import_stats st;
	struct buf bad = BUF_INIT;
	struct error err;

	snprintf(map, sizeof(map), shop_map, "ymd");
	snprintf(in, sizeof(in), "Ref,When,Who,How,State,Done\n%s",
	    bad_cases[_i].in);
	ck_assert_int_eq(run(in, map, 0, 0, &st, &bad, &err), EX_DATAERR);
	ck_assert_msg(strncmp(err.msg, bad_cases[_i].msg,
	    strlen(bad_cases[_i].msg)) == 0, "%s", err.msg);
	import_stats_release(&st);
	buf_release(&bad);
}
END_TEST

START_TEST(test_skip_bad)
{
	char map[1024];
	struct import_stats st;
	struct buf bad = BUF_INIT;
	struct error err;

	snprintf(map, sizeof(map), shop_map, "ymd");
	ck_assert_int_eq(run("Ref,When,Who,How,State,Done\n"
	    "R1,2026-11-02,Ann,Tel,,\n"
	    "R2,nope,Bob,Tel,,\n"
	    "R3,2026-11-03,Cy,Tel,,\n"
	    "R4,2026-11-03\n", map, 0, 1, &st, &bad, &err), 0);
	ck_assert_uint_eq(st.imported, 2);
	ck_assert_uint_eq(st.skipped, 2);
	ck_assert_str_eq(buf_str(&bad),
	    "in.csv:3: invalid date 'nope' in column 'When' (expected "
	    "YYYY-MM-DD)\n"
	    "in.csv:5: 2 fields, expected 6 as in the header\n");
	import_stats_release(&st);
	buf_release(&bad);
}
END_TEST

static void
count_bad(const char *line, void *arg)
{
	size_t *n = arg;

	ck_assert_ptr_nonnull(strstr(line, "invalid date 'nope'"));
	(*n)++;
}

/* With a bad_record callback, bad lines are handed over one by one and
 * nothing is kept: memory does not grow with the number of bad rows. */
START_TEST(test_skip_bad_streams)
{
	struct import_opts o;
	struct import_stats st;
	struct buf in = BUF_INIT;
	struct error err;
	struct csv c;
	size_t i, n = 0;

	buf_puts(&in, "Case Owner,Department,Date received,Date followed-up "
	    "with customer,Resolved and followed up (Y/N),Customer Name,"
	    "Issue,Resolution,Proposed Improvement Idea\n");
	for (i = 0; i < 20000; i++)
		buf_puts(&in, "bob,sales,nope,,N,Bo,x,,\n");
	buf_puts(&in, "bob,sales,2026-11-02,,N,Ann,x,,\n");
	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	o.file = "in.csv";
	o.actor = "alice";
	o.now = now;
	o.skip_bad = 1;
	o.dates = -1;
	o.bad_record = count_bad;
	o.bad_record_arg = &n;
	csv_init_mem(&c, buf_str(&in), in.len, "in.csv");
	ck_assert_int_eq(import_run(db, &cfg, &c, NULL, &o, &st, NULL, &err),
	    0);
	csv_release(&c);
	ck_assert_uint_eq(n, 20000);
	ck_assert_uint_eq(st.skipped, 20000);
	ck_assert_uint_eq(st.imported, 1);
	import_stats_release(&st);
	buf_release(&in);
}
END_TEST

START_TEST(test_detect)
{
	static const char *const sheet[] = {
		" case owner ", "Department", "Date received",
		"Date followed-up with customer",
		"Resolved and followed up (Y/N)", "Customer Name", "Issue",
		"Resolution", "Proposed Improvement Idea", "Extra",
	};
	static const char *const other[] = { "a", "b" };
	struct import_map m;
	struct error err;

	ck_assert_int_eq(import_map_detect(&m, sheet, 10, &err), 0);
	ck_assert_str_eq(m.layout, "spreadsheet");
	ck_assert_uint_eq(m.rule[IT_IDEA].ncols, 1);
	ck_assert_str_eq(m.rule[IT_STATUS].values[0].from, "Y");
	ck_assert_str_eq(m.rule[IT_STATUS].values[0].to, "closed");
	import_map_release(&m);
	ck_assert_int_eq(import_map_detect(&m, sheet, 8, &err), EX_DATAERR);
	ck_assert_int_eq(import_map_detect(&m, other, 2, &err), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown layout"));
}
END_TEST

/* Bad maps: the text, the message. */
static const struct {
	const char *map, *msg;
} map_cases[] = {
	{ "fields: {received_at: When, colour: How}\n",
	    ":1:29: unknown field 'colour'" },
	{ "fields: {received_at: When}\nextra: 1\n",
	    ":2:1: unknown key 'extra'" },
	{ "source: shop\n", ":1:1: the map has no fields" },
	{ "fields: {customer: Who}\n",
	    ":1:1: fields has no column for received_at" },
	{ "fields: {received_at: [When, {a: b}]}\n",
	    ":1:30: a column is named by a string" },
	{ "fields: {received_at: []}\n",
	    ":1:23: field 'received_at' names no column" },
	{ "fields: {received_at: When, received_at: Then}\n",
	    ":1:29: field 'received_at' is given twice" },
	{ "fields: [When]\n", ":1:9: fields must map each field" },
	{ "dates: iso\nfields: {received_at: When}\n",
	    ":1:8: unknown date order 'iso'" },
	{ "fields: {received_at: When}\nvalues: {status: {A: open}}\n",
	    ":2:22: unknown status 'open'" },
	{ "fields: {received_at: When}\nvalues: {channel: [a]}\n",
	    ":2:19: the values of 'channel' must map" },
	{ "fields: {received_at: When}\ndefaults: {owner: [a]}\n",
	    ":2:19: the default of 'owner' must be a string" },
	{ "- a\n", ":1:1: a map is a mapping" },
	{ "", ":1:1: the map is empty" },
	{ "fields: {\n", ":2:1: " },
};

START_TEST(test_bad_maps)
{
	struct import_stats st;
	struct buf bad = BUF_INIT;
	struct error err;

	ck_assert_int_eq(run("x\n", map_cases[_i].map, 0, 0, &st, &bad,
	    &err), EX_CONFIG);
	ck_assert_msg(strncmp(err.msg, mappath, strlen(mappath)) == 0 &&
	    strstr(err.msg, map_cases[_i].msg) != NULL, "%s", err.msg);
	buf_release(&bad);
}
END_TEST

Suite *import_suite(void);

Suite *
import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("import");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_dates, 0,
	    (int)(sizeof(date_cases) / sizeof(date_cases[0])));
	tcase_add_test(tc, test_map_record);
	tcase_add_test(tc, test_map_nulls);
	tcase_add_loop_test(tc, test_bad_records, 0,
	    (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(tc, test_skip_bad);
	tcase_add_test(tc, test_skip_bad_streams);
	tcase_add_test(tc, test_detect);
	tcase_add_loop_test(tc, test_bad_maps, 0,
	    (int)(sizeof(map_cases) / sizeof(map_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
