#!/usr/bin/env bash
# ios.sh - an IOS-style cluster (seed 003): three gateways g1-g3 on a
# bridge (192.0.2.1-3), each with keepalived holding the HSRP group's
# virtual IP 192.0.2.100 as VRRP (configured by `asacd --keepalived`) and
# an asacd in mode "ios" that follows it through `asacctl vrrp STATE`.
#
# Checks:
#  - keepalived accepts the generated configuration (keepalived -t);
#  - g1 (priority 200) starts first and becomes the primary: its asacd
#    holds the virtual IP; g2 and g3 start after it and, as HSRP without
#    preempt would, become subordinates whose load reports reach it
#    (show load-balancing lists all three);
#  - g1's link goes down: keepalived faults, g1's asacd steps down, g2
#    (150; g3 has 100) takes the address within 3 advertisement
#    intervals and a skew, and its asacd becomes the primary (seed 003:
#    the HSRP active router is the primary) with g3 reporting to it;
#  - g1 comes back: HSRP without `preempt` does not take over again
#    (nopreempt), g1 rejoins as a subordinate.
# usage: tests/ios.sh [ASACD [ASACCTL]]   (KEEP=1 keeps everything)
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/ns.sh

skip() { echo "SKIP: IOS-style cluster with keepalived ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
command -v keepalived > /dev/null || skip "keepalived not installed"
command -v unshare > /dev/null || skip "unshare (util-linux) not installed"
ns_init ios
show() { sed 's/^/    /' "$@" | tail -30; }

ASACD=${1:-build/asacd}
ASACCTL=${2:-build/asacctl}
case $ASACD in /*) ;; *) ASACD=$PWD/$ASACD ;; esac
case $ASACCTL in /*) ;; *) ASACCTL=$PWD/$ASACCTL ;; esac
[ -x "$ASACD" ] && [ -x "$ASACCTL" ] || { fail "asacd built"; exit 1; }
VIP=192.0.2.100

ns_bridge
declare -A apid kpid
ctl() { local n=$1; shift; "$ASACCTL" -s "$tmp/$n.sock" "$@"; }
role() {
	ctl "$1" status --json 2> /dev/null | python3 -c "
import json, sys
print(json.load(sys.stdin)['cluster']['role'])"
}
has_vip() { ip -n "$id-$1" -4 addr show dev eth0 | grep -q " $VIP/32 "; }
keepalived_start() {	# NAME: with its own /run (pid files)
	ns_spawn "$1" "$tmp/$1.keepalived.log" \
		"keepalived -n -l -D --vrrp -f '$tmp/$1.keepalived.conf'"
	kpid[$1]=$!
}

for i in 1 2 3; do
	ns_host "g$i" "02:00:00:00:03:0$i" "192.0.2.$i/24"
	cat > "$tmp/g$i.json" <<JSON
{"format": 1, "mode": "ios",
 "limits": {"anyconnect": 100, "other": 100},
 "ios": {"port": 2012, "holdtime_ms": 3000, "hello_ms": 500,
         "update_ms": 500, "max_session": 100, "priority": null,
         "weights": {"crypto-load": 100, "system-load": 0},
         "overload_limit": 0, "redirect": "auth",
         "standby": {"interface": "eth0", "group": 7, "ip": "$VIP",
                     "priority": $((250 - 50 * i)), "address": "192.0.2.$i",
                     "hello_ms": 1000, "hold_ms": 3000}},
 "vici": "$tmp/g$i.vici", "control": "$tmp/g$i.sock"}
JSON
	"$ASACD" --keepalived -c "$tmp/g$i.json" --asacctl "$ASACCTL" \
		> "$tmp/g$i.keepalived.conf" 2> "$tmp/g$i.err" ||
		{ fail "asacd --keepalived g$i"; show "$tmp/g$i.err"; exit 1; }
done
keepalived -t -f "$tmp/g1.keepalived.conf" > "$tmp/t.out" 2>&1 &&
	grep -q "virtual_router_id 7" "$tmp/g1.keepalived.conf" &&
	grep -q "^	nopreempt" "$tmp/g1.keepalived.conf" &&
	pass "keepalived -t accepts the generated configuration (group 7, nopreempt)" ||
	{ fail "keepalived -t"; show "$tmp/t.out" "$tmp/g1.keepalived.conf"; }

for i in 1 2 3; do
	ip netns exec "$id-g$i" "$ASACD" -c "$tmp/g$i.json" \
		>> "$tmp/g$i.asacd.log" 2>&1 &
	apid[g$i]=$!
	pids+=($!)
done
for i in 1 2 3; do
	until_ok 50 test -S "$tmp/g$i.sock" ||
		{ fail "asacd g$i starts"; show "$tmp/g$i.asacd.log"; exit 1; }
done
keepalived_start g1

# VRRP: master down interval 3 x 1 s + skew, then the election
primary_is() {	# NAME: holds the VIP, its asacd is master, nobody else is
	local i
	has_vip "$1" && [ "$(role "$1")" = master ] || return 1
	for i in 1 2 3; do
		[ "g$i" = "$1" ] && continue
		has_vip "g$i" && return 1
		[ "$(role "g$i")" = master ] && return 1
	done
	return 0
}
until_ok 150 primary_is g1 &&
	pass "keepalived makes g1 master; its asacd is the primary and holds $VIP" ||
	{ fail "g1 primary"; show "$tmp/g1.keepalived.log" "$tmp/g1.asacd.log"; }
keepalived_start g2
keepalived_start g3
sleep 5
primary_is g1 &&
	pass "g2 and g3 start as backups: g1 stays the primary" ||
	{ fail "g1 primary after g2, g3 start"; show "$tmp/g2.keepalived.log"; }
grep -q "VRRP state master" "$tmp/g1.asacd.log" &&
	pass "g1's asacd learnt it from keepalived's notify_master (asacctl vrrp master)" ||
	{ fail "no VRRP notify in g1's log"; show "$tmp/g1.asacd.log"; }
members() {	# NAME N: the primary's table lists N gateways
	[ "$(ctl "$1" status --json | python3 -c "
import json, sys
print(len(json.load(sys.stdin)['cluster']['members']))")" = "$2" ]
}
until_ok 50 members g1 3 &&
	pass "g2 and g3 report their load to the primary (3 gateways in its table)" ||
	{ fail "primary's table"; ctl g1 show load-balancing; show "$tmp/g2.asacd.log"; }
ctl g1 show load-balancing > "$tmp/lb.out" 2>&1
grep -qE "^192\.0\.2\.1 +Primary " "$tmp/lb.out" &&
	[ "$(grep -c ' Subordinate ' "$tmp/lb.out")" = 2 ] &&
	pass "show load-balancing: g1 Primary, two Subordinates" ||
	{ fail "show load-balancing"; show "$tmp/lb.out"; }

# --- the primary's link fails ------------------------------------------------
t0=$(date +%s%N)
ip -n "$id-br" link set p-g1 down
until_ok 150 primary_is g2 &&
	pass "g1's link down: g2 (150) holds $VIP and is the primary after $(( ($(date +%s%N) - t0) / 1000000 )) ms" ||
	{ fail "g2 takes over"; show "$tmp/g2.keepalived.log" "$tmp/g2.asacd.log"; }
until_ok 50 eval '[ "$(role g1)" != master ]' &&
	pass "g1's asacd steps down (keepalived's notify_fault)" ||
	{ fail "g1 still master"; show "$tmp/g1.asacd.log"; }
until_ok 80 members g2 2 &&
	pass "g3 reports to the new primary" ||
	{ fail "g2's table"; ctl g2 show load-balancing; }

# --- g1 returns: no preemption ------------------------------------------------
ip -n "$id-br" link set p-g1 up
until_ok 100 eval '[ "$(role g1)" = backup ]' &&
	pass "g1 comes back as a subordinate" ||
	{ fail "g1 role $(role g1)"; show "$tmp/g1.asacd.log" "$tmp/g1.keepalived.log"; }
sleep 4
primary_is g2 && until_ok 80 members g2 3 &&
	pass "g2 stays primary (HSRP without preempt: nopreempt) and has all 3 in its table" ||
	{ fail "after g1 returned"; ctl g2 show load-balancing; show "$tmp/g1.keepalived.log"; }

for i in 1 2 3; do kill -TERM "${kpid[g$i]}" 2> /dev/null; done
for i in 1 2 3; do wait "${kpid[g$i]}" 2> /dev/null; done
for i in 1 2 3; do kill -TERM "${apid[g$i]}" 2> /dev/null; done
rc=0
for i in 1 2 3; do wait "${apid[g$i]}" || rc=$?; done
[ "$rc" = 0 ] && pass "SIGTERM: every asacd exits 0" || fail "asacd exit status $rc"
if grep -lE "Sanitizer|runtime error" "$tmp"/*.asacd.log > "$tmp/san" 2>&1; then
	fail "sanitizers: $(tr '\n' ' ' < "$tmp/san")"
else
	pass "no sanitizer report in the asacd logs"
fi
[ "$nfail" = 0 ]
