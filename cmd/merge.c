/*
 * complaint merge: a complaint found to repeat another is merged into
 * it. Its contacts and owed call-back move to the target; it closes as a
 * duplicate with merged_into set and counts once, as the target.
 */
#include <string.h>

#include "cmd.h"

static const char usage[] =
    "usage: complaint merge REF --into TARGET --reason TEXT\n";

enum { OPT_INTO = 256, OPT_REASON };

static const struct option options[] = {
	{ "into", required_argument, NULL, OPT_INTO },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 },
};

static int cmd_merge(int, char **, struct ctx *);

const struct command cmd_merge_def = {
	"merge", cmd_merge, NEED_CONFIG | NEED_DB | WRITES,
	"merge a duplicate complaint into another", usage, "", options,
};

static int
cmd_merge(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_merge_def;
	struct complaint before, after, tbefore, tafter;
	const char *into = NULL, *reason = NULL;
	struct buf note = BUF_INIT;
	char ref[REF_MAX], tref[REF_MAX];
	int64_t tid;
	int opt, rc;

	complaint_init(&tbefore);
	complaint_init(&tafter);
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_INTO: into = optarg; break;
		case OPT_REASON: reason = optarg; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (into == NULL)
		return cmd_usage_error(cmd, ctx, "--into TARGET is required");
	if ((rc = cmd_check_reason(cmd, ctx, reason)) != 0)
		return rc;
	if ((rc = cmd_load_for_step(ctx, argv[optind], LC_MERGE, &before,
	    &after)) != 0)
		goto done;
	cmd_ref(ctx, before.id, ref, sizeof(ref));
	if ((rc = cmd_parse_ref(ctx, into, &tid)) != 0)
		goto done;
	if (tid == before.id) {
		rc = error_set(&ctx->err, EX_DATAERR, "%s cannot be merged "
		    "into itself; name the complaint it repeats with --into",
		    ref);
		goto done;
	}
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, tid,
	    &tbefore, &ctx->err)) != 0)
		goto done;
	cmd_ref(ctx, tid, tref, sizeof(tref));
	if ((rc = lifecycle_allowed(&tbefore, LC_ASSIGN, tref,
	    &ctx->err)) != 0) {
		error_set(&ctx->err, EX_DATAERR, "cannot merge into %s: %s "
		    "(merge into a complaint that is not closed)", tref,
		    tbefore.voided_at != NUM_NONE ? "it is void" :
		    tbefore.merged_into != NUM_NONE ? "it was merged itself" :
		    "it is closed");
		goto done;
	}
	complaint_copy(&tafter, &tbefore);
	lifecycle_merge(&after, &tafter, ctx->now);
	if ((rc = store_complaint_update(ctx->db, &before, &after, ctx->actor,
	    ctx->now, "merge", reason, &ctx->err)) != 0)
		goto done;
	buf_printf(&note, "%s merged in: %s", ref, reason);
	rc = store_complaint_update(ctx->db, &tbefore, &tafter, ctx->actor,
	    ctx->now, "merge-in", buf_str(&note), &ctx->err);
done:
	buf_release(&note);
	complaint_release(&before);
	complaint_release(&after);
	complaint_release(&tbefore);
	complaint_release(&tafter);
	return rc;
}
