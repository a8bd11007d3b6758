/*
 * complaint init: write a starter configuration (config.example.yaml,
 * every key documented) where complaint will find it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
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
	int opt, force = 0, fd, rc;
	size_t len = strlen(example_config);
	char *tmp;

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
	if (!force && access(path, F_OK) == 0)
		return error_set(&ctx->err, EX_CANTCREAT,
		    "'%s' exists; use --force to overwrite it", path);
	if ((rc = make_parents(ctx, path)) != 0)
		return rc;

	/* Write beside it and rename, so a crash never leaves half a file. */
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = error_set(&ctx->err, EX_CANTCREAT, "cannot create '%s': %s",
		    path, strerror(errno));
		goto done;
	}
	if (write(fd, example_config, len) != (ssize_t)len || fsync(fd) != 0) {
		rc = error_set(&ctx->err, EX_IOERR, "cannot write '%s': %s",
		    path, strerror(errno));
		close(fd);
		unlink(tmp);
		goto done;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		rc = error_set(&ctx->err, EX_CANTCREAT, "cannot create '%s': %s",
		    path, strerror(errno));
		unlink(tmp);
		goto done;
	}
	buf_printf(&ctx->out, "%s\n", path);
done:
	free(tmp);
	return rc;
}
