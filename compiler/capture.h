/* SPDX-License-Identifier: MIT */
#ifndef ASAC_CAPTURE_H
#define ASAC_CAPTURE_H

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

#endif /* ASAC_CAPTURE_H */
