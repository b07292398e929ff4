# ns.sh - sourced by the tests that run in network namespaces
# (tunnels.sh, vici.sh, netif.sh): the same prerequisites, scratch state
# and cleanup.  The sourcing script defines skip() (print "SKIP: ..." and
# exit 0) before it calls these.

# charon_needed: skip unless charon, swanctl, the kernel-libipsec plugin
# and /dev/net/tun are there (the kernel here cannot install ESP SAs)
charon_needed() {
	command -v swanctl > /dev/null && [ -x /usr/lib/ipsec/charon ] ||
		skip "strongswan-charon/strongswan-swanctl not installed"
	[ -f /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ] ||
		skip "kernel-libipsec (libcharon-extra-plugins) not installed"
	[ -c /dev/net/tun ] || skip "no /dev/net/tun for kernel-libipsec"
}

# ns_init TAG: skip unless namespaces can be made; set $id (namespace
# names are $id-NAME), $tmp (a scratch directory /tmp/asac-TAG.*), and
# the arrays pids and nss, whose processes and namespaces go away on exit
# with $tmp (unless KEEP is set)
ns_init() {
	command -v ip > /dev/null || skip "ip (iproute2) not installed"
	id=$1$$
	ip netns add "$id-probe" 2> /dev/null ||
		skip "cannot create network namespaces"
	ip netns del "$id-probe"
	tmp=$(mktemp -d "/tmp/asac-$1.XXXXXX")
	pids=()
	nss=()
	[ -n "${KEEP:-}" ] || trap ns_cleanup EXIT
}

ns_cleanup() {
	local p n
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
	for n in "${nss[@]}"; do ip netns del "$n" 2> /dev/null; done
	rm -rf "$tmp"
}
