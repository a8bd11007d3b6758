/*
 * complaint list: complaints matching filters, oldest first, in any
 * output format. Rows stream: a million complaints do not need a million
 * complaints of memory.
 */
#include <errno.h>
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

enum {
	OPT_STATUS = 256, OPT_OPEN, OPT_OWNER, OPT_CATEGORY, OPT_CHANNEL,
	OPT_SEVERITY, OPT_LEVEL, OPT_DEPARTMENT, OPT_CUSTOMER, OPT_OVERDUE,
	OPT_SINCE, OPT_UNTIL, OPT_LIMIT, OPT_REVERSE, OPT_FORMAT, OPT_EXIT_CODE,
	OPT_VOIDED, OPT_ALL,
};

static const struct option options[] = {
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "open", no_argument, NULL, OPT_OPEN },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "department", required_argument, NULL, OPT_DEPARTMENT },
	{ "customer", required_argument, NULL, OPT_CUSTOMER },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "voided", no_argument, NULL, OPT_VOIDED },
	{ "all", no_argument, NULL, OPT_ALL },
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
	const char *const *cols;
	int ncols;
	int64_t rows;
	int level_col; /* where "level" is, or -1 */
};

static int
list_row(const struct complaint *c, void *arg)
{
	struct list_state *s = arg;
	struct cell cells[64];
	char tmp[64][CELL_TMP_LEN];

	cmd_complaint_cells(s->ctx, c, s->cols, s->ncols, cells, tmp);
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
	struct complaint_filter f;
	enum out_format fmt = cmd_default_format(ctx);
	struct list_state s;
	const char *since = NULL, *until = NULL, *level = NULL;
	char *end;
	int opt, rc, exit_code = 0;

	complaint_filter_init(&f);
	f.voided = VOIDED_HIDE;
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_STATUS:
			if ((rc = cmd_parse_statuses(ctx, optarg, &f.statuses)))
				return rc;
			break;
		case OPT_OPEN: f.statuses |= CMD_OPEN_STATUSES; break;
		case OPT_OWNER: f.owner = optarg; break;
		case OPT_CATEGORY: f.category = optarg; break;
		case OPT_CHANNEL: f.channel = optarg; break;
		case OPT_SEVERITY: f.severity = optarg; break;
		case OPT_LEVEL: level = optarg; break;
		case OPT_DEPARTMENT: f.department = optarg; break;
		case OPT_CUSTOMER: f.customer = optarg; break;
		case OPT_OVERDUE: f.overdue_at = ctx->now; break;
		case OPT_SINCE: since = optarg; break;
		case OPT_UNTIL: until = optarg; break;
		case OPT_LIMIT:
			errno = 0;
			f.limit = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || f.limit < 1 ||
			    errno == ERANGE)
				return error_set(&ctx->err, EX_DATAERR,
				    "invalid limit '%s' (expected a whole "
				    "number from 1 to %lld)", optarg,
				    (long long)INT64_MAX);
			break;
		case OPT_REVERSE: f.reverse = 1; break;
		case OPT_VOIDED:
		case OPT_ALL:
			if (f.voided != VOIDED_HIDE)
				return cmd_usage_error(cmd, ctx, "give --voided "
				    "or --all, not both");
			f.voided = opt == OPT_VOIDED ? VOIDED_ONLY :
			    VOIDED_ANY;
			break;
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
	if (exit_code && f.overdue_at == NUM_NONE)
		return cmd_usage_error(cmd, ctx, "--exit-code goes with "
		    "--overdue");
	if (f.severity && (rc = cmd_check_listed(ctx, "severity", f.severity,
	    &ctx->cfg.severities)) != 0)
		return rc;
	if (level && (f.level = config_level_lookup(&ctx->cfg, level)) < 0) {
		f.level = NUM_NONE;
		return error_set(&ctx->err, EX_DATAERR, "unknown level '%s' "
		    "(expected frontline or a level of escalation.levels)",
		    level);
	}
	if ((rc = cmd_parse_period(ctx, since, until, &f.since,
	    &f.until)) != 0)
		return rc;
	if (f.owner && (rc = cmd_owner_filter(ctx, f.owner, &f.owner)) != 0)
		return rc;

	s.ctx = ctx;
	s.rows = 0;
	if (fmt == OUT_JSON || fmt == OUT_NDJSON) {
		s.cols = cmd_complaint_all_columns(&s.ncols);
	} else {
		s.cols = list_columns;
		s.ncols = (int)(sizeof(list_columns) / sizeof(list_columns[0]));
	}
	s.out = out_begin(stdout, fmt, s.cols, s.ncols, ctx->color,
	    cmd_terminal_width(ctx));
	cmd_table_fit(s.out);
	for (s.level_col = s.ncols - 1; s.level_col >= 0; s.level_col--)
		if (strcmp(s.cols[s.level_col], "level") == 0)
			break;
	rc = store_complaint_each(ctx->db, &f, list_row, &s, &ctx->err);
	if (out_end(s.out) != 0 && rc == 0)
		rc = error_set(&ctx->err, EX_IOERR,
		    "write error on standard output");
	/* For cron: 1 when overdue complaints were listed. */
	if (rc == 0 && exit_code && s.rows > 0)
		rc = EX_CONDITION;
	return rc;
}
