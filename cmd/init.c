/*
 * complaint init: write a starter configuration (config.example.yaml,
 * every key documented) where complaint will find it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "safefile.h"
#include "xmalloc.h"

static const char usage[] = "usage: complaint init [--force] [PATH]\n";

static const struct option options[] = {
	{ "force", no_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_init(int, char **, struct ctx *);

const struct command cmd_init_def = {
	"init", cmd_init, 0,
	"write a starter configuration", usage, "f", options,
};

/* mkdir -p for the parents of PATH. */
static int
make_parents(struct ctx *ctx, const char *path)
{
	char *dir = xstrdup(path), *p;
	int rc = 0;

	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			rc = error_set(&ctx->err, EX_CANTCREAT,
			    "cannot create directory '%s': %s", dir,
			    strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

static int
cmd_init(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_init_def;
	const char *path = ctx->config_target;
	struct stat st;
	int opt, force = 0, rc;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		if (opt != 'f')
			return EX_USAGE;
		force = 1;
	}
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "one path at most");
	if (optind < argc)
		path = argv[optind];
	if (path == NULL)
		return error_set(&ctx->err, EX_CANTCREAT,
		    "no place for the configuration: give a PATH or set HOME");
	/* lstat: a planted link, even a dangling one, is something there. */
	if (!force && lstat(path, &st) == 0)
		return error_set(&ctx->err, EX_CANTCREAT,
		    "'%s' exists; use --force to overwrite it", path);
	if ((rc = make_parents(ctx, path)) != 0)
		return rc;
	/* A new file beside it, renamed into place: a crash never leaves
	 * half a file, and a symbolic link at PATH is replaced, never
	 * followed. Without --force, a file that appeared meanwhile stays. */
	if ((rc = safefile_write_all(path, example_config,
	    strlen(example_config), 0644, 0, force, &ctx->err)) != 0) {
		if (!force && lstat(path, &st) == 0)
			return error_set(&ctx->err, EX_CANTCREAT,
			    "'%s' exists; use --force to overwrite it", path);
		return rc;
	}
	buf_printf(&ctx->out, "%s\n", path);
	return 0;
}
