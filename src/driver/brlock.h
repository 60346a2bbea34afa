// SPDX-License-Identifier: LGPL-2.1-or-later
// A reader-writer lock for read-mostly driver indexes ("big reader" lock):
// a reader marks only a counter on its own cache line (chosen per thread),
// so concurrent lookups do not bounce a shared lock word between cores; a
// writer raises a flag and waits until no reader is inside. Meets the
// SharedMutex requirements (std::shared_lock / std::unique_lock work).
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <thread>

namespace virtkit::driver {

class BrLock {
 public:
  void lock_shared() noexcept {
    auto &c = shards_[shard()].readers;
    for (;;) {
      c.fetch_add(1, std::memory_order_seq_cst);
      if (!writer_.load(std::memory_order_seq_cst)) [[likely]]
        return;
      c.fetch_sub(1, std::memory_order_release);
      while (writer_.load(std::memory_order_acquire)) std::this_thread::yield();
    }
  }
  void unlock_shared() noexcept {
    shards_[shard()].readers.fetch_sub(1, std::memory_order_release);
  }

  void lock() noexcept {
    writers_.lock();
    writer_.store(true, std::memory_order_seq_cst);
    for (auto &s : shards_)
      while (s.readers.load(std::memory_order_seq_cst) != 0) std::this_thread::yield();
  }
  void unlock() noexcept {
    writer_.store(false, std::memory_order_release);
    writers_.unlock();
  }

 private:
  static constexpr size_t kShards = 16;
  struct alignas(64) Shard {
    std::atomic<long> readers{0};
  };
  // Threads are spread over the shards in the order they first read.
  static size_t shard() noexcept {
    static std::atomic<size_t> next{0};
    static thread_local size_t mine = next.fetch_add(1, std::memory_order_relaxed) % kShards;
    return mine;
  }

  Shard shards_[kShards];
  alignas(64) std::atomic<bool> writer_{false};
  std::mutex writers_;
};

}  // namespace virtkit::driver
