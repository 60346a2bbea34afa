#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""libvirt's logging variables as Debian's libvirt client and virtkit read
them: the errors for bad values (python's import of libvirt then fails),
the line format, the first two lines, filters, outputs to stderr and files,
and errors logged only when outputs are set. The messages themselves are
each library's own; what a user's filters and scripts rely on is compared.
  log_compare.py LIBDIR"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROGRAM = r'''
import libvirt, sys
libvirt.registerErrorHandler(lambda *_: None, None)
c = libvirt.open('test:///default')
try:
    c.lookupByName('nope')
except libvirt.libvirtError:
    pass
c.lookupByName('test').info()
c.close()
'''

LINE = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000: (\d+): '
                  r'(debug|info|warning|error) : (?:([A-Za-z_]\w*):(\d+) : )?(.*)$')


def run(libdir, env, cwd, code=PROGRAM):
    e = {'PATH': '/usr/bin:/bin', 'HOME': cwd}
    e.update(env)
    if libdir:
        e['LD_LIBRARY_PATH'] = libdir
    p = subprocess.run(['/usr/bin/python3', '-c', code], env=e, cwd=cwd,
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stderr.splitlines()


def shape(lines):
    """What a reader of the log relies on: every line parses, the first two
    are the version and the host, and which calls and errors appear."""
    out = []
    lines = [l for l in lines if not l.startswith(' ')]  # a message's further lines
    for i, l in enumerate(lines):
        m = LINE.match(l)
        if not m:
            out.append('unparsed line %r' % l)
            continue
        tid, prio, func, line, msg = m.groups()
        if i == 0:
            out.append('first: %s %s' % (prio, re.sub(r'package: .*', 'package: P', msg)))
        elif i == 1:
            out.append('second: %s %s' % (prio, msg == 'hostname: ' + os.uname().nodename))
        elif prio == 'error':
            out.append('error: %s' % msg)
        elif func in ('virConnectOpen', 'virDomainLookupByName', 'virDomainGetInfo',
                      'virConnectClose'):
            out.append('%s %s: %s' % (prio, func, re.sub(r'0x[0-9a-f]+', 'P', msg)))
        elif re.match(r'(filters?|outputs?)=', msg):
            out.append('%s %s' % (prio, msg))
    return out


def transcript(libdir):
    tmp = tempfile.mkdtemp(prefix='vk-log-')
    out = []
    try:
        def case(label, env, code=PROGRAM, file=None):
            rc, err = run(libdir, env, tmp, code)
            out.append('== %s: exit %d' % (label, rc))
            if file:
                path = os.path.join(tmp, file)
                lines = open(path).read().splitlines() if os.path.exists(path) else None
                if lines is None:
                    out.append('  no file')
                else:
                    out.extend('  file ' + s for s in shape(lines))
                    os.unlink(path)
                out.extend('  stderr ' + s for s in shape(err))
            elif rc == 0:
                out.extend('  ' + s for s in shape(err))
            else:
                out.extend('  ' + s for s in err if s.startswith('libvirt:'))

        for label, var, value in [
                ('debug bogus', 'LIBVIRT_DEBUG', 'bogus'), ('debug 0', 'LIBVIRT_DEBUG', '0'),
                ('debug 5', 'LIBVIRT_DEBUG', '5'), ('debug DEBUG', 'LIBVIRT_DEBUG', 'DEBUG'),
                ('debug space', 'LIBVIRT_DEBUG', ' 1'),
                ('filter no colon', 'LIBVIRT_LOG_FILTERS', 'libvirt'),
                ('filter bad prio', 'LIBVIRT_LOG_FILTERS', 'x:libvirt'),
                ('filter prio 0', 'LIBVIRT_LOG_FILTERS', '0:libvirt'),
                ('filter prio 5', 'LIBVIRT_LOG_FILTERS', '5:libvirt'),
                ('filter negative', 'LIBVIRT_LOG_FILTERS', '-1:libvirt'),
                ('filter plus only', 'LIBVIRT_LOG_FILTERS', '1:+'),
                ('filter empty match', 'LIBVIRT_LOG_FILTERS', '1:'),
                ('filter second bad', 'LIBVIRT_LOG_FILTERS', '1:a  2:'),
                ('output one token', 'LIBVIRT_LOG_OUTPUTS', '1'),
                ('output bad dest', 'LIBVIRT_LOG_OUTPUTS', '1:bogus'),
                ('output bad prio', 'LIBVIRT_LOG_OUTPUTS', '9:stderr'),
                ('output stderr extra', 'LIBVIRT_LOG_OUTPUTS', '1:stderr:x'),
                ('output file no path', 'LIBVIRT_LOG_OUTPUTS', '1:file'),
                ('output journald extra', 'LIBVIRT_LOG_OUTPUTS', '1:journald:x'),
                ('output syslog no ident', 'LIBVIRT_LOG_OUTPUTS', '1:syslog'),
                ('output file unopenable', 'LIBVIRT_LOG_OUTPUTS', '1:file:/no/such/dir/f')]:
            case(label, {var: value}, code='import libvirt')
        case('nothing set', {})
        case('debug 1', {'LIBVIRT_DEBUG': '1'})
        case('debug name', {'LIBVIRT_DEBUG': 'debug'})
        case('debug 4', {'LIBVIRT_DEBUG': '4'})
        case('filters', {'LIBVIRT_DEBUG': '4', 'LIBVIRT_LOG_FILTERS': '  1:libvirt.domain 3:util'})
        case('filter first match wins', {'LIBVIRT_LOG_FILTERS': '3:domain 1:libvirt'})
        case('filter glob', {'LIBVIRT_LOG_FILTERS': '1:lib*.dom?in'})
        case('filter plus', {'LIBVIRT_LOG_FILTERS': '1:+libvirt.domain'})
        case('errors need outputs', {'LIBVIRT_DEBUG': '3'})
        case('errors to stderr', {'LIBVIRT_LOG_OUTPUTS': '3:stderr'})
        case('errors filtered', {'LIBVIRT_LOG_OUTPUTS': '3:stderr', 'LIBVIRT_LOG_FILTERS': '4:error'})
        case('file relative', {'LIBVIRT_DEBUG': '1', 'LIBVIRT_LOG_OUTPUTS': '1:file:./sub/../log.txt'},
             file='log.txt')
        case('file and stderr', {'LIBVIRT_DEBUG': '1',
                                 'LIBVIRT_LOG_OUTPUTS': '4:stderr 1:file:' + tmp + '/l.txt'},
             file='l.txt')
        case('last of a destination', {'LIBVIRT_DEBUG': '1',
                                       'LIBVIRT_LOG_OUTPUTS': '1:file:x.txt 4:file:x.txt'},
             file='x.txt')
        case('outputs only spaces', {'LIBVIRT_DEBUG': '1', 'LIBVIRT_LOG_OUTPUTS': '   '})
        case('journald', {'LIBVIRT_DEBUG': '1', 'LIBVIRT_LOG_OUTPUTS': '1:journald'})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [l.replace(tmp, '$TMP') for l in out]


def main():
    import difflib
    libdir = os.path.abspath(sys.argv[1])
    ref = transcript(None)
    ours = transcript(libdir)
    diff = list(difflib.unified_diff(ref, ours, 'libvirt', 'virtkit', lineterm=''))
    print('\n'.join(diff) if diff else '\n'.join(ours))
    same = sum(a == b for a, b in zip(ref, ours))
    print('logging: %d of %d lines identical' % (same, len(ref)))
    return 1 if diff else 0


if __name__ == '__main__':
    sys.exit(main())
