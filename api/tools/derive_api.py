#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Derive api/libvirt.api (or a companion library's list: api/libvirt-qemu.api,
api/libvirt-lxc.api, api/libvirt-admin.api) from the libvirt 9.0.0 reference
material.

Inputs (read-only):
  - the API description XML (function list, argument types)
  - the reference libvirt0 shared library (ELF version node per symbol)
  - the libvirt source tree (file holding each entry point, VIR_FROM_THIS of
    that file, and whether the entry point refuses read-only connections)

Usage: derive_api.py [--xml X] [--lib L] [--src DIR] [-o api/libvirt.api] [--explain]
       derive_api.py --companion qemu|lxc|admin [--src DIR] [-o api/libvirt-qemu.api]
  (--companion NAME takes libvirt-NAME-api.xml and libvirt-NAME.so.0)

The hand-kept columns (via=, slot=, checks=) of an existing list at the
output path are carried over; table= is derived from the source's
driver-*.h for every line with a slot.
"""
import argparse
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

HANDLE_TYPES = {
    'virConnectPtr': 'connect',
    'virDomainPtr': 'domain',
    'virNetworkPtr': 'network',
    'virNetworkPortPtr': 'networkport',
    'virInterfacePtr': 'interface',
    'virStoragePoolPtr': 'storagepool',
    'virStorageVolPtr': 'storagevol',
    'virNodeDevicePtr': 'nodedevice',
    'virNWFilterPtr': 'nwfilter',
    'virNWFilterBindingPtr': 'nwfilterbinding',
    'virSecretPtr': 'secret',
    'virStreamPtr': 'stream',
    'virDomainSnapshotPtr': 'domainsnapshot',
    'virDomainCheckpointPtr': 'domaincheckpoint',
    'virAdmConnectPtr': 'admconnect',
    'virAdmServerPtr': 'admserver',
    'virAdmClientPtr': 'admclient',
}

# Files whose public functions are "free" helpers: never treated as having
# an object handle even if the first argument is one (error API).
NO_HANDLE_FILES = {'util/virerror.c'}


def read_tables(src):
    """slot name -> libvirt driver table (driver-network.h -> 'network')."""
    tables = {}
    for fn in sorted(os.listdir(src)):
        m = re.match(r'driver-(\w+)\.h$', fn)
        if not m or m.group(1) in ('state', 'stream'):
            continue
        with open(os.path.join(src, fn)) as f:
            for slot in re.findall(r'^\s+virDrv\w+\s+(\w+);', f.read(), re.M):
                tables[slot] = m.group(1)
    return tables


KEPT = ('via', 'slot', 'checks')


def read_kept(path):
    """symbol -> its hand-kept key=value columns, from an existing list."""
    kept = {}
    if path == '-' or not os.path.exists(path):
        return kept
    with open(path) as f:
        for line in f:
            cols = line.split('#', 1)[0].split()
            if len(cols) >= 5:
                kept[cols[0]] = (cols[3], [c for c in cols[5:] if c.partition('=')[0] in KEPT])
    return kept


def version_key(node):
    m = re.match(r'LIBVIRT_(?:[A-Z]+_)?(\d+)\.(\d+)\.(\d+)$', node)
    return tuple(int(x) for x in m.groups())


def read_versions(lib):
    out = subprocess.run(['nm', '-D', '--defined-only', '--with-symbol-versions', lib],
                         check=True, capture_output=True, text=True).stdout
    vers = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[1] == 'A':
            continue
        name, _, node = parts[2].partition('@@')
        if not node:
            name, _, node = parts[2].partition('@')
        if '_PRIVATE_' in node:  # LIBVIRT_PRIVATE_*, LIBVIRT_ADMIN_PRIVATE_*
            continue
        vers[name] = node
    return vers


def strip_code(text):
    """Blank out comments, string and char literals, keeping offsets."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != '\n':
                    out[k] = ' '
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = ' '
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            for k in range(i + 1, min(j, n)):
                if out[k] != '\n':
                    out[k] = ' '
            i = j + 1
        else:
            i += 1
    return ''.join(out)


def find_definitions(srcdir, names):
    """Map function name -> (relative file, body text) for every definition."""
    defs = {}
    statics = {}
    # name at the start of a line, or after a return type on the same line
    pat = re.compile(r'^(?:(?:static|inline|const|unsigned|signed|struct)\s+)*'
                     r'(?:\w+\s*\**\s+\**)?(\w+)\s*\(', re.M)
    for root, dirs, files in os.walk(srcdir):
        dirs[:] = sorted(d for d in dirs if d not in ('.git',))
        for fn in sorted(files):
            if not fn.endswith('.c'):
                continue
            path = os.path.join(root, fn)
            rel = os.path.relpath(path, srcdir)
            with open(path, encoding='utf-8', errors='replace') as f:
                raw = f.read()
            code = strip_code(raw)
            for m in pat.finditer(code):
                name = m.group(1)
                # locate the end of the parameter list
                depth, i = 0, m.end() - 1
                while i < len(code):
                    if code[i] == '(':
                        depth += 1
                    elif code[i] == ')':
                        depth -= 1
                        if depth == 0:
                            break
                    i += 1
                j = i + 1
                while j < len(code) and code[j].isspace():
                    j += 1
                if j >= len(code) or code[j] != '{':
                    continue
                depth, k = 0, j
                while k < len(code):
                    if code[k] == '{':
                        depth += 1
                    elif code[k] == '}':
                        depth -= 1
                        if depth == 0:
                            break
                    k += 1
                body = code[j:k + 1]
                if name in names:
                    defs.setdefault(name, []).append((rel, body))
                else:
                    statics.setdefault((rel, name), body)
    return defs, statics


def from_of_file(srcdir, rel):
    with open(os.path.join(srcdir, rel), encoding='utf-8', errors='replace') as f:
        m = re.search(r'^#\s*define\s+VIR_FROM_THIS\s+(VIR_FROM_\w+)', f.read(), re.M)
    return m.group(1) if m else 'VIR_FROM_NONE'


RO_MACRO = re.compile(r'\bvirCheckReadOnlyGoto\s*\(')
RO_MANUAL = re.compile(r"->flags\s*&\s*VIR_CONNECT_RO\b")


def classify_body(body):
    """Return ('write'|'cond'|None, reason) from the body text alone."""
    kinds = []
    for m in RO_MACRO.finditer(body):
        pre = body[:m.start()]
        depth = pre.count('{') - pre.count('}')
        # previous statement text since the last ';', '{' or '}'
        last = max(pre.rfind(';'), pre.rfind('{'), pre.rfind('}'))
        lead = pre[last + 1:].strip()
        if depth > 1 or re.match(r'(if|else|for|while)\b', lead):
            kinds.append('cond')
        else:
            kinds.append('write')
    for m in RO_MANUAL.finditer(body):
        kinds.append('cond')
    if 'write' in kinds:
        return 'write'
    if 'cond' in kinds:
        return 'cond'
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--companion', choices=('qemu', 'lxc', 'admin'))
    ap.add_argument('--xml')
    ap.add_argument('--lib')
    ap.add_argument('--src', default='/tmp/libvirt-src/libvirt-9.0.0/src')
    ap.add_argument('-o', '--output', default='-')
    ap.add_argument('--explain', action='store_true',
                    help='print per-function derivation notes to stderr')
    args = ap.parse_args()
    stem = 'libvirt-' + args.companion if args.companion else 'libvirt'
    args.xml = args.xml or '/usr/share/libvirt/api/%s-api.xml' % stem
    args.lib = args.lib or '/usr/lib/x86_64-linux-gnu/%s.so.0' % stem

    root = ET.parse(args.xml).getroot()
    syms = root.find('symbols')
    funcs = {}
    for f in syms.findall('function'):
        argtypes = [a.get('type') for a in f.findall('arg')]
        funcs[f.get('name')] = argtypes
    variables = [v.get('name') for v in syms.findall('variable')]

    vers = read_versions(args.lib)
    defs, statics = find_definitions(args.src, set(funcs) | set(variables))
    # variables are not function definitions; locate them textually
    var_files = {}
    for v in variables:
        for root_, _, files in os.walk(args.src):
            for fn in sorted(files):
                if fn.endswith('.c'):
                    p = os.path.join(root_, fn)
                    with open(p, encoding='utf-8', errors='replace') as f:
                        if re.search(r'^\w[\w\s\*]*\b%s\s*=' % re.escape(v), f.read(), re.M):
                            var_files[v] = os.path.relpath(p, args.src)

    problems = []
    rows = []
    notes = []
    for name in sorted(funcs):
        if name not in vers:
            problems.append('%s: no version node in %s' % (name, args.lib))
            continue
        d = defs.get(name, [])
        if len(d) != 1:
            problems.append('%s: %d definitions found' % (name, len(d)))
            continue
        rel, body = d[0]
        access = classify_body(body)
        why = 'body'
        if access is None:
            # follow calls to other public entry points or file-local helpers
            for callee in sorted(set(re.findall(r'\b(\w+)\s*\(', body))):
                cb = None
                if callee in defs and callee != name and len(defs[callee]) == 1:
                    cb = defs[callee][0][1]
                elif (rel, callee) in statics:
                    cb = statics[(rel, callee)]
                if cb is None:
                    continue
                k = classify_body(cb)
                if k:
                    access = k
                    why = 'via ' + callee
                    break
        access = access or 'read'
        first = funcs[name][0] if funcs[name] else None
        handle = HANDLE_TYPES.get(first, 'none')
        if rel in NO_HANDLE_FILES:
            handle = 'none'
        frm = from_of_file(args.src, rel)
        rows.append((name, vers[name], handle, access, frm))
        if access != 'read' or why != 'body':
            notes.append('%-40s %-6s %s (%s)' % (name, access, why, rel))
    for v in variables:
        rel = var_files.get(v)
        if v not in vers or rel is None:
            problems.append('%s: variable not located' % v)
            continue
        rows.append((v, vers[v], 'none', 'data', from_of_file(args.src, rel)))

    extra = sorted(set(vers) - set(funcs) - set(variables))
    if extra:
        problems.append('exported but not in XML: ' + ' '.join(extra))
    if problems:
        for p in problems:
            print('error: ' + p, file=sys.stderr)
        return 1
    if args.explain:
        for n in notes:
            print(n, file=sys.stderr)

    rows.sort(key=lambda r: (version_key(r[1]), r[0]))
    kept = read_kept(args.output)
    tables = read_tables(args.src)
    w = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [
        '# virtkit public API list: every symbol exported by %s.so.0 (libvirt 9.0.0),' % stem,
        '# excluding *_PRIVATE_* nodes.  Generated by api/tools/derive_api.py%s; edit by'
        % (' --companion ' + args.companion if args.companion else ''),
        '# hand only with care.  Consumed by api/gen.py at build time.',
        '#',
        '# Columns (whitespace separated):',
        '#   symbol        exported name',
        '#   version_node  ELF version node it is exported under',
        '#   handle        object kind of the first argument (none if it is not a',
        '#                 libvirt object handle, or for the error API)',
        '#   access        write = refuses read-only connections,',
        '#                 cond  = refuses them only for some flags/arguments',
        '#                         (set by hand; the derivation keeps it),',
        '#                 read  = no read-only check,',
        '#                 data  = not a function (exported variable)',
        '#   from          error domain of the implementing source file (VIR_FROM_THIS)',
        '#',
        '# Then optional key=value columns, kept by hand (the derivation carries them',
        '# over) except table=:',
        '#   via=SLOT      the entry point is generated (api/gen.py): the guard, the',
        '#                 checks below, then driver slot SLOT with the function\'s',
        '#                 own arguments',
        '#   slot=SLOT     the entry point is hand-written (src/api/) and calls slot',
        '#                 SLOT with the function\'s own arguments: the slot is',
        '#                 generated all the same',
        '#   table=T       the libvirt driver table holding the slot (driver-T.h):',
        '#                 network, interface, storage, nodedev, secret, nwfilter;',
        '#                 absent for the hypervisor table.  Derived.',
        '#   checks=C,...  libvirt\'s argument checks before the slot, in its order',
        '#                 (with slot=, the hand-written entry point makes them and',
        '#                 only ro matters to the generator): nonnull:ARG, null:ARG,',
        '#                 nonneg:ARG, positive:ARG, nonzero:ARG, zero:ARG, nonempty:ARG,',
        '#                 array:ARG:COUNT, init0:ARG, initnull:ARG, ro (read-only',
        '#                 refused after the checks before it), excl:F1:F2 (flags',
        '#                 exclusive), req:F1:F2 (F1 requires F2), a handle kind',
        '#                 (ARG must be a valid handle), ret0 (0 on success)',
        '#',
        '# Lines are ordered by version node, then by name.',
        '#',
    ]
    fmt = '%%-%ds  %%-%ds  %%-%ds  %%-%ds  %%s' % tuple(w[:4])
    for r in rows:
        access, cols = kept.get(r[0], (None, []))
        if access == 'cond':  # a judgement made by hand: kept
            r = r[:3] + ('cond',) + r[4:]
        cols = list(cols)
        slot = next((c.partition('=')[2] for c in cols if c.partition('=')[0] in ('via', 'slot')), None)
        if slot and tables.get(slot, 'hypervisor') != 'hypervisor':
            cols.append('table=' + tables[slot])
        lines.append(((fmt % r) + ''.join(' ' + c for c in cols)).rstrip())
    text = '\n'.join(lines) + '\n'
    if args.output == '-':
        sys.stdout.write(text)
    else:
        with open(args.output, 'w') as f:
            f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
