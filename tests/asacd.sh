#!/usr/bin/env bash
# asacd.sh - the cluster daemon's core through `asacd --simulate`: every
# testdata/asacd/sim/NAME.json has its decisions in NAME.out (JSON lines,
# each checked to parse), every testdata/asacd/errors/NAME.json its error
# and exit status in NAME.out.  Then 100,000 connects on ten members must
# give 100,000 redirects spread over all ten.
#   REGEN=1  rewrite the goldens.
# Then `asac compile --target asacd` of testdata/asacd/compile/*.cfg and
# of seeds 000 and 003 (asacd.json, diagnostics, and asacd --check of
# the result), asacd --check of testdata/asacd/check/*.json, and a few
# runs under Valgrind (leaks and invalid accesses fail).
# usage: tests/asacd.sh ASACD   (asac is the asac beside it)
set -u
ASACD=$1
case $ASACD in /*) ;; *) ASACD=$PWD/$ASACD ;; esac
ASAC=$(dirname "$ASACD")/asac
REGEN=${REGEN:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/testdata/asacd" || exit 2
tmp=$(mktemp -d /tmp/asac-asacd.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

. "$root/tests/golden.sh"

sanitizer() {	# file: true when it holds a sanitizer report
	grep -qE 'Sanitizer|runtime error' "$1"
}

for f in sim/*.json; do
	name=${f%.json}
	"$ASACD" --simulate "$f" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if sanitizer "$tmp/err" || [ $rc -ne 0 ]; then
		fail "simulate $f (exit $rc)"
		head -20 "$tmp/err" | sed 's/^/    /'
		continue
	fi
	if python3 -c 'import json,sys
for l in sys.stdin: json.loads(l)' < "$tmp/out"; then
		pass "simulate $f: JSON lines"
	else
		fail "simulate $f: JSON lines"
	fi
	golden "simulate $f" "$name.out" "$tmp/out"
done

for f in errors/*.json; do
	name=${f%.json}
	"$ASACD" --simulate "$f" > "$tmp/out" 2>&1
	echo "exit $?" >> "$tmp/out"
	if sanitizer "$tmp/out"; then
		fail "simulate $f (sanitizer report)"
		continue
	fi
	golden "simulate $f (error)" "$name.out" "$tmp/out"
done

# ten members, 100,000 connects: every one is placed, on every member
python3 - "$tmp/big.json" <<'PY'
import json, sys
nodes = [{"name": "asa%d" % i, "ip": "10.0.0.%d" % i, "priority": 1 + i % 10,
          "limits": {"anyconnect": 20000, "other": 5000}} for i in range(1, 11)]
events = [{"t": 30, "type": "connect", "class": "anyconnect", "count": 80000},
          {"t": 31, "type": "connect", "class": "other", "count": 20000}]
json.dump({"nodes": nodes, "events": events}, open(sys.argv[1], "w"))
PY
"$ASACD" --simulate "$tmp/big.json" > "$tmp/big.out" 2>&1
got=$(grep -c '"event":"redirect"' "$tmp/big.out")
spread=$(grep -o '"target":"[^"]*"' "$tmp/big.out" | sort | uniq -c | awk '{print $1}' | sort -n | sed -n '1p;$p' | tr '\n' ' ')
if [ "$got" = 100000 ] && ! grep -q '"refuse"' "$tmp/big.out" &&
   [ "$(grep -o '"target":"[^"]*"' "$tmp/big.out" | sort -u | wc -l)" = 10 ]; then
	pass "100,000 connects on ten members: all placed (fewest/most per member: $spread)"
else
	fail "100,000 connects on ten members: $got redirects"
	grep -v redirect "$tmp/big.out" | head -5 | sed 's/^/    /'
fi

# asac compile --target asacd: asacd.json and the diagnostics, then
# asacd --check on what came out (when it has no null to fill in)
for cfg in compile/*.cfg seeds:../seeds/000-load-balancing-fqdn-example.cfg \
	   seeds:../seeds/003-ikev2-load-balancer.cfg; do
	case $cfg in
	seeds:*) src=${cfg#seeds:}; name=compile/seed-$(basename "${src%.cfg}") ;;
	*) src=$cfg; name=${cfg%.cfg} ;;
	esac
	rm -rf "$tmp/c"
	"$ASAC" compile "$src" --target asacd --color never -o "$tmp/c" \
		> /dev/null 2> "$tmp/diag"
	echo "exit $?" >> "$tmp/diag"
	if sanitizer "$tmp/diag"; then
		fail "compile --target asacd $src (sanitizer report)"
		continue
	fi
	golden "compile --target asacd $src: diagnostics" "$name.compile.diag" "$tmp/diag"
	golden "compile --target asacd $src: asacd.json" "$name.asacd.json" "$tmp/c/asacd.json"
	"$ASACD" --check -c "$tmp/c/asacd.json" > "$tmp/check" 2>&1
	echo "exit $?" >> "$tmp/check"
	sed -i "s|$tmp/c/||" "$tmp/check"
	golden "asacd --check of $src's asacd.json" "$name.check" "$tmp/check"
	# IOS: keepalived.conf for the HSRP group, which keepalived accepts
	grep -q '"mode": "ios"' "$tmp/c/asacd.json" || continue
	"$ASACD" --keepalived -c "$tmp/c/asacd.json" \
		--asacctl /usr/sbin/asacctl > "$tmp/ka" 2>&1
	echo "exit $?" >> "$tmp/ka"
	sed -i "s|$tmp/c/||" "$tmp/ka"
	golden "asacd --keepalived of $src's asacd.json" "$name.keepalived" "$tmp/ka"
	if [ "$(tail -1 "$tmp/ka")" = "exit 0" ] &&
	   command -v keepalived > /dev/null; then
		sed '$d' "$tmp/ka" > "$tmp/ka.conf"
		keepalived -t -f "$tmp/ka.conf" > "$tmp/kat" 2>&1 &&
			pass "keepalived -t accepts it ($src)" ||
			{ fail "keepalived -t ($src)"; sed 's/^/    /' "$tmp/kat"; }
	fi
done

for f in check/*.json; do
	"$ASACD" --check -c "$f" > "$tmp/out" 2>&1
	echo "exit $?" >> "$tmp/out"
	if sanitizer "$tmp/out"; then
		fail "asacd --check $f (sanitizer report)"
		continue
	fi
	golden "asacd --check $f" "${f%.json}.out" "$tmp/out"
done

# a tunnel group whose key only --secrets has is in asacd.json as in
# swanctl.conf (its logins, accounting and group-locks apply)
printf 'tunnel-groups:\n  TAC: "tac-key-only-in-secrets-2026"\n' > "$tmp/sec.yaml"
chmod 600 "$tmp/sec.yaml"
sed '/ikev1 pre-shared-key tac-group-key/d' compile/accounting.cfg > "$tmp/nokey.cfg"
if "$ASAC" compile "$tmp/nokey.cfg" --target asacd --secrets "$tmp/sec.yaml" \
	-o "$tmp/nk" > "$tmp/nk.err" 2>&1 &&
   grep -q '"ra-TAC-ikev1"' "$tmp/nk/asacd.json"; then
	pass "compile --target asacd: a group keyed by --secrets alone has its connection"
else
	fail "compile --target asacd: a group keyed by --secrets alone has its connection"
	sed 's/^/    /' "$tmp/nk.err"
fi

# no leaks or invalid accesses under Valgrind (not for an ASan build)
if ! command -v valgrind > /dev/null; then
	echo "SKIP: asacd under valgrind (valgrind not installed)"
elif nm "$ASACD" 2> /dev/null | grep -q __asan_init; then
	:
else
	for args in "--simulate sim/master-fail.json" "--simulate sim/ios-weights.json" \
		    "--simulate errors/unknown-key.json" "--check -c check/typo.json" \
		    "--check -c check/standalone-ok.json" \
		    "--check -c compile/accounting.asacd.json" \
		    "--check -c check/radius-address.json"; do
		# shellcheck disable=SC2086
		if valgrind -q --leak-check=full --errors-for-leak-kinds=all \
			--error-exitcode=99 "$ASACD" $args > /dev/null 2> "$tmp/vg"; [ $? -ne 99 ]; then
			pass "valgrind asacd $args"
		else
			fail "valgrind asacd $args"
			head -20 "$tmp/vg" | sed 's/^/    /'
		fi
	done
fi
