#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs one script of commands through Debian's virsh and through virtkit-sh and
diffs stdout, stderr and the exit status of every invocation.

usage: compare.py VIRTKIT_SH FIXTURES_DIR [--daemon] [--sample N]
       (exit 77 when virsh is absent)

With --daemon, every invocation on test:///default goes through a private
Debian libvirtd instead (test+unix:// on its socket): one daemon for virsh and
one for virtkit-sh, fed the same invocations in the same order, so both see
the same state; the daemons' URIs are printed as DAEMON.

With --sample N, only every Nth invocation runs, plus each one that is the
first to use some command (the sanitized builds: every command, in a third
of the time).
"""
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime

import caselib

DEF = "test:///default"
TEST_UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f"


def cases(fixtures, tmp):
    custom = "test://" + os.path.join(fixtures, "test_driver", "node.xml")
    newdom = os.path.join(tmp, "newdom.xml")
    with open(newdom, "w") as f:
        f.write("<domain type='test'><name>newdom</name>"
                "<uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid><memory>8192</memory>"
                "<os><type>hvm</type></os></domain>\n")
    baddom = os.path.join(tmp, "bad.xml")
    with open(baddom, "w") as f:
        f.write("<domain type='test'><name>bad</name>\n")
    noname = os.path.join(tmp, "noname.xml")
    with open(noname, "w") as f:
        f.write("<domain type='test'><memory>8192</memory></domain>\n")
    missing = os.path.join(tmp, "missing.xml")
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    yield from [
        # list
        c + ["list"], c + ["list", "--all"], c + ["list", "--name"], c + ["list", "--uuid"],
        c + ["list", "--all", "--name", "--uuid"], c + ["list", "--inactive"],
        c + ["list --all; destroy test; list; list --inactive; list --all --name"],
        c + ["define %s; list --all; list --all --uuid; list --name --all" % newdom],
        c + ["list", "--bogus"],
        # dominfo
        c + ["dominfo", "test"], c + ["dominfo", "1"], c + ["dominfo", TEST_UUID],
        c + ["dominfo", "nosuch"], c + ["dominfo"], c + ["dominfo", "--domain", "test"],
        c + ["destroy test; dominfo test"], c + ["suspend test; dominfo test"],
        # domstate
        c + ["domstate", "test"], c + ["domstate", "test", "--reason"],
        c + ["domstate", "nosuch"], c + ["domstate"],
        c + ["suspend test; domstate test --reason; destroy test; domstate --reason test"],
        # domid / domname / domuuid
        c + ["domid", "test"], c + ["domid", TEST_UUID], c + ["domid", "nosuch"], c + ["domid"],
        c + ["destroy test; domid test"],
        c + ["domname", "1"], c + ["domname", TEST_UUID], c + ["domname", "test"],
        c + ["domname", "7"], c + ["domname"],
        c + ["domuuid", "test"], c + ["domuuid", "1"], c + ["domuuid", "nosuch"], c + ["domuuid"],
        # dumpxml
        c + ["dumpxml", "test"], c + ["dumpxml", "test", "--inactive"], c + ["dumpxml", "1"],
        c + ["dumpxml", "nosuch"], c + ["dumpxml"], c + ["dumpxml", "--security-info", "test"],
        c + ["dumpxml", "test", "--xpath", "//os/type/@arch"],
        c + ["dumpxml", "test", "--xpath", "//memory", "--wrap"],
        c + ["dumpxml", "test", "--xpath", "//nosuch", "--wrap"],
        c + ["dumpxml", "test", "--xpath", "count(//disk)"],
        c + ["dumpxml", "test", "--xpath", "//bad["], c + ["dumpxml", "test", "--xpath", ""],
        c + ["dumpxml", "test", "--xpath", "//name/text()", "--wrap"],
        # define / undefine
        c + ["define", newdom], c + ["define", missing], c + ["define", baddom],
        c + ["define", noname], c + ["define"],
        c + ["define %s; dominfo newdom; undefine newdom; undefine newdom; list --all" % newdom],
        c + ["undefine", "test"], c + ["undefine test; list --all; destroy test; list --all"],
        c + ["undefine", "nosuch"], c + ["undefine"],
        # start / destroy / suspend / resume / shutdown / reboot
        c + ["start", "test"], c + ["start", "nosuch"], c + ["start"],
        c + ["destroy test; start test; start test; domstate test"],
        c + ["define %s; start newdom; list --all; destroy newdom; destroy newdom" % newdom],
        c + ["destroy", "test"], c + ["destroy", "nosuch"], c + ["destroy"],
        c + ["suspend", "test"], c + ["suspend test; suspend test"], c + ["suspend", "nosuch"],
        c + ["resume", "test"], c + ["suspend test; resume test; resume test"],
        c + ["resume"], c + ["suspend"],
        c + ["shutdown", "test"], c + ["shutdown test; shutdown test; domstate test"],
        c + ["shutdown", "nosuch"], c + ["shutdown"],
        c + ["reboot", "test"], c + ["destroy test; reboot test"], c + ["reboot", "nosuch"],
        c + ["reboot"],
        # setmem
        c + ["setmem test 1024; dominfo test"], c + ["setmem", "test", "99999999999"],
        c + ["setmem", "test", "abc"], c + ["setmem", "test"], c + ["setmem"],
        c + ["setmem", "nosuch", "1024"], c + ["setmem", "test", "--size", "2048"],
        c + ["setmem", "test", "1024", "--config"], c + ["setmem", "test", "1024", "--live"],
        c + ["setmem", "test", "-5"], c + ["setmem", "test", "1.5"], c + ["setmem", "test", "5x"],
        c + ["setmem test 5M --config; dominfo test"], c + ["setmem test 1 --current --live"],
        c + ["reboot test --mode acpi"], c + ["reboot test --mode bogus"],
        c + ["shutdown test --mode acpi,agent"], c + ["shutdown test --mode ''"],
        c + ["shutdown test --mode foo"], c + ["domid +1"], c + ["domid ' 1'"],
        c + ["start 1"], c + ["destroy 1; start 1"], c + ["undefine 1"],
        # host
        c + ["nodeinfo"], c + ["uri"], c + ["version"], c + ["hostname"],
        c + ["uri; hostname; nodeinfo; version"],
        # read-only refusals
        r + ["list", "--all"], r + ["dominfo", "test"], r + ["suspend", "test"],
        r + ["destroy", "test"], r + ["start", "test"], r + ["resume", "test"],
        r + ["shutdown", "test"], r + ["reboot", "test"], r + ["undefine", "test"],
        r + ["setmem", "test", "1024"], r + ["define", newdom], r + ["dumpxml", "test"],
        r + ["uri; hostname; nodeinfo"],
        # custom configuration
        ["-c", custom, "list", "--all"], ["-c", custom, "dominfo", "inline"],
        ["-c", custom, "nodeinfo"], ["-c", custom, "uri"],
        ["-c", custom, "domstate stopped --reason; start stopped; list --all"],
        ["-c", custom, "dumpxml", "inline"],
        # connection and parse failures
        ["-c", "test:///" + missing.lstrip("/"), "list"],
        c + ["nosuchcommand"], c + ["list; nosuchcommand"],
        c + ["domid test; domid nosuch; domid test"],
        c + ["domid nosuch; domid test"],
        # quiet mode, argv form with options and '--'
        ["-q"] + c + ["list; suspend test; resume test; domid nosuch"],
        c + ["domstate", "--reason", "--", "test"], c + ["setmem", "--domain=test", "--size=2048"],
        c + ["list", "--all", "--table", "--name"], c + ["list", "--id", "--all"],
        c + ["domstate --reason 'test'; dominfo \"test\""],
    ]
    yield from shell_cases()
    # One file of cases per group of commands: tests/cli/cases_*.py, each with
    # cases(fixtures, tmp) yielding argument lists, (args, stdin) pairs or
    # (args, stdin, env) triples (env: variables to set).
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    for name in sorted(f[:-3] for f in os.listdir(here)
                       if f.startswith("cases_") and f.endswith(".py")):
        yield from importlib.import_module(name).cases(fixtures, tmp)


TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools",
                     "commands.txt")


def shell_cases():
    """The shell itself: help for every command and group, global options,
    option parsing and quoting, virsh's own commands."""
    names, groups = [], []
    with open(TABLE) as f:
        for line in f:
            w = line.split()
            if w and w[0] == "cmd":
                names.append(w[1])
            elif w and w[0] == "group":
                groups.append(w[1])
    yield ["help"]
    yield from (["help", n] for n in names)
    yield from (["help", g] for g in groups)
    yield from ([n, "--help"] for n in names[::7])
    yield from [
        ["help", "Domain Management"], ["help", "nosuch"], ["help", "--command", "list"],
        ["help", "list", "--bogus"], ["list", "--help=x"],
        ["-h"], ["--help"], ["-v"], ["-V"], ["--version"], ["--version=long"],
        ["--version=short"], ["-x"], ["--bogus"], ["-c"], ["-k"], ["-k", "-1", "help"],
        ["-k", "x", "help"], ["-K", "0x10", "uri"], ["-e", "ab", "help"], ["-e", "^a", "pwd"],
        ["-e", "^", "help"], ["-d", "9", "help", "quit"], ["-d", "x", "help"],
        ["-t", "-c", DEF, "domid", "test"],
        ["echo", "a", "b"], ["echo", "--hi"], ["echo", "--str", "x", "--str", "y"],
        ["echo", "--shell", "a b", "c'd", "e"], ["echo", "--xml", "<a&b>"],
        ["echo", "--split", "a,b,,c", "d"], ["echo", "--err", "oops"],
        ["echo", "--xml", "--shell", "x"], ["echo", "--hi=x"], ["echo", "--", "--hi"],
        ["echo a 'b c' \"d e\" f\\ g; echo 'x\"y' \"p'q\""],
        ["echo a # comment; echo b\necho c"], ["echo \"unterminated"], ["echo 'open"],
        ["echo tail\\"], ["echo a;;echo b"], ["cd"], ["cd", "/"], ["pwd"],
        ["quit; echo after"], ["exit"], ["list", "--all", "--all"],
        ["dominfo", "--domain"], ["dominfo", "a", "b"], ["setmem", "test"],
        ["nodedev-dettach"], ["help", "nodedev-dettach"], ["self-test"],
        ["-c", DEF, "connect", "test:///default; domid test"],
        ["-c", DEF, "connect", "--name", "test:///nosuch.xml"],
        ["-c", DEF, "connect", "--readonly; suspend test"],
    ]


def interactive_cases():
    """(args, stdin) pairs: the shell without a command."""
    c = ["-c", DEF]
    return [
        (c, "list --all\nsuspend test\ndomstate test --reason\n\nbogus\ndomid nosuch\n"
            "resume test; domid test\nquit\nuri\n"),
        (c, "uri\nhostname"),
        (["-r"] + c, "suspend test\nexit\n"),
        (["-q"] + c, "list\n"),
        (c, ""),
    ]


def run(prog, args, stdin=None, extra_env=None):
    env = dict(os.environ, LC_ALL="C", LANG="C")
    env.pop("VIRSH_DEFAULT_CONNECT_URI", None)
    env.pop("LIBVIRT_DEFAULT_URI", None)
    env.update(extra_env or {})
    # Debian's virsh 9.0.0 now and then hangs for good in commands that run a
    # job thread (save, dump, managedsave, migrate): give it a few tries.
    for attempt in range(3):
        try:
            p = subprocess.run([prog] + args, capture_output=True, text=True, env=env,
                               timeout=30, input=stdin if stdin is not None else "")
            break
        except subprocess.TimeoutExpired:
            if os.path.basename(prog) != "virsh" or os.path.islink(prog) or attempt == 2:
                raise
    # The test driver's CPU time follows the clock: compare its shape only.
    out = re.sub(r"^(CPU time: +)[0-9.]+s$", r"\1Ns", p.stdout, flags=re.M)
    out = re.sub(r"^\(Time: [0-9.]+ ms\)$", "(Time: N ms)", out, flags=re.M)
    # The test driver's block and interface counters follow the clock too.
    out = re.sub(r"^(\S* ?(?:(?:rd|wr)_(?:req|bytes)|errs|[rt]x_(?:bytes|packets|errs|drop)"
                 r"|number of (?:read|write) operations:|number of bytes (?:read|written):"
                 r"|error count:) +)[0-9]+$", r"\1N", out, flags=re.M)
    if any(a.startswith("test:///") and a != DEF for a in args):
        # The fixture's domains have no <uuid>: both generate random ones.
        out = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", out)
    # Temporary files (edit) have random names.
    err = re.sub(r"virsh[A-Za-z0-9]{6}\.xml", "virshXXXXXX.xml", p.stderr)
    return now_times(out), now_times(err), p.returncode


def now_times(text):
    """Snapshots and checkpoints made now are named and stamped with the
    clock: their times (seconds since the epoch, and as a date) become NOW;
    older ones (redefined) are compared as they are."""
    def recent(t):
        return abs(t - time.time()) < 2 * 86400

    def seconds(m):
        return "NOW" if recent(int(m.group(0))) else m.group(0)

    def date(m):
        t = datetime.strptime(m.group(0), "%Y-%m-%d %H:%M:%S %z").timestamp()
        return "YYYY-MM-DD HH:MM:SS NOW" if recent(t) else m.group(0)
    text = re.sub(r"\b[0-9]{10}\b", seconds, text)
    return re.sub(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}", date, text)


def table_commands():
    """virsh's visible commands (not hidden, not aliases), from the table."""
    names = []
    with open(TABLE) as f:
        for line in f:
            w = line.split()
            if w and w[0] == "cmd" and "hidden" not in w and not any(
                    x.startswith("alias=") for x in w):
                names.append(w[1])
    return names


def commands_in(case):
    """The command names an invocation runs (argv form, ';' lists, stdin)."""
    args, stdin = case[0], case[1]
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] in ("-c", "-d", "-e", "-k", "-K", "-l") else 1
    rest = args[i:]
    texts = []
    if len(rest) == 1:
        texts.append(rest[0])
    elif rest:
        texts.append(rest[0])
    if stdin:
        texts.append(stdin)
    found = set()
    for t in texts:
        for part in re.split(r"[;\n]", t):
            w = part.split()
            if w:
                found.add(w[0])
    return found


def through(case, uri):
    """The case with test:///default replaced by uri (None: not on it)."""
    args, stdin = case[0], case[1]
    extra_env = dict(case[2]) if len(case) > 2 and case[2] else {}
    texts = list(args) + [stdin or ""] + list(extra_env.values())
    if not any(DEF in t for t in texts):
        return None
    if any(re.search(r"test:///(?!default)", t) for t in texts):
        return None  # custom configurations are not the daemon's
    if stdin and DEF in stdin:
        # GNU readline echoes piped lines and, at exactly 80 columns, draws
        # cursor movements: the daemon's long URI would only test that.
        return None
    sub = lambda t: t.replace(DEF, uri) if t is not None else None
    return ([sub(a) for a in args], sub(stdin), {k: sub(v) for k, v in extra_env.items()})


def main():
    daemon_mode = "--daemon" in sys.argv[1:]
    argv = [a for a in sys.argv[1:] if a != "--daemon"]
    sample = 1
    if "--sample" in argv:
        i = argv.index("--sample")
        sample = int(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) != 2 or sample < 1:
        print(__doc__, file=sys.stderr)
        return 2
    ours, fixtures = argv[0], os.path.abspath(argv[1])
    virsh = shutil.which("virsh")
    if not virsh:
        print("virsh is not installed: skipped")
        return 77
    failed = 0
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        # virsh prints its program name (usage, welcome): run ours as "virsh",
        # as it is when installed in virsh's place.
        os.makedirs(os.path.join(tmp, "bin"))
        link = os.path.join(tmp, "bin", "virsh")
        os.symlink(os.path.abspath(ours), link)
        ours = link
        runs = [a if isinstance(a, tuple) else (a, None) for a in cases(fixtures, tmp)]
        # No editor of the developer's own.
        os.environ.pop("VISUAL", None)
        runs += interactive_cases()
        daemons = []
        if daemon_mode:
            sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                            "remote"))
            import daemon
            for name in ("d-virsh", "d-ours"):
                d = os.path.join(tmp, name)
                daemon.start(d)
                daemons.append(d)
            uris = ["test+unix:///default?socket=" + daemon.socket_path(d) for d in daemons]
        try:
            used = set()
            for n, case in enumerate(runs):
                new = commands_in(case) - used
                used |= new
                if n % sample and not new:
                    continue
                if daemon_mode:
                    pair = [through(case, u) for u in uris]
                    if pair[0] is None:
                        continue
                else:
                    pair = [case, case]
                total += 1
                results = []
                for prog, c, uri in zip((virsh, ours), pair, uris if daemon_mode else (None, None)):
                    r = run(prog, c[0], c[1], c[2] if len(c) > 2 else None)
                    if uri:
                        r = tuple(x.replace(uri, "DAEMON") if isinstance(x, str) else x for x in r)
                    results.append(r)
                want, got = results
                args, stdin = case[0], case[1]
                if want == got:
                    continue
                failed += 1
                caselib.print_diff(args, stdin, want, got, ("virsh", "virtkit-sh"))
        finally:
            for d in daemons:
                daemon.stop(d)
    print("%d of %d invocations identical%s%s" % (
        total - failed, total, " (through libvirtd)" if daemon_mode else "",
        " (a sample: 1 in %d, and each command's first use)" % sample if sample > 1 else ""))
    if not daemon_mode:
        known = table_commands()
        seen = set()
        for case in runs:
            seen |= commands_in(case)
        missing = [n for n in known if n not in seen]
        print("%d of %d commands covered" % (len(known) - len(missing), len(known)))
        if missing:
            print("not covered: " + " ".join(missing))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
