/*
 * complaint void: a complaint logged by mistake is voided, kept with its
 * history and counted nowhere; --undo restores it (SPEC 4).
 */
#include "cmd.h"

static const char usage[] =
    "usage: complaint void REF [--undo] --reason TEXT\n";

enum { OPT_REASON = 256, OPT_UNDO };

static const struct option options[] = {
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "undo", no_argument, NULL, OPT_UNDO },
	{ NULL, 0, NULL, 0 },
};

static int cmd_void(int, char **, struct ctx *);

const struct command cmd_void_def = {
	"void", cmd_void, NEED_CONFIG | NEED_DB | WRITES,
	"void a complaint logged by mistake, or restore it", usage, "",
	options,
};

static int
cmd_void(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_void_def;
	struct complaint before, after;
	const char *ref, *reason;
	int rc, undo;

	if ((rc = cmd_ref_reason_flag(cmd, ctx, argc, argv, OPT_REASON,
	    OPT_UNDO, &ref, &reason, &undo)) != 0)
		return rc;
	if ((rc = cmd_load_for_step(ctx, ref, undo ? LC_UNVOID : LC_VOID,
	    &before, &after)) != 0)
		goto done;
	lifecycle_void(&after, undo ? NUM_NONE : ctx->now);
	rc = store_complaint_update(ctx->db, &before, &after, ctx->actor,
	    ctx->now, undo ? "unvoid" : "void", reason, &ctx->err);
done:
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}
