/*
 * Libraries loaded at first use (dynlib.h).
 */
#include <dlfcn.h>

#include "dynlib.h"

int
dynlib_open(const char *soname, const struct dynlib_sym *syms, size_t n,
    void **handle, const char **why)
{
	void *h, *f;
	size_t i;

	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		*why = dlerror();
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((f = dlsym(h, syms[i].name)) == NULL) {
			dlclose(h);
			*why = syms[i].name;
			return -2;
		}
		/* POSIX's way from a data pointer to a function pointer. */
		*syms[i].slot = f;
	}
	if (handle != NULL)
		*handle = h;
	return 0;
}
