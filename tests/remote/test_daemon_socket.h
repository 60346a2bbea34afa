// SPDX-License-Identifier: LGPL-2.1-or-later
// The socket side of the unit tests' own scripted daemons: a listening unix
// socket in a private temporary folder, reading the client's packets, and
// replying to them.
#pragma once

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace remote_test {

class UnixListener {
 public:
  UnixListener() {
    char tmpl[] = "/tmp/virtkit-daemon-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/sock";
    fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path_.c_str(), sizeof a.sun_path - 1);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a), 0);
    EXPECT_EQ(listen(fd_, 1), 0);
  }
  ~UnixListener() {
    close(fd_);
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  UnixListener(const UnixListener &) = delete;
  UnixListener &operator=(const UnixListener &) = delete;

  // The next client's socket (-1 once stop() was called).
  int accept_one() { return accept(fd_, nullptr, nullptr); }
  // Makes a thread blocked in accept_one() return.
  void stop() { shutdown(fd_, SHUT_RDWR); }
  std::string uri() const { return "test+unix:///default?socket=" + path_; }
  const std::string &path() const { return path_; }

 private:
  std::string dir_, path_;
  int fd_ = -1;
};

inline uint32_t get_be32(const unsigned char *p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

// Appends `v` big-endian, as XDR's unsigned int.
inline void put_be32(std::string &s, uint32_t v) {
  for (int sh = 24; sh >= 0; sh -= 8) s += static_cast<char>(v >> sh);
}

// The reply (VIR_NET_REPLY, `status`) to `call` (a packet read_packet
// returned): its program, version, procedure and serial, then `body`.
inline std::string reply_packet(const std::string &call, uint32_t status, const std::string &body) {
  std::string out;
  put_be32(out, static_cast<uint32_t>(28 + body.size()));
  out.append(call, 0, 12);  // program, version, procedure
  put_be32(out, 1);         // VIR_NET_REPLY
  out.append(call, 16, 4);  // serial
  put_be32(out, status);
  return out + body;
}

inline bool read_full(int fd, void *buf, size_t n) {
  auto *p = static_cast<char *>(buf);
  while (n) {
    ssize_t r = read(fd, p, n);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

// One packet from the client, without its length word (header, payload):
// false at the end of the stream or for a packet shorter than a header.
inline bool read_packet(int fd, std::string *pkt) {
  unsigned char lenb[4];
  if (!read_full(fd, lenb, 4)) return false;
  uint32_t len = get_be32(lenb);
  if (len < 28) return false;
  pkt->assign(len - 4, '\0');
  return read_full(fd, pkt->data(), pkt->size());
}

}  // namespace remote_test
