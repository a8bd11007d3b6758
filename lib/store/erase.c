/*
 * Erasure (complaint erase), engine-blind: a complaint's personal fields
 * replaced, every event of its history checked whole before and its
 * notes and personal values redacted, and an erase event whose detail
 * keeps what each redacted event still proves. What each engine does to
 * its own tables is the driver's (erase_personal).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "sha256.h"
#include "store/created.h"
#include "store/erase.h"
#include "xmalloc.h"

/* The events an erasure redacts: checked whole before, and each one's
 * facts digested after (the erase event's detail). */
struct erase_walk {
	const char *prefix;
	struct error *err;
	int64_t *ids;
	size_t n, cap, next;
	struct buf *detail;
};

static int
check_one(const struct event *ev, void *arg)
{
	struct erase_walk *ew = arg;
	uint8_t want[SHA256_LEN], got[SHA256_LEN];

	if (ev->redacted)
		return 0;
	/* The one whose values are given back was checked by
	 * store_created_for_erase(). */
	if (ev->form == EVENT_CREATED && ev->changes == NULL)
		goto keep;
	chain_event_digest(ev, want);
	if (ev->digest == NULL || sha256_unhex(ev->digest, got) != 0 ||
	    memcmp(want, got, SHA256_LEN) != 0) {
		char ref[REF_MAX];

		ref_format(ew->prefix, ev->complaint_id, ref, sizeof(ref));
		return error_set(ew->err, EX_DATAERR, "event %" PRId64 " (%s) "
		    "does not match its hash; nothing was erased: run "
		    "'complaint verify'", ev->id, ref);
	}
keep:
	if (ew->n == ew->cap) {
		ew->cap = ew->cap ? 2 * ew->cap : 16;
		ew->ids = xreallocarray(ew->ids, ew->cap, sizeof(*ew->ids));
	}
	ew->ids[ew->n++] = ev->id;
	return 0;
}

static int
facts_one(const struct event *ev, void *arg)
{
	struct erase_walk *ew = arg;
	uint8_t facts[SHA256_LEN];
	char hex[SHA256_HEXLEN];

	/* Both walks go in id order. */
	if (ew->next >= ew->n || ev->id != ew->ids[ew->next])
		return 0;
	ew->next++;
	chain_event_facts(ev, facts);
	sha256_hex(facts, hex);
	buf_printf(ew->detail, "%serased %" PRId64 " %s",
	    ew->detail->len ? "\n" : "", ev->id, hex);
	return 0;
}

/* AFTER and SHOWN: BEFORE with each personal text set replaced by
 * ERASED; *NFIELDS how many were. */
static void
redact_fields(const struct complaint *before, struct complaint *after,
    struct complaint *shown, int *nfields)
{
	size_t i;

	complaint_copy(after, before);
	complaint_copy(shown, before);
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];
		char **v;

		if (!(f->flags & FF_PERSONAL) || !field_is_text(f))
			continue;
		v = field_text(after, f);
		if (*v == NULL || strcmp(*v, ERASED) == 0)
			continue;
		free(*v);
		*v = xstrdup(ERASED);
		free(*field_text(shown, f));
		*field_text(shown, f) = xstrdup(ERASED);
		(*nfields)++;
	}
}

int
store_erase(struct store *s, const char *prefix, int64_t id,
    const char *actor, int64_t now, const char *reason, int *nfields,
    struct error *err)
{
	const struct store_driver *d = s->drv;
	struct complaint before, after, shown;
	struct erase_created ec;
	struct erase_walk ew;
	struct buf detail = BUF_INIT, changes = BUF_INIT;
	char digest[SHA256_HEXLEN];
	int rc, found;

	*nfields = 0;
	memset(&ew, 0, sizeof(ew));
	ew.prefix = prefix;
	ew.err = err;
	ew.detail = &detail;
	memset(&before, 0, sizeof(before));
	if ((rc = store_created_for_erase(s, prefix, id, &ec, &changes,
	    digest, &found, err)) != 0 ||
	    (rc = d->complaint_load(s, prefix, id, &before, err)) != 0) {
		buf_release(&changes);
		complaint_release(&before);
		return rc;
	}
	redact_fields(&before, &after, &shown, nfields);
	if (*nfields == 0) {
		char ref[REF_MAX];

		ref_format(prefix, id, ref, sizeof(ref));
		rc = error_set(err, EX_DATAERR, "%s is already erased; "
		    "nothing personal is left", ref);
		goto done;
	}
	/* Only what is whole now may be certified after. */
	if ((rc = d->event_each(s, id, check_one, &ew, err)) != 0)
		goto done;
	/* First the history so far, then the erase event, which the
	 * redacted events need after them to verify. */
	if ((rc = d->erase_personal(s, id, found ? &ec : NULL, err)) == 0 &&
	    (rc = d->event_each(s, id, facts_one, &ew, err)) == 0)
		rc = d->complaint_save(s, &before, &shown, &after, actor, now,
		    "erase", reason, detail.len ? buf_str(&detail) : NULL, err);
done:
	free(ew.ids);
	buf_release(&detail);
	buf_release(&changes);
	complaint_release(&before);
	complaint_release(&after);
	complaint_release(&shown);
	return rc;
}
