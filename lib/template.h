/*
 * Message templates (the acknowledgement, the call script, the final
 * response): text with {name} placeholders. "{{" and "}}" stand for a
 * literal "{" and "}"; a lone "}" is itself.
 */
#ifndef COMPLAINT_TEMPLATE_H
#define COMPLAINT_TEMPLATE_H

#include "buf.h"
#include "error.h"

/* The placeholders every configured template may use, NULL-terminated. */
extern const char *const template_placeholders[];

/*
 * Whether TPL is well formed and uses only the placeholders in ALLOWED
 * (NULL-terminated). Otherwise EX_DATAERR, naming the first bad
 * placeholder and, for an unknown one, listing the allowed ones.
 */
int template_check(const char *tpl, const char *const *allowed,
    struct error *err);

/*
 * Append TPL to OUT with each placeholder replaced by LOOKUP(name, ARG).
 * A NULL from LOOKUP, or a "{" that starts no placeholder, is copied
 * through unchanged so that a mistake shows in the text.
 */
void template_render(const char *tpl,
    const char *(*lookup)(const char *name, void *arg), void *arg,
    struct buf *out);

#endif
