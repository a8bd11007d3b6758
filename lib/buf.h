/*
 * A growable byte buffer that is always NUL-terminated once anything has
 * been added (git's strbuf, smaller).
 */
#ifndef COMPLAINT_BUF_H
#define COMPLAINT_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *s;
	size_t len;
	size_t cap;
};

/* clang-format 14 spreads a braced macro over four lines. */
/* clang-format off */
#define BUF_INIT { NULL, 0, 0 }
/* clang-format on */

/* Make room for EXTRA more bytes and the NUL. */
void buf_grow(struct buf *b, size_t extra);

/* Inline: listings of a million rows append billions of small pieces,
 * and a call per piece cost as much as the copying. */
static inline void
buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap)
		buf_grow(b, len);
	memcpy(b->s + b->len, data, len);
	b->len += len;
	b->s[b->len] = '\0';
}

static inline void
buf_putc(struct buf *b, int c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The contents as a C string; "" for an empty buffer, never NULL. */
const char *buf_str(const struct buf *b);
/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Hand the string to the caller (who frees it) and empty the buffer. */
char *buf_detach(struct buf *b);
void buf_release(struct buf *b);

#endif
