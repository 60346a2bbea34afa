// SPDX-License-Identifier: LGPL-2.1-or-later
// SASL authentication with cyrus-sasl, as libvirt's client does it
// (remoteAuthSASL): the daemon's mechanism list (AUTH_SASL_INIT), then
// AUTH_SASL_START and AUTH_SASL_STEP until both ends are done. The
// credentials the mechanism asks for come from auth.conf (service
// "libvirt"), else from the application's virConnectAuth callback, all of a
// round in one call. A negotiated security layer (SSF > 0) then carries the
// connection's bytes (sasl_layer).
#pragma once

#include <libvirt/libvirt.h>
#include <sasl/sasl.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/remote/layer.h"
#include "error/status.h"

namespace virtkit::remote {

class Client;

struct SaslParams {
  std::string host = "localhost";   // the URI's server (SASL's and auth.conf's host)
  std::optional<std::string> mech;  // MECH of the URI's auth=sasl.MECH
  virConnectAuthPtr auth = nullptr;
  std::string auth_file;  // util::auth_file_path's answer ("" for none)
  // The transport is secure already (TLS, a unix socket, ssh): no minimum
  // strength, and anonymous and plain-text mechanisms are allowed.
  bool secure = false;
  // TLS's key size in bits (SASL's external SSF); 0 without TLS.
  int external_ssf = 0;
  // The socket's ends as SASL wants them ("IP;port"); empty for none.
  std::string local_addr, remote_addr;
};

// A SASL connection and the callbacks it points to.
struct SaslSession {
  SaslSession() = default;
  SaslSession(const SaslSession &) = delete;
  SaslSession &operator=(const SaslSession &) = delete;
  ~SaslSession();
  sasl_conn_t *conn = nullptr;
  std::vector<sasl_callback_t> callbacks;
};

// One call of the remote program: procedure, XDR arguments, XDR reply
// (replaced).
using SaslCall = std::function<Status(int proc, const std::string &args, std::string *reply)>;

struct SaslOutcome {
  std::unique_ptr<SaslSession> session;
  int ssf = 0;          // the negotiated strength (0: no security layer)
  bool secure = false;  // the connection is secure now
};

// libvirt's remoteAuthSASL through `call`.
Result<SaslOutcome> sasl_negotiate(const SaslParams &p, const SaslCall &call);

// Runs the negotiation on `c` (no call in flight) and, with a security
// layer negotiated, puts it over the client's layer. `*secure` is set when
// the connection became secure.
Status sasl_authenticate(Client &c, const SaslParams &p, bool *secure);

// The security layer of a negotiated `session` over `below`: writes are
// encoded in pieces of the negotiated SASL_MAXOUTBUF, reads decoded.
std::unique_ptr<Layer> sasl_layer(std::unique_ptr<SaslSession> session,
                                  std::unique_ptr<Layer> below);

// An end of the socket `fd` as SASL wants it: "IP;port", "127.0.0.1;0" for
// a unix socket (as libvirt), "" when `fd` is no socket.
std::string sasl_address(int fd, bool local);

// libvirt's mapping of SASL's prompts to credential types (0: none).
int sasl_cred_type(unsigned long sasl_id);
unsigned long sasl_callback_id(int cred_type);

}  // namespace virtkit::remote
