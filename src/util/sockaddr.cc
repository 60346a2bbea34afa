// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/sockaddr.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstring>

#include <libvirt/virterror.h>

namespace virtkit::util {

int SockAddr::length() const {
  return family == AF_INET ? 4 : 16;
}

bool SockAddr::operator==(const SockAddr &o) const {
  return family == o.family &&
         (family == 0 || std::memcmp(bytes, o.bytes, static_cast<size_t>(length())) == 0);
}

std::string SockAddr::format() const {
  char buf[INET6_ADDRSTRLEN] = "";
  if (family) inet_ntop(family, bytes, buf, sizeof buf);
  return buf;
}

Status parse_sockaddr(SockAddr &out, const std::string &text, int family) {
  addrinfo hints{};
  hints.ai_family = family;
  hints.ai_flags = AI_NUMERICHOST;
  addrinfo *res = nullptr;
  int err = getaddrinfo(text.c_str(), nullptr, &hints, &res);
  if (err != 0)
    return error(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, "Cannot parse socket address '%s': %s",
                 text.c_str(), gai_strerror(err));
  if (!res)
    return error(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, "No socket addresses found for '%s'",
                 text.c_str());
  out = SockAddr{};
  out.family = res->ai_family;
  if (res->ai_family == AF_INET)
    std::memcpy(out.bytes, &reinterpret_cast<sockaddr_in *>(res->ai_addr)->sin_addr, 4);
  else
    std::memcpy(out.bytes, &reinterpret_cast<sockaddr_in6 *>(res->ai_addr)->sin6_addr, 16);
  freeaddrinfo(res);
  return Status();
}

}  // namespace virtkit::util
