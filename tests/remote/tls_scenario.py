# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tls transport (inside `daemon.py run --tcp --tls`): a session with the
certificates of tests/remote/pki.py, and the failures users meet: our own
certificate missing, unreadable, expired or from another CA; the server's
expired, not yet active, for another host or from an unknown CA (more
private daemons); no_verify=, no_sanity=, tls_priority=; peers that close
or send garbage mid-handshake, a plain RPC port, a connection cut mid-session.
A transcript printed the same way by Debian's libvirt client and by virtkit
(compare.py); every step has a watchdog."""
import os

import libvirt

from tls_peers import (PKI, Daemons, Peer, close_after_hello, creds, cut_mid_session,
                       event_round_trip, garbage_after_hello, big_round_trip, guarded,
                       opened, start_loop, tls_close, tls_send_zero, tls_server)
from transcript import out

libvirt.registerErrorHandler(lambda *_: None, None)
start_loop()
PORT = int(os.environ['VIRTKIT_REMOTE_TLS_PORT'])
TCP_URI = os.environ['VIRTKIT_REMOTE_TCP_URI']
TCP_PORT = int(TCP_URI.split(':')[2].split('/')[0])
os.environ.pop('LIBVIRT_AUTH_FILE', None)


def uri(pki='client', host='127.0.0.1', port=PORT, extra=''):
    return 'test+tls://%s:%d/default?pkipath=%s/%s%s' % (host, port, PKI, pki, extra)


# ---- a session ----
guarded('open', lambda: opened(uri()))
guarded('open localhost', lambda: opened(uri(host='localhost')))
guarded('open read-only', lambda: opened(uri(), ro=True))
guarded('openAuth', lambda: opened(uri(), creds()))
guarded('event round trip', lambda: opened(uri(), fn=event_round_trip))
guarded('large XML round trip', lambda: opened(uri(), fn=big_round_trip))
guarded('daemon refuses read-only', lambda: opened(
    uri(), ro=True, fn=lambda c, u: c.lookupByName('test').destroy()))
guarded('tls_priority NORMAL', lambda: opened(uri(extra='&tls_priority=NORMAL')))
guarded('tls_priority TLS1.2 only', lambda: opened(
    uri(extra='&tls_priority=NORMAL:-VERS-ALL:%2BVERS-TLS1.2')))
for value in ('sasl', 'polkit', 'none'):
    guarded('auth=' + value, lambda: opened(uri(extra='&auth=' + value)))
guarded('cut mid-session', lambda: cut_mid_session(lambda p: uri(port=p), PORT))

# ---- our own certificate ----
for pki in ('client-nocert', 'client-nokey', 'client-nocacert', 'client-empty', 'client-garbage',
            'client-expired', 'client-notyet', 'client-foreign', 'no-such-folder'):
    guarded(pki, lambda: opened(uri(pki)))
guarded('client-expired no_sanity', lambda: opened(uri('client-expired', extra='&no_sanity=1')))
guarded('client-notyet no_sanity', lambda: opened(uri('client-notyet', extra='&no_sanity=1')))
guarded('client-foreign no_sanity', lambda: opened(uri('client-foreign', extra='&no_sanity=1')))
guarded('client-bothcas (refused)', lambda: opened(uri('client-bothcas')))

# ---- the server's certificate ----
guarded('client-otherca', lambda: opened(uri('client-otherca')))
guarded('client-otherca no_verify', lambda: opened(uri('client-otherca', extra='&no_verify=1')))
bad = Daemons(['server-expired', 'server-notyet', 'server-wronghost', 'server-otherca'])
try:
    for name, port in sorted(bad.ports.items()):
        guarded(name, lambda: opened(uri(port=port)))
        guarded(name + ' no_verify', lambda: opened(uri(port=port, extra='&no_verify=1'),
                                                    fn=lambda c, u: c.getHostname() != ''))
    guarded('server-wronghost localhost', lambda: opened(uri(host='localhost',
                                                             port=bad.ports['server-wronghost'])))
finally:
    bad.stop()

# ---- parameters ----
for label, extra in [('tls_priority bogus', '&tls_priority=BOGUS'),
                     ('tls_priority empty', '&tls_priority='),
                     ('tls_priority no version', '&tls_priority=NORMAL:-VERS-ALL'),
                     ('no_verify x', '&no_verify=x'), ('no_verify empty', '&no_verify='),
                     ('no_sanity x', '&no_sanity=x'), ('pkipath twice', '&pkipath=/nonexistent')]:
    guarded(label, lambda: opened(uri(extra=extra)))
guarded('no pkipath (root: /etc/pki)', lambda: opened('test+tls://127.0.0.1:%d/default' % PORT))
guarded('pkipath empty', lambda: opened('test+tls://127.0.0.1:%d/default?pkipath=' % PORT))

# ---- peers that are not libvirtd's TLS ----
peers = {'closes after ClientHello': Peer(close_after_hello),
         'garbage after ClientHello': Peer(garbage_after_hello),
         'TLS, closes before confirming': Peer(tls_server(tls_close)),
         'TLS, refuses (sends 0)': Peer(tls_server(tls_send_zero))}
for label, peer in sorted(peers.items()):
    guarded(label, lambda: opened(uri(port=peer.port)))
    peer.stop()
guarded('TLS to the plain TCP port', lambda: opened(uri(port=TCP_PORT)))
guarded('plain TCP to the TLS port', lambda: opened('test+tcp://127.0.0.1:%d/default' % PORT))
closed = Peer(close_after_hello)
closed.stop()
guarded('closed port', lambda: opened(uri(port=closed.port)))

print('\n'.join(out).replace(PKI, '$PKI').replace(':%d' % closed.port, ':$CLOSED'))
