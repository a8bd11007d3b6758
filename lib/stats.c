/*
 * The numbers a report prints: percentages and tenths, and medians
 * found by selection over a group's list of durations (no sort).
 */
#include <stdio.h>

#include "complaint.h"
#include "stats.h"

const char *
report_pct(int64_t num, int64_t den, char *buf, size_t len)
{
	int64_t tenths;

	if (den <= 0)
		return NULL;
	tenths = (num * 2000 + den) / (2 * den);
	snprintf(buf, len, "%lld.%lld", (long long)(tenths / 10),
	    (long long)(tenths % 10));
	return buf;
}

const char *
report_tenths(int64_t tenths, char *buf, size_t len)
{
	int64_t a;

	if (tenths == NUM_NONE)
		return NULL;
	a = tenths < 0 ? -tenths : tenths;
	snprintf(buf, len, "%s%lld.%lld", tenths < 0 ? "-" : "",
	    (long long)(a / 10), (long long)(a % 10));
	return buf;
}

static void
swap32(int32_t *a, int32_t *b)
{
	int32_t t = *a;

	*a = *b;
	*b = t;
}

/* Reorder V so that V[K] is what sorting would put there, with nothing
 * greater before it (Hoare's selection, iterative). The partition is
 * three-way, so values equal to the pivot are settled in one pass:
 * durations of whole days repeat a great deal, and a two-way partition
 * peels such a run one value per pass (quadratic in the run). */
static void
select_kth(int32_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2, lt, gt, j;
		int32_t pivot;

		/* Median of three as the pivot. */
		if (v[mid] < v[lo])
			swap32(&v[mid], &v[lo]);
		if (v[hi] < v[lo])
			swap32(&v[hi], &v[lo]);
		if (v[mid] < v[hi])
			swap32(&v[mid], &v[hi]);
		pivot = v[hi];
		/* v[lo..lt) < pivot, v[lt..j) == pivot, v(gt..hi] > pivot. */
		lt = j = lo;
		gt = hi;
		while (j <= gt) {
			if (v[j] < pivot)
				swap32(&v[lt++], &v[j++]);
			else if (v[j] > pivot)
				swap32(&v[j], &v[gt--]);
			else
				j++;
		}
		if (k < lt)
			hi = lt - 1;
		else if (k > gt)
			lo = gt + 1;
		else
			return;
	}
}

int64_t
report_median_tenths(int32_t *v, size_t n, int64_t unit)
{
	size_t k = n / 2, i;
	int64_t twice, num, q;

	if (n == 0)
		return NUM_NONE;
	select_kth(v, n, k);
	if (n % 2) {
		twice = 2 * (int64_t)v[k];
	} else {
		int32_t lower = v[0];

		for (i = 1; i < k; i++)
			if (v[i] > lower)
				lower = v[i];
		twice = (int64_t)lower + v[k];
	}
	/* tenths = twice / 2 * 10 / unit, rounded half away from zero. */
	num = twice * 5;
	q = ((num < 0 ? -num : num) * 2 + unit) / (2 * unit);
	return num < 0 ? -q : q;
}
