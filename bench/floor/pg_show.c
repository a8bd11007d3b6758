/*
 * The PostgreSQL floor for `complaint show REF --format json`: connect,
 * read one complaint and its events in one read-only snapshot, print
 * every column as name=value lines. usage: pg_show URI ID
 */
#include <stdio.h>
#include <stdlib.h>

#include "pg_floor.h"

static void
print_rows(PGconn *c, const char *sql, const char *id)
{
	PGresult *r = pg_floor_exec(c, sql, 1, &id);
	int i, j;

	for (i = 0; i < PQntuples(r); i++)
		for (j = 0; j < PQnfields(r); j++)
			printf("%s=%s\n", PQfname(r, j), PQgetvalue(r, i, j));
	PQclear(r);
}

int
main(int argc, char **argv)
{
	PGconn *c;

	if (argc != 3) {
		fputs("usage: pg_show URI ID\n", stderr);
		return 2;
	}
	c = pg_floor_open(argv[1]);
	pg_floor_do(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	print_rows(c, "SELECT * FROM complaint.complaint WHERE id = $1",
	    argv[2]);
	print_rows(c, "SELECT * FROM complaint.event WHERE complaint_id = $1"
	    " ORDER BY id", argv[2]);
	pg_floor_do(c, "COMMIT");
	PQfinish(c);
	return 0;
}
