// SPDX-License-Identifier: LGPL-2.1-or-later
// The *-event commands of networks, storage pools, node devices and secrets:
// the same options, checks and wait, a lifecycle event and (but for
// networks) one generic event, each printed in virsh's words.
#pragma once

#include <cstdio>
#include <cstring>
#include <string>

#include "virtkit_sh.h"

namespace virtkit_sh {

// Traits: Obj (the handle type), kWhat ("storage pool"), kEvents (names by
// event ID), kLifecycle (lifecycle event names by number), name(Obj),
// Register(conn, obj, id, cb, opaque), Deregister(conn, id).
template <typename Traits>
struct ObjectEvents {
  using Obj = typename Traits::Obj;

  struct Watch {
    const char *event;
    bool loop, timestamp;
    int count;
  };

  static bool first_or_loop(Watch *w) { return w->loop || w->count == 0; }

  static void print(Watch *w, const std::string &msg) {
    if (w->timestamp)
      std::printf("%s: %s", timestamp_now().c_str(), msg.c_str());
    else
      std::printf("%s", msg.c_str());
    std::fflush(stdout);
    w->count++;
    if (!w->loop) event_done();
  }

  static void lifecycle(virConnectPtr, Obj obj, int event, int, void *opaque) {
    auto *w = static_cast<Watch *>(opaque);
    if (!first_or_loop(w)) return;
    const char *what = event >= 0 && static_cast<size_t>(event) < std::size(Traits::kLifecycle)
                           ? Traits::kLifecycle[event]
                           : "unknown";
    print(w, std::string("event 'lifecycle' for ") + Traits::kWhat + " " + Traits::name(obj) +
                 ": " + what + "\n");
  }

  static void generic(virConnectPtr, Obj obj, void *opaque) {
    auto *w = static_cast<Watch *>(opaque);
    if (!first_or_loop(w)) return;
    print(w, std::string("event '") + w->event + "' for " + Traits::kWhat + " " +
                 Traits::name(obj) + "\n");
  }

  template <typename F>
  static auto as_generic(F f) {
    return reinterpret_cast<typename Traits::Callback>(reinterpret_cast<void (*)()>(f));
  }

  // Everything up to the object's lookup; -1 after an error, 1 when done
  // (--list), 0 to go on with the event's number in id.
  static int prepare(const Cmd &c, int &id, Watch &w, int &timeout) {
    if (c.has("list")) {
      for (const char *e : Traits::kEvents) std::printf("%s\n", e);
      return 1;
    }
    const char *name = nullptr;
    if (c.string("event", name) < 0) return -1;
    if (!name) {
      error("%s", "either --list or --event <type> is required");
      return -1;
    }
    id = -1;
    for (size_t i = 0; i < std::size(Traits::kEvents); i++)
      if (std::strcmp(name, Traits::kEvents[i]) == 0) id = static_cast<int>(i);
    if (id < 0) {
      error("unknown event type %s", name);
      return -1;
    }
    w = Watch{Traits::kEvents[id], c.has("loop"), c.has("timestamp"), 0};
    if (c.timeout_ms(timeout) < 0) return -1;
    return 0;
  }

  // The wait itself, filtered by obj (or every object when null).
  static bool wait(Shell &sh, Obj obj, int id, Watch &w, int timeout) {
    bool ok = false;
    int handle = -1;
    if (event_start(timeout)) {
      auto cb = id == 0 ? as_generic(lifecycle) : as_generic(generic);
      handle = Traits::Register(sh.conn.get(), obj, id, cb, &w, nullptr);
      if (handle >= 0) {
        int end = event_wait();  // before reading the count it changes
        ok = finish_wait(end, w.count);
      }
    }
    event_cleanup();
    if (handle >= 0 && Traits::Deregister(sh.conn.get(), handle) < 0) ok = false;
    return ok;
  }
};

}  // namespace virtkit_sh
