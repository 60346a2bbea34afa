// SPDX-License-Identifier: LGPL-2.1-or-later
// What the files of the RPC client (client*.cc) share and no one else needs:
// the packet's sizes, its length word, the daemon's error record, the clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "drivers/remote/client.h"

namespace virtkit::remote::client_detail {

constexpr size_t kLenSize = 4;
constexpr size_t kHeaderSize = 24;
constexpr size_t kMaxPacket = proto::kMessageMax + kLenSize;

inline uint32_t get_u32(const char *p) {
  const auto *u = reinterpret_cast<const unsigned char *>(p);
  return (uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) | u[3];
}

// The daemon's error record, every field as sent (libvirt's client maps an
// "unknown procedure" RPC error to VIR_ERR_NO_SUPPORT and a missing message
// to "Unknown error").
inline Status from_remote_error(proto::error &e) {
  int code = e.code;
  if ((e.domain == VIR_FROM_REMOTE || e.domain == VIR_FROM_RPC) && e.code == VIR_ERR_RPC &&
      e.level == VIR_ERR_ERROR && e.message && e.message->rfind("unknown procedure", 0) == 0)
    code = VIR_ERR_NO_SUPPORT;
  auto c = [](const std::optional<std::string> &s) { return s ? s->c_str() : nullptr; };
  return Status(ErrorRecord::make(e.domain, code, e.level,
                                  e.message ? e.message->c_str() : "Unknown error", c(e.str1),
                                  c(e.str2), c(e.str3), e.int1, e.int2));
}

inline int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace virtkit::remote::client_detail
