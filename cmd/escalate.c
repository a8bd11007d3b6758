/*
 * complaint escalate: raise a complaint's level by hand, or apply the
 * configured rules to every open complaint (--auto, for cron); and the
 * hook that applies the rules after the commands that change a complaint.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "escalation.h"

static const char usage[] =
    "usage: complaint escalate REF --to LEVEL --reason TEXT\n"
    "       complaint escalate --auto [--dry-run]\n"
    "                          [--format table|tsv|csv|json|ndjson]\n";

enum {
	OPT_TO = 256, OPT_REASON, OPT_AUTO, OPT_DRY_RUN, OPT_FORMAT,
};

static const struct option options[] = {
	{ "to", required_argument, NULL, OPT_TO },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "auto", no_argument, NULL, OPT_AUTO },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

static int cmd_escalate(int, char **, struct ctx *);

const struct command cmd_escalate_def = {
	"escalate", cmd_escalate, NEED_CONFIG | NEED_DB | WRITES,
	"raise a complaint to a higher level, by hand or by the rules",
	usage, "", options,
};

static const char *const sweep_columns[] = { "ref", "rule", "from", "to" };

static const char *
level_name(const struct ctx *ctx, int level)
{
	const char *s = config_level_name(&ctx->cfg, level);

	return s ? s : "?";
}

static int
tell_escalation(const struct escalation *e, void *arg)
{
	struct ctx *ctx = arg;
	char ref[REF_MAX];

	cmd_ref(ctx, e->id, ref, sizeof(ref));
	cmd_warn(ctx, "%s escalated to %s by rule %s", ref,
	    level_name(ctx, e->to), e->rule);
	return 0;
}

int
cmd_apply_rules(struct ctx *ctx, struct complaint *c)
{
	return escalation_apply_rules(ctx->db, &ctx->cfg, c, ctx->actor,
	    ctx->now, tell_escalation, ctx, &ctx->err);
}

struct sweep_state {
	struct ctx *ctx;
	struct out *out;
};

static int
sweep_row(const struct escalation *e, void *arg)
{
	struct sweep_state *s = arg;
	struct cell cells[4];
	char ref[REF_MAX];

	cmd_ref(s->ctx, e->id, ref, sizeof(ref));
	cells[0] = cell_text(ref);
	cells[1] = cell_text(e->rule);
	cells[2] = cell_text(level_name(s->ctx, e->from));
	cells[3] = cell_text(level_name(s->ctx, e->to));
	out_mark(s->out, 3); /* the escalated level: coloured on a terminal */
	out_row(s->out, cells);
	return 0;
}

/* The rules over every open complaint; the listing goes to ctx->out, to
 * be printed once the transaction is settled. */
static int
sweep(struct ctx *ctx, enum out_format fmt)
{
	struct sweep_state s;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	int rc, werr;

	if ((fp = open_memstream(&text, &len)) == NULL)
		return error_set(&ctx->err, EX_SOFTWARE, "open_memstream: %s",
		    strerror(errno));
	s.ctx = ctx;
	s.out = out_begin(fp, fmt, sweep_columns, 4, ctx->color,
	    cmd_terminal_width(ctx));
	cmd_table_fit(s.out);
	rc = escalation_sweep(ctx->db, &ctx->cfg, ctx->actor, ctx->now,
	    sweep_row, &s, &ctx->err);
	werr = out_end(s.out);
	if (fclose(fp) != 0)
		werr = -1;
	if (rc == 0 && werr != 0)
		rc = error_set(&ctx->err, EX_SOFTWARE,
		    "cannot hold the listing in memory");
	if (rc == 0)
		buf_add(&ctx->out, text, len);
	free(text);
	return rc;
}

static int
escalate_by_hand(struct ctx *ctx, const char *refarg, const char *to_arg,
    const char *reason)
{
	struct complaint c;
	struct buf action = BUF_INIT;
	char ref[REF_MAX];
	int64_t id;
	size_t i;
	int rc, to;

	complaint_init(&c);
	if ((rc = cmd_check_text(ctx, "reason", reason)) != 0)
		goto done;
	/* As reopen: the history must say why, so a blank reason is none. */
	if (reason[strspn(reason, " \t\n")] == '\0') {
		rc = error_set(&ctx->err, EX_DATAERR, "the reason is empty; "
		    "say why with --reason TEXT");
		goto done;
	}
	if ((rc = cmd_parse_ref(ctx, refarg, &id)) != 0)
		goto done;
	if ((to = config_level_lookup(&ctx->cfg, to_arg)) < 0) {
		buf_puts(&action, "frontline");
		for (i = 0; i < ctx->cfg.levels.n; i++)
			buf_printf(&action, ", %s", ctx->cfg.levels.v[i]);
		rc = error_set(&ctx->err, EX_DATAERR, "unknown level '%s' "
		    "(expected one of: %s; or a number 0 to %zu)", to_arg,
		    buf_str(&action), ctx->cfg.levels.n);
		goto done;
	}
	complaint_release(&c);
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id, &c,
	    &ctx->err)) != 0)
		goto done;
	cmd_ref(ctx, id, ref, sizeof(ref));
	/* A void or merged complaint takes no step (the rest of the
	 * escalation's own rules are escalation_raise()'s). */
	if ((rc = lifecycle_allowed(&c, LC_AMEND, ref, &ctx->err)) != 0)
		goto done;
	/* Above the first level is for the managers, when roles are set. */
	if (to > 1) {
		buf_reset(&action);
		buf_printf(&action, "escalate %s to %s", ref,
		    level_name(ctx, to));
		if ((rc = cmd_require_role(ctx, buf_str(&action))) != 0)
			goto done;
	}
	if ((rc = escalation_raise(ctx->db, &ctx->cfg, &c, to, ctx->actor,
	    ctx->now, reason, &ctx->err)) != 0)
		goto done;
	cmd_warn(ctx, "%s escalated to %s; owner %s owes a call-back", ref,
	    level_name(ctx, to), c.owner);
done:
	buf_release(&action);
	complaint_release(&c);
	return rc;
}

static int
cmd_escalate(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_escalate_def;
	enum out_format fmt = cmd_default_format(ctx);
	const char *to = NULL, *reason = NULL, *format = NULL;
	int opt, rc, autom = 0, dry_run = 0;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_TO: to = optarg; break;
		case OPT_REASON: reason = optarg; break;
		case OPT_AUTO: autom = 1; break;
		case OPT_DRY_RUN: dry_run = 1; break;
		case OPT_FORMAT: format = optarg; break;
		default: return EX_USAGE;
		}
	}
	if (autom) {
		if (optind < argc)
			return cmd_usage_error(cmd, ctx, "--auto takes no REF; "
			    "it sweeps every open complaint");
		if (to || reason)
			return cmd_usage_error(cmd, ctx, "--auto applies the "
			    "rules: --to and --reason are for one REF");
		if (format && (rc = cmd_parse_format(cmd, ctx, format, 0,
		    &fmt)) != 0)
			return rc;
		ctx->dry_run = dry_run;
		return sweep(ctx, fmt);
	}
	if (dry_run || format)
		return cmd_usage_error(cmd, ctx, "%s goes with --auto",
		    dry_run ? "--dry-run" : "--format");
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a REF, or --auto, is required");
	if (optind + 1 < argc)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (to == NULL)
		return cmd_usage_error(cmd, ctx, "--to LEVEL is required");
	if (reason == NULL)
		return cmd_usage_error(cmd, ctx, "--reason TEXT is required");
	return escalate_by_hand(ctx, argv[optind], to, reason);
}
