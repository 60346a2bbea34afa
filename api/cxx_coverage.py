#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Checks that the C++ API (include/virtkit/*.hpp) reaches every C function of
the API lists (api/*.api), except the pure C helpers below. A function counts
when the headers' code (comments removed) calls it. Functions not reached yet
are listed in api/cxx_missing.txt; the check fails on any other missing one,
and on a listed one that is reached (so that the list stays true).
Usage: cxx_coverage.py ROOT [--report] [--update] (--update rewrites the list:
reached functions leave it, newly missing ones enter it as "not wrapped yet")."""
import pathlib
import re
import sys

# Pure C helpers: what they do is done by the C++ types themselves.
HELPERS = [
    (re.compile(r'^virTypedParams'), 'virtkit::TypedParams is the value type'),
    (re.compile(r'^vir\w+(Free|Ref)$'), 'virtkit::Handle counts references'),
    (re.compile(r'^vir(Copy|Save|Get)LastError\w*$|^virResetError$|^virConnCopyLastError$'),
     'virtkit::Error::last() and Connection::last_error() copy the error'),
    (re.compile(r'^vir\w+(LeaseFree|InfoFree|InterfaceFree|RecordListFree)$'),
     'the C++ structs own their data'),
    (re.compile(r'^virFreeError$'), 'virtkit::Error owns its data'),
]


def functions(root):
    out = []
    for api in sorted((root / 'api').glob('*.api')):
        for line in api.read_text().splitlines():
            f = line.split()
            if len(f) > 3 and not line.startswith('#') and f[3] != 'data':
                out.append((api.name, f[0]))
    return out


def helper_reason(name):
    for pat, why in HELPERS:
        if pat.search(name):
            return why
    return None


def main(argv):
    root = pathlib.Path(argv[1])
    code = ''
    for h in sorted((root / 'include' / 'virtkit').glob('*.hpp')):
        text = h.read_text()
        text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
        code += re.sub(r'//[^\n]*', ' ', text)
    used = set(re.findall(r'\bvir[A-Za-z0-9_]+\b', code))
    listed = {}
    missing_file = root / 'api' / 'cxx_missing.txt'
    for line in missing_file.read_text().splitlines():
        if line.strip() and not line.startswith('#'):
            name, _, why = line.partition(' ')
            listed[name] = why.strip()
    per_list = {}
    bad = []
    for api, name in functions(root):
        total, reached, helpers = per_list.setdefault(api, [0, 0, 0])
        per_list[api][0] += 1
        if name in used:
            per_list[api][1] += 1
            if name in listed:
                bad.append(f'{name}: reached, but still in api/cxx_missing.txt')
        elif helper_reason(name):
            per_list[api][2] += 1
        elif name not in listed:
            bad.append(f'{name} ({api}): not reached by include/virtkit/ and not in '
                       'api/cxx_missing.txt')
    for api, (total, reached, helpers) in per_list.items():
        print(f'{api}: {total} functions, {reached} reached by the C++ API, '
              f'{helpers} other pure C helpers, {total - reached - helpers} not reached')
    if '--report' in argv:
        for name, why in sorted(listed.items()):
            print(f'  not reached: {name} {why}')
    if '--update' in argv:
        keep = [l for l in missing_file.read_text().splitlines()
                if not l.strip() or l.startswith('#')]
        now = {}
        for api, name in functions(root):
            if name not in used and not helper_reason(name):
                now[name] = listed.get(name, 'not wrapped yet')
        missing_file.write_text('\n'.join(keep + [f'{n} {w}' for n, w in sorted(now.items())])
                                + '\n')
        return 0
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
