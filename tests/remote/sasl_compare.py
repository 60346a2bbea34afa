#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""SASL authentication against a private Debian libvirtd (auth_tcp and
auth_unix_rw "sasl", DIGEST-MD5 from a sasldb made by saslpasswd2), as
Debian's libvirt client and virtkit do it: the same prompts, successes,
security and encryption flags and errors, over TCP (a SASL security layer,
exercised with large replies) and a unix socket (none); auth=sasl.MECH;
auth.conf's credentials; then virsh and virtkit-sh reading the
credentials from their input.
  sasl_compare.py LIBDIR [VIRTKIT_SH]"""
import difflib
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import daemon  # noqa: E402  (stop, free_port, port_open)

CONFIG = '''listen_tls = 0
listen_tcp = 1
tcp_port = "{port}"
listen_addr = "127.0.0.1"
auth_tcp = "sasl"
mdns_adv = 0
unix_sock_dir = "{dir}"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_rw = "sasl"
auth_unix_ro = "none"
log_outputs = "3:file:{dir}/libvirtd.log"
keepalive_interval = -1
'''

CASE = r'''
import os, sys, libvirt
libvirt.registerErrorHandler(lambda *_: None, None)
lib = [l.split()[-1] for l in open('/proc/self/maps') if '/libvirt.so' in l][0]
want = os.environ.pop('VK_LIBDIR', '')
assert not want or os.path.dirname(os.path.realpath(lib)) == want, lib
d, port = sys.argv[1], sys.argv[2]
A, P, R, E = (libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE, libvirt.VIR_CRED_REALM,
              libvirt.VIR_CRED_ECHOPROMPT)

def run(name, uri, types, user='fred', pw='s3cret', flags=0, rc=0):
    asked = []
    def cb(creds, _):
        for c in creds:
            asked.append(tuple(c[:4]))
            c[4] = {A: user, P: pw}.get(c[0], c[3])
        return rc
    try:
        c = (libvirt.open(uri) if types is None
             else libvirt.openAuth(uri, [types, cb, None], flags))
        out = 'ok secure=%d encrypted=%d' % (c.isSecure(), c.isEncrypted())
        out += ' domains=%s' % sorted(dom.name() for dom in c.listAllDomains())
        # Replies larger than a SASL record, and many calls.
        caps = c.getCapabilities()
        for i in range(50):
            assert c.getCapabilities() == caps
        out += ' caps=%d' % len(caps)
        big = c.lookupByName('test').XMLDesc()
        out += ' xml=%d' % len(big)
        c.close()
    except libvirt.libvirtError as e:
        out = 'err code=%d dom=%d level=%d msg=%r' % (
            e.get_error_code(), e.get_error_domain(), e.get_error_level(), e.get_error_message())
    print(name, out, asked)

T = [A, P, R, E]
tcp = 'test+tcp://127.0.0.1:%s/default' % port
unix = 'test+unix:///default?socket=%s/libvirt-sock' % d
run('tcp', tcp, T)
run('tcp-wrong-password', tcp, T, pw='nope')
run('tcp-unknown-user', tcp, T, user='bob')
run('tcp-callback-fails', tcp, T, rc=-1)
run('tcp-no-auth', tcp, None)
run('tcp-authname-only', tcp, [A])
run('tcp-no-types', tcp, [])
run('tcp-mech', tcp + '?auth=sasl.DIGEST-MD5', T)
run('tcp-mech-lower', tcp + '?auth=sasl.digest-md5', T)
run('tcp-mech-missing', tcp + '?auth=sasl.GSSAPI', T)
run('tcp-polkit', tcp + '?auth=polkit', T)
run('unix', unix, T)
run('unix-wrong-password', unix, T, pw='x')
run('unix-ro', unix.replace('libvirt-sock', 'libvirt-sock-ro'), T, flags=libvirt.VIR_CONNECT_RO)
conf = os.path.join(d, 'auth.conf')
with open(conf, 'w') as f:
    f.write('[credentials-t]\nauthname=fred\npassword=s3cret\n[auth-libvirt-127.0.0.1]\n'
            'credentials=t\n')
run('authconf', tcp + '?authfile=' + conf, T, user='x', pw='y')
with open(conf + '2', 'w') as f:
    f.write('[credentials-t]\nauthname=fred\n[auth-libvirt-default]\ncredentials=t\n')
run('authconf-authname', tcp + '?authfile=' + conf + '2', T, user='x')
run('authconf-missing', tcp + '?authfile=' + d + '/none', T)
with open(conf + '3', 'w') as f:
    f.write('[auth-libvirt-default]\ncredentials=zz\n')
run('authconf-dangling', tcp + '?authfile=' + conf + '3', T)
'''


def start(d):
    sasl = os.path.join(d, 'sasl')
    os.makedirs(sasl)
    os.makedirs(os.path.join(d, 'drivers'))
    db = os.path.join(sasl, 'passwd.db')
    with open(os.path.join(sasl, 'libvirt.conf'), 'w') as f:
        f.write('mech_list: digest-md5\nsasldb_path: %s\n' % db)
    subprocess.run(['saslpasswd2', '-p', '-a', 'libvirt', '-f', db, '-c', 'fred'],
                   input=b's3cret', check=True)
    port = daemon.free_port()
    conf = os.path.join(d, 'libvirtd.conf')
    with open(conf, 'w') as f:
        f.write(CONFIG.format(dir=d, port=port))
    env = dict(os.environ, SASL_CONF_PATH=sasl, LIBVIRT_DRIVER_DIR=os.path.join(d, 'drivers'))
    for k in ('LD_LIBRARY_PATH', 'LD_PRELOAD', 'LIBVIRT_DEFAULT_URI'):
        env.pop(k, None)
    out = open(os.path.join(d, 'libvirtd.out'), 'w')
    proc = subprocess.Popen(['/usr/sbin/libvirtd', '--config', conf, '--pid-file',
                             os.path.join(d, 'libvirtd.pid'), '--listen'],
                            env=env, stdin=subprocess.DEVNULL, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    with open(os.path.join(d, 'daemon.pid'), 'w') as f:
        f.write(str(proc.pid))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit('libvirtd exited: ' + open(os.path.join(d, 'libvirtd.out')).read())
        if os.path.exists(os.path.join(d, 'libvirt-sock')) and daemon.port_open(port):
            return port
        time.sleep(0.02)
    raise SystemExit('libvirtd did not start')


def run_case(libdir, d, port):
    env = dict(os.environ)
    env.pop('LIBVIRT_AUTH_FILE', None)
    env['XDG_CONFIG_HOME'] = os.path.join(d, 'config')  # no user auth.conf
    if libdir:
        env['LD_LIBRARY_PATH'] = libdir
        env['VK_LIBDIR'] = os.path.realpath(libdir)
    r = subprocess.run(['/usr/bin/python3', '-c', CASE, d, str(port)], env=env,
                       capture_output=True, text=True, timeout=300)
    return r.stdout + r.stderr


def run_shell(cmd, libdir, d, port, answers):
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(d, 'config'), LC_ALL='C')
    env.pop('LIBVIRT_AUTH_FILE', None)
    if libdir:
        env['LD_LIBRARY_PATH'] = libdir
    out = []
    for uri in ('test+tcp://127.0.0.1:%d/default' % port,
                'test+unix:///default?socket=%s/libvirt-sock' % d):
        # setsid: no controlling terminal, the password is read from stdin.
        r = subprocess.run(['setsid', '-w', cmd, '-c', uri, 'list', '--all'], env=env,
                           input=answers, capture_output=True, text=True, timeout=60)
        out.append('%s rc=%d\n%s%s' % (uri.split(':')[0], r.returncode, r.stdout, r.stderr))
    return ''.join(out)


def compare(what, theirs, ours):
    if theirs == ours:
        print('same: %s (%d lines)' % (what, theirs.count('\n')))
        return True
    sys.stdout.writelines(difflib.unified_diff(theirs.splitlines(True), ours.splitlines(True),
                                               'libvirt ' + what, 'virtkit ' + what))
    return False


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    if not os.path.exists('/usr/sbin/saslpasswd2'):
        print('saslpasswd2 missing: skipped')
        return 77
    libdir = argv[1]
    shell = argv[2] if len(argv) > 2 else None
    d = tempfile.mkdtemp(prefix='vk-sasl-', dir='/tmp')
    ok = True
    try:
        port = start(d)
        theirs = run_case(None, d, port)
        ours = run_case(libdir, d, port)
        ok = compare('python', theirs, ours) and ok
        if shell:
            for answers in ('fred\ns3cret\n', 'fred\nwrong\n', ''):
                theirs = run_shell('virsh', None, d, port, answers)
                ours = run_shell(shell, libdir, d, port, answers)
                ok = compare('shell %r' % answers, theirs, ours) and ok
    finally:
        daemon.stop(d)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
