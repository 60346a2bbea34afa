#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A companion library (libvirt-qemu.so.0 ...) loads beside virtkit's
libvirt.so.0 and resolves every public symbol of Debian's, each at its
version node (dlvsym), and its functions reach libvirt.so.0's private twins.

  companion_dlopen.py OUR_LIBRARY REFERENCE   (REFERENCE: a path, or a file
                                               name in libvirt's libdir)
Run with LD_LIBRARY_PATH naming the directory of our libvirt.so.0.
Exit status 77: skipped (no reference library).
"""
import ctypes
import os
import subprocess
import sys


def public_symbols(lib):
    out = subprocess.run(['nm', '-D', '--defined-only', '--with-symbol-versions', lib],
                         check=True, capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[1] == 'A':
            continue
        name, _, node = parts[2].partition('@@')
        if not node:
            name, _, node = parts[2].partition('@')
        if '_PRIVATE_' not in node:
            syms.append((name, node))
    return syms


def main():
    ours, ref = sys.argv[1], sys.argv[2]
    if '/' not in ref:
        libdir = subprocess.run(['pkg-config', '--variable=libdir', 'libvirt'],
                                capture_output=True, text=True).stdout.strip()
        ref = os.path.join(libdir or '/usr/lib/x86_64-linux-gnu', ref)
    if not os.path.exists(ref):
        print('SKIPPED: reference library %s not found' % ref)
        return 77
    lib = ctypes.CDLL(os.path.abspath(ours))
    libc = ctypes.CDLL(None)
    libc.dlvsym.restype = ctypes.c_void_p
    libc.dlvsym.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    bad = []
    syms = public_symbols(ref)
    for name, node in syms:
        if not libc.dlvsym(lib._handle, name.encode(), node.encode()):
            bad.append('%s@%s' % (name, node))
    # the libvirt.so.0 it loaded is ours: it has the private twins
    ldir = os.environ.get('LD_LIBRARY_PATH', '').split(':')[0]
    maps = open('/proc/self/maps').read()
    core = [l.split()[-1] for l in maps.splitlines() if l.endswith('/libvirt.so.0') or
            '/libvirt.so.0.' in l]
    if not core or not all(os.path.dirname(os.path.realpath(p)) == os.path.realpath(ldir)
                           for p in core):
        bad.append('libvirt.so.0 loaded from %s, not %s' % (sorted(set(core)), ldir))
    for name, _ in syms:  # looked up in the library's dependencies
        twin = 'virtkitPriv_' + name
        if not libc.dlvsym(lib._handle, twin.encode(), b'LIBVIRT_PRIVATE_9.0.0'):
            bad.append('no %s@LIBVIRT_PRIVATE_9.0.0 in the loaded libvirt.so.0' % twin)
    print('%s: %d public symbols of %s' % (ours, len(syms), ref))
    if bad:
        print('FAIL:\n  ' + '\n  '.join(bad))
        return 1
    print('PASS: every symbol resolves at its version node')
    return 0


if __name__ == '__main__':
    sys.exit(main())
