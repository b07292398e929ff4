#!/usr/bin/env bash
# ra-clients.sh - remote access migrated from an ASA configuration and
# used by real clients.  testdata/ra/clients.cfg is compiled by asac
# (its masked keys, hashed passwords, RADIUS key and a gateway
# certificate of a test CA from a --secrets file the test writes) and
# loaded into a gateway's charon (kernel-libipsec, own namespace and
# /run) between client hosts and an inside host.  The clients are
# charons too, set up as the clients of an ASA connect:
#  - IKEv1 as the Cisco VPN client: Aggressive Mode, the group name as
#    KEY_ID, the group key, XAUTH, mode-config (strongswan.md §8).  Two
#    tunnel groups: each user gets an address of its group's pool, the
#    SALES client its group's split network (its child narrows to it)
#    and DNS server, and reaches the inside host; a wrong password gets
#    nothing;
#  - IKEv1 hybrid (tunnel group HYB): the gateway proves itself with the
#    test CA's certificate, the client with XAUTH alone; a wrong password
#    gets nothing;
#  - vpn-simultaneous-logins 1: alice logging in again from another host
#    replaces her first session; vpn-idle-timeout (1 minute, scaled to
#    6 s in the compiled file) ends an idle ENG session;
#  - IKEv2 EAP-MSCHAPv2 against a local user (the gateway authenticates
#    with the test CA's certificate), a wrong password refused; a client
#    with a certificate of the test CA in the same group;
#  - asacd beside the gateway with the compiled asacd.json: EAP-GP's
#    vpn-simultaneous-logins 2 logs off bob's oldest session when he logs
#    in a third time; erin, whose group-lock names SALES, is refused in
#    tunnel group EAP; HYB-GP's vpn-session-timeout ends a session;
#  - IKEv2 EAP through a real FreeRADIUS (Debian freeradius, own
#    namespace on the inside network): one user accepted, one refused,
#    the accounting Start record seen by the server.
# usage: tests/ra-clients.sh ASAC      (KEEP=1 leaves namespaces and logs)
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
. "$(dirname "$0")/ns.sh"
CFG=$(cd "$(dirname "$0")/../testdata/ra" && pwd)/clients.cfg

skip() { echo "SKIP: remote-access clients ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
charon_needed
[ -f /usr/lib/ipsec/plugins/libstrongswan-xauth-generic.so ] &&
[ -f /usr/lib/ipsec/plugins/libstrongswan-eap-mschapv2.so ] ||
	skip "xauth-generic/eap-mschapv2 (libcharon-extauth-plugins) not installed"
command -v openssl > /dev/null || skip "openssl not installed"
command -v ping > /dev/null || skip "ping (iputils-ping) not installed"
ns_init rac
show() { sed 's/^/    /' "$@" | tail -25; }

GW=203.0.113.1
# beside libipsec_conf's plugins: Unity, XAUTH and EAP
PLUGINS="unity xauth-generic eap-identity eap-mschapv2"

# --- the network: the gateway r (its inside host r-h), clients c1-c3 ---------
ns_bridge
ns_gateway r $GW/24 10.1.0.1/24 10.1.0.5/24
for n in 1 2 3; do
	ns_host "c$n" "02:00:00:00:03:0$n" "203.0.113.1$n/24"
done

# --- a test CA and the gateway's certificate (trustpoint GW-TP) ---------------
mkdir -p "$tmp/pki"
(
	cd "$tmp/pki" || exit 1
	openssl ecparam -name prime256v1 -genkey -noout -out ca.key &&
	openssl req -x509 -new -key ca.key -days 2 -subj "/CN=asac test CA" \
		-out ca.pem &&
	# RSA: IKEv1 hybrid mode signs with RSA only (HybridInitRSA)
	openssl genrsa -out gw.key 2048 &&
	openssl req -new -key gw.key -subj "/CN=vpn.example.com" -out gw.csr &&
	printf 'subjectAltName=DNS:vpn.example.com,IP:%s\nextendedKeyUsage=serverAuth\n' \
		"$GW" > ext &&
	openssl x509 -req -in gw.csr -CA ca.pem -CAkey ca.key \
		-CAcreateserial -days 2 -extfile ext -out gw.pem
) > "$tmp/pki.out" 2>&1 || { fail "a test CA and gateway certificate"; show "$tmp/pki.out"; exit 1; }

# --- the secrets show running-config does not print ---------------------------
cat > "$tmp/secrets.yaml" <<EOF
tunnel-groups:
  SALES: "sales-group-key-for-tests-2026"
  ENG: "eng-group-key-for-tests-2026"
  EAP: "eap-gateway-key-for-tests-2026"
users:
  alice: "alice-pw-1"
  bob: "bob-pw-2"
  erin: "erin-pw-3"
aaa-servers:
  RAD: "radius-test-secret"
trustpoints:
  GW-TP:
    certificate: pki/gw.pem
    key: pki/gw.key
    ca: [pki/ca.pem]
EOF

# compile CFG OUT: the gateway's swanctl directory, vpn-idle-timeout scaled
compile() {
	if ! "$ASAC" compile "$1" --target swanctl --secrets "$tmp/secrets.yaml" \
		-o "$2" > /dev/null 2> "$2.err"; then
		fail "compile $(basename "$1")"
		show "$2.err"
		return 1
	fi
	grep -q 'inactivity = 60s' "$2/swanctl.conf" || {
		fail "vpn-idle-timeout 1 compiles to inactivity = 60s"
		return 1
	}
	sed -i 's/inactivity = 60s/inactivity = 6s/' "$2/swanctl.conf"
}

# gateway DIR: (re)start the gateway's charon with the compiled DIR
gateway() {
	[ -n "${gw_pid:-}" ] && kill "$gw_pid" 2> /dev/null && wait "$gw_pid" 2> /dev/null
	rm -f "$tmp/r.vici"
	libipsec_conf "$tmp/r.conf" r "" "$1/strongswan.d/asac.conf" "$PLUGINS eap-radius"
	ns_spawn r "$tmp/r.out" "$(charon_cmd "$tmp/r.conf")"
	gw_pid=$!
	vici_up "$tmp/r.vici" || { fail "the gateway's charon starts"; show "$tmp/r.out"; return 1; }
	SWANCTL_DIR=$1 swanctl --load-all --noprompt --file "$1/swanctl.conf" \
		--uri "unix://$tmp/r.vici" > "$tmp/load.out" 2>&1
}

compile "$CFG" "$tmp/gw" || exit 1
if gateway "$tmp/gw"; then
	pass "the gateway loads the compiled remote-access connections, pools, users and certificate"
else
	fail "the gateway loads the compiled configuration"
	show "$tmp/load.out"
	exit 1
fi

# --- clients ---------------------------------------------------------------
# client N: start charon in cN with its own swanctl.conf ($tmp/cN.swanctl)
client() {
	# resolve: the DNS servers mode-config hands out go to a file
	libipsec_conf "$tmp/c$1.conf" "c$1" "cisco_unity = yes
	plugins {
		resolve {
			file = $tmp/c$1.resolv
		}
	}" "" "$PLUGINS resolve"
	ns_spawn "c$1" "$tmp/c$1.out" "$(charon_cmd "$tmp/c$1.conf")"
	vici_up "$tmp/c$1.vici"
}
# load N: the client's swanctl.conf from stdin
load() {
	cat > "$tmp/c$1.swanctl"
	swanctl --load-all --noprompt --file "$tmp/c$1.swanctl" \
		--uri "unix://$tmp/c$1.vici" > "$tmp/c$1.load" 2>&1
}
# ra_client N VERSION VIPS AUTH [SECRETS]: load client N's connection
# "ra" to the gateway: IKE VERSION (1 in Aggressive Mode, as the Cisco VPN
# client connects), virtual IPs VIPS, the authentication rounds AUTH and
# the secrets SECRETS (swanctl.conf text); all traffic in the child
ra_client() {
	local prop=aes256-sha256-modp2048 aggr=
	[ "$2" = 1 ] && prop=aes256-sha1-modp2048 aggr="aggressive = yes"
	load "$1" <<EOF
connections {
	ra {
		version = $2
		$aggr
		remote_addrs = $GW
		vips = $3
		proposals = $prop
$4
		children {
			ra {
				remote_ts = 0.0.0.0/0
				esp_proposals = $prop
			}
		}
	}
}
secrets {
${5:-}
}
EOF
}
# how IKEv2 and hybrid clients check the gateway: its certificate, of
# the test CA
GW_CERT="		remote {
			auth = pubkey
			id = vpn.example.com
			cacerts = $tmp/pki/ca.pem
		}"
# ikev1 N GROUP USER PASSWORD [VIPS]: a Cisco-VPN-client-style connection
ikev1() {
	ra_client "$1" 1 "${5:-0.0.0.0}" "		local-1 {
			auth = psk
			id = keyid:$2
		}
		local-2 {
			auth = xauth
			xauth_id = $3
		}
		remote-1 {
			auth = psk
			id = $GW
		}" "	ike-1 {
		id-1 = keyid:$2
		secret = \"$(key_of "$2")\"
	}
	xauth-1 {
		id = $3
		secret = \"$4\"
	}"
}
key_of() { awk -v g="  $1:" 'index($0, g) == 1 { sub(/^[^:]*: */, ""); gsub(/"/, ""); print }' "$tmp/secrets.yaml"; }
# ikev2 N USER PASSWORD: an EAP-MSCHAPv2 client checking the gateway's
# certificate against the test CA
ikev2() {
	ra_client "$1" 2 0.0.0.0 "		local {
			auth = eap-mschapv2
			id = $2
			eap_id = $2
		}
$GW_CERT" "	eap-1 {
		id = $2
		secret = \"$3\"
	}"
}
initiate() {	# N
	timeout 20 swanctl --initiate --child ra --uri "unix://$tmp/c$1.vici" \
		> "$tmp/c$1.init" 2>&1
}
terminate() {	# N
	timeout 10 swanctl --terminate --ike ra --uri "unix://$tmp/c$1.vici" \
		> /dev/null 2>&1
}
# vip N: the client's virtual IP, from its SA
vip() {
	swanctl --list-sas --uri "unix://$tmp/c$1.vici" 2> /dev/null |
		awk '/^    local / { sub(/\/32$/, "", $2); print $2; exit }'
}
remote_ts() {	# N: the client's remote selector
	swanctl --list-sas --uri "unix://$tmp/c$1.vici" 2> /dev/null |
		awk '/^    remote / { print $2; exit }'
}
in_pool() {	# ADDR PREFIX LO HI: ADDR is PREFIX.LO-PREFIX.HI
	local a=$1 p=$2
	[ "${a%.*}" = "$p" ] && [ "${a##*.}" -ge "$3" ] && [ "${a##*.}" -le "$4" ]
}
reaches() {	# N VIP: ping the inside host from the client's virtual IP
	in_ns "c$1" ping -c 2 -W 2 -I "$2" 10.1.0.5 > "$tmp/ping.out" 2>&1
}
gw_sas() {	# CONN: the gateway's established IKE_SAs of connection CONN
	swanctl --list-sas --uri "unix://$tmp/r.vici" 2> /dev/null |
		grep -c "^$1: #[0-9]*, ESTABLISHED"
}
gw_count() {	# CONN N: the gateway has N IKE_SAs of CONN
	[ "$(gw_sas "$1")" = "$2" ]
}
gw_remote() {	# CONN: the remote hosts of CONN's IKE_SAs at the gateway
	swanctl --list-sas --uri "unix://$tmp/r.vici" 2> /dev/null |
		awk -v c="$1" '$1 == c":" { s = 1; next } /^[^ ]/ { s = 0 }
			s && /remote .*\[/ { print }'
}

for n in 1 2 3; do
	client "$n" || { fail "client c$n's charon starts"; show "$tmp/c$n.out"; exit 1; }
done

# --- IKEv1: two tunnel groups -------------------------------------------------
ikev1 1 SALES alice alice-pw-1
if initiate 1; then
	pass "IKEv1 client alice (tunnel group SALES, XAUTH) connects"
	v=$(vip 1)
	if in_pool "$v" 10.50.0 10 20; then pass "alice gets $v from SALES-POOL"
	else fail "alice's address '$v' is not from SALES-POOL"; fi
	if [ "$(remote_ts 1)" = 10.1.0.0/24 ]; then
		pass "alice's child narrows to the split network 10.1.0.0/24 (Unity split include)"
	else
		fail "alice's remote selector is '$(remote_ts 1)', not 10.1.0.0/24"
		swanctl --list-sas --uri "unix://$tmp/c1.vici" | show
	fi
	if grep -q '^nameserver 10.1.0.53' "$tmp/c1.resolv" 2> /dev/null; then
		pass "alice's client installs the DNS server 10.1.0.53 of SALES-GP"
	else
		fail "alice's client installs the DNS server 10.1.0.53"
		show "$tmp/c1.resolv"
	fi
	if reaches 1 "$v"; then pass "alice reaches the inside host 10.1.0.5 through the tunnel"
	else fail "alice reaches the inside host"; show "$tmp/ping.out"; fi
else
	fail "IKEv1 client alice (tunnel group SALES, XAUTH) connects"
	show "$tmp/c1.init"
	show "$tmp/r.log"
fi

# --- vpn-filter: the nftables ruleset on the gateway, against asac trace ----
# SALES-GP's vpn-filter lets SALES clients reach 10.1.0.5 by ICMP and on
# TCP port 22 only; the compiled ruleset (kernel-libipsec: decrypted
# traffic on ipsec0, the group's clients told by their pool) must do
# what asac trace predicts for each packet
# TCP listeners on ports 22 and 80 of the inside host
ip netns exec "$id-r-h" python3 -c '
import socket, sys, threading
def serve(p):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("10.1.0.5", p)); s.listen(8)
    while True:
        c, _ = s.accept(); c.close()
for p in (22, 80):
    threading.Thread(target=serve, args=(p,), daemon=True).start()
threading.Event().wait()' > /dev/null 2>&1 &
listen_pid=$!
listening() { in_ns r-h ss -ltn | grep -q '10.1.0.5:80 '; }
# connects N SRC PORT: a TCP connection from the client's virtual IP
connects() {
	in_ns "c$1" python3 -c '
import socket, sys
s = socket.socket(); s.settimeout(3)
s.bind((sys.argv[1], 0)); s.connect(("10.1.0.5", int(sys.argv[2])))' "$2" "$3" 2> /dev/null
}
# predicts SRC PROTO ARGS...: allow or drop, as asac trace says for a
# packet of alice's tunnel (decrypted from c1)
predicts() {
	"$ASAC" trace --json "$CFG" input outside "$@" \
		--decrypted-from 203.0.113.11 2> /dev/null |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["action"])'
}
v=$(vip 1)
if [ -n "$v" ] &&
   "$ASAC" compile "$CFG" --target nft --ipsec-backend libipsec \
	--iface outside=out0,inside=in0 -o "$tmp/nft" > /dev/null 2> "$tmp/nft.err" &&
   in_ns r nft -f "$tmp/nft/asac.nft" 2>> "$tmp/nft.err"; then
	pass "the gateway loads the compiled nftables ruleset (vpn-filter of SALES by its pool)"
	until_ok 30 listening
	for probe in "tcp 22" "tcp 80" "icmp"; do
		set -- $probe
		if [ "$1" = icmp ]; then
			want=$(predicts icmp "$v" 8 0 10.1.0.5)
			if reaches 1 "$v"; then got=allow; else got=drop; fi
		else
			want=$(predicts tcp "$v" 40000 10.1.0.5 "$2")
			if connects 1 "$v" "$2"; then got=allow; else got=drop; fi
		fi
		if [ "$want" = "$got" ]; then
			pass "alice's $probe to 10.1.0.5: asac trace says $want, the gateway does it"
		else
			fail "alice's $probe to 10.1.0.5: asac trace says '$want', the gateway did $got"
		fi
	done
	why=$("$ASAC" trace --json "$CFG" input outside tcp "$v" 40000 10.1.0.5 80 \
		--decrypted-from 203.0.113.11 2> /dev/null |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["drop_reason"])')
	if [ "$why" = vpn-filter ]; then
		pass "trace: the vpn-filter of SALES is what drops TCP port 80"
	else
		fail "trace drops alice's TCP port 80 for '$why', not vpn-filter"
	fi
	in_ns r nft delete table inet asac
else
	fail "the gateway loads the compiled nftables ruleset"
	show "$tmp/nft.err"
fi
kill "$listen_pid" 2> /dev/null

ikev1 2 ENG bob bob-pw-2 "0.0.0.0, ::"
if initiate 2; then
	pass "IKEv1 client bob (tunnel group ENG) connects"
	v=$(vip 2)
	if in_pool "$v" 10.60.0 10 20; then pass "bob gets $v from ENG-POOL"
	else fail "bob's address '$v' is not from ENG-POOL"; fi
	v6=$(swanctl --list-sas --uri "unix://$tmp/c2.vici" 2> /dev/null |
		grep -o '2001:db8:60::[0-9a-f]*' | head -1)
	case $v6 in
	2001:db8:60::1[0-9a])
		pass "bob also gets $v6 from the IPv6 pool ENG6-POOL" ;;
	*)	fail "bob's IPv6 address '$v6' is not from ENG6-POOL"
		swanctl --list-sas --uri "unix://$tmp/c2.vici" | show ;;
	esac
	if [ "$(remote_ts 2)" = 0.0.0.0/0 ]; then pass "bob's child keeps all traffic (tunnelall)"
	else fail "bob's remote selector is '$(remote_ts 2)', not 0.0.0.0/0"; fi
	if reaches 2 "$v"; then pass "bob reaches the inside host"
	else fail "bob reaches the inside host"; show "$tmp/ping.out"; fi
	# vpn-idle-timeout: no traffic for 6 s (scaled from 1 minute)
	if until_ok 150 gw_count ra-ENG-ikev1 0; then
		pass "vpn-idle-timeout ends bob's idle session at the gateway"
	else
		fail "vpn-idle-timeout ends bob's idle session"
		swanctl --list-sas --uri "unix://$tmp/r.vici" | show
	fi
else
	fail "IKEv1 client bob (tunnel group ENG) connects"
	show "$tmp/c2.init"
fi

ikev1 3 SALES alice wrong-password
if initiate 3; then
	fail "a wrong XAUTH password is refused"
else
	if [ -z "$(vip 3)" ]; then pass "a wrong XAUTH password gets no address and no tunnel"
	else fail "a wrong XAUTH password got $(vip 3)"; fi
fi
terminate 3

# --- IKEv1 hybrid: the gateway's certificate, the client's XAUTH alone --------
hybrid() {	# N USER PASSWORD
	ra_client "$1" 1 0.0.0.0 "		local {
			auth = xauth
			id = keyid:HYB
			xauth_id = $2
		}
$GW_CERT" "	xauth-1 {
		id = $2
		secret = \"$3\"
	}"
}
hybrid 3 bob bob-pw-2
if initiate 3; then
	pass "IKEv1 hybrid client bob (tunnel group HYB): the gateway proven by its certificate, bob by XAUTH"
	v=$(vip 3)
	if in_pool "$v" 10.90.0 10 20; then pass "bob gets $v from HYB-POOL"
	else fail "bob's hybrid address '$v' is not from HYB-POOL"; fi
	if reaches 3 "$v"; then pass "bob reaches the inside host in hybrid mode"
	else fail "bob reaches the inside host in hybrid mode"; show "$tmp/ping.out"; fi
else
	fail "IKEv1 hybrid client bob (tunnel group HYB) connects"
	show "$tmp/c3.init"
fi
terminate 3
hybrid 3 bob wrong-password
if initiate 3; then fail "a hybrid client with a wrong XAUTH password is refused"
else pass "a hybrid client with a wrong XAUTH password is refused"; fi
terminate 3

# --- vpn-simultaneous-logins 1 --------------------------------------------------
ikev1 3 SALES alice alice-pw-1
if initiate 3 && until_ok 50 gw_count ra-SALES-ikev1 1 &&
   gw_remote ra-SALES-ikev1 | grep -q '203.0.113.13'; then
	pass "vpn-simultaneous-logins 1: alice's second login (c3) replaces her first (c1)"
else
	fail "vpn-simultaneous-logins 1: alice's second login replaces the first"
	swanctl --list-sas --uri "unix://$tmp/r.vici" | show
fi
terminate 1
terminate 3

# --- IKEv2 EAP-MSCHAPv2 against a local user -------------------------------------
ikev2 1 bob bob-pw-2
if initiate 1; then
	pass "IKEv2 EAP-MSCHAPv2 client bob (local user) connects, the gateway proven by the test CA's certificate"
	v=$(vip 1)
	if in_pool "$v" 10.70.0 10 20; then pass "bob gets $v from EAP-POOL"
	else fail "bob's IKEv2 address '$v' is not from EAP-POOL"; fi
	if reaches 1 "$v"; then pass "bob reaches the inside host over IKEv2"
	else fail "bob reaches the inside host over IKEv2"; show "$tmp/ping.out"; fi
else
	fail "IKEv2 EAP-MSCHAPv2 client bob connects"
	show "$tmp/c1.init"
fi
terminate 1
ikev2 3 bob not-his-password
if initiate 3; then fail "IKEv2 EAP with a wrong password is refused"
else pass "IKEv2 EAP with a wrong password is refused"; fi
terminate 3

# --- asacd beside the gateway: vpn-simultaneous-logins 2 and group-lock -------
# EAP-GP allows two logins per user: bob's third logs off his oldest;
# erin's group-lock names SALES, so her login to EAP is refused
ASACD=$(dirname "$ASAC")/asacd
ASACCTL=$(dirname "$ASAC")/asacctl
ajson=$tmp/asacd.json
if "$ASAC" compile "$CFG" --target asacd -o "$tmp/ad" > /dev/null 2> "$tmp/ad.err" &&
   sed -e "s|\"/run/charon.vici\"|\"$tmp/r.vici\"|" \
       -e "s|\"/run/asacd.sock\"|\"$tmp/r.asacd.sock\"|" "$tmp/ad/asacd.json" > "$ajson" &&
   [ -x "$ASACD" ]; then
	# not through in_ns (a function): $! must be asacd itself
	ip netns exec "$id-r" "$ASACD" -c "$ajson" --time-scale 5 >> "$tmp/asacd.log" 2>&1 &
	asacd_pid=$!
	pids+=($!)
	until_ok 100 grep -q "connected to charon" "$tmp/asacd.log" &&
		pass "asacd runs beside the gateway with the compiled asacd.json" ||
		{ fail "asacd runs beside the gateway"; show "$tmp/asacd.log"; }
	astat() {	# KEY: a counter of asacctl status --json
		in_ns r "$ASACCTL" -s "$tmp/r.asacd.sock" status --json 2> /dev/null |
			python3 -c 'import json, sys; print(json.load(sys.stdin)["counters"][sys.argv[1]])' "$1"
	}
	# the ASA logs off the session idle longest: c1 is the oldest but
	# sends traffic just before the third login, c2 stays idle
	for n in 1 2; do
		ikev2 "$n" bob bob-pw-2
		initiate "$n" || { fail "bob's IKEv2 login from c$n"; show "$tmp/c$n.init"; }
	done
	sleep 3
	reaches 1 "$(vip 1)" || { fail "bob's c1 reaches the inside host"; show "$tmp/ping.out"; }
	ikev2 3 bob bob-pw-2
	initiate 3 || { fail "bob's IKEv2 login from c3"; show "$tmp/c3.init"; }
	if until_ok 50 eval '[ "$(astat logins_logged_off)" = 1 ]' &&
	   until_ok 50 gw_count ra-EAP-ikev2 2 &&
	   ! gw_remote ra-EAP-ikev2 | grep -q '203.0.113.12\[' &&
	   gw_remote ra-EAP-ikev2 | grep -q '203.0.113.11\[' &&
	   grep -q "logged off session .* of user bob, idle [0-9]* s: vpn-simultaneous-logins 2" "$tmp/asacd.log"; then
		pass "vpn-simultaneous-logins 2: bob's third login logs off the session idle longest (c2, not the older but active c1); two stay"
	else
		fail "vpn-simultaneous-logins 2: bob's third login logs off his idlest (logged off: $(astat logins_logged_off), SAs: $(gw_sas ra-EAP-ikev2))"
		swanctl --list-sas --uri "unix://$tmp/r.vici" | show; show "$tmp/asacd.log"
	fi
	for n in 1 2 3; do terminate "$n"; done
	ikev2 1 erin erin-pw-3
	initiate 1 > /dev/null 2>&1
	if until_ok 50 eval '[ "$(astat group_lock_refused)" = 1 ]' &&
	   until_ok 50 gw_count ra-EAP-ikev2 0 &&
	   grep -q "refused session .* of user erin (ra-EAP-ikev2): its group-lock names another tunnel group" "$tmp/asacd.log"; then
		pass "group-lock: erin, locked to SALES, is refused in tunnel group EAP"
	else
		fail "group-lock: erin is refused in tunnel group EAP"
		swanctl --list-sas --uri "unix://$tmp/r.vici" | show; show "$tmp/asacd.log"
	fi
	terminate 1
	# HYB-GP's vpn-session-timeout 1: a minute, 12 s with asacd's
	# timers scaled by 5
	hybrid 3 bob bob-pw-2
	t0=$(date +%s)
	if initiate 3 && until_ok 300 gw_count ra-HYB-ikev1 0 &&
	   [ $(($(date +%s) - t0)) -ge 9 ] &&
	   [ "$(astat session_timeouts)" = 1 ] &&
	   grep -q "ended session .* of user bob: vpn-session-timeout" "$tmp/asacd.log"; then
		pass "vpn-session-timeout: asacd ends bob's hybrid session after its minute (scaled: $(($(date +%s) - t0)) s)"
	else
		fail "vpn-session-timeout: asacd ends bob's session (after $(($(date +%s) - t0)) s)"
		show "$tmp/asacd.log"
	fi
	terminate 3
	kill -TERM "$asacd_pid" 2> /dev/null
	wait "$asacd_pid" 2> /dev/null
	grep -qE "Sanitizer|runtime error" "$tmp/asacd.log" &&
		{ fail "asacd: a sanitizer report"; show "$tmp/asacd.log"; }
else
	fail "asacd.json for the gateway"; show "$tmp/ad.err"
fi

# --- IKEv2 with a client certificate, in the EAP group ---------------------------
# tunnel group EAP also accepts certificates: charon switches from its
# EAP connection to ra-EAP-ikev2-cert when the client authenticates so
(
	cd "$tmp/pki" || exit 1
	openssl genrsa -out dave.key 2048 &&
	openssl req -new -key dave.key -subj "/CN=dave" -out dave.csr &&
	printf 'subjectAltName=email:dave@example.com\n' > dext &&
	openssl x509 -req -in dave.csr -CA ca.pem -CAkey ca.key \
		-CAcreateserial -days 2 -extfile dext -out dave.pem &&
	mkdir -p "$tmp/x509" "$tmp/private" &&
	cp dave.pem "$tmp/x509/" && cp dave.key "$tmp/private/"
) > "$tmp/dave.out" 2>&1 || { fail "a client certificate of the test CA"; show "$tmp/dave.out"; }
ra_client 1 2 0.0.0.0 "		local {
			auth = pubkey
			certs = dave.pem
			id = dave@example.com
		}
$GW_CERT"
if initiate 1; then
	pass "IKEv2 client dave with a certificate of the test CA connects to tunnel group EAP"
	v=$(vip 1)
	if in_pool "$v" 10.70.0 10 20; then pass "dave gets $v from EAP-POOL"
	else fail "dave's address '$v' is not from EAP-POOL"; fi
	if [ "$(gw_sas ra-EAP-ikev2-cert)" = 1 ]; then
		pass "the gateway serves dave with ra-EAP-ikev2-cert"
	else
		fail "the gateway's connection for dave is not ra-EAP-ikev2-cert"
		swanctl --list-sas --uri "unix://$tmp/r.vici" | show
	fi
else
	fail "IKEv2 client dave with a certificate connects"
	show "$tmp/c1.init"
fi
terminate 1

# --- IKEv2 EAP with the gateway authenticating by pre-shared key ----------------
# ikev2 local-authentication pre-shared-key: the key (from --secrets) is
# a secret without identities, which the client must know to accept the
# gateway; a client with another key refuses it
psk_test() {
	sed 's/^ ikev2 local-authentication certificate GW-TP$/ ikev2 local-authentication pre-shared-key *****/' \
		"$CFG" > "$tmp/psk.cfg"
	compile "$tmp/psk.cfg" "$tmp/gwp" || return 1
	grep -q 'ikev2 local-authentication pre-shared-key' "$tmp/gwp/swanctl.conf" || {
		fail "the gateway's IKEv2 key compiles to local auth = psk"; return 1; }
	gateway "$tmp/gwp" || { fail "the gateway loads the IKEv2 key variant"; show "$tmp/load.out"; return 1; }
	# psk_client N KEY: bob by EAP-MSCHAPv2, the gateway by KEY
	psk_client() {
		ra_client "$1" 2 0.0.0.0 "		local {
			auth = eap-mschapv2
			id = bob
			eap_id = bob
		}
		remote {
			auth = psk
			id = $GW
		}" "	ike-1 {
		id-1 = $GW
		secret = \"$2\"
	}
	eap-1 {
		id = bob
		secret = \"bob-pw-2\"
	}"
	}
	psk_client 1 "$(key_of EAP)"
	if initiate 1; then
		v=$(vip 1)
		if in_pool "$v" 10.70.0 10 20 && reaches 1 "$v"; then
			pass "an IKEv2 EAP client accepts the gateway by its pre-shared key, gets $v from EAP-POOL and reaches the inside host"
		else
			fail "the IKEv2 key client gets EAP-POOL ('$v') and reaches the inside host"
			show "$tmp/ping.out"
		fi
	else
		fail "an IKEv2 EAP client accepts the gateway by its pre-shared key"
		show "$tmp/c1.init"
	fi
	terminate 1
	psk_client 2 "not-the-gateway-key-2026"
	if initiate 2; then fail "a client with another key refuses the gateway"
	else pass "a client with another key refuses the gateway (AUTH of the key it has fails)"; fi
	terminate 2
}
psk_test

# --- IKEv2 EAP through FreeRADIUS -------------------------------------------------
radius_test() {
	local raddb=$tmp/raddb
	cp -r /etc/freeradius/3.0 "$raddb" || return 1
	# run as root from the copy, EAP-MSCHAPv2 only (no TLS methods,
	# whose certificates a fresh install does not have)
	sed -i 's/^\(\s*\)\(user\|group\) = /\1#\2 = /' "$raddb/radiusd.conf"
	rm -f "$raddb/sites-enabled/inner-tunnel" "$raddb/mods-enabled/eap"
	cat > "$raddb/mods-enabled/eap" <<-'EOF'
	eap {
		default_eap_type = mschapv2
		timer_expire = 60
		ignore_unknown_eap_types = no
		max_sessions = 4096
		md5 {
		}
		mschapv2 {
		}
	}
	EOF
	printf 'client gw {\n\tipaddr = 10.1.0.1\n\tsecret = radius-test-secret\n}\n' \
		> "$raddb/clients.conf"
	# bob: authorized as the ASA asks (his name as the password);
	# alice is not known, so not authorized
	printf 'carol Cleartext-Password := "carol-radius-pw"\nbob Cleartext-Password := "bob"\n' \
		> "$raddb/mods-config/files/authorize"
	ip -n "$id-r-h" addr add 10.1.0.7/24 dev eth0
	ns_spawn r-h "$tmp/radius.out" "freeradius -X -d $raddb"
	until_ok 100 grep -q 'Ready to process requests' "$tmp/radius.out" || {
		fail "FreeRADIUS starts"; show "$tmp/radius.out"; return 1; }
	# the RADIUS tunnel group: EAP's group with aaa-server RAD; ENG
	# keeps its local users, accounts to RAD too and requires RAD to
	# authorize them (accounting and authorization apart from
	# authentication)
	sed -e '/^tunnel-group EAP general-attributes$/a\
 authentication-server-group RAD\
 accounting-server-group RAD' -e '/^tunnel-group ENG general-attributes$/a\
 accounting-server-group RAD\
 authorization-server-group RAD\
 authorization-required' "$CFG" > "$tmp/radius.cfg"
	compile "$tmp/radius.cfg" "$tmp/gwr" || return 1
	grep -q 'auth = eap-radius' "$tmp/gwr/swanctl.conf" || {
		fail "the RADIUS tunnel group compiles to eap-radius"; return 1; }
	gateway "$tmp/gwr" || { fail "the gateway loads the RADIUS variant"; show "$tmp/load.out"; return 1; }
	# asacd sends the accounting (under ASan, as the build given)
	if ! "$ASAC" compile "$tmp/radius.cfg" --target asacd --secrets "$tmp/secrets.yaml" \
		-o "$tmp/adr" > /dev/null 2> "$tmp/adr.err"; then
		fail "asacd.json of the RADIUS variant"; show "$tmp/adr.err"; return 1
	fi
	sed -e "s|\"/run/charon.vici\"|\"$tmp/r.vici\"|" \
	    -e "s|\"/run/asacd.sock\"|\"$tmp/r.asacd2.sock\"|" "$tmp/adr/asacd.json" > "$tmp/asacd-r.json"
	ip netns exec "$id-r" "$ASACD" -c "$tmp/asacd-r.json" -v >> "$tmp/asacd-r.log" 2>&1 &
	local apid=$!
	pids+=($!)
	until_ok 100 grep -q "connected to charon" "$tmp/asacd-r.log" || {
		fail "asacd with RADIUS accounting starts"; show "$tmp/asacd-r.log"; return 1; }
	# acct_seen KIND USER [ADDR]: FreeRADIUS logged an Accounting-Request
	# KIND of USER (with Framed-IP-Address ADDR)
	acct_seen() {
		python3 - "$tmp/radius.out" "$@" <<-'PY'
		import re, sys
		log, kind, user = sys.argv[1:4]
		addr = sys.argv[4] if len(sys.argv) > 4 else None
		text = open(log, errors="replace").read()
		for m in re.finditer(r"Received Accounting-Request.*?(?=\n\(\d+\) (?:Sent|Received)|\Z)", text, re.S):
		    b = m.group(0)
		    if ("Acct-Status-Type = " + ("Stop" if kind == "Octets" else kind)) in b and ('User-Name = "%s"' % user) in b \
		       and (addr is None or ("Framed-IP-Address = " + addr) in b) \
		       and "NAS-Identifier = \"ra-gw\"" in b and "Acct-Session-Id" in b \
		       and (kind != "Stop" or "Acct-Session-Time" in b) \
		       and (kind != "Octets" or "Acct-Session-Time" in b and
		            int((re.search(r"Acct-Input-Octets = (\d+)", b) or [0, "0"])[1]) > 0 and
		            int((re.search(r"Acct-Output-Octets = (\d+)", b) or [0, "0"])[1]) > 0):
		        sys.exit(0)
		sys.exit(1)
		PY
	}
	ikev2 1 carol carol-radius-pw
	if initiate 1; then
		pass "IKEv2 EAP client carol is accepted by FreeRADIUS"
		v=$(vip 1)
		if reaches 1 "$v"; then pass "carol reaches the inside host"
		else fail "carol reaches the inside host"; show "$tmp/ping.out"; fi
		if until_ok 50 acct_seen Start carol "$v"; then
			pass "asacd sends FreeRADIUS the accounting Start of carol's session (her address $v)"
		else
			fail "FreeRADIUS receives an accounting Start of carol from asacd"
			show "$tmp/asacd-r.log"
		fi
	else
		fail "IKEv2 EAP client carol is accepted by FreeRADIUS"
		show "$tmp/c1.init"
		show "$tmp/radius.out"
	fi
	terminate 1
	if until_ok 50 acct_seen Stop carol; then
		pass "her logout: the accounting Stop, with the session time"
	else
		fail "FreeRADIUS receives the accounting Stop of carol"
		show "$tmp/asacd-r.log"
	fi
	# ENG: XAUTH against the local users, accounting to RAD
	ikev1 2 ENG bob bob-pw-2
	if initiate 2 && v=$(vip 2) && until_ok 50 acct_seen Start bob "$v"; then
		pass "ENG authenticates bob locally and accounts his session to aaa-server RAD"
		reaches 2 "$v" || { fail "bob reaches the inside host"; show "$tmp/ping.out"; }
	else
		fail "a locally authenticated ENG session is accounted to RAD (address '$v')"
		show "$tmp/asacd-r.log"
		grep -A14 "Received Accounting-Request" "$tmp/radius.out" | tail -32 | show
	fi
	terminate 2
	if until_ok 50 acct_seen Octets bob; then
		pass "bob's accounting Stop, with the octets of his pings (IKEv1: each CHILD_SA reports its own)"
	else
		fail "bob's accounting Stop"
	fi
	if grep -q "session .* of user bob authorized by 10.1.0.7 (aaa-server RAD)" "$tmp/asacd-r.log"; then
		pass "authorization-required: RAD authorizes bob (an Access-Request with his name as the password)"
	else
		fail "RAD authorizes bob"; show "$tmp/asacd-r.log"
	fi
	# alice is a local user RAD does not know: authorization-required
	# ends her session, and it is not accounted
	ikev1 3 ENG alice alice-pw-1
	initiate 3
	if until_ok 100 grep -q "refused session .* of user alice: aaa-server RAD rejected its authorization (authorization-required)" "$tmp/asacd-r.log" &&
	   until_ok 100 gw_count ra-ENG-ikev1 0 && ! acct_seen Start alice; then
		pass "authorization-required: RAD rejects alice, asacd ends her session, no accounting"
	else
		fail "authorization-required: alice, unknown to RAD, is refused"
		show "$tmp/asacd-r.log"
	fi
	terminate 3
	if grep -q "no server of aaa-server" "$tmp/asacd-r.log"; then
		fail "asacd: every accounting request is answered"; show "$tmp/asacd-r.log"
	fi
	kill "$apid" 2> /dev/null
	wait "$apid" 2> /dev/null
	grep -qE "Sanitizer|runtime error" "$tmp/asacd-r.log" &&
		{ fail "asacd (accounting): a sanitizer report"; show "$tmp/asacd-r.log"; }
	ikev2 3 carol wrong-radius-pw
	if initiate 3; then fail "FreeRADIUS refuses a wrong password"
	elif grep -q 'Access-Reject' "$tmp/radius.out"; then
		pass "FreeRADIUS refuses carol with a wrong password (Access-Reject), no session"
	else
		fail "FreeRADIUS refuses a wrong password"
		show "$tmp/radius.out"
	fi
	ikev2 2 mallory any-password
	if initiate 2; then fail "an unknown RADIUS user is refused"
	else pass "an unknown RADIUS user is refused"; fi
}
if command -v freeradius > /dev/null && [ -d /etc/freeradius/3.0 ]; then
	radius_test
else
	echo "SKIP: IKEv2 EAP through RADIUS (freeradius not installed)"
fi

[ "$nfail" = 0 ]
