// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/events.h"

#include <cstring>
#include <utility>
#include <vector>

#include "core/handles.h"
#include "driver/uri.h"
#include "drivers/remote/wire.h"

namespace virtkit::drivers::remote {

using event::EventClass;
using event::ObjectEvent;

namespace {

constexpr int kFeatureCloseCallback = 15;  // VIR_DRV_FEATURE_REMOTE_CLOSE_CALLBACK

template <class M>
bool decode(const std::string &body, M &m) {
  virtkit::remote::Decoder dec(reinterpret_cast<const unsigned char *>(body.data()), body.size());
  xdr(dec, m);
  return dec.done();
}

// What an event's callback is called with, made per callback from the
// decoded message (handles belong to the callback's connection).
using Deliver = std::function<void(virConnectPtr, void (*)(), void *)>;

ObjectEvent make_event(EventClass klass, int event_id, int remote_id, std::string name,
                       const unsigned char *uuid, std::string key, Deliver deliver) {
  ObjectEvent ev;
  ev.klass = klass;
  ev.event_id = event_id;
  ev.name = std::move(name);
  if (uuid) std::memcpy(ev.uuid, uuid, VIR_UUID_BUFLEN);
  ev.key = std::move(key);
  ev.remote_id = remote_id;
  ev.deliver = std::move(deliver);
  return ev;
}

// A domain event: `call(conn, dom, cb, opaque)` casts `cb` to its type.
template <class Call>
ObjectEvent domain_event(int event_id, int remote_id, const proto::nonnull_domain &d, Call call) {
  ObjectEvent ev = make_event(EventClass::domain, event_id, remote_id, d.name, d.uuid.data(),
                              driver::format_uuid(d.uuid.data()),
                              [d, call](virConnectPtr conn, void (*cb)(), void *opaque) {
                                virDomainPtr dom = handle(conn, d);
                                handles::ScopedRef held{dom};
                                call(conn, dom, cb, opaque);
                              });
  ev.id = d.id;
  return ev;
}

template <class T>
T fn(void (*cb)()) {
  return reinterpret_cast<T>(cb);
}

// An event of an object kind with a lifecycle event (`Lifecycle` callback,
// carrying event and detail) and one more of the `Generic` callback type.
template <class Lifecycle, class Generic, class W>
ObjectEvent kind_event(EventClass klass, int lifecycle_id, int event_id, int remote_id,
                       std::string name, const unsigned char *uuid, std::string key, W w, int e,
                       int d) {
  return make_event(klass, event_id, remote_id, std::move(name), uuid, std::move(key),
                    [w, lifecycle_id, event_id, e, d](virConnectPtr c, void (*cb)(), void *op) {
                      auto h = handle(c, w);
                      handles::ScopedRef held{h};
                      if (event_id == lifecycle_id)
                        fn<Lifecycle>(cb)(c, h, e, d, op);
                      else
                        fn<Generic>(cb)(c, h, op);
                    });
}

// Typed parameters as the application sees them; strings point into the
// message, which outlives the call. False where libvirt's client rejects
// the list (the event is then dropped).
bool typed_params(const std::vector<proto::typed_param> &in, std::vector<virTypedParameter> &out) {
  out.assign(in.size(), virTypedParameter{});
  for (size_t i = 0; i < in.size(); i++)
    if (!param_view(in[i], out[i])) return false;
  return true;
}

char *opt_str(const std::optional<std::string> &s) {
  return s ? const_cast<char *>(s->c_str()) : nullptr;
}

// Queues the event `Build(msg)` makes from a message of type M.
template <class M, class Build>
void relay(event::EventState &events, const std::string &body, Build build) {
  M m;
  if (!decode(body, m)) return;
  std::optional<ObjectEvent> ev = build(m);
  if (ev) events.queue(std::move(*ev));
}

std::optional<ObjectEvent> graphics_event(const proto::domain_event_callback_graphics_msg &m) {
  return domain_event(VIR_DOMAIN_EVENT_ID_GRAPHICS, m.callbackID, m.msg.dom,
                      [g = m.msg](virConnectPtr c, virDomainPtr d, void (*cb)(), void *op) {
                        auto addr = [](const proto::domain_event_graphics_address &a) {
                          virDomainEventGraphicsAddress r;
                          r.family = a.family;
                          r.node = const_cast<char *>(a.node.c_str());
                          r.service = const_cast<char *>(a.service.c_str());
                          return r;
                        };
                        virDomainEventGraphicsAddress local = addr(g.local),
                                                      remote = addr(g.remote);
                        std::vector<virDomainEventGraphicsSubjectIdentity> ids(g.subject.size());
                        for (size_t i = 0; i < ids.size(); i++) {
                          ids[i].type = const_cast<char *>(g.subject[i].type.c_str());
                          ids[i].name = const_cast<char *>(g.subject[i].name.c_str());
                        }
                        virDomainEventGraphicsSubject subject;
                        subject.nidentity = static_cast<int>(ids.size());
                        subject.identities = ids.data();
                        fn<virConnectDomainEventGraphicsCallback>(cb)(
                            c, d, g.phase, &local, &remote, g.authScheme.c_str(), &subject, op);
                      });
}

// Tunable and job-completed events: a typed parameter list.
template <class M>
std::optional<ObjectEvent> params_event(int event_id, const M &m) {
  std::vector<virTypedParameter> check;
  if (!typed_params(m.params, check)) return std::nullopt;
  return domain_event(event_id, m.callbackID, m.dom,
                      [params = m.params](virConnectPtr c, virDomainPtr d, void (*cb)(), void *op) {
                        std::vector<virTypedParameter> p;
                        typed_params(params, p);
                        // Both callback types take (params, nparams).
                        fn<virConnectDomainEventTunableCallback>(cb)(
                            c, d, p.data(), static_cast<int>(p.size()), op);
                      });
}

}  // namespace

RemoteEvents::RemoteEvents(std::shared_ptr<virtkit::remote::Client> client,
                           std::function<void(int)> closed)
    : client_(std::move(client)),
      events_(std::make_shared<event::EventState>()),
      closed_(std::move(closed)) {}

template <int Reg, class Fill>
Result<int> RemoteEvents::add(virConnectPtr conn, EventClass klass, int event_id, const char *key,
                              GenericFn cb, void *opaque, virFreeCallback freecb, bool legacy,
                              Fill fill) {
  std::lock_guard g(mu_);
  auto added = events_->add_relayed(conn, klass, event_id, key, cb, opaque, freecb, legacy);
  VK_TRY(added);
  if (added->count == 1) {
    typename proto::Proc<Reg>::args a{};
    a.eventID = event_id;
    fill(a);
    auto r = client_->call<Reg>(a);
    if (!r.ok()) {
      // The caller holds `conn`; the application keeps its opaque.
      (void)events_->remove_counted(conn, added->id, false);
      return std::move(r).status();
    }
    events_->set_remote(conn, added->id, r->callbackID);
  }
  if (++callbacks_ == 1) client_->set_watch_messages(true);
  return added->id;
}

template <int Dereg>
Result<int> RemoteEvents::remove(virConnectPtr conn, int callback_id, const GenericFn *legacy_cb) {
  // Removing the callback drops its connection reference; ours keeps the
  // connection (and this object) until the daemon has been told.
  handles::ref(conn);
  Result<int> result = [&]() -> Result<int> {
    std::lock_guard g(mu_);
    int remote_id = -1;
    int id = callback_id;
    if (legacy_cb) {
      auto l = events_->legacy_id(conn, EventClass::domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                  *legacy_cb, &remote_id);
      VK_TRY(l);
      id = *l;
    } else {
      VK_TRY(events_->event_id(conn, id, &remote_id));
    }
    auto count = events_->remove_counted(conn, id, true);
    VK_TRY(count);
    if (--callbacks_ == 0) client_->set_watch_messages(false);
    if (*count == 0) {
      typename proto::Proc<Dereg>::args a{};
      a.callbackID = remote_id;
      VK_TRY(client_->call<Dereg>(a));
    }
    return 0;
  }();
  handles::unref(conn);  // may end this object
  return result;
}

Result<int> RemoteEvents::domain_register(virConnectPtr conn, virDomainPtr dom, int event_id,
                                          GenericFn cb, void *opaque, virFreeCallback freecb,
                                          bool legacy) {
  std::string key = dom ? driver::format_uuid(dom->uuid) : std::string();
  return add<P::connect_domain_event_callback_register_any>(conn, EventClass::domain, event_id,
                                                            dom ? key.c_str() : nullptr, cb, opaque,
                                                            freecb, legacy, [&](auto &a) {
                                                              if (dom) a.dom = wire(dom);
                                                            });
}

Result<int> RemoteEvents::domain_deregister(virConnectPtr conn, int callback_id) {
  return remove<P::connect_domain_event_callback_deregister_any>(conn, callback_id, nullptr);
}

Result<int> RemoteEvents::domain_deregister_legacy(virConnectPtr conn, GenericFn cb) {
  return remove<P::connect_domain_event_callback_deregister_any>(conn, -1, &cb);
}

Result<int> RemoteEvents::network_register(virConnectPtr conn, virNetworkPtr net, int event_id,
                                           GenericFn cb, void *opaque, virFreeCallback freecb) {
  std::string key = net ? driver::format_uuid(net->uuid) : std::string();
  return add<P::connect_network_event_register_any>(conn, EventClass::network, event_id,
                                                    net ? key.c_str() : nullptr, cb, opaque, freecb,
                                                    false, [&](auto &a) {
                                                      if (net) a.net = wire(net);
                                                    });
}

Result<int> RemoteEvents::network_deregister(virConnectPtr conn, int callback_id) {
  return remove<P::connect_network_event_deregister_any>(conn, callback_id, nullptr);
}

Result<int> RemoteEvents::pool_register(virConnectPtr conn, virStoragePoolPtr pool, int event_id,
                                        GenericFn cb, void *opaque, virFreeCallback freecb) {
  std::string key = pool ? driver::format_uuid(pool->uuid) : std::string();
  return add<P::connect_storage_pool_event_register_any>(conn, EventClass::storage_pool, event_id,
                                                         pool ? key.c_str() : nullptr, cb, opaque,
                                                         freecb, false, [&](auto &a) {
                                                           if (pool) a.pool = wire(pool);
                                                         });
}

Result<int> RemoteEvents::pool_deregister(virConnectPtr conn, int callback_id) {
  return remove<P::connect_storage_pool_event_deregister_any>(conn, callback_id, nullptr);
}

Result<int> RemoteEvents::node_device_register(virConnectPtr conn, virNodeDevicePtr dev,
                                               int event_id, GenericFn cb, void *opaque,
                                               virFreeCallback freecb) {
  return add<P::connect_node_device_event_register_any>(conn, EventClass::node_device, event_id,
                                                        dev ? dev->name.c_str() : nullptr, cb,
                                                        opaque, freecb, false, [&](auto &a) {
                                                          if (dev) a.dev = wire(dev);
                                                        });
}

Result<int> RemoteEvents::node_device_deregister(virConnectPtr conn, int callback_id) {
  return remove<P::connect_node_device_event_deregister_any>(conn, callback_id, nullptr);
}

Result<int> RemoteEvents::secret_register(virConnectPtr conn, virSecretPtr secret, int event_id,
                                          GenericFn cb, void *opaque, virFreeCallback freecb) {
  std::string key = secret ? driver::format_uuid(secret->uuid) : std::string();
  return add<P::connect_secret_event_register_any>(conn, EventClass::secret, event_id,
                                                   secret ? key.c_str() : nullptr, cb, opaque,
                                                   freecb, false, [&](auto &a) {
                                                     if (secret) a.secret = wire(secret);
                                                   });
}

Result<int> RemoteEvents::secret_deregister(virConnectPtr conn, int callback_id) {
  return remove<P::connect_secret_event_deregister_any>(conn, callback_id, nullptr);
}

// ---- QEMU monitor events ----

Result<int> RemoteEvents::qemu_monitor_register(virConnectPtr conn, virDomainPtr dom,
                                                const char *event,
                                                virConnectDomainQemuMonitorEventCallback cb,
                                                void *opaque, virFreeCallback freecb,
                                                unsigned flags) {
  std::lock_guard g(mu_);
  std::string key = dom ? driver::format_uuid(dom->uuid) : std::string();
  auto added =
      events_->add_monitor(conn, EventClass::qemu_monitor, 0, dom ? key.c_str() : nullptr,
                           reinterpret_cast<GenericFn>(cb), opaque, freecb, event != nullptr);
  VK_TRY(added);
  int id = added->id;
  if (added->count > 1) {  // libvirt asks the daemon for the first only
    if (++callbacks_ == 1) client_->set_watch_messages(true);
    return id;
  }
  proto::qemu_connect_domain_monitor_event_register_args a{};
  if (dom) a.dom = wire(dom);
  if (event) a.event = std::string(event);
  a.flags = flags;
  auto r =
      client_->call_proc<proto::QemuProc<proto::qemu_proc::connect_domain_monitor_event_register>>(
          a);
  if (!r.ok()) {
    (void)events_->remove_counted(conn, id, false);
    return std::move(r).status();
  }
  events_->set_remote(conn, id, r->callbackID);
  if (++callbacks_ == 1) client_->set_watch_messages(true);
  return id;
}

Result<int> RemoteEvents::qemu_monitor_deregister(virConnectPtr conn, int callback_id) {
  handles::ref(conn);  // as remove(): the daemon is told before the connection may go
  Result<int> result = [&]() -> Result<int> {
    std::lock_guard g(mu_);
    int remote_id = -1;
    VK_TRY(events_->event_id(conn, callback_id, &remote_id));
    auto count = events_->remove_counted(conn, callback_id, true);
    VK_TRY(count);
    if (--callbacks_ == 0) client_->set_watch_messages(false);
    if (*count == 0) {
      proto::qemu_connect_domain_monitor_event_deregister_args a{remote_id};
      VK_TRY(client_->call_proc<
             proto::QemuProc<proto::qemu_proc::connect_domain_monitor_event_deregister>>(a));
    }
    return 0;
  }();
  handles::unref(conn);
  return result;
}

void RemoteEvents::on_qemu_message(int proc, const std::string &body) {
  if (proc != proto::qemu_proc::domain_monitor_event) return;
  relay<proto::qemu_domain_monitor_event_msg>(*events_, body, [](const auto &m) {
    ObjectEvent ev = domain_event(
        0, m.callbackID, m.dom, [m](virConnectPtr c, virDomainPtr dom, void (*cb)(), void *op) {
          fn<virConnectDomainQemuMonitorEventCallback>(cb)(c, dom, m.event.c_str(), m.seconds,
                                                           m.micros, opt_str(m.details), op);
        });
    ev.klass = EventClass::qemu_monitor;
    return std::optional<ObjectEvent>(std::move(ev));
  });
}

// ---- the close callback, server side ----

Result<bool> RemoteEvents::server_supports(int feature, int &cache) {
  if (cache < 0) {
    proto::connect_supports_feature_args a{feature};
    auto r = client_->call<P::connect_supports_feature>(a);
    VK_TRY(r);
    cache = r->supported ? 1 : 0;
  }
  return cache == 1;
}

Status RemoteEvents::close_callback_registering() {
  std::lock_guard g(mu_);
  auto s = server_supports(kFeatureCloseCallback, close_supported_);
  VK_TRY(s);
  if (*s) VK_TRY(client_->call<P::connect_register_close_callback>());
  return Status();
}

Status RemoteEvents::close_callback_unregistering() {
  std::lock_guard g(mu_);
  auto s = server_supports(kFeatureCloseCallback, close_supported_);
  VK_TRY(s);
  if (*s) VK_TRY(client_->call<P::connect_unregister_close_callback>());
  return Status();
}

// ---- the daemon's messages ----

void RemoteEvents::on_message(int proc, const std::string &body) {
  using C = virConnectPtr;
  using D = virDomainPtr;
  using F = void (*)();
  event::EventState &ev = *events_;
  switch (proc) {
    case P::connect_event_connection_closed: {
      proto::connect_event_connection_closed_msg m;
      if (decode(body, m) && closed_) closed_(m.reason);
      return;
    }
    case P::domain_event_callback_lifecycle:
      return relay<proto::domain_event_callback_lifecycle_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_LIFECYCLE, m.callbackID, m.msg.dom,
                            [e = m.msg.event, d = m.msg.detail](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventCallback>(cb)(c, dom, e, d, op);
                            });
      });
    case P::domain_event_callback_reboot:
      return relay<proto::domain_event_callback_reboot_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_REBOOT, m.callbackID, m.msg.dom,
                            [](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventGenericCallback>(cb)(c, dom, op);
                            });
      });
    case P::domain_event_callback_rtc_change:
      return relay<proto::domain_event_callback_rtc_change_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_RTC_CHANGE, m.callbackID, m.msg.dom,
                            [o = m.msg.offset](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventRTCChangeCallback>(cb)(c, dom, o, op);
                            });
      });
    case P::domain_event_callback_watchdog:
      return relay<proto::domain_event_callback_watchdog_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_WATCHDOG, m.callbackID, m.msg.dom,
                            [a = m.msg.action](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventWatchdogCallback>(cb)(c, dom, a, op);
                            });
      });
    case P::domain_event_callback_io_error:
      return relay<proto::domain_event_callback_io_error_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_IO_ERROR, m.callbackID, m.msg.dom,
                            [x = m.msg](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventIOErrorCallback>(cb)(
                                  c, dom, x.srcPath.c_str(), x.devAlias.c_str(), x.action, op);
                            });
      });
    case P::domain_event_callback_io_error_reason:
      return relay<proto::domain_event_callback_io_error_reason_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON, m.callbackID, m.msg.dom,
                            [x = m.msg](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventIOErrorReasonCallback>(cb)(
                                  c, dom, x.srcPath.c_str(), x.devAlias.c_str(), x.action,
                                  x.reason.c_str(), op);
                            });
      });
    case P::domain_event_callback_graphics:
      return relay<proto::domain_event_callback_graphics_msg>(ev, body, graphics_event);
    case P::domain_event_callback_control_error:
      return relay<proto::domain_event_callback_control_error_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_CONTROL_ERROR, m.callbackID, m.msg.dom,
                            [](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventGenericCallback>(cb)(c, dom, op);
                            });
      });
    case P::domain_event_callback_block_job:
      return relay<proto::domain_event_callback_block_job_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_BLOCK_JOB, m.callbackID, m.msg.dom,
                            [x = m.msg](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventBlockJobCallback>(cb)(c, dom, x.path.c_str(),
                                                                            x.type, x.status, op);
                            });
      });
    case P::domain_event_block_job_2:
      return relay<proto::domain_event_block_job_2_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2, m.callbackID, m.dom,
                            [dst = m.dst, t = m.type, s = m.status](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventBlockJobCallback>(cb)(c, dom, dst.c_str(), t,
                                                                            s, op);
                            });
      });
    case P::domain_event_callback_disk_change:
      return relay<proto::domain_event_callback_disk_change_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_DISK_CHANGE, m.callbackID, m.msg.dom,
                            [x = m.msg](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventDiskChangeCallback>(cb)(
                                  c, dom, opt_str(x.oldSrcPath), opt_str(x.newSrcPath),
                                  x.devAlias.c_str(), x.reason, op);
                            });
      });
    case P::domain_event_callback_tray_change:
      return relay<proto::domain_event_callback_tray_change_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_TRAY_CHANGE, m.callbackID, m.msg.dom,
                            [a = m.msg.devAlias, r = m.msg.reason](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventTrayChangeCallback>(cb)(c, dom, a.c_str(), r,
                                                                              op);
                            });
      });
    case P::domain_event_callback_pmwakeup:
      return relay<proto::domain_event_callback_pmwakeup_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_PMWAKEUP, m.callbackID, m.msg.dom,
                            [r = m.reason](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventPMWakeupCallback>(cb)(c, dom, r, op);
                            });
      });
    case P::domain_event_callback_pmsuspend:
      return relay<proto::domain_event_callback_pmsuspend_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_PMSUSPEND, m.callbackID, m.msg.dom,
                            [r = m.reason](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventPMSuspendCallback>(cb)(c, dom, r, op);
                            });
      });
    case P::domain_event_callback_pmsuspend_disk:
      return relay<proto::domain_event_callback_pmsuspend_disk_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK, m.callbackID, m.msg.dom,
                            [r = m.reason](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventPMSuspendDiskCallback>(cb)(c, dom, r, op);
                            });
      });
    case P::domain_event_callback_balloon_change:
      return relay<proto::domain_event_callback_balloon_change_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE, m.callbackID, m.msg.dom,
                            [a = m.msg.actual](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventBalloonChangeCallback>(cb)(c, dom, a, op);
                            });
      });
    case P::domain_event_callback_device_removed:
      return relay<proto::domain_event_callback_device_removed_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, m.callbackID, m.msg.dom,
                            [a = m.msg.devAlias](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventDeviceRemovedCallback>(cb)(c, dom, a.c_str(),
                                                                                 op);
                            });
      });
    case P::domain_event_callback_device_added:
      return relay<proto::domain_event_callback_device_added_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, m.callbackID, m.dom,
                            [a = m.devAlias](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventDeviceAddedCallback>(cb)(c, dom, a.c_str(),
                                                                               op);
                            });
      });
    case P::domain_event_callback_device_removal_failed:
      return relay<proto::domain_event_callback_device_removal_failed_msg>(
          ev, body, [](const auto &m) {
            return domain_event(VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED, m.callbackID, m.dom,
                                [a = m.devAlias](C c, D dom, F cb, void *op) {
                                  fn<virConnectDomainEventDeviceRemovalFailedCallback>(cb)(
                                      c, dom, a.c_str(), op);
                                });
          });
    case P::domain_event_callback_tunable:
      return relay<proto::domain_event_callback_tunable_msg>(
          ev, body, [](const auto &m) { return params_event(VIR_DOMAIN_EVENT_ID_TUNABLE, m); });
    case P::domain_event_callback_job_completed:
      return relay<proto::domain_event_callback_job_completed_msg>(ev, body, [](const auto &m) {
        return params_event(VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, m);
      });
    case P::domain_event_callback_agent_lifecycle:
      return relay<proto::domain_event_callback_agent_lifecycle_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, m.callbackID, m.dom,
                            [s = m.state, r = m.reason](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventAgentLifecycleCallback>(cb)(c, dom, s, r, op);
                            });
      });
    case P::domain_event_callback_migration_iteration:
      return relay<proto::domain_event_callback_migration_iteration_msg>(
          ev, body, [](const auto &m) {
            return domain_event(VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION, m.callbackID, m.dom,
                                [i = m.iteration](C c, D dom, F cb, void *op) {
                                  fn<virConnectDomainEventMigrationIterationCallback>(cb)(c, dom, i,
                                                                                          op);
                                });
          });
    case P::domain_event_callback_metadata_change:
      return relay<proto::domain_event_callback_metadata_change_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, m.callbackID, m.dom,
                            [t = m.type, ns = m.nsuri](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventMetadataChangeCallback>(cb)(c, dom, t,
                                                                                  opt_str(ns), op);
                            });
      });
    case P::domain_event_block_threshold:
      return relay<proto::domain_event_block_threshold_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD, m.callbackID, m.dom,
                            [x = m](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventBlockThresholdCallback>(cb)(
                                  c, dom, x.dev.c_str(), opt_str(x.path), x.threshold, x.excess,
                                  op);
                            });
      });
    case P::domain_event_memory_failure:
      return relay<proto::domain_event_memory_failure_msg>(ev, body, [](const auto &m) {
        return domain_event(
            VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE, m.callbackID, m.dom,
            [r = m.recipient, a = m.action, f = m.flags](C c, D dom, F cb, void *op) {
              fn<virConnectDomainEventMemoryFailureCallback>(cb)(c, dom, r, a, f, op);
            });
      });
    case P::domain_event_memory_device_size_change:
      return relay<proto::domain_event_memory_device_size_change_msg>(ev, body, [](const auto &m) {
        return domain_event(VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE, m.callbackID, m.dom,
                            [a = m.alias, s = m.size](C c, D dom, F cb, void *op) {
                              fn<virConnectDomainEventMemoryDeviceSizeChangeCallback>(cb)(
                                  c, dom, a.c_str(), s, op);
                            });
      });

    // ---- networks, storage pools, node devices, secrets ----
    case P::network_event_lifecycle:
      return relay<proto::network_event_lifecycle_msg>(ev, body, [](const auto &m) {
        auto net = m.net;
        return make_event(EventClass::network, VIR_NETWORK_EVENT_ID_LIFECYCLE, m.callbackID,
                          net.name, net.uuid.data(), driver::format_uuid(net.uuid.data()),
                          [net, e = m.event, d = m.detail](C c, F cb, void *op) {
                            virNetworkPtr h = handle(c, net);
                            handles::ScopedRef held{h};
                            fn<virConnectNetworkEventLifecycleCallback>(cb)(c, h, e, d, op);
                          });
      });
    case P::storage_pool_event_lifecycle:
    case P::storage_pool_event_refresh: {
      auto pool_event = [](int event_id, int remote_id, const proto::nonnull_storage_pool &p, int e,
                           int d) {
        return kind_event<virConnectStoragePoolEventLifecycleCallback,
                          virConnectStoragePoolEventGenericCallback>(
            EventClass::storage_pool, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, event_id, remote_id,
            p.name, p.uuid.data(), driver::format_uuid(p.uuid.data()), p, e, d);
      };
      if (proc == P::storage_pool_event_lifecycle)
        return relay<proto::storage_pool_event_lifecycle_msg>(ev, body, [&](const auto &m) {
          return pool_event(VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, m.callbackID, m.pool, m.event,
                            m.detail);
        });
      return relay<proto::storage_pool_event_refresh_msg>(ev, body, [&](const auto &m) {
        return pool_event(VIR_STORAGE_POOL_EVENT_ID_REFRESH, m.callbackID, m.pool, 0, 0);
      });
    }
    case P::node_device_event_lifecycle:
    case P::node_device_event_update: {
      auto dev_event = [](int event_id, int remote_id, const std::string &name, int e, int d) {
        return kind_event<virConnectNodeDeviceEventLifecycleCallback,
                          virConnectNodeDeviceEventGenericCallback>(
            EventClass::node_device, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, event_id, remote_id, name,
            nullptr, name, proto::nonnull_node_device{name}, e, d);
      };
      if (proc == P::node_device_event_lifecycle)
        return relay<proto::node_device_event_lifecycle_msg>(ev, body, [&](const auto &m) {
          return dev_event(VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, m.callbackID, m.dev.name, m.event,
                           m.detail);
        });
      return relay<proto::node_device_event_update_msg>(ev, body, [&](const auto &m) {
        return dev_event(VIR_NODE_DEVICE_EVENT_ID_UPDATE, m.callbackID, m.dev.name, 0, 0);
      });
    }
    case P::secret_event_lifecycle:
    case P::secret_event_value_changed: {
      auto secret_event = [](int event_id, int remote_id, const proto::nonnull_secret &s, int e,
                             int d) {
        return kind_event<virConnectSecretEventLifecycleCallback,
                          virConnectSecretEventGenericCallback>(
            EventClass::secret, VIR_SECRET_EVENT_ID_LIFECYCLE, event_id, remote_id, std::string(),
            s.uuid.data(), driver::format_uuid(s.uuid.data()), s, e, d);
      };
      if (proc == P::secret_event_lifecycle)
        return relay<proto::secret_event_lifecycle_msg>(ev, body, [&](const auto &m) {
          return secret_event(VIR_SECRET_EVENT_ID_LIFECYCLE, m.callbackID, m.secret, m.event,
                              m.detail);
        });
      return relay<proto::secret_event_value_changed_msg>(ev, body, [&](const auto &m) {
        return secret_event(VIR_SECRET_EVENT_ID_VALUE_CHANGED, m.callbackID, m.secret, 0, 0);
      });
    }
    default:
      return;  // legacy (callback-less) events are never asked for
  }
}

}  // namespace virtkit::drivers::remote
