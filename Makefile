# asac - one non-recursive GNU make file.  `make help` lists the targets.

CC       ?= cc
BUILD    ?= build
CSTD      = -std=c11 -D_POSIX_C_SOURCE=200809L
WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wwrite-strings -Wundef -Wcast-qual -Wvla
WERROR   ?= -Werror
CFLAGS   ?= -O2 -g
# CPPFLAGS, CFLAGS and LDFLAGS are the caller's (dpkg-buildflags for the
# Debian package: _FORTIFY_SOURCE, -fstack-protector-strong, -z now)
ALL_CFLAGS = $(CSTD) $(WARN) $(WERROR) $(CPPFLAGS) $(CFLAGS) -I. -I$(BUILD) -MMD -MP
LDLIBS    = -ljansson -lyaml -lpcap -lsodium -lnftables -lcrypt -lssl -lcrypto -lz -pthread
BISON    ?= bison
FLEX     ?= flex
PREFIX   ?= /usr/local
# where make install puts things (and DESTDIR before each); systemd reads
# units from /usr/local/lib/systemd/system too; the Debian package sets
# SYSTEMDUNITDIR=/lib/systemd/system
BINDIR   ?= $(PREFIX)/bin
SBINDIR  ?= $(PREFIX)/sbin
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
MANPAGES  = $(wildcard man/*.[1-8])
COMPLETIONS = completion/asac completion/asacctl

# Debian packages the build, the tests and the benchmarks need.
DEPS_PKGS = make gcc flex bison libjansson-dev libyaml-dev libnftables-dev pkg-config \
            mandoc clang libclang-rt-14-dev valgrind time gawk \
            libpcap-dev libsodium-dev python3 python3-jsonschema \
            strongswan-charon strongswan-swanctl libcharon-extra-plugins libcharon-extauth-plugins \
            libstrongswan-standard-plugins libstrongswan-extra-plugins iputils-ping \
            iproute2 nftables keepalived zlib1g-dev charon-systemd \
            debhelper dpkg-dev fakeroot lintian bash-completion python3-yaml \
            freeradius openssl libcrypt-dev ocserv openconnect libssl-dev

LIB_SRCS = compiler/util.c compiler/arena.c compiler/map.c compiler/src.c \
           compiler/diag.c compiler/diag_ci.c compiler/rules.c compiler/ir.c \
           compiler/lex.c compiler/lint.c compiler/lint_peers.c compiler/lint_ra.c compiler/lint_vti.c compiler/lintconf.c compiler/suppress.c \
           compiler/parse.c compiler/parse_acl.c compiler/apply.c \
           compiler/sema.c compiler/jw.c compiler/ir_json.c compiler/space.c \
           compiler/cryptomap.c compiler/trace.c compiler/nat.c compiler/yamlfile.c compiler/capture.c \
           compiler/load.c compiler/usage.c compiler/trace_batch.c \
           compiler/timerange.c compiler/policy.c \
           backends/swanctl.c backends/swanctl_ra.c backends/swverify.c backends/nft.c backends/asacd.c backends/ocserv.c backends/bundle.c backends/target.c runtime/lb.c \
           runtime/cluster.c runtime/jconf.c runtime/sim.c runtime/dconf.c \
           runtime/vici.c runtime/radius.c runtime/netif.c runtime/wire.c runtime/ikeredir.c runtime/divert.c runtime/keepalived.c \
           runtime/sslredir.c runtime/daemon.c
GEN_SRCS = $(BUILD)/asa.tab.c $(BUILD)/lex.yy.c
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/asa.tab.o $(BUILD)/lex.yy.o
ASAC     = $(BUILD)/asac
ASACD    = $(BUILD)/asacd
ASACCTL  = $(BUILD)/asacctl
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo check asan asan-check valgrind fuzz bench install \
        uninstall clean regen corpus check-headers help
.DEFAULT_GOAL := all

all: $(ASAC) $(ASACD) $(ASACCTL)

help:
	@echo "targets: all deps demo check asan valgrind fuzz bench corpus regen install uninstall clean check-headers"

# Install what is missing (Debian 12, as root).  Nothing else assumes
# anything is installed.
deps:
	@missing=""; for p in $(DEPS_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "deps: run as root, or install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BUILD)/asa.y: grammar/asa.y grammar/keywords.def grammar/genkw.awk
	@mkdir -p $(@D)
	awk -f grammar/genkw.awk grammar/keywords.def grammar/asa.y > $@

$(BUILD)/asa.tab.c $(BUILD)/asa.tab.h: $(BUILD)/asa.y
	$(BISON) -Wall -Werror -Wcounterexamples -d -o $(BUILD)/asa.tab.c $<

$(BUILD)/asa.l: grammar/asa.l grammar/keywords.def grammar/genkw.awk
	@mkdir -p $(@D)
	awk -f grammar/genkw.awk grammar/keywords.def grammar/asa.l > $@

$(BUILD)/lex.yy.c: $(BUILD)/asa.l $(BUILD)/asa.tab.h
	$(FLEX) -o $@ $<

$(BUILD)/%.o: %.c $(BUILD)/asa.tab.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# install.sh ships inside every bundle, and sandbox.sh is what
# `asac bundle --check` runs: C strings made from the scripts
$(BUILD)/%_sh.h: backends/%.sh
	@mkdir -p $(@D)
	{ echo 'static const char $*_sh[] ='; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@

$(BUILD)/backends/bundle.o: $(BUILD)/install_sh.h $(BUILD)/sandbox_sh.h

$(BUILD)/asa.tab.o: $(BUILD)/asa.tab.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/lex.yy.o: $(BUILD)/lex.yy.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libasac.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(ASAC): $(BUILD)/compiler/main.o $(BUILD)/libasac.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(ASACD): $(BUILD)/runtime/asacd.o $(BUILD)/libasac.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(ASACCTL): $(BUILD)/runtime/asacctl.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libasac.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libasac.a $(LDLIBS)

# the tools tests/vici.sh and tests/netif.sh drive: a client of a real
# charon, and the cluster IP's netlink and ARP in namespaces
$(BUILD)/vici_probe: tests/tools/vici_probe.c $(BUILD)/libasac.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libasac.a $(LDLIBS)

$(BUILD)/netif_probe: tests/tools/netif_probe.c $(BUILD)/libasac.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libasac.a $(LDLIBS)

$(BUILD)/fuzz_local: tests/fuzz/fuzz_parse.c tests/fuzz/local_main.c $(BUILD)/libasac.a
	$(CC) $(ALL_CFLAGS) -o $@ tests/fuzz/fuzz_parse.c tests/fuzz/local_main.c \
	  $(BUILD)/libasac.a $(LDLIBS)

# The whole test suite; it ends with "N passed, M failed".
check: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS) $(BUILD)/fuzz_local $(BUILD)/vici_bench
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" \
	  build-asan/asac build-asan/asacd build-asan/asacctl build-asan/fuzz_local \
	  build-asan/vici_probe build-asan/netif_probe \
	  $(UNIT_SRCS:tests/unit/%.c=build-asan/tests/%)
	@tests/check.sh

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" build-asan/asac build-asan/fuzz_local
	@ASAC=build-asan/asac tests/run-golden.sh

valgrind: deps
	@$(MAKE) --no-print-directory BUILD=build-vg CFLAGS="-O0 -g" build-vg/asac
	@ASAC=build-vg/asac VALGRIND=1 tests/run-golden.sh

CAPTURE_MB ?= 1000

# libFuzzer + ASan/UBSan with clang.  FUZZ_TIME seconds (default 600).
FUZZ_TIME ?= 600
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	  build-fuzz/libasac.a
	clang $(CSTD) -I. -Ibuild-fuzz -O1 -g -fsanitize=fuzzer,address,undefined \
	  -o build-fuzz/fuzz_parse tests/fuzz/fuzz_parse.c build-fuzz/libasac.a $(LDLIBS)
	@mkdir -p build-fuzz/corpus build-fuzz/crashes
	build-fuzz/fuzz_parse -max_total_time=$(FUZZ_TIME) -max_len=4096 \
	  -artifact_prefix=build-fuzz/crashes/ -dict=tests/fuzz/asa.dict \
	  build-fuzz/corpus testdata

$(BUILD)/trace_bench: tests/bench/trace_bench.c $(BUILD)/libasac.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libasac.a $(LDLIBS)

$(BUILD)/scan_bench: tests/bench/scan_bench.c $(BUILD)/libasac.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libasac.a $(LDLIBS)

$(BUILD)/vici_bench: tests/bench/vici_bench.c $(BUILD)/libasac.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libasac.a $(LDLIBS)

$(BUILD)/cluster_bench: tests/bench/cluster_bench.c $(BUILD)/libasac.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libasac.a $(LDLIBS)

bench: deps all $(BUILD)/trace_bench $(BUILD)/cluster_bench $(BUILD)/vici_bench $(BUILD)/scan_bench
	@echo "== parse + resolve (asac ir, asac lint)"
	@tests/bench/run.sh $(ASAC) build/bench
	@echo "== scale: the hub shape, floors, threads, flows"
	@tests/bench/scale.sh $(ASAC) $(BUILD) build/bench/scale
	@echo "== crypto map classification, 1,000,000 packets, 50 entries"
	@$(BUILD)/trace_bench
	@echo "== a $(CAPTURE_MB) MB capture (10,000 ACEs), asac trace --pcap against reading it"
	@$(BUILD)/trace_bench --write-capture build/bench $(CAPTURE_MB)
	@cat build/bench/capture.pcap > /dev/null
	@/usr/bin/time -f "read (cat):          %e s" cat build/bench/capture.pcap > /dev/null
	@/usr/bin/time -f "asac trace --pcap:   %e s, peak RSS %M KB" \
	  $(ASAC) trace --pcap build/bench/capture.pcap build/bench/capture.cfg | tail -1 | cut -c1-120
	@echo "== asac compile --target swanctl: 10,000 crypto ACEs over 50 entries"
	@awk -f tests/bench/gencrypto.awk > build/bench/crypto.cfg
	@rm -rf build/bench/swanctl
	@/usr/bin/time -f "compile:             %e s, peak RSS %M KB" \
	  $(ASAC) compile build/bench/crypto.cfg --target swanctl -o build/bench/swanctl
	@echo "children:            $$(grep -c '^			[^	].* {$$' build/bench/swanctl/swanctl.conf) (for 10,000 ACEs)"
	@/usr/bin/time -f "verify:              %e s, peak RSS %M KB" \
	  $(ASAC) verify build/bench/crypto.cfg build/bench/swanctl > /dev/null
	@echo "== asac bundle of the same configuration (all back ends, tar.gz)"
	@rm -f build/bench/crypto.tar.gz
	@/usr/bin/time -o build/bench/time.out -f "bundle:              %e s, peak RSS %M KB" \
	  $(ASAC) bundle build/bench/crypto.cfg -o build/bench/crypto.tar.gz 2> /dev/null; \
	  cat build/bench/time.out
	@echo "archive:             $$(stat -c %s build/bench/crypto.tar.gz) bytes"
	@if [ "$$(id -u)" = 0 ]; then \
	  rm -rf build/bench/crypto-bundle; \
	  tar xzf build/bench/crypto.tar.gz -C build/bench --transform 's|^crypto|crypto-bundle|'; \
	  /usr/bin/time -o build/bench/time.out -f "bundle --check:      %e s (sandbox: install, nft, charon loads every child, asacd)" \
	    $(ASAC) bundle --check build/bench/crypto-bundle > build/bench/check.out 2>&1 || \
	    { echo "bundle --check failed:"; cat build/bench/check.out; }; \
	  cat build/bench/time.out; grep 'strongSwan\|loaded,' build/bench/check.out; \
	else echo "bundle --check:      skipped (needs root)"; fi
	@echo "== asac compile --target nft: 10,000 ACEs over 200 network and 20 service object-groups"
	@awk -f tests/bench/genacl.awk > build/bench/acl.cfg
	@rm -rf build/bench/nft
	@/usr/bin/time -f "compile:             %e s, peak RSS %M KB" \
	  $(ASAC) compile build/bench/acl.cfg --target nft -o build/bench/nft
	@echo "rules:               $$(grep -c '^		[^#]' build/bench/nft/asac.nft), sets: $$(grep -c '^	set ' build/bench/nft/asac.nft)"
	@if [ "$$(id -u)" = 0 ] && unshare -n true 2> /dev/null; then \
	  unshare -n /usr/bin/time -f "nft -f (load):       %e s, peak RSS %M KB" \
	    nft -f build/bench/nft/asac.nft; \
	else echo "nft -f (load):       skipped (needs root and a network namespace)"; fi
	@echo "== asacd: the cluster core's decisions (target: over 1,000,000/s for 10 members)"
	@$(BUILD)/cluster_bench
	@echo "== asacd --simulate: 10 members, 100,000 connects (target: under 1 s)"
	@python3 -c 'import json; print(json.dumps({"nodes": [{"name": "asa%d" % i, "ip": "10.0.0.%d" % i, "priority": 1 + i % 10, "limits": {"anyconnect": 20000, "other": 5000}} for i in range(1, 11)], "events": [{"t": 30 + i / 1000, "type": "connect", "class": "anyconnect" if i % 5 else "other"} for i in range(100000)]}))' > build/bench/sim.json
	@/usr/bin/time -f "simulate:            %e s, peak RSS %M KB" \
	  $(ASACD) --simulate build/bench/sim.json > /dev/null
	@echo "== asacd: ike-updown events absorbed from VICI, counts kept exact (1,000,000 events)"
	@$(BUILD)/vici_bench $(ASACD) $(CURDIR)/build/bench 1000000

# Parse the public corpus in place (../shared/corpus), when it is there.
corpus: all
	@tests/corpus.sh $(ASAC)
	@python3 tests/corpus-ra.py $(ASAC)

regen: all
	@REGEN=1 tests/run-golden.sh
	@REGEN=1 SWANCTL_NO_CHARON=1 tests/swanctl.sh $(ASAC)
	@REGEN=1 NFT_NO_KERNEL=1 tests/nft.sh $(ASAC)
	@REGEN=1 tests/asacd.sh $(ASACD)
	@$(ASAC) rules --mdoc > man/asac-rules.7

check-headers:
	@for h in compiler/*.h backends/*.h runtime/*.h; do \
	  echo "#include \"$$h\"" | $(CC) $(CSTD) $(WARN) -I. -I$(BUILD) -x c -fsyntax-only - || exit 1; \
	done; echo "headers: ok"

# The main job on the shipped example: lint a clean branch-office
# configuration and one with the usual mistakes, then show its crypto maps
# from the IR.
demo: deps all
	@echo "== asac lint testdata/demo/branch-office.cfg"
	@$(ASAC) lint testdata/demo/branch-office.cfg && echo "clean (exit status 0)"
	@echo
	@echo "== asac lint testdata/demo/branch-office-typos.cfg"
	@$(ASAC) lint testdata/demo/branch-office-typos.cfg; echo "(exit status $$?)"
	@echo
	@echo "== asac ir testdata/demo/branch-office.cfg: the crypto map entries"
	@$(ASAC) ir testdata/demo/branch-office.cfg | \
	  awk '/"crypto_maps"/{p=1} /"dynamic_maps"/{p=0} p' | head -80
	@echo
	@echo "== asac compile testdata/demo/branch-office.cfg --target swanctl (keys from --secrets)"
	@rm -rf build/demo
	@$(ASAC) compile testdata/demo/branch-office.cfg --target swanctl \
	  --secrets testdata/demo/branch-office.secrets.yaml -o build/demo
	@sed -n '/^connections/,/^	}/p' build/demo/swanctl.conf
	@echo "   ... (the whole file: build/demo/swanctl.conf)"
	@echo
	@echo "== asac verify: the children against the crypto map model"
	@$(ASAC) verify testdata/demo/branch-office.cfg build/demo

# Every manual page goes to the section its name ends with; the unit's
# paths are the ones installed to.  uninstall removes the same files (and
# no directory: they may be shared).
install: all
	install -D -m 0755 $(ASAC) $(DESTDIR)$(BINDIR)/asac
	install -D -m 0755 $(ASACD) $(DESTDIR)$(SBINDIR)/asacd
	install -D -m 0755 $(ASACCTL) $(DESTDIR)$(SBINDIR)/asacctl
	@for m in $(MANPAGES); do \
	  echo "install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}"; \
	  install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/} || exit 1; \
	done
	@for c in $(COMPLETIONS); do \
	  echo "install -D -m 0644 $$c $(DESTDIR)$(BASHCOMPDIR)/$${c##*/}"; \
	  install -D -m 0644 $$c $(DESTDIR)$(BASHCOMPDIR)/$${c##*/} || exit 1; \
	done
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	  runtime/asacd.service.in > $(BUILD)/asacd.service
	install -D -m 0644 $(BUILD)/asacd.service $(DESTDIR)$(SYSTEMDUNITDIR)/asacd.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/asac $(DESTDIR)$(SBINDIR)/asacd \
	  $(DESTDIR)$(SBINDIR)/asacctl $(DESTDIR)$(SYSTEMDUNITDIR)/asacd.service
	@for m in $(MANPAGES); do \
	  echo "rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}"; \
	  rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; \
	done
	@for c in $(COMPLETIONS); do \
	  echo "rm -f $(DESTDIR)$(BASHCOMPDIR)/$${c##*/}"; \
	  rm -f $(DESTDIR)$(BASHCOMPDIR)/$${c##*/}; \
	done

clean:
	rm -rf build build-asan build-vg build-fuzz

-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)
