/*
 * The SQLite driver's own header, private to lib/store/ (and the unit
 * tests that tamper with a file): the connection, opened and hardened in
 * sqlite.c (WAL, busy timeout, foreign keys, schema migrations),
 * transactions, the statement cache, the mapping of SQLite failures to
 * exit statuses, and the functions of the other sqlite_*.c files that
 * the driver table (sqlite.c) points at.
 */
#ifndef COMPLAINT_STORE_SQLITE_H
#define COMPLAINT_STORE_SQLITE_H

#include <sqlite3.h>

#include "account.h"
#include "buf.h"
#include "error.h"
#include "safefile.h"
#include "sha256.h"
#include "store/driver.h"

/* "CMPL" as a big-endian integer: `file` and sqlite3 can tell our files. */
#define DB_APPLICATION_ID 0x434d504c

#define DB_STMT_CACHE 32

/* A bulk load's set-aside schema: the CREATE statements to run again. */
struct complaint_bulk {
	char **sql; /* what was set aside, to put back */
	size_t n;
	int64_t fts_after; /* the complaints after this one are indexed
			    * for search at the end (a writer may index
			    * the next one itself and move this on) */
};

struct db {
	struct store base; /* first: a struct store * is a struct db * */
	sqlite3 *h;
	const char *path;
	int in_tx; /* 1 reading, 2 writing (BEGIN IMMEDIATE) */
	/* The last history event written in the current write transaction:
	 * nobody else can append while it holds the lock, so the next event
	 * chains to it without reading it back (complaint.c). */
	int chain_known;
	long long chain_id;
	unsigned char chain_hash[32];
	/* That event stores no hash (a bulk load's creation between those
	 * stored, chain.h): db_commit() stores it (sq_chain_seal()). */
	int chain_unsealed;
	/* The account the system authenticated for this connection, which
	 * every event records beside its actor. */
	char account[ACCOUNT_MAX];
	int busy_ms;              /* how long to wait for a lock */
	int wal;                  /* journal mode WAL: readers never block */
	int wal_known;            /* an existing database in another mode */
	int readers_block;        /* db_fail(): a busy lock is readers' */
	struct safefile *pending; /* DB_OPEN_DEFER: the file built aside */
	int locked, lockfd;       /* ... and its directory, locked */
	long long busy_start_ms;  /* when the current wait began */
	/* Statements kept prepared for the life of the connection, keyed by
	 * the address of their (static) SQL text: bulk writers such as
	 * import would otherwise spend most of their time preparing. */
	struct {
		const char *sql;
		sqlite3_stmt *st;
		char *text; /* a copy, for statements keyed by text */
	} cache[DB_STMT_CACHE];
	int bulk; /* within store_bulk_begin() .. _end() */
	struct complaint_bulk set_aside;
	/* An erasure took words out of the search index in this
	 * transaction: db_commit() merges the index first (sq_erase_purge()). */
	int erased;
	/* SQLite runs in its multi-thread mode (DB_OPEN_THREADS): another
	 * connection may work on a thread of its own (sqlite_check.c). */
	int threads;
	/* The import_file row (schema 17) of the file named
	 * import_file_name, found or made in this transaction; NUM_NONE
	 * when none is. */
	int64_t import_file_id;
	char *import_file_name;
};

/* The SQLite connection behind S (which the SQLite driver opened). */
static inline struct db *
sqlite_db(struct store *s)
{
	return (struct db *)s;
}

/* How db_open() treats a database that does not exist yet. */
#define DB_OPEN_MKDIR 0x1 /* create missing parent directories too */
#define DB_OPEN_EXISTING STORE_OPEN_EXISTING /* never create: EX_NOINPUT */
#define DB_OPEN_DEFER STORE_OPEN_DEFER       /* built aside: see db_publish() */
#define DB_OPEN_THREADS STORE_OPEN_THREADS   /* sqlite_check.c's thread */

/*
 * Open PATH, creating it (mode 0600, or 0660 in a setgid directory, less
 * the umask) with its schema when missing, unless FLAGS has
 * DB_OPEN_EXISTING; with DB_OPEN_DEFER a missing database is built in a
 * temporary file beside PATH, under a lock that makes other first users
 * wait, and appears at PATH, whole, only at db_publish(); db_close()
 * before that leaves nothing. Migrates an older schema; refuses a newer
 * one (EX_CANTCREAT for an unusable path, EX_IOERR for a file that is not
 * a complaint database, EX_SOFTWARE for a newer schema). A database in
 * another journal mode (a copy made by an older backup) is switched to
 * WAL, so that readers never hold writers up.
 */
int db_open(struct db *db, const char *path, int busy_ms, int flags,
    struct error *err);
/* Put a database built by DB_OPEN_DEFER at its path, after the commit
 * (closes DB's connection); nothing to do for any other. */
int db_publish(struct db *db, struct error *err);
void db_close(struct db *db);
/* The driver's open and close (sqlite.c): a struct db on the heap. */
int sqlite_store_open(struct store **s, const char *where,
    const struct store_options *o, struct error *err);

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
int db_prepare_cached_text(struct db *db, const char *sql, sqlite3_stmt **stmt,
    int *owned, struct error *err);
/* Finalize ST if OWNED, else reset it for the next use. */
void db_release_stmt(sqlite3_stmt *st, int owned);

/* Map the SQLite result RC of doing WHAT to an exit status in ERR. */
int db_fail(struct db *db, int rc, const char *what, struct error *err);
/* Run SQL with no parameters and no rows. */
int db_exec(struct db *db, const char *sql, struct error *err);

/*
 * Ready DB for one long write transaction (import): a page cache of
 * CACHE_MIB MiB, and no CHECK of the values the import itself wrote.
 */
int db_bulk(struct db *db, int cache_mib, struct error *err);
/*
 * The page cache of a bulk load, which bounds its memory: the indexes
 * written in random order are set aside and rebuilt by a sort at the end
 * (sq_bulk_begin()), and the rest grow at their end, so a bigger cache
 * buys no speed (1M rows: 12.5 to 13.1 s with 8 MiB as with 1 GiB, 22 MB
 * resident against 614 MB; bench/RESULTS.md).
 */
#define DB_BULK_CACHE_MIB 8

/* The current schema version, and the newest this binary knows. */
int db_schema_version(struct db *db);
int db_schema_latest(void);

/*
 * PRAGMA integrity_check: the first problem into PROBLEM, left empty when
 * the file is sound. Errors only when the check cannot run.
 */
int db_integrity_check(struct db *db, struct buf *problem, struct error *err);
/* The driver's integrity_start and _finish (sqlite_check.c). */
int sq_integrity_start(struct db *db, struct store_job **job,
    struct error *err);
int sq_integrity_finish(struct db *db, struct store_job *job,
    struct buf *problem, struct error *err);
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
/*
 * An event's hash (column I of ST) as 64 hex digits, the form a copy
 * carries: stored as its 32 bytes since schema 16 (a blob, half the
 * size), as those digits before. NULL when there is none; for a blob of
 * another length, "" (which no reader takes for a hash). BUF holds the
 * digits of a blob.
 */
const char *db_column_hash(sqlite3_stmt *st, int i, char buf[SHA256_HEXLEN]);
/* The same hash as its 32 bytes into D, for the chain's readers:
 * EVENT_HASH_OK, EVENT_HASH_NONE (NULL), or EVENT_HASH_BAD (neither 32
 * bytes nor 64 hex digits). */
int db_column_hash_state(sqlite3_stmt *st, int i, uint8_t d[SHA256_LEN]);
/* The same: 0, or -1 when it is missing or damaged. */
int db_column_hash_bytes(sqlite3_stmt *st, int i, uint8_t d[SHA256_LEN]);
int db_bind_time(sqlite3_stmt *st, int i, long long t);
/* Column helpers: SQL NULL reads as NULL / TIME_NONE. */
char *db_column_strdup(sqlite3_stmt *st, int i);
long long db_column_time(sqlite3_stmt *st, int i);

/* sqlite_copy.c: a whole database dumped, or loaded into an empty one
 * (driver.h's dump_each, load_begin, load_row, load_end). */
int sq_dump_each(struct db *db, store_row_fn fn, void *arg, struct error *err);
int sq_load_begin(struct db *db, struct error *err);
int sq_load_row(struct db *db, const struct store_row *r, struct error *err);
int sq_load_end(struct db *db, struct error *err);

/* sqlite_idem.c: the idempotency keys. */
int sq_idem_get(struct db *db, const char *key, struct idem_record *r,
    int *found, struct error *err);
int sq_idem_put(struct db *db, const char *key, const struct idem_record *r,
    struct error *err);
int sq_idem_purge(struct db *db, int64_t before, struct error *err);

/* sqlite_mail.c: the Message-IDs of mail and --send. */
int sq_message_id_add(struct db *db, const char *message_id,
    int64_t complaint_id, int out, int64_t now, int *added, struct error *err);
int sq_message_id_find(struct db *db, const char *message_id,
    int64_t *complaint_id, int *out, int *found, struct error *err);
/* Forget the Message-IDs of complaint ID (erase): a later reply to
 * one of them is a new complaint, not a contact on an erased one. */
int sq_message_id_erase(struct db *db, int64_t complaint_id, struct error *err);
int sq_message_id_latest(struct db *db, int64_t complaint_id, char **message_id,
    struct error *err);

/* sqlite_complaint.c: the complaint and event tables. */
int sq_complaint_insert(struct db *db, struct complaint *c, const char *actor,
    int64_t now, const char *action, const char *note, struct error *err);
int sq_complaint_load(struct db *db, const char *prefix, int64_t id,
    struct complaint *c, struct error *err);
int sq_complaint_update(struct db *db, const struct complaint *before,
    struct complaint *after, const char *actor, int64_t now, const char *action,
    const char *note, struct error *err);
/* Update complaint BEFORE to AFTER, recording in the history the values
 * before as SHOWN_BEFORE has them (erasure must not record what it
 * erases). */
int sq_complaint_save(struct db *db, const struct complaint *before,
    const struct complaint *shown_before, struct complaint *after,
    const char *actor, int64_t now, const char *action, const char *note,
    const char *detail, struct error *err);
/* The query of F prepared and bound into *STP (sqlite_select.c). */
int sq_complaint_select(struct db *db, const struct complaint_filter *f,
    const char *head, const char *tail, const char *match, int one_row,
    sqlite3_stmt **stp, struct error *err);
int sq_complaint_rebuild(struct db *db, const char *prefix, int64_t id,
    struct complaint *c, struct error *err);
/*
 * Read the row of ST from column COL into C: the id, then the fields of
 * MASK (complaint_field_mask(); 0 for every one) one column each, as
 * complaint_field_list_of() lists them. A field MASK leaves out keeps
 * the value C had.
 */
void sq_row_to_complaint_of(sqlite3_stmt *st, int col, struct complaint *c,
    uint64_t mask);
/*
 * An import's creation is its complaint's only event as long as the
 * complaint names it as its last: then the row holds what it created,
 * read with it (c.id and complaint_column_list(1) after the event's columns)
 * rather than by a query per complaint (store_complaint_created()).
 */
/* (The CASE: SQLite would seek the complaint for every event before
 * testing the form; a NULL key seeks nothing. An erased creation holds
 * its changes again, and an erase event follows it.) */
#define EVENT_CREATED_JOIN \
	" LEFT JOIN complaint c ON c.id = CASE WHEN e.form = 1" \
	" THEN e.complaint_id END AND c.last_event = e.id"
int sq_complaint_import(struct db *db, struct complaint *c, const char *actor,
    int64_t now, const struct import_origin *from, struct error *err);
int sq_chain_prev(struct db *db, int64_t event_id, int64_t *from,
    uint8_t prev[SHA256_LEN], struct error *err);
/* The driver's erase_personal (sqlite_erase.c); sq_erase_purge(), what
 * db_commit() does before it commits a transaction that erased. */
int sq_erase_personal(struct db *db, int64_t id,
    const struct erase_created *created, struct error *err);
int sq_erase_purge(struct db *db, struct error *err);

/* The last event of the transaction stores its hash, whatever its
 * place among CHAIN_STORED_EVERY (chain.h): the next writer chains to
 * it, and verify proves the events before it by it. */
int sq_chain_seal(struct db *db, struct error *err);
int sq_find_source(struct db *db, const char *source, const char *source_id,
    int64_t *id, struct error *err);
/* Its query, exposed so a test can pin its plan. */
extern const char complaint_open_for_sql[];
int sq_find_open_for(struct db *db, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err);
int sq_event_each(struct db *db, int64_t id, event_fn fn, void *arg,
    struct error *err);
int sq_event_walk(struct db *db, int64_t after, event_fn fn, void *arg,
    struct error *err);
int sq_changes_each(struct db *db, const char *changes, change_fn fn, void *arg,
    struct error *err);
/* Give events written before the hash chain existed their digests and
 * hashes (the migration runs it; nothing to do afterwards). */
int sq_event_chain_fill(struct db *db, struct error *err);
int sq_history_tail_check(struct db *db, int64_t *id, struct error *err);
int sq_complaint_each(struct db *db, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err);
int sq_walk(struct db *db, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err);
int sq_walk_event(struct complaint_walk *w, const struct event **ev,
    struct error *err);
int sq_merged_each(struct db *db, int64_t target, complaint_id_fn fn, void *arg,
    struct error *err);
int sq_open_id_each(struct db *db, complaint_id_fn fn, void *arg,
    struct error *err);
int sq_id_each_in(struct db *db, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err);
int sq_name_each(struct db *db, complaint_name_fn fn, void *arg,
    struct error *err);
/* The bulk load of store_bulk_begin(): the chained-event trigger set
 * aside, and the non-unique indexes when the table is empty. */
int sq_bulk_begin(struct db *db, struct complaint_bulk *b, struct error *err);
int sq_bulk_end(struct db *db, struct complaint_bulk *b, struct error *err);
void sq_bulk_release(struct complaint_bulk *b);
/* The helper threads SQLite's sorter may take while sq_bulk_end()
 * builds the indexes set aside: none unless DB runs in multi-thread
 * mode (DB_OPEN_THREADS). Exposed for a test. */
int sq_bulk_sort_threads(const struct db *db);

/* sqlite_scan.c: the scans of escalation, follow-up, report, review. */
/* Their queries, exposed so a test can pin their plans. */
extern const char followup_owed_sql[];
int sq_open_each(struct db *db, int64_t below, open_row_fn fn, void *arg,
    struct error *err);
int sq_rule_fire(struct db *db, int64_t id, const char *rule, int64_t now,
    int *first, struct error *err);
int sq_rule_fired_each(struct db *db, rule_fired_fn fn, void *arg,
    struct error *err);
int sq_overdue_each(struct db *db, int64_t now, int first_only, overdue_fn fn,
    void *arg, int64_t *n, struct error *err);
int sq_owed_each(struct db *db, int64_t until, const char *owner, owed_fn fn,
    void *arg, struct error *err);
int sq_report_scan(struct db *db, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err);
int sq_history_each(struct db *db, int64_t as_of, uint64_t fields,
    history_fn fn, void *arg, struct error *err);
int sq_category_counts(struct db *db, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err);

/* sqlite_review.c: the idea table and the review listing. */
int sq_idea_add(struct db *db, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err);
int sq_idea_set_status(struct db *db, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err);
int sq_idea_each(struct db *db, int64_t since, idea_fn fn, void *arg,
    struct error *err);
int sq_idea_erase(struct db *db, int64_t complaint_id, const char *text, int *n,
    struct error *err);
int sq_pending_review_each(struct db *db, pending_fn fn, void *arg,
    struct error *err);

/* sqlite_attach.c: attachments, and search's FTS5 queries. */
int sq_attachment_add(struct db *db, int64_t complaint_id, const char *name,
    const char *type, int64_t size, attach_read_fn rd, void *rd_arg,
    const char *actor, int64_t now, int64_t *id, char sha256[65],
    struct error *err);
int sq_attachment_each(struct db *db, int64_t complaint_id, attachment_fn fn,
    void *arg, struct error *err);
int sq_attachment_get(struct db *db, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err);
/* Erasure: the bytes and names of complaint COMPLAINT_ID's attachments
 * go; bytes no other attachment shares leave the file. */
int sq_attachment_erase(struct db *db, int64_t complaint_id, struct error *err);
/* Q as an FTS5 query appended to B: every term a quoted string, so the
 * user's text is never FTS5 syntax. Q is a parsed, valid query. */
void sq_fts5_query(const struct search_query *q, struct buf *b);
int sq_search(struct db *db, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err);

#endif
