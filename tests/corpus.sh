#!/usr/bin/env bash
# corpus.sh - parse the public corpus in place (../shared/corpus, never
# copied into the repository): no crash on any file, and no syntax error on
# the files SOURCES.tsv marks as whole running-configs.
# usage: tests/corpus.sh ASAC [CORPUS_DIR]
set -u
ASAC=$1
DIR=${2:-$(dirname "$0")/../../shared/corpus}
if [ ! -d "$DIR" ]; then
	echo "SKIP: corpus ($DIR is not there)"
	exit 0
fi
fails=0
for f in "$DIR"/*.cfg; do
	name=$(basename "$f")
	scope=$(awk -F'\t' -v n="$name" '$1 == n { print $6 }' "$DIR/SOURCES.tsv")
	"$ASAC" lint --color never -W unmodeled-command "$f" > /tmp/asac-corpus.$$ 2>&1
	rc=$?
	if [ $rc -ge 2 ] || grep -qE 'Sanitizer|runtime error|BUG:' /tmp/asac-corpus.$$; then
		echo "FAIL: corpus $name (exit $rc)"
		head -5 /tmp/asac-corpus.$$ | sed 's/^/    /'
		fails=$((fails + 1))
		continue
	fi
	case $scope in
	whole*)
		if grep -q '\[syntax-error\]' /tmp/asac-corpus.$$; then
			echo "FAIL: corpus $name (syntax errors on a whole config)"
			grep -A2 '\[syntax-error\]' /tmp/asac-corpus.$$ | head -9 | sed 's/^/    /'
			fails=$((fails + 1))
			continue
		fi
		;;
	esac
	echo "PASS: corpus $name ($(grep -c '\[unmodeled-command\]' /tmp/asac-corpus.$$) unmodelled lines kept)"
done
rm -f /tmp/asac-corpus.$$
[ "$fails" -eq 0 ]
