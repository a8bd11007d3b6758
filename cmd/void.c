/*
 * complaint void: a complaint logged by mistake is voided, kept with its
 * history and counted nowhere; --undo restores it (SPEC 4).
 */
#include <string.h>

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

int
cmd_check_reason(const struct command *cmd, struct ctx *ctx,
    const char *reason)
{
	int rc;

	if (reason == NULL)
		return cmd_usage_error(cmd, ctx, "--reason is required");
	if ((rc = cmd_check_text(ctx, "reason", reason)) != 0)
		return rc;
	if (reason[strspn(reason, " \t\n")] == '\0')
		return error_set(&ctx->err, EX_DATAERR, "the reason is empty; "
		    "say why with --reason TEXT");
	return 0;
}

static int
cmd_void(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_void_def;
	struct complaint before, after;
	const char *reason = NULL;
	int opt, rc, undo = 0;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_REASON: reason = optarg; break;
		case OPT_UNDO: undo = 1; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if ((rc = cmd_check_reason(cmd, ctx, reason)) != 0)
		return rc;
	if ((rc = cmd_load_for_step(ctx, argv[optind],
	    undo ? LC_UNVOID : LC_VOID, &before, &after)) != 0)
		goto done;
	lifecycle_void(&after, undo ? NUM_NONE : ctx->now);
	rc = store_complaint_update(ctx->db, &before, &after, ctx->actor,
	    ctx->now, undo ? "unvoid" : "void", reason, &ctx->err);
done:
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}
