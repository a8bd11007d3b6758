/*
 * Every file the tool writes (the configuration from init, backups, new
 * databases, the configuration cache) goes through here: a new temporary
 * file created exclusively beside the target, never through a symbolic
 * link, flushed, then renamed (or linked) into place and the directory
 * flushed, so that a crash leaves the old file or the new one, never half.
 */
#ifndef COMPLAINT_SAFEFILE_H
#define COMPLAINT_SAFEFILE_H

#include <sys/types.h>

#include "error.h"

/* The directory of the target must not be a symbolic link either. */
#define SAFEFILE_NOFOLLOW_DIR 0x1
/* No fsync: for a cache whose entries carry a checksum, where a torn
 * file after a crash is a miss and a flush would cost every store. */
#define SAFEFILE_NO_SYNC 0x2

struct safefile {
	int dirfd;     /* the target's directory, held open */
	int fd;        /* the temporary file, -1 once closed */
	char *path;    /* the target, as given */
	char *base;    /* its last component */
	char *tmp;     /* the temporary file's name in dirfd */
	char *tmppath; /* ... and its path, for SQLite */
	unsigned flags;
};

/*
 * A new temporary file for PATH in PATH's directory, created with
 * O_CREAT|O_EXCL|O_NOFOLLOW and MODE (less the umask): F->fd is open for
 * writing. EX_CANTCREAT when it cannot be made. Release F with
 * safefile_commit() or safefile_abort().
 */
int safefile_open(struct safefile *f, const char *path, mode_t mode,
    unsigned flags, struct error *err);

/* Write LEN bytes at P to F->fd: EX_IOERR on failure. */
int safefile_write(struct safefile *f, const void *p, size_t len,
    struct error *err);

/*
 * fsync the temporary file, put it at the target (REPLACE: rename over
 * whatever is there, a symbolic link replaced and never followed; else
 * link, failing with EX_CANTCREAT when the target exists), fsync the
 * directory. F is released in every case; on failure the temporary file
 * is gone.
 */
int safefile_commit(struct safefile *f, int replace, struct error *err);

/* Remove the temporary file and release F; safe after commit. */
void safefile_abort(struct safefile *f);

/* The whole of a file at once: open, write, commit. */
int safefile_write_all(const char *path, const void *p, size_t len, mode_t mode,
    unsigned flags, int replace, struct error *err);

#endif
