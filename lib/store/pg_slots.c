/*
 * The driver-table slots of pg_scan.c, pg_review.c, pg_attach.c and
 * pg_idem.c: each takes the struct store that store.c hands it and
 * calls its pg_* function with the connection (pg_scan.h).
 */
#include "store/pg_scan.h"

int
pgd_complaint_each(struct store *s, const struct complaint_filter *f,
    complaint_fn fn, void *arg, struct error *err)
{
	return pg_complaint_each(pg_of(s), f, fn, arg, err);
}

int
pgd_walk(struct store *s, const struct complaint_filter *f,
    complaint_walk_fn fn, void *arg, struct error *err)
{
	return pg_walk(pg_of(s), f, fn, arg, err);
}

int
pgd_open_id_each(struct store *s, complaint_id_fn fn, void *arg,
    struct error *err)
{
	return pg_open_id_each(pg_of(s), fn, arg, err);
}

int
pgd_merged_each(struct store *s, int64_t target, complaint_id_fn fn, void *arg,
    struct error *err)
{
	return pg_merged_each(pg_of(s), target, fn, arg, err);
}

int
pgd_id_each_in(struct store *s, enum complaint_set set, int limit,
    complaint_id_fn fn, void *arg, struct error *err)
{
	return pg_id_each_in(pg_of(s), set, limit, fn, arg, err);
}

int
pgd_name_each(struct store *s, complaint_name_fn fn, void *arg,
    struct error *err)
{
	return pg_name_each(pg_of(s), fn, arg, err);
}

int
pgd_open_each(struct store *s, int64_t below, open_row_fn fn, void *arg,
    struct error *err)
{
	return pg_open_each(pg_of(s), below, fn, arg, err);
}

int
pgd_overdue_each(struct store *s, int64_t now, int first_only, overdue_fn fn,
    void *arg, int64_t *n, struct error *err)
{
	return pg_overdue_each(pg_of(s), now, first_only, fn, arg, n, err);
}

int
pgd_owed_each(struct store *s, int64_t until, const char *owner, owed_fn fn,
    void *arg, struct error *err)
{
	return pg_owed_each(pg_of(s), until, owner, fn, arg, err);
}

int
pgd_report_scan(struct store *s, const struct store_scan *q,
    report_row_scan_fn fn, void *arg, struct error *err)
{
	return pg_report_scan(pg_of(s), q, fn, arg, err);
}

int
pgd_category_counts(struct store *s, int64_t from, int64_t split,
    int64_t until, category_count_fn fn, void *arg, struct error *err)
{
	return pg_category_counts(pg_of(s), from, split, until, fn, arg, err);
}

int
pgd_idea_add(struct store *s, int64_t complaint_id, const char *text,
    const char *actor, int64_t now, int64_t *id, struct error *err)
{
	struct pg *pg = pg_of(s);

	if (pg->bulk != NULL)
		return pg_bulk_idea(pg, complaint_id, text, actor, now, id,
		    err);
	return pg_idea_add(pg, complaint_id, text, actor, now, id, err);
}

int
pgd_idea_set_status(struct store *s, int64_t id, const char *status,
    int64_t now, int64_t *complaint_id, char *old, struct error *err)
{
	return pg_idea_set_status(pg_of(s), id, status, now, complaint_id,
	    old, err);
}

int
pgd_idea_each(struct store *s, int64_t since, idea_fn fn, void *arg,
    struct error *err)
{
	return pg_idea_each(pg_of(s), since, fn, arg, err);
}

int
pgd_idea_erase(struct store *s, int64_t complaint_id, const char *text, int *n,
    struct error *err)
{
	return pg_idea_erase(pg_of(s), complaint_id, text, n, err);
}

int
pgd_pending_review_each(struct store *s, pending_fn fn, void *arg,
    struct error *err)
{
	return pg_pending_review_each(pg_of(s), fn, arg, err);
}

int
pgd_rule_fire(struct store *s, int64_t id, const char *rule, int64_t now,
    int *first, struct error *err)
{
	return pg_rule_fire(pg_of(s), id, rule, now, first, err);
}

int
pgd_rule_fired_each(struct store *s, rule_fired_fn fn, void *arg,
    struct error *err)
{
	return pg_rule_fired_each(pg_of(s), fn, arg, err);
}

int
pgd_attachment_add(struct store *s, int64_t complaint_id, const char *name,
    const char *type, int64_t size, attach_read_fn rd, void *rd_arg,
    const char *actor, int64_t now, int64_t *id, char sha256[65],
    struct error *err)
{
	return pg_attachment_add(pg_of(s), complaint_id, name, type, size, rd,
	    rd_arg, actor, now, id, sha256, err);
}

int
pgd_attachment_each(struct store *s, int64_t complaint_id, attachment_fn fn,
    void *arg, struct error *err)
{
	return pg_attachment_each(pg_of(s), complaint_id, fn, arg, err);
}

int
pgd_attachment_get(struct store *s, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err)
{
	return pg_attachment_get(pg_of(s), complaint_id, id, wr, wr_arg, err);
}

int
pgd_search(struct store *s, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err)
{
	return pg_search(pg_of(s), q, f, fn, arg, err);
}

int
pgd_idem_get(struct store *s, const char *key, struct idem_record *r,
    int *found, struct error *err)
{
	return pg_idem_get(pg_of(s), key, r, found, err);
}

int
pgd_idem_put(struct store *s, const char *key, const struct idem_record *r,
    struct error *err)
{
	return pg_idem_put(pg_of(s), key, r, err);
}

int
pgd_idem_purge(struct store *s, int64_t before, struct error *err)
{
	return pg_idem_purge(pg_of(s), before, err);
}
