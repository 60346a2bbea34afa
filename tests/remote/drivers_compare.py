#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The driver tests (tests/drivers) through a daemon, with libvirt's client
and with ours: both binaries hold the same expectations (recorded from
Debian's libvirt on test:///default), so through the same daemon they must
fail exactly in the same places. A local test driver and a remote client
may differ (libvirt's client resets a domain's id only after some calls, for
example); where they do, libvirt's client sets the reference.

  drivers_compare.py DAEMON_PY REFERENCE_BINARY OUR_BINARY GTEST_FILTER

Each binary runs under its own fresh daemon. Exit 0 when the failing tests
and their failing assertions (file:line) are the same, apart from the tests
in NONDETERMINISTIC (left out of the comparison, with the reason) and in
LIBVIRT_FLAKY (ours must pass them)."""
import re
import subprocess
import sys


# Tests whose outcome through a daemon changes from run to run, whichever
# client runs them.
NONDETERMINISTIC = {
    # The daemon's message carries the errno its worker thread last left
    # ("Success", "Resource temporarily unavailable"...).
    'Save.BadImages',
}

# Tests libvirt's client fails now and then through a daemon while ours never
# should: virtkit must pass them, whatever libvirt's client did.
LIBVIRT_FLAKY = {
    # About one run in ten, libvirt's client never delivers the last
    # lifecycle event (the crash after virDomainCoreDump) within 2 s.
    'Save.Events',
}


def run(daemon, binary, gfilter):
    p = subprocess.run([daemon, 'run', '--', binary, '--gtest_filter=' + gfilter],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    out = p.stdout
    failures = {}
    test = None
    for line in out.splitlines():
        m = re.match(r'\[ RUN      \] (\S+)', line)
        if m:
            test = m.group(1)
            continue
        m = re.match(r'(\S+?):(\d+): Failure', line)
        if m and test:
            failures.setdefault(test, []).append('%s:%s' % (m.group(1).split('/')[-1], m.group(2)))
    # A crash must not pass for fewer failures: the run has to reach
    # gtest's closing summary.
    if not re.search(r'^\[==========\] \d+ tests? from \d+ test suites? ran', out, re.M):
        print(out[-4000:])
        raise SystemExit('%s did not finish' % binary)
    return failures, out


def main():
    daemon, ref, ours, gfilter = sys.argv[1:5]
    want, _ = run(daemon, ref, gfilter)
    got, got_out = run(daemon, ours, gfilter)
    for t in NONDETERMINISTIC:
        want.pop(t, None)
        got.pop(t, None)
    for t in LIBVIRT_FLAKY:
        want.pop(t, None)
    print('libvirt\'s client: %d failing tests (remote-only differences from the local driver)'
          % len(want))
    for t in sorted(want):
        print('  %s %s' % (t, ' '.join(want[t])))
    if got == want:
        print('virtkit: the same failures, at the same assertions')
        return 0
    for t in sorted(set(want) | set(got)):
        if want.get(t) != got.get(t):
            print('DIFFERS %s: libvirt %s, virtkit %s' % (t, want.get(t), got.get(t)))
    blocks = re.split(r'(?=\[ RUN      \])', got_out)
    for b in blocks:
        m = re.match(r'\[ RUN      \] (\S+)', b)
        if m and want.get(m.group(1)) != got.get(m.group(1)) and m.group(1) in got:
            print(b[:3000])
    return 1


if __name__ == '__main__':
    sys.exit(main())
