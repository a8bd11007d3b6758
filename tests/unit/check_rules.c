/*
 * The rules engine (lib/rules.c): every operator on every field, unset
 * values, severities in their configured order, business-time ages, and
 * all:/any: combinations, each rule read from YAML as users write it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "rules.h"
#include "timeutil.h"

static char dir[256];
static char path[300];
static struct config cfg;

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	struct error err;

	snprintf(dir, sizeof(dir), "%s/check_rules.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/config.yaml", dir);
	ck_assert_int_eq(tz_set("Europe/London", &err), 0);
	config_defaults(&cfg);
}

static void
teardown(void)
{
	config_release(&cfg);
	unlink(path);
	rmdir(dir);
}

/* Load a configuration whose only rule is WHEN, after EXTRA keys. */
static void
load_rule(const char *extra, const char *when)
{
	struct error err;
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "%s\nescalation:\n  rules:\n    - name: t\n"
	    "      when: %s\n      to: complaint-manager\n", extra, when);
	ck_assert_int_eq(fclose(fp), 0);
	config_release(&cfg);
	if (config_load(&cfg, path, &err) != 0)
		ck_abort_msg("%s: %s", when, err.msg);
	ck_assert_uint_eq(cfg.nrules, 1);
}

static int64_t
at(const char *s)
{
	int64_t t;

	ck_assert_int_eq(time_parse_rfc3339(s, &t), 0);
	return t;
}

/* Thursday 2026-11-19 10:00; received on Tuesday, last touched at 09:00. */
static void
base_facts(struct rule_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->status = "new";
	f->severity = strlist_find(&cfg.severities, "medium");
	f->category = "billing";
	f->channel = "phone";
	f->department = NULL;
	f->owner = "alice";
	f->justified = NULL;
	f->level = 0;
	f->contacts = 1;
	f->priority = FACT_NONE;
	f->amount = FACT_NONE;
	f->received_at = at("2026-11-17T10:00:00Z");
	f->updated_at = at("2026-11-19T09:00:00Z");
	f->now = at("2026-11-19T10:00:00Z");
	f->cal = &cfg.calendar;
}

static int64_t
num_or_none(const char *v)
{
	return strcmp(v, "none") == 0 ? FACT_NONE : strtoll(v, NULL, 10);
}

/* "key=value ..." over F; "none" unsets. Values point into STORE. */
static void
set_facts(struct rule_facts *f, const char *spec, char *store, size_t len)
{
	char *p, *k, *v;

	snprintf(store, len, "%s", spec);
	for (p = strtok(store, " "); p != NULL; p = strtok(NULL, " ")) {
		k = p;
		ck_assert_ptr_nonnull(v = strchr(p, '='));
		*v++ = '\0';
		if (strcmp(v, "none") == 0 && strcmp(k, "severity") == 0)
			f->severity = -1;
		else if (strcmp(k, "severity") == 0)
			f->severity = strlist_find(&cfg.severities, v);
		else if (strcmp(k, "status") == 0) f->status = v;
		else if (strcmp(k, "category") == 0)
			f->category = strcmp(v, "none") ? v : NULL;
		else if (strcmp(k, "channel") == 0) f->channel = v;
		else if (strcmp(k, "department") == 0) f->department = v;
		else if (strcmp(k, "owner") == 0) f->owner = v;
		else if (strcmp(k, "justified") == 0) f->justified = v;
		else if (strcmp(k, "level") == 0) f->level = num_or_none(v);
		else if (strcmp(k, "public") == 0) f->public = num_or_none(v);
		else if (strcmp(k, "complex") == 0) f->complex = num_or_none(v);
		else if (strcmp(k, "ack_overdue") == 0)
			f->ack_overdue = num_or_none(v);
		else if (strcmp(k, "resolve_overdue") == 0)
			f->resolve_overdue = num_or_none(v);
		else if (strcmp(k, "contacts") == 0)
			f->contacts = num_or_none(v);
		else if (strcmp(k, "priority") == 0)
			f->priority = num_or_none(v);
		else if (strcmp(k, "amount") == 0) f->amount = num_or_none(v);
		else if (strcmp(k, "received") == 0) f->received_at = at(v);
		else if (strcmp(k, "updated") == 0) f->updated_at = at(v);
		else if (strcmp(k, "now") == 0) f->now = at(v);
		else
			ck_abort_msg("unknown fact '%s'", k);
	}
}

static const struct {
	const char *when;
	const char *facts; /* changes to the base facts */
	int match;
} cases[] = {
	/* severity: ranked in the configured order; unset matches only
	 * ne and not_in. */
	{ "{severity: medium}", "", 1 },
	{ "{severity: high}", "", 0 },
	{ "{severity: high}", "severity=none", 0 },
	{ "{severity: {eq: medium}}", "", 1 },
	{ "{severity: {ne: high}}", "", 1 },
	{ "{severity: {ne: medium}}", "", 0 },
	{ "{severity: {ne: high}}", "severity=none", 1 },
	{ "{severity: {gte: medium}}", "", 1 },
	{ "{severity: {gt: medium}}", "", 0 },
	{ "{severity: {gt: medium}}", "severity=critical", 1 },
	{ "{severity: {gt: low}}", "severity=none", 0 },
	{ "{severity: {lt: high}}", "", 1 },
	{ "{severity: {lt: high}}", "severity=none", 0 },
	{ "{severity: {lte: low}}", "severity=low", 1 },
	{ "{severity: {lte: low}}", "", 0 },
	{ "{severity: {gte: low}}", "severity=none", 0 },
	{ "{severity: [high, critical]}", "severity=critical", 1 },
	{ "{severity: {in: [high, critical]}}", "", 0 },
	{ "{severity: {in: [low, medium]}}", "severity=none", 0 },
	{ "{severity: {not_in: [high, critical]}}", "", 1 },
	{ "{severity: {not_in: [medium]}}", "", 0 },
	{ "{severity: {not_in: [high, critical]}}", "severity=none", 1 },
	/* status and the other text fields */
	{ "{status: new}", "", 1 },
	{ "{status: [acknowledged, assessed]}", "", 0 },
	{ "{status: {ne: new}}", "status=assessed", 1 },
	{ "{status: {not_in: [new]}}", "", 0 },
	{ "{category: billing}", "", 1 },
	{ "{category: delivery}", "", 0 },
	{ "{category: billing}", "category=none", 0 },
	{ "{category: {ne: billing}}", "category=none", 1 },
	{ "{category: {in: [billing]}}", "category=none", 0 },
	{ "{category: {not_in: [billing]}}", "category=none", 1 },
	{ "{channel: [phone, chat]}", "", 1 },
	{ "{channel: {not_in: [phone]}}", "", 0 },
	{ "{channel: {eq: chat}}", "channel=chat", 1 },
	{ "{department: sales}", "department=sales", 1 },
	{ "{department: sales}", "", 0 },
	{ "{department: {ne: sales}}", "", 1 },
	{ "{department: {not_in: [sales]}}", "", 1 },
	{ "{owner: alice}", "", 1 },
	{ "{owner: {ne: alice}}", "", 0 },
	{ "{owner: [bob, carol]}", "owner=carol", 1 },
	{ "{justified: 'yes'}", "justified=yes", 1 },
	{ "{justified: unknown}", "", 0 },
	{ "{justified: {ne: 'no'}}", "", 1 },
	{ "{justified: {in: ['yes', 'no']}}", "justified=no", 1 },
	/* level: frontline is 0; names and numbers */
	{ "{level: frontline}", "", 1 },
	{ "{level: frontline}", "level=1", 0 },
	{ "{level: {gte: complaint-manager}}", "level=1", 1 },
	{ "{level: {gt: frontline}}", "", 0 },
	{ "{level: {lt: senior-management}}", "level=2", 0 },
	{ "{level: {lte: 2}}", "level=2", 1 },
	{ "{level: {ne: 1}}", "", 1 },
	{ "{level: {in: [1, 2]}}", "level=2", 1 },
	{ "{level: {not_in: [frontline]}}", "", 0 },
	/* booleans */
	{ "{public: true}", "", 0 },
	{ "{public: true}", "public=1", 1 },
	{ "{public: false}", "", 1 },
	{ "{public: {ne: true}}", "", 1 },
	{ "{complex: true}", "complex=1", 1 },
	{ "{complex: true}", "", 0 },
	{ "{ack_overdue: true}", "ack_overdue=1", 1 },
	{ "{ack_overdue: true}", "", 0 },
	{ "{resolve_overdue: true}", "resolve_overdue=1", 1 },
	{ "{resolve_overdue: {ne: true}}", "", 1 },
	/* counts and amounts */
	{ "{contacts: {gte: 3}}", "contacts=3", 1 },
	{ "{contacts: {gte: 3}}", "contacts=2", 0 },
	{ "{contacts: 1}", "", 1 },
	{ "{contacts: {lt: 2}}", "", 1 },
	{ "{contacts: {lte: 1}}", "contacts=2", 0 },
	{ "{contacts: {gt: 1}}", "contacts=2", 1 },
	{ "{contacts: {in: [2, 3]}}", "", 0 },
	{ "{contacts: {not_in: [2, 3]}}", "", 1 },
	{ "{priority: {lte: 2}}", "priority=1", 1 },
	{ "{priority: {lte: 2}}", "priority=none", 0 },
	{ "{priority: {ne: 1}}", "priority=none", 1 },
	{ "{priority: 3}", "priority=3", 1 },
	{ "{priority: {gt: 3}}", "priority=3", 0 },
	{ "{amount: {gt: 1000}}", "amount=100001", 1 },
	{ "{amount: {gt: 1000}}", "amount=100000", 0 },
	{ "{amount: {gte: 1000}}", "amount=100000", 1 },
	{ "{amount: {gt: 12.50}}", "amount=1251", 1 },
	{ "{amount: {lt: 12.5}}", "amount=1249", 1 },
	{ "{amount: {lte: 12.5}}", "amount=1251", 0 },
	{ "{amount: {lt: 1000}}", "amount=none", 0 },
	{ "{amount: {ne: 0}}", "amount=none", 1 },
	{ "{amount: 0}", "amount=0", 1 },
	{ "{amount: [10, 20]}", "amount=2000", 1 },
	{ "{amount: {not_in: [10, 20]}}", "amount=none", 1 },
	/* age: received Tuesday 10:00, now Thursday 10:00 */
	{ "{age: {gte: 2d}}", "", 1 },
	{ "{age: {gt: 2d}}", "", 0 },
	{ "{age: 2d}", "", 1 },
	{ "{age: {ne: 2d}}", "", 0 },
	{ "{age: {lt: 49h}}", "", 1 },
	{ "{age: {lte: 47h}}", "", 0 },
	{ "{age: {gt: 47h}}", "", 1 },
	{ "{age: {in: [1d, 2d]}}", "", 1 },
	{ "{age: {not_in: [1d, 2d]}}", "", 0 },
	{ "{age: {gte: 2bd}}", "", 1 },
	{ "{age: {gt: 2bd}}", "", 0 },
	{ "{age: {lt: 3bd}}", "", 1 },
	/* Friday 16:00 to Monday 10:00: 2 open hours over a weekend */
	{ "{age: {gt: 2d}}",
	  "received=2026-11-13T16:00:00Z now=2026-11-16T10:00:00Z", 1 },
	{ "{age: {gte: 2bh}}",
	  "received=2026-11-13T16:00:00Z now=2026-11-16T10:00:00Z", 1 },
	{ "{age: {gt: 2bh}}",
	  "received=2026-11-13T16:00:00Z now=2026-11-16T10:00:00Z", 0 },
	{ "{age: {gte: 1bd}}",
	  "received=2026-11-13T16:00:00Z now=2026-11-16T10:00:00Z", 0 },
	/* Christmas Eve to the 29th: the 25th and 28th are holidays */
	{ "{age: {gte: 1bd}}",
	  "received=2026-12-24T10:00:00Z now=2026-12-29T10:00:00Z", 1 },
	{ "{age: {gt: 1bd}}",
	  "received=2026-12-24T10:00:00Z now=2026-12-29T10:00:00Z", 0 },
	{ "{age: {gt: 4d}}",
	  "received=2026-12-24T10:00:00Z now=2026-12-29T10:00:00Z", 1 },
	/* idle: the last event at 09:00 */
	{ "{idle: {gte: 1h}}", "", 1 },
	{ "{idle: {gt: 1h}}", "", 0 },
	{ "{idle: {lt: 30m}}", "", 0 },
	{ "{idle: 60m}", "", 1 },
	{ "{idle: {gt: 10bd}}", "", 0 },
	{ "{idle: {gt: 10bd}}", "updated=2026-11-01T10:00:00Z", 1 },
	/* combinations: a mapping is all of its conditions */
	{ "{severity: medium, channel: phone}", "", 1 },
	{ "{severity: medium, channel: chat}", "", 0 },
	{ "{contacts: {gte: 2, lt: 4}}", "contacts=3", 1 },
	{ "{contacts: {gte: 2, lt: 4}}", "contacts=4", 0 },
	{ "{any: [{severity: critical}, {public: true}]}", "public=1", 1 },
	{ "{any: [{severity: critical}, {public: true}]}", "", 0 },
	{ "{all: [{severity: medium}, {contacts: {gte: 2}}]}", "contacts=2", 1 },
	{ "{all: [{severity: medium}, {contacts: {gte: 2}}]}", "", 0 },
	{ "{any: [{resolve_overdue: true},"
	  " {idle: {gt: 10bd}, severity: {gte: high}}]}",
	  "severity=high updated=2026-11-01T10:00:00Z", 1 },
	{ "{any: [{resolve_overdue: true},"
	  " {idle: {gt: 10bd}, severity: {gte: high}}]}",
	  "updated=2026-11-01T10:00:00Z", 0 },
	{ "{any: [{resolve_overdue: true},"
	  " {idle: {gt: 10bd}, severity: {gte: high}}]}",
	  "resolve_overdue=1", 1 },
	{ "{any: [{all: [{public: true}, {channel: social}]},"
	  " {amount: {gte: 500}}]}", "public=1 channel=social", 1 },
	{ "{any: [{all: [{public: true}, {channel: social}]},"
	  " {amount: {gte: 500}}]}", "public=1", 0 },
	{ "{any: [{all: [{public: true}, {channel: social}]},"
	  " {amount: {gte: 500}}]}", "amount=50000", 1 },
	{ "{status: new, any: [{age: {gt: 1d}}, {contacts: {gte: 3}}]}", "", 1 },
	{ "{status: new, any: [{age: {gt: 3d}}, {contacts: {gte: 3}}]}", "", 0 },
};

START_TEST(test_rule_cases)
{
	struct rule_facts f;
	char store[256];

	load_rule("", cases[_i].when);
	base_facts(&f);
	set_facts(&f, cases[_i].facts, store, sizeof(store));
	if (rule_matches(&cfg.rules[0], &f) != cases[_i].match)
		ck_abort_msg("when %s with '%s': expected %s", cases[_i].when,
		    cases[_i].facts, cases[_i].match ? "a match" : "none");
}
END_TEST

/* Severities rise in the order the configuration lists them, not in
 * the default order nor alphabetically. */
START_TEST(test_severity_order)
{
	struct rule_facts f;

	load_rule("severities: [urgent, minor, major]",
	    "{severity: {gt: urgent}}");
	base_facts(&f);
	f.severity = strlist_find(&cfg.severities, "minor");
	ck_assert_int_eq(rule_matches(&cfg.rules[0], &f), 1);
	f.severity = strlist_find(&cfg.severities, "urgent");
	ck_assert_int_eq(rule_matches(&cfg.rules[0], &f), 0);
	load_rule("severities: [urgent, minor, major]",
	    "{severity: {lt: major}}");
	f.severity = strlist_find(&cfg.severities, "minor");
	ck_assert_int_eq(rule_matches(&cfg.rules[0], &f), 1);
	f.severity = strlist_find(&cfg.severities, "major");
	ck_assert_int_eq(rule_matches(&cfg.rules[0], &f), 0);
}
END_TEST

/* Evaluation is pure: the same facts give the same answer, and the
 * facts are left as they were. */
START_TEST(test_idempotent)
{
	struct rule_facts f, copy;
	int i, first;

	load_rule("", "{any: [{age: {gt: 1bd}}, {contacts: {gte: 3}}],"
	    " severity: {in: [medium, high]}}");
	base_facts(&f);
	copy = f;
	first = rule_matches(&cfg.rules[0], &f);
	ck_assert_int_eq(first, 1);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(rule_matches(&cfg.rules[0], &f), first);
	ck_assert_mem_eq(&f, &copy, sizeof(f));
}
END_TEST

/* The built-in rule: critical goes to senior management. */
START_TEST(test_default_rule)
{
	struct rule_facts f;

	base_facts(&f);
	ck_assert_uint_eq(cfg.nrules, 1);
	ck_assert_int_eq(rule_matches(&cfg.rules[0], &f), 0);
	f.severity = strlist_find(&cfg.severities, "critical");
	ck_assert_int_eq(rule_matches(&cfg.rules[0], &f), 1);
	ck_assert_int_eq(cfg.rules[0].to_level,
	    config_level_lookup(&cfg, "senior-management"));
}
END_TEST

Suite *rules_suite(void);

Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc;

	tc = tcase_create("evaluation");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_rule_cases, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_severity_order);
	tcase_add_test(tc, test_idempotent);
	tcase_add_test(tc, test_default_rule);
	suite_add_tcase(s, tc);
	return s;
}
