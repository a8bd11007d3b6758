/*
 * The type of a file from its content (libmagic, as file(1) does), never
 * from its name: a photo called invoice.pdf is still an image.
 */
#ifndef COMPLAINT_FILETYPE_H
#define COMPLAINT_FILETYPE_H

#include <stddef.h>

#include "error.h"

/* How many leading bytes the detection looks at. */
#define FILETYPE_PEEK (64 * 1024)

/* The MIME type of the LEN bytes at P (a file's first FILETYPE_PEEK)
 * into OUT (OUTLEN bytes), as "image/png". EX_SOFTWARE when libmagic
 * or its database cannot be loaded. */
int filetype_detect(const void *p, size_t len, char *out, size_t outlen,
    struct error *err);

#endif
