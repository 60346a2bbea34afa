# SPDX-License-Identifier: LGPL-2.1-or-later
"""virtkit's own promises over ssh (inside tests/remote/sshd.py and
daemon.py, with virtkit's libvirt.so): nothing in a URI runs a remote shell
command (libvirt 9.0.0 runs what socket= holds), no ssh process outlives
its connection, however the connection ends, and a libssh connection leaves
no socket behind (libvirt 9.0.0 never closes its TCP socket)."""
import os
import shutil
import signal
import tempfile
import threading
import time
import unittest

import libvirt

from procs import children_of, sshd_sessions

libvirt.registerErrorHandler(lambda *_: None, None)
D = os.environ['VIRTKIT_SSH_DIR']
HOST = os.environ['VIRTKIT_SSH_HOST']
SOCK = os.environ['VIRTKIT_REMOTE_SOCKET']
NC = '&netcat=%s/nc' % D


def uri(socket, extra=''):
    from urllib.parse import quote
    return 'test+ssh://%s/default?socket=%s%s%s' % (HOST, quote(socket, safe=''), NC, extra)


def children():
    """This process's child processes, zombies included: (pid, comm)."""
    return children_of(os.getpid())


class Injection(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='vk-inject-', dir='/tmp')
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_socket_values_run_nothing(self):
        mark = os.path.join(self.dir, 'ran')
        values = ['$(touch %s)' % mark, '/x;touch %s' % mark, "/x';touch %s;'" % mark,
                  '`touch %s`' % mark, '/x"; touch %s; "' % mark, '/x\ntouch %s' % mark,
                  '/x|touch %s' % mark, '/x&&touch %s' % mark, "'$(touch %s)'" % mark,
                  '\\\';touch %s' % mark]
        for v in values:
            with self.subTest(socket=v):
                with self.assertRaises(libvirt.libvirtError) as cm:
                    libvirt.open(uri(v))
                self.assertEqual(cm.exception.get_error_code(), libvirt.VIR_ERR_SYSTEM_ERROR)
                self.assertIn('No such file or directory', cm.exception.get_error_message())
                self.assertFalse(os.path.exists(mark), 'the remote shell ran ' + v)

    def test_netcat_and_name_values_run_nothing(self):
        mark = os.path.join(self.dir, 'ran')
        for extra in ['&netcat=$(touch %s)' % mark, "&netcat=x';touch %s;'" % mark,
                      '&name=$(touch %s)' % mark, "&name=x';touch %s;'" % mark]:
            with self.subTest(extra=extra):
                from urllib.parse import quote
                k, v = extra[1:].split('=', 1)
                u = 'test+ssh://%s/default?%s=%s&proxy=%s' % (
                    HOST, k, quote(v, safe=''), 'native' if k == 'name' else 'netcat')
                with self.assertRaises(libvirt.libvirtError):
                    libvirt.open(u)
                self.assertFalse(os.path.exists(mark))

    def test_a_path_full_of_shell_characters_is_just_a_path(self):
        odd = os.path.join(self.dir, "we ird $(x) `y` 'q' \"d\";&|")
        os.mkdir(odd)
        os.symlink(SOCK, os.path.join(odd, 'sock'))
        c = libvirt.open(uri(os.path.join(odd, 'sock')))
        self.assertEqual(c.lookupByName('test').name(), 'test')
        c.close()


class NoSshLeftBehind(unittest.TestCase):
    def assertNoChildren(self):
        deadline = time.time() + 5
        while children() and time.time() < deadline:
            time.sleep(0.01)
        self.assertEqual(children(), [])

    def test_after_close(self):
        for _ in range(5):
            c = libvirt.open(uri(SOCK))
            c.getHostname()
            c.close()
        self.assertEqual(children(), [])  # reaped by close itself

    def test_after_failed_opens(self):
        for u in [uri('/nonexistent'), uri(SOCK, '&command=%s/bin/ssh-unknown-host' % D),
                  'test+ssh://127.0.0.1:1/default?socket=' + SOCK]:
            with self.assertRaises(libvirt.libvirtError):
                libvirt.open(u)
        self.assertEqual(children(), [])

    def test_ssh_killed_mid_call(self):
        c = libvirt.open(uri(SOCK))
        ssh = [pid for pid, comm in children() if comm == 'ssh']
        self.assertEqual(len(ssh), 1)
        errors, stop = [], threading.Event()

        def caller():
            while not stop.is_set():
                try:
                    c.getHostname()
                except libvirt.libvirtError as e:
                    errors.append((time.time(), e.get_error_message()))
                    if len(errors) > 20:
                        return

        threads = [threading.Thread(target=caller) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        killed = time.time()
        os.kill(ssh[0], signal.SIGKILL)
        for t in threads:
            t.join(10)
        stop.set()
        self.assertFalse(any(t.is_alive() for t in threads), 'a call hangs')
        self.assertGreater(len(errors), 0)
        self.assertLess(errors[0][0] - killed, 2.0)
        c.close()
        self.assertEqual(children(), [])

    def test_connection_dropped_without_close(self):
        c = libvirt.open(uri(SOCK))
        c.getHostname()
        del c  # the last reference
        self.assertNoChildren()



class LibsshLeavesNothing(unittest.TestCase):
    URI = ('test+libssh://%s@%s/default?socket=%s%s&keyfile=%s/client_key&known_hosts=%s/known_hosts'
           % (__import__('getpass').getuser(), HOST, SOCK, NC, D, D))

    def sessions(self):
        return sshd_sessions(D)

    def sockets(self):
        n = 0
        for f in os.listdir('/proc/self/fd'):
            try:
                n += os.readlink('/proc/self/fd/' + f).startswith('socket:')
            except OSError:
                pass  # the listing's own descriptor
        return n

    def settled(self, want):
        deadline = time.time() + 5
        while len(self.sessions()) > want and time.time() < deadline:
            time.sleep(0.02)
        return len(self.sessions())

    def test_closed_and_failed_connections_end_their_sessions(self):
        before, socks = self.settled(0), self.sockets()
        for _ in range(3):
            c = libvirt.open(self.URI)
            c.getHostname()
            c.close()
        for bad in ['&known_hosts=/dev/null', '&keyfile=%s/other_key' % D]:
            with self.assertRaises(libvirt.libvirtError):
                libvirt.open(self.URI + bad)
        self.assertEqual(self.settled(before), before)
        self.assertEqual(self.sockets(), socks)
        self.assertEqual(threading.active_count(), 1)

    def test_a_failing_remote_command_reports_its_exit_status(self):
        # libvirt 9.0.0 reports -1 when the status comes after the end of file.
        for bad, code in [(SOCK, 1, ), (D + '/nc', 127)]:
            u = self.URI.replace(bad, '/no/such/thing')
            for _ in range(3):
                with self.assertRaises(libvirt.libvirtError) as e:
                    libvirt.open(u)
                self.assertEqual(e.exception.get_error_message(),
                                 'libssh transport error: Remote command terminated with '
                                 'non-zero code: %d' % code)


if __name__ == '__main__':
    unittest.main()
