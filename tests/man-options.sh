#!/usr/bin/env bash
# man-options.sh - every option and command that --help shows is in the
# manual page, so the two cannot drift apart.
# usage: tests/man-options.sh ASAC
set -u
ASAC=$1
MAN=$(dirname "$0")/../man/asac.1
if [ ! -f "$MAN" ]; then
	echo "FAIL: man/asac.1 is missing"
	exit 1
fi
text=$(mandoc -T ascii "$MAN" | sed -e "s/.\x08//g")
for cmd in ir lint rules trace compile verify; do
	if grep -q "asac $cmd" <<< "$text"; then
		echo "PASS: manual documents 'asac $cmd'"
	else
		echo "FAIL: manual does not document 'asac $cmd'"
	fi
	for opt in $("$ASAC" $cmd --help | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,' | sort -u); do
		if grep -qie "$opt" <<< "$text"; then
			echo "PASS: manual documents $cmd $opt"
		else
			echo "FAIL: manual does not document $cmd $opt"
		fi
	done
done
# asac-rules(7) is generated from the registry: the committed page must be
# what the binary prints
RULES7=$(dirname "$0")/../man/asac-rules.7
if "$ASAC" rules --mdoc | cmp -s - "$RULES7"; then
	echo "PASS: man/asac-rules.7 is the registry (asac rules --mdoc)"
else
	echo "FAIL: man/asac-rules.7 differs from 'asac rules --mdoc'; run make regen"
fi
if grep -q "asac-rules" <<< "$text"; then
	echo "PASS: asac(1) refers to asac-rules(7)"
else
	echo "FAIL: asac(1) does not refer to asac-rules(7)"
fi
# asacd(8): every option of asacd --help
ASACD=$(dirname "$ASAC")/asacd
MAN8=$(dirname "$0")/../man/asacd.8
if [ ! -x "$ASACD" ] || [ ! -f "$MAN8" ]; then
	echo "FAIL: $ASACD or man/asacd.8 is missing"
else
	text8=$(mandoc -T ascii "$MAN8" | sed -e "s/.\x08//g")
	for opt in $("$ASACD" --help | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,' | sort -u); do
		if grep -qi -e "$opt" <<< "$text8"; then
			echo "PASS: asacd(8) documents $opt"
		else
			echo "FAIL: asacd(8) does not document $opt"
		fi
	done
fi
# asacctl(8): every option and command of asacctl --help
ASACCTL=$(dirname "$ASAC")/asacctl
MANCTL=$(dirname "$0")/../man/asacctl.8
if [ ! -x "$ASACCTL" ] || [ ! -f "$MANCTL" ]; then
	echo "FAIL: $ASACCTL or man/asacctl.8 is missing"
else
	textc=$(mandoc -T ascii "$MANCTL" | sed -e "s/.\x08//g")
	for opt in $("$ASACCTL" --help | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,' | sort -u); do
		if grep -qi -e "$opt" <<< "$textc"; then
			echo "PASS: asacctl(8) documents $opt"
		else
			echo "FAIL: asacctl(8) does not document $opt"
		fi
	done
	"$ASACCTL" --help | sed -n 's/^  \([a-z][a-z -]*[a-z]\)  .*/\1/p' |
	sed 's/ STATE$//' | while read -r cmd; do
		if grep -qF -e "$cmd" <<< "$textc"; then
			echo "PASS: asacctl(8) documents '$cmd'"
		else
			echo "FAIL: asacctl(8) does not document '$cmd'"
		fi
	done
fi
