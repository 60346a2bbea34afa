#include "drivers/remote/client.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

namespace virtkit::remote {

namespace {

constexpr size_t kLenSize = 4;
constexpr size_t kHeaderSize = 24;
constexpr size_t kMaxPacket = proto::kMessageMax + kLenSize;

std::string make_packet(uint32_t prog, uint32_t vers, int proc, int type, uint32_t serial,
                        int status, const std::string &payload) {
  std::string pkt;
  pkt.reserve(kLenSize + kHeaderSize + payload.size());
  Encoder enc(pkt);
  proto::header h{prog, vers, proc, type, serial, status};
  enc.u32(static_cast<uint32_t>(kLenSize + kHeaderSize + payload.size()));
  xdr(enc, h);
  pkt += payload;
  return pkt;
}

// The daemon's error record, every field as sent (libvirt's client maps an
// "unknown procedure" RPC error to VIR_ERR_NO_SUPPORT and a missing message
// to "Unknown error").
Status from_remote_error(proto::error &e) {
  int code = e.code;
  if ((e.domain == VIR_FROM_REMOTE || e.domain == VIR_FROM_RPC) && e.code == VIR_ERR_RPC &&
      e.level == VIR_ERR_ERROR && e.message && e.message->rfind("unknown procedure", 0) == 0)
    code = VIR_ERR_NO_SUPPORT;
  auto c = [](const std::optional<std::string> &s) { return s ? s->c_str() : nullptr; };
  return Status(ErrorRecord::make(e.domain, code, e.level,
                                  e.message ? e.message->c_str() : "Unknown error", c(e.str1),
                                  c(e.str2), c(e.str3), e.int1, e.int2));
}

}  // namespace

Result<std::shared_ptr<Client>> Client::connect_unix(const std::string &path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path)
    return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "Socket path '%s' too long for destination",
                 path.c_str());
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return system_error(VIR_FROM_RPC, errno, "%s", "Failed to create socket");
  int rc;
  do {
    rc = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) {
    int err = errno;
    ::close(fd);
    return system_error(VIR_FROM_RPC, err, "Failed to connect socket to '%s'", path.c_str());
  }
  std::shared_ptr<Client> c(new Client(fd));
  c->start();
  return c;
}

void Client::start() {
  reader_ = std::thread([self = shared_from_this()] { self->reader_loop(); });
}

Client::~Client() {
  if (reader_.joinable()) {
    ::shutdown(fd_, SHUT_RDWR);
    if (reader_.get_id() == std::this_thread::get_id())
      reader_.detach();
    else
      reader_.join();
  }
  ::close(fd_);
}

bool Client::alive() {
  std::lock_guard g(mu_);
  return !dead_;
}

void Client::close() {
  {
    std::lock_guard g(mu_);
    closing_ = true;
  }
  mark_dead(error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed"));
  ::shutdown(fd_, SHUT_RDWR);
  if (reader_.joinable()) {
    if (reader_.get_id() == std::this_thread::get_id())
      reader_.detach();
    else
      reader_.join();
  }
}

bool Client::mark_dead(Status why) {
  std::unordered_map<uint32_t, Pending *> waiting;
  {
    std::lock_guard g(mu_);
    if (dead_) return false;
    dead_ = true;
    waiting.swap(pending_);
    for (auto &[serial, p] : waiting) {
      p->status = why;
      p->done = true;
      p->cv.notify_one();
    }
  }
  return true;
}

void Client::send_raw(const std::string &packet, Status *st) {
  std::lock_guard g(write_mu_);
  const char *p = packet.data();
  size_t left = packet.size();
  while (left) {
    ssize_t n = ::send(fd_, p, left, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *st = system_error(VIR_FROM_RPC, errno ? errno : EIO, "%s", "Cannot write data");
      return;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

Status Client::call(uint32_t prog, uint32_t vers, int proc, const std::string &payload,
                    std::string *reply) {
  Pending me;
  uint32_t serial = serial_.fetch_add(1, std::memory_order_relaxed) + 1;
  {
    std::lock_guard g(mu_);
    if (dead_) return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed");
    pending_.emplace(serial, &me);
  }
  if (kHeaderSize + payload.size() > proto::kMessageMax) {
    std::lock_guard g(mu_);
    pending_.erase(serial);
    return error(VIR_FROM_RPC, VIR_ERR_RPC, "message payload is too large: %zu", payload.size());
  }
  Status st;
  send_raw(make_packet(prog, vers, proc, proto::CALL, serial, proto::OK, payload), &st);
  if (!st.ok()) {
    // The reader sees the same failure; this call reports the write's.
    std::lock_guard g(mu_);
    pending_.erase(serial);
    return st;
  }
  std::unique_lock lk(mu_);
  me.cv.wait(lk, [&] { return me.done; });
  if (!me.status.ok()) return std::move(me.status);
  if (reply) *reply = std::move(me.body);
  return Status();
}

bool Client::read_full(unsigned char *p, size_t n, Status *st) {
  while (n) {
    ssize_t got = ::recv(fd_, p, n, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      *st = system_error(VIR_FROM_RPC, errno, "%s", "Cannot recv data");
      return false;
    }
    if (got == 0) {
      *st = system_error(VIR_FROM_RPC, EIO, "%s", "End of file while reading data");
      return false;
    }
    p += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

void Client::handle_packet(const unsigned char *p, size_t n) {
  Decoder dec(p, n);
  proto::header h;
  xdr(dec, h);
  const unsigned char *body = p + kHeaderSize;
  size_t blen = n - kHeaderSize;
  if (h.prog == proto::kKeepaliveProgram) {
    if (h.proc == proto::keepalive_proc::ping && h.type == proto::MESSAGE) {
      Status ignored;
      send_raw(make_packet(proto::kKeepaliveProgram, proto::kKeepaliveVersion,
                           proto::keepalive_proc::pong, proto::MESSAGE, 0, proto::OK, ""),
               &ignored);
    }
    return;
  }
  if (h.type != proto::REPLY) return;  // events and streams: not handled yet
  std::lock_guard g(mu_);
  auto it = pending_.find(h.serial);
  if (it == pending_.end()) return;
  Pending *w = it->second;
  pending_.erase(it);
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
  w->cv.notify_one();
}

void Client::reader_loop() {
  Status why;
  std::string buf;
  for (;;) {
    unsigned char lenbuf[kLenSize];
    if (!read_full(lenbuf, kLenSize, &why)) break;
    uint32_t len = (uint32_t(lenbuf[0]) << 24) | (uint32_t(lenbuf[1]) << 16) |
                   (uint32_t(lenbuf[2]) << 8) | lenbuf[3];
    if (len < kLenSize + kHeaderSize || len > kMaxPacket) {
      why = error(VIR_FROM_RPC, VIR_ERR_RPC,
                  "packet %u bytes received from server too large, want %zu", len, kMaxPacket);
      break;
    }
    buf.resize(len - kLenSize);
    if (!read_full(reinterpret_cast<unsigned char *>(buf.data()), buf.size(), &why)) break;
    handle_packet(reinterpret_cast<const unsigned char *>(buf.data()), buf.size());
  }
  bool closing;
  {
    std::lock_guard g(mu_);
    closing = closing_;
  }
  if (mark_dead(why) && !closing && close_handler_)
    // The peer hanging up (end of file, or a reset) is libvirt's "EOF" reason.
    close_handler_(why.code() == VIR_ERR_SYSTEM_ERROR &&
                           (why.record()->int1 == EIO || why.record()->int1 == ECONNRESET)
                       ? VIR_CONNECT_CLOSE_REASON_EOF
                       : VIR_CONNECT_CLOSE_REASON_ERROR);
}

}  // namespace virtkit::remote
