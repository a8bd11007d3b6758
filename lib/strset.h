/*
 * A set of strings by hash (open addressing), for duplicate checks that
 * stay linear however long the list: the strings are borrowed, not
 * copied, and must outlive the set.
 */
#ifndef COMPLAINT_STRSET_H
#define COMPLAINT_STRSET_H

#include <stddef.h>

struct strset {
	/* clang-format 14 takes '} *' for a product ('} * v'). */
	/* clang-format off */
	struct strset_slot {
		const char *s;
		size_t val;
	} *slot;
	/* clang-format on */
	size_t cap, n;
};

/* clang-format 14 spreads a braced macro over four lines. */
/* clang-format off */
#define STRSET_INIT { NULL, 0, 0 }
/* clang-format on */

/* Add S: 1 if it was new, 0 if already there. */
int strset_add(struct strset *set, const char *s);
/* The same, keeping VAL with a new S; *OLD gets the value kept with S
 * when it was there already (OLD may be NULL). */
int strset_put(struct strset *set, const char *s, size_t val, size_t *old);
/* The value kept with S, to read or change; NULL when S is not there. */
size_t *strset_get(struct strset *set, const char *s);
void strset_release(struct strset *set);

#endif
