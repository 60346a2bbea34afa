// SPDX-License-Identifier: LGPL-2.1-or-later
// An admin connection's link to its daemon: libvirt's RPC over the daemon's
// admin unix socket with the admin program, as libvirt-admin's client
// speaks it (no keepalive of its own, the close callback fired when the
// daemon goes away).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/handles.h"
#include "drivers/remote/client.h"

namespace virtkit::admin {

namespace proto = virtkit::remote::proto;
namespace A = virtkit::remote::proto::admin_proc;

class Link {
 public:
  // Connects to `sock` and opens the admin connection (CONNECT_OPEN with
  // `flags`); `conn` is the handle whose close callback the link fires.
  static Result<std::shared_ptr<Link>> open(const std::string &sock, virAdmConnectPtr conn,
                                            unsigned flags);
  // Says CONNECT_CLOSE to a live daemon, then ends the connection.
  ~Link();
  Link(const Link &) = delete;
  Link &operator=(const Link &) = delete;

  template <int N>
  Result<typename proto::AdminProc<N>::ret> call(typename proto::AdminProc<N>::args &args) {
    return client_->call_proc<proto::AdminProc<N>>(args);
  }
  template <int N>
  Result<typename proto::AdminProc<N>::ret> call() {
    typename proto::AdminProc<N>::args args{};
    return call<N>(args);
  }

  bool alive() { return client_->alive(); }

 private:
  Link(std::shared_ptr<remote::Client> c, virAdmConnectPtr conn)
      : client_(std::move(c)), conn_(conn) {}
  void on_close(int reason);

  std::shared_ptr<remote::Client> client_;
  std::mutex mu_;
  virAdmConnectPtr conn_;  // cleared when the connection goes
  bool opened_ = false;
};

}  // namespace virtkit::admin
