#include "api/handles.h"

#include <cstring>

namespace virtkit::handles {

bool unref(virConnectPtr c) noexcept {
  if (c->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return false;
  c->magic.store(kDeadMagic, std::memory_order_relaxed);
  delete c;
  return true;
}

bool unref(virDomainPtr d) noexcept {
  if (d->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return false;
  d->magic.store(kDeadMagic, std::memory_order_relaxed);
  virConnectPtr conn = d->conn;
  delete d;
  unref(conn);
  return true;
}

virDomainPtr new_domain(virConnectPtr conn, std::string_view name, const unsigned char *uuid,
                        int id) {
  auto *d = new _virDomain;
  d->conn = conn;
  d->name.assign(name);
  std::memcpy(d->uuid, uuid, VIR_UUID_BUFLEN);
  d->id.store(id, std::memory_order_relaxed);
  ref(conn);
  return d;
}

}  // namespace virtkit::handles
