#!/usr/bin/env bash
# bundle.sh - asac bundle and its install.sh on a staging root:
#  - the site pair of testdata/bundle gives one bundle each, named after
#    the hostnames; every file is in the MANIFEST (sha256sum -c), the
#    keys are in a file of mode 0600 and nowhere else; interfaces maps
#    each device to its nameif and address, the README the routes;
#  - a .tar.gz is reproducible (two runs, same bytes), owned by root at
#    time 0, and unpacks to the same files and modes;
#  - install.sh --dry-run changes nothing; install.sh installs, replacing
#    a file of the root and keeping its mode; a second run changes
#    nothing; --rollback leaves the root exactly as it was before;
#  - a bundle that does not match its MANIFEST, or whose ruleset nft -c
#    refuses, changes nothing;
#  - a masked key without --secrets is an error and nothing is written.
# usage: tests/bundle.sh ASAC
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
cd "$(dirname "$0")/../testdata" || exit 2
nfail=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
show() { sed 's/^/    /' "$@"; }
[ "$(id -u)" = 0 ] || { echo "SKIP: bundle install (needs root for nft -c)"; exit 0; }
tmp=$(mktemp -d /tmp/asac-bundle.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

b() { "$ASAC" bundle --iface outside=out0,inside=in0 "$@"; }
if b bundle/site-a.cfg bundle/site-b.cfg -o "$tmp/out" 2> "$tmp/err"; then
	pass "two configurations give two bundles"
else
	fail "two configurations give two bundles"; show "$tmp/err"; exit 1
fi
[ "$(ls "$tmp/out" | tr '\n' ' ')" = "branch hq " ] &&
	pass "named after their hostnames (branch, hq)" ||
	fail "named after their hostnames: $(ls "$tmp/out")"
A=$tmp/out/branch
(cd "$A" && sha256sum --strict -c MANIFEST > "$tmp/sum" 2>&1) &&
	pass "sha256sum -c MANIFEST" || { fail "sha256sum -c MANIFEST"; show "$tmp/sum"; }
listed=$(sed 's/^[0-9a-f]*  //' "$A/MANIFEST" | sort | tr '\n' ' ')
present=$(cd "$A" && find . -type f ! -name MANIFEST | sed 's|^\./||' | sort | tr '\n' ' ')
[ "$listed" = "$present" ] && pass "the MANIFEST lists every other file" ||
	fail "the MANIFEST lists every other file: '$listed' vs '$present'"
[ "$(stat -c %a "$A/etc/swanctl/conf.d/asac-secrets.conf")" = 600 ] &&
	pass "the secrets file is 0600" || fail "the secrets file is 0600"
key=branch-and-hq-bundle-2026
[ "$(grep -rl -- "$key" "$A" | sed "s|$A/||")" = etc/swanctl/conf.d/asac-secrets.conf ] &&
	pass "the key is in the secrets file only" ||
	fail "the key is in the secrets file only: $(grep -rl -- "$key" "$A")"
[ "$(grep -v '^#' "$A/interfaces")" = "out0 outside 0 203.0.113.21/24
in0 inside 100 10.91.0.1/24" ] && grep -q "^  in0 inside 100 10.91.0.1/24$" "$A/README" &&
	pass "interfaces (and the README) give each device its nameif, level and address" ||
	{ fail "interfaces (and the README) give each device its nameif, level and address"; show "$A/interfaces"; }
grep -qx "  ip route add 0.0.0.0/0 via 203.0.113.254 dev out0" "$A/README" &&
	pass "README gives the route commands as ip route lines" ||
	{ fail "README gives the route commands as ip route lines"; show "$A/README"; }
grep -q "1 connection, 1 child" "$A/README" && grep -q "charon-systemd" "$A/README" &&
	pass "README says what will run and which packages" ||
	{ fail "README says what will run and which packages"; show "$A/README"; }

# --- reproducible archive -------------------------------------------------------
mkdir "$tmp/r1" "$tmp/r2"
b bundle/site-a.cfg -o "$tmp/r1/one.tar.gz" 2> /dev/null
sleep 1.1
b bundle/site-a.cfg -o "$tmp/r2/one.tar.gz" 2> /dev/null
cmp -s "$tmp/r1/one.tar.gz" "$tmp/r2/one.tar.gz" && pass "two runs give the same tar.gz bytes" ||
	fail "two runs give the same tar.gz bytes"
tar tvzf "$tmp/r1/one.tar.gz" > "$tmp/list" 2>&1
if ! grep -v ' root/root ' "$tmp/list" | grep -q . &&
   ! grep -v ' 1970-01-01 00:00 ' "$tmp/list" | grep -q . &&
   grep -q '^-rw------- root/root .* one/etc/swanctl/conf.d/asac-secrets.conf$' "$tmp/list"; then
	pass "archive entries: root/root, time 0, secrets 0600"
else
	fail "archive entries: root/root, time 0, secrets 0600"; show "$tmp/list"
fi
mkdir "$tmp/x" && tar xzf "$tmp/r1/one.tar.gz" -C "$tmp/x"
(cd "$tmp/x/one" && sha256sum --strict -c MANIFEST > /dev/null 2>&1) &&
	diff <(cd "$tmp/x/one" && find . -printf '%p %m\n' | sort) \
	     <(cd "$A" && find . -printf '%p %m\n' | sort) > "$tmp/d" &&
	pass "the archive unpacks to the directory's files and modes" ||
	{ fail "the archive unpacks to the directory's files and modes"; show "$tmp/d"; }

# --- install.sh on a staging root ---------------------------------------------
root=$tmp/root
mkdir -p "$root/etc/swanctl/conf.d" "$root/etc/sysctl.d"
echo "# the operator's own" > "$root/etc/swanctl/conf.d/asac.conf"
chmod 640 "$root/etc/swanctl/conf.d/asac.conf"
echo "vm.swappiness = 10" > "$root/etc/sysctl.d/10-local.conf"
snap() { (cd "$root" && find . -printf '%p %m %s %U %G\n' | sort && find . -type f -exec sha256sum {} + | sort); }
snap > "$tmp/before"
"$A/install.sh" --root "$root" --dry-run > "$tmp/dry" 2>&1
rc=$?
snap > "$tmp/after"
if [ $rc = 0 ] && cmp -s "$tmp/before" "$tmp/after" &&
   grep -q "would replace /etc/swanctl/conf.d/asac.conf" "$tmp/dry"; then
	pass "--dry-run prints the plan and changes nothing"
else
	fail "--dry-run prints the plan and changes nothing (exit $rc)"; show "$tmp/dry"
fi
if "$A/install.sh" --root "$root" > "$tmp/inst" 2>&1; then
	pass "install.sh --root installs"
else
	fail "install.sh --root installs"; show "$tmp/inst"
fi
ok=1
while read -r f; do
	cmp -s "$A/$f" "$root/$f" && [ "$(stat -c %a "$A/$f")" = "$(stat -c %a "$root/$f")" ] || { ok=0; echo "$f"; }
done < <(sed -n 's/^[0-9a-f]*  //p' "$A/MANIFEST" | grep -E '^(etc|usr)/') > "$tmp/bad"
[ $ok = 1 ] && pass "every file is in place with its mode" ||
	{ fail "every file is in place with its mode"; show "$tmp/bad"; }
snap > "$tmp/inst1"
"$A/install.sh" --root "$root" > "$tmp/again" 2>&1
snap > "$tmp/inst2"
grep -q "up to date" "$tmp/again" && cmp -s "$tmp/inst1" "$tmp/inst2" &&
	pass "installing again changes nothing" ||
	{ fail "installing again changes nothing"; show "$tmp/again"; }
"$A/install.sh" --root "$root" --rollback > "$tmp/rb" 2>&1
snap > "$tmp/rolled"
diff "$tmp/before" "$tmp/rolled" > "$tmp/d" &&
	pass "--rollback leaves the root exactly as it was" ||
	{ fail "--rollback leaves the root exactly as it was"; show "$tmp/d" "$tmp/rb"; }
"$A/install.sh" --root "$root" --rollback > "$tmp/rb2" 2>&1 &&
	fail "a second --rollback has nothing to do" ||
	pass "a second --rollback has nothing to do"

# --- a broken bundle replaces nothing -------------------------------------------
# refused WHAT BUNDLE PATTERN: its install.sh fails saying PATTERN, and
# the root is as it was
refused() {
	local rc
	"$2/install.sh" --root "$root" > "$tmp/refused" 2>&1
	rc=$?
	snap > "$tmp/after"
	[ $rc != 0 ] && grep -q "$3" "$tmp/refused" && cmp -s "$tmp/before" "$tmp/after" &&
		pass "$1" || { fail "$1 (exit $rc)"; show "$tmp/refused"; }
}
cp -a "$A" "$tmp/tampered"
echo "# changed" >> "$tmp/tampered/etc/nftables.d/asac.nft"
refused "a bundle that does not match its MANIFEST changes nothing" "$tmp/tampered" "MANIFEST"
cp -a "$A" "$tmp/broken"
echo "table inet asac { chain c { tcp dport 99999 accept; }; }" >> "$tmp/broken/etc/nftables.d/asac.nft"
(cd "$tmp/broken" && sed -i '/etc\/nftables.d\/asac.nft$/d' MANIFEST &&
	sha256sum etc/nftables.d/asac.nft >> MANIFEST)
refused "a ruleset nft -c refuses changes nothing" "$tmp/broken" "nft -c refuses"

# --- keys --------------------------------------------------------------------
if "$ASAC" bundle swanctl/masked.cfg -o "$tmp/masked" > /dev/null 2> "$tmp/m"; then
	fail "a masked key without --secrets is an error"
else
	[ ! -e "$tmp/masked" ] && grep -q "secret-unavailable" "$tmp/m" &&
		pass "a masked key without --secrets is an error; nothing written" ||
		{ fail "a masked key without --secrets: nothing written"; show "$tmp/m"; }
fi
exit $((nfail > 0))
