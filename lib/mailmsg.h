/*
 * E-mail in and out (SPEC 5, mail and --send), on GMime: one RFC 5322
 * message parsed into what a complaint needs (sender, subject, thread,
 * text, files), and a letter built as a MIME message and handed to the
 * mailer. GMime does the MIME: encoded words, RFC 2231 parameters,
 * transfer encodings and charsets; this file only decides what is what.
 */
#ifndef COMPLAINT_MAILMSG_H
#define COMPLAINT_MAILMSG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

/* A file of the message: an attachment or an inline image. */
struct mail_file {
	char *name;          /* UTF-8, no directory, never empty */
	unsigned char *data; /* the decoded bytes */
	size_t len;
};

struct mailmsg {
	char *from_name;  /* the sender's display name, or NULL */
	char *from_addr;  /* the sender's address, or NULL */
	char *subject;    /* UTF-8, or NULL */
	char *message_id; /* without <>, or NULL */
	char **refs;      /* In-Reply-To, then References, no <> */
	size_t nrefs;
	char *body; /* the text, UTF-8 (HTML made text) */
	struct mail_file *files;
	size_t nfiles;
	/* Not NULL: an auto-reply, a bounce or list traffic, which is
	 * recorded nowhere; says why ("Auto-Submitted: auto-replied"). */
	char *skip;
};

/*
 * GMime, loaded and set up on first use by every function here that
 * needs it (EX_UNAVAILABLE when it is not installed); mailmsg_shutdown
 * frees it at the end of the process (main, a test), so valgrind sees no
 * leak. GMime cannot be set up again after that.
 */
int mailmsg_init(struct error *err);
void mailmsg_shutdown(void);

/*
 * Parse the LEN bytes at DATA into M (released by mailmsg_release, also
 * on error). EX_DATAERR when they are not an e-mail (no headers, no
 * sender): nothing in M is then to be used.
 */
int mailmsg_parse(const char *data, size_t len, struct mailmsg *m,
    struct error *err);
void mailmsg_release(struct mailmsg *m);

/*
 * The complaint number a subject names as [PREFIX-NNNNNN] (any case,
 * the brackets required so a subject quoting a reference in passing is
 * not taken for one): 1 and *NUM, else 0.
 */
int mailmsg_subject_ref(const char *subject, const char *prefix, int64_t *num);

/* HTML as readable text: tags out, entities decoded, paragraphs, line
 * breaks and list items kept as lines. A new string. */
char *mailmsg_html_text(const char *html, size_t len);

/* A letter to send. */
struct mail_letter {
	const char *from;        /* mail.from, or NULL: the mailer's */
	const char *to;          /* the complaint's contact */
	const char *subject;     /* UTF-8 */
	const char *body;        /* UTF-8 */
	const char *in_reply_to; /* without <>, or NULL */
	int64_t date;            /* seconds since the epoch */
};

/*
 * Build letter L as a MIME message (UTF-8 text, quoted-printable, a new
 * Message-ID) onto OUT, lines ending in LF as sendmail takes them; the
 * Message-ID (no <>) into a new *MESSAGE_ID. EX_DATAERR when L->to is
 * not one e-mail address.
 */
int mailmsg_build(const struct mail_letter *l, struct buf *out,
    char **message_id, struct error *err);

/* Whether S is one e-mail address (a contact a letter can go to); 0
 * also when GMime cannot be loaded. */
int mailmsg_is_address(const char *s);

/*
 * Run COMMAND (a program and its arguments split at spaces, no shell)
 * with the LEN bytes at DATA on its standard input. EX_IOERR when it
 * cannot run, exits other than 0 or dies of a signal.
 */
int mailmsg_send(const char *command, const char *data, size_t len,
    struct error *err);

#endif
