/*
 * The SQLite store's own suite: the schema's migrations, what they
 * promise about writes, and the plans of the queries that must stay on
 * their indexes.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "scratch.h"
#include "store.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"
#include "xmalloc.h"

/* Does the program of SQL, as SQLite compiles it, build a temporary
 * b-tree? */
static int
opens_ephemeral(struct store *db, const char *sql)
{
	sqlite3_stmt *st;
	char explain[1024];
	int found = 0;

	snprintf(explain, sizeof(explain), "EXPLAIN %s", sql);
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h, explain, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (strcmp((const char *)sqlite3_column_text(st, 1),
		    "OpenEphemeral") == 0)
			found = 1;
	sqlite3_finalize(st);
	return found;
}

/*
 * Writing a complaint maintains every index, and a partial index's
 * condition is evaluated for each row written: a condition SQLite
 * compiles to a temporary b-tree (an IN list of three or more) costs a
 * page cache per row. Migration 6 removed the last of them; this keeps
 * new ones out. (The CHECK constraints are left aside: import turns
 * them off, and they are not part of any index.)
 */
START_TEST(test_writes_build_no_temporary_btree)
{
	char path[128];
	struct store *db;
	struct error err;

	scratch_path(path, sizeof(path), "schema");
	ck_assert_int_eq(scratch_open(&db, path, 1000, 0, &err), 0);
	ck_assert_int_eq(sqlite3_exec(sqlite_db(db)->h,
	    "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL),
	    SQLITE_OK);
	ck_assert(!opens_ephemeral(db, "INSERT INTO complaint(status,"
	    " received_at, channel, customer, owner, updated_at)"
	    " VALUES ('new', 1, 'phone', 'Ann', 'alice', 1)"));
	ck_assert(!opens_ephemeral(db, "UPDATE complaint SET"
	    " status = 'resolved', acknowledged_at = 2, resolve_due = 3,"
	    " callback_due = 4, followup_due = 5 WHERE id = 1"));
	store_close(db);
	scratch_remove(path);
}
END_TEST

/* Migration 7 fills the name keys through a function store/sqlite.c
 * registers; the complaint table is empty when it runs here, so only
 * its name is needed. */
static void
name_key_unused(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_value(ctx, argv[0]);
}

/* A scratch file (its name into PATH) at schema VERSION, as an older
 * complaint left it, open in H for the rows a test puts in it. */
static sqlite3 *
schema_at(char *path, size_t len, int version)
{
	char sql[96];
	sqlite3 *h;
	int v;

	scratch_path(path, len, "schema");
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_create_function(h, "complaint_name_key", 1,
	    SQLITE_UTF8, NULL, name_key_unused, NULL, NULL), SQLITE_OK);
	for (v = 1; v <= version; v++)
		ck_assert_int_eq(sqlite3_exec(h, schema_migration(v), NULL,
		    NULL, NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d;"
	    "PRAGMA application_id = 1129140300;", version);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	return h;
}

/* A database at version 5 opens at the latest version, its open-state
 * partial indexes restated, and the queries that name SCHEMA_OPEN can
 * use them. */
START_TEST(test_migration_6_restates_open_indexes)
{
	char path[128];
	struct store *db;
	struct error err;
	sqlite3_stmt *st;
	int n = 0;

	sqlite3_close(schema_at(path, sizeof(path), 5));

	ck_assert_int_eq(scratch_open(&db, path, 1000, 0, &err), 0);
	ck_assert_int_eq(store_schema_version(db), schema_latest());
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h, "SELECT sql FROM"
	    " sqlite_master WHERE name IN ('complaint_open',"
	    " 'complaint_ack_pending', 'complaint_resolve_pending')",
	    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ck_assert_ptr_nonnull(strstr((const char *)
		    sqlite3_column_text(st, 0), "NOT IN ('resolved', 'closed')"));
		n++;
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(n, 3);
	/* INDEXED BY fails to prepare unless the WHERE implies the
	 * index's condition. */
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h, "SELECT id FROM complaint"
	    " INDEXED BY complaint_open WHERE " SCHEMA_OPEN, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h, "SELECT id FROM complaint"
	    " INDEXED BY complaint_resolve_pending WHERE " SCHEMA_OPEN
	    " AND resolve_due < 5", -1, &st, NULL), SQLITE_OK);
	sqlite3_finalize(st);
	store_close(db);
	scratch_remove(path);
}
END_TEST

/* How many complaints the search index finds for QUERY on H. */
static int
fts_count(sqlite3 *h, const char *query)
{
	sqlite3_stmt *st;
	int n = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT count(*) FROM"
	    " complaint_fts WHERE complaint_fts MATCH ?", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

#define FTS_CHECK "INSERT INTO complaint_fts(complaint_fts, rank)" \
	" VALUES ('integrity-check', 1)"

/* A hash as the chain stores it (the open reads the last one). */
#define HEX64 "0123456789abcdef0123456789abcdef" \
	"0123456789abcdef0123456789abcdef"

/* A database at version 15 keeps its search index through migration 16,
 * which drops the index's copy of the text: the words are found where
 * they were, and the index follows the text it now reads from the
 * view. */
START_TEST(test_migration_16_index_without_copy)
{
	char path[128];
	struct db db;
	struct error err;
	sqlite3 *h;
	sqlite3_stmt *st;

	h = schema_at(path, sizeof(path), 15);
	ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO complaint (status, received_at, channel, customer,"
	    " owner, updated_at, summary) VALUES ('new', 1, 'phone', 'Zoe',"
	    " 'alice', 1, 'kettle broken');"
	    "INSERT INTO event (complaint_id, at, actor, action, note, hash,"
	    " digest, account) VALUES (1, 1, 'alice', 'note', 'rang again',"
	    " '" HEX64 "', '" HEX64 "', 'root')", NULL, NULL, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(fts_count(h, "rang"), 1);
	sqlite3_close(h);

	ck_assert_msg(db_open(&db, path, 1000, 0, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(db_schema_version(&db), schema_latest());
	ck_assert_int_eq(sqlite3_prepare_v2(db.h, "SELECT count(*) FROM"
	    " sqlite_master WHERE name = 'complaint_fts_content'", -1, &st,
	    NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	ck_assert_int_eq(fts_count(db.h, "kettle"), 1);
	ck_assert_int_eq(fts_count(db.h, "rang"), 1);
	ck_assert_int_eq(sqlite3_exec(db.h, FTS_CHECK, NULL, NULL, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db.h, "UPDATE complaint SET summary ="
	    " 'toaster broken' WHERE id = 1", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(fts_count(db.h, "kettle"), 0);
	ck_assert_int_eq(fts_count(db.h, "toaster"), 1);
	ck_assert_int_eq(fts_count(db.h, "rang"), 1);
	ck_assert_int_eq(sqlite3_exec(db.h, FTS_CHECK, NULL, NULL, NULL),
	    SQLITE_OK);
	/* A complaint deleted behind the tool's back (it never deletes
	 * one) takes its words with it. */
	ck_assert_int_eq(sqlite3_exec(db.h, "INSERT INTO complaint (status,"
	    " received_at, channel, customer, owner, updated_at, summary)"
	    " VALUES ('new', 1, 'phone', 'Ann', 'alice', 1, 'toaster smoke');"
	    "DELETE FROM complaint WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(fts_count(db.h, "toaster"), 1);
	ck_assert_int_eq(fts_count(db.h, "smoke"), 0);
	ck_assert_int_eq(sqlite3_exec(db.h, FTS_CHECK, NULL, NULL, NULL),
	    SQLITE_OK);
	db_close(&db);
	scratch_remove(path);
}
END_TEST

/* The note of the event its callback is given, copied into ARG (a
 * char[128]). */
static int
note_of(const struct event *ev, void *arg)
{
	snprintf(arg, 128, "%s", ev->note ? ev->note : "(null)");
	return 0;
}

/* The text of SQL's first column on H, or "(null)", into OUT. */
static void
query_text(sqlite3 *h, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, len, "%s", sqlite3_column_type(st, 0) == SQLITE_NULL ?
	    "(null)" : (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Migration 17: an import's note names its file by reference. An
 * event from before keeps its note as written and reads as before; a
 * new import stores the line's number (schema 20; "line N" in 17) and
 * the file's row, and reads whole. */
START_TEST(test_migration_17_import_file_once)
{
	const struct import_origin from = { "/data/sheet.csv", 3, "rang" };
	char path[128], note[128], got[128];
	struct complaint c;
	struct store *s;
	struct error err;
	sqlite3 *h;

	h = schema_at(path, sizeof(path), 16);
	ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO complaint (status, received_at, channel, customer,"
	    " owner, updated_at) VALUES ('new', 1, 'phone', 'Zoe', 'alice', 1);"
	    "INSERT INTO event (complaint_id, at, actor, action, note, hash,"
	    " account, form) VALUES (1, 1, 'alice', 'import',"
	    " 'imported from old.csv line 2', '" HEX64 "', 'root', 1)",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	ck_assert_msg(scratch_open(&s, path, 1000, 0, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(store_schema_version(s), schema_latest());
	ck_assert_int_eq(store_event_each(s, 1, note_of, note, &err), 0);
	ck_assert_str_eq(note, "imported from old.csv line 2");

	complaint_init(&c);
	c.received_at = 1;
	c.channel = xstrdup("phone");
	c.customer = xstrdup("Ann");
	c.owner = xstrdup("alice");
	ck_assert_int_eq(store_begin(s, 1, &err), 0);
	ck_assert_int_eq(store_complaint_import(s, &c, "alice", 2, &from,
	    &err), 0);
	ck_assert_int_eq(store_complaint_import(s, &c, "alice", 2, &from,
	    &err), 0);
	ck_assert_int_eq(store_commit(s, &err), 0);
	query_text(sqlite_db(s)->h, "SELECT group_concat(note || '@' ||"
	    " import_file, '|') FROM event WHERE import_file IS NOT NULL", got,
	    sizeof(got));
	ck_assert_str_eq(got, "3\nrang@1|3\nrang@1");
	query_text(sqlite_db(s)->h, "SELECT group_concat(name) FROM"
	    " import_file", got, sizeof(got));
	ck_assert_str_eq(got, "/data/sheet.csv");
	ck_assert_int_eq(store_event_each(s, c.id, note_of, note, &err), 0);
	ck_assert_str_eq(note, "imported from /data/sheet.csv line 3\nrang");
	complaint_release(&c);
	store_close(s);
	scratch_remove(path);
}
END_TEST

/* The file's check begun beside other work (a second connection and
 * thread, the store having been opened for it) gives what
 * store_integrity_check() gives:
 * nothing on a sound file, the index that no longer matches its rows on
 * a damaged one, while the first connection reads meanwhile. */
START_TEST(test_integrity_beside)
{
	struct store_options o = { 1000, 0, STORE_OPEN_THREADS };
	char path[128];
	struct store *s;
	struct store_job *job;
	struct buf problem = BUF_INIT;
	struct error err;
	sqlite3 *h;

	/* The process's first open (Check forks each test), so SQLite is
	 * set up for a second thread. */
	scratch_path(path, sizeof(path), "beside");
	ck_assert_msg(store_open(&s, path, &o, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sqlite_db(s)->threads, 1);
	store_close(s);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO complaint (status, received_at, channel, customer,"
	    " owner, updated_at) VALUES ('new', 1, 'phone', 'Zoe', 'alice', 2)",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	ck_assert_msg(store_open(&s, path, &o, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(store_integrity_start(s, &job, &err), 0);
	ck_assert_int_eq(store_begin(s, 0, &err), 0);
	ck_assert_int_eq(store_commit(s, &err), 0);
	ck_assert_int_eq(store_integrity_finish(s, job, &problem, &err), 0);
	ck_assert_str_eq(buf_str(&problem), "");
	store_close(s);

	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "PRAGMA writable_schema = ON;"
	    " UPDATE sqlite_schema SET sql = replace(sql, '(received_at)',"
	    " '(updated_at)') WHERE name = 'complaint_received'", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_msg(store_open(&s, path, &o, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(store_integrity_start(s, &job, &err), 0);
	ck_assert_int_eq(store_integrity_finish(s, job, &problem, &err), 0);
	ck_assert_ptr_nonnull(strstr(buf_str(&problem),
	    "missing from index complaint_received"));
	buf_release(&problem);
	store_close(s);
	scratch_remove(path);
}
END_TEST

/* A database at version 6 gets the names' matching keys of migration
 * 7 for the complaints it holds, so --customer and --owner find them
 * folded the Unicode way, through the new indexes. */
START_TEST(test_migration_7_fills_name_keys)
{
	char path[128];
	struct db db;
	struct error err;
	sqlite3 *h;
	sqlite3_stmt *st;

	h = schema_at(path, sizeof(path), 6);
	ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO complaint (status, received_at, channel, customer,"
	    " owner, updated_at) VALUES ('new', 1, 'phone',"
	    " 'ZOE\xcc\x88  \xc3\x85ngstr\xc3\xb6m', 'Alice', 1)",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	ck_assert_int_eq(db_open(&db, path, 1000, 0, &err), 0);
	ck_assert_int_eq(db_schema_version(&db), schema_latest());
	ck_assert_int_eq(sqlite3_prepare_v2(db.h, "SELECT customer_key,"
	    " owner_key FROM complaint", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0),
	    "zo\xc3\xab \xc3\xa5ngstr\xc3\xb6m");
	/* Migration 19: "Alice" is its own key but for case. */
	ck_assert_int_eq(sqlite3_column_type(st, 1), SQLITE_NULL);
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_prepare_v2(db.h, "SELECT count(*) FROM"
	    " complaint INDEXED BY complaint_customer_key WHERE "
	    SCHEMA_CUSTOMER_KEY " = 'zo\xc3\xab \xc3\xa5ngstr\xc3\xb6m'",
	    -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_prepare_v2(db.h, "SELECT count(*) FROM"
	    " complaint INDEXED BY complaint_owner_key WHERE "
	    SCHEMA_OWNER_KEY " = 'alice'", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	/* The function that filled them is gone with the migration: the
	 * file needs nothing of ours to be read or written. */
	ck_assert_int_ne(sqlite3_exec(db.h, "SELECT complaint_name_key('A')",
	    NULL, NULL, NULL), SQLITE_OK);
	db_close(&db);
	scratch_remove(path);
}
END_TEST

/* A fresh database for the plan tests: its schema is all they need. */
static char dbpath[256];
static struct store *db;

static void
setup(void)
{
	struct error err;

	scratch_path(dbpath, sizeof(dbpath), "store-sqlite");
	ck_assert_int_eq(scratch_open(&db, dbpath, 5000, 0, &err), 0);
}

static void
teardown(void)
{
	store_close(db);
	db = NULL;
	scratch_remove(dbpath);
}

/* log looks for a customer's open complaints on every call: the three
 * customer indexes find them, never a walk of every open complaint. */
START_TEST(test_open_for_plan)
{
	sqlite3_stmt *st;
	char sql[1024];
	int searches = 0;

	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s",
	    complaint_open_for_sql);
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h, sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);

		ck_assert_msg(strstr(detail, "SCAN complaint") == NULL,
		    "scan: %s", detail);
		ck_assert_msg(strstr(detail, "complaint_status") == NULL,
		    "status index: %s", detail);
		if (strstr(detail, "SEARCH complaint USING INDEX complaint_cust") ||
		    strstr(detail, "SEARCH complaint USING INDEX complaint_contact"))
			searches++;
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(searches, 3);
}
END_TEST

/* A million complaints must not be read to find the few owed: each half
 * of the sweep is a range over its partial index. */
START_TEST(test_owed_plan_uses_partial_indexes)
{
	sqlite3_stmt *st;
	char sql[2048];
	int callback = 0, followup = 0;

	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", followup_owed_sql);
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h, sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);

		ck_assert_msg(strncmp(detail, "SCAN complaint", 14) != 0 ||
		    strstr(detail, "INDEX") != NULL, "table scan: %s", detail);
		if (strstr(detail, "SEARCH complaint USING INDEX "
		    "complaint_callback (") && strstr(detail, "callback_due<?"))
			callback = 1;
		if (strstr(detail, "SEARCH complaint USING INDEX "
		    "complaint_followup (") && strstr(detail, "followup_due<?"))
			followup = 1;
	}
	sqlite3_finalize(st);
	ck_assert_msg(callback, "no range scan of complaint_callback");
	ck_assert_msg(followup, "no range scan of complaint_followup");
}
END_TEST

/* Message-IDs (migration 13): one row per id whatever its direction,
 * found again, the latest received per complaint. */
START_TEST(test_message_ids)
{
	struct error err;
	int64_t id = 0;
	char *latest = NULL;
	int added, found, out;

	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	ck_assert_int_eq(sqlite3_exec(sqlite_db(db)->h, "INSERT INTO "
	    "complaint(status, received_at, channel, customer, owner, "
	    "updated_at) VALUES ('new', 1, 'email', 'Ann', 'alice', 1)",
	    NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(store_message_id_latest(db, 1, &latest, &err), 0);
	ck_assert_ptr_null(latest);
	ck_assert_int_eq(store_message_id_add(db, "a@x", 1, 0, 10, &added,
	    &err), 0);
	ck_assert_int_eq(added, 1);
	ck_assert_int_eq(store_message_id_add(db, "a@x", 1, 1, 11, &added,
	    &err), 0);
	ck_assert_int_eq(added, 0);
	ck_assert_int_eq(store_message_id_add(db, "b@x", 1, 0, 10, &added,
	    &err), 0);
	ck_assert_int_eq(store_message_id_add(db, "c@us", 1, 1, 12, &added,
	    &err), 0);
	ck_assert_int_eq(store_message_id_find(db, "a@x", &id, &out, &found,
	    &err), 0);
	ck_assert(found && id == 1 && out == 0);
	ck_assert_int_eq(store_message_id_find(db, "c@us", &id, &out, &found,
	    &err), 0);
	ck_assert(found && out == 1);
	ck_assert_int_eq(store_message_id_find(db, "z@x", &id, NULL, &found,
	    &err), 0);
	ck_assert(!found);
	/* The latest received: b@x (a tie on time goes to the later row),
	 * never the sent c@us. */
	ck_assert_int_eq(store_message_id_latest(db, 1, &latest, &err), 0);
	ck_assert_str_eq(latest, "b@x");
	free(latest);
	store_rollback(db);
}
END_TEST

/* A listing of a few fields of thousands of rows selects only those:
 * SQLite evaluates a NULL placeholder on every row (a fifth of list's
 * instructions on 4,000 rows). */
START_TEST(test_listing_selects_only_its_fields)
{
	static const char *const names[] = { "status", "summary" };
	struct complaint_filter f;
	struct error err;
	sqlite3_stmt *st, *plan;
	char sql[4096];
	int nulls = 0;

	complaint_filter_init(&f);
	f.fields = complaint_field_mask(names, 2);
	ck_assert_int_eq(sq_complaint_select(sqlite_db(db), &f, "SELECT id, ",
	    " FROM complaint", NULL, 0, &st, &err), 0);
	ck_assert_int_eq(sqlite3_column_count(st), 3);
	snprintf(sql, sizeof(sql), "EXPLAIN %s", sqlite3_sql(st));
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h, sql, -1, &plan,
	    NULL), SQLITE_OK);
	while (sqlite3_step(plan) == SQLITE_ROW)
		nulls += strcmp((const char *)sqlite3_column_text(plan, 1),
		    "Null") == 0;
	sqlite3_finalize(plan);
	ck_assert_int_eq(nulls, 0);
}
END_TEST

/* The plan of a listing by statuses: the open ones through
 * complaint_status (migration 18 left the closed out of it), closed ones
 * in received order with no index of their own. */
static const char *
status_listing_plan(unsigned statuses, char *out, size_t len)
{
	struct complaint_filter f;
	struct error err;
	sqlite3_stmt *st, *plan;
	char sql[4096];

	complaint_filter_init(&f);
	f.statuses = statuses;
	ck_assert_int_eq(sq_complaint_select(sqlite_db(db), &f, "SELECT id, ",
	    " FROM complaint", NULL, 0, &st, &err), 0);
	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", sqlite3_sql(st));
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h, sql, -1, &plan,
	    NULL), SQLITE_OK);
	out[0] = '\0';
	while (sqlite3_step(plan) == SQLITE_ROW)
		snprintf(out + strlen(out), len - strlen(out), "%s;",
		    (const char *)sqlite3_column_text(plan, 3));
	sqlite3_finalize(plan);
	return out;
}

START_TEST(test_status_listing_plan)
{
	char got[512];

	status_listing_plan(1u << ST_NEW, got, sizeof(got));
	ck_assert_msg(strstr(got, "INDEX complaint_status (status=?)") != NULL,
	    "new: %s", got);
	status_listing_plan(1u << ST_NEW | 1u << ST_RESOLVED, got,
	    sizeof(got));
	ck_assert_msg(strstr(got, "INDEX complaint_status (status=?)") != NULL,
	    "new and resolved: %s", got);
	status_listing_plan(1u << ST_CLOSED, got, sizeof(got));
	ck_assert_msg(strstr(got, "complaint_status") == NULL &&
	    strstr(got, "complaint_received") != NULL, "closed: %s", got);
}
END_TEST

/* A bulk load's memory is bounded, whatever the size of what it loads:
 * its page cache is a few MiB (DB_BULK_CACHE_MIB), not the whole
 * database. */
START_TEST(test_bulk_cache_is_bounded)
{
	struct error err;
	sqlite3_stmt *st;

	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	ck_assert_int_eq(store_bulk_begin(db, &err), 0);
	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(db)->h,
	    "PRAGMA cache_size", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	/* Negative: KiB. */
	ck_assert_int_lt(sqlite3_column_int(st, 0), 0);
	ck_assert_int_le(-sqlite3_column_int(st, 0), 16 * 1024);
	sqlite3_finalize(st);
	ck_assert_int_eq(store_bulk_end(db, &err), 0);
	ck_assert_int_eq(store_commit(db, &err), 0);
}
END_TEST

/* The indexes an import set aside are sorted on a helper thread for
 * each processor beside the first (at most 4) where the connection may
 * run them, on none where it may not, and on none once they are built. */
START_TEST(test_bulk_sorts_on_helpers)
{
	struct store_options o = { 1000, 0, STORE_OPEN_THREADS };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cpus < 2 ? 0 : cpus > 5 ? 4 : (int)cpus - 1;
	char path[128];
	struct store *s;
	struct error err;
	struct db *h;

	/* The process's first open (Check forks each test). */
	scratch_path(path, sizeof(path), "helpers");
	ck_assert_msg(store_open(&s, path, &o, &err) == 0, "%s", err.msg);
	h = sqlite_db(s);
	ck_assert_int_eq(sq_bulk_sort_threads(h), want);
	h->threads = 0;
	ck_assert_int_eq(sq_bulk_sort_threads(h), 0);
	h->threads = 1;
	ck_assert_int_eq(store_begin(s, 1, &err), 0);
	ck_assert_int_eq(store_bulk_begin(s, &err), 0);
	ck_assert_int_eq(store_bulk_end(s, &err), 0);
	ck_assert_int_eq(sqlite3_limit(h->h, SQLITE_LIMIT_WORKER_THREADS, -1),
	    0);
	ck_assert_int_eq(store_commit(s, &err), 0);
	store_close(s);
}
END_TEST

Suite *store_sqlite_suite(void);

Suite *
store_sqlite_suite(void)
{
	Suite *s = suite_create("store_sqlite");
	TCase *tc = tcase_create("migrations");

	tcase_add_test(tc, test_writes_build_no_temporary_btree);
	tcase_add_test(tc, test_migration_7_fills_name_keys);
	tcase_add_test(tc, test_migration_16_index_without_copy);
	tcase_add_test(tc, test_migration_17_import_file_once);
	tcase_add_test(tc, test_integrity_beside);
	tcase_add_test(tc, test_bulk_sorts_on_helpers);
	tcase_add_test(tc, test_migration_6_restates_open_indexes);
	suite_add_tcase(s, tc);
	tc = tcase_create("plans");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_for_plan);
	tcase_add_test(tc, test_owed_plan_uses_partial_indexes);
	tcase_add_test(tc, test_listing_selects_only_its_fields);
	tcase_add_test(tc, test_status_listing_plan);
	suite_add_tcase(s, tc);
	tc = tcase_create("bulk");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bulk_cache_is_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("mail");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_message_ids);
	suite_add_tcase(s, tc);
	return s;
}
