# SPDX-License-Identifier: LGPL-2.1-or-later
"""Authentication at open (AUTH_LIST first, then what it lists or what the
URI's auth= asks for): a transcript printed the same way by Debian's libvirt
client and by virtkit (compare.py). The daemon requires nothing of this
client (its list is "none"), so every auth= value is refused or unknown."""
import os

import libvirt

from transcript import out, show

libvirt.registerErrorHandler(lambda *_: None, None)
URI = os.environ['VIRTKIT_REMOTE_URI']


def opened(uri, ro=False):
    c = libvirt.openReadOnly(uri) if ro else libvirt.open(uri)
    try:
        return c.getHostname() != ''
    finally:
        c.close()


show('no auth=', lambda: opened(URI))
show('no auth= read-only', lambda: opened(URI, True))
for value in ('polkit', 'POLKIT', 'sasl', 'sasl.DIGEST-MD5', 'none', 'foo', ''):
    show('auth=' + value, lambda: opened(URI + '&auth=' + value))
show('auth=polkit read-only', lambda: opened(URI + '&auth=polkit', True))
show('two auth=, last wins', lambda: opened(URI + '&auth=polkit&auth=foo'))
print('\n'.join(out))
