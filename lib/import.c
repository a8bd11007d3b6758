/*
 * Import: the conversion of each CSV record into a complaint, by a map
 * (import_map.c). The per-record path allocates nothing: values are
 * assembled in buffers reused from record to record, and the complaint
 * handed to store_complaint_insert() points into them.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "complaint.h"
#include "review.h"
#include "import.h"
#include "letter.h"
#include "name.h"
#include "text.h"
#include "timeutil.h"
#include "xmalloc.h"
void
import_stats_release(struct import_stats *st)
{
	size_t i;

	for (i = 0; i < st->nnew; i++)
		free(st->newvalues[i].value);
	free(st->newvalues);
	free(st->layout);
	memset(st, 0, sizeof(*st));
}

/* The state of one import run. */

#define DAY_CACHE 4096
#define DUE_CACHE 1024

struct importer {
	struct store *db;
	const struct config *cfg;
	struct csv *csv;
	struct import_map *map;
	const struct import_opts *o;
	struct import_stats *st;
	/* Set aside at the first record written, so that an import that
	 * adds nothing (every record a duplicate) changes nothing. */
	int bulk_begun;            /* store_bulk_begin() was called */
	const char *const *header;
	int dates;
	int used[IT__COUNT * IMPORT_MAX_COLS];  /* columns read, once each */
	size_t nused;
	size_t ncols;
	struct buf val[IT__COUNT];
	const char *v[IT__COUNT];               /* NULL: unset */
	struct buf msg;
	/* Local midnight of a civil day, and deadlines of a received time:
	 * files repeat the same few thousand dates. */
	struct { int32_t day; int64_t t; } days[DAY_CACHE];
	struct { int64_t at, ack, resolve, holding; } dues[DUE_CACHE];
};

/* A record error: "FILE:LINE: message" into ERR. */
static int
bad(struct importer *im, struct error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(struct importer *im, struct error *err, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&im->msg);
	va_start(ap, fmt);
	buf_vprintf(&im->msg, fmt, ap);
	va_end(ap);
	return error_set(err, EX_DATAERR, "%s:%ld: %s", im->o->file,
	    im->csv->record_line, buf_str(&im->msg));
}

/* The start of local date Y-MO-D (checked), through a cache. */
static int
date_start(struct importer *im, int y, int mo, int d, int64_t *t)
{
	int32_t day;
	int yy, mm, dd;
	unsigned slot;

	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	day = civil_to_days(y, mo, d);
	days_to_civil(day, &yy, &mm, &dd);
	if (yy != y || mm != mo || dd != d)
		return -1;
	slot = (unsigned)day % DAY_CACHE;
	if (im->days[slot].t != TIME_NONE && im->days[slot].day == day) {
		*t = im->days[slot].t;
		return 0;
	}
	*t = time_local_midnight(y, mo, d);
	im->days[slot].day = day;
	im->days[slot].t = *t;
	return 0;
}

/* Up to MAX digits at *P into *N; the count read. */
static int
digits(const char **p, int max, int *n)
{
	int k = 0;

	*n = 0;
	while (k < max && isdigit((unsigned char)**p)) {
		*n = *n * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k;
}

/*
 * A date or time from the file: YYYY-MM-DD (also with a time, and any
 * RFC 3339 time), or three numbers split by '/', '-' or '.' read in the
 * run's date order.
 */
static int
parse_when(struct importer *im, const char *s, int64_t *t)
{
	const char *p = s;
	int a, b, c, na, nb, nc;
	char sep;
	struct error e;

	na = digits(&p, 4, &a);
	if (na == 0 || (*p != '-' && *p != '/' && *p != '.'))
		return -1;
	sep = *p++;
	nb = digits(&p, 2, &b);
	if (nb == 0 || *p++ != sep)
		return -1;
	nc = digits(&p, 4, &c);
	if (nc == 0)
		return -1;
	if (*p != '\0') {
		/* A time of day: ISO dates only, read as log --received. */
		if (na != 4 || sep != '-')
			return -1;
		return time_parse(s, im->o->now, t, &e) == 0 ? 0 : -1;
	}
	if (na == 4)
		return nc <= 2 ? date_start(im, a, b, c, t) : -1;
	if (nc != 4 || im->dates == DATES_YMD)
		return -1;
	if (im->dates == DATES_DMY)
		return date_start(im, c, b, a, t);
	return date_start(im, c, a, b, t);
}

static const char *
date_forms(int order)
{
	switch (order) {
	case DATES_DMY:
		return "YYYY-MM-DD or D/M/YYYY";
	case DATES_MDY:
		return "YYYY-MM-DD or M/D/YYYY";
	default:
		return "YYYY-MM-DD";
	}
}

static void
deadlines(struct importer *im, struct complaint *c)
{
	unsigned slot = (unsigned)((uint64_t)c->received_at % DUE_CACHE);
	const struct config *cfg = im->cfg;
	int r;

	/* A complaint a regime's when matches runs on its deadlines. */
	if (cfg->nregimes > 0 &&
	    (r = letter_regime_choose(cfg, c, c->received_at)) >= 0) {
		free(c->regime);
		c->regime = xstrdup(cfg->regimes[r].rule.name);
		c->ack_due = time_add(&cfg->calendar, c->received_at,
		    config_deadline(cfg, c->regime, DL_ACKNOWLEDGE));
		c->resolve_due = time_add(&cfg->calendar, c->received_at,
		    config_deadline(cfg, c->regime, DL_RESOLVE));
		if (status_is_open(c->status))
			c->holding_due = time_add(&cfg->calendar,
			    c->received_at, config_deadline(cfg, c->regime,
			    DL_HOLDING));
		return;
	}
	if (im->dues[slot].at != c->received_at) {
		im->dues[slot].at = c->received_at;
		im->dues[slot].ack = time_add(&im->cfg->calendar,
		    c->received_at, &im->cfg->ack_deadline);
		im->dues[slot].resolve = time_add(&im->cfg->calendar,
		    c->received_at, &im->cfg->resolve_deadline);
		im->dues[slot].holding = time_add(&im->cfg->calendar,
		    c->received_at, &im->cfg->holding_deadline);
	}
	c->ack_due = im->dues[slot].ack;
	c->resolve_due = im->dues[slot].resolve;
	if (status_is_open(c->status))
		c->holding_due = im->dues[slot].holding;
}

/* Whether target T keeps its text byte for byte (no trimming). */
static int
keeps_blanks(int t)
{
	return t == IT_DETAILS || t == IT_RESOLUTION || t == IT_ROOT_CAUSE ||
	    t == IT_IDEA;
}

/*
 * The value of target T from the record: its columns joined, blanks
 * trimmed, the formula guard of our own CSV export undone, the fallback
 * when empty, then translated. NULL when unset.
 */
static const char *
value(struct importer *im, int t)
{
	struct import_rule *r = &im->map->rule[t];
	struct buf *b = &im->val[t];
	size_t i;

	buf_reset(b);
	for (i = 0; i < r->ncols; i++) {
		const char *s = im->csv->field[r->idx[i]];
		size_t len = im->csv->flen[r->idx[i]];

		if (!keeps_blanks(t)) {
			while (len > 0 && isspace((unsigned char)*s))
				s++, len--;
			while (len > 0 && isspace((unsigned char)s[len - 1]))
				len--;
		}
		if (len >= 2 && s[0] == '\'' && strchr("=+-@\t\r", s[1]))
			s++, len--;
		if (len == 0)
			continue;
		if (t == IT_NOTE) {
			buf_printf(b, "%s%s: ", b->len ? "\n" : "", r->cols[i]);
		} else if (b->len > 0)
			buf_puts(b, " / ");
		buf_add(b, s, len);
	}
	if (b->len == 0) {
		if (r->fallback == NULL || *r->fallback == '\0')
			return NULL;
		buf_puts(b, r->fallback);
	}
	for (i = 0; i < r->nvalues; i++)
		if (strcmp(r->values[i].from, b->s) == 0) {
			if (r->values[i].to == NULL)
				return NULL;
			buf_reset(b);
			buf_puts(b, r->values[i].to);
			break;
		}
	/* Names are stored as people expect to find them (SPEC 4). */
	if (t == IT_CUSTOMER || t == IT_OWNER) {
		b->len = name_tidy_in_place(b->s);
		if (b->len == 0)
			return NULL;
	}
	return b->s;
}

static void
note_new_value(struct importer *im, int t, const char *v)
{
	struct import_stats *st = im->st;
	size_t i;

	for (i = 0; i < st->nnew; i++)
		if (st->newvalues[i].target == t &&
		    strcmp(st->newvalues[i].value, v) == 0) {
			st->newvalues[i].count++;
			return;
		}
	st->newvalues = xreallocarray(st->newvalues, st->nnew + 1,
	    sizeof(*st->newvalues));
	st->newvalues[st->nnew].target = t;
	st->newvalues[st->nnew].value = xstrdup(v);
	st->newvalues[st->nnew].count = 1;
	st->nnew++;
}

/* A value of a configured list: refused under --strict, else noted. */
static int
check_listed(struct importer *im, int t, const struct strlist *list,
    struct error *err)
{
	const char *v = im->v[t];
	struct buf accepted = BUF_INIT;
	size_t i;
	int rc;

	if (v == NULL || strlist_find(list, v) >= 0)
		return 0;
	if (!im->o->strict)
		return 0; /* noted once imported: note_new_values() */
	for (i = 0; i < list->n; i++)
		buf_printf(&accepted, "%s%s", i ? ", " : "", list->v[i]);
	rc = bad(im, err, "unknown %s '%s' (expected one of: %s; without "
	    "--strict it is imported as it is)", import_target_name(t), v,
	    buf_str(&accepted));
	buf_release(&accepted);
	return rc;
}

/* Count the values of an imported record that the configuration lacks. */
static void
note_new_values(struct importer *im)
{
	static const int listed[] = {
		IT_CHANNEL, IT_CATEGORY, IT_SEVERITY, IT_REMEDY,
	};
	const struct strlist *lists[] = {
		&im->cfg->channels, &im->cfg->categories,
		&im->cfg->severities, &im->cfg->remedies,
	};
	size_t i;

	for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++) {
		const char *v = im->v[listed[i]];

		if (v != NULL && strlist_find(lists[i], v) < 0)
			note_new_value(im, listed[i], v);
	}
}

/* The columns of the record are well-formed text. */
static int
check_record(struct importer *im, struct error *err)
{
	struct csv *c = im->csv;
	size_t i;

	if (c->nfields != im->ncols)
		return bad(im, err, "%zu fields, expected %zu as in the header",
		    c->nfields, im->ncols);
	for (i = 0; i < im->nused; i++) {
		int k = im->used[i];

		if (c->flen[k] > TEXT_MAX)
			return bad(im, err, "column '%s' is too long (%zu "
			    "bytes; at most %d)", im->header[k], c->flen[k],
			    TEXT_MAX);
		if (strlen(c->field[k]) != c->flen[k])
			return bad(im, err, "column '%s' holds a NUL byte",
			    im->header[k]);
		if (!utf8_valid(c->field[k], c->flen[k]))
			return bad(im, err, "column '%s' is not valid UTF-8",
			    im->header[k]);
	}
	return 0;
}

static const char *
first_col(struct importer *im, int t)
{
	return im->map->rule[t].ncols ? im->map->rule[t].cols[0] : import_target_name(t);
}

/* The record as a complaint C (pointing into IM's buffers). */
static int
convert(struct importer *im, struct complaint *c, struct error *err)
{
	const struct config *cfg = im->cfg;
	int t, rc, st;

	if ((rc = check_record(im, err)) != 0)
		return rc;
	for (t = 0; t < IT__COUNT; t++)
		im->v[t] = value(im, t);

	complaint_init(c);
	if (im->v[IT_RECEIVED_AT] == NULL)
		return bad(im, err, "no received date (column '%s' is empty)",
		    first_col(im, IT_RECEIVED_AT));
	if (parse_when(im, im->v[IT_RECEIVED_AT], &c->received_at) != 0)
		return bad(im, err, "invalid date '%s' in column '%s' "
		    "(expected %s)", im->v[IT_RECEIVED_AT],
		    first_col(im, IT_RECEIVED_AT), date_forms(im->dates));
	if (c->received_at > im->o->now)
		return bad(im, err, "received date '%s' is in the future",
		    im->v[IT_RECEIVED_AT]);
	if (im->v[IT_CUSTOMER] == NULL)
		return bad(im, err, "no customer (column '%s' is empty)",
		    first_col(im, IT_CUSTOMER));
	if ((rc = check_listed(im, IT_CHANNEL, &cfg->channels, err)) != 0 ||
	    (rc = check_listed(im, IT_CATEGORY, &cfg->categories, err)) != 0 ||
	    (rc = check_listed(im, IT_SEVERITY, &cfg->severities, err)) != 0 ||
	    (rc = check_listed(im, IT_REMEDY, &cfg->remedies, err)) != 0)
		return rc;

	st = -1;
	if (im->v[IT_STATUS] && (st = status_lookup(im->v[IT_STATUS])) < 0)
		return bad(im, err, "unknown status '%s' in column '%s' "
		    "(expected new, acknowledged, assessed, resolved or "
		    "closed, or a translation under values: status)",
		    im->v[IT_STATUS], first_col(im, IT_STATUS));
	if (st < 0)
		st = im->v[IT_RESOLUTION] ? ST_RESOLVED : ST_NEW;
	c->status = st;

	c->channel = (char *)(im->v[IT_CHANNEL] ? im->v[IT_CHANNEL] :
	    cfg->channels.n ? cfg->channels.v[0] : "unknown");
	c->customer = (char *)im->v[IT_CUSTOMER];
	c->contact = (char *)im->v[IT_CONTACT];
	c->customer_id = (char *)im->v[IT_CUSTOMER_ID];
	c->owner = (char *)(im->v[IT_OWNER] ? im->v[IT_OWNER] : im->o->actor);
	c->department = (char *)im->v[IT_DEPARTMENT];
	c->category = (char *)im->v[IT_CATEGORY];
	c->severity = (char *)im->v[IT_SEVERITY];
	c->summary = (char *)im->v[IT_SUMMARY];
	c->details = (char *)im->v[IT_DETAILS];
	c->resolution = (char *)im->v[IT_RESOLUTION];
	c->remedy = (char *)im->v[IT_REMEDY];
	c->root_cause = (char *)im->v[IT_ROOT_CAUSE];
	c->source = im->map->source;
	c->source_id = (char *)im->v[IT_SOURCE_ID];
	deadlines(im, c);

	if (st == ST_RESOLVED || st == ST_CLOSED) {
		c->resolved_at = c->received_at;
		if (im->v[IT_RESOLVED_AT] && parse_when(im,
		    im->v[IT_RESOLVED_AT], &c->resolved_at) != 0)
			return bad(im, err, "invalid date '%s' in column '%s' "
			    "(expected %s)", im->v[IT_RESOLVED_AT],
			    first_col(im, IT_RESOLVED_AT),
			    date_forms(im->dates));
		if (c->resolved_at < c->received_at)
			return bad(im, err, "resolved on '%s', before it was "
			    "received", im->v[IT_RESOLVED_AT]);
		if (c->resolved_at > im->o->now)
			return bad(im, err, "resolved date '%s' is in the "
			    "future", im->v[IT_RESOLVED_AT]);
		if (st == ST_CLOSED)
			c->closed_at = c->resolved_at;
		else
			c->followup_due = time_add(&cfg->calendar,
			    c->resolved_at, &cfg->followup_deadline);
	}
	return 0;
}

/* Resolve the map's column names against the header. */
static int
resolve_columns(struct importer *im, struct error *err)
{
	struct import_map *m = im->map;
	size_t i, j;
	int t, k;

	im->nused = 0;
	for (t = 0; t < IT__COUNT; t++) {
		for (i = 0; i < m->rule[t].ncols; i++) {
			k = import_header_find(im->header, im->ncols,
			    m->rule[t].cols[i]);
			if (k < 0)
				return error_set(err, EX_DATAERR, "%s:%ld: no "
				    "column '%s' in the header (the map feeds "
				    "%s from it)", im->o->file,
				    im->csv->record_line, m->rule[t].cols[i],
				    import_target_name(t));
			m->rule[t].idx[i] = k;
			for (j = 0; j < im->nused; j++)
				if (im->used[j] == k)
					break;
			if (j == im->nused)
				im->used[im->nused++] = k;
		}
	}
	return 0;
}

static int
import_records(struct importer *im, struct buf *badlog, struct error *err)
{
	struct import_stats *st = im->st;
	struct complaint c;
	struct import_origin from;
	uint64_t records = 0;
	int rc;

	while ((rc = csv_next(im->csv, err)) == 1) {
		int64_t found;

		records++;
		if (im->o->progress && records % 8192 == 0)
			im->o->progress(im->csv, records, im->o->progress_arg);
		if ((rc = convert(im, &c, err)) != 0) {
			if (rc != EX_DATAERR || !im->o->skip_bad)
				return rc;
			if (im->o->bad_record != NULL)
				im->o->bad_record(err->msg,
				    im->o->bad_record_arg);
			else
				buf_printf(badlog, "%s\n", err->msg);
			error_clear(err);
			st->skipped++;
			continue;
		}
		if (c.source_id && c.source) {
			if ((rc = store_find_source(im->db, c.source,
			    c.source_id, &found, err)) != 0)
				return rc;
			if (found != NUM_NONE) {
				st->duplicates++;
				continue;
			}
		}
		if (!im->bulk_begun) {
			if ((rc = store_bulk_begin(im->db, err)) != 0)
				return rc;
			im->bulk_begun = 1;
		}
		from.file = im->o->file;
		from.line = im->csv->record_line;
		from.note = im->v[IT_NOTE];
		if ((rc = store_complaint_import(im->db, &c, im->o->actor,
		    im->o->now, &from, err)) != 0)
			return rc;
		if (im->v[IT_IDEA] && (rc = store_idea_add(im->db, c.id,
		    im->v[IT_IDEA], c.owner, c.resolved_at != TIME_NONE ?
		    c.resolved_at : c.received_at, NULL, err)) != 0)
			return rc;
		note_new_values(im);
		st->imported++;
	}
	if (rc != 0)
		return rc;
	if (records == 0)
		return error_set(err, EX_DATAERR, "%s: no records after the "
		    "header line", im->o->file);
	if (im->o->progress)
		im->o->progress(im->csv, records, im->o->progress_arg);
	return 0;
}

int
import_run(struct store *db, const struct config *cfg, struct csv *c,
    struct import_map *map, const struct import_opts *o,
    struct import_stats *st, struct buf *badlog, struct error *err)
{
	struct importer *im;
	struct import_map detected;
	char **header = NULL;
	size_t i;
	int rc, t;

	memset(st, 0, sizeof(*st));
	import_map_init(&detected);
	im = xcalloc(1, sizeof(*im));
	if ((rc = csv_next(c, err)) != 1) {
		if (rc == 0)
			rc = error_set(err, EX_DATAERR, "%s: empty file "
			    "(expected a header line and records)", o->file);
		goto done;
	}
	/* The header outlives the record buffer it came in. */
	header = xcalloc(c->nfields + 1, sizeof(*header));
	for (i = 0; i < c->nfields; i++) {
		if (!utf8_valid(c->field[i], c->flen[i])) {
			rc = error_set(err, EX_DATAERR, "%s:%ld: the header "
			    "is not valid UTF-8", o->file, c->record_line);
			goto done;
		}
		header[i] = xstrdup(c->field[i]);
	}
	im->ncols = c->nfields;
	im->header = (const char *const *)header;
	if (map == NULL) {
		if ((rc = import_map_detect(&detected, im->header, im->ncols,
		    err)) != 0) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			rc = error_set(err, EX_DATAERR, "%s:%ld: %s", o->file,
			    c->record_line, msg);
			goto done;
		}
		map = &detected;
	}
	im->db = db;
	im->cfg = cfg;
	im->csv = c;
	im->map = map;
	im->o = o;
	im->st = st;
	im->dates = o->dates >= 0 ? o->dates : map->dates;
	for (i = 0; i < DAY_CACHE; i++)
		im->days[i].t = TIME_NONE;
	for (i = 0; i < DUE_CACHE; i++)
		im->dues[i].at = TIME_NONE;
	st->layout = xstrdup(map->layout);
	if ((rc = resolve_columns(im, err)) != 0)
		goto done;
	if ((rc = import_records(im, badlog, err)) == 0 && im->bulk_begun)
		rc = store_bulk_end(db, err);
done:
	for (t = 0; t < IT__COUNT; t++)
		buf_release(&im->val[t]);
	buf_release(&im->msg);
	free(im);
	for (i = 0; header && header[i]; i++)
		free(header[i]);
	free(header);
	import_map_release(&detected);
	return rc;
}
