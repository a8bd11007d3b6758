/* Checks on text that users give us. */
#ifndef COMPLAINT_TEXT_H
#define COMPLAINT_TEXT_H

#include <stddef.h>

/* The most text one field may hold: 1 MiB. */
#define TEXT_MAX (1024 * 1024)

/* Whether S[0..LEN) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
int utf8_valid(const char *s, size_t len);
/* How many bytes of S[0..LEN) are well-formed UTF-8 from the start. */
size_t utf8_prefix(const char *s, size_t len);
/* Code point CP as UTF-8 into OUT (U+FFFD for a surrogate or above
 * U+10FFFF); its length. */
size_t utf8_put(unsigned long cp, char out[4]);

#endif
