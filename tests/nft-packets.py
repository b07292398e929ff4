#!/usr/bin/env python3
# nft-packets.py - the nftables back end against the model, with real
# packets: for each configuration, a firewall namespace whose interfaces
# carry the configuration's nameifs and addresses loads the compiled
# ruleset; one host namespace per interface sends random TCP, UDP and ICMP
# packets (raw sockets, any source address) and captures what the firewall
# forwards.  `asac trace --flows` says, for the same packets, whether each
# is allowed, where it leaves and with which addresses after NAT; any
# difference is a failure.
#   usage: nft-packets.py CFG...   (root; NFT_PACKETS packets per config)
# Prints "PASS:"/"FAIL:" lines and a figure line; exits 1 on a mismatch.
import ctypes
import ipaddress
import json
import os
import random
import re
import select
import socket
import struct
import subprocess
import sys
import tempfile
import time

ASAC = os.path.abspath(os.environ.get("ASAC", "build/asac"))
NPKT = int(os.environ.get("NFT_PACKETS", "400"))
SEED = int(os.environ.get("NFT_SEED", "1"))
CLONE_NEWNET = 0x40000000
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
libc = ctypes.CDLL(None, use_errno=True)
MARK = b"ASAC"


def run(*cmd, check=True, **kw):
    return subprocess.run(cmd, check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, **kw)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + path)
    finally:
        os.close(fd)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def packet(proto, src, sport, dst, dport, ident):
    payload = MARK + struct.pack("!I", ident)
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    if proto == "tcp":
        hdr = struct.pack("!HHIIBBHHH", sport, dport, ident, 0, 5 << 4,
                          0x02, 64240, 0, 0)
        l4 = hdr + payload
        ph = s + d + struct.pack("!BBH", 0, 6, len(l4))
        l4 = l4[:16] + struct.pack("!H", csum(ph + l4)) + l4[18:]
        pnum = 6
    elif proto == "udp":
        l4 = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
        ph = s + d + struct.pack("!BBH", 0, 17, len(l4))
        c = csum(ph + l4) or 0xffff
        l4 = l4[:6] + struct.pack("!H", c) + l4[8:]
        pnum = 17
    else:
        l4 = struct.pack("!BBHHH", 8, 0, 0, sport, ident & 0xffff) + payload
        l4 = l4[:2] + struct.pack("!H", csum(l4)) + l4[4:]
        pnum = 1
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), ident & 0xffff,
                     0, 64, pnum, 0, s, d)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + l4


def probe_id(frame):
    """The probe number of a captured IPv4 packet, with its addresses and
    ports (None for ICMP)."""
    if len(frame) < 20 or frame[0] >> 4 != 4:
        return None
    ihl = (frame[0] & 15) * 4
    proto = frame[9]
    l4 = frame[ihl:]
    if proto == 6 and len(l4) >= 20:
        data = l4[(l4[12] >> 4) * 4:]
    elif proto == 17 and len(l4) >= 8:
        data = l4[8:]
    elif proto == 1 and len(l4) >= 8 and l4[0] == 8:
        data = l4[8:]
    else:
        return None
    if data[:4] != MARK or len(data) < 8:
        return None
    ports = struct.unpack("!HH", l4[:4]) if proto in (6, 17) else (None, None)
    return (struct.unpack("!I", data[4:8])[0], socket.inet_ntoa(frame[12:16]),
            socket.inet_ntoa(frame[16:20])) + ports


def host_addr(net, fw):
    for h in (net.network_address + 1, net.network_address + 2,
              net.network_address + 3):
        if h != fw:
            return h
    raise ValueError(net)


class Lab:
    def __init__(self, cfg, tag):
        ir = json.loads(run(ASAC, "ir", cfg, check=False).stdout)["configs"][0]
        self.cfg = cfg
        self.fw = "%sfw" % tag
        self.ifs = []
        for i, f in enumerate(ir["interfaces"]):
            ip = f.get("ip")
            if not f.get("nameif") or not ip or ip.get("kind") != "network":
                continue
            fwip = ipaddress.ip_address(ip["address"])
            net = ipaddress.ip_network("%s/%d" % (fwip, ip["prefix_len"]),
                                       strict=False)
            self.ifs.append({"name": f["nameif"], "fw": fwip, "net": net,
                             "host": host_addr(net, fwip),
                             "ns": "%sh%d" % (tag, i)})
        self.routes = [(r["interface"], r["destination"]["address"],
                        r["destination"]["prefix_len"])
                       for r in ir.get("routes", [])
                       if r.get("destination", {}).get("kind") == "network"
                       and ":" not in r["destination"]["address"]]
        self.byname = {f["name"]: f for f in self.ifs}

    def up(self, ruleset):
        fw = self.fw
        run("ip", "netns", "add", fw)
        run("ip", "-n", fw, "link", "set", "lo", "up")
        for k in ("net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0",
                  "net.ipv4.conf.default.rp_filter=0",
                  "net.ipv4.conf.all.send_redirects=0",
                  "net.ipv4.conf.default.send_redirects=0"):
            run("ip", "netns", "exec", fw, "sysctl", "-qw", k)
        for f in self.ifs:
            h = f["ns"]
            run("ip", "netns", "add", h)
            run("ip", "-n", fw, "link", "add", f["name"], "type", "veth",
                "peer", "name", "eth0", "netns", h)
            run("ip", "netns", "exec", fw, "sysctl", "-qw",
                "net.ipv4.conf.%s.rp_filter=0" % f["name"])
            run("ip", "-n", fw, "addr", "add", "%s/%d" % (f["fw"],
                f["net"].prefixlen), "dev", f["name"], "noprefixroute")
            run("ip", "-n", fw, "link", "set", f["name"], "up")
            run("ip", "-n", h, "link", "set", "lo", "up")
            run("ip", "-n", h, "addr", "add", "%s/32" % f["host"], "dev",
                "eth0")
            run("ip", "-n", h, "link", "set", "eth0", "up")
            run("ip", "-n", h, "route", "add", str(f["fw"]), "dev", "eth0")
            run("ip", "-n", h, "route", "add", "default", "via",
                str(f["fw"]))
            # everything the firewall sends out of this interface goes to
            # the host (the connected network through it), so it is seen
            run("ip", "-n", fw, "route", "add", "%s/32" % f["host"], "dev",
                f["name"])
            run("ip", "-n", fw, "route", "replace", str(f["net"]), "via",
                str(f["host"]), "dev", f["name"])
        for ifn, dest, plen in self.routes:
            f = self.byname.get(ifn)
            if f:
                run("ip", "-n", fw, "route", "replace",
                    "%s/%d" % (dest, plen), "via", str(f["host"]), "dev", ifn)
        run("ip", "netns", "exec", fw, "nft", "-f", ruleset)
        for f in self.ifs:	# neighbours resolved before the probes
            run("ip", "netns", "exec", fw, "ping", "-c1", "-W1",
                str(f["host"]), check=False)

    def down(self):
        for f in self.ifs:
            run("ip", "netns", "del", f["ns"], check=False)
        run("ip", "netns", "del", self.fw, check=False)


def port_num(w):
    try:
        return int(w)
    except ValueError:
        try:
            return socket.getservbyname({"www": "http"}.get(w, w))
        except OSError:
            return None


def pat_probes(lab, ri, mi, proto, ma, mp, ra, rp):
    if ma == "interface" and mi in lab.byname:
        ma = str(lab.byname[mi]["fw"])
    if None in (mp, rp) or mi not in lab.byname or ri not in lab.byname:
        return []
    return [("dst", mi, proto, ma, mp), ("src", ri, proto, ra, rp)]


def pat(text, lab):
    """Probes at the static PAT rules (8.2 `static (r,m) tcp ...`, object
    NAT `service`): to the mapped address and port from the mapped side,
    and from the real address and port on the real side."""
    out = []
    for ri, mi, proto, ma, mp, ra, rp in re.findall(
            r"^static \((\S+),(\S+)\) (tcp|udp) (\S+) (\S+) (\S+) (\S+)",
            text, re.M):
        out.extend(pat_probes(lab, ri, mi, proto, ma, port_num(mp), ra,
                              port_num(rp)))
    # object NAT: `host A` then `nat (r,m) static M service P RPORT MPORT`
    for ra, ri, mi, ma, proto, rp, mp in re.findall(
            r"^ host (\S+)\n nat \((\S+),(\S+)\) static (\S+) service "
            r"(tcp|udp) (\S+) (\S+)", text, re.M):
        out.extend(pat_probes(lab, ri, mi, proto, ma, port_num(mp), ra,
                              port_num(rp)))
    return out


def candidates(cfg, lab):
    text = open(cfg).read()
    addrs = set()
    for a in re.findall(r"\b(\d+\.\d+\.\d+\.\d+)\b", text):
        ip = ipaddress.ip_address(a)
        if ip.is_multicast or ip.is_unspecified or ip.is_loopback or \
           a.startswith("255."):
            continue
        addrs.add(ip)
        addrs.add(ip + 1 if int(ip) < 0xffffffff else ip)
    for f in lab.ifs:
        addrs.add(f["net"].network_address + 5)
    addrs.update(ipaddress.ip_address(a) for a in
                 ("8.8.8.8", "93.184.216.34", "192.0.2.200", "10.200.1.1"))
    fwips = {f["fw"] for f in lab.ifs}
    bad = set(fwips)
    for f in lab.ifs:
        bad.add(f["host"])	# the hosts keep their own packets
        bad.add(f["net"].network_address)
        bad.add(f["net"].broadcast_address)
    ports = {int(p) for p in re.findall(r"\beq (\d+)\b", text)}
    ports.update((22, 53, 80, 123, 443, 5353, 8080, 8443, 8500))
    # the addresses and ports of static and NAT lines (hot: a share of the
    # probes aims at them, so static PAT is exercised both ways)
    hot_a, hot_p = set(), set()
    for line in re.findall(r"^\s*(?:static \(|nat \(|host |subnet ).*$",
                           text, re.M):
        hot_a.update(re.findall(r"\b(\d+\.\d+\.\d+\.\d+)\b", line))
        hot_p.update(int(p) for p in re.findall(r"(?<![.\d])(\d{1,5})(?![.\d])",
                                                 line) if 0 < int(p) < 65536)
    # the firewall's own addresses are destinations too (static PAT to an
    # interface); never sources, which Linux drops as martians
    dsts = sorted(str(a) for a in addrs - bad) + sorted(str(a) for a in fwips)
    hot_a = sorted(a for a in hot_a if a in dsts)
    hot = (hot_a + sorted(str(a) for a in fwips), sorted(hot_p), pat(text, lab))
    return sorted(str(a) for a in addrs - bad), dsts, sorted(ports), hot


def check(cfg, tag, rng):
    with tempfile.TemporaryDirectory(prefix="asac-nftp.") as tmp:
        return check_in(cfg, tag, rng, tmp)


def check_in(cfg, tag, rng, tmp):
    lab = Lab(cfg, tag)
    r = run(ASAC, "compile", cfg, "--target", "nft", "-o", tmp, check=False)
    if r.returncode:
        print("FAIL: %s: compile: %s" % (cfg, r.stderr.strip()))
        return 1, 0
    addrs, dsts, ports, hot = candidates(cfg, lab)
    probes, seen_tuples = [], set()
    while len(probes) < NPKT:
        f = rng.choice(lab.ifs)
        proto = rng.choice(("tcp", "tcp", "tcp", "udp", "udp", "icmp"))
        src, dst = rng.choice(addrs), rng.choice(dsts)
        sport = rng.randint(1024, 65535)
        dport = rng.choice(ports) if rng.random() < 0.8 else \
            rng.randint(1, 65535)
        if hot[2] and rng.random() < 0.1:
            side, ifn, proto, a, port = rng.choice(hot[2])
            f = lab.byname[ifn]
            if side == "dst":
                dst, dport = a, port
            else:
                src, sport = a, port
        elif hot[1] and rng.random() < 0.3:
            # at a NAT rule's addresses and ports, from either side
            if rng.random() < 0.5 and hot[0]:
                dst, dport = rng.choice(hot[0]), rng.choice(hot[1])
            else:
                sport = rng.choice(hot[1])
        if src == dst:
            continue
        if proto == "icmp":
            dport = 0
        key = (proto, src, sport, dst, dport)
        if (proto, dst, dport, src, sport) in seen_tuples or key in seen_tuples:
            continue
        seen_tuples.add(key)
        probes.append({"iface": f["name"], "proto": proto, "src": src,
                       "sport": sport, "dst": dst, "dport": dport})
    flows = os.path.join(tmp, "flows")
    with open(flows, "w") as out:
        for p in probes:
            d = {"interface": p["iface"], "protocol": p["proto"],
                 "src": p["src"], "dst": p["dst"]}
            if p["proto"] == "icmp":
                d.update(icmp_type=8, icmp_code=0)
            else:
                d.update(sport=p["sport"], dport=p["dport"])
            out.write(json.dumps(d) + "\n")
    tr = run(ASAC, "trace", "--flows", flows, cfg, check=False)
    exp = [json.loads(line) for line in tr.stdout.splitlines()]
    exp = [e for e in exp if "input" in e]
    if len(exp) != len(probes):
        print("FAIL: %s: trace gave %d results for %d flows: %s" %
              (cfg, len(exp), len(probes), tr.stderr.strip()[:300]))
        return 1, 0
    lab.down()
    try:
        lab.up(os.path.join(tmp, "asac.nft"))
        home = os.open("/proc/self/ns/net", os.O_RDONLY)
        socks = {}
        try:
            for f in lab.ifs:
                setns("/run/netns/" + f["ns"])
                cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                                    socket.htons(ETH_P_IP))
                cap.bind(("eth0", 0))
                cap.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
                cap.setblocking(False)
                snd = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                                    socket.IPPROTO_RAW)
                socks[f["name"]] = (cap, snd)
        finally:
            if libc.setns(home, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
            os.close(home)
        got = {}

        def drain(timeout):
            end = time.time() + timeout
            while True:
                left = end - time.time()
                if left <= 0:
                    return
                rd, _, _ = select.select([c for c, _ in socks.values()], [],
                                         [], left)
                for name, (c, _) in socks.items():
                    if c not in rd:
                        continue
                    while True:
                        try:
                            data, addr = c.recvfrom(65535)
                        except BlockingIOError:
                            break
                        if addr[2] == PACKET_OUTGOING:
                            continue
                        pid = probe_id(data[14:] if addr[1] == ETH_P_IP and
                                       len(data) > 14 and data[12:14] ==
                                       b"\x08\x00" else data)
                        if pid:
                            got.setdefault(pid[0], []).append(
                                (name,) + pid[1:])
        for k, p in enumerate(probes):
            snd = socks[p["iface"]][1]
            snd.sendto(packet(p["proto"], p["src"], p["sport"], p["dst"],
                              p["dport"], k), (p["dst"], 0))
            if k % 50 == 49:
                drain(0.05)
        drain(1.5)
    finally:
        for c, s in socks.values():
            c.close()
            s.close()
        lab.down()
    bad = checked = skipped = xlated = xports = 0
    own = {str(f["fw"]) for f in lab.ifs}
    for k, (p, e) in enumerate(zip(probes, exp)):
        t = e.get("translated") or {}
        if (e.get("vpn") and e["vpn"].get("action") in ("protect",
                                                         "drop")) or \
           e.get("drop_reason") == "clear-text-should-be-encrypted" or \
           t.get("dst", p["dst"]) in own:
            # the crypto map's decision (the XFRM policies strongSwan
            # installs carry it, tests/tunnels.sh), or NAT to the box
            # itself: not the forwarding path this test compares
            skipped += 1
            continue
        checked += 1
        if t and e["action"] == "allow":
            xlated += 1
            xports += (t.get("sport", p["sport"]), t.get("dport", p["dport"])) \
                != (p["sport"], p["dport"])
        seen = got.get(k, [])
        want = None
        if e["action"] == "allow":
            t = e.get("translated") or {}
            want = (e["output_interface"], t.get("src", p["src"]),
                    t.get("dst", p["dst"]), t.get("src_pool"),
                    t.get("sport", p["sport"]), t.get("dport", p["dport"]))
        ok = True
        if want is None:
            ok = not seen
        elif len(seen) != 1 or seen[0][0] != want[0] or seen[0][2] != want[2]:
            ok = False
        elif p["proto"] != "icmp" and seen[0][4] != want[5]:
            ok = False      # the destination port (static PAT)
        elif want[3]:
            lo, hi = (ipaddress.ip_address(a) for a in want[3])
            ok = lo <= ipaddress.ip_address(seen[0][1]) <= hi
        else:
            # the source port too, where no pool may remap it
            ok = seen[0][1] == want[1] and (p["proto"] == "icmp" or
                                             seen[0][3] == want[4])
        if not ok:
            bad += 1
            if bad <= 10:
                print("  mismatch: %s %s %s:%d > %s:%d: model %s, nft %s" %
                      (p["iface"], p["proto"], p["src"], p["sport"], p["dst"],
                       p["dport"], "drop (%s)" % e["drop_reason"]
                       if want is None else "allow %s %s:%s>%s:%s" %
                       (want[0], want[1], want[4], want[2], want[5]),
                       seen or "nothing"))
    allowed = sum(1 for e in exp if e["action"] == "allow")
    print("%s: %s: %d packets (%d allowed, %d dropped by the model, %d "
          "decided by a crypto map or to the box, skipped; %d translated, "
          "%d of them with ports), %d mismatches" %
          ("FAIL" if bad else "PASS", cfg, checked, allowed,
           len(exp) - allowed, skipped, xlated, xports, bad))
    return bad, checked


def main():
    if os.geteuid() != 0:
        print("SKIP: nft-packets: needs root for network namespaces")
        return 0
    rng = random.Random(SEED)
    total = fails = 0
    for i, cfg in enumerate(sys.argv[1:]):
        bad, n = check(cfg, "anp%d%d" % (os.getpid() % 1000, i), rng)
        fails += 1 if bad else 0
        total += n
    print("nft-packets: %d packets compared over %d configurations" %
          (total, len(sys.argv) - 1))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
