#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Migration through daemons, Debian's libvirt client against ours: runs
the scenarios below against tests/remote/fake_daemon.py's migration hosts
once with each library and diffs what the hosts received (every call, in
order, with its arguments) and what the caller got.

  fake_daemon.py run -- migrate_compare.py LIBDIR

LIBDIR holds our libvirt.so.0 (set as LD_LIBRARY_PATH for the second run).
"""

import os
import subprocess
import sys

F_LIVE = 1
F_P2P = 2
F_AUTO_CONVERGE = 1 << 13
F_CHANGE_PROTECTION = 1 << 8
F_ABORT_ON_ERROR = 1 << 12
F_OFFLINE = 1 << 10
F_PERSIST_DEST = 1 << 3

SCENARIOS = [
    # (name, source host, destination host, call)
    ('v3', 'src-v3', 'dst-v3', lambda d, c: d.migrate(c, F_LIVE, 'new', None, 10)),
    ('v3 paused protected xml', 'src-v3-paused-protect', 'dst-v3',
     lambda d, c: d.migrate2(c, '<domain/>', F_LIVE | F_AUTO_CONVERGE | F_CHANGE_PROTECTION,
                             None, 'tcp://given', 0)),
    ('v3 perform fails', 'src-v3-failperform', 'dst-v3',
     lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v3 guest died', 'src-v3-failperform', 'dst-v3-died',
     lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v3 finish fails', 'src-v3', 'dst-v3-failfinish',
     lambda d, c: d.migrate(c, 0, 'new', None, 0)),
    ('v3 prepare fails', 'src-v3', 'dst-v3-failprepare',
     lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v3 prepare fails protected', 'src-v3-protect', 'dst-v3-failprepare',
     lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v3 no uri', 'src-v3', 'dst-v3-nouri', lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v3 confirm fails', 'src-v3-failconfirm', 'dst-v3',
     lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v3 finish ignores cancel', 'src-v3-failperform', 'dst-v3-ignorecancel',
     lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v3 offline', 'src-v3-offline', 'dst-v3-offline',
     lambda d, c: d.migrate(c, F_OFFLINE | F_PERSIST_DEST, None, None, 0)),
    ('v3 offline unsupported', 'src-v3-offline', 'dst-v3',
     lambda d, c: d.migrate(c, F_OFFLINE | F_PERSIST_DEST, None, None, 0)),
    ('v3 params', 'src-v3-params-paused', 'dst-v3-params',
     lambda d, c: d.migrate3(c, {'destination_name': 'new', 'bandwidth': 5,
                                 'compression.mt.level': 3}, F_AUTO_CONVERGE)),
    ('v3 params, name added', 'src-v3-params', 'dst-v3-params',
     lambda d, c: d.migrate3(c, {'migrate_uri': 'tcp://given'}, 0)),
    ('v3 params perform fails', 'src-v3-params-failperform', 'dst-v3-params',
     lambda d, c: d.migrate3(c, {}, 0)),
    ('v3 without params support', 'src-v3-params', 'dst-v3',
     lambda d, c: d.migrate3(c, {'migrate_uri': 'tcp://given', 'bandwidth': 2}, 0)),
    ('v2', 'src-v2-paused', 'dst-v2', lambda d, c: d.migrate(c, F_ABORT_ON_ERROR, 'new', None, 3)),
    ('v2 perform fails', 'src-v2-migratable-failperform', 'dst-v2',
     lambda d, c: d.migrate(c, 0, None, 'tcp://given', 0)),
    ('v2 finish ignores cancel', 'src-v2-failperform', 'dst-v2-ignorecancel',
     lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v2 finish fails', 'src-v2', 'dst-v2-failfinish', lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v2 no uri', 'src-v2', 'dst-v2-nouri', lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v2 xml refused', 'src-v2', 'dst-v2',
     lambda d, c: d.migrate2(c, '<domain/>', 0, None, None, 0)),
    ('v1', 'src-v1', 'dst-v1', lambda d, c: d.migrate(c, F_LIVE, None, 'tcp://given', 8)),
    ('v1 no uri', 'src-v1', 'dst-v1-nouri', lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('v1 perform fails', 'src-v1-failperform', 'dst-v1',
     lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('no common version', 'src-v3', 'dst-v2', lambda d, c: d.migrate(c, 0, None, None, 0)),
    ('p2p v3', 'src-v3-p2p', None,
     lambda d, c: d.migrateToURI('test+tcp://otherhost/system', F_P2P, 'new', 4)),
    ('p2p v3 no cookie', 'src-v3-p2p-nocookie', None,
     lambda d, c: d.migrateToURI('test+tcp://otherhost/system', F_P2P, 'new', 4)),
    ('p2p to the same host', 'src-v3-p2p-nocookie', None,
     lambda d, c: d.migrateToURI('test:///system', F_P2P, 'new', 4)),
    ('p2p params', 'src-v3-p2p-params-nocookie', None,
     lambda d, c: d.migrateToURI3('test+tcp://otherhost/system',
                                  {'migrate_uri': 'tcp://m', 'parallel.connections': 2}, F_P2P)),
    ('p2p v2 through migrate', 'src-v2-p2p', 'dst-v2',
     lambda d, c: d.migrate(c, F_P2P, None, None, 0)),
    ('direct v3', 'src-v3-direct-nocookie', None,
     lambda d, c: d.migrateToURI2(None, 'tcp://m', '<domain/>', 0, None, 0)),
    ('direct v3 cookie refused', 'src-v3-direct', None,
     lambda d, c: d.migrateToURI('tcp://m', 0, None, 0)),
    ('direct v2 fails', 'src-v2-direct-failperform', None,
     lambda d, c: d.migrateToURI('tcp://m', 0, 'new', 1)),
]


def host_uri(path):
    return os.environ['VIRTKIT_REMOTE_URI'].replace('/default?', '/%s?' % path)


def run_scenarios():
    import libvirt
    libvirt.registerErrorHandler(lambda *a: None, None)
    log = os.environ['VIRTKIT_FAKE_LOG']
    for name, src, dst, call in SCENARIOS:
        sconn = libvirt.open(host_uri(src))
        dconn = libvirt.open(host_uri(dst)) if dst else None
        dom = sconn.lookupByName('test')
        open(log, 'w').close()
        print('== %s' % name)
        try:
            r = call(dom, dconn)
            err = libvirt.virGetLastError()  # before any other call resets it
            if isinstance(r, libvirt.virDomain):
                print('-> domain %s id %d' % (r.name(), r.ID()))
            else:
                print('-> %r' % (r,))
            print('   last error %r' % (err,))
        except libvirt.libvirtError as e:
            print('-> error %r' % (e.get_error_code() and e.err,))
        with open(log) as f:
            sys.stdout.write(f.read())
        dom = None
        if dconn:
            dconn.close()
        sconn.close()


def main():
    if len(sys.argv) == 2 and sys.argv[1] == '--scenarios':
        run_scenarios()
        return 0
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outs = []
    for libdir in (None, os.path.abspath(sys.argv[1])):
        env = dict(os.environ)
        env.pop('LD_LIBRARY_PATH', None)
        if libdir:
            env['LD_LIBRARY_PATH'] = libdir
        outs.append(subprocess.run(['/usr/bin/python3', os.path.abspath(__file__), '--scenarios'],
                                   env=env, capture_output=True, text=True, check=True).stdout)
    if outs[0] == outs[1]:
        print('%d scenarios, identical' % len(SCENARIOS))
        return 0
    import difflib
    sys.stdout.writelines(difflib.unified_diff(outs[0].splitlines(True), outs[1].splitlines(True),
                                               'debian', 'virtkit'))
    return 1


if __name__ == '__main__':
    sys.exit(main())
