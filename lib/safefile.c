/*
 * Writing a file safely: an exclusive temporary file beside the target,
 * renamed into place (see safefile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "safefile.h"
#include "xmalloc.h"

static void
release(struct safefile *f)
{
	if (f->fd != -1)
		close(f->fd);
	if (f->dirfd != -1)
		close(f->dirfd);
	free(f->path);
	free(f->base);
	free(f->tmp);
	free(f->tmppath);
	memset(f, 0, sizeof(*f));
	f->fd = f->dirfd = -1;
}

int
safefile_open(struct safefile *f, const char *path, mode_t mode,
    unsigned flags, struct error *err)
{
	static unsigned long counter;
	struct timespec ts;
	char *dir, *slash;
	int i, e;

	memset(f, 0, sizeof(*f));
	f->fd = f->dirfd = -1;
	f->flags = flags;
	f->path = xstrdup(path);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		dir = xstrdup(".");
		f->base = xstrdup(path);
	} else {
		f->base = xstrdup(slash + 1);
		slash[slash == dir ? 1 : 0] = '\0';
	}
	if (*f->base == '\0') {
		free(dir);
		release(f);
		return error_set(err, EX_CANTCREAT, "cannot create '%s': it "
		    "names a directory", path);
	}
	f->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    (flags & SAFEFILE_NOFOLLOW_DIR ? O_NOFOLLOW : 0));
	if (f->dirfd == -1) {
		e = errno;
		release(f);
		error_set(err, EX_CANTCREAT, "cannot create '%s': directory "
		    "'%s': %s", path, dir, strerror(e));
		free(dir);
		return EX_CANTCREAT;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	for (i = 0; i < 100; i++) {
		free(f->tmp);
		f->tmp = xasprintf(".%s.%ld.%lx%lx", f->base, (long)getpid(),
		    (unsigned long)ts.tv_nsec ^ (unsigned long)random(),
		    ++counter);
		f->fd = openat(f->dirfd, f->tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, mode);
		if (f->fd != -1 || errno != EEXIST)
			break;
	}
	if (f->fd == -1) {
		e = errno;
		release(f);
		free(dir);
		return error_set(err, EX_CANTCREAT, "cannot create '%s': %s",
		    path, strerror(e));
	}
	f->tmppath = strcmp(dir, "/") == 0 ? xasprintf("/%s", f->tmp) :
	    xasprintf("%s/%s", dir, f->tmp);
	free(dir);
	return 0;
}

int
safefile_write(struct safefile *f, const void *p, size_t len,
    struct error *err)
{
	const char *s = p;
	ssize_t n;

	while (len > 0) {
		if ((n = write(f->fd, s, len)) == -1) {
			if (errno == EINTR)
				continue;
			return error_set(err, EX_IOERR, "cannot write '%s': %s",
			    f->path, strerror(errno));
		}
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

int
safefile_commit(struct safefile *f, int replace, struct error *err)
{
	int rc, e;

	if ((!(f->flags & SAFEFILE_NO_SYNC) && fsync(f->fd) != 0) ||
	    close(f->fd) != 0) {
		e = errno;
		f->fd = -1;
		rc = error_set(err, EX_IOERR, "cannot write '%s': %s",
		    f->path, strerror(e));
		safefile_abort(f);
		return rc;
	}
	f->fd = -1;
	if (replace) {
		if (renameat(f->dirfd, f->tmp, f->dirfd, f->base) != 0) {
			e = errno;
			rc = error_set(err, EX_CANTCREAT, "cannot create "
			    "'%s': %s", f->path, strerror(e));
			safefile_abort(f);
			return rc;
		}
	} else {
		/* link(2) never replaces, and never follows a link at the
		 * target: whatever is there, even a dangling one, stays. */
		if (linkat(f->dirfd, f->tmp, f->dirfd, f->base, 0) != 0) {
			e = errno;
			rc = e == EEXIST ? error_set(err, EX_CANTCREAT, "'%s' "
			    "exists", f->path) : error_set(err, EX_CANTCREAT,
			    "cannot create '%s': %s", f->path, strerror(e));
			safefile_abort(f);
			return rc;
		}
		unlinkat(f->dirfd, f->tmp, 0);
	}
	rc = 0;
	if (!(f->flags & SAFEFILE_NO_SYNC) && fsync(f->dirfd) != 0 &&
	    errno != EINVAL && errno != EROFS)
		rc = error_set(err, EX_IOERR, "cannot flush the directory of "
		    "'%s': %s", f->path, strerror(errno));
	release(f);
	return rc;
}

void
safefile_abort(struct safefile *f)
{
	if (f->tmp != NULL && f->dirfd != -1)
		unlinkat(f->dirfd, f->tmp, 0);
	release(f);
}

int
safefile_write_all(const char *path, const void *p, size_t len, mode_t mode,
    unsigned flags, int replace, struct error *err)
{
	struct safefile f;
	int rc;

	if ((rc = safefile_open(&f, path, mode, flags, err)) != 0)
		return rc;
	if ((rc = safefile_write(&f, p, len, err)) != 0) {
		safefile_abort(&f);
		return rc;
	}
	return safefile_commit(&f, replace, err);
}
