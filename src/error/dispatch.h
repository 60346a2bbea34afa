// SPDX-License-Identifier: LGPL-2.1-or-later
// The failing exit of every public call: make sure an error is set, copy it to
// the connection under the connection's lock, and call the handler.
#pragma once

#include <mutex>

#include "public.h"
#include "error/seqpair.h"
#include "error/status.h"

namespace virtkit {

// The error state each connection carries (libvirt's conn->err and handler).
class ConnErrorState {
 public:
  ConnErrorState() = default;
  ConnErrorState(const ConnErrorState &) = delete;
  ConnErrorState &operator=(const ConnErrorState &) = delete;
  ~ConnErrorState() {
    if (auto *r = rec_.load(std::memory_order_relaxed)) r->unref();
  }

  // Makes `rec` the connection's error (adding a reference) and returns the
  // handler to call. Publishing the record the connection already holds
  // writes nothing, so threads failing alike on one connection do not
  // contend.
  void publish(const ErrorRecord *rec, virErrorFunc &handler, void *&data) noexcept;
  // A new reference to the current error, or NULL.
  const ErrorRecord *get() noexcept;
  void reset() noexcept;
  void set_handler(virErrorFunc handler, void *data) noexcept;

 private:
  std::mutex lock_;  // writers of rec_, and readers that take a reference
  std::atomic<const ErrorRecord *> rec_{nullptr};
  SeqPair<virErrorFunc, void *> handler_;
};

// The global handler (virSetErrorFunc).
void set_global_handler(void *data, virErrorFunc handler) noexcept;

// Dispatches the thread's error (the generic one if none is set). Not
// noexcept: the handler is the application's (core/unwind.h).
void dispatch(ConnErrorState *conn);

// Writes `err` to stderr in libvirt's format (virDefaultErrorFunc).
void default_handler(const virError *err);

}  // namespace virtkit
