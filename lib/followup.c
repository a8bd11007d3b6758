/*
 * The follow-up sweep's words; see followup.h. Its query is the store's
 * (store_owed_each()).
 */
#include "followup.h"

const char *
owed_kind_name(enum owed_kind k)
{
	return k == OWED_CALLBACK ? "callback" : k == OWED_HOLDING ?
	    "holding" : "followup";
}
