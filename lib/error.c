/* Error objects; see error.h. */
#include <stdarg.h>
#include <stdio.h>

#include "error.h"

int
error_set(struct error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return status;
}

void
error_clear(struct error *err)
{
	err->status = 0;
	err->msg[0] = '\0';
}
