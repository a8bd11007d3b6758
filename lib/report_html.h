/*
 * The management meeting pack (SPEC 6, `report --format html`): one
 * self-contained HTML page, inline CSS and SVG charts drawn here, no
 * script and nothing from a network, printable on A4. Its numbers come
 * from the same computations as `report --format json`.
 */
#ifndef COMPLAINT_REPORT_HTML_H
#define COMPLAINT_REPORT_HTML_H

#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "store.h"
#include "error.h"
#include "report.h"

struct report_html_query {
	int64_t since;             /* TIME_NONE: the beginning of the records */
	int64_t until;             /* TIME_NONE: now */
	int64_t now;
	const struct config *cfg;
	int by;                    /* a report_dim for a section of its own,
	                            * or -1 for none */
};

/* The page of Q, appended to OUT. */
int report_html(struct store *db, const struct report_html_query *q,
    struct buf *out, struct error *err);

/* S as HTML text, also safe inside a quoted attribute: & < > " ' as
 * references, control characters and bytes that are not UTF-8 as
 * U+FFFD; NULL appends nothing. */
void html_escape(struct buf *out, const char *s);

/* N with thousands separated by commas ("1,234,567"). */
void html_int(struct buf *out, int64_t n);

#endif
