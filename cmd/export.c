/*
 * complaint export: every complaint with every field, as JSON or NDJSON
 * with its history (as show --format json), as CSV one row a complaint,
 * or in the nine columns of the Customer Issue Reporting spreadsheet,
 * which import reads back. Rows stream in flat memory.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "review.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint export [--format json|ndjson|csv]\n"
    "                        [--layout spreadsheet] [--status S[,S...]]\n"
    "                        [--open] [--owner NAME] [--category C]\n"
    "                        [--channel CH] [--department D]\n"
    "                        [--customer C] [--since TIME] [--until TIME]\n"
    "                        [--voided | --all]\n";

enum { OPT_FORMAT = 256, OPT_LAYOUT };

static const struct option options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "layout", required_argument, NULL, OPT_LAYOUT },
	{ "status", required_argument, NULL, OPT_FILTER_STATUS },
	{ "open", no_argument, NULL, OPT_FILTER_OPEN },
	{ "owner", required_argument, NULL, OPT_FILTER_OWNER },
	{ "category", required_argument, NULL, OPT_FILTER_CATEGORY },
	{ "channel", required_argument, NULL, OPT_FILTER_CHANNEL },
	{ "department", required_argument, NULL, OPT_FILTER_DEPARTMENT },
	{ "customer", required_argument, NULL, OPT_FILTER_CUSTOMER },
	{ "since", required_argument, NULL, OPT_FILTER_SINCE },
	{ "voided", no_argument, NULL, OPT_FILTER_VOIDED },
	{ "all", no_argument, NULL, OPT_FILTER_ALL },
	{ "until", required_argument, NULL, OPT_FILTER_UNTIL },
	{ NULL, 0, NULL, 0 },
};

static int cmd_export(int, char **, struct ctx *);

const struct command cmd_export_def = {
	"export", cmd_export, NEED_CONFIG | NEED_DB,
	"export complaints with their history", usage, "", options,
};

static const char *const spreadsheet_columns[] = {
	"Case Owner", "Department", "Date received",
	"Date followed-up with customer", "Resolved and followed up (Y/N)",
	"Customer Name", "Issue", "Resolution", "Proposed Improvement Idea",
};
#define NSPREADSHEET 9

/* Ideas in complaint order, for the spreadsheet's last column. */
struct idea_entry {
	int64_t complaint_id;
	int64_t id;
	char *idea;
};

struct idea_list {
	struct idea_entry *v;
	size_t n, cap, next;
};

struct export_state {
	struct ctx *ctx;
	enum out_format fmt;
	struct buf b;
	int n;
	struct out *out;
	struct idea_list ideas;
	int write_error;
	struct complaint_json *json;
	struct cmd_columns cols; /* CSV: every column */
};

/* Write the JSON out in pieces of about this size. */
#define FLUSH_AT 65536

static void
flush(struct export_state *s)
{
	if (s->b.len > 0 && fwrite(s->b.s, 1, s->b.len, stdout) != s->b.len)
		s->write_error = 1;
	buf_reset(&s->b);
}

static int
export_json(const struct complaint_row *row, struct complaint_walk *w,
    void *arg)
{
	struct export_state *s = arg;
	const struct event *ev;
	int rc, first = 1;

	if (s->fmt == OUT_JSON)
		buf_add(&s->b, s->n ? ",\n" : "[\n", 2);
	complaint_json_fields(s->json, row, &s->b);
	buf_add(&s->b, ",\"events\":[", 11);
	while ((rc = store_walk_event(w, &ev, &s->ctx->err)) == 0 &&
	    ev != NULL) {
		complaint_json_event(s->json, ev, first, &s->b);
		first = 0;
	}
	if (rc != 0)
		return rc;
	buf_putc(&s->b, ']');
	if ((rc = cmd_attachments_json(s->ctx, row->id, &s->b)) != 0)
		return rc;
	buf_putc(&s->b, '}');
	if (s->fmt == OUT_NDJSON)
		buf_putc(&s->b, '\n');
	s->n++;
	if (s->b.len >= FLUSH_AT)
		flush(s);
	return 0;
}

static int
export_csv(const struct complaint *c, void *arg)
{
	struct export_state *s = arg;
	struct cell cells[CMD_COLUMNS_MAX];
	char tmp[CMD_COLUMNS_MAX][CELL_TMP_LEN];

	cmd_complaint_cells(s->ctx, c, &s->cols, cells, tmp);
	out_row(s->out, cells);
	return 0;
}

static int
collect_idea(const struct idea *i, void *arg)
{
	struct idea_list *l = arg;

	if (i->complaint_id == NUM_NONE)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].complaint_id = i->complaint_id;
	l->v[l->n].id = i->id;
	l->v[l->n].idea = xstrdup(i->idea ? i->idea : "");
	l->n++;
	return 0;
}

/* By complaint, then in the order proposed. */
static int
idea_order(const void *a, const void *b)
{
	const struct idea_entry *x = a, *y = b;

	if (x->complaint_id != y->complaint_id)
		return x->complaint_id < y->complaint_id ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* A date as the sheet had it, which a spreadsheet shows as a date: the
 * local date at local midnight, else the local date and time; RFC 3339
 * UTC only for a time the local clock shows twice (the hour repeated
 * when clocks go back). import reads each back as the same instant. */
static void
sheet_date(int64_t t, char *buf, size_t len)
{
	if (t == TIME_NONE) {
		buf[0] = '\0';
		return;
	}
	if (local_day_start(t) == t) {
		time_format_local_date(t, buf, len);
		return;
	}
	time_format_local_exact(t, buf, len);
	if (buf[0] == '\0')
		time_format_utc(t, buf, len);
}

static int
export_sheet(const struct complaint *c, void *arg)
{
	struct export_state *s = arg;
	struct idea_list *l = &s->ideas;
	struct buf ideas = BUF_INIT;
	struct cell cells[NSPREADSHEET];
	char received[TIME_STRLEN], followed[TIME_STRLEN];
	int64_t done = TIME_NONE;

	/* Both lists are in complaint id order. */
	while (l->next < l->n && l->v[l->next].complaint_id < c->id)
		l->next++;
	while (l->next < l->n && l->v[l->next].complaint_id == c->id) {
		if (ideas.len)
			buf_putc(&ideas, '\n');
		buf_puts(&ideas, l->v[l->next++].idea);
	}
	if (c->status == ST_CLOSED)
		done = c->closed_at != TIME_NONE ? c->closed_at : c->resolved_at;
	else if (c->status == ST_RESOLVED)
		done = c->resolved_at;
	sheet_date(c->received_at, received, sizeof(received));
	sheet_date(done, followed, sizeof(followed));
	cells[0] = cell_text(c->owner);
	cells[1] = cell_text(c->department);
	cells[2] = cell_text(received);
	cells[3] = cell_text(followed[0] ? followed : NULL);
	cells[4] = cell_text(c->status == ST_CLOSED ? "Y" : "N");
	cells[5] = cell_text(c->customer);
	cells[6] = cell_text(c->summary);
	cells[7] = cell_text(c->resolution);
	cells[8] = cell_text(ideas.len ? buf_str(&ideas) : NULL);
	out_row(s->out, cells);
	buf_release(&ideas);
	return 0;
}

static int
cmd_export(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_export_def;
	struct cmd_filter cf;
	struct complaint_filter *f = &cf.f;
	struct export_state s;
	enum out_format fmt = OUT_JSON;
	int fmt_given = 0;
	int opt, rc, sheet = 0, ncols;
	size_t i;

	cmd_filter_init(&cf);
	f->voided = VOIDED_HIDE;
	f->by_id = 1;
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
			fmt_given = 1;
			if (fmt != OUT_JSON && fmt != OUT_NDJSON &&
			    fmt != OUT_CSV)
				return cmd_usage_error(cmd, ctx, "export writes "
				    "json, ndjson or csv, not '%s'", optarg);
			break;
		case OPT_LAYOUT:
			if (strcmp(optarg, "spreadsheet") != 0)
				return cmd_usage_error(cmd, ctx, "unknown "
				    "layout '%s' (expected spreadsheet)",
				    optarg);
			sheet = 1;
			break;
		default: return EX_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind]);
	if (sheet && fmt_given && fmt != OUT_CSV)
		return cmd_usage_error(cmd, ctx, "--layout spreadsheet writes "
		    "csv only");
	if ((rc = cmd_filter_finish(ctx, &cf)) != 0)
		return rc;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.fmt = fmt;
	if (sheet) {
		if ((rc = store_idea_each(ctx->db, TIME_NONE, collect_idea,
		    &s.ideas, &ctx->err)) != 0)
			goto done;
		/* qsort() of a NULL array is undefined, even of none. */
		if (s.ideas.n > 0)
			qsort(s.ideas.v, s.ideas.n, sizeof(*s.ideas.v),
			    idea_order);
		s.out = out_begin(stdout, OUT_CSV, spreadsheet_columns,
		    NSPREADSHEET, 0, 0);
		rc = store_complaint_each(ctx->db, f, export_sheet, &s, &ctx->err);
		if (out_end(s.out) != 0)
			s.write_error = 1;
	} else if (fmt == OUT_CSV) {
		const char *const *cols = cmd_complaint_all_columns(&ncols);

		cmd_columns_init(&s.cols, cols, ncols);
		s.out = out_begin(stdout, OUT_CSV, cols, ncols, 0, 0);
		rc = store_complaint_each(ctx->db, f, export_csv, &s, &ctx->err);
		if (out_end(s.out) != 0)
			s.write_error = 1;
	} else {
		s.json = complaint_json_new(ctx);
		rc = store_walk(ctx->db, f, export_json, &s, &ctx->err);
		if (fmt == OUT_JSON)
			buf_puts(&s.b, s.n ? "\n]\n" : "[]\n");
		flush(&s);
	}
	if (rc == 0 && (s.write_error || fflush(stdout) != 0 || ferror(stdout)))
		rc = error_set(&ctx->err, EX_IOERR,
		    "write error on standard output");
done:
	buf_release(&s.b);
	for (i = 0; i < s.ideas.n; i++)
		free(s.ideas.v[i].idea);
	complaint_json_free(s.json);
	free(s.ideas.v);
	return rc;
}
