# SPDX-License-Identifier: LGPL-2.1-or-later
"""Networks of test:///default through Debian's python3-libvirt on virtkit's
library. The expected values are those Debian's libvirt 9.0.0 gives."""
import os
import re
import subprocess
import sys
import threading
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")

LIBDIR = os.environ.get("VIRTKIT_LIBDIR", "")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                        "test_driver")

N1 = ("<network><name>n1</name>"
      "<uuid>11111111-2222-3333-4444-555555555555</uuid></network>")
HOST = "<host mac='52:54:00:00:00:01' name='h' ip='192.168.122.10'/>"


def quiet(_ctx, _err):
    pass


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        text = f.read()
    while text.endswith("\n\n"):
        text = text[:-1]
    return text


class Networks(unittest.TestCase):
    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)
        self.conn = libvirt.open(URI)
        self.net = self.conn.networkLookupByName("default")

    def tearDown(self):
        self.net = None
        self.conn.close()

    def assertError(self, fn, code, domain, message):
        with self.assertRaises(libvirt.libvirtError) as cm:
            fn()
        e = cm.exception
        self.assertEqual((e.get_error_code(), e.get_error_domain(), e.get_error_message()),
                         (code, domain, message))

    def test_our_library_is_loaded(self):
        if not LIBDIR:
            self.skipTest("VIRTKIT_LIBDIR not set")
        with open("/proc/self/maps") as f:
            self.assertIn(LIBDIR, f.read())

    def test_default_network(self):
        self.assertEqual(self.net.XMLDesc(), fixture("network_default.xml"))
        self.assertEqual(self.net.bridgeName(), "virbr0")
        self.assertEqual(self.net.UUIDString(), "dd8fe884-6c02-601e-7551-cca97df1c5df")
        self.assertEqual((self.net.isActive(), self.net.isPersistent(), self.net.autostart()),
                         (1, 1, 0))
        self.assertEqual(self.conn.listNetworks(), ["default"])
        self.assertEqual(self.conn.listDefinedNetworks(), [])
        self.assertEqual([n.name() for n in self.conn.listAllNetworks()], ["default"])

    def test_errors(self):
        self.assertError(lambda: self.conn.networkLookupByName("nope"), 43, 12,
                         "Network not found: no network with matching name 'nope'")
        self.assertError(self.net.create, 55, 12,
                         "Requested operation is not valid: Network 'default' is already running")
        self.assertError(self.net.undefine, 55, 12,
                         "Requested operation is not valid: Network 'default' is still running")
        self.assertError(lambda: self.net.XMLDesc(1), 8, 12,
                         "unsupported flags (0x1) in function testNetworkGetXMLDesc")
        self.assertError(lambda: self.conn.networkDefineXML("<network><name>default</name></network>"),
                         9, 19, "operation failed: network 'default' already exists with uuid "
                         "dd8fe884-6c02-601e-7551-cca97df1c5df")
        self.assertError(lambda: self.conn.networkDefineXML("<network/>"), 21, 19,
                         "missing name information")

    def test_lifecycle(self):
        n = self.conn.networkDefineXML(N1)
        self.assertEqual((n.isActive(), n.isPersistent()), (0, 1))
        self.assertEqual(self.conn.listDefinedNetworks(), ["n1"])
        self.assertError(n.bridgeName, 1, 12,
                         "internal error: network 'n1' does not have a bridge name.")
        n.create()
        self.assertEqual(sorted(self.conn.listNetworks()), ["default", "n1"])
        n.setAutostart(1)
        self.assertEqual(n.autostart(), 1)
        names = [x.name() for x in self.conn.listAllNetworks(
            libvirt.VIR_CONNECT_LIST_NETWORKS_AUTOSTART)]
        self.assertEqual(names, ["n1"])
        n.destroy()
        n.undefine()
        self.assertError(n.isActive, 43, 12, "Network not found: no network with matching uuid "
                         "'11111111-2222-3333-4444-555555555555'")

    def test_round_trip(self):
        for i in range(1, 8):
            n = self.conn.networkDefineXML(fixture("network_rt%d.xml" % i))
            self.assertEqual(n.XMLDesc(), fixture("network_rt%d-out.xml" % i))

    def test_update_dhcp_host(self):
        add = libvirt.VIR_NETWORK_UPDATE_COMMAND_ADD_LAST
        section = libvirt.VIR_NETWORK_SECTION_IP_DHCP_HOST
        self.net.update(add, section, -1, HOST, 0)
        self.assertIn("      " + HOST + "\n", self.net.XMLDesc())
        self.assertError(lambda: self.net.update(add, section, -1, HOST, 0), 55, 19,
                         "Requested operation is not valid: there is an existing dhcp host entry "
                         "in network 'default' that matches \"%s\"" % HOST)
        self.net.update(libvirt.VIR_NETWORK_UPDATE_COMMAND_DELETE, section, -1, HOST, 0)
        self.assertEqual(self.net.XMLDesc(), fixture("network_default.xml"))
        self.assertError(
            lambda: self.net.update(add, libvirt.VIR_NETWORK_SECTION_BRIDGE, -1,
                                    "<bridge name='x'/>", 0), 84, 19,
            "Operation not supported: can't update 'bridge' section of network 'default'")

    def test_events(self):
        libvirt.virEventRegisterDefaultImpl()
        ticker = libvirt.virEventAddTimeout(10, lambda *_a: None, None)
        seen = []
        cb_id = self.conn.networkEventRegisterAny(
            None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE,
            lambda _c, net, event, detail, _o: seen.append((net.name(), event, detail)), None)
        n = self.conn.networkDefineXML(N1)
        n.create()
        n.destroy()
        n.undefine()
        self.assertEqual(seen, [])  # only from the event loop
        stop = threading.Event()
        timer = threading.Timer(1.0, stop.set)
        timer.start()
        while len(seen) < 4 and not stop.is_set():
            libvirt.virEventRunDefaultImpl()
        timer.cancel()
        self.assertEqual(seen, [("n1", 0, 0), ("n1", 2, 0), ("n1", 3, 0), ("n1", 1, 0)])
        self.conn.networkEventDeregisterAny(cb_id)
        libvirt.virEventRemoveTimeout(ticker)


class SideBySide(unittest.TestCase):
    """The same probes on Debian's libvirt and on ours give the same output."""

    def run_probe(self, env):
        here = os.path.dirname(os.path.abspath(__file__))
        out = subprocess.run(["/usr/bin/python3", os.path.join(here, "network_probe.py")],
                             env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID",
                      out.stdout)

    def test_probe_outputs_match(self):
        if not LIBDIR:
            self.skipTest("VIRTKIT_LIBDIR not set")
        debian = {k: v for k, v in os.environ.items()
                  if k not in ("LD_LIBRARY_PATH", "VIRTKIT_LIBDIR")}
        want = self.run_probe(debian)
        got = self.run_probe(dict(os.environ))
        self.maxDiff = None
        self.assertEqual(got.splitlines(), want.splitlines())


if __name__ == "__main__":
    unittest.main()
