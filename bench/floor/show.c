/*
 * The floor for `complaint show REF --format json`: open the database,
 * read one complaint and its events in one read transaction, and print
 * every column as name=value lines. usage: show DB ID
 */
#include <stdio.h>
#include <stdlib.h>

#include "floor.h"

static void
print_rows(sqlite3 *db, const char *sql, long long id)
{
	sqlite3_stmt *st;
	int i, n, rc;

	floor_check(db, sqlite3_prepare_v2(db, sql, -1, &st, NULL), "prepare");
	sqlite3_bind_int64(st, 1, id);
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < n; i++) {
			const unsigned char *v = sqlite3_column_text(st, i);

			printf("%s=%s\n", sqlite3_column_name(st, i),
			    v ? (const char *)v : "");
		}
	floor_check(db, rc, "select");
	sqlite3_finalize(st);
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	long long id;

	if (argc != 3) {
		fputs("usage: show DB ID\n", stderr);
		return 2;
	}
	id = atoll(argv[2]);
	db = floor_open(argv[1]);
	floor_exec(db, "BEGIN");
	print_rows(db, "SELECT * FROM complaint WHERE id = ?", id);
	print_rows(db, "SELECT * FROM event WHERE complaint_id = ? ORDER BY id",
	    id);
	floor_exec(db, "COMMIT");
	sqlite3_close(db);
	return 0;
}
