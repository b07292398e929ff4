/* SPDX-License-Identifier: MIT */
/*
 * lintconf.c - .asac.yaml, parsed with libyaml's document loader so every
 * node keeps its line and column for the error messages.
 */
#include "asac.h"
#include "lintconf.h"
#include "yamlfile.h"
#include "rules.h"
#include "util.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

struct lc_parse {
	struct lintconf *c;
	yaml_document_t doc;
	char *err;
	size_t errlen;
};

static int fail(struct lc_parse *p, const yaml_node_t *n, const char *fmt,
		...) __fmtstring(3, 4);

static int fail(struct lc_parse *p, const yaml_node_t *n, const char *fmt,
		...)
{
	va_list ap;
	int k;

	k = snprintf(p->err, p->errlen, "%s:%zu:%zu: ", p->c->path,
		     n ? n->start_mark.line + 1 : 1,
		     n ? n->start_mark.column + 1 : 1);
	if (k < 0 || (size_t)k >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ?
	       (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *node(struct lc_parse *p, int id)
{
	return yaml_document_get_node(&p->doc, id);
}

/* RULE: VALUE pairs of a mapping into @out. */
static int settings(struct lc_parse *p, yaml_node_t *m, bool allow_on,
		    struct lc_setting **out, size_t *n)
{
	yaml_node_pair_t *pr;

	if (m->type != YAML_MAPPING_NODE)
		return fail(p, m, "'rules' must be a mapping of rule ids to "
			    "error, warning, note, on or off");
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = node(p, pr->key), *v = node(p, pr->value);
		const char *id = scalar(k), *val = scalar(v);
		const struct rule *r;
		struct lc_setting s;

		if (!id)
			return fail(p, k, "expected a rule id");
		r = rule_find(id);
		if (!r)
			return fail(p, k, "unknown rule '%s' (see 'asac "
				    "rules')", id);
		if (!val)
			return fail(p, v, "expected error, warning, note, on "
				    "or off for '%s'", id);
		s.rule = (int)rule_index(r);
		if (!strcmp(val, "error"))
			s.value = DIAG_ERROR;
		else if (!strcmp(val, "warning"))
			s.value = DIAG_WARNING;
		else if (!strcmp(val, "note"))
			s.value = DIAG_NOTE;
		else if (!strcmp(val, "off"))
			s.value = LC_OFF;
		else if (!strcmp(val, "on") && allow_on)
			s.value = LC_ON;
		else
			return fail(p, v, "'%s' is not a setting for '%s'; "
				    "expected error, warning, note%s or off",
				    val, id, allow_on ? ", on" : "");
		if ((s.value == LC_OFF) && s.rule == RULE_SYNTAX_ERROR)
			return fail(p, v, "syntax errors cannot be disabled");
		*out = xrealloc_array(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = s;
	}
	return 0;
}

static int overrides(struct lc_parse *p, yaml_node_t *seq)
{
	yaml_node_item_t *it;

	if (seq->type != YAML_SEQUENCE_NODE)
		return fail(p, seq, "'overrides' must be a list of {paths, "
			    "rules}");
	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		yaml_node_t *m = node(p, *it);
		yaml_node_pair_t *pr;
		struct lc_override o;
		bool have_paths = false;

		memset(&o, 0, sizeof(o));
		if (m->type != YAML_MAPPING_NODE)
			return fail(p, m, "an override is a mapping with "
				    "'paths' and 'rules'");
		/* append first so lintconf_free releases a partial one */
		p->c->ov = xrealloc_array(p->c->ov, p->c->nov + 1,
					  sizeof(*p->c->ov));
		p->c->ov[p->c->nov++] = o;
		for (pr = m->data.mapping.pairs.start;
		     pr < m->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = node(p, pr->key), *v = node(p, pr->value);
			const char *key = scalar(k);
			struct lc_override *cur = &p->c->ov[p->c->nov - 1];

			if (key && !strcmp(key, "paths")) {
				yaml_node_item_t *pi;

				if (v->type != YAML_SEQUENCE_NODE)
					return fail(p, v, "'paths' must be a "
						    "list of globs");
				for (pi = v->data.sequence.items.start;
				     pi < v->data.sequence.items.top; pi++) {
					yaml_node_t *g = node(p, *pi);

					if (!scalar(g))
						return fail(p, g, "expected a "
							    "glob");
					cur->paths = xrealloc_array(cur->paths,
						cur->npaths + 1,
						sizeof(*cur->paths));
					cur->paths[cur->npaths++] =
						xstrdup(scalar(g));
				}
				have_paths = true;
			} else if (key && !strcmp(key, "rules")) {
				if (settings(p, v, false, &cur->set,
					     &cur->nset) < 0)
					return -1;
			} else {
				return fail(p, k, "unknown key '%s' in an "
					    "override (paths, rules)",
					    key ? key : "?");
			}
		}
		if (!have_paths)
			return fail(p, m, "an override needs 'paths'");
	}
	return 0;
}

/* interfaces: NAMEIF: DEV */
static int interfaces(struct lc_parse *p, yaml_node_t *m)
{
	yaml_node_pair_t *pr;

	if (m->type != YAML_MAPPING_NODE)
		return fail(p, m, "'interfaces' must be a mapping of nameifs "
			    "to Linux interface names");
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = node(p, pr->key), *v = node(p, pr->value);
		const char *nameif = scalar(k), *dev = scalar(v);
		struct lc_iface *f;
		char where[64];
		size_t i;

		if (!nameif || !*nameif)
			return fail(p, k, "expected a nameif");
		if (!dev)
			return fail(p, v, "expected the Linux interface of '%s'",
				    nameif);
		if (!linux_ifname_ok(dev))
			return fail(p, v, "'%s' is not a valid Linux interface "
				    "name (1-15 characters, no '/', ':', '\"' "
				    "or blanks)", dev);
		for (i = 0; i < p->c->nifaces; i++)
			if (!strcmp(p->c->ifaces[i].nameif, nameif))
				return fail(p, k, "'%s' is mapped twice",
					    nameif);
		snprintf(where, sizeof(where), "%zu:%zu",
			 k->start_mark.line + 1, k->start_mark.column + 1);
		p->c->ifaces = xrealloc_array(p->c->ifaces, p->c->nifaces + 1,
					      sizeof(*p->c->ifaces));
		f = &p->c->ifaces[p->c->nifaces++];
		f->nameif = xstrdup(nameif);
		f->dev = xstrdup(dev);
		f->where = xmalloc(strlen(p->c->path) + strlen(where) + 2);
		sprintf(f->where, "%s:%s", p->c->path, where);
	}
	return 0;
}

int lintconf_load(struct lintconf *c, const char *path, char *err,
		  size_t errlen)
{
	struct lc_parse p;
	yaml_node_t *root;
	yaml_node_pair_t *pr;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->path = xstrdup(path);
	c->profile = -1;
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.err = err;
	p.errlen = errlen;
	if (yamlfile_load(path, &p.doc, "", err, errlen) < 0)
		return -1;
	root = yaml_document_get_root_node(&p.doc);
	if (!root)
		goto out;		/* an empty file configures nothing */
	if (root->type != YAML_MAPPING_NODE) {
		rc = fail(&p, root, "expected a mapping (profile, rules, "
			  "overrides, interfaces)");
		goto out;
	}
	for (pr = root->data.mapping.pairs.start;
	     pr < root->data.mapping.pairs.top && !rc; pr++) {
		yaml_node_t *k = node(&p, pr->key), *v = node(&p, pr->value);
		const char *key = scalar(k);

		if (key && !strcmp(key, "profile")) {
			const char *val = scalar(v);

			if (val && !strcmp(val, "default"))
				c->profile = 0;
			else if (val && !strcmp(val, "stig"))
				c->profile = 1;
			else
				rc = fail(&p, v, "profile must be default or "
					  "stig");
		} else if (key && !strcmp(key, "rules")) {
			rc = settings(&p, v, true, &c->set, &c->nset);
		} else if (key && !strcmp(key, "overrides")) {
			rc = overrides(&p, v);
		} else if (key && !strcmp(key, "interfaces")) {
			rc = interfaces(&p, v);
		} else {
			rc = fail(&p, k, "unknown key '%s' (profile, rules, "
				  "overrides, interfaces)", key ? key : "?");
		}
	}
out:
	yaml_document_delete(&p.doc);
	return rc;
}

void lintconf_free(struct lintconf *c)
{
	size_t i, j;

	for (i = 0; i < c->nov; i++) {
		for (j = 0; j < c->ov[i].npaths; j++)
			free(c->ov[i].paths[j]);
		free(c->ov[i].paths);
		free(c->ov[i].set);
	}
	free(c->ov);
	for (i = 0; i < c->nifaces; i++) {
		free(c->ifaces[i].nameif);
		free(c->ifaces[i].dev);
		free(c->ifaces[i].where);
	}
	free(c->ifaces);
	free(c->set);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/*
 * The stig profile: the DISA Cisco ASA VPN STIG findings behind these
 * rules (../shared/reference/linter-ux.md section 5) are CAT I or II, so
 * what the default profile reports as a note or warning becomes an error:
 * DH groups below 16 (V-239957), SHA-1 (V-239958), IKE lifetime over 24 h
 * (V-239964), aggressive mode, missing PFS, weak keys.
 */
void lintconf_profile(struct diag_ctx *d, int profile)
{
	static const int stig[] = {
		RULE_WEAK_DH_GROUP, RULE_WEAK_INTEGRITY,
		RULE_IKE_LIFETIME_LONG, RULE_IPSEC_LIFETIME_LONG,
		RULE_AGGRESSIVE_MODE_ENABLED, RULE_PFS_MISSING,
		RULE_PSK_WEAK, RULE_PSK_REUSED, RULE_DEFAULT_GROUP_PSK,
		RULE_IKE_LIFETIME_INFINITE, RULE_CRYPTO_ACL_PERMIT_ANY_ANY,
	};
	size_t i;

	if (profile != 1)
		return;
	d->profile = profile;
	for (i = 0; i < sizeof(stig) / sizeof(stig[0]); i++) {
		d->level[stig[i]] = DIAG_ERROR;
		d->on[stig[i]] = true;
	}
}

static void set_one(struct diag_ctx *d, const struct lc_setting *s)
{
	if (s->value == LC_OFF)
		d->on[s->rule] = false;
	else if (s->value == LC_ON)
		d->on[s->rule] = true;
	else {
		d->level[s->rule] = (enum diag_level)s->value;
		d->on[s->rule] = true;
	}
}

void lintconf_apply(const struct lintconf *c, struct diag_ctx *d)
{
	size_t i;

	for (i = 0; i < c->nset; i++)
		set_one(d, &c->set[i]);
}

struct ov_ctx {
	const struct lintconf *c;
	const struct diag_ctx *d;
};

/* The value the last matching override gives @g's rule, or 0 for none. */
static const struct lc_setting *override_for(const struct lintconf *c,
					     const char *file, int rule)
{
	const struct lc_setting *hit = NULL;
	size_t i, j, k;

	for (i = 0; i < c->nov; i++) {
		const struct lc_override *o = &c->ov[i];
		bool match = false;

		for (j = 0; j < o->npaths && !match; j++)
			match = !fnmatch(o->paths[j], file, 0);
		if (!match)
			continue;
		for (k = 0; k < o->nset; k++)
			if (o->set[k].rule == rule)
				hit = &o->set[k];
	}
	return hit;
}

static bool override_off(const struct diag *g, void *arg)
{
	const struct ov_ctx *x = arg;
	const struct lc_setting *s = override_for(x->c,
		x->d->src->files[g->loc.file]->name, g->rule);

	return s && s->value == LC_OFF && g->rule != RULE_SYNTAX_ERROR;
}

void lintconf_apply_overrides(const struct lintconf *c, struct diag_ctx *d)
{
	struct ov_ctx x = { c, d };
	size_t i;

	if (!c->nov)
		return;
	diag_remove_if(d, override_off, &x);
	for (i = 0; i < d->n; i++) {
		struct diag *g = &d->v[i];
		const struct lc_setting *s = override_for(c,
			d->src->files[g->loc.file]->name, g->rule);

		if (!s || s->value < 0)
			continue;
		d->count[g->level]--;
		g->level = (enum diag_level)s->value;
		d->count[g->level]++;
	}
}

/* .asac.yaml in the directory of @file if it exists (heap), else NULL. */
char *lintconf_beside(const char *file)
{
	const char *slash = strrchr(file, '/');
	size_t dir = slash ? (size_t)(slash - file) + 1 : 0;
	char *path;

	if (!strcmp(file, "-"))
		return NULL;
	path = xmalloc(dir + sizeof(".asac.yaml"));
	memcpy(path, file, dir);
	memcpy(path + dir, ".asac.yaml", sizeof(".asac.yaml"));
	if (access(path, F_OK)) {
		free(path);
		return NULL;
	}
	return path;
}
