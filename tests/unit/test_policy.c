/* SPDX-License-Identifier: MIT */
/*
 * Remote-access attribute inheritance (compiler/policy.c): user
 * attributes, then the group policy, then DfltGrpPolicy, then the
 * built-in defaults; `none` stops the inheritance.
 */
#include "compiler/asac.h"
#include "compiler/load.h"
#include "compiler/map.h"
#include "compiler/policy.h"
#include "compiler/util.h"
#include "unit.h"

#include <stdlib.h>

static const char cfg[] =
	"access-list SPLIT standard permit 10.1.0.0 255.255.255.0\n"
	"ip local pool TG-POOL 10.50.0.10-10.50.0.20\n"
	"ip local pool GP-POOL 10.60.0.10-10.60.0.20\n"
	"group-policy DfltGrpPolicy attributes\n"
	" vpn-simultaneous-logins 2\n"
	" dns-server value 10.1.0.53\n"
	" default-domain value dflt.example.com\n"
	" vpn-idle-timeout 45\n"
	"group-policy GP internal\n"
	"group-policy GP attributes\n"
	" split-tunnel-policy tunnelspecified\n"
	" split-tunnel-network-list value SPLIT\n"
	" default-domain none\n"
	" vpn-tunnel-protocol ikev1\n"
	" address-pools value GP-POOL\n"
	"group-policy OTHER internal\n"
	"group-policy OTHER attributes\n"
	" vpn-session-timeout 120\n"
	"username alice password x\n"
	"username alice attributes\n"
	" vpn-simultaneous-logins 1\n"
	" vpn-idle-timeout none\n"
	"username bob password y\n"
	"username bob attributes\n"
	" vpn-group-policy OTHER\n"
	"tunnel-group RA type remote-access\n"
	"tunnel-group RA general-attributes\n"
	" address-pool TG-POOL\n"
	" default-group-policy GP\n"
	"tunnel-group BARE type remote-access\n"
	"tunnel-group BARE general-attributes\n"
	" address-pool TG-POOL\n";

int main(void)
{
	static const struct load_opts opts = { .max_errors = 0, .lint = false };
	struct load c;
	struct ra_attrs a;
	const struct ir *ir;
	const struct ir_tunnel_group *ra, *bare;
	const struct ir_user *alice, *bob;
	size_t n = sizeof(cfg) - 1;
	char *buf = xmalloc(n + 2);

	memcpy(buf, cfg, n);
	buf[n] = buf[n + 1] = '\0';
	load_init(&c);
	load_text(&c, "t.cfg", buf, n, &opts);
	ir = c.irs[0];
	ra = ir_tunnel_group(ir, "RA");
	bare = ir_tunnel_group(ir, "BARE");
	alice = map_get(&ir->m_users, strtab_intern(ir->strs, "alice", 5));
	bob = map_get(&ir->m_users, strtab_intern(ir->strs, "bob", 3));
	CHECK(ra && bare && alice && bob);

	/* the tunnel group's own view: GP, then DfltGrpPolicy, defaults */
	ra_attrs_resolve(ir, ra, NULL, &a);
	CHECK_STR(a.gp->name.s, "GP");
	CHECK_STR(a.split_policy, "tunnelspecified");
	CHECK(a.split_acl != NULL);
	CHECK(a.ikev1 && !a.ikev2 && !a.ssl_client);
	CHECK(a.protocols_src.from == RA_GROUP);
	CHECK(a.domain == NULL);		/* none in GP stops DfltGrpPolicy's */
	CHECK(a.dns && a.dns->n == 1);		/* from DfltGrpPolicy */
	CHECK(a.simultaneous_logins == 2 && a.logins_src.from == RA_DFLT);
	CHECK(a.idle_timeout == 45);
	CHECK(a.session_timeout == -1 && a.session_src.from == RA_DEFAULT);
	CHECK(a.pools && a.pools->n == 1 && a.pools_src.from == RA_GROUP);
	CHECK_STR(((struct sym *)a.pools->v[0])->s, "GP-POOL");

	/* alice: her attributes first */
	ra_attrs_resolve(ir, ra, alice, &a);
	CHECK(a.simultaneous_logins == 1 && a.logins_src.from == RA_USER);
	CHECK(a.idle_timeout == -1 && a.idle_src.from == RA_USER);
	CHECK_STR(a.split_policy, "tunnelspecified");

	/* bob names OTHER: GP does not apply to him */
	ra_attrs_resolve(ir, ra, bob, &a);
	CHECK_STR(a.gp->name.s, "OTHER");
	CHECK_STR(a.split_policy, "tunnelall");
	CHECK(a.session_timeout == 120);
	CHECK(a.ikev1 && a.ikev2 && a.ssl_client);	/* the default set */
	CHECK_STR(a.domain, "dflt.example.com");
	CHECK(a.pools && a.pools_src.from == RA_TUNNEL_GROUP);

	/* a tunnel group without a group policy: DfltGrpPolicy alone */
	ra_attrs_resolve(ir, bare, NULL, &a);
	CHECK(a.gp == NULL);
	CHECK(a.simultaneous_logins == 2);
	CHECK_STR(a.split_policy, "tunnelall");
	load_free(&c);
	return unit_done();
}
