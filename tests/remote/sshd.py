#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A private sshd for tests: Debian's /usr/sbin/sshd on a free port of
127.0.0.1, with a throw-away host key and client key, admitting the current
user by that key only.

  sshd.py run -- CMD...   start it in a temporary folder, run CMD, stop it,
                          remove the folder, exit with CMD's status.

CMD's environment gets:
  VIRTKIT_SSH_HOST   127.0.0.1:PORT
  VIRTKIT_SSH_DIR    the folder: client_key, other_key (not admitted),
                     bin/ssh (ssh with this folder's configuration: known
                     host key, client key), bin/ssh-nokey (no identity but
                     the URI's keyfile=), bin/ssh-unknown-host (the host key
                     unknown), nc (nc -U for the remote side: nc_unix.py)
  PATH               with bin/ first, so libvirt's "ssh" is bin/ssh
  VIRTKIT_REMOTE_TRANSPORT=ssh, VIRTKIT_REMOTE_HOST, VIRTKIT_REMOTE_EXTRA
                     for tests/remote/build_remote.sh: test+ssh URIs to the
                     daemon of daemon.py (run inside `daemon.py run`);
                     test+libssh URIs when VIRTKIT_SSH_TRANSPORT=libssh.
ssh never reads the user's own ~/.ssh: every ssh here has -F.
"""

import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from daemon import free_port

SSHD = '/usr/sbin/sshd'
HERE = os.path.dirname(os.path.abspath(__file__))

SSHD_CONFIG = '''Port {port}
ListenAddress 127.0.0.1
HostKey {dir}/host_key
PidFile {dir}/sshd.pid
AuthorizedKeysFile {dir}/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers {user}
LogLevel ERROR
'''

SSH_CONFIG = '''Host *
  UserKnownHostsFile {known_hosts}
  GlobalKnownHostsFile /dev/null
  IdentitiesOnly yes
  BatchMode yes
  LogLevel ERROR
{identity}'''


def keygen(path):
    subprocess.check_call(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', path],
                          stdout=subprocess.DEVNULL)


def wrapper(d, name, known_hosts, identity):
    conf = os.path.join(d, name + '.config')
    with open(conf, 'w') as f:
        f.write(SSH_CONFIG.format(known_hosts=known_hosts, identity=identity))
    path = os.path.join(d, 'bin', name)
    with open(path, 'w') as f:
        f.write('#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' % conf)
    os.chmod(path, 0o755)


def setup(d, port):
    import pwd
    user = pwd.getpwuid(os.geteuid()).pw_name
    os.makedirs(os.path.join(d, 'bin'))
    for k in ('host_key', 'client_key', 'other_key'):
        keygen(os.path.join(d, k))
    shutil.copy(os.path.join(d, 'client_key.pub'), os.path.join(d, 'authorized_keys'))
    with open(os.path.join(d, 'sshd_config'), 'w') as f:
        f.write(SSHD_CONFIG.format(port=port, dir=d, user=user))
    host_pub = open(os.path.join(d, 'host_key.pub')).read().split()
    with open(os.path.join(d, 'known_hosts'), 'w') as f:
        f.write('[127.0.0.1]:%d %s %s\n' % (port, host_pub[0], host_pub[1]))
    open(os.path.join(d, 'unknown_hosts'), 'w').close()
    known = os.path.join(d, 'known_hosts')
    wrapper(d, 'ssh', known, '  IdentityFile %s/client_key\n' % d)
    wrapper(d, 'ssh-nokey', known, '  IdentityFile none\n')
    wrapper(d, 'ssh-unknown-host', os.path.join(d, 'unknown_hosts'),
            '  IdentityFile %s/client_key\n  StrictHostKeyChecking yes\n' % d)
    nc = os.path.join(d, 'nc')
    shutil.copy(os.path.join(HERE, 'nc_unix.py'), nc)
    os.chmod(nc, 0o755)


def run(cmd):
    if os.geteuid() == 0:
        # sshd's privilege separation folder, made by its service (not
        # started where the tests run, as in CI's fresh container).
        os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
    d = tempfile.mkdtemp(prefix='vk-sshd-', dir='/tmp')
    os.chmod(d, 0o755)
    proc = None
    try:
        port = free_port()
        setup(d, port)
        proc = subprocess.Popen([SSHD, '-D', '-e', '-f', os.path.join(d, 'sshd_config')],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=open(os.path.join(d, 'sshd.log'), 'w'),
                                start_new_session=True)
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                raise SystemExit('sshd exited: ' + open(os.path.join(d, 'sshd.log')).read())
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit('sshd did not listen in 20 s')
                time.sleep(0.02)
        env = dict(os.environ)
        env['VIRTKIT_SSH_HOST'] = '127.0.0.1:%d' % port
        env['VIRTKIT_SSH_DIR'] = d
        env['PATH'] = os.path.join(d, 'bin') + ':' + env.get('PATH', '/usr/bin:/bin')
        if os.environ.get('VIRTKIT_SSH_TRANSPORT') == 'libssh':
            # The libssh transport reads no ssh configuration: the user, key
            # and known hosts are the URI's.
            env['VIRTKIT_REMOTE_TRANSPORT'] = 'libssh'
            env['VIRTKIT_REMOTE_HOST'] = '%s@127.0.0.1:%d' % (getpass.getuser(), port)
            env['VIRTKIT_REMOTE_EXTRA'] = ('&netcat=%s/nc&keyfile=%s/client_key&known_hosts=%s/known_hosts'
                                           % (d, d, d))
        else:
            env['VIRTKIT_REMOTE_TRANSPORT'] = 'ssh'
            env['VIRTKIT_REMOTE_HOST'] = '127.0.0.1:%d' % port
            env['VIRTKIT_REMOTE_EXTRA'] = '&netcat=%s/nc' % d
        return subprocess.call(cmd, env=env)
    finally:
        if proc:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(d, ignore_errors=True)


def main(argv):
    if len(argv) >= 2 and argv[1] == 'run':
        cmd = argv[2:]
        if cmd and cmd[0] == '--':
            cmd = cmd[1:]
        return run(cmd)
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
