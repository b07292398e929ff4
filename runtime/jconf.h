/* SPDX-License-Identifier: MIT */
#ifndef ASAC_JCONF_H
#define ASAC_JCONF_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "compiler/asac.h"

/*
 * jconf - typed reads of JSON documents (asacd.json, simulation
 * scenarios) whose every error names the JSON path of the bad value, as
 * in "nodes[2].limits.anyconnect: expected an integer from 0 to
 * 1000000, got -1".  The first error wins; later calls do nothing, so a
 * reader can run to its end and check once.
 */
struct jconf {
	const char *file;
	char err[512];
	bool failed;
};

/* jc_fail - record an error at @path (printf format) */
void jc_fail(struct jconf *jc, const char *path, const char *fmt, ...)
	__fmtstring(3, 4);

/*
 * jc_keys - every key of object @o must be in @allowed (NULL-terminated);
 * an unknown one is an error with the closest known key suggested.
 * Returns false (and records an error) when @o is not an object.
 */
bool jc_keys(struct jconf *jc, json_t *o, const char *path,
	     const char *const *allowed);

/* the value at @path.@key if present (NULL if absent or @o is NULL) */
json_t *jc_get(json_t *o, const char *key);

/*
 * Readers of @o.@key (path @path.@key): absent leaves *@out unchanged
 * and is an error only when @required.  They return true when a value
 * was read.
 */
bool jc_int(struct jconf *jc, json_t *o, const char *path, const char *key,
	    long long min, long long max, bool required, long long *out);
bool jc_bool(struct jconf *jc, json_t *o, const char *path, const char *key,
	     bool required, bool *out);
bool jc_str(struct jconf *jc, json_t *o, const char *path, const char *key,
	    bool required, const char **out);
/* one of @names (NULL-terminated): *@out is its index */
bool jc_enum(struct jconf *jc, json_t *o, const char *path, const char *key,
	     const char *const *names, bool required, int *out);
/* a dotted-quad IPv4 address, host order */
bool jc_ipv4(struct jconf *jc, json_t *o, const char *path, const char *key,
	     bool required, uint32_t *out);
/* a MAC address aa:bb:cc:dd:ee:ff */
bool jc_mac(struct jconf *jc, json_t *o, const char *path, const char *key,
	    bool required, uint8_t out[6]);
/* a number of seconds (integer or fraction), as milliseconds */
bool jc_seconds(struct jconf *jc, json_t *o, const char *path,
		const char *key, bool required, int64_t *out_ms);

/* the path @path.@key or @path[@i] in @buf */
const char *jc_path_key(char *buf, size_t size, const char *path,
			const char *key);
const char *jc_path_idx(char *buf, size_t size, const char *path, size_t i);

/* load @file; a syntax error is recorded with its line:column */
json_t *jc_load(struct jconf *jc, const char *file);

#endif /* ASAC_JCONF_H */
