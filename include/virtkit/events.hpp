// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// Events: the event loop, RAII subscriptions to every event kind, close callbacks.
///
/// Callbacks are std::function objects run by the event loop's thread (the one
/// calling event::run_default_impl()). A subscription object deregisters its
/// callback when it dies; the callback itself is destroyed by the library once
/// no event can reach it any more. An exception escaping a callback is dropped:
/// nothing can carry it back to the code that subscribed.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/detail_callback.hpp>
#include <virtkit/domain.hpp>
#include <virtkit/typed_params.hpp>

#include <chrono>
#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

namespace virtkit {

class Network;
class StoragePool;
class NodeDevice;
class Secret;

/// A registered callback, deregistered when this object dies (move-only).
///
/// It keeps its connection open. Thread-safety: a subscription may be
/// destroyed from any thread, also while its callback runs in the event loop.
class Subscription {
 public:
  /// The C deregistration call: (connection, callback id).
  using Deregister = int (*)(virConnectPtr, int);
  /// No subscription.
  Subscription() = default;
  /// Adopts registration @p id on @p conn, made with the C API; @p deregister ends it.
  Subscription(Connection conn, int id, Deregister deregister) noexcept
      : conn_(std::move(conn)), id_(id), dereg_(deregister) {}
  Subscription(const Subscription &) = delete;
  Subscription &operator=(const Subscription &) = delete;
  /// Takes @p o's registration; @p o is left empty.
  Subscription(Subscription &&o) noexcept
      : conn_(std::move(o.conn_)), id_(std::exchange(o.id_, -1)), dereg_(o.dereg_) {}
  /// Ends the current registration and takes @p o's.
  Subscription &operator=(Subscription &&o) noexcept {
    if (this != &o) {
      cancel();
      conn_ = std::move(o.conn_);
      id_ = std::exchange(o.id_, -1);
      dereg_ = o.dereg_;
    }
    return *this;
  }
  /// Ends the registration.
  ~Subscription() { cancel(); }

  /// The C callback id (-1 when empty).
  int id() const noexcept { return id_; }
  /// Whether a registration is held.
  explicit operator bool() const noexcept { return id_ >= 0; }
  //!@{
  /// Ends the registration now; try_cancel() reports the C call's error.
  Expected<void> try_cancel() {
    if (id_ < 0) return {};
    int id = std::exchange(id_, -1);
    Connection c = std::move(conn_);
    return detail::check(dereg_(c.get(), id));
  }
  void cancel() noexcept {
    if (id_ >= 0) (void)try_cancel();
  }
  //!@}

 private:
  Connection conn_;
  int id_ = -1;
  Deregister dereg_ = nullptr;
};

/// @cond VIRTKIT_DETAIL
namespace detail {

// How a C callback argument reaches the C++ callback: C strings as
// std::string_view (a NULL one has data() == nullptr), the rest as they are.
template <class T>
struct EvArg {
  using type = T;
  static T conv(T v) noexcept { return v; }
};
template <>
struct EvArg<const char *> {
  using type = std::string_view;
  static std::string_view conv(const char *s) noexcept {
    return s ? std::string_view(s) : std::string_view();
  }
};

// A C callback cast to the generic type the registration takes (through
// void (*)(), which -Wcast-function-type allows).
template <class To, class From>
To fn_cast(From f) noexcept {
  return reinterpret_cast<To>(reinterpret_cast<void (*)()>(f));
}

// The C callback of an object event with arguments A... after the object.
template <class Obj, class R, class... A>
struct EventTramp {
  using Fn = std::function<void(const Obj &, typename EvArg<A>::type...)>;
  static R cb(virConnectPtr, typename Obj::pointer o, A... a, void *opaque) {
    Obj obj(Obj::add_ref(o));
    run_callback(*static_cast<Fn *>(opaque), obj, EvArg<A>::conv(a)...);
    if constexpr (!std::is_void_v<R>) return 0;
  }
};
// ... with a typed-parameter list (tunables, completed jobs).
template <class Obj>
struct ParamsEventTramp {
  using Fn = std::function<void(const Obj &, const TypedParams &)>;
  static void cb(virConnectPtr, typename Obj::pointer o, virTypedParameterPtr p, int n,
                 void *opaque) {
    Obj obj(Obj::add_ref(o));
    TypedParams params = TypedParams::from_c(p, n);
    run_callback(*static_cast<Fn *>(opaque), obj, params);
  }
};

template <int ID>
struct DomainEvent;
#define VIRTKIT_DOMAIN_EVENT(ID, ...) \
  template <>                         \
  struct DomainEvent<ID> {            \
    using Tramp = __VA_ARGS__;        \
  }
using GraphicsAddr = const virDomainEventGraphicsAddress *;
using GraphicsSubject = const virDomainEventGraphicsSubject *;
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_LIFECYCLE, EventTramp<Domain, int, int, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_REBOOT, EventTramp<Domain, void>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_RTC_CHANGE, EventTramp<Domain, void, long long>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_WATCHDOG, EventTramp<Domain, void, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_IO_ERROR,
                     EventTramp<Domain, void, const char *, const char *, int>);
VIRTKIT_DOMAIN_EVENT(
    VIR_DOMAIN_EVENT_ID_GRAPHICS,
    EventTramp<Domain, void, int, GraphicsAddr, GraphicsAddr, const char *, GraphicsSubject>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON,
                     EventTramp<Domain, void, const char *, const char *, int, const char *>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_CONTROL_ERROR, EventTramp<Domain, void>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_BLOCK_JOB,
                     EventTramp<Domain, void, const char *, int, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_DISK_CHANGE,
                     EventTramp<Domain, void, const char *, const char *, const char *, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_TRAY_CHANGE, EventTramp<Domain, void, const char *, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_PMWAKEUP, EventTramp<Domain, void, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_PMSUSPEND, EventTramp<Domain, void, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE,
                     EventTramp<Domain, void, unsigned long long>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK, EventTramp<Domain, void, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, EventTramp<Domain, void, const char *>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2,
                     EventTramp<Domain, void, const char *, int, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_TUNABLE, ParamsEventTramp<Domain>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, EventTramp<Domain, void, int, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, EventTramp<Domain, void, const char *>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION, EventTramp<Domain, void, int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, ParamsEventTramp<Domain>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED,
                     EventTramp<Domain, void, const char *>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
                     EventTramp<Domain, void, int, const char *>);
VIRTKIT_DOMAIN_EVENT(
    VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD,
    EventTramp<Domain, void, const char *, const char *, unsigned long long, unsigned long long>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE,
                     EventTramp<Domain, void, int, int, unsigned int>);
VIRTKIT_DOMAIN_EVENT(VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE,
                     EventTramp<Domain, void, const char *, unsigned long long>);
#undef VIRTKIT_DOMAIN_EVENT

// Lifecycle events of the other kinds carry (event, detail); the others nothing.
template <class Obj, int ID>
using ObjectEventTramp =
    std::conditional_t<ID == 0, EventTramp<Obj, void, int, int>, EventTramp<Obj, void>>;

template <class T, class Fn, class Reg>
Expected<Subscription> subscribe(const Connection &conn, Fn cb, Reg &&reg,
                                 Subscription::Deregister dereg) {
  auto *f = new typename T::Fn(std::move(cb));
  int id = reg(f);
  if (id < 0) {
    Error e = Error::last();
    delete f;
    return e;
  }
  return Subscription(conn, id, dereg);
}

}  // namespace detail
/// @endcond

/// The callback of domain event @p ID (a VIR_DOMAIN_EVENT_ID_* value): the domain,
/// then the C callback's arguments after it, C strings as std::string_view
/// (data() == nullptr for NULL) and typed parameters as TypedParams.
template <int ID>
using DomainEventCallback = typename detail::DomainEvent<ID>::Tramp::Fn;

//!@{
/// Subscribes @p cb to domain event @p ID, of every domain or only of @p only
/// (virConnectDomainEventRegisterAny / virConnectDomainEventDeregisterAny).
template <int ID>
Expected<Subscription> try_on_domain_event(const Connection &conn, DomainEventCallback<ID> cb,
                                           const Domain &only = Domain()) {
  using T = typename detail::DomainEvent<ID>::Tramp;
  return detail::subscribe<T>(
      conn, std::move(cb),
      [&](typename T::Fn *f) {
        return virConnectDomainEventRegisterAny(
            conn.get(), only.get(), ID,
            detail::fn_cast<virConnectDomainEventGenericCallback>(T::cb), f,
            detail::delete_callback<typename T::Fn>);
      },
      virConnectDomainEventDeregisterAny);
}
template <int ID>
Subscription on_domain_event(const Connection &conn, DomainEventCallback<ID> cb,
                             const Domain &only = Domain()) {
  return try_on_domain_event<ID>(conn, std::move(cb), only).value();
}
//!@}

/// @cond VIRTKIT_DETAIL
namespace detail {
inline int legacy_lifecycle_cb(virConnectPtr c, virDomainPtr d, int event, int detail,
                               void *opaque) {
  return EventTramp<Domain, int, int, int>::cb(c, d, event, detail, opaque);
}
inline int legacy_lifecycle_deregister(virConnectPtr c, int) {
  return virConnectDomainEventDeregister(c, legacy_lifecycle_cb);
}
}  // namespace detail
/// @endcond

//!@{
/// Subscribes @p cb to domain lifecycle events the deprecated way
/// (virConnectDomainEventRegister / virConnectDomainEventDeregister): one such
/// subscription per connection at a time. Prefer on_domain_event.
inline Expected<Subscription> try_on_domain_lifecycle_legacy(
    const Connection &conn, DomainEventCallback<VIR_DOMAIN_EVENT_ID_LIFECYCLE> cb) {
  using T = detail::DomainEvent<VIR_DOMAIN_EVENT_ID_LIFECYCLE>::Tramp;
  return detail::subscribe<T>(
      conn, std::move(cb),
      [&](T::Fn *f) {
        return virConnectDomainEventRegister(conn.get(), detail::legacy_lifecycle_cb, f,
                                             detail::delete_callback<T::Fn>);
      },
      detail::legacy_lifecycle_deregister);
}
inline Subscription on_domain_lifecycle_legacy(
    const Connection &conn, DomainEventCallback<VIR_DOMAIN_EVENT_ID_LIFECYCLE> cb) {
  return try_on_domain_lifecycle_legacy(conn, std::move(cb)).value();
}
//!@}

/// The callback of network event @p ID: the network, then (event, detail) for
/// VIR_NETWORK_EVENT_ID_LIFECYCLE.
template <int ID>
using NetworkEventCallback = typename detail::ObjectEventTramp<Network, ID>::Fn;
/// The callback of storage pool event @p ID: the pool, then (event, detail) for
/// VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE; nothing more for REFRESH.
template <int ID>
using StoragePoolEventCallback = typename detail::ObjectEventTramp<StoragePool, ID>::Fn;
/// The callback of node device event @p ID: the device, then (event, detail)
/// for VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE; nothing more for UPDATE.
template <int ID>
using NodeDeviceEventCallback = typename detail::ObjectEventTramp<NodeDevice, ID>::Fn;
/// The callback of secret event @p ID: the secret, then (event, detail) for
/// VIR_SECRET_EVENT_ID_LIFECYCLE; nothing more for VALUE_CHANGED.
template <int ID>
using SecretEventCallback = typename detail::ObjectEventTramp<Secret, ID>::Fn;

/// @cond VIRTKIT_DETAIL
namespace detail {
template <class Obj, int ID, class RegFn, class Cb, class Generic>
Expected<Subscription> object_event(const Connection &conn, typename Obj::pointer only, Cb cb,
                                    RegFn reg, Subscription::Deregister dereg, Generic) {
  using T = ObjectEventTramp<Obj, ID>;
  return subscribe<T>(
      conn, std::move(cb),
      [&](typename T::Fn *f) {
        return reg(conn.get(), only, ID, fn_cast<Generic>(T::cb), f,
                   delete_callback<typename T::Fn>);
      },
      dereg);
}
}  // namespace detail
/// @endcond

//!@{
/// Subscribes @p cb to network event @p ID of every network, or only of @p only
/// (virConnectNetworkEventRegisterAny / virConnectNetworkEventDeregisterAny).
template <int ID, class N = Network>
Expected<Subscription> try_on_network_event(const Connection &conn, NetworkEventCallback<ID> cb,
                                            const N *only = nullptr) {
  return detail::object_event<N, ID>(
      conn, only ? only->get() : nullptr, std::move(cb), virConnectNetworkEventRegisterAny,
      virConnectNetworkEventDeregisterAny, virConnectNetworkEventGenericCallback());
}
template <int ID, class N = Network>
Subscription on_network_event(const Connection &conn, NetworkEventCallback<ID> cb,
                              const N *only = nullptr) {
  return try_on_network_event<ID, N>(conn, std::move(cb), only).value();
}
//!@}
//!@{
/// Subscribes @p cb to storage pool event @p ID of every pool, or only of @p only
/// (virConnectStoragePoolEventRegisterAny / virConnectStoragePoolEventDeregisterAny).
template <int ID, class P = StoragePool>
Expected<Subscription> try_on_storage_pool_event(const Connection &conn,
                                                 StoragePoolEventCallback<ID> cb,
                                                 const P *only = nullptr) {
  return detail::object_event<P, ID>(
      conn, only ? only->get() : nullptr, std::move(cb), virConnectStoragePoolEventRegisterAny,
      virConnectStoragePoolEventDeregisterAny, virConnectStoragePoolEventGenericCallback());
}
template <int ID, class P = StoragePool>
Subscription on_storage_pool_event(const Connection &conn, StoragePoolEventCallback<ID> cb,
                                   const P *only = nullptr) {
  return try_on_storage_pool_event<ID, P>(conn, std::move(cb), only).value();
}
//!@}
//!@{
/// Subscribes @p cb to node device event @p ID of every device, or only of @p only
/// (virConnectNodeDeviceEventRegisterAny / virConnectNodeDeviceEventDeregisterAny).
template <int ID, class D = NodeDevice>
Expected<Subscription> try_on_node_device_event(const Connection &conn,
                                                NodeDeviceEventCallback<ID> cb,
                                                const D *only = nullptr) {
  return detail::object_event<D, ID>(
      conn, only ? only->get() : nullptr, std::move(cb), virConnectNodeDeviceEventRegisterAny,
      virConnectNodeDeviceEventDeregisterAny, virConnectNodeDeviceEventGenericCallback());
}
template <int ID, class D = NodeDevice>
Subscription on_node_device_event(const Connection &conn, NodeDeviceEventCallback<ID> cb,
                                  const D *only = nullptr) {
  return try_on_node_device_event<ID, D>(conn, std::move(cb), only).value();
}
//!@}
//!@{
/// Subscribes @p cb to secret event @p ID of every secret, or only of @p only
/// (virConnectSecretEventRegisterAny / virConnectSecretEventDeregisterAny).
template <int ID, class S = Secret>
Expected<Subscription> try_on_secret_event(const Connection &conn, SecretEventCallback<ID> cb,
                                           const S *only = nullptr) {
  return detail::object_event<S, ID>(
      conn, only ? only->get() : nullptr, std::move(cb), virConnectSecretEventRegisterAny,
      virConnectSecretEventDeregisterAny, virConnectSecretEventGenericCallback());
}
template <int ID, class S = Secret>
Subscription on_secret_event(const Connection &conn, SecretEventCallback<ID> cb,
                             const S *only = nullptr) {
  return try_on_secret_event<ID, S>(conn, std::move(cb), only).value();
}
//!@}

/// The callback of a connection's close: the connection and the
/// VIR_CONNECT_CLOSE_REASON_* reason.
using CloseCallback = std::function<void(const Connection &, int reason)>;

/// @cond VIRTKIT_DETAIL
namespace detail {
// Close callbacks live here, not with the library: drivers that keep no close
// callback (the test driver) accept a registration without ever freeing its
// data. The library gets a token; the callback is found under a lock, so a
// close firing while the subscription ends never reaches a freed callback.
struct CloseRegistry {
  std::mutex mu;
  int next = 0;
  std::map<int, std::shared_ptr<CloseCallback>> callbacks;
};
inline CloseRegistry &close_registry() {
  static CloseRegistry r;
  return r;
}
inline void close_cb(virConnectPtr c, int reason, void *opaque) {
  std::shared_ptr<CloseCallback> f;
  {
    CloseRegistry &r = close_registry();
    std::lock_guard<std::mutex> l(r.mu);
    auto it = r.callbacks.find(static_cast<int>(reinterpret_cast<intptr_t>(opaque)));
    if (it == r.callbacks.end()) return;
    f = it->second;
  }
  Connection conn(Connection::add_ref(c));
  run_callback(*f, conn, reason);
}
inline void close_forget(int token) {
  CloseRegistry &r = close_registry();
  std::lock_guard<std::mutex> l(r.mu);
  r.callbacks.erase(token);
}
inline int close_deregister(virConnectPtr c, int token) {
  int rc = virConnectUnregisterCloseCallback(c, close_cb);
  close_forget(token);
  return rc;
}
}  // namespace detail
/// @endcond

//!@{
/// Calls @p cb when @p conn closes for a reason other than the program closing
/// it (virConnectRegisterCloseCallback / virConnectUnregisterCloseCallback); one
/// per connection at a time.
inline Expected<Subscription> try_on_close(const Connection &conn, CloseCallback cb) {
  detail::CloseRegistry &r = detail::close_registry();
  int token;
  {
    std::lock_guard<std::mutex> l(r.mu);
    token = r.next;
    r.next = r.next == INT_MAX ? 0 : r.next + 1;
    r.callbacks[token] = std::make_shared<CloseCallback>(std::move(cb));
  }
  if (virConnectRegisterCloseCallback(conn.get(), detail::close_cb,
                                      reinterpret_cast<void *>(static_cast<intptr_t>(token)),
                                      nullptr) < 0) {
    Error e = Error::last();
    detail::close_forget(token);
    return e;
  }
  return Subscription(conn, token, detail::close_deregister);
}
inline Subscription on_close(const Connection &conn, CloseCallback cb) {
  return try_on_close(conn, std::move(cb)).value();
}
//!@}

}  // namespace virtkit
