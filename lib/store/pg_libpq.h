/*
 * libpq, loaded when a command first opens a PostgreSQL database
 * (dlopen), not linked: linked, libpq and what it brings (OpenSSL,
 * Kerberos, LDAP: some twenty libraries) are mapped and relocated at the
 * start of every command, SQLite ones included, which costs more than a
 * whole short command. libpq-fe.h gives the types; each function is
 * called through pq_api under its own name (the macros below), so the
 * driver reads as ordinary libpq code. The soname is fixed by libpq's ABI.
 */
#ifndef COMPLAINT_STORE_PG_LIBPQ_H
#define COMPLAINT_STORE_PG_LIBPQ_H

#include <libpq-fe.h>

#include "error.h"

#define LIBPQ_SONAME "libpq.so.5"

struct pq_api {
	void (*PQclear)(PGresult *res);
	char *(*PQcmdTuples)(PGresult *res);
	PGconn *(*PQconnectdbParams)(const char *const *keywords,
	    const char *const *values, int expand_dbname);
	char *(*PQerrorMessage)(const PGconn *conn);
	PGresult *(*PQexec)(PGconn *conn, const char *query);
	PGresult *(*PQexecParams)(PGconn *conn, const char *command,
	    int nParams, const Oid *paramTypes, const char *const *paramValues,
	    const int *paramLengths, const int *paramFormats, int resultFormat);
	void (*PQfinish)(PGconn *conn);
	char *(*PQfname)(const PGresult *res, int field_num);
	void (*PQfreemem)(void *ptr);
	Oid (*PQftype)(const PGresult *res, int field_num);
	int (*PQgetCopyData)(PGconn *conn, char **buffer, int async);
	PGresult *(*PQgetResult)(PGconn *conn);
	int (*PQgetisnull)(const PGresult *res, int tup_num, int field_num);
	int (*PQgetlength)(const PGresult *res, int tup_num, int field_num);
	char *(*PQgetvalue)(const PGresult *res, int tup_num, int field_num);
	int (*PQnfields)(const PGresult *res);
	int (*PQntuples)(const PGresult *res);
	int (*PQputCopyData)(PGconn *conn, const char *buffer, int nbytes);
	int (*PQputCopyEnd)(PGconn *conn, const char *errormsg);
	char *(*PQresultErrorField)(const PGresult *res, int fieldcode);
	ExecStatusType (*PQresultStatus)(const PGresult *res);
	int (*PQsendQuery)(PGconn *conn, const char *query);
	ConnStatusType (*PQstatus)(const PGconn *conn);
	PGTransactionStatusType (*PQtransactionStatus)(const PGconn *conn);
};
extern struct pq_api pq_api;

/* Load libpq once (EX_UNAVAILABLE, with how to install it, when it
 * cannot be); every PQ function below is valid after it succeeded. */
int pq_load(struct error *err);

#ifndef PG_LIBPQ_IMPL
#define PQclear (pq_api.PQclear)
#define PQcmdTuples (pq_api.PQcmdTuples)
#define PQconnectdbParams (pq_api.PQconnectdbParams)
#define PQerrorMessage (pq_api.PQerrorMessage)
#define PQexec (pq_api.PQexec)
#define PQexecParams (pq_api.PQexecParams)
#define PQfinish (pq_api.PQfinish)
#define PQfname (pq_api.PQfname)
#define PQfreemem (pq_api.PQfreemem)
#define PQftype (pq_api.PQftype)
#define PQgetCopyData (pq_api.PQgetCopyData)
#define PQgetResult (pq_api.PQgetResult)
#define PQgetisnull (pq_api.PQgetisnull)
#define PQgetlength (pq_api.PQgetlength)
#define PQgetvalue (pq_api.PQgetvalue)
#define PQnfields (pq_api.PQnfields)
#define PQntuples (pq_api.PQntuples)
#define PQputCopyData (pq_api.PQputCopyData)
#define PQputCopyEnd (pq_api.PQputCopyEnd)
#define PQresultErrorField (pq_api.PQresultErrorField)
#define PQresultStatus (pq_api.PQresultStatus)
#define PQsendQuery (pq_api.PQsendQuery)
#define PQstatus (pq_api.PQstatus)
#define PQtransactionStatus (pq_api.PQtransactionStatus)
#endif

#endif
