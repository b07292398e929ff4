#!/usr/bin/env bash
# rules.sh - every rule of the registry has a positive case (some golden
# .diag under testdata/ reports it) and a negative case (the golden that
# testdata/lint/negatives.txt names for it exists and does not report it).
# usage: tests/rules.sh ASAC
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
cd "$(dirname "$0")/../testdata" || exit 2
NEG=lint/negatives.txt
declare -A neg
while read -r rule file _; do
	case $rule in ''|\#*) continue ;; esac
	neg[$rule]=$file
done < "$NEG"
ids=$("$ASAC" rules | awk '{print $1}')
for rule in $ids; do
	if grep -lqF "[$rule]" $(find . -name '*.diag' | LC_ALL=C sort); then
		echo "PASS: $rule has a positive golden"
	else
		echo "FAIL: $rule: no golden .diag reports it"
	fi
	file=${neg[$rule]:-}
	if [ -z "$file" ]; then
		echo "FAIL: $rule: no negative case in $NEG"
	elif case $file in *.diag) d=$file ;; *) d=${file%.cfg}.diag ;; esac
	     [ ! -f "$d" ]; then
		echo "FAIL: $rule: negative case $file (or its .diag) is missing"
	elif grep -qF "[$rule]" "$d"; then
		echo "FAIL: $rule: its negative case $file reports it"
	else
		echo "PASS: $rule stays silent on $file"
	fi
done
for rule in "${!neg[@]}"; do
	grep -qxF "$rule" <<< "$ids" ||
		echo "FAIL: $NEG names '$rule', which is not a rule"
done
