// SPDX-License-Identifier: LGPL-2.1-or-later
// The event loop: the registered implementation (the application's own,
// given with virEventRegisterImpl, or the built-in poll(2) loop registered
// by virEventRegisterDefaultImpl), and what the rest of the library uses to
// watch descriptors, run timers and deliver events from the loop.
//
// Everything below goes through the registered implementation, exactly as
// the public virEventAddHandle & co do, so it works the same whether the
// application runs virEventRunDefaultImpl or its own loop (python's
// libvirtaio, for instance). Nothing is delivered unless the application
// runs its loop.
#pragma once

#include <atomic>
#include <functional>

#include "public.h"
#include "error/status.h"

namespace virtkit::event {

// The six functions of an implementation (virEventRegisterImpl's arguments).
struct Impl {
  virEventAddHandleFunc add_handle;
  virEventUpdateHandleFunc update_handle;
  virEventRemoveHandleFunc remove_handle;
  virEventAddTimeoutFunc add_timeout;
  virEventUpdateTimeoutFunc update_timeout;
  virEventRemoveTimeoutFunc remove_timeout;
};

// libvirt's virEventRegisterImpl: the first registration with any function
// set wins; later attempts are ignored (returns false then).
bool register_impl(const Impl &impl) noexcept;
// Registers the built-in loop (virEventRegisterDefaultImpl): once per
// process, and ignored, as by libvirt, when another implementation is
// registered already.
void register_default();
// True when handles and timeouts can be added (both add functions set).
bool have_impl() noexcept;
// libvirt's virEventRequireImpl: VIR_ERR_CONFIG_UNSUPPORTED "An event loop
// implementation must be registered" (VIR_FROM_EVENT) unless have_impl().
Status require_impl() noexcept;

// The registered implementation's functions, as virEventAddHandle & co:
// the add/remove functions return -1 when none is registered, the update
// functions do nothing. Ids are non-negative (an application loop, such as
// python's libvirtaio, may hand out 0; the built-in one starts at 1). A removed
// handle's or timer's `ff` is called later, from the loop. Not noexcept: the
// implementation may be the application's (core/unwind.h).
int add_handle(int fd, int events, virEventHandleCallback cb, void *opaque, virFreeCallback ff);
void update_handle(int watch, int events);
int remove_handle(int watch);
// `ms`: period in milliseconds; -1 disables the timer, 0 fires it on every
// iteration of the loop.
int add_timeout(int ms, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff);
void update_timeout(int timer, int ms);
int remove_timeout(int timer);

// One iteration of the built-in loop (virEventRunDefaultImpl), as libvirt's
// GLib-based one behaves: waits until something is ready (forever when
// nothing can become ready) and runs the ready callbacks, or the pending
// free functions of removed handles or timers; it may also return having
// run nothing (after a wakeup). Callbacks run without any lock of the loop
// held and may add, update or remove anything, themselves included;
// iterations from several threads take turns; an iteration started from
// inside a callback does not run that callback again.
void run_default_once();

// ---- C++ conveniences (all through the registered implementation) ----

// Handles and timers whose callback is a C++ function (dropped when the
// handle or timer is removed). Return the id, or -1 when no implementation
// is registered or it refused.
int add_handle(int fd, int events, std::function<void(int watch, int fd, int events)> fn);
int add_timeout(int ms, std::function<void(int timer)> fn);

// Calls `fn` once, from the event loop, at its next iteration (a one-shot
// 0 ms timer). Never calls it from inside call_soon itself. Returns false
// when no implementation is registered (or it refused the timer).
bool call_soon(std::function<void()> fn);

// A deferred-delivery trigger, as libvirt delivers object events: a timer
// that stays disabled until arm() sets it to fire at the next iteration of
// the loop; when it fires it disables itself again, then calls `fn` (which
// typically drains a queue filled by the code that armed it). arm() may be
// called from any thread, any number of times; the destructor removes the
// timer. `fn` must stay safe to call until the timer is removed (a call
// under way when the trigger is destroyed completes normally).
class Trigger {
 public:
  Trigger() = default;
  Trigger(const Trigger &) = delete;
  Trigger &operator=(const Trigger &) = delete;
  // (A registered implementation that ends the thread here aborts it.)
  ~Trigger() { stop(); }

  // Creates the disabled timer: false when no implementation is registered
  // (libvirt's callers then report VIR_ERR_INTERNAL_ERROR "could not
  // initialize domain event timer").
  bool start(std::function<void()> fn);
  // Removes the timer (a pending firing is dropped).
  void stop();
  bool started() const noexcept { return timer_.load() >= 0; }
  // Fires `fn` at the next iteration of the loop.
  void arm();

 private:
  std::atomic<int> timer_{-1};
};

}  // namespace virtkit::event
