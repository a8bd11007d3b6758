/*
 * The tamper-evident history (lib/audit.c): the content digest and the
 * chain link are pinned (changing them would orphan every existing
 * chain), their fields cannot run into each other, and a database
 * written before the chain existed joins it when migrated.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "complaint.h"
#include "store.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"
#include "scratch.h"

/* Computed independently (Python's hashlib) from the documented layout:
 * "complaint event v1\0", complaint_id and at as 8-byte big-endian, then
 * each text as 1, 8-byte length, bytes (0 alone for NULL); the link is
 * "complaint chain v1\0", prev, id (8 bytes), digest. */
#define DIGEST_PINNED \
	"207ae3b0cb3d0dea2316e46f4e86797726e26bcf9a3423830cc022b1c4637f3c"
#define LINK_PINNED \
	"2c6333b705a649d5ed8598863e5c19b1bb35656f1c3cca57b06e3b3457c9837a"

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
	ck_assert_int_eq(audit_verify(db, "CMP", &r, &err), 0);
	ck_assert_int_eq(r.events, 2);

	ck_assert_int_eq(store_complaint_load(db, "CMP", 1, &c, &err), 0);
	complaint_copy(&after, &c);
	ck_assert_int_eq(store_complaint_update(db, &c, &after, "bob", 300,
	    "note", "new note", &err), 0);
	ck_assert_int_eq(audit_verify(db, "CMP", &r, &err), 0);
	ck_assert_int_eq(r.events, 3);
	complaint_release(&c);
	complaint_release(&after);
	store_close(db);
	scratch_remove(path);
}
END_TEST

Suite *audit_suite(void);

Suite *
audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("chain");

	tcase_add_test(tc, test_digest_pinned);
	tcase_add_test(tc, test_digest_unambiguous);
	tcase_add_test(tc, test_link_depends_on_all);
	tcase_add_test(tc, test_migrate_chains_old_events);
	suite_add_tcase(s, tc);
	return s;
}
