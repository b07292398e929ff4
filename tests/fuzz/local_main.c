/* SPDX-License-Identifier: MIT */
/*
 * local_main.c - feed files to the fuzz target without libFuzzer, so
 * `make check` replays the corpus and the bogons with gcc's sanitizers.
 */
#include "compiler/asac.h"
#include "compiler/util.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		char *data;
		size_t len;

		if (read_file(argv[i], &data, &len) < 0) {
			perror(argv[i]);
			return 3;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
	}
	return 0;
}
