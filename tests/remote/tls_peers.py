# SPDX-License-Identifier: LGPL-2.1-or-later
"""What tls_scenario.py and sasl_scenario.py share: peers on 127.0.0.1 that
misbehave during a TLS handshake, a proxy that can cut a connection, more
private daemons (other server certificates), credential callbacks, a
watchdog so that no step hangs, and the connection summary."""
import os
import socket
import ssl
import sys
import tempfile
import threading
import time

import libvirt

import daemon
from transcript import ended_mid_session, out

PKI = os.environ.get('VIRTKIT_PKI_DIR', '')
# What must not outlive the process, even one the watchdog ends.
cleanups = []


def cleanup():
    while cleanups:
        cleanups.pop()()


def watchdog(label, seconds=30):
    """Ends the process with the transcript so far if `label`'s step does
    not finish in time: a hang is a failure with a name, never a hang."""
    def fire():
        out.append('%-28s HUNG (more than %d s)' % (label, seconds))
        sys.stdout.write('\n'.join(out) + '\n')
        sys.stdout.flush()
        cleanup()
        os._exit(3)
    t = threading.Timer(seconds, fire)
    t.daemon = True
    t.start()
    return t


def guarded(label, fn, seconds=30):
    from transcript import show
    t = watchdog(label, seconds)
    try:
        show(label, fn)
    finally:
        t.cancel()


class Peer:
    """A server on a free port of 127.0.0.1 that runs `serve(conn)` for each
    connection in a thread of its own, until stop()."""

    def __init__(self, serve):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.serve = serve
        self.done = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.done:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        conn.settimeout(20)
        try:
            self.serve(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self):
        self.done = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accept()
        except OSError:
            pass
        self.sock.close()


def read_hello(conn):
    """Reads the client's first flight (its ClientHello)."""
    return conn.recv(65536)


def wait_close(conn):
    """Waits until the client closes (or 20 s pass)."""
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


def close_after_hello(conn):
    read_hello(conn)


def garbage_after_hello(conn):
    read_hello(conn)
    conn.sendall(b'this is not TLS at all\r\n' * 8)
    wait_close(conn)


def tls_server(then):
    """A real TLS server (python's ssl, the good server certificate, no
    client certificate asked) doing `then(tls_conn)` after the handshake
    instead of libvirtd's confirmation byte."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.num_tickets = 0  # nothing but `then` after the handshake
    ctx.load_cert_chain(os.path.join(PKI, 'server', 'servercert.pem'),
                        os.path.join(PKI, 'server', 'serverkey.pem'))

    def serve(conn):
        tls = ctx.wrap_socket(conn, server_side=True)
        then(tls)
    return serve


def tls_close(tls):
    tls.close()


def tls_send_zero(tls):
    tls.sendall(b'\0')
    wait_close(tls)


class Proxy:
    """Forwards connections on a free port of 127.0.0.1 to `port`; cut()
    closes every forwarded connection at once (both ends see an end of file)."""

    def __init__(self, port):
        self.target = port
        self.conns = []
        self.peer = Peer(self._forward)
        self.port = self.peer.port

    def _forward(self, conn):
        up = socket.create_connection(('127.0.0.1', self.target))
        self.conns += [conn, up]
        conn.settimeout(None)

        def pump(a, b):
            try:
                while True:
                    data = a.recv(65536)
                    if not data:
                        break
                    b.sendall(data)
            except OSError:
                pass
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        t = threading.Thread(target=pump, args=(up, conn), daemon=True)
        t.start()
        pump(conn, up)
        t.join()

    def cut(self):
        for s in self.conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self):
        self.cut()
        self.peer.stop()


class Daemons:
    """More private libvirtds listening for TLS, one per pki.py server
    folder (their own certificates unchecked by themselves:
    tls_no_sanity_certificate), stopped by stop()."""

    def __init__(self, folders):
        self.dirs = []
        self.ports = {}
        for name in folders:
            d = tempfile.mkdtemp(prefix='vk-libvirtd-', dir='/tmp')
            self.dirs.append(d)
            port = daemon.free_port()
            cleanups.append(lambda d=d: daemon.stop(d))
            daemon.start(d, tls_port=port, pki=os.path.join(PKI, name),
                         extra='tls_no_sanity_certificate = 1\n')
            self.ports[name] = port

    def stop(self):
        for d in self.dirs:
            daemon.stop(d)


def creds(user=None, password=None, fail=False, types=None, record=None):
    """A virConnectAuth list for openAuth: answers AUTHNAME with `user`,
    PASSPHRASE with `password` (None: the environment's), records each
    request (type, prompt, challenge, default) in `record`; fail: the
    callback returns -1."""
    user = os.environ.get('VIRTKIT_SASL_USER') if user is None else user
    password = os.environ.get('VIRTKIT_SASL_PASSWORD') if password is None else password

    def cb(asked, _data):
        for c in asked:
            if record is not None:
                record.append((c[0], c[1], c[2], c[3]))
            if c[0] == libvirt.VIR_CRED_AUTHNAME:
                c[4] = user
            elif c[0] == libvirt.VIR_CRED_PASSPHRASE:
                c[4] = password
            else:
                c[4] = c[3] or ''
        return -1 if fail else 0
    if types is None:
        types = [libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE, libvirt.VIR_CRED_REALM]
    return [types, cb, None]


def summary(c, uri):
    """What a working connection shows: its URI, security, the host name,
    the domains, a domain's XML head, a daemon error."""
    dom = c.lookupByName('test')
    try:
        c.lookupByName('nope')
        missing = 'found?'
    except libvirt.libvirtError as e:
        missing = (e.get_error_code(), e.get_error_message())
    return (c.getURI() == uri, c.isSecure(), c.isEncrypted(), c.getHostname() != '',
            sorted(d.name() for d in c.listAllDomains()),
            dom.XMLDesc(0).splitlines()[:2], missing)


def opened(uri, auth=None, ro=False, fn=summary):
    """Opens `uri` (with `auth` for openAuth), returns fn(conn, uri), closes."""
    if auth is not None:
        c = libvirt.openAuth(uri, auth, libvirt.VIR_CONNECT_RO if ro else 0)
    else:
        c = libvirt.openReadOnly(uri) if ro else libvirt.open(uri)
    try:
        return fn(c, uri)
    finally:
        c.close()


def event_round_trip(c, _uri):
    """A lifecycle event through the connection: suspend and resume the
    test domain, the events received (an event loop runs: start_loop)."""
    got = []
    cid = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                   lambda _c, d, ev, det, _o: got.append((d.name(), ev, det)), None)
    dom = c.lookupByName('test')
    dom.suspend()
    dom.resume()
    deadline = time.time() + 10
    while len(got) < 2 and time.time() < deadline:
        time.sleep(0.01)
    c.domainEventDeregisterAny(cid)
    return got


def big_round_trip(c, _uri):
    """A domain whose XML is larger than one SASL or TLS record (about
    300 KB of description): defined, read back, undefined."""
    desc = ''.join('%07d ' % i for i in range(40000))
    xml = ('<domain type="test"><name>vkbig</name><memory>1024</memory>'
           '<description>%s</description><os><type>hvm</type></os></domain>' % desc)
    dom = c.defineXML(xml)
    try:
        back = dom.XMLDesc(0)
        return len(back) > len(desc), desc in back
    finally:
        dom.undefine()


def cut_mid_session(uri_for_port, port):
    """Opens a connection through a Proxy to `port`, cuts it after a call:
    the close callback's reason, two calls after, the reasons after close."""
    proxy = Proxy(port)
    try:
        return ended_mid_session(libvirt.openAuth(uri_for_port(proxy.port), creds(), 0),
                                 proxy.cut)
    finally:
        proxy.stop()


def start_loop():
    libvirt.virEventRegisterDefaultImpl()

    def loop():
        while True:
            libvirt.virEventRunDefaultImpl()
    threading.Thread(target=loop, daemon=True).start()
