/*
 * The one storage interface, in domain terms: every read and write of
 * complaints, their history, ideas, rule firings and the database itself
 * goes through these functions, and nothing above this header knows
 * which engine holds the data or that it speaks SQL.
 *
 *   cmd/                  parse, call lib/, print
 *   lib/ above the store  lifecycle, escalation, review, report counting,
 *                         import, audit (verify)
 *   lib/store.h           this interface; lib/store/store.c dispatches
 *   lib/store/sqlite*.c   the SQLite driver: all its SQL, schema,
 *                         migrations, PRAGMAs, triggers, backup API
 *   lib/store/pg*.c       the PostgreSQL driver (same table)
 *   lib/ below the store  complaint (fields), chain (hashing), buf,
 *                         error, timeutil, config ...
 *
 * A struct store is opaque; each engine is a driver, a table of function
 * pointers with capability flags for what it can or cannot do
 * (lib/store/driver.h, private to lib/store/). The engine is chosen by
 * the --db string: "postgresql://...", "postgres://..." and libpq's
 * "service=NAME" (or any "key=value" conninfo) go to PostgreSQL,
 * anything else is a SQLite file path.
 *
 * Engine-specific fast paths stay inside their driver: SQLite's report
 * scan runs as an SQL function that receives each row inside the
 * statement, its walk for export likewise, and its bulk import sets
 * triggers and indexes aside; here they all look like ordinary scans
 * handing plain rows to a callback.
 *
 * Conventions: every function returns 0 or an exit status it also put
 * in ERR (error.h); a non-zero return of a callback stops the scan and
 * is returned. Rows handed to a callback are valid only during the call.
 * Times are seconds since the epoch, TIME_NONE (= NUM_NONE) for none.
 */
#ifndef COMPLAINT_STORE_H
#define COMPLAINT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "complaint.h"
#include "error.h"

struct store;

/* --- engines and capabilities ------------------------------------------ */

enum store_engine {
	STORE_SQLITE,
	STORE_PG,
};

/* The engine the --db string WHERE names (see above). */
enum store_engine store_engine_of(const char *where);

/* What an engine can do; a command needing a missing one says so. */
#define STORE_CAP_FILE      0x01 /* the database is one local file */
#define STORE_CAP_BACKUP    0x02 /* store_backup() writes a copy */
#define STORE_CAP_BULK      0x04 /* store_bulk_begin() speeds a load */
#define STORE_CAP_INTEGRITY 0x08 /* store_integrity_check() checks pages */
#define STORE_CAP_SHARED    0x10 /* a server others write to meanwhile */

unsigned store_caps(const struct store *s);
/* "sqlite", "postgresql". */
const char *store_engine_name(const struct store *s);
/* The --db string the store was opened with. */
const char *store_where(const struct store *s);

/* --- opening, migrating, transactions ---------------------------------- */

struct store_options {
	int busy_ms;        /* how long to wait for a lock */
	int mkdir_parents;  /* create missing directories (SQLite's default
	                     * XDG location) */
	int flags;          /* STORE_OPEN_* */
};

/* A command that only reads: never create, EX_NOINPUT when missing. */
#define STORE_OPEN_EXISTING 0x2
/* A missing database is built aside and appears only at the commit of
 * the first write, so a refused command creates nothing. */
#define STORE_OPEN_DEFER    0x4
/* The store may work on a second thread of its own beside the caller
 * (store_integrity_start()); SQLite then runs in its multi-thread mode,
 * which must be the first open's of the process. */
#define STORE_OPEN_THREADS  0x8

/*
 * Open the database WHERE into *S, creating it with its schema when it
 * does not exist (a SQLite file mode 0600, or 0660 in a setgid
 * directory, less the umask) and migrating an older schema, including
 * the hash chain of events written before it existed. Refuses a newer
 * schema. EX_CANTCREAT for an unusable path or an unreachable server,
 * EX_IOERR for something that is not a complaint database, EX_SOFTWARE
 * for a newer schema. *S is NULL on failure.
 */
int store_open(struct store **s, const char *where,
    const struct store_options *o, struct error *err);
/* Roll back any open transaction and close. NULL is fine. */
void store_close(struct store *s);

/* A write transaction takes the write lock at once (so the busy timeout
 * applies); a read one sees one consistent state until it ends. */
int store_begin(struct store *s, int write, struct error *err);
int store_commit(struct store *s, struct error *err);
/* Roll back if a transaction is open; safe to call twice. */
void store_rollback(struct store *s);

/* The schema version of the open database, and the newest this binary
 * knows for the engine. */
int store_schema_version(struct store *s);
int store_schema_latest(const struct store *s);

/* --- complaints and their history -------------------------------------- */

/*
 * Insert C, giving it the next id (its reference), with its first
 * history event ACTION whose changes are every field set. NOTE may be
 * NULL.
 */
int store_complaint_insert(struct store *s, struct complaint *c,
    const char *actor, int64_t now, const char *action, const char *note,
    struct error *err);

/* Where an imported record came from. Its creation event's note reads
 * "imported from FILE line LINE", then NOTE (may be NULL) on a line of
 * its own; the store keeps FILE's name once however many records it
 * gave (schema 17), and gives the note back whole. */
struct import_origin {
	const char *file;
	long line;
	const char *note;
};

/*
 * store_complaint_insert() for import: the creation event stores no
 * changes (EVENT_CREATED, complaint.h) and the chain digests C's values
 * (chain_created_digest()) and FROM's note.
 */
int store_complaint_import(struct store *s, struct complaint *c,
    const char *actor, int64_t now, const struct import_origin *from,
    struct error *err);

/*
 * The values complaint ID was created with, when its first event is an
 * EVENT_CREATED one that stores none: its row taken back through the
 * "before" values of every later event, newest first, each "after"
 * checked against the value it replaced (EX_DATAERR naming the event
 * when the history does not lead to the row). *EVENT_ID, unless NULL,
 * gets the creation event's id. PREFIX (may be NULL) names it in
 * messages.
 */
int store_complaint_created(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, int64_t *event_id, struct error *err);

/* Load complaint ID; EX_NOINPUT "no complaint 'REF'" (REF formatted
 * with PREFIX) when missing. */
int store_complaint_load(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, struct error *err);

/*
 * Save AFTER, whose id is BEFORE's, writing only the fields that differ
 * and appending one history event ACTION holding their values before
 * and after (an event is appended even when nothing changed: a note, a
 * call). AFTER->updated_at becomes NOW.
 */
int store_complaint_update(struct store *s, const struct complaint *before,
    struct complaint *after, const char *actor, int64_t now,
    const char *action, const char *note, struct error *err);

/*
 * store_complaint_update() with a DETAIL for the event (chain.h): facts
 * the chain proves beside the changes, that erasure keeps ("rule NAME",
 * "idea ID HEX", "status ID NAME"...). DETAIL may be NULL.
 */
int store_complaint_update_detail(struct store *s,
    const struct complaint *before, struct complaint *after,
    const char *actor, int64_t now, const char *action, const char *note,
    const char *detail, struct error *err);

/* Rebuild complaint ID from its history alone: proof that the history
 * holds every change. */
int store_complaint_rebuild(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, struct error *err);

/*
 * Every complaint in id order, as stored and as rebuilt from its history
 * alone (verify): FN gets both, REBUILT NULL for a complaint without
 * history. WANT, unless NULL, first says of each complaint whether to
 * rebuild it at all (0: neither rebuilt nor passed to FN). Flat memory
 * and no query per complaint where the engine can stream both
 * (PostgreSQL); complaint by complaint otherwise.
 */
typedef int (*rebuild_fn)(const struct complaint *stored,
    const struct complaint *rebuilt, void *arg);
typedef int (*rebuild_want_fn)(int64_t id, void *arg);
int store_complaint_rebuild_each(struct store *s, const char *prefix,
    rebuild_want_fn want, rebuild_fn fn, void *arg, struct error *err);

/*
 * The right to erasure (SPEC): every FF_PERSONAL text field of complaint
 * ID that is set becomes ERASED, in the complaint, in every earlier
 * event's changes and note and in the text of the complaint's ideas
 * (those events are marked redacted; their hashes stay), then an "erase"
 * event with REASON as its note, recording which fields were erased
 * without their old values, and in its detail each redacted event's
 * facts digest (chain.h) so that what they keep stays provable. Each
 * event is checked against its digest first: EX_DATAERR, nothing erased,
 * when one was tampered with. EX_DATAERR when nothing is left to erase;
 * *NFIELDS gets the number erased.
 */
int store_complaint_erase(struct store *s, const char *prefix, int64_t id,
    const char *actor, int64_t now, const char *reason, int *nfields,
    struct error *err);

/* The complaint imported from SOURCE with the source's id SOURCE_ID:
 * *ID, or NUM_NONE when there is none. */
int store_find_source(struct store *s, const char *source,
    const char *source_id, int64_t *id, struct error *err);

/* Open complaints of the same customer, by customer id, contact or name
 * (any case), most recent first; at most MAX, the count in *N. */
struct complaint_brief {
	int64_t id;
	char *owner;
};
int store_find_open_for(struct store *s, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err);
void complaint_brief_release(struct complaint_brief *b, size_t n);

typedef int (*event_fn)(const struct event *ev, void *arg);
/* The events of complaint ID, oldest first, each with its changes (an
 * EVENT_CREATED one's given back: store_complaint_created()). */
int store_event_each(struct store *s, int64_t id, event_fn fn, void *arg,
    struct error *err);
/* Every event of the database in chain (id) order: verify's walk. An
 * EVENT_CREATED event comes as stored, without changes. */
int store_event_walk(struct store *s, event_fn fn, void *arg,
    struct error *err);

/* Each field changed in CHANGES (an event's JSON) with its values before
 * and after as text (NULL for none), in recorded order. */
typedef int (*change_fn)(const char *field, const char *before,
    const char *after, void *arg);
int store_changes_each(struct store *s, const char *changes, change_fn fn,
    void *arg, struct error *err);

/* --- scans -------------------------------------------------------------- */

/* Filters of list and export: NULL / NUM_NONE / 0 = no filter. */
struct complaint_filter {
	unsigned statuses;     /* bit per enum status; 0 = any */
	const char *owner;
	const char *category;
	const char *channel;
	const char *severity;
	const char *department;
	const char *customer;  /* name (any case), customer id or contact */
	int64_t level;         /* NUM_NONE = any */
	int64_t since;         /* received_at >= since */
	int64_t until;         /* received_at < until */
	int64_t overdue_at;    /* open and past a deadline at this time */
	int64_t limit;         /* 0 = all */
	int reverse;           /* newest first */
	int by_id;             /* in id (creation) order instead */
	int any_order;         /* in whatever order is cheapest (a check
	                        * that one exists, with limit 1) */
	enum { VOIDED_ANY, VOIDED_HIDE, VOIDED_ONLY } voided; /* listings
	                        * hide voided complaints (SPEC 5) */
	uint64_t fields;       /* the fields the caller reads, a bit per
	                        * complaint_fields index (complaint_field_mask());
	                        * 0 = all; an engine may fill more */
};
void complaint_filter_init(struct complaint_filter *f);
/* Whether F picks by anything but hiding voided complaints (which few
 * are) or statuses that take in closed ones (most of any database that
 * has run a while): a search then reads its matches' rows before
 * ranking them. */
int complaint_filter_narrows(const struct complaint_filter *f);

/* Every complaint matching F, oldest received first (id for ties). */
typedef int (*complaint_fn)(const struct complaint *c, void *arg);
int store_complaint_each(struct store *s, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err);

/*
 * A complaint as its row holds it, copied nowhere: V[I] is
 * complaint_fields[I] decoded as store_complaint_load() decodes it, but
 * a text points into the row (NUL-terminated, LEN bytes; NULL for none).
 */
struct complaint_row {
	int64_t id;
	struct {
		int64_t num;       /* every type but FT_TEXT */
		const char *text;  /* FT_TEXT */
		size_t len;
	} v[COMPLAINT_MAXFIELDS];
};

/*
 * Every complaint matching F in id order with its history (export): FN
 * gets the row and W, through which store_walk_event() gives the
 * complaint's events oldest first (FN need not read them all); *EV is
 * NULL after the last. Flat memory for any number of complaints. An
 * event has no hash, digest or redacted flag here.
 */
struct complaint_walk;
typedef int (*complaint_walk_fn)(const struct complaint_row *row,
    struct complaint_walk *w, void *arg);
int store_walk(struct store *s, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err);
int store_walk_event(struct complaint_walk *w, const struct event **ev,
    struct error *err);

/* The id of every open complaint, lowest first, reading ids alone
 * (shell completion on a large database). */
typedef int (*complaint_id_fn)(int64_t id, void *arg);
int store_open_id_each(struct store *s, complaint_id_fn fn, void *arg,
    struct error *err);

/* The id of every complaint merged into TARGET, lowest first (show). */
int store_merged_each(struct store *s, int64_t target, complaint_id_fn fn,
    void *arg, struct error *err);

/* The complaints a command's REF may name, for completion: the open ones
 * (lowest first), the resolved and closed ones, or all; the last two
 * newest first and at most LIMIT of them (0: no limit). */
enum complaint_set { CSET_OPEN, CSET_DONE, CSET_ALL };
int store_id_each_in(struct store *s, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err);

/* Call FN with every name seen as an owner or an actor of the history,
 * once each, in byte order (for completing --owner and --as). */
typedef int (*complaint_name_fn)(const char *name, void *arg);
int store_name_each(struct store *s, complaint_name_fn fn, void *arg,
    struct error *err);

/*
 * What the escalation rules look at, for each open complaint below
 * level BELOW, in id order (escalate --auto reads these, then writes).
 */
struct open_row {
	int64_t id;
	int64_t level;
	const char *status;
	const char *severity;
	const char *category;
	const char *channel;
	const char *department;
	const char *owner;
	const char *justified;
	int64_t public, complex, contacts;
	int64_t priority;          /* NUM_NONE */
	int64_t amount;            /* NUM_NONE */
	int64_t received_at, updated_at;
	int64_t acknowledged_at, ack_due, resolve_due;   /* TIME_NONE */
};
typedef int (*open_row_fn)(const struct open_row *r, void *arg);
int store_open_each(struct store *s, int64_t below, open_row_fn fn,
    void *arg, struct error *err);

/* Whether RULE fired for complaint ID before; records it at NOW if not:
 * *FIRST is 1 the first time. */
int store_rule_fire(struct store *s, int64_t id, const char *rule,
    int64_t now, int *first, struct error *err);

/* Every rule firing recorded (complaint, rule, time), by complaint then
 * rule: verify holds them against the history. */
typedef int (*rule_fired_fn)(int64_t complaint_id, const char *rule,
    int64_t at, void *arg);
int store_rule_fired_each(struct store *s, rule_fired_fn fn, void *arg,
    struct error *err);

/* What is overdue at a time (report --overdue, followup, cron). */
enum overdue_kind {
	OD_ACK,       /* open, not acknowledged, past ack_due */
	OD_RESOLVE,   /* open, past resolve_due */
	OD_CALLBACK,  /* open, past callback_due */
	OD_FOLLOWUP,  /* resolved (not closed), past followup_due */
	OD_HOLDING,   /* open, past holding_due: a holding letter owed */
};
struct overdue_item {
	int64_t id;
	enum overdue_kind kind;
	int64_t due;
	const char *owner;
	const char *customer;
	const char *category;
};
typedef int (*overdue_fn)(const struct overdue_item *it, void *arg);
/* Everything overdue at NOW, most overdue first (due, then id); with
 * FIRST_ONLY only the first the indexes give. The count in *N. */
int store_overdue_each(struct store *s, int64_t now, int first_only,
    overdue_fn fn, void *arg, int64_t *n, struct error *err);

/* Calls owed (followup --due): call-backs of open complaints and
 * follow-ups of resolved ones due by UNTIL, of OWNER (NULL: anyone). */
enum owed_kind {
	OWED_CALLBACK,
	OWED_FOLLOWUP,
	OWED_HOLDING,           /* a holding letter, not a call */
};
struct owed {
	int64_t id;
	enum owed_kind kind;
	int64_t due;
	const char *owner;
	const char *customer;
	int64_t attempts;       /* unanswered follow-up calls; NUM_NONE for
	                         * a call-back */
};
typedef int (*owed_fn)(const struct owed *o, void *arg);
int store_owed_each(struct store *s, int64_t until, const char *owner,
    owed_fn fn, void *arg, struct error *err);

/*
 * The report's rows: the facts of each complaint that the counting
 * (report.c) needs, plain values whatever the engine. TEXT[i] is the
 * column TEXT_COLS[i] of the scan asked for. A driver may leave
 * resolve_due, justified and amount unset (TIME_NONE, NULL, NUM_NONE)
 * in a row that is not resolved: nothing counts them there.
 */
#define STORE_SCAN_TEXTS 4  /* report --format html: category, root cause,
                            * --by; the ASIC return: four */
struct report_row {
	int64_t received_at;
	int64_t resolved_at;       /* TIME_NONE */
	const char *status;
	int64_t first_contact;
	int64_t acknowledged_at;   /* TIME_NONE */
	int64_t ack_due;           /* TIME_NONE */
	int64_t level;
	int64_t contacts;
	int64_t repeat_of;         /* NUM_NONE */
	const char *satisfied;
	int64_t resolve_due;       /* TIME_NONE */
	const char *justified;
	int64_t amount;            /* NUM_NONE */
	struct {
		const char *s;     /* NULL: none */
		size_t len;
	} text[STORE_SCAN_TEXTS];
};

enum store_scan_rows {
	SCAN_ALL,            /* every complaint */
	SCAN_RECEIVED_IN,    /* received in [since, until) */
	SCAN_RESOLVED_IN,    /* resolved in [since, until) */
	SCAN_OPEN_DURING,    /* received before until, not resolved before
	                      * since (the FCA return): only received_at,
	                      * resolved_at, justified, amount and the
	                      * texts need be filled */
};
struct store_scan {
	enum store_scan_rows rows;
	int64_t since, until;      /* TIME_NONE: unbounded */
	int ntexts;
	const char *text_cols[STORE_SCAN_TEXTS]; /* complaint field names */
};
typedef int (*report_row_scan_fn)(const struct report_row *r, void *arg);
int store_report_scan(struct store *s, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err);

/*
 * The history as it stood at AS_OF, for replaying (report --as-of, the
 * returns): every event recorded at or before AS_OF, a complaint's
 * events together in the order written, complaints in id order. CHANGES
 * is the event's JSON as recorded ({"field": [before, after], ...}),
 * NULL for none; it points into the engine's row, valid during FN. An
 * import's creation that stores no changes (EVENT_CREATED) comes with
 * CREATED instead, the values it created its complaint with: those of
 * FIELDS at least (complaint_field_mask(); 0 = every field).
 */
struct history_event {
	int64_t complaint_id;
	int64_t at;
	const char *changes;
	size_t len;
	int form; /* complaint.h */
	const struct complaint *created; /* above */
};
typedef int (*history_fn)(const struct history_event *ev, void *arg);
int store_history_each(struct store *s, int64_t as_of, uint64_t fields,
    history_fn fn, void *arg, struct error *err);
/* Whether the engine can replay its history yet (store_history_each()). */
int store_can_replay(const struct store *s);

/* Complaints per category received in [FROM, UNTIL], counted as those
 * at or after SPLIT and those before (review's spikes), by category. */
typedef int (*category_count_fn)(const char *category, int64_t after,
    int64_t before, void *arg);
int store_category_counts(struct store *s, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err);

/* --- ideas and reviews -------------------------------------------------- */

struct idea {
	int64_t id;
	int64_t complaint_id;  /* NUM_NONE: none */
	const char *idea;
	const char *status;
	int64_t proposed_at;
	const char *proposed_by;
	int64_t decided_at;    /* TIME_NONE: not decided */
};

/* A new proposed idea on complaint COMPLAINT_ID (NUM_NONE: none); its
 * id in *ID unless ID is NULL. */
int store_idea_add(struct store *s, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err);
/*
 * Idea ID moves to STATUS (decided now, or undecided again for
 * "proposed"). Its complaint in *COMPLAINT_ID (NUM_NONE if none) and the
 * status it had in OLD (at least 16 bytes). EX_NOINPUT for no such idea.
 */
int store_idea_set_status(struct store *s, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err);
/* Ideas proposed at or after SINCE (TIME_NONE: all), oldest first. */
typedef int (*idea_fn)(const struct idea *i, void *arg);
int store_idea_each(struct store *s, int64_t since, idea_fn fn, void *arg,
    struct error *err);

/* Erasure: the text of every idea of complaint COMPLAINT_ID becomes
 * TEXT (the placeholder); *N gets how many changed. */
int store_idea_erase(struct store *s, int64_t complaint_id,
    const char *text, int *n, struct error *err);

/* Resolved (or closed) complaints never reviewed, oldest resolved first. */
struct pending_review {
	int64_t id;
	int64_t resolved_at;
	const char *owner;
	const char *category;
	const char *root_cause;
};
typedef int (*pending_fn)(const struct pending_review *p, void *arg);
int store_pending_review_each(struct store *s, pending_fn fn, void *arg,
    struct error *err);

/* --- bulk loads (import) ------------------------------------------------ */

/*
 * One long write transaction of many inserts: the engine may set aside
 * what makes each insert slow (SQLite: the chained-event trigger, and
 * the non-unique indexes when the table is empty; a large page cache)
 * and store_bulk_end() puts it back, each index in one sort. Rolling
 * back restores all of it. Without STORE_CAP_BULK both do nothing.
 */
int store_bulk_begin(struct store *s, struct error *err);
int store_bulk_end(struct store *s, struct error *err);

/* --- attachments (SPEC 5) ----------------------------------------------- */

struct attachment {
	int64_t id;
	int64_t complaint_id;
	const char *name;      /* ERASED after erasure */
	const char *type;      /* a MIME type, from the content */
	const char *sha256;    /* 64 lowercase hex digits */
	int64_t size;
	int64_t added_at;
	const char *added_by;
	int erased;            /* the bytes are gone */
};

/* Fill up to LEN bytes at P; *GOT is 0 at the end of the input. */
typedef int (*attach_read_fn)(void *arg, void *p, size_t len, size_t *got,
    struct error *err);
/* Take the LEN bytes at P. */
typedef int (*attach_write_fn)(void *arg, const void *p, size_t len,
    struct error *err);

/*
 * Store the SIZE bytes that RD gives (streamed in chunks, hashed as they
 * pass: memory stays flat) as a new attachment NAME of type TYPE on
 * complaint COMPLAINT_ID, added by ACTOR at NOW. The bytes are kept
 * once per SHA-256 whoever attaches them. Its id in *ID, its SHA-256 in
 * SHA256. EX_DATAERR when RD gives more or fewer than SIZE bytes (the
 * file changed meanwhile). Write no history: the caller appends the
 * "attach" event (which must follow, for the search index).
 */
int store_attachment_add(struct store *s, int64_t complaint_id,
    const char *name, const char *type, int64_t size, attach_read_fn rd,
    void *rd_arg, const char *actor, int64_t now, int64_t *id,
    char sha256[65], struct error *err);

/* The attachments of complaint COMPLAINT_ID, oldest first. */
typedef int (*attachment_fn)(const struct attachment *a, void *arg);
int store_attachment_each(struct store *s, int64_t complaint_id,
    attachment_fn fn, void *arg, struct error *err);

/*
 * The bytes of attachment ID of complaint COMPLAINT_ID, in chunks to WR
 * (flat memory). EX_NOINPUT when the complaint has no such attachment,
 * EX_DATAERR when it was erased.
 */
int store_attachment_get(struct store *s, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err);

/* --- search (SPEC 5) ----------------------------------------------------- */

/* One term of a query as the user wrote it (lib/search.h parses). */
struct search_term {
	char *text;     /* a word or the words of a phrase */
	int phrase;     /* "a phrase" */
	int prefix;     /* word* */
	int negated;    /* -word */
	int or_next;    /* OR joins it to the next term */
};
struct search_query {
	struct search_term *t;
	size_t n;
};

/*
 * The complaints matching Q and F, best first (bm25 on SQLite), each
 * with a snippet of the matching text (terms in [brackets]). Text
 * erased is not found.
 */
typedef int (*search_fn)(const struct complaint *c, const char *snippet,
    void *arg);
int store_search(struct store *s, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err);

/* --- the database as a whole -------------------------------------------- */

/* Copy the database, as the open transaction sees it, to the new file
 * PATH (mode 0600; must not exist); others keep writing meanwhile.
 * A server's database becomes a SQLite file (store_copy()) that verify
 * accepts. EX_CANTCREAT when PATH cannot be created, EX_UNAVAILABLE
 * when the engine can do neither. */
int store_backup(struct store *s, const char *path, struct error *err);

/*
 * Copy every row of FROM, as its open transaction sees it, into TO, in
 * TO's open write transaction (complaint migrate): complaints, history,
 * ideas, rule firings, attachments, idempotency keys, each row's bytes
 * as kept, so the copy verifies with the same head. TO must hold no
 * rows (EX_DATAERR) and be at FROM's schema version (EX_SOFTWARE);
 * EX_UNAVAILABLE when an engine cannot copy. *COMPLAINTS and *EVENTS
 * (may be NULL) get how many were copied.
 */
int store_copy(struct store *from, struct store *to, int64_t *complaints,
    int64_t *events, struct error *err);

/* The engine's own check of its storage (SQLite: PRAGMA
 * integrity_check): the first problem into PROBLEM, empty when sound or
 * without STORE_CAP_INTEGRITY. Errors only when it cannot run. */
int store_integrity_check(struct store *s, struct buf *problem,
    struct error *err);
/*
 * store_integrity_check() begun beside the caller's other work: on a
 * connection and thread of its own where the store was opened with
 * STORE_OPEN_THREADS, else at the finish. Every start that returned 0
 * must reach store_integrity_finish() with its *JOB (NULL included),
 * which gives what store_integrity_check() would have.
 */
struct store_job;
int store_integrity_start(struct store *s, struct store_job **job,
    struct error *err);
int store_integrity_finish(struct store *s, struct store_job *job,
    struct buf *problem, struct error *err);
/* What keeps the data honest besides the hash chain: foreign keys hold
 * and the history's append-only guards are in place, each as this binary
 * wrote it (SQLite: compared by the trigger's text, so a same-named
 * trigger that guards nothing is found). */
int store_guard_check(struct store *s, struct buf *problem,
    struct error *err);
/* The first complaint whose history does not end where the complaint
 * says (its last event's id, from schema 8; before, its updated_at the
 * time of its last event), or that has none, in *ID, NUM_NONE when all
 * agree: a history whose tail was deleted shows here. */
int store_history_tail_check(struct store *s, int64_t *id,
    struct error *err);

/*
 * The account the system authenticated for this connection, which every
 * event records beside its actor (--as is a claim; this is not): SQLite,
 * the login name of the effective user id (or the number itself when it
 * has no name); a server, the session's user.
 */
const char *store_account(const struct store *s);

/*
 * After a commit that erased personal data: leave no erased text in the
 * engine's own logs (SQLite: copy the write-ahead log into the database
 * and truncate it, waiting for readers up to the busy timeout). *PINNED
 * is set when a reader still holds an older snapshot and the log could
 * not be emptied (not an error: the commit stands).
 */
int store_purge_log(struct store *s, int *pinned, struct error *err);

/*
 * Exactly-once writes (--idempotency-key, SPEC 2): the record of a write
 * run with a key, read and written inside the write transaction.
 */
struct idem_record {
	char digest[65];          /* SHA-256 of the arguments and actor, hex */
	char *command;            /* the command's name */
	int64_t at;               /* when it ran */
	int status;               /* its exit status */
	char *out;                /* its standard output (out_len bytes) */
	size_t out_len;
};
void idem_record_release(struct idem_record *r);
/* The record of KEY into R, *found 0 when there is none. */
int store_idem_get(struct store *s, const char *key, struct idem_record *r,
    int *found, struct error *err);
int store_idem_put(struct store *s, const char *key,
    const struct idem_record *r, struct error *err);
/* Forget the keys recorded before BEFORE (nothing, on a driver that
 * lacks them). store_idem_get and _put on such a driver: EX_CONFIG. */
int store_idem_purge(struct store *s, int64_t before, struct error *err);

/*
 * E-mail threading (mail, --send): the Message-ID of a message taken in
 * (OUT 0) or sent (OUT 1) for complaint COMPLAINT_ID. *ADDED is 0 when
 * the Message-ID was already recorded (nothing changes then). A driver
 * without them answers EX_CONFIG.
 */
int store_message_id_add(struct store *s, const char *message_id,
    int64_t complaint_id, int out, int64_t now, int *added,
    struct error *err);
/* The complaint MESSAGE_ID was recorded for, *FOUND 0 when none; *OUT
 * (when not NULL) its direction. */
int store_message_id_find(struct store *s, const char *message_id,
    int64_t *complaint_id, int *out, int *found, struct error *err);
/* The Message-ID of the latest message taken in for complaint
 * COMPLAINT_ID, in a new string, or NULL (none, or a driver without
 * them: a letter then starts a thread of its own). */
int store_message_id_latest(struct store *s, int64_t complaint_id,
    char **message_id, struct error *err);

#endif
