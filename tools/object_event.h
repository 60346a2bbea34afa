// SPDX-License-Identifier: LGPL-2.1-or-later
// The *-event commands of networks, storage pools, node devices and secrets:
// the same options, checks and wait, a lifecycle event and (but for
// networks) one generic event, each printed in virsh's words, through the
// C++ API's event subscriptions.
#pragma once

#include <cstdio>
#include <cstring>
#include <string>

#include "virtkit_sh.h"

namespace virtkit_sh {

// Traits: Obj (the C++ handle type), kWhat ("storage pool"), kEvents (names
// by event ID), kLifecycle (lifecycle event names by number), name(const
// Obj &), and subscribe<ID>(conn, callback, only) giving the C++ API's
// try_on_*_event<ID>.
template <typename Traits>
struct ObjectEvents {
  using Obj = typename Traits::Obj;

  struct Watch {
    const char *event;
    bool loop, timestamp;
    int count;
  };

  static bool first_or_loop(const Watch &w) { return w.loop || w.count == 0; }

  static void print(Watch &w, const std::string &msg) {
    if (w.timestamp)
      std::printf("%s: %s", timestamp_now().c_str(), msg.c_str());
    else
      std::printf("%s", msg.c_str());
    std::fflush(stdout);
    w.count++;
    if (!w.loop) event_done();
  }

  static void lifecycle(Watch &w, const Obj &obj, int event) {
    if (!first_or_loop(w)) return;
    const char *what = event >= 0 && static_cast<size_t>(event) < std::size(Traits::kLifecycle)
                           ? Traits::kLifecycle[event]
                           : "unknown";
    print(w, std::string("event 'lifecycle' for ") + Traits::kWhat + " " + Traits::name(obj) +
                 ": " + what + "\n");
  }

  static void generic(Watch &w, const Obj &obj) {
    if (!first_or_loop(w)) return;
    print(w, std::string("event '") + w.event + "' for " + Traits::kWhat + " " + Traits::name(obj) +
                 "\n");
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

  // The subscription to event id (0: lifecycle; 1: the generic one).
  static virtkit::Expected<virtkit::Subscription> subscribe(Shell &sh, const Obj *obj, int id,
                                                            Watch &w) {
    if constexpr (std::size(Traits::kEvents) > 1) {
      if (id != 0)
        return Traits::template subscribe<1>(
            sh.conn, [&w](const Obj &o) { generic(w, o); }, obj);
    }
    return Traits::template subscribe<0>(
        sh.conn, [&w](const Obj &o, int event, int) { lifecycle(w, o, event); }, obj);
  }

  // The wait itself, filtered by obj (or every object when null).
  static bool wait(Shell &sh, const Obj *obj, int id, Watch &w, int timeout) {
    bool ok = false;
    virtkit::Subscription sub;
    if (event_start(timeout)) {
      auto got = subscribe(sh, obj, id, w);
      if (got) {
        sub = std::move(got).value();
        int end = event_wait();  // before reading the count it changes
        ok = finish_wait(end, w.count);
      }
    }
    event_cleanup();
    if (!sub.try_cancel()) ok = false;
    return ok;
  }
};

}  // namespace virtkit_sh
