/*
 * --idempotency-key (SPEC 2): what a key may be, and the digest of a
 * command's arguments and actor that a key is bound to.
 */
#ifndef COMPLAINT_IDEMPOTENCY_H
#define COMPLAINT_IDEMPOTENCY_H

#include "error.h"

#define IDEM_KEY_MAX 200
#define IDEM_DIGEST_HEXLEN 65 /* 64 hex digits and the NUL */

/*
 * Whether KEY is 1 to IDEM_KEY_MAX printable ASCII characters other than
 * the space; EX_USAGE naming WHAT (the option or variable) otherwise.
 */
int idem_key_check(const char *key, const char *what, struct error *err);

/*
 * The SHA-256, in hex, of the canonical form of a command: a version
 * tag, then ACTOR and each of the ARGC strings of ARGV (the command's
 * name and its arguments, as given after the global options), each as
 * its length in decimal, ':', its bytes and ','. Different argument
 * lists never share a form; the same ones, spelt the same, always do.
 */
void idem_digest(const char *actor, int argc, char *const *argv,
    char out[IDEM_DIGEST_HEXLEN]);
/* The canonical form itself (for the tests), in B. */
struct buf;
void idem_canonical(const char *actor, int argc, char *const *argv,
    struct buf *b);

#endif
