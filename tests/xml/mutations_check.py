#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Bad values in real domains: each case is one of libvirt 9.0.0's corpus
domains with one attribute changed to a value a parser may mishandle (another
base, a sign, a word, empty, too large, a fraction, a space), defined on
test:///default and dumped, once on Debian's libvirt and once on virtkit. Both
must answer alike: the same XML, or the same error code, domain and message.
The cases are the same on every run (a fixed seed over the sorted corpus).
Known differences are listed, each with its reason, in ACCEPTED; any other
difference fails, and so does a listed case that has become identical.

  mutations_check.py SHARED_DIR LIBDIR ACCEPTED [--write] [--count N] [--seed S]

--write rewrites ACCEPTED with the current differences, keeping the reasons
already given. Exit 77 (skipped) when the corpus cannot be fetched."""
import argparse
import difflib
import glob
import json
import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
VALUES = ['0x10', '-1', 'abc', '', '010', '4294967296', 'yes', 'off', ' 5', '1.5', 'default',
          'none']
CORPORA = ['genericxml2xmlindata', 'qemuxml2argvdata']

# Runs in Debian's python3 with the library under test first on the search path.
WORKER = r'''
import json, re, sys
import libvirt
libvirt.registerErrorHandler(lambda *a: None, None)
conn = libvirt.open('test:///default')
uuid = re.compile(r'<(uuid|genid)>[0-9a-f-]+</(uuid|genid)>')
mac = re.compile(r"52:54:00(:[0-9a-f]{2}){3}")
with open(sys.argv[1]) as cases, open(sys.argv[2], 'w') as out:
    for line in cases:
        case = json.loads(line)
        print(case['id'], file=sys.stderr, flush=True)
        try:
            dom = conn.defineXML(case['xml'])
            text = dom.XMLDesc(0)
            dom.undefine()
            r = {'xml': mac.sub('@MAC@', uuid.sub(r'<\1>@ID@</\1>', text))}
        except libvirt.libvirtError as e:
            r = {'err': [e.get_error_code(), e.get_error_domain(), e.get_error_message()]}
        r['id'] = case['id']
        out.write(json.dumps(r) + '\n')
'''


def cases(tests_dir, count, seed):
    rnd = random.Random(seed)
    files = sorted(f for c in CORPORA for f in glob.glob(os.path.join(tests_dir, c, '*.xml')))
    out, seen = [], set()
    while len(out) < count:
        path = rnd.choice(files)
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        name = root.find('name')
        if root.tag != 'domain' or name is None:
            continue
        name.text = 'mutated'  # never one of test:///default's own domains
        elements = [e for e in root.iter() if e.attrib and e is not root]
        if not elements:
            continue
        el = rnd.choice(elements)
        attr = rnd.choice(sorted(el.attrib))
        value = rnd.choice(VALUES)
        el.set(attr, value)
        key = '%s/%s/%s@%s=%r' % (os.path.basename(os.path.dirname(path)),
                                  os.path.basename(path), el.tag, attr, value)
        if key in seen:
            continue
        seen.add(key)
        out.append({'id': key, 'xml': ET.tostring(root, encoding='unicode')})
    return out


def run(libdir, all_cases, tmp, label):
    """Each case's result; a case the library crashes on is {'crash': True}
    and the run goes on from the next case in a new process."""
    worker = os.path.join(tmp, 'worker.py')
    with open(worker, 'w') as f:
        f.write(WORKER)
    env = dict(os.environ)
    if libdir:
        env['LD_LIBRARY_PATH'] = libdir
    results, todo = {}, list(all_cases)
    while todo:
        case_file, out = os.path.join(tmp, 'cases.jsonl'), os.path.join(tmp, label + '.jsonl')
        with open(case_file, 'w') as f:
            for c in todo:
                f.write(json.dumps(c) + '\n')
        p = subprocess.run(['/usr/bin/python3', worker, case_file, out], env=env,
                           capture_output=True, text=True, timeout=900)
        with open(out) as f:
            for r in map(json.loads, f):
                results[r['id']] = r
        if p.returncode == 0:
            break
        started = [l for l in p.stderr.splitlines() if l.startswith(tuple(CORPORA))]
        if not started or started[-1] in results:
            sys.exit('%s: the worker failed: %s' % (label, p.stderr[-2000:]))
        results[started[-1]] = {'id': started[-1], 'crash': True}
        todo = [c for c in todo if c['id'] not in results]
    return results


def describe(ref, new):
    if 'xml' in ref and 'xml' in new:
        lines = [l for l in difflib.unified_diff(ref['xml'].splitlines(), new['xml'].splitlines(),
                                                 lineterm='', n=0)
                 if l[:1] in '+-' and l[:3] not in ('+++', '---')]
        return 'xml: ' + ' | '.join(l.strip() for l in lines[:2])
    if 'xml' in ref:
        return 'virtkit refuses: %s' % new['err'][2]
    if 'xml' in new:
        return 'virtkit accepts; libvirt: %s' % ref['err'][2]
    return 'libvirt: %s | virtkit: %s' % (ref['err'], new['err'])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('shared')
    ap.add_argument('libdir')
    ap.add_argument('accepted')
    ap.add_argument('--write', action='store_true')
    ap.add_argument('--count', type=int, default=20000)
    ap.add_argument('--seed', type=int, default=9)
    args = ap.parse_args()
    got = subprocess.run([os.path.join(args.shared, 'xmlcorpus', 'get-corpus.sh')],
                         capture_output=True, text=True)
    if got.returncode != 0:
        print('corpus unavailable, skipped:', got.stderr.strip())
        return SKIP
    tests_dir = got.stdout.strip().splitlines()[-1]
    accepted = {}
    if os.path.exists(args.accepted):
        with open(args.accepted, encoding='utf-8') as f:
            for line in f:
                if line.strip() and not line.startswith('#'):
                    key, _, reason = line.rstrip('\n').partition('\t')
                    accepted[key] = reason
    with tempfile.TemporaryDirectory() as tmp:
        all_cases = cases(tests_dir, args.count, args.seed)
        ref = run('', all_cases, tmp, 'libvirt')
        new = run(args.libdir, all_cases, tmp, 'virtkit')
    differ, crashes, libvirt_crashes = {}, [], []
    for c in all_cases:
        r, n = ref.get(c['id']), new.get(c['id'])
        if r is None or n is None:
            sys.exit('no result for %s' % c['id'])
        if n.get('crash'):
            crashes.append(c['id'])
            continue
        if r.get('crash'):  # libvirt's bug: nothing to compare with
            libvirt_crashes.append(c['id'])
            continue
        if r == n:
            continue
        differ[c['id']] = describe(r, n)
    if args.write:
        with open(args.accepted, 'w', encoding='utf-8') as f:
            f.write('# Cases of tests/xml/mutations_check.py where virtkit answers otherwise\n'
                    '# than Debian\'s libvirt 9.0.0, each with its reason.\n# KEY<TAB>REASON\n')
            for key in sorted(differ):
                f.write('%s\t%s\n' % (key, accepted.get(key, differ[key])))
        print('wrote %d differences' % len(differ))
        return 0
    new_diffs = sorted(k for k in differ if k not in accepted)
    stale = sorted(k for k in accepted if k not in differ)
    print('%d cases: %d identical, %d known differences, %d new, %d listed but now identical; '
          'libvirt crashes on %d, virtkit on %d'
          % (len(all_cases), len(all_cases) - len(differ) - len(libvirt_crashes),
             len(differ) - len(new_diffs), len(new_diffs), len(stale), len(libvirt_crashes),
             len(crashes)))
    for k in libvirt_crashes:
        print('LIBVIRT CRASHES (skipped) %s' % k)
    for k in crashes:
        print('CRASH %s' % k)
    for k in new_diffs:
        print('NEW  %s\n     %s' % (k, differ[k]))
    for k in stale:
        print('FIXED (remove from the list) %s' % k)
    return 1 if new_diffs or stale or crashes else 0


if __name__ == '__main__':
    sys.exit(main())
