#!/usr/bin/env bash
# netif.sh - runtime/netif.c against the real kernel, through
# tests/tools/netif_probe: members A, B and C of a cluster (one network
# namespace each, a veth into a bridge namespace, 192.0.2.1-3/24 and MACs
# 02:00:00:00:00:0a-0c).  A owns the cluster IP 192.0.2.100 (seed 001:
# the master owns the cluster IP and members find it by ARP probes).
# Checks: info, add/del (also twice, as `ip` sees it), B's probe finds A's
# MAC and the kernel's answer to a probe from 0.0.0.0, an unowned address
# gives "none", C's announcement is a collision at A, malformed ARP is
# skipped, what arp_ignore does to the answers, clear errors.
# usage: tests/netif.sh [NETIF_PROBE]  (built into a temporary directory
#        when not given; VALGRIND=1 runs it under valgrind; KEEP=1 keeps
#        the namespaces)
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/ns.sh

skip() { echo "SKIP: netif ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
ns_init netif
has() { grep -qE -- "$2" "$1"; }		# FILE ERE
hasnt() { ! grep -qE -- "$2" "$1"; }
count() { [ "$(grep -cE -- "$2" "$1")" = "$3" ]; }	# FILE ERE N
within() { [ "$1" -ge "$2" ] && [ "$1" -lt "$3" ]; }	# N MIN END

TOOL=${1:-}
if [ -z "$TOOL" ]; then
	TOOL=$tmp/netif_probe
	if ! ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra \
		-Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
		-Wwrite-strings -Wundef -Wcast-qual -Wvla -Werror -O2 -g -I. \
		-o "$TOOL" tests/tools/netif_probe.c runtime/netif.c \
		2> "$tmp/cc.err"; then
		fail "netif_probe builds"
		show "$tmp/cc.err"
		exit 1
	fi
fi
case $TOOL in /*) ;; *) TOOL=$PWD/$TOOL ;; esac
WRAP=()
slow=1		# valgrind takes a second to start: listen longer
if [ -n "${VALGRIND:-}" ]; then
	WRAP=(valgrind -q --error-exitcode=99 --leak-check=full
	      --errors-for-leak-kinds=all)
	slow=5
fi

# --- the network ------------------------------------------------------------
ns_bridge
MAC_A=02:00:00:00:00:0a MAC_B=02:00:00:00:00:0b MAC_C=02:00:00:00:00:0c
ZERO=00:00:00:00:00:00
ns_host a $MAC_A 192.0.2.1/24
ns_host b $MAC_B 192.0.2.2/24
ns_host c $MAC_C 192.0.2.3/24
VIP=192.0.2.100
V=${VIP//./\\.}		# as an ERE

# run NS ARGS...: netif_probe in namespace NS; $out holds its stdout and
# stderr, $rc its exit status
out=$tmp/out rc=0
run() {
	local n=$1
	shift
	in_ns "$n" "${WRAP[@]}" "$TOOL" "$@" > "$out" 2> "$tmp/err"
	rc=$?
	cat "$tmp/err" >> "$out"
	cat "$tmp/err" >> "$tmp/all.err"
}
# expect WHAT RC ERE: the last run exited RC and printed a line matching ERE
expect() {
	local what=$1 want=$2 ere=$3
	if [ "$rc" = "$want" ] && has "$out" "$ere"; then
		pass "$what"
	else
		fail "$what (exit $rc, wanted $want and /$ere/)"
		show "$out"
	fi
}
# listen NS MS FILE: a listener for $VIP in the background, once it is
# listening
listen() {
	in_ns "$1" "${WRAP[@]}" "$TOOL" eth0 listen $VIP "$2" > "$3" \
		2>> "$tmp/all.err" &
	pids+=($!)
	for _ in $(seq 100); do
		grep -q '^listening' "$3" && return 0
		sleep 0.05
	done
	fail "listener in $1 starts"
	return 1
}
waitall() { wait "${pids[@]}" 2> /dev/null; pids=(); }
addrs() {	# NS DEV: ip's list of the addresses
	ip -n "$id-$1" -4 -o addr show dev "$2" | awk '{print $4}' > "$tmp/ip"
}
probe_time() {	# NS ADDR MS: probe; $ms is how long it took
	local t0
	t0=$(date +%s%N)
	run "$1" eth0 probe "$2" "$3"
	ms=$((($(date +%s%N) - t0) / 1000000))
}

# --- info, add, del -----------------------------------------------------
run a eth0 info
ifindex=$(ip -n "$id-a" -o link show eth0 | cut -d: -f1)
expect "info: MAC of A" 0 "^mac $MAC_A\$"
expect "info: index of A's eth0 ($ifindex)" 0 "^ifindex $ifindex\$"
expect "info: address of A" 0 "^addr 192\.0\.2\.1/24\$"
check "info: only eth0's addresses (not lo's)" "$out" count "$out" '^addr' 1

run a eth0 add $VIP/32
expect "add $VIP/32 reports it" 0 "^added $V/32 to 'eth0'\$"
addrs a eth0
check "add: ip -n A addr shows $VIP/32" "$tmp/ip" has "$tmp/ip" "^$V/32\$"
run a eth0 add $VIP/32
expect "add twice is fine" 0 "^$V/32 already on 'eth0'\$"
addrs a eth0
check "add twice: one address" "$tmp/ip" count "$tmp/ip" "^$V/" 1
run a eth0 info
expect "info lists the cluster IP" 0 "^addr $V/32\$"

# --- probes -----------------------------------------------------------------
listen b $((1500 * slow)) "$tmp/lb"
listen a $((1500 * slow)) "$tmp/la"
probe_time b $VIP 1000
expect "probe from B finds A, the owner, by its MAC" 0 "^$MAC_A\$"
check "the answer ends the probe (${ms} ms)" "$out" [ "$ms" -lt $((500 * slow)) ]
waitall
# Linux answers a probe from 0.0.0.0 with a reply from the address to the
# prober's MAC whose target IP is 0.0.0.0 (arp_process(), RFC 5227 case)
check "A's kernel answers: reply to B's MAC, target IP 0.0.0.0" "$tmp/lb" \
	has "$tmp/lb" "^claim $V from $MAC_A \(reply sender $V target $MAC_B 0\.0\.0\.0\)\$"
check "A sees B's probe: sender 0.0.0.0, target MAC 0" "$tmp/la" \
	has "$tmp/la" "^probe $V from $MAC_B \(request sender 0\.0\.0\.0 target $ZERO $V\)\$"

probe_time b 192.0.2.200 600
expect "probe for an unowned address: none" 0 "^none\$"
check "none after the timeout (${ms} ms for 600)" "$out" \
	within "$ms" 550 $((3000 * slow))
run c eth0 probe 192.0.2.2 500
expect "probe from C finds B's own address" 0 "^$MAC_B\$"

# --- collision ----------------------------------------------------------------
listen a $((2000 * slow)) "$tmp/la"
listen b $((2000 * slow)) "$tmp/lb"
run c eth0 announce $VIP
expect "C announces $VIP" 0 "^announced $V\$"
waitall
check "A, the owner, sees C's announcement as a collision" "$tmp/la" \
	has "$tmp/la" "^collision $V from $MAC_C \(request sender $V target $ZERO $V\)\$"
check "one collision at A, no other" "$tmp/la" count "$tmp/la" '^collision' 1
claim_only() { has "$1" "^claim $V from $MAC_C " && hasnt "$1" '^collision'; }
check "B, not the owner, sees a claim, not a collision" "$tmp/lb" \
	claim_only "$tmp/lb"

# malformed packets and impossible senders claiming the address are
# skipped: op 3, an 8-byte hardware length, a truncated one, a broadcast
# sender MAC, a non-IPv4 protocol
bogus() {
	in_ns c python3 - "$VIP" << 'EOF'
import socket, struct, sys
vip = socket.inet_aton(sys.argv[1])
mac = bytes.fromhex("02000000000c")
def arp(hrd=1, pro=0x0800, hln=6, pln=4, op=2, sha=mac):
    return (struct.pack("!HHBBH", hrd, pro, hln, pln, op) + sha + vip +
            bytes(6) + vip)
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0806))
dst = ("eth0", 0x0806, 0, 0, b"\xff" * 6)
for p in (arp(op=3), arp(hln=8), arp()[:20], arp(sha=b"\xff" * 6),
          arp(pro=0x86dd)):
    s.sendto(p, dst)
EOF
}
listen a $((1000 * slow)) "$tmp/la"
if bogus; then
	waitall
	check "malformed ARP claiming $VIP is skipped" "$tmp/la" \
		hasnt "$tmp/la" '^(collision|claim)'
else
	waitall
	echo "SKIP: netif malformed packets (python3 cannot send them)"
fi
# a quiet segment: no collision is made up
listen a 300 "$tmp/la"
waitall
check "a quiet segment has no collision" "$tmp/la" \
	hasnt "$tmp/la" '^(collision|claim)'

# --- what the owner's arp_ignore does to the answers --------------------------
# The weak host model: by default Linux answers for any of its addresses on
# any interface, so an address on A's lo answers probes on eth0 too.  The
# value in force is the larger of all's and the interface's.
arp_ignore() { in_ns a sysctl -qw "net.ipv4.conf.all.arp_ignore=$1"; }
ip -n "$id-a" addr add 192.0.2.150/32 dev lo
arp_ignore 0
run b eth0 probe 192.0.2.150 500
expect "arp_ignore=0: A answers for an address on its lo" 0 "^$MAC_A\$"
arp_ignore 1
run b eth0 probe 192.0.2.150 500
expect "arp_ignore=1: A is silent for an address on its lo" 0 "^none\$"
run b eth0 probe $VIP 500
expect "arp_ignore=1: A answers for the cluster IP on eth0" 0 "^$MAC_A\$"
arp_ignore 2
run b eth0 probe $VIP 500
expect "arp_ignore=2: A answers a probe from 0.0.0.0 for a /32" 0 "^$MAC_A\$"
arp_ignore 8
run b eth0 probe $VIP 500
expect "arp_ignore=8: A never answers, the probe sees none" 0 "^none\$"
arp_ignore 0
ip -n "$id-a" addr del 192.0.2.150/32 dev lo

# --- del ----------------------------------------------------------------------
run a eth0 del $VIP/24
expect "del with another prefix length leaves it" 0 "^$V/24 not on 'eth0'\$"
addrs a eth0
check "still there after del $VIP/24" "$tmp/ip" has "$tmp/ip" "^$V/32\$"
run a eth0 del $VIP/32
expect "del $VIP/32 reports it" 0 "^removed $V/32 from 'eth0'\$"
addrs a eth0
check "del: ip -n A addr no longer shows $VIP" "$tmp/ip" \
	hasnt "$tmp/ip" "^$V/"
check "del: A keeps its own address" "$tmp/ip" has "$tmp/ip" "^192\.0\.2\.1/24\$"
run a eth0 del $VIP/32
expect "del twice is fine" 0 "^$V/32 not on 'eth0'\$"
run b eth0 probe $VIP 500
expect "after del, a probe finds no owner" 0 "^none\$"
run a eth0 add 192.0.2.101/28
expect "add with a prefix length" 0 "^added 192\.0\.2\.101/28 to 'eth0'\$"
addrs a eth0
check "ip -n A addr shows 192.0.2.101/28" "$tmp/ip" \
	has "$tmp/ip" '^192\.0\.2\.101/28$'
run a eth0 del 192.0.2.101/28
expect "del it" 0 "^removed 192\.0\.2\.101/28 from 'eth0'\$"

# --- errors -------------------------------------------------------------------
run a nope0 info
expect "unknown interface: clear error" 3 \
	"^netif_probe: interface 'nope0' not found\$"
run a nope0 add $VIP/32
expect "add on an unknown interface fails" 3 "interface 'nope0' not found"
run a eth0-with-a-long-name info
expect "too long a name: clear error" 3 \
	"bad interface name 'eth0-with-a-long-name'"
for bad in 300.1.2.3/32 192.0.2.5/33 192.0.2 192.0.2.5/ 192.0.2.5/x \
	   010.0.0.1 ''; do
	run a eth0 add "$bad"
	expect "bad address '$bad': clear error" 2 \
		"^netif_probe: bad address '$bad'"
done
run a eth0 probe 192.0.2.5/32
expect "probe takes an address, not a prefix" 2 "bad address '192\.0\.2\.5/32'"
run a lo probe $VIP
expect "ARP on lo: not Ethernet" 3 \
	"cannot open ARP on 'lo': not an Ethernet interface"
ip -n "$id-c" link add down0 type veth peer name down1
run c down0 announce $VIP
expect "announce on a down interface: the kernel's error" 3 \
	"cannot send ARP announcement for $V on 'down0': Network is down"
if command -v setpriv > /dev/null; then
	WRAP=(setpriv --reuid=65534 --regid=65534 --clear-groups
	      --inh-caps=-all)
	run a eth0 add $VIP/32
	expect "add without CAP_NET_ADMIN: the kernel's refusal" 3 \
		"cannot add $V/32 to 'eth0': Operation not permitted"
	run a eth0 probe $VIP
	expect "ARP without CAP_NET_RAW: the kernel's refusal" 3 \
		"cannot open ARP on 'eth0': packet socket: Operation not permitted"
else
	echo "SKIP: netif without capabilities (setpriv not installed)"
fi

touch "$tmp/all.err"
check "no sanitizer or valgrind reports" "$tmp/all.err" \
	hasnt "$tmp/all.err" 'Sanitizer|runtime error|ERROR SUMMARY|definitely lost'
[ "$nfail" -eq 0 ]
