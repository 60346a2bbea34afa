# SPDX-License-Identifier: LGPL-2.1-or-later
"""Host interfaces of test:///default through Debian's python3-libvirt on
virtkit's library. Expected values are those Debian's libvirt 9.0.0 gives."""
import os
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")

LIBDIR = os.environ.get("VIRTKIT_LIBDIR", "")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                        "test_driver")


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


class Interfaces(Base):
    def test_default_host(self):
        self.assertEqual(self.conn.listInterfaces(), ["eth1"])
        self.assertEqual(self.conn.listDefinedInterfaces(), [])
        self.assertEqual(self.conn.numOfInterfaces(), 1)
        iface = self.conn.interfaceLookupByName("eth1")
        self.assertEqual(iface.name(), "eth1")
        self.assertEqual(iface.MACString(), "aa:bb:cc:dd:ee:ff")
        self.assertEqual(iface.isActive(), 1)
        self.assertEqual(iface.XMLDesc(0), fixture("iface-eth1.xml"))
        by_mac = self.conn.interfaceLookupByMACString("AA:BB:CC:DD:EE:FF")
        self.assertEqual((by_mac.name(), by_mac.MACString()), ("eth1", "AA:BB:CC:DD:EE:FF"))

    def test_lookup_errors(self):
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.interfaceLookupByName("nope")
        self.assertError(ctx, libvirt.VIR_ERR_NO_INTERFACE, libvirt.VIR_FROM_TEST,
                         "Interface not found: no interface with matching name 'nope'")
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.interfaceLookupByMACString("00:11:22:33:44:55")
        self.assertError(ctx, libvirt.VIR_ERR_NO_INTERFACE, libvirt.VIR_FROM_TEST,
                         "Interface not found: no interface with matching mac "
                         "'00:11:22:33:44:55'")

    def test_define_start_stop_undefine(self):
        xml = ("<interface type='bond' name='bond0'><bond mode='802.3ad'>"
               "<arpmon interval='100' target='192.168.1.1' validate='all'/>"
               "<interface type='ethernet' name='eth5'/></bond></interface>")
        iface = self.conn.interfaceDefineXML(xml, 0)
        self.assertEqual(iface.XMLDesc(0),
                         "<interface type='bond' name='bond0'>\n"
                         "  <bond mode='802.3ad'>\n"
                         "    <arpmon interval='100' target='192.168.1.1' validate='all'/>\n"
                         "    <interface type='ethernet' name='eth5'>\n"
                         "    </interface>\n"
                         "  </bond>\n"
                         "</interface>\n")
        self.assertEqual(self.conn.listDefinedInterfaces(), ["bond0"])
        self.assertEqual(iface.isActive(), 0)
        with self.assertRaises(libvirt.libvirtError) as ctx:
            iface.destroy(0)
        self.assertError(ctx, libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_TEST,
                         "Requested operation is not valid")
        iface.create(0)
        self.assertEqual(sorted(self.conn.listInterfaces()), ["bond0", "eth1"])
        iface.destroy(0)
        iface.undefine()
        with self.assertRaises(libvirt.libvirtError) as ctx:
            iface.XMLDesc(0)
        self.assertError(ctx, libvirt.VIR_ERR_NO_INTERFACE, libvirt.VIR_FROM_TEST,
                         "Interface not found: no interface with matching name 'bond0'")

    def test_define_errors(self):
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.interfaceDefineXML("<interface type='ethernet'/>", 0)
        self.assertError(ctx, libvirt.VIR_ERR_XML_ERROR, libvirt.VIR_FROM_INTERFACE,
                         "XML error: interface has no name")
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.interfaceDefineXML("<interface type='vlan' name='v'><vlan tag='1'/>"
                                         "</interface>", 0)
        self.assertError(ctx, libvirt.VIR_ERR_XML_ERROR, libvirt.VIR_FROM_INTERFACE,
                         "XML error: vlan interface misses name attribute")
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.interfaceDefineXML("<interface type='ethernet' name='x'/>", 2)
        self.assertError(ctx, libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_TEST,
                         "unsupported flags (0x2) in function testInterfaceDefineXML")

    def test_list_all(self):
        self.conn.interfaceDefineXML("<interface type='ethernet' name='eth9'/>", 0)
        names = lambda flags: sorted(i.name() for i in self.conn.listAllInterfaces(flags))
        self.assertEqual(names(0), ["eth1", "eth9"])
        self.assertEqual(names(libvirt.VIR_CONNECT_LIST_INTERFACES_ACTIVE), ["eth1"])
        self.assertEqual(names(libvirt.VIR_CONNECT_LIST_INTERFACES_INACTIVE), ["eth9"])

    def test_transactions(self):
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.changeCommit(0)
        self.assertError(ctx, libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_TEST,
                         "Requested operation is not valid: no transaction running, "
                         "nothing to be committed.")
        self.conn.changeBegin(0)
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.changeBegin(0)
        self.assertError(ctx, libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_TEST,
                         "Requested operation is not valid: there is another transaction "
                         "running.")
        self.conn.interfaceLookupByName("eth1").undefine()
        self.conn.interfaceDefineXML("<interface type='ethernet' name='eth9'/>", 0)
        self.conn.changeRollback(0)
        self.assertEqual(self.conn.listInterfaces(), [])
        self.assertEqual(self.conn.listDefinedInterfaces(), ["eth1"])
        with self.assertRaises(libvirt.libvirtError) as ctx:
            self.conn.changeRollback(0)
        self.assertError(ctx, libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_TEST,
                         "Requested operation is not valid: no transaction running, "
                         "nothing to rollback.")

    def test_custom_config(self):
        conn = libvirt.open("test://" + os.path.join(FIXTURES, "iface-node.xml"))
        try:
            self.assertEqual(sorted(conn.listInterfaces()), ["br0", "eth0"])
            for name in ("eth0", "br0"):
                self.assertEqual(conn.interfaceLookupByName(name).XMLDesc(0),
                                 fixture("iface-node-%s.xml" % name))
        finally:
            conn.close()


if __name__ == "__main__":
    unittest.main()
