// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/handles.h"

#include <cstring>

#include <mutex>
#include <new>

namespace virtkit::handles {

namespace {

// Free lists by size class (16-byte steps). The link lives past the Header,
// so a freed handle keeps its dead magic.
struct FreeLink {
  FreeLink *next;
};
constexpr size_t kLinkOffset = sizeof(Header);
constexpr size_t kClasses = 64;  // handles up to 1 KiB

struct Pools {
  std::mutex lock;
  FreeLink *heads[kClasses] = {};
};
Pools &pools() {
  static Pools *p = new Pools;  // never destroyed: handles may outlive static destructors
  return *p;
}
size_t class_of(size_t size) {
  return (size + 15) / 16;
}

}  // namespace

void *pool_alloc(size_t size) {
  size_t c = class_of(size);
  if (c < kClasses) {
    Pools &p = pools();
    std::lock_guard g(p.lock);
    if (FreeLink *l = p.heads[c]) {
      p.heads[c] = l->next;
      return reinterpret_cast<char *>(l) - kLinkOffset;
    }
  }
  return ::operator new(c * 16);
}

void pool_free(void *mem, size_t size) noexcept {
  size_t c = class_of(size);
  if (c >= kClasses) {
    ::operator delete(mem);
    return;
  }
  auto *l = reinterpret_cast<FreeLink *>(static_cast<char *>(mem) + kLinkOffset);
  Pools &p = pools();
  std::lock_guard g(p.lock);
  l->next = p.heads[c];
  p.heads[c] = l;
}

virDomainPtr new_domain(virConnectPtr conn, std::string_view name, const unsigned char *uuid,
                        int id, std::shared_ptr<void> driver_obj) {
  return make<_virDomain>(conn, [&](_virDomain &d) {
    d.name.assign(name);
    std::memcpy(d.uuid, uuid, VIR_UUID_BUFLEN);
    d.id.store(id, std::memory_order_relaxed);
    d.driver_obj = std::move(driver_obj);
  });
}

}  // namespace virtkit::handles
