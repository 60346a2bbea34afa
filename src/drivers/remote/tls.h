// SPDX-License-Identifier: LGPL-2.1-or-later
// The TLS transport (`+tls`, a URI with a host and no transport) as libvirt
// 9.0.0's client: x509 credentials from pkipath=, else (not root)
// $HOME/.pki/libvirt/, else /etc/pki; our own certificates checked before
// use (times, constraints, usage, purpose, chain: the "sanity" check that
// no_sanity=1 skips); a GnuTLS session with tls_priority= (else
// libvirt.conf's, else "NORMAL"), its handshake, the server's certificate
// verified (chain, times, host name, usage; no_verify=1 logs and goes on),
// and the server's one-byte verdict on ours. Then the session is the
// client's Layer: records are read without waiting for the socket and
// written whole; one thread may read while another writes (GnuTLS allows
// one of each on a session).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "drivers/remote/layer.h"
#include "error/status.h"

namespace virtkit::remote {

struct TlsParams {
  std::optional<std::string> pkipath;
  bool user_pki = false;  // try $HOME/.pki/libvirt first (not root)
  std::optional<std::string> priority;
  bool sanity = true;  // check our own certificates first
  bool verify = true;  // a bad server certificate fails the connection
};

// Loaded and checked credentials (libvirt's virNetTLSContext).
class TlsCredentials;

// The credentials for `p` (before any connection is made, as libvirt).
Result<std::shared_ptr<TlsCredentials>> tls_credentials(const TlsParams &p);

class TlsLayer : public Layer {
 public:
  // The cipher's key size in bytes (SASL's external SSF is 8 times that).
  virtual int key_size() = 0;
};

// TLS over the connected socket `fd` (not given up) to `host`.
Result<std::unique_ptr<TlsLayer>> tls_connect(const std::shared_ptr<TlsCredentials> &cred, int fd,
                                              const std::string &host);

}  // namespace virtkit::remote
