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
#include <errno.h>
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

/*
 * A byte column as a column in Unicode code points, as the log's
 * columnKind says: a well-formed UTF-8 sequence is one code point, any
 * other byte (Latin-1 in a description, say) counts as one.
 */
static uint32_t cp_column(const struct src_file *f, uint32_t line,
			  uint32_t col)
{
	const unsigned char *p, *end;
	uint32_t n = 1;

	if (!line || line > f->nlines)
		return col;
	p = (const unsigned char *)f->data + f->lines[line - 1];
	end = p + col - 1;
	while (p < end) {
		unsigned int len = *p >= 0xf0 && *p <= 0xf4 ? 4 :
				   *p >= 0xe0 && *p <= 0xef ? 3 :
				   *p >= 0xc2 && *p <= 0xdf ? 2 : 1;
		unsigned int k;

		for (k = 1; k < len; k++)
			if (p + k >= end || (p[k] & 0xc0) != 0x80)
				break;
		p += k == len ? len : 1;
		n++;
	}
	return n;
}

static json_t *physical(const struct diag_ctx *d, const struct loc *l)
{
	const struct src_file *f = d->src->files[l->file];
	uint32_t line, col, eline, ecol;
	char *uri = path_uri(f->name);
	json_t *o;

	linecol(d, l, &line, &col, &eline, &ecol);
	col = cp_column(f, line, col);
	ecol = cp_column(f, eline, ecol);
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

/* --- baselines ------------------------------------------------------------ */

/*
 * A baseline records the findings a team accepts for now, by rule, file
 * and the fingerprint of the SARIF output (rule and offending line text,
 * numbered), so a finding stays recognised when lines above it move.
 */
int diag_write_baseline(const struct diag_ctx *d, const char *path)
{
	struct fp *fps = fingerprints(d);
	json_t *root, *arr = json_array();
	size_t i;
	int rc;

	for (i = 0; i < d->n; i++) {
		char fpbuf[40];

		snprintf(fpbuf, sizeof(fpbuf), "%016llx:%u",
			 (unsigned long long)fps[i].hash, fps[i].occ);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "rule",
			rules[d->v[i].rule].id, "file",
			d->src->files[d->v[i].loc.file]->name,
			"fingerprint", fpbuf));
	}
	free(fps);
	root = json_pack("{s:i,s:o}", "asac_baseline", 1, "findings", arr);
	rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	return rc;
}

struct base_ctx {
	const struct diag_ctx *d;
	bool *drop;		/* by index in d->v */
};

static bool baselined(const struct diag *g, void *arg)
{
	const struct base_ctx *b = arg;

	/* diag_remove_if calls this with entries at their old index */
	return b->drop[g - b->d->v];
}

/* "rule\x1ffile\x1ffingerprint", the identity of a baselined finding */
struct bkey {
	char *key;
	bool used;
};

static char *bkey_make(const char *rule, const char *file, const char *fp)
{
	size_t n = strlen(rule) + strlen(file) + strlen(fp) + 3;
	char *k = xmalloc(n);

	snprintf(k, n, "%s\x1f%s\x1f%s", rule, file, fp);
	return k;
}

static int bkey_cmp(const void *a, const void *b)
{
	return strcmp(((const struct bkey *)a)->key,
		      ((const struct bkey *)b)->key);
}

int diag_apply_baseline(struct diag_ctx *d, const char *path, char *err,
			size_t errlen, size_t *dropped)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je), *findings;
	struct base_ctx b;
	struct bkey *keys;
	struct fp *fps;
	size_t i, k, nf;

	if (!root) {
		if (je.line < 1)
			snprintf(err, errlen, "%s: %s", path, je.text);
		else
			snprintf(err, errlen, "%s:%d:%d: %s", path, je.line,
				 je.column, je.text);
		return -1;
	}
	findings = json_object_get(root, "findings");
	if (!json_is_integer(json_object_get(root, "asac_baseline")) ||
	    !json_is_array(findings)) {
		snprintf(err, errlen, "%s: not an asac baseline (no "
			 "\"asac_baseline\" and \"findings\")", path);
		json_decref(root);
		return -1;
	}
	nf = json_array_size(findings);
	for (k = 0; k < nf; k++) {
		json_t *f = json_array_get(findings, k);

		if (!json_is_string(json_object_get(f, "rule")) ||
		    !json_is_string(json_object_get(f, "file")) ||
		    !json_is_string(json_object_get(f, "fingerprint"))) {
			snprintf(err, errlen, "%s: finding %zu lacks rule, "
				 "file or fingerprint", path, k + 1);
			json_decref(root);
			return -1;
		}
	}
	keys = xcalloc(nf + 1, sizeof(*keys));
	for (k = 0; k < nf; k++) {
		json_t *f = json_array_get(findings, k);

		keys[k].key = bkey_make(
			json_string_value(json_object_get(f, "rule")),
			json_string_value(json_object_get(f, "file")),
			json_string_value(json_object_get(f, "fingerprint")));
	}
	qsort(keys, nf, sizeof(*keys), bkey_cmp);
	fps = fingerprints(d);
	b.d = d;
	b.drop = xcalloc(d->n + 1, sizeof(*b.drop));
	/* each baseline entry absorbs one finding */
	for (i = 0; i < d->n; i++) {
		char fpbuf[40];
		struct bkey want;
		size_t lo = 0, hi = nf;

		snprintf(fpbuf, sizeof(fpbuf), "%016llx:%u",
			 (unsigned long long)fps[i].hash, fps[i].occ);
		want.key = bkey_make(rules[d->v[i].rule].id,
				     d->src->files[d->v[i].loc.file]->name,
				     fpbuf);
		while (lo < hi) {	/* first key >= want */
			size_t mid = lo + (hi - lo) / 2;

			if (bkey_cmp(&keys[mid], &want) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < nf && !bkey_cmp(&keys[lo], &want); lo++) {
			if (keys[lo].used)
				continue;
			keys[lo].used = true;
			b.drop[i] = true;
			break;
		}
		free(want.key);
	}
	*dropped = diag_remove_if(d, baselined, &b);
	free(b.drop);
	for (k = 0; k < nf; k++)
		free(keys[k].key);
	free(keys);
	free(fps);
	json_decref(root);
	return 0;
}
