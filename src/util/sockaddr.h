// SPDX-License-Identifier: LGPL-2.1-or-later
// Numeric socket addresses (libvirt's virSocketAddr, address part only):
// parsed as libvirt's virSocketAddrParse parses them, printed as
// virSocketAddrFormat prints them.
#pragma once

#include <string>

#include "error/status.h"

namespace virtkit::util {

struct SockAddr {
  int family = 0;  // AF_INET / AF_INET6; 0 when unset
  unsigned char bytes[16] = {};
  bool valid() const { return family != 0; }
  int length() const;  // bytes of the address: 4 or 16
  bool operator==(const SockAddr &o) const;
  std::string format() const;
};

// virSocketAddrParse: a numeric host (getaddrinfo with AI_NUMERICHOST) of
// `family` (AF_UNSPEC: either), with libvirt's errors.
Status parse_sockaddr(SockAddr &out, const std::string &text, int family);

}  // namespace virtkit::util
