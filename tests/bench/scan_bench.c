/* SPDX-License-Identifier: MIT */
/*
 * scan_bench.c - the floor of `asac ir` (make bench): the time to read a
 * configuration and run the scanner alone over it (every token, no
 * parser, no IR), in lines and tokens per second.  Prints figures only.
 * usage: scan_bench FILE
 */
#include "compiler/asac.h"
#include "compiler/lex.h"
#include "compiler/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct lexer lx;
	char *data;
	size_t len, lines = 0, tokens = 0, i;
	double t0, t1;

	if (argc != 2) {
		fprintf(stderr, "usage: scan_bench FILE\n");
		return 2;
	}
	t0 = now();
	if (read_file(argv[1], &data, &len) < 0) {
		perror(argv[1]);
		return 3;
	}
	for (i = 0; i < len; i++)
		lines += data[i] == '\n';
	lexer_init(&lx, data, (uint32_t)len);
	while (lexer_next(&lx) != LX_EOF)
		tokens++;
	lexer_free(&lx);
	t1 = now();
	printf("scan (read + scanner): %.2f s, %.0f lines/s, %.0f tokens/s\n",
	       t1 - t0, lines / (t1 - t0), tokens / (t1 - t0));
	free(data);
	return 0;
}
