/*
 * A streaming RFC 4180 reader: quoted fields holding commas, doubled
 * quotes and line breaks, CRLF or LF (or a lone CR) line ends, and a
 * UTF-8 byte-order mark at the start. It reads from a file descriptor in
 * fixed chunks, or from a buffer in memory (what a fuzz target calls), and
 * hands back one record at a time; memory stays that of the longest record.
 */
#ifndef COMPLAINT_CSV_H
#define COMPLAINT_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The longest record accepted by default: 16 MiB. */
#define CSV_RECORD_MAX (16 * 1024 * 1024)

struct csv {
	const char *name; /* for messages: "NAME:LINE: ..." */
	int fd;           /* -1 when reading from memory */
	const char *in;   /* the bytes not yet parsed: in[pos..len) */
	size_t pos, len;
	char *chunk; /* the read buffer (fd only) */
	size_t chunk_cap;
	size_t read_max; /* bytes per read(2); tests make it small */
	int eof;
	int started;       /* the byte-order mark has been looked for */
	long line;         /* physical line of the next byte, 1-based */
	uint64_t consumed; /* bytes parsed so far (progress) */
	size_t record_max;

	/* The current record: fields back to back, each NUL-terminated. */
	char *data;
	size_t dlen, dcap;
	size_t *off;
	size_t nfields, fcap;
	const char **field;
	size_t *flen;
	long record_line; /* the line the record starts on */
};

/* Read the file descriptor FD (not closed by csv_release). NAME is used
 * in messages. */
void csv_init_fd(struct csv *c, int fd, const char *name);
/* Read the LEN bytes at BUF, which must outlive C. */
void csv_init_mem(struct csv *c, const char *buf, size_t len, const char *name);
void csv_release(struct csv *c);

/*
 * The next record: 1 with it in c->field[0..c->nfields) (c->flen their
 * lengths; a field may hold NUL bytes, each is NUL-terminated), 0 at the
 * end of the input, or an error status: EX_DATAERR "NAME:LINE: ..." for
 * malformed input (an unterminated quote, a quote inside an unquoted
 * field, text after a closing quote, a record over record_max bytes),
 * EX_IOERR for a failed read. Blank lines are skipped. The record is
 * valid until the next call.
 */
int csv_next(struct csv *c, struct error *err);

#endif
