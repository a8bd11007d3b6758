/*
 * A complaint as data (lib/field.c): a table of field descriptors drives
 * loading, saving, diffing (every change becomes a history event with
 * the values before and after) and output, so adding a field is one line
 * here and one column in each store's schema (lib/store/). Reading and
 * writing complaints is the store's (store.h).
 */
#ifndef COMPLAINT_COMPLAINT_H
#define COMPLAINT_COMPLAINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "sha256.h"

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
	int64_t status; /* enum status */
	int64_t received_at;
	char *channel;
	char *customer;
	char *contact;
	char *customer_id;
	char *owner;
	char *department;
	char *category;
	char *severity;
	int64_t priority; /* 1 (highest) .. 5, or NUM_NONE */
	char *justified;  /* yes, no, unknown, or NULL */
	int64_t level;    /* 0 frontline .. number of levels */
	int64_t public;   /* bool */
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
	int64_t amount; /* minor units of the currency */
	char *root_cause;
	int64_t contacts;
	int64_t repeat_of;   /* id, or NUM_NONE */
	char *regime;        /* the deadline set (config regimes), or NULL */
	int64_t voided_at;   /* logged by mistake: counted nowhere */
	int64_t merged_into; /* id of the complaint it duplicates */
	/* Beyond the keys SPEC 7 names. */
	int64_t impact;        /* 1 (highest) .. 3 */
	int64_t urgency;       /* 1 (highest) .. 3 */
	int64_t complex;       /* bool */
	int64_t assessed;      /* bool: ever assessed (reopen returns here) */
	int64_t first_contact; /* bool: resolved at first contact */
	char *ack_via;
	int64_t eta;
	char *lessons;
	int64_t callback_due;      /* a call-back is owed by then */
	int64_t followup_due;      /* a follow-up call is owed by then */
	int64_t followup_attempts; /* no-answer calls so far */
	int64_t holding_due;       /* a holding letter is owed by then, unless
	                            * resolved or one was sent */
	char *satisfied;    /* yes, no, or NULL: the follow-up's answer */
	int64_t updated_at; /* time of the last event (rule field idle) */
	char *source;       /* import layout, for imported complaints */
	char *source_id;    /* the source's own id */
	int64_t vulnerable; /* bool: the customer identified as in
	                            * vulnerable circumstances (FCA PS25/19) */
};

enum field_type {
	FT_TEXT,
	FT_INT,
	FT_BOOL,
	FT_TIME,
	FT_AMOUNT, /* minor units, written as a decimal */
	FT_STATUS, /* enum status, written as its name */
	FT_LEVEL,  /* 0.., written as the level's name */
	FT_REF,    /* a complaint id, written as a reference */
};

/* Flags of a field. */
#define FF_SPEC 0x1      /* one of the complaint keys of SPEC 7 */
#define FF_PERSONAL 0x2  /* personal data, replaced by erasure */
#define FF_NOHISTORY 0x4 /* derived: not recorded in history events */

struct field {
	const char *name; /* column, JSON key and history key */
	enum field_type type;
	size_t offset;
	unsigned flags;
};

/* The most fields there may be (struct complaint_row, store.h). */
#define COMPLAINT_MAXFIELDS 64

/* Every field of struct complaint but id, SPEC 7 keys first, in order. */
extern const struct field complaint_fields[];
extern const size_t complaint_nfields;
/* The field called NAME (or the LEN bytes at NAME), or NULL. */
const struct field *complaint_field(const char *name);
const struct field *complaint_field_n(const char *name, size_t len);
/* A bit per complaint_fields index for each of the N NAMES that is a
 * field (others, such as "ref", add none). */
uint64_t complaint_field_mask(const char *const *names, size_t n);
/* The complaint_fields index of the lowest bit of MASK (not 0): a row
 * of a mask's fields decodes with mask &= mask - 1 between fields. */
static inline size_t
field_mask_lowest(uint64_t mask)
{
#if defined(__GNUC__)
	return (size_t)__builtin_ctzll(mask);
#else
	size_t i = 0;

	for (; !(mask & 1); mask >>= 1)
		i++;
	return i;
#endif
}

/* Pointers into C for field F. */
char **field_text(struct complaint *c, const struct field *f);
int64_t *field_num(struct complaint *c, const struct field *f);
char *const *field_text_const(const struct complaint *c, const struct field *f);
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
/* The largest amount, in minor units: 999,999,999.99. The report sums
 * amounts in 64 bits; at this bound 92 million complaints at the most
 * each still sum without overflow (and report checks the sum). */
#define AMOUNT_MAX 99999999999LL

/* "12.50" into 1250: a non-negative decimal with at most two decimal
 * places, at most AMOUNT_MAX; EX_DATAERR otherwise. */
int amount_parse(const char *s, int64_t *minor, struct error *err);
/* The one writer of amounts (show, export, config --show): "12.50",
 * "" for NUM_NONE; the length written. */
size_t amount_format(int64_t minor, char *buf, size_t len);

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
	const char *detail; /* facts beyond the changes, lines of
			      * "KIND ARGS" (chain.h); NULL for none */
	/* The chain up to this event (chain.h), as the bytes SHA-256 gave
	 * when hash_state is EVENT_HASH_OK. */
	uint8_t hash[SHA256_LEN];
	int hash_state;     /* EVENT_HASH_NONE, _OK or _BAD (below) */
	const char *digest; /* hex: this event's content when written */
	int redacted;       /* changes and note were erased since */
	int form;           /* EVENT_STORED, or EVENT_CREATED: a creation
			     * whose changes are not stored (below) */
	/* EVENT_CREATED without changes: the values it created its
	 * complaint with, when the store read them with it (the event
	 * is its complaint's only one), else NULL. */
	const struct complaint *created;
};

/*
 * How an event holds its changes. EVENT_STORED: as JSON in the event.
 * EVENT_CREATED (import, schema 15): a complaint's creation that stores
 * none; they are every field the complaint was created with, which its
 * row and the "before" values of its later events give back (store.h,
 * store_complaint_created()), and the chain digests those values
 * (chain_created_digest()). A third of the bytes of an imported
 * complaint; nothing is lost.
 */
enum { EVENT_STORED = 0, EVENT_CREATED = 1 };

/* Whether an event has its hash: none stored (an old history not yet
 * chained, or an import's creation between the hashes stored, chain.h),
 * stored and read, or stored but not 32 bytes (damaged). */
enum { EVENT_HASH_NONE = 0, EVENT_HASH_OK = 1, EVENT_HASH_BAD = -1 };

/* The first field, history-recorded, in which A and B differ, or NULL. */
const struct field *complaint_diff(const struct complaint *a,
    const struct complaint *b);

/* What replaces erased personal data. */
#define ERASED "[erased]"

/* Whether F holds text; whether A and B hold the same value in F;
 * whether C has F set. */
int field_is_text(const struct field *f);
int field_equal(const struct complaint *a, const struct complaint *b,
    const struct field *f);
int field_is_set(const struct complaint *c, const struct field *f);

/* Set field F of C from S, a value as a column or a history event
 * holds it in text (NULL for none). */
void field_set_text(struct complaint *c, const struct field *f, const char *s);
/* The number the text S of the non-text field F stands for: a column's
 * digits, or a history value (a status name, a time in RFC 3339);
 * NUM_NONE for NULL. */
int64_t field_text_num(const struct field *f, const char *s);

/* The fields' names in table order, each after PREFIX ("c." or ""),
 * separated by ", ": the column list of a query on any engine. */
void complaint_field_list(char *buf, size_t len, const char *prefix);
/* The same, built once: the plain list ("status, received_at, ...") or,
 * with QUALIFIED, the one for a join ("c.status, c.received_at, ..."). */
const char *complaint_column_list(int qualified);
/* Only the fields MASK keeps, in field order (0 keeps every one): a row
 * of them decodes field by field in the mask's order. SQLite evaluates a
 * NULL in a result for every row, so a listing of a few fields of
 * thousands of rows selects just those. */
void complaint_field_list_of(char *buf, size_t len, const char *prefix,
    uint64_t mask);

/* The changes of a creation: {"field": [null, value], ...} for every
 * field of C the history records that is set, in field order. */
void complaint_created_json(struct buf *b, const struct complaint *c);

/* Field F of C as the JSON value a history event records (times as
 * RFC 3339 text, so that the history reads without the tool). */
void json_field_value(struct buf *b, const struct complaint *c,
    const struct field *f);

#endif
