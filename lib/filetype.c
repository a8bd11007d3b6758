/*
 * File types by content through libmagic (filetype.h).
 */
#include <magic.h>
#include <stdio.h>

#include "filetype.h"

int
filetype_detect(const void *p, size_t len, char *out, size_t outlen,
    struct error *err)
{
	magic_t m;
	const char *t;
	int rc = 0;

	if ((m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) == NULL)
		return error_set(err, EX_SOFTWARE, "cannot start libmagic");
	if (magic_load(m, NULL) != 0) {
		rc = error_set(err, EX_SOFTWARE, "cannot load the libmagic "
		    "database: %s", magic_error(m) ? magic_error(m) : "?");
		goto done;
	}
	if ((t = magic_buffer(m, p, len)) == NULL)
		t = "application/octet-stream";
	snprintf(out, outlen, "%s", t);
done:
	magic_close(m);
	return rc;
}
