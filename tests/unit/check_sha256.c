/*
 * Unit tests of SHA-256 (lib/sha256.c) against the FIPS 180-4 / NIST
 * example vectors, fed whole and in uneven pieces across block edges,
 * through the processor's SHA instructions where it has them and
 * through the portable code.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static const struct {
	const char *msg;
	size_t repeat;
	const char *want;
} vectors[] = {
	{ "abc", 1,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "", 1,
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 1,
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	{ "a", 1000000,
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
	/* 55, 56 and 64 bytes: the padding edges. */
	{ "a", 55,
	  "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
	{ "a", 56,
	  "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
	{ "a", 64,
	  "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
};

START_TEST(test_vector)
{
	struct sha256 s;
	uint8_t d[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	size_t i, len = strlen(vectors[_i].msg);

	sha256_init(&s);
	for (i = 0; i < vectors[_i].repeat; i++)
		sha256_update(&s, vectors[_i].msg, len);
	sha256_final(&s, d);
	sha256_hex(d, hex);
	ck_assert_str_eq(hex, vectors[_i].want);
}
END_TEST

/* The same digest whatever the sizes of the pieces: the 56-byte vector,
 * and 300 bytes in pieces of every size from 1 to 300 (a piece that
 * fills the block exactly, one that spans whole blocks, one that ends
 * mid-block after a partly filled one). */
START_TEST(test_pieces)
{
	static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmn"
	    "lmnomnopnopq";
	static uint8_t data[300];
	uint8_t whole[SHA256_LEN], piecewise[SHA256_LEN];
	size_t step, i;

	sha256(msg, sizeof(msg) - 1, whole);
	for (step = 1; step < sizeof(msg); step++) {
		struct sha256 s;

		sha256_init(&s);
		for (i = 0; i < sizeof(msg) - 1; i += step)
			sha256_update(&s, msg + i, sizeof(msg) - 1 - i < step ?
			    sizeof(msg) - 1 - i : step);
		sha256_final(&s, piecewise);
		ck_assert_mem_eq(whole, piecewise, SHA256_LEN);
	}
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	sha256(data, sizeof(data), whole);
	for (step = 1; step <= sizeof(data); step++) {
		struct sha256 s;

		sha256_init(&s);
		for (i = 0; i < sizeof(data); i += step)
			sha256_update(&s, data + i, sizeof(data) - i < step ?
			    sizeof(data) - i : step);
		sha256_final(&s, piecewise);
		ck_assert_mem_eq(whole, piecewise, SHA256_LEN);
	}
}
END_TEST

START_TEST(test_unhex)
{
	uint8_t d[SHA256_LEN], back[SHA256_LEN];
	char hex[SHA256_HEXLEN];

	sha256("abc", 3, d);
	sha256_hex(d, hex);
	ck_assert_int_eq(sha256_unhex(hex, back), 0);
	ck_assert_mem_eq(d, back, SHA256_LEN);
	ck_assert_int_eq(sha256_unhex("abc", back), -1);
	hex[10] = 'G';
	ck_assert_int_eq(sha256_unhex(hex, back), -1);
	ck_assert_int_eq(sha256_unhex(NULL, back), -1);
}
END_TEST

/* The two compressions agree on every length across several blocks and
 * on every alignment of the input. */
START_TEST(test_paths_agree)
{
	static uint8_t data[1100];
	uint8_t fast[SHA256_LEN], portable[SHA256_LEN];
	uint32_t x = 2463534242u;
	size_t i, len;

	for (i = 0; i < sizeof(data); i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		data[i] = (uint8_t)x;
	}
	for (len = 0; len + 3 <= sizeof(data); len += len < 200 ? 1 : 61) {
		sha256_use_portable(0);
		sha256(data + len % 4, len, fast);
		sha256_use_portable(1);
		sha256(data + len % 4, len, portable);
		ck_assert_mem_eq(fast, portable, SHA256_LEN);
	}
	sha256_use_portable(0);
}
END_TEST

static void
portable_on(void)
{
	sha256_use_portable(1);
}

static void
portable_off(void)
{
	sha256_use_portable(0);
}

Suite *sha256_suite(void);

Suite *
sha256_suite(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("nist");

	tcase_add_loop_test(tc, test_vector, 0,
	    sizeof(vectors) / sizeof(vectors[0]));
	tcase_add_test(tc, test_pieces);
	tcase_add_test(tc, test_unhex);
	tcase_add_test(tc, test_paths_agree);
	suite_add_tcase(s, tc);

	tc = tcase_create("portable");
	tcase_add_checked_fixture(tc, portable_on, portable_off);
	tcase_add_loop_test(tc, test_vector, 0,
	    sizeof(vectors) / sizeof(vectors[0]));
	tcase_add_test(tc, test_pieces);
	suite_add_tcase(s, tc);
	return s;
}
