/*
 * complaint note: add a note to a complaint's history, in any status.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "xmalloc.h"

static const char usage[] = "usage: complaint note REF TEXT|-\n";

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
	char *text;
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
	/* "-" reads the text from standard input, as log's details. */
	if (strcmp(argv[optind + 1], "-") == 0) {
		if ((rc = cmd_read_text(ctx, stdin, "standard input", "note",
		    &text)) != 0)
			return rc;
	} else
		text = xstrdup(argv[optind + 1]);
	if ((rc = cmd_check_text(ctx, "note", text)) != 0)
		goto done;
	if (text[strspn(text, " \t\n")] == '\0') {
		rc = error_set(&ctx->err, EX_DATAERR, "the note is empty; "
		    "give the text to record");
		goto done;
	}
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id, &c,
	    &ctx->err)) == 0)
		rc = store_complaint_update(ctx->db, &c, &c, ctx->actor, ctx->now,
		    "note", text, &ctx->err);
	complaint_release(&c);
done:
	free(text);
	return rc;
}
