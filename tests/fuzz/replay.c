/*
 * Runs a fuzz target over the files named on the command line, without
 * libFuzzer: `make check` replays every committed corpus (seeds and each
 * crash found, kept as a regression test) with the normal compiler and,
 * under SANITIZE=1, ASan and UBSan.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		uint8_t *data = NULL;
		size_t len = 0, cap = 0, n;

		if (fp == NULL) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (len == cap) {
				cap = cap ? 2 * cap : 4096;
				if ((data = realloc(data, cap)) == NULL)
					abort();
			}
			n = fread(data + len, 1, cap - len, fp);
			len += n;
		} while (n > 0);
		fclose(fp);
		LLVMFuzzerTestOneInput(data, len);
		free(data);
	}
	printf("replay: %d inputs\n", argc - 1);
	return 0;
}
