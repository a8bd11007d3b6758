/*
 * The configuration (SPEC 8): built-in defaults equal to
 * config.example.yaml, overlaid by one YAML file read strictly with
 * libyaml. A key that is absent keeps its default; a list given replaces
 * the default list whole. complaint.yaml(5) documents every key.
 */
#ifndef COMPLAINT_CONFIG_H
#define COMPLAINT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "rules.h"
#include "timeutil.h"

struct strlist {
	char **v;
	size_t n;
};

/* Index of S in L, or -1. */
int strlist_find(const struct strlist *l, const char *s);

/* A mapping of names to names (returns.fca.products): FROM[i] -> TO[i]. */
struct strmap {
	struct strlist from, to;
};
/* What S maps to in M, or NULL. */
const char *strmap_get(const struct strmap *m, const char *s);
void strmap_release(struct strmap *m);

/* The deadline keys a regime may override (deadlines.*). */
enum deadline_kind {
	DL_ACKNOWLEDGE, DL_RESOLVE, DL_CALLBACK, DL_SUMMARY, DL_HOLDING,
	DL_FOLLOWUP, DL__COUNT
};

/* A named deadline set (regimes.NAME): its own deadlines where SET has
 * the bit 1 << kind, the top-level ones elsewhere; chosen for the
 * complaints its "when" (a rule without a level) matches. */
struct regime {
	struct rule rule;                 /* name and when; to_level unused */
	struct duration d[DL__COUNT];
	unsigned set;
};
/* limits.attachment: its default and its largest allowed value. */
#define ATTACHMENT_DEFAULT (25LL * 1024 * 1024)
#define ATTACHMENT_LIMIT_MAX (1024LL * 1024 * 1024)
/* limits.message: a whole e-mail taken by mail (attachments base64-encoded
 * grow by a third, so the default leaves room for a full attachment). */
#define MESSAGE_DEFAULT (50LL * 1024 * 1024)
/* mail.sendmail's default: the mailer every MTA installs there. */
#define SENDMAIL_DEFAULT "/usr/sbin/sendmail -t -i"

struct config {
	char *organisation;
	char *reference_prefix;
	char *timezone;
	char *currency;
	char *database;           /* NULL: the XDG default */
	int busy_timeout_ms;      /* busy_timeout: 0..600000, default 5000 */
	int64_t attachment_max;   /* limits.attachment: bytes, default 25MB */
	int64_t message_max;      /* limits.message: bytes, default 50MB */

	struct calendar calendar;

	struct duration ack_deadline;      /* deadlines.acknowledge */
	struct duration resolve_deadline;  /* deadlines.resolve */
	struct duration callback_deadline; /* deadlines.callback */
	struct duration followup_deadline; /* deadlines.followup */
	struct duration summary_deadline;  /* deadlines.summary */
	struct duration holding_deadline;  /* deadlines.holding */
	int followup_attempts;             /* deadlines.followup_attempts */

	struct strlist channels;
	struct strlist categories;
	struct strlist severities;  /* in rising order */
	struct strlist remedies;
	struct strlist levels;      /* escalation.levels; level n = v[n-1] */
	struct rule *rules;
	size_t nrules;

	/* priority = matrix[impact-1][urgency-1], 1 highest (assess). */
	int priority[3][3];

	/* review --spikes: the recent window and its trailing baseline. */
	struct duration spike_window;
	/* limits.idempotency: how long an --idempotency-key is kept. */
	struct duration idempotency_keep;
	int spike_baseline_windows;
	double spike_factor;
	int spike_min_count;

	char *tpl_acknowledgement;
	char *tpl_followup_script;
	char *tpl_final_response;
	char *tpl_summary;          /* templates.summary */
	char *tpl_holding;          /* templates.holding */

	char *mail_from;            /* mail.from: NULL, the mailer's own */
	char *mail_sendmail;        /* mail.sendmail: a command, no shell */
	char *mail_owner;           /* mail.owner: NULL, the acting user */

	struct regime *regimes;     /* regimes, in file order */
	size_t nregimes;

	int has_roles;              /* a roles: key was given */
	struct strlist managers;    /* roles.managers: accounts */
	struct strlist delegates;   /* roles.delegates: accounts that may
				     * act --as someone else */

	/* returns.fca: the FCA's product groups and causes for our
	 * categories and root causes; the PS25/19 vulnerability column. */
	struct strmap fca_products;
	struct strmap fca_causes;
	int fca_vulnerability;
	/* returns.asic: codes of ASIC's IDR data dictionary. */
	struct strmap asic_products;
	struct strmap asic_issues;
	struct strmap asic_outcomes;
	struct strmap asic_channels;

	char *path;                 /* the file read, NULL for defaults */
};

/*
 * Fill CFG with the built-in defaults. CFG is filled from scratch: it
 * must not hold a configuration (release that first).
 */
void config_defaults(struct config *cfg);

/*
 * What a configuration file may hold, so that a hostile one costs little:
 * each limit passed is a problem at FILE:LINE:COL (EX_CONFIG).
 */
#define CONFIG_MAX_BYTES 1048576       /* the whole file: 1 MiB */
#define CONFIG_MAX_DEPTH 32            /* lists and mappings in one another */
#define CONFIG_MAX_ITEMS 10000         /* entries of one list or mapping */
#define CONFIG_MAX_ALIASED 10000       /* nodes aliases stand for, in all */

/*
 * Check a loaded configuration as strictly as a parse of its file would
 * (days, hours, names, ranges, rules): EX_CONFIG with the first problem.
 * For a configuration that did not come from the parser (the cache).
 */
int config_validate(const struct config *cfg, struct error *err);

/*
 * Defaults overlaid by the YAML file PATH (NULL: the defaults alone),
 * filling CFG from scratch as config_defaults() does. Errors are
 * EX_CONFIG with "FILE:LINE:COL: message" (1-based; the first problem in
 * file order); a missing or unreadable PATH is EX_NOINPUT. On error CFG
 * holds the defaults: a bad file never half-applies. Either way CFG is
 * the caller's to release.
 */
int config_load(struct config *cfg, const char *path, struct error *err);

/*
 * Like config_load() but collects every problem, one
 * "FILE:LINE:COL: message\n" line each in file order, into PROBLEMS
 * (config check); ERR gets the first, as from config_load(). Returns 0
 * when there are none, else EX_CONFIG (or EX_NOINPUT, PROBLEMS empty).
 */
int config_check(const char *path, struct buf *problems, struct error *err);

/*
 * The configuration in force, appended to OUT as YAML that config_load()
 * reads back to an equal configuration (rules in the "when" language).
 * EX_SOFTWARE only if libyaml refuses, e.g. text that is not UTF-8.
 */
int config_to_yaml(const struct config *cfg, struct buf *out,
    struct error *err);

/* Name of escalation level N: "frontline" for 0, NULL out of range. */
const char *config_level_name(const struct config *cfg, int level);
/* Level number of NAME ("frontline" is 0, a number is accepted), or -1. */
int config_level_lookup(const struct config *cfg, const char *name);

/* Name of deadline K as written under deadlines:, and its inverse. */
const char *config_deadline_name(enum deadline_kind k);
int config_deadline_lookup(const char *name);
/* Deadline K of regime NAME (NULL or unknown: the top-level one). */
const struct duration *config_deadline(const struct config *cfg,
    const char *regime, enum deadline_kind k);
/* Index of regime NAME, or -1. */
int config_regime_lookup(const struct config *cfg, const char *name);
/* Index of the first regime whose when holds for F, or -1. */
int config_regime_choose(const struct config *cfg,
    const struct rule_facts *f);

void config_release(struct config *cfg);

#endif
