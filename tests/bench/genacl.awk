# genacl.awk - a firewall with an outside access-group of 10,000 ACEs that
# use 200 network object-groups (25 members each) and 20 service groups,
# for the nftables bench: awk -f genacl.awk > acl.cfg
BEGIN {
	print "hostname bench-acl"
	print "interface GigabitEthernet0/0\n nameif outside\n security-level 0"
	print " ip address 198.51.100.1 255.255.255.0"
	print "interface GigabitEthernet0/1\n nameif inside\n security-level 100"
	print " ip address 10.0.0.1 255.0.0.0"
	print "route outside 0.0.0.0 0.0.0.0 198.51.100.254 1"
	for (g = 0; g < 200; g++) {
		printf "object-group network NETS-%d\n", g
		for (m = 0; m < 25; m++)
			printf " network-object 10.%d.%d.0 255.255.255.0\n", g, m * 4
	}
	for (s = 0; s < 20; s++) {
		printf "object-group service SVC-%d tcp\n", s
		printf " port-object eq %d\n port-object range %d %d\n", 1000 + s, 2000 + 10 * s, 2005 + 10 * s
	}
	for (i = 0; i < 10000; i++) {
		if (i % 3 == 0)
			printf "access-list OUTSIDE-IN extended permit tcp any object-group NETS-%d object-group SVC-%d\n", i % 200, i % 20
		else if (i % 3 == 1)
			printf "access-list OUTSIDE-IN extended %s udp host 203.0.%d.%d object-group NETS-%d eq %d\n", (i % 7 ? "permit" : "deny"), (i / 250) % 256, i % 250, i % 200, 1024 + i % 5000
		else
			printf "access-list OUTSIDE-IN extended permit ip 192.0.%d.0 255.255.255.0 10.%d.0.0 255.255.0.0\n", i % 256, i % 200
	}
	print "access-group OUTSIDE-IN in interface outside"
}
