#!/usr/bin/env bash
# check.sh - every test suite of `make check`, in one run.  Each suite
# prints "PASS: ..." / "FAIL: ..." / "SKIP: ..." lines; this script counts
# them and ends with the line "N passed, M failed".
set -u
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT


run() {	# title command...: run once, keep its lines in the log
	local title=$1 out
	shift
	echo "== $title"
	out=$("$@" 2>&1)
	printf '%s\n' "$out" >> "$log"
	printf '%s\n' "$out" | grep -E '^(FAIL|SKIP)|^    ' || true
	printf '   %s passed, %s failed\n' \
		"$(printf '%s\n' "$out" | grep -c '^PASS')" \
		"$(printf '%s\n' "$out" | grep -c '^FAIL')"
}

unit() {	# build directory
	local t rc
	for t in "$1"/tests/test_*; do
		[ -x "$t" ] || continue
		"$t" 2>&1
		rc=$?
		[ $rc -eq 0 ] || echo "FAIL: $t exited with status $rc"
	done
}

asan_replay() {	# fuzz target over every input we have, under ASan+UBSan
	local f out
	for f in $(find testdata -name '*.cfg' | LC_ALL=C sort) \
		 $(ls ../shared/corpus/*.cfg 2>/dev/null); do
		if out=$(build-asan/fuzz_local "$f" 2>&1) && ! grep -qE 'Sanitizer|runtime error' <<< "$out"; then
			echo "PASS: fuzz replay $f"
		else
			echo "FAIL: fuzz replay $f"
			printf '%s\n' "$out" | head -20 | sed 's/^/    /'
		fi
	done
}

vici_stream() {	# asacd (ASan+UBSan) absorbs a stream of ike-updown events exactly
	local d out
	d=$(mktemp -d /tmp/asac-vb.XXXXXX)
	if out=$(build/vici_bench build-asan/asacd "$d" 20000 2>&1); then
		echo "PASS: asacd counts 20,000 ike-updown events exactly: $(tail -1 <<< "$out" | sed 's/^counts: *//')"
	else
		echo "FAIL: asacd event stream"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
	rm -rf "$d"
}

bogons() {	# inputs that once broke something: asac exits 0 or 1, cleanly
	local f rc out
	for f in testdata/bogons/*.cfg; do
		out=$(build-asan/asac lint -W unmodeled-command "$f" 2>&1)
		rc=$?
		if [ $rc -le 1 ] && ! grep -qE 'Sanitizer|runtime error|BUG:' <<< "$out"; then
			echo "PASS: bogon $f"
		else
			echo "FAIL: bogon $f (exit $rc)"
			printf '%s\n' "$out" | head -20 | sed 's/^/    /'
		fi
	done
}

clang_syntax() {	# every source through clang's warnings too (make check builds with gcc)
	local f out
	if ! command -v clang > /dev/null; then
		echo "SKIP: clang syntax check (clang not installed)"
		return
	fi
	for f in compiler/*.c backends/*.c runtime/*.c; do
		if out=$(clang -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra \
			-Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
			-Wwrite-strings -Wundef -Wcast-qual -Wvla -Werror \
			-I. -Ibuild -fsyntax-only "$f" 2>&1); then
			echo "PASS: clang -fsyntax-only $f"
		else
			echo "FAIL: clang -fsyntax-only $f"
			printf '%s\n' "$out" | head -10 | sed 's/^/    /'
		fi
	done
}

manlint() {
	local m
	for m in man/*.[1-8]; do
		if out=$(mandoc -T lint -W warning "$m" 2>&1) && [ -z "$out" ]; then
			echo "PASS: mandoc -T lint $m"
		else
			echo "FAIL: mandoc -T lint $m"
			printf '%s\n' "$out" | sed 's/^/    /'
		fi
	done
}

run "unit tests" unit build
run "unit tests under ASan+UBSan" unit build-asan
run "golden tests" env ASAC=build/asac tests/run-golden.sh
run "golden tests under ASan+UBSan" env ASAC=build-asan/asac tests/run-golden.sh
run "fuzz-target replay under ASan+UBSan" asan_replay
run "bogons under ASan+UBSan" bogons
run "command line" tests/cli.sh build/asac
run "strongSwan back end: goldens, verify, a real charon" tests/swanctl.sh build/asac
run "strongSwan back end: 60 random cascades compile and verify" python3 tests/swanctl-prop.py build/asac 60
run "strongSwan back end: real tunnels between namespaces (seed 002's A, B, C; a dynamic hub)" tests/tunnels.sh build/asac
run "strongSwan back end: the standard remote-access map on a real gateway (inside to internet in clear)" tests/remote-access.sh build/asac
run "strongSwan back end: remote-access clients (IKEv1 XAUTH in two groups, IKEv2 EAP, FreeRADIUS; asac under ASan+UBSan)" tests/ra-clients.sh build-asan/asac
run "ocserv back end: AnyConnect through a real ocserv and openconnect clients (asac under ASan+UBSan)" tests/ocserv.sh build-asan/asac
run "strongSwan back end: a backup peer takes over when the first is down (asacd under ASan+UBSan)" tests/failover.sh build/asac build-asan/asacd build-asan/asacctl
run "strongSwan back end under ASan+UBSan" env SWANCTL_NO_CHARON=1 tests/swanctl.sh build-asan/asac
run "nftables back end: goldens, nft -c, real packets against the model" tests/nft.sh build/asac
run "nftables back end under ASan+UBSan" env NFT_NO_KERNEL=1 tests/nft.sh build-asan/asac
run "asacd: the cluster core simulated (election, algorithm, limits)" tests/asacd.sh build/asacd
run "asacd under ASan+UBSan" tests/asacd.sh build-asan/asacd
run "asacd: a stream of VICI events, counted exactly (under ASan+UBSan)" vici_stream
run "asacd I/O: VICI client against real charons (under ASan+UBSan)" tests/vici.sh build-asan/vici_probe
run "asacd I/O: cluster IP by netlink, ARP probes and collisions in namespaces (under ASan+UBSan)" tests/netif.sh build-asan/netif_probe
run "asacd: a cluster in namespaces (election, failover, leave, key, replay, reload; under ASan+UBSan)" tests/cluster.sh build-asan/asacd build-asan/asacctl
run "asacd: the same cluster under Valgrind (no errors, no leaks)" env VALGRIND=1 tests/cluster.sh build/asacd build/asacctl
run "asacd with real charons: redirects at IKE_SA_INIT and after IKE_AUTH, a burst over the limit, recount (under ASan+UBSan)" tests/sessions.sh build-asan/asacd build-asan/asacctl
run "asacd: an IOS-style cluster with keepalived (VRRP election, failover, no preemption; under ASan+UBSan)" tests/ios.sh build-asan/asacd build-asan/asacctl
run "bundles: MANIFEST, keys 0600, reproducible tar.gz, install.sh dry-run, install, rollback" tests/bundle.sh build/asac
run "bundles on a site pair in namespaces: tunnel, ACL, session limit, rollback, bundle --check" tests/sites.sh build/asac
run "a remote-access cluster from three bundles: real IKEv2 EAP clients redirected as simulated, limits, master failure (asac and asacd under ASan+UBSan)" tests/ra-cluster.sh build-asan/asac
run "every rule: positive and negative goldens" tests/rules.sh build/asac
run "public corpus (read in place)" tests/corpus.sh build/asac
run "public corpus: every remote-access tunnel group compiles and loads into charon (asac under ASan+UBSan)" python3 tests/corpus-ra.py build-asan/asac
run "clang warnings on every source" clang_syntax
run "manual pages" manlint
run "manual matches --help" tests/man-options.sh build/asac
run "bash completion offers every command, option and value of --help" tests/completion.sh build/asac
run "the Debian package (dpkg-buildpackage, lintian, dpkg --root), make install and uninstall" tests/package.sh

passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
skipped=$(grep -c '^SKIP' "$log")
echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
