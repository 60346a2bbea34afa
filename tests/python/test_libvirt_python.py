# SPDX-License-Identifier: LGPL-2.1-or-later
"""Debian's python3-libvirt, unmodified, running on virtkit's libvirt.so.0.

Run with LD_LIBRARY_PATH pointing at virtkit's library directory (CTest does);
the first test proves the binding really loaded our library."""
import os
import threading
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")

LIBDIR = os.environ.get("VIRTKIT_LIBDIR", "")


def quiet(_ctx, _err):
    pass


class Base(unittest.TestCase):
    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)
        self.conn = libvirt.open(URI)

    def tearDown(self):
        self.conn.close()


class Loading(unittest.TestCase):
    def test_our_library_is_loaded(self):
        with open("/proc/self/maps") as f:
            maps = f.read()
        paths = {l.split()[-1] for l in maps.splitlines() if "libvirt.so.0" in l}
        self.assertTrue(paths, "libvirt.so.0 is not mapped")
        for p in paths:
            self.assertTrue(os.path.realpath(p).startswith(os.path.realpath(LIBDIR)),
                            "loaded %s, not virtkit's library in %s" % (p, LIBDIR))

    def test_versions(self):
        self.assertEqual(libvirt.getVersion(), 9000000)


class Domains(Base):
    def test_connection_basics(self):
        self.assertEqual(self.conn.getType(), "TEST")
        self.assertEqual(self.conn.getURI(), URI)
        self.assertEqual(self.conn.getVersion(), 2)
        self.assertEqual(self.conn.getLibVersion(), 9000000)
        info = self.conn.getInfo()
        self.assertEqual(info[0], "i686")
        self.assertEqual(info[2], 16)

    def test_list_and_lookup(self):
        self.assertEqual(self.conn.listDomainsID(), [1])
        self.assertEqual(self.conn.numOfDomains(), 1)
        doms = self.conn.listAllDomains()
        self.assertEqual([d.name() for d in doms], ["test"])
        dom = self.conn.lookupByName("test")
        self.assertEqual(dom.ID(), 1)
        self.assertEqual(dom.UUIDString(), "6695eb01-f6a4-8304-79aa-97f2502e193f")
        self.assertEqual(self.conn.lookupByID(1).name(), "test")
        self.assertEqual(self.conn.lookupByUUIDString(dom.UUIDString()).name(), "test")
        self.assertEqual(self.conn.lookupByUUID(dom.UUID()).name(), "test")

    def test_lifecycle(self):
        dom = self.conn.lookupByName("test")
        self.assertEqual(dom.isActive(), 1)
        self.assertEqual(dom.info()[0], libvirt.VIR_DOMAIN_RUNNING)
        dom.suspend()
        self.assertEqual(dom.state()[0], libvirt.VIR_DOMAIN_PAUSED)
        dom.resume()
        dom.destroy()
        self.assertEqual(dom.isActive(), 0)
        self.assertEqual(dom.info()[0], libvirt.VIR_DOMAIN_SHUTOFF)
        dom.create()
        self.assertEqual(dom.isActive(), 1)

    def test_define_xml_round_trip(self):
        xml = ("<domain type='test'><name>pyvm</name><memory unit='MiB'>64</memory>"
               "<vcpu>1</vcpu><os><type>hvm</type></os></domain>")
        dom = self.conn.defineXML(xml)
        try:
            self.assertEqual(dom.name(), "pyvm")
            self.assertEqual(dom.isPersistent(), 1)
            self.assertEqual(dom.maxMemory(), 65536)
            self.assertIn("<name>pyvm</name>", dom.XMLDesc(0))
            self.assertIn("pyvm", self.conn.listDefinedDomains())
        finally:
            dom.undefine()
        self.assertNotIn("pyvm", self.conn.listDefinedDomains())


class Errors(Base):
    def test_error_fields(self):
        with self.assertRaises(libvirt.libvirtError) as cm:
            self.conn.lookupByName("nosuch")
        e = cm.exception
        self.assertEqual(e.get_error_code(), libvirt.VIR_ERR_NO_DOMAIN)
        self.assertEqual(e.get_error_domain(), libvirt.VIR_FROM_TEST)
        self.assertEqual(e.get_error_message(), "Domain not found")
        self.assertEqual(e.get_error_level(), libvirt.VIR_ERR_ERROR)

    def test_state_error(self):
        dom = self.conn.lookupByName("test")
        with self.assertRaises(libvirt.libvirtError) as cm:
            dom.resume()
        self.assertEqual(cm.exception.get_error_code(), libvirt.VIR_ERR_INTERNAL_ERROR)
        self.assertEqual(cm.exception.get_error_message(), "internal error: domain 'test' not paused")

    def test_read_only(self):
        ro = libvirt.openReadOnly(URI)
        try:
            with self.assertRaises(libvirt.libvirtError) as cm:
                ro.lookupByName("test").destroy()
            self.assertEqual(cm.exception.get_error_code(), libvirt.VIR_ERR_OPERATION_DENIED)
            self.assertEqual(cm.exception.get_error_message(),
                             "operation forbidden: read only access prevents virDomainDestroy")
        finally:
            ro.close()

    def test_registered_handler_sees_errors(self):
        seen = []
        libvirt.registerErrorHandler(lambda ctx, err: seen.append((ctx, err[0], err[2])), "ctx")
        with self.assertRaises(libvirt.libvirtError):
            self.conn.lookupByName("nosuch")
        self.assertEqual(seen, [("ctx", libvirt.VIR_ERR_NO_DOMAIN, "Domain not found")])

    def test_threads_see_their_own_errors(self):
        bad = []

        def worker(i):
            for _ in range(300):
                try:
                    if i % 2:
                        self.conn.lookupByName("nosuch")
                    else:
                        self.conn.lookupByID(12345)
                except libvirt.libvirtError as e:
                    if e.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:
                        bad.append(e.get_error_code())
                else:
                    bad.append("no error")
                try:
                    self.conn.lookupByUUIDString("not-a-uuid")
                except libvirt.libvirtError as e:
                    if e.get_error_code() != libvirt.VIR_ERR_INVALID_ARG:
                        bad.append(e.get_error_code())

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(bad, [])


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
AUTH_CONFIG = os.path.realpath(os.path.join(FIXTURES, "test_driver", "auth.xml"))


def credentials(answers):
    """An openAuth callback answering from a dict {VIR_CRED_*: value}."""
    def cb(creds, _data):
        for cred in creds:
            if cred[0] not in answers:
                return -1
            cred[4] = answers[cred[0]]
        return 0
    return cb


class Auth(unittest.TestCase):
    CREDS = [libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE]

    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)

    def test_custom_config_with_password(self):
        auth = [self.CREDS, credentials({libvirt.VIR_CRED_AUTHNAME: "alice",
                                         libvirt.VIR_CRED_PASSPHRASE: "secret"}), None]
        conn = libvirt.openAuth("test://" + AUTH_CONFIG, auth, 0)
        self.assertEqual(conn.getURI(), "test://" + AUTH_CONFIG)
        conn.close()

    def test_custom_config_user_without_password(self):
        auth = [self.CREDS, credentials({libvirt.VIR_CRED_AUTHNAME: "bob"}), None]
        libvirt.openAuth("test://" + AUTH_CONFIG, auth, 0).close()

    def test_custom_config_wrong_password(self):
        auth = [self.CREDS, credentials({libvirt.VIR_CRED_AUTHNAME: "alice",
                                         libvirt.VIR_CRED_PASSPHRASE: "wrong"}), None]
        with self.assertRaises(libvirt.libvirtError) as cm:
            libvirt.openAuth("test://" + AUTH_CONFIG, auth, 0)
        self.assertEqual(cm.exception.get_error_code(), libvirt.VIR_ERR_AUTH_FAILED)
        self.assertEqual(cm.exception.get_error_domain(), libvirt.VIR_FROM_TEST)
        self.assertEqual(cm.exception.get_error_message(),
                         "authentication failed: authentication failed, see test XML for "
                         "the correct username/password")

    def test_custom_config_unknown_user(self):
        auth = [self.CREDS, credentials({libvirt.VIR_CRED_AUTHNAME: "mallory",
                                         libvirt.VIR_CRED_PASSPHRASE: "x"}), None]
        with self.assertRaises(libvirt.libvirtError) as cm:
            libvirt.openAuth("test://" + AUTH_CONFIG, auth, 0)
        self.assertEqual(cm.exception.get_error_code(), libvirt.VIR_ERR_AUTH_FAILED)

    def test_open_auth_without_credentials(self):
        libvirt.registerErrorHandler(quiet, None)
        auth = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], lambda creds, data: 0, None]
        conn = libvirt.openAuth(URI, auth, 0)
        self.assertEqual(conn.getType(), "TEST")
        conn.close()


if __name__ == "__main__":
    unittest.main()
