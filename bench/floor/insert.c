/*
 * The floor for `complaint log`: open the database and insert one
 * complaint and its 'log' event (the same columns and the same JSON shape
 * of changes) in one BEGIN IMMEDIATE transaction, then print the new id.
 * usage: insert DB CUSTOMER NOW
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "floor.h"

int
main(int argc, char **argv)
{
	static const char ins_complaint[] =
	    "INSERT INTO complaint (status, received_at, channel, customer,"
	    " owner, category, summary, ack_due, resolve_due, updated_at)"
	    " VALUES ('new', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?1)";
	static const char ins_event[] =
	    "INSERT INTO event (complaint_id, at, actor, action, changes)"
	    " VALUES (?, ?, ?, 'log', ?)";
	char changes[1024];
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
	    "{\"status\":[null,\"new\"],\"received_at\":[null,%lld],"
	    "\"channel\":[null,\"phone\"],\"customer\":[null,\"%s\"],"
	    "\"owner\":[null,\"alice\"],\"category\":[null,\"delivery\"],"
	    "\"level\":[null,0],\"public\":[null,0],"
	    "\"summary\":[null,\"Parcel arrived damaged\"],"
	    "\"ack_due\":[null,%lld],\"resolve_due\":[null,%lld],"
	    "\"contacts\":[null,1]}", now, argv[2], now + 86400,
	    now + 56 * 86400);
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
