/*
 * complaint reopen: a resolved or closed complaint comes back (an appeal,
 * or a customer still dissatisfied), counting a contact. With --mistake
 * it undoes a resolution recorded in error instead: no contact, the
 * resolution leaves the current state, the calls owed before it are
 * owed again. With roles configured, only managers may reopen.
 */
#include <string.h>

#include "cmd.h"
#include "timeutil.h"

static const char usage[] =
    "usage: complaint reopen REF [--mistake] --reason TEXT\n";

enum { OPT_REASON = 256, OPT_MISTAKE };

static const struct option options[] = {
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "mistake", no_argument, NULL, OPT_MISTAKE },
	{ NULL, 0, NULL, 0 },
};

static int cmd_reopen(int, char **, struct ctx *);

const struct command cmd_reopen_def = {
	"reopen", cmd_reopen, NEED_CONFIG | NEED_DB | WRITES,
	"reopen a resolved or closed complaint (an appeal)", usage, "",
	options,
};

/* What was owed just before the last resolution: the values before of
 * its event (NUM_NONE when it changed nothing there). */
struct owed_before {
	struct ctx *ctx;
	int64_t callback_due, followup_due;
};

static int
owed_change(const char *field, const char *before, const char *after,
    void *arg)
{
	struct owed_before *o = arg;
	int64_t *slot = NULL, t;

	(void)after;
	if (strcmp(field, "callback_due") == 0)
		slot = &o->callback_due;
	else if (strcmp(field, "followup_due") == 0)
		slot = &o->followup_due;
	if (slot == NULL)
		return 0;
	if (before == NULL)
		*slot = NUM_NONE;
	else if (time_parse_rfc3339(before, &t) == 0)
		*slot = t;
	return 0;
}

static int
owed_event(const struct event *ev, void *arg)
{
	struct owed_before *o = arg;

	if (strcmp(ev->action, "resolve") != 0 || ev->changes == NULL)
		return 0;
	o->callback_due = NUM_NONE;
	o->followup_due = NUM_NONE;
	return store_changes_each(o->ctx->db, ev->changes, owed_change, o,
	    &o->ctx->err);
}

static int
cmd_reopen(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_reopen_def;
	struct complaint before, after;
	const char *arg, *reason;
	char ref[REF_MAX], action[REF_MAX + 16];
	struct owed_before owed;
	int rc, mistake;

	if ((rc = cmd_ref_reason_flag(cmd, ctx, argc, argv, OPT_REASON,
	    OPT_MISTAKE, &arg, &reason, &mistake)) != 0)
		return rc;
	if ((rc = cmd_load_for_step(ctx, arg, LC_NOTE, &before,
	    &after)) != 0)
		goto done;
	cmd_ref(ctx, before.id, ref, sizeof(ref));
	snprintf(action, sizeof(action), "reopen %s", ref);
	if ((rc = cmd_require_role(ctx, action)) != 0)
		goto done;
	if ((rc = lifecycle_allowed(&before, mistake ? LC_MISTAKE : LC_REOPEN,
	    ref, &ctx->err)) != 0)
		goto done;
	if (mistake) {
		owed.ctx = ctx;
		owed.callback_due = NUM_NONE;
		owed.followup_due = NUM_NONE;
		if ((rc = store_event_each(ctx->db, before.id, owed_event,
		    &owed, &ctx->err)) != 0)
			goto done;
		lifecycle_reopen_mistake(&after, owed.callback_due,
		    owed.followup_due);
	} else {
		lifecycle_reopen(&after);
	}
	rc = store_complaint_update(ctx->db, &before, &after, ctx->actor, ctx->now,
	    mistake ? "reopen-mistake" : "reopen", reason, &ctx->err);
	if (rc == 0)
		rc = cmd_apply_rules(ctx, &after);
done:
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}
