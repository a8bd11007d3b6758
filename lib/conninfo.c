/*
 * Connection strings, read as libpq documents them ("Connection
 * Strings", PostgreSQL 15) far enough to find a password. Hand-written:
 * libpq's own parser (PQconninfoParse) is there only in a build with
 * PostgreSQL, and the configuration refuses a password in every build.
 */
#include <stddef.h>
#include <string.h>

#include "conninfo.h"
#include "xmalloc.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Whether the N bytes at K spell "password", percent-encoded or not (a
 * URI's parameter names may be). */
static int
is_password(const char *k, size_t n)
{
	static const char word[] = "password";
	size_t i, j = 0;

	for (i = 0; i < n; i++, j++) {
		int c = (unsigned char)k[i];

		if (c == '%' && i + 2 < n && hexval(k[i + 1]) >= 0 &&
		    hexval(k[i + 2]) >= 0) {
			c = hexval(k[i + 1]) << 4 | hexval(k[i + 2]);
			i += 2;
		}
		if (j >= sizeof(word) - 1 || c != word[j])
			return 0;
	}
	return j == sizeof(word) - 1;
}

/* Where the passwords of a connection string are: [from, to) each. */
#define SPANS_MAX 8
struct spans {
	size_t n;
	struct {
		size_t from, to;
	} v[SPANS_MAX];
};

static void
span_add(struct spans *sp, const char *s, const char *from, const char *to)
{
	/* More than SPANS_MAX passwords: the last span runs to the end, so
	 * a redacted copy keeps none of them. */
	if (sp->n == SPANS_MAX) {
		sp->v[SPANS_MAX - 1].to = strlen(s);
		return;
	}
	sp->v[sp->n].from = (size_t)(from - s);
	sp->v[sp->n].to = (size_t)(to - s);
	sp->n++;
}

/* postgresql://[userinfo@][hostspec][/dbname][?paramspec] */
static void
uri_passwords(const char *s, struct spans *sp)
{
	const char *auth = strstr(s, "://") + 3, *end, *at, *colon, *q;

	/* The authority ends at the path or the parameters; a user's
	 * "user:secret@" is in it. */
	end = auth + strcspn(auth, "/?");
	at = memchr(auth, '@', (size_t)(end - auth));
	if (at != NULL &&
	    (colon = memchr(auth, ':', (size_t)(at - auth))) != NULL)
		span_add(sp, s, colon + 1, at);
	if ((q = strchr(end, '?')) == NULL)
		return;
	for (q++; *q != '\0';) {
		size_t n = strcspn(q, "&"), k = strcspn(q, "=&");

		if (k < n && is_password(q, k))
			span_add(sp, s, q + k + 1, q + n);
		q += n;
		if (*q == '&')
			q++;
	}
}

/* keyword = value ... (value single-quoted, with \' and \\, or a word) */
static void
kv_passwords(const char *s, struct spans *sp)
{
	const char *p = s;

	for (;;) {
		const char *key, *value;
		size_t klen;

		p += strspn(p, " \t\n\r\f\v");
		if (*p == '\0')
			return;
		key = p;
		p += strcspn(p, "= \t\n\r\f\v");
		klen = (size_t)(p - key);
		p += strspn(p, " \t\n\r\f\v");
		if (*p != '=')
			return; /* not a conninfo libpq would take */
		p++;
		p += strspn(p, " \t\n\r\f\v");
		value = p;
		if (*p == '\'') {
			for (p++; *p != '\0' && *p != '\''; p++)
				if (*p == '\\' && p[1] != '\0')
					p++;
			if (*p == '\'')
				p++;
		} else {
			for (; *p != '\0' && !strchr(" \t\n\r\f\v", *p); p++)
				if (*p == '\\' && p[1] != '\0')
					p++;
		}
		if (klen == 8 && is_password(key, klen))
			span_add(sp, s, value, p);
	}
}

static void
passwords(const char *s, struct spans *sp)
{
	const char *eq;

	sp->n = 0;
	if (s == NULL)
		return;
	if (strncmp(s, "postgresql://", 13) == 0 ||
	    strncmp(s, "postgres://", 11) == 0)
		uri_passwords(s, sp);
	/* A conninfo as store_engine_of() tells one: a keyword first. */
	else if ((eq = strchr(s, '=')) != NULL && eq > s &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(eq - s))
		kv_passwords(s, sp);
}

int
conninfo_has_password(const char *s)
{
	struct spans sp;

	passwords(s, &sp);
	return sp.n > 0;
}

char *
conninfo_redacted(const char *s)
{
	struct spans sp;
	size_t i, at = 0, len = 0;
	char *out;

	passwords(s, &sp);
	out = xmalloc(strlen(s) + 3 * sp.n + 1);
	for (i = 0; i < sp.n; i++) {
		memcpy(out + len, s + at, sp.v[i].from - at);
		len += sp.v[i].from - at;
		memcpy(out + len, "***", 3);
		len += 3;
		at = sp.v[i].to;
	}
	strcpy(out + len, s + at);
	return out;
}
