# SPDX-License-Identifier: LGPL-2.1-or-later
"""CPU model names and CPU baselines of test:///default through Debian's
python3-libvirt on virtkit's library; expectations are Debian's libvirt 9.0.0
answers for the same calls."""
import os
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")
REMOTE = URI != "test:///default"

LIBDIR = os.environ.get("VIRTKIT_LIBDIR", "")


def quiet(_ctx, _err):
    pass


def host(arch, model, vendor=None, features=()):
    x = "<cpu><arch>%s</arch><model>%s</model>" % (arch, model)
    if vendor:
        x += "<vendor>%s</vendor>" % vendor
    x += "".join("<feature name='%s'/>" % f for f in features)
    return x + "</cpu>"


class Base(unittest.TestCase):
    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)
        self.conn = libvirt.open(URI)

    def tearDown(self):
        self.conn.close()

    def assertError(self, fn, code, domain, message):
        with self.assertRaises(libvirt.libvirtError) as cm:
            fn()
        e = cm.exception
        self.assertEqual((e.get_error_code(), e.get_error_domain(), e.get_error_message()),
                         (code, domain, message))


class Loading(unittest.TestCase):
    def test_our_library_is_loaded(self):
        with open("/proc/self/maps") as f:
            maps = f.read()
        paths = {l.split()[-1] for l in maps.splitlines() if "libvirt.so.0" in l}
        self.assertTrue(paths)
        for p in paths:
            self.assertTrue(os.path.realpath(p).startswith(os.path.realpath(LIBDIR)), p)


class ModelNames(Base):
    def test_x86(self):
        names = self.conn.getCPUModelNames("x86_64")
        self.assertEqual(len(names), 58)
        self.assertEqual(names[:3], ["486", "pentium", "pentium2"])
        self.assertEqual(names[-3:], ["EPYC-Rome", "EPYC-Milan", "Dhyana"])
        self.assertEqual(self.conn.getCPUModelNames("i686"), names)

    def test_ppc64_and_others(self):
        self.assertEqual(self.conn.getCPUModelNames("ppc64le"),
                         ["POWER6", "POWER7", "POWER8", "POWER9", "POWER10",
                          "POWERPC_e5500", "POWERPC_e6500"])
        self.assertEqual(self.conn.getCPUModelNames("aarch64"), [])
        self.assertEqual(self.conn.getCPUModelNames("s390x"), [])

    def test_errors(self):
        self.assertError(lambda: self.conn.getCPUModelNames("foo"),
                         libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_TEST,
                         "invalid argument: cannot find architecture foo")
        self.assertError(lambda: self.conn.getCPUModelNames("mips"),
                         libvirt.VIR_ERR_NO_SUPPORT, libvirt.VIR_FROM_CPU,
                         "this function is not supported by the connection driver: "
                         "'mips' architecture is not supported by CPU driver")


class Baseline(Base):
    def test_intel_generations(self):
        cpus = [host("x86_64", "IvyBridge", "Intel", ["vme", "ss", "f16c"]),
                host("x86_64", "Broadwell", "Intel", ["vme", "ss"])]
        self.assertEqual(self.conn.baselineCPU(cpus, 0),
                         "<cpu mode='custom' match='exact'>\n"
                         "  <model fallback='allow'>IvyBridge</model>\n"
                         "  <vendor>Intel</vendor>\n"
                         "  <feature policy='require' name='ss'/>\n"
                         "  <feature policy='disable' name='f16c'/>\n"
                         "  <feature policy='disable' name='rdrand'/>\n"
                         "</cpu>\n")
        expanded = self.conn.baselineCPU(
            cpus, libvirt.VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES)
        self.assertIn("  <feature policy='disable' name='f16c'/>\n", expanded)
        self.assertIn("  <feature policy='require' name='vme'/>\n", expanded)
        names = [l.split("name='")[1] for l in expanded.splitlines() if "<feature" in l]
        self.assertEqual(names, sorted(names))

    def test_errors(self):
        if REMOTE:
            # An empty list reaches the daemon's entry point as NULL.
            self.assertError(lambda: self.conn.baselineCPU([], 0),
                             libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_DOMAIN,
                             "xmlCPUs in virConnectBaselineCPU must not be NULL")
        else:
            self.assertError(lambda: self.conn.baselineCPU([], 0),
                             libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_CPU,
                             "invalid argument: no CPUs given")
        self.assertError(lambda: self.conn.baselineCPU(
            [host("x86_64", "Haswell", "Intel"), host("x86_64", "EPYC", "AMD")], 0),
            libvirt.VIR_ERR_OPERATION_FAILED, libvirt.VIR_FROM_CPU,
            "operation failed: CPU vendors do not match")
        self.assertError(lambda: self.conn.baselineCPU(["<cpu"], 0),
                         libvirt.VIR_ERR_XML_DETAIL, libvirt.VIR_FROM_CPU,
                         "(CPU_definition):1: Couldn't find end of Start Tag cpu line 1\n"
                         "<cpu\n----^")
        self.assertError(lambda: self.conn.baselineCPU([host("x86_64", "Nope")], 0),
                         libvirt.VIR_ERR_INTERNAL_ERROR, libvirt.VIR_FROM_CPU,
                         "internal error: Unknown CPU model Nope")


if __name__ == "__main__":
    unittest.main()
