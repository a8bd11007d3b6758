/*
 * Fuzz target: the time and duration parsers (time_parse, the period
 * bounds, RFC 3339, durations), with the results formatted back. The
 * first byte picks the parser; the rest is the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "error.h"
#include "timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Thursday 2026-11-19T10:00:00Z, as the tests pin it. */
	const int64_t now = 1795082400;
	static struct config cfg;
	static int ready;
	struct duration d;
	struct error err;
	char out[64], *s;
	int64_t t;
	int rc;

	if (size < 1)
		return 0;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (!ready) {
		/* The default business calendar, in a zone with DST. */
		config_defaults(&cfg);
		if (tz_set("Europe/London", &err) != 0)
			abort();
		ready = 1;
	}
	error_clear(&err);
	switch (data[0] % 5) {
	case 0:
		if (time_parse(s, now, &t, &err) == 0)
			time_format_utc(t, out, sizeof(out));
		break;
	case 1:
	case 2:
		if (time_parse_bound(s, now, &cfg.calendar, data[0] % 5 == 2, &t,
		    &err) == 0)
			time_format_local(t, out, sizeof(out));
		break;
	case 3:
		if (time_parse_rfc3339(s, &t) == 0)
			time_format_local_date(t, out, sizeof(out));
		break;
	default:
		rc = duration_parse(s, &d, &err);
		if (rc == 0) {
			duration_format(&d, out, sizeof(out));
			(void)time_add(&cfg.calendar, now, &d);
			(void)time_sub(&cfg.calendar, now, &d);
		} else if (err.status != EX_DATAERR) {
			abort();
		}
		break;
	}
	free(s);
	return 0;
}
