#!/usr/bin/env bash
# completion.sh - the bash completions in completion/ are derived from the
# binaries, and cannot drift from them:
#  - every command of 'asac --help' and every option of 'asac CMD --help'
#    is offered, and nothing else (but -h/--help);
#  - the values of an option are the ones asac names when it refuses a bad
#    value ("--fail-on takes error, warning, note or never");
#  - the rule ids are those of 'asac rules --json';
#  - every command and option of 'asacctl --help', word by word;
#  - files, directories and nameifs where those are expected.
# The completion functions run in this bash with COMP_WORDS, COMP_CWORD,
# COMP_LINE and COMP_POINT set, as bash sets them.
# usage: tests/completion.sh ASAC (asacctl beside it)
ASAC=$1
case $ASAC in /*) ;; *) ASAC=$PWD/$ASAC ;; esac
ASACCTL=$(dirname "$ASAC")/asacctl
REPO=$(cd "$(dirname "$0")/.." && pwd)
BC=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}
if [ ! -r "$BC" ]; then
	echo "SKIP: bash completion ($BC is missing: apt-get install bash-completion)"
	exit 0
fi
# bash_completion is written for interactive shells: source it before set -u
. "$BC"
. "$REPO/completion/asac"
. "$REPO/completion/asacctl"
set -u
tmp=$(mktemp -d /tmp/asac-comp.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

comp() {	# FUNCTION WORD...: the candidates for the last WORD, one a line
	local f=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" \
		2> /dev/null	# compopt outside a real completion
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" | sort -u
}

offers() {	# WORD FUNCTION WORD...: is WORD among the candidates?
	local want=$1
	shift
	comp "$@" | grep -qxF -e "$want"
}

same() {	# NAME WANT GOT: two lists, one item a line, as sets
	local n

	if [ "$(sort -u <<< "$2")" = "$(sort -u <<< "$3")" ]; then
		n=$(sort -u <<< "$2" | wc -l)
		if [ "$n" -le 8 ]; then
			pass "$1: $(sort -u <<< "$2" | tr '\n' ' ' | sed 's/ $//')"
		else
			pass "$1 ($n)"
		fi
	else
		fail "$1"
		diff <(sort -u <<< "$2") <(sort -u <<< "$3") | sed 's/^/    /'
	fi
}

helpopts() {	# the options of a --help text: in its usage lines, and those
		# that begin its option lines (not the ones its prose mentions)
	local text
	text=$(cat)
	{
		grep -E '^(usage: |       [a-z])' <<< "$text" |
			grep -oE -- '(^|[ [|])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ [|]//'
		sed -n 's/^  \(-[^ ,]*\(, -[^ ,]*\)\{0,1\}\).*/\1/p' <<< "$text" |
			sed 's/, /\n/'
	} | sort -u
}

printf 'hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n security-level 0\ninterface GigabitEthernet0/1\n nameif inside\n security-level 100\n' > fw.cfg
: > cases.yaml
mkdir out

# --- asac: commands and options -------------------------------------------
commands=$("$ASAC" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
same "asac offers the commands of asac --help" "$commands" "$(comp _asac "$ASAC" '')"
listed=$("$ASAC" --help | helpopts)
[ -n "$listed" ] || fail "asac --help lists no options (has its form changed?)"
for o in $listed; do
	offers "$o" _asac "$ASAC" - && pass "asac offers $o" || fail "asac does not offer $o"
done
same "asac help offers every command" "$commands" "$(comp _asac "$ASAC" help '')"
ids=$("$ASAC" rules --json | python3 -c 'import json, sys
for r in json.load(sys.stdin): print(r["id"])')
total=0
for cmd in $commands; do
	[ "$cmd" = help ] && continue
	listed=$("$ASAC" "$cmd" --help | helpopts)
	total=$((total + $(wc -w <<< "$listed")))
	offered=$(comp _asac "$ASAC" "$cmd" -)
	for o in $listed; do
		if [ "$o" = -Wno-RULE ]; then
			# -Wno-RULE for every rule (checked with the ids below)
			offers "-Wno-$(head -1 <<< "$ids")" _asac "$ASAC" "$cmd" -Wno- &&
				pass "asac $cmd offers -Wno-RULE" ||
				fail "asac $cmd does not offer -Wno-RULE"
		elif grep -qxF -e "$o" <<< "$offered"; then
			pass "asac $cmd offers $o"
		else
			fail "asac $cmd does not offer $o (asac $cmd --help lists it)"
		fi
	done
	for o in $offered; do
		case $o in -h | --help) continue ;; esac
		grep -qxF -e "$o" <<< "$listed" ||
			fail "asac $cmd offers $o, which asac $cmd --help does not list"
	done
done
[ "$total" -gt 40 ] && pass "asac's commands list $total options" ||
	fail "asac's commands list only $total options (has the form of --help changed?)"

# --- asac: the values of options ------------------------------------------
# valued CMD OPTION ARGS...: the values asac names when ARGS give OPTION the
# value '@bad@': "takes A, B or C" or "(A, B or C)"
valued() {
	local cmd=$1 opt=$2 msg
	shift 2
	msg=$("$ASAC" "$cmd" "$opt" @bad@ "$@" 2>&1 > /dev/null | head -1)
	sed -n -e "s/.* takes \(.*\), not '@bad@'$/\1/p" \
		-e "s/.* takes \(.*\)$/\1/p" -e "s/.*'@bad@' (\(.*\))$/\1/p" <<< "$msg" |
		sed 's/ or /, /; s/, /\n/g'
}
check_values() {	# CMD OPTION ARGS...
	local cmd=$1 opt=$2 want
	want=$(valued "$@")
	if [ -z "$want" ]; then
		fail "asac $cmd $opt @bad@ names no values"
		return
	fi
	same "asac $cmd $opt offers the values asac accepts" "$want" \
		"$(comp _asac "$ASAC" "$cmd" fw.cfg "$opt" '')"
}
check_values lint -f fw.cfg
check_values lint --format fw.cfg
check_values lint --fail-on fw.cfg
check_values lint --profile fw.cfg
check_values lint --color fw.cfg
check_values ir --color fw.cfg
check_values compile --target fw.cfg -o -
check_values compile --ipsec-backend fw.cfg --target nft -o -
check_values compile --color fw.cfg --target nft -o -
check_values bundle --ipsec-backend fw.cfg -o out
check_values trace --expect fw.cfg input outside tcp 10.0.0.1 1 10.0.0.2 2
# trace takes any --color value (others are auto): the list of lint's
same "asac trace --color offers what lint --color takes" \
	"$(valued lint --color fw.cfg)" "$(comp _asac "$ASAC" trace --color '')"
same "asac lint --format=VALUE offers the formats" "$(valued lint -f fw.cfg)" \
	"$(comp _asac "$ASAC" lint --format='')"

# --- asac: rule ids -------------------------------------------------------
if [ "$(wc -l <<< "$ids")" -gt 10 ]; then
	pass "asac rules --json lists $(wc -l <<< "$ids") rules"
else
	fail "asac rules --json lists too few rules: $ids"
fi
same "asac lint -W RULE offers the ids of asac rules --json" "$ids" \
	"$(comp _asac "$ASAC" lint -W '')"
same "asac rules RULE offers the ids of asac rules --json" "$ids" \
	"$(comp _asac "$ASAC" rules '')"
id=$(head -1 <<< "$ids")
offers "-W$id" _asac "$ASAC" lint "-W${id:0:3}" && offers "-Wno-$id" _asac "$ASAC" lint "-Wno-${id:0:3}" &&
	pass "asac lint -W${id:0:3} offers -W$id, -Wno-${id:0:3} offers -Wno-$id" ||
	fail "asac lint -WRULE or -Wno-RULE is not offered for $id"
# the asac being completed is the one asked: a missing one gives nothing
[ -z "$(comp _asac "$tmp/no-asac" lint -W '')" ] &&
	pass "no rule ids from an asac that is not there" ||
	fail "rule ids from an asac that is not there"

# --- asac: files, directories, nameifs ------------------------------------
offers fw.cfg _asac "$ASAC" lint '' && pass "asac lint offers files" ||
	fail "asac lint does not offer files"
offers cases.yaml _asac "$ASAC" trace --cases '' &&
	! offers fw.cfg _asac "$ASAC" trace --cases '' &&
	pass "asac trace --cases offers YAML files only" ||
	fail "asac trace --cases: $(comp _asac "$ASAC" trace --cases '' | tr '\n' ' ')"
offers out _asac "$ASAC" compile fw.cfg -o '' && ! offers fw.cfg _asac "$ASAC" compile fw.cfg -o '' &&
	pass "asac compile -o offers directories" ||
	fail "asac compile -o: $(comp _asac "$ASAC" compile fw.cfg -o '' | tr '\n' ' ')"
same "asac trace FILE input offers the file's nameifs" "$(printf 'inside\noutside')" \
	"$(comp _asac "$ASAC" trace fw.cfg input '')"
same "asac trace FILE offers 'input'" input "$(comp _asac "$ASAC" trace --json fw.cfg '')"
same "asac trace FILE input IFNAME offers the protocols" "$(printf 'tcp\nudp\nicmp')" \
	"$(comp _asac "$ASAC" trace --egress inside fw.cfg input outside '')"
same "asac compile --iface offers NAMEIF=" "$(printf 'inside=\noutside=')" \
	"$(comp _asac "$ASAC" compile fw.cfg --iface '')"
same "asac compile --iface outside=eth0,i offers inside=" "eth0,inside=" \
	"$(comp _asac "$ASAC" compile fw.cfg --iface outside=eth0,i)"
same "asac compile --iface outside= offers the devices" "$(ls /sys/class/net)" \
	"$(comp _asac "$ASAC" compile fw.cfg --iface outside=)"

# --- asacctl --------------------------------------------------------------
if [ ! -x "$ASACCTL" ]; then
	fail "$ASACCTL is missing"
	exit 0
fi
ctlhelp=$("$ASACCTL" --help)
for o in $(helpopts <<< "$ctlhelp"); do
	offers "$o" _asacctl asacctl - && pass "asacctl offers $o" || fail "asacctl does not offer $o"
done
cmds=$(sed -n 's/^  \([a-z][a-z -]*[a-z]\)\( STATE\)\{0,1\}  .*/\1/p' <<< "$ctlhelp")
same "asacctl offers the first words of its commands" "$(cut -d' ' -f1 <<< "$cmds")" \
	"$(comp _asacctl asacctl '')"
while read -r line; do
	read -r -a w <<< "$line"
	for ((k = 1; k < ${#w[@]}; k++)); do
		offers "${w[k]}" _asacctl asacctl "${w[@]:0:k}" '' ||
			{ fail "asacctl ${w[*]:0:k} does not offer ${w[k]}"; continue 2; }
	done
	pass "asacctl offers '$line', word by word"
done <<< "$cmds"
states=$(tr '\n' ' ' <<< "$ctlhelp" | tr -s ' ' | sed -n "s/.*keepalived's notify: \([a-z, ]*\) (.*/\1/p" |
	sed 's/ or /, /; s/, /\n/g')
same "asacctl vrrp offers the states of asacctl --help" "$states" "$(comp _asacctl asacctl vrrp '')"
: > x.sock
offers x.sock _asacctl asacctl --socket '' && pass "asacctl --socket offers files" ||
	fail "asacctl --socket does not offer files"
