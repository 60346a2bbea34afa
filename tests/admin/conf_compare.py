#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Which admin socket a URI names, as Debian's libvirt-admin and virtkit's
resolve it for a non-root user: no URI ($LIBVIRT_ADMIN_DEFAULT_URI, then
libvirt-admin.conf's uri_default, then libvirtd:///session), uri_aliases
(and VIR_CONNECT_NO_ALIASES), /session sockets under $XDG_RUNTIME_DIR, a
broken configuration file. No daemon listens: each case ends in an error
naming the socket tried, which both libraries must report alike.

Every case is its own process (tests/admin/open_uri.c built against
Debian's headers) run as the user (nobody when run as root, via setpriv)
with HOME and XDG_* in a temporary folder.
  conf_compare.py LIBDIR..."""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

ALIASES = 'uri_aliases = [ "adm=virtqemud:///session", "bad=nosuch:///system" ]\n'
# (name, libvirt-admin.conf or None, environment, URI ('-': NULL), flags)
CASES = [
    ('no conf, no URI', None, {}, '-', 0),
    ('env URI', None, {'LIBVIRT_ADMIN_DEFAULT_URI': 'virtproxyd:///session'}, '-', 0),
    ('empty env URI', None, {'LIBVIRT_ADMIN_DEFAULT_URI': ''}, '-', 0),
    ('conf uri_default', 'uri_default = "virtnetworkd:///session"\n', {}, '-', 0),
    ('env beats conf', 'uri_default = "virtnetworkd:///session"\n',
     {'LIBVIRT_ADMIN_DEFAULT_URI': 'virtstoraged:///session'}, '-', 0),
    ('conf uri_default not a string', 'uri_default = 3\n', {}, '-', 0),
    ('conf uri_default bad path', 'uri_default = "libvirtd:///nowhere"\n', {}, '-', 0),
    ('alias', ALIASES, {}, 'adm', 0),
    ('alias to a bad scheme', ALIASES, {}, 'bad', 0),
    ('alias ignored', ALIASES, {}, 'adm', 2),  # VIR_CONNECT_NO_ALIASES
    ('alias of the default', ALIASES + 'uri_default = "adm"\n', {}, '-', 0),
    ('not an alias', ALIASES, {}, 'libvirtd:///session', 0),
    ('malformed alias', 'uri_aliases = [ "noequals" ]\n', {}, 'adm', 0),
    ('alias with bad characters', 'uri_aliases = [ "a.b=libvirtd:///system" ]\n', {}, 'a.b', 0),
    ('syntax error', 'uri_default = \n', {}, '-', 0),
    ('system socket', None, {}, 'virtsecretd:///system', 0),
    ('session socket', None, {}, 'virtinterfaced:///session', 0),
]


def run_all(prog, libdir, home):
    out = []
    for name, conf, extra, uri, flags in CASES:
        case_home = os.path.join(home, str(len(out)))
        os.makedirs(os.path.join(case_home, 'config', 'libvirt'))
        os.makedirs(os.path.join(case_home, 'run'))
        if conf is not None:
            with open(os.path.join(case_home, 'config', 'libvirt', 'libvirt-admin.conf'), 'w') as f:
                f.write(conf)
        for root, dirs, files in os.walk(case_home):
            for p in dirs + files:
                os.chmod(os.path.join(root, p), 0o777)
        os.chmod(case_home, 0o777)
        env = {'PATH': '/usr/bin:/bin', 'HOME': case_home,
               'XDG_RUNTIME_DIR': os.path.join(case_home, 'run'),
               'XDG_CONFIG_HOME': os.path.join(case_home, 'config'),
               'XDG_CACHE_HOME': os.path.join(case_home, 'cache')}
        if libdir:
            env['LD_LIBRARY_PATH'] = libdir
        env.update(extra)
        cmd = [prog, uri, str(flags)]
        if os.geteuid() == 0:
            cmd = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] + cmd
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
        text = (r.stdout + r.stderr).replace(case_home, 'HOME').strip()
        out.append('%s: %s (exit %d)' % (name, text, r.returncode))
    return out


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    libdir = ':'.join(os.path.abspath(d) for d in argv[1:])
    work = tempfile.mkdtemp(prefix='vk-adminconf-', dir='/tmp')
    try:
        os.chmod(work, 0o755)
        prog = os.path.join(work, 'open_uri')
        flags = subprocess.run(['pkg-config', '--cflags', '--libs', 'libvirt-admin', 'libvirt'],
                               capture_output=True, text=True)
        if flags.returncode != 0:
            print('SKIP: libvirt-dev is not installed')
            return 77
        subprocess.run(['cc', '-o', prog, os.path.join(HERE, 'open_uri.c')] + flags.stdout.split(),
                       check=True)
        os.chmod(prog, 0o755)
        # The program must really use our libraries, not Debian's.
        deps = subprocess.run(['ldd', prog], env={'LD_LIBRARY_PATH': libdir},
                              capture_output=True, text=True).stdout
        for lib in ('libvirt.so.0', 'libvirt-admin.so.0'):
            if '%s => /usr/' % lib in deps:
                print('%s not bound to %s:\n%s' % (lib, libdir, deps))
                return 1
        ref = run_all(prog, None, os.path.join(work, 'debian'))
        ours = run_all(prog, libdir, os.path.join(work, 'virtkit'))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    diff = list(difflib.unified_diff(ref, ours, 'debian', 'virtkit', lineterm=''))
    if diff:
        print('\n'.join(diff))
        return 1
    print('\n'.join(ours))
    print('admin URIs: %d cases identical to Debian\'s libvirt-admin' % len(ours))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
