/* SPDX-License-Identifier: MIT */
/*
 * bundle.c - `asac bundle`: the files of one gateway, install.sh, README
 * and MANIFEST, written as a directory or a reproducible tar.gz.
 */
#include "compiler/asac.h"
#include "compiler/rules.h"
#include "compiler/util.h"
#include "bundle.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "install_sh.h"		/* generated from backends/install.sh */
#include "sandbox_sh.h"		/* generated from backends/sandbox.sh */

static void add(struct bundle *b, const char *path, unsigned int mode,
		const char *data, size_t len)
{
	struct bundle_file *f;

	b->v = xrealloc_array(b->v, b->n + 1, sizeof(*b->v));
	f = &b->v[b->n++];
	f->path = xstrdup(path);
	f->mode = mode;
	f->data = xmalloc(len + 1);
	memcpy(f->data, data, len);
	f->data[len] = 0;
	f->len = len;
}

static void add_str(struct bundle *b, const char *path, unsigned int mode,
		    const char *s)
{
	add(b, path, mode, s, strlen(s));
}

/* File @src (a trustpoint's, from --secrets) as @dir/its name. */
static int add_file(struct bundle *b, const char *dir, const char *src,
		    unsigned int mode, char *err, size_t errlen)
{
	const char *base = strrchr(src, '/');
	char *data, path[4096];
	size_t len;

	if (read_file(src, &data, &len) < 0) {
		snprintf(err, errlen, "cannot read '%s' (a trustpoint's file "
			 "in --secrets): %s", src, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, base ? base + 1 : src);
	add(b, path, mode, data, len);
	free(data);
	return 0;
}

/* File @src as @path. */
static int add_file_as(struct bundle *b, const char *path, const char *src,
		       unsigned int mode, char *err, size_t errlen)
{
	char *data;
	size_t len;

	if (read_file(src, &data, &len) < 0) {
		snprintf(err, errlen, "cannot read '%s' (a trustpoint's file "
			 "in --secrets): %s", src, strerror(errno));
		return -1;
	}
	add(b, path, mode, data, len);
	free(data);
	return 0;
}

/* ocserv's files under etc/ocserv (as OCSERV_ETC names them), the
 * trustpoint's certificate and key among them, and a drop-in that starts
 * Debian's ocserv.service after asacd, whose connect-script it calls. */
static int ocserv_files(struct bundle *b, const struct ocserv_out *oc,
			char *err, size_t errlen)
{
	char path[4096];
	size_t i;

	for (i = 0; i < oc->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", OCSERV_ETC_REL,
			 oc->v[i].path);
		add(b, path, oc->v[i].mode, oc->v[i].data, oc->v[i].len);
	}
	if (oc->tp_cert && add_file_as(b, OCSERV_ETC_REL "/server-cert.pem",
				       oc->tp_cert, 0644, err, errlen) < 0)
		return -1;
	if (oc->tp_key && add_file_as(b, OCSERV_ETC_REL "/server-key.pem",
				      oc->tp_key, 0600, err, errlen) < 0)
		return -1;
	add_str(b, "etc/systemd/system/ocserv.service.d/asac.conf", 0644,
		"# written by asac: ocserv's AnyConnect sessions are counted "
		"by asacd\n# (connect-script /etc/ocserv/asac-session), and "
		"its ports are opened by\n# table inet asac\n"
		"[Unit]\n"
		"After=asac-nftables.service asacd.service\n"
		"Wants=asacd.service\n");
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int add_exe(struct bundle *b, const char *dir, const char *name,
		   char *err, size_t errlen)
{
	char path[4096], dst[64];
	char *data;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_file(path, &data, &len) < 0) {
		snprintf(err, errlen, "cannot read the runtime '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	snprintf(dst, sizeof(dst), "usr/sbin/%s", name);
	add(b, dst, 0755, data, len);
	free(data);
	return 0;
}

static int file_cmp(const void *x, const void *y)
{
	return strcmp(((const struct bundle_file *)x)->path,
		      ((const struct bundle_file *)y)->path);
}

char *bundle_packages(const struct ir *ir, bool libipsec, bool ios,
		      bool ocserv)
{
	char *s = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&s, &len);

	const struct ir_tunnel_group *tg;
	bool ra = false, radius = false;
	uint32_t i;

	vec_foreach(&ir->tunnel_groups, i, tg)
		if (ir_tg_remote_access(tg)) {
			ra = true;
			radius |= tg->authentication_server_target != NULL;
		}
	if (!o)
		die(EXIT_INTERNAL, "out of memory");
	/* charon under systemd reading swanctl.conf, with the plugins the
	 * proposals need (openssl, gcm: standard; curve25519: extra) */
	fputs("charon-systemd\nstrongswan-swanctl\n"
	      "libstrongswan-standard-plugins\nlibstrongswan-extra-plugins\n", o);
	/* kernel-libipsec and eap-radius (also xauth-radius) are in
	 * libcharon-extra-plugins; remote-access clients' xauth-generic
	 * and eap-mschapv2 in libcharon-extauth-plugins (strongswan.md §8) */
	if (libipsec || radius)
		fputs("libcharon-extra-plugins\n", o);
	if (ra)
		fputs("libcharon-extauth-plugins\n", o);
	/* the ruleset, and asacd's libraries */
	fputs("nftables\nlibnftables1\nlibjansson4\nlibsodium23\nlibssl3\n", o);
	if (ios)
		fputs("keepalived\n", o);
	/* AnyConnect: ocserv, with its systemd unit */
	if (ocserv)
		fputs("ocserv\n", o);
	fclose(o);
	return s;
}

/* The Linux device of @nameif: its mapping (the last wins), else itself. */
static const char *dev_of(const struct bundle_in *in, const char *nameif)
{
	const char *dev = nameif;
	size_t k;

	for (k = 0; k < in->nifaces; k++)
		if (!strcmp(in->ifaces[k].nameif, nameif))
			dev = in->ifaces[k].dev;
	return dev;
}

/* ADDR/LEN of a literal address operand (or a name's) into @buf, or
 * NULL. */
static const char *cidr(const struct ir_addr *a, char *buf, size_t len)
{
	char t[INET6_ADDRSTRLEN];

	a = a ? ir_peer_addr(a) : NULL;
	if (!a || !inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->a, t,
			     sizeof(t)))
		return NULL;
	snprintf(buf, len, "%s/%u", t, a->plen);
	return buf;
}

/*
 * interfaces: the Linux device, nameif, security level and address of
 * every named interface, one per line ("dhcp", "-" when it has none).
 * The bundle does not configure addresses (the gateway's network
 * configuration does); the operator and `asac bundle --check`, which
 * gives its sandbox these interfaces, read them here.
 */
static char *interfaces(const struct bundle_in *in)
{
	const struct ir_iface *f;
	char *s = NULL;
	size_t len = 0;
	uint32_t i;
	FILE *o = open_memstream(&s, &len);

	if (!o)
		die(EXIT_INTERNAL, "out of memory");
	fputs("# device nameif security-level address (written by asac; "
	      "the bundle does not\n# configure addresses: give each "
	      "device the address the ASA's interface had)\n", o);
	vec_foreach(&in->ir->interfaces, i, f) {
		char a[INET6_ADDRSTRLEN + 8];

		if (!f->nameif.s)
			continue;
		fprintf(o, "%s %s %lld ", dev_of(in, f->nameif.s),
			f->nameif.s, f->security_level.set ?
			(long long)f->security_level.v : 0LL);
		if (cidr(f->ip, a, sizeof(a)))
			fputs(a, o);
		else
			fputs(f->dhcp ? "dhcp" : "-", o);
		if (cidr(f->ip6, a, sizeof(a)))
			fprintf(o, " %s", a);
		fputc('\n', o);
	}
	fclose(o);
	return s;
}

/* What the gateway runs, for the README. */
static void readme(const struct bundle_in *in, const char *pkgs,
		   const char *ifs, FILE *o)
{
	const struct ir *ir = in->ir;
	const char *name = ir->hostname.s ? ir->hostname.s : "(no hostname)";
	const struct ir_route *rt;
	size_t i, nconn = 0, nchild = 0, nwarn = 0, nroute = 0;
	const char *p;
	int depth = 0;
	bool conns = false;

	/* connections and their children, by the depth of each section */
	for (p = in->swanctl; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0)) {
		size_t n = strcspn(p, "\n"), t = strspn(p, "\t");

		if (p[t] == '#' || t >= n)
			continue;
		if (p[n - 1] == '{') {
			if (depth == 0)
				conns = !strncmp(p, "connections {", 13);
			else if (conns && depth == 1)
				nconn++;
			else if (conns && depth == 3)
				nchild++;
			depth++;
		} else if (p[t] == '}') {
			depth--;
		}
	}
	fprintf(o, "asac bundle for %s\n", name);
	fprintf(o, "Compiled by asac %s from %s.\n\n", ASAC_VERSION,
		in->src->files[ir->file]->name);
	fputs("Install\n-------\n"
	      "  sha256sum -c MANIFEST          every file is as asac wrote it\n"
	      "  ./install.sh --dry-run         what would change\n"
	      "  ./install.sh                   install and activate\n"
	      "  ./install.sh --rollback        put the files back as they were\n"
	      "install.sh checks the packages below, validates every file (nft -c,\n"
	      "strongSwan's parser, asacd --check) before it changes anything, and\n"
	      "saves what it replaces under /var/lib/asac/install.\n", o);
	if (in->ocserv)
		fputs("ocserv.conf is checked with ocserv -t.\n", o);
	fputc('\n', o);
	fputs("Packages (Debian)\n-----------------\n", o);
	for (p = pkgs; *p; p += strcspn(p, "\n") + 1)
		fprintf(o, "  %.*s\n", (int)strcspn(p, "\n"), p);
	fputs("\nInterfaces (device, nameif, security level, address)\n"
	      "----------------------------------------------------\n", o);
	for (p = ifs; *p; p += strcspn(p, "\n") + 1)
		if (*p != '#')
			fprintf(o, "  %.*s\n", (int)strcspn(p, "\n"), p);
	fputs("The bundle does not configure addresses: give each device "
	      "the address\nthe ASA's interface had (the file interfaces "
	      "lists them too).\n", o);
	fputs("\nRoutes (the route commands; the bundle does not install "
	      "them)\n-------------------------------------------------"
	      "-------------\n", o);
	vec_foreach(&ir->routes, i, rt) {
		char d[INET6_ADDRSTRLEN + 8], g[INET6_ADDRSTRLEN + 8], t[128];

		if (!rt->iface.s)
			continue;
		nroute++;
		if (!cidr(rt->dest, d, sizeof(d)) ||
		    !cidr(rt->gateway, g, sizeof(g))) {
			fprintf(o, "  %s %s via %s (not an address: see "
				"the configuration)\n", rt->iface.s,
				rt->dest ? ir_addr_str(rt->dest, d, sizeof(d)) :
				"?", rt->gateway ? ir_addr_str(rt->gateway, t,
				sizeof(t)) : "?");
			continue;
		}
		*strchr(g, '/') = 0;
		fprintf(o, "  ip route add %s via %s dev %s", d, g,
			dev_of(in, rt->iface.s));
		if (rt->metric.set && rt->metric.v != 1)
			fprintf(o, " metric %lld", (long long)rt->metric.v);
		fputc('\n', o);
	}
	if (!nroute)
		fputs("  none\n", o);
	fputs("\nWhat will run\n-------------\n", o);
	fprintf(o, "  strongSwan (charon-systemd): %zu connection%s, %zu "
		"child%s, from the crypto maps\n"
		"    /etc/swanctl/conf.d/asac.conf, keys in "
		"/etc/swanctl/conf.d/asac-secrets.conf (0600)\n"
		"    charon options in /etc/strongswan.d/charon/asac.conf\n",
		nconn, nconn == 1 ? "" : "s", nchild,
		nchild == 1 ? "" : "ren");
	fprintf(o, "  nftables: table inet asac (interface ACLs, security "
		"levels, NAT, VPN\n    filtering) from "
		"/etc/nftables.d/asac.nft, loaded by asac-nftables.service\n"
		"    before strongSwan; decrypted traffic is recognised by %s\n",
		in->libipsec ? "the ipsec0 device (kernel-libipsec)" :
		"its IPsec secpath (XFRM)");
	fprintf(o, "  asacd: %s, /etc/asacd/asacd.json, asacd.service\n",
		strstr(in->asacd_json, "\"mode\": \"asa\"") ?
		"VPN load balancing and session limits (ASA cluster)" :
		strstr(in->asacd_json, "\"mode\": \"ios\"") ?
		"IKEv2 load balancing and session limits (IOS cluster)" :
		"session limits (no cluster)");
	if (in->keepalived)
		fputs("  keepalived: the cluster's virtual address (VRRP), "
		      "/etc/keepalived/keepalived.conf\n", o);
	if (in->ocserv) {
		size_t ng = 0;

		for (i = 0; i < in->ocserv->n; i++)
			ng += !strncmp(in->ocserv->v[i].path, "groups/", 7);
		fprintf(o, "  ocserv: AnyConnect (SSL/DTLS) clients of %zu "
			"tunnel group%s, /etc/ocserv/ocserv.conf,\n    "
			"Debian's ocserv.service; asacd counts its sessions\n",
			ng, ng == 1 ? "" : "s");
	}
	fputs("  sysctl: forwarding on, ICMP redirects off "
	      "(/etc/sysctl.d/60-asac.conf)\n", o);
	fputs("\nWhat was not migrated\n---------------------\n", o);
	for (i = 0; i < in->diag->n; i++) {
		const struct diag *g = &in->diag->v[i];
		const struct src_file *f = in->src->files[g->loc.file];
		uint32_t line, col;

		if (g->level == DIAG_NOTE)
			continue;
		nwarn++;
		/* no source line: it may hold a key */
		src_linecol(f, g->loc.start, &line, &col);
		fprintf(o, "  %s:%u:%u: %s [%s]\n", f->name, line, col,
			g->msg, rules[g->rule].id);
	}
	if (!nwarn)
		fputs("  nothing: every feature of the configuration was "
		      "compiled exactly\n", o);
}

/* strongswan.d/charon/ files are read inside charon { }: the compiler's
 * charon section without its braces */
static char *charon_inner(const char *s)
{
	const char *b = strchr(s, '{'), *e = strrchr(s, '}');
	char *out = NULL;
	size_t len = 0;
	FILE *o;
	const char *p;

	if (!b || !e || e < b)
		return xstrdup(s);
	o = open_memstream(&out, &len);
	if (!o)
		die(EXIT_INTERNAL, "out of memory");
	fwrite(s, 1, (size_t)(strchr(s, '\n') - s) + 1, o);
	for (p = strchr(b, '\n') + 1; p < e; p += strcspn(p, "\n") + 1) {
		const char *q = *p == '\t' ? p + 1 : p;

		fwrite(q, 1, strcspn(q, "\n"), o);
		fputc('\n', o);
	}
	fclose(o);
	return out;
}

int bundle_build(const struct bundle_in *in, struct bundle *b, char *err,
		 size_t errlen)
{
	char *pkgs = bundle_packages(in->ir, in->libipsec,
					 in->keepalived != NULL,
					 in->ocserv != NULL),
	     *rd = NULL, *ch, *man = NULL, *sys = NULL,
	     *ifs = interfaces(in);
	size_t rdlen = 0, manlen = 0, syslen = 0, i;
	FILE *o;

	memset(b, 0, sizeof(*b));
	add_str(b, "etc/swanctl/conf.d/asac.conf", 0644, in->swanctl);
	add_str(b, "etc/swanctl/conf.d/asac-secrets.conf", 0600,
		in->secrets);
	ch = charon_inner(in->charon);
	/* 0600: it may hold RADIUS keys */
	add_str(b, "etc/strongswan.d/charon/asac.conf", 0600, ch);
	for (i = 0; i < in->ngiven; i++) {
		const struct swanctl_secret *g = &in->given[i];
		size_t k;

		if (g->kind != SWS_TRUSTPOINT || !g->used)
			continue;
		if (g->cert && add_file(b, "etc/swanctl/x509", g->cert, 0644,
					err, errlen) < 0)
			return -1;
		if (g->keyfile && add_file(b, "etc/swanctl/private",
					   g->keyfile, 0600, err, errlen) < 0)
			return -1;
		for (k = 0; k < g->nca; k++)
			if (add_file(b, "etc/swanctl/x509ca", g->ca[k], 0644,
				     err, errlen) < 0)
				return -1;
	}
	free(ch);
	add_str(b, "etc/nftables.d/asac.nft", 0644, in->nft);
	/* asacd.json holds the cluster key: root's only, as the keys are */
	add_str(b, "etc/asacd/asacd.json", 0600, in->asacd_json);
	if (in->keepalived)
		add_str(b, "etc/keepalived/keepalived.conf", 0644,
			in->keepalived);
	if (in->ocserv && ocserv_files(b, in->ocserv, err, errlen) < 0) {
		free(pkgs);
		free(ifs);
		bundle_free(b);
		return -1;
	}
	o = open_memstream(&sys, &syslen);
	if (!o)
		die(EXIT_INTERNAL, "out of memory");
	fprintf(o, "# written by asac %s: a gateway forwards, and does not "
		"send ICMP redirects\n# for traffic that leaves by the "
		"interface it came in on (the ASA's\n# same-security-traffic "
		"permit intra-interface hairpin)\n"
		"net.ipv4.ip_forward = 1\n"
		"net.ipv4.conf.all.send_redirects = 0\n"
		"net.ipv4.conf.default.send_redirects = 0\n"
		"net.ipv6.conf.all.forwarding = 1\n", ASAC_VERSION);
	fclose(o);
	add(b, "etc/sysctl.d/60-asac.conf", 0644, sys, syslen);
	free(sys);
	add_str(b, "etc/systemd/system/asac-nftables.service", 0644,
		"[Unit]\n"
		"Description=asac: the nftables ruleset of the migrated ASA "
		"(table inet asac)\n"
		"DefaultDependencies=no\n"
		"Before=network-pre.target strongswan.service asacd.service\n"
		"Wants=network-pre.target\n"
		"\n[Service]\n"
		"Type=oneshot\n"
		"RemainAfterExit=yes\n"
		"ExecStart=/usr/sbin/nft -f /etc/nftables.d/asac.nft\n"
		"ExecReload=/usr/sbin/nft -f /etc/nftables.d/asac.nft\n"
		"ExecStop=/usr/sbin/nft delete table inet asac\n"
		"\n[Install]\n"
		"WantedBy=multi-user.target\n");
	add_str(b, "etc/systemd/system/asacd.service", 0644,
		"[Unit]\n"
		"Description=asacd: ASA VPN session limits and load balancing "
		"beside strongSwan\n"
		"Documentation=man:asacd(8)\n"
		"After=strongswan.service asac-nftables.service\n"
		"Wants=strongswan.service\n"
		"\n[Service]\n"
		"ExecStart=/usr/sbin/asacd -c /etc/asacd/asacd.json\n"
		"ExecReload=/bin/kill -HUP $MAINPID\n"
		"Restart=on-failure\n"
		"\n[Install]\n"
		"WantedBy=multi-user.target\n");
	if (add_exe(b, in->runtime, "asacd", err, errlen) < 0 ||
	    add_exe(b, in->runtime, "asacctl", err, errlen) < 0) {
		free(pkgs);
		free(ifs);
		bundle_free(b);
		return -1;
	}
	add(b, "install.sh", 0755, (const char *)install_sh,
	    sizeof(install_sh) - 1);
	add_str(b, "packages", 0644, pkgs);
	add_str(b, "interfaces", 0644, ifs);
	o = open_memstream(&rd, &rdlen);
	if (!o)
		die(EXIT_INTERNAL, "out of memory");
	readme(in, pkgs, ifs, o);
	fclose(o);
	add(b, "README", 0644, rd, rdlen);
	free(rd);
	free(pkgs);
	free(ifs);
	qsort(b->v, b->n, sizeof(*b->v), file_cmp);
	/* MANIFEST: sha256sum format, every other file */
	o = open_memstream(&man, &manlen);
	if (!o)
		die(EXIT_INTERNAL, "out of memory");
	for (i = 0; i < b->n; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		size_t k;

		crypto_hash_sha256(h, (const unsigned char *)b->v[i].data,
				   b->v[i].len);
		for (k = 0; k < sizeof(h); k++)
			fprintf(o, "%02x", h[k]);
		fprintf(o, "  %s\n", b->v[i].path);
	}
	fclose(o);
	add(b, "MANIFEST", 0644, man, manlen);
	free(man);
	qsort(b->v, b->n, sizeof(*b->v), file_cmp);
	return 0;
}

void bundle_free(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].path);
		free(b->v[i].data);
	}
	free(b->v);
	memset(b, 0, sizeof(*b));
}

/* mkdir -p of the directories of @path under @dir */
static int mkdirs(const char *dir, const char *path, char *err, size_t errlen)
{
	char p[4096];
	size_t i, n = (size_t)snprintf(p, sizeof(p), "%s/%s", dir, path);

	for (i = strlen(dir) + 1; i < n; i++) {
		if (p[i] != '/')
			continue;
		p[i] = 0;
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create '%s': %s", p,
				 strerror(errno));
			return -1;
		}
		p[i] = '/';
	}
	return 0;
}

int bundle_write_dir(const struct bundle *b, const char *dir, char *err,
		     size_t errlen)
{
	size_t i;

	if (mkdir(dir, 0755) < 0) {
		if (errno != EEXIST || rmdir(dir) < 0 || mkdir(dir, 0755) < 0) {
			snprintf(err, errlen, "cannot create '%s': %s", dir,
				 errno == ENOTEMPTY || errno == EEXIST ?
				 "it exists and is not empty" :
				 strerror(errno));
			return -1;
		}
	}
	for (i = 0; i < b->n; i++) {
		const struct bundle_file *f = &b->v[i];
		char p[4096];
		int fd;

		if (mkdirs(dir, f->path, err, errlen) < 0)
			return -1;
		snprintf(p, sizeof(p), "%s/%s", dir, f->path);
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 || fchmod(fd, f->mode) < 0 ||
		    write_all(fd, f->data, f->len) < 0 || close(fd) < 0) {
			snprintf(err, errlen, "cannot write '%s': %s", p,
				 strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
	}
	return 0;
}

/* --- ustar + gzip ----------------------------------------------------------- */

struct gz {
	z_stream z;
	FILE *o;
	bool bad;
};

static void gz_put(struct gz *g, const void *data, size_t len, int flush)
{
	unsigned char out[16384];

	g->z.next_in = (unsigned char *)(uintptr_t)data;
	g->z.avail_in = (uInt)len;
	do {
		g->z.next_out = out;
		g->z.avail_out = sizeof(out);
		if (deflate(&g->z, flush) == Z_STREAM_ERROR)
			g->bad = true;
		if (fwrite(out, 1, sizeof(out) - g->z.avail_out, g->o) !=
		    sizeof(out) - g->z.avail_out)
			g->bad = true;
	} while (g->z.avail_out == 0);
}

/* @v in octal, @width - 1 digits and a NUL (ustar numeric fields) */
static void octal(char *dst, size_t width, unsigned long long v)
{
	size_t i;

	dst[width - 1] = 0;
	for (i = width - 1; i-- > 0; v >>= 3)
		dst[i] = (char)('0' + (v & 7));
}

/* one ustar header: time 0, owner root (reproducible) */
static void tar_header(struct gz *g, const char *name, unsigned int mode,
		       size_t size, char type)
{
	unsigned char h[512];
	unsigned int sum = 0;
	size_t i, n = strlen(name);

	memset(h, 0, sizeof(h));
	if (n > 100) {
		/* ustar: prefix / name, split at a '/' */
		const char *cut = name + n - 100;

		cut = strchr(cut, '/');
		memcpy(h + 345, name, (size_t)(cut - name));
		memcpy(h, cut + 1, strlen(cut + 1));
	} else {
		memcpy(h, name, n);
	}
	octal((char *)h + 100, 8, mode);
	octal((char *)h + 108, 8, 0);
	octal((char *)h + 116, 8, 0);
	octal((char *)h + 124, 12, size);
	octal((char *)h + 136, 12, 0);
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "root", 4);
	memcpy(h + 297, "root", 4);
	memset(h + 148, ' ', 8);
	for (i = 0; i < sizeof(h); i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
	gz_put(g, h, sizeof(h), Z_NO_FLUSH);
}

static bool seen_dir(char **v, size_t n, const char *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], d))
			return true;
	return false;
}

int bundle_write_tgz(const struct bundle *b, const char *path,
		     const char *top, char *err, size_t errlen)
{
	static const unsigned char zero[1024];
	struct gz g;
	char **dirs = NULL;
	size_t ndirs = 0, i, k;
	char name[4096];

	memset(&g, 0, sizeof(g));
	g.o = fopen(path, "wb");
	if (!g.o) {
		snprintf(err, errlen, "cannot write '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	/* gzip wrapper: zlib writes time 0 and the same header every time */
	if (deflateInit2(&g.z, 9, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		die(EXIT_INTERNAL, "zlib: cannot initialise");
	snprintf(name, sizeof(name), "%s/", top);
	tar_header(&g, name, 0755, 0, '5');
	for (i = 0; i < b->n; i++) {
		const struct bundle_file *f = &b->v[i];
		size_t pad;

		/* each directory once, before what it holds */
		for (k = 0; f->path[k]; k++) {
			if (f->path[k] != '/')
				continue;
			snprintf(name, sizeof(name), "%s/%.*s/", top, (int)k,
				 f->path);
			if (seen_dir(dirs, ndirs, name))
				continue;
			dirs = xrealloc_array(dirs, ndirs + 1, sizeof(*dirs));
			dirs[ndirs++] = xstrdup(name);
			tar_header(&g, name, 0755, 0, '5');
		}
		snprintf(name, sizeof(name), "%s/%s", top, f->path);
		tar_header(&g, name, f->mode, f->len, '0');
		gz_put(&g, f->data, f->len, Z_NO_FLUSH);
		pad = (512 - f->len % 512) % 512;
		gz_put(&g, zero, pad, Z_NO_FLUSH);
	}
	gz_put(&g, zero, sizeof(zero), Z_FINISH);
	deflateEnd(&g.z);
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	if (fclose(g.o) != 0 || g.bad) {
		snprintf(err, errlen, "cannot write '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int bundle_check(const char *dir, unsigned int scale, char *err,
		 size_t errlen)
{
	static const char *const need[] = { "MANIFEST", "install.sh",
					     "interfaces" };
	char path[4096], sc[16];
	size_t i;

	for (i = 0; i < sizeof(need) / sizeof(*need); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, need[i]);
		if (access(path, R_OK) < 0) {
			snprintf(err, errlen, "%s: not a bundle (%s: %s)", dir,
				 need[i], strerror(errno));
			return -1;
		}
	}
	snprintf(sc, sizeof(sc), "%u", scale);
	fflush(NULL);
	execlp("bash", "bash", "-c", sandbox_sh, "asac bundle --check", dir,
	       sc, (char *)NULL);
	snprintf(err, errlen, "cannot run bash: %s", strerror(errno));
	return -2;
}
