/*
 * Message templates with {name} placeholders; see template.h. Checking
 * and rendering share one scanner so that they cannot disagree on what a
 * placeholder is.
 */
#include <string.h>

#include "buf.h"
#include "template.h"

const char *const template_placeholders[] = {
	"ref", "customer", "owner", "agent", "organisation", "received",
	"resolve_due", "eta", "summary", "resolution", "remedy", "amount",
	"currency", "status", "channel", "contact", "customer_id",
	"department", "category", "severity", "priority", "justified",
	"level", "details", "root_cause", "regime", "ack_due",
	"acknowledged", "resolved", "closed", "summary_due", "holding_due",
	"contacts", "today", NULL
};

/* A placeholder name: ASCII letters, digits and underscores. */
static size_t
name_len(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	    (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
		n++;
	return n;
}

/*
 * At "{" in P: the length of the name of a well-formed "{name}", or 0
 * when the brace starts none.
 */
static size_t
placeholder_at(const char *p)
{
	size_t n = name_len(p + 1);

	return n > 0 && p[n + 1] == '}' ? n : 0;
}

static int
allowed_name(const char *const *allowed, const char *name, size_t len)
{
	for (; *allowed != NULL; allowed++) {
		if (strlen(*allowed) == len && memcmp(*allowed, name, len) == 0)
			return 1;
	}
	return 0;
}

int
template_check(const char *tpl, const char *const *allowed,
    struct error *err)
{
	struct buf list = BUF_INIT;
	const char *const *a;
	const char *p;
	size_t n;
	int rc;

	for (p = tpl; *p != '\0'; p++) {
		if (*p != '{')
			continue;
		if (p[1] == '{') {
			p++;
			continue;
		}
		if ((n = placeholder_at(p)) == 0) {
			if ((n = name_len(p + 1)) > 0)
				return error_set(err, EX_DATAERR,
				    "unterminated placeholder '{%.*s' "
				    "(expected '}' after the name)",
				    (int)n, p + 1);
			return error_set(err, EX_DATAERR,
			    "'{' not followed by a placeholder name "
			    "(write '{{' for a literal '{')");
		}
		if (!allowed_name(allowed, p + 1, n)) {
			for (a = allowed; *a != NULL; a++)
				buf_printf(&list, "%s{%s}",
				    a == allowed ? "" : ", ", *a);
			rc = error_set(err, EX_DATAERR, "unknown placeholder "
			    "'{%.*s}' (expected one of: %s)", (int)n, p + 1,
			    buf_str(&list));
			buf_release(&list);
			return rc;
		}
		p += n + 1;
	}
	return 0;
}

void
template_render(const char *tpl,
    const char *(*lookup)(const char *name, void *arg), void *arg,
    struct buf *out)
{
	char name[64];
	const char *p, *v;
	size_t n;

	for (p = tpl; *p != '\0'; p++) {
		if ((*p == '{' && p[1] == '{') || (*p == '}' && p[1] == '}')) {
			buf_putc(out, *p++);
			continue;
		}
		if (*p != '{' || (n = placeholder_at(p)) == 0 ||
		    n >= sizeof(name)) {
			buf_putc(out, *p);
			continue;
		}
		memcpy(name, p + 1, n);
		name[n] = '\0';
		if ((v = lookup(name, arg)) != NULL)
			buf_puts(out, v);
		else
			buf_add(out, p, n + 2);
		p += n + 1;
	}
	/* An empty template still renders to "", never to NULL. */
	buf_add(out, "", 0);
}
