/*
 * The PostgreSQL driver's reads and side tables: the functions of
 * pg_scan.c, pg_review.c, pg_attach.c and pg_idem.c that the driver
 * table (pg.c) points at (erasure's pg_idea_erase and
 * pg_attachment_erase are pg_complaint.c's, in pg.h), and what
 * pg_scan.c shares with pg_attach.c
 * (search takes list's filters): the complaint columns, a row read into
 * a struct complaint, the conditions of a struct complaint_filter as SQL
 * with $n parameters. Private to lib/store/pg*.c (kept apart from pg.h,
 * the connection's header).
 */
#ifndef COMPLAINT_STORE_PG_SCAN_H
#define COMPLAINT_STORE_PG_SCAN_H

#include "store/pg.h"

/* "The complaint is open"; counted somewhere (neither voided nor merged
 * into another, SPEC 6): as sqlite_schema.h words them. */
#define PGS_OPEN "status NOT IN ('resolved', 'closed')"
#define PGS_COUNTED "voided_at IS NULL AND merged_into IS NULL"

/* "status, received_at, ..." in field order (complaint_fields), each
 * name prefixed by TABLE and a '.' when TABLE is not NULL. */
void pgs_columns(struct buf *sql, const char *table);
/* Only the fields of MASK (0: every one; see struct complaint_filter's
 * fields), as pg_complaint_from_row_of() reads them. */
void pgs_columns_of(struct buf *sql, const char *table, uint64_t mask);

/*
 * " AND ..." for each condition of F on the complaint table (TABLE. in
 * front of each column when TABLE is not NULL), its values added to P;
 * *KEYS gets what to free once the statement has run (pgs_keys_free).
 */
struct pgs_keys {
	char *owner;
	char *customer;
};
void pgs_filter_where(struct buf *sql, struct pg_params *p,
    const struct complaint_filter *f, const char *table,
    struct pgs_keys *keys);
void pgs_keys_free(struct pgs_keys *keys);

/* An attachment's columns, as pg_attach.c reads them. */
#define PGS_ATT_COLS \
	"id, complaint_id, name, type, sha256, size, added_at, added_by," \
	" (blob_id IS NULL)::int"

/*
 * Within a walk (export) of PG, the attachments of the complaint it
 * stands at come from a cursor that runs alongside, in complaint order,
 * as the events do, rather than a query per complaint: each row of
 * them (PGS_ATT_COLS) to FN. *SERVED is 0 when COMPLAINT_ID is not the
 * walk's current complaint (or was served already): ask the table.
 */
int pgs_walk_attachments(struct pg *pg, int64_t complaint_id, pg_row_fn fn,
    void *arg, int *served, struct error *err);

/* pg_scan.c */
int pg_complaint_each(struct pg *pg, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err);
int pg_walk(struct pg *pg, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err);
int pg_walk_event(struct complaint_walk *w, const struct event **ev,
    struct error *err);
int pg_open_id_each(struct pg *pg, complaint_id_fn fn, void *arg,
    struct error *err);
int pg_merged_each(struct pg *pg, int64_t target, complaint_id_fn fn,
    void *arg, struct error *err);
int pg_id_each_in(struct pg *pg, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err);
int pg_name_each(struct pg *pg, complaint_name_fn fn, void *arg,
    struct error *err);
int pg_open_each(struct pg *pg, int64_t below, open_row_fn fn, void *arg,
    struct error *err);
int pg_overdue_each(struct pg *pg, int64_t now, int first_only,
    overdue_fn fn, void *arg, int64_t *n, struct error *err);
int pg_owed_each(struct pg *pg, int64_t until, const char *owner,
    owed_fn fn, void *arg, struct error *err);
int pg_report_scan(struct pg *pg, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err);
int pg_category_counts(struct pg *pg, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err);

/* pg_review.c */
int pg_idea_add(struct pg *pg, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err);
int pg_idea_set_status(struct pg *pg, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err);
int pg_idea_each(struct pg *pg, int64_t since, idea_fn fn, void *arg,
    struct error *err);
int pg_pending_review_each(struct pg *pg, pending_fn fn, void *arg,
    struct error *err);
int pg_rule_fire(struct pg *pg, int64_t id, const char *rule, int64_t now,
    int *first, struct error *err);
int pg_rule_fired_each(struct pg *pg, rule_fired_fn fn, void *arg,
    struct error *err);

/* pg_attach.c */
int pg_attachment_add(struct pg *pg, int64_t complaint_id,
    const char *name, const char *type, int64_t size, attach_read_fn rd,
    void *rd_arg, const char *actor, int64_t now, int64_t *id,
    char sha256[65], struct error *err);
int pg_attachment_each(struct pg *pg, int64_t complaint_id,
    attachment_fn fn, void *arg, struct error *err);
int pg_attachment_get(struct pg *pg, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err);
/*
 * Q as to_tsquery() text: MATCH the query, ANY its wanted
 * terms ORed (which column the snippet shows). Every word quoted, so no
 * user text is tsquery syntax. Returns 1 when Q can match nothing (a
 * term with no words), 0 otherwise. Pure, unit-tested.
 */
int pg_search_tsquery(const struct search_query *q, struct buf *match,
    struct buf *any);
int pg_search(struct pg *pg, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err);

/* pg_idem.c */
int pg_idem_get(struct pg *pg, const char *key, struct idem_record *r,
    int *found, struct error *err);
int pg_idem_put(struct pg *pg, const char *key,
    const struct idem_record *r, struct error *err);
int pg_idem_purge(struct pg *pg, int64_t before, struct error *err);

/* pg_slots.c: the same, shaped for the driver table (pg.c). */
int pgd_complaint_each(struct store *s, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err);
int pgd_walk(struct store *s, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err);
int pgd_open_id_each(struct store *s, complaint_id_fn fn, void *arg,
    struct error *err);
int pgd_merged_each(struct store *s, int64_t target, complaint_id_fn fn,
    void *arg, struct error *err);
int pgd_id_each_in(struct store *s, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err);
int pgd_name_each(struct store *s, complaint_name_fn fn, void *arg,
    struct error *err);
int pgd_open_each(struct store *s, int64_t below, open_row_fn fn, void *arg,
    struct error *err);
int pgd_overdue_each(struct store *s, int64_t now, int first_only,
    overdue_fn fn, void *arg, int64_t *n, struct error *err);
int pgd_owed_each(struct store *s, int64_t until, const char *owner,
    owed_fn fn, void *arg, struct error *err);
int pgd_report_scan(struct store *s, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err);
int pgd_category_counts(struct store *s, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err);
int pgd_idea_add(struct store *s, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err);
int pgd_idea_set_status(struct store *s, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err);
int pgd_idea_each(struct store *s, int64_t since, idea_fn fn, void *arg,
    struct error *err);
int pgd_idea_erase(struct store *s, int64_t complaint_id, const char *text,
    int *n, struct error *err);
int pgd_pending_review_each(struct store *s, pending_fn fn, void *arg,
    struct error *err);
int pgd_rule_fire(struct store *s, int64_t id, const char *rule, int64_t now,
    int *first, struct error *err);
int pgd_rule_fired_each(struct store *s, rule_fired_fn fn, void *arg,
    struct error *err);
int pgd_attachment_add(struct store *s, int64_t complaint_id, const char *name,
    const char *type, int64_t size, attach_read_fn rd, void *rd_arg,
    const char *actor, int64_t now, int64_t *id, char sha256[65],
    struct error *err);
int pgd_attachment_each(struct store *s, int64_t complaint_id,
    attachment_fn fn, void *arg, struct error *err);
int pgd_attachment_get(struct store *s, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err);
int pgd_search(struct store *s, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err);
int pgd_idem_get(struct store *s, const char *key, struct idem_record *r,
    int *found, struct error *err);
int pgd_idem_put(struct store *s, const char *key, const struct idem_record *r,
    struct error *err);
int pgd_idem_purge(struct store *s, int64_t before, struct error *err);

#endif
