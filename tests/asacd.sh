#!/usr/bin/env bash
# asacd.sh - the cluster daemon's core through `asacd --simulate`: every
# testdata/asacd/sim/NAME.json has its decisions in NAME.out (JSON lines,
# each checked to parse), every testdata/asacd/errors/NAME.json its error
# and exit status in NAME.out.  Then 100,000 connects on ten members must
# give 100,000 redirects spread over all ten.
#   REGEN=1  rewrite the goldens.
# usage: tests/asacd.sh ASACD
set -u
ASACD=$1
case $ASACD in /*) ;; *) ASACD=$PWD/$ASACD ;; esac
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
