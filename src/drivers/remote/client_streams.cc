// SPDX-License-Identifier: LGPL-2.1-or-later
// The RPC client's streams: registering them, waiting for their packets,
// sending theirs, and dispatching what the daemon sends for each.
#include "drivers/remote/client.h"

#include "core/unwind.h"
#include "drivers/remote/client_internal.h"

namespace virtkit::remote {

using namespace client_detail;

void Client::add_stream(std::shared_ptr<ClientStream> s) {
  std::lock_guard g(mu_);
  uint32_t serial = s->serial;
  streams_[serial] = std::move(s);
}

void Client::remove_stream(const ClientStream &s) {
  std::lock_guard g(mu_);
  auto it = streams_.find(s.serial);
  if (it != streams_.end() && it->second.get() == &s) streams_.erase(it);
}

Status Client::wait_stream_locked(std::unique_lock<std::mutex> &lk, ClientStream &s,
                                  uint64_t seen) {
  CancelShield shield;
  if (dead_) return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed");
  if (s.changes != seen) return Status();
  auto me = std::make_shared<Pending>();
  me->stream = &s;
  waiters_.push_back(me);
  bool nudge = bg_reading_ && !bg_nudged_;
  if (nudge) {
    bg_nudged_ = true;
    nudge_background();  // the background thread hands over the socket
  }
  wait_locked(lk, me);
  std::erase(waiters_, me);
  return std::move(me->status);
}

Status Client::send_stream(const ClientStream &s, int type, int status,
                           const std::string &payload) {
  CancelShield shield;
  {
    std::lock_guard g(mu_);
    if (dead_) return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed");
  }
  // Data packets wait while much is queued (a sender must not outrun the
  // socket); a finish or abort does not.
  return send_packet(s.prog, s.vers, s.proc, type, s.serial, status, payload,
                     status == proto::CONTINUE);
}

void Client::dispatch_stream_locked(const proto::header &h, std::string_view pkt, Wakes *wakes,
                                    std::shared_ptr<ClientStream> *changed) {
  auto it = streams_.find(h.serial);
  // Packets may still come for a stream already closed: dropped.
  if (it == streams_.end()) return;
  ClientStream &s = *it->second;
  if (s.prog != h.prog || s.vers != h.vers || s.proc != h.proc) return;
  const auto *body = reinterpret_cast<const unsigned char *>(pkt.data()) + kHeaderSize;
  size_t blen = pkt.size() - kHeaderSize;
  if (h.status == proto::CONTINUE) {
    if (blen == 0)
      s.eof = true;  // no payload: the end of the stream
    else
      s.rx.push_back(ClientStream::Packet{h.type, std::string(pkt.substr(kHeaderSize))});
  } else if (h.status == proto::OK) {
    // The confirmation of a finish or abort (unexpected otherwise).
    if (s.closing < 0) return;
    s.closed = s.closing == proto::OK ? ClientStream::kFinished : ClientStream::kAborted;
  } else if (h.status == proto::ERROR) {
    proto::error e;
    Decoder ed(body, blen);
    xdr(ed, e);
    if (!ed.ok()) return;
    s.err = from_remote_error(e);
    s.has_err = true;
  } else {
    return;
  }
  s.changes++;
  for (const PendingRef &p : waiters_) {
    if (p->stream == &s && !p->done) {
      p->done = true;
      wakes->push_back(p);
    }
  }
  *changed = it->second;
}

}  // namespace virtkit::remote
