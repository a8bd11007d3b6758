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

/* The "previous hash" of the first event: 32 zero bytes. */
extern const uint8_t chain_genesis[SHA256_LEN];

/*
 * SHA-256 over the content of EV that the chain protects: complaint_id,
 * at, actor, action, changes, note, each length-prefixed (NULL distinct
 * from "") so no two contents serialise alike.
 */
void chain_event_digest(const struct event *ev, uint8_t out[SHA256_LEN]);

/* The hash of event ID: SHA-256 over PREV, ID and its DIGEST. */
void chain_link(const uint8_t prev[SHA256_LEN], int64_t id,
    const uint8_t digest[SHA256_LEN], uint8_t out[SHA256_LEN]);

#endif
