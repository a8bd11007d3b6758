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
#include "mailmsg.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint letter REF --kind acknowledgement|summary|holding|final\n"
    "                        [--sent | --send]\n";

enum { OPT_KIND = 256, OPT_SENT, OPT_SEND };

static const struct option options[] = {
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "sent", no_argument, NULL, OPT_SENT },
	{ "send", no_argument, NULL, OPT_SEND },
	{ NULL, 0, NULL, 0 },
};

static int cmd_letter(int, char **, struct ctx *);

/* Reads alone unless --sent or --send: then the transaction becomes a
 * write. */
const struct command cmd_letter_def = {
	"letter", cmd_letter, NEED_CONFIG | NEED_DB | MAY_WRITE,
	"print a letter for a complaint, or record one as sent", usage, "",
	options,
};

/* The subject of a letter: the reference first, so a reply names it. */
static const char *
letter_title(const char *kind)
{
	if (strcmp(kind, "acknowledgement") == 0)
		return "we have received your complaint";
	if (strcmp(kind, "summary") == 0 || strcmp(kind, "final") == 0)
		return "our response to your complaint";
	if (strcmp(kind, "holding") == 0)
		return "an update on your complaint";
	return "your complaint";
}

int
cmd_send_prepare(struct ctx *ctx, const struct complaint *c,
    const char *kind, const char *text, struct outgoing *o,
    struct buf *note)
{
	struct mail_letter l;
	struct buf body = BUF_INIT;
	char ref[REF_MAX], *subject, *latest = NULL;
	int rc;

	memset(o, 0, sizeof(*o));
	cmd_ref(ctx, c->id, ref, sizeof(ref));
	if (c->contact == NULL || !mailmsg_is_address(c->contact))
		return error_set(&ctx->err, EX_IOERR, "%s: the contact '%s' is "
		    "not an e-mail address, so the letter cannot be sent "
		    "(give one with 'complaint amend %s --contact ADDRESS "
		    "--reason TEXT'); nothing was recorded", ref,
		    c->contact ? c->contact : "", ref);
	/* A letter answers the customer's latest e-mail, so their mail
	 * client shows it in that conversation. */
	if ((rc = store_message_id_latest(ctx->db, c->id, &latest,
	    &ctx->err)) != 0)
		return rc;
	/* The letter keeps its lines and tabs, never another control
	 * character of the stored text. */
	term_put(&body, text, strlen(text), TERM_TEXT);
	subject = xasprintf("[%s] %s", ref, letter_title(kind));
	memset(&l, 0, sizeof(l));
	l.from = ctx->cfg.mail_from;
	l.to = c->contact;
	l.subject = subject;
	l.body = buf_str(&body);
	l.in_reply_to = latest;
	l.date = ctx->now;
	rc = mailmsg_build(&l, &o->msg, &o->message_id, &ctx->err);
	free(latest);
	free(subject);
	buf_release(&body);
	if (rc == 0)
		buf_printf(note, " by e-mail to %s (Message-ID <%s>)",
		    c->contact, o->message_id);
	return rc;
}

int
cmd_send_now(struct ctx *ctx, int64_t id, struct outgoing *o)
{
	int rc, added;

	if ((rc = store_message_id_add(ctx->db, o->message_id, id, 1,
	    ctx->now, &added, &ctx->err)) != 0)
		return rc;
	return mailmsg_send(ctx->cfg.mail_sendmail, o->msg.s, o->msg.len,
	    &ctx->err);
}

void
cmd_send_release(struct outgoing *o)
{
	buf_release(&o->msg);
	free(o->message_id);
	o->message_id = NULL;
}

static int
cmd_letter(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_letter_def;
	struct complaint c, after;
	struct buf text = BUF_INIT, note = BUF_INIT;
	struct outgoing o;
	const char *kind = NULL;
	enum letter_kind k;
	int64_t id;
	int opt, rc, sent = 0, send = 0;

	memset(&o, 0, sizeof(o));

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_KIND: kind = optarg; break;
		case OPT_SENT: sent = 1; break;
		case OPT_SEND: send = 1; break;
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
	if (sent && send)
		return cmd_usage_error(cmd, ctx, "--sent and --send go "
		    "separately (--send records the letter as sent)");
	if ((rc = letter_kind_lookup(kind, &k, &ctx->err)) != 0)
		return rc;
	sent |= send;
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
		if (send && (rc = cmd_send_prepare(ctx, &c, letter_kind_name(k),
		    buf_str(&text), &o, &note)) != 0)
			goto done;
		if ((rc = store_complaint_update(ctx->db, &c, &after, ctx->actor,
		    ctx->now, "letter", buf_str(&note), &ctx->err)) != 0)
			goto done;
		/* Last, so a mailer that fails leaves nothing recorded. */
		if (send && (rc = cmd_send_now(ctx, c.id, &o)) != 0)
			goto done;
	}
	/* The letter keeps its lines and tabs, never another control
	 * character of the stored text. */
	term_put(&ctx->out, buf_str(&text), text.len, TERM_TEXT);
done:
	cmd_send_release(&o);
	buf_release(&text);
	buf_release(&note);
	complaint_release(&c);
	complaint_release(&after);
	return rc;
}
