// SPDX-License-Identifier: LGPL-2.1-or-later
// Fuzz target: a custom test-driver configuration (test:///PATH), opened,
// listed and closed.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {
void quiet(void *, virErrorPtr) {}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string path = [] {
    virSetErrorFunc(nullptr, quiet);
    return "/tmp/virtkit-fuzz-config-" + std::to_string(getpid()) + ".xml";
  }();
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
  virConnectPtr conn = virConnectOpen(("test://" + path).c_str());
  if (conn) {
    virDomainPtr *doms = nullptr;
    int n = virConnectListAllDomains(conn, &doms, 0);
    for (int i = 0; i < n; i++) {
      std::free(virDomainGetXMLDesc(doms[i], 0));
      virDomainFree(doms[i]);
    }
    std::free(doms);
    virNodeInfo info;
    virNodeGetInfo(conn, &info);
    std::free(virConnectGetCapabilities(conn));
    virConnectClose(conn);
  }
  unlink(path.c_str());
  return 0;
}
