/*
 * File types by content through libmagic (filetype.h).
 *
 * libmagic is loaded with dlopen() on the first detection, not linked:
 * linked, it and the compression libraries it needs (zlib, bzip2, xz)
 * are mapped and relocated at the start of every command, about a tenth
 * of a short command's work, for attach's sake alone. magic.h gives the
 * types; the library's soname is fixed by its ABI.
 */
#include <magic.h>
#include <stdio.h>

#include "dynlib.h"
#include "filetype.h"

#define LIBMAGIC_SONAME "libmagic.so.1"

static struct {
	int loaded;
	magic_t (*open)(int);
	int (*load)(magic_t, const char *);
	const char *(*buffer)(magic_t, const void *, size_t);
	const char *(*error)(magic_t);
	void (*close)(magic_t);
} lm;

/* The functions of libmagic, looked up once. */
static int
libmagic(struct error *err)
{
	const struct dynlib_sym syms[] = {
		{ "magic_open", (void **)&lm.open },
		{ "magic_load", (void **)&lm.load },
		{ "magic_buffer", (void **)&lm.buffer },
		{ "magic_error", (void **)&lm.error },
		{ "magic_close", (void **)&lm.close },
	};
	const char *why;
	int rc;

	if (lm.loaded)
		return 0;
	rc = dynlib_open(LIBMAGIC_SONAME, syms, sizeof(syms) / sizeof(syms[0]),
	    NULL, &why);
	if (rc == -1)
		return error_set(err, EX_SOFTWARE, "cannot load libmagic "
		    "(%s): %s (install the libmagic1 package)",
		    LIBMAGIC_SONAME, why);
	if (rc != 0)
		return error_set(err, EX_SOFTWARE, "%s lacks the functions "
		    "of libmagic", LIBMAGIC_SONAME);
	lm.loaded = 1;
	return 0;
}

int
filetype_detect(const void *p, size_t len, char *out, size_t outlen,
    struct error *err)
{
	magic_t m;
	const char *t;
	int rc;

	if ((rc = libmagic(err)) != 0)
		return rc;
	if ((m = lm.open(MAGIC_MIME_TYPE | MAGIC_ERROR)) == NULL)
		return error_set(err, EX_SOFTWARE, "cannot start libmagic");
	if (lm.load(m, NULL) != 0) {
		rc = error_set(err, EX_SOFTWARE, "cannot load the libmagic "
		    "database: %s", lm.error(m) ? lm.error(m) : "?");
		goto done;
	}
	if ((t = lm.buffer(m, p, len)) == NULL)
		t = "application/octet-stream";
	snprintf(out, outlen, "%s", t);
done:
	lm.close(m);
	return rc;
}
