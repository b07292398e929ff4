#!/usr/bin/env python3
"""mkpcap.py - write a libpcap capture (Ethernet) from a text description,
for the --pcap golden tests.  Each line: "tcp|udp SRC SPORT DST DPORT",
"icmp SRC TYPE CODE DST", "ip PROTO SRC DST", "ip6 tcp SRC SPORT DST DPORT"
or "arp"; '#' starts a comment.
usage: mkpcap.py [--format FMT] NAME.packets > out.pcap
FMT: le (little-endian microseconds, the default), be (big-endian), ns
(nanosecond timestamps), pcapng, or truncated (le without the last 5
bytes)."""
import socket
import struct
import sys


def ipv4(proto, src, dst, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64,
                    proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    return h + payload


def ipv6(proto, src, dst, payload):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), proto, 64,
                       socket.inet_pton(socket.AF_INET6, src),
                       socket.inet_pton(socket.AF_INET6, dst)) + payload


def l4(proto, a, b):
    if proto == 6:
        return struct.pack("!HHIIBBHHH", a, b, 1, 0, 0x50, 0x02, 1024, 0, 0)
    if proto == 17:
        return struct.pack("!HHHH", a, b, 8, 0)
    return struct.pack("!BBHI", a, b, 0, 0)


def frame(ethertype, body):
    return b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02" + \
        struct.pack("!H", ethertype) + body


args = sys.argv[1:]
fmt = "le"
if args[:1] == ["--format"]:
    fmt, args = args[1], args[2:]
frames = []
for line in open(args[0]):
    w = line.split("#")[0].split()
    if not w:
        continue
    if w[0] == "arp":
        f = frame(0x0806, b"\x00" * 28)
    elif w[0] == "ip6":
        p = {"tcp": 6, "udp": 17}[w[1]]
        f = frame(0x86dd, ipv6(p, w[2], w[4], l4(p, int(w[3]), int(w[5]))))
    elif w[0] in ("tcp", "udp"):
        p = 6 if w[0] == "tcp" else 17
        f = frame(0x0800, ipv4(p, w[1], w[3], l4(p, int(w[2]), int(w[4]))))
    elif w[0] == "icmp":
        f = frame(0x0800, ipv4(1, w[1], w[4], l4(1, int(w[2]), int(w[3]))))
    else:
        f = frame(0x0800, ipv4(int(w[1]), w[2], w[3], b""))
    frames.append(f)

out = bytearray()
if fmt == "pcapng":
    def block(kind, body):
        n = 12 + len(body) + (-len(body)) % 4
        return struct.pack("<II", kind, n) + body + \
            b"\0" * ((-len(body)) % 4) + struct.pack("<I", n)
    out += block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += block(1, struct.pack("<HHI", 1, 0, 65535))
    for t, f in enumerate(frames, 1):
        out += block(6, struct.pack("<IIIII", 0, 0, t * 1000000,
                                    len(f), len(f)) + f)
else:
    e = ">" if fmt == "be" else "<"
    magic = 0xa1b23c4d if fmt == "ns" else 0xa1b2c3d4
    out += struct.pack(e + "IHHiIII", magic, 2, 4, 0, 0, 65535, 1)
    for t, f in enumerate(frames, 1):
        out += struct.pack(e + "IIII", t, 0, len(f), len(f)) + f
    if fmt == "truncated":
        out = out[:-5]
sys.stdout.buffer.write(out)
