/*
 * The PostgreSQL floor for `complaint log`: connect, take the head lock
 * (writers take turns there, as complaint's do), insert one complaint
 * with the next id and its 'log' event with the next event id, commit,
 * print the reference. usage: pg_insert URI CUSTOMER NOW
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_floor.h"

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
	    "INSERT INTO complaint.complaint (id, status, received_at,"
	    " channel, customer, owner, category, summary, ack_due,"
	    " resolve_due, holding_due, updated_at, customer_key, owner_key)"
	    " VALUES ((SELECT coalesce(max(id), 0) + 1 FROM"
	    " complaint.complaint), 'new', $1, 'phone', $2, 'alice',"
	    " 'delivery', 'Parcel arrived damaged', $1::bigint + 86400,"
	    " $1::bigint + 4838400, $1::bigint + 4838400, $1, lower($2),"
	    " 'alice') RETURNING id";
	static const char ins_event[] =
	    "INSERT INTO complaint.event (id, complaint_id, at, actor,"
	    " account, action, changes, digest, hash) VALUES"
	    " ((SELECT coalesce(max(id), 0) + 1 FROM complaint.event), $1,"
	    " $2, 'alice', 'alice', 'log', $3, " PG_FLOOR_HASH ", "
	    PG_FLOOR_HASH ")";
	char changes[1024], t1[32], t2[32], t3[32], id[32];
	const char *v[3];
	long long now;
	PGconn *c;
	PGresult *r;

	if (argc != 4) {
		fputs("usage: pg_insert URI CUSTOMER NOW\n", stderr);
		return 2;
	}
	now = atoll(argv[3]);
	c = pg_floor_open(argv[1]);
	pg_floor_do(c, "BEGIN");
	pg_floor_do(c, "SELECT 1 FROM complaint.head WHERE one FOR UPDATE");
	v[0] = argv[3];
	v[1] = argv[2];
	r = pg_floor_exec(c, ins_complaint, 2, v);
	snprintf(id, sizeof(id), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
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
	v[0] = id;
	v[1] = argv[3];
	v[2] = changes;
	PQclear(pg_floor_exec(c, ins_event, 3, v));
	pg_floor_do(c, "COMMIT");
	PQfinish(c);
	printf("CMP-%06lld\n", atoll(id));
	return 0;
}
