/*
 * The compiled configuration cache (configcache.h). An entry is one file,
 * a header that says what it is valid for (format, version, the file's
 * name, stat(2) and the environment the parse read), the configuration
 * field by field, and an FNV-1a checksum of all that. Reading checks
 * every length against the file, so a stale, short or damaged entry is
 * a miss, never a configuration other than the file's.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "configcache.h"
#include "safefile.h"
#include "rules.h"
#include "timeutil.h"
#include "xmalloc.h"

#define MAGIC "CMPLCFG\n"
#define NULL_STR UINT32_MAX
/* Sanity caps: far above any real configuration, below any harm. */
#define MAX_FILE (16u << 20)
#define MAX_COUNT (1u << 20)
#define MAX_DEPTH 64

uint64_t
fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static int
no_cache(void)
{
	const char *s = getenv("COMPLAINT_NO_CACHE");

	return s != NULL && *s != '\0';
}

/* $XDG_CACHE_HOME (if absolute) else $HOME/.cache; -1 if neither. */
static int
cache_base(char *out, size_t len)
{
	const char *s;
	int n;

	if ((s = getenv("XDG_CACHE_HOME")) != NULL && s[0] == '/')
		n = snprintf(out, len, "%s", s);
	else if ((s = getenv("HOME")) != NULL && *s != '\0')
		n = snprintf(out, len, "%s/.cache", s);
	else
		return -1;
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Writing. */

static void
put_u64(struct buf *b, uint64_t v)
{
	unsigned char s[8];
	int i;

	for (i = 0; i < 8; i++)
		s[i] = (unsigned char)(v >> (8 * i));
	buf_add(b, s, sizeof(s));
}

static void
put_u32(struct buf *b, uint32_t v)
{
	unsigned char s[4];
	int i;

	for (i = 0; i < 4; i++)
		s[i] = (unsigned char)(v >> (8 * i));
	buf_add(b, s, sizeof(s));
}

static void
put_i64(struct buf *b, int64_t v)
{
	put_u64(b, (uint64_t)v);
}

static void
put_str(struct buf *b, const char *s)
{
	size_t n;

	if (s == NULL) {
		put_u32(b, NULL_STR);
		return;
	}
	n = strlen(s);
	put_u32(b, (uint32_t)n);
	buf_add(b, s, n + 1);
}

static void
put_duration(struct buf *b, const struct duration *d)
{
	put_i64(b, d->count);
	put_u32(b, (uint32_t)d->unit);
}

static void
put_strlist(struct buf *b, const struct strlist *l)
{
	size_t i;

	put_u64(b, l->n);
	for (i = 0; i < l->n; i++)
		put_str(b, l->v[i]);
}

static void
put_strmap(struct buf *b, const struct strmap *m)
{
	put_strlist(b, &m->from);
	put_strlist(b, &m->to);
}

static void
put_cond(struct buf *b, const struct rule_cond *c)
{
	size_t i;

	put_u32(b, (uint32_t)c->op);
	put_u32(b, (uint32_t)c->field);
	put_u64(b, c->nvalues);
	for (i = 0; i < c->nvalues; i++) {
		put_str(b, c->values[i].text);
		put_i64(b, c->values[i].num);
		put_duration(b, &c->values[i].dur);
	}
	put_u64(b, c->nkids);
	for (i = 0; i < c->nkids; i++)
		put_cond(b, &c->kids[i]);
}

/* What an entry for KEY must begin with; the environment is there
 * because the parse reads it (HOME for "~/", TZDIR for zone names). */
static void
put_header(struct buf *b, const struct config_cache_key *key)
{
	buf_add(b, MAGIC, 8);
	put_u32(b, CONFIG_CACHE_FORMAT);
	put_str(b, COMPLAINT_VERSION);
	put_u64(b, sizeof(struct config));
	put_str(b, key->abspath);
	put_u64(b, (uint64_t)key->st.st_dev);
	put_u64(b, (uint64_t)key->st.st_ino);
	put_i64(b, (int64_t)key->st.st_size);
	put_i64(b, (int64_t)key->st.st_mtim.tv_sec);
	put_i64(b, (int64_t)key->st.st_mtim.tv_nsec);
	put_i64(b, (int64_t)key->st.st_ctim.tv_sec);
	put_i64(b, (int64_t)key->st.st_ctim.tv_nsec);
	put_str(b, getenv("HOME"));
	put_str(b, getenv("TZDIR"));
}

static void
put_config(struct buf *b, const struct config *cfg)
{
	size_t i;
	int j;

	put_str(b, cfg->organisation);
	put_str(b, cfg->reference_prefix);
	put_str(b, cfg->timezone);
	put_str(b, cfg->currency);
	put_str(b, cfg->database);
	put_i64(b, cfg->busy_timeout_ms);
	put_i64(b, cfg->attachment_max);
	put_i64(b, cfg->message_max);
	put_str(b, cfg->mail_from);
	put_str(b, cfg->mail_sendmail);
	put_str(b, cfg->mail_owner);
	put_u32(b, cfg->calendar.days);
	put_i64(b, cfg->calendar.opens);
	put_i64(b, cfg->calendar.closes);
	put_u64(b, cfg->calendar.nholidays);
	for (i = 0; i < cfg->calendar.nholidays; i++)
		put_i64(b, cfg->calendar.holidays[i]);
	put_duration(b, &cfg->ack_deadline);
	put_duration(b, &cfg->resolve_deadline);
	put_duration(b, &cfg->callback_deadline);
	put_duration(b, &cfg->followup_deadline);
	put_i64(b, cfg->followup_attempts);
	put_strlist(b, &cfg->channels);
	put_strlist(b, &cfg->categories);
	put_strlist(b, &cfg->severities);
	put_strlist(b, &cfg->remedies);
	put_strlist(b, &cfg->levels);
	put_u64(b, cfg->nrules);
	for (i = 0; i < cfg->nrules; i++) {
		put_str(b, cfg->rules[i].name);
		put_cond(b, &cfg->rules[i].when);
		put_i64(b, cfg->rules[i].to_level);
		put_i64(b, cfg->rules[i].line);
		put_i64(b, cfg->rules[i].col);
	}
	for (j = 0; j < 9; j++)
		put_i64(b, cfg->priority[j / 3][j % 3]);
	put_duration(b, &cfg->spike_window);
	put_duration(b, &cfg->idempotency_keep);
	put_i64(b, cfg->spike_baseline_windows);
	{
		uint64_t bits;

		memcpy(&bits, &cfg->spike_factor, sizeof(bits));
		put_u64(b, bits);
	}
	put_i64(b, cfg->spike_min_count);
	put_str(b, cfg->tpl_acknowledgement);
	put_str(b, cfg->tpl_followup_script);
	put_str(b, cfg->tpl_final_response);
	put_i64(b, cfg->has_roles);
	put_strlist(b, &cfg->managers);
	put_strlist(b, &cfg->delegates);
	put_duration(b, &cfg->summary_deadline);
	put_duration(b, &cfg->holding_deadline);
	put_str(b, cfg->tpl_summary);
	put_str(b, cfg->tpl_holding);
	put_u64(b, cfg->nregimes);
	for (i = 0; i < cfg->nregimes; i++) {
		put_str(b, cfg->regimes[i].rule.name);
		put_cond(b, &cfg->regimes[i].rule.when);
		put_i64(b, cfg->regimes[i].set);
		for (j = 0; j < DL__COUNT; j++)
			put_duration(b, &cfg->regimes[i].d[j]);
	}
	put_strmap(b, &cfg->fca_products);
	put_strmap(b, &cfg->fca_causes);
	put_i64(b, cfg->fca_vulnerability);
	put_strmap(b, &cfg->asic_products);
	put_strmap(b, &cfg->asic_issues);
	put_strmap(b, &cfg->asic_outcomes);
	put_strmap(b, &cfg->asic_channels);
}

/* Reading: every get checks the length left; the first failure sticks
 * in bad and every later get returns zeros. */

struct reader {
	const unsigned char *p;
	size_t len, pos;
	int bad;
};

static uint64_t
get_u64(struct reader *r)
{
	uint64_t v = 0;
	int i;

	if (r->bad || r->len - r->pos < 8) {
		r->bad = 1;
		return 0;
	}
	for (i = 0; i < 8; i++)
		v |= (uint64_t)r->p[r->pos + i] << (8 * i);
	r->pos += 8;
	return v;
}

static uint32_t
get_u32(struct reader *r)
{
	uint32_t v = 0;
	int i;

	if (r->bad || r->len - r->pos < 4) {
		r->bad = 1;
		return 0;
	}
	for (i = 0; i < 4; i++)
		v |= (uint32_t)r->p[r->pos + i] << (8 * i);
	r->pos += 4;
	return v;
}

static int64_t
get_i64(struct reader *r)
{
	return (int64_t)get_u64(r);
}

/* An int in LO..HI. */
static int
get_int(struct reader *r, int64_t lo, int64_t hi)
{
	int64_t v = get_i64(r);

	if (v < lo || v > hi) {
		r->bad = 1;
		return 0;
	}
	return (int)v;
}

/* A count of items of at least MINSIZE bytes each. */
static size_t
get_count(struct reader *r, size_t minsize)
{
	uint64_t n = get_u64(r);

	if (r->bad || n > MAX_COUNT || n > (r->len - r->pos) / minsize) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

/* A string, or NULL for the null string (also on failure: check bad). */
static char *
get_str(struct reader *r)
{
	uint32_t n = get_u32(r);
	const char *s;

	if (r->bad || n == NULL_STR)
		return NULL;
	if (r->len - r->pos < (size_t)n + 1) {
		r->bad = 1;
		return NULL;
	}
	s = (const char *)r->p + r->pos;
	if (s[n] != '\0' || memchr(s, '\0', n) != NULL) {
		r->bad = 1;
		return NULL;
	}
	r->pos += (size_t)n + 1;
	return xstrdup(s);
}

/* A string that must not be null. */
static char *
get_text(struct reader *r)
{
	char *s = get_str(r);

	if (s == NULL)
		r->bad = 1;
	return s;
}

static void
get_duration(struct reader *r, struct duration *d)
{
	d->count = get_i64(r);
	d->unit = (enum duration_unit)get_u32(r);
	if (d->count < 0 || d->unit > DUR_COB)
		r->bad = 1;
}

static void
get_strlist(struct reader *r, struct strlist *l)
{
	size_t i, n = get_count(r, 5);

	if (n == 0)
		return;
	l->v = xcalloc(n, sizeof(*l->v));
	l->n = n;
	for (i = 0; i < n && !r->bad; i++)
		l->v[i] = get_text(r);
}

/* Two lists of one length, or the entry is bad. */
static void
get_strmap(struct reader *r, struct strmap *m)
{
	get_strlist(r, &m->from);
	get_strlist(r, &m->to);
	if (m->from.n != m->to.n)
		r->bad = 1;
}

static void
get_cond(struct reader *r, struct rule_cond *c, int depth)
{
	size_t i, n;

	if (depth > MAX_DEPTH) {
		r->bad = 1;
		return;
	}
	c->op = (enum rule_op)get_u32(r);
	c->field = (enum rule_field)get_u32(r);
	if (c->op > ROP_ANY || c->field >= RF__COUNT)
		r->bad = 1;
	if ((n = get_count(r, 24)) > 0) {
		c->values = xcalloc(n, sizeof(*c->values));
		c->nvalues = n;
	}
	for (i = 0; i < c->nvalues && !r->bad; i++) {
		c->values[i].text = get_str(r);
		c->values[i].num = get_i64(r);
		get_duration(r, &c->values[i].dur);
	}
	if ((n = get_count(r, 16)) > 0) {
		c->kids = xcalloc(n, sizeof(*c->kids));
		c->nkids = n;
	}
	for (i = 0; i < c->nkids && !r->bad; i++)
		get_cond(r, &c->kids[i], depth + 1);
}

static void
get_config(struct reader *r, struct config *cfg)
{
	uint64_t bits;
	size_t i;
	int j;

	cfg->organisation = get_text(r);
	cfg->reference_prefix = get_text(r);
	cfg->timezone = get_text(r);
	cfg->currency = get_text(r);
	cfg->database = get_str(r);
	cfg->busy_timeout_ms = get_int(r, 0, INT32_MAX);
	cfg->attachment_max = get_i64(r);
	if (cfg->attachment_max < 1 || cfg->attachment_max > ATTACHMENT_LIMIT_MAX)
		r->bad = 1;
	cfg->message_max = get_i64(r);
	if (cfg->message_max < 1 || cfg->message_max > ATTACHMENT_LIMIT_MAX)
		r->bad = 1;
	cfg->mail_from = get_str(r);
	cfg->mail_sendmail = get_str(r);
	cfg->mail_owner = get_str(r);
	cfg->calendar.days = get_u32(r);
	if (cfg->calendar.days > 0x7f)
		r->bad = 1;
	cfg->calendar.opens = get_int(r, 0, 1440);
	cfg->calendar.closes = get_int(r, 0, 1440);
	if ((i = get_count(r, 8)) > 0) {
		cfg->calendar.holidays = xcalloc(i, sizeof(int32_t));
		cfg->calendar.nholidays = i;
	}
	for (i = 0; i < cfg->calendar.nholidays && !r->bad; i++)
		cfg->calendar.holidays[i] = get_int(r, INT32_MIN, INT32_MAX);
	get_duration(r, &cfg->ack_deadline);
	get_duration(r, &cfg->resolve_deadline);
	get_duration(r, &cfg->callback_deadline);
	get_duration(r, &cfg->followup_deadline);
	cfg->followup_attempts = get_int(r, INT32_MIN, INT32_MAX);
	get_strlist(r, &cfg->channels);
	get_strlist(r, &cfg->categories);
	get_strlist(r, &cfg->severities);
	get_strlist(r, &cfg->remedies);
	get_strlist(r, &cfg->levels);
	if ((i = get_count(r, 48)) > 0) {
		cfg->rules = xcalloc(i, sizeof(*cfg->rules));
		cfg->nrules = i;
	}
	for (i = 0; i < cfg->nrules && !r->bad; i++) {
		cfg->rules[i].name = get_text(r);
		get_cond(r, &cfg->rules[i].when, 0);
		cfg->rules[i].to_level = get_int(r, INT32_MIN, INT32_MAX);
		cfg->rules[i].line = get_int(r, INT32_MIN, INT32_MAX);
		cfg->rules[i].col = get_int(r, INT32_MIN, INT32_MAX);
	}
	for (j = 0; j < 9; j++)
		cfg->priority[j / 3][j % 3] = get_int(r, INT32_MIN, INT32_MAX);
	get_duration(r, &cfg->spike_window);
	get_duration(r, &cfg->idempotency_keep);
	cfg->spike_baseline_windows = get_int(r, INT32_MIN, INT32_MAX);
	bits = get_u64(r);
	memcpy(&cfg->spike_factor, &bits, sizeof(bits));
	cfg->spike_min_count = get_int(r, INT32_MIN, INT32_MAX);
	cfg->tpl_acknowledgement = get_str(r);
	cfg->tpl_followup_script = get_str(r);
	cfg->tpl_final_response = get_str(r);
	cfg->has_roles = get_int(r, 0, 1);
	get_strlist(r, &cfg->managers);
	get_strlist(r, &cfg->delegates);
	get_duration(r, &cfg->summary_deadline);
	get_duration(r, &cfg->holding_deadline);
	cfg->tpl_summary = get_str(r);
	cfg->tpl_holding = get_str(r);
	if ((i = get_count(r, 48)) > 0) {
		cfg->regimes = xcalloc(i, sizeof(*cfg->regimes));
		cfg->nregimes = i;
	}
	for (i = 0; i < cfg->nregimes && !r->bad; i++) {
		cfg->regimes[i].rule.name = get_text(r);
		get_cond(r, &cfg->regimes[i].rule.when, 0);
		cfg->regimes[i].set = (unsigned)get_int(r, 0, 63);
		for (j = 0; j < DL__COUNT; j++)
			get_duration(r, &cfg->regimes[i].d[j]);
	}
	get_strmap(r, &cfg->fca_products);
	get_strmap(r, &cfg->fca_causes);
	cfg->fca_vulnerability = get_int(r, 0, 1);
	get_strmap(r, &cfg->asic_products);
	get_strmap(r, &cfg->asic_issues);
	get_strmap(r, &cfg->asic_outcomes);
	get_strmap(r, &cfg->asic_channels);
}

/* The whole of an entry: a regular file of ours, none other may write. */
static int
read_entry(const char *name, struct buf *b, struct stat *st_out)
{
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = open(name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 022) != 0 ||
	    st.st_size > (off_t)MAX_FILE)
		goto done;
	buf_grow(b, (size_t)st.st_size + 1);
	for (;;) {
		buf_grow(b, 4096);
		n = read(fd, b->s + b->len, 4096);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto done;
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len > MAX_FILE)
			goto done;
	}
	*st_out = st;
	rc = 0;
done:
	close(fd);
	return rc;
}

/* The directory of CACHEFILE into DIR: -1 if it is not ours alone (a
 * symbolic link, someone else's, writable by others). */
static int
entry_dir(const char *cachefile, char *dir, size_t len)
{
	struct stat st;
	char *slash;

	if ((size_t)snprintf(dir, len, "%s", cachefile) >= len ||
	    (slash = strrchr(dir, '/')) == NULL)
		return -1;
	*slash = '\0';
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 022) != 0)
		return -1;
	return 0;
}

int
config_cache_load(const char *path, struct config *cfg,
    struct config_cache_key *key)
{
	struct buf entry = BUF_INIT, header = BUF_INIT;
	struct reader r;
	struct stat est;
	struct error e;
	char base[PATH_MAX], dir[PATH_MAX];
	uint64_t sum;
	int n, rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	memset(key, 0, sizeof(*key));
	if (no_cache() || cache_base(base, sizeof(base)) != 0)
		return -1;
	if (realpath(path, key->abspath) == NULL ||
	    stat(key->abspath, &key->st) == -1 || !S_ISREG(key->st.st_mode))
		return -1;
	n = snprintf(key->cachefile, sizeof(key->cachefile),
	    "%s/complaint/config-%016" PRIx64 ".bin", base,
	    fnv1a(FNV1A_INIT, key->abspath, strlen(key->abspath)));
	if (n < 0 || (size_t)n >= sizeof(key->cachefile))
		return -1;
	key->usable = 1;

	if (entry_dir(key->cachefile, dir, sizeof(dir)) != 0 ||
	    read_entry(key->cachefile, &entry, &est) != 0 || entry.len < 8)
		goto done;
	/*
	 * Racy entries (git's "racily clean" index): file timestamps come
	 * from a coarse clock, so a same-size rewrite in the tick the entry
	 * was written would keep every stat field. Only a file changed
	 * strictly before the entry was written can hit; any later change
	 * has a ctime at or after the entry's mtime, and misses.
	 */
	if (key->st.st_ctim.tv_sec > est.st_mtim.tv_sec ||
	    (key->st.st_ctim.tv_sec == est.st_mtim.tv_sec &&
	    key->st.st_ctim.tv_nsec >= est.st_mtim.tv_nsec))
		goto done;
	memset(&r, 0, sizeof(r));
	r.p = (const unsigned char *)entry.s;
	r.len = entry.len;
	r.pos = entry.len - 8;
	sum = get_u64(&r);
	r.len = entry.len - 8;
	if (sum != fnv1a(FNV1A_INIT, entry.s, r.len))
		goto done;
	put_header(&header, key);
	if (r.len < header.len || memcmp(entry.s, header.s,
	    header.len) != 0)
		goto done;
	r.pos = header.len;
	get_config(&r, cfg);
	/* The zone was valid when parsed; a fresh parse would refuse it
	 * now that it is gone, so must the cache. */
	if (r.bad || r.pos != r.len || !tz_valid(cfg->timezone))
		goto done;
	/* The checksum is no seal: anyone who may write the entry may
	 * forge one. Held to the parser's rules, or the file is read. */
	if (config_validate(cfg, &e) != 0)
		goto done;
	cfg->path = xstrdup(path);
	rc = 0;
done:
	if (rc != 0)
		config_release(cfg);
	buf_release(&entry);
	buf_release(&header);
	return rc;
}

/* DIR and its parent, mode 0700 where missing. */
static int
make_dir(const char *dir)
{
	char parent[PATH_MAX];
	char *slash;

	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || strlen(dir) >= sizeof(parent))
		return -1;
	strcpy(parent, dir);
	if ((slash = strrchr(parent, '/')) == NULL || slash == parent)
		return -1;
	*slash = '\0';
	if (mkdir(parent, 0700) != 0 && errno != EEXIST)
		return -1;
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

void
config_cache_store(const struct config_cache_key *key,
    const struct config *cfg)
{
	struct buf entry = BUF_INIT;
	struct safefile f;
	struct error err;
	char dir[PATH_MAX];
	char *slash;

	if (!key->usable || no_cache())
		return;
	snprintf(dir, sizeof(dir), "%s", key->cachefile);
	if ((slash = strrchr(dir, '/')) == NULL)
		return;
	*slash = '\0';
	if (make_dir(dir) != 0 || entry_dir(key->cachefile, dir,
	    sizeof(dir)) != 0)
		return;
	/* Never through a link: neither the directory nor the file. */
	if (safefile_open(&f, key->cachefile, 0600, SAFEFILE_NOFOLLOW_DIR |
	    SAFEFILE_NO_SYNC, &err) != 0)
		return;
	put_header(&entry, key);
	put_config(&entry, cfg);
	put_u64(&entry, fnv1a(FNV1A_INIT, entry.s, entry.len));
	if (safefile_write(&f, entry.s, entry.len, &err) != 0)
		safefile_abort(&f);
	else
		safefile_commit(&f, 1, &err);
	buf_release(&entry);
}
