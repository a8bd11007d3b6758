/*
 * Connection strings, read as libpq documents them ("Connection
 * Strings", PostgreSQL 15) far enough to find a password. Hand-written:
 * libpq's own parser (PQconninfoParse) is there only in a build with
 * PostgreSQL, and the configuration refuses a password in every build.
 */
#include <stddef.h>
#include <string.h>

#include "conninfo.h"

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

/* postgresql://[userinfo@][hostspec][/dbname][?paramspec] */
static int
uri_has_password(const char *s)
{
	const char *auth = strstr(s, "://") + 3, *end, *at, *q;

	/* The authority ends at the path or the parameters; a user's
	 * "user:secret@" is in it. */
	end = auth + strcspn(auth, "/?");
	at = memchr(auth, '@', (size_t)(end - auth));
	if (at != NULL && memchr(auth, ':', (size_t)(at - auth)) != NULL)
		return 1;
	if ((q = strchr(end, '?')) == NULL)
		return 0;
	for (q++; *q != '\0'; ) {
		size_t n = strcspn(q, "&"), k = strcspn(q, "=&");

		if (k < n && is_password(q, k))
			return 1;
		q += n;
		if (*q == '&')
			q++;
	}
	return 0;
}

/* keyword = value ... (value single-quoted, with \' and \\, or a word) */
static int
kv_has_password(const char *s)
{
	const char *p = s;

	for (;;) {
		const char *key;
		size_t klen;

		p += strspn(p, " \t\n\r\f\v");
		if (*p == '\0')
			return 0;
		key = p;
		p += strcspn(p, "= \t\n\r\f\v");
		klen = (size_t)(p - key);
		p += strspn(p, " \t\n\r\f\v");
		if (*p != '=')
			return 0;   /* not a conninfo libpq would take */
		p++;
		if (klen == 8 && is_password(key, klen))
			return 1;
		p += strspn(p, " \t\n\r\f\v");
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
	}
}

int
conninfo_has_password(const char *s)
{
	const char *eq;

	if (s == NULL)
		return 0;
	if (strncmp(s, "postgresql://", 13) == 0 ||
	    strncmp(s, "postgres://", 11) == 0)
		return uri_has_password(s);
	/* A conninfo as store_engine_of() tells one: a keyword first. */
	if ((eq = strchr(s, '=')) != NULL && eq > s &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(eq - s))
		return kv_has_password(s);
	return 0;
}
