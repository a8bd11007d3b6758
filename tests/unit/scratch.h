/*
 * Scratch databases for the unit suites: a fresh, unused path, and the
 * removal of a database with the -wal and -shm files SQLite keeps
 * beside it.
 */
#ifndef COMPLAINT_TEST_SCRATCH_H
#define COMPLAINT_TEST_SCRATCH_H

#include <stddef.h>

#include "error.h"
#include "store.h"

/* A path "/tmp/check-NAME-XXXXXX" (under TMPDIR when set) that does not
 * exist yet, so store_open() creates the database there. */
void scratch_path(char *buf, size_t len, const char *name);

/* store_open() of PATH with a busy timeout of BUSY_MS, creating missing
 * parent directories with MKDIRS. */
int scratch_open(struct store **s, const char *path, int busy_ms,
    int mkdirs, struct error *err);

/* Remove the database PATH, its -wal and its -shm. */
void scratch_remove(const char *path);

#endif
