/*
 * complaint assess: severity, category, impact and urgency (hence
 * priority), whether the complaint is justified and whether it is
 * complex. Assessing again is a re-assessment, recorded as such.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint assess REF [--severity S] [--category C]\n"
    "                        [--impact 1-3] [--urgency 1-3]\n"
    "                        [--justified yes|no|unknown] [--complex]\n"
    "                        [--vulnerable] [--note TEXT]\n";

enum {
	OPT_SEVERITY = 256, OPT_CATEGORY, OPT_IMPACT, OPT_URGENCY,
	OPT_JUSTIFIED, OPT_COMPLEX, OPT_NOTE, OPT_VULNERABLE,
};

static const struct option options[] = {
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "impact", required_argument, NULL, OPT_IMPACT },
	{ "urgency", required_argument, NULL, OPT_URGENCY },
	{ "justified", required_argument, NULL, OPT_JUSTIFIED },
	{ "complex", no_argument, NULL, OPT_COMPLEX },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "vulnerable", no_argument, NULL, OPT_VULNERABLE },
	{ NULL, 0, NULL, 0 },
};

static int cmd_assess(int, char **, struct ctx *);

const struct command cmd_assess_def = {
	"assess", cmd_assess, NEED_CONFIG | NEED_DB | WRITES,
	"assess severity, category, priority, justification", usage, "",
	options,
};

/* "1", "2" or "3" for impact and urgency. */
static int
parse_level(struct ctx *ctx, const char *what, const char *s, int64_t *v)
{
	if (s[0] < '1' || s[0] > '3' || s[1] != '\0')
		return error_set(&ctx->err, EX_DATAERR, "invalid %s '%s' "
		    "(expected 1, 2 or 3; 1 is the highest)", what, s);
	*v = s[0] - '0';
	return 0;
}

static void
replace_text(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static int
cmd_assess(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_assess_def;
	struct complaint before, after;
	const char *severity = NULL, *category = NULL, *impact = NULL;
	const char *urgency = NULL, *justified = NULL, *note = NULL;
	int opt, rc, complex = 0, vulnerable = 0;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_SEVERITY: severity = optarg; break;
		case OPT_CATEGORY: category = optarg; break;
		case OPT_IMPACT: impact = optarg; break;
		case OPT_URGENCY: urgency = optarg; break;
		case OPT_JUSTIFIED: justified = optarg; break;
		case OPT_COMPLEX: complex = 1; break;
		case OPT_NOTE: note = optarg; break;
		case OPT_VULNERABLE: vulnerable = 1; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (!severity && !category && !impact && !urgency && !justified &&
	    !complex && !vulnerable && !note)
		return cmd_usage_error(cmd, ctx, "nothing to assess: give "
		    "--severity, --category, --impact, --urgency, "
		    "--justified, --complex, --vulnerable or --note");
	if (severity && (rc = cmd_check_listed(ctx, "severity", severity,
	    &ctx->cfg.severities)) != 0)
		return rc;
	if (category && (rc = cmd_check_listed(ctx, "category", category,
	    &ctx->cfg.categories)) != 0)
		return rc;
	if (justified && strcmp(justified, "yes") != 0 &&
	    strcmp(justified, "no") != 0 && strcmp(justified, "unknown") != 0)
		return error_set(&ctx->err, EX_DATAERR, "invalid justified "
		    "'%s' (expected yes, no or unknown)", justified);
	if (note && (rc = cmd_check_text(ctx, "note", note)) != 0)
		return rc;

	if ((rc = cmd_load_for_step(ctx, argv[optind], LC_ASSESS, &before,
	    &after)) != 0)
		goto done;
	if (impact && (rc = parse_level(ctx, "impact", impact,
	    &after.impact)) != 0)
		goto done;
	if (urgency && (rc = parse_level(ctx, "urgency", urgency,
	    &after.urgency)) != 0)
		goto done;
	if (severity)
		replace_text(&after.severity, severity);
	if (category)
		replace_text(&after.category, category);
	if (justified)
		replace_text(&after.justified, justified);
	if (complex)
		after.complex = 1;
	if (vulnerable)
		after.vulnerable = 1;
	lifecycle_assess(&ctx->cfg, &before, &after, ctx->now);
	rc = store_complaint_update(ctx->db, &before, &after, ctx->actor, ctx->now,
	    before.assessed ? "reassess" : "assess", note, &ctx->err);
	if (rc == 0)
		rc = cmd_apply_rules(ctx, &after);
done:
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}
