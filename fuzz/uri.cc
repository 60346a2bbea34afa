// SPDX-License-Identifier: LGPL-2.1-or-later
// Fuzz target: connection URIs through virConnectOpenReadOnly (parsing,
// driver selection, test-driver paths and parameters).
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {
void quiet(void *, virErrorPtr) {}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bool once = [] {
    virSetErrorFunc(nullptr, quiet);
    return true;
  }();
  (void)once;
  std::string uri(reinterpret_cast<const char *>(data), size);
  virConnectPtr conn = virConnectOpenReadOnly(uri.c_str());
  if (conn) {
    std::free(virConnectGetURI(conn));
    virConnectClose(conn);
  }
  return 0;
}
