// SPDX-License-Identifier: LGPL-2.1-or-later
// Connection close callbacks (virConnectRegisterCloseCallback): how a
// driver that keeps a persistent connection (driver::HypervisorTable's
// close-callback virtuals) reports that the connection closed.
#pragma once

#include "public.h"

namespace virtkit::api {

// Tells the application that `conn` closed (`reason`: a
// virConnectCloseReason): calls its close callback, if one is armed, once,
// without any lock held, then its free function, and drops the connection
// reference the registration held. Later calls do nothing, and, as in
// libvirt, the fired callback stays registered until unregistered. Returns
// whether a callback was called.
bool fire_close_callbacks(virConnectPtr conn, int reason);

}  // namespace virtkit::api
