/*
 * Fuzz target: the replay's reader of the history's JSON (an event's
 * changes, report_replay_apply()). Any bytes must be read or refused,
 * never crash, hang, read past their end or leak; a state read from
 * them must give out a complaint.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const cols[] = { "category", "root_cause",
	    "channel", "remedy" };
	struct replay_state *st = report_replay_state_new(cols, 4);
	const struct replay_complaint *c;
	/* A copy of exactly SIZE bytes: a read past them is caught. */
	char *s = malloc(size ? size : 1);

	memcpy(s, data, size);
	(void)report_replay_apply(st, s, size);
	c = report_replay_state_get(st);
	if (c->row.text[0].s != NULL &&
	    strlen(c->row.text[0].s) != c->row.text[0].len)
		abort();
	report_replay_state_release(st);
	free(s);
	return 0;
}
