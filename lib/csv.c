/*
 * The RFC 4180 reader of csv.h. Parsing works on whatever part of the
 * input is buffered; runs of ordinary bytes are copied in one go, so the
 * cost per byte stays near that of memchr.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "xmalloc.h"

#define CSV_CHUNK (256 * 1024)

static void
csv_init(struct csv *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->fd = -1;
	c->line = 1;
	c->record_max = CSV_RECORD_MAX;
}

void
csv_init_fd(struct csv *c, int fd, const char *name)
{
	csv_init(c, name);
	c->fd = fd;
	c->chunk_cap = CSV_CHUNK;
	c->chunk = xmalloc(c->chunk_cap);
	c->read_max = CSV_CHUNK;
	c->in = c->chunk;
}

void
csv_init_mem(struct csv *c, const char *buf, size_t len, const char *name)
{
	csv_init(c, name);
	c->in = buf;
	c->len = len;
	c->eof = 1;
}

void
csv_release(struct csv *c)
{
	free(c->chunk);
	free(c->data);
	free(c->off);
	free(c->field);
	free(c->flen);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* More input: 1 when there is some, 0 at the end, -1 on a read error. */
static int
refill(struct csv *c, struct error *err)
{
	ssize_t n;

	if (c->pos < c->len)
		return 1;
	if (c->eof)
		return 0;
	c->pos = c->len = 0;
	do
		n = read(c->fd, c->chunk, c->read_max < c->chunk_cap ?
		    c->read_max : c->chunk_cap);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		error_set(err, EX_IOERR, "%s: read error: %s", c->name,
		    strerror(errno));
		return -1;
	}
	if (n == 0) {
		c->eof = 1;
		return 0;
	}
	c->len = (size_t)n;
	return 1;
}

/* At the very start, buffer at least 3 bytes (or all there is) so that
 * a byte-order mark split across reads is still seen. */
static int
fill_start(struct csv *c, struct error *err)
{
	ssize_t n;

	while (c->fd >= 0 && !c->eof && c->len - c->pos < 3) {
		do
			n = read(c->fd, c->chunk + c->len,
			    c->read_max < c->chunk_cap - c->len ?
			    c->read_max : c->chunk_cap - c->len);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			error_set(err, EX_IOERR, "%s: read error: %s",
			    c->name, strerror(errno));
			return -1;
		}
		if (n == 0)
			c->eof = 1;
		c->len += (size_t)n;
	}
	return 0;
}

static int
too_long(struct csv *c, struct error *err)
{
	return error_set(err, EX_DATAERR, "%s:%ld: record is too long (more "
	    "than %zu bytes)", c->name, c->record_line, c->record_max);
}

/* Append N bytes to the record. */
static int
put(struct csv *c, const char *s, size_t n, struct error *err)
{
	if (c->dlen + n + 1 > c->record_max)
		return too_long(c, err);
	if (c->dlen + n + 1 > c->dcap) {
		size_t cap = c->dcap ? c->dcap : 4096;

		while (cap < c->dlen + n + 1)
			cap *= 2;
		c->data = xrealloc(c->data, cap);
		c->dcap = cap;
	}
	memcpy(c->data + c->dlen, s, n);
	c->dlen += n;
	return 0;
}

static void
grow_fields(struct csv *c)
{
	c->fcap = c->fcap ? c->fcap * 2 : 32;
	c->off = xreallocarray(c->off, c->fcap, sizeof(*c->off));
	c->field = xreallocarray(c->field, c->fcap, sizeof(*c->field));
	c->flen = xreallocarray(c->flen, c->fcap, sizeof(*c->flen));
}

/* End the current field: NUL-terminate it and start the next. */
static int
end_field(struct csv *c, struct error *err)
{
	static const char nul = '\0';
	int rc;

	if ((rc = put(c, &nul, 1, err)) != 0)
		return rc;
	if (c->nfields + 1 >= c->fcap)
		grow_fields(c);
	c->off[++c->nfields] = c->dlen;
	return 0;
}

/* Make c->field and c->flen point into the finished record. */
static void
publish(struct csv *c)
{
	size_t i;

	for (i = 0; i < c->nfields; i++) {
		c->field[i] = c->data + c->off[i];
		c->flen[i] = c->off[i + 1] - c->off[i] - 1;
	}
}

enum state {
	S_START,     /* at the start of a field */
	S_PLAIN,     /* in an unquoted field */
	S_QUOTED,    /* in a quoted field */
	S_QUOTE,     /* a quote inside a quoted field: end or doubled */
	S_CR,        /* a CR ended the record; swallow an LF after it */
};

int
csv_next(struct csv *c, struct error *err)
{
	enum state s = S_START;
	long quote_line = 0;
	int rc, any = 0;

	c->dlen = 0;
	c->nfields = 0;
	if (c->fcap == 0)
		grow_fields(c);
	c->off[0] = 0;
	c->record_line = c->line;
	for (;;) {
		const char *p, *end;
		unsigned char ch;

		if ((rc = refill(c, err)) < 0)
			return EX_IOERR;
		if (rc == 0)
			break;
		if (!c->started) {
			/* A UTF-8 byte-order mark is skipped. */
			c->started = 1;
			if (fill_start(c, err) != 0)
				return EX_IOERR;
			if (c->len - c->pos >= 3 &&
			    memcmp(c->in + c->pos, "\xef\xbb\xbf", 3) == 0) {
				c->pos += 3;
				c->consumed += 3;
				continue;
			}
		}
		p = c->in + c->pos;
		end = c->in + c->len;
		if (s == S_CR) {
			if (*p == '\n') {
				c->pos++;
				c->consumed++;
			}
			goto record;
		}
		if (s == S_PLAIN || s == S_QUOTED) {
			/* A run of ordinary bytes, copied at once. */
			const char *q = p;

			if (s == S_PLAIN)
				while (q < end && *q != ',' && *q != '"' &&
				    *q != '\n' && *q != '\r')
					q++;
			else
				while (q < end && *q != '"') {
					if (*q == '\n')
						c->line++;
					q++;
				}
			if (q > p && (rc = put(c, p, (size_t)(q - p), err)) != 0)
				return rc;
			c->consumed += (uint64_t)(q - p);
			c->pos += (size_t)(q - p);
			if (q == end)
				continue;
			p = q;
		}
		ch = (unsigned char)*p;
		c->pos++;
		c->consumed++;
		switch (s) {
		case S_START:
		case S_PLAIN:
			if (ch == ',') {
				any = 1;
				if ((rc = end_field(c, err)) != 0)
					return rc;
				s = S_START;
			} else if (ch == '\n' || ch == '\r') {
				c->line++;
				if (!any && c->dlen == 0 && s == S_START) {
					/* A blank line: no record. */
					c->record_line = c->line;
					if (ch == '\r')
						s = S_CR;
					if (s == S_CR) {
						/* swallow a following LF */
						if ((rc = refill(c, err)) < 0)
							return EX_IOERR;
						if (rc > 0 &&
						    c->in[c->pos] == '\n') {
							c->pos++;
							c->consumed++;
						}
						s = S_START;
					}
					continue;
				}
				if ((rc = end_field(c, err)) != 0)
					return rc;
				if (ch == '\r') {
					s = S_CR;
					continue;
				}
				goto done;
			} else if (ch == '"') {
				if (s == S_PLAIN)
					return error_set(err, EX_DATAERR,
					    "%s:%ld: quote inside an unquoted "
					    "field (quote the whole field and "
					    "double the quote)", c->name,
					    c->line);
				quote_line = c->line;
				any = 1;
				s = S_QUOTED;
			} else {
				any = 1;
				if ((rc = put(c, p, 1, err)) != 0)
					return rc;
				s = S_PLAIN;
			}
			break;
		case S_QUOTED:
			s = S_QUOTE; /* ch is the quote */
			break;
		case S_QUOTE:
			if (ch == '"') {
				if ((rc = put(c, p, 1, err)) != 0)
					return rc;
				s = S_QUOTED;
			} else if (ch == ',') {
				if ((rc = end_field(c, err)) != 0)
					return rc;
				s = S_START;
			} else if (ch == '\n' || ch == '\r') {
				c->line++;
				if ((rc = end_field(c, err)) != 0)
					return rc;
				if (ch == '\r') {
					s = S_CR;
					continue;
				}
				goto done;
			} else {
				return error_set(err, EX_DATAERR,
				    "%s:%ld: text after the closing quote of a "
				    "field (double a quote inside a quoted "
				    "field)", c->name, c->line);
			}
			break;
		case S_CR:
			break;
		}
	}
	/* The end of the input. */
	if (s == S_QUOTED)
		return error_set(err, EX_DATAERR, "%s:%ld: unterminated quoted "
		    "field (the quote opened on line %ld is never closed)",
		    c->name, c->line, quote_line);
	if (s == S_CR)
		goto record;
	if (!any && c->dlen == 0)
		return 0;
	if ((rc = end_field(c, err)) != 0)
		return rc;
	goto done;
record:
	s = S_START;
done:
	publish(c);
	return 1;
}
