/*
 * The counting structures of reports, their rare paths: growing a list,
 * adding a value or a group (rehashing as the table fills), releasing,
 * and sorting the groups. The look-ups are inline in tally.h.
 */
#include <stdlib.h>
#include <string.h>

#include "tally.h"
#include "xmalloc.h"

void
vec32_grow(struct vec32 *a)
{
	a->cap = a->cap ? a->cap * 2 : 64;
	a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
}

void
dv_init(struct dim_values *dv)
{
	memset(dv, 0, sizeof(*dv));
	dv->nslots = 32;
	dv->slots = xcalloc(dv->nslots, sizeof(*dv->slots));
}

static void
dv_rehash(struct dim_values *dv)
{
	size_t i, j, mask;

	free(dv->slots);
	dv->nslots *= 2;
	dv->slots = xcalloc(dv->nslots, sizeof(*dv->slots));
	mask = dv->nslots - 1;
	for (i = 0; i < dv->n; i++) {
		if (dv->none == i + 1)
			continue;
		for (j = dv->v[i].hash & mask; dv->slots[j];
		    j = (j + 1) & mask)
			;
		dv->slots[j] = (uint32_t)(i + 1);
	}
}

/* A new value: TEXT of LEN bytes (NULL: none, or a numbered value whose
 * text the caller sets) or NUM, with HASH unless NONE; its rank is the
 * caller's to set. Apart from the look-ups, which stay small. */
uint32_t
dv_add(struct dim_values *dv, const char *text, size_t len, int64_t num,
    uint32_t hash, int none)
{
	struct dval *d;
	size_t j, mask;

	if (dv->n == dv->cap) {
		dv->cap = dv->cap ? dv->cap * 2 : 16;
		dv->v = xreallocarray(dv->v, dv->cap, sizeof(*dv->v));
	}
	d = &dv->v[dv->n];
	memset(d, 0, sizeof(*d));
	if (text != NULL) {
		d->text = xmalloc(len + 1);
		memcpy(d->text, text, len);
		d->text[len] = '\0';
	}
	d->len = len;
	d->num = num;
	d->hash = hash;
	if (none) {
		dv->none = (uint32_t)(dv->n + 1);
	} else {
		if (2 * (dv->n + 1) > dv->nslots)
			dv_rehash(dv);
		mask = dv->nslots - 1;
		for (j = hash & mask; dv->slots[j]; j = (j + 1) & mask)
			;
		dv->slots[j] = (uint32_t)(dv->n + 1);
	}
	return (uint32_t)dv->n++;
}

void
dv_release(struct dim_values *dv)
{
	size_t i;

	for (i = 0; i < dv->n; i++)
		free(dv->v[i].text);
	free(dv->v);
	free(dv->slots);
	memset(dv, 0, sizeof(*dv));
}

void
groups_init(struct groups *g)
{
	memset(g, 0, sizeof(*g));
	g->nslots = 64;
	g->slots = xcalloc(g->nslots, sizeof(*g->slots));
}

static void
groups_rehash(struct groups *g)
{
	struct gslot *old = g->slots;
	size_t i, j, n = g->nslots, mask;

	g->nslots *= 2;
	g->slots = xcalloc(g->nslots, sizeof(*g->slots));
	mask = g->nslots - 1;
	for (i = 0; i < n; i++) {
		if (old[i].index == 0)
			continue;
		for (j = gslot_of(old[i].key, g->nslots); g->slots[j].index;
		    j = (j + 1) & mask)
			;
		g->slots[j] = old[i];
	}
	free(old);
}

/* A new group of KEY, the values numbered ID[0..NDIMS-1] in VALUES. */
struct group *
groups_add(struct groups *g, uint64_t key, int ndims, const uint32_t *id,
    struct dim_values *const *values)
{
	struct group *gr;
	size_t j, mask;
	int i;

	if (2 * (g->n + 1) > g->nslots)
		groups_rehash(g);
	mask = g->nslots - 1;
	for (j = gslot_of(key, g->nslots); g->slots[j].index;
	    j = (j + 1) & mask)
		;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	gr = &g->v[g->n];
	memset(gr, 0, sizeof(*gr));
	for (i = 0; i < ndims; i++) {
		gr->val[i] = values[i]->v[id[i]].text;
		gr->rank[i] = values[i]->v[id[i]].rank;
	}
	g->slots[j].key = key;
	g->slots[j].index = (uint32_t)(g->n + 1);
	g->n++;
	return gr;
}

void
groups_release(struct groups *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->v[i].ack_secs.v);
		free(g->v[i].resolve_secs.v);
	}
	free(g->v);
	free(g->slots);
	memset(g, 0, sizeof(*g));
}

/* None last; then rank; then bytewise text. */
static int
group_cmp(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a;
	const struct group *y = *(const struct group *const *)b;
	int i, c;

	for (i = 0; i < REPORT_MAX_DIMS; i++) {
		if ((x->val[i] == NULL) != (y->val[i] == NULL))
			return x->val[i] == NULL ? 1 : -1;
		if (x->val[i] == NULL)
			continue;
		if (x->rank[i] != y->rank[i])
			return x->rank[i] < y->rank[i] ? -1 : 1;
		if ((c = strcmp(x->val[i], y->val[i])) != 0)
			return c;
	}
	return 0;
}

struct group **
groups_sorted(struct groups *g)
{
	struct group **order;
	size_t i;

	order = xreallocarray(NULL, g->n ? g->n : 1, sizeof(*order));
	for (i = 0; i < g->n; i++)
		order[i] = &g->v[i];
	qsort(order, g->n, sizeof(*order), group_cmp);
	return order;
}
