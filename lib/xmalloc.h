/*
 * Allocation that cannot fail: on exhaustion the process aborts (as tmux
 * and OpenBSD do), so callers need no NULL checks. This is the one place
 * lib/ may end the process; there is no sane way to report running out of
 * memory upwards.
 */
#ifndef COMPLAINT_XMALLOC_H
#define COMPLAINT_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xstrdup() that passes NULL through. */
char *xstrdup_or_null(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
