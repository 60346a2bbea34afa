// SPDX-License-Identifier: LGPL-2.1-or-later
// The entry guard: the one place that implements what every public entry
// point does around its own work (reset the thread error, validate the
// handle, refuse writes on read-only connections, turn exceptions into
// errors, dispatch the error on failure and return the failure value).
#pragma once

#include <exception>
#include <new>
#include <type_traits>

#include "api/api_info.h"
#include "core/handles.h"
#include "core/unwind.h"
#include "error/dispatch.h"
#include "error/store.h"
#include "util/log.h"

namespace virtkit::api {

namespace detail {

template <class H>
constexpr HandleKind kind_of() {
  using T = std::remove_pointer_t<H>;
  if constexpr (std::is_same_v<T, _virConnect>)
    return HandleKind::connect;
  else if constexpr (std::is_same_v<T, _virDomain>)
    return HandleKind::domain;
  else if constexpr (std::is_same_v<T, _virNetwork>)
    return HandleKind::network;
  else if constexpr (std::is_same_v<T, _virNetworkPort>)
    return HandleKind::networkport;
  else if constexpr (std::is_same_v<T, _virInterface>)
    return HandleKind::interface;
  else if constexpr (std::is_same_v<T, _virStoragePool>)
    return HandleKind::storagepool;
  else if constexpr (std::is_same_v<T, _virStorageVol>)
    return HandleKind::storagevol;
  else if constexpr (std::is_same_v<T, _virNodeDevice>)
    return HandleKind::nodedevice;
  else if constexpr (std::is_same_v<T, _virNWFilter>)
    return HandleKind::nwfilter;
  else if constexpr (std::is_same_v<T, _virNWFilterBinding>)
    return HandleKind::nwfilterbinding;
  else if constexpr (std::is_same_v<T, _virSecret>)
    return HandleKind::secret;
  else if constexpr (std::is_same_v<T, _virStream>)
    return HandleKind::stream;
  else if constexpr (std::is_same_v<T, _virDomainSnapshot>)
    return HandleKind::domainsnapshot;
  else if constexpr (std::is_same_v<T, _virDomainCheckpoint>)
    return HandleKind::domaincheckpoint;
  else if constexpr (std::is_same_v<T, _virAdmConnect>)
    return HandleKind::admconnect;
  else if constexpr (std::is_same_v<T, _virAdmServer>)
    return HandleKind::admserver;
  else if constexpr (std::is_same_v<T, _virAdmClient>)
    return HandleKind::admclient;
  else
    return HandleKind::none;
}

// Slow paths, out of line. Those that dispatch the error may run the
// application's error handler, hence not noexcept (core/unwind.h).
Status invalid_handle_status(HandleKind kind, const ApiInfo &api) noexcept;
void fail_invalid_handle(const ApiInfo &api);
void fail(const ApiInfo &api, virConnectPtr conn, Status s);
void fail_exception(const ApiInfo &api, virConnectPtr conn);
Status read_only_error(const ApiInfo &api) noexcept;

// Debug logging of entry points (libvirt's VIR_DEBUG at each public call),
// under the source of libvirt's file for the call (libvirt.domain...).
inline bool debug_wanted() noexcept {
  return log::detail::g_floor.load(std::memory_order_relaxed) <= log::kDebug;
}
log::Source &log_source(const ApiInfo &api) noexcept;
// The call and its handle ("dom=%p, (VM: name=%s, uuid=%s)").
void log_entry(const ApiInfo &api, const void *handle) noexcept;
// The call and its arguments, formatted by the generated entry point.
void log_call(const ApiInfo &api, const char *fmt, ...) noexcept
    __attribute__((format(printf, 2, 3)));
// "dom=%p, (VM: name=%s, uuid=%s)" for an argument list.
std::string domain_part(virDomainPtr dom);

}  // namespace detail

// What the body of an entry point uses to check its arguments the way
// libvirt does (naming the public function and its error domain).
struct Call {
  const ApiInfo &api;

  template <class P>  // any object or function pointer
  Status nonnull(P p, const char *arg) const noexcept {
    return p ? Status() : invalid_nonnull_arg(api.from, api.name, arg);
  }
  template <class P>
  Status null(P p, const char *arg) const noexcept {
    return p ? invalid_null_arg(api.from, api.name, arg) : Status();
  }
  Status nonnegative(long long v, const char *arg) const noexcept {
    return v >= 0 ? Status() : invalid_nonnegative_arg(api.from, api.name, arg);
  }
  Status positive(long long v, const char *arg) const noexcept {
    return v > 0 ? Status() : invalid_positive_arg(api.from, api.name, arg);
  }
  Status nonzero(long long v, const char *arg) const noexcept {
    return v != 0 ? Status() : invalid_nonzero_arg(api.from, api.name, arg);
  }
  // libvirt's virCheckZeroArg reports "must not be zero" (sic); we match it.
  Status zero(long long v, const char *arg) const noexcept {
    return v == 0 ? Status() : invalid_nonzero_arg(api.from, api.name, arg);
  }
  Status nonempty(const char *s, const char *arg) const noexcept {
    if (!s) return invalid_nonnull_arg(api.from, api.name, arg);
    return *s ? Status() : invalid_empty_string_arg(api.from, api.name, arg);
  }
  // virCheckNonNullArrayArg: `p` may be NULL only when the count is zero.
  template <class P>
  Status array(P p, long long n, const char *arg) const noexcept {
    return (p || n <= 0) ? Status() : invalid_nonnull_arg(api.from, api.name, arg);
  }
  Status exclusive(unsigned long flags, unsigned long a, unsigned long b, const char *an,
                   const char *bn) const noexcept;
  Status require(unsigned long flags, unsigned long a, unsigned long b, const char *an,
                 const char *bn) const noexcept;
  // An argument that must be a valid handle (besides the entry's own).
  template <class H>
  Status valid_handle(H h) const noexcept {
    return handles::valid(h) ? Status() : detail::invalid_handle_status(detail::kind_of<H>(), api);
  }
  // For entry points whose read-only refusal depends on their arguments.
  Status writable(virConnectPtr conn) const noexcept;
  Status invalid(const char *arg, const char *fmt, ...) const noexcept
      __attribute__((format(printf, 3, 4)));
};

// The value an entry point returns on failure, unless it states its own.
template <class R>
constexpr R failure_value() {
  if constexpr (std::is_pointer_v<R>)
    return nullptr;
  else if constexpr (std::is_signed_v<R>)
    return R(-1);
  else
    return R(0);
}

template <class F>
using body_result_t = std::invoke_result_t<F, const Call &>;
template <class F>
using c_return_t = std::remove_cvref_t<decltype(std::declval<body_result_t<F>>().value())>;

// Runs `body` (returning Result<R>) as public entry point `A` on `handle`.
// `kLogged`: the caller logged the call with its arguments already.
template <Api A, bool kLogged = false, class H, class F>
c_return_t<F> entry(H handle, F &&body, c_return_t<F> fail = failure_value<c_return_t<F>>()) {
  static constexpr const ApiInfo &api = info<A>;
  static_assert(detail::kind_of<H>() == api.handle, "handle type differs from the API list");
  if constexpr (!kLogged) {
    if (detail::debug_wanted()) [[unlikely]]
      detail::log_entry(api, handle);
  }
  errstore::reset();
  virConnectPtr conn = nullptr;
  if constexpr (api.handle != HandleKind::none) {
    if (!handles::valid(handle)) [[unlikely]] {
      detail::fail_invalid_handle(api);
      return fail;
    }
    if constexpr (!is_admin(api.handle)) {
      conn = handles::conn_of(handle);
      if constexpr (api.access == Access::write) {  // write_late: the body checks
        if (conn->flags & VIR_CONNECT_RO) [[unlikely]] {
          detail::fail(api, conn, detail::read_only_error(api));
          return fail;
        }
      }
    }
  }
  try {
    auto r = body(Call{api});
    if (r.ok()) [[likely]]
      return std::move(r).value();
    detail::fail(api, conn, std::move(r).status());
  }
  VK_CATCH_ALL {
    detail::fail_exception(api, conn);
  }
  return fail;
}

// For entry points without a handle argument.
template <Api A, class F>
c_return_t<F> entry(F &&body, c_return_t<F> fail = failure_value<c_return_t<F>>()) {
  return entry<A, false>(nullptr, std::forward<F>(body), fail);
}

}  // namespace virtkit::api
