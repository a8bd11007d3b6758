/*
 * complaint backup: a consistent copy of the database while others keep
 * writing (SQLite's online backup API), for the nightly cron job. The
 * copy is a new file, private to its owner.
 */
#include "cmd.h"

static const char usage[] = "usage: complaint backup FILE\n";

static const struct option options[] = {
	{ NULL, 0, NULL, 0 },
};

static int cmd_backup(int, char **, struct ctx *);

const struct command cmd_backup_def = {
	"backup", cmd_backup, NEED_CONFIG | NEED_DB,
	"copy the database consistently while it is in use", usage, "",
	options,
};

static int
cmd_backup(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_backup_def;
	int opt;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1)
		return EX_USAGE;
	if (argc - optind != 1)
		return cmd_usage_error(cmd, ctx, argc == optind ?
		    "the file to write is required" : "too many arguments");
	return store_backup(ctx->db, argv[optind], &ctx->err);
}
