# genconf.awk - a synthetic but valid Cisco ASA 9.x running-config of about
# `lines` lines (exact for lines >= 2000), in `show running-config` order:
#   ~2%  object network OBJ-n (host, subnet, range)
#   ~8%  object-group network NETGRP-n (10-50 members, nested only on earlier
#        groups, depth <= 3) and object-group service SVCGRP-n tcp
#  ~74%  access-list ACL-n extended ..., 5,000 lines per ACL, with remarks
#  ~10%  crypto: transform sets, IKEv2 proposals, crypto ACLs CRYPTO-n,
#        crypto map OUTSIDE_MAP entries, L2L tunnel-groups (unique peers)
#   ~6%  routes, plus access-groups and lines asac keeps unmodelled.
# usage: awk -v lines=1000000 -f tests/bench/genconf.awk > bench.cfg
# POSIX awk (mawk, gawk, busybox).  Deterministic: every value is derived
# arithmetically from a counter, there are no random numbers.  Every name is
# defined once, every reference points backwards to a definition, and no
# address has host bits set outside its mask.

# 32-bit address -> dotted quad
function dq(x) {
	return sprintf("%d.%d.%d.%d", int(x / 16777216) % 256,
		       int(x / 65536) % 256, int(x / 256) % 256, x % 256)
}
# host number u -> a host address (never .0 or .255) in the /9 at `base`
function hostaddr(base, u) {
	return dq(base + (int(u / 254) % 32768) * 256 + u % 254 + 1)
}
# u -> the /24 number u in the /9 at `base`, "A.B.C.0 255.255.255.0"
function net24(base, u) {
	return dq(base + (u % 32768) * 256) " 255.255.255.0"
}
# u -> a prefix of length p (8 < p <= 32) aligned in the /9 at `base`
function netp(base, u, p) {
	return dq(base + (u * BLK[p]) % 8388608) " " MASK[p]
}
# the n-th L2L peer: 198.51.100.0/24, 203.0.113.0/24 (past the outside
# interface and its gateway), 192.0.2.0/24, then 100.64.0.0/10; never twice
function peer(n) {
	if (n < 254)
		return "198.51.100." (n + 1)
	n -= 254
	if (n < 245)
		return "203.0.113." (n + 10)
	n -= 245
	if (n < 254)
		return "192.0.2." (n + 1)
	n -= 254
	return sprintf("100.%d.%d.%d", 64 + int(n / 65024) % 64,
		       int(n / 254) % 256, n % 254 + 1)
}

# line counts, for the budget
function obj_lines(k) { return (k % 10 == 0) ? 3 : 2 }
function grp_size(g) { return 10 + (g * 17) % 41 }	# members: 10..50
function svc_lines(s) { return 3 + (s % 2 == 1) + (s % 3 == 0) }
function ent_v1(k) { return k % 3 != 1 }		# uses IKEv1
function ent_v2(k) { return k % 3 != 0 }		# uses IKEv2
function ent_lines(k) {	# crypto ACL + crypto map lines + tunnel-group lines
	return 1 + 2 + ent_v1(k) + ent_v2(k) + (k % 4 != 3) + (k % 2 == 0) + \
	       2 + ent_v1(k) + 2 * ent_v2(k)
}
# print a block of literal lines, return its line count
function block(s,    t, m, i) {
	m = split(s, t, "\n")
	for (i = 1; i <= m; i++)
		print t[i]
	return m
}
function count(s,    t) { return split(s, t, "\n") }

function object(k,    u) {
	printf "object network OBJ-%d\n", k
	if (k % 10 == 0)
		printf " description synthetic object %d\n", k
	u = k % 4
	if (u == 0)
		printf " host %s\n", hostaddr(OBJBASE, k * 131 + 7)
	else if (u == 1)
		printf " subnet %s\n", net24(OBJBASE, k * 3 + 1)
	else if (u == 2)
		printf " subnet %s\n", netp(OBJBASE, k, PFX[k % 8])
	else
		printf " range %s %s\n", dq(OBJBASE + (k % 32768) * 256 + 10),
		       dq(OBJBASE + (k % 32768) * 256 + 20 + k % 200)
}

function netgroup(g,    m, size, u, j, f) {
	printf "object-group network NETGRP-%d\n", g
	if (g % 7 == 0)
		printf " description synthetic group %d\n", g
	size = grp_size(g)
	for (m = 0; m < size; m++) {
		u = g * 50 + m
		if (m == 0 && g >= 10 && g % 10 != 0) {
			# a leaf group (multiple of 10, no group-object) below g
			j = 10 * ((g * 7) % int(g / 10))
			printf " group-object NETGRP-%d\n", j
			continue
		}
		if (m == 1 && g >= 20 && g % 10 == 9) {
			# g-1 is not a leaf: nesting depth 3
			printf " group-object NETGRP-%d\n", g - 1
			continue
		}
		f = m % 4
		if (f == 0)
			printf " network-object host %s\n", hostaddr(GRPBASE, u)
		else if (f == 1)
			printf " network-object %s\n", net24(GRPBASE, u)
		else if (f == 2)
			printf " network-object object OBJ-%d\n", u % NOBJ
		else
			printf " network-object %s\n", netp(GRPBASE, u, PFX[u % 8])
	}
}

function svcgroup(s) {
	printf "object-group service SVCGRP-%d tcp\n", s
	print " port-object eq 443"
	print " port-object range 1024 2048"
	if (s % 2 == 1)
		printf " port-object eq %d\n", 8000 + s % 1000
	if (s % 3 == 0)
		print " port-object eq ssh"
}

# the i-th line of the ACL section: an ACE or a remark.  Every ACE has a
# host or /24 operand derived from i, so no ACL holds the same ACE twice.
function ace(i,    acl, p, proto, sf, df, src, dst, port, pf, tail) {
	acl = int(i / ACLSIZE)
	if (i % 100 == 0) {
		printf "access-list ACL-%d remark rule block %d: synthetic traffic class %d\n", acl, int(i / 100), i % 7
		return
	}
	p = i % 10
	proto = p < 4 ? "tcp" : p < 6 ? "udp" : p < 9 ? "ip" : "icmp"
	sf = i % 7
	df = int(i / 7) % 6
	if (sf == 0)
		src = "any"
	else if (sf == 1 || sf == 6)
		src = "host " hostaddr(SRCBASE, i)
	else if (sf == 2)
		src = net24(SRCBASE, i)
	else if (sf == 3)
		src = "object OBJ-" (i * 7) % NOBJ
	else if (sf == 4)
		src = "object-group NETGRP-" (i * 13) % NGRP
	else
		src = netp(SRCBASE, i, PFX[int(i / 7) % 8])
	if (df == 1 || df == 5 || (df != 2 && sf != 1 && sf != 2 && sf != 6))
		dst = "host " hostaddr(DSTBASE, i)
	else if (df == 0)
		dst = "any"
	else if (df == 2)
		dst = net24(DSTBASE, i)
	else if (df == 3)
		dst = "object OBJ-" (i * 11 + 3) % NOBJ
	else
		dst = "object-group NETGRP-" (i * 5 + 1) % NGRP
	port = ""
	pf = int(i / 11) % 8
	if (proto == "tcp") {
		if (pf == 2 || pf == 3)
			port = " eq 443"
		else if (pf == 4)
			port = " eq " (1024 + i % 4000)
		else if (pf == 5)
			port = " range 1000 2000"
		else if (pf >= 6)
			port = " object-group SVCGRP-" (i * 3) % NSVC
		if (i % 97 == 3)
			src = src " gt 1023"
	} else if (proto == "udp") {
		if (pf == 2 || pf == 3)
			port = " eq 53"
		else if (pf == 4)
			port = " eq " (1024 + i % 4000)
		else if (pf == 5)
			port = " range 1000 2000"
		else if (pf == 6)
			port = " eq 4500"
	} else if (proto == "icmp") {
		if (pf % 4 == 1)
			port = " echo"
		else if (pf % 4 == 2)
			port = " echo-reply"
		else if (pf % 4 == 3)
			port = " unreachable"
	}
	tail = ""
	if (i % 6 == 0)
		tail = " log"
	else if (i % 60 == 33)
		tail = " log informational interval 300"
	printf "access-list ACL-%d extended %s %s %s %s%s%s\n", acl,
	       (i % 13 == 5) ? "deny" : "permit", proto, src, dst, port, tail
}

function crypto_acl(k) {
	printf "access-list CRYPTO-%d extended permit ip %s %s\n", k,
	       net24(SRCBASE, k), dq(REMBASE + (k % 4096) * 256) " 255.255.255.0"
}

function crypto_entry(k,    seq) {
	seq = k + 1
	printf "crypto map OUTSIDE_MAP %d match address CRYPTO-%d\n", seq, k
	printf "crypto map OUTSIDE_MAP %d set peer %s\n", seq, peer(k)
	if (ent_v1(k))
		printf "crypto map OUTSIDE_MAP %d set ikev1 transform-set TS-%d TS-%d\n", seq, k % 4, (k + 1) % 4
	if (ent_v2(k))
		printf "crypto map OUTSIDE_MAP %d set ikev2 ipsec-proposal PROP-%d\n", seq, k % 4
	if (k % 4 != 3)
		printf "crypto map OUTSIDE_MAP %d set pfs group%d\n", seq, (k % 8 == 1) ? 19 : 14
	if (k % 2 == 0)
		printf "crypto map OUTSIDE_MAP %d set security-association lifetime seconds %d\n", seq, (k % 4 == 0) ? 3600 : 28800
}

function tunnel_group(k,    pr) {
	pr = peer(k)
	printf "tunnel-group %s type ipsec-l2l\n", pr
	printf "tunnel-group %s ipsec-attributes\n", pr
	if (ent_v1(k))
		printf " ikev1 pre-shared-key SomeLongPreSharedKey%d\n", k
	if (ent_v2(k)) {
		printf " ikev2 remote-authentication pre-shared-key SomeLongPreSharedKey%d\n", k
		printf " ikev2 local-authentication pre-shared-key SomeLongPreSharedKey%d\n", k
	}
}

BEGIN {
	lines = int(lines)
	if (lines < 1000)
		lines = 1000
	ACLSIZE = 5000		# lines (ACEs and remarks) per ACL
	SRCBASE = 167772160	# 10.0.0.0/9: ACE sources, objects, local crypto nets
	DSTBASE = 176160768	# 10.128.0.0/9: ACE destinations, group members
	OBJBASE = SRCBASE
	GRPBASE = DSTBASE
	REMBASE = 2886729728	# 172.16.0.0/12: remote crypto nets
	for (p = 0; p <= 32; p++) {
		BLK[p] = 2 ^ (32 - p)
		m = 4294967296 - BLK[p]
		MASK[p] = dq(m)
	}
	split("16 20 22 25 26 27 28 30", t, " ")
	for (p = 0; p < 8; p++)
		PFX[p] = t[p + 1] + 0

	HEAD = ": Saved\n:\nASA Version 9.12(4)\n!\nhostname bench\ndomain-name example.com\nenable password 8Ry2YjIyt7RRXU24 encrypted\nnames"
	IFACES = "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.2 255.255.255.0\n!\n" \
		 "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 192.168.1.1 255.255.255.0\n!\n" \
		 "interface GigabitEthernet0/2\n nameif dmz\n security-level 50\n ip address 192.168.2.1 255.255.255.0\n!\n" \
		 "interface GigabitEthernet0/3\n nameif mgmt\n security-level 100\n ip address 192.168.3.1 255.255.255.0\n!"
	MISC1 = "ftp mode passive\ndns server-group DefaultDNS\n domain-name example.com\nsame-security-traffic permit inter-interface"
	MISC2 = "pager lines 24\nlogging enable\nlogging timestamp\nlogging buffered informational\nmtu outside 1500\nmtu inside 1500\nmtu dmz 1500\nmtu mgmt 1500\nicmp unreachable rate-limit 1 burst-size 1\nno asdm history enable\narp timeout 14400"
	MISC3 = "timeout xlate 3:00:00\ntimeout conn 1:00:00 half-closed 0:10:00 udp 0:02:00 icmp 0:00:02\nuser-identity default-domain LOCAL\naaa authentication ssh console LOCAL\nhttp server enable\nhttp 192.168.3.0 255.255.255.0 mgmt\nno snmp-server location\nno snmp-server contact"
	CRYPTO1 = "crypto ipsec ikev1 transform-set TS-0 esp-aes-256 esp-sha-hmac\n" \
		  "crypto ipsec ikev1 transform-set TS-1 esp-aes esp-sha-hmac\n" \
		  "crypto ipsec ikev1 transform-set TS-2 esp-aes-192 esp-sha-hmac\n" \
		  "crypto ipsec ikev1 transform-set TS-3 esp-3des esp-sha-hmac\n" \
		  "crypto ipsec ikev2 ipsec-proposal PROP-0\n protocol esp encryption aes-256\n protocol esp integrity sha-256\n" \
		  "crypto ipsec ikev2 ipsec-proposal PROP-1\n protocol esp encryption aes-256 aes\n protocol esp integrity sha-256 sha-1\n" \
		  "crypto ipsec ikev2 ipsec-proposal PROP-2\n protocol esp encryption aes-gcm-256\n protocol esp integrity null\n" \
		  "crypto ipsec ikev2 ipsec-proposal PROP-3\n protocol esp encryption aes-192\n protocol esp integrity sha-384"
	CRYPTO2 = "crypto map OUTSIDE_MAP interface outside\n" \
		  "crypto ikev2 policy 10\n encryption aes-256\n integrity sha256\n group 14\n prf sha256\n lifetime seconds 86400\n" \
		  "crypto ikev2 enable outside\n" \
		  "crypto ikev1 enable outside\n" \
		  "crypto ikev1 policy 10\n authentication pre-share\n encryption aes-256\n hash sha\n group 14\n lifetime 86400"
	MISC4 = "telnet timeout 5\nssh 192.168.3.0 255.255.255.0 mgmt\nssh timeout 5\nssh version 2\nconsole timeout 0\nthreat-detection basic-threat\nthreat-detection statistics access-list\nno threat-detection statistics tcp-intercept\ndynamic-access-policy-record DfltAccessPolicy"
	TAIL = "class-map inspection_default\n match default-inspection-traffic\n!\n!\n" \
	       "policy-map global_policy\n class inspection_default\n  inspect ftp\n  inspect icmp\n  inspect dns\n!\n" \
	       "service-policy global_policy global\nprompt hostname context\nno call-home reporting anonymous\n: end"

	fixed = count(HEAD) + count(IFACES) + count(MISC1) + count(MISC2) + \
		count(MISC3) + count(CRYPTO1) + count(CRYPTO2) + count(MISC4) + \
		count(TAIL) + 1	# + the default route

	# budgets, from the smallest sections up; the ACLs take the rest
	NOBJ = 0; objl = 0
	while (NOBJ < 60 || objl + obj_lines(NOBJ) <= lines * 0.02)
		objl += obj_lines(NOBJ++)
	NSVC = 0; svcl = 0
	while (NSVC < 5 || svcl + svc_lines(NSVC) <= lines * 0.005)
		svcl += svc_lines(NSVC++)
	NGRP = 0; grpl = 0
	while (NGRP < 10 || grpl + 1 + (NGRP % 7 == 0) + grp_size(NGRP) <= lines * 0.075) {
		grpl += 1 + (NGRP % 7 == 0) + grp_size(NGRP)
		NGRP++
	}
	NENT = 0; entl = 0
	while (NENT < 32768 && entl + ent_lines(NENT) <= lines * 0.10 - count(CRYPTO1) - count(CRYPTO2))
		entl += ent_lines(NENT++)
	NROUTE = int(lines * 0.06)	# routes to distinct /24s of 10.0.0.0/8
	if (NROUTE > 65536)
		NROUTE = 65536
	rest = lines - fixed - objl - svcl - grpl - entl - NROUTE
	NACL = int((rest + ACLSIZE - 1) / ACLSIZE)
	NAG = NACL < 8 ? NACL : 8	# access-group lines
	NACE = rest - NAG		# ACL lines (ACEs and remarks)
	if (NACE < 100)
		NACE = 100
	NACL = int((NACE + ACLSIZE - 1) / ACLSIZE)

	block(HEAD)
	block(IFACES)
	block(MISC1)
	for (k = 0; k < NOBJ; k++)
		object(k)
	for (g = 0; g < NGRP; g++)
		netgroup(g)
	for (s = 0; s < NSVC; s++)
		svcgroup(s)
	for (i = 0; i < NACE; i++)
		ace(i)
	for (k = 0; k < NENT; k++)
		crypto_acl(k)
	block(MISC2)
	split("in:inside in:outside in:dmz in:mgmt out:inside out:outside out:dmz out:mgmt", ag, " ")
	for (k = 0; k < NAG; k++) {
		split(ag[k + 1], t, ":")
		printf "access-group ACL-%d %s interface %s\n", k, t[1], t[2]
	}
	print "route outside 0.0.0.0 0.0.0.0 203.0.113.1 1"
	for (k = 0; k < NROUTE; k++)
		printf "route %s %s 255.255.255.0 %s 1\n", (k % 8 == 7) ? "dmz" : "inside",
		       dq(SRCBASE + k * 256), (k % 8 == 7) ? "192.168.2.254" : "192.168.1.254"
	block(MISC3)
	block(CRYPTO1)
	for (k = 0; k < NENT; k++)
		crypto_entry(k)
	block(CRYPTO2)
	block(MISC4)
	for (k = 0; k < NENT; k++)
		tunnel_group(k)
	block(TAIL)
}
