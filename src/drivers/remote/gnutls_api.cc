// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/gnutls_api.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "util/log.h"

namespace virtkit::remote {

#define VK_GNUTLS_DEFINE(f) decltype(&::f) f = nullptr;
VK_GNUTLS_FUNCTIONS(VK_GNUTLS_DEFINE)
#undef VK_GNUTLS_DEFINE

namespace {

log::Source g_log("rpc.nettlscontext");

void log_gnutls(int level, const char *text) {
  VK_DEBUG(g_log, "%d %s", level, text);
}

}  // namespace

Status load_gnutls() {
  static std::once_flag once;
  static std::string failure;  // empty once loaded
  std::call_once(once, [] {
    // The soname the headers were built for; never unloaded.
    void *h = dlopen("libgnutls.so.30", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char *e = dlerror();
      failure = e ? e : "libgnutls.so.30";
      return;
    }
#define VK_GNUTLS_RESOLVE(f)                               \
  if (failure.empty()) {                                   \
    f = reinterpret_cast<decltype(f)>(dlsym(h, #f));       \
    if (!f) failure = std::string("missing symbol ") + #f; \
  }
    VK_GNUTLS_FUNCTIONS(VK_GNUTLS_RESOLVE)
#undef VK_GNUTLS_RESOLVE
    if (!failure.empty()) return;
    // As libvirt: LIBVIRT_GNUTLS_DEBUG=N logs GnuTLS's own debug output.
    if (const char *d = getenv("LIBVIRT_GNUTLS_DEBUG")) {
      char *end = nullptr;
      long v = strtol(d, &end, 10);
      if (end == d || *end) v = 10;
      gnutls_global_set_log_level(static_cast<int>(v));
      gnutls_global_set_log_function(log_gnutls);
    }
    gnutls_global_init();
  });
  if (!failure.empty())
    return error(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, "Failed to load GnuTLS: %s", failure.c_str());
  return Status();
}

}  // namespace virtkit::remote
