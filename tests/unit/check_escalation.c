/*
 * Escalation on a real database (lib/escalation.c): a rule fires once
 * per complaint, never lowers a level, applies in order only when it
 * raises; the sweep reads open complaints only; by hand refuses what the
 * lifecycle forbids. Every escalation is a history event and owes a
 * call-back.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complaint.h"
#include "config.h"
#include "store.h"
#include "store/sqlite.h"
#include "escalation.h"
#include "timeutil.h"
#include "xmalloc.h"
#include "scratch.h"

static char dir[256], dbpath[300], cfgpath[300];
static struct store *db;
static struct config cfg;
static int64_t now;
/* What the callback heard, as "id rule from to;" each. */
static struct buf heard;

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	struct error err;

	snprintf(dir, sizeof(dir), "%s/check_escalation.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/c.db", dir);
	snprintf(cfgpath, sizeof(cfgpath), "%s/config.yaml", dir);
	ck_assert_int_eq(tz_set("Europe/London", &err), 0);
	ck_assert_int_eq(time_parse_rfc3339("2026-11-19T10:00:00Z", &now), 0);
	ck_assert_int_eq(scratch_open(&db, dbpath, 5000, 0, &err), 0);
	ck_assert_int_eq(store_begin(db, 1, &err), 0);
	config_defaults(&cfg);
}

static void
teardown(void)
{
	buf_release(&heard);
	store_rollback(db);
	store_close(db);
	config_release(&cfg);
	scratch_remove(dbpath);
	unlink(cfgpath);
	rmdir(dir);
}

static void
load_rules(const char *rules)
{
	struct error err;
	FILE *fp = fopen(cfgpath, "w");

	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "escalation:\n  rules:\n%s", rules);
	ck_assert_int_eq(fclose(fp), 0);
	config_release(&cfg);
	if (config_load(&cfg, cfgpath, &err) != 0)
		ck_abort_msg("%s", err.msg);
}

static int64_t
add(const char *severity, int public, int64_t status)
{
	struct complaint c;
	struct error err;
	int64_t id;

	complaint_init(&c);
	c.received_at = now;
	c.channel = xstrdup("phone");
	c.customer = xstrdup("Ann");
	c.owner = xstrdup("alice");
	c.severity = xstrdup_or_null(severity);
	c.public = public;
	c.status = status;
	ck_assert_int_eq(store_complaint_insert(db, &c, "alice", now, "log", NULL,
	    &err), 0);
	id = c.id;
	complaint_release(&c);
	return id;
}

static void
load(int64_t id, struct complaint *c)
{
	struct error err;

	ck_assert_int_eq(store_complaint_load(db, "CMP", id, c, &err), 0);
}

static int
hear(const struct escalation *e, void *arg)
{
	(void)arg;
	buf_printf(&heard, "%lld %s %d %d;", (long long)e->id,
	    e->rule ? e->rule : "-", e->from, e->to);
	return 0;
}

static int
count_events(int64_t id, const char *action)
{
	sqlite3_stmt *st;
	struct error err;
	int n;

	ck_assert_int_eq(db_prepare(sqlite_db(db), "SELECT count(*) FROM event"
	    " WHERE complaint_id = ? AND action = ?", &st, &err), 0);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int
apply(int64_t id)
{
	struct complaint c;
	struct error err;
	int rc;

	load(id, &c);
	rc = escalation_apply_rules(db, &cfg, &c, "bob", now, hear, NULL,
	    &err);
	complaint_release(&c);
	return rc;
}

START_TEST(test_fires_once)
{
	struct complaint c;
	int64_t id = add("critical", 0, ST_NEW);

	buf_reset(&heard);
	ck_assert_int_eq(apply(id), 0);
	ck_assert_str_eq(buf_str(&heard), "1 critical 0 2;");
	load(id, &c);
	ck_assert_int_eq(c.level, 2);
	ck_assert_int_ne(c.callback_due, NUM_NONE);
	complaint_release(&c);
	ck_assert_int_eq(count_events(id, "escalate"), 1);

	buf_reset(&heard);
	ck_assert_int_eq(apply(id), 0);
	ck_assert_str_eq(buf_str(&heard), "");
	ck_assert_int_eq(count_events(id, "escalate"), 1);
}
END_TEST

/* A rule that fired once does not fire again, even below its level. */
START_TEST(test_fired_is_remembered)
{
	struct complaint c, after;
	struct error err;
	int64_t id = add("critical", 0, ST_NEW);

	ck_assert_int_eq(apply(id), 0);
	load(id, &c);
	complaint_copy(&after, &c);
	after.level = 0; /* as an import or an edited file could leave it */
	ck_assert_int_eq(store_complaint_update(db, &c, &after, "x", now, "edit",
	    NULL, &err), 0);
	complaint_release(&c);
	complaint_release(&after);
	buf_reset(&heard);
	ck_assert_int_eq(apply(id), 0);
	ck_assert_str_eq(buf_str(&heard), "");
}
END_TEST

START_TEST(test_never_lowers)
{
	struct complaint c;
	struct error err;
	int64_t id = add("critical", 0, ST_NEW);

	load(id, &c);
	ck_assert_int_eq(escalation_raise(db, &cfg, &c, 3, "bob", now, "why",
	    &err), 0);
	complaint_release(&c);
	buf_reset(&heard);
	ck_assert_int_eq(apply(id), 0);
	ck_assert_str_eq(buf_str(&heard), "");
	load(id, &c);
	ck_assert_int_eq(c.level, 3);
	complaint_release(&c);
}
END_TEST

START_TEST(test_in_order)
{
	int64_t id;

	load_rules("    - {name: a, when: {public: true}, to: complaint-manager}\n"
	    "    - {name: b, when: {severity: high}, to: senior-management}\n"
	    "    - {name: c, when: {public: true}, to: complaint-manager}\n");
	id = add("high", 1, ST_NEW);
	buf_reset(&heard);
	ck_assert_int_eq(apply(id), 0);
	/* c matches too, but would not raise the level. */
	ck_assert_str_eq(buf_str(&heard), "1 a 0 1;1 b 1 2;");
	ck_assert_int_eq(count_events(id, "escalate"), 2);

	load_rules("    - {name: b, when: {severity: high}, to: senior-management}\n"
	    "    - {name: a, when: {public: true}, to: complaint-manager}\n");
	id = add("high", 1, ST_NEW);
	buf_reset(&heard);
	ck_assert_int_eq(apply(id), 0);
	ck_assert_str_eq(buf_str(&heard), "2 b 0 2;");
}
END_TEST

START_TEST(test_open_only)
{
	int64_t id = add("critical", 0, ST_RESOLVED);

	buf_reset(&heard);
	ck_assert_int_eq(apply(id), 0);
	ck_assert_str_eq(buf_str(&heard), "");
	ck_assert_int_eq(count_events(id, "escalate"), 0);
}
END_TEST

START_TEST(test_sweep)
{
	struct error err;

	add("critical", 0, ST_NEW);
	add("low", 0, ST_NEW);
	add("critical", 0, ST_CLOSED);
	add("critical", 0, ST_ASSESSED);
	add(NULL, 0, ST_ACKNOWLEDGED);
	buf_reset(&heard);
	ck_assert_int_eq(escalation_sweep(db, &cfg, "cron", now, hear, NULL,
	    &err), 0);
	ck_assert_str_eq(buf_str(&heard), "1 critical 0 2;4 critical 0 2;");
	buf_reset(&heard);
	ck_assert_int_eq(escalation_sweep(db, &cfg, "cron", now, hear, NULL,
	    &err), 0);
	ck_assert_str_eq(buf_str(&heard), "");
}
END_TEST

START_TEST(test_sweep_no_rules)
{
	struct error err;

	load_rules("    []\n");
	add("critical", 1, ST_NEW);
	buf_reset(&heard);
	ck_assert_int_eq(escalation_sweep(db, &cfg, "cron", now, hear, NULL,
	    &err), 0);
	ck_assert_str_eq(buf_str(&heard), "");
}
END_TEST

START_TEST(test_by_hand)
{
	struct complaint c;
	struct error err;
	int64_t id = add(NULL, 0, ST_NEW), closed = add(NULL, 0, ST_CLOSED);

	load(id, &c);
	ck_assert_int_eq(escalation_raise(db, &cfg, &c, 1, "bob", now,
	    "customer asked", &err), 0);
	ck_assert_int_eq(c.level, 1);
	ck_assert_int_ne(c.callback_due, NUM_NONE);
	ck_assert_int_eq(escalation_raise(db, &cfg, &c, 1, "bob", now,
	    "again", &err), EX_DATAERR);
	ck_assert_str_eq(err.msg, "CMP-000001 is already at complaint-manager;"
	    " escalate to a higher level");
	ck_assert_int_eq(escalation_raise(db, &cfg, &c, 0, "bob", now,
	    "down", &err), EX_DATAERR);
	complaint_release(&c);
	ck_assert_int_eq(count_events(id, "escalate"), 1);

	load(closed, &c);
	ck_assert_int_eq(escalation_raise(db, &cfg, &c, 2, "bob", now,
	    "late", &err), EX_DATAERR);
	ck_assert_str_eq(err.msg, "CMP-000002 is closed; reopen it first");
	complaint_release(&c);
}
END_TEST

/* The facts of a complaint: deadlines past now are overdue. */
START_TEST(test_facts)
{
	struct complaint c;
	struct rule_facts f;

	complaint_init(&c);
	c.status = ST_ACKNOWLEDGED;
	c.severity = xstrdup("high");
	c.ack_due = now - 1;
	c.resolve_due = now - 1;
	escalation_facts(&cfg, &c, now, &f);
	ck_assert_str_eq(f.status, "acknowledged");
	ck_assert_int_eq(f.severity, 2);
	ck_assert_int_eq(f.ack_overdue, 1);
	ck_assert_int_eq(f.resolve_overdue, 1);
	c.acknowledged_at = now - 10;
	c.resolve_due = now;
	escalation_facts(&cfg, &c, now, &f);
	ck_assert_int_eq(f.ack_overdue, 0);
	ck_assert_int_eq(f.resolve_overdue, 0);
	free(c.severity);
	c.severity = xstrdup("unheard-of");
	escalation_facts(&cfg, &c, now, &f);
	ck_assert_int_eq(f.severity, -1);
	complaint_release(&c);
}
END_TEST

Suite *escalation_suite(void);

Suite *
escalation_suite(void)
{
	Suite *s = suite_create("escalation");
	TCase *tc;

	tc = tcase_create("escalation");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fires_once);
	tcase_add_test(tc, test_fired_is_remembered);
	tcase_add_test(tc, test_never_lowers);
	tcase_add_test(tc, test_in_order);
	tcase_add_test(tc, test_open_only);
	tcase_add_test(tc, test_sweep);
	tcase_add_test(tc, test_sweep_no_rules);
	tcase_add_test(tc, test_by_hand);
	tcase_add_test(tc, test_facts);
	suite_add_tcase(s, tc);
	return s;
}
