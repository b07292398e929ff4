/* SPDX-License-Identifier: MIT */
/*
 * jconf.c - JSON reads with JSON-path errors (see jconf.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>

#include "compiler/util.h"
#include "runtime/jconf.h"

void jc_fail(struct jconf *jc, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (jc->failed)
		return;
	jc->failed = true;
	n = snprintf(jc->err, sizeof(jc->err), "%s%s%s", jc->file,
		     path && *path ? ": " : "", path ? path : "");
	if (n < 0 || (size_t)n >= sizeof(jc->err) - 2)
		return;
	jc->err[n++] = ':';
	jc->err[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(jc->err + n, sizeof(jc->err) - (size_t)n, fmt, ap);
	va_end(ap);
}

const char *jc_path_key(char *buf, size_t size, const char *path,
			const char *key)
{
	snprintf(buf, size, "%s%s%s", path, *path ? "." : "", key);
	return buf;
}

const char *jc_path_idx(char *buf, size_t size, const char *path, size_t i)
{
	snprintf(buf, size, "%s[%zu]", path, i);
	return buf;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "an integer";
	case JSON_REAL:		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	case JSON_NULL:		return "null";
	}
	return "?";
}

bool jc_keys(struct jconf *jc, json_t *o, const char *path,
	     const char *const *allowed)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o)) {
		jc_fail(jc, path, "expected an object, got %s",
			o ? type_name(o) : "nothing");
		return false;
	}
	json_object_foreach(o, key, v) {
		const char *best = NULL;
		unsigned int bd = 3, d;
		size_t i;
		char p[256];

		for (i = 0; allowed[i]; i++) {
			if (!strcmp(allowed[i], key))
				break;
			d = edit_distance(key, allowed[i], 2);
			if (d < bd) {
				bd = d;
				best = allowed[i];
			}
		}
		if (allowed[i])
			continue;
		if (best)
			jc_fail(jc, jc_path_key(p, sizeof(p), path, key),
				"unknown key (did you mean \"%s\"?)", best);
		else
			jc_fail(jc, jc_path_key(p, sizeof(p), path, key),
				"unknown key");
		return false;
	}
	return true;
}

json_t *jc_get(json_t *o, const char *key)
{
	return json_is_object(o) ? json_object_get(o, key) : NULL;
}

/* the value of @key, or NULL (an error when @required) */
static json_t *value(struct jconf *jc, json_t *o, const char *path,
		     const char *key, bool required, char *p, size_t size)
{
	json_t *v = jc_get(o, key);

	jc_path_key(p, size, path, key);
	if (!v && required)
		jc_fail(jc, p, "missing");
	return jc->failed ? NULL : v;
}

bool jc_int(struct jconf *jc, json_t *o, const char *path, const char *key,
	    long long min, long long max, bool required, long long *out)
{
	char p[256];
	json_t *v = value(jc, o, path, key, required, p, sizeof(p));
	long long x;

	if (!v)
		return false;
	if (!json_is_integer(v)) {
		jc_fail(jc, p, "expected an integer from %lld to %lld, got %s",
			min, max, type_name(v));
		return false;
	}
	x = json_integer_value(v);
	if (x < min || x > max) {
		jc_fail(jc, p, "expected an integer from %lld to %lld, got %lld",
			min, max, x);
		return false;
	}
	*out = x;
	return true;
}

bool jc_bool(struct jconf *jc, json_t *o, const char *path, const char *key,
	     bool required, bool *out)
{
	char p[256];
	json_t *v = value(jc, o, path, key, required, p, sizeof(p));

	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		jc_fail(jc, p, "expected true or false, got %s", type_name(v));
		return false;
	}
	*out = json_is_true(v);
	return true;
}

bool jc_str(struct jconf *jc, json_t *o, const char *path, const char *key,
	    bool required, const char **out)
{
	char p[256];
	json_t *v = value(jc, o, path, key, required, p, sizeof(p));

	if (!v)
		return false;
	if (!json_is_string(v)) {
		jc_fail(jc, p, "expected a string, got %s", type_name(v));
		return false;
	}
	if (!*json_string_value(v) ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		jc_fail(jc, p, "expected a non-empty string without NUL");
		return false;
	}
	*out = json_string_value(v);
	return true;
}

bool jc_enum(struct jconf *jc, json_t *o, const char *path, const char *key,
	     const char *const *names, bool required, int *out)
{
	const char *s;
	char p[256], list[256];
	size_t i, n = 0;

	if (!jc_str(jc, o, path, key, required, &s))
		return false;
	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s)) {
			*out = (int)i;
			return true;
		}
	list[0] = 0;
	for (i = 0; names[i] && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s\"%s\"",
				      i ? (names[i + 1] ? ", " : " or ") : "",
				      names[i]);
	jc_fail(jc, jc_path_key(p, sizeof(p), path, key),
		"expected %s, got \"%s\"", list, s);
	return false;
}

bool jc_ipv4(struct jconf *jc, json_t *o, const char *path, const char *key,
	     bool required, uint32_t *out)
{
	const char *s;
	struct in_addr a;
	char p[256];

	if (!jc_str(jc, o, path, key, required, &s))
		return false;
	if (inet_pton(AF_INET, s, &a) != 1) {
		jc_fail(jc, jc_path_key(p, sizeof(p), path, key),
			"expected an IPv4 address, got \"%s\"", s);
		return false;
	}
	*out = ntohl(a.s_addr);
	return true;
}

bool jc_mac(struct jconf *jc, json_t *o, const char *path, const char *key,
	    bool required, uint8_t out[6])
{
	const char *s;
	unsigned int b[6];
	char p[256], tail;
	int i;

	if (!jc_str(jc, o, path, key, required, &s))
		return false;
	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != 6 || strlen(s) != 17) {
		jc_fail(jc, jc_path_key(p, sizeof(p), path, key),
			"expected a MAC address like 02:00:00:00:00:01, got \"%s\"",
			s);
		return false;
	}
	for (i = 0; i < 6; i++)
		out[i] = (uint8_t)b[i];
	return true;
}

bool jc_seconds(struct jconf *jc, json_t *o, const char *path,
		const char *key, bool required, int64_t *out_ms)
{
	char p[256];
	json_t *v = value(jc, o, path, key, required, p, sizeof(p));
	double d;

	if (!v)
		return false;
	if (!json_is_number(v)) {
		jc_fail(jc, p, "expected a number of seconds, got %s",
			type_name(v));
		return false;
	}
	d = json_number_value(v);
	if (!(d >= 0 && d <= 1e9)) {
		jc_fail(jc, p, "expected seconds from 0 to 1000000000, got %g",
			d);
		return false;
	}
	/* milliseconds, rounded to the nearest */
	*out_ms = (int64_t)(d * 1000 + 0.5);
	return true;
}

json_t *jc_load(struct jconf *jc, const char *file)
{
	json_error_t je;
	json_t *root;

	root = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		jc->failed = true;
		if (je.line > 0)
			snprintf(jc->err, sizeof(jc->err), "%s:%d:%d: %s",
				 jc->file, je.line, je.column, je.text);
		else
			snprintf(jc->err, sizeof(jc->err), "%s: %s", jc->file,
				 je.text);
		return NULL;
	}
	return root;
}
