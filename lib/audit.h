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
 * SHA-256 over the content of EV that the chain protects, each field
 * length-prefixed (NULL distinct from "") so no two contents serialise
 * alike. An event with an account (schema 7 on) digests complaint_id,
 * at, actor, account, action, changes, note and detail; one without (an
 * older event: account unknown) digests complaint_id, at, actor, action,
 * changes and note, as it was written.
 */
void audit_event_digest(const struct event *ev, uint8_t out[SHA256_LEN]);

/*
 * The facts digest of a redacted event: SHA-256 over the same fields as
 * its digest, as erasure left them (personal text replaced, every
 * amount, remedy, date, status, actor and account kept). The erase event
 * records it in its detail, "erased ID HEX", so the facts stay provable
 * without the text.
 */
void audit_event_facts(const struct event *ev, uint8_t out[SHA256_LEN]);

/* SHA-256 of the text S in hex: an idea's text in its review's detail. */
void audit_text_digest(const char *s, char hex[SHA256_HEXLEN]);

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
 * problem), the schema version and the history's triggers (by their
 * SQL), foreign keys, then the chain: each event's hash links to the
 * previous one; each unredacted event's content matches its digest; each
 * redacted event's facts match the digest its erase event recorded
 * (events erased before schema 7 are covered by their erase event alone:
 * their facts were never digested apart); each complaint's history ends
 * at the event the complaint names as its last; and the ideas and rule
 * firings are what the history says. The first bad event is named:
 * "event 12 (CMP-000004): hash mismatch" (EX_DATAERR).
 *
 * HEAD, unless NULL, is a head noted earlier (hex): it must be the hash
 * of an event of the chain, so that nothing was cut from the end since
 * (EX_DATAERR otherwise; a malformed HEAD is EX_DATAERR too).
 */
int audit_verify(struct db *db, const char *prefix, const char *head,
    struct audit_report *r, struct error *err);

#endif
