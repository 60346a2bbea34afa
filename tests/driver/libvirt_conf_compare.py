#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The client's libvirt.conf (uri_default, uri_aliases, remote_mode,
remote_proxy, the file's syntax)
as Debian's libvirt client and virtkit read it: the same transcript, from
the same files. A non-root user's file is read (root's is /etc's, which a
test must not touch): as root, the readers run as nobody (setpriv).
  libvirt_conf_compare.py LIBDIR"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

CASES = r'''
import json, os, sys
import libvirt
libvirt.registerErrorHandler(lambda *_: None, None)
conf = os.path.join(os.environ['XDG_CONFIG_HOME'], 'libvirt', 'libvirt.conf')
os.makedirs(os.path.dirname(conf), exist_ok=True)
out = []

def case(label, text, name, flags=0, env=None):
    if os.path.isdir(conf):
        os.rmdir(conf)
    elif os.path.exists(conf):
        os.chmod(conf, 0o600)
        os.unlink(conf)
    if text == 'DIR':
        os.mkdir(conf)
    elif text == 'UNREADABLE':
        open(conf, 'w').write('uri_default = "test:///default"\n')
        os.chmod(conf, 0)
    elif text is not None:
        open(conf, 'w').write(text)
    os.environ.pop('LIBVIRT_DEFAULT_URI', None)
    if env is not None:
        os.environ['LIBVIRT_DEFAULT_URI'] = env
    try:
        c = libvirt.openAuth(name, [[], None, None], flags) if flags else libvirt.open(name)
        out.append('%-28s ok %s' % (label, c.getURI()))
        c.close()
    except libvirt.libvirtError as e:
        out.append('%-28s err code=%s dom=%s msg=%r' % (label, e.get_error_code(),
                                                        e.get_error_domain(), e.get_error_message()))

A = 'uri_aliases = [\n  "foo=test:///default",\n  "bar=test:///default?x=y",\n  "=test:///default",\n]\n'
case('no file', None, 'foo')
case('alias', A, 'foo')
case('alias with query', A, 'bar')
case('alias case', A, 'FOO')
case('alias prefix', A, 'fo')
case('no aliases flag', A, 'foo', flags=libvirt.VIR_CONNECT_NO_ALIASES)
case('default', 'uri_default = "test:///default"\n', None)
case('default via alias', A + 'uri_default = "foo"\n', None)
case('default empty', 'uri_default = ""\n', None)
case('default empty alias', A + 'uri_default = ""\n', None)
case('env wins', 'uri_default = "nonsense"\n', None, env='test:///default')
case('env and bad default', 'uri_default = 1\n', None, env='test:///default')
case('default not string', 'uri_default = 1\n', None)
case('default twice', 'uri_default = "test:///default"\nuri_default = "x"\n', None)
case('aliases a string', 'uri_aliases = "foo=test:///default"\n', 'foo')
case('aliases of ints', 'uri_aliases = [1]\n', 'foo')
case('aliases nested', 'uri_aliases = [["a"]]\n', 'foo')
case('alias without =', 'uri_aliases = ["foo"]\n', 'foo')
case('alias bad chars', 'uri_aliases = ["f.o=test:///default"]\n', 'foo')
case('alias space', 'uri_aliases = ["foo =test:///default"]\n', 'foo')
case('bad after match', 'uri_aliases = ["bar=test:///default", "foo"]\n', 'bar')
case('second =', 'uri_aliases = ["foo=bar=test:///default"]\n', 'foo')
case('not recursive', 'uri_aliases = ["foo=foo2", "foo2=test:///default"]\n', 'foo')
case('aliases no match to url', A, 'test:///default')
case('comments and forms', '# c\nuri_aliases = [ \'foo=test:///default\' , ] # t\n; x = 1\ny = -3; z = +4\nw = """a\nb"""\n', 'foo')
S = 'qemu+ssh://host/system?command=no-such-ssh'
case('remote_mode bogus', 'remote_mode = "bogus"\n', S)
case('remote_mode not string', 'remote_mode = 1\n', S)
case('remote_mode direct', 'remote_mode = "direct"\n', S)
case('mode= over remote_mode', 'remote_mode = "bogus"\n', S + '&mode=legacy')
case('remote_proxy bogus', 'remote_proxy = "bogus"\n', S)
case('remote_proxy not string', 'remote_proxy = []\n', S)
case('remote_proxy native', 'remote_proxy = "native"\n', S + '&netcat=/n')
case('proxy= over remote_proxy', 'remote_proxy = "bogus"\n', S + '&proxy=auto')
case('directory', 'DIR', 'test:///default')
case('unreadable', 'UNREADABLE', 'test:///default')
for label, text in [('no value eol', 'uri_aliases = \n'), ('no value eof', 'x = '),
                    ('no assignment', 'uri_aliases  "x"\n'), ('bad name', '\n\n1x = 3\n'),
                    ('unterminated string', 'a = "abc\n'), ('no separator', 'a = 1 b = 2\n'),
                    ('list separator', 'a = [1 2]\n'), ('list not closed', 'uri_aliases = [ "x" \n'),
                    ('empty list item', 'a = [ , ]\n'), ('comment in list', 'a = [\n # c\n 1]\n'),
                    ('lone minus', 'a = -\n'), ('bracket name', 'a=1\n[\n'),
                    ('single quotes eol', "a = 'x\n"), ('triple unterminated', 'a = """abcdefg\n'),
                    ('empty list', 'uri_aliases = []\n'), ('crlf', 'a = 1\r\nb = 2\r\n'),
                    ('tab separated', 'a\t=\t1\n'), ('semicolons', 'a = 1;b = 2;\n')]:
    case(label, text, 'test:///default')
print('\n'.join(out).replace(os.environ['XDG_CONFIG_HOME'], '$XDG_CONFIG_HOME'))
'''


def transcript(home, ld):
    env = {'PATH': '/usr/bin:/bin', 'HOME': home,
           'XDG_CONFIG_HOME': os.path.join(home, 'config'),
           'XDG_RUNTIME_DIR': os.path.join(home, 'run'),
           'XDG_CACHE_HOME': os.path.join(home, 'cache')}
    if ld:
        env['LD_LIBRARY_PATH'] = ld
    cmd = ['/usr/bin/python3', '-c', CASES]
    if os.geteuid() == 0:
        cmd = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] + cmd
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        sys.exit('reader failed (%s):\n%s%s' % (ld or 'libvirt', p.stdout, p.stderr))
    return p.stdout.splitlines()


def main():
    libdir = os.path.abspath(sys.argv[1])
    home = tempfile.mkdtemp(prefix='vk-conf-', dir='/tmp')
    try:
        os.chmod(home, 0o777)
        ref = transcript(home, None)
        shutil.rmtree(os.path.join(home, 'config'), ignore_errors=True)
        ours = transcript(home, libdir)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    diff = list(difflib.unified_diff(ref, ours, 'libvirt', 'virtkit', lineterm=''))
    print('\n'.join(diff) if diff else '\n'.join(ours))
    print('libvirt.conf: %d of %d lines identical' % (len(set(ref) & set(ours)), len(ref)))
    return 1 if diff else 0


if __name__ == '__main__':
    sys.exit(main())
