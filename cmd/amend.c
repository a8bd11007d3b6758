/*
 * complaint amend: correct the recorded fields of a complaint (a
 * misspelt name, a wrong channel), with a reason; the history keeps the
 * values before and after. A corrected time of receipt recomputes the
 * deadlines and applies the escalation rules again. Nothing else changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "name.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint amend REF --reason TEXT [--customer NAME]\n"
    "                       [--contact C] [--customer-id ID] [--channel CH]\n"
    "                       [--department D] [--summary TEXT]\n"
    "                       [--details TEXT | --details-file F | -]\n"
    "                       [--received TIME] [--public | --no-public]\n";

enum {
	OPT_REASON = 256, OPT_CUSTOMER, OPT_CONTACT, OPT_CUSTOMER_ID,
	OPT_CHANNEL, OPT_DEPARTMENT, OPT_SUMMARY, OPT_DETAILS,
	OPT_DETAILS_FILE, OPT_RECEIVED, OPT_PUBLIC, OPT_NO_PUBLIC,
};

static const struct option options[] = {
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "customer", required_argument, NULL, OPT_CUSTOMER },
	{ "contact", required_argument, NULL, OPT_CONTACT },
	{ "customer-id", required_argument, NULL, OPT_CUSTOMER_ID },
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "department", required_argument, NULL, OPT_DEPARTMENT },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	{ "details", required_argument, NULL, OPT_DETAILS },
	{ "details-file", required_argument, NULL, OPT_DETAILS_FILE },
	{ "received", required_argument, NULL, OPT_RECEIVED },
	{ "public", no_argument, NULL, OPT_PUBLIC },
	{ "no-public", no_argument, NULL, OPT_NO_PUBLIC },
	{ NULL, 0, NULL, 0 },
};

static int cmd_amend(int, char **, struct ctx *);

const struct command cmd_amend_def = {
	"amend", cmd_amend, NEED_CONFIG | NEED_DB | WRITES,
	"correct the recorded fields of a complaint", usage, "", options,
};

static void
set_text(char **slot, const char *value)
{
	free(*slot);
	*slot = *value ? xstrdup(value) : NULL;
}

static int
cmd_amend(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_amend_def;
	struct complaint before, after;
	const char *reason = NULL, *customer = NULL, *contact = NULL,
	    *customer_id = NULL, *channel = NULL, *department = NULL,
	    *summary = NULL, *details = NULL, *details_file = NULL,
	    *received = NULL;
	char *text = NULL;
	int opt, rc, pub = -1, from_stdin = 0, nsources, nfields;
	int64_t when = NUM_NONE;
	FILE *fp;

	complaint_init(&before);
	complaint_init(&after);
	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_REASON: reason = optarg; break;
		case OPT_CUSTOMER: customer = optarg; break;
		case OPT_CONTACT: contact = optarg; break;
		case OPT_CUSTOMER_ID: customer_id = optarg; break;
		case OPT_CHANNEL: channel = optarg; break;
		case OPT_DEPARTMENT: department = optarg; break;
		case OPT_SUMMARY: summary = optarg; break;
		case OPT_DETAILS: details = optarg; break;
		case OPT_DETAILS_FILE: details_file = optarg; break;
		case OPT_RECEIVED: received = optarg; break;
		case OPT_PUBLIC: pub = 1; break;
		case OPT_NO_PUBLIC: pub = 0; break;
		default: return EX_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(cmd, ctx, "a reference is required");
	if (argc - optind > 2 || (argc - optind == 2 &&
	    strcmp(argv[optind + 1], "-") != 0))
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[argc - 1]);
	from_stdin = argc - optind == 2;
	nsources = !!details + !!details_file + from_stdin;
	if (nsources > 1)
		return cmd_usage_error(cmd, ctx, "give the details once: "
		    "--details, --details-file or -");
	nfields = !!customer + !!contact + !!customer_id + !!channel +
	    !!department + !!summary + nsources + !!received + (pub >= 0);
	if (nfields == 0)
		return cmd_usage_error(cmd, ctx, "name at least one field to "
		    "correct (see -h)");
	if ((rc = cmd_check_reason(cmd, ctx, reason)) != 0)
		return rc;
	if (customer && (rc = name_check(customer, "--customer",
	    &ctx->err)) != 0)
		return rc;
	if (channel && (rc = cmd_check_listed(ctx, "channel", channel,
	    &ctx->cfg.channels)) != 0)
		return rc;
	{
		const char *texts[] = { contact, customer_id, department,
		    summary, details };
		const char *whats[] = { "contact", "customer id",
		    "department", "summary", "details" };
		size_t i;

		for (i = 0; i < 5; i++)
			if (texts[i] && (rc = cmd_check_text(ctx, whats[i],
			    texts[i])) != 0)
				return rc;
	}
	if (received) {
		if ((rc = time_parse(received, ctx->now, &when,
		    &ctx->err)) != 0)
			return rc;
		if (when > ctx->now)
			return error_set(&ctx->err, EX_DATAERR, "received time "
			    "'%s' is in the future (expected now or earlier)",
			    received);
	}
	if (from_stdin) {
		if ((rc = cmd_read_text(ctx, stdin, "standard input",
		    "details", &text)) != 0)
			return rc;
	} else if (details_file) {
		if ((fp = fopen(details_file, "r")) == NULL)
			return error_set(&ctx->err, EX_NOINPUT, "cannot read "
			    "details file '%s': %s", details_file,
			    strerror(errno));
		rc = cmd_read_text(ctx, fp, details_file, "details", &text);
		fclose(fp);
		if (rc != 0)
			return rc;
	} else if (details) {
		text = xstrdup(details);
	}

	if ((rc = cmd_load_for_step(ctx, argv[optind], LC_AMEND, &before,
	    &after)) != 0)
		goto done;
	if (customer) {
		free(after.customer);
		after.customer = name_tidy(customer);
		if (*after.customer == '\0') {
			rc = error_set(&ctx->err, EX_DATAERR, "customer name "
			    "is empty; give --customer NAME");
			goto done;
		}
	}
	if (contact)
		set_text(&after.contact, contact);
	if (customer_id)
		set_text(&after.customer_id, customer_id);
	if (channel)
		set_text(&after.channel, channel);
	if (department)
		set_text(&after.department, department);
	if (summary)
		set_text(&after.summary, summary);
	if (text) {
		free(after.details);
		after.details = *text ? text : NULL;
		if (!*text)
			free(text);
		text = NULL;
	}
	if (pub >= 0)
		after.public = pub;
	if (received) {
		after.received_at = when;
		lifecycle_deadlines(&ctx->cfg, &after);
	}
	if (complaint_diff(&before, &after) == NULL) {
		rc = error_set(&ctx->err, EX_DATAERR, "nothing to correct: "
		    "the values given are the recorded ones");
		goto done;
	}
	if ((rc = store_complaint_update(ctx->db, &before, &after, ctx->actor,
	    ctx->now, "amend", reason, &ctx->err)) != 0)
		goto done;
	if (received && status_is_open(after.status))
		rc = cmd_apply_rules(ctx, &after);
done:
	free(text);
	complaint_release(&before);
	complaint_release(&after);
	return rc;
}
