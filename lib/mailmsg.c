/*
 * E-mail in and out on GMime 3 (mailmsg.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "dynlib.h"
#include "mailmsg.h"
#include "text.h"
#include "xmalloc.h"

extern char **environ;

/*
 * GMime is loaded when first needed (dlopen), not linked: its libraries
 * (GLib, GObject, GIO and theirs) cost every start of every command
 * some milliseconds, more than the whole of a short command, and only
 * mail and --send use them. Each function used is called through a
 * pointer of its own type, named as the function (the defines below), so
 * the code reads as plain GMime; the macros of GMime's headers
 * (GMIME_IS_PART, ...) expand to the same names and go the same way.
 */
#define GMIME_SYMBOLS(X) \
	X(g_byte_array_free) \
	X(g_convert) \
	X(g_date_time_new_from_unix_utc) \
	X(g_date_time_unref) \
	X(g_free) \
	X(g_mime_content_disposition_is_attachment) \
	X(g_mime_content_type_get_media_subtype) \
	X(g_mime_content_type_is_type) \
	X(g_mime_data_wrapper_new_with_stream) \
	X(g_mime_data_wrapper_write_to_stream) \
	X(g_mime_format_options_free) \
	X(g_mime_format_options_new) \
	X(g_mime_format_options_set_newline_format) \
	X(g_mime_init) \
	X(g_mime_message_get_addresses) \
	X(g_mime_message_get_from) \
	X(g_mime_message_get_message_id) \
	X(g_mime_message_get_mime_part) \
	X(g_mime_message_get_subject) \
	X(g_mime_message_new) \
	X(g_mime_message_part_get_message) \
	X(g_mime_message_part_get_type) \
	X(g_mime_message_set_date) \
	X(g_mime_message_set_message_id) \
	X(g_mime_message_set_mime_part) \
	X(g_mime_message_set_subject) \
	X(g_mime_multipart_get_count) \
	X(g_mime_multipart_get_part) \
	X(g_mime_multipart_get_type) \
	X(g_mime_object_get_content_disposition) \
	X(g_mime_object_get_content_type) \
	X(g_mime_object_get_header) \
	X(g_mime_object_get_type) \
	X(g_mime_object_set_header) \
	X(g_mime_object_to_string) \
	X(g_mime_object_write_to_stream) \
	X(g_mime_parser_construct_message) \
	X(g_mime_parser_new_with_stream) \
	X(g_mime_parser_options_free) \
	X(g_mime_parser_options_new) \
	X(g_mime_parser_options_set_fallback_charsets) \
	X(g_mime_parser_set_format) \
	X(g_mime_part_get_content) \
	X(g_mime_part_get_filename) \
	X(g_mime_part_get_type) \
	X(g_mime_part_set_content) \
	X(g_mime_part_set_content_encoding) \
	X(g_mime_references_free) \
	X(g_mime_references_get_message_id) \
	X(g_mime_references_length) \
	X(g_mime_references_parse) \
	X(g_mime_shutdown) \
	X(g_mime_stream_mem_get_byte_array) \
	X(g_mime_stream_mem_get_type) \
	X(g_mime_stream_mem_new) \
	X(g_mime_stream_mem_new_with_buffer) \
	X(g_mime_stream_mem_set_owner) \
	X(g_mime_text_part_get_text) \
	X(g_mime_text_part_get_type) \
	X(g_mime_text_part_new_with_subtype) \
	X(g_mime_text_part_set_charset) \
	X(g_mime_utils_generate_message_id) \
	X(g_object_unref) \
	X(g_type_check_instance_cast) \
	X(g_type_check_instance_is_a) \
	X(internet_address_get_name) \
	X(internet_address_list_append) \
	X(internet_address_list_get_address) \
	X(internet_address_list_length) \
	X(internet_address_list_parse) \
	X(internet_address_mailbox_get_addr) \
	X(internet_address_mailbox_get_type)

#define DECLARE(f) static __typeof__(f) *dl_##f;
GMIME_SYMBOLS(DECLARE)
#undef DECLARE

#define g_byte_array_free (*dl_g_byte_array_free)
#define g_convert (*dl_g_convert)
#define g_date_time_new_from_unix_utc (*dl_g_date_time_new_from_unix_utc)
#define g_date_time_unref (*dl_g_date_time_unref)
#define g_free (*dl_g_free)
#define g_mime_content_disposition_is_attachment (*dl_g_mime_content_disposition_is_attachment)
#define g_mime_content_type_get_media_subtype (*dl_g_mime_content_type_get_media_subtype)
#define g_mime_content_type_is_type (*dl_g_mime_content_type_is_type)
#define g_mime_data_wrapper_new_with_stream (*dl_g_mime_data_wrapper_new_with_stream)
#define g_mime_data_wrapper_write_to_stream (*dl_g_mime_data_wrapper_write_to_stream)
#define g_mime_format_options_free (*dl_g_mime_format_options_free)
#define g_mime_format_options_new (*dl_g_mime_format_options_new)
#define g_mime_format_options_set_newline_format (*dl_g_mime_format_options_set_newline_format)
#define g_mime_init (*dl_g_mime_init)
#define g_mime_message_get_addresses (*dl_g_mime_message_get_addresses)
#define g_mime_message_get_from (*dl_g_mime_message_get_from)
#define g_mime_message_get_message_id (*dl_g_mime_message_get_message_id)
#define g_mime_message_get_mime_part (*dl_g_mime_message_get_mime_part)
#define g_mime_message_get_subject (*dl_g_mime_message_get_subject)
#define g_mime_message_new (*dl_g_mime_message_new)
#define g_mime_message_part_get_message (*dl_g_mime_message_part_get_message)
#define g_mime_message_part_get_type (*dl_g_mime_message_part_get_type)
#define g_mime_message_set_date (*dl_g_mime_message_set_date)
#define g_mime_message_set_message_id (*dl_g_mime_message_set_message_id)
#define g_mime_message_set_mime_part (*dl_g_mime_message_set_mime_part)
#define g_mime_message_set_subject (*dl_g_mime_message_set_subject)
#define g_mime_multipart_get_count (*dl_g_mime_multipart_get_count)
#define g_mime_multipart_get_part (*dl_g_mime_multipart_get_part)
#define g_mime_multipart_get_type (*dl_g_mime_multipart_get_type)
#define g_mime_object_get_content_disposition (*dl_g_mime_object_get_content_disposition)
#define g_mime_object_get_content_type (*dl_g_mime_object_get_content_type)
#define g_mime_object_get_header (*dl_g_mime_object_get_header)
#define g_mime_object_get_type (*dl_g_mime_object_get_type)
#define g_mime_object_set_header (*dl_g_mime_object_set_header)
#define g_mime_object_to_string (*dl_g_mime_object_to_string)
#define g_mime_object_write_to_stream (*dl_g_mime_object_write_to_stream)
#define g_mime_parser_construct_message (*dl_g_mime_parser_construct_message)
#define g_mime_parser_new_with_stream (*dl_g_mime_parser_new_with_stream)
#define g_mime_parser_options_free (*dl_g_mime_parser_options_free)
#define g_mime_parser_options_new (*dl_g_mime_parser_options_new)
#define g_mime_parser_options_set_fallback_charsets (*dl_g_mime_parser_options_set_fallback_charsets)
#define g_mime_parser_set_format (*dl_g_mime_parser_set_format)
#define g_mime_part_get_content (*dl_g_mime_part_get_content)
#define g_mime_part_get_filename (*dl_g_mime_part_get_filename)
#define g_mime_part_get_type (*dl_g_mime_part_get_type)
#define g_mime_part_set_content (*dl_g_mime_part_set_content)
#define g_mime_part_set_content_encoding (*dl_g_mime_part_set_content_encoding)
#define g_mime_references_free (*dl_g_mime_references_free)
#define g_mime_references_get_message_id (*dl_g_mime_references_get_message_id)
#define g_mime_references_length (*dl_g_mime_references_length)
#define g_mime_references_parse (*dl_g_mime_references_parse)
#define g_mime_shutdown (*dl_g_mime_shutdown)
#define g_mime_stream_mem_get_byte_array (*dl_g_mime_stream_mem_get_byte_array)
#define g_mime_stream_mem_get_type (*dl_g_mime_stream_mem_get_type)
#define g_mime_stream_mem_new (*dl_g_mime_stream_mem_new)
#define g_mime_stream_mem_new_with_buffer (*dl_g_mime_stream_mem_new_with_buffer)
#define g_mime_stream_mem_set_owner (*dl_g_mime_stream_mem_set_owner)
#define g_mime_text_part_get_text (*dl_g_mime_text_part_get_text)
#define g_mime_text_part_get_type (*dl_g_mime_text_part_get_type)
#define g_mime_text_part_new_with_subtype (*dl_g_mime_text_part_new_with_subtype)
#define g_mime_text_part_set_charset (*dl_g_mime_text_part_set_charset)
#define g_mime_utils_generate_message_id (*dl_g_mime_utils_generate_message_id)
#define g_object_unref (*dl_g_object_unref)
#define g_type_check_instance_cast (*dl_g_type_check_instance_cast)
#define g_type_check_instance_is_a (*dl_g_type_check_instance_is_a)
#define internet_address_get_name (*dl_internet_address_get_name)
#define internet_address_list_append (*dl_internet_address_list_append)
#define internet_address_list_get_address (*dl_internet_address_list_get_address)
#define internet_address_list_length (*dl_internet_address_list_length)
#define internet_address_list_parse (*dl_internet_address_list_parse)
#define internet_address_mailbox_get_addr (*dl_internet_address_mailbox_get_addr)
#define internet_address_mailbox_get_type (*dl_internet_address_mailbox_get_type)

/* The soname of GMime 3 (Debian's libgmime-3.0-0). */
#define GMIME_SONAME "libgmime-3.0.so.0"

/* GMime cannot be set up again once shut down (its tables stay gone),
 * so it is set up once, on first use, and shut down once, at the end. */
static int gmime_up;
static void *gmime_lib;

int
mailmsg_init(struct error *err)
{
	if (gmime_up)
		return 0;
	/* dlsym on the handle also finds GLib's functions, which GMime
	 * brought in. */
	if (gmime_lib == NULL) {
#define SYM(f) { #f, (void **)&dl_##f },
		static const struct dynlib_sym syms[] = { GMIME_SYMBOLS(SYM) };
#undef SYM
		const char *why;
		int rc = dynlib_open(GMIME_SONAME, syms,
		    sizeof(syms) / sizeof(syms[0]), &gmime_lib, &why);

		if (rc == -1)
			return error_set(err, EX_UNAVAILABLE, "cannot load "
			    "GMime for e-mail: %s (install libgmime-3.0-0)",
			    why);
		if (rc != 0)
			return error_set(err, EX_UNAVAILABLE, "cannot load "
			    "GMime for e-mail: %s lacks %s (GMime 3 is "
			    "needed)", GMIME_SONAME, why);
	}
	g_mime_init();
	gmime_up = 1;
	return 0;
}

void
mailmsg_shutdown(void)
{
	/* The library stays loaded: GLib's never unload. */
	if (gmime_up) {
		g_mime_shutdown();
		gmime_up = 0;
	}
}

void
mailmsg_release(struct mailmsg *m)
{
	size_t i;

	free(m->from_name);
	free(m->from_addr);
	free(m->subject);
	free(m->message_id);
	for (i = 0; i < m->nrefs; i++)
		free(m->refs[i]);
	free(m->refs);
	free(m->body);
	for (i = 0; i < m->nfiles; i++) {
		free(m->files[i].name);
		free(m->files[i].data);
	}
	free(m->files);
	free(m->skip);
	memset(m, 0, sizeof(*m));
}

/* A copy of S as valid UTF-8 (GMime's charset conversion gives UTF-8;
 * a header of raw bytes in no charset may still carry bad bytes, which
 * become U+FFFD) with NUL and other control characters but line breaks
 * and tabs dropped; NULL for NULL. */
static char *
clean_text(const char *s, int keep_lines)
{
	struct buf b = BUF_INIT;
	size_t len, ok;

	if (s == NULL)
		return NULL;
	for (len = strlen(s); len > 0; s += ok + 1, len -= ok + 1) {
		ok = utf8_prefix(s, len);
		buf_add(&b, s, ok);
		if (ok == len)
			break;
		buf_puts(&b, "\xef\xbf\xbd");
	}
	{
		char *p = b.s ? b.s : NULL, *q;

		if (p == NULL)
			return xstrdup("");
		for (q = p; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if (c == '\r')
				continue;
			if ((c < 0x20 && !(keep_lines && (c == '\n' ||
			    c == '\t'))) || c == 0x7f)
				*q++ = ' ';
			else
				*q++ = (char)c;
		}
		*q = '\0';
		b.len = (size_t)(q - b.s);
	}
	return buf_detach(&b);
}

/* A header's value (unfolded, encoded words decoded), or NULL. */
static const char *
header(GMimeObject *o, const char *name)
{
	return g_mime_object_get_header(o, name);
}

static int
header_is(GMimeObject *o, const char *name, const char *const *values)
{
	const char *v = header(o, name);
	size_t n;

	if (v == NULL)
		return 0;
	v += strspn(v, " \t");
	n = strcspn(v, " \t;\r\n");
	for (; *values; values++)
		if (strlen(*values) == n && strncasecmp(v, *values, n) == 0)
			return 1;
	return 0;
}

/* Why M is an auto-reply, a bounce or list traffic, or NULL (SPEC 5:
 * such messages are recorded nowhere, so two autoresponders never
 * loop through complaints). */
static char *
why_skip(GMimeMessage *msg, const char *from_addr)
{
	GMimeObject *o = GMIME_OBJECT(msg), *top;
	static const char *const no[] = { "no", NULL };
	static const char *const bulk[] = { "bulk", "junk", "list", NULL };
	const char *v, *at;

	if ((v = header(o, "Auto-Submitted")) != NULL && !header_is(o,
	    "Auto-Submitted", no))
		return xasprintf("Auto-Submitted: %.40s", v);
	if (header_is(o, "Precedence", bulk))
		return xasprintf("Precedence: %.20s", header(o, "Precedence"));
	if (header(o, "List-Id") != NULL)
		return xstrdup("List-Id: list traffic");
	if (header(o, "X-Autoreply") != NULL)
		return xstrdup("X-Autoreply: an auto-reply");
	top = g_mime_message_get_mime_part(msg);
	if (top != NULL && g_mime_content_type_is_type(
	    g_mime_object_get_content_type(top), "multipart", "report"))
		return xstrdup("multipart/report: a delivery or read report");
	if ((v = header(o, "Return-Path")) != NULL) {
		v += strspn(v, " \t");
		if (strncmp(v, "<>", 2) == 0)
			return xstrdup("Return-Path: <>: a null sender");
	}
	if (from_addr != NULL) {
		at = strchr(from_addr, '@');
		if (strncasecmp(from_addr, "mailer-daemon", at ? (size_t)(at -
		    from_addr) : strlen(from_addr)) == 0 &&
		    (at ? (size_t)(at - from_addr) : strlen(from_addr)) == 13)
			return xstrdup("From: MAILER-DAEMON: a bounce");
	}
	return NULL;
}

static void
add_ref(struct mailmsg *m, const char *id)
{
	size_t i;

	if (id == NULL || *id == '\0')
		return;
	for (i = 0; i < m->nrefs; i++)
		if (strcmp(m->refs[i], id) == 0)
			return;
	m->refs = xreallocarray(m->refs, m->nrefs + 1, sizeof(*m->refs));
	m->refs[m->nrefs++] = clean_text(id, 0);
}

static void
add_refs(struct mailmsg *m, GMimeParserOptions *opts, const char *text)
{
	GMimeReferences *r;
	int i, n;

	if (text == NULL || (r = g_mime_references_parse(opts, text)) == NULL)
		return;
	n = g_mime_references_length(r);
	/* Far more than any real thread; a bound on a hostile header. */
	for (i = 0; i < n && i < 200; i++)
		add_ref(m, g_mime_references_get_message_id(r, i));
	g_mime_references_free(r);
}

/* The decoded bytes of PART, or of an embedded message as it was. */
static GByteArray *
part_bytes(GMimeObject *o)
{
	GMimeStream *s = g_mime_stream_mem_new();
	GByteArray *a;

	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *inner = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(o));

		if (inner != NULL)
			g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL,
			    s);
	} else {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));

		if (w != NULL)
			g_mime_data_wrapper_write_to_stream(w, s);
	}
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), FALSE);
	g_object_unref(s);
	return a;
}

/* A file name fit to keep: the last path component, no control
 * characters; made up from the type when there is none. */
static char *
file_name(GMimeObject *o, size_t n)
{
	const char *name = NULL, *slash;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *clean, *p;

	if (GMIME_IS_PART(o))
		name = g_mime_part_get_filename(GMIME_PART(o));
	if (name != NULL) {
		if ((slash = strrchr(name, '/')) != NULL)
			name = slash + 1;
		if ((slash = strrchr(name, '\\')) != NULL)
			name = slash + 1;
	}
	clean = clean_text(name, 0);
	if (clean != NULL) {
		for (p = clean; *p == ' ' || *p == '.'; p++)
			continue;
		if (*p != '\0' && strlen(p) <= 255) {
			memmove(clean, p, strlen(p) + 1);
			return clean;
		}
		free(clean);
	}
	if (GMIME_IS_MESSAGE_PART(o))
		return xasprintf("message-%zu.eml", n);
	return xasprintf("part-%zu.%s", n,
	    g_mime_content_type_get_media_subtype(ct) &&
	    strspn(g_mime_content_type_get_media_subtype(ct),
	    "abcdefghijklmnopqrstuvwxyz0123456789-+") ==
	    strlen(g_mime_content_type_get_media_subtype(ct)) &&
	    strlen(g_mime_content_type_get_media_subtype(ct)) < 20 ?
	    g_mime_content_type_get_media_subtype(ct) : "bin");
}

static void
add_file(struct mailmsg *m, GMimeObject *o)
{
	GByteArray *a = part_bytes(o);
	struct mail_file *f;

	m->files = xreallocarray(m->files, m->nfiles + 1, sizeof(*m->files));
	f = &m->files[m->nfiles++];
	f->name = file_name(o, m->nfiles);
	f->len = a->len;
	f->data = xmalloc(a->len ? a->len : 1);
	if (a->len)
		memcpy(f->data, a->data, a->len);
	g_byte_array_free(a, TRUE);
}

/* The text of a text part in UTF-8: GMime converts from its charset;
 * a part in no charset that is not UTF-8 is read as Windows-1252, the
 * usual undeclared one. */
static char *
part_text(GMimeTextPart *tp)
{
	char *t = g_mime_text_part_get_text(tp), *r;

	if (t == NULL)
		return xstrdup("");
	if (!utf8_valid(t, strlen(t))) {
		char *conv = g_convert(t, -1, "UTF-8", "WINDOWS-1252", NULL,
		    NULL, NULL);

		if (conv != NULL) {
			g_free(t);
			t = conv;
		}
	}
	r = clean_text(t, 1);
	g_free(t);
	return r;
}

static int
is_attachment(GMimeObject *o)
{
	GMimeContentDisposition *d = g_mime_object_get_content_disposition(o);

	return d != NULL && g_mime_content_disposition_is_attachment(d);
}

struct walk {
	struct mailmsg *m;
	struct buf text;
	char *html;         /* the first HTML body, for want of text */
	int depth;
};

static void walk_part(struct walk *w, GMimeObject *o);

/* Text onto the body, blank lines around it dropped; parts apart by a
 * blank line. */
static void
add_text(struct walk *w, char *t)
{
	char *s = t + strspn(t, "\n");
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		n--;
	if (n > 0) {
		if (w->text.len)
			buf_puts(&w->text, "\n\n");
		buf_add(&w->text, s, n);
	}
	free(t);
}

/* multipart/alternative: one body, text/plain preferred, else HTML
 * made text, else the first part as anything else. */
static void
walk_alternative(struct walk *w, GMimeMultipart *mp)
{
	int i, n = g_mime_multipart_get_count(mp);
	GMimeObject *plain = NULL, *html = NULL, *other = NULL, *p;

	for (i = 0; i < n; i++) {
		GMimeContentType *ct;

		p = g_mime_multipart_get_part(mp, i);
		ct = g_mime_object_get_content_type(p);
		if (plain == NULL && GMIME_IS_TEXT_PART(p) &&
		    g_mime_content_type_is_type(ct, "text", "plain"))
			plain = p;
		else if (html == NULL && GMIME_IS_TEXT_PART(p) &&
		    g_mime_content_type_is_type(ct, "text", "html"))
			html = p;
		else if (other == NULL)
			other = p;
	}
	if (plain != NULL)
		add_text(w, part_text(GMIME_TEXT_PART(plain)));
	else if (html != NULL) {
		char *h = part_text(GMIME_TEXT_PART(html));

		add_text(w, mailmsg_html_text(h, strlen(h)));
		free(h);
	} else if (other != NULL)
		walk_part(w, other);
}

static void
walk_part(struct walk *w, GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);

	/* GMime bounds nesting itself; this keeps our recursion small. */
	if (w->depth > 32)
		return;
	w->depth++;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int i, n = g_mime_multipart_get_count(mp);

		if (g_mime_content_type_is_type(ct, "multipart", "alternative"))
			walk_alternative(w, mp);
		else
			for (i = 0; i < n; i++)
				walk_part(w, g_mime_multipart_get_part(mp, i));
	} else if (GMIME_IS_TEXT_PART(o) && !is_attachment(o) &&
	    g_mime_content_type_is_type(ct, "text", "plain")) {
		add_text(w, part_text(GMIME_TEXT_PART(o)));
	} else if (GMIME_IS_TEXT_PART(o) && !is_attachment(o) &&
	    g_mime_content_type_is_type(ct, "text", "html")) {
		/* An HTML body beside a text one is the same words; alone,
		 * it is the text, made readable. */
		if (w->html == NULL)
			w->html = part_text(GMIME_TEXT_PART(o));
	} else if (GMIME_IS_PART(o) || GMIME_IS_MESSAGE_PART(o)) {
		add_file(w->m, o);
	}
	w->depth--;
}

static int
not_a_message(struct error *err, const char *why)
{
	return error_set(err, EX_DATAERR, "not an e-mail message: %s "
	    "(expected one RFC 5322 message with a From header)", why);
}

int
mailmsg_parse(const char *data, size_t len, struct mailmsg *m,
    struct error *err)
{
	static const char *fallback[] = { "UTF-8", "WINDOWS-1252", NULL };
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeParserOptions *opts;
	GMimeMessage *msg;
	InternetAddressList *from;
	InternetAddress *ia;
	struct walk w;
	const char *v;
	int rc = 0, i, n;

	memset(m, 0, sizeof(*m));
	if (len == 0 || memchr(data, '\0', len < 8192 ? len : 8192) != NULL)
		return not_a_message(err, len ? "binary bytes" : "no input");
	if ((rc = mailmsg_init(err)) != 0)
		return rc;
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	stream = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, opts);
	g_object_unref(parser);
	g_object_unref(stream);
	if (msg == NULL) {
		rc = not_a_message(err, "no headers");
		goto done;
	}
	from = g_mime_message_get_from(msg);
	n = from ? internet_address_list_length(from) : 0;
	for (i = 0; i < n && m->from_addr == NULL; i++) {
		ia = internet_address_list_get_address(from, i);
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		v = internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(ia));
		if (v == NULL || strchr(v, '@') == NULL)
			continue;
		m->from_addr = clean_text(v, 0);
		if ((v = internet_address_get_name(ia)) != NULL && *v)
			m->from_name = clean_text(v, 0);
	}
	if ((m->skip = why_skip(msg, m->from_addr)) != NULL)
		goto done;
	if (m->from_addr == NULL) {
		rc = not_a_message(err, header(GMIME_OBJECT(msg), "From") ?
		    "the From header names no address" : "no From header");
		goto done;
	}
	m->subject = clean_text(g_mime_message_get_subject(msg), 0);
	m->message_id = clean_text(g_mime_message_get_message_id(msg), 0);
	add_refs(m, opts, header(GMIME_OBJECT(msg), "In-Reply-To"));
	add_refs(m, opts, header(GMIME_OBJECT(msg), "References"));

	memset(&w, 0, sizeof(w));
	w.m = m;
	if (g_mime_message_get_mime_part(msg) != NULL)
		walk_part(&w, g_mime_message_get_mime_part(msg));
	if (w.text.len == 0 && w.html != NULL)
		add_text(&w, mailmsg_html_text(w.html, strlen(w.html)));
	free(w.html);
	m->body = buf_detach(&w.text);
	if (m->body == NULL)
		m->body = xstrdup("");
done:
	if (msg != NULL)
		g_object_unref(msg);
	g_mime_parser_options_free(opts);
	return rc;
}

int
mailmsg_subject_ref(const char *subject, const char *prefix, int64_t *num)
{
	size_t plen = strlen(prefix);
	const char *p;

	if (subject == NULL)
		return 0;
	for (p = strchr(subject, '['); p != NULL; p = strchr(p + 1, '[')) {
		const char *d = p + 1 + plen;
		int64_t v = 0;
		int digits = 0;

		if (strncasecmp(p + 1, prefix, plen) != 0 || *d != '-')
			continue;
		for (d++; *d >= '0' && *d <= '9' && digits < 12; d++, digits++)
			v = v * 10 + (*d - '0');
		if (digits > 0 && *d == ']' && v > 0) {
			*num = v;
			return 1;
		}
	}
	return 0;
}

/* HTML to text. */

static const struct {
	const char *name;
	const char *utf8;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", " " }, { "copy", "\xc2\xa9" },
	{ "reg", "\xc2\xae" }, { "euro", "\xe2\x82\xac" },
	{ "pound", "\xc2\xa3" }, { "hellip", "\xe2\x80\xa6" },
	{ "ndash", "\xe2\x80\x93" }, { "mdash", "\xe2\x80\x94" },
	{ "lsquo", "\xe2\x80\x98" }, { "rsquo", "\xe2\x80\x99" },
	{ "ldquo", "\xe2\x80\x9c" }, { "rdquo", "\xe2\x80\x9d" },
	{ "bull", "\xe2\x80\xa2" }, { "middot", "\xc2\xb7" },
	{ "eacute", "\xc3\xa9" }, { "egrave", "\xc3\xa8" },
	{ "agrave", "\xc3\xa0" }, { "ccedil", "\xc3\xa7" },
	{ "uuml", "\xc3\xbc" }, { "ouml", "\xc3\xb6" },
	{ "auml", "\xc3\xa4" }, { "szlig", "\xc3\x9f" },
	{ "deg", "\xc2\xb0" }, { "times", "\xc3\x97" },
};

/* The entity at S (after '&'): its text onto B and its length through
 * the ';', or 0 when it is none (the '&' is then kept as it is). */
static size_t
entity(const char *s, const char *end, struct buf *b)
{
	const char *semi;
	size_t i, n;

	for (semi = s; semi < end && semi - s < 12 && *semi != ';'; semi++)
		continue;
	if (semi >= end || *semi != ';')
		return 0;
	n = (size_t)(semi - s);
	if (n > 1 && s[0] == '#') {
		unsigned long cp = 0;
		char u[4];
		const char *d = s + 1;
		int hex = *d == 'x' || *d == 'X';

		for (d += hex; d < semi; d++) {
			int v = *d >= '0' && *d <= '9' ? *d - '0' :
			    hex && *d >= 'a' && *d <= 'f' ? *d - 'a' + 10 :
			    hex && *d >= 'A' && *d <= 'F' ? *d - 'A' + 10 : -1;

			if (v < 0 || cp > 0x10ffff)
				return 0;
			cp = cp * (hex ? 16 : 10) + (unsigned long)v;
		}
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			cp = 0xfffd;
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f)
			cp = ' ';
		buf_add(b, u, utf8_put(cp, u));
		return n + 1;
	}
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
		if (strlen(entities[i].name) == n &&
		    strncmp(entities[i].name, s, n) == 0) {
			buf_puts(b, entities[i].utf8);
			return n + 1;
		}
	return 0;
}

/* Whether tag NAME (LEN bytes, lower case) breaks a line or a paragraph:
 * 1 a line, 2 a paragraph. */
static int
tag_break(const char *name, size_t len)
{
	static const char *const para[] = { "p", "div", "h1", "h2", "h3",
		"h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre",
		"hr", NULL };
	static const char *const line[] = { "br", "li", "tr", "dt", "dd",
		NULL };
	const char *const *t;

	for (t = para; *t; t++)
		if (strlen(*t) == len && strncmp(*t, name, len) == 0)
			return 2;
	for (t = line; *t; t++)
		if (strlen(*t) == len && strncmp(*t, name, len) == 0)
			return 1;
	return 0;
}

/* Append a break of KIND (1 line, 2 paragraph) once, never at the
 * start. */
static void
add_break(struct buf *b, int kind)
{
	size_t nl = 0;

	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	if (b->len == 0)
		return;
	while (nl < b->len && b->s[b->len - 1 - nl] == '\n')
		nl++;
	for (; (int)nl < kind; nl++)
		buf_putc(b, '\n');
	b->s[b->len] = '\0';
}

char *
mailmsg_html_text(const char *html, size_t len)
{
	const char *p = html, *end = html + len, *skip_to = NULL;
	struct buf b = BUF_INIT;

	while (p < end) {
		if (*p == '<') {
			const char *q = p + 1, *gt;
			char name[16];
			size_t n = 0;
			int closing = 0, brk;

			if (end - p >= 4 && strncmp(p, "<!--", 4) == 0) {
				const char *c;

				for (c = p + 4; c + 3 <= end &&
				    strncmp(c, "-->", 3) != 0; c++)
					continue;
				p = c + 3 <= end ? c + 3 : end;
				continue;
			}
			if (q < end && *q == '/')
				closing = 1, q++;
			while (q < end && n < sizeof(name) - 1 &&
			    ((*q >= 'a' && *q <= 'z') || (*q >= 'A' &&
			    *q <= 'Z') || (*q >= '0' && *q <= '9')))
				name[n++] = (char)(*q >= 'A' && *q <= 'Z' ?
				    *q++ - 'A' + 'a' : *q++);
			name[n] = '\0';
			if ((gt = memchr(p, '>', (size_t)(end - p))) == NULL)
				break;
			p = gt + 1;
			if (n == 0)
				continue;
			if (skip_to != NULL) {
				if (closing && strcmp(name, skip_to) == 0)
					skip_to = NULL;
				continue;
			}
			if (!closing && (strcmp(name, "script") == 0 ||
			    strcmp(name, "style") == 0 ||
			    strcmp(name, "head") == 0 ||
			    strcmp(name, "title") == 0)) {
				skip_to = strcmp(name, "script") == 0 ?
				    "script" : strcmp(name, "style") == 0 ?
				    "style" : strcmp(name, "head") == 0 ?
				    "head" : "title";
				continue;
			}
			if ((brk = tag_break(name, n)) != 0)
				add_break(&b, brk);
			if (!closing && strcmp(name, "li") == 0)
				buf_puts(&b, "- ");
			continue;
		}
		if (skip_to != NULL) {
			p++;
			continue;
		}
		if (*p == '&') {
			size_t used = entity(p + 1, end, &b);

			if (used) {
				p += 1 + used;
				continue;
			}
		}
		/* White space runs as one space, as a browser shows it. */
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (b.len > 0 && b.s[b.len - 1] != ' ' &&
			    b.s[b.len - 1] != '\n')
				buf_putc(&b, ' ');
			p++;
			continue;
		}
		buf_putc(&b, *p++);
	}
	while (b.len > 0 && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\n'))
		b.len--;
	if (b.s != NULL)
		b.s[b.len] = '\0';
	return b.s ? buf_detach(&b) : xstrdup("");
}

/* Letters out. */

int
mailmsg_is_address(const char *s)
{
	InternetAddressList *l;
	InternetAddress *ia;
	const char *addr, *at;
	struct error err;
	int ok = 0;

	if (s == NULL || *s == '\0' || strpbrk(s, "\r\n,;") != NULL)
		return 0;
	if (mailmsg_init(&err) != 0)
		return 0;
	if ((l = internet_address_list_parse(NULL, s)) != NULL) {
		if (internet_address_list_length(l) == 1 &&
		    INTERNET_ADDRESS_IS_MAILBOX(ia =
		    internet_address_list_get_address(l, 0)) &&
		    (addr = internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(ia))) != NULL &&
		    (at = strchr(addr, '@')) != NULL && at > addr &&
		    strchr(at + 1, '.') != NULL && at[1] != '.' &&
		    strchr(at + 1, '@') == NULL)
			ok = 1;
		g_object_unref(l);
	}
	return ok;
}

/* The domain of the Message-IDs: mail.from's, else this host's. */
static char *
id_domain(const char *from)
{
	const char *at = from ? strrchr(from, '@') : NULL;
	char host[256];
	size_t n;

	if (at != NULL) {
		n = strcspn(at + 1, "> \t");
		if (n > 0)
			return xasprintf("%.*s", (int)n, at + 1);
	}
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		if (host[0] != '\0')
			return xstrdup(host);
	}
	return xstrdup("localhost");
}

int
mailmsg_build(const struct mail_letter *l, struct buf *out,
    char **message_id, struct error *err)
{
	GMimeMessage *msg;
	GMimeTextPart *tp;
	GMimeStream *body;
	GMimeDataWrapper *content;
	GMimeFormatOptions *fo;
	InternetAddressList *to;
	GDateTime *date;
	char *id, *domain, *text, *irt;
	int rc;

	*message_id = NULL;
	if ((rc = mailmsg_init(err)) != 0)
		return rc;
	if (!mailmsg_is_address(l->to))
		return error_set(err, EX_IOERR, "the contact '%s' is not an "
		    "e-mail address (expected one address, as in "
		    "name@example.com; amend --contact)", l->to ? l->to : "");
	msg = g_mime_message_new(TRUE);
	if (l->from != NULL) {
		InternetAddressList *from = internet_address_list_parse(NULL,
		    l->from);

		if (from != NULL) {
			internet_address_list_append(
			    g_mime_message_get_from(msg), from);
			g_object_unref(from);
		}
	}
	to = internet_address_list_parse(NULL, l->to);
	internet_address_list_append(g_mime_message_get_addresses(msg,
	    GMIME_ADDRESS_TYPE_TO), to);
	g_object_unref(to);
	g_mime_message_set_subject(msg, l->subject, "utf-8");
	date = g_date_time_new_from_unix_utc(l->date);
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	domain = id_domain(l->from);
	id = g_mime_utils_generate_message_id(domain);
	free(domain);
	g_mime_message_set_message_id(msg, id);
	/* An id of a received message goes back only if it is one word of
	 * printable ASCII, so no header is malformed by it. */
	if (l->in_reply_to != NULL && *l->in_reply_to != '\0' &&
	    strspn(l->in_reply_to, "!#$%&'*+-/0123456789=?ABCDEFGHIJKLMNOPQ"
	    "RSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~.@") ==
	    strlen(l->in_reply_to)) {
		irt = xasprintf("<%s>", l->in_reply_to);
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", irt,
		    NULL);
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", irt,
		    NULL);
		free(irt);
	}

	/* Always UTF-8 and quoted-printable: any text, any line length,
	 * through any mail server, readable in the raw. The bytes go in as
	 * they are (g_mime_text_part_set_text would pick a charset). */
	tp = g_mime_text_part_new_with_subtype("plain");
	body = g_mime_stream_mem_new_with_buffer(l->body, strlen(l->body));
	content = g_mime_data_wrapper_new_with_stream(body,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(GMIME_PART(tp), content);
	g_object_unref(content);
	g_object_unref(body);
	g_mime_text_part_set_charset(tp, "utf-8");
	g_mime_part_set_content_encoding(GMIME_PART(tp),
	    GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(tp));
	g_object_unref(tp);

	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	text = g_mime_object_to_string(GMIME_OBJECT(msg), fo);
	buf_puts(out, text);
	g_free(text);
	g_mime_format_options_free(fo);
	*message_id = xstrdup(id);
	g_free(id);
	g_object_unref(msg);
	return 0;
}

int
mailmsg_send(const char *command, const char *data, size_t len,
    struct error *err)
{
	char *copy = xstrdup(command), *tok, *save = NULL, **argv = NULL;
	size_t argc = 0, off = 0;
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	int fds[2], status, rc = 0, werr = 0;
	pid_t pid;
	ssize_t n;

	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		argv = xreallocarray(argv, argc + 2, sizeof(*argv));
		argv[argc++] = tok;
	}
	if (argc == 0) {
		free(copy);
		return error_set(err, EX_CONFIG, "mail.sendmail is empty");
	}
	argv[argc] = NULL;
	if (pipe(fds) != 0) {
		rc = error_set(err, EX_IOERR, "cannot run the mailer: %s",
		    strerror(errno));
		goto out;
	}
	(void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		rc = error_set(err, EX_IOERR, "cannot run the mailer '%s': %s "
		    "(mail.sendmail in the configuration)", argv[0],
		    strerror(rc));
		goto out;
	}
	/* A mailer that quits early must not kill us with SIGPIPE: its
	 * exit status says what went wrong. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (off < len) {
		n = write(fds[1], data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			werr = errno;
			break;
		}
		off += (size_t)n;
	}
	close(fds[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			rc = error_set(err, EX_IOERR, "cannot wait for the "
			    "mailer '%s': %s", argv[0], strerror(errno));
			goto out;
		}
	if (WIFSIGNALED(status))
		rc = error_set(err, EX_IOERR, "the mailer '%s' was killed by "
		    "signal %d; nothing was recorded", argv[0],
		    WTERMSIG(status));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		rc = error_set(err, EX_IOERR, "the mailer '%s' failed (exit "
		    "status %d); nothing was recorded", argv[0],
		    WEXITSTATUS(status));
	else if (werr != 0)
		rc = error_set(err, EX_IOERR, "cannot write to the mailer "
		    "'%s': %s; nothing was recorded", argv[0],
		    strerror(werr));
out:
	free(argv);
	free(copy);
	return rc;
}
