/*
 * Libraries loaded when a command first needs them (dlopen), not linked:
 * libmagic (attach), GMime (mail, --send) and libpq (PostgreSQL) would
 * otherwise be mapped and relocated, with everything they bring, at the
 * start of every command.
 */
#ifndef COMPLAINT_DYNLIB_H
#define COMPLAINT_DYNLIB_H

#include <stddef.h>

/* A function of the library and the pointer that receives it. */
struct dynlib_sym {
	const char *name;
	void **slot;
};

/*
 * Open SONAME and fill every slot of SYMS[0 .. N-1]; the library stays
 * loaded for the life of the process (*HANDLE, may be NULL). 0; -1 when
 * it cannot be opened (*WHY: dlerror()'s words); -2 when it lacks a
 * function (*WHY: its name), in which case it is closed again.
 */
int dynlib_open(const char *soname, const struct dynlib_sym *syms, size_t n,
    void **handle, const char **why);

#endif
