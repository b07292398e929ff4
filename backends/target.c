/* SPDX-License-Identifier: MIT */
/*
 * target.c - what `asac compile`, `asac bundle` and `asac verify` do once
 * their options are read: the configuration parsed, the back ends run,
 * their diagnostics printed and their files written.
 */
#include "compiler/asac.h"
#include "compiler/diag.h"
#include "compiler/lintconf.h"
#include "compiler/load.h"
#include "compiler/rules.h"
#include "compiler/util.h"
#include "compiler/yamlfile.h"
#include "runtime/dconf.h"
#include "runtime/keepalived.h"
#include "asacd.h"
#include "bundle.h"
#include "nft.h"
#include "ocserv.h"
#include "swanctl.h"
#include "target.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The one configuration of compile, bundle and verify, parsed without
 * lint; @strict makes unsupported-feature an error. */
static int parse_one(struct load *r, const char *file, bool strict)
{
	struct load_opts lo = { 50, false, 1 };

	load_init(r);
	if (load_files(r, &file, 1, &lo) < 0)
		return -1;
	if (strict)
		r->diag.level[RULE_UNSUPPORTED_FEATURE] = DIAG_ERROR;
	return 0;
}

/* "@dir/@name", on the heap. */
static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* @path with @data, mode @mode (the umask aside) */
static int write_mode(const char *path, const char *data, size_t len,
		      mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (fd >= 0 && !f)
		close(fd);

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "asac: cannot write '%s': %s\n", path,
			strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

/* @path with @data, mode 0600: swanctl.conf and the charon options may
 * hold keys. */
static int write_out(const char *path, const char *data, size_t len)
{
	return write_mode(path, data, len, 0600);
}

static int write_public(const char *path, const char *data, size_t len)
{
	return write_mode(path, data, len, 0644);
}

void swanctl_secrets_free(struct swanctl_secret *v, size_t n)
{
	size_t i, k;

	for (i = 0; v && i < n; i++) {
		free(v[i].cert);
		free(v[i].keyfile);
		for (k = 0; k < v[i].nca; k++)
			free(v[i].ca[k]);
		free(v[i].ca);
	}
	free(v);
}

/* A secret no connection took: a warning naming it, never its value. */
static void secret_unused(const char *path, const struct swanctl_secret *s)
{
	fprintf(stderr, "%s:%lu: warning: ", path, s->line);
	switch (s->kind) {
	case SWS_TUNNEL_GROUP:
		fprintf(stderr, "no peer of a crypto map needs the key of "
			"'%s'\n", s->name);
		break;
	case SWS_USER:
		fprintf(stderr, "no compiled tunnel group authenticates user "
			"'%s' with the local database\n", s->name);
		break;
	case SWS_AAA:
		fprintf(stderr, "no compiled tunnel group uses aaa-server "
			"'%s'\n", s->name);
		break;
	case SWS_TRUSTPOINT:
		fprintf(stderr, "no compiled connection uses trustpoint "
			"'%s'\n", s->name);
		break;
	case SWS_CLUSTER:
		fprintf(stderr, "no vpn load-balancing cluster with the "
			"masked key has cluster IP '%s'\n", s->name);
		break;
	}
}

static const char *const secret_sections[] = {
	[SWS_TUNNEL_GROUP] = "tunnel-groups",
	[SWS_USER] = "users",
	[SWS_AAA] = "aaa-servers",
	[SWS_TRUSTPOINT] = "trustpoints",
	[SWS_CLUSTER] = "clusters",
};

struct sload {
	const char *path;
	yaml_document_t *doc;
	struct swanctl_secret *v;
	size_t n, cap;
};

static int serr(const struct sload *l, const yaml_node_t *at, const char *msg)
{
	fprintf(stderr, "%s:%zu:%zu: error: %s\n", l->path,
		at ? at->start_mark.line + 1 : 1,
		at ? at->start_mark.column + 1 : 1, msg);
	return -1;
}

static struct swanctl_secret *snew(struct sload *l, const yaml_node_t *k,
				   enum swanctl_secret_kind kind)
{
	struct swanctl_secret *s;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc_array(l->v, l->cap + 1, sizeof(*l->v));
	}
	s = &l->v[l->n++];
	memset(s, 0, sizeof(*s));
	s->name = (const char *)k->data.scalar.value;
	s->line = k->start_mark.line + 1;
	s->kind = kind;
	return s;
}

/* @f as an absolute path: relative to the secrets file's directory. */
static char *spath(const struct sload *l, const char *f)
{
	const char *slash = strrchr(l->path, '/');
	char *dir, *p, cwd[4096];

	if (*f == '/')
		return xstrdup(f);
	dir = slash ? xstrndup(l->path, (size_t)(slash - l->path)) : NULL;
	if ((!dir || *dir != '/') && getcwd(cwd, sizeof(cwd))) {
		char *d = dir ? path_join(cwd, dir) : xstrdup(cwd);

		free(dir);
		dir = d;
	}
	if (!dir)
		dir = xstrdup(".");
	p = path_join(dir, f);
	free(dir);
	return p;
}

static bool scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length;
}

/* The trustpoint file @n names, as a path, into *@dst; it must be
 * readable now, so that a compile fails before it writes anything. */
static int tp_file(const struct sload *l, const yaml_node_t *n, char **dst)
{
	char *p = spath(l, (const char *)n->data.scalar.value), msg[4200];

	if (access(p, R_OK) != 0) {
		snprintf(msg, sizeof(msg), "cannot read '%s': %s", p,
			 strerror(errno));
		free(p);
		return serr(l, n, msg);
	}
	free(*dst);
	*dst = p;
	return 0;
}

/* trustpoints: NAME: {certificate: FILE, key: FILE, ca: FILE | [FILE...]} */
static int load_tp(struct sload *l, const yaml_node_t *k, yaml_node_t *v)
{
	struct swanctl_secret *s;
	yaml_node_pair_t *pr;

	if (v->type != YAML_MAPPING_NODE)
		return serr(l, v, "a trustpoint maps to {certificate: FILE, "
			    "key: FILE, ca: [FILE...]}");
	s = snew(l, k, SWS_TRUSTPOINT);
	for (pr = v->data.mapping.pairs.start; pr < v->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *a = yaml_document_get_node(l->doc, pr->key),
			    *b = yaml_document_get_node(l->doc, pr->value);
		const char *f = scalar(a) ? (const char *)a->data.scalar.value :
				"";

		if (!strcmp(f, "certificate") && scalar(b)) {
			if (tp_file(l, b, &s->cert) < 0)
				return -1;
		} else if (!strcmp(f, "key") && scalar(b)) {
			if (tp_file(l, b, &s->keyfile) < 0)
				return -1;
		} else if (!strcmp(f, "ca") && (scalar(b) ||
			   (b && b->type == YAML_SEQUENCE_NODE))) {
			yaml_node_item_t *it;

			if (scalar(b)) {
				s->ca = xrealloc_array(s->ca, s->nca + 1,
						       sizeof(*s->ca));
				s->ca[s->nca] = NULL;
				if (tp_file(l, b, &s->ca[s->nca]) < 0)
					return -1;
				s->nca++;
				continue;
			}
			for (it = b->data.sequence.items.start;
			     it < b->data.sequence.items.top; it++) {
				yaml_node_t *c = yaml_document_get_node(l->doc,
									 *it);

				if (!scalar(c))
					return serr(l, c, "ca: a list of "
						    "certificate files");
				s->ca = xrealloc_array(s->ca, s->nca + 1,
						       sizeof(*s->ca));
				s->ca[s->nca] = NULL;
				if (tp_file(l, c, &s->ca[s->nca]) < 0)
					return -1;
				s->nca++;
			}
		} else {
			return serr(l, a ? a : v, "a trustpoint has "
				    "certificate: FILE, key: FILE and ca: "
				    "[FILE...]");
		}
	}
	return 0;
}

/* One section: a mapping of names to keys (or trustpoints to files). */
static int load_section(struct sload *l, enum swanctl_secret_kind kind,
			yaml_node_t *m)
{
	yaml_node_pair_t *pr;

	if (m->type != YAML_MAPPING_NODE)
		return serr(l, m, "a section is a mapping of names to secrets");
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = yaml_document_get_node(l->doc, pr->key),
			    *v = yaml_document_get_node(l->doc, pr->value);

		if (!scalar(k) || !v)
			return serr(l, k, "expected a name");
		if (kind == SWS_TRUSTPOINT) {
			if (load_tp(l, k, v) < 0)
				return -1;
			continue;
		}
		if (!scalar(v))
			return serr(l, v, kind == SWS_USER ?
				    "a user name maps to a non-empty password" :
				    "a name maps to a non-empty key");
		snew(l, k, kind)->key = (const char *)v->data.scalar.value;
	}
	return 0;
}

/* Copy file @src into directory @dir under its own name, with @mode. */
static int copy_into(const char *src, const char *dir, mode_t mode)
{
	const char *b = strrchr(src, '/');
	char *dst, buf[65536];
	FILE *in = fopen(src, "rb");
	int fd, rc = 0;
	size_t n;

	if (!in) {
		fprintf(stderr, "asac: cannot read '%s' (a trustpoint's file "
			"in --secrets): %s\n", src, strerror(errno));
		return -1;
	}
	if (mkdir_p(dir) < 0) {
		fprintf(stderr, "asac: cannot create '%s': %s\n", dir,
			strerror(errno));
		fclose(in);
		return -1;
	}
	dst = path_join(dir, b ? b + 1 : src);
	fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		rc = -1;
	while (!rc && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (write(fd, buf, n) != (ssize_t)n)
			rc = -1;
	if (ferror(in) || (fd >= 0 && close(fd) != 0))
		rc = -1;
	if (rc)
		fprintf(stderr, "asac: cannot write '%s': %s\n", dst,
			strerror(errno));
	fclose(in);
	free(dst);
	return rc;
}

/*
 * The files of the trustpoints a compile used, into the swanctl layout
 * under @outdir: certificates in x509/, keys in private/ (0600), CA
 * certificates in x509ca/, which swanctl --load-all reads.
 */
static int copy_trustpoints(const struct swanctl_secret *v, size_t n,
			    const char *outdir)
{
	char *x509 = path_join(outdir, "x509"),
	     *priv = path_join(outdir, "private"),
	     *ca = path_join(outdir, "x509ca");
	size_t i, k;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		if (v[i].kind != SWS_TRUSTPOINT || !v[i].used)
			continue;
		if (v[i].cert && copy_into(v[i].cert, x509, 0644) < 0)
			rc = -1;
		if (!rc && v[i].keyfile && copy_into(v[i].keyfile, priv,
						     0600) < 0)
			rc = -1;
		for (k = 0; !rc && k < v[i].nca; k++)
			if (copy_into(v[i].ca[k], ca, 0644) < 0)
				rc = -1;
	}
	free(x509);
	free(priv);
	free(ca);
	return rc;
}

/*
 * The secrets file: the flat form `tunnel group: key`, and the sections
 * tunnel-groups:, users:, aaa-servers: and trustpoints: (a key whose
 * value is a mapping; a tunnel group named like a section keeps the
 * flat form with a scalar key).
 */
long target_load_secrets(const char *path, struct swanctl_secret **out,
			 yaml_document_t *doc)
{
	struct sload l = { path, doc, NULL, 0, 0 };
	yaml_node_t *root;
	yaml_node_pair_t *pr;
	char err[1024];
	int rc;

	*out = NULL;
	if ((rc = yamlfile_load(path, doc, "error: ", err, sizeof(err))) < 0) {
		fprintf(stderr, "%s%s\n", rc == -1 ? "asac: " : "", err);
		return -1;
	}
	root = yaml_document_get_root_node(doc);
	if (!root)
		return 0;
	if (root->type != YAML_MAPPING_NODE) {
		serr(&l, root, "expected a mapping of tunnel group name to "
		     "pre-shared key, or the sections tunnel-groups:, users:, "
		     "aaa-servers:, trustpoints:, clusters:");
		return -1;
	}
	for (pr = root->data.mapping.pairs.start;
	     pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(doc, pr->key),
			    *v = yaml_document_get_node(doc, pr->value);
		size_t s;

		if (scalar(k) && v && v->type == YAML_MAPPING_NODE) {
			for (s = 0; s < ARRAY_SIZE(secret_sections); s++)
				if (!strcmp((const char *)k->data.scalar.value,
					    secret_sections[s]))
					break;
			if (s == ARRAY_SIZE(secret_sections)) {
				serr(&l, k, "unknown section; expected "
				     "tunnel-groups, users, aaa-servers, "
				     "trustpoints or clusters");
				goto bad;
			}
			if (load_section(&l, (enum swanctl_secret_kind)s,
					 v) < 0)
				goto bad;
			continue;
		}
		if (!scalar(k) || !scalar(v)) {
			serr(&l, v ? v : k, "a tunnel group name maps to a "
			     "non-empty key");
			goto bad;
		}
		snew(&l, k, SWS_TUNNEL_GROUP)->key =
			(const char *)v->data.scalar.value;
	}
	if (!l.v)
		l.v = xcalloc(1, sizeof(*l.v));
	*out = l.v;
	return (long)l.n;
bad:
	swanctl_secrets_free(l.v, l.n);
	return -1;
}

const char *target_parse_ifaces(char *arg, struct nft_iface **v, size_t *n)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(arg, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq || eq == tok || !eq[1])
			return tok;
		*eq = 0;
		*v = xrealloc_array(*v, *n + 1, sizeof(**v));
		(*v)[*n].nameif = tok;
		(*v)[*n].dev = eq + 1;
		(*n)++;
	}
	return NULL;
}

/*
 * The interface mappings for @file: the `interfaces` of the .asac.yaml
 * beside it (loaded into @lc), then @cli, the --iface mappings (the last
 * mapping of a nameif wins), in a new array *@out whose strings stay
 * @lc's and @cli's.  -1 when that .asac.yaml is bad (said on stderr).
 */
static int iface_map(const char *file, struct lintconf *lc,
		     const struct nft_iface *cli, size_t ncli,
		     struct nft_iface **out, size_t *nout)
{
	char *lcpath = lintconf_beside(file), err[1024];
	size_t k, n = 0;

	memset(lc, 0, sizeof(*lc));
	if (lcpath && lintconf_load(lc, lcpath, err, sizeof(err)) < 0) {
		fprintf(stderr, "asac: %s\n", err);
		free(lcpath);
		lintconf_free(lc);
		return -1;
	}
	free(lcpath);
	*out = xcalloc(lc->nifaces + ncli + 1, sizeof(**out));
	for (k = 0; k < lc->nifaces; k++) {
		(*out)[n].nameif = lc->ifaces[k].nameif;
		(*out)[n].dev = lc->ifaces[k].dev;
		(*out)[n++].where = lc->ifaces[k].where;
	}
	for (k = 0; k < ncli; k++)
		(*out)[n++] = cli[k];
	*nout = n;
	return 0;
}

/* the files of --target ocserv under @outdir, the trustpoint's copied
 * as server-cert.pem and server-key.pem (0600) */
static int ocserv_write(const struct ocserv_out *oc, const char *outdir)
{
	static const char *const names[2] = { "server-cert.pem",
					       "server-key.pem" };
	const char *src[2] = { oc->tp_cert, oc->tp_key };
	char *g = path_join(outdir, "groups");
	size_t i;
	int rc = 0;

	/* nothing to serve (said): nothing written */
	if (!oc->n) {
		free(g);
		return 0;
	}
	if (mkdir_p(g) < 0) {
		fprintf(stderr, "asac: cannot create '%s': %s\n", g,
			strerror(errno));
		free(g);
		return -1;
	}
	free(g);
	for (i = 0; i < oc->n && !rc; i++) {
		char *p = path_join(outdir, oc->v[i].path);

		rc = write_mode(p, oc->v[i].data, oc->v[i].len,
				(mode_t)oc->v[i].mode);
		/* the umask may have taken bits a script needs */
		if (!rc && (oc->v[i].mode & 0111) &&
		    chmod(p, (mode_t)oc->v[i].mode) < 0)
			rc = -1;
		free(p);
	}
	for (i = 0; i < 2 && !rc; i++) {
		char *data = NULL, *p;
		size_t len = 0;

		if (!src[i])
			continue;
		if (read_file(src[i], &data, &len) < 0) {
			fprintf(stderr, "asac: cannot read '%s': %s\n", src[i],
				strerror(errno));
			return -1;
		}
		p = path_join(outdir, names[i]);
		rc = i ? write_out(p, data, len) : write_public(p, data, len);
		free(p);
		free(data);
	}
	return rc;
}

int target_compile(const struct target_job *tmpl, enum target_kind kind)
{
	struct target_job job = *tmpl, *j = &job;
	struct swanctl_secret *given = NULL;
	yaml_document_t sdoc;
	long ngiven = 0;
	const char *file = j->file, *outdir = j->out;
	struct load r;
	char *conf = NULL, *charon = NULL;
	size_t conflen = 0, charonlen = 0, i;
	FILE *cf, *ch;
	bool is_nft = kind == TARGET_NFT, is_asacd = kind == TARGET_ASACD;
	bool is_ocserv = kind == TARGET_OCSERV;
	struct ocserv_out oc = { 0 };
	int rc = EXIT_OK;
	struct nft_iface *ifs = NULL;
	size_t nifs = 0;
	struct lintconf lc;

	memset(&sdoc, 0, sizeof(sdoc));
	if (j->secrets && (ngiven = target_load_secrets(j->secrets, &given,
							&sdoc)) < 0) {
		yaml_document_delete(&sdoc);
		return EXIT_FINDINGS;
	}
	j->given = given;
	j->ngiven = (size_t)ngiven;
	/* nft, asacd: the interfaces of .asac.yaml, then --iface */
	memset(&lc, 0, sizeof(lc));
	if ((is_nft || is_asacd) &&
	    iface_map(file, &lc, j->ifaces, j->nifaces, &ifs, &nifs) < 0) {
		swanctl_secrets_free(given, j->ngiven);
		if (j->secrets)
			yaml_document_delete(&sdoc);
		return EXIT_USAGE;
	}
	if (parse_one(&r, file, j->strict) < 0) {
		rc = EXIT_INTERNAL;
		goto out;
	}
	cf = open_memstream(&conf, &conflen);
	ch = open_memstream(&charon, &charonlen);
	if (!cf || !ch) {
		fprintf(stderr, "asac: out of memory\n");
		exit(EXIT_INTERNAL);
	}
	if (!r.diag.count[DIAG_ERROR] && is_ocserv) {
		ocserv_compile(r.irs[0], &r.src, &r.diag, j->given, j->ngiven,
			       false,
			       &oc);
	} else if (!r.diag.count[DIAG_ERROR] && is_asacd) {
		asacd_compile(r.irs[0], &r.src, &r.diag, cf, ifs, nifs,
			      j->given, j->ngiven);
	} else if (!r.diag.count[DIAG_ERROR] && is_nft) {
		struct nft_opts no;

		no.libipsec = j->libipsec;
		no.ifaces = ifs;
		no.nifaces = nifs;
		nft_compile(r.irs[0], &r.src, &r.diag, cf, &no);
	} else if (!r.diag.count[DIAG_ERROR]) {
		swanctl_compile(r.irs[0], &r.src, &r.diag, cf, ch, j->given,
				j->ngiven);
	}
	fclose(cf);
	fclose(ch);
	/* a target warns of the secrets it could have used only */
	for (i = 0; i < j->ngiven; i++)
		if (!j->given[i].used && !r.diag.count[DIAG_ERROR] && !is_nft &&
		    !is_ocserv &&
		    (j->given[i].kind == SWS_CLUSTER) == is_asacd)
			secret_unused(j->secrets, &j->given[i]);
	diag_sort(&r.diag);
	diag_print_text(&r.diag, stderr, j->color);
	if (r.diag.count[DIAG_ERROR]) {
		fprintf(stderr, "asac: nothing written: %zu error%s\n",
			r.diag.count[DIAG_ERROR],
			r.diag.count[DIAG_ERROR] == 1 ? "" : "s");
		rc = EXIT_FINDINGS;
	} else if (!strcmp(outdir, "-")) {
		fwrite(conf, 1, conflen, stdout);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "asac: cannot write output: %s\n",
				strerror(errno));
			rc = EXIT_INTERNAL;
		}
	} else if (is_ocserv) {
		if (ocserv_write(&oc, outdir) < 0)
			rc = EXIT_INTERNAL;
	} else if (is_nft || is_asacd) {
		char *p1 = path_join(outdir, is_nft ? "asac.nft" :
				     "asacd.json");

		if (mkdir_p(outdir) < 0) {
			fprintf(stderr, "asac: cannot create '%s': %s\n",
				outdir, strerror(errno));
			rc = EXIT_INTERNAL;
		} else if (write_out(p1, conf, conflen) < 0) {
			rc = EXIT_INTERNAL;
		}
		free(p1);
	} else {
		char *p1 = path_join(outdir, "swanctl.conf"),
		     *p2 = path_join(outdir, "strongswan.d"),
		     *p3 = path_join(outdir, "strongswan.d/asac.conf");

		if (mkdir_p(p2) < 0) {
			fprintf(stderr, "asac: cannot create '%s': %s\n",
				outdir, strerror(errno));
			rc = EXIT_INTERNAL;
		} else if (write_out(p1, conf, conflen) < 0 ||
			   write_out(p3, charon, charonlen) < 0 ||
			   copy_trustpoints(j->given, j->ngiven, outdir) < 0) {
			rc = EXIT_INTERNAL;
		}
		free(p1);
		free(p2);
		free(p3);
	}
out:
	ocserv_out_free(&oc);
	free(conf);
	free(charon);
	free(ifs);
	swanctl_secrets_free(given, j->ngiven);
	if (j->secrets)
		yaml_document_delete(&sdoc);
	lintconf_free(&lc);
	load_free(&r);
	return rc;
}

/* diagnostics without the source line, which may hold a key */
static void diag_print_short(const struct load *r, FILE *o)
{
	size_t i;

	for (i = 0; i < r->diag.n; i++) {
		const struct diag *g = &r->diag.v[i];
		const struct src_file *f = r->src.files[g->loc.file];
		uint32_t line, col;

		src_linecol(f, g->loc.start, &line, &col);
		fprintf(o, "%s:%u:%u: %s: %s [%s]\n", f->name, line, col,
			g->level == DIAG_ERROR ? "error" :
			g->level == DIAG_WARNING ? "warning" : "note", g->msg,
			rules[g->rule].id);
	}
}

char *target_runtime_dir(void)
{
	char exe[4096], *slash, *d;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return xstrdup(".");
	exe[n] = 0;
	slash = strrchr(exe, '/');
	*slash = 0;
	d = path_join(exe, "asacd");
	if (access(d, X_OK) == 0) {
		free(d);
		return xstrdup(exe);
	}
	free(d);
	return path_join(exe, "../sbin");
}

/* the keepalived.conf of an IOS-style asacd.json, or NULL */
static char *keepalived_of(const char *json, size_t len)
{
	char path[] = "/tmp/asac-bundle-XXXXXX", err[600];
	char *out = NULL;
	size_t olen = 0;
	struct dconf c;
	FILE *o;
	int fd;

	if (!strstr(json, "\"mode\": \"ios\""))
		return NULL;
	fd = mkstemp(path);
	if (fd < 0 || write(fd, json, len) != (ssize_t)len || close(fd) < 0)
		die(EXIT_INTERNAL, "cannot write a temporary file: %s",
		    strerror(errno));
	memset(&c, 0, sizeof(c));
	if (dconf_load(&c, path, err, sizeof(err)) < 0) {
		unlink(path);
		die(EXIT_INTERNAL, "the bundle's asacd.json: %s", err);
	}
	unlink(path);
	o = open_memstream(&out, &olen);
	if (!o || keepalived_conf(&c, "/etc/asacd/asacd.json",
				  "/usr/sbin/asacctl", o, err,
				  sizeof(err)) < 0)
		die(EXIT_INTERNAL, "keepalived.conf: %s", err);
	fclose(o);
	dconf_free(&c);
	return out;
}

static bool ends_with(const char *s, const char *t)
{
	size_t a = strlen(s), b = strlen(t);

	return a >= b && !strcmp(s + a - b, t);
}

int target_bundle(const struct target_job *j)
{
	const char *file = j->file, *out = j->out;
	struct swanctl_secret *given = j->given;
	struct load r;
	struct lintconf lc;
	struct nft_iface *ifs = NULL;
	size_t nifs = 0, k;
	char *buf[4] = { 0 }, *keep = NULL, err[1024];
	size_t len[4] = { 0 };
	FILE *f[4];
	struct bundle b;
	struct bundle_in in;
	struct ocserv_out oc = { 0 };
	int rc = EXIT_OK;

	if (iface_map(file, &lc, j->ifaces, j->nifaces, &ifs, &nifs) < 0)
		return EXIT_USAGE;
	if (parse_one(&r, file, j->strict) < 0) {
		rc = EXIT_INTERNAL;
		goto out;
	}
	for (k = 0; k < 4; k++)
		if (!(f[k] = open_memstream(&buf[k], &len[k])))
			die(EXIT_INTERNAL, "out of memory");
	{
		char *sec = NULL, *nft = NULL;
		size_t seclen = 0, nftlen = 0;
		FILE *fs = open_memstream(&sec, &seclen),
		     *fn = open_memstream(&nft, &nftlen);
		struct nft_opts no;

		if (!fs || !fn)
			die(EXIT_INTERNAL, "out of memory");
		if (!r.diag.count[DIAG_ERROR]) {
			swanctl_compile_split(r.irs[0], &r.src, &r.diag, f[0],
					      fs, f[1], given, j->ngiven);
			no.libipsec = j->libipsec;
			no.ifaces = ifs;
			no.nifaces = nifs;
			nft_compile(r.irs[0], &r.src, &r.diag, fn, &no);
			asacd_compile(r.irs[0], &r.src, &r.diag, f[2], ifs,
				      nifs, given, j->ngiven);
			if (ir_anyconnect(r.irs[0]))
				ocserv_compile(r.irs[0], &r.src, &r.diag, given,
					       j->ngiven, true, &oc);
		}
		fclose(fs);
		fclose(fn);
		for (k = 0; k < 3; k++)
			fclose(f[k]);
		fclose(f[3]);
		free(buf[3]);
		buf[3] = sec;
		len[3] = seclen;
		diag_sort(&r.diag);
		diag_print_short(&r, stderr);
		if (r.diag.count[DIAG_ERROR]) {
			fprintf(stderr, "asac: %s: nothing written: %zu error%s\n",
				file, r.diag.count[DIAG_ERROR],
				r.diag.count[DIAG_ERROR] == 1 ? "" : "s");
			free(nft);
			rc = EXIT_FINDINGS;
			goto out;
		}
		keep = keepalived_of(buf[2], len[2]);
		in.ir = r.irs[0];
		in.src = &r.src;
		in.diag = &r.diag;
		in.swanctl = buf[0];
		in.charon = buf[1];
		in.asacd_json = buf[2];
		in.secrets = buf[3];
		in.nft = nft;
		in.keepalived = keep;
		in.libipsec = no.libipsec;
		in.runtime = j->runtime;
		in.ifaces = ifs;
		in.nifaces = nifs;
		in.given = j->given;
		in.ngiven = j->ngiven;
		in.ocserv = oc.n ? &oc : NULL;
		if (bundle_build(&in, &b, err, sizeof(err)) < 0) {
			fprintf(stderr, "asac: %s\n", err);
			free(nft);
			rc = EXIT_INTERNAL;
			goto out;
		}
		free(nft);
	}
	{
		const char *host = r.irs[0]->hostname.s;
		char *dir = NULL, top[256];

		/* -o out/gw1 or out/gw1.tar.gz: out/ is made as by mkdir -p */
		if (mkdir_parent(out) < 0)
			die(EXIT_INTERNAL, "cannot create the directory of "
			    "'%s': %s", out, strerror(errno));
		if (ends_with(out, ".tar.gz")) {
			const char *base = strrchr(out, '/');

			base = base ? base + 1 : out;
			snprintf(top, sizeof(top), "%.*s",
				 (int)(strlen(base) - 7), base);
			if (bundle_write_tgz(&b, out, top, err, sizeof(err)) < 0)
				rc = EXIT_INTERNAL;
		} else {
			if (j->several) {
				char nm[256];
				const char *s = strrchr(file, '/');

				if (host)
					snprintf(nm, sizeof(nm), "%s", host);
				else
					snprintf(nm, sizeof(nm), "%.*s",
						 (int)strcspn(s ? s + 1 : file,
							      "."),
						 s ? s + 1 : file);
				if (mkdir_p(out) < 0)
					die(EXIT_INTERNAL, "cannot create '%s': "
					    "%s", out, strerror(errno));
				dir = path_join(out, nm);
			} else {
				dir = xstrdup(out);
			}
			if (bundle_write_dir(&b, dir, err, sizeof(err)) < 0)
				rc = EXIT_INTERNAL;
			free(dir);
		}
		if (rc != EXIT_OK)
			fprintf(stderr, "asac: %s\n", err);
	}
	bundle_free(&b);
out:
	for (k = 0; k < 4; k++)
		free(buf[k]);
	ocserv_out_free(&oc);
	free(keep);
	free(ifs);
	lintconf_free(&lc);
	load_free(&r);
	return rc;
}

int target_verify(const char *file, const char *out, bool color)
{
	struct load r;
	char err[512], *path = NULL;
	struct stat st;
	int rc;

	if (!stat(out, &st) && S_ISDIR(st.st_mode))
		path = path_join(out, "swanctl.conf");
	else
		path = xstrdup(out);
	if (parse_one(&r, file, false) < 0) {
		load_free(&r);
		free(path);
		return EXIT_INTERNAL;
	}
	if (r.diag.count[DIAG_ERROR]) {
		diag_print_text(&r.diag, stderr, color);
		load_free(&r);
		free(path);
		return EXIT_FINDINGS;
	}
	rc = swanctl_verify(r.irs[0], path, stdout, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "asac: %s\n", err);
		rc = EXIT_INTERNAL;
	} else if (rc == 0) {
		printf("%s: every entry's children equal its protected set; "
		       "entries are disjoint\n", path);
	}
	free(path);
	load_free(&r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "asac: cannot write output: %s\n",
			strerror(errno));
		return EXIT_INTERNAL;
	}
	return rc;
}

int target_bundle_check(const char *dir)
{
	char err[4096];
	int k = bundle_check(dir, 10, err, sizeof(err));

	fprintf(stderr, "asac: %s\n", err);
	return k == -1 ? EXIT_USAGE : EXIT_INTERNAL;
}

int target_bundle_all(const struct target_job *tmpl, const char **files,
		      size_t n)
{
	struct target_job j = *tmpl;
	struct swanctl_secret *given = NULL;
	yaml_document_t sdoc;
	char *runtime = NULL;
	long ngiven = 0, k;
	size_t i;
	int rc = EXIT_OK;

	if (!j.runtime)
		j.runtime = runtime = target_runtime_dir();
	memset(&sdoc, 0, sizeof(sdoc));
	if (j.secrets && (ngiven = target_load_secrets(j.secrets, &given,
						       &sdoc)) < 0) {
		yaml_document_delete(&sdoc);
		free(runtime);
		return EXIT_FINDINGS;
	}
	j.given = given;
	j.ngiven = (size_t)ngiven;
	if (sodium_init() < 0)
		die(EXIT_INTERNAL, "libsodium cannot start");
	for (i = 0; i < n; i++) {
		int r;

		j.file = files[i];
		r = target_bundle(&j);
		if (r > rc)
			rc = r;
	}
	for (k = 0; k < ngiven; k++)
		if (!given[k].used && rc == EXIT_OK)
			secret_unused(j.secrets, &given[k]);
	if (j.secrets)
		yaml_document_delete(&sdoc);
	swanctl_secrets_free(given, (size_t)ngiven);
	free(runtime);
	return rc;
}
