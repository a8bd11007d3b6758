/*
 * libpq at run time (pg_libpq.h).
 */
#define PG_LIBPQ_IMPL
#include <dlfcn.h>
#include <stddef.h>

#include "store/pg_libpq.h"

struct pq_api pq_api;

static const struct {
	const char *name;
	size_t offset;
} pq_functions[] = {
	{ "PQclear", offsetof(struct pq_api, PQclear) },
	{ "PQcmdTuples", offsetof(struct pq_api, PQcmdTuples) },
	{ "PQconnectdbParams", offsetof(struct pq_api, PQconnectdbParams) },
	{ "PQerrorMessage", offsetof(struct pq_api, PQerrorMessage) },
	{ "PQexec", offsetof(struct pq_api, PQexec) },
	{ "PQexecParams", offsetof(struct pq_api, PQexecParams) },
	{ "PQfinish", offsetof(struct pq_api, PQfinish) },
	{ "PQfname", offsetof(struct pq_api, PQfname) },
	{ "PQfreemem", offsetof(struct pq_api, PQfreemem) },
	{ "PQftype", offsetof(struct pq_api, PQftype) },
	{ "PQgetCopyData", offsetof(struct pq_api, PQgetCopyData) },
	{ "PQgetResult", offsetof(struct pq_api, PQgetResult) },
	{ "PQgetisnull", offsetof(struct pq_api, PQgetisnull) },
	{ "PQgetlength", offsetof(struct pq_api, PQgetlength) },
	{ "PQgetvalue", offsetof(struct pq_api, PQgetvalue) },
	{ "PQnfields", offsetof(struct pq_api, PQnfields) },
	{ "PQntuples", offsetof(struct pq_api, PQntuples) },
	{ "PQputCopyData", offsetof(struct pq_api, PQputCopyData) },
	{ "PQputCopyEnd", offsetof(struct pq_api, PQputCopyEnd) },
	{ "PQresultErrorField", offsetof(struct pq_api, PQresultErrorField) },
	{ "PQresultStatus", offsetof(struct pq_api, PQresultStatus) },
	{ "PQsendQuery", offsetof(struct pq_api, PQsendQuery) },
	{ "PQstatus", offsetof(struct pq_api, PQstatus) },
	{ "PQtransactionStatus", offsetof(struct pq_api, PQtransactionStatus) },
};

int
pq_load(struct error *err)
{
	static int loaded;
	void *h, *f;
	size_t i;

	if (loaded)
		return 0;
	if ((h = dlopen(LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return error_set(err, EX_UNAVAILABLE, "cannot load libpq "
		    "(%s) for PostgreSQL: %s (install the libpq5 package)",
		    LIBPQ_SONAME, dlerror());
	for (i = 0; i < sizeof(pq_functions) / sizeof(pq_functions[0]); i++) {
		if ((f = dlsym(h, pq_functions[i].name)) == NULL) {
			dlclose(h);
			return error_set(err, EX_UNAVAILABLE, "%s lacks %s: "
			    "libpq too old", LIBPQ_SONAME, pq_functions[i].name);
		}
		/* POSIX: a function's address as an object pointer. */
		*(void **)((char *)&pq_api + pq_functions[i].offset) = f;
	}
	/* Kept for the life of the process. */
	loaded = 1;
	return 0;
}
