/*
 * The tamper-evident history (lib/audit.c): the content digests and the
 * chain link are pinned (changing them would orphan every existing
 * chain), their fields cannot run into each other, a database written
 * before the chain existed joins it when migrated, and verify finds
 * erased facts changed, cuts, replaced guards and rewritten records.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "complaint.h"
#include "review.h"
#include "store.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"
#include "scratch.h"
#include "xmalloc.h"

/* Computed independently (Python's hashlib) from the documented layout:
 * "complaint event v1\0", complaint_id and at as 8-byte big-endian, then
 * each text as 1, 8-byte length, bytes (0 alone for NULL); the link is
 * "complaint chain v1\0", prev, id (8 bytes), digest. */
#define DIGEST_PINNED \
	"207ae3b0cb3d0dea2316e46f4e86797726e26bcf9a3423830cc022b1c4637f3c"
#define LINK_PINNED \
	"2c6333b705a649d5ed8598863e5c19b1bb35656f1c3cca57b06e3b3457c9837a"

/* The same for an event with an account and a detail: "complaint event
 * v2\0", complaint_id, at, then actor, account, action, changes, note,
 * detail; and its facts digest, "complaint event facts v1\0", id,
 * complaint_id, at, then the same texts; and an idea's text digest,
 * "complaint text v1\0" and the text. */
#define DIGEST2_PINNED \
	"ec8255e1b8726bc5146e2774d8eed87ebc42fa4505c155d958394689ee62dde1"
#define FACTS_PINNED \
	"4ffccb49de8898e06294d0b07b8e4a87b608e0469883b642d73b937cacb92508"
#define TEXT_PINNED \
	"bdd62d93b9d26fb030e758b4bcf4a4faa8b8048978b738cc7baac302c06e7a96"

/* An import's creation (EVENT_CREATED): "complaint event v3 created\0",
 * complaint_id, at, then actor, account, action, note, detail, then each
 * set field's name and value in field order (a text as a text, any other
 * value as its 8-byte number), for a complaint made by complaint_init()
 * with received_at 1795000000, channel "phone", customer "Ann". */
#define CREATED_PINNED \
	"0a9453893c67bbc4332149de45ce359cefedffccd41f5bfb604b48afb477fdbf"

static struct event
sample(void)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id = 1;
	ev.complaint_id = 42;
	ev.at = 1795082400;
	ev.actor = "alice";
	ev.action = "note";
	ev.changes = "{}";
	ev.note = "called back";
	return ev;
}

static void
digest_hex(const struct event *ev, char hex[SHA256_HEXLEN])
{
	uint8_t d[SHA256_LEN];

	chain_event_digest(ev, d);
	sha256_hex(d, hex);
}

START_TEST(test_digest_pinned)
{
	struct event ev = sample();
	uint8_t d[SHA256_LEN], link[SHA256_LEN];
	char hex[SHA256_HEXLEN];

	digest_hex(&ev, hex);
	ck_assert_str_eq(hex, DIGEST_PINNED);
	chain_event_digest(&ev, d);
	chain_link(chain_genesis, 1, d, link);
	sha256_hex(link, hex);
	ck_assert_str_eq(hex, LINK_PINNED);
}
END_TEST

START_TEST(test_digest2_pinned)
{
	struct event ev = sample();
	uint8_t d[SHA256_LEN];
	char hex[SHA256_HEXLEN];

	ev.account = "root";
	ev.detail = "rule critical";
	digest_hex(&ev, hex);
	ck_assert_str_eq(hex, DIGEST2_PINNED);
	chain_event_facts(&ev, d);
	sha256_hex(d, hex);
	ck_assert_str_eq(hex, FACTS_PINNED);
	chain_text_digest("Double box", hex);
	ck_assert_str_eq(hex, TEXT_PINNED);
}
END_TEST

/* The account and the detail are covered: changing either, or dropping
 * the account (back to the older layout), changes the digest. */
START_TEST(test_digest2_covers_account)
{
	struct event a = sample(), b;
	char ha[SHA256_HEXLEN], hb[SHA256_HEXLEN];

	a.account = "root";
	a.detail = "rule critical";
	digest_hex(&a, ha);
	b = a, b.account = "mallory";
	digest_hex(&b, hb);
	ck_assert_str_ne(ha, hb);
	b = a, b.detail = "rule other";
	digest_hex(&b, hb);
	ck_assert_str_ne(ha, hb);
	b = a, b.account = NULL, b.detail = NULL;
	digest_hex(&b, hb);
	ck_assert_str_ne(ha, hb);
	ck_assert_str_eq(hb, DIGEST_PINNED);
}
END_TEST

/* Each variant must digest differently from the sample and from the
 * others: boundaries shifted between fields, NULL against "". */
START_TEST(test_digest_unambiguous)
{
	struct event v[7];
	char hex[7][SHA256_HEXLEN];
	int i, j;

	for (i = 0; i < 7; i++)
		v[i] = sample();
	v[1].actor = "alicen", v[1].action = "ote";
	v[2].note = NULL;
	v[3].note = "";
	v[4].changes = NULL;
	v[5].complaint_id = 43;
	v[6].at += 1;
	for (i = 0; i < 7; i++)
		digest_hex(&v[i], hex[i]);
	for (i = 0; i < 7; i++)
		for (j = i + 1; j < 7; j++)
			ck_assert_str_ne(hex[i], hex[j]);
}
END_TEST

START_TEST(test_link_depends_on_all)
{
	struct event ev = sample();
	uint8_t d[SHA256_LEN], a[SHA256_LEN], b[SHA256_LEN], prev[SHA256_LEN];

	chain_event_digest(&ev, d);
	chain_link(chain_genesis, 1, d, a);
	chain_link(chain_genesis, 2, d, b);
	ck_assert_mem_ne(a, b, SHA256_LEN);
	memset(prev, 1, sizeof(prev));
	chain_link(prev, 1, d, b);
	ck_assert_mem_ne(a, b, SHA256_LEN);
	d[0] ^= 1;
	chain_link(chain_genesis, 1, d, b);
	ck_assert_mem_ne(a, b, SHA256_LEN);
}
END_TEST

static void
created_sample(struct event *ev, struct complaint *c)
{
	*ev = sample();
	ev->account = "root";
	ev->action = "import";
	ev->changes = NULL;
	ev->note = "imported from a.csv line 2";
	ev->form = EVENT_CREATED;
	complaint_init(c);
	c->received_at = 1795000000;
	c->channel = xstrdup("phone");
	c->customer = xstrdup("Ann");
}

START_TEST(test_created_digest_pinned)
{
	struct event ev;
	struct complaint c;
	uint8_t d[SHA256_LEN];
	char hex[SHA256_HEXLEN];

	created_sample(&ev, &c);
	chain_created_digest(&ev, &c, d);
	sha256_hex(d, hex);
	ck_assert_str_eq(hex, CREATED_PINNED);
	complaint_release(&c);
}
END_TEST

/* Every value the complaint was created with is covered, and the event's
 * own facts; a value moved to another field is another digest. */
START_TEST(test_created_digest_covers_values)
{
	struct event ev, b;
	struct complaint c;
	uint8_t d0[SHA256_LEN], d[SHA256_LEN];

	created_sample(&ev, &c);
	chain_created_digest(&ev, &c, d0);
	c.status = ST_CLOSED;
	chain_created_digest(&ev, &c, d);
	ck_assert_mem_ne(d0, d, SHA256_LEN);
	c.status = ST_NEW;
	free(c.customer);
	c.customer = NULL;
	c.contact = xstrdup("Ann");
	chain_created_digest(&ev, &c, d);
	ck_assert_mem_ne(d0, d, SHA256_LEN);
	free(c.contact);
	c.contact = NULL;
	c.customer = xstrdup("Ann");
	c.amount = 0;
	chain_created_digest(&ev, &c, d);
	ck_assert_mem_ne(d0, d, SHA256_LEN);
	c.amount = NUM_NONE;
	b = ev, b.note = "imported from a.csv line 3";
	chain_created_digest(&b, &c, d);
	ck_assert_mem_ne(d0, d, SHA256_LEN);
	b = ev, b.account = "mallory";
	chain_created_digest(&b, &c, d);
	ck_assert_mem_ne(d0, d, SHA256_LEN);
	chain_created_digest(&ev, &c, d);
	ck_assert_mem_eq(d0, d, SHA256_LEN);
	complaint_release(&c);
}
END_TEST

/* "-" for an event of unknown account, else the account. */
static int
note_account(const struct event *ev, void *arg)
{
	char *s = arg;

	snprintf(s + strlen(s), 64 - strlen(s), "%s;",
	    ev->account ? ev->account : "-");
	return 0;
}

/* A version 1 database with history and no hashes: opening it migrates,
 * chains the old events, and verify passes; new events chain on. */
START_TEST(test_migrate_chains_old_events)
{
	char path[] = "/tmp/check-audit-XXXXXX";
	struct store *db;
	struct error err;
	struct audit_report r;
	struct complaint c, after;
	sqlite3 *h;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, schema_migration(1), NULL, NULL,
	    NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h,
	    "PRAGMA user_version = 1;"
	    "PRAGMA application_id = 1129140300;"
	    "INSERT INTO complaint(status, received_at, channel, customer,"
	    " owner, updated_at) VALUES ('new', 100, 'phone', 'Ann',"
	    " 'alice', 200);"
	    "INSERT INTO event(complaint_id, at, actor, action, changes)"
	    " VALUES (1, 100, 'alice', 'log', '{\"status\":[null,\"new\"],"
	    "\"received_at\":[null,\"1970-01-01T00:01:40Z\"],"
	    "\"channel\":[null,\"phone\"],\"customer\":[null,\"Ann\"],"
	    "\"owner\":[null,\"alice\"]}');"
	    "INSERT INTO event(complaint_id, at, actor, action, note)"
	    " VALUES (1, 200, 'alice', 'note', 'old note');",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	ck_assert_int_eq(scratch_open(&db, path, 1000, 0, &err), 0);
	ck_assert_int_eq(store_schema_version(db), schema_latest());
	ck_assert_int_eq(audit_verify(db, "CMP", NULL, &r, &err), 0);
	ck_assert_int_eq(r.events, 2);

	ck_assert_int_eq(store_complaint_load(db, "CMP", 1, &c, &err), 0);
	complaint_copy(&after, &c);
	ck_assert_int_eq(store_complaint_update(db, &c, &after, "bob", 300,
	    "note", "new note", &err), 0);
	ck_assert_int_eq(audit_verify(db, "CMP", NULL, &r, &err), 0);
	ck_assert_int_eq(r.events, 3);
	/* The old events' account is unknown; the new one's is known. */
	{
		char seen[64] = "", want[ACCOUNT_MAX + 8];

		ck_assert_int_eq(store_event_walk(db, note_account, seen, &err),
		    0);
		snprintf(want, sizeof(want), "-;-;%s;", store_account(db));
		ck_assert_str_eq(seen, want);
	}
	complaint_release(&c);
	complaint_release(&after);
	store_close(db);
	scratch_remove(path);
}
END_TEST

/* A database with one resolved complaint, reviewed with an idea, then
 * erased: the ground for the tampering below. */
static char tpath[256];
static struct store *tdb;

static void
tamper_setup(void)
{
	struct complaint c, after;
	struct error err;
	int64_t idea;
	int n;

	scratch_path(tpath, sizeof(tpath), "audit");
	ck_assert_int_eq(scratch_open(&tdb, tpath, 1000, 0, &err), 0);
	ck_assert_int_eq(store_begin(tdb, 1, &err), 0);
	complaint_init(&c);
	c.received_at = 100;
	c.channel = xstrdup("phone");
	c.customer = xstrdup("Ann Smith");
	c.owner = xstrdup("alice");
	ck_assert_int_eq(store_complaint_insert(tdb, &c, "alice", 100, "log", NULL,
	    &err), 0);
	complaint_copy(&after, &c);
	after.status = ST_RESOLVED;
	after.resolved_at = 200;
	after.amount = 495;
	after.remedy = xstrdup("refund");
	ck_assert_int_eq(store_complaint_update(tdb, &c, &after, "alice", 200,
	    "resolve", "Ann Smith was refunded", &err), 0);
	ck_assert_int_eq(store_idea_add(tdb, c.id, "Double box", "alice", 300,
	    &idea, &err), 0);
	complaint_release(&c);
	complaint_copy(&c, &after);
	ck_assert_int_eq(store_complaint_update_detail(tdb, &after, &c, "alice",
	    300, "review", "idea 1: Double box",
	    "idea 1 " TEXT_PINNED, &err), 0);
	ck_assert_int_eq(store_complaint_erase(tdb, "CMP", c.id, "carol", 400,
	    "request", &n, &err), 0);
	ck_assert_int_eq(store_commit(tdb, &err), 0);
	complaint_release(&c);
	complaint_release(&after);
}

static void
tamper_teardown(void)
{
	store_close(tdb);
	scratch_remove(tpath);
}

/* SQL run behind the tool's back, guards set aside and put back. */
static void
behind_back(const char *sql)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_puts(&b, "DROP TRIGGER event_append_only_update;"
	    "DROP TRIGGER event_append_only_delete;");
	buf_puts(&b, sql);
	for (i = 0; i < schema_ntriggers; i++)
		if (strcmp(schema_triggers[i].name, "event_chained") != 0)
			buf_printf(&b, ";%s", schema_triggers[i].sql);
	ck_assert_msg(sqlite3_exec(sqlite_db(tdb)->h, buf_str(&b), NULL, NULL, NULL) ==
	    SQLITE_OK, "%s", sqlite3_errmsg(sqlite_db(tdb)->h));
	buf_release(&b);
}

static void
verify_fails(const char *head, const char *want)
{
	struct audit_report r;
	struct error err;

	ck_assert_int_eq(audit_verify(tdb, "CMP", head, &r, &err),
	    EX_DATAERR);
	ck_assert_msg(strstr(err.msg, want) != NULL, "'%s' lacks '%s'",
	    err.msg, want);
}

START_TEST(test_erased_verifies)
{
	struct audit_report r;
	struct error err;

	ck_assert_int_eq(audit_verify(tdb, "CMP", NULL, &r, &err), 0);
	ck_assert_int_eq(r.events, 4);
	ck_assert_int_eq(r.redacted, 3);
}
END_TEST

START_TEST(test_erased_amount_changed)
{
	behind_back("UPDATE event SET changes = replace(changes,"
	    " '[null,495]', '[null,49500]') WHERE id = 2;"
	    "UPDATE complaint SET amount = 49500");
	verify_fails(NULL, "event 2 (CMP-000001): its facts differ");
}
END_TEST

START_TEST(test_erased_remedy_changed)
{
	behind_back("UPDATE event SET changes = replace(changes,"
	    " 'refund', 'apology') WHERE id = 2;"
	    "UPDATE complaint SET remedy = 'apology'");
	verify_fails(NULL, "event 2 (CMP-000001): its facts differ");
}
END_TEST

START_TEST(test_erased_idea_text)
{
	char *text = NULL;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_prepare_v2(sqlite_db(tdb)->h, "SELECT idea FROM idea",
	    -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	text = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	ck_assert_str_eq(text, ERASED);
	free(text);
}
END_TEST

START_TEST(test_idea_changed)
{
	behind_back("UPDATE idea SET status = 'rejected'");
	verify_fails(NULL, "idea 1 (CMP-000001): differs");
}
END_TEST

START_TEST(test_idea_added)
{
	behind_back("INSERT INTO idea(complaint_id, idea, proposed_at,"
	    " proposed_by) VALUES (1, 'forged', 300, 'alice')");
	verify_fails(NULL, "idea 2 (CMP-000001): not in the history");
}
END_TEST

START_TEST(test_rule_fired_added)
{
	behind_back("INSERT INTO rule_fired VALUES (1, 'critical', 300)");
	verify_fails(NULL, "rule firing 'critical' of CMP-000001: not in");
}
END_TEST

START_TEST(test_trigger_disarmed)
{
	behind_back("DROP TRIGGER event_chained;"
	    "CREATE TRIGGER event_chained BEFORE INSERT ON event WHEN 0"
	    " BEGIN SELECT RAISE(ABORT, 'x'); END");
	verify_fails(NULL, "trigger event_chained was replaced");
}
END_TEST

/* The last event of a complaint, written in the same second as the one
 * before it, deleted: its time still matches, its id does not. */
START_TEST(test_last_event_deleted)
{
	struct complaint c, after;
	struct error err;

	complaint_init(&c);
	c.received_at = 500;
	c.channel = xstrdup("phone");
	c.customer = xstrdup("Bob");
	c.owner = xstrdup("alice");
	ck_assert_int_eq(store_complaint_insert(tdb, &c, "alice", 500, "log", NULL,
	    &err), 0);
	complaint_copy(&after, &c);
	ck_assert_int_eq(store_complaint_update(tdb, &c, &after, "alice", 500,
	    "note", "called", &err), 0);
	complaint_release(&c);
	complaint_release(&after);
	behind_back("DELETE FROM event WHERE id = 6");
	verify_fails(NULL, "CMP-000002: its history does not end");
}
END_TEST

START_TEST(test_head)
{
	struct audit_report r, now;
	struct error err;
	struct complaint c;
	char head[SHA256_HEXLEN];

	ck_assert_int_eq(audit_verify(tdb, "CMP", NULL, &r, &err), 0);
	memcpy(head, r.head, sizeof(head));
	ck_assert_int_eq(audit_verify(tdb, "CMP", head, &r, &err), 0);
	/* Later events keep the noted head an ancestor. */
	complaint_init(&c);
	c.received_at = 500;
	c.channel = xstrdup("phone");
	c.customer = xstrdup("Bob");
	c.owner = xstrdup("alice");
	ck_assert_int_eq(store_complaint_insert(tdb, &c, "alice", 500, "log", NULL,
	    &err), 0);
	complaint_release(&c);
	ck_assert_int_eq(audit_verify(tdb, "CMP", head, &now, &err), 0);
	ck_assert_str_ne(now.head, head);
	/* The newest complaint cut with its events, the sequence rewound:
	 * whole in itself, but the head noted after it is gone. */
	memcpy(head, now.head, sizeof(head));
	behind_back("DELETE FROM event WHERE complaint_id = 2;"
	    "DELETE FROM complaint WHERE id = 2;"
	    "UPDATE sqlite_sequence SET seq = 1 WHERE name = 'complaint'");
	ck_assert_int_eq(audit_verify(tdb, "CMP", NULL, &r, &err), 0);
	verify_fails(head, "is not in the chain");
	verify_fails("abc", "invalid head 'abc'");
}
END_TEST

Suite *audit_suite(void);

/* The copy of migrate and of a server's backup (store_copy): every row,
 * an erased event and a complaint merged into a later one included,
 * lands in an empty database that verifies with the same head; a
 * database that already holds rows is refused. */
START_TEST(test_copy_same_head)
{
	struct audit_report a, b;
	struct complaint c, d, after;
	struct store *to;
	struct error err;
	char path[256];
	int64_t nc = 0, ne = 0;

	/* A second complaint, the first merged into it: a reference to a
	 * later row, which the load checks only at its commit. */
	ck_assert_int_eq(store_begin(tdb, 1, &err), 0);
	complaint_init(&d);
	d.received_at = 500;
	d.channel = xstrdup("email");
	d.customer = xstrdup("Bob Jones");
	d.owner = xstrdup("bob");
	ck_assert_int_eq(store_complaint_insert(tdb, &d, "bob", 500, "log", NULL,
	    &err), 0);
	ck_assert_int_eq(store_complaint_load(tdb, "CMP", 1, &c, &err), 0);
	complaint_copy(&after, &c);
	after.merged_into = d.id;
	ck_assert_int_eq(store_complaint_update(tdb, &c, &after, "bob", 600,
	    "merge", NULL, &err), 0);
	ck_assert_int_eq(store_commit(tdb, &err), 0);
	complaint_release(&c);
	complaint_release(&d);
	complaint_release(&after);

	ck_assert_int_eq(store_begin(tdb, 0, &err), 0);
	ck_assert_int_eq(audit_verify(tdb, "CMP", NULL, &a, &err), 0);
	scratch_path(path, sizeof(path), "copy");
	ck_assert_int_eq(scratch_open(&to, path, 1000, 0, &err), 0);
	ck_assert_int_eq(store_begin(to, 1, &err), 0);
	ck_assert_int_eq(store_copy(tdb, to, &nc, &ne, &err), 0);
	ck_assert_int_eq(store_commit(to, &err), 0);
	ck_assert_int_eq(nc, 2);
	ck_assert_int_eq(ne, a.events);
	ck_assert_int_eq(store_begin(to, 0, &err), 0);
	ck_assert_int_eq(audit_verify(to, "CMP", NULL, &b, &err), 0);
	store_rollback(to);
	ck_assert_int_eq(b.events, a.events);
	ck_assert_int_eq(b.redacted, a.redacted);
	ck_assert_int_gt(b.redacted, 0);
	ck_assert_str_eq(b.head, a.head);

	ck_assert_int_eq(store_begin(to, 1, &err), 0);
	ck_assert_int_eq(store_copy(tdb, to, NULL, NULL, &err), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "not empty"));
	store_rollback(to);
	store_rollback(tdb);
	store_close(to);
	scratch_remove(path);
}
END_TEST

Suite *
audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("chain");

	tcase_add_test(tc, test_digest_pinned);
	tcase_add_test(tc, test_digest_unambiguous);
	tcase_add_test(tc, test_link_depends_on_all);
	tcase_add_test(tc, test_migrate_chains_old_events);
	tcase_add_test(tc, test_digest2_pinned);
	tcase_add_test(tc, test_digest2_covers_account);
	tcase_add_test(tc, test_created_digest_pinned);
	tcase_add_test(tc, test_created_digest_covers_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("tamper");
	tcase_add_checked_fixture(tc, tamper_setup, tamper_teardown);
	tcase_add_test(tc, test_erased_verifies);
	tcase_add_test(tc, test_erased_amount_changed);
	tcase_add_test(tc, test_erased_remedy_changed);
	tcase_add_test(tc, test_erased_idea_text);
	tcase_add_test(tc, test_idea_changed);
	tcase_add_test(tc, test_idea_added);
	tcase_add_test(tc, test_rule_fired_added);
	tcase_add_test(tc, test_trigger_disarmed);
	tcase_add_test(tc, test_last_event_deleted);
	tcase_add_test(tc, test_head);
	tcase_add_test(tc, test_copy_same_head);
	suite_add_tcase(s, tc);
	return s;
}
