/*
 * Scratch databases for the unit suites: a fresh, unused path, and the
 * removal of a database with the -wal and -shm files SQLite keeps
 * beside it.
 */
#ifndef COMPLAINT_TEST_SCRATCH_H
#define COMPLAINT_TEST_SCRATCH_H

#include <stddef.h>

/* A path "/tmp/check-NAME-XXXXXX" (under TMPDIR when set) that does not
 * exist yet, so db_open() creates the database there. */
void scratch_path(char *buf, size_t len, const char *name);

/* Remove the database PATH, its -wal and its -shm. */
void scratch_remove(const char *path);

#endif
