#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""auth.conf as Debian's libvirt client and virtkit read it, through the test
driver's <auth> users: which file ($LIBVIRT_AUTH_FILE, authfile=, the user's
config folder), [auth-test-localhost] and [auth-test-default] groups, the
key file syntax, escapes, and the errors; what the callback is asked when
the file has nothing. The same transcript is required.
  auth_conf_compare.py LIBDIR"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

CASES = r'''
import os, sys
import libvirt
libvirt.registerErrorHandler(lambda *_: None, None)
T = os.environ['VK_TMP']
CONF = os.path.join(T, 'node.xml')
open(CONF, 'w').write("""<node>
  <auth>
    <user password='pw'>alice</user>
    <user password='p w'>bob</user>
    <user>carol</user>
  </auth>
</node>
""")
out = []


def case(label, text, query='', env=None, answers=('alice', 'pw'), creds=None):
    path = os.path.join(T, 'auth.conf')
    if text is not None:
        open(path, 'w').write(text)
    elif os.path.exists(path):
        os.unlink(path)
    os.environ.pop('LIBVIRT_AUTH_FILE', None)
    if env:
        os.environ['LIBVIRT_AUTH_FILE'] = env
    asked = []
    queue = list(answers)

    def cb(cs, _):
        for c in cs:
            asked.append('%d:%s' % (c[0], c[1]))
            c[4] = queue.pop(0) if queue else None
        return 0
    types = creds if creds is not None else [libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE]
    try:
        c = libvirt.openAuth('test://' + CONF + query, [types, cb, None], 0)
        out.append('%-26s ok asked=%r' % (label, asked))
        c.close()
    except libvirt.libvirtError as e:
        out.append('%-26s err code=%s dom=%s msg=%r asked=%r' % (
            label, e.get_error_code(), e.get_error_domain(), e.get_error_message(), asked))


P = os.path.join(T, 'auth.conf')
GOOD = '[auth-test-localhost]\ncredentials=a\n[credentials-a]\nusername=alice\npassword=pw\n'
case('no file', None)
case('env file', GOOD, env=P, creds=[])
case('authfile param', GOOD, query='?authfile=' + P, creds=[])
case('env wins', GOOD, query='?authfile=/no/such', env=P, creds=[])
case('env missing file', GOOD, env='/no/such/auth.conf')
case('only username', '[auth-test-localhost]\ncredentials=a\n[credentials-a]\nusername=alice\n',
     env=P, answers=('pw',))
case('default group', '[auth-test-default]\ncredentials=a\n[credentials-a]\nusername=alice\npassword=pw\n',
     env=P, creds=[])
case('other host group', '[auth-test-elsewhere]\ncredentials=a\n[credentials-a]\nusername=x\n', env=P)
case('other service', '[auth-ssh-localhost]\ncredentials=a\n[credentials-a]\nusername=x\n', env=P)
case('no credentials item', '[auth-test-localhost]\nfoo=a\n', env=P)
case('dangling credentials', '[auth-test-localhost]\ncredentials=zz\n', env=P)
case('syntax error', '[auth-test-localhost]\njunk line\n', env=P)
case('key before group', 'credentials=a\n[auth-test-localhost]\n', env=P)
case('comments and spaces', '# c\n\n  [auth-test-localhost]  \n  credentials =  a\n[credentials-a]\n'
     'username = alice\npassword=pw\n', env=P, creds=[])
case('escapes', '[auth-test-localhost]\ncredentials=b\n[credentials-b]\nusername=bob\npassword=p\\sw\n',
     env=P, creds=[])
case('bad escape', '[auth-test-localhost]\ncredentials=b\n[credentials-b]\nusername=bob\npassword=p\\qw\n',
     env=P, answers=('p w',))
case('last key wins', '[auth-test-localhost]\ncredentials=a\n[credentials-a]\nusername=bob\n'
     'username=alice\npassword=pw\n', env=P, creds=[])
case('groups merge', '[auth-test-localhost]\ncredentials=a\n[credentials-a]\nusername=alice\n'
     '[credentials-a]\npassword=pw\n', env=P, creds=[])
case('wrong password', GOOD.replace('password=pw', 'password=no'), env=P, creds=[])
case('user without password', '[auth-test-localhost]\ncredentials=c\n[credentials-c]\nusername=carol\n',
     env=P, creds=[])
case('crlf', GOOD.replace('\n', '\r\n'), env=P, creds=[])
case('empty group name', '[]\n', env=P)
os.makedirs(os.path.join(os.environ['XDG_CONFIG_HOME'], 'libvirt'), exist_ok=True)
open(os.path.join(os.environ['XDG_CONFIG_HOME'], 'libvirt', 'auth.conf'), 'w').write(GOOD)
case('user config file', None, creds=[])
print('\n'.join(out).replace(T, '$T'))
'''


def transcript(tmp, ld):
    env = {'PATH': '/usr/bin:/bin', 'HOME': tmp, 'VK_TMP': tmp,
           'XDG_CONFIG_HOME': os.path.join(tmp, 'config')}
    if ld:
        env['LD_LIBRARY_PATH'] = ld
    p = subprocess.run(['/usr/bin/python3', '-c', CASES], env=env, capture_output=True, text=True,
                       timeout=120)
    if p.returncode != 0:
        sys.exit('cases failed (%s):\n%s%s' % (ld or 'libvirt', p.stdout, p.stderr))
    return p.stdout.splitlines()


def main():
    libdir = os.path.abspath(sys.argv[1])
    results = []
    for ld in (None, libdir):
        tmp = tempfile.mkdtemp(prefix='vk-authconf-')
        try:
            results.append(transcript(tmp, ld))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    ref, ours = results
    diff = list(difflib.unified_diff(ref, ours, 'libvirt', 'virtkit', lineterm=''))
    print('\n'.join(diff) if diff else '\n'.join(ours))
    print('auth.conf: %d of %d lines identical' % (sum(a == b for a, b in zip(ref, ours)), len(ref)))
    return 1 if diff else 0


if __name__ == '__main__':
    sys.exit(main())
