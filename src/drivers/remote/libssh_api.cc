// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/libssh_api.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace virtkit::remote {

#define VK_LIBSSH_DEFINE(f) decltype(&::f) f = nullptr;
VK_LIBSSH_FUNCTIONS(VK_LIBSSH_DEFINE)
#undef VK_LIBSSH_DEFINE

Status load_libssh() {
  static std::once_flag once;
  static std::string failure;  // empty once loaded
  std::call_once(once, [] {
    // The soname the headers were built for; never unloaded.
    void *h = dlopen("libssh.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char *e = dlerror();
      failure = e ? e : "libssh.so.4";
      return;
    }
#define VK_LIBSSH_RESOLVE(f)                               \
  if (failure.empty()) {                                   \
    f = reinterpret_cast<decltype(f)>(dlsym(h, #f));       \
    if (!f) failure = std::string("missing symbol ") + #f; \
  }
    VK_LIBSSH_FUNCTIONS(VK_LIBSSH_RESOLVE)
#undef VK_LIBSSH_RESOLVE
    if (failure.empty()) ssh_init();
  });
  if (!failure.empty())
    return error(VIR_FROM_LIBSSH, VIR_ERR_LIBSSH, "Failed to load libssh: %s", failure.c_str());
  return Status();
}

}  // namespace virtkit::remote
