/*
 * Fuzz target: term_put(), the one sanitiser of text for a terminal or
 * stderr (SPEC 7). Whatever the bytes, in every mode, what it writes is
 * valid UTF-8 with no C0 or C1 control character, DEL or bidirectional
 * override (newline and tab alone kept in TERM_TEXT), and sanitising
 * that again changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "output.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_clean(const struct buf *b, enum term_mode mode)
{
	const unsigned char *p = (const unsigned char *)buf_str(b);
	size_t i;

	if (!utf8_valid(buf_str(b), b->len))
		abort();
	for (i = 0; i < b->len; i++) {
		if (p[i] == '\n' || p[i] == '\t') {
			if (mode != TERM_TEXT)
				abort();
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7f)
			abort();
		/* U+0080..U+009F: C1 controls, such as CSI. */
		if (p[i] == 0xc2 && i + 1 < b->len && p[i + 1] < 0xa0)
			abort();
		/* U+202A..U+202E and U+2066..U+2069. */
		if (p[i] == 0xe2 && i + 2 < b->len && ((p[i + 1] == 0x80 &&
		    p[i + 2] >= 0xaa && p[i + 2] <= 0xae) || (p[i + 1] == 0x81 &&
		    p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum term_mode modes[] = { TERM_LINE, TERM_TEXT,
	    TERM_CELL };
	struct buf b = BUF_INIT, again = BUF_INIT;
	char *s;
	size_t i, w;

	/* Once as LEN bytes (no NUL after them), once as a C string. */
	s = malloc(size + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		buf_reset(&b);
		buf_reset(&again);
		w = term_put(&b, (const char *)data, size, modes[i]);
		check_clean(&b, modes[i]);
		if (w > b.len)
			abort();
		term_put(&again, buf_str(&b), b.len, modes[i]);
		if (again.len != b.len || memcmp(buf_str(&again),
		    buf_str(&b), b.len) != 0)
			abort();
	}
	s[size] = '\0';
	buf_reset(&b);
	w = term_put(&b, s, size, TERM_LINE);
	if (w != term_width(s))
		abort();
	check_clean(&b, TERM_LINE);
	buf_release(&b);
	buf_release(&again);
	free(s);
	return 0;
}
