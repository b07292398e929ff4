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
# page_options TOOL: man/TOOL.8 documents every option of TOOL --help
# (TOOL beside $ASAC); the page's text is left in $page
page_options() {
	local bin man opt
	bin=$(dirname "$ASAC")/$1
	man=$(dirname "$0")/../man/$1.8
	page=
	if [ ! -x "$bin" ] || [ ! -f "$man" ]; then
		echo "FAIL: $bin or man/$1.8 is missing"
		return 1
	fi
	page=$(mandoc -T ascii "$man" | sed -e "s/.\x08//g")
	for opt in $("$bin" --help | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,' | sort -u); do
		if grep -qi -e "$opt" <<< "$page"; then
			echo "PASS: $1(8) documents $opt"
		else
			echo "FAIL: $1(8) does not document $opt"
		fi
	done
}
page_options asacd
# asacctl(8) also documents every command of asacctl --help
if page_options asacctl; then
	"$(dirname "$ASAC")/asacctl" --help |
	sed -n 's/^  \([a-z][a-z -]*[a-z]\)\( STATE\)\{0,1\}  .*/\1/p' |
	while read -r cmd; do
		if grep -qF -e "$cmd" <<< "$page"; then
			echo "PASS: asacctl(8) documents '$cmd'"
		else
			echo "FAIL: asacctl(8) does not document '$cmd'"
		fi
	done
fi
