#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Build-time generator: the remote driver's forwarding slots.

Each driver slot of api/libvirt.api whose remote procedure (api/remote.proto,
matched by name: domainGetXMLDesc <-> domain_get_xml_desc) has a regular
shape becomes one override in the class of its driver table (`Remote` +
the table's slot class: RemoteHypervisorSlots, RemoteNetworkSlots, ...) that
fills the procedure's
arguments from the C arguments, calls the daemon and maps the reply back.
The shapes:
  in    handles (wire form), strings (NULL -> encode error, or absent when the
        field is optional), UUIDs, integers, typed parameters (params,
        nparams), string arrays (list, count)
  out   the reply's one scalar/string/handle as the result; scalars through
        pointer arguments (NULL pointers skipped); an info struct filled by
        field name; name lists (names, maxnames); handle lists (list-all);
        typed parameters (caller-allocated or allocated here)
Slots with another shape, or with client-side behaviour of their own, are
written by hand in the remote driver's table classes, which derive from these
(src/drivers/remote/*.h; the header lists them at its end); so are the ones
named in MANUAL.
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

# Written by hand: client-side behaviour beyond the shape.
MANUAL = {
    'connectGetType',            # a constant string, cached
    'domainCreate',              # looks the new id up afterwards
    'domainCreateWithFlags',     # updates the handle's id
    'domainRename',              # renames the handle
    'domainGetSchedulerType',
    'nodeDeviceGetParent',       # a string owned by the handle
    'connectIsSecure',           # combined with the transport's own answer
    'connectListDomains',        # libvirt's own limit text
    'nodeGetCellsFreeMemory',
    'domainOpenGraphicsFD',      # a descriptor in the reply (SCM_RIGHTS)
    'connectDomainEventRegister', 'connectDomainEventDeregister',
    'connectDomainEventRegisterAny', 'connectDomainEventDeregisterAny',
    'connectNetworkEventRegisterAny', 'connectNetworkEventDeregisterAny',
    'connectStoragePoolEventRegisterAny', 'connectStoragePoolEventDeregisterAny',
    'connectNodeDeviceEventRegisterAny', 'connectNodeDeviceEventDeregisterAny',
    'connectSecretEventRegisterAny', 'connectSecretEventDeregisterAny',
}
# The handle's id is -1 after these succeed (libvirt's client does the same).
RESETS_ID = {'domainDestroy', 'domainManagedSave', 'domainSave'}
# Slots of hand-written entry points (src/driver/driver.h) with the public
# function's arguments: forwarded the same way.
HAND_ENTRY = {  # slot: (public function, table)
    'connectSupportsFeature': (None, None),  # private; written by hand
    'domainSave': ('virDomainSave', 'hypervisor'),
    'domainSaveFlags': ('virDomainSaveFlags', 'hypervisor'),
    'domainRestore': ('virDomainRestore', 'hypervisor'),
    'domainRestoreFlags': ('virDomainRestoreFlags', 'hypervisor'),
    'domainSaveImageDefineXML': ('virDomainSaveImageDefineXML', 'hypervisor'),
    'domainSaveImageGetXMLDesc': ('virDomainSaveImageGetXMLDesc', 'hypervisor'),
    'domainCoreDump': ('virDomainCoreDump', 'hypervisor'),
    'domainCoreDumpWithFormat': ('virDomainCoreDumpWithFormat', 'hypervisor'),
    'networkUpdate': ('virNetworkUpdate', 'network'),
}

SCALARS = {'int': 'int32_t', 'uint': 'uint32_t', 'hyper': 'int64_t', 'uhyper': 'uint64_t',
           'bool': 'bool', 'double': 'double'}
CINT = {'int', 'unsigned int', 'unsigned long', 'unsigned long long', 'long long', 'long',
        'unsigned short', 'unsigned char', 'double', 'size_t'}
HANDLES = {
    'virDomainPtr': 'nonnull_domain', 'virNetworkPtr': 'nonnull_network',
    'virNetworkPortPtr': 'nonnull_network_port', 'virStoragePoolPtr': 'nonnull_storage_pool',
    'virStorageVolPtr': 'nonnull_storage_vol', 'virNodeDevicePtr': 'nonnull_node_device',
    'virInterfacePtr': 'nonnull_interface', 'virSecretPtr': 'nonnull_secret',
    'virNWFilterPtr': 'nonnull_nwfilter', 'virNWFilterBindingPtr': 'nonnull_nwfilter_binding',
    'virDomainSnapshotPtr': 'nonnull_domain_snapshot',
    'virDomainCheckpointPtr': 'nonnull_domain_checkpoint',
}
WIRE_TO_HANDLE = {v: k for k, v in HANDLES.items()}
# Info structs filled field by field from the reply.
INFO = {'virDomainInfoPtr', 'virDomainJobInfoPtr', 'virDomainBlockInfoPtr',
        'virDomainControlInfoPtr', 'virStoragePoolInfoPtr', 'virStorageVolInfoPtr',
        'virDomainBlockJobInfoPtr'}


class Skip(Exception):
    pass


def fields(tail, tag):
    m = re.search(tag + r'\(([^)]*)\)', tail)
    if not m:
        return []
    return [tuple(x.split(':', 1)) for x in m.group(1).split()]


def array_limit(t, elem):
    m = re.fullmatch(r'array<%s,(\d+)>' % elem, t)
    return m.group(1) if m else None


def forward(cls, slot, symbol, ret, params, proc, tail):
    """The C++ override for one slot, or raise Skip(reason)."""
    args = fields(tail, 'args')
    rets = fields(tail, 'ret')
    params = [(gen.ctype(t).strip(), n) for t, n in params]
    body = []
    conn = None       # expression naming the connection
    parent = None     # the first handle argument (parent of returned children)
    ai = 0            # next args field
    outs = []         # (kind, ...) consumed from the reply in order
    used_rets = set()
    ret_left = list(rets)

    def take_ret(pred, what):
        for i, (f, t) in enumerate(ret_left):
            if pred(f, t):
                del ret_left[i]
                used_rets.add(f)
                return f, t
        raise Skip('no reply field for ' + what)

    i = 0
    while i < len(params):
        t, n = params[i]
        nxt = params[i + 1] if i + 1 < len(params) else (None, None)
        if i == 0 and t == 'virConnectPtr':
            conn = n
            i += 1
            continue
        af, at = args[ai] if ai < len(args) else (None, None)
        if t in HANDLES:
            if conn is None:
                conn = 'handles::conn_of(%s)' % n
            if parent is None:
                parent = n
            if at == HANDLES[t]:
                body.append('a_.%s = wire(%s);' % (af, n))
            elif at == 'string' and t == 'virNodeDevicePtr':
                body.append('a_.%s = %s->name;' % (af, n))
            else:
                raise Skip('handle %s vs %s' % (n, at))
            ai += 1
        elif t == 'const char *' and at == 'string':
            body.append('if (!%s) return encode_error();' % n)
            body.append('a_.%s = %s;' % (af, n))
            ai += 1
        elif t == 'const char *' and at == 'opt<string>':
            body.append('if (%s) a_.%s = std::string(%s);' % (n, af, n))
            ai += 1
        elif t == 'const unsigned char *' and at == 'uuid':
            body.append('std::memcpy(a_.%s.data(), %s, VIR_UUID_BUFLEN);' % (af, n))
            ai += 1
        elif t in CINT and at in SCALARS:
            body.append('a_.%s = static_cast<%s>(%s);' % (af, SCALARS[at], n))
            ai += 1
        elif t == 'virTypedParameterPtr' and nxt[0] == 'int' and at and array_limit(at, 'typed_param'):
            body.append('VK_TRY(params_to_wire(%s, %s, %s, a_.%s));' % (
                n, nxt[1], array_limit(at, 'typed_param'), af))
            ai += 1
            i += 1
        elif t == 'virTypedParameterPtr' and nxt[0] == 'int *' and af == 'nparams':
            body.append('a_.nparams = *%s;' % nxt[1])
            pf, pt = take_ret(lambda f, t: array_limit(t, 'typed_param'), n)
            # with a count in the reply, *nparams == 0 asks for it
            query = any(f == 'nparams' for f, _ in ret_left)
            if query:
                take_ret(lambda f, t: f == 'nparams', 'nparams')
            outs.append(('params_user', n, nxt[1], pf, array_limit(pt, 'typed_param'), query))
            ai += 1
            i += 1
        elif t in ('const unsigned char *', 'unsigned char *') and nxt[0] == 'int' and at \
                and re.fullmatch(r'opaque<\d+>', at):
            lim = at[len('opaque<'):-1]
            body.append('if (%s > %s)' % (nxt[1], lim))
            body.append('  return error(kFrom, VIR_ERR_RPC, "%%s length greater than maximum: %%d > %%d", '
                        '"%s", static_cast<int>(%s), %s);' % (af, nxt[1], lim))
            body.append('a_.%s.assign(reinterpret_cast<const char *>(%s), static_cast<size_t>(%s));'
                        % (af, n, nxt[1]))
            ai += 1
            i += 1
        elif t == 'unsigned int *' and nxt[0] == 'int' and at and array_limit(at, 'uint'):
            lim = array_limit(at, 'uint')
            body.append('if (%s > %s)' % (nxt[1], lim))
            body.append('  return error(kFrom, VIR_ERR_RPC, "%%s length greater than maximum: %%d > %%d", '
                        '"%s", static_cast<int>(%s), %s);' % (af, nxt[1], lim))
            body.append('a_.%s.assign(%s, %s + %s);' % (af, n, n, nxt[1]))
            ai += 1
            i += 1
        elif t == 'virTypedParameterPtr *' and nxt[0] in ('int *', 'unsigned int *'):
            if af == 'nparams':  # sent, but meaningless: the reply sizes the array
                body.append('a_.nparams = 0;')
                ai += 1
            pf, pt = take_ret(lambda f, t: array_limit(t, 'typed_param'), n)
            take_ret(lambda f, t: f == 'nparams', 'nparams') if any(
                f == 'nparams' for f, _ in ret_left) else None
            outs.append(('params_alloc', n, nxt[1], pf, array_limit(pt, 'typed_param')))
            i += 1
        elif t == 'const char **' and nxt[0] in ('unsigned int', 'int') and at and array_limit(at, 'string'):
            lim = array_limit(at, 'string')
            body.append('if (%s > %s)' % (nxt[1], lim))
            body.append('  return error(kFrom, VIR_ERR_RPC, "%%s length greater than maximum: %%d > %%d", '
                        '"%s", static_cast<int>(%s), %s);' % (af, nxt[1], lim))
            body.append('for (size_t k = 0; k < static_cast<size_t>(%s); k++) a_.%s.emplace_back(%s[k]);'
                        % (nxt[1], af, n))
            ai += 1
            i += 1
        elif t in ('char **', 'char **const') and nxt[0] == 'int' and at == 'int':
            # a name list: the count is the next argument (the procedure's max)
            lf, lt = take_ret(lambda f, t: array_limit(t, 'string'), n)
            lim = array_limit(lt, 'string')
            body.append('if (%s > %s) return too_many("string", %s, %s, "%s", "%s");' % (
                nxt[1], lim, nxt[1], lim, lf, symbol))
            body.append('a_.%s = %s;' % (af, nxt[1]))
            outs.append(('names', n, nxt[1], lf, symbol))
            ai += 1
            i += 1
        elif re.fullmatch(r'vir\w+Ptr \*\*', t) and af == 'need_results':
            ht = t.split()[0]
            if ht not in HANDLES:
                raise Skip('list of ' + ht)
            lf, _ = take_ret(lambda f, t2: array_limit(t2, HANDLES[ht]), n)
            take_ret(lambda f, t2: f == 'ret', 'ret')
            body.append('a_.need_results = %s ? 1 : 0;' % n)
            outs.append(('list_all', n, lf, ht))
            ai += 1
        elif t in INFO:
            outs.append(('info', n))
        elif t.endswith('*') and t[:-1].strip() in CINT:
            outs.append(('scalar', n, t[:-1].strip()))
        else:
            raise Skip('argument %s %s (field %s:%s)' % (t, n, af, at))
        i += 1
    if ai != len(args):
        raise Skip('arguments left: %s' % args[ai:])

    def owner(wire_type):
        # children hang off the caller's domain or network; the rest off the connection
        pt = params_type(params, parent)
        if wire_type in ('nonnull_domain_snapshot', 'nonnull_domain_checkpoint'):
            if pt == 'virDomainPtr':
                return parent
            if pt in ('virDomainSnapshotPtr', 'virDomainCheckpointPtr'):
                return '%s->domain' % parent
            raise Skip('no domain for ' + wire_type)
        if wire_type == 'nonnull_network_port':
            if pt != 'virNetworkPtr':
                raise Skip('no network for a port')
            return parent
        return conn

    post = []
    result = None
    for o in outs:
        if o[0] == 'scalar':
            f, ft = take_ret(lambda f, t: t in SCALARS, o[1])
            post.append('if (%s) *%s = static_cast<%s>(r_->%s);' % (o[1], o[1], o[2], f))
        elif o[0] == 'info':
            if not ret_left:
                raise Skip('info without reply fields')
            if ret_left[0][0] == 'found':
                # filled only when the reply says something was found (then 1)
                post.append('if (!r_->found) return 0;')
                ret_left = ret_left[1:]
                result = '1'
            for f, ft in ret_left:
                if ft not in SCALARS:
                    raise Skip('info field %s:%s' % (f, ft))
                post.append('%s->%s = static_cast<decltype(%s->%s)>(r_->%s);' % (o[1], f, o[1], f, f))
            ret_left = []
        elif o[0] == 'names':
            _, n, maxn, lf, sym = o
            post.append('if (static_cast<int>(r_->%s.size()) > %s)' % (lf, maxn))
            post.append('  return too_many("string", static_cast<int>(r_->%s.size()), %s, "%s", "%s");'
                        % (lf, maxn, lf, sym))
            post.append('return copy_names(r_->%s, %s);' % (lf, n))
            result = 'done'
        elif o[0] == 'list_all':
            _, n, lf, ht = o
            mk = 'handle(%s, e)' % owner(HANDLES[ht])
            # The count is the list's own size when the list was asked for
            # (a daemon's `ret` beyond it would send the caller past its end).
            post.append('if (%s) {' % n)
            post.append('  VK_TRY(make_list(r_->%s, %s, [&](auto &e) { return %s; }));' % (
                lf, n, mk))
            post.append('  return static_cast<int>(r_->%s.size());' % lf)
            post.append('}')
            post.append('return static_cast<int>(r_->ret);')
            result = 'done'
        elif o[0] == 'params_user':
            _, n, np, pf, lim, query = o
            if query:
                post.append('if (*%s == 0) {' % np)
                post.append('  *%s = r_->nparams;' % np)
                post.append('  return 0;')
                post.append('}')
            post.append('VK_TRY(params_from_wire(r_->%s, %s, %s, %s));' % (pf, lim, n, np))
        elif o[0] == 'params_alloc':
            _, n, np, pf, lim = o
            post.append('VK_TRY(params_from_wire_alloc(r_->%s, %s, %s, %s));' % (pf, lim, n, np))

    rtype = gen.ctype(ret).strip()
    if result == '1':
        post.append('return 1;')
    elif result is None:
        if rtype == 'int' and not ret_left:
            result = '0'
        elif rtype in CINT and len(ret_left) == 1 and ret_left[0][1] in SCALARS:
            result = 'static_cast<%s>(r_->%s)' % (rtype, ret_left[0][0])
        elif rtype == 'char *' and len(ret_left) == 1 and ret_left[0][1] == 'string':
            result = 'dup(r_->%s)' % ret_left[0][0]
        elif rtype == 'char *' and len(ret_left) == 1 and ret_left[0][1] == 'opt<string>':
            result = 'r_->%s ? dup(*r_->%s) : nullptr' % (ret_left[0][0], ret_left[0][0])
        elif rtype in HANDLES and len(ret_left) == 1 and ret_left[0][1] == HANDLES[rtype]:
            result = 'handle(%s, r_->%s)' % (owner(HANDLES[rtype]), ret_left[0][0])
        else:
            raise Skip('result %s from %s' % (rtype, ret_left))
        if slot in RESETS_ID:
            post.append('%s->id.store(-1, std::memory_order_relaxed);' % parent)
        post.append('return %s;' % result)

    sig = ', '.join(gen.decl(t, n) for t, n in params)
    out = ['Result<%s> %s::%s(%s) {' % (gen.ctype(ret), cls, slot, sig)]
    text = '\n'.join(body + post)
    for t, n in params:
        if not re.search(r'\b%s\b' % n, text):
            out.append('  (void)%s;' % n)
    has_args = bool(args)
    if has_args:
        out.append('  proto::%s_args a_{};' % proc)
        out += ['  ' + b for b in body]
    call = 'client_->call<P::%s>(%s)' % (gen_ident(proc), 'a_' if has_args else '')
    if rets:
        out.append('  auto r_ = %s;' % call)
        out.append('  VK_TRY(r_);')
    else:
        out.append('  VK_TRY(%s);' % call)
    out += ['  ' + p for p in post]
    out.append('}')
    # unused parameters (the connection) are fine: they are named in the signature only
    return out


def params_type(params, name):
    for t, n in params:
        if n == name:
            return t
    return None


def gen_ident(name):
    return name + '_' if name in ('delete', 'default', 'new') else name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--list', required=True)
    ap.add_argument('--headers', required=True)
    ap.add_argument('--proto', required=True)
    ap.add_argument('-o', '--output', required=True, help='the class declaration (.h)')
    ap.add_argument('--sources', nargs='+', required=True,
                    help='the definitions, shared out among these .cc files')
    a = ap.parse_args()

    entries, _ = gen.parse(a.list)
    protos = gen.prototypes(a.headers)
    procs = {}
    with open(a.proto) as f:
        program = None
        for line in f:
            if line.startswith('program '):
                program = line.split()[1]
            m = re.match(r'proc (\d+) (\w+)(.*)', line.strip())
            if m and program == 'remote':
                procs[m.group(2).replace('_', '')] = (m.group(2), m.group(3))

    banner = ['// Generated by api/gen_remote_slots.py from api/libvirt.api and api/remote.proto.',
              '// Do not edit: each override forwards one driver slot to its remote procedure.']
    out = banner + ['#pragma once', '', '#include "drivers/remote/wire.h"', '',
                    'namespace virtkit::drivers::remote {', '']
    bodies = []
    seen = set()
    skipped = []
    for slot, (symbol, table) in HAND_ENTRY.items():
        if symbol:
            entries.append({'slot': slot, 'symbol': symbol, 'table': table})
    by_table = {t: [] for t in gen.TABLES}
    for e in entries:
        if e['slot'] and e['slot'] not in seen:
            seen.add(e['slot'])
            by_table[e['table']].append(e)
    for table, slots_class in gen.TABLES.items():
        cls = 'Remote' + slots_class
        out += ['class %s : public driver::%s {' % (cls, gen.TABLE_CLASSES[table]), ' public:',
                '  explicit %s(std::shared_ptr<virtkit::remote::Client> c) : client_(std::move(c)) {}'
                % cls, '', ' protected:', '  std::shared_ptr<virtkit::remote::Client> client_;', '',
                ' public:']
        for e in by_table[table]:
            slot = e['slot']
            key = slot.lower()
            if key not in procs:
                skipped.append((slot, 'no procedure'))
                continue
            if slot in MANUAL:
                skipped.append((slot, 'written by hand'))
                continue
            ret, params = protos[e['symbol']]
            try:
                lines = forward(cls, slot, e['symbol'], ret, params, *procs[key])
            except Skip as s:
                skipped.append((slot, str(s)))
                continue
            # The declaration: the definition's first line, unqualified.
            out.append('  ' + lines[0].replace(cls + '::', '', 1)[:-2] + ' override;')
            bodies.append(lines)
        out += ['};', '']
    out += ['// Not generated (written by hand in the table classes, or not forwarded):']
    for slot, why in skipped:
        out.append('//   %s: %s' % (slot, why))
    out += ['', '}  // namespace virtkit::drivers::remote', '']
    with open(a.output, 'w') as f:
        f.write('\n'.join(out))
    # Out of line, so the slots are compiled once (and in parallel), not in
    # every file that includes the class.
    n = len(a.sources)
    per = (len(bodies) + n - 1) // n
    for i, path in enumerate(a.sources):
        src = banner + ['', '#include "remote_slots.h"', '', '#include <cstring>', '',
                        'namespace virtkit::drivers::remote {', '']
        for lines in bodies[i * per:(i + 1) * per]:
            src += lines + ['']
        src += ['}  // namespace virtkit::drivers::remote', '']
        with open(path, 'w') as f:
            f.write('\n'.join(src))
    return 0


if __name__ == '__main__':
    sys.exit(main())
