#!/usr/bin/env bash
# swanctl.sh - the strongSwan back end, against goldens and a real charon.
# For every testdata/swanctl/NAME.cfg:
#   - `asac compile --target swanctl` matches NAME.swanctl (swanctl.conf),
#     NAME.charon (strongswan.d/asac.conf) and NAME.compile.diag (its
#     diagnostics and exit status);
#   - `asac verify` proves the output equal to the crypto map model, or
#     prints the counterexample NAME.verify expects (when the compile
#     reported an unsupported-feature it had to widen);
#   - strongSwan's own parser accepts it (STRONGSWAN_CONF=... swanctl);
#   - a private charon (own network and mount namespace, own /run and VICI
#     socket) loads it with `swanctl --load-all`, and lists every
#     connection and child it holds.
# Then a widened selector must make verify fail.
#   REGEN=1  rewrite the goldens.
# usage: tests/swanctl.sh ASAC
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
REGEN=${REGEN:-}
here=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$0")/../testdata/swanctl" || exit 2
tmp=$(mktemp -d /tmp/asac-sw.XXXXXX)
charon_pid=
cleanup() {
	[ -n "$charon_pid" ] && kill "$charon_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$here/golden.sh"

# --- a private charon ------------------------------------------------------
have_charon=
if [ -n "${SWANCTL_NO_CHARON:-}" ]; then
	:
elif ! command -v swanctl > /dev/null || [ ! -x /usr/lib/ipsec/charon ]; then
	echo "SKIP: charon load tests (strongswan-charon/strongswan-swanctl not installed)"
elif [ "$(id -u)" != 0 ] || ! unshare -n -m true 2> /dev/null; then
	echo "SKIP: charon load tests (need root and network/mount namespaces)"
else
	have_charon=1
fi

start_charon() {	# charon options file
	local d=$tmp/charon
	mkdir -p "$d"
	cat > "$d/strongswan.conf" <<-EOF
	charon {
		load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey aes sha1 sha2 hmac gmp curve25519 kdf kernel-libipsec kernel-netlink socket-default vici
		plugins {
			vici {
				socket = unix://$d/charon.vici
			}
		}
		filelog {
			log {
				path = $d/charon.log
				default = 1
			}
		}
	}
	include $1
	EOF
	setsid unshare -n -m sh -c "ip link set lo up; mount -t tmpfs none /run && STRONGSWAN_CONF='$d/strongswan.conf' exec /usr/lib/ipsec/charon" \
		< /dev/null > "$d/charon.out" 2>&1 &
	charon_pid=$!
	for _ in $(seq 100); do
		swanctl --stats --uri "unix://$d/charon.vici" > /dev/null 2>&1 && return 0
		kill -0 "$charon_pid" 2> /dev/null || break
		sleep 0.1
	done
	return 1
}

stop_charon() {
	[ -n "$charon_pid" ] && kill "$charon_pid" 2> /dev/null
	wait "$charon_pid" 2> /dev/null
	charon_pid=
}

for cfg in $(ls *.cfg | LC_ALL=C sort); do
	name=${cfg%.cfg}
	out=$tmp/$name
	# NAME.secrets: what the configuration masks or hashes (--secrets)
	sec=()
	[ -f "$name.secrets" ] && sec=(--secrets "$name.secrets")
	NO_COLOR=1 "$ASAC" compile --color never "$cfg" --target swanctl \
		"${sec[@]}" -o "$out" > /dev/null 2> "$tmp/diag"
	echo "exit $?" >> "$tmp/diag"
	golden "compile $cfg: diagnostics" "$name.compile.diag" "$tmp/diag"
	if [ ! -f "$out/swanctl.conf" ]; then
		[ -f "$name.swanctl" ] && fail "compile $cfg wrote nothing"
		continue
	fi
	golden "compile $cfg: swanctl.conf" "$name.swanctl" "$out/swanctl.conf"
	golden "compile $cfg: strongswan.d/asac.conf" "$name.charon" \
		"$out/strongswan.d/asac.conf"
	# the proof, or the counterexample when the compile widened
	(cd "$tmp" && "$ASAC" verify "$OLDPWD/$cfg" "$name") 2>&1 |
		sed "s|$PWD/||" > "$tmp/verify"
	echo "exit ${PIPESTATUS[0]}" >> "$tmp/verify"
	golden "verify $cfg" "$name.verify" "$tmp/verify"
	if ! command -v swanctl > /dev/null; then
		continue
	fi
	if STRONGSWAN_CONF=$out/swanctl.conf swanctl --help > /dev/null 2> "$tmp/syn"; then
		pass "strongSwan parses $cfg's swanctl.conf"
	else
		fail "strongSwan parses $cfg's swanctl.conf"
		sed 's/^/    /' "$tmp/syn" | head -5
	fi
	[ -n "$have_charon" ] || continue
	if ! start_charon "$out/strongswan.d/asac.conf"; then
		fail "charon starts with $cfg's options"
		sed 's/^/    /' "$tmp/charon/charon.out" | tail -5
		stop_charon
		continue
	fi
	uri=unix://$tmp/charon/charon.vici
	# certificates and keys the compile copied (x509/, private/) load
	# from the output directory
	if SWANCTL_DIR=$out swanctl --load-all --noprompt \
		--file "$out/swanctl.conf" --uri "$uri" > "$tmp/load" 2>&1; then
		pass "charon loads $cfg's swanctl.conf"
	else
		fail "charon loads $cfg's swanctl.conf"
		grep -v '^no ' "$tmp/load" | sed 's/^/    /' | head -10
	fi
	want_conns=$(awk '/^connections \{/{c=1;next} c&&/^\}/{c=0} c&&/^\t[^\t#].* \{$/{n++} END{print n+0}' "$out/swanctl.conf")
	want_children=$(awk '/^\t\t\t[^\t#].* \{$/{n++} END{print n+0}' "$out/swanctl.conf")
	swanctl --list-conns --uri "$uri" > "$tmp/conns" 2> /dev/null
	got_conns=$(grep -cE '^[^ ].*: IKEv' "$tmp/conns")
	got_children=$(grep -cE '^  [^ ].*: (TUNNEL|TRANSPORT|DROP|PASS)' "$tmp/conns")
	if [ "$got_conns" = "$want_conns" ] && [ "$got_children" = "$want_children" ]; then
		pass "charon lists $want_conns connections and $want_children children of $cfg"
	else
		fail "charon lists $got_conns/$want_conns connections, $got_children/$want_children children of $cfg"
		head -20 "$tmp/conns" | sed 's/^/    /'
	fi
	stop_charon
done

# --secrets supplies what show running-config masks; never a placeholder
grep -v 'CM 20\|^access-list S2' masked.cfg > "$tmp/one.cfg"
printf '198.51.100.9: "key of peer 9, from the vault"\nno-such-group: x\n' > "$tmp/keys.yaml"
if "$ASAC" compile "$tmp/one.cfg" --target swanctl -o - > /dev/null 2>&1; then
	fail "a masked key without --secrets is an error"
else
	pass "a masked key without --secrets is an error"
fi
if "$ASAC" compile "$tmp/one.cfg" --target swanctl --secrets "$tmp/keys.yaml" \
	-o - > "$tmp/one.conf" 2> "$tmp/one.err" &&
   grep -qF 'secret = "key of peer 9, from the vault"' "$tmp/one.conf" &&
   grep -qF "keys.yaml:2: warning: no peer of a crypto map needs the key of 'no-such-group'" "$tmp/one.err"; then
	pass "--secrets supplies a masked key, and names the key nobody needs"
else
	fail "--secrets supplies a masked key, and names the key nobody needs"
	sed 's/^/    /' "$tmp/one.err"
fi
printf '198.51.100.9: [a, b]\n' > "$tmp/bad.yaml"
if ! "$ASAC" compile "$tmp/one.cfg" --target swanctl --secrets "$tmp/bad.yaml" \
	-o - > /dev/null 2> "$tmp/bad.err" &&
   grep -q 'bad.yaml:1:15: error: a tunnel group name maps to a non-empty key' "$tmp/bad.err"; then
	pass "a malformed --secrets file is an error with its location"
else
	fail "a malformed --secrets file is an error with its location"
	sed 's/^/    /' "$tmp/bad.err"
fi

# a trustpoint file that cannot be read stops the compile before it writes
if [ -f ra-groups.cfg ] && [ -f ra-groups.secrets ]; then
	sed 's|^\(\s*certificate:\).*|\1 no-such-cert.pem|' ra-groups.secrets \
		> "$tmp/tp.secrets"
	rm -rf "$tmp/tp"
	if ! "$ASAC" compile ra-groups.cfg --target swanctl --secrets \
		"$tmp/tp.secrets" -o "$tmp/tp" > /dev/null 2> "$tmp/tp.err" &&
	   grep -qE "tp.secrets:[0-9]+:[0-9]+: error: cannot read '.*/no-such-cert.pem': No such file or directory" "$tmp/tp.err" &&
	   [ ! -e "$tmp/tp" ]; then
		pass "an unreadable trustpoint file is an error at its line, and nothing is written"
	else
		fail "an unreadable trustpoint file is an error at its line, and nothing is written"
		sed 's/^/    /' "$tmp/tp.err"
	fi
fi

# verify is a proof, not an echo: a widened selector is caught
if [ -f cascade-a.cfg ]; then
	"$ASAC" compile cascade-a.cfg --target swanctl -o "$tmp/mut" > /dev/null 2>&1
	sed 's|192.168.3.3/32|192.168.3.2/31|' "$tmp/mut/swanctl.conf" > "$tmp/mut/wide.conf"
	if "$ASAC" verify cascade-a.cfg "$tmp/mut/wide.conf" > "$tmp/verify" 2>&1; then
		fail "verify catches a widened selector"
	elif grep -q 'MAP-A-30: .* is in the children but not in the model' "$tmp/verify"; then
		pass "verify catches a widened selector, with a counterexample"
	else
		fail "verify's report of a widened selector"
		sed 's/^/    /' "$tmp/verify"
	fi
fi
