#!/usr/bin/env python3
# corpus-ra.py - every remote-access tunnel group of the public corpus
# (../shared/corpus, read in place, never copied) compiles to strongSwan
# and the output loads into a real charon.
#
# show running-config masks keys and hashes passwords, so the test writes
# the secrets file from the configuration's own names (`asac ir`): a key
# per tunnel group and AAA server group, a password per user, and for
# every trustpoint a certificate of a test CA it makes with openssl.
#
# Most of the corpus's remote-access groups are in fragments (the output
# of `show running-config tunnel-group`), whose pools, policies, servers
# and interfaces are elsewhere on the appliance.  For a fragment the test
# adds what asac reports as undefined (undefined-reference, by kind) and
# a dynamic crypto map on `outside`, as the appliance must have had; the
# tunnel group's own commands are the corpus's.  A whole running-config
# gets nothing added.
#
# A compile may only warn unsupported-feature for what strongSwan cannot
# express (issue 23): AnyConnect/SSL, DAP, certificate maps, LDAP
# authorization and the attributes of another authorization server, a
# password without clear text.  What asac could compile but does not yet
# is listed in GAPS, each printed as a GAP line so it stays visible until
# it is done; any other unsupported-feature fails the test.  The asacd
# target of the same files must carry every group's accounting and
# required authorization.
#
# usage: tests/corpus-ra.py ASAC [CORPUS_DIR]
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ASAC = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sys.argv[2] if len(sys.argv) > 2 else \
    os.path.join(HERE, "..", "..", "shared", "corpus")
nfail = 0
ngap = [0]


def ok(cond, name, detail=""):
    global nfail
    if cond:
        print("PASS: " + name)
    else:
        nfail += 1
        print("FAIL: " + name)
        for line in detail.splitlines()[:15]:
            print("    " + line)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


# what strongSwan cannot express: the list, as the back end
# words it
ALLOWED = [
    (r"AnyConnect", "AnyConnect (SSL)"),
    (r"\bDAP\b|dynamic-access-policy", "DAP"),
    (r"certificate map", "certificate maps"),
    (r"\bLDAP\b", "LDAP authorization"),
    (r"without (a )?clear text", "a password without clear text"),
    # as with LDAP: the attributes of an authorization server other than
    # the one that authenticates (asacd enforces authorization-required)
    (r"strongSwan takes per-user attributes only from the server that "
     r"authenticates", "authorization attributes from another server"),
]


# not compiled yet (each printed as a GAP line until it is done)
GAPS = [
    (r"nat-assigned-to-public-ip .* is not compiled yet",
     "nat-assigned-to-public-ip"),
]


def gap(msg):
    for pat, what in GAPS:
        if re.search(pat, msg):
            return what
    return None


def classify(msg):
    for pat, what in ALLOWED:
        if re.search(pat, msg):
            return what
    return None


def scope_of(name):
    with open(os.path.join(CORPUS, "SOURCES.tsv")) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] == name and len(cols) > 5:
                return cols[5]
    return ""


UNDEF = re.compile(r"^(.*?):(\d+):\d+: error: (.*?) '([^']*)' is not "
                   r"defined \[undefined-reference\]")


def undefined(path):
    """[(kind, name, source line)] asac lint reports as undefined."""
    r = run([ASAC, "lint", "--color", "never", path])
    with open(path) as f:
        src = f.read().split("\n")
    out = []
    for line in r.stderr.splitlines() + r.stdout.splitlines():
        m = UNDEF.match(line)
        if m:
            out.append((m.group(3), m.group(4), src[int(m.group(2)) - 1]))
    return out


def context(undefs, have_map, n):
    """The definitions a fragment lacks, as ASA commands."""
    lines, seen = [], set()
    for kind, name, src in undefs:
        if (kind, name) in seen:
            continue
        seen.add((kind, name))
        n[0] += 1
        k = n[0]
        if kind == "address pool" and "ipv6" in src:
            lines.append("ipv6 local pool %s 2001:db8:%x::1/64 100"
                         % (name, k))
        elif kind == "address pool":
            lines.append("ip local pool %s 10.%d.0.10-10.%d.0.200 mask "
                         "255.255.255.0" % (name, 100 + k, 100 + k))
        elif kind == "group-policy":
            lines.append("group-policy %s internal" % name)
        elif kind == "aaa-server group":
            lines += ["aaa-server %s protocol radius" % name,
                      "aaa-server %s (inside) host 10.1.0.%d" % (name, k),
                      " key *****"]
        elif kind == "trustpoint":
            lines += ["crypto ca trustpoint %s" % name,
                      " enrollment terminal",
                      " fqdn vpn.example.com"]
        elif kind == "access-list":
            lines.append("access-list %s standard permit 10.1.0.0 "
                         "255.255.255.0" % name)
        elif kind == "interface":
            addr = "203.0.113.1" if name == "outside" else \
                "10.%d.0.1" % k
            lines += ["interface GigabitEthernet0/%d" % k,
                      " nameif %s" % name,
                      " security-level %d" % (0 if name == "outside"
                                              else 100),
                      " ip address %s 255.255.255.0" % addr]
        elif kind == "tunnel-group":
            lines.append("tunnel-group %s type remote-access" % name)
        else:
            return None, "no context for %s '%s'" % (kind, name)
    if not have_map:
        lines += [
            "crypto ipsec ikev1 transform-set CORPUS-TS esp-aes-256 "
            "esp-sha-hmac",
            "crypto ipsec ikev2 ipsec-proposal CORPUS-P2",
            " protocol esp encryption aes-256",
            " protocol esp integrity sha-256",
            "crypto dynamic-map CORPUS-DYN 10 set ikev1 transform-set "
            "CORPUS-TS",
            "crypto dynamic-map CORPUS-DYN 10 set ikev2 ipsec-proposal "
            "CORPUS-P2",
            "crypto map CORPUS-MAP 65535 ipsec-isakmp dynamic CORPUS-DYN",
            "crypto map CORPUS-MAP interface outside",
            "crypto ikev1 enable outside",
            "crypto ikev2 enable outside",
            "crypto ikev1 policy 10",
            " authentication pre-share",
            " encryption aes-256",
            " hash sha",
            " group 14",
            "crypto ikev2 policy 10",
            " encryption aes-256",
            " integrity sha256",
            " group 14",
            " prf sha256",
        ]
    return lines, None


def ir_of(path):
    r = run([ASAC, "ir", path])
    try:
        return json.loads(r.stdout)["configs"][0]
    except (ValueError, KeyError, IndexError):
        return None


def make_pki(d, names):
    """A test CA and one certificate per trustpoint name."""
    def ossl(*a):
        r = run(["openssl"] + list(a), cwd=d)
        if r.returncode:
            raise RuntimeError(r.stderr)
    ossl("ecparam", "-name", "prime256v1", "-genkey", "-noout",
         "-out", "ca.key")
    ossl("req", "-x509", "-new", "-key", "ca.key", "-days", "2", "-subj",
         "/CN=asac corpus test CA", "-out", "ca.pem")
    with open(os.path.join(d, "ext"), "w") as f:
        f.write("subjectAltName=DNS:vpn.example.com\n")
    for i, _ in enumerate(names):
        # RSA: IKEv1 hybrid mode signs with RSA only
        ossl("genrsa", "-out", "tp%d.key" % i, "2048")
        ossl("req", "-new", "-key", "tp%d.key" % i, "-subj",
             "/CN=vpn.example.com", "-out", "tp%d.csr" % i)
        ossl("x509", "-req", "-in", "tp%d.csr" % i, "-CA", "ca.pem",
             "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
             "-extfile", "ext", "-out", "tp%d.pem" % i)


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def secrets_for(ir, d):
    names = [t["name"] for t in ir.get("trustpoints", [])]
    make_pki(d, names)
    out = ["tunnel-groups:"]
    for i, tg in enumerate(ir.get("tunnel_groups", [])):
        out.append("  %s: %s" % (yq(tg["name"]), yq("tg-key-%d" % i)))
    out.append("users:")
    for i, u in enumerate(ir.get("users", [])):
        out.append("  %s: %s" % (yq(u["name"]), yq("user-pw-%d" % i)))
    out.append("aaa-servers:")
    for i, a in enumerate(ir.get("aaa_servers", [])):
        out.append("  %s: %s" % (yq(a["name"]), yq("aaa-key-%d" % i)))
    out.append("trustpoints:")
    for i, n in enumerate(names):
        out += ["  %s:" % yq(n), "    certificate: tp%d.pem" % i,
                "    key: tp%d.key" % i, "    ca: [ca.pem]"]
    # empty sections are not mappings: drop them
    text, keep = [], None
    for line in out:
        if not line.startswith(" "):
            keep = line
            continue
        if keep:
            text.append(keep)
            keep = None
        text.append(line)
    path = os.path.join(d, "secrets.yaml")
    with open(path, "w") as f:
        f.write("\n".join(text) + "\n")
    os.chmod(path, 0o600)
    return path


PLUGINS = ("random nonce openssl pem pkcs1 pkcs8 x509 revocation "
           "constraints pubkey aes sha1 sha2 hmac gmp gcm curve25519 kdf "
           "kernel-libipsec kernel-netlink socket-default vici unity "
           "xauth-generic eap-identity eap-mschapv2 eap-radius")


def charon_loads(out, d):
    """Start a private charon with the compiled options, load out/."""
    conf = os.path.join(d, "strongswan.conf")
    vici = os.path.join(d, "charon.vici")
    with open(conf, "w") as f:
        f.write("charon {\n\tload = %s\n\tplugins {\n\t\tvici {\n"
                "\t\t\tsocket = unix://%s\n\t\t}\n\t}\n}\ninclude %s\n"
                % (PLUGINS, vici,
                   os.path.join(out, "strongswan.d", "asac.conf")))
    p = subprocess.Popen(
        ["setsid", "unshare", "-n", "-m", "sh", "-c",
         "ip link set lo up; mount -t tmpfs none /run && "
         "STRONGSWAN_CONF='%s' exec /usr/lib/ipsec/charon" % conf],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    uri = "unix://" + vici
    try:
        for _ in range(100):
            if run(["swanctl", "--stats", "--uri", uri]).returncode == 0:
                break
            time.sleep(0.1)
        else:
            return False, "charon did not start"
        env = dict(os.environ, SWANCTL_DIR=out)
        r = run(["swanctl", "--load-all", "--noprompt", "--file",
                 os.path.join(out, "swanctl.conf"), "--uri", uri], env=env)
        if r.returncode:
            return False, r.stdout + r.stderr
        conns = run(["swanctl", "--list-conns", "--uri", uri]).stdout
        return True, conns
    finally:
        p.terminate()
        p.wait()


def main():
    if not os.path.isdir(CORPUS):
        print("SKIP: remote access of the corpus (%s is not there)" % CORPUS)
        return 0
    can_load = os.geteuid() == 0 and shutil.which("swanctl") and \
        os.path.exists("/usr/lib/ipsec/charon")
    if not shutil.which("openssl"):
        print("SKIP: remote access of the corpus (openssl not installed)")
        return 0
    if not can_load:
        print("SKIP: loading into charon (needs root, charon and swanctl)")
    for name in sorted(os.listdir(CORPUS)):
        if not name.endswith(".cfg"):
            continue
        path = os.path.join(CORPUS, name)
        ir = ir_of(path)
        if ir is None:
            ok(False, "corpus %s: asac ir" % name)
            continue
        groups = [t["name"] for t in ir.get("tunnel_groups", [])
                  if t.get("type") == "remote-access" or
                  t["name"] == "DefaultRAGroup"]
        if not groups:
            continue
        d = tempfile.mkdtemp(prefix="asac-cra.")
        try:
            check(name, path, ir, groups, d, can_load)
        finally:
            if not os.environ.get("KEEP"):
                shutil.rmtree(d, ignore_errors=True)
            else:
                print("    kept " + d)
    print("corpus remote access: %s, %d not compiled yet (GAP)" % (
        "ok" if nfail == 0 else "%d failed" % nfail, ngap[0]))
    return 1 if nfail else 0


def check(name, path, ir, groups, d, can_load):
    whole = scope_of(name).startswith("whole")
    cfg = os.path.join(d, name)
    with open(path) as f:
        text = f.read()
    added = 0
    if not whole:
        n = [0]
        have_map = bool(ir.get("crypto", {}).get("crypto_maps"))
        extra = []
        for _ in range(4):
            with open(cfg, "w") as f:
                f.write("\n".join(extra) + ("\n" if extra else "") + text)
            undefs = undefined(cfg)
            if not undefs and (have_map or extra):
                break
            more, err = context(undefs, have_map or bool(extra), n)
            if err:
                ok(False, "corpus %s: the fragment's context" % name, err)
                return
            extra += more
        # AnyConnect without a certificate: the appliance presents a
        # self-signed one of its own, which ocserv cannot have; name a
        # trustpoint (the secrets give its files)
        ir1 = ir_of(cfg) or {}
        # a tunnel group with an enabled group-alias (AnyConnect's) in a
        # fragment without the webvpn service: the appliance had it
        if not (ir1.get("webvpn") or {}).get("enable") and any(
                a.get("enabled", True) for t in ir1.get("tunnel_groups", [])
                for a in t.get("group_aliases", [])):
            extra += ["webvpn", " enable outside", " anyconnect enable",
                      " tunnel-group-list enable"]
            if not any(k == "interface" and n == "outside"
                       for k, n, _ in undefined(cfg)) and \
                    "nameif outside" not in text + "\n".join(extra):
                extra += ["interface GigabitEthernet0/9", " nameif outside",
                          " security-level 0",
                          " ip address 203.0.113.1 255.255.255.0"]
            with open(cfg, "w") as f:
                f.write("\n".join(extra) + "\n" + text)
            ir1 = ir_of(cfg) or {}
        if anyconnect(ir1) and not ir1.get("ssl_trustpoints"):
            ifs = sorted({e["interface"] for e in ir1["webvpn"]["enable"]})
            extra += ["crypto ca trustpoint CORPUS-SSL-TP",
                      " enrollment terminal", " fqdn vpn.example.com"]
            extra += ["ssl trust-point CORPUS-SSL-TP %s" % i for i in ifs]
            with open(cfg, "w") as f:
                f.write("\n".join(extra) + "\n" + text)
        added = len(extra)
    else:
        shutil.copy(path, cfg)
    ir2 = ir_of(cfg)
    sec = secrets_for(ir2, d)
    out = os.path.join(d, "out")
    r = run([ASAC, "compile", "--color", "never", cfg, "--target",
             "swanctl", "--secrets", sec, "-o", out])
    what = "%d remote-access group%s (%s)" % (
        len(groups), "" if len(groups) == 1 else "s", ", ".join(groups))
    how = "whole config" if whole else \
        "fragment, %d lines of context added" % added
    ok(r.returncode == 0, "corpus %s: %s compile%s (%s)" % (
        name, what, "" if len(groups) > 1 else "s", how), r.stderr)
    if r.returncode:
        return
    bad = []
    for line in r.stderr.splitlines():
        m = re.search(r"warning: (.*) \[unsupported-feature\]", line)
        if not m:
            continue
        w = classify(m.group(1))
        g = gap(m.group(1))
        if w:
            print("    inexpressible (%s): %s" % (w, m.group(1)))
        elif g:
            ngap[0] += 1
            print("GAP: corpus %s: %s: %s" % (name, g, m.group(1)))
        else:
            bad.append(line)
    ok(not bad, "corpus %s: no unsupported-feature but the inexpressible "
       "ones and the listed gaps" % name, "\n".join(bad))
    conf = open(os.path.join(out, "swanctl.conf")).read()
    compiled = re.findall(r"^\t(ra-\S+) \{$", conf, re.M)
    print("    connections: " + (", ".join(compiled) or "none"))
    asacd_part(name, cfg, sec, ir2, compiled, d)
    if anyconnect(ir2):
        ocserv_part(name, cfg, sec, d)
    if not can_load:
        return
    loaded, detail = charon_loads(out, d)
    if loaded:
        listed = [c for c in compiled if re.search(
            r"^%s: IKEv" % re.escape(c), detail, re.M)]
        ok(listed == compiled, "corpus %s: a real charon loads it and "
           "lists its %d remote-access connections" % (name, len(compiled)),
           detail)
    else:
        ok(False, "corpus %s: a real charon loads it" % name, detail)


# what ocserv cannot express (issue 24), as the ocserv back end words it
OCSERV_ALLOWED = [
    (r"ocserv assigns from the whole network", "a pool narrower than its "
     "mask's network"),
    (r"ocserv admits a RADIUS user to tunnel group", "RADIUS group "
     "membership from the server's Class"),
    (r"ocserv has one for every group", "per-group default domain or "
     "banner"),
    (r"without (a )?clear text", "a password without clear text"),
    # what the ASA hands the client, or checks on it, and the portal
    (r"are not served: (clients need|their files)", "AnyConnect packages "
     "and profiles"),
    (r"posture assessment", "posture assessment (CSD, HostScan)"),
    (r"clientless portal", "the clientless portal"),
    (r"ocserv serves the tunnel, not the AnyConnect client's",
     "client software settings"),
    # asacd authorizes the AnyConnect sessions (checked below)
    (r"asacd asks for its AnyConnect sessions", "authorization by asacd"),
    # ocserv chooses a group by the client's choice (select-group) only
    (r"group-url .* ocserv picks a group by the client's choice only",
     "group URLs"),
]
# not compiled for ocserv yet (issue 24 stays open while these are here)
OCSERV_GAPS = [
    (r"nat-assigned-to-public-ip .* is not compiled yet",
     "nat-assigned-to-public-ip"),
]


def anyconnect(ir):
    w = ir.get("webvpn") or {}
    return bool(w.get("anyconnect_enable") and w.get("enable"))


def ocserv_part(name, cfg, sec, d):
    """compile --target ocserv; ocserv -t accepts what it wrote."""
    out = os.path.join(d, "ocserv")
    r = run([ASAC, "compile", "--color", "never", cfg, "--target", "ocserv",
             "--secrets", sec, "-o", out])
    ok(r.returncode == 0, "corpus %s: compile --target ocserv" % name,
       r.stderr)
    if r.returncode:
        return
    bad = []
    for line in r.stderr.splitlines():
        m = re.search(r"warning: (.*) \[unsupported-feature\]", line)
        if not m or "no tunnel group compiles for its clients" in line:
            continue
        w = [what for pat, what in OCSERV_ALLOWED if re.search(pat, m.group(1))]
        g = [what for pat, what in OCSERV_GAPS if re.search(pat, m.group(1))]
        if w:
            print("    inexpressible in ocserv (%s): %s" % (w[0], m.group(1)))
        elif g:
            ngap[0] += 1
            print("GAP: corpus %s: ocserv: %s: %s" % (name, g[0], m.group(1)))
        else:
            bad.append(line)
    ok(not bad, "corpus %s: ocserv: no unsupported-feature but the "
       "inexpressible ones and the listed gaps" % name, "\n".join(bad))
    # the groups whose authorization asacd asks for are in asacd.json
    aj = os.path.join(d, "asacd", "asacd.json")
    for m in re.finditer(r"authorization-required of tunnel group '([^']*)' "
                         r"\(aaa-server '([^']*)'\): ocserv", r.stderr):
        try:
            got = json.load(open(aj)).get("ocserv", {}).get(m.group(1), {})
        except (OSError, ValueError):
            got = {}
        ok(got.get("authorization") == m.group(2), "corpus %s: asacd.json "
           "asks aaa-server %s to authorize tunnel group %s's AnyConnect "
           "sessions" % (name, m.group(2), m.group(1)), json.dumps(got))
    if "no tunnel group compiles for its clients" in r.stderr:
        # none of the fragment's tunnel groups is reachable by AnyConnect
        # clients, or those that are have the gaps above: said, and
        # nothing written
        ok(not os.path.exists(os.path.join(out, "ocserv.conf")),
           "corpus %s: no tunnel group compiles for AnyConnect: the "
           "compile says so and writes no ocserv.conf" % name)
        return
    groups = sorted(os.listdir(os.path.join(out, "groups")))
    print("    ocserv groups: " + (", ".join(groups) or "none"))
    if not shutil.which("ocserv"):
        print("SKIP: corpus %s: ocserv -t (ocserv not installed)" % name)
        return
    for f in ("ocserv.conf", "radiusclient.conf"):
        p = os.path.join(out, f)
        if os.path.exists(p):
            with open(p) as fh:
                t = fh.read().replace("/etc/ocserv/", out + "/")
            with open(p, "w") as fh:
                fh.write(t)
    r = run(["ocserv", "-t", "-c", os.path.join(out, "ocserv.conf")])
    ok(r.returncode == 0 and groups, "corpus %s: ocserv -t accepts the "
       "compiled ocserv.conf and its %d group%s" % (
           name, len(groups), "" if len(groups) == 1 else "s"),
       r.stdout + r.stderr)


def asacd_part(name, cfg, sec, ir, compiled, d):
    """asacd.json: every compiled connection of a tunnel group with an
    accounting-server-group accounts to it, and asacd reads the file."""
    out = os.path.join(d, "asacd")
    r = run([ASAC, "compile", "--color", "never", cfg, "--target", "asacd",
             "--secrets", sec, "-o", out])
    ok(r.returncode == 0, "corpus %s: compile --target asacd" % name,
       r.stderr)
    if r.returncode:
        return
    bad = [ln for ln in r.stderr.splitlines()
           if "[unsupported-feature]" in ln and
           ("accounting" in ln or "authorization" in ln)]
    ok(not bad, "corpus %s: asacd.json: no accounting or authorization "
       "left out" % name, "\n".join(bad))
    conns = json.load(open(os.path.join(out, "asacd.json")))["connections"]
    for tg in ir.get("tunnel_groups", []):
        g = tg.get("accounting_server_group")
        if not g:
            continue
        mine = [c for c in compiled
                if re.match(r"ra-%s-ikev[12]" % re.escape(tg["name"]), c)]
        got = [c for c in mine if conns.get(c, {}).get("accounting") == g]
        ok(mine and got == mine, "corpus %s: tunnel group %s accounts its "
           "sessions to aaa-server %s (asacd.json: %s)" % (
               name, tg["name"], g, ", ".join(mine) or "no connection"))
    for tg in ir.get("tunnel_groups", []):
        g = tg.get("authorization_server_group")
        if not g or not tg.get("authorization_required"):
            continue
        mine = [c for c in compiled
                if re.match(r"ra-%s-ikev[12]" % re.escape(tg["name"]), c)]
        got = [c for c in mine
               if conns.get(c, {}).get("authorization") == g]
        ok(mine and got == mine, "corpus %s: tunnel group %s requires "
           "aaa-server %s to authorize its sessions (asacd.json: %s)" % (
               name, tg["name"], g, ", ".join(mine) or "no connection"))
    ASACD = os.path.join(os.path.dirname(ASAC), "asacd")
    if os.path.exists(ASACD):
        r = run([ASACD, "--check", "-c", os.path.join(out, "asacd.json")])
        ok(r.returncode == 0, "corpus %s: asacd --check of its asacd.json"
           % name, r.stdout + r.stderr)


if __name__ == "__main__":
    sys.exit(main())
