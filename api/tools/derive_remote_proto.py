#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Maintainer tool: derive virtkit's compact remote protocol description.

Reads the XDR definitions of libvirt's RPC protocol (the packet header, the
keepalive, remote, qemu, lxc and admin programs) and writes api/remote.proto, our own
one-line-per-item description of the wire facts: procedure numbers, message
layouts and limits. Nothing of the input's text, comments or code is kept.

Usage (from a libvirt source tree of the version we follow):
  derive_remote_proto.py --src /work/ref/libvirt-9.0.0 \
      --headers include/libvirt -o api/remote.proto

Output format (read by api/gen_remote.py):
  program NAME NUMBER VERSION
  struct NAME field:type ...
  union NAME discr:type | CASE field:type | CASE field:type | default field:type
  proc NUMBER NAME [args(field:type ...)] [ret(field:type ...)] [msg(field:type ...)]
Types: int uint hyper uhyper double float bool string string<N> opaque<N>
opaque[N] uuid opt<T> array<T,N> T[N] and struct/union names. A plain
`string` is bounded by the protocol's string maximum (4194304).
"""

import argparse
import os
import re
import sys

STRING_MAX = 4194304


def read_header_constants(headers):
    consts = {}
    for name in sorted(os.listdir(headers)):
        if not name.endswith('.h'):
            continue
        with open(os.path.join(headers, name)) as f:
            text = f.read()
        for m in re.finditer(r'#\s*define\s+(VIR_\w+)\s+\(?\s*(\d+)\s*(?:\+\s*(\d+))?\s*\)?\s*$',
                             text, re.M):
            consts[m.group(1)] = int(m.group(2)) + int(m.group(3) or 0)
        for m in re.finditer(r'^\s*(VIR_\w+)\s*=\s*(-?\d+|0x[0-9a-fA-F]+)', text, re.M):
            consts.setdefault(m.group(1), int(m.group(2), 0))
    return consts


TOKEN = re.compile(r'\s*(?:(0x[0-9a-fA-F]+|-?\d+)|([A-Za-z_]\w*)|(.))', re.S)


def tokenize(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = '\n'.join(l for l in text.split('\n') if not l.lstrip().startswith('%'))
    toks = []
    for m in TOKEN.finditer(text):
        if m.group(1):
            toks.append(('num', int(m.group(1), 0)))
        elif m.group(2):
            toks.append(('id', m.group(2)))
        elif m.group(3) and not m.group(3).isspace():
            toks.append(('p', m.group(3)))
    return toks


class Parser:
    def __init__(self, consts):
        self.consts = consts      # name -> int
        self.typedefs = {}        # name -> type string
        self.structs = {}         # name -> [(field, type)]
        self.unions = {}          # name -> (discr, dtype, [(case, field, type)])
        self.enums = {}           # name -> [(name, value)]
        self.order = []           # struct/union names in definition order

    def parse(self, toks):
        self.t, self.i = toks, 0
        while self.i < len(self.t):
            kw = self.next_id()
            if kw == 'const':
                name = self.next_id()
                self.expect('=')
                self.consts[name] = self.value()
                self.expect(';')
            elif kw == 'typedef':
                field, typ = self.decl()
                self.typedefs[field] = typ
                self.expect(';')
            elif kw == 'struct':
                name = self.next_id()
                self.expect('{')
                fields = []
                while not self.accept('}'):
                    fields.append(self.decl())
                    self.expect(';')
                self.expect(';')
                self.structs[name] = fields
                self.order.append(name)
            elif kw == 'union':
                name = self.next_id()
                self.expect_id('switch')
                self.expect('(')
                dtype = self.type_spec()
                discr = self.next_id()
                self.expect(')')
                self.expect('{')
                cases = []
                while not self.accept('}'):
                    if self.peek_id('default'):
                        self.i += 1
                        label = 'default'
                    else:
                        self.expect_id('case')
                        label = str(self.value())
                    self.expect(':')
                    if self.peek_id('void'):
                        self.i += 1
                        cases.append((label, None, None))
                    else:
                        f, ty = self.decl()
                        cases.append((label, f, ty))
                    self.expect(';')
                self.expect(';')
                self.unions[name] = (discr, dtype, cases)
                self.order.append(name)
            elif kw == 'enum':
                name = self.next_id()
                self.expect('{')
                vals = []
                while not self.accept('}'):
                    n = self.next_id()
                    self.expect('=')
                    v = self.value()
                    self.consts[n] = v
                    vals.append((n, v))
                    self.accept(',')
                self.expect(';')
                self.enums[name] = vals
            else:
                raise SystemExit('unexpected %r at token %d' % (kw, self.i))

    # -- token helpers --
    def next_id(self):
        k, v = self.t[self.i]
        if k != 'id':
            raise SystemExit('identifier expected, got %r' % (v,))
        self.i += 1
        return v

    def peek_id(self, word):
        return self.i < len(self.t) and self.t[self.i] == ('id', word)

    def expect_id(self, word):
        if self.next_id() != word:
            raise SystemExit('%s expected' % word)

    def accept(self, p):
        if self.i < len(self.t) and self.t[self.i] == ('p', p):
            self.i += 1
            return True
        return False

    def expect(self, p):
        if not self.accept(p):
            raise SystemExit('%r expected at token %d: %r' % (p, self.i, self.t[self.i:self.i + 5]))

    def value(self):
        k, v = self.t[self.i]
        self.i += 1
        if k == 'num':
            return v
        if v not in self.consts:
            raise SystemExit('unknown constant ' + v)
        return self.consts[v]

    def type_spec(self):
        w = self.next_id()
        if w == 'unsigned':
            if self.peek_id('int') or self.peek_id('hyper') or self.peek_id('char') or self.peek_id('short'):
                w2 = self.next_id()
                return {'int': 'uint', 'hyper': 'uhyper', 'char': 'uint', 'short': 'uint'}[w2]
            return 'uint'
        if w in ('int', 'char', 'short'):
            return 'int'
        if w in ('hyper', 'double', 'float', 'bool', 'string', 'opaque', 'void'):
            return w
        if w == 'struct':
            return self.next_id()
        return w  # a named type, resolved later

    def decl(self):
        base = self.type_spec()
        ptr = self.accept('*')
        name = self.next_id()
        typ = base
        if self.accept('<'):
            n = None if self.accept('>') else self.value()
            if n is not None:
                self.expect('>')
            if base == 'string':
                typ = 'string' if n == STRING_MAX else ('string<%s>' % ('' if n is None else n))
            elif base == 'opaque':
                typ = 'opaque<%s>' % ('' if n is None else n)
            else:
                typ = 'array<%s,%s>' % (base, '' if n is None else n)
        elif self.accept('['):
            n = self.value()
            self.expect(']')
            typ = 'opaque[%d]' % n if base == 'opaque' else '%s[%d]' % (base, n)
        if ptr:
            typ = 'opt<%s>' % typ
        return name, typ


def short(name):
    for p in ('remote_', 'virNetMessage', 'keepalive_'):
        if name.startswith(p):
            return name[len(p):]
    return name


def resolve(p, typ):
    """Rewrites a type string: typedefs expanded, enums to int, names shortened."""
    def one(tok):
        seen = 0
        while tok in p.typedefs and seen < 20:
            tok = p.typedefs[tok]
            seen += 1
            tok = resolve(p, tok)
        if tok in p.enums:
            return 'int'
        if tok in p.structs or tok in p.unions:
            return short(tok)
        return tok
    if typ == 'opaque[16]':
        return 'uuid'
    m = re.fullmatch(r'opt<(.*)>', typ)
    if m:
        return 'opt<%s>' % resolve(p, m.group(1))
    m = re.fullmatch(r'array<(\w+),(\d*)>', typ)
    if m:
        return 'array<%s,%s>' % (resolve(p, m.group(1)), m.group(2))
    m = re.fullmatch(r'(\w+)\[(\d+)\]', typ)
    if m and m.group(1) != 'opaque':
        return '%s[%s]' % (resolve(p, m.group(1)), m.group(2))
    r = one(typ)
    return 'uuid' if r == 'opaque[16]' else r


def fields(p, name):
    return ' '.join('%s:%s' % (f, resolve(p, t)) for f, t in p.structs[name])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--src', required=True, help='libvirt source tree')
    ap.add_argument('--headers', required=True, help='public libvirt headers (constants)')
    ap.add_argument('-o', '--output', required=True)
    a = ap.parse_args()

    consts = read_header_constants(a.headers)
    out = ['# virtkit remote protocol description: wire facts of libvirt 9.0.0 RPC.',
           '# Generated by api/tools/derive_remote_proto.py; read by api/gen_remote.py.',
           '# Format: see the tool. One line per program, struct, union and procedure.']

    # (file, program, constant prefix, procedure enum, file whose types it uses)
    progs = [('rpc/virnetprotocol.x', None, None, None, None),
             ('rpc/virkeepaliveprotocol.x', 'keepalive', 'KEEPALIVE', 'keepalive_procedure', None),
             ('remote/remote_protocol.x', 'remote', 'REMOTE', 'remote_procedure', None),
             ('remote/qemu_protocol.x', 'qemu', 'QEMU', 'qemu_procedure', 'remote/remote_protocol.x'),
             ('remote/lxc_protocol.x', 'lxc', 'LXC', 'lxc_procedure', 'remote/remote_protocol.x'),
             ('admin/admin_protocol.x', 'admin', 'ADMIN', 'admin_procedure', None)]
    for rel, prog, prefix, procenum, base_rel in progs:
        p = Parser(dict(consts))
        inherited = set()
        if base_rel:
            with open(os.path.join(a.src, 'src', base_rel)) as f:
                p.parse(tokenize(f.read()))
            inherited = set(p.order)
        with open(os.path.join(a.src, 'src', rel)) as f:
            p.parse(tokenize(f.read()))
        if prog is None:
            out.append('')
            out.append('# packet header and status')
            for en, nm in (('virNetMessageType', 'message_type'), ('virNetMessageStatus', 'message_status')):
                out.append('enum %s %s' % (nm, ' '.join('%s=%d' % (n, v) for n, v in p.enums[en])))
            for c in ('VIR_NET_MESSAGE_MAX', 'VIR_NET_MESSAGE_HEADER_MAX', 'VIR_NET_MESSAGE_INITIAL',
                      'VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX'):
                out.append('const %s %d' % (c, p.consts[c]))
            out.append('struct header %s' % fields(p, 'virNetMessageHeader'))
            out.append('struct stream_hole %s' % fields(p, 'virNetStreamHole'))
            continue
        out.append('')
        out.append('program %s 0x%x %d' % (prog, p.consts[prefix + '_PROGRAM'],
                                           p.consts[prefix + '_PROTOCOL_VERSION']))
        procs = p.enums[procenum]
        msg_structs = set()
        for n, _ in procs:
            base = prog + '_' + n[len(prefix + '_PROC_'):].lower() if prog != 'keepalive' else None
            if base:
                for suf in ('_args', '_ret', '_msg'):
                    msg_structs.add(base + suf)
        # referenced by others: keep as named structs too
        used = set()
        for name in p.order:
            body = p.structs.get(name) or [(f, t) for _, f, t in p.unions[name][2] if f]
            for _, t in body:
                for w in re.findall(r'\w+', t):
                    used.add(w)
        for name in p.order:
            if name in inherited:
                continue
            if name in msg_structs and name not in used:
                continue
            if name in p.unions:
                discr, dtype, cases = p.unions[name]
                arms = ' | '.join('%s %s' % (c, '%s:%s' % (f, resolve(p, t)) if f else 'void')
                                  for c, f, t in cases)
                out.append('union %s %s:%s | %s' % (short(name), discr, resolve(p, dtype), arms))
            else:
                out.append(('struct %s %s' % (short(name), fields(p, name))).rstrip())
        for n, v in procs:
            pname = n[len(prefix + '_PROC_'):].lower()
            line = 'proc %d %s' % (v, pname)
            if prog != 'keepalive':
                for suf, tag in (('_args', 'args'), ('_ret', 'ret'), ('_msg', 'msg')):
                    s = prog + '_' + pname + suf
                    if s in p.structs:
                        line += ' %s(%s)' % (tag, fields(p, s))
            out.append(line)
    with open(a.output, 'w') as f:
        f.write('\n'.join(out) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
