/*
 * Fuzz target: the message template checker and renderer. Any text must
 * be checked (accepted or EX_DATAERR) and rendered without a crash; the
 * lookup answers some names and not others, as a real complaint does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *
lookup(const char *name, void *arg)
{
	(void)arg;
	if (strcmp(name, "ref") == 0)
		return "CMP-000042";
	if (strcmp(name, "customer") == 0)
		return "{customer} {{ }}";
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	struct error err;
	char *tpl;

	tpl = malloc(size + 1);
	memcpy(tpl, data, size);
	tpl[size] = '\0';
	error_clear(&err);
	if (template_check(tpl, template_placeholders, &err) != 0 &&
	    err.status != EX_DATAERR)
		abort();
	template_render(tpl, lookup, NULL, &out);
	buf_release(&out);
	free(tpl);
	return 0;
}
