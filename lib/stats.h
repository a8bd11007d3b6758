/*
 * The numbers a report prints (report.h): percentages, tenths and
 * medians, on plain integers. NUM_NONE (complaint.h) is "none".
 */
#ifndef COMPLAINT_STATS_H
#define COMPLAINT_STATS_H

#include <stddef.h>
#include <stdint.h>

/* NUM of DEN as a percentage with one decimal ("33.3") into BUF;
 * returns BUF, or NULL when DEN is 0 (an empty denominator). */
const char *report_pct(int64_t num, int64_t den, char *buf, size_t len);
/* Tenths as a decimal ("12.5", "-0.3"); NULL for NUM_NONE. */
const char *report_tenths(int64_t tenths, char *buf, size_t len);

/* The median of V[0..N-1] in tenths of UNIT seconds, rounded half away
 * from zero; V is reordered. NUM_NONE when N is 0. */
int64_t report_median_tenths(int32_t *v, size_t n, int64_t unit);

#endif
