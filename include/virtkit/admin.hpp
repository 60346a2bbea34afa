// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// The daemon administration API (libvirt-admin.so.0: link virtkit::virt-admin).
///
/// Not included by virtkit.hpp, as the C calls live in their own library.
#pragma once

#include <libvirt/libvirt-admin.h>
#include <virtkit/detail.hpp>
#include <virtkit/events.hpp>
#include <virtkit/handle.hpp>
#include <virtkit/typed_params.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// libvirt-admin: a daemon's servers, clients, logging and limits.
namespace virtkit::admin {

/// An object of which the C API has one reference only (no Ref call): move-only.
template <class P, int (*Free)(P)>
class Unique {
 public:
  /// Empty.
  Unique() = default;
  /// Adopts @p p.
  explicit Unique(P p) noexcept : p_(p) {}
  Unique(const Unique &) = delete;
  Unique &operator=(const Unique &) = delete;
  /// Takes @p o's object.
  Unique(Unique &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  /// Frees the current object and takes @p o's.
  Unique &operator=(Unique &&o) noexcept {
    Unique t(std::move(o));
    std::swap(p_, t.p_);
    return *this;
  }
  /// Frees the object.
  ~Unique() {
    if (p_) Free(p_);
  }
  /// The C object.
  P get() const noexcept { return p_; }
  /// Whether an object is held.
  explicit operator bool() const noexcept { return p_ != nullptr; }

 protected:
  /// The C object, or nullptr.
  P p_ = nullptr;
};

//!@{
/// The admin library's version (virAdmGetVersion).
inline Expected<unsigned long long> try_version() {
  unsigned long long v = 0;
  if (virAdmGetVersion(&v) < 0) return virtkit::detail::last_error;
  return v;
}
inline unsigned long long version() {
  return try_version().value();
}
//!@}
//!@{
/// Initializes the admin library (virAdmInitialize); never needed.
inline Expected<void> try_initialize() {
  return detail::check(virAdmInitialize());
}
inline void initialize() {
  try_initialize().value();
}
//!@}

/// A client of a daemon's server (virAdmClientPtr); move-only.
class Client : public Unique<virAdmClientPtr, virAdmClientFree> {
 public:
  using Unique::Unique;
  /// The client's id (virAdmClientGetID).
  unsigned long long id() const noexcept { return virAdmClientGetID(p_); }
  //!@{
  /// When the client connected (virAdmClientGetTimestamp).
  Expected<std::chrono::system_clock::time_point> try_timestamp() const {
    long long t = virAdmClientGetTimestamp(p_);
    if (t < 0) return virtkit::detail::last_error;
    return std::chrono::system_clock::time_point(std::chrono::seconds(t));
  }
  std::chrono::system_clock::time_point timestamp() const { return try_timestamp().value(); }
  //!@}
  //!@{
  /// The client's VIR_CLIENT_TRANS_* transport (virAdmClientGetTransport).
  Expected<int> try_transport() const { return detail::count(virAdmClientGetTransport(p_)); }
  int transport() const { return try_transport().value(); }
  //!@}
  //!@{
  /// The client's identity (virAdmClientGetInfo).
  Expected<TypedParams> try_info(unsigned flags = 0) const {
    virTypedParameterPtr p = nullptr;
    int n = 0;
    if (virAdmClientGetInfo(p_, &p, &n, flags) < 0) return virtkit::detail::last_error;
    return detail::adopt_params(p, n);
  }
  TypedParams info(unsigned flags = 0) const { return try_info(flags).value(); }
  //!@}
  //!@{
  /// Disconnects the client (virAdmClientClose).
  Expected<void> try_close(unsigned flags = 0) const {
    return detail::check(virAdmClientClose(p_, flags));
  }
  void close(unsigned flags = 0) const { try_close(flags).value(); }
  //!@}
};

/// One of a daemon's servers (virAdmServerPtr); move-only.
class Server : public Unique<virAdmServerPtr, virAdmServerFree> {
 public:
  using Unique::Unique;
  //!@{
  /// The server's name (virAdmServerGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virAdmServerGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The worker pool's parameters (virAdmServerGetThreadPoolParameters).
  Expected<TypedParams> try_thread_pool_parameters(unsigned flags = 0) const {
    virTypedParameterPtr p = nullptr;
    int n = 0;
    if (virAdmServerGetThreadPoolParameters(p_, &p, &n, flags) < 0)
      return virtkit::detail::last_error;
    return detail::adopt_params(p, n);
  }
  TypedParams thread_pool_parameters(unsigned flags = 0) const {
    return try_thread_pool_parameters(flags).value();
  }
  //!@}
  //!@{
  /// Changes the worker pool (virAdmServerSetThreadPoolParameters).
  Expected<void> try_set_thread_pool_parameters(const TypedParams &params,
                                                unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virAdmServerSetThreadPoolParameters(p_, p, n, flags);
    });
  }
  void set_thread_pool_parameters(const TypedParams &params, unsigned flags = 0) const {
    try_set_thread_pool_parameters(params, flags).value();
  }
  //!@}
  //!@{
  /// The client limits (virAdmServerGetClientLimits).
  Expected<TypedParams> try_client_limits(unsigned flags = 0) const {
    virTypedParameterPtr p = nullptr;
    int n = 0;
    if (virAdmServerGetClientLimits(p_, &p, &n, flags) < 0) return virtkit::detail::last_error;
    return detail::adopt_params(p, n);
  }
  TypedParams client_limits(unsigned flags = 0) const { return try_client_limits(flags).value(); }
  //!@}
  //!@{
  /// Changes the client limits (virAdmServerSetClientLimits).
  Expected<void> try_set_client_limits(const TypedParams &params, unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virAdmServerSetClientLimits(p_, p, n, flags);
    });
  }
  void set_client_limits(const TypedParams &params, unsigned flags = 0) const {
    try_set_client_limits(params, flags).value();
  }
  //!@}
  //!@{
  /// Reloads the server's TLS certificates (virAdmServerUpdateTlsFiles).
  Expected<void> try_update_tls_files(unsigned flags = 0) const {
    return detail::check(virAdmServerUpdateTlsFiles(p_, flags));
  }
  void update_tls_files(unsigned flags = 0) const { try_update_tls_files(flags).value(); }
  //!@}
  //!@{
  /// The connected clients (virAdmServerListClients).
  Expected<std::vector<Client>> try_list_clients(unsigned flags = 0) const {
    virAdmClientPtr *clients = nullptr;
    int n = virAdmServerListClients(p_, &clients, flags);
    return detail::adopt_list<Client>(clients, n);
  }
  std::vector<Client> list_clients(unsigned flags = 0) const {
    return try_list_clients(flags).value();
  }
  //!@}
  //!@{
  /// The client with id @p id (virAdmServerLookupClient).
  Expected<Client> try_lookup_client(unsigned long long id, unsigned flags = 0) const {
    return detail::adopt<Client>(virAdmServerLookupClient(p_, id, flags));
  }
  Client lookup_client(unsigned long long id, unsigned flags = 0) const {
    return try_lookup_client(id, flags).value();
  }
  //!@}
};

/// The callback of an admin connection's close: the VIR_CONNECT_CLOSE_REASON_*.
using CloseCallback = std::function<void(int reason)>;

/// @cond VIRTKIT_DETAIL
namespace detail {
inline void close_cb(virAdmConnectPtr, int reason, void *opaque) {
  virtkit::detail::run_callback(*static_cast<CloseCallback *>(opaque), reason);
}
}  // namespace detail
/// @endcond

/// A connection to a daemon's admin socket (virAdmConnectPtr).
///
/// Copies share the connection (virAdmConnectRef / virAdmConnectClose); usable
/// from several threads at once.
class Connection : public Handle<virAdmConnectPtr, virAdmConnectRef, virAdmConnectClose> {
 public:
  using Handle::Handle;
  //!@{
  /// Connects to the daemon named by @p uri (empty: the default one) (virAdmConnectOpen).
  static Expected<Connection> try_open(std::optional<std::string_view> uri = std::nullopt,
                                       unsigned flags = 0) {
    return virtkit::detail::adopt<Connection>(virAdmConnectOpen(virtkit::detail::CStr(uri), flags));
  }
  static Connection open(std::optional<std::string_view> uri = std::nullopt, unsigned flags = 0) {
    return try_open(uri, flags).value();
  }
  //!@}
  //!@{
  /// Drops this handle's reference now, leaving the handle empty: the number of
  /// references still held elsewhere, 0 when the connection closed or the handle
  /// was empty (virAdmConnectClose).
  Expected<int> try_close() { return virtkit::detail::count(virAdmConnectClose(release())); }
  int close() { return try_close().value(); }
  //!@}
  //!@{
  /// Whether the connection still works (virAdmConnectIsAlive).
  Expected<bool> try_is_alive() const { return virtkit::detail::flag(virAdmConnectIsAlive(p_)); }
  bool is_alive() const { return try_is_alive().value(); }
  //!@}
  //!@{
  /// The connection's URI (virAdmConnectGetURI).
  Expected<std::string> try_uri() const { return virtkit::detail::owned(virAdmConnectGetURI(p_)); }
  std::string uri() const { return try_uri().value(); }
  //!@}
  //!@{
  /// The daemon's library version (virAdmConnectGetLibVersion).
  Expected<unsigned long long> try_lib_version() const {
    unsigned long long v = 0;
    if (virAdmConnectGetLibVersion(p_, &v) < 0) return virtkit::detail::last_error;
    return v;
  }
  unsigned long long lib_version() const { return try_lib_version().value(); }
  //!@}
  //!@{
  /// The daemon's servers (virAdmConnectListServers).
  Expected<std::vector<Server>> try_list_servers(unsigned flags = 0) const {
    virAdmServerPtr *servers = nullptr;
    int n = virAdmConnectListServers(p_, &servers, flags);
    return virtkit::detail::adopt_list<Server>(servers, n);
  }
  std::vector<Server> list_servers(unsigned flags = 0) const {
    return try_list_servers(flags).value();
  }
  //!@}
  //!@{
  /// The server named @p name (virAdmConnectLookupServer).
  Expected<Server> try_lookup_server(std::string_view name, unsigned flags = 0) const {
    return virtkit::detail::adopt<Server>(
        virAdmConnectLookupServer(p_, virtkit::detail::CStr(name), flags));
  }
  Server lookup_server(std::string_view name, unsigned flags = 0) const {
    return try_lookup_server(name, flags).value();
  }
  //!@}
  //!@{
  /// The daemon's log outputs; empty when it gives none (virAdmConnectGetLoggingOutputs).
  Expected<std::string> try_logging_outputs(unsigned flags = 0) const {
    char *s = nullptr;
    if (virAdmConnectGetLoggingOutputs(p_, &s, flags) < 0) return virtkit::detail::last_error;
    if (!s) return std::string();
    return virtkit::detail::owned(s);
  }
  std::string logging_outputs(unsigned flags = 0) const {
    return try_logging_outputs(flags).value();
  }
  //!@}
  //!@{
  /// The daemon's log filters; empty when there are none (virAdmConnectGetLoggingFilters).
  Expected<std::string> try_logging_filters(unsigned flags = 0) const {
    char *s = nullptr;
    if (virAdmConnectGetLoggingFilters(p_, &s, flags) < 0) return virtkit::detail::last_error;
    if (!s) return std::string();
    return virtkit::detail::owned(s);
  }
  std::string logging_filters(unsigned flags = 0) const {
    return try_logging_filters(flags).value();
  }
  //!@}
  //!@{
  /// Sets the log outputs; std::nullopt restores the default
  /// (virAdmConnectSetLoggingOutputs).
  Expected<void> try_set_logging_outputs(std::optional<std::string_view> outputs,
                                         unsigned flags = 0) const {
    return virtkit::detail::check(
        virAdmConnectSetLoggingOutputs(p_, virtkit::detail::CStr(outputs), flags));
  }
  void set_logging_outputs(std::optional<std::string_view> outputs, unsigned flags = 0) const {
    try_set_logging_outputs(outputs, flags).value();
  }
  //!@}
  //!@{
  /// Sets the log filters; std::nullopt removes them (virAdmConnectSetLoggingFilters).
  Expected<void> try_set_logging_filters(std::optional<std::string_view> filters,
                                         unsigned flags = 0) const {
    return virtkit::detail::check(
        virAdmConnectSetLoggingFilters(p_, virtkit::detail::CStr(filters), flags));
  }
  void set_logging_filters(std::optional<std::string_view> filters, unsigned flags = 0) const {
    try_set_logging_filters(filters, flags).value();
  }
  //!@}
  //!@{
  /// Sets the daemon's idle timeout (virAdmConnectSetDaemonTimeout).
  Expected<void> try_set_daemon_timeout(std::chrono::seconds timeout, unsigned flags = 0) const {
    return virtkit::detail::check(
        virAdmConnectSetDaemonTimeout(p_, static_cast<unsigned>(timeout.count()), flags));
  }
  void set_daemon_timeout(std::chrono::seconds timeout, unsigned flags = 0) const {
    try_set_daemon_timeout(timeout, flags).value();
  }
  //!@}
  //!@{
  /// Calls @p cb when the connection closes for a reason other than the program
  /// closing it (virAdmConnectRegisterCloseCallback); one at a time, until
  /// unset_close_callback().
  Expected<void> try_set_close_callback(CloseCallback cb) const {
    auto *f = new CloseCallback(std::move(cb));
    if (virAdmConnectRegisterCloseCallback(p_, detail::close_cb, f,
                                           virtkit::detail::delete_callback<CloseCallback>) < 0) {
      Error e = Error::last();
      delete f;
      return e;
    }
    return {};
  }
  void set_close_callback(CloseCallback cb) const { try_set_close_callback(std::move(cb)).value(); }
  //!@}
  //!@{
  /// Removes the callback set with set_close_callback (virAdmConnectUnregisterCloseCallback).
  Expected<void> try_unset_close_callback() const {
    return virtkit::detail::check(virAdmConnectUnregisterCloseCallback(p_, detail::close_cb));
  }
  void unset_close_callback() const { try_unset_close_callback().value(); }
  //!@}
};

}  // namespace virtkit::admin
