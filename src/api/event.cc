// SPDX-License-Identifier: LGPL-2.1-or-later
// The public event-loop API. As in libvirt, the handle and timeout
// functions and virEventRegisterImpl are plain forwarders that neither reset
// nor raise errors; only virEventRegisterDefaultImpl and
// virEventRunDefaultImpl are entry points.
#include "api/guard.h"
#include "event/event_loop.h"

using namespace virtkit;
using namespace virtkit::api;

int virEventAddHandle(int fd, int events, virEventHandleCallback cb, void *opaque,
                      virFreeCallback ff) {
  return event::add_handle(fd, events, cb, opaque, ff);
}

void virEventUpdateHandle(int watch, int events) {
  event::update_handle(watch, events);
}

int virEventRemoveHandle(int watch) {
  return event::remove_handle(watch);
}

int virEventAddTimeout(int timeout, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff) {
  return event::add_timeout(timeout, cb, opaque, ff);
}

void virEventUpdateTimeout(int timer, int timeout) {
  event::update_timeout(timer, timeout);
}

int virEventRemoveTimeout(int timer) {
  return event::remove_timeout(timer);
}

void virEventRegisterImpl(virEventAddHandleFunc addHandle, virEventUpdateHandleFunc updateHandle,
                          virEventRemoveHandleFunc removeHandle, virEventAddTimeoutFunc addTimeout,
                          virEventUpdateTimeoutFunc updateTimeout,
                          virEventRemoveTimeoutFunc removeTimeout) {
  event::register_impl(
      {addHandle, updateHandle, removeHandle, addTimeout, updateTimeout, removeTimeout});
}

int virEventRegisterDefaultImpl(void) {
  if (virInitialize() < 0) return -1;
  return entry<Api::virEventRegisterDefaultImpl>([](const Call &) -> Result<int> {
    event::register_default();
    return 0;
  });
}

int virEventRunDefaultImpl(void) {
  return entry<Api::virEventRunDefaultImpl>([](const Call &) -> Result<int> {
    event::run_default_once();
    return 0;
  });
}
