#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""SASL where tests/remote/sasl_scenario.py does not go, against a private
Debian libvirtd (daemon.py's SASL set-up, auth_tcp and auth_unix_rw "sasl"):
on the unix socket (secure already: no security layer, any mechanism),
a TCP connection (DIGEST-MD5's security layer) shared by threads with
events and a stream, and virsh and virtkit-sh reading the credentials from
their input; Debian's libvirt client and virtkit side by side.
  sasl_shell_compare.py LIBDIR [VIRTKIT_SH]"""
import difflib
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import daemon  # noqa: E402

CASE = r'''
import os, sys, threading, libvirt
libvirt.registerErrorHandler(lambda *_: None, None)
libvirt.virEventRegisterDefaultImpl()
lib = [l.split()[-1] for l in open('/proc/self/maps') if '/libvirt.so' in l][0]
want = os.environ.pop('VK_LIBDIR', '')
assert not want or os.path.dirname(os.path.realpath(lib)) == want, lib
d, port, USER, PW = sys.argv[1:5]
A, P, R, E = (libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE, libvirt.VIR_CRED_REALM,
              libvirt.VIR_CRED_ECHOPROMPT)
T = [A, P, R, E]
stop = False
def loop():
    while not stop:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()

def shared(c):
    """Threads calling at once, lifecycle events, a stream: all through SASL."""
    events, errors = [], []
    c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                             lambda *a: events.append(a[2]), None)
    caps = c.getCapabilities()
    def worker():
        try:
            for _ in range(100):
                assert c.getCapabilities() == caps
                c.listAllDomains()
        except Exception as e:
            errors.append(repr(e))
    ws = [threading.Thread(target=worker) for _ in range(6)]
    [w.start() for w in ws]
    dom = c.lookupByName('test')
    for _ in range(20):
        dom.suspend()
        dom.resume()
    [w.join() for w in ws]
    st = c.newStream(0)
    mime = dom.screenshot(st, 0, 0)
    data = bytearray()
    st.recvAll(lambda s, buf, _: data.extend(buf) or len(buf), None)
    st.finish()
    for _ in range(100):
        if len(events) >= 40:
            break
        threading.Event().wait(0.05)
    return 'errors=%s events=%d screenshot=%s %d' % (errors, len(events), mime, len(data))

def run(name, uri, types, user=USER, pw=PW, flags=0, fn=None):
    asked = []
    def cb(creds, _):
        for c in creds:
            asked.append(tuple(c[:4]))
            c[4] = {A: user, P: pw}.get(c[0], c[3])
        return 0
    try:
        c = (libvirt.open(uri) if types is None
             else libvirt.openAuth(uri, [types, cb, None], flags))
        out = 'ok secure=%d encrypted=%d' % (c.isSecure(), c.isEncrypted())
        out += ' domains=%s' % sorted(dom.name() for dom in c.listAllDomains())
        if fn:
            out += ' ' + fn(c)
        c.close()
    except libvirt.libvirtError as e:
        out = 'err code=%d dom=%d level=%d msg=%r' % (
            e.get_error_code(), e.get_error_domain(), e.get_error_level(), e.get_error_message())
    print(name, out, asked)

tcp = 'test+tcp://127.0.0.1:%s/default' % port
unix = 'test+unix:///default?socket=%s/libvirt-sock' % d
run('tcp shared by threads', tcp, T, fn=shared)
run('unix', unix, T)
run('unix shared by threads', unix, T, fn=shared)
run('unix wrong password', unix, T, pw='x')
run('unix no callback', unix, None)
run('unix auth=sasl.DIGEST-MD5', unix + '&auth=sasl.DIGEST-MD5', T)
run('unix auth=sasl.SCRAM-SHA-256', unix + '&auth=sasl.SCRAM-SHA-256', T)
run('unix read-only socket (no auth)', unix.replace('libvirt-sock', 'libvirt-sock-ro'), T,
    flags=libvirt.VIR_CONNECT_RO)
stop = True
'''


def start(d):
    port = daemon.free_port()
    daemon.start(d, tcp_port=port, auth_tcp='sasl', auth_unix_rw='sasl',
                 sasl_conf=daemon.setup_sasl(d))
    return port


def run_case(libdir, d, port):
    env = dict(os.environ)
    env.pop('LIBVIRT_AUTH_FILE', None)
    env['XDG_CONFIG_HOME'] = os.path.join(d, 'config')  # no user auth.conf
    if libdir:
        env['LD_LIBRARY_PATH'] = libdir
        env['VK_LIBDIR'] = os.path.realpath(libdir)
    r = subprocess.run(['/usr/bin/python3', '-c', CASE, d, str(port), daemon.SASL_USER,
                        daemon.SASL_PASSWORD], env=env,
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
    d = tempfile.mkdtemp(prefix='vk-sasl-shell-', dir='/tmp')
    ok = True
    try:
        port = start(d)
        theirs = run_case(None, d, port)
        ours = run_case(libdir, d, port)
        ok = compare('python', theirs, ours) and ok
        if shell:
            for answers in ('%s\n%s\n' % (daemon.SASL_USER, daemon.SASL_PASSWORD),
                            daemon.SASL_USER + '\nwrong\n', ''):
                theirs = run_shell('virsh', None, d, port, answers)
                ours = run_shell(shell, libdir, d, port, answers)
                ok = compare('shell %r' % answers, theirs, ours) and ok
    finally:
        daemon.stop(d)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
