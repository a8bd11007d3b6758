/*
 * A growable byte buffer that is always NUL-terminated once anything has
 * been added (git's strbuf, smaller).
 */
#ifndef COMPLAINT_BUF_H
#define COMPLAINT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *s;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
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
