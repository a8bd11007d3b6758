/*
 * The file's integrity check (PRAGMA integrity_check) beside the rest of
 * verify: half of verify's time on a large file, and independent of the
 * walk of the history, so on a connection of its own and a second
 * thread it costs verify almost nothing in wall time on two cores.
 * Only where the store was opened for it (DB_OPEN_THREADS: SQLite in
 * its multi-thread mode, each connection used by one thread); else the
 * check runs at the start on the caller's connection, as before.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite.h"
#include "xmalloc.h"

struct store_job {
	struct db check;    /* its own connection (only h and path set) */
	int busy_ms;
	int threaded;       /* a thread runs the check: join it */
	pthread_t thread;
	struct buf problem; /* the first problem found, empty when sound */
	struct error err;
	int rc;
};

/* The check of JOB's file on its own read-only connection. */
static void *
check_file(void *arg)
{
	struct store_job *job = arg;
	int rc;

	rc = sqlite3_open_v2(job->check.path, &job->check.h,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		job->rc = db_fail(&job->check, rc, "checking integrity",
		    &job->err);
	} else {
		sqlite3_busy_timeout(job->check.h, job->busy_ms);
		job->rc = db_integrity_check(&job->check, &job->problem,
		    &job->err);
	}
	sqlite3_close(job->check.h);
	job->check.h = NULL;
	return NULL;
}

int
sq_integrity_start(struct db *db, struct store_job **job, struct error *err)
{
	struct store_job *j = xcalloc(1, sizeof(*j));

	(void)err; /* the check's own failure waits for the finish */
	j->check.path = db->path;
	j->busy_ms = db->busy_ms;
	if (db->threads && pthread_create(&j->thread, NULL, check_file,
	    j) == 0)
		j->threaded = 1;
	else
		j->rc = db_integrity_check(db, &j->problem, &j->err);
	*job = j;
	return 0;
}

int
sq_integrity_finish(struct db *db, struct store_job *job,
    struct buf *problem, struct error *err)
{
	int rc;

	if (job == NULL)
		return db_integrity_check(db, problem, err);
	if (job->threaded)
		pthread_join(job->thread, NULL);
	rc = job->rc;
	if (rc != 0)
		*err = job->err;
	buf_reset(problem);
	buf_puts(problem, buf_str(&job->problem));
	buf_release(&job->problem);
	free(job);
	return rc;
}
