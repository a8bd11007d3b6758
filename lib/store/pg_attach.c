/*
 * The PostgreSQL store of attachments, and search's full-text queries.
 *
 * Ids are the largest plus one, read under the head row's lock that
 * every write holds (pg_schema.c), as SQLite's rowids.
 *
 * A file's bytes are kept once per SHA-256 (attachment.sha256 finds
 * them) in attachment_blob.data, a bytea: the file is read and hashed
 * first, and only bytes not kept yet are sent, as one binary parameter
 * (limits.attachment bounds it). They are read back a slice at a time
 * (substring() of a column stored EXTERNAL, uncompressed, reads only
 * that slice), so writing a file out never holds it whole.
 *
 * Search reads complaint_fts (pg_schema.c), which the event trigger
 * keeps in step in the same transaction as every write, as SQLite's
 * FTS5 table is kept: its words are split as FTS5's unicode61 splits
 * them (at every ASCII character that is not a letter or digit) and
 * lower-cased, without stemming, their accents taken off when the
 * server has the unaccent extension (complaint_words, pg_schema.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "sha256.h"
#include "store/pg_scan.h"

/* How much of a file is read back at a time. */
#define SLICE (1024 * 1024)

int
pg_attachment_add(struct pg *pg, int64_t complaint_id, const char *name,
    const char *type, int64_t size, attach_read_fn rd, void *rd_arg,
    const char *actor, int64_t now, int64_t *id, char hex[65],
    struct error *err)
{
	static const char find_blob[] =
	    "SELECT blob_id FROM attachment WHERE sha256 = $1"
	    " AND blob_id IS NOT NULL LIMIT 1";
	static const char ins_blob[] =
	    "INSERT INTO attachment_blob(id, size, data)"
	    " SELECT coalesce(max(id), 0) + 1, $1::bigint, $2::bytea"
	    " FROM attachment_blob RETURNING id";
	static const char ins_att[] =
	    "INSERT INTO attachment(id, complaint_id, blob_id, sha256, name,"
	    " type, size, added_at, added_by)"
	    " SELECT coalesce(max(id), 0) + 1, $1::bigint, $2::bigint,"
	    " $3::text, $4::text, $5::text, $6::bigint, $7::bigint, $8::text"
	    " FROM attachment RETURNING id";
	struct pg_params p;
	struct buf data = BUF_INIT;
	struct sha256 h;
	uint8_t digest[SHA256_LEN];
	char chunk[64 * 1024];
	int64_t blob_id = NUM_NONE;
	size_t got;
	int rc, found = 0;

	sha256_init(&h);
	for (;;) {
		if ((rc = rd(rd_arg, chunk, sizeof(chunk), &got, err)) != 0)
			goto done;
		if (got == 0)
			break;
		if ((int64_t)got > size - (int64_t)data.len) {
			rc = error_set(err, EX_DATAERR, "the file grew while "
			    "it was read; attach it again");
			goto done;
		}
		sha256_update(&h, chunk, got);
		buf_add(&data, chunk, got);
	}
	if ((int64_t)data.len != size) {
		rc = error_set(err, EX_DATAERR, "the file shrank while it was "
		    "read; attach it again");
		goto done;
	}
	sha256_final(&h, digest);
	sha256_hex(digest, hex);

	/* The same bytes already kept: point at them. */
	pg_params_init(&p);
	pg_param_text(&p, hex);
	if ((rc = pg_query_int(pg, "storing an attachment", find_blob, &p,
	    &blob_id, &found, err)) != 0)
		goto done;
	if (!found) {
		pg_params_init(&p);
		pg_param_int(&p, size);
		pg_param_bytes(&p, data.len ? data.s : "", data.len);
		if ((rc = pg_query_int(pg, "storing an attachment", ins_blob,
		    &p, &blob_id, NULL, err)) != 0)
			goto done;
	}
	pg_params_init(&p);
	pg_param_int(&p, complaint_id);
	pg_param_int(&p, blob_id);
	pg_param_text(&p, hex);
	pg_param_text(&p, name);
	pg_param_text(&p, type);
	pg_param_int(&p, size);
	pg_param_int(&p, now);
	pg_param_text(&p, actor);
	rc = pg_query_int(pg, "storing an attachment", ins_att, &p, id, NULL,
	    err);
done:
	buf_release(&data);
	return rc;
}

struct att_scan {
	attachment_fn fn;
	void *arg;
};

static int
att_row(PGresult *res, int row, void *arg)
{
	struct att_scan *sc = arg;
	struct attachment a;

	a.id = pg_get_int(res, row, 0);
	a.complaint_id = pg_get_int(res, row, 1);
	a.name = pg_get_text(res, row, 2);
	a.type = pg_get_text(res, row, 3);
	a.sha256 = pg_get_text(res, row, 4);
	a.size = pg_get_int(res, row, 5);
	a.added_at = pg_get_int(res, row, 6);
	a.added_by = pg_get_text(res, row, 7);
	a.erased = pg_get_int(res, row, 8) != 0;
	return sc->fn(&a, sc->arg);
}

int
pg_attachment_each(struct pg *pg, int64_t complaint_id, attachment_fn fn,
    void *arg, struct error *err)
{
	static const char sql[] =
	    "SELECT " PGS_ATT_COLS " FROM attachment"
	    " WHERE complaint_id = $1 ORDER BY id";
	struct att_scan sc = { fn, arg };
	struct pg_params p;
	PGresult *res;
	int i, n, rc, served;

	if ((rc = pgs_walk_attachments(pg, complaint_id, att_row, &sc,
	    &served, err)) != 0 || served)
		return rc;
	/* A complaint has a few: one statement, no cursor. */
	pg_params_init(&p);
	pg_param_int(&p, complaint_id);
	if ((rc = pg_exec(pg, "listing attachments", sql, &p, &res,
	    err)) != 0)
		return rc;
	n = PQntuples(res);
	for (i = 0; i < n && rc == 0; i++)
		rc = att_row(res, i, &sc);
	PQclear(res);
	return rc;
}

int
pg_attachment_get(struct pg *pg, int64_t complaint_id, int64_t id,
    attach_write_fn wr, void *wr_arg, struct error *err)
{
	static const char head[] =
	    "SELECT blob_id, size FROM attachment"
	    " WHERE complaint_id = $1 AND id = $2";
	static const char slice[] =
	    "SELECT substring(data FROM $2 FOR $3) FROM attachment_blob"
	    " WHERE id = $1";
	struct pg_params p;
	struct buf b = BUF_INIT;
	PGresult *res;
	int64_t blob_id, size, off;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, complaint_id);
	pg_param_int(&p, id);
	if ((rc = pg_exec(pg, "reading an attachment", head, &p, &res,
	    err)) != 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return error_set(err, EX_NOINPUT, "no attachment %lld on this "
		    "complaint (attach REF --list shows them)", (long long)id);
	}
	blob_id = pg_get_int(res, 0, 0);
	size = pg_get_int(res, 0, 1);
	PQclear(res);
	if (blob_id == NUM_NONE)
		return error_set(err, EX_DATAERR, "attachment %lld was erased; "
		    "its bytes are gone", (long long)id);
	for (off = 0; off < size; off += SLICE) {
		pg_params_init(&p);
		pg_param_int(&p, blob_id);
		pg_param_int(&p, off + 1);
		pg_param_int(&p, SLICE);
		if ((rc = pg_exec(pg, "reading an attachment", slice, &p, &res,
		    err)) != 0)
			break;
		if (PQntuples(res) != 1 || pg_get_bytes(res, 0, 0, &b) != 0 ||
		    b.len == 0) {
			PQclear(res);
			rc = error_set(err, EX_DATAERR, "attachment %lld is "
			    "shorter than its size; run 'complaint verify'",
			    (long long)id);
			break;
		}
		PQclear(res);
		if ((int64_t)b.len > size - off)
			b.len = (size_t)(size - off);
		if ((rc = wr(wr_arg, b.s, b.len, err)) != 0)
			break;
	}
	buf_release(&b);
	return rc;
}

/* ---- search -------------------------------------------------------------- */

/* A byte that splits words, as FTS5's unicode61 splits them (in ASCII;
 * bytes of other characters stay in the word). */
static int
splits(unsigned char c)
{
	return c < 0x80 && !((c >= '0' && c <= '9') ||
	    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* Term T as to_tsquery() text appended to B: each word quoted, the
 * words of a phrase in a row (<->), the last a prefix when T is one.
 * Returns the number of words (0: the term has none, and B is as it
 * was). */
static int
tsquery_term(struct buf *b, const struct search_term *t)
{
	const unsigned char *p = (const unsigned char *)t->text;
	int n = 0;

	while (*p != '\0') {
		const unsigned char *start;

		while (*p != '\0' && splits(*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && !splits(*p))
			p++;
		buf_puts(b, n ? " <-> '" : "'");
		buf_add(b, start, (size_t)(p - start));
		buf_putc(b, '\'');
		n++;
	}
	if (n > 0 && t->prefix)
		buf_puts(b, ":*");
	return n;
}

int
pg_search_tsquery(const struct search_query *q, struct buf *match,
    struct buf *any)
{
	size_t i, j;
	int groups = 0;

	/* Each run of terms joined by OR is one group; the groups ANDed,
	 * then every excluded term as & !( ). A term with no words
	 * matches nothing, as an FTS5 phrase of no tokens does: an OR
	 * goes without it, an exclusion of it excludes nothing, and a
	 * wanted group left empty makes the whole query match nothing. */
	for (i = 0; i < q->n; i = j) {
		struct buf g = BUF_INIT;
		int n = 0;

		for (j = i; j < q->n; j++) {
			const struct search_term *t = &q->t[j];
			struct buf w = BUF_INIT;

			if (!t->negated && tsquery_term(&w, t) > 0)
				buf_printf(&g, "%s(%s)", n++ ? " | " : "",
				    buf_str(&w));
			buf_release(&w);
			if (!t->or_next) {
				j++;
				break;
			}
		}
		if (q->t[i].negated) {
			buf_release(&g);
			continue;
		}
		if (n == 0) {
			buf_release(&g);
			return 1;
		}
		buf_printf(match, "%s(%s)", groups ? " & " : "", buf_str(&g));
		buf_printf(any, "%s(%s)", groups ? " | " : "", buf_str(&g));
		groups++;
		buf_release(&g);
	}
	for (i = 0; i < q->n; i++) {
		struct buf g = BUF_INIT;

		if (!q->t[i].negated)
			continue;
		if (tsquery_term(&g, &q->t[i]) > 0)
			buf_printf(match, " & !(%s)", buf_str(&g));
		buf_release(&g);
	}
	return groups == 0;
}

struct search_scan {
	search_fn fn;
	void *arg;
	struct complaint c;
	int64_t rows; /* handed to FN */
};

static int
search_row(PGresult *res, int row, void *arg)
{
	struct search_scan *sc = arg;
	const char *snippet;

	sc->rows++;
	pg_complaint_from_row(res, row, 0, &sc->c);
	snippet = pg_get_text(res, row, (int)complaint_nfields + 1);
	return sc->fn(&sc->c, snippet ? snippet : "", sc->arg);
}

/*
 * The snippet: ts_headline() of whichever column ranks best against any
 * wanted term (the first on a tie), as FTS5's snippet() picks one; the
 * matching words in brackets, about a dozen words around them. The
 * headline parser would read "receipt-toaster.pdf" or an address as one
 * word, where the index (complaint_fts_words) splits it: a private-use
 * mark (U+E000) after each ASCII punctuation character makes it split
 * there too, and goes again from what is shown. The text is the view
 * complaint_fts_src's (schema 16): the index keeps only the words.
 */
#define SNIPPET \
	"(SELECT replace(ts_headline('complaint_words', regexp_replace(v.t," \
	" '([\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e])'," \
	" '\\1' || chr(57344), 'g'), to_tsquery('complaint_words', $2)," \
	" 'StartSel=[, StopSel=], MaxWords=12, MinWords=4, ShortWord=0," \
	" MaxFragments=1, FragmentDelimiter=...'), chr(57344), '')" \
	" FROM complaint_fts_src w, LATERAL (VALUES (1, w.f_summary)," \
	" (2, w.f_details), (3, w.f_notes), (4, w.f_resolution)," \
	" (5, w.f_root_cause), (6, w.f_lessons), (7, w.f_attachments))" \
	" AS v(n, t) WHERE w.complaint_id = s.complaint_id AND v.t <> ''" \
	" ORDER BY ts_rank(to_tsvector('complaint_words'," \
	" complaint_fts_words(v.t)), to_tsquery('complaint_words', $2))" \
	" DESC, v.n LIMIT 1)"

/*
 * The best matches tried first by rank alone, before the rest: ten
 * times the limit and a thousand more, as SQLite's search does.
 */
#define PG_SEARCH_TRIES(limit) (10 * (limit) + 1000)

/*
 * The rank-first query of a screenful (see pg_search()): the matches
 * ranked on the index alone, the best TRIES of them (0: all), then each
 * complaint read in that order until LIMIT pass F, after the first SKIP
 * that do. $1 and $2 are the search's; P gets the rest.
 */
static void
rank_first_sql(struct buf *sql, struct pg_params *p,
    const struct complaint_filter *f, int64_t tries, int64_t skip,
    int64_t limit, struct pgs_keys *keys)
{
	buf_puts(sql, "SELECT complaint.id, ");
	pgs_columns(sql, "complaint");
	buf_puts(sql, ", " SNIPPET " FROM (SELECT complaint_id,"
	    " ts_rank(doc, to_tsquery('complaint_words', $1)) AS rank"
	    " FROM complaint_fts"
	    " WHERE doc @@ to_tsquery('complaint_words', $1)"
	    " ORDER BY 2 DESC, 1");
	if (tries > 0) {
		pg_param_int(p, tries);
		buf_printf(sql, " LIMIT $%d) s", p->n);
	} else {
		buf_puts(sql, " OFFSET 0) s");
	}
	buf_puts(sql, " JOIN complaint ON complaint.id = s.complaint_id"
	    " WHERE TRUE");
	pgs_filter_where(sql, p, f, "complaint", keys);
	pg_param_int(p, limit);
	buf_printf(sql, " ORDER BY s.rank DESC, complaint.id LIMIT $%d", p->n);
	pg_param_int(p, skip);
	buf_printf(sql, " OFFSET $%d", p->n);
}

int
pg_search(struct pg *pg, const struct search_query *q,
    const struct complaint_filter *f, search_fn fn, void *arg,
    struct error *err)
{
	struct buf sql = BUF_INIT, match = BUF_INIT, any = BUF_INIT;
	struct pg_params p;
	struct pgs_keys keys = { NULL, NULL };
	struct search_scan sc;
	int rc = 0;

	sc.fn = fn;
	sc.arg = arg;
	sc.rows = 0;
	complaint_init(&sc.c);
	/* A query that can match nothing needs no server. */
	if (pg_search_tsquery(q, &match, &any) != 0)
		goto done;
	pg_params_init(&p);
	pg_param_text(&p, buf_str(&match));
	pg_param_text(&p, buf_str(&any));
	if (f->limit > 0 && f->limit <= PG_FETCH &&
	    !complaint_filter_narrows(f)) {
		/*
		 * A screenful of the best, by a filter that passes most
		 * matches (or none): the best PG_SEARCH_TRIES ranked on the
		 * index alone (the server keeps that many as it scans, no
		 * sort of all of them), then each complaint read in that
		 * order until LIMIT pass. Joining every match to its row
		 * before ranking sorted 800,000 wide rows for a word every
		 * imported complaint has (1,067 against 154 ms for the
		 * ranking alone), and ranking them all sorted 800,000 on
		 * disk: 237 against 135 ms. Should fewer than LIMIT pass
		 * among those tried, the rest of the matches give the
		 * rest, after the rows already given: the order is the
		 * same total order. Plain queries (pg_each_bounded()),
		 * which the server may give parallel workers.
		 */
		rank_first_sql(&sql, &p, f, PG_SEARCH_TRIES(f->limit), 0,
		    f->limit, &keys);
		rc = pg_each_bounded(pg, "searching complaints",
		    buf_str(&sql), &p, search_row, &sc, err);
		if (rc != 0 || sc.rows >= f->limit)
			goto done;
		pgs_keys_free(&keys);
		buf_reset(&sql);
		pg_params_init(&p);
		pg_param_text(&p, buf_str(&match));
		pg_param_text(&p, buf_str(&any));
		rank_first_sql(&sql, &p, f, 0, sc.rows, f->limit - sc.rows,
		    &keys);
		rc = pg_each_bounded(pg, "searching complaints",
		    buf_str(&sql), &p, search_row, &sc, err);
		goto done;
	}
	buf_puts(&sql, "SELECT complaint.id, ");
	pgs_columns(&sql, "complaint");
	if (f->limit > 0) {
		/*
		 * With filters, each match is joined to its row for them,
		 * but only its id and rank are carried into the sort of
		 * the best LIMIT; their rows are read after. Sorting the
		 * joined rows whole took 1.1 to 1.5 s for 800,000 matches
		 * that --status closed passed. A plain query when LIMIT
		 * rows fit one fetch, which the server may give parallel
		 * workers (a cursor never has them): 411 -> 248 ms for a
		 * filter that passes none of 800,000 matches.
		 */
		buf_puts(&sql, ", " SNIPPET " FROM (SELECT m.complaint_id,"
		    " ts_rank(m.doc, to_tsquery('complaint_words', $1))"
		    " AS rank FROM complaint_fts m"
		    " JOIN complaint ON complaint.id = m.complaint_id"
		    " WHERE m.doc @@ to_tsquery('complaint_words', $1)");
		pgs_filter_where(&sql, &p, f, "complaint", &keys);
		pg_param_int(&p, f->limit);
		buf_printf(&sql, " ORDER BY 2 DESC, 1 LIMIT $%d) s"
		    " JOIN complaint ON complaint.id = s.complaint_id"
		    " ORDER BY s.rank DESC, complaint.id", p.n);
	} else {
		buf_puts(&sql, ", " SNIPPET " FROM complaint_fts s"
		    " JOIN complaint ON complaint.id = s.complaint_id"
		    " WHERE s.doc @@ to_tsquery('complaint_words', $1)");
		pgs_filter_where(&sql, &p, f, "complaint", &keys);
		buf_puts(&sql, " ORDER BY ts_rank(s.doc,"
		    " to_tsquery('complaint_words', $1)) DESC, complaint.id");
	}
	if (f->limit > 0 && f->limit <= PG_FETCH)
		rc = pg_each_bounded(pg, "searching complaints",
		    buf_str(&sql), &p, search_row, &sc, err);
	else
		rc = pg_each(pg, "searching complaints", buf_str(&sql), &p,
		    search_row, &sc, err);
done:
	pgs_keys_free(&keys);
	complaint_release(&sc.c);
	buf_release(&sql);
	buf_release(&match);
	buf_release(&any);
	return rc;
}
