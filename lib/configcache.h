/*
 * A compiled cache of the parsed configuration: config_load() keeps the
 * result of parsing a file in a private binary file under the user's
 * cache directory and uses it while the file is unchanged, to spare
 * every command libyaml's parse. Any doubt is a miss; lib/ never prints.
 */
#ifndef COMPLAINT_CONFIGCACHE_H
#define COMPLAINT_CONFIGCACHE_H

#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>

#include "config.h"

/* Bump when the layout of the cache file changes. */
#define CONFIG_CACHE_FORMAT 4

/*
 * What a cache entry is valid for: the file's absolute name and its
 * stat(2) taken before it is read, and where the entry lives. Filled by
 * config_cache_load() on a miss, for config_cache_store() after a parse.
 */
struct config_cache_key {
	int usable; /* 0: no cache for this file */
	char abspath[PATH_MAX];
	char cachefile[PATH_MAX];
	struct stat st;
};

/*
 * CFG (empty on entry, as for config_defaults()) filled from the cache
 * entry for PATH, exactly as config_load() would fill it: 0 on a hit.
 * Non-zero on any miss, CFG then left empty and KEY ready for
 * config_cache_store() (or not usable).
 */
int config_cache_load(const char *path, struct config *cfg,
    struct config_cache_key *key);

/* Write the entry for KEY holding CFG: best effort, silent on failure. */
void config_cache_store(const struct config_cache_key *key,
    const struct config *cfg);

/* The 64-bit FNV-1a hash of LEN bytes at P, continuing from H (start
 * with FNV1A_INIT). */
#define FNV1A_INIT UINT64_C(0xcbf29ce484222325)
uint64_t fnv1a(uint64_t h, const void *p, size_t len);

#endif
