#!/usr/bin/env bash
# scale.sh - `make bench`: how the crypto map model scales, and the floors
# it is measured against.  Prints figures only (never fails on a slow
# result; fails when asac crashes, as the figures would mean nothing).
#   - the hub shape (tests/bench/genhub.awk: one crypto map entry per
#     branch, each with its ACL over object-groups): 100, 1,000, 10,000
#     entries and 1M lines; lint, compile --target swanctl, verify and
#     the trace of one packet, with the growth of each step (time ratio
#     for 10 times the entries: 10 is linear);
#   - asac ir and lint of 1M lines (genconf and the hub) against `wc -l`
#     and the scanner alone (scan_bench) on the same files;
#   - one packet traced on a 100,000-line configuration;
#   - lint of 64 files of 20,000 lines on one thread and on every core;
#   - trace --flows: 500,000 flows at 10,000 crypto ACEs, JSON per flow;
#   - remote access: compile of 100 and 1,000 tunnel groups with 1,000
#     and 10,000 users (genra.awk), with the growth.
# usage: tests/bench/scale.sh ASAC BUILD OUTDIR
set -eu
ASAC=$1
BUILD=$2
OUT=$3
TIME=/usr/bin/time
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"

# t CMD...: run once; $secs (elapsed), $kib (peak RSS); lint may exit 1
t() {
	local st=0
	"$TIME" -f '%e %M' -o "$OUT/time.out" "$@" > "$OUT/cmd.out" \
		2> "$OUT/cmd.err" || st=$?
	if [ "$st" -gt 1 ]; then
		echo "$0: '$*' exited with status $st:" >&2
		head -n 5 "$OUT/cmd.err" >&2
		exit 1
	fi
	read -r secs kib < <(tail -n 1 "$OUT/time.out")
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "-" }'; }

echo "-- the hub shape: one entry per branch (growth: time ratio per 10x entries)"
printf '%-9s %-9s %-8s %9s %9s %8s %9s %9s %9s\n' entries lines lint grow \
	compile grow verify grow "trace(1)"
prev_l= prev_c= prev_v=
for n in 100 1000 10000; do
	f=$OUT/hub-$n.cfg
	awk -v entries="$n" -f "$here/genhub.awk" > "$f"
	lines=$(wc -l < "$f")
	t "$ASAC" lint "$f"; l=$secs
	rm -rf "$OUT/hub-sw"
	t "$ASAC" compile "$f" --target swanctl -o "$OUT/hub-sw"; c=$secs
	t "$ASAC" verify "$f" "$OUT/hub-sw"; v=$secs
	t "$ASAC" trace "$f" input inside tcp 10.0.0.5 1025 8.8.8.8 443; tr=$secs
	printf '%-9s %-9s %-8s %9s %9s %8s %9s %9s %9s\n' "$n" "$lines" "$l s" \
		"${prev_l:+$(ratio "$l" "$prev_l")}" "$c s" \
		"${prev_c:+$(ratio "$c" "$prev_c")}" "$v s" \
		"${prev_v:+$(ratio "$v" "$prev_v")}" "$tr s"
	prev_l=$l prev_c=$c prev_v=$v
done

echo "-- 1M lines: asac ir and lint against wc -l and the scanner alone"
awk -v lines=1000000 -f "$here/genconf.awk" > "$OUT/gen-1m.cfg"
awk -v lines=1000000 -f "$here/genhub.awk" > "$OUT/hub-1m.cfg"
for f in gen-1m hub-1m; do
	p=$OUT/$f.cfg
	lines=$(wc -l < "$p")
	cat "$p" > /dev/null
	t wc -l "$p"; w=$secs
	scan=$("$BUILD/scan_bench" "$p")
	t "$ASAC" ir "$p"; i=$secs ik=$kib
	t "$ASAC" lint "$p"; l=$secs lk=$kib
	echo "$f ($lines lines): wc -l $w s; $scan"
	awk -v n="$lines" -v i="$i" -v ik="$ik" -v l="$l" -v lk="$lk" 'BEGIN {
		printf "  asac ir   %5.2f s  %9.0f lines/s  peak %4.0f MB  %4.0f bytes/line\n", i, n / i, ik / 1024, ik * 1024 / n
		printf "  asac lint %5.2f s  %9.0f lines/s  peak %4.0f MB  %4.0f bytes/line\n", l, n / l, lk / 1024, lk * 1024 / n
	}'
done

echo "-- one packet traced on a 100,000-line configuration (genconf)"
awk -v lines=100000 -f "$here/genconf.awk" > "$OUT/gen-100k.cfg"
t "$ASAC" ir "$OUT/gen-100k.cfg"; i=$secs
t "$ASAC" trace "$OUT/gen-100k.cfg" input inside tcp 10.1.1.5 1025 198.51.100.10 443
echo "trace: $secs s, peak $((kib / 1024)) MB (parsing alone, asac ir: $i s)"

echo "-- lint of 64 files of 20,000 lines (one output, whatever the threads)"
mkdir -p "$OUT/multi"
awk -v lines=20000 -f "$here/genconf.awk" > "$OUT/multi/f00.cfg"
for k in $(seq -w 1 63); do cp "$OUT/multi/f00.cfg" "$OUT/multi/f$k.cfg"; done
t "$ASAC" lint -j 1 "$OUT/multi"; one=$secs
t "$ASAC" lint "$OUT/multi"; all=$secs
echo "one thread $one s, $(nproc) threads $all s: speed-up $(ratio "$one" "$all")"

echo "-- trace --flows: 500,000 flows at 10,000 crypto ACEs, JSON per flow"
"$BUILD/trace_bench" --write-capture "$OUT" 1 > /dev/null
awk 'BEGIN {
	split("22 53 80 443 8080", port, " ")
	for (i = 0; i < 500000; i++) {
		fl = (i * 2654435761) % 200000
		printf "inside,%s,10.%d.%d.1,%d,172.%d.%d.9,%d\n", fl % 3 ? "tcp" : "udp",
			fl % 64, int(fl / 64) % 256, 1024 + fl % 50000,
			16 + fl % 16, int(fl / 7) % 256, port[fl % 5 + 1]
	}
}' > "$OUT/flows.csv"
t "$ASAC" trace --flows "$OUT/flows.csv" "$OUT/capture.cfg"
awk -v s="$secs" -v k="$kib" 'BEGIN { printf "%.2f s, %.0f flows/s, peak %.0f MB\n", s, 500000 / s, k / 1024 }'

echo "-- remote access: tunnel groups and users (tests/bench/genra.awk), compile --target swanctl"
printf '%-7s %-7s %-8s %-9s %6s %9s\n' groups users lines compile grow "peak RSS"
cp "$here/../../testdata/swanctl/ra-gw.pem" "$here/../../testdata/swanctl/ra-gw.key" \
	"$here/../../testdata/swanctl/ra-ca.pem" "$OUT/"
prev=
for g in 100 1000; do
	u=$((g * 10))
	awk -v groups=$g -v users=$u -f "$here/genra.awk" > "$OUT/ra-$g.cfg"
	awk -v groups=$g -v users=$u -v secrets=1 -v cert=ra-gw.pem \
		-v key=ra-gw.key -v ca=ra-ca.pem -f "$here/genra.awk" > "$OUT/ra-$g.yaml"
	rm -rf "$OUT/ra-sw"
	t "$ASAC" compile "$OUT/ra-$g.cfg" --target swanctl --secrets "$OUT/ra-$g.yaml" \
		-o "$OUT/ra-sw"
	[ -f "$OUT/ra-sw/swanctl.conf" ] || { echo "$0: compile of ra-$g.cfg wrote nothing" >&2; exit 1; }
	printf '%-7s %-7s %-8s %-9s %6s %6.0f MB\n' "$g" "$u" "$(wc -l < "$OUT/ra-$g.cfg")" \
		"$secs s" "${prev:+$(ratio "$secs" "$prev")}" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
	prev=$secs
done
rm -f "$OUT/time.out" "$OUT/cmd.out" "$OUT/cmd.err"
