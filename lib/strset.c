/* A set of borrowed strings by hash (see strset.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "configcache.h"
#include "strset.h"
#include "xmalloc.h"

static size_t
find(const struct strset *set, const char *s)
{
	size_t i = (size_t)fnv1a(FNV1A_INIT, s, strlen(s)) & (set->cap - 1);

	while (set->slot[i].s != NULL && strcmp(set->slot[i].s, s) != 0)
		i = (i + 1) & (set->cap - 1);
	return i;
}

int
strset_add(struct strset *set, const char *s)
{
	return strset_put(set, s, 0, NULL);
}

int
strset_put(struct strset *set, const char *s, size_t val, size_t *oldval)
{
	struct strset_slot *old = set->slot;
	size_t i, oldcap = set->cap;

	/* At most half full: probes stay short. */
	if (2 * (set->n + 1) > set->cap) {
		set->cap = set->cap ? 2 * set->cap : 16;
		set->slot = xcalloc(set->cap, sizeof(*set->slot));
		for (i = 0; i < oldcap; i++) {
			if (old[i].s != NULL)
				set->slot[find(set, old[i].s)] = old[i];
		}
		free(old);
	}
	i = find(set, s);
	if (set->slot[i].s != NULL) {
		if (oldval != NULL)
			*oldval = set->slot[i].val;
		return 0;
	}
	set->slot[i].s = s;
	set->slot[i].val = val;
	set->n++;
	return 1;
}

size_t *
strset_get(struct strset *set, const char *s)
{
	size_t i;

	if (set->n == 0)
		return NULL;
	i = find(set, s);
	return set->slot[i].s != NULL ? &set->slot[i].val : NULL;
}

void
strset_release(struct strset *set)
{
	free(set->slot);
	set->slot = NULL;
	set->cap = set->n = 0;
}
