/*
 * The PostgreSQL schema (being written: see pg.h).
 */
#include "store/pg.h"

int
pg_schema_open(struct pg *pg, int flags, int *version, struct error *err)
{
	(void)pg;
	(void)flags;
	*version = 0;
	return error_set(err, EX_CONFIG, "the postgresql schema is not yet "
	    "written");
}

int
pg_guard_check(struct pg *pg, struct buf *problem, struct error *err)
{
	(void)pg;
	(void)err;
	buf_reset(problem);
	return 0;
}
