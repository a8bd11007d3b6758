/*
 * Erasure, engine-blind (erase.c), private to lib/store/: store.c's
 * store_complaint_erase() calls it once the driver is known to have what
 * it needs; store.h says what an erasure does.
 */
#ifndef COMPLAINT_STORE_ERASE_H
#define COMPLAINT_STORE_ERASE_H

#include "store/driver.h"

int store_erase(struct store *s, const char *prefix, int64_t id,
    const char *actor, int64_t now, const char *reason, int *nfields,
    struct error *err);

#endif
