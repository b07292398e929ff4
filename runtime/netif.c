/* SPDX-License-Identifier: MIT */
/*
 * netif.c - interface lookup, IPv4 address changes through rtnetlink and
 * ARP over AF_PACKET, for asacd's cluster IP (see netif.h).
 */
#include "compiler/asac.h"
#include "runtime/netif.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* <linux/netlink.h> has it only since Linux 4.18's uapi; the value is ABI */
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* an Ethernet/IPv4 ARP packet (RFC 826): offsets of its fields */
enum {
	ARP_HRD = 0,		/* hardware type, ARPHRD_ETHER */
	ARP_PRO = 2,		/* protocol type, ETH_P_IP */
	ARP_HLN = 4,		/* hardware address length, 6 */
	ARP_PLN = 5,		/* protocol address length, 4 */
	ARP_OP = 6,
	ARP_SHA = 8,
	ARP_SIP = 14,
	ARP_THA = 18,
	ARP_TIP = 24,
	ARP_LEN = 28,
};

/* a netlink receive buffer: Linux sizes the datagrams of a dump to the
 * reader's buffer, up to 32 KiB (netlink_recvmsg(), max_recvmsg_len) */
union nlbuf {
	struct nlmsghdr h;
	char b[32768];
};

struct netif_arp {
	int fd;
	int ifindex;
	uint8_t mac[NETIF_MACLEN];
	char name[NETIF_NAMELEN];
};

static int fail(struct netif_err *e, int code, const char *fmt, ...)
	__fmtstring(3, 4);

/* Fill @e (if any) and return -@code. */
static int fail(struct netif_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		e->code = code;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return -code;
}

/* strerror(@code), then the kernel's extended ack text @ext if any */
static const char *reason(int code, const char *ext, char *buf, size_t len)
{
	if (ext && ext[0])
		snprintf(buf, len, "%s (%s)", strerror(code), ext);
	else
		snprintf(buf, len, "%s", strerror(code));
	return buf;
}

static const char *ip_str(struct in_addr a, char buf[INET_ADDRSTRLEN])
{
	if (!inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN))
		snprintf(buf, INET_ADDRSTRLEN, "?");
	return buf;
}

/* --- rtnetlink ---------------------------------------------------------- */

struct nlsock {
	int fd;
	uint32_t seq;
};

/* One attribute of a netlink message: rtattr and nlattr share a layout. */
struct attr {
	unsigned int type;
	const uint8_t *data;
	size_t len;
};

/* Take the next attribute of the @len bytes at @p into @a; false at the
 * end or at a malformed one (which ends the walk). */
static bool attr_next(const uint8_t **p, size_t *len, struct attr *a)
{
	struct rtattr rta;
	size_t step;

	if (*len < sizeof(rta))
		return false;
	memcpy(&rta, *p, sizeof(rta));
	if (rta.rta_len < RTA_LENGTH(0) || rta.rta_len > *len)
		return false;
	a->type = rta.rta_type & NLA_TYPE_MASK;
	a->data = *p + RTA_LENGTH(0);
	a->len = rta.rta_len - RTA_LENGTH(0);
	step = RTA_ALIGN(rta.rta_len);
	if (step > *len)
		step = *len;
	*p += step;
	*len -= step;
	return true;
}

/* Append attribute @type with @len bytes of @data to the request @h,
 * whose buffer holds @cap bytes in all. */
static void attr_put(struct nlmsghdr *h, size_t cap, unsigned short type,
		     const void *data, size_t len)
{
	struct rtattr rta = {
		.rta_len = (unsigned short)RTA_LENGTH(len),
		.rta_type = type,
	};
	uint8_t *p = (uint8_t *)h + NLMSG_ALIGN(h->nlmsg_len);

	/* the requests are fixed structs sized for their attributes */
	if (NLMSG_ALIGN(h->nlmsg_len) + RTA_SPACE(len) > cap)
		abort();
	memcpy(p, &rta, sizeof(rta));
	memcpy(p + RTA_LENGTH(0), data, len);
	h->nlmsg_len = (uint32_t)(NLMSG_ALIGN(h->nlmsg_len) + RTA_SPACE(len));
}

static int nl_open(struct nlsock *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, err;

	nl->seq = 0;
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0)
		return -errno;
	/* the kernel's reason in words (Linux 4.12); older ones say nothing */
	(void)setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one,
			 sizeof(one));
	/* the ack of a failed request then carries no copy of the request */
	(void)setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one,
			 sizeof(one));
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = errno;
		close(nl->fd);
		nl->fd = -1;
		return -err;
	}
	return 0;
}

static void nl_close(struct nlsock *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

/* Copy the NLMSGERR_ATTR_MSG of the extended-ack attributes at @p. */
static void nl_ext_msg(const uint8_t *p, size_t len, char *ext, size_t extlen)
{
	struct attr a;

	while (attr_next(&p, &len, &a)) {
		if (a.type != NLMSGERR_ATTR_MSG || !a.len)
			continue;
		if (a.len >= extlen)
			a.len = extlen - 1;
		memcpy(ext, a.data, a.len);
		ext[a.len] = '\0';
		/* a string attribute counts its NUL; drop a trailing newline */
		ext[strcspn(ext, "\n")] = '\0';
		return;
	}
}

/* The error of an NLMSG_ERROR message (0 for an ack), with the kernel's
 * extended-ack text in @ext. */
static int nl_ack(const struct nlmsghdr *h, char *ext, size_t extlen)
{
	const uint8_t *p = (const uint8_t *)h;
	struct nlmsgerr err;
	size_t off;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
		return -EBADMSG;
	memcpy(&err, p + NLMSG_HDRLEN, sizeof(err));
	if (err.error >= 0)
		return 0;
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		/* netlink_ack(): the TLVs follow the error and, unless
		 * capped, the payload of the request it answers */
		off = NLMSG_HDRLEN + sizeof(err);
		if (!(h->nlmsg_flags & NLM_F_CAPPED) &&
		    err.msg.nlmsg_len >= NLMSG_HDRLEN)
			off += NLMSG_ALIGN(err.msg.nlmsg_len - NLMSG_HDRLEN);
		if (off < h->nlmsg_len)
			nl_ext_msg(p + off, h->nlmsg_len - off, ext, extlen);
	}
	return err.error;
}

/* The error an NLMSG_DONE carries (0 for a complete dump). */
static int nl_done(const struct nlmsghdr *h, char *ext, size_t extlen)
{
	const uint8_t *p = (const uint8_t *)h;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	int err;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
		return 0;	/* old kernels sent an empty one */
	memcpy(&err, p + NLMSG_HDRLEN, sizeof(err));
	if (err < 0 && (h->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    off < h->nlmsg_len)
		nl_ext_msg(p + off, h->nlmsg_len - off, ext, extlen);
	return err < 0 ? err : 0;
}

typedef void nl_cb(const struct nlmsghdr *h, void *arg);

/*
 * Send the request @req to the kernel and read the replies with its
 * sequence number, handing each data message to @cb (if any), until the
 * ack (NLMSG_ERROR; ask for it with NLM_F_ACK) or the end of a dump
 * (NLMSG_DONE).  Returns 0 or a negative errno: the kernel's, with its
 * extended-ack text in @ext, or -EINTR for a dump that a concurrent
 * change made inconsistent (NLM_F_DUMP_INTR; do it again).
 */
static int nl_talk(struct nlsock *nl, struct nlmsghdr *req, nl_cb *cb,
		   void *arg, char *ext, size_t extlen)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	union nlbuf *buf;
	bool intr = false;
	int rc;

	ext[0] = '\0';
	req->nlmsg_seq = ++nl->seq;
	req->nlmsg_flags |= NLM_F_REQUEST;
	while (sendto(nl->fd, req, req->nlmsg_len, 0,
		      (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		if (errno != EINTR)
			return -errno;

	/* on the heap: the daemon's stack need not hold 32 KiB */
	buf = malloc(sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	for (;;) {
		struct sockaddr_nl from;
		socklen_t fromlen = sizeof(from);
		const struct nlmsghdr *h;
		size_t off, n;
		ssize_t got;

		got = recvfrom(nl->fd, buf->b, sizeof(buf->b), MSG_TRUNC,
			       (struct sockaddr *)&from, &fromlen);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto out;
		}
		n = (size_t)got;
		if (n > sizeof(buf->b)) {
			rc = -EMSGSIZE;
			goto out;
		}
		/* only the kernel (port 0) speaks for the kernel */
		if (fromlen < sizeof(from) || from.nl_pid != 0)
			continue;
		for (off = 0; off + NLMSG_HDRLEN <= n;
		     off += NLMSG_ALIGN(h->nlmsg_len)) {
			h = (const struct nlmsghdr *)(buf->b + off);
			if (h->nlmsg_len < NLMSG_HDRLEN ||
			    h->nlmsg_len > n - off)
				break;
			if (h->nlmsg_seq != nl->seq)
				continue;	/* a stale answer */
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (h->nlmsg_type == NLMSG_ERROR) {
				rc = nl_ack(h, ext, extlen);
				goto out;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				rc = nl_done(h, ext, extlen);
				if (!rc && intr)
					rc = -EINTR;
				goto out;
			}
			if (cb)
				cb(h, arg);
		}
	}
out:
	free(buf);
	return rc;
}

/* The payload of @h after a fixed header of @hdrlen bytes, as attributes. */
static void msg_attrs(const struct nlmsghdr *h, size_t hdrlen,
		      const uint8_t **p, size_t *len)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);

	*p = (const uint8_t *)h + off;
	*len = h->nlmsg_len > off ? h->nlmsg_len - off : 0;
}

struct link_arg {
	struct netif_info *ifi;
	bool seen;
};

static void link_cb(const struct nlmsghdr *h, void *arg)
{
	struct link_arg *la = arg;
	struct netif_info *ifi = la->ifi;
	struct ifinfomsg ifm;
	const uint8_t *p;
	struct attr a;
	size_t len;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(ifm)))
		return;
	memcpy(&ifm, (const uint8_t *)h + NLMSG_HDRLEN, sizeof(ifm));
	la->seen = true;
	ifi->ifindex = ifm.ifi_index;
	ifi->type = ifm.ifi_type;
	ifi->flags = ifm.ifi_flags;
	msg_attrs(h, sizeof(ifm), &p, &len);
	while (attr_next(&p, &len, &a)) {
		if (a.type == IFLA_ADDRESS && a.len == NETIF_MACLEN) {
			memcpy(ifi->mac, a.data, NETIF_MACLEN);
			ifi->maclen = NETIF_MACLEN;
		} else if (a.type == IFLA_IFNAME && a.len) {
			/* the kernel's spelling (an altname finds it too) */
			size_t n = strnlen((const char *)a.data, a.len);

			if (n < NETIF_NAMELEN) {
				memcpy(ifi->name, a.data, n);
				ifi->name[n] = '\0';
			}
		}
	}
}

static void addr_cb(const struct nlmsghdr *h, void *arg)
{
	struct netif_info *ifi = arg;
	struct netif_addr na = { .addr.s_addr = 0 };
	struct ifaddrmsg ifa;
	bool have = false;
	const uint8_t *p;
	struct attr a;
	size_t len;

	if (h->nlmsg_type != RTM_NEWADDR ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(ifa)))
		return;
	memcpy(&ifa, (const uint8_t *)h + NLMSG_HDRLEN, sizeof(ifa));
	/* without NETLINK_GET_STRICT_CHK the dump has every interface */
	if (ifa.ifa_family != AF_INET || (int)ifa.ifa_index != ifi->ifindex)
		return;
	na.prefixlen = ifa.ifa_prefixlen;
	msg_attrs(h, sizeof(ifa), &p, &len);
	while (attr_next(&p, &len, &a)) {
		if (a.len != sizeof(na.addr))
			continue;
		/* IFA_LOCAL is ours; IFA_ADDRESS is the peer on a
		 * point-to-point link and equal to it elsewhere */
		if (a.type == IFA_LOCAL) {
			memcpy(&na.addr, a.data, sizeof(na.addr));
			have = true;
		} else if (a.type == IFA_ADDRESS && !have) {
			memcpy(&na.addr, a.data, sizeof(na.addr));
		}
	}
	if (ifi->naddrs == NETIF_MAXADDRS) {
		ifi->truncated = true;
		return;
	}
	ifi->addrs[ifi->naddrs++] = na;
}

int netif_lookup(const char *name, struct netif_info *ifi,
		 struct netif_err *e)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifm;
		char attrs[RTA_SPACE(NETIF_NAMELEN)];
	} lreq;
	struct {
		struct nlmsghdr h;
		struct ifaddrmsg ifa;
	} areq;
	struct link_arg la = { .ifi = ifi };
	char ext[NETIF_ERRLEN / 2], why[NETIF_ERRLEN];
	struct nlsock nl;
	size_t len = name ? strlen(name) : 0;
	int rc, tries;

	memset(ifi, 0, sizeof(*ifi));
	if (len == 0 || len >= NETIF_NAMELEN)
		return fail(e, EINVAL, "bad interface name '%s' "
			    "(1 to %d bytes)", name ? name : "",
			    NETIF_NAMELEN - 1);
	memcpy(ifi->name, name, len + 1);

	rc = nl_open(&nl);
	if (rc < 0)
		return fail(e, -rc, "cannot look up interface '%s': "
			    "rtnetlink socket: %s", name, strerror(-rc));

	memset(&lreq, 0, sizeof(lreq));
	lreq.h.nlmsg_len = NLMSG_LENGTH(sizeof(lreq.ifm));
	lreq.h.nlmsg_type = RTM_GETLINK;
	lreq.h.nlmsg_flags = NLM_F_ACK;
	lreq.ifm.ifi_family = AF_UNSPEC;
	attr_put(&lreq.h, sizeof(lreq), IFLA_IFNAME, name, len + 1);
	rc = nl_talk(&nl, &lreq.h, link_cb, &la, ext, sizeof(ext));
	if (rc == -ENODEV) {
		rc = fail(e, ENODEV, "interface '%s' not found", name);
		goto out;
	}
	if (rc < 0) {
		rc = fail(e, -rc, "cannot look up interface '%s': %s", name,
			  reason(-rc, ext, why, sizeof(why)));
		goto out;
	}
	if (!la.seen || ifi->ifindex <= 0) {
		rc = fail(e, EBADMSG, "cannot look up interface '%s': "
			  "no link in the kernel's answer", name);
		goto out;
	}

	for (tries = 0; tries < 5; tries++) {
		memset(&areq, 0, sizeof(areq));
		areq.h.nlmsg_len = NLMSG_LENGTH(sizeof(areq.ifa));
		areq.h.nlmsg_type = RTM_GETADDR;
		areq.h.nlmsg_flags = NLM_F_DUMP;
		areq.ifa.ifa_family = AF_INET;
		ifi->naddrs = 0;
		ifi->truncated = false;
		rc = nl_talk(&nl, &areq.h, addr_cb, ifi, ext, sizeof(ext));
		if (rc != -EINTR)
			break;
	}
	if (rc < 0)
		rc = fail(e, -rc, "cannot list the addresses of '%s': %s",
			  ifi->name, reason(-rc, ext, why, sizeof(why)));
out:
	nl_close(&nl);
	return rc;
}

bool netif_has_addr(const struct netif_info *ifi, struct in_addr addr)
{
	size_t i;

	for (i = 0; i < ifi->naddrs; i++)
		if (ifi->addrs[i].addr.s_addr == addr.s_addr)
			return true;
	return false;
}

/* RTM_NEWADDR or RTM_DELADDR of @addr/@prefixlen on @ifi: 0 done, 1 it
 * was so already, or a negative errno. */
static int addr_change(const struct netif_info *ifi, int type,
		       struct in_addr addr, unsigned int prefixlen,
		       struct netif_err *e)
{
	struct {
		struct nlmsghdr h;
		struct ifaddrmsg ifa;
		char attrs[2 * RTA_SPACE(sizeof(struct in_addr))];
	} req;
	bool add = type == RTM_NEWADDR;
	const char *op = add ? "add" : "remove";
	const char *prep = add ? "to" : "from";
	char ext[NETIF_ERRLEN / 2], why[NETIF_ERRLEN], ip[INET_ADDRSTRLEN];
	struct nlsock nl;
	int rc;

	ip_str(addr, ip);
	if (prefixlen > 32)
		return fail(e, EINVAL, "cannot %s %s/%u %s '%s': prefix length "
			    "must be 0 to 32", op, ip, prefixlen, prep,
			    ifi->name);
	if (ifi->ifindex <= 0)
		return fail(e, ENODEV, "cannot %s %s/%u %s '%s': no interface "
			    "index (look it up first)", op, ip, prefixlen,
			    prep, ifi->name);

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifa));
	req.h.nlmsg_type = (unsigned short)type;
	req.h.nlmsg_flags = NLM_F_ACK;
	if (add)
		req.h.nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	req.ifa.ifa_family = AF_INET;
	req.ifa.ifa_prefixlen = (unsigned char)prefixlen;
	/* as iproute2 does: host scope for 127/8, global otherwise */
	req.ifa.ifa_scope = (ntohl(addr.s_addr) >> 24) == 127 ?
			    RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	req.ifa.ifa_index = (unsigned int)ifi->ifindex;
	/* IFA_ADDRESS too: with it the kernel matches the prefix length on
	 * delete, so we never remove an address someone configured with
	 * another one */
	attr_put(&req.h, sizeof(req), IFA_LOCAL, &addr, sizeof(addr));
	attr_put(&req.h, sizeof(req), IFA_ADDRESS, &addr, sizeof(addr));

	rc = nl_open(&nl);
	if (rc < 0)
		return fail(e, -rc, "cannot %s %s/%u %s '%s': rtnetlink "
			    "socket: %s", op, ip, prefixlen, prep, ifi->name,
			    strerror(-rc));
	rc = nl_talk(&nl, &req.h, NULL, NULL, ext, sizeof(ext));
	nl_close(&nl);
	/* the kernel's word for "already there" and "already gone" */
	if ((add && rc == -EEXIST) || (!add && rc == -EADDRNOTAVAIL))
		return 1;
	if (rc < 0)
		return fail(e, -rc, "cannot %s %s/%u %s '%s': %s", op, ip,
			    prefixlen, prep, ifi->name,
			    reason(-rc, ext, why, sizeof(why)));
	return 0;
}

int netif_addr_add(const struct netif_info *ifi, struct in_addr addr,
		   unsigned int prefixlen, struct netif_err *e)
{
	return addr_change(ifi, RTM_NEWADDR, addr, prefixlen, e);
}

int netif_addr_del(const struct netif_info *ifi, struct in_addr addr,
		   unsigned int prefixlen, struct netif_err *e)
{
	return addr_change(ifi, RTM_DELADDR, addr, prefixlen, e);
}

/* --- ARP ---------------------------------------------------------------- */

struct netif_arp *netif_arp_open(const struct netif_info *ifi,
				 struct netif_err *e)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = ifi->ifindex,
	};
	struct netif_arp *arp;
	int err;

	if (ifi->type != ARPHRD_ETHER || ifi->maclen != NETIF_MACLEN) {
		fail(e, EPROTONOSUPPORT, "cannot open ARP on '%s': not an "
		     "Ethernet interface (ARP hardware type %u)", ifi->name,
		     ifi->type);
		return NULL;
	}
	arp = calloc(1, sizeof(*arp));
	if (!arp) {
		fail(e, ENOMEM, "cannot open ARP on '%s': %s", ifi->name,
		     strerror(ENOMEM));
		return NULL;
	}
	arp->ifindex = ifi->ifindex;
	memcpy(arp->mac, ifi->mac, NETIF_MACLEN);
	memcpy(arp->name, ifi->name, NETIF_NAMELEN);
	arp->name[NETIF_NAMELEN - 1] = '\0';

	/* protocol 0: the socket receives nothing until bind() names ARP
	 * and the interface, so no packet of another interface is queued in
	 * between (packet(7)) */
	arp->fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			 0);
	if (arp->fd < 0) {
		err = errno;
		fail(e, err, "cannot open ARP on '%s': packet socket: %s%s",
		     arp->name, strerror(err),
		     err == EPERM ? " (needs CAP_NET_RAW)" : "");
		free(arp);
		return NULL;
	}
	if (bind(arp->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		err = errno;
		fail(e, err, "cannot open ARP on '%s': bind to index %d: %s",
		     arp->name, arp->ifindex, strerror(err));
		close(arp->fd);
		free(arp);
		return NULL;
	}
	return arp;
}

void netif_arp_close(struct netif_arp *arp)
{
	if (!arp)
		return;
	close(arp->fd);
	free(arp);
}

int netif_arp_fd(const struct netif_arp *arp)
{
	return arp->fd;
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned int get16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

/* Broadcast an ARP request from our MAC: sender @sip, target @tip, target
 * hardware address zero (RFC 5227 2.1.1 and 2.3). */
static int arp_request(struct netif_arp *arp, struct in_addr sip,
		       struct in_addr tip, const char *what,
		       struct netif_err *e)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = arp->ifindex,
		.sll_halen = ETH_ALEN,
	};
	uint8_t pkt[ARP_LEN] = { 0 };
	char ip[INET_ADDRSTRLEN];
	ssize_t n;
	int err;

	memset(to.sll_addr, 0xff, ETH_ALEN);
	put16(pkt + ARP_HRD, ARPHRD_ETHER);
	put16(pkt + ARP_PRO, ETH_P_IP);
	pkt[ARP_HLN] = ETH_ALEN;
	pkt[ARP_PLN] = 4;
	put16(pkt + ARP_OP, ARPOP_REQUEST);
	memcpy(pkt + ARP_SHA, arp->mac, ETH_ALEN);
	memcpy(pkt + ARP_SIP, &sip, 4);
	memcpy(pkt + ARP_TIP, &tip, 4);
	do
		n = sendto(arp->fd, pkt, sizeof(pkt), 0,
			   (struct sockaddr *)&to, sizeof(to));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(pkt))
		return 0;
	err = n < 0 ? errno : EIO;
	return fail(e, err, "cannot send ARP %s for %s on '%s': %s", what,
		    ip_str(tip, ip), arp->name, strerror(err));
}

int netif_arp_probe(struct netif_arp *arp, struct in_addr target,
		    struct netif_err *e)
{
	struct in_addr any = { .s_addr = htonl(INADDR_ANY) };

	return arp_request(arp, any, target, "probe", e);
}

int netif_arp_announce(struct netif_arp *arp, struct in_addr addr,
		       struct netif_err *e)
{
	return arp_request(arp, addr, addr, "announcement", e);
}

/* Parse the @n bytes at @b into @pkt: 0, or -1 when they are not an
 * Ethernet/IPv4 ARP request or reply. */
static int arp_parse(const uint8_t *b, size_t n, struct netif_arp_pkt *pkt)
{
	unsigned int op;

	/* frames are padded to 60 bytes: only a short one is malformed */
	if (n < ARP_LEN)
		return -1;
	if (get16(b + ARP_HRD) != ARPHRD_ETHER ||
	    get16(b + ARP_PRO) != ETH_P_IP ||
	    b[ARP_HLN] != ETH_ALEN || b[ARP_PLN] != 4)
		return -1;
	op = get16(b + ARP_OP);
	if (op != ARPOP_REQUEST && op != ARPOP_REPLY)
		return -1;
	/* a broadcast or multicast sender MAC is nobody's (RFC 1812 3.3.2) */
	if (b[ARP_SHA] & 1)
		return -1;
	pkt->op = op == ARPOP_REQUEST ? NETIF_ARP_REQUEST : NETIF_ARP_REPLY;
	memcpy(pkt->sha, b + ARP_SHA, ETH_ALEN);
	memcpy(&pkt->sip, b + ARP_SIP, 4);
	memcpy(pkt->tha, b + ARP_THA, ETH_ALEN);
	memcpy(&pkt->tip, b + ARP_TIP, 4);
	return 0;
}

int netif_arp_recv(struct netif_arp *arp, struct netif_arp_pkt *pkt,
		   struct netif_err *e)
{
	uint8_t buf[256];
	int skipped, err;

	/* a bounded number of skipped packets per call keeps a flood from
	 * holding the poll loop; poll() reports the rest */
	for (skipped = 0; skipped < 256; skipped++) {
		struct sockaddr_ll from;
		socklen_t fromlen = sizeof(from);
		ssize_t n;

		n = recvfrom(arp->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			err = errno;
			if (err == EAGAIN || err == EWOULDBLOCK)
				return 0;
			if (err == EINTR)
				continue;
			return fail(e, err, "cannot receive ARP on '%s': %s",
				    arp->name, strerror(err));
		}
		/* a socket bound to one protocol sees no outgoing packets
		 * today (only ETH_P_ALL taps do); be sure anyway */
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		if (arp_parse(buf, (size_t)n, pkt) < 0)
			continue;
		/* ours, looped back by the segment */
		if (!memcmp(pkt->sha, arp->mac, ETH_ALEN))
			continue;
		return 1;
	}
	return 0;
}

enum netif_arp_kind netif_arp_classify(const struct netif_arp_pkt *pkt,
				       struct in_addr addr)
{
	if (addr.s_addr == htonl(INADDR_ANY))
		return NETIF_ARP_OTHER;
	/* RFC 5227 2.4: any ARP packet whose sender IP is the address,
	 * request or reply, shows its sender using it */
	if (pkt->sip.s_addr == addr.s_addr)
		return NETIF_ARP_CLAIM;
	if (pkt->op == NETIF_ARP_REQUEST && pkt->tip.s_addr == addr.s_addr)
		return pkt->sip.s_addr == htonl(INADDR_ANY) ?
		       NETIF_ARP_PROBE : NETIF_ARP_QUERY;
	return NETIF_ARP_OTHER;
}

bool netif_arp_collision(const struct netif_arp_pkt *pkt,
			 struct in_addr owned, const uint8_t mac[NETIF_MACLEN])
{
	return netif_arp_classify(pkt, owned) == NETIF_ARP_CLAIM &&
	       memcmp(pkt->sha, mac, NETIF_MACLEN) != 0;
}

int netif_mac_cmp(const uint8_t a[NETIF_MACLEN], const uint8_t b[NETIF_MACLEN])
{
	/* the first octet is the most significant: byte order is numeric
	 * order */
	return memcmp(a, b, NETIF_MACLEN);
}

char *netif_mac_fmt(const uint8_t mac[NETIF_MACLEN],
		    char buf[NETIF_MACSTRLEN])
{
	snprintf(buf, NETIF_MACSTRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}
