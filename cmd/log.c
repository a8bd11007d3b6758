/*
 * complaint log: record a complaint as it is received. The receiver owns
 * it; deadlines come from the configuration; a repeat contact goes back
 * to the existing complaint and its owner.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "letter.h"
#include "lifecycle.h"
#include "name.h"
#include "text.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint log --customer NAME --channel CH [--contact C]\n"
    "                     [--customer-id ID] [--department D] [--category C]\n"
    "                     [--summary TEXT | -m TEXT]\n"
    "                     [--details TEXT | --details-file F | -]\n"
    "                     [--received TIME] [--owner NAME] [--public]\n"
    "                     [--resolution TEXT] [--repeat | --repeat-of REF]\n"
    "                     [--regime NAME] [--vulnerable]\n";

enum {
	OPT_CUSTOMER = 256, OPT_CHANNEL, OPT_CONTACT, OPT_CUSTOMER_ID,
	OPT_DEPARTMENT, OPT_CATEGORY, OPT_DETAILS, OPT_DETAILS_FILE,
	OPT_RECEIVED, OPT_OWNER, OPT_PUBLIC, OPT_RESOLUTION, OPT_REPEAT,
	OPT_REPEAT_OF, OPT_REGIME, OPT_VULNERABLE,
};

static const struct option options[] = {
	{ "customer", required_argument, NULL, OPT_CUSTOMER },
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "contact", required_argument, NULL, OPT_CONTACT },
	{ "customer-id", required_argument, NULL, OPT_CUSTOMER_ID },
	{ "department", required_argument, NULL, OPT_DEPARTMENT },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "summary", required_argument, NULL, 'm' },
	{ "details", required_argument, NULL, OPT_DETAILS },
	{ "details-file", required_argument, NULL, OPT_DETAILS_FILE },
	{ "received", required_argument, NULL, OPT_RECEIVED },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "public", no_argument, NULL, OPT_PUBLIC },
	{ "resolution", required_argument, NULL, OPT_RESOLUTION },
	{ "repeat", no_argument, NULL, OPT_REPEAT },
	{ "repeat-of", required_argument, NULL, OPT_REPEAT_OF },
	{ "regime", required_argument, NULL, OPT_REGIME },
	{ "vulnerable", no_argument, NULL, OPT_VULNERABLE },
	{ NULL, 0, NULL, 0 },
};

static int cmd_log(int, char **, struct ctx *);

const struct command cmd_log_def = {
	"log", cmd_log, NEED_CONFIG | NEED_DB | WRITES,
	"record a complaint as it is received", usage, "m:", options,
};

static int
load_details(struct ctx *ctx, const struct log_args *a, char **details)
{
	FILE *fp;
	int rc;

	*details = NULL;
	if (a->details) {
		*details = xstrdup(a->details);
		return 0;
	}
	if (a->details_stdin)
		return cmd_read_text(ctx, stdin, "standard input", "details",
		    details);
	if (a->details_file == NULL)
		return 0;
	if ((fp = fopen(a->details_file, "r")) == NULL)
		return error_set(&ctx->err, EX_NOINPUT,
		    "cannot read details file '%s': %s", a->details_file,
		    strerror(errno));
	rc = cmd_read_text(ctx, fp, a->details_file, "details", details);
	fclose(fp);
	return rc;
}

/* A repeat contact on complaint ID: count it, owe a call-back, tell the
 * owner, print the reference. */
int
cmd_log_repeat(struct ctx *ctx, int64_t id, const struct log_args *a,
    const char *details)
{
	struct complaint before, after;
	char ref[REF_MAX];
	struct buf note = BUF_INIT;
	int rc;

	if ((rc = store_complaint_load(ctx->db, ctx->cfg.reference_prefix, id,
	    &before, &ctx->err)) != 0) {
		complaint_release(&before);
		return rc;
	}
	complaint_copy(&after, &before);
	after.contacts++;
	lifecycle_owe_callback(&ctx->cfg, &after, ctx->now);
	if (a->channel)
		buf_printf(&note, "repeat contact by %s", a->channel);
	else
		buf_puts(&note, "repeat contact");
	if (a->summary)
		buf_printf(&note, ": %s", a->summary);
	if (details)
		buf_printf(&note, "\n%s", details);
	rc = store_complaint_update(ctx->db, &before, &after, ctx->actor, ctx->now,
	    "contact", buf_str(&note), &ctx->err);
	/* One more contact may be what a rule waits for. */
	if (rc == 0)
		rc = cmd_apply_rules(ctx, &after);
	if (rc == 0) {
		cmd_ref(ctx, id, ref, sizeof(ref));
		cmd_warn(ctx, "%s: repeat contact (contact %lld); owner %s "
		    "owes a call-back", ref, (long long)after.contacts,
		    after.owner);
		if (!status_is_open(after.status))
			cmd_warn(ctx, "%s is %s; 'complaint reopen %s' if the "
			    "customer is still dissatisfied", ref,
			    status_name(after.status), ref);
		buf_printf(&ctx->out, "%s\n", ref);
	}
	buf_release(&note);
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}

static int
find_repeat(struct ctx *ctx, const struct log_args *a, int64_t *id)
{
	struct complaint_brief found[1];
	size_t n;
	int rc;

	if (!a->customer && !a->customer_id && !a->contact)
		return cmd_usage_error(&cmd_log_def, ctx,
		    "--repeat needs --customer, --customer-id or --contact");
	if ((rc = store_find_open_for(ctx->db, a->customer_id, a->contact,
	    a->customer, found, 1, &n, &ctx->err)) != 0)
		return rc;
	if (n == 0)
		return error_set(&ctx->err, EX_NOINPUT,
		    "no open complaint for customer '%s'; log it without "
		    "--repeat", a->customer ? a->customer :
		    a->customer_id ? a->customer_id : a->contact);
	*id = found[0].id;
	complaint_brief_release(found, n);
	return 0;
}

/* Warn, without refusing, when the customer already has open ones. */
static int
warn_open_complaints(struct ctx *ctx, const struct complaint *c)
{
	struct complaint_brief found[5];
	struct buf refs = BUF_INIT;
	size_t i, n;
	int rc;

	if ((rc = store_find_open_for(ctx->db, c->customer_id, c->contact,
	    c->customer, found, 5, &n, &ctx->err)) != 0)
		return rc;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		char ref[REF_MAX];

		cmd_ref(ctx, found[i].id, ref, sizeof(ref));
		buf_printf(&refs, "%s %s (owner %s)", i ? "," : "", ref,
		    found[i].owner);
	}
	cmd_warn(ctx, "warning: %s already has open complaints:%s; use "
	    "--repeat-of REF for a repeat contact", c->customer,
	    buf_str(&refs));
	buf_release(&refs);
	complaint_brief_release(found, n);
	return 0;
}

static int
check_texts(struct ctx *ctx, const struct log_args *a, const char *details)
{
	const struct {
		const char *what, *value;
	} texts[] = {
		{ "customer", a->customer }, { "contact", a->contact },
		{ "customer id", a->customer_id },
		{ "department", a->department }, { "summary", a->summary },
		{ "details", details }, { "owner", a->owner },
		{ "resolution", a->resolution },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (texts[i].value &&
		    (rc = cmd_check_text(ctx, texts[i].what, texts[i].value)))
			return rc;
	if (a->customer) {
		char *tidy = name_tidy(a->customer);
		int blank = *tidy == '\0';

		free(tidy);
		if (blank)
			return error_set(&ctx->err, EX_DATAERR,
			    "customer name is empty; give --customer NAME");
	}
	if (a->owner && (rc = name_check(a->owner, "--owner",
	    &ctx->err)) != 0)
		return rc;
	return 0;
}

int
cmd_log_new(struct ctx *ctx, const struct log_args *a, char *details,
    int64_t *id)
{
	struct complaint c;
	char ref[REF_MAX];
	int rc, i;

	complaint_init(&c);
	c.received_at = ctx->now;
	if (a->received) {
		if ((rc = time_parse(a->received, ctx->now, &c.received_at,
		    &ctx->err)) != 0)
			goto done;
		if (c.received_at > ctx->now) {
			rc = error_set(&ctx->err, EX_DATAERR,
			    "received time '%s' is in the future (expected now "
			    "or earlier)", a->received);
			goto done;
		}
	}
	c.channel = xstrdup(a->channel);
	/* Names are stored as people expect to find them: trimmed, inner
	 * white space collapsed. */
	c.customer = name_tidy(a->customer);
	c.contact = xstrdup_or_null(a->contact);
	c.customer_id = xstrdup_or_null(a->customer_id);
	c.owner = name_tidy(a->owner && strcmp(a->owner, "me") != 0 ?
	    a->owner : ctx->actor);
	c.department = xstrdup_or_null(a->department);
	c.category = xstrdup_or_null(a->category);
	c.summary = xstrdup_or_null(a->summary);
	c.details = details;
	details = NULL;
	c.public = a->public;
	c.vulnerable = a->vulnerable;
	/* The deadlines of its regime: named by hand, or the first whose
	 * when holds for the complaint as logged. */
	if (a->regime)
		c.regime = xstrdup(a->regime);
	else if ((i = letter_regime_choose(&ctx->cfg, &c, ctx->now)) >= 0)
		c.regime = xstrdup(ctx->cfg.regimes[i].rule.name);
	c.ack_due = time_add(&ctx->cfg.calendar, c.received_at,
	    config_deadline(&ctx->cfg, c.regime, DL_ACKNOWLEDGE));
	c.resolve_due = time_add(&ctx->cfg.calendar, c.received_at,
	    config_deadline(&ctx->cfg, c.regime, DL_RESOLVE));
	c.holding_due = time_add(&ctx->cfg.calendar, c.received_at,
	    config_deadline(&ctx->cfg, c.regime, DL_HOLDING));
	if (a->resolution) {
		/* Resolved at first contact: answered there and then, so no
		 * acknowledgement or follow-up is owed. */
		c.status = ST_RESOLVED;
		c.first_contact = 1;
		c.acknowledged_at = c.received_at;
		c.resolved_at = c.received_at;
		c.resolution = xstrdup(a->resolution);
	}
	if ((rc = warn_open_complaints(ctx, &c)) != 0)
		goto done;
	if ((rc = store_complaint_insert(ctx->db, &c, ctx->actor, ctx->now, "log",
	    NULL, &ctx->err)) != 0)
		goto done;
	if ((rc = cmd_apply_rules(ctx, &c)) != 0)
		goto done;
	cmd_ref(ctx, c.id, ref, sizeof(ref));
	buf_printf(&ctx->out, "%s\n", ref);
	if (id != NULL)
		*id = c.id;
done:
	free(details);
	complaint_release(&c);
	return rc;
}

/* A regime named by hand must be one of the configuration's. */
static int
check_regime(struct ctx *ctx, const char *name)
{
	struct buf names = BUF_INIT;
	size_t i;
	int rc;

	if (config_regime_lookup(&ctx->cfg, name) >= 0)
		return 0;
	for (i = 0; i < ctx->cfg.nregimes; i++)
		buf_printf(&names, "%s%s", i ? ", " : "",
		    ctx->cfg.regimes[i].rule.name);
	if (ctx->cfg.nregimes == 0)
		rc = error_set(&ctx->err, EX_DATAERR, "unknown regime '%s' "
		    "(the configuration defines no regimes)", name);
	else
		rc = error_set(&ctx->err, EX_DATAERR, "unknown regime '%s' "
		    "(expected one of: %s)", name, buf_str(&names));
	buf_release(&names);
	return rc;
}

/*
 * A repeat contact only counts a contact on an existing complaint: refuse
 * the options it would otherwise drop without a word.
 */
static int
check_repeat_args(const struct command *cmd, struct ctx *ctx,
    const struct log_args *a)
{
	const char *opt = NULL;

	if (a->resolution)
		return cmd_usage_error(cmd, ctx, "--resolution does not go "
		    "with a repeat contact; record the contact, then "
		    "'complaint resolve REF'");
	if (a->owner)
		opt = "--owner";
	else if (a->department)
		opt = "--department";
	else if (a->category)
		opt = "--category";
	else if (a->public)
		opt = "--public";
	else if (a->received)
		opt = "--received";
	else if (a->regime)
		opt = "--regime";
	else if (a->vulnerable)
		opt = "--vulnerable";
	if (opt)
		return cmd_usage_error(cmd, ctx, "%s does not go with a repeat "
		    "contact, which keeps the complaint as it is", opt);
	return 0;
}

static int
cmd_log(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_log_def;
	struct log_args a;
	char *details = NULL;
	int64_t id;
	int c, rc, nsources;

	memset(&a, 0, sizeof(a));
	while ((c = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (c) {
		case OPT_CUSTOMER: a.customer = optarg; break;
		case OPT_CHANNEL: a.channel = optarg; break;
		case OPT_CONTACT: a.contact = optarg; break;
		case OPT_CUSTOMER_ID: a.customer_id = optarg; break;
		case OPT_DEPARTMENT: a.department = optarg; break;
		case OPT_CATEGORY: a.category = optarg; break;
		case 'm': a.summary = optarg; break;
		case OPT_DETAILS: a.details = optarg; break;
		case OPT_DETAILS_FILE: a.details_file = optarg; break;
		case OPT_RECEIVED: a.received = optarg; break;
		case OPT_OWNER: a.owner = optarg; break;
		case OPT_PUBLIC: a.public = 1; break;
		case OPT_RESOLUTION: a.resolution = optarg; break;
		case OPT_REPEAT: a.repeat = 1; break;
		case OPT_REPEAT_OF: a.repeat_of = optarg; break;
		case OPT_REGIME: a.regime = optarg; break;
		case OPT_VULNERABLE: a.vulnerable = 1; break;
		default: return EX_USAGE;
		}
	}
	for (; optind < argc; optind++) {
		if (strcmp(argv[optind], "-") != 0)
			return cmd_usage_error(cmd, ctx,
			    "unexpected argument '%s'", argv[optind]);
		a.details_stdin = 1;
	}
	nsources = !!a.details + !!a.details_file + a.details_stdin;
	if (nsources > 1)
		return cmd_usage_error(cmd, ctx, "give the details once: "
		    "--details, --details-file or -");
	if (a.repeat && a.repeat_of)
		return cmd_usage_error(cmd, ctx,
		    "--repeat and --repeat-of cannot be combined");
	if ((a.repeat || a.repeat_of) && (rc = check_repeat_args(cmd, ctx,
	    &a)) != 0)
		return rc;
	if (!a.repeat && !a.repeat_of) {
		if (a.customer == NULL)
			return cmd_usage_error(cmd, ctx, "--customer is required");
		if (a.channel == NULL)
			return cmd_usage_error(cmd, ctx, "--channel is required");
	}
	if (a.channel && (rc = cmd_check_listed(ctx, "channel", a.channel,
	    &ctx->cfg.channels)) != 0)
		return rc;
	if (a.category && (rc = cmd_check_listed(ctx, "category", a.category,
	    &ctx->cfg.categories)) != 0)
		return rc;
	if (a.regime && (rc = check_regime(ctx, a.regime)) != 0)
		return rc;
	if ((rc = load_details(ctx, &a, &details)) != 0)
		return rc;
	if ((rc = check_texts(ctx, &a, details)) != 0)
		goto done;

	if (a.repeat_of || a.repeat) {
		if (a.repeat_of)
			rc = cmd_parse_ref(ctx, a.repeat_of, &id);
		else
			rc = find_repeat(ctx, &a, &id);
		if (rc == 0)
			rc = cmd_log_repeat(ctx, id, &a, details);
		goto done;
	}
	rc = cmd_log_new(ctx, &a, details, NULL);
	details = NULL;
done:
	free(details);
	return rc;
}
