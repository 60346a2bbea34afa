// SPDX-License-Identifier: LGPL-2.1-or-later
// virConnectRegisterCloseCallback and virConnectUnregisterCloseCallback,
// with the remote driver's semantics for the drivers that keep a connection.
#include "api/close_callback.h"

#include <utility>

#include "api/guard.h"

using namespace virtkit;
using namespace virtkit::api;

int virConnectRegisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb, void *opaque,
                                    virFreeCallback freecb) {
  return entry<Api::virConnectRegisterCloseCallback>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(cb, "cb"));
    driver::HypervisorTable *drv = &handles::hv(conn);
    if (!drv->keeps_close_callback()) return 0;
    handles::CloseCallback &cc = conn->close_cb;
    std::lock_guard op(cc.op_mu);
    {
      std::lock_guard lk(cc.mu);
      if (cc.cb)
        return error(drv->close_callback_error_domain(), VIR_ERR_OPERATION_INVALID, "%s",
                     "A close callback is already registered");
    }
    VK_TRY(drv->close_callback_registering(conn));
    std::lock_guard lk(cc.mu);
    handles::ref(conn);
    cc.cb = cb;
    cc.opaque = opaque;
    cc.freecb = freecb;
    cc.armed = true;
    return 0;
  });
}

int virConnectUnregisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb) {
  return entry<Api::virConnectUnregisterCloseCallback>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(cb, "cb"));
    driver::HypervisorTable *drv = &handles::hv(conn);
    if (!drv->keeps_close_callback()) return 0;
    handles::CloseCallback &cc = conn->close_cb;
    virFreeCallback freecb;
    void *opaque;
    bool armed;
    {
      std::lock_guard op(cc.op_mu);  // released before the reference goes
      {
        std::lock_guard lk(cc.mu);
        if (cc.cb != cb)
          return error(drv->close_callback_error_domain(), VIR_ERR_OPERATION_INVALID, "%s",
                       "A different callback was requested");
      }
      VK_TRY(drv->close_callback_unregistering(conn));
      std::lock_guard lk(cc.mu);
      cc.cb = nullptr;
      freecb = std::exchange(cc.freecb, nullptr);
      opaque = std::exchange(cc.opaque, nullptr);
      armed = std::exchange(cc.armed, false);
    }
    ScopeExit drop([&] {
      if (armed) handles::unref(conn);  // may be the last reference
    });
    if (freecb) freecb(opaque);
    return 0;
  });
}

namespace virtkit::api {

bool fire_close_callbacks(virConnectPtr conn, int reason) {
  handles::CloseCallback &cc = conn->close_cb;
  virConnectCloseFunc cb;
  void *opaque;
  virFreeCallback freecb;
  {
    std::lock_guard lk(cc.mu);
    if (!cc.armed) return false;
    cc.armed = false;
    cb = cc.cb;  // stays registered
    opaque = std::exchange(cc.opaque, nullptr);
    freecb = std::exchange(cc.freecb, nullptr);
  }
  ScopeExit drop([&] { handles::unref(conn); });  // however the callbacks end
  cb(conn, reason, opaque);
  if (freecb) freecb(opaque);
  return true;
}

}  // namespace virtkit::api
