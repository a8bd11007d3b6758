/*
 * The floor for `complaint log`: open the database and insert one
 * complaint and its 'log' event (the same columns and the same JSON shape
 * of changes) in one BEGIN IMMEDIATE transaction, then print the new id.
 * usage: insert DB CUSTOMER NOW
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "floor.h"

/* T as RFC 3339 UTC, as complaint writes times into the history. */
static const char *
rfc3339(long long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

int
main(int argc, char **argv)
{
	static const char ins_complaint[] =
	    "INSERT INTO complaint (status, received_at, channel, customer,"
	    " owner, category, summary, ack_due, resolve_due, updated_at)"
	    " VALUES ('new', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?1)";
	static const char ins_event[] =
	    "INSERT INTO event (complaint_id, at, actor, account, action,"
	    " changes, digest, hash) VALUES (?, ?, ?3, ?3, 'log', ?, "
	    FLOOR_HASH ", " FLOOR_HASH ")";
	char changes[1024], t1[32], t2[32], t3[32];
	sqlite3 *db;
	sqlite3_stmt *st;
	long long now, id;

	if (argc != 4) {
		fputs("usage: insert DB CUSTOMER NOW\n", stderr);
		return 2;
	}
	now = atoll(argv[3]);
	db = floor_open(argv[1]);
	floor_exec(db, "BEGIN IMMEDIATE");

	floor_check(db, sqlite3_prepare_v2(db, ins_complaint, -1, &st, NULL),
	    "prepare");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, "phone", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, argv[2], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, "alice", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, "delivery", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, "Parcel arrived damaged", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now + 86400);
	sqlite3_bind_int64(st, 8, now + 56 * 86400);
	floor_check(db, sqlite3_step(st), "insert complaint");
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(db);

	snprintf(changes, sizeof(changes),
	    "{\"status\":[null,\"new\"],\"received_at\":[null,\"%s\"],"
	    "\"channel\":[null,\"phone\"],\"customer\":[null,\"%s\"],"
	    "\"owner\":[null,\"alice\"],\"category\":[null,\"delivery\"],"
	    "\"level\":[null,0],\"public\":[null,0],"
	    "\"summary\":[null,\"Parcel arrived damaged\"],"
	    "\"ack_due\":[null,\"%s\"],\"resolve_due\":[null,\"%s\"],"
	    "\"contacts\":[null,1],\"complex\":[null,0],"
	    "\"assessed\":[null,0],\"first_contact\":[null,0],"
	    "\"followup_attempts\":[null,0]}",
	    rfc3339(now, t1, sizeof(t1)), argv[2],
	    rfc3339(now + 86400, t2, sizeof(t2)),
	    rfc3339(now + 56 * 86400, t3, sizeof(t3)));
	floor_check(db, sqlite3_prepare_v2(db, ins_event, -1, &st, NULL),
	    "prepare");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, "alice", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, changes, -1, SQLITE_STATIC);
	floor_check(db, sqlite3_step(st), "insert event");
	sqlite3_finalize(st);

	floor_exec(db, "COMMIT");
	sqlite3_close(db);
	printf("CMP-%06lld\n", id);
	return 0;
}
