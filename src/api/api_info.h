// SPDX-License-Identifier: LGPL-2.1-or-later
// The identity of every public entry point, generated from api/libvirt.api:
// its name (for messages), the handle it takes, whether read-only
// connections may call it, and the error domain of its own errors.
#pragma once

#include "public.h"
#include "api_list.h"  // generated: VIRTKIT_API_LIST(X)

namespace virtkit::api {

enum class HandleKind {
  none,
  connect,
  domain,
  network,
  networkport,
  interface,
  storagepool,
  storagevol,
  nodedevice,
  nwfilter,
  nwfilterbinding,
  secret,
  stream,
  domainsnapshot,
  domaincheckpoint,
  admconnect,  // libvirt-admin's handles
  admserver,
  admclient,
};

// libvirt-admin's handles: no read-only mode, errors dispatched globally.
constexpr bool is_admin(HandleKind k) {
  return k == HandleKind::admconnect || k == HandleKind::admserver || k == HandleKind::admclient;
}

// write: refused on read-only connections (by the guard, first);
// write_late: refused after some argument checks (by the entry point);
// cond: refused for some arguments only (the entry point decides).
enum class Access { read, write, write_late, cond };

struct ApiInfo {
  const char *name;
  HandleKind handle;
  Access access;
  int from;
};

enum class Api : unsigned {
#define VK_X(sym, version, handle, access, from) sym,
  VIRTKIT_API_LIST(VK_X)
#undef VK_X
};

inline constexpr ApiInfo kApis[] = {
#define VK_X(sym, version, handle, access, from) {#sym, HandleKind::handle, Access::access, from},
    VIRTKIT_API_LIST(VK_X)
#undef VK_X
};

template <Api A>
inline constexpr const ApiInfo &info = kApis[static_cast<unsigned>(A)];

}  // namespace virtkit::api
