/*
 * SHA-256 (FIPS 180-4), for the hash chain over the history. Written here
 * because the dependencies are fixed to SQLite, libyaml and Check.
 */
#ifndef COMPLAINT_SHA256_H
#define COMPLAINT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEXLEN 65 /* 64 hex digits and a NUL */

struct sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	uint8_t block[64];
	size_t used; /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_LEN]);
/* One call: the digest of DATA. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
/* Lowercase hex of a digest. */
void sha256_hex(const uint8_t d[SHA256_LEN], char out[SHA256_HEXLEN]);
/* Parse 64 hex digits; -1 unless S is exactly that. */
int sha256_unhex(const char *s, uint8_t d[SHA256_LEN]);

/* Whether the processor's SHA instructions are used (x86-64 with SHA-NI). */
int sha256_accelerated(void);
/* For tests: PORTABLE 1 keeps to the portable code; 0 lets the processor's
 * instructions be used again where they exist. */
void sha256_use_portable(int portable);

#endif
