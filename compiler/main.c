/* SPDX-License-Identifier: MIT */
/*
 * main.c - the `asac` command line.
 */
#include "asac.h"
#include "backends/target.h"
#include "diag.h"
#include "ir_json.h"
#include "ir.h"
#include "lintconf.h"
#include "load.h"
#include "rules.h"
#include "suppress.h"
#include "trace_batch.h"
#include "usage.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void opts_free(struct opts *o)
{
	int i;

	for (i = 0; o->owned && o->owned[i]; i++)
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
	{
		const char *dir;
		size_t n = (size_t)o.nfiles;

		switch (load_expand_dirs(&o.files, &n, &o.owned, &dir)) {
		case -1:
			fprintf(stderr, "asac: cannot read '%s': %s\n", dir,
				strerror(errno));
			exit(EXIT_INTERNAL);
		case -2:
			usage_error(usage_lint, "no *.cfg file under '%s'",
				    dir);
		}
		o.nfiles = (int)n;
	}
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

static int cmd_trace(int argc, char **argv)
{
	const char *args[16];
	char serr[400];
	int nargs = 0, i, rc, color = -1;
	bool json = false;
	struct tr_packet pk;
	struct tr_sa sas = { 0 };
	struct tm at;
	const struct tm *atp = NULL;
	const char *decrypted = NULL, *expect = NULL, *egress = NULL;
	const char *flows = NULL, *cases = NULL, *pcap = NULL, *input = NULL;
	struct ir_addr peer;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_trace, stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--egress") && i + 1 < argc) {
			egress = argv[++i];
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
			if (!trace_parse_when(argv[++i], &at))
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
				!strcmp(argv[i], "never") ? 0 :
				!strcmp(argv[i], "auto") ? -1 :
				(usage_error(usage_trace, "--color takes auto, "
					     "always or never"), -1);
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
		return trace_run_cases(args[0], cases, atp,
				       want_color(color, stderr));
	}
	if (pcap) {
		if (nargs != 1 || flows || expect || decrypted)
			usage_error(usage_trace, "with --pcap, give only the "
				    "configuration file");
		rc = trace_run_pcap(args[0], pcap, input, &sas, atp,
				    want_color(color, stderr));
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
		rc = trace_run_flows(args[0], flows, &sas, atp,
				     want_color(color, stderr));
		trace_sa_free(&sas);
		return rc;
	}
	if (nargs < 1 || trace_args_packet(args + 1, nargs - 1, &pk, serr,
					   sizeof(serr)))
		usage_error(usage_trace, "%s", nargs < 1 ? "expected FILE "
			    "input IFNAME PROTOCOL ..." : serr);
	pk.egress = egress;
	if (decrypted && !strcmp(decrypted, "anyconnect")) {
		pk.anyconnect = true;
	} else if (decrypted) {
		if (!trace_parse_peer(decrypted, &peer))
			usage_error(usage_trace, "--decrypted-from takes the "
				    "peer's address or anyconnect, not '%s'",
				    decrypted);
		pk.decrypted_from = &peer;
	}
	rc = trace_run_one(args[0], &pk, &sas, atp, json, expect,
			   want_color(color, stderr));
	trace_sa_free(&sas);
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
	bool strict = false, is_nft, is_asacd, is_ocserv;
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
		usage_error(usage_compile, "--target is required (swanctl, nft, "
			    "asacd or ocserv)");
	if (strcmp(target, "swanctl") && strcmp(target, "nft") &&
	    strcmp(target, "asacd") && strcmp(target, "ocserv"))
		usage_error(usage_compile, "unknown target '%s' (swanctl, nft, "
			    "asacd or ocserv)", target);
	is_nft = !strcmp(target, "nft");
	is_asacd = !strcmp(target, "asacd");
	is_ocserv = !strcmp(target, "ocserv");
	if (is_ocserv && outdir && !strcmp(outdir, "-"))
		usage_error(usage_compile, "--target ocserv writes several "
			    "files: -o DIR");
	if (is_nft && secrets)
		usage_error(usage_compile, "--secrets is for --target swanctl, "
			    "asacd or ocserv");
	if (!is_nft && backend)
		usage_error(usage_compile, "--ipsec-backend is for --target "
			    "nft");
	if (!is_nft && !is_asacd && nifaces)
		usage_error(usage_compile, "--iface is for --target nft or "
			    "asacd");
	if (!outdir)
		usage_error(usage_compile, "-o DIR or -o - is required");
	job.file = file;
	job.out = outdir;
	job.secrets = secrets;
	job.ifaces = ifaces;
	job.nifaces = nifaces;
	job.libipsec = backend && !strcmp(backend, "libipsec");
	job.strict = strict;
	job.color = want_color(color, stderr);
	rc = target_compile(&job, is_nft ? TARGET_NFT : is_asacd ?
			    TARGET_ASACD : is_ocserv ? TARGET_OCSERV :
			    TARGET_SWANCTL);
	free(ifaces);
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
	struct nft_iface *ifaces = NULL;
	size_t nifaces = 0, nfiles = 0;
	struct target_job job = { 0 };
	bool strict = false;
	int rc, k;

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
		if (nfiles || out || secrets || nifaces || backend || runtime ||
		    strict)
			usage_error(usage_bundle, "--check DIR takes no other "
				    "option or file");
		free(files);
		return target_bundle_check(check);
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
	job.out = out;
	job.secrets = secrets;
	job.ifaces = ifaces;
	job.nifaces = nifaces;
	job.libipsec = backend && !strcmp(backend, "libipsec");
	job.strict = strict;
	job.runtime = runtime;
	job.several = nfiles > 1;
	rc = target_bundle_all(&job, files, nfiles);
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
