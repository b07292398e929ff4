#!/usr/bin/env bash
# remote-access.sh - the standard remote-access map on a real gateway:
# testdata/swanctl/ra-standard.cfg (a site-to-site entry, then a dynamic
# entry without match address) compiled by asac and loaded into a charon
# (kernel-libipsec, own namespace and /run) on a gateway between an inside
# host and an internet host.  The inside host must reach the internet in
# clear, as `asac trace` predicts (seed 002: without an ACL the dynamic
# entry only protects what a peer negotiates).  As a control, the 0/0 drop
# trap asac once wrote for such an entry is loaded instead: then the same
# traffic must not get through, so the first check can fail.
# usage: tests/remote-access.sh ASAC      (KEEP=1 leaves namespaces and logs)
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
. "$(dirname "$0")/ns.sh"
cd "$(dirname "$0")/../testdata/swanctl" || exit 2

skip() { echo "SKIP: remote access on a real gateway ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
charon_needed
command -v ping > /dev/null || skip "ping (iputils-ping) not installed"
ns_init ra

# --- the network: the gateway, a host inside, a host on the internet ---------
ns_bridge
ns_gateway r 203.0.113.1/24 10.1.0.1/24 10.1.0.5/24
ip -n "$id-r" route add default via 203.0.113.254
ns_add inet
ip -n "$id-br" link add p-inet type veth peer name eth0 netns "$id-inet"
ip -n "$id-br" link set p-inet master br0 up
ip -n "$id-inet" addr add 203.0.113.254/24 dev eth0
ip -n "$id-inet" addr add 198.51.100.10/32 dev eth0
ip -n "$id-inet" link set eth0 up
ip -n "$id-inet" route add 10.1.0.0/24 via 203.0.113.1

# --- compile and load --------------------------------------------------------
if ! "$ASAC" compile ra-standard.cfg --target swanctl -o "$tmp/r" \
	> /dev/null 2> "$tmp/r.err"; then
	fail "compile ra-standard.cfg"
	show "$tmp/r.err"
	exit 1
fi
libipsec_conf "$tmp/r/charon.conf" r "" "$tmp/r/strongswan.d/asac.conf"
ns_spawn r "$tmp/r.out" "$(charon_cmd "$tmp/r/charon.conf")"
if ! vici_up "$tmp/r.vici"; then
	fail "the gateway's charon starts"
	show "$tmp/r.out"
	exit 1
fi
load() {	# swanctl.conf
	swanctl --load-all --noprompt --file "$1" --uri "unix://$tmp/r.vici" \
		> "$tmp/load.out" 2>&1
}
check "the gateway loads the compiled ra-standard.cfg" "$tmp/load.out" \
	load "$tmp/r/swanctl.conf"
untrapped() {
	swanctl --list-conns --uri "unix://$tmp/r.vici" > "$tmp/conns.out" &&
		grep -q 'OUT-65535-DYN-10-1: TUNNEL' "$tmp/conns.out" &&
		! swanctl --list-pols --uri "unix://$tmp/r.vici" |
		grep -q 'OUT-65535-DYN-10'
}
check "the dynamic entry's child is loaded without a trap" "$tmp/conns.out" untrapped
reaches() { in_ns r-h ping -c 2 -W 1 -i 0.2 198.51.100.10 > "$tmp/ping.out" 2>&1; }
check "the inside host reaches the internet in clear" "$tmp/ping.out" reaches
predicted() {
	"$ASAC" trace --expect bypass ra-standard.cfg input inside icmp \
		10.1.0.5 8 0 198.51.100.10 > "$tmp/trace.out" 2>&1
}
check "asac trace predicts it (crypto map bypass, allowed)" "$tmp/trace.out" predicted

# --- the control: a 0/0 drop trap black-holes the same traffic ----------------
cat > "$tmp/blackhole.conf" <<-CONF
connections {
	blackhole {
		children {
			blackhole-1 {
				local_ts = 0.0.0.0/0
				remote_ts = 0.0.0.0/0
				mode = drop
				start_action = trap
			}
		}
	}
}
CONF
check "control: the gateway loads a 0/0 drop trap" "$tmp/load.out" \
	load "$tmp/blackhole.conf"
if reaches; then
	fail "control: with the drop trap the inside host does not reach the internet"
	show "$tmp/ping.out"
else
	pass "control: with the drop trap the inside host does not reach the internet"
fi
back() { load "$tmp/r/swanctl.conf" && reaches; }
check "the compiled configuration again: the internet is back" "$tmp/ping.out" back
exit $((nfail > 0))
