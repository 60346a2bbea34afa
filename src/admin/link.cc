// SPDX-License-Identifier: LGPL-2.1-or-later
#include "admin/link.h"

#include <utility>

#include "util/log.h"

namespace virtkit::admin {

namespace {

log::Source g_log("libvirt-admin");

struct TakenCallback {
  virAdmConnectCloseFunc cb = nullptr;
  void *opaque = nullptr;
  virFreeCallback freecb = nullptr;
};

// Unregisters `conn`'s close callback, handing over what it held (the
// connection reference included, when there was a callback).
TakenCallback take_callback(virAdmConnectPtr conn) {
  std::lock_guard g(conn->cb_mu);
  TakenCallback t{std::exchange(conn->cb, nullptr), std::exchange(conn->cb_opaque, nullptr),
                  std::exchange(conn->cb_free, nullptr)};
  return t;
}

}  // namespace

Result<std::shared_ptr<Link>> Link::open(const std::string &sock, virAdmConnectPtr conn,
                                         unsigned flags) {
  auto c = remote::Client::connect_unix(sock);
  VK_TRY(c);
  std::shared_ptr<Link> link(new Link(std::move(c).value(), conn));
  Link *self = link.get();
  link->client_->set_close_handler([self](int reason) { self->on_close(reason); });
  proto::admin_connect_open_args a{flags & ~unsigned(VIR_CONNECT_NO_ALIASES)};
  VK_TRY(link->call<A::connect_open>(a));
  link->opened_ = true;
  link->client_->opened();
  return link;
}

Link::~Link() {
  {
    std::lock_guard g(mu_);
    conn_ = nullptr;
  }
  if (opened_ && client_->alive()) (void)call<A::connect_close>();
  client_->close();
}

void Link::on_close(int reason) {
  virAdmConnectPtr conn;
  TakenCallback t;
  {
    std::lock_guard g(mu_);
    conn = conn_;
    // A registered callback holds a reference: the connection is alive.
    if (conn) t = take_callback(conn);
  }
  if (!t.cb) return;
  VK_DEBUG(g_log, "Triggering connection close callback %p reason=%d, opaque=%p",
           reinterpret_cast<void *>(t.cb), reason, t.opaque);
  handles::ScopedRef held{conn};  // the callback's reference, however it ends
  t.cb(conn, reason, t.opaque);
  if (t.freecb) t.freecb(t.opaque);
}

}  // namespace virtkit::admin
