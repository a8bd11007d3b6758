/*
 * complaint config: check a configuration (every problem, one
 * FILE:LINE:COL line each) or show the one in force as YAML.
 */
#include <string.h>

#include "cmd.h"

static const char usage[] =
    "usage: complaint config check [FILE]\n"
    "       complaint config show\n";

static const struct option options[] = {
	{ NULL, 0, NULL, 0 },
};

static int cmd_config(int, char **, struct ctx *);

/* Not NEED_CONFIG: a broken configuration must reach `config check`. */
const struct command cmd_config_def = {
	"config", cmd_config, 0,
	"check or show the configuration", usage, "", options,
};

static int
config_check_cmd(struct ctx *ctx, const char *path)
{
	struct buf problems = BUF_INIT;
	size_t i, n = 0;
	int rc;

	if (path == NULL)
		return 0; /* the built-in defaults are valid */
	rc = config_check(path, &problems, &ctx->err);
	cmd_put_text(stderr, buf_str(&problems), problems.len);
	for (i = 0; i < problems.len; i++)
		n += problems.s[i] == '\n';
	buf_release(&problems);
	/* Each problem is on stderr already: end with a count, not the
	 * first problem again. */
	if (rc == EX_CONFIG && n > 0)
		return error_set(&ctx->err, EX_CONFIG, "%s: %zu problem%s",
		    path, n, n == 1 ? "" : "s");
	return rc;
}

static int
config_show_cmd(struct ctx *ctx)
{
	struct buf yaml = BUF_INIT;
	int rc;

	if (ctx->config_path) {
		config_release(&ctx->cfg);
		if ((rc = config_load(&ctx->cfg, ctx->config_path,
		    &ctx->err)) != 0)
			return rc;
	}
	if ((rc = config_to_yaml(&ctx->cfg, &yaml, &ctx->err)) == 0)
		fwrite(yaml.s, 1, yaml.len, stdout);
	buf_release(&yaml);
	return rc;
}

static int
cmd_config(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_config_def;
	int opt;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1)
		return EX_USAGE;
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "check or show?");
	if (strcmp(argv[optind], "check") == 0) {
		if (argc - optind > 2)
			return cmd_usage_error(cmd, ctx, "one file at most");
		return config_check_cmd(ctx, optind + 1 < argc ?
		    argv[optind + 1] : ctx->config_path);
	}
	if (strcmp(argv[optind], "show") == 0) {
		if (argc - optind > 1)
			return cmd_usage_error(cmd, ctx, "show takes no "
			    "arguments");
		return config_show_cmd(ctx);
	}
	return cmd_usage_error(cmd, ctx, "unknown subcommand '%s' (expected "
	    "check or show)", argv[optind]);
}
