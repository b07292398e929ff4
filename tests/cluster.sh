#!/usr/bin/env bash
# cluster.sh - asacd members on a real network: N namespaces (3 by
# default, N=10 for a full cluster) with a veth each into a bridge,
# 192.0.2.1-N/24, cluster IP 192.0.2.100, encrypted cluster messages.
# Timers are scaled down (--time-scale, ASACD_SCALE, default 5) so the
# seed's 5 s Hellos and 15 s join wait take a fifth of that.
#
# Checks (seed 001, "Master Election Process"):
#  - the highest priority member that starts first becomes master and
#    owns the cluster IP; the others join as backups and the master's
#    table has every member, sorted by IP (show load-balancing);
#  - killing the master (SIGKILL and its link down, as a crash) makes a
#    backup take the cluster IP after 4 missed Hellos: within the seed's
#    "about 20 s", scaled;
#  - the old master, restarted, joins as a backup (no preemption);
#  - SIGTERM makes the master leave cleanly and a backup take over at
#    once (well before the Hellos would have noticed);
#  - a member with the wrong cluster key is never let in, and its
#    messages are counted as failing authentication; a replayed message
#    is counted as replayed;
#  - SIGHUP with a new limit keeps the role and applies the limit.
# usage: tests/cluster.sh [ASACD [ASACCTL]]  (VALGRIND=1: the members run
#        under valgrind; KEEP=1 keeps the namespaces)
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/ns.sh

skip() { echo "SKIP: cluster ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
ns_init cluster

ASACD=${1:-build/asacd}
ASACCTL=${2:-build/asacctl}
case $ASACD in /*) ;; *) ASACD=$PWD/$ASACD ;; esac
case $ASACCTL in /*) ;; *) ASACCTL=$PWD/$ASACCTL ;; esac
[ -x "$ASACD" ] && [ -x "$ASACCTL" ] || { fail "asacd built"; exit 1; }
N=${N:-3}
SCALE=${ASACD_SCALE:-5}
WRAP=()
if [ -n "${VALGRIND:-}" ]; then
	WRAP=(valgrind -q --error-exitcode=99 --leak-check=full
	      --errors-for-leak-kinds=all --suppressions=tests/valgrind.supp
	      --log-file="$tmp/vg.%p")
fi
VIP=192.0.2.100

ns_bridge

# conf NAME ADDRESS PRIORITY [KEY] [ANYCONNECT-LIMIT]
conf() {
	cat > "$tmp/$1.json" <<EOF
{"format": 1, "mode": "asa", "rounding": "half-up",
 "limits": {"anyconnect": ${5:-100}, "other": 10},
 "cluster": {"ip": "$VIP", "port": 9023, "interface": "eth0",
   "address": "$2", "priority": $3, "encryption": true,
   "key": "${4:-cluster-secret-1}", "participate": true},
 "connections": {},
 "vici": "$tmp/$1.vici", "control": "$tmp/$1.sock"}
EOF
}
member() {	# NAME N: 192.0.2.N
	ns_host "$1" "02:00:00:00:01:$(printf %02x "$2")" "192.0.2.$2/24"
}
declare -A pid
start() {	# NAME
	# not through in_ns: $! must be asacd itself, not a subshell
	ip netns exec "$id-$1" "${WRAP[@]}" "$ASACD" -c "$tmp/$1.json" \
		--time-scale "$SCALE" -v >> "$tmp/$1.log" 2>&1 &
	pid[$1]=$!
	pids+=($!)
}
ctl() { local n=$1; shift; "$ASACCTL" -s "$tmp/$n.sock" "$@"; }
owns_vip() { ip -n "$id-$1" -4 addr show dev eth0 | grep -q "$VIP/32"; }
role() { ctl "$1" status --json 2> /dev/null |
	 sed -n 's/^ *"role": "\(.*\)",*$/\1/p'; }
# wait_for SECONDS COMMAND...: poll every 0.1 s; prints the time taken
wait_for() {
	local limit=$1 t0 t
	shift
	t0=$(date +%s%N)
	while ! "$@" 2> /dev/null; do
		t=$(( ($(date +%s%N) - t0) / 1000000 ))
		[ "$t" -ge $((limit * 1000)) ] && return 1
		sleep 0.1
	done
	echo $(( ($(date +%s%N) - t0) / 1000000 )) > "$tmp/took"
}
took() { cat "$tmp/took"; }

# m1 has priority 10, m2 9, the rest 1-3.  After a crash the backups
# notice at different times (their Hellos are not in step: up to one
# Hello interval apart), so priority decides only when it is worth more
# probes than that: m2's 2 probes against at least 8 for the others is
# 6 probe intervals, more than the Hello interval (1 s against 5 s at
# the seed's timers).
prio() { echo $(($1 == 1 ? 10 : $1 == 2 ? 9 : 1 + $1 % 3)); }
for i in $(seq 1 "$N"); do
	member "m$i" "$i"
	conf "m$i" "192.0.2.$i" "$(prio "$i")"
done

# seed 001: (10 - priority) + 1 probes, 1 s apart (scaled), then master
start m1
wait_for 10 owns_vip m1 &&
	pass "m1 (priority 10) takes the cluster IP after its probe ($(took) ms)" ||
	{ fail "m1 owns the cluster IP"; show "$tmp/m1.log"; }
for i in $(seq 2 "$N"); do start "m$i"; done
backups_joined() {
	local i
	for i in $(seq 2 "$N"); do [ "$(role "m$i")" = backup ] || return 1; done
	# the master's table: every member (Peers: N-1)
	ctl m1 show load-balancing | grep -q "^Peers      : $((N - 1))$"
}
# probes (up to 10 s) + join wait 15 s + a Hello, scaled
wait_for $(( (10 + 15 + 10) / SCALE + 5 )) backups_joined &&
	pass "members 2-$N join as backups, master's table has them ($(took) ms)" ||
	{ fail "members join"; ctl m1 show load-balancing; show "$tmp/m2.log"; }
ctl m1 show load-balancing > "$tmp/lb.out" 2>&1
check "show load-balancing: Master role, encryption, cluster IP" "$tmp/lb.out" \
	grep -qzE "Role       : Master.*Encryption : enabled.*Cluster IP : $VIP" "$tmp/lb.out"
ips=$(awk '/^192\.0\.2\./ { print $1 }' "$tmp/lb.out")
check "show load-balancing: every member, ascending IP (seed 000)" "$tmp/lb.out" \
	[ "$ips" = "$(seq 1 "$N" | sed 's/^/192.0.2./')" ]
check "show load-balancing: m1 Master priority 10, the others Backup" "$tmp/lb.out" \
	grep -qE "^192\.0\.2\.1 +Master +10 " "$tmp/lb.out"
[ "$(grep -c ' Backup ' "$tmp/lb.out")" = $((N - 1)) ] &&
	pass "show load-balancing: $((N - 1)) backups" ||
	{ fail "backup lines"; show "$tmp/lb.out"; }
only_m1() {
	local i
	for i in $(seq 2 "$N"); do ! owns_vip "m$i" || return 1; done
}
check "only the master has the cluster IP" "$tmp/lb.out" only_m1
ctl m2 show vpn-sessiondb summary > "$tmp/sum.out" 2>&1
check "show vpn-sessiondb summary: classes and limits" "$tmp/sum.out" \
	grep -qE "^AnyConnect \(SSL, IKEv2 RA\) +0 +0 +0 +100 +0$" "$tmp/sum.out"

# --- a wrong key: its Hellos fail authentication, it never joins ---------
member x 50
conf x 192.0.2.50 1 not-the-key
start x
wait_for 15 eval '[ "$(ctl m1 status --json | sed -n "s/.*dropped_authentication\": \([0-9]*\).*/\1/p")" -gt 0 ]' &&
	pass "a member with another key is dropped as failing authentication" ||
	{ fail "wrong key counted"; ctl m1 status --json; }
! ctl m1 show load-balancing | grep -q "^192\.0\.2\.50 " &&
	pass "the member with another key is not in the master's table" ||
	fail "wrong-key member joined"
kill "${pid[x]}"; wait "${pid[x]}" 2> /dev/null
ip -n "$id-x" link set eth0 down

# --- a replayed message -----------------------------------------------------
# capture one of m2's Hellos and send it again from m2's namespace
if command -v python3 > /dev/null; then
	cat > "$tmp/replay.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.bind(("192.0.2.99", 0))
# a sealed Hello as m2 sent it, captured at its bridge port
data = open(sys.argv[1], "rb").read()
s.sendto(data, (sys.argv[2], 9023))
EOF
	# take a message off the wire at m2's bridge port
	cat > "$tmp/grab.py" <<'EOF'
import socket, struct, sys
# ETH_P_ALL: the bridge takes the port's frames before any per-protocol
# tap would see them
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(3))
s.bind((sys.argv[3], 0))
s.settimeout(float(sys.argv[2]))
while True:
    pkt, addr = s.recvfrom(2048)
    if addr[1] != 0x0800:
        continue
    ihl = (pkt[0] & 15) * 4
    if pkt[9] != 17:
        continue
    dport = struct.unpack("!H", pkt[ihl + 2:ihl + 4])[0]
    if dport == 9023 and pkt[12:16] == bytes([192, 0, 2, 2]):
        open(sys.argv[1], "wb").write(pkt[ihl + 8:])
        break
EOF
	member r 99
	if ip netns exec "$id-br" python3 "$tmp/grab.py" "$tmp/hello.bin" \
		$((15 / SCALE + 3)) p-m2 2> "$tmp/grab.err"; then
		before=$(ctl m1 status --json | sed -n 's/.*dropped_replayed": \([0-9]*\).*/\1/p')
		in_ns r python3 "$tmp/replay.py" "$tmp/hello.bin" "$VIP"
		wait_for 5 eval '[ "$(ctl m1 status --json | sed -n "s/.*dropped_replayed\": \([0-9]*\).*/\1/p")" -gt "$before" ]' &&
			pass "a replayed Hello is dropped and counted" ||
			{ fail "replay counted"; ctl m1 status --json; }
	else
		fail "capture a Hello on the bridge"; show "$tmp/grab.err"
	fi
	ip -n "$id-r" link set eth0 down
fi

# --- SIGHUP: a new limit, same role -----------------------------------------
conf m2 192.0.2.2 "$(prio 2)" cluster-secret-1 7
kill -HUP "${pid[m2]}"
wait_for 5 eval 'ctl m2 show vpn-sessiondb summary | grep -qE "^AnyConnect.* 7 +0$"' &&
	pass "SIGHUP applies a new limit" ||
	{ fail "SIGHUP reload"; ctl m2 show vpn-sessiondb summary; show "$tmp/m2.log"; }
check "SIGHUP keeps m2 a backup" "$tmp/m2.log" [ "$(role m2)" = backup ]

# --- the master crashes ------------------------------------------------------
# seed 001: 4 Hellos unanswered (5 s apart) start an election; the new
# master probes (10 - priority) + 1 times.  m2 has priority 9 -> 2 probes.
kill -KILL "${pid[m1]}"; wait "${pid[m1]}" 2> /dev/null
ip -n "$id-m1" link set eth0 down
ip -n "$id-m1" addr del "$VIP/32" dev eth0 2> /dev/null
new_master() {
	local i
	for i in $(seq 2 "$N"); do
		owns_vip "m$i" && [ "$(role "m$i")" = master ] &&
			echo "m$i" > "$tmp/master" && return 0
	done
	return 1
}
# 4 x 5 s Hellos + up to 10 probes of 1 s, scaled, and slack
limit=$(( (4 * 5 + 10) / SCALE + 5 ))
if wait_for "$limit" new_master; then
	t=$(took)
	nm=$(cat "$tmp/master")
	pass "backup $nm takes the cluster IP after the master died ($t ms, scale 1/$SCALE)"
	# not before the 4 Hellos (20 s scaled) minus one interval
	[ "$t" -ge $(( 15000 / SCALE )) ] &&
		pass "takeover waits for the missed Hellos (>= $((15000 / SCALE)) ms)" ||
		fail "takeover too early: $t ms"
else
	fail "a backup takes over"; show "$tmp/m2.log"
fi
nm=$(cat "$tmp/master" 2> /dev/null || echo m2)
[ "$nm" = m2 ] && pass "the highest-priority backup (m2, 9) won" ||
	fail "m2 should have won, $nm did"
one_owner() {
	local i c=0
	for i in $(seq 2 "$N"); do owns_vip "m$i" && c=$((c + 1)); done
	[ "$c" = 1 ]
}
check "exactly one member owns the cluster IP" "$tmp/$nm.log" one_owner
rest_joined() {
	ctl "$nm" show load-balancing | grep -q "^Peers      : $((N - 2))$"
}
wait_for $(( 25 / SCALE + 5 )) rest_joined &&
	pass "the other backups report to the new master" ||
	{ fail "backups follow the new master"; ctl "$nm" show load-balancing; }

# --- the old master comes back: a backup, no preemption ----------------------
ip -n "$id-m1" link set eth0 up
start m1
wait_for $(( 30 / SCALE + 5 )) eval '[ "$(role m1)" = backup ]' &&
	pass "the restarted m1 (priority 10) joins as a backup" ||
	{ fail "m1 rejoins as backup"; show "$tmp/m1.log"; }
check "the new master keeps the cluster IP" "$tmp/$nm.log" owns_vip "$nm"

# --- SIGTERM: the master leaves, a backup takes over at once ----------------
kill -TERM "${pid[$nm]}"
wait "${pid[$nm]}"
rc=$?
check "SIGTERM: asacd exits 0" "$tmp/$nm.log" [ "$rc" = 0 ]
check "SIGTERM: the leaving master gave up the cluster IP" "$tmp/$nm.log" \
	eval '! owns_vip "$nm"'
# an election at once: m1 (priority 10) probes once and wins
if wait_for $(( 5 / SCALE + 3 )) eval 'owns_vip m1 && [ "$(role m1)" = master ]'; then
	t=$(took)
	pass "after a clean leave m1 is master in $t ms"
	[ "$t" -lt $(( 20000 / SCALE )) ] &&
		pass "a clean leave does not wait for missed Hellos" ||
		fail "leave took $t ms"
else
	fail "takeover after SIGTERM"; ctl m1 status --json; ctl m3 status --json
fi

for p in "${pid[@]}"; do kill -TERM "$p" 2> /dev/null; done
for p in "${pid[@]}"; do wait "$p" 2> /dev/null; done
# under ASan+UBSan: no error, no leak at any exit
if grep -lE "Sanitizer|runtime error" "$tmp"/*.log > "$tmp/san" 2>&1; then
	fail "sanitizers: $(tr '\n' ' ' < "$tmp/san")"
else
	pass "no sanitizer report in $(ls "$tmp"/*.log | wc -l) member logs"
fi
if [ -n "${VALGRIND:-}" ]; then
	if cat "$tmp"/vg.* 2> /dev/null | grep -q .; then
		fail "valgrind"; cat "$tmp"/vg.*
	else
		pass "valgrind: no errors or leaks in $(ls "$tmp"/vg.* | wc -l) runs"
	fi
fi
if [ "$nfail" -gt 0 ]; then
	for f in "$tmp"/*.log; do echo "--- $f"; show "$f"; done
fi
[ "$nfail" = 0 ]
