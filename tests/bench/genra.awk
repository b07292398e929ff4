# genra.awk - a remote-access ASA at scale: `groups` remote-access tunnel
# groups (IKEv1 group key + XAUTH, every fourth also IKEv2 EAP with the
# gateway's trustpoint), each with its own pool, group policy and split
# ACL, and `users` local users, every tenth with its own attributes
# (group lock, logins, idle timeout); one dynamic map serves them all.
# With -v secrets=1 it writes the matching --secrets file instead (keys,
# passwords, the trustpoint's files as CERT, KEY and CA).
# usage: awk -v groups=1000 -v users=10000 -f tests/bench/genra.awk > ra.cfg
#        awk -v groups=1000 -v users=10000 -v secrets=1 -v cert=gw.pem \
#            -v key=gw.key -v ca=ca.pem -f tests/bench/genra.awk > ra.yaml
# POSIX awk; deterministic.

function pool(g) {	# the g-th /24 of 10.128.0.0/9, .10-.250
	return sprintf("10.%d.%d", 128 + int(g / 256) % 128, g % 256)
}
BEGIN {
	if (!groups)
		groups = 1000
	if (!users)
		users = 10000
	if (secrets) {
		print "tunnel-groups:"
		for (g = 0; g < groups; g++)
			printf "  G%d: \"group-key-%d-for-the-benchmark\"\n", g, g
		print "users:"
		for (u = 0; u < users; u++)
			printf "  user%d: \"password-%d\"\n", u, u
		print "trustpoints:"
		print "  GW-TP:"
		printf "    certificate: %s\n    key: %s\n    ca: [%s]\n", cert,
		       key, ca
		exit
	}
	print "hostname ra-hub"
	print "interface GigabitEthernet0/0"
	print " nameif outside"
	print " security-level 0"
	print " ip address 203.0.113.1 255.255.255.0"
	print "interface GigabitEthernet0/1"
	print " nameif inside"
	print " security-level 100"
	print " ip address 10.0.0.1 255.0.0.0"
	print "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac"
	print "crypto ipsec ikev2 ipsec-proposal P2"
	print " protocol esp encryption aes-256"
	print " protocol esp integrity sha-256"
	print "crypto dynamic-map DYN 10 set ikev1 transform-set TS"
	print "crypto dynamic-map DYN 10 set ikev2 ipsec-proposal P2"
	print "crypto map OUT 65535 ipsec-isakmp dynamic DYN"
	print "crypto map OUT interface outside"
	print "crypto ca trustpoint GW-TP"
	print " enrollment terminal"
	print " fqdn vpn.example.com"
	print "crypto ikev2 remote-access trustpoint GW-TP"
	print "crypto ikev1 enable outside"
	print "crypto ikev2 enable outside"
	print "crypto ikev1 am-disable"
	print "crypto ikev1 policy 10"
	print " authentication pre-share"
	print " encryption aes-256"
	print " hash sha"
	print " group 14"
	print "crypto ikev2 policy 10"
	print " encryption aes-256"
	print " integrity sha256"
	print " group 14"
	print " prf sha256"
	for (g = 0; g < groups; g++) {
		printf "access-list SPLIT-%d standard permit 10.%d.%d.0 " \
		       "255.255.255.0\n", g, int(g / 256) % 100, g % 256
		printf "access-list SPLIT-%d standard permit 10.100.0.0 " \
		       "255.255.0.0\n", g
		printf "ip local pool POOL-%d %s.10-%s.250 mask 255.255.255.0\n",
		       g, pool(g), pool(g)
		printf "group-policy GP-%d internal\n", g
		printf "group-policy GP-%d attributes\n", g
		printf " vpn-tunnel-protocol ikev1%s\n", g % 4 ? "" : " ikev2"
		printf " dns-server value 10.0.0.53\n"
		printf " default-domain value g%d.example.com\n", g
		printf " split-tunnel-policy tunnelspecified\n"
		printf " split-tunnel-network-list value SPLIT-%d\n", g
		printf " vpn-idle-timeout %d\n", 30 + g % 60
		printf " vpn-simultaneous-logins %d\n", g % 3 ? 1 : 3
		printf "tunnel-group G%d type remote-access\n", g
		printf "tunnel-group G%d general-attributes\n", g
		printf " address-pool POOL-%d\n", g
		printf " default-group-policy GP-%d\n", g
		printf "tunnel-group G%d ipsec-attributes\n", g
		printf " ikev1 pre-shared-key *****\n"
		if (g % 4 == 0)
			printf " ikev2 remote-authentication eap query-identity\n" \
			       " ikev2 local-authentication certificate GW-TP\n"
	}
	for (u = 0; u < users; u++) {
		printf "username user%d password h%07dxxxxxxxx encrypted\n", u, u
		if (u % 10 == 0) {
			printf "username user%d attributes\n", u
			printf " vpn-group-policy GP-%d\n", u % groups
			printf " vpn-simultaneous-logins 1\n"
			printf " vpn-idle-timeout 15\n"
		}
	}
}
