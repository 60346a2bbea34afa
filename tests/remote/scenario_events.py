# SPDX-License-Identifier: LGPL-2.1-or-later
"""Events through the daemon, printed the same way by whichever libvirt library
python3-libvirt loads (compare.py runs it with Debian's and with virtkit's):
every event kind the test driver raises, per-object filtering, callbacks
sharing one daemon-side registration, registration errors, the server-side
close callback. It leaves the daemon's state as it found it."""
import os
import subprocess
import threading
import time

import libvirt

from transcript import out, show

libvirt.registerErrorHandler(lambda *_: None, None)
URI = os.environ['VIRTKIT_REMOTE_URI']


libvirt.virEventRegisterDefaultImpl()


def loop():
    while True:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=loop, daemon=True).start()
got = []


def wait_for(n, timeout=5):
    deadline = time.time() + timeout
    while len(got) < n and time.time() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)  # anything more that would (wrongly) arrive


def take(label):
    wait_for(expected[0])
    show(label, lambda: sorted(got))
    del got[:]


expected = [0]


def expect(n):
    expected[0] = n


def other(code):
    """Runs `code` with Debian's client (another connection, `c`): events
    one client causes reach the others."""
    env = dict(os.environ)
    env.pop('LD_LIBRARY_PATH', None)
    prelude = ('import libvirt, os\nlibvirt.registerErrorHandler(lambda *_: None, None)\n'
               'c = libvirt.open(os.environ["VIRTKIT_REMOTE_URI"])\n')
    subprocess.run(['/usr/bin/python3', '-c', prelude + code], env=env, check=True, timeout=60)
    return 'done'


c = libvirt.open(URI)
d = c.lookupByName('test')

# ---- domains: lifecycle (any domain, one domain, legacy) and metadata ----
ids = {}


def reg(label, fn):
    def run():
        ids[label] = fn()
        return ids[label]
    show('reg-' + label, run)


reg('dom-any', lambda: c.domainEventRegisterAny(
    None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
    lambda conn, dom, ev, det, op: got.append(('any', dom.name(), dom.ID(), ev, det)), None))
reg('dom-one', lambda: c.domainEventRegisterAny(
    d, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
    lambda conn, dom, ev, det, op: got.append(('one', dom.name(), ev, det)), None))
# the binding's C callback is one per event id: same object, same callback
reg('dom-one-dup', lambda: c.domainEventRegisterAny(
    d, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
    lambda conn, dom, ev, det, op: got.append(('one-2', dom.name(), ev, det)), None))
reg('meta', lambda: c.domainEventRegisterAny(
    None, libvirt.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
    lambda conn, dom, typ, ns, op: got.append(('meta', dom.name(), typ, ns)), None))
reg('reboot', lambda: c.domainEventRegisterAny(
    None, libvirt.VIR_DOMAIN_EVENT_ID_REBOOT, lambda conn, dom, op: got.append(('reboot',)), None))
show('ids', lambda: sorted(ids.values()))
NEW = """<domain type='test'><name>ev-new</name><uuid>2b3a4b6c-7d8e-4f90-a1b2-c3d4e5f60718</uuid>
<memory>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"""
show('dom-ops', lambda: (d.suspend(), d.resume()))
expect(4)
take('dom-events')
show('new-define', lambda: c.defineXML(NEW).name())
n = c.lookupByName('ev-new')
show('new-start-stop', lambda: (n.create(), n.destroy(), n.undefine()))
expect(4)
take('new-events')
show('metadata-ops', lambda: other('''
d = c.lookupByName("test")
d.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, '<x xmlns="http://e.org/">1</x>', "e",
              "http://e.org/", 0)
d.setMetadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, "hi", None, None, 0)
d.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, None, None, "http://e.org/", 0)
d.setMetadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, None, None, None, 0)
'''))
expect(4)
take('meta-events')

# one of the two sharing callbacks goes; the other still receives
show('dereg-one', lambda: c.domainEventDeregisterAny(ids.pop('dom-one')))
show('dereg-one-again', lambda: c.domainEventDeregisterAny(10000))
show('dereg-negative', lambda: c.domainEventDeregisterAny(-1))
show('dom-ops-2', lambda: (d.suspend(), d.resume()))
expect(2)
take('dom-events-2')

# legacy callbacks, sharing the lifecycle registration with RegisterAny ones
legacy_cb = lambda conn, dom, ev, det, op: got.append(('legacy', dom.name(), ev, det))
show('legacy-register', lambda: c.domainEventRegister(legacy_cb, None))
show('legacy-register-dup', lambda: c.domainEventRegister(legacy_cb, None))
show('dom-ops-3', lambda: (d.suspend(), d.resume()))
expect(4)
take('dom-events-3')
show('legacy-deregister', lambda: c.domainEventDeregister(legacy_cb))
show('legacy-deregister-again', lambda: c.domainEventDeregister(legacy_cb))
for k in sorted(ids):
    show('dereg-' + k, lambda: c.domainEventDeregisterAny(ids[k]))
show('dom-ops-none', lambda: (d.suspend(), d.resume()))
expect(0)
take('no-events')

# ---- networks ----
nids = [c.networkEventRegisterAny(
    None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE,
    lambda conn, n, ev, det, op: got.append(('net', n.name(), n.UUIDString(), ev, det)), None)]
show('net-ops', lambda: other('n = c.networkLookupByName("default"); n.destroy(); n.create()'))
expect(2)
take('net-events')
show('net-dereg', lambda: [c.networkEventDeregisterAny(i) for i in nids])
show('net-dereg-again', lambda: c.networkEventDeregisterAny(nids[0]))

# ---- storage pools: lifecycle and refresh ----
pids = [c.storagePoolEventRegisterAny(
            None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
            lambda conn, p, ev, det, op: got.append(('pool', p.name(), ev, det)), None),
        c.storagePoolEventRegisterAny(
            None, libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH,
            lambda conn, p, op: got.append(('refresh', p.name(), p.UUIDString())), None)]
show('pool-ops', lambda: other('p = c.storagePoolLookupByName("default-pool"); '
                               'p.destroy(); p.create(); p.refresh()'))
expect(3)
take('pool-events')
show('pool-dereg', lambda: [c.storagePoolEventDeregisterAny(i) for i in pids])

# ---- node devices ----
VHBA = ("<device><parent>scsi_host1</parent><capability type='scsi_host'>"
        "<capability type='fc_host'><wwnn>2001001b32a9da4e</wwnn>"
        "<wwpn>2101001b32a9da4e</wwpn></capability></capability></device>")
dids = [c.nodeDeviceEventRegisterAny(
            None, libvirt.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
            lambda conn, dv, ev, det, op: got.append(('dev', dv.name(), ev, det)), None),
        c.nodeDeviceEventRegisterAny(
            None, libvirt.VIR_NODE_DEVICE_EVENT_ID_UPDATE,
            lambda conn, dv, op: got.append(('dev-update', dv.name())), None)]
show('dev-ops', lambda: other('c.nodeDeviceCreateXML("%s", 0).destroy()' % VHBA))
expect(2)
take('dev-events')
show('dev-dereg', lambda: [c.nodeDeviceEventDeregisterAny(i) for i in dids])

# ---- secrets: no secret driver behind this daemon ----
show('secret-register', lambda: c.secretEventRegisterAny(
    None, libvirt.VIR_SECRET_EVENT_ID_LIFECYCLE, lambda *a: None, None))

# ---- registration errors ----
show('net-dereg-unknown', lambda: c.networkEventDeregisterAny(4242))
show('pool-dereg-unknown', lambda: c.storagePoolEventDeregisterAny(4242))
show('dev-dereg-unknown', lambda: c.nodeDeviceEventDeregisterAny(4242))
show('secret-dereg-unknown', lambda: c.secretEventDeregisterAny(4242))

# ---- the close callback, registered with the daemon too ----
show('close-register', lambda: c.registerCloseCallback(lambda *a: None, None))
show('close-register-dup', lambda: c.registerCloseCallback(lambda *a: None, None))
show('close-unregister', lambda: c.unregisterCloseCallback())
show('close', c.close)
for line in out:
    print(line)
