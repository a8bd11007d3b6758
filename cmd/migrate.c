/*
 * complaint migrate --to URI: a team outgrowing one file moves to a
 * PostgreSQL server. Every row of the SQLite database (complaints,
 * their history with its hash chain, ideas, rule firings, attachments,
 * idempotency keys) is copied into an empty PostgreSQL database in one
 * transaction: all of it or nothing. The bytes kept are the bytes
 * hashed, so verify on the copy ends at the same head.
 */
#include <inttypes.h>

#include "cmd.h"

static const char usage[] = "usage: complaint migrate --to URI\n";

enum { OPT_TO = 256 };

static const struct option options[] = {
	{ "to", required_argument, NULL, OPT_TO },
	{ NULL, 0, NULL, 0 },
};

static int cmd_migrate(int, char **, struct ctx *);

const struct command cmd_migrate_def = {
	"migrate", cmd_migrate, NEED_CONFIG | NEED_DB,
	"copy a SQLite database into an empty PostgreSQL one", usage, "",
	options,
};

static int
cmd_migrate(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_migrate_def;
	struct store_options so;
	struct store *to = NULL;
	const char *uri = NULL;
	int64_t complaints = 0, events = 0;
	int opt, rc;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		if (opt == OPT_TO)
			uri = optarg;
		else
			return EX_USAGE;
	}
	if (optind != argc)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind]);
	if (uri == NULL || *uri == '\0')
		return cmd_usage_error(cmd, ctx, "--to URI is required (the "
		    "PostgreSQL database to copy into)");
	if (store_engine_of(uri) != STORE_PG)
		return cmd_usage_error(cmd, ctx, "--to takes a PostgreSQL "
		    "database (postgresql://..., postgres://..., "
		    "service=NAME), not a file: 'complaint backup FILE' "
		    "copies into a SQLite file");
	if (store_engine_of(store_where(ctx->db)) != STORE_SQLITE)
		return cmd_usage_error(cmd, ctx, "the database to copy from "
		    "must be a SQLite file (--db); this one is %s",
		    store_engine_name(ctx->db));

	memset(&so, 0, sizeof(so));
	so.busy_ms = ctx->cfg.busy_timeout_ms;
	if ((rc = store_open(&to, uri, &so, &ctx->err)) != 0)
		return rc;
	if ((rc = store_begin(to, 1, &ctx->err)) == 0 &&
	    (rc = store_copy(ctx->db, to, &complaints, &events,
	    &ctx->err)) == 0)
		rc = store_commit(to, &ctx->err);
	store_close(to);
	if (rc != 0)
		return rc;
	printf("migrated %" PRId64 " complaint%s and %" PRId64 " event%s\n",
	    complaints, complaints == 1 ? "" : "s", events,
	    events == 1 ? "" : "s");
	return 0;
}
