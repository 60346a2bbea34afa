#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Connection set-up time over ssh, Debian's libvirt client and virtkit in
the same run: open (ssh start, key exchange, AUTH_LIST, CONNECT_OPEN), one
call, close. Run inside tests/remote/daemon.py and tests/remote/sshd.py:
  tests/remote/daemon.py run -- tests/remote/sshd.py run -- bench/ssh_open.py LIBDIR [N]
(VIRTKIT_SSH_TRANSPORT=libssh: the libssh transport.)"""
import os
import subprocess
import sys

CHILD = r'''
import libvirt, os, statistics, sys, time
libvirt.registerErrorHandler(lambda *_: None, None)
# sshd.py's URI parts: test+ssh, or test+libssh with VIRTKIT_SSH_TRANSPORT=libssh.
uri = 'test+%s://%s/default?socket=%s%s' % (
    os.environ['VIRTKIT_REMOTE_TRANSPORT'], os.environ['VIRTKIT_REMOTE_HOST'],
    os.environ['VIRTKIT_REMOTE_SOCKET'], os.environ['VIRTKIT_REMOTE_EXTRA'])
opens, closes = [], []
for _ in range(int(sys.argv[1])):
    t0 = time.perf_counter()
    c = libvirt.open(uri)
    c.getHostname()
    t1 = time.perf_counter()
    c.close()
    t2 = time.perf_counter()
    opens.append((t1 - t0) * 1000)
    closes.append((t2 - t1) * 1000)
print('open+call median %.1f ms (min %.1f), close median %.1f ms' % (
    statistics.median(opens), min(opens), statistics.median(closes)))
'''

libdir = sys.argv[1]
n = sys.argv[2] if len(sys.argv) > 2 else '20'
for label, ld in (('libvirt 9.0.0', None), ('virtkit', libdir)):
    env = dict(os.environ)
    env.pop('LD_LIBRARY_PATH', None)
    if ld:
        env['LD_LIBRARY_PATH'] = ld
    out = subprocess.run(['/usr/bin/python3', '-c', CHILD, n], env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    print('%-14s over ssh, %s runs: %s' % (label, n, out))
