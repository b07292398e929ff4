# gencrypto.awk - a configuration for the strongSwan back end's benchmark:
# ACES crypto ACEs (default 10,000) over ENTRIES entries (default 50) of
# one crypto map, IKEv2, each entry its own peer and tunnel group.  ACEs
# mix permits and denies over /24 networks, hosts and network
# object-groups, ip/tcp/udp with single ports, like a migrated site list.
# Deterministic (its own LCG).  usage: awk -v ACES=N -f gencrypto.awk
function rnd(n) { seed = (seed * 1103515245 + 12345) % 2147483648; return int(seed / 65536) % n }
function net(pfx) { return pfx "." rnd(256) ".0 255.255.255.0" }
BEGIN {
	seed = 42
	if (!ACES) ACES = 10000
	if (!ENTRIES) ENTRIES = 50
	print "hostname bench-crypto"
	print "interface GigabitEthernet0/0"
	print " nameif outside"
	print " security-level 0"
	print " ip address 203.0.113.1 255.255.255.0"
	print "crypto ikev2 enable outside"
	print "crypto ikev2 policy 10"
	print " encryption aes-256"
	print " integrity sha256"
	print " group 19"
	print " prf sha256"
	print "crypto ipsec ikev2 ipsec-proposal P2"
	print " protocol esp encryption aes-256"
	print " protocol esp integrity sha-256"
	for (g = 1; g <= ENTRIES; g++) {
		print "object-group network SITES" g
		for (k = 0; k < 4; k++)
			print " network-object " net("172." (16 + g % 16))
	}
	per = int(ACES / ENTRIES)
	split("22 53 80 443 8080", ports, " ")
	for (e = 1; e <= ENTRIES; e++) {
		for (i = 0; i < per; i++) {
			act = rnd(5) == 0 ? "deny" : "permit"
			src = rnd(4) == 0 ? "host 10." rnd(64) "." rnd(256) "." (1 + rnd(254)) : net("10." rnd(64))
			dst = rnd(8) == 0 ? "object-group SITES" e : net("172." (16 + e % 16))
			p = rnd(3)
			if (p == 0)
				print "access-list ACL" e " extended " act " ip " src " " dst
			else
				print "access-list ACL" e " extended " act " " (p == 1 ? "tcp" : "udp") " " src " " dst " eq " ports[1 + rnd(5)]
		}
		print "crypto map M " e * 10 " match address ACL" e
		print "crypto map M " e * 10 " set peer 198.51." int(e / 250) "." (1 + e % 250)
		print "crypto map M " e * 10 " set ikev2 ipsec-proposal P2"
		print "crypto map M " e * 10 " set pfs group19"
		print "tunnel-group 198.51." int(e / 250) "." (1 + e % 250) " type ipsec-l2l"
		print "tunnel-group 198.51." int(e / 250) "." (1 + e % 250) " ipsec-attributes"
		print " ikev2 remote-authentication pre-shared-key bench-key-of-entry-" e "-0123456789"
		print " ikev2 local-authentication pre-shared-key bench-key-of-entry-" e "-0123456789"
	}
	print "crypto map M interface outside"
}
