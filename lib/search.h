/*
 * The query language of search (SPEC 5): words, "a phrase", OR between
 * two terms, -word to exclude, prefix* for any word that starts so.
 * Parsed here into terms (store.h) that each engine renders in its own
 * syntax, quoting every term, so no query is ever the engine's syntax.
 */
#ifndef COMPLAINT_SEARCH_H
#define COMPLAINT_SEARCH_H

#include "error.h"
#include "store.h"

/* The longest query accepted, in bytes. */
#define SEARCH_QUERY_MAX 1000

/*
 * Parse TEXT into Q. EX_DATAERR with a message naming what is wrong and
 * what is accepted for an empty query, an unclosed quote, an OR with
 * nothing on one side, an excluded term joined by OR, a lone - or *,
 * or a query excluding every term.
 */
int search_parse(const char *text, struct search_query *q, struct error *err);
void search_query_release(struct search_query *q);

#endif
