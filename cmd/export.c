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

/*
 * A piece of JSON written a million times over: up to PIECE_ROOM bytes
 * are copied in one fixed-size move (no call to memcpy), the rest from
 * TEXT.
 */
#define PIECE_ROOM 32
struct piece {
	char pad[PIECE_ROOM];
	char *text;
	size_t len;
};

struct export_state {
	struct ctx *ctx;
	enum out_format fmt;
	struct buf b;
	int n;
	struct out *out;
	struct idea_list ideas;
	int write_error;
	/* JSON */
	struct piece keys[COMPLAINT_MAXFIELDS];   /* ,"name": */
	struct piece nulls[COMPLAINT_MAXFIELDS];  /* ,"name":null */
	struct piece statuses[ST__COUNT];         /* "new" */
	struct piece *levels;                     /* "frontline" */
	size_t nlevels;
	size_t prefix_len;
	struct time_cache times;
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

/*
 * The JSON of export is written straight from the rows as they are read:
 * the same text as show --format json makes of a loaded complaint
 * (cmd_complaint_cells() and cmd_cells_json()), without the copies and
 * cells that a million complaints would cost. A test holds the two
 * together.
 */

static void
json_null(struct buf *b)
{
	buf_add(b, "null", 4);
}

/* Room for N more bytes at the end of B. */
static inline char *
room(struct buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		buf_grow(b, n);
	return b->s + b->len;
}

static void
piece_set(struct piece *k, const struct buf *text)
{
	memset(k->pad, 0, sizeof(k->pad));
	memcpy(k->pad, text->s, text->len < PIECE_ROOM ? text->len : 0);
	k->text = xstrdup(buf_str(text));
	k->len = text->len;
}

static inline void
piece_put(struct buf *b, const struct piece *k)
{
	if (k->len < PIECE_ROOM) {
		/* The padding's NULs keep B terminated. */
		memcpy(room(b, PIECE_ROOM), k->pad, PIECE_ROOM);
		b->len += k->len;
	} else {
		buf_add(b, k->text, k->len);
	}
}

/* A reference as cmd_ref() writes it, as a JSON string. */
static void
json_ref(struct export_state *s, int64_t id)
{
	char tmp[CELL_TMP_LEN], *p;
	uint64_t u = (uint64_t)id;
	int n = 0;

	if (id < 0 || s->prefix_len + 1 + 20 > sizeof(tmp)) {
		cmd_ref(s->ctx, id, tmp, sizeof(tmp));
		json_put_string(&s->b, tmp);
		return;
	}
	p = tmp + sizeof(tmp);
	do {
		*--p = (char)('0' + u % 10);
		n++;
	} while ((u /= 10) != 0);
	for (; n < 6; n++)
		*--p = '0';
	*--p = '-';
	p -= s->prefix_len;
	memcpy(p, s->ctx->cfg.reference_prefix, s->prefix_len);
	json_put_text(&s->b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* An amount as amount_format() writes it: a JSON number. */
static void
json_amount(struct buf *b, int64_t minor)
{
	char tmp[32];

	buf_add(b, tmp, amount_format(minor, tmp, sizeof(tmp)));
}

/* T as a JSON string, or null when unset or out of range. */
static void
json_time(struct export_state *s, int64_t t)
{
	char *p = room(&s->b, TIME_STRLEN + 2);
	size_t n = time_format_utc_cached(&s->times, t, p + 1);

	if (n == 0) {
		json_null(&s->b);
		return;
	}
	p[0] = '"';
	p[n + 1] = '"';
	p[n + 2] = '\0';
	s->b.len += n + 2;
}

/* The pieces that do not change from one complaint to the next. */
static void
json_init(struct export_state *s)
{
	const struct config *cfg = &s->ctx->cfg;
	struct buf k = BUF_INIT;
	size_t i;

	for (i = 0; i < complaint_nfields; i++) {
		buf_reset(&k);
		buf_putc(&k, ',');
		json_put_string(&k, complaint_fields[i].name);
		buf_putc(&k, ':');
		piece_set(&s->keys[i], &k);
		buf_add(&k, "null", 4);
		piece_set(&s->nulls[i], &k);
	}
	for (i = 0; i < ST__COUNT; i++) {
		buf_reset(&k);
		json_put_string(&k, status_name((int64_t)i));
		piece_set(&s->statuses[i], &k);
	}
	s->nlevels = cfg->levels.n + 1;
	s->levels = xcalloc(s->nlevels, sizeof(*s->levels));
	for (i = 0; i < s->nlevels; i++) {
		buf_reset(&k);
		json_put_string(&k, config_level_name(cfg, (int)i));
		piece_set(&s->levels[i], &k);
	}
	buf_release(&k);
	s->prefix_len = strlen(cfg->reference_prefix);
}

static void
json_release(struct export_state *s)
{
	size_t i;

	for (i = 0; i < COMPLAINT_MAXFIELDS; i++) {
		free(s->keys[i].text);
		free(s->nulls[i].text);
	}
	for (i = 0; i < ST__COUNT; i++)
		free(s->statuses[i].text);
	for (i = 0; i < s->nlevels; i++)
		free(s->levels[i].text);
	free(s->levels);
}

static void
json_complaint(struct export_state *s, const struct complaint_row *r)
{
	struct buf *b = &s->b;
	size_t i;

	if (s->fmt == OUT_JSON)
		buf_add(b, s->n ? ",\n" : "[\n", 2);
	buf_add(b, "{\"ref\":", 7);
	json_ref(s, r->id);
	for (i = 0; i < complaint_nfields; i++) {
		enum field_type type = complaint_fields[i].type;
		int64_t v = r->v[i].num;

		/* Unset (a level is never null): key and null in one go. */
		if (type == FT_TEXT ? r->v[i].text == NULL :
		    v == NUM_NONE && type != FT_LEVEL) {
			piece_put(b, &s->nulls[i]);
			continue;
		}
		piece_put(b, &s->keys[i]);
		switch (type) {
		case FT_TEXT:
			json_put_text(b, r->v[i].text, r->v[i].len);
			break;
		case FT_STATUS:
			if (v >= 0 && v < ST__COUNT)
				piece_put(b, &s->statuses[v]);
			else
				json_put_string(b, status_name(v));
			break;
		case FT_LEVEL:
			if (v >= 0 && (uint64_t)v < s->nlevels)
				piece_put(b, &s->levels[v]);
			else
				json_put_string(b, config_level_name(
				    &s->ctx->cfg, (int)v));
			break;
		case FT_TIME:
			json_time(s, v);
			break;
		case FT_BOOL:
			if (v == NUM_NONE)
				json_null(b);
			else if (v)
				buf_add(b, "true", 4);
			else
				buf_add(b, "false", 5);
			break;
		case FT_AMOUNT:
			if (v == NUM_NONE)
				json_null(b);
			else
				json_amount(b, v);
			break;
		case FT_REF:
			if (v == NUM_NONE)
				json_null(b);
			else
				json_ref(s, v);
			break;
		case FT_INT:
		default:
			if (v == NUM_NONE)
				json_null(b);
			else
				json_put_int(b, v);
			break;
		}
	}
	buf_add(b, ",\"events\":[", 11);
}

static void
json_event(struct export_state *s, const struct event *ev, int first)
{
	struct buf *b = &s->b;
	char *p;

	if (!first)
		buf_putc(b, ',');
	p = room(b, 7 + TIME_STRLEN);
	memcpy(p, "{\"at\":\"", 7);
	b->len += 7 + time_format_utc_cached(&s->times, ev->at, p + 7);
	buf_add(b, "\",\"actor\":", 10);
	json_put_string(b, ev->actor);
	buf_add(b, ",\"account\":", 11);
	json_put_string(b, ev->account);
	buf_add(b, ",\"action\":", 10);
	json_put_string(b, ev->action);
	buf_add(b, ",\"changes\":", 11);
	/* Values as the complaint's own JSON has them. */
	cmd_changes_json(s->ctx, ev->changes, b);
	buf_add(b, ",\"note\":", 8);
	json_put_string(b, ev->note);
	buf_putc(b, '}');
}

static int
export_json(const struct complaint_row *row, struct complaint_walk *w,
    void *arg)
{
	struct export_state *s = arg;
	const struct event *ev;
	int rc, first = 1;

	json_complaint(s, row);
	while ((rc = store_walk_event(w, &ev, &s->ctx->err)) == 0 &&
	    ev != NULL) {
		json_event(s, ev, first);
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
	int ncols;
	const char *const *cols = cmd_complaint_all_columns(&ncols);
	struct cell cells[64];
	char tmp[64][CELL_TMP_LEN];

	cmd_complaint_cells(s->ctx, c, cols, ncols, cells, tmp);
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

		s.out = out_begin(stdout, OUT_CSV, cols, ncols, 0, 0);
		rc = store_complaint_each(ctx->db, f, export_csv, &s, &ctx->err);
		if (out_end(s.out) != 0)
			s.write_error = 1;
	} else {
		json_init(&s);
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
	json_release(&s);
	free(s.ideas.v);
	return rc;
}
