/* SPDX-License-Identifier: MIT */
/*
 * main.c - the `asac` command line.
 */
#define _DEFAULT_SOURCE		/* pcap.h needs the BSD types (u_int) */
#define _XOPEN_SOURCE 700	/* nftw */
#include "asac.h"
#include "backends/asacd.h"
#include "backends/bundle.h"
#include "backends/nft.h"
#include "backends/swanctl.h"
#include "backends/target.h"
#include "capture.h"
#include "diag.h"
#include "ir.h"
#include "ir_json.h"
#include "jw.h"
#include "lint.h"
#include "lintconf.h"
#include "load.h"
#include "map.h"
#include "parse.h"
#include "rules.h"
#include "sema.h"
#include "suppress.h"
#include "trace.h"
#include "usage.h"
#include "util.h"
#include "yamlfile.h"
#include "runtime/dconf.h"
#include "runtime/keepalived.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <sodium.h>
#include <yaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

struct opts {
	const char *format;
	const char *baseline, *write_baseline;
	const char *config;	/* --config FILE */
	bool no_config;
	int profile;		/* -1 unset, 0 default, 1 stig */
	struct lintconf conf;	/* loaded by load_and_parse */
	bool have_conf;
	int fail_on;		/* DIAG_* or 3 = never */
	long long max_warnings;	/* -1 = no limit */
	unsigned int max_errors;
	int color;		/* -1 auto, 0 never, 1 always */
	bool json;
	const char **files;
	int nfiles;
	char **owned;		/* file names found in directories */
	int nowned;
	int jobs;		/* -j N: threads (0: one per core) */
	const char *enable[64], *disable[64];
	int nenable, ndisable;
};

static void __noreturn usage_error(const char *usage, const char *fmt, ...)
	__fmtstring(2, 3);

static void usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("asac: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(usage, stderr);
	exit(EXIT_USAGE);
}

static unsigned int parse_uint(const char *usage, const char *opt,
			       const char *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || !*v || v[0] == '-' || n > 1000000)
		usage_error(usage, "%s takes a number, not '%s'", opt, v);
	return (unsigned int)n;
}

static bool want_color(int color, FILE *f)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (color >= 0)
		return color == 1;
	if (nc && *nc)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

/* Options shared by ir and lint; returns the new index or -1. */
static void parse_opts(int argc, char **argv, const char *usage,
		       struct opts *o, bool lint)
{
	int i;

	o->format = "text";
	o->fail_on = DIAG_ERROR;
	o->max_warnings = -1;
	o->profile = -1;
	o->max_errors = 50;
	o->color = -1;
	o->files = xcalloc((size_t)argc, sizeof(*o->files));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;

#define VALUE(name)							\
		(!strcmp(a, name) ? (i + 1 < argc ? (val = argv[++i]) :	\
			(usage_error(usage, "%s needs a value", name), NULL)) : \
		 !strncmp(a, name "=", strlen(name) + 1) ?		\
			(val = a + strlen(name) + 1) : NULL)

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			exit(EXIT_OK);
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				o->files[o->nfiles++] = argv[i];
			break;
		} else if (VALUE("--max-errors")) {
			o->max_errors = parse_uint(usage, "--max-errors", val);
		} else if (lint && (VALUE("-j") || VALUE("--jobs"))) {
			o->jobs = (int)parse_uint(usage, "--jobs", val);
			if (o->jobs > 64)
				usage_error(usage, "--jobs takes at most 64");
		} else if (VALUE("--color")) {
			if (!strcmp(val, "auto"))
				o->color = -1;
			else if (!strcmp(val, "always"))
				o->color = 1;
			else if (!strcmp(val, "never"))
				o->color = 0;
			else
				usage_error(usage, "--color takes auto, always "
					    "or never, not '%s'", val);
		} else if (lint && (VALUE("--format") || VALUE("-f"))) {
			if (strcmp(val, "text") && strcmp(val, "json") &&
			    strcmp(val, "sarif") && strcmp(val, "github"))
				usage_error(usage, "unknown format '%s' (text, "
					    "json, sarif or github)", val);
			o->format = val;
		} else if (lint && VALUE("--config")) {
			o->config = val;
		} else if (lint && !strcmp(a, "--no-config")) {
			o->no_config = true;
		} else if (lint && VALUE("--profile")) {
			if (!strcmp(val, "default"))
				o->profile = 0;
			else if (!strcmp(val, "stig"))
				o->profile = 1;
			else
				usage_error(usage, "--profile takes default or "
					    "stig, not '%s'", val);
		} else if (lint && VALUE("--baseline")) {
			o->baseline = val;
		} else if (lint && VALUE("--write-baseline")) {
			o->write_baseline = val;
		} else if (lint && VALUE("--max-warnings")) {
			o->max_warnings = parse_uint(usage, "--max-warnings",
						     val);
		} else if (lint && VALUE("--fail-on")) {
			if (!strcmp(val, "error"))
				o->fail_on = DIAG_ERROR;
			else if (!strcmp(val, "warning"))
				o->fail_on = DIAG_WARNING;
			else if (!strcmp(val, "note"))
				o->fail_on = DIAG_NOTE;
			else if (!strcmp(val, "never"))
				o->fail_on = 3;
			else
				usage_error(usage, "--fail-on takes error, "
					    "warning, note or never, not '%s'",
					    val);
		} else if (lint && !strncmp(a, "-Wno-", 5)) {
			if (o->ndisable == 64)
				usage_error(usage, "too many -Wno- options "
					    "(at most 64)");
			o->disable[o->ndisable++] = a + 5;
		} else if (lint && (VALUE("-W"))) {
			if (o->nenable == 64)
				usage_error(usage, "too many -W options (at "
					    "most 64)");
			o->enable[o->nenable++] = val;
		} else if (lint && !strncmp(a, "-W", 2) && a[2]) {
			if (o->nenable == 64)
				usage_error(usage, "too many -W options (at "
					    "most 64)");
			o->enable[o->nenable++] = a + 2;
		} else if (a[0] == '-' && a[1]) {
			usage_error(usage, "unknown option '%s'", a);
		} else {
			o->files[o->nfiles++] = a;
		}
#undef VALUE
	}
	if (!o->nfiles)
		usage_error(usage, "no input file");
}

static char **found;
static size_t nfound;

static int found_cfg(const char *path, const struct stat *st, int type,
		     struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_F && n > 4 && !strcmp(path + n - 4, ".cfg")) {
		found = xrealloc_array(found, nfound + 1, sizeof(*found));
		found[nfound++] = xstrdup(path);
	}
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * `asac lint DIR`: a directory stands for the *.cfg files under it (all
 * levels, symbolic links not followed), in the order of their names.
 */
static void expand_dirs(struct opts *o, const char *usage)
{
	const char **files = NULL;
	size_t n = 0, k;
	int i;

	for (i = 0; i < o->nfiles; i++) {
		struct stat st;

		if (strcmp(o->files[i], "-") && !stat(o->files[i], &st) &&
		    S_ISDIR(st.st_mode)) {
			found = NULL;
			nfound = 0;
			if (nftw(o->files[i], found_cfg, 16, FTW_PHYS) < 0) {
				fprintf(stderr, "asac: cannot read '%s': %s\n",
					o->files[i], strerror(errno));
				exit(EXIT_INTERNAL);
			}
			if (!nfound)
				usage_error(usage, "no *.cfg file under '%s'",
					    o->files[i]);
			qsort(found, nfound, sizeof(*found), str_cmp);
			files = xrealloc_array(files, n + nfound + 1,
					       sizeof(*files));
			o->owned = xrealloc_array(o->owned, (size_t)o->nowned +
						  nfound, sizeof(*o->owned));
			for (k = 0; k < nfound; k++) {
				files[n++] = found[k];
				o->owned[o->nowned++] = found[k];
			}
			free(found);
			continue;
		}
		files = xrealloc_array(files, n + 2, sizeof(*files));
		files[n++] = o->files[i];
	}
	free(o->files);
	o->files = files;
	o->nfiles = (int)n;
}

static void opts_free(struct opts *o)
{
	int i;

	for (i = 0; i < o->nowned; i++)
		free(o->owned[i]);
	free(o->owned);
	free(o->files);
	lintconf_free(&o->conf);
}

static void apply_rule_switches(struct diag_ctx *d, struct opts *o,
				const char *usage)
{
	int i;

	for (i = 0; i < o->nenable; i++) {
		const struct rule *r = rule_find(o->enable[i]);

		if (!r)
			usage_error(usage, "unknown rule '%s' (see 'asac rules')",
				    o->enable[i]);
		d->on[rule_index(r)] = true;
	}
	for (i = 0; i < o->ndisable; i++) {
		const struct rule *r = rule_find(o->disable[i]);

		if (!r)
			usage_error(usage, "unknown rule '%s' (see 'asac rules')",
				    o->disable[i]);
		if (rule_index(r) == RULE_SYNTAX_ERROR)
			usage_error(usage, "syntax errors cannot be disabled");
		d->on[rule_index(r)] = false;
	}
}

/*
 * The lint configuration: --config FILE, else .asac.yaml in the directory
 * of the first input (none for standard input), unless --no-config.  Its
 * profile and rules apply first; --profile, -W and -Wno- win over them.
 */
static int load_config(struct load *r, struct opts *o)
{
	char err[1024], *path = NULL;
	int profile;

	if (o->config && !o->no_config)
		path = xstrdup(o->config);
	else if (!o->no_config && o->nfiles)
		path = lintconf_beside(o->files[0]);
	profile = o->profile;
	if (path) {
		if (lintconf_load(&o->conf, path, err, sizeof(err)) < 0) {
			fprintf(stderr, "asac: %s\n", err);
			lintconf_free(&o->conf);
			free(path);
			return -1;
		}
		o->have_conf = true;
		free(path);
		if (profile < 0)
			profile = o->conf.profile;
	}
	lintconf_profile(&r->diag, profile);
	if (o->have_conf)
		lintconf_apply(&o->conf, &r->diag);
	return 0;
}

static int load_and_parse(struct load *r, struct opts *o, const char *usage,
			  bool lint)
{
	struct load_opts lo = { o->max_errors, lint, o->jobs };

	load_init(r);
	if (lint && load_config(r, o) < 0)
		return -2;
	apply_rule_switches(&r->diag, o, usage);
	return load_files(r, o->files, (size_t)o->nfiles, &lo);
}

static int finish_output(FILE *f)
{
	if (fflush(f) != 0 || ferror(f)) {
		fprintf(stderr, "asac: cannot write output: %s\n",
			strerror(errno));
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

static int cmd_ir(int argc, char **argv)
{
	struct opts o;
	struct load r;
	int rc;

	memset(&o, 0, sizeof(o));
	parse_opts(argc, argv, usage_ir, &o, false);
	if (load_and_parse(&r, &o, usage_ir, false) < 0) {
		load_free(&r);
		free(o.files);
		return EXIT_INTERNAL;
	}
	diag_print_text(&r.diag, stderr, want_color(o.color, stderr));
	ir_json_write(stdout, &r.src, r.irs, r.nirs);
	rc = finish_output(stdout);
	if (!rc && r.diag.count[DIAG_ERROR])
		rc = EXIT_FINDINGS;
	load_free(&r);
	free(o.files);
	return rc;
}

static int cmd_lint(int argc, char **argv)
{
	struct opts o;
	struct load r;
	int rc, lvl;
	bool fail = false;

	memset(&o, 0, sizeof(o));
	parse_opts(argc, argv, usage_lint, &o, true);
	expand_dirs(&o, usage_lint);
	rc = load_and_parse(&r, &o, usage_lint, true);
	if (rc < 0) {
		load_free(&r);
		opts_free(&o);
		return rc == -2 ? EXIT_USAGE : EXIT_INTERNAL;
	}
	suppress_apply(&r.diag, &r.src);
	if (o.have_conf)
		lintconf_apply_overrides(&o.conf, &r.diag);
	if (o.write_baseline) {
		rc = EXIT_OK;
		if (diag_write_baseline(&r.diag, o.write_baseline) < 0) {
			fprintf(stderr, "asac: cannot write '%s': %s\n",
				o.write_baseline, strerror(errno));
			rc = EXIT_INTERNAL;
		} else {
			fprintf(stderr, "asac: recorded %zu finding%s in '%s'\n",
				r.diag.n, r.diag.n == 1 ? "" : "s",
				o.write_baseline);
		}
		load_free(&r);
		opts_free(&o);
		return rc;
	}
	if (o.baseline) {
		char err[512];
		size_t dropped;

		if (diag_apply_baseline(&r.diag, o.baseline, err, sizeof(err),
					&dropped) < 0) {
			fprintf(stderr, "asac: %s\n", err);
			load_free(&r);
			opts_free(&o);
			return EXIT_USAGE;
		}
	}
	if (!strcmp(o.format, "json"))
		diag_print_json(&r.diag, stdout);
	else if (!strcmp(o.format, "sarif"))
		diag_print_sarif(&r.diag, stdout);
	else if (!strcmp(o.format, "github"))
		diag_print_github(&r.diag, stdout);
	else
		diag_print_text(&r.diag, stdout, want_color(o.color, stdout));
	for (lvl = o.fail_on; lvl <= DIAG_ERROR; lvl++)
		if (r.diag.count[lvl])
			fail = true;
	if (o.max_warnings >= 0 &&
	    r.diag.count[DIAG_WARNING] > (size_t)o.max_warnings)
		fail = true;
	rc = finish_output(stdout);
	if (!rc && fail)
		rc = EXIT_FINDINGS;
	load_free(&r);
	opts_free(&o);
	return rc;
}

static bool parse_ip(const char *s, struct sp_point *p)
{
	uint8_t b[16];
	int i;

	if (inet_pton(AF_INET, s, b) == 1) {
		p->family = 4;
		p->d[SP_SRC] = 0;
		p->d[SP_DST] = (sp_u128)b[0] << 24 | (sp_u128)b[1] << 16 |
			       (sp_u128)b[2] << 8 | b[3];
		return true;
	}
	if (inet_pton(AF_INET6, s, b) == 1) {
		p->family = 6;
		p->d[SP_DST] = 0;
		for (i = 0; i < 16; i++)
			p->d[SP_DST] = p->d[SP_DST] << 8 | b[i];
		return true;
	}
	return false;
}

/*
 * Fill @pk from the fields of a flow: protocol tcp, udp, sctp, icmp, icmp6
 * or a number; @sport and @dport are the ICMP type and code for ICMP and are
 * ignored for other protocols.  Returns NULL, or what is wrong (static).
 */
static const char *flow_packet(const char *iface, const char *proto,
			       const char *src, const char *sport,
			       const char *dst, const char *dport,
			       struct tr_packet *pk)
{
	static char err[160];
	struct sp_point a;
	unsigned long pn, v;
	char *end;
	bool ports, icmp;

	pk->input = iface;
	memset(&pk->p, 0, sizeof(pk->p));
	if (!strcmp(proto, "tcp"))
		pn = 6;
	else if (!strcmp(proto, "udp"))
		pn = 17;
	else if (!strcmp(proto, "sctp"))
		pn = 132;
	else if (!strcmp(proto, "icmp"))
		pn = 1;
	else if (!strcmp(proto, "icmp6"))
		pn = 58;
	else {
		pn = strtoul(proto, &end, 10);
		if (!*proto || *end || pn > 255) {
			snprintf(err, sizeof(err), "unknown protocol '%s'", proto);
			return err;
		}
	}
	pk->p.d[SP_PROTO] = sp_proto_rank((unsigned int)pn);
	memset(&a, 0, sizeof(a));
	if (!src || !parse_ip(src, &a)) {
		snprintf(err, sizeof(err), "'%s' is not an IP address",
			 src ? src : "");
		return err;
	}
	pk->p.family = a.family;
	pk->p.d[SP_SRC] = a.d[SP_DST];
	if (!dst || !parse_ip(dst, &a)) {
		snprintf(err, sizeof(err), "'%s' is not an IP address",
			 dst ? dst : "");
		return err;
	}
	if (a.family != pk->p.family)
		return "source and destination are of different address families";
	pk->p.d[SP_DST] = a.d[SP_DST];
	ports = pn == 6 || pn == 17 || pn == 132;
	icmp = pn == 1 || pn == 58;
	if (ports || icmp) {
		const char *f[2] = { sport, dport };
		unsigned long max = ports ? 65535 : 255;
		int i;

		for (i = 0; i < 2; i++) {
			v = f[i] ? strtoul(f[i], &end, 10) : 0;
			if (!f[i] || !*f[i] || *end || f[i][0] == '-' || v > max) {
				snprintf(err, sizeof(err), "%s must be a number "
					 "0-%lu, not '%s'", ports ?
					 (i ? "the destination port" : "the source port") :
					 (i ? "the ICMP code" : "the ICMP type"), max,
					 f[i] ? f[i] : "");
				return err;
			}
			pk->p.d[ports ? SP_SPORT + i : SP_ITYPE + i] = v;
		}
	}
	return NULL;
}

/* "protect:MAP:SEQ", "bypass", "drop:REASON" (or "drop:MAP:SEQ"). */
static void outcome_str(const struct tr_result *r, char *buf, size_t len)
{
	const char *act = !r->allow ? "drop" :
			  r->vpn_present && r->vpn.action == CM_PROTECT ?
			  "protect" : "bypass";

	if (!r->allow && r->vpn.entry && r->drop_reason &&
	    (r->vpn.action == CM_DROP))
		snprintf(buf, len, "%s:%s:%lld (%s)", act,
			 r->vpn.entry->map->name.s,
			 (long long)r->vpn.entry->e->seq.v, r->drop_reason);
	else if (!r->allow)
		snprintf(buf, len, "%s:%s", act, r->drop_reason);
	else if (r->vpn_present && r->vpn.action == CM_PROTECT)
		snprintf(buf, len, "%s:%s:%lld", act, r->vpn.entry->map->name.s,
			 (long long)r->vpn.entry->e->seq.v);
	else
		snprintf(buf, len, "%s", act);
}

static bool expect_met(const char *expect, const struct tr_result *r)
{
	const char *act = !r->allow ? "drop" :
			  r->vpn_present && r->vpn.action == CM_PROTECT ?
			  "protect" : "bypass";
	const char *q = strchr(expect, ':');
	size_t n = q ? (size_t)(q - expect) : strlen(expect);
	char entry[300];

	if (strlen(act) != n || strncmp(act, expect, n))
		return false;
	if (!q)
		return true;
	q++;
	if (!strchr(q, ':'))	/* a drop reason */
		return r->drop_reason && !strcmp(q, r->drop_reason);
	if (!r->vpn.entry)
		return false;
	snprintf(entry, sizeof(entry), "%s:%lld", r->vpn.entry->map->name.s,
		 (long long)r->vpn.entry->e->seq.v);
	return !strcmp(q, entry);
}

struct flow_count {
	const struct cm_entry *entry;
	unsigned long protect, drop;
};

/* Split a CSV line in place into at most @max fields. */
static int csv_fields(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		char *c = strchr(line, ',');

		while (*line == ' ' || *line == '\t')
			line++;
		f[n++] = line;
		if (!c)
			break;
		*c = '\0';
		line = c + 1;
	}
	for (int i = 0; i < n; i++) {
		size_t l = strlen(f[i]);

		while (l && (f[i][l - 1] == ' ' || f[i][l - 1] == '\r' ||
			     f[i][l - 1] == '\t'))
			f[i][--l] = '\0';
	}
	return n;
}

static const char *json_field(json_t *o, const char *k, char *buf, size_t len)
{
	json_t *v = json_object_get(o, k);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

/*
 * Load the configuration a trace runs on and print its diagnostics on
 * standard error.  Returns EXIT_OK, EXIT_FINDINGS (the configuration has
 * errors: the trace still runs) or -1 (it could not be read; @r freed).
 */
static int trace_load(const char *cfg, int color, struct load *r,
		      struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_errors = 50;
	o->nfiles = 1;
	o->files = xcalloc(1, sizeof(*o->files));
	o->files[0] = cfg;
	if (load_and_parse(r, o, usage_trace, false) < 0) {
		load_free(r);
		free(o->files);
		return -1;
	}
	diag_print_text(&r->diag, stderr, want_color(color, stderr));
	return r->diag.count[DIAG_ERROR] ? EXIT_FINDINGS : EXIT_OK;
}

/* "YYYY-MM-DD HH:MM" (or with a T) into @t; false when malformed. */
static bool parse_when(const char *s, struct tm *t)
{
	int y, mo, d, h, mi, n = 0;

	memset(t, 0, sizeof(*t));
	if (sscanf(s, "%4d-%2d-%2d%*1[ T]%2d:%2d%n", &y, &mo, &d, &h, &mi,
		   &n) != 5 || s[n] || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || y < 1970)
		return false;
	t->tm_year = y - 1900;
	t->tm_mon = mo - 1;
	t->tm_mday = d;
	t->tm_hour = h;
	t->tm_min = mi;
	return true;
}

/* Bind the --sa-up SAs to the model; false (reported) when one names no
 * entry. */
static bool sa_bind(struct tr_sa *sa, const struct cm_model *m)
{
	char err[400];

	if (trace_sa_bind(sa, m, err, sizeof(err)))
		return true;
	fprintf(stderr, "asac: %s\n", err);
	return false;
}

/*
 * A flow sink: prints each traced flow as a JSON line and counts what the
 * summary line reports (shared by --flows and --pcap).
 */
struct sink {
	struct jw *w;
	const struct srcset *src;
	const struct ir *ir;
	struct flow_count *counts;
	size_t ncounts;
	unsigned long nflows, allow, dropped, bypass, bad;
	json_t *reasons;
};

static void sink_init(struct sink *k, const struct load *r)
{
	memset(k, 0, sizeof(*k));
	k->w = xmalloc(sizeof(*k->w));
	jw_init(k->w, stdout);
	k->w->compact = true;
	k->src = &r->src;
	k->ir = r->irs[0];
	k->reasons = json_object();
}

static void sink_put(struct sink *k, const struct tr_packet *pk,
		     const struct tr_result *res)
{
	size_t i;

	trace_print_json(k->w, k->src, k->ir, pk, res);
	k->nflows++;
	if (res->allow)
		k->allow++;
	else
		k->dropped++;
	if (res->drop_reason)
		json_object_set_new(k->reasons, res->drop_reason, json_integer(
			json_integer_value(json_object_get(k->reasons,
						res->drop_reason)) + 1));
	if (res->vpn_present && res->vpn.action == CM_BYPASS && res->allow)
		k->bypass++;
	if (!res->vpn.entry)
		return;
	for (i = 0; i < k->ncounts; i++)
		if (k->counts[i].entry == res->vpn.entry)
			break;
	if (i == k->ncounts) {
		k->counts = xrealloc_array(k->counts, k->ncounts + 1,
					   sizeof(*k->counts));
		memset(&k->counts[i], 0, sizeof(*k->counts));
		k->counts[i].entry = res->vpn.entry;
		k->ncounts++;
	}
	if (res->vpn.action == CM_PROTECT)
		k->counts[i].protect++;
	else
		k->counts[i].drop++;
}

/* The summary line, per crypto map entry in evaluation order; frees @k. */
static void sink_finish(struct sink *k, const struct cm_model *m,
			const char *bad_key, const char *extra_key,
			unsigned long extra)
{
	json_t *sum = json_object(), *ents = json_array(), *top;
	size_t si, e, i;

	for (si = 0; si < m->nsets; si++) {
		for (e = 0; e < m->sets[si].n; e++) {
			const struct cm_entry *ce = &m->sets[si].v[e];
			json_t *o1 = json_object();

			for (i = 0; i < k->ncounts; i++)
				if (k->counts[i].entry == ce)
					break;
			json_object_set_new(o1, "crypto_map", json_string(ce->map->name.s));
			json_object_set_new(o1, "interface", json_string(m->sets[si].iface->s));
			json_object_set_new(o1, "seq", json_integer(ce->e->seq.v));
			if (ce->dyn) {
				json_object_set_new(o1, "dynamic_map", json_string(ce->dynmap->name.s));
				json_object_set_new(o1, "dynamic_seq", json_integer(ce->dyn->seq.v));
			}
			json_object_set_new(o1, "protect", json_integer(i < k->ncounts ?
				(json_int_t)k->counts[i].protect : 0));
			json_object_set_new(o1, "drop", json_integer(i < k->ncounts ?
				(json_int_t)k->counts[i].drop : 0));
			json_array_append_new(ents, o1);
		}
	}
	json_object_set_new(sum, "flows", json_integer((json_int_t)k->nflows));
	json_object_set_new(sum, "allow", json_integer((json_int_t)k->allow));
	json_object_set_new(sum, "drop", json_integer((json_int_t)k->dropped));
	json_object_set_new(sum, "bypass", json_integer((json_int_t)k->bypass));
	json_object_set_new(sum, bad_key, json_integer((json_int_t)k->bad));
	if (extra_key)
		json_object_set_new(sum, extra_key, json_integer((json_int_t)extra));
	json_object_set_new(sum, "drop_reasons", k->reasons);
	json_object_set_new(sum, "entries", ents);
	top = json_object();
	json_object_set_new(top, "summary", sum);
	json_dumpf(top, stdout, JSON_COMPACT | JSON_SORT_KEYS);
	fputc('\n', stdout);
	json_decref(top);
	free(k->counts);
	free(k->w);
}

static int trace_flows(const char *cfg, const char *flows, struct tr_sa *sas,
		       const struct tm *at, int color)
{
	struct opts o;
	struct load r;
	struct cm_model m;
	struct sink sk;
	char *data, *line, *save = NULL;
	size_t len;
	unsigned long lineno = 0;
	int rc = EXIT_OK;

	if (read_file(flows, &data, &len) < 0) {
		fprintf(stderr, "asac: cannot read '%s': %s\n", flows,
			strerror(errno));
		return EXIT_INTERNAL;
	}
	if ((rc = trace_load(cfg, color, &r, &o)) < 0) {
		free(data);
		return EXIT_INTERNAL;
	}
	cm_build(&m, r.irs[0], at);
	if (!sa_bind(sas, &m)) {
		cm_free(&m);
		load_free(&r);
		free(o.files);
		free(data);
		return EXIT_USAGE;
	}
	sink_init(&sk, &r);
	for (line = strtok_r(data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[6] = { 0 }, bp[32], bs[32], bd[32], bn[8];
		const char *err = NULL;
		struct tr_packet pk;
		struct tr_result res;
		json_t *obj = NULL;
		int n;

		lineno++;
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '#' || *line == '\r')
			continue;
		memset(&pk, 0, sizeof(pk));
		if (*line == '{') {
			json_error_t je;

			obj = json_loads(line, 0, &je);
			if (!obj || !json_is_object(obj)) {
				err = "not a JSON object";
			} else {
				/* the keys of the trace JSON "input" object */
				const char *sp = json_field(obj, "sport", bs, sizeof(bs));
				const char *dp = json_field(obj, "dport", bd, sizeof(bd));

				if (!sp)
					sp = json_field(obj, "icmp_type", bs, sizeof(bs));
				if (!dp)
					dp = json_field(obj, "icmp_code", bd, sizeof(bd));
				err = flow_packet(json_field(obj, "interface", bn, sizeof(bn)),
						  json_field(obj, "protocol", bp, sizeof(bp)),
						  json_field(obj, "src", bn, sizeof(bn)),
						  sp, json_field(obj, "dst", bn, sizeof(bn)),
						  dp, &pk);
				if (!err && !pk.input)
					err = "no interface";
			}
		} else {
			n = csv_fields(line, f, 6);
			if (lineno == 1 && !strcmp(f[0], "interface"))
				continue;	/* header */
			if (n < 4)
				err = "expected interface,protocol,src,sport,dst,dport";
			else if (n == 6)
				err = flow_packet(f[0], f[1], f[2], f[3], f[4], f[5], &pk);
			else
				err = flow_packet(f[0], f[1], f[2], NULL, f[3], NULL, &pk);
		}
		if (!err && !map_get(&r.irs[0]->m_ifaces,
				     strtab_intern(r.irs[0]->strs, pk.input,
						   strlen(pk.input))))
			err = "the interface has no nameif in the configuration";
		if (err) {
			fprintf(stderr, "%s:%lu: %s\n", flows, lineno, err);
			sk.bad++;
			json_decref(obj);
			continue;
		}
		trace_packet(&m, &pk, sas, &res);
		sink_put(&sk, &pk, &res);
		json_decref(obj);
	}
	if (sk.bad)
		rc = EXIT_FINDINGS;
	sink_finish(&sk, &m, "invalid_lines", NULL, 0);
	free(data);
	cm_free(&m);
	if (finish_output(stdout))
		rc = EXIT_INTERNAL;
	load_free(&r);
	free(o.files);
	return rc;
}

/* --- --pcap: a capture, one trace per 5-tuple ------------------------------ */

/* 40 bytes with no hole, so that it hashes and compares as 5 words */
struct ftuple {
	union {
		struct {
			uint8_t family, proto;
			uint16_t sport, dport, pad;
			uint8_t src[16], dst[16];
		};
		uint64_t w[5];
	};
};

/* One slot holds the hash and the tuple: a lookup touches one cache line
 * (captures repeat flows; this runs for every packet). */
struct fslot {
	uint32_t hash;		/* 0: empty */
	struct ftuple t;
};

struct fset {
	struct fslot *v;
	size_t cap, n;
};

/* the words are multiplied independently (they pipeline), then mixed */
static uint32_t ftuple_hash(const struct ftuple *t)
{
	uint64_t h = (t->w[0] ^ 0x9e3779b97f4a7c15ULL) * 0xff51afd7ed558ccdULL;

	h ^= (t->w[1] ^ 0x243f6a8885a308d3ULL) * 0xc4ceb9fe1a85ec53ULL;
	h ^= (t->w[2] ^ 0x13198a2e03707344ULL) * 0x9fb21c651e98df25ULL;
	h ^= (t->w[3] ^ 0xa4093822299f31d0ULL) * 0xd6e8feb86659fd93ULL;
	h ^= (t->w[4] ^ 0x082efa98ec4e6c89ULL) * 0x94d049bb133111ebULL;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (uint32_t)h | 1;
}

static bool ftuple_eq(const struct ftuple *a, const struct ftuple *b)
{
	return ((a->w[0] ^ b->w[0]) | (a->w[1] ^ b->w[1]) |
		(a->w[2] ^ b->w[2]) | (a->w[3] ^ b->w[3]) |
		(a->w[4] ^ b->w[4])) == 0;
}

/* A zeroed table of @n slots.  A large one asks for transparent huge
 * pages: it is probed at random for every packet, and with 4 KB pages
 * nearly every probe would also miss the TLB. */
static struct fslot *fslots(size_t n)
{
	enum { HUGE = 2u << 20 };
	size_t len = n * sizeof(struct fslot);
	void *p;

	if (len < HUGE)
		return xcalloc(n, sizeof(struct fslot));
	len = (len + HUGE - 1) & ~(size_t)(HUGE - 1);
	if (posix_memalign(&p, HUGE, len) != 0) {
		fprintf(stderr, "asac: out of memory\n");
		exit(EXIT_INTERNAL);
	}
	madvise(p, len, MADV_HUGEPAGE);
	memset(p, 0, len);
	return p;
}

/* Is the tuple (hashed @h) new? */
static bool fset_add_h(struct fset *s, const struct ftuple *t, uint32_t h)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct fset ns;

		ns.cap = s->cap ? s->cap * 2 : 1024;
		ns.n = 0;
		ns.v = fslots(ns.cap);
		for (i = 0; i < s->cap; i++)
			if (s->v[i].hash)
				fset_add_h(&ns, &s->v[i].t, s->v[i].hash);
		free(s->v);
		*s = ns;
	}
	for (i = h & (s->cap - 1); s->v[i].hash; i = (i + 1) & (s->cap - 1))
		if (s->v[i].hash == h && ftuple_eq(&s->v[i].t, t))
			return false;
	s->v[i].hash = h;
	s->v[i].t = *t;
	s->n++;
	return true;
}

/* The IP packet inside a frame of @dlt; NULL if it is not IP. */
static const uint8_t *frame_ip(int dlt, const uint8_t *b, uint32_t len,
			       uint32_t *iplen)
{
	uint32_t off;
	unsigned int et;

	switch (dlt) {
	case DLT_EN10MB:
		if (len < 14)
			return NULL;
		et = (unsigned int)b[12] << 8 | b[13];
		off = 14;
		while ((et == 0x8100 || et == 0x88a8) && len >= off + 4) {
			et = (unsigned int)b[off + 2] << 8 | b[off + 3];
			off += 4;	/* VLAN tags */
		}
		if (et != 0x0800 && et != 0x86dd)
			return NULL;
		break;
	case DLT_LINUX_SLL:
		off = 16;
		break;
	case DLT_RAW:
	case 228:	/* DLT_IPV4 */
	case 229:	/* DLT_IPV6 */
		off = 0;
		break;
	case DLT_NULL:
		off = 4;
		break;
	default:
		return NULL;
	}
	if (len <= off)
		return NULL;
	*iplen = len - off;
	return b + off;
}

static bool ip_tuple(const uint8_t *p, uint32_t len, struct ftuple *t)
{
	uint32_t hl;
	const uint8_t *l4;
	uint32_t l4len;

	memset(t, 0, sizeof(*t));
	if (len < 1)
		return false;
	if ((p[0] >> 4) == 4) {
		if (len < 20 || (hl = (uint32_t)(p[0] & 15) * 4) < 20 || len < hl)
			return false;
		t->family = 4;
		t->proto = p[9];
		memcpy(t->src, p + 12, 4);
		memcpy(t->dst, p + 16, 4);
		if ((((unsigned int)p[6] << 8 | p[7]) & 0x1fff) != 0)
			return true;	/* a later fragment: no ports */
		l4 = p + hl;
		l4len = len - hl;
	} else if ((p[0] >> 4) == 6) {
		if (len < 40)
			return false;
		t->family = 6;
		t->proto = p[6];
		memcpy(t->src, p + 8, 16);
		memcpy(t->dst, p + 24, 16);
		l4 = p + 40;
		l4len = len - 40;
	} else {
		return false;
	}
	if ((t->proto == 6 || t->proto == 17 || t->proto == 132) && l4len >= 4) {
		t->sport = (uint16_t)(l4[0] << 8 | l4[1]);
		t->dport = (uint16_t)(l4[2] << 8 | l4[3]);
	} else if ((t->proto == 1 || t->proto == 58) && l4len >= 2) {
		t->sport = l4[0];	/* type */
		t->dport = l4[1];	/* code */
	}
	return true;
}

/*
 * The capture is read, and the first packet of each 5-tuple found, on a
 * thread of its own while the main thread loads the configuration and
 * then traces the flows as they come: the two take turns on neither.
 * Flows go into chunks that never move, published under the lock.
 */
enum { FLOW_CHUNK = 1 << 16, FLOW_CHUNKS = 1 << 16 };

struct preader {
	struct capture *cap;
	int dlt;
	struct ftuple **chunk;		/* FLOW_CHUNKS pointers */
	unsigned long packets, skipped;	/* final once done */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t n;			/* flows published */
	bool done, stop;
	int st;				/* 0: the end; -1: cap_error() */
};

static void preader_publish(struct preader *pr, size_t n, bool done, int st)
{
	pthread_mutex_lock(&pr->mu);
	pr->n = n;
	if (done) {
		pr->done = true;
		pr->st = st;
	}
	pthread_cond_signal(&pr->cv);
	pthread_mutex_unlock(&pr->mu);
}

static void *preader_run(void *arg)
{
	struct preader *pr = arg;
	struct fset seen = { 0 };
	const uint8_t *data;
	uint32_t caplen;
	size_t n = 0;
	int st;

	/* Packets are read in batches: the flow-table slots of a batch are
	 * prefetched before they are probed, so the cache misses of a
	 * capture with many flows overlap instead of adding up. */
	for (st = 1; st > 0;) {
		enum { BATCH = 32 };
		struct ftuple t[BATCH];
		uint32_t h[BATCH];
		int nb = 0, b;

		while (nb < BATCH && (st = cap_next(pr->cap, &data, &caplen)) > 0) {
			const uint8_t *ip;
			uint32_t iplen;

			pr->packets++;
			ip = frame_ip(pr->dlt, data, caplen, &iplen);
			if (!ip || !ip_tuple(ip, iplen, &t[nb])) {
				pr->skipped++;
				continue;
			}
			h[nb] = ftuple_hash(&t[nb]);
			if (seen.cap)
				__builtin_prefetch(&seen.v[h[nb] & (seen.cap - 1)]);
			nb++;
		}
		for (b = 0; b < nb; b++) {
			if (!fset_add_h(&seen, &t[b], h[b]))
				continue;	/* the first packet of each 5-tuple */
			if (n == (size_t)FLOW_CHUNK * FLOW_CHUNKS) {
				st = -1;	/* 4 G flows: not a real capture */
				break;
			}
			if (n % FLOW_CHUNK == 0)
				pr->chunk[n / FLOW_CHUNK] =
					xmalloc(FLOW_CHUNK * sizeof(struct ftuple));
			pr->chunk[n / FLOW_CHUNK][n % FLOW_CHUNK] = t[b];
			n++;
			if (n % 4096 == 0)
				preader_publish(pr, n, false, 0);
		}
		if (__atomic_load_n(&pr->stop, __ATOMIC_RELAXED))
			break;
	}
	free(seen.v);
	preader_publish(pr, n, true, st < 0 ? -1 : 0);
	return NULL;
}

static int trace_pcap(const char *cfg, const char *path, const char *input,
		      struct tr_sa *sas, const struct tm *at, int color)
{
	char errbuf[PCAP_ERRBUF_SIZE + 256];
	struct preader pr = { 0 };
	struct opts o;
	struct load r;
	struct cm_model m;
	struct sink sk;
	pthread_t th;
	unsigned long unrouted = 0;
	size_t done = 0, avail, i, k;
	bool end = false;
	int rc = EXIT_OK, err;

	pr.cap = cap_open(path, errbuf, sizeof(errbuf));
	if (!pr.cap) {
		fprintf(stderr, "asac: cannot read '%s': %s\n", path, errbuf);
		return EXIT_INTERNAL;
	}
	pr.dlt = cap_datalink(pr.cap);
	pr.chunk = xcalloc(FLOW_CHUNKS, sizeof(*pr.chunk));
	pthread_mutex_init(&pr.mu, NULL);
	pthread_cond_init(&pr.cv, NULL);
	if ((err = pthread_create(&th, NULL, preader_run, &pr)) != 0) {
		fprintf(stderr, "asac: cannot start a thread: %s\n",
			strerror(err));
		exit(EXIT_INTERNAL);
	}
	rc = trace_load(cfg, color, &r, &o);
	if (rc >= 0 && input &&
	    !map_get(&r.irs[0]->m_ifaces,
		     strtab_intern(r.irs[0]->strs, input, strlen(input)))) {
		fprintf(stderr, "asac: interface '%s' has no nameif in %s\n",
			input, cfg);
		load_free(&r);
		free(o.files);
		rc = -EXIT_USAGE;
	}
	if (rc < 0) {
		__atomic_store_n(&pr.stop, true, __ATOMIC_RELAXED);
		pthread_join(th, NULL);
		rc = rc == -EXIT_USAGE ? EXIT_USAGE : EXIT_INTERNAL;
		goto out;
	}
	cm_build(&m, r.irs[0], at);
	if (!sa_bind(sas, &m)) {
		__atomic_store_n(&pr.stop, true, __ATOMIC_RELAXED);
		pthread_join(th, NULL);
		cm_free(&m);
		load_free(&r);
		free(o.files);
		rc = EXIT_USAGE;
		goto out;
	}
	sink_init(&sk, &r);
	while (!end) {
		pthread_mutex_lock(&pr.mu);
		while (pr.n == done && !pr.done)
			pthread_cond_wait(&pr.cv, &pr.mu);
		avail = pr.n;
		end = pr.done;
		pthread_mutex_unlock(&pr.mu);
		for (; done < avail; done++) {
			const struct ftuple *t =
				&pr.chunk[done / FLOW_CHUNK][done % FLOW_CHUNK];
			struct tr_packet pk;
			struct tr_result res;

			memset(&pk, 0, sizeof(pk));
			pk.p.family = t->family;
			pk.p.d[SP_PROTO] = sp_proto_rank(t->proto);
			for (k = 0; k < (t->family == 6 ? 16u : 4u); k++) {
				pk.p.d[SP_SRC] = pk.p.d[SP_SRC] << 8 | t->src[k];
				pk.p.d[SP_DST] = pk.p.d[SP_DST] << 8 | t->dst[k];
			}
			if (t->proto == 6 || t->proto == 17 || t->proto == 132) {
				pk.p.d[SP_SPORT] = t->sport;
				pk.p.d[SP_DPORT] = t->dport;
			} else if (t->proto == 1 || t->proto == 58) {
				pk.p.d[SP_ITYPE] = t->sport;
				pk.p.d[SP_ICODE] = t->dport;
			}
			/* the ingress: --input, or where the source lives
			 * (reverse route lookup) */
			pk.input = input ? input : trace_ingress(r.irs[0], &pk.p);
			if (!pk.input) {
				unrouted++;
				continue;
			}
			trace_packet(&m, &pk, sas, &res);
			sink_put(&sk, &pk, &res);
		}
	}
	pthread_join(th, NULL);
	if (pr.st < 0) {
		fprintf(stderr, "asac: %s: %s\n", path, *cap_error(pr.cap) ?
			cap_error(pr.cap) : "too many flows");
		rc = EXIT_INTERNAL;
	}
	/* skipped: not IP, or no route back to the source */
	sk.bad = pr.skipped + unrouted;
	sink_finish(&sk, &m, "skipped_packets", "packets", pr.packets);
	cm_free(&m);
	if (finish_output(stdout))
		rc = EXIT_INTERNAL;
	load_free(&r);
	free(o.files);
out:
	for (i = 0; i < FLOW_CHUNKS && pr.chunk[i]; i++)
		free(pr.chunk[i]);
	free(pr.chunk);
	pthread_mutex_destroy(&pr.mu);
	pthread_cond_destroy(&pr.cv);
	cap_close(pr.cap);
	return rc;
}

/* --- --cases: YAML test cases --------------------------------------------- */

static yaml_node_t *ynode_get(yaml_document_t *doc, yaml_node_t *map,
			      const char *key)
{
	yaml_node_pair_t *pr;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (pr = map->data.mapping.pairs.start;
	     pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(doc, pr->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)k->data.scalar.value, key))
			return yaml_document_get_node(doc, pr->value);
	}
	return NULL;
}

/* The scalar under @key of mapping @map, or NULL. */
static const char *ynode_str(yaml_document_t *doc, yaml_node_t *map,
			     const char *key)
{
	yaml_node_t *v = ynode_get(doc, map, key);

	return v && v->type == YAML_SCALAR_NODE ?
	       (const char *)v->data.scalar.value : NULL;
}

static bool known_case_key(const char *k)
{
	static const char *const keys[] = {
		"name", "packet", "interface", "protocol", "src", "sport",
		"dst", "dport", "expect", "sa_up", "decrypted_from", "egress",
		NULL
	};
	const char *const *p;

	for (p = keys; *p; p++)
		if (!strcmp(*p, k))
			return true;
	return false;
}

/*
 * CASES.yaml: a list of mappings, each a packet and its expected result:
 *   - name: A.3 to B rides entry 2
 *     packet: input inside tcp 192.168.3.3 1025 192.168.12.2 80
 *     expect: protect:A-MAP:2
 * or with the fields interface, protocol, src, sport, dst, dport; and
 * optional sa_up (a list), decrypted_from, egress.
 */
static int trace_cases(const char *cfg, const char *path,
		       const struct tm *at, int color)
{
	yaml_document_t doc;
	yaml_node_t *root, *item;
	struct opts o;
	struct load r;
	struct cm_model m;
	char yerr[1024];
	int rc = EXIT_OK, passed = 0, failed = 0, idx = 0;

	switch (yamlfile_load(path, &doc, "error: ", yerr, sizeof(yerr))) {
	case -1:
		fprintf(stderr, "asac: %s\n", yerr);
		return EXIT_INTERNAL;
	case -2:
		fprintf(stderr, "%s\n", yerr);
		return EXIT_FINDINGS;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root || root->type != YAML_SEQUENCE_NODE) {
		fprintf(stderr, "%s:1:1: error: expected a list of cases\n",
			path);
		yaml_document_delete(&doc);
		return EXIT_FINDINGS;
	}
	if ((rc = trace_load(cfg, color, &r, &o)) < 0) {
		yaml_document_delete(&doc);
		return EXIT_INTERNAL;
	}
	/* each case is one packet: the entries in order, no exact sets */
	cm_build_lazy(&m, r.irs[0], at);
	for (yaml_node_item_t *it = root->data.sequence.items.start;
	     it < root->data.sequence.items.top; it++) {
		const char *name, *expect, *err = NULL, *dec, *egress;
		char label[200], got[300], words[512], serr[400];
		struct tr_packet pk;
		struct tr_result res;
		struct tr_sa sas = { 0 };
		struct ir_addr peer;
		yaml_node_t *list;
		yaml_node_pair_t *pr;
		unsigned long line;

		item = yaml_document_get_node(&doc, *it);
		idx++;
		line = item ? item->start_mark.line + 1 : 0;
		name = ynode_str(&doc, item, "name");
		snprintf(label, sizeof(label), "%s", name ? name : "");
		if (!name)
			snprintf(label, sizeof(label), "case %d", idx);
		if (!item || item->type != YAML_MAPPING_NODE) {
			fprintf(stderr, "%s:%lu: error: a case is a mapping\n",
				path, line);
			failed++;
			continue;
		}
		for (pr = item->data.mapping.pairs.start;
		     pr < item->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(&doc, pr->key);

			if (k && k->type == YAML_SCALAR_NODE &&
			    !known_case_key((const char *)k->data.scalar.value)) {
				err = "unknown key";
				fprintf(stderr, "%s:%zu:%zu: error: unknown key "
					"'%s' (name, packet, interface, protocol, "
					"src, sport, dst, dport, expect, sa_up, "
					"decrypted_from, egress)\n", path,
					k->start_mark.line + 1,
					k->start_mark.column + 1,
					(const char *)k->data.scalar.value);
			}
		}
		expect = ynode_str(&doc, item, "expect");
		if (!err && (!expect || (strncmp(expect, "protect", 7) &&
					 strncmp(expect, "bypass", 6) &&
					 strncmp(expect, "drop", 4)))) {
			err = "expect";
			fprintf(stderr, "%s:%lu: error: %s: 'expect' must be "
				"protect, bypass or drop[:...]\n", path, line,
				label);
		}
		memset(&pk, 0, sizeof(pk));
		if (!err && ynode_str(&doc, item, "packet")) {
			/* "input IFNAME PROTOCOL ..." as on the command line */
			char *w[10], *save = NULL, *t;
			int n = 0;

			snprintf(words, sizeof(words), "%s",
				 ynode_str(&doc, item, "packet"));
			for (t = strtok_r(words, " \t", &save); t && n < 10;
			     t = strtok_r(NULL, " \t", &save))
				w[n++] = t;
			if (n < 5 || strcmp(w[0], "input"))
				err = "'packet' reads: input IFNAME PROTOCOL ...";
			else if (n == 7 && (!strcmp(w[2], "tcp") || !strcmp(w[2], "udp") ||
					    !strcmp(w[2], "sctp")))
				err = flow_packet(w[1], w[2], w[3], w[4], w[5], w[6], &pk);
			else if (n == 7 && !strncmp(w[2], "icmp", 4))
				err = flow_packet(w[1], w[2], w[3], w[4], w[6], w[5], &pk);
			else if (n == 5)
				err = flow_packet(w[1], w[2], w[3], NULL, w[4], NULL, &pk);
			else
				err = "'packet' has the wrong number of fields";
			if (err)
				fprintf(stderr, "%s:%lu: error: %s: %s\n", path,
					line, label, err);
		} else if (!err) {
			err = flow_packet(ynode_str(&doc, item, "interface"),
					  ynode_str(&doc, item, "protocol") ?
					  ynode_str(&doc, item, "protocol") : "",
					  ynode_str(&doc, item, "src"),
					  ynode_str(&doc, item, "sport"),
					  ynode_str(&doc, item, "dst"),
					  ynode_str(&doc, item, "dport"), &pk);
			if (!err && !pk.input)
				err = "no interface";
			if (err)
				fprintf(stderr, "%s:%lu: error: %s: %s\n", path,
					line, label, err);
		}
		if (!err && !map_get(&r.irs[0]->m_ifaces,
				     strtab_intern(r.irs[0]->strs, pk.input,
						   strlen(pk.input)))) {
			err = "interface";
			fprintf(stderr, "%s:%lu: error: %s: interface '%s' has no "
				"nameif in %s\n", path, line, label, pk.input, cfg);
		}
		list = ynode_get(&doc, item, "sa_up");
		*serr = 0;
		if (list && list->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *s = list->data.sequence.items.start;
			     s < list->data.sequence.items.top && !*serr; s++) {
				yaml_node_t *v = yaml_document_get_node(&doc, *s);

				if (v && v->type == YAML_SCALAR_NODE)
					trace_sa_add(&sas, (const char *)
						     v->data.scalar.value,
						     serr, sizeof(serr));
			}
		} else if (list && list->type == YAML_SCALAR_NODE) {
			trace_sa_add(&sas, (const char *)list->data.scalar.value,
				     serr, sizeof(serr));
		}
		if (!*serr)
			trace_sa_bind(&sas, &m, serr, sizeof(serr));
		if (!err && *serr) {
			err = "sa_up";
			fprintf(stderr, "%s:%lu: error: %s: sa_up %s\n", path,
				line, label, serr);
		}
		dec = ynode_str(&doc, item, "decrypted_from");
		if (!err && dec) {
			memset(&peer, 0, sizeof(peer));
			peer.kind = IR_ADDR_NET;
			if (inet_pton(AF_INET, dec, peer.a) == 1)
				peer.family = 4, peer.plen = 32;
			else if (inet_pton(AF_INET6, dec, peer.a) == 1)
				peer.family = 6, peer.plen = 128;
			else {
				err = "decrypted_from";
				fprintf(stderr, "%s:%lu: error: %s: decrypted_from "
					"is not an address\n", path, line, label);
			}
			pk.decrypted_from = &peer;
		}
		egress = ynode_str(&doc, item, "egress");
		pk.egress = egress;
		if (err) {
			trace_sa_free(&sas);
			failed++;
			continue;
		}
		trace_packet(&m, &pk, &sas, &res);
		trace_sa_free(&sas);
		if (expect_met(expect, &res)) {
			printf("PASS: %s\n", label);
			passed++;
		} else {
			outcome_str(&res, got, sizeof(got));
			printf("FAIL: %s (%s:%lu)\n  expected: %s\n  got:      %s\n",
			       label, path, line, expect, got);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	if (failed)
		rc = EXIT_FINDINGS;
	cm_free(&m);
	if (finish_output(stdout))
		rc = EXIT_INTERNAL;
	load_free(&r);
	free(o.files);
	yaml_document_delete(&doc);
	return rc;
}

static int cmd_trace(int argc, char **argv)
{
	const char *args[16];
	char serr[400];
	int nargs = 0, i, rc = EXIT_OK, color = -1;
	bool json = false;
	struct tr_packet pk;
	struct opts o;
	struct load r;
	struct cm_model m;
	struct tr_result res;
	struct tr_sa sas = { 0 };
	struct tm at;
	const struct tm *atp = NULL;
	const char *proto, *decrypted = NULL, *expect = NULL, *err;
	const char *flows = NULL, *cases = NULL, *pcap = NULL, *input = NULL;
	struct ir_addr peer;

	memset(&pk, 0, sizeof(pk));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_trace, stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--egress") && i + 1 < argc) {
			pk.egress = argv[++i];
		} else if (!strcmp(argv[i], "--pcap") && i + 1 < argc) {
			pcap = argv[++i];
		} else if (!strcmp(argv[i], "--input") && i + 1 < argc) {
			input = argv[++i];
		} else if (!strcmp(argv[i], "--cases") && i + 1 < argc) {
			cases = argv[++i];
		} else if (!strcmp(argv[i], "--flows") && i + 1 < argc) {
			flows = argv[++i];
		} else if (!strcmp(argv[i], "--expect") && i + 1 < argc) {
			expect = argv[++i];
		} else if (!strcmp(argv[i], "--decrypted-from") && i + 1 < argc) {
			decrypted = argv[++i];
		} else if (!strcmp(argv[i], "--time") && i + 1 < argc) {
			if (!parse_when(argv[++i], &at))
				usage_error(usage_trace, "--time takes YYYY-MM-DD "
					    "HH:MM (the ASA's clock), not '%s'",
					    argv[i]);
			atp = &at;
		} else if (!strcmp(argv[i], "--sa-up") && i + 1 < argc) {
			if (!trace_sa_add(&sas, argv[++i], serr, sizeof(serr)))
				usage_error(usage_trace, "--sa-up %s", serr);
		} else if (!strcmp(argv[i], "--color") && i + 1 < argc) {
			i++;
			color = !strcmp(argv[i], "always") ? 1 :
				!strcmp(argv[i], "never") ? 0 : -1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			usage_error(usage_trace, "unknown option '%s'", argv[i]);
		} else if (nargs < 16) {
			args[nargs++] = argv[i];
		}
	}
	if (expect && strncmp(expect, "protect", 7) && strncmp(expect, "bypass", 6) &&
	    strncmp(expect, "drop", 4))
		usage_error(usage_trace, "--expect takes protect, bypass or drop, "
			    "not '%s'", expect);
	if (cases) {
		if (nargs != 1 || flows || expect || decrypted || sas.n)
			usage_error(usage_trace, "with --cases, give only the "
				    "configuration file; each case says the rest");
		return trace_cases(args[0], cases, atp, color);
	}
	if (pcap) {
		if (nargs != 1 || flows || expect || decrypted)
			usage_error(usage_trace, "with --pcap, give only the "
				    "configuration file");
		rc = trace_pcap(args[0], pcap, input, &sas, atp, color);
		trace_sa_free(&sas);
		return rc;
	}
	if (flows) {
		if (nargs != 1)
			usage_error(usage_trace, "with --flows, give only the "
				    "configuration file");
		if (expect)
			usage_error(usage_trace, "--expect is for one packet");
		if (decrypted)
			usage_error(usage_trace, "--decrypted-from is for one packet");
		rc = trace_flows(args[0], flows, &sas, atp, color);
		trace_sa_free(&sas);
		return rc;
	}
	if (nargs < 6 || strcmp(args[1], "input"))
		usage_error(usage_trace, "expected FILE input IFNAME PROTOCOL ...");
	proto = args[3];
	if (!strcmp(proto, "tcp") || !strcmp(proto, "udp") ||
	    !strcmp(proto, "sctp")) {
		if (nargs != 8)
			usage_error(usage_trace, "%s takes SRC SPORT DST DPORT", proto);
		err = flow_packet(args[2], proto, args[4], args[5], args[6],
				  args[7], &pk);
	} else if (!strcmp(proto, "icmp") || !strcmp(proto, "icmp6")) {
		if (nargs != 8)
			usage_error(usage_trace, "%s takes SRC TYPE CODE DST", proto);
		err = flow_packet(args[2], proto, args[4], args[5], args[7],
				  args[6], &pk);
	} else {
		static const char *const named[] = {
			[1] = "icmp", [6] = "tcp", [17] = "udp", [58] = "icmp6",
			[132] = "sctp",
		};
		char *end;
		unsigned long pn = strtoul(proto, &end, 10);

		if (!*end && pn < ARRAY_SIZE(named) && named[pn])
			usage_error(usage_trace, "protocol %lu has %s: give it "
				    "as %s %s", pn, pn == 1 || pn == 58 ?
				    "a type and code" : "ports", named[pn],
				    pn == 1 || pn == 58 ? "SRC TYPE CODE DST" :
				    "SRC SPORT DST DPORT");
		if (nargs != 6)
			usage_error(usage_trace, "PROTOCOL takes SRC DST");
		err = flow_packet(args[2], proto, args[4], NULL, args[5], NULL,
				  &pk);
	}
	if (err)
		usage_error(usage_trace, "%s", err);
	if (decrypted) {
		uint8_t *b = peer.a;

		memset(&peer, 0, sizeof(peer));
		peer.kind = IR_ADDR_NET;
		if (inet_pton(AF_INET, decrypted, b) == 1)
			peer.family = 4, peer.plen = 32;
		else if (inet_pton(AF_INET6, decrypted, b) == 1)
			peer.family = 6, peer.plen = 128;
		else
			usage_error(usage_trace, "--decrypted-from takes the "
				    "peer's address, not '%s'", decrypted);
		pk.decrypted_from = &peer;
	}
	if ((rc = trace_load(args[0], color, &r, &o)) < 0) {
		trace_sa_free(&sas);
		return EXIT_INTERNAL;
	}
	if (!map_get(&r.irs[0]->m_ifaces, strtab_intern(r.irs[0]->strs, pk.input,
							 strlen(pk.input)))) {
		fprintf(stderr, "asac: interface '%s' has no nameif in %s\n",
			pk.input, args[0]);
		load_free(&r);
		free(o.files);
		trace_sa_free(&sas);
		return EXIT_USAGE;
	}
	/* one packet: the entries in order, no exact sets (a classifier
	 * pays off only over many packets) */
	cm_build_lazy(&m, r.irs[0], atp);
	if (!sa_bind(&sas, &m)) {
		cm_free(&m);
		load_free(&r);
		free(o.files);
		trace_sa_free(&sas);
		return EXIT_USAGE;
	}
	trace_packet(&m, &pk, &sas, &res);
	if (json) {
		struct jw *w = xmalloc(sizeof(*w));

		jw_init(w, stdout);
		trace_print_json(w, &r.src, r.irs[0], &pk, &res);
		free(w);
	} else {
		trace_print_text(stdout, &r.src, &pk, &res);
	}
	if (expect && !expect_met(expect, &res)) {
		char got[300];

		outcome_str(&res, got, sizeof(got));
		fprintf(stderr, "asac: expected %s, got %s\n", expect, got);
		rc = EXIT_FINDINGS;
	}
	cm_free(&m);
	trace_sa_free(&sas);
	if (finish_output(stdout))
		rc = EXIT_INTERNAL;
	load_free(&r);
	free(o.files);
	return rc;
}

static int cmd_rules(int argc, char **argv)
{
	bool json = false, mdoc = false;
	const char *one = NULL;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--json"))
			json = true;
		else if (!strcmp(argv[a], "--mdoc"))
			mdoc = true;
		else if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			fputs(usage_rules, stdout);
			return EXIT_OK;
		} else if (argv[a][0] == '-')
			usage_error(usage_rules, "unknown option '%s'", argv[a]);
		else
			one = argv[a];
	}
	if (one && !rule_find(one))
		usage_error(usage_rules, "unknown rule '%s'", one);
	if (mdoc && (json || one))
		usage_error(usage_rules, "--mdoc prints the whole registry");
	if (mdoc) {
		rules_print_mdoc(stdout);
		return finish_output(stdout);
	}
	rules_print(stdout, one, json);
	return finish_output(stdout);
}

static int cmd_compile(int argc, char **argv)
{
	const char *file = NULL, *target = NULL, *outdir = NULL,
		   *secrets = NULL, *bad;
	struct swanctl_secret *given = NULL;
	yaml_document_t sdoc;
	long ngiven = 0;
	bool strict = false, is_nft, is_asacd;
	int color = -1, i, rc;
	struct nft_iface *ifaces = NULL;
	size_t nifaces = 0;
	const char *backend = NULL;
	struct target_job job = { 0 };

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_compile, stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--target") || !strcmp(a, "-o") ||
			   !strcmp(a, "--output") || !strcmp(a, "--color") ||
			   !strcmp(a, "--secrets") || !strcmp(a, "--iface") ||
			   !strcmp(a, "--ipsec-backend")) {
			if (i + 1 >= argc)
				usage_error(usage_compile, "%s needs a value", a);
			if (!strcmp(a, "--target"))
				target = argv[++i];
			else if (!strcmp(a, "--iface")) {
				if ((bad = target_parse_ifaces(argv[++i], &ifaces,
							       &nifaces)))
					usage_error(usage_compile, "--iface takes "
						    "NAMEIF=DEV, not '%s'", bad);
			} else if (!strcmp(a, "--ipsec-backend")) {
				backend = argv[++i];
				if (strcmp(backend, "xfrm") &&
				    strcmp(backend, "libipsec"))
					usage_error(usage_compile, "--ipsec-backend "
						    "takes xfrm or libipsec");
			}
			else if (!strcmp(a, "--secrets"))
				secrets = argv[++i];
			else if (!strcmp(a, "--color"))
				color = !strcmp(argv[++i], "always") ? 1 :
					!strcmp(argv[i], "never") ? 0 :
					!strcmp(argv[i], "auto") ? -1 :
					(usage_error(usage_compile, "--color "
						     "takes auto, always or "
						     "never"), -1);
			else
				outdir = argv[++i];
		} else if (!strcmp(a, "--strict")) {
			strict = true;
		} else if (a[0] == '-' && a[1]) {
			usage_error(usage_compile, "unknown option '%s'", a);
		} else if (!file) {
			file = a;
		} else {
			usage_error(usage_compile, "one configuration at a "
				    "time ('%s' and '%s')", file, a);
		}
	}
	if (!file)
		usage_error(usage_compile, "no input file");
	if (!target)
		usage_error(usage_compile, "--target is required (swanctl, nft "
			    "or asacd)");
	if (strcmp(target, "swanctl") && strcmp(target, "nft") &&
	    strcmp(target, "asacd"))
		usage_error(usage_compile, "unknown target '%s' (swanctl, nft "
			    "or asacd)", target);
	is_nft = !strcmp(target, "nft");
	is_asacd = !strcmp(target, "asacd");
	if (strcmp(target, "swanctl") && secrets)
		usage_error(usage_compile, "--secrets is for --target swanctl");
	if (!is_nft && backend)
		usage_error(usage_compile, "--ipsec-backend is for --target "
			    "nft");
	if (!is_nft && !is_asacd && nifaces)
		usage_error(usage_compile, "--iface is for --target nft or "
			    "asacd");
	if (!outdir)
		usage_error(usage_compile, "-o DIR or -o - is required");
	memset(&sdoc, 0, sizeof(sdoc));
	if (secrets && (ngiven = target_load_secrets(secrets, &given,
						     &sdoc)) < 0) {
		yaml_document_delete(&sdoc);
		free(ifaces);
		return EXIT_FINDINGS;
	}
	job.file = file;
	job.out = outdir;
	job.secrets = secrets;
	job.given = given;
	job.ngiven = (size_t)ngiven;
	job.ifaces = ifaces;
	job.nifaces = nifaces;
	job.libipsec = backend && !strcmp(backend, "libipsec");
	job.strict = strict;
	job.color = want_color(color, stderr);
	rc = target_compile(&job, is_nft ? TARGET_NFT : is_asacd ?
			    TARGET_ASACD : TARGET_SWANCTL);
	free(given);
	free(ifaces);
	if (secrets)
		yaml_document_delete(&sdoc);
	return rc;
}

static bool ends_with(const char *s, const char *t)
{
	size_t a = strlen(s), b = strlen(t);

	return a >= b && !strcmp(s + a - b, t);
}

static int cmd_bundle(int argc, char **argv)
{
	const char *out = NULL, *secrets = NULL, *backend = NULL,
		   *check = NULL,
		   **files = xcalloc((size_t)argc + 1, sizeof(*files));
	char *runtime = NULL;
	struct swanctl_secret *given = NULL;
	struct nft_iface *ifaces = NULL;
	size_t nifaces = 0, nfiles = 0, i;
	yaml_document_t sdoc;
	long ngiven = 0;
	bool strict = false;
	int rc = EXIT_OK, k;

	for (k = 1; k < argc; k++) {
		const char *a = argv[k];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_bundle, stdout);
			free(files);
			return EXIT_OK;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output") ||
			   !strcmp(a, "--secrets") || !strcmp(a, "--iface") ||
			   !strcmp(a, "--ipsec-backend") ||
			   !strcmp(a, "--runtime") || !strcmp(a, "--check")) {
			if (k + 1 >= argc)
				usage_error(usage_bundle, "%s needs a value", a);
			if (!strcmp(a, "--check"))
				check = argv[++k];
			else if (!strcmp(a, "--secrets"))
				secrets = argv[++k];
			else if (!strcmp(a, "--iface")) {
				const char *bad = target_parse_ifaces(argv[++k],
							&ifaces, &nifaces);

				if (bad)
					usage_error(usage_bundle, "--iface takes "
						    "NAMEIF=DEV, not '%s'", bad);
			}
			else if (!strcmp(a, "--runtime"))
				runtime = xstrdup(argv[++k]);
			else if (!strcmp(a, "--ipsec-backend")) {
				backend = argv[++k];
				if (strcmp(backend, "xfrm") &&
				    strcmp(backend, "libipsec"))
					usage_error(usage_bundle, "--ipsec-backend "
						    "takes xfrm or libipsec");
			} else {
				out = argv[++k];
			}
		} else if (!strcmp(a, "--strict")) {
			strict = true;
		} else if (a[0] == '-' && a[1]) {
			usage_error(usage_bundle, "unknown option '%s'", a);
		} else {
			files[nfiles++] = a;
		}
	}
	if (check) {
		char err[4096];

		if (nfiles || out || secrets || nifaces || backend || runtime ||
		    strict)
			usage_error(usage_bundle, "--check DIR takes no other "
				    "option or file");
		free(files);
		k = bundle_check(check, 10, err, sizeof(err));
		fprintf(stderr, "asac: %s\n", err);
		return k == -1 ? EXIT_USAGE : EXIT_INTERNAL;
	}
	if (!nfiles)
		usage_error(usage_bundle, "no input file");
	if (!out)
		usage_error(usage_bundle, "-o DIR or -o NAME.tar.gz is required");
	if (!strcmp(out, "-"))
		usage_error(usage_bundle, "a bundle is a directory or a "
			    ".tar.gz, not standard output");
	if (nfiles > 1 && ends_with(out, ".tar.gz"))
		usage_error(usage_bundle, "several configurations need -o DIR "
			    "(one bundle each)");
	if (!runtime)
		runtime = target_runtime_dir();
	memset(&sdoc, 0, sizeof(sdoc));
	if (secrets && (ngiven = target_load_secrets(secrets, &given,
						     &sdoc)) < 0) {
		yaml_document_delete(&sdoc);
		free(files);
		free(runtime);
		return EXIT_FINDINGS;
	}
	if (sodium_init() < 0)
		die(EXIT_INTERNAL, "libsodium cannot start");
	for (i = 0; i < nfiles; i++) {
		struct target_job job = {
			files[i], out, secrets, given, (size_t)ngiven, ifaces,
			nifaces, backend && !strcmp(backend, "libipsec"),
			strict, false, runtime, nfiles > 1
		};
		int r = target_bundle(&job);

		if (r > rc)
			rc = r;
	}
	for (k = 0; k < ngiven; k++)
		if (!given[k].used && rc == EXIT_OK)
			fprintf(stderr, "%s:%lu: warning: no peer of a crypto "
				"map needs the key of '%s'\n", secrets,
				given[k].line, given[k].name);
	if (secrets)
		yaml_document_delete(&sdoc);
	free(given);
	free(ifaces);
	free(files);
	free(runtime);
	return rc;
}

static int cmd_verify(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage_verify, stdout);
		return EXIT_OK;
	}
	if (argc != 3)
		usage_error(usage_verify, "a configuration and a directory or "
			    "swanctl.conf are needed");
	return target_verify(argv[1], argv[2], want_color(-1, stderr));
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_main, stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "ir"))
		fputs(usage_ir, stdout);
	else if (!strcmp(argv[1], "lint"))
		fputs(usage_lint, stdout);
	else if (!strcmp(argv[1], "rules"))
		fputs(usage_rules, stdout);
	else if (!strcmp(argv[1], "trace"))
		fputs(usage_trace, stdout);
	else if (!strcmp(argv[1], "compile"))
		fputs(usage_compile, stdout);
	else if (!strcmp(argv[1], "bundle"))
		fputs(usage_bundle, stdout);
	else if (!strcmp(argv[1], "verify"))
		fputs(usage_verify, stdout);
	else if (!strcmp(argv[1], "help"))
		fputs(usage_main, stdout);
	else
		usage_error(usage_main, "unknown command '%s'", argv[1]);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static char obuf[1 << 16];

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	if (argc < 2)
		usage_error(usage_main, "no command given");
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("asac %s\n", ASAC_VERSION);
		return finish_output(stdout);
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv);
	if (!strcmp(argv[1], "ir"))
		return cmd_ir(argc - 1, argv + 1);
	if (!strcmp(argv[1], "lint"))
		return cmd_lint(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rules"))
		return cmd_rules(argc - 1, argv + 1);
	if (!strcmp(argv[1], "trace"))
		return cmd_trace(argc - 1, argv + 1);
	if (!strcmp(argv[1], "compile"))
		return cmd_compile(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bundle"))
		return cmd_bundle(argc - 1, argv + 1);
	if (!strcmp(argv[1], "verify"))
		return cmd_verify(argc - 1, argv + 1);
	if (!strcmp(argv[1], "help"))
		return cmd_help(argc - 1, argv + 1);
	usage_error(usage_main, "unknown command '%s'", argv[1]);
}
