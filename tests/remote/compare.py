#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs each tests/remote/scenario*.py with Debian's libvirt client and with
virtkit (LD_LIBRARY_PATH = the directory given) against the daemon of
VIRTKIT_REMOTE_URI, and fails unless the transcripts are identical.
  compare.py LIBDIR [PATTERN]   (PATTERN: scenario*.py unless given)"""
import difflib
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
libdir = sys.argv[1]
pattern = sys.argv[2] if len(sys.argv) > 2 else 'scenario*.py'


def transcript(scenario, ld):
    env = dict(os.environ)
    env.pop('LD_LIBRARY_PATH', None)
    if ld:
        env['LD_LIBRARY_PATH'] = ld
    p = subprocess.run(['/usr/bin/python3', scenario], env=env,
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        sys.exit('%s failed (%s):\n%s%s' % (os.path.basename(scenario), ld or 'libvirt',
                                             p.stdout, p.stderr))
    return p.stdout.splitlines()


failed = False
for scenario in sorted(glob.glob(os.path.join(here, pattern))):
    name = os.path.basename(scenario)
    ref = transcript(scenario, None)
    ours = transcript(scenario, libdir)
    diff = list(difflib.unified_diff(ref, ours, 'libvirt', 'virtkit', lineterm=''))
    print('\n'.join(diff) if diff else '\n'.join(ours))
    print('%s: %d of %d lines identical' % (name, len(set(ref) & set(ours)), len(ref)))
    failed = failed or bool(diff)
sys.exit(1 if failed else 0)
