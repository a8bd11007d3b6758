/*
 * Reviews, ideas and spikes; see review.h. Their rows come from the
 * store (store.h): ideas, complaints awaiting review, counts by category.
 */
#include <stdio.h>
#include <string.h>

#include "complaint.h"
#include "review.h"
#include "timeutil.h"

static const char *const idea_statuses[] = {
	"proposed", "agreed", "rejected", "done",
};

int
idea_status_valid(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(idea_statuses) / sizeof(idea_statuses[0]); i++)
		if (strcmp(idea_statuses[i], name) == 0)
			return 1;
	return 0;
}


/* The state of review_spikes() between the store's rows. */
struct spikes {
	const struct config *cfg;
	struct spike s;
	int windows;
	spike_fn fn;
	void *arg;
};

static int
spike_row(const char *category, int64_t recent, int64_t older, void *arg)
{
	struct spikes *sp = arg;

	sp->s.category = category;
	sp->s.recent = recent;
	sp->s.baseline = (double)older / sp->windows;
	if (sp->s.recent < sp->cfg->spike_min_count ||
	    (double)sp->s.recent < sp->cfg->spike_factor * sp->s.baseline)
		return 0;
	return sp->fn(&sp->s, sp->arg);
}

int
review_spikes(struct store *db, const struct config *cfg, int64_t now,
    spike_fn fn, void *arg, struct error *err)
{
	struct spikes sp;
	int64_t start;
	int i;

	memset(&sp, 0, sizeof(sp));
	sp.cfg = cfg;
	sp.windows = cfg->spike_baseline_windows;
	sp.fn = fn;
	sp.arg = arg;
	/* Windows step back on the calendar, so "5bd" windows are weeks of
	 * working days. */
	sp.s.window_start = time_sub(&cfg->calendar, now, &cfg->spike_window);
	start = sp.s.window_start;
	for (i = 0; i < sp.windows; i++)
		start = time_sub(&cfg->calendar, start, &cfg->spike_window);
	return store_category_counts(db, start, sp.s.window_start, now,
	    spike_row, &sp, err);
}
