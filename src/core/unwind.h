// SPDX-License-Identifier: LGPL-2.1-or-later
// Threads that end inside virtkit: pthread_exit from an application's
// callback (python ends its daemon threads so at exit) and pthread_cancel.
//
// glibc ends such a thread by unwinding its stack with a "forced unwind",
// which C++ code sees as an exception of type abi::__forced_unwind:
// destructors run and catch (...) catches it; a handler that does not
// rethrow it, or a noexcept frame in its way, aborts the process. Hence the
// rules (tests/core/catch_all_lint.py checks the first):
//  - a handler that would swallow every exception is written VK_CATCH_ALL,
//    which rethrows a forced unwind first (catch (...) is fine where its
//    block ends in `throw;`);
//  - no noexcept function calls application code (callbacks, free
//    functions, error handlers, a registered event-loop implementation);
//  - state changed around a call into application code is restored by a
//    destructor (ScopeExit), so a thread that ends there leaves it whole.
// Cancellation is let in only where a thread sleeps: code that must not
// stop halfway (writing a packet, reading the socket, changing shared
// state) runs under a CancelShield, and sleeps in poll_cancellable or
// futex_wait.
#pragma once

#include <cxxabi.h>
#include <poll.h>
#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <utility>

// The catch-all handler that lets a thread's forced unwind through.
#define VK_CATCH_ALL               \
  catch (abi::__forced_unwind &) { \
    throw;                         \
  }                                \
  catch (...)

namespace virtkit {

// Runs `f` when the scope ends, however it ends.
template <class F>
class [[nodiscard]] ScopeExit {
 public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ScopeExit(const ScopeExit &) = delete;
  ScopeExit &operator=(const ScopeExit &) = delete;
  ~ScopeExit() { f_(); }

 private:
  F f_;
};

namespace unwind_detail {
// The application's cancel state under the outermost shield of the thread.
inline thread_local int t_shield_depth = 0;
inline thread_local int t_app_state = PTHREAD_CANCEL_DISABLE;
}  // namespace unwind_detail

// No cancellation inside the scope, except in its sleeps (below), which
// let in what the application allowed when the outermost shield began.
class CancelShield {
 public:
  CancelShield() noexcept {
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old_);
    if (unwind_detail::t_shield_depth++ == 0) unwind_detail::t_app_state = old_;
  }
  ~CancelShield() {
    --unwind_detail::t_shield_depth;
    pthread_setcancelstate(old_, nullptr);
  }
  CancelShield(const CancelShield &) = delete;
  CancelShield &operator=(const CancelShield &) = delete;

 private:
  int old_;
};

// The sleeps where a thread may be cancelled: inside a CancelShield when
// the application allowed cancellation as the outermost shield began,
// outside any when the thread's cancel state is enabled. Each is a raw
// system call inside an asynchronous window, in a frame with no cleanup
// table, as glibc's own cancellable system calls are: nothing of a
// sanitizer's interceptors is on the stack when the thread unwinds.

// poll(2); -1 with errno EINTR when a signal interrupted it.
int poll_cancellable(pollfd *fds, nfds_t nfds, int timeout_ms);

// FUTEX_WAIT_PRIVATE on `word` while it holds `seen` (returning at once
// otherwise, or on a signal or spuriously: callers recheck).
void futex_wait(std::atomic<uint32_t> *word, uint32_t seen);

// Wakes one waiter on `word`, or all.
void futex_wake(std::atomic<uint32_t> *word, bool all);

}  // namespace virtkit
