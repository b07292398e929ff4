/* SPDX-License-Identifier: MIT */
/*
 * asac.h - included first by every C file of asac: feature macros, the
 * standard headers every module needs and the attribute macros.
 */
#ifndef ASAC_ASAC_H
#define ASAC_ASAC_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __fmtstring(f, a) __attribute__((format(printf, f, a)))
#define __noreturn __attribute__((noreturn))
#define __unused __attribute__((unused))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define ASAC_VERSION "0.1.0"

/* Exit codes shared by every command (ARCHITECTURE.md "Exit codes"). */
enum asac_exit {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_INTERNAL = 3,
};

#endif /* ASAC_ASAC_H */
