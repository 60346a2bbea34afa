// SPDX-License-Identifier: LGPL-2.1-or-later
// A security layer between the RPC client's packets and its socket: TLS
// (drivers/remote/tls.h) and SASL's negotiated one (drivers/remote/sasl.h),
// the latter possibly over the former, as libvirt's client stacks them.
//
// The client's reader role reads through it and its writer role writes
// through it, possibly at the same time from two threads: an implementation
// keeps what the two share under a lock of its own (held only while it
// encodes or decodes, never across a wait for the socket).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "error/status.h"

namespace virtkit::remote {

class Layer {
 public:
  virtual ~Layer() = default;
  // Reads decoded bytes into `buf` without waiting for the socket: > 0 the
  // count, 0 at the end of the stream, -1 with errno set (EAGAIN: nothing
  // yet; poll the socket for input). On -1 with `*why` set, the layer's own
  // error (a record that fails to decrypt, say), libvirt's text.
  virtual ssize_t read(char *buf, size_t n, Status *why) = 0;
  // Whether decoded bytes wait, to be read without input on the socket.
  virtual bool pending() = 0;
  // Writes all of `buf`, waiting for the socket as needed. False with
  // `*why` set (libvirt's error) on failure.
  virtual bool write(const char *buf, size_t n, Status *why) = 0;
  // Writes each packet in turn, never two in one unit of the layer (a TLS
  // record): libvirtd may leave the second of two requests in one record
  // unread until more input comes. A layer may send them in one go.
  virtual bool write_packets(const std::vector<std::string> &pkts, Status *why) {
    for (const std::string &p : pkts)
      if (!write(p.data(), p.size(), why)) return false;
    return true;
  }
};

// Writes all of `buf` to the socket `fd`, waiting as needed; libvirt's
// "Cannot write data" on failure.
bool send_all(int fd, const char *buf, size_t n, Status *why);

// The raw socket as a layer (what a layer writes and reads below it).
std::unique_ptr<Layer> socket_layer(int fd);

}  // namespace virtkit::remote
