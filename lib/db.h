/*
 * The one SQLite connection: opened and hardened here (WAL, busy timeout,
 * foreign keys, schema migrations), transactions, and the mapping of
 * SQLite failures to exit statuses. Every other module's SQL goes through
 * the statements it prepares on db->h; nothing outside lib/ sees SQLite.
 */
#ifndef COMPLAINT_DB_H
#define COMPLAINT_DB_H

#include <sqlite3.h>

#include "buf.h"
#include "error.h"

/* "CMPL" as a big-endian integer: `file` and sqlite3 can tell our files. */
#define DB_APPLICATION_ID 0x434d504c

#define DB_STMT_CACHE 32
#define DB_ACCOUNT_MAX 256

struct db {
	sqlite3 *h;
	const char *path;
	int in_tx;                /* 1 reading, 2 writing (BEGIN IMMEDIATE) */
	/* The last history event written in the current write transaction:
	 * nobody else can append while it holds the lock, so the next event
	 * chains to it without reading it back (complaint.c). */
	int chain_known;
	long long chain_id;
	unsigned char chain_hash[32];
	/* The account the system authenticated for this connection, which
	 * every event records beside its actor (db_account()). */
	char account[DB_ACCOUNT_MAX];
	int busy_ms;              /* how long to wait for a lock */
	long long busy_start_ms;  /* when the current wait began */
	/* Statements kept prepared for the life of the connection, keyed by
	 * the address of their (static) SQL text: bulk writers such as
	 * import would otherwise spend most of their time preparing. */
	struct {
		const char *sql;
		sqlite3_stmt *st;
		char *text;     /* a copy, for statements keyed by text */
	} cache[DB_STMT_CACHE];
};

/*
 * Open PATH, creating it (mode 0600, or 0660 in a setgid directory, less
 * the umask) with its schema when missing; MKDIR also creates missing
 * parent directories (the default XDG location). Migrates an older schema;
 * refuses a newer one (EX_CANTCREAT for an unusable path, EX_IOERR for a
 * file that is not a complaint database, EX_SOFTWARE for a newer schema).
 */
int db_open(struct db *db, const char *path, int busy_ms, int mkdir_parents,
    struct error *err);
void db_close(struct db *db);

/*
 * The account the operating system authenticated this process as: the
 * login name of the effective user id (getpwuid(geteuid())), or the
 * number itself when it has no name. Environment variables play no
 * part: $USER and --as are claims, this is not. Into BUF of LEN bytes.
 */
void db_os_account(char *buf, size_t len);

/* BEGIN IMMEDIATE for a write, BEGIN (deferred) for a consistent read. */
int db_begin(struct db *db, int write, struct error *err);
int db_commit(struct db *db, struct error *err);
/* Roll back if a transaction is open; safe to call twice. */
void db_rollback(struct db *db);

/* Prepare SQL on DB; on failure fill ERR. */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **stmt,
    struct error *err);
/*
 * A prepared statement for SQL, which must be a string that lives as long
 * as the process (a literal, or built once into static storage); it is
 * reset and its bindings cleared. The statement belongs to the cache:
 * never finalize it. Falls back to a private statement when the cache is
 * full, in which case *OWNED is set and the caller finalizes it.
 */
int db_prepare_cached(struct db *db, const char *sql, sqlite3_stmt **stmt,
    int *owned, struct error *err);
/* The same, keyed by the text of SQL rather than its address, for SQL
 * built at run time in a few shapes (an UPDATE of the changed columns). */
int db_prepare_cached_text(struct db *db, const char *sql,
    sqlite3_stmt **stmt, int *owned, struct error *err);
/* Finalize ST if OWNED, else reset it for the next use. */
void db_release_stmt(sqlite3_stmt *st, int owned);

/* Map the SQLite result RC of doing WHAT to an exit status in ERR. */
int db_fail(struct db *db, int rc, const char *what, struct error *err);
/* Run SQL with no parameters and no rows. */
int db_exec(struct db *db, const char *sql, struct error *err);

/*
 * Ready DB for one long write transaction (import): a page cache of
 * CACHE_MIB MiB, so that index pages are not spilled to the WAL and read
 * back over and over while the transaction grows.
 */
int db_bulk(struct db *db, int cache_mib, struct error *err);

/* The current schema version, and the newest this binary knows. */
int db_schema_version(struct db *db);
int db_schema_latest(void);

/*
 * PRAGMA integrity_check: the first problem into PROBLEM, left empty when
 * the file is sound. Errors only when the check cannot run.
 */
int db_integrity_check(struct db *db, struct buf *problem, struct error *err);
/*
 * What keeps the data honest besides the hash chain: foreign keys hold
 * (PRAGMA foreign_key_check) and the history's append-only triggers are
 * in place. The first problem into PROBLEM, empty when none.
 */
int db_guard_check(struct db *db, struct buf *problem, struct error *err);

/*
 * After a commit that erased personal data: copy the whole write-ahead
 * log into the database and truncate it to nothing (SQLite's
 * wal_checkpoint(TRUNCATE), waiting for readers up to the busy timeout),
 * so no erased text stays in the -wal file. *PINNED is set when a reader
 * still holds an older snapshot past the timeout and the log could not
 * be emptied (not an error: the commit stands).
 */
int db_checkpoint_truncate(struct db *db, int *pinned, struct error *err);

/*
 * Copy the database, as the transaction open on DB sees it, to the new
 * file PATH (created mode 0600; it must not exist) through SQLite's
 * online backup API: others keep writing meanwhile. EX_CANTCREAT when
 * PATH cannot be created.
 */
int db_backup(struct db *db, const char *path, struct error *err);

/* Bind helpers: NULL text and TIME_NONE bind as SQL NULL. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
int db_bind_time(sqlite3_stmt *st, int i, long long t);
/* Column helpers: SQL NULL reads as NULL / TIME_NONE. */
char *db_column_strdup(sqlite3_stmt *st, int i);
long long db_column_time(sqlite3_stmt *st, int i);

#endif
