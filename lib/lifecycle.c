/* The lifecycle of SPEC 4; see lifecycle.h. */
#include "lifecycle.h"
#include "timeutil.h"

void
lifecycle_owe_callback(const struct config *cfg, struct complaint *c,
    int64_t now)
{
	int64_t due = time_add(&cfg->calendar, now, &cfg->callback_deadline);

	if (c->callback_due == NUM_NONE || due < c->callback_due)
		c->callback_due = due;
}
