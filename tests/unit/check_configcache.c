/*
 * Unit tests of the configuration cache (lib/configcache.c): the round
 * trip of the defaults and of every kind of key, a miss whenever the
 * file, its stat or the environment the parse read changes, and a miss
 * (never a crash or a leak) for a cache file cut short or damaged.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "configcache.h"
#include "xmalloc.h"

static char dir[256];
static char path[300];
static char cachedir[300];

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/check_configcache.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/config.yaml", dir);
	snprintf(cachedir, sizeof(cachedir), "%s/cache", dir);
	setenv("XDG_CACHE_HOME", cachedir, 1);
	unsetenv("COMPLAINT_NO_CACHE");
}

static void
teardown(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
write_file(const char *name, const void *data, size_t len)
{
	FILE *fp = fopen(name, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
write_config(const char *text)
{
	write_file(path, text, strlen(text));
}

static char *
yaml_of(const struct config *cfg)
{
	struct buf b = BUF_INIT;
	struct error err = { 0, "" };

	ck_assert_int_eq(config_to_yaml(cfg, &b, &err), 0);
	return buf_detach(&b);
}

/* The cache file for PATH, and whether the cache has a hit for it. */
static int
cache_hit(char *cachefile, size_t len)
{
	struct config_cache_key key;
	struct config cfg;
	int rc;

	rc = config_cache_load(path, &cfg, &key);
	if (cachefile != NULL)
		snprintf(cachefile, len, "%s", key.cachefile);
	config_release(&cfg);
	return rc == 0;
}

/*
 * Date the entry for PATH a minute after the file changed, as if written
 * a tick later: the cache refuses entries as old as the file (racy).
 */
static void
age_entry(void)
{
	struct config_cache_key key;
	struct config cfg;
	struct timespec times[2];

	config_cache_load(path, &cfg, &key);
	config_release(&cfg);
	times[0] = key.st.st_ctim;
	times[0].tv_sec += 60;
	times[1] = times[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, key.cachefile, times, 0), 0);
}

/* Parse PATH (config_load, which stores the entry), then check that the
 * cache gives back the same configuration byte for byte. */
static void
assert_round_trip(void)
{
	struct config parsed, cached;
	struct config_cache_key key;
	struct error err = { 0, "" };
	char *a, *b;
	size_t i;

	ck_assert_msg(config_load(&parsed, path, &err) == 0, "%s", err.msg);
	age_entry();
	ck_assert_int_eq(config_cache_load(path, &cached, &key), 0);
	a = yaml_of(&parsed);
	b = yaml_of(&cached);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(cached.path, path);
	ck_assert_uint_eq(parsed.nrules, cached.nrules);
	for (i = 0; i < parsed.nrules; i++) {
		ck_assert_int_eq(parsed.rules[i].line, cached.rules[i].line);
		ck_assert_int_eq(parsed.rules[i].col, cached.rules[i].col);
	}
	ck_assert(parsed.spike_factor == cached.spike_factor);
	free(a);
	free(b);
	config_release(&parsed);
	config_release(&cached);
}

START_TEST(test_defaults_round_trip)
{
	char cachefile[PATH_MAX];
	struct stat st;

	write_config("# only a comment: the defaults\n");
	ck_assert(!cache_hit(NULL, 0));
	assert_round_trip();
	ck_assert(cache_hit(cachefile, sizeof(cachefile)));
	ck_assert_int_eq(stat(cachefile, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_ptr_nonnull(strstr(cachefile, "/complaint/config-"));
	ck_assert_int_eq(stat(cachedir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
}
END_TEST

/* Every key, nested any/all rules with a value of every type. */
static const char rich_yaml[] =
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
    "          - all: [{public: true}, {any: [{contacts: {gte: 3}},\n"
    "              {owner: [carol, dave]}]}]\n"
    "          - {all: [{age: {gt: 1w}}, {idle: {lte: 6bh}}]}\n"
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
    "  acknowledgement: \"Hi {customer}, ref {ref} {{literal}} \xc3\xa9\"\n"
    "  followup_script: |\n"
    "    Hello {customer}, this is {agent}.\n"
    "      Indented line.\n"
    "  final_response: >\n"
    "    Folded {resolution}\n"
    "    text.\n"
    "roles:\n"
    "  managers: [alice, \"bob smith\"]\n"
    "  delegates: [agent-gateway]\n";

START_TEST(test_rich_round_trip)
{
	write_config(rich_yaml);
	assert_round_trip();
	/* A hit is as good as the parse a second time too. */
	assert_round_trip();
}
END_TEST

START_TEST(test_empty_lists_round_trip)
{
	write_config("calendar: {holidays: []}\nescalation: {rules: []}\n"
	    "roles:\ndatabase: null\n");
	assert_round_trip();
}
END_TEST

START_TEST(test_miss_on_size_change)
{
	struct config cfg;
	struct error err = { 0, "" };

	write_config("reference_prefix: ABC\n");
	assert_round_trip();
	write_config("reference_prefix: ABCD\n");
	age_entry();
	ck_assert(!cache_hit(NULL, 0));
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	ck_assert_str_eq(cfg.reference_prefix, "ABCD");
	config_release(&cfg);
}
END_TEST

START_TEST(test_miss_on_same_size_old_mtime)
{
	struct config cfg;
	struct error err = { 0, "" };
	struct stat before;
	struct timespec times[2];

	write_config("reference_prefix: ABC\n");
	ck_assert_int_eq(stat(path, &before), 0);
	assert_round_trip();
	/* Same size, other content, mtime put back: ctime still moves. */
	write_config("reference_prefix: XYZ\n");
	times[0] = before.st_atim;
	times[1] = before.st_mtim;
	ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
	age_entry();
	ck_assert(!cache_hit(NULL, 0));
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	ck_assert_str_eq(cfg.reference_prefix, "XYZ");
	config_release(&cfg);
}
END_TEST

/* "~/" in database: reads HOME, so another HOME is another entry. */
/* An entry written in the tick the file last changed is never used. */
START_TEST(test_racy_entry_is_miss)
{
	struct config_cache_key key;
	struct config cfg;
	struct error err = { 0, "" };
	struct timespec times[2];

	write_config("reference_prefix: ABC\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	config_release(&cfg);
	/* Hit or racy miss depends on the clock: set the entry's time. */
	config_cache_load(path, &cfg, &key);
	config_release(&cfg);
	ck_assert_int_eq(access(key.cachefile, R_OK), 0);
	times[0] = key.st.st_ctim;
	times[1] = times[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, key.cachefile, times, 0), 0);
	ck_assert(!cache_hit(NULL, 0));
	age_entry();
	ck_assert(cache_hit(NULL, 0));
}
END_TEST

START_TEST(test_miss_on_home_change)
{
	struct config cfg;
	struct error err = { 0, "" };

	setenv("HOME", "/home/one", 1);
	write_config("database: ~/c.db\n");
	assert_round_trip();
	setenv("HOME", "/home/two", 1);
	age_entry();
	ck_assert(!cache_hit(NULL, 0));
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	ck_assert_str_eq(cfg.database, "/home/two/c.db");
	config_release(&cfg);
}
END_TEST

static char *
slurp(const char *name, size_t *len)
{
	struct stat st;
	char *data;
	FILE *fp;

	ck_assert_int_eq(stat(name, &st), 0);
	*len = (size_t)st.st_size;
	data = xmalloc(*len + 1);
	ck_assert_ptr_nonnull(fp = fopen(name, "rb"));
	ck_assert_uint_eq(fread(data, 1, *len, fp), *len);
	fclose(fp);
	return data;
}

START_TEST(test_truncated_is_miss)
{
	char cachefile[PATH_MAX];
	char *data;
	size_t len, cut;

	write_config(rich_yaml);
	assert_round_trip();
	ck_assert(cache_hit(cachefile, sizeof(cachefile)));
	data = slurp(cachefile, &len);
	for (cut = 0; cut < len; cut++) {
		write_file(cachefile, data, cut);
		age_entry();
		ck_assert_msg(!cache_hit(NULL, 0), "hit cut at %zu", cut);
	}
	write_file(cachefile, data, len);
	age_entry();
	ck_assert(cache_hit(NULL, 0));
	free(data);
}
END_TEST

START_TEST(test_flipped_byte_is_miss)
{
	char cachefile[PATH_MAX];
	char *data;
	size_t len, i;

	write_config(rich_yaml);
	assert_round_trip();
	ck_assert(cache_hit(cachefile, sizeof(cachefile)));
	data = slurp(cachefile, &len);
	for (i = 0; i < len; i++) {
		data[i] ^= 0x01;
		write_file(cachefile, data, len);
		age_entry();
		ck_assert_msg(!cache_hit(NULL, 0), "hit flipped at %zu", i);
		data[i] ^= 0x01;
	}
	/* One byte added is a miss too. */
	data[len] = '\n';
	write_file(cachefile, data, len + 1);
	age_entry();
	ck_assert(!cache_hit(NULL, 0));
	free(data);
}
END_TEST

START_TEST(test_no_cache_writes_nothing)
{
	struct config cfg;
	struct error err = { 0, "" };
	struct stat st;

	setenv("COMPLAINT_NO_CACHE", "1", 1);
	write_config("reference_prefix: ABC\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	config_release(&cfg);
	ck_assert_int_eq(stat(cachedir, &st), -1);
	/* Set but empty is not set. */
	setenv("COMPLAINT_NO_CACHE", "", 1);
	assert_round_trip();
}
END_TEST

START_TEST(test_no_home_no_cache)
{
	struct config cfg;
	struct error err = { 0, "" };
	char *home = xstrdup_or_null(getenv("HOME"));
	struct stat st;

	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	write_config("reference_prefix: ABC\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	ck_assert_str_eq(cfg.reference_prefix, "ABC");
	config_release(&cfg);
	ck_assert(!cache_hit(NULL, 0));
	ck_assert_int_eq(stat(cachedir, &st), -1);
	if (home != NULL)
		setenv("HOME", home, 1);
	free(home);
}
END_TEST

START_TEST(test_bad_file_not_cached)
{
	struct config cfg;
	struct error err = { 0, "" };
	struct stat st;

	write_config("reference_prefix: [oops]\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), EX_CONFIG);
	config_release(&cfg);
	ck_assert(!cache_hit(NULL, 0));
	ck_assert_int_eq(stat(cachedir, &st), -1);
}
END_TEST


/*
 * An entry planted by anyone who may write the cache, with values the
 * parser refuses: a miss, and the file is read again.
 */
static void
assert_forged_is_miss(void (*forge)(struct config *))
{
	struct config_cache_key key;
	struct config cfg, loaded;
	struct error err = { 0, "" };

	write_config("# only a comment: the defaults\n");
	ck_assert(config_cache_load(path, &cfg, &key) != 0);
	config_release(&cfg);
	config_defaults(&cfg);
	forge(&cfg);
	ck_assert_int_eq(config_validate(&cfg, &err), EX_CONFIG);
	config_cache_store(&key, &cfg);
	config_release(&cfg);
	age_entry();
	ck_assert(!cache_hit(NULL, 0));
	ck_assert_msg(config_load(&loaded, path, &err) == 0, "%s", err.msg);
	ck_assert_uint_ne(loaded.calendar.days, 0);
	ck_assert_int_lt(loaded.calendar.opens, loaded.calendar.closes);
	ck_assert_int_eq(config_validate(&loaded, &err), 0);
	config_release(&loaded);
}

static void forge_no_days(struct config *c) { c->calendar.days = 0; }
static void forge_opens_late(struct config *c)
{
	c->calendar.opens = 18 * 60;
	c->calendar.closes = 9 * 60;
}
static void forge_dup_channel(struct config *c)
{
	free(c->channels.v[1]);
	c->channels.v[1] = xstrdup(c->channels.v[0]);
}
static void forge_bad_level(struct config *c)
{
	ck_assert_uint_gt(c->nrules, 0);
	c->rules[0].to_level = 99;
}
static void forge_bad_timeout(struct config *c) { c->busy_timeout_ms = -1; }

/* The directory part of NAME, in static storage. */
static const char *
dirname_of(const char *name)
{
	static char d[PATH_MAX];

	snprintf(d, sizeof(d), "%s", name);
	*strrchr(d, '/') = '\0';
	return d;
}

START_TEST(test_forged_entry_is_miss)
{
	void (*forge[])(struct config *) = { forge_no_days, forge_opens_late,
	    forge_dup_channel, forge_bad_level, forge_bad_timeout };

	assert_forged_is_miss(forge[_i]);
}
END_TEST

START_TEST(test_parsed_configs_validate)
{
	struct config cfg;
	struct error err = { 0, "" };

	config_defaults(&cfg);
	ck_assert_msg(config_validate(&cfg, &err) == 0, "%s", err.msg);
	config_release(&cfg);
	write_config(rich_yaml);
	ck_assert_msg(config_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_msg(config_validate(&cfg, &err) == 0, "%s", err.msg);
	config_release(&cfg);
}
END_TEST

/* The cache's directory replaced by a link to another: never written
 * through, never read through. */
START_TEST(test_symlinked_dir_not_followed)
{
	struct config cfg;
	struct error err = { 0, "" };
	char elsewhere[400], link[400], cmd[2200];
	DIR *d;
	struct dirent *de;
	int n = 0;

	snprintf(elsewhere, sizeof(elsewhere), "%s/elsewhere", dir);
	snprintf(link, sizeof(link), "%s/complaint", cachedir);
	ck_assert_int_eq(mkdir(cachedir, 0700), 0);
	ck_assert_int_eq(mkdir(elsewhere, 0700), 0);
	ck_assert_int_eq(symlink(elsewhere, link), 0);
	write_config("reference_prefix: ABC\n");
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	config_release(&cfg);
	ck_assert_ptr_nonnull(d = opendir(elsewhere));
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	ck_assert_int_eq(n, 0);
	/* An entry put there by hand is not read either. */
	snprintf(cmd, sizeof(cmd), "rm '%s'", link);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	config_release(&cfg);
	age_entry();
	ck_assert(cache_hit(NULL, 0));
	snprintf(cmd, sizeof(cmd), "mv '%s'/* '%s'/ && rmdir '%s' && "
	    "ln -s '%s' '%s'", link, elsewhere, link, elsewhere, link);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert(!cache_hit(NULL, 0));
}
END_TEST

/* A link planted at the entry's name is replaced, its target untouched. */
START_TEST(test_symlinked_entry_not_followed)
{
	struct config cfg;
	struct error err = { 0, "" };
	char cachefile[PATH_MAX], victim[400], *data;
	struct stat st;
	size_t len;

	snprintf(victim, sizeof(victim), "%s/victim", dir);
	write_file(victim, "keep me\n", 8);
	write_config("reference_prefix: ABC\n");
	cache_hit(cachefile, sizeof(cachefile));
	ck_assert_int_eq(mkdir(cachedir, 0700), 0);
	ck_assert_int_eq(mkdir(dirname_of(cachefile), 0700), 0);
	ck_assert_int_eq(symlink(victim, cachefile), 0);
	ck_assert_int_eq(config_load(&cfg, path, &err), 0);
	config_release(&cfg);
	data = slurp(victim, &len);
	ck_assert_uint_eq(len, 8);
	ck_assert(memcmp(data, "keep me\n", 8) == 0);
	free(data);
	ck_assert_int_eq(lstat(cachefile, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
}
END_TEST

Suite *configcache_suite(void);

Suite *
configcache_suite(void)
{
	Suite *s = suite_create("configcache");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults_round_trip);
	tcase_add_test(tc, test_rich_round_trip);
	tcase_add_test(tc, test_empty_lists_round_trip);
	tcase_add_test(tc, test_miss_on_size_change);
	tcase_add_test(tc, test_miss_on_same_size_old_mtime);
	tcase_add_test(tc, test_racy_entry_is_miss);
	tcase_add_test(tc, test_miss_on_home_change);
	tcase_add_test(tc, test_truncated_is_miss);
	tcase_add_test(tc, test_flipped_byte_is_miss);
	tcase_add_test(tc, test_no_cache_writes_nothing);
	tcase_add_test(tc, test_no_home_no_cache);
	tcase_add_test(tc, test_bad_file_not_cached);
	tcase_add_loop_test(tc, test_forged_entry_is_miss, 0, 5);
	tcase_add_test(tc, test_parsed_configs_validate);
	tcase_add_test(tc, test_symlinked_dir_not_followed);
	tcase_add_test(tc, test_symlinked_entry_not_followed);
	suite_add_tcase(s, tc);
	return s;
}
