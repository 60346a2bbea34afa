// The public handle objects (struct _virConnect, struct _virDomain, ...):
// reference counted like libvirt's, validated by a magic tag.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "public.h"
#include "driver/driver.h"
#include "error/dispatch.h"

namespace virtkit::handles {
constexpr uint32_t kConnectMagic = 0x766b4330;  // "vkC0"
constexpr uint32_t kDomainMagic = 0x766b4430;   // "vkD0"
constexpr uint32_t kDeadMagic = 0xdeaddead;
}  // namespace virtkit::handles

struct _virConnect {
  std::atomic<uint32_t> magic{virtkit::handles::kConnectMagic};
  std::atomic<int> refs{1};
  unsigned flags = 0;  // VIR_CONNECT_RO
  std::string uri;
  virtkit::ConnErrorState err;
  std::unique_ptr<virtkit::driver::Hypervisor> hv;
};

struct _virDomain {
  std::atomic<uint32_t> magic{virtkit::handles::kDomainMagic};
  std::atomic<int> refs{1};
  virConnectPtr conn;  // holds a reference
  std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN];
  std::atomic<int> id;  // as of the last call that told it (libvirt semantics)
};

namespace virtkit::handles {

inline bool valid(virConnectPtr c) noexcept {
  return c && c->magic.load(std::memory_order_relaxed) == kConnectMagic;
}
inline bool valid(virDomainPtr d) noexcept {
  return d && d->magic.load(std::memory_order_relaxed) == kDomainMagic && valid(d->conn);
}

inline virConnectPtr conn_of(virConnectPtr c) noexcept { return c; }
inline virConnectPtr conn_of(virDomainPtr d) noexcept { return d->conn; }

inline void ref(virConnectPtr c) noexcept { c->refs.fetch_add(1, std::memory_order_relaxed); }
inline void ref(virDomainPtr d) noexcept { d->refs.fetch_add(1, std::memory_order_relaxed); }
// Drops a reference; true when it was the last and the object is gone.
bool unref(virConnectPtr c) noexcept;
bool unref(virDomainPtr d) noexcept;

// A new domain handle (one reference) on `conn`, which it keeps alive.
virDomainPtr new_domain(virConnectPtr conn, std::string_view name, const unsigned char *uuid,
                        int id);

inline driver::Hypervisor &hv(virConnectPtr c) noexcept { return *c->hv; }
inline driver::Hypervisor &hv(virDomainPtr d) noexcept { return *d->conn->hv; }

}  // namespace virtkit::handles
