#!/usr/bin/env bash
# vici.sh - runtime/vici.c against real charons: a gateway and a client,
# each in its own network and mount namespace (own /run, own VICI socket,
# kernel-libipsec since this kernel cannot install ESP SAs), joined by a
# veth pair.  tests/tools/vici_probe asks the gateway's charon for its
# version, watches its ike-updown/child-updown events while the client
# connects, lists the SA, terminates it by ike-id, redirects a second one
# (strongswan.md 3.2, 4) and sees charon go away (EOF).
# usage: tests/vici.sh [VICI_PROBE]   (built into a temporary directory if
#        not given; VALGRIND=1 runs it under valgrind; KEEP=1 keeps all)
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/ns.sh

skip() { echo "SKIP: vici against a real charon ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
charon_needed
command -v unshare > /dev/null || skip "unshare (util-linux) not installed"
ns_init vici
show() { sed 's/^/    /' "$@" | head -20; }

probe=${1:-}
if [ -z "$probe" ]; then
	probe=$tmp/vici_probe
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I. -o "$probe" \
		tests/tools/vici_probe.c runtime/vici.c compiler/util.c ||
		{ fail "build vici_probe"; exit 1; }
fi
case $probe in /*) ;; *) probe=$PWD/$probe ;; esac
P=()
[ -n "${VALGRIND:-}" ] && P=(valgrind -q --error-exitcode=9 --leak-check=full)
P+=("$probe")
gw=$tmp/gw.vici
cl=$tmp/cl.vici

# --- two namespaces on a veth pair; each owns an address inside its own
# traffic selector, which kernel-libipsec needs to install the route
# (strongswan.md 3.3) -------------------------------------------------------
for n in gw cl; do
	ip netns add "$id-$n" && nss+=("$id-$n") || { fail "netns $n"; exit 1; }
	ip -n "$id-$n" link set lo up
done
ip -n "$id-gw" link add v0 type veth peer name v0 netns "$id-cl"
ip -n "$id-gw" addr add 10.99.0.1/24 dev v0
ip -n "$id-cl" addr add 10.99.0.2/24 dev v0
ip -n "$id-gw" addr add 192.168.50.1/32 dev lo
ip -n "$id-cl" addr add 192.168.60.1/32 dev lo
ip -n "$id-gw" link set v0 up
ip -n "$id-cl" link set v0 up

cat > "$tmp/gw.swanctl.conf" <<-EOF
connections {
	ra-anyconnect-test {
		version = 2
		local_addrs = 10.99.0.1
		local {
			auth = psk
			id = gw.example
		}
		remote {
			auth = psk
			id = client.example
		}
		children {
			net {
				local_ts = 192.168.50.0/24
				remote_ts = 192.168.60.0/24
			}
		}
	}
}
secrets {
	ike-1 {
		id-1 = gw.example
		id-2 = client.example
		secret = 0sdmljaS1zaC10ZXN0LWtleQ==
	}
}
EOF
cat > "$tmp/cl.swanctl.conf" <<-EOF
connections {
	home {
		version = 2
		remote_addrs = 10.99.0.1
		local {
			auth = psk
			id = client.example
		}
		remote {
			auth = psk
			id = gw.example
		}
		children {
			net {
				local_ts = 192.168.60.0/24
				remote_ts = 192.168.50.0/24
			}
		}
	}
}
secrets {
	ike-1 {
		id-1 = gw.example
		id-2 = client.example
		secret = 0sdmljaS1zaC10ZXN0LWtleQ==
	}
}
EOF

# --- a charon per namespace (the recipe of tests/tunnels.sh) -------------
for n in gw cl; do
	# after a redirect the gateway deletes the SA only when the client
	# does, or after half_open_timeout (30 s; ike_redirect.c)
	libipsec_conf "$tmp/$n.conf" "$n" "half_open_timeout = 4"
	ns_spawn "$n" "$tmp/$n.out" "$(charon_cmd "$tmp/$n.conf")"
	eval "pid_$n=\$!"
done
for n in gw cl; do
	up=
	for _ in $(seq 100); do
		"${P[@]}" "$tmp/$n.vici" version > "$tmp/version" 2>&1 && { up=1; break; }
		sleep 0.1
	done
	if [ -z "$up" ]; then
		fail "charon in namespace $n answers version"
		show "$tmp/version" "$tmp/$n.out"
		exit 1
	fi
	if ! swanctl --load-all --noprompt --file "$tmp/$n.swanctl.conf" \
		--uri "unix://$tmp/$n.vici" > "$tmp/$n.load" 2>&1; then
		fail "charon in namespace $n loads its swanctl.conf"
		show "$tmp/$n.load"
		exit 1
	fi
done

# --- version, stats, an unknown command ----------------------------------
if grep -qx 'daemon=charon' "$tmp/version" && grep -q '^version=5\.' "$tmp/version"; then
	pass "version answers daemon=charon, $(grep '^version=' "$tmp/version")"
else
	fail "version answers daemon=charon"
	show "$tmp/version"
fi
out=$("${P[@]}" "$gw" stats 2>&1)
if [ "$out" = "ikesas.total=0 ikesas.half-open=0" ]; then
	pass "stats: the dotted paths ikesas.total and ikesas.half-open ($out)"
else
	fail "stats: ikesas.total=0 ikesas.half-open=0: got '$out'"
fi
"${P[@]}" "$gw" call bogus-cmd > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -q "unknown command 'bogus-cmd'" "$tmp/err"; then
	pass "an unknown command is reported (CMD_UNKNOWN)"
else
	fail "an unknown command is reported (CMD_UNKNOWN): exit $rc"
	show "$tmp/err"
fi

# --- watch the gateway while the client connects -------------------------
wait_for() {	# file extended-regex [tenths of a second]: 0 once it matches
	local i
	for i in $(seq "${3:-150}"); do
		grep -qE "$2" "$1" 2> /dev/null && return 0
		sleep 0.1
	done
	return 1
}
# 8 events: two sessions, each ike-updown and child-updown up and down
"${P[@]}" "$gw" watch 8 50 > "$tmp/watch" 2> "$tmp/watch.err" &
watcher=$!
pids+=($watcher)
wait_for "$tmp/watch" '^watching$' 100 || { fail "watcher registers"; show "$tmp/watch.err"; exit 1; }
initiate() {
	if swanctl --initiate --child net --timeout 15 --uri "unix://$cl" \
		> "$tmp/init" 2>&1; then
		pass "the client brings up its SA ($1)"
	else
		fail "the client brings up its SA ($1)"
		grep -v '^plugin' "$tmp/init" | tail -8 | sed 's/^/    /'
	fi
}
initiate "first session"
re='^ike-updown up ra-anyconnect-test uniqueid=([0-9]+) remote-host=10\.99\.0\.2$'
if wait_for "$tmp/watch" "$re"; then
	id1=$(sed -nE "s/$re/\1/p" "$tmp/watch" | head -1)
	pass "the watcher sees ike-updown up for ra-anyconnect-test (uniqueid $id1)"
else
	id1=0
	fail "the watcher sees ike-updown up for ra-anyconnect-test"
	show "$tmp/watch" "$tmp/watch.err"
fi
if wait_for "$tmp/watch" "^child-updown up ra-anyconnect-test uniqueid=$id1 .* child=net$"; then
	pass "the watcher sees child-updown up for child net"
else
	fail "the watcher sees child-updown up for child net"
	show "$tmp/watch"
fi

# --- list-sas: the list-sa events stream before the response ---------------
"${P[@]}" "$gw" list > "$tmp/list" 2>&1
want="ra-anyconnect-test uniqueid=$id1 state=ESTABLISHED remote-host=10.99.0.2 version=2 children=1"
if grep -qx "$want" "$tmp/list"; then
	pass "list shows the SA: $want"
else
	fail "list shows the SA: $want"
	show "$tmp/list"
fi

# --- terminate by ike-id ---------------------------------------------------
if "${P[@]}" "$gw" terminate "$id1" > "$tmp/term" 2>&1 &&
   grep -qx 'success=yes' "$tmp/term" && grep -qx 'terminated=1' "$tmp/term"; then
	pass "terminate ike-id $id1: success=yes terminated=1"
else
	fail "terminate ike-id $id1"
	show "$tmp/term"
fi
if wait_for "$tmp/watch" "^ike-updown down ra-anyconnect-test uniqueid=$id1 remote-host=10\.99\.0\.2$"; then
	pass "the watcher sees ike-updown down for uniqueid $id1"
else
	fail "the watcher sees ike-updown down for uniqueid $id1"
	show "$tmp/watch"
fi
"${P[@]}" "$gw" list > "$tmp/list" 2>&1
if [ ! -s "$tmp/list" ]; then
	pass "list is empty after the terminate"
else
	fail "list is empty after the terminate"
	show "$tmp/list"
fi
"${P[@]}" "$gw" terminate "$id1" > "$tmp/term" 2>&1
rc=$?
if [ $rc = 1 ] && grep -qx 'success=no' "$tmp/term"; then
	pass "terminate of a gone ike-id answers success=no ($(grep errmsg= "$tmp/term"))"
else
	fail "terminate of a gone ike-id answers success=no (exit $rc)"
	show "$tmp/term"
fi

# --- redirect a second session by peer-ip (RFC 5685, strongswan.md 3.2) ----
: > "$tmp/init"
initiate "second session"
re2="^ike-updown up ra-anyconnect-test uniqueid=([0-9]+) remote-host=10\.99\.0\.2$"
id2=
if wait_for "$tmp/watch" "^child-updown up .*uniqueid=[0-9]+ .*" &&
   [ "$(grep -cE "$re2" "$tmp/watch")" = 2 ]; then
	id2=$(sed -nE "s/$re2/\1/p" "$tmp/watch" | tail -1)
fi
if "${P[@]}" "$gw" redirect 10.99.0.2 10.99.0.3 > "$tmp/redir" 2>&1 &&
   grep -qx 'success=yes' "$tmp/redir" && grep -qx 'matches=1' "$tmp/redir"; then
	pass "redirect peer-ip 10.99.0.2 to 10.99.0.3: success=yes matches=1"
else
	fail "redirect peer-ip 10.99.0.2 to 10.99.0.3 (second SA ${id2:-not up})"
	show "$tmp/redir"
fi
# the client (5.9.8) keeps the old SA until the new one is up, which
# never happens here (no 10.99.0.3), so the gateway deletes it after
# half_open_timeout
if [ -n "$id2" ] && wait_for "$tmp/watch" "^ike-updown down ra-anyconnect-test uniqueid=$id2 " 100; then
	pass "the redirected SA $id2 goes down on the gateway (after half_open_timeout)"
else
	fail "the redirected SA ${id2:-?} goes down on the gateway"
	show "$tmp/watch"
fi
if wait_for "$tmp/cl.log" 'redirected to 10\.99\.0\.3' 50; then
	pass "the client logs: redirected to 10.99.0.3"
else
	fail "the client logs: redirected to 10.99.0.3"
	grep -i redir "$tmp/cl.log" | head -5 | sed 's/^/    /'
fi
wait "$watcher"
rc=$?
if [ $rc = 0 ] && [ "$(grep -c updown "$tmp/watch")" = 8 ]; then
	pass "the watcher printed its 8 events and exited"
else
	fail "the watcher printed its 8 events and exited (exit $rc)"
	show "$tmp/watch" "$tmp/watch.err"
fi

# --- charon goes away: the watcher sees EOF --------------------------------
"${P[@]}" "$gw" watch 1 20 > "$tmp/watch" 2> "$tmp/watch.err" &
watcher=$!
pids+=($watcher)
wait_for "$tmp/watch" '^watching$' 100
kill "$pid_gw"
wait "$watcher"
rc=$?
if [ $rc = 3 ] && grep -q 'charon closed the connection' "$tmp/watch.err"; then
	pass "the watcher reports EOF when charon stops"
else
	fail "the watcher reports EOF when charon stops (exit $rc)"
	show "$tmp/watch.err"
fi

[ "$nfail" = 0 ]
