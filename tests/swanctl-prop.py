#!/usr/bin/env python3
"""swanctl-prop.py - property test of the strongSwan back end.

Random crypto map cascades (fixed seeds, so every run is the same): two
to five entries of one to six ACEs each, permits and denies over hosts,
subnets and any, ip/tcp/udp/icmp with port operators, IKEv1 and IKEv2
entries, and sometimes a dynamic map behind them.  Each one must compile
(`asac compile --target swanctl`) and be proven equal to the crypto map
model by `asac verify`.

ICMP ACEs carry no type: a typed one leaves the other types, type 0
among them, to later entries, and type 0 alone is a wildcard in an XFRM
selector (compile reports that as unsupported-feature, and verify shows
the widening; tests/swanctl.sh covers it).

usage: tests/swanctl-prop.py ASAC [COUNT]
"""
import os
import random
import subprocess
import sys
import tempfile

NETS = ["10.0.0.0", "10.0.1.0", "10.1.0.0", "10.2.0.0", "172.16.5.0"]


def operand(r, wide=True):
    k = r.random()
    if k < 0.12 and wide:
        return "any4"
    if k < 0.35:
        base = r.choice(NETS).rsplit(".", 1)[0]
        return "host %s.%d" % (base, r.randrange(1, 255))
    base = r.choice(NETS)
    plen = r.choice([16, 23, 24, 25, 26, 28, 30])
    a = [int(x) for x in base.split(".")]
    v = (a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3])
    mask = (0xffffffff << (32 - plen)) & 0xffffffff
    v &= mask
    ip = ".".join(str(v >> s & 255) for s in (24, 16, 8, 0))
    m = ".".join(str(mask >> s & 255) for s in (24, 16, 8, 0))
    return "%s %s" % (ip, m)


def port(r):
    k = r.random()
    if k < 0.4:
        return ""
    op = r.choice(["eq", "lt", "gt", "range", "neq"])
    if op == "range":
        lo = r.randrange(1, 3000)
        return " range %d %d" % (lo, lo + r.randrange(0, 2000))
    return " %s %d" % (op, r.randrange(1, 65535))


def ace(r, acl, wide=True):
    act = "deny" if r.random() < 0.3 else "permit"
    proto = r.choice(["ip", "ip", "tcp", "udp", "icmp"])
    src, dst = operand(r, wide), operand(r, wide)
    if proto in ("tcp", "udp"):
        return "access-list %s extended %s %s %s%s %s%s" % (
            acl, act, proto, src, port(r), dst, port(r))
    return "access-list %s extended %s %s %s %s" % (acl, act, proto, src, dst)


def config(seed):
    r = random.Random(seed)
    out = ["hostname prop-%d" % seed,
           "interface GigabitEthernet0/0", " nameif outside",
           " security-level 0", " ip address 203.0.113.1 255.255.255.0",
           "crypto ikev1 enable outside", "crypto ikev1 am-disable",
           "crypto ikev2 enable outside",
           "crypto ikev1 policy 10", " authentication pre-share",
           " encryption aes-256", " hash sha", " group 14",
           "crypto ikev2 policy 10", " encryption aes-256",
           " integrity sha256", " group 19", " prf sha256",
           "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac",
           "crypto ipsec ikev2 ipsec-proposal P2",
           " protocol esp encryption aes-256",
           " protocol esp integrity sha-256"]
    n = r.randrange(2, 6)
    for i in range(n):
        acl = "ACL%d" % i
        # an IKEv1 child holds one selector pair, so `any` after a
        # fragmented cascade makes thousands of children (compile warns):
        # IKEv1 entries name networks only
        v1 = r.random() < 0.3
        for _ in range(r.randrange(1, 7)):
            out.append(ace(r, acl, not v1))
        seq = (i + 1) * 10
        peer = "198.51.100.%d" % (i + 1)
        out += ["crypto map CM %d match address %s" % (seq, acl),
                "crypto map CM %d set peer %s" % (seq, peer)]
        if v1:
            out.append("crypto map CM %d set ikev1 transform-set TS" % seq)
            ver = 1
        else:
            out.append("crypto map CM %d set ikev2 ipsec-proposal P2" % seq)
            ver = 2
        out += ["tunnel-group %s type ipsec-l2l" % peer,
                "tunnel-group %s ipsec-attributes" % peer,
                " ikev%d %s pre-shared-key key-of-peer-%d-for-tests" % (
                    ver, "pre-shared-key" if ver == 1 else
                    "remote-authentication", i)]
        if ver == 1:
            out[-1] = " ikev1 pre-shared-key key-of-peer-%d-for-tests" % i
    if r.random() < 0.4:
        out += ["crypto dynamic-map DYN 10 set ikev2 ipsec-proposal P2"]
        if r.random() < 0.5:
            for _ in range(r.randrange(1, 4)):
                out.append(ace(r, "DYNACL"))
            out.append("crypto dynamic-map DYN 10 match address DYNACL")
        out.append("crypto map CM 65535 ipsec-isakmp dynamic DYN")
    out.append("crypto map CM interface outside")
    return "\n".join(out) + "\n"


def main():
    asac = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, count + 1):
            cfg = os.path.join(tmp, "prop-%d.cfg" % seed)
            with open(cfg, "w") as f:
                f.write(config(seed))
            outdir = os.path.join(tmp, "out-%d" % seed)
            c = subprocess.run([asac, "compile", "--color", "never", cfg,
                                "--target", "swanctl", "-o", outdir],
                               capture_output=True, text=True)
            if c.returncode != 0:
                print("FAIL: random cascade %d does not compile" % seed)
                print("    " + c.stderr.strip().replace("\n", "\n    ")[:2000])
                bad += 1
                continue
            v = subprocess.run([asac, "verify", cfg, outdir],
                               capture_output=True, text=True)
            if v.returncode != 0:
                print("FAIL: random cascade %d: verify" % seed)
                print("    " + v.stdout.strip().replace("\n", "\n    "))
                bad += 1
                keep = os.environ.get("ASAC_PROP_KEEP")
                if keep:
                    os.makedirs(keep, exist_ok=True)
                    with open(os.path.join(keep, "prop-%d.cfg" % seed),
                              "w") as f:
                        f.write(config(seed))
            else:
                print("PASS: random cascade %d compiles and verifies" % seed)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
