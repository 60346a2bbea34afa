# SPDX-License-Identifier: LGPL-2.1-or-later
"""The ssh transport (inside tests/remote/sshd.py and daemon.py): the ssh
command line for each URI (a fake ssh records it), the connection through a
real sshd, and the failures users meet (rejected key, unknown host key,
closed port, no socket, bad parameters, ssh killed): a transcript printed
the same way by Debian's libvirt client and by virtkit (compare.py)."""
import os

import threading

import libvirt

from procs import children_of
from transcript import killed_mid_session, out, show

libvirt.registerErrorHandler(lambda *_: None, None)
# An application with an event loop, as virsh: the connection's end is
# noticed as it happens, and reported to the close callback.
libvirt.virEventRegisterDefaultImpl()


def loop():
    while True:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=loop, daemon=True).start()
D = os.environ['VIRTKIT_SSH_DIR']
HOST = os.environ['VIRTKIT_SSH_HOST']
SOCK = os.environ['VIRTKIT_REMOTE_SOCKET']
URI = 'test+ssh://%s/default?socket=%s&netcat=%s/nc' % (HOST, SOCK, D)

# A fake ssh: records its arguments and environment names, says something
# on stderr, and exits.
FAKE = os.path.join(D, 'fakessh')
with open(FAKE, 'w') as f:
    f.write('#!/bin/sh\n: > %s/argv\nfor a in "$@"; do printf "%%s\\n" "$a" >> %s/argv; done\n'
            'env | cut -d= -f1 | grep -v LD_LIBRARY_PATH | sort | tr "\\n" " " > %s/env\n'
            'echo "fake ssh: no" >&2\nexit 255\n' % (D, D, D))
os.chmod(FAKE, 0o755)


def argv_of(uri, ro=False):
    for name in ('argv', 'env'):
        try:
            os.unlink(os.path.join(D, name))
        except FileNotFoundError:
            pass
    try:
        c = libvirt.openReadOnly(uri) if ro else libvirt.open(uri)
        c.close()
        return 'opened?'
    except libvirt.libvirtError as e:
        msg = e.get_error_message()
    if not os.path.exists(os.path.join(D, 'argv')):
        return 'not run: ' + msg
    return (open(os.path.join(D, 'argv')).read().splitlines(),
            open(os.path.join(D, 'env')).read())


# ---- the command line ----
fake = 'command=' + FAKE
for label, uri in [
        ('qemu system', 'qemu+ssh://user@host:2222/system?' + fake),
        ('keyfile no_verify no_tty', 'qemu+ssh://user@host:2222/system?keyfile=/k&no_verify=1&no_tty=1&' + fake),
        ('socket', 'qemu+ssh://host/system?socket=/s&' + fake),
        ('netcat', 'qemu+ssh://host/system?netcat=/bin/nc&' + fake),
        ('proxy native', 'qemu+ssh://host/system?proxy=native&' + fake),
        ('proxy netcat', 'qemu+ssh://host/system?proxy=netcat&' + fake),
        ('proxy auto netcat', 'qemu+ssh://host/system?proxy=auto&netcat=/n&' + fake),
        ('mode legacy', 'qemu+ssh://host/system?mode=legacy&' + fake),
        ('names any case', 'qemu+ssh://host/system?MODE=legacy&Proxy=netcat&' + fake),
        ('test driver', 'test+ssh://host/default?' + fake),
        ('session', 'qemu+ssh://host/session?' + fake),
        ('passed parameter', 'qemu+ssh://host/system?foo=b%20r+x&' + fake),
        ('remote driver', 'remote+ssh://host/?' + fake),
        ('no host', 'qemu+ssh:///system?' + fake),
        ('ipv6 host', 'qemu+ssh://[::1]/system?' + fake),
        ('user escaped', 'qemu+ssh://us%20er@host/system?' + fake),
        ('name', 'qemu+ssh://host/system?name=xen:///foo&' + fake),
        ('empty netcat', 'qemu+ssh://host/system?netcat=&' + fake),
        ('empty keyfile', 'qemu+ssh://host/system?keyfile=&' + fake),
        ('no_tty -1', 'qemu+ssh://host/system?no_tty=-1&' + fake),
        ('host like option', 'qemu+ssh://-oProxyCommand=x/system?' + fake),
        ('quote in name', "qemu+ssh://host/system?name=a'b&" + fake),
        ('fragment', 'qemu+ssh://host/system?' + fake + '#fr%20ag')]:
    show(label, lambda: argv_of(uri))
show('read-only', lambda: argv_of('qemu+ssh://host/system?' + fake, True))
show('read-only native', lambda: argv_of('qemu+ssh://host/system?proxy=native&' + fake, True))
show('read-only socket', lambda: argv_of('qemu+ssh://host/system?socket=/s&' + fake, True))

# ---- parameters refused before ssh runs ----
for label, q in [('mode bogus', 'mode=bogus'), ('mode upper', 'mode=LEGACY'),
                 ('proxy bogus', 'proxy=bogus'), ('no_tty x', 'no_tty=x'),
                 ('no_verify empty', 'no_verify='), ('native netcat', 'proxy=native&netcat=/n'),
                 ('mode direct', 'mode=direct'), ('direct with socket', 'mode=direct&socket=/s&' + fake),
                 ('command missing', 'command=no-such-ssh')]:
    show(label, lambda: argv_of('qemu+ssh://host/system?' + q))


def failed_exec():
    # libvirt's error depends on which it notices first: its write (broken
    # pipe), its read (end of file, the child's stderr in the message), both
    # VIR_ERR_SYSTEM_ERROR, or the poll's hangup (VIR_ERR_INTERNAL_ERROR).
    # Any of them, from the RPC domain, is libvirt's behaviour.
    try:
        libvirt.open('qemu+ssh://host/system?command=/no/such/ssh')
    except libvirt.libvirtError as e:
        code, dom = e.get_error_code(), e.get_error_domain()
        if dom == libvirt.VIR_FROM_RPC and code in (libvirt.VIR_ERR_SYSTEM_ERROR,
                                                    libvirt.VIR_ERR_INTERNAL_ERROR):
            return 'rpc failure'
        return code, dom


show('command bad path', failed_exec)


# ---- a real sshd ----
def session(uri, ro=False):
    c = libvirt.openReadOnly(uri) if ro else libvirt.open(uri)
    try:
        return (c.getURI() == uri, sorted(d.name() for d in c.listAllDomains()),
                c.getHostname() != '')
    finally:
        c.close()


show('open', lambda: session(URI))
show('open read-only', lambda: session(URI, True))
show('daemon error', lambda: libvirt.open(URI).lookupByName('nope'))
show('read-only refuses', lambda: libvirt.openReadOnly(URI).lookupByName('test').destroy())
show('keyfile', lambda: session(URI + '&command=%s/bin/ssh-nokey&keyfile=%s/client_key' % (D, D)))
show('key rejected', lambda: session(URI + '&command=%s/bin/ssh-nokey&keyfile=%s/other_key' % (D, D)))
show('unknown host key', lambda: session(URI + '&command=%s/bin/ssh-unknown-host' % D))
show('closed port', lambda: session('test+ssh://127.0.0.1:1/default?socket=%s' % SOCK))
show('no such socket', lambda: session(URI.replace(SOCK, '/nonexistent')))


show('ssh killed', lambda: killed_mid_session(
    URI, lambda: [pid for pid, comm in children_of(os.getpid()) if comm == 'ssh']))
print('\n'.join(out).replace(D, '$D').replace(SOCK, '$SOCK').replace(HOST, '$HOST'))
