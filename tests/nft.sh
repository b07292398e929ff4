#!/usr/bin/env bash
# nft.sh - the nftables back end.  For every testdata/nft/NAME.cfg
# (NAME.nftargs: extra compile options):
#   - `asac compile --target nft` matches NAME.nft and NAME.compile.diag
#     (its diagnostics and exit status);
#   - nft -c (inside unshare -n: the kernel validates) accepts NAME.nft.
# Then: nft -c accepts the compiled ruleset of every configuration of
# testdata that compiles; loading a ruleset twice in a namespace gives the
# same table and leaves another table alone; and real packets through a
# firewall namespace agree with `asac trace` (tests/nft-packets.py).
#   REGEN=1  rewrite the goldens.
# usage: tests/nft.sh ASAC [packets]   (skip the packets with "nopackets")
set -u
ASAC=$1
MODE=${2:-packets}
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
REGEN=${REGEN:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/testdata" || exit 2
tmp=$(mktemp -d /tmp/asac-nft.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

. "$root/tests/golden.sh"

have_nft=
if [ -n "${NFT_NO_KERNEL:-}" ]; then
	:
elif ! command -v nft > /dev/null; then
	echo "SKIP: nft -c and packet tests (nftables not installed)"
elif [ "$(id -u)" != 0 ] || ! unshare -n nft list ruleset > /dev/null 2>&1; then
	echo "SKIP: nft -c and packet tests (need root and a network namespace with nf_tables)"
else
	have_nft=1
fi

nft_check() {	# title file
	if [ -z "$have_nft" ]; then
		return
	elif out=$(unshare -n nft -c -f "$2" 2>&1); then
		pass "nft -c $1"
	else
		fail "nft -c $1"
		printf '%s\n' "$out" | head -10 | sed 's/^/    /'
	fi
}

for cfg in nft/*.cfg nft/ifmap/*.cfg; do
	name=${cfg%.cfg}
	args=()
	[ -f "$name.nftargs" ] && read -r -a args < "$name.nftargs"
	rm -rf "$tmp/out"
	"$ASAC" compile "$cfg" --target nft "${args[@]}" --color never \
		-o "$tmp/out" > /dev/null 2> "$tmp/diag"
	echo "exit $?" >> "$tmp/diag"
	if grep -qE 'Sanitizer|runtime error' "$tmp/diag"; then
		fail "compile $cfg (sanitizer report)"
		head -20 "$tmp/diag" | sed 's/^/    /'
		continue
	fi
	golden "compile diagnostics $cfg" "$name.compile.diag" "$tmp/diag"
	if [ -f "$tmp/out/asac.nft" ]; then
		golden "compile $cfg" "$name.nft" "$tmp/out/asac.nft"
		nft_check "$cfg" "$tmp/out/asac.nft"
	fi
done

# .asac.yaml `interfaces:` (nft/ifmap): --iface wins over it; without it
# the 18-character nameif is an error; a bad entry is one with its place
mkdir -p "$tmp/ifm"
cp nft/ifmap/site.cfg "$tmp/ifm/"
out=$("$ASAC" compile nft/ifmap/site.cfg --target nft -o - \
	--iface inside=ens4 2>&1)
if printf '%s\n' "$out" | grep -q 'iifname "ens4" jump in_inside' &&
   printf '%s\n' "$out" | grep -q 'iifname "mgmt0"'; then
	pass "--iface wins over .asac.yaml interfaces, which map the rest"
else
	fail "--iface over .asac.yaml interfaces"
fi
out=$("$ASAC" compile "$tmp/ifm/site.cfg" --target nft -o - --color never 2>&1)
rc=$?
if [ $rc = 1 ] && printf '%s\n' "$out" | grep -q \
	"site.cfg:13:9: error: 'management-network' is not a valid Linux interface name"; then
	pass "a nameif Linux cannot have, unmapped: error at the nameif"
else
	fail "unmapped long nameif (exit $rc)"
	printf '%s\n' "$out" | head -5 | sed 's/^/    /'
fi
printf 'interfaces:\n  inside: eth1\n  outside: "eth 0"\n' > "$tmp/ifm/.asac.yaml"
out=$("$ASAC" compile "$tmp/ifm/site.cfg" --target nft -o - 2>&1)
rc=$?
if [ $rc = 2 ] && [ "$out" = "asac: $tmp/ifm/.asac.yaml:3:12: 'eth 0' is not a valid Linux interface name (1-15 characters, no '/', ':', '\"' or blanks)" ]; then
	pass "a bad interfaces entry: exit 2 with file:line:col"
else
	fail "bad interfaces entry (exit $rc)"
	printf '%s\n' "$out" | head -5 | sed 's/^/    /'
fi

[ -n "$REGEN" ] && exit 0
[ -z "$have_nft" ] && exit 0

# every configuration that compiles gives a ruleset the kernel accepts
n=0 bad=0
for cfg in $(find . -name '*.cfg' ! -path './bogons/*' | LC_ALL=C sort); do
	"$ASAC" compile "$cfg" --target nft -o - > "$tmp/any.nft" 2> /dev/null || continue
	n=$((n + 1))
	if ! out=$(unshare -n nft -c -f "$tmp/any.nft" 2>&1); then
		bad=$((bad + 1))
		echo "    $cfg: $(printf '%s\n' "$out" | head -1)"
	fi
done
if [ $bad -eq 0 ] && [ $n -gt 0 ]; then
	pass "nft -c accepts the ruleset of all $n configurations that compile"
else
	fail "nft -c refused $bad of $n rulesets"
fi

# atomic replace: loading twice changes nothing, another table survives
"$ASAC" compile nft/fw.cfg --target nft -o "$tmp/fw" 2> /dev/null
if out=$(unshare -n sh -c '
	nft add table ip other && nft add chain ip other c &&
	nft -f "$1" && nft list table inet asac > "$2/one" &&
	nft -f "$1" && nft list table inet asac > "$2/two" &&
	nft list table ip other > /dev/null &&
	cmp "$2/one" "$2/two"' sh "$tmp/fw/asac.nft" "$tmp" 2>&1); then
	pass "loading the ruleset twice gives the same table and keeps other tables"
else
	fail "loading the ruleset twice"
	printf '%s\n' "$out" | head -10 | sed 's/^/    /'
fi

[ "$MODE" = nopackets ] && exit 0
cd "$root" || exit 2
NFT_PACKETS=${NFT_PACKETS:-220} python3 tests/nft-packets.py \
	testdata/nft/fw.cfg testdata/nft/nat.cfg testdata/nft/vpn.cfg \
	testdata/trace/nat82.cfg testdata/trace/nat.cfg testdata/nft/static82.cfg \
	testdata/demo/branch-office.cfg testdata/trace/uturn.cfg testdata/trace/uturn-intra.cfg
