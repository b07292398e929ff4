/* SPDX-License-Identifier: MIT */
/*
 * trace_batch.c - `asac trace` over many packets, and the packets of the
 * command line: flows from CSV or JSON lines (--flows), a capture's
 * 5-tuples (--pcap), YAML test cases with expected results (--cases), and
 * the one packet of the command line, each a JSON line or the phases,
 * with a summary per crypto map entry.
 */
#define _DEFAULT_SOURCE		/* pcap.h needs the BSD types (u_int) */
#include "asac.h"
#include "capture.h"
#include "cryptomap.h"
#include "diag.h"
#include "load.h"
#include "trace.h"
#include "trace_batch.h"
#include "util.h"
#include "yamlfile.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Flush @f; EXIT_INTERNAL (said) when the output could not be written. */
static int out_done(FILE *f)
{
	if (fflush(f) != 0 || ferror(f)) {
		fprintf(stderr, "asac: cannot write output: %s\n",
			strerror(errno));
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
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
const char *trace_flow_packet(const char *iface, const char *proto,
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
void trace_outcome_str(const struct tr_result *r, char *buf, size_t len)
{
	const char *act = !r->allow ? "drop" :
			  (r->vpn_present && r->vpn.action == CM_PROTECT) ||
			  r->vti ? "protect" : "bypass";

	if (r->vti && r->allow) {
		snprintf(buf, len, "protect:%s", r->vti->hwname);
		return;
	}

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

bool trace_expect_met(const char *expect, const struct tr_result *r)
{
	const char *act = !r->allow ? "drop" :
			  (r->vpn_present && r->vpn.action == CM_PROTECT) ||
			  r->vti ? "protect" : "bypass";
	const char *q = strchr(expect, ':');
	size_t n = q ? (size_t)(q - expect) : strlen(expect);
	char entry[300];

	if (strlen(act) != n || strncmp(act, expect, n))
		return false;
	if (!q)
		return true;
	q++;
	/* protect:TunnelN, the VTI whose SA carries it */
	if (r->vti && r->allow)
		return r->vti->hwname && !strcasecmp(q, r->vti->hwname);
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
static int trace_load(const char *cfg, bool color, struct load *r)
{
	struct load_opts lo = { 50, false, 1 };

	load_init(r);
	if (load_files(r, &cfg, 1, &lo) < 0) {
		load_free(r);
		return -1;
	}
	diag_print_text(&r->diag, stderr, color);
	return r->diag.count[DIAG_ERROR] ? EXIT_FINDINGS : EXIT_OK;
}

/* "YYYY-MM-DD HH:MM" (or with a T) into @t; false when malformed. */
bool trace_parse_when(const char *s, struct tm *t)
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

int trace_run_flows(const char *cfg, const char *flows, struct tr_sa *sas,
		    const struct tm *at, bool color)
{
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
	if ((rc = trace_load(cfg, color, &r)) < 0) {
		free(data);
		return EXIT_INTERNAL;
	}
	cm_build(&m, r.irs[0], at);
	if (!sa_bind(sas, &m)) {
		cm_free(&m);
		load_free(&r);
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
				err = trace_flow_packet(json_field(obj, "interface", bn, sizeof(bn)),
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
				err = trace_flow_packet(f[0], f[1], f[2], f[3], f[4], f[5], &pk);
			else
				err = trace_flow_packet(f[0], f[1], f[2], NULL, f[3], NULL, &pk);
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
	if (out_done(stdout))
		rc = EXIT_INTERNAL;
	load_free(&r);
	return rc;
}

int trace_run_pcap(const char *cfg, const char *path, const char *input,
		   struct tr_sa *sas, const struct tm *at, bool color)
{
	char errbuf[PCAP_ERRBUF_SIZE + 256];
	struct cap_flows *fl;
	struct load r;
	struct cm_model m;
	struct sink sk;
	unsigned long unrouted = 0, packets, skipped;
	size_t done = 0, avail, k;
	bool end = false;
	const char *why;
	int rc;

	/* the flows are found on a thread while the configuration loads */
	fl = cap_flows_start(path, errbuf, sizeof(errbuf));
	if (!fl) {
		fprintf(stderr, "asac: cannot read '%s': %s\n", path, errbuf);
		return EXIT_INTERNAL;
	}
	rc = trace_load(cfg, color, &r);
	if (rc >= 0 && input &&
	    !map_get(&r.irs[0]->m_ifaces,
		     strtab_intern(r.irs[0]->strs, input, strlen(input)))) {
		fprintf(stderr, "asac: interface '%s' has no nameif in %s\n",
			input, cfg);
		load_free(&r);
		rc = -EXIT_USAGE;
	}
	if (rc < 0) {
		cap_flows_end(fl, true, &packets, &skipped);
		cap_flows_free(fl);
		return rc == -EXIT_USAGE ? EXIT_USAGE : EXIT_INTERNAL;
	}
	cm_build(&m, r.irs[0], at);
	if (!sa_bind(sas, &m)) {
		cap_flows_end(fl, true, &packets, &skipped);
		cap_flows_free(fl);
		cm_free(&m);
		load_free(&r);
		return EXIT_USAGE;
	}
	sink_init(&sk, &r);
	while (!end) {
		avail = cap_flows_wait(fl, done, &end);
		for (; done < avail; done++) {
			const struct cap_flow *t = cap_flows_get(fl, done);
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
	rc = EXIT_OK;
	if ((why = cap_flows_end(fl, false, &packets, &skipped))) {
		fprintf(stderr, "asac: %s: %s\n", path, why);
		rc = EXIT_INTERNAL;
	}
	/* skipped: not IP, or no route back to the source */
	sk.bad = skipped + unrouted;
	sink_finish(&sk, &m, "skipped_packets", "packets", packets);
	cm_free(&m);
	if (out_done(stdout))
		rc = EXIT_INTERNAL;
	load_free(&r);
	cap_flows_free(fl);
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
int trace_run_cases(const char *cfg, const char *path, const struct tm *at,
		    bool color)
{
	yaml_document_t doc;
	yaml_node_t *root, *item;
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
	if ((rc = trace_load(cfg, color, &r)) < 0) {
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
				err = trace_flow_packet(w[1], w[2], w[3], w[4], w[5], w[6], &pk);
			else if (n == 7 && !strncmp(w[2], "icmp", 4))
				err = trace_flow_packet(w[1], w[2], w[3], w[4], w[6], w[5], &pk);
			else if (n == 5)
				err = trace_flow_packet(w[1], w[2], w[3], NULL, w[4], NULL, &pk);
			else
				err = "'packet' has the wrong number of fields";
			if (err)
				fprintf(stderr, "%s:%lu: error: %s: %s\n", path,
					line, label, err);
		} else if (!err) {
			err = trace_flow_packet(ynode_str(&doc, item, "interface"),
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
		pk.anyconnect = false;
		if (!err && dec && !strcmp(dec, "anyconnect")) {
			pk.anyconnect = true;
		} else if (!err && dec) {
			memset(&peer, 0, sizeof(peer));
			peer.kind = IR_ADDR_NET;
			if (inet_pton(AF_INET, dec, peer.a) == 1)
				peer.family = 4, peer.plen = 32;
			else if (inet_pton(AF_INET6, dec, peer.a) == 1)
				peer.family = 6, peer.plen = 128;
			else {
				err = "decrypted_from";
				fprintf(stderr, "%s:%lu: error: %s: decrypted_from "
					"is neither an address nor anyconnect\n",
					path, line, label);
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
		if (trace_expect_met(expect, &res)) {
			printf("PASS: %s\n", label);
			passed++;
		} else {
			trace_outcome_str(&res, got, sizeof(got));
			printf("FAIL: %s (%s:%lu)\n  expected: %s\n  got:      %s\n",
			       label, path, line, expect, got);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	if (failed)
		rc = EXIT_FINDINGS;
	cm_free(&m);
	if (out_done(stdout))
		rc = EXIT_INTERNAL;
	load_free(&r);
	yaml_document_delete(&doc);
	return rc;
}


const char *trace_args_packet(const char *const *args, int nargs,
			      struct tr_packet *pk, char *err, size_t len)
{
	static const char *const named[] = {
		[1] = "icmp", [6] = "tcp", [17] = "udp", [58] = "icmp6",
		[132] = "sctp",
	};
	const char *proto, *e;

	memset(pk, 0, sizeof(*pk));
	if (nargs < 5 || strcmp(args[0], "input")) {
		snprintf(err, len, "expected FILE input IFNAME PROTOCOL ...");
		return err;
	}
	proto = args[2];
	if (!strcmp(proto, "tcp") || !strcmp(proto, "udp") ||
	    !strcmp(proto, "sctp")) {
		if (nargs != 7) {
			snprintf(err, len, "%s takes SRC SPORT DST DPORT",
				 proto);
			return err;
		}
		e = trace_flow_packet(args[1], proto, args[3], args[4],
				      args[5], args[6], pk);
	} else if (!strcmp(proto, "icmp") || !strcmp(proto, "icmp6")) {
		if (nargs != 7) {
			snprintf(err, len, "%s takes SRC TYPE CODE DST", proto);
			return err;
		}
		e = trace_flow_packet(args[1], proto, args[3], args[4],
				      args[6], args[5], pk);
	} else {
		char *end;
		unsigned long pn = strtoul(proto, &end, 10);

		if (!*end && pn < ARRAY_SIZE(named) && named[pn]) {
			snprintf(err, len, "protocol %lu has %s: give it as "
				 "%s %s", pn, pn == 1 || pn == 58 ?
				 "a type and code" : "ports", named[pn],
				 pn == 1 || pn == 58 ? "SRC TYPE CODE DST" :
				 "SRC SPORT DST DPORT");
			return err;
		}
		if (nargs != 5) {
			snprintf(err, len, "PROTOCOL takes SRC DST");
			return err;
		}
		e = trace_flow_packet(args[1], proto, args[3], NULL, args[4],
				      NULL, pk);
	}
	if (e) {
		snprintf(err, len, "%s", e);
		return err;
	}
	return NULL;
}

bool trace_parse_peer(const char *s, struct ir_addr *peer)
{
	memset(peer, 0, sizeof(*peer));
	peer->kind = IR_ADDR_NET;
	if (inet_pton(AF_INET, s, peer->a) == 1)
		peer->family = 4, peer->plen = 32;
	else if (inet_pton(AF_INET6, s, peer->a) == 1)
		peer->family = 6, peer->plen = 128;
	else
		return false;
	return true;
}

int trace_run_one(const char *cfg, const struct tr_packet *pk,
		  struct tr_sa *sas, const struct tm *at, bool json,
		  const char *expect, bool color)
{
	struct load r;
	struct cm_model m;
	struct tr_result res;
	int rc;

	if ((rc = trace_load(cfg, color, &r)) < 0)
		return EXIT_INTERNAL;
	if (!map_get(&r.irs[0]->m_ifaces, strtab_intern(r.irs[0]->strs,
			pk->input, strlen(pk->input)))) {
		fprintf(stderr, "asac: interface '%s' has no nameif in %s\n",
			pk->input, cfg);
		load_free(&r);
		return EXIT_USAGE;
	}
	/* one packet: the entries in order, no exact sets (a classifier
	 * pays off only over many packets) */
	cm_build_lazy(&m, r.irs[0], at);
	if (!sa_bind(sas, &m)) {
		cm_free(&m);
		load_free(&r);
		return EXIT_USAGE;
	}
	trace_packet(&m, pk, sas, &res);
	if (json) {
		struct jw *w = xmalloc(sizeof(*w));

		jw_init(w, stdout);
		trace_print_json(w, &r.src, r.irs[0], pk, &res);
		free(w);
	} else {
		trace_print_text(stdout, &r.src, pk, &res);
	}
	if (expect && !trace_expect_met(expect, &res)) {
		char got[300];

		trace_outcome_str(&res, got, sizeof(got));
		fprintf(stderr, "asac: expected %s, got %s\n", expect, got);
		rc = EXIT_FINDINGS;
	}
	cm_free(&m);
	if (out_done(stdout))
		rc = EXIT_INTERNAL;
	load_free(&r);
	return rc;
}
