// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// The event loop: libvirt's default implementation, file watches and timers.
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/detail_callback.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <utility>

/// The event loop that delivers events and stream callbacks.
///
/// A program registers one implementation before opening connections
/// (register_default_impl(), or its own with register_impl()), then runs
/// run_default_impl() in a loop, usually in a thread of its own.
namespace virtkit::event {

//!@{
/// Makes libvirt's default event loop the one in use (virEventRegisterDefaultImpl).
inline Expected<void> try_register_default_impl() {
  return detail::check(virEventRegisterDefaultImpl());
}
inline void register_default_impl() {
  try_register_default_impl().value();
}
//!@}
//!@{
/// Runs one iteration of the default event loop (virEventRunDefaultImpl).
inline Expected<void> try_run_default_impl() {
  return detail::check(virEventRunDefaultImpl());
}
inline void run_default_impl() {
  try_run_default_impl().value();
}
//!@}

/// Makes another event loop the one in use (virEventRegisterImpl): the C
/// functions of the program's own loop, as the C API takes them.
inline void register_impl(virEventAddHandleFunc add_handle, virEventUpdateHandleFunc update_handle,
                          virEventRemoveHandleFunc remove_handle,
                          virEventAddTimeoutFunc add_timeout,
                          virEventUpdateTimeoutFunc update_timeout,
                          virEventRemoveTimeoutFunc remove_timeout) {
  virEventRegisterImpl(add_handle, update_handle, remove_handle, add_timeout, update_timeout,
                       remove_timeout);
}

/// A file descriptor watched by the event loop (move-only); removed when it dies.
///
/// The callback receives the fd and the VIR_EVENT_HANDLE_* events that occurred.
class Watch {
 public:
  /// The callback: (fd, events).
  using Callback = std::function<void(int fd, int events)>;
  /// No watch.
  Watch() = default;
  Watch(const Watch &) = delete;
  Watch &operator=(const Watch &) = delete;
  /// Takes @p o's watch.
  Watch(Watch &&o) noexcept : id_(std::exchange(o.id_, -1)) {}
  /// Removes the current watch and takes @p o's.
  Watch &operator=(Watch &&o) noexcept {
    if (this != &o) {
      remove();
      id_ = std::exchange(o.id_, -1);
    }
    return *this;
  }
  /// Removes the watch.
  ~Watch() { remove(); }

  //!@{
  /// Watches @p fd for VIR_EVENT_HANDLE_* @p events (virEventAddHandle).
  static Expected<Watch> try_add(int fd, int events, Callback cb) {
    auto *f = new Callback(std::move(cb));
    int id = virEventAddHandle(
        fd, events,
        [](int, int fd, int ev, void *o) {
          detail::run_callback(*static_cast<Callback *>(o), fd, ev);
        },
        f, detail::delete_callback<Callback>);
    if (id < 0) {
      delete f;
      return detail::last_error;
    }
    Watch w;
    w.id_ = id;
    return w;
  }
  static Watch add(int fd, int events, Callback cb) {
    return try_add(fd, events, std::move(cb)).value();
  }
  //!@}
  /// Changes the events watched (virEventUpdateHandle).
  void update(int events) const noexcept {
    if (id_ >= 0) virEventUpdateHandle(id_, events);
  }
  /// Removes the watch now (virEventRemoveHandle).
  void remove() noexcept {
    if (id_ >= 0) virEventRemoveHandle(std::exchange(id_, -1));
  }
  /// The C watch id (-1 when empty).
  int id() const noexcept { return id_; }

 private:
  int id_ = -1;
};

/// A timer of the event loop (move-only); removed when it dies.
class Timer {
 public:
  /// The callback.
  using Callback = std::function<void()>;
  /// No timer.
  Timer() = default;
  Timer(const Timer &) = delete;
  Timer &operator=(const Timer &) = delete;
  /// Takes @p o's timer.
  Timer(Timer &&o) noexcept : id_(std::exchange(o.id_, -1)) {}
  /// Removes the current timer and takes @p o's.
  Timer &operator=(Timer &&o) noexcept {
    if (this != &o) {
      remove();
      id_ = std::exchange(o.id_, -1);
    }
    return *this;
  }
  /// Removes the timer.
  ~Timer() { remove(); }

  //!@{
  /// A timer firing every @p period (zero: on every loop iteration), or a
  /// disabled one for std::nullopt (virEventAddTimeout).
  static Expected<Timer> try_add(std::optional<std::chrono::milliseconds> period, Callback cb) {
    auto *f = new Callback(std::move(cb));
    int id = virEventAddTimeout(
        ms(period), [](int, void *o) { detail::run_callback(*static_cast<Callback *>(o)); }, f,
        detail::delete_callback<Callback>);
    if (id < 0) {
      delete f;
      return detail::last_error;
    }
    Timer t;
    t.id_ = id;
    return t;
  }
  static Timer add(std::optional<std::chrono::milliseconds> period, Callback cb) {
    return try_add(period, std::move(cb)).value();
  }
  //!@}
  /// Changes the period; std::nullopt disables the timer (virEventUpdateTimeout).
  void update(std::optional<std::chrono::milliseconds> period) const noexcept {
    if (id_ >= 0) virEventUpdateTimeout(id_, ms(period));
  }
  /// Removes the timer now (virEventRemoveTimeout).
  void remove() noexcept {
    if (id_ >= 0) virEventRemoveTimeout(std::exchange(id_, -1));
  }
  /// The C timer id (-1 when empty).
  int id() const noexcept { return id_; }

 private:
  static int ms(std::optional<std::chrono::milliseconds> p) noexcept {
    return p ? static_cast<int>(p->count()) : -1;
  }
  int id_ = -1;
};

}  // namespace virtkit::event
