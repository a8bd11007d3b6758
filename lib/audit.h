/*
 * The tamper-evident history: every event's content digest and the hash
 * chain over them (one chain per database), and `verify`, which walks
 * the chain and checks the database's own integrity.
 */
#ifndef COMPLAINT_AUDIT_H
#define COMPLAINT_AUDIT_H

#include <stdint.h>

#include "buf.h"
#include "complaint.h"
#include "db.h"
#include "error.h"
#include "sha256.h"

/* The "previous hash" of the first event: 32 zero bytes. */
extern const uint8_t audit_genesis[SHA256_LEN];

/*
 * SHA-256 over the content of EV that the chain protects: complaint_id,
 * at, actor, action, changes, note, each length-prefixed (NULL distinct
 * from "") so no two contents serialise alike.
 */
void audit_event_digest(const struct event *ev, uint8_t out[SHA256_LEN]);

/* The hash of event ID: SHA-256 over PREV, ID and its DIGEST. */
void audit_chain_link(const uint8_t prev[SHA256_LEN], int64_t id,
    const uint8_t digest[SHA256_LEN], uint8_t out[SHA256_LEN]);

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
int audit_verify(struct db *db, const char *prefix, struct audit_report *r,
    struct error *err);

#endif
