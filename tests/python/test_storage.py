# SPDX-License-Identifier: LGPL-2.1-or-later
"""Storage pools and volumes of test:///default through Debian's
python3-libvirt, on virtkit's library (CTest sets LD_LIBRARY_PATH).

Expected values are what Debian's libvirt 9.0.0 gives for the same calls."""
import os
import time
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")

LIBDIR = os.environ.get("VIRTKIT_LIBDIR", "")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                        "test_driver")


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return f.read()


def quiet(_ctx, _err):
    pass


DIR_POOL = ("<pool type='dir'><name>p2</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
            "<target><path>/p2</path></target></pool>")
CAP = 107374182400


class Base(unittest.TestCase):
    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)
        self.conn = libvirt.open(URI)
        self.pool = self.conn.storagePoolLookupByName("default-pool")

    def tearDown(self):
        self.conn.close()

    def assertLibvirtError(self, fn, code, domain, message):
        with self.assertRaises(libvirt.libvirtError) as ctx:
            fn()
        e = ctx.exception
        self.assertEqual((e.get_error_code(), e.get_error_domain(), e.get_error_message()),
                         (code, domain, message))


class Loading(unittest.TestCase):
    def test_our_library_is_loaded(self):
        if not LIBDIR:
            self.skipTest("VIRTKIT_LIBDIR not set")
        with open("/proc/self/maps") as f:
            self.assertIn(os.path.realpath(LIBDIR), f.read())


class Pools(Base):
    def test_default_pool(self):
        self.assertEqual(self.pool.XMLDesc(0), fixture("pool-default.xml"))
        self.assertEqual(self.pool.info(), [2, CAP, 0, CAP])
        self.assertEqual(self.pool.UUIDString(), "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566")
        self.assertEqual(self.conn.listStoragePools(), ["default-pool"])
        self.assertEqual(self.conn.listDefinedStoragePools(), [])
        self.assertEqual([p.name() for p in self.conn.listAllStoragePools(0)], ["default-pool"])
        self.assertEqual(self.pool.listVolumes(), [])
        self.assertEqual(self.pool.listAllVolumes(0), [])

    def test_define_dump_round_trips(self):
        for kind in ("disk", "fchost", "fs", "gluster", "iscsi-direct", "iscsi", "logical",
                     "mpath", "netfs", "rbd", "scsi", "scsiparent", "sheepdog", "vstorage", "zfs"):
            with self.subTest(kind=kind):
                p = self.conn.storagePoolDefineXML(fixture("pool/pool-%s.xml" % kind), 0)
                self.assertEqual(p.XMLDesc(0), fixture("pool/dump-pool-%s.xml" % kind))
                self.assertEqual((p.isActive(), p.isPersistent()), (0, 1))
                p.undefine()

    def test_lifecycle_and_errors(self):
        p = self.conn.storagePoolDefineXML(DIR_POOL, 0)
        self.assertEqual(self.conn.listDefinedStoragePools(), ["p2"])
        self.assertLibvirtError(p.numOfVolumes, libvirt.VIR_ERR_OPERATION_INVALID,
                                libvirt.VIR_FROM_TEST,
                                "Requested operation is not valid: storage pool 'p2' is not active")
        p.build(0)
        p.create(0)
        self.assertLibvirtError(p.undefine, libvirt.VIR_ERR_OPERATION_INVALID,
                                libvirt.VIR_FROM_TEST,
                                "Requested operation is not valid: storage pool 'p2' is active")
        p.setAutostart(1)
        self.assertEqual(p.autostart(), 1)
        p.refresh(0)
        p.destroy()
        p.delete(0)
        p.undefine()
        self.assertLibvirtError(lambda: self.conn.storagePoolLookupByName("p2"),
                                libvirt.VIR_ERR_NO_STORAGE_POOL, libvirt.VIR_FROM_TEST,
                                "Storage pool not found: no storage pool with matching name 'p2'")
        t = self.conn.storagePoolCreateXML(DIR_POOL, 0)
        self.assertEqual((t.isActive(), t.isPersistent(), t.autostart()), (1, 0, 0))
        self.assertLibvirtError(lambda: t.setAutostart(1), libvirt.VIR_ERR_INVALID_ARG,
                                libvirt.VIR_FROM_TEST, "invalid argument: pool has no config file")
        t.destroy()
        self.assertEqual(self.conn.listStoragePools(), ["default-pool"])

    def test_bad_xml(self):
        self.assertLibvirtError(
            lambda: self.conn.storagePoolDefineXML("<pool type='dir'><name>x</name></pool>", 0),
            libvirt.VIR_ERR_XML_ERROR, libvirt.VIR_FROM_STORAGE,
            "XML error: missing storage pool target path")
        self.assertLibvirtError(
            lambda: self.conn.storagePoolDefineXML(
                "<pool type='dir'><name>other</name><target><path>/default-pool/</path>"
                "</target></pool>", 0),
            libvirt.VIR_ERR_OPERATION_FAILED, libvirt.VIR_FROM_STORAGE,
            "operation failed: Storage source conflict with pool: 'default-pool'")
        self.assertLibvirtError(
            lambda: self.conn.storagePoolDefineXML("<pool type='dir'>", 0),
            libvirt.VIR_ERR_XML_DETAIL, libvirt.VIR_FROM_STORAGE,
            "(storage_pool_definition):1: Premature end of data in tag pool line 1\n"
            "<pool type='dir'>\n-----------------^")

    def test_find_sources(self):
        self.assertEqual(
            self.conn.findStoragePoolSources("netfs", "<source><host name='h1'/></source>", 0),
            "<sources>\n  <source>\n    <host name='h1'/>\n    <dir path='/testshare'/>\n"
            "    <format type='nfs'/>\n  </source>\n</sources>\n")
        self.assertLibvirtError(lambda: self.conn.findStoragePoolSources("dir", None, 0),
                                libvirt.VIR_ERR_INTERNAL_ERROR, libvirt.VIR_FROM_TEST,
                                "internal error: unknown storage pool type dir")


class Volumes(Base):
    def test_create_dump_delete(self):
        vols = {}
        for name in ("features", "plain", "qcow2"):
            vols[name] = self.pool.createXML(fixture("vol/vol-%s.xml" % name), 0)
            self.assertEqual(vols[name].XMLDesc(0), fixture("vol/dump-vol-%s.xml" % name))
        self.assertEqual(self.pool.info(), [2, CAP, 2147487744, 105226694656])
        self.assertEqual(sorted(self.pool.listVolumes()), ["disk.qcow2", "feat", "plain.img"])
        self.assertEqual(vols["qcow2"].info(), [0, 104857600, 4096])
        self.assertEqual(vols["qcow2"].path(), "/default-pool/disk.qcow2")
        self.assertEqual(self.conn.storageVolLookupByKey("/default-pool/feat").name(), "feat")
        self.assertEqual(self.conn.storageVolLookupByPath("/default-pool/feat").name(), "feat")
        self.assertEqual(vols["plain"].storagePoolLookupByVolume().name(), "default-pool")
        clone = self.pool.createXMLFrom(
            "<volume><name>c</name><capacity>10</capacity></volume>", vols["plain"], 0)
        self.assertEqual(clone.key(), "/default-pool/c")
        vols["plain"].delete(0)
        self.assertEqual(self.pool.info(), [2, CAP, 4106, CAP - 4106])
        self.assertLibvirtError(
            lambda: vols["plain"].XMLDesc(0), libvirt.VIR_ERR_NO_STORAGE_VOL,
            libvirt.VIR_FROM_TEST,
            "Storage volume not found: no storage vol with matching name 'plain.img'")
        self.assertLibvirtError(
            lambda: self.pool.createXML(
                "<volume><name>big</name><capacity unit='T'>1</capacity></volume>", 0),
            libvirt.VIR_ERR_INTERNAL_ERROR, libvirt.VIR_FROM_TEST,
            "internal error: Not enough free space in pool for volume 'big'")
        self.assertLibvirtError(
            lambda: self.pool.createXML("<volume><name>x</name></volume>", 0),
            libvirt.VIR_ERR_XML_ERROR, libvirt.VIR_FROM_STORAGE,
            "XML error: missing capacity element")


class CustomNode(unittest.TestCase):
    def test_pools_and_volumes_from_a_node_file(self):
        libvirt.registerErrorHandler(quiet, None)
        conn = libvirt.open("test://" + os.path.realpath(os.path.join(FIXTURES, "pool-node.xml")))
        try:
            got = {}
            for p in conn.listAllStoragePools(0):
                vols = {}
                for v in p.listAllVolumes(0):
                    vols[v.name()] = (v.key(), v.path(), v.info())
                got[p.name()] = (p.isActive(), p.isPersistent(), p.info(), vols)
            self.assertEqual(got, {
                "inline-pool": (1, 1, [2, CAP, 5242980, 107368939420], {
                    "a.img": ("/inline/a.img", "/inline/a.img", [0, 10485760, 5242880]),
                    "b.img": ("custom-key", "/custom/b.img", [0, 100, 100]),
                    "fromfile.qcow2": ("/inline/fromfile.qcow2", "/inline/fromfile.qcow2",
                                       [0, 1073741824, 0]),
                }),
                "filevg": (1, 1, [2, CAP, 4096, 107374178304], {
                    "lv1": ("/dev/filevg/lv1", "/dev/filevg/lv1", [1, 4096, 4096]),
                }),
            })
        finally:
            conn.close()


class Events(unittest.TestCase):
    def test_lifecycle_and_refresh(self):
        libvirt.registerErrorHandler(quiet, None)
        libvirt.virEventRegisterDefaultImpl()
        conn = libvirt.open(URI)
        seen = []

        def lifecycle(_conn, pool, event, detail, _opaque):
            seen.append((pool.name(), event, detail))

        def refresh(_conn, pool, _opaque):
            seen.append((pool.name(), "refresh"))

        ids = [conn.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                lifecycle, None),
               conn.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                                refresh, None)]
        p = conn.storagePoolDefineXML(DIR_POOL, 0)
        p.create(0)
        p.refresh(0)
        p.destroy()
        p.undefine()
        deadline = time.monotonic() + 2
        while len(seen) < 5 and time.monotonic() < deadline:
            libvirt.virEventRunDefaultImpl()
        self.assertEqual(seen, [
            ("p2", libvirt.VIR_STORAGE_POOL_EVENT_DEFINED, 0),
            ("p2", libvirt.VIR_STORAGE_POOL_EVENT_STARTED, 0),
            ("p2", "refresh"),
            ("p2", libvirt.VIR_STORAGE_POOL_EVENT_STOPPED, 0),
            ("p2", libvirt.VIR_STORAGE_POOL_EVENT_UNDEFINED, 0),
        ])
        for i in ids:
            conn.storagePoolEventDeregisterAny(i)
        conn.close()


if __name__ == "__main__":
    unittest.main()
