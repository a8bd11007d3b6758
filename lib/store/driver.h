/*
 * The driver table behind store.h, private to lib/store/ (as Dovecot's
 * sql-api-private.h): each engine fills one struct store_driver and
 * embeds struct store at the start of its own connection struct. The
 * public functions of store.h (store.c) dispatch through it, so adding
 * an engine is one file of functions and one line in store.c's table.
 */
#ifndef COMPLAINT_STORE_DRIVER_H
#define COMPLAINT_STORE_DRIVER_H

#include "sha256.h"
#include "store.h"

struct store_driver;

/* The part of every connection that store.c reads. */
struct store {
	const struct store_driver *drv;
	char *where; /* the --db string, owned by the driver */
	/* store_walk_event()'s EVENT_CREATED event given back, and its
	 * changes (store.c; zero from the driver's open) */
	struct event created;
	struct buf created_changes;
};

/* The part of every walk that store.c reads. */
struct complaint_walk {
	struct store *s;
};

/*
 * Copying a whole database between engines (migrate, and backup from a
 * server into a SQLite file): one engine dumps every row of every table
 * of store_copy_tables, in that order (parents first) and by key within
 * each; the other loads them. Values travel as the engine keeps them,
 * text as its bytes, so the history's hashes hold on the copy.
 */
enum store_type { STORE_NULL, STORE_INT, STORE_TEXT, STORE_BLOB };
struct store_value {
	enum store_type type;
	int64_t i;     /* STORE_INT */
	const char *p; /* STORE_TEXT, STORE_BLOB: LEN bytes */
	size_t len;
};
struct store_row {
	const char *table;
	size_t n;                /* columns */
	const char *const *cols; /* their names */
	const struct store_value *v;
};
/* A row of a dump, valid during the call only. */
/* clang-format 14 breaks this one after "(". */
/* clang-format off */
typedef int (*store_row_fn)(const struct store_row *r, void *arg,
    struct error *err);
/* clang-format on */

/* The tables a copy carries, parents before children, each with the
 * order of its rows; the engines' derived tables (SQLite's full-text
 * index, a server's head row) are rebuilt by the load instead. */
struct store_copy_table {
	const char *name;
	const char *order_by;
};
extern const struct store_copy_table store_copy_tables[];
extern const size_t store_copy_ntables;
/* Whether NAME is one of them. */
int store_copy_known(const char *name);
/* NAME as an SQL identifier, "quoted" with its quotes doubled, appended
 * to B: a copy's table and column names come from the database being
 * copied, which is data, not SQL (both engines quote alike). */
void store_copy_put_ident(struct buf *b, const char *name);

/*
 * An import's creation note (store.h's struct import_origin) written
 * into B whole, as the chain digests it and readers give it back; the
 * number of its leading bytes that the event leaves to its import_file
 * row: IMPORT_NOTE_PREFIX, the file's name, a space and (since schema
 * 20) IMPORT_NOTE_LINE, so that it keeps the line's number and the
 * record's own note. A note kept as schema 17 wrote it begins with
 * IMPORT_NOTE_LINE itself. Each engine's readers put the rest back
 * (note_whole(), PG_EVENT_NOTE).
 */
#define IMPORT_NOTE_PREFIX "imported from "
#define IMPORT_NOTE_LINE "line "
size_t import_note(struct buf *b, const struct import_origin *from);

/* An EVENT_CREATED event that an erasure redacts (store.c): the changes
 * it showed before and the digest it was chained with (hex), which the
 * redaction stores (redacted, as every event's changes). */
struct erase_created {
	int64_t event_id;
	const char *changes;
	const char *digest;
};

struct store_driver {
	const char *name; /* "sqlite", "postgresql" */
	enum store_engine engine;
	unsigned caps; /* STORE_CAP_* */

	int (*open)(struct store **s, const char *where,
	    const struct store_options *o, struct error *err);
	void (*close)(struct store *s);
	int (*begin)(struct store *s, int write, struct error *err);
	int (*commit)(struct store *s, struct error *err);
	void (*rollback)(struct store *s);
	int (*schema_version)(struct store *s);
	int (*schema_latest)(void);

	int (*complaint_insert)(struct store *s, struct complaint *c,
	    const char *actor, int64_t now, const char *action,
	    const char *note, struct error *err);
	/* An import's creation: the row, and an EVENT_CREATED event that
	 * stores no changes (complaint.h). */
	int (*complaint_import)(struct store *s, struct complaint *c,
	    const char *actor, int64_t now, const struct import_origin *from,
	    struct error *err);
	int (*complaint_load)(struct store *s, const char *prefix, int64_t id,
	    struct complaint *c, struct error *err);
	int (*complaint_update)(struct store *s, const struct complaint *before,
	    struct complaint *after, const char *actor, int64_t now,
	    const char *action, const char *note, struct error *err);
	/* BEFORE updated to AFTER, the event's changes showing each field's
	 * value before as SHOWN_BEFORE has it (an erasure must not record
	 * what it erases); DETAIL may be NULL. */
	int (*complaint_save)(struct store *s, const struct complaint *before,
	    const struct complaint *shown_before, struct complaint *after,
	    const char *actor, int64_t now, const char *action,
	    const char *note, const char *detail, struct error *err);
	int (*complaint_rebuild)(struct store *s, const char *prefix,
	    int64_t id, struct complaint *c, struct error *err);
	/* May be NULL: store.c rebuilds complaint by complaint. */
	int (*complaint_rebuild_each)(struct store *s, const char *prefix,
	    rebuild_want_fn want, rebuild_fn fn, void *arg, struct error *err);
	/* An erasure's work on the engine's tables (erase.c does the rest):
	 * complaint ID's attachments (bytes and names), message ids and
	 * ideas' text, and every event of its history redacted. CREATED is
	 * NULL unless its creation is an EVENT_CREATED event not yet
	 * redacted. */
	int (*erase_personal)(struct store *s, int64_t id,
	    const struct erase_created *created, struct error *err);
	/* The nearest event before EVENT_ID that stores its hash (chain.h,
	 * CHAIN_STORED_EVERY): *FROM its id and PREV its hash, or 0 and the
	 * genesis value when none. */
	int (*chain_prev)(struct store *s, int64_t event_id, int64_t *from,
	    uint8_t prev[SHA256_LEN], struct error *err);
	int (*find_source)(struct store *s, const char *source,
	    const char *source_id, int64_t *id, struct error *err);
	int (*find_open_for)(struct store *s, const char *customer_id,
	    const char *contact, const char *customer,
	    struct complaint_brief *out, size_t max, size_t *n,
	    struct error *err);
	int (*event_each)(struct store *s, int64_t id, event_fn fn, void *arg,
	    struct error *err);
	/* Every event after AFTER, in id order; the walk stops at the first
	 * nonzero FN returns, which it returns. */
	int (*event_walk)(struct store *s, int64_t after, event_fn fn,
	    void *arg, struct error *err);
	int (*changes_each)(struct store *s, const char *changes, change_fn fn,
	    void *arg, struct error *err);

	int (*complaint_each)(struct store *s, const struct complaint_filter *f,
	    complaint_fn fn, void *arg, struct error *err);
	int (*walk)(struct store *s, const struct complaint_filter *f,
	    complaint_walk_fn fn, void *arg, struct error *err);
	int (*walk_event)(struct complaint_walk *w, const struct event **ev,
	    struct error *err);
	int (*open_id_each)(struct store *s, complaint_id_fn fn, void *arg,
	    struct error *err);
	/* May be NULL (a driver without merge yet): store.c says so. */
	int (*merged_each)(struct store *s, int64_t target, complaint_id_fn fn,
	    void *arg, struct error *err);
	int (*id_each_in)(struct store *s, enum complaint_set set, int limit,
	    complaint_id_fn fn, void *arg, struct error *err);
	int (*name_each)(struct store *s, complaint_name_fn fn, void *arg,
	    struct error *err);
	int (*open_each)(struct store *s, int64_t below, open_row_fn fn,
	    void *arg, struct error *err);
	int (*rule_fire)(struct store *s, int64_t id, const char *rule,
	    int64_t now, int *first, struct error *err);
	int (*rule_fired_each)(struct store *s, rule_fired_fn fn, void *arg,
	    struct error *err);
	int (*overdue_each)(struct store *s, int64_t now, int first_only,
	    overdue_fn fn, void *arg, int64_t *n, struct error *err);
	int (*owed_each)(struct store *s, int64_t until, const char *owner,
	    owed_fn fn, void *arg, struct error *err);
	int (*report_scan)(struct store *s, const struct store_scan *q,
	    report_row_scan_fn fn, void *arg, struct error *err);
	/* May be NULL (a driver without it yet): store.c says so. */
	int (*history_each)(struct store *s, int64_t as_of, uint64_t fields,
	    history_fn fn, void *arg, struct error *err);
	int (*category_counts)(struct store *s, int64_t from, int64_t split,
	    int64_t until, category_count_fn fn, void *arg, struct error *err);

	int (*idea_add)(struct store *s, int64_t complaint_id, const char *text,
	    const char *actor, int64_t now, int64_t *id, struct error *err);
	int (*idea_set_status)(struct store *s, int64_t id, const char *status,
	    int64_t now, int64_t *complaint_id, char *old, struct error *err);
	int (*idea_each)(struct store *s, int64_t since, idea_fn fn, void *arg,
	    struct error *err);
	int (*idea_erase)(struct store *s, int64_t complaint_id,
	    const char *text, int *n, struct error *err);
	int (*pending_review_each)(struct store *s, pending_fn fn, void *arg,
	    struct error *err);

	/* NULL in a driver that lacks them yet: store.c says so. */
	int (*attachment_add)(struct store *s, int64_t complaint_id,
	    const char *name, const char *type, int64_t size, attach_read_fn rd,
	    void *rd_arg, const char *actor, int64_t now, int64_t *id,
	    char sha256[65], struct error *err);
	int (*attachment_each)(struct store *s, int64_t complaint_id,
	    attachment_fn fn, void *arg, struct error *err);
	int (*attachment_get)(struct store *s, int64_t complaint_id, int64_t id,
	    attach_write_fn wr, void *wr_arg, struct error *err);
	int (*search)(struct store *s, const struct search_query *q,
	    const struct complaint_filter *f, search_fn fn, void *arg,
	    struct error *err);
	/* May be NULL in a driver that lacks them yet: store.c answers
	 * with a clear error (EX_CONFIG). */
	int (*idem_get)(struct store *s, const char *key, struct idem_record *r,
	    int *found, struct error *err);
	int (*idem_put)(struct store *s, const char *key,
	    const struct idem_record *r, struct error *err);
	int (*idem_purge)(struct store *s, int64_t before, struct error *err);
	/* May be NULL in a driver that lacks them yet (mail, --send). */
	int (*message_id_add)(struct store *s, const char *message_id,
	    int64_t complaint_id, int out, int64_t now, int *added,
	    struct error *err);
	int (*message_id_find)(struct store *s, const char *message_id,
	    int64_t *complaint_id, int *out, int *found, struct error *err);
	int (*message_id_latest)(struct store *s, int64_t complaint_id,
	    char **message_id, struct error *err);

	/* May be NULL without STORE_CAP_BULK / _BACKUP / _INTEGRITY. */
	int (*bulk_begin)(struct store *s, struct error *err);
	int (*bulk_end)(struct store *s, struct error *err);
	int (*backup)(struct store *s, const char *path, struct error *err);
	int (*integrity_check)(struct store *s, struct buf *problem,
	    struct error *err);
	/* May be NULL: the check then runs at the finish. */
	int (*integrity_start)(struct store *s, struct store_job **job,
	    struct error *err);
	int (*integrity_finish)(struct store *s, struct store_job *job,
	    struct buf *problem, struct error *err);
	int (*guard_check)(struct store *s, struct buf *problem,
	    struct error *err);
	int (*history_tail_check)(struct store *s, int64_t *id,
	    struct error *err);
	const char *(*account)(const struct store *s);
	/* May be NULL when the engine keeps no log of its own to empty. */
	int (*purge_log)(struct store *s, int *pinned, struct error *err);

	/* Copying (above); NULL in a driver that cannot. dump_each runs
	 * in the open transaction (one snapshot); load_begin, in the open
	 * write transaction, refuses a database holding any row
	 * (EX_DATAERR) and readies the tables for rows that are already
	 * chained (and may be erased); load_end puts back what it set
	 * aside and rebuilds what is derived. */
	int (*dump_each)(struct store *s, store_row_fn fn, void *arg,
	    struct error *err);
	int (*load_begin)(struct store *s, struct error *err);
	int (*load_row)(struct store *s, const struct store_row *r,
	    struct error *err);
	int (*load_end)(struct store *s, struct error *err);
};

extern const struct store_driver store_sqlite_driver;
#ifdef HAVE_PG
extern const struct store_driver store_pg_driver;
#endif

#endif
