#!/bin/sh
# install.sh - install this asac bundle on a Debian gateway (see README).
#
# Every file under etc/ and usr/ of the bundle goes to the same path under
# the root.  Before anything changes the bundle is checked against its
# MANIFEST, the packages it needs must be installed, and its
# configurations must pass nft -c, strongSwan's parser, asacd --check (and
# keepalived -t, ocserv -t): a broken bundle never replaces a working
# configuration.
# A file replaced is saved first and a file added is recorded, in
# ROOT/var/lib/asac/install, so that --rollback puts the tree back as it
# was.  Installing the same bundle again changes nothing.
set -eu

usage() {
	cat <<'EOF'
usage: install.sh [--dry-run] [--root DIR] [--no-activate]
       install.sh --rollback [--dry-run] [--root DIR]

  --dry-run      print what would change and change nothing
  --root DIR     install into DIR instead of / (a staging root; nothing
                 is activated)
  --no-activate  install the files but start or reload nothing
  --rollback     restore the files the last installs replaced and remove
                 those they added
  -h, --help     this text
EOF
}

root=/ dry=0 rollback=0 activate=1
while [ $# -gt 0 ]; do
	case $1 in
	--dry-run) dry=1 ;;
	--rollback) rollback=1 ;;
	--no-activate) activate=0 ;;
	--root)
		[ $# -ge 2 ] || { echo "install.sh: --root needs a directory" >&2; exit 2; }
		root=$2
		shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
[ -d "$root" ] || { echo "install.sh: no directory '$root'" >&2; exit 2; }
root=$(cd "$root" && pwd)
[ "$root" = / ] || activate=0
R=${root%/}
state=$R/var/lib/asac/install
here=$(cd "$(dirname "$0")" && pwd)

say() { printf 'install.sh: %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# --- rollback -------------------------------------------------------------
if [ $rollback = 1 ]; then
	[ -d "$state" ] || die "nothing to roll back under $root"
	if [ -d "$state/saved" ]; then
		(cd "$state/saved" && find . -type f | sed 's|^\./||' | sort) > "$state/.restore"
	else
		: > "$state/.restore"
	fi
	while IFS= read -r f; do
		if [ $dry = 1 ]; then say "would restore /$f"; continue; fi
		cp -p "$state/saved/$f" "$R/$f"
		say "restored /$f"
	done < "$state/.restore"
	[ -f "$state/added" ] && while IFS= read -r f; do
		if [ $dry = 1 ]; then say "would remove /$f"; continue; fi
		rm -f "$R/$f"
		say "removed /$f"
	done < "$state/added"
	rm -f "$state/.restore"
	[ $dry = 1 ] && exit 0
	dirs=$(cat "$state/dirs" 2> /dev/null || true)
	rm -rf "$state"
	# the directories the installs created, deepest first
	printf '%s\n' "$dirs" | sort -r | while IFS= read -r d; do
		[ -n "$d" ] && rmdir "$R/$d" 2> /dev/null || true
	done
	if [ $activate = 1 ] && command -v systemctl > /dev/null; then
		systemctl daemon-reload || true
		say "files restored; restart the services they configure (strongswan, nftables, asacd, ocserv)"
	fi
	exit 0
fi

# --- checks before anything changes -----------------------------------------
cd "$here"
sha256sum --quiet --strict -c MANIFEST > /dev/null 2>&1 ||
	die "the bundle does not match its MANIFEST (sha256sum -c MANIFEST)"
admin=
[ "$R" != "" ] && [ -f "$R/var/lib/dpkg/status" ] && admin="--admindir=$R/var/lib/dpkg"
missing=
for p in $(cat packages); do
	dpkg-query $admin -W -f='${Status}\n' "$p" 2> /dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] || die "missing packages:$missing (apt-get install$missing)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nft -c -f etc/nftables.d/asac.nft > "$tmp/err" 2>&1 ||
	{ cat "$tmp/err" >&2; die "nft -c refuses etc/nftables.d/asac.nft"; }
for f in etc/swanctl/conf.d/*.conf etc/strongswan.d/charon/asac.conf; do
	if [ "$f" = etc/strongswan.d/charon/asac.conf ]; then
		printf 'charon {\n\tinclude %s\n}\n' "$here/$f" > "$tmp/s.conf"
	else
		printf 'include %s\n' "$here/$f" > "$tmp/s.conf"
	fi
	STRONGSWAN_CONF=$tmp/s.conf swanctl --help > /dev/null 2> "$tmp/err" ||
		{ cat "$tmp/err" >&2; die "strongSwan cannot parse $f"; }
done
usr/sbin/asacd --check -c etc/asacd/asacd.json > "$tmp/err" 2>&1 ||
	{ cat "$tmp/err" >&2; die "asacd --check refuses etc/asacd/asacd.json"; }
if [ -f etc/keepalived/keepalived.conf ]; then
	keepalived -t -f etc/keepalived/keepalived.conf > "$tmp/err" 2>&1 ||
		{ cat "$tmp/err" >&2; die "keepalived -t refuses etc/keepalived/keepalived.conf"; }
fi
if [ -f etc/ocserv/ocserv.conf ]; then
	# ocserv -t on a copy that names the bundle's files, not /etc's
	mkdir "$tmp/ocserv"
	cp -r etc/ocserv/. "$tmp/ocserv/"
	for f in ocserv.conf radiusclient.conf; do
		if [ -f "$tmp/ocserv/$f" ]; then
			sed -i "s|/etc/ocserv/|$tmp/ocserv/|g" "$tmp/ocserv/$f"
		fi
	done
	ocserv -t -c "$tmp/ocserv/ocserv.conf" > "$tmp/err" 2>&1 ||
		{ cat "$tmp/err" >&2; die "ocserv -t refuses etc/ocserv/ocserv.conf"; }
fi

# --- what changes -------------------------------------------------------------
sed -n 's/^[0-9a-f]\{64\}  //p' MANIFEST | grep -E '^(etc|usr)/' > "$tmp/files"
changes=0
while IFS= read -r f; do
	if [ -f "$R/$f" ] && cmp -s "$f" "$R/$f" &&
	   [ "$(stat -c %a "$f")" = "$(stat -c %a "$R/$f")" ]; then
		continue
	fi
	changes=$((changes + 1))
	if [ -e "$R/$f" ]; then echo "replace $f"; else echo "add $f"; fi
done < "$tmp/files" > "$tmp/plan"
if [ $changes = 0 ]; then
	say "$root is up to date: nothing to change"
	exit 0
fi
if [ $dry = 1 ]; then
	sed 's|^\([a-z]*\) \(.*\)|install.sh: would \1 /\2|' "$tmp/plan"
	exit 0
fi

# --- install ------------------------------------------------------------------
# mkdir_rec DIR: create the relative DIR under the root, recording every
# directory created so that --rollback removes it
mkdir_rec() {
	local_path=
	for part in $(printf '%s' "$1" | tr '/' ' '); do
		local_path=${local_path:+$local_path/}$part
		if [ ! -d "$R/$local_path" ]; then
			mkdir "$R/$local_path"
			printf '%s\n' "$local_path" >> "$tmp/newdirs"
		fi
	done
}
: > "$tmp/newdirs"
mkdir_rec var/lib/asac/install
cat "$tmp/newdirs" >> "$state/dirs"
: > "$tmp/newdirs"
touch "$state/added"
while IFS=' ' read -r what f; do
	mkdir_rec "$(dirname "$f")"
	if [ "$what" = replace ]; then
		# the first install's copy is the one to go back to
		if [ ! -e "$state/saved/$f" ] && ! grep -qxF "$f" "$state/added"; then
			mkdir -p "$state/saved/$(dirname "$f")"
			cp -p "$R/$f" "$state/saved/$f"
		fi
	else
		grep -qxF "$f" "$state/added" || printf '%s\n' "$f" >> "$state/added"
	fi
	cp "$f" "$R/$f.asac-new"
	chmod "$(stat -c %a "$f")" "$R/$f.asac-new"
	mv -f "$R/$f.asac-new" "$R/$f"
	say "${what%e}ed /$f"
done < "$tmp/plan"
cat "$tmp/newdirs" >> "$state/dirs"

# --- activate -----------------------------------------------------------------
if [ $activate = 0 ]; then
	say "installed under $root; nothing activated"
	exit 0
fi
sysctl -q -p /etc/sysctl.d/60-asac.conf || die "sysctl refused /etc/sysctl.d/60-asac.conf"
if command -v systemctl > /dev/null && [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	systemctl enable --now asac-nftables.service
	systemctl restart asac-nftables.service
	systemctl enable strongswan.service
	systemctl restart strongswan.service
	[ -f /etc/keepalived/keepalived.conf ] && systemctl restart keepalived.service
	systemctl enable asacd.service
	systemctl restart asacd.service
	if [ -f etc/ocserv/ocserv.conf ]; then
		systemctl enable ocserv.service
		systemctl restart ocserv.service
		say "activated: asac-nftables, strongswan, asacd, ocserv"
	else
		say "activated: asac-nftables, strongswan, asacd"
	fi
else
	nft -f /etc/nftables.d/asac.nft
	say "no systemd: the ruleset is loaded; start charon (swanctl --load-all) and asacd -c /etc/asacd/asacd.json yourself"
	[ -f etc/ocserv/ocserv.conf ] && say "and ocserv -c /etc/ocserv/ocserv.conf"
fi
