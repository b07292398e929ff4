#!/usr/bin/env bash
# run.sh - `make bench`: speed and peak memory of `asac ir` and `asac lint`
# on synthetic configurations of 10k, 100k and 1M lines written by
# tests/bench/genconf.awk.  Each command runs 3 times; the best elapsed time
# and the largest peak RSS are kept.  Prints figures only: it never fails on
# a slow result (it does fail when asac crashes or reports a usage or I/O
# error, since the figures would then mean nothing).
# usage: tests/bench/run.sh ASAC OUTDIR     (AWK=gawk to generate with gawk)
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 ASAC_BINARY OUTDIR" >&2
	exit 2
fi
ASAC=$1
OUT=$2
AWK=${AWK:-awk}
TIME=/usr/bin/time
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -x "$TIME" ]; then
	echo "$0: $TIME is missing (Debian package 'time')" >&2
	exit 2
fi
if [ ! -x "$ASAC" ]; then
	echo "$0: $ASAC is not an executable" >&2
	exit 2
fi
mkdir -p "$OUT"

# run CMD FILE: sets $secs (best of 3 elapsed) and $kib (largest max RSS)
run() {
	local cmd=$1 file=$2 r st t m
	secs=""
	kib=0
	for r in 1 2 3; do
		st=0
		"$TIME" -f '%e %M' -o "$OUT/time.out" \
			"$ASAC" "$cmd" "$file" > /dev/null 2> "$OUT/asac.err" || st=$?
		# ir must succeed; lint exits 1 when it has findings
		if [ "$st" -ne 0 ] && { [ "$cmd" != lint ] || [ "$st" -ne 1 ]; }; then
			echo "$0: '$ASAC $cmd $file' exited with status $st:" >&2
			head -n 20 "$OUT/asac.err" >&2
			exit 1
		fi
		# GNU time writes "Command exited with non-zero status N" first
		read -r t m < <(tail -n 1 "$OUT/time.out")
		if [ -z "$secs" ] || awk -v a="$t" -v b="$secs" 'BEGIN { exit !(a + 0 < b + 0) }'; then
			secs=$t
		fi
		if [ "$m" -gt "$kib" ]; then
			kib=$m
		fi
	done
}

printf '%-8s %-8s %9s %12s %12s\n' lines command seconds lines/s peak-RSS-MB
declare -A per_line
for n in 10000 100000 1000000; do
	f=$OUT/bench-$n.cfg
	"$AWK" -v lines="$n" -f "$here/genconf.awk" > "$f"
	real=$(wc -l < "$f")
	real=$((real + 0))
	for cmd in ir lint; do
		run "$cmd" "$f"
		awk -v n="$real" -v c="$cmd" -v t="$secs" -v k="$kib" 'BEGIN {
			if (t > 0)
				printf "%-8d %-8s %9.2f %12.0f %12.1f\n", n, c, t, n / t, k / 1024
			else
				printf "%-8d %-8s %9.2f %12s %12.1f\n", n, c, t, "-", k / 1024
		}'
		per_line[$cmd-$n]=$(awk -v n="$real" -v t="$secs" 'BEGIN { printf "%.12f", t / n }')
	done
done
rm -f "$OUT/time.out" "$OUT/asac.err"

echo
for cmd in ir lint; do
	awk -v a="${per_line[$cmd-1000000]}" -v b="${per_line[$cmd-100000]}" -v c="$cmd" 'BEGIN {
		if (b > 0)
			printf "linearity %-4s: time per line at 1M / at 100k = %.2f\n", c, a / b
		else
			printf "linearity %-4s: time per line at 1M / at 100k = n/a (100k run too fast to time)\n", c
	}'
done
