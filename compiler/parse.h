/* SPDX-License-Identifier: MIT */
#ifndef ASAC_PARSE_H
#define ASAC_PARSE_H

#include "asac.h"
#include "diag.h"
#include "ir.h"

/*
 * The front end reads a configuration line by line.  The flex scanner
 * (grammar/asa.l) turns one line into tokens; the bison grammar
 * (grammar/asa.y) parses that line as a command of one configuration mode,
 * given by a marker token in front of it; the driver (compiler/parse.c)
 * tracks the mode as the ASA's CLI does and applies the parsed command to
 * the IR.  Lines the grammar does not model are kept as unmodelled.
 */

/* struct tok - one token of the current line. */
struct tok {
	int kind;		/* bison token kind */
	uint32_t start, end;	/* byte offsets */
	uint32_t idx;		/* position in the line */
};

/* Configuration modes; the grammar has one marker token for each. */
enum mode {
	MODE_GLOBAL,
	MODE_IF,		/* interface */
	MODE_OBJNET,		/* object network */
	MODE_OBJSVC,		/* object service */
	MODE_OGNET,		/* object-group network */
	MODE_OGSVC,		/* object-group service */
	MODE_OGPROTO,		/* object-group protocol */
	MODE_OGICMP,		/* object-group icmp-type */
	MODE_IKEPOL,		/* crypto ikev1|ikev2|isakmp policy */
	MODE_PROPOSAL,		/* crypto ipsec ikev2 ipsec-proposal */
	MODE_TG_GENERAL,	/* tunnel-group general-attributes */
	MODE_TG_IPSEC,		/* tunnel-group ipsec-attributes */
	MODE_GP,		/* group-policy attributes */
	MODE_LB,		/* vpn load-balancing */
	MODE_CLUSTER,		/* crypto ikev2 cluster (IOS) */
	MODE_TIMERANGE,		/* time-range */
	MODE_USER,		/* username attributes */
	MODE_AAA_HOST,		/* aaa-server ... host */
	MODE_TRUSTPOINT,	/* crypto ca trustpoint */
	MODE_CHAIN,		/* crypto ca certificate chain */
	MODE_CERTMAP,		/* crypto ca certificate map */
	MODE_WEBVPN,		/* webvpn */
	MODE_TG_WEBVPN,		/* tunnel-group webvpn-attributes */
	MODE_GP_WEBVPN,		/* group-policy (or username) attributes'
				 * webvpn */
	MODE_IPSEC_PROFILE,	/* crypto ipsec profile */
	MODE_UNMODELED,		/* opened by an unmodelled command */
	MODE__COUNT
};

/* Commands the grammar recognises; the driver's apply step handles each. */
enum cmd_kind {
	C_NONE,
	C_NAV,			/* enable / configure terminal / exit / end */
	C_EXIT,
	C_HOSTNAME, C_DOMAIN_NAME, C_ASA_VERSION, C_NAMES, C_NAME,
	C_INTERFACE, C_IF_NAMEIF, C_IF_SECLEVEL, C_IF_IP, C_IF_IP6, C_IF_IP_DHCP,
	C_IF_SHUTDOWN, C_IF_DESCRIPTION, C_IF_STANDBY,
	C_ROUTE,
	C_OBJECT, C_OBJ_ADDR, C_OBJ_SERVICE, C_OBJ_DESCRIPTION, C_OBJ_NAT,
	C_OBJGROUP, C_OGM, C_OG_DESCRIPTION,
	C_ACE, C_ACCESS_GROUP,
	C_NAT, C_GLOBAL82,
	C_SAME_SECURITY, C_SYSOPT, C_MGMT, C_HTTP_SERVER,
	C_IKE_POLICY, C_IKEPOL_SET,
	C_IKE_ENABLE, C_CRYPTO_GLOBAL,
	C_TRANSFORM_SET, C_PROPOSAL, C_PROP_SET,
	C_CMAP_ENTRY, C_CMAP_INTERFACE,
	C_ENGINE,
	C_TUNNEL_GROUP, C_TG_ATTR_MODE, C_TG_SET,
	C_TGMAP,
	C_GROUP_POLICY, C_GP_SET,
	C_POOL,
	C_SESSIONDB,
	C_LB, C_LB_SET,
	C_CLUSTER, C_CLUSTER_SET, C_IKEV2_REDIRECT, C_RECONNECT_KEY,
	C_CLIENT_UPDATE,
	C_LOGGING,
	C_TIME_RANGE, C_TR_SET,
	C_USERNAME, C_USER_SET,
	C_AAA, C_AAA_SET,
	C_TRUSTPOINT, C_TP_SET, C_CERT_CHAIN, C_CHAIN_LINE,
	C_WEBVPN, C_WEBVPN_SET, C_SSL_TRUSTPOINT, C_SSL_VERSION, C_TGWEB_SET,
	C_GP_WEBVPN, C_GPWEB_SET, C_SSL_CIPHER,
	C_IF_TUNNEL, C_IPSEC_PROFILE, C_IPSEC_PROFILE_SET,
	C_CERTMAP, C_CERTMAP_RULE,
};

/*
 * struct cmd - what the grammar produced for one line.  Generic slots keep
 * the grammar small: each kind documents which it uses (see parse.c).
 * @sub:   a keyword token saying which variant/setting it is
 * @s:     names with locations
 * @i:     integers with locations
 * @a:     address operands
 * @list:  lists (struct sym *, struct ival * or struct ir_addr *)
 * @node:  a node the grammar built whole (ACE, NAT, member, service)
 */
struct cmd {
	enum cmd_kind kind;
	bool neg;
	int sub, sub2;
	struct loc loc;
	struct sym s[4];
	struct ival i[4];
	struct ir_addr *a[3];
	struct vec *list;
	void *node;
	const char *text;
};

/* A time-range's `absolute` window, as the grammar read it. */
struct tr_absolute {
	struct ir_tr_point start, end;
};

/* The parser's error, queued only when the line is finally given up on. */
struct perr {
	bool set;
	struct loc loc;
	char msg[320];
};

/*
 * struct pctx - state shared by the driver, the scanner and the grammar.
 */
struct pctx {
	struct ir *ir;
	struct arena *arena;		/* the IR's */
	struct arena scratch;		/* this line's commands */
	struct addr_slot {
		uint32_t h;		/* hash | 1; 0: free */
		struct ir_addr *a;
	} *addr_tab;			/* shared address nodes */
	size_t addr_cap, naddr;
	struct strtab *strs;
	struct diag_ctx *diag;
	const struct src_file *src;
	uint32_t file;
	/* the current line */
	struct tok *toks;
	uint32_t ntoks, tcap, pos;
	uint32_t line_start, line_end;
	int marker;
	struct perr err;
	struct cmd *result;
	int debug;
	/* the driver's mode */
	enum mode mode;
	void *cur;			/* the object the mode edits */
	struct loc mode_loc;		/* the command that opened it */
	enum mode prev_mode;		/* sub-mode left for an unmodelled
					 * block (see set_mode) */
	void *prev_cur;
	struct loc prev_loc;
	enum mode gpweb_parent;		/* MODE_GP or MODE_USER, whose webvpn
					 * sub-mode MODE_GP_WEBVPN is */
	unsigned int nerrors, max_errors;
	bool aborted;
};

/*
 * Parse @src into a new IR allocated in @arena; diagnostics go to @diag.
 * Returns the IR (never NULL); the caller runs sema on it.
 */
struct ir *parse_config(struct arena *arena, struct strtab *strs,
			struct diag_ctx *diag, const struct src_file *src,
			uint32_t file, unsigned int max_errors, int debug);

/* For the grammar's actions. */
struct cmd *cmd_new(struct pctx *p, enum cmd_kind kind, const struct loc *loc);
struct sym pctx_sym(struct pctx *p, const struct tok *t);
struct ival pctx_num(struct pctx *p, const struct tok *t);
const char *pctx_rest(struct pctx *p, const struct loc *from);
/* Is every token of the line hex digits (a certificate chain's data)? */
bool pctx_hex_line(const struct pctx *p);
int pctx_error(struct pctx *p, const struct loc *loc, const char *fmt, ...)
	__fmtstring(3, 4);
struct ir_addr *pctx_addr(struct pctx *p, const struct tok *t);
struct ir_addr *pctx_addr_mask(struct pctx *p, const struct tok *a,
			       const struct tok *m);
struct ir_addr *pctx_prefix(struct pctx *p, const struct tok *t);
/* Fill @a with the address of token @t (nothing allocated); false, with
 * the error set, if it is none. */
bool pctx_addr_fill(struct pctx *p, const struct tok *t, struct ir_addr *a);
/* The same, returning a node shared by equal valid addresses. */
struct ir_addr *pctx_addr_shared(struct pctx *p, const struct tok *t);
struct ir_addr *pctx_addr_mask_shared(struct pctx *p, const struct tok *a,
				      const struct tok *m);
struct ir_addr *pctx_addr_intern(struct pctx *p, const struct ir_addr *a);
struct ir_addr *pctx_range(struct pctx *p, const struct tok *t);
struct ir_addr *pctx_addr_name(struct pctx *p, const struct tok *t);
struct vec *pctx_list(struct pctx *p, struct vec *v, void *item);
/* The first token of the line at or after byte @off, or NULL. */
const struct tok *pctx_tok_at(struct pctx *p, uint32_t off);
/* The protocols a port name is valid for: PORT_TCP, PORT_UDP or both. */
enum { PORT_TCP = 1, PORT_UDP = 2 };
/*
 * The port of token @t (a number or a port name) into *@port; false, with
 * the error set, if it is neither, or if it is a name that does not name a
 * port of every protocol of @protos (PORT_* bits; 0 takes any name).
 */
bool pctx_port(struct pctx *p, const struct tok *t, uint16_t *port,
	       unsigned int protos);
/* The same for a port already read as a name (a number or a port name). */
bool pctx_port_sym(struct pctx *p, const struct sym *s, uint16_t *port,
		   unsigned int protos);
/* The port of name @name into *@port and its PORT_* bits; 0 if it is no
 * port name. */
unsigned int pctx_port_name(const char *name, uint16_t *port);
/* The PORT_* bits a port name must have for IP protocol @proto (6, 17,
 * -2 for tcp-udp; 0 for the others, sctp included). */
unsigned int pctx_port_protos(int proto);
/* The message for port name @name (PORT_* bits @has) used where @want is
 * needed, written into @buf; NULL when it is valid there. */
const char *pctx_port_mismatch(const char *name, unsigned int has,
			       unsigned int want, char *buf, size_t len);
/* 8.2 `static (REAL,MAPPED) ...`, its operands from token @first. */
struct ir_nat *acl_read_static82(struct pctx *p, uint32_t first,
				 struct sym real_if, struct sym mapped_if);
/* ACE operands are read by a small C reader: which operand an
 * `object-group NAME` is depends on the group's type (see parse_acl.c). */
struct ir_ace *acl_read_ace(struct pctx *p, uint32_t first, bool permit,
			    enum ir_ace_kind kind);
/* The same for `ipv6 access-list NAME permit|deny ...` (ASA 8.x): an
 * extended ACE flagged ipv6, over IPv6 operands only. */
struct ir_ace *acl_read_ace_ipv6(struct pctx *p, uint32_t first, bool permit);
/* ssh|telnet|http ADDRESS MASK IFNAME, icmp permit|deny ADDRESS [TYPE]
 * IFNAME: NULL (no error queued) when the operands are not an address,
 * so `ssh timeout 5` and the like stay unmodelled commands. */
struct ir_mgmt *acl_read_mgmt(struct pctx *p, uint32_t first,
			      enum ir_mgmt_kind kind, bool permit);
struct ir_service *acl_read_service(struct pctx *p, uint32_t first,
				    bool svc_object);
/* time-range sub-mode: `absolute [start TIME DATE] [end TIME DATE]` and
 * `periodic DAYS TIME to [DAY] TIME`, their operands from token @first;
 * false or NULL with the error set. */
bool acl_read_absolute(struct pctx *p, uint32_t first,
		       struct ir_tr_point *start, struct ir_tr_point *end);
struct ir_periodic *acl_read_periodic(struct pctx *p, uint32_t first);

/* Enter mode @m editing @cur, opened by the current line. */
void pctx_set_mode(struct pctx *p, enum mode m, void *cur);
/* Apply a parsed command to the IR (apply.c); *modelled is cleared when
 * the command is kept as an unmodelled line instead. */
void apply_cmd(struct pctx *p, struct cmd *c, bool *modelled);
/* The current line, an ACE line that failed to parse, as a refused ACE
 * of its ACL, so later ACEs keep their line numbers (apply.c). */
void apply_unread_ace(struct pctx *p);
/* Count a syntax error reported at @l; stops the file at --max-errors. */
void pctx_count_error(struct pctx *p, const struct loc *l);

int asa_yyparse(struct pctx *p);
const char *tok_name(int kind);

#endif /* ASAC_PARSE_H */
