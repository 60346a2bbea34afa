// SPDX-License-Identifier: LGPL-2.1-or-later
// Fuzz target: a daemon's answers during SASL authentication
// (drivers/remote/sasl.h): the replies to AUTH_SASL_INIT, AUTH_SASL_START
// and AUTH_SASL_STEP, fed to the client's negotiation with cyrus-sasl's
// real mechanisms. Whatever they hold must end in success or a libvirt-style
// error: no crash, hang or leak.
//
// The first byte sets the client up: bit 0 a secure transport, bit 1
// auth=sasl.DIGEST-MD5, bit 2 a callback that fails, bit 3 no virConnectAuth,
// bit 4 an external SSF (as over TLS). Then the replies, in the order of
// the calls: each a 2-byte big-endian length (cut to what is left) and that
// many bytes of XDR payload; a length of 0xffff is an error reply instead.
// When the input runs out, the calls fail.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "drivers/remote/sasl.h"

namespace {

int answer(virConnectCredentialPtr cred, unsigned n, void *opaque) {
  for (unsigned i = 0; i < n; i++) {
    const char *v = cred[i].type == VIR_CRED_PASSPHRASE ? "s3cret" : "fred";
    cred[i].result = strdup(v);
    cred[i].resultlen = static_cast<unsigned>(std::strlen(v));
  }
  return opaque ? -1 : 0;
}

int kCredTypes[] = {VIR_CRED_AUTHNAME,   VIR_CRED_ECHOPROMPT,   VIR_CRED_REALM,
                    VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const unsigned flags = data[0];
  size_t pos = 1;
  static int fail_marker;
  virConnectAuth auth{kCredTypes, sizeof kCredTypes / sizeof *kCredTypes, answer,
                      flags & 4 ? &fail_marker : nullptr};
  virtkit::remote::SaslParams p;
  p.host = "localhost";
  p.secure = flags & 1;
  if (flags & 2) p.mech = "DIGEST-MD5";
  p.auth = flags & 8 ? nullptr : &auth;
  p.external_ssf = flags & 16 ? 256 : 0;
  p.local_addr = "127.0.0.1;40000";
  p.remote_addr = "127.0.0.1;16509";
  auto call = [&](int, const std::string &, std::string *reply) -> virtkit::Status {
    if (size - pos < 2) return virtkit::error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "no more replies");
    size_t len = (size_t{data[pos]} << 8) | data[pos + 1];
    pos += 2;
    if (len == 0xffff)
      return virtkit::error(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED, "%s", "authentication failed");
    len = std::min(len, size - pos);
    reply->assign(reinterpret_cast<const char *>(data + pos), len);
    pos += len;
    return virtkit::Status();
  };
  auto o = virtkit::remote::sasl_negotiate(p, call);
  (void)o;
  return 0;
}
