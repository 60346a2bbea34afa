// SPDX-License-Identifier: LGPL-2.1-or-later
// Entry points for streams. A stream gets a StreamDriver from the operation
// that starts using it; until then every data call is unsupported. Also the
// in-memory stream driver (open_memory_stream).
#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <memory>
#include <string>

#include "api/accessors.h"
#include "event/event_loop.h"

using namespace virtkit;
using namespace virtkit::api;

namespace {

// libvirt's buffer for the *All helpers (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX).
constexpr size_t kChunk = 262120;

// Calls `op` on the stream's driver, or reports "unsupported".
template <class Op>
Result<int> with_driver(virStreamPtr st, Op &&op) {
  auto drv = st->get_driver();
  if (!drv) return unsupported();
  return op(*drv);
}

Status handler_failed(const char *what) {
  int err = errno ? errno : EIO;
  return system_error(VIR_FROM_STREAMS, err, "%s", what);
}

// The failure of an *All helper: abort the stream, keep the first error.
Status abort_with(virStreamPtr st, Status s) {
  virStreamAbort(st);
  return s;
}

// In the *All helpers every failure, argument checks included, aborts the
// stream (libvirt's cleanup path).
#define VK_TRY_ABORT(expr)                                                \
  do {                                                                    \
    if (Status vk_s_ = (expr); !vk_s_.ok()) return abort_with(st, vk_s_); \
  } while (0)

Status no_sources_on_nonblocking(bool sink) {
  return error(VIR_FROM_STREAMS, VIR_ERR_OPERATION_INVALID, "%s",
               sink ? "data sinks cannot be used for non-blocking streams"
                    : "data sources cannot be used for non-blocking streams");
}

}  // namespace

virStreamPtr virStreamNew(virConnectPtr conn, unsigned int flags) {
  return entry<Api::virStreamNew>(conn, [&](const Call &) -> Result<virStreamPtr> {
    return handles::make<_virStream>(conn, [&](_virStream &st) { st.flags = flags; });
  });
}

int virStreamRef(virStreamPtr st) {
  return ref_handle<Api::virStreamRef>(st);
}
int virStreamFree(virStreamPtr st) {
  return free_handle<Api::virStreamFree>(st);
}

int virStreamSend(virStreamPtr st, const char *data, size_t nbytes) {
  return entry<Api::virStreamSend>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(data, "data"));
    return with_driver(st, [&](auto &d) { return d.streamSend(st, data, nbytes); });
  });
}

int virStreamRecv(virStreamPtr st, char *data, size_t nbytes) {
  return entry<Api::virStreamRecv>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(data, "data"));
    return with_driver(st, [&](auto &d) { return d.streamRecv(st, data, nbytes); });
  });
}

int virStreamRecvFlags(virStreamPtr st, char *data, size_t nbytes, unsigned int flags) {
  return entry<Api::virStreamRecvFlags>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(data, "data"));
    return with_driver(st, [&](auto &d) { return d.streamRecvFlags(st, data, nbytes, flags); });
  });
}

int virStreamSendHole(virStreamPtr st, long long length, unsigned int flags) {
  return entry<Api::virStreamSendHole>(st, [&](const Call &) -> Result<int> {
    return with_driver(st, [&](auto &d) { return d.streamSendHole(st, length, flags); });
  });
}

int virStreamRecvHole(virStreamPtr st, long long *length, unsigned int flags) {
  return entry<Api::virStreamRecvHole>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(length, "length"));
    return with_driver(st, [&](auto &d) { return d.streamRecvHole(st, length, flags); });
  });
}

int virStreamEventAddCallback(virStreamPtr st, int events, virStreamEventCallback cb, void *opaque,
                              virFreeCallback ff) {
  return entry<Api::virStreamEventAddCallback>(st, [&](const Call &) -> Result<int> {
    return with_driver(
        st, [&](auto &d) { return d.streamEventAddCallback(st, events, cb, opaque, ff); });
  });
}

int virStreamEventUpdateCallback(virStreamPtr st, int events) {
  return entry<Api::virStreamEventUpdateCallback>(st, [&](const Call &) -> Result<int> {
    return with_driver(st, [&](auto &d) { return d.streamEventUpdateCallback(st, events); });
  });
}

int virStreamEventRemoveCallback(virStreamPtr st) {
  return entry<Api::virStreamEventRemoveCallback>(st, [&](const Call &) -> Result<int> {
    return with_driver(st, [&](auto &d) { return d.streamEventRemoveCallback(st); });
  });
}

int virStreamFinish(virStreamPtr st) {
  return entry<Api::virStreamFinish>(st, [&](const Call &) -> Result<int> {
    return with_driver(st, [&](auto &d) { return d.streamFinish(st); });
  });
}

int virStreamAbort(virStreamPtr st) {
  return entry<Api::virStreamAbort>(st, [&](const Call &) -> Result<int> {
    auto drv = st->get_driver();
    if (!drv) return 0;  // nothing started: nothing to abort
    return drv->streamAbort(st);
  });
}

int virStreamSendAll(virStreamPtr st, virStreamSourceFunc handler, void *opaque) {
  return entry<Api::virStreamSendAll>(st, [&](const Call &c) -> Result<int> {
    VK_TRY_ABORT(c.nonnull(handler, "handler"));
    if (st->flags & VIR_STREAM_NONBLOCK) return abort_with(st, no_sources_on_nonblocking(false));
    auto buf = std::make_unique<char[]>(kChunk);
    errno = 0;
    for (;;) {
      int got = handler(st, buf.get(), kChunk, opaque);
      if (got < 0) return abort_with(st, handler_failed("send handler failed"));
      if (got == 0) break;
      for (int off = 0; off < got;) {
        int done = virStreamSend(st, buf.get() + off, static_cast<size_t>(got - off));
        if (done < 0) return abort_with(st, errstore::current_status());
        off += done;
      }
    }
    return 0;
  });
}

int virStreamRecvAll(virStreamPtr st, virStreamSinkFunc handler, void *opaque) {
  return entry<Api::virStreamRecvAll>(st, [&](const Call &c) -> Result<int> {
    VK_TRY_ABORT(c.nonnull(handler, "handler"));
    if (st->flags & VIR_STREAM_NONBLOCK) return abort_with(st, no_sources_on_nonblocking(true));
    auto buf = std::make_unique<char[]>(kChunk);
    errno = 0;
    for (;;) {
      int got = virStreamRecv(st, buf.get(), kChunk);
      if (got < 0) return abort_with(st, errstore::current_status());
      if (got == 0) break;
      for (int off = 0; off < got;) {
        int done = handler(st, buf.get() + off, static_cast<size_t>(got - off), opaque);
        if (done < 0) return abort_with(st, handler_failed("recv handler failed"));
        off += done;
      }
    }
    return 0;
  });
}

int virStreamSparseSendAll(virStreamPtr st, virStreamSourceFunc handler,
                           virStreamSourceHoleFunc holeHandler, virStreamSourceSkipFunc skipHandler,
                           void *opaque) {
  return entry<Api::virStreamSparseSendAll>(st, [&](const Call &c) -> Result<int> {
    VK_TRY_ABORT(c.nonnull(handler, "handler"));
    VK_TRY_ABORT(c.nonnull(holeHandler, "holeHandler"));
    VK_TRY_ABORT(c.nonnull(skipHandler, "skipHandler"));
    if (st->flags & VIR_STREAM_NONBLOCK) return abort_with(st, no_sources_on_nonblocking(false));
    auto buf = std::make_unique<char[]>(kChunk);
    unsigned long long data_len = 0;
    errno = 0;
    for (;;) {
      if (!data_len) {
        int in_data = 0;
        long long section = 0;
        if (holeHandler(st, &in_data, &section, opaque) < 0)
          return abort_with(st, handler_failed("send holeHandler failed"));
        if (!in_data && section) {
          if (virStreamSendHole(st, section, 0) < 0)
            return abort_with(st, errstore::current_status());
          if (skipHandler(st, section, opaque) < 0)
            return abort_with(st, handler_failed("send skipHandler failed"));
          continue;
        }
        data_len = static_cast<unsigned long long>(section);
      }
      size_t want = kChunk < data_len ? kChunk : static_cast<size_t>(data_len);
      int got = handler(st, buf.get(), want, opaque);
      if (got < 0) return abort_with(st, handler_failed("send handler failed"));
      if (got == 0) break;
      for (int off = 0; off < got;) {
        int done = virStreamSend(st, buf.get() + off, static_cast<size_t>(got - off));
        if (done < 0) return abort_with(st, errstore::current_status());
        off += done;
        data_len -= static_cast<unsigned long long>(done);
      }
    }
    return 0;
  });
}

int virStreamSparseRecvAll(virStreamPtr st, virStreamSinkFunc handler,
                           virStreamSinkHoleFunc holeHandler, void *opaque) {
  return entry<Api::virStreamSparseRecvAll>(st, [&](const Call &c) -> Result<int> {
    VK_TRY_ABORT(c.nonnull(handler, "handler"));
    VK_TRY_ABORT(c.nonnull(holeHandler, "holeHandler"));
    if (st->flags & VIR_STREAM_NONBLOCK) return abort_with(st, no_sources_on_nonblocking(true));
    auto buf = std::make_unique<char[]>(kChunk);
    errno = 0;
    for (;;) {
      int got = virStreamRecvFlags(st, buf.get(), kChunk, VIR_STREAM_RECV_STOP_AT_HOLE);
      if (got == -3) {  // at a hole
        long long len = 0;
        if (virStreamRecvHole(st, &len, 0) < 0) return abort_with(st, errstore::current_status());
        if (holeHandler(st, len, opaque) < 0)
          return abort_with(st, handler_failed("recv holeHandler failed"));
        continue;
      }
      if (got < 0) return abort_with(st, errstore::current_status());
      if (got == 0) break;
      for (int off = 0; off < got;) {
        int done = handler(st, buf.get() + off, static_cast<size_t>(got - off), opaque);
        if (done < 0) return abort_with(st, handler_failed("recv handler failed"));
        off += done;
      }
    }
    return 0;
  });
}

// ---- The in-memory read-only stream (libvirt's fd stream on a file) ----

namespace virtkit::handles {

namespace {

constexpr int kFromStreams = VIR_FROM_STREAMS;
// The I/O helper thread of a non-blocking fd stream reads this much at once.
constexpr size_t kHelperChunk = 256 * 1024;

Status not_open() {
  return error(kFromStreams, VIR_ERR_INTERNAL_ERROR, "%s", "stream is not open");
}

// A blocking stream reads the bytes directly, as a read(2) on the file
// would. A non-blocking one emulates libvirt's I/O helper thread: a queue of
// messages the helper fills one chunk at a time (the next once the queue is
// empty), then a last empty message at the end of the file, after which the
// helper has quit; sends go to the same queue while it runs. Readiness for
// event callbacks: a file is always readable and writable; the helper's pipe
// is readable while messages wait and hung up once the helper has quit and
// the queue is drained.
class MemoryStream final : public StreamDriver, public std::enable_shared_from_this<MemoryStream> {
 public:
  MemoryStream(const unsigned char *data, size_t len, bool nonblock)
      : data_(data), len_(len), nonblock_(nonblock) {
    if (nonblock_) refill();
  }
  ~MemoryStream() override { drop_timer(); }

  Result<int> streamSend(virStreamPtr, const char *bytes, size_t nbytes) override {
    if (nbytes > INT_MAX)
      return system_error(kFromStreams, ERANGE, "%s", "Too many bytes to write to stream");
    std::lock_guard g(mu_);
    if (!open_) return not_open();
    if (!nonblock_) return system_error(kFromStreams, EBADF, "%s", "cannot write to stream");
    if (quit_) return system_error(kFromStreams, EBADF, "%s", "cannot write to stream");
    queue_.push_back(Msg{std::string(bytes, nbytes), false});
    arm();
    return static_cast<int>(nbytes);
  }

  Result<int> streamRecv(virStreamPtr, char *bytes, size_t nbytes) override {
    if (nbytes > INT_MAX)
      return system_error(kFromStreams, ERANGE, "%s", "Too many bytes to read from stream");
    std::lock_guard g(mu_);
    if (!open_) return not_open();
    if (!nonblock_) {
      size_t n = std::min(nbytes, len_ - off_);
      std::memcpy(bytes, data_ + off_, n);
      off_ += n;
      return static_cast<int>(n);
    }
    if (queue_.empty()) {
      // The helper has quit (it never leaves the queue empty otherwise).
      if (nbytes) return system_error(kFromStreams, EBADF, "%s", "stream is not open");
      return 0;
    }
    Msg &m = queue_.front();
    size_t n = std::min(nbytes, m.data.size() - head_off_);
    std::memcpy(bytes, m.data.data() + head_off_, n);
    head_off_ += n;
    if (head_off_ == m.data.size()) {
      queue_.pop_front();
      head_off_ = 0;
      if (queue_.empty() && !quit_) refill();
    }
    arm();
    return static_cast<int>(n);
  }

  Result<int> streamFinish(virStreamPtr st) override { return close(st, false); }
  Result<int> streamAbort(virStreamPtr st) override { return close(st, true); }

  Result<int> streamEventAddCallback(virStreamPtr st, int events, virStreamEventCallback cb,
                                     void *opaque, virFreeCallback ff) override {
    std::lock_guard g(mu_);
    if (!open_) return not_open();
    if (has_cb_)
      return error(kFromStreams, VIR_ERR_INTERNAL_ERROR, "%s",
                   "stream already has a callback registered");
    // The loop's timer keeps the stream (and so this driver) alive, as
    // libvirt's file watch holds a reference to the stream.
    std::weak_ptr<MemoryStream> self = weak_from_this();
    handles::ref(st);
    auto holder = std::shared_ptr<_virStream>(st, [](_virStream *s) { handles::unref(s); });
    int timer = event::add_timeout(-1, [self, holder](int) {
      if (auto me = self.lock()) me->fire(holder.get());
    });
    if (timer < 0)
      return error(kFromStreams, VIR_ERR_INTERNAL_ERROR, "%s",
                   "cannot register file watch on stream");
    timer_ = timer;
    has_cb_ = true;
    cb_removed_ = false;
    cb_ = cb;
    opaque_ = opaque;
    ff_ = ff;
    events_ = events;
    abort_cb_called_ = false;
    arm();
    return 0;
  }

  Result<int> streamEventUpdateCallback(virStreamPtr, int events) override {
    std::lock_guard g(mu_);
    if (!open_) return not_open();
    if (!has_cb_)
      return error(kFromStreams, VIR_ERR_INTERNAL_ERROR, "%s",
                   "stream does not have a callback registered");
    events_ = events;
    arm();
    return 0;
  }

  Result<int> streamEventRemoveCallback(virStreamPtr) override {
    void *opaque = nullptr;
    virFreeCallback ff = nullptr;
    {
      std::lock_guard g(mu_);
      if (!open_) return not_open();
      if (!has_cb_)
        return error(kFromStreams, VIR_ERR_INTERNAL_ERROR, "%s",
                     "stream does not have a callback registered");
      drop_timer();
      if (dispatching_)
        cb_removed_ = true;  // freed once the callback under way returns
      else
        ff = ff_, opaque = opaque_;
      has_cb_ = false;
      cb_ = nullptr;
      ff_ = nullptr;
      opaque_ = nullptr;
      events_ = 0;
    }
    if (ff) ff(opaque);
    return 0;
  }

 private:
  struct Msg {
    std::string data;
    bool eof;
  };

  // The helper's next step once the queue is empty: a chunk of the file,
  // or the empty message at its end (then it quits).
  void refill() {
    size_t n = std::min(kHelperChunk, len_ - off_);
    queue_.push_back(Msg{std::string(reinterpret_cast<const char *>(data_) + off_, n), n == 0});
    off_ += n;
    if (n == 0) quit_ = true;
  }

  // The events a registered callback would see now (caller holds mu_).
  int ready() const {
    if (!open_ || !has_cb_) return 0;
    if (!nonblock_) return events_ & (VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_WRITABLE);
    int ev = 0;
    if ((events_ & VIR_STREAM_EVENT_READABLE) && !queue_.empty()) ev |= VIR_STREAM_EVENT_READABLE;
    if (quit_ && queue_.empty()) ev |= VIR_STREAM_EVENT_HANGUP;  // always reported by poll
    return ev;
  }

  // Makes the timer fire at every iteration of the loop while something is
  // ready, and not at all otherwise (caller holds mu_).
  void arm() {
    if (timer_ < 0) return;
    int want = ready() ? 0 : -1;
    if (want != timer_ms_) {
      timer_ms_ = want;
      event::update_timeout(timer_, want);
    }
  }

  void drop_timer() {
    if (timer_ < 0) return;
    event::remove_timeout(timer_);
    timer_ = -1;
    timer_ms_ = -1;
  }

  // From the event loop.
  void fire(virStreamPtr st) {
    std::unique_lock g(mu_);
    int ev = ready();
    if (!ev || dispatching_) {
      arm();
      return;
    }
    virStreamEventCallback cb = cb_;
    void *opaque = opaque_;
    virFreeCallback ff = ff_;
    dispatching_ = true;
    g.unlock();
    {
      // Relocked however the callback ends (core/unwind.h).
      ScopeExit relock([&] {
        g.lock();
        dispatching_ = false;
      });
      cb(st, ev, opaque);
    }
    bool removed = cb_removed_;
    cb_removed_ = false;
    arm();
    g.unlock();
    if (removed && ff) ff(opaque);
  }

  Result<int> close(virStreamPtr st, bool abort) {
    std::unique_lock g(mu_);
    if (!open_ || abort_dispatching_) return 0;
    // An abort tells a callback waiting for data about the failure first.
    if (abort && has_cb_ && (events_ & (VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_WRITABLE))) {
      if (abort_cb_called_) return 0;
      abort_cb_called_ = true;
      abort_dispatching_ = true;
      virStreamEventCallback cb = cb_;
      void *opaque = opaque_;
      g.unlock();
      ScopeExit relock([&] {
        g.lock();
        abort_dispatching_ = false;
      });
      cb(st, VIR_STREAM_EVENT_ERROR, opaque);
    }
    // libvirt leaves a registered callback in place, never called again
    // (and its removal then fails: the stream is not open).
    open_ = false;
    queue_.clear();
    drop_timer();
    return 0;
  }

  std::mutex mu_;
  const unsigned char *data_;
  const size_t len_;
  const bool nonblock_;
  bool open_ = true;
  size_t off_ = 0;         // blocking: read position; else where the helper is
  std::deque<Msg> queue_;  // non-blocking: the helper's messages
  size_t head_off_ = 0;    // bytes of the first message already read
  bool quit_ = false;      // the helper has reached the end and quit
  bool has_cb_ = false;
  virStreamEventCallback cb_ = nullptr;
  void *opaque_ = nullptr;
  virFreeCallback ff_ = nullptr;
  int events_ = 0;
  int timer_ = -1;
  int timer_ms_ = -1;
  bool dispatching_ = false;
  bool cb_removed_ = false;
  bool abort_cb_called_ = false;
  bool abort_dispatching_ = false;
};

}  // namespace

void open_memory_stream(virStreamPtr st, const unsigned char *data, size_t len) {
  auto drv = std::make_shared<MemoryStream>(data, len, (st->flags & VIR_STREAM_NONBLOCK) != 0);
  std::shared_ptr<StreamDriver> old;
  {
    std::lock_guard g(st->lock);
    old = std::move(st->driver);
    st->driver = std::move(drv);
  }
  // `old` goes here, outside the stream's lock.
}

}  // namespace virtkit::handles
