/*
 * The PostgreSQL floor for a lifecycle step (ack ...): connect, take the
 * head lock, read the complaint's row, update it (SET, when given, is the
 * step's state change, $1 being NOW, so both sides touch the same
 * indexes), append one event with the next event id, commit.
 * usage: pg_update URI ID NOW [SET]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_floor.h"

int
main(int argc, char **argv)
{
	char changes[256], sql[1024];
	const char *v[3], *set;
	PGconn *c;
	PGresult *r;

	if (argc != 4 && argc != 5) {
		fputs("usage: pg_update URI ID NOW [SET]\n", stderr);
		return 2;
	}
	c = pg_floor_open(argv[1]);
	pg_floor_do(c, "BEGIN");
	pg_floor_do(c, "SELECT 1 FROM complaint.head WHERE one FOR UPDATE");
	v[0] = argv[2];
	r = pg_floor_exec(c, "SELECT * FROM complaint.complaint WHERE id = $1",
	    1, v);
	if (PQntuples(r) != 1) {
		fprintf(stderr, "pg_update: no complaint %s\n", argv[2]);
		return 1;
	}
	snprintf(changes, sizeof(changes), "{\"updated_at\":[%s,%s]}",
	    PQgetvalue(r, 0, PQfnumber(r, "updated_at")), argv[3]);
	PQclear(r);
	set = argc == 5 && argv[4][0] != '\0' ? argv[4] : NULL;
	snprintf(sql, sizeof(sql), "UPDATE complaint.complaint SET"
	    " updated_at = $1%s%s WHERE id = $2", set ? ", " : "",
	    set ? set : "");
	v[0] = argv[3];
	v[1] = argv[2];
	PQclear(pg_floor_exec(c, sql, 2, v));
	v[0] = argv[2];
	v[1] = argv[3];
	v[2] = changes;
	PQclear(pg_floor_exec(c, "INSERT INTO complaint.event (id,"
	    " complaint_id, at, actor, account, action, changes, digest, hash)"
	    " VALUES ((SELECT coalesce(max(id), 0) + 1 FROM complaint.event),"
	    " $1, $2, 'alice', 'alice', 'ack', $3, " PG_FLOOR_HASH ", "
	    PG_FLOOR_HASH ")", 3, v));
	pg_floor_do(c, "COMMIT");
	PQfinish(c);
	return 0;
}
