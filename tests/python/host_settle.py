# SPDX-License-Identifier: LGPL-2.1-or-later
"""Through a daemon (VIRTKIT_REMOTE_URI), make every test start on a fresh
default host, as it does locally: a daemon frees a connection's host only
after replying to its close, so the next test could still share the last
one's. Each finished test marks the host it leaves; the next test starts once
no connection sees the mark. Importing this module installs it."""
import os
import time
import unittest

import libvirt

URI = os.environ.get("VIRTKIT_REMOTE_URI", "")
MARK = "host-settle-mark"


def _probe(fn):
    try:
        conn = libvirt.open(URI)
    except libvirt.libvirtError:
        return True
    try:
        return fn(conn)
    finally:
        conn.close()


def _mark(conn):
    if MARK not in conn.listDefinedNetworks():
        conn.networkDefineXML("<network><name>%s</name></network>" % MARK)
    return True


def _clean(conn):
    return MARK not in conn.listDefinedNetworks()


def _install():
    original = unittest.TestCase.run

    def run(self, result=None):
        deadline = time.monotonic() + 10
        while not _probe(_clean) and time.monotonic() < deadline:
            time.sleep(0.002)
        try:
            return original(self, result)
        finally:
            _probe(_mark)

    unittest.TestCase.run = run


if URI:
    _install()
