/* SPDX-License-Identifier: MIT */
/*
 * The crypto map model: the seed's cascading example (appliance A), and
 * random cascades where the linear first-match evaluation must agree with
 * the exact protected sets on every random packet (fixed seed).
 */
#include "compiler/asac.h"
#include "compiler/cryptomap.h"
#include "compiler/diag.h"
#include "compiler/load.h"
#include "compiler/util.h"
#include "unit.h"

#include <stdlib.h>

/* @text as the one configuration of @c (t.cfg), its IR c->irs[0] */
static void cfg_load(struct load *c, const char *text)
{
	/* every syntax error, no lint: the model is under test */
	static const struct load_opts opts = { .max_errors = 0, .lint = false };
	size_t n = strlen(text);
	char *buf = xmalloc(n + 2);

	memcpy(buf, text, n);
	buf[n] = buf[n + 1] = '\0';
	load_init(c);
	load_text(c, "t.cfg", buf, n, &opts);
}

static void pkt(struct sp_point *p, unsigned int proto, uint32_t src,
		unsigned int sport, uint32_t dst, unsigned int dport)
{
	memset(p, 0, sizeof(*p));
	p->family = 4;
	p->d[SP_PROTO] = sp_proto_rank(proto);
	p->d[SP_SRC] = src;
	p->d[SP_DST] = dst;
	if (proto == 6 || proto == 17) {
		p->d[SP_SPORT] = sport;
		p->d[SP_DPORT] = dport;
	}
}

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static long seq_of(const struct cm_result *r)
{
	return r->entry ? (long)r->entry->e->seq.v : -1;
}

/* An SA predicate that differs per entry and packet (deterministic). */
static bool sa_some(const struct cm_entry *e, const struct sp_point *p,
		    void *arg)
{
	(void)arg;
	return ((unsigned long)e->e->seq.v / 10 * 7 +
		(unsigned long)p->d[SP_DST] + (unsigned long)p->d[SP_SRC]) % 3 == 0;
}

static const char seed_a[] =
"interface GigabitEthernet0/0\n nameif outside\n ip address 203.0.113.1 255.255.255.0\n"
"access-list A-SEQ1 extended deny ip host 192.168.3.3 192.168.12.0 255.255.255.248\n"
"access-list A-SEQ1 extended deny ip host 192.168.3.3 192.168.201.0 255.255.255.224\n"
"access-list A-SEQ1 extended permit ip 192.168.3.0 255.255.255.192 192.168.12.0 255.255.255.248\n"
"access-list A-SEQ1 extended permit ip 192.168.3.0 255.255.255.192 192.168.201.0 255.255.255.224\n"
"access-list A-SEQ2 extended permit ip host 192.168.3.3 192.168.12.0 255.255.255.248\n"
"access-list A-SEQ2 extended permit ip host 192.168.3.3 192.168.201.0 255.255.255.224\n"
"crypto map A-MAP 1 match address A-SEQ1\ncrypto map A-MAP 1 set peer 198.51.100.2\n"
"crypto map A-MAP 2 match address A-SEQ2\ncrypto map A-MAP 2 set peer 198.51.100.2\n"
"crypto map A-MAP interface outside\n";

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng % n);
}

/* a random operand inside 10.0.0.0/24 */
static void rand_operand(struct sbuf *sb)
{
	switch (rnd(4)) {
	case 0:
		sb_puts(sb, "any4");
		break;
	case 1:
		sb_printf(sb, "host 10.0.0.%u", rnd(16));
		break;
	case 2: {
		unsigned int plen = 28 + rnd(5);

		sb_printf(sb, "10.0.0.%u 255.255.255.%u",
			  rnd(16) & (0xffu << (32 - plen)) & 0xff,
			  (0xffu << (32 - plen)) & 0xff);
		break;
	}
	default:
		sb_printf(sb, "10.0.0.%u 255.255.255.248", rnd(2) * 8);
		break;
	}
}

static void rand_config(struct sbuf *sb, int entries)
{
	int e, i;

	sb_puts(sb, "interface G0\n nameif outside\n ip address 192.0.2.1 255.255.255.0\n");
	for (e = 1; e <= entries; e++) {
		int n = 1 + (int)rnd(5);

		for (i = 0; i < n; i++) {
			bool tcp = rnd(2);

			sb_printf(sb, "access-list ACL%d extended %s %s ", e,
				  rnd(3) ? "permit" : "deny", tcp ? "tcp" : "ip");
			rand_operand(sb);
			sb_putc(sb, ' ');
			rand_operand(sb);
			if (tcp && rnd(2))
				sb_printf(sb, " range %u %u", rnd(4), 4 + rnd(4));
			sb_putc(sb, '\n');
		}
		/* sometimes a dynamic entry, with or without ACL (then it
		 * protects only what an SA carries) */
		if (rnd(4) == 0) {
			if (rnd(2))
				sb_printf(sb, "crypto dynamic-map D%d 10 match "
					  "address ACL%d\n", e, e);
			sb_printf(sb, "crypto dynamic-map D%d 10 set pfs "
				  "group19\n", e);
			sb_printf(sb, "crypto map M %d ipsec-isakmp dynamic "
				  "D%d\n", e * 10, e);
			continue;
		}
		/* sometimes an incomplete entry (no peer) */
		sb_printf(sb, "crypto map M %d match address ACL%d\n", e * 10, e);
		if (rnd(8))
			sb_printf(sb, "crypto map M %d set peer 198.51.100.%d\n",
				  e * 10, e);
	}
	sb_puts(sb, "crypto map M interface outside\n");
}

int main(void)
{
	struct load c;
	struct cm_model m;
	const struct cm_set *s;
	struct cm_result r;
	struct sp_point p;
	int trial, mismatch = 0, cmismatch = 0, samismatch = 0, packets = 0;
	int saprotect = 0;

	/* seed 002: A.3's traffic rides entry 2, the rest of A entry 1 */
	cfg_load(&c, seed_a);
	CHECK(c.diag.count[DIAG_ERROR] == 0);
	cm_build(&m, c.irs[0], NULL);
	s = cm_set_for(&m, "outside");
	CHECK(s && s->n == 2);
	pkt(&p, 6, IP(192, 168, 3, 3), 1000, IP(192, 168, 12, 1), 80);
	cm_eval(s, &p, NULL, NULL, &r);
	CHECK(r.action == CM_PROTECT && seq_of(&r) == 2);
	pkt(&p, 17, IP(192, 168, 3, 3), 1000, IP(192, 168, 201, 30), 53);
	cm_eval(s, &p, NULL, NULL, &r);
	CHECK(r.action == CM_PROTECT && seq_of(&r) == 2);
	pkt(&p, 1, IP(192, 168, 3, 5), 0, IP(192, 168, 12, 6), 0);
	cm_eval(s, &p, NULL, NULL, &r);
	CHECK(r.action == CM_PROTECT && seq_of(&r) == 1);
	pkt(&p, 6, IP(192, 168, 3, 62), 1, IP(192, 168, 201, 1), 443);
	cm_eval(s, &p, NULL, NULL, &r);
	CHECK(r.action == CM_PROTECT && seq_of(&r) == 1);
	pkt(&p, 6, IP(192, 168, 3, 64), 1, IP(192, 168, 12, 1), 443);
	cm_eval(s, &p, NULL, NULL, &r);
	CHECK(r.action == CM_BYPASS);
	pkt(&p, 6, IP(192, 168, 3, 3), 1, IP(8, 8, 8, 8), 443);
	cm_eval(s, &p, NULL, NULL, &r);
	CHECK(r.action == CM_BYPASS);
	/* entry 1 protects A/26 -> B and C except A.3's traffic */
	pkt(&p, 6, IP(192, 168, 3, 3), 1000, IP(192, 168, 12, 1), 80);
	CHECK(!sp_contains(&s->v[0].protect, &p));
	CHECK(sp_contains(&s->v[1].protect, &p));
	cm_free(&m);
	load_free(&c);

	/* random cascades: linear evaluation == exact sets == classifier,
	 * on 1,000,000 random packets */
	for (trial = 0; trial < 250; trial++) {
		struct cm_class cls;
		struct sbuf sb = { 0 };
		int k;

		rand_config(&sb, 1 + (int)rnd(5));
		cfg_load(&c, sb.s);
		sb_free(&sb);
		cm_build(&m, c.irs[0], NULL);
		s = cm_set_for(&m, "outside");
		if (s)
			cm_class_build(&cls, s);
		for (k = 0; k < 4000 && s; k++) {
			size_t e;
			long want = -1;
			bool drop = false;
			struct cm_result rc;

			pkt(&p, rnd(2) ? 6 : 17, IP(10, 0, 0, rnd(20)), rnd(9),
			    IP(10, 0, 0, rnd(20)), rnd(9));
			cm_eval(s, &p, NULL, NULL, &r);
			cm_classify(&cls, &p, NULL, NULL, &rc);
			if (rc.action != r.action || rc.entry != r.entry ||
			    rc.reason != r.reason)
				cmismatch++;
			bool dyn = false;

			for (e = 0; e < s->n; e++)
				if (sp_contains(&s->v[e].protect, &p)) {
					want = (long)s->v[e].e->seq.v;
					dyn = s->v[e].dyn != NULL;
				}
			if (sp_contains(&s->unreachable, &p))
				drop = true;
			packets++;
			/* with no SA up, a dynamic entry drops what it holds */
			if (drop ? !(r.action == CM_DROP &&
				     r.reason == CM_DROP_INCOMPLETE) :
			    want >= 0 && dyn ? !(r.action == CM_DROP &&
						 r.reason == CM_DROP_DYNAMIC_NO_SA &&
						 seq_of(&r) == want) :
			    want >= 0 ? !(r.action == CM_PROTECT &&
					  seq_of(&r) == want) :
			    r.action != CM_BYPASS)
				mismatch++;
			/* with SAs up: the linear walk and the classifier */
			cm_eval(s, &p, sa_some, NULL, &r);
			cm_classify(&cls, &p, sa_some, NULL, &rc);
			if (rc.action != r.action || rc.entry != r.entry ||
			    rc.reason != r.reason)
				samismatch++;
			if (r.action == CM_PROTECT && r.entry->sa_only)
				saprotect++;
		}
		if (s)
			cm_class_free(&cls);
		cm_free(&m);
		load_free(&c);
	}
	CHECK(packets == 250 * 4000);
	CHECK(mismatch == 0);
	CHECK(cmismatch == 0);
	CHECK(samismatch == 0);
	CHECK(saprotect > 1000);	/* the SA path is exercised */
	return unit_done();
}
