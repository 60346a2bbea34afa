# SPDX-License-Identifier: LGPL-2.1-or-later
"""Descriptors passed to the daemon (SCM_RIGHTS): a transcript printed the same
way by Debian's libvirt client and by virtkit (compare.py). The daemon's test
driver starts domains with files and lacks the graphics and descriptor
association calls. It leaves the daemon's state as it found it (the domain
"test" running, with another id)."""
import os
import socket

import libvirt

from transcript import out, show

libvirt.registerErrorHandler(lambda *_: None, None)
URI = os.environ['VIRTKIT_REMOTE_URI']


def nfds():
    return len(os.listdir('/proc/self/fd'))


XML = """<domain type='test'><name>fds-new</name><memory>8192</memory>
<os><type>hvm</type></os></domain>"""

conn = libvirt.open(URI)
dom = conn.lookupByName('test')
before = nfds()
r, w = os.pipe()
a, b = socket.socketpair()
show('destroy', dom.destroy)
show('createWithFiles', lambda: dom.createWithFiles([r, w, a.fileno()]))
show('isActive', dom.isActive)
show('id positive', lambda: dom.ID() > 0)
show('createWithFiles running', lambda: dom.createWithFiles([r]))
show('createWithFiles bad fd', lambda: dom.createWithFiles([r, 9999]))
show('openGraphics', lambda: dom.openGraphics(0, a.fileno(), 0))
show('openGraphicsFD', lambda: dom.openGraphicsFD(0, 0))
show('FDAssociate', lambda: dom.FDAssociate('set', [r, w], 0))
show('FDAssociate too many', lambda: dom.FDAssociate('set', [r] * 33, 0))
show('createXMLWithFiles', lambda: conn.createXMLWithFiles(XML, [w, b.fileno()], 0).name())
show('destroy new', lambda: conn.lookupByName('fds-new').destroy())
show('createXMLWithFiles bad', lambda: conn.createXMLWithFiles('<domain/>', [w], 0))
show('pipe usable', lambda: (os.write(w, b'x'), os.read(r, 1)))
show('pair usable', lambda: (a.send(b'y'), b.recv(1)))
show('alive', conn.isAlive)
for f in (r, w):
    os.close(f)
a.close()
b.close()
show('no descriptor left', lambda: nfds() == before)
conn.close()
print('\n'.join(out))
