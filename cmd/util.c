/*
 * Helpers shared by the commands: option parsing with our own messages,
 * output format choice, reference and value checks, and the cells of a
 * complaint for listings.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "name.h"
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

	if (*value == '\0' || value[strlen(value) - 1] == ',')
		return error_set(&ctx->err, EX_DATAERR, "empty status in '%s' "
		    "(expected new, acknowledged, assessed, resolved, closed "
		    "or open, separated by commas)", value);
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
		    "ndjson%s)", value, allow_markdown ? ", markdown, html" : "");
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
	int rc;

	store_rollback(ctx->db);
	if ((rc = store_begin(ctx->db, 1, &ctx->err)) != 0)
		return rc;
	return cmd_idem_begin(ctx);
}

int
cmd_idem_begin(struct ctx *ctx)
{
	struct idem_record *r = &ctx->idem.rec;
	char when[64];
	int rc, found;

	ctx->idem.writing = 1;
	if ((rc = store_idem_purge(ctx->db, time_sub(&ctx->cfg.calendar,
	    ctx->now, &ctx->cfg.idempotency_keep), &ctx->err)) != 0)
		return rc;
	if (ctx->idem.key == NULL)
		return 0;
	idem_record_release(r);
	if ((rc = store_idem_get(ctx->db, ctx->idem.key, r, &found,
	    &ctx->err)) != 0)
		return rc;
	if (!found)
		return 0;
	if (strcmp(r->digest, ctx->idem.digest) == 0) {
		ctx->idem.replay = 1;
		return IDEM_REPLAY;
	}
	time_format_local(r->at, when, sizeof(when));
	return error_set(&ctx->err, EX_DATAERR, "idempotency key '%s' was "
	    "first used at %s by 'complaint %s' with other arguments or "
	    "another user (a new write needs a new key)", ctx->idem.key,
	    when, r->command ? r->command : "?");
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
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id,
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

static int
owner_seen(const struct complaint *c, void *arg)
{
	(void)c;
	*(int *)arg = 1;
	return 0;
}

int
cmd_owner_filter(struct ctx *ctx, const char *value, const char **owner)
{
	static const char *const owner_field = "owner";
	struct complaint_filter f;
	int rc, seen = 0;

	if ((rc = name_check(value, "--owner", &ctx->err)) != 0)
		return rc;
	*owner = strcmp(value, "me") == 0 ? ctx->actor : value;
	if (ctx->db == NULL)
		return 0;
	/* One complaint of that owner, found through its key's index: in
	 * no order, else every complaint of the owner is read to sort
	 * (20,000 rows for one of fifty agents of 1M). */
	complaint_filter_init(&f);
	f.owner = *owner;
	f.limit = 1;
	f.any_order = 1;
	f.fields = complaint_field_mask(&owner_field, 1);
	if ((rc = store_complaint_each(ctx->db, &f, owner_seen, &seen,
	    &ctx->err)) != 0)
		return rc;
	if (!seen)
		buf_printf(&ctx->warnings, "complaint: warning: no complaint "
		    "is owned by '%s'\n", *owner);
	return 0;
}

void
cmd_filter_init(struct cmd_filter *cf)
{
	complaint_filter_init(&cf->f);
	cf->since = cf->until = cf->level = NULL;
}

int
cmd_filter_option(const struct command *cmd, struct ctx *ctx, int opt,
    const char *arg, struct cmd_filter *cf)
{
	struct complaint_filter *f = &cf->f;
	char *end;

	switch (opt) {
	case OPT_FILTER_STATUS:
		return cmd_parse_statuses(ctx, arg, &f->statuses);
	case OPT_FILTER_OPEN: f->statuses |= CMD_OPEN_STATUSES; break;
	case OPT_FILTER_OWNER: f->owner = arg; break;
	case OPT_FILTER_CATEGORY: f->category = arg; break;
	case OPT_FILTER_CHANNEL: f->channel = arg; break;
	case OPT_FILTER_SEVERITY: f->severity = arg; break;
	case OPT_FILTER_LEVEL: cf->level = arg; break;
	case OPT_FILTER_DEPARTMENT: f->department = arg; break;
	case OPT_FILTER_CUSTOMER: f->customer = arg; break;
	case OPT_FILTER_OVERDUE: f->overdue_at = ctx->now; break;
	case OPT_FILTER_SINCE: cf->since = arg; break;
	case OPT_FILTER_UNTIL: cf->until = arg; break;
	case OPT_FILTER_LIMIT:
		errno = 0;
		f->limit = strtoll(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || f->limit < 1 ||
		    errno == ERANGE)
			return error_set(&ctx->err, EX_DATAERR,
			    "invalid limit '%s' (expected a whole number "
			    "from 1 to %lld)", arg, (long long)INT64_MAX);
		break;
	case OPT_FILTER_VOIDED:
	case OPT_FILTER_ALL:
		if (f->voided != VOIDED_HIDE)
			return cmd_usage_error(cmd, ctx, "give --voided or "
			    "--all, not both");
		f->voided = opt == OPT_FILTER_VOIDED ? VOIDED_ONLY :
		    VOIDED_ANY;
		break;
	default:
		return -1;
	}
	return 0;
}

int
cmd_filter_finish(struct ctx *ctx, struct cmd_filter *cf)
{
	struct complaint_filter *f = &cf->f;
	int rc;

	if (f->severity && (rc = cmd_check_listed(ctx, "severity",
	    f->severity, &ctx->cfg.severities)) != 0)
		return rc;
	if (cf->level && (f->level = config_level_lookup(&ctx->cfg,
	    cf->level)) < 0) {
		f->level = NUM_NONE;
		return error_set(&ctx->err, EX_DATAERR, "unknown level '%s' "
		    "(expected frontline or a level of escalation.levels)",
		    cf->level);
	}
	if ((rc = cmd_parse_period(ctx, cf->since, cf->until, &f->since,
	    &f->until)) != 0)
		return rc;
	if (f->owner && (rc = cmd_owner_filter(ctx, f->owner,
	    &f->owner)) != 0)
		return rc;
	return 0;
}

int
cmd_check_reason(const struct command *cmd, struct ctx *ctx,
    const char *reason)
{
	int rc;

	if (reason == NULL)
		return cmd_usage_error(cmd, ctx, "--reason is required");
	if ((rc = cmd_check_text(ctx, "reason", reason)) != 0)
		return rc;
	if (reason[strspn(reason, " \t\n")] == '\0')
		return error_set(&ctx->err, EX_DATAERR, "the reason is empty; "
		    "say why with --reason TEXT");
	return 0;
}

int
cmd_ref_reason_flag(const struct command *cmd, struct ctx *ctx, int argc,
    char **argv, int reason_opt, int flag_opt, const char **ref,
    const char **reason, int *flag)
{
	int opt;

	*ref = *reason = NULL;
	*flag = 0;
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		if (opt == reason_opt)
			*reason = optarg;
		else if (opt == flag_opt)
			*flag = 1;
		else
			return EX_USAGE;
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	*ref = argv[optind];
	return cmd_check_reason(cmd, ctx, *reason);
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
cmd_columns_init(struct cmd_columns *cc, const char *const *names, int n)
{
	int i;

	cc->names = names;
	cc->n = n < CMD_COLUMNS_MAX ? n : CMD_COLUMNS_MAX;
	for (i = 0; i < cc->n; i++)
		cc->fields[i] = complaint_field(names[i]);
}

void
cmd_complaint_cells(const struct ctx *ctx, const struct complaint *c,
    const struct cmd_columns *cc, struct cell *cells,
    char (*tmp)[CELL_TMP_LEN])
{
	int i;

	for (i = 0; i < cc->n; i++) {
		const struct field *f = cc->fields[i];
		int64_t v;

		if (f == NULL) {
			if (strcmp(cc->names[i], "ref") == 0) {
				cmd_ref(ctx, c->id, tmp[i], CELL_TMP_LEN);
				cells[i] = cell_text(tmp[i]);
			} else {
				cells[i] = cell_null();
			}
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
	static const char *cols[CMD_COLUMNS_MAX];
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

int
cmd_read_text(struct ctx *ctx, FILE *fp, const char *name, const char *what,
    char **out)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > TEXT_MAX) {
			buf_release(&b);
			return error_set(&ctx->err, EX_DATAERR,
			    "the %s in '%s' is too long (more than %d bytes)",
			    what, name, TEXT_MAX);
		}
	}
	if (ferror(fp)) {
		buf_release(&b);
		return error_set(&ctx->err, EX_IOERR, "cannot read '%s': %s",
		    name, strerror(errno));
	}
	if (memchr(buf_str(&b), '\0', b.len) != NULL) {
		buf_release(&b);
		return error_set(&ctx->err, EX_DATAERR,
		    "the %s in '%s' has a NUL byte", what, name);
	}
	*out = buf_detach(&b);
	return 0;
}

/* Format FMT into a new buffer and append it to B as one escaped line. */
static void
put_line_v(struct buf *b, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;

	buf_vprintf(&msg, fmt, ap);
	buf_puts(b, "complaint: ");
	term_put(b, buf_str(&msg), msg.len, TERM_LINE);
	buf_putc(b, '\n');
	buf_release(&msg);
}

void
cmd_warn(struct ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_line_v(&ctx->warnings, fmt, ap);
	va_end(ap);
}

void
cmd_error_print(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	put_line_v(&b, fmt, ap);
	va_end(ap);
	fputs(buf_str(&b), stderr);
	buf_release(&b);
}

void
cmd_put_text(FILE *fp, const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	term_put(&b, s, len, TERM_TEXT);
	fwrite(buf_str(&b), 1, b.len, fp);
	buf_release(&b);
}

/* The end of the JSON string whose opening quote is at P, past its
 * closing quote; NULL when it is cut short. */
static const char *
json_skip_string(const char *p)
{
	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return NULL;
		if (*p == '\\' && *++p == '\0')
			return NULL;
	}
	return p + 1;
}

/* The end of the JSON value at P (any kind, nested or not); NULL when it
 * is malformed or cut short. */
static const char *
json_skip_value(const char *p)
{
	int depth = 0;

	do {
		switch (*p) {
		case '\0':
			return NULL;
		case '"':
			if ((p = json_skip_string(p)) == NULL)
				return NULL;
			continue;
		case '[':
		case '{':
			depth++;
			break;
		case ']':
		case '}':
			if (--depth < 0)
				return NULL;
			break;
		case ',':
		case ':':
			if (depth == 0)
				return p;
			break;
		}
		p++;
	} while (depth > 0 || (*p != ',' && *p != ']' && *p != '}' &&
	    *p != '\0'));
	return p;
}

/* One recorded value (the LEN bytes at V) of field F as the complaint's
 * JSON writes it; whatever is not a whole number is copied. */
static void
change_value_json(const struct ctx *ctx, const struct field *f,
    const char *v, size_t len, struct buf *b)
{
	char tmp[CELL_TMP_LEN], *end;
	long long n;

	if (f == NULL || len == 0 || len >= sizeof(tmp) || (f->type !=
	    FT_LEVEL && f->type != FT_BOOL && f->type != FT_AMOUNT &&
	    f->type != FT_REF)) {
		buf_add(b, v, len);
		return;
	}
	memcpy(tmp, v, len);
	tmp[len] = '\0';
	errno = 0;
	n = strtoll(tmp, &end, 10);
	if (*end != '\0' || errno != 0 || !(tmp[0] == '-' ||
	    (tmp[0] >= '0' && tmp[0] <= '9'))) {
		buf_add(b, v, len);
		return;
	}
	switch (f->type) {
	case FT_LEVEL:
		json_put_string(b, config_level_name(&ctx->cfg, (int)n));
		break;
	case FT_BOOL:
		buf_puts(b, n ? "true" : "false");
		break;
	case FT_AMOUNT:
		amount_format(n, tmp, sizeof(tmp));
		buf_puts(b, tmp);
		break;
	default:
		cmd_ref(ctx, n, tmp, sizeof(tmp));
		json_put_string(b, tmp);
		break;
	}
}

/* The changes at P into B; 0, or -1 when they are not the
 * {"field":[before,after],...} that complaint.c records. */
static int
changes_json(const struct ctx *ctx, const char *p, struct buf *b)
{
	const struct field *f;
	const char *key, *end;

	if (*p++ != '{')
		return -1;
	buf_putc(b, '{');
	if (*p == '}')
		goto close;
	for (;;) {
		if (*p != '"' || (end = json_skip_string(p)) == NULL)
			return -1;
		key = p + 1;
		f = complaint_field_n(key, (size_t)(end - 1 - key));
		buf_add(b, p, (size_t)(end - p));
		p = end;
		if (*p++ != ':')
			return -1;
		buf_putc(b, ':');
		if (*p == '[') {
			buf_putc(b, *p++);
			while (*p != ']') {
				if ((end = json_skip_value(p)) == NULL)
					return -1;
				change_value_json(ctx, f, p, (size_t)(end - p),
				    b);
				p = end;
				if (*p == ',')
					buf_putc(b, *p++);
				else if (*p != ']')
					return -1;
			}
			buf_putc(b, *p++);
		} else {
			if ((end = json_skip_value(p)) == NULL)
				return -1;
			buf_add(b, p, (size_t)(end - p));
			p = end;
		}
		if (*p == '}')
			break;
		if (*p++ != ',')
			return -1;
		buf_putc(b, ',');
	}
close:
	buf_putc(b, '}');
	return p[1] == '\0' ? 0 : -1;
}

void
cmd_changes_json(const struct ctx *ctx, const char *changes, struct buf *b)
{
	size_t start = b->len;

	if (changes == NULL || *changes == '\0') {
		buf_add(b, "{}", 2);
		return;
	}
	if (changes_json(ctx, changes, b) != 0) {
		/* Not of our making: as it is stored. */
		b->len = start;
		buf_puts(b, changes);
	}
}

void
cmd_table_fit(struct out *o)
{
	/* Shown whole: what names a row, its state and its kind. */
	static const char *const whole[] = {
		"ref", "status", "kind", "rule", "from", "to", "id",
	};
	/* Free text, in the order it gives way (SPEC 7). */
	static const char *const first[][2] = {
		{ "summary", "1" }, { "idea", "1" }, { "root_cause", "1" },
		{ "resolution", "1" }, { "customer", "2" }, { "category", "3" },
	};
	size_t i;

	for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		out_cut(o, whole[i], 0);
	for (i = 0; i < sizeof(first) / sizeof(first[0]); i++)
		out_cut(o, first[i][0], first[i][1][0] - '0');
}

static int
attachment_json(const struct attachment *a, void *arg)
{
	struct buf *b = arg;
	char t[TIME_STRLEN];

	if (b->len > 0 && b->s[b->len - 1] == '}')
		buf_putc(b, ',');
	buf_puts(b, "{\"id\":");
	json_put_int(b, a->id);
	buf_puts(b, ",\"name\":");
	json_put_string(b, a->name);
	buf_puts(b, ",\"type\":");
	json_put_string(b, a->type);
	buf_puts(b, ",\"size\":");
	json_put_int(b, a->size);
	buf_puts(b, ",\"sha256\":");
	json_put_string(b, a->sha256);
	time_format_utc(a->added_at, t, sizeof(t));
	buf_printf(b, ",\"added_at\":\"%s\",\"added_by\":", t);
	json_put_string(b, a->added_by);
	buf_printf(b, ",\"erased\":%s}", a->erased ? "true" : "false");
	return 0;
}

int
cmd_attachments_json(struct ctx *ctx, int64_t id, struct buf *b)
{
	int rc;

	buf_puts(b, ",\"attachments\":[");
	rc = store_attachment_each(ctx->db, id, attachment_json, b,
	    &ctx->err);
	buf_putc(b, ']');
	return rc;
}
