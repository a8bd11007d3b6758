/*
 * complaint search: full-text search over what complaints say (summary,
 * details, notes, resolution, root cause, lessons, attachment names),
 * best matches first, with list's filters and formats.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "search.h"

static const char usage[] =
    "usage: complaint search QUERY [--status S[,S...]] [--open]\n"
    "                       [--owner NAME] [--category C] [--channel CH]\n"
    "                       [--severity S] [--level L] [--department D]\n"
    "                       [--customer C] [--overdue] [--since TIME]\n"
    "                       [--until TIME] [--limit N] [--voided | --all]\n"
    "                       [--format table|tsv|csv|json|ndjson]\n";

enum { OPT_FORMAT = 256 };

static const struct option options[] = {
	CMD_FILTER_OPTIONS,
	{ "voided", no_argument, NULL, OPT_FILTER_VOIDED },
	{ "all", no_argument, NULL, OPT_FILTER_ALL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

static int cmd_search(int, char **, struct ctx *);

const struct command cmd_search_def = {
	"search", cmd_search, NEED_CONFIG | NEED_DB,
	"find complaints by what they say, best matches first", usage, "", options,
};

static const char *const list_columns[] = {
	"ref", "status", "received_at", "customer", "owner", "summary",
	"snippet",
};

struct list_state {
	struct ctx *ctx;
	struct out *out;
	const char *const *cols;
	int ncols;
	struct cmd_columns complaint_cols; /* cols but the snippet */
	int64_t rows;
	int level_col; /* where "level" is, or -1 */
};

static int
list_row(const struct complaint *c, const char *snippet, void *arg)
{
	struct list_state *s = arg;
	struct cell cells[CMD_COLUMNS_MAX];
	char tmp[CMD_COLUMNS_MAX][CELL_TMP_LEN];

	/* Every column but the last is the complaint's; the snippet last. */
	cmd_complaint_cells(s->ctx, c, &s->complaint_cols, cells, tmp);
	cells[s->ncols - 1] = cell_text(snippet);
	if (s->level_col >= 0 && c->level > 0)
		out_mark(s->out, s->level_col); /* escalated */
	out_row(s->out, cells);
	s->rows++;
	return 0;
}

static int
cmd_search(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_search_def;
	struct cmd_filter cf;
	enum out_format fmt = cmd_default_format(ctx);
	struct list_state s;
	struct search_query q;
	const char *const *all;
	const char *cols[CMD_COLUMNS_MAX];
	int i, n, opt, rc;

	cmd_filter_init(&cf);
	/* A listing: complaints logged by mistake only when asked for. */
	cf.f.voided = VOIDED_HIDE;
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		if ((rc = cmd_filter_option(cmd, ctx, opt, optarg, &cf)) >= 0) {
			if (rc != 0)
				return rc;
			continue;
		}
		switch (opt) {
		case OPT_FORMAT:
			if ((rc = cmd_parse_format(cmd, ctx, optarg, 0, &fmt)))
				return rc;
			break;
		default:
			return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "give what to search for");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s' "
		    "(quote the query)", argv[optind + 1]);
	if ((rc = cmd_filter_finish(ctx, &cf)) != 0)
		return rc;

	if ((rc = cmd_check_text(ctx, "query", argv[optind])) != 0 ||
	    (rc = search_parse(argv[optind], &q, &ctx->err)) != 0)
		return rc;

	s.ctx = ctx;
	s.rows = 0;
	if (fmt == OUT_JSON || fmt == OUT_NDJSON) {
		/* Every complaint key, then the snippet. */
		all = cmd_complaint_all_columns(&n);
		for (i = 0; i < n && i < CMD_COLUMNS_MAX - 1; i++)
			cols[i] = all[i];
		cols[i++] = "snippet";
		s.cols = cols;
		s.ncols = i;
	} else {
		s.cols = list_columns;
		s.ncols = (int)(sizeof(list_columns) / sizeof(list_columns[0]));
	}
	cmd_columns_init(&s.complaint_cols, s.cols, s.ncols - 1);
	s.out = out_begin(stdout, fmt, s.cols, s.ncols, ctx->color,
	    cmd_terminal_width(ctx));
	cmd_table_fit(s.out);
	for (s.level_col = s.ncols - 1; s.level_col >= 0; s.level_col--)
		if (strcmp(s.cols[s.level_col], "level") == 0)
			break;
	rc = store_search(ctx->db, &q, &cf.f, list_row, &s, &ctx->err);
	if (out_end(s.out) != 0 && rc == 0)
		rc = error_set(&ctx->err, EX_IOERR,
		    "write error on standard output");
	search_query_release(&q);
	return rc;
}
