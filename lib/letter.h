/*
 * The letters regulators require (SPEC 5): the acknowledgement, the
 * summary resolution letter, the holding letter and the final response,
 * each rendered from its configured template for one complaint. One
 * function renders them all, for letter, resolve and a mailer alike.
 */
#ifndef COMPLAINT_LETTER_H
#define COMPLAINT_LETTER_H

#include <stdint.h>

#include "buf.h"
#include "complaint.h"
#include "config.h"
#include "error.h"

enum letter_kind {
	LETTER_ACKNOWLEDGEMENT, LETTER_SUMMARY, LETTER_HOLDING, LETTER_FINAL,
	LETTER__COUNT
};

/* The name of a kind as letter --kind takes it, and its inverse: -1 and
 * EX_DATAERR in ERR listing the kinds when NAME is none of them. */
const char *letter_kind_name(enum letter_kind k);
int letter_kind_lookup(const char *name, enum letter_kind *k,
    struct error *err);

/*
 * Append letter K for C to OUT, rendered from its template; AGENT is who
 * runs the command. 0, or EX_CONFIG when that template is empty.
 */
int letter_render(const struct config *cfg, const struct complaint *c,
    enum letter_kind k, const char *agent, struct buf *out,
    struct error *err);

/*
 * The letter a resolution at AT calls for: the summary resolution letter
 * when AT is at or before the summary deadline of C's regime (counted
 * from receipt), the final response otherwise.
 */
enum letter_kind letter_for_resolution(const struct config *cfg,
    const struct complaint *c, int64_t at);

/* The regime for C (index into cfg->regimes) by its when, or -1. */
int letter_regime_choose(const struct config *cfg,
    const struct complaint *c, int64_t now);

#endif
