/*
 * complaint erase: the right to erasure. Replaces a customer's personal
 * data, in the complaints and in their history, with a placeholder and
 * keeps every number, date and outcome that reports and regulators need;
 * the erasure itself is recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "xmalloc.h"

static const char usage[] =
    "usage: complaint erase --customer NAME --reason TEXT\n"
    "       complaint erase --ref REF --reason TEXT\n";

enum { OPT_CUSTOMER = 256, OPT_REF, OPT_REASON };

static const struct option options[] = {
	{ "customer", required_argument, NULL, OPT_CUSTOMER },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 },
};

static int cmd_erase(int, char **, struct ctx *);

const struct command cmd_erase_def = {
	"erase", cmd_erase, NEED_CONFIG | NEED_DB | WRITES,
	"erase a customer's personal data (right to erasure)", usage, "",
	options,
};

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int
collect(const struct complaint *c, void *arg)
{
	struct ids *ids = arg;

	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? 2 * ids->cap : 8;
		ids->v = xreallocarray(ids->v, ids->cap, sizeof(*ids->v));
	}
	ids->v[ids->n++] = c->id;
	return 0;
}

static int
cmd_erase(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = &cmd_erase_def;
	const char *customer = NULL, *refarg = NULL, *reason = NULL;
	struct ids ids = { NULL, 0, 0 };
	char ref[REF_MAX];
	size_t i;
	int opt, rc, n, total = 0;

	while ((opt = cmd_getopt(cmd, argc, argv, ctx)) != -1) {
		switch (opt) {
		case OPT_CUSTOMER:
			customer = optarg;
			break;
		case OPT_REF:
			refarg = optarg;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		default:
			return EX_USAGE;
		}
	}
	if (optind != argc)
		return cmd_usage_error(cmd, ctx, "unexpected argument '%s'",
		    argv[optind]);
	if ((customer == NULL) == (refarg == NULL))
		return cmd_usage_error(cmd, ctx,
		    "exactly one of --customer and --ref is required");
	if (reason == NULL)
		return cmd_usage_error(cmd, ctx, "--reason is required: the "
		    "history records why personal data was erased");
	if ((rc = cmd_check_text(ctx, "reason", reason)) != 0)
		return rc;
	if (reason[strspn(reason, " \t\n")] == '\0')
		return error_set(&ctx->err, EX_DATAERR, "the reason is empty");
	if (customer && customer[strspn(customer, " \t\n")] == '\0')
		return error_set(&ctx->err, EX_DATAERR,
		    "the customer is empty; give a name, customer id or "
		    "contact");
	if ((rc = cmd_require_role(ctx, "erase personal data")) != 0)
		return rc;

	if (refarg) {
		int64_t id;

		if ((rc = cmd_parse_ref(ctx, refarg, &id)) != 0)
			return rc;
		collect(&(struct complaint){ .id = id }, &ids);
	} else {
		struct complaint_filter f;

		complaint_filter_init(&f);
		f.customer = customer;
		if ((rc = store_complaint_each(ctx->db, &f, collect, &ids,
		    &ctx->err)) != 0)
			goto done;
		if (ids.n == 0) {
			rc = error_set(&ctx->err, EX_NOINPUT,
			    "no complaints for customer '%s' (by name, "
			    "customer id or contact)", customer);
			goto done;
		}
	}
	for (i = 0; i < ids.n; i++) {
		rc = store_complaint_erase(ctx->db, ctx->cfg.reference_prefix,
		    ids.v[i], ctx->actor, ctx->now, reason, &n, &ctx->err);
		/* By customer, one already erased is no reason to stop. */
		if (rc == EX_DATAERR && customer) {
			error_clear(&ctx->err);
			continue;
		}
		if (rc != 0)
			goto done;
		cmd_ref(ctx, ids.v[i], ref, sizeof(ref));
		buf_printf(&ctx->out, "%s\n", ref);
		total++;
	}
	if (total == 0)
		rc = error_set(&ctx->err, EX_DATAERR, "the complaints of '%s' "
		    "are already erased", customer);
	else
		ctx->checkpoint = 1;
done:
	free(ids.v);
	return rc;
}
