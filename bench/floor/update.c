/*
 * The floor for a lifecycle step (ack, assess, resolve, note ...): in one
 * BEGIN IMMEDIATE transaction read the complaint's row, update it and
 * append one event with the JSON changes. SET, when given, is the state
 * change of the step being compared ("status = 'acknowledged',
 * acknowledged_at = ?1"; ?1 is NOW), so the floor touches the same
 * columns and therefore the same indexes as complaint does.
 * usage: update DB ID NOW [SET]
 */
#include <stdio.h>
#include <stdlib.h>

#include "floor.h"

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long id, now, before;
	char changes[256], sql[1024];
	const char *set;

	if (argc != 4 && argc != 5) {
		fputs("usage: update DB ID NOW [SET]\n", stderr);
		return 2;
	}
	id = atoll(argv[2]);
	now = atoll(argv[3]);
	db = floor_open(argv[1]);
	floor_exec(db, "BEGIN IMMEDIATE");

	floor_check(db, sqlite3_prepare_v2(db,
	    "SELECT * FROM complaint WHERE id = ?", -1, &st, NULL), "prepare");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		fprintf(stderr, "update: no complaint %lld\n", id);
		return 1;
	}
	before = sqlite3_column_int64(st, sqlite3_column_count(st) - 3);
	sqlite3_finalize(st);

	set = argc == 5 && argv[4][0] != '\0' ? argv[4] : NULL;
	snprintf(sql, sizeof(sql), "UPDATE complaint SET updated_at = ?1%s%s"
	    " WHERE id = ?2", set ? ", " : "", set ? set : "");
	floor_check(db, sqlite3_prepare_v2(db, sql, -1, &st, NULL), "prepare");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	floor_check(db, sqlite3_step(st), "update");
	sqlite3_finalize(st);

	snprintf(changes, sizeof(changes), "{\"updated_at\":[%lld,%lld]}",
	    before, now);
	floor_check(db, sqlite3_prepare_v2(db,
	    "INSERT INTO event (complaint_id, at, actor, account, action,"
	    " changes, digest, hash) VALUES (?, ?, 'alice', 'alice', 'note', ?, "
	    FLOOR_HASH ", " FLOOR_HASH ")", -1, &st, NULL), "prepare");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, changes, -1, SQLITE_STATIC);
	floor_check(db, sqlite3_step(st), "insert event");
	sqlite3_finalize(st);

	floor_exec(db, "COMMIT");
	sqlite3_close(db);
	return 0;
}
