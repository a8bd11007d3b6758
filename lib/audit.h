/*
 * `verify`: walks the tamper-evident history (chain.h) through the store
 * and checks the database's own integrity. Above the store.
 */
#ifndef COMPLAINT_AUDIT_H
#define COMPLAINT_AUDIT_H

#include <stdint.h>

#include "buf.h"
#include "complaint.h"
#include "store.h"
#include "error.h"
#include "chain.h"
#include "sha256.h"

struct audit_report {
	int64_t events;         /* events walked */
	int64_t redacted;       /* of which erased */
	char head[SHA256_HEXLEN]; /* the last event's hash ("" when none) */
};

/*
 * Check the database: PRAGMA integrity_check (EX_IOERR naming the first
 * problem), the schema version and the history's triggers, foreign keys,
 * then the chain: each event's hash links to the previous one, each
 * unredacted event's content matches its digest, each redacted event is
 * covered by a later erase event of its complaint, and each complaint's
 * history ends when the complaint was last updated. The first bad event
 * is named: "event 12 (CMP-000004): hash mismatch" (EX_DATAERR).
 */
int audit_verify(struct store *s, const char *prefix, struct audit_report *r,
    struct error *err);

#endif
