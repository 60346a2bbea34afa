// SPDX-License-Identifier: LGPL-2.1-or-later
// Connection close callbacks (virConnectRegisterCloseCallback): what a
// driver that keeps a persistent connection implements, and how it reports
// that the connection closed.
#pragma once

#include "public.h"
#include "error/status.h"

namespace virtkit::api {

// Implemented, besides driver::Hypervisor, by the backends of drivers that
// keep a persistent connection (libvirt's remote driver): only their
// connections store a close callback. For the others the public calls
// succeed doing nothing, as libvirt's drivers without the slots do.
class CloseCallbackDriver {
 public:
  virtual ~CloseCallbackDriver() = default;
  // Error domain of "A close callback is already registered" and "A
  // different callback was requested" (the remote driver's).
  virtual int close_callback_error_domain() const { return VIR_FROM_REMOTE; }
  // Called after those checks, under the connection's close-callback lock,
  // before the callback is stored or dropped; a failure fails the public
  // call (libvirt's remote driver tells the server here).
  virtual Status close_callback_registering(virConnectPtr) { return Status(); }
  virtual Status close_callback_unregistering(virConnectPtr) { return Status(); }
};

// Tells the application that `conn` closed (`reason`: a
// virConnectCloseReason): calls its close callback, if one is armed, once,
// without any lock held, then its free function, and drops the connection
// reference the registration held. Later calls do nothing, and, as in
// libvirt, the fired callback stays registered until unregistered. Returns
// whether a callback was called.
bool fire_close_callbacks(virConnectPtr conn, int reason);

}  // namespace virtkit::api
