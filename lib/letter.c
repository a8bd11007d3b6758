/* The letters of SPEC 5; see letter.h. */
#include <string.h>

#include "escalation.h"
#include "letter.h"
#include "message.h"
#include "timeutil.h"

static const char *const kind_names[LETTER__COUNT] = {
	"acknowledgement", "summary", "holding", "final"
};

const char *
letter_kind_name(enum letter_kind k)
{
	return (unsigned)k < LETTER__COUNT ? kind_names[k] : NULL;
}

int
letter_kind_lookup(const char *name, enum letter_kind *k, struct error *err)
{
	int i;

	for (i = 0; i < LETTER__COUNT; i++) {
		if (strcmp(name, kind_names[i]) == 0) {
			*k = (enum letter_kind)i;
			return 0;
		}
	}
	return error_set(err, EX_DATAERR, "invalid letter kind '%s' (expected "
	    "one of: acknowledgement, summary, holding, final)", name);
}

int
letter_render(const struct config *cfg, const struct complaint *c,
    enum letter_kind k, const char *agent, struct buf *out,
    struct error *err)
{
	static const char *const keys[LETTER__COUNT] = {
		"acknowledgement", "summary", "holding", "final_response"
	};
	const char *tpl[LETTER__COUNT] = {
		cfg->tpl_acknowledgement, cfg->tpl_summary, cfg->tpl_holding,
		cfg->tpl_final_response
	};

	if ((unsigned)k >= LETTER__COUNT)
		return error_set(err, EX_SOFTWARE, "no such letter kind");
	if (tpl[k] == NULL || *tpl[k] == '\0')
		return error_set(err, EX_CONFIG, "templates.%s is empty: set "
		    "it in the configuration to print this letter", keys[k]);
	message_render(tpl[k], cfg, c, agent, out);
	return 0;
}

enum letter_kind
letter_for_resolution(const struct config *cfg, const struct complaint *c,
    int64_t at)
{
	int64_t due;

	if (c->received_at == NUM_NONE)
		return LETTER_FINAL;
	due = time_add(&cfg->calendar, c->received_at,
	    config_deadline(cfg, c->regime, DL_SUMMARY));
	return at <= due ? LETTER_SUMMARY : LETTER_FINAL;
}

int
letter_regime_choose(const struct config *cfg, const struct complaint *c,
    int64_t now)
{
	struct rule_facts f;

	if (cfg->nregimes == 0)
		return -1;
	escalation_facts(cfg, c, now, &f);
	return config_regime_choose(cfg, &f);
}
