#!/usr/bin/env bash
# run.sh - `make bench`: parse + resolve speed and peak memory of asac on
# synthetic configurations of 10k, 100k and 1M lines.  Prints figures
# only; it never fails on a slow result.
# usage: tests/bench/run.sh ASAC OUTDIR
set -eu
ASAC=$1
OUT=$2
mkdir -p "$OUT"
here=$(dirname "$0")
printf '%-9s %-6s %9s %12s %12s\n' lines command seconds lines/s peak-RSS-MB
declare -A per_line
for n in 10000 100000 1000000; do
	f=$OUT/bench-$n.cfg
	[ -s "$f" ] || awk -v lines=$n -f "$here/gen.awk" > "$f"
	real=$(wc -l < "$f")
	for cmd in ir lint; do
		best=""
		rss=0
		for run in 1 2 3; do
			/usr/bin/time -f '%e %M' -o "$OUT/time" "$ASAC" $cmd "$f" > /dev/null 2>&1 || true
			read -r t m < "$OUT/time"
			if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
				best=$t
			fi
			[ "$m" -gt "$rss" ] && rss=$m
		done
		awk -v n="$real" -v c=$cmd -v t="$best" -v m="$rss" 'BEGIN {
			printf "%-9d %-6s %9.2f %12.0f %12.1f\n", n, c, t, (t > 0 ? n / t : 0), m / 1024 }'
		per_line[$cmd-$n]=$(awk -v n="$real" -v t="$best" 'BEGIN { printf "%.9f", t / n }')
	done
done
for cmd in ir lint; do
	awk -v a="${per_line[$cmd-1000000]}" -v b="${per_line[$cmd-100000]}" -v c=$cmd 'BEGIN {
		printf "linearity %-4s: time per line at 1M / at 100k = %.2f\n", c, (b > 0 ? a / b : 0) }'
done
