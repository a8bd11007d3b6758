/* Scratch databases for the unit suites; see scratch.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "scratch.h"

void
scratch_path(char *buf, size_t len, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(buf, len, "%s/check-%s-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", name);
	fd = mkstemp(buf);
	ck_assert_int_ge(fd, 0);
	close(fd);
	/* Only the unique name is wanted: store_open() creates the file. */
	unlink(buf);
}

void
scratch_remove(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char side[1024];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", path, suffixes[i]);
		unlink(side);
	}
}

int
scratch_open(struct store **s, const char *path, int busy_ms, int mkdirs,
    struct error *err)
{
	struct store_options o = { 0, 0, 0 };

	o.busy_ms = busy_ms;
	o.mkdir_parents = mkdirs;
	return store_open(s, path, &o, err);
}
