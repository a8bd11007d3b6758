/*
 * complaint letter: print one of the letters regulators require (the
 * acknowledgement, the summary resolution letter, the holding letter,
 * the final response) for a complaint, at any time; with --sent, record
 * in its history that it was sent by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "letter.h"

static const char usage[] =
    "usage: complaint letter REF --kind acknowledgement|summary|holding|final\n"
    "                        [--sent]\n";

enum { OPT_KIND = 256, OPT_SENT };

static const struct option options[] = {
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "sent", no_argument, NULL, OPT_SENT },
	{ NULL, 0, NULL, 0 },
};

static int cmd_letter(int, char **, struct ctx *);

/* Reads alone unless --sent: then the transaction becomes a write. */
const struct command cmd_letter_def = {
	"letter", cmd_letter, NEED_CONFIG | NEED_DB | MAY_WRITE,
	"print a letter for a complaint, or record one as sent", usage, "",
	options,
};

static int
cmd_letter(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_letter_def;
	struct complaint c, after;
	struct buf text = BUF_INIT, note = BUF_INIT;
	const char *kind = NULL;
	enum letter_kind k;
	int64_t id;
	int opt, rc, sent = 0;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_KIND: kind = optarg; break;
		case OPT_SENT: sent = 1; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (kind == NULL)
		return cmd_usage_error(cmd, ctx, "--kind is required "
		    "(acknowledgement, summary, holding or final)");
	if ((rc = letter_kind_lookup(kind, &k, &ctx->err)) != 0)
		return rc;
	if (sent && (rc = cmd_begin_write(ctx)) != 0)
		return rc;
	if ((rc = cmd_parse_ref(ctx, argv[optind], &id)) != 0)
		return rc;
	rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id, &c,
	    &ctx->err);
	complaint_copy(&after, &c);
	if (rc != 0)
		goto done;
	if ((rc = letter_render(&ctx->cfg, &c, k, ctx->actor, &text,
	    &ctx->err)) != 0)
		goto done;
	if (sent) {
		/* A holding letter sent is no longer owed. */
		if (k == LETTER_HOLDING)
			after.holding_due = NUM_NONE;
		buf_printf(&note, "%s letter sent", letter_kind_name(k));
		if ((rc = store_complaint_update(ctx->db, &c, &after, ctx->actor,
		    ctx->now, "letter", buf_str(&note), &ctx->err)) != 0)
			goto done;
	}
	/* The letter keeps its lines and tabs, never another control
	 * character of the stored text. */
	term_put(&ctx->out, buf_str(&text), text.len, TERM_TEXT);
done:
	buf_release(&text);
	buf_release(&note);
	complaint_release(&c);
	complaint_release(&after);
	return rc;
}
