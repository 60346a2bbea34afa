// SPDX-License-Identifier: LGPL-2.1-or-later
// The RPC client's calls and their replies: the queue of outgoing packets
// and its writer, the reader role passed between callers and the background
// thread, reading and dispatching packets, and the connection's death.
// Opening and ending transports: client_connect.cc; streams, keepalive and
// descriptor passing: client_streams.cc, client_keepalive.cc, client_fds.cc.
#include "drivers/remote/client.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/unwind.h"
#include "drivers/remote/client_internal.h"
#include "util/log.h"
#include "util/numbers.h"

namespace virtkit::remote {

using namespace client_detail;

namespace {

// How long the socket stays with the calling threads after the last call
// before the background thread watches it again.
constexpr auto kLinger = std::chrono::milliseconds(20);

// libvirt's log category for its client code.
log::Source g_log_client("rpc.netclient");

// What the socket is asked for at least per read: room for many small replies.
constexpr size_t kReadChunk = 64 * 1024;
// Busy-polling for a reply: the default longest spin (VIRTKIT_REMOTE_POLL_US
// sets it, 0 turns it off).
constexpr int64_t kSpinDefaultNs = 50'000;

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// The longest spin for this process: none on a machine with one CPU (a local
// daemon would wait for the spinner's CPU). A process confined to one CPU
// may still spin: the daemon may have CPUs of its own; where it shares the
// spinner's, no spin sees its reply, and SpinPolicy soon stops spinning.
int64_t spin_max_ns() {
  static const int64_t max = [] {
    int64_t ns = kSpinDefaultNs;
    if (const char *v = std::getenv("VIRTKIT_REMOTE_POLL_US"); v && *v) {
      long long us = 0;
      if (util::str_to_ll(v, 10, us) && us >= 0 && us <= 1'000'000) ns = us * 1000;
    }
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2) ns = 0;
    return ns;
  }();
  return max;
}

// Stream data waits for the writer while more than this is queued.
constexpr size_t kMaxQueued = 1024 * 1024;

void put_u32(unsigned char *p, uint32_t v) {
  p[0] = static_cast<unsigned char>(v >> 24);
  p[1] = static_cast<unsigned char>(v >> 16);
  p[2] = static_cast<unsigned char>(v >> 8);
  p[3] = static_cast<unsigned char>(v);
}

proto::header header_of(std::string_view pkt) {
  Decoder dec(reinterpret_cast<const unsigned char *>(pkt.data()), kHeaderSize);
  proto::header h;
  xdr(dec, h);
  return h;
}

}  // namespace

void Client::Pending::wait(std::unique_lock<std::mutex> &lk) {
  // Read under mu_: a wake() decided under mu_ after this bumps past it.
  uint32_t seen = signals.load(std::memory_order_relaxed);
  lk.unlock();
  // Returns at once if signals moved on; EINTR: recheck. Where a caller's
  // thread may be cancelled (see the class comment).
  futex_wait(&signals, seen);
  lk.lock();
}

void Client::Pending::wake() {
  signals.fetch_add(1, std::memory_order_release);
  futex_wake(&signals, false);
}

void Client::start() {
  spin_ = SpinPolicy(spin_max_ns());
  background_ = std::thread([self = shared_from_this()] { self->background_loop(); });
}

void Client::nudge_background() {
  uint64_t one = 1;
  ssize_t n = ::write(wake_fd_, &one, sizeof one);
  (void)n;  // a full counter already wakes the poll
}

void Client::mark_dead_locked(Status why) {
  if (dead_) return;
  dead_ = true;
  death_ = why;
  // Woken with the lock held: death is rare, and simpler so.
  for (auto &[serial, p] : pending_) {
    p->status = why;
    p->done = true;
    p->wake();
  }
  pending_.clear();
  for (const PendingRef &p : waiters_) {
    p->status = why;
    p->done = true;
    p->wake();
  }
  waiters_.clear();
  bg_cv_.notify_one();
}

Client::PendingRef Client::hand_off_locked() {
  for (auto &[serial, p] : pending_) {
    if (!p->done) return p;
  }
  for (const PendingRef &p : waiters_) {
    if (!p->done) return p;
  }
  // No call waits: the background thread takes the role when the burst of
  // calls has stopped for kLinger (it wakes on its own; waking it after
  // every call would cost two thread switches per call), or at once when
  // messages are awaited.
  last_active_ = std::chrono::steady_clock::now();
  if (watch_messages_) bg_cv_.notify_one();
  return nullptr;
}

void Client::opened() {
  std::lock_guard g(mu_);
  opened_ = true;
  bg_cv_.notify_one();
}

void Client::set_watch_messages(bool on) {
  std::lock_guard g(mu_);
  watch_messages_ = on;
  if (on) bg_cv_.notify_one();
}

bool Client::write_all(const std::vector<std::string> &pkts, Status *st) {
  if (layer_) {
    // One packet per record, as libvirt's client writes them (a hang under
    // load otherwise, found by bench/compare_remote: Layer::write_packets).
    return layer_->write_packets(pkts, st);
  }
  constexpr size_t kMaxIov = 64;
  size_t i = 0, off = 0;  // the first byte not yet written
  while (i < pkts.size()) {
    iovec iov[kMaxIov];
    size_t n = 0;
    for (size_t j = i; j < pkts.size() && n < kMaxIov; ++j, ++n) {
      size_t o = j == i ? off : 0;
      iov[n].iov_base = const_cast<char *>(pkts[j].data() + o);
      iov[n].iov_len = pkts[j].size() - o;
    }
    msghdr m{};
    m.msg_iov = iov;
    m.msg_iovlen = n;
    ssize_t w = ::sendmsg(fd_, &m, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      *st = system_error(VIR_FROM_RPC, errno ? errno : EIO, "%s", "Cannot write data");
      return false;
    }
    auto left = static_cast<size_t>(w);
    while (left) {
      size_t rest = pkts[i].size() - off;
      if (left < rest) {
        off += left;
        break;
      }
      left -= rest;
      ++i;
      off = 0;
    }
  }
  return true;
}

// Length word, header, the descriptor count when `nfds` (a *_WITH_FDS
// packet), payload.
std::string Client::make_packet(uint32_t prog, uint32_t vers, int proc, int type, uint32_t serial,
                                int status, const uint32_t *nfds, const std::string &payload) {
  size_t head_len = kLenSize + kHeaderSize + (nfds ? 4 : 0);
  std::string pkt;
  pkt.reserve(head_len + payload.size());
  pkt.resize(head_len);
  auto *head = reinterpret_cast<unsigned char *>(pkt.data());
  put_u32(head, static_cast<uint32_t>(head_len + payload.size()));
  put_u32(head + 4, prog);
  put_u32(head + 8, vers);
  put_u32(head + 12, static_cast<uint32_t>(proc));
  put_u32(head + 16, static_cast<uint32_t>(type));
  put_u32(head + 20, serial);
  put_u32(head + 24, static_cast<uint32_t>(status));
  if (nfds) put_u32(head + 28, *nfds);
  pkt += payload;
  return pkt;
}

void Client::log_tx(const std::string &pkt) {
  if (!log::on(g_log_client, log::kInfo)) return;
  proto::header h = header_of(std::string_view(pkt).substr(kLenSize, kHeaderSize));
  log::write(g_log_client, log::kInfo, __FILE__, __func__, __LINE__,
             "RPC_CLIENT_MSG_TX_QUEUE: client=%p len=%zu prog=%u vers=%u proc=%u type=%u "
             "status=%u serial=%u",
             static_cast<void *>(this), pkt.size(), h.prog, h.vers, static_cast<unsigned>(h.proc),
             static_cast<unsigned>(h.type), static_cast<unsigned>(h.status), h.serial);
}

Status Client::send_packet(uint32_t prog, uint32_t vers, int proc, int type, uint32_t serial,
                           int status, const std::string &payload, bool bounded) {
  std::string pkt = make_packet(prog, vers, proc, type, serial, status, nullptr, payload);
  log_tx(pkt);

  std::unique_lock g(out_mu_);
  if (bounded) out_cv_.wait(g, [&] { return !writing_ || out_bytes_ <= kMaxQueued; });
  out_bytes_ += pkt.size();
  out_q_.push_back(std::move(pkt));
  if (writing_) return Status();  // the writer at work sends it
  writing_ = true;
  return write_queue(g, Status());
}

Status Client::write_queue(std::unique_lock<std::mutex> &g, Status st) {
  std::vector<std::string> batch = std::move(out_spare_);
  while (!out_q_.empty()) {
    batch.swap(out_q_);
    out_bytes_ = 0;
    g.unlock();
    out_cv_.notify_all();
    // After a failure the rest is dropped: the stream is unusable.
    if (st.ok()) write_all(batch, &st);
    batch.clear();
    g.lock();
  }
  writing_ = false;
  out_spare_ = std::move(batch);
  g.unlock();
  out_cv_.notify_all();
  if (!st.ok()) {
    // A failed (perhaps partial) write leaves the stream unusable: the
    // connection is dead for every caller, not only this one.
    std::lock_guard l(mu_);
    mark_dead_locked(st);
  }
  return st;
}

Status Client::call(uint32_t prog, uint32_t vers, int proc, const std::string &payload,
                    std::string *reply, uint32_t serial) {
  CancelShield shield;
  if (kHeaderSize + payload.size() > proto::kMessageMax)
    return error(VIR_FROM_RPC, VIR_ERR_RPC, "message payload is too large: %zu", payload.size());
  auto me = std::make_shared<Pending>();
  if (!serial) serial = next_serial();
  VK_TRY(register_call(serial, me));
  // A failed write fails `me` (with the write's error) with every other call.
  (void)send_packet(prog, vers, proc, proto::CALL, serial, proto::OK, payload);
  return await_call(me, reply);
}

Status Client::register_call(uint32_t serial, const PendingRef &me) {
  bool nudge = false;
  {
    std::lock_guard g(mu_);
    if (dead_) return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed");
    pending_.emplace(serial, me);
    if (bg_reading_ && !bg_nudged_) nudge = bg_nudged_ = true;
  }
  if (nudge) nudge_background();
  return Status();
}

Status Client::await_call(const PendingRef &me, std::string *reply) {
  std::unique_lock lk(mu_);
  wait_locked(lk, me);
  lk.unlock();
  // Written before `done` under mu_, never after.
  if (!me->status.ok()) {
    // A call that finds the connection dead runs the close handler before
    // it returns, as libvirt's does (the background reader may not yet).
    fire_close();
    return std::move(me->status);
  }
  if (reply) *reply = std::move(me->body);
  return Status();
}

void Client::wait_locked(std::unique_lock<std::mutex> &lk, const PendingRef &me) {
  bool reader = false;
  Wakes wakes;
  try {
    while (!me->done && reading_) me->wait(lk);
    if (me->done) return;
    // Take the reader role until `me` is done. Those whose packets come
    // first are woken outside the lock.
    reading_ = reader = true;
    spin_ok_ = true;
    while (!me->done) {
      spin_yield_ = pending_.size() + waiters_.size() > 1;
      lk.unlock();
      for (const PendingRef &w : wakes)
        if (w != me) w->wake();
      wakes.clear();
      std::string_view pkt;
      Status why;
      bool ok = read_packet(&pkt, &why);
      lk.lock();
      if (!ok)
        mark_dead_locked(std::move(why));
      else
        process_locked(lk, pkt, &wakes);
    }
  } catch (...) {
    // The thread ends while it waits (cancelled: core/unwind.h): the call
    // is forgotten (its reply will be dropped) and the reader role, with
    // whatever was read, goes to the next caller.
    if (!lk.owns_lock()) lk.lock();
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->second == me) {
        pending_.erase(it);
        break;
      }
    }
    std::erase(waiters_, me);
    PendingRef next;
    if (reader) {
      reading_ = false;
      next = hand_off_locked();
    }
    for (const PendingRef &w : wakes)
      if (w != me) w->wake();
    if (next) next->wake();
    throw;
  }
  reading_ = false;
  PendingRef next = hand_off_locked();
  if (wakes.empty() && !next) return;
  lk.unlock();
  for (const PendingRef &w : wakes)
    if (w != me) w->wake();
  if (next) next->wake();
  lk.lock();
}

void Client::process_locked(std::unique_lock<std::mutex> &lk, std::string_view pkt, Wakes *wakes) {
  std::shared_ptr<ClientStream> changed;
  bool handled = dispatch_locked(pkt, wakes, &changed);
  close_fds(&pkt_fds_);  // descriptors no call took
  if (!handled) {
    lk.unlock();
    deliver_message(pkt);
    lk.lock();
  }
  if (changed && changed->on_change) {
    lk.unlock();
    changed->on_change();
    lk.lock();
  }
}

bool Client::fill(size_t need, Status *st) {
  if (rend_ - rpos_ >= need) return true;
  if (rpos_ == rend_) {
    rpos_ = rend_ = 0;
    if (rbuf_.size() > 4 * kReadChunk) {  // after a large packet
      rbuf_.resize(kReadChunk);
      rbuf_.shrink_to_fit();
    }
  }
  if (rbuf_.size() - rpos_ < need) {
    std::memmove(rbuf_.data(), rbuf_.data() + rpos_, rend_ - rpos_);
    rend_ -= rpos_;
    rpos_ = 0;
    if (rbuf_.size() < std::max(need, kReadChunk)) rbuf_.resize(std::max(need, kReadChunk));
  }
  while (rend_ - rpos_ < need) {
    ssize_t got = recv_some(MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) got = recv_after_wait();
    if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (got <= 0) {
      *st = read_error(got == 0, errno);
      return false;
    }
    rend_ += static_cast<size_t>(got);
  }
  return true;
}

void SpinPolicy::after_spin(bool caught) {
  if (caught) {
    failed_ = 0;
    backoff_ = 1;
  } else if (++failed_ >= kFailedRun) {
    skip_ = backoff_;
    backoff_ = std::min(2 * backoff_, kMaxBackoff);
  }
}

ssize_t Client::recv_after_wait() {
  // A reply is due: poll the socket for a moment before sleeping. Waking a
  // sleeping reader costs the daemon (and the kernel) far more than the
  // few microseconds a reply usually takes, most of all on virtual CPUs.
  if (int64_t budget = spin_ok_ ? spin_.budget_ns() : 0) {
    auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(budget);
    do {
      // Other callers waiting too: those just woken need a CPU more than
      // the spin does; yield (the CPU still does not go idle).
      if (spin_yield_)
        sched_yield();
      else
        cpu_relax();
      ssize_t got = recv_some(MSG_DONTWAIT);
      if (got >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        spin_.after_spin(true);
        return got;
      }
    } while (std::chrono::steady_clock::now() < until);
    spin_.after_spin(false);
  }
  // Never asleep inside recv: a thread blocked there is woken by every
  // write-space notice of the socket (each time the daemon reads a
  // request), which costs the daemon a wake-up per call. poll() sleeps
  // for input only.
  pollfd p{fd_, POLLIN, 0};
  int rc = poll_cancellable(&p, 1, -1);  // a caller's thread may be cancelled here
  if (rc < 0 && errno != EINTR) return -1;
  errno = EAGAIN;  // readable (or interrupted): read again
  return -1;
}

ssize_t Client::recv_some(int flags) {
  if (layer_) {
    ssize_t got = layer_->read(rbuf_.data() + rend_, rbuf_.size() - rend_, &layer_error_);
    if (got > 0) rx_total_ += static_cast<uint64_t>(got);
    // A layer that fails (TLS cut without its closing alert) is libvirt's
    // "error" close reason, not a hang-up.
    if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) layer_failed_ = true;
    return got;
  }
  iovec iov{rbuf_.data() + rend_, rbuf_.size() - rend_};
  // Each one-byte message of the daemon carries one descriptor, and a read
  // ends after one: room for a few is plenty.
  alignas(cmsghdr) char ctl[CMSG_SPACE(4 * sizeof(int))];
  msghdr m{};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl;
  m.msg_controllen = sizeof ctl;
  ssize_t got = ::recvmsg(fd_, &m, MSG_CMSG_CLOEXEC | flags);
  if (got > 0) rx_total_ += static_cast<uint64_t>(got);
  if (got > 0 && m.msg_controllen > 0) {
    for (cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < n; i++) {
        int f;
        std::memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof f);
        rx_fds_.push_back(RxFd{rx_total_ - 1, f});
      }
    }
  }
  return got;
}

bool Client::read_packet(std::string_view *pkt, Status *why) {
  for (;;) {
    if (!fill(kLenSize, why)) return false;
    uint32_t len = get_u32(rbuf_.data() + rpos_);
    if (len < kLenSize + kHeaderSize || len > kMaxPacket) {
      *why = error(VIR_FROM_RPC, VIR_ERR_RPC,
                   "packet %u bytes received from server too large, want %zu", len, kMaxPacket);
      return false;
    }
    if (!fill(len, why)) return false;
    proto::header h = header_of(std::string_view(rbuf_.data() + rpos_ + kLenSize, kHeaderSize));
    size_t extra = 0;  // the bytes that carried a reply's descriptors
    if (h.type == proto::REPLY_WITH_FDS && !take_reply_fds(len, &extra, why)) return false;
    // (take_reply_fds may have moved the bytes.)
    std::string_view p(rbuf_.data() + rpos_ + kLenSize, len - kLenSize);
    rpos_ += len + extra;
    // Descriptors that came with bytes of a packet rather than after a
    // REPLY_WITH_FDS: closed (as a plain read would have).
    if (!rx_fds_.empty()) drop_fds_before(rx_total_ - (rend_ - rpos_));
    ka_last_rx_.store(now_ms());
    VK_INFO(g_log_client,
            "RPC_CLIENT_MSG_RX: client=%p len=%u prog=%u vers=%u proc=%u type=%u status=%u "
            "serial=%u",
            static_cast<void *>(this), len, h.prog, h.vers, static_cast<unsigned>(h.proc),
            static_cast<unsigned>(h.type), static_cast<unsigned>(h.status), h.serial);
    if (h.prog != proto::kKeepaliveProgram) {
      *pkt = p;
      return true;
    }
    close_fds(&pkt_fds_);
    if (h.proc == proto::keepalive_proc::ping && h.type == proto::MESSAGE) {
      (void)send_packet(proto::kKeepaliveProgram, proto::kKeepaliveVersion,
                        proto::keepalive_proc::pong, proto::MESSAGE, 0, proto::OK, std::string());
    }
  }
}

void Client::deliver_message(std::string_view pkt) {
  proto::header h = header_of(pkt);
  if (h.type == proto::MESSAGE && message_handler_)
    message_handler_(h.prog, h.proc, std::string(pkt.substr(kHeaderSize)));
}

bool Client::dispatch_locked(std::string_view pkt, Wakes *wakes,
                             std::shared_ptr<ClientStream> *changed) {
  const auto *p = reinterpret_cast<const unsigned char *>(pkt.data());
  proto::header h = header_of(pkt);
  if (h.type == proto::STREAM || h.type == proto::STREAM_HOLE) {
    dispatch_stream_locked(h, pkt, wakes, changed);
    return true;
  }
  if (h.type != proto::REPLY && h.type != proto::REPLY_WITH_FDS) return false;
  auto it = pending_.find(h.serial);
  if (it == pending_.end()) return true;
  PendingRef w = std::move(it->second);
  pending_.erase(it);
  const unsigned char *body = p + kHeaderSize;
  size_t blen = pkt.size() - kHeaderSize;
  if (h.type == proto::REPLY_WITH_FDS) {
    body += 4;  // the count, checked by take_reply_fds
    blen -= 4;
    if (w->want_fds) w->fds.swap(pkt_fds_);
  }
  if (h.status == proto::OK) {
    w->body.assign(reinterpret_cast<const char *>(body), blen);
  } else if (h.status == proto::ERROR) {
    proto::error e;
    Decoder ed(body, blen);
    xdr(ed, e);
    w->status = ed.ok()
                    ? from_remote_error(e)
                    : error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "Unable to decode message payload");
  } else {
    w->status = error(VIR_FROM_RPC, VIR_ERR_RPC, "Unexpected message status %d", h.status);
  }
  w->done = true;
  wakes->push_back(std::move(w));
  return true;
}

void Client::background_loop() {
  std::unique_lock lk(mu_);
  Wakes wakes;
  for (;;) {
    if (keepalive_check_locked()) {
      // Written without the lock: a writer stuck on a full socket must
      // not keep the death check from running.
      lk.unlock();
      (void)send_packet(proto::kKeepaliveProgram, proto::kKeepaliveVersion,
                        proto::keepalive_proc::ping, proto::MESSAGE, 0, proto::OK, std::string());
      lk.lock();
      continue;
    }
    if (dead_) break;
    int ka = keepalive_timeout_ms_locked();
    if (!opened_ || reading_ || !pending_.empty() || !waiters_.empty() ||
        (!watch_messages_ && std::chrono::steady_clock::now() - last_active_ < kLinger)) {
      auto wait = kLinger;
      if (ka >= 0 && std::chrono::milliseconds(ka) < wait) wait = std::chrono::milliseconds(ka);
      bg_cv_.wait_for(lk, wait);
      continue;
    }
    reading_ = bg_reading_ = true;
    bg_nudged_ = false;
    spin_ok_ = false;  // nothing is due: sleep at once
    lk.unlock();
    try {
      bool ok = true, got = false;
      Status why;
      std::string_view pkt;
      // A packet already buffered needs no wait for the socket.
      bool ready = buffered();
      if (!ready) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
        int rc = ::poll(fds, 2, ka);
        if (rc > 0 && (fds[1].revents & POLLIN)) {
          uint64_t v;
          ssize_t n = ::read(wake_fd_, &v, sizeof v);
          (void)n;
        }
        ready = rc > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR));
      }
      if (ready) {
        ok = read_packet(&pkt, &why);
        got = ok;
      }
      lk.lock();
      if (!ok)
        mark_dead_locked(std::move(why));
      else if (got)
        process_locked(lk, pkt, &wakes);
    } catch (...) {
      // Ended by a registered event-loop implementation that ends the
      // thread (python at exit: core/unwind.h): callers read for themselves.
      if (!lk.owns_lock()) lk.lock();
      reading_ = bg_reading_ = false;
      if (PendingRef next = hand_off_locked()) next->wake();
      for (const PendingRef &w : wakes) w->wake();
      throw;
    }
    reading_ = bg_reading_ = false;
    PendingRef next = hand_off_locked();
    if (!wakes.empty() || next) {
      lk.unlock();
      for (const PendingRef &w : wakes) w->wake();
      wakes.clear();
      if (next) next->wake();
      lk.lock();
    }
  }
  lk.unlock();
  fire_close();
}

void Client::fire_close() {
  Status why;
  int reason;
  {
    std::lock_guard g(mu_);
    if (!dead_ || closing_ || close_fired_) return;
    close_fired_ = true;
    why = death_;
    reason = close_reason_;
  }
  // The peer hanging up (end of file, a reset, or a write finding it gone:
  // libvirt's poll sees the hang-up then) is libvirt's "EOF" reason.
  if (reason < 0)
    reason = !layer_failed_ && why.code() == VIR_ERR_SYSTEM_ERROR &&
                     (why.record()->int1 == EIO || why.record()->int1 == ECONNRESET ||
                      why.record()->int1 == EPIPE)
                 ? VIR_CONNECT_CLOSE_REASON_EOF
                 : VIR_CONNECT_CLOSE_REASON_ERROR;
  if (close_handler_) close_handler_(reason);
}

}  // namespace virtkit::remote
