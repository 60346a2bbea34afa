# SPDX-License-Identifier: LGPL-2.1-or-later
"""Save images, managed save, core dumps and the screenshot stream of
test:///default through Debian's python3-libvirt, on virtkit's library.

Expected values are what Debian's libvirt 9.0.0 gives (the module passes on
it too: run it without LD_LIBRARY_PATH)."""
import os
import time
import shutil
import struct
import tempfile
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")
REMOTE = URI != "test:///default"

LIBDIR = os.environ.get("VIRTKIT_LIBDIR", "")
PNG = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "..", "data", "test-screenshot.png")
MAGIC = b"TestGuestMagic\0"


def quiet(_ctx, _err):
    pass


def png():
    with open(PNG, "rb") as f:
        return f.read()


class Base(unittest.TestCase):
    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)
        self.conn = libvirt.open(URI)
        self.dom = self.conn.lookupByName("test")
        self.dir = tempfile.mkdtemp(prefix="virtkit-py-save-")

    def tearDown(self):
        shutil.rmtree(self.dir)
        if self.conn:
            self.conn.close()

    def path(self, name):
        return os.path.join(self.dir, name)

    def assertError(self, fn, code, domain, message):
        with self.assertRaises(libvirt.libvirtError) as cm:
            fn()
        e = cm.exception
        self.assertEqual((e.get_error_code(), e.get_error_domain(), e.get_error_message()),
                         (code, domain, message))


class Loading(unittest.TestCase):
    def test_our_library_is_loaded(self):
        if not LIBDIR:
            self.skipTest("VIRTKIT_LIBDIR not set")
        with open("/proc/self/maps") as f:
            self.assertIn(os.path.realpath(LIBDIR), f.read())


class Screenshot(Base):
    def test_recv_all_is_the_png(self):
        st = self.conn.newStream(0)
        self.assertEqual(self.dom.screenshot(st, 0), "image/png")
        chunks = []
        st.recvAll(lambda _st, data, acc: acc.append(data), chunks)
        st.finish()
        self.assertEqual(b"".join(chunks), png())
        self.assertEqual(len(png()), 33443)

    def test_non_blocking_recv(self):
        st = self.conn.newStream(libvirt.VIR_STREAM_NONBLOCK)
        self.dom.screenshot(st, 0)
        if REMOTE:
            # Through a daemon the data arrives after the call: -2 until then.
            data = b""
            for _ in range(500):
                r = st.recv(100000)
                if r == b"":
                    break
                if r == -2:
                    time.sleep(0.01)
                    continue
                data += r
            self.assertEqual(data, png())
            # libvirt's remote stream keeps answering end of file.
            self.assertEqual(st.recv(10), b"")
            st.finish()
            return
        self.assertEqual(st.recv(100000), png())
        self.assertEqual(st.recv(100000), b"")
        self.assertError(lambda: st.recv(10), libvirt.VIR_ERR_SYSTEM_ERROR,
                         libvirt.VIR_FROM_STREAMS, "stream is not open: Bad file descriptor")
        st.finish()

    def test_errors(self):
        st = self.conn.newStream(0)
        self.assertError(lambda: self.dom.screenshot(st, 0, 1), libvirt.VIR_ERR_INVALID_ARG,
                         libvirt.VIR_FROM_TEST,
                         "unsupported flags (0x1) in function testDomainScreenshot")
        self.assertError(lambda: st.recv(10), libvirt.VIR_ERR_NO_SUPPORT,
                         libvirt.VIR_FROM_STREAMS,
                         "this function is not supported by the connection driver: "
                         "virStreamRecv")
        self.dom.screenshot(st, 3)
        if REMOTE:
            # libvirt's remote stream sends in either direction; the daemon
            # ends the stream, which the abort then reports.
            self.assertEqual(st.send(b"abc"), 3)
            for call in (st.abort, lambda: st.recv(10)):
                self.assertError(call, libvirt.VIR_ERR_RPC, libvirt.VIR_FROM_STREAMS,
                                 "stream had unexpected termination")
            return
        self.assertError(lambda: st.send(b"abc"), libvirt.VIR_ERR_SYSTEM_ERROR,
                         libvirt.VIR_FROM_STREAMS, "cannot write to stream: Bad file descriptor")
        st.abort()
        self.assertError(lambda: st.recv(10), libvirt.VIR_ERR_INTERNAL_ERROR,
                         libvirt.VIR_FROM_STREAMS, "internal error: stream is not open")

    def test_event_callback(self):
        libvirt.virEventRegisterDefaultImpl()
        ticker = libvirt.virEventAddTimeout(5, lambda _t, _o: None, None)
        try:
            st = self.conn.newStream(0)
            self.dom.screenshot(st, 0)
            got = []

            def cb(stream, events, acc):
                if events & libvirt.VIR_STREAM_EVENT_READABLE:
                    acc.append(stream.recv(20000))

            st.eventAddCallback(libvirt.VIR_STREAM_EVENT_READABLE, cb, got)
            for _ in range(100):
                if got and got[-1] == b"":
                    break
                libvirt.virEventRunDefaultImpl()
            st.eventRemoveCallback()
            self.assertEqual([len(c) for c in got], [20000, 13443, 0])
            self.assertEqual(b"".join(got), png())
            st.finish()
        finally:
            # With an event loop, the socket is released by the loop's next
            # iteration after the close (so is libvirt's).
            self.conn.close()
            self.conn = None
            libvirt.virEventRunDefaultImpl()
            libvirt.virEventRemoveTimeout(ticker)


class SaveRestore(Base):
    def test_save_and_restore(self):
        p = self.path("test.save")
        live = self.dom.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE).encode()
        self.dom.save(p)
        with open(p, "rb") as f:
            self.assertEqual(f.read(), MAGIC + struct.pack("i", len(live)) + live)
        self.assertEqual(self.dom.state(), [libvirt.VIR_DOMAIN_SHUTOFF,
                                            libvirt.VIR_DOMAIN_SHUTOFF_SAVED])
        self.assertEqual(self.conn.saveImageGetXMLDesc(p, 0), self.dom.XMLDesc(0))
        self.conn.restore(p)
        dom = self.conn.lookupByName("test")
        self.assertEqual(dom.state(), [libvirt.VIR_DOMAIN_RUNNING,
                                       libvirt.VIR_DOMAIN_RUNNING_RESTORED])
        self.assertError(lambda: self.conn.restore(p), libvirt.VIR_ERR_OPERATION_INVALID,
                         libvirt.VIR_FROM_DOMAIN,
                         "Requested operation is not valid: domain 'test' is already active")

    def test_bad_images(self):
        p = self.path("bad")
        with open(p, "wb") as f:
            f.write(b"XestGuestMagic\0abcd")
        self.assertError(lambda: self.conn.restore(p), libvirt.VIR_ERR_INTERNAL_ERROR,
                         libvirt.VIR_FROM_TEST, "internal error: mismatched header magic")
        with open(p, "wb") as f:
            f.write(MAGIC + struct.pack("i", 9000))
        self.assertError(lambda: self.conn.restore(p), libvirt.VIR_ERR_INTERNAL_ERROR,
                         libvirt.VIR_FROM_TEST, "internal error: length of metadata out of range")
        missing = self.path("missing")
        self.assertError(lambda: self.conn.restore(missing), libvirt.VIR_ERR_SYSTEM_ERROR,
                         libvirt.VIR_FROM_TEST,
                         "cannot read domain image '%s': No such file or directory" % missing)
        self.assertError(lambda: self.dom.saveFlags(p, "<domain/>", 0),
                         libvirt.VIR_ERR_ARGUMENT_UNSUPPORTED, libvirt.VIR_FROM_TEST,
                         "argument unsupported: xml modification unsupported")

    def test_redefine_image(self):
        p = self.path("re.save")
        self.dom.save(p)
        xml = ("<domain type='test'><name>renamed</name>"
               "<uuid>588ddf86-abcf-4038-afa2-d8f91c6777c0</uuid>"
               "<memory>1024</memory><os><type>hvm</type></os></domain>")
        self.conn.saveImageDefineXML(p, xml, 0)
        self.assertIn("<name>renamed</name>", self.conn.saveImageGetXMLDesc(p, 0))
        self.conn.restore(p)
        dom = self.conn.lookupByName("renamed")
        self.assertFalse(dom.isPersistent())
        dom.destroy()

    def test_core_dump(self):
        p = self.path("core")
        self.dom.coreDump(p, 0)
        with open(p, "rb") as f:
            self.assertEqual(f.read(), MAGIC)
        self.dom.coreDump(p, libvirt.VIR_DUMP_CRASH)
        self.assertEqual(self.dom.state(), [libvirt.VIR_DOMAIN_SHUTOFF,
                                            libvirt.VIR_DOMAIN_SHUTOFF_CRASHED])
        self.assertError(lambda: self.dom.coreDump(p, 0), libvirt.VIR_ERR_OPERATION_INVALID,
                         libvirt.VIR_FROM_DOMAIN,
                         "Requested operation is not valid: domain is not running")


class ManagedSave(Base):
    def test_managed_save(self):
        self.assertEqual(self.dom.hasManagedSaveImage(0), 0)
        self.dom.managedSave(0)
        self.assertEqual(self.dom.hasManagedSaveImage(0), 1)
        self.assertEqual(self.dom.state(), [libvirt.VIR_DOMAIN_SHUTOFF,
                                            libvirt.VIR_DOMAIN_SHUTOFF_SAVED])
        self.assertEqual([d.name() for d in self.conn.listAllDomains(
            libvirt.VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE)], ["test"])
        self.dom.create()
        self.assertEqual(self.dom.hasManagedSaveImage(0), 0)
        self.dom.managedSave(0)
        self.dom.managedSaveRemove(0)
        self.assertEqual(self.dom.hasManagedSaveImage(0), 0)

    def test_errors(self):
        self.assertError(lambda: self.dom.managedSave(8), libvirt.VIR_ERR_INVALID_ARG,
                         libvirt.VIR_FROM_TEST,
                         "unsupported flags (0x8) in function testDomainManagedSave")
        self.assertError(lambda: self.dom.managedSaveGetXMLDesc(0), libvirt.VIR_ERR_NO_SUPPORT,
                         libvirt.VIR_FROM_DOMAIN,
                         "this function is not supported by the connection driver: "
                         "virDomainManagedSaveGetXMLDesc")
        t = self.conn.createXML("<domain type='test'><name>tr</name><memory>1024</memory>"
                                "<os><type>hvm</type></os></domain>", 0)
        self.assertError(lambda: t.managedSave(0), libvirt.VIR_ERR_OPERATION_INVALID,
                         libvirt.VIR_FROM_TEST,
                         "Requested operation is not valid: "
                         "cannot do managed save for transient domain")
        t.destroy()


if __name__ == "__main__":
    unittest.main()
