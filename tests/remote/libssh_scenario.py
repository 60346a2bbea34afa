# SPDX-License-Identifier: LGPL-2.1-or-later
"""The libssh transport (inside tests/remote/sshd.py and daemon.py): host key
verification (normal, auto, ignore; unknown, accepted, refused, changed),
the authentication methods of sshauth with credentials asked through the
application's callback (key passphrases included), bad parameters and the
failures users meet: a transcript printed the same way by Debian's libvirt
client and by virtkit (compare.py). Host key hashes and ports, which differ
from run to run, are masked."""
import getpass
import os
import re
import shutil
import subprocess
import threading

import libvirt

from procs import sshd_sessions
from transcript import killed_mid_session, out, show

libvirt.registerErrorHandler(lambda *_: None, None)
# An event loop, as virsh: the connection's end reaches the close callback.
libvirt.virEventRegisterDefaultImpl()
threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                 daemon=True).start()
D = os.environ['VIRTKIT_SSH_DIR']
HOST = os.environ['VIRTKIT_SSH_HOST']
SOCK = os.environ['VIRTKIT_REMOTE_SOCKET']
USER = getpass.getuser()
BASE = 'test+libssh://%s@%s/default?socket=%s&netcat=%s/nc' % (USER, HOST, SOCK, D)
KEY = '&keyfile=%s/client_key' % D
KNOWN = '&known_hosts=%s/known_hosts' % D

# A key with a passphrase, admitted too.
PASS_KEY = os.path.join(D, 'pass_key')
if not os.path.exists(PASS_KEY):
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', 'sesame', '-f', PASS_KEY],
                   check=True)
    with open(os.path.join(D, 'authorized_keys'), 'a') as f:
        f.write(open(PASS_KEY + '.pub').read())
# The same key without its .pub: the public key comes from the private one.
LONE_KEY = os.path.join(D, 'lone_key')
shutil.copy(PASS_KEY, LONE_KEY)
os.chmod(LONE_KEY, 0o600)
# A known_hosts naming another key for this host.
host_port = HOST.split(':')
with open(os.path.join(D, 'changed_hosts'), 'w') as f:
    f.write('[%s]:%s %s\n' % (host_port[0], host_port[1],
                              ' '.join(open(os.path.join(D, 'other_key.pub')).read().split()[:2])))

asked = []


def answering(*answers, types=(libvirt.VIR_CRED_ECHOPROMPT, libvirt.VIR_CRED_PASSPHRASE),
              fail=False):
    queue = list(answers)

    def cb(creds, _):
        for c in creds:
            asked.append('asked type=%d prompt=%r challenge=%r' % (c[0], c[1], c[2]))
            c[4] = queue.pop(0) if queue else ''
        return -1 if fail else 0
    return [list(types), cb, None]


def domains(uri, auth=None, ro=False):
    if auth is None:
        c = libvirt.openReadOnly(uri) if ro else libvirt.open(uri)
    else:
        c = libvirt.openAuth(uri, auth, libvirt.VIR_CONNECT_RO if ro else 0)
    try:
        return sorted(d.name() for d in c.listAllDomains())
    finally:
        c.close()


def case(label, uri, auth=None, ro=False):
    del asked[:]
    show(label, lambda: domains(uri, auth, ro))
    out.extend('  ' + a for a in asked)


def fresh(name):
    path = os.path.join(D, name)
    if os.path.exists(path):
        os.unlink(path)
    return '&known_hosts=' + path


def lines(name):
    path = os.path.join(D, name)
    return len(open(path).read().splitlines()) if os.path.exists(path) else None


case('key, known host', BASE + KEY + KNOWN)
case('read-only', BASE + KEY + KNOWN, ro=True)
case('other key', BASE + '&keyfile=%s/other_key' % D + KNOWN)
case('missing key', BASE + '&keyfile=%s/no_such_key' % D + KNOWN)
case('passphrase', BASE + '&keyfile=' + PASS_KEY + KNOWN, answering('sesame'))
case('wrong passphrase', BASE + '&keyfile=' + PASS_KEY + KNOWN, answering('nope'))
case('passphrase no callback', BASE + '&keyfile=' + PASS_KEY + KNOWN)
case('passphrase callback fails', BASE + '&keyfile=' + PASS_KEY + KNOWN,
     answering('sesame', fail=True))
case('passphrase echo only', BASE + '&keyfile=' + PASS_KEY + KNOWN,
     answering('sesame', types=(libvirt.VIR_CRED_ECHOPROMPT,)))
case('key without .pub', BASE + '&keyfile=' + LONE_KEY + KNOWN, answering('sesame'))
case('unknown host, no callback', BASE + KEY + fresh('kh1'))
case('unknown host, refused', BASE + KEY + fresh('kh2'), answering('n'))
out.append('  kh2 lines: %r' % lines('kh2'))
case('unknown host, accepted', BASE + KEY + fresh('kh3'), answering('Y'))
out.append('  kh3 lines: %r' % lines('kh3'))
case('then known', BASE + KEY + '&known_hosts=%s/kh3' % D)
case('unknown host, no echo cb', BASE + KEY + fresh('kh4'),
     answering('y', types=(libvirt.VIR_CRED_PASSPHRASE,)))
case('auto', BASE + KEY + fresh('kh5') + '&known_hosts_verify=auto')
out.append('  kh5 lines: %r' % lines('kh5'))
case('AUTO', BASE + KEY + fresh('kh6') + '&known_hosts_verify=AUTO')
case('ignore', BASE + KEY + fresh('kh7') + '&known_hosts_verify=ignore')
out.append('  kh7 lines: %r' % lines('kh7'))
case('changed host key', BASE + KEY + '&known_hosts=%s/changed_hosts' % D)
case('changed, ignore', BASE + KEY + '&known_hosts=%s/changed_hosts' % D +
     '&known_hosts_verify=ignore')
case('bad verify', BASE + KEY + KNOWN + '&known_hosts_verify=bogus')
case('bad sshauth', BASE + KEY + KNOWN + '&sshauth=privkey,bogus')
case('sshauth empty', BASE + KEY + KNOWN + '&sshauth=')
case('sshauth privkey', BASE + KEY + KNOWN + '&sshauth=PRIVKEY')
case('sshauth password', BASE + KEY + KNOWN + '&sshauth=password', answering('pw'))
case('sshauth password no cb', BASE + KEY + KNOWN + '&sshauth=password')
case('sshauth kbd', BASE + KEY + KNOWN + '&sshauth=keyboard-interactive', answering('pw'))
case('sshauth agent', BASE + KEY + KNOWN + '&sshauth=agent')
case('sshauth password,kbd', BASE + KEY + KNOWN + '&sshauth=password,keyboard-interactive',
     answering('pw'))
case('wrong user', BASE.replace(USER + '@', 'nosuchuser@') + KEY + KNOWN)
case('closed port', 'test+libssh://%s@127.0.0.1:1/default?socket=/s' % USER + KEY + KNOWN)
case('no daemon socket', BASE.replace(SOCK, '/no/such/sock') + KEY + KNOWN)
case('netcat missing', BASE.replace(D + '/nc', '/no/such/nc') + KEY + KNOWN)
case('daemon error', BASE + KEY + KNOWN)
show('daemon error lookup', lambda: libvirt.open(BASE + KEY + KNOWN).lookupByName('nope'))



show('sshd session killed', lambda: killed_mid_session(BASE + KEY + KNOWN,
                                                    lambda: sshd_sessions(D)))
text = '\n'.join(out).replace(D, '$D').replace(SOCK, '$SOCK').replace(HOST, '$HOST')
text = re.sub(r'([0-9a-f]{2}:){31}[0-9a-f]{2}', 'HASH', text)
# libvirt reads the remote command's exit status without waiting for it: -1
# when it is not there yet (virtkit waits: ssh_checks has the real codes).
text = re.sub(r'non-zero code: -?[0-9]+', 'non-zero code: N', text)
text = text.replace(':' + host_port[1], ':PORT')
print(text)
