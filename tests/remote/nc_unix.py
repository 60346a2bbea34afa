#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""`nc -U PATH` for the remote side of libvirt's netcat proxy in the tests
(no netcat package needed): copies stdin to the unix socket and the socket
to stdout. `nc -q` (libvirt's probe for OpenBSD netcat) prints nothing."""
import os
import select
import socket
import sys

args = sys.argv[1:]
if '-U' not in args or args.index('-U') + 1 >= len(args):
    sys.exit(1)
path = args[args.index('-U') + 1]
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(path)
except OSError as e:
    sys.stderr.write('nc: %s: %s\n' % (path, e.strerror))
    sys.exit(1)
stdin_open = True
while True:
    r, _, _ = select.select([0, s] if stdin_open else [s], [], [])
    if 0 in r:
        data = os.read(0, 65536)
        if data:
            s.sendall(data)
        else:
            stdin_open = False
            s.shutdown(socket.SHUT_WR)
    if s in r:
        data = s.recv(65536)
        if not data:
            break
        view = memoryview(data)
        while view:
            view = view[os.write(1, view):]
