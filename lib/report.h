/*
 * Reports (SPEC 6): the process in numbers, computed from the stored
 * facts of the complaint table in one pass, grouped by up to two
 * dimensions (or, --as-of, from the history replayed: replay.h); the
 * overdue list; and the FCA complaints return.
 * Nothing here prints: rows go to a callback, sorted by their groups.
 */
#ifndef COMPLAINT_REPORT_H
#define COMPLAINT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "stats.h"
#include "store.h"
#include "error.h"

enum report_dim {
	RD_CATEGORY,
	RD_CHANNEL,
	RD_DEPARTMENT,
	RD_OWNER,
	RD_SEVERITY,
	RD_LEVEL,
	RD_STATUS,
	RD_ROOT_CAUSE,
	RD_REGIME,
	RD_WEEK,   /* ISO week of local time, "2026-W47" */
	RD_MONTH,  /* local month, "2026-11" */
	RD__COUNT
};

#define REPORT_MAX_DIMS 2

/* The --by name of D ("root-cause"), its column name ("root_cause"). */
const char *report_dim_name(enum report_dim d);
const char *report_dim_column(enum report_dim d);
/* The dimension called NAME (--by spelling), or -1. */
int report_dim_lookup(const char *name);
/* Whether D is a period of time (week, month). */
int report_dim_is_time(enum report_dim d);

/* Period labels: LABEL (at least 16 bytes) gets "2026-W47" or "2026-11"
 * for the local week or month holding T; *START and *END (may be NULL)
 * its first instant and the first instant after it. D is a time dim. */
void report_period(enum report_dim d, int64_t t, char *label, size_t len,
    int64_t *start, int64_t *end);

struct report_query {
	int64_t since;             /* TIME_NONE: the beginning of the records */
	int64_t until;             /* TIME_NONE: no end */
	int64_t now;               /* for "still open now" */
	int replay;                /* as the history stood at AS_OF, replayed
	                            * from the events (report --as-of) */
	int64_t as_of;
	int ndims;
	enum report_dim dims[REPORT_MAX_DIMS];
	const struct config *cfg;  /* severity order, level names */
};

/* The counts behind one row; the caller turns them into percentages
 * with report_pct(). Medians are in tenths (of hours, of days),
 * NUM_NONE when nothing was acknowledged / resolved. */
struct report_stats {
	int64_t received;          /* received in the period */
	int64_t open;              /* ... and open now */
	int64_t first_contact;     /* ... and resolved at first contact */
	int64_t acknowledged;      /* ... and acknowledged */
	int64_t ack_in_time;       /* ... by ack_due (or with none) */
	int64_t escalated;         /* ... with level > 0 */
	int64_t repeats;           /* ... with contacts > 1 or a repeat_of */
	int64_t followed_up;       /* ... with satisfied set */
	int64_t satisfied;         /* ... with satisfied 'yes' */
	int64_t resolved;          /* latest resolution in the period */
	int64_t resolved_in_time;  /* ... by resolve_due (or with none) */
	int64_t upheld;            /* ... justified 'yes' */
	int64_t redress;           /* ... sum of amount, minor units */
	int64_t median_ack_tenths; /* hours */
	int64_t median_resolve_tenths; /* days */
};

/* One row: GROUP[i] is the value of dims[i] as text (NULL: none set). */
typedef int (*report_row_fn)(const char *const *group,
    const struct report_stats *s, void *arg);

/*
 * Compute the report Q and call FN once per group, sorted by the group
 * values (levels and severities in their configured order, statuses in
 * lifecycle order, periods in time order, other text bytewise; "none"
 * last). Without dims, exactly one row, also when nothing matched.
 * Received-based counts go to the group of received_at, resolved-based
 * ones to that of resolved_at, for week and month. A non-zero return of
 * FN stops and is returned.
 */
int report_run(struct store *db, const struct report_query *q,
    report_row_fn fn, void *arg, struct error *err);

/* N reports Q[0..N-1] from one pass over the rows, each as report_run()
 * gives it, to FN[i] with ARG[i], one report after the other. The
 * period (since, until) is Q[0]'s for all. */
int report_run_many(struct store *db, const struct report_query *q, size_t n,
    const report_row_fn *fn, void *const *arg, struct error *err);

/*
 * A horizontal bar of N against MAX in at most WIDTH cells, drawn with
 * Unicode block characters in eighths ("█████▍"), into BUF as UTF-8
 * (3 bytes a cell, so LEN >= 3 * WIDTH + 1). A non-zero N never draws
 * as nothing.
 */
void report_bar(int64_t n, int64_t max, int width, char *buf, size_t len);

/* "ack", "resolve", "callback", "followup" (store.h's enum). */
const char *overdue_kind_name(enum overdue_kind k);

/*
 * Call FN for each thing overdue at NOW, most overdue first (due, then
 * id). With FIRST_ONLY, stop at the first thing found, in whichever
 * order the indexes give it: a cheap check for cron. Returns the count
 * found in *N (at most 1 with FIRST_ONLY).
 */
int report_overdue(struct store *db, int64_t now, int first_only,
    overdue_fn fn, void *arg, int64_t *n, struct error *err);

/* A half-year such as "2026H1" as a half-open local period; EX_DATAERR
 * naming the accepted form. */
int report_half_year(const char *s, int64_t *since, int64_t *until,
    struct error *err);

/*
 * The FCA complaints return (DISP 1.10, DISP 1 Annex 1R) of one FCA
 * product group and cause. Complaints are as the history stood at the
 * cut (AS_OF), replayed from the events: a return produced again later
 * is the same.
 */
struct report_fca {
	int64_t opened;             /* received in the period */
	int64_t outstanding_start;  /* received before, open at its start */
	int64_t closed;             /* resolved in the period, as at the cut */
	int64_t closed_3bd;         /* ... by close of business on the third
	                             * business day after the day of receipt */
	int64_t closed_8w;          /* ... after that, within 8 weeks */
	int64_t closed_over_8w;     /* ... after 8 weeks */
	int64_t upheld;             /* ... justified 'yes' */
	int64_t redress;            /* ... sum of amount, minor units */
	int64_t vulnerable;         /* opened, the customer identified as in
	                             * vulnerable circumstances (PS25/19) */
};

enum fca_band { FCA_3BD, FCA_8W, FCA_OVER_8W };

/* The band of a resolution at RESOLVED_AT, END the ends of the first two
 * bands (close of business on the third business day, eight weeks):
 * each end belongs to its band. */
enum fca_band report_fca_band(const int64_t *end, int64_t resolved_at);

/* Whether a complaint was outstanding at SINCE: received before it, and
 * open then as far as the history recorded before SINCE says (KNOWN),
 * or, recorded only later, not resolved before it. */
int report_fca_outstanding(int64_t received_at, int64_t resolved_at,
    int known_at_start, int open_at_start, int64_t since);

/* PRODUCT and CAUSE NULL: none set; TOTAL: the row of all (last). */
typedef int (*report_fca_fn)(const char *product, const char *cause,
    int total, const struct report_fca *r, void *arg);

/* The return over [SINCE, UNTIL) (both required) as the records stood at
 * AS_OF (inclusive; UNTIL - 1 for the return as at its period's end):
 * one row per product group and cause (categories and root causes
 * mapped by returns.fca; unmapped, their own names), sorted bytewise
 * with none last, then the total. Nothing in the period gives the total
 * alone, all zeros (the nil return). AS_OF and SINCE both TIME_NONE: the
 * whole record as it stands, read from the complaints, with no replay
 * (nothing was outstanding before the records began). */
int report_fca_run(struct store *db, const struct config *cfg, int64_t since,
    int64_t until, int64_t as_of, report_fca_fn fn, void *arg,
    struct error *err);

/*
 * The meeting pack of the whole record: report_run_many(Q, N, FN, ARG)
 * and report_fca_run(Q->cfg, TIME_NONE, INT64_MAX, TIME_NONE, FCA_FN,
 * FCA_ARG), in that order, from one scan of the complaints. Q[0] has
 * neither since, until nor replay (EX_SOFTWARE otherwise).
 */
int report_pack_run(struct store *db, const struct report_query *q, size_t n,
    const report_row_fn *fn, void *const *arg, report_fca_fn fca_fn,
    void *fca_arg, struct error *err);

#endif
