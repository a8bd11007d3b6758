/*
 * complaint show: one complaint with everything known about it and its
 * whole history, for a person (the default) or as one JSON object.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "timeutil.h"

static const char usage[] =
    "usage: complaint show [--format table|json] REF\n";

static const struct option options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_show(int, char **, struct ctx *);

const struct command cmd_show_def = {
	"show", cmd_show, NEED_CONFIG | NEED_DB,
	"show one complaint and its history", usage, "f:", options,
};

struct show_state {
	struct ctx *ctx;
	struct buf *b;
	int n;
	struct complaint_json *json; /* --format json */
};

/* An event of the history in the JSON export writes. */
static int
event_json(const struct event *ev, void *arg)
{
	struct show_state *s = arg;

	complaint_json_event(s->json, ev, s->n++ == 0, s->b);
	return 0;
}

/* TEXT for the terminal (term_put()), every line after the first
 * indented; a CR LF ends a line as LF does. */
static void
put_indented(struct buf *b, const char *text, const char *indent)
{
	const char *nl;
	size_t len;

	for (;;) {
		nl = strchr(text, '\n');
		len = nl ? (size_t)(nl - text) : strlen(text);
		if (nl && len > 0 && text[len - 1] == '\r')
			len--;
		term_put(b, text, len, TERM_TEXT);
		if (nl == NULL || nl[1] == '\0')
			break;
		buf_putc(b, '\n');
		buf_puts(b, indent);
		text = nl + 1;
	}
	if (nl != NULL)
		buf_putc(b, '\n');
}

/* A recorded value as a person reads it: local times, level names,
 * decimal amounts, references, yes/no. */
static const char *
readable_value(const struct ctx *ctx, const char *field, const char *value,
    char *buf, size_t len)
{
	const struct field *f = complaint_field(field);
	int64_t t, n;
	char *end;

	if (value == NULL)
		return "-";
	if (f == NULL || f->type == FT_TEXT || f->type == FT_STATUS)
		return value;
	if (f->type == FT_TIME) {
		if (time_parse_rfc3339(value, &t) != 0)
			return value;
		time_format_local(t, buf, len);
		return buf;
	}
	n = strtoll(value, &end, 10);
	if (*end != '\0')
		return value;
	switch (f->type) {
	case FT_LEVEL:
		return config_level_name(&ctx->cfg, (int)n);
	case FT_AMOUNT:
		amount_format(n, buf, len);
		return buf;
	case FT_REF:
		cmd_ref(ctx, n, buf, len);
		return buf;
	case FT_BOOL:
		return n ? "yes" : "no";
	default:
		return value;
	}
}

static int
change_text(const char *field, const char *before, const char *after,
    void *arg)
{
	struct show_state *s = arg;
	char b1[TIME_STRLEN + REF_MAX], b2[TIME_STRLEN + REF_MAX];

	buf_printf(s->b, "      %s: ", field);
	put_indented(s->b, readable_value(s->ctx, field, before, b1,
	    sizeof(b1)), "        ");
	buf_puts(s->b, " -> ");
	put_indented(s->b, readable_value(s->ctx, field, after, b2,
	    sizeof(b2)), "        ");
	buf_putc(s->b, '\n');
	return 0;
}

static int
event_text(const struct event *ev, void *arg)
{
	struct show_state *s = arg;
	char t[TIME_STRLEN];
	size_t w;
	int rc;

	time_format_local(ev->at, t, sizeof(t));
	buf_printf(s->b, "  %s  ", t);
	/* Padded by display width, so that 王小明 and Zoë align too. */
	w = term_put(s->b, ev->actor, strlen(ev->actor), TERM_LINE);
	for (; w < 12; w++)
		buf_putc(s->b, ' ');
	buf_putc(s->b, ' ');
	term_put(s->b, ev->action, strlen(ev->action), TERM_LINE);
	buf_puts(s->b, "  (account ");
	if (ev->account)
		term_put(s->b, ev->account, strlen(ev->account), TERM_LINE);
	else
		buf_puts(s->b, "unknown");
	buf_puts(s->b, ")\n");
	if (ev->note) {
		buf_puts(s->b, "      ");
		put_indented(s->b, ev->note, "      ");
		buf_putc(s->b, '\n');
	}
	/* The first event records every field, all shown above already. */
	if (strcmp(ev->action, "log") != 0 && strcmp(ev->action, "import") != 0 &&
	    (rc = store_changes_each(s->ctx->db, ev->changes, change_text, s,
	    &s->ctx->err)) != 0)
		return rc;
	return 0;
}

static int
attachment_text(const struct attachment *a, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "    %lld  ", (long long)a->id);
	put_indented(b, a->name, "    ");
	buf_printf(b, "  %s  %lld bytes%s\n", a->type, (long long)a->size,
	    a->erased ? "  (erased)" : "");
	return 0;
}

static int
show_text(struct ctx *ctx, const struct complaint *c, struct buf *b)
{
	int ncols, i;
	const char *const *cols = cmd_complaint_all_columns(&ncols);
	struct cmd_columns cc;
	struct cell cells[CMD_COLUMNS_MAX];
	char tmp[CMD_COLUMNS_MAX][CELL_TMP_LEN];

	cmd_columns_init(&cc, cols, ncols);
	cmd_complaint_cells(ctx, c, &cc, cells, tmp);
	for (i = 0; i < ncols; i++) {
		char t[TIME_STRLEN];
		const char *v = NULL;

		if (strcmp(cols[i], "details") == 0)
			continue;
		switch (cells[i].type) {
		case CELL_NULL:
			continue;
		case CELL_TEXT:
		case CELL_NUMBER:
			v = cells[i].text;
			break;
		case CELL_INT:
			snprintf(t, sizeof(t), "%lld", (long long)cells[i].num);
			v = t;
			break;
		case CELL_BOOL:
			if (!cells[i].num)
				continue;
			v = "yes";
			break;
		case CELL_TIME:
			if (cells[i].num == TIME_NONE)
				continue;
			time_format_local(cells[i].num, t, sizeof(t));
			v = t;
			break;
		}
		buf_printf(b, "%-18s ", cols[i]);
		put_indented(b, v, "                   ");
		buf_putc(b, '\n');
	}
	if (c->details) {
		buf_puts(b, "details:\n    ");
		put_indented(b, c->details, "    ");
		buf_putc(b, '\n');
	}
	{
		size_t mark = b->len;
		int rc;

		buf_puts(b, "attachments:\n");
		if ((rc = store_attachment_each(ctx->db, c->id,
		    attachment_text, b, &ctx->err)) != 0)
			return rc;
		if (b->len == mark + 13)
			b->len = mark; /* none: no heading */
	}
	return 0;
}

/* The complaints merged into the one shown, as references. */
struct merged_list {
	struct ctx *ctx;
	struct buf refs; /* text: "CMP-1, CMP-2"; json: "\"CMP-1\",..." */
	int json, n;
};

static int
merged_ref(int64_t id, void *arg)
{
	struct merged_list *m = arg;
	char ref[REF_MAX];

	cmd_ref(m->ctx, id, ref, sizeof(ref));
	buf_printf(&m->refs, m->json ? "%s\"%s\"" : "%s%s",
	    m->n++ ? (m->json ? "," : ", ") : "", ref);
	return 0;
}

static int
cmd_show(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_show_def;
	enum out_format fmt = OUT_TABLE;
	struct complaint c;
	struct buf b = BUF_INIT;
	struct show_state s = { ctx, &b, 0, NULL };
	struct merged_list merged = { NULL, BUF_INIT, 0, 0 };
	int64_t id;
	int opt, rc;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case 'f':
			if ((rc = cmd_parse_format(cmd, ctx, optarg, 0, &fmt)))
				return rc;
			if (fmt != OUT_TABLE && fmt != OUT_JSON)
				return cmd_usage_error(cmd, ctx, "show prints "
				    "table or json, not '%s'", optarg);
			break;
		default:
			return EX_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_error(cmd, ctx, optind >= argc ?
		    "a reference is required" : "one reference at a time");
	if ((rc = cmd_parse_ref(ctx, argv[optind], &id)) != 0)
		return rc;
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id, &c,
	    &ctx->err)) != 0)
		goto done;

	merged.ctx = ctx;
	merged.json = fmt == OUT_JSON;
	merged.n = 0;
	if ((rc = store_merged_each(ctx->db, id, merged_ref, &merged,
	    &ctx->err)) != 0)
		goto done;
	if (fmt == OUT_JSON) {
		struct complaint_row row;

		complaint_row_of(&c, &row);
		s.json = complaint_json_new(ctx);
		complaint_json_fields(s.json, &row, &b);
		/* Only a merge target carries it, so that every other
		 * complaint reads as export writes it. */
		if (merged.n > 0)
			buf_printf(&b, ",\"merged\":[%s]",
			    buf_str(&merged.refs));
		buf_puts(&b, ",\"events\":[");
		rc = store_event_each(ctx->db, id, event_json, &s, &ctx->err);
		buf_putc(&b, ']');
		if (rc == 0)
			rc = cmd_attachments_json(ctx, id, &b);
		buf_puts(&b, "}\n");
	} else {
		if ((rc = show_text(ctx, &c, &b)) == 0) {
			if (merged.n > 0)
				buf_printf(&b, "%-18s %s\n", "merged",
				    buf_str(&merged.refs));
			buf_puts(&b, "history:\n");
			rc = store_event_each(ctx->db, id, event_text, &s,
			    &ctx->err);
		}
	}
	if (rc == 0)
		fwrite(b.s, 1, b.len, stdout);
done:
	complaint_json_free(s.json);
	buf_release(&merged.refs);
	buf_release(&b);
	complaint_release(&c);
	return rc;
}
