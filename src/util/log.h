// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt's logging: LIBVIRT_DEBUG, LIBVIRT_LOG_FILTERS and
// LIBVIRT_LOG_OUTPUTS read once (virInitialize), messages in libvirt's line
// format to stderr, files, syslog or journald. Sources are named as
// libvirt's (remote.remote_driver, rpc.netclient, libvirt.domain...), so
// its filters select the same messages.
//
// A message below every configured priority costs one relaxed load and a
// compare (VK_LOG); nothing is formatted.
#pragma once

#include <atomic>

#include "error/status.h"

namespace virtkit::log {

enum Priority : int { kDebug = 1, kInfo = 2, kWarn = 3, kError = 4 };

namespace detail {
// The lowest priority any filter or the default lets through.
inline std::atomic<int> g_floor{kWarn};
// Bumped when the filters change; sources recompute their priority.
inline std::atomic<unsigned> g_serial{1};
// Whether outputs are configured.
inline std::atomic<bool> g_outputs{false};
}  // namespace detail

class Source {
 public:
  constexpr explicit Source(const char *name) : name_(name) {}
  const char *name() const { return name_; }
  bool wants(int prio) {
    if (serial_.load(std::memory_order_acquire) != detail::g_serial.load(std::memory_order_acquire))
      update();
    return prio >= prio_.load(std::memory_order_relaxed);
  }

 private:
  void update();
  const char *name_;
  std::atomic<unsigned> serial_{0};
  std::atomic<int> prio_{kWarn};
};

inline bool on(Source &s, int prio) {
  return prio >= detail::g_floor.load(std::memory_order_relaxed) && s.wants(prio);
}

void write(Source &s, int prio, const char *file, const char *func, int line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

// Reads the three variables (libvirt's virLogSetFromEnv); an invalid one
// is libvirt's "invalid argument" error, and the settings stay as they were.
Status configure_from_env();

// Whether outputs were configured (errors are logged only then, as libvirt).
inline bool have_outputs() {
  return detail::g_outputs.load(std::memory_order_relaxed);
}

}  // namespace virtkit::log

#define VK_LOG(src, prio, ...)                                                     \
  do {                                                                             \
    if (::virtkit::log::on(src, prio))                                             \
      ::virtkit::log::write(src, prio, __FILE__, __func__, __LINE__, __VA_ARGS__); \
  } while (0)
#define VK_DEBUG(src, ...) VK_LOG(src, ::virtkit::log::kDebug, __VA_ARGS__)
#define VK_INFO(src, ...) VK_LOG(src, ::virtkit::log::kInfo, __VA_ARGS__)
#define VK_WARN(src, ...) VK_LOG(src, ::virtkit::log::kWarn, __VA_ARGS__)
