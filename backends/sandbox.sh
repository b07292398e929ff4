#!/bin/bash
# sandbox.sh - `asac bundle --check DIR`, which runs this script with bash
# (it is built into asac): deploy the bundle DIR into a throw-away
# sandbox on this machine, say what loaded and what did not, clean up.
#
#  - install.sh --root puts the bundle into a scratch root (its own
#    checks: MANIFEST, packages, nft -c, strongSwan's parser, asacd
#    --check, keepalived -t);
#  - a network namespace gets the bundle's interfaces (the file
#    interfaces: device and address of every nameif), each a veth whose
#    other end is in a second namespace, and the bundle's sysctls;
#  - nft loads the ruleset in that namespace;
#  - a private charon (own mount namespace with /run on a tmpfs, so the
#    VICI socket is /run/charon.vici as asacd.json expects) with the
#    bundle's charon options and the kernel-libipsec backend (a kernel
#    that cannot install ESP SAs still runs it) loads the connections and
#    secrets, and installs the children's traps;
#  - asacd from the bundle, timers divided by SCALE, connects to that
#    charon and answers on its control socket.
#  - ocserv (AnyConnect), when the bundle has it, starts there too and
#    answers occtl.
# keepalived is checked by install.sh (keepalived -t) but not started: its
# notify scripts call /usr/sbin/asacctl, outside the scratch root.
#
# usage: sandbox.sh DIR SCALE      exit 0 when everything loaded, 1 when
# something did not, 3 when the sandbox cannot be made here
set -u
dir=$1 scale=$2
nok=0 nbad=0
ok() { printf '  ok      %s\n' "$*"; nok=$((nok + 1)); }
bad() { printf '  FAILED  %s\n' "$*"; nbad=$((nbad + 1)); }
plural() { [ "$1" = 1 ] && echo "1 $2" || echo "$1 ${2}s"; }
indent() { sed 's/^/          /' "$@"; }
cannot() { printf 'asac: bundle --check: %s\n' "$*" >&2; exit 3; }
# logged PID FILE PATTERN: PATTERN shows in FILE within 10 s while PID runs
logged() {
	local i
	for i in $(seq 100); do
		grep -q "$3" "$2" && return 0
		kill -0 "$1" 2> /dev/null || return 1
		sleep 0.1
	done
	return 1
}

# --- what the sandbox needs ---------------------------------------------------
[ "$(id -u)" = 0 ] || cannot "needs root (network namespaces, nft, charon)"
missing=
for t in ip nft unshare nsenter swanctl sha256sum setsid; do
	command -v "$t" > /dev/null || missing="$missing $t"
done
charon=/usr/lib/ipsec/charon
plugins=/usr/lib/ipsec/plugins
[ -x "$charon" ] || missing="$missing $charon (strongswan-charon)"
[ -f "$plugins/libstrongswan-kernel-libipsec.so" ] ||
	missing="$missing kernel-libipsec (libcharon-extra-plugins)"
[ -z "$missing" ] || cannot "missing:$missing"
[ -c /dev/net/tun ] || cannot "no /dev/net/tun (kernel-libipsec needs it)"
dir=$(cd "$dir" && pwd) || cannot "no directory '$1'"

id=asac-check-$$
tmp=$(mktemp -d /tmp/asac-check.XXXXXX)
root=$tmp/root
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
	ip netns del "$id-gw" 2> /dev/null
	ip netns del "$id-wire" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
finish() {
	printf '%d loaded, %d failed\n' "$nok" "$nbad"
	[ "$nbad" = 0 ]
	exit
}
printf 'asac bundle --check %s\n' "$dir"

# --- install into a scratch root -------------------------------------------------
mkdir "$root"
if (cd "$dir" && sha256sum --quiet --strict -c MANIFEST) > "$tmp/out" 2>&1; then
	ok "MANIFEST: $(grep -c . "$dir/MANIFEST") files as asac wrote them"
else
	bad "MANIFEST: the bundle was changed since asac wrote it"; indent "$tmp/out"
	finish
fi
if "$dir/install.sh" --root "$root" > "$tmp/out" 2>&1; then
	ok "install.sh --root: $(grep -c '^install.sh: added' "$tmp/out") files installed, every check passed"
else
	bad "install.sh --root refuses the bundle"; indent "$tmp/out"
	finish
fi

# --- the gateway's namespace -------------------------------------------------------
ip netns add "$id-gw" && ip netns add "$id-wire" ||
	cannot "cannot create network namespaces"
ip -n "$id-gw" link set lo up
n=0 ifs=
while read -r dev nameif level addr addr6; do
	case $dev in '#'* | '') continue ;; esac
	n=$((n + 1))
	if ! ip -n "$id-gw" link add "$dev" type veth peer name "w$n" netns "$id-wire" 2> "$tmp/out" ||
	   ! ip -n "$id-gw" link set "$dev" up; then
		bad "interface $dev ($nameif): cannot be made"; indent "$tmp/out"
		continue
	fi
	ip -n "$id-wire" link set "w$n" up
	for a in $addr ${addr6:-}; do
		case $a in -|dhcp) continue ;; esac
		ip -n "$id-gw" addr add "$a" dev "$dev" nodad 2> /dev/null ||
			ip -n "$id-gw" addr add "$a" dev "$dev" 2>> "$tmp/out" ||
			bad "interface $dev ($nameif): address $a refused"
	done
	ifs="$ifs, $dev ($nameif, level $level, $addr)"
done < "$dir/interfaces"
[ -n "$ifs" ] && ok "interfaces: ${ifs#, }" || bad "interfaces: the bundle names none"
if ip netns exec "$id-gw" sysctl -q -p "$root/etc/sysctl.d/60-asac.conf" > "$tmp/out" 2>&1; then
	ok "sysctl: $(grep -c '^[a-z]' "$root/etc/sysctl.d/60-asac.conf") settings of 60-asac.conf applied"
else
	bad "sysctl refuses 60-asac.conf"; indent "$tmp/out"
fi

# --- nftables ----------------------------------------------------------------------
if ip netns exec "$id-gw" nft -f "$root/etc/nftables.d/asac.nft" > "$tmp/out" 2>&1; then
	ip netns exec "$id-gw" nft -a list table inet asac > "$tmp/table" 2>&1
	ok "nftables: table inet asac with $(grep -c '^	chain ' "$tmp/table") chains and $(grep -v '^	*\(table\|chain\) ' "$tmp/table" | grep -c '# handle') rules"
else
	bad "nftables: nft -f refuses the ruleset"; indent "$tmp/out"
fi

# --- charon -------------------------------------------------------------------------
load=
for p in random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints \
	 pubkey aes des sha1 sha2 md5 hmac xcbc cmac ctr ccm gcm chapoly gmp \
	 curve25519 kdf attr kernel-libipsec kernel-netlink socket-default vici; do
	[ -f "$plugins/libstrongswan-$p.so" ] && load="$load $p"
done
cat > "$tmp/charon.conf" <<EOF
# the sandbox's charon: the bundle's options, the kernel-libipsec backend
charon {
	load =$load
	install_routes = yes
	plugins {
		vici {
			socket = unix:///run/charon.vici
		}
	}
	filelog {
		sandbox {
			path = $tmp/charon.log
			default = 1
			flush_line = yes
		}
	}
	include $root/etc/strongswan.d/charon/*.conf
}
EOF
# swanctl reads credentials from the directories beside its file: there
# are none in a bundle (pre-shared keys), so they are empty
mkdir "$tmp/swanctl"
for d in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa \
	 ecdsa bliss pkcs8 pkcs12; do
	mkdir "$tmp/swanctl/$d"
done
printf 'include %s\n' "$root/etc/swanctl/conf.d/*.conf" > "$tmp/swanctl/swanctl.conf"
setsid ip netns exec "$id-gw" unshare -m sh -c \
	"mount -t tmpfs none /run && exec env STRONGSWAN_CONF='$tmp/charon.conf' $charon" \
	< /dev/null > "$tmp/charon.out" 2>&1 &
cpid=$!
pids+=("$cpid")
in_gw() { nsenter -t "$cpid" -m -n "$@"; }
sw() { in_gw swanctl "$@" --uri unix:///run/charon.vici; }
up=0
for i in $(seq 100); do
	sw --stats > /dev/null 2>&1 && { up=1; break; }
	kill -0 "$cpid" 2> /dev/null || break
	sleep 0.1
done
if [ $up = 0 ]; then
	bad "charon does not start with the bundle's options"
	indent "$tmp/charon.out"; tail -5 "$tmp/charon.log" 2> /dev/null | indent
	finish
fi
ok "charon: started with etc/strongswan.d/charon/asac.conf (kernel-libipsec backend)"
# kernel-libipsec installs a child's policies (and so its trap) only
# when the gateway owns an address inside its local selectors; the XFRM
# backend of a real gateway does not need that.  Give the namespace one
# address of each IPv4 selector no interface address is in, on a bridge
# that stays down.
ip -n "$id-gw" link add anchor0 type bridge
v4() { local IFS=.; set -- $1; echo $(( ($1 << 24) | ($2 << 16) | ($3 << 8) | $4 )); }
dotted() { echo "$(($1 >> 24 & 255)).$(($1 >> 16 & 255)).$(($1 >> 8 & 255)).$(($1 & 255))"; }
mine=$(ip -n "$id-gw" -4 -o addr show | awk '{print $4}')
for ts in $(sed -n 's/^[[:space:]]*local_ts = //p' "$root/etc/swanctl/conf.d/asac.conf" |
	    tr ',' '\n' | sed 's/\[.*//; s/ //g' | grep -v : | sort -u); do
	net=${ts%/*} len=${ts#*/}
	[ "$len" = "$ts" ] && len=32
	mask=$(( len == 0 ? 0 : (0xffffffff << (32 - len)) & 0xffffffff ))
	base=$(( $(v4 "$net") & mask ))
	covered=0
	for m in $mine; do
		(( ($(v4 "${m%/*}") & mask) == base )) && { covered=1; break; }
	done
	[ $covered = 1 ] && continue
	a=$(( len < 31 ? base + 1 : base ))
	ip -n "$id-gw" addr add "$(dotted "$a")/32" dev anchor0 2> /dev/null
done
if sw --load-all --noprompt --file "$tmp/swanctl/swanctl.conf" > "$tmp/load" 2>&1 &&
   ! grep -q 'failed\|error' "$tmp/load"; then
	conns=$(grep -c "^loaded connection" "$tmp/load")
	secrets=$(grep -c "^loaded .* secret" "$tmp/load")
	ok "strongSwan: $(plural "$conns" connection) and $(plural "$secrets" secret) loaded"
	want=$(sed -n 's/.*strongSwan (charon-systemd): \([0-9]*\) connection.*/\1/p' "$dir/README")
	[ "$conns" = "$want" ] ||
		bad "strongSwan: $conns connections loaded, the README announces $want"
else
	bad "strongSwan: swanctl --load-all reports failures"
	grep -v '^no \|^plugin' "$tmp/load" | indent
fi
traps=$(grep -c 'start_action = trap' "$root/etc/swanctl/conf.d/asac.conf")
if [ "$traps" -gt 0 ]; then
	sleep 0.2
	have=$(sw --list-pols 2> /dev/null | grep -c '^[^ ]')
	if [ "$have" = "$traps" ]; then
		ok "strongSwan: policies installed for all $traps children with start_action = trap"
	else
		bad "strongSwan: policies installed for $have of $traps children with start_action = trap"
		grep -i 'trap\|policy' "$tmp/charon.log" | tail -5 | indent
	fi
fi

# --- asacd --------------------------------------------------------------------------
nsenter -t "$cpid" -m -n "$root/usr/sbin/asacd" -c "$root/etc/asacd/asacd.json" --time-scale "$scale" \
	> "$tmp/asacd.log" 2>&1 &
pids+=($!)
apid=$!
connected=0
logged "$apid" "$tmp/asacd.log" "connected to charon" && connected=1
if [ $connected = 1 ] &&
   in_gw "$root/usr/sbin/asacctl" show vpn-sessiondb summary > "$tmp/ctl" 2>&1; then
	ok "asacd: connected to charon; asacctl show vpn-sessiondb summary:"
	indent "$tmp/ctl"
else
	bad "asacd does not run with the bundle's asacd.json"; indent "$tmp/asacd.log" "$tmp/ctl" 2> /dev/null
fi

# --- ocserv -------------------------------------------------------------------------
# AnyConnect: ocserv with the bundle's files (a copy naming them where
# they are), in the gateway's namespaces beside asacd, whose control
# socket its connect-script asks; no seccomp for its workers in a
# namespace
if [ -f "$root/etc/ocserv/ocserv.conf" ]; then
	if ! command -v ocserv > /dev/null; then
		bad "ocserv: not installed (the bundle's packages name it)"
	else
		mkdir "$tmp/ocserv"
		cp -r "$root/etc/ocserv/." "$tmp/ocserv/"
		sed -i -e "s|/etc/ocserv/|$tmp/ocserv/|g" -e '$a isolate-workers = false' \
			"$tmp/ocserv/ocserv.conf"
		[ -f "$tmp/ocserv/radiusclient.conf" ] &&
			sed -i "s|/etc/ocserv/|$tmp/ocserv/|g" "$tmp/ocserv/radiusclient.conf"
		sed -i "s|^ASACCTL=.*|ASACCTL=$root/usr/sbin/asacctl|" "$tmp/ocserv/asac-session"
		nsenter -t "$cpid" -m -n ocserv -f -c "$tmp/ocserv/ocserv.conf" \
			> "$tmp/ocserv.log" 2>&1 &
		opid=$!
		pids+=("$opid")
		listening=0
		logged "$opid" "$tmp/ocserv.log" "listening (TCP) on" && listening=1
		groups=$(ls "$tmp/ocserv/groups" 2> /dev/null | wc -l)
		if [ $listening = 1 ] &&
		   in_gw occtl -s /run/occtl.socket show status > "$tmp/occtl" 2>&1; then
			ok "ocserv: $(sed -n 's/.*\(listening (TCP) on [^ ]*\).*/\1/p' "$tmp/ocserv.log" | head -1 | sed 's/listening (TCP) on/listening on TCP/; s/\.\.\.$//'), $(plural "$groups" "tunnel group"); occtl show status answers"
		else
			bad "ocserv does not start with the bundle's ocserv.conf"
			indent "$tmp/ocserv.log" "$tmp/occtl" 2> /dev/null | tail -20
		fi
		kill "$opid" 2> /dev/null
		wait "$opid" 2> /dev/null
	fi
fi
kill "$apid" 2> /dev/null
wait "$apid" 2> /dev/null
rc=$?
[ $connected = 0 ] || [ $rc = 0 ] || [ $rc = 143 ] ||
	bad "asacd: exit status $rc on SIGTERM"
[ -f "$root/etc/keepalived/keepalived.conf" ] &&
	ok "keepalived: keepalived -t accepts keepalived.conf (not started in the sandbox)"
finish
