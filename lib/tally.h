/*
 * The counting structures of reports (report.c): compact lists of
 * durations, the distinct values of a dimension numbered as first seen,
 * and the groups keyed by the numbers of their values, in small
 * open-addressing hash tables. The look-ups run once a row, so they are
 * inline here; growing and rehashing, rare, are in tally.c.
 */
#ifndef COMPLAINT_TALLY_H
#define COMPLAINT_TALLY_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report.h"

/* Durations of one group, for its medians. */
struct vec32 {
	int32_t *v;
	size_t n, cap;
};

/* Room for more in A (doubling). */
void vec32_grow(struct vec32 *a);

static inline void
vec32_push(struct vec32 *a, int64_t x)
{
	if (a->n == a->cap)
		vec32_grow(a);
	if (x > INT32_MAX)
		x = INT32_MAX;
	if (x < INT32_MIN)
		x = INT32_MIN;
	a->v[a->n++] = (int32_t)x;
}

/* A hash of LEN bytes at S a word at a time (the last word overlapping
 * the one before): group values are short, and hashed once a row. */
static inline uint32_t
text_hash(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t h = (uint64_t)len * 0x9e3779b97f4a7c15ull, w;
	uint32_t lo, hi;
	size_t i;

	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8) {
			memcpy(&w, s + i, 8);
			h = (h ^ w) * 0xff51afd7ed558ccdull;
			h ^= h >> 32;
		}
		memcpy(&w, s + len - 8, 8);
	} else if (len >= 4) {
		memcpy(&lo, s, 4);
		memcpy(&hi, s + len - 4, 4);
		w = (uint64_t)hi << 32 | lo;
	} else if (len > 0) {
		w = (uint64_t)u[0] | (uint64_t)u[len / 2] << 8 |
		    (uint64_t)u[len - 1] << 16;
	} else {
		w = 0;
	}
	h = (h ^ w) * 0xff51afd7ed558ccdull;
	return (uint32_t)(h ^ h >> 32);
}

static inline uint32_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (uint32_t)x;
}

/*
 * The distinct values of one dimension, numbered from 0 as first seen,
 * so that a row's group is found by a pair of small numbers: each value's
 * text is hashed once per row at most, and never copied again. Text
 * values are found by their bytes, levels by their number.
 */
struct dim_values {
	/* clang-format 14 takes '} *' for a product ('} * v'). */
	/* clang-format off */
	struct dval {
		char *text;      /* NULL: none */
		size_t len;
		int64_t num;     /* the level, for numbered values */
		int64_t rank;    /* compared before the text */
		uint32_t hash;
	} *v;
	/* clang-format on */
	size_t n, cap;
	uint32_t *slots;         /* index + 1; 0 is empty */
	size_t nslots;           /* a power of two, at least twice n */
	uint32_t none;           /* index + 1 of none, 0 while unseen */
};

/* DV empty, or released (its texts too). */
void dv_init(struct dim_values *dv);
void dv_release(struct dim_values *dv);
/* A new value in DV, its number returned: see tally.c. */
uint32_t dv_add(struct dim_values *dv, const char *text, size_t len,
    int64_t num, uint32_t hash, int none);

/* The number of the value TEXT of LEN bytes (NULL: none); *ISNEW set
 * when first seen. */
static inline uint32_t
dv_text(struct dim_values *dv, const char *text, size_t len, int *isnew)
{
	size_t j, mask = dv->nslots - 1;
	uint32_t h;

	*isnew = 0;
	if (text == NULL) {
		if (dv->none)
			return dv->none - 1;
		*isnew = 1;
		return dv_add(dv, NULL, 0, 0, 0, 1);
	}
	h = text_hash(text, len);
	for (j = h & mask; dv->slots[j]; j = (j + 1) & mask) {
		const struct dval *d = &dv->v[dv->slots[j] - 1];

		if (d->hash == h && d->len == len &&
		    memcmp(d->text, text, len) == 0)
			return dv->slots[j] - 1;
	}
	*isnew = 1;
	return dv_add(dv, text, len, 0, h, 0);
}

/* The number of the value numbered NUM (a level); its text is the
 * caller's to set when *ISNEW. */
static inline uint32_t
dv_num(struct dim_values *dv, int64_t num, int *isnew)
{
	size_t j, mask = dv->nslots - 1;
	uint32_t h = mix64((uint64_t)num);

	*isnew = 0;
	for (j = h & mask; dv->slots[j]; j = (j + 1) & mask)
		if (dv->v[dv->slots[j] - 1].num == num)
			return dv->slots[j] - 1;
	*isnew = 1;
	return dv_add(dv, NULL, 0, num, h, 0);
}

struct group {
	const char *val[REPORT_MAX_DIMS]; /* the dims' texts; NULL: none */
	int64_t rank[REPORT_MAX_DIMS];    /* compared before the text */
	struct report_stats s;
	struct report_fca fca;
	struct vec32 ack_secs, resolve_secs;
	int redress_overflow;             /* the sum went past INT64_MAX */
};

/* Groups by the numbers of their values, both in one key: an
 * open-addressing table of keys and indexes into V. */
struct groups {
	struct group *v;
	size_t n, cap;
	/* clang-format 14 takes '} *' for a product ('} * v'). */
	/* clang-format off */
	struct gslot {
		uint64_t key;
		uint32_t index;  /* + 1; 0 is empty */
	} *slots;
	/* clang-format on */
	size_t nslots;           /* a power of two, at least twice n */
};

/* G empty, or released (its groups' durations too). */
void groups_init(struct groups *g);
void groups_release(struct groups *g);
/* A new group of KEY in G: see tally.c. */
struct group *groups_add(struct groups *g, uint64_t key, int ndims,
    const uint32_t *id, struct dim_values *const *values);
/* The groups of G in report order (none last, then rank, then bytewise
 * text), an array of G->n for the caller to free. */
struct group **groups_sorted(struct groups *g);

static inline size_t
gslot_of(uint64_t key, size_t nslots)
{
	return mix64(key) & (nslots - 1);
}

/* The group of the values numbered ID[0..NDIMS-1] in VALUES, created
 * empty when new. */
static inline struct group *
groups_get(struct groups *g, int ndims, const uint32_t *id,
    struct dim_values *const *values)
{
	uint64_t key;
	size_t j, mask = g->nslots - 1;

	key = ndims == 0 ? 0 : ndims == 1 ? id[0] :
	    (uint64_t)id[1] << 32 | id[0];
	for (j = gslot_of(key, g->nslots); g->slots[j].index;
	    j = (j + 1) & mask)
		if (g->slots[j].key == key)
			return &g->v[g->slots[j].index - 1];
	return groups_add(g, key, ndims, id, values);
}

#endif
