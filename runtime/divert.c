/* SPDX-License-Identifier: MIT */
/* struct in_pktinfo is a GNU extension of <netinet/in.h> */
#define _GNU_SOURCE
#include "runtime/divert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <nftables/libnftables.h>

/*
 * run @cmd with libnftables; on error the first line of nft's message
 * goes to @err after @what
 */
static int nft_run(const char *cmd, const char *what, char *err,
		   size_t errlen)
{
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
	const char *msg;
	int rc;

	if (!nft) {
		snprintf(err, errlen, "%s: cannot start libnftables", what);
		return -1;
	}
	nft_ctx_buffer_output(nft);
	nft_ctx_buffer_error(nft);
	rc = nft_run_cmd_from_buffer(nft, cmd);
	if (rc != 0 && err) {
		msg = nft_ctx_get_error_buffer(nft);
		snprintf(err, errlen, "%s: %.*s", what,
			 msg ? (int)strcspn(msg, "\n") : 0, msg ? msg : "");
	}
	nft_ctx_free(nft);
	return rc != 0 ? -1 : 0;
}

int divert_open(struct divert *dv, const char *ifname, struct in_addr vip,
		char *err, size_t errlen)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	char cmd[768], ip[INET_ADDRSTRLEN];
	int one = 1;

	dv->fd = -1;
	dv->port = 0;
	dv->installed = false;
	dv->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			0);
	if (dv->fd < 0) {
		snprintf(err, errlen, "cannot open a UDP socket: %s",
			 strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	if (setsockopt(dv->fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		       (socklen_t)strlen(ifname)) < 0 ||
	    setsockopt(dv->fd, IPPROTO_IP, IP_PKTINFO, &one,
		       sizeof(one)) < 0 ||
	    bind(dv->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(dv->fd, (struct sockaddr *)&sa, &sl) < 0) {
		snprintf(err, errlen, "cannot set up the IKE_SA_INIT socket "
			 "on %s: %s", ifname, strerror(errno));
		divert_close(dv);
		return -1;
	}
	dv->port = ntohs(sa.sin_port);
	inet_ntop(AF_INET, &vip, ip, sizeof(ip));
	/* one transaction: a table left by an earlier asacd is replaced.
	 * The payload matches (RFC 7296 section 3.1, offsets in bits from
	 * the start of the IKE header): responder SPI 0 (64-127), major
	 * version 2 (136-139), exchange type IKE_SA_INIT = 34 (144-151). */
	snprintf(cmd, sizeof(cmd),
		 "add table ip " DIVERT_TABLE "\n"
		 "delete table ip " DIVERT_TABLE "\n"
		 "table ip " DIVERT_TABLE " {\n"
		 "\tchain ike_sa_init {\n"
		 "\t\ttype nat hook prerouting priority dstnat; "
		 "policy accept;\n"
		 "\t\tip daddr %s udp dport 500 @ih,64,64 0 @ih,136,4 2 "
		 "@ih,144,8 34 counter redirect to :%u\n"
		 "\t}\n"
		 "}\n", ip, dv->port);
	if (nft_run(cmd, "cannot install the nftables table " DIVERT_TABLE,
		    err, errlen) < 0) {
		divert_close(dv);
		return -1;
	}
	dv->installed = true;
	return 0;
}

void divert_close(struct divert *dv)
{
	if (dv->installed)
		nft_run("delete table ip " DIVERT_TABLE "\n", "", NULL, 0);
	dv->installed = false;
	if (dv->fd >= 0)
		close(dv->fd);
	dv->fd = -1;
}

int divert_recv(struct divert *dv, struct divert_pkt *p)
{
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} ctl;
	struct iovec iov = { p->buf, sizeof(p->buf) };
	struct msghdr mh = {
		.msg_name = &p->from, .msg_namelen = sizeof(p->from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = &ctl, .msg_controllen = sizeof(ctl),
	};
	struct cmsghdr *c;
	ssize_t n;

	for (;;) {
		n = recvmsg(dv->fd, &mh, MSG_TRUNC);
		if (n < 0)
			return 0;
		if ((size_t)n <= sizeof(p->buf))
			break;
		/* larger than any IKE_SA_INIT request: not one */
		mh.msg_namelen = sizeof(p->from);
		mh.msg_controllen = sizeof(ctl);
	}
	p->len = (size_t)n;
	p->local.s_addr = 0;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			p->local = pi.ipi_addr;
		}
	return 1;
}

int divert_reply(struct divert *dv, const struct divert_pkt *p,
		 const uint8_t *msg, size_t len)
{
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} ctl;
	struct iovec iov = { (void *)(uintptr_t)msg, len };
	struct msghdr mh = {
		.msg_name = (void *)(uintptr_t)&p->from,
		.msg_namelen = sizeof(p->from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct in_pktinfo pi;

	/* from the address the request was redirected to, so that the
	 * answer matches the conntrack entry and leaves from the cluster
	 * IP, port 500 */
	if (p->local.s_addr) {
		memset(&ctl, 0, sizeof(ctl));
		memset(&pi, 0, sizeof(pi));
		pi.ipi_spec_dst = p->local;
		mh.msg_control = &ctl;
		mh.msg_controllen = sizeof(ctl);
		ctl.h.cmsg_level = IPPROTO_IP;
		ctl.h.cmsg_type = IP_PKTINFO;
		ctl.h.cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(&ctl.h), &pi, sizeof(pi));
	}
	if (sendmsg(dv->fd, &mh, 0) < 0)
		return -errno;
	return 0;
}
