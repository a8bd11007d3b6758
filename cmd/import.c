/*
 * complaint import: complaints from a CSV file, in one transaction. The
 * layout is recognised by the header line, or given by a YAML map;
 * complaint-import(1) documents both and how values are mapped.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "csv.h"
#include "import.h"

static const char usage[] =
    "usage: complaint import [--map FILE.yaml] [--dates ymd|dmy|mdy]\n"
    "                        [--strict] [--skip-bad] FILE | -\n";

enum { OPT_MAP = 256, OPT_DATES, OPT_STRICT, OPT_SKIP_BAD };

static const struct option options[] = {
	{ "map", required_argument, NULL, OPT_MAP },
	{ "dates", required_argument, NULL, OPT_DATES },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD },
	{ NULL, 0, NULL, 0 },
};

static int cmd_import(int, char **, struct ctx *);

const struct command cmd_import_def = {
	"import", cmd_import, NEED_CONFIG | NEED_DB | WRITES | THREADS,
	"import complaints from a CSV file", usage, "", options,
};

/* Progress on a terminal: records, rate, and time left when the size of
 * the input is known. */
struct progress {
	struct timespec start;
	off_t size;
	int shown;
};

static double
elapsed(const struct progress *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - p->start.tv_sec) +
	    (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
}

static void
show_progress(const struct csv *c, uint64_t records, void *arg)
{
	struct progress *p = arg;
	double secs = elapsed(p), rate = secs > 0 ? (double)records / secs : 0;

	fprintf(stderr, "\rimport: %llu records, %.0f/s", (unsigned long long)
	    records, rate);
	if (p->size > 0 && c->consumed > 0 && secs > 0) {
		double left = secs * ((double)p->size / (double)c->consumed - 1);

		fprintf(stderr, ", %.0fs left ", left > 0 ? left : 0);
	}
	fputs("\033[K", stderr);
	p->shown = 1;
}

/*
 * A skipped record's line, to standard error at once: kept until the
 * commit, millions of them held hundreds of megabytes. They describe the
 * input, true whether or not the import then commits.
 */
static void
report_bad(const char *line, void *arg)
{
	(void)arg;
	/* The line quotes the input: shown escaped, as every message. */
	cmd_error_print("%s", line);
}

static void
summarise(struct ctx *ctx, const char *file, const struct import_stats *st)
{
	size_t i;

	cmd_warn(ctx, "%s: imported %llu, skipped %llu, duplicates %llu, new "
	    "values %zu (layout %s)", file,
	    (unsigned long long)st->imported, (unsigned long long)st->skipped,
	    (unsigned long long)st->duplicates, st->nnew,
	    st->layout ? st->layout : "?");
	for (i = 0; i < st->nnew; i++)
		cmd_warn(ctx, "new %s '%s' in %llu record%s (not in the "
		    "configuration)",
		    import_target_name(st->newvalues[i].target),
		    st->newvalues[i].value,
		    (unsigned long long)st->newvalues[i].count,
		    st->newvalues[i].count == 1 ? "" : "s");
}

static int
cmd_import(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_import_def;
	struct import_opts o;
	struct import_stats st;
	struct import_map map;
	struct progress prog;
	struct csv c;
	struct stat sb;
	const char *map_path = NULL, *path;
	int opt, rc, fd, have_map = 0;

	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	o.dates = -1;
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_MAP: map_path = optarg; break;
		case OPT_DATES:
			if ((o.dates = date_order_lookup(optarg)) < 0)
				return cmd_usage_error(cmd, ctx, "unknown date "
				    "order '%s' (expected ymd, dmy or mdy)",
				    optarg);
			break;
		case OPT_STRICT: o.strict = 1; break;
		case OPT_SKIP_BAD: o.skip_bad = 1; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a file is required "
		    "(- for standard input)");
	if (optind + 1 < argc)
		return cmd_usage_error(cmd, ctx, "one file at a time");
	path = argv[optind];
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		o.file = "standard input";
	} else {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			return error_set(&ctx->err, EX_NOINPUT,
			    "cannot read '%s': %s", path, strerror(errno));
		if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			close(fd);
			return error_set(&ctx->err, EX_NOINPUT,
			    "cannot read '%s': it is a directory", path);
		}
		o.file = path;
	}
	if (map_path) {
		if ((rc = import_map_load(&map, map_path, &ctx->err)) != 0)
			goto done;
		have_map = 1;
	}
	o.actor = ctx->actor;
	o.now = ctx->now;
	o.bad_record = report_bad;
	memset(&prog, 0, sizeof(prog));
	if (isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
			prog.size = sb.st_size;
		o.progress = show_progress;
		o.progress_arg = &prog;
	}
	csv_init_fd(&c, fd, o.file);
	rc = import_run(ctx->db, &ctx->cfg, &c, have_map ? &map : NULL, &o,
	    &st, NULL, &ctx->err);
	csv_release(&c);
	if (prog.shown)
		fputs("\r\033[K", stderr);
	if (rc == 0)
		summarise(ctx, o.file, &st);
done:
	if (have_map)
		import_map_release(&map);
	import_stats_release(&st);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}
