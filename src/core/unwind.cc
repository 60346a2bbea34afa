#include "core/unwind.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace virtkit {
namespace {

// Nothing here has a destructor or a handler, so the frame has no cleanup
// table: an asynchronous cancellation acted on anywhere in it unwinds
// straight to the caller's call site (a frame with cleanups would abort,
// as `syscall` is declared noexcept). Kept out of line for that.
[[gnu::noinline]] void futex_wait_async(uint32_t *word, uint32_t seen, bool cancellable) {
  int type = PTHREAD_CANCEL_DEFERRED;
  if (cancellable) {
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, nullptr);
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &type);  // a pending cancel acts here
  }
  ::syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, seen, nullptr, nullptr, 0);
  if (cancellable) {
    pthread_setcanceltype(type, nullptr);
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, nullptr);
  }
}

}  // namespace

static_assert(sizeof(std::atomic<uint32_t>) == 4 && std::atomic<uint32_t>::is_always_lock_free,
              "a futex word");

void futex_wait(std::atomic<uint32_t> *word, uint32_t seen) {
  futex_wait_async(reinterpret_cast<uint32_t *>(word), seen, unwind_detail::window_may_open());
}

}  // namespace virtkit
