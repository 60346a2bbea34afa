// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/layer.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include "error/status.h"

namespace virtkit::remote {

namespace {

class SocketLayer final : public Layer {
 public:
  explicit SocketLayer(int fd) : fd_(fd) {}
  ssize_t read(char *buf, size_t n, Status *) override {
    ssize_t got;
    do got = ::recv(fd_, buf, n, MSG_DONTWAIT);
    while (got < 0 && errno == EINTR);
    return got;
  }
  bool pending() override { return false; }
  bool write(const char *buf, size_t n, Status *why) override { return send_all(fd_, buf, n, why); }

 private:
  int fd_;
};

}  // namespace

bool send_all(int fd, const char *buf, size_t n, Status *why) {
  while (n) {
    ssize_t w = ::send(fd, buf, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd, POLLOUT, 0};
      (void)::poll(&p, 1, -1);
      continue;
    }
    if (w <= 0) {
      *why = system_error(VIR_FROM_RPC, errno ? errno : EIO, "%s", "Cannot write data");
      return false;
    }
    buf += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

std::unique_ptr<Layer> socket_layer(int fd) {
  return std::make_unique<SocketLayer>(fd);
}

}  // namespace virtkit::remote
