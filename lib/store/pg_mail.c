/*
 * The message_id table on PostgreSQL (SQLite's migration 13,
 * sqlite_mail.c): the Message-IDs of the e-mails mail took in and --send
 * sent, so a reply threads back to its complaint and a message delivered
 * twice is recorded once.
 */
#include <string.h>

#include "store/pg.h"

int
pg_message_id_add(struct pg *pg, const char *message_id,
    int64_t complaint_id, int out, int64_t now, int *added,
    struct error *err)
{
	struct pg_params p;
	PGresult *res;
	int rc;

	*added = 0;
	pg_params_init(&p);
	pg_param_text(&p, message_id);
	pg_param_int(&p, complaint_id);
	pg_param_text(&p, out ? "out" : "in");
	pg_param_int(&p, now);
	/* A second delivery changes nothing, and its caller learns so. */
	if ((rc = pg_exec(pg, "recording a Message-ID",
	    "INSERT INTO message_id(message_id, complaint_id, direction, at)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING",
	    &p, &res, err)) != 0)
		return rc;
	*added = strcmp(PQcmdTuples(res), "1") == 0;
	PQclear(res);
	return 0;
}

int
pg_message_id_find(struct pg *pg, const char *message_id,
    int64_t *complaint_id, int *out, int *found, struct error *err)
{
	struct pg_params p;
	PGresult *res;
	const char *dir;
	int rc;

	*found = 0;
	pg_params_init(&p);
	pg_param_text(&p, message_id);
	if ((rc = pg_exec(pg, "looking up a Message-ID",
	    "SELECT complaint_id, direction FROM message_id"
	    " WHERE message_id = $1", &p, &res, err)) != 0)
		return rc;
	if (PQntuples(res) > 0) {
		*complaint_id = pg_get_int(res, 0, 0);
		dir = pg_get_text(res, 0, 1);
		if (out != NULL)
			*out = dir != NULL && strcmp(dir, "out") == 0;
		*found = 1;
	}
	PQclear(res);
	return 0;
}

int
pg_message_id_latest(struct pg *pg, int64_t complaint_id,
    char **message_id, struct error *err)
{
	struct pg_params p;
	PGresult *res;
	int rc;

	*message_id = NULL;
	pg_params_init(&p);
	pg_param_int(&p, complaint_id);
	/* The table has no rowid: of two messages taken in one second,
	 * the later written (ctid, in an append-only table). */
	if ((rc = pg_exec(pg, "looking up a Message-ID",
	    "SELECT message_id FROM message_id WHERE complaint_id = $1"
	    " AND direction = 'in' ORDER BY at DESC, ctid DESC LIMIT 1",
	    &p, &res, err)) != 0)
		return rc;
	if (PQntuples(res) > 0)
		*message_id = pg_get_strdup(res, 0, 0);
	PQclear(res);
	return 0;
}

int
pg_message_id_erase(struct pg *pg, int64_t complaint_id, struct error *err)
{
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, complaint_id);
	return pg_exec(pg, "erasing Message-IDs",
	    "DELETE FROM message_id WHERE complaint_id = $1", &p, NULL, err);
}
