/*
 * Fuzz target: the YAML configuration loader. Any bytes must either load
 * or be refused with EX_CONFIG / EX_NOINPUT, never crash, hang or leak;
 * a loaded configuration must also pass config_validate() (the check
 * of a cached one) and survive config_to_yaml().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct config cfg;
	struct error err;
	struct buf yaml = BUF_INIT;
	FILE *fp;

	/* config_load() reads a file, as the binary does. */
	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/fuzz-config.%ld.yaml",
		    (long)getpid());
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	if (fclose(fp) != 0)
		abort();
	error_clear(&err);
	if (config_load(&cfg, path, &err) == 0) {
		/* What the parser accepts, the cache's check accepts. */
		if (config_validate(&cfg, &err) != 0)
			abort();
		if (config_to_yaml(&cfg, &yaml, &err) != 0 &&
		    err.status != EX_SOFTWARE)
			abort();
	} else if (err.status != EX_CONFIG && err.status != EX_NOINPUT) {
		abort();
	}
	buf_release(&yaml);
	config_release(&cfg);
	return 0;
}
