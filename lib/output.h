/*
 * Listings in every format of SPEC 7. A listing is a header of typed
 * columns followed by rows of cells; each format decides how a cell is
 * written (JSON numbers stay numbers, times are RFC 3339 UTC in machine
 * formats and local time in the table and markdown). Rows stream straight
 * to the FILE except for the table and markdown, which must see every row
 * to size their columns.
 */
#ifndef COMPLAINT_OUTPUT_H
#define COMPLAINT_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "buf.h"

enum out_format {
	OUT_TABLE,
	OUT_TSV,
	OUT_CSV,
	OUT_JSON,
	OUT_NDJSON,
	OUT_MARKDOWN,
};

/* Parse a --format value (exactly "table", "tsv", "csv", "json", "ndjson"
 * or "markdown"); -1 if unknown. */
int out_format_lookup(const char *name);
/* The --format name of F; NULL for a value outside the enum. */
const char *out_format_name(enum out_format f);

enum cell_type {
	CELL_NULL,   /* empty in text formats, null in JSON */
	CELL_TEXT,   /* a string */
	CELL_INT,    /* an integer */
	CELL_NUMBER, /* a decimal held as text ("12.50", "33.3"): a JSON number
	              * when RFC 8259 allows, else a JSON string */
	CELL_BOOL,   /* true/false in JSON, "yes"/"no" in text formats */
	CELL_TIME,   /* seconds since the epoch; TIME_NONE is null */
};

struct cell {
	enum cell_type type;
	const char *text; /* CELL_TEXT, CELL_NUMBER */
	int64_t num;      /* CELL_INT, CELL_BOOL, CELL_TIME */
};

/* Cell constructors; a NULL text gives CELL_NULL. */
struct cell cell_text(const char *s);
struct cell cell_int(int64_t n);
struct cell cell_number(const char *s);
struct cell cell_bool(int b);
struct cell cell_time(int64_t t);
struct cell cell_null(void);

struct out;

/*
 * Begin a listing of NCOLS columns named COLS on FP; TSV and CSV write
 * their header line with the first row, so that a listing of no rows
 * prints nothing (JSON prints its empty array). COLOR allows ANSI colour in the table (the
 * caller decides: a terminal and no NO_COLOR). WIDTH is the terminal
 * width for the table (0: unlimited); text columns, widest first, are cut
 * with "…" to fit, except the first, which names the row. COLS need not
 * outlive the call.
 */
struct out *out_begin(FILE *fp, enum out_format fmt, const char *const *cols,
    int ncols, int color, int width);
/*
 * Table only: when the column named NAME may be cut to fit the terminal.
 * RANK 0 never (a status, a kind); free text 1, 2, 3 ... in the order it
 * gives way (summary, customer, category); every other text column is
 * OUT_CUT_LAST and gives way after the spaces between columns have
 * shrunk to one. The first column and non-text cells are never cut.
 */
#define OUT_CUT_LAST 100
void out_cut(struct out *o, const char *name, int rank);
/* Table only: when the columns that are never cut are too wide for the
 * terminal, print a block of "name  value" lines per row instead. */
void out_blocks(struct out *o);
/* Table only: colour cell COL (below 64) of the next row, when colour
 * is allowed (an overdue due time, an escalated level). */
void out_mark(struct out *o, int col);
/* One row of exactly NCOLS cells. The cells' strings need not outlive the
 * call (a string a store scan hands out will do). */
void out_row(struct out *o, const struct cell *cells);
/* Finish (closing brackets, the buffered table; a table of no rows prints
 * nothing at all), flush FP and free O; FP stays open. Returns 0, or -1
 * when any write to FP failed. */
int out_end(struct out *o);

/* Escaping helpers, exposed for show and export. */
/* S as a JSON string, quotes included; NULL gives null. Invalid UTF-8
 * bytes become U+FFFD each, so the result is always valid JSON. */
void json_put_string(struct buf *b, const char *s);
/* The same for LEN bytes at S, which a NUL follows; a NUL within them
 * ends the text, as it ends a C string. */
void json_put_text(struct buf *b, const char *s, size_t len);
/* N in decimal, as a JSON number. */
void json_put_int(struct buf *b, int64_t n);
/* One cell as the json and ndjson formats write it: a number, true or
 * false, null, or a string (text and RFC 3339 UTC times). */
void json_put_cell(struct buf *b, const struct cell *c);
/* S with \, TAB, LF and CR written as \\, \t, \n, \r; NULL adds nothing. */
void tsv_put_field(struct buf *b, const char *s);
/* RFC 4180 quoting, and a leading = + - @ TAB CR made inert with a
 * leading apostrophe (so a spreadsheet never runs a formula); NULL adds
 * nothing. */
void csv_put_field(struct buf *b, const char *s);

/*
 * Text for a terminal or stderr (SPEC 7): every byte of stored or user
 * text that a person reads goes through here, so that a name cannot move
 * the cursor, clear the screen or set the title. ESC is shown as \e,
 * other C0 controls, DEL, C1 controls and the bidirectional overrides as
 * \n, \r, \t, \xNN or \uNNNN, and each byte of invalid UTF-8 as
 * U+FFFD. MODE says what becomes of line breaks and tabs:
 */
enum term_mode {
	TERM_LINE, /* one line (a message): LF, CR and TAB escaped too */
	TERM_TEXT, /* lines (a letter, details): LF and TAB kept, CR LF as LF */
	TERM_CELL, /* a table cell: a line break or TAB is one space */
};
/* Append LEN bytes at S (a NUL ends them earlier) to B as MODE says;
 * returns the display width in columns of what was appended (line
 * breaks count nothing). */
size_t term_put(struct buf *b, const char *s, size_t len, enum term_mode mode);
/* The display width of S as term_put() in TERM_LINE would show it. */
size_t term_width(const char *s);

#endif
