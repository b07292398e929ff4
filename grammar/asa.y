/* SPDX-License-Identifier: MIT */
/*
 * asa.y - the grammar of one configuration line.
 *
 * The driver (compiler/parse.c) calls the parser once per line, with a
 * marker token in front that names the configuration mode the line is read
 * in (M_GLOBAL, M_IF, ...).  Indentation is cosmetic, as on the ASA's CLI:
 * the driver tries the current sub-mode first and then the global mode,
 * and keeps lines that parse in neither as unmodelled commands.
 *
 * Actions only build a struct cmd (and whole IR nodes for ACEs, members
 * and services); the driver applies it to the IR once the line has parsed,
 * so a line tried in two modes never leaves half a command behind.
 *
 * The keyword tokens and the list of keywords that may also be used as
 * names are generated from grammar/keywords.def by the Makefile, at the
 * two @-markers below.
 */

%code requires {
#include "compiler/asac.h"
#include "compiler/parse.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)					\
	do {								\
		if (N) {						\
			(Cur).file = YYRHSLOC(Rhs, 1).file;		\
			(Cur).start = YYRHSLOC(Rhs, 1).start;		\
			(Cur).end = YYRHSLOC(Rhs, N).end;		\
		} else {						\
			(Cur).file = YYRHSLOC(Rhs, 0).file;		\
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;	\
		}							\
	} while (0)
}

%code provides {
int asa_yylex(ASA_YYSTYPE *lval, struct loc *lloc, struct pctx *p);
}

%code {
#include <string.h>
#include <strings.h>
#include "compiler/lex.h"

#define NATN ((struct ir_nat *)p->result->node)

static void asa_yyerror(const struct loc *l, struct pctx *p, const char *msg)
{
	pctx_error(p, l, "%s", msg);
}

static struct cmd *C(struct pctx *p, enum cmd_kind k, const struct loc *l)
{
	return cmd_new(p, k, l);
}

/* Name lists keep struct sym * items. */
static struct vec *symlist(struct pctx *p, struct vec *v, struct sym s)
{
	struct sym *n = arena_new(p->arena, struct sym);

	*n = s;
	return pctx_list(p, v, n);
}

static struct vec *ivallist(struct pctx *p, struct vec *v, struct ival i)
{
	struct ival *n = arena_new(p->arena, struct ival);

	*n = i;
	return pctx_list(p, v, n);
}

/* A port-object member: any port name here, as the group's protocol is
 * only known to apply, which checks the names against it. */
static struct ir_ogm *port_member(struct pctx *p, struct cmd *c,
				  enum ir_port_op op, const struct sym *lo,
				  const struct sym *hi)
{
	struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);

	m->kind = IR_OGM_PORT;
	m->loc = c->loc;
	m->port.op = op;
	if (!pctx_port_sym(p, lo, &m->port.lo, 0))
		return NULL;
	m->port.hi = m->port.lo;
	c->s[0] = *lo;
	if (hi) {
		struct loc l = { lo->loc.file, lo->loc.start, hi->loc.end };

		if (!pctx_port_sym(p, hi, &m->port.hi, 0))
			return NULL;
		if (m->port.hi < m->port.lo) {
			pctx_error(p, &l, "port range %u-%u ends before it "
				   "starts", m->port.lo, m->port.hi);
			return NULL;
		}
		c->s[1] = *hi;
	}
	c->node = m;
	return m;
}
}

%define api.pure full
%define api.prefix {asa_yy}
%define api.location.type {struct loc}
%define parse.error custom
%locations
%param {struct pctx *p}
%expect 0

%union {
	const struct tok *tok;
	struct sym sym;
	struct ival ival;
	struct ir_addr *addr;
	struct vec *vec;
	struct cmd *cmd;
	struct ir_port port;
	unsigned int flags;
	struct ir_nat_mapped mapped;
	int kw;
}

/* Mode markers: put in front of the line by the driver, never typed. */
%token M_GLOBAL M_IF M_OBJNET M_OBJSVC M_OGNET M_OGSVC M_OGPROTO M_OGICMP
%token M_IKEPOL M_PROPOSAL M_TG_GENERAL M_TG_IPSEC M_GP M_LB M_CLUSTER
%token M_TIMERANGE M_USER M_AAA_HOST M_TRUSTPOINT M_CHAIN M_CERTMAP
%token M_WEBVPN M_TG_WEBVPN M_GP_WEBVPN M_IPSEC_PROFILE
%token M_UNMODELED

%token <tok> WORD "word"
%token <tok> NUMBER "number"
%token <tok> IPV4 "IPv4 address"
%token <tok> IPV6 "IPv6 address"
%token <tok> IPV4PREFIX "IPv4 prefix"
%token <tok> IPV6PREFIX "IPv6 prefix"
%token <tok> IPV4RANGE "IPv4 address range"
%token <tok> LPAREN "("
%token <tok> RPAREN ")"
%token <tok> COMMA ","
%token <tok> JUNK "invalid character"
%token EOL "end of line"

/*@KEYWORD_TOKENS@*/

%type <cmd> gcmd gline ifcmd ifline objnet objnetline objsvc objsvcline
%type <cmd> ognet ognetline ogsvc ogsvcline ogproto ogprotoline ogicmp
%type <cmd> ogicmpline ikepol ikepolline prop propline tggen tggenline
%type <cmd> tgipsec tgipsecline gp gpline lb lbline cluster clusterline
%type <cmd> webvpn webvpnline tgweb tgwebline gpweb gpwebline ipprof ipprofline
%type <cmd> nav crypto cmap_set ike_one_line access_list nat twice_nat
%type <cmd> objnat global82 sysopt tunnel_group tgmap group_policy
%type <cmd> lifetime_items client_update trline tr
%type <cmd> username aaa_server user userline aaahost aaahostline tp tpline
%type <cmd> chainline certmap certmapline
%type <sym> name anyname addrword shapedword tgname ifparen_opt word_or_num
%type <sym> natobj objnat_name user_auth revocation_method
%type <vec> revocation_list
%type <tok> addrtok
%type <vec> name_list anyname_list num_list peer_list rev_list
%type <ival> number opt_number hsrp_time
%type <kw> ike_ver ike_v1 permit_deny
%type <flags> nat_opts nat_opt objnat_opts objnat_opt
%type <mapped> nat_mapped objnat_mapped dst_mapped
%type <addr> peer addr_or_name

%%

line
	: M_GLOBAL gline EOL		{ p->result = $2; }
	| M_IF ifline EOL		{ p->result = $2; }
	| M_OBJNET objnetline EOL	{ p->result = $2; }
	| M_OBJSVC objsvcline EOL	{ p->result = $2; }
	| M_OGNET ognetline EOL		{ p->result = $2; }
	| M_OGSVC ogsvcline EOL		{ p->result = $2; }
	| M_OGPROTO ogprotoline EOL	{ p->result = $2; }
	| M_OGICMP ogicmpline EOL	{ p->result = $2; }
	| M_IKEPOL ikepolline EOL	{ p->result = $2; }
	| M_PROPOSAL propline EOL	{ p->result = $2; }
	| M_TG_GENERAL tggenline EOL	{ p->result = $2; }
	| M_TG_IPSEC tgipsecline EOL	{ p->result = $2; }
	| M_GP gpline EOL		{ p->result = $2; }
	| M_LB lbline EOL		{ p->result = $2; }
	| M_CLUSTER clusterline EOL	{ p->result = $2; }
	| M_TIMERANGE trline EOL	{ p->result = $2; }
	| M_USER userline EOL		{ p->result = $2; }
	| M_AAA_HOST aaahostline EOL	{ p->result = $2; }
	| M_TRUSTPOINT tpline EOL	{ p->result = $2; }
	| M_CHAIN chainline EOL		{ p->result = $2; }
	| M_CERTMAP certmapline EOL	{ p->result = $2; }
	| M_WEBVPN webvpnline EOL	{ p->result = $2; }
	| M_TG_WEBVPN tgwebline EOL	{ p->result = $2; }
	| M_GP_WEBVPN gpwebline EOL	{ p->result = $2; }
	| M_IPSEC_PROFILE ipprofline EOL	{ p->result = $2; }
	| M_UNMODELED nav EOL		{ p->result = $2; }
	;

/* Every mode: the `no` form, and the transcript commands that move
 * between modes. */
gline: gcmd | NO gcmd { $$ = $2; $$->neg = true; } | nav ;
ifline: ifcmd | NO ifcmd { $$ = $2; $$->neg = true; } | nav ;
objnetline: objnet | NO objnet { $$ = $2; $$->neg = true; } | nav ;
objsvcline: objsvc | NO objsvc { $$ = $2; $$->neg = true; } | nav ;
ognetline: ognet | NO ognet { $$ = $2; $$->neg = true; } | nav ;
ogsvcline: ogsvc | NO ogsvc { $$ = $2; $$->neg = true; } | nav ;
ogprotoline: ogproto | NO ogproto { $$ = $2; $$->neg = true; } | nav ;
ogicmpline: ogicmp | NO ogicmp { $$ = $2; $$->neg = true; } | nav ;
ikepolline: ikepol | NO ikepol { $$ = $2; $$->neg = true; } | nav ;
propline: prop | NO prop { $$ = $2; $$->neg = true; } | nav ;
tggenline: tggen | NO tggen { $$ = $2; $$->neg = true; } | nav ;
tgipsecline: tgipsec | NO tgipsec { $$ = $2; $$->neg = true; } | nav ;
gpline: gp | NO gp { $$ = $2; $$->neg = true; } | nav ;
lbline: lb | NO lb { $$ = $2; $$->neg = true; } | nav ;
clusterline: cluster | NO cluster { $$ = $2; $$->neg = true; } | nav ;
userline: user | NO user { $$ = $2; $$->neg = true; } | nav ;
aaahostline: aaahost | NO aaahost { $$ = $2; $$->neg = true; } | nav ;
tpline: tp | NO tp { $$ = $2; $$->neg = true; } | nav ;
webvpnline: webvpn | NO webvpn { $$ = $2; $$->neg = true; } | nav ;
tgwebline: tgweb | NO tgweb { $$ = $2; $$->neg = true; } | nav ;
gpwebline: gpweb | NO gpweb { $$ = $2; $$->neg = true; } | nav ;
ipprofline: ipprof | NO ipprof { $$ = $2; $$->neg = true; } | nav ;
certmapline: certmap | NO certmap { $$ = $2; $$->neg = true; } | nav ;

nav
	: ENABLE		{ $$ = C(p, C_NAV, &@$); }
	| CONFIGURE TERMINAL	{ $$ = C(p, C_NAV, &@$); }
	| EXIT			{ $$ = C(p, C_EXIT, &@$); }
	| END			{ $$ = C(p, C_EXIT, &@$); }
	;

/* ---- terminals used as values ------------------------------------------ */

name
	: WORD		{ $$ = pctx_sym(p, $1); }
	| NUMBER	{ $$ = pctx_sym(p, $1); }
/*@NAMEABLE_KEYWORDS@*/
	;

/*
 * A name of any shape, where nothing else can stand: configurations name
 * objects after the address they hold (`object network 10.20.10.217`,
 * `nat ... source dynamic 172.16.30.16 NAT_OBJ`), and numbers and
 * keywords are names as well (`object-group network range`).  Where a
 * name is one alternative among keywords or addresses, the grammar uses
 * `name` (or a narrower rule), and the keyword written before the
 * operand decides what it is: `host 10.1.1.1` is an address, `object
 * 10.1.1.1` a name.
 */
anyname
	: name
	| addrword
/*@RESERVED_KEYWORDS@*/
	;

/* words shaped like an address, read as names */
addrword
	: IPV4		{ $$ = pctx_sym(p, $1); }
	| IPV6		{ $$ = pctx_sym(p, $1); }
	| shapedword
	;
shapedword
	: IPV4PREFIX	{ $$ = pctx_sym(p, $1); }
	| IPV6PREFIX	{ $$ = pctx_sym(p, $1); }
	| IPV4RANGE	{ $$ = pctx_sym(p, $1); }
	;

tgname: anyname ;

word_or_num: anyname ;

number: NUMBER { $$ = pctx_num(p, $1); if (!$$.set) YYERROR; } ;
opt_number: %empty { memset(&$$, 0, sizeof($$)); } | number ;

name_list
	: name			{ $$ = symlist(p, NULL, $1); }
	| name_list name	{ $$ = symlist(p, $1, $2); }
	;

anyname_list
	: anyname		{ $$ = symlist(p, NULL, $1); }
	| anyname_list anyname	{ $$ = symlist(p, $1, $2); }
	;

num_list
	: number		{ $$ = ivallist(p, NULL, $1); }
	| num_list number	{ $$ = ivallist(p, $1, $2); }
	;

/* Any token up to the end of the line.  Actions that need the text use
 * the location (@N) of the anytoks symbol: see pctx_rest().  (Not through
 * `name`, whose action interns the word.) */
anytok
	: WORD {} | NUMBER {}
	| IPV4 {} | IPV6 {} | IPV4PREFIX {} | IPV6PREFIX {} | IPV4RANGE {}
	| LPAREN {} | RPAREN {} | COMMA {} | JUNK {}
/*@ALL_KEYWORDS@*/
	;
anytoks1: anytok | anytoks1 anytok ;
anytoks: %empty | anytoks1 ;

/* An address written as an address or as a `name` alias. */
addrtok: IPV4 | IPV6 | WORD ;
addr_or_name
	: IPV4	{ $$ = pctx_addr(p, $1); if (!$$) YYERROR; }
	| IPV6	{ $$ = pctx_addr(p, $1); if (!$$) YYERROR; }
	| WORD	{ $$ = pctx_addr_name(p, $1); }
	;
mgmt_addr: IPV4 {} | IPV6PREFIX {} ;

ifparen_opt: %empty { memset(&$$, 0, sizeof($$)); } | LPAREN anyname RPAREN { $$ = $2; } ;

/* ---- global commands ---------------------------------------------------- */

gcmd
	: HOSTNAME anyname	{ $$ = C(p, C_HOSTNAME, &@$); $$->s[0] = $2; }
	| DOMAIN_NAME anyname
				{ $$ = C(p, C_DOMAIN_NAME, &@$); $$->s[0] = $2; }
	| ASA VERSION anytoks	{ $$ = C(p, C_ASA_VERSION, &@$);
				  $$->text = pctx_rest(p, &@3); }
	| NAMES			{ $$ = C(p, C_NAMES, &@$); }
	| NAME IPV4 name	{ $$ = C(p, C_NAME, &@$); $$->a[0] = pctx_addr(p, $2);
				  if (!$$->a[0]) YYERROR; $$->s[0] = $3; }
	| NAME IPV6 name	{ $$ = C(p, C_NAME, &@$); $$->a[0] = pctx_addr(p, $2);
				  if (!$$->a[0]) YYERROR; $$->s[0] = $3; }
	| NAME IPV4 name DESCRIPTION anytoks
				{ $$ = C(p, C_NAME, &@$); $$->a[0] = pctx_addr(p, $2);
				  if (!$$->a[0]) YYERROR; $$->s[0] = $3;
				  $$->text = pctx_rest(p, &@5); }
	| INTERFACE anyname	{ $$ = C(p, C_INTERFACE, &@$); $$->s[0] = $2; }
	| INTERFACE anyname anyname
				{ $$ = C(p, C_INTERFACE, &@$); $$->s[0] = $2; $$->s[1] = $3; }
	| ROUTE anyname IPV4 IPV4 addr_or_name anytoks
				{ const struct tok *m = pctx_tok_at(p, @6.start);
				  $$ = C(p, C_ROUTE, &@$); $$->s[0] = $2;
				  $$->a[0] = pctx_addr_mask(p, $3, $4);
				  $$->a[1] = $5;
				  if (!$$->a[0] || !$$->a[1]) YYERROR;
				  if (m && m->kind == NUMBER) {
					  $$->i[0] = pctx_num(p, m);
					  if (!$$->i[0].set) YYERROR;
				  } }
	| KW_IPV6 ROUTE anyname IPV6PREFIX addr_or_name anytoks
				{ const struct tok *m = pctx_tok_at(p, @6.start);
				  $$ = C(p, C_ROUTE, &@$); $$->s[0] = $3;
				  $$->a[0] = pctx_prefix(p, $4); $$->a[1] = $5;
				  if (!$$->a[0]) YYERROR;
				  if (m && m->kind == NUMBER) {
					  $$->i[0] = pctx_num(p, m);
					  if (!$$->i[0].set) YYERROR;
				  } }
	| OBJECT NETWORK anyname
				{ $$ = C(p, C_OBJECT, &@$); $$->sub = IR_OBJ_NETWORK; $$->s[0] = $3; }
	| OBJECT SERVICE anyname
				{ $$ = C(p, C_OBJECT, &@$); $$->sub = IR_OBJ_SERVICE; $$->s[0] = $3; }
	| OBJECT_GROUP NETWORK anyname
				{ $$ = C(p, C_OBJGROUP, &@$); $$->sub = IR_OG_NETWORK; $$->s[0] = $3; }
	| OBJECT_GROUP SERVICE anyname
				{ $$ = C(p, C_OBJGROUP, &@$); $$->sub = IR_OG_SERVICE; $$->s[0] = $3; $$->sub2 = -1; }
	| OBJECT_GROUP SERVICE anyname TCP
				{ $$ = C(p, C_OBJGROUP, &@$); $$->sub = IR_OG_SERVICE; $$->s[0] = $3; $$->sub2 = 6; }
	| OBJECT_GROUP SERVICE anyname UDP
				{ $$ = C(p, C_OBJGROUP, &@$); $$->sub = IR_OG_SERVICE; $$->s[0] = $3; $$->sub2 = 17; }
	| OBJECT_GROUP SERVICE anyname TCP_UDP
				{ $$ = C(p, C_OBJGROUP, &@$); $$->sub = IR_OG_SERVICE; $$->s[0] = $3; $$->sub2 = -2; }
	| OBJECT_GROUP PROTOCOL anyname
				{ $$ = C(p, C_OBJGROUP, &@$); $$->sub = IR_OG_PROTOCOL; $$->s[0] = $3; }
	| OBJECT_GROUP ICMP_TYPE anyname
				{ $$ = C(p, C_OBJGROUP, &@$); $$->sub = IR_OG_ICMP; $$->s[0] = $3; }
	| TIME_RANGE anyname	{ $$ = C(p, C_TIME_RANGE, &@$); $$->s[0] = $2; }
	| access_list
	| ACCESS_GROUP anyname IN INTERFACE anyname anytoks
				{ $$ = C(p, C_ACCESS_GROUP, &@$); $$->sub = IR_AG_IN; $$->s[0] = $2; $$->s[1] = $5; }
	| ACCESS_GROUP anyname OUT INTERFACE anyname anytoks
				{ $$ = C(p, C_ACCESS_GROUP, &@$); $$->sub = IR_AG_OUT; $$->s[0] = $2; $$->s[1] = $5; }
	| ACCESS_GROUP anyname GLOBAL
				{ $$ = C(p, C_ACCESS_GROUP, &@$); $$->sub = IR_AG_GLOBAL; $$->s[0] = $2; }
	| nat
	| global82
	| STATIC LPAREN anyname COMMA anyname RPAREN anytoks
				{ $$ = C(p, C_NAT, &@$);
				  $$->node = acl_read_static82(p, @6.end, $3, $5);
				  if (!$$->node) YYERROR; }
	/* management access to the box: address forms only; `ssh timeout`
	 * and the like stay unmodelled (not in parse.c's known list) */
	| SSH mgmt_addr anytoks	{ $$ = C(p, C_MGMT, &@$);
				  $$->node = acl_read_mgmt(p, @1.end, IR_MGMT_SSH, true);
				  if (!$$->node) YYERROR; }
	| TELNET mgmt_addr anytoks
				{ $$ = C(p, C_MGMT, &@$);
				  $$->node = acl_read_mgmt(p, @1.end, IR_MGMT_TELNET, true);
				  if (!$$->node) YYERROR; }
	| HTTP mgmt_addr anytoks
				{ $$ = C(p, C_MGMT, &@$);
				  $$->node = acl_read_mgmt(p, @1.end, IR_MGMT_HTTP, true);
				  if (!$$->node) YYERROR; }
	| ICMP permit_deny anytoks
				{ $$ = C(p, C_MGMT, &@$);
				  $$->node = acl_read_mgmt(p, @2.end, IR_MGMT_ICMP, $2 == PERMIT);
				  if (!$$->node) YYERROR; }
	| HTTP SERVER ENABLE	{ $$ = C(p, C_HTTP_SERVER, &@$); }
	| HTTP SERVER ENABLE number
				{ $$ = C(p, C_HTTP_SERVER, &@$); $$->i[0] = $4; }
	| SAME_SECURITY_TRAFFIC PERMIT INTER_INTERFACE
				{ $$ = C(p, C_SAME_SECURITY, &@$); $$->sub = INTER_INTERFACE; }
	| SAME_SECURITY_TRAFFIC PERMIT INTRA_INTERFACE
				{ $$ = C(p, C_SAME_SECURITY, &@$); $$->sub = INTRA_INTERFACE; }
	| sysopt
	| crypto
	| ike_one_line
	| tunnel_group
	| tgmap
	| group_policy
	| username
	| aaa_server
	| CRYPTO CA TRUSTPOINT anyname
		{ $$ = C(p, C_TRUSTPOINT, &@$); $$->s[0] = $4; }
	| WEBVPN	{ $$ = C(p, C_WEBVPN, &@$); }
	| SSL TRUST_POINT anyname
		{ $$ = C(p, C_SSL_TRUSTPOINT, &@$); $$->s[0] = $3; }
	| SSL TRUST_POINT anyname anyname
		{ $$ = C(p, C_SSL_TRUSTPOINT, &@$); $$->s[0] = $3; $$->s[1] = $4; }
	| SSL SERVER_VERSION anyname
		{ $$ = C(p, C_SSL_VERSION, &@$); $$->s[0] = $3; }
	| SSL CIPHER anyname anytoks1
		{ $$ = C(p, C_SSL_CIPHER, &@$); $$->s[0] = $3; $$->text = pctx_rest(p, &@4); $$->i[0].loc = @4; }
	| CRYPTO CA CERTIFICATE CHAIN anyname
		{ $$ = C(p, C_CERT_CHAIN, &@$); $$->s[0] = $5; }
	| CRYPTO CA CERTIFICATE MAP anyname number
		{ $$ = C(p, C_CERTMAP, &@$); $$->s[0] = $5; $$->i[0] = $6; }
	| IP LOCAL POOL anyname IPV4RANGE
				{ $$ = C(p, C_POOL, &@$); $$->s[0] = $4; $$->sub = 4;
				  $$->a[0] = pctx_range(p, $5); if (!$$->a[0]) YYERROR; }
	| IP LOCAL POOL anyname IPV4RANGE MASK IPV4
				{ $$ = C(p, C_POOL, &@$); $$->s[0] = $4; $$->sub = 4;
				  $$->a[0] = pctx_range(p, $5); $$->a[1] = pctx_addr(p, $7);
				  if (!$$->a[0] || !$$->a[1]) YYERROR; }
	| KW_IPV6 LOCAL POOL anyname IPV6PREFIX number
				{ $$ = C(p, C_POOL, &@$); $$->s[0] = $4; $$->sub = 6;
				  $$->a[0] = pctx_prefix(p, $5); if (!$$->a[0]) YYERROR;
				  $$->i[0] = $6; }
	| VPN_SESSIONDB MAX_ANYCONNECT_PREMIUM_OR_ESSENTIALS_LIMIT opt_number
				{ $$ = C(p, C_SESSIONDB, &@$); $$->sub = MAX_ANYCONNECT_PREMIUM_OR_ESSENTIALS_LIMIT; $$->i[0] = $3; }
	| VPN_SESSIONDB MAX_OTHER_VPN_LIMIT opt_number
				{ $$ = C(p, C_SESSIONDB, &@$); $$->sub = MAX_OTHER_VPN_LIMIT; $$->i[0] = $3; }
	| VPN LOAD_BALANCING	{ $$ = C(p, C_LB, &@$); }
	| client_update
	| LOGGING CLASS anyname anytoks
				{ $$ = C(p, C_LOGGING, &@$); $$->sub = CLASS; $$->s[0] = $3;
				  $$->text = pctx_rest(p, &@4); }
	| LOGGING TRAP anytoks1	{ $$ = C(p, C_LOGGING, &@$); $$->sub = TRAP;
				  $$->text = pctx_rest(p, &@3); }
	;

client_update
	: CLIENT_UPDATE ENABLE	{ $$ = C(p, C_CLIENT_UPDATE, &@$); $$->sub = ENABLE; }
	| CLIENT_UPDATE TYPE anyname URL anyname REV_NUMS rev_list
				{ $$ = C(p, C_CLIENT_UPDATE, &@$); $$->sub = TYPE;
				  $$->s[0] = $3; $$->s[1] = $5; $$->list = $7; }
	;

rev_list
	: word_or_num			{ $$ = symlist(p, NULL, $1); }
	| rev_list COMMA word_or_num	{ $$ = symlist(p, $1, $3); }
	;

permit_deny: PERMIT { $$ = PERMIT; } | DENY { $$ = DENY; } ;

/* ACE operands are read by acl_read_ace(): see parse.h. */
access_list
	: ACCESS_LIST anyname EXTENDED permit_deny anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $2;
		  $$->node = acl_read_ace(p, @4.end, $4 == PERMIT, IR_ACE_EXTENDED);
		  if (!$$->node) YYERROR; }
	| ACCESS_LIST anyname LINE number EXTENDED permit_deny anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $2; $$->i[0] = $4;
		  $$->node = acl_read_ace(p, @6.end, $6 == PERMIT, IR_ACE_EXTENDED);
		  if (!$$->node) YYERROR; }
	| ACCESS_LIST anyname permit_deny anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $2;
		  $$->node = acl_read_ace(p, @3.end, $3 == PERMIT, IR_ACE_EXTENDED);
		  if (!$$->node) YYERROR; }
	| ACCESS_LIST anyname STANDARD permit_deny anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $2;
		  $$->node = acl_read_ace(p, @4.end, $4 == PERMIT, IR_ACE_STANDARD);
		  if (!$$->node) YYERROR; }
	| ACCESS_LIST anyname REMARK anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $2; $$->sub = REMARK;
		  $$->text = pctx_rest(p, &@4); }
	| ACCESS_LIST anyname LINE number REMARK anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $2; $$->sub = REMARK;
		  $$->i[0] = $4; $$->text = pctx_rest(p, &@6); }
	/* ASA 8.x IPv6 ACLs (9.0 merged them into extended ACLs); sub2 = 6
	 * marks the ACEs as theirs */
	| KW_IPV6 ACCESS_LIST anyname permit_deny anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $3; $$->sub2 = 6;
		  $$->node = acl_read_ace_ipv6(p, @4.end, $4 == PERMIT);
		  if (!$$->node) YYERROR; }
	| KW_IPV6 ACCESS_LIST anyname LINE number permit_deny anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $3; $$->i[0] = $5; $$->sub2 = 6;
		  $$->node = acl_read_ace_ipv6(p, @6.end, $6 == PERMIT);
		  if (!$$->node) YYERROR; }
	| KW_IPV6 ACCESS_LIST anyname REMARK anytoks
		{ $$ = C(p, C_ACE, &@$); $$->s[0] = $3; $$->sub = REMARK; $$->sub2 = 6;
		  $$->text = pctx_rest(p, &@5); }
	;

/* ---- NAT ---------------------------------------------------------------- */

nat
	: twice_nat
	/* 8.2: nat (inside) 0 access-list ACL / nat (inside) 1 NET MASK */
	| NAT LPAREN natobj RPAREN number ACCESS_LIST anyname anytoks
		{ struct ir_nat *n = arena_new(p->arena, struct ir_nat);
		  $$ = C(p, C_NAT, &@$); $$->node = n; n->kind = IR_NAT_82;
		  n->loc = @$; n->real_if = $3; n->nat_id = $5; n->acl = $7;
		  n->options82 = pctx_rest(p, &@8); }
	| NAT LPAREN natobj RPAREN number IPV4 IPV4 anytoks
		{ struct ir_nat *n = arena_new(p->arena, struct ir_nat);
		  $$ = C(p, C_NAT, &@$); $$->node = n; n->kind = IR_NAT_82;
		  n->loc = @$; n->real_if = $3; n->nat_id = $5;
		  n->addr82 = pctx_addr_mask(p, $6, $7); if (!n->addr82) YYERROR;
		  n->options82 = pctx_rest(p, &@8); }
	;

/* The parts of a twice NAT or object NAT fill one struct ir_nat, created
 * by nat_ifpair and reached as NATN until the rule completes. */
twice_nat
	: NAT nat_ifpair nat_pos SOURCE STATIC natobj nat_mapped nat_dst nat_svc nat_tail
		{ $$ = p->result; $$->loc = @$; NATN->loc = @$;
		  NATN->type = IR_NAT_STATIC; NATN->real_src = $6; NATN->mapped_src = $7; }
	| NAT nat_ifpair nat_pos SOURCE DYNAMIC natobj nat_mapped nat_dst nat_svc nat_tail
		{ $$ = p->result; $$->loc = @$; NATN->loc = @$;
		  NATN->type = IR_NAT_DYNAMIC; NATN->real_src = $6; NATN->mapped_src = $7; }
	;

nat_ifpair
	: %empty
		{ p->result = C(p, C_NAT, &@$); p->result->node = arena_new(p->arena, struct ir_nat);
		  NATN->kind = IR_NAT_TWICE; }
	| LPAREN natobj COMMA natobj RPAREN
		{ p->result = C(p, C_NAT, &@$); p->result->node = arena_new(p->arena, struct ir_nat);
		  NATN->kind = IR_NAT_TWICE; NATN->real_if = $2; NATN->mapped_if = $4; }
	;

nat_pos
	: %empty
	| AFTER_AUTO		{ NATN->after_auto = true; }
	| number		{ NATN->line = $1; }
	| AFTER_AUTO number	{ NATN->after_auto = true; NATN->line = $2; }
	;

/* Twice NAT takes `any` where it takes an object name; the names of its
 * objects may have any shape, but `interface` and `pat-pool` are the
 * keywords of its mapped side.  (Also the interfaces of 8.2 `nat`, which
 * share their first token with a twice NAT's interface pair.) */
natobj
	: name
	| addrword
	| ANY		{ $$ = pctx_sym(p, $1); }
/*@RESERVED_KEYWORDS except ANY INTERFACE PAT_POOL@*/
	;

nat_mapped
	: natobj	{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.name = $1; }
	| INTERFACE	{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.interface = true; }
	| PAT_POOL anyname
			{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.pat_pool = true; $$.name = $2; }
	;

dst_mapped
	: natobj	{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.name = $1; }
	| INTERFACE	{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.interface = true; }
	;

nat_dst
	: %empty
	| DESTINATION STATIC dst_mapped natobj
		{ NATN->has_dst = true; NATN->mapped_dst = $3; NATN->real_dst = $4; }
	;

nat_svc
	: %empty
	| SERVICE anyname anyname
				{ NATN->svc_real = $2; NATN->svc_mapped = $3; }
	;

nat_tail
	: nat_opts		{ NATN->flags = $1; }
	| nat_opts DESCRIPTION anytoks
				{ NATN->flags = $1; NATN->description = pctx_rest(p, &@3); }
	;

nat_opts: %empty { $$ = 0; } | nat_opts nat_opt { $$ = $1 | $2; } ;
nat_opt
	: DNS			{ $$ = IR_NATF_DNS; }
	| UNIDIRECTIONAL	{ $$ = IR_NATF_UNIDIRECTIONAL; }
	| NO_PROXY_ARP		{ $$ = IR_NATF_NO_PROXY_ARP; }
	| ROUTE_LOOKUP		{ $$ = IR_NATF_ROUTE_LOOKUP; }
	| INACTIVE		{ $$ = IR_NATF_INACTIVE; }
	| NET_TO_NET		{ $$ = IR_NATF_NET_TO_NET; }
	| EXTENDED		{ $$ = IR_NATF_EXTENDED; }
	| FLAT			{ $$ = IR_NATF_FLAT; }
	| INCLUDE_RESERVE	{ $$ = IR_NATF_INCLUDE_RESERVE; }
	| ROUND_ROBIN		{ $$ = IR_NATF_ROUND_ROBIN; }
	| BLOCK_ALLOCATION	{ $$ = IR_NATF_BLOCK_ALLOCATION; }
	| INTERFACE		{ $$ = IR_NATF_INTERFACE_FALLBACK; }
	;

global82
	: GLOBAL LPAREN anyname RPAREN number INTERFACE
		{ $$ = C(p, C_GLOBAL82, &@$); $$->s[0] = $3; $$->i[0] = $5; $$->sub = INTERFACE; }
	| GLOBAL LPAREN anyname RPAREN number IPV4
		{ $$ = C(p, C_GLOBAL82, &@$); $$->s[0] = $3; $$->i[0] = $5;
		  $$->a[0] = pctx_addr(p, $6); if (!$$->a[0]) YYERROR; }
	| GLOBAL LPAREN anyname RPAREN number IPV4 NETMASK IPV4
		{ $$ = C(p, C_GLOBAL82, &@$); $$->s[0] = $3; $$->i[0] = $5;
		  $$->a[0] = pctx_addr_mask(p, $6, $8); if (!$$->a[0]) YYERROR; }
	| GLOBAL LPAREN anyname RPAREN number IPV4RANGE
		{ $$ = C(p, C_GLOBAL82, &@$); $$->s[0] = $3; $$->i[0] = $5;
		  $$->a[0] = pctx_range(p, $6); if (!$$->a[0]) YYERROR; }
	| GLOBAL LPAREN anyname RPAREN number IPV4RANGE NETMASK IPV4
		{ $$ = C(p, C_GLOBAL82, &@$); $$->s[0] = $3; $$->i[0] = $5;
		  $$->a[0] = pctx_range(p, $6); if (!$$->a[0]) YYERROR; }
	;

sysopt
	: SYSOPT CONNECTION PERMIT_VPN		{ $$ = C(p, C_SYSOPT, &@$); $$->sub = PERMIT_VPN; }
	| SYSOPT CONNECTION PRESERVE_VPN_FLOWS	{ $$ = C(p, C_SYSOPT, &@$); $$->sub = PRESERVE_VPN_FLOWS; }
	| SYSOPT CONNECTION RECLASSIFY_VPN	{ $$ = C(p, C_SYSOPT, &@$); $$->sub = RECLASSIFY_VPN; }
	| SYSOPT CONNECTION TCPMSS number	{ $$ = C(p, C_SYSOPT, &@$); $$->sub = TCPMSS; $$->i[0] = $4; }
	| SYSOPT CONNECTION TCPMSS MINIMUM number
						{ $$ = C(p, C_SYSOPT, &@$); $$->sub = MINIMUM; $$->i[0] = $5; }
	;

/* ---- crypto ------------------------------------------------------------- */

ike_ver: IKEV1 { $$ = 1; } | IKEV2 { $$ = 2; } | ISAKMP { $$ = 1; } ;
ike_v1: IKEV1 { $$ = 1; } | ISAKMP { $$ = 1; } ;

/* 8.2 and earlier also wrote IKE policies and settings without `crypto`,
 * and policies on one line: `crypto isakmp policy 50 lifetime 0` (seed 004). */
ike_one_line
	: ISAKMP POLICY number	{ $$ = C(p, C_IKE_POLICY, &@$); $$->sub = 1; $$->i[0] = $3; }
	| ISAKMP POLICY number ikepol
		{ $$ = $4; $$->sub2 = 1; $$->i[3] = $3; $$->loc = @$; }
	| ISAKMP ENABLE anyname	{ $$ = C(p, C_IKE_ENABLE, &@$); $$->sub = 1; $$->s[0] = $3; }
	| ISAKMP AM_DISABLE	{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = AM_DISABLE; }
	| ISAKMP IDENTITY name	{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = IDENTITY; $$->s[0] = $3; }
	| ISAKMP IDENTITY KEY_ID name
				{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = IDENTITY; $$->s[0].s = "key-id";
				  $$->s[0].loc = @3; $$->s[1] = $4; }
	| ISAKMP NAT_TRAVERSAL opt_number
				{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = NAT_TRAVERSAL; $$->i[0] = $3; }
	;

crypto
	: CRYPTO ike_ver POLICY number
		{ $$ = C(p, C_IKE_POLICY, &@$); $$->sub = $2; $$->i[0] = $4; }
	| CRYPTO ike_ver POLICY number ikepol
		{ $$ = $5; $$->sub2 = $2; $$->i[3] = $4; $$->loc = @$; }
	| CRYPTO ike_ver ENABLE anyname
		{ $$ = C(p, C_IKE_ENABLE, &@$); $$->sub = $2; $$->s[0] = $4; }
	| CRYPTO ike_ver ENABLE anyname CLIENT_SERVICES
		{ $$ = C(p, C_IKE_ENABLE, &@$); $$->sub = $2; $$->s[0] = $4; $$->sub2 = 1; }
	| CRYPTO ike_ver ENABLE anyname CLIENT_SERVICES PORT number
		{ $$ = C(p, C_IKE_ENABLE, &@$); $$->sub = $2; $$->s[0] = $4; $$->sub2 = 1; $$->i[0] = $7; }
	| CRYPTO ike_v1 AM_DISABLE
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = AM_DISABLE; }
	| CRYPTO ISAKMP IDENTITY name
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = IDENTITY; $$->s[0] = $4; }
	| CRYPTO ISAKMP IDENTITY KEY_ID name
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = IDENTITY; $$->s[0].s = "key-id";
		  $$->s[0].loc = @4; $$->s[1] = $5; }
	| CRYPTO ike_v1 NAT_TRAVERSAL opt_number
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = NAT_TRAVERSAL; $$->i[0] = $4; }
	| CRYPTO ike_v1 IPSEC_OVER_TCP
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = IPSEC_OVER_TCP; }
	| CRYPTO ike_v1 IPSEC_OVER_TCP PORT num_list
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = IPSEC_OVER_TCP; $$->list = $5; }
	| CRYPTO IKEV2 FRAGMENTATION
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = FRAGMENTATION; }
	| CRYPTO IKEV2 FRAGMENTATION MTU number
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = FRAGMENTATION; $$->i[0] = $5; }
	| CRYPTO IKEV2 FRAGMENTATION PREFERRED_METHOD name
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = FRAGMENTATION; $$->s[0] = $5; }
	| CRYPTO IKEV2 FRAGMENTATION MTU number PREFERRED_METHOD name
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = FRAGMENTATION; $$->i[0] = $5; $$->s[0] = $7; }
	| CRYPTO IKEV2 NOTIFY INVALID_SELECTORS
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = INVALID_SELECTORS; }
	| CRYPTO IKEV2 REMOTE_ACCESS TRUSTPOINT anyname
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = TRUSTPOINT; $$->s[0] = $5; }
	| CRYPTO IKEV2 REMOTE_ACCESS TRUSTPOINT anyname LINE number
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = TRUSTPOINT; $$->s[0] = $5; $$->i[0] = $7; }
	| CRYPTO ISAKMP RELOAD_WAIT
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = RELOAD_WAIT; }
	| CRYPTO ISAKMP DISCONNECT_NOTIFY
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = DISCONNECT_NOTIFY; }
	| CRYPTO IPSEC IKEV1 TRANSFORM_SET anyname name
		{ $$ = C(p, C_TRANSFORM_SET, &@$); $$->sub = 1; $$->s[0] = $5; $$->s[1] = $6; }
	| CRYPTO IPSEC IKEV1 TRANSFORM_SET anyname name name
		{ $$ = C(p, C_TRANSFORM_SET, &@$); $$->sub = 1; $$->s[0] = $5; $$->s[1] = $6; $$->s[2] = $7; }
	| CRYPTO IPSEC IKEV1 TRANSFORM_SET anyname MODE name
		{ $$ = C(p, C_TRANSFORM_SET, &@$); $$->sub = 1; $$->sub2 = MODE; $$->s[0] = $5; $$->s[3] = $7; }
	| CRYPTO IPSEC PROFILE anyname
		{ $$ = C(p, C_IPSEC_PROFILE, &@$); $$->s[0] = $4; }
	| CRYPTO IPSEC TRANSFORM_SET anyname name
		{ $$ = C(p, C_TRANSFORM_SET, &@$); $$->sub = 0; $$->s[0] = $4; $$->s[1] = $5; }
	| CRYPTO IPSEC TRANSFORM_SET anyname name name
		{ $$ = C(p, C_TRANSFORM_SET, &@$); $$->sub = 0; $$->s[0] = $4; $$->s[1] = $5; $$->s[2] = $6; }
	| CRYPTO IPSEC TRANSFORM_SET anyname MODE name
		{ $$ = C(p, C_TRANSFORM_SET, &@$); $$->sub = 0; $$->sub2 = MODE; $$->s[0] = $4; $$->s[3] = $6; }
	| CRYPTO IPSEC IKEV2 IPSEC_PROPOSAL anyname
		{ $$ = C(p, C_PROPOSAL, &@$); $$->s[0] = $5; }
	| CRYPTO IPSEC SECURITY_ASSOCIATION lifetime_items
		{ $$ = $4; $$->kind = C_CRYPTO_GLOBAL; $$->sub = LIFETIME; $$->loc = @$; }
	| CRYPTO IPSEC SECURITY_ASSOCIATION PMTU_AGING anytoks1
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = PMTU_AGING; $$->text = pctx_rest(p, &@5); }
	/* seed 002 writes it without the interface: every interface */
	| CRYPTO IPSEC FRAGMENTATION BEFORE_ENCRYPTION
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = BEFORE_ENCRYPTION; }
	| CRYPTO IPSEC FRAGMENTATION AFTER_ENCRYPTION
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = AFTER_ENCRYPTION; }
	| CRYPTO IPSEC FRAGMENTATION BEFORE_ENCRYPTION anyname
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = BEFORE_ENCRYPTION; $$->s[0] = $5; }
	| CRYPTO IPSEC FRAGMENTATION AFTER_ENCRYPTION anyname
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = AFTER_ENCRYPTION; $$->s[0] = $5; }
	| CRYPTO IPSEC INNER_ROUTING_LOOKUP
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = INNER_ROUTING_LOOKUP; }
	| IPSEC INNER_ROUTING_LOOKUP
		{ $$ = C(p, C_CRYPTO_GLOBAL, &@$); $$->sub = INNER_ROUTING_LOOKUP; }
	| CRYPTO MAP anyname number cmap_set
		{ $$ = $5; $$->s[0] = $3; $$->i[0] = $4; $$->loc = @$; }
	| CRYPTO DYNAMIC_MAP anyname number cmap_set
		{ $$ = $5; $$->s[0] = $3; $$->i[0] = $4; $$->loc = @$; $$->sub2 = 1; }
	| CRYPTO MAP anyname number IPSEC_ISAKMP
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = IPSEC_ISAKMP; $$->s[0] = $3; $$->i[0] = $4; }
	| CRYPTO MAP anyname number IPSEC_ISAKMP DYNAMIC anyname
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = DYNAMIC; $$->s[0] = $3; $$->i[0] = $4; $$->s[1] = $7; }
	| CRYPTO MAP anyname INTERFACE anyname
		{ $$ = C(p, C_CMAP_INTERFACE, &@$); $$->s[0] = $3; $$->s[1] = $5; }
	| CRYPTO ENGINE ACCELERATOR_BIAS name
		{ $$ = C(p, C_ENGINE, &@$); $$->sub = ACCELERATOR_BIAS; $$->s[0] = $4; }
	| CRYPTO ENGINE LARGE_MODE_ACCEL
		{ $$ = C(p, C_ENGINE, &@$); $$->sub = LARGE_MODE_ACCEL; }
	| CRYPTO IKEV2 CLUSTER	{ $$ = C(p, C_CLUSTER, &@$); }
	| CRYPTO IKEV2 REDIRECT CLIENT
		{ $$ = C(p, C_IKEV2_REDIRECT, &@$); $$->sub = CLIENT; }
	| CRYPTO IKEV2 REDIRECT CLIENT MAX_REDIRECTS number
		{ $$ = C(p, C_IKEV2_REDIRECT, &@$); $$->sub = CLIENT; $$->i[0] = $6; }
	| CRYPTO IKEV2 REDIRECT GATEWAY name
		{ $$ = C(p, C_IKEV2_REDIRECT, &@$); $$->sub = GATEWAY; $$->s[0] = $5; }
	| CRYPTO IKEV2 RECONNECT KEY number name
		{ $$ = C(p, C_RECONNECT_KEY, &@$); $$->i[0] = $5; $$->s[0] = $6; }
	| CRYPTO IKEV2 RECONNECT KEY number ACTIVE name
		{ $$ = C(p, C_RECONNECT_KEY, &@$); $$->i[0] = $5; $$->sub = ACTIVE; $$->s[0] = $7; }
	;

lifetime_items
	: LIFETIME SECONDS number
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = LIFETIME; $$->i[1] = $3; }
	| LIFETIME KILOBYTES number
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = LIFETIME; $$->i[2] = $3; }
	| LIFETIME KILOBYTES UNLIMITED
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = LIFETIME; $$->i[3].set = true; $$->i[3].v = 1; $$->i[3].loc = @3; }
	| lifetime_items SECONDS number		{ $$ = $1; $$->i[1] = $3; }
	| lifetime_items KILOBYTES number	{ $$ = $1; $$->i[2] = $3; }
	| lifetime_items KILOBYTES UNLIMITED
		{ $$ = $1; $$->i[3].set = true; $$->i[3].v = 1; $$->i[3].loc = @3; }
	;

/* crypto map NAME SEQ ... and crypto dynamic-map NAME SEQ ...: s[0] name,
 * i[0] sequence number, sub the setting. */
cmap_set
	: MATCH ADDRESS anyname
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = MATCH; $$->s[1] = $3; }
	| SET PEER peer_list
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = PEER; $$->list = $3; }
	| SET IKEV1 TRANSFORM_SET anyname_list
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = TRANSFORM_SET; $$->list = $4; $$->i[1].v = 1; }
	| SET TRANSFORM_SET anyname_list
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = TRANSFORM_SET; $$->list = $3; $$->i[1].v = 0; }
	| SET IKEV2 IPSEC_PROPOSAL anyname_list
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = IPSEC_PROPOSAL; $$->list = $4; }
	| SET IKEV2 MODE name
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = MODE; $$->s[1] = $4; }
	| SET IKEV1 PHASE1_MODE name anytoks
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = PHASE1_MODE; $$->s[1] = $4; }
	| SET SECURITY_ASSOCIATION lifetime_items
		{ $$ = $3; }
	/* known, not modelled: kept as an unmodelled line by apply */
	| SET SECURITY_ASSOCIATION REPLAY anytoks1
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = REPLAY; }
	| SET PFS
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = PFS; }
	| SET PFS name
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = PFS; $$->s[1] = $3; }
	| SET REVERSE_ROUTE
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = REVERSE_ROUTE; }
	| SET REVERSE_ROUTE DYNAMIC
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = REVERSE_ROUTE; $$->sub2 = 0; $$->i[1].set = true; }
	| SET VALIDATE_ICMP_ERRORS
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = VALIDATE_ICMP_ERRORS; }
	| SET DF_BIT name
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = DF_BIT; $$->s[1] = $3; }
	| SET TFC_PACKETS anytoks
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = TFC_PACKETS; }
	| SET CONNECTION_TYPE name
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = CONNECTION_TYPE; $$->s[1] = $3; }
	| SET NAT_T_DISABLE
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = NAT_T_DISABLE; }
	| SET TRUSTPOINT anyname anytoks
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = TRUSTPOINT; $$->s[1] = $3; }
	| SET INHERITANCE name
		{ $$ = C(p, C_CMAP_ENTRY, &@$); $$->sub = INHERITANCE; $$->s[1] = $3; }
	;

peer: addr_or_name ;
peer_list
	: peer			{ $$ = pctx_list(p, NULL, $1); }
	| peer_list peer	{ $$ = pctx_list(p, $1, $2); }
	;

/* ---- tunnel-groups, group-policies -------------------------------------- */

tunnel_group
	: TUNNEL_GROUP tgname TYPE name
		{ $$ = C(p, C_TUNNEL_GROUP, &@$); $$->s[0] = $2; $$->s[1] = $4; }
	| TUNNEL_GROUP tgname GENERAL_ATTRIBUTES
		{ $$ = C(p, C_TG_ATTR_MODE, &@$); $$->s[0] = $2; $$->sub = GENERAL_ATTRIBUTES; }
	| TUNNEL_GROUP tgname IPSEC_ATTRIBUTES
		{ $$ = C(p, C_TG_ATTR_MODE, &@$); $$->s[0] = $2; $$->sub = IPSEC_ATTRIBUTES; }
	| TUNNEL_GROUP tgname WEBVPN_ATTRIBUTES
		{ $$ = C(p, C_TG_ATTR_MODE, &@$); $$->s[0] = $2; $$->sub = WEBVPN_ATTRIBUTES; }
	;

/* ---- webvpn (AnyConnect SSL VPN) ------------------------------------------ */

/* the webvpn sub-mode: `enable IF [tls-only]`, `anyconnect enable`,
 * `tunnel-group-list enable`, `port N`, `dtls port N`; the rest (images,
 * profiles, csd, ...) is kept unmodelled */
webvpn
	: ENABLE anyname
		{ $$ = C(p, C_WEBVPN_SET, &@$); $$->sub = ENABLE; $$->s[0] = $2; }
	| ENABLE anyname anyname
		{ $$ = C(p, C_WEBVPN_SET, &@$); $$->sub = ENABLE; $$->s[0] = $2; $$->s[1] = $3; }
	| ANYCONNECT ENABLE
		{ $$ = C(p, C_WEBVPN_SET, &@$); $$->sub = ANYCONNECT; }
	| TUNNEL_GROUP_LIST ENABLE
		{ $$ = C(p, C_WEBVPN_SET, &@$); $$->sub = TUNNEL_GROUP_LIST; }
	| PORT number
		{ $$ = C(p, C_WEBVPN_SET, &@$); $$->sub = PORT; $$->i[0] = $2; }
	| DTLS PORT number
		{ $$ = C(p, C_WEBVPN_SET, &@$); $$->sub = DTLS; $$->i[0] = $3; }
	;

/* tunnel-group webvpn-attributes: `group-alias NAME [enable|disable]`,
 * `group-url URL [enable|disable]` (enabled when neither is given),
 * `authentication METHOD...` */
tgweb
	: GROUP_ALIAS anyname
		{ $$ = C(p, C_TGWEB_SET, &@$); $$->sub = GROUP_ALIAS; $$->s[0] = $2; $$->sub2 = ENABLE; }
	| GROUP_ALIAS anyname ENABLE
		{ $$ = C(p, C_TGWEB_SET, &@$); $$->sub = GROUP_ALIAS; $$->s[0] = $2; $$->sub2 = ENABLE; }
	| GROUP_ALIAS anyname DISABLE
		{ $$ = C(p, C_TGWEB_SET, &@$); $$->sub = GROUP_ALIAS; $$->s[0] = $2; $$->sub2 = DISABLE; }
	| GROUP_URL anytoks1
		{ $$ = C(p, C_TGWEB_SET, &@$); $$->sub = GROUP_URL; $$->text = pctx_rest(p, &@2); $$->i[0].loc = @2; }
	| AUTHENTICATION anytoks1
		{ $$ = C(p, C_TGWEB_SET, &@$); $$->sub = AUTHENTICATION; $$->text = pctx_rest(p, &@2); }
	;

/* crypto ipsec profile NAME: the set commands a crypto map entry has
 * (cmap_set; apply.c takes the IPsec ones), and responder-only */
ipprof
	: cmap_set
	| RESPONDER_ONLY
		{ $$ = C(p, C_IPSEC_PROFILE_SET, &@$); $$->sub = RESPONDER_ONLY; }
	;

/* a group policy's (or user's) webvpn sub-mode: its `anyconnect ...`
 * settings, read by apply.c; the rest (clientless portal) is kept
 * unmodelled */
gpweb
	: ANYCONNECT anytoks1
		{ $$ = C(p, C_GPWEB_SET, &@$); $$->text = pctx_rest(p, &@2); $$->i[0].loc = @2; }
	;

tgmap
	: TUNNEL_GROUP_MAP ENABLE name
		{ $$ = C(p, C_TGMAP, &@$); $$->sub = ENABLE; $$->s[0] = $3; }
	| TUNNEL_GROUP_MAP DEFAULT_GROUP tgname
		{ $$ = C(p, C_TGMAP, &@$); $$->sub = DEFAULT_GROUP; $$->s[1] = $3; }
	| TUNNEL_GROUP_MAP NUMBER DEFAULT_GROUP tgname
		{ $$ = C(p, C_TGMAP, &@$); $$->sub = DEFAULT_GROUP; $$->i[0] = pctx_num(p, $2); $$->s[1] = $4; }
	| TUNNEL_GROUP_MAP NUMBER ENABLE name
		{ $$ = C(p, C_TGMAP, &@$); $$->sub = ENABLE; $$->i[0] = pctx_num(p, $2); $$->s[0] = $4; }
	| TUNNEL_GROUP_MAP WORD number tgname
		{ $$ = C(p, C_TGMAP, &@$); $$->sub = MAP; $$->s[2] = pctx_sym(p, $2); $$->i[0] = $3; $$->s[1] = $4; }
	;

group_policy
	: GROUP_POLICY anyname INTERNAL
		{ $$ = C(p, C_GROUP_POLICY, &@$); $$->s[0] = $2; $$->sub = INTERNAL; }
	| GROUP_POLICY anyname EXTERNAL anytoks
		{ $$ = C(p, C_GROUP_POLICY, &@$); $$->s[0] = $2; $$->sub = EXTERNAL; }
	| GROUP_POLICY anyname ATTRIBUTES
		{ $$ = C(p, C_GROUP_POLICY, &@$); $$->s[0] = $2; $$->sub = ATTRIBUTES; }
	;

/* ---- users, AAA servers, trustpoints ------------------------------------ */

/* username NAME password PW [encrypted|pbkdf2|nt-encrypted|mschap]
 * [privilege N]; the password is one token of any shape, its options are
 * read by the apply step (s[1] is the password token's location) */
username
	: USERNAME anyname PASSWORD anytok anytoks
		{ $$ = C(p, C_USERNAME, &@$); $$->s[0] = $2; $$->sub = PASSWORD;
		  $$->s[1].loc = @4; $$->text = pctx_rest(p, &@5); $$->i[0].loc = @5; }
	| USERNAME anyname NOPASSWORD anytoks
		{ $$ = C(p, C_USERNAME, &@$); $$->s[0] = $2; $$->sub = NOPASSWORD;
		  $$->text = pctx_rest(p, &@4); $$->i[0].loc = @4; }
	| USERNAME anyname ATTRIBUTES
		{ $$ = C(p, C_USERNAME, &@$); $$->s[0] = $2; $$->sub = ATTRIBUTES; }
	;

/* aaa-server GROUP protocol P; aaa-server GROUP [(IF)] host ADDR [KEY]
 * [timeout N] */
aaa_server
	: AAA_SERVER anyname PROTOCOL anytok
		{ $$ = C(p, C_AAA, &@$); $$->s[0] = $2; $$->sub = PROTOCOL;
		  $$->text = pctx_rest(p, &@4); $$->s[1].loc = @4; }
	| AAA_SERVER anyname ifparen_opt HOST anyname anytoks
		{ $$ = C(p, C_AAA, &@$); $$->s[0] = $2; $$->sub = HOST;
		  $$->s[1] = $3; $$->s[2] = $5; $$->text = pctx_rest(p, &@6);
		  $$->i[0].loc = @6; }
	;

/* the username attributes sub-mode: the group-policy attributes and the
 * user's own */
user
	: gp
	| VPN_GROUP_POLICY anyname
		{ $$ = C(p, C_USER_SET, &@$); $$->sub = VPN_GROUP_POLICY; $$->s[0] = $2; }
	| SERVICE_TYPE name
		{ $$ = C(p, C_USER_SET, &@$); $$->sub = SERVICE_TYPE; $$->s[0] = $2; }
	| VPN_FRAMED_IP_ADDRESS IPV4
		{ $$ = C(p, C_USER_SET, &@$); $$->sub = VPN_FRAMED_IP_ADDRESS;
		  $$->a[0] = pctx_addr(p, $2); if (!$$->a[0]) YYERROR; }
	| VPN_FRAMED_IP_ADDRESS IPV4 IPV4
		{ $$ = C(p, C_USER_SET, &@$); $$->sub = VPN_FRAMED_IP_ADDRESS;
		  $$->a[0] = pctx_addr(p, $2); $$->a[1] = pctx_addr(p, $3);
		  if (!$$->a[0] || !$$->a[1]) YYERROR; }
	;

/* aaa-server ... host sub-mode */
aaahost
	: KEY anytoks
		{ $$ = C(p, C_AAA_SET, &@$); $$->sub = KEY; $$->text = pctx_rest(p, &@2);
		  $$->i[0].loc = @2; }
	| AUTHENTICATION_PORT number
		{ $$ = C(p, C_AAA_SET, &@$); $$->sub = AUTHENTICATION_PORT; $$->i[0] = $2; }
	| ACCOUNTING_PORT number
		{ $$ = C(p, C_AAA_SET, &@$); $$->sub = ACCOUNTING_PORT; $$->i[0] = $2; }
	| TIMEOUT number
		{ $$ = C(p, C_AAA_SET, &@$); $$->sub = TIMEOUT; $$->i[0] = $2; }
	| RETRY_INTERVAL number
		{ $$ = C(p, C_AAA_SET, &@$); $$->sub = RETRY_INTERVAL; $$->i[0] = $2; }
	;

/* crypto ca trustpoint sub-mode */
tp
	: ENROLLMENT anytoks1
		{ $$ = C(p, C_TP_SET, &@$); $$->sub = ENROLLMENT; $$->text = pctx_rest(p, &@2); }
	| SUBJECT_NAME anytoks1
		{ $$ = C(p, C_TP_SET, &@$); $$->sub = SUBJECT_NAME; $$->text = pctx_rest(p, &@2); }
	| FQDN anyname
		{ $$ = C(p, C_TP_SET, &@$); $$->sub = FQDN; $$->s[0] = $2; }
	| KEYPAIR anyname
		{ $$ = C(p, C_TP_SET, &@$); $$->sub = KEYPAIR; $$->s[0] = $2; }
	| REVOCATION_CHECK revocation_list
		{ $$ = C(p, C_TP_SET, &@$); $$->sub = REVOCATION_CHECK; $$->list = $2; }
	| CRL CONFIGURE
		{ $$ = C(p, C_TP_SET, &@$); $$->sub = CRL; }
	;

revocation_method: name | NONE { $$ = pctx_sym(p, $1); } ;
revocation_list
	: revocation_method		{ $$ = symlist(p, NULL, $1); }
	| revocation_list revocation_method { $$ = symlist(p, $1, $2); }
	;

/* crypto ca certificate chain: `certificate [ca] SERIAL`, the hex lines,
 * `quit`; kept, not decoded */
chainline
	: CERTIFICATE anytoks1	{ $$ = C(p, C_CHAIN_LINE, &@$); $$->sub = CERTIFICATE; }
	| QUIT			{ $$ = C(p, C_CHAIN_LINE, &@$); $$->sub = QUIT; }
	| hexwords		{ if (!pctx_hex_line(p)) YYERROR;
				  $$ = C(p, C_CHAIN_LINE, &@$); }
	| nav
	;

/* the words of a certificate's hex lines (checked by pctx_hex_line) */
hexword: WORD {} | NUMBER {} | CA {} ;
hexwords: hexword | hexwords hexword ;

/* crypto ca certificate map NAME SEQ: FIELD [attr TAG] OP VALUE; FIELD
 * is subject-name, issuer-name, alternate-subject-name, ... */
certmap
	: SUBJECT_NAME anyname_list
		{ $$ = C(p, C_CERTMAP_RULE, &@$); $$->s[0] = pctx_sym(p, $1); $$->list = $2; }
	| WORD anyname_list
		{ $$ = C(p, C_CERTMAP_RULE, &@$); $$->s[0] = pctx_sym(p, $1); $$->list = $2; }
	;

/* ---- interface sub-mode -------------------------------------------------- */

ifcmd
	: NAMEIF anyname	{ $$ = C(p, C_IF_NAMEIF, &@$); $$->s[0] = $2; }
	| NAMEIF		{ $$ = C(p, C_IF_NAMEIF, &@$); }
	| SECURITY_LEVEL opt_number
				{ $$ = C(p, C_IF_SECLEVEL, &@$); $$->i[0] = $2; }
	/* with `names`, an interface address may be a name (8.x) */
	| IP ADDRESS addr_or_name IPV4
				{ $$ = C(p, C_IF_IP, &@$);
				  $$->a[0] = $3; $$->a[1] = pctx_addr(p, $4);
				  if (!$$->a[1]) YYERROR; }
	| IP ADDRESS addr_or_name IPV4 STANDBY addr_or_name
				{ $$ = C(p, C_IF_IP, &@$);
				  $$->a[0] = $3; $$->a[1] = pctx_addr(p, $4);
				  $$->a[2] = $6; if (!$$->a[1]) YYERROR; }
	| IP ADDRESS addr_or_name IPV4 SECONDARY
				{ $$ = C(p, C_IF_IP, &@$); $$->sub = SECONDARY;
				  $$->a[0] = $3; $$->a[1] = pctx_addr(p, $4);
				  if (!$$->a[1]) YYERROR; }
	| IP ADDRESS DHCP anytoks
				{ $$ = C(p, C_IF_IP_DHCP, &@$); }
	| IP ADDRESS		{ $$ = C(p, C_IF_IP, &@$); }
	| KW_IPV6 ADDRESS IPV6PREFIX anytoks
				{ $$ = C(p, C_IF_IP6, &@$); $$->a[0] = pctx_prefix(p, $3);
				  if (!$$->a[0]) YYERROR; }
	| KW_IPV6 ADDRESS	{ $$ = C(p, C_IF_IP6, &@$); }
	| SHUTDOWN		{ $$ = C(p, C_IF_SHUTDOWN, &@$); }
	/* a virtual tunnel interface (interface TunnelN) */
	| TUNNEL SOURCE INTERFACE anyname
		{ $$ = C(p, C_IF_TUNNEL, &@$); $$->sub = SOURCE; $$->s[0] = $4; }
	| TUNNEL DESTINATION addr_or_name
		{ $$ = C(p, C_IF_TUNNEL, &@$); $$->sub = DESTINATION; $$->a[0] = $3; }
	| TUNNEL MODE IPSEC anyname
		{ $$ = C(p, C_IF_TUNNEL, &@$); $$->sub = MODE; $$->s[0] = $4; }
	| TUNNEL PROTECTION IPSEC PROFILE anyname
		{ $$ = C(p, C_IF_TUNNEL, &@$); $$->sub = PROTECTION; $$->s[0] = $5; }
	| DESCRIPTION anytoks	{ $$ = C(p, C_IF_DESCRIPTION, &@$); $$->text = pctx_rest(p, &@2); }
	| STANDBY NUMBER PRIORITY number anytoks
				{ $$ = C(p, C_IF_STANDBY, &@$); $$->i[0] = pctx_num(p, $2); $$->i[1] = $4; }
	| STANDBY PRIORITY number anytoks
				{ $$ = C(p, C_IF_STANDBY, &@$); $$->i[1] = $3; }
	| STANDBY NUMBER IP IPV4
				{ $$ = C(p, C_IF_STANDBY, &@$); $$->i[0] = pctx_num(p, $2);
				  $$->a[0] = pctx_addr(p, $4); if (!$$->a[0]) YYERROR; }
	| STANDBY IP IPV4	{ $$ = C(p, C_IF_STANDBY, &@$);
				  $$->a[0] = pctx_addr(p, $3); if (!$$->a[0]) YYERROR; }
	| STANDBY NUMBER NAME WORD
				{ $$ = C(p, C_IF_STANDBY, &@$); $$->i[0] = pctx_num(p, $2); $$->s[0] = pctx_sym(p, $4); }
	| STANDBY WORD		{ $$ = C(p, C_IF_STANDBY, &@$); $$->s[0] = pctx_sym(p, $2); }
	/* IOS HSRP: preempt [delay ...], timers [msec] HELLO [msec] HOLD */
	| STANDBY NUMBER PREEMPT anytoks
				{ $$ = C(p, C_IF_STANDBY, &@$); $$->sub = PREEMPT; $$->i[0] = pctx_num(p, $2); }
	| STANDBY PREEMPT anytoks
				{ $$ = C(p, C_IF_STANDBY, &@$); $$->sub = PREEMPT; }
	| STANDBY NUMBER TIMERS hsrp_time hsrp_time
				{ $$ = C(p, C_IF_STANDBY, &@$); $$->sub = TIMERS; $$->i[0] = pctx_num(p, $2);
				  $$->i[2] = $4; $$->i[3] = $5; }
	| STANDBY TIMERS hsrp_time hsrp_time
				{ $$ = C(p, C_IF_STANDBY, &@$); $$->sub = TIMERS; $$->i[2] = $3; $$->i[3] = $4; }
	;

/* an HSRP time in milliseconds: seconds, or `msec` and milliseconds */
hsrp_time
	: number		{ $$ = $1; $$.v *= 1000; }
	| MSEC number		{ $$ = $2; }
	;

/* ---- objects and object-groups ------------------------------------------ */

objnet
	: HOST addrtok		{ $$ = C(p, C_OBJ_ADDR, &@$);
				  $$->a[0] = $2->kind == WORD ? pctx_addr_name(p, $2) : pctx_addr(p, $2);
				  if (!$$->a[0]) YYERROR; $$->a[0]->host = true; }
	| SUBNET IPV4 IPV4	{ $$ = C(p, C_OBJ_ADDR, &@$); $$->a[0] = pctx_addr_mask(p, $2, $3);
				  if (!$$->a[0]) YYERROR; }
	| SUBNET IPV6PREFIX	{ $$ = C(p, C_OBJ_ADDR, &@$); $$->a[0] = pctx_prefix(p, $2);
				  if (!$$->a[0]) YYERROR; }
	| RANGE addrtok addrtok	{ $$ = C(p, C_OBJ_ADDR, &@$); $$->sub = RANGE;
				  $$->a[0] = pctx_addr(p, $2); $$->a[1] = pctx_addr(p, $3);
				  if (!$$->a[0] || !$$->a[1]) YYERROR; }
	| FQDN name		{ $$ = C(p, C_OBJ_ADDR, &@$); $$->sub = FQDN; $$->s[0] = $2; }
	| FQDN V4 name		{ $$ = C(p, C_OBJ_ADDR, &@$); $$->sub = FQDN; $$->s[0] = $3; $$->sub2 = 4; }
	| FQDN V6 name		{ $$ = C(p, C_OBJ_ADDR, &@$); $$->sub = FQDN; $$->s[0] = $3; $$->sub2 = 6; }
	| DESCRIPTION anytoks	{ $$ = C(p, C_OBJ_DESCRIPTION, &@$); $$->text = pctx_rest(p, &@2); }
	| objnat
	;

/* Object NAT (inside `object network`). */
objnat
	: NAT nat_ifpair STATIC objnat_mapped objnat_opts
		{ $$ = p->result; $$->kind = C_OBJ_NAT; $$->loc = @$; NATN->loc = @$;
		  NATN->kind = IR_NAT_OBJECT; NATN->type = IR_NAT_STATIC;
		  NATN->mapped_src = $4; NATN->flags = $5; }
	| NAT nat_ifpair DYNAMIC objnat_mapped objnat_opts
		{ $$ = p->result; $$->kind = C_OBJ_NAT; $$->loc = @$; NATN->loc = @$;
		  NATN->kind = IR_NAT_OBJECT; NATN->type = IR_NAT_DYNAMIC;
		  NATN->mapped_src = $4; NATN->flags = $5; }
	/* seed 000 (hairpinning) writes `nat (outside,outside) interface`
	 * for dynamic PAT to the interface */
	| NAT nat_ifpair INTERFACE
		{ $$ = p->result; $$->kind = C_OBJ_NAT; $$->loc = @$; NATN->loc = @$;
		  NATN->kind = IR_NAT_OBJECT; NATN->type = IR_NAT_DYNAMIC;
		  NATN->mapped_src.set = true; NATN->mapped_src.interface = true; }
	;

/* An object NAT's mapped side: an inline address or an object.  No
 * keyword says which, so a dotted quad is taken as the inline address and
 * any other word as an object (an assumption: the seeds are silent; the
 * ASA's own 8.3 migration names such objects obj-ADDRESS, not ADDRESS). */
objnat_mapped
	: objnat_name	{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.name = $1; }
	| IPV4		{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.addr = pctx_addr(p, $1);
			  if (!$$.addr) YYERROR; }
	| IPV6		{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.addr = pctx_addr(p, $1);
			  if (!$$.addr) YYERROR; }
	| INTERFACE	{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.interface = true; }
	| PAT_POOL anyname
			{ memset(&$$, 0, sizeof($$)); $$.set = true; $$.pat_pool = true; $$.name = $2; }
	;

objnat_name
	: name
	| shapedword
/*@RESERVED_KEYWORDS except INTERFACE PAT_POOL@*/
	;

objnat_opts: %empty { $$ = 0; } | objnat_opts objnat_opt { $$ = $1 | $2; } ;
objnat_opt
	: nat_opt
	| SERVICE name name name
		{ $$ = 0; NATN->svc_proto = $2; NATN->svc_rport = $3; NATN->svc_mport = $4;
		  NATN->pat_proto = !strcasecmp($2.s, "tcp") ? 6 :
				    !strcasecmp($2.s, "udp") ? 17 :
				    !strcasecmp($2.s, "sctp") ? 132 : 0;
		  if (!NATN->pat_proto) {
			  pctx_error(p, &$2.loc, "NAT service protocol '%s': "
				     "expected tcp, udp or sctp", $2.s);
			  YYERROR;
		  }
		  if (!pctx_port_sym(p, &$3, &NATN->pat_rport,
				     pctx_port_protos(NATN->pat_proto)) ||
		      !pctx_port_sym(p, &$4, &NATN->pat_mport,
				     pctx_port_protos(NATN->pat_proto)))
			  YYERROR; }
	;

objsvc
	: SERVICE anytoks1	{ $$ = C(p, C_OBJ_SERVICE, &@$);
				  $$->node = acl_read_service(p, @1.end, true);
				  if (!$$->node) YYERROR; }
	| DESCRIPTION anytoks	{ $$ = C(p, C_OBJ_DESCRIPTION, &@$); $$->text = pctx_rest(p, &@2); }
	;

ognet
	: NETWORK_OBJECT HOST addrtok
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_ADDR; m->loc = @$;
		  m->addr = $3->kind == WORD ? pctx_addr_name(p, $3) : pctx_addr(p, $3);
		  if (!m->addr) YYERROR; m->addr->host = true; $$->node = m; }
	| NETWORK_OBJECT IPV4 IPV4
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_ADDR; m->loc = @$;
		  m->addr = pctx_addr_mask(p, $2, $3); if (!m->addr) YYERROR; $$->node = m; }
	| NETWORK_OBJECT WORD IPV4
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_ADDR; m->loc = @$;
		  m->addr = pctx_addr_name(p, $2); $$->node = m;
		  { struct ir_addr *mk = pctx_addr(p, $3); if (!mk) YYERROR;
		    m->addr->mask_written = ir_addr_v4(mk); m->addr->loc.end = mk->loc.end; } }
	| NETWORK_OBJECT IPV6PREFIX
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_ADDR; m->loc = @$;
		  m->addr = pctx_prefix(p, $2); if (!m->addr) YYERROR; $$->node = m; }
	| NETWORK_OBJECT OBJECT anyname
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_ADDR; m->loc = @$;
		  m->addr = ir_addr_new(p->ir, IR_ADDR_OBJECT, &@$); m->addr->ref = $3;
		  $$->node = m; }
	| GROUP_OBJECT anyname
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_GROUP; m->loc = @$; m->ref = $2;
		  $$->node = m; }
	| DESCRIPTION anytoks	{ $$ = C(p, C_OG_DESCRIPTION, &@$); $$->text = pctx_rest(p, &@2); }
	;

ogsvc
	/* port names are words or keywords (isakmp, ssh, hostname ...) */
	: PORT_OBJECT EQ anyname
		{ $$ = C(p, C_OGM, &@$);
		  if (!port_member(p, $$, IR_PORT_EQ, &$3, NULL)) YYERROR; }
	| PORT_OBJECT RANGE anyname anyname
		{ $$ = C(p, C_OGM, &@$);
		  if (!port_member(p, $$, IR_PORT_RANGE, &$3, &$4)) YYERROR; }
	| SERVICE_OBJECT anytoks1
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_SERVICE; m->loc = @$;
		  m->svc = acl_read_service(p, @1.end, false); if (!m->svc) YYERROR;
		  $$->node = m; }
	| GROUP_OBJECT anyname
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_GROUP; m->loc = @$; m->ref = $2;
		  $$->node = m; }
	| DESCRIPTION anytoks	{ $$ = C(p, C_OG_DESCRIPTION, &@$); $$->text = pctx_rest(p, &@2); }
	;

ogproto
	: PROTOCOL_OBJECT name
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_PROTOCOL; m->loc = @$; m->word = $2;
		  m->value = -1; $$->node = m; }
	| GROUP_OBJECT anyname
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_GROUP; m->loc = @$; m->ref = $2;
		  $$->node = m; }
	| DESCRIPTION anytoks	{ $$ = C(p, C_OG_DESCRIPTION, &@$); $$->text = pctx_rest(p, &@2); }
	;

ogicmp
	: ICMP_OBJECT name
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_ICMP; m->loc = @$; m->word = $2;
		  m->value = -1; $$->node = m; }
	| GROUP_OBJECT anyname
		{ struct ir_ogm *m = arena_new(p->arena, struct ir_ogm);
		  $$ = C(p, C_OGM, &@$); m->kind = IR_OGM_GROUP; m->loc = @$; m->ref = $2;
		  $$->node = m; }
	| DESCRIPTION anytoks	{ $$ = C(p, C_OG_DESCRIPTION, &@$); $$->text = pctx_rest(p, &@2); }
	;

/* ---- IKE policy and IPsec proposal sub-modes ---------------------------- */

ikepol
	: AUTHENTICATION name	{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = AUTHENTICATION; $$->s[0] = $2; }
	| ENCRYPTION name_list	{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = ENCRYPTION; $$->list = $2; }
	| HASH name_list	{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = INTEGRITY; $$->list = $2; $$->sub2 = 0; $$->i[2].v = HASH; }
	| INTEGRITY name_list	{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = INTEGRITY; $$->list = $2; $$->i[2].v = INTEGRITY; }
	| PRF name_list		{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = PRF; $$->list = $2; }
	| GROUP num_list	{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = GROUP; $$->list = $2; }
	| LIFETIME number	{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = LIFETIME; $$->i[0] = $2; }
	| LIFETIME SECONDS number
				{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = LIFETIME; $$->i[0] = $3; }
	/* IKEv1 `lifetime none`, IKEv2 `lifetime seconds none`: no rekey,
	 * seed 004's lifetime 0; i[1] notes how it was written */
	| LIFETIME NONE		{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = LIFETIME;
				  $$->i[0].set = true; $$->i[0].loc = @2; $$->i[1].set = true; }
	| LIFETIME SECONDS NONE	{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = LIFETIME;
				  $$->i[0].set = true; $$->i[0].loc = @3; $$->i[1].set = true; }
	| LIFETIME		{ $$ = C(p, C_IKEPOL_SET, &@$); $$->sub = LIFETIME; }
	;

prop
	: PROTOCOL ESP ENCRYPTION name_list
		{ $$ = C(p, C_PROP_SET, &@$); $$->sub = ENCRYPTION; $$->list = $4; }
	| PROTOCOL ESP INTEGRITY name_list
		{ $$ = C(p, C_PROP_SET, &@$); $$->sub = INTEGRITY; $$->list = $4; }
	;

/* ---- tunnel-group attribute sub-modes ----------------------------------- */

tggen
	: DEFAULT_GROUP_POLICY anyname
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = DEFAULT_GROUP_POLICY; $$->s[0] = $2; }
	| ADDRESS_POOL ifparen_opt anyname_list
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = ADDRESS_POOL; $$->s[1] = $2; $$->list = $3; }
	| IPV6_ADDRESS_POOL ifparen_opt anyname_list
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = IPV6_ADDRESS_POOL; $$->s[1] = $2; $$->list = $3; }
	| NAT_ASSIGNED_TO_PUBLIC_IP anyname
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = NAT_ASSIGNED_TO_PUBLIC_IP; $$->s[0] = $2; }
	| NAT_ASSIGNED_TO_PUBLIC_IP
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = NAT_ASSIGNED_TO_PUBLIC_IP; }
	| AUTHENTICATION_SERVER_GROUP ifparen_opt anyname anytoks
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = AUTHENTICATION_SERVER_GROUP; $$->s[1] = $2; $$->s[0] = $3;
		  $$->text = pctx_rest(p, &@4); $$->i[0].loc = @4; }
	| ACCOUNTING_SERVER_GROUP ifparen_opt anyname
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = ACCOUNTING_SERVER_GROUP; $$->s[1] = $2; $$->s[0] = $3; }
	| AUTHORIZATION_SERVER_GROUP ifparen_opt anyname
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = AUTHORIZATION_SERVER_GROUP; $$->s[1] = $2; $$->s[0] = $3; }
	| AUTHORIZATION_REQUIRED	{ $$ = C(p, C_TG_SET, &@$); $$->sub = AUTHORIZATION_REQUIRED; }
	| STRIP_REALM		{ $$ = C(p, C_TG_SET, &@$); $$->sub = STRIP_REALM; }
	| STRIP_GROUP		{ $$ = C(p, C_TG_SET, &@$); $$->sub = STRIP_GROUP; }
	;

tgipsec
	: IKEV1 PRE_SHARED_KEY anytoks
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = PRE_SHARED_KEY; $$->text = pctx_rest(p, &@3); $$->i[0].loc = @3; }
	| PRE_SHARED_KEY anytoks
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = PRE_SHARED_KEY; $$->text = pctx_rest(p, &@2); $$->i[0].loc = @2; }
	| IKEV2 LOCAL_AUTHENTICATION PRE_SHARED_KEY anytoks
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = LOCAL_AUTHENTICATION; $$->sub2 = PRE_SHARED_KEY;
		  $$->text = pctx_rest(p, &@4); $$->i[0].loc = @4; }
	| IKEV2 REMOTE_AUTHENTICATION PRE_SHARED_KEY anytoks
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = REMOTE_AUTHENTICATION; $$->sub2 = PRE_SHARED_KEY;
		  $$->text = pctx_rest(p, &@4); $$->i[0].loc = @4; }
	| IKEV2 LOCAL_AUTHENTICATION name anytoks
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = LOCAL_AUTHENTICATION; $$->s[0] = $3;
		  $$->text = pctx_rest(p, &@4); $$->i[0].loc = @4; }
	| IKEV2 REMOTE_AUTHENTICATION name anytoks
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = REMOTE_AUTHENTICATION; $$->s[0] = $3;
		  $$->text = pctx_rest(p, &@4); $$->i[0].loc = @4; }
	| IKEV1 USER_AUTHENTICATION ifparen_opt user_auth
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = USER_AUTHENTICATION; $$->s[1] = $3; $$->s[0] = $4; }
	| ISAKMP IKEV1_USER_AUTHENTICATION ifparen_opt user_auth
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = USER_AUTHENTICATION; $$->s[1] = $3; $$->s[0] = $4; }
	| client_update
	| IKEV1 client_update	{ $$ = $2; $$->sub2 = 1; $$->loc = @$; }
	| ISAKMP KEEPALIVE anytoks
		{ $$ = C(p, C_TG_SET, &@$); $$->sub = KEEPALIVE; $$->text = pctx_rest(p, &@3); }
	| PEER_ID_VALIDATE name	{ $$ = C(p, C_TG_SET, &@$); $$->sub = PEER_ID_VALIDATE; $$->s[0] = $2; }
	| IKEV1 TRUST_POINT anyname
				{ $$ = C(p, C_TG_SET, &@$); $$->sub = TRUST_POINT; $$->s[0] = $3; }
	| TRUST_POINT anyname	{ $$ = C(p, C_TG_SET, &@$); $$->sub = TRUST_POINT; $$->s[0] = $2; }
	;

/* none|xauth|hybrid, checked by the apply step */
user_auth: name | NONE { $$ = pctx_sym(p, $1); } ;

/* ---- group-policy attributes -------------------------------------------- */

gp
	: WEBVPN
		{ $$ = C(p, C_GP_WEBVPN, &@$); }
	| VPN_TUNNEL_PROTOCOL name_list
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_TUNNEL_PROTOCOL; $$->list = $2; }
	| SPLIT_TUNNEL_POLICY name
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = SPLIT_TUNNEL_POLICY; $$->s[0] = $2; }
	| SPLIT_TUNNEL_NETWORK_LIST VALUE anyname
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = SPLIT_TUNNEL_NETWORK_LIST; $$->s[0] = $3; }
	| SPLIT_TUNNEL_NETWORK_LIST NONE
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = SPLIT_TUNNEL_NETWORK_LIST; }
	| SPLIT_TUNNEL_NETWORK_LIST
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = SPLIT_TUNNEL_NETWORK_LIST; }
	| VPN_FILTER VALUE anyname
				{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_FILTER; $$->s[0] = $3; }
	| VPN_FILTER NONE	{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_FILTER; }
	| VPN_FILTER		{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_FILTER; }
	| VPN_IDLE_TIMEOUT number
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_IDLE_TIMEOUT; $$->i[0] = $2; }
	| VPN_IDLE_TIMEOUT NONE
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_IDLE_TIMEOUT; $$->i[0].set = true;
		  $$->i[0].v = -1; $$->i[0].loc = @2; }
	| VPN_IDLE_TIMEOUT ALERT_INTERVAL number
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = ALERT_INTERVAL; }
	| VPN_SESSION_TIMEOUT number
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_SESSION_TIMEOUT; $$->i[0] = $2; }
	| VPN_SESSION_TIMEOUT NONE
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_SESSION_TIMEOUT; $$->i[0].set = true;
		  $$->i[0].v = -1; $$->i[0].loc = @2; }
	| VPN_SESSION_TIMEOUT ALERT_INTERVAL number
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = ALERT_INTERVAL; }
	| VPN_SIMULTANEOUS_LOGINS number
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = VPN_SIMULTANEOUS_LOGINS; $$->i[0] = $2; }
	| ADDRESS_POOLS VALUE anyname_list
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = ADDRESS_POOLS; $$->list = $3; }
	| ADDRESS_POOLS NONE	{ $$ = C(p, C_GP_SET, &@$); $$->sub = ADDRESS_POOLS; }
	| IPV6_ADDRESS_POOLS VALUE anyname_list
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = IPV6_ADDRESS_POOLS; $$->list = $3; }
	| IPV6_ADDRESS_POOLS NONE
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = IPV6_ADDRESS_POOLS; }
	| DNS_SERVER VALUE anyname_list
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = DNS_SERVER; $$->list = $3; }
	| DNS_SERVER NONE	{ $$ = C(p, C_GP_SET, &@$); $$->sub = DNS_SERVER; }
	| WINS_SERVER VALUE anyname_list
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = WINS_SERVER; $$->list = $3; }
	| WINS_SERVER NONE	{ $$ = C(p, C_GP_SET, &@$); $$->sub = WINS_SERVER; }
	| DEFAULT_DOMAIN VALUE anyname
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = DEFAULT_DOMAIN; $$->s[0] = $3; }
	| DEFAULT_DOMAIN NONE	{ $$ = C(p, C_GP_SET, &@$); $$->sub = DEFAULT_DOMAIN; }
	| SPLIT_DNS VALUE anyname_list
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = SPLIT_DNS; $$->list = $3; }
	| SPLIT_DNS NONE	{ $$ = C(p, C_GP_SET, &@$); $$->sub = SPLIT_DNS; }
	| BANNER VALUE anytoks1
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = BANNER; $$->text = pctx_rest(p, &@3);
		  $$->i[0].loc = @3; }
	| BANNER NONE		{ $$ = C(p, C_GP_SET, &@$); $$->sub = BANNER; }
	| GROUP_LOCK VALUE anyname
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = GROUP_LOCK; $$->s[0] = $3; }
	| GROUP_LOCK NONE	{ $$ = C(p, C_GP_SET, &@$); $$->sub = GROUP_LOCK; }
	| IPV6_SPLIT_TUNNEL_POLICY name
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = IPV6_SPLIT_TUNNEL_POLICY; $$->s[0] = $2; }
	| IPV6_SPLIT_TUNNEL_NETWORK_LIST VALUE anyname
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = IPV6_SPLIT_TUNNEL_NETWORK_LIST; $$->s[0] = $3; }
	| IPV6_SPLIT_TUNNEL_NETWORK_LIST NONE
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = IPV6_SPLIT_TUNNEL_NETWORK_LIST; }
	| IPV6_VPN_FILTER VALUE anyname
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = IPV6_VPN_FILTER; $$->s[0] = $3; }
	| IPV6_VPN_FILTER NONE	{ $$ = C(p, C_GP_SET, &@$); $$->sub = IPV6_VPN_FILTER; }
	| NEM name		{ $$ = C(p, C_GP_SET, &@$); $$->sub = NEM; $$->s[0] = $2; }
	| CLIENT_FIREWALL anytoks1
		{ $$ = C(p, C_GP_SET, &@$); $$->sub = CLIENT_FIREWALL; $$->text = pctx_rest(p, &@2);
		  $$->i[0].loc = @2; }
	;

/* ---- time-range sub-mode ------------------------------------------------- */

/* `no absolute`, `no periodic ...` take any operands: the settings go */
trline
	: tr
	| NO ABSOLUTE anytoks	{ $$ = C(p, C_TR_SET, &@$); $$->sub = ABSOLUTE; $$->neg = true; }
	| NO PERIODIC anytoks	{ $$ = C(p, C_TR_SET, &@$); $$->sub = PERIODIC; $$->neg = true; }
	| nav
	;

tr
	: ABSOLUTE anytoks
		{ struct tr_absolute *a = arena_new(&p->scratch, struct tr_absolute);
		  $$ = C(p, C_TR_SET, &@$); $$->sub = ABSOLUTE; $$->node = a;
		  if (!acl_read_absolute(p, @1.end, &a->start, &a->end)) YYERROR; }
	| PERIODIC anytoks
		{ $$ = C(p, C_TR_SET, &@$); $$->sub = PERIODIC;
		  $$->node = acl_read_periodic(p, @1.end); if (!$$->node) YYERROR; }
	;

/* ---- vpn load-balancing (seed 000) --------------------------------------- */

lb
	: CLUSTER IP ADDRESS IPV4
		{ $$ = C(p, C_LB_SET, &@$); $$->sub = ADDRESS; $$->a[0] = pctx_addr(p, $4);
		  if (!$$->a[0]) YYERROR; }
	| CLUSTER IP ADDRESS IPV6
		{ $$ = C(p, C_LB_SET, &@$); $$->sub = ADDRESS; $$->a[0] = pctx_addr(p, $4);
		  if (!$$->a[0]) YYERROR; }
	| CLUSTER IP ADDRESS WORD
		{ $$ = C(p, C_LB_SET, &@$); $$->sub = ADDRESS; $$->s[0] = pctx_sym(p, $4); }
	| CLUSTER PORT opt_number
		{ $$ = C(p, C_LB_SET, &@$); $$->sub = PORT; $$->i[0] = $3; }
	| CLUSTER ENCRYPTION	{ $$ = C(p, C_LB_SET, &@$); $$->sub = ENCRYPTION; }
	| CLUSTER KEY anytoks	{ $$ = C(p, C_LB_SET, &@$); $$->sub = KEY;
				  $$->text = pctx_rest(p, &@3); $$->i[0].loc = @3; }
	| PARTICIPATE		{ $$ = C(p, C_LB_SET, &@$); $$->sub = PARTICIPATE; }
	| PRIORITY opt_number	{ $$ = C(p, C_LB_SET, &@$); $$->sub = PRIORITY; $$->i[0] = $2; }
	| NAT addr_or_name	{ $$ = C(p, C_LB_SET, &@$); $$->sub = NAT; $$->a[0] = $2; }
	| NAT addr_or_name addr_or_name
				{ $$ = C(p, C_LB_SET, &@$); $$->sub = NAT; $$->a[0] = $2; $$->a[1] = $3; }
	| NAT			{ $$ = C(p, C_LB_SET, &@$); $$->sub = NAT; }
	| INTERFACE LBPUBLIC word_or_num
		{ $$ = C(p, C_LB_SET, &@$); $$->sub = LBPUBLIC; $$->s[0] = $3; }
	| INTERFACE LBPRIVATE word_or_num
		{ $$ = C(p, C_LB_SET, &@$); $$->sub = LBPRIVATE; $$->s[0] = $3; }
	| REDIRECT_FQDN ENABLE	{ $$ = C(p, C_LB_SET, &@$); $$->sub = REDIRECT_FQDN; $$->sub2 = 1; }
	| REDIRECT_FQDN DISABLE	{ $$ = C(p, C_LB_SET, &@$); $$->sub = REDIRECT_FQDN; $$->sub2 = 0; }
	;

/* ---- crypto ikev2 cluster (seed 003, IOS) -------------------------------- */

cluster
	: HOLDTIME number	{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = HOLDTIME; $$->i[0] = $2; }
	| MASTER OVERLOAD_LIMIT number
				{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = OVERLOAD_LIMIT; $$->i[0] = $3; }
	| MASTER WEIGHT CRYPTO_LOAD number
				{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = CRYPTO_LOAD; $$->i[0] = $4; }
	| MASTER WEIGHT SYSTEM_LOAD number
				{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = SYSTEM_LOAD; $$->i[0] = $4; }
	/* seed 003's own example writes `master crypto-load 10` */
	| MASTER CRYPTO_LOAD number
				{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = CRYPTO_LOAD; $$->i[0] = $3; }
	| MASTER SYSTEM_LOAD number
				{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = SYSTEM_LOAD; $$->i[0] = $3; }
	| PORT number		{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = PORT; $$->i[0] = $2; }
	| SLAVE HELLO number	{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = HELLO; $$->i[0] = $3; }
	| SLAVE MAX_SESSION number
				{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = MAX_SESSION; $$->i[0] = $3; }
	| SLAVE PRIORITY number	{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = PRIORITY; $$->i[0] = $3; }
	| SLAVE UPDATE number	{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = UPDATE; $$->i[0] = $3; }
	| STANDBY_GROUP anyname	{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = STANDBY_GROUP; $$->s[0] = $2; }
	| SHUTDOWN		{ $$ = C(p, C_CLUSTER_SET, &@$); $$->sub = SHUTDOWN; }
	;

%%

/*
 * Syntax errors name what was expected, in ASA spelling.  Where a name is
 * acceptable the hundreds of keywords that may also be names are summed up
 * as "a name".
 */
static int yyreport_syntax_error(const yypcontext_t *yctx, struct pctx *p)
{
	yysymbol_kind_t exp[YYNTOKENS];
	yysymbol_kind_t la = yypcontext_token(yctx);
	const struct loc *loc = yypcontext_location(yctx);
	int n = yypcontext_expected_tokens(yctx, exp, YYNTOKENS), i, shown = 0;
	bool want_name = false, want_any = false, range = false, v6p = false;
	char buf[256];
	size_t len = 0;

	for (i = 0; i < n; i++) {
		if (exp[i] == YYSYMBOL_WORD)
			want_name = true;
		else if (exp[i] == YYSYMBOL_IPV4RANGE)
			range = true;
		else if (exp[i] == YYSYMBOL_IPV6PREFIX)
			v6p = true;
	}
	/* `anyname`: a name of any shape (addresses and every keyword) */
	want_any = want_name && range && v6p;
	buf[0] = '\0';
	for (i = 0; i < n && len < sizeof(buf) - 40; i++) {
		const char *s = yysymbol_name(exp[i]);

		/* keywords that are also names are covered by "a name" */
		if (want_name && (exp[i] == YYSYMBOL_NUMBER ||
				  (exp[i] > YYSYMBOL_EOL && lex_keyword_nameable(s))))
			continue;
		if (want_any && (exp[i] > YYSYMBOL_EOL ||
				 (exp[i] >= YYSYMBOL_IPV4 &&
				  exp[i] <= YYSYMBOL_IPV4RANGE)))
			continue;
		if (exp[i] == YYSYMBOL_WORD)
			s = "a name";
		if (shown == 6) {
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, ", ...");
			break;
		}
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s'%s'",
					shown ? ", " : "", s);
		shown++;
	}
	if (la == YYSYMBOL_EOL)
		pctx_error(p, loc, "incomplete command: expected %s%s",
			   shown > 1 ? "one of " : "", buf);
	else if (la == YYSYMBOL_YYEOF || la == YYSYMBOL_YYEMPTY)
		pctx_error(p, loc, "unexpected end of input");
	else {
		const struct tok *t = &p->toks[p->pos - 2];

		pctx_error(p, loc, "unexpected '%.*s'%s%s%s",
			   (int)(t->end - t->start > 40 ? 40 : t->end - t->start),
			   p->src->data + t->start, shown ? "; expected " : "",
			   shown > 1 ? "one of " : "", buf);
	}
	return 0;
}

const char *tok_name(int kind)
{
	return yysymbol_name(YYTRANSLATE(kind));
}
