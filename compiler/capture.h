/* SPDX-License-Identifier: MIT */
#ifndef ASAC_CAPTURE_H
#define ASAC_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * capture - the packets of a capture file, for `asac trace --pcap`.
 *
 * A classic pcap file (either byte order, micro- or nanosecond
 * timestamps) is mapped into memory and its records are walked in place:
 * no copy and no call per packet, so a capture is read at the speed of
 * the page cache.  Anything else libpcap reads (pcapng) goes through
 * libpcap.
 */
struct capture;

/* cap_open - open @path; NULL with the reason in @err when it cannot */
struct capture *cap_open(const char *path, char *err, size_t errlen);

/* cap_datalink - the link type of its frames (DLT_*) */
int cap_datalink(const struct capture *c);

/*
 * cap_next - the next frame: 1 with @data and @caplen, 0 at the end, -1
 * when the file is truncated or unreadable (cap_error() says why).
 */
int cap_next(struct capture *c, const uint8_t **data, uint32_t *caplen);

const char *cap_error(const struct capture *c);
void cap_close(struct capture *c);

/* struct cap_flow - the 5-tuple of a flow (ICMP: type and code in the
 * ports); 40 bytes with no hole, so it hashes and compares as 5 words. */
struct cap_flow {
	union {
		struct {
			uint8_t family, proto;
			uint16_t sport, dport, pad;
			uint8_t src[16], dst[16];
		};
		uint64_t w[5];
	};
};

/*
 * cap_flows - the first packet of every 5-tuple of a capture, found on a
 * thread of its own while the caller loads what it needs, then taken as
 * the flows come (cap_flows_wait).  Flows stay where they are until
 * cap_flows_free().
 * cap_flows_start - open @path and start; NULL with @err when it cannot
 * cap_flows_wait - block until more than @done flows are found or the
 *   capture is read (@end); returns the count found so far
 * cap_flows_end - wait for the thread (after asking it to stop when
 *   @stop); the packets read and skipped (not IP); NULL, or what failed
 */
struct cap_flows;
struct cap_flows *cap_flows_start(const char *path, char *err, size_t len);
size_t cap_flows_wait(struct cap_flows *r, size_t done, bool *end);
const struct cap_flow *cap_flows_get(const struct cap_flows *r, size_t i);
const char *cap_flows_end(struct cap_flows *r, bool stop,
			  unsigned long *packets, unsigned long *skipped);
void cap_flows_free(struct cap_flows *r);

#endif /* ASAC_CAPTURE_H */
