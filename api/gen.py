#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Build-time generator for the exported API (run by the build).

  gen.py --list api/libvirt.api [--companion api/libvirt-qemu.api ...]
         [--version-script OUT.map] [--xmacro OUT.h] [--symbols OUT.txt]
         [--headers include/libvirt [--entries OUT.cc] [--slots OUT.h]
          [--private-header OUT.h] [--null-sweep OUT.cc] [--readonly-sweep OUT.cc]]
  gen.py --list api/libvirt-qemu.api --headers include/libvirt
         [--version-script OUT.map] [--forwarders OUT.c]

Reads the API list (its header comment documents the columns) and writes:
  --version-script  GNU ld version script: one node per LIBVIRT_x.y.z in
                    numeric order, each inheriting from the previous one, the
                    first one also holding `local: *;`
  --xmacro          C/C++ header defining
                      VIRTKIT_API_LIST(X)  X(symbol, "NODE", handle, access, VIR_FROM_x)
                    for every function (not variables), in list order
  --symbols         sorted `symbol@@NODE` lines for every exported symbol
  --entries         the entry points of the via= lines: guard, checks, slot
  --slots           one class of slots per libvirt driver table (table=)
  --null-sweep      a test calling every function with NULL/zero arguments
  --readonly-sweep  a test calling every write function on a read-only
                    connection
The last four read the prototypes from the public headers (--headers).

The companion libraries (libvirt-qemu.so.0, libvirt-lxc.so.0,
libvirt-admin.so.0) are thin forwarders: each public function calls its twin
virtkitPriv_<name>, which libvirt.so.0 exports under LIBVIRT_PRIVATE_9.0.0.
With --companion lists, libvirt.so.0's outputs cover their functions too:
  --version-script  adds the LIBVIRT_PRIVATE_9.0.0 node of all virtkitPriv_*
  --xmacro, --slots, the sweeps: their functions (the sweeps call the public
                    names, through the companion libraries)
  --entries         their via= entry points, defined as virtkitPriv_<name>
  --private-header  the virtkitPriv_* declarations (for the hand-written
                    slot= entry points too)
With a companion list as --list:
  --version-script  the companion library's own nodes (LIBVIRT_QEMU_x.y.z...)
  --forwarders      its public functions, each calling virtkitPriv_<name>

A list line holding only a node name (LIBVIRT_x.y.z) declares a version node
without symbols of its own.
"""
import argparse
import os
import re
import sys

# The handle kinds (the list's handle column) and their C types: the one
# table to extend with a new kind of object (src/api/api_info.h's HandleKind
# and the guard's kind_of() follow it).
HANDLE_KINDS = {
    'connect': 'virConnectPtr', 'domain': 'virDomainPtr', 'network': 'virNetworkPtr',
    'networkport': 'virNetworkPortPtr', 'interface': 'virInterfacePtr',
    'storagepool': 'virStoragePoolPtr', 'storagevol': 'virStorageVolPtr',
    'nodedevice': 'virNodeDevicePtr', 'nwfilter': 'virNWFilterPtr',
    'nwfilterbinding': 'virNWFilterBindingPtr', 'secret': 'virSecretPtr',
    'stream': 'virStreamPtr', 'domainsnapshot': 'virDomainSnapshotPtr',
    'domaincheckpoint': 'virDomainCheckpointPtr',
    'admconnect': 'virAdmConnectPtr', 'admserver': 'virAdmServerPtr',  # libvirt-admin's
    'admclient': 'virAdmClientPtr',
}
HANDLES = {'none'} | set(HANDLE_KINDS)
ACCESS = {'read', 'write', 'cond', 'data'}  # write_late is derived
# libvirt's driver tables (driver-<name>.h) -> the generated slot class of
# each; src/driver/driver.h completes them into the tables drivers implement.
TABLES = {
    'hypervisor': 'HypervisorSlots', 'network': 'NetworkSlots',
    'interface': 'InterfaceSlots', 'storage': 'StorageSlots',
    'nodedev': 'NodeDeviceSlots', 'secret': 'SecretSlots', 'nwfilter': 'NWFilterSlots',
}
# ... and the table class completing each (src/driver/driver.h).
TABLE_CLASSES = {t: c.replace('Slots', 'Table') for t, c in TABLES.items()}
# LIBVIRT_x.y.z, or a companion library's LIBVIRT_QEMU_x.y.z and the like
NODE_RE = re.compile(r'LIBVIRT_(?:[A-Z]+_)?(\d+)\.(\d+)\.(\d+)$')
PRIVATE_PREFIX = 'virtkitPriv_'
PRIVATE_NODE = 'LIBVIRT_PRIVATE_9.0.0'


def list_stem(path):
    """api/libvirt-qemu.api -> libvirt-qemu (its header's and library's name)."""
    return os.path.splitext(os.path.basename(path))[0]


class ListError(Exception):
    pass


def node_key(node):
    return tuple(int(x) for x in NODE_RE.match(node).groups())


def parse(path, private=False):
    """The list's entries; private: a companion list, whose functions
    libvirt.so.0 implements as virtkitPriv_<name>."""
    entries = []
    nodes = set()
    seen = set()
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            cols = line.split()
            where = '%s:%d' % (path, lineno)
            if len(cols) == 1 and NODE_RE.match(cols[0]):
                nodes.add(cols[0])
                continue
            if len(cols) < 5:
                raise ListError('%s: expected at least 5 columns, got %d' % (where, len(cols)))
            sym, node, handle, access, frm = cols[:5]
            extra = {}
            for kv in cols[5:]:
                k, _, v = kv.partition('=')
                if k not in ('via', 'checks', 'slot', 'table') or not v:
                    raise ListError('%s: bad column %r' % (where, kv))
                extra[k] = v
            checks = extra.get('checks', '').split(',') if 'checks' in extra else []
            if checks and not (extra.get('via') or extra.get('slot')):
                raise ListError('%s: checks= without via= or slot=' % where)
            if not re.match(r'[A-Za-z_]\w*$', sym):
                raise ListError('%s: bad symbol %r' % (where, sym))
            if sym in seen:
                raise ListError('%s: duplicate symbol %s' % (where, sym))
            if not NODE_RE.match(node):
                raise ListError('%s: bad version node %r' % (where, node))
            if handle not in HANDLES:
                raise ListError('%s: bad handle %r' % (where, handle))
            if access not in ACCESS:
                raise ListError('%s: bad access %r' % (where, access))
            if extra.get('table', 'hypervisor') not in TABLES:
                raise ListError('%s: bad table %r' % (where, extra['table']))
            if 'table' in extra and not (extra.get('via') or extra.get('slot')):
                raise ListError('%s: table= without a slot' % where)
            if not re.match(r'VIR_FROM_[A-Z0-9_]+$', frm):
                raise ListError('%s: bad error domain %r' % (where, frm))
            seen.add(sym)
            nodes.add(node)
            if access == 'write' and 'ro' in checks:
                access = 'write_late'  # libvirt refuses read-only after some checks
            entries.append({'symbol': sym, 'impl': (PRIVATE_PREFIX if private else '') + sym,
                            'header': list_stem(path) if private else None,
                            'node': node, 'handle': handle,
                            'access': access, 'from': frm, 'via': extra.get('via'),
                            'slot': extra.get('via') or extra.get('slot'),
                            'table': extra.get('table', 'hypervisor'),
                            'checks': checks if extra.get('via') else []})
    if not entries:
        raise ListError('%s: no symbols' % path)
    return entries, sorted(nodes, key=node_key)


def version_script(entries, nodes, source, private=()):
    """nodes chained in order, the first holding `local: *;`; private: the
    virtkitPriv_* names of the companion lists, in their own node."""
    by_node = {n: [] for n in nodes}
    for e in entries:
        by_node[e['node']].append(e['symbol'])
    out = ['/* Generated by api/gen.py from %s; do not edit. */' % source, '']
    prev = None
    for n in nodes:
        out.append('%s {' % n)
        syms = sorted(by_node[n])
        if syms:
            out.append('    global:')
            out += ['        %s;' % s for s in syms]
        if prev is None:
            out.append('    local:')
            out.append('        *;')
        out.append('}%s;' % ('' if prev is None else ' ' + prev))
        out.append('')
        prev = n
    if private:
        out += ['%s {' % PRIVATE_NODE, '    global:']
        out += ['        %s;' % e['impl'] for e in sorted(private, key=lambda e: e['impl'])]
        out += ['};', '']
    return '\n'.join(out)


def private_header(companions, protos):
    """Declarations of libvirt.so.0's virtkitPriv_* functions."""
    out = ['// Generated by api/gen.py; do not edit.',
           '// libvirt.so.0\'s private twins of the companion libraries\' functions',
           '// (exported under %s), each with its public prototype.' % PRIVATE_NODE,
           '#pragma once', '', '#include "public.h"', '',
           '#pragma GCC visibility push(default)']
    out += sorted({'#include <libvirt/%s.h>' % e['header'] for e in companions})
    out += ['', 'extern "C" {']
    for e in companions:
        ret, params = protos[e['symbol']]
        out.append('%s(%s);' % (decl(ret, e['impl']),
                                ', '.join(decl(t, n) for t, n in params) or 'void'))
    out += ['}', '#pragma GCC visibility pop', '']
    return '\n'.join(out)


def forwarders_c(entries, protos, stem):
    """A companion library's public functions: each calls its twin in
    libvirt.so.0 with the same arguments."""
    out = ['/* Generated by api/gen.py from api/%s.api; do not edit.' % stem,
           ' * %s.so.0: each function forwards to libvirt.so.0\'s %s<name>. */' % (
               stem, PRIVATE_PREFIX),
           '#include <libvirt/%s.h>' % stem, '']
    for e in entries:
        if e['access'] == 'data':
            raise ListError('%s: a companion library exports no data' % e['symbol'])
        ret, params = protos[e['symbol']]
        plist = ', '.join(decl(t, n) for t, n in params) or 'void'
        args = ', '.join(n for _, n in params)
        priv = PRIVATE_PREFIX + e['symbol']
        out.append('extern %s(%s);' % (decl(ret, priv), plist))
        out.append('%s(%s) {' % (decl(ret, e['symbol']), plist))
        if ctype(ret) == 'void':
            out.append('    %s(%s);' % (priv, args))
        else:
            out.append('    return %s(%s);' % (priv, args))
        out += ['}', '']
    return '\n'.join(out)


def xmacro(entries):
    out = ['/* Generated by api/gen.py from api/libvirt.api; do not edit.',
           ' * X(symbol, "VERSION_NODE", handle, access, VIR_FROM_domain) */',
           '#ifndef VIRTKIT_API_LIST_H',
           '#define VIRTKIT_API_LIST_H',
           '',
           '#define VIRTKIT_API_LIST(X) \\']
    funcs = [e for e in entries if e['access'] != 'data']
    for i, e in enumerate(funcs):
        tail = ' \\' if i + 1 < len(funcs) else ''
        out.append('    X(%s, "%s", %s, %s, %s)%s' % (e['symbol'], e['node'], e['handle'],
                                                    e['access'], e['from'], tail))
    out += ['', '#define VIRTKIT_API_COUNT %d' % len(funcs), '', '#endif', '']
    return '\n'.join(out)


PROTO_RE = re.compile(r'(?:^|\n)((?:const )?[A-Za-z_][\w ]*?[\s\*]+)(vir\w+)\s*\(([^;{}()]*)\)\s*;')


def prototypes(header_dir):
    """Function prototypes of our public headers: name -> (return type, [(type, name)])."""
    protos = {}
    for fn in sorted(os.listdir(header_dir)):
        if not fn.endswith('.h'):
            continue
        text = open(os.path.join(header_dir, fn)).read()
        text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
        text = re.sub(r'^\s*#.*$', '', text, flags=re.M)
        for m in PROTO_RE.finditer(text):
            ret, name, params = ' '.join(m.group(1).split()), m.group(2), ' '.join(m.group(3).split())
            if ret.startswith('typedef') or 'VIR_EXPORT_VAR' in ret:
                continue
            plist = []
            if params != 'void':
                for p in params.split(','):
                    p = p.strip()
                    pm = re.match(r'^(.*?)(\w+)((?:\[\w*\])*)$', p)
                    plist.append((pm.group(1).strip() + (' *' if pm.group(3) else ''), pm.group(2)))
            protos[name] = (ret.replace(' *', '*').replace('*', ' *').replace('  ', ' ').strip(), plist)
    return protos


def ctype(t):
    """Canonical spelling: 'char *', 'virDomainPtr **', 'char **const'."""
    t = re.sub(r'\s*\*\s*', '*', ' '.join(t.split()))
    return re.sub(r'^([^*]*?)\*', r'\1 *', t, count=1)


def decl(t, name):
    t = ctype(t)
    return t + name if t.endswith('*') else '%s %s' % (t, name)


CHECK_EMIT = {
    'nonnull': 'c.nonnull({0}, "{0}")', 'null': 'c.null({0}, "{0}")',
    'nonneg': 'c.nonnegative({0}, "{0}")', 'positive': 'c.positive({0}, "{0}")',
    'nonzero': 'c.nonzero({0}, "{0}")', 'zero': 'c.zero({0}, "{0}")',
    'nonempty': 'c.nonempty({0}, "{0}")',
}


HANDLE_TYPES = set(HANDLE_KINDS.values()) - {'virDomainPtr'}
INT_FORMATS = {'int': '%d', 'unsigned int': '%u', 'long': '%ld', 'unsigned long': '%lu',
               'long long': '%lld', 'unsigned long long': '%llu', 'size_t': '%zu',
               'double': '%f'}


def log_format(params):
    """The debug line of an entry point, as libvirt's VIR_DEBUG: name=value
    pairs, a domain with its name and UUID, flags in hex."""
    parts, vals = [], []
    for t, n in params:
        t = ctype(t)
        if t == 'virDomainPtr':
            parts.append('%s')
            vals.append('detail::domain_part(%s).c_str()' % n)
        elif t in HANDLE_TYPES or t.endswith(('Ptr', 'Func', 'Callback')) or \
                '*' in t and t != 'const char *':
            parts.append('%s=%%p' % n)
            vals.append('(const void *)%s' % n)
        elif t == 'const char *':
            parts.append('%s=%%s' % n)
            vals.append('%s ? %s : "<null>"' % (n, n))
        elif n == 'flags' and t in ('unsigned int', 'unsigned long'):
            parts.append('flags=0x%s' % ('%x' if t == 'unsigned int' else '%lx'))
            vals.append(n)
        elif t in INT_FORMATS:
            parts.append('%s=%s' % (n, INT_FORMATS[t]))
            vals.append(n)
        else:  # an enum or other integer type
            parts.append('%s=%%lld' % n)
            vals.append('(long long)%s' % n)
    return ', '.join(parts), vals


def entries_cc(entries, protos):
    out = ['// Generated by api/gen.py from api/libvirt.api; do not edit.',
           '// The uniform entry points: the guard, libvirt\'s checks, one driver slot.',
           '#include "api/generated_support.h"', '#include "private_api.h"', '',
           'using namespace virtkit;', 'using namespace virtkit::api;', '']
    for e in entries:
        if not e['via']:
            continue
        ret, params = protos[e['symbol']]
        plist = ', '.join(decl(t, n) for t, n in params)
        out.append('%s(%s) {' % (decl(ret, e['impl']), plist or 'void'))
        handle = params[0][1] if e['handle'] != 'none' else None
        body = []
        ret0 = False
        for chk in e['checks']:
            kind, _, rest = chk.partition(':')
            args = rest.split(':')
            if kind == 'ret0':
                ret0 = True
            elif kind == 'init0':
                out.append('  if (%s) std::memset(%s, 0, sizeof(*%s));' % (args[0], args[0], args[0]))
            elif kind == 'initnull':
                out.append('  if (%s) *%s = nullptr;' % (args[0], args[0]))
            elif kind in CHECK_EMIT:
                body.append(CHECK_EMIT[kind].format(args[0]))
            elif kind == 'array':
                body.append('c.array({0}, {1}, "{0}")'.format(args[0], args[1]))
            elif kind == 'ro':
                body.append('c.writable(handles::conn_of(%s))' % handle)
            elif kind == 'excl':
                body.append('c.exclusive(flags, {0}, {1}, "{0}", "{1}")'.format(args[0], args[1]))
            elif kind == 'req':
                body.append('c.require(flags, {0}, {1}, "{0}", "{1}")'.format(args[0], args[1]))
            elif kind in HANDLES:
                body.append('c.valid_handle({0})'.format(args[0]))
            else:
                raise ListError('%s: unknown check %r' % (e['symbol'], chk))
        call = 'handles::table<driver::%s>(%s).%s(%s)' % (
            TABLE_CLASSES[e['table']], handle, e['via'], ', '.join(n for _, n in params))
        target = (handle + ', ') if handle else 'nullptr, '
        fmt, vals = log_format(params)
        out.append('  if (detail::debug_wanted()) [[unlikely]]')
        out.append('    detail::log_call(virtkit::api::info<Api::%s>, "%s"%s);' % (
            e['symbol'], fmt, ''.join(', ' + v for v in vals)))
        out.append('  return entry<Api::%s, true>(%s[&](const Call &c) -> Result<%s> {' % (e['symbol'], target, ctype(ret)))
        if not body:
            out.append('    (void)c;')
        for b in body:
            out.append('    VK_TRY(%s);' % b)
        if ret0:
            out.append('    VK_TRY(%s);' % call)
            out.append('    return 0;')
        else:
            out.append('    return %s;' % call)
        out.append('  });')
        out.append('}')
        out.append('')
    return '\n'.join(out)


def companion_includes(entries):
    """The companion libraries' headers the entries need."""
    return sorted({'#include <libvirt/%s.h>' % e['header'] for e in entries if e['header']})


def slots_h(entries, protos):
    out = ['// Generated by api/gen.py from api/libvirt.api; do not edit.',
           '// For each of libvirt\'s driver tables, one virtual per slot that an entry',
           '// point calls with its own arguments; each defaults to "unsupported"',
           '// (VIR_ERR_NO_SUPPORT naming the entry point).',
           '#pragma once', '', '#include "public.h"', '#include "error/status.h"', '']
    out += companion_includes(entries) + ['', 'namespace virtkit::driver {', '']
    seen = {}
    for table, cls in TABLES.items():
        out += ['class %s {' % cls, ' public:', '  virtual ~%s() = default;' % cls, '']
        for e in entries:
            if not e['slot'] or e['table'] != table:
                continue
            ret, params = protos[e['symbol']]
            sig = ', '.join(ctype(t) for t, _ in params)
            if e['slot'] in seen:
                if seen[e['slot']] != (ret, sig, table):
                    raise ListError('slot %s used with two signatures or tables' % e['slot'])
                continue
            seen[e['slot']] = (ret, sig, table)
            out.append('  virtual Result<%s> %s(%s) { return unsupported(); }' % (
                ctype(ret), e['slot'], sig))
        out += ['};', '']
    out += ['}  // namespace virtkit::driver', '']
    return '\n'.join(out)


# Functions that succeed (or report nothing) when called with NULL/zero
# arguments, as libvirt's do: the sweep only checks they do not crash.
SWEEP_NO_ERROR = {
    'virInitialize', 'virGetLastError', 'virGetLastErrorMessage', 'virGetLastErrorCode',
    'virGetLastErrorDomain', 'virResetLastError', 'virResetError', 'virFreeError',
    'virSaveLastError', 'virSetErrorFunc', 'virDefaultErrorFunc', 'virConnGetLastError',
    'virConnCopyLastError', 'virConnResetLastError', 'virConnSetErrorFunc', 'virCopyLastError',
    'virTypedParamsClear', 'virTypedParamsFree', 'virTypedParamsGet',
    'virTypedParamsAddStringList', 'virDomainFSInfoFree', 'virDomainIOThreadInfoFree',
    'virDomainInterfaceFree', 'virDomainStatsRecordListFree', 'virNetworkDHCPLeaseFree',
    'virEventRegisterImpl', 'virEventRegisterDefaultImpl', 'virEventAddHandle',
    'virEventUpdateHandle', 'virEventRemoveHandle', 'virEventAddTimeout',
    'virEventUpdateTimeout', 'virEventRemoveTimeout',
    # "not found" (0) without an error on an empty list, as in libvirt
    'virTypedParamsGetBoolean', 'virTypedParamsGetDouble', 'virTypedParamsGetInt',
    'virTypedParamsGetLLong', 'virTypedParamsGetString', 'virTypedParamsGetUInt',
    'virTypedParamsGetULLong',
    # libvirt-admin: success or nothing, as libvirt-admin answers NULL
    'virAdmInitialize', 'virAdmConnectClose', 'virAdmConnectIsAlive', 'virAdmServerFree',
    'virAdmClientFree',
}
# Not called at all: waits for events by design (tested in tests/event).
SWEEP_SKIP = {'virEventRunDefaultImpl'}


def null_sweep_cc(entries, protos):
    out = ['// Generated by api/gen.py from api/libvirt.api; do not edit.',
           '// Every exported function called with NULL/zero arguments: none may crash;',
           '// each fails with its failure value and an error set, except those libvirt',
           '// defines to succeed or stay silent on such input.',
           '#include <gtest/gtest.h>', '#include <libvirt/libvirt.h>',
           '#include <libvirt/virterror.h>'] + companion_includes(entries) + [
           '', '#include <type_traits>', '', 'namespace {',
           'void quiet(void *, virErrorPtr) {}', '',
           '// libvirt\'s failure value for a return type (virDomainGetID: (unsigned)-1).',
           'template <class R>', 'bool is_failure(R r) {',
           '  if constexpr (std::is_pointer_v<R>) return r == nullptr;',
           '  else if constexpr (std::is_signed_v<R>) return r == R(-1);',
           '  else return r == R(0);', '}', '', 'class NullSweep : public ::testing::Test {',
           ' protected:', '  void SetUp() override { virSetErrorFunc(nullptr, quiet); }',
           '  void TearDown() override { virSetErrorFunc(nullptr, nullptr); virResetLastError(); }',
           '};', '']
    for e in entries:
        if e['access'] == 'data' or e['symbol'] in SWEEP_SKIP:
            continue
        ret, params = protos[e['symbol']]
        args = ', '.join('{}' for _ in params)
        name = e['symbol']
        out.append('TEST_F(NullSweep, %s) {' % name)
        if ctype(ret) == 'void':
            out.append('  %s(%s);' % (name, args))
        else:
            out.append('  auto r = %s(%s);' % (name, args))
            if name not in SWEEP_NO_ERROR:
                if name in ('virDomainGetID', 'virAdmClientGetID'):
                    out.append('  EXPECT_EQ(r, decltype(r)(-1));')
                else:
                    out.append('  EXPECT_TRUE(is_failure(r)) << "returned " << r;')
            elif name == 'virSaveLastError':
                out.append('  virFreeError(r);')
            elif name in ('virEventAddHandle', 'virEventAddTimeout'):
                out.append('  if (r >= 0) %s(r);  // leave no source behind' %
                           name.replace('Add', 'Remove'))
            else:
                out.append('  (void)r;')
        if name not in SWEEP_NO_ERROR:
            out.append('  virErrorPtr e = virGetLastError();')
            out.append('  ASSERT_NE(e, nullptr) << "no error set";')
            out.append('  EXPECT_NE(e->message, nullptr);')
        out.append('}')
        out.append('')
    out.append('}  // namespace')
    return '\n'.join(out) + '\n'


# Entry points that libvirt implements by calling another one, whose name the
# read-only error then carries.
READONLY_NAME = {'virDomainCreateLinux': 'virDomainCreateXML'}


def readonly_sweep_cc(entries, protos):
    """Every mutating entry point (access write or write_late) on a read-only
    connection, with a valid handle and plausible arguments: each must refuse
    with VIR_ERR_OPERATION_DENIED naming itself."""
    out = ['// Generated by api/gen.py --readonly-sweep from api/libvirt.api; do not edit.',
           '// Every entry point whose access is write or write_late, called on a read-only',
           '// test:///default connection with valid handles and plausible arguments (those',
           '// that libvirt checks before the read-only check valid): each must fail with',
           '// VIR_ERR_OPERATION_DENIED "read only access prevents <name>".',
           '#include <gtest/gtest.h>', '#include <libvirt/libvirt.h>',
           '#include <libvirt/virterror.h>'] + companion_includes(entries) + [
           '', '#include <cstring>', '#include <memory>',
           '#include <string>', '#include <type_traits>', '#include <vector>', '',
           '#include "api/api_info.h"', '#include "core/handles.h"', '', 'namespace {', '', 'using namespace virtkit;', '',
           'void quiet(void *, virErrorPtr) {}', 'void dummy_function() {}', '',
           'template <class R>', 'bool is_failure(R r) {',
           '  if constexpr (std::is_pointer_v<R>) return r == nullptr;',
           '  else if constexpr (std::is_signed_v<R>) return r == R(-1);',
           '  else return r == R(0);', '}', '',
           'class ReadOnlySweep : public ::testing::Test {', ' protected:',
           '  void SetUp() override {',
           '    virSetErrorFunc(nullptr, quiet);',
           '    conn = virConnectOpenReadOnly("test:///default");',
           '    ASSERT_NE(conn, nullptr);',
           '    dom = virDomainLookupByName(conn, "test");',
           '    ASSERT_NE(dom, nullptr);',
           '    // Kinds the test driver does not provide are made directly.',
           '    net = handles::make<_virNetwork>(conn, [](_virNetwork &h) { h.name = "default"; });',
           '    port = handles::make<_virNetworkPort>(net, [](_virNetworkPort &) {});',
           '    iface = handles::make<_virInterface>(conn, [](_virInterface &h) { h.name = "eth1"; });',
           '    pool = handles::make<_virStoragePool>(conn, [](_virStoragePool &h) { h.name = "default-pool"; });',
           '    vol = handles::make<_virStorageVol>(conn, [](_virStorageVol &h) {',
           '      h.pool = "default-pool";',
           '      h.name = "vol.img";',
           '    });',
           '    dev = handles::make<_virNodeDevice>(conn, [](_virNodeDevice &h) { h.name = "computer"; });',
           '    filter = handles::make<_virNWFilter>(conn, [](_virNWFilter &h) { h.name = "clean-traffic"; });',
           '    binding = handles::make<_virNWFilterBinding>(conn, [](_virNWFilterBinding &h) {',
           '      h.portdev = "vnet0";',
           '      h.filtername = "clean-traffic";',
           '    });',
           '    secret = handles::make<_virSecret>(conn, [](_virSecret &) {});',
           '    stream = virStreamNew(conn, 0);',
           '    ASSERT_NE(stream, nullptr);',
           '    snapshot = handles::make<_virDomainSnapshot>(dom, [](_virDomainSnapshot &h) { h.name = "s1"; });',
           '    checkpoint = handles::make<_virDomainCheckpoint>(dom, [](_virDomainCheckpoint &h) { h.name = "c1"; });',
           '  }',
           '  void TearDown() override {',
           '    if (checkpoint) virDomainCheckpointFree(checkpoint);',
           '    if (snapshot) virDomainSnapshotFree(snapshot);',
           '    if (stream) virStreamFree(stream);',
           '    if (secret) virSecretFree(secret);',
           '    if (binding) virNWFilterBindingFree(binding);',
           '    if (filter) virNWFilterFree(filter);',
           '    if (dev) virNodeDeviceFree(dev);',
           '    if (vol) virStorageVolFree(vol);',
           '    if (pool) virStoragePoolFree(pool);',
           '    if (iface) virInterfaceFree(iface);',
           '    if (port) virNetworkPortFree(port);',
           '    if (net) virNetworkFree(net);',
           '    if (dom) virDomainFree(dom);',
           '    if (conn) virConnectClose(conn);',
           '    virSetErrorFunc(nullptr, nullptr);',
           '    virResetLastError();',
           '  }',
           '',
           '  // A plausible argument of type T: a valid handle of its kind, flags 0,',
           '  // other numbers 1, a callback, or a fresh buffer holding the string "x".',
           '  template <class T>',
           '  T arg(const char *name) {',
           '    if constexpr (std::is_same_v<T, virConnectPtr>) return conn;',
           '    else if constexpr (std::is_same_v<T, virDomainPtr>) return dom;',
           '    else if constexpr (std::is_same_v<T, virNetworkPtr>) return net;',
           '    else if constexpr (std::is_same_v<T, virNetworkPortPtr>) return port;',
           '    else if constexpr (std::is_same_v<T, virInterfacePtr>) return iface;',
           '    else if constexpr (std::is_same_v<T, virStoragePoolPtr>) return pool;',
           '    else if constexpr (std::is_same_v<T, virStorageVolPtr>) return vol;',
           '    else if constexpr (std::is_same_v<T, virNodeDevicePtr>) return dev;',
           '    else if constexpr (std::is_same_v<T, virNWFilterPtr>) return filter;',
           '    else if constexpr (std::is_same_v<T, virNWFilterBindingPtr>) return binding;',
           '    else if constexpr (std::is_same_v<T, virSecretPtr>) return secret;',
           '    else if constexpr (std::is_same_v<T, virStreamPtr>) return stream;',
           '    else if constexpr (std::is_same_v<T, virDomainSnapshotPtr>) return snapshot;',
           '    else if constexpr (std::is_same_v<T, virDomainCheckpointPtr>) return checkpoint;',
           '    else if constexpr (std::is_pointer_v<T> && std::is_function_v<std::remove_pointer_t<T>>)',
           '      return reinterpret_cast<T>(&dummy_function);',
           '    else if constexpr (std::is_pointer_v<T>) {',
           '      auto &b = buffers.emplace_back(std::make_unique<Buffer>());',
           '      b->bytes[0] = \'x\';',
           '      return reinterpret_cast<T>(b->bytes);',
           '    } else {',
           '      static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);',
           '      return std::strcmp(name, "flags") == 0 ? T(0) : T(1);',
           '    }',
           '  }',
           '',
           '  void expect_denied(const char *name, int domain) {',
           '    virErrorPtr e = virGetLastError();',
           '    ASSERT_NE(e, nullptr) << "no error set";',
           '    EXPECT_EQ(e->code, VIR_ERR_OPERATION_DENIED) << (e->message ? e->message : "");',
           '    EXPECT_EQ(e->domain, domain);',
           '    EXPECT_EQ(std::string(e->message ? e->message : ""),',
           '              std::string("operation forbidden: read only access prevents ") + name);',
           '  }',
           '',
           '  struct Buffer {',
           '    alignas(16) char bytes[4096] = {};',
           '  };',
           '  std::vector<std::unique_ptr<Buffer>> buffers;',
           '  virConnectPtr conn = nullptr;',
           '  virDomainPtr dom = nullptr;',
           '  virNetworkPtr net = nullptr;',
           '  virNetworkPortPtr port = nullptr;',
           '  virInterfacePtr iface = nullptr;',
           '  virStoragePoolPtr pool = nullptr;',
           '  virStorageVolPtr vol = nullptr;',
           '  virNodeDevicePtr dev = nullptr;',
           '  virNWFilterPtr filter = nullptr;',
           '  virNWFilterBindingPtr binding = nullptr;',
           '  virSecretPtr secret = nullptr;',
           '  virStreamPtr stream = nullptr;',
           '  virDomainSnapshotPtr snapshot = nullptr;',
           '  virDomainCheckpointPtr checkpoint = nullptr;',
           '};', '']
    count = 0
    for e in entries:
        if e['access'] not in ('write', 'write_late'):
            continue
        if e['handle'] == 'none':
            raise ListError('%s: write access without a handle' % e['symbol'])
        count += 1
        ret, params = protos[e['symbol']]
        name = e['symbol']
        args = ', '.join('arg<%s>("%s")' % (ctype(t), n) for t, n in params)
        out.append('TEST_F(ReadOnlySweep, %s) {' % name)
        if ctype(ret) == 'void':
            raise ListError('%s: write access on a void function' % name)
        out.append('  auto r = %s(%s);' % (name, args))
        out.append('  EXPECT_TRUE(is_failure(r)) << "returned " << r;')
        out.append('  expect_denied("%s", %s);' % (READONLY_NAME.get(name, name), e['from']))
        out.append('}')
        out.append('')
    out += ['// The sweep covers exactly the mutating entry points of the built list.',
            '#define VK_COUNT_WRITE(sym, node, handle, access, from) \\',
            '  +int(api::Access::access == api::Access::write || \\',
            '       api::Access::access == api::Access::write_late)',
            'TEST(ReadOnlySweepCount, CoversEveryMutatingEntryPoint) {',
            '  EXPECT_EQ(%d, 0 VIRTKIT_API_LIST(VK_COUNT_WRITE));' % count,
            '}',
            '#undef VK_COUNT_WRITE']
    out.append('')
    out.append('}  // namespace')
    return '\n'.join(out) + '\n'


def symbols(entries):
    return '\n'.join(sorted('%s@@%s' % (e['symbol'], e['node']) for e in entries)) + '\n'


def write(path, text):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--list', required=True)
    ap.add_argument('--companion', action='append', default=[],
                    help='a companion library\'s list whose functions libvirt.so.0 implements')
    ap.add_argument('--private-header', help='declarations of the virtkitPriv_* (C++ header)')
    ap.add_argument('--forwarders', help='a companion library\'s forwarders (C)')
    ap.add_argument('--version-script')
    ap.add_argument('--xmacro')
    ap.add_argument('--symbols')
    ap.add_argument('--headers', help='include/libvirt, for --entries/--slots')
    ap.add_argument('--entries', help='generated entry points (C++)')
    ap.add_argument('--slots', help='generated driver-slot classes (C++ header)')
    ap.add_argument('--null-sweep', help='generated NULL-argument test (gtest)')
    ap.add_argument('--readonly-sweep', help='generated read-only refusal test (gtest)')
    args = ap.parse_args()
    try:
        entries, nodes = parse(args.list)
        companions = []
        for c in args.companion:
            companions += parse(c, private=True)[0]
        seen = {e['symbol'] for e in entries}
        for e in companions:
            if e['symbol'] in seen:
                raise ListError('%s: in two lists' % e['symbol'])
            seen.add(e['symbol'])
    except (OSError, ListError) as e:
        print('gen.py: %s' % e, file=sys.stderr)
        return 1
    source = 'api/%s.api' % list_stem(args.list)
    if args.version_script:
        write(args.version_script, version_script(entries, nodes, source, companions))
    everything = entries + companions
    if args.xmacro:
        write(args.xmacro, xmacro(everything))
    if args.symbols:
        write(args.symbols, symbols(entries))
    entries = everything
    if (args.entries or args.slots or args.null_sweep or args.readonly_sweep or
            args.private_header or args.forwarders):
        try:
            protos = prototypes(args.headers)
            if args.private_header:
                write(args.private_header, private_header(companions, protos))
            if args.forwarders:
                write(args.forwarders, forwarders_c(entries, protos, list_stem(args.list)))
            if args.entries:
                write(args.entries, entries_cc(entries, protos))
            if args.slots:
                write(args.slots, slots_h(entries, protos))
            if args.null_sweep:
                write(args.null_sweep, null_sweep_cc(entries, protos))
            if args.readonly_sweep:
                write(args.readonly_sweep, readonly_sweep_cc(entries, protos))
        except (KeyError, ListError) as e:
            print('gen.py: %s' % e, file=sys.stderr)
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
