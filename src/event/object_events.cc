// SPDX-License-Identifier: LGPL-2.1-or-later
#include "event/object_events.h"

#include <algorithm>
#include <cstring>

#include "core/handles.h"
#include "core/unwind.h"
#include "util/uuid.h"

namespace virtkit::event {

ObjectEvent lifecycle_event(EventClass klass, int event_id, const std::string &name,
                            const unsigned char *uuid, int id, int event, int detail) {
  ObjectEvent ev;
  ev.klass = klass;
  ev.event_id = event_id;
  ev.name = name;
  std::memcpy(ev.uuid, uuid, VIR_UUID_BUFLEN);
  ev.id = id;
  ev.key = util::format_uuid(uuid);
  ev.event = event;
  ev.detail = detail;
  return ev;
}

EventState::~EventState() {
  trigger_.stop();
  release(callbacks_, true);
}

Result<int> EventState::add(virConnectPtr conn, EventClass klass, int event_id, const char *key,
                            GenericFn cb, void *opaque, virFreeCallback freecb, bool legacy) {
  std::lock_guard g(mu_);
  VK_TRY(start_locked());
  for (const auto &c : callbacks_) {
    if (c->deleted || c->klass != klass || c->event_id != event_id || c->conn != conn) continue;
    bool same_key = key ? (c->has_key && c->key == key) : !c->has_key;
    if (same_key && c->legacy == legacy && c->cb == cb) {
      stop_if_unused();
      return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s", "event callback already tracked");
    }
  }
  auto c = std::make_unique<Callback>(Callback{next_id_, conn, klass, event_id, key != nullptr,
                                               key ? key : "", cb, opaque, freecb, legacy});
  callbacks_.push_back(std::move(c));
  handles::ref(conn);
  return next_id_++;
}

Result<int> EventState::start_locked() {
  if (callbacks_.empty() && !trigger_.started()) {
    std::weak_ptr<EventState> weak = weak_from_this();
    if (!trigger_.start([weak] {
          if (auto self = weak.lock()) self->flush();
        }))
      return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, "%s",
                   "could not initialize domain event timer");
  }
  return 0;
}

int EventState::count_locked(virConnectPtr conn, EventClass klass, int event_id,
                             const std::string *key, bool server_filter) const {
  int n = 0;
  for (const auto &c : callbacks_) {
    if (c->own || c->deleted || c->klass != klass || c->event_id != event_id || c->conn != conn)
      continue;
    if (server_filter) {
      bool same_key = key ? (c->has_key && c->key == *key) : !c->has_key;
      if (c->remote_id < 0 || !same_key) continue;
    }
    n++;
  }
  return n;
}

Result<EventState::Added> EventState::add_relayed(virConnectPtr conn, EventClass klass,
                                                  int event_id, const char *key, GenericFn cb,
                                                  void *opaque, virFreeCallback freecb,
                                                  bool legacy) {
  std::lock_guard g(mu_);
  VK_TRY(start_locked());
  // Callbacks on the same events of the same object share the daemon's
  // registration: the new one takes the id of the last such one.
  int remote_id = -1;
  for (const auto &c : callbacks_) {
    if (c->deleted || c->klass != klass || c->event_id != event_id || c->conn != conn) continue;
    bool same_key = key ? (c->has_key && c->key == key) : !c->has_key;
    if (!same_key) continue;
    remote_id = c->remote_id;
    if (c->legacy == legacy && c->cb == cb) {
      stop_if_unused();
      return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s", "event callback already tracked");
    }
  }
  auto c = std::make_unique<Callback>(Callback{next_id_, conn, klass, event_id, key != nullptr,
                                               key ? key : "", cb, opaque, freecb, legacy});
  c->remote_id = remote_id;
  std::string k = key ? key : "";
  callbacks_.push_back(std::move(c));
  handles::ref(conn);
  int count = count_locked(conn, klass, event_id, key ? &k : nullptr, true);
  if (remote_id < 0) count++;
  return Added{next_id_++, count};
}

Result<EventState::Added> EventState::add_monitor(virConnectPtr conn, EventClass klass,
                                                  int event_id, const char *key, GenericFn cb,
                                                  void *opaque, virFreeCallback freecb,
                                                  bool filtered) {
  std::lock_guard g(mu_);
  VK_TRY(start_locked());
  if (!filtered) {
    for (const auto &c : callbacks_) {
      if (c->own || c->deleted || c->klass != klass || c->event_id != event_id || c->conn != conn ||
          c->cb != cb)
        continue;
      if (key ? (c->has_key && c->key == key) : !c->has_key) {
        stop_if_unused();
        return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s", "event callback already tracked");
      }
    }
  }
  auto c = std::make_unique<Callback>(Callback{next_id_, conn, klass, event_id, key != nullptr,
                                               key ? key : "", cb, opaque, freecb, false});
  c->own = filtered;
  callbacks_.push_back(std::move(c));
  handles::ref(conn);
  int count = filtered ? 1 : count_locked(conn, klass, event_id, nullptr, false);
  return Added{next_id_++, count};
}

void EventState::set_remote(virConnectPtr conn, int callback_id, int remote_id) {
  std::lock_guard g(mu_);
  for (auto &c : callbacks_)
    if (!c->deleted && c->id == callback_id && c->conn == conn) {
      c->remote_id = remote_id;
      break;
    }
}

Result<int> EventState::event_id(virConnectPtr conn, int callback_id, int *remote_id) {
  {
    std::lock_guard g(mu_);
    for (const auto &c : callbacks_)
      if (!c->deleted && c->id == callback_id && c->conn == conn) {
        if (remote_id) *remote_id = c->remote_id;
        return c->event_id;
      }
  }
  return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "event callback id %d not registered",
               callback_id);
}

Result<int> EventState::legacy_id(virConnectPtr conn, EventClass klass, int event_id, GenericFn cb,
                                  int *remote_id) {
  {
    std::lock_guard g(mu_);
    int last_remote = -1;
    for (const auto &c : callbacks_) {
      if (c->deleted || c->klass != klass || c->event_id != event_id || c->conn != conn ||
          c->has_key)
        continue;
      last_remote = c->remote_id;
      if (c->legacy && c->cb == cb) {
        if (remote_id) *remote_id = last_remote;
        return c->id;
      }
    }
  }
  return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "event callback function %p not registered",
               reinterpret_cast<void *>(cb));
}

Result<int> EventState::legacy_id(virConnectPtr conn, EventClass klass, int event_id,
                                  GenericFn cb) {
  {
    std::lock_guard g(mu_);
    for (const auto &c : callbacks_)
      if (!c->deleted && c->klass == klass && c->event_id == event_id && c->conn == conn &&
          !c->has_key && c->legacy && c->cb == cb)
        return c->id;
  }
  return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "event callback function %p not registered",
               reinterpret_cast<void *>(cb));
}

Status EventState::remove(virConnectPtr conn, int callback_id) {
  VK_TRY(remove_counted(conn, callback_id, true));
  return Status();
}

Result<int> EventState::remove_counted(virConnectPtr conn, int callback_id, bool call_free) {
  auto self = shared_from_this();  // the callback's connection may hold the last reference
  std::vector<std::unique_ptr<Callback>> gone;
  int count;
  {
    std::lock_guard g(mu_);
    auto it = std::find_if(callbacks_.begin(), callbacks_.end(),
                           [&](const auto &c) { return c->id == callback_id && c->conn == conn; });
    if (it == callbacks_.end())
      return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                   "could not find event callback %d for deletion", callback_id);
    const Callback &c = **it;
    const bool server_filter = c.remote_id >= 0;
    if (dispatching_) {
      (*it)->deleted = true;
      count = c.own ? 0
                    : count_locked(conn, c.klass, c.event_id, c.has_key ? &c.key : nullptr,
                                   server_filter);
    } else {
      count = c.own ? 0
                    : count_locked(conn, c.klass, c.event_id, c.has_key ? &c.key : nullptr,
                                   server_filter) -
                          1;
      gone.push_back(std::move(*it));
      callbacks_.erase(it);
    }
    stop_if_unused();
  }
  release(gone, call_free);
  return count;
}

void EventState::queue(ObjectEvent ev) {
  std::lock_guard g(mu_);
  if (!trigger_.started()) return;
  queue_.push_back(std::move(ev));
  trigger_.arm();
}

void EventState::stop_if_unused() {
  if (!callbacks_.empty() || !trigger_.started()) return;
  trigger_.stop();
  queue_.clear();
}

void EventState::release(std::vector<std::unique_ptr<Callback>> &gone, bool call_free) {
  for (auto &c : gone) {
    ScopeExit drop([&] { handles::unref(c->conn); });
    if (call_free && c->freecb) c->freecb(c->opaque);
  }
  gone.clear();
}

void EventState::dispatch(const Callback &cb, const ObjectEvent &ev) {
  virConnectPtr conn = cb.conn;
  try {
    if (ev.deliver) {
      ev.deliver(conn, cb.cb, cb.opaque);
      return;
    }
    switch (ev.klass) {
      case EventClass::domain: {
        if (ev.event_id != VIR_DOMAIN_EVENT_ID_LIFECYCLE &&
            ev.event_id != VIR_DOMAIN_EVENT_ID_METADATA_CHANGE)
          return;
        virDomainPtr dom = handles::new_domain(conn, ev.name, ev.uuid, ev.id);
        handles::ScopedRef held{dom};
        if (ev.event_id == VIR_DOMAIN_EVENT_ID_METADATA_CHANGE)
          reinterpret_cast<virConnectDomainEventMetadataChangeCallback>(cb.cb)(
              conn, dom, ev.event, ev.has_text ? ev.text.c_str() : nullptr, cb.opaque);
        else
          reinterpret_cast<virConnectDomainEventCallback>(cb.cb)(conn, dom, ev.event, ev.detail,
                                                                 cb.opaque);
        break;
      }
      case EventClass::network: {
        if (ev.event_id != VIR_NETWORK_EVENT_ID_LIFECYCLE) return;
        virNetworkPtr net = handles::make<_virNetwork>(conn, [&](_virNetwork &n) {
          n.name = ev.name;
          std::memcpy(n.uuid, ev.uuid, VIR_UUID_BUFLEN);
        });
        handles::ScopedRef held{net};
        reinterpret_cast<virConnectNetworkEventLifecycleCallback>(cb.cb)(conn, net, ev.event,
                                                                         ev.detail, cb.opaque);
        break;
      }
      case EventClass::node_device: {
        virNodeDevicePtr dev =
            handles::make<_virNodeDevice>(conn, [&](_virNodeDevice &d) { d.name = ev.name; });
        handles::ScopedRef held{dev};
        if (ev.event_id == VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE)
          reinterpret_cast<virConnectNodeDeviceEventLifecycleCallback>(cb.cb)(conn, dev, ev.event,
                                                                              ev.detail, cb.opaque);
        else if (ev.event_id == VIR_NODE_DEVICE_EVENT_ID_UPDATE)
          reinterpret_cast<virConnectNodeDeviceEventGenericCallback>(cb.cb)(conn, dev, cb.opaque);
        break;
      }
      case EventClass::storage_pool: {
        if (ev.event_id != VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE &&
            ev.event_id != VIR_STORAGE_POOL_EVENT_ID_REFRESH)
          return;
        virStoragePoolPtr pool = handles::make<_virStoragePool>(conn, [&](_virStoragePool &p) {
          p.name = ev.name;
          std::memcpy(p.uuid, ev.uuid, VIR_UUID_BUFLEN);
        });
        handles::ScopedRef held{pool};
        if (ev.event_id == VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE)
          reinterpret_cast<virConnectStoragePoolEventLifecycleCallback>(cb.cb)(
              conn, pool, ev.event, ev.detail, cb.opaque);
        else
          reinterpret_cast<virConnectStoragePoolEventGenericCallback>(cb.cb)(conn, pool, cb.opaque);
        break;
      }
      default:
        break;
    }
  }
  VK_CATCH_ALL {
    // Out of memory making the handle: the event is lost, as libvirt's would be.
  }
}

void EventState::flush() {
  auto self = shared_from_this();
  std::vector<std::unique_ptr<Callback>> gone;
  {
    std::unique_lock g(mu_);
    dispatching_ = true;
    std::vector<ObjectEvent> events = std::move(queue_);
    queue_.clear();
    size_t next = 0;  // the first event not yet delivered
    bool finished = false;
    // A callback that ends its thread (core/unwind.h) leaves the state
    // whole: the events after its own wait for the next flush, and the
    // callbacks removed meanwhile are released then.
    ScopeExit unwound([&] {
      if (finished) return;
      if (!g.owns_lock()) g.lock();
      queue_.insert(queue_.begin(), std::make_move_iterator(events.begin() + next),
                    std::make_move_iterator(events.end()));
      dispatching_ = false;
    });
    for (; next < events.size();) {
      const ObjectEvent &ev = events[next++];
      // Callbacks added meanwhile wait for the next event; none is erased
      // while dispatching_ is set.
      size_t n = callbacks_.size();
      for (size_t i = 0; i < n; i++) {
        const Callback &c = *callbacks_[i];
        if (c.deleted || c.klass != ev.klass || c.event_id != ev.event_id) continue;
        if (c.remote_id != ev.remote_id) continue;
        if (c.has_key && c.key != ev.key) continue;
        Callback copy = c;
        g.unlock();
        dispatch(copy, ev);
        g.lock();
      }
    }
    for (auto it = callbacks_.begin(); it != callbacks_.end();) {
      if ((*it)->deleted) {
        gone.push_back(std::move(*it));
        it = callbacks_.erase(it);
      } else {
        ++it;
      }
    }
    stop_if_unused();
    dispatching_ = false;
    finished = true;
  }
  release(gone, true);
}

}  // namespace virtkit::event
