#!/usr/bin/env bash
# cli.sh - the command line: exit codes, options, formats, determinism.
# usage: tests/cli.sh ASAC
set -u
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
REPO=$(cd "$(dirname "$0")/.." && pwd)
# The official SARIF schema is read in place from ../shared when present
# (not vendored: its licence is OASIS's); the structure is checked anyway.
SCHEMA=${ASAC_SARIF_SCHEMA:-$REPO/../shared/reference/samples/sarif-schema-2.1.0.json}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2

t() {	# name expected-exit command...
	local name=$1 want=$2 rc
	shift 2
	"$@" > out 2> err
	rc=$?
	if [ "$rc" = "$want" ]; then
		echo "PASS: $name"
	else
		echo "FAIL: $name (exit $rc, expected $want)"
		head -5 out err | sed 's/^/    /'
	fi
}

ok() {	# name condition...
	local name=$1
	shift
	if "$@"; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}

printf 'hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0\n' > clean.cfg
# SARIF columns count Unicode code points (columnKind), not bytes
printf 'interface GigabitEthernet0/0\n nameif outside\naccess-list caf\303\251 extended permit ip any any\naccess-group caf\303\251 in interface outsde\n' > utf8.cfg
t "sarif of a UTF-8 line" 1 "$ASAC" lint -f sarif utf8.cfg
ok "sarif columns are code points" python3 -c '
import json
d = json.load(open("out"))["runs"][0]
assert d["columnKind"] == "unicodeCodePoints"
reg = [x for x in d["results"] if x["ruleId"] == "undefined-reference"][0]["locations"][0]["physicalLocation"]["region"]
assert (reg["startColumn"], reg["endColumn"]) == (32, 38), reg
'
printf 'crypto map M 10 match address NOPE\ncrypto map M 10 set peer 198.51.100.1\ncrypto map M 10 set ikev2 ipsec-proposal P\ncrypto map M 10 set pfs group19\ncrypto ipsec ikev2 ipsec-proposal P\n protocol esp encryption aes-gcm-256\n protocol esp integrity null\n' > bad.cfg
for i in $(seq 1 60); do echo "crypto map M $i set pfs group77"; done > many.cfg

t "--version exits 0" 0 "$ASAC" --version
ok "--version prints the version" grep -qE '^asac [0-9]+\.[0-9]+\.[0-9]+$' out
t "no command is a usage error" 2 "$ASAC"
t "unknown command is a usage error" 2 "$ASAC" frobnicate
t "lint without a file is a usage error" 2 "$ASAC" lint
t "unknown option is a usage error" 2 "$ASAC" lint --frob clean.cfg
t "bad --fail-on is a usage error" 2 "$ASAC" lint --fail-on sometimes clean.cfg
t "bad --format is a usage error" 2 "$ASAC" lint -f xml clean.cfg
t "unknown rule is a usage error" 2 "$ASAC" lint -W no-such-rule clean.cfg
ok "unknown rule is named" grep -q "unknown rule 'no-such-rule'" err
t "missing file is an I/O error" 3 "$ASAC" lint missing.cfg
ok "missing file is named" grep -q "cannot read 'missing.cfg'" err
t "clean config exits 0" 0 "$ASAC" lint clean.cfg
ok "clean config prints nothing" test ! -s out
t "errors exit 1" 1 "$ASAC" lint bad.cfg
ok "error is GCC style with rule id" grep -q "^bad.cfg:1:31: error: access-list 'NOPE' is not defined \[undefined-reference\]$" out
ok "error has the source line and marker" grep -q '^                              ^~~~$' out
t "--fail-on never exits 0" 0 "$ASAC" lint --fail-on never bad.cfg
t "-Wno-undefined-reference silences the rule" 0 "$ASAC" lint -Wno-undefined-reference bad.cfg
t "syntax errors cannot be disabled" 2 "$ASAC" lint -Wno-syntax-error bad.cfg
t "unmodelled commands are notes, not failures" 0 "$ASAC" lint -W unmodeled-command clean.cfg
t "--fail-on note counts notes" 0 "$ASAC" lint --fail-on note clean.cfg
printf 'pager lines 24\n' > unm.cfg
t "--fail-on note fails on an unmodelled note" 1 "$ASAC" lint --fail-on note -W unmodeled-command unm.cfg
t "json output" 1 "$ASAC" lint -f json bad.cfg
ok "json output parses" python3 -c 'import json,sys; d=json.load(open("out")); assert d["version"]==1 and d["summary"]["error"]==1 and [(x["line"],x["column"]) for x in d["diagnostics"] if x["rule"]=="undefined-reference"]==[(1,31)]'
t "--color always colours" 1 "$ASAC" lint --color always bad.cfg
ok "colour codes present" grep -q $'\033\[' out
t "pipe output is not coloured" 1 "$ASAC" lint bad.cfg
ok "no colour codes on a pipe" bash -c "! grep -q $'\033' out"
t "standard input" 1 bash -c "'$ASAC' lint - < bad.cfg"
ok "standard input is named <stdin>" grep -q '^<stdin>:1:31:' out
t "max-errors stops" 1 "$ASAC" lint --max-errors 5 many.cfg
ok "max-errors reports the stop" grep -q 'too many errors (5), stopping' out
ok "max-errors caps the report" test "$(grep -c 'syntax-error' out)" -eq 6
t "default cap is 50" 1 "$ASAC" lint many.cfg
ok "default cap counts 50" test "$(grep -c 'unknown PFS group' out)" -eq 50
t "--max-errors 0 is no limit" 1 "$ASAC" lint --max-errors 0 many.cfg
ok "no limit reports all 60" test "$(grep -c 'unknown PFS group' out)" -eq 60
t "ir exits 0 on a clean config" 0 "$ASAC" ir clean.cfg
ok "ir output parses" python3 -c 'import json; d=json.load(open("out")); c=d["configs"][0]; assert d["asac_ir"]==1 and c["hostname"]=="fw" and c["interfaces"][0]["nameif"]=="outside"'
t "ir exits 1 on errors" 1 "$ASAC" ir bad.cfg
ok "ir prints diagnostics on stderr" grep -q 'undefined-reference' err
"$ASAC" ir clean.cfg bad.cfg > a.json 2>/dev/null
"$ASAC" ir clean.cfg bad.cfg > b.json 2>/dev/null
ok "ir is deterministic" cmp -s a.json b.json
ok "ir holds every file" python3 -c 'import json; assert len(json.load(open("a.json"))["configs"])==2'
t "rules" 0 "$ASAC" rules
ok "rules lists the front-end rules" bash -c 'for r in syntax-error undefined-reference duplicate-definition address-mask-mismatch unmodeled-command; do grep -q "^$r " out || exit 1; done'
t "rules --json" 0 "$ASAC" rules --json
ok "rules --json parses" python3 -c 'import json; assert len(json.load(open("out")))>=5'
t "rules RULE explains it" 0 "$ASAC" rules address-mask-mismatch
ok "explanation cites the seed" grep -q '192.168.3.3 255.255.255.192' out
for c in ir lint rules trace; do
	"$ASAC" help $c > h1; "$ASAC" $c --help > h2
	ok "help $c equals $c --help" cmp -s h1 h2
done
t "help" 0 "$ASAC" help
ok "help lists commands" grep -q '^  lint' out
printf 'interface G0\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0\ninterface G1\n nameif inside\n security-level 100\n ip address 10.1.1.1 255.255.255.0\nroute outside 0.0.0.0 0.0.0.0 203.0.113.254 1\n' > tr.cfg
t "trace allows" 0 "$ASAC" trace tr.cfg input inside tcp 10.1.1.5 1025 8.8.8.8 53
ok "trace prints the result" grep -q '^Action: allow$' out
t "trace --json" 0 "$ASAC" trace --json tr.cfg input inside udp 10.1.1.5 1025 8.8.8.8 53
ok "trace json parses" python3 -c 'import json; d=json.load(open("out")); assert d["action"]=="allow" and d["output_interface"]=="outside" and d["vpn"] is None and d["input"]["dport"]==53'
t "trace drop exits 0" 0 "$ASAC" trace tr.cfg input outside tcp 8.8.8.8 1025 10.1.1.5 22
ok "trace names the drop" grep -q '^Drop-reason: (security-level)$' out
t "trace: unknown interface" 2 "$ASAC" trace tr.cfg input dmz tcp 10.1.1.5 1 8.8.8.8 2
t "trace: bad address" 2 "$ASAC" trace tr.cfg input inside tcp 10.1.1.500 1 8.8.8.8 2
t "trace: bad port" 2 "$ASAC" trace tr.cfg input inside tcp 10.1.1.5 70000 8.8.8.8 2
t "trace: wrong argument count" 2 "$ASAC" trace tr.cfg input inside tcp 10.1.1.5 1 8.8.8.8
t "trace: mixed families" 2 "$ASAC" trace tr.cfg input inside tcp 10.1.1.5 1 2001:db8::1 2
t "trace: protocol number" 0 "$ASAC" trace tr.cfg input inside 50 10.1.1.5 8.8.8.8
t "trace: icmp" 0 "$ASAC" trace --json tr.cfg input inside icmp 10.1.1.5 8 0 8.8.8.8
ok "trace icmp fields" python3 -c 'import json; d=json.load(open("out")); assert d["input"]["icmp_type"]==8 and d["input"]["protocol"]==1'
printf 'access-list V extended permit ip 10.1.1.0 255.255.255.0 198.51.100.0 255.255.255.0\ncrypto map M 10 match address V\ncrypto map M 10 set peer 192.0.2.9\ncrypto map M interface outside\n' >> tr.cfg
t "--expect protect:MAP:SEQ met" 0 "$ASAC" trace --expect protect:M:10 tr.cfg input inside tcp 10.1.1.5 1 198.51.100.7 443
t "--expect protect met" 0 "$ASAC" trace --expect protect tr.cfg input inside tcp 10.1.1.5 1 198.51.100.7 443
t "--expect bypass unmet" 1 "$ASAC" trace --expect bypass tr.cfg input inside tcp 10.1.1.5 1 198.51.100.7 443
ok "--expect names both outcomes" grep -q '^asac: expected bypass, got protect:M:10$' err
t "--expect drop:REASON met" 0 "$ASAC" trace --expect drop:security-level tr.cfg input outside tcp 8.8.8.8 1 10.1.1.5 22
t "--expect wrong entry unmet" 1 "$ASAC" trace --expect protect:M:20 tr.cfg input inside tcp 10.1.1.5 1 198.51.100.7 443
t "--expect bad value" 2 "$ASAC" trace --expect maybe tr.cfg input inside tcp 10.1.1.5 1 198.51.100.7 443
printf 'interface,protocol,src,sport,dst,dport\ninside,tcp,10.1.1.5,1,198.51.100.7,443\n{"interface":"inside","protocol":"udp","src":"10.1.1.5","sport":1,"dst":"8.8.8.8","dport":53}\n' > flows.csv
t "--flows" 0 "$ASAC" trace --flows flows.csv tr.cfg
ok "--flows prints JSON lines and a summary" python3 -c '
import json
lines = [json.loads(l) for l in open("out")]
assert len(lines) == 3 and lines[0]["vpn"]["seq"] == 10 and lines[1]["vpn"]["action"] == "bypass"
s = lines[2]["summary"]
assert s["flows"] == 2 and s["entries"][0]["protect"] == 1 and s["bypass"] == 1'
printf 'inside,tcp,10.1.1.5\n' > badflows.csv
t "--flows: invalid line" 1 "$ASAC" trace --flows badflows.csv tr.cfg
ok "--flows: invalid line is located" grep -q '^badflows.csv:1: ' err
t "--flows takes only the config" 2 "$ASAC" trace --flows flows.csv tr.cfg input inside 50 1.1.1.1 2.2.2.2

# --- CI formats -----------------------------------------------------------
cp "$REPO/testdata/lint/crypto.cfg" crypto.cfg
t "sarif output" 1 "$ASAC" lint -f sarif crypto.cfg
cp out crypto.sarif
"$ASAC" lint -f json crypto.cfg > crypto.json
ok "sarif structure: rules, results, levels, regions, fingerprints" python3 -c '
import json
d = json.load(open("crypto.sarif"))
assert d["version"] == "2.1.0" and len(d["runs"]) == 1
run = d["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
for r in rules:
    assert r["shortDescription"]["text"] and r["help"]["text"]
    assert len(r["fullDescription"]["text"]) <= 1024
    assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
res = run["results"]
want = json.load(open("crypto.json"))["diagnostics"]
assert len(res) == len(want) > 20, len(res)
assert [(x["ruleId"], x["message"]["text"]) for x in res] == [(x["rule"], x["message"]) for x in want]
fps = set()
for x in res:
    assert ids[x["ruleIndex"]] == x["ruleId"]
    assert x["level"] in ("error", "warning", "note")
    reg = x["locations"][0]["physicalLocation"]["region"]
    assert x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "crypto.cfg"
    assert reg["startLine"] >= 1 and reg["endColumn"] > reg["startColumn"]
    fp = x["partialFingerprints"]["primaryLocationLineHash"]
    assert fp not in fps
    fps.add(fp)
w = [x for x in res if x["ruleId"] == "weak-encryption"][0]
assert w["locations"][0]["physicalLocation"]["region"] == {"startLine": 11, "startColumn": 38, "endLine": 11, "endColumn": 46}
'
if [ -r "$SCHEMA" ] && python3 -c 'import jsonschema' 2>/dev/null; then
	ok "sarif validates against the official 2.1.0 schema" python3 -c '
import json, sys, jsonschema
jsonschema.Draft4Validator(json.load(open(sys.argv[1]))).validate(json.load(open("crypto.sarif")))
' "$SCHEMA"
else
	echo "SKIP: sarif schema validation ($SCHEMA or python3-jsonschema missing)"
fi
# the fingerprint follows the line, not its number
{ echo '! a comment line shifts everything down'; cat crypto.cfg; } > shifted.cfg
t "sarif of a shifted file" 1 "$ASAC" lint -f sarif shifted.cfg
ok "fingerprints survive a line shift" python3 -c '
import json
a = json.load(open("crypto.sarif"))["runs"][0]["results"]
b = json.load(open("out"))["runs"][0]["results"]
assert [x["partialFingerprints"] for x in a] == [x["partialFingerprints"] for x in b]
assert [x["locations"][0]["physicalLocation"]["region"]["startLine"] + 1 for x in a] == \
       [x["locations"][0]["physicalLocation"]["region"]["startLine"] for x in b]
'
printf 'crypto map M 10 match address NOPE\ncrypto map M 10 set peer 198.51.100.1\ncrypto map M interface outside\ncrypto map M 20 set peer 198.51.100.2\n' > 'g,h:1.cfg'
t "github output" 1 "$ASAC" lint -f github 'g,h:1.cfg'
ok "github: escaped workflow command with range and title" grep -qxF "::error file=g%2Ch%3A1.cfg,line=1,col=31,endLine=1,endColumn=35,title=undefined-reference::access-list 'NOPE' is not defined" out
ok "github: notes ride in the message" grep -qF "title=crypto-map-incomplete::crypto map entry 'M 20' is incomplete: it has no 'match address'%0Ag,h:1.cfg:4:1: note: the ASA drops" out
t "unknown format is a usage error" 2 "$ASAC" lint -f xml 'g,h:1.cfg'

# --max-warnings: crypto.cfg has warnings, but no more than it has
nw=$("$ASAC" lint -f json crypto.cfg | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["warning"])')
t "--max-warnings above the count passes" 0 "$ASAC" lint --fail-on never --max-warnings "$nw" crypto.cfg
t "--max-warnings below the count fails" 1 "$ASAC" lint --fail-on never --max-warnings "$((nw - 1))" crypto.cfg
t "--max-warnings takes a number" 2 "$ASAC" lint --max-warnings x crypto.cfg

# --baseline: recorded findings stay quiet after a line shift; new ones not
cp "$REPO/testdata/lint/crypto.cfg" legacy.cfg
t "--write-baseline exits 0" 0 "$ASAC" lint --write-baseline base.json legacy.cfg
ok "--write-baseline says what it recorded" grep -q "^asac: recorded [0-9]* findings in 'base.json'$" err
t "--baseline hides every recorded finding" 0 "$ASAC" lint --baseline base.json legacy.cfg
ok "--baseline prints nothing for them" test ! -s out
{ echo '! a new first line'; cat "$REPO/testdata/lint/crypto.cfg"; printf 'crypto ikev1 policy 30\n encryption des\n'; } > legacy.cfg
t "--baseline reports only the new finding" 1 "$ASAC" lint --baseline base.json legacy.cfg
ok "the new finding is the one reported" test "$(grep -c '^legacy.cfg:' out)" = 1 -a "$(grep -c "^legacy.cfg:62:13: error: 'des' encryption is weak" out)" = 1
printf '{\n' > broken.json
t "a broken baseline is an error" 2 "$ASAC" lint --baseline broken.json legacy.cfg
ok "the error is located" grep -q '^asac: broken.json:2:' err

# .asac.yaml: found beside the input; rules, overrides by path, profile
mkdir -p cf/legacy
cp "$REPO/testdata/lint/keys.cfg" cf/fw.cfg
cp "$REPO/testdata/lint/keys.cfg" cf/legacy/old.cfg
printf 'profile: default\nrules:\n  pfs-missing: off\n  unused-definition: warning\noverrides:\n  - paths: ["cf/legacy/*"]\n    rules:\n      ipsec-lifetime-long: off\n      psk-weak: note\n' > cf/.asac.yaml
t "config: lint with .asac.yaml beside the input" 1 "$ASAC" lint cf/fw.cfg cf/legacy/old.cfg
ok "config: a rule switched off" bash -c "! grep -q 'pfs-missing' out"
ok "config: a severity changed" grep -q "^cf/fw.cfg:31:15: warning: address pool 'NOBODY' is never used \[unused-definition\]" out
ok "config: an override switches a rule off for matching paths only" bash -c "grep -q '^cf/fw.cfg:18:60: warning: .*ipsec-lifetime-long' out && ! grep -q '^cf/legacy/old.cfg:18:60:' out"
ok "config: an override changes a severity for matching paths only" bash -c "grep -q '^cf/legacy/old.cfg:69:45: note: .*psk-weak' out && grep -q '^cf/fw.cfg:69:45: warning: .*psk-weak' out"
t "config: --no-config ignores it" 1 "$ASAC" lint --no-config cf/fw.cfg
ok "config: --no-config reports pfs-missing again" grep -q 'pfs-missing' out
t "config: -W on the command line wins" 1 "$ASAC" lint -W pfs-missing cf/fw.cfg
ok "config: -W pfs-missing reported" grep -q 'pfs-missing' out
t "profile stig raises a warning to an error" 1 "$ASAC" lint --profile stig cf/fw.cfg
ok "profile stig: ipsec-lifetime-long is an error" grep -q '^cf/fw.cfg:18:60: error: .*\[ipsec-lifetime-long\]' out
printf 'rules:\n  nope: off\n' > bad.yaml
t "config: an unknown rule is an error" 2 "$ASAC" lint --config bad.yaml cf/fw.cfg
ok "config: the unknown rule is located" grep -qF "asac: bad.yaml:2:3: unknown rule 'nope' (see 'asac rules')" err
printf 'rules: [\n' > bad2.yaml
t "config: bad YAML is an error" 2 "$ASAC" lint --config bad2.yaml cf/fw.cfg
ok "config: the YAML error is located" grep -q '^asac: bad2.yaml:2:1: ' err
t "config: --profile takes default or stig" 2 "$ASAC" lint --profile strict cf/fw.cfg
mkdir notabundle
t "bundle --check: a directory without MANIFEST is not a bundle" 2 "$ASAC" bundle --check notabundle
ok "bundle --check: says which file is missing" grep -q "notabundle: not a bundle (MANIFEST: " err
t "bundle --check takes no other option" 2 "$ASAC" bundle --check notabundle -o x
# --sa-up: SPEC[=[LOCAL>]REMOTE], checked before and against the model
RA=$REPO/testdata/trace/ra.cfg
t "--sa-up without MAP:SEQ is a usage error" 2 "$ASAC" trace --sa-up OUT "$RA" input inside tcp 10.1.0.5 1 10.50.0.20 80
ok "--sa-up: says what it expected" grep -qF "asac: --sa-up 'OUT': expected a peer address or MAP:SEQ before '='" err
t "--sa-up with a bad network is a usage error" 2 "$ASAC" trace --sa-up 'OUT:65535=10.1.0.0/33' "$RA" input inside tcp 10.1.0.5 1 10.50.0.20 80
ok "--sa-up: the network list is explained" grep -qF "after '=' come the networks the SA carries, [LOCAL>]REMOTE" err
t "--sa-up naming no entry is a usage error" 2 "$ASAC" trace --sa-up OUT:20 "$RA" input inside tcp 10.1.0.5 1 10.50.0.20 80
ok "--sa-up: the missing entry is named" grep -qF "asac: --sa-up OUT:20: no entry OUT 20 in a crypto map bound to an interface" err
t "--sa-up of a dynamic-map entry" 0 "$ASAC" trace --sa-up DYN:10 --expect protect:OUT:65535 "$RA" input inside tcp 10.1.0.5 1 10.60.0.7 80
t "--sa-up of one client leaves another in clear" 0 "$ASAC" trace --sa-up 'OUT:65535=10.50.0.20' --expect bypass "$RA" input inside tcp 10.1.0.5 1 10.50.0.21 80
# weak-dh-group: group 14 (seed 002's default) is fine, except for the STIG
printf 'crypto ikev2 policy 10\n encryption aes-256\n integrity sha256\n group 14\n prf sha256\n' > dh14.cfg
t "group 14: nothing in the default profile" 0 "$ASAC" lint --fail-on note dh14.cfg
ok "group 14: no weak-dh-group" bash -c '! grep -q weak-dh-group out'
t "group 14: an error in the stig profile" 1 "$ASAC" lint --profile stig dh14.cfg
ok "group 14: the STIG's 16 or greater" grep -qF "dh14.cfg:4:8: error: Diffie-Hellman group 14 is below the STIG's 16 or greater (V-239957) [weak-dh-group]" out
# -o: missing parent directories are made, as by mkdir -p
t "compile -o into missing directories" 0 "$ASAC" compile "$RA" --target swanctl -o new/deep/gw1
ok "compile -o: the files are there" test -f new/deep/gw1/swanctl.conf -a -f new/deep/gw1/strongswan.d/asac.conf
t "compile --target nft -o into missing directories" 0 "$ASAC" compile "$RA" --target nft -o new/nft/gw1
ok "compile --target nft -o: the ruleset is there" test -f new/nft/gw1/asac.nft
t "bundle -o DIR.tar.gz into missing directories" 0 "$ASAC" bundle "$RA" -o new/b/gw1.tar.gz
ok "bundle -o DIR.tar.gz: the archive is there" test -s new/b/gw1.tar.gz
t "bundle -o DIR into missing directories" 0 "$ASAC" bundle "$RA" -o new/c/gw1
ok "bundle -o DIR: install.sh is there" test -x new/c/gw1/install.sh
: > notadir
t "compile -o under a file is an I/O error" 3 "$ASAC" compile "$RA" --target swanctl -o notadir/gw1
ok "compile -o under a file: says why" grep -qF "asac: cannot create 'notadir/gw1': Not a directory" err
t "trace: protocol 132 is given as sctp" 2 "$ASAC" trace "$REPO/testdata/trace/sctp.cfg" input inside 132 10.1.0.5 10.2.0.9
ok "trace: protocol 132 names the sctp form" grep -qF "asac: protocol 132 has ports: give it as sctp SRC SPORT DST DPORT" err
t "trace --time takes a date and a time" 2 "$ASAC" trace --time tomorrow "$REPO/testdata/trace/time-range.cfg" input outside tcp 198.51.100.7 1 10.1.0.20 22
ok "trace --time: says the form" grep -qF "asac: --time takes YYYY-MM-DD HH:MM (the ASA's clock), not 'tomorrow'" err
t "trace --time with a space" 0 "$ASAC" trace --expect drop --time "2026-12-05 10:00" "$REPO/testdata/trace/time-range.cfg" input outside tcp 198.51.100.7 1 10.1.0.20 22
# several files: checked on threads, the same output as one thread
t "lint DIR on threads" 1 "$ASAC" lint --color never "$REPO/testdata"
cp out lint-threads.out
t "lint DIR on one thread" 1 "$ASAC" lint -j 1 --color never "$REPO/testdata"
ok "lint: the output does not depend on the threads" cmp -s out lint-threads.out
ok "lint DIR: every *.cfg under it" test "$(grep -c '' out)" -gt 1000
mkdir -p nocfg
t "lint DIR without *.cfg is a usage error" 2 "$ASAC" lint nocfg
ok "lint DIR without *.cfg: says so" grep -qF "no *.cfg file under 'nocfg'" err
# the box budget: a clear error naming what was being built, exit 3
t "a box budget too small stops lint" 3 env ASAC_MAX_BOXES=20 "$ASAC" lint "$REPO/testdata/swanctl/cascade-a.cfg"
ok "the budget's error names the ACL" grep -qF "asac: access-list A3-C: the packet-set model needs more than 20 boxes" err
t "a box budget too small stops compile" 3 env ASAC_MAX_BOXES=60 "$ASAC" compile "$REPO/testdata/swanctl/cascade-a.cfg" --target swanctl -o -
ok "the budget's error names the entry" grep -qE "^asac: (crypto map A-MAP [0-9]+|access-list [A-Z0-9-]+): the packet-set model needs more than 60 boxes" err
t "trace --color takes auto, always or never" 2 "$ASAC" trace --color bogus "$REPO/testdata/trace/ra.cfg" input inside tcp 10.1.0.5 1 8.8.8.8 53

# keys and passwords never reach a diagnostic, in any format, nor the
# comments of an output: psk-weak points at a clear-text key, the
# unmodelled enable password and snmp community are quoted
cat > secrets.cfg <<'CFG'
hostname keys
enable password Enable-Hash-4711 encrypted
snmp-server community Community-4711
ntp authentication-key 1 md5 Ntp-4711
crypto isakmp key Isakmp-4711 address 0.0.0.0 0.0.0.0
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.1 255.255.255.0
access-list VPN extended permit ip 10.1.0.0 255.255.255.0 10.2.0.0 255.255.255.0
crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac
crypto map OUT 10 match address VPN
crypto map OUT 10 set peer 198.51.100.2
crypto map OUT 10 set ikev1 transform-set TS
crypto map OUT interface outside
crypto ikev1 enable outside
crypto ikev1 policy 10
 authentication pre-share
 encryption aes-256
 hash sha
 group 14
aaa-server RAD protocol radius
aaa-server RAD (outside) host 198.51.100.9 Radius-4711
username alice password Alice-Hash-4711 encrypted
tunnel-group 198.51.100.2 type ipsec-l2l
tunnel-group 198.51.100.2 ipsec-attributes
 ikev1 pre-shared-key Short-4711
CFG
leaks=
for fmt in text json sarif github; do
	"$ASAC" lint -W unmodeled-command -f "$fmt" secrets.cfg > out 2>&1
	grep -q 4711 out && leaks="$leaks lint-$fmt"
done
"$ASAC" compile secrets.cfg --target nft -o - > out 2>&1
grep -q 4711 out && leaks="$leaks nft"
"$ASAC" compile secrets.cfg --target asacd -o - > out 2>&1
grep -q 4711 out && leaks="$leaks asacd"
"$ASAC" trace secrets.cfg input outside tcp 10.2.0.5 1 10.1.0.5 22 > out 2>&1
grep -q 4711 out && leaks="$leaks trace"
"$ASAC" lint -W unmodeled-command secrets.cfg > out 2>&1
ok "no key or password in lint (text, json, sarif, github), nft, asacd or trace output${leaks:+ (leaked:$leaks)}" \
	test -z "$leaks"
ok "the masked key is still pointed at (psk-weak)" \
	grep -qF " ikev1 pre-shared-key **********" out

# a masked cluster key comes from --secrets (clusters:) for the asacd
# target; a cluster IP nothing uses is a warning; tunnel-group keys are
# not the asacd target's to warn about
printf 'clusters:\n  192.0.2.100: "cluster-key-from-the-vault"\n  192.0.2.99: "unused"\ntunnel-groups:\n  x: y\n' > cl.yaml
t "compile --target asacd --secrets" 0 "$ASAC" compile "$REPO/testdata/ra/cluster.cfg" --target asacd --secrets cl.yaml -o -
ok "the cluster key is the one --secrets gives" grep -qF '"key": "cluster-key-from-the-vault"' out
ok "an unused cluster IP is a warning with its line, the tunnel group is not" \
	sh -c "grep -qF \"cl.yaml:3: warning: no vpn load-balancing cluster with the masked key has cluster IP '192.0.2.99'\" err && ! grep -q \"'x'\" err"
t "compile --target asacd without the masked cluster key" 0 "$ASAC" compile "$REPO/testdata/ra/cluster.cfg" --target asacd -o -
ok "it says where the key goes" grep -qF "give it with --secrets (clusters: 192.0.2.100: KEY)" err
