#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Throw-away x509 material for the TLS tests, made with certtool (gnutls-bin).

  pki.py DIR     make every folder below in DIR (created), print DIR

Each folder is laid out as libvirt reads a pkipath= folder: cacert.pem, and
clientcert.pem + clientkey.pem (a client's) or servercert.pem + serverkey.pem
(a daemon's: key_file, cert_file, ca_file of libvirtd.conf).

Daemons (CA = the CA both sides trust; server certificates for CN=localhost
with the DNS name localhost and the IP address 127.0.0.1 unless said):
  server           good
  server-expired   expired a year ago
  server-notyet    active only in ten years
  server-wronghost CN and DNS name wronghost.example, no IP address
  server-otherca   issued by OTHER CA (an unrelated one); cacert.pem is CA's

Clients (cacert.pem is CA's unless said):
  client           good
  client-expired   expired client certificate
  client-notyet    client certificate active only in ten years
  client-otherca   cacert.pem is OTHER CA's and the certificate OTHER CA's:
                   consistent, but trusting neither the daemon nor trusted by it
  client-foreign   certificate by OTHER CA, cacert.pem is CA's: fails our own check
  client-bothcas   certificate by OTHER CA, cacert.pem has both CAs: passes our
                   own check, the daemon refuses it
  client-nocert    cacert.pem only
  client-nokey     cacert.pem and clientcert.pem, no key
  client-nocacert  clientcert.pem and clientkey.pem, no CA
  client-empty     nothing
  client-garbage   cacert.pem, clientcert.pem, clientkey.pem that are not PEM
"""

import os
import shutil
import subprocess
import sys

CERTTOOL = 'certtool'

CA_TEMPLATE = '''cn = "{cn}"
organization = "virtkit tests"
ca
cert_signing_key
expiration_days = 3650
'''

LEAF_TEMPLATE = '''organization = "virtkit tests"
cn = "{cn}"
{names}{purpose}
encryption_key
signing_key
{dates}'''

NOW_DATES = 'expiration_days = 3650\n'
EXPIRED_DATES = 'activation_date = "2020-01-01 00:00:00"\nexpiration_date = "2021-01-01 00:00:00"\n'
NOTYET_DATES = 'activation_date = "2036-01-01 00:00:00"\nexpiration_date = "2037-01-01 00:00:00"\n'


def certtool(*args):
    subprocess.run([CERTTOOL] + list(args), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def privkey(path):
    certtool('--generate-privkey', '--key-type=rsa', '--bits=2048', '--outfile', path)


def template(work, name, text):
    path = os.path.join(work, name + '.tmpl')
    with open(path, 'w') as f:
        f.write(text)
    return path


def make_ca(work, name, cn):
    key = os.path.join(work, name + '-key.pem')
    cert = os.path.join(work, name + '.pem')
    privkey(key)
    certtool('--generate-self-signed', '--load-privkey', key,
             '--template', template(work, name, CA_TEMPLATE.format(cn=cn)), '--outfile', cert)
    return cert, key


def make_leaf(work, name, ca, server, cn='localhost', names=None, dates=NOW_DATES):
    if names is None:
        names = 'dns_name = "localhost"\nip_address = "127.0.0.1"\n' if server else ''
    key = os.path.join(work, name + '-key.pem')
    cert = os.path.join(work, name + '.pem')
    privkey(key)
    text = LEAF_TEMPLATE.format(cn=cn, names=names, dates=dates,
                                purpose='tls_www_server' if server else 'tls_www_client')
    certtool('--generate-certificate', '--load-privkey', key,
             '--load-ca-certificate', ca[0], '--load-ca-privkey', ca[1],
             '--template', template(work, name, text), '--outfile', cert)
    return cert, key


def lay(d, name, cacerts=(), leaf=None, server=False, key=True):
    folder = os.path.join(d, name)
    os.makedirs(folder, exist_ok=True)
    if cacerts:
        with open(os.path.join(folder, 'cacert.pem'), 'w') as f:
            for c in cacerts:
                f.write(open(c).read())
    if leaf:
        kind = 'server' if server else 'client'
        shutil.copy(leaf[0], os.path.join(folder, kind + 'cert.pem'))
        if key:
            shutil.copy(leaf[1], os.path.join(folder, kind + 'key.pem'))
            os.chmod(os.path.join(folder, kind + 'key.pem'), 0o600)


def make(d):
    d = os.path.abspath(d)
    work = os.path.join(d, 'work')
    os.makedirs(work, exist_ok=True)
    ca = make_ca(work, 'ca', 'virtkit test CA')
    other = make_ca(work, 'otherca', 'virtkit other CA')
    lay(d, 'server', [ca[0]], make_leaf(work, 'server', ca, True), True)
    lay(d, 'server-expired', [ca[0]], make_leaf(work, 'server-expired', ca, True, dates=EXPIRED_DATES), True)
    lay(d, 'server-notyet', [ca[0]], make_leaf(work, 'server-notyet', ca, True, dates=NOTYET_DATES), True)
    lay(d, 'server-wronghost', [ca[0]],
        make_leaf(work, 'server-wronghost', ca, True, cn='wronghost.example',
                  names='dns_name = "wronghost.example"\n'), True)
    lay(d, 'server-otherca', [ca[0]], make_leaf(work, 'server-otherca', other, True), True)
    client = make_leaf(work, 'client', ca, False, cn='virtkit client')
    foreign = make_leaf(work, 'client-foreign', other, False, cn='virtkit foreign client')
    lay(d, 'client', [ca[0]], client)
    lay(d, 'client-expired', [ca[0]], make_leaf(work, 'client-expired', ca, False, cn='expired client',
                                                 dates=EXPIRED_DATES))
    lay(d, 'client-notyet', [ca[0]], make_leaf(work, 'client-notyet', ca, False, cn='early client',
                                                dates=NOTYET_DATES))
    lay(d, 'client-otherca', [other[0]], foreign)
    lay(d, 'client-foreign', [ca[0]], foreign)
    lay(d, 'client-bothcas', [ca[0], other[0]], foreign)
    lay(d, 'client-nocert', [ca[0]])
    lay(d, 'client-nokey', [ca[0]], client, key=False)
    lay(d, 'client-nocacert', [], client)
    lay(d, 'client-empty')
    os.makedirs(os.path.join(d, 'client-garbage'), exist_ok=True)
    for name in ('cacert.pem', 'clientcert.pem', 'clientkey.pem'):
        with open(os.path.join(d, 'client-garbage', name), 'w') as f:
            f.write('not a PEM file\n')
    shutil.rmtree(work)
    return d


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    print(make(sys.argv[1]))
