#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""virtkit-sh on a terminal: TAB completion, history, the edit re-edit prompt
and console, driven through a pseudo-terminal. Each scenario also runs on
Debian's virsh (when installed) so the test checks what virsh does, not what
we think it does; screen bytes differ (GNU readline against libedit), so the
scenarios assert what happens, not the escape sequences.

usage: pty_test.py VIRTKIT_SH
"""
import os
import pty
import re
import select
import shutil
import signal
import socket
import sys
import tempfile
import time

DEF = "test:///default"


class Term:
    """A program on a pseudo-terminal."""

    def __init__(self, prog, args, env=None):
        e = dict(os.environ, LC_ALL="C", LANG="C", TERM="xterm")
        for k in ("VIRSH_DEFAULT_CONNECT_URI", "LIBVIRT_DEFAULT_URI", "VISUAL"):
            e.pop(k, None)
        e.update(env or {})
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(prog, [prog] + args, e)
        self.out = b""

    def send(self, data):
        # A moment first, as a person leaves: libedit can drop a key typed
        # while it is still switching the terminal to raw mode.
        time.sleep(0.15)
        os.write(self.fd, data.encode() if isinstance(data, str) else data)

    def expect(self, pattern, timeout=15):
        """Reads until pattern (a regex on the text seen so far) matches."""
        deadline = time.time() + timeout
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        while True:
            m = rx.search(self.out)
            if m:
                self.out = self.out[m.end():]
                return m
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError("timed out waiting for %r; saw %r" % (pattern, self.out[-600:]))
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError("end of output waiting for %r; saw %r" %
                                         (pattern, self.out[-600:]))
                self.out += chunk

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)

    def wait(self, timeout=15):
        """The exit status once the program ends (reading what it prints)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if r:
                try:
                    self.out += os.read(self.fd, 4096)
                except OSError:
                    pass
        raise AssertionError("did not exit; saw %r" % self.out[-600:])


PROMPT = r"virsh # "


def completion(prog, tmp):
    t = Term(prog, ["-c", DEF], {"XDG_CACHE_HOME": tmp})
    try:
        t.expect(PROMPT)
        # A unique prefix completes the command, then the domain name and an
        # option: what runs is "dumpxml test --inactive".
        t.send("dumpx\t")
        time.sleep(0.3)
        t.send("te\t")
        time.sleep(0.3)
        t.send("--inac\t")
        time.sleep(0.3)
        t.send(" --xpath /domain/name\r")
        t.expect(r"<name>test</name>")
        t.expect(PROMPT)
        # Two TABs list what a shared prefix could become.
        t.send("list --a\t\t")
        t.expect(r"--all")
        t.expect(r"--autostart")
        t.send("\x15")  # ^U: forget the line
        t.send("quit\r")
        assert t.wait() == 0
    finally:
        if t.pid:
            try:
                t.close()
            except OSError:
                pass


def history(prog, tmp, other=None):
    host = socket.gethostname()
    env = {"XDG_CACHE_HOME": tmp}
    t = Term(prog, ["-c", DEF], env)
    t.expect(PROMPT)
    t.send("hostname\r")
    t.expect(re.escape(host))
    t.expect(PROMPT)
    t.send("uri\r")
    t.expect("test:///default")
    t.expect(PROMPT)
    t.send("\x04")  # ^D ends the session
    assert t.wait() == 0
    with open(os.path.join(tmp, "libvirt", "virsh", "history")) as f:
        lines = f.read().splitlines()
    assert lines[-2:] == ["hostname", "uri"], lines
    # The next session (ours or virsh's: they share the file) recalls them.
    t = Term(other or prog, ["-c", DEF], env)
    t.expect(PROMPT)
    for key in ("\x1b[A", "\x1b[A", "\r"):  # up, up: "hostname"
        time.sleep(0.3)  # each key alone: readline waits to tell ESC sequences
        t.send(key)
    t.expect(re.escape(host) + r"\r?\n")
    t.expect(PROMPT)
    time.sleep(0.3)
    t.send("\x04")
    assert t.wait(30) == 0


def reedit(prog, tmp):
    state = os.path.join(tmp, "runs")
    editor = os.path.join(tmp, "editor.sh")
    with open(editor, "w") as f:
        # First run: invalid XML; second: a valid change.
        f.write("#!/bin/sh\n"
                "n=$(cat %s 2>/dev/null || echo 0); n=$((n+1)); echo $n > %s\n"
                "if [ $n = 1 ]; then sed -i 's/<memory unit=.KiB.>[0-9]*</<memory>x</' \"$1\";\n"
                "else sed -i 's/<memory>x</<memory unit=\"KiB\">4194304</' \"$1\"; fi\n"
                % (state, state))
    os.chmod(editor, 0o755)
    t = Term(prog, ["-c", DEF], {"EDITOR": editor, "XDG_CACHE_HOME": tmp})
    t.expect(PROMPT)
    t.send("edit test\r")
    t.expect(r"Try again\? \[y,n,i,f,\?\]: ")
    t.send("?")
    t.expect("y - yes, start editor again")
    t.expect("i - turn off validation and try to redefine again")
    t.expect(r"Try again\? \[y,n,i,f,\?\]: ")
    t.send("y")
    t.expect("Domain 'test' XML configuration edited.")
    t.expect(PROMPT)
    t.send("dumpxml test --inactive --xpath /domain/memory\r")
    t.expect(r'<memory unit="KiB">4194304</memory>')
    t.expect(PROMPT)
    t.send("quit\r")
    assert t.wait() == 0
    os.unlink(state)
    # 'n' throws the change away.
    t = Term(prog, ["-c", DEF], {"EDITOR": editor, "XDG_CACHE_HOME": tmp})
    t.expect(PROMPT)
    t.send("edit test\r")
    t.expect(r"Try again\? \[y,n,i,f,\?\]: ")
    t.send("n")
    t.expect(PROMPT)
    t.send("dumpxml test --inactive --xpath /domain/memory\r")
    t.expect(r'<memory unit="KiB">8388608</memory>')
    t.send("quit\r")
    assert t.wait() == 0
    os.unlink(state)


def console(prog, tmp):
    t = Term(prog, ["-e", "^a", "-c", DEF], {"XDG_CACHE_HOME": tmp})
    t.expect(PROMPT)
    # The test driver has no consoles: the banner, then libvirt's error.
    t.send("console test\r")
    t.expect("Connected to domain 'test'")
    t.expect(re.escape("Escape character is ^a (Ctrl + a)"))
    t.expect("error: this function is not supported by the connection driver: "
             "virDomainOpenConsole")
    t.expect(PROMPT)
    t.send("destroy test; console test --safe\r")
    t.expect("error: The domain is not running")
    t.expect(PROMPT)
    t.send("console nosuch\r")
    t.expect("error: failed to get domain 'nosuch'")
    t.expect(PROMPT)
    t.send("quit\r")
    assert t.wait() == 0


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    ours = os.path.abspath(sys.argv[1])
    virsh = shutil.which("virsh")
    progs = [("virtkit-sh", ours)] + ([("virsh", virsh)] if virsh else [])
    failed = 0
    for name, prog in progs:
        for scenario in (completion, history, reedit, console):
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    scenario(prog, tmp)
                    print("ok   %s %s" % (name, scenario.__name__))
                except AssertionError as e:
                    failed += 1
                    print("FAIL %s %s: %s" % (name, scenario.__name__, e))
    if virsh:
        # One history file for both programs.
        for a, b in ((ours, virsh), (virsh, ours)):
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    history(a, tmp, b)
                    print("ok   shared history %s -> %s" % (os.path.basename(a),
                                                            os.path.basename(b)))
                except AssertionError as e:
                    failed += 1
                    print("FAIL shared history: %s" % e)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
