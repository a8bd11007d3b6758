/*
 * complaint mail: one e-mail on standard input, as a mail server's pipe,
 * .forward, procmail or fetchmail hands it over (RT's rt-mailgate does
 * the same). A message that names a complaint (its reference in the
 * subject, or a Message-ID of that complaint in In-Reply-To/References)
 * is a repeat contact on it; any other is a new complaint. Auto-replies,
 * bounces and list traffic are recorded nowhere. Exit 75 (EX_TEMPFAIL)
 * when busy is what makes a mail server try again later.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "filetype.h"
#include "mailmsg.h"
#include "text.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint mail [--channel CH]\n";

enum { OPT_CHANNEL = 256 };

static const struct option options[] = {
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ NULL, 0, NULL, 0 },
};

static int cmd_mail(int, char **, struct ctx *);

/* WRITES so that the first message creates the database; the lock is
 * let go while the message is read and parsed (cmd_mail). */
const struct command cmd_mail_def = {
	"mail", cmd_mail, NEED_CONFIG | NEED_DB | WRITES,
	"record an e-mail read on standard input as a complaint or a contact",
	usage, "", options,
};

/* All of standard input, up to limits.message. */
static int
read_message(struct ctx *ctx, struct buf *b)
{
	int64_t max = ctx->cfg.message_max;
	ssize_t n;

	for (;;) {
		buf_grow(b, 65536);
		n = read(0, b->s + b->len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return error_set(&ctx->err, EX_IOERR, "cannot read "
			    "standard input: %s", strerror(errno));
		if (n == 0)
			break;
		b->len += (size_t)n;
		if ((int64_t)b->len > max)
			return error_set(&ctx->err, EX_DATAERR, "the message "
			    "is over the limit of %lld bytes (limits.message "
			    "in the configuration)", (long long)max);
	}
	if (b->s != NULL)
		b->s[b->len] = '\0';
	return 0;
}

struct mem {
	const unsigned char *p;
	size_t len, off;
};

static int
read_mem(void *arg, void *p, size_t len, size_t *got, struct error *err)
{
	struct mem *m = arg;
	size_t n = m->len - m->off < len ? m->len - m->off : len;

	(void)err;
	memcpy(p, m->p + m->off, n);
	m->off += n;
	*got = n;
	return 0;
}

/* The message's files onto complaint ID, each within limits.attachment;
 * a larger one is named in the history and on stderr, not kept. */
static int
attach_all(struct ctx *ctx, int64_t id, const struct mailmsg *m,
    const char *why)
{
	struct complaint c;
	char type[128], ref[REF_MAX];
	size_t i;
	int rc;

	if (m->nfiles == 0)
		return 0;
	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id,
	    &c, &ctx->err)) != 0)
		goto done;
	cmd_ref(ctx, id, ref, sizeof(ref));
	for (i = 0; i < m->nfiles; i++) {
		const struct mail_file *f = &m->files[i];
		struct mem mem = { f->data, f->len, 0 };

		if ((int64_t)f->len > ctx->cfg.attachment_max) {
			struct buf note = BUF_INIT;

			buf_printf(&note, "e-mail attachment not kept: %s "
			    "(%zu bytes, over limits.attachment of %lld)",
			    f->name, f->len,
			    (long long)ctx->cfg.attachment_max);
			rc = store_complaint_update(ctx->db, &c, &c, ctx->actor,
			    ctx->now, "note", buf_str(&note), &ctx->err);
			buf_release(&note);
			if (rc != 0)
				goto done;
			cmd_warn(ctx, "%s: attachment '%s' not kept: %zu bytes, "
			    "over limits.attachment", ref, f->name, f->len);
			continue;
		}
		if ((rc = filetype_detect(f->data, f->len < FILETYPE_PEEK ?
		    f->len : FILETYPE_PEEK, type, sizeof(type),
		    &ctx->err)) != 0)
			goto done;
		if ((rc = cmd_attach_one(ctx, &c, f->name, type,
		    (int64_t)f->len, read_mem, &mem, why, 0)) != 0)
			goto done;
	}
done:
	complaint_release(&c);
	return rc;
}

/*
 * The complaint M continues, or 0: the reference in its subject, else
 * the first of its In-Reply-To/References recorded; a complaint merged
 * into another continues as that one.
 */
static int
find_thread(struct ctx *ctx, const struct mailmsg *m, int64_t *id)
{
	struct complaint c;
	int64_t num, found_id;
	size_t i;
	int rc, found, hops;

	*id = 0;
	if (mailmsg_subject_ref(m->subject, ctx->cfg.reference_prefix, &num)) {
		rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix,
		    num, &c, &ctx->err);
		complaint_release(&c);
		if (rc == 0)
			*id = num;
		else if (rc != EX_NOINPUT)
			return rc;
		/* A reference of no complaint: a new one, as any message. */
		error_clear(&ctx->err);
	}
	for (i = 0; *id == 0 && i < m->nrefs; i++) {
		if ((rc = store_message_id_find(ctx->db, m->refs[i], &found_id,
		    NULL, &found, &ctx->err)) != 0)
			return rc;
		if (found)
			*id = found_id;
	}
	for (hops = 0; *id != 0 && hops < 16; hops++) {
		if ((rc = store_complaint_load(ctx->db,
		    ctx->cfg.reference_prefix, *id, &c, &ctx->err)) != 0) {
			complaint_release(&c);
			return rc;
		}
		num = c.merged_into;
		complaint_release(&c);
		if (num == NUM_NONE || num <= 0)
			break;
		*id = num;
	}
	return 0;
}

/* The body as details: whole up to TEXT_MAX; a longer one is cut there
 * and kept whole as a file. */
static char *
body_details(struct mailmsg *m)
{
	const char *tail = "\n[cut here: the whole text is attached as "
	    "message.txt]";
	size_t len = strlen(m->body), cut;
	struct mail_file *f;

	if (len == 0)
		return NULL;
	if (len <= TEXT_MAX)
		return xstrdup(m->body);
	cut = TEXT_MAX - strlen(tail) - 4;
	while (cut > 0 && ((unsigned char)m->body[cut] & 0xc0) == 0x80)
		cut--;
	m->files = xreallocarray(m->files, m->nfiles + 1, sizeof(*m->files));
	f = &m->files[m->nfiles++];
	f->name = xstrdup("message.txt");
	f->len = len;
	f->data = xmalloc(len);
	memcpy(f->data, m->body, len);
	return xasprintf("%.*s%s", (int)cut, m->body, tail);
}

static int
record(struct ctx *ctx, struct mailmsg *m, const char *channel)
{
	struct log_args a;
	char *details = NULL;
	int64_t id, dup_id;
	int rc, found, added;

	memset(&a, 0, sizeof(a));
	a.channel = channel;
	a.customer = m->from_name ? m->from_name : m->from_addr;
	a.contact = m->from_addr;
	a.summary = m->subject && *m->subject ? m->subject : NULL;
	a.owner = ctx->cfg.mail_owner;
	/* The same message delivered twice (a retry, two aliases): once. */
	if (m->message_id != NULL && *m->message_id) {
		if ((rc = store_message_id_find(ctx->db, m->message_id,
		    &dup_id, NULL, &found, &ctx->err)) != 0)
			return rc;
		if (found) {
			char ref[REF_MAX];

			cmd_ref(ctx, dup_id, ref, sizeof(ref));
			cmd_warn(ctx, "message <%s> is already recorded on %s; "
			    "nothing recorded", m->message_id, ref);
			buf_printf(&ctx->out, "%s\n", ref);
			return 0;
		}
	}
	details = body_details(m);
	{
		const struct {
			const char *what, *value;
		} texts[] = {
			{ "sender", a.customer }, { "subject", a.summary },
			{ "details", details },
		};
		size_t i;

		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
			if (texts[i].value && (rc = cmd_check_text(ctx,
			    texts[i].what, texts[i].value)) != 0)
				goto done;
	}
	if ((rc = find_thread(ctx, m, &id)) != 0)
		goto done;
	if (id != 0) {
		if ((rc = cmd_log_repeat(ctx, id, &a, details)) != 0)
			goto done;
	} else {
		rc = cmd_log_new(ctx, &a, details, &id);
		details = NULL;
		if (rc != 0)
			goto done;
	}
	if (m->message_id != NULL && *m->message_id &&
	    (rc = store_message_id_add(ctx->db, m->message_id, id, 0,
	    ctx->now, &added, &ctx->err)) != 0)
		goto done;
	rc = attach_all(ctx, id, m, "from the e-mail");
done:
	free(details);
	return rc;
}

static int
cmd_mail(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_mail_def;
	const char *channel = "email";
	struct buf raw = BUF_INIT;
	struct mailmsg m;
	int opt, rc;

	memset(&m, 0, sizeof(m));
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_CHANNEL: channel = optarg; break;
		default: return EX_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s' "
		    "(the message comes on standard input)", argv[optind]);
	if ((rc = cmd_check_listed(ctx, "channel", channel,
	    &ctx->cfg.channels)) != 0)
		return rc;
	/* No lock while the mail server feeds us and GMime parses. */
	store_rollback(ctx->db);
	if ((rc = read_message(ctx, &raw)) != 0)
		goto done;
	if ((rc = mailmsg_parse(raw.s ? raw.s : "", raw.len, &m,
	    &ctx->err)) != 0)
		goto done;
	buf_release(&raw);
	if ((rc = cmd_begin_write(ctx)) != 0)
		goto done;
	if (m.skip != NULL)
		cmd_warn(ctx, "mail: not recorded: an auto-reply, a bounce or "
		    "list traffic (%s)", m.skip);
	else
		rc = record(ctx, &m, channel);
done:
	buf_release(&raw);
	mailmsg_release(&m);
	return rc;
}
