/*
 * Unit tests of the configuration (lib/config.c): every key, every class
 * of mistake with its exact FILE:LINE:COL, config check, the round trip
 * through config_to_yaml(), and config.example.yaml against the defaults.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "rules.h"
#include "xmalloc.h"

static char dir[256];
static char path[300];

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/check_config.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/config.yaml", dir);
}

static void
teardown(void)
{
	unlink(path);
	rmdir(dir);
}

static void
write_config(const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fputs(text, fp) >= 0, 1);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Equality, field by field, so that a failure names the field. */

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
list_eq(const struct strlist *a, const struct strlist *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	}
	return 1;
}

static int
dur_eq(const struct duration *a, const struct duration *b)
{
	return a->count == b->count && a->unit == b->unit;
}

static int
cond_eq(const struct rule_cond *a, const struct rule_cond *b)
{
	size_t i;

	if (a->op != b->op || a->nvalues != b->nvalues || a->nkids != b->nkids)
		return 0;
	if (a->op != ROP_ALL && a->op != ROP_ANY && a->field != b->field)
		return 0;
	for (i = 0; i < a->nvalues; i++) {
		if (!str_eq(a->values[i].text, b->values[i].text) ||
		    a->values[i].num != b->values[i].num ||
		    !dur_eq(&a->values[i].dur, &b->values[i].dur))
			return 0;
	}
	for (i = 0; i < a->nkids; i++) {
		if (!cond_eq(&a->kids[i], &b->kids[i]))
			return 0;
	}
	return 1;
}

/* The first field in which A and B differ, or NULL. */
static const char *
config_diff(const struct config *a, const struct config *b)
{
	size_t i;
	int j;

#define DIFF(same, name) do { if (!(same)) return (name); } while (0)
	DIFF(str_eq(a->organisation, b->organisation), "organisation");
	DIFF(str_eq(a->reference_prefix, b->reference_prefix),
	    "reference_prefix");
	DIFF(str_eq(a->timezone, b->timezone), "timezone");
	DIFF(str_eq(a->currency, b->currency), "currency");
	DIFF(str_eq(a->database, b->database), "database");
	DIFF(a->busy_timeout_ms == b->busy_timeout_ms, "busy_timeout");
	DIFF(a->calendar.days == b->calendar.days, "calendar.days");
	DIFF(a->calendar.opens == b->calendar.opens, "calendar.opens");
	DIFF(a->calendar.closes == b->calendar.closes, "calendar.closes");
	DIFF(a->calendar.nholidays == b->calendar.nholidays,
	    "calendar.holidays");
	for (i = 0; i < a->calendar.nholidays; i++)
		DIFF(a->calendar.holidays[i] == b->calendar.holidays[i],
		    "calendar.holidays");
	DIFF(dur_eq(&a->ack_deadline, &b->ack_deadline),
	    "deadlines.acknowledge");
	DIFF(dur_eq(&a->resolve_deadline, &b->resolve_deadline),
	    "deadlines.resolve");
	DIFF(dur_eq(&a->callback_deadline, &b->callback_deadline),
	    "deadlines.callback");
	DIFF(dur_eq(&a->followup_deadline, &b->followup_deadline),
	    "deadlines.followup");
	DIFF(a->followup_attempts == b->followup_attempts,
	    "deadlines.followup_attempts");
	DIFF(list_eq(&a->channels, &b->channels), "channels");
	DIFF(list_eq(&a->categories, &b->categories), "categories");
	DIFF(list_eq(&a->severities, &b->severities), "severities");
	DIFF(list_eq(&a->remedies, &b->remedies), "remedies");
	DIFF(list_eq(&a->levels, &b->levels), "escalation.levels");
	DIFF(a->nrules == b->nrules, "escalation.rules");
	for (i = 0; i < a->nrules; i++) {
		DIFF(str_eq(a->rules[i].name, b->rules[i].name),
		    "escalation.rules name");
		DIFF(cond_eq(&a->rules[i].when, &b->rules[i].when),
		    "escalation.rules when");
		DIFF(a->rules[i].to_level == b->rules[i].to_level,
		    "escalation.rules to");
	}
	DIFF(memcmp(a->priority, b->priority, sizeof(a->priority)) == 0,
	    "priority");
	DIFF(dur_eq(&a->spike_window, &b->spike_window), "spikes.window");
	DIFF(a->spike_baseline_windows == b->spike_baseline_windows,
	    "spikes.baseline");
	DIFF(a->spike_factor == b->spike_factor, "spikes.factor");
	DIFF(a->spike_min_count == b->spike_min_count, "spikes.min_count");
	DIFF(str_eq(a->tpl_acknowledgement, b->tpl_acknowledgement),
	    "templates.acknowledgement");
	DIFF(str_eq(a->tpl_followup_script, b->tpl_followup_script),
	    "templates.followup_script");
	DIFF(str_eq(a->tpl_final_response, b->tpl_final_response),
	    "templates.final_response");
	DIFF(str_eq(a->tpl_summary, b->tpl_summary), "templates.summary");
	DIFF(str_eq(a->tpl_holding, b->tpl_holding), "templates.holding");
	DIFF(dur_eq(&a->summary_deadline, &b->summary_deadline),
	    "deadlines.summary");
	DIFF(dur_eq(&a->holding_deadline, &b->holding_deadline),
	    "deadlines.holding");
	DIFF(a->nregimes == b->nregimes, "regimes");
	for (i = 0; i < a->nregimes; i++) {
		DIFF(str_eq(a->regimes[i].rule.name, b->regimes[i].rule.name),
		    "regimes");
		DIFF(a->regimes[i].set == b->regimes[i].set, "regimes");
		DIFF(cond_eq(&a->regimes[i].rule.when,
		    &b->regimes[i].rule.when), "regimes");
		for (j = 0; j < DL__COUNT; j++)
			DIFF(dur_eq(&a->regimes[i].d[j], &b->regimes[i].d[j]),
			    "regimes");
	}
	DIFF(a->has_roles == b->has_roles, "roles");
	DIFF(list_eq(&a->managers, &b->managers), "roles.managers");
	DIFF(list_eq(&a->delegates, &b->delegates), "roles.delegates");
#undef DIFF
	return NULL;
}

static void
assert_defaults(const struct config *cfg)
{
	struct config def;
	const char *d;

	config_defaults(&def);
	d = config_diff(cfg, &def);
	config_release(&def);
	ck_assert_msg(d == NULL, "differs from the defaults in %s", d);
}

/* The defaults themselves. */

START_TEST(test_defaults)
{
	struct config cfg;
	int32_t day;

	config_defaults(&cfg);
	ck_assert_str_eq(cfg.organisation, "Acme Ltd");
	ck_assert_str_eq(cfg.reference_prefix, "CMP");
	ck_assert_str_eq(cfg.timezone, "Europe/London");
	ck_assert_str_eq(cfg.currency, "GBP");
	ck_assert_ptr_null(cfg.database);
	ck_assert_int_eq(cfg.busy_timeout_ms, 5000);
	ck_assert_uint_eq(cfg.calendar.days, 0x3e);
	ck_assert_int_eq(cfg.calendar.opens, 9 * 60);
	ck_assert_int_eq(cfg.calendar.closes, 17 * 60);
	ck_assert_uint_eq(cfg.calendar.nholidays, 2);
	ck_assert_int_eq(parse_date("2026-12-25", &day), 0);
	ck_assert_int_eq(cfg.calendar.holidays[0], day);
	ck_assert_int_eq(parse_date("2026-12-28", &day), 0);
	ck_assert_int_eq(cfg.calendar.holidays[1], day);
	ck_assert_int_eq(cfg.ack_deadline.count, 24);
	ck_assert_int_eq(cfg.ack_deadline.unit, DUR_HOURS);
	ck_assert_int_eq(cfg.resolve_deadline.count, 8);
	ck_assert_int_eq(cfg.resolve_deadline.unit, DUR_WEEKS);
	ck_assert_int_eq(cfg.callback_deadline.count, 0);
	ck_assert_int_eq(cfg.callback_deadline.unit, DUR_COB);
	ck_assert_int_eq(cfg.followup_deadline.count, 2);
	ck_assert_int_eq(cfg.followup_deadline.unit, DUR_BUSINESS_DAYS);
	ck_assert_int_eq(cfg.followup_attempts, 3);
	ck_assert_uint_eq(cfg.channels.n, 7);
	ck_assert_str_eq(cfg.channels.v[4], "in-person");
	ck_assert_uint_eq(cfg.categories.n, 5);
	ck_assert_uint_eq(cfg.severities.n, 4);
	ck_assert_str_eq(cfg.severities.v[3], "critical");
	ck_assert_uint_eq(cfg.remedies.n, 6);
	ck_assert_uint_eq(cfg.levels.n, 3);
	ck_assert_uint_eq(cfg.nrules, 1);
	ck_assert_str_eq(cfg.rules[0].name, "critical");
	ck_assert_int_eq(cfg.rules[0].to_level, 2);
	ck_assert_int_eq(cfg.rules[0].when.op, ROP_ALL);
	ck_assert_uint_eq(cfg.rules[0].when.nkids, 1);
	ck_assert_int_eq(cfg.rules[0].when.kids[0].op, ROP_EQ);
	ck_assert_int_eq(cfg.rules[0].when.kids[0].field, RF_SEVERITY);
	ck_assert_int_eq(cfg.rules[0].when.kids[0].values[0].num, 3);
	ck_assert_int_eq(cfg.priority[0][0], 1);
	ck_assert_int_eq(cfg.priority[1][2], 4);
	ck_assert_int_eq(cfg.priority[2][2], 5);
	ck_assert_int_eq(cfg.spike_window.count, 7);
	ck_assert_int_eq(cfg.spike_window.unit, DUR_DAYS);
	ck_assert_int_eq(cfg.spike_baseline_windows, 8);
	ck_assert(cfg.spike_factor == 2.0);
	ck_assert_int_eq(cfg.spike_min_count, 5);
	ck_assert_ptr_nonnull(strstr(cfg.tpl_acknowledgement,
	    "Dear {customer},"));
	ck_assert_ptr_nonnull(strstr(cfg.tpl_acknowledgement, "{ref}"));
	ck_assert_ptr_nonnull(strstr(cfg.tpl_acknowledgement, "{owner}"));
	ck_assert_ptr_nonnull(strstr(cfg.tpl_acknowledgement,
	    "{eta}"));
	ck_assert_int_eq(strncmp(cfg.tpl_followup_script, "Hello, my name is "
	    "{agent} calling from {organisation} about your complaint {ref}",
	    76), 0);
	ck_assert_ptr_nonnull(strstr(cfg.tpl_followup_script, "satisfied"));
	ck_assert_ptr_nonnull(strstr(cfg.tpl_final_response, "{resolution}"));
	ck_assert_int_eq(cfg.has_roles, 0);
	ck_assert_uint_eq(cfg.managers.n, 0);
	ck_assert_ptr_null(cfg.path);
	config_release(&cfg);
	/* Twice is harmless. */
	config_release(&cfg);
}
END_TEST

/* config.example.yaml says exactly what the defaults are. */
START_TEST(test_example_is_defaults)
{
	struct config cfg;
	struct error err = { 0, "" };
	const char *src = getenv("COMPLAINT_SRCDIR");
	char example[1024];

	snprintf(example, sizeof(example), "%s/config.example.yaml",
	    src != NULL && *src != '\0' ? src : ".");
	ck_assert_msg(config_load(&cfg, example, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.path, example);
	assert_defaults(&cfg);
	config_release(&cfg);
}
END_TEST

/* Every key, none at its default; rules come before the levels they name. */
static const char full_yaml[] =
    "organisation: \"Widgets & Sons plc\"\n"
    "reference_prefix: WS2\n"
    "timezone: America/New_York\n"
    "currency: USD\n"
    "database: /var/lib/complaint/c.db\n"
    "busy_timeout: 250\n"
    "calendar:\n"
    "  days: [sat, sun, mon]\n"
    "  opens: \"08:30\"\n"
    "  closes: \"24:00\"\n"
    "  holidays: [\"2027-01-01\", \"2026-12-25\", \"2027-01-01\"]\n"
    "deadlines:\n"
    "  acknowledge: 2bd\n"
    "  resolve: 30d\n"
    "  callback: 90m\n"
    "  followup: 1w\n"
    "  followup_attempts: 5\n"
    "channels: [phone, fax]\n"
    "categories: [late, \"null\", \"42\"]\n"
    "severities: [minor, major, critical]\n"
    "remedies: [refund, \"yes\"]\n"
    "escalation:\n"
    "  rules:\n"
    "    - name: everything\n"
    "      when:\n"
    "        status: {in: [new, acknowledged], ne: closed}\n"
    "        severity: {gte: major}\n"
    "        category: late\n"
    "        channel: [fax]\n"
    "        department: Sales\n"
    "        owner: {not_in: [alice, bob]}\n"
    "        level: {lt: director}\n"
    "        public: true\n"
    "        justified: unknown\n"
    "        contacts: {gt: 2}\n"
    "        amount: {lte: 99.95}\n"
    "        age: {gte: 2bd}\n"
    "        idle: {lt: 3h}\n"
    "        ack_overdue: yes\n"
    "        resolve_overdue: false\n"
    "        priority: {lte: 2, eq: 1}\n"
    "        complex: no\n"
    "      to: director\n"
    "    - name: nested\n"
    "      when:\n"
    "        any:\n"
    "          - {severity: critical}\n"
    "          - all: [{public: true}, {contacts: {gte: 3}}]\n"
    "          - {all: [{age: {gt: 1w}}]}\n"
    "          - {amount: 12.5, level: 0}\n"
    "      to: 1\n"
    "  levels: [manager, director]\n"
    "priority: [[1, 1, 2], [2, 3, 4], [4, 5, 5]]\n"
    "spikes:\n"
    "  window: 2w\n"
    "  baseline: 4\n"
    "  factor: 1.75\n"
    "  min_count: 10\n"
    "templates:\n"
    "  acknowledgement: \"Hi {customer}, ref {ref} {{literal}}\"\n"
    "  followup_script: |\n"
    "    Hello {customer}, this is {agent}.\n"
    "      Indented line.\n"
    "  final_response: >\n"
    "    Folded {resolution}\n"
    "    text.\n"
    "roles:\n"
    "  managers: [alice, \"bob smith\"]\n"
    "  delegates: [agent-gateway]\n";

static void
assert_leaf(const struct rule_cond *c, enum rule_field f, enum rule_op op,
    size_t nvalues)
{
	ck_assert_int_eq(c->op, op);
	ck_assert_int_eq(c->field, f);
	ck_assert_uint_eq(c->nvalues, nvalues);
	ck_assert_uint_eq(c->nkids, 0);
}

START_TEST(test_every_key)
{
	struct config cfg;
	struct error err = { 0, "" };
	const struct rule_cond *k;
	int32_t day;

	write_config(full_yaml);
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.organisation, "Widgets & Sons plc");
	ck_assert_str_eq(cfg.reference_prefix, "WS2");
	ck_assert_str_eq(cfg.timezone, "America/New_York");
	ck_assert_str_eq(cfg.currency, "USD");
	ck_assert_str_eq(cfg.database, "/var/lib/complaint/c.db");
	ck_assert_int_eq(cfg.busy_timeout_ms, 250);
	ck_assert_uint_eq(cfg.calendar.days, 1u << 6 | 1u << 0 | 1u << 1);
	ck_assert_int_eq(cfg.calendar.opens, 8 * 60 + 30);
	ck_assert_int_eq(cfg.calendar.closes, 24 * 60);
	/* Sorted and deduplicated. */
	ck_assert_uint_eq(cfg.calendar.nholidays, 2);
	ck_assert_int_eq(parse_date("2026-12-25", &day), 0);
	ck_assert_int_eq(cfg.calendar.holidays[0], day);
	ck_assert_int_eq(parse_date("2027-01-01", &day), 0);
	ck_assert_int_eq(cfg.calendar.holidays[1], day);
	ck_assert_int_eq(cfg.ack_deadline.count, 2);
	ck_assert_int_eq(cfg.ack_deadline.unit, DUR_BUSINESS_DAYS);
	ck_assert_int_eq(cfg.resolve_deadline.count, 30);
	ck_assert_int_eq(cfg.resolve_deadline.unit, DUR_DAYS);
	ck_assert_int_eq(cfg.callback_deadline.count, 90);
	ck_assert_int_eq(cfg.callback_deadline.unit, DUR_MINUTES);
	ck_assert_int_eq(cfg.followup_deadline.count, 1);
	ck_assert_int_eq(cfg.followup_deadline.unit, DUR_WEEKS);
	ck_assert_int_eq(cfg.followup_attempts, 5);
	ck_assert_uint_eq(cfg.channels.n, 2);
	ck_assert_str_eq(cfg.channels.v[1], "fax");
	ck_assert_uint_eq(cfg.categories.n, 3);
	ck_assert_str_eq(cfg.categories.v[1], "null");
	ck_assert_str_eq(cfg.categories.v[2], "42");
	ck_assert_uint_eq(cfg.severities.n, 3);
	ck_assert_uint_eq(cfg.remedies.n, 2);
	ck_assert_str_eq(cfg.remedies.v[1], "yes");
	ck_assert_uint_eq(cfg.levels.n, 2);
	ck_assert_str_eq(cfg.levels.v[1], "director");

	ck_assert_uint_eq(cfg.nrules, 2);
	ck_assert_str_eq(cfg.rules[0].name, "everything");
	ck_assert_int_eq(cfg.rules[0].to_level, 2);
	ck_assert_int_eq(cfg.rules[0].line, 24);
	ck_assert_int_eq(cfg.rules[0].col, 7);
	ck_assert_int_eq(cfg.rules[0].when.op, ROP_ALL);
	ck_assert_uint_eq(cfg.rules[0].when.nkids, 19);
	k = cfg.rules[0].when.kids;
	assert_leaf(&k[0], RF_STATUS, ROP_IN, 2);
	ck_assert_str_eq(k[0].values[1].text, "acknowledged");
	assert_leaf(&k[1], RF_STATUS, ROP_NE, 1);
	ck_assert_str_eq(k[1].values[0].text, "closed");
	assert_leaf(&k[2], RF_SEVERITY, ROP_GTE, 1);
	ck_assert_int_eq(k[2].values[0].num, 1);
	ck_assert_ptr_null(k[2].values[0].text);
	assert_leaf(&k[3], RF_CATEGORY, ROP_EQ, 1);
	ck_assert_str_eq(k[3].values[0].text, "late");
	assert_leaf(&k[4], RF_CHANNEL, ROP_IN, 1);
	ck_assert_str_eq(k[4].values[0].text, "fax");
	assert_leaf(&k[5], RF_DEPARTMENT, ROP_EQ, 1);
	ck_assert_str_eq(k[5].values[0].text, "Sales");
	assert_leaf(&k[6], RF_OWNER, ROP_NOT_IN, 2);
	ck_assert_str_eq(k[6].values[1].text, "bob");
	assert_leaf(&k[7], RF_LEVEL, ROP_LT, 1);
	ck_assert_int_eq(k[7].values[0].num, 2);
	assert_leaf(&k[8], RF_PUBLIC, ROP_EQ, 1);
	ck_assert_int_eq(k[8].values[0].num, 1);
	assert_leaf(&k[9], RF_JUSTIFIED, ROP_EQ, 1);
	ck_assert_str_eq(k[9].values[0].text, "unknown");
	assert_leaf(&k[10], RF_CONTACTS, ROP_GT, 1);
	ck_assert_int_eq(k[10].values[0].num, 2);
	assert_leaf(&k[11], RF_AMOUNT, ROP_LTE, 1);
	ck_assert_int_eq(k[11].values[0].num, 9995);
	assert_leaf(&k[12], RF_AGE, ROP_GTE, 1);
	ck_assert_int_eq(k[12].values[0].dur.count, 2);
	ck_assert_int_eq(k[12].values[0].dur.unit, DUR_BUSINESS_DAYS);
	assert_leaf(&k[13], RF_IDLE, ROP_LT, 1);
	ck_assert_int_eq(k[13].values[0].dur.count, 3);
	ck_assert_int_eq(k[13].values[0].dur.unit, DUR_HOURS);
	assert_leaf(&k[14], RF_ACK_OVERDUE, ROP_EQ, 1);
	ck_assert_int_eq(k[14].values[0].num, 1);
	assert_leaf(&k[15], RF_RESOLVE_OVERDUE, ROP_EQ, 1);
	ck_assert_int_eq(k[15].values[0].num, 0);
	assert_leaf(&k[16], RF_PRIORITY, ROP_LTE, 1);
	ck_assert_int_eq(k[16].values[0].num, 2);
	assert_leaf(&k[17], RF_PRIORITY, ROP_EQ, 1);
	ck_assert_int_eq(k[17].values[0].num, 1);
	assert_leaf(&k[18], RF_COMPLEX, ROP_EQ, 1);
	ck_assert_int_eq(k[18].values[0].num, 0);

	ck_assert_str_eq(cfg.rules[1].name, "nested");
	ck_assert_int_eq(cfg.rules[1].to_level, 1);
	ck_assert_uint_eq(cfg.rules[1].when.nkids, 1);
	k = &cfg.rules[1].when.kids[0];
	ck_assert_int_eq(k->op, ROP_ANY);
	ck_assert_uint_eq(k->nkids, 4);
	assert_leaf(&k->kids[0], RF_SEVERITY, ROP_EQ, 1);
	ck_assert_int_eq(k->kids[0].values[0].num, 2);
	/* An entry of one key is that condition; all: is one too. */
	ck_assert_int_eq(k->kids[1].op, ROP_ALL);
	ck_assert_uint_eq(k->kids[1].nkids, 2);
	assert_leaf(&k->kids[1].kids[1], RF_CONTACTS, ROP_GTE, 1);
	ck_assert_int_eq(k->kids[2].op, ROP_ALL);
	ck_assert_uint_eq(k->kids[2].nkids, 1);
	assert_leaf(&k->kids[2].kids[0], RF_AGE, ROP_GT, 1);
	/* An entry of several keys: all of them. */
	ck_assert_int_eq(k->kids[3].op, ROP_ALL);
	ck_assert_uint_eq(k->kids[3].nkids, 2);
	assert_leaf(&k->kids[3].kids[0], RF_AMOUNT, ROP_EQ, 1);
	ck_assert_int_eq(k->kids[3].kids[0].values[0].num, 1250);
	assert_leaf(&k->kids[3].kids[1], RF_LEVEL, ROP_EQ, 1);
	ck_assert_int_eq(k->kids[3].kids[1].values[0].num, 0);

	ck_assert_int_eq(cfg.priority[0][1], 1);
	ck_assert_int_eq(cfg.priority[2][0], 4);
	ck_assert_int_eq(cfg.spike_window.count, 2);
	ck_assert_int_eq(cfg.spike_window.unit, DUR_WEEKS);
	ck_assert_int_eq(cfg.spike_baseline_windows, 4);
	ck_assert(cfg.spike_factor == 1.75);
	ck_assert_int_eq(cfg.spike_min_count, 10);
	ck_assert_str_eq(cfg.tpl_acknowledgement,
	    "Hi {customer}, ref {ref} {{literal}}");
	ck_assert_str_eq(cfg.tpl_followup_script,
	    "Hello {customer}, this is {agent}.\n  Indented line.\n");
	ck_assert_str_eq(cfg.tpl_final_response, "Folded {resolution} text.\n");
	ck_assert_int_eq(cfg.has_roles, 1);
	ck_assert_uint_eq(cfg.managers.n, 2);
	ck_assert_str_eq(cfg.managers.v[1], "bob smith");
	ck_assert_uint_eq(cfg.delegates.n, 1);
	ck_assert_str_eq(cfg.delegates.v[0], "agent-gateway");
	ck_assert_str_eq(cfg.path, path);
	config_release(&cfg);
}
END_TEST

/* Small files that are valid, and what they change. */

START_TEST(test_empty_file)
{
	static const char *const texts[] = {
		"", "\n", "# only a comment\n", "---\n", "~\n", "{}\n",
		"calendar:\ndeadlines: {}\n",
	};
	struct config cfg;
	struct error err = { 0, "" };
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		write_config(texts[i]);
		ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s",
		    err.msg);
		assert_defaults(&cfg);
		ck_assert_str_eq(cfg.path, path);
		config_release(&cfg);
	}
}
END_TEST

START_TEST(test_partial_keeps_defaults)
{
	struct config cfg;
	struct error err = { 0, "" };

	write_config("calendar:\n  closes: \"18:30\"\ndeadlines:\n"
	    "  resolve: 4w\nroles:\n");
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(cfg.calendar.opens, 9 * 60);
	ck_assert_int_eq(cfg.calendar.closes, 18 * 60 + 30);
	ck_assert_uint_eq(cfg.calendar.days, 0x3e);
	ck_assert_uint_eq(cfg.calendar.nholidays, 2);
	ck_assert_int_eq(cfg.resolve_deadline.count, 4);
	ck_assert_int_eq(cfg.ack_deadline.count, 24);
	/* "roles:" alone: roles apply, with no managers. */
	ck_assert_int_eq(cfg.has_roles, 1);
	ck_assert_uint_eq(cfg.managers.n, 0);
	config_release(&cfg);
}
END_TEST

START_TEST(test_lists_and_default_rule)
{
	struct config cfg;
	struct error err = { 0, "" };

	/* The default rule follows "critical" and "senior-management". */
	write_config("severities: [critical, minor]\n"
	    "escalation: {levels: [senior-management]}\n"
	    "calendar: {holidays: []}\n");
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.nrules, 1);
	ck_assert_int_eq(cfg.rules[0].when.kids[0].values[0].num, 0);
	ck_assert_int_eq(cfg.rules[0].to_level, 1);
	ck_assert_uint_eq(cfg.calendar.nholidays, 0);
	config_release(&cfg);

	/* No rules at all. */
	write_config("escalation:\n  rules: []\n");
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.nrules, 0);
	config_release(&cfg);
}
END_TEST

START_TEST(test_database_home)
{
	struct config cfg;
	struct error err = { 0, "" };
	char *home = xstrdup_or_null(getenv("HOME"));

	setenv("HOME", "/home/tester", 1);
	write_config("database: ~/db/c.db\n");
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.database, "/home/tester/db/c.db");
	config_release(&cfg);

	/* A server's URI without a password is a database like a path. */
	write_config("database: postgresql://ann@db/complaints?sslmode=require\n");
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.database,
	    "postgresql://ann@db/complaints?sslmode=require");
	config_release(&cfg);

	/* A YAML null is no database: the default path. */
	write_config("database: ~\n");
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_ptr_null(cfg.database);
	config_release(&cfg);

	unsetenv("HOME");
	write_config("database: ~/c.db\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, ":1:11: cannot expand '~/' in "
	    "'database': HOME is not set"));
	config_release(&cfg);
	if (home != NULL)
		setenv("HOME", home, 1);
	free(home);
}
END_TEST

/* Every class of mistake: exit status, position and message. */

#define RULE(when, to) \
	"escalation:\n  rules:\n    - name: r\n      when: " when "\n" \
	"      to: " to "\n"

static const struct {
	const char *yaml;
	int line, col;
	const char *msg;
} bad[] = {
	/* Unknown and repeated keys. */
	{ "organisation: Acme\nchanels: [phone]\n", 2, 1,
	    "unknown key 'chanels' (expected one of: organisation, "
	    "reference_prefix, timezone, currency, database, busy_timeout, "
	    "calendar, deadlines, channels, categories, severities, remedies, "
	    "escalation, priority, spikes, templates, roles, regimes, "
	    "limits, mail, returns)" },
	{ "mail:\n  from: complaints\n", 2, 9,
	    "invalid address 'complaints' for 'mail.from' (expected an "
	    "e-mail address such as complaints@example.com)" },
	{ "mail:\n  sendmail: sendmail -t\n", 2, 13,
	    "invalid command 'sendmail -t' for 'mail.sendmail' (expected an "
	    "absolute path and its arguments, as in /usr/sbin/sendmail -t "
	    "-i)" },
	{ "mail:\n  sender: x\n", 2, 3,
	    "unknown key 'sender' in 'mail' (expected one of: from, "
	    "sendmail, owner)" },
	{ "limits:\n  message: 2TB\n", 2, 12,
	    "invalid value '2TB' for 'limits.message' (expected a size from "
	    "1 byte to 1GB" },
	{ "calendar:\n  days: [mon]\n  opns: \"08:00\"\n", 3, 3,
	    "unknown key 'opns' in 'calendar' (expected one of: days, opens, "
	    "closes, holidays)" },
	{ "deadlines: {acknowledge: 1h, answer: 2h}\n", 1, 30,
	    "unknown key 'answer' in 'deadlines' (expected one of: "
	    "acknowledge, resolve, callback, followup, summary, holding, "
	    "followup_attempts)" },
	{ "escalation:\n  level: [a]\n", 2, 3,
	    "unknown key 'level' in 'escalation' (expected one of: levels, "
	    "rules)" },
	{ "spikes: {windows: 7d}\n", 1, 10, "unknown key 'windows' in "
	    "'spikes' (expected one of: window, baseline, factor, min_count)" },
	{ "templates:\n  ack: hi\n", 2, 3, "unknown key 'ack' in 'templates' "
	    "(expected one of: acknowledgement, followup_script, "
	    "final_response, summary, holding)" },
	{ "regimes:\n  x: {deadlines: {answer: 1d}}\n", 2, 19,
	    "unknown key 'answer' in 'regimes.x.deadlines' (expected one of: "
	    "acknowledge, resolve, callback, summary, holding, followup)" },
	{ "regimes:\n  x: {when: {colour: red}}\n", 2, 14, "unknown field" },
	{ "regimes:\n  x: {deadline: {}}\n", 2, 7, "unknown key "
	    "'deadline' in 'regimes.x' (expected one of: deadlines, when)" },
	{ "roles:\n  admins: [bob]\n", 2, 3,
	    "unknown key 'admins' in 'roles' (expected one of: managers, delegates)" },
	{ "organisation: A\norganisation: B\n", 2, 1,
	    "duplicate key 'organisation'" },
	{ "[a]: b\n", 1, 1, "a key must be a name, not a list" },

	/* Wrong types. */
	{ "organisation: [Acme, Ltd]\n", 1, 15,
	    "'organisation' must be text, not a list" },
	{ "organisation:\n", 1, 14, "'organisation' needs a value" },
	{ "organisation: \"\"\n", 1, 15, "'organisation' needs a value" },
	{ "channels: phone\n", 1, 11,
	    "'channels' must be a list, not a single value" },
	{ "channels: [phone, [chat]]\n", 1, 19,
	    "an entry of 'channels' must be text, not a list" },
	{ "calendar: [mon]\n", 1, 11,
	    "'calendar' must be a mapping, not a list" },
	{ "calendar:\n  opens: [\"09:00\"]\n", 2, 10,
	    "'calendar.opens' must be a time, not a list" },
	{ "busy_timeout: {ms: 5}\n", 1, 15,
	    "'busy_timeout' must be a whole number, not a mapping" },
	{ "deadlines:\n  resolve: {weeks: 8}\n", 2, 12,
	    "'deadlines.resolve' must be a duration, not a mapping" },
	{ "templates:\n  acknowledgement: [a]\n", 2, 20,
	    "'templates.acknowledgement' must be text, not a list" },
	{ "escalation:\n  rules: {name: r}\n", 2, 10,
	    "'escalation.rules' must be a list, not a mapping" },

	/* Invalid values. */
	{ "reference_prefix: 9AB\n", 1, 19, "invalid reference prefix '9AB' "
	    "(expected 1 to 10 capital letters and digits, starting with a "
	    "letter)" },
	{ "reference_prefix: cmp\n", 1, 19, "invalid reference prefix 'cmp'" },
	{ "reference_prefix: ABCDEFGHIJK\n", 1, 19,
	    "invalid reference prefix 'ABCDEFGHIJK'" },
	{ "reference_prefix: CM-P\n", 1, 19, "invalid reference prefix" },
	{ "timezone: Mars/Olympus_Mons\n", 1, 11,
	    "unknown time zone 'Mars/Olympus_Mons' (expected an IANA name" },
	{ "currency: gbp\n", 1, 11, "invalid currency 'gbp' (expected an "
	    "ISO 4217 code of 3 capital letters, such as GBP)" },
	{ "currency: POUND\n", 1, 11, "invalid currency 'POUND'" },
	/* A password in the configuration (SPEC 2), never echoed. */
	{ "database: postgresql://ann:s3cret@db/complaints\n", 1, 11,
	    "'database' holds a password: keep it where PostgreSQL looks "
	    "for one (~/.pgpass, PGPASSFILE, a service file), not in the "
	    "configuration" },
	{ "database: \"host=db password=s3cret dbname=c\"\n", 1, 11,
	    "'database' holds a password" },
	{ "busy_timeout: 600001\n", 1, 15, "invalid value '600001' for "
	    "'busy_timeout' (expected a whole number from 0 to 600000)" },
	{ "busy_timeout: -1\n", 1, 15,
	    "invalid value '-1' for 'busy_timeout'" },
	{ "busy_timeout: 5s\n", 1, 15,
	    "invalid value '5s' for 'busy_timeout'" },
	{ "deadlines:\n  acknowledge: soon\n", 2, 16, "invalid duration 'soon' "
	    "for 'deadlines.acknowledge' (expected a whole number and a unit: "
	    "m, h, d, w, bh or bd, as in 4h or 2bd; or cob, cob+3bd)" },
	{ "deadlines:\n  callback: cob+\n", 2, 13,
	    "invalid duration 'cob+' for 'deadlines.callback'" },
	{ "spikes:\n  window: cob\n", 2, 11, "invalid duration 'cob' for "
	    "'spikes.window' (a length is needed: a whole number and a unit: "
	    "m, h, d, w, bh or bd, as in 7d)" },
	{ "deadlines:\n  resolve: 8\n", 2, 12,
	    "invalid duration '8' for 'deadlines.resolve'" },
	{ "deadlines:\n  callback: -4h\n", 2, 13,
	    "invalid duration '-4h' for 'deadlines.callback'" },
	{ "deadlines:\n  followup_attempts: 0\n", 2, 22, "invalid value '0' "
	    "for 'deadlines.followup_attempts' (expected a whole number from "
	    "1 to 100)" },
	{ "calendar:\n  opens: \"25:00\"\n", 2, 10, "invalid time '25:00' for "
	    "'calendar.opens' (expected HH:MM, from 00:00 to 23:59)" },
	{ "calendar:\n  opens: \"24:00\"\n", 2, 10,
	    "invalid time '24:00' for 'calendar.opens'" },
	{ "calendar:\n  closes: \"9am\"\n", 2, 11, "invalid time '9am' for "
	    "'calendar.closes' (expected HH:MM, from 00:00 to 24:00)" },
	{ "calendar:\n  closes: \"09:60\"\n", 2, 11, "invalid time '09:60'" },
	{ "calendar:\n  opens: \"17:00\"\n  closes: \"09:00\"\n", 3, 11,
	    "'calendar.closes' (09:00) must be after 'calendar.opens' "
	    "(17:00)" },
	{ "calendar:\n  opens: \"17:00\"\n", 2, 10,
	    "'calendar.closes' (17:00) must be after 'calendar.opens' "
	    "(17:00)" },
	{ "calendar:\n  days: []\n", 2, 9,
	    "'calendar.days' needs at least one day" },
	{ "calendar:\n  days: [mon, funday]\n", 2, 15, "unknown day 'funday' "
	    "(expected mon, tue, wed, thu, fri, sat, sun)" },
	{ "calendar:\n  days: [Mon]\n", 2, 10, "unknown day 'Mon'" },
	{ "calendar:\n  days: [mon, tue, mon]\n", 2, 20,
	    "duplicate entry 'mon' in 'calendar.days'" },
	{ "calendar:\n  holidays: [\"2026-12-25\", \"2026-13-01\"]\n", 2, 28,
	    "invalid date '2026-13-01' in 'calendar.holidays' (expected "
	    "YYYY-MM-DD)" },
	{ "calendar:\n  holidays: [\"2027-02-29\"]\n", 2, 14,
	    "invalid date '2027-02-29'" },
	{ "calendar:\n  holidays: [Christmas]\n", 2, 14,
	    "invalid date 'Christmas'" },
	{ "channels: [phone, email, phone]\n", 1, 26,
	    "duplicate entry 'phone' in 'channels'" },
	{ "channels: []\n", 1, 11, "'channels' needs at least one entry" },
	{ "categories: []\n", 1, 13, "'categories' needs at least one entry" },
	{ "remedies:\n", 1, 10, "'remedies' needs at least one entry" },
	{ "channels: [phone, \"\"]\n", 1, 19,
	    "an entry of 'channels' needs a value" },
	{ "escalation:\n  levels: []\n", 2, 11,
	    "'escalation.levels' needs at least one entry" },
	{ "escalation:\n  levels: [senior-management, frontline]\n", 2, 31,
	    "invalid escalation level name 'frontline' (frontline and numbers "
	    "stand for levels already)" },
	{ "escalation:\n  levels: [senior-management, \"2\"]\n", 2, 31,
	    "invalid escalation level name '2'" },
	{ "priority: [[1, 2, 3], [2, 3, 4]]\n", 1, 11,
	    "'priority' needs 3 rows (impact 1 to 3), not 2" },
	{ "priority: 1\n", 1, 11, "'priority' must be a list of 3 rows" },
	{ "priority: [[1, 2, 3], [2, 3], [3, 4, 5]]\n", 1, 23,
	    "row 2 of 'priority' must be a list of 3 values (urgency 1 to 3)" },
	{ "priority: [[1, 2, 3], [2, 3, 4], [3, 4, 6]]\n", 1, 41,
	    "invalid priority '6' (expected a whole number from 1, the "
	    "highest, to 5)" },
	{ "priority: [[1, 2, 3], [2, 3, 4], [3, 4, 0]]\n", 1, 41,
	    "invalid priority '0'" },
	{ "spikes:\n  factor: 0.5\n", 2, 11, "invalid value '0.5' for "
	    "'spikes.factor' (expected a number from 1 to 1000 with at most 6 "
	    "decimals, such as 2.5)" },
	{ "spikes:\n  factor: 2,5\n", 2, 11, "invalid value '2,5'" },
	{ "spikes:\n  baseline: 0\n", 2, 13,
	    "invalid value '0' for 'spikes.baseline'" },
	{ "spikes:\n  min_count: 0\n", 2, 14,
	    "invalid value '0' for 'spikes.min_count'" },
	{ "spikes:\n  window: weekly\n", 2, 11,
	    "invalid duration 'weekly' for 'spikes.window'" },
	{ "severities: [minor, major]\n", 1, 13, "the default escalation rule "
	    "'critical' needs severity 'critical': keep it, or set "
	    "'escalation.rules'" },
	{ "escalation:\n  levels: [manager]\n", 2, 11, "the default "
	    "escalation rule 'critical' needs level 'senior-management'" },

	/* Rules. */
	{ RULE("{sevrity: high}", "complaint-manager"), 4, 14,
	    "unknown field 'sevrity' (expected one of: status, severity, "
	    "category, channel, department, owner, level, public, justified, "
	    "contacts, amount, age, idle, ack_overdue, resolve_overdue, "
	    "priority, complex, all, any)" },
	{ RULE("{amount: {greater: 100}}", "complaint-manager"), 4, 23,
	    "unknown operator 'greater' (expected eq, ne, lt, lte, gt, gte, "
	    "in, not_in)" },
	{ RULE("{status: {lt: closed}}", "complaint-manager"), 4, 23,
	    "operator 'lt' needs an ordered field, and 'status' is not one "
	    "(ordered: severity, level, contacts, amount, age, idle, "
	    "priority)" },
	{ RULE("{public: {gte: true}}", "complaint-manager"), 4, 23,
	    "operator 'gte' needs an ordered field, and 'public' is not one" },
	{ RULE("{severity: high}", "boss"), 5, 11,
	    "unknown escalation level 'boss' in 'to' (expected one of: "
	    "complaint-manager, senior-management, independent-review)" },
	{ RULE("{severity: high}", "frontline"), 5, 11,
	    "unknown escalation level 'frontline' in 'to'" },
	{ RULE("{severity: high}", "4"), 5, 11,
	    "unknown escalation level '4' in 'to'" },
	{ RULE("{severity: high}", "[complaint-manager]"), 5, 11,
	    "'to' must be a level name, not a list" },
	{ RULE("{severity: urgent}", "complaint-manager"), 4, 24,
	    "unknown severity 'urgent' (expected one of: low, medium, high, "
	    "critical)" },
	{ RULE("{severity: [high, urgent]}", "complaint-manager"), 4, 31,
	    "unknown severity 'urgent'" },
	{ RULE("{level: boss}", "complaint-manager"), 4, 21,
	    "unknown escalation level 'boss' (expected one of: frontline, "
	    "complaint-manager, senior-management, independent-review)" },
	{ RULE("{status: open}", "complaint-manager"), 4, 22,
	    "unknown status 'open' (expected one of: new, acknowledged, "
	    "assessed, resolved, closed)" },
	{ RULE("{justified: maybe}", "complaint-manager"), 4, 25,
	    "unknown justified value 'maybe' (expected one of: yes, no, "
	    "unknown)" },
	{ RULE("{channel: fax}", "complaint-manager"), 4, 23,
	    "unknown channel 'fax' (expected one of: phone, chat, email, "
	    "letter, in-person, social, web)" },
	{ RULE("{category: weather}", "complaint-manager"), 4, 24,
	    "unknown category 'weather' (expected one of: service issue, " },
	{ RULE("{contacts: many}", "complaint-manager"), 4, 24,
	    "invalid value 'many' for 'contacts' (expected a whole number, 0 "
	    "or more)" },
	{ RULE("{priority: {lte: -1}}", "complaint-manager"), 4, 30,
	    "invalid value '-1' for 'priority'" },
	{ RULE("{public: maybe}", "complaint-manager"), 4, 22,
	    "invalid value 'maybe' for 'public' (expected true or false)" },
	{ RULE("{complex: 1}", "complaint-manager"), 4, 23,
	    "invalid value '1' for 'complex'" },
	{ RULE("{amount: 12.345}", "complaint-manager"), 4, 22,
	    "invalid amount '12.345' (expected a number with at most 2 "
	    "decimals, such as 50 or 12.50)" },
	{ RULE("{amount: {gt: -5}}", "complaint-manager"), 4, 27,
	    "invalid amount '-5'" },
	{ RULE("{age: {gt: soon}}", "complaint-manager"), 4, 24,
	    "invalid duration 'soon' for 'age'" },
	{ RULE("{owner: {a: b}}", "complaint-manager"), 4, 22,
	    "unknown operator 'a'" },
	{ RULE("{owner: [ann, [bob]]}", "complaint-manager"), 4, 27,
	    "a value of 'owner' must be a single value, not a list" },
	{ RULE("{severity: {in: high}}", "complaint-manager"), 4, 29,
	    "'in' of 'severity' needs a list of values, not a single value" },
	{ RULE("{severity: {not_in: []}}", "complaint-manager"), 4, 33,
	    "'not_in' of 'severity' needs a list of values, not an empty one" },
	{ RULE("{severity: {eq: [high]}}", "complaint-manager"), 4, 29,
	    "a value of 'severity' must be a single value, not a list" },
	{ RULE("{severity: {}}", "complaint-manager"), 4, 24,
	    "no operator for 'severity'" },
	{ RULE("{severity: }", "complaint-manager"), 4, 24,
	    "a value of 'severity' needs a value" },
	{ RULE("{any: []}", "complaint-manager"), 4, 19,
	    "'any' needs a list of conditions, not an empty one" },
	{ RULE("{all: {severity: high}}", "complaint-manager"), 4, 19,
	    "'all' needs a list of conditions, not a mapping" },
	{ RULE("{any: [{severity: high}, high]}", "complaint-manager"), 4, 38,
	    "a condition must be a mapping of fields to values, not a single "
	    "value" },
	{ RULE("{any: [{all: [{sevrity: high}]}]}", "complaint-manager"), 4,
	    28, "unknown field 'sevrity'" },
	{ RULE("{}", "complaint-manager"), 4, 13,
	    "a condition must be a mapping of fields to values, not an empty "
	    "one" },
	{ RULE("[severity]", "complaint-manager"), 4, 13,
	    "a condition must be a mapping of fields to values, not a list" },
	{ RULE("&w {any: [*w]}", "complaint-manager"), 4, 13,
	    "conditions nested too deeply (at most 16 levels of all and any)" },
	{ RULE("{severity: high, severity: low}", "complaint-manager"), 4, 30,
	    "duplicate key 'severity'" },
	{ "escalation:\n  rules:\n    - when: {severity: high}\n"
	    "      to: complaint-manager\n", 3, 7, "rule without a 'name'" },
	{ "escalation:\n  rules:\n    - name: r\n      when: {public: true}\n",
	    3, 7, "rule 'r' has no 'to' level" },
	{ "escalation:\n  rules:\n    - name: r\n      to: complaint-manager\n",
	    3, 7, "rule 'r' has no 'when'" },
	{ "escalation:\n  rules:\n    - name: r\n      when: {public: true}\n"
	    "      to: complaint-manager\n      level: 2\n", 6, 7,
	    "unknown key 'level' in a rule (expected one of: name, when, to)" },
	{ "escalation:\n  rules:\n    - critical\n", 3, 7,
	    "a rule must be a mapping with name, when and to, not a single "
	    "value" },
	{ "escalation:\n  rules:\n    - name: r\n      when: {public: true}\n"
	    "      to: complaint-manager\n    - name: s\n"
	    "      when: {public: false}\n      to: complaint-manager\n"
	    "    - name: r\n      when: {contacts: {gt: 3}}\n"
	    "      to: senior-management\n", 9, 7,
	    "duplicate rule name 'r' (first at line 3)" },

	/* Templates. */
	{ "templates:\n  acknowledgement: \"Dear {custmer}\"\n", 2, 20,
	    "unknown placeholder '{custmer}' (expected one of: {ref}, "
	    "{customer}, {owner}, {agent}, {organisation}, {received}, "
	    "{resolve_due}, {eta}, {summary}, {resolution}, {remedy}, "
	    "{amount}, {currency}, {status}, {channel}, {contact}, "
	    "{customer_id}, {department}, {category}, {severity}, "
	    "{priority}, {justified}, {level}, {details}, {root_cause}, "
	    "{regime}, {ack_due}, {acknowledged}, {resolved}, {closed}, "
	    "{summary_due}, {holding_due}, {contacts}, {today})" },
	{ "templates:\n  final_response: |\n    Dear {customer,\n", 2, 19,
	    "unterminated placeholder '{customer'" },
	{ "templates:\n  followup_script: \"{ agent}\"\n", 2, 20,
	    "'{' not followed by a placeholder name" },

	/* Documents. */
	{ "organisation: Acme\n  ltd: x\n", 2, 6, "yaml syntax error: mapping "
	    "values are not allowed in this context" },
	{ "channels: [phone, email\n", 2, 1, "yaml syntax error: did not find "
	    "expected ',' or ']' (while parsing a flow sequence at line 1, "
	    "column 11)" },
	{ "organisation: Acme\n\tcurrency: GBP\n", 2, 1,
	    "yaml syntax error: " },
	{ "database: *nowhere\n", 1, 11,
	    "yaml syntax error: found undefined alias" },
	{ "organisation: \"Acme\xff\"\n", 1, 20,
	    "invalid text: invalid leading UTF-8 octet" },
	{ "- organisation\n", 1, 1, "the configuration must be a mapping of "
	    "keys to values, not a list" },
	{ "Acme Ltd\n", 1, 1, "the configuration must be a mapping of keys to "
	    "values, not a single value" },
	{ "organisation: A\n---\norganisation: B\n", 2, 1, "more than one "
	    "yaml document (the configuration is one mapping)" },
};

START_TEST(test_bad)
{
	struct config cfg;
	struct error err = { 0, "" };
	char want[600];
	int rc;

	write_config(bad[_i].yaml);
	rc = config_load(&cfg, path, &err);
	ck_assert_msg(rc == EX_CONFIG, "case %d: status %d (%s)", _i, rc,
	    err.msg);
	ck_assert_int_eq(err.status, EX_CONFIG);
	snprintf(want, sizeof(want), "%s:%d:%d: %s", path, bad[_i].line,
	    bad[_i].col, bad[_i].msg);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0,
	    "case %d:\n got: %s\nwant: %s", _i, err.msg, want);
	/* Never half-applied. */
	assert_defaults(&cfg);
	ck_assert_ptr_null(cfg.path);
	config_release(&cfg);
}
END_TEST


/*
 * Hostile files: each limit of config.h is a problem at the place it is
 * crossed, found without building what the file describes.
 */
static void
assert_limit(const struct buf *yaml, int line, int col, const char *msg)
{
	struct config cfg;
	struct error err = { 0, "" };
	char want[600];

	write_config(buf_str(yaml));
	ck_assert_int_eq(config_load(&cfg, path, &err), EX_CONFIG);
	snprintf(want, sizeof(want), "%s:%d:%d: %s", path, line, col, msg);
	ck_assert_str_eq(err.msg, want);
	assert_defaults(&cfg);
	config_release(&cfg);
}

START_TEST(test_limit_alias_bomb)
{
	struct buf b = BUF_INIT;
	int i, j;

	/* Each level ten aliases of the one before: 10^k nodes. */
	buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 9; i++) {
		buf_printf(&b, "a%d: &a%d [", i, i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
		buf_puts(&b, "]\n");
	}
	buf_puts(&b, "channels: *a8\n");
	/* a1 and a2 stand for 1220 nodes, each alias of a3 for 1111: the
	 * eighth crosses the limit. */
	assert_limit(&b, 4, 45, "aliases stand for more than 10000 nodes, "
	    "the limit");
	buf_release(&b);
}
END_TEST

START_TEST(test_limit_depth)
{
	struct buf b = BUF_INIT;
	int i;

	buf_puts(&b, "channels: ");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "[");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "]");
	buf_puts(&b, "\n");
	/* The root mapping is the first level. */
	assert_limit(&b, 1, 42, "lists and mappings nested more than 32 "
	    "deep, the limit");
	buf_release(&b);
}
END_TEST

START_TEST(test_limit_list)
{
	struct buf b = BUF_INIT;
	int i;

	buf_puts(&b, "channels:\n");
	for (i = 0; i < CONFIG_MAX_ITEMS; i++)
		buf_printf(&b, "  - c%d\n", i);
	buf_puts(&b, "  - one-too-many\n");
	assert_limit(&b, CONFIG_MAX_ITEMS + 2, 5, "a list with more than "
	    "10000 entries, the limit");
	buf_release(&b);
}
END_TEST

START_TEST(test_limit_mapping)
{
	struct buf b = BUF_INIT;
	int i;

	buf_puts(&b, "roles:\n");
	for (i = 0; i <= CONFIG_MAX_ITEMS; i++)
		buf_printf(&b, "  k%d: x\n", i);
	assert_limit(&b, CONFIG_MAX_ITEMS + 2, 3, "a mapping with more than "
	    "10000 keys, the limit");
	buf_release(&b);
}
END_TEST

START_TEST(test_limit_size)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "organisation: Acme\n");
	while (b.len <= CONFIG_MAX_BYTES)
		buf_puts(&b, "# padding padding padding padding padding\n");
	assert_limit(&b, 1, 1, "the configuration is larger than 1048576 "
	    "bytes, the limit");
	buf_release(&b);
}
END_TEST

/* At the limits, all is well; duplicates in a long list are found. */
START_TEST(test_limit_at_most)
{
	struct config cfg;
	struct error err = { 0, "" };
	struct buf b = BUF_INIT;
	int i;

	buf_puts(&b, "channels: [");
	for (i = 0; i < CONFIG_MAX_ITEMS; i++)
		buf_printf(&b, "%sc%d", i ? ", " : "", i);
	buf_puts(&b, "]\ncategories: &c [a, b]\nremedies: *c\n");
	write_config(buf_str(&b));
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.channels.n, CONFIG_MAX_ITEMS);
	ck_assert_uint_eq(cfg.remedies.n, 2);
	config_release(&cfg);
	buf_reset(&b);
	buf_puts(&b, "channels: [");
	for (i = 0; i < CONFIG_MAX_ITEMS; i++)
		buf_printf(&b, "%sc%d", i ? ", " : "", i == 9999 ? 7 : i);
	buf_puts(&b, "]\n");
	write_config(buf_str(&b));
	ck_assert_int_eq(config_load(&cfg, path, &err), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "duplicate entry 'c7'"));
	config_release(&cfg);
	buf_release(&b);
}
END_TEST

START_TEST(test_missing_file)
{
	struct config cfg;
	struct error err = { 0, "" };
	struct buf problems = BUF_INIT;
	char missing[400], want[600];

	snprintf(missing, sizeof(missing), "%s/nope.yaml", dir);
	ck_assert_int_eq(config_load(&cfg, missing, &err), EX_NOINPUT);
	snprintf(want, sizeof(want), "cannot read configuration '%s': No such "
	    "file or directory", missing);
	ck_assert_str_eq(err.msg, want);
	assert_defaults(&cfg);
	config_release(&cfg);

	ck_assert_int_eq(config_check(missing, &problems, &err), EX_NOINPUT);
	ck_assert_str_eq(err.msg, want);
	ck_assert_uint_eq(problems.len, 0);
}
END_TEST

START_TEST(test_no_path)
{
	struct config cfg;
	struct error err = { 0, "" };

	ck_assert_int_eq(config_load(&cfg, NULL, &err), 0);
	assert_defaults(&cfg);
	config_release(&cfg);
}
END_TEST

/* config check: every problem, in file order; the first also in ERR. */
START_TEST(test_check_collects)
{
	struct buf problems = BUF_INIT, want = BUF_INIT;
	struct error err = { 0, "" };

	write_config("escalation:\n"
	    "  rules:\n"
	    "    - name: r\n"
	    "      when: {severity: urgent, public: maybe}\n"
	    "      to: boss\n"
	    "  levels: [manager]\n"
	    "channels: []\n"
	    "calendar:\n"
	    "  opens: \"25:00\"\n"
	    "currency: pounds\n");
	ck_assert_int_eq(config_check(path, &problems, &err), EX_CONFIG);
	buf_printf(&want,
	    "%s:4:24: unknown severity 'urgent' (expected one of: low, "
	    "medium, high, critical)\n"
	    "%s:4:40: invalid value 'maybe' for 'public' (expected true or "
	    "false)\n"
	    "%s:5:11: unknown escalation level 'boss' in 'to' (expected one "
	    "of: manager)\n"
	    "%s:7:11: 'channels' needs at least one entry\n"
	    "%s:9:10: invalid time '25:00' for 'calendar.opens' (expected "
	    "HH:MM, from 00:00 to 23:59)\n"
	    "%s:10:11: invalid currency 'pounds' (expected an ISO 4217 code "
	    "of 3 capital letters, such as GBP)\n",
	    path, path, path, path, path, path);
	ck_assert_str_eq(buf_str(&problems), buf_str(&want));
	ck_assert_int_eq(err.status, EX_CONFIG);
	ck_assert_int_eq(strncmp(err.msg, buf_str(&want), strlen(err.msg)), 0);
	ck_assert_int_eq(want.s[strlen(err.msg)], '\n');

	buf_reset(&problems);
	write_config(full_yaml);
	ck_assert_int_eq(config_check(path, &problems, &err), 0);
	ck_assert_uint_eq(problems.len, 0);
	buf_release(&problems);
	buf_release(&want);
}
END_TEST

/* config show: what config_to_yaml() writes loads back the same. */
static void
assert_round_trip(const char *yaml)
{
	struct config a, b;
	struct error err = { 0, "" };
	struct buf out = BUF_INIT, again = BUF_INIT;
	const char *d;

	if (yaml != NULL) {
		write_config(yaml);
		ck_assert_msg(config_load(&a, path, &err) == 0, "%s", err.msg);
	} else
		config_defaults(&a);
	ck_assert_msg(config_to_yaml(&a, &out, &err) == 0, "%s", err.msg);
	write_config(buf_str(&out));
	ck_assert_msg(config_load(&b, path, &err) == 0, "%s\n%s", err.msg,
	    buf_str(&out));
	d = config_diff(&a, &b);
	ck_assert_msg(d == NULL, "%s differs after:\n%s", d, buf_str(&out));
	/* And the text is a fixed point. */
	ck_assert_int_eq(config_to_yaml(&b, &again, &err), 0);
	ck_assert_str_eq(buf_str(&again), buf_str(&out));
	config_release(&a);
	config_release(&b);
	buf_release(&out);
	buf_release(&again);
}

START_TEST(test_round_trip_defaults)
{
	struct config cfg;
	struct error err = { 0, "" };
	struct buf out = BUF_INIT;

	assert_round_trip(NULL);
	config_defaults(&cfg);
	ck_assert_int_eq(config_to_yaml(&cfg, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(buf_str(&out),
	    "  rules:\n  - name: critical\n    when: {severity: critical}\n"
	    "    to: senior-management\n"));
	ck_assert_ptr_nonnull(strstr(buf_str(&out), "  opens: \"09:00\"\n"));
	ck_assert_ptr_nonnull(strstr(buf_str(&out), "database: null\n"));
	ck_assert_ptr_nonnull(strstr(buf_str(&out),
	    "  acknowledgement: |\n    Dear {customer},\n"));
	ck_assert_ptr_null(strstr(buf_str(&out), "roles:"));
	config_release(&cfg);
	buf_release(&out);
}
END_TEST

START_TEST(test_round_trip_custom)
{
	assert_round_trip(full_yaml);
	assert_round_trip("organisation: \"  spaced: and # hashed \"\n"
	    "categories: [\"yes\", \"~\", \"0x1F\", \"- dash\", \"[x]\", "
	    "\"a\\tb\", \"Çà et là\"]\n"
	    "remedies: [\"true\", \"NULL\", \"1.5\"]\n"
	    "escalation:\n"
	    "  rules:\n"
	    "    - name: \"42\"\n"
	    "      when:\n"
	    "        all: [{any: [{owner: \"null\"}]}]\n"
	    "        any:\n"
	    "          - {department: {ne: \"no\"}, category: \"yes\"}\n"
	    "          - {severity: {gt: low, lt: critical}}\n"
	    "      to: independent-review\n"
	    "    - name: once\n"
	    "      when: {any: [{all: [{public: true}]}]}\n"
	    "      to: 1\n"
	    "spikes: {factor: 1.000001}\n"
	    "templates:\n"
	    "  acknowledgement: \"no newline at the end\"\n"
	    "  followup_script: \"trailing  \\n  spaces \\n\\n\\n\"\n"
	    "  final_response: \"\\ttab first\\n\"\n"
	    "roles:\n  managers: []\n");
	assert_round_trip("deadlines: {summary: cob+2bd, holding: 6w}\n"
	    "templates: {summary: \"s {summary_due}\", holding: h}\n"
	    "regimes:\n"
	    "  fca: {deadlines: {summary: cob+3bd, resolve: 8w}}\n"
	    "  psr:\n"
	    "    deadlines: {resolve: 15bd, holding: 15bd}\n"
	    "    when: {category: [billing, delivery]}\n"
	    "  any:\n"
	    "    deadlines: {acknowledge: 15d}\n"
	    "    when: {any: [{public: true}, {amount: {gt: 100}}]}\n");
	assert_round_trip("returns:\n"
	    "  fca:\n"
	    "    products: {billing: \"Banking and credit cards\", b: x}\n"
	    "    causes: {\"Courier: packaging\": \"Delays/timescales\"}\n"
	    "    vulnerability: true\n"
	    "  asic: {outcomes: {refund: R1}, channels: {phone: C2}}\n");
}
END_TEST

/* returns: maps from our names to the regulators', read strictly. */
START_TEST(test_returns_maps)
{
	struct config cfg;
	struct error err;

	write_config("returns:\n"
	    "  fca:\n"
	    "    products: {billing: \"Banking and credit cards\"}\n"
	    "    causes: {}\n"
	    "    vulnerability: yes\n"
	    "  asic:\n"
	    "    issues: {\"Staff error\": I1}\n");
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(strmap_get(&cfg.fca_products, "billing"),
	    "Banking and credit cards");
	ck_assert_ptr_null(strmap_get(&cfg.fca_products, "Billing"));
	ck_assert_ptr_null(strmap_get(&cfg.fca_products, NULL));
	ck_assert_uint_eq(cfg.fca_causes.from.n, 0);
	ck_assert_int_eq(cfg.fca_vulnerability, 1);
	ck_assert_str_eq(strmap_get(&cfg.asic_issues, "Staff error"), "I1");
	config_release(&cfg);

	write_config("returns:\n  fca:\n    products: {a: [x]}\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, ":3:19: "));
	config_release(&cfg);
	write_config("returns:\n  fca:\n    products: {a: x, a: y}\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "duplicate key 'a'"));
	config_release(&cfg);
	write_config("returns:\n  asic: {codes: {}}\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown key 'codes' in "
	    "'returns.asic' (expected one of: products, issues, outcomes, "
	    "channels)"));
	config_release(&cfg);
}
END_TEST

/* Regimes: the first whose when holds wins; one without when is chosen
 * by hand alone; deadlines fall back to the top level key by key. */
START_TEST(test_regime_choice)
{
	struct config cfg;
	struct error err;
	struct rule_facts f;

	write_config("categories: [billing, payments, hardship, credit]\n"
	    "deadlines: {resolve: 6w}\n"
	    "regimes:\n"
	    "  fca: {deadlines: {summary: cob+3bd}}\n"
	    "  hardship:\n"
	    "    deadlines: {resolve: 21d}\n"
	    "    when: {category: hardship}\n"
	    "  asic:\n"
	    "    deadlines: {resolve: 30d}\n"
	    "    when: {category: [hardship, credit]}\n"
	    "  loud:\n"
	    "    deadlines: {acknowledge: 1h}\n"
	    "    when: {public: true}\n");
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(cfg.nregimes, 4);
	memset(&f, 0, sizeof(f));
	f.severity = -1;
	f.cal = &cfg.calendar;
	f.category = "hardship";
	ck_assert_int_eq(config_regime_choose(&cfg, &f), 1);
	f.category = "credit";
	ck_assert_int_eq(config_regime_choose(&cfg, &f), 2);
	f.public = 1;
	ck_assert_int_eq(config_regime_choose(&cfg, &f), 2);
	f.category = "billing";
	ck_assert_int_eq(config_regime_choose(&cfg, &f), 3);
	f.public = 0;
	ck_assert_int_eq(config_regime_choose(&cfg, &f), -1);
	f.category = NULL;
	ck_assert_int_eq(config_regime_choose(&cfg, &f), -1);
	ck_assert_int_eq(config_regime_lookup(&cfg, "fca"), 0);
	ck_assert_int_eq(config_regime_lookup(&cfg, "FCA"), -1);
	ck_assert_int_eq(config_regime_lookup(&cfg, NULL), -1);
	/* Key by key: asic's own resolve, the top level's acknowledge. */
	ck_assert_int_eq(config_deadline(&cfg, "asic", DL_RESOLVE)->count, 30);
	ck_assert_int_eq(config_deadline(&cfg, "asic", DL_RESOLVE)->unit,
	    DUR_DAYS);
	ck_assert_ptr_eq(config_deadline(&cfg, "asic", DL_ACKNOWLEDGE),
	    &cfg.ack_deadline);
	ck_assert_ptr_eq(config_deadline(&cfg, NULL, DL_RESOLVE),
	    &cfg.resolve_deadline);
	ck_assert_ptr_eq(config_deadline(&cfg, "gone", DL_RESOLVE),
	    &cfg.resolve_deadline);
	ck_assert_int_eq(config_deadline(&cfg, "fca", DL_SUMMARY)->unit,
	    DUR_COB);
	ck_assert_int_eq(config_deadline(&cfg, "fca", DL_SUMMARY)->count, 3);
	/* The defaults of SPEC 8. */
	ck_assert_int_eq(config_deadline(&cfg, NULL, DL_SUMMARY)->unit,
	    DUR_COB);
	ck_assert_int_eq(config_deadline(&cfg, NULL, DL_HOLDING)->count, 8);
	ck_assert_int_eq(config_deadline(&cfg, NULL, DL_HOLDING)->unit,
	    DUR_WEEKS);
	config_release(&cfg);
}
END_TEST

START_TEST(test_levels_and_lists)
{
	struct config cfg;
	struct strlist l;
	char *v[] = { "a", "b" };

	config_defaults(&cfg);
	ck_assert_str_eq(config_level_name(&cfg, 0), "frontline");
	ck_assert_str_eq(config_level_name(&cfg, 1), "complaint-manager");
	ck_assert_str_eq(config_level_name(&cfg, 3), "independent-review");
	ck_assert_ptr_null(config_level_name(&cfg, 4));
	ck_assert_ptr_null(config_level_name(&cfg, -1));
	ck_assert_int_eq(config_level_lookup(&cfg, "frontline"), 0);
	ck_assert_int_eq(config_level_lookup(&cfg, "senior-management"), 2);
	ck_assert_int_eq(config_level_lookup(&cfg, "0"), 0);
	ck_assert_int_eq(config_level_lookup(&cfg, "3"), 3);
	ck_assert_int_eq(config_level_lookup(&cfg, "4"), -1);
	ck_assert_int_eq(config_level_lookup(&cfg, "-1"), -1);
	ck_assert_int_eq(config_level_lookup(&cfg, "2x"), -1);
	ck_assert_int_eq(config_level_lookup(&cfg, "Senior-Management"), -1);
	ck_assert_int_eq(config_level_lookup(&cfg, ""), -1);
	config_release(&cfg);

	l.v = v;
	l.n = 2;
	ck_assert_int_eq(strlist_find(&l, "a"), 0);
	ck_assert_int_eq(strlist_find(&l, "b"), 1);
	ck_assert_int_eq(strlist_find(&l, "c"), -1);
	l.n = 0;
	ck_assert_int_eq(strlist_find(&l, "a"), -1);
}
END_TEST

START_TEST(test_rule_names)
{
	int f, op;

	for (f = 0; f < RF__COUNT; f++)
		ck_assert_int_eq(rule_field_lookup(rule_field_name(f)), f);
	ck_assert_int_eq(rule_field_lookup("sevrity"), -1);
	ck_assert_ptr_null(rule_field_name(RF__COUNT));
	for (op = ROP_EQ; op <= ROP_NOT_IN; op++)
		ck_assert_int_eq(rule_op_lookup(rule_op_name(op)), op);
	ck_assert_str_eq(rule_op_name(ROP_ANY), "any");
	ck_assert_int_eq(rule_op_lookup("all"), -1);
	ck_assert_int_eq(rule_op_lookup("greater"), -1);
	ck_assert(rule_field_ordered(RF_SEVERITY));
	ck_assert(rule_field_ordered(RF_AGE));
	ck_assert(rule_field_ordered(RF_AMOUNT));
	ck_assert(!rule_field_ordered(RF_STATUS));
	ck_assert(!rule_field_ordered(RF_COMPLEX));
	ck_assert_int_eq(rule_field_type(RF_LEVEL), RT_RANK);
	ck_assert_int_eq(rule_field_type(RF_IDLE), RT_DURATION);
}
END_TEST

Suite *config_suite(void);

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("defaults");
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_example_is_defaults);
	tcase_add_test(tc, test_no_path);
	tcase_add_test(tc, test_levels_and_lists);
	tcase_add_test(tc, test_rule_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_every_key);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_partial_keeps_defaults);
	tcase_add_test(tc, test_lists_and_default_rule);
	tcase_add_test(tc, test_database_home);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_limit_alias_bomb);
	tcase_add_test(tc, test_limit_depth);
	tcase_add_test(tc, test_limit_list);
	tcase_add_test(tc, test_limit_mapping);
	tcase_add_test(tc, test_limit_size);
	tcase_add_test(tc, test_limit_at_most);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_check_collects);
	suite_add_tcase(s, tc);

	tc = tcase_create("round trip");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip_defaults);
	tcase_add_test(tc, test_round_trip_custom);
	tcase_add_test(tc, test_regime_choice);
	tcase_add_test(tc, test_returns_maps);
	suite_add_tcase(s, tc);
	return s;
}
