# SPDX-License-Identifier: LGPL-2.1-or-later
"""A transcript of remote calls and their errors, printed the same way by
whichever libvirt library python3-libvirt loads (Debian's or virtkit's via
LD_LIBRARY_PATH): compare.py runs it with both against one daemon. It leaves
the daemon's state as it found it."""
import hashlib
import threading
import time
import os
import sys

import libvirt

from transcript import out, show

libvirt.registerErrorHandler(lambda *_: None, None)
URI = os.environ['VIRTKIT_REMOTE_URI']


def digest(s):
    return hashlib.sha256(s.encode()).hexdigest()[:16]


NEW = """<domain type='test'><name>remote-new</name><uuid>1b3a4b6c-7d8e-4f90-a1b2-c3d4e5f60718</uuid>
<memory>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"""

libvirt.virEventRegisterDefaultImpl()


def loop():
    while True:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=loop, daemon=True).start()
c = libvirt.open(URI)
show('type', c.getType)
show('version', c.getVersion)
show('hostname', c.getHostname)
show('uri', lambda: c.getURI().split('?')[0])
show('node-info', c.getInfo)
show('caps', lambda: digest(c.getCapabilities()))
show('alive', c.isAlive)
show('secure', c.isSecure)
show('encrypted', c.isEncrypted)
show('num-domains', c.numOfDomains)
show('num-defined', c.numOfDefinedDomains)
show('list-ids', c.listDomainsID)
show('list-defined', c.listDefinedDomains)
for flags in (0, libvirt.VIR_CONNECT_LIST_DOMAINS_ACTIVE, libvirt.VIR_CONNECT_LIST_DOMAINS_INACTIVE,
              libvirt.VIR_CONNECT_LIST_DOMAINS_PERSISTENT, 1 << 30):
    show('list-all-%x' % flags, lambda: sorted(d.name() for d in c.listAllDomains(flags)))
show('lookup-name', lambda: c.lookupByName('test').UUIDString())
show('lookup-name-missing', lambda: c.lookupByName('nosuch'))
show('lookup-id', lambda: c.lookupByID(1).name())
show('lookup-id-missing', lambda: c.lookupByID(4242))
show('lookup-uuid', lambda: c.lookupByUUIDString('6695eb01-f6a4-8304-79aa-97f2502e193f').name())
show('lookup-uuid-missing', lambda: c.lookupByUUIDString('00000000-0000-0000-0000-000000000001'))
d = c.lookupByName('test')
show('info', lambda: d.info()[:4])
show('state', d.state)
show('state-bad-flags', lambda: d.state(1))
show('xml', lambda: digest(d.XMLDesc()))
show('xml-inactive', lambda: digest(d.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)))
show('xml-bad-flags', lambda: d.XMLDesc(1 << 20))
show('max-memory', d.maxMemory)
show('os-type', d.OSType)
show('create-running', d.create)
show('resume-running', d.resume)
show('suspend', d.suspend)
show('suspend-paused', d.suspend)
show('state-paused', d.state)
show('resume', d.resume)
show('destroy', d.destroy)
show('id-after-destroy', d.ID)
show('destroy-again', d.destroy)
show('suspend-shutoff', d.suspend)
show('create', d.create)
show('id-after-create', d.ID)
show('is-active', d.isActive)
show('is-persistent', d.isPersistent)
show('is-updated', d.isUpdated)
show('autostart', d.autostart)
show('set-autostart', lambda: d.setAutostart(1))
show('autostart-after', d.autostart)
show('unset-autostart', lambda: d.setAutostart(0))
show('max-vcpus', d.maxVcpus)
show('vcpus-flags', lambda: d.vcpusFlags(0))
show('vcpus-flags-max', lambda: d.vcpusFlags(libvirt.VIR_DOMAIN_VCPU_MAXIMUM | libvirt.VIR_DOMAIN_AFFECT_CONFIG))
show('set-vcpus-too-many', lambda: d.setVcpus(99))
show('set-memory-too-big', lambda: d.setMemory(1 << 40))
show('set-memory', lambda: d.setMemory(2097152))
show('set-max-memory-running', lambda: d.setMaxMemory(8388608))
show('set-memory-flags-bad', lambda: d.setMemoryFlags(1024, 1 << 20))
show('hostname', lambda: d.hostname())
show('scheduler-type', d.schedulerType)
show('conn-max-vcpus', lambda: c.getMaxVcpus('test'))
show('conn-max-vcpus-none', lambda: c.getMaxVcpus(None))
show('sysinfo', lambda: c.getSysinfo(0))
show('free-memory', c.getFreeMemory)
show('cells-free', lambda: c.getCellsFreeMemory(0, 2))
show('cells-free-many', lambda: c.getCellsFreeMemory(0, 2000))
show('managed-save-image', lambda: d.hasManagedSaveImage(0))
show('reset', lambda: d.reset(0))
show('shutdown-flags-bad', lambda: d.shutdownFlags(1 << 20))
show('define-malformed', lambda: c.defineXML('<domain'))
show('define-no-name', lambda: c.defineXML("<domain type='test'><memory>1</memory></domain>"))
show('define', lambda: c.defineXML(NEW).name())
n = c.lookupByName('remote-new')
show('new-state', n.state)
show('new-xml', lambda: digest(n.XMLDesc()))
show('new-create-flags', lambda: n.createWithFlags(0))
show('new-id', n.ID)
show('new-undefine-running', n.undefine)
show('new-destroy', n.destroy)
show('new-undefine', n.undefine)
show('new-lookup-gone', lambda: c.lookupByName('remote-new'))
show('create-xml', lambda: c.createXML(NEW, 0).ID() > 0)
show('create-xml-dup', lambda: c.createXML(NEW, 0))
show('destroy-transient', lambda: c.lookupByName('remote-new').destroy())
show('transient-gone', lambda: c.lookupByName('remote-new'))
ro = libvirt.openReadOnly(URI)
show('ro-destroy', lambda: ro.lookupByName('test').destroy())
show('ro-define', lambda: ro.defineXML(NEW))
show('ro-list', lambda: ro.listDomainsID())
ro.close()
# Lifecycle events through the daemon, delivered by the default event loop.
got = []
ev = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                              lambda conn, dom, event, detail, op: got.append((dom.name(), event, detail)),
                              None)
legacy = []
legacy_cb = lambda conn, dom, event, detail, op: legacy.append((dom.name(), event, detail))
show('legacy-register', lambda: c.domainEventRegister(legacy_cb, None))
show('event-ops', lambda: (d.suspend(), d.resume(), d.destroy(), d.create()))
deadline = time.time() + 5
while (len(got) < 4 or len(legacy) < 4) and time.time() < deadline:
    time.sleep(0.01)
show('events', lambda: got)
show('legacy-events', lambda: legacy)
show('deregister', lambda: c.domainEventDeregisterAny(ev))
show('deregister-again', lambda: c.domainEventDeregisterAny(ev))
show('legacy-deregister', lambda: c.domainEventDeregister(legacy_cb))
# Streams: the test driver's screenshot (its only stream), and the daemon's
# errors for the ones it does not have.
def drain(st, size=1000):
    data = b''
    while True:
        b = st.recv(size)
        if not b:
            return data
        data += b


st = c.newStream(0)
show('shot-mime', lambda: d.screenshot(st, 0, 0))
show('shot-data', lambda: (lambda b: (len(b), hashlib.sha256(b).hexdigest()[:16]))(drain(st)))
show('shot-recv-at-end', lambda: st.recv(10))
show('shot-finish', st.finish)
show('shot-finish-again', st.finish)
show('shot-recv-finished', lambda: st.recv(10))
show('shot-abort-finished', st.abort)
st = c.newStream(0)
d.screenshot(st, 0, 0)
show('shot-partial', lambda: len(st.recv(100)))
show('shot-abort', st.abort)
show('shot-recv-aborted', lambda: st.recv(10))
show('shot-send-aborted', lambda: st.send(b'x'))
st = c.newStream(0)
d.screenshot(st, 0, 0)
show('shot-send', lambda: st.send(b'hello'))
show('shot-finish-failed', st.finish)
show('shot-abort-failed', st.abort)
st = c.newStream(0)
d.screenshot(st, 0, 0)
show('shot-send-hole', lambda: st.sendHole(10, 0))
show('shot-recv-hole', lambda: st.recvHole(0))
show('shot-recv-hole-flags', lambda: st.recvHole(1))
show('shot-recv-flags', lambda: st.recvFlags(10, 2))
show('shot-abort2', st.abort)
st = c.newStream(0)
show('console', lambda: d.openConsole(None, st, 0))
show('channel', lambda: d.openChannel('org.qemu.guest_agent.0', st, 0))
show('stream-no-driver', lambda: st.recv(10))
show('shot-bad-flags', lambda: d.screenshot(st, 0, 1))
st = c.newStream(libvirt.VIR_STREAM_NONBLOCK)
d.screenshot(st, 0, 0)
chunks = []
done = threading.Event()


def readable(stream, events, _):
    while True:
        b = stream.recv(4096)
        if b == -2:
            return
        if not b:
            stream.eventRemoveCallback()
            done.set()
            return
        chunks.append(b)


# Registered for no event first, so the second registration surely meets it
# (a readable callback may already have read everything and removed itself).
show('nb-add', lambda: st.eventAddCallback(0, readable, None))
show('nb-add-again', lambda: st.eventAddCallback(libvirt.VIR_STREAM_EVENT_READABLE, readable, None))
show('nb-update', lambda: st.eventUpdateCallback(libvirt.VIR_STREAM_EVENT_READABLE))
show('nb-done', lambda: done.wait(10))
show('nb-data', lambda: (lambda b: (len(b), hashlib.sha256(b).hexdigest()[:16]))(b''.join(chunks)))
show('nb-remove-again', st.eventRemoveCallback)
show('nb-update-none', lambda: st.eventUpdateCallback(libvirt.VIR_STREAM_EVENT_READABLE))
show('nb-finish', st.finish)
# Keepalive (the event loop is registered): started, left, stopped, refused.
show('keepalive', lambda: c.setKeepAlive(5, 3))
show('keepalive-running', lambda: c.setKeepAlive(5, 3))
show('keepalive-stop', lambda: c.setKeepAlive(0, 3))
show('keepalive-restart', lambda: c.setKeepAlive(5, 3))
show('keepalive-negative', lambda: c.setKeepAlive(-1, 0))
show('alive-after-streams', c.isAlive)
show('close', c.close)
for line in out:
    print(line)
