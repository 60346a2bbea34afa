# SPDX-License-Identifier: LGPL-2.1-or-later
"""Node devices of test:///default through Debian's python3-libvirt on
virtkit's library. Expected values are those Debian's libvirt 9.0.0 gives."""
import os
import threading
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")

LIBDIR = os.environ.get("VIRTKIT_LIBDIR", "")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                        "test_driver")
DEFAULT = ["computer", "scsi_host1", "scsi_host11", "scsi_host2"]
VHBA = ("<device><parent>scsi_host1</parent><capability type='scsi_host'>"
        "<capability type='fc_host'><wwnn>2001001b32a9da4e</wwnn>"
        "<wwpn>2101001b32a9da4e</wwpn></capability></capability></device>")


def quiet(_ctx, _err):
    pass


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return f.read()


class Base(unittest.TestCase):
    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)
        self.conn = libvirt.open(URI)

    def tearDown(self):
        self.conn.close()

    def assertError(self, ctx, code, domain, message):
        e = ctx.exception
        self.assertEqual((e.get_error_code(), e.get_error_domain(), e.get_error_message()),
                         (code, domain, message))


class Loading(unittest.TestCase):
    def test_our_library_is_loaded(self):
        if not LIBDIR:
            self.skipTest("VIRTKIT_LIBDIR not set")
        with open("/proc/self/maps") as f:
            self.assertIn(os.path.realpath(LIBDIR), f.read())


class NodeDevices(Base):
    def test_default_host(self):
        self.assertEqual(sorted(self.conn.listDevices(None, 0)), DEFAULT)
        self.assertEqual(self.conn.numOfDevices(None, 0), 4)
        for name in DEFAULT:
            dev = self.conn.nodeDeviceLookupByName(name)
            self.assertEqual(dev.XMLDesc(0), fixture("nodedev-%s.xml" % name))
        self.assertIsNone(self.conn.nodeDeviceLookupByName("computer").parent())
        dev = self.conn.nodeDeviceLookupByName("scsi_host11")
        self.assertEqual(dev.parent(), "scsi_host1")
        self.assertEqual(dev.listCaps(), ["scsi_host"])
        self.assertEqual(dev.numOfCaps(), 1)

    def test_filters(self):
        self.assertEqual(sorted(self.conn.listDevices("vports", 0)), ["scsi_host1", "scsi_host2"])
        self.assertEqual(self.conn.listDevices("pci", 0), [])
        names = lambda flags: sorted(d.name() for d in self.conn.listAllDevices(flags))
        self.assertEqual(names(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_SYSTEM), ["computer"])
        self.assertEqual(names(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_FC_HOST),
                         ["scsi_host1", "scsi_host11", "scsi_host2"])
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE)
        self.assertError(ctx, libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_TEST,
                         "unsupported flags (0x%x) in function testConnectListAllNodeDevices"
                         % libvirt.VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE)

    def test_lookup_error(self):
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.nodeDeviceLookupByName("nope")
        self.assertError(ctx, libvirt.VIR_ERR_NO_NODE_DEVICE, libvirt.VIR_FROM_TEST,
                         "Node device not found: no node device with matching name 'nope'")

    def test_create_destroy(self):
        dev = self.conn.nodeDeviceCreateXML(VHBA, 0)
        self.assertEqual((dev.name(), dev.parent()), ("scsi_host12", "scsi_host1"))
        self.assertEqual(dev.XMLDesc(0), fixture("nodedev-scsi_host12.xml"))
        dev.destroy()
        self.assertEqual(sorted(self.conn.listDevices(None, 0)), DEFAULT)
        with self.assertRaises(libvirt.libvirtError) as ctx:
            dev.destroy()
        self.assertError(ctx, libvirt.VIR_ERR_NO_NODE_DEVICE, libvirt.VIR_FROM_TEST,
                         "Node device not found: no node device with matching name "
                         "'scsi_host12'")

    def test_create_errors(self):
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.nodeDeviceCreateXML(
                "<device><parent>scsi_host1</parent><capability type='scsi_host'/></device>", 0)
        self.assertError(ctx, libvirt.VIR_ERR_INTERNAL_ERROR, libvirt.VIR_FROM_NODEDEV,
                         "internal error: Device is not a fibre channel HBA")
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.nodeDeviceCreateXML(VHBA.replace("scsi_host1", "computer"), 0)
        self.assertError(ctx, libvirt.VIR_ERR_INTERNAL_ERROR, libvirt.VIR_FROM_NODEDEV,
                         "internal error: Parent device computer is not capable of vport "
                         "operations")

    def test_custom_config(self):
        conn = libvirt.open("test://" + os.path.join(FIXTURES, "nodedev-node.xml"))
        try:
            for name in conn.listDevices(None, 0):
                self.assertEqual(conn.nodeDeviceLookupByName(name).XMLDesc(0),
                                 fixture("nodedev-node-%s.xml" % name))
            self.assertEqual(conn.nodeDeviceLookupByName("block_sda").parent(),
                             "scsi_0_0_0_0")
        finally:
            conn.close()


class Events(Base):
    def test_created_and_deleted(self):
        libvirt.virEventRegisterDefaultImpl()
        seen = []

        def cb(_conn, dev, event, detail, opaque):
            seen.append((opaque, dev.name(), event, detail))

        cid = self.conn.nodeDeviceEventRegisterAny(
            None, libvirt.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, cb, "any")
        dev = self.conn.nodeDeviceCreateXML(VHBA, 0)
        dev.destroy()
        self.assertEqual(seen, [])
        for _ in range(100):
            if len(seen) >= 2:
                break
            libvirt.virEventRunDefaultImpl()
        self.assertEqual(seen, [
            ("any", "scsi_host12", libvirt.VIR_NODE_DEVICE_EVENT_CREATED, 0),
            ("any", "scsi_host12", libvirt.VIR_NODE_DEVICE_EVENT_DELETED, 0)])
        self.conn.nodeDeviceEventDeregisterAny(cid)


if __name__ == "__main__":
    unittest.main()
