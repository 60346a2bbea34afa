#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A private libvirtd for tests: Debian's /usr/sbin/libvirtd serving only its
built-in test driver on a unix socket in a folder of its own.

  daemon.py start DIR      start it (DIR is created), wait for the socket
  daemon.py stop DIR       stop it and remove DIR
  daemon.py run [MODE...] -- CMD...
                           start one in a temporary folder, run CMD with
                           VIRTKIT_REMOTE_SOCKET=<folder>/libvirt-sock,
                           VIRTKIT_REMOTE_DIR=<folder> and
                           VIRTKIT_REMOTE_URI=test+unix:///default?socket=...
                           in its environment, stop it, exit with CMD's status

MODE (several may be given; --stock-auth only alone, --tcp or --sasl):
  --tcp         it also listens on a free port of 127.0.0.1 (authentication
                none): VIRTKIT_REMOTE_TCP_URI=test+tcp://127.0.0.1:PORT/default
  --stock-auth  Debian's configuration but for the socket folder (polkit on
                both sockets: root is admitted by the authentication list,
                others ask polkit)
  --tls         TLS on a free port of 127.0.0.1, client certificates verified
                (libvirt's default), auth_tls "none", with certificates made
                by tests/remote/pki.py in <folder>/pki:
                  VIRTKIT_PKI_DIR           <folder>/pki (pki.py's folders)
                  VIRTKIT_REMOTE_TLS_PORT   PORT
                  VIRTKIT_REMOTE_TLS_URI    test+tls://127.0.0.1:PORT/default
                                            ?pkipath=<folder>/pki/client
  --tls-sasl    the same with auth_tls "sasl" (any mechanism of the list)
  --sasl        TCP on a free port of 127.0.0.1 with auth_tcp "sasl"
                (DIGEST-MD5: libvirtd wants an SSF of 56 on plain TCP):
                  VIRTKIT_REMOTE_SASL_URI   test+tcp://127.0.0.1:PORT/default
                  VIRTKIT_REMOTE_SASL_PORT  PORT
With --sasl or --tls-sasl the daemon's SASL configuration (SASL_CONF_PATH)
is <folder>/sasl/libvirt.conf: mech_list digest-md5 scram-sha-256, a sasldb
made by saslpasswd2 with one user:
  VIRTKIT_SASL_USER, VIRTKIT_SASL_PASSWORD   that user and password
  VIRTKIT_SASL_AUTH_FILE   an auth.conf giving them for 127.0.0.1 and
                           localhost (for LIBVIRT_AUTH_FILE)
VIRTKIT_REMOTE_VIA=tls or sasl in daemon.py's environment adds the mode
--tls or --sasl, and points the programs of tests/remote/build_remote.sh
(conformance.sh, race.sh) at that port (VIRTKIT_REMOTE_TRANSPORT, _HOST,
_EXTRA); for sasl CMD also gets LIBVIRT_AUTH_FILE=VIRTKIT_SASL_AUTH_FILE
(build_remote.sh then opens with virConnectAuthPtrDefault: libvirt reads
auth.conf only where a callback could be asked).

The daemon runs as the current user with its own config file: sockets, pid
file and log in DIR, no mdns, authentication "none" on both sockets.
LIBVIRT_DRIVER_DIR points at an empty folder, so no hypervisor or
storage/network modules load; the test driver is built into libvirt.so.
start() also serves daemons of other configurations (listen_tls with another
pki.py folder, tls_no_sanity_certificate) for the scenarios.
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
HERE = os.path.dirname(os.path.abspath(__file__))

CONFIG = """listen_tls = {tls}
listen_tcp = {tcp}
tcp_port = "{tcp_port}"
tls_port = "{tls_port}"
listen_addr = "127.0.0.1"
auth_tcp = "{auth_tcp}"
auth_tls = "{auth_tls}"
mdns_adv = 0
unix_sock_dir = "{dir}"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_rw = "{auth_unix_rw}"
auth_unix_ro = "none"
log_outputs = "3:file:{dir}/libvirtd.log"
max_clients = 5000
max_workers = 20
max_client_requests = 1000
keepalive_interval = -1
"""

# The server side of a pki.py folder.
TLS_CONFIG = """key_file = "{pki}/serverkey.pem"
cert_file = "{pki}/servercert.pem"
ca_file = "{pki}/cacert.pem"
"""

# Debian's defaults but for the folder (and the log): authentication polkit.
STOCK_CONFIG = """unix_sock_dir = "{dir}"
log_outputs = "3:file:{dir}/libvirtd.log"
"""

# cyrus-sasl's configuration for the service "libvirt" (SASL_CONF_PATH).
SASL_CONFIG = """mech_list: digest-md5 scram-sha-256
sasldb_path: {db}
"""

SASL_USER = 'vkuser'
SASL_PASSWORD = 'vk-secret-42'

# libvirt's auth.conf: the user above for the daemon's names.
AUTH_CONF = """[credentials-vk]
authname={user}
password={password}

[auth-libvirt-127.0.0.1]
credentials=vk

[auth-libvirt-localhost]
credentials=vk
"""


def socket_path(d):
    return os.path.join(d, 'libvirt-sock')


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def setup_sasl(d):
    """<d>/sasl: libvirt.conf and a sasldb with SASL_USER; <d>/auth.conf.
    Returns the folder for SASL_CONF_PATH."""
    folder = os.path.join(d, 'sasl')
    os.makedirs(folder, exist_ok=True)
    db = os.path.join(folder, 'passwd.db')
    with open(os.path.join(folder, 'libvirt.conf'), 'w') as f:
        f.write(SASL_CONFIG.format(db=db))
    subprocess.run(['/usr/sbin/saslpasswd2', '-f', db, '-a', 'libvirt', '-p', '-c', SASL_USER],
                   input=SASL_PASSWORD, text=True, check=True)
    with open(os.path.join(d, 'auth.conf'), 'w') as f:
        f.write(AUTH_CONF.format(user=SASL_USER, password=SASL_PASSWORD))
    return folder


def make_pki(d):
    """pki.py's folders in <d>/pki."""
    sys.path.insert(0, HERE)
    import pki
    return pki.make(os.path.join(d, 'pki'))


def start(d, timeout=20.0, tcp_port=0, stock=False, tls_port=0, pki=None,
          auth_tcp='none', auth_tls='none', sasl_conf=None, extra='', auth_unix_rw='none'):
    """Starts a daemon in d: unix sockets, and TCP on tcp_port / TLS on
    tls_port (with the server files of the pki.py folder pki) when given;
    sasl_conf: the folder for SASL_CONF_PATH; extra: more config lines."""
    d = os.path.abspath(d)
    os.makedirs(os.path.join(d, 'drivers'), exist_ok=True)
    conf = os.path.join(d, 'libvirtd.conf')
    with open(conf, 'w') as f:
        if stock:
            f.write(STOCK_CONFIG.format(dir=d))
        else:
            f.write(CONFIG.format(dir=d, tcp=1 if tcp_port else 0, tcp_port=tcp_port or 16509,
                                  tls=1 if tls_port else 0, tls_port=tls_port or 16514,
                                  auth_tcp=auth_tcp, auth_tls=auth_tls, auth_unix_rw=auth_unix_rw))
            if pki:
                f.write(TLS_CONFIG.format(pki=pki))
            f.write(extra)
    env = dict(os.environ)
    env['LIBVIRT_DRIVER_DIR'] = os.path.join(d, 'drivers')
    env.pop('LD_LIBRARY_PATH', None)  # Debian's libvirt, never ours
    env.pop('LD_PRELOAD', None)
    env.pop('LIBVIRT_DEFAULT_URI', None)
    if sasl_conf:
        env['SASL_CONF_PATH'] = sasl_conf
    out = open(os.path.join(d, 'libvirtd.out'), 'w')
    args = [LIBVIRTD, '--config', conf, '--pid-file', os.path.join(d, 'libvirtd.pid')]
    if tcp_port or tls_port:
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
        if os.path.exists(path) and all(port_open(p) for p in (tcp_port, tls_port) if p):
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


def run(cmd, modes=()):
    via = os.environ.get('VIRTKIT_REMOTE_VIA')
    if via in ('tls', 'sasl'):
        modes = list(modes) + ['--' + via]
    elif via:
        raise SystemExit('VIRTKIT_REMOTE_VIA=%s: tls or sasl' % via)
    if '--stock-auth' in modes and len(modes) > 1:
        raise SystemExit('--stock-auth has no TCP, TLS or SASL')
    if '--tcp' in modes and '--sasl' in modes:
        raise SystemExit('--tcp and --sasl: libvirtd has one TCP port')
    d = tempfile.mkdtemp(prefix='vk-libvirtd-', dir='/tmp')
    try:
        env = dict(os.environ)
        kw = {}
        if '--stock-auth' in modes:
            kw['stock'] = True
        if '--tcp' in modes or '--sasl' in modes:
            kw['tcp_port'] = free_port()
            if '--sasl' in modes:
                kw['auth_tcp'] = 'sasl'
        if '--tls' in modes or '--tls-sasl' in modes:
            pki = make_pki(d)
            kw.update(tls_port=free_port(), pki=os.path.join(pki, 'server'))
            if '--tls-sasl' in modes:
                kw['auth_tls'] = 'sasl'
            env['VIRTKIT_PKI_DIR'] = pki
            env['VIRTKIT_REMOTE_TLS_PORT'] = str(kw['tls_port'])
            env['VIRTKIT_REMOTE_TLS_URI'] = 'test+tls://127.0.0.1:%d/default?pkipath=%s/client' % (
                kw['tls_port'], pki)
        if '--sasl' in modes or '--tls-sasl' in modes:
            kw['sasl_conf'] = setup_sasl(d)
            env['VIRTKIT_SASL_USER'] = SASL_USER
            env['VIRTKIT_SASL_PASSWORD'] = SASL_PASSWORD
            env['VIRTKIT_SASL_AUTH_FILE'] = os.path.join(d, 'auth.conf')
        start(d, **kw)
        env['VIRTKIT_REMOTE_SOCKET'] = socket_path(d)
        env['VIRTKIT_REMOTE_DIR'] = d
        env['VIRTKIT_REMOTE_URI'] = 'test+unix:///default?socket=' + socket_path(d)
        if '--tcp' in modes:
            env['VIRTKIT_REMOTE_TCP_URI'] = 'test+tcp://127.0.0.1:%d/default' % kw['tcp_port']
        if '--sasl' in modes:
            env['VIRTKIT_REMOTE_SASL_PORT'] = str(kw['tcp_port'])
            env['VIRTKIT_REMOTE_SASL_URI'] = 'test+tcp://127.0.0.1:%d/default' % kw['tcp_port']
        # The programs of build_remote.sh to the TLS or SASL port.
        if via == 'tls':
            env['VIRTKIT_REMOTE_TRANSPORT'] = 'tls'
            env['VIRTKIT_REMOTE_HOST'] = '127.0.0.1:%d' % kw['tls_port']
            env['VIRTKIT_REMOTE_EXTRA'] = '&pkipath=%s/client' % env['VIRTKIT_PKI_DIR']
        elif via == 'sasl':
            env['VIRTKIT_REMOTE_TRANSPORT'] = 'tcp'
            env['VIRTKIT_REMOTE_HOST'] = '127.0.0.1:%d' % kw['tcp_port']
            env['LIBVIRT_AUTH_FILE'] = env['VIRTKIT_SASL_AUTH_FILE']
        return subprocess.call(cmd, env=env)
    finally:
        stop(d)


MODES = ('--tcp', '--stock-auth', '--tls', '--tls-sasl', '--sasl')


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
        modes = []
        while cmd and cmd[0] in MODES:
            modes.append(cmd.pop(0))
        if cmd and cmd[0] == '--':
            cmd = cmd[1:]
        return run(cmd, modes)
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
