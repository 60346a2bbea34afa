# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lifecycle events of test:///default through python3-libvirt's asyncio
event loop (libvirtaio, the virEventRegisterImpl path), on virtkit's library.

The expected sequences are those Debian's libvirt 9.0.0 delivers."""
import asyncio
import os
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)
import libvirtaio

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")

LIBDIR = os.environ.get("VIRTKIT_LIBDIR", "")


def quiet(_ctx, _err):
    pass


class LifecycleEvents(unittest.TestCase):
    def test_our_library_is_loaded(self):
        if not LIBDIR:
            self.skipTest("VIRTKIT_LIBDIR not set")
        with open("/proc/self/maps") as f:
            self.assertIn(LIBDIR, f.read())

    def test_destroy_and_create_through_asyncio(self):
        asyncio.run(self.scenario())

    async def scenario(self):
        libvirt.registerErrorHandler(quiet, None)
        libvirtaio.virEventRegisterAsyncIOImpl()
        conn = libvirt.open(URI)
        seen = []
        got = asyncio.Event()

        def cb(_conn, dom, event, detail, opaque):
            seen.append((opaque, dom.name(), dom.ID(), event, detail))
            if len(seen) >= 4:
                got.set()

        dom = conn.lookupByName("test")
        any_id = conn.domainEventRegisterAny(
            None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, "any")
        dom_id = conn.domainEventRegisterAny(
            dom, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, "dom")
        self.assertEqual((any_id, dom_id), (0, 1))
        with self.assertRaises(libvirt.libvirtError) as ctx:
            conn.domainEventRegisterAny(
                None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, "any")
        self.assertEqual(ctx.exception.get_error_code(),
                         libvirt.VIR_ERR_INVALID_ARG)

        dom.destroy()
        dom.create()
        self.assertEqual(seen, [])  # never from inside the calls
        await asyncio.wait_for(got.wait(), 5)
        await asyncio.sleep(0.05)
        self.assertEqual(seen, [
            ("any", "test", -1, libvirt.VIR_DOMAIN_EVENT_STOPPED,
             libvirt.VIR_DOMAIN_EVENT_STOPPED_DESTROYED),
            ("dom", "test", -1, libvirt.VIR_DOMAIN_EVENT_STOPPED,
             libvirt.VIR_DOMAIN_EVENT_STOPPED_DESTROYED),
            ("any", "test", 2, libvirt.VIR_DOMAIN_EVENT_STARTED,
             libvirt.VIR_DOMAIN_EVENT_STARTED_BOOTED),
            ("dom", "test", 2, libvirt.VIR_DOMAIN_EVENT_STARTED,
             libvirt.VIR_DOMAIN_EVENT_STARTED_BOOTED),
        ])

        # Per-domain filtering: another domain reaches only "any".
        other = conn.createXML(
            "<domain type='test'><name>t3</name><memory>1024</memory>"
            "<os><type>hvm</type></os></domain>", 0)
        conn.domainEventDeregisterAny(dom_id)
        dom.suspend()
        other.destroy()
        got.clear()
        del seen[:]
        while len(seen) < 3:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        self.assertEqual([s[:2] + s[3:] for s in seen], [
            ("any", "t3", libvirt.VIR_DOMAIN_EVENT_STARTED,
             libvirt.VIR_DOMAIN_EVENT_STARTED_BOOTED),
            ("any", "test", libvirt.VIR_DOMAIN_EVENT_SUSPENDED,
             libvirt.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED),
            ("any", "t3", libvirt.VIR_DOMAIN_EVENT_STOPPED,
             libvirt.VIR_DOMAIN_EVENT_STOPPED_DESTROYED),
        ])
        with self.assertRaises(libvirt.libvirtError):
            conn.domainEventDeregisterAny(dom_id)
        conn.domainEventDeregisterAny(any_id)
        conn.close()


if __name__ == "__main__":
    unittest.main()
