/*
 * complaint resolve: the solution and the remedy given, the amount paid
 * or credited, the root cause. The follow-up call becomes owed.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "letter.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint resolve REF --resolution TEXT [--remedy KIND]\n"
    "                         [--amount N] [--justified yes|no]\n"
    "                         [--root-cause TEXT] [--send]\n";

enum {
	OPT_RESOLUTION = 256, OPT_REMEDY, OPT_AMOUNT, OPT_JUSTIFIED,
	OPT_ROOT_CAUSE, OPT_SEND,
};

static const struct option options[] = {
	{ "resolution", required_argument, NULL, OPT_RESOLUTION },
	{ "remedy", required_argument, NULL, OPT_REMEDY },
	{ "amount", required_argument, NULL, OPT_AMOUNT },
	{ "justified", required_argument, NULL, OPT_JUSTIFIED },
	{ "root-cause", required_argument, NULL, OPT_ROOT_CAUSE },
	{ "send", no_argument, NULL, OPT_SEND },
	{ NULL, 0, NULL, 0 },
};

static int cmd_resolve(int, char **, struct ctx *);

const struct command cmd_resolve_def = {
	"resolve", cmd_resolve, NEED_CONFIG | NEED_DB | WRITES,
	"record the resolution, remedy and root cause", usage, "", options,
};

static void
replace_text(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static int
cmd_resolve(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_resolve_def;
	struct complaint before, after;
	const char *resolution = NULL, *remedy = NULL, *amount = NULL;
	const char *justified = NULL, *root_cause = NULL;
	char ref[REF_MAX], due[TIME_STRLEN];
	int64_t minor = NUM_NONE;
	struct buf letter = BUF_INIT, note = BUF_INIT;
	enum letter_kind kind;
	struct outgoing o;
	int opt, rc, send = 0;

	memset(&o, 0, sizeof(o));

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_RESOLUTION: resolution = optarg; break;
		case OPT_REMEDY: remedy = optarg; break;
		case OPT_AMOUNT: amount = optarg; break;
		case OPT_JUSTIFIED: justified = optarg; break;
		case OPT_ROOT_CAUSE: root_cause = optarg; break;
		case OPT_SEND: send = 1; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (resolution == NULL)
		return cmd_usage_error(cmd, ctx, "--resolution is required");
	if ((rc = cmd_check_text(ctx, "resolution", resolution)) != 0)
		return rc;
	if (resolution[strspn(resolution, " \t\n")] == '\0')
		return error_set(&ctx->err, EX_DATAERR,
		    "the resolution is empty; describe it with "
		    "--resolution TEXT");
	if (root_cause && (rc = cmd_check_text(ctx, "root cause",
	    root_cause)) != 0)
		return rc;
	if (remedy && (rc = cmd_check_listed(ctx, "remedy", remedy,
	    &ctx->cfg.remedies)) != 0)
		return rc;
	if (amount && (rc = amount_parse(amount, &minor, &ctx->err)) != 0)
		return rc;
	if (justified && strcmp(justified, "yes") != 0 &&
	    strcmp(justified, "no") != 0)
		return error_set(&ctx->err, EX_DATAERR, "invalid justified "
		    "'%s' (expected yes or no)", justified);

	if ((rc = cmd_load_for_step(ctx, argv[optind], LC_RESOLVE, &before,
	    &after)) != 0)
		goto done;
	replace_text(&after.resolution, resolution);
	if (remedy)
		replace_text(&after.remedy, remedy);
	if (justified)
		replace_text(&after.justified, justified);
	if (root_cause)
		replace_text(&after.root_cause, root_cause);
	if (minor != NUM_NONE)
		after.amount = minor;
	lifecycle_resolve(&ctx->cfg, &after, ctx->now);
	/* Resolved by the summary deadline: the summary resolution letter
	 * (DISP 1.5), else the final response (DISP 1.6); printed, and
	 * recorded with the resolution. */
	kind = letter_for_resolution(&ctx->cfg, &after, ctx->now);
	if ((rc = letter_render(&ctx->cfg, &after, kind, ctx->actor, &letter,
	    &ctx->err)) != 0)
		goto done;
	buf_printf(&note, "%s letter sent", letter_kind_name(kind));
	if (send && (rc = cmd_send_prepare(ctx, &after,
	    letter_kind_name(kind), buf_str(&letter), &o, &note)) != 0)
		goto done;
	if ((rc = store_complaint_update(ctx->db, &before, &after, ctx->actor,
	    ctx->now, "resolve", buf_str(&note), &ctx->err)) != 0)
		goto done;
	/* Last, so a mailer that fails leaves nothing recorded. */
	if (send && (rc = cmd_send_now(ctx, after.id, &o)) != 0)
		goto done;
	term_put(&ctx->out, buf_str(&letter), letter.len, TERM_TEXT);
	if (before.resolve_due != NUM_NONE && ctx->now > before.resolve_due) {
		cmd_ref(ctx, after.id, ref, sizeof(ref));
		time_format_human(before.resolve_due, due, sizeof(due));
		buf_printf(&ctx->warnings, "complaint: %s: resolved late "
		    "(due %s)\n", ref, due);
	}
done:
	cmd_send_release(&o);
	buf_release(&letter);
	buf_release(&note);
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}
