#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Build-time generator: api/remote.proto -> C++ message types and XDR codecs.

The description holds the keepalive, remote, qemu, lxc and admin programs.

Every struct, union and procedure message of the description becomes a C++
struct plus `xdr(Encoder &, T &)` and `xdr(Decoder &, T &)` (src/drivers/remote/
xdr.h), declared in the header and defined, from one walk of the fields, in
the generated sources: compiled once, not in every file making calls.
Procedures become constants and a `Proc<N>` trait naming their message types.
"""

import argparse
import re
import sys

KEYWORDS = {'default', 'new', 'delete', 'class', 'template', 'register', 'union', 'struct',
            'int', 'long', 'short', 'char', 'float', 'double', 'bool', 'auto', 'enum', 'private',
            'public', 'operator', 'this', 'switch', 'case', 'return', 'signed', 'unsigned',
            'namespace', 'typename', 'virtual', 'friend', 'export', 'not', 'and', 'or', 'xor'}

SCALARS = {'int': ('int32_t', 'i32'), 'uint': ('uint32_t', 'u32'), 'hyper': ('int64_t', 'i64'),
           'uhyper': ('uint64_t', 'u64'), 'double': ('double', 'f64'), 'float': ('float', 'f32'),
           'bool': ('bool', 'boolean')}


def ident(name):
    return name + '_' if name in KEYWORDS else name


def split_fields(text):
    out = []
    for item in text.split():
        f, t = item.split(':', 1)
        out.append((f, t))
    return out


def cxx_type(t):
    if t in SCALARS:
        return SCALARS[t][0]
    if t == 'uuid':
        return 'Uuid'
    if t == 'string' or t.startswith('string<') or t.startswith('opaque<'):
        return 'std::string'
    m = re.fullmatch(r'opaque\[(\d+)\]', t)
    if m:
        return 'std::array<unsigned char, %s>' % m.group(1)
    m = re.fullmatch(r'opt<(.*)>', t)
    if m:
        return 'std::optional<%s>' % cxx_type(m.group(1))
    m = re.fullmatch(r'array<(.*),(\d*)>', t)
    if m:
        return 'std::vector<%s>' % cxx_type(m.group(1))
    m = re.fullmatch(r'(\w+)\[(\d+)\]', t)
    if m:
        return 'std::array<%s, %s>' % (cxx_type(m.group(1)), m.group(2))
    return ident(t)


def limit(n):
    return n if n else 'kUnbounded'


def codec(t, lv, depth=0):
    if t in SCALARS:
        return 'c.%s(%s);' % (SCALARS[t][1], lv)
    if t == 'string':
        return 'c.str(%s, kStringMax);' % lv
    m = re.fullmatch(r'string<(\d*)>', t)
    if m:
        return 'c.str(%s, %s);' % (lv, limit(m.group(1)))
    m = re.fullmatch(r'opaque<(\d*)>', t)
    if m:
        return 'c.bytes(%s, %s);' % (lv, limit(m.group(1)))
    if t == 'uuid' or re.fullmatch(r'opaque\[\d+\]', t):
        return 'c.fixed(%s.data(), %s.size());' % (lv, lv)
    e = 'e%d' % depth
    m = re.fullmatch(r'opt<(.*)>', t)
    if m:
        return 'c.opt(%s, [&](%s &%s) { %s });' % (lv, cxx_type(m.group(1)), e,
                                                    codec(m.group(1), e, depth + 1))
    m = re.fullmatch(r'array<(.*),(\d*)>', t)
    if m:
        return 'c.array(%s, %s, [&](%s &%s) { %s });' % (lv, limit(m.group(2)), cxx_type(m.group(1)),
                                                          e, codec(m.group(1), e, depth + 1))
    m = re.fullmatch(r'(\w+)\[(\d+)\]', t)
    if m:
        return 'for (auto &%s : %s) { %s }' % (e, lv, codec(m.group(1), e, depth + 1))
    return 'xdr(c, %s);' % lv


def declare(out, name):
    out.append('void xdr(Encoder &c, %s &v);' % ident(name))
    out.append('void xdr(Decoder &c, %s &v);' % ident(name))


def emit_struct(out, walk, name, flds):
    out.append('struct %s {' % ident(name))
    for f, t in flds:
        out.append('  %s %s{};' % (cxx_type(t), ident(f)))
    out.append('};')
    declare(out, name)
    body = []
    if not flds:
        body.append('  (void)c;')
        body.append('  (void)v;')
    for f, t in flds:
        body.append('  ' + codec(t, 'v.' + ident(f)))
    walk.append((name, body))


def emit_union(out, walk, name, discr, dtype, arms):
    out.append('struct %s {' % ident(name))
    out.append('  %s %s{};' % (cxx_type(dtype), ident(discr)))
    for _, f, t in arms:
        if f:
            out.append('  %s %s{};' % (cxx_type(t), ident(f)))
    out.append('};')
    declare(out, name)
    body = []
    body.append('  ' + codec(dtype, 'v.' + ident(discr)))
    body.append('  switch (v.%s) {' % ident(discr))
    has_default = False
    for label, f, t in arms:
        if label == 'default':
            has_default = True
            body.append('    default:')
        else:
            body.append('    case %s:' % label)
        body.append('      ' + (codec(t, 'v.' + ident(f)) if f else ''))
        body.append('      break;')
    if not has_default:
        body.append('    default:')
        body.append('      c.fail();')
    body.append('  }')
    walk.append((name, body))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('proto')
    ap.add_argument('-o', '--output', required=True, help='the types and declarations (.h)')
    ap.add_argument('--sources', nargs='+', required=True,
                    help='the codecs, shared out among these .cc files')
    a = ap.parse_args()

    out = ['// Generated by api/gen_remote.py from api/remote.proto. Do not edit.',
           '#pragma once', '', '#include <array>', '#include <cstdint>', '#include <optional>',
           '#include <string>', '#include <vector>', '',
           'namespace virtkit::remote {', 'class Encoder;', 'class Decoder;', '}', '',
           'namespace virtkit::remote::proto {', '',
           'using remote::Decoder;', 'using remote::Encoder;',
           'using Uuid = std::array<unsigned char, 16>;',
           'inline constexpr uint32_t kStringMax = 4194304;',
           'inline constexpr uint32_t kUnbounded = 0xffffffffu;',
           'struct Void {};', 'template <class C>', 'void xdr(C &, Void &) {}', '']
    program = None
    procs = []  # (program, number, name, {args, ret, msg})
    walk = []  # (type name, body of its walk)
    defined = set()
    with open(a.proto) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            kind, rest = line.split(None, 1)
            if kind == 'enum':
                name, vals = rest.split(None, 1)
                out.append('enum %s : int {' % name)
                for v in vals.split():
                    n, x = v.split('=')
                    out.append('  %s = %s,' % (n[len('VIR_NET_'):], x))
                out.append('};')
            elif kind == 'const':
                n, v = rest.split()
                out.append('inline constexpr uint32_t k%s = %s;' % (
                    ''.join(w.capitalize() for w in n[len('VIR_NET_'):].split('_')), v))
            elif kind == 'program':
                program, num, vers = rest.split()
                out.append('inline constexpr uint32_t k%sProgram = %s;' % (program.capitalize(), num))
                out.append('inline constexpr uint32_t k%sVersion = %s;' % (program.capitalize(), vers))
            elif kind == 'struct':
                parts = rest.split(None, 1)
                emit_struct(out, walk, parts[0], split_fields(parts[1]) if len(parts) > 1 else [])
                defined.add(parts[0])
            elif kind == 'union':
                segs = [s.strip() for s in rest.split('|')]
                name, d = segs[0].split()
                discr, dtype = d.split(':')
                arms = []
                for s in segs[1:]:
                    label, body = s.split(None, 1)
                    if body == 'void':
                        arms.append((label, None, None))
                    else:
                        f_, t_ = body.split(':', 1)
                        arms.append((label, f_, t_))
                emit_union(out, walk, name, discr, dtype, arms)
                defined.add(name)
            elif kind == 'proc':
                m = re.fullmatch(r'(\d+) (\w+)(.*)', rest)
                num, name, tail = m.group(1), m.group(2), m.group(3)
                msgs = {}
                for tag, body in re.findall(r'(args|ret|msg)\(([^)]*)\)', tail):
                    # remote's messages keep their short names; the other
                    # programs' are prefixed with the program's name
                    sname = '%s_%s' % (name, tag)
                    if program != 'remote':
                        sname = '%s_%s' % (program, sname)
                    if sname not in defined:
                        emit_struct(out, walk, sname, split_fields(body))
                        defined.add(sname)
                    msgs[tag] = sname
                procs.append((program, int(num), name, msgs))
            out.append('')
    programs = []
    for p, _, _, _ in procs:
        if p not in programs:
            programs.append(p)
    for prog in programs:
        out.append('namespace %s_proc {' % prog)
        for p, num, name, _ in procs:
            if p == prog:
                out.append('inline constexpr int %s = %d;' % (ident(name), num))
        out.append('}  // namespace %s_proc' % prog)
    out.append('')
    # Message types of each procedure (Void when it has none): Proc<N> for the
    # remote program, QemuProc<N>, LxcProc<N>, AdminProc<N> for the others.
    for prog in programs:
        if prog == 'keepalive':
            continue
        trait = 'Proc' if prog == 'remote' else prog.capitalize() + 'Proc'
        out.append('template <int P>')
        out.append('struct %s;' % trait)
        for p, num, name, msgs in procs:
            if p != prog:
                continue
            out.append('template <>')
            out.append('struct %s<%d> {' % (trait, num))
            out.append('  static constexpr const char *name = "%s";' % name)
            out.append('  static constexpr uint32_t program = k%sProgram;' % prog.capitalize())
            out.append('  static constexpr uint32_t version = k%sVersion;' % prog.capitalize())
            out.append('  static constexpr int proc = %d;' % num)
            for tag in ('args', 'ret', 'msg'):
                out.append('  using %s = %s;' % (tag, msgs.get(tag, 'Void')))
            out.append('};')
        out.append('')
    out.append('}  // namespace virtkit::remote::proto')
    with open(a.output, 'w') as f:
        f.write('\n'.join(out) + '\n')
    n = len(a.sources)
    per = (len(walk) + n - 1) // n
    for i, path in enumerate(a.sources):
        src = ['// Generated by api/gen_remote.py from api/remote.proto. Do not edit.',
               '#include "remote_protocol.h"', '', '#include "drivers/remote/xdr.h"', '',
               'namespace virtkit::remote::proto {', 'namespace {']
        for name, body in walk[i * per:(i + 1) * per]:
            src += ['template <class C>', 'void walk(C &c, %s &v) {' % ident(name)] + body + ['}']
        src += ['}  // namespace', '']
        for name, _ in walk[i * per:(i + 1) * per]:
            src.append('void xdr(Encoder &c, %s &v) { walk(c, v); }' % ident(name))
            src.append('void xdr(Decoder &c, %s &v) { walk(c, v); }' % ident(name))
        src += ['', '}  // namespace virtkit::remote::proto', '']
        with open(path, 'w') as f:
            f.write('\n'.join(src))
    return 0


if __name__ == '__main__':
    sys.exit(main())
