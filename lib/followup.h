/*
 * What the customers are owed: call-backs (a repeat contact, a complex or
 * passed-on complaint) and follow-up calls after resolution, by due time.
 * The rows come from store_owed_each() (store.h), which reads only what
 * is owed, not what is stored.
 */
#ifndef COMPLAINT_FOLLOWUP_H
#define COMPLAINT_FOLLOWUP_H

#include "store.h"

/* "callback" or "followup". */
const char *owed_kind_name(enum owed_kind k);

#endif
