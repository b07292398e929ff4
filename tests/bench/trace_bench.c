/* SPDX-License-Identifier: MIT */
/*
 * trace_bench.c - crypto map classification speed (make bench): for
 * 100, 1,000 and 10,000 ACEs across 50 entries, lookups per second of the
 * compiled classifier and of the linear first-match scan over the same
 * rules, measured side by side on the same 1,000,000 packets.  Prints
 * figures only.
 */
#include "compiler/asac.h"
#include "compiler/cryptomap.h"
#include "compiler/load.h"
#include "compiler/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng = 0x853c49e6748fea9bULL;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng % n);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const unsigned int ports[] = { 22, 53, 80, 443, 8080 };

static int run_bench(int argc, char **argv);

static char *config(int aces, int entries)
{
	struct sbuf sb = { 0 };
	int e, i;

	sb_puts(&sb, "interface G0\n nameif outside\n security-level 0\n"
		" ip address 203.0.113.1 255.255.255.0\n"
		"interface G1\n nameif inside\n security-level 100\n"
		" ip address 10.0.0.1 255.0.0.0\n"
		"route outside 0.0.0.0 0.0.0.0 203.0.113.254 1\n");
	for (e = 1; e <= entries; e++) {
		for (i = 0; i < aces / entries; i++) {
			const char *proto = rnd(3) == 0 ? "ip" : rnd(2) ? "tcp" : "udp";

			sb_printf(&sb, "access-list ACL%d extended %s %s ", e,
				  rnd(10) ? "permit" : "deny", proto);
			if (rnd(2))
				sb_printf(&sb, "10.%u.%u.0 255.255.255.0 ", rnd(64), rnd(256));
			else
				sb_printf(&sb, "host 10.%u.%u.%u ", rnd(64), rnd(256), 1 + rnd(250));
			sb_printf(&sb, "172.%u.%u.0 255.255.255.0", 16 + rnd(16), rnd(256));
			if (strcmp(proto, "ip"))
				sb_printf(&sb, " eq %u", ports[rnd(5)]);
			sb_putc(&sb, '\n');
		}
		sb_printf(&sb, "crypto map M %d match address ACL%d\n", e * 10, e);
		sb_printf(&sb, "crypto map M %d set peer 198.51.100.%d\n", e * 10, e);
	}
	sb_puts(&sb, "crypto map M interface outside\n");
	return sb.s;
}

/*
 * --write-capture DIR MB: the 10,000-ACE configuration and a capture of
 * about MB megabytes (60-byte TCP/UDP frames over 200,000 flows), for the
 * capture figure of make bench.
 */
static int write_capture(const char *dir, long mb)
{
	char path[4096];
	char *text = config(10000, 50);
	FILE *f;
	uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	unsigned char fr[60];
	long long n = mb * 1000000LL / (16 + 60), i;
	uint32_t flows = 200000;

	snprintf(path, sizeof(path), "%s/capture.cfg", dir);
	if (!(f = fopen(path, "w")))
		return perror(path), 1;
	fputs(text, f);
	fclose(f);
	free(text);
	snprintf(path, sizeof(path), "%s/capture.pcap", dir);
	if (!(f = fopen(path, "wb")))
		return perror(path), 1;
	fwrite(hdr, 4, 6, f);
	memset(fr, 0, sizeof(fr));
	fr[12] = 0x08;		/* IPv4 */
	fr[14] = 0x45;
	fr[17] = 46;		/* total length */
	fr[22] = 64;
	for (i = 0; i < n; i++) {
		uint32_t fl = (uint32_t)((i * 2654435761u) % flows);
		uint32_t src = 10u << 24 | (fl % 64) << 16 | ((fl / 64) % 256) << 8 | 1;
		uint32_t dst = 172u << 24 | (16 + fl % 16) << 16 | ((fl / 7) % 256) << 8 | 9;
		uint32_t rec[4] = { (uint32_t)(i / 1000), 0, 60, 60 };
		int k;

		fr[23] = fl % 3 ? 6 : 17;
		for (k = 0; k < 4; k++) {
			fr[26 + k] = (unsigned char)(src >> (24 - 8 * k));
			fr[30 + k] = (unsigned char)(dst >> (24 - 8 * k));
		}
		fr[34] = (unsigned char)((1024 + fl % 50000) >> 8);
		fr[35] = (unsigned char)(1024 + fl % 50000);
		fr[36] = (unsigned char)(ports[fl % 5] >> 8);
		fr[37] = (unsigned char)ports[fl % 5];
		fwrite(rec, 4, 4, f);
		fwrite(fr, 1, sizeof(fr), f);
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--write-capture"))
		return write_capture(argv[2], atol(argv[3]));
	return run_bench(argc, argv);
}

static int run_bench(int argc, char **argv)
{
	static const int sizes[] = { 100, 1000, 10000 };
	static const struct load_opts opts = { .max_errors = 0, .lint = false };
	int npk = argc > 1 ? atoi(argv[1]) : 1000000;
	size_t z;

	printf("%-6s %8s %9s %14s %14s %8s\n", "ACEs", "boxes", "build-s",
	       "classifier/s", "linear/s", "speedup");
	for (z = 0; z < ARRAY_SIZE(sizes); z++) {
		char *text = config(sizes[z], 50);
		size_t len = strlen(text);
		struct load l;
		struct ir *ir;
		struct cm_model m;
		struct cm_class cls;
		const struct cm_set *s;
		struct sp_point *pk = xcalloc((size_t)npk, sizeof(*pk));
		struct cm_result r;
		double t0, t1, t2, t3;
		unsigned long hits = 0;
		int i;

		text = xrealloc(text, len + 2);
		text[len + 1] = '\0';
		load_init(&l);
		ir = load_text(&l, "bench.cfg", text, len, &opts);
		t0 = now();
		cm_build(&m, ir, NULL);
		s = cm_set_for(&m, "outside");
		cm_class_build(&cls, s);
		t1 = now();
		for (i = 0; i < npk; i++) {
			struct sp_point *p = &pk[i];
			unsigned int proto = rnd(3) == 0 ? 1 : rnd(2) ? 6 : 17;

			p->family = 4;
			p->d[SP_PROTO] = sp_proto_rank(proto);
			p->d[SP_SRC] = (sp_u128)(10u << 24 | rnd(64) << 16 |
						 rnd(256) << 8 | rnd(256));
			p->d[SP_DST] = (sp_u128)(172u << 24 | (16 + rnd(16)) << 16 |
						 rnd(256) << 8 | rnd(256));
			if (proto != 1) {
				p->d[SP_SPORT] = 1024 + rnd(60000);
				p->d[SP_DPORT] = ports[rnd(5)];
			}
		}
		t1 = now();
		for (i = 0; i < npk; i++) {
			cm_classify(&cls, &pk[i], NULL, NULL, &r);
			hits += r.action == CM_PROTECT;
		}
		t2 = now();
		for (i = 0; i < npk; i++) {
			cm_eval(s, &pk[i], NULL, NULL, &r);
			hits -= r.action == CM_PROTECT;
		}
		t3 = now();
		printf("%-6d %8zu %9.3f %14.0f %14.0f %7.1fx%s\n", sizes[z],
		       cls.nboxes, t1 - t0, npk / (t2 - t1), npk / (t3 - t2),
		       (t3 - t2) / (t2 - t1), hits ? "  MISMATCH" : "");
		free(pk);
		cm_class_free(&cls);
		cm_free(&m);
		load_free(&l);
	}
	return 0;
}
