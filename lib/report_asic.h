/*
 * ASIC's internal dispute resolution data report (RG 271; the IDR data
 * dictionary): one record per complaint received in the period or open
 * at its start, as the records stood at the cut (replayed, as every
 * return), its codes mapped by returns.asic, each record checked against
 * the dictionary's rules before any is given out.
 */
#ifndef COMPLAINT_REPORT_ASIC_H
#define COMPLAINT_REPORT_ASIC_H

#include <stdint.h>

#include "config.h"
#include "store.h"
#include "error.h"

/* The data elements, in the dictionary's order: their header names. */
enum asic_element {
	AE_ID, AE_BRAND, AE_RECEIVED, AE_CHANNEL, AE_PRODUCT, AE_ISSUE,
	AE_STATUS, AE_CLOSED, AE_DAYS, AE_OUTCOME, AE_AMOUNT,
	AE__COUNT
};
extern const char *const asic_element_names[AE__COUNT];

/* One record: V[e] the text of element e, NULL for empty. */
struct asic_record {
	int64_t id;
	const char *v[AE__COUNT];
};
typedef int (*asic_fn)(const struct asic_record *r, void *arg);

/*
 * The records of [SINCE, UNTIL) as of AS_OF in id order, to FN; *N their
 * count. The references are PREFIX-NNNNNN. A record that breaks the
 * dictionary's rules stops the report before anything is given out:
 * EX_DATAERR for the record's own data (a mandatory element missing, a
 * closing before the receipt), EX_CONFIG for a name returns.asic does not
 * map; the message names the complaint and the element.
 */
int report_asic_run(struct store *db, const struct config *cfg,
    int64_t since, int64_t until, int64_t as_of, asic_fn fn, void *arg,
    int64_t *n, struct error *err);

#endif
