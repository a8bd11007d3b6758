/*
 * A complaint and its store: the one table of complaints and its
 * append-only history. A table of field descriptors drives loading,
 * saving, diffing (every change becomes a history event with the values
 * before and after) and output, so adding a field is one line here and
 * one column in schema.c.
 */
#ifndef COMPLAINT_COMPLAINT_H
#define COMPLAINT_COMPLAINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "error.h"

/* An unset number or time (SQL NULL). Equal to TIME_NONE. */
#define NUM_NONE INT64_MIN

enum status {
	ST_NEW,
	ST_ACKNOWLEDGED,
	ST_ASSESSED,
	ST_RESOLVED,
	ST_CLOSED,
	ST__COUNT
};

const char *status_name(int64_t st);
/* -1 when NAME is not a status. */
int status_lookup(const char *name);
/* new, acknowledged or assessed. */
int status_is_open(int64_t st);

struct complaint {
	int64_t id;
	int64_t status;            /* enum status */
	int64_t received_at;
	char *channel;
	char *customer;
	char *contact;
	char *customer_id;
	char *owner;
	char *department;
	char *category;
	char *severity;
	int64_t priority;          /* 1 (highest) .. 5, or NUM_NONE */
	char *justified;           /* yes, no, unknown, or NULL */
	int64_t level;             /* 0 frontline .. number of levels */
	int64_t public;            /* bool */
	char *summary;
	char *details;
	int64_t ack_due;
	int64_t acknowledged_at;
	int64_t resolve_due;
	int64_t resolved_at;
	int64_t closed_at;
	int64_t reviewed_at;
	char *resolution;
	char *remedy;
	int64_t amount;            /* minor units of the currency */
	char *root_cause;
	int64_t contacts;
	int64_t repeat_of;         /* id, or NUM_NONE */
	/* Beyond the keys SPEC 7 names. */
	int64_t impact;            /* 1 (highest) .. 3 */
	int64_t urgency;           /* 1 (highest) .. 3 */
	int64_t complex;           /* bool */
	int64_t assessed;          /* bool: ever assessed (reopen returns here) */
	int64_t first_contact;     /* bool: resolved at first contact */
	char *ack_via;
	int64_t eta;
	char *lessons;
	int64_t callback_due;      /* a call-back is owed by then */
	int64_t followup_due;      /* a follow-up call is owed by then */
	int64_t followup_attempts; /* no-answer calls so far */
	char *satisfied;           /* yes, no, or NULL: the follow-up's answer */
	int64_t updated_at;        /* time of the last event (rule field idle) */
	char *source;              /* import layout, for imported complaints */
	char *source_id;           /* the source's own id */
};

enum field_type {
	FT_TEXT,
	FT_INT,
	FT_BOOL,
	FT_TIME,
	FT_AMOUNT,  /* minor units, written as a decimal */
	FT_STATUS,  /* enum status, written as its name */
	FT_LEVEL,   /* 0.., written as the level's name */
	FT_REF,     /* a complaint id, written as a reference */
};

/* Flags of a field. */
#define FF_SPEC      0x1 /* one of the complaint keys of SPEC 7 */
#define FF_PERSONAL  0x2 /* personal data, replaced by erasure */
#define FF_NOHISTORY 0x4 /* derived: not recorded in history events */

struct field {
	const char *name; /* column, JSON key and history key */
	enum field_type type;
	size_t offset;
	unsigned flags;
};

/* Every field of struct complaint but id, SPEC 7 keys first, in order. */
extern const struct field complaint_fields[];
extern const size_t complaint_nfields;
/* The field called NAME, or NULL. */
const struct field *complaint_field(const char *name);

/* Pointers into C for field F. */
char **field_text(struct complaint *c, const struct field *f);
int64_t *field_num(struct complaint *c, const struct field *f);
char *const *field_text_const(const struct complaint *c,
    const struct field *f);
const int64_t *field_num_const(const struct complaint *c,
    const struct field *f);

/* An empty complaint: no text, numbers and times unset, status new,
 * level 0, one contact. */
void complaint_init(struct complaint *c);
void complaint_copy(struct complaint *dst, const struct complaint *src);
void complaint_release(struct complaint *c);

/* References: PREFIX-NNNNNN. */
#define REF_MAX 40
void ref_format(const char *prefix, int64_t id, char *buf, size_t len);
/* Accepts "CMP-000042", any case, "CMP-42", and "42". EX_DATAERR with
 * the accepted forms when S is none of them. */
int ref_parse(const char *prefix, const char *s, int64_t *id,
    struct error *err);

/* Amounts: "12.50" <-> 1250 minor units. Negative, more than two
 * decimals or anything but digits is EX_DATAERR. */
int amount_parse(const char *s, int64_t *minor, struct error *err);
void amount_format(int64_t minor, char *buf, size_t len);

/*
 * Insert C (its id is set) and its first history event ACTION, whose
 * changes are every field set. NOTE may be NULL.
 */
int complaint_insert(struct db *db, struct complaint *c, const char *actor,
    int64_t now, const char *action, const char *note, struct error *err);

/* The complaint imported from SOURCE with the source's id SOURCE_ID:
 * *ID, or NUM_NONE when there is none. */
int complaint_find_source(struct db *db, const char *source,
    const char *source_id, int64_t *id, struct error *err);

/*
 * A bulk load (import), within the caller's write transaction:
 * complaint_bulk_begin() sets aside the trigger that checks each event is
 * chained (every event the load writes is) and, when the complaint table
 * is empty, its non-unique indexes; complaint_bulk_end() creates them
 * again, each index in one sort. Unique indexes stay, and with any
 * complaint already there no index is dropped (rebuilding would cost more
 * than it saves). Rolling back restores all of it.
 */
struct complaint_bulk {
	char **sql;   /* the CREATE statements to run again */
	size_t n;
};
int complaint_bulk_begin(struct db *db, struct complaint_bulk *b,
    struct error *err);
int complaint_bulk_end(struct db *db, struct complaint_bulk *b,
    struct error *err);
void complaint_bulk_release(struct complaint_bulk *b);

/* Load complaint ID; EX_NOINPUT "no complaint 'REF'" when missing. */
int complaint_load(struct db *db, const char *prefix, int64_t id,
    struct complaint *c, struct error *err);

/*
 * Save AFTER, whose id is BEFORE's, writing only the fields that differ
 * and one history event ACTION holding their values before and after.
 * An event is appended even when nothing changed (a note, a call).
 * AFTER->updated_at becomes NOW.
 */
int complaint_update(struct db *db, const struct complaint *before,
    struct complaint *after, const char *actor, int64_t now,
    const char *action, const char *note, struct error *err);

/*
 * complaint_update() with a DETAIL for the event (audit.h): facts the
 * chain proves beside the changes, that erasure keeps.
 */
int complaint_update_detail(struct db *db, const struct complaint *before,
    struct complaint *after, const char *actor, int64_t now,
    const char *action, const char *note, const char *detail,
    struct error *err);

/* Rebuild complaint ID from its history alone (fossil's ticket rebuild):
 * proof that the history holds every change. */
int complaint_rebuild(struct db *db, const char *prefix, int64_t id,
    struct complaint *c, struct error *err);

struct event {
	int64_t id;
	int64_t complaint_id;
	int64_t at;
	const char *actor;   /* who it was done for (--as) */
	const char *account; /* who the system says did it; NULL: unknown
			      * (events from before accounts were kept) */
	const char *action;
	const char *changes; /* JSON: {"field": [before, after], ...} */
	const char *note;
	const char *detail;  /* facts beyond the changes, lines of
			      * "KIND ARGS" (audit.h); NULL for none */
	const char *hash;    /* hex: the chain up to this event (audit.h) */
	const char *digest;  /* hex: this event's content when written */
	int redacted;        /* changes and note were erased since */
};

typedef int (*event_fn)(const struct event *ev, void *arg);
/* Call FN for each event of complaint ID, oldest first. A non-zero
 * return from FN stops the walk and is returned. */
int event_each(struct db *db, int64_t id, event_fn fn, void *arg,
    struct error *err);
/* The same over every event of the database, in chain (id) order. */
int event_walk(struct db *db, event_fn fn, void *arg, struct error *err);

/* Give events written before the hash chain existed their digests and
 * hashes (run by the schema migration; nothing to do afterwards). */
int event_chain_fill(struct db *db, struct error *err);

/* The first complaint whose updated_at is not the time of its last
 * event (or that has none), in *ID; NUM_NONE when all agree. A history
 * whose tail was deleted shows here. */
int complaint_history_tail_check(struct db *db, int64_t *id,
    struct error *err);

/* The first field, history-recorded, in which A and B differ, or NULL. */
const struct field *complaint_diff(const struct complaint *a,
    const struct complaint *b);

/* What replaces erased personal data. */
#define ERASED "[erased]"

/*
 * The right to erasure for complaint ID: every FF_PERSONAL text field
 * that is set becomes ERASED, and so do the same fields' values in every
 * earlier history event's changes, every earlier note and the text of
 * the complaint's ideas (those events are marked redacted; their hashes
 * stay, so the chain still verifies). Then an "erase" event with REASON
 * as its note records which fields were erased, without their old
 * values, and in its detail each redacted event's facts digest (audit.h)
 * so that what they keep stays provable. Each event is checked against
 * its digest first: EX_DATAERR, nothing erased, when one was tampered
 * with. EX_DATAERR when there is nothing left to erase. *NFIELDS gets
 * the number of fields erased.
 */
int complaint_erase(struct db *db, const char *prefix, int64_t id,
    const char *actor, int64_t now, const char *reason, int *nfields,
    struct error *err);

/*
 * Call FN for each field changed in CHANGES (an event's JSON), with the
 * values before and after as text (NULL for none), in recorded order.
 */
typedef int (*change_fn)(const char *field, const char *before,
    const char *after, void *arg);
int event_changes_each(struct db *db, const char *changes, change_fn fn,
    void *arg, struct error *err);

/* Filters of list (and export): NULL / NUM_NONE / 0 = no filter. */
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
};

void complaint_filter_init(struct complaint_filter *f);

typedef int (*complaint_fn)(const struct complaint *c, void *arg);
/* Call FN for every complaint matching F, oldest received first (id for
 * ties). The complaint passed is valid only during the call. */
int complaint_each(struct db *db, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err);

/*
 * A complaint as its row holds it, for a walk that copies nothing: V[I]
 * is complaint_fields[I], decoded as complaint_load() decodes it, but a
 * text field points into the row (NUL-terminated, LEN bytes; NULL for
 * none) rather than being copied.
 */
#define COMPLAINT_MAXFIELDS 64
struct complaint_row {
	int64_t id;
	struct {
		int64_t num;       /* every type but FT_TEXT */
		const char *text;  /* FT_TEXT */
		size_t len;
	} v[COMPLAINT_MAXFIELDS];
};

/*
 * Call FN for every complaint matching F in id order, with W, through
 * which complaint_walk_event() gives the complaint's history (oldest
 * first; FN need not read it all). Both tables are read in one pass
 * each: export streams a million complaints in flat memory and copies
 * none of them. ROW is valid until FN returns, an event until the next
 * complaint_walk_event(); *EV is NULL after the complaint's last. An
 * event has no hash, digest, redacted flag or detail here. A non-zero return
 * from FN stops the walk and is returned.
 */
struct complaint_walk;
typedef int (*complaint_walk_fn)(const struct complaint_row *row,
    struct complaint_walk *w, void *arg);
int complaint_walk(struct db *db, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err);
int complaint_walk_event(struct complaint_walk *w, const struct event **ev,
    struct error *err);

/* Open complaints of the same customer, by customer id, contact or name
 * (any case), most recent first; at most MAX (ids and owners), returns
 * the count in *N. */
struct complaint_brief {
	int64_t id;
	char *owner;
};
/* Its query, exposed so a test can pin its plan. */
extern const char complaint_open_for_sql[];
int complaint_find_open_for(struct db *db, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err);
void complaint_brief_release(struct complaint_brief *b, size_t n);

/* Call FN with the id of every open complaint, lowest first; only ids are
 * read, so shell completion stays quick on a large database. */
typedef int (*complaint_id_fn)(int64_t id, void *arg);
int complaint_each_open_id(struct db *db, complaint_id_fn fn, void *arg,
    struct error *err);

#endif
