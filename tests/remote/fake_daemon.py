#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A fake libvirt daemon for the client's checks on replies a real daemon
does not send (too many vCPUs, short buffers...).

  fake_daemon.py run -- CMD...

serves a unix socket in a temporary folder and runs CMD with
VIRTKIT_REMOTE_URI=test+unix:///default?socket=... (and
VIRTKIT_FAKE_DAEMON=1). Every connection gets
the same answers: authentication none, open/close OK, feature checks 0, the
domain "test" for any lookup by name (and objects of the other kinds the
test driver lacks: a network with DHCP leases and a port, a secret with a
value, a filter and a binding, a device without a parent), and for the
procedures in REPLIES the crafted payload there; any other call fails with an error that names its
procedure number. Replies with descriptors (REPLY_WITH_FDS, each descriptor
sent after the packet with a one-byte message, as libvirtd does):
domain_open_graphics_fd with idx 0 gets one end of a socket pair whose
other end got "graphics" and was closed, idx 1 two descriptors, idx 2 none,
other idx a plain reply; domain_get_xml_desc answers "<domain/>" with an
unrequested descriptor, or with flags 1 in a plain reply whose last byte
carries a descriptor.

Migration (tests/remote/remote_migrate.cc, migrate_compare.py): a
connection whose URI path is not /default, e.g.
test+unix:///src-v3-paused?socket=..., is a migration host. Its first word
names it in the log; the others are features it claims (v1 v2 v3 params
p2p direct protect migratable offline) and behaviours: paused (the domain
is paused), nouri (prepare sets no URI), nocookie (perform returns
no cookie), failprepare, failperform,
failfinish, failconfirm, ignorecancel (finish answers with a domain
even when told the migration was cancelled), died (finish after a cancelled perform reports the
guest died rather than QEMU's "aborted"). It answers begin, prepare,
perform, finish and confirm of every protocol version with cookies naming
the step, prepare with a URI when none was given, finish with a domain
named after dname (or the destination_name parameter), and appends one
line per migration call to the file named by VIRTKIT_FAKE_LOG (set for
CMD): the host, the procedure and its arguments."""

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

# Objects the test driver lacks, for the C++ API's conversions
# (tests/remote/remote_cxx_kinds.cc): any network lookup by name gives the
# network "net", and so on for the others.
NETWORK = string('net') + UUID  # nonnull_network
PORT_UUID = bytes(range(16, 32))
SECRET_VALUE = b'\0s3cret\xff'


def ostring(s):
    return u32(0) if s is None else u32(1) + string(s)


def lease(iface, expiry, typ, mac, iaid, ip, prefix, host, client):
    return (string(iface) + u64(expiry) + u32(typ) + ostring(mac) + ostring(iaid) +
            string(ip) + u32(prefix) + ostring(host) + ostring(client))


REPLIES.update({
    46: NETWORK,  # network_lookup_by_name
    # network_get_dhcp_leases: an IPv4 lease with every field, an IPv6 one without the optional ones
    341: u32(2) + lease('virbr0', 1700000000, 0, '52:54:00:00:00:01', None, '192.168.122.10',
                        24, 'guest', '01:52:54:00:00:00:01') +
    lease('virbr0', 1700003600, 1, None, '5', 'fd00::10', 64, None, None) + u32(2),
    # network_list_all_ports: one port, ret 1
    404: u32(1) + NETWORK + PORT_UUID + u32(1),
    # network_port_get_parameters: an unsigned int and an unsigned long long, nparams 2
    407: u32(2) + string('inbound.average') + u32(2) + u32(100) +
    string('inbound.peak') + u32(4) + u64(1 << 40) + u32(2),
    408: b'',  # network_port_set_parameters
    409: string('<networkport/>'),  # network_port_get_xml_desc
    410: b'',  # network_port_delete
    175: string('clean-traffic') + UUID,  # nwfilter_lookup_by_name
    177: string('<filter/>'),  # nwfilter_get_xml_desc
    397: string('vnet0') + string('clean-traffic'),  # nwfilter_binding_lookup_by_port_dev
    398: string('<filterbinding/>'),  # nwfilter_binding_get_xml_desc
    147: UUID + u32(1) + string('/var/lib/x.img'),  # secret_lookup_by_usage: a volume's
    143: string('<secret/>'),  # secret_get_xml_desc
    144: b'',  # secret_set_value
    145: opaque(SECRET_VALUE),  # secret_get_value
    113: string('dev'),  # node_device_lookup_by_name
    115: ostring(None),  # node_device_get_parent: none, and no error
})


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


# ---- migration hosts ----

FEATURES = {'v1': 1, 'v2': 3, 'p2p': 4, 'direct': 5, 'v3': 6, 'protect': 7,
            'migratable': 11, 'offline': 12, 'params': 13}
MIGR_XML = '<domain><name>test</name></domain>'
LOG = None


class Reader:
    def __init__(self, b):
        self.b, self.o = b, 0

    def u32(self):
        v = struct.unpack('>I', self.b[self.o:self.o + 4])[0]
        self.o += 4
        return v

    def i32(self):
        v = struct.unpack('>i', self.b[self.o:self.o + 4])[0]
        self.o += 4
        return v

    def u64(self):
        v = struct.unpack('>Q', self.b[self.o:self.o + 8])[0]
        self.o += 8
        return v

    def opq(self):
        n = self.u32()
        v = self.b[self.o:self.o + n]
        self.o += n + (4 - n % 4) % 4
        return v

    def str(self):
        return self.opq().decode()

    def ostr(self):
        return self.str() if self.u32() else None

    def dom(self):
        name = self.str()
        self.o += 16 + 4
        return name

    def params(self):
        out = []
        for _ in range(self.u32()):
            field = self.str()
            t = self.u32()
            if t in (1, 2, 6):
                v = self.i32() if t != 2 else self.u32()
            elif t in (3, 4):
                v = self.u64()
            elif t == 5:
                v = struct.unpack('>d', self.b[self.o:self.o + 8])[0]
                self.o += 8
            else:
                v = self.str()
            out.append((field, v))
        return out


# procedure: (name, [(field, reader)])
MIGR_PROCS = {
    61: ('prepare', 'uri_in:ostr flags:u64 dname:ostr resource:u64'),
    62: ('perform', 'dom:dom cookie:opq uri:str flags:u64 dname:ostr resource:u64'),
    63: ('finish', 'dname:str cookie:opq uri:str flags:u64'),
    108: ('prepare2', 'uri_in:ostr flags:u64 dname:ostr resource:u64 dom_xml:str'),
    109: ('finish2', 'dname:str cookie:opq uri:str flags:u64 retcode:i32'),
    213: ('begin3', 'dom:dom xmlin:ostr flags:u64 dname:ostr resource:u64'),
    214: ('prepare3', 'cookie_in:opq uri_in:ostr flags:u64 dname:ostr resource:u64 dom_xml:str'),
    216: ('perform3', 'dom:dom xmlin:ostr cookie_in:opq dconnuri:ostr uri:ostr flags:u64 '
                      'dname:ostr resource:u64'),
    217: ('finish3', 'dname:str cookie_in:opq dconnuri:ostr uri:ostr flags:u64 cancelled:i32'),
    218: ('confirm3', 'dom:dom cookie_in:opq flags:u64 cancelled:i32'),
    302: ('begin3_params', 'dom:dom params:params flags:u32'),
    303: ('prepare3_params', 'params:params cookie_in:opq flags:u32'),
    305: ('perform3_params', 'dom:dom dconnuri:ostr params:params cookie_in:opq flags:u32'),
    306: ('finish3_params', 'params:params cookie_in:opq flags:u32 cancelled:i32'),
    307: ('confirm3_params', 'dom:dom params:params cookie_in:opq flags:u32 cancelled:i32'),
    14: ('get_xml_desc', 'dom:dom flags:u32'),
    16: ('get_info', 'dom:dom'),
    212: ('get_state', 'dom:dom flags:u32'),
    60: ('supports_feature', 'feature:i32'),
}


def show(v):
    if v is None:
        return '-'
    if isinstance(v, bytes):
        return v.decode('latin-1').encode('unicode_escape').decode()
    if isinstance(v, list):
        return '[' + ','.join('%s=%s' % (f, show(x)) for f, x in v) + ']'
    return str(v)


def error_reply(code, dom, msg, level=2, strs=(None, None, None), int1=0, int2=0):
    def ostr(x):
        return u32(0) if x is None else u32(1) + string(x)
    return (u32(code) + u32(dom) + ostr(msg) + u32(level) + u32(0) +
            b''.join(ostr(x) for x in strs) + u32(int1) + u32(int2) + u32(0))


def domain(name, dom_id=7):
    return string(name) + UUID + u32(dom_id)


def migration_reply(words, proc, a):
    """(status, payload) for a migration host's call."""
    has = words.__contains__
    cookie = lambda step: opaque(step.encode() + b'\0cookie')  # noqa: E731
    given_uri = a.get('uri_in') or dict(a.get('params') or []).get('migrate_uri')
    uri_out = u32(0) if (given_uri or has('nouri')) else u32(1) + string('tcp://dst.example:49152')
    params = dict(a.get('params') or [])
    if proc == 60:
        return 0, u32(1 if any(FEATURES.get(w) == a['feature'] for w in words) else 0)
    if proc == 16:
        state = 3 if has('paused') else 1
        return 0, u32(state) + u64(1024) + u64(1024) + u32(1) + u64(0)
    if proc == 212:
        return 0, u32(3 if has('paused') else 1) + u32(0)
    if proc == 14:
        return 0, string(MIGR_XML)
    name = MIGR_PROCS[proc][0]
    step = name.split('_')[0].rstrip('0123456789')
    if has('fail' + step):
        return 1, error_reply(VIR_ERR_OPERATION_FAILED, VIR_FROM_QEMU, 'fake %s failure' % step,
                              strs=('s1 ' + step, 's2', 's3'), int1=11, int2=22)
    cancelled = a.get('cancelled', a.get('retcode', 0))
    if step == 'finish' and cancelled and not has('ignorecancel'):
        if has('died'):
            return 1, error_reply(VIR_ERR_OPERATION_FAILED, VIR_FROM_QEMU,
                                  'guest died on the destination')
        return 1, error_reply(VIR_ERR_MIGRATE_FINISH_OK, VIR_FROM_QEMU,
                              'migration successfully aborted')
    if proc in (61, 108):
        return 0, cookie(name) + uri_out
    if proc in (62, 218, 307):
        return 0, b''
    if proc == 63 or proc == 109:
        return 0, domain(a['dname'])
    if proc in (213, 302):
        return 0, cookie(name) + string(MIGR_XML)
    if proc in (214, 303):
        return 0, cookie(name) + uri_out
    if proc in (216, 305):  # nocookie: as for peer-to-peer, whose callers take none
        return 0, opaque(b'') if has('nocookie') else cookie(name)
    if proc == 217:
        return 0, domain(a['dname']) + cookie(name)
    if proc == 306:
        return 0, domain(params.get('destination_name', '?')) + cookie(name)
    return 1, error_payload(proc)


VIR_ERR_OPERATION_FAILED = 9
VIR_ERR_MIGRATE_FINISH_OK = 93
VIR_FROM_QEMU = 10


def migration_call(words, proc, body):
    """(status, payload) for a migration host, or None for calls it leaves
    to the common answers."""
    if proc not in MIGR_PROCS:
        return None
    name, spec = MIGR_PROCS[proc]
    r = Reader(body)
    a = {}
    for item in spec.split():
        field, kind = item.split(':')
        a[field] = getattr(r, kind)()
    if proc == 60 and a['feature'] not in FEATURES.values():
        return None
    if LOG:
        line = ' '.join([words[0], name] + ['%s=%s' % (k, show(v)) for k, v in a.items()])
        with open(LOG, 'a') as f:
            f.write(line + '\n')
    return migration_reply(words, proc, a)


def read_exact(conn, n):
    buf = b''
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def serve_one(conn):
    words = None
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
            if proc == 1:  # connect_open: the URI's path names a migration host
                r = Reader(body[24:])
                uri = r.ostr() or ''
                path = uri.split('://', 1)[-1].split('?')[0].strip('/')
                words = path.split('-') if path and path != 'default' else None
            migr = migration_call(words, proc, body[24:]) if words else None
            withfds = None if migr else fd_reply(proc, body[24:])
            if migr:
                status, payload = migr
            elif withfds:
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
    global LOG
    LOG = env['VIRTKIT_FAKE_LOG'] = os.path.join(d, 'log')
    try:
        rc = subprocess.call(sys.argv[3:], env=env)
    finally:
        srv.close()
        os.unlink(path)
        if os.path.exists(LOG):
            os.unlink(LOG)
        os.rmdir(d)
    sys.exit(rc)


if __name__ == '__main__':
    main()
