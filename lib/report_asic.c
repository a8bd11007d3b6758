/*
 * The ASIC IDR data report: the complaints of the period replayed as of
 * the cut, kept compactly (codes point into the configuration), checked
 * whole, then given out. A report ASIC would reject is never half
 * written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "replay.h"
#include "report.h"
#include "report_asic.h"
#include "timeutil.h"
#include "xmalloc.h"

const char *const asic_element_names[AE__COUNT] = {
	[AE_ID] = "complaint_unique_identifier",
	[AE_BRAND] = "brand",
	[AE_RECEIVED] = "date_complaint_received",
	[AE_CHANNEL] = "complaint_channel",
	[AE_PRODUCT] = "product_or_service",
	[AE_ISSUE] = "complaint_issue",
	[AE_STATUS] = "complaint_status",
	[AE_CLOSED] = "date_complaint_closed",
	[AE_DAYS] = "days_to_close",
	[AE_OUTCOME] = "complaint_outcome",
	[AE_AMOUNT] = "compensation_amount",
};

/* One complaint of the report, its codes borrowed from the
 * configuration. */
struct rec {
	int64_t id;
	int64_t received_at, closed_at;  /* closed_at TIME_NONE: open */
	int64_t amount;                  /* NUM_NONE */
	const char *channel, *product, *issue, *outcome;
};

struct asic {
	const struct config *cfg;
	int64_t since, until;
	struct rec *v;
	size_t n, cap;
	struct error *err;
};

enum { T_CATEGORY, T_ROOT_CAUSE, T_CHANNEL, T_REMEDY };

/* The code M maps TEXT to; a complaint without TEXT is a data error
 * when MANDATORY (the element that needs it; 0, the identifier, which
 * is never mapped, for none), an unmapped one a configuration error. */
static int
code(struct asic *a, int64_t id, const struct strmap *m, const char *key,
    const char *text, const char *field, int mandatory, const char **out)
{
	char ref[REF_MAX];

	*out = NULL;
	if (text != NULL ? (*out = strmap_get(m, text)) != NULL : !mandatory)
		return 0;
	/* The reference is formatted for the message alone: this runs
	 * four times for each of a million complaints. */
	ref_format(a->cfg->reference_prefix, id, ref, sizeof(ref));
	if (text == NULL)
		return error_set(a->err, EX_DATAERR, "%s has no %s, which the "
		    "IDR data dictionary's mandatory element %s needs (set it,"
		    " or leave the complaint out of the period)", ref, field,
		    asic_element_names[mandatory]);
	return error_set(a->err, EX_CONFIG, "%s: no ASIC code for the "
	    "%s '%s' (map it in returns.asic.%s)", ref, field, text, key);
}

static int
asic_row(const struct replay_complaint *c, void *arg)
{
	struct asic *a = arg;
	const struct report_row *row = &c->row;
	struct rec *r;
	int closed, rc;
	char ref[REF_MAX];

	if (c->voided_at != TIME_NONE || c->merged_into != NUM_NONE)
		return 0;
	/* Received in the period, or open at its start (RG 271 reporting:
	 * every complaint of the period, those carried over included). */
	if (row->received_at >= a->until)
		return 0;
	if (row->received_at < a->since && !report_fca_outstanding(
	    row->received_at, row->resolved_at, c->known_at_start,
	    c->open_at_start, a->since))
		return 0;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	r = &a->v[a->n];
	memset(r, 0, sizeof(*r));
	r->id = c->id;
	r->received_at = row->received_at;
	/* Closed: resolved by the cut (a resolution after the period's end
	 * is not yet one, when the cut is later). */
	closed = row->resolved_at != TIME_NONE && row->resolved_at < a->until &&
	    !(row->status[0] == 'n' || row->status[0] == 'a');
	r->closed_at = closed ? row->resolved_at : TIME_NONE;
	r->amount = closed ? row->amount : NUM_NONE;
	if ((rc = code(a, c->id, &a->cfg->asic_channels, "channels",
	    row->text[T_CHANNEL].s, "channel", AE_CHANNEL, &r->channel)) ||
	    (rc = code(a, c->id, &a->cfg->asic_products, "products",
	    row->text[T_CATEGORY].s, "category", AE_PRODUCT,
	    &r->product)) ||
	    /* The issue is known by the root cause, found by the closing. */
	    (rc = code(a, c->id, &a->cfg->asic_issues, "issues",
	    row->text[T_ROOT_CAUSE].s, "root cause", closed ? AE_ISSUE : 0,
	    &r->issue)) ||
	    (rc = code(a, c->id, &a->cfg->asic_outcomes, "outcomes",
	    row->text[T_REMEDY].s, "remedy", closed ? AE_OUTCOME : 0,
	    &r->outcome)))
		return rc;
	if (closed && r->closed_at < r->received_at) {
		ref_format(a->cfg->reference_prefix, c->id, ref, sizeof(ref));
		return error_set(a->err, EX_DATAERR, "%s was closed before it "
		    "was received, which the IDR data dictionary refuses (%s "
		    "before %s)", ref, asic_element_names[AE_CLOSED],
		    asic_element_names[AE_RECEIVED]);
	}
	a->n++;
	return 0;
}

int
report_asic_run(struct store *db, const struct config *cfg, int64_t since,
    int64_t until, int64_t as_of, asic_fn fn, void *arg, int64_t *n,
    struct error *err)
{
	static const char *const cols[] = {
		[T_CATEGORY] = "category", [T_ROOT_CAUSE] = "root_cause",
		[T_CHANNEL] = "channel", [T_REMEDY] = "remedy",
	};
	struct asic a;
	struct asic_record out;
	char ref[REF_MAX], received[16], closed[16], days[24], amount[32];
	size_t i;
	int rc;

	memset(&a, 0, sizeof(a));
	a.cfg = cfg;
	a.since = since;
	a.until = until;
	a.err = err;
	*n = 0;
	rc = report_replay(db, as_of, since, cols, 4, asic_row, &a, err);
	for (i = 0; i < a.n && rc == 0; i++) {
		const struct rec *r = &a.v[i];

		memset(&out, 0, sizeof(out));
		out.id = r->id;
		ref_format(cfg->reference_prefix, r->id, ref, sizeof(ref));
		time_format_local_date(r->received_at, received,
		    sizeof(received));
		out.v[AE_ID] = ref;
		out.v[AE_BRAND] = cfg->organisation;
		out.v[AE_RECEIVED] = received;
		out.v[AE_CHANNEL] = r->channel;
		out.v[AE_PRODUCT] = r->product;
		out.v[AE_ISSUE] = r->issue;
		out.v[AE_STATUS] = r->closed_at != TIME_NONE ? "Closed" :
		    "Open";
		if (r->closed_at != TIME_NONE) {
			/* Calendar days, receipt to closing, local dates. */
			int64_t d0, d1;

			time_format_local_date(r->closed_at, closed,
			    sizeof(closed));
			d0 = time_local_midnight(atoi(received),
			    atoi(received + 5), atoi(received + 8));
			d1 = time_local_midnight(atoi(closed),
			    atoi(closed + 5), atoi(closed + 8));
			snprintf(days, sizeof(days), "%lld",
			    (long long)((d1 - d0 + 43200) / 86400));
			out.v[AE_CLOSED] = closed;
			out.v[AE_DAYS] = days;
			out.v[AE_OUTCOME] = r->outcome;
			if (r->amount != NUM_NONE) {
				amount_format(r->amount, amount,
				    sizeof(amount));
				out.v[AE_AMOUNT] = amount;
			}
		}
		rc = fn(&out, arg);
		(*n)++;
	}
	free(a.v);
	return rc;
}
