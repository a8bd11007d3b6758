/*
 * complaint ack: record the acknowledgement of a complaint, in time or
 * late against its deadline, and print the acknowledgement text from the
 * configured template, ready to pipe to a mailer.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "message.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint ack REF [--via CH] [--eta TIME] [--send]\n";

enum { OPT_VIA = 256, OPT_ETA, OPT_SEND };

static const struct option options[] = {
	{ "via", required_argument, NULL, OPT_VIA },
	{ "eta", required_argument, NULL, OPT_ETA },
	{ "send", no_argument, NULL, OPT_SEND },
	{ NULL, 0, NULL, 0 },
};

static int cmd_ack(int, char **, struct ctx *);

const struct command cmd_ack_def = {
	"ack", cmd_ack, NEED_CONFIG | NEED_DB | WRITES,
	"acknowledge a complaint and print the acknowledgement", usage, "",
	options,
};

static int
cmd_ack(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_ack_def;
	struct complaint before, after;
	const char *via = NULL, *eta = NULL;
	char ref[REF_MAX], due[TIME_STRLEN];
	int64_t eta_at = NUM_NONE;
	struct buf letter = BUF_INIT, note = BUF_INIT;
	struct outgoing o;
	int opt, rc, late, send = 0;

	memset(&o, 0, sizeof(o));

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_VIA: via = optarg; break;
		case OPT_ETA: eta = optarg; break;
		case OPT_SEND: send = 1; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (via && (rc = cmd_check_listed(ctx, "channel", via,
	    &ctx->cfg.channels)) != 0)
		return rc;
	if (eta) {
		if ((rc = time_parse(eta, ctx->now, &eta_at, &ctx->err)) != 0)
			return rc;
		if (eta_at < ctx->now)
			return error_set(&ctx->err, EX_DATAERR, "estimated "
			    "resolution time '%s' is in the past (expected a "
			    "time after now)", eta);
	}
	if ((rc = cmd_load_for_step(ctx, argv[optind], LC_ACK, &before,
	    &after)) != 0)
		goto done;
	if (eta)
		after.eta = eta_at;
	if (via) {
		free(after.ack_via);
		after.ack_via = xstrdup(via);
	}
	lifecycle_ack(&after, ctx->now);
	late = before.ack_due != NUM_NONE && ctx->now > before.ack_due;
	/* The letter keeps its lines and tabs, never another control
	 * character of the stored text (a terminal or a mailer reads it). */
	message_render(ctx->cfg.tpl_acknowledgement, &ctx->cfg, &after,
	    ctx->actor, &letter);
	buf_puts(&note, late ? "acknowledged late" : "acknowledged in time");
	if (send) {
		buf_puts(&note, "; acknowledgement letter sent");
		if ((rc = cmd_send_prepare(ctx, &after, "acknowledgement",
		    buf_str(&letter), &o, &note)) != 0)
			goto done;
	}
	if ((rc = store_complaint_update(ctx->db, &before, &after, ctx->actor,
	    ctx->now, "ack", buf_str(&note), &ctx->err)) != 0)
		goto done;
	/* Last, so a mailer that fails leaves nothing recorded. */
	if (send && (rc = cmd_send_now(ctx, after.id, &o)) != 0)
		goto done;
	if (late) {
		cmd_ref(ctx, after.id, ref, sizeof(ref));
		time_format_human(before.ack_due, due, sizeof(due));
		buf_printf(&ctx->warnings, "complaint: %s: acknowledged late "
		    "(due %s)\n", ref, due);
	}
	term_put(&ctx->out, buf_str(&letter), letter.len, TERM_TEXT);
done:
	cmd_send_release(&o);
	buf_release(&note);
	buf_release(&letter);
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}
