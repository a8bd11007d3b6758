/*
 * The records as they stood at a past moment (SPEC 6, report --as-of and
 * the returns): each complaint's state rebuilt from its history, the
 * "after" values of its events applied in the order written, not read
 * from the complaint row as it is now. One streamed pass over the events
 * (store_history_each()), one complaint's state at a time.
 */
#ifndef COMPLAINT_REPLAY_H
#define COMPLAINT_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* One complaint as the history had it at the cut. */
struct replay_complaint {
	int64_t id;
	struct report_row row; /* texts as the caller asked for them */
	int64_t voided_at;     /* TIME_NONE */
	int64_t merged_into;   /* NUM_NONE */
	int64_t vulnerable;    /* 0, 1 */
	/* At START: whether anything was recorded before it, and whether
	 * the complaint was then open (new, acknowledged, assessed, or a
	 * resolution at or after START). */
	int known_at_start;
	int open_at_start;
};

typedef int (*replay_fn)(const struct replay_complaint *c, void *arg);

/*
 * Call FN for each complaint recorded at or before AS_OF, in id order,
 * with its state from its events up to AS_OF, and its state at START
 * (from its events before START; INT64_MIN for none). TEXT_COLS[0 ..
 * NTEXTS-1] name the complaint text fields wanted in row.text[]
 * (category, channel, department, owner, severity, root_cause, regime,
 * remedy):
 * EX_SOFTWARE for another. A non-zero return of FN stops and is
 * returned. Events whose changes cannot be read are EX_DATAERR.
 */
int report_replay(struct store *db, int64_t as_of, int64_t start,
    const char *const *text_cols, int ntexts, replay_fn fn, void *arg,
    struct error *err);

/*
 * Apply the "after" values of one event's CHANGES (LEN bytes of the
 * history's JSON) to the state *C, for unit tests of the reader: 0, or
 * -1 when the JSON is not the history's. Texts are kept in C's own
 * buffers until report_replay_state_release().
 */
struct replay_state;
struct replay_state *report_replay_state_new(const char *const *text_cols,
    int ntexts);
int report_replay_apply(struct replay_state *st, const char *changes,
    size_t len);
/* The values C was created with applied to ST: an import's creation,
 * which the history gives as a complaint (store.h, struct
 * history_event). */
void report_replay_created(struct replay_state *st, const struct complaint *c);
/* The state as a complaint: valid until the next apply or release. */
const struct replay_complaint *report_replay_state_get(struct replay_state *st);
void report_replay_state_release(struct replay_state *st);

#endif
