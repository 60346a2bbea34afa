#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A private libvirtd for tests: Debian's /usr/sbin/libvirtd serving only its
built-in test driver on a unix socket in a folder of its own.

  daemon.py start DIR      start it (DIR is created), wait for the socket
  daemon.py stop DIR       stop it and remove DIR
  daemon.py run [--tcp | --stock-auth] -- CMD...
                           start one in a temporary folder, run CMD with
                           VIRTKIT_REMOTE_SOCKET=<folder>/libvirt-sock and
                           VIRTKIT_REMOTE_URI=test+unix:///default?socket=...
                           in its environment, stop it, exit with CMD's status;
                           with --tcp it also listens on a free port of 127.0.0.1
                           (authentication none) given as VIRTKIT_REMOTE_TCP_URI
                           =test+tcp://127.0.0.1:PORT/default; with --stock-auth
                           its configuration is Debian's defaults but for the
                           socket folder (polkit on both sockets: root is
                           admitted by the authentication list, others ask
                           polkit)

The daemon runs as the current user with its own config file: sockets, pid
file and log in DIR, no TCP/TLS, no mdns, authentication "none" on both
sockets. LIBVIRT_DRIVER_DIR points at an empty folder, so no hypervisor or
storage/network modules load; the test driver is built into libvirt.so.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

LIBVIRTD = os.environ.get('VIRTKIT_LIBVIRTD', '/usr/sbin/libvirtd')

CONFIG = '''listen_tls = 0
listen_tcp = {tcp}
tcp_port = "{port}"
listen_addr = "127.0.0.1"
auth_tcp = "none"
mdns_adv = 0
unix_sock_dir = "{dir}"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:{dir}/libvirtd.log"
max_clients = 5000
max_workers = 20
max_client_requests = 1000
keepalive_interval = -1
'''

# Debian's defaults but for the folder (and the log): authentication polkit.
STOCK_CONFIG = '''unix_sock_dir = "{dir}"
log_outputs = "3:file:{dir}/libvirtd.log"
'''


def socket_path(d):
    return os.path.join(d, 'libvirt-sock')


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(d, timeout=20.0, tcp_port=0, stock=False):
    d = os.path.abspath(d)
    os.makedirs(os.path.join(d, 'drivers'), exist_ok=True)
    conf = os.path.join(d, 'libvirtd.conf')
    with open(conf, 'w') as f:
        if stock:
            f.write(STOCK_CONFIG.format(dir=d))
        else:
            f.write(CONFIG.format(dir=d, tcp=1 if tcp_port else 0, port=tcp_port or 16509))
    env = dict(os.environ)
    env['LIBVIRT_DRIVER_DIR'] = os.path.join(d, 'drivers')
    env.pop('LD_LIBRARY_PATH', None)  # Debian's libvirt, never ours
    env.pop('LD_PRELOAD', None)
    env.pop('LIBVIRT_DEFAULT_URI', None)
    out = open(os.path.join(d, 'libvirtd.out'), 'w')
    args = [LIBVIRTD, '--config', conf, '--pid-file', os.path.join(d, 'libvirtd.pid')]
    if tcp_port:
        args.append('--listen')
    proc = subprocess.Popen(args,
                            env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    with open(os.path.join(d, 'daemon.pid'), 'w') as f:
        f.write(str(proc.pid))
    deadline = time.monotonic() + timeout
    path = socket_path(d)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit('libvirtd exited with status %s:\n%s' %
                             (proc.returncode, open(os.path.join(d, 'libvirtd.out')).read()))
        if os.path.exists(path) and (not tcp_port or port_open(tcp_port)):
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(path)
                return proc.pid
            except OSError:
                pass
            finally:
                s.close()
        time.sleep(0.02)
    stop(d)
    raise SystemExit('libvirtd did not create %s in %.0f s' % (path, timeout))


def port_open(port):
    s = socket.socket()
    try:
        s.connect(('127.0.0.1', port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def gone(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] in ('Z', 'X')
    except OSError:
        return True


def stop(d, remove=True):
    d = os.path.abspath(d)
    try:
        with open(os.path.join(d, 'daemon.pid')) as f:
            pid = int(f.read())
    except (OSError, ValueError):
        pid = None
    if pid:
        try:
            os.kill(pid, signal.SIGTERM)
            for _ in range(500):
                try:
                    done, _status = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid if gone(pid) else 0  # not our child: watch /proc
                if done:
                    break
                time.sleep(0.01)
            else:
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if remove:
        shutil.rmtree(d, ignore_errors=True)


def run(cmd, tcp=False, stock=False):
    d = tempfile.mkdtemp(prefix='vk-libvirtd-', dir='/tmp')
    try:
        port = free_port() if tcp else 0
        start(d, tcp_port=port, stock=stock)
        env = dict(os.environ)
        env['VIRTKIT_REMOTE_SOCKET'] = socket_path(d)
        env['VIRTKIT_REMOTE_DIR'] = d
        env['VIRTKIT_REMOTE_URI'] = 'test+unix:///default?socket=' + socket_path(d)
        if port:
            env['VIRTKIT_REMOTE_TCP_URI'] = 'test+tcp://127.0.0.1:%d/default' % port
        return subprocess.call(cmd, env=env)
    finally:
        stop(d)


def main(argv):
    if len(argv) >= 3 and argv[1] == 'start':
        print(socket_path(os.path.abspath(argv[2])))
        start(argv[2])
        return 0
    if len(argv) >= 3 and argv[1] == 'stop':
        stop(argv[2])
        return 0
    if len(argv) >= 3 and argv[1] == 'run':
        cmd = argv[2:]
        tcp = bool(cmd) and cmd[0] == '--tcp'
        stock = bool(cmd) and cmd[0] == '--stock-auth'
        if tcp or stock:
            cmd = cmd[1:]
        if cmd and cmd[0] == '--':
            cmd = cmd[1:]
        return run(cmd, tcp, stock)
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
