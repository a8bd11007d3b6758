/*
 * libpq at run time (pg_libpq.h).
 */
#define PG_LIBPQ_IMPL

#include "dynlib.h"
#include "store/pg_libpq.h"

struct pq_api pq_api;

static const struct dynlib_sym pq_functions[] = {
	{ "PQclear", (void **)&pq_api.PQclear },
	{ "PQcmdTuples", (void **)&pq_api.PQcmdTuples },
	{ "PQconnectdbParams", (void **)&pq_api.PQconnectdbParams },
	{ "PQerrorMessage", (void **)&pq_api.PQerrorMessage },
	{ "PQexec", (void **)&pq_api.PQexec },
	{ "PQexecParams", (void **)&pq_api.PQexecParams },
	{ "PQfinish", (void **)&pq_api.PQfinish },
	{ "PQfname", (void **)&pq_api.PQfname },
	{ "PQfreemem", (void **)&pq_api.PQfreemem },
	{ "PQftype", (void **)&pq_api.PQftype },
	{ "PQgetCopyData", (void **)&pq_api.PQgetCopyData },
	{ "PQgetResult", (void **)&pq_api.PQgetResult },
	{ "PQgetisnull", (void **)&pq_api.PQgetisnull },
	{ "PQgetlength", (void **)&pq_api.PQgetlength },
	{ "PQgetvalue", (void **)&pq_api.PQgetvalue },
	{ "PQnfields", (void **)&pq_api.PQnfields },
	{ "PQntuples", (void **)&pq_api.PQntuples },
	{ "PQputCopyData", (void **)&pq_api.PQputCopyData },
	{ "PQputCopyEnd", (void **)&pq_api.PQputCopyEnd },
	{ "PQresultErrorField", (void **)&pq_api.PQresultErrorField },
	{ "PQresultStatus", (void **)&pq_api.PQresultStatus },
	{ "PQsendQuery", (void **)&pq_api.PQsendQuery },
	{ "PQstatus", (void **)&pq_api.PQstatus },
	{ "PQtransactionStatus", (void **)&pq_api.PQtransactionStatus },
};

int
pq_load(struct error *err)
{
	static int loaded;
	const char *why;
	int rc;

	if (loaded)
		return 0;
	rc = dynlib_open(LIBPQ_SONAME, pq_functions,
	    sizeof(pq_functions) / sizeof(pq_functions[0]), NULL, &why);
	if (rc == -1)
		return error_set(err, EX_UNAVAILABLE, "cannot load libpq "
		    "(%s) for PostgreSQL: %s (install the libpq5 package)",
		    LIBPQ_SONAME, why);
	if (rc != 0)
		return error_set(err, EX_UNAVAILABLE, "%s lacks %s: "
		    "libpq too old", LIBPQ_SONAME, why);
	/* Kept for the life of the process. */
	loaded = 1;
	return 0;
}
