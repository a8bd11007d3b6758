/*
 * `verify`, above the store: walks the history's hash chain (chain.h)
 * and asks the store to check its own integrity and guards. Erasure
 * replaces an event's personal text yet leaves the chain intact: the
 * erase event records the digest of what each redacted event still
 * holds (its facts), and verify checks the facts against it, and the
 * ideas and rule firings against what the history says of them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "escalation.h"
#include "review.h"
#include "timeutil.h"
#include "xmalloc.h"

/* An idea as the history tells it. */
struct idea_rec {
	int64_t id, complaint, at, decided_at;
	char *actor;
	char text[SHA256_HEXLEN];
	char status[16];
	int erased, seen;
};

/* A rule firing as the history tells it (or, from before schema 8, the
 * escalation event it must match: RULE NULL). */
struct rule_rec {
	int64_t complaint, at;
	char *rule;
	int seen;
};

struct walk {
	struct store *db;
	const char *prefix;
	struct audit_report *r;
	struct error *err;
	uint8_t prev[SHA256_LEN];
	int64_t last_id;
	int accounts;          /* an event with an account was seen */
	const uint8_t *head;   /* verify --head, or NULL */
	/* The last event walked that stores its hash (0: none yet), the
	 * event walked before the current one, and the last walked when it
	 * stores none (its id 0 otherwise: CHAIN_STORED_EVERY, chain.h). */
	int64_t stored_id, prev_id;
	struct event unsealed;
	int head_found;
	/* Redacted events still waiting for their complaint's erase event. */
	/* clang-format 14 takes '} *' for a product ('} * v'). */
	/* clang-format off */
	struct {
		int64_t event, complaint;
		uint8_t facts[SHA256_LEN];
	} *pending;
	/* clang-format on */
	size_t npending, cap;
	struct idea_rec *ideas;
	size_t nideas, ideas_cap;
	struct rule_rec *rules, *legacy;
	size_t nrules, rules_cap, nlegacy, legacy_cap;
	/* Complaints created by an EVENT_CREATED event, a bit each: their
	 * values were proven by taking the row back through the history. */
	uint8_t *created;
	size_t created_len;
	/* Complaints with an event walked so far: a creation comes first. */
	uint8_t *seen;
	size_t seen_len;
};

/* Above any database's number of complaints: a bit each is 512 MiB. */
#define AUDIT_MAX_COMPLAINT ((int64_t)1 << 32)

/* Bit ID of the bitmap at *MAP (*LEN bytes, grown as needed). */
static void
bit_set(uint8_t **map, size_t *len, int64_t id)
{
	size_t byte = (size_t)id / 8;

	if (byte >= *len) {
		size_t n = *len ? *len : 1024;

		while (n <= byte)
			n *= 2;
		*map = xrealloc(*map, n);
		memset(*map + *len, 0, n - *len);
		*len = n;
	}
	(*map)[byte] |= (uint8_t)(1u << (id % 8));
}

static int
bit_test(const uint8_t *map, size_t len, int64_t id)
{
	size_t byte = (size_t)id / 8;

	return byte < len && (map[byte] & (1u << (id % 8))) != 0;
}

static void
created_mark(struct walk *w, int64_t id)
{
	bit_set(&w->created, &w->created_len, id);
}

static int
created_marked(const struct walk *w, int64_t id)
{
	return bit_test(w->created, w->created_len, id);
}

static void *
grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 16;
	return xreallocarray(v, *cap, size);
}

static int
bad_event(struct walk *w, const struct event *ev, const char *what)
{
	char ref[REF_MAX];

	ref_format(w->prefix, ev->complaint_id, ref, sizeof(ref));
	return error_set(w->err, EX_DATAERR, "event %" PRId64 " (%s): %s",
	    ev->id, ref, what);
}

/* A stored hash that does not match, after events that store none:
 * any of them may be the one changed. */
static int
bad_run(struct walk *w, const struct event *ev)
{
	char ref[REF_MAX];

	ref_format(w->prefix, ev->complaint_id, ref, sizeof(ref));
	return error_set(w->err, EX_DATAERR, "event %" PRId64 " (%s): hash "
	    "mismatch (this event or one of the %" PRId64 " before it, "
	    "back to event %" PRId64 ", which store no hash, was changed, "
	    "inserted or deleted)", ev->id, ref, ev->id - w->stored_id - 1,
	    w->stored_id + 1);
}

static int
bad_pending(struct walk *w, size_t i, const char *what)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id = w->pending[i].event;
	ev.complaint_id = w->pending[i].complaint;
	return bad_event(w, &ev, what);
}

static struct idea_rec *
idea_find(struct walk *w, int64_t id)
{
	size_t lo = 0, hi = w->nideas;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->ideas[mid].id == id)
			return &w->ideas[mid];
		if (w->ideas[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* "erased ID HEX": the redacted event ID's facts, as its erasure saw
 * them. */
static int
detail_erased(struct walk *w, const struct event *ev, const char *args,
    size_t len)
{
	uint8_t facts[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	long long id;
	size_t i;
	int n;

	if (len >= 100 || sscanf(args, "%lld %64s%n", &id, hex, &n) != 2 ||
	    (size_t)n != len || sha256_unhex(hex, facts) != 0)
		return bad_event(w, ev, "malformed erase record");
	for (i = 0; i < w->npending; i++) {
		if (w->pending[i].event != id)
			continue;
		if (w->pending[i].complaint != ev->complaint_id)
			return bad_pending(w, i, "erased by another "
			    "complaint's erase event");
		if (memcmp(w->pending[i].facts, facts, SHA256_LEN) != 0)
			return bad_pending(w, i, "its facts differ from what "
			    "its erasure recorded (changed after it was "
			    "erased)");
		w->pending[i] = w->pending[--w->npending];
		return 0;
	}
	return 0;
}

/* The detail of EV, line by line (audit.h, complaint.h). */
static int
check_detail(struct walk *w, const struct event *ev)
{
	const char *p = ev->detail, *eol;

	while (p && *p) {
		size_t len;
		int rc = 0;

		eol = strchr(p, '\n');
		len = eol ? (size_t)(eol - p) : strlen(p);
		if (strncmp(p, "rule ", 5) == 0) {
			/* A rule's name runs to the end. */
			w->rules = grow(w->rules, &w->rules_cap, w->nrules,
			    sizeof(*w->rules));
			w->rules[w->nrules].complaint = ev->complaint_id;
			w->rules[w->nrules].at = ev->at;
			w->rules[w->nrules].rule = xstrdup(p + 5);
			w->rules[w->nrules].seen = 0;
			w->nrules++;
			return 0;
		} else if (strncmp(p, "erased ", 7) == 0) {
			rc = detail_erased(w, ev, p + 7, len - 7);
		} else if (strncmp(p, "idea ", 5) == 0) {
			struct idea_rec *i;
			long long id;
			char hex[SHA256_HEXLEN];
			int n;

			if (sscanf(p + 5, "%lld %64s%n", &id, hex, &n) != 2 ||
			    (size_t)n != len - 5 || strlen(hex) != 64)
				return bad_event(w, ev, "malformed idea record");
			if (w->nideas > 0 && w->ideas[w->nideas - 1].id >= id)
				return bad_event(w, ev, "idea recorded out of "
				    "order");
			w->ideas = grow(w->ideas, &w->ideas_cap, w->nideas,
			    sizeof(*w->ideas));
			i = &w->ideas[w->nideas++];
			memset(i, 0, sizeof(*i));
			i->id = id;
			i->complaint = ev->complaint_id;
			i->at = ev->at;
			i->decided_at = NUM_NONE;
			i->actor = xstrdup(ev->actor ? ev->actor : "");
			memcpy(i->text, hex, sizeof(i->text));
			snprintf(i->status, sizeof(i->status), "proposed");
		} else if (strncmp(p, "idea-status ", 12) == 0) {
			struct idea_rec *i;
			long long id;
			char status[16];
			int n;

			if (sscanf(p + 12, "%lld %15s%n", &id, status, &n) != 2 ||
			    (size_t)n != len - 12)
				return bad_event(w, ev, "malformed idea record");
			/* An idea from before schema 8 has no record. */
			if ((i = idea_find(w, id)) != NULL) {
				snprintf(i->status, sizeof(i->status), "%s",
				    status);
				i->decided_at = strcmp(status, "proposed") == 0 ?
				    NUM_NONE : ev->at;
			}
		} else {
			return bad_event(w, ev, "unknown record in its detail");
		}
		if (rc != 0)
			return rc;
		p = eol ? eol + 1 : NULL;
	}
	return 0;
}

/*
 * The digest of EV, an EVENT_CREATED event: over the values its
 * complaint was created with, given back from the row and the later
 * events (which also proves that they lead to the row).
 */
static int
created_digest(struct walk *w, const struct event *ev,
    uint8_t digest[SHA256_LEN])
{
	struct complaint c;
	int64_t first;
	int rc;

	if (ev->changes != NULL || ev->digest != NULL)
		return bad_event(w, ev, "stores changes or a digest its form "
		    "has not");
	if (bit_test(w->seen, w->seen_len, ev->complaint_id))
		return bad_event(w, ev, "is not the first event of its "
		    "complaint");
	created_mark(w, ev->complaint_id);
	/* Its complaint's only event: the row, read with it, is what it
	 * created. */
	if (ev->created != NULL) {
		chain_created_digest(ev, ev->created, digest);
		return 0;
	}
	if ((rc = store_complaint_created(w->db, w->prefix, ev->complaint_id,
	    &c, &first, w->err)) != 0)
		return rc == EX_SOFTWARE ? bad_event(w, ev, "is not the first "
		    "event of its complaint") : rc;
	if (first != ev->id)
		rc = bad_event(w, ev, "is not the first event of its "
		    "complaint");
	else
		chain_created_digest(ev, &c, digest);
	complaint_release(&c);
	return rc;
}

static int
check_event(const struct event *ev, void *arg)
{
	struct walk *w = arg;
	uint8_t digest[SHA256_LEN], want[SHA256_LEN];
	size_t i;
	int rc;

	if (ev->id <= w->last_id)
		return bad_event(w, ev, "out of order");
	w->last_id = ev->id;
	/* The bitmaps below are indexed by complaint id. */
	if (ev->complaint_id <= 0 || ev->complaint_id > AUDIT_MAX_COMPLAINT)
		return bad_event(w, ev, "names no complaint that can exist");
	if (ev->form == EVENT_CREATED && !ev->redacted) {
		if ((rc = created_digest(w, ev, digest)) != 0)
			return rc;
	} else if (sha256_unhex(ev->digest, digest) != 0) {
		return bad_event(w, ev, "hash missing or malformed");
	}
	bit_set(&w->seen, &w->seen_len, ev->complaint_id);
	chain_link(w->prev, ev->id, digest, want);
	if (ev->hash_state == EVENT_HASH_OK) {
		if (memcmp(want, ev->hash, SHA256_LEN) != 0)
			return w->stored_id == w->prev_id ?
			    bad_event(w, ev, "hash mismatch (this event or "
			    "the one before it was changed, inserted or "
			    "deleted)") : bad_run(w, ev);
		w->stored_id = ev->id;
		w->unsealed.id = 0;
	} else if (ev->hash_state == EVENT_HASH_NONE &&
	    ev->form == EVENT_CREATED) {
		/* Proven by the next hash stored (chain.h). */
		w->unsealed.id = ev->id;
		w->unsealed.complaint_id = ev->complaint_id;
	} else {
		return bad_event(w, ev, "hash missing or malformed");
	}
	w->prev_id = ev->id;
	memcpy(w->prev, want, SHA256_LEN);
	if (w->head && memcmp(w->head, want, SHA256_LEN) == 0)
		w->head_found = 1;
	if (ev->account == NULL) {
		/* Older events have no account; none may follow one that
		 * has, nor carry a detail their digest would not cover. */
		if (w->accounts)
			return bad_event(w, ev, "has no account, yet an earlier "
			    "event has one (its account was removed)");
		if (ev->detail != NULL)
			return bad_event(w, ev, "has a detail its hash does not "
			    "cover");
	} else {
		w->accounts = 1;
	}
	if (ev->redacted) {
		w->pending = grow(w->pending, &w->cap, w->npending,
		    sizeof(*w->pending));
		w->pending[w->npending].event = ev->id;
		w->pending[w->npending].complaint = ev->complaint_id;
		chain_event_facts(ev, w->pending[w->npending].facts);
		w->npending++;
		w->r->redacted++;
	} else if (ev->form != EVENT_CREATED) {
		chain_event_digest(ev, want);
		if (memcmp(want, digest, SHA256_LEN) != 0)
			return bad_event(w, ev, "content does not match its "
			    "hash (changed after it was written)");
	}
	if ((rc = check_detail(w, ev)) != 0)
		return rc;
	if (ev->action && strcmp(ev->action, "erase") == 0) {
		/* Its complaint's ideas may read ERASED from now on. */
		for (i = 0; i < w->nideas; i++)
			if (w->ideas[i].complaint == ev->complaint_id)
				w->ideas[i].erased = 1;
		/* An erasure from before schema 8 digested no facts: it
		 * covers its complaint's redacted events as they are. */
		if (ev->account == NULL && !ev->redacted) {
			for (i = 0; i < w->npending; ) {
				if (w->pending[i].complaint == ev->complaint_id)
					w->pending[i] = w->pending[--w->npending];
				else
					i++;
			}
		}
	}
	if (ev->account == NULL && ev->action &&
	    strcmp(ev->action, "escalate") == 0) {
		w->legacy = grow(w->legacy, &w->legacy_cap, w->nlegacy,
		    sizeof(*w->legacy));
		w->legacy[w->nlegacy].complaint = ev->complaint_id;
		w->legacy[w->nlegacy].at = ev->at;
		w->legacy[w->nlegacy].rule = NULL;
		w->legacy[w->nlegacy].seen = 0;
		w->nlegacy++;
	}
	w->r->events++;
	return 0;
}

static int
bad_idea(struct walk *w, int64_t id, int64_t complaint, const char *what)
{
	char ref[REF_MAX];

	if (complaint == NUM_NONE)
		return error_set(w->err, EX_DATAERR, "idea %" PRId64 ": %s",
		    id, what);
	ref_format(w->prefix, complaint, ref, sizeof(ref));
	return error_set(w->err, EX_DATAERR, "idea %" PRId64 " (%s): %s", id,
	    ref, what);
}

/* An idea row against the history: its record, or one from before the
 * records began (an id below the first recorded one). */
static int
check_idea(const struct idea *row, void *arg)
{
	struct walk *w = arg;
	struct idea_rec *i = idea_find(w, row->id);
	char hex[SHA256_HEXLEN];

	if (i == NULL) {
		if (w->nideas == 0 || row->id < w->ideas[0].id)
			return 0;
		return bad_idea(w, row->id, row->complaint_id, "not in the "
		    "history (added behind the tool's back)");
	}
	i->seen = 1;
	chain_text_digest(row->idea, hex);
	if (row->complaint_id != i->complaint || row->proposed_at != i->at ||
	    row->decided_at != i->decided_at ||
	    strcmp(row->proposed_by, i->actor) != 0 ||
	    strcmp(row->status, i->status) != 0 ||
	    (strcmp(hex, i->text) != 0 &&
	    !(i->erased && strcmp(row->idea, ERASED) == 0)))
		return bad_idea(w, row->id, row->complaint_id, "differs from "
		    "its history (changed behind the tool's back)");
	return 0;
}

static int
rule_cmp(const void *a, const void *b)
{
	const struct rule_rec *x = a, *y = b;

	if (x->complaint != y->complaint)
		return x->complaint < y->complaint ? -1 : 1;
	if (x->rule && y->rule)
		return strcmp(x->rule, y->rule);
	return (x->at > y->at) - (x->at < y->at);
}

static int
bad_rule(struct walk *w, int64_t complaint, const char *rule,
    const char *what)
{
	char ref[REF_MAX];

	ref_format(w->prefix, complaint, ref, sizeof(ref));
	return error_set(w->err, EX_DATAERR, "rule firing '%s' of %s: %s",
	    rule, ref, what);
}

static int
check_rule(int64_t complaint, const char *rule, int64_t at, void *arg)
{
	struct walk *w = arg;
	struct rule_rec key, *r;

	key.complaint = complaint;
	key.rule = (char *)rule;
	key.at = at;
	r = w->nrules ? bsearch(&key, w->rules, w->nrules, sizeof(*w->rules),
	    rule_cmp) : NULL;
	if (r != NULL) {
		r->seen = 1;
		if (r->at != at)
			return bad_rule(w, complaint, rule, "differs from its "
			    "history (changed behind the tool's back)");
		return 0;
	}
	/* From before the records began: an escalation of its complaint
	 * at its time must be in the history. */
	key.rule = NULL;
	if (w->nlegacy && bsearch(&key, w->legacy, w->nlegacy,
	    sizeof(*w->legacy), rule_cmp) != NULL)
		return 0;
	return bad_rule(w, complaint, rule, "not in the history (added or "
	    "changed behind the tool's back)");
}

/* The ideas and rule firings are what the history says. */
static int
check_records(struct store *db, struct walk *w)
{
	size_t i;
	int rc;

	if ((rc = store_idea_each(db, TIME_NONE, check_idea, w, w->err)) != 0)
		return rc;
	for (i = 0; i < w->nideas; i++)
		if (!w->ideas[i].seen)
			return bad_idea(w, w->ideas[i].id, w->ideas[i].complaint,
			    "missing (deleted behind the tool's back)");
	if (w->nrules > 0)
		qsort(w->rules, w->nrules, sizeof(*w->rules), rule_cmp);
	for (i = 1; i < w->nrules; i++)
		if (rule_cmp(&w->rules[i - 1], &w->rules[i]) == 0)
			return bad_rule(w, w->rules[i].complaint,
			    w->rules[i].rule, "fired twice in the history");
	if (w->nlegacy > 0)
		qsort(w->legacy, w->nlegacy, sizeof(*w->legacy), rule_cmp);
	if ((rc = store_rule_fired_each(db, check_rule, w, w->err)) != 0)
		return rc;
	for (i = 0; i < w->nrules; i++)
		if (!w->rules[i].seen)
			return bad_rule(w, w->rules[i].complaint,
			    w->rules[i].rule, "missing (deleted behind the "
			    "tool's back)");
	return 0;
}

static void
walk_release(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nideas; i++)
		free(w->ideas[i].actor);
	for (i = 0; i < w->nrules; i++)
		free(w->rules[i].rule);
	free(w->ideas);
	free(w->rules);
	free(w->legacy);
	free(w->pending);
	free(w->created);
	free(w->seen);
}

struct rebuild {
	const char *prefix;
	struct error *err;
	const struct walk *w;
};

/* A complaint must be what its history says it is. */
static int
rebuild_check(const struct complaint *c, const struct complaint *h,
    void *arg)
{
	struct rebuild *rb = arg;
	const struct field *f;
	char ref[REF_MAX];

	ref_format(rb->prefix, c->id, ref, sizeof(ref));
	if (h == NULL)
		return error_set(rb->err, EX_DATAERR, "%s has no history "
		    "(its events were deleted)", ref);
	if ((f = complaint_diff(c, h)) == NULL)
		return 0;
	return error_set(rb->err, EX_DATAERR, "%s: %s differs from its "
	    "history (the complaint was edited behind the tool's back)", ref,
	    f->name);
}

/* An imported complaint's creation came from its row, which the walk
 * digested and proved with the chain: rebuilding it would compare the
 * row with itself. (Its history exists: the walk met its creation.) */
static int
rebuild_wanted(int64_t id, void *arg)
{
	const struct rebuild *rb = arg;

	return !created_marked(rb->w, id);
}

static int
rebuild_all(struct store *db, const char *prefix, const struct walk *w,
    struct error *err)
{
	struct rebuild rb = { prefix, err, w };

	return store_complaint_rebuild_each(db, prefix, rebuild_wanted,
	    rebuild_check, &rb, err);
}

int
audit_verify(struct store *db, const char *prefix, const char *head,
    struct audit_report *r, struct error *err)
{
	struct walk w;
	struct buf problem = BUF_INIT, corrupt = BUF_INIT;
	struct store_job *check;
	struct error check_err;
	uint8_t want_head[SHA256_LEN];
	int64_t id;
	int rc, check_rc, version;

	memset(r, 0, sizeof(*r));
	memset(&w, 0, sizeof(w));
	if (head != NULL) {
		if (strlen(head) != 2 * SHA256_LEN ||
		    sha256_unhex(head, want_head) != 0)
			return error_set(err, EX_DATAERR, "invalid head '%s' "
			    "(expected the 64 hexadecimal digits verify "
			    "printed)", head);
		w.head = want_head;
	}
	/* The file's own check runs beside the rest where the store can
	 * (half of verify's time on a large file); what it finds comes
	 * first, as a corrupt file makes the rest meaningless. */
	if ((rc = store_integrity_start(db, &check, err)) != 0)
		return rc;
	if ((version = store_schema_version(db)) != store_schema_latest(db)) {
		rc = error_set(err, EX_DATAERR, "schema version %d is not this "
		    "complaint's (%d)", version, store_schema_latest(db));
		goto done;
	}
	w.db = db;
	w.prefix = prefix;
	w.r = r;
	w.err = err;
	memcpy(w.prev, chain_genesis, SHA256_LEN);
	if ((rc = store_event_walk(db, check_event, &w, err)) != 0)
		goto done;
	/* The head: the last event's hash, which the walk left in prev. */
	if (r->events > 0)
		sha256_hex(w.prev, r->head);
	if (w.unsealed.id != 0) {
		rc = bad_event(&w, &w.unsealed, "the history's last event "
		    "stores no hash: nothing proves the events after the "
		    "last that does (hashes removed behind the tool's back)");
		goto done;
	}
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
	if (head != NULL && !w.head_found) {
		rc = error_set(err, EX_DATAERR, "head %s is not in the chain: "
		    "history was cut or rewritten since it was noted (the "
		    "head is now %s)", head, r->head[0] ? r->head : "none");
		goto done;
	}
	if ((rc = check_records(db, &w)) != 0)
		goto done;
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
	if ((rc = rebuild_all(db, prefix, &w, err)) != 0)
		goto done;
	if ((rc = store_guard_check(db, &problem, err)) != 0)
		goto done;
	if (problem.len > 0) {
		rc = error_set(err, EX_DATAERR, "%s", buf_str(&problem));
		goto done;
	}
done:
	error_clear(&check_err);
	if ((check_rc = store_integrity_finish(db, check, &corrupt,
	    &check_err)) != 0) {
		*err = check_err;
		rc = check_rc;
	} else if (corrupt.len > 0) {
		rc = error_set(err, EX_IOERR, "database '%s' is corrupt: %s",
		    store_where(db), buf_str(&corrupt));
	}
	walk_release(&w);
	buf_release(&problem);
	buf_release(&corrupt);
	return rc;
}
