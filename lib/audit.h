/*
 * `verify`: walks the tamper-evident history (chain.h) through the store
 * and checks the database's own integrity. Above the store.
 */
#ifndef COMPLAINT_AUDIT_H
#define COMPLAINT_AUDIT_H

#include <stdint.h>

#include "buf.h"
#include "chain.h"
#include "complaint.h"
#include "error.h"
#include "sha256.h"
#include "store.h"

struct audit_report {
	int64_t events;           /* events walked */
	int64_t redacted;         /* of which erased */
	char head[SHA256_HEXLEN]; /* the last event's hash ("" when none) */
};

/*
 * Check the database: PRAGMA integrity_check (EX_IOERR naming the first
 * problem), the schema version and the history's triggers (by their
 * SQL), foreign keys, then the chain: each event's hash links to the
 * previous one; each unredacted event's content matches its digest; each
 * redacted event's facts match the digest its erase event recorded
 * (events erased before schema 8 are covered by their erase event alone:
 * their facts were never digested apart); each complaint's history ends
 * at the event the complaint names as its last; and the ideas and rule
 * firings are what the history says. The first bad event is named:
 * "event 12 (CMP-000004): hash mismatch" (EX_DATAERR).
 *
 * HEAD, unless NULL, is a head noted earlier (hex): it must be the hash
 * of an event of the chain, so that nothing was cut from the end since
 * (EX_DATAERR otherwise; a malformed HEAD is EX_DATAERR too).
 */
int audit_verify(struct store *s, const char *prefix, const char *head,
    struct audit_report *r, struct error *err);

#endif
