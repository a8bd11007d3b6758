/*
 * The PostgreSQL store of ideas (the idea table), rule firings and the
 * review listing's read of the complaint table, as sqlite_review.c and
 * sqlite_scan.c do them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "store/pg_scan.h"
#include "timeutil.h"

/* Ids are the largest plus one, read under the head row's lock that
 * every write holds (pg_schema.c): never a sequence's gaps. */
int
pg_idea_add(struct pg *pg, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err)
{
	static const char sql[] =
	    "INSERT INTO idea (id, complaint_id, idea, proposed_at,"
	    " proposed_by) SELECT coalesce(max(id), 0) + 1, $1::bigint,"
	    " $2::text, $3::bigint, $4::text FROM idea RETURNING id";
	struct pg_params p;
	int64_t v;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, complaint_id);
	pg_param_text(&p, text);
	pg_param_int(&p, now);
	pg_param_text(&p, actor);
	if ((rc = pg_query_int(pg, "recording an idea", sql, &p, &v, NULL,
	    err)) != 0)
		return rc;
	if (id != NULL)
		*id = v;
	return 0;
}

int
pg_idea_set_status(struct pg *pg, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err)
{
	static const char get[] =
	    "SELECT complaint_id, status FROM idea WHERE id = $1 FOR UPDATE";
	static const char set[] =
	    "UPDATE idea SET status = $1, decided_at = $2 WHERE id = $3";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, id);
	if ((rc = pg_exec(pg, "reading an idea", get, &p, &res, err)) != 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return error_set(err, EX_NOINPUT, "no idea %lld (see "
		    "'complaint review --ideas')", (long long)id);
	}
	*complaint_id = pg_get_int(res, 0, 0);
	snprintf(old, 16, "%s", pg_get_text(res, 0, 1));
	PQclear(res);

	pg_params_init(&p);
	pg_param_text(&p, status);
	pg_param_int(&p, strcmp(status, "proposed") == 0 ? TIME_NONE : now);
	pg_param_int(&p, id);
	return pg_exec(pg, "changing an idea", set, &p, NULL, err);
}

struct idea_scan {
	idea_fn fn;
	void *arg;
};

static int
idea_row(PGresult *res, int row, void *arg)
{
	struct idea_scan *sc = arg;
	struct idea i;

	i.id = pg_get_int(res, row, 0);
	i.complaint_id = pg_get_int(res, row, 1);
	i.idea = pg_get_text(res, row, 2);
	i.status = pg_get_text(res, row, 3);
	i.proposed_at = pg_get_int(res, row, 4);
	i.proposed_by = pg_get_text(res, row, 5);
	i.decided_at = pg_get_int(res, row, 6);
	return sc->fn(&i, sc->arg);
}

int
pg_idea_each(struct pg *pg, int64_t since, idea_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT id, complaint_id, idea, status, proposed_at, proposed_by,"
	    " decided_at FROM idea WHERE proposed_at >= $1"
	    " ORDER BY proposed_at, id";
	struct idea_scan sc = { fn, arg };
	struct pg_params p;

	pg_params_init(&p);
	/* INT64_MIN is NUM_NONE, which binds as NULL: the smallest time
	 * that still is one. */
	pg_param_int(&p, since == TIME_NONE ? INT64_MIN + 1 : since);
	return pg_each(pg, "listing ideas", sql, &p, idea_row, &sc, err);
}

struct pending_scan {
	pending_fn fn;
	void *arg;
};

static int
pending_row(PGresult *res, int row, void *arg)
{
	struct pending_scan *sc = arg;
	struct pending_review p;

	p.id = pg_get_int(res, row, 0);
	p.resolved_at = pg_get_int(res, row, 1);
	p.owner = pg_get_text(res, row, 2);
	p.category = pg_get_text(res, row, 3);
	p.root_cause = pg_get_text(res, row, 4);
	return sc->fn(&p, sc->arg);
}

int
pg_pending_review_each(struct pg *pg, pending_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT id, resolved_at, owner, category, root_cause"
	    " FROM complaint WHERE resolved_at IS NOT NULL"
	    " AND reviewed_at IS NULL AND voided_at IS NULL"
	    " AND merged_into IS NULL ORDER BY resolved_at, id";
	struct pending_scan sc = { fn, arg };

	return pg_each(pg, "listing complaints to review", sql, NULL,
	    pending_row, &sc, err);
}

/* ---- rule firings -------------------------------------------------------- */

int
pg_rule_fire(struct pg *pg, int64_t id, const char *rule, int64_t now,
    int *first, struct error *err)
{
	static const char sql[] =
	    "INSERT INTO rule_fired(complaint_id, rule, at)"
	    " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, id);
	pg_param_text(&p, rule);
	pg_param_int(&p, now);
	if ((rc = pg_exec(pg, "recording a rule", sql, &p, &res, err)) != 0)
		return rc;
	*first = atoi(PQcmdTuples(res)) > 0;
	PQclear(res);
	return 0;
}

struct fired_scan {
	rule_fired_fn fn;
	void *arg;
};

static int
fired_row(PGresult *res, int row, void *arg)
{
	struct fired_scan *sc = arg;

	return sc->fn(pg_get_int(res, row, 0), pg_get_text(res, row, 1),
	    pg_get_int(res, row, 2), sc->arg);
}

int
pg_rule_fired_each(struct pg *pg, rule_fired_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT complaint_id, rule, at FROM rule_fired"
	    " ORDER BY complaint_id, rule COLLATE \"C\"";
	struct fired_scan sc = { fn, arg };

	return pg_each(pg, "reading rule firings", sql, NULL, fired_row, &sc,
	    err);
}
