/*
 * EVENT_CREATED events given back (created.c), private to lib/store/:
 * store.c's readers of the history call these; store.h says what each
 * reader returns.
 */
#ifndef COMPLAINT_STORE_CREATED_H
#define COMPLAINT_STORE_CREATED_H

#include "buf.h"
#include "store/driver.h"

/*
 * EV, or when it is an EVENT_CREATED event that stores no changes, a
 * copy of it in COPY whose changes are those it was created with, as
 * JSON in CHANGES: *OUT is the one to read (valid until CHANGES or COPY
 * change).
 */
int store_event_created(struct store *s, const char *prefix,
    const struct event *ev, struct event *copy, struct buf *changes,
    const struct event **out, struct error *err);

/*
 * For an erasure of complaint ID whose first event is an EVENT_CREATED
 * one not yet redacted: *EC filled (its changes in CHANGES, its digest in
 * DIGEST) after checking the values given back against the event's hash
 * (EX_DATAERR, nothing erased, when they do not match); *FOUND 0 and EC
 * untouched otherwise.
 */
int store_created_for_erase(struct store *s, const char *prefix, int64_t id,
    struct erase_created *ec, struct buf *changes,
    char digest[SHA256_HEXLEN], int *found, struct error *err);

/* C as the row R holds it (a copy; complaint_release() it). */
void store_complaint_of_row(const struct complaint_row *r,
    struct complaint *c);

#endif
