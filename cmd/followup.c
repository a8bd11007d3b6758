/*
 * complaint followup: record a follow-up or call-back call and its
 * outcome, print the call script, or list what is owed (the cron job:
 * --due --exit-code).
 */
#include <string.h>

#include "cmd.h"
#include "followup.h"
#include "message.h"
#include "timeutil.h"

static const char usage[] =
    "usage: complaint followup REF --outcome satisfied|unsatisfied|no-answer\n"
    "                          [--note TEXT]\n"
    "       complaint followup REF --script\n"
    "       complaint followup --due [--overdue] [--owner NAME] [--exit-code]\n"
    "                          [--format table|tsv|csv|json|ndjson]\n";

enum {
	OPT_OUTCOME = 256, OPT_NOTE, OPT_SCRIPT, OPT_DUE, OPT_OVERDUE,
	OPT_OWNER, OPT_EXIT_CODE, OPT_FORMAT,
};

static const struct option options[] = {
	{ "outcome", required_argument, NULL, OPT_OUTCOME },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "script", no_argument, NULL, OPT_SCRIPT },
	{ "due", no_argument, NULL, OPT_DUE },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "exit-code", no_argument, NULL, OPT_EXIT_CODE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

static int cmd_followup(int, char **, struct ctx *);

const struct command cmd_followup_def = {
	"followup", cmd_followup, NEED_CONFIG | NEED_DB | MAY_WRITE,
	"record a follow-up call, or list the calls owed", usage, "",
	options,
};

struct followup_args {
	const char *outcome, *note, *owner, *format;
	int script, due, overdue, exit_code;
};

static const char *const due_columns[] = {
	"ref", "kind", "due", "owner", "customer", "attempts",
};
#define NDUE_COLUMNS ((int)(sizeof(due_columns) / sizeof(due_columns[0])))

struct due_state {
	struct ctx *ctx;
	struct out *out;
	int64_t rows;
};

static int
due_row(const struct owed *o, void *arg)
{
	struct due_state *s = arg;
	struct cell cells[NDUE_COLUMNS];
	char ref[REF_MAX];

	cmd_ref(s->ctx, o->id, ref, sizeof(ref));
	cells[0] = cell_text(ref);
	cells[1] = cell_text(owed_kind_name(o->kind));
	cells[2] = cell_time(o->due);
	cells[3] = cell_text(o->owner);
	cells[4] = cell_text(o->customer);
	cells[5] = o->attempts == NUM_NONE ? cell_null() :
	    cell_int(o->attempts);
	if (o->due < s->ctx->now)
		out_mark(s->out, 2); /* overdue: red on a terminal */
	out_row(s->out, cells);
	s->rows++;
	return 0;
}

/*
 * The owed calls: --due those due by the end of today (local), --overdue
 * those due before now, in main's read transaction; only reads, so it
 * writes straight to stdout.
 */
static int
list_due(struct ctx *ctx, const struct followup_args *a)
{
	const struct command *cmd = &cmd_followup_def;
	enum out_format fmt = cmd_default_format(ctx);
	struct due_state s;
	int64_t until = ctx->now;
	int rc;

	if (a->format && (rc = cmd_parse_format(cmd, ctx, a->format, 0,
	    &fmt)) != 0)
		return rc;
	if (!a->overdue && (rc = time_parse_bound("today", ctx->now,
	    &ctx->cfg.calendar, 1, &until, &ctx->err)) != 0)
		return rc;
	s.ctx = ctx;
	s.rows = 0;
	s.out = out_begin(stdout, fmt, due_columns, NDUE_COLUMNS, ctx->color,
	    cmd_terminal_width(ctx));
	cmd_table_fit(s.out);
	rc = store_owed_each(ctx->db, until, a->owner, due_row, &s,
	    &ctx->err);
	if (out_end(s.out) != 0 && rc == 0)
		rc = error_set(&ctx->err, EX_IOERR,
		    "write error on standard output");
	if (rc == 0 && a->exit_code && s.rows > 0)
		rc = EX_CONDITION;
	return rc;
}

static int
print_script(struct ctx *ctx, const char *refarg)
{
	struct complaint before, after;
	struct buf script = BUF_INIT;
	int rc;

	if ((rc = cmd_load_for_step(ctx, refarg, LC_FOLLOWUP, &before,
	    &after)) == 0)
		message_render(ctx->cfg.tpl_followup_script, &ctx->cfg,
		    &before, ctx->actor, &script);
	/* As ack's letter: lines and tabs, no other control character. */
	term_put(&ctx->out, buf_str(&script), script.len, TERM_TEXT);
	buf_release(&script);
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}

static int
record_call(struct ctx *ctx, const char *refarg, const struct followup_args *a)
{
	struct complaint before, after;
	struct buf note = BUF_INIT;
	char ref[REF_MAX];
	int outcome, rc;

	if ((outcome = followup_outcome_lookup(a->outcome)) < 0)
		return error_set(&ctx->err, EX_DATAERR, "unknown outcome '%s' "
		    "(expected satisfied, unsatisfied or no-answer)",
		    a->outcome);
	if (a->note && (rc = cmd_check_text(ctx, "note", a->note)) != 0)
		return rc;
	if ((rc = cmd_begin_write(ctx)) != 0)
		return rc;
	if ((rc = cmd_load_for_step(ctx, refarg, LC_FOLLOWUP, &before,
	    &after)) != 0)
		goto done;
	lifecycle_followup(&ctx->cfg, &after, (enum followup_outcome)outcome,
	    ctx->now);
	buf_puts(&note, a->outcome);
	if (a->note)
		buf_printf(&note, ": %s", a->note);
	if ((rc = store_complaint_update(ctx->db, &before, &after, ctx->actor,
	    ctx->now, before.status == ST_RESOLVED ? "followup" : "callback",
	    buf_str(&note), &ctx->err)) != 0)
		goto done;
	if ((rc = cmd_apply_rules(ctx, &after)) != 0)
		goto done;
	cmd_ref(ctx, after.id, ref, sizeof(ref));
	if (before.status == ST_RESOLVED && status_is_open(after.status))
		cmd_warn(ctx, "%s reopened: the customer is not satisfied; "
		    "owner %s to act", ref, after.owner);
	else if (before.status == ST_RESOLVED && outcome == FO_NO_ANSWER &&
	    after.status == ST_CLOSED)
		cmd_warn(ctx, "%s closed after %lld unanswered calls", ref,
		    (long long)after.followup_attempts);
done:
	buf_release(&note);
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}

static int
cmd_followup(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_followup_def;
	struct followup_args a;
	int opt, rc;

	memset(&a, 0, sizeof(a));
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_OUTCOME: a.outcome = optarg; break;
		case OPT_NOTE: a.note = optarg; break;
		case OPT_SCRIPT: a.script = 1; break;
		case OPT_DUE: a.due = 1; break;
		case OPT_OVERDUE: a.overdue = 1; break;
		case OPT_OWNER: a.owner = optarg; break;
		case OPT_EXIT_CODE: a.exit_code = 1; break;
		case OPT_FORMAT: a.format = optarg; break;
		default: return EX_USAGE;
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (a.due || a.overdue) {
		if (optind < argc || a.outcome || a.note || a.script)
			return cmd_usage_error(cmd, ctx, "--due and --overdue "
			    "list what is owed; they take no REF, --outcome, "
			    "--note or --script");
		if (a.owner && (rc = cmd_owner_filter(ctx, a.owner,
		    &a.owner)) != 0)
			return rc;
		return list_due(ctx, &a);
	}
	if (a.owner || a.exit_code || a.format)
		return cmd_usage_error(cmd, ctx, "--owner, --exit-code and "
		    "--format go with --due or --overdue");
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "give REF --outcome OUTCOME, "
		    "REF --script, or --due");
	if (a.script) {
		if (a.outcome || a.note)
			return cmd_usage_error(cmd, ctx, "--script prints the "
			    "call script; record the call's outcome "
			    "separately");
		return print_script(ctx, argv[optind]);
	}
	if (a.outcome == NULL)
		return cmd_usage_error(cmd, ctx, "--outcome is required "
		    "(satisfied, unsatisfied or no-answer)");
	return record_call(ctx, argv[optind], &a);
}
