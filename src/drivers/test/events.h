// The test driver's object events (libvirt's virObjectEventState): the
// registered callbacks of every connection sharing a driver state, and a
// queue of events delivered from the application's event loop by a
// Trigger, never from inside the call that caused them.
//
// Locking: `mu_` guards the callback list and the queue; it is dropped
// while a callback runs, so callbacks may register and deregister (a
// callback removed during a dispatch is only marked, and freed, its
// `freecb` called, once the dispatch is over, as libvirt does).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "public.h"
#include "error/status.h"
#include "event/event_loop.h"

namespace virtkit::drivers::test {

enum class EventClass { domain, network, storage_pool, node_device };

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
  };
  void flush();
  void stop_if_unused();  // caller holds mu_
  static void release(std::vector<std::unique_ptr<Callback>> &gone, bool call_free);
  static void dispatch(const Callback &cb, const ObjectEvent &ev);

  std::mutex mu_;
  std::vector<std::unique_ptr<Callback>> callbacks_;
  std::vector<ObjectEvent> queue_;
  int next_id_ = 0;
  bool dispatching_ = false;
  event::Trigger trigger_;
};

}  // namespace virtkit::drivers::test
