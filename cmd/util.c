/*
 * Helpers shared by the commands: option parsing with our own messages,
 * output format choice, reference and value checks, and the cells of a
 * complaint for listings.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "text.h"
#include "timeutil.h"

int
cmd_usage_error(const struct command *cmd, struct ctx *ctx, const char *fmt,
    ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return error_set(&ctx->err, EX_USAGE, "%s: %s (see 'complaint %s -h')",
	    cmd->name, msg, cmd->name);
}

int
cmd_getopt(const struct command *cmd, int argc, char **argv,
    struct ctx *ctx)
{
	char optstring[128];
	int c, before = optind ? optind : 1;

	/* A leading ':' makes getopt tell a missing argument from an
	 * unknown option. */
	snprintf(optstring, sizeof(optstring), ":%s",
	    cmd->short_opts ? cmd->short_opts : "");
	c = getopt_long(argc, argv, optstring, cmd->long_opts, NULL);
	if (c == '?') {
		const char *arg = optind - 1 < argc && optind - 1 >= before ?
		    argv[optind - 1] : "?";

		if (optopt && optopt != '?' && (arg[0] != '-' || arg[1] != '-'))
			cmd_usage_error(cmd, ctx, "unknown option '-%c'", optopt);
		else
			cmd_usage_error(cmd, ctx, "unknown option '%s'", arg);
		return '?';
	}
	if (c == ':') {
		const char *arg = optind - 1 < argc ? argv[optind - 1] : "?";

		if (optopt && (arg[0] != '-' || arg[1] != '-'))
			cmd_usage_error(cmd, ctx, "option '-%c' needs a value",
			    optopt);
		else
			cmd_usage_error(cmd, ctx, "option '%s' needs a value",
			    arg);
		return '?';
	}
	return c;
}

int
cmd_parse_statuses(struct ctx *ctx, const char *value, unsigned *set)
{
	char item[32];
	const char *p = value;

	while (*p) {
		size_t n = strcspn(p, ",");
		int st;

		snprintf(item, sizeof(item), "%.*s", (int)n, p);
		if (strcmp(item, "open") == 0)
			*set |= CMD_OPEN_STATUSES;
		else if ((st = status_lookup(item)) >= 0)
			*set |= 1u << st;
		else
			return error_set(&ctx->err, EX_DATAERR,
			    "unknown status '%s' (expected new, acknowledged, "
			    "assessed, resolved, closed or open)", item);
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
cmd_parse_period(struct ctx *ctx, const char *since, const char *until,
    int64_t *from, int64_t *to)
{
	int rc;

	if (since && (rc = time_parse_bound(since, ctx->now,
	    &ctx->cfg.calendar, 0, from, &ctx->err)) != 0)
		return rc;
	if (until && (rc = time_parse_bound(until, ctx->now,
	    &ctx->cfg.calendar, 1, to, &ctx->err)) != 0)
		return rc;
	return 0;
}

int
cmd_parse_format(const struct command *cmd, struct ctx *ctx,
    const char *value, int allow_markdown, enum out_format *fmt)
{
	int f = out_format_lookup(value);

	if (f < 0 || (f == OUT_MARKDOWN && !allow_markdown))
		return cmd_usage_error(cmd, ctx,
		    "unknown format '%s' (expected table, tsv, csv, json, "
		    "ndjson%s)", value, allow_markdown ? ", markdown" : "");
	*fmt = (enum out_format)f;
	return 0;
}

enum out_format
cmd_default_format(const struct ctx *ctx)
{
	return ctx->stdout_tty ? OUT_TABLE : OUT_TSV;
}

int
cmd_terminal_width(const struct ctx *ctx)
{
	struct winsize ws;
	const char *cols;

	if (!ctx->stdout_tty)
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if ((cols = getenv("COLUMNS")) != NULL && atoi(cols) > 0)
		return atoi(cols);
	return 80;
}

void
cmd_ref(const struct ctx *ctx, int64_t id, char *buf, size_t len)
{
	ref_format(ctx->cfg.reference_prefix, id, buf, len);
}

int
cmd_parse_ref(struct ctx *ctx, const char *s, int64_t *id)
{
	return ref_parse(ctx->cfg.reference_prefix, s, id, &ctx->err);
}

int
cmd_begin_write(struct ctx *ctx)
{
	/* main's deferred BEGIN has read nothing yet: no snapshot to lose. */
	db_rollback(&ctx->db);
	return db_begin(&ctx->db, 1, &ctx->err);
}

int
cmd_load_for_step(struct ctx *ctx, const char *ref, enum lc_step step,
    struct complaint *before, struct complaint *after)
{
	char name[REF_MAX];
	int64_t id;
	int rc;

	complaint_init(before);
	complaint_init(after);
	if ((rc = cmd_parse_ref(ctx, ref, &id)) != 0)
		return rc;
	complaint_release(before);
	if ((rc = complaint_load(&ctx->db, ctx->cfg.reference_prefix, id,
	    before, &ctx->err)) != 0)
		return rc;
	cmd_ref(ctx, id, name, sizeof(name));
	if ((rc = lifecycle_allowed(before, step, name, &ctx->err)) != 0)
		return rc;
	complaint_release(after);
	complaint_copy(after, before);
	return 0;
}

int
cmd_check_listed(struct ctx *ctx, const char *what, const char *value,
    const struct strlist *list)
{
	struct buf accepted = BUF_INIT;
	size_t i;
	int rc;

	if (strlist_find(list, value) >= 0)
		return 0;
	for (i = 0; i < list->n; i++)
		buf_printf(&accepted, "%s%s", i ? ", " : "", list->v[i]);
	rc = error_set(&ctx->err, EX_DATAERR,
	    "unknown %s '%s' (expected one of: %s)", what, value,
	    buf_str(&accepted));
	buf_release(&accepted);
	return rc;
}

int
cmd_check_text(struct ctx *ctx, const char *what, const char *value)
{
	size_t len = strlen(value);

	if (len > TEXT_MAX)
		return error_set(&ctx->err, EX_DATAERR,
		    "%s is too long (%zu bytes; at most %d)", what, len,
		    TEXT_MAX);
	if (!utf8_valid(value, len))
		return error_set(&ctx->err, EX_DATAERR,
		    "%s is not valid UTF-8", what);
	return 0;
}

void
cmd_complaint_cells(const struct ctx *ctx, const struct complaint *c,
    const char *const *cols, int ncols, struct cell *cells,
    char (*tmp)[CELL_TMP_LEN])
{
	int i, nall;
	/* Every column in field order (export, list --format json): no
	 * need to look each name up, a million times over. */
	int all = cols == cmd_complaint_all_columns(&nall);

	for (i = 0; i < ncols; i++) {
		const struct field *f;
		int64_t v;

		if (all ? i == 0 : strcmp(cols[i], "ref") == 0) {
			cmd_ref(ctx, c->id, tmp[i], CELL_TMP_LEN);
			cells[i] = cell_text(tmp[i]);
			continue;
		}
		f = all ? &complaint_fields[i - 1] : complaint_field(cols[i]);
		if (f == NULL) {
			cells[i] = cell_null();
			continue;
		}
		if (f->type == FT_TEXT) {
			cells[i] = cell_text(*field_text_const(c, f));
			continue;
		}
		v = *field_num_const(c, f);
		switch (f->type) {
		case FT_STATUS:
			cells[i] = cell_text(status_name(v));
			break;
		case FT_LEVEL:
			cells[i] = cell_text(config_level_name(&ctx->cfg,
			    (int)v));
			break;
		case FT_TIME:
			cells[i] = cell_time(v);
			break;
		case FT_BOOL:
			cells[i] = v == NUM_NONE ? cell_null() : cell_bool(v != 0);
			break;
		case FT_AMOUNT:
			if (v == NUM_NONE) {
				cells[i] = cell_null();
			} else {
				amount_format(v, tmp[i], CELL_TMP_LEN);
				cells[i] = cell_number(tmp[i]);
			}
			break;
		case FT_REF:
			if (v == NUM_NONE) {
				cells[i] = cell_null();
			} else {
				cmd_ref(ctx, v, tmp[i], CELL_TMP_LEN);
				cells[i] = cell_text(tmp[i]);
			}
			break;
		case FT_INT:
		default:
			cells[i] = v == NUM_NONE ? cell_null() : cell_int(v);
			break;
		}
	}
}

const char *const *
cmd_complaint_all_columns(int *ncols)
{
	static const char *cols[64];
	static int n;
	size_t i;

	if (n == 0) {
		cols[n++] = "ref";
		for (i = 0; i < complaint_nfields; i++)
			cols[n++] = complaint_fields[i].name;
	}
	*ncols = n;
	return cols;
}

void
cmd_cells_json(const char *const *cols, const struct cell *cells, int n,
    struct buf *b)
{
	int i;

	buf_putc(b, '{');
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		json_put_string(b, cols[i]);
		buf_putc(b, ':');
		json_put_cell(b, &cells[i]);
	}
	buf_putc(b, '}');
}

int
cmd_require_role(struct ctx *ctx, const char *action)
{
	if (!ctx->cfg.has_roles ||
	    strlist_find(&ctx->cfg.managers, ctx->account) >= 0)
		return 0;
	return error_set(&ctx->err, EX_NOPERM,
	    "account %s may not %s: only the accounts of roles.managers may",
	    ctx->account, action);
}
