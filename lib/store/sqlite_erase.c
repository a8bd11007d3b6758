/*
 * Erasure in the SQLite store (complaint erase): a complaint's personal
 * fields and its notes redacted in the complaint and in every event of
 * its history, with an erase event that keeps what the redacted events
 * still prove. The complaint is saved by sqlite_complaint.c
 * (sq_complaint_save()).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "complaint.h"
#include "sha256.h"
#include "store/sqlite.h"
#include "xmalloc.h"

/*
 * Replace the personal fields' values in the changes of every event of
 * complaint ID with ERASED (NULL stays NULL: whether a value was set is
 * not personal), and every note. Built once from the field table.
 */
static const char *
redact_sql(void)
{
	static char sql[4096];
	struct buf b = BUF_INIT;
	size_t i;
	int n = 0;

	if (sql[0] != '\0')
		return sql;
	/* An EVENT_CREATED event (?3) gets the changes it showed (?4),
	 * redacted as the others', and the digest it was chained with (?5). */
	buf_puts(&b, "UPDATE event SET redacted = 1,"
	    " note = CASE WHEN note IS NULL THEN NULL ELSE ?1 END,"
	    " digest = CASE WHEN id IS ?3 THEN ?5 ELSE digest END,"
	    " changes = CASE WHEN coalesce(changes, CASE WHEN id IS ?3"
	    " THEN ?4 END) IS NULL THEN NULL ELSE"
	    " (SELECT json_group_object(j.key, CASE WHEN j.key IN (");
	for (i = 0; i < complaint_nfields; i++) {
		if (complaint_fields[i].flags & FF_PERSONAL)
			buf_printf(&b, "%s'%s'", n++ ? ", " : "",
			    complaint_fields[i].name);
	}
	buf_puts(&b, ") THEN json_array("
	    "CASE WHEN json_extract(j.value, '$[0]') IS NULL THEN NULL"
	    " ELSE ?1 END,"
	    " CASE WHEN json_extract(j.value, '$[1]') IS NULL THEN NULL"
	    " ELSE ?1 END) ELSE json(j.value) END)"
	    " FROM json_each(coalesce(changes, ?4)) j) END"
	    " WHERE complaint_id = ?2 AND redacted = 0");
	snprintf(sql, sizeof(sql), "%s", buf_str(&b));
	buf_release(&b);
	return sql;
}

/* The events an erasure redacts: checked whole before, and each one's
 * facts digested after (the erase event's detail). */
struct erase_walk {
	const char *prefix;
	struct error *err;
	int64_t *ids;
	size_t n, cap, next;
	struct buf *detail;
};

static int
erase_check_one(const struct event *ev, void *arg)
{
	struct erase_walk *ew = arg;
	uint8_t want[SHA256_LEN], got[SHA256_LEN];

	if (ev->redacted)
		return 0;
	/* The one whose values are given back is checked by the store
	 * (store_created_for_erase()). */
	if (ev->form == EVENT_CREATED && ev->changes == NULL)
		goto keep;
	chain_event_digest(ev, want);
	if (ev->digest == NULL || sha256_unhex(ev->digest, got) != 0 ||
	    memcmp(want, got, SHA256_LEN) != 0) {
		char ref[REF_MAX];

		ref_format(ew->prefix, ev->complaint_id, ref, sizeof(ref));
		return error_set(ew->err, EX_DATAERR, "event %" PRId64 " (%s) "
		    "does not match its hash; nothing was erased: run "
		    "'complaint verify'", ev->id, ref);
	}
keep:
	if (ew->n == ew->cap) {
		ew->cap = ew->cap ? 2 * ew->cap : 16;
		ew->ids = xreallocarray(ew->ids, ew->cap, sizeof(*ew->ids));
	}
	ew->ids[ew->n++] = ev->id;
	return 0;
}

static int
erase_facts_one(const struct event *ev, void *arg)
{
	struct erase_walk *ew = arg;
	uint8_t facts[SHA256_LEN];
	char hex[SHA256_HEXLEN];

	/* Both walks go in id order. */
	if (ew->next >= ew->n || ev->id != ew->ids[ew->next])
		return 0;
	ew->next++;
	chain_event_facts(ev, facts);
	sha256_hex(facts, hex);
	buf_printf(ew->detail, "%serased %" PRId64 " %s",
	    ew->detail->len ? "\n" : "", ev->id, hex);
	return 0;
}

int
sq_complaint_erase(struct db *db, const char *prefix, int64_t id,
    const char *actor, int64_t now, const char *reason,
    const struct erase_created *created, int *nfields, struct error *err)
{
	struct complaint before, after, shown;
	struct erase_walk ew;
	struct buf detail = BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc, nideas;

	*nfields = 0;
	memset(&ew, 0, sizeof(ew));
	ew.prefix = prefix;
	ew.err = err;
	ew.detail = &detail;
	if ((rc = sq_complaint_load(db, prefix, id, &before, err)) != 0) {
		complaint_release(&before);
		return rc;
	}
	complaint_copy(&after, &before);
	complaint_copy(&shown, &before);
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];
		char **v;

		if (!(f->flags & FF_PERSONAL) || !field_is_text(f))
			continue;
		v = field_text(&after, f);
		if (*v == NULL || strcmp(*v, ERASED) == 0)
			continue;
		free(*v);
		*v = xstrdup(ERASED);
		free(*field_text(&shown, f));
		*field_text(&shown, f) = xstrdup(ERASED);
		(*nfields)++;
	}
	if (*nfields == 0) {
		char ref[REF_MAX];

		ref_format(prefix, id, ref, sizeof(ref));
		rc = error_set(err, EX_DATAERR, "%s is already erased; "
		    "nothing personal is left", ref);
		goto done;
	}
	/* Only what is whole now may be certified after. */
	if ((rc = sq_event_each(db, id, erase_check_one, &ew, err)) != 0)
		goto done;
	/* The attachments' bytes and names go with the rest. */
	if ((rc = sq_attachment_erase(db, id, err)) != 0 ||
	    (rc = sq_message_id_erase(db, id, err)) != 0)
		goto done;
	/* First the history so far, then the erase event, which the
	 * redacted events need after them to verify. */
	if ((rc = db_prepare(db, redact_sql(), &st, err)) != 0)
		goto done;
	db_bind_text(st, 1, ERASED);
	sqlite3_bind_int64(st, 2, id);
	if (created != NULL) {
		sqlite3_bind_int64(st, 3, created->event_id);
		db_bind_text(st, 4, created->changes);
		db_bind_text(st, 5, created->digest);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "erasing history", err);
		goto done;
	}
	if ((rc = sq_idea_erase(db, id, ERASED, &nideas, err)) != 0)
		goto done;
	/* What the redacted events still prove, in the erase event. */
	if ((rc = sq_event_each(db, id, erase_facts_one, &ew, err)) != 0)
		goto done;
	if ((rc = sq_complaint_save(db, &before, &shown, &after, actor, now,
	    "erase", reason, detail.len ? buf_str(&detail) : NULL, err)) != 0)
		goto done;
	/* The search triggers took the erased text out of the index, but FTS5
	 * (before 3.44's secure-delete) keeps a deleted row's words in its
	 * index segments until they merge: merge them all now, so that no
	 * erased word is left in the file (secure_delete zeroes the pages
	 * freed). It costs a rewrite of the index; erasure is rare. */
	rc = db_exec(db, "INSERT INTO complaint_fts(complaint_fts)"
	    " VALUES ('optimize')", err);
done:
	sqlite3_finalize(st);
	free(ew.ids);
	buf_release(&detail);
	complaint_release(&before);
	complaint_release(&after);
	complaint_release(&shown);
	return rc;
}
