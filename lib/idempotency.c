/*
 * --idempotency-key: the key's syntax and the digest a key is bound to
 * (SPEC 2). The digest is over the arguments as given, not as parsed:
 * a retry is the same command line run again, and two spellings of one
 * command may differ in what they mean (--summary=-x against --summary -x).
 */
#include <string.h>

#include "buf.h"
#include "idempotency.h"
#include "sha256.h"

int
idem_key_check(const char *key, const char *what, struct error *err)
{
	size_t i, n = strlen(key);

	if (n == 0 || n > IDEM_KEY_MAX)
		return error_set(err, EX_USAGE, "%s has %zu characters "
		    "(expected 1 to %d printable ASCII characters, no spaces)",
		    what, n, IDEM_KEY_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];

		if (c <= 0x20 || c >= 0x7f)
			return error_set(err, EX_USAGE, "%s has a%s "
			    "character at position %zu (expected 1 to %d "
			    "printable ASCII characters, no spaces)", what,
			    c == ' ' ? " space" : c < 0x80 ?
			    " control" : " non-ASCII", i + 1, IDEM_KEY_MAX);
	}
	return 0;
}

static void
put_field(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	buf_printf(b, "%zu:", n);
	buf_add(b, s, n);
	buf_add(b, ",", 1);
}

void
idem_canonical(const char *actor, int argc, char *const *argv,
    struct buf *b)
{
	int i;

	buf_reset(b);
	buf_printf(b, "complaint-idempotency-1\n");
	put_field(b, actor);
	buf_printf(b, "%d\n", argc);
	for (i = 0; i < argc; i++)
		put_field(b, argv[i]);
}

void
idem_digest(const char *actor, int argc, char *const *argv,
    char out[IDEM_DIGEST_HEXLEN])
{
	struct buf b = BUF_INIT;
	uint8_t d[SHA256_LEN];

	idem_canonical(actor, argc, argv, &b);
	sha256(b.len ? buf_str(&b) : "", b.len, d);
	sha256_hex(d, out);
	buf_release(&b);
}
