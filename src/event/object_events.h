// SPDX-License-Identifier: LGPL-2.1-or-later
// Object events (libvirt's virObjectEventState), shared by the drivers: the
// registered callbacks of every connection sharing a driver state (the test
// driver's) or a daemon connection (the remote driver's), and a queue of
// events delivered from the application's event loop by a Trigger, never
// from inside the call that caused them.
//
// Locking: `mu_` guards the callback list and the queue; it is dropped
// while a callback runs, so callbacks may register and deregister (a
// callback removed during a dispatch is only marked, and freed, its
// `freecb` called, once the dispatch is over, as libvirt does).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "public.h"
#include "error/status.h"
#include "event/event_loop.h"

namespace virtkit::event {

// qemu_monitor: libvirt-qemu's monitor events (delivered by `deliver`).
enum class EventClass { domain, network, storage_pool, node_device, secret, qemu_monitor };

// One event (lifecycle ones carry `event` and `detail`).
struct ObjectEvent {
  EventClass klass = EventClass::domain;
  int event_id = 0;
  std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
  int id = -1;      // domains: the id when the event was made
  std::string key;  // what per-object callbacks filter on (the UUID string)
  int event = 0;
  int detail = 0;
  // Domain metadata-change events: `event` is the type, `text` the
  // namespace URI (when `has_text`).
  std::string text;
  bool has_text = false;
  // Events relayed from a daemon (the remote driver): the daemon's callback
  // id the event came for (only callbacks holding that id receive it; -1
  // for local events and callbacks), and the call of the application's
  // callback when the fields above cannot carry the event.
  int remote_id = -1;
  std::function<void(virConnectPtr conn, void (*cb)(), void *opaque)> deliver;
};

ObjectEvent lifecycle_event(EventClass klass, int event_id, const std::string &name,
                            const unsigned char *uuid, int id, int event, int detail);

class EventState : public std::enable_shared_from_this<EventState> {
 public:
  using GenericFn = void (*)();

  EventState() = default;
  EventState(const EventState &) = delete;
  EventState &operator=(const EventState &) = delete;
  ~EventState();

  // virObjectEventStateRegisterID: the new callback's id. `key` filters on
  // one object (nullptr: every object); `legacy` for the callbacks known by
  // function (virConnectDomainEventRegister).
  Result<int> add(virConnectPtr conn, EventClass klass, int event_id, const char *key, GenericFn cb,
                  void *opaque, virFreeCallback freecb, bool legacy);
  // virObjectEventStateCallbackID: the id of a legacy callback.
  Result<int> legacy_id(virConnectPtr conn, EventClass klass, int event_id, GenericFn cb);
  // virObjectEventStateDeregisterID.
  Status remove(virConnectPtr conn, int callback_id);

  // ---- callbacks relayed by a daemon (libvirt's server-side filtering) ----
  // virObjectEventStateRegisterID with serverFilter: the new callback's id
  // and how many callbacks (this one included) share its daemon-side
  // registration (1: the daemon must be asked, then set_remote called).
  struct Added {
    int id;
    int count;
  };
  Result<Added> add_relayed(virConnectPtr conn, EventClass klass, int event_id, const char *key,
                            GenericFn cb, void *opaque, virFreeCallback freecb, bool legacy);
  // add_relayed for libvirt's QEMU monitor callbacks. `filtered` (an event
  // name given): the callback has a daemon-side registration of its own
  // (count 1). Otherwise, as libvirt counts them without server filtering:
  // every unfiltered callback of the connection, whatever its object; only
  // the first gets a daemon-side registration (count 1), and the others,
  // holding no daemon id, never receive an event, as in libvirt.
  Result<Added> add_monitor(virConnectPtr conn, EventClass klass, int event_id, const char *key,
                            GenericFn cb, void *opaque, virFreeCallback freecb, bool filtered);
  // virObjectEventStateSetRemote.
  void set_remote(virConnectPtr conn, int callback_id, int remote_id);
  // virObjectEventStateEventID: the callback's event id and daemon-side id.
  Result<int> event_id(virConnectPtr conn, int callback_id, int *remote_id);
  // legacy_id, also giving the daemon-side id.
  Result<int> legacy_id(virConnectPtr conn, EventClass klass, int event_id, GenericFn cb,
                        int *remote_id);
  // virObjectEventStateDeregisterID: how many callbacks still share the
  // removed one's daemon-side registration (0: the daemon must be told).
  // `call_free` false on registration failures (the caller keeps opaque).
  Result<int> remove_counted(virConnectPtr conn, int callback_id, bool call_free);
  // virObjectEventStateQueue: dropped when nobody listens.
  void queue(ObjectEvent ev);

 private:
  struct Callback {
    int id;
    virConnectPtr conn;  // holds a reference
    EventClass klass;
    int event_id;
    bool has_key;
    std::string key;
    GenericFn cb;
    void *opaque;
    virFreeCallback freecb;
    bool legacy;
    bool deleted = false;
    int remote_id = -1;
    bool own = false;  // its daemon-side registration is its own
  };
  // virObjectEventCallbackListCount; caller holds mu_.
  int count_locked(virConnectPtr conn, EventClass klass, int event_id, const std::string *key,
                   bool server_filter) const;
  Result<int> start_locked();
  void flush();
  void stop_if_unused();  // caller holds mu_
  static void release(std::vector<std::unique_ptr<Callback>> &gone, bool call_free);
  static void dispatch(const Callback &cb, const ObjectEvent &ev);

  std::mutex mu_;
  std::vector<std::unique_ptr<Callback>> callbacks_;
  std::vector<ObjectEvent> queue_;
  int next_id_ = 0;
  bool dispatching_ = false;
  Trigger trigger_;
};

}  // namespace virtkit::event
