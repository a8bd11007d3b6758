/*
 * What the PostgreSQL floors share: connect as any libpq program would
 * (the URI as given, nothing else negotiated), run each statement with
 * PQexecParams (one parse a statement, as the driver), and die with the
 * server's message on any failure, since a floor that silently did less
 * would make complaint look slow. The tables are named with their schema
 * instead of setting search_path: one round trip fewer than any session
 * setup, so the floor errs against complaint.
 */
#ifndef PG_FLOOR_H
#define PG_FLOOR_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

/* The history refuses events without a digest and a hash: the floor
 * binds this well-formed constant instead of hashing (see floor.h). */
#define PG_FLOOR_HASH \
	"'0000000000000000000000000000000000000000000000000000000000000000'"

static inline PGconn *
pg_floor_open(const char *uri)
{
	PGconn *c = PQconnectdb(uri);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "floor: connect: %s", PQerrorMessage(c));
		exit(1);
	}
	return c;
}

/* SQL with up to 4 text parameters; the result, checked. */
static inline PGresult *
pg_floor_exec(PGconn *c, const char *sql, int n, const char *const *v)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, v, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fprintf(stderr, "floor: %s: %s", sql, PQerrorMessage(c));
		exit(1);
	}
	return r;
}

static inline void
pg_floor_do(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "floor: %s: %s", sql, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
}

#endif
