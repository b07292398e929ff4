#!/usr/bin/env bash
# failover.sh - a crypto map entry whose first peer is down (seed 002,
# "Provide Site-to-Site Redundancy"): asa-h (testdata/swanctl/
# multipeer-a.cfg) lists 203.0.113.9, which nobody answers, then asa-j
# (multipeer-b.cfg).  Both compiled by asac, each loaded into its own
# charon (kernel-libipsec, own namespaces and /run), with asacd (the
# asacd.json compiled from multipeer-a.cfg) beside asa-h's:
#  - at start the first peer's children are trapped, the backup's not;
#  - the negotiation with the first peer fails, asacd moves the traps to
#    the backup peer's connection (status --json peer_failovers = 1);
#  - the backup's child comes up with asa-j and carries pings from a
#    host behind asa-h to one behind asa-j (child SA counters);
#  - SIGHUP (a changed crypto map, seed 002 "Peer Index Reset") puts the
#    traps back on the first peer;
#  - asac verify refuses a backup peer's child that differs.
# kernel-libipsec raises no acquire for a trap (tests/tunnels.sh), so the
# test starts each negotiation as the traffic would: with --initiate on
# the active connection's child.  charon retransmits twice, 1 s apart,
# instead of the ASA's ~2 minutes.
# usage: tests/failover.sh ASAC ASACD ASACCTL   (KEEP=1 keeps everything)
set -u
ASAC=$1 ASACD=$2 ASACCTL=$3
for v in ASAC ASACD ASACCTL; do
	case ${!v} in /*) ;; *) printf -v "$v" %s "$PWD/${!v}" ;; esac
done
. "$(dirname "$0")/ns.sh"
cd "$(dirname "$0")/../testdata/swanctl" || exit 2

skip() { echo "SKIP: backup peers with real tunnels ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
charon_needed
command -v ping > /dev/null || skip "ping (iputils-ping) not installed"
ns_init fo

# --- the network: h and j on a bridge, a host behind each ------------------
ns_bridge
ns_gateway h 203.0.113.1/24 10.81.0.1/24 10.81.0.2/24
ns_gateway j 203.0.113.2/24 10.82.0.1/24 10.82.0.2/24

sw() { local g=$1; shift; swanctl "$@" --uri "unix://$tmp/$g.vici"; }
for g in h j; do
	cfg=multipeer-$([ "$g" = h ] && echo a || echo b).cfg
	if ! "$ASAC" compile "$cfg" --target swanctl -o "$tmp/$g" \
		> /dev/null 2> "$tmp/$g.err"; then
		fail "compile $cfg"; show "$tmp/$g.err"; exit 1
	fi
	libipsec_conf "$tmp/$g/charon.conf" "$g" "retransmit_tries = 2
retransmit_timeout = 1
retransmit_base = 1" "$tmp/$g/strongswan.d/asac.conf"
	ns_spawn "$g" "$tmp/$g.out" "$(charon_cmd "$tmp/$g/charon.conf")"
done
for g in h j; do
	vici_up "$tmp/$g.vici" || { fail "charon of $g starts"; show "$tmp/$g.out"; exit 1; }
	anchor "$g" "$tmp/$g/swanctl.conf"
	check "$g loads its compiled swanctl.conf" "$tmp/$g.load" \
		sw "$g" --load-all --noprompt --file "$tmp/$g/swanctl.conf" > "$tmp/$g.load" 2>&1
done

# --- asacd beside h -----------------------------------------------------------
if ! "$ASAC" compile multipeer-a.cfg --target asacd -o - 2> /dev/null |
	python3 -c 'import json,sys; c=json.load(sys.stdin)
c["vici"]=sys.argv[1]; c["control"]=sys.argv[2]; json.dump(c, sys.stdout)' \
	"$tmp/h.vici" "$tmp/h.sock" > "$tmp/h.json"; then
	fail "compile multipeer-a.cfg --target asacd"; exit 1
fi
ip netns exec "$id-h" "$ASACD" -c "$tmp/h.json" >> "$tmp/h.asacd.log" 2>&1 &
apid=$!
pids+=($!)
ctl() { "$ASACCTL" -s "$tmp/h.sock" "$@"; }
counter() { ctl status --json 2> /dev/null | python3 -c 'import json,sys
print(json.load(sys.stdin)["counters"][sys.argv[1]])' "$1"; }
until_ok 100 grep -q "connected to charon" "$tmp/h.asacd.log" ||
	{ fail "asacd is connected to h's charon"; show "$tmp/h.asacd.log"; exit 1; }

# the children trapped now ("CONN/CHILD, reqid N, ..." lines)
trapped() { sw h --list-pols --trap 2> /dev/null | awk -F, '/^[^ ]/ { sub(/.*\//, "", $1); print $1 }' | sort | tr '\n' ' '; }
want_first="MAP-H-10-1 MAP-H-20-1 "
want_backup="MAP-H-10-peer2-1 MAP-H-20-peer2-1 "
if until_ok 50 test "$(trapped)" = "$want_first"; then
	pass "at start the first peer's children are trapped: $want_first"
else
	fail "at start the first peer's children are trapped: got '$(trapped)'"
fi

# --- the first peer is down ------------------------------------------------
if sw h --initiate --child MAP-H-10-1 --timeout 30 > "$tmp/init1" 2>&1; then
	fail "the negotiation with 203.0.113.9 (nobody there) fails"
else
	pass "the negotiation with 203.0.113.9 (nobody there) fails"
fi
if until_ok 200 test "$(trapped)" = "$want_backup"; then
	pass "asacd moved the traps to the backup peer: $want_backup"
else
	fail "asacd moved the traps to the backup peer: got '$(trapped)'"
	show "$tmp/h.asacd.log"
fi
check "asacd says so" "$tmp/h.asacd.log" \
	grep -q "IKE_SA MAP-H-10+20\[[0-9]*\] failed; the next peer's connection MAP-H-10+20-peer2 is active now" "$tmp/h.asacd.log"
[ "$(counter peer_failovers)" = 1 ] && pass "status --json: peer_failovers 1" ||
	fail "status --json: peer_failovers $(counter peer_failovers)"

# --- the backup peer carries the traffic --------------------------------------
check "h brings up MAP-H-10-peer2-1 with asa-j (203.0.113.2)" "$tmp/init2" \
	sw h --initiate --child MAP-H-10-peer2-1 --timeout 20 > "$tmp/init2" 2>&1
before=$(out_packets "$tmp/h.vici" MAP-H-10-peer2-1)
if in_ns h-h ping -q -c 4 -i 0.2 -W 2 10.82.0.2 > "$tmp/ping" 2>&1; then
	pass "ping from 10.81.0.2 to 10.82.0.2 through the backup peer"
else
	fail "ping from 10.81.0.2 to 10.82.0.2 through the backup peer"; show "$tmp/ping"
fi
after=$(out_packets "$tmp/h.vici" MAP-H-10-peer2-1)
[ $((after - before)) -ge 4 ] &&
	pass "the 4 packets rode child MAP-H-10-peer2-1 ($before -> $after)" ||
	fail "the 4 packets rode child MAP-H-10-peer2-1 ($before -> $after)"
[ "$(counter peer_failovers)" = 1 ] && pass "an established backup peer moves nothing" ||
	fail "an established backup peer moves nothing: peer_failovers $(counter peer_failovers)"

# --- a changed crypto map starts at the first peer again -----------------------
kill -HUP "$apid"
if until_ok 200 test "$(trapped)" = "$want_first"; then
	pass "after SIGHUP the first peer's children are trapped again"
else
	fail "after SIGHUP the first peer's children are trapped again: got '$(trapped)'"
	show "$tmp/h.asacd.log"
fi
kill "$apid"
wait "$apid"
check "asacd exits 0 on SIGTERM" "$tmp/h.asacd.log" test $? = 0

# --- asac verify checks every peer's children --------------------------------
sed '/MAP-H-10-peer2-1 {/,/}/ s|remote_ts = 10.82.0.0/24|remote_ts = 10.82.0.0/25|' \
	"$tmp/h/swanctl.conf" > "$tmp/bad.conf"
mkdir -p "$tmp/bad"
cp "$tmp/bad.conf" "$tmp/bad/swanctl.conf"
"$ASAC" verify multipeer-a.cfg "$tmp/bad" > "$tmp/verify" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "MAP-H-10-peer2" "$tmp/verify"; then
	pass "asac verify refuses a backup peer's child that protects less"
else
	fail "asac verify refuses a backup peer's child that protects less (exit $rc)"
	show "$tmp/verify"
fi
exit $((nfail > 0))
