/*
 * The SQLite driver: the connection, hardened in one place (fossil's
 * db.c idea): the file is created with safe permissions, the journal is
 * WAL, a busy timeout lets concurrent writers wait instead of failing,
 * and the schema is migrated under a write lock so two first users
 * cannot race. At the end, the driver table store.c dispatches through.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "complaint.h"
#include "name.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"
#include "timeutil.h"
#include "xmalloc.h"

int
db_fail(struct db *db, int rc, const char *what, struct error *err)
{
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		/* Outside WAL mode, readers hold up a commit and the switch
		 * to WAL; every other wait is for a writer. */
		if (db != NULL && db->readers_block)
			return error_set(err, EX_TEMPFAIL, "database is busy "
			    "(%s: readers kept it open past the busy timeout, "
			    "and it is not in WAL mode yet); try again when "
			    "they are done", what);
		return error_set(err, EX_TEMPFAIL,
		    "database is busy (%s: another writer held it past the "
		    "busy timeout); try again", what);
	case SQLITE_FULL:
		return error_set(err, EX_IOERR, "%s: disk full", what);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
		return error_set(err, EX_IOERR, "%s: %s", what, msg);
	case SQLITE_READONLY:
		return error_set(err, EX_IOERR,
		    "%s: database '%s' is read-only", what,
		    db && db->path ? db->path : "?");
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return error_set(err, EX_IOERR,
		    "database '%s' is corrupt or not a database: %s",
		    db && db->path ? db->path : "?", msg);
	default:
		return error_set(err, EX_SOFTWARE, "%s: %s", what, msg);
	}
}

int
db_prepare(struct db *db, const char *sql, sqlite3_stmt **stmt,
    struct error *err)
{
	int rc = sqlite3_prepare_v2(db->h, sql, -1, stmt, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, "preparing a query", err);
	return 0;
}

/* The cache slot holding SQL (by address, or by text), or a free slot;
 * -1 when the cache is full. */
static int
cache_slot(struct db *db, const char *sql, int by_text, int *found)
{
	int i;

	*found = 0;
	for (i = 0; i < DB_STMT_CACHE && db->cache[i].sql; i++) {
		if (by_text ? db->cache[i].text &&
		    strcmp(db->cache[i].text, sql) == 0 :
		    db->cache[i].sql == sql) {
			*found = 1;
			return i;
		}
	}
	return i < DB_STMT_CACHE ? i : -1;
}

static int
prepare_cached(struct db *db, const char *sql, int by_text,
    sqlite3_stmt **stmt, int *owned, struct error *err)
{
	int i, found, rc;

	*owned = 0;
	i = cache_slot(db, sql, by_text, &found);
	/* In use by a caller up the stack (a reader that reads again
	 * for each row): a statement of its own, not a reset under it. */
	if (found && sqlite3_stmt_busy(db->cache[i].st)) {
		*owned = 1;
		return db_prepare(db, sql, stmt, err);
	}
	if (found) {
		*stmt = db->cache[i].st;
		sqlite3_reset(*stmt);
		sqlite3_clear_bindings(*stmt);
		return 0;
	}
	if ((rc = db_prepare(db, sql, stmt, err)) != 0)
		return rc;
	if (i < 0) {
		*owned = 1;
		return 0;
	}
	db->cache[i].text = by_text ? xstrdup(sql) : NULL;
	db->cache[i].sql = by_text ? db->cache[i].text : sql;
	db->cache[i].st = *stmt;
	return 0;
}

int
db_prepare_cached(struct db *db, const char *sql, sqlite3_stmt **stmt,
    int *owned, struct error *err)
{
	return prepare_cached(db, sql, 0, stmt, owned, err);
}

int
db_prepare_cached_text(struct db *db, const char *sql, sqlite3_stmt **stmt,
    int *owned, struct error *err)
{
	return prepare_cached(db, sql, 1, stmt, owned, err);
}

void
db_release_stmt(sqlite3_stmt *st, int owned)
{
	if (owned)
		sqlite3_finalize(st);
	else if (st)
		sqlite3_reset(st);
}

int
db_exec(struct db *db, const char *sql, struct error *err)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, "database", err);
	return 0;
}

static int
pragma_int(struct db *db, const char *sql, int *value, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading the database header", err);
	return 0;
}

int
db_schema_latest(void)
{
	return schema_latest();
}

int
db_schema_version(struct db *db)
{
	int v = -1;

	if (pragma_int(db, "PRAGMA user_version", &v, NULL) != 0)
		return -1;
	return v;
}

static long long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait for a lock by polling, at random moments, until busy_ms have
 * passed. SQLite's own timeout backs off to 100 ms naps, and under many
 * writers a sleeper loses the race for the lock again and again until
 * its time is up. Here the longer a process has waited, the more often
 * it polls (8 ms apart at first, under a millisecond after a second), so
 * old waiters win most races and the queue is served roughly in order.
 * N is SQLite's count of retries for this lock.
 */
static int
busy_wait(void *arg, int n)
{
	struct db *db = arg;
	struct timespec nap;
	long long now = monotonic_ms(), waited, max_us;

	if (n == 0)
		db->busy_start_ms = now;
	waited = now - db->busy_start_ms;
	if (waited >= db->busy_ms)
		return 0;
	if (waited < 100)
		max_us = 8000;
	else if (waited < 1000)
		max_us = 3000;
	else
		max_us = 800;
	nap.tv_sec = 0;
	nap.tv_nsec = (100 + random() % max_us) * 1000L;
	nanosleep(&nap, NULL);
	return 1;
}

/* mkdir -p of PATH's parent directory, private to the user. */
static int
make_parents(const char *path, struct error *err)
{
	char *dir = xstrdup(path), *p;
	int rc = 0;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				rc = error_set(err, EX_CANTCREAT,
				    "cannot create directory '%s': %s", dir,
				    strerror(errno));
				break;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return rc;
}

/*
 * Create PATH if it does not exist, so that it is born with our mode
 * rather than SQLite's 0644. A setgid directory signals a shared group:
 * then the group may read and write too.
 */
static int
create_file(const char *path, struct error *err)
{
	char *dir = xstrdup(path), *slash;
	mode_t mode = 0600;
	struct stat st;
	int fd;

	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (stat(dir, &st) == 0 && (st.st_mode & S_ISGID))
		mode = 0660;
	free(dir);

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return error_set(err, EX_CANTCREAT,
		    "cannot create database '%s': %s", path, strerror(errno));
	}
	close(fd);
	return 0;
}

/*
 * Switch a new database to WAL. Many first users race to do it, and
 * SQLite refuses the losers at once rather than through the busy
 * handler; so retry, the same way and as long as busy_wait() does, until
 * it is done (by us or by the winner).
 */
static int
set_wal(struct db *db, struct error *err)
{
	int n, rc;

	for (n = 0; ; n++) {
		rc = sqlite3_exec(db->h, "PRAGMA journal_mode=WAL", NULL, NULL,
		    NULL);
		if (rc == SQLITE_OK)
			return 0;
		if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) ||
		    !busy_wait(db, n)) {
			/* A new database's first users wait for each other;
			 * an old one waits for its readers to let go. */
			db->readers_block = db->wal_known;
			rc = db_fail(db, rc, "switching to WAL", err);
			db->readers_block = 0;
			return rc;
		}
	}
}

/* complaint_name_key(TEXT): name_key() for the migration that fills
 * the stored keys of existing rows. */
static void
name_key_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	if (s == NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_text(ctx, name_key(s), -1, free);
}

/* Bring the schema up to date inside one write transaction. */
static int
migrate(struct db *db, int version, struct error *err)
{
	int rc, v;

	/* A database built aside gets its WAL when published. */
	if (db->pending == NULL && (rc = set_wal(db, err)) != 0)
		return rc;
	if ((rc = db_begin(db, 1, err)) != 0)
		return rc;
	sqlite3_create_function(db->h, "complaint_name_key", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, name_key_sql, NULL,
	    NULL);
	/* Another process may have migrated while we waited for the lock. */
	if ((rc = pragma_int(db, "PRAGMA user_version", &version, err)) != 0)
		goto fail;
	for (v = version + 1; v <= schema_latest(); v++) {
		char pragma[64];

		if ((rc = db_exec(db, schema_migration(v), err)) != 0)
			goto fail;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", v);
		if ((rc = db_exec(db, pragma, err)) != 0)
			goto fail;
	}
	/* Events written before the hash chain existed join it now. */
	if ((rc = sq_event_chain_fill(db, err)) != 0)
		goto fail;
	if (version == 0) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA application_id=%d",
		    DB_APPLICATION_ID);
		if ((rc = db_exec(db, pragma, err)) != 0)
			goto fail;
	}
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	/* Only the migration needs it: leave nothing of ours on the
	 * connection for SQL stored in the file to call. */
	sqlite3_create_function(db->h, "complaint_name_key", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL, NULL, NULL);
	return rc;
}

/* The journal mode into DB->wal; switched to WAL when it is another. */
static int
check_wal(struct db *db, int flags, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, "PRAGMA journal_mode", &st, err)) != 0)
		return rc;
	rc = sqlite3_step(st);
	db->wal = rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, "reading the journal mode", err);
	/* A reader leaves the file as it is (it may be read-only). */
	if (db->wal || (flags & DB_OPEN_EXISTING))
		return 0;
	/*
	 * A database built aside is no one else's until db_publish()
	 * switches it to WAL and renames it into place: a crash leaves a
	 * temporary file, never a half database. Its first transaction
	 * (an import of a million rows) writes the file once, where the
	 * WAL wrote every page twice, and syncs once, at publication.
	 */
	if (db->pending != NULL)
		return db_exec(db, "PRAGMA journal_mode=MEMORY;"
		    " PRAGMA synchronous=OFF", err);
	db->wal_known = 1;
	if ((rc = set_wal(db, err)) != 0)
		return rc;
	db->wal = 1;
	return 0;
}

/* FILE (PATH itself, or the file a new PATH is built in) opened into DB
 * and brought up to date. */
static int
open_file(struct db *db, const char *file, int flags, struct error *err)
{
	const char *path = db->path;
	int rc, version, appid;

	rc = sqlite3_open_v2(file, &db->h,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return error_set(err, EX_CANTCREAT,
		    "cannot open database '%s': %s", path,
		    db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
	srandom((unsigned)getpid() ^ (unsigned)monotonic_ms());
	sqlite3_busy_handler(db->h, busy_wait, db);
	sqlite3_extended_result_codes(db->h, 1);

	/*
	 * Both header fields from one snapshot: read apart, a first user
	 * migrating in between shows a version with no application id,
	 * and a complaint database looked like someone else's file.
	 */
	if ((rc = db_exec(db, "BEGIN", err)) != 0)
		return rc;
	if ((rc = pragma_int(db, "PRAGMA application_id", &appid, err)) != 0 ||
	    (rc = pragma_int(db, "PRAGMA user_version", &version, err)) != 0 ||
	    (rc = db_exec(db, "COMMIT", err)) != 0) {
		db_rollback(db);
		return rc;
	}
	if (appid != DB_APPLICATION_ID && (appid != 0 || version != 0))
		return error_set(err, EX_IOERR,
		    "'%s' is not a complaint database", path);
	/* An empty file (a copy cut short, a file made by hand) is no
	 * database to read; a command that writes makes it one. */
	if (version == 0 && (flags & DB_OPEN_EXISTING))
		return error_set(err, EX_NOINPUT, "no complaint database in "
		    "'%s': the file is empty", path);
	if (version > schema_latest())
		return error_set(err, EX_IOERR,
		    "database '%s' has schema version %d, newer than this "
		    "complaint knows (%d); upgrade complaint", path, version,
		    schema_latest());
	if ((rc = db_exec(db, "PRAGMA foreign_keys=ON", err)) != 0)
		return rc;
	/* Erased personal data must not linger in freed pages. */
	if ((rc = db_exec(db, "PRAGMA secure_delete=ON", err)) != 0)
		return rc;
	if (version < schema_latest() && (rc = migrate(db, version, err)) != 0)
		return rc;
	return check_wal(db, flags, err);
}

/*
 * A new database for PATH, built aside: the directory is locked (other
 * first users wait for it, as for any lock) and PATH checked again; if
 * still missing, DB opens a new temporary file beside it.
 */
static int
open_new(struct db *db, const char *path, int flags, struct error *err)
{
	char *dir = xstrdup(path), *slash;
	mode_t mode = 0600;
	struct stat st;
	int n, rc;

	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (stat(dir, &st) == 0 && (st.st_mode & S_ISGID))
		mode = 0660;
	db->lockfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (db->lockfd == -1)
		return error_set(err, EX_CANTCREAT, "cannot create database "
		    "'%s': %s", path, strerror(errno));
	db->locked = 1;
	for (n = 0; flock(db->lockfd, LOCK_EX | LOCK_NB) != 0; n++) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return error_set(err, EX_CANTCREAT, "cannot create "
			    "database '%s': %s", path, strerror(errno));
		if (!busy_wait(db, n))
			return error_set(err, EX_TEMPFAIL, "database is busy "
			    "(creating '%s': another first user held it past "
			    "the busy timeout); try again", path);
	}
	if (stat(path, &st) == 0) {
		/* Made while we waited: use it. */
		close(db->lockfd);
		db->locked = 0;
		return open_file(db, path, flags, err);
	}
	db->pending = xmalloc(sizeof(*db->pending));
	if ((rc = safefile_open(db->pending, path, mode, 0, err)) != 0) {
		free(db->pending);
		db->pending = NULL;
		return rc;
	}
	return open_file(db, db->pending->tmppath, flags, err);
}

/*
 * SQLite's threading mode, set by the first open of the process: one
 * thread, whose mutexes would only cost time, unless FLAGS asks for a
 * second (DB_OPEN_THREADS: multi-thread, each connection on one thread;
 * 0.3% of verify). 0 when SQLite was set up before us, mode unknown.
 */
static int
threading_mode(int flags)
{
	static int mode = -1;

	if (mode == -1) {
		int want = (flags & DB_OPEN_THREADS) ?
		    SQLITE_CONFIG_MULTITHREAD : SQLITE_CONFIG_SINGLETHREAD;

		mode = sqlite3_config(want) == SQLITE_OK ? want : 0;
	}
	return mode;
}

int
db_open(struct db *db, const char *path, int busy_ms, int flags,
    struct error *err)
{
	struct store base = db->base;
	struct stat st;
	int rc;

	memset(db, 0, sizeof(*db));
	db->base = base;
	db->path = path;
	db->busy_ms = busy_ms;
	account_of_process(db->account, sizeof(db->account));
	db->threads = threading_mode(flags) == SQLITE_CONFIG_MULTITHREAD;
	if (stat(path, &st) != 0) {
		if (flags & DB_OPEN_EXISTING)
			return error_set(err, EX_NOINPUT, "no database '%s' "
			    "(a command that only reads never creates one)",
			    path);
		if ((flags & DB_OPEN_MKDIR) &&
		    (rc = make_parents(path, err)) != 0)
			return rc;
		if (flags & DB_OPEN_DEFER) {
			rc = open_new(db, path, flags, err);
			goto done;
		}
		if ((rc = create_file(path, err)) != 0)
			return rc;
	} else if (S_ISDIR(st.st_mode)) {
		return error_set(err, EX_CANTCREAT,
		    "cannot open database '%s': it is a directory", path);
	}
	rc = open_file(db, path, flags, err);
done:
	if (rc != 0)
		db_close(db);
	return rc;
}

/* The files SQLite keeps beside FILE. */
static void
unlink_sidecars(const char *file)
{
	static const char *const ext[] = { "-wal", "-shm", "-journal" };
	char name[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		if ((size_t)snprintf(name, sizeof(name), "%s%s", file,
		    ext[i]) < sizeof(name))
			unlink(name);
	}
}

static void
close_handle(struct db *db)
{
	size_t i;

	for (i = 0; i < DB_STMT_CACHE && db->cache[i].sql; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].text);
		db->cache[i].sql = NULL;
		db->cache[i].st = NULL;
		db->cache[i].text = NULL;
	}
	if (db->h) {
		db_rollback(db);
		sqlite3_close_v2(db->h);
	}
	db->h = NULL;
}

int
db_publish(struct db *db, struct error *err)
{
	char *tmp;
	int rc;

	if (db->pending == NULL)
		return 0;
	if ((rc = set_wal(db, err)) != 0)
		return rc;
	/* The last connection closed: the WAL is folded in and removed. */
	close_handle(db);
	tmp = xstrdup(db->pending->tmppath);
	rc = safefile_commit(db->pending, 0, err);
	if (rc != 0 && strstr(err->msg, "exists") != NULL)
		rc = error_set(err, EX_TEMPFAIL, "database '%s' appeared while "
		    "it was being created; try again", db->path);
	unlink_sidecars(tmp);
	free(tmp);
	free(db->pending);
	db->pending = NULL;
	close(db->lockfd);
	db->locked = 0;
	return rc;
}

void
db_close(struct db *db)
{
	close_handle(db);
	free(db->import_file_name);
	db->import_file_name = NULL;
	db->import_file_id = NUM_NONE;
	if (db->pending != NULL) {
		/* Never published: as if never made. */
		unlink_sidecars(db->pending->tmppath);
		safefile_abort(db->pending);
		free(db->pending);
		db->pending = NULL;
	}
	if (db->locked)
		close(db->lockfd);
	db->locked = 0;
}

int
db_begin(struct db *db, int write, struct error *err)
{
	int rc = sqlite3_exec(db->h, write ? "BEGIN IMMEDIATE" : "BEGIN",
	    NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, "starting a transaction", err);
	db->in_tx = write ? 2 : 1;
	db->chain_known = 0;
	db->import_file_id = NUM_NONE;
	return 0;
}

int
db_commit(struct db *db, struct error *err)
{
	int rc;

	if (db->erased) {
		db->erased = 0;
		if ((rc = sq_erase_purge(db, err)) != 0) {
			db_rollback(db);
			return rc;
		}
	}
	if (db->chain_unsealed && (rc = sq_chain_seal(db, err)) != 0) {
		db_rollback(db);
		return rc;
	}
	rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		db->readers_block = !db->wal;
		rc = db_fail(db, rc, "committing", err);
		db->readers_block = 0;
		return rc;
	}
	db->in_tx = 0;
	db->chain_known = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	if (db->h && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	db->chain_known = 0;
	db->chain_unsealed = 0;
	db->import_file_id = NUM_NONE;
	db->erased = 0;
	/* The rollback restored whatever a bulk load set aside. */
	db->bulk = 0;
	sq_bulk_release(&db->set_aside);
}

int
db_integrity_check(struct db *db, struct buf *problem, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	buf_reset(problem);
	if ((rc = db_prepare(db, "PRAGMA integrity_check(1)", &st, err)) != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		if (s == NULL || strcmp(s, "ok") != 0)
			buf_puts(problem, s ? s : "integrity_check failed");
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "checking integrity", err);
	return 0;
}

int
db_guard_check(struct db *db, struct buf *problem, struct error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	buf_reset(problem);
	if ((rc = db_prepare(db, "PRAGMA foreign_key_check", &st, err)) != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_printf(problem, "table %s row %lld refers to a missing "
		    "row of %s", sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_text(st, 2));
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "checking foreign keys", err);
	if (problem->len > 0)
		return 0;
	/* By their text: a same-named trigger that guards nothing (WHEN 0)
	 * is as bad as none. */
	if ((rc = db_prepare(db, "SELECT sql FROM sqlite_master"
	    " WHERE type = 'trigger' AND tbl_name = 'event' AND name = ?",
	    &st, err)) != 0)
		return rc;
	for (i = 0; i < schema_ntriggers; i++) {
		const char *sql;

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, schema_triggers[i].name, -1,
		    SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			buf_printf(problem, "trigger %s is missing: the history "
			    "is no longer append-only", schema_triggers[i].name);
			break;
		}
		if (rc != SQLITE_ROW) {
			sqlite3_finalize(st);
			return db_fail(db, rc, "reading the schema", err);
		}
		sql = (const char *)sqlite3_column_text(st, 0);
		if (sql == NULL || strcmp(sql, schema_triggers[i].sql) != 0) {
			buf_printf(problem, "trigger %s was replaced: the "
			    "history is no longer guarded as complaint guards "
			    "it", schema_triggers[i].name);
			break;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int
db_checkpoint_truncate(struct db *db, int *pinned, struct error *err)
{
	int rc, nlog = -1, ndone = -1;

	*pinned = 0;
	rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    &nlog, &ndone);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		*pinned = 1;
		return 0;
	}
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "emptying the write-ahead log", err);
	if (nlog != 0)
		*pinned = 1;
	return 0;
}

int
db_backup(struct db *db, const char *path, struct error *err)
{
	struct safefile f;
	struct stat st;
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	/* Never overwrite: a link, even a dangling one, is something too. */
	if (lstat(path, &st) == 0)
		return error_set(err, EX_CANTCREAT, "'%s' exists; a backup "
		    "never overwrites a file: choose a new name", path);
	/* Built aside and linked into place: an interrupted backup leaves
	 * no file at PATH, and never one that looks like a database. */
	if ((rc = safefile_open(&f, path, 0600, 0, err)) != 0)
		return rc;
	rc = sqlite3_open_v2(f.tmppath, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rc = error_set(err, EX_CANTCREAT, "cannot open '%s': %s", path,
		    dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		goto fail;
	}
	if ((b = sqlite3_backup_init(dst, "main", db->h, "main")) == NULL) {
		rc = error_set(err, EX_CANTCREAT, "cannot back up to '%s': %s",
		    path, sqlite3_errmsg(dst));
		goto fail;
	}
	/* One step: the copy is the snapshot of our read transaction. */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		rc = (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ?
		    error_set(err, EX_IOERR, "writing '%s': %s", path,
		    sqlite3_errstr(rc)) :
		    db_fail(db, rc, "backing up", err);
		goto fail;
	}
	/*
	 * A copy restored in place must let readers and writers work side
	 * by side, as the original did: WAL, which closing folds back into
	 * the file, so that it stands alone (no -wal beside it).
	 */
	if ((rc = sqlite3_exec(dst, "PRAGMA journal_mode=WAL", NULL, NULL,
	    NULL)) != SQLITE_OK) {
		rc = error_set(err, EX_IOERR, "writing '%s': %s", path,
		    sqlite3_errmsg(dst));
		goto fail;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		dst = NULL;
		rc = error_set(err, EX_IOERR, "closing '%s'", path);
		goto fail;
	}
	dst = NULL;
	unlink_sidecars(f.tmppath);
	if ((rc = safefile_commit(&f, 0, err)) != 0 &&
	    strstr(err->msg, "exists") != NULL)
		error_set(err, EX_CANTCREAT, "'%s' exists; a backup never "
		    "overwrites a file: choose a new name", path);
	return rc;
fail:
	if (dst)
		sqlite3_close(dst);
	unlink_sidecars(f.tmppath);
	safefile_abort(&f);
	return rc;
}

int
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

const char *
db_column_hash(sqlite3_stmt *st, int i, char buf[SHA256_HEXLEN])
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_BLOB:
		if (sqlite3_column_bytes(st, i) != SHA256_LEN)
			return "";
		sha256_hex(sqlite3_column_blob(st, i), buf);
		return buf;
	default:
		return (const char *)sqlite3_column_text(st, i);
	}
}

int
db_column_hash_state(sqlite3_stmt *st, int i, uint8_t d[SHA256_LEN])
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return EVENT_HASH_NONE;
	case SQLITE_BLOB:
		if (sqlite3_column_bytes(st, i) != SHA256_LEN)
			return EVENT_HASH_BAD;
		memcpy(d, sqlite3_column_blob(st, i), SHA256_LEN);
		return EVENT_HASH_OK;
	default:
		return sha256_unhex((const char *)sqlite3_column_text(st, i),
		    d) == 0 ? EVENT_HASH_OK : EVENT_HASH_BAD;
	}
}

int
db_column_hash_bytes(sqlite3_stmt *st, int i, uint8_t d[SHA256_LEN])
{
	return db_column_hash_state(st, i, d) == EVENT_HASH_OK ? 0 : -1;
}

int
db_bind_time(sqlite3_stmt *st, int i, long long t)
{
	if (t == TIME_NONE)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, t);
}

char *
db_column_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	if (s == NULL)
		return NULL;
	return xstrndup((const char *)s, (size_t)sqlite3_column_bytes(st, i));
}

long long
db_column_time(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return TIME_NONE;
	return sqlite3_column_int64(st, i);
}

int
db_bulk(struct db *db, int cache_mib, struct error *err)
{
	char sql[64];

	int rc;

	snprintf(sql, sizeof(sql), "PRAGMA cache_size=%d", -cache_mib * 1024);
	if ((rc = db_exec(db, sql, err)) != 0)
		return rc;
	return db_exec(db, "PRAGMA ignore_check_constraints=ON", err);
}

/* ---- the driver --------------------------------------------------------- */

int
sqlite_store_open(struct store **s, const char *where,
    const struct store_options *o, struct error *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int rc;

	*s = NULL;
	db->base.drv = &store_sqlite_driver;
	db->base.where = xstrdup(where);
	if ((rc = db_open(db, db->base.where, o->busy_ms, o->flags |
	    (o->mkdir_parents ? DB_OPEN_MKDIR : 0),
	    err)) != 0) {
		free(db->base.where);
		free(db);
		return rc;
	}
	*s = &db->base;
	return 0;
}

static void
d_close(struct store *s)
{
	struct db *db = sqlite_db(s);

	db_close(db);
	sq_bulk_release(&db->set_aside);
	free(s->where);
	free(db);
}

static int
d_begin(struct store *s, int write, struct error *err)
{
	return db_begin(sqlite_db(s), write, err);
}

/* A database built aside (DB_OPEN_DEFER) appears once committed. */
static int
d_commit(struct store *s, struct error *err)
{
	int rc = db_commit(sqlite_db(s), err);

	return rc != 0 ? rc : db_publish(sqlite_db(s), err);
}

static void
d_rollback(struct store *s)
{
	db_rollback(sqlite_db(s));
}

static int
d_schema_version(struct store *s)
{
	return db_schema_version(sqlite_db(s));
}

static int
d_complaint_insert(struct store *s, struct complaint *c, const char *actor,
    int64_t now, const char *action, const char *note, struct error *err)
{
	return sq_complaint_insert(sqlite_db(s), c, actor, now, action, note,
	    err);
}

static int
d_complaint_load(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	return sq_complaint_load(sqlite_db(s), prefix, id, c, err);
}

static int
d_complaint_update(struct store *s, const struct complaint *before,
    struct complaint *after, const char *actor, int64_t now,
    const char *action, const char *note, struct error *err)
{
	return sq_complaint_update(sqlite_db(s), before, after, actor, now,
	    action, note, err);
}

static int
d_complaint_save(struct store *s, const struct complaint *before,
    const struct complaint *shown_before, struct complaint *after,
    const char *actor, int64_t now, const char *action, const char *note,
    const char *detail, struct error *err)
{
	return sq_complaint_save(sqlite_db(s), before, shown_before, after,
	    actor, now, action, note, detail, err);
}

static int
d_complaint_rebuild(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	return sq_complaint_rebuild(sqlite_db(s), prefix, id, c, err);
}

static int
d_erase_personal(struct store *s, int64_t id,
    const struct erase_created *created, struct error *err)
{
	return sq_erase_personal(sqlite_db(s), id, created, err);
}

static int
d_complaint_import(struct store *s, struct complaint *c, const char *actor,
    int64_t now, const struct import_origin *from, struct error *err)
{
	return sq_complaint_import(sqlite_db(s), c, actor, now, from, err);
}

static int
d_chain_prev(struct store *s, int64_t event_id, int64_t *from,
    uint8_t prev[SHA256_LEN],
    struct error *err)
{
	return sq_chain_prev(sqlite_db(s), event_id, from, prev, err);
}

static int
d_find_source(struct store *s, const char *source, const char *source_id,
    int64_t *id, struct error *err)
{
	return sq_find_source(sqlite_db(s), source, source_id, id, err);
}

static int
d_find_open_for(struct store *s, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err)
{
	return sq_find_open_for(sqlite_db(s), customer_id, contact, customer,
	    out, max, n, err);
}

static int
d_event_each(struct store *s, int64_t id, event_fn fn, void *arg,
    struct error *err)
{
	return sq_event_each(sqlite_db(s), id, fn, arg, err);
}

static int
d_event_walk(struct store *s, int64_t after, event_fn fn, void *arg,
    struct error *err)
{
	return sq_event_walk(sqlite_db(s), after, fn, arg, err);
}

static int
d_changes_each(struct store *s, const char *changes, change_fn fn,
    void *arg, struct error *err)
{
	return sq_changes_each(sqlite_db(s), changes, fn, arg, err);
}

static int
d_complaint_each(struct store *s, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err)
{
	return sq_complaint_each(sqlite_db(s), f, fn, arg, err);
}

static int
d_walk(struct store *s, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err)
{
	return sq_walk(sqlite_db(s), f, fn, arg, err);
}

static int
d_merged_each(struct store *s, int64_t target, complaint_id_fn fn, void *arg,
    struct error *err)
{
	return sq_merged_each(sqlite_db(s), target, fn, arg, err);
}

static int
d_open_id_each(struct store *s, complaint_id_fn fn, void *arg,
    struct error *err)
{
	return sq_open_id_each(sqlite_db(s), fn, arg, err);
}

static int
d_id_each_in(struct store *s, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err)
{
	return sq_id_each_in(sqlite_db(s), set, limit, fn, arg, err);
}

static int
d_name_each(struct store *s, complaint_name_fn fn, void *arg,
    struct error *err)
{
	return sq_name_each(sqlite_db(s), fn, arg, err);
}

static int
d_open_each(struct store *s, int64_t below, open_row_fn fn, void *arg,
    struct error *err)
{
	return sq_open_each(sqlite_db(s), below, fn, arg, err);
}

static int
d_idem_get(struct store *s, const char *key, struct idem_record *r,
    int *found, struct error *err)
{
	return sq_idem_get(sqlite_db(s), key, r, found, err);
}

static int
d_idem_put(struct store *s, const char *key, const struct idem_record *r,
    struct error *err)
{
	return sq_idem_put(sqlite_db(s), key, r, err);
}

static int
d_idem_purge(struct store *s, int64_t before, struct error *err)
{
	return sq_idem_purge(sqlite_db(s), before, err);
}

static int
d_message_id_add(struct store *s, const char *message_id,
    int64_t complaint_id, int out, int64_t now, int *added,
    struct error *err)
{
	return sq_message_id_add(sqlite_db(s), message_id, complaint_id, out,
	    now, added, err);
}

static int
d_message_id_find(struct store *s, const char *message_id,
    int64_t *complaint_id, int *out, int *found, struct error *err)
{
	return sq_message_id_find(sqlite_db(s), message_id, complaint_id, out,
	    found, err);
}

static int
d_message_id_latest(struct store *s, int64_t complaint_id,
    char **message_id, struct error *err)
{
	return sq_message_id_latest(sqlite_db(s), complaint_id, message_id,
	    err);
}

static int
d_rule_fire(struct store *s, int64_t id, const char *rule, int64_t now,
    int *first, struct error *err)
{
	return sq_rule_fire(sqlite_db(s), id, rule, now, first, err);
}

static int
d_overdue_each(struct store *s, int64_t now, int first_only, overdue_fn fn,
    void *arg, int64_t *n, struct error *err)
{
	return sq_overdue_each(sqlite_db(s), now, first_only, fn, arg, n, err);
}

static int
d_owed_each(struct store *s, int64_t until, const char *owner, owed_fn fn,
    void *arg, struct error *err)
{
	return sq_owed_each(sqlite_db(s), until, owner, fn, arg, err);
}

static int
d_report_scan(struct store *s, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err)
{
	return sq_report_scan(sqlite_db(s), q, fn, arg, err);
}

static int
d_history_each(struct store *s, int64_t as_of, uint64_t fields,
    history_fn fn, void *arg, struct error *err)
{
	return sq_history_each(sqlite_db(s), as_of, fields, fn, arg, err);
}

static int
d_category_counts(struct store *s, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err)
{
	return sq_category_counts(sqlite_db(s), from, split, until, fn, arg,
	    err);
}

static int
d_idea_add(struct store *s, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err)
{
	return sq_idea_add(sqlite_db(s), complaint_id, text, actor, now, id,
	    err);
}

static int
d_idea_set_status(struct store *s, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err)
{
	return sq_idea_set_status(sqlite_db(s), id, status, now, complaint_id,
	    old, err);
}

static int
d_idea_each(struct store *s, int64_t since, idea_fn fn, void *arg,
    struct error *err)
{
	return sq_idea_each(sqlite_db(s), since, fn, arg, err);
}

static int
d_pending_review_each(struct store *s, pending_fn fn, void *arg,
    struct error *err)
{
	return sq_pending_review_each(sqlite_db(s), fn, arg, err);
}

static int
d_bulk_begin(struct store *s, struct error *err)
{
	struct db *db = sqlite_db(s);
	int rc;

	if (db->bulk)
		return 0;
	if ((rc = db_bulk(db, DB_BULK_CACHE_MIB, err)) != 0 ||
	    (rc = sq_bulk_begin(db, &db->set_aside, err)) != 0)
		return rc;
	db->bulk = 1;
	return 0;
}

static int
d_bulk_end(struct store *s, struct error *err)
{
	struct db *db = sqlite_db(s);
	int rc;

	if (!db->bulk)
		return 0;
	rc = sq_bulk_end(db, &db->set_aside, err);
	db->bulk = 0;
	sq_bulk_release(&db->set_aside);
	return rc;
}

static int
d_backup(struct store *s, const char *path, struct error *err)
{
	return db_backup(sqlite_db(s), path, err);
}

static int
d_dump_each(struct store *s, store_row_fn fn, void *arg, struct error *err)
{
	return sq_dump_each(sqlite_db(s), fn, arg, err);
}

static int
d_load_begin(struct store *s, struct error *err)
{
	return sq_load_begin(sqlite_db(s), err);
}

static int
d_load_row(struct store *s, const struct store_row *r, struct error *err)
{
	return sq_load_row(sqlite_db(s), r, err);
}

static int
d_load_end(struct store *s, struct error *err)
{
	return sq_load_end(sqlite_db(s), err);
}

static int
d_integrity_check(struct store *s, struct buf *problem, struct error *err)
{
	return db_integrity_check(sqlite_db(s), problem, err);
}

static int
d_integrity_start(struct store *s, struct store_job **job,
    struct error *err)
{
	return sq_integrity_start(sqlite_db(s), job, err);
}

static int
d_integrity_finish(struct store *s, struct store_job *job,
    struct buf *problem, struct error *err)
{
	return sq_integrity_finish(sqlite_db(s), job, problem, err);
}

static int
d_guard_check(struct store *s, struct buf *problem, struct error *err)
{
	return db_guard_check(sqlite_db(s), problem, err);
}

static int
d_history_tail_check(struct store *s, int64_t *id, struct error *err)
{
	return sq_history_tail_check(sqlite_db(s), id, err);
}

static int
d_rule_fired_each(struct store *s, rule_fired_fn fn, void *arg,
    struct error *err)
{
	return sq_rule_fired_each(sqlite_db(s), fn, arg, err);
}

static int
d_idea_erase(struct store *s, int64_t complaint_id, const char *text, int *n,
    struct error *err)
{
	return sq_idea_erase(sqlite_db(s), complaint_id, text, n, err);
}

static const char *
d_account(const struct store *s)
{
	return ((const struct db *)s)->account;
}

static int
d_purge_log(struct store *s, int *pinned, struct error *err)
{
	return db_checkpoint_truncate(sqlite_db(s), pinned, err);
}

static int
d_attachment_add(struct store *s, int64_t complaint_id, const char *name,
    const char *type, int64_t size, attach_read_fn rd, void *rd_arg,
    const char *actor, int64_t now, int64_t *id, char sha256[65],
    struct error *err)
{
	return sq_attachment_add(sqlite_db(s), complaint_id, name, type, size,
	    rd, rd_arg, actor, now, id, sha256, err);
}

static int
d_attachment_each(struct store *s, int64_t complaint_id, attachment_fn fn,
    void *arg, struct error *err)
{
	return sq_attachment_each(sqlite_db(s), complaint_id, fn, arg, err);
}

static int
d_attachment_get(struct store *s, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err)
{
	return sq_attachment_get(sqlite_db(s), complaint_id, id, wr, wr_arg,
	    err);
}

static int
d_search(struct store *s, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err)
{
	return sq_search(sqlite_db(s), q, f, fn, arg, err);
}

const struct store_driver store_sqlite_driver = {
	.name = "sqlite",
	.engine = STORE_SQLITE,
	.caps = STORE_CAP_FILE | STORE_CAP_BACKUP | STORE_CAP_BULK |
	    STORE_CAP_INTEGRITY,
	.open = sqlite_store_open,
	.close = d_close,
	.begin = d_begin,
	.commit = d_commit,
	.rollback = d_rollback,
	.schema_version = d_schema_version,
	.schema_latest = db_schema_latest,
	.complaint_insert = d_complaint_insert,
	.complaint_load = d_complaint_load,
	.complaint_update = d_complaint_update,
	.complaint_save = d_complaint_save,
	.complaint_rebuild = d_complaint_rebuild,
	.erase_personal = d_erase_personal,
	.complaint_import = d_complaint_import,
	.chain_prev = d_chain_prev,
	.find_source = d_find_source,
	.find_open_for = d_find_open_for,
	.event_each = d_event_each,
	.event_walk = d_event_walk,
	.changes_each = d_changes_each,
	.complaint_each = d_complaint_each,
	.walk = d_walk,
	.walk_event = sq_walk_event,
	.open_id_each = d_open_id_each,
	.merged_each = d_merged_each,
	.id_each_in = d_id_each_in,
	.name_each = d_name_each,
	.open_each = d_open_each,
	.rule_fire = d_rule_fire,
	.rule_fired_each = d_rule_fired_each,
	.idem_get = d_idem_get,
	.idem_put = d_idem_put,
	.idem_purge = d_idem_purge,
	.message_id_add = d_message_id_add,
	.message_id_find = d_message_id_find,
	.message_id_latest = d_message_id_latest,
	.overdue_each = d_overdue_each,
	.owed_each = d_owed_each,
	.report_scan = d_report_scan,
	.category_counts = d_category_counts,
	.history_each = d_history_each,
	.idea_add = d_idea_add,
	.idea_set_status = d_idea_set_status,
	.idea_each = d_idea_each,
	.idea_erase = d_idea_erase,
	.pending_review_each = d_pending_review_each,
	.attachment_add = d_attachment_add,
	.attachment_each = d_attachment_each,
	.attachment_get = d_attachment_get,
	.search = d_search,
	.bulk_begin = d_bulk_begin,
	.bulk_end = d_bulk_end,
	.backup = d_backup,
	.integrity_check = d_integrity_check,
	.integrity_start = d_integrity_start,
	.integrity_finish = d_integrity_finish,
	.guard_check = d_guard_check,
	.history_tail_check = d_history_tail_check,
	.account = d_account,
	.purge_log = d_purge_log,
	.dump_each = d_dump_each,
	.load_begin = d_load_begin,
	.load_row = d_load_row,
	.load_end = d_load_end,
};
