/*
 * Unit tests of lib/safefile.c: a file is written whole or not at all,
 * with the mode asked for, never through a symbolic link planted at the
 * target or at a temporary name, and never over a file unless asked;
 * and of lib/strset.c, the hash set behind linear duplicate checks.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safefile.h"
#include "strset.h"
#include "xmalloc.h"

static char dir[256];
static char target[300];
static char victim[300];

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/check_safefile.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(target, sizeof(target), "%s/out", dir);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
}

static void
teardown(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
put(const char *name, const char *text)
{
	FILE *fp = fopen(name, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static char *
get(const char *name)
{
	static char text[256];
	FILE *fp = fopen(name, "r");
	size_t n;

	ck_assert_ptr_nonnull(fp);
	n = fread(text, 1, sizeof(text) - 1, fp);
	text[n] = '\0';
	fclose(fp);
	return text;
}

/* Entries of the directory, . and .. apart. */
static int
entries(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

START_TEST(test_write_new)
{
	struct error err = { 0, "" };
	struct stat st;

	umask(022);
	ck_assert_int_eq(safefile_write_all(target, "new\n", 4, 0640, 0, 0,
	    &err), 0);
	ck_assert_str_eq(get(target), "new\n");
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0640);
	ck_assert_int_eq(entries(), 1);
}
END_TEST

START_TEST(test_no_replace_keeps_file)
{
	struct error err = { 0, "" };

	put(target, "old\n");
	ck_assert_int_eq(safefile_write_all(target, "new\n", 4, 0600, 0, 0,
	    &err), EX_CANTCREAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "exists"));
	ck_assert_str_eq(get(target), "old\n");
	ck_assert_int_eq(entries(), 1);
}
END_TEST

START_TEST(test_replace)
{
	struct error err = { 0, "" };

	put(target, "old\n");
	ck_assert_int_eq(safefile_write_all(target, "new\n", 4, 0600, 0, 1,
	    &err), 0);
	ck_assert_str_eq(get(target), "new\n");
	ck_assert_int_eq(entries(), 1);
}
END_TEST

/* A link at the target: replaced when asked, refused otherwise; its
 * target is never written. */
START_TEST(test_symlink_at_target)
{
	struct error err = { 0, "" };
	struct stat st;

	put(victim, "victim\n");
	ck_assert_int_eq(symlink(victim, target), 0);
	ck_assert_int_eq(safefile_write_all(target, "new\n", 4, 0600, 0, 0,
	    &err), EX_CANTCREAT);
	ck_assert_str_eq(get(victim), "victim\n");
	ck_assert_int_eq(safefile_write_all(target, "new\n", 4, 0600, 0, 1,
	    &err), 0);
	ck_assert_str_eq(get(victim), "victim\n");
	ck_assert_int_eq(lstat(target, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_str_eq(get(target), "new\n");
}
END_TEST

/* A dangling link at the target is something there too. */
START_TEST(test_dangling_symlink_at_target)
{
	struct error err = { 0, "" };
	struct stat st;

	ck_assert_int_eq(symlink(victim, target), 0);
	ck_assert_int_eq(safefile_write_all(target, "new\n", 4, 0600, 0, 0,
	    &err), EX_CANTCREAT);
	ck_assert_int_eq(stat(victim, &st), -1);
}
END_TEST

/* Links planted at every name the temporary file could take are never
 * opened: the open is exclusive and refuses links. */
START_TEST(test_symlink_at_temporary_name)
{
	struct safefile f;
	struct error err = { 0, "" };
	char planted[400];

	put(victim, "victim\n");
	ck_assert_int_eq(safefile_open(&f, target, 0600, 0, &err), 0);
	snprintf(planted, sizeof(planted), "%s", f.tmppath);
	safefile_abort(&f);
	ck_assert_int_eq(symlink(victim, planted), 0);
	ck_assert_int_eq(safefile_open(&f, target, 0600, 0, &err), 0);
	ck_assert_str_ne(f.tmppath, planted);
	ck_assert_int_eq(safefile_write(&f, "new\n", 4, &err), 0);
	ck_assert_int_eq(safefile_commit(&f, 0, &err), 0);
	ck_assert_str_eq(get(victim), "victim\n");
	ck_assert_str_eq(get(target), "new\n");
}
END_TEST

START_TEST(test_symlinked_dir_refused)
{
	struct error err = { 0, "" };
	char real[300], link[300], name[400];

	snprintf(real, sizeof(real), "%s/real", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	snprintf(name, sizeof(name), "%s/file", link);
	ck_assert_int_eq(mkdir(real, 0700), 0);
	ck_assert_int_eq(symlink(real, link), 0);
	ck_assert_int_eq(safefile_write_all(name, "x", 1, 0600,
	    SAFEFILE_NOFOLLOW_DIR, 1, &err), EX_CANTCREAT);
	/* Without the flag, a directory named through a link is fine. */
	ck_assert_int_eq(safefile_write_all(name, "x", 1, 0600, 0, 1, &err),
	    0);
}
END_TEST

START_TEST(test_abort_leaves_nothing)
{
	struct safefile f;
	struct error err = { 0, "" };

	ck_assert_int_eq(safefile_open(&f, target, 0600, 0, &err), 0);
	ck_assert_int_eq(safefile_write(&f, "half", 4, &err), 0);
	safefile_abort(&f);
	ck_assert_int_eq(entries(), 0);
}
END_TEST

START_TEST(test_missing_dir)
{
	struct error err = { 0, "" };
	char name[400];

	snprintf(name, sizeof(name), "%s/none/file", dir);
	ck_assert_int_eq(safefile_write_all(name, "x", 1, 0600, 0, 1, &err),
	    EX_CANTCREAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot create"));
}
END_TEST

START_TEST(test_strset)
{
	struct strset set = STRSET_INIT;
	char **names = xcalloc(50000, sizeof(*names));
	size_t i, old = 0, *v;

	for (i = 0; i < 50000; i++) {
		names[i] = xasprintf("name%zu", i);
		ck_assert_int_eq(strset_put(&set, names[i], i, NULL), 1);
	}
	ck_assert_uint_eq(set.n, 50000);
	ck_assert_int_eq(strset_add(&set, "name123"), 0);
	ck_assert_int_eq(strset_put(&set, "name4567", 0, &old), 0);
	ck_assert_uint_eq(old, 4567);
	ck_assert_ptr_nonnull(v = strset_get(&set, "name49999"));
	ck_assert_uint_eq(*v, 49999);
	ck_assert_ptr_null(strset_get(&set, "name50000"));
	strset_release(&set);
	ck_assert_ptr_null(strset_get(&set, "name1"));
	for (i = 0; i < 50000; i++)
		free(names[i]);
	free(names);
}
END_TEST

Suite *safefile_suite(void);

Suite *
safefile_suite(void)
{
	Suite *s = suite_create("safefile");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write_new);
	tcase_add_test(tc, test_no_replace_keeps_file);
	tcase_add_test(tc, test_replace);
	tcase_add_test(tc, test_symlink_at_target);
	tcase_add_test(tc, test_dangling_symlink_at_target);
	tcase_add_test(tc, test_symlink_at_temporary_name);
	tcase_add_test(tc, test_symlinked_dir_refused);
	tcase_add_test(tc, test_abort_leaves_nothing);
	tcase_add_test(tc, test_missing_dir);
	tcase_add_test(tc, test_strset);
	suite_add_tcase(s, tc);
	return s;
}
