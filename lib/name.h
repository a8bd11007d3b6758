/*
 * Names of people (customers, owners, actors) as people expect them:
 * stored trimmed with inner white space collapsed, and matched by a key
 * that folds case the Unicode way after NFC normalisation (SPEC 4).
 */
#ifndef COMPLAINT_NAME_H
#define COMPLAINT_NAME_H

#include <stddef.h>

#include "error.h"

/* S with leading and trailing white space removed and every inner run of
 * white space (space, tab, newline, no-break space...) made one space;
 * newly allocated. NULL for NULL. */
char *name_tidy(const char *s);

/* name_tidy() of S in place; returns the new length. */
size_t name_tidy_in_place(char *s);

/* The matching key of S: tidied, NFC-normalised, case-folded (Unicode
 * full case folding), NFC again; newly allocated. Two names match when
 * their keys are equal. NULL for NULL; S need not be valid UTF-8 (an
 * invalid sequence is kept as it is, after ASCII folding). */
char *name_key(const char *s);

/*
 * The key to store beside the name S: name_key(S), or NULL when that is
 * S itself but for the case of ASCII letters (most names an import or an
 * owner gives), which SQL gives back as "coalesce(key, name) COLLATE
 * NOCASE". Newly allocated; NULL for NULL.
 */
char *name_key_stored(const char *s);

/* Whether S is acceptable as the name of a person given as WHAT (an
 * option such as "--as"): well-formed UTF-8, no control characters, not
 * blank. EX_DATAERR naming WHAT and what is accepted otherwise. */
int name_check(const char *s, const char *what, struct error *err);

#endif
