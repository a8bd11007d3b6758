/*
 * The PostgreSQL driver's own header, private to lib/store/ (and the
 * unit tests of its pure parts): the connection, the transactions, the
 * query helpers every pg_*.c file uses, the mapping of server failures
 * (SQLSTATE) to exit statuses, and the functions of the pg_*.c files
 * that the driver table (pg.c) points at.
 *
 * Rules every pg_*.c file keeps:
 *   - user data only through parameters (struct pg_params): never
 *     formatted into SQL text;
 *   - text parameters and results (the bytes SQLite would hold), bytea
 *     through pg_param_bytes() (binary) and pg_get_bytes();
 *   - a failure goes through pg_fail() / pg_fail_result(), so a held
 *     lock is 75 with the SQLite driver's wording everywhere;
 *   - large reads through pg_each() (a cursor fetched in batches), never
 *     one PGresult holding every row; its callback may run other
 *     queries on the same connection meanwhile (nested scans work, as
 *     SQLite's statements do).
 */
#ifndef COMPLAINT_STORE_PG_H
#define COMPLAINT_STORE_PG_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "buf.h"
#include "error.h"
#include "store/driver.h"
#include "store/pg_libpq.h"

/* The schema version this binary writes (it mirrors SQLite's), and the
 * one a new database is created at: PostgreSQL came at SQLite's 14, so
 * a server database starts there and migrates from there on. */
#define PG_SCHEMA_LATEST 20
#define PG_SCHEMA_CREATED 14
#define PG_SCHEMA_CREATED_TEXT "14"

/* The roles pg_schema.c creates when the connecting role may: the owner
 * of every table, and the application role agents' logins are granted. */
#define PG_ROLE_OWNER "complaint_owner"
#define PG_ROLE_AGENT "complaint_agent"

struct pg {
	struct store base;        /* first: a struct store * is a struct pg * */
	PGconn *conn;
	char *shown;              /* the --db string for messages: its
	                           * password, if any, as "***" */
	int in_tx;                /* 0, 1 reading, 2 writing */
	int busy_ms;              /* lock_timeout */
	int flags;                /* STORE_OPEN_* */
	int version;              /* the schema version (after open: the
	                           * latest, made or migrated to) */
	int cursors;              /* pg_each()'s cursor names: c1, c2, ... */
	int sent;                 /* PG_SENT_*: a read's BEGIN or COMMIT
	                           * sent, its answer not read yet */
	int opened_version;       /* the schema version read with the
	                           * session's settings, -1 when unknown */
	/* The last history event written in the current write transaction
	 * (the head row is locked: nobody else appends meanwhile), so the
	 * next event chains to it without reading it back. */
	int chain_known;
	int64_t chain_id;
	unsigned char chain_hash[32];
	/* That event stores no hash (a bulk load's creation between those
	 * stored, chain.h): pg_commit() stores it (pg_chain_seal()). */
	int chain_unsealed;
	/* An import's bulk load waiting to be sent (pg_bulk.c), or NULL. */
	struct pg_bulk *bulk;
	/* The import_file row of the file named import_file_name, found
	 * or made in this transaction (pg_import_file_id()); NUM_NONE
	 * when none is. */
	int64_t import_file_id;
	char *import_file_name;
	/* session_user, read once at open: every event records it. */
	char account[ACCOUNT_MAX];
};

static inline struct pg *
pg_of(struct store *s)
{
	return (struct pg *)s;
}

/* ---- parameters ---------------------------------------------------------- */

#define PG_MAXPARAM 96

/*
 * The parameters of one statement, $1 .. $n in the order added. Numbers
 * are formatted into the struct itself, so a pg_params lives on the
 * caller's stack and needs no release; text and bytes are borrowed (they
 * must outlive the pg_exec() call).
 */
struct pg_params {
	int n;
	const char *v[PG_MAXPARAM];
	int len[PG_MAXPARAM];
	int fmt[PG_MAXPARAM];     /* 0 text, 1 binary (bytea) */
	char num[PG_MAXPARAM][24];
};

void pg_params_init(struct pg_params *p);
/* Text; NULL is SQL NULL. */
void pg_param_text(struct pg_params *p, const char *s);
/* A number; NUM_NONE (= TIME_NONE) is SQL NULL. */
void pg_param_int(struct pg_params *p, int64_t v);
/* LEN bytes for a bytea column, sent binary (no escaping). */
void pg_param_bytes(struct pg_params *p, const void *b, size_t len);

/* ---- running statements -------------------------------------------------- */

/*
 * Run SQL with parameters P (NULL for none). Doing WHAT names it in an
 * error ("saving the complaint"). With RES non-NULL the result is left
 * there for the caller to PQclear(); with RES NULL it is cleared. A
 * failure is mapped by pg_fail_result() and *RES is NULL.
 */
/* Read the answer of a read's BEGIN or COMMIT sent unwaited, before any
 * other use of the connection (pg_exec and pg_exec_simple do): nonzero
 * when that BEGIN failed. */
enum { PG_SENT_NONE, PG_SENT_BEGIN, PG_SENT_COMMIT };
int pg_settle(struct pg *pg, struct error *err);
int pg_exec(struct pg *pg, const char *what, const char *sql,
    const struct pg_params *p, PGresult **res, struct error *err);

/* Run SQL without parameters (several statements allowed: schema). */
int pg_exec_simple(struct pg *pg, const char *what, const char *sql,
    struct error *err);

/* A read transaction of the reader's own when none is open (a cursor
 * lives in one): *OWN says whether it began one. pg_read_end() ends it,
 * committed after RC 0 and rolled back otherwise; it returns RC, or the
 * commit's failure. */
int pg_read_begin(struct pg *pg, int *own, struct error *err);
int pg_read_end(struct pg *pg, int own, int rc, struct error *err);

/*
 * Stream the rows of SQL with parameters P: each row is handed to FN as
 * row ROW of RES (valid during the call only). Runs as a cursor fetched
 * PG_FETCH rows at a time (flat memory for any number of rows), so FN
 * may run other statements meanwhile. A non-zero return of FN stops the
 * scan and is returned. Outside a transaction, one read transaction is
 * opened around the scan. A batch of 1,024 rows: each FETCH is a round
 * trip with the server idle meanwhile, 2,000 of them for the 520,000
 * rows of report --overdue at 256 (14% of its time); 4,096 gained 3%
 * more for four times the memory of a batch of wide rows.
 */
#define PG_FETCH 1024
typedef int (*pg_row_fn)(PGresult *res, int row, void *arg);
int pg_each(struct pg *pg, const char *what, const char *sql,
    const struct pg_params *p, pg_row_fn fn, void *arg, struct error *err);
/* The same for SQL whose LIMIT holds it to a screenful: one plain
 * execution, which the server may run with parallel workers (a cursor's
 * plan never has them), the rows held at once. */
int pg_each_bounded(struct pg *pg, const char *what, const char *sql,
    const struct pg_params *p, pg_row_fn fn, void *arg, struct error *err);

/*
 * One value: the first column of the first row into *V; *FOUND 0 (and
 * *V untouched, or NUM_NONE for SQL NULL) when there is no row. FOUND
 * may be NULL.
 */
int pg_query_int(struct pg *pg, const char *what, const char *sql,
    const struct pg_params *p, int64_t *v, int *found, struct error *err);

/* ---- reading results ----------------------------------------------------- */

/* Column COL of row ROW: NULL for SQL NULL (valid while RES lives). */
const char *pg_get_text(const PGresult *res, int row, int col);
/* A copy (xstrdup), NULL for SQL NULL. */
char *pg_get_strdup(const PGresult *res, int row, int col);
/* A number; NUM_NONE (= TIME_NONE) for SQL NULL. */
int64_t pg_get_int(const PGresult *res, int row, int col);
/* A bytea column read as text (\x hex) into B (reset first); -1 if the
 * text is not hex, 1 for SQL NULL, 0 for bytes. */
int pg_get_bytes(const PGresult *res, int row, int col, struct buf *b);

/* ---- failures ------------------------------------------------------------ */

/*
 * The exit status for SQLSTATE STATE (five characters; NULL or other:
 * EX_SOFTWARE). Pure, unit-tested:
 *   55P03 lock_not_available, 40001 serialization_failure,
 *   40P01 deadlock, 57014 query_canceled (a timeout),
 *   53300 too_many_connections, 57P03 cannot_connect_now   -> 75
 *   53100 disk_full, 53xxx, 58xxx, 08xxx (connection lost),
 *   25006 read_only_sql_transaction (a standby)            -> 74
 *   42501 insufficient_privilege, 28xxx                     -> 77
 *   3D000 invalid_catalog_name (no such database)           -> 66
 *   anything else                                           -> 70
 */
int pg_status_of_sqlstate(const char *state);

/* Fill ERR from the failed result RES of doing WHAT (the server's
 * message, or the connection's when RES says nothing); returns the
 * status. A held lock reads as the SQLite driver's "database is busy
 * (WHAT: another writer held it past the busy timeout); try again". */
int pg_fail_result(struct pg *pg, const PGresult *res, const char *what,
    struct error *err);

/* ---- transactions -------------------------------------------------------- */

/*
 * A write: BEGIN ISOLATION LEVEL READ COMMITTED, then the head row
 * locked FOR UPDATE (waiting up to the busy timeout: the BEGIN IMMEDIATE
 * of SQLite), so writers take turns and ids are gapless. A read: BEGIN
 * ISOLATION LEVEL REPEATABLE READ READ ONLY, one snapshot.
 */
int pg_begin(struct pg *pg, int write, struct error *err);
int pg_commit(struct pg *pg, struct error *err);
/* Roll back if a transaction is open; safe to call twice. */
void pg_rollback(struct pg *pg);

/* ---- pg_schema.c ------------------------------------------------------------ */

/*
 * Bring the schema to PG_SCHEMA_LATEST under pg_advisory_xact_lock (the
 * first users of a new database take turns), in one transaction.
 * *VERSION gets the version found before (0: a new database). A newer
 * schema is refused (EX_SOFTWARE, as SQLite). With STORE_OPEN_EXISTING
 * an empty database is EX_NOINPUT and nothing is created.
 */
int pg_schema_open(struct pg *pg, int flags, int *version,
    struct error *err);
/* The guards in place, by their definition (pg_get_triggerdef and the
 * function's body): the first problem into PROBLEM. */
int pg_guard_check(struct pg *pg, struct buf *problem, struct error *err);

/* ---- pg_complaint.c ------------------------------------------------------- */

int pg_complaint_insert(struct pg *pg, struct complaint *c,
    const char *actor, int64_t now, const char *action, const char *note,
    struct error *err);
/* driver.h's complaint_import and chain_prev (sqlite_complaint.c's). */
int pg_complaint_import(struct pg *pg, struct complaint *c,
    const char *actor, int64_t now, const struct import_origin *from,
    struct error *err);
/* The id of NAME's import_file row (schema 17), made if need be; kept
 * for the transaction. */
int pg_import_file_id(struct pg *pg, const char *name, int64_t *id,
    struct error *err);
/* An event e's note, whole (schema 17): an import's names its file,
 * which the event leaves to its import_file row (import_note()). */
#define PG_EVENT_NOTE(e) \
	"CASE WHEN " #e ".import_file IS NULL THEN " #e ".note" \
	" ELSE (SELECT '" IMPORT_NOTE_PREFIX "' || f.name || ' '" \
	" FROM import_file f WHERE f.id = " #e ".import_file)" \
	" || CASE WHEN starts_with(" #e ".note, '" IMPORT_NOTE_LINE "')" \
	" THEN '' ELSE '" IMPORT_NOTE_LINE "' END || " #e ".note" \
	" END"
/* The last event of the transaction stores its hash (chain.h). */
int pg_chain_seal(struct pg *pg, struct error *err);
int pg_chain_prev(struct pg *pg, int64_t event_id, int64_t *from,
    uint8_t prev[SHA256_LEN], struct error *err);
int pg_complaint_load(struct pg *pg, const char *prefix, int64_t id,
    struct complaint *c, struct error *err);
/* Update BEFORE to AFTER, recording the values before as SHOWN_BEFORE
 * has them (erasure must not record what it erases). */
int pg_complaint_save(struct pg *pg, const struct complaint *before,
    const struct complaint *shown_before, struct complaint *after,
    const char *actor, int64_t now, const char *action, const char *note,
    const char *detail, struct error *err);
int pg_complaint_rebuild(struct pg *pg, const char *prefix, int64_t id,
    struct complaint *c, struct error *err);
/* The driver's erase_personal (erase.c does the rest). */
int pg_erase_personal(struct pg *pg, int64_t id,
    const struct erase_created *created, struct error *err);
int pg_find_source(struct pg *pg, const char *source,
    const char *source_id, int64_t *id, struct error *err);
int pg_find_open_for(struct pg *pg, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err);
int pg_event_each(struct pg *pg, int64_t id, event_fn fn, void *arg,
    struct error *err);
int pg_event_walk(struct pg *pg, int64_t after, event_fn fn, void *arg,
    struct error *err);
int pg_changes_each(struct pg *pg, const char *changes, change_fn fn,
    void *arg, struct error *err);
int pg_history_tail_check(struct pg *pg, int64_t *id, struct error *err);
/* An erasure's part in the idea table (pg_erase_personal(), and the
 * driver's idea_erase slot through pg_slots.c). */
int pg_idea_erase(struct pg *pg, int64_t complaint_id, const char *text,
    int *n, struct error *err);
/* pg_mail.c: the Message-IDs of mail and --send (sqlite_mail.c), and
 * the history for replaying (report --as-of, the returns). */
int pg_message_id_add(struct pg *pg, const char *message_id,
    int64_t complaint_id, int out, int64_t now, int *added,
    struct error *err);
int pg_message_id_find(struct pg *pg, const char *message_id,
    int64_t *complaint_id, int *out, int *found, struct error *err);
int pg_message_id_latest(struct pg *pg, int64_t complaint_id,
    char **message_id, struct error *err);
int pg_message_id_erase(struct pg *pg, int64_t complaint_id,
    struct error *err);
int pg_history_each(struct pg *pg, int64_t as_of, uint64_t fields,
    history_fn fn, void *arg, struct error *err);
int pg_attachment_erase(struct pg *pg, int64_t complaint_id,
    struct error *err);
/* C filled from row ROW of RES, whose column COL0 is the id and the
 * fields follow (complaint_column_list()); C's old text is freed, so one
 * complaint can take row after row. */
void pg_complaint_from_row(const PGresult *res, int row, int col0,
    struct complaint *c);
/* The same for a row of the id and only the fields of MASK, as
 * complaint_field_list_of() lists them (0: every field); a field MASK
 * leaves out keeps the value C had. */
void pg_complaint_from_row_of(const PGresult *res, int row, int col0,
    struct complaint *c, uint64_t mask);
/*
 * An import's creation is its complaint's only event while the complaint
 * names it as its last: then the row holds what it created, read with it
 * (c.id and complaint_column_list(1) after the event's columns) rather than
 * by a few queries per complaint (store_complaint_created()).
 */
#define PG_CREATED_JOIN \
	" LEFT JOIN complaint c ON e.form = 1 AND e.changes IS NULL" \
	" AND c.id = e.complaint_id AND c.last_event = e.id"
/* verify's rebuild of every complaint, streamed (driver.h). */
int pg_complaint_rebuild_each(struct pg *pg, const char *prefix,
    rebuild_want_fn want, rebuild_fn fn, void *arg, struct error *err);

/* The next event's id and the hash it chains to (the last event's,
 * remembered through a write transaction). */
int pg_chain_next(struct pg *pg, int64_t *next_id, uint8_t prev[SHA256_LEN],
    struct error *err);

/* ---- pg_bulk.c ------------------------------------------------------------ */

/* driver.h's bulk_begin and bulk_end; and while a bulk load is on
 * (pg->bulk), complaint_import, idea_add and find_source go here. */
int pg_bulk_begin(struct pg *pg, struct error *err);
int pg_bulk_end(struct pg *pg, struct error *err);
int pg_bulk_import(struct pg *pg, struct complaint *c, const char *actor,
    int64_t now, const struct import_origin *from, struct error *err);
int pg_bulk_idea(struct pg *pg, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err);
int pg_bulk_find_source(struct pg *pg, const char *source,
    const char *source_id, int64_t *id, struct error *err);
/* Any other statement during a bulk load (pg_settle()): the waiting
 * rows sent and the search trigger put back first. */
int pg_bulk_foreign(struct pg *pg, struct error *err);
/* Drop what waits (a rollback, a close). */
void pg_bulk_release(struct pg *pg);

/* ---- pg_copy.c ------------------------------------------------------------ */

/* A whole database dumped, or loaded into an empty one through COPY
 * (driver.h's dump_each, load_begin, load_row, load_end). */
int pg_dump_each(struct pg *pg, store_row_fn fn, void *arg,
    struct error *err);
int pg_load_begin(struct pg *pg, struct error *err);
int pg_load_row(struct pg *pg, const struct store_row *r, struct error *err);
int pg_load_end(struct pg *pg, struct error *err);

#endif
