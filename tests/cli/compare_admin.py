#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs the same invocations through Debian's virt-admin and through
virtkit-admin and diffs stdout, stderr and the exit status of each.

usage: compare_admin.py VIRTKIT_ADMIN   (exit 77 when virt-admin is absent)

Each program talks to a private Debian libvirtd of its own (tests/remote/
daemon.py), on its admin socket: libvirtd:///system?socket=DIR/libvirt-admin-sock.
Both daemons get the same invocations in the same order, so commands that
change a daemon (thread pool, client limits, logging, timeout, disconnecting
a client) leave both in the same state. Each daemon's folder is printed as
DIR, clients' connection times as TIME.

Then both programs on a terminal: TAB completes a command and a server name
(asked of the daemon), and the line lands in virt-admin's history file.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import caselib

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "..", "tools", "admin_commands.txt")
U = "{URI}"  # the daemon's admin URI
D = "{DIR}"  # the daemon's folder
K = "{CLIENT}"  # the ID of a client of its libvirtd server


def table():
    """Commands and group keywords of virt-admin's table."""
    names, groups = [], []
    with open(TABLE) as f:
        for line in f:
            w = line.split()
            if w and w[0] == "cmd":
                names.append(w[1])
            elif w and w[0] == "group":
                groups.append(w[1])
    return names, groups


def cases():
    """Argument lists, (args, stdin) pairs or (args, stdin, env) triples (env:
    variables to set); {URI}, {DIR} and {CLIENT} are each program's own
    daemon's."""
    c = ["-c", U]
    names, groups = table()
    # Help and the shell itself.
    yield ["help"]
    yield from (["help", n] for n in names)
    yield from (["help", g] for g in groups)
    yield from ([n, "--help"] for n in names)
    yield from [
        ["help", "Monitoring commands"], ["help", "nosuch"], ["help", "--command", "uri"],
        ["help", "uri", "--bogus"], ["uri", "--help=x"],
        ["-h"], ["--help"], ["-v"], ["-V"], ["--version"], ["--version=long"],
        ["--version=short"], ["-x"], ["--bogus"], ["-c"], ["-d"], ["-l"], ["-r"],
        ["-d", "9", "help", "quit"], ["-d", "x", "help"], ["--debug=x", "help"],
        ["-q", "help", "uri"], ["-k", "5", "help"], ["-t", "help"],
        ["echo", "a", "b"], ["echo", "--hi"], ["echo", "--str", "x", "--str", "y"],
        ["echo", "--shell", "a b", "c'd", "e"], ["echo", "--xml", "<a&b>"],
        ["echo", "--split", "a,b,,c", "d"], ["echo", "--err", "oops"],
        ["echo", "--xml", "--shell", "x"], ["echo", "--hi=x"], ["echo", "--", "--hi"],
        ["echo a 'b c' \"d e\" f\\ g; echo 'x\"y' \"p'q\""],
        ["echo a # comment; echo b\necho c"], ["echo \"unterminated"], ["echo 'open"],
        ["echo tail\\"], ["echo a;;echo b"], ["cd"], ["cd", "/"], ["cd", "/nonexistent"],
        ["pwd"], ["quit; echo after"], ["exit"], ["self-test"], ["nosuch"],
        ["complete", "srv-"], ["complete", "server-list", "--"], ["complete", "help", "ser"],
        c + ["complete", "srv-threadpool-info", ""], c + ["complete", "client-info", "--"],
    ]
    # Debug output and logging.
    yield from [
        ["-d", "0"] + c + ["srv-list"], ["-d", "1", "-c", U, "uri; srv-threadpool-info libvirtd"],
        ["-d", "0", "echo", "--xml", "a"], ["-l", "/nonexistent/dir/log", "help"],
        (["-c", U, "uri"], None, {"VIRT_ADMIN_DEBUG": "0"}),
        (["echo", "x"], None, {"VIRT_ADMIN_DEBUG": "x"}),
        (["echo", "x"], None, {"VIRT_ADMIN_DEBUG": "9"}),
        (["echo", "x"], None, {"VIRT_ADMIN_LOG_FILE": "/nonexistent/dir/log"}),
        (["-c", U], "uri\n", {"VIRT_ADMIN_HISTSIZE": "x"}),
        (["-c", U], "uri\n", {"VIRT_ADMIN_HISTSIZE": "-1"}),
        (["srv-list"], None, {"LIBVIRT_ADMIN_DEFAULT_URI": U}),
        ([], "uri\nsrv-list\n", {"LIBVIRT_ADMIN_DEFAULT_URI": U}),
    ]
    # Connecting.
    yield from [
        c + ["uri"], c + ["version"], c + ["uri; version; uri"],
        ["-c", "libvirtd:///system?socket=/nonexistent/sock", "uri"],
        ["-c", "bogus://", "uri"], ["-c", "", "uri"], ["-c", "libvirtd:///nosuch", "uri"],
        ["-c", "libvirtd:///system?socket=" + D + "/libvirt-sock-nosuch", "srv-list"],
        ["connect " + U + "; uri; connect; uri; srv-list"],
        c + ["connect"], c + ["connect", "--name", U], c + ["connect", "bogus://"],
        c + ["connect bogus://; uri"], c + ["connect", "a", "b"],
        ["connect", "--name", "libvirtd:///system?socket=/nonexistent/sock"],
        (["-c", U], "uri\nsrv-list\n\nbogus\nsrv-threadpool-info nosuch\nquit\nuri\n"),
        (["-c", U], "uri"), (["-q", "-c", U], "srv-list\n"), (["-c", U], ""),
        (["-c", "bogus://"], "uri\n"),
    ]
    # Monitoring.
    yield from [
        c + ["srv-list"], c + ["server-list"], c + ["srv-list", "x"], c + ["-q", "srv-list"],
        ["-q"] + c + ["srv-list"], c + ["srv-list", "--bogus"],
        c + ["srv-threadpool-info", "libvirtd"], c + ["srv-threadpool-info", "admin"],
        c + ["server-threadpool-info", "--server", "libvirtd"], c + ["srv-threadpool-info"],
        c + ["srv-threadpool-info", "nosuch"], c + ["srv-threadpool-info", ""],
        c + ["srv-threadpool-info", "--server"], c + ["srv-threadpool-info", "a", "b"],
        c + ["srv-clients-info", "libvirtd"], c + ["srv-clients-info", "admin"],
        c + ["server-clients-info", "nosuch"], c + ["srv-clients-info"],
        c + ["srv-clients-list", "libvirtd"], c + ["client-list", "admin"],
        c + ["srv-clients-list", "nosuch"], c + ["srv-clients-list"], c + ["-q", "client-list", "libvirtd"],
        c + ["client-info", "libvirtd", K], c + ["client-info", "--server", "libvirtd", "--client", K],
        c + ["client-info", "libvirtd", "999"], c + ["client-info", "nosuch", "1"],
        c + ["client-info", "libvirtd", "x"], c + ["client-info", "libvirtd", "-1"],
        c + ["client-info", "libvirtd", ""], c + ["client-info", "libvirtd"], c + ["client-info"],
        c + ["client-info", "admin", "1"],
    ]
    # Management.
    yield from [
        c + ["srv-threadpool-set", "libvirtd"], c + ["srv-threadpool-set"],
        c + ["srv-threadpool-set", "libvirtd", "--min-workers", "x"],
        c + ["srv-threadpool-set", "libvirtd", "--max-workers", "-1"],
        c + ["srv-threadpool-set", "libvirtd", "--min-workers", "10", "--max-workers", "5"],
        c + ["srv-threadpool-set libvirtd --min-workers 2 --max-workers 30; srv-threadpool-info libvirtd"],
        c + ["srv-threadpool-set libvirtd --priority-workers 3; srv-threadpool-info libvirtd"],
        c + ["srv-threadpool-set", "libvirtd", "--max-workers", "1"],
        c + ["srv-threadpool-set", "libvirtd", "--min-workers", "0"],
        c + ["srv-threadpool-set", "nosuch", "--min-workers", "1"],
        c + ["server-threadpool-set", "--server", "admin", "--max-workers", "6"],
        c + ["srv-threadpool-set", "libvirtd", "--min-workers", "5", "--max-workers", "20",
             "--priority-workers", "5"],
        c + ["srv-clients-set", "libvirtd"], c + ["srv-clients-set"],
        c + ["srv-clients-set", "libvirtd", "--max-clients", "x"],
        c + ["srv-clients-set", "libvirtd", "--max-clients", "10", "--max-unauth-clients", "20"],
        c + ["srv-clients-set libvirtd --max-clients 100 --max-unauth-clients 10; srv-clients-info libvirtd"],
        c + ["srv-clients-set libvirtd --max-unauth-clients 200"],
        c + ["srv-clients-set", "nosuch", "--max-clients", "10"],
        c + ["srv-clients-set", "libvirtd", "--max-clients", "0"],
        c + ["server-clients-set libvirtd --max-clients 5000 --max-unauth-clients 20; srv-clients-info libvirtd"],
        c + ["srv-update-tls", "libvirtd"], c + ["server-update-tls", "admin"],
        c + ["srv-update-tls", "nosuch"], c + ["srv-update-tls"],
        c + ["daemon-log-filters"], c + ["-q", "daemon-log-filters"], c + ["daemon-log-outputs"],
        c + ["daemon-log-filters", "--filters", "1:util 2:rpc; daemon-log-filters"],
        c + ["daemon-log-filters", "--filters", "bogus"], c + ["daemon-log-filters", "--filters", ""],
        c + ["daemon-log-filters --filters ''; daemon-log-filters"],
        c + ["daemon-log-filters", "x"], c + ["daemon-log-filters", "--filters"],
        c + ["daemon-log-outputs", "--outputs", "4:file:" + D + "/other.log"],
        c + ["daemon-log-outputs"], c + ["daemon-log-outputs", "--outputs", "bogus"],
        c + ["daemon-log-outputs", "--outputs", "3:file:" + D + "/libvirtd.log"],
        c + ["daemon-log-outputs; daemon-log-filters"],
        c + ["daemon-timeout"], c + ["daemon-timeout", "5"], c + ["daemon-timeout", "--timeout", "x"],
        c + ["daemon-timeout", "--timeout", "-1"], c + ["daemon-timeout", "--timeout", "3600"],
        c + ["daemon-timeout", "--timeout", "0"], c + ["daemon-timeout", "--timeout=0"],
        c + ["client-disconnect"], c + ["client-disconnect", "libvirtd"],
        c + ["client-disconnect", "libvirtd", "x"], c + ["client-disconnect", "libvirtd", "999"],
        c + ["client-disconnect", "nosuch", "1"], c + ["client-disconnect", "libvirtd", "-1"],
        c + ["client-disconnect", "libvirtd", K], c + ["client-list", "libvirtd"],
        c + ["client-disconnect", "--server", "libvirtd", "--client", K],
        c + ["client-info", "libvirtd", K], c + ["client-info", "libvirtd", "0x" + K],
    ]


def commands_in(args, stdin):
    """The command names an invocation runs (argv form, ';' lists, stdin)."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] in ("-c", "-d", "-l") else 1
    texts = [args[i]] if i < len(args) else []
    if stdin:
        texts.append(stdin)
    found = set()
    for t in texts:
        for part in re.split(r"[;\n]", t):
            w = part.split()
            if w:
                found.add(w[0])
    return found


def run(prog, args, stdin, env, d):
    p = subprocess.run([prog] + args, capture_output=True, text=True, env=env, timeout=30,
                       input=stdin if stdin is not None else "")
    out, err = p.stdout, p.stderr
    # Clients' connection times follow the clock.
    stamp = r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{4}"
    out = re.sub(stamp, "TIME", out)
    # A daemon lists its servers in its hash table's order, which varies
    # from one daemon to the next: server-list's rows are sorted by name, their Ids as N.
    out = re.sub(r"(?m)(?:^ *[0-9]+ +(?:admin|libvirtd)\n)+",
                 lambda m: "".join(sorted(re.sub(r"[0-9]+", "N", l, count=1)
                                          for l in m.group(0).splitlines(True))), out)
    if "complete" in args:  # so are the server names completion offers
        out = "".join(sorted(out.splitlines(True)))
    return out.replace(d, "DIR"), err.replace(d, "DIR"), p.returncode


def terminal(prog, uri, tmp):
    """The completion and history scenario on prog; raises AssertionError."""
    sys.path.insert(0, HERE)
    from pty_test import Term
    t = Term(prog, ["-c", uri], {"XDG_CACHE_HOME": tmp})
    try:
        t.expect(r"virt-admin # ")
        t.send("server-threadpool-i\t")
        time.sleep(0.3)
        t.send("libv\t")
        time.sleep(0.3)
        t.send("\r")
        t.expect(r"maxWorkers +: 20")
        t.expect(r"virt-admin # ")
        t.send("quit\r")
        assert t.wait() == 0
    finally:
        try:
            t.close()
        except (OSError, ChildProcessError):
            pass
    with open(os.path.join(tmp, "libvirt", "virt-admin", "history")) as f:
        lines = f.read().splitlines()
    assert lines[-2:] == ["server-threadpool-info libvirtd ", "quit"], lines


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    theirs = shutil.which("virt-admin")
    if not theirs or not os.path.exists("/usr/sbin/libvirtd"):
        print("virt-admin or libvirtd is not installed: skipped")
        return 77
    sys.path.insert(0, os.path.join(HERE, "..", "remote"))
    import daemon
    env = dict(os.environ, LC_ALL="C", LANG="C")
    for k in ("LIBVIRT_ADMIN_DEFAULT_URI", "VIRT_ADMIN_DEBUG", "VIRT_ADMIN_LOG_FILE"):
        env.pop(k, None)
    total = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        # virt-admin prints its program name (usage, welcome): ours runs as
        # "virt-admin" too.
        os.makedirs(os.path.join(tmp, "bin"))
        ours = os.path.join(tmp, "bin", "virt-admin")
        os.symlink(os.path.abspath(sys.argv[1]), ours)
        env["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
        dirs = [os.path.join(tmp, "d-theirs"), os.path.join(tmp, "d-ours__")]
        socks = []
        try:
            for d in dirs:
                daemon.start(d)
                # A client of the libvirtd server (ID 1) to look at and disconnect.
                s = socket.socket(socket.AF_UNIX)
                s.connect(daemon.socket_path(d))
                socks.append(s)
            clients = []
            for d in dirs:
                uri = "libvirtd:///system?socket=" + os.path.join(d, "libvirt-admin-sock")
                out = subprocess.run([theirs, "-q", "-c", uri, "client-list", "libvirtd"],
                                     capture_output=True, text=True, env=env, check=True).stdout
                clients.append(out.split()[0])
            for case in cases():
                case = case if isinstance(case, tuple) else (case, None)
                args, stdin = case[0], case[1]
                extra = case[2] if len(case) > 2 else {}
                results = []
                for prog, d, k in zip((theirs, ours), dirs, clients):
                    uri = "libvirtd:///system?socket=" + os.path.join(d, "libvirt-admin-sock")
                    sub = lambda t: t.replace(U, uri).replace(D, d).replace(K, k)
                    e = dict(env, **{k: sub(v) for k, v in extra.items()})
                    results.append(run(prog, [sub(a) for a in args],
                                       sub(stdin) if stdin is not None else None, e, d))
                total += 1
                want, got = results
                if want == got:
                    continue
                failed += 1
                caselib.print_diff(args, stdin, want, got, ("virt-admin", "virtkit-admin"))
            for name, prog, d in zip(("virt-admin", "virtkit-admin"), (theirs, ours), dirs):
                uri = "libvirtd:///system?socket=" + os.path.join(d, "libvirt-admin-sock")
                with tempfile.TemporaryDirectory() as home:
                    try:
                        terminal(prog, uri, home)
                        print("ok   %s on a terminal" % name)
                    except AssertionError as e:
                        failed += 1
                        print("FAIL %s on a terminal: %s" % (name, e))
        finally:
            for s in socks:
                s.close()
            for d in dirs:
                daemon.stop(d)
    print("%d of %d invocations identical" % (total - failed, total))
    # Every command and alias runs somewhere (not only its help).
    seen = set()
    for case in cases():
        case = case if isinstance(case, tuple) else (case, None)
        if "--help" not in case[0]:
            seen |= commands_in(case[0], case[1])
    names = table()[0]
    missing = [n for n in names if n not in seen]
    print("%d of %d commands covered" % (len(names) - len(missing), len(names)))
    if missing:
        print("not covered: " + " ".join(missing))
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
