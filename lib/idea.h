/*
 * Improvement ideas (SPEC 5, review): proposed with a complaint, decided
 * at the management meeting. All SQL on the idea table lives here.
 */
#ifndef COMPLAINT_IDEA_H
#define COMPLAINT_IDEA_H

#include <stdint.h>

#include "db.h"
#include "error.h"

/* Record IDEA for complaint COMPLAINT_ID, status proposed. */
int idea_add(struct db *db, int64_t complaint_id, const char *idea,
    int64_t proposed_at, const char *proposed_by, struct error *err);

/* Call FN for every idea, ordered by complaint id then idea id. */
typedef int (*idea_fn)(int64_t complaint_id, const char *idea, void *arg);
int idea_each(struct db *db, idea_fn fn, void *arg, struct error *err);

#endif
