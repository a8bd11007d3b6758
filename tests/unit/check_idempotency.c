/*
 * Unit tests of lib/idempotency.c: the canonical form a key's digest is
 * taken over (pinned, since digests stored in databases must keep
 * matching), that no two argument lists share it, and the key syntax.
 */
#include <check.h>
#include <string.h>

#include "buf.h"
#include "idempotency.h"
#include "store/driver.h"

START_TEST(test_canonical_form)
{
	char *argv[] = { "log", "--customer", "Ann Smith", NULL };
	struct buf b = BUF_INIT;
	static const char want[] = "complaint-idempotency-1\n5:alice,3\n"
	    "3:log,10:--customer,9:Ann Smith,";
	char hex[IDEM_DIGEST_HEXLEN];

	idem_canonical("alice", 3, argv, &b);
	ck_assert_uint_eq(b.len, sizeof(want) - 1);
	ck_assert_mem_eq(buf_str(&b), want, b.len);
	idem_digest("alice", 3, argv, hex);
	ck_assert_str_eq(hex, "46f5e6c9d9fb3b8368331a96a8e81b33"
	    "3299855394370dd52559c0ded25967d2");
	buf_release(&b);
}
END_TEST

/* Pairs of commands that must not share a digest: words joined or
 * split, an empty argument, the actor's name running into the
 * arguments, bytes that look like the form's own separators. */
static const struct {
	const char *actor1, *a1[4];
	const char *actor2, *a2[4];
} unlike[] = {
	{ "alice", { "note", "1 x" }, "alice", { "note", "1", "x" } },
	{ "alice", { "note", "ab", "" }, "alice", { "note", "a", "b" } },
	{ "alice", { "note", "" }, "alice", { "note" } },
	{ "al", { "ice", "note" }, "alice", { "note" } },
	{ "alice", { "note", "1,4:x" }, "alice", { "note", "1", "x" } },
	{ "alice", { "log", "--summary=x" }, "alice", { "log", "--summary",
	    "x" } },
	{ "alice", { "log" }, "bob", { "log" } },
};

static int
count(const char *const *a)
{
	int n = 0;

	while (n < 4 && a[n] != NULL)
		n++;
	return n;
}

START_TEST(test_unlike)
{
	char h1[IDEM_DIGEST_HEXLEN], h2[IDEM_DIGEST_HEXLEN];

	idem_digest(unlike[_i].actor1, count(unlike[_i].a1),
	    (char *const *)unlike[_i].a1, h1);
	idem_digest(unlike[_i].actor2, count(unlike[_i].a2),
	    (char *const *)unlike[_i].a2, h2);
	ck_assert_str_ne(h1, h2);
}
END_TEST

START_TEST(test_same)
{
	char *a[] = { "ack", "1" }, *b[] = { "ack", "1" };
	char h1[IDEM_DIGEST_HEXLEN], h2[IDEM_DIGEST_HEXLEN];

	idem_digest("alice", 2, a, h1);
	idem_digest("alice", 2, b, h2);
	ck_assert_str_eq(h1, h2);
	ck_assert_uint_eq(strlen(h1), 64);
}
END_TEST

START_TEST(test_key_syntax)
{
	struct error err;
	char k[IDEM_KEY_MAX + 2];

	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(idem_key_check("a", "K", &err), 0);
	ck_assert_int_eq(idem_key_check("retry-1:~!{}", "K", &err), 0);
	memset(k, 'k', sizeof(k));
	k[IDEM_KEY_MAX] = '\0';
	ck_assert_int_eq(idem_key_check(k, "K", &err), 0);
	k[IDEM_KEY_MAX] = 'k';
	k[IDEM_KEY_MAX + 1] = '\0';
	ck_assert_int_eq(idem_key_check(k, "K", &err), EX_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "K has 201 characters"));
	ck_assert_int_eq(idem_key_check("", "K", &err), EX_USAGE);
	ck_assert_int_eq(idem_key_check("a b", "K", &err), EX_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "space character at "
	    "position 2"));
	ck_assert_int_eq(idem_key_check("a\tb", "K", &err), EX_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "control character"));
	ck_assert_int_eq(idem_key_check("a\x7f", "K", &err), EX_USAGE);
	ck_assert_int_eq(idem_key_check("cl\xc3\xa9", "K", &err), EX_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "non-ASCII character at "
	    "position 3"));
}
END_TEST

/* A driver that lacks the keys (postgresql, so far): a keyed write is
 * a clear configuration error, a write without a key purges nothing. */
START_TEST(test_driver_without_keys)
{
	static const struct store_driver fake = { .name = "fakedb" };
	struct store s = { .drv = &fake };
	struct idem_record r;
	struct error err;
	int found = 1;

	memset(&err, 0, sizeof(err));
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(store_idem_purge(&s, 0, &err), 0);
	ck_assert_int_eq(store_idem_get(&s, "k", &r, &found, &err), EX_CONFIG);
	ck_assert_str_eq(err.msg, "--idempotency-key is not yet supported "
	    "on fakedb");
	ck_assert_int_eq(store_idem_put(&s, "k", &r, &err), EX_CONFIG);
}
END_TEST

Suite *idempotency_suite(void);

Suite *
idempotency_suite(void)
{
	Suite *s = suite_create("idempotency");
	TCase *tc = tcase_create("digest");

	tcase_add_test(tc, test_canonical_form);
	tcase_add_loop_test(tc, test_unlike, 0,
	    sizeof(unlike) / sizeof(unlike[0]));
	tcase_add_test(tc, test_same);
	tcase_add_test(tc, test_key_syntax);
	tcase_add_test(tc, test_driver_without_keys);
	suite_add_tcase(s, tc);
	return s;
}
