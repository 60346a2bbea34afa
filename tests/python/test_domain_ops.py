# SPDX-License-Identifier: LGPL-2.1-or-later
"""The test driver's domain and host operations through Debian's
python3-libvirt on virtkit's libvirt.so.0 (values as Debian's libvirt 9.0.0
gives them)."""
import os
import unittest

import libvirt

import host_settle  # noqa: F401 (through a daemon: a fresh host per test)

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")


def quiet(_ctx, _err):
    pass


class DomainOps(unittest.TestCase):
    def setUp(self):
        libvirt.registerErrorHandler(quiet, None)
        self.conn = libvirt.open(URI)
        self.dom = self.conn.lookupByName("test")

    def tearDown(self):
        # test:///default outlives a connection while handles remain: put the
        # domain back as the next test expects it.
        try:
            self.conn.lookupByName('renamed').rename('test')
        except libvirt.libvirtError:
            pass
        dom = self.conn.lookupByName('test')
        if not dom.isActive():
            dom.create()
        del dom
        del self.dom
        self.conn.close()

    def assertError(self, code, domain, message, fn, *args):
        with self.assertRaises(libvirt.libvirtError) as cm:
            fn(*args)
        e = cm.exception
        self.assertEqual((e.get_error_code(), e.get_error_domain(), e.get_error_message()),
                         (code, domain, message))

    def test_host(self):
        self.assertEqual(self.conn.getCPUStats(-1),
                         {'user': 9797400000, 'kernel': 34678723400000,
                          'idle': 87264900000, 'iowait': 763600000})
        self.assertEqual(self.conn.getCPUMap(),
                         (8, [True, False, True, False, True, False, False, False], 3))
        self.assertEqual(self.conn.getCellsFreeMemory(0, 5), [2097152, 4194304])
        self.assertError(libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_TEST,
                         'invalid argument: Range exceeds available cells',
                         self.conn.getCellsFreeMemory, 5, 1)
        self.assertEqual(self.conn.getCPUModelNames('x86_64')[:3], ['486', 'pentium', 'pentium2'])

    def test_guest_mocks(self):
        d = self.dom
        self.assertEqual(d.hostname(), 'testhost')
        self.assertEqual(d.getTime(), {'seconds': 627319920, 'nseconds': 0})
        d.setTime({'seconds': 12345, 'nseconds': 5})
        self.assertEqual(d.controlInfo(), [2, 0, 2345])
        self.assertEqual(d.fsFreeze(), 2)
        self.assertEqual(d.fsThaw(['/boot']), 1)
        self.assertEqual(d.fsInfo(), [('/', 'vda1', 'ext4', ['vda']),
                                      ('/boot', 'vda2', 'ext4', ['vda'])])
        self.assertEqual(d.memoryStats()['rss'], 1048576)
        self.assertEqual(d.diskErrors(), {'vda': 1})
        self.assertEqual(d.blockInfo('vda'), [1099506450432, 1099511627776, 1099511627776])
        self.assertError(libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_TEST,
                         'Requested operation is not valid: mount point not found: /x',
                         d.fSTrim, '/x', 0)
        d.destroy()
        self.assertError(libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_DOMAIN,
                         'Requested operation is not valid: domain is not running',
                         d.hostname)

    def test_tuning(self):
        d = self.dom
        self.assertEqual(d.schedulerType(), ('fair', 1))
        self.assertEqual(d.schedulerParameters(), {'weight': 50})
        d.setMemoryParameters({'hard_limit': 1000, 'soft_limit': 500})
        self.assertEqual(d.memoryParameters(),
                         {'hard_limit': 1000, 'soft_limit': 500,
                          'swap_hard_limit': 9007199254740991})
        d.setNumaParameters({'numa_nodeset': '0-1'})
        self.assertEqual(d.numaParameters(), {'numa_mode': 0, 'numa_nodeset': '0-1'})
        d.setBlkioParameters({'weight': 500, 'device_weight': '/dev/sda,100'})
        self.assertEqual(d.blkioParameters()['device_weight'], '/dev/sda,100')
        d.setPerfEvents({'cmt': True})
        self.assertTrue(d.perfEvents()['cmt'])
        d.setInterfaceParameters('testnet0', {'inbound.average': 100}, 0)
        self.assertEqual(d.interfaceParameters('testnet0', 0)['inbound.average'], 100)
        d.setBlockIoTune('vda', {'total_bytes_sec': 10, 'total_bytes_sec_max': 20}, 0)
        self.assertEqual(d.blockIoTune('vda', 0)['total_bytes_sec'], 10)
        xml = d.XMLDesc()
        for piece in ("<weight>500</weight>", "<hard_limit unit='KiB'>1000</hard_limit>",
                      "<memory mode='strict' nodeset='0-1'/>", "<event name='cmt' enabled='yes'/>",
                      "<inbound average='100'/>", "<total_bytes_sec>10</total_bytes_sec>"):
            self.assertIn(piece, xml)
        self.assertError(libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_TEST,
                         'invalid argument: memory hard_limit tunable value must be lower than '
                         'or equal to swap_hard_limit',
                         d.setMemoryParameters, {'swap_hard_limit': 10})

    def test_pinning_iothreads_stats(self):
        d = self.dom
        d.pinEmulator((True, False, True))
        self.assertEqual(d.emulatorPinInfo()[:3], (True, False, True))
        d.pinVcpu(1, (False, True))
        self.assertEqual(d.vcpuPinInfo()[1][:2], (False, True))
        d.addIOThread(3)
        d.pinIOThread(3, (True,))
        self.assertEqual(d.ioThreadInfo(), [(3, [True] + [False] * 7)])
        d.setIOThreadParams(3, {'poll_max_ns': 10})
        stats = self.conn.getAllDomainStats()
        self.assertEqual(stats[0][1], {'state.state': 1, 'state.reason': 0, 'iothread.count': 1,
                                       'iothread.3.poll-max-ns': 10, 'iothread.3.poll-grow': 0,
                                       'iothread.3.poll-shrink': 0})
        self.assertError(libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_DOMAIN,
                         "invalid argument: an IOThread is already using iothread_id '3'",
                         d.addIOThread, 3)
        self.assertEqual(d.getCPUStats(True)[0]['cpu_time'], 48772617035)

    def test_metadata_and_rename(self):
        d = self.dom
        d.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, '<foo a="1"><bar/></foo>', 'k',
                      'http://x/', 0)
        self.assertEqual(d.metadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, 'http://x/', 0),
                         '<foo a="1">\n  <bar/>\n</foo>')
        self.assertIn('<k:foo xmlns:k="http://x/" a="1">', d.XMLDesc())
        self.assertError(libvirt.VIR_ERR_NO_DOMAIN_METADATA, libvirt.VIR_FROM_DOMAIN,
                         'metadata not found: Requested metadata element is not present',
                         d.metadata, libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, None, 0)
        self.assertError(libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_TEST,
                         'Requested operation is not valid: cannot rename active domain',
                         d.rename, 'x')
        d.destroy()
        d.rename('renamed')
        self.assertEqual(self.conn.lookupByName('renamed').UUIDString(), d.UUIDString())


if __name__ == "__main__":
    unittest.main()
