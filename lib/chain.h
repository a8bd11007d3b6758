/*
 * The history's hash chain (one chain per database): every event's
 * content digest and the link of each event to the one before. Pure: no
 * storage; the store chains each event it appends, audit.c verifies.
 */
#ifndef COMPLAINT_CHAIN_H
#define COMPLAINT_CHAIN_H

#include <stdint.h>

#include "complaint.h"
#include "sha256.h"

/*
 * An import's creation events (EVENT_CREATED, schema 20) store their hash
 * only when their id is a multiple of this, and the last of each
 * transaction always: the hashes between are recomputed by whoever
 * checks them (verify walks the whole chain anyway) and proven by the
 * next one stored, as a change to any event changes every hash after
 * it. 32 of an imported complaint's bytes, for at most this many events
 * to recompute when one is checked alone (erase).
 */
#define CHAIN_STORED_EVERY 1024

/* Whether an import's creation event ID stores its hash wherever it
 * falls in its transaction (the last stores it too, at the commit). */
int chain_stores_hash(int64_t id);

/* The "previous hash" of the first event: 32 zero bytes. */
extern const uint8_t chain_genesis[SHA256_LEN];

/*
 * SHA-256 over the content of EV that the chain protects, each field
 * length-prefixed (NULL distinct from "") so no two contents serialise
 * alike. An event with an account (schema 8 on) digests complaint_id,
 * at, actor, account, action, changes, note and detail; one without (an
 * older event: account unknown) digests complaint_id, at, actor, action,
 * changes and note, as it was written.
 */
void chain_event_digest(const struct event *ev, uint8_t out[SHA256_LEN]);

/*
 * The digest of an EVENT_CREATED event EV (complaint.h) created with the
 * values of C: EV's complaint_id, at, actor, account, action, note and
 * detail, then the name and value of every field of C the history
 * records that is set, in field order (a text as its bytes, any other
 * value as the number it stands for). Binary, not the JSON the event
 * shows: half the bytes to hash, and no formatting to reproduce.
 */
void chain_created_digest(const struct event *ev, const struct complaint *c,
    uint8_t out[SHA256_LEN]);

/*
 * The facts digest of a redacted event: SHA-256 over its id and the same
 * fields as its digest, as erasure left them (personal text replaced,
 * every amount, remedy, date, status, actor and account kept). The erase
 * event records it in its detail, "erased ID HEX", so the facts stay
 * provable without the text.
 */
void chain_event_facts(const struct event *ev, uint8_t out[SHA256_LEN]);

/* SHA-256 of the text S in hex: an idea's text in its review's detail. */
void chain_text_digest(const char *s, char hex[SHA256_HEXLEN]);

/* The hash of event ID: SHA-256 over PREV, ID and its DIGEST. */
void chain_link(const uint8_t prev[SHA256_LEN], int64_t id,
    const uint8_t digest[SHA256_LEN], uint8_t out[SHA256_LEN]);

#endif
