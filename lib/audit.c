/*
 * `verify`, above the store: walks the history's hash chain (chain.h)
 * and asks the store to check its own integrity and guards.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "xmalloc.h"

struct walk {
	const char *prefix;
	struct audit_report *r;
	struct error *err;
	uint8_t prev[SHA256_LEN];
	int64_t last_id;
	/* Redacted events still waiting for their complaint's erase event. */
	struct {
		int64_t event, complaint;
	} *pending;
	size_t npending, cap;
};

static int
bad_event(struct walk *w, const struct event *ev, const char *what)
{
	char ref[REF_MAX];

	ref_format(w->prefix, ev->complaint_id, ref, sizeof(ref));
	return error_set(w->err, EX_DATAERR, "event %" PRId64 " (%s): %s",
	    ev->id, ref, what);
}

static int
check_event(const struct event *ev, void *arg)
{
	struct walk *w = arg;
	uint8_t digest[SHA256_LEN], hash[SHA256_LEN], want[SHA256_LEN];
	size_t i;

	if (ev->id <= w->last_id)
		return bad_event(w, ev, "out of order");
	w->last_id = ev->id;
	if (sha256_unhex(ev->digest, digest) != 0 ||
	    sha256_unhex(ev->hash, hash) != 0)
		return bad_event(w, ev, "hash missing or malformed");
	chain_link(w->prev, ev->id, digest, want);
	if (memcmp(want, hash, SHA256_LEN) != 0)
		return bad_event(w, ev, "hash mismatch (this event or the one "
		    "before it was changed, inserted or deleted)");
	memcpy(w->prev, hash, SHA256_LEN);
	if (ev->redacted) {
		if (w->npending == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 16;
			w->pending = xreallocarray(w->pending, w->cap,
			    sizeof(*w->pending));
		}
		w->pending[w->npending].event = ev->id;
		w->pending[w->npending].complaint = ev->complaint_id;
		w->npending++;
		w->r->redacted++;
	} else {
		chain_event_digest(ev, want);
		if (memcmp(want, digest, SHA256_LEN) != 0)
			return bad_event(w, ev, "content does not match its "
			    "hash (changed after it was written)");
	}
	if (ev->action && strcmp(ev->action, "erase") == 0 && !ev->redacted) {
		/* It covers its complaint's redacted events before it. */
		for (i = 0; i < w->npending; ) {
			if (w->pending[i].complaint == ev->complaint_id)
				w->pending[i] = w->pending[--w->npending];
			else
				i++;
		}
	}
	w->r->events++;
	sha256_hex(hash, w->r->head);
	return 0;
}

struct rebuild {
	struct store *db;
	const char *prefix;
	struct error *err;
};

/* A complaint must be what its history says it is. */
static int
rebuild_one(const struct complaint *c, void *arg)
{
	struct rebuild *rb = arg;
	struct complaint h;
	const struct field *f;
	char ref[REF_MAX];
	int rc;

	if ((rc = store_complaint_rebuild(rb->db, rb->prefix, c->id, &h,
	    rb->err)) != 0) {
		complaint_release(&h);
		if (rc != EX_NOINPUT)
			return rc;
		ref_format(rb->prefix, c->id, ref, sizeof(ref));
		return error_set(rb->err, EX_DATAERR, "%s has no history "
		    "(its events were deleted)", ref);
	}
	f = complaint_diff(c, &h);
	complaint_release(&h);
	if (f == NULL)
		return 0;
	ref_format(rb->prefix, c->id, ref, sizeof(ref));
	return error_set(rb->err, EX_DATAERR, "%s: %s differs from its "
	    "history (the complaint was edited behind the tool's back)", ref,
	    f->name);
}

static int
rebuild_all(struct store *db, const char *prefix, struct error *err)
{
	struct complaint_filter f;
	struct rebuild rb = { db, prefix, err };

	complaint_filter_init(&f);
	return store_complaint_each(db, &f, rebuild_one, &rb, err);
}

int
audit_verify(struct store *db, const char *prefix, struct audit_report *r,
    struct error *err)
{
	struct walk w;
	struct buf problem = BUF_INIT;
	int64_t id;
	int rc, version;

	memset(r, 0, sizeof(*r));
	memset(&w, 0, sizeof(w));
	if ((rc = store_integrity_check(db, &problem, err)) != 0)
		goto done;
	if (problem.len > 0) {
		rc = error_set(err, EX_IOERR, "database '%s' is corrupt: %s",
		    store_where(db), buf_str(&problem));
		goto done;
	}
	if ((version = store_schema_version(db)) != store_schema_latest(db)) {
		rc = error_set(err, EX_DATAERR, "schema version %d is not this "
		    "complaint's (%d)", version, store_schema_latest(db));
		goto done;
	}
	w.prefix = prefix;
	w.r = r;
	w.err = err;
	memcpy(w.prev, chain_genesis, SHA256_LEN);
	if ((rc = store_event_walk(db, check_event, &w, err)) != 0)
		goto done;
	if (w.npending > 0) {
		struct event ev;
		size_t i, first = 0;

		for (i = 1; i < w.npending; i++)
			if (w.pending[i].event < w.pending[first].event)
				first = i;
		memset(&ev, 0, sizeof(ev));
		ev.id = w.pending[first].event;
		ev.complaint_id = w.pending[first].complaint;
		rc = bad_event(&w, &ev, "redacted without a later erase event");
		goto done;
	}
	if ((rc = store_history_tail_check(db, &id, err)) != 0)
		goto done;
	if (id != NUM_NONE) {
		char ref[REF_MAX];

		ref_format(prefix, id, ref, sizeof(ref));
		rc = error_set(err, EX_DATAERR, "%s: its history does not end "
		    "at its last change (events deleted, or the complaint "
		    "edited behind the tool's back)", ref);
		goto done;
	}
	if ((rc = rebuild_all(db, prefix, err)) != 0)
		goto done;
	if ((rc = store_guard_check(db, &problem, err)) != 0)
		goto done;
	if (problem.len > 0) {
		rc = error_set(err, EX_DATAERR, "%s", buf_str(&problem));
		goto done;
	}
done:
	free(w.pending);
	buf_release(&problem);
	return rc;
}
