/*
 * What the configuration reader (config_read.c) shares with the reader
 * of its rule language (config_rules.c): the loader and its node
 * helpers. Private to those two files.
 */
#ifndef COMPLAINT_CONFIG_READ_H
#define COMPLAINT_CONFIG_READ_H

#include <stdint.h>

#include <yaml.h>

#include "config.h"
#include "strset.h"
#include "timeutil.h"

struct problem {
	size_t line, col; /* from 0, as libyaml counts */
	size_t seq;       /* keeps the order of one position */
	char *msg;
};

struct loader {
	const char *file; /* as given, for messages */
	yaml_document_t *doc;
	struct config *cfg;       /* being filled, from the defaults */
	struct problem *problems; /* in the order found */
	size_t nproblems;

	/* Kept for checks that need the whole document read first. */
	yaml_node_t *rules;
	yaml_node_t *regimes;
	yaml_node_t *severities;
	yaml_node_t *levels;
	yaml_node_t *opens;
	yaml_node_t *closes;
	int bad_time;
};

struct key {
	const char *name;
	void (*set)(struct loader *, const struct key *, const char *path,
	    yaml_node_t *);
	size_t off;            /* of the field in struct config */
	long long min, max;    /* set_int */
	const struct key *sub; /* sections */
};

#define FIELD(ld, k, type) ((type *)(void *)((char *)(ld)->cfg + (k)->off))

/* Record a problem at node N (FILE:LINE:COL when reported). */
void ld_problem(struct loader *ld, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
yaml_node_t *ld_node(struct loader *ld, int id);
/* "a list", "a mapping" or "a single value". */
const char *ld_kind(const yaml_node_t *n);
int ld_is_null(const yaml_node_t *n);
size_t ld_seq_len(const yaml_node_t *n);
yaml_node_t *ld_seq_item(struct loader *ld, const yaml_node_t *n, size_t i);
/* The text of scalar N, or NULL after reporting why not. */
const char *ld_text_of(struct loader *ld, const yaml_node_t *n,
    const char *subj, const char *what);
const char *ld_key_text(struct loader *ld, const yaml_node_t *n,
    const char *path, const char *what);
/* The key of PAIR as text, or NULL after a problem (not a name, or
 * already in SEEN, the keys of its mapping so far). */
const char *ld_pair_key(struct loader *ld, struct strset *seen,
    yaml_node_pair_t *pair);
int ld_parse_int(const char *s, long long *v);
int ld_parse_amount(const char *s, int64_t *minor);
int ld_parse_bool(const char *s, int64_t *v);
int ld_duration_of(struct loader *ld, yaml_node_t *v, const char *s,
    const char *what, struct duration *d);

/* config_rules.c: the rules of ld->rules, once severities, levels,
 * channels and categories are known, into ld->cfg. */
void ld_resolve_rules(struct loader *ld);
void ld_resolve_regimes(struct loader *ld);

#endif
