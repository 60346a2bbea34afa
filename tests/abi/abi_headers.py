#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""ABI test: virtkit's public headers against libvirt 9.0.0's (libvirt-dev).

  abi_headers.py --source-dir DIR --work-dir DIR [--cc gcc] [--cxx g++]
                 [--include DIR] [--check-generated]

Steps (each must pass):
  (all headers: libvirt.h, virterror.h and the companion libraries'
  libvirt-qemu.h, libvirt-lxc.h, libvirt-admin.h)
  1. our headers compile as C99/C11 and C++20 with -Wall -Wextra -Werror -pedantic
  2. value probe: one generated C file printing every enum constant, object-like
     macro, enum type size/signedness and struct layout is built against our
     headers and against the reference headers; the two outputs must be equal
  3. prototypes: gcc -aux-info lists of all functions must be equal
  4. our prototypes (from -aux-info) are redeclared under the reference headers
     and vice versa; a conflicting redeclaration fails the compile
  5. typedef / functype / struct field / variable types as virtkit writes them
     are static-asserted under the reference headers
  6. deprecated struct fields warn under both header sets
With --check-generated only checks that include/libvirt matches what
api/tools/gen_headers.py writes.
Exit status 77 means "skipped" (reference libvirt-dev 9.0.0 not available).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
REF_VERSION = '9.0.0'


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def pkg(*args):
    r = run(['pkg-config'] + list(args) + ['libvirt'])
    return r.stdout.strip() if r.returncode == 0 else None


def skip(msg):
    print('SKIPPED: ' + msg)
    sys.exit(SKIP)


class Failure(Exception):
    pass


def compile_ok(cmd, what):
    r = run(cmd)
    if r.returncode != 0:
        raise Failure('%s failed:\n  %s\n%s%s' % (what, ' '.join(cmd), r.stdout, r.stderr))


# Every public header, the companion libraries' included.
ALL_INCLUDES = ''.join('#include <libvirt/%s.h>\n' % h for h in (
    'libvirt', 'virterror', 'libvirt-qemu', 'libvirt-lxc', 'libvirt-admin'))


def aux_prototypes(cc, cflags, work, tag):
    src = os.path.join(work, 'aux_%s.c' % tag)
    with open(src, 'w') as f:
        f.write(ALL_INCLUDES)
    aux = os.path.join(work, 'aux_%s.txt' % tag)
    compile_ok([cc, '-std=gnu11', '-aux-info', aux] + cflags +
               ['-c', src, '-o', os.path.join(work, 'aux_%s.o' % tag)],
               'aux-info (%s)' % tag)
    protos = {}
    with open(aux) as f:
        for line in f:
            m = re.match(r'/\* (\S+):\d+:(\w+) \*/ (.*)$', line.strip())
            if not m:
                continue
            path, kind, proto = m.groups()
            if '/libvirt/' not in path or kind != 'NC':
                continue
            name = re.search(r'(\w+) \(', proto)
            protos[name.group(1)] = ' '.join(proto.split())
    return protos


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--source-dir', required=True)
    ap.add_argument('--work-dir', required=True)
    ap.add_argument('--cc', default=os.environ.get('CC', 'gcc'))
    ap.add_argument('--cxx', default=os.environ.get('CXX', 'g++'))
    ap.add_argument('--include', default=None,
                    help='directory holding our libvirt/ headers (default SOURCE/include)')
    ap.add_argument('--check-generated', action='store_true')
    args = ap.parse_args()

    src = os.path.abspath(args.source_dir)
    ours_inc = os.path.abspath(args.include or os.path.join(src, 'include'))
    work = os.path.abspath(args.work_dir)
    os.makedirs(work, exist_ok=True)

    if shutil.which('pkg-config') is None:
        skip('pkg-config not found')
    ver = pkg('--modversion')
    if ver is None:
        skip('libvirt-dev (pkg-config libvirt) not installed')
    if ver != REF_VERSION:
        skip('reference libvirt-dev is %s, need %s' % (ver, REF_VERSION))
    xml = pkg('--variable=libvirt_api') or '/usr/share/libvirt/api/libvirt-api.xml'
    if not os.path.exists(xml):
        skip('libvirt API description %s missing' % xml)
    sys_cflags = (pkg('--cflags') or '').split()
    if shutil.which(args.cc) is None:
        skip('C compiler %s not found' % args.cc)

    gen = os.path.join(src, 'api', 'tools', 'gen_headers.py')
    if args.check_generated:
        r = run([sys.executable, gen, '--xml', xml, '--check', os.path.join(ours_inc, 'libvirt')])
        sys.stdout.write(r.stdout + r.stderr)
        return r.returncode

    ours = ['-I', ours_inc]
    warn = ['-Wall', '-Wextra', '-Werror', '-pedantic']
    failures = []

    def step(name, fn):
        try:
            fn()
            print('PASS  %s' % name)
        except Failure as e:
            print('FAIL  %s\n%s' % (name, e))
            failures.append(name)

    # 1. compile cleanliness -------------------------------------------------
    def compiles():
        t = os.path.join(work, 'inc.c')
        with open(t, 'w') as f:
            f.write(ALL_INCLUDES +
                    'int virtkit_abi_dummy(void);\n'
                    'int virtkit_abi_dummy(void) { return VIR_UUID_BUFLEN; }\n')
        # the admin header alone stands on libvirt-common.h
        t3 = os.path.join(work, 'inc3.c')
        with open(t3, 'w') as f:
            f.write('#include <libvirt/libvirt-admin.h>\n'
                    'int virtkit_abi_dummy3(void);\n'
                    'int virtkit_abi_dummy3(void) { return VIR_CLIENT_TRANS_TLS; }\n')
        t2 = os.path.join(work, 'inc2.c')
        with open(t2, 'w') as f:
            f.write('#include <libvirt/virterror.h>\n'
                    'int virtkit_abi_dummy2(void);\n'
                    'int virtkit_abi_dummy2(void) { return VIR_ERR_NUMBER_LAST; }\n')
        o = os.path.join(work, 'inc.o')
        for std in ('c99', 'c11'):
            compile_ok([args.cc, '-std=' + std] + warn + ours + ['-c', t, '-o', o], 'C ' + std)
            compile_ok([args.cc, '-std=' + std, '-DVIR_ENUM_SENTINELS'] + warn + ours +
                       ['-c', t2, '-o', o], 'C %s sentinels' % std)
            compile_ok([args.cc, '-std=' + std] + warn + ours + ['-c', t3, '-o', o],
                       'C %s admin header alone' % std)
        if shutil.which(args.cxx):
            compile_ok([args.cxx, '-x', 'c++', '-std=c++20'] + warn + ours + ['-c', t, '-o', o],
                       'C++20')
            compile_ok([args.cxx, '-x', 'c++', '-std=c++20', '-DVIR_ENUM_SENTINELS'] + warn +
                       ours + ['-c', t2, '-o', o], 'C++20 sentinels')
        else:
            print('note: C++ compiler %s not found, C++ check skipped' % args.cxx)
    step('headers compile (C99, C11, C++20; -Wall -Wextra -Werror -pedantic)', compiles)

    # 2. value probe ---------------------------------------------------------
    probe_dir = os.path.join(work, 'probe')
    r = run([sys.executable, gen, '--xml', xml, '--abi-probe', probe_dir])
    if r.returncode != 0:
        print('FAIL  generating probe\n' + r.stdout + r.stderr)
        return 1

    def probe():
        outs = {}
        for tag, flags in (('ours', ours), ('reference', sys_cflags)):
            exe = os.path.join(probe_dir, 'probe_' + tag)
            compile_ok([args.cc, '-std=gnu11', '-Wall', '-Wextra', '-Werror',
                        '-Wno-deprecated-declarations'] + flags +
                       [os.path.join(probe_dir, 'abi_probe.c'), '-o', exe],
                       'probe build (%s)' % tag)
            rr = run([exe])
            if rr.returncode != 0:
                raise Failure('probe (%s) exited %d' % (tag, rr.returncode))
            outs[tag] = rr.stdout.splitlines()
            with open(exe + '.txt', 'w') as f:
                f.write(rr.stdout)
        if outs['ours'] != outs['reference']:
            a, b = outs['ours'], outs['reference']
            diff = [l for l in sorted(set(a) ^ set(b))][:40]
            raise Failure('probe outputs differ (%d vs %d lines); first differences:\n  %s'
                          % (len(a), len(b), '\n  '.join(
                              ('ours: ' if l in set(a) else 'ref:  ') + l for l in diff)))
        print('      %d probe lines identical' % len(outs['ours']))
    step('constants, macros and struct layouts equal', probe)

    # 3./4. prototypes ---------------------------------------------------------
    protos = {}

    def prototypes():
        protos['ours'] = aux_prototypes(args.cc, ours, work, 'ours')
        protos['ref'] = aux_prototypes(args.cc, sys_cflags, work, 'ref')
        a, b = protos['ours'], protos['ref']
        msgs = []
        for n in sorted(set(b) - set(a)):
            msgs.append('missing: ' + b[n])
        for n in sorted(set(a) - set(b)):
            msgs.append('extra:   ' + a[n])
        for n in sorted(set(a) & set(b)):
            if a[n] != b[n]:
                msgs.append('differs: ours %s\n           ref  %s' % (a[n], b[n]))
        if msgs:
            raise Failure('\n'.join('  ' + m for m in msgs))
        print('      %d prototypes identical' % len(a))
    step('function prototypes equal (gcc -aux-info)', prototypes)

    def redeclare():
        if 'ours' not in protos:
            protos['ours'] = aux_prototypes(args.cc, ours, work, 'ours')
            protos['ref'] = aux_prototypes(args.cc, sys_cflags, work, 'ref')
        for tag, decls, flags in (('ours-under-reference', protos['ours'], sys_cflags),
                                  ('reference-under-ours', protos['ref'], ours)):
            t = os.path.join(work, 'redecl_%s.c' % tag)
            with open(t, 'w') as f:
                f.write(ALL_INCLUDES + '\n')
                for n in sorted(decls):
                    # the name must already be declared by the header in use
                    f.write('static void *const virtkit_ref_%s = (void *)&%s;\n' % (n, n))
                f.write('\n')
                for n in sorted(decls):
                    f.write(decls[n] + '\n')
                f.write('VIR_EXPORT_VAR virConnectAuthPtr virConnectAuthPtrDefault;\n')
                f.write('\nvoid *virtkit_refs[] = {\n')
                for n in sorted(decls):
                    f.write('    virtkit_ref_%s,\n' % n)
                f.write('};\n')
            compile_ok([args.cc, '-std=gnu11', '-Wall', '-Wextra', '-Werror'] + flags +
                       ['-c', t, '-o', os.path.join(work, 'redecl.o')], 'redeclaration ' + tag)
    step('prototypes redeclare without conflict (both directions)', redeclare)

    # 5. types ---------------------------------------------------------------
    def types():
        compile_ok([args.cc, '-std=gnu11', '-Wall', '-Wextra', '-Werror'] + sys_cflags +
                   ['-c', os.path.join(probe_dir, 'abi_types.c'),
                    '-o', os.path.join(work, 'types.o')], 'type assertions')
        compile_ok([args.cc, '-std=gnu11', '-Wall', '-Wextra', '-Werror'] + ours +
                   ['-c', os.path.join(probe_dir, 'abi_types.c'),
                    '-o', os.path.join(work, 'types.o')], 'type assertions (ours)')
    step('typedef, functype, field and variable types compatible', types)

    # 6. deprecation ---------------------------------------------------------
    def deprecated():
        path = os.path.join(probe_dir, 'abi_deprecated.txt')
        with open(path) as f:
            items = [l.split() for l in f if l.strip()]
        for tag, flags in (('ours', ours), ('reference', sys_cflags)):
            for struct, field in items:
                t = os.path.join(work, 'depr.c')
                with open(t, 'w') as f:
                    f.write('#include <libvirt/libvirt.h>\n#include <libvirt/virterror.h>\n'
                            'void *virtkit_depr(struct %s *p);\n'
                            'void *virtkit_depr(struct %s *p) { return (void *)p->%s; }\n'
                            % (struct, struct, field))
                base = [args.cc, '-std=gnu11', '-Wall', '-Wextra'] + flags + ['-c', t, '-o',
                                                                              os.path.join(work, 'depr.o')]
                compile_ok(base + ['-Wno-deprecated-declarations', '-Werror'],
                           'access %s.%s (%s)' % (struct, field, tag))
                r = run(base + ['-Werror=deprecated-declarations'])
                if r.returncode == 0:
                    raise Failure('%s.%s is not deprecated in %s headers' % (struct, field, tag))
    step('deprecated struct fields', deprecated)

    if failures:
        print('%d step(s) failed' % len(failures))
        return 1
    print('all ABI header checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
