#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Seeds of fuzz/sasl_reply.cc (its header describes the input): the
replies of a daemon offering DIGEST-MD5 (a challenge as libvirtd's cyrus
sends it, a final rspauth), SCRAM and PLAIN, and failures at each call."""

import os
import struct

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus', 'sasl_reply')


def xdr_string(s):
    b = s.encode()
    return struct.pack('>I', len(b)) + b + b'\0' * (-len(b) % 4)


def sasl_ret(complete, data):
    """auth_sasl_start_ret / auth_sasl_step_ret: each byte a signed int."""
    out = struct.pack('>ii', complete, 0 if data is not None else 1)
    data = data or b''
    out += struct.pack('>I', len(data))
    for c in data:
        out += struct.pack('>i', c - 256 if c > 127 else c)
    return out


def reply(payload):
    return struct.pack('>H', len(payload)) + payload


ERROR = b'\xff\xff'
CHALLENGE = (b'realm="vm",nonce="x9HXZl7IHfM0RBO3kF7nDW4wXFmOA6bMfN1k0pkzmUo=",'
             b'qop="auth,auth-int,auth-conf",cipher="rc4-40,rc4-56,rc4,des,3des",'
             b'maxbuf=65536,charset=utf-8,algorithm=md5-sess')
RSPAUTH = b'rspauth=3b46f56bb5a1d6b2b1ae07e00b0bf6a8'

SEEDS = {
    'digest': bytes([0]) + reply(xdr_string('DIGEST-MD5')) + reply(sasl_ret(0, CHALLENGE))
    + reply(sasl_ret(1, RSPAUTH)),
    'digest_mech_tls': bytes([2 | 16]) + reply(xdr_string('SCRAM-SHA-1,DIGEST-MD5'))
    + reply(sasl_ret(0, CHALLENGE)) + reply(sasl_ret(1, RSPAUTH)),
    'digest_wrong': bytes([0]) + reply(xdr_string('DIGEST-MD5')) + reply(sasl_ret(0, CHALLENGE))
    + ERROR,
    'callback_fails': bytes([4]) + reply(xdr_string('DIGEST-MD5')) + reply(sasl_ret(0, CHALLENGE)),
    'no_auth': bytes([8]) + reply(xdr_string('DIGEST-MD5')),
    'scram_secure': bytes([1]) + reply(xdr_string('SCRAM-SHA-256'))
    + reply(sasl_ret(0, b'r=abc,s=c2FsdA==,i=4096')) + reply(sasl_ret(1, b'v=AAAA')),
    'plain_secure': bytes([1]) + reply(xdr_string('PLAIN')) + reply(sasl_ret(1, None)),
    'init_fails': bytes([0]) + ERROR,
}

if __name__ == '__main__':
    os.makedirs(HERE, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(data)
