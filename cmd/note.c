/*
 * complaint note: add a note to a complaint's history, in any status.
 */
#include <string.h>

#include "cmd.h"

static const char usage[] = "usage: complaint note REF TEXT\n";

static const struct option options[] = {
	{ NULL, 0, NULL, 0 },
};

static int cmd_note(int, char **, struct ctx *);

const struct command cmd_note_def = {
	"note", cmd_note, NEED_CONFIG | NEED_DB | WRITES,
	"add a note to a complaint's history", usage, "", options,
};

static int
cmd_note(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_note_def;
	struct complaint c;
	int64_t id;
	int opt, rc;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1)
		return EX_USAGE;
	if (argc - optind != 2)
		return cmd_usage_error(cmd, ctx, argc - optind < 2 ?
		    "a reference and the text are required" :
		    "too many arguments (quote the text)");
	if ((rc = cmd_parse_ref(ctx, argv[optind], &id)) != 0)
		return rc;
	if ((rc = cmd_check_text(ctx, "note", argv[optind + 1])) != 0)
		return rc;
	if (argv[optind + 1][strspn(argv[optind + 1], " \t\n")] == '\0')
		return error_set(&ctx->err, EX_DATAERR, "the note is empty; "
		    "give the text to record");
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id, &c,
	    &ctx->err)) == 0)
		rc = store_complaint_update(ctx->db, &c, &c, ctx->actor, ctx->now,
		    "note", argv[optind + 1], &ctx->err);
	complaint_release(&c);
	return rc;
}
