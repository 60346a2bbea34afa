// SPDX-License-Identifier: LGPL-2.1-or-later
// The RPC client passing descriptors over a unix socket (SCM_RIGHTS): calls
// sending them, and the descriptors of a REPLY_WITH_FDS taken as read.
#include "drivers/remote/client.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstring>

#include "core/unwind.h"
#include "drivers/remote/client_internal.h"

namespace virtkit::remote {

using namespace client_detail;

namespace {

// At most this many descriptors per message (VIR_NET_MESSAGE_NUM_FDS_MAX).
constexpr size_t kMaxFds = 32;

}  // namespace

void Client::close_fds(std::vector<int> *fds) {
  for (int f : *fds) ::close(f);
  fds->clear();
}

Status Client::call_fds(uint32_t prog, uint32_t vers, int proc, const std::string &payload,
                        const int *fds, size_t nfds, std::string *reply,
                        std::vector<int> *fds_out) {
  CancelShield shield;
  if (fds_out) fds_out->clear();
  // Duplicates are sent, as libvirt's client does (its errors for a bad one).
  std::vector<int> dups;
  for (size_t i = 0; i < nfds; i++) {
    int d = ::fcntl(fds[i], F_DUPFD_CLOEXEC, 0);
    if (d < 0) {
      int err = errno;
      close_fds(&dups);
      return system_error(VIR_FROM_RPC, err, "Cannot duplicate FD %d", fds[i]);
    }
    dups.push_back(d);
  }
  if (nfds > kMaxFds) {
    close_fds(&dups);
    return error(VIR_FROM_RPC, VIR_ERR_RPC, "Too many FDs to send %d, expected %d maximum",
                 static_cast<int>(nfds), static_cast<int>(kMaxFds));
  }
  if (kHeaderSize + (nfds ? 4 : 0) + payload.size() > proto::kMessageMax) {
    close_fds(&dups);
    return error(VIR_FROM_RPC, VIR_ERR_RPC, "message payload is too large: %zu", payload.size());
  }
  auto me = std::make_shared<Pending>();
  me->want_fds = fds_out != nullptr;
  uint32_t serial = next_serial();
  if (Status st = register_call(serial, me); !st.ok()) {
    close_fds(&dups);
    return st;
  }
  // A failed write fails `me` with every other call.
  if (nfds)
    (void)send_packet_fds(serial, proc, prog, vers, payload, dups);
  else
    (void)send_packet(prog, vers, proc, proto::CALL, serial, proto::OK, payload);
  close_fds(&dups);
  Status st = await_call(me, reply);
  if (!st.ok()) {
    close_fds(&me->fds);
    return st;
  }
  if (fds_out) fds_out->swap(me->fds);
  return Status();
}

Status Client::send_packet_fds(uint32_t serial, int proc, uint32_t prog, uint32_t vers,
                               const std::string &payload, const std::vector<int> &fds) {
  auto nfds = static_cast<uint32_t>(fds.size());
  std::string pkt =
      make_packet(prog, vers, proc, proto::CALL_WITH_FDS, serial, proto::OK, &nfds, payload);
  log_tx(pkt);

  // The descriptors must follow their packet on the socket with no other
  // packet's bytes between: this caller becomes the writer, sends what was
  // queued before and its packet, then the descriptors, and then whatever
  // others queued meanwhile.
  std::unique_lock g(out_mu_);
  out_cv_.wait(g, [&] { return !writing_; });
  writing_ = true;
  std::vector<std::string> batch;
  batch.swap(out_q_);
  out_bytes_ = 0;
  batch.push_back(std::move(pkt));
  g.unlock();
  out_cv_.notify_all();
  Status st;
  if (write_all(batch, &st)) {
    for (int f : fds) {
      if (!pass_fds_) {
        st = error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s",
                   "Sending file descriptors is not supported on this socket");
        break;
      }
      char byte = 0;
      iovec iov{&byte, 1};
      alignas(cmsghdr) char ctl[CMSG_SPACE(sizeof(int))] = {};
      msghdr m{};
      m.msg_iov = &iov;
      m.msg_iovlen = 1;
      m.msg_control = ctl;
      m.msg_controllen = sizeof ctl;
      cmsghdr *c = CMSG_FIRSTHDR(&m);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int));
      std::memcpy(CMSG_DATA(c), &f, sizeof f);
      ssize_t w;
      do {
        w = ::sendmsg(fd_, &m, MSG_NOSIGNAL);
      } while (w < 0 && errno == EINTR);
      if (w != 1) {
        st =
            system_error(VIR_FROM_RPC, w < 0 ? errno : EIO, "Failed to send file descriptor %d", f);
        break;
      }
    }
  }
  g.lock();
  return write_queue(g, std::move(st));
}

void Client::drop_fds_before(uint64_t pos) {
  while (!rx_fds_.empty() && rx_fds_.front().pos < pos) {
    ::close(rx_fds_.front().fd);
    rx_fds_.pop_front();
  }
}

bool Client::take_reply_fds(size_t len, size_t *extra, Status *st) {
  if (len < kLenSize + kHeaderSize + 4) {
    *st = error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "Unable to decode number of FDs");
    return false;
  }
  uint32_t n = get_u32(rbuf_.data() + rpos_ + kLenSize + kHeaderSize);
  if (n > kMaxFds) {
    *st = error(VIR_FROM_RPC, VIR_ERR_RPC, "Received too many FDs %d, expected %d maximum",
                static_cast<int>(n), static_cast<int>(kMaxFds));
    return false;
  }
  if (n && !pass_fds_) {
    *st = error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s",
                "Receiving file descriptors is not supported on this socket");
    return false;
  }
  // The descriptors' bytes follow the packet; reading them brings in their
  // descriptors (fill keeps the packet at rpos_).
  if (!fill(len + n, st)) return false;
  uint64_t first = rx_total_ - (rend_ - rpos_) + len;  // the first one's byte
  drop_fds_before(first);
  for (uint64_t pos = first; pos < first + n; pos++) {
    if (rx_fds_.empty() || rx_fds_.front().pos != pos) {
      // A byte without its descriptor (libvirt's client: "not available").
      *st = system_error(VIR_FROM_RPC, EACCES, "%s", "Failed to recv file descriptor");
      close_fds(&pkt_fds_);
      return false;
    }
    pkt_fds_.push_back(rx_fds_.front().fd);
    rx_fds_.pop_front();
  }
  *extra = n;
  return true;
}

}  // namespace virtkit::remote
