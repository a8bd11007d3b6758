/*
 * The SQLite store of complaints and their history: the complaint and
 * event tables, driven by the field table (complaint.h). All SQL that
 * touches these two tables lives here, in sqlite_select.c (the listing
 * query a filter makes) and in sqlite_erase.c (erasure).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chain.h"
#include "complaint.h"
#include "name.h"
#include "output.h"
#include "store/created.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Bind field F of C as parameter I. */
static int
bind_field(sqlite3_stmt *st, int i, const struct complaint *c,
    const struct field *f)
{
	int64_t v;

	if (field_is_text(f))
		return db_bind_text(st, i, *field_text_const(c, f));
	v = *field_num_const(c, f);
	if (f->type == FT_STATUS)
		return sqlite3_bind_text(st, i, status_name(v), -1,
		    SQLITE_STATIC);
	if (v == NUM_NONE)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, v);
}

/* The number a stored value of the non-text field F stands for: a
 * status's index, a time given as RFC 3339 text (as history holds
 * them) parsed, NUM_NONE for NULL. */
static int64_t
field_value_num(const struct field *f, sqlite3_value *v)
{
	int type = sqlite3_value_type(v);

	if (f->type == FT_STATUS) {
		const char *s = (const char *)sqlite3_value_text(v);
		int st = s ? status_lookup(s) : -1;

		return st < 0 ? ST_NEW : st;
	}
	if (f->type == FT_TIME && type == SQLITE_TEXT) {
		int64_t t;

		return time_parse_rfc3339((const char *)sqlite3_value_text(v),
		    &t) == 0 ? t : NUM_NONE;
	}
	return type == SQLITE_NULL ? NUM_NONE : sqlite3_value_int64(v);
}

/* Set field F of C from result column I, which may be any type. */
static void
set_field_from_column(struct complaint *c, const struct field *f,
    sqlite3_stmt *st, int i)
{
	if (field_is_text(f)) {
		free(*field_text(c, f));
		*field_text(c, f) = sqlite3_column_type(st, i) == SQLITE_NULL ?
		    NULL : db_column_strdup(st, i);
	} else {
		*field_num(c, f) = field_value_num(f, sqlite3_column_value(st, i));
	}
}

void
sq_row_to_complaint_of(sqlite3_stmt *st, int col, struct complaint *c,
    uint64_t mask)
{
	size_t i;

	c->id = sqlite3_column_int64(st, col++);
	if (mask == 0) {
		for (i = 0; i < complaint_nfields; i++)
			set_field_from_column(c, &complaint_fields[i], st,
			    col++);
		return;
	}
	/* A listing's few fields: the mask's bits, lowest first. */
	for (; mask != 0; mask &= mask - 1)
		set_field_from_column(c,
		    &complaint_fields[field_mask_lowest(mask)], st, col++);
}

static void
row_to_complaint(sqlite3_stmt *st, struct complaint *c)
{
	sq_row_to_complaint_of(st, 0, c, 0);
}

/*
 * The last event's id and hash, the start of the next link: 0 and the
 * genesis value for an empty history.
 */
static int
chain_last(struct db *db, int64_t *last_id, uint8_t prev[SHA256_LEN],
    struct error *err)
{
	static const char sql[] =
	    "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc, owned;

	*last_id = 0;
	memcpy(prev, chain_genesis, SHA256_LEN);
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*last_id = sqlite3_column_int64(st, 0);
		if (db_column_hash_bytes(st, 1, prev) != 0)
			rc = error_set(err, EX_DATAERR,
			    "history event %" PRId64 " has a damaged hash; "
			    "run 'complaint verify'", *last_id);
		else
			rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = db_fail(db, rc, "reading history", err);
	}
	db_release_stmt(st, owned);
	return rc;
}

/* Where the next event goes: its id, and the hash it chains to. */
static int
chain_next(struct db *db, int64_t *next_id, uint8_t prev[SHA256_LEN],
    struct error *err)
{
	int64_t last_id;
	int rc;

	if (db->chain_known) {
		last_id = db->chain_id;
		memcpy(prev, db->chain_hash, SHA256_LEN);
	} else if ((rc = chain_last(db, &last_id, prev, err)) != 0) {
		return rc;
	}
	*next_id = last_id + 1;
	return 0;
}

/* Where an import's creation note comes from: a file (its import_file
 * row) whose part of the note the event leaves out, the first SKIP
 * bytes (import_note()). */
struct note_file {
	int64_t id;
	size_t skip;
};

/*
 * Append event EV_ID (from chain_next(), chained to PREV) of complaint
 * ID, written by the connection's account (chain.h). With CREATED, an
 * EVENT_CREATED event: CHANGES is NULL, and the chain digests CREATED's
 * values instead, a digest the event does not store. With FILE, the
 * note's beginning is FILE's (the chain digests the note whole).
 */
static int
event_insert(struct db *db, int64_t ev_id, const uint8_t prev[SHA256_LEN],
    int64_t id, int64_t now, const char *actor, const char *action,
    const char *changes, const char *note, const char *detail,
    const struct complaint *created, const struct note_file *file,
    struct error *err)
{
	static const char sql[] =
	    "INSERT INTO event(id, complaint_id, at, actor, action, changes,"
	    " note, digest, hash, account, detail, form, import_file)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct event ev;
	uint8_t digest[SHA256_LEN], hash[SHA256_LEN];
	char digest_hex[SHA256_HEXLEN];
	sqlite3_stmt *st;
	int rc, owned, stored;

	memset(&ev, 0, sizeof(ev));
	ev.id = ev_id;
	ev.complaint_id = id;
	ev.at = now;
	ev.actor = actor;
	ev.account = db->account;
	ev.action = action;
	ev.changes = changes;
	ev.note = note;
	ev.detail = detail;
	if (created != NULL)
		chain_created_digest(&ev, created, digest);
	else
		chain_event_digest(&ev, digest);
	chain_link(prev, ev.id, digest, hash);
	if (created == NULL)
		sha256_hex(digest, digest_hex);

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, ev.id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, now);
	db_bind_text(st, 4, actor);
	db_bind_text(st, 5, action);
	db_bind_text(st, 6, changes);
	db_bind_text(st, 7, file ? note + file->skip : note);
	db_bind_text(st, 8, created ? NULL : digest_hex);
	/* A bulk load's creations store every CHAIN_STORED_EVERY-th hash
	 * and the last (chain.h), the chain kept here meanwhile. */
	stored = created == NULL || !db->bulk || db->in_tx != 2 ||
	    chain_stores_hash(ev.id);
	if (stored)
		sqlite3_bind_blob(st, 9, hash, SHA256_LEN, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 9);
	db_bind_text(st, 10, db->account);
	db_bind_text(st, 11, detail);
	if (created != NULL)
		sqlite3_bind_int(st, 12, EVENT_CREATED);
	else
		sqlite3_bind_null(st, 12);
	if (file != NULL)
		sqlite3_bind_int64(st, 13, file->id);
	else
		sqlite3_bind_null(st, 13);
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE) {
		db->chain_known = 0;
		return db_fail(db, rc, "recording history", err);
	}
	if (db->in_tx == 2) {
		db->chain_known = 1;
		db->chain_id = ev.id;
		memcpy(db->chain_hash, hash, SHA256_LEN);
		db->chain_unsealed = !stored;
	}
	return 0;
}

int
sq_chain_seal(struct db *db, struct error *err)
{
	static const char sql[] =
	    "UPDATE event SET hash = ? WHERE id = ? AND hash IS NULL";
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, db->chain_hash, SHA256_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, db->chain_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "sealing the history", err);
	db->chain_unsealed = 0;
	return 0;
}

/* "INSERT INTO complaint (...) VALUES (?, ...)", built once. */
static const char *
insert_sql(void)
{
	static char sql[4096];
	size_t i, len;

	if (sql[0] != '\0')
		return sql;
	len = (size_t)snprintf(sql, sizeof(sql),
	    "INSERT INTO complaint (%s, customer_key, owner_key, last_event)"
	    " VALUES (", complaint_column_list(0));
	for (i = 0; i < complaint_nfields; i++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s",
		    i ? ", ?" : "?");
	snprintf(sql + len, sizeof(sql) - len, ", ?, ?, ?)");
	return sql;
}

/* C's row, under the id it gets, naming EV_ID (the next event's, from
 * chain_next(), chained to PREV) as its last. */
static int
row_insert(struct db *db, struct complaint *c, int64_t now, int64_t *ev_id,
    uint8_t prev[SHA256_LEN], struct error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc, owned = 0;

	c->updated_at = now;
	if ((rc = chain_next(db, ev_id, prev, err)) != 0)
		return rc;
	if ((rc = db_prepare_cached(db, insert_sql(), &st, &owned, err)) != 0)
		return rc;
	for (i = 0; i < complaint_nfields; i++)
		bind_field(st, (int)i + 1, c, &complaint_fields[i]);
	/* The names' matching keys (name.h), stored beside them where
	 * they are not the names themselves. */
	sqlite3_bind_text(st, (int)i + 1, name_key_stored(c->customer), -1,
	    free);
	sqlite3_bind_text(st, (int)i + 2, name_key_stored(c->owner), -1, free);
	sqlite3_bind_int64(st, (int)i + 3, *ev_id);
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "recording the complaint", err);
	c->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
sq_complaint_insert(struct db *db, struct complaint *c, const char *actor,
    int64_t now, const char *action, const char *note, struct error *err)
{
	/* Kept from call to call: a million creations in a row. */
	static struct buf changes = BUF_INIT;
	uint8_t prev[SHA256_LEN];
	int64_t ev_id;
	int rc;

	if ((rc = row_insert(db, c, now, &ev_id, prev, err)) != 0)
		return rc;
	buf_reset(&changes);
	complaint_created_json(&changes, c);
	return event_insert(db, ev_id, prev, c->id, now, actor, action,
	    buf_str(&changes), note, NULL, NULL, NULL, err);
}

/*
 * Within a bulk load, an imported complaint next after the indexed ones
 * is indexed here, from the values in hand, with what the search
 * trigger (set aside) would have written: its fields, and of the import's
 * note what follows the first line (SCHEMA_FTS_NOTES), the record's own
 * NOTE. The fill at the
 * load's end then starts after it, and need not look for each
 * complaint's notes among the events (half of what the fill cost).
 */
static int
bulk_index(struct db *db, const struct complaint *c, const char *note,
    struct error *err)
{
	static const char sql[] = "INSERT INTO complaint_fts(rowid,"
	    " f_summary, f_details, f_notes, f_resolution, f_root_cause,"
	    " f_lessons) VALUES (?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	int rc, owned;

	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	db_bind_text(st, 2, c->summary);
	db_bind_text(st, 3, c->details);
	db_bind_text(st, 4, note);
	db_bind_text(st, 5, c->resolution);
	db_bind_text(st, 6, c->root_cause);
	db_bind_text(st, 7, c->lessons);
	rc = sqlite3_step(st);
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "indexing for search", err);
	db->set_aside.fts_after = c->id;
	return 0;
}

/* The id of NAME's import_file row (schema 17), made if need be; kept
 * for the transaction, as an import names one file a million times. */
static int
import_file_id(struct db *db, const char *name, int64_t *id,
    struct error *err)
{
	static const char find[] =
	    "SELECT id FROM import_file WHERE name = ?";
	static const char add[] = "INSERT INTO import_file(name) VALUES (?)";
	sqlite3_stmt *st;
	int rc, owned;

	if (db->import_file_id > 0 && db->import_file_name != NULL &&
	    strcmp(db->import_file_name, name) == 0) {
		*id = db->import_file_id;
		return 0;
	}
	if ((rc = db_prepare_cached(db, find, &st, &owned, err)) != 0)
		return rc;
	db_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_release_stmt(st, owned);
	if (rc == SQLITE_DONE) {
		if ((rc = db_prepare_cached(db, add, &st, &owned, err)) != 0)
			return rc;
		db_bind_text(st, 1, name);
		rc = sqlite3_step(st);
		db_release_stmt(st, owned);
		if (rc != SQLITE_DONE)
			return db_fail(db, rc, "recording the file imported",
			    err);
		*id = sqlite3_last_insert_rowid(db->h);
	} else if (rc != SQLITE_ROW) {
		return db_fail(db, rc, "reading the files imported", err);
	}
	free(db->import_file_name);
	db->import_file_name = xstrdup(name);
	db->import_file_id = *id;
	return 0;
}

/* The name of import_file row ID into *NAME (NULL when there is none),
 * through the connection's cache (one file for a million events). */
static int
import_file_name(struct db *db, int64_t id, const char **name,
    struct error *err)
{
	static const char sql[] = "SELECT name FROM import_file WHERE id = ?";
	sqlite3_stmt *st;
	int rc, owned;

	if (db->import_file_id == id && db->import_file_name != NULL) {
		*name = db->import_file_name;
		return 0;
	}
	*name = NULL;
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		free(db->import_file_name);
		db->import_file_name = xstrdup((const char *)
		    sqlite3_column_text(st, 0));
		db->import_file_id = id;
		*name = db->import_file_name;
	}
	db_release_stmt(st, owned);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading the files imported", err);
	return 0;
}

/*
 * An event's note whole into *OUT (schema 17): NOTE as stored, and when
 * FILE (its import_file) is set, the beginning import_note() left to
 * the file's row put back, in B (IMPORT_NOTE_LINE too, unless the note
 * was kept before schema 20, with it). NULL when the row is missing (a
 * reference only an edit behind the tool's back leaves dangling, which
 * verify then finds), as the server's PG_EVENT_NOTE gives it.
 */
static int
note_whole(struct db *db, sqlite3_value *file, const char *note,
    struct buf *b, const char **out, struct error *err)
{
	const char *name;
	int rc;

	*out = note;
	if (sqlite3_value_type(file) == SQLITE_NULL || note == NULL)
		return 0;
	if ((rc = import_file_name(db, sqlite3_value_int64(file), &name,
	    err)) != 0)
		return rc;
	if (name == NULL) {
		*out = NULL;
		return 0;
	}
	buf_reset(b);
	buf_puts(b, IMPORT_NOTE_PREFIX);
	buf_puts(b, name);
	buf_putc(b, ' ');
	if (strncmp(note, IMPORT_NOTE_LINE, strlen(IMPORT_NOTE_LINE)) != 0)
		buf_puts(b, IMPORT_NOTE_LINE);
	buf_puts(b, note);
	*out = buf_str(b);
	return 0;
}

int
sq_complaint_import(struct db *db, struct complaint *c, const char *actor,
    int64_t now, const struct import_origin *from, struct error *err)
{
	/* Kept from call to call: a million creations in a row. */
	static struct buf note = BUF_INIT;
	struct note_file file;
	uint8_t prev[SHA256_LEN];
	int64_t ev_id;
	int rc;

	file.skip = import_note(&note, from);
	if ((rc = import_file_id(db, from->file, &file.id, err)) != 0 ||
	    (rc = row_insert(db, c, now, &ev_id, prev, err)) != 0 ||
	    (rc = event_insert(db, ev_id, prev, c->id, now, actor, "import",
	    NULL, buf_str(&note), NULL, c, &file, err)) != 0)
		return rc;
	/* In a bulk load the search trigger is set aside (sq_bulk_begin()). */
	if (db->bulk && c->id == db->set_aside.fts_after + 1)
		return bulk_index(db, c, from->note, err);
	return 0;
}

int
sq_chain_prev(struct db *db, int64_t event_id, int64_t *from,
    uint8_t prev[SHA256_LEN], struct error *err)
{
	static const char sql[] =
	    "SELECT id, hash FROM event WHERE id < ? AND hash IS NOT NULL"
	    " ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc, owned;

	*from = 0;
	memcpy(prev, chain_genesis, SHA256_LEN);
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, event_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*from = sqlite3_column_int64(st, 0);
		rc = db_column_hash_bytes(st, 1, prev) == 0 ? 0 :
		    error_set(err, EX_DATAERR, "history "
		    "event %" PRId64 " has a damaged hash; run 'complaint "
		    "verify'", (int64_t)sqlite3_column_int64(st, 0));
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = db_fail(db, rc, "reading history", err);
	}
	db_release_stmt(st, owned);
	return rc;
}

/* "SELECT id, ... FROM complaint WHERE id = ?", built once. */
static const char *
load_sql(void)
{
	static char sql[2200];

	if (sql[0] == '\0')
		snprintf(sql, sizeof(sql),
		    "SELECT id, %s FROM complaint WHERE id = ?",
		    complaint_column_list(0));
	return sql;
}

int
sq_complaint_load(struct db *db, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, owned = 0;

	complaint_init(c);
	if ((rc = db_prepare_cached(db, load_sql(), &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_to_complaint(st, c);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		char ref[REF_MAX];

		ref_format(prefix, id, ref, sizeof(ref));
		rc = error_set(err, EX_NOINPUT, "no complaint '%s'", ref);
	} else {
		rc = db_fail(db, rc, "reading a complaint", err);
	}
	db_release_stmt(st, owned);
	return rc;
}

int
sq_complaint_update(struct db *db, const struct complaint *before,
    struct complaint *after, const char *actor, int64_t now,
    const char *action, const char *note, struct error *err)
{
	return sq_complaint_save(db, before, before, after, actor, now, action,
	    note, NULL, err);
}

int
sq_complaint_save(struct db *db, const struct complaint *before,
    const struct complaint *shown_before, struct complaint *after,
    const char *actor, int64_t now, const char *action, const char *note,
    const char *detail, struct error *err)
{
	struct buf sql = BUF_INIT, changes = BUF_INIT;
	uint8_t prev[SHA256_LEN];
	sqlite3_stmt *st = NULL;
	int64_t ev_id;
	size_t i;
	int rc, n = 0, owned = 0;

	after->updated_at = now;
	if ((rc = chain_next(db, &ev_id, prev, err)) != 0)
		return rc;
	buf_puts(&sql, "UPDATE complaint SET updated_at = ?, last_event = ?");
	buf_putc(&changes, '{');
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if ((f->flags & FF_NOHISTORY) || field_equal(before, after, f))
			continue;
		/* A name's matching key follows the name. */
		if (f->offset == offsetof(struct complaint, customer))
			buf_puts(&sql, ", customer_key = ?");
		else if (f->offset == offsetof(struct complaint, owner))
			buf_puts(&sql, ", owner_key = ?");
		buf_printf(&sql, ", %s = ?", f->name);
		buf_printf(&changes, "%s\"%s\":[", n ? "," : "", f->name);
		json_field_value(&changes, shown_before, f);
		buf_putc(&changes, ',');
		json_field_value(&changes, after, f);
		buf_putc(&changes, ']');
		n++;
	}
	buf_puts(&sql, " WHERE id = ?");
	buf_putc(&changes, '}');

	if ((rc = db_prepare_cached_text(db, buf_str(&sql), &st, &owned,
	    err)) != 0)
		goto done;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, ev_id);
	n = 3;
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if ((f->flags & FF_NOHISTORY) || field_equal(before, after, f))
			continue;
		if (f->offset == offsetof(struct complaint, customer) ||
		    f->offset == offsetof(struct complaint, owner))
			sqlite3_bind_text(st, n++, name_key_stored(
			    *field_text_const(after, f)), -1, free);
		bind_field(st, n++, after, f);
	}
	sqlite3_bind_int64(st, n, before->id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "updating the complaint", err);
		goto done;
	}
	rc = event_insert(db, ev_id, prev, before->id, now, actor, action,
	    buf_str(&changes), note, detail, NULL, NULL, err);
done:
	db_release_stmt(st, owned);
	buf_release(&sql);
	buf_release(&changes);
	return rc;
}

int
sq_complaint_rebuild(struct db *db, const char *prefix, int64_t id,
    struct complaint *c, struct error *err)
{
	static const char sql[] =
	    "SELECT e.at, j.key, json_extract(j.value, '$[1]')"
	    " FROM event e LEFT JOIN json_each(e.changes) j"
	    " WHERE e.complaint_id = ? ORDER BY e.id, j.id";
	sqlite3_stmt *st;
	int rc, owned, seen = 0;

	complaint_init(c);
	c->id = id;
	/* Cached: verify rebuilds every complaint, and parsing the query
	 * anew was a third of its time. */
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const struct field *f = name ? complaint_field(name) : NULL;

		seen = 1;
		c->updated_at = sqlite3_column_int64(st, 0);
		if (f != NULL)
			set_field_from_column(c, f, st, 2);
	}
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading history", err);
	if (!seen) {
		char ref[REF_MAX];

		ref_format(prefix, id, ref, sizeof(ref));
		return error_set(err, EX_NOINPUT, "no history for '%s'", ref);
	}
	return 0;
}

/* The note as stored, and its file's reference after form, put back
 * together in C (note_whole()): a lookup and concatenation in SQL per
 * event cost verify a tenth of its time. */
#define EVENT_COLUMNS_E \
	"e.id, e.complaint_id, e.at, e.actor, e.action, e.changes, e.note," \
	" e.hash, e.digest, e.redacted, e.account, e.detail, e.form," \
	" e.import_file"

/* Call FN for each row of ST (EVENT_COLUMNS_E, then with CREATED the id
 * and fields of EVENT_CREATED_JOIN); finalizes ST unless OWNED is 0. */
static int
events_from(struct db *db, sqlite3_stmt *st, int owned, int created,
    event_fn fn, void *arg, struct error *err)
{
	struct complaint c;
	struct buf note = BUF_INIT;
	int rc, stop = 0;

	complaint_init(&c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct event ev;

		if ((stop = note_whole(db, sqlite3_column_value(st, 13),
		    (const char *)sqlite3_column_text(st, 6), &note, &ev.note,
		    err)) != 0)
			break;
		ev.id = sqlite3_column_int64(st, 0);
		ev.complaint_id = sqlite3_column_int64(st, 1);
		ev.at = sqlite3_column_int64(st, 2);
		ev.actor = (const char *)sqlite3_column_text(st, 3);
		ev.action = (const char *)sqlite3_column_text(st, 4);
		ev.changes = (const char *)sqlite3_column_text(st, 5);
		ev.hash_state = db_column_hash_state(st, 7, ev.hash);
		ev.digest = (const char *)sqlite3_column_text(st, 8);
		ev.redacted = sqlite3_column_int(st, 9);
		ev.account = (const char *)sqlite3_column_text(st, 10);
		ev.detail = (const char *)sqlite3_column_text(st, 11);
		ev.form = sqlite3_column_int(st, 12);
		ev.created = NULL;
		if (created && sqlite3_column_type(st, 14) != SQLITE_NULL) {
			complaint_release(&c);
			sq_row_to_complaint_of(st, 14, &c, 0);
			ev.created = &c;
		}
		if ((stop = fn(&ev, arg)) != 0)
			break;
	}
	complaint_release(&c);
	buf_release(&note);
	db_release_stmt(st, owned);
	if (stop != 0)
		return stop;
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading history", err);
	return 0;
}

int
sq_changes_each(struct db *db, const char *changes, change_fn fn,
    void *arg, struct error *err)
{
	static const char sql[] =
	    "SELECT key, json_extract(value, '$[0]'), json_extract(value, '$[1]')"
	    " FROM json_each(?) ORDER BY id";
	sqlite3_stmt *st;
	int rc, owned;

	if (changes == NULL)
		return 0;
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	db_bind_text(st, 1, changes);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = fn((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), arg);
		if (rc != 0) {
			db_release_stmt(st, owned);
			return rc;
		}
	}
	db_release_stmt(st, owned);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading a history event", err);
	return 0;
}

int
sq_event_each(struct db *db, int64_t id, event_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] = "SELECT " EVENT_COLUMNS_E
	    " FROM event e WHERE e.complaint_id = ? ORDER BY e.id";
	sqlite3_stmt *st;
	int rc, owned;

	/* Cached: an import's creations are read one complaint at a time
	 * (store_complaint_created()). */
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return events_from(db, st, owned, 0, fn, arg, err);
}

int
sq_event_walk(struct db *db, int64_t after, event_fn fn, void *arg,
    struct error *err)
{
	static char sql[3000];
	sqlite3_stmt *st;
	int rc;

	if (sql[0] == '\0')
		snprintf(sql, sizeof(sql), "SELECT %s, c.id, %s FROM event e"
		    EVENT_CREATED_JOIN " WHERE e.id > ? ORDER BY e.id",
		    EVENT_COLUMNS_E, complaint_column_list(1));
	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, after);
	return events_from(db, st, 1, 1, fn, arg, err);
}

struct chain_fill {
	struct db *db;
	sqlite3_stmt *update;
	uint8_t prev[SHA256_LEN];
	int prev_unknown; /* after an import's creation that stores none */
	struct error *err;
};

static int
chain_fill_one(const struct event *ev, void *arg)
{
	struct chain_fill *cf = arg;
	uint8_t digest[SHA256_LEN], hash[SHA256_LEN];
	char digest_hex[SHA256_HEXLEN];
	int rc;

	if (ev->hash_state == EVENT_HASH_OK) {
		memcpy(cf->prev, ev->hash, SHA256_LEN);
		cf->prev_unknown = 0;
		return 0;
	}
	if (ev->hash_state == EVENT_HASH_BAD)
		return error_set(cf->err, EX_DATAERR, "history event %"
		    PRId64 " has a damaged hash", ev->id);
	/* Chained, its hash left to the next stored (chain.h); the events
	 * from before the chain all come before any such. */
	if (ev->form == EVENT_CREATED) {
		cf->prev_unknown = 1;
		return 0;
	}
	if (cf->prev_unknown)
		return error_set(cf->err, EX_DATAERR, "history event %"
		    PRId64 " has no hash yet follows chained events; run "
		    "'complaint verify'", ev->id);
	chain_event_digest(ev, digest);
	chain_link(cf->prev, ev->id, digest, hash);
	memcpy(cf->prev, hash, SHA256_LEN);
	sha256_hex(digest, digest_hex);
	sqlite3_reset(cf->update);
	db_bind_text(cf->update, 1, digest_hex);
	sqlite3_bind_blob(cf->update, 2, hash, SHA256_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(cf->update, 3, ev->id);
	rc = sqlite3_step(cf->update);
	if (rc != SQLITE_DONE)
		return db_fail(cf->db, rc, "chaining history", cf->err);
	return 0;
}

int
sq_event_chain_fill(struct db *db, struct error *err)
{
	static const char sql[] =
	    "UPDATE event SET digest = ?, hash = ? WHERE id = ?";
	struct chain_fill cf;
	int rc;

	cf.db = db;
	cf.err = err;
	cf.prev_unknown = 0;
	memcpy(cf.prev, chain_genesis, SHA256_LEN);
	if ((rc = db_prepare(db, sql, &cf.update, err)) != 0)
		return rc;
	rc = sq_event_walk(db, 0, chain_fill_one, &cf, err);
	sqlite3_finalize(cf.update);
	return rc;
}

int
sq_history_tail_check(struct db *db, int64_t *id, struct error *err)
{
	static const char sql[] =
	    "SELECT c.id FROM complaint c LEFT JOIN event e ON e.id ="
	    " (SELECT max(x.id) FROM event x WHERE x.complaint_id = c.id)"
	    " WHERE c.updated_at IS NOT e.at OR c.last_event IS NOT e.id"
	    " ORDER BY c.id LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*id = NUM_NONE;
	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading history", err);
	return 0;
}

int
sq_complaint_each(struct db *db, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err)
{
	struct complaint c;
	sqlite3_stmt *st = NULL;
	int rc;

	complaint_init(&c);
	if ((rc = sq_complaint_select(db, f, "SELECT id, ", " FROM complaint",
	    NULL, 0, &st, err)) != 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sq_row_to_complaint_of(st, 0, &c, f->fields);
		if ((rc = fn(&c, arg)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, "listing complaints", err);
	else
		rc = 0;
done:
	complaint_release(&c);
	sqlite3_finalize(st);
	return rc;
}

const char complaint_open_for_sql[] =
    "SELECT id, owner FROM complaint"
    /* The unary + keeps SQLite off the status index, which would
     * walk every open complaint; the customer indexes find the few
     * rows of one customer. */
    " WHERE +status NOT IN ('resolved', 'closed')"
    " AND (customer_id = ?1 OR contact = ?2 OR " SCHEMA_CUSTOMER_KEY " = ?3)"
    " ORDER BY received_at DESC, id DESC LIMIT ?4";

int
sq_find_open_for(struct db *db, const char *customer_id,
    const char *contact, const char *customer, struct complaint_brief *out,
    size_t max, size_t *n, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = db_prepare(db, complaint_open_for_sql, &st, err)) != 0)
		return rc;
	db_bind_text(st, 1, customer_id);
	db_bind_text(st, 2, contact);
	sqlite3_bind_text(st, 3, name_key(customer), -1, free);
	sqlite3_bind_int64(st, 4, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		out[*n].id = sqlite3_column_int64(st, 0);
		out[*n].owner = db_column_strdup(st, 1);
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, rc, "looking for open complaints", err);
	return 0;
}

/*
 * FN for the id in the first column of each row of ST, which is then
 * finalized: a non-zero return of FN stops there and is returned. WHAT
 * names the listing in an error.
 */
static int
id_rows_each(struct db *db, sqlite3_stmt *st, complaint_id_fn fn, void *arg,
    const char *what, struct error *err)
{
	int rc, frc = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((frc = fn(sqlite3_column_int64(st, 0), arg)) != 0)
			break;
	sqlite3_finalize(st);
	if (frc != 0)
		return frc;
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, what, err);
	return 0;
}

int
sq_merged_each(struct db *db, int64_t target, complaint_id_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT id FROM complaint WHERE merged_into = ? ORDER BY id";
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, target);
	return id_rows_each(db, st, fn, arg, "listing merged complaints", err);
}

int
sq_open_id_each(struct db *db, complaint_id_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT id FROM complaint"
	    " WHERE " SCHEMA_OPEN " ORDER BY id";
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	return id_rows_each(db, st, fn, arg, "listing open complaints", err);
}

int
sq_id_each_in(struct db *db, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err)
{
	static const char *const sql[] = {
		[CSET_OPEN] = "SELECT id FROM complaint WHERE " SCHEMA_OPEN
		    " ORDER BY id LIMIT ?",
		[CSET_DONE] = "SELECT id FROM complaint WHERE NOT ("
		    SCHEMA_OPEN ") ORDER BY id DESC LIMIT ?",
		[CSET_ALL] = "SELECT id FROM complaint ORDER BY id DESC LIMIT ?",
	};
	sqlite3_stmt *st;
	int rc;

	if ((unsigned)set > CSET_ALL)
		return error_set(err, EX_SOFTWARE, "no such set of complaints");
	if ((rc = db_prepare(db, sql[set], &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
	return id_rows_each(db, st, fn, arg, "listing complaints", err);
}

int
sq_name_each(struct db *db, complaint_name_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] =
	    "SELECT owner FROM complaint WHERE owner <> ''"
	    " UNION SELECT actor FROM event WHERE actor <> ''"
	    " ORDER BY 1";
	sqlite3_stmt *st;
	int rc, frc = 0;

	if ((rc = db_prepare(db, sql, &st, err)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((frc = fn((const char *)sqlite3_column_text(st, 0),
		    arg)) != 0)
			break;
	sqlite3_finalize(st);
	if (frc != 0)
		return frc;
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "listing names", err);
	return 0;
}

int
sq_find_source(struct db *db, const char *source,
    const char *source_id, int64_t *id, struct error *err)
{
	static const char sql[] =
	    "SELECT id FROM complaint WHERE source = ? AND source_id = ?";
	sqlite3_stmt *st;
	int rc, owned;

	*id = NUM_NONE;
	if ((rc = db_prepare_cached(db, sql, &st, &owned, err)) != 0)
		return rc;
	db_bind_text(st, 1, source);
	db_bind_text(st, 2, source_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_release_stmt(st, owned);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "looking for an imported complaint",
		    err);
	return 0;
}

/* The walk of sq_walk(): the event cursor runs alongside the
 * complaints, both in id order. */
struct sq_walk {
	struct complaint_walk base; /* first: what FN is handed */
	struct db *db;
	struct error *err;
	complaint_walk_fn fn;
	void *arg;
	int active;                /* within sq_walk() */
	int rc;                    /* FN's, when it stopped the walk */
	sqlite3_stmt *ev;
	int ev_rc;                 /* SQLITE_ROW while a row is pending */
	int ev_taken;              /* ... and that row was handed out */
	struct complaint_row row;
	struct event event;
	struct complaint created;  /* event's, from row */
	struct buf note;           /* event's, whole (note_whole()) */
};

/* SQLite's destructor of the walk's function. */
static void
walk_free(void *p)
{
	struct sq_walk *w = p;

	buf_release(&w->note);
	free(w);
}

/* Read ARGV (id, then the field list) into w->row as row_to_complaint()
 * reads a row into a struct complaint, but pointing at the text. */
static void
walk_row(struct sq_walk *w, sqlite3_value **argv)
{
	struct complaint_row *r = &w->row;
	size_t i;

	r->id = sqlite3_value_int64(argv[0]);
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];
		sqlite3_value *v = argv[i + 1];

		if (f->type == FT_TEXT) {
			/* NULL for SQL NULL. */
			const char *s = (const char *)sqlite3_value_text(v);

			r->v[i].text = s;
			r->v[i].len = s ? (size_t)sqlite3_value_bytes(v) : 0;
		} else {
			r->v[i].num = field_value_num(f, v);
		}
	}
}

/*
 * The SQL function complaint_walk_row(id, fields...) that the walk's
 * query calls once a row: its arguments are the row's values as they
 * are, where sqlite3_column_value() would cost a call, a mutex and an
 * error check for each of 44 columns (a tenth of all that export does).
 * The values live as long as the call, so FN runs from here.
 */
static void
walk_row_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sq_walk *w = sqlite3_user_data(ctx);
	int rc;

	if (!w->active || argc != (int)complaint_nfields + 1) {
		sqlite3_result_error(ctx, "complaint_walk_row: not in a walk",
		    -1);
		return;
	}
	walk_row(w, argv);
	if ((rc = w->fn(&w->row, &w->base, w->arg)) != 0) {
		w->rc = rc;
		sqlite3_result_error(ctx, "complaint walk stopped", -1);
	}
}

int
sq_walk(struct db *db, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err)
{
	/* The last column: an import's creation that is its complaint's
	 * only event, whose values are the row's (EVENT_CREATED_JOIN). */
	static const char sql[] =
	    "SELECT e.id, e.complaint_id, e.at, e.actor, e.action, e.changes,"
	    " e.note, e.account, e.form, c.id IS NOT NULL, e.import_file"
	    " FROM event e"
	    EVENT_CREATED_JOIN " ORDER BY e.complaint_id, e.id";
	struct complaint_filter byid = *f;
	struct sq_walk *w;
	sqlite3_stmt *st = NULL;
	int rc;

	/* Freed by SQLite with the function, which is dropped below. */
	w = xcalloc(1, sizeof(*w));
	w->base.s = &db->base;
	w->db = db;
	w->err = err;
	w->fn = fn;
	w->arg = arg;
	w->row.id = NUM_NONE;
	complaint_init(&w->created);
	rc = sqlite3_create_function_v2(db->h, "complaint_walk_row",
	    (int)complaint_nfields + 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, w,
	    walk_row_sql, NULL, NULL, walk_free);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "listing complaints", err);
	/* Rows in id order as the table holds them: with an index and a
	 * sort, SQLite would call the function while filling the sorter. */
	byid.by_id = 1;
	byid.reverse = 0;
	byid.any_order = 0;
	byid.fields = 0; /* the walk hands on every field */
	if ((rc = sq_complaint_select(db, &byid,
	    "SELECT complaint_walk_row(id, ", ") FROM complaint NOT INDEXED",
	    NULL, 0, &st, err)) != 0 ||
	    (rc = db_prepare(db, sql, &w->ev, err)) != 0)
		goto done;
	w->active = 1;
	w->ev_rc = sqlite3_step(w->ev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		continue;
	w->active = 0;
	if (w->rc != 0)
		rc = w->rc;
	else if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, "listing complaints", err);
	else
		rc = 0;
done:
	sqlite3_finalize(st);
	sqlite3_finalize(w->ev);
	w->ev = NULL;
	w->active = 0;
	complaint_release(&w->created);
	complaint_init(&w->created);
	/* Drop the function; should SQLite refuse now, W stays valid (and
	 * inactive) until it does. */
	sqlite3_create_function_v2(db->h, "complaint_walk_row",
	    (int)complaint_nfields + 1, SQLITE_UTF8, NULL, NULL, NULL, NULL,
	    NULL);
	return rc;
}

int
sq_walk_event(struct complaint_walk *base, const struct event **ev,
    struct error *err)
{
	struct sq_walk *w = (struct sq_walk *)base;
	sqlite3_stmt *st = w->ev;

	*ev = NULL;
	for (;;) {
		int64_t cid;
		int rc;

		if (w->ev_rc == SQLITE_ROW && w->ev_taken) {
			w->ev_rc = sqlite3_step(st);
			w->ev_taken = 0;
		}
		if (w->ev_rc != SQLITE_ROW)
			break;
		/* Events of complaints filtered out, or of none, pass by. */
		cid = sqlite3_value_int64(sqlite3_column_value(st, 1));
		if (cid > w->row.id)
			return 0;
		if (cid == w->row.id) {
			struct event *e = &w->event;

			memset(e, 0, sizeof(*e));
			e->id = sqlite3_value_int64(sqlite3_column_value(st, 0));
			e->complaint_id = cid;
			e->at = sqlite3_value_int64(sqlite3_column_value(st, 2));
			e->actor = (const char *)sqlite3_value_text(
			    sqlite3_column_value(st, 3));
			e->action = (const char *)sqlite3_value_text(
			    sqlite3_column_value(st, 4));
			e->changes = (const char *)sqlite3_value_text(
			    sqlite3_column_value(st, 5));
			if ((rc = note_whole(w->db, sqlite3_column_value(st,
			    10), (const char *)sqlite3_value_text(
			    sqlite3_column_value(st, 6)), &w->note, &e->note,
			    err)) != 0)
				return rc;
			e->account = (const char *)sqlite3_value_text(
			    sqlite3_column_value(st, 7));
			e->form = sqlite3_value_int(sqlite3_column_value(st,
			    8));
			if (sqlite3_value_int(sqlite3_column_value(st, 9))) {
				complaint_release(&w->created);
				store_complaint_of_row(&w->row, &w->created);
				e->created = &w->created;
			}
			w->ev_taken = 1;
			*ev = e;
			return 0;
		}
		w->ev_taken = 1;
	}
	if (w->ev_rc != SQLITE_DONE)
		return db_fail(w->db, w->ev_rc, "reading history", err);
	return 0;
}

/* Save the SQL of what SELECT lists (its sql, and the statement that
 * drops it) into B, then drop it (not while the schema is being read). */
static int
bulk_set_aside(struct db *db, struct complaint_bulk *b, const char *select,
    struct error *err)
{
	sqlite3_stmt *st;
	char **drop = NULL;
	size_t i, n = 0;
	int rc;

	if ((rc = db_prepare(db, select, &st, err)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		drop = xreallocarray(drop, n + 1, sizeof(*drop));
		drop[n++] = db_column_strdup(st, 1);
		b->sql = xreallocarray(b->sql, b->n + 1, sizeof(*b->sql));
		b->sql[b->n++] = db_column_strdup(st, 0);
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the schema", err);
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = db_exec(db, drop[i], err);
		free(drop[i]);
	}
	free(drop);
	return rc;
}

/* What the search triggers write (complaint_fts_insert and those of
 * the notes and attachments), for every complaint after the one ?1
 * names: those a bulk load did not index as it wrote them
 * (bulk_index()), in one pass at its end. */
static const char fts_fill[] = SCHEMA_FTS_INSERT " WHERE c.id > ?1";

int
sq_bulk_begin(struct db *db, struct complaint_bulk *b,
    struct error *err)
{
	/* The trigger that refuses unchained events (the writer holds the
	 * write lock and chains every event itself; it made each insert a
	 * multi-row statement with a statement journal), and the search
	 * index's, which bulk_index() and sq_bulk_end() replace. */
	static const char triggers[] =
	    "SELECT sql, 'DROP TRIGGER \"' || replace(name, '\"', '\"\"')"
	    " || '\"' FROM sqlite_master WHERE type = 'trigger'"
	    " AND (name = 'event_chained' OR name GLOB 'complaint_fts_*')";
	/* Into a new database, the complaints' indexes (written in random
	 * order) and the events' by complaint (in order, but half-full
	 * pages: 2 of an imported complaint's bytes) are built at the end,
	 * each by one sort. */
	static const char indexes[] =
	    "SELECT sql, 'DROP INDEX \"' || replace(name, '\"', '\"\"')"
	    " || '\"' FROM sqlite_master WHERE type = 'index'"
	    " AND (tbl_name = 'complaint' OR name = 'event_complaint')"
	    " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'";
	sqlite3_stmt *st;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((rc = db_prepare(db, "SELECT coalesce(max(id), 0) FROM complaint",
	    &st, err)) != 0)
		return rc;
	rc = sqlite3_step(st);
	b->fts_after = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, "counting complaints", err);
	if ((rc = bulk_set_aside(db, b, triggers, err)) != 0)
		return rc;
	if (b->fts_after != 0)
		return 0;
	return bulk_set_aside(db, b, indexes, err);
}

/*
 * The helper threads SQLite's sorter may take while the indexes set
 * aside are built again (each a sort of a million keys): one for each
 * processor beside this one, at most BULK_SORT_THREADS_MAX, where the
 * connection may run them (DB_OPEN_THREADS). Each sorts runs of the
 * cache's size (DB_BULK_CACHE_MIB) while the next is read: an import
 * of 1M on 2 processors, 31.1 -> 29.1 s, 22 -> 30 MB.
 */
#define BULK_SORT_THREADS_MAX 4

int
sq_bulk_sort_threads(const struct db *db)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN) - 1;

	if (!db->threads || n < 0)
		return 0;
	return n > BULK_SORT_THREADS_MAX ? BULK_SORT_THREADS_MAX : (int)n;
}

int
sq_bulk_end(struct db *db, struct complaint_bulk *b,
    struct error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	sqlite3_limit(db->h, SQLITE_LIMIT_WORKER_THREADS,
	    sq_bulk_sort_threads(db));
	for (i = 0, rc = 0; i < b->n && rc == 0; i++)
		rc = db_exec(db, b->sql[i], err);
	sqlite3_limit(db->h, SQLITE_LIMIT_WORKER_THREADS, 0);
	if (rc != 0)
		return rc;
	if ((rc = db_prepare(db, fts_fill, &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, b->fts_after);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "indexing for search", err);
	return 0;
}

void
sq_bulk_release(struct complaint_bulk *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->sql[i]);
	free(b->sql);
	memset(b, 0, sizeof(*b));
}

/*
 * With a small --limit, search ranks the index alone (bm25 over the
 * matching rowids, no complaint read) and then reads complaints in that
 * order, each with its snippet, until LIMIT pass the filters: a common
 * two-word query matches tens of thousands of complaints of which a
 * screenful is wanted, and joining every match to its row before
 * sorting reads the whole set from disk. Without a limit (or a large
 * one) every match is read anyway, and one joined query does it best.
 */
#define SEARCH_RANK_FIRST_MAX 1000

/*
 * The ranked matches tried before a filter that passes few of them (an
 * owner, a status, a week) hands the search to the joined query, which
 * reads by the filter's index: walking every match of a word in every
 * complaint to find none that passes took 1.2 s on an imported 1M, the
 * joined query 0.09 s.
 */
#define SEARCH_RANK_FIRST_TRIES(limit) (10 * (limit) + 1000)

/* The LIMIT best matches that pass F's filters, first found by rank and
 * then each read again and handed to FN; *OVER set, and nothing handed,
 * when they were not found within the tries. */
static int
search_rank_first(struct db *db, const char *match,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct complaint *c, int *over, struct error *err)
{
	sqlite3_stmt *rank = NULL, *row = NULL;
	int64_t *ids, n = 0, i, tries = 0;
	int rc, snippet;

	*over = 0;
	ids = xreallocarray(NULL, (size_t)f->limit, sizeof(*ids));
	if ((rc = db_prepare(db, "SELECT rowid FROM complaint_fts"
	    " WHERE complaint_fts MATCH ?"
	    " ORDER BY bm25(complaint_fts), rowid", &rank, err)) != 0 ||
	    (rc = sq_complaint_select(db, f, "SELECT complaint.id AS id, ",
	    NULL, match, 1, &row, err)) != 0)
		goto done;
	sqlite3_bind_text(rank, 1, match, -1, SQLITE_STATIC);
	while (n < f->limit && (rc = sqlite3_step(rank)) == SQLITE_ROW) {
		if (tries++ == SEARCH_RANK_FIRST_TRIES(f->limit)) {
			*over = 1;
			rc = 0;
			goto done;
		}
		sqlite3_bind_int64(row, 2, sqlite3_column_int64(rank, 0));
		if ((rc = sqlite3_step(row)) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(rank, 0);
		else if (rc != SQLITE_DONE)
			break;
		sqlite3_reset(row);
		rc = SQLITE_DONE;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		rc = db_fail(db, rc, "searching complaints", err);
		goto done;
	}
	/* The snippet follows the fields the listing selected. */
	snippet = sqlite3_column_count(row) - 1;
	for (i = 0, rc = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(row, 2, ids[i]);
		if ((rc = sqlite3_step(row)) == SQLITE_ROW) {
			sq_row_to_complaint_of(row, 0, c, f->fields);
			rc = fn(c, (const char *)sqlite3_column_text(row,
			    snippet), arg);
		} else {
			rc = rc == SQLITE_DONE ? 0 :
			    db_fail(db, rc, "searching complaints", err);
		}
		sqlite3_reset(row);
	}
done:
	free(ids);
	sqlite3_finalize(rank);
	sqlite3_finalize(row);
	return rc;
}

int
sq_search(struct db *db, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err)
{
	struct complaint c;
	struct buf match = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, snippet;

	complaint_init(&c);
	sq_fts5_query(q, &match);
	if (f->limit > 0 && f->limit <= SEARCH_RANK_FIRST_MAX) {
		int over;

		rc = search_rank_first(db, buf_str(&match), f, fn, arg, &c,
		    &over, err);
		if (rc != 0 || !over)
			goto done;
	}
	if ((rc = sq_complaint_select(db, f, "SELECT complaint.id AS id, ",
	    NULL, buf_str(&match), 0, &st, err)) != 0)
		goto done;
	snippet = sqlite3_column_count(st) - 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sq_row_to_complaint_of(st, 0, &c, f->fields);
		if ((rc = fn(&c, (const char *)sqlite3_column_text(st,
		    snippet), arg)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, "searching complaints", err);
	else
		rc = 0;
done:
	complaint_release(&c);
	sqlite3_finalize(st);
	buf_release(&match);
	return rc;
}
