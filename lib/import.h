/*
 * Import of complaints from CSV: layouts (the "Customer Issue Reporting"
 * spreadsheet and the CFPB export, known by their header lines, or any
 * other through a YAML map), each record turned into a complaint and its
 * "import" history event, all in the caller's one transaction.
 */
#ifndef COMPLAINT_IMPORT_H
#define COMPLAINT_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "csv.h"
#include "error.h"
#include "store.h"

/* What a column can feed: a complaint field, or one of source_id (the
 * source's own id, for idempotence), idea (an improvement idea linked to
 * the complaint) and note (kept in the import event as "Column: value"). */
enum import_target {
	IT_SOURCE_ID,
	IT_RECEIVED_AT,
	IT_CHANNEL,
	IT_CUSTOMER,
	IT_CONTACT,
	IT_CUSTOMER_ID,
	IT_OWNER,
	IT_DEPARTMENT,
	IT_CATEGORY,
	IT_SEVERITY,
	IT_SUMMARY,
	IT_DETAILS,
	IT_STATUS,
	IT_RESOLVED_AT,
	IT_RESOLUTION,
	IT_REMEDY,
	IT_ROOT_CAUSE,
	IT_IDEA,
	IT_NOTE,
	IT__COUNT
};

/* The name of target T in a map ("received_at"); -1 from the lookup. */
const char *import_target_name(int t);
int import_target_lookup(const char *name);

/* How slashed dates read (ISO YYYY-MM-DD always reads as itself). */
enum date_order { DATES_YMD, DATES_DMY, DATES_MDY };
int date_order_lookup(const char *name);
const char *date_order_name(int order);

#define IMPORT_MAX_COLS 16

struct import_value {
	char *from;
	char *to; /* NULL: the field is left unset */
};

struct import_rule {
	char *cols[IMPORT_MAX_COLS]; /* joined with " / " (note: lines) */
	int idx[IMPORT_MAX_COLS];    /* their positions in the header */
	size_t ncols;
	char *fallback;              /* when the columns give nothing */
	struct import_value *values; /* translations, exact match */
	size_t nvalues;
};

struct import_map {
	char *layout; /* "spreadsheet", "cfpb", or the map file */
	char *source; /* recorded as the complaints' source */
	int dates;    /* enum date_order */
	struct import_rule rule[IT__COUNT];
};

/* Read the map file PATH (complaint-import(1) documents it). Problems are
 * EX_CONFIG "FILE:LINE:COL: message"; a missing file EX_NOINPUT. */
int import_map_load(struct import_map *m, const char *path, struct error *err);
/* The built-in layout whose columns HEADER has, else EX_DATAERR naming
 * the layouts known. */
int import_map_detect(struct import_map *m, const char *const *header, size_t n,
    struct error *err);
void import_map_release(struct import_map *m);
/* An empty map (import_map.c), for a map built by hand. */
void import_map_init(struct import_map *m);
/* The column of HEADER (N names) called NAME, blanks around and case
 * aside; -1 when none is. */
int import_header_find(const char *const *header, size_t n, const char *name);

struct import_opts {
	const char *file; /* as named in messages and the history */
	const char *actor;
	int64_t now;
	int strict;   /* refuse values the configuration lacks */
	int skip_bad; /* skip bad records instead of stopping */
	int dates;    /* -1: the layout's own order */
	/* Called every few thousand records (may be NULL). */
	void (*progress)(const struct csv *c, uint64_t records, void *arg);
	void *progress_arg;
	/* With skip_bad, called with the line of each bad record as it is
	 * found, so that millions of them cost no memory (NULL: they are
	 * collected in the caller's BAD). */
	void (*bad_record)(const char *line, void *arg);
	void *bad_record_arg;
};

struct import_newvalue {
	int target;
	char *value;
	uint64_t count;
};

struct import_stats {
	uint64_t imported, skipped, duplicates;
	struct import_newvalue *newvalues; /* first seen first */
	size_t nnew;
	char *layout; /* the layout used */
};

void import_stats_release(struct import_stats *st);

/*
 * Import every record of C through MAP (NULL: recognise the layout by
 * the header) into DB. A bad record stops the import with EX_DATAERR
 * "FILE:LINE: what is wrong", unless skip_bad, when the same line goes
 * to O->bad_record, or else to BAD (which may be NULL with a
 * bad_record), and the record is skipped. The caller's transaction makes the
 * whole import happen or not at all.
 */
int import_run(struct store *db, const struct config *cfg, struct csv *c,
    struct import_map *map, const struct import_opts *o,
    struct import_stats *st, struct buf *bad, struct error *err);

#endif
