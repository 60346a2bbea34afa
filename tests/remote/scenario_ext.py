# SPDX-License-Identifier: LGPL-2.1-or-later
"""The ext transport (`+ext`, command=PROGRAM: the RPC stream through a
program's stdin and stdout, no arguments): a transcript printed the same
way by Debian's libvirt client and by virtkit (compare.py). The program is
a script running tests/remote/nc_unix.py to the daemon's socket."""
import os
import stat
import tempfile

import libvirt

from transcript import out, show

libvirt.registerErrorHandler(lambda *_: None, None)
SOCK = os.environ['VIRTKIT_REMOTE_SOCKET']
HERE = os.path.dirname(os.path.abspath(__file__))

work = tempfile.mkdtemp(prefix='vk-ext-')
proxy = os.path.join(work, 'proxy.sh')
with open(proxy, 'w') as f:
    f.write('#!/bin/sh\nexec /usr/bin/python3 %s -U %s\n' % (os.path.join(HERE, 'nc_unix.py'), SOCK))
os.chmod(proxy, stat.S_IRWXU)
failing = os.path.join(work, 'fails.sh')
with open(failing, 'w') as f:
    # It reads the start of the first packet first: the client's write has
    # happened (an exit before it would make the error a race).
    f.write('#!/bin/sh\nhead -c 4 >/dev/null\necho "no way through" >&2\nexit 3\n')
os.chmod(failing, stat.S_IRWXU)


def session(uri):
    c = libvirt.open(uri)
    try:
        return (c.getURI().replace(work, '$WORK'), c.isSecure(), c.isEncrypted(), c.lookupByName('test').name(),
                c.listDefinedDomains())
    finally:
        c.close()


show('command', lambda: session('test+ext:///default?command=' + proxy))
show('no command', lambda: session('test+ext:///default'))
show('empty command', lambda: session('test+ext:///default?command='))
show('program not in PATH', lambda: session('test+ext:///default?command=no-such-program-x'))
show('program fails', lambda: session('test+ext:///default?command=' + failing))
for name in ('proxy.sh', 'fails.sh'):
    os.unlink(os.path.join(work, name))
os.rmdir(work)
print('\n'.join(out))
