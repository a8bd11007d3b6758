/*
 * The history's hash chain, pure hashing at the bottom of the library:
 * each event's content is digested on its own and the chain links
 * digests, so that erasure can replace an event's personal text yet
 * leave the chain intact (the digest of a redacted event is trusted; its
 * erase event says why). Stores chain what they append; verify checks.
 */
#include <stdint.h>
#include <string.h>

#include "chain.h"

const uint8_t chain_genesis[SHA256_LEN];

int
chain_stores_hash(int64_t id)
{
	return id % CHAIN_STORED_EVERY == 0;
}

static void
put_u64(struct sha256 *s, uint64_t v)
{
	uint8_t b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
	sha256_update(s, b, sizeof(b));
}

/* A NULL is the byte 0; a string is 1, its length, its bytes. */
static void
put_str(struct sha256 *s, const char *v)
{
	uint8_t tag = v != NULL;
	size_t len = v ? strlen(v) : 0;

	sha256_update(s, &tag, 1);
	if (v == NULL)
		return;
	put_u64(s, (uint64_t)len);
	sha256_update(s, v, len);
}

void
chain_event_digest(const struct event *ev, uint8_t out[SHA256_LEN])
{
	static const char tag1[] = "complaint event v1";
	static const char tag2[] = "complaint event v2";
	struct sha256 s;

	sha256_init(&s);
	if (ev->account == NULL) {
		sha256_update(&s, tag1, sizeof(tag1));
		put_u64(&s, (uint64_t)ev->complaint_id);
		put_u64(&s, (uint64_t)ev->at);
		put_str(&s, ev->actor);
		put_str(&s, ev->action);
		put_str(&s, ev->changes);
		put_str(&s, ev->note);
		sha256_final(&s, out);
		return;
	}
	sha256_update(&s, tag2, sizeof(tag2));
	put_u64(&s, (uint64_t)ev->complaint_id);
	put_u64(&s, (uint64_t)ev->at);
	put_str(&s, ev->actor);
	put_str(&s, ev->account);
	put_str(&s, ev->action);
	put_str(&s, ev->changes);
	put_str(&s, ev->note);
	put_str(&s, ev->detail);
	sha256_final(&s, out);
}

void
chain_created_digest(const struct event *ev, const struct complaint *c,
    uint8_t out[SHA256_LEN])
{
	static const char tag[] = "complaint event v3 created";
	struct sha256 s;
	size_t i;

	sha256_init(&s);
	sha256_update(&s, tag, sizeof(tag));
	put_u64(&s, (uint64_t)ev->complaint_id);
	put_u64(&s, (uint64_t)ev->at);
	put_str(&s, ev->actor);
	put_str(&s, ev->account);
	put_str(&s, ev->action);
	put_str(&s, ev->note);
	put_str(&s, ev->detail);
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if ((f->flags & FF_NOHISTORY) || !field_is_set(c, f))
			continue;
		put_str(&s, f->name);
		if (field_is_text(f))
			put_str(&s, *field_text_const(c, f));
		else
			put_u64(&s, (uint64_t)*field_num_const(c, f));
	}
	sha256_final(&s, out);
}

void
chain_event_facts(const struct event *ev, uint8_t out[SHA256_LEN])
{
	static const char tag[] = "complaint event facts v1";
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, tag, sizeof(tag));
	put_u64(&s, (uint64_t)ev->id);
	put_u64(&s, (uint64_t)ev->complaint_id);
	put_u64(&s, (uint64_t)ev->at);
	put_str(&s, ev->actor);
	put_str(&s, ev->account);
	put_str(&s, ev->action);
	put_str(&s, ev->changes);
	put_str(&s, ev->note);
	put_str(&s, ev->detail);
	sha256_final(&s, out);
}

void
chain_text_digest(const char *text, char hex[SHA256_HEXLEN])
{
	static const char tag[] = "complaint text v1";
	uint8_t d[SHA256_LEN];
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, tag, sizeof(tag));
	put_str(&s, text);
	sha256_final(&s, d);
	sha256_hex(d, hex);
}

void
chain_link(const uint8_t prev[SHA256_LEN], int64_t id,
    const uint8_t digest[SHA256_LEN], uint8_t out[SHA256_LEN])
{
	static const char tag[] = "complaint chain v1";
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, tag, sizeof(tag));
	sha256_update(&s, prev, SHA256_LEN);
	put_u64(&s, (uint64_t)id);
	sha256_update(&s, digest, SHA256_LEN);
	sha256_final(&s, out);
}
