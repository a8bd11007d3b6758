/*
 * The customer-facing messages: a configured template rendered with the
 * values of one complaint (the placeholders of template.c).
 */
#ifndef COMPLAINT_MESSAGE_H
#define COMPLAINT_MESSAGE_H

#include "buf.h"
#include "complaint.h"
#include "config.h"

/*
 * Append TPL rendered for C to OUT. AGENT is who runs the command. Dates
 * ({received}, {resolve_due}, {eta}) are local dates; {eta} is the
 * estimate given to ack --eta, else the resolution deadline; {amount} is
 * a decimal; an unset value renders as nothing.
 */
void message_render(const char *tpl, const struct config *cfg,
    const struct complaint *c, const char *agent, struct buf *out);

#endif
