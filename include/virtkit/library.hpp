// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// Library-wide calls: versions, initialization, the thread's error and error handlers.
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/detail_callback.hpp>

#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

namespace virtkit {

/// The library's version and, when @p type names a driver, that driver's.
struct Versions {
  unsigned long library = 0;                ///< major * 1,000,000 + minor * 1,000 + release.
  std::optional<unsigned long> hypervisor;  ///< The driver's version, if asked for.
};

//!@{
/// The library's version, and the version of driver @p type if given (virGetVersion).
inline Expected<Versions> try_version(std::optional<std::string_view> type = std::nullopt) {
  Versions v;
  unsigned long hv = 0;
  if (virGetVersion(&v.library, detail::CStr(type), type ? &hv : nullptr) < 0)
    return detail::last_error;
  if (type) v.hypervisor = hv;
  return v;
}
inline Versions version(std::optional<std::string_view> type = std::nullopt) {
  return try_version(type).value();
}
//!@}

//!@{
/// Initializes the library (virInitialize). Never needed: every call does it.
inline Expected<void> try_initialize() {
  return detail::check(virInitialize());
}
inline void initialize() {
  try_initialize().value();
}
//!@}

/// Forgets this thread's last error (virResetLastError).
inline void reset_last_error() noexcept {
  virResetLastError();
}

/// Prints @p e as the library's default handler does (virDefaultErrorFunc).
inline void print_error(const virError &e) noexcept {
  virDefaultErrorFunc(const_cast<virErrorPtr>(&e));
}

/// Sets the process-wide C error handler (virSetErrorFunc); a nullptr handler
/// restores the default one, which prints to stderr.
inline void set_error_func(void *user_data, virErrorFunc handler) noexcept {
  virSetErrorFunc(user_data, handler);
}

/// A process-wide error handler taking the error as an Error.
using ErrorHandler = std::function<void(const Error &)>;

/// @cond VIRTKIT_DETAIL
namespace detail {
struct HandlerSlot {
  std::mutex m;
  ErrorHandler h;
};
inline HandlerSlot &handler_slot() {
  static HandlerSlot s;
  return s;
}
inline void error_handler_cb(void *, virErrorPtr e) {
  HandlerSlot &s = handler_slot();
  ErrorHandler h;
  {
    std::lock_guard<std::mutex> l(s.m);
    h = s.h;
  }
  if (h && e) run_callback(h, Error(*e));
}
}  // namespace detail
/// @endcond

/// Sets the process-wide error handler to a C++ callable (virSetErrorFunc); an
/// empty one restores the default handler. Connections with their own handler
/// (Connection::set_error_func) keep it.
inline void set_error_handler(ErrorHandler handler) {
  detail::HandlerSlot &s = detail::handler_slot();
  bool set = static_cast<bool>(handler);
  {
    std::lock_guard<std::mutex> l(s.m);
    s.h = std::move(handler);
  }
  virSetErrorFunc(nullptr, set ? detail::error_handler_cb : nullptr);
}

}  // namespace virtkit
