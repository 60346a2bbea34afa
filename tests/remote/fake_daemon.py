#!/usr/bin/env python3
"""A fake libvirt daemon for the client's checks on replies a real daemon
does not send (too many vCPUs, short buffers...).

  fake_daemon.py run -- CMD...

serves a unix socket in a temporary folder and runs CMD with
VIRTKIT_REMOTE_URI=test+unix:///default?socket=... (and
VIRTKIT_FAKE_DAEMON=1). Every connection gets
the same answers: authentication none, open/close OK, feature checks 0, the
domain "test" for any lookup by name, and for the procedures in REPLIES
the crafted payload there; any other call fails with an error that names its
procedure number. Replies with descriptors (REPLY_WITH_FDS, each descriptor
sent after the packet with a one-byte message, as libvirtd does):
domain_open_graphics_fd with idx 0 gets one end of a socket pair whose
other end got "graphics" and was closed, idx 1 two descriptors, idx 2 none,
other idx a plain reply; domain_get_xml_desc answers "<domain/>" with an
unrequested descriptor, or with flags 1 in a plain reply whose last byte
carries a descriptor."""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading

PROG = 0x20008086


def u32(v):
    return struct.pack('>I', v & 0xffffffff)


def u64(v):
    return struct.pack('>Q', v)


def opaque(b):
    pad = (4 - len(b) % 4) % 4
    return u32(len(b)) + b + b'\0' * pad


def string(s):
    return opaque(s.encode())


UUID = bytes(range(16))
DOMAIN = string('test') + UUID + u32(1)  # nonnull_domain

REPLIES = {
    66: u32(1) + u32(0),  # auth_list: [none]
    1: b'',  # connect_open
    2: b'',  # connect_close
    60: u32(0),  # connect_supports_feature (VIR_DRV_FEATURE_FD_PASSING: below)
    23: DOMAIN,  # domain_lookup_by_name
    # domain_get_vcpus: three vCPUs (the probe asks for two), no maps
    20: u32(3) + b''.join(u32(i) + u32(1) + u64(5) + u32(0) for i in range(3)) + opaque(b''),
    # domain_get_vcpu_pin_info: no maps, num 5 (the probe asks for two)
    230: opaque(b'') + u32(5),
    # domain_get_emulator_pin_info: a 3-byte map (the probe's maplen is 1)
    280: opaque(b'\xff\xff\xff') + u32(1),
    # domain_get_disk_errors: two errors (the probe has room for one)
    263: u32(2) + string('vda') + u32(1) + string('vdb') + u32(2) + u32(2),
    # domain_get_cpu_stats: 3 parameters in strides of 2
    262: u32(3) + b''.join(string('cpu_time') + u32(4) + u64(i) for i in range(3)) + u32(2),
    # domain_memory_peek, domain_block_peek: 4 bytes (the probe asks for 8)
    104: opaque(b'\1\2\3\4'),
    103: opaque(b'\1\2\3\4'),
    # domain_get_security_label_list: two labels, ret -1
    278: u32(2) + (u32(2) + u32(ord('a')) + u32(0) + u32(1)) * 2 + u32(0xffffffff),
}


def error_payload(proc):
    msg = 'fake daemon: no answer for procedure %d' % proc
    return (u32(1) + u32(7) + u32(1) + string(msg) + u32(2) + u32(0) + u32(0) * 3 +
            u32(0xffffffff) * 2 + u32(0))


REPLY = 1
REPLY_WITH_FDS = 5


def graphics_fd():
    """One end of a socket pair; "graphics" waits in it, then end of file."""
    a, b = socket.socketpair()
    b.sendall(b'graphics')
    b.close()
    return a


def fd_reply(proc, body):
    """(type, payload, descriptors) for the calls answered with descriptors,
    None for others."""
    if proc == 343:  # domain_open_graphics_fd: (dom, idx, flags)
        idx = struct.unpack('>I', body[-8:-4])[0]
        if idx == 0:
            return REPLY_WITH_FDS, u32(1), [graphics_fd()]
        if idx == 1:
            return REPLY_WITH_FDS, u32(2), [graphics_fd(), graphics_fd()]
        if idx == 2:
            return REPLY_WITH_FDS, u32(0), []
        return REPLY, b'', []
    if proc == 14:  # domain_get_xml_desc (dom, flags)
        if body[-4:] == u32(1):
            return REPLY, string('<domain/>'), 'last byte'
        return REPLY_WITH_FDS, u32(1) + string('<domain/>'), [graphics_fd()]
    return None


def read_exact(conn, n):
    buf = b''
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def serve_one(conn):
    with conn:
        while True:
            head = read_exact(conn, 4)
            if head is None:
                return
            (length,) = struct.unpack('>I', head)
            body = read_exact(conn, length - 4)
            if body is None:
                return
            prog, vers, proc, _type, serial, _status = struct.unpack('>IIiiIi', body[:24])
            if prog != PROG:
                continue
            mtype, fds = REPLY, []
            withfds = fd_reply(proc, body[24:])
            if withfds:
                status = 0
                mtype, payload, fds = withfds
            elif proc == 60 and body[24:28] == u32(8):  # VIR_DRV_FEATURE_FD_PASSING
                status, payload = 0, u32(1)
            elif proc in REPLIES:
                status, payload = 0, REPLIES[proc]
            else:
                status, payload = 1, error_payload(proc)
            header = struct.pack('>IIiiIi', prog, vers, proc, mtype, serial, status)
            pkt = u32(4 + len(header) + len(payload)) + header + payload
            if fds == 'last byte':
                conn.sendall(pkt[:-1])
                f = graphics_fd()
                socket.send_fds(conn, [pkt[-1:]], [f.fileno()])
                f.close()
                continue
            conn.sendall(pkt)
            for f in fds:
                socket.send_fds(conn, [b'\0'], [f.fileno()])
                f.close()


def main():
    if len(sys.argv) < 3 or sys.argv[1] != 'run' or sys.argv[2] != '--':
        sys.exit(__doc__)
    d = tempfile.mkdtemp(prefix='virtkit-fake-')
    path = os.path.join(d, 'sock')
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(16)

    def accept_loop():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    env = dict(os.environ)
    env['VIRTKIT_REMOTE_URI'] = 'test+unix:///default?socket=' + path
    env['VIRTKIT_FAKE_DAEMON'] = '1'
    try:
        rc = subprocess.call(sys.argv[3:], env=env)
    finally:
        srv.close()
        os.unlink(path)
        os.rmdir(d)
    sys.exit(rc)


if __name__ == '__main__':
    main()
