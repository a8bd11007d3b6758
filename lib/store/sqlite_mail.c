/*
 * The message_id table (migration 13): the Message-IDs of the e-mails
 * mail took in and --send sent, so a reply threads back to its complaint
 * and a message delivered twice is recorded once.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite.h"

/* OR IGNORE: a second delivery of one message changes nothing, and its
 * caller learns so from the change count. */
static const char msgid_add_sql[] =
    "INSERT OR IGNORE INTO message_id(message_id, complaint_id, direction,"
    " at) VALUES (?, ?, ?, ?)";

int
sq_message_id_add(struct db *db, const char *message_id,
    int64_t complaint_id, int out, int64_t now, int *added,
    struct error *err)
{
	sqlite3_stmt *st;
	int rc, owned;

	*added = 0;
	if ((rc = db_prepare_cached(db, msgid_add_sql, &st, &owned,
	    err)) != 0)
		return rc;
	db_bind_text(st, 1, message_id);
	sqlite3_bind_int64(st, 2, complaint_id);
	db_bind_text(st, 3, out ? "out" : "in");
	sqlite3_bind_int64(st, 4, now);
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "recording a Message-ID", err);
	*added = sqlite3_changes(db->h) > 0;
	return 0;
}

static const char msgid_find_sql[] =
    "SELECT complaint_id, direction FROM message_id WHERE message_id = ?";

int
sq_message_id_find(struct db *db, const char *message_id,
    int64_t *complaint_id, int *out, int *found, struct error *err)
{
	sqlite3_stmt *st;
	const unsigned char *dir;
	int rc, owned;

	*found = 0;
	if ((rc = db_prepare_cached(db, msgid_find_sql, &st, &owned,
	    err)) != 0)
		return rc;
	db_bind_text(st, 1, message_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*complaint_id = sqlite3_column_int64(st, 0);
		dir = sqlite3_column_text(st, 1);
		if (out != NULL)
			*out = dir != NULL && strcmp((const char *)dir,
			    "out") == 0;
		*found = 1;
		rc = sqlite3_step(st);
	}
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "looking up a Message-ID", err);
	return 0;
}

/* rowid breaks a tie of two messages taken in the same second. */
static const char msgid_latest_sql[] =
    "SELECT message_id FROM message_id WHERE complaint_id = ?"
    " AND direction = 'in' ORDER BY at DESC, rowid DESC LIMIT 1";

int
sq_message_id_latest(struct db *db, int64_t complaint_id,
    char **message_id, struct error *err)
{
	sqlite3_stmt *st;
	int rc, owned;

	*message_id = NULL;
	if ((rc = db_prepare_cached(db, msgid_latest_sql, &st, &owned,
	    err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, complaint_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*message_id = db_column_strdup(st, 0);
		rc = sqlite3_step(st);
	}
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE) {
		free(*message_id);
		*message_id = NULL;
		return db_fail(db, rc, "looking up a Message-ID", err);
	}
	return 0;
}

int
sq_message_id_erase(struct db *db, int64_t complaint_id, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, "DELETE FROM message_id"
	    " WHERE complaint_id = ?", &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, complaint_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "erasing Message-IDs", err);
	return 0;
}
