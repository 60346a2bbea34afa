// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API: RAII handles, exceptions and the non-throwing Expected form.
//   c++ -std=c++20 domains.cc $(pkg-config --cflags --libs libvirt) && ./a.out test:///default
#include <virtkit/virtkit.hpp>

#include <cstdio>

namespace {
void quiet(void *, virErrorPtr) {}  // errors are read from virtkit::Error instead
}  // namespace

int main(int argc, char **argv) {
  virSetErrorFunc(nullptr, quiet);
  try {
    auto conn = virtkit::Connection::open(argc > 1 ? argv[1] : "test:///default");
    for (const virtkit::Domain &d : conn.list_all_domains()) {
      virDomainInfo info = d.info();
      std::printf("%-20s state=%d memory=%lu KiB vcpus=%u\n", d.name().c_str(), info.state,
                  info.memory, info.nrVirtCpu);
    }
    // Non-throwing: an Expected holding either the domain or the error.
    auto missing = conn.try_lookup_domain_by_name("no-such-domain");
    if (!missing)
      std::printf("lookup failed: code=%d domain=%d message=%s\n", missing.error().code(),
                  missing.error().domain(), missing.error().what());
    // Throwing: suspending a domain twice.
    auto test = conn.lookup_domain_by_name("test");
    test.suspend();
    test.suspend();
  } catch (const virtkit::Error &e) {
    std::printf("error: code=%d domain=%d level=%d: %s\n", e.code(), e.domain(), e.level(),
                e.what());
  }
  return 0;
}
