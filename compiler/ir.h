/* SPDX-License-Identifier: MIT */
#ifndef ASAC_IR_H
#define ASAC_IR_H

#include "asac.h"
#include "arena.h"
#include "map.h"
#include "src.h"

/*
 * The IR: a typed, resolved model of one configuration.  Every node keeps
 * the location of the command that made it.  Names are interned; a
 * reference is stored as a name plus location by the parser and bound to
 * its target by sema (compiler/sema.c), which reports what it cannot bind.
 */

/* struct sym - a name as written, with its location. */
struct sym {
	const char *s;
	struct loc loc;
};

/* struct ival - an optional integer with the location it came from. */
struct ival {
	bool set;
	int64_t v;
	struct loc loc;
};

/* struct bval - an optional switch: set by a command or its `no` form. */
struct bval {
	bool set;
	bool v;
	struct loc loc;
};

enum ir_addr_kind {
	IR_ADDR_ANY,		/* any (IPv4 and IPv6) */
	IR_ADDR_ANY4,		/* any4 */
	IR_ADDR_ANY6,		/* any6 */
	IR_ADDR_NET,		/* address + prefix length (host = full length) */
	IR_ADDR_RANGE,		/* first - last */
	IR_ADDR_OBJECT,		/* object NAME */
	IR_ADDR_GROUP,		/* object-group NAME */
	IR_ADDR_NAME,		/* a `name` alias, resolved to an address */
	IR_ADDR_INTERFACE,	/* interface NAME: the interface's address */
	IR_ADDR_FQDN,		/* fqdn (objects only) */
};

/*
 * struct ir_addr - an address operand.
 * @family:  4 or 6 for NET/RANGE
 * @host:    written with `host` (kept for output fidelity)
 * @plen:    prefix length for NET
 * @a/@b:    the address (NET) or first/last (RANGE), network byte order
 * @mask_written: the dotted mask as written (NET, IPv4), for diagnostics
 * @ref:     the name for OBJECT/GROUP/NAME/INTERFACE/FQDN
 * @target:  bound by sema
 */
struct ir_addr {
	uint8_t kind;		/* enum ir_addr_kind */
	uint8_t family;
	uint8_t plen;
	bool host;
	uint32_t mask_written;
	struct loc loc;
	union {			/* by kind: NET/RANGE, or the named kinds */
		struct {
			uint8_t a[16], b[16];
		};
		struct {
			struct sym ref;
			void *target;
		};
	};
};

enum ir_port_op {
	IR_PORT_NONE,
	IR_PORT_EQ,
	IR_PORT_NEQ,
	IR_PORT_LT,
	IR_PORT_GT,
	IR_PORT_RANGE,
	IR_PORT_GROUP,		/* object-group NAME (service group) */
};

/* struct ir_ref - a reference by name, bound by sema.  Allocated only
 * where an operand names something, which keeps ACEs small. */
struct ir_ref {
	struct sym name;
	void *target;
};

/* struct ir_port - a port condition: op with one or two ports, or a
 * service group (@ref). */
struct ir_port {
	uint8_t op;		/* enum ir_port_op */
	uint16_t lo, hi;
	struct ir_ref *ref;
};

enum ir_proto_kind {
	IR_PROTO_NUMBER,	/* ip (0 = any), tcp 6, udp 17, icmp 1, ... */
	IR_PROTO_OBJECT,	/* object NAME (service object) */
	IR_PROTO_GROUP,		/* object-group NAME (protocol/service group) */
	IR_PROTO_TCP_UDP,	/* tcp-udp (service objects/groups) */
};

struct ir_proto {
	uint8_t kind;		/* enum ir_proto_kind */
	int16_t num;		/* -1 for `ip` (any protocol) */
	struct ir_ref *ref;	/* OBJECT and GROUP */
};

/* --- interfaces, names, routes ----------------------------------------- */

struct ir_standby {		/* IOS `standby` (HSRP) lines, seed 003 */
	struct loc loc;
	struct ival group;
	struct ival priority;
	struct sym name;
	struct ir_addr *ip;
	bool preempt;			/* standby N preempt */
	struct ival hello_ms, hold_ms;	/* standby N timers */
};

struct ir_iface {
	struct loc loc;
	const char *hwname;
	struct sym nameif;
	struct ival security_level;
	struct ir_addr *ip;		/* address with prefix length */
	struct ir_addr *standby_ip;
	struct ir_addr *ip6;		/* ipv6 address ADDR/LEN */
	bool dhcp;
	struct bval shutdown;
	const char *description;
	struct vec standby;		/* struct ir_standby * */
	/* a virtual tunnel interface (interface TunnelN): tunnel source
	 * interface IF, tunnel destination ADDR|NAME, tunnel mode ipsec
	 * ipv4|ipv6, tunnel protection ipsec profile P */
	struct sym tunnel_source;
	struct ir_addr *tunnel_dest;
	struct loc tunnel_dest_loc;
	struct sym tunnel_mode;
	struct sym tunnel_profile;
	void *tunnel_source_target, *tunnel_profile_target;
	struct vec unmodeled;		/* struct ir_unmodeled * */
};

struct ir_name {
	struct loc loc;
	struct sym name;
	struct ir_addr *addr;
	const char *description;
};

struct ir_route {
	struct loc loc;
	struct sym iface;
	struct ir_addr *dest;
	struct ir_addr *gateway;
	struct ival metric;
	void *iface_target;
};

/* --- objects and object-groups ------------------------------------------ */

enum ir_object_kind {
	IR_OBJ_NETWORK,
	IR_OBJ_SERVICE,
};

struct ir_nat;

/*
 * struct ir_service - a service: protocol plus optional source and
 * destination port conditions, or ICMP type/code.
 */
struct ir_service {
	struct loc loc;
	struct ir_proto proto;
	struct ir_port sport, dport;
	int16_t icmp_type, icmp_code;	/* -1 when absent */
	struct sym *icmp_name;
};

struct ir_object {
	struct loc loc;
	enum ir_object_kind kind;
	struct sym name;
	struct ir_addr *addr;		/* network: host/subnet/range/fqdn */
	struct ir_service *svc;		/* service */
	const char *description;
	struct ir_nat *nat;		/* object NAT */
	bool used;
};

enum ir_og_kind {
	IR_OG_NETWORK,
	IR_OG_SERVICE,
	IR_OG_PROTOCOL,
	IR_OG_ICMP,
};

enum ir_ogm_kind {
	IR_OGM_ADDR,		/* network-object host/subnet/object */
	IR_OGM_GROUP,		/* group-object NAME */
	IR_OGM_PORT,		/* port-object eq/range */
	IR_OGM_SERVICE,		/* service-object ... */
	IR_OGM_PROTOCOL,	/* protocol-object NAME|NUMBER */
	IR_OGM_ICMP,		/* icmp-object NAME|NUMBER */
};

struct ir_ogm {
	enum ir_ogm_kind kind;
	struct loc loc;
	struct ir_addr *addr;
	struct ir_port port;
	struct ir_service *svc;
	struct sym ref;		/* group-object / service-object object */
	void *target;
	int value;		/* protocol or ICMP type number, -1 if named */
	struct sym word;	/* the protocol/ICMP name as written */
};

struct ir_objgroup {
	struct loc loc;
	enum ir_og_kind kind;
	struct sym name;
	int svc_proto;		/* object-group service NAME tcp|udp|tcp-udp:
				 * 6, 17, -2 (tcp-udp); -1 when untyped */
	const char *description;
	struct vec members;	/* struct ir_ogm * */
	bool used;
	int visiting;		/* sema: cycle detection */
};

/* --- access lists -------------------------------------------------------- */

enum ir_ace_kind {
	IR_ACE_EXTENDED,
	IR_ACE_STANDARD,
	IR_ACE_REMARK,
};

/*
 * struct ir_ace - one access-list line.  Kept compact: configurations hold
 * hundreds of thousands of them.
 */
struct ir_ace {
	struct loc loc;
	uint32_t line;			/* ASA `show access-list` line number */
	uint8_t kind;			/* enum ir_ace_kind */
	bool permit;
	bool log, log_disable;
	bool inactive;
	bool refused;			/* the ASA would refuse it (mask), or
					 * asac could not read it (@unread) */
	bool unread;			/* a syntax error: kept for its line
					 * number only, @src/@dst are NULL */
	bool ipv6;			/* from `ipv6 access-list` (ASA 8.x):
					 * IPv6 operands only, any = any6 */
	int8_t log_level;		/* -1 when not given */
	uint16_t log_interval;		/* 0 when not given */
	int16_t icmp_type, icmp_code;	/* -1 when absent */
	struct ir_proto proto;
	struct ir_port sport, dport;
	struct ir_addr *src, *dst;
	struct sym *icmp_name;		/* ICMP type name or icmp group */
	struct sym *time_range;
	const char *remark;
};

struct ir_acl {
	struct loc loc;			/* first ACE */
	struct sym name;
	struct vec aces;		/* struct ir_ace * */
	bool used;
};

enum ir_ag_dir {
	IR_AG_IN,
	IR_AG_OUT,
	IR_AG_GLOBAL,
};

struct ir_access_group {
	struct loc loc;
	struct sym acl;
	enum ir_ag_dir dir;
	struct sym iface;
	void *acl_target, *iface_target;
};

/* --- time ranges -------------------------------------------------------- */

/*
 * struct ir_tr_point - the start or end of a time-range's `absolute`
 * window: a date and time of the ASA's clock, to the minute.
 * @set: written (absent = no bound on that side)
 */
struct ir_tr_point {
	bool set;
	struct loc loc;
	uint16_t year;			/* 1993-2035 */
	uint8_t month;			/* 1-12 */
	uint8_t day;			/* 1-31, valid for the month */
	uint8_t hour, minute;
};

/*
 * struct ir_periodic - one `periodic DAYS HH:MM to [DAY] HH:MM` line.
 * @days:    the start days, bit 0 Monday ... bit 6 Sunday (daily,
 *           weekdays and weekend are their days)
 * @end_day: the day written after `to` (0 Monday ... 6 Sunday), or -1:
 *           the window ends on its start day (the next day when @end is
 *           earlier than @start)
 * @start, @end: minutes after midnight; the end minute is inclusive
 */
struct ir_periodic {
	struct loc loc;
	uint8_t days;
	int8_t end_day;
	uint16_t start, end;
};

/*
 * struct ir_time_range - `time-range NAME` with its `absolute` (one, the
 * last written) and `periodic` (any number) lines.  compiler/timerange.h
 * says when it is active.
 */
struct ir_time_range {
	struct loc loc;
	struct sym name;
	struct loc absolute_loc;	/* the absolute line, if any */
	struct ir_tr_point start, end;
	struct vec periodic;		/* struct ir_periodic * */
	bool used;
};

/* --- management access to the box ------------------------------------------ */

enum ir_mgmt_kind {
	IR_MGMT_SSH,
	IR_MGMT_TELNET,
	IR_MGMT_HTTP,		/* ASDM, with `http server enable` */
	IR_MGMT_ICMP,		/* icmp permit|deny: ICMP to the interface */
};

/* struct ir_mgmt - `ssh|telnet|http ADDRESS MASK IFNAME` or `icmp
 * permit|deny ADDRESS [TYPE] IFNAME`, in configuration order. */
struct ir_mgmt {
	struct loc loc;
	enum ir_mgmt_kind kind;
	bool permit;
	struct ir_addr *addr;
	int16_t icmp_type;		/* -1: every type */
	struct sym iface;
	void *iface_target;
};

/* --- NAT ----------------------------------------------------------------- */

enum ir_nat_kind {
	IR_NAT_TWICE,		/* nat (r,m) source ... (manual NAT) */
	IR_NAT_OBJECT,		/* object network X / nat (r,m) ... */
	IR_NAT_82,		/* nat (if) ID access-list|address (8.2) */
	IR_NAT_82_STATIC,	/* static (real,mapped) ... (8.2) */
};

enum ir_nat_type {
	IR_NAT_STATIC,
	IR_NAT_DYNAMIC,
};

/* Mapped side of a translation: an object/group name, an inline address
 * (object NAT), the egress interface, or a PAT pool. */
struct ir_nat_mapped {
	bool set;
	bool interface;		/* `interface` (PAT to the interface) */
	bool pat_pool;
	struct sym name;	/* object/group (or pat-pool name) */
	struct ir_addr *addr;	/* inline address (object NAT) */
	bool interface_fallback;/* `... NAME interface` */
	void *target;
};

struct ir_nat {
	enum ir_nat_kind kind;
	struct loc loc;
	struct sym real_if, mapped_if;	/* empty = any */
	bool after_auto;		/* section 3 */
	struct ival line;
	enum ir_nat_type type;
	struct sym real_src;		/* twice NAT: real source object */
	struct ir_nat_mapped mapped_src;
	bool has_dst;
	struct ir_nat_mapped mapped_dst;/* destination static MAPPED REAL */
	struct sym real_dst;
	struct sym svc_real, svc_mapped;/* service REAL MAPPED (objects) */
	struct sym svc_proto;		/* object NAT: service PROTO R M */
	struct sym svc_rport, svc_mport;
	/* static PAT (object NAT `service`, 8.2 `static (r,m) tcp|udp`):
	 * IP protocol 6 or 17, 0 for none, and the ports as numbers */
	uint8_t pat_proto;
	uint16_t pat_rport, pat_mport;
	unsigned int flags;		/* IR_NATF_* */
	const char *description;
	/* 8.2: nat N|0 and static; a static's real address is @addr82 (or
	 * the sources of @acl: policy static), its mapped one @mapped_src */
	struct ival nat_id;
	struct sym acl;
	struct ir_addr *addr82;
	bool netmask82;			/* static: `netmask` written */
	const char *options82;		/* 8.2 options as written */
	void *real_if_target, *mapped_if_target;
	void *real_src_target, *real_dst_target, *acl_target;
	struct ir_object *object;	/* object NAT: the object */
};

enum {
	IR_NATF_DNS = 1 << 0,
	IR_NATF_UNIDIRECTIONAL = 1 << 1,
	IR_NATF_NO_PROXY_ARP = 1 << 2,
	IR_NATF_ROUTE_LOOKUP = 1 << 3,
	IR_NATF_INACTIVE = 1 << 4,
	IR_NATF_NET_TO_NET = 1 << 5,
	IR_NATF_EXTENDED = 1 << 6,
	IR_NATF_FLAT = 1 << 7,
	IR_NATF_INCLUDE_RESERVE = 1 << 8,
	IR_NATF_ROUND_ROBIN = 1 << 9,
	IR_NATF_BLOCK_ALLOCATION = 1 << 10,
	IR_NATF_OUTSIDE = 1 << 11,	/* 8.2 nat (if) ... outside */
	IR_NATF_INTERFACE_FALLBACK = 1 << 12,	/* ... MAPPED interface */
	IR_NATF_CONN_LIMITS = 1 << 13,	/* 8.2 static: [tcp] MAX [EMB], udp MAX */
};

struct ir_global82 {		/* global (if) ID interface|addr|range */
	struct loc loc;
	struct sym iface;
	struct ival nat_id;
	bool interface;
	struct ir_addr *addr;
	void *iface_target;
};

/* --- crypto -------------------------------------------------------------- */

/*
 * struct ir_ike_policy - crypto ikev1|ikev2 policy N (8.2: crypto isakmp
 * policy N).  Lists keep the order written; empty lists mean the default.
 */
struct ir_ike_policy {
	struct loc loc;
	int version;
	struct ival priority;
	struct vec encryption;	/* struct sym * */
	struct vec integrity;	/* IKEv1 hash / IKEv2 integrity */
	struct vec prf;
	struct vec group;	/* struct ival * */
	struct sym authentication;
	struct ival lifetime;	/* seconds; 0 = none (IKEv1, seed 004) */
	bool lifetime_none;	/* written `lifetime none` (IKEv1) or
				 * `lifetime seconds none` (IKEv2): stored
				 * as lifetime 0 */
};

struct ir_transform_set {
	struct loc loc;
	struct sym name;
	int ikev;		/* 1; 0 for 8.2 `crypto ipsec transform-set` */
	struct sym esp_enc;
	struct sym esp_auth;	/* empty = none given */
	struct sym mode;	/* tunnel (default) | transport */
	bool used;
};

struct ir_proposal {
	struct loc loc;
	struct sym name;
	struct vec encryption;	/* struct sym * */
	struct vec integrity;
	bool used;
};

enum ir_cmap_type {
	IR_CMAP_STATIC,		/* match address / set ... */
	IR_CMAP_DYNAMIC,	/* ipsec-isakmp dynamic NAME */
};

/*
 * struct ir_cmap_entry - one crypto map (or dynamic-map) entry.
 * Sets keep the order they were written in.
 */
struct ir_cmap_entry {
	struct loc loc;			/* first line of the entry */
	struct ival seq;
	enum ir_cmap_type type;
	struct sym dynmap;		/* ipsec-isakmp dynamic NAME */
	struct sym acl;			/* match address */
	struct vec peers;		/* struct ir_addr * (NET or NAME) */
	struct vec transform_sets;	/* struct sym * */
	struct loc ts_loc;
	int ts_version;			/* 1, or 0 for 8.2 `set transform-set` */
	struct vec proposals;		/* struct sym * */
	struct loc prop_loc;
	struct sym pfs;			/* group14 ..., "" when `set pfs` */
	bool pfs_set;
	struct loc pfs_loc;
	struct ival lifetime_seconds;
	struct ival lifetime_kb;
	struct bval lifetime_kb_unlimited;
	struct bval reverse_route;
	bool reverse_route_dynamic;
	struct sym ikev2_mode;
	struct sym phase1_mode;
	struct sym connection_type;
	struct sym df_bit;
	struct bval validate_icmp_errors;
	struct bval tfc_packets;
	struct bval nat_t_disable;
	struct sym trustpoint;
	struct sym inheritance;
	struct vec lines;		/* struct loc *: every line of it */
	void *acl_target, *dynmap_target;
	bool dynamic_map;		/* entry of a crypto dynamic-map */
};

/* crypto ipsec profile NAME: a VTI's IPsec settings (set ikev1
 * transform-set, set ikev2 ipsec-proposal, set pfs, set
 * security-association lifetime), in an entry's fields; responder-only */
struct ir_ipsec_profile {
	struct loc loc;
	struct sym name;
	struct ir_cmap_entry e;
	struct bval responder_only;
	bool used;
};

struct ir_cmap {
	struct loc loc;
	struct sym name;
	bool dynamic_map;		/* crypto dynamic-map set */
	struct vec entries;		/* struct ir_cmap_entry *, by seq */
	struct vec interfaces;		/* struct sym *: crypto map X interface */
	bool used;
};

struct ir_ike_enable {
	struct loc loc;
	int version;			/* 1 (ikev1 and 8.2 isakmp) or 2 */
	struct sym iface;
	bool client_services;
	struct ival port;
	void *iface_target;
};

struct ir_crypto_globals {
	struct bval am_disable;		/* crypto ikev1 am-disable */
	struct sym isakmp_identity;
	struct sym isakmp_identity_key;
	struct bval nat_traversal;
	struct ival natt_keepalive;
	struct bval ipsec_over_tcp;
	struct vec ipsec_over_tcp_ports;/* struct ival * */
	struct loc ipsec_over_tcp_loc;
	struct bval ikev2_fragmentation;
	struct ival ikev2_frag_mtu;
	struct sym ikev2_frag_method;
	struct bval notify_invalid_selectors;
	struct vec ra_trustpoints;	/* struct sym * */
	struct bval reload_wait;
	struct bval disconnect_notify;
	struct ival sa_lifetime_seconds;
	struct ival sa_lifetime_kb;
	struct bval sa_lifetime_kb_unlimited;
	struct sym pmtu_aging;
	struct vec fragmentation;	/* struct ir_ipsec_frag * */
	struct bval inner_routing_lookup;
	struct sym accelerator_bias;
	struct bval large_mode_accel;
};

struct ir_ipsec_frag {
	struct loc loc;
	struct sym policy;		/* before-encryption|after-encryption */
	struct sym iface;
	void *iface_target;
};

/* --- tunnel-groups and group-policies ------------------------------------ */

struct ir_psk {
	bool set;
	struct loc loc;
	const char *key;		/* as written; NULL when absent */
	int encoding;			/* 0 clear, 8 encrypted, 16 hex */
	bool masked;			/* `*****` from show running-config */
};

struct ir_client_update {
	struct loc loc;
	struct sym type;
	struct sym url;
	struct vec revs;		/* struct sym * */
	bool ikev1_prefix;
};

struct ir_tunnel_group {
	struct loc loc;
	struct sym name;
	struct sym type;
	struct loc type_loc;
	/* general-attributes */
	struct sym default_group_policy;
	struct vec address_pools;	/* struct sym * */
	struct vec ipv6_address_pools;
	struct sym nat_assigned_to_public_ip;
	struct sym authentication_server_group;
	struct sym authentication_server_iface;	/* (IF) when written */
	bool authentication_local_fallback;	/* GROUP LOCAL */
	struct sym accounting_server_group;
	struct sym authorization_server_group;
	struct bval strip_realm, strip_group;
	struct bval authorization_required;	/* users must be authorized */
	/* ipsec-attributes */
	struct ir_psk ikev1_psk;
	struct ir_psk ikev2_local_psk, ikev2_remote_psk;
	struct sym ikev2_local_auth, ikev2_remote_auth;	/* method (last) */
	struct sym ikev2_local_trustpoint;	/* local-authentication certificate TP */
	/* the ikev2 remote-authentication methods written (several may be) */
	bool ikev2_remote_psk_on, ikev2_remote_cert_on, ikev2_remote_eap_on;
	bool ikev2_eap_query_identity;
	struct loc ikev2_remote_eap_loc;
	/* ikev1 user-authentication (or 8.x isakmp ikev1-user-authentication):
	 * none|xauth|hybrid; unset = xauth, the ASA's default */
	struct sym ikev1_user_auth;
	struct vec client_updates;	/* struct ir_client_update * */
	struct sym keepalive;		/* "threshold N retry M" | disable */
	struct ival keepalive_threshold, keepalive_retry;
	struct sym peer_id_validate;
	struct sym trust_point;
	struct vec unmodeled;		/* struct ir_unmodeled * */
	void *default_group_policy_target;
	void *authentication_server_target, *accounting_server_target,
		*authorization_server_target;	/* struct ir_aaa_group * */
	void *trust_point_target, *ikev2_local_trustpoint_target;
	/* webvpn-attributes (AnyConnect): its aliases and URLs, the
	 * methods of `authentication` as written */
	struct vec group_aliases;	/* struct ir_tg_alias * */
	struct vec group_urls;		/* struct ir_tg_alias * */
	struct sym webvpn_authentication;
	bool used;
};

/* group-alias NAME / group-url URL [enable|disable] */
struct ir_tg_alias {
	struct loc loc;
	struct sym name;
	bool enabled;
};

struct ir_tgmap {
	struct loc loc;
	struct sym enable;		/* rules|ou|ike-id|peer-ip */
	struct ival rule_index;
	struct sym map_name;
	struct sym group;		/* default-group / mapped group */
	void *group_target;
};

/* A line kept as written, where it is (a group policy's anyconnect
 * settings asac does not compile). */
struct ir_gp_line {
	struct loc loc;
	const char *text;
};

struct ir_group_policy {
	struct loc loc;
	struct sym name;
	struct sym type;		/* internal|external */
	struct vec vpn_tunnel_protocol;	/* struct sym * */
	struct sym split_tunnel_policy;
	struct sym split_tunnel_acl;	/* value NAME; none = "" + set */
	bool split_tunnel_acl_set;
	struct sym vpn_filter;
	bool vpn_filter_set;
	struct ival vpn_idle_timeout;	/* -1 = none */
	struct ival vpn_session_timeout;
	struct ival vpn_simultaneous_logins;
	struct vec address_pools;	/* struct sym * */
	bool address_pools_set;
	/* mode-config attributes; *_set with an empty value is `none` */
	struct vec dns_servers;		/* struct sym * (addresses) */
	bool dns_servers_set;
	struct vec wins_servers;
	bool wins_servers_set;
	struct sym default_domain;
	bool default_domain_set;
	struct vec split_dns;		/* struct sym * (domains) */
	bool split_dns_set;
	struct vec banner;		/* struct sym *, one per `banner value` */
	bool banner_set;
	struct sym group_lock;
	bool group_lock_set;
	struct sym ipv6_split_tunnel_policy;
	struct sym ipv6_split_tunnel_acl;
	bool ipv6_split_tunnel_acl_set;
	struct sym ipv6_vpn_filter;
	bool ipv6_vpn_filter_set;
	struct vec ipv6_address_pools;
	bool ipv6_address_pools_set;
	struct sym nem;			/* enable|disable */
	struct sym client_firewall;	/* the rest of the line, or none */
	/* the webvpn sub-mode's AnyConnect settings: anyconnect ssl dtls
	 * enable|none, mtu N, dpd-interval gateway|client N|none (0),
	 * ssl keepalive N|none (0); the other anyconnect lines (installer,
	 * profiles, prompts, rekey) as written */
	struct bval ac_dtls;
	struct ival ac_mtu, ac_dpd_gateway, ac_dpd_client, ac_keepalive;
	struct vec ac_other;		/* struct ir_gp_line * */
	struct vec unmodeled;
	void *split_tunnel_target, *vpn_filter_target;
	void *ipv6_split_tunnel_target, *ipv6_vpn_filter_target;
	void *group_lock_target;	/* struct ir_tunnel_group * */
	bool used;
};

/*
 * username NAME password PW [encrypted|pbkdf2|nt-encrypted|mschap]
 * [privilege N] | nopassword [privilege N], and `username NAME attributes`
 * whose sub-mode takes the group-policy attributes (@attrs) and the
 * user-only ones.
 */
struct ir_user {
	struct loc loc;
	struct sym name;
	const char *password;		/* as written (clear text or a hash) */
	struct loc password_loc;
	struct sym pw_form;		/* encrypted|pbkdf2|nt-encrypted|mschap */
	bool nopassword;
	struct ival privilege;
	struct ir_group_policy attrs;	/* name = the user's; type unset */
	bool has_attrs;
	struct sym vpn_group_policy;
	struct sym service_type;	/* admin|nas-prompt|remote-access */
	struct ir_addr *framed_ip, *framed_mask;
	struct loc framed_loc;
	void *vpn_group_policy_target;
	bool used;
};

/* aaa-server GROUP protocol P, and its hosts. */
struct ir_aaa_host {
	struct loc loc;
	struct sym iface;		/* (IF) */
	struct sym host;		/* address or name as written */
	struct ir_addr *addr;		/* when an address */
	struct ir_psk key;
	struct ival auth_port, acct_port;
	struct ival timeout, retry_interval;
	void *iface_target;
};

struct ir_aaa_group {
	struct loc loc;
	struct sym name;
	struct sym protocol;		/* radius|tacacs+|ldap|kerberos|nt|sdi|... */
	struct vec hosts;		/* struct ir_aaa_host * */
	bool used;
};

/* webvpn: the AnyConnect SSL VPN service of the ASA. */
struct ir_webvpn_if {
	struct loc loc;
	struct sym iface;
	bool tls_only;			/* enable IF tls-only: no DTLS */
	void *iface_target;
};

struct ir_webvpn {
	bool present;
	struct loc loc;
	struct vec enabled;		/* struct ir_webvpn_if * */
	struct bval anyconnect;		/* anyconnect enable */
	struct bval tunnel_group_list;	/* tunnel-group-list enable */
	struct ival port, dtls_port;	/* 443 when not given */
};

/* ssl trust-point TP [IF]: the certificate of SSL (webvpn) on IF, or on
 * every interface without one of its own */
struct ir_ssl_tp {
	struct loc loc;
	struct sym tp, iface;
	void *tp_target, *iface_target;
};

/* ssl cipher VERSION LEVEL|custom "STRING": the ciphers SSL accepts for
 * a protocol version (9.x) */
struct ir_ssl_cipher {
	struct loc loc;
	struct sym version;
	const char *level;		/* all|low|medium|fips|high|custom "..." */
	struct loc level_loc;
};

/* crypto ca trustpoint NAME, and its certificate chain. */
struct ir_trustpoint {
	struct loc loc;
	struct sym name;
	struct sym enrollment;		/* self|terminal|url ... (as written) */
	struct sym subject_name;	/* the rest of the line */
	struct sym fqdn;
	struct sym keypair;
	struct sym revocation_check;	/* the methods, as written */
	bool crl_configure;
	struct loc chain_loc;		/* crypto ca certificate chain NAME */
	bool chain;
	uint32_t chain_certs;		/* `certificate` blocks in it */
	bool used;
};

/* crypto ca certificate map NAME SEQ and its rules (kept, not matched). */
struct ir_certmap_rule {
	struct loc loc;
	struct sym field;		/* subject-name|issuer-name|... */
	struct sym attr;		/* cn, ou, ... or empty (whole name) */
	struct sym op;			/* eq|ne|co|nc */
	struct sym value;
};

struct ir_certmap {
	struct loc loc;
	struct sym name;
	struct ival seq;
	struct vec rules;		/* struct ir_certmap_rule * */
};

struct ir_pool {
	struct loc loc;
	struct sym name;
	int family;
	struct ir_addr *range;		/* RANGE (v4) or NET (v6 prefix) */
	struct ir_addr *mask;
	struct ival count;		/* IPv6 pool size */
	bool used;
};

/* --- load balancing, clusters, session limits ---------------------------- */

struct ir_vpn_lb {		/* vpn load-balancing (seed 000) */
	struct loc loc;
	bool present;
	struct ir_addr *cluster_ip;
	struct sym cluster_fqdn;
	struct loc cluster_ip_loc;
	struct ival cluster_port;
	struct bval cluster_encryption;
	struct ir_psk cluster_key;
	struct bval participate;
	struct ival priority;
	struct ir_addr *nat_v4, *nat_v6;
	struct loc nat_loc;
	struct sym lbpublic, lbprivate;
	struct bval redirect_fqdn;
	struct vec unmodeled;
	void *lbpublic_target, *lbprivate_target;
};

struct ir_ikev2_cluster {	/* crypto ikev2 cluster (seed 003, IOS) */
	struct loc loc;
	bool present;
	struct ival holdtime;
	struct ival overload_limit;
	struct ival weight_crypto_load;
	struct ival weight_system_load;
	struct ival port;
	struct ival slave_hello, slave_max_session, slave_priority,
		slave_update;
	struct sym standby_group;
	struct bval shutdown;
	struct vec unmodeled;
};

struct ir_reconnect_key {
	struct loc loc;
	struct ival index;
	bool active;
	const char *key;
	struct loc key_loc;
};

struct ir_ikev2_redirect {
	struct bval client;
	struct ival max_redirects;
	struct sym gateway;		/* init|auth */
	struct loc gateway_loc;
	struct vec reconnect_keys;	/* struct ir_reconnect_key * */
};

struct ir_logging {
	struct loc loc;
	bool trap;			/* logging trap LEVEL */
	struct sym klass;		/* logging class CLASS ... */
	const char *rest;
};

/* --- everything else ----------------------------------------------------- */

/*
 * struct ir_unmodeled - a line asac keeps but does not model.
 * @context: the command that opened the sub-mode it sits in, if any
 */
struct ir_unmodeled {
	struct loc loc;
	const char *context;
	struct loc context_loc;
	bool has_context;
};

/*
 * struct ir - one configuration (one input file).
 */
struct ir {
	uint32_t file;
	struct arena *arena;
	struct strtab *strs;
	struct sym hostname, domain_name;
	struct sym asa_version;
	bool names_enabled;
	struct vec names;		/* struct ir_name * */
	struct vec interfaces;		/* struct ir_iface * */
	struct vec routes;
	struct vec objects;		/* struct ir_object * (definition order) */
	struct vec objgroups;
	struct vec acls;
	struct vec access_groups;
	struct vec time_ranges;		/* struct ir_time_range * */
	struct vec nats;		/* twice NAT and 8.2 nat, in order */
	struct vec globals82;
	struct bval same_security_inter, same_security_intra;
	struct bval permit_vpn, preserve_vpn_flows, reclassify_vpn;
	struct ival tcpmss, tcpmss_minimum;
	struct vec mgmt;		/* struct ir_mgmt * */
	struct bval http_server;
	struct ival http_port;
	struct vec ike_policies;	/* both versions, by version/priority */
	struct vec ike_enables;
	struct ir_crypto_globals crypto;
	struct vec transform_sets;
	struct vec proposals;
	struct vec cmaps;		/* crypto map sets */
	struct vec dynmaps;		/* crypto dynamic-map sets */
	struct vec tunnel_groups;
	struct vec tgmaps;
	struct vec group_policies;
	struct vec pools;		/* ip/ipv6 local pools */
	struct vec users;		/* struct ir_user * */
	struct vec aaa_groups;		/* struct ir_aaa_group * */
	struct vec trustpoints;		/* struct ir_trustpoint * */
	struct vec certmaps;		/* struct ir_certmap * */
	struct ir_webvpn webvpn;
	struct vec ssl_trustpoints;	/* struct ir_ssl_tp * */
	struct sym ssl_server_version;	/* the oldest version SSL accepts */
	struct vec ssl_ciphers;		/* struct ir_ssl_cipher * */
	struct vec ipsec_profiles;	/* struct ir_ipsec_profile * */
	struct map m_profiles;
	struct ival max_anyconnect, max_other;
	struct bval client_update_enable;
	struct vec client_updates;	/* global client-update type ... */
	struct ir_vpn_lb lb;
	struct ir_ikev2_cluster cluster;
	struct ir_ikev2_redirect redirect;
	struct vec logging;
	struct vec unmodeled;		/* struct ir_unmodeled *, in order */
	/* namespaces */
	struct map m_names, m_ifaces, m_objects, m_objgroups, m_acls;
	struct map m_ts, m_props, m_cmaps, m_dynmaps, m_tgs, m_gps, m_pools;
	struct map m_users, m_aaa, m_tps;
	struct map m_time_ranges;
	struct map m_ikepol[3];
	struct map m_ifhw;
};

struct ir *ir_alloc(struct arena *a, struct strtab *strs, uint32_t file);
void ir_free(struct ir *ir);	/* the maps; the arena holds the rest */

struct ir_addr *ir_addr_new(struct ir *ir, enum ir_addr_kind kind,
			    const struct loc *loc);
/* The first IPv4 address of @a as a host-order integer. */
uint32_t ir_addr_v4(const struct ir_addr *a);
/* Mask bits to prefix length; -1 when not contiguous. */
int ir_mask_plen(uint32_t mask);
/* Format an address operand as the ASA writes it. */
const char *ir_addr_str(const struct ir_addr *a, char *buf, size_t len);
/* The literal address behind a peer operand (NET, or a resolved name), or
 * NULL. */
const struct ir_addr *ir_peer_addr(const struct ir_addr *a);
/* The tunnel group named @name, or NULL.  Names are compared as text, so
 * a name built at run time (a peer's address) needs no interning. */
/* A peer (`set peer`, `--decrypted-from`) as its address alone, as the
 * ASA writes it: 2001:db8::9, not 2001:db8::9/128; a name as written. */
const char *ir_peer_str(const struct ir_addr *a, char *buf, size_t len);
/* Mark the keys and passwords of @ir in its source @f (src_secret), so
 * no excerpt or comment prints them. */
void ir_mark_secrets(const struct ir *ir, struct src_file *f);
/* Is @tg a remote-access tunnel group (`type remote-access`, 8.2's
 * `ipsec-ra`, or DefaultRAGroup, which is one by default)? */
bool ir_tg_remote_access(const struct ir_tunnel_group *tg);
/* Does @ir serve AnyConnect clients (webvpn with `enable IF` and
 * `anyconnect enable`)? */
bool ir_anyconnect(const struct ir *ir);
/* The canonical text of address @s (inet_ntop's), or false. */
bool ir_addr_canon(const char *s, char *buf, size_t len);
/* The tunnel group named @name; an address matches a group named after
 * the same address however it is written. */
const struct ir_tunnel_group *ir_tunnel_group(const struct ir *ir,
					      const char *name);
/* The first access-group of direction @dir bound to nameif @iface (any
 * for IR_AG_GLOBAL) whose ACL exists, or NULL. */
const struct ir_access_group *ir_access_group(const struct ir *ir,
					      enum ir_ag_dir dir,
					      const char *iface);

#endif /* ASAC_IR_H */
