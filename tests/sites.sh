#!/usr/bin/env bash
# sites.sh - the bundles of a site-to-site pair on two Linux "machines":
# testdata/bundle/site-a.cfg (branch) and site-b.cfg (hq) go through
# `asac bundle --ipsec-backend libipsec`; each bundle is installed with
# its install.sh --root into a staging root of its own, and a gateway
# namespace (out0 on a bridge, in0 to a host behind it) runs what that
# root holds: the sysctls, the nftables ruleset, a charon (own mount
# namespace and /run, kernel-libipsec) reading the root's charon options
# and swanctl files, and the root's asacd with its asacd.json unchanged.
# Checks:
#  - the tunnel comes up and a ping from the branch host reaches the hq
#    host through it (counted on the child SA);
#  - TCP to hq's telnet port, which the branch's inside ACL denies, is
#    dropped (no answer; it connects while the ruleset is unloaded), while
#    TCP to another port of the same host connects; `asac trace` says the
#    same of both;
#  - the branch allows one LAN-to-LAN session (max-other-vpn-limit 1):
#    a second IKE_SA from hq is terminated by the branch's asacd, which
#    counts it refused, and the first one still carries traffic;
#  - install.sh --rollback leaves each staging root as it was before;
#  - the key is in no log or output of install.sh, charon, asacd;
#  - asac bundle --check deploys the branch's bundle into a sandbox and
#    removes it (exit 0), and fails (exit 1) on a bundle whose connection
#    charon refuses.
# usage: tests/sites.sh ASAC      (KEEP=1 leaves namespaces and logs)
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
. "$(dirname "$0")/ns.sh"
cd "$(dirname "$0")/../testdata/bundle" || exit 2

skip() { echo "SKIP: a site pair from bundles ($*)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
charon_needed
command -v ping > /dev/null || skip "ping (iputils-ping) not installed"
command -v python3 > /dev/null || skip "python3 not installed"
command -v nsenter > /dev/null || skip "nsenter (util-linux) not installed"
ns_init sites

if "$ASAC" bundle --iface outside=out0,inside=in0 --ipsec-backend libipsec \
	site-a.cfg site-b.cfg -o "$tmp/b" > /dev/null 2> "$tmp/bundle.err"; then
	pass "asac bundle: a bundle for branch and one for hq"
else
	fail "asac bundle: a bundle for branch and one for hq"; show "$tmp/bundle.err"; exit 1
fi

# --- two machines ----------------------------------------------------------
ns_bridge
ns_gateway branch 203.0.113.21/24 10.91.0.1/24 10.91.0.2/24
ns_gateway hq 203.0.113.22/24 10.92.0.1/24 10.92.0.2/24
snap() { (cd "$1" && find . -printf '%p %m %s\n' | sort && find . -type f -exec sha256sum {} + | sort); }
declare -A cpid
for g in branch hq; do
	root=$tmp/root-$g
	mkdir -p "$root/etc"
	echo "# the machine's own" > "$root/etc/hostname"
	snap "$root" > "$tmp/$g.before"
	if "$tmp/b/$g/install.sh" --root "$root" > "$tmp/$g.install" 2>&1; then
		pass "$g: install.sh --root installs the bundle"
	else
		fail "$g: install.sh --root installs the bundle"; show "$tmp/$g.install"; exit 1
	fi
	in_ns "$g" sysctl -q -p "$root/etc/sysctl.d/60-asac.conf" > "$tmp/$g.sysctl" 2>&1 &&
	in_ns "$g" nft -f "$root/etc/nftables.d/asac.nft" > "$tmp/$g.nft" 2>&1 &&
		pass "$g: the root's sysctls and ruleset load" ||
		{ fail "$g: the root's sysctls and ruleset load"; show "$tmp/$g.sysctl" "$tmp/$g.nft"; }
	# hq opens a second IKE_SA for the same child on request (a session
	# over the branch's limit); the bundle's options come from the root
	opts="include $root/etc/strongswan.d/charon/*.conf"
	[ $g = hq ] && opts="$opts
reuse_ikesa = no"
	libipsec_conf "$tmp/$g.conf" "$g" "$opts"
	ns_spawn "$g" "$tmp/$g.out" "$(charon_cmd "$tmp/$g.conf")"
	cpid[$g]=$!
done
# asacd.json says /run/charon.vici: in charon's private /run, that name
# leads to its socket
in_charon() { local g=$1; shift; nsenter -t "${cpid[$g]}" -m -n "$@"; }
for g in branch hq; do
	root=$tmp/root-$g
	vici_up "$tmp/$g.vici" || { fail "$g: charon starts"; show "$tmp/$g.out"; exit 1; }
	in_charon "$g" ln -s "$tmp/$g.vici" /run/charon.vici
	anchor "$g" "$root/etc/swanctl/conf.d/asac.conf"
	printf 'include %s\n' "$root/etc/swanctl/conf.d/*.conf" > "$tmp/$g.swanctl.conf"
	if swanctl --load-all --noprompt --file "$tmp/$g.swanctl.conf" \
		--uri "unix://$tmp/$g.vici" > "$tmp/$g.load" 2>&1 &&
	   grep -q "successfully loaded 1 connections" "$tmp/$g.load"; then
		pass "$g: charon loads the root's swanctl files"
	else
		fail "$g: charon loads the root's swanctl files"; show "$tmp/$g.load"; exit 1
	fi
	nsenter -t "${cpid[$g]}" -m -n "$root/usr/sbin/asacd" -c "$root/etc/asacd/asacd.json" \
		--time-scale 5 >> "$tmp/$g.asacd.log" 2>&1 &
	pids+=($!)
done
for g in branch hq; do
	until_ok 100 grep -q "connected to charon" "$tmp/$g.asacd.log" &&
		pass "$g: the root's asacd runs with its asacd.json" ||
		{ fail "$g: the root's asacd runs with its asacd.json"; show "$tmp/$g.asacd.log"; }
done
sw() { local g=$1; shift; swanctl "$@" --uri "unix://$tmp/$g.vici"; }
ctl() { local g=$1; shift; in_charon "$g" "$tmp/root-$g/usr/sbin/asacctl" "$@"; }
jget() {	# MACHINE KEY.KEY...: a number from asacctl status --json
	ctl "$1" status --json 2> /dev/null | python3 -c "
import json, sys
o = json.load(sys.stdin)
for k in sys.argv[1].split('.'):
    o = o[k]
print(o)" "$2"
}

# --- the tunnel, and the branch's inside ACL ------------------------------------
# kernel-libipsec raises no acquire for a trap, so the branch initiates
if sw branch --initiate --child OUT-10-1 --timeout 20 > "$tmp/init" 2>&1; then
	pass "the tunnel between branch and hq comes up"
else
	fail "the tunnel between branch and hq comes up"; show "$tmp/init"; exit 1
fi
in_ns branch-h ping -q -c 1 -W 2 10.92.0.2 > /dev/null 2>&1
before=$(out_packets "$tmp/branch.vici" OUT-10-1)
if in_ns branch-h ping -q -c 4 -i 0.2 -W 2 10.92.0.2 > "$tmp/ping" 2>&1; then
	after=$(out_packets "$tmp/branch.vici" OUT-10-1)
	[ $((after - before)) -ge 4 ] &&
		pass "ping from 10.91.0.2 to 10.92.0.2 passes, through the tunnel ($before -> $after packets)" ||
		fail "ping from 10.91.0.2 to 10.92.0.2: not on the child SA ($before -> $after)"
else
	fail "ping from 10.91.0.2 to 10.92.0.2 passes"; show "$tmp/ping"
fi
# a host at hq listening on 23 (telnet) and 2323
ip netns exec "$id-hq-h" python3 -c '
import socket, select
ls = []
for p in (23, 2323):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", p)); s.listen(8); ls.append(s)
while True:
    for s in select.select(ls, [], [])[0]:
        c, _ = s.accept(); c.sendall(b"hq\n"); c.close()
' > "$tmp/listen.log" 2>&1 &
pids+=($!)
connect() {	# NS ADDR PORT: 0 when a TCP connection is made within 3 s
	in_ns "$1" python3 -c '
import socket, sys
socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3).close()' "$2" "$3" 2> /dev/null
}
until_ok 30 connect hq-h 127.0.0.1 23 || fail "the hq host listens on 23"
if connect branch-h 10.92.0.2 2323; then
	pass "TCP from 10.91.0.2 to 10.92.0.2 port 2323 connects (INSIDE-IN permits it)"
else
	fail "TCP from 10.91.0.2 to 10.92.0.2 port 2323 connects"
fi
if connect branch-h 10.92.0.2 23; then
	fail "TCP from 10.91.0.2 to 10.92.0.2 port 23 is dropped (INSIDE-IN denies telnet)"
else
	pass "TCP from 10.91.0.2 to 10.92.0.2 port 23 is dropped (INSIDE-IN denies telnet)"
fi
# the ruleset is what drops it: without table inet asac, it connects
in_ns branch nft delete table inet asac &&
	connect branch-h 10.92.0.2 23 &&
	in_ns branch nft -f "$tmp/root-branch/etc/nftables.d/asac.nft" &&
	! connect branch-h 10.92.0.2 23 &&
	pass "the branch's ruleset is what drops telnet (without it, it connects)" ||
	fail "the branch's ruleset is what drops telnet (without it, it connects)"
"$ASAC" trace --expect drop site-a.cfg input inside tcp 10.91.0.2 40000 10.92.0.2 23 \
	> "$tmp/t1" 2>&1 &&
"$ASAC" trace --expect protect:OUT:10 site-a.cfg input inside tcp 10.91.0.2 40000 10.92.0.2 2323 \
	> "$tmp/t2" 2>&1 &&
	pass "asac trace: telnet dropped, port 2323 protected by OUT 10" ||
	{ fail "asac trace: telnet dropped, port 2323 protected by OUT 10"; show "$tmp/t1" "$tmp/t2"; }

# --- max-other-vpn-limit 1 at the branch ---------------------------------------
ike_sas() { sw "$1" --list-sas 2> /dev/null | grep -c '^[^ ].*ESTABLISHED'; }
until_ok 50 eval '[ "$(jget branch sessions.other.active)" = 1 ]' ||
	fail "branch's asacd counts the tunnel: $(jget branch sessions.other.active) other sessions"
sw hq --initiate --child OUT-10-1 --timeout 20 > "$tmp/init2" 2>&1
if until_ok 100 eval '[ "$(jget branch sessions.other.refused)" -ge 1 ]' &&
   until_ok 50 eval '[ "$(ike_sas branch)" = 1 ]'; then
	pass "a second IKE_SA from hq is terminated by the branch's asacd (limit 1)"
else
	fail "a second IKE_SA from hq is terminated by the branch's asacd (limit 1)"
	sw branch --list-sas | show; show "$tmp/branch.asacd.log"
fi
grep -q "refused other session .* the limit of 1 is reached" "$tmp/branch.asacd.log" &&
	pass "the branch's asacd logs the refusal with the limit" ||
	{ fail "the branch's asacd logs the refusal with the limit"; show "$tmp/branch.asacd.log"; }
in_ns branch-h ping -q -c 3 -i 0.2 -W 2 10.92.0.2 > "$tmp/ping" 2>&1 &&
	pass "the first IKE_SA still carries the traffic" ||
	{ fail "the first IKE_SA still carries the traffic"; show "$tmp/ping"; }

# --- rollback ------------------------------------------------------------------
for g in branch hq; do
	"$tmp/b/$g/install.sh" --root "$tmp/root-$g" --rollback > "$tmp/$g.rb" 2>&1
	snap "$tmp/root-$g" > "$tmp/$g.after"
	diff "$tmp/$g.before" "$tmp/$g.after" > "$tmp/$g.diff" &&
		pass "$g: --rollback leaves the staging root as it was" ||
		{ fail "$g: --rollback leaves the staging root as it was"; show "$tmp/$g.diff" "$tmp/$g.rb"; }
done

# --- asac bundle --check ----------------------------------------------------------
scratch() {
	ls -d /tmp/asac-check.* 2> /dev/null
	ip netns list | grep '^asac-check-'
	pgrep -f '^/tmp/asac-check\.|/usr/lib/ipsec/charon' | sort
}
scratch > "$tmp/scratch.before"
"$ASAC" bundle --check "$tmp/b/branch" > "$tmp/check" 2>&1
rc=$?
if [ $rc = 0 ] && grep -q "^[0-9]* loaded, 0 failed$" "$tmp/check" &&
   grep -q "ok .*nftables: table inet asac" "$tmp/check" &&
   grep -q "ok .*strongSwan: 1 connection and 1 secret loaded" "$tmp/check" &&
   grep -q "ok .*asacd: connected to charon" "$tmp/check"; then
	pass "asac bundle --check: the branch's bundle loads in a sandbox"
else
	fail "asac bundle --check: the branch's bundle loads in a sandbox (exit $rc)"; show "$tmp/check"
fi
scratch | diff "$tmp/scratch.before" - > "$tmp/scratch.diff" &&
	pass "asac bundle --check leaves no namespace, scratch root or process" ||
	{ fail "asac bundle --check leaves no namespace, scratch root or process"; show "$tmp/scratch.diff"; }
cp -a "$tmp/b/branch" "$tmp/refused"
sed -i 's/^\(\t*proposals = \).*/\1aes256-sha256-nosuchgroup/' "$tmp/refused/etc/swanctl/conf.d/asac.conf"
(cd "$tmp/refused" && sed -i '/etc\/swanctl\/conf.d\/asac.conf$/d' MANIFEST &&
	sha256sum etc/swanctl/conf.d/asac.conf >> MANIFEST)
"$ASAC" bundle --check "$tmp/refused" > "$tmp/check2" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "FAILED  strongSwan" "$tmp/check2" &&
	pass "asac bundle --check: a connection charon refuses fails the check (exit 1)" ||
	{ fail "asac bundle --check: a connection charon refuses fails the check (exit $rc)"; show "$tmp/check2"; }
# the key is in the secrets files only: not in what install.sh, charon,
# asacd or --check said
key=branch-and-hq-bundle-2026
leaks=$(cd "$tmp" && grep -l -- "$key" *.install *.log *.out *.load check check2 init init2 2> /dev/null)
[ -z "$leaks" ] && pass "the key appears in no log or output" ||
	fail "the key appears in: $leaks"
exit $((nfail > 0))
