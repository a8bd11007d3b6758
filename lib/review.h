/*
 * Reviews after resolution: the complaints still to be reviewed, the
 * improvement ideas (records of their own, with a status the management
 * meeting moves on), and the category spikes that call for a special
 * review.
 */
#ifndef COMPLAINT_REVIEW_H
#define COMPLAINT_REVIEW_H

#include <stdint.h>

#include "config.h"
#include "error.h"
#include "store.h"

/* Whether NAME is an idea status: proposed, agreed, rejected, done. */
int idea_status_valid(const char *name);

/* Ideas and the complaints awaiting review are the store's
 * (store_idea_add(), store_idea_each(), store_pending_review_each()). */

struct spike {
	const char *category;
	int64_t recent;       /* received in the latest window */
	double baseline;      /* average per window over the baseline */
	int64_t window_start; /* the latest window: start to now, both in */
};

typedef int (*spike_fn)(const struct spike *s, void *arg);
/*
 * Categories with a spike at NOW: the latest window (spikes.window back
 * from NOW) holds at least spikes.min_count complaints and at least
 * spikes.factor times the category's average over the spikes.baseline
 * windows just before it. By category name.
 */
int review_spikes(struct store *db, const struct config *cfg, int64_t now,
    spike_fn fn, void *arg, struct error *err);

#endif
