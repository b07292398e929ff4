#!/usr/bin/env bash
# tunnels.sh - compiled swanctl.conf files carry real traffic: appliances
# A, B and C of seed 002's cascading-ACL example (testdata/swanctl/
# cascade-{a,b,c}.cfg), and a hub with a dynamic map with a spoke
# (dyn-hub.cfg, dyn-spoke.cfg), compiled by asac, each loaded into its own charon
# (kernel-libipsec, own network and mount namespace, own /run and VICI
# socket) on gateways joined by a bridge, with a host behind each.  Pings
# from host A.3 (192.168.3.3) to B and C must ride entries 30 and 40's
# child SAs, pings from another host of A's network (192.168.3.10) entries
# 10 and 20's, and B's to C its entry 30's, counted on the child SAs;
# `asac trace --expect` must predict the same entries.  The spoke's
# pings must reach the hub host and the hub's replies ride its dynamic
# child.  Gateways F and G (testdata/nft/e2e-{a,b}.cfg) load the nftables
# rulesets compiled from their files too: F's LAN reaches G's through the
# tunnel with its real addresses (NAT exemption) and an internet host
# through PAT, as `asac trace` says.
# Both children share one IKE_SA: compile puts the entries to one peer in
# one connection (with one connection per entry, charon reused the IKE_SA
# and B refused the second child with TS_UNACCEPTABLE).
# usage: tests/tunnels.sh ASAC      (KEEP=1 leaves namespaces and logs)
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
. "$(dirname "$0")/ns.sh"
cd "$(dirname "$0")/../testdata/swanctl" || exit 2

skip() { echo "SKIP: real tunnels ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
charon_needed
command -v ping > /dev/null || skip "ping (iputils-ping) not installed"
ns_init tun


# --- the network: gateways A and B on a bridge, a host behind each --------
ns_bridge
ns_gateway a 198.51.100.1/24 192.168.3.1/26 192.168.3.3/26 192.168.3.10/26
ns_gateway b 198.51.100.2/24 192.168.12.1/29 192.168.12.2/29
ns_gateway c 198.51.100.3/24 192.168.201.1/27 192.168.201.2/27
ns_gateway d 198.51.100.4/24 10.40.0.1/24 10.40.0.2/24
ns_gateway e 198.51.100.5/24 10.50.0.1/24 10.50.0.2/24
ns_gateway f 198.51.100.6/24 10.60.0.1/24 10.60.0.2/24
ns_gateway g 198.51.100.7/24 10.70.0.1/24 10.70.0.2/24
# a host on the internet side, with no route back to any inside network
ns_add inet
ip -n "$id-br" link add p-inet type veth peer name eth0 netns "$id-inet"
ip -n "$id-br" link set p-inet master br0 up
ip -n "$id-inet" addr add 198.51.100.100/24 dev eth0
ip -n "$id-inet" link set eth0 up
# --- compile, and a charon per gateway -----------------------------------
# a, b, c: seed 002's appliances; d: a hub with a dynamic map; e: a spoke
cfg_of() {
	case $1 in
	a | b | c) echo "cascade-$1.cfg" ;;
	d) echo dyn-hub.cfg ;;
	e) echo dyn-spoke.cfg ;;
	f) echo ../nft/e2e-a.cfg ;;
	g) echo ../nft/e2e-b.cfg ;;
	esac
}
for g in a b c d e f g; do
	cfg=$(cfg_of "$g")
	if ! "$ASAC" compile "$cfg" --target swanctl -o "$tmp/$g" \
		> /dev/null 2> "$tmp/$g.err"; then
		fail "compile $cfg"
		sed 's/^/    /' "$tmp/$g.err"
		exit 1
	fi
	libipsec_conf "$tmp/$g/charon.conf" "$g" "" "$tmp/$g/strongswan.d/asac.conf"
	ns_spawn "$g" "$tmp/$g.out" "$(charon_cmd "$tmp/$g/charon.conf")"
done
for g in a b c d e f g; do
	if ! vici_up "$tmp/$g.vici"; then
		fail "charon of gateway $g starts"
		tail -5 "$tmp/$g.out" | sed 's/^/    /'
		exit 1
	fi
	anchor "$g" "$tmp/$g/swanctl.conf"
	if swanctl --load-all --noprompt --file "$tmp/$g/swanctl.conf" \
		--uri "unix://$tmp/$g.vici" > "$tmp/$g.load" 2>&1; then
		pass "gateway $g loads the compiled $(cfg_of "$g")"
	else
		fail "gateway $g loads the compiled $(cfg_of "$g")"
		grep -v '^no \|^plugin' "$tmp/$g.load" | sed 's/^/    /' | head
		exit 1
	fi
done

# --- traffic ---------------------------------------------------------------
# kernel-libipsec raises no acquire for a trap policy (it drops the packet:
# "could not find an outbound IPsec SA"), so the children the flows need
# are initiated here; with the kernel's XFRM the traps start them.
initiate() {	# gateway child peer
	if swanctl --initiate --child "$2" --timeout 20 \
		--uri "unix://$tmp/$1.vici" > "$tmp/init" 2>&1; then
		pass "gateway $1 brings up child $2 with gateway $3"
	else
		fail "gateway $1 brings up child $2 with gateway $3"
		grep -v '^plugin' "$tmp/init" | tail -8 | sed 's/^/    /'
	fi
}
initiate a MAP-A-30-1 b
initiate a MAP-A-10-1 b
initiate a MAP-A-40-1 c
initiate a MAP-A-20-1 c
initiate b MAP-B-30-1 c
# Warm up each flow, then count 4 pings on the child that must carry them.
flow() {	# gateway source destination map seq child [other-child]
	local g=$1 src=$2 dst=$3 map=$4 seq=$5 child=$6 other=${7:-}
	local before after obefore oafter
	in_ns "$g-h" ping -q -c 2 -i 0.3 -W 2 -I "$src" "$dst" > /dev/null 2>&1
	before=$(out_packets "$tmp/$g.vici" "$child")
	[ -n "$other" ] && obefore=$(out_packets "$tmp/$g.vici" "$other")
	if in_ns "$g-h" ping -q -c 4 -i 0.2 -W 2 -I "$src" "$dst" > "$tmp/ping" 2>&1; then
		pass "ping from $src to $dst through the tunnel"
	else
		fail "ping from $src to $dst through the tunnel"
		sed 's/^/    /' "$tmp/ping"
		swanctl --list-sas --uri "unix://$tmp/$g.vici" 2> /dev/null | sed 's/^/    /' | head -20
		return
	fi
	after=$(out_packets "$tmp/$g.vici" "$child")
	if [ $((after - before)) -ge 4 ]; then
		pass "the 4 packets from $src to $dst rode child $child ($before -> $after)"
	else
		fail "the 4 packets from $src to $dst rode child $child ($before -> $after)"
		swanctl --list-sas --uri "unix://$tmp/$g.vici" 2> /dev/null | sed 's/^/    /' | head -30
	fi
	if [ -n "$other" ]; then
		oafter=$(out_packets "$tmp/$g.vici" "$other")
		if [ "$oafter" = "$obefore" ]; then
			pass "none of them rode $other (the neighbouring entry to that peer)"
		else
			fail "some rode $other ($obefore -> $oafter)"
		fi
	fi
	if "$ASAC" trace --expect "protect:$map:$seq" "$(cfg_of "$g")" input inside \
		icmp "$src" 8 0 "$dst" > /dev/null 2> "$tmp/trace"; then
		pass "asac trace predicts $map $seq for $src to $dst"
	else
		fail "asac trace predicts $map $seq for $src to $dst"
		sed 's/^/    /' "$tmp/trace"
	fi
}
# seed 002's table: A.3 to B and C on entry 2's settings (here 30 and 40),
# the rest of A on entry 1's (10 and 20), B to C on its own entry
flow a 192.168.3.3 192.168.12.2 MAP-A 30 MAP-A-30-1 MAP-A-10-1
flow a 192.168.3.10 192.168.12.2 MAP-A 10 MAP-A-10-1 MAP-A-30-1
flow a 192.168.3.3 192.168.201.2 MAP-A 40 MAP-A-40-1 MAP-A-20-1
flow a 192.168.3.10 192.168.201.2 MAP-A 20 MAP-A-20-1 MAP-A-40-1
flow b 192.168.12.2 192.168.201.2 MAP-B 30 MAP-B-30-1
# a dynamic map answers a spoke it does not know (seed 002: it cannot
# initiate); the hub's replies ride its dynamic child, which asac trace
# predicts once the SA is up (--sa-up)
initiate e SPOKE-10-1 d
flow e 10.50.0.2 10.40.0.2 SPOKE 10 SPOKE-10-1
before=$(out_packets "$tmp/d.vici" HUB-65535-DYN-10-1)
in_ns e-h ping -q -c 4 -i 0.2 -W 2 10.40.0.2 > /dev/null 2>&1
after=$(out_packets "$tmp/d.vici" HUB-65535-DYN-10-1)
if [ $((after - before)) -ge 4 ]; then
	pass "the hub's 4 replies rode its dynamic child ($before -> $after)"
else
	fail "the hub's 4 replies rode its dynamic child ($before -> $after)"
	swanctl --list-sas --uri "unix://$tmp/d.vici" 2> /dev/null | sed 's/^/    /' | head -20
fi
if "$ASAC" trace --sa-up HUB:65535 --expect protect:HUB:65535 dyn-hub.cfg \
	input inside icmp 10.40.0.2 0 0 10.50.0.2 > /dev/null 2> "$tmp/trace" &&
   ! "$ASAC" trace --expect protect:HUB:65535 dyn-hub.cfg \
	input inside icmp 10.40.0.2 0 0 10.50.0.2 > /dev/null 2>&1; then
	pass "asac trace: the hub protects its replies with the SA up, drops them without"
else
	fail "asac trace: the hub protects its replies with the SA up, drops them without"
	sed 's/^/    /' "$tmp/trace"
fi

# --- the firewall with the tunnel: NAT exemption and PAT for one LAN --------
# f and g load the nftables rulesets compiled from the same files
# (kernel-libipsec: decrypted traffic on ipsec0); f's LAN reaches g's with
# its real addresses through the tunnel (identity twice NAT first) and
# the internet host through PAT to f's outside address (the host has no
# route back to 10.60.0.0/24, so only a translated ping is answered).
for g in f g; do
	if "$ASAC" compile "$(cfg_of "$g")" --target nft --ipsec-backend libipsec \
		--iface outside=out0,inside=in0 -o "$tmp/$g-nft" > /dev/null 2> "$tmp/$g.nerr" &&
	   in_ns "$g" nft -f "$tmp/$g-nft/asac.nft" 2>> "$tmp/$g.nerr"; then
		pass "gateway $g loads the compiled nftables ruleset of $(cfg_of "$g")"
	else
		fail "gateway $g loads the compiled nftables ruleset of $(cfg_of "$g")"
		sed 's/^/    /' "$tmp/$g.nerr"
	fi
done
initiate f OUT-10-1 g
flow f 10.60.0.2 10.70.0.2 OUT 10 OUT-10-1
if in_ns f-h ping -q -c 3 -i 0.2 -W 2 198.51.100.100 > "$tmp/ping" 2>&1; then
	pass "ping from 10.60.0.2 to the internet host, translated by PAT"
else
	fail "ping from 10.60.0.2 to the internet host, translated by PAT"
	sed 's/^/    /' "$tmp/ping"
fi
nat_of() {	# destination: the source the model translates 10.60.0.2 to
	"$ASAC" trace --json "$(cfg_of f)" input inside icmp 10.60.0.2 8 0 "$1" \
		2> /dev/null | python3 -c 'import json,sys; r=json.load(sys.stdin)
print((r.get("translated") or {}).get("src", r["input"]["src"]), r["action"])'
}
if [ "$(nat_of 198.51.100.100)" = "198.51.100.6 allow" ] &&
   [ "$(nat_of 10.70.0.2)" = "10.60.0.2 allow" ]; then
	pass "asac trace: PAT to 198.51.100.6 for the internet, identity NAT for the tunnel"
else
	fail "asac trace: PAT to 198.51.100.6 for the internet, identity NAT for the tunnel"
fi
