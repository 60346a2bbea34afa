// SPDX-License-Identifier: LGPL-2.1-or-later
// A pair of pointers (an error handler and its data) that many threads read
// on every failure and few write: a sequence lock, so readers never write to
// the shared cache line. Writers are serialised by a mutex.
#pragma once

#include <atomic>
#include <mutex>

namespace virtkit {

template <class A, class B>
class SeqPair {
 public:
  void store(A a, B b) noexcept {
    std::lock_guard g(writer_);
    seq_.fetch_add(1, std::memory_order_acq_rel);  // odd: writing
    a_.store(a, std::memory_order_release);
    b_.store(b, std::memory_order_release);
    seq_.fetch_add(1, std::memory_order_release);  // even: stable
  }
  void load(A &a, B &b) const noexcept {
    for (;;) {
      unsigned s1 = seq_.load(std::memory_order_acquire);
      a = a_.load(std::memory_order_acquire);
      b = b_.load(std::memory_order_acquire);
      if (!(s1 & 1) && seq_.load(std::memory_order_relaxed) == s1) return;
    }
  }

 private:
  std::atomic<unsigned> seq_{0};
  std::atomic<A> a_{};
  std::atomic<B> b_{};
  std::mutex writer_;
};

}  // namespace virtkit
