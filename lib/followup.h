/*
 * What the customers are owed: call-backs (a repeat contact, a complex or
 * passed-on complaint) and follow-up calls after resolution, by due time.
 * The sweep reads only the partial indexes on callback_due and
 * followup_due, so it costs what is owed, not what is stored.
 */
#ifndef COMPLAINT_FOLLOWUP_H
#define COMPLAINT_FOLLOWUP_H

#include <stdint.h>

#include "db.h"
#include "error.h"

enum owed_kind {
	OWED_CALLBACK,
	OWED_FOLLOWUP,
};

/* "callback" or "followup". */
const char *owed_kind_name(enum owed_kind k);

struct owed {
	int64_t id;
	enum owed_kind kind;
	int64_t due;
	const char *owner;
	const char *customer;
	int64_t attempts;       /* unanswered follow-up calls; NUM_NONE for
	                         * a call-back */
};

typedef int (*owed_fn)(const struct owed *o, void *arg);

/*
 * Call FN for every call-back and follow-up owed with a due time before
 * UNTIL, of OWNER (NULL: anyone's), soonest first (then by id, call-backs
 * first). A non-zero return from FN stops the sweep and is returned. The
 * strings passed are valid only during the call.
 */
int followup_each_owed(struct db *db, int64_t until, const char *owner,
    owed_fn fn, void *arg, struct error *err);

/* The sweep's SQL (?1 until, ?2 owner), for checking its query plan. */
extern const char followup_owed_sql[];

#endif
