/*
 * Fuzz target: the CSV reader, over the bytes in memory, record by record
 * to the end or the first error (which must be EX_DATAERR), touching every
 * field; the first record also goes to the import layer's recognition of
 * a layout by its header, which needs no database.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "error.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_map map;
	struct error err;
	struct csv c;
	size_t i, sum = 0;
	long records = 0, last_line = 0;
	int rc;

	csv_init_mem(&c, (const char *)data, size, "fuzz.csv");
	error_clear(&err);
	while ((rc = csv_next(&c, &err)) == 1) {
		/* A record has a field, and lines only go forward. */
		if (c.nfields < 1 || c.record_line < last_line)
			abort();
		last_line = c.record_line;
		for (i = 0; i < c.nfields; i++) {
			if (c.field[i][c.flen[i]] != '\0')
				abort();
			sum += c.flen[i];
		}
		if (sum > size)
			abort();
		if (records++ == 0) {
			error_clear(&err);
			if (import_map_detect(&map, c.field, c.nfields,
			    &err) != 0 && err.status != EX_DATAERR)
				abort();
			import_map_release(&map);
		}
	}
	if (rc != 0 && rc != EX_DATAERR)
		abort();
	if (rc == EX_DATAERR && err.status != EX_DATAERR)
		abort();
	csv_release(&c);
	return 0;
}
