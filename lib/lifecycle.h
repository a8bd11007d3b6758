/*
 * The lifecycle of SPEC 4 as pure functions of a complaint, the
 * configuration and "now": which steps are allowed, and what each owes
 * the customer (acknowledgement, call-back, follow-up).
 */
#ifndef COMPLAINT_LIFECYCLE_H
#define COMPLAINT_LIFECYCLE_H

#include <stdint.h>

#include "complaint.h"
#include "config.h"

/* A call-back is owed (a repeat contact, a complex or passed-on
 * complaint): due deadlines.callback from NOW, unless one is owed sooner
 * already. */
void lifecycle_owe_callback(const struct config *cfg, struct complaint *c,
    int64_t now);

#endif
