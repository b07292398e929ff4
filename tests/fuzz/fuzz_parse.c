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
#include "compiler/parse.h"
#include "compiler/sema.h"
#include "compiler/suppress.h"
#include "compiler/rules.h"
#include "compiler/util.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct srcset src = { 0 };
	struct arena arena;
	struct strtab strs;
	struct diag_ctx diag;
	struct ir *ir;
	char *buf = xmalloc(size + 2);
	uint32_t fi;
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "w");

	memcpy(buf, data, size);
	buf[size] = buf[size + 1] = '\0';
	arena_init(&arena);
	strtab_init(&strs, &arena);
	fi = src_add(&src, "fuzz.cfg", buf, size);
	diag_init(&diag, &src);
	diag.on[RULE_UNMODELED_COMMAND] = true;
	ir = parse_config(&arena, &strs, &diag, src.files[fi], fi, 0, 0);
	sema_run(ir, &diag);
	if (null && !diag.count[DIAG_ERROR])
		swanctl_compile(ir, &src, &diag, null, null, NULL, 0);
	lint_run(ir, &diag);
	diag_sort(&diag);
	suppress_apply(&diag, &src);
	if (null) {
		diag_print_sarif(&diag, null);
		diag_print_github(&diag, null);
	}
	ir_free(ir);
	diag_free(&diag);
	strtab_free(&strs);
	arena_free(&arena);
	src_free_all(&src);
	return 0;
}
