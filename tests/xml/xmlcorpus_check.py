#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""libvirt 9.0.0's own XML test corpus, defined and dumped on virtkit, against
the records of Debian's libvirt (shared/xmlcorpus): every record must be
identical except those listed, each with its reason, in xmlcorpus-accepted.tsv.
A listed record that has become identical must leave the list too, so the list
stays the exact set of known differences. Crashes and hangs always fail.

  xmlcorpus_check.py SHARED_DIR LIBDIR ACCEPTED [--write]

--write rewrites ACCEPTED with the current differences, keeping the reasons
already given; a new one gets what differs (its first XML difference or the two
errors), for a person to turn into a reason.
Exit 77 (skipped) when the corpus cannot be fetched (no network, no deb-src)."""
import gzip
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77


def load(path):
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        return {r['key']: r for r in map(json.loads, f)}


def category(ref, new):
    """None when identical, else a short name for how the record differs."""
    if new is None:
        return 'missing'
    a, b = ref['status'], new['status']
    if b in ('crash', 'hang'):
        return b
    if a == 'ok' and b == 'ok':
        return None if ref['xml'] == new['xml'] else 'diff-xml'
    if a == 'ok':
        return 'virtkit-fails'
    if b == 'ok':
        return 'virtkit-succeeds'
    return None if ref['err'] == new['err'] else 'error-differs'


def describe(corpus, ref, new):
    """What differs, in one line: the first XML difference or both errors."""
    sys.path.insert(0, corpus)
    import compare  # shared/xmlcorpus/compare.py

    def err(r):
        e = r.get('err') or {}
        return e.get('message', '').replace('\t', ' ').replace('\n', ' ')

    if ref['status'] == 'ok' and new['status'] == 'ok':
        kind, xpath, detail = compare.xml_diffs(ref['xml'], new['xml'])[0]
        return '%s %s: %s' % (kind, xpath, compare.short(detail, 80))
    if ref['status'] == 'ok':
        return 'virtkit refuses: %s' % err(new)
    if new['status'] == 'ok':
        return 'virtkit accepts; libvirt: %s' % err(ref)
    return 'libvirt: %s | virtkit: %s' % (err(ref), err(new))


def read_accepted(path):
    accepted = {}
    if not os.path.exists(path):
        return accepted
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            key, sep, reason = line.partition('\t')
            if not sep or not reason.strip():
                sys.exit('%s:%d: expected KEY<TAB>REASON' % (path, n))
            accepted[key] = reason
    return accepted


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    shared, libdir, accepted_path = sys.argv[1:4]
    write = '--write' in sys.argv[4:]
    corpus = os.path.join(shared, 'xmlcorpus')
    got = subprocess.run([os.path.join(corpus, 'get-corpus.sh')], capture_output=True, text=True)
    if got.returncode != 0:
        print('xmlcorpus: corpus unavailable, skipped:', got.stderr.strip())
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'records.jsonl.gz')
        env = dict(os.environ, TMPDIR=tmp)
        run = subprocess.run([os.path.join(corpus, 'run.sh'), libdir, out], env=env,
                             capture_output=True, text=True)
        print(run.stdout)
        if run.returncode != 0 or not os.path.exists(out):
            print(run.stderr)
            return 1
        ref = load(os.path.join(corpus, 'records-debian-9.0.0.jsonl.gz'))
        new = load(out)
    differs = {k: c for k in sorted(ref) if (c := category(ref[k], new.get(k)))}
    accepted = read_accepted(accepted_path)
    if write:
        with open(accepted_path, 'w', encoding='utf-8') as f:
            f.write('# Records of shared/xmlcorpus where virtkit differs from Debian\'s libvirt\n'
                    '# 9.0.0, each with its reason (tests/xml/xmlcorpus_check.py).\n'
                    '# KEY<TAB>REASON\n')
            for k in differs:
                f.write('%s\t%s\n' % (k, accepted.get(k) or describe(corpus, ref[k], new[k])))
        print('wrote %d records to %s' % (len(differs), accepted_path))
        return 0
    failures = 0
    for k, c in differs.items():
        if c in ('crash', 'hang', 'missing'):
            print('FAIL %s: %s' % (k, c))
            failures += 1
        elif k not in accepted:
            print('FAIL %s: %s, not in the accepted list' % (k, c))
            failures += 1
    for k in accepted:
        if k not in differs:
            print('FAIL %s: identical now; remove it from %s' % (k, accepted_path))
            failures += 1
    identical = len(ref) - len(differs)
    print('xmlcorpus: %d of %d records identical, %d accepted differences, %d failures'
          % (identical, len(ref), len(differs), failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
