/*
 * Names as people expect them; see name.h. The Unicode tables are
 * libunistring's (NFC and full case folding), not ours.
 */
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>

#include "name.h"
#include "text.h"
#include "xmalloc.h"

/* The length of the white space at S (ASCII blanks, U+0085, U+00A0,
 * U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), 0 when
 * there is none. */
static size_t
space_len(const unsigned char *s)
{
	if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		return 1;
	if (s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 || s[2] == 0xa9 ||
	    s[2] == 0xaf))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

size_t
name_tidy_in_place(char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	char *out = str, *o = str;
	size_t n;
	int pending = 0;

	/* The output never runs ahead of the input: safe in place. */
	while (*s) {
		if ((n = space_len(s)) != 0) {
			pending = o != out;
			s += n;
			continue;
		}
		if (pending)
			*o++ = ' ';
		pending = 0;
		*o++ = (char)*s++;
	}
	*o = '\0';
	return (size_t)(o - out);
}

char *
name_tidy(const char *str)
{
	char *out;

	if (str == NULL)
		return NULL;
	out = xstrdup(str);
	name_tidy_in_place(out);
	return out;
}

char *
name_key(const char *str)
{
	char *t, *p;
	int ascii = 1;
	uint8_t *nfc, *folded;
	size_t len, nfclen, foldlen;

	if (str == NULL)
		return NULL;
	t = name_tidy(str);
	for (p = t; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			ascii = 0;
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	/* ASCII folds to ASCII, and is its own NFC: the common case costs
	 * one pass. */
	len = (size_t)(p - t);
	if (ascii || !utf8_valid(t, len))
		return t;
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)t, len, NULL,
	    &nfclen);
	if (nfc == NULL)
		return t;
	folded = u8_casefold(nfc, nfclen, NULL, UNINORM_NFC, NULL, &foldlen);
	free(nfc);
	if (folded == NULL)
		return t;
	free(t);
	t = xmalloc(foldlen + 1);
	memcpy(t, folded, foldlen);
	t[foldlen] = '\0';
	free(folded);
	return t;
}

char *
name_key_stored(const char *s)
{
	char *key = name_key(s);
	const char *a, *b;

	if (key == NULL)
		return NULL;
	for (a = s, b = key; *a && *b; a++, b++) {
		char ca = *a, cb = *b;

		if (ca >= 'A' && ca <= 'Z')
			ca = (char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (char)(cb - 'A' + 'a');
		if (ca != cb)
			return key;
	}
	if (*a != *b)
		return key;
	free(key);
	return NULL;
}

int
name_check(const char *s, const char *what, struct error *err)
{
	const unsigned char *p;
	int blank = 1;

	if (!utf8_valid(s, strlen(s)))
		return error_set(err, EX_DATAERR, "%s is not valid UTF-8 "
		    "(expected a person's name in UTF-8 text)", what);
	for (p = (const unsigned char *)s; *p; p++) {
		size_t n = space_len(p);

		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 &&
		    p[1] <= 0x9f))
			return error_set(err, EX_DATAERR, "%s contains a "
			    "control character (expected a name on one line, "
			    "with no tabs or control characters)", what);
		if (n == 0)
			blank = 0;
		else
			p += n - 1;
	}
	if (blank)
		return error_set(err, EX_DATAERR, "%s is blank (expected a "
		    "person's name)", what);
	return 0;
}
