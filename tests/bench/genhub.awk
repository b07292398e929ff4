# genhub.awk - a hub ASA with one crypto map entry per branch peer, the
# worst realistic shape for the crypto map model: `entries` entries (or
# about `lines` lines), each with its own ACL of 3 to 30 ACEs over network
# object-groups of /24s (the hub's LANs to the branch's networks), a few
# host and port ACEs, a deny now and then, a peer and its tunnel group.
# Branch networks are distinct except that every 50th branch shares one
# /24 with the branch before it (a real overlap for the cascade).
# usage: awk -v entries=1000 -f tests/bench/genhub.awk > hub.cfg
#        awk -v lines=1000000 -f tests/bench/genhub.awk > hub.cfg
# POSIX awk; deterministic (no random numbers).

function dq(x) {
	return sprintf("%d.%d.%d.%d", int(x / 16777216) % 256,
		       int(x / 65536) % 256, int(x / 256) % 256, x % 256)
}
# the n-th /24 of the branch space, from 11.0.0.0 up (documentation
# addresses would run out: a hub of 36,000 branches needs 90,000 /24s)
function brnet(n) {
	return dq(184549376 + n * 256)
}
# the n-th peer: 100.64.0.0/10, never twice
function peer(n) {
	return sprintf("100.%d.%d.%d", 64 + int(n / 65024) % 64,
		       int(n / 254) % 256, n % 254 + 1)
}
BEGIN {
	if (!entries)
		entries = int((lines ? lines : 10000) / 27.5)
	print ": Saved"
	print "ASA Version 9.8(4)"
	print "hostname hub"
	print "interface GigabitEthernet0/0"
	print " nameif outside"
	print " security-level 0"
	print " ip address 203.0.113.1 255.255.255.0"
	print "interface GigabitEthernet0/1"
	print " nameif inside"
	print " security-level 100"
	print " ip address 10.0.0.1 255.255.0.0"
	print "route outside 0.0.0.0 0.0.0.0 203.0.113.254 1"
	print "object-group network HUB-LANS"
	for (i = 0; i < 8; i++)
		print " network-object 10.0." i * 8 ".0 255.255.248.0"
	print "crypto ikev2 enable outside"
	print "crypto ikev2 policy 10"
	print " encryption aes-256"
	print " integrity sha256"
	print " group 19"
	print " prf sha256"
	print "crypto ipsec ikev2 ipsec-proposal P"
	print " protocol esp encryption aes-256"
	print " protocol esp integrity sha-256"
	net = 0
	for (k = 1; k <= entries; k++) {
		nn = 1 + k % 4
		if (k % 50 == 1 && k > 1)
			net--		# shares one /24 with the previous
		print "object-group network BR-" k
		for (i = 0; i < nn; i++)
			print " network-object " brnet(net++) " 255.255.255.0"
		nace = 3 + (k * 7) % 28
		acl = "CM-" k
		print "access-list " acl " extended permit ip object-group HUB-LANS object-group BR-" k
		for (a = 1; a < nace; a++) {
			h = dq(167772160 + (k * 31 + a * 17) % 65536)
			b = brnet(net - 1 - a % nn)
			if (a % 9 == 0)
				print "access-list " acl " extended deny tcp host " h " " b " 255.255.255.0 eq telnet"
			else if (a % 3 == 0)
				print "access-list " acl " extended permit tcp host " h " " b " 255.255.255.0 range " (1000 + a) " " (2000 + a)
			else if (a % 3 == 1)
				print "access-list " acl " extended permit udp host " h " host " dq(184549376 + (net - 1) * 256 + a % 250 + 1) " eq domain"
			else
				print "access-list " acl " extended permit icmp host " h " " b " 255.255.255.0 echo"
		}
		print "crypto map OUTSIDE " k " match address " acl
		print "crypto map OUTSIDE " k " set peer " peer(k)
		print "crypto map OUTSIDE " k " set ikev2 ipsec-proposal P"
		print "tunnel-group " peer(k) " type ipsec-l2l"
		print "tunnel-group " peer(k) " ipsec-attributes"
		print " ikev2 remote-authentication pre-shared-key branch-" k "-key-long-enough"
		print " ikev2 local-authentication pre-shared-key branch-" k "-key-long-enough"
	}
	print "crypto map OUTSIDE interface outside"
}
