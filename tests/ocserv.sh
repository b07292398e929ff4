#!/usr/bin/env bash
# ocserv.sh - AnyConnect migrated to ocserv, proven with real clients.
# testdata/ocserv/anyconnect.cfg is compiled with `asac compile --target
# ocserv` (its goldens first), ocserv checks the result (ocserv -t) and
# serves it in a namespace, and openconnect (--protocol=anyconnect)
# clients in other namespaces connect through a bridge:
#  - alice chooses the alias Sales: SALES-POOL's address, SALES-GP's DNS
#    and split network (a route to the inside network only),
#    DfltGrpPolicy's default domain and banner, and reaches the inside
#    host; choosing Engineering she gets
#    ENG-POOL, ENG-GP's DNS and all traffic;
#  - a wrong password and a group alias that is not in the list get no
#    session; bob, whose group-lock is ENG, cannot choose Sales;
#  - vpn-simultaneous-logins 1 (SALES): a second login of alice is
#    refused while the first is up (ocserv's max-same-clients);
#  - asacd counts the sessions through ocserv's connect and disconnect
#    scripts and refuses one over its AnyConnect limit (ocserv ends it);
#    until asacd runs, the script admits every session.
# The clients' script (not vpnc-script, which would rewrite the host's
# resolv.conf) records what the server sent and sets the tunnel up.
#   REGEN=1  rewrite the goldens.
# usage: tests/ocserv.sh ASAC      (KEEP=1 leaves namespaces and logs)
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/ns.sh"
. "$root/tests/golden.sh"
REGEN=${REGEN:-}
CFG=$root/testdata/ocserv/anyconnect.cfg
nfail=0

skip() { echo "SKIP: AnyConnect through ocserv ($*)"; exit 0; }
command -v openssl > /dev/null || skip "openssl not installed"

# --- the compiled configuration, against its goldens ---------------------------
work=$(mktemp -d /tmp/asac-ocg.XXXXXX)
tmp=$work	# golden()'s diffs
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pki"
(
	cd "$work/pki" || exit 1
	openssl ecparam -name prime256v1 -genkey -noout -out ca.key &&
	openssl req -x509 -new -key ca.key -days 2 -subj "/CN=asac test CA" \
		-out ca.pem &&
	openssl ecparam -name prime256v1 -genkey -noout -out gw.key &&
	openssl req -new -key gw.key -subj "/CN=vpn.example.com" -out gw.csr &&
	printf 'subjectAltName=DNS:vpn.example.com,IP:198.51.100.1\nextendedKeyUsage=serverAuth\n' > ext &&
	openssl x509 -req -in gw.csr -CA ca.pem -CAkey ca.key \
		-CAcreateserial -days 2 -extfile ext -out gw.pem &&
	# client certificates: alice's from the test CA, and one from
	# a CA the gateway does not know
	printf 'extendedKeyUsage=clientAuth\n' > cext &&
	openssl ecparam -name prime256v1 -genkey -noout -out alice.key &&
	openssl req -new -key alice.key -subj "/CN=alice" -out alice.csr &&
	openssl x509 -req -in alice.csr -CA ca.pem -CAkey ca.key \
		-CAcreateserial -days 2 -extfile cext -out alice.pem &&
	openssl ecparam -name prime256v1 -genkey -noout -out rogue.key &&
	openssl req -x509 -new -key rogue.key -days 2 -subj "/CN=alice" \
		-out rogue.pem
) > "$work/pki.out" 2>&1 || { fail "a test CA and server certificate"; show "$work/pki.out"; exit 1; }
cat > "$work/secrets.yaml" <<EOF
users:
  alice: "alice-ssl-pw-1"
  bob: "bob-ssl-pw-2"
trustpoints:
  SSL-TP:
    certificate: pki/gw.pem
    key: pki/gw.key
    ca: [pki/ca.pem]
EOF
chmod 600 "$work/secrets.yaml"
out=$work/out
(cd "$work" && "$ASAC" compile --color never "$CFG" --target ocserv \
	--secrets secrets.yaml -o out > /dev/null 2> diag; echo "exit $?" >> diag)
sed -i "s|$root/||" "$work/diag"
golden "compile --target ocserv anyconnect.cfg: diagnostics" \
	"$root/testdata/ocserv/anyconnect.compile.diag" "$work/diag"
[ -f "$out/ocserv.conf" ] || { fail "ocserv.conf is written"; exit 1; }
sed "s|$root/||" "$out/ocserv.conf" > "$work/ocserv.conf.g"
golden "ocserv.conf" "$root/testdata/ocserv/anyconnect.ocserv.conf" "$work/ocserv.conf.g"
for g in SALES ENG; do
	sed "s|$root/||" "$out/groups/$g" > "$work/$g.g"
	golden "groups/$g" "$root/testdata/ocserv/anyconnect.group-$g" "$work/$g.g"
done
# the password file: each user in the groups it may choose, hashed
if awk -F: '$1 == "alice" && $2 == "SALES,ENG" && $3 ~ /^\$6\$/ { a = 1 }
	    $1 == "bob" && $2 == "ENG" && $3 ~ /^\$6\$/ { b = 1 }
	    $1 == "carol" { c = 1 }
	    END { exit !(a && b && !c) }' "$out/ocpasswd" &&
   [ "$(stat -c %a "$out/ocpasswd")" = 600 ] &&
   [ "$(stat -c %a "$out/server-key.pem")" = 600 ] &&
   ! grep -q "alice-ssl-pw-1\|bob-ssl-pw-2" "$out/ocpasswd" "$out/ocserv.conf"; then
	pass "ocpasswd: alice in SALES and ENG, bob (group-lock ENG) in ENG only, carol (IKEv1 only) not at all, SHA-512 crypt, 0600; the key 0600"
else
	fail "ocpasswd and the key file"; show "$out/ocpasswd"
fi
# a group no AnyConnect client reaches (no alias in the list, as on the
# ASA) is left out without a warning; with none left, nothing is written
sed '/group-alias Sales enable/d' "$CFG" > "$work/noalias.cfg"
"$ASAC" compile --color never "$work/noalias.cfg" --target ocserv \
	--secrets "$work/secrets.yaml" -o "$work/na" > /dev/null 2> "$work/na.err"
if grep -q "^# tunnel group SALES: no enabled group-alias in a tunnel-group-list; AnyConnect clients do not reach it$" "$work/na/ocserv.conf" &&
   ! grep -q "select-group = SALES" "$work/na/ocserv.conf" && [ ! -e "$work/na/groups/SALES" ] &&
   ! grep -q "SALES" "$work/na.err"; then
	pass "a tunnel group without an alias in the list is left out, said in ocserv.conf, without a warning"
else
	fail "a tunnel group without an alias is left out quietly"; show "$work/na.err"
fi
sed '/group-alias \(Sales\|Engineering\) enable/d' "$CFG" > "$work/none.cfg"
"$ASAC" compile --color never "$work/none.cfg" --target ocserv \
	--secrets "$work/secrets.yaml" -o "$work/none" > /dev/null 2> "$work/none.err"
if grep -q "warning: AnyConnect is enabled, but no tunnel group compiles for its clients .*no ocserv configuration is written \[unsupported-feature\]" "$work/none.err" &&
   [ ! -e "$work/none" ]; then
	pass "AnyConnect with no tunnel group for its clients: a warning, and nothing written"
else
	fail "AnyConnect with no tunnel group: a warning and nothing written"; show "$work/none.err"
fi

# asac's nftables ruleset beside it: AnyConnect's ports, the clients'
# devices (vpns*), ENG's vpn-filter by its network
"$ASAC" compile --color never "$CFG" --target nft --iface outside=out0 \
	--iface inside=in0 -o "$work/nft" > /dev/null 2> "$work/nft.err"
sed "s|$root/||" "$work/nft/asac.nft" > "$work/nft.g" 2> /dev/null
golden "compile --target nft anyconnect.cfg" "$root/testdata/ocserv/anyconnect.nft" "$work/nft.g"
# the same input gives the same files
(cd "$work" && "$ASAC" compile --color never "$CFG" --target ocserv \
	--secrets secrets.yaml -o out2 > /dev/null 2>&1)
if diff -r "$out" "$work/out2" > /dev/null; then
	pass "compile --target ocserv is deterministic"
else
	fail "compile --target ocserv is deterministic"
fi

# --- the bundle ------------------------------------------------------------------
B=$work/bundle
if (cd "$work" && "$ASAC" bundle "$CFG" --iface outside=out0,inside=in0 \
	--secrets secrets.yaml -o bundle > /dev/null 2> bundle.err); then
	m() { stat -c %a "$B/$1" 2> /dev/null; }
	if cmp -s "$B/etc/ocserv/ocserv.conf" "$out/ocserv.conf" &&
	   cmp -s "$B/etc/ocserv/groups/ENG" "$out/groups/ENG" &&
	   cmp -s "$B/etc/ocserv/server-cert.pem" "$work/pki/gw.pem" &&
	   [ "$(m etc/ocserv/ocpasswd)" = 600 ] && [ "$(m etc/ocserv/server-key.pem)" = 600 ] &&
	   [ "$(m etc/ocserv/asac-session)" = 755 ] &&
	   grep -qx ocserv "$B/packages" &&
	   grep -q "^After=.*asacd.service" "$B/etc/systemd/system/ocserv.service.d/asac.conf" &&
	   grep -q "ocserv: AnyConnect (SSL/DTLS) clients of 2 tunnel groups" "$B/README" &&
	   cmp -s "$B/etc/nftables.d/asac.nft" "$work/nft/asac.nft" &&
	   ! grep -q "vpn-filter" "$work/bundle.err"; then
		pass "asac bundle carries ocserv: its files (password file and key 0600), the package, a drop-in ordering Debian's ocserv.service after asacd, the README, the ruleset that enforces vpn-filter (not reported as lost)"
	else
		fail "asac bundle carries ocserv"; show "$work/bundle.err"; ls -lR "$B/etc/ocserv" | show
	fi
else
	fail "asac bundle of the AnyConnect gateway"; show "$work/bundle.err"
fi

# strongSwan's and ocserv's back ends both need alice's password: without
# it the bundle says so once
(cd "$work" && "$ASAC" bundle "$CFG" --iface outside=out0,inside=in0 \
	-o nobundle > /dev/null 2> nobundle.err)
if [ "$(grep -c "error: user 'alice': the configuration holds only a hash" "$work/nobundle.err")" = 1 ] &&
   [ ! -e "$work/nobundle" ]; then
	pass "a bundle without the passwords: each missing one is reported once, nothing written"
else
	fail "a missing password is reported once by the bundle"; show "$work/nobundle.err"
fi

# --- ocserv and openconnect in namespaces -----------------------------------------
[ "$(id -u)" = 0 ] || { echo "SKIP: ocserv and openconnect clients (needs root)"; [ "$nfail" = 0 ]; exit; }
command -v ocserv > /dev/null && command -v openconnect > /dev/null ||
	{ echo "SKIP: ocserv and openconnect clients (ocserv/openconnect not installed)"; [ "$nfail" = 0 ]; exit; }
[ -c /dev/net/tun ] || { echo "SKIP: ocserv and openconnect clients (no /dev/net/tun)"; [ "$nfail" = 0 ]; exit; }
trap - EXIT
ns_init ocs
cp -r "$out" "$tmp/etc"
cp -r "$work/nft" "$tmp/nft"
[ -d "$B" ] && cp -a "$B" "$tmp/bundle"
cp -r "$work/pki" "$tmp/pki"
rm -rf "$work"
etc=$tmp/etc
# the files where the test keeps them; no seccomp sandbox for the
# workers in a namespace (ocserv.md)
sed -i -e "s|/etc/ocserv/|$etc/|g" -e '$a isolate-workers = false' "$etc/ocserv.conf"
# the session script asks the asacd of the test (started at the end:
# until then it is not running, and sessions are admitted)
ASACD=$(dirname "$ASAC")/asacd
ASACCTL=$(dirname "$ASAC")/asacctl
sed -i -e "s|^ASACCTL=.*|ASACCTL=$ASACCTL|" -e "s|^SOCKET=.*|SOCKET=$tmp/asacd.sock|" \
	"$etc/asac-session"
if ocserv -t -c "$etc/ocserv.conf" > "$tmp/t.out" 2>&1; then
	pass "ocserv -t accepts the compiled ocserv.conf"
else
	fail "ocserv -t accepts the compiled ocserv.conf"; show "$tmp/t.out"
fi

ns_bridge
ns_gateway g 198.51.100.1/24 10.1.1.1/24 10.1.1.2/24
for n in 1 2; do ns_host "c$n" "02:00:00:00:05:0$n" "198.51.100.5$n/24"; done
# the gateway's firewall: asac's ruleset (AnyConnect's ports, the
# clients' devices, ENG's vpn-filter), policy drop; an inside server
if in_ns g nft -f "$tmp/nft/asac.nft" 2> "$tmp/nft.err"; then
	pass "the gateway runs asac's nftables ruleset (forward and input policy drop)"
else
	fail "the nftables ruleset loads in the gateway"; show "$tmp/nft.err"
fi
ns_spawn g-h "$tmp/http.log" "python3 -m http.server --bind 10.1.1.2 8080"
ns_spawn g "$tmp/ocserv.log" "ocserv -f -d 1 -c $etc/ocserv.conf"
ocpid=${pids[-1]}
until_ok 100 grep -q "listening (TCP) on" "$tmp/ocserv.log" ||
	{ fail "ocserv starts"; show "$tmp/ocserv.log"; exit 1; }
pass "ocserv serves the compiled configuration"
pin=$(openssl x509 -in "$etc/server-cert.pem" -pubkey -noout |
	openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)

# the clients' script: what the server sent, then the tunnel
cat > "$tmp/script.sh" <<'EOF'
#!/bin/sh
env | grep -E '^(INTERNAL_IP[46]_|CISCO_)' | sort > "$LOGDIR/$reason.env.new"
mv "$LOGDIR/$reason.env.new" "$LOGDIR/$reason.env"
[ "$reason" = connect ] || exit 0
ip link set "$TUNDEV" up
ip addr add "$INTERNAL_IP4_ADDRESS/32" dev "$TUNDEV"
n=${CISCO_SPLIT_INC:-0}
if [ "$n" = 0 ]; then
	ip route add default dev "$TUNDEV"
else
	i=0
	while [ "$i" -lt "$n" ]; do
		eval a=\$CISCO_SPLIT_INC_${i}_ADDR m=\$CISCO_SPLIT_INC_${i}_MASKLEN
		ip route add "$a/$m" dev "$TUNDEV"
		i=$((i + 1))
	done
fi
EOF
chmod 755 "$tmp/script.sh"

# connect N USER GROUP PASSWORD: openconnect in cN, in the background;
# true when it is connected
connect() {
	mkdir -p "$tmp/c$1"
	rm -f "$tmp/c$1"/*.env
	echo "$4" | ip netns exec "$id-c$1" env LOGDIR="$tmp/c$1" \
		openconnect --protocol=anyconnect --user="$2" --authgroup="$3" \
		--passwd-on-stdin --non-inter --servercert "pin-sha256:$pin" \
		--script="$tmp/script.sh" --background \
		--pid-file="$tmp/c$1/pid" 198.51.100.1 > "$tmp/c$1/out" 2>&1 &&
	until_ok 100 test -f "$tmp/c$1/connect.env"
}
disconnect() {	# N
	[ -f "$tmp/c$1/pid" ] && kill "$(cat "$tmp/c$1/pid")" 2> /dev/null
	until_ok 50 test ! -e "/proc/$(cat "$tmp/c$1/pid" 2> /dev/null || echo 0)/status"
	rm -f "$tmp/c$1/pid"
}
envof() {	# N VAR
	sed -n "s/^$2=//p" "$tmp/c$1/connect.env"
}
reaches() {	# N
	in_ns "c$1" ping -c 2 -W 2 10.1.1.2 > "$tmp/ping.out" 2>&1
}
tcp_reaches() {	# N: a TCP connection to the inside server
	in_ns "c$1" timeout 3 bash -c 'exec 3<> /dev/tcp/10.1.1.2/8080' 2> /dev/null
}
# trace_action SRC icmp|tcp: what asac trace says of an AnyConnect
# client's packet from SRC to the inside server (allow or drop)
trace_action() {
	local a
	case $2 in
	icmp) a="icmp $1 8 0 10.1.1.2" ;;
	*) a="tcp $1 40000 10.1.1.2 8080" ;;
	esac
	# shellcheck disable=SC2086
	"$ASAC" trace --json "$CFG" input outside $a --decrypted-from anyconnect 2> /dev/null |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["action"])'
}

if connect 1 alice Sales alice-ssl-pw-1; then
	a=$(envof 1 INTERNAL_IP4_ADDRESS)
	if [ "${a%.*}" = 10.9.1 ] && [ "$(envof 1 INTERNAL_IP4_DNS)" = 10.1.1.53 ] &&
	   [ "$(envof 1 CISCO_DEF_DOMAIN)" = example.com ] &&
	   [ "$(envof 1 CISCO_BANNER)" = "Authorised use only" ] &&
	   [ "$(envof 1 CISCO_SPLIT_INC)" = 1 ] &&
	   [ "$(envof 1 CISCO_SPLIT_INC_0_ADDR)" = 10.1.1.0 ] &&
	   [ "$(envof 1 CISCO_SPLIT_INC_0_MASKLEN)" = 24 ]; then
		pass "alice in Sales: $a from SALES-POOL, DNS 10.1.1.53, DfltGrpPolicy's domain and banner, split network 10.1.1.0/24 only"
		case $(envof 1 INTERNAL_IP6_ADDRESS) in
		2001:db8:9:1:*) pass "and an IPv6 address of SALES-V6's network: $(envof 1 INTERNAL_IP6_ADDRESS)" ;;
		*) fail "alice in Sales gets an IPv6 address of SALES-V6"; show "$tmp/c1/connect.env" ;;
		esac
		grep -qE "with SSL connected and DTLS (connected|established)|Established DTLS connection" "$tmp/c1/out" &&
			pass "Sales (DTLS by default) has DTLS connected" ||
			{ fail "Sales has DTLS"; show "$tmp/c1/out"; }
	else
		fail "alice in Sales gets SALES-GP's attributes"; show "$tmp/c1/connect.env"
	fi
	if reaches 1 && tcp_reaches 1; then
		pass "alice reaches the inside host through the tunnel (ICMP and TCP; permit-vpn lets the clients' devices through)"
	else fail "alice reaches the inside host"; show "$tmp/ping.out"; fi
	if [ "$(trace_action "$a" icmp) $(trace_action "$a" tcp)" = "allow allow" ]; then
		pass "asac trace --decrypted-from anyconnect of her packets from $a says what the gateway did: allow, allow"
	else
		fail "asac trace of alice's packets in Sales: $(trace_action "$a" icmp) $(trace_action "$a" tcp)"
	fi
	# vpn-simultaneous-logins 1: a second session of alice in SALES
	if connect 2 alice Sales alice-ssl-pw-1; then
		fail "vpn-simultaneous-logins 1: a second login of alice is refused"
		disconnect 2
	elif grep -q "401 Cookie is not acceptable" "$tmp/c2/out"; then
		pass "vpn-simultaneous-logins 1: a second login of alice to Sales is refused while the first is up (max-same-clients)"
	else
		fail "vpn-simultaneous-logins 1: the second login fails for another reason"
		show "$tmp/c2/out"
	fi
	disconnect 1
else
	fail "alice connects to Sales"; show "$tmp/c1/out"; show "$tmp/ocserv.log"
fi

if connect 1 alice Engineering alice-ssl-pw-1; then
	a=$(envof 1 INTERNAL_IP4_ADDRESS)
	if [ "${a%.*}" = 10.9.2 ] && [ "$(envof 1 INTERNAL_IP4_DNS)" = 10.1.1.54 ] &&
	   [ "$(envof 1 CISCO_SPLIT_INC)" = "" ]; then
		pass "alice in Engineering: $a from ENG-POOL's network (not only its range, as compile warns), DNS 10.1.1.54, all traffic"
	else
		fail "alice in Engineering gets ENG-GP's attributes"; show "$tmp/c1/connect.env"
	fi
	# ENG-GP's webvpn: anyconnect ssl dtls none, anyconnect mtu 1300
	if [ "$(envof 1 INTERNAL_IP4_MTU)" = 1300 ] &&
	   grep -q "with SSL connected and DTLS disabled" "$tmp/c1/out"; then
		pass "ENG-GP's anyconnect mtu 1300 and ssl dtls none: alice's tunnel has MTU 1300 and no DTLS"
	else
		fail "ENG-GP's MTU and DTLS"; show "$tmp/c1/connect.env" "$tmp/c1/out"
	fi
	reaches 1 && pass "alice reaches the inside host with all her traffic tunnelled" ||
		{ fail "alice reaches the inside host (Engineering)"; show "$tmp/ping.out"; }
	if tcp_reaches 1; then
		fail "ENG's vpn-filter (ICMP only) stops alice's TCP in Engineering"
	else
		pass "ENG's vpn-filter lets ICMP through and stops TCP to the inside server (the filter's implicit deny)"
	fi
	# (the trace takes an address of ENG-POOL's range, which the ASA
	# would have given; ocserv gave one of the network, as warned)
	if [ "$(trace_action 10.9.2.15 icmp) $(trace_action 10.9.2.15 tcp)" = "allow drop" ]; then
		pass "asac trace --decrypted-from anyconnect of an ENG client says what the gateway did: ICMP allow, TCP drop (vpn-filter)"
	else
		fail "asac trace of an ENG client: $(trace_action 10.9.2.15 icmp) $(trace_action 10.9.2.15 tcp)"
	fi
	disconnect 1
else
	fail "alice connects to Engineering"; show "$tmp/c1/out"
fi

if connect 1 alice Sales not-her-password; then
	fail "a wrong password is refused"; disconnect 1
else
	pass "a wrong password gets no session"
fi
if connect 1 bob Sales bob-ssl-pw-2; then
	fail "bob (group-lock ENG) cannot choose Sales"; disconnect 1
elif grep -q "user 'bob' requested group 'SALES' but is not a member" "$tmp/ocserv.log"; then
	pass "bob, whose group-lock is ENG, cannot choose Sales"
else
	fail "bob is refused Sales for another reason"; show "$tmp/c1/out"
fi
if connect 1 bob Engineering bob-ssl-pw-2; then
	pass "bob connects to Engineering, his group"
	disconnect 1
else
	fail "bob connects to Engineering"; show "$tmp/c1/out"
fi
if connect 1 alice Marketing alice-ssl-pw-1; then
	fail "a group that is not in the list is refused"; disconnect 1
else
	pass "a group alias that is not in the list gets no session"
fi

if grep -q "asac-session: asacctl: cannot reach asacd .* (admitted)" "$tmp/ocserv.log"; then
	pass "without asacd the session script admits the sessions, and ocserv's log says why"
else
	fail "the session script admits sessions when asacd is not running"
fi

# --- asacd counts AnyConnect sessions (ocserv's connect-script) -------------------
# one AnyConnect session allowed: alice's is counted, bob's refused by
# asacd (not by ocserv, whose max-clients is 10), and alice's end uncounts
ajson=$tmp/asacd.json
if "$ASAC" compile "$CFG" --target asacd -o "$tmp/ad" > /dev/null 2> "$tmp/ad.err" &&
   python3 - "$tmp/ad/asacd.json" "$ajson" "$tmp" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["limits"]["anyconnect"] = 1
c["vici"] = sys.argv[3] + "/no-charon.vici"
c["control"] = sys.argv[3] + "/asacd.sock"
json.dump(c, open(sys.argv[2], "w"))
PY
then
	"$ASACD" -c "$ajson" >> "$tmp/asacd.log" 2>&1 &
	pids+=($!)
	until_ok 100 test -S "$tmp/asacd.sock" ||
		{ fail "asacd starts"; show "$tmp/asacd.log"; }
	astat() {	# KEY: a counter of asacctl status --json
		"$ASACCTL" -s "$tmp/asacd.sock" status --json 2> /dev/null |
			python3 -c 'import json, sys; print(json.load(sys.stdin)["counters"][sys.argv[1]])' "$1"
	}
	active() {	# the AnyConnect sessions asacd counts
		"$ASACCTL" -s "$tmp/asacd.sock" show vpn-sessiondb summary 2> /dev/null |
			awk '/^AnyConnect/ { print $(NF - 4) }'
	}
	if connect 1 alice Sales alice-ssl-pw-1 && until_ok 50 [ "$(active)" = 1 ]; then
		pass "asacd counts alice's AnyConnect session (ocserv's connect-script)"
	else
		fail "asacd counts alice's session"; show "$tmp/asacd.log"
	fi
	connect 2 bob Engineering bob-ssl-pw-2
	if until_ok 50 grep -q "refused anyconnect session .* of user bob (ocserv, group ENG): the limit of 1 is reached" "$tmp/asacd.log" &&
	   until_ok 50 [ "$(ip netns exec "$id-c2" ip -o addr show 2> /dev/null | grep -c 'inet 10.9.2')" = 0 ] &&
	   [ "$(active)" = 1 ]; then
		pass "over the AnyConnect limit of 1, asacd refuses bob's session and ocserv ends it"
	else
		fail "asacd refuses bob over the limit"; show "$tmp/asacd.log"; show "$tmp/c2/out"
	fi
	disconnect 2
	disconnect 1
	if until_ok 50 [ "$(active)" = 0 ] && [ "$(astat ocserv_accepted)" = 1 ] &&
	   [ "$(astat ocserv_refused)" = 1 ]; then
		pass "alice's logout: asacd uncounts it (ocserv's disconnect-script)"
	else
		fail "asacd uncounts alice's session"; show "$tmp/asacd.log"
	fi
	grep -qE "Sanitizer|runtime error" "$tmp/asacd.log" &&
		{ fail "asacd: a sanitizer report"; show "$tmp/asacd.log"; }
else
	fail "asacd.json for the AnyConnect gateway"; show "$tmp/ad.err"
fi

# ocserv_restart DIR LOG WHAT: the running ocserv makes way for DIR's
ocserv_restart() {
	kill "$ocpid" 2> /dev/null
	until_ok 50 sh -c "! ip netns exec $id-g ss -ltn | grep -q ':443 '"
	ns_spawn g "$2" "ocserv -f -d 1 -c $1/ocserv.conf"
	ocpid=${pids[-1]}
	until_ok 100 grep -q "listening (TCP) on" "$2" ||
		{ fail "ocserv starts $3"; show "$2"; return 1; }
}
# rad_server: the sed expression that adds aaa-server RAD (the FreeRADIUS
# of the inside host) before the trustpoint
rad_server='/^crypto ca trustpoint SSL-TP$/i\
aaa-server RAD protocol radius\
aaa-server RAD (inside) host 10.1.1.2\
 key *****\
 authentication-port 1812\
 accounting-port 1813'

# --- RADIUS: both groups authenticate and account against FreeRADIUS -------------
radius_test() {
	local raddb=$tmp/raddb rcfg=$tmp/radius.cfg r=$tmp/rad a
	cp -r /etc/freeradius/3.0 "$raddb" || return 1
	sed -i 's/^\(\s*\)\(user\|group\) = /\1#\2 = /' "$raddb/radiusd.conf"
	rm -f "$raddb/sites-enabled/inner-tunnel" "$raddb/mods-enabled/eap"
	# (the default site names eap; PAP is what ocserv sends)
	printf 'eap {\n\tdefault_eap_type = md5\n\tmd5 {\n\t}\n}\n' > "$raddb/mods-enabled/eap"
	printf 'client gw {\n\tipaddr = 10.1.1.1\n\tsecret = radius-oc-secret\n}\n' \
		> "$raddb/clients.conf"
	# carol's groups, as ocserv wants them in the Access-Accept
	# (bob: authorized as the ASA asks, his name as the password;
	# alice is not known: not authorized)
	printf 'carol Cleartext-Password := "carol-radius-pw"\n\tClass := "OU=SALES"\nbob Cleartext-Password := "bob"\n' \
		> "$raddb/mods-config/files/authorize"
	ns_spawn g-h "$tmp/radius.out" "freeradius -X -d $raddb"
	until_ok 100 grep -q 'Ready to process requests' "$tmp/radius.out" || {
		fail "FreeRADIUS starts"; show "$tmp/radius.out"; return 1; }
	sed -e "$rad_server" -e '/^tunnel-group \(SALES\|ENG\) general-attributes$/a\
 authentication-server-group RAD\
 accounting-server-group RAD' "$CFG" > "$rcfg"
	cat > "$tmp/rsec.yaml" <<-EOF
	aaa-servers:
	  RAD: "radius-oc-secret"
	trustpoints:
	  SSL-TP:
	    certificate: $etc/server-cert.pem
	    key: $etc/server-key.pem
	EOF
	chmod 600 "$tmp/rsec.yaml"
	if ! "$ASAC" compile "$rcfg" --target ocserv --secrets "$tmp/rsec.yaml" -o "$r" \
		> /dev/null 2> "$tmp/rad.err"; then
		fail "the RADIUS variant compiles for ocserv"; show "$tmp/rad.err"; return 1
	fi
	if grep -q '^auth = "radius\[config=/etc/ocserv/radiusclient.conf\]"$' "$r/ocserv.conf" &&
	   grep -q '^acct = "radius\[config=/etc/ocserv/radiusclient.conf\]"$' "$r/ocserv.conf" &&
	   grep -qx 'authserver 10.1.1.2:1812' "$r/radiusclient.conf" &&
	   grep -qx 'acctserver 10.1.1.2:1813' "$r/radiusclient.conf" &&
	   grep -qx '10.1.1.2 radius-oc-secret' "$r/radius-servers" &&
	   [ "$(stat -c %a "$r/radius-servers")" = 600 ] && [ ! -e "$r/ocpasswd" ] &&
	   ! grep -q radius-oc-secret "$r/ocserv.conf" "$r/radiusclient.conf" &&
	   grep -q 'Class "OU=SALES"' "$tmp/rad.err"; then
		pass "RADIUS: ocserv authenticates and accounts against aaa-server RAD (radcli; the key only in its servers file, 0600; no password file); the compile says ocserv wants the group in the Access-Accept"
	else
		fail "the RADIUS variant's files"; show "$r/ocserv.conf" "$r/radiusclient.conf" "$tmp/rad.err"
	fi
	sed -i -e "s|/etc/ocserv/|$r/|g" -e '$a isolate-workers = false' "$r/ocserv.conf"
	sed -i "s|/etc/ocserv/|$r/|g" "$r/radiusclient.conf"
	ocserv_restart "$r" "$tmp/ocserv-r.log" "with RADIUS" || return 1
	if connect 1 carol Sales carol-radius-pw; then
		a=$(envof 1 INTERNAL_IP4_ADDRESS)
		if [ "${a%.*}" = 10.9.1 ] && reaches 1; then
			pass "carol, accepted by FreeRADIUS into SALES, gets $a from SALES-POOL and reaches the inside host"
		else
			fail "carol's session in Sales"; show "$tmp/c1/connect.env"
		fi
		if until_ok 50 grep -q 'Acct-Status-Type = Start' "$tmp/radius.out" &&
		   grep -A20 'Acct-Status-Type = Start' "$tmp/radius.out" | grep -q 'User-Name = "carol"'; then
			pass "ocserv sends FreeRADIUS the accounting Start of carol's session (accounting-server-group RAD)"
		else
			fail "FreeRADIUS receives carol's accounting Start"; show "$tmp/radius.out"
		fi
		disconnect 1
		if until_ok 50 grep -q 'Acct-Status-Type = Stop' "$tmp/radius.out"; then
			pass "and the accounting Stop when she disconnects"
		else
			fail "FreeRADIUS receives carol's accounting Stop"
		fi
	else
		fail "carol connects to Sales through FreeRADIUS"; show "$tmp/c1/out"; show "$tmp/ocserv-r.log"
	fi
	if connect 1 carol Engineering carol-radius-pw; then
		fail "a group the server does not name is refused"; disconnect 1
	elif grep -q "user 'carol' requested group 'ENG' but is not a member" "$tmp/ocserv-r.log"; then
		pass "carol cannot choose Engineering: FreeRADIUS's Access-Accept names SALES only"
	else
		fail "carol is refused Engineering for another reason"; show "$tmp/c1/out"
	fi
	if connect 1 carol Sales wrong-radius-pw; then
		fail "a wrong RADIUS password is refused"; disconnect 1
	elif grep -q 'Access-Reject' "$tmp/radius.out"; then
		pass "a wrong password: FreeRADIUS sends Access-Reject, no session"
	else
		fail "a wrong RADIUS password is refused by FreeRADIUS"; show "$tmp/c1/out"
	fi
}
# --- certificates: both groups authenticate AnyConnect clients by certificate -----
cert_test() {
	local c=$tmp/certgw ccfg=$tmp/cert.cfg a
	sed '/^tunnel-group \(SALES\|ENG\) webvpn-attributes$/a\
 authentication certificate' "$CFG" > "$ccfg"
	cat > "$tmp/csec.yaml" <<-EOF
	trustpoints:
	  SSL-TP:
	    certificate: $tmp/pki/gw.pem
	    key: $tmp/pki/gw.key
	    ca: [$tmp/pki/ca.pem]
	EOF
	chmod 600 "$tmp/csec.yaml"
	if ! "$ASAC" compile "$ccfg" --target ocserv --secrets "$tmp/csec.yaml" -o "$c" \
		> /dev/null 2> "$tmp/cert.err"; then
		fail "the certificate variant compiles for ocserv"; show "$tmp/cert.err"; return 1
	fi
	if grep -qx 'auth = "certificate"' "$c/ocserv.conf" &&
	   grep -qx 'cert-user-oid = 2.5.4.3' "$c/ocserv.conf" &&
	   ! grep -q '^auth = "plain' "$c/ocserv.conf" && [ ! -e "$c/ocpasswd" ] &&
	   cmp -s "$c/ca.pem" "$tmp/pki/ca.pem"; then
		pass "authentication certificate: ocserv's certificate auth with the trustpoint's CA, the CN as user name, no password file"
	else
		fail "the certificate variant's files"; show "$c/ocserv.conf" "$tmp/cert.err"
	fi
	sed -i -e "s|/etc/ocserv/|$c/|g" -e '$a isolate-workers = false' "$c/ocserv.conf"
	ocserv_restart "$c" "$tmp/ocserv-c.log" "with certificates" || return 1
	# certconnect N CERT GROUP
	certconnect() {
		mkdir -p "$tmp/c$1"
		rm -f "$tmp/c$1"/*.env
		ip netns exec "$id-c$1" env LOGDIR="$tmp/c$1" \
			openconnect --protocol=anyconnect --authgroup="$3" \
			--certificate="$tmp/pki/$2.pem" --sslkey="$tmp/pki/$2.key" \
			--non-inter --servercert "pin-sha256:$pin" \
			--script="$tmp/script.sh" --background \
			--pid-file="$tmp/c$1/pid" 198.51.100.1 < /dev/null > "$tmp/c$1/out" 2>&1 &&
		until_ok 100 test -f "$tmp/c$1/connect.env"
	}
	if certconnect 1 alice Sales; then
		a=$(envof 1 INTERNAL_IP4_ADDRESS)
		if [ "${a%.*}" = 10.9.1 ] && reaches 1; then
			pass "alice's certificate (CN=alice, the test CA) gets her a Sales session without a password: $a, the inside host reachable"
		else
			fail "alice's certificate session"; show "$tmp/c1/connect.env"
		fi
		disconnect 1
	else
		fail "alice connects with her certificate"; show "$tmp/c1/out"; show "$tmp/ocserv-c.log"
	fi
	if certconnect 1 rogue Sales; then
		fail "a certificate of an unknown CA is refused"; disconnect 1
	elif grep -q "GnuTLS error .*Error in the certificate" "$tmp/ocserv-c.log"; then
		pass "a certificate of a CA the trustpoints do not hold is refused in the TLS handshake"
	else
		fail "the unknown CA's certificate is refused for another reason"; show "$tmp/c1/out"
	fi
}
cert_test

# --- authorization-required: ENG's local users must be authorized by RAD --------
authz_test() {
	local z=$tmp/authz zcfg=$tmp/authz.cfg
	sed -e "$rad_server" -e '/^tunnel-group ENG general-attributes$/a\
 authorization-server-group RAD\
 authorization-required' "$CFG" > "$zcfg"
	cat > "$tmp/zsec.yaml" <<-EOF
	users:
	  alice: "alice-ssl-pw-1"
	  bob: "bob-ssl-pw-2"
	aaa-servers:
	  RAD: "radius-oc-secret"
	trustpoints:
	  SSL-TP:
	    certificate: $tmp/pki/gw.pem
	    key: $tmp/pki/gw.key
	    ca: [$tmp/pki/ca.pem]
	EOF
	chmod 600 "$tmp/zsec.yaml"
	if ! "$ASAC" compile "$zcfg" --target ocserv --secrets "$tmp/zsec.yaml" -o "$z" \
		> /dev/null 2> "$tmp/z.err" ||
	   ! "$ASAC" compile "$zcfg" --target asacd --secrets "$tmp/zsec.yaml" -o "$z/ad" \
		> /dev/null 2>> "$tmp/z.err"; then
		fail "the authorization variant compiles for ocserv and asacd"; show "$tmp/z.err"; return 1
	fi
	if python3 - "$z/ad/asacd.json" <<-'PY'
	import json, sys
	c = json.load(open(sys.argv[1]))
	assert c["ocserv"] == {"ENG": {"authorization": "RAD"}}, c.get("ocserv")
	assert c["radius"]["RAD"]["servers"][0]["auth_port"] == 1812
	PY
	then
		pass "authorization-required of an AnyConnect group: asacd.json's ocserv section names its authorization-server-group"
	else
		fail "asacd.json's ocserv section"; show "$z/ad/asacd.json"
	fi
	python3 - "$z/ad/asacd.json" "$tmp" <<-'PY'
	import json, sys
	c = json.load(open(sys.argv[1]))
	c["vici"] = sys.argv[2] + "/no-charon.vici"
	c["control"] = sys.argv[2] + "/asacd-z.sock"
	json.dump(c, open(sys.argv[1], "w"))
	PY
	sed -i -e "s|/etc/ocserv/|$z/|g" -e '$a isolate-workers = false' "$z/ocserv.conf"
	sed -i -e "s|^ASACCTL=.*|ASACCTL=$ASACCTL|" -e "s|^SOCKET=.*|SOCKET=$tmp/asacd-z.sock|" \
		"$z/asac-session"
	# asacd where the gateway is: it reaches FreeRADIUS from 10.1.1.1
	ip netns exec "$id-g" "$ASACD" -c "$z/ad/asacd.json" -v >> "$tmp/asacd-z.log" 2>&1 &
	pids+=($!)
	until_ok 100 test -S "$tmp/asacd-z.sock" ||
		{ fail "asacd starts"; show "$tmp/asacd-z.log"; return 1; }
	ocserv_restart "$z" "$tmp/ocserv-z.log" "(authorization variant)" || return 1
	if connect 1 bob Engineering bob-ssl-pw-2 && sleep 1 && reaches 1; then
		pass "bob, authorized by FreeRADIUS (asacd's Access-Request), keeps his Engineering session"
		disconnect 1
	else
		fail "bob is authorized into Engineering"; show "$tmp/asacd-z.log" "$tmp/c1/out"
	fi
	connect 2 alice Engineering alice-ssl-pw-1
	if until_ok 100 grep -q "refused anyconnect session .* of user alice (ocserv, group ENG): aaa-server RAD rejected its authorization" "$tmp/asacd-z.log" &&
	   until_ok 50 [ "$(ip netns exec "$id-c2" ip -o addr show 2> /dev/null | grep -c 'inet 10.9.2')" = 0 ]; then
		pass "alice, whom FreeRADIUS does not authorize, is refused by asacd and ocserv ends her session"
	else
		fail "alice is refused by the authorization"; show "$tmp/asacd-z.log"; show "$tmp/c2/out"
	fi
	disconnect 2
	if connect 1 alice Sales alice-ssl-pw-1; then
		pass "alice keeps Sales, which requires no authorization"
		disconnect 1
	else
		fail "alice connects to Sales in the authorization variant"; show "$tmp/c1/out"
	fi
	grep -qE "Sanitizer|runtime error" "$tmp/asacd-z.log" &&
		{ fail "asacd: a sanitizer report"; show "$tmp/asacd-z.log"; }
}

if command -v freeradius > /dev/null && [ -d /etc/freeradius/3.0 ]; then
	radius_test
	authz_test
else
	echo "SKIP: AnyConnect through RADIUS (freeradius not installed)"
fi

# --- the bundle on a gateway: install.sh's checks, bundle --check ---------------
B=$tmp/bundle
if [ -x "$B/install.sh" ]; then
	mkdir "$tmp/root"
	cp -a "$B" "$tmp/broken"
	echo 'auth = "no-such-method"' >> "$tmp/broken/etc/ocserv/ocserv.conf"
	(cd "$tmp/broken" && sed -i '/etc\/ocserv\/ocserv.conf$/d' MANIFEST &&
		sha256sum etc/ocserv/ocserv.conf >> MANIFEST)
	if "$tmp/broken/install.sh" --root "$tmp/root" > "$tmp/broken.out" 2>&1; then
		fail "install.sh refuses an ocserv.conf that ocserv -t refuses"
	elif grep -q "ocserv -t refuses etc/ocserv/ocserv.conf" "$tmp/broken.out" &&
	     [ -z "$(ls -A "$tmp/root")" ]; then
		pass "install.sh refuses an ocserv.conf that ocserv -t refuses, and changes nothing"
	else
		fail "install.sh refuses a broken ocserv.conf for that reason"; show "$tmp/broken.out"
	fi
	"$ASAC" bundle --check "$B" > "$tmp/check.out" 2>&1
	if grep -q "^  ok      ocserv: listening on TCP 198.51.100.1:443, 2 tunnel groups; occtl show status answers" "$tmp/check.out" &&
	   grep -q "^[0-9]* loaded, 0 failed" "$tmp/check.out"; then
		pass "asac bundle --check starts the bundle's ocserv in its sandbox beside charon and asacd"
	else
		fail "asac bundle --check starts ocserv"; show "$tmp/check.out"
	fi
fi

[ "$nfail" = 0 ]
