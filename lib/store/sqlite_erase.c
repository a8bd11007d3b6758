/*
 * Erasure in the SQLite store (complaint erase): what erase.c leaves to
 * the engine, the redaction of a complaint's history, attachments, mail
 * ids and ideas in its tables, and the purge of the search index after.
 */
#include <stdio.h>

#include "complaint.h"
#include "store/sqlite.h"

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
	/* An import's note goes whole, the file it named with it. */
	buf_puts(&b, "UPDATE event SET redacted = 1,"
	    " note = CASE WHEN note IS NULL THEN NULL ELSE ?1 END,"
	    " import_file = NULL,"
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

/* The import_file row complaint ID's creation names (schema 17) into
 * *FILE, NUM_NONE when it came by no import. */
static int
import_file_of(struct db *db, int64_t id, int64_t *file, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	*file = NUM_NONE;
	if ((rc = db_prepare(db, "SELECT import_file FROM event"
	    " WHERE complaint_id = ? AND import_file IS NOT NULL LIMIT 1",
	    &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*file = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "erasing history",
	    err);
}

/* FILE's row, once no event names it: the name went with the note
 * of the last complaint that file brought. (Finding another is a scan
 * of the history, as nothing indexes the reference; it ends at the
 * first event found, and erasures are rare.) */
static int
import_file_drop(struct db *db, int64_t file, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (file == NUM_NONE)
		return 0;
	if ((rc = db_prepare(db, "DELETE FROM import_file WHERE id = ?1"
	    " AND NOT EXISTS (SELECT 1 FROM event WHERE import_file = ?1)",
	    &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, file);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	/* The connection's cache may name the row no longer there. */
	db->import_file_id = NUM_NONE;
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "erasing history",
	    err);
}

int
sq_erase_personal(struct db *db, int64_t id,
    const struct erase_created *created, struct error *err)
{
	sqlite3_stmt *st;
	int64_t file;
	int rc, nideas;

	/* The attachments' bytes and names go with the rest. */
	if ((rc = sq_attachment_erase(db, id, err)) != 0 ||
	    (rc = sq_message_id_erase(db, id, err)) != 0 ||
	    (rc = import_file_of(db, id, &file, err)) != 0)
		return rc;
	if ((rc = db_prepare(db, redact_sql(), &st, err)) != 0)
		return rc;
	db_bind_text(st, 1, ERASED);
	sqlite3_bind_int64(st, 2, id);
	if (created != NULL) {
		sqlite3_bind_int64(st, 3, created->event_id);
		db_bind_text(st, 4, created->changes);
		db_bind_text(st, 5, created->digest);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "erasing history", err);
	db->erased = 1;
	if ((rc = import_file_drop(db, file, err)) != 0)
		return rc;
	return sq_idea_erase(db, id, ERASED, &nideas, err);
}

int
sq_erase_purge(struct db *db, struct error *err)
{
	/* The search triggers took the erased text out of the index, but FTS5
	 * (before 3.44's secure-delete) keeps a deleted row's words in its
	 * index segments until they merge: merge them all now, so that no
	 * erased word is left in the file (secure_delete zeroes the pages
	 * freed). It costs a rewrite of the index, once a transaction
	 * however many complaints it erased. */
	return db_exec(db, "INSERT INTO complaint_fts(complaint_fts)"
	    " VALUES ('optimize')", err);
}
