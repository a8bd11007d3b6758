/*
 * complaint list: complaints matching filters, oldest first, in any
 * output format. Rows stream: a million complaints do not need a million
 * complaints of memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const char usage[] =
    "usage: complaint list [--status S[,S...]] [--open] [--owner NAME]\n"
    "                      [--category C] [--channel CH] [--severity S]\n"
    "                      [--level L] [--department D] [--customer C]\n"
    "                      [--overdue [--exit-code]] [--since TIME]\n"
    "                      [--until TIME]\n"
    "                      [--limit N] [--reverse] [--voided | --all]\n"
    "                      [--format table|tsv|csv|json|ndjson]\n";

enum { OPT_REVERSE = 256, OPT_FORMAT, OPT_EXIT_CODE };

static const struct option options[] = {
	CMD_FILTER_OPTIONS,
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "voided", no_argument, NULL, OPT_FILTER_VOIDED },
	{ "all", no_argument, NULL, OPT_FILTER_ALL },
	{ "exit-code", no_argument, NULL, OPT_EXIT_CODE },
	{ NULL, 0, NULL, 0 },
};

static int cmd_list(int, char **, struct ctx *);

const struct command cmd_list_def = {
	"list", cmd_list, NEED_CONFIG | NEED_DB,
	"list complaints matching filters", usage, "", options,
};

static const char *const list_columns[] = {
	"ref", "status", "received_at", "channel", "customer", "owner",
	"category", "severity", "level", "summary",
};

struct list_state {
	struct ctx *ctx;
	struct out *out;
	struct cmd_columns cols;
	int64_t rows;
	int level_col; /* where "level" is, or -1 */
};

static int
list_row(const struct complaint *c, void *arg)
{
	struct list_state *s = arg;
	struct cell cells[CMD_COLUMNS_MAX];
	char tmp[CMD_COLUMNS_MAX][CELL_TMP_LEN];

	cmd_complaint_cells(s->ctx, c, &s->cols, cells, tmp);
	if (s->level_col >= 0 && c->level > 0)
		out_mark(s->out, s->level_col); /* escalated */
	out_row(s->out, cells);
	s->rows++;
	return 0;
}

static int
cmd_list(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_list_def;
	struct cmd_filter cf;
	struct complaint_filter *f = &cf.f;
	enum out_format fmt = cmd_default_format(ctx);
	struct list_state s;
	int opt, rc, n, exit_code = 0;

	cmd_filter_init(&cf);
	f->voided = VOIDED_HIDE;
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		if ((rc = cmd_filter_option(cmd, ctx, opt, optarg, &cf)) >= 0) {
			if (rc != 0)
				return rc;
			continue;
		}
		switch (opt) {
		case OPT_REVERSE: f->reverse = 1; break;
		case OPT_EXIT_CODE: exit_code = 1; break;
		case OPT_FORMAT:
			if ((rc = cmd_parse_format(cmd, ctx, optarg, 0, &fmt)))
				return rc;
			break;
		default:
			return EX_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind]);
	if (exit_code && f->overdue_at == NUM_NONE)
		return cmd_usage_error(cmd, ctx, "--exit-code goes with "
		    "--overdue");
	if ((rc = cmd_filter_finish(ctx, &cf)) != 0)
		return rc;

	s.ctx = ctx;
	s.rows = 0;
	if (fmt == OUT_JSON || fmt == OUT_NDJSON) {
		const char *const *all = cmd_complaint_all_columns(&n);

		cmd_columns_init(&s.cols, all, n);
	} else {
		n = (int)(sizeof(list_columns) / sizeof(list_columns[0]));
		cmd_columns_init(&s.cols, list_columns, n);
		f->fields = complaint_field_mask(list_columns, (size_t)n);
	}
	s.out = out_begin(stdout, fmt, s.cols.names, s.cols.n, ctx->color,
	    cmd_terminal_width(ctx));
	cmd_table_fit(s.out);
	for (s.level_col = s.cols.n - 1; s.level_col >= 0; s.level_col--)
		if (strcmp(s.cols.names[s.level_col], "level") == 0)
			break;
	rc = store_complaint_each(ctx->db, f, list_row, &s, &ctx->err);
	if (out_end(s.out) != 0 && rc == 0)
		rc = error_set(&ctx->err, EX_IOERR,
		    "write error on standard output");
	/* For cron: 1 when overdue complaints were listed. */
	if (rc == 0 && exit_code && s.rows > 0)
		rc = EX_CONDITION;
	return rc;
}
