/*
 * Replaying the history: the JSON of each event's changes is read by a
 * small scanner of its own (the form field.c writes: an object of
 * "field": [before, after] pairs whose values are null, integers,
 * booleans or strings), since a million complaints have millions of
 * events and a general JSON library would build a tree for each. Only
 * the fields the reports count are kept; the rest are skipped unread.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "replay.h"
#include "timeutil.h"
#include "xmalloc.h"

enum slot {
	S_STATUS, S_RECEIVED_AT, S_RESOLVED_AT, S_ACKNOWLEDGED_AT, S_ACK_DUE,
	S_RESOLVE_DUE, S_LEVEL, S_CONTACTS, S_REPEAT_OF, S_AMOUNT,
	S_FIRST_CONTACT, S_VOIDED_AT, S_MERGED_INTO, S_VULNERABLE,
	S__NUMS,
	S_JUSTIFIED = S__NUMS, S_SATISFIED, S_CATEGORY, S_CHANNEL,
	S_DEPARTMENT, S_OWNER, S_SEVERITY, S_ROOT_CAUSE, S_REGIME, S_REMEDY,
	S__COUNT
};

enum kind { K_STATUS, K_TIME, K_NUM, K_TEXT };

static const struct {
	const char *name;
	enum slot slot;
	enum kind kind;
} keys[] = {
	{ "status", S_STATUS, K_STATUS },
	{ "received_at", S_RECEIVED_AT, K_TIME },
	{ "resolved_at", S_RESOLVED_AT, K_TIME },
	{ "acknowledged_at", S_ACKNOWLEDGED_AT, K_TIME },
	{ "ack_due", S_ACK_DUE, K_TIME },
	{ "resolve_due", S_RESOLVE_DUE, K_TIME },
	{ "level", S_LEVEL, K_NUM },
	{ "contacts", S_CONTACTS, K_NUM },
	{ "repeat_of", S_REPEAT_OF, K_NUM },
	{ "amount", S_AMOUNT, K_NUM },
	{ "first_contact", S_FIRST_CONTACT, K_NUM },
	{ "voided_at", S_VOIDED_AT, K_TIME },
	{ "merged_into", S_MERGED_INTO, K_NUM },
	{ "vulnerable", S_VULNERABLE, K_NUM },
	{ "justified", S_JUSTIFIED, K_TEXT },
	{ "satisfied", S_SATISFIED, K_TEXT },
	{ "category", S_CATEGORY, K_TEXT },
	{ "channel", S_CHANNEL, K_TEXT },
	{ "department", S_DEPARTMENT, K_TEXT },
	{ "owner", S_OWNER, K_TEXT },
	{ "severity", S_SEVERITY, K_TEXT },
	{ "root_cause", S_ROOT_CAUSE, K_TEXT },
	{ "regime", S_REGIME, K_TEXT },
	{ "remedy", S_REMEDY, K_TEXT },
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

struct text {
	char *s;
	size_t len, cap;
	int set;
};

struct replay_state {
	int64_t num[S__NUMS];
	struct text text[S__COUNT - S__NUMS];
	int text_slot[STORE_SCAN_TEXTS];
	int ntexts;
	struct text key;         /* the key being read */
	struct text scratch;     /* a value not kept (a time's text) */
	struct replay_complaint out;
};

static void
state_reset(struct replay_state *st)
{
	size_t i;

	for (i = 0; i < S__NUMS; i++)
		st->num[i] = NUM_NONE;
	/* The defaults of the complaint table, for a history that never
	 * names them. */
	st->num[S_LEVEL] = 0;
	st->num[S_CONTACTS] = 1;
	st->num[S_FIRST_CONTACT] = 0;
	st->num[S_VULNERABLE] = 0;
	for (i = 0; i < S__COUNT - S__NUMS; i++)
		st->text[i].set = 0;
}

static void
text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

struct cur {
	const char *p, *end;
};

static void
ws(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' ||
	    *c->p == '\t' || *c->p == '\r'))
		c->p++;
}

static int
eat(struct cur *c, char ch)
{
	ws(c);
	if (c->p >= c->end || *c->p != ch)
		return -1;
	c->p++;
	return 0;
}

static int
hex4(const char *p, unsigned *u)
{
	int i;

	*u = 0;
	for (i = 0; i < 4; i++) {
		char h = p[i];

		*u <<= 4;
		if (h >= '0' && h <= '9')
			*u |= (unsigned)(h - '0');
		else if (h >= 'a' && h <= 'f')
			*u |= (unsigned)(h - 'a' + 10);
		else if (h >= 'A' && h <= 'F')
			*u |= (unsigned)(h - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void
put_utf8(struct text *t, unsigned u)
{
	char b[4];
	size_t n;

	if (u < 0x80) {
		b[0] = (char)u;
		n = 1;
	} else if (u < 0x800) {
		b[0] = (char)(0xc0 | u >> 6);
		b[1] = (char)(0x80 | (u & 0x3f));
		n = 2;
	} else if (u < 0x10000) {
		b[0] = (char)(0xe0 | u >> 12);
		b[1] = (char)(0x80 | (u >> 6 & 0x3f));
		b[2] = (char)(0x80 | (u & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | u >> 18);
		b[1] = (char)(0x80 | (u >> 12 & 0x3f));
		b[2] = (char)(0x80 | (u >> 6 & 0x3f));
		b[3] = (char)(0x80 | (u & 0x3f));
		n = 4;
	}
	text_add(t, b, n);
}

/* A string at C (after its opening quote) into OUT, decoded. */
static int
string(struct cur *c, struct text *out)
{
	const char *run;
	unsigned u, lo;

	out->len = 0;
	text_add(out, "", 0);
	for (;;) {
		run = c->p;
		/* JSON has no raw control characters in a string, and a
		 * text kept here must hold no NUL. */
		while (c->p < c->end && *c->p != '"' && *c->p != '\\' &&
		    (unsigned char)*c->p >= 0x20)
			c->p++;
		if (c->p >= c->end || (unsigned char)*c->p < 0x20)
			return -1;
		text_add(out, run, (size_t)(c->p - run));
		if (*c->p++ == '"')
			return 0;
		if (c->p >= c->end)
			return -1;
		switch (*c->p++) {
		case '"': text_add(out, "\"", 1); break;
		case '\\': text_add(out, "\\", 1); break;
		case '/': text_add(out, "/", 1); break;
		case 'b': text_add(out, "\b", 1); break;
		case 'f': text_add(out, "\f", 1); break;
		case 'n': text_add(out, "\n", 1); break;
		case 'r': text_add(out, "\r", 1); break;
		case 't': text_add(out, "\t", 1); break;
		case 'u':
			if (c->end - c->p < 4 || hex4(c->p, &u) != 0)
				return -1;
			c->p += 4;
			if (u >= 0xd800 && u < 0xdc00 && c->end - c->p >= 6 &&
			    c->p[0] == '\\' && c->p[1] == 'u' &&
			    hex4(c->p + 2, &lo) == 0 && lo >= 0xdc00 &&
			    lo < 0xe000) {
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				c->p += 6;
			}
			if (u == 0)
				return -1;
			put_utf8(out, u);
			break;
		default:
			return -1;
		}
	}
}

/* Past a string at C (after its opening quote), not kept: the texts
 * of the fields a report does not count are most of an event. */
static int
string_skip(struct cur *c)
{
	const char *q;

	for (;;) {
		q = memchr(c->p, '"', (size_t)(c->end - c->p));
		if (q == NULL)
			return -1;
		/* The quote ends the string unless an odd run of
		 * backslashes escapes it. */
		{
			const char *b = q;

			while (b > c->p && b[-1] == '\\')
				b--;
			c->p = q + 1;
			if ((q - b) % 2 == 0)
				return 0;
		}
	}
}

static int
literal(struct cur *c, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return -1;
	c->p += n;
	return 0;
}

static int
integer(struct cur *c, int64_t *v)
{
	int neg = 0;
	int64_t n = 0;
	const char *start;

	if (c->p < c->end && *c->p == '-') {
		neg = 1;
		c->p++;
	}
	start = c->p;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (n > (INT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*c->p++ - '0');
	}
	if (c->p == start || (c->p < c->end && (*c->p == '.' ||
	    *c->p == 'e' || *c->p == 'E')))
		return -1;
	*v = neg ? -n : n;
	return 0;
}

/* One value at C, of the form the history writes: into the number *NUM
 * or the text *T (both NULL: the value is passed over). null unsets
 * either. A string for a number is a time or a status (KIND); a status
 * is never a number. */
static int
value(struct replay_state *st, struct cur *c, enum kind kind, int64_t *num,
    struct text *t)
{
	struct text *into = t != NULL ? t : &st->scratch;

	ws(c);
	if (c->p >= c->end)
		return -1;
	switch (*c->p) {
	case 'n':
		if (literal(c, "null") != 0)
			return -1;
		if (num != NULL)
			*num = NUM_NONE;
		if (t != NULL)
			t->set = 0;
		return 0;
	case 't':
	case 'f': {
		int yes = *c->p == 't';

		if (literal(c, yes ? "true" : "false") != 0)
			return -1;
		if (num != NULL)
			*num = yes;
		return t != NULL ? -1 : 0;
	}
	case '"':
		c->p++;
		if (num == NULL && t == NULL)
			return string_skip(c);
		if (string(c, into) != 0)
			return -1;
		if (t != NULL) {
			t->set = 1;
			return 0;
		}
		if (kind == K_STATUS) {
			int s = status_lookup(into->s);

			*num = s >= 0 ? s : NUM_NONE;
		} else if (kind == K_TIME) {
			if (time_parse_rfc3339(into->s, num) != 0)
				return -1;
		} else
			return -1;
		return 0;
	default:
		if (t != NULL || (num != NULL && kind == K_STATUS))
			return -1;
		return integer(c, num != NULL ? num : &(int64_t){ 0 });
	}
}

/* Any value, nested or not (a field this reader does not keep): one
 * pass to its end, strings passed over whole; what it holds is not
 * checked, only that it ends. */
static int
skip(struct cur *c)
{
	int level = 0;

	ws(c);
	if (c->p < c->end && *c->p != '[' && *c->p != '{') {
		/* A scalar: to the next delimiter. */
		if (*c->p == '"') {
			c->p++;
			return string_skip(c);
		}
		while (c->p < c->end && *c->p != ',' && *c->p != ']' &&
		    *c->p != '}')
			c->p++;
		return 0;
	}
	while (c->p < c->end) {
		switch (*c->p++) {
		case '"':
			if (string_skip(c) != 0)
				return -1;
			break;
		case '[':
		case '{':
			if (++level > 32)
				return -1;
			break;
		case ']':
		case '}':
			if (--level == 0)
				return 0;
			break;
		}
	}
	return -1;
}

/* A hash of a key by its length and its first and last bytes, which
 * tell the kept keys apart; a slot is -1 empty, -2 shared. */
#define KEY_SLOTS 128

static unsigned
key_hash(const char *name, size_t len)
{
	return (unsigned)(len + (unsigned char)name[0] * 3u +
	    (unsigned char)name[len - 1] * 5u) & (KEY_SLOTS - 1);
}

/* The key of LEN bytes at NAME in keys[], or -1: most of an event's keys
 * are not kept, and are told so by one slot and one comparison. */
static int
key_find(const char *name, size_t len)
{
	static signed char slot[KEY_SLOTS];
	static size_t keylen[NKEYS];
	static int ready;
	size_t i;
	int k;

	if (!ready) {
		memset(slot, -1, sizeof(slot));
		for (i = 0; i < NKEYS; i++) {
			keylen[i] = strlen(keys[i].name);
			k = (int)key_hash(keys[i].name, keylen[i]);
			slot[k] = slot[k] == -1 ? (signed char)i : -2;
		}
		ready = 1;
	}
	if (len == 0)
		return -1;
	k = slot[key_hash(name, len)];
	if (k >= 0)
		return keylen[k] == len && memcmp(name, keys[k].name,
		    len) == 0 ? k : -1;
	if (k == -1)
		return -1;
	for (i = 0; i < NKEYS; i++)
		if (keylen[i] == len && memcmp(name, keys[i].name, len) == 0)
			return (int)i;
	return -1;
}

static int
key_lookup(const char *name)
{
	return key_find(name, strlen(name));
}

/* The key at C (after its opening quote): its index in keys[], or -1;
 * -2 when it cannot be read. Field names need no escapes, so one
 * without is looked up where it lies. */
static int
key(struct replay_state *st, struct cur *c)
{
	const char *q = memchr(c->p, '"', (size_t)(c->end - c->p));
	const char *start = c->p;

	if (q == NULL)
		return -2;
	if (memchr(start, '\\', (size_t)(q - start)) == NULL) {
		c->p = q + 1;
		return q > start ? key_find(start, (size_t)(q - start)) : -1;
	}
	if (string(c, &st->key) != 0)
		return -2;
	return key_lookup(st->key.s);
}

int
report_replay_apply(struct replay_state *st, const char *changes, size_t len)
{
	struct cur c;
	int k;

	if (changes == NULL)
		return 0;
	c.p = changes;
	c.end = changes + len;
	if (eat(&c, '{') != 0)
		return -1;
	ws(&c);
	if (c.p < c.end && *c.p == '}')
		return 0;
	for (;;) {
		if (eat(&c, '"') != 0 || (k = key(st, &c)) == -2 ||
		    eat(&c, ':') != 0)
			return -1;
		if (k < 0) {
			if (skip(&c) != 0)
				return -1;
		} else {
			enum slot s = keys[k].slot;
			int64_t *num = s < S__NUMS ? &st->num[s] : NULL;
			struct text *t = s >= S__NUMS ?
			    &st->text[s - S__NUMS] : NULL;

			/* [before, after]: the before is not needed. */
			if (eat(&c, '[') != 0 ||
			    value(st, &c, keys[k].kind, NULL, NULL) != 0 ||
			    eat(&c, ',') != 0 ||
			    value(st, &c, keys[k].kind, num, t) != 0 ||
			    eat(&c, ']') != 0)
				return -1;
		}
		ws(&c);
		if (c.p < c.end && *c.p == ',') {
			c.p++;
			continue;
		}
		return eat(&c, '}');
	}
}

void
report_replay_created(struct replay_state *st, const struct complaint *c)
{
	static const struct field *field[NKEYS];
	size_t k;

	if (field[0] == NULL)
		for (k = 0; k < NKEYS; k++)
			field[k] = complaint_field(keys[k].name);
	for (k = 0; k < NKEYS; k++) {
		const struct field *f = field[k];
		enum slot s = keys[k].slot;

		if (f == NULL)
			continue;
		if (s < S__NUMS) {
			st->num[s] = *field_num_const(c, f);
		} else {
			struct text *t = &st->text[s - S__NUMS];
			const char *v = *field_text_const(c, f);

			t->set = v != NULL;
			t->len = 0;
			if (v != NULL)
				text_add(t, v, strlen(v));
		}
	}
}

static int
text_slot(const char *col)
{
	int k = key_lookup(col);

	return k >= 0 && keys[k].kind == K_TEXT ? (int)keys[k].slot : -1;
}

struct replay_state *
report_replay_state_new(const char *const *text_cols, int ntexts)
{
	struct replay_state *st = xcalloc(1, sizeof(*st));
	int i;

	for (i = 0; i < ntexts && i < STORE_SCAN_TEXTS; i++)
		st->text_slot[i] = text_slot(text_cols[i]);
	st->ntexts = i;
	state_reset(st);
	return st;
}

static const char *
text_of(const struct replay_state *st, enum slot s, size_t *len)
{
	const struct text *t = &st->text[s - S__NUMS];

	if (!t->set) {
		*len = 0;
		return NULL;
	}
	*len = t->len;
	return t->s;
}

const struct replay_complaint *
report_replay_state_get(struct replay_state *st)
{
	struct replay_complaint *o = &st->out;
	struct report_row *r = &o->row;
	size_t len;
	int i;

	r->received_at = st->num[S_RECEIVED_AT];
	r->resolved_at = st->num[S_RESOLVED_AT];
	r->status = st->num[S_STATUS] != NUM_NONE ?
	    status_name(st->num[S_STATUS]) : NULL;
	r->first_contact = st->num[S_FIRST_CONTACT] == NUM_NONE ? 0 :
	    st->num[S_FIRST_CONTACT];
	r->acknowledged_at = st->num[S_ACKNOWLEDGED_AT];
	r->ack_due = st->num[S_ACK_DUE];
	r->level = st->num[S_LEVEL] == NUM_NONE ? 0 : st->num[S_LEVEL];
	r->contacts = st->num[S_CONTACTS] == NUM_NONE ? 1 :
	    st->num[S_CONTACTS];
	r->repeat_of = st->num[S_REPEAT_OF];
	r->satisfied = text_of(st, S_SATISFIED, &len);
	r->resolve_due = st->num[S_RESOLVE_DUE];
	r->justified = text_of(st, S_JUSTIFIED, &len);
	r->amount = st->num[S_AMOUNT];
	for (i = 0; i < st->ntexts; i++)
		r->text[i].s = text_of(st, (enum slot)st->text_slot[i],
		    &r->text[i].len);
	o->voided_at = st->num[S_VOIDED_AT];
	o->merged_into = st->num[S_MERGED_INTO];
	o->vulnerable = st->num[S_VULNERABLE] == NUM_NONE ? 0 :
	    st->num[S_VULNERABLE];
	return o;
}

void
report_replay_state_release(struct replay_state *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < S__COUNT - S__NUMS; i++)
		free(st->text[i].s);
	free(st->key.s);
	free(st->scratch.s);
	free(st);
}

/* The pass of report_replay() between the store's events. */
struct pass {
	struct replay_state *st;
	int64_t start;
	int64_t id;              /* the complaint being rebuilt; 0: none */
	int events;              /* of it, applied */
	int snapped;             /* its state at START is taken */
	int known_at_start, open_at_start;
	replay_fn fn;
	void *arg;
	struct error *err;
};

static int
is_open(int64_t status)
{
	return status == ST_NEW || status == ST_ACKNOWLEDGED ||
	    status == ST_ASSESSED;
}

static void
snap(struct pass *p)
{
	p->known_at_start = p->events > 0;
	/* A resolution recorded ahead of its time (an import of a whole
	 * record at receipt) is not yet one. */
	p->open_at_start = p->events > 0 &&
	    (is_open(p->st->num[S_STATUS]) ||
	    (p->st->num[S_RESOLVED_AT] != NUM_NONE &&
	    p->st->num[S_RESOLVED_AT] >= p->start));
	p->snapped = 1;
}

/* The complaint rebuilt so far, to FN: only one the history created
 * (a status and a time of receipt). */
static int
emit(struct pass *p)
{
	const struct replay_complaint *c;
	struct replay_complaint *o;

	if (p->id == 0)
		return 0;
	if (!p->snapped)
		snap(p);
	c = report_replay_state_get(p->st);
	if (c->row.status == NULL || c->row.received_at == NUM_NONE)
		return 0;
	o = &p->st->out;
	o->id = p->id;
	o->known_at_start = p->known_at_start;
	o->open_at_start = p->open_at_start;
	return p->fn(o, p->arg);
}

static int
pass_event(const struct history_event *ev, void *arg)
{
	struct pass *p = arg;
	int rc;

	if (ev->complaint_id != p->id) {
		if ((rc = emit(p)) != 0)
			return rc;
		state_reset(p->st);
		p->id = ev->complaint_id;
		p->events = 0;
		p->snapped = 0;
	}
	if (!p->snapped && ev->at >= p->start)
		snap(p);
	if (ev->created != NULL)
		report_replay_created(p->st, ev->created);
	else if (report_replay_apply(p->st, ev->changes, ev->len) != 0)
		return error_set(p->err, EX_DATAERR, "the history of "
		    "complaint %lld holds changes that cannot be read (run "
		    "complaint verify)", (long long)ev->complaint_id);
	p->events++;
	return 0;
}

/* The fields a replay reads of a creation (report_replay_created()). */
static uint64_t
replay_fields(void)
{
	const char *names[NKEYS];
	size_t k;

	for (k = 0; k < NKEYS; k++)
		names[k] = keys[k].name;
	return complaint_field_mask(names, NKEYS);
}

int
report_replay(struct store *db, int64_t as_of, int64_t start,
    const char *const *text_cols, int ntexts, replay_fn fn, void *arg,
    struct error *err)
{
	struct pass p;
	int i, rc;

	if (ntexts > STORE_SCAN_TEXTS)
		return error_set(err, EX_SOFTWARE, "more than %d fields to "
		    "replay", STORE_SCAN_TEXTS);
	for (i = 0; i < ntexts; i++)
		if (text_slot(text_cols[i]) < 0)
			return error_set(err, EX_SOFTWARE, "no field '%s' to "
			    "replay", text_cols[i]);
	memset(&p, 0, sizeof(p));
	p.st = report_replay_state_new(text_cols, ntexts);
	p.start = start;
	p.fn = fn;
	p.arg = arg;
	p.err = err;
	rc = store_history_each(db, as_of, replay_fields(), pass_event, &p,
	    err);
	if (rc == 0)
		rc = emit(&p);
	report_replay_state_release(p.st);
	return rc;
}
