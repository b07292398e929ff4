/* SPDX-License-Identifier: MIT */
/*
 * fuzz_parse.c - libFuzzer target for the front end, lint and the
 * strongSwan back end: scanner, grammar, apply, sema, `compile --target
 * swanctl` (when the input has no front-end error, as the CLI does), the
 * lint checks, inline suppressions and the SARIF and GitHub writers on
 * one input, with a fresh context each time, writing to /dev/null and
 * freeing everything.
 */
#include "backends/swanctl.h"
#include "compiler/asac.h"
#include "compiler/diag.h"
#include "compiler/lint.h"
#include "compiler/load.h"
#include "compiler/suppress.h"
#include "compiler/rules.h"
#include "compiler/util.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* every syntax error; lint after the back end, below */
	static const struct load_opts opts = { .max_errors = 0, .lint = false };
	struct load l;
	struct ir *ir;
	char *buf = xmalloc(size + 2);
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "w");

	memcpy(buf, data, size);
	buf[size] = buf[size + 1] = '\0';
	load_init(&l);
	l.diag.on[RULE_UNMODELED_COMMAND] = true;
	ir = load_text(&l, "fuzz.cfg", buf, size, &opts);
	if (null && !l.diag.count[DIAG_ERROR])
		swanctl_compile(ir, &l.src, &l.diag, null, null, NULL, 0);
	lint_run(ir, &l.diag);
	diag_sort(&l.diag);
	suppress_apply(&l.diag, &l.src);
	if (null) {
		diag_print_sarif(&l.diag, null);
		diag_print_github(&l.diag, null);
	}
	load_free(&l);
	return 0;
}
