/*
 * complaint attach: files kept with a complaint (the customer's photo,
 * an e-mail, a receipt), any bytes up to limits.attachment, stored in
 * the database and streamed in and out so memory stays flat; --list and
 * --get read them back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "filetype.h"
#include "safefile.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint attach REF FILE... [--note TEXT]\n"
    "       complaint attach REF --list [--format table|tsv|csv|json|ndjson]\n"
    "       complaint attach REF --get ID [-o FILE]\n";

enum { OPT_NOTE = 256, OPT_LIST, OPT_GET, OPT_FORMAT };

static const struct option options[] = {
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "get", required_argument, NULL, OPT_GET },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

static int cmd_attach(int, char **, struct ctx *);

/* Not WRITES: --list and --get only read (and --get streams to stdout,
 * which a write command would hold in memory); adding takes the write
 * lock itself. */
const struct command cmd_attach_def = {
	"attach", cmd_attach, NEED_CONFIG | NEED_DB | MAY_WRITE,
	"attach files to a complaint, list them or get one back", usage,
	"o:", options,
};

static const char *const list_columns[] = {
	"id", "name", "type", "size", "sha256", "added_at", "added_by",
};
#define NLIST ((int)(sizeof(list_columns) / sizeof(list_columns[0])))

struct file {
	const char *path;
	const char *name;
	int fd;
	int64_t size;
	char type[128];
};

static int
read_fd(void *arg, void *p, size_t len, size_t *got, struct error *err)
{
	struct file *f = arg;
	ssize_t n;

	do
		n = read(f->fd, p, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return error_set(err, EX_IOERR, "cannot read '%s': %s",
		    f->path, strerror(errno));
	*got = (size_t)n;
	return 0;
}

/* Open and check every file before anything is stored. */
static int
open_file(struct ctx *ctx, struct file *f, const char *path)
{
	struct stat st;
	unsigned char *peek;
	ssize_t n;
	const char *slash;
	int rc;

	f->path = path;
	slash = strrchr(path, '/');
	f->name = slash ? slash + 1 : path;
	if ((f->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return error_set(&ctx->err, errno == ENOENT ? EX_NOINPUT :
		    EX_IOERR, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return error_set(&ctx->err, EX_DATAERR, "'%s' is not a "
		    "regular file (attach takes files)", path);
	if (*f->name == '\0')
		return error_set(&ctx->err, EX_DATAERR, "'%s' has no file "
		    "name", path);
	if ((rc = cmd_check_text(ctx, "file name", f->name)) != 0)
		return rc;
	f->size = (int64_t)st.st_size;
	if (f->size > ctx->cfg.attachment_max)
		return error_set(&ctx->err, EX_DATAERR, "'%s' is %lld bytes, "
		    "over the limit of %lld (limits.attachment in the "
		    "configuration)", path, (long long)f->size,
		    (long long)ctx->cfg.attachment_max);
	peek = xmalloc(FILETYPE_PEEK);
	n = pread(f->fd, peek, FILETYPE_PEEK, 0);
	if (n < 0) {
		free(peek);
		return error_set(&ctx->err, EX_IOERR, "cannot read '%s': %s",
		    path, strerror(errno));
	}
	rc = filetype_detect(peek, (size_t)n, f->type, sizeof(f->type),
	    &ctx->err);
	free(peek);
	return rc;
}

int
cmd_attach_one(struct ctx *ctx, struct complaint *c, const char *name,
    const char *type, int64_t size, attach_read_fn rd, void *rd_arg,
    const char *note, int print)
{
	struct buf text = BUF_INIT;
	char sha[65];
	int64_t att;
	int rc;

	if ((rc = store_attachment_add(ctx->db, c->id, name, type, size, rd,
	    rd_arg, ctx->actor, ctx->now, &att, sha, &ctx->err)) != 0)
		return rc;
	/* The history names the file and its SHA-256, so the hash chain
	 * vouches for the bytes. */
	buf_printf(&text, "attachment %lld: %s (%s, %lld bytes, sha256 %s)",
	    (long long)att, name, type, (long long)size, sha);
	if (note != NULL)
		buf_printf(&text, "\n%s", note);
	rc = store_complaint_update(ctx->db, c, c, ctx->actor, ctx->now,
	    "attach", buf_str(&text), &ctx->err);
	buf_release(&text);
	if (rc == 0 && print)
		buf_printf(&ctx->out, "%lld\n", (long long)att);
	return rc;
}

static int
attach_files(struct ctx *ctx, int64_t id, char **paths, int n,
    const char *note)
{
	struct file *files = xcalloc((size_t)n, sizeof(*files));
	struct complaint c;
	int i, rc = 0;

	complaint_init(&c);
	for (i = 0; i < n; i++)
		files[i].fd = -1;
	if (note != NULL && (rc = cmd_check_text(ctx, "note", note)) != 0)
		goto done;
	for (i = 0; i < n; i++)
		if ((rc = open_file(ctx, &files[i], paths[i])) != 0)
			goto done;
	if ((rc = cmd_begin_write(ctx)) != 0 ||
	    (rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id,
	    &c, &ctx->err)) != 0)
		goto done;
	for (i = 0; i < n; i++)
		if ((rc = cmd_attach_one(ctx, &c, files[i].name, files[i].type,
		    files[i].size, read_fd, &files[i], note, 1)) != 0)
			goto done;
done:
	for (i = 0; i < n; i++)
		if (files[i].fd >= 0)
			close(files[i].fd);
	free(files);
	complaint_release(&c);
	return rc;
}

static int
list_row(const struct attachment *a, void *arg)
{
	struct out *o = arg;
	struct cell cells[NLIST];

	cells[0] = cell_int(a->id);
	cells[1] = cell_text(a->name);
	cells[2] = cell_text(a->type);
	cells[3] = cell_int(a->size);
	cells[4] = cell_text(a->sha256);
	cells[5] = cell_time(a->added_at);
	cells[6] = cell_text(a->added_by);
	out_row(o, cells);
	return 0;
}

struct sink {
	FILE *fp;
	struct safefile *sf;
};

static int
write_out(void *arg, const void *p, size_t len, struct error *err)
{
	struct sink *s = arg;

	if (s->sf != NULL)
		return safefile_write(s->sf, p, len, err);
	if (fwrite(p, 1, len, s->fp) != len)
		return error_set(err, EX_IOERR, "write error on standard "
		    "output");
	return 0;
}

static int
get_file(struct ctx *ctx, int64_t id, const char *idtext, const char *path)
{
	struct safefile sf;
	struct sink s = { stdout, NULL };
	char *end;
	long long att;
	int rc;

	errno = 0;
	att = strtoll(idtext, &end, 10);
	if (*idtext == '\0' || *end != '\0' || att < 1 || errno == ERANGE)
		return error_set(&ctx->err, EX_DATAERR, "invalid attachment "
		    "id '%s' (expected a whole number from attach REF --list)",
		    idtext);
	if (path != NULL) {
		if ((rc = safefile_open(&sf, path, 0600, 0, &ctx->err)) != 0)
			return rc;
		s.sf = &sf;
	}
	rc = store_attachment_get(ctx->db, id, att, write_out, &s, &ctx->err);
	if (path != NULL) {
		if (rc == 0)
			return safefile_commit(&sf, 0, &ctx->err);
		safefile_abort(&sf);
		return rc;
	}
	if (rc == 0 && fflush(stdout) != 0)
		rc = error_set(&ctx->err, EX_IOERR, "write error on standard "
		    "output");
	return rc;
}

static int
cmd_attach(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_attach_def;
	enum out_format fmt = cmd_default_format(ctx);
	const char *note = NULL, *get = NULL, *output = NULL;
	int opt, rc, list = 0, fmt_given = 0;
	int64_t id;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_NOTE: note = optarg; break;
		case OPT_LIST: list = 1; break;
		case OPT_GET: get = optarg; break;
		case 'o': output = optarg; break;
		case OPT_FORMAT:
			if ((rc = cmd_parse_format(cmd, ctx, optarg, 0, &fmt)))
				return rc;
			fmt_given = 1;
			break;
		default:
			return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (list && get != NULL)
		return cmd_usage_error(cmd, ctx, "--list and --get go "
		    "separately");
	if ((list || get != NULL) && (note != NULL || argc - optind > 1))
		return cmd_usage_error(cmd, ctx, "%s takes a reference alone",
		    list ? "--list" : "--get");
	if (output != NULL && get == NULL)
		return cmd_usage_error(cmd, ctx, "-o goes with --get");
	if (fmt_given && !list)
		return cmd_usage_error(cmd, ctx, "--format goes with --list");
	if (!list && get == NULL && argc - optind < 2)
		return cmd_usage_error(cmd, ctx, "give the files to attach "
		    "after the reference");
	if ((rc = cmd_parse_ref(ctx, argv[optind], &id)) != 0)
		return rc;
	if (get != NULL)
		return get_file(ctx, id, get, output);
	if (list) {
		struct out *o = out_begin(stdout, fmt, list_columns, NLIST,
		    ctx->color, cmd_terminal_width(ctx));

		cmd_table_fit(o);
		rc = store_attachment_each(ctx->db, id, list_row, o,
		    &ctx->err);
		if (out_end(o) != 0 && rc == 0)
			rc = error_set(&ctx->err, EX_IOERR,
			    "write error on standard output");
		return rc;
	}
	return attach_files(ctx, id, argv + optind + 1, argc - optind - 1,
	    note);
}
