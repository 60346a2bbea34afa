#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A private libvirtd with Debian's storage driver (and its dir/fs backend), for
the volume transfers and sparse streams the test driver lacks.

  storage_daemon.py run -- CMD...
      starts one in a temporary folder (daemon.py's configuration), runs CMD
      with VIRTKIT_STORAGE_URI=storage+unix:///system?socket=<folder>/libvirt-sock
      and VIRTKIT_REMOTE_DIR=<folder>, stops it, exits with CMD's status.

As root the storage driver keeps its state in /etc/libvirt, /run/libvirt and
/var/lib/libvirt: the daemon runs in a mount namespace of its own (unshare -m)
with empty tmpfs over those, so the host's libvirt is never touched. Where
that is not possible (not root, no unshare) CMD runs without
VIRTKIT_STORAGE_URI (its tests skip).
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import daemon  # noqa: E402

LIBDIR = '/usr/lib/x86_64-linux-gnu/libvirt'
STORAGE = LIBDIR + '/connection-driver/libvirt_driver_storage.so'
FS_BACKEND = LIBDIR + '/storage-backend/libvirt_storage_backend_fs.so'
PRIVATE = ('/etc/libvirt', '/run/libvirt', '/var/lib/libvirt', '/var/cache/libvirt',
           '/var/log/libvirt')

# libvirtd in a mount namespace with empty tmpfs over libvirt's system
# folders; every step execs the next, so daemon.stop() signals libvirtd itself.
WRAPPER = """#!/bin/sh
exec unshare -m --propagation private /bin/sh -c '
set -e
for m in {private}; do mkdir -p "$m"; mount -t tmpfs none "$m"; done
exec {libvirtd} "$@"' libvirtd "$@"
"""


def usable():
    if os.geteuid() != 0 or not all(os.path.exists(p) for p in (STORAGE, FS_BACKEND)):
        return False
    return subprocess.call(['unshare', '-m', '--propagation', 'private', 'true'],
                           stderr=subprocess.DEVNULL) == 0


def run(cmd):
    if not usable():
        sys.stderr.write('storage_daemon.py: no private storage daemon here; '
                         'running without VIRTKIT_STORAGE_URI\n')
        return subprocess.call(cmd)
    d = tempfile.mkdtemp(prefix='vk-storaged-', dir='/tmp')
    try:
        # daemon.start() points LIBVIRT_DRIVER_DIR at <d>/drivers.
        os.makedirs(os.path.join(d, 'drivers'))
        os.makedirs(os.path.join(d, 'backends'))
        os.symlink(STORAGE, os.path.join(d, 'drivers', os.path.basename(STORAGE)))
        os.symlink(FS_BACKEND, os.path.join(d, 'backends', os.path.basename(FS_BACKEND)))
        wrapper = os.path.join(d, 'libvirtd-ns.sh')
        with open(wrapper, 'w') as f:
            f.write(WRAPPER.format(private=' '.join(PRIVATE), libvirtd=daemon.LIBVIRTD))
        os.chmod(wrapper, 0o755)
        os.environ['LIBVIRT_STORAGE_BACKEND_DIR'] = os.path.join(d, 'backends')
        daemon.LIBVIRTD = wrapper
        daemon.start(d)
        env = dict(os.environ)
        env['VIRTKIT_STORAGE_URI'] = ('storage+unix:///system?socket=' +
                                      daemon.socket_path(d))
        env['VIRTKIT_REMOTE_DIR'] = d
        return subprocess.call(cmd, env=env)
    finally:
        daemon.stop(d)


def main(argv):
    if len(argv) >= 3 and argv[1] == 'run':
        cmd = argv[2:]
        if cmd and cmd[0] == '--':
            cmd = cmd[1:]
        return run(cmd)
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
