#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Seeds of fuzz/remote_reply.cc (its header describes the input).

corpus/remote_reply/daemon is a real daemon's answers to the target's calls
(Debian's libvirtd, test driver), recorded with the target itself:

  tests/remote/daemon.py run -- sh -c 'VIRTKIT_FUZZ_PROXY=${VIRTKIT_REMOTE_URI#*socket=} \\
      VIRTKIT_FUZZ_RECORD=fuzz/corpus/remote_reply/daemon \\
      build-asan/fuzz/fuzz_remote_reply -runs=1 DIR_WITH_A_FILE_HOLDING_0x01'

This script derives the other seeds from it: events for each registered
callback, a console stream with data, a hole and its end, job statistics
with every typed parameter type, and direct decodings of a few messages."""

import os
import struct
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus', 'remote_reply')


def u32(v):
    return struct.pack('>I', v & 0xffffffff)


def u64(v):
    return struct.pack('>Q', v & 0xffffffffffffffff)


def opaque(b):
    return u32(len(b)) + b + b'\0' * ((4 - len(b) % 4) % 4)


def string(s):
    return opaque(s.encode())


def opt(b):
    return u32(0) if b is None else u32(1) + b


DOM = string('test') + bytes(range(16)) + u32(1)
NET = string('default') + bytes(range(16, 32))


def chunk(op, body):
    return bytes([op]) + struct.pack('>H', len(body)) + body


def message(proc, body):
    return chunk(2, struct.pack('>H', proc) + body)


def typed(field, kind, value):
    enc = {1: u32, 2: u32, 3: u64, 4: u64, 5: lambda v: struct.pack('>d', v), 6: u32,
           7: string}[kind]
    return string(field) + u32(kind) + enc(value)


PARAMS = [typed('i', 1, -5), typed('ui', 2, 7), typed('l', 3, -1), typed('ul', 4, 1 << 40),
          typed('d', 5, 1.5), typed('b', 6, 1), typed('s', 7, 'text')]


def params(ps):
    return u32(len(ps)) + b''.join(ps)


def chunks(data):
    out, pos = [], 1
    while pos < len(data):
        n = (data[pos + 1] << 8) | data[pos + 2]
        out.append(data[pos:pos + 3 + n])
        pos += 3 + n
    return out


def write(name, parts):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(b'\x01' + b''.join(parts))


def main():
    base = chunks(open(os.path.join(HERE, 'daemon'), 'rb').read())
    # The replies in call order: 0 keepalive feature, 1 open, 2 close callback
    # feature, 3 its registration, 4-7 domain event registrations (ids 0-3),
    # 8 network (id 4), 9 lookup, 10 list all, 11 list ids, 12 stats, 13 XML,
    # 14 info, 15 job stats, 16 vCPUs, 17 console, 18 scheduler parameters,
    # 19 memory stats, 20 security label, 21 snapshots, 22 CPU map, 23
    # networks, then deregistrations, close.
    assert len(base) == 31, len(base)
    graphics = (DOM + u32(1) + u32(0) + string('127.0.0.1') + string('5900') + u32(0) +
                string('::1') + string('41000') + string('vnc') +
                u32(2) + string('x509dname') + string('cn') + string('saslUsername') +
                string('me'))
    events = [
        message(318, u32(0) + DOM + u32(2) + u32(0)),  # lifecycle: started
        message(323, u32(1) + graphics),
        message(346, u32(2) + DOM + params(PARAMS)),  # tunable
        message(327, u32(3) + DOM + opt(string('/old')) + opt(None) + string('disk0') + u32(0)),
        message(315, u32(4) + NET + u32(0) + u32(0)),
        message(363, u32(0) + DOM + params(PARAMS)),  # job completed, unregistered id
        message(339, u32(9) + DOM + string('vda') + u32(1) + u32(0)),
    ]
    write('events', base[:10] + events + base[10:])
    write('closed', base[:12] + [message(362, u32(1))] + base[12:])

    console = [chunk(0, b''),  # the console opened
               chunk(0x0b, b'hello'),  # data (CONTINUE)
               chunk(0x0b, b''),  # the end
               chunk(0x23, b'')]  # the finish confirmed
    write('stream', base[:17] + console + base[18:])
    err = (u32(38) + u32(10) + opt(string('stream broke')) + u32(2) + opt(None) +
           opt(string('a')) + opt(None) + opt(None) + u32(0) + u32(0) + opt(None))
    write('stream_error', base[:17] + [chunk(0, b''), chunk(0x0b, b'x'), chunk(0x07, err)] +
          base[18:])
    write('stream_hole', base[:17] + [chunk(0, b''), chunk(0x1b, u64(4096) + u32(0)),
                                      chunk(0x0b, b''), chunk(0x23, b'')] + base[18:])
    write('job_stats', base[:15] + [chunk(0, u32(2) + params(PARAMS))] + base[16:])
    write('sched_params', base[:18] + [chunk(0, params(PARAMS[:4]))] + base[19:])

    def direct(name, proc, which, body):
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(b'\x00' + struct.pack('>HB', proc, which) + body)

    for i, c in ((12, 'stats'), (10, 'list'), (16, 'vcpus')):
        proc = {12: 344, 10: 273, 16: 20}[i]
        direct('decode_' + c, proc, 1, base[i][3:])
    direct('decode_job_stats', 298, 1, u32(2) + params(PARAMS))
    direct('decode_graphics', 323, 2, u32(1) + graphics)
    direct('decode_error', 0, 3, err)


if __name__ == '__main__':
    sys.exit(main())
