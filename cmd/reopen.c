/*
 * complaint reopen: a resolved or closed complaint comes back (an appeal,
 * or a customer still dissatisfied), counting a contact. With roles
 * configured, only managers may reopen.
 */
#include <string.h>

#include "cmd.h"

static const char usage[] =
    "usage: complaint reopen REF --reason TEXT\n";

enum { OPT_REASON = 256 };

static const struct option options[] = {
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 },
};

static int cmd_reopen(int, char **, struct ctx *);

const struct command cmd_reopen_def = {
	"reopen", cmd_reopen, NEED_CONFIG | NEED_DB | WRITES,
	"reopen a resolved or closed complaint (an appeal)", usage, "",
	options,
};

static int
cmd_reopen(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_reopen_def;
	struct complaint before, after;
	const char *reason = NULL;
	char ref[REF_MAX], action[REF_MAX + 16];
	int opt, rc;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_REASON: reason = optarg; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (reason == NULL)
		return cmd_usage_error(cmd, ctx, "--reason is required");
	if ((rc = cmd_check_text(ctx, "reason", reason)) != 0)
		return rc;
	if (reason[strspn(reason, " \t\n")] == '\0')
		return error_set(&ctx->err, EX_DATAERR, "the reason is empty; "
		    "say why with --reason TEXT");

	if ((rc = cmd_load_for_step(ctx, argv[optind], LC_NOTE, &before,
	    &after)) != 0)
		goto done;
	cmd_ref(ctx, before.id, ref, sizeof(ref));
	snprintf(action, sizeof(action), "reopen %s", ref);
	if ((rc = cmd_require_role(ctx, action)) != 0)
		goto done;
	if ((rc = lifecycle_allowed(&before, LC_REOPEN, ref, &ctx->err)) != 0)
		goto done;
	lifecycle_reopen(&after);
	rc = store_complaint_update(ctx->db, &before, &after, ctx->actor, ctx->now,
	    "reopen", reason, &ctx->err);
	if (rc == 0)
		rc = cmd_apply_rules(ctx, &after);
done:
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}
