// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for connections and the host (the uniform ones
// are generated from api/libvirt.api).
#include "api/guard.h"
#include "api/util.h"
#include "driver/registry.h"
#include "util/log.h"

#include <atomic>
#include <mutex>

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;

namespace {

template <Api A>
virConnectPtr open_entry(const char *name, virConnectAuthPtr auth, unsigned flags) {
  if (virInitialize() < 0) return nullptr;
  if (detail::debug_wanted()) [[unlikely]] {
    if constexpr (A == Api::virConnectOpenAuth)
      detail::log_call(info<A>, "name=%s, auth=%p, flags=0x%x", name ? name : "<null>",
                       static_cast<void *>(auth), flags);
    else
      detail::log_call(info<A>, "name=%s", name ? name : "<null>");
  }
  return entry<A, true>(nullptr, [&](const Call &) -> Result<virConnectPtr> {
    auto opened = driver::open(name, auth, flags);
    if (!opened.ok()) return std::move(opened).status();
    auto conn = std::make_unique<_virConnect>();
    conn->flags = flags & VIR_CONNECT_RO;
    conn->uri = std::move(opened->uri);
    conn->drv = std::move(opened->drv);
    return conn.release();
  });
}

}  // namespace

// libvirt's one-time set-up: here, the logging variables. A bad one fails
// this call and every call that initializes, for good; the error is set in
// the thread that read them (others dispatch the generic error), as libvirt.
int virInitialize(void) {
  static std::once_flag once;
  static std::atomic<bool> failed{false};
  std::call_once(once, [] {
    Status st;
    try {
      st = log::configure_from_env();
    } catch (const std::bad_alloc &) {
      st = no_memory();
    }
    if (!st.ok()) {
      failed = true;
      errstore::set(std::move(st));
    }
  });
  if (!failed.load()) return 0;
  dispatch(nullptr);
  return -1;
}

int virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer) {
  if (virInitialize() < 0) {
    dispatch(nullptr);  // again, as libvirt's
    return -1;
  }
  if (detail::debug_wanted()) [[unlikely]]
    detail::log_call(info<Api::virGetVersion>, "libVir=%p, type=%s, typeVer=%p",
                     static_cast<void *>(libVer), type ? type : "<null>",
                     static_cast<void *>(typeVer));
  return entry<Api::virGetVersion, true>(nullptr, [&](const Call &) -> Result<int> {
    if (!libVer) return generic_failure();
    *libVer = LIBVIR_VERSION_NUMBER;
    if (typeVer) *typeVer = LIBVIR_VERSION_NUMBER;
    return 0;
  });
}

virConnectPtr virConnectOpen(const char *name) {
  return open_entry<Api::virConnectOpen>(name, nullptr, 0);
}

virConnectPtr virConnectOpenReadOnly(const char *name) {
  return open_entry<Api::virConnectOpenReadOnly>(name, nullptr, VIR_CONNECT_RO);
}

virConnectPtr virConnectOpenAuth(const char *name, virConnectAuthPtr auth, unsigned int flags) {
  return open_entry<Api::virConnectOpenAuth>(name, auth, flags);
}

int virConnectClose(virConnectPtr conn) {
  return entry<Api::virConnectClose>(
      conn, [&](const Call &) -> Result<int> { return handles::unref(conn) ? 0 : 1; });
}

int virConnectRef(virConnectPtr conn) {
  return entry<Api::virConnectRef>(conn, [&](const Call &) -> Result<int> {
    handles::ref(conn);
    return 0;
  });
}

const char *virConnectGetType(virConnectPtr conn) {
  return entry<Api::virConnectGetType>(conn, [&](const Call &) -> Result<const char *> {
    auto t = hv(conn).connectGetType(conn);
    if (t.ok() && *t) return *t;
    return hv(conn).name();  // libvirt falls back to the driver's name
  });
}

int virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer) {
  return entry<Api::virConnectGetLibVersion>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(libVer, "libVer"));
    auto r = hv(conn).connectGetLibVersion(conn, libVer);
    if (!r.status().unsupported()) return r;
    *libVer = LIBVIR_VERSION_NUMBER;
    return 0;
  });
}

char *virConnectGetURI(virConnectPtr conn) {
  return entry<Api::virConnectGetURI>(
      conn, [&](const Call &) -> Result<char *> { return dup_c(conn->uri); });
}

char *virConnectGetCapabilities(virConnectPtr conn) {
  return entry<Api::virConnectGetCapabilities>(
      conn, [&](const Call &) -> Result<char *> { return hv(conn).connectGetCapabilities(conn); });
}

unsigned long long virNodeGetFreeMemory(virConnectPtr conn) {
  return entry<Api::virNodeGetFreeMemory>(conn, [&](const Call &) -> Result<unsigned long long> {
    auto m = hv(conn).nodeGetFreeMemory(conn);
    VK_TRY(m);
    if (*m == 0) return generic_failure();
    return *m;
  });
}
