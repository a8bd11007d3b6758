/*
 * complaint review: review a resolved or closed complaint (root cause,
 * lessons, improvement ideas), and the lists for the management meeting:
 * complaints still to review, the ideas and their status, and the
 * categories whose recent volume calls for a special review.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cmd.h"
#include "review.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint review REF [--root-cause TEXT] [--lessons TEXT]\n"
    "                        [--idea TEXT ...]\n"
    "       complaint review --pending [--format FMT]\n"
    "       complaint review --ideas [--since TIME] [--format FMT]\n"
    "       complaint review --idea-status ID STATUS\n"
    "       complaint review --spikes [--format FMT]\n";

enum {
	OPT_ROOT_CAUSE = 256, OPT_LESSONS, OPT_IDEA, OPT_PENDING, OPT_IDEAS,
	OPT_SINCE, OPT_IDEA_STATUS, OPT_SPIKES, OPT_FORMAT,
};

static const struct option options[] = {
	{ "root-cause", required_argument, NULL, OPT_ROOT_CAUSE },
	{ "lessons", required_argument, NULL, OPT_LESSONS },
	{ "idea", required_argument, NULL, OPT_IDEA },
	{ "pending", no_argument, NULL, OPT_PENDING },
	{ "ideas", no_argument, NULL, OPT_IDEAS },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "idea-status", required_argument, NULL, OPT_IDEA_STATUS },
	{ "spikes", no_argument, NULL, OPT_SPIKES },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

static int cmd_review(int, char **, struct ctx *);

const struct command cmd_review_def = {
	"review", cmd_review, NEED_CONFIG | NEED_DB,
	"review resolved complaints; ideas and spikes", usage, "", options,
};

#define MAX_IDEAS 32

struct review_args {
	const char *root_cause, *lessons, *since, *idea_status, *format;
	const char *ideas[MAX_IDEAS];
	int nideas, pending, list_ideas, spikes;
};

/* The listings only read, in main's read transaction, so they write
 * straight to stdout. */
struct listing {
	struct ctx *ctx;
	struct out *out;
};

static int
begin_listing(struct ctx *ctx, const struct review_args *a,
    const char *const *cols, int ncols, struct listing *l)
{
	enum out_format fmt = cmd_default_format(ctx);
	int rc;

	if (a->format && (rc = cmd_parse_format(&cmd_review_def, ctx,
	    a->format, 0, &fmt)) != 0)
		return rc;
	l->ctx = ctx;
	l->out = out_begin(stdout, fmt, cols, ncols, ctx->color,
	    cmd_terminal_width(ctx));
	cmd_table_fit(l->out);
	return 0;
}

static int
end_listing(struct listing *l, int rc)
{
	if (out_end(l->out) != 0 && rc == 0)
		rc = error_set(&l->ctx->err, EX_IOERR,
		    "write error on standard output");
	return rc;
}

static int
pending_row(const struct pending_review *p, void *arg)
{
	struct listing *l = arg;
	struct cell cells[5];
	char ref[REF_MAX];

	cmd_ref(l->ctx, p->id, ref, sizeof(ref));
	cells[0] = cell_text(ref);
	cells[1] = cell_time(p->resolved_at);
	cells[2] = cell_text(p->owner);
	cells[3] = cell_text(p->category);
	cells[4] = cell_text(p->root_cause);
	out_row(l->out, cells);
	return 0;
}

static int
list_pending(struct ctx *ctx, const struct review_args *a)
{
	static const char *const cols[] = {
		"ref", "resolved_at", "owner", "category", "root_cause",
	};
	struct listing l;
	int rc;

	if ((rc = begin_listing(ctx, a, cols, 5, &l)) != 0)
		return rc;
	return end_listing(&l, store_pending_review_each(ctx->db, pending_row, &l,
	    &ctx->err));
}

static int
idea_row(const struct idea *i, void *arg)
{
	struct listing *l = arg;
	struct cell cells[7];
	char ref[REF_MAX];

	cells[0] = cell_int(i->id);
	if (i->complaint_id == NUM_NONE) {
		cells[1] = cell_null();
	} else {
		cmd_ref(l->ctx, i->complaint_id, ref, sizeof(ref));
		cells[1] = cell_text(ref);
	}
	cells[2] = cell_text(i->idea);
	cells[3] = cell_text(i->status);
	cells[4] = cell_time(i->proposed_at);
	cells[5] = cell_text(i->proposed_by);
	cells[6] = cell_time(i->decided_at);
	out_row(l->out, cells);
	return 0;
}

static int
list_ideas(struct ctx *ctx, const struct review_args *a)
{
	static const char *const cols[] = {
		"id", "ref", "idea", "status", "proposed_at", "proposed_by",
		"decided_at",
	};
	struct listing l;
	int64_t since = TIME_NONE;
	int rc;

	if (a->since && (rc = time_parse_bound(a->since, ctx->now,
	    &ctx->cfg.calendar, 0, &since, &ctx->err)) != 0)
		return rc;
	if ((rc = begin_listing(ctx, a, cols, 7, &l)) != 0)
		return rc;
	return end_listing(&l, store_idea_each(ctx->db, since, idea_row, &l,
	    &ctx->err));
}

static int
spike_row(const struct spike *s, void *arg)
{
	struct listing *l = arg;
	struct cell cells[5];
	char baseline[32], ratio[32];

	snprintf(baseline, sizeof(baseline), "%.2f", s->baseline);
	if (s->baseline > 0)
		snprintf(ratio, sizeof(ratio), "%.2f",
		    (double)s->recent / s->baseline);
	cells[0] = cell_text(s->category);
	cells[1] = cell_int(s->recent);
	cells[2] = cell_number(baseline);
	cells[3] = s->baseline > 0 ? cell_number(ratio) : cell_null();
	cells[4] = cell_time(s->window_start);
	out_row(l->out, cells);
	return 0;
}

static int
list_spikes(struct ctx *ctx, const struct review_args *a)
{
	static const char *const cols[] = {
		"category", "recent", "baseline", "ratio", "since",
	};
	struct listing l;
	int rc;

	if ((rc = begin_listing(ctx, a, cols, 5, &l)) != 0)
		return rc;
	return end_listing(&l, review_spikes(ctx->db, &ctx->cfg, ctx->now,
	    spike_row, &l, &ctx->err));
}

/* --idea-status ID STATUS: the meeting's decision, also recorded in the
 * history of the idea's complaint. */
static int
set_idea_status(struct ctx *ctx, const char *idarg, const char *status)
{
	struct complaint c;
	char old[16], note[96], detail[64], *end;
	int64_t id, complaint_id;
	long long n;
	int rc;

	n = strtoll(idarg, &end, 10);
	if (*idarg == '\0' || *end != '\0' || n < 1)
		return error_set(&ctx->err, EX_DATAERR, "invalid idea id '%s' "
		    "(expected the number shown by 'complaint review --ideas')",
		    idarg);
	id = n;
	if (!idea_status_valid(status))
		return error_set(&ctx->err, EX_DATAERR, "unknown idea status "
		    "'%s' (expected proposed, agreed, rejected or done)",
		    status);
	if ((rc = cmd_require_role(ctx, "decide on ideas")) != 0)
		return rc;
	if ((rc = cmd_begin_write(ctx)) != 0)
		return rc;
	if ((rc = store_idea_set_status(ctx->db, id, status, ctx->now,
	    &complaint_id, old, &ctx->err)) != 0)
		return rc;
	if (complaint_id == NUM_NONE)
		return 0;
	snprintf(note, sizeof(note), "idea %lld: %s -> %s", (long long)id, old,
	    status);
	snprintf(detail, sizeof(detail), "idea-status %lld %s", (long long)id,
	    status);
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix,
	    complaint_id, &c, &ctx->err)) == 0)
		rc = store_complaint_update_detail(ctx->db, &c, &c, ctx->actor,
		    ctx->now, "idea", note, detail, &ctx->err);
	complaint_release(&c);
	return rc;
}

static void
replace_text(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static int
review_one(struct ctx *ctx, const char *refarg, const struct review_args *a)
{
	struct complaint before, after;
	struct buf note = BUF_INIT, ids = BUF_INIT, detail = BUF_INIT;
	char ref[REF_MAX], action[REF_MAX + 16], hex[SHA256_HEXLEN];
	int64_t idea_id;
	int i, rc;

	if (a->root_cause && (rc = cmd_check_text(ctx, "root cause",
	    a->root_cause)) != 0)
		return rc;
	if (a->lessons && (rc = cmd_check_text(ctx, "lessons",
	    a->lessons)) != 0)
		return rc;
	for (i = 0; i < a->nideas; i++) {
		if ((rc = cmd_check_text(ctx, "idea", a->ideas[i])) != 0)
			return rc;
		if (a->ideas[i][strspn(a->ideas[i], " \t\n")] == '\0')
			return error_set(&ctx->err, EX_DATAERR,
			    "the idea is empty; describe it with --idea "
			    "TEXT");
	}
	if ((rc = cmd_begin_write(ctx)) != 0)
		return rc;
	if ((rc = cmd_load_for_step(ctx, refarg, LC_NOTE, &before,
	    &after)) != 0)
		goto done;
	cmd_ref(ctx, before.id, ref, sizeof(ref));
	snprintf(action, sizeof(action), "review %s", ref);
	if ((rc = cmd_require_role(ctx, action)) != 0)
		goto done;
	if ((rc = lifecycle_allowed(&before, LC_REVIEW, ref, &ctx->err)) != 0)
		goto done;
	if (a->root_cause)
		replace_text(&after.root_cause, a->root_cause);
	if (a->lessons)
		replace_text(&after.lessons, a->lessons);
	lifecycle_review(&after, ctx->now);
	for (i = 0; i < a->nideas; i++) {
		if ((rc = store_idea_add(ctx->db, before.id, a->ideas[i],
		    ctx->actor, ctx->now, &idea_id, &ctx->err)) != 0)
			goto done;
		buf_printf(&note, "%sidea %lld: %s", i ? "\n" : "",
		    (long long)idea_id, a->ideas[i]);
		buf_printf(&ids, "%lld\n", (long long)idea_id);
		chain_text_digest(a->ideas[i], hex);
		buf_printf(&detail, "%sidea %lld %s", i ? "\n" : "",
		    (long long)idea_id, hex);
	}
	if ((rc = store_complaint_update_detail(ctx->db, &before, &after,
	    ctx->actor, ctx->now, "review", a->nideas ? buf_str(&note) : NULL,
	    a->nideas ? buf_str(&detail) : NULL, &ctx->err)) != 0)
		goto done;
	buf_puts(&ctx->out, buf_str(&ids));
done:
	buf_release(&note);
	buf_release(&ids);
	buf_release(&detail);
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}

static int
cmd_review(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_review_def;
	struct review_args a;
	int opt, modes, nargs;

	memset(&a, 0, sizeof(a));
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_ROOT_CAUSE: a.root_cause = optarg; break;
		case OPT_LESSONS: a.lessons = optarg; break;
		case OPT_IDEA:
			if (a.nideas == MAX_IDEAS)
				return cmd_usage_error(cmd, ctx, "at most %d "
				    "ideas at a time", MAX_IDEAS);
			a.ideas[a.nideas++] = optarg;
			break;
		case OPT_PENDING: a.pending = 1; break;
		case OPT_IDEAS: a.list_ideas = 1; break;
		case OPT_SINCE: a.since = optarg; break;
		case OPT_IDEA_STATUS: a.idea_status = optarg; break;
		case OPT_SPIKES: a.spikes = 1; break;
		case OPT_FORMAT: a.format = optarg; break;
		default: return EX_USAGE;
		}
	}
	nargs = argc - optind;
	modes = a.pending + a.list_ideas + a.spikes + !!a.idea_status;
	if (modes > 1)
		return cmd_usage_error(cmd, ctx, "give one of --pending, "
		    "--ideas, --idea-status and --spikes");
	if (modes == 1 && (a.root_cause || a.lessons || a.nideas))
		return cmd_usage_error(cmd, ctx, "--root-cause, --lessons and "
		    "--idea go with a REF to review");
	if (a.since && !a.list_ideas)
		return cmd_usage_error(cmd, ctx, "--since goes with --ideas");
	if (a.format && (modes == 0 || a.idea_status))
		return cmd_usage_error(cmd, ctx, "--format goes with "
		    "--pending, --ideas or --spikes");
	if (a.idea_status) {
		if (nargs != 1)
			return cmd_usage_error(cmd, ctx, "--idea-status takes "
			    "an idea id and a status (proposed, agreed, "
			    "rejected or done)");
		return set_idea_status(ctx, a.idea_status, argv[optind]);
	}
	if (modes == 1 && nargs > 0)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind]);
	if (a.pending)
		return list_pending(ctx, &a);
	if (a.list_ideas)
		return list_ideas(ctx, &a);
	if (a.spikes)
		return list_spikes(ctx, &a);
	if (nargs == 0)
		return cmd_usage_error(cmd, ctx, "give a REF to review, or "
		    "--pending, --ideas or --spikes");
	if (nargs > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	return review_one(ctx, argv[optind], &a);
}
