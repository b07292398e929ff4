/* SPDX-License-Identifier: MIT */
/*
 * unit.h - a tiny test harness: each CHECK prints "PASS: file:line expr"
 * or "FAIL: ...", and unit_done() returns the exit status.
 */
#ifndef ASAC_UNIT_H
#define ASAC_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failures;

#define CHECK(expr)							\
	do {								\
		if (expr)						\
			printf("PASS: %s:%d %s\n", __FILE__, __LINE__, #expr); \
		else {							\
			printf("FAIL: %s:%d %s\n", __FILE__, __LINE__, #expr); \
			unit_failures++;				\
		}							\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *_a = (a), *_b = (b);			\
		if (_a && _b && !strcmp(_a, _b))			\
			printf("PASS: %s:%d %s == \"%s\"\n", __FILE__,	\
			       __LINE__, #a, _b);			\
		else {							\
			printf("FAIL: %s:%d %s: got \"%s\", want \"%s\"\n", \
			       __FILE__, __LINE__, #a, _a ? _a : "(null)", \
			       _b ? _b : "(null)");			\
			unit_failures++;				\
		}							\
	} while (0)

static inline int unit_done(void)
{
	return unit_failures ? 1 : 0;
}

#endif
