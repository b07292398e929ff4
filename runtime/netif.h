/* SPDX-License-Identifier: MIT */
#ifndef ASAC_NETIF_H
#define ASAC_NETIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/*
 * netif - the Linux I/O asacd needs to own the virtual cluster IP of an
 * ASA VPN load-balancing cluster on its outside interface: look the
 * interface up, put the address on it and take it off again (rtnetlink),
 * and send and receive ARP (an AF_PACKET socket) for the master election
 * of seed 001 ("Master Election Process"): a member sends up to
 * (10 - priority) + 1 ARP probes for the cluster IP to find a master that
 * owns it, and "when there is a mastership conflict detected as a result
 * of ARP collision, the ASA with a low MAC address wins".
 *
 * The module keeps no global state and never prints.  Every function
 * that can fail returns a negative errno value and, when @e is not NULL,
 * fills it with that errno and a message naming the operation, the
 * address and the interface ("cannot add 192.0.2.10/32 to 'eth0':
 * Operation not permitted").  Addresses are struct in_addr, in network
 * byte order as the kernel has them.
 *
 * Answering ARP requests for the cluster IP is left to the kernel: once
 * the address is on the interface, Linux answers requests and RFC 5227
 * probes for it (subject to the interface's arp_ignore sysctl).  Linux
 * does not announce an IPv4 address it is given, nor check that nobody
 * else has it: the caller probes before netif_addr_add() and announces
 * after it.
 */

#define NETIF_NAMELEN	16	/* IFNAMSIZ: 15 bytes and the NUL */
#define NETIF_MAXADDRS	32	/* addresses netif_lookup() keeps */
#define NETIF_ERRLEN	256
#define NETIF_MACLEN	6	/* an Ethernet address */
#define NETIF_MACSTRLEN	18	/* "02:00:5e:00:53:01" and the NUL */

/*
 * struct netif_err - why a call failed.
 * @code: the errno value (positive); the call returned -@code
 * @msg:  the operation, the interface and the reason, for a log line;
 *        the reason is strerror(@code), followed by the kernel's own
 *        words in parentheses when its netlink extended ack gave some
 */
struct netif_err {
	int code;
	char msg[NETIF_ERRLEN];
};

/*
 * struct netif_addr - an IPv4 address on an interface.
 * @addr:      the local address (IFA_LOCAL)
 * @prefixlen: its prefix length, 0-32
 */
struct netif_addr {
	struct in_addr addr;
	unsigned int prefixlen;
};

/*
 * struct netif_info - an interface as netif_lookup() found it.
 * @name:      its name
 * @ifindex:   its index
 * @type:      its ARP hardware type (ARPHRD_ETHER = 1 for Ethernet,
 *             veth and bridges; ARP needs it)
 * @flags:     its IFF_* flags (IFF_UP = 0x1, IFF_RUNNING = 0x40)
 * @mac:       its hardware address, when @maclen is NETIF_MACLEN
 * @maclen:    NETIF_MACLEN for an Ethernet address, else 0
 * @naddrs:    how many of @addrs are set
 * @truncated: the interface has more than NETIF_MAXADDRS IPv4 addresses
 *             and only the first ones are in @addrs
 * @addrs:     its IPv4 addresses, in the kernel's order (primary ones
 *             first)
 */
struct netif_info {
	char name[NETIF_NAMELEN];
	int ifindex;
	unsigned int type;
	unsigned int flags;
	uint8_t mac[NETIF_MACLEN];
	unsigned int maclen;
	size_t naddrs;
	bool truncated;
	struct netif_addr addrs[NETIF_MAXADDRS];
};

/**
 * netif_lookup() - find an interface by name, with its index, MAC address
 * and IPv4 addresses (rtnetlink RTM_GETLINK and an RTM_GETADDR dump).
 * @name: the interface name (1-15 bytes)
 * @ifi:  filled in
 * @e:    the error, or NULL
 *
 * Return: 0, or -ENODEV when there is no such interface, -EINVAL for a
 * name that cannot be one, another negative errno for a netlink failure.
 */
int netif_lookup(const char *name, struct netif_info *ifi,
		 struct netif_err *e);

/**
 * netif_has_addr() - is @addr one of the addresses netif_lookup() found?
 * @ifi:  the interface
 * @addr: the address, any prefix length
 */
bool netif_has_addr(const struct netif_info *ifi, struct in_addr addr);

/**
 * netif_addr_add() - put @addr/@prefixlen on the interface (RTM_NEWADDR,
 * NLM_F_CREATE | NLM_F_EXCL, acknowledged).
 * @ifi:       the interface (its @ifindex and @name are used)
 * @addr:      the address
 * @prefixlen: 0-32; 32 for the cluster IP, so that it adds no prefix
 *             route and is never the source the kernel picks for the
 *             outside subnet
 * @e:         the error, or NULL
 *
 * Return: 0 when added, 1 when the interface already had @addr with this
 * prefix length (the kernel's EEXIST), or a negative errno (-EPERM
 * without CAP_NET_ADMIN, -ENODEV when the interface is gone, ...).
 */
int netif_addr_add(const struct netif_info *ifi, struct in_addr addr,
		   unsigned int prefixlen, struct netif_err *e);

/**
 * netif_addr_del() - take @addr/@prefixlen off the interface
 * (RTM_DELADDR, acknowledged).
 * @ifi:       the interface
 * @addr:      the address
 * @prefixlen: the prefix length it was added with: like `ip addr del`,
 *             the kernel removes @addr only with this prefix length
 * @e:         the error, or NULL
 *
 * Return: 0 when removed, 1 when the interface did not have it (the
 * kernel's EADDRNOTAVAIL), or a negative errno.
 */
int netif_addr_del(const struct netif_info *ifi, struct in_addr addr,
		   unsigned int prefixlen, struct netif_err *e);

/* ARP operation codes (RFC 826 ar$op) */
enum netif_arp_op {
	NETIF_ARP_REQUEST = 1,
	NETIF_ARP_REPLY = 2,
};

/*
 * struct netif_arp_pkt - an Ethernet/IPv4 ARP packet (RFC 826).
 * @op:  NETIF_ARP_REQUEST or NETIF_ARP_REPLY
 * @sha: sender hardware address
 * @sip: sender IP address (0.0.0.0 in an RFC 5227 probe)
 * @tha: target hardware address
 * @tip: target IP address
 */
struct netif_arp_pkt {
	enum netif_arp_op op;
	uint8_t sha[NETIF_MACLEN];
	struct in_addr sip;
	uint8_t tha[NETIF_MACLEN];
	struct in_addr tip;
};

/* an ARP socket bound to one interface */
struct netif_arp;

/**
 * netif_arp_open() - open a non-blocking AF_PACKET socket (SOCK_DGRAM,
 * ETH_P_ARP) that sends and receives ARP on one interface.
 * @ifi: the interface: Ethernet (ARPHRD_ETHER with a MAC address); its
 *       name, index and MAC are copied
 * @e:   the error, or NULL
 *
 * Needs CAP_NET_RAW.  The socket keeps working across the interface going
 * down and up (netif_arp_recv() then returns -ENETDOWN once); if the
 * interface is deleted, close it and open a new one.
 *
 * Return: the socket, to be closed with netif_arp_close(), or NULL with
 * @e set (-EPROTONOSUPPORT in @e->code for an interface that is not
 * Ethernet).
 */
struct netif_arp *netif_arp_open(const struct netif_info *ifi,
				 struct netif_err *e);

/**
 * netif_arp_close() - close the socket and free @arp; NULL is a no-op.
 * @arp: the socket
 */
void netif_arp_close(struct netif_arp *arp);

/**
 * netif_arp_fd() - the descriptor to poll() for POLLIN; then call
 * netif_arp_recv() until it returns 0.
 * @arp: the socket
 */
int netif_arp_fd(const struct netif_arp *arp);

/**
 * netif_arp_probe() - broadcast an ARP probe for @target (RFC 5227 2.1.1):
 * a request from our MAC with sender IP 0.0.0.0 and target hardware
 * address zero.
 * @arp:    the socket
 * @target: the address asked for (the cluster IP)
 * @e:      the error, or NULL
 *
 * Sender 0.0.0.0 rather than the interface's own address: a probe must
 * not make the other hosts cache a mapping for us, and it works before
 * the interface has any address.  An owner still answers us: Linux
 * replies to such a probe for one of its addresses with a reply from
 * @target, sent to our MAC, whose target IP is 0.0.0.0 (arp_process() in
 * net/ipv4/arp.c, its duplicate address detection case).
 * netif_arp_classify() calls that reply NETIF_ARP_CLAIM.
 *
 * Return: 0 or a negative errno (-ENETDOWN when the interface is down).
 */
int netif_arp_probe(struct netif_arp *arp, struct in_addr target,
		    struct netif_err *e);

/**
 * netif_arp_announce() - broadcast an ARP announcement (gratuitous ARP,
 * RFC 5227 2.3) for @addr, an address we now own: a request from our MAC
 * with sender IP = target IP = @addr, target hardware address zero.
 * @arp:  the socket
 * @addr: the address (the cluster IP, after netif_addr_add())
 * @e:    the error, or NULL
 *
 * RFC 5227 sends two, ANNOUNCE_INTERVAL (2 s) apart: the caller's timer.
 *
 * Return: 0 or a negative errno.
 */
int netif_arp_announce(struct netif_arp *arp, struct in_addr addr,
		       struct netif_err *e);

/**
 * netif_arp_recv() - take the next ARP packet received on the interface,
 * without blocking.
 * @arp: the socket
 * @pkt: filled in when 1 is returned
 * @e:   the error, or NULL
 *
 * Skips what is not an Ethernet/IPv4 request or reply of at least 28
 * bytes with a unicast sender MAC, and what we sent ourselves (outgoing
 * packets, and any packet whose sender MAC is the interface's).
 *
 * Return: 1 with a packet in @pkt; 0 when no more are queued now (poll
 * again); or a negative errno (-ENETDOWN once after the interface went
 * down; the socket still works once it is up again).
 */
int netif_arp_recv(struct netif_arp *arp, struct netif_arp_pkt *pkt,
		   struct netif_err *e);

/*
 * enum netif_arp_kind - what an ARP packet says about one address.
 * @NETIF_ARP_OTHER: nothing (another address)
 * @NETIF_ARP_CLAIM: the sender uses the address as its own (sender IP is
 *                   the address): a reply to our probe, an announcement,
 *                   or any request it sends from it.  While we own the
 *                   address, it is a collision (RFC 5227 2.4).
 * @NETIF_ARP_PROBE: the sender probes for the address (sender IP 0.0.0.0,
 *                   RFC 5227 2.1.1): another member looking for a master
 * @NETIF_ARP_QUERY: the sender, with another address, asks who has it
 */
enum netif_arp_kind {
	NETIF_ARP_OTHER,
	NETIF_ARP_CLAIM,
	NETIF_ARP_PROBE,
	NETIF_ARP_QUERY,
};

/**
 * netif_arp_classify() - what @pkt says about @addr.
 * @pkt:  a packet from netif_arp_recv()
 * @addr: the address (not 0.0.0.0, which is never claimed)
 */
enum netif_arp_kind netif_arp_classify(const struct netif_arp_pkt *pkt,
				       struct in_addr addr);

/**
 * netif_arp_collision() - does @pkt show another host claiming @owned, an
 * address we own: a NETIF_ARP_CLAIM from a sender MAC other than @mac?
 * @pkt:   a packet from netif_arp_recv()
 * @owned: the address we own (the cluster IP, while master)
 * @mac:   our MAC (the interface's)
 *
 * The election then compares the MACs with netif_mac_cmp().
 */
bool netif_arp_collision(const struct netif_arp_pkt *pkt,
			 struct in_addr owned, const uint8_t mac[NETIF_MACLEN]);

/**
 * netif_mac_cmp() - compare two MAC addresses as 48-bit numbers.
 * @a: one
 * @b: the other
 *
 * ASA: on an ARP collision, "the ASA with a low Media Access Control
 * (MAC) address wins, while the ASA with a higher MAC address gives up
 * the master device role" (seed 001).
 *
 * Return: <0, 0 or >0 as @a is lower than, equal to or higher than @b.
 */
int netif_mac_cmp(const uint8_t a[NETIF_MACLEN], const uint8_t b[NETIF_MACLEN]);

/**
 * netif_mac_fmt() - write @mac as "02:00:5e:00:53:01" into @buf.
 * @mac: the address
 * @buf: at least NETIF_MACSTRLEN bytes
 *
 * Return: @buf.
 */
char *netif_mac_fmt(const uint8_t mac[NETIF_MACLEN],
		    char buf[NETIF_MACSTRLEN]);

#endif /* ASAC_NETIF_H */
