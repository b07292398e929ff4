# ns.sh - sourced by the tests that run in network namespaces
# (tunnels.sh, sites.sh, failover.sh, vici.sh, netif.sh, cluster.sh,
# sessions.sh, ios.sh): the same prerequisites, scratch state, cleanup,
# bridged hosts and gateways, child SA counters and selector anchors.  The sourcing script defines skip() (print
# "SKIP: ..." and exit 0) before it calls these.

# charon_needed: skip unless charon, swanctl, the kernel-libipsec plugin
# and /dev/net/tun are there (the kernel here cannot install ESP SAs)
charon_needed() {
	command -v swanctl > /dev/null && [ -x /usr/lib/ipsec/charon ] ||
		skip "strongswan-charon/strongswan-swanctl not installed"
	[ -f /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ] ||
		skip "kernel-libipsec (libcharon-extra-plugins) not installed"
	[ -c /dev/net/tun ] || skip "no /dev/net/tun for kernel-libipsec"
}

# The result lines tests/check.sh counts.  fail counts into $nfail, which
# a script's exit status reads; show indents a file under a FAIL (a
# script may redefine it to cut long logs).
nfail=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
show() { sed 's/^/    /' "$@"; }
# check WHAT FILE COMMAND...: PASS when COMMAND succeeds, else FAIL and
# show FILE
check() {
	local what=$1 file=$2
	shift 2
	if "$@"; then pass "$what"; else fail "$what"; show "$file"; fi
}

# ns_init TAG: skip unless namespaces can be made; set $id (namespace
# names are $id-NAME), $tmp (a scratch directory /tmp/asac-TAG.*), and
# the arrays pids and nss, whose processes and namespaces go away on exit
# with $tmp (unless KEEP is set)
ns_init() {
	command -v ip > /dev/null || skip "ip (iproute2) not installed"
	id=$1$$
	ip netns add "$id-probe" 2> /dev/null ||
		skip "cannot create network namespaces"
	ip netns del "$id-probe"
	tmp=$(mktemp -d "/tmp/asac-$1.XXXXXX")
	pids=()
	nss=()
	[ -n "${KEEP:-}" ] || trap ns_cleanup EXIT
}

# ns_alive PID: the process runs (a zombie waiting to be reaped does not)
ns_alive() {
	[ -r "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2> /dev/null
}

ns_cleanup() {
	local p n i left
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	# charon can hang in its SIGTERM shutdown when kernel-libipsec
	# removes virtual IPs while a peer's DELETE arrives: what still
	# runs after 5 s is killed, so a test never hangs here
	for i in $(seq 50); do
		left=0
		for p in "${pids[@]}"; do ns_alive "$p" && left=1; done
		[ "$left" = 0 ] && break
		sleep 0.1
	done
	for p in "${pids[@]}"; do ns_alive "$p" && kill -KILL "$p" 2> /dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
	for n in "${nss[@]}"; do ip netns del "$n" 2> /dev/null; done
	rm -rf "$tmp"
}

# ns_add NAME: the namespace $id-NAME with lo up, removed on exit
ns_add() {
	ip netns add "$id-$1" && nss+=("$id-$1") &&
		ip -n "$id-$1" link set lo up
}
in_ns() { local n=$1; shift; ip netns exec "$id-$n" "$@"; }

# ns_bridge: the namespace $id-br holding the bridge br0
ns_bridge() {
	ns_add br
	ip -n "$id-br" link add br0 type bridge
	ip -n "$id-br" link set br0 up
}

# ns_host NAME MAC ADDR/LEN: a namespace whose eth0, with MAC and
# ADDR/LEN, is a veth plugged into br0 (port p-NAME)
ns_host() {
	ns_add "$1"
	ip -n "$id-br" link add "p-$1" type veth peer name eth0 netns "$id-$1"
	ip -n "$id-br" link set "p-$1" master br0 up
	ip -n "$id-$1" link set eth0 address "$2"
	ip -n "$id-$1" addr add "$3" dev eth0
	ip -n "$id-$1" link set eth0 up
}

# ns_gateway NAME OUTSIDE/LEN INSIDE/LEN HOST/LEN...: a gateway $id-NAME
# whose out0 (OUTSIDE) is plugged into br0 and whose in0 (INSIDE) is a
# veth to the host $id-NAME-h (eth0 with the HOST addresses, its default
# route via INSIDE); the gateway forwards
ns_gateway() {
	local g=$1 out=$2 in=$3 a
	shift 3
	ns_add "$g"
	ns_add "$g-h"
	ip -n "$id-br" link add "p-$g" type veth peer name out0 netns "$id-$g"
	ip -n "$id-br" link set "p-$g" master br0 up
	ip -n "$id-$g" addr add "$out" dev out0
	ip -n "$id-$g" link set out0 up
	ip -n "$id-$g" link add in0 type veth peer name eth0 netns "$id-$g-h"
	ip -n "$id-$g" addr add "$in" dev in0
	ip -n "$id-$g" link set in0 up
	in_ns "$g" sysctl -qw net.ipv4.ip_forward=1
	for a in "$@"; do ip -n "$id-$g-h" addr add "$a" dev eth0; done
	ip -n "$id-$g-h" link set eth0 up
	ip -n "$id-$g-h" route add default via "${in%/*}"
}

# out_packets VICI CHILD: the outbound packets counted on the child SAs
# named CHILD of the charon at socket VICI
out_packets() {
	swanctl --list-sas --uri "unix://$1" 2> /dev/null | awk -v c="$2" '
		/^  [^ ].*: #[0-9]+, reqid/ { cur = $1; sub(/:$/, "", cur) }
		cur == c && /^    out / { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^packets/) n += $i }
		END { print n + 0 }'
}

# ns_spawn NAME OUT COMMAND-LINE: run COMMAND-LINE (sh syntax) in
# $id-NAME with a private /run, where charon and keepalived keep their
# sockets and pid files, so that several run side by side; output goes
# to OUT.  Its pid is in $! and in pids.
ns_spawn() {
	setsid ip netns exec "$id-$1" unshare -m sh -c \
		"mount -t tmpfs none /run && exec $3" < /dev/null >> "$2" 2>&1 &
	pids+=($!)
}

# charon_cmd CONF: the command line of a charon reading CONF
charon_cmd() { echo "env STRONGSWAN_CONF='$1' /usr/lib/ipsec/charon"; }

# libipsec_conf FILE NAME [OPTIONS [INCLUDE [PLUGINS]]]: a charon.conf
# for the kernel-libipsec backend with its VICI socket at $tmp/NAME.vici
# and its log in $tmp/NAME.log; OPTIONS (lines) go inside charon { },
# INCLUDE (a charon options file, as the compiler writes them) after it,
# PLUGINS are loaded beside the usual ones (remote access: xauth, eap)
libipsec_conf() {
	local file=$1 n=$2 opts=${3:-} inc=${4:-} more=${5:+ $5}
	{
		echo 'charon {'
		[ -z "$opts" ] || printf '%s\n' "$opts"
		cat <<-EOF
		load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey aes sha1 sha2 hmac gmp gcm curve25519 kdf kernel-libipsec kernel-netlink socket-default vici$more
		plugins {
			vici {
				socket = unix://$tmp/$n.vici
			}
		}
		filelog {
			log {
				path = $tmp/$n.log
				default = 1
				knl = 2
				flush_line = yes
			}
		}
		EOF
		echo '}'
		[ -z "$inc" ] || echo "include $inc"
	} > "$file"
}

# vici_up SOCKET: wait up to 10 s for the charon at SOCKET to answer
vici_up() {
	local i
	for i in $(seq 100); do
		swanctl --stats --uri "unix://$1" > /dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# until_ok TENTHS COMMAND...: poll COMMAND every 0.1 s, TENTHS times at
# most; 0 as soon as it succeeds
until_ok() {
	local n=$1 i
	shift
	for i in $(seq "$n"); do "$@" 2> /dev/null && return 0; sleep 0.1; done
	return 1
}

# anchor GATEWAY SWANCTL.CONF: kernel-libipsec installs a child's routes
# (and so its policies and traps) only when the gateway owns an
# address inside each of its local selectors, which most do not hold.
# anchor() gives the gateway one address of each such selector on a bridge
# that stays down, and routing looks those destinations up in main before
# local, so traffic to a real host there still reaches it.
anchor() {	# gateway swanctl.conf
	local g=$1 conf=$2 item net len a
	ip -n "$id-$g" link add anchor0 type bridge
	ip -n "$id-$g" rule add pref 100 lookup local
	ip -n "$id-$g" rule del pref 0
	for item in $(awk -F' = ' '/local_ts = /{print $2}' "$conf" |
		      tr ',' '\n' | tr -d ' ' | sed 's/\[.*//' | sort -u); do
		net=${item%/*} len=${item#*/}
		a=$(python3 -c 'import ipaddress,sys; n=ipaddress.ip_network(sys.argv[1]); print(n[1] if n.num_addresses > 2 else n[0])' "$item")
		[ -n "$(ip -n "$id-$g" route get "$a" 2> /dev/null | grep -o 'local ')" ] && continue
		python3 -c 'import ipaddress,sys; sys.exit(0 if any(ipaddress.ip_address(x) in ipaddress.ip_network(sys.argv[1]) for x in sys.argv[2:]) else 1)' \
			"$item" $(ip -n "$id-$g" -4 -o addr show | awk '{print $4}' | sed 's|/.*||') && continue
		ip -n "$id-$g" addr add "$a/32" dev anchor0
		ip -n "$id-$g" rule add pref 50 to "$a/32" lookup main
	done
}
