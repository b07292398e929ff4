# golden.sh - sourced by the test scripts: PASS/FAIL lines and golden
# comparison.  The sourcing script sets $REGEN (rewrite goldens when set)
# and $tmp (a scratch directory).

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

golden() {	# name expected actual
	if [ -n "$REGEN" ]; then
		cp "$3" "$2"
		pass "$1 (regenerated)"
	elif [ ! -f "$2" ]; then
		fail "$1 (no golden $2; run make regen)"
	elif diff -u "$2" "$3" > "$tmp/diff"; then
		pass "$1"
	else
		fail "$1"
		head -30 "$tmp/diff" | sed 's/^/    /'
	fi
}
