// SPDX-License-Identifier: LGPL-2.1-or-later
// The thread's last error: one slot per thread, made on first use (it is
// constinit, so touching it costs nothing) and emptied when the thread exits.
// `Hot` is what every call touches; the public views are reached only when an
// error is set or read. The library is built with TLS descriptors
// (-mtls-dialect=gnu2): near initial-exec speed when linked normally, and
// unlike initial-exec it still loads with dlopen (Python).
#pragma once

#include "public.h"
#include "error/status.h"

namespace virtkit::errstore {

struct Hot {
  const ErrorRecord *rec;  // the thread's error; NULL = none
  bool exit_hook;          // thread-exit cleanup registered
  bool in_handler;         // an error handler is running on this thread
};

struct Views {
  virError err;                 // the public view of Hot::rec (virGetLastError)
  virError conn_view;           // the last virConnGetLastError snapshot
  const ErrorRecord *conn_rec;  // owns conn_view's strings
};

extern constinit thread_local Hot t_hot;
extern constinit thread_local Views t_views;

void reset_slow() noexcept;
inline void reset() noexcept {
  if (t_hot.rec) [[unlikely]]
    reset_slow();
}
inline bool is_set() noexcept {
  return t_hot.rec != nullptr;
}
inline const ErrorRecord *current() noexcept {
  return t_hot.rec;
}
// The thread's error as the public struct (valid while set).
inline virError *view() noexcept {
  return &t_views.err;
}

// The thread's error as a Status (the generic error if none is set), e.g.
// to pass on the failure of a public call made from inside another.
Status current_status() noexcept;

// Makes `s` (a failure) the thread's error.
void set(Status s) noexcept;
// Makes the thread's error the generic one unless an error is set.
void ensure_set() noexcept;

// Points `view` at the strings of `rec` (or empties it when rec is NULL).
void fill_view(virError &view, const ErrorRecord *rec) noexcept;
// True when `e` is one of this thread's views (their strings are not malloc'd).
bool is_slot_view(const virError *e) noexcept;
// Releases a view's record (virResetError on a slot view).
void reset_view(virError *e) noexcept;
// Publishes `rec` (a reference the caller passes on) as the thread's snapshot
// of a connection error and returns the view.
virError *set_conn_snapshot(const ErrorRecord *rec) noexcept;

}  // namespace virtkit::errstore
