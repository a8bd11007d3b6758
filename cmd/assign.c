/*
 * complaint assign: hand a complaint over to another owner, or every
 * complaint of one owner that is not closed (holidays, leavers). Owed
 * call-backs and follow-ups are the complaint's, so they move with it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "name.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint assign REF --to NAME [--reason TEXT]\n"
    "       complaint assign --from NAME --to NAME [--reason TEXT]\n"
    "                        [--format table|tsv|csv|json|ndjson]\n";

enum { OPT_TO = 256, OPT_FROM, OPT_REASON, OPT_FORMAT };

static const struct option options[] = {
	{ "to", required_argument, NULL, OPT_TO },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

static int cmd_assign(int, char **, struct ctx *);

const struct command cmd_assign_def = {
	"assign", cmd_assign, NEED_CONFIG | NEED_DB | WRITES,
	"hand complaints over to another owner", usage, "", options,
};

static const char *const assign_columns[] = { "ref", "from", "to" };

/* Hand complaint ID over to TO; *MOVED is 0 when it was TO's already. */
static int
assign_one(struct ctx *ctx, int64_t id, const char *to, const char *reason,
    char **from, int *moved)
{
	struct complaint before, after;
	char ref[REF_MAX];
	char *k1 = NULL, *k2 = NULL;
	int rc;

	complaint_init(&before);
	complaint_init(&after);
	*moved = 0;
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id,
	    &before, &ctx->err)) != 0)
		goto done;
	cmd_ref(ctx, id, ref, sizeof(ref));
	if ((rc = lifecycle_allowed(&before, LC_ASSIGN, ref, &ctx->err)) != 0)
		goto done;
	k1 = name_key(before.owner);
	k2 = name_key(to);
	if (strcmp(k1, k2) == 0) {
		rc = error_set(&ctx->err, EX_DATAERR, "%s is owned by %s "
		    "already; name another owner with --to", ref,
		    before.owner);
		goto done;
	}
	complaint_release(&after);
	complaint_copy(&after, &before);
	lifecycle_assign(&after, to);
	if ((rc = store_complaint_update(ctx->db, &before, &after, ctx->actor,
	    ctx->now, "assign", reason, &ctx->err)) != 0)
		goto done;
	*from = xstrdup(before.owner);
	*moved = 1;
done:
	free(k1);
	free(k2);
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int
collect(const struct complaint *c, void *arg)
{
	struct ids *ids = arg;

	if (c->voided_at != NUM_NONE || c->merged_into != NUM_NONE)
		return 0;
	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? ids->cap * 2 : 16;
		ids->v = xreallocarray(ids->v, ids->cap, sizeof(*ids->v));
	}
	ids->v[ids->n++] = c->id;
	return 0;
}

static int
assign_from(struct ctx *ctx, const char *from, const char *to,
    const char *reason, enum out_format fmt)
{
	struct complaint_filter f;
	struct ids ids = { NULL, 0, 0 };
	struct out *o;
	struct cell cells[3];
	char ref[REF_MAX], *text = NULL, *was = NULL;
	size_t len = 0, i;
	FILE *fp;
	int rc, werr, moved;

	complaint_filter_init(&f);
	f.owner = from;
	f.statuses = CMD_OPEN_STATUSES | (1u << ST_RESOLVED);
	f.by_id = 1;
	if ((rc = store_complaint_each(ctx->db, &f, collect, &ids,
	    &ctx->err)) != 0)
		goto done;
	if ((fp = open_memstream(&text, &len)) == NULL) {
		rc = error_set(&ctx->err, EX_SOFTWARE, "open_memstream: %s",
		    strerror(errno));
		goto done;
	}
	o = out_begin(fp, fmt, assign_columns, 3, ctx->color,
	    cmd_terminal_width(ctx));
	cmd_table_fit(o);
	for (i = 0; i < ids.n && rc == 0; i++) {
		rc = assign_one(ctx, ids.v[i], to, reason, &was, &moved);
		if (rc != 0 || !moved)
			continue;
		cmd_ref(ctx, ids.v[i], ref, sizeof(ref));
		cells[0] = cell_text(ref);
		cells[1] = cell_text(was);
		cells[2] = cell_text(to);
		out_row(o, cells);
		free(was);
		was = NULL;
	}
	werr = out_end(o);
	if (fclose(fp) != 0)
		werr = -1;
	if (rc == 0 && werr != 0)
		rc = error_set(&ctx->err, EX_SOFTWARE,
		    "cannot hold the listing in memory");
	if (rc == 0)
		buf_add(&ctx->out, text, len);
	if (rc == 0 && ids.n == 0)
		buf_printf(&ctx->warnings, "complaint: warning: %s owns no "
		    "complaint that is not closed; nothing handed over\n",
		    from);
done:
	free(text);
	free(ids.v);
	return rc;
}

static int
cmd_assign(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_assign_def;
	enum out_format fmt = cmd_default_format(ctx);
	const char *to = NULL, *from = NULL, *reason = NULL, *format = NULL;
	char *to_name = NULL, *was = NULL;
	int64_t id;
	int opt, rc, moved;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_TO: to = optarg; break;
		case OPT_FROM: from = optarg; break;
		case OPT_REASON: reason = optarg; break;
		case OPT_FORMAT: format = optarg; break;
		default: return EX_USAGE;
		}
	}
	if (to == NULL)
		return cmd_usage_error(cmd, ctx, "--to NAME is required");
	if (from != NULL && optind < argc)
		return cmd_usage_error(cmd, ctx, "give a REF or --from NAME, "
		    "not both");
	if (from == NULL && optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference, or --from "
		    "NAME, is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (format && from == NULL)
		return cmd_usage_error(cmd, ctx, "--format goes with --from");
	if (format && (rc = cmd_parse_format(cmd, ctx, format, 0, &fmt)) != 0)
		return rc;
	if ((rc = name_check(to, "--to", &ctx->err)) != 0)
		return rc;
	if (from && (rc = name_check(from, "--from", &ctx->err)) != 0)
		return rc;
	if (reason && (rc = cmd_check_text(ctx, "reason", reason)) != 0)
		return rc;
	to_name = name_tidy(strcmp(to, "me") == 0 ? ctx->actor : to);
	if (from) {
		if (strcmp(from, "me") == 0)
			from = ctx->actor;
		rc = assign_from(ctx, from, to_name, reason, fmt);
	} else if ((rc = cmd_parse_ref(ctx, argv[optind], &id)) == 0) {
		rc = assign_one(ctx, id, to_name, reason, &was, &moved);
		free(was);
	}
	free(to_name);
	return rc;
}
