# SPDX-License-Identifier: LGPL-2.1-or-later
"""SASL authentication (inside `daemon.py run --sasl --tls-sasl`): on plain
TCP (DIGEST-MD5 and its security layer: libvirtd wants an SSF of 56 there)
and over TLS (any mechanism of the daemon's list). Sessions with the
credentials from a virConnectAuth callback, from auth.conf (LIBVIRT_AUTH_FILE,
authfile=), from the default callback on a terminal; the failures users
meet: wrong password or user, no callback, a failing callback, mechanisms
the server does not offer, auth= values, a connection cut mid-session.
A transcript printed the same way by Debian's libvirt client and by virtkit
(compare.py); every step has a watchdog."""
import os
import pty
import select
import shutil
import signal
import tempfile
import time

import libvirt

from tls_peers import (big_round_trip, cleanup, cleanups, creds, cut_mid_session,
                       event_round_trip, guarded, opened, start_loop)
from transcript import out

libvirt.registerErrorHandler(lambda *_: None, None)
start_loop()
TCP = os.environ['VIRTKIT_REMOTE_SASL_URI']
TLS = os.environ['VIRTKIT_REMOTE_TLS_URI']
USER = os.environ['VIRTKIT_SASL_USER']
PASSWORD = os.environ['VIRTKIT_SASL_PASSWORD']
AUTH_FILE = os.environ['VIRTKIT_SASL_AUTH_FILE']
os.environ.pop('LIBVIRT_AUTH_FILE', None)
os.environ['XDG_CONFIG_HOME'] = tempfile.mkdtemp(prefix='vk-xdg-')  # no auth.conf there
WORK = tempfile.mkdtemp(prefix='vk-sasl-')
for folder in (WORK, os.environ['XDG_CONFIG_HOME']):
    cleanups.append(lambda folder=folder: shutil.rmtree(folder, True))


def auth_conf(name, text):
    path = os.path.join(WORK, name)
    with open(path, 'w') as f:
        f.write(text)
    return path


WRONG_CONF = auth_conf('wrong.conf', '[credentials-x]\nauthname=%s\npassword=nope\n\n'
                       '[auth-libvirt-127.0.0.1]\ncredentials=x\n' % USER)
NAME_ONLY_CONF = auth_conf('name.conf', '[credentials-x]\nauthname=%s\n\n'
                           '[auth-libvirt-127.0.0.1]\ncredentials=x\n' % USER)
OTHER_HOST_CONF = auth_conf('other.conf', '[credentials-x]\nauthname=%s\npassword=%s\n\n'
                            '[auth-libvirt-elsewhere.example]\ncredentials=x\n' % (USER, PASSWORD))
DEFAULT_CONF = auth_conf('default.conf', '[credentials-x]\nauthname=%s\npassword=%s\n\n'
                         '[auth-libvirt-default]\ncredentials=x\n' % (USER, PASSWORD))
BROKEN_CONF = auth_conf('broken.conf', 'this is [not an ini file\n')


def with_auth_file(path, fn):
    os.environ['LIBVIRT_AUTH_FILE'] = path
    try:
        return fn()
    finally:
        del os.environ['LIBVIRT_AUTH_FILE']


def asked(uri, **kw):
    """The credentials the callback is asked for: (type, prompt, challenge, default)."""
    record = []
    opened(uri, creds(record=record, **kw), fn=lambda c, u: c.getHostname() != '')
    return record


def with_param(uri, param):
    return uri + ('&' if '?' in uri else '?') + param


# A program on a terminal opening with virConnectAuthPtrDefault (the
# library's default callback: prompts on stdout, reads the terminal).
DEFAULT_AUTH = r"""
import ctypes, sys
lib = ctypes.CDLL('libvirt.so.0')
lib.virConnectOpenAuth.restype = ctypes.c_void_p
lib.virConnectOpenAuth.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_uint]
lib.virConnectGetHostname.restype = ctypes.c_void_p
lib.virConnectGetHostname.argtypes = [ctypes.c_void_p]
lib.virConnectClose.argtypes = [ctypes.c_void_p]
lib.virGetLastErrorMessage.restype = ctypes.c_char_p
auth = ctypes.c_void_p.in_dll(lib, 'virConnectAuthPtrDefault')
c = lib.virConnectOpenAuth(sys.argv[1].encode(), auth, 0)
if not c:
    print('error: ' + lib.virGetLastErrorMessage().decode())
    sys.exit(1)
print('hostname known:', bool(lib.virConnectGetHostname(c)))
lib.virConnectClose(c)
"""


def terminal(uri, answers):
    """DEFAULT_AUTH on a terminal: answers each prompt, returns the screen
    and the exit status."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv('/usr/bin/python3', ['python3', '-c', DEFAULT_AUTH, uri])
    screen = b''
    answers = list(answers)
    deadline = time.time() + 20
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            screen += data
        if answers and screen.rstrip().endswith(b':'):
            os.write(fd, answers.pop(0).encode() + b'\n')
            time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)  # still asking: the screen tells what
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return screen.decode(errors='replace').replace('\r\n', '\n').splitlines(), \
        os.waitstatus_to_exitcode(status)


def xdg_auth_conf(uri):
    d = os.path.join(os.environ['XDG_CONFIG_HOME'], 'libvirt')
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, 'auth.conf')
    with open(AUTH_FILE) as f, open(path, 'w') as g:
        g.write(f.read())
    try:
        return asked(uri)
    finally:
        os.unlink(path)


for name, uri in (('tcp', TCP), ('tls', TLS)):
    # ---- sessions ----
    guarded(name + ' openAuth', lambda: opened(uri, creds()))
    guarded(name + ' openAuth read-only', lambda: opened(uri, creds(), ro=True))
    guarded(name + ' credentials asked', lambda: asked(uri))
    guarded(name + ' event round trip', lambda: opened(uri, creds(), fn=event_round_trip))
    guarded(name + ' large XML round trip', lambda: opened(uri, creds(), fn=big_round_trip))
    for mech in ('sasl', 'sasl.DIGEST-MD5', 'sasl.digest-md5', 'sasl.SCRAM-SHA-256', 'sasl.PLAIN',
                 'sasl.BOGUS', 'sasl.', 'polkit', 'none'):
        guarded('%s auth=%s' % (name, mech), lambda: opened(with_param(uri, 'auth=' + mech), creds()))
    # ---- credentials ----
    guarded(name + ' wrong password', lambda: opened(uri, creds(password='wrong')))
    guarded(name + ' wrong user', lambda: opened(uri, creds(user='nobody')))
    guarded(name + ' empty password', lambda: opened(uri, creds(password='')))
    guarded(name + ' empty user', lambda: opened(uri, creds(user='')))
    guarded(name + ' callback fails', lambda: opened(uri, creds(fail=True)))
    guarded(name + ' callback: name only', lambda: opened(
        uri, creds(types=[libvirt.VIR_CRED_AUTHNAME])))
    guarded(name + ' callback: no types', lambda: opened(uri, creds(types=[])))
    guarded(name + ' no callback', lambda: opened(uri))
    guarded(name + ' no callback read-only', lambda: opened(uri, ro=True))
    # ---- auth.conf ----
    # (libvirt reads auth.conf only where it has a callback to fall back on:
    # without one, SASL finds no mechanism)
    guarded(name + ' LIBVIRT_AUTH_FILE', lambda: with_auth_file(AUTH_FILE, lambda: asked(uri)))
    guarded(name + ' LIBVIRT_AUTH_FILE no callback',
            lambda: with_auth_file(AUTH_FILE, lambda: opened(uri)))
    guarded(name + ' authfile=', lambda: asked(with_param(uri, 'authfile=' + AUTH_FILE)))
    guarded(name + ' auth.conf wrong password',
            lambda: with_auth_file(WRONG_CONF, lambda: asked(uri)))
    guarded(name + ' auth.conf name + callback',
            lambda: with_auth_file(NAME_ONLY_CONF, lambda: asked(uri)))
    guarded(name + ' auth.conf other host',
            lambda: with_auth_file(OTHER_HOST_CONF, lambda: asked(uri)))
    guarded(name + ' auth.conf default group',
            lambda: with_auth_file(DEFAULT_CONF, lambda: asked(uri)))
    guarded(name + ' auth.conf broken',
            lambda: with_auth_file(BROKEN_CONF, lambda: asked(uri)))
    guarded(name + ' auth.conf missing',
            lambda: with_auth_file(WORK + '/none.conf', lambda: asked(uri)))
    guarded(name + ' XDG auth.conf', lambda: xdg_auth_conf(uri))
    # ---- the default callback on a terminal ----
    guarded(name + ' terminal', lambda: terminal(uri, [USER, PASSWORD]))
    guarded(name + ' terminal wrong password', lambda: terminal(uri, [USER, 'wrong']))
    guarded(name + ' terminal empty answers', lambda: terminal(uri, ['', '']))
    # ---- the connection cut ----
    guarded(name + ' cut mid-session', lambda: cut_mid_session(
        lambda p: uri.replace(uri.split('/')[2], '127.0.0.1:%d' % p), int(uri.split('/')[2].split(':')[1])))


text = '\n'.join(out)
for value, name in ((os.environ['VIRTKIT_PKI_DIR'], '$PKI'), (TCP, '$TCP'), (TLS, '$TLS'),
                    (AUTH_FILE, '$AUTH_FILE'), (WORK, '$WORK')):
    text = text.replace(value, name)
print(text)
cleanup()
