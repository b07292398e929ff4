/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE		/* pcap.h needs the BSD types (u_int) */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
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
