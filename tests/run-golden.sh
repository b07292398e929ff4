#!/usr/bin/env bash
# run-golden.sh - golden tests: every testdata/**/NAME.cfg (except bogons/)
# is run through `asac lint` and `asac ir`, from inside testdata/ so paths
# are relative, and compared with NAME.diag and NAME.json.
#   NAME.args  extra arguments for asac lint (one line)
#   REGEN=1    rewrite the goldens (review the diff before committing)
#   VALGRIND=1 run asac under valgrind (errors and leaks fail the test)
#   SOURCE_DATE_EPOCH  lint's "now" (default 2026-01-01 00:00 UTC)
# Prints "PASS: ..." / "FAIL: ..." lines; exits 1 on any failure.
set -u
ASAC=${ASAC:-build/asac}
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
REGEN=${REGEN:-}
# lint's "now" for time-range-expired, so goldens do not depend on the day
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
WRAP=()
if [ -n "${VALGRIND:-}" ]; then
	WRAP=(valgrind -q --error-exitcode=99 --leak-check=full
	      --errors-for-leak-kinds=definite,indirect)
fi
cd "$(dirname "$0")/../testdata" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

check() {	# name expected-file actual-file stderr-file
	local name=$1 exp=$2 got=$3 err=$4
	if grep -qE 'Sanitizer|runtime error|==[0-9]+==' "$err"; then
		echo "FAIL: $name (sanitizer or valgrind report)"
		sed 's/^/    /' "$err" | head -20
		fails=$((fails + 1))
		return
	fi
	if [ -n "$REGEN" ]; then
		cp "$got" "$exp"
		echo "PASS: $name (regenerated)"
		return
	fi
	if [ ! -f "$exp" ]; then
		echo "FAIL: $name (no golden $exp; run make regen)"
		fails=$((fails + 1))
	elif diff -u "$exp" "$got" > "$tmp/diff"; then
		echo "PASS: $name"
	else
		echo "FAIL: $name"
		head -40 "$tmp/diff" | sed 's/^/    /'
		fails=$((fails + 1))
	fi
}

while IFS= read -r cfg; do
	base=${cfg%.cfg}
	args=()
	[ -f "$base.args" ] && read -r -a args < "$base.args"
	NO_COLOR=1 "${WRAP[@]}" "$ASAC" lint --color never "${args[@]}" "$cfg" \
		> "$tmp/out" 2> "$tmp/err"
	echo "exit $?" >> "$tmp/out"
	check "lint $cfg" "$base.diag" "$tmp/out" "$tmp/err"
	"${WRAP[@]}" "$ASAC" ir --color never "$cfg" > "$tmp/out" 2> "$tmp/err2"
	echo "exit $?" >> "$tmp/out"
	# ir prints the diagnostics lint already checked; keep only reports
	grep -E 'Sanitizer|runtime error|==[0-9]+==' "$tmp/err2" > "$tmp/err" || true
	check "ir $cfg" "$base.json" "$tmp/out" "$tmp/err"
	# NAME.traces: one `asac trace` per line (arguments after FILE;
	# '!' lines are comments), JSON outputs compared with NAME.trace.json
	if [ -f "$base.traces" ]; then
		: > "$tmp/out"
		: > "$tmp/err"
		while IFS= read -r line; do
			case $line in '!'*|'') continue ;; esac
			echo "# $line" >> "$tmp/out"
			# shellcheck disable=SC2086
			"${WRAP[@]}" "$ASAC" trace --json "$cfg" $line \
				>> "$tmp/out" 2>> "$tmp/err"
			echo "exit $?" >> "$tmp/out"
		done < "$base.traces"
		grep -E 'Sanitizer|runtime error|==[0-9]+==' "$tmp/err" > "$tmp/err2" || true
		check "trace $cfg" "$base.trace.json" "$tmp/out" "$tmp/err2"
	fi
	# NAME.cases.yaml: `asac trace --cases` (its report and stderr)
	# against NAME.cases.out
	if [ -f "$base.cases.yaml" ]; then
		"${WRAP[@]}" "$ASAC" trace --cases "$base.cases.yaml" "$cfg" \
			> "$tmp/out" 2> "$tmp/err3"
		echo "exit $?" >> "$tmp/out"
		grep -vE 'Sanitizer|runtime error|==[0-9]+==' "$tmp/err3" >> "$tmp/out"
		grep -E 'Sanitizer|runtime error|==[0-9]+==' "$tmp/err3" > "$tmp/err" || true
		check "cases $cfg" "$base.cases.out" "$tmp/out" "$tmp/err"
	fi
	# NAME.packets: a capture written by tests/mkpcap.py, traced with
	# `asac trace --pcap`, against NAME.pcap.out
	if [ -f "$base.packets" ]; then
		python3 ../tests/mkpcap.py "$base.packets" > "$tmp/cap.pcap"
		"${WRAP[@]}" "$ASAC" trace --pcap "$tmp/cap.pcap" "$cfg" \
			> "$tmp/out" 2> "$tmp/err3"
		echo "exit $?" >> "$tmp/out"
		grep -E 'Sanitizer|runtime error|==[0-9]+==' "$tmp/err3" > "$tmp/err" || true
		check "pcap $cfg" "$base.pcap.out" "$tmp/out" "$tmp/err"
		# the same packets in the other layouts give the same answer
		# (mapped: big-endian, nanoseconds; libpcap: pcapng)
		for fmt in be ns pcapng; do
			python3 ../tests/mkpcap.py --format "$fmt" "$base.packets" > "$tmp/cap.pcap"
			"${WRAP[@]}" "$ASAC" trace --pcap "$tmp/cap.pcap" "$cfg" \
				> "$tmp/out" 2> "$tmp/err3"
			echo "exit $?" >> "$tmp/out"
			grep -E 'Sanitizer|runtime error|==[0-9]+==' "$tmp/err3" > "$tmp/err" || true
			check "pcap ($fmt) $cfg" "$base.pcap.out" "$tmp/out" "$tmp/err"
		done
		python3 ../tests/mkpcap.py --format truncated "$base.packets" > "$tmp/cap.pcap"
		"${WRAP[@]}" "$ASAC" trace --pcap "$tmp/cap.pcap" "$cfg" \
			> /dev/null 2> "$tmp/err3"
		rc=$?
		if [ "$rc" = 3 ] && grep -q "cap.pcap: truncated packet at byte" "$tmp/err3"; then
			echo "PASS: pcap (truncated) $cfg: exit 3 and the byte offset"
		else
			echo "FAIL: pcap (truncated) $cfg: exit $rc"; sed 's/^/    /' "$tmp/err3"
			fails=$((fails + 1))
		fi
	fi
	# NAME.flows: `asac trace --flows NAME.flows NAME.cfg` (JSON lines and
	# the summary, then the stderr of invalid lines) against NAME.flows.out
	if [ -f "$base.flows" ]; then
		"${WRAP[@]}" "$ASAC" trace --flows "$base.flows" "$cfg" \
			> "$tmp/out" 2> "$tmp/err3"
		echo "exit $?" >> "$tmp/out"
		grep -vE 'Sanitizer|runtime error|==[0-9]+==' "$tmp/err3" >> "$tmp/out"
		grep -E 'Sanitizer|runtime error|==[0-9]+==' "$tmp/err3" > "$tmp/err" || true
		check "flows $cfg" "$base.flows.out" "$tmp/out" "$tmp/err"
	fi
done < <(find . -name '*.cfg' -not -path './bogons/*' | sed 's|^\./||' | LC_ALL=C sort)
[ "$fails" -eq 0 ]
