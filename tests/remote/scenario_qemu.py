# SPDX-License-Identifier: LGPL-2.1-or-later
"""libvirt-qemu and libvirt-lxc through the daemon (its QEMU and LXC
programs): a transcript printed the same way by Debian's libraries and by
virtkit's (compare.py). The daemon's test driver has none of these calls, so
its answers are its errors; the client's own checks come first."""
import os

import libvirt
import libvirt_lxc
import libvirt_qemu

from transcript import out, show

libvirt.registerErrorHandler(lambda *_: None, None)
URI = os.environ['VIRTKIT_REMOTE_URI']


def nfds():
    return len(os.listdir('/proc/self/fd'))


def on_event(*_):
    pass


for ro in (False, True):
    conn = libvirt.openReadOnly(URI) if ro else libvirt.open(URI)
    dom = conn.lookupByName('test')
    before = nfds()
    r, w = os.pipe()
    tag = 'ro ' if ro else ''
    show(tag + 'monitorCommand', lambda: libvirt_qemu.qemuMonitorCommand(dom, 'info', 0))
    show(tag + 'monitorCommand hmp', lambda: libvirt_qemu.qemuMonitorCommand(dom, 'info', 1))
    show(tag + 'withFiles', lambda: libvirt_qemu.qemuMonitorCommandWithFiles(dom, 'x', [r, w]))
    show(tag + 'withFiles none', lambda: libvirt_qemu.qemuMonitorCommandWithFiles(dom, 'x'))
    show(tag + 'agentCommand', lambda: libvirt_qemu.qemuAgentCommand(dom, '{}', -1, 0))
    show(tag + 'attach', lambda: libvirt_qemu.qemuAttach(conn, 1, 0))
    show(tag + 'attach 0', lambda: libvirt_qemu.qemuAttach(conn, 0, 0))
    show(tag + 'attach too large', lambda: libvirt_qemu.qemuAttach(conn, 2 ** 31, 0))
    show(tag + 'event register', lambda: libvirt_qemu.qemuMonitorEventRegister(
        conn, None, None, on_event, None, 0))
    show(tag + 'event register dom', lambda: libvirt_qemu.qemuMonitorEventRegister(
        conn, dom, 'SHUTDOWN', on_event, None, 3))
    show(tag + 'event deregister', lambda: libvirt_qemu.qemuMonitorEventDeregister(conn, 0))
    show(tag + 'event deregister -1', lambda: libvirt_qemu.qemuMonitorEventDeregister(conn, -1))
    show(tag + 'openNamespace', lambda: libvirt_lxc.lxcOpenNamespace(dom, 0))
    show(tag + 'enterCGroup flags', lambda: libvirt_lxc.lxcEnterCGroup(dom, 1))
    show(tag + 'alive', conn.isAlive)
    for f in (r, w):
        os.close(f)
    show(tag + 'no descriptor left', lambda: nfds() == before)
    conn.close()

# With an event loop the registrations reach the daemon.
libvirt.virEventRegisterDefaultImpl()
conn = libvirt.open(URI)
dom = conn.lookupByName('test')
show('loop event register', lambda: libvirt_qemu.qemuMonitorEventRegister(
    conn, None, None, on_event, None, 0))
show('loop event register dom', lambda: libvirt_qemu.qemuMonitorEventRegister(
    conn, dom, 'SHUTDOWN', on_event, None, 3))
show('loop event register flags', lambda: libvirt_qemu.qemuMonitorEventRegister(
    conn, dom, 'x', on_event, None, 4))
show('loop event deregister', lambda: libvirt_qemu.qemuMonitorEventDeregister(conn, 0))
show('loop alive', conn.isAlive)
conn.close()
print('\n'.join(out))
