/* SPDX-License-Identifier: MIT */
/*
 * diag_ci.c - the diagnostics in the formats CI systems read: SARIF 2.1.0
 * for GitHub code scanning and other SARIF consumers, and GitHub Actions
 * workflow commands.  The field choices follow the SARIF subset GitHub
 * documents (../shared/reference/linter-ux.md section 1).
 */
#include "asac.h"
#include "diag.h"
#include "rules.h"
#include "util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void linecol(const struct diag_ctx *d, const struct loc *l,
		    uint32_t *line, uint32_t *col, uint32_t *eline,
		    uint32_t *ecol)
{
	const struct src_file *f = d->src->files[l->file];

	src_linecol(f, l->start, line, col);
	if (eline)
		src_linecol(f, l->end > l->start ? l->end : l->start, eline,
			    ecol);
}

/* --- SARIF ---------------------------------------------------------------- */

/* A relative URI reference for a path: unreserved characters and '/' kept,
 * everything else percent-encoded (RFC 3986). */
static char *path_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path), i, o = 0;
	char *u = xmalloc(3 * n + 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c)) {
			u[o++] = (char)c;
		} else {
			u[o++] = '%';
			u[o++] = hex[c >> 4];
			u[o++] = hex[c & 15];
		}
	}
	u[o] = 0;
	return u;
}

static json_t *text(const char *s)
{
	return json_pack("{s:s}", "text", s);
}

static json_t *physical(const struct diag_ctx *d, const struct loc *l)
{
	uint32_t line, col, eline, ecol;
	char *uri = path_uri(d->src->files[l->file]->name);
	json_t *o;

	linecol(d, l, &line, &col, &eline, &ecol);
	o = json_pack("{s:{s:{s:s},s:{s:i,s:i,s:i,s:i}}}", "physicalLocation",
		      "artifactLocation", "uri", uri, "region", "startLine",
		      (json_int_t)line, "startColumn", (json_int_t)col,
		      "endLine", (json_int_t)eline, "endColumn",
		      (json_int_t)ecol);
	free(uri);
	return o;
}

/*
 * The fingerprint GitHub uses to follow an alert across commits.  It hashes
 * the rule and the offending line with its blanks collapsed, not the line
 * number, so the alert survives edits elsewhere in the file; ":N" tells
 * apart identical lines of one file with the same rule (64-bit FNV-1a).
 */
static uint64_t line_hash(const struct diag_ctx *d, const struct diag *g)
{
	const struct src_file *f = d->src->files[g->loc.file];
	uint64_t h = 0xcbf29ce484222325ULL;
	uint32_t s, e, i;
	const char *id = rules[g->rule].id;
	bool blank = false;

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 0x100000001b3ULL;
	h = (h ^ 0) * 0x100000001b3ULL;
	src_line_span(f, g->loc.start, &s, &e);
	while (s < e && (f->data[s] == ' ' || f->data[s] == '\t'))
		s++;
	for (i = s; i < e; i++) {
		unsigned char c = (unsigned char)f->data[i];

		if (c == ' ' || c == '\t') {
			blank = true;
			continue;
		}
		if (blank)
			h = (h ^ ' ') * 0x100000001b3ULL;
		blank = false;
		h = (h ^ c) * 0x100000001b3ULL;
	}
	return h;
}

struct fp {
	uint32_t file;
	uint64_t hash;
	size_t idx;		/* report order, which is position order */
	unsigned int occ;
};

static int fp_cmp(const void *a, const void *b)
{
	const struct fp *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int fp_idx_cmp(const void *a, const void *b)
{
	const struct fp *x = a, *y = b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Number the findings that share a file and a hash 1, 2, ... in order. */
static struct fp *fingerprints(const struct diag_ctx *d)
{
	struct fp *v = xcalloc(d->n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < d->n; i++) {
		v[i].file = d->v[i].loc.file;
		v[i].hash = line_hash(d, &d->v[i]);
		v[i].idx = i;
	}
	qsort(v, d->n, sizeof(*v), fp_cmp);
	for (i = 0; i < d->n; i++)
		v[i].occ = i && v[i - 1].file == v[i].file &&
			   v[i - 1].hash == v[i].hash ? v[i - 1].occ + 1 : 1;
	qsort(v, d->n, sizeof(*v), fp_idx_cmp);
	return v;
}

void diag_print_sarif(const struct diag_ctx *d, FILE *out)
{
	json_t *root, *rulesv = json_array(), *results = json_array();
	struct fp *fps = fingerprints(d);
	size_t i;
	unsigned int j;

	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule *r = &rules[i];

		json_array_append_new(rulesv, json_pack(
			"{s:s,s:o,s:o,s:o,s:{s:s},s:{s:s}}", "id", r->id,
			"shortDescription", text(r->summary),
			"fullDescription", text(r->explain),
			"help", text(r->explain),
			"defaultConfiguration", "level",
			diag_level_name(r->level),
			"properties", "precision", "very-high"));
	}
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *res, *rel = json_array();
		char fpbuf[40];

		snprintf(fpbuf, sizeof(fpbuf), "%016llx:%u",
			 (unsigned long long)fps[i].hash, fps[i].occ);
		for (j = 0; j < g->nnotes; j++) {
			json_t *n = physical(d, &g->notes[j].loc);

			json_object_set_new(n, "id", json_integer(j + 1));
			json_object_set_new(n, "message",
					    text(g->notes[j].msg));
			json_array_append_new(rel, n);
		}
		res = json_pack("{s:s,s:i,s:s,s:o,s:[o],s:{s:s}}", "ruleId",
				rules[g->rule].id, "ruleIndex",
				(json_int_t)g->rule, "level",
				diag_level_name(g->level), "message",
				text(g->msg), "locations", physical(d, &g->loc),
				"partialFingerprints",
				"primaryLocationLineHash", fpbuf);
		if (g->nnotes)
			json_object_set_new(res, "relatedLocations", rel);
		else
			json_decref(rel);
		json_array_append_new(results, res);
	}
	free(fps);
	root = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:o,s:s}]}",
			 "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
			 "version", "2.1.0", "runs", "tool", "driver", "name",
			 "asac", "semanticVersion", ASAC_VERSION, "rules", rulesv, "results", results, "columnKind",
			 "unicodeCodePoints");
	json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	fputc('\n', out);
	json_decref(root);
}

/* --- GitHub workflow commands ---------------------------------------------- */

/* Escape for a workflow command: %, CR and LF always; ':' and ',' too in
 * a property value. */
static void gh_escape(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

void diag_print_github(const struct diag_ctx *d, FILE *out)
{
	static const char *const cmd[] = { "notice", "warning", "error" };
	size_t i;
	unsigned int j;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		uint32_t line, col, eline, ecol;

		linecol(d, &g->loc, &line, &col, &eline, &ecol);
		fprintf(out, "::%s file=", cmd[g->level]);
		gh_escape(out, d->src->files[g->loc.file]->name, true);
		fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=",
			line, col, eline, ecol);
		gh_escape(out, rules[g->rule].id, true);
		fputs("::", out);
		gh_escape(out, g->msg, false);
		for (j = 0; j < g->nnotes; j++) {
			const struct loc *l = &g->notes[j].loc;

			linecol(d, l, &line, &col, NULL, NULL);
			fputs("%0A", out);
			gh_escape(out, d->src->files[l->file]->name, false);
			fprintf(out, ":%u:%u: note: ", line, col);
			gh_escape(out, g->notes[j].msg, false);
		}
		fputc('\n', out);
	}
}
