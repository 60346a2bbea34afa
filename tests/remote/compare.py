#!/usr/bin/env python3
"""Runs scenario.py with Debian's libvirt client and with virtkit (LD_LIBRARY_PATH
= the directory given) against the daemon of VIRTKIT_REMOTE_URI, and fails
unless the transcripts are identical."""
import difflib
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
libdir = sys.argv[1]


def transcript(ld):
    env = dict(os.environ)
    env.pop('LD_LIBRARY_PATH', None)
    if ld:
        env['LD_LIBRARY_PATH'] = ld
    p = subprocess.run(['/usr/bin/python3', os.path.join(here, 'scenario.py')], env=env,
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        sys.exit('scenario failed (%s):\n%s%s' % (ld or 'libvirt', p.stdout, p.stderr))
    return p.stdout.splitlines()


ref = transcript(None)
ours = transcript(libdir)
diff = list(difflib.unified_diff(ref, ours, 'libvirt', 'virtkit', lineterm=''))
print('\n'.join(diff) if diff else '\n'.join(ours))
print('remote scenario: %d of %d lines identical' % (len(set(ref) & set(ours)), len(ref)))
sys.exit(1 if diff else 0)
