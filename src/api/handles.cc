#include "api/handles.h"

#include <cstring>

namespace virtkit::handles {

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
