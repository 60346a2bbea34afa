#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A non-root user's session daemon, as Debian's libvirt client and virtkit
reach it: which socket, when /usr/sbin/libvirtd is autostarted (once, under
a lock, even for clients racing), LIBVIRT_AUTOSTART, LIBVIRTD_PATH and
VIRTD_PATH, and the errors. Every case is its own process run as the user
(nobody when run as root, via setpriv) with HOME and XDG_* in a temporary
folder; the daemons it starts are stopped after each case.
virtkit is loaded by ld.so's --library-path, not LD_LIBRARY_PATH, which
libvirt passes on to the daemon it starts.
  session_compare.py LIBDIR"""
import difflib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CASE = r'''
import os, sys, libvirt
libvirt.registerErrorHandler(lambda *_: None, None)
lib = [l.split()[-1] for l in open('/proc/self/maps') if '/libvirt.so' in l][0]
assert os.path.dirname(os.path.realpath(lib)) == os.environ.pop('VK_LIBDIR'), lib
uri, ro, what = sys.argv[1] or None, sys.argv[2] == 'ro', sys.argv[3]
try:
    c = libvirt.openReadOnly(uri) if ro else libvirt.open(uri)
    if what == 'domains':
        out = sorted(d.name() for d in c.listAllDomains())
    elif what == 'write':
        try:
            c.lookupByName('test').suspend()
            out = 'suspended'
        except libvirt.libvirtError as e:
            out = (e.get_error_code(), e.get_error_domain())
    else:
        out = c.getURI()
    c.close()
    print('ok', out)
except libvirt.libvirtError as e:
    print('err code=%s dom=%s msg=%r' % (e.get_error_code(), e.get_error_domain(),
                                         e.get_error_message()))
'''


class User:
    """A home for one library's run, and the cases run in it."""

    def __init__(self, libdir):
        self.libdir = libdir  # None: Debian's libvirt
        self.home = tempfile.mkdtemp(prefix='vk-session-', dir='/tmp')
        os.chmod(self.home, 0o777)
        self.rt = os.path.join(self.home, 'run')

    def env(self, extra):
        env = {'PATH': '/usr/bin:/bin', 'HOME': self.home, 'XDG_RUNTIME_DIR': self.rt,
               'XDG_CONFIG_HOME': os.path.join(self.home, 'config'),
               'XDG_CACHE_HOME': os.path.join(self.home, 'cache'),
               'VK_LIBDIR': self.libdir or '/usr/lib/x86_64-linux-gnu'}
        for k, v in extra.items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = v
        return env

    def start(self, uri, ro=False, what='uri', **extra):
        cmd = ['/usr/bin/python3', '-c', CASE, uri or '', 'ro' if ro else 'rw', what]
        if self.libdir:
            cmd = ['/lib64/ld-linux-x86-64.so.2', '--library-path', self.libdir] + cmd
        if os.geteuid() == 0:
            cmd = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] + cmd
        return subprocess.Popen(cmd, env=self.env(extra), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def finish(self, p):
        out, err = p.communicate(timeout=60)
        if p.returncode != 0:
            sys.exit('case failed (%s):\n%s%s' % (self.libdir or 'libvirt', out, err))
        return out.strip().replace(self.home, '$HOME')

    def run(self, *args, **kw):
        return self.finish(self.start(*args, **kw))

    def daemons(self):
        """The session daemons started for this home (by their environment)."""
        found = []
        for pid in filter(str.isdigit, os.listdir('/proc')):
            try:
                cmd = open('/proc/%s/cmdline' % pid, 'rb').read().split(b'\0')
                env = open('/proc/%s/environ' % pid, 'rb').read().split(b'\0')
            except OSError:
                continue
            if (cmd[:2] == [b'/usr/sbin/libvirtd', b'--timeout=120'] and
                    ('HOME=' + self.home).encode() in env):
                found.append(int(pid))
        return found

    def stop_daemons(self):
        for pid in self.daemons():
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for _ in range(500):
            if not self.daemons():
                return
            time.sleep(0.01)
        for pid in self.daemons():
            os.kill(pid, signal.SIGKILL)

    def listing(self, d):
        d = os.path.join(self.home, d)
        return sorted(os.listdir(d)) if os.path.isdir(d) else None


def transcript(libdir):
    u = User(libdir)
    out = []

    def case(label, *args, **kw):
        out.append('%-26s %s' % (label, u.run(*args, **kw)))

    def state(label):
        names = u.listing('run/libvirt')
        out.append('%-26s daemons=%d sock=%s lock=%s' % (
            label, len(u.daemons()), names is not None and 'libvirt-sock' in names,
            names is not None and 'libvirtd.lock' in names))

    try:
        case('session autostart', 'qemu:///session')
        state('  after')
        first = u.daemons()
        case('session again', 'qemu:///session')
        out.append('%-26s %s' % ('  same daemon', u.daemons() == first))
        case('read-only session', 'qemu:///session', ro=True)
        case('test+unix', 'test+unix:///default', what='domains')
        case('test+unix read-only', 'test+unix:///default', ro=True, what='write')
        case('no uri', None)
        case('system', 'qemu:///system', LIBVIRT_AUTOSTART='0')
        u.stop_daemons()
        state('stopped')
        case('autostart off', 'qemu:///session', LIBVIRT_AUTOSTART='0')
        case('autostart 00', 'qemu:///session', LIBVIRT_AUTOSTART='00')
        u.stop_daemons()
        case('autostart empty', 'test+unix:///default', LIBVIRT_AUTOSTART='')
        u.stop_daemons()
        # Clients racing to start the daemon: one daemon, every open works.
        ps = [u.start('qemu:///session') for _ in range(4)]
        results = sorted(u.finish(p) for p in ps)
        out.append('%-26s %s daemons=%d' % ('racing clients', results, len(u.daemons())))
        u.stop_daemons()
        case('path relative', 'qemu:///session', LIBVIRTD_PATH='nosuch')
        case('VIRTD_PATH first', 'qemu:///session', VIRTD_PATH='nosuch2',
             LIBVIRTD_PATH='/usr/sbin')
        case('path empty', 'qemu:///session', LIBVIRTD_PATH='')
        case('path trailing slash', 'qemu:///session', LIBVIRTD_PATH='/usr/sbin//')
        state('  after')
        u.stop_daemons()
        case('daemon missing', 'qemu:///session', LIBVIRTD_PATH='/no/such')
        case('direct, no autostart', 'qemu:///session?mode=direct', LIBVIRT_AUTOSTART='0')
        case('socket given', 'qemu:///session?socket=/no/such/sock')
        case('socket too long', 'qemu:///session?socket=/' + 'a' * 108)
        case('socket abstract', 'qemu:///session?socket=@vk-no-such-sock')
        case('runtime dir impossible', 'qemu:///session', XDG_RUNTIME_DIR='/proc/no/such')
        case('no XDG_RUNTIME_DIR', 'qemu:///session', XDG_RUNTIME_DIR=None)
        out.append('%-26s %s' % ('  cache dir', u.listing('cache/libvirt') is not None and
                                 'libvirt-sock' in u.listing('cache/libvirt')))
        u.stop_daemons()
        os.makedirs(os.path.join(u.home, 'config', 'libvirt'), exist_ok=True)
        with open(os.path.join(u.home, 'config', 'libvirt', 'libvirt.conf'), 'w') as f:
            f.write('remote_mode = "direct"\n')
        os.chmod(os.path.join(u.home, 'config', 'libvirt', 'libvirt.conf'), 0o644)
        case('direct, no uri', None)
    finally:
        u.stop_daemons()
        shutil.rmtree(u.home, ignore_errors=True)
    return out


def main():
    libdir = os.path.abspath(sys.argv[1])
    if not os.access('/usr/sbin/libvirtd', os.X_OK):
        print('no /usr/sbin/libvirtd: skipped')
        return 77
    ref = transcript(None)
    ours = transcript(os.path.realpath(libdir))
    diff = list(difflib.unified_diff(ref, ours, 'libvirt', 'virtkit', lineterm=''))
    print('\n'.join(diff) if diff else '\n'.join(ours))
    same = sum(a == b for a, b in zip(ref, ours))
    print('session daemon: %d of %d lines identical' % (same, len(ref)))
    return 1 if diff else 0


if __name__ == '__main__':
    sys.exit(main())
