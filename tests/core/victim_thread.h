// SPDX-License-Identifier: LGPL-2.1-or-later
// A raw thread for tests that end threads inside the library (pthread_exit,
// pthread_cancel): join() tells how it ended.
#pragma once

#include <pthread.h>

#include <cstdlib>
#include <functional>
#include <utility>

namespace virtkit_test {

// Runs `fn` on a thread of its own; join() returns its return value,
// pthread_exit's argument, or PTHREAD_CANCELED.
struct Victim {
  explicit Victim(std::function<void()> fn) : fn_(std::move(fn)) {
    if (pthread_create(&t_, nullptr, run, this) != 0) std::abort();
  }
  Victim(const Victim &) = delete;
  Victim &operator=(const Victim &) = delete;
  void *join() {
    void *ret = nullptr;
    pthread_join(t_, &ret);
    return ret;
  }
  void cancel() { pthread_cancel(t_); }
  bool is_self() const { return pthread_equal(t_, pthread_self()); }
  static void *run(void *self) {
    static_cast<Victim *>(self)->fn_();
    return nullptr;
  }
  std::function<void()> fn_;
  pthread_t t_;
};

}  // namespace virtkit_test
