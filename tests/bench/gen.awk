# gen.awk - a synthetic, valid ASA 9.x running-config of about `lines`
# lines, for `make bench`: object-groups, ACLs of thousands of ACEs, many
# crypto map entries, tunnel-groups, and lines asac keeps unmodelled.
# usage: awk -v lines=1000000 -f tests/bench/gen.awk > bench.cfg
# Deterministic: values come from counters, not random numbers.
function ip(n) {	# a /24-aligned network number n -> 10.x.y
	return sprintf("10.%d.%d", int(n / 256) % 256, n % 256)
}
function peer(n) {	# distinct public peers
	return sprintf("100.%d.%d.%d", 64 + int(n / 65536) % 64,
		       int(n / 256) % 256, n % 256)
}
BEGIN {
	if (lines < 1000) lines = 1000
	print ": Saved"
	print ":"
	print "ASA Version 9.12(4)"
	print "hostname bench"
	print "domain-name example.com"
	print "names"
	split("outside inside dmz mgmt", nif, " ")
	split("0 100 50 100", sec, " ")
	for (i = 1; i <= 4; i++) {
		printf "interface GigabitEthernet0/%d\n nameif %s\n security-level %s\n ip address 192.0.%d.1 255.255.255.0\n", i - 1, nif[i], sec[i], i
	}
	n = 26
	nobj = int(lines * 0.02 / 2)
	for (i = 0; i < nobj; i++) {
		printf "object network OBJ-%d\n", i
		if (i % 3 == 0) printf " host %s.%d\n", ip(i), 1 + i % 250
		else if (i % 3 == 1) printf " subnet %s.0 255.255.255.0\n", ip(i)
		else printf " range %s.10 %s.20\n", ip(i), ip(i)
		n += 2
	}
	ngrp = int(lines * 0.08 / 31)
	for (g = 0; g < ngrp; g++) {
		printf "object-group network NETGRP-%d\n", g
		for (k = 0; k < 30; k++) {
			if (k == 0 && g > 0) printf " group-object NETGRP-%d\n", g - 1
			else if (k % 3 == 0) printf " network-object host %s.%d\n", ip(g * 30 + k), 1 + k
			else if (k % 3 == 1) printf " network-object %s.0 255.255.255.0\n", ip(g * 30 + k)
			else printf " network-object object OBJ-%d\n", (g * 30 + k) % nobj
		}
		n += 31
	}
	nsvc = 50
	for (s = 0; s < nsvc; s++) {
		printf "object-group service SVCGRP-%d tcp\n port-object eq %d\n port-object range %d %d\n", s, 1000 + s, 2000 + s * 10, 2009 + s * 10
		n += 3
	}
	ncrypto = int(lines * 0.10 / 12)
	printf "crypto ipsec ikev1 transform-set TS-0 esp-aes-256 esp-sha-hmac\n"
	printf "crypto ipsec ikev1 transform-set TS-1 esp-aes esp-sha-hmac\n"
	printf "crypto ipsec ikev2 ipsec-proposal PROP-0\n protocol esp encryption aes-256\n protocol esp integrity sha-256\n"
	n += 5
	for (c = 1; c <= ncrypto; c++) {
		printf "access-list CRYPTO-%d extended permit ip %s.0 255.255.255.0 172.%d.%d.0 255.255.255.0\n", c, ip(c), 16 + int(c / 256) % 16, c % 256
		printf "crypto map OUTSIDE_MAP %d match address CRYPTO-%d\n", c, c
		printf "crypto map OUTSIDE_MAP %d set peer %s\n", c, peer(c)
		printf "crypto map OUTSIDE_MAP %d set ikev1 transform-set TS-0 TS-1\n", c
		printf "crypto map OUTSIDE_MAP %d set ikev2 ipsec-proposal PROP-0\n", c
		printf "crypto map OUTSIDE_MAP %d set pfs group14\n", c
		printf "crypto map OUTSIDE_MAP %d set security-association lifetime seconds 3600\n", c
		printf "tunnel-group %s type ipsec-l2l\n", peer(c)
		printf "tunnel-group %s ipsec-attributes\n", peer(c)
		printf " ikev1 pre-shared-key SomeLongPreSharedKey-%d\n", c
		printf " ikev2 remote-authentication pre-shared-key SomeLongPreSharedKey-%d\n", c
		printf " ikev2 local-authentication pre-shared-key SomeLongPreSharedKey-%d\n", c
		n += 12
	}
	print "crypto map OUTSIDE_MAP interface outside"
	print "crypto ikev1 enable outside"
	print "crypto ikev1 policy 10\n authentication pre-share\n encryption aes-256\n hash sha\n group 14\n lifetime 86400"
	n += 8
	# ACLs of 5,000 ACEs until the line budget is used
	a = 0
	while (n < lines - 10) {
		acl = int(a / 5000)
		if (a % 500 == 0) printf "access-list ACL-%d remark block %d\n", acl, a
		else if (a % 4 == 0) printf "access-list ACL-%d extended permit tcp object-group NETGRP-%d host %s.%d eq 443 log\n", acl, a % ngrp, ip(a), 1 + a % 250
		else if (a % 4 == 1) printf "access-list ACL-%d extended deny udp %s.0 255.255.255.0 any range 1000 2000\n", acl, ip(a)
		else if (a % 4 == 2) printf "access-list ACL-%d extended permit tcp any object OBJ-%d object-group SVCGRP-%d\n", acl, a % nobj, a % nsvc
		else printf "access-list ACL-%d extended permit ip object-group NETGRP-%d any4\n", acl, a % ngrp
		a++
		n++
		if (a % 5000 == 0) {
			printf "access-group ACL-%d in interface inside\n", acl
			print "pager lines 24"
			n += 2
		}
	}
	print "route outside 0.0.0.0 0.0.0.0 192.0.1.254 1"
	print "logging enable"
	print "mtu outside 1500"
	print "ssh timeout 5"
	print ": end"
}
