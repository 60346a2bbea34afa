# SPDX-License-Identifier: LGPL-2.1-or-later
"""Domain snapshots and checkpoints of the test driver through Debian's
python3-libvirt, unmodified, running on virtkit's libvirt.so.0 (CTest sets
LD_LIBRARY_PATH). Expectations are what Debian's libvirt 9.0.0 gives."""
import os
import re
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                        "test_driver")


def quiet(_ctx, _err):
    pass


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return f.read()


def normalise(xml):
    return re.sub(r"<creationTime>\d+</creationTime>",
                  "<creationTime>CREATION_TIME</creationTime>", xml)


class Base(unittest.TestCase):
    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)
        self.conn = libvirt.open(URI)
        self.dom = self.conn.lookupByName("test")

    def tearDown(self):
        self.dom = None
        self.conn.close()

    def assertLibvirtError(self, code, domain, message, fn, *args):
        with self.assertRaises(libvirt.libvirtError) as cm:
            fn(*args)
        e = cm.exception
        self.assertEqual((e.get_error_code(), e.get_error_domain(), e.get_error_message()),
                         (code, domain, message))


class Snapshots(Base):
    def snap(self, name, flags=0):
        return self.dom.snapshotCreateXML(
            "<domainsnapshot><name>%s</name></domainsnapshot>" % name, flags)

    def test_create_dump_and_tree(self):
        s1 = self.dom.snapshotCreateXML(
            "<domainsnapshot><name>s1</name><description>first &amp; &lt;best&gt;</description>"
            "</domainsnapshot>", 0)
        self.assertEqual(normalise(s1.getXMLDesc()), fixture("snapshot-running.xml"))
        s2 = self.snap("s2")
        self.assertEqual(normalise(s2.getXMLDesc()), fixture("snapshot-child.xml"))
        self.assertEqual(s2.getParent().getName(), "s1")
        self.assertEqual(self.dom.snapshotCurrent().getName(), "s2")
        self.assertTrue(s2.isCurrent())
        self.assertEqual(s1.hasMetadata(), 1)
        self.assertEqual(sorted(self.dom.snapshotListNames()), ["s1", "s2"])
        self.assertEqual(self.dom.snapshotListNames(libvirt.VIR_DOMAIN_SNAPSHOT_LIST_ROOTS),
                         ["s1"])
        self.assertEqual([x.getName() for x in s1.listAllChildren()], ["s2"])
        self.assertEqual(s1.listChildrenNames(), ["s2"])
        self.assertEqual(s1.numChildren(), 1)
        self.assertEqual(self.dom.snapshotNum(libvirt.VIR_DOMAIN_SNAPSHOT_LIST_LEAVES), 1)
        self.assertEqual(
            [x.getName() for x in
             self.dom.listAllSnapshots(libvirt.VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL)],
            ["s1", "s2"])

    def test_errors(self):
        self.assertLibvirtError(
            libvirt.VIR_ERR_NO_DOMAIN_SNAPSHOT, libvirt.VIR_FROM_TEST,
            "Domain snapshot not found: no domain snapshot with matching name 'nope'",
            self.dom.snapshotLookupByName, "nope")
        self.assertLibvirtError(
            libvirt.VIR_ERR_NO_DOMAIN_SNAPSHOT, libvirt.VIR_FROM_TEST,
            "Domain snapshot not found: the domain does not have a current snapshot",
            self.dom.snapshotCurrent)
        self.snap("s1")
        self.assertLibvirtError(libvirt.VIR_ERR_OPERATION_FAILED, libvirt.VIR_FROM_DOMAIN,
                                "operation failed: domain moment s1 already exists",
                                self.snap, "s1")
        self.assertLibvirtError(
            libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_TEST,
            "unsupported flags (0x4) in function testDomainSnapshotCreateXML",
            self.snap, "s9", libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA)
        self.assertLibvirtError(
            libvirt.VIR_ERR_XML_ERROR, libvirt.VIR_FROM_DOMAIN_SNAPSHOT,
            "XML error: a redefined snapshot must have a name",
            self.dom.snapshotCreateXML, "<domainsnapshot/>",
            libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE)

    def test_redefine_round_trip(self):
        self.snap("s1")
        snap = self.dom.snapshotCreateXML(fixture("snapshot-redefine-in.xml"),
                                          libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE)
        self.assertEqual(snap.getXMLDesc(), fixture("snapshot-redefine-out.xml"))
        self.assertFalse(snap.isCurrent())
        self.assertEqual(
            self.dom.snapshotListNames(libvirt.VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL), ["redef"])

    def test_revert_and_delete(self):
        s1 = self.snap("s1")
        self.dom.destroy()
        off = self.snap("off")
        self.dom.revertToSnapshot(s1, libvirt.VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED)
        self.assertEqual(self.dom.state(), [libvirt.VIR_DOMAIN_PAUSED,
                                            libvirt.VIR_DOMAIN_PAUSED_FROM_SNAPSHOT])
        self.dom.revertToSnapshot(off)
        self.assertEqual(self.dom.state(), [libvirt.VIR_DOMAIN_SHUTOFF,
                                            libvirt.VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT])
        self.assertEqual(self.dom.snapshotCurrent().getName(), "off")
        self.assertLibvirtError(
            libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_TEST,
            "Requested operation is not valid: cannot delete inactive domain with 2 snapshots",
            self.dom.undefine)
        s1.delete(libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN)
        self.assertEqual(self.dom.snapshotNum(), 0)
        self.assertEqual(self.dom.hasCurrentSnapshot(), 0)
        self.dom.create()


class Checkpoints(Base):
    def test_create_list_delete(self):
        k1 = self.dom.checkpointCreateXML(
            "<domaincheckpoint><name>k1</name><description>chk &amp; one</description>"
            "</domaincheckpoint>", 0)
        self.assertEqual(normalise(k1.getXMLDesc()), fixture("checkpoint-k1.xml"))
        k2 = self.dom.checkpointCreateXML(
            "<domaincheckpoint><name>k2</name><disks><disk name='vda' bitmap='bm2'/></disks>"
            "</domaincheckpoint>", 0)
        self.assertEqual(
            normalise(k2.getXMLDesc(libvirt.VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN)),
            fixture("checkpoint-k2-nodomain.xml"))
        self.assertEqual(k2.getParent().getName(), "k1")
        self.assertEqual(self.dom.checkpointLookupByName("k1").getName(), "k1")
        self.assertEqual(sorted(c.getName() for c in self.dom.listAllCheckpoints()),
                         ["k1", "k2"])
        self.assertEqual([c.getName() for c in k1.listAllChildren()], ["k2"])
        self.assertLibvirtError(
            libvirt.VIR_ERR_OPERATION_UNSUPPORTED, libvirt.VIR_FROM_TEST,
            "Operation not supported: cannot create snapshot while checkpoint exists",
            self.dom.snapshotCreateXML, "<domainsnapshot/>", 0)
        k1.delete(libvirt.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN)
        self.assertEqual(self.dom.listAllCheckpoints(), [])

    def test_errors(self):
        self.assertLibvirtError(
            libvirt.VIR_ERR_NO_DOMAIN_CHECKPOINT, libvirt.VIR_FROM_TEST,
            "Domain checkpoint not found: no domain checkpoint with matching name 'zz'",
            self.dom.checkpointLookupByName, "zz")
        k1 = self.dom.checkpointCreateXML("<domaincheckpoint><name>k1</name></domaincheckpoint>")
        self.assertLibvirtError(
            libvirt.VIR_ERR_NO_DOMAIN_CHECKPOINT, libvirt.VIR_FROM_TEST,
            "Domain checkpoint not found: checkpoint 'k1' does not have a parent",
            k1.getParent)
        self.assertLibvirtError(
            libvirt.VIR_ERR_CONFIG_UNSUPPORTED, libvirt.VIR_FROM_DOMAIN_CHECKPOINT,
            "unsupported configuration: no disk named 'vdz'",
            self.dom.checkpointCreateXML,
            "<domaincheckpoint><disks><disk name='vdz'/></disks></domaincheckpoint>")
        k1.delete()
        self.dom.destroy()
        self.assertLibvirtError(
            libvirt.VIR_ERR_OPERATION_UNSUPPORTED, libvirt.VIR_FROM_TEST,
            "Operation not supported: cannot create checkpoint for inactive domain",
            self.dom.checkpointCreateXML, "<domaincheckpoint/>")
        self.dom.create()


if __name__ == "__main__":
    unittest.main()
