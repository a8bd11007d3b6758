/*
 * Creation events that store no changes (EVENT_CREATED, complaint.h):
 * the values a complaint was created with, given back from its row taken
 * back through the "before" values of its later events, for the readers
 * above the store (show, export, the replay, verify, erase). Engine-blind:
 * it reads through the driver table.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "store/created.h"
#include "xmalloc.h"

/* A complaint's events, as read: the first one's form, id and time, and
 * the changes of every later one (copied: the driver's rows are gone
 * after each call). */
struct later {
	int seen;
	int first_form;
	int first_stores;      /* the first event holds its changes */
	int64_t first_id;
	int64_t first_at;
	char **changes;
	int64_t *ids;
	size_t n, cap;
};

static int
collect(const struct event *ev, void *arg)
{
	struct later *l = arg;

	if (!l->seen) {
		l->seen = 1;
		l->first_form = ev->form;
		l->first_stores = ev->changes != NULL;
		l->first_id = ev->id;
		l->first_at = ev->at;
		return 0;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->changes = xreallocarray(l->changes, l->cap,
		    sizeof(*l->changes));
		l->ids = xreallocarray(l->ids, l->cap, sizeof(*l->ids));
	}
	l->changes[l->n] = ev->changes ? xstrdup(ev->changes) : NULL;
	l->ids[l->n++] = ev->id;
	return 0;
}

static void
later_release(struct later *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->changes[i]);
	free(l->changes);
	free(l->ids);
}

/* Complaint ID as messages name it: its reference, or "complaint ID"
 * where the reader was given no prefix (store_event_each()). */
static void
name_of(const char *prefix, int64_t id, char *buf, size_t len)
{
	if (prefix != NULL)
		ref_format(prefix, id, buf, len);
	else
		snprintf(buf, len, "complaint %" PRId64, id);
}

/* Taking C back through one event: each change's "after" must be what C
 * holds (else the history does not lead to the row), then C gets the
 * "before". */
struct undo {
	struct complaint *c;
	const char *prefix;
	int64_t event_id;
	struct error *err;
};

static int
undo_change(const char *name, const char *before, const char *after,
    void *arg)
{
	struct undo *u = arg;
	const struct field *f = complaint_field(name);
	struct complaint then;
	int same;

	/* As a rebuild: a name the field table no longer has is no fact
	 * of the complaint's row. */
	if (f == NULL || (f->flags & FF_NOHISTORY))
		return 0;
	complaint_init(&then);
	field_set_text(&then, f, after);
	same = field_equal(u->c, &then, f);
	complaint_release(&then);
	if (!same) {
		char ref[REF_MAX];

		name_of(u->prefix, u->c->id, ref, sizeof(ref));
		return error_set(u->err, EX_DATAERR, "event %" PRId64 " (%s): "
		    "its change of %s does not lead to the complaint as "
		    "stored", u->event_id, ref, name);
	}
	field_set_text(u->c, f, before);
	return 0;
}

int
store_complaint_created(struct store *s, const char *prefix, int64_t id,
    struct complaint *c, int64_t *event_id, struct error *err)
{
	struct later l;
	struct undo u;
	size_t k;
	int rc;

	memset(&l, 0, sizeof(l));
	if ((rc = s->drv->complaint_load(s, prefix, id, c, err)) != 0)
		return rc;
	if ((rc = s->drv->event_each(s, id, collect, &l, err)) != 0)
		goto done;
	if (!l.seen || l.first_form != EVENT_CREATED || l.first_stores) {
		char ref[REF_MAX];

		name_of(prefix, id, ref, sizeof(ref));
		rc = error_set(err, EX_SOFTWARE, "%s was not created by an "
		    "event whose changes are derived", ref);
		goto done;
	}
	u.c = c;
	u.prefix = prefix;
	u.err = err;
	for (k = l.n; k-- > 0;) {
		u.event_id = l.ids[k];
		if (l.changes[k] != NULL && (rc = s->drv->changes_each(s,
		    l.changes[k], undo_change, &u, err)) != 0)
			goto done;
	}
	c->updated_at = l.first_at;
	if (event_id != NULL)
		*event_id = l.first_id;
done:
	later_release(&l);
	if (rc != 0) {
		complaint_release(c);
		complaint_init(c);
	}
	return rc;
}

int
store_event_created(struct store *s, const char *prefix,
    const struct event *ev, struct event *copy, struct buf *changes,
    const struct event **out, struct error *err)
{
	struct complaint c;
	int rc;

	*out = ev;
	if (ev->form != EVENT_CREATED || ev->changes != NULL)
		return 0;
	buf_reset(changes);
	if (ev->created != NULL) {
		complaint_created_json(changes, ev->created);
	} else {
		if ((rc = store_complaint_created(s, prefix, ev->complaint_id,
		    &c, NULL, err)) != 0)
			return rc;
		complaint_created_json(changes, &c);
		complaint_release(&c);
	}
	*copy = *ev;
	copy->changes = buf_str(changes);
	*out = copy;
	return 0;
}

/* The first event of a complaint, copied. */
struct first_event {
	int seen;
	struct event ev;
	char *s[5]; /* actor, account, action, note, detail */
};

static int
first_event(const struct event *ev, void *arg)
{
	struct first_event *fe = arg;

	if (fe->seen)
		return 0;
	fe->seen = 1;
	fe->ev = *ev;
	fe->ev.actor = fe->s[0] = ev->actor ? xstrdup(ev->actor) : NULL;
	fe->ev.account = fe->s[1] = ev->account ? xstrdup(ev->account) : NULL;
	fe->ev.action = fe->s[2] = ev->action ? xstrdup(ev->action) : NULL;
	fe->ev.note = fe->s[3] = ev->note ? xstrdup(ev->note) : NULL;
	fe->ev.detail = fe->s[4] = ev->detail ? xstrdup(ev->detail) : NULL;
	/* Only whether it stores its changes matters here. */
	fe->ev.changes = ev->changes ? "" : NULL;
	fe->ev.digest = NULL;
	return 0;
}

/*
 * The check of one event against the chain as stored: from the nearest
 * event before it that stores its hash, each event's link made again
 * up to the first at or after it that stores one (CHAIN_STORED_EVERY,
 * chain.h), whose hash must match. TARGET's digest is given.
 */
struct segment {
	struct store *s;
	const char *prefix;
	int64_t target;
	const uint8_t *target_digest;
	uint8_t prev[SHA256_LEN];
	int matched;
	int64_t from;       /* the stored hash it starts from; 0: genesis */
	int64_t mismatch;   /* the stored hash that did not match */
	int64_t unchecked;  /* an event without a digest or hash to check */
	struct error *err;
};

/* What segment_one() returns to end the walk, matched or not: no
 * exit status is 1. */
#define SEGMENT_END 1

static int
segment_one(const struct event *ev, void *arg)
{
	struct segment *sg = arg;
	uint8_t d[SHA256_LEN], hash[SHA256_LEN];
	struct complaint c;
	int rc;

	if (ev->id == sg->target) {
		memcpy(d, sg->target_digest, SHA256_LEN);
	} else if (ev->form == EVENT_CREATED && !ev->redacted) {
		if (ev->created != NULL) {
			chain_created_digest(ev, ev->created, d);
		} else {
			if ((rc = store_complaint_created(sg->s, sg->prefix,
			    ev->complaint_id, &c, NULL, sg->err)) != 0)
				return rc;
			chain_created_digest(ev, &c, d);
			complaint_release(&c);
		}
	} else if (ev->digest == NULL || sha256_unhex(ev->digest, d) != 0) {
		sg->unchecked = ev->id;
		return SEGMENT_END;
	}
	chain_link(sg->prev, ev->id, d, hash);
	if (ev->hash_state == EVENT_HASH_OK) {
		if (memcmp(hash, ev->hash, SHA256_LEN) != 0) {
			sg->mismatch = ev->id;
			return SEGMENT_END;
		}
		if (ev->id >= sg->target) {
			sg->matched = 1;
			return SEGMENT_END;
		}
	} else if (ev->hash_state != EVENT_HASH_NONE ||
	    ev->form != EVENT_CREATED) {
		sg->unchecked = ev->id;
		return SEGMENT_END;
	}
	memcpy(sg->prev, hash, SHA256_LEN);
	return 0;
}

/*
 * Whether event EVENT_ID of complaint ID, whose digest is DIGEST, holds
 * in the chain; the error when it does not names what failed: the run
 * of events the hash that did not match proves (an erasure beside a
 * changed event is refused for it, though its own event is sound), the
 * event that cannot be checked, or the missing hash after it.
 */
static int
chain_check_event(struct store *s, const char *prefix, int64_t id,
    int64_t event_id, const uint8_t digest[SHA256_LEN], struct error *err)
{
	struct segment sg;
	char ref[REF_MAX], why[192];
	int rc;

	memset(&sg, 0, sizeof(sg));
	sg.s = s;
	sg.prefix = prefix;
	sg.target = event_id;
	sg.target_digest = digest;
	sg.err = err;
	if ((rc = s->drv->chain_prev(s, event_id, &sg.from, sg.prev,
	    err)) != 0)
		return rc;
	rc = s->drv->event_walk(s, sg.from, segment_one, &sg, err);
	if (rc != 0 && rc != SEGMENT_END)
		return rc;
	if (sg.matched)
		return 0;
	if (sg.mismatch == event_id && sg.from + 1 == event_id)
		snprintf(why, sizeof(why), "does not match its hash");
	else if (sg.mismatch != 0)
		snprintf(why, sizeof(why), "cannot be proven: the events %"
		    PRId64 " to %" PRId64 " no longer match the hash stored at "
		    "event %" PRId64 " (one was changed, inserted or deleted)",
		    sg.from + 1, sg.mismatch, sg.mismatch);
	else if (sg.unchecked != 0)
		snprintf(why, sizeof(why), "cannot be proven: event %" PRId64
		    " has no digest or hash to check", sg.unchecked);
	else
		snprintf(why, sizeof(why), "cannot be proven: no event after "
		    "it stores a hash");
	ref_format(prefix, id, ref, sizeof(ref));
	return error_set(err, EX_DATAERR, "event %" PRId64 " (%s) %s; nothing "
	    "was erased: run 'complaint verify'", event_id, ref, why);
}

int
store_created_for_erase(struct store *s, const char *prefix, int64_t id,
    struct erase_created *ec, struct buf *changes,
    char digest[SHA256_HEXLEN], int *found, struct error *err)
{
	struct first_event fe;
	struct complaint c;
	uint8_t d[SHA256_LEN];
	size_t i;
	int rc;

	*found = 0;
	memset(&fe, 0, sizeof(fe));
	if ((rc = s->drv->event_each(s, id, first_event, &fe, err)) != 0)
		goto done;
	if (!fe.seen || fe.ev.form != EVENT_CREATED || fe.ev.redacted ||
	    fe.ev.changes != NULL)
		goto done;
	if (s->drv->chain_prev == NULL || s->drv->event_walk == NULL) {
		rc = error_set(err, EX_CONFIG, "erase is not yet supported "
		    "on %s for an imported complaint", s->drv->name);
		goto done;
	}
	if ((rc = store_complaint_created(s, prefix, id, &c, NULL,
	    err)) != 0)
		goto done;
	chain_created_digest(&fe.ev, &c, d);
	if ((rc = chain_check_event(s, prefix, id, fe.ev.id, d, err)) == 0) {
		buf_reset(changes);
		complaint_created_json(changes, &c);
		sha256_hex(d, digest);
		ec->event_id = fe.ev.id;
		ec->changes = buf_str(changes);
		ec->digest = digest;
		*found = 1;
	}
	complaint_release(&c);
done:
	for (i = 0; i < 5; i++)
		free(fe.s[i]);
	return rc;
}

void
store_complaint_of_row(const struct complaint_row *r, struct complaint *c)
{
	size_t i;

	complaint_init(c);
	c->id = r->id;
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if (field_is_text(f))
			*field_text(c, f) = r->v[i].text ?
			    xstrdup(r->v[i].text) : NULL;
		else
			*field_num(c, f) = r->v[i].num;
	}
}
