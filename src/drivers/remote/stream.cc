// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/stream.h"

#include <utility>
#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>

#include "core/unwind.h"
#include "event/event_loop.h"

namespace virtkit::drivers::remote {

using virtkit::remote::Client;
using virtkit::remote::ClientStream;
namespace proto = virtkit::remote::proto;

namespace {

constexpr int kFrom = VIR_FROM_RPC;  // libvirt's virnetclientstream.c
// The most data one packet carries: the largest message (and its length
// word) less the length word and header already written.
constexpr size_t kMaxData = proto::kMessageMax + 4 - 28;

class RemoteStream final : public handles::StreamDriver,
                           public std::enable_shared_from_this<RemoteStream> {
 public:
  RemoteStream(std::shared_ptr<Client> c, std::shared_ptr<ClientStream> s)
      : client_(std::move(c)), s_(std::move(s)) {}
  ~RemoteStream() override { client_->remove_stream(*s_); }

  void detach() override { client_->remove_stream(*s_); }

  // ---- data ----
  Result<int> streamSend(virStreamPtr, const char *data, size_t nbytes) override {
    if (nbytes > kMaxData)
      return error(kFrom, VIR_ERR_RPC,
                   "Stream data too long to send (%zu bytes needed, %zu bytes available)", nbytes,
                   kMaxData);
    {
      auto lk = client_->lock();
      VK_TRY(check_state_locked());
    }
    // Data packets are not acknowledged (an empty one tells the daemon the
    // data has ended, as libvirt's client sends it for a 0-byte send).
    VK_TRY(client_->send_stream(*s_, proto::STREAM, proto::CONTINUE, std::string(data, nbytes)));
    return static_cast<int>(nbytes);
  }

  Result<int> streamRecv(virStreamPtr st, char *data, size_t nbytes) override {
    return streamRecvFlags(st, data, nbytes, 0);
  }

  Result<int> streamRecvFlags(virStreamPtr st, char *data, size_t nbytes, unsigned flags) override {
    VK_TRY(
        check_flags(VIR_FROM_REMOTE, "remoteStreamRecvFlags", flags, VIR_STREAM_RECV_STOP_AT_HOLE));
    const bool nonblock = st->flags & VIR_STREAM_NONBLOCK;
    ClientStream &s = *s_;
    int rv;
    {
      auto lk = client_->lock();
      for (;;) {
        VK_TRY(check_state_locked());
        if (s.rx.empty() && !s.eof) {
          if (nonblock) return -2;
          // Wait for the daemon's next packet for this stream.
          VK_TRY(client_->wait_stream_locked(lk, s, s.changes));
          VK_TRY(check_state_locked());
        }
        if (!s.rx.empty() && s.rx.front().type == proto::STREAM_HOLE && s.hole == 0)
          VK_TRY(take_hole_locked());
        if (s.rx.empty() && !s.eof && s.hole == 0) {
          if (nonblock) return -2;
          continue;  // only holes came: read on
        }
        break;
      }
      size_t want = nbytes;
      if (s.hole) {
        if (flags & VIR_STREAM_RECV_STOP_AT_HOLE) return -3;
        size_t len = std::min(want, static_cast<size_t>(s.hole));
        std::memset(data, 0, len);
        s.hole -= static_cast<long long>(len);
        want -= len;
      }
      while (want && !s.rx.empty() && s.rx.front().type == proto::STREAM) {
        const std::string &body = s.rx.front().body;
        size_t len = std::min(want, body.size() - s.rx_off);
        if (!len) break;
        std::memcpy(data + (nbytes - want), body.data() + s.rx_off, len);
        want -= len;
        s.rx_off += len;
        if (s.rx_off == body.size()) {
          s.rx.pop_front();
          s.rx_off = 0;
        }
      }
      rv = static_cast<int>(nbytes - want);
    }
    update_timer();
    return rv;
  }

  Result<int> streamSendHole(virStreamPtr, long long length, unsigned flags) override {
    if (!s_->allow_skip)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                   "Skipping is not supported with this stream");
    proto::stream_hole h{length, flags};
    std::string payload;
    virtkit::remote::Encoder enc(payload);
    xdr(enc, h);
    {
      auto lk = client_->lock();
      VK_TRY(check_state_locked());
    }
    VK_TRY(client_->send_stream(*s_, proto::STREAM_HOLE, proto::CONTINUE, payload));
    return 0;
  }

  Result<int> streamRecvHole(virStreamPtr, long long *length, unsigned flags) override {
    VK_TRY(check_flags(VIR_FROM_REMOTE, "remoteStreamRecvHole", flags, 0));
    if (!s_->allow_skip)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                   "Holes are not supported with this stream");
    auto lk = client_->lock();
    VK_TRY(check_state_locked());
    *length = s_->hole;
    s_->hole = 0;
    return 0;
  }

  // ---- finish and abort: a packet of status OK or ERROR, confirmed by the
  // daemon; the stream leaves the connection either way ----
  Result<int> streamFinish(virStreamPtr) override { return close(false); }
  Result<int> streamAbort(virStreamPtr) override { return close(true); }

  // ---- event callbacks: a timer of the application's event loop, enabled
  // while the stream has something to report, as libvirt's client does ----
  Result<int> streamEventAddCallback(virStreamPtr st, int events, virStreamEventCallback cb,
                                     void *opaque, virFreeCallback ff) override {
    std::lock_guard g(timer_mu_);
    if (cb_)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "multiple stream callbacks not supported");
    // The timer holds a reference to the stream (and so to this driver).
    handles::ref(st);
    auto holder = std::shared_ptr<_virStream>(st, [](_virStream *p) { handles::unref(p); });
    std::weak_ptr<RemoteStream> self = weak_from_this();
    int timer = event::add_timeout(-1, [self, holder](int) {
      if (auto me = self.lock()) me->fire(holder.get());
    });
    if (timer < 0) return generic_failure();
    timer_ = timer;
    timer_ms_ = -1;
    cb_ = cb;
    opaque_ = opaque;
    ff_ = ff;
    events_ = events;
    update_timer_locked();
    return 0;
  }

  Result<int> streamEventUpdateCallback(virStreamPtr, int events) override {
    std::lock_guard g(timer_mu_);
    if (!cb_) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "no stream callback registered");
    events_ = events;
    update_timer_locked();
    return 0;
  }

  // The free function runs once the callback is gone: here, or after the
  // dispatch in progress. (libvirt's client never runs it, which leaks what
  // it frees: python's binding keeps the stream, and so the connection.)
  Result<int> streamEventRemoveCallback(virStreamPtr) override {
    int timer;
    virFreeCallback ff = nullptr;
    void *opaque = nullptr;
    {
      std::lock_guard g(timer_mu_);
      if (!cb_) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "no stream callback registered");
      if (dispatching_) {
        pending_ff_ = ff_;
        pending_opaque_ = opaque_;
      } else {
        ff = ff_;
        opaque = opaque_;
      }
      cb_ = nullptr;
      opaque_ = nullptr;
      ff_ = nullptr;
      events_ = 0;
      timer = timer_;
      timer_ = -1;
    }
    event::remove_timeout(timer);
    if (ff) ff(opaque);
    return 0;
  }

  // Re-arms the timer after the connection queued something for the stream.
  void update_timer() {
    std::lock_guard g(timer_mu_);
    update_timer_locked();
  }

 private:
  // The stream's own failure or closing, checked first by every operation.
  Status check_state_locked() const {
    if (s_->has_err) return s_->err;
    if (s_->closed != ClientStream::kOpen)
      return error(kFrom, VIR_ERR_OPERATION_FAILED, "%s", "stream is closed");
    return Status();
  }

  // The hole packet at the head of the queue becomes the hole being read.
  Status take_hole_locked() {
    ClientStream &s = *s_;
    if (!s.allow_skip) return error(kFrom, VIR_ERR_RPC, "%s", "Unexpected stream hole");
    proto::stream_hole h{};
    const std::string &body = s.rx.front().body;
    virtkit::remote::Decoder dec(reinterpret_cast<const unsigned char *>(body.data()), body.size());
    xdr(dec, h);
    if (!dec.done())
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "Malformed stream hole packet");
    s.rx.pop_front();
    s.rx_off = 0;
    VK_TRY(check_flags(kFrom, "virNetClientStreamSetHole", h.flags, 0));
    if (h.length <= 0) return invalid_positive_arg(kFrom, "virNetClientStreamSetHole", "length");
    if (s.hole)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                   "unprocessed hole of size %lld already in the queue", s.hole);
    s.hole += h.length;
    return Status();
  }

  Result<int> close(bool abort) {
    const int status = abort ? proto::ERROR : proto::OK;
    Status st = [&]() -> Status {
      {
        auto lk = client_->lock();
        VK_TRY(check_state_locked());
        s_->closing = status;
      }
      VK_TRY(client_->send_stream(*s_, proto::STREAM, status, std::string()));
      auto lk = client_->lock();
      while (!s_->has_err && s_->closed == ClientStream::kOpen)
        VK_TRY(client_->wait_stream_locked(lk, *s_, s_->changes));
      if (s_->has_err) return s_->err;
      if (!abort && s_->closed != ClientStream::kFinished)
        return error(kFrom, VIR_ERR_OPERATION_FAILED, "%s", "stream aborted by another thread");
      return Status();
    }();
    {
      auto lk = client_->lock();
      s_->closing = -1;
    }
    client_->remove_stream(*s_);
    VK_TRY(std::move(st));
    return 0;
  }

  // The events a callback would see now (timer_mu_ held).
  int ready_locked() {
    if (!cb_) return 0;
    int ev = 0;
    if (events_ & VIR_STREAM_EVENT_READABLE) {
      auto lk = client_->lock();
      const ClientStream &s = *s_;
      if (!s.rx.empty() || s.eof || s.has_err || s.closed != ClientStream::kOpen)
        ev |= VIR_STREAM_EVENT_READABLE;
    }
    if (events_ & VIR_STREAM_EVENT_WRITABLE) ev |= VIR_STREAM_EVENT_WRITABLE;
    return ev;
  }

  void update_timer_locked() {
    if (timer_ < 0) return;
    int want = ready_locked() ? 0 : -1;
    if (want != timer_ms_) {
      timer_ms_ = want;
      event::update_timeout(timer_, want);
    }
  }

  // From the event loop.
  void fire(virStreamPtr st) {
    virStreamEventCallback cb;
    void *opaque;
    int ev;
    {
      std::lock_guard g(timer_mu_);
      ev = ready_locked();
      if (!ev || dispatching_) {
        update_timer_locked();
        return;
      }
      cb = cb_;
      opaque = opaque_;
      dispatching_ = true;
    }
    {
      // However the callback ends (core/unwind.h).
      ScopeExit done([&] {
        std::lock_guard g(timer_mu_);
        dispatching_ = false;
      });
      cb(st, ev, opaque);
    }
    virFreeCallback ff;
    {
      std::lock_guard g(timer_mu_);
      update_timer_locked();
      ff = std::exchange(pending_ff_, nullptr);
      opaque = std::exchange(pending_opaque_, nullptr);
    }
    if (ff) ff(opaque);
  }

  std::shared_ptr<Client> client_;
  std::shared_ptr<ClientStream> s_;
  // The callback; taken before the connection's lock when both are held.
  std::mutex timer_mu_;
  virStreamEventCallback cb_ = nullptr;
  void *opaque_ = nullptr;
  virFreeCallback ff_ = nullptr;
  int events_ = 0;
  int timer_ = -1;
  int timer_ms_ = -1;
  bool dispatching_ = false;
  // Removed during its own dispatch: freed when the dispatch returns.
  virFreeCallback pending_ff_ = nullptr;
  void *pending_opaque_ = nullptr;
};

}  // namespace

uint32_t attach_stream(const std::shared_ptr<Client> &client, virStreamPtr st, int proc,
                       bool sparse) {
  auto s = std::make_shared<ClientStream>();
  s->prog = proto::kRemoteProgram;
  s->vers = proto::kRemoteVersion;
  s->proc = proc;
  s->serial = client->next_serial();
  s->allow_skip = sparse;
  auto drv = std::make_shared<RemoteStream>(client, s);
  std::weak_ptr<RemoteStream> weak = drv;
  s->on_change = [weak] {
    if (auto d = weak.lock()) d->update_timer();
  };
  client->add_stream(s);
  std::shared_ptr<handles::StreamDriver> old;
  {
    std::lock_guard g(st->lock);
    old = std::move(st->driver);
    st->driver = std::move(drv);
  }
  return s->serial;
}

void detach_stream(const std::shared_ptr<Client> &, virStreamPtr st) {
  std::shared_ptr<handles::StreamDriver> old;
  {
    std::lock_guard g(st->lock);
    old = std::move(st->driver);
  }
  if (old) old->detach();
  // `old` goes here, outside the stream's lock.
}

}  // namespace virtkit::drivers::remote
