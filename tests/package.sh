#!/usr/bin/env bash
# package.sh - the Debian package and make install, from a clean copy of
# the tree (its tracked and untracked files, not the ignored ones: the
# build writes the .deb beside the tree it builds, so never beside this
# repository):
#  - dpkg-buildpackage -us -uc -b builds asac_VERSION_amd64.deb, VERSION
#    being compiler/asac.h's, with dpkg-buildflags' hardening (fortify,
#    stack protector, PIE, bind now) and no compiler warning;
#  - dpkg-deb -c: the three binaries, every man/*.[1-8], the asacd unit,
#    both completions, and nothing unexpected; --info: the Depends of the
#    libraries, the Recommends and Suggests of a migrated gateway;
#  - lintian: no errors (the rest is printed);
#  - make install DESTDIR=... PREFIX=/usr/local installs exactly the
#    expected files, and make uninstall removes every one of them;
#  - the build leaves nothing but ignored files in the tree, and
#    debian/rules clean not even those;
#  - installed with dpkg --root into a throw-away root (as root: its
#    maintainer scripts run chrooted there, with systemd's helpers
#    recording what they are asked): asacd is not enabled (so not
#    started), a reinstall (an upgrade) restarts it, a removal stops it;
#    the installed asac, asacd and asacctl run, asac bundle ships the
#    installed asacd, which checks the bundle's asacd.json as its unit
#    would start it; a purge leaves nothing;
#  - .pre-commit-hooks.yaml, and the YAML examples of the README.
# usage: tests/package.sh
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)
nfail=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
skip() { echo "SKIP: $*"; }
show() { sed 's/^/    /' "$@"; }

missing=
for t in git dpkg-buildpackage dh lintian dpkg-deb readelf; do
	command -v "$t" > /dev/null || missing="$missing $t"
done
if [ -n "$missing" ]; then
	skip "the Debian package (missing:$missing; make deps installs them)"
	exit 0
fi
tmp=$(mktemp -d /tmp/asac-pkg.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/src/asac
mkdir -p "$src"

# --- a clean copy ---------------------------------------------------------
(cd "$REPO" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf -) | tar -C "$src" -xf - ||
	{ fail "cannot copy the tree"; exit 1; }
(cd "$src" && git init -q && git add -A &&
	git -c user.name=package.sh -c user.email=package.sh@localhost \
		commit -q -m copy) || { fail "cannot make a repository of the copy"; exit 1; }

version=$(sed -n 's/^#define ASAC_VERSION "\(.*\)"$/\1/p' "$src/compiler/asac.h")
changelog=$(cd "$src" && dpkg-parsechangelog -S Version)
if [ -n "$version" ] && [ "$version" = "$changelog" ]; then
	pass "debian/changelog's version is ASAC_VERSION ($version)"
else
	fail "debian/changelog says '$changelog', compiler/asac.h '$version'"
fi

# --- the build ------------------------------------------------------------
start=$(date +%s)
if (cd "$src" && DEB_BUILD_OPTIONS="parallel=2 nocheck" \
	dpkg-buildpackage -us -uc -b) > "$tmp/build.log" 2>&1; then
	pass "dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s)"
else
	fail "dpkg-buildpackage -us -uc -b"
	tail -30 "$tmp/build.log" | show
	exit 1
fi
deb=$tmp/src/asac_${version}_amd64.deb
if [ -f "$deb" ]; then
	pass "built ${deb##*/}"
else
	fail "no ${deb##*/}: $(ls "$tmp/src" | tr '\n' ' ')"
	exit 1
fi
warnings=$(grep -E '^[^ ]+:[0-9]+:([0-9]+:)? warning:' "$tmp/build.log")
if [ -z "$warnings" ]; then
	pass "no compiler warning in the package build"
else
	fail "compiler warnings in the package build"
	show <<< "$warnings"
fi
if grep -E '^cc .*-D_FORTIFY_SOURCE=2.*-fstack-protector-strong' "$tmp/build.log" |
	grep -q -e '-c -o build-deb/compiler/main.o'; then
	pass "compiled with dpkg-buildflags' CPPFLAGS and CFLAGS"
else
	fail "the package build does not use dpkg-buildflags' CPPFLAGS and CFLAGS"
fi

# --- contents -------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./||; /\/$/d; /^$/d' |
	sort > "$tmp/contents"
layout() {	# BINDIR SBINDIR MANDIR UNITDIR COMPLETIONDIR MANSUFFIX: the files
		# of an installation
	local m
	echo "$1/asac"
	echo "$2/asacd"
	echo "$2/asacctl"
	echo "$4/asacd.service"
	echo "$5/asac"
	echo "$5/asacctl"
	for m in "$src"/man/*.[1-8]; do
		m=${m##*/}
		echo "$3/man${m##*.}/$m$6"
	done
}
{
	layout usr/bin usr/sbin usr/share/man lib/systemd/system \
		usr/share/bash-completion/completions .gz
	echo usr/share/doc/asac/copyright
	echo usr/share/doc/asac/changelog.gz
} | sort > "$tmp/expected"
ok=1
while read -r f; do
	grep -qxF "$f" "$tmp/contents" || { fail "the package lacks $f"; ok=0; }
done < "$tmp/expected"
[ $ok = 1 ] && pass "the package holds the binaries, $(ls "$src"/man/*.[1-8] | wc -l) manual pages, the unit and the completions"
extra=$(comm -13 "$tmp/expected" "$tmp/contents" |
	grep -v -e '^usr/share/doc/asac/' -e '^usr/share/lintian/overrides/asac$')
if [ -z "$extra" ]; then
	pass "and nothing else (beside its documentation and lintian overrides)"
else
	fail "the package holds unexpected files"
	show <<< "$extra"
fi
unit=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./lib/systemd/system/asacd.service)
grep -qx 'ExecStart=/usr/sbin/asacd -c /etc/asacd/asacd.json' <<< "$unit" &&
	grep -qx 'ConditionPathExists=/etc/asacd/asacd.json' <<< "$unit" &&
	pass "the unit starts /usr/sbin/asacd -c /etc/asacd/asacd.json, when it exists" ||
	{ fail "the unit's ExecStart or condition"; show <<< "$unit"; }

fields() { dpkg-deb -f "$deb" "$1" | tr ',' '\n' | sed 's/^ *//; s/ .*//'; }
for f in Depends:libc6,libjansson4,libyaml-0-2,libpcap0.8,libsodium23,libnftables1,libssl3,zlib1g \
	 Recommends:charon-systemd,strongswan-swanctl,libstrongswan-standard-plugins,libstrongswan-extra-plugins,nftables \
	 Suggests:keepalived,libcharon-extra-plugins,strongswan-charon,ocserv,freeradius; do
	name=${f%%:*}
	have=$(fields "$name")
	lack=
	for p in $(tr ',' ' ' <<< "${f#*:}"); do
		grep -qxF "$p" <<< "$have" || lack="$lack $p"
	done
	if [ -z "$lack" ]; then
		pass "$name: $(dpkg-deb -f "$deb" "$name")"
	else
		fail "$name lacks$lack: $(dpkg-deb -f "$deb" "$name")"
	fi
done

mkdir "$tmp/x"
dpkg-deb -x "$deb" "$tmp/x"
for b in usr/bin/asac usr/sbin/asacd usr/sbin/asacctl; do
	d=$(readelf -dW "$tmp/x/$b")
	if grep -q 'BIND_NOW' <<< "$d" && grep -q 'PIE' <<< "$d" &&
	   readelf -lW "$tmp/x/$b" | grep -q GNU_RELRO &&
	   readelf --dyn-syms -W "$tmp/x/$b" | grep -q '__stack_chk_fail' &&
	   readelf --dyn-syms -W "$tmp/x/$b" | grep -q '__[a-z]*_chk'; then
		pass "$b is hardened (PIE, RELRO, bind now, stack protector, fortified)"
	else
		fail "$b is not fully hardened"
	fi
done

# --- lintian --------------------------------------------------------------
lintian --pedantic -I --tag-display-limit 0 "$deb" 2>&1 |
	grep -v 'running with root privileges is not recommended' > "$tmp/lintian"
errors=$(grep -c '^E:' "$tmp/lintian")
if [ "$errors" = 0 ]; then
	pass "lintian: no errors ($(grep -c '^W:' "$tmp/lintian") warnings, $(grep -c '^[IP]:' "$tmp/lintian") notes)"
else
	fail "lintian: $errors errors"
fi
show "$tmp/lintian"

# --- make install, make uninstall -----------------------------------------
inst=$tmp/inst
if make -C "$src" --no-print-directory BUILD=build-deb WERROR= \
	DESTDIR="$inst" install > "$tmp/install.log" 2>&1; then
	pass "make install DESTDIR=... (PREFIX=/usr/local)"
else
	fail "make install DESTDIR=..."
	tail -10 "$tmp/install.log" | show
fi
layout usr/local/bin usr/local/sbin usr/local/share/man \
	usr/local/lib/systemd/system usr/local/share/bash-completion/completions '' |
	sort > "$tmp/expected-inst"
(cd "$inst" 2> /dev/null && find . -type f -o -type l) | sed 's|^\./||' | sort > "$tmp/got-inst"
if cmp -s "$tmp/expected-inst" "$tmp/got-inst"; then
	pass "make install installs $(wc -l < "$tmp/got-inst") files: binaries, every manual page in its section, completions, unit"
else
	fail "make install's files"
	diff "$tmp/expected-inst" "$tmp/got-inst" | show
fi
modes=$(cd "$inst" && stat -c '%a %n' usr/local/bin/asac usr/local/sbin/* \
	usr/local/share/man/*/* usr/local/share/bash-completion/completions/* \
	usr/local/lib/systemd/system/asacd.service 2> /dev/null |
	grep -v -e '^755 usr/local/s\{0,1\}bin/' -e '^644 usr/local/\(share\|lib\)/')
[ -z "$modes" ] && pass "binaries 0755, the rest 0644" ||
	{ fail "modes of installed files"; show <<< "$modes"; }
grep -qx 'ExecStart=/usr/local/sbin/asacd -c /etc/asacd/asacd.json' \
	"$inst/usr/local/lib/systemd/system/asacd.service" 2> /dev/null &&
	pass "the installed unit starts the installed asacd (/usr/local/sbin)" ||
	fail "the installed unit does not start /usr/local/sbin/asacd"
make -C "$src" --no-print-directory BUILD=build-deb DESTDIR="$inst" \
	uninstall > "$tmp/uninstall.log" 2>&1 || fail "make uninstall"
left=$(cd "$inst" && find . -type f -o -type l)
[ -z "$left" ] && pass "make uninstall removes every file make install put there" ||
	{ fail "make uninstall leaves files"; show <<< "$left"; }

# --- the tree -------------------------------------------------------------
st=$(cd "$src" && git status --porcelain)
[ -z "$st" ] && pass "git status after the build: nothing but ignored files" ||
	{ fail "the build leaves files git does not ignore"; show <<< "$st"; }
if (cd "$src" && debian/rules clean) > "$tmp/clean.log" 2>&1; then
	st=$(cd "$src" && git status --porcelain --ignored)
	[ -z "$st" ] && pass "debian/rules clean removes everything the build wrote" ||
		{ fail "debian/rules clean leaves files"; show <<< "$st"; }
else
	fail "debian/rules clean"
	tail -5 "$tmp/clean.log" | show
fi

# --- installed ------------------------------------------------------------
R=$tmp/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/bin" \
	"$R/usr/bin" "$R/run/systemd/system"
: > "$R/var/lib/dpkg/status"
: > "$R/var/lib/dpkg/available"
proved=
if [ "$(id -u)" = 0 ]; then
	# The maintainer scripts run chrooted in DIR: a shell, /dev/null,
	# and systemd's helpers answering as on a fresh system, recording
	# what they are asked.  Only --force-depends: --force-all would
	# include script-chrootless, running the scripts on this machine.
	mkdir -p "$R/dev"
	mknod -m 666 "$R/dev/null" c 1 3 2> /dev/null || : > "$R/dev/null"
	cp /bin/dash "$R/bin/sh"
	for l in $(ldd /bin/dash | grep -o '/[^ ]*'); do
		mkdir -p "$R${l%/*}" && cp -L "$l" "$R$l"
	done
	for h in deb-systemd-helper deb-systemd-invoke systemctl; do
		printf '#!/bin/sh\necho "%s $*" >> /systemd.log\n[ "$1" != debian-installed ]\n' \
			"$h" > "$R/usr/bin/$h"
		chmod 755 "$R/usr/bin/$h"
	done
	(cd "$R" && find . -type f -o -type l | sort) > "$tmp/root-before"
	if dpkg --root="$R" --force-depends -i "$deb" > "$tmp/dpkg.log" 2>&1 &&
	   dpkg --root="$R" -s asac 2> /dev/null | grep -qx 'Status: install ok installed'; then
		pass "dpkg --root=DIR --force-depends -i: unpacked and configured (its maintainer scripts ran chrooted in DIR)"
		proved=dpkg
	else
		fail "dpkg --root=DIR --force-depends -i"
		tail -10 "$tmp/dpkg.log" | show
	fi
fi
if [ "$proved" = dpkg ]; then
	calls=$(tr '\n' ';' < "$R/systemd.log")
	# deb-systemd-invoke starts only enabled units: what counts is that
	# nothing enables asacd, and that no start goes around it
	if ! grep -qE ' enable |^systemctl .*start' "$R/systemd.log"; then
		pass "installing does not enable asacd; its start request goes to deb-systemd-invoke, which starts only enabled units ($calls)"
	else
		fail "installing enables or starts asacd ($calls)"
	fi
	: > "$R/systemd.log"
	dpkg --root="$R" --force-depends -i "$deb" > "$tmp/dpkg.log" 2>&1
	calls=$(tr '\n' ';' < "$R/systemd.log")
	grep -qx 'deb-systemd-invoke restart asacd.service' "$R/systemd.log" &&
		! grep -qE ' enable |stop' "$R/systemd.log" &&
		pass "an upgrade restarts asacd (deb-systemd-invoke: if enabled or running; $calls)" ||
		fail "an upgrade: $calls"
else
	[ "$(id -u)" = 0 ] || skip "dpkg --root -i (needs root: the maintainer scripts run chrooted); the files of dpkg-deb -x are checked instead"
	dpkg-deb -x "$deb" "$R"
	proved=dpkg-deb
fi
out=$("$R/usr/bin/asac" --version 2>&1)
[ "$out" = "asac $version" ] && pass "installed ($proved): usr/bin/asac --version: $out" ||
	fail "installed ($proved): usr/bin/asac --version: $out"
for b in asacd asacctl; do
	out=$("$R/usr/sbin/$b" --version 2>&1)
	[ "$out" = "$b $version" ] && pass "installed: usr/sbin/$b --version: $out" ||
		fail "installed: usr/sbin/$b --version: $out"
done
"$R/usr/bin/asac" lint "$src/testdata/demo/branch-office.cfg" > "$tmp/lint.out" 2>&1 &&
	pass "installed: asac lint testdata/demo/branch-office.cfg (clean)" ||
	{ fail "installed: asac lint testdata/demo/branch-office.cfg"; show "$tmp/lint.out"; }
if "$R/usr/bin/asac" bundle "$src/testdata/bundle/site-a.cfg" \
	--iface outside=out0,inside=in0 -o "$tmp/bundle" > "$tmp/bundle.out" 2>&1 &&
   cmp -s "$tmp/bundle/usr/sbin/asacd" "$R/usr/sbin/asacd"; then
	pass "installed: asac bundle ships the installed asacd (/usr/sbin beside /usr/bin)"
else
	fail "installed: asac bundle and the installed asacd"
	show "$tmp/bundle.out"
fi
if "$R/usr/sbin/asacd" --check -c "$tmp/bundle/etc/asacd/asacd.json" > "$tmp/check.out" 2>&1; then
	pass "installed: asacd --check -c etc/asacd/asacd.json: $(head -1 "$tmp/check.out" | sed 's/^[^ ]*: //')"
else
	fail "installed: asacd --check -c etc/asacd/asacd.json"
	show "$tmp/check.out"
fi
if [ -r /usr/share/bash-completion/bash_completion ]; then
	c=$(bash -c '. /usr/share/bash-completion/bash_completion
		. "$1/usr/share/bash-completion/completions/asac"
		. "$1/usr/share/bash-completion/completions/asacctl"
		complete -p asac asacctl' _ "$R" 2>&1)
	[ "$c" = "$(printf 'complete -F _asac asac\ncomplete -F _asacctl asacctl')" ] &&
		pass "installed: the completions load (complete -F _asac asac, _asacctl asacctl)" ||
		{ fail "installed: the completions do not load"; show <<< "$c"; }
else
	skip "installed completions (bash-completion is not installed)"
fi
if [ "$proved" = dpkg ]; then
	: > "$R/systemd.log"
	if dpkg --root="$R" --force-depends --purge asac > "$tmp/dpkg.log" 2>&1; then
		left=$(cd "$R" && find . \( -type f -o -type l \) ! -path './var/lib/dpkg/*' \
			! -path ./systemd.log | sort | comm -13 "$tmp/root-before" -)
		[ -z "$left" ] && pass "dpkg --purge leaves nothing" ||
			{ fail "dpkg --purge leaves files"; show <<< "$left"; }
		grep -qx 'deb-systemd-invoke stop asacd.service' "$R/systemd.log" &&
			grep -qx 'deb-systemd-helper purge asacd.service' "$R/systemd.log" &&
			pass "removing stops asacd, purging forgets its enablement" ||
			fail "remove and purge: $(tr '\n' ';' < "$R/systemd.log")"
	else
		fail "dpkg --root=DIR --purge asac"
		tail -10 "$tmp/dpkg.log" | show
	fi
fi

# --- pre-commit, README ---------------------------------------------------
if python3 -c 'import yaml' 2> /dev/null; then
	if out=$(python3 - "$REPO" <<'EOF' 2>&1
import re, sys, yaml
repo = sys.argv[1]
hooks = yaml.safe_load(open(repo + "/.pre-commit-hooks.yaml"))
h = [x for x in hooks if x["id"] == "asac-lint"][0]
assert h["language"] == "system", h
assert h["entry"] == "asac lint", h
for name, match in (("fw.cfg", True), ("sites/hq.cfg", True),
                    ("fw.cfg.orig", False), ("cfg", False)):
    assert bool(re.search(h["files"], name)) == match, (h["files"], name)
text = open(repo + "/README.md").read()
blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.S | re.M)
assert len(blocks) >= 2, "the README has %d YAML blocks" % len(blocks)
for b in blocks:
    yaml.safe_load(b)
wf = [yaml.safe_load(b) for b in blocks if "upload-sarif" in b][0]
steps = [s for j in wf["jobs"].values() for s in j["steps"]]
up = [s for s in steps if "upload-sarif" in s.get("uses", "")][0]
assert up.get("if") in ("always()", "success() || failure()"), up
lint = [s for s in steps if "asac lint -f sarif" in s.get("run", "")][0]
print("%d YAML blocks" % len(blocks))
EOF
	); then
		pass ".pre-commit-hooks.yaml: asac-lint runs 'asac lint' on *.cfg; the README's YAML parses ($out), its workflow uploads the SARIF whatever lint found"
	else
		fail ".pre-commit-hooks.yaml or the README's YAML examples"
		show <<< "$out"
	fi
else
	skip ".pre-commit-hooks.yaml and the README's YAML (no python3 yaml module)"
fi
[ $nfail -eq 0 ]
