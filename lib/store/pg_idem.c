/*
 * The PostgreSQL idempotency table (SPEC 2, --idempotency-key), as
 * sqlite_idem.c: read and written inside the write transaction, whose
 * lock on the head row makes a second run with the same key wait for
 * the first to end and then find its row. The output is bytea.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_scan.h"
#include "xmalloc.h"

int
pg_idem_get(struct pg *pg, const char *key, struct idem_record *r,
    int *found, struct error *err)
{
	static const char sql[] =
	    "SELECT digest, command, at, status, stdout FROM idempotency"
	    " WHERE key = $1";
	struct pg_params p;
	struct buf out = BUF_INIT;
	PGresult *res;
	const char *digest;
	int rc;

	*found = 0;
	memset(r, 0, sizeof(*r));
	pg_params_init(&p);
	pg_param_text(&p, key);
	if ((rc = pg_exec(pg, "reading an idempotency key", sql, &p, &res,
	    err)) != 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	if (pg_get_bytes(res, 0, 4, &out) < 0) {
		PQclear(res);
		buf_release(&out);
		return error_set(err, EX_DATAERR, "idempotency key '%s' has "
		    "damaged output", key);
	}
	digest = pg_get_text(res, 0, 0);
	snprintf(r->digest, sizeof(r->digest), "%s", digest ? digest : "");
	r->command = pg_get_strdup(res, 0, 1);
	r->at = pg_get_int(res, 0, 2);
	r->status = (int)pg_get_int(res, 0, 3);
	r->out_len = out.len;
	r->out = xmalloc(out.len + 1);
	if (out.len)
		memcpy(r->out, out.s, out.len);
	r->out[out.len] = '\0';
	*found = 1;
	PQclear(res);
	buf_release(&out);
	return 0;
}

int
pg_idem_put(struct pg *pg, const char *key, const struct idem_record *r,
    struct error *err)
{
	static const char sql[] =
	    "INSERT INTO idempotency(key, digest, command, at, status, stdout)"
	    " VALUES ($1, $2, $3, $4, $5, $6)";
	struct pg_params p;

	pg_params_init(&p);
	pg_param_text(&p, key);
	pg_param_text(&p, r->digest);
	pg_param_text(&p, r->command);
	pg_param_int(&p, r->at);
	pg_param_int(&p, r->status);
	pg_param_bytes(&p, r->out ? r->out : "", r->out_len);
	return pg_exec(pg, "recording an idempotency key", sql, &p, NULL,
	    err);
}

int
pg_idem_purge(struct pg *pg, int64_t before, struct error *err)
{
	static const char sql[] = "DELETE FROM idempotency WHERE at < $1";
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, before);
	return pg_exec(pg, "purging old idempotency keys", sql, &p, NULL,
	    err);
}
