/*
 * The JSON of a complaint, written in one place for show --format json
 * and export --format json|ndjson: its fields in complaint_fields order
 * under "ref", then its history. export writes a million of them, so
 * the text is made straight from a struct complaint_row as the store
 * reads it, with every piece that does not change from one complaint to
 * the next (keys, statuses, level names) prepared once; show makes a row
 * of its loaded complaint and goes through the same code.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "timeutil.h"
#include "xmalloc.h"

/*
 * A piece of JSON written a million times over: up to PIECE_ROOM bytes
 * are copied in one fixed-size move (no call to memcpy), the rest from
 * TEXT.
 */
#define PIECE_ROOM 32
struct piece {
	char pad[PIECE_ROOM];
	char *text;
	size_t len;
};

struct complaint_json {
	const struct ctx *ctx;
	struct piece keys[COMPLAINT_MAXFIELDS];   /* ,"name": */
	struct piece nulls[COMPLAINT_MAXFIELDS];  /* ,"name":null */
	struct piece statuses[ST__COUNT];         /* "new" */
	struct piece *levels;                     /* "frontline" */
	size_t nlevels;
	size_t prefix_len;
	struct time_cache times;
};

static void
json_null(struct buf *b)
{
	buf_add(b, "null", 4);
}

/* Room for N more bytes at the end of B. */
static inline char *
room(struct buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		buf_grow(b, n);
	return b->s + b->len;
}

static void
piece_set(struct piece *k, const struct buf *text)
{
	memset(k->pad, 0, sizeof(k->pad));
	memcpy(k->pad, text->s, text->len < PIECE_ROOM ? text->len : 0);
	k->text = xstrdup(buf_str(text));
	k->len = text->len;
}

static inline void
piece_put(struct buf *b, const struct piece *k)
{
	if (k->len < PIECE_ROOM) {
		/* The padding's NULs keep B terminated. */
		memcpy(room(b, PIECE_ROOM), k->pad, PIECE_ROOM);
		b->len += k->len;
	} else {
		buf_add(b, k->text, k->len);
	}
}

/* A reference as cmd_ref() writes it, as a JSON string. */
static void
json_ref(const struct complaint_json *j, int64_t id, struct buf *b)
{
	char tmp[CELL_TMP_LEN], *p;
	uint64_t u = (uint64_t)id;
	int n = 0;

	if (id < 0 || j->prefix_len + 1 + 20 > sizeof(tmp)) {
		cmd_ref(j->ctx, id, tmp, sizeof(tmp));
		json_put_string(b, tmp);
		return;
	}
	p = tmp + sizeof(tmp);
	do {
		*--p = (char)('0' + u % 10);
		n++;
	} while ((u /= 10) != 0);
	for (; n < 6; n++)
		*--p = '0';
	*--p = '-';
	p -= j->prefix_len;
	memcpy(p, j->ctx->cfg.reference_prefix, j->prefix_len);
	json_put_text(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* An amount as amount_format() writes it: a JSON number. */
static void
json_amount(struct buf *b, int64_t minor)
{
	char tmp[32];

	buf_add(b, tmp, amount_format(minor, tmp, sizeof(tmp)));
}

/* T as a JSON string, or null when unset or out of range. */
static void
json_time(struct complaint_json *j, int64_t t, struct buf *b)
{
	char *p = room(b, TIME_STRLEN + 2);
	size_t n = time_format_utc_cached(&j->times, t, p + 1);

	if (n == 0) {
		json_null(b);
		return;
	}
	p[0] = '"';
	p[n + 1] = '"';
	p[n + 2] = '\0';
	b->len += n + 2;
}

struct complaint_json *
complaint_json_new(const struct ctx *ctx)
{
	struct complaint_json *j = xcalloc(1, sizeof(*j));
	const struct config *cfg = &ctx->cfg;
	struct buf k = BUF_INIT;
	size_t i;

	j->ctx = ctx;
	for (i = 0; i < complaint_nfields; i++) {
		buf_reset(&k);
		buf_putc(&k, ',');
		json_put_string(&k, complaint_fields[i].name);
		buf_putc(&k, ':');
		piece_set(&j->keys[i], &k);
		buf_add(&k, "null", 4);
		piece_set(&j->nulls[i], &k);
	}
	for (i = 0; i < ST__COUNT; i++) {
		buf_reset(&k);
		json_put_string(&k, status_name((int64_t)i));
		piece_set(&j->statuses[i], &k);
	}
	j->nlevels = cfg->levels.n + 1;
	j->levels = xcalloc(j->nlevels, sizeof(*j->levels));
	for (i = 0; i < j->nlevels; i++) {
		buf_reset(&k);
		json_put_string(&k, config_level_name(cfg, (int)i));
		piece_set(&j->levels[i], &k);
	}
	buf_release(&k);
	j->prefix_len = strlen(cfg->reference_prefix);
	return j;
}

void
complaint_json_free(struct complaint_json *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < COMPLAINT_MAXFIELDS; i++) {
		free(j->keys[i].text);
		free(j->nulls[i].text);
	}
	for (i = 0; i < ST__COUNT; i++)
		free(j->statuses[i].text);
	for (i = 0; i < j->nlevels; i++)
		free(j->levels[i].text);
	free(j->levels);
	free(j);
}

void
complaint_json_fields(struct complaint_json *j, const struct complaint_row *r,
    struct buf *b)
{
	size_t i;

	buf_add(b, "{\"ref\":", 7);
	json_ref(j, r->id, b);
	for (i = 0; i < complaint_nfields; i++) {
		enum field_type type = complaint_fields[i].type;
		int64_t v = r->v[i].num;

		/* Unset (a level is never null): key and null in one go. */
		if (type == FT_TEXT ? r->v[i].text == NULL :
		    v == NUM_NONE && type != FT_LEVEL) {
			piece_put(b, &j->nulls[i]);
			continue;
		}
		piece_put(b, &j->keys[i]);
		switch (type) {
		case FT_TEXT:
			json_put_text(b, r->v[i].text, r->v[i].len);
			break;
		case FT_STATUS:
			if (v >= 0 && v < ST__COUNT)
				piece_put(b, &j->statuses[v]);
			else
				json_put_string(b, status_name(v));
			break;
		case FT_LEVEL:
			if (v >= 0 && (uint64_t)v < j->nlevels)
				piece_put(b, &j->levels[v]);
			else
				json_put_string(b, config_level_name(
				    &j->ctx->cfg, (int)v));
			break;
		case FT_TIME:
			json_time(j, v, b);
			break;
		case FT_BOOL:
			if (v == NUM_NONE)
				json_null(b);
			else if (v)
				buf_add(b, "true", 4);
			else
				buf_add(b, "false", 5);
			break;
		case FT_AMOUNT:
			if (v == NUM_NONE)
				json_null(b);
			else
				json_amount(b, v);
			break;
		case FT_REF:
			if (v == NUM_NONE)
				json_null(b);
			else
				json_ref(j, v, b);
			break;
		case FT_INT:
		default:
			if (v == NUM_NONE)
				json_null(b);
			else
				json_put_int(b, v);
			break;
		}
	}
}

void
complaint_json_event(struct complaint_json *j, const struct event *ev,
    int first, struct buf *b)
{
	char *p;

	if (!first)
		buf_putc(b, ',');
	p = room(b, 7 + TIME_STRLEN);
	memcpy(p, "{\"at\":\"", 7);
	b->len += 7 + time_format_utc_cached(&j->times, ev->at, p + 7);
	buf_add(b, "\",\"actor\":", 10);
	json_put_string(b, ev->actor);
	buf_add(b, ",\"account\":", 11);
	json_put_string(b, ev->account);
	buf_add(b, ",\"action\":", 10);
	json_put_string(b, ev->action);
	buf_add(b, ",\"changes\":", 11);
	/* Values as the complaint's own JSON has them. */
	cmd_changes_json(j->ctx, ev->changes, b);
	buf_add(b, ",\"note\":", 8);
	json_put_string(b, ev->note);
	buf_putc(b, '}');
}

void
complaint_row_of(const struct complaint *c, struct complaint_row *r)
{
	size_t i;

	r->id = c->id;
	for (i = 0; i < complaint_nfields; i++) {
		const struct field *f = &complaint_fields[i];

		if (f->type == FT_TEXT) {
			const char *t = *field_text_const(c, f);

			r->v[i].text = t;
			r->v[i].len = t ? strlen(t) : 0;
			r->v[i].num = 0;
		} else {
			r->v[i].num = *field_num_const(c, f);
			r->v[i].text = NULL;
			r->v[i].len = 0;
		}
	}
}
