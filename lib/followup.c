/*
 * The sweep over owed call-backs and follow-ups; see followup.h. Closing
 * a complaint clears both due times, so the two partial indexes hold
 * exactly what is owed and no status test is needed.
 */
#include <stdlib.h>

#include "complaint.h"
#include "followup.h"
#include "name.h"

const char followup_owed_sql[] =
    "SELECT id, 0, callback_due, owner, customer, NULL FROM complaint"
    " WHERE callback_due IS NOT NULL AND callback_due < ?1"
    " AND (?2 IS NULL OR owner_key = ?2)"
    " UNION ALL "
    "SELECT id, 1, followup_due, owner, customer, followup_attempts"
    " FROM complaint"
    " WHERE followup_due IS NOT NULL AND followup_due < ?1"
    " AND (?2 IS NULL OR owner_key = ?2)"
    " ORDER BY 3, 1, 2";

const char *
owed_kind_name(enum owed_kind k)
{
	return k == OWED_CALLBACK ? "callback" : "followup";
}

int
followup_each_owed(struct db *db, int64_t until, const char *owner,
    owed_fn fn, void *arg, struct error *err)
{
	sqlite3_stmt *st;
	struct owed o;
	int owned, rc;

	if ((rc = db_prepare_cached(db, followup_owed_sql, &st, &owned,
	    err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, until);
	if (owner != NULL)
		sqlite3_bind_text(st, 2, name_key(owner), -1, free);
	else
		sqlite3_bind_null(st, 2);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o.id = sqlite3_column_int64(st, 0);
		o.kind = sqlite3_column_int(st, 1) ? OWED_FOLLOWUP :
		    OWED_CALLBACK;
		o.due = sqlite3_column_int64(st, 2);
		o.owner = (const char *)sqlite3_column_text(st, 3);
		o.customer = (const char *)sqlite3_column_text(st, 4);
		o.attempts = db_column_time(st, 5);
		if ((rc = fn(&o, arg)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, "listing owed follow-ups", err);
	else
		rc = 0;
done:
	db_release_stmt(st, owned);
	return rc;
}
