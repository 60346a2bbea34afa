// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/unwind.h"

#include <cerrno>
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace virtkit {
namespace {

// Whether the sleep about to begin may end the thread (see unwind.h).
bool may_cancel_here() noexcept {
  if (unwind_detail::t_shield_depth > 0) return unwind_detail::t_app_state == PTHREAD_CANCEL_ENABLE;
  int state;
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &state);
  pthread_setcancelstate(state, nullptr);
  return state == PTHREAD_CANCEL_ENABLE;
}

// Nothing here has a destructor or a handler, so the frame has no cleanup
// table: an asynchronous cancellation acted on anywhere in it unwinds
// straight to the caller's call site (a frame with cleanups would abort,
// as `syscall` is declared noexcept). Kept out of line for that.
[[gnu::noinline]] long syscall_async(bool cancellable, long nr, long a, long b, long c, long d,
                                     long e) {
  int state = PTHREAD_CANCEL_DISABLE, type = PTHREAD_CANCEL_DEFERRED;
  if (cancellable) {
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &state);
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &type);  // a pending cancel acts here
  }
  long r = ::syscall(nr, a, b, c, d, e);
  if (cancellable) {
    int err = errno;
    pthread_setcanceltype(type, nullptr);
    pthread_setcancelstate(state, nullptr);
    errno = err;
  }
  return r;
}

long as_arg(const void *p) {
  return reinterpret_cast<long>(p);
}

}  // namespace

static_assert(sizeof(std::atomic<uint32_t>) == 4 && std::atomic<uint32_t>::is_always_lock_free,
              "a futex word");

int poll_cancellable(pollfd *fds, nfds_t nfds, int timeout_ms) {
  timespec ts{timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
  // ppoll, which every architecture has; it writes back the time left.
  return static_cast<int>(syscall_async(may_cancel_here(), SYS_ppoll, as_arg(fds),
                                        static_cast<long>(nfds), timeout_ms < 0 ? 0 : as_arg(&ts),
                                        0, _NSIG / 8));
}

void futex_wait(std::atomic<uint32_t> *word, uint32_t seen) {
  syscall_async(may_cancel_here(), SYS_futex, as_arg(word), FUTEX_WAIT_PRIVATE,
                static_cast<long>(seen), 0, 0);
}

void futex_wake(std::atomic<uint32_t> *word, bool all) {
  ::syscall(SYS_futex, reinterpret_cast<uint32_t *>(word), FUTEX_WAKE_PRIVATE, all ? INT32_MAX : 1,
            nullptr, nullptr, 0);
}

}  // namespace virtkit
