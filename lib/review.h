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
#include "db.h"
#include "error.h"

/* Whether NAME is an idea status: proposed, agreed, rejected, done. */
int idea_status_valid(const char *name);

/* A new proposed idea on complaint COMPLAINT_ID; its id in *ID unless
 * ID is NULL. */
int idea_add(struct db *db, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err);

/*
 * Idea ID moves to STATUS (decided now, or undecided again for
 * "proposed"). Its complaint in *COMPLAINT_ID (NUM_NONE if none) and the
 * status it had in OLD (at least 16 bytes). EX_NOINPUT for no such idea.
 */
int idea_set_status(struct db *db, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err);

struct idea {
	int64_t id;
	int64_t complaint_id;  /* NUM_NONE: none */
	const char *idea;
	const char *status;
	int64_t proposed_at;
	const char *proposed_by;
	int64_t decided_at;    /* TIME_NONE: not decided */
};

typedef int (*idea_fn)(const struct idea *i, void *arg);
/* Ideas proposed at or after SINCE (TIME_NONE: all), oldest first. */
int idea_each(struct db *db, int64_t since, idea_fn fn, void *arg,
    struct error *err);

/*
 * Erasure: the text of every idea of complaint COMPLAINT_ID becomes
 * TEXT (the placeholder); *N gets how many changed.
 */
int idea_erase(struct db *db, int64_t complaint_id, const char *text, int *n,
    struct error *err);

struct pending_review {
	int64_t id;
	int64_t resolved_at;
	const char *owner;
	const char *category;
	const char *root_cause;
};

typedef int (*pending_fn)(const struct pending_review *p, void *arg);
/* Resolved (or closed) complaints never reviewed, oldest resolved first. */
int review_pending_each(struct db *db, pending_fn fn, void *arg,
    struct error *err);

struct spike {
	const char *category;
	int64_t recent;        /* received in the latest window */
	double baseline;       /* average per window over the baseline */
	int64_t window_start;  /* the latest window: start to now, both in */
};

typedef int (*spike_fn)(const struct spike *s, void *arg);
/*
 * Categories with a spike at NOW: the latest window (spikes.window back
 * from NOW) holds at least spikes.min_count complaints and at least
 * spikes.factor times the category's average over the spikes.baseline
 * windows just before it. By category name.
 */
int review_spikes(struct db *db, const struct config *cfg, int64_t now,
    spike_fn fn, void *arg, struct error *err);

#endif
