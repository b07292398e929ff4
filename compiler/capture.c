/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE		/* pcap.h needs the BSD types (u_int) */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* the classic pcap format (pcap-savefile(5)): a 24-byte file header, then
 * per packet a 16-byte record header (seconds, sub-seconds, captured
 * length, original length) and the captured bytes */
#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define FILE_HDR 24
#define REC_HDR 16
/* pages read are given back in chunks, a chunk behind the reader: the
 * mapping's resident size stays small and earlier frames stay valid */
#define DROP_CHUNK (64u << 20)

struct capture {
	/* mapped classic pcap */
	const uint8_t *base;
	size_t size, off, dropped;
	bool swap;
	int dlt;
	/* otherwise libpcap */
	pcap_t *pc;
	char err[PCAP_ERRBUF_SIZE + 256];
};

static uint32_t rd32(const uint8_t *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

struct capture *cap_open(const char *path, char *err, size_t errlen)
{
	struct capture *c = xcalloc(1, sizeof(*c));
	char pe[PCAP_ERRBUF_SIZE];
	struct stat st;
	uint32_t magic;
	void *m;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		free(c);
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size >= FILE_HDR) {
		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			 0);
		if (m != MAP_FAILED) {
			c->base = m;
			c->size = (size_t)st.st_size;
			memcpy(&magic, c->base, 4);
			if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS ||
			    __builtin_bswap32(magic) == PCAP_MAGIC_US ||
			    __builtin_bswap32(magic) == PCAP_MAGIC_NS) {
				c->swap = magic != PCAP_MAGIC_US &&
					  magic != PCAP_MAGIC_NS;
				/* the link type is the low 16 bits; the
				 * upper ones hold FCS information */
				c->dlt = (int)(rd32(c->base + 20, c->swap) &
					       0xffff);
				c->off = FILE_HDR;
				madvise(m, c->size, MADV_SEQUENTIAL);
				close(fd);
				return c;
			}
			munmap(m, c->size);
			c->base = NULL;
		}
	}
	close(fd);
	c->pc = pcap_open_offline(path, pe);
	if (!c->pc) {
		snprintf(err, errlen, "%s", pe);
		free(c);
		return NULL;
	}
	c->dlt = pcap_datalink(c->pc);
	return c;
}

int cap_datalink(const struct capture *c)
{
	return c->dlt;
}

int cap_next(struct capture *c, const uint8_t **data, uint32_t *caplen)
{
	struct pcap_pkthdr *h;
	const u_char *d;
	uint32_t len;
	int st;

	if (c->base) {
		if (c->off == c->size)
			return 0;
		if (c->size - c->off < REC_HDR) {
			snprintf(c->err, sizeof(c->err), "truncated record "
				 "header at byte %zu", c->off);
			return -1;
		}
		len = rd32(c->base + c->off + 8, c->swap);
		if (len > c->size - c->off - REC_HDR) {
			snprintf(c->err, sizeof(c->err), "truncated packet at "
				 "byte %zu (%u bytes captured, %zu left)",
				 c->off, len, c->size - c->off - REC_HDR);
			return -1;
		}
		*data = c->base + c->off + REC_HDR;
		*caplen = len;
		c->off += REC_HDR + (size_t)len;
		if (c->off - c->dropped >= 2 * (size_t)DROP_CHUNK) {
			madvise((void *)(uintptr_t)(c->base + c->dropped),
				DROP_CHUNK, MADV_DONTNEED);
			c->dropped += DROP_CHUNK;
		}
		return 1;
	}
	do
		st = pcap_next_ex(c->pc, &h, &d);
	while (st == 0);
	if (st == PCAP_ERROR_BREAK)
		return 0;
	if (st < 0) {
		snprintf(c->err, sizeof(c->err), "%s", pcap_geterr(c->pc));
		return -1;
	}
	*data = d;
	*caplen = h->caplen;
	return 1;
}

const char *cap_error(const struct capture *c)
{
	return c->err;
}

void cap_close(struct capture *c)
{
	if (!c)
		return;
	if (c->base)
		munmap((void *)(uintptr_t)c->base, c->size);
	if (c->pc)
		pcap_close(c->pc);
	free(c);
}

/* --- the flows of a capture: the first packet of each 5-tuple --------------- */

/* One slot holds the hash and the tuple: a lookup touches one cache line
 * (captures repeat flows; this runs for every packet). */
struct fslot {
	uint32_t hash;		/* 0: empty */
	struct cap_flow t;
};

struct fset {
	struct fslot *v;
	size_t cap, n;
};

/* the words are multiplied independently (they pipeline), then mixed */
static uint32_t flow_hash(const struct cap_flow *t)
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

static bool flow_eq(const struct cap_flow *a, const struct cap_flow *b)
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
static bool fset_add_h(struct fset *s, const struct cap_flow *t, uint32_t h)
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
		if (s->v[i].hash == h && flow_eq(&s->v[i].t, t))
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

static bool ip_tuple(const uint8_t *p, uint32_t len, struct cap_flow *t)
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

struct cap_flows {
	struct capture *cap;
	int dlt;
	struct cap_flow **chunk;		/* FLOW_CHUNKS pointers */
	unsigned long packets, skipped;	/* final once done */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t n;			/* flows published */
	bool done, stop;
	int st;				/* 0: the end; -1: cap_error() */
	pthread_t th;
};

static void flows_publish(struct cap_flows *pr, size_t n, bool done, int st)
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

static void *flows_run(void *arg)
{
	struct cap_flows *pr = arg;
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
		struct cap_flow t[BATCH];
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
			h[nb] = flow_hash(&t[nb]);
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
					xmalloc(FLOW_CHUNK * sizeof(struct cap_flow));
			pr->chunk[n / FLOW_CHUNK][n % FLOW_CHUNK] = t[b];
			n++;
			if (n % 4096 == 0)
				flows_publish(pr, n, false, 0);
		}
		if (__atomic_load_n(&pr->stop, __ATOMIC_RELAXED))
			break;
	}
	free(seen.v);
	flows_publish(pr, n, true, st < 0 ? -1 : 0);
	return NULL;
}


struct cap_flows *cap_flows_start(const char *path, char *err, size_t len)
{
	struct cap_flows *pr = xcalloc(1, sizeof(*pr));
	int e;

	pr->cap = cap_open(path, err, len);
	if (!pr->cap) {
		free(pr);
		return NULL;
	}
	pr->dlt = cap_datalink(pr->cap);
	pr->chunk = xcalloc(FLOW_CHUNKS, sizeof(*pr->chunk));
	pthread_mutex_init(&pr->mu, NULL);
	pthread_cond_init(&pr->cv, NULL);
	if ((e = pthread_create(&pr->th, NULL, flows_run, pr)) != 0)
		die(3, "cannot start a thread: %s", strerror(e));
	return pr;
}

size_t cap_flows_wait(struct cap_flows *pr, size_t done, bool *end)
{
	size_t n;

	pthread_mutex_lock(&pr->mu);
	while (pr->n == done && !pr->done)
		pthread_cond_wait(&pr->cv, &pr->mu);
	n = pr->n;
	*end = pr->done;
	pthread_mutex_unlock(&pr->mu);
	return n;
}

const struct cap_flow *cap_flows_get(const struct cap_flows *pr, size_t i)
{
	return &pr->chunk[i / FLOW_CHUNK][i % FLOW_CHUNK];
}

const char *cap_flows_end(struct cap_flows *pr, bool stop,
			  unsigned long *packets, unsigned long *skipped)
{
	if (stop)
		__atomic_store_n(&pr->stop, true, __ATOMIC_RELAXED);
	pthread_join(pr->th, NULL);
	*packets = pr->packets;
	*skipped = pr->skipped;
	if (pr->st < 0)
		return *cap_error(pr->cap) ? cap_error(pr->cap) :
		       "too many flows";
	return NULL;
}

void cap_flows_free(struct cap_flows *pr)
{
	size_t i;

	for (i = 0; i < FLOW_CHUNKS && pr->chunk[i]; i++)
		free(pr->chunk[i]);
	free(pr->chunk);
	pthread_mutex_destroy(&pr->mu);
	pthread_cond_destroy(&pr->cv);
	cap_close(pr->cap);
	free(pr);
}
