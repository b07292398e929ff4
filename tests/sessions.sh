#!/usr/bin/env bash
# sessions.sh - asacd with real charons: three gateways g1-g3 (one
# network and mount namespace each: own /run, own charon and VICI socket,
# an asacd beside it) and a client namespace on a bridge, 192.0.2.1-3 and
# .50, cluster IP 192.0.2.100.  Timers scaled by ASACD_SCALE (5).
#
# Checks:
#  - six IKEv2 remote-access clients connect to the cluster IP one after
#    the other; the master (g1, priority 10) places them as seed 000's
#    algorithm says (the lowest-loaded backup, ties by fewest sessions
#    then lowest IP; itself once every backup is 1% above it): g2, g3,
#    g1, g2, g3, g1, checked against `asacd --simulate` of the same
#    cluster.  asacd answers their IKE_SA_INIT requests to the cluster IP
#    with a REDIRECT (RFC 5685; diverted from charon by nftables), the
#    clients follow, and every gateway counts 2 AnyConnect sessions;
#  - after SIGHUP with "redirect": "auth", three more clients (from
#    another host) are placed g2, g3, g1 (the simulation again): charon
#    serves the cluster IP and the two placed elsewhere are redirected
#    after IKE_AUTH (VICI redirect); 3 sessions each;
#  - a burst of six LAN-to-LAN peers (class "other", limit 3) at one
#    gateway: asacd terminates what exceeds the limit, and no more than 3
#    stay established (seed 000, "Configuring VPN Session Limits");
#  - sessions that end are uncounted (the client terminates one);
#  - asacd started after sessions exist counts them (list-sas).
# usage: tests/sessions.sh [ASACD [ASACCTL]]   (KEEP=1 keeps everything)
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/ns.sh

skip() { echo "SKIP: sessions with real charons ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
charon_needed
command -v unshare > /dev/null || skip "unshare (util-linux) not installed"
ns_init sessions
show() { sed 's/^/    /' "$@" | tail -40; }

ASACD=${1:-build/asacd}
ASACCTL=${2:-build/asacctl}
case $ASACD in /*) ;; *) ASACD=$PWD/$ASACD ;; esac
case $ASACCTL in /*) ;; *) ASACCTL=$PWD/$ASACCTL ;; esac
[ -x "$ASACD" ] && [ -x "$ASACCTL" ] || { fail "asacd built"; exit 1; }
SCALE=${ASACD_SCALE:-5}
VIP=192.0.2.100
PSK=0sYXNhYy1zZXNzaW9ucy10ZXN0LWtleQ==

ns_bridge
host() {	# NAME N: 192.0.2.N
	ns_host "$1" "02:00:00:00:02:$(printf %02x "$2")" "192.0.2.$2/24"
}

charon() {	# NAME: a charon with its own /run and VICI socket
	cat > "$tmp/$1.conf" <<-EOF
	charon {
		# half_open_timeout stays 30 s: with 4 s, one lost IKE_SA_INIT
		# exchange (answered on the retransmit, 4 s later) let the
		# gateway drop the half-open SA, and the client's IKE_AUTH was
		# then ignored for good.  A redirected IKE_SA lingers at the
		# master that long (strongswan.md 3.2); asacd never counts it.
		load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey aes sha1 sha2 hmac gmp curve25519 kdf kernel-netlink socket-default vici
		plugins {
			vici {
				socket = unix://$tmp/$1.vici
			}
		}
		filelog {
			log {
				path = $tmp/$1.charon.log
				default = 1
				flush_line = yes
			}
		}
	}
	EOF
	ns_spawn "$1" "$tmp/$1.charon.out" "$(charon_cmd "$tmp/$1.conf")"
}
sw() { local n=$1; shift; swanctl "$@" --uri "unix://$tmp/$n.vici"; }
load() {	# NAME FILE
	vici_up "$tmp/$1.vici"
	sw "$1" --load-all --noprompt --file "$2" > "$tmp/$1.load" 2>&1 ||
		{ fail "charon $1 loads its configuration"; show "$tmp/$1.load"; exit 1; }
}

# --- gateways: charon and asacd ---------------------------------------------
# childless IKE_SAs (RFC 6023): sessions are IKE_SAs, which is what asacd
# counts; no CHILD_SA is needed to test the counting and the redirects
cat > "$tmp/gw.swanctl.conf" <<EOF
connections {
	ra {
		version = 2
		local {
			auth = psk
			id = vpn.example
		}
		remote {
			auth = psk
			id = *@ra.example
		}
	}
	l2l {
		version = 2
		local {
			auth = psk
			id = vpn.example
		}
		remote {
			auth = psk
			id = *@l2l.example
		}
	}
}
secrets {
	ike-all {
		secret = $PSK
	}
}
EOF
declare -A apid
asacd_start() {	# NAME
	ip netns exec "$id-$1" "$ASACD" -c "$tmp/$1.json" \
		--time-scale "$SCALE" >> "$tmp/$1.asacd.log" 2>&1 &
	apid[$1]=$!
	pids+=($!)
}
for i in 1 2 3; do
	host "g$i" "$i"
	charon "g$i"
	cat > "$tmp/g$i.json" <<EOF
{"format": 1, "mode": "asa",
 "limits": {"anyconnect": 10, "other": 3},
 "cluster": {"ip": "$VIP", "interface": "eth0", "address": "192.0.2.$i",
   "priority": $((i == 1 ? 10 : 8 - i)), "encryption": true,
   "key": "sessions-test"},
 "connections": {"ra": {"remote_access": true, "version": 2},
                 "l2l": {"remote_access": false, "version": 2}},
 "vici": "$tmp/g$i.vici", "control": "$tmp/g$i.sock"}
EOF
done
for i in 1 2 3; do load "g$i" "$tmp/gw.swanctl.conf"; done
asacd_start g1
ctl() { local n=$1; shift; "$ASACCTL" -s "$tmp/$n.sock" "$@"; }
jget() {	# NAME JQ-LIKE-KEY: a number from status --json via python
	ctl "$1" status --json 2> /dev/null | python3 -c "
import json, sys
o = json.load(sys.stdin)
for k in sys.argv[1].split('.'):
    o = o[k]
print(str(o).lower())" "$2"
}
until_ok 100 eval '[ "$(jget g1 cluster.role)" = master ]' ||
	{ fail "g1 becomes master"; show "$tmp/g1.asacd.log"; exit 1; }
asacd_start g2
asacd_start g3
joined() {
	ctl g1 show load-balancing | grep -q "^Peers      : 2$"
}
until_ok $(( (10 + 15 + 10) * 10 / SCALE + 50 )) joined &&
	pass "g1 is master of g1-g3 on real charons" ||
	{ fail "the cluster forms"; ctl g1 show load-balancing; exit 1; }
for i in 1 2 3; do
	[ "$(jget "g$i" charon)" = true ] ||
		{ fail "asacd g$i is connected to its charon"; show "$tmp/g$i.asacd.log"; }
done

# --- the client ----------------------------------------------------------------
host c 50
charon c
# client_conn NAME REMOTE-ADDR LOCAL-ID: an IKEv2 PSK connection
client_conn() {
	cat <<EOF
	$1 {
		version = 2
		remote_addrs = $2
		local {
			auth = psk
			id = $3
		}
		remote {
			auth = psk
			id = vpn.example
		}
	}
EOF
}
{
	echo "connections {"
	for k in 1 2 3 4 5 6; do
		client_conn "ra$k" "$VIP" "c$k@ra.example"
		client_conn "l2l$k" 192.0.2.3 "p$k@l2l.example"
	done
	echo "}"
	echo "secrets { ike-all { secret = $PSK } }"
} > "$tmp/c.swanctl.conf"
load c "$tmp/c.swanctl.conf"

# where client $1's IKE_SA named $2 is established: the gateway address
sa_host() {
	sw "$1" --list-sas --ike "$2" --raw 2> /dev/null |
		grep -o 'state=ESTABLISHED.*' | grep -o 'remote-host=[0-9.]*' |
		head -1 | cut -d= -f2
}
# the expected placement: the same cluster in asacd --simulate
cat > "$tmp/sim.json" <<EOF
{"mode": "asa",
 "nodes": [
  {"name": "g1", "ip": "192.0.2.1", "priority": 10, "limits": {"anyconnect": 10, "other": 3}},
  {"name": "g2", "ip": "192.0.2.2", "priority": 6, "limits": {"anyconnect": 10, "other": 3}},
  {"name": "g3", "ip": "192.0.2.3", "priority": 5, "limits": {"anyconnect": 10, "other": 3}}],
 "events": [
  {"t": 0, "type": "start", "node": "g1"},
  {"t": 10, "type": "start", "node": "g2"},
  {"t": 10, "type": "start", "node": "g3"},
  {"t": 60, "type": "connect", "class": "anyconnect"},
  {"t": 70, "type": "connect", "class": "anyconnect"},
  {"t": 80, "type": "connect", "class": "anyconnect"},
  {"t": 90, "type": "connect", "class": "anyconnect"},
  {"t": 100, "type": "connect", "class": "anyconnect"},
  {"t": 110, "type": "connect", "class": "anyconnect"},
  {"t": 120, "type": "connect", "class": "anyconnect"},
  {"t": 130, "type": "connect", "class": "anyconnect"},
  {"t": 140, "type": "connect", "class": "anyconnect"}]}
EOF
sim=$("$ASACD" --simulate "$tmp/sim.json" |
	sed -n 's/.*"event":"redirect".*"target":"\([a-z0-9]*\)".*/\1/p' | tr '\n' ' ')
sim=${sim% }
want=$(echo "$sim" | cut -d' ' -f1-6)
want2=$(echo "$sim" | cut -d' ' -f7-9)
[ "$want" = "g2 g3 g1 g2 g3 g1" ] && [ "$want2" = "g2 g3 g1" ] &&
	pass "asacd --simulate places nine clients $sim" ||
	fail "simulation: $sim"
# place clients raK... of client charon CLIENT one after the other; where
# each ends up (g1-g3) is in $got
place() {	# CLIENT K...
	local cl=$1 k
	shift
	got=
	for k in "$@"; do
		place_one "$cl" "$k"
	done
	got=${got% }
}
place_one() {	# CLIENT K
	local cl=$1 k=$2 h
	sw "$cl" --initiate --ike "ra$k" --timeout 20 > "$tmp/init$k" 2>&1 ||
		{ fail "client ra$k connects"; show "$tmp/init$k"; }
	# redirected clients reconnect to their member; wait until settled
	# and a Hello has told the master (1 Hello interval, scaled)
	until_ok 100 eval '[ -n "$(sa_host $cl ra$k)" ] && [ "$(sa_host $cl ra$k)" != $VIP ]' ||
		until_ok 30 eval '[ "$(sa_host $cl ra$k)" = $VIP ]'
	sleep $(( 5 / SCALE + 1 ))
	h=$(sa_host "$cl" "ra$k")
	case $h in
	$VIP) got="${got}g1 " ;;
	192.0.2.[123]) got="${got}g${h##*.} " ;;
	*) got="${got}none " ;;
	esac
}
each_counts() {	# N: every gateway counts N AnyConnect sessions
	local i n
	for i in 1 2 3; do
		n=$(jget "g$i" sessions.anyconnect.active)
		[ "$n" = "$1" ] && pass "g$i counts $1 AnyConnect sessions" ||
			{ fail "g$i counts $n AnyConnect sessions, want $1"; sw "g$i" --list-sas; }
	done
}
redirects() {	# CLIENT: what its charon did with each redirect
	grep -E "redirect|IKE_SA_INIT|retransmit|giving up|failed" \
		"$tmp/$1.charon.log" > "$tmp/$1.redirects"
	show "$tmp/$1.redirects"
}

# --- at IKE_SA_INIT (the default) ---------------------------------------------
[ "$(jget g1 cluster.redirect)" = init ] &&
	ip netns exec "$id-g1" nft list table ip asacd > "$tmp/g1.nft" 2>&1 &&
	pass "g1 diverts the cluster IP's IKE_SA_INIT requests (nftables table asacd)" ||
	{ fail "g1 redirects at IKE_SA_INIT"; show "$tmp/g1.nft"; }
place c 1 2 3 4 5 6
[ "$got" = "$want" ] &&
	pass "six real clients end up where the algorithm says: $got" ||
	{ fail "clients placed: got '$got', want '$want'"
	  show "$tmp/g1.asacd.log"; redirects c; }
[ "$(jget g1 counters.init_redirects)" = 6 ] &&
	[ "$(jget g1 counters.auth_redirects)" = 0 ] &&
	pass "the master answered 6 IKE_SA_INIT requests with REDIRECT, none after IKE_AUTH" ||
	fail "redirects: $(jget g1 counters.init_redirects) at IKE_SA_INIT, $(jget g1 counters.auth_redirects) after IKE_AUTH"
grep -q "redirected IKE_SA_INIT from 192.0.2.50:500 to 192.0.2.1$" "$tmp/g1.asacd.log" &&
	pass "the master sends the clients it keeps to its own address" ||
	fail "no redirect to 192.0.2.1 in g1's log"
n=$(grep -c "redirected to 192.0.2.[123]" "$tmp/c.charon.log")
[ "$n" = 6 ] && ! grep -q "invalid REDIRECT" "$tmp/c.charon.log" &&
	pass "the client's charon accepted and followed 6 redirects (RFC 5685, nonce checked)" ||
	{ fail "client followed $n redirects"; redirects c; }
each_counts 2
sw g1 --list-sas --raw 2> /dev/null | grep -q "local-host=$VIP" &&
	fail "charon on g1 has an IKE_SA on the cluster IP" ||
	pass "no IKE_SA on the cluster IP: charon never saw those requests"

# --- after IKE_AUTH, switched by SIGHUP ------------------------------------------
sed -i 's/"key": "sessions-test"}/"key": "sessions-test", "redirect": "auth"}/' "$tmp/g1.json"
kill -HUP "${apid[g1]}"
until_ok 50 eval '[ "$(jget g1 cluster.redirect)" = auth ]' &&
	! ip netns exec "$id-g1" nft list table ip asacd > /dev/null 2>&1 &&
	[ "$(jget g1 cluster.role)" = master ] &&
	pass "SIGHUP: redirect after IKE_AUTH, the nftables table is gone, still master" ||
	{ fail "SIGHUP to redirect auth"; show "$tmp/g1.asacd.log"; }
# from another host: conntrack may still divert c's flow to the cluster
# IP for a while (divert.h)
host c2 51
charon c2
{
	echo "connections {"
	for k in 7 8 9; do
		client_conn "ra$k" "$VIP" "c$k@ra.example"
	done
	echo "}"
	echo "secrets { ike-all { secret = $PSK } }"
} > "$tmp/c2.swanctl.conf"
load c2 "$tmp/c2.swanctl.conf"
place c2 7 8 9
[ "$got" = "$want2" ] &&
	pass "three more clients end up where the algorithm says: $got" ||
	{ fail "clients placed: got '$got', want '$want2'"
	  show "$tmp/g1.asacd.log"; redirects c2; }
[ "$(jget g1 counters.auth_redirects)" = 2 ] &&
	pass "the master redirected 2 of them after IKE_AUTH (VICI redirect)" ||
	fail "redirects after IKE_AUTH: $(jget g1 counters.auth_redirects)"
grep -q "redirected to 192.0.2.2" "$tmp/c2.charon.log" &&
	grep -q "redirected to 192.0.2.3" "$tmp/c2.charon.log" &&
	pass "the client's charon followed them (RFC 5685)" ||
	{ fail "client log has no redirect"; redirects c2; }
each_counts 3
ctl g1 show load-balancing > "$tmp/lb.out"
grep -qE "^192\.0\.2\.2 +Backup +6 +0 +30 +0 +3$" "$tmp/lb.out" &&
	pass "show load-balancing on the master: g2 at 30% with 3 sessions" ||
	{ fail "show load-balancing"; show "$tmp/lb.out"; }

# --- an ended session is uncounted ----------------------------------------------
sw c --terminate --ike ra1 --timeout 10 > /dev/null 2>&1
until_ok 50 eval '[ "$(jget g2 sessions.anyconnect.active)" = 2 ]' &&
	pass "a client that leaves is uncounted (ike-updown down)" ||
	fail "g2 still counts $(jget g2 sessions.anyconnect.active)"

# --- a burst over max-other-vpn-limit -----------------------------------------
for k in 1 2 3 4 5 6; do
	sw c --initiate --ike "l2l$k" --timeout 20 > "$tmp/l2l$k" 2>&1 &
done
wait_l2l() { local k; for k in 1 2 3 4 5 6; do wait %"$k" 2> /dev/null; done; }
sleep 2
until_ok 100 eval '[ "$(jget g3 sessions.other.refused)" -ge 3 ]'
sleep 3
est=$(sw g3 --list-sas --raw 2> /dev/null | grep -c '^list-sa event {l2l {.*state=ESTABLISHED')
act=$(jget g3 sessions.other.active)
ref=$(jget g3 sessions.other.refused)
[ "$est" -le 3 ] && [ "$est" = "$act" ] &&
	pass "a burst of 6 LAN-to-LAN peers leaves $est established at g3 (limit 3), as counted" ||
	{ fail "burst: $est established, $act counted"; sw g3 --list-sas; }
[ "$act" = 3 ] && [ "$ref" = 3 ] &&
	pass "3 accepted, 3 refused and terminated" ||
	{ fail "burst: $act active, $ref refused"; show "$tmp/g3.asacd.log"; }
grep -q "refused other session .* the limit of 3 is reached" "$tmp/g3.asacd.log" &&
	pass "the refusals are logged with the limit" || fail "refusal log"

# --- a restarted asacd counts what is established -------------------------------
kill -TERM "${apid[g3]}"
wait "${apid[g3]}"
asacd_start g3
until_ok 50 eval '[ "$(jget g3 sessions.other.active)" = 3 ] && [ "$(jget g3 sessions.anyconnect.active)" = 3 ]' &&
	pass "a restarted asacd counts the 6 established sessions (list-sas)" ||
	{ fail "recount: $(jget g3 sessions.other.active) other, $(jget g3 sessions.anyconnect.active) anyconnect"; show "$tmp/g3.asacd.log"; }

for i in 1 2 3; do kill -TERM "${apid[g$i]}" 2> /dev/null; done
for i in 1 2 3; do wait "${apid[g$i]}" 2> /dev/null; done
if grep -lE "Sanitizer|runtime error" "$tmp"/*.asacd.log > "$tmp/san" 2>&1; then
	fail "sanitizers: $(tr '\n' ' ' < "$tmp/san")"
else
	pass "no sanitizer report in the asacd logs"
fi
if [ "$nfail" -gt 0 ]; then
	for f in "$tmp"/*.asacd.log; do echo "--- $f"; show "$f"; done
fi
[ "$nfail" = 0 ]
