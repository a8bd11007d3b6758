/*
 * complaint verify: prove the record is whole. Checks the file's
 * integrity, the schema, foreign keys and the history's hash chain, and
 * names the first event that was edited, inserted or deleted behind the
 * tool's back.
 */
#include <inttypes.h>

#include "audit.h"
#include "cmd.h"

static const char usage[] = "usage: complaint verify [--quiet] [--head HASH]\n";

enum { OPT_HEAD = 256 };

static const struct option options[] = {
	{ "quiet", no_argument, NULL, 'q' },
	{ "head", required_argument, NULL, OPT_HEAD },
	{ NULL, 0, NULL, 0 },
};

static int cmd_verify(int, char **, struct ctx *);

const struct command cmd_verify_def = {
	"verify", cmd_verify, NEED_CONFIG | NEED_DB | THREADS,
	"check the database and the history's hash chain", usage, "q",
	options,
};

static int
cmd_verify(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_verify_def;
	struct audit_report r;
	const char *head = NULL;
	int opt, rc, quiet = 0;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		if (opt == 'q')
			quiet = 1;
		else if (opt == OPT_HEAD)
			head = optarg;
		else
			return EX_USAGE;
	}
	if (optind != argc)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = audit_verify(ctx->db, ctx->cfg.reference_prefix, head, &r,
	    &ctx->err)) != 0)
		return rc;
	/* The head hash, kept elsewhere, also catches a deleted tail. */
	if (!quiet)
		printf("ok: %" PRId64 " events (%" PRId64 " erased), "
		    "head %s\n", r.events, r.redacted,
		    r.head[0] ? r.head : "none");
	return 0;
}
