/* SPDX-License-Identifier: MIT */
#ifndef ASAC_DIVERT_H
#define ASAC_DIVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/*
 * divert - bring the IKE_SA_INIT requests sent to the cluster IP to
 * asacd, so that the master can redirect them (RFC 5685) before charon
 * sees them, while charon keeps serving every other address and every
 * later exchange.
 *
 * charon listens on UDP 500 of every address, so asacd cannot bind the
 * cluster IP's port 500 itself.  Instead it binds a UDP port of its own
 * on the cluster interface and installs an nftables table (`ip asacd`,
 * with libnftables) whose NAT prerouting chain redirects to that port
 * the UDP datagrams for the cluster IP, port 500, that are the start of
 * an IKEv2 IKE_SA_INIT exchange (major version 2, exchange type 34,
 * responder SPI zero).  Connection tracking sends the answer back from
 * the cluster IP, port 500.  IKEv1 (Main and Aggressive Mode) is not
 * diverted and still reaches charon on the cluster IP.
 *
 * Limits: conntrack keeps the diversion for a client's address and port
 * while the flow's entry lives (up to net.netfilter.
 * nf_conntrack_udp_timeout_stream, 120 s) even after the table is gone;
 * IPv4 only, as the cluster IP is.
 */

#define DIVERT_TABLE "asacd"
#define DIVERT_MAX 4096		/* IKE_SA_INIT requests are far smaller */
#define DIVERT_ERRLEN 512

struct divert {
	int fd;
	unsigned int port;	/* the local port the requests go to */
	bool installed;		/* the nftables table is in place */
};

/* one datagram: where it came from and the address it arrived on */
struct divert_pkt {
	uint8_t buf[DIVERT_MAX];
	size_t len;
	struct sockaddr_in from;
	struct in_addr local;
};

/*
 * divert_open - bind the socket on @ifname and install the table for
 * @vip (network byte order); on error returns -1 with the reason in @err
 * and leaves nothing behind.
 */
int divert_open(struct divert *dv, const char *ifname, struct in_addr vip,
		char *err, size_t errlen);

/* divert_close - remove the table, close the socket (idempotent) */
void divert_close(struct divert *dv);

/* divert_recv - the next datagram: 1, or 0 when none is waiting */
int divert_recv(struct divert *dv, struct divert_pkt *p);

/* divert_reply - answer @p with @len bytes of @msg, from the address it
 * arrived on; returns 0 or -errno */
int divert_reply(struct divert *dv, const struct divert_pkt *p,
		 const uint8_t *msg, size_t len);

#endif /* ASAC_DIVERT_H */
