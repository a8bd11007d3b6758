/*
 * Fuzz target: the escalation rules, parsed by the configuration loader
 * and evaluated by rule_matches(). The input is a configuration (YAML,
 * its escalation section being the point), a NUL, then "field=value"
 * lines describing one complaint; every rule is evaluated against that
 * complaint and a few fixed ones at a few moments.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complaint.h"
#include "config.h"
#include "error.h"
#include "escalation.h"
#include "rules.h"
#include "timeutil.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Thursday 2026-11-19T10:00:00Z, as the tests pin it. */
static const int64_t fuzz_now = 1795082400;

/* Set field NAME of C from the text V, as the commands would store it;
 * unknown names and values that do not parse are ignored. */
static void
set_field(const struct config *cfg, struct complaint *c, const char *name,
    const char *v)
{
	const struct field *f;
	struct error err;
	int64_t n;
	int i;

	if ((f = complaint_field(name)) == NULL)
		return;
	error_clear(&err);
	switch (f->type) {
	case FT_TEXT:
		free(*field_text(c, f));
		*field_text(c, f) = xstrdup(v);
		break;
	case FT_INT:
		*field_num(c, f) = strtoll(v, NULL, 10);
		break;
	case FT_BOOL:
		*field_num(c, f) = strtoll(v, NULL, 10) != 0 ||
		    strcmp(v, "true") == 0;
		break;
	case FT_TIME:
		if (time_parse(v, fuzz_now, &n, &err) == 0)
			*field_num(c, f) = n;
		break;
	case FT_AMOUNT:
		if (amount_parse(v, &n, &err) == 0)
			*field_num(c, f) = n;
		break;
	case FT_STATUS:
		if ((i = status_lookup(v)) >= 0)
			*field_num(c, f) = i;
		break;
	case FT_LEVEL:
		if ((i = config_level_lookup(cfg, v)) >= 0)
			*field_num(c, f) = i;
		break;
	case FT_REF:
		break;
	}
}

/* Fill C from the "field=value" lines of TEXT (which this modifies). */
static void
describe(const struct config *cfg, struct complaint *c, char *text)
{
	char *line, *next, *eq;

	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		set_field(cfg, c, line, eq + 1);
	}
}

/* Evaluate every rule of CFG over C at NOW; a rule that matches must
 * raise to a configured level. */
static void
evaluate(const struct config *cfg, const struct complaint *c, int64_t now)
{
	struct rule_facts f;
	size_t i;

	escalation_facts(cfg, c, now, &f);
	for (i = 0; i < cfg->nrules; i++) {
		if (rule_matches(&cfg->rules[i], &f) &&
		    (cfg->rules[i].to_level < 1 ||
		    (size_t)cfg->rules[i].to_level > cfg->levels.n))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t moments[] = {
		1795082400,        /* now */
		1795082400 - 1,    /* a second before */
		1795082400 + 86400 * 366 * 10, /* ten years on */
		0,                 /* the epoch */
	};
	static char path[64];
	static int ready;
	struct complaint given, empty, busy;
	struct config cfg;
	struct error err;
	const uint8_t *nul;
	size_t ylen, i;
	char *text;
	FILE *fp;

	if (!ready) {
		/* Business-time ages in a zone with DST. */
		if (tz_set("Europe/London", &err) != 0)
			abort();
		snprintf(path, sizeof(path), "/tmp/fuzz-rules.%ld.yaml",
		    (long)getpid());
		ready = 1;
	}
	nul = memchr(data, '\0', size);
	ylen = nul != NULL ? (size_t)(nul - data) : size;

	/* config_load() reads a file, as the binary does. */
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (ylen > 0 && fwrite(data, 1, ylen, fp) != ylen)
		abort();
	if (fclose(fp) != 0)
		abort();
	error_clear(&err);
	if (config_load(&cfg, path, &err) != 0) {
		if (err.status != EX_CONFIG && err.status != EX_NOINPUT)
			abort();
		config_release(&cfg);
		return 0;
	}
	/* The loader promises rules that raise to a configured level. */
	for (i = 0; i < cfg.nrules; i++)
		if (cfg.rules[i].to_level < 1 ||
		    (size_t)cfg.rules[i].to_level > cfg.levels.n)
			abort();

	complaint_init(&given);
	if (nul != NULL) {
		text = xmalloc(size - ylen);
		memcpy(text, nul + 1, size - ylen - 1);
		text[size - ylen - 1] = '\0';
		describe(&cfg, &given, text);
		free(text);
	}

	/* A fresh complaint, and one with every fact set high. */
	complaint_init(&empty);
	complaint_init(&busy);
	busy.status = ST_ASSESSED;
	busy.received_at = fuzz_now - 86400 * 60;
	busy.updated_at = fuzz_now - 86400 * 30;
	busy.ack_due = busy.resolve_due = fuzz_now - 86400;
	busy.level = (int64_t)cfg.levels.n;
	busy.public = busy.complex = 1;
	busy.contacts = 9;
	busy.priority = 1;
	busy.amount = 1000000;
	if (cfg.severities.n > 0)
		busy.severity = xstrdup(cfg.severities.v[cfg.severities.n - 1]);
	if (cfg.categories.n > 0)
		busy.category = xstrdup(cfg.categories.v[0]);
	if (cfg.channels.n > 0)
		busy.channel = xstrdup(cfg.channels.v[0]);
	busy.justified = xstrdup("yes");

	for (i = 0; i < sizeof(moments) / sizeof(moments[0]); i++) {
		evaluate(&cfg, &given, moments[i]);
		evaluate(&cfg, &empty, moments[i]);
		evaluate(&cfg, &busy, moments[i]);
	}
	complaint_release(&given);
	complaint_release(&empty);
	complaint_release(&busy);
	config_release(&cfg);
	return 0;
}
