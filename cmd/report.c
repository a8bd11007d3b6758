/*
 * complaint report: the process in numbers (SPEC 6) by up to two
 * dimensions, now or --as-of a past moment, trends per week or month,
 * what is overdue now, and the regulators' returns (the FCA's, ASIC's IDR
 * data). lib/report computes; this file parses the options and turns
 * counts into cells.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "report.h"
#include "report_asic.h"
#include "report_html.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint report [--by FIELD[,FIELD]] [--since TIME] "
    "[--until TIME]\n"
    "                        [--as-of TIME]\n"
    "                        [--format table|tsv|csv|json|ndjson|markdown]\n"
    "       complaint report --trend week|month [--by FIELD] [--since TIME]\n"
    "                        [--until TIME] [--as-of TIME] [--format FORMAT]\n"
    "       complaint report --overdue [--exit-code] [--format FORMAT]\n"
    "       complaint report --return fca|asic-idr [--period HALF]\n"
    "                        [--since TIME] [--until TIME] [--as-of TIME]\n"
    "                        [--format FORMAT]\n"
    "       complaint report --format html [--by FIELD] [--period HALF]\n"
    "                        [--since TIME] [--until TIME]\n";

enum {
	OPT_BY = 256, OPT_SINCE, OPT_UNTIL, OPT_FORMAT, OPT_TREND,
	OPT_OVERDUE, OPT_EXIT_CODE, OPT_RETURN, OPT_PERIOD, OPT_AS_OF,
};

static const struct option options[] = {
	{ "by", required_argument, NULL, OPT_BY },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "trend", required_argument, NULL, OPT_TREND },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "exit-code", no_argument, NULL, OPT_EXIT_CODE },
	{ "return", required_argument, NULL, OPT_RETURN },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ NULL, 0, NULL, 0 },
};

static int cmd_report(int, char **, struct ctx *);

const struct command cmd_report_def = {
	"report", cmd_report, NEED_CONFIG | NEED_DB,
	"the process in numbers: volumes, deadlines, trends, overdue",
	usage, "", options,
};

static const char *const metric_columns[] = {
	"received", "open", "resolved", "fcr_pct", "ack_in_time_pct",
	"resolved_in_time_pct", "median_ack_hours", "median_resolve_days",
	"escalated_pct", "upheld_pct", "repeat_pct", "satisfied_pct",
	"redress",
};
#define NMETRICS (int)(sizeof(metric_columns) / sizeof(metric_columns[0]))

struct report_state {
	struct out *out;
	int ndims;
};

static int
report_row(const char *const *group, const struct report_stats *s,
    void *arg)
{
	struct report_state *rs = arg;
	struct cell cells[REPORT_MAX_DIMS + NMETRICS];
	char tmp[NMETRICS][32];
	int i, n = 0, t = 0;

	for (i = 0; i < rs->ndims; i++)
		cells[n++] = cell_text(group[i]);
	cells[n++] = cell_int(s->received);
	cells[n++] = cell_int(s->open);
	cells[n++] = cell_int(s->resolved);
#define PCT(num, den) \
	(cells[n++] = cell_number(report_pct((num), (den), tmp[t], \
	    sizeof(tmp[t]))), t++)
	PCT(s->first_contact, s->received);
	PCT(s->ack_in_time, s->acknowledged);
	PCT(s->resolved_in_time, s->resolved);
	cells[n++] = cell_number(report_tenths(s->median_ack_tenths, tmp[t],
	    sizeof(tmp[t])));
	t++;
	cells[n++] = cell_number(report_tenths(s->median_resolve_tenths,
	    tmp[t], sizeof(tmp[t])));
	t++;
	PCT(s->escalated, s->received);
	PCT(s->upheld, s->resolved);
	PCT(s->repeats, s->received);
	PCT(s->satisfied, s->followed_up);
#undef PCT
	amount_format(s->redress, tmp[t], sizeof(tmp[t]));
	cells[n++] = cell_number(tmp[t]);
	out_row(rs->out, cells);
	return 0;
}

/* "category,month" into Q's dims. */
static int
parse_by(const struct command *cmd, struct ctx *ctx, const char *value,
    struct report_query *q)
{
	char item[32];
	const char *p = value;
	int d;

	q->ndims = 0;
	for (;;) {
		size_t n = strcspn(p, ",");

		snprintf(item, sizeof(item), "%.*s", (int)n, p);
		if ((d = report_dim_lookup(item)) < 0)
			return cmd_usage_error(cmd, ctx, "unknown field '%s' "
			    "for --by (expected category, channel, department,"
			    " owner, severity, level, status, root-cause,"
			    " regime, week or month)", item);
		if (q->ndims == REPORT_MAX_DIMS)
			return cmd_usage_error(cmd, ctx, "--by takes at most "
			    "two fields, such as category,month");
		if (q->ndims == 1 && q->dims[0] == (enum report_dim)d)
			return cmd_usage_error(cmd, ctx, "--by names '%s' "
			    "twice", item);
		q->dims[q->ndims++] = (enum report_dim)d;
		p += n;
		if (*p != ',')
			break;
		p++;
	}
	return 0;
}

static int
finish(struct ctx *ctx, struct out *o, int rc)
{
	if (out_end(o) != 0 && rc == 0)
		rc = error_set(&ctx->err, EX_IOERR,
		    "write error on standard output");
	return rc;
}

static int
run_report(struct ctx *ctx, enum out_format fmt, struct report_query *q)
{
	const char *cols[REPORT_MAX_DIMS + NMETRICS];
	struct report_state rs;
	int i, n = 0, rc;

	for (i = 0; i < q->ndims; i++)
		cols[n++] = report_dim_column(q->dims[i]);
	for (i = 0; i < NMETRICS; i++)
		cols[n++] = metric_columns[i];
	rs.ndims = q->ndims;
	rs.out = out_begin(stdout, fmt, cols, n, ctx->color,
	    cmd_terminal_width(ctx));
	/* Too wide for the terminal: a block of lines per group. */
	out_blocks(rs.out);
	rc = report_run(ctx->db, q, report_row, &rs, &ctx->err);
	return finish(ctx, rs.out, rc);
}

/* Trend rows are kept until the largest count is known, for the bars;
 * there is one per period (and field value), not per complaint. */
struct trend_row {
	char *group[REPORT_MAX_DIMS];
	int64_t received, resolved;
};

struct trend_state {
	struct trend_row *v;
	size_t n, cap;
	int ndims;
};

static int
trend_collect(const char *const *group, const struct report_stats *s,
    void *arg)
{
	struct trend_state *ts = arg;
	struct trend_row *r;
	int i;

	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 32;
		ts->v = xreallocarray(ts->v, ts->cap, sizeof(*ts->v));
	}
	r = &ts->v[ts->n++];
	memset(r, 0, sizeof(*r));
	for (i = 0; i < ts->ndims; i++)
		r->group[i] = xstrdup_or_null(group[i]);
	r->received = s->received;
	r->resolved = s->resolved;
	return 0;
}

#define BAR_MAX 40

static int
run_trend(struct ctx *ctx, enum out_format fmt, struct report_query *q)
{
	const char *cols[REPORT_MAX_DIMS + 3];
	struct cell cells[REPORT_MAX_DIMS + 3];
	struct trend_state ts;
	struct out *o;
	char bar[3 * BAR_MAX + 1];
	int64_t max = 0;
	int i, n = 0, rc, chart, width = cmd_terminal_width(ctx), barw;
	size_t k;

	memset(&ts, 0, sizeof(ts));
	ts.ndims = q->ndims;
	rc = report_run(ctx->db, q, trend_collect, &ts, &ctx->err);
	if (rc != 0)
		goto done;
	/* Bars only in a table for a person at a terminal who has not said
	 * NO_COLOR (ctx->color); pipes get plain numbers. */
	chart = fmt == OUT_TABLE && ctx->color;
	for (i = 0; i < q->ndims; i++)
		cols[n++] = report_dim_column(q->dims[i]);
	cols[n++] = "received";
	cols[n++] = "resolved";
	if (chart)
		cols[n++] = "chart";
	barw = width > 0 && width / 3 < BAR_MAX ? width / 3 : BAR_MAX;
	for (k = 0; k < ts.n; k++)
		if (ts.v[k].received > max)
			max = ts.v[k].received;
	o = out_begin(stdout, fmt, cols, n, ctx->color, width);
	for (k = 0; k < ts.n; k++) {
		n = 0;
		for (i = 0; i < q->ndims; i++)
			cells[n++] = cell_text(ts.v[k].group[i]);
		cells[n++] = cell_int(ts.v[k].received);
		cells[n++] = cell_int(ts.v[k].resolved);
		if (chart) {
			report_bar(ts.v[k].received, max, barw, bar,
			    sizeof(bar));
			cells[n++] = cell_text(bar);
		}
		out_row(o, cells);
	}
	rc = finish(ctx, o, 0);
done:
	for (k = 0; k < ts.n; k++)
		for (i = 0; i < REPORT_MAX_DIMS; i++)
			free(ts.v[k].group[i]);
	free(ts.v);
	return rc;
}

struct overdue_state {
	struct ctx *ctx;
	struct out *out;
};

static int
overdue_row(const struct overdue_item *it, void *arg)
{
	struct overdue_state *os = arg;
	struct cell cells[7];
	char ref[REF_MAX], late[32];
	/* Hours late, one decimal, rounded down: late is never overstated. */
	int64_t tenths = (os->ctx->now - it->due) / 360;

	cmd_ref(os->ctx, it->id, ref, sizeof(ref));
	cells[0] = cell_text(ref);
	cells[1] = cell_text(overdue_kind_name(it->kind));
	cells[2] = cell_time(it->due);
	cells[3] = cell_number(report_tenths(tenths, late, sizeof(late)));
	cells[4] = cell_text(it->owner);
	cells[5] = cell_text(it->customer);
	cells[6] = cell_text(it->category);
	out_mark(os->out, 2); /* every one is overdue: red on a terminal */
	out_row(os->out, cells);
	return 0;
}

static int
run_overdue(struct ctx *ctx, enum out_format fmt, int exit_code)
{
	static const char *const cols[] = {
		"ref", "kind", "due", "late_hours", "owner", "customer",
		"category",
	};
	struct overdue_state os;
	int64_t n = 0;
	int rc;

	os.ctx = ctx;
	os.out = out_begin(stdout, fmt, cols, 7, ctx->color,
	    cmd_terminal_width(ctx));
	cmd_table_fit(os.out);
	rc = report_overdue(ctx->db, ctx->now, 0, overdue_row, &os, &n,
	    &ctx->err);
	rc = finish(ctx, os.out, rc);
	/* For cron: the rows are printed, and the status says there were. */
	if (rc == 0 && exit_code && n > 0)
		rc = EX_CONDITION;
	return rc;
}

struct fca_state {
	struct out *out;
	int vulnerability;
};

static int
fca_row(const char *product, const char *cause, int total,
    const struct report_fca *r, void *arg)
{
	struct fca_state *fs = arg;
	struct cell cells[13];
	char pct[32], redress[32];
	int n = 0;

	cells[n++] = total ? cell_text("total") : cell_text(product);
	cells[n++] = cell_text(cause);
	cells[n++] = cell_int(r->opened);
	cells[n++] = cell_int(r->outstanding_start);
	cells[n++] = cell_int(r->closed);
	cells[n++] = cell_int(r->closed_3bd);
	cells[n++] = cell_int(r->closed_8w);
	cells[n++] = cell_int(r->closed_over_8w);
	cells[n++] = cell_int(r->upheld);
	cells[n++] = cell_number(report_pct(r->upheld, r->closed, pct,
	    sizeof(pct)));
	amount_format(r->redress, redress, sizeof(redress));
	cells[n++] = cell_number(redress);
	if (fs->vulnerability)
		cells[n++] = cell_int(r->vulnerable);
	out_row(fs->out, cells);
	return 0;
}

static int
run_fca(struct ctx *ctx, enum out_format fmt, int64_t since, int64_t until,
    int64_t as_of)
{
	static const char *const cols[] = {
		"product", "cause", "opened", "outstanding_at_start", "closed",
		"closed_3bd", "closed_3bd_8w", "closed_over_8w", "upheld",
		"upheld_pct", "redress", "vulnerable",
	};
	struct fca_state fs;
	int rc;

	fs.vulnerability = ctx->cfg.fca_vulnerability;
	fs.out = out_begin(stdout, fmt, cols, fs.vulnerability ? 12 : 11,
	    ctx->color, cmd_terminal_width(ctx));
	out_blocks(fs.out);
	rc = report_fca_run(ctx->db, &ctx->cfg, since, until, as_of, fca_row,
	    &fs, &ctx->err);
	return finish(ctx, fs.out, rc);
}

struct asic_state {
	struct ctx *ctx;
	enum out_format fmt;
	struct out *out;         /* begun at the first record */
};

static void
asic_begin(struct asic_state *as)
{
	as->out = out_begin(stdout, as->fmt, asic_element_names, AE__COUNT,
	    as->ctx->color, cmd_terminal_width(as->ctx));
	out_blocks(as->out);
}

static int
asic_row(const struct asic_record *r, void *arg)
{
	struct asic_state *as = arg;
	struct cell cells[AE__COUNT];
	int i;

	if (as->out == NULL)
		asic_begin(as);
	for (i = 0; i < AE__COUNT; i++)
		cells[i] = r->v[i] != NULL && i == AE_AMOUNT ?
		    cell_number(r->v[i]) : cell_text(r->v[i]);
	out_row(as->out, cells);
	return 0;
}

/* CSV unless asked otherwise: the form ASIC takes. Every record passes
 * the dictionary's checks before the first is written, so a refused
 * report writes nothing. */
static int
run_asic(struct ctx *ctx, enum out_format fmt, int64_t since, int64_t until,
    int64_t as_of)
{
	struct asic_state as;
	int64_t n;
	int rc;

	as.ctx = ctx;
	as.fmt = fmt;
	as.out = NULL;
	rc = report_asic_run(ctx->db, &ctx->cfg, since, until, as_of,
	    asic_row, &as, &n, &ctx->err);
	if (rc != 0 && as.out == NULL)
		return rc;
	if (as.out == NULL)
		asic_begin(&as);
	rc = finish(ctx, as.out, rc);
	if (rc == 0 && n == 0)
		cmd_warn(ctx, "no complaints in the period: ASIC takes a nil "
		    "submission in its portal instead of a data file");
	return rc;
}

/* The meeting pack: one page, written whole once it is made. */
static int
run_html(struct ctx *ctx, const struct report_query *q)
{
	struct report_html_query hq;
	struct buf page = BUF_INIT;
	int rc;

	hq.since = q->since;
	hq.until = q->until;
	hq.now = ctx->now;
	hq.cfg = &ctx->cfg;
	hq.by = q->ndims ? (int)q->dims[0] : -1;
	rc = report_html(ctx->db, &hq, &page, &ctx->err);
	if (rc == 0 && (fwrite(page.s, 1, page.len, stdout) != page.len ||
	    fflush(stdout) != 0))
		rc = error_set(&ctx->err, EX_IOERR,
		    "write error on standard output");
	buf_release(&page);
	return rc;
}

static int
cmd_report(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_report_def;
	struct report_query q;
	enum out_format fmt = cmd_default_format(ctx);
	const char *since = NULL, *until = NULL, *by = NULL, *trend = NULL;
	const char *ret = NULL, *period = NULL, *as_of = NULL;
	int overdue = 0, exit_code = 0, html = 0, fmt_given = 0, opt, rc, d;

	memset(&q, 0, sizeof(q));
	q.since = q.until = TIME_NONE;
	q.now = ctx->now;
	q.cfg = &ctx->cfg;
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_BY: by = optarg; break;
		case OPT_SINCE: since = optarg; break;
		case OPT_UNTIL: until = optarg; break;
		case OPT_FORMAT:
			if ((html = strcmp(optarg, "html") == 0))
				break;
			if ((rc = cmd_parse_format(cmd, ctx, optarg, 1, &fmt)))
				return rc;
			fmt_given = 1;
			break;
		case OPT_TREND: trend = optarg; break;
		case OPT_OVERDUE: overdue = 1; break;
		case OPT_EXIT_CODE: exit_code = 1; break;
		case OPT_RETURN: ret = optarg; break;
		case OPT_PERIOD: period = optarg; break;
		case OPT_AS_OF: as_of = optarg; break;
		default:
			return EX_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind]);
	if ((trend != NULL) + overdue + (ret != NULL) > 1)
		return cmd_usage_error(cmd, ctx, "--trend, --overdue and "
		    "--return are separate reports; choose one");
	if (exit_code && !overdue)
		return cmd_usage_error(cmd, ctx, "--exit-code goes with "
		    "--overdue");
	if (html && (trend || overdue || ret))
		return cmd_usage_error(cmd, ctx, "--format html is the "
		    "meeting pack; it takes no --trend, --overdue or --return");
	if (period != NULL && ret == NULL && !html)
		return cmd_usage_error(cmd, ctx, "--period goes with "
		    "--return fca or --format html; use --since and --until "
		    "otherwise");
	if (html && period != NULL && (since || until))
		return cmd_usage_error(cmd, ctx, "--period is a --since and "
		    "--until of its own; give one or the other");
	if (as_of != NULL && (overdue || html))
		return cmd_usage_error(cmd, ctx, "--as-of replays the counts "
		    "of report, --trend and --return; it takes no %s",
		    overdue ? "--overdue" : "--format html");
	if (overdue && (by || since || until))
		return cmd_usage_error(cmd, ctx, "--overdue lists what is "
		    "late now; it takes no --by, --since or --until");
	if (ret != NULL && by != NULL)
		return cmd_usage_error(cmd, ctx, "--return %s is broken "
		    "down as the regulator asks; it takes no --by", ret);
	if (ret != NULL && strcmp(ret, "fca") != 0 &&
	    strcmp(ret, "asic-idr") != 0)
		return cmd_usage_error(cmd, ctx, "unknown return '%s' "
		    "(expected fca or asic-idr)", ret);
	if (ret != NULL && period != NULL && (since || until))
		return cmd_usage_error(cmd, ctx, "--period is a --since and "
		    "--until of its own; give one or the other");
	if (ret != NULL && period == NULL && (!since || !until))
		return cmd_usage_error(cmd, ctx, "--return %s needs a period:"
		    " --period 2026H1, or --since and --until", ret);

	if (by && (rc = parse_by(cmd, ctx, by, &q)) != 0)
		return rc;
	if ((rc = cmd_parse_period(ctx, since, until, &q.since,
	    &q.until)) != 0)
		return rc;
	/* As --until reads it, the last second included: a date alone is
	 * the whole of that day. */
	if (as_of != NULL) {
		if ((rc = time_parse_bound(as_of, ctx->now, &ctx->cfg.calendar,
		    1, &q.as_of, &ctx->err)) != 0)
			return rc;
		q.as_of--;
		q.replay = 1;
		q.now = q.as_of;
	}

	if (overdue)
		return run_overdue(ctx, fmt, exit_code);
	if (html) {
		if (q.ndims > 1)
			return cmd_usage_error(cmd, ctx, "--format html takes "
			    "one --by field, such as category");
		if (period && (rc = report_half_year(period, &q.since,
		    &q.until, &ctx->err)) != 0)
			return rc;
		return run_html(ctx, &q);
	}
	if (ret != NULL) {
		if (period && (rc = report_half_year(period, &q.since,
		    &q.until, &ctx->err)) != 0)
			return rc;
		/* As filed: the records at the period's end, unless asked. */
		if (strcmp(ret, "asic-idr") == 0)
			return run_asic(ctx, fmt_given ? fmt : OUT_CSV,
			    q.since, q.until, q.replay ? q.as_of :
			    q.until - 1);
		return run_fca(ctx, fmt, q.since, q.until,
		    q.replay ? q.as_of : q.until - 1);
	}
	if (trend != NULL) {
		d = report_dim_lookup(trend);
		if (d < 0 || !report_dim_is_time((enum report_dim)d))
			return cmd_usage_error(cmd, ctx, "unknown trend '%s' "
			    "(expected week or month)", trend);
		if (q.ndims > 1 || (q.ndims == 1 &&
		    report_dim_is_time(q.dims[0])))
			return cmd_usage_error(cmd, ctx, "--trend takes one "
			    "--by field that is not a period, such as "
			    "category");
		q.dims[q.ndims] = (enum report_dim)d;
		if (q.ndims == 1) {
			q.dims[1] = q.dims[0];
			q.dims[0] = (enum report_dim)d;
		}
		q.ndims++;
		return run_trend(ctx, fmt, &q);
	}
	return run_report(ctx, fmt, &q);
}
