// The driver interface. A Driver claims URIs and opens connections; each open
// connection has a Hypervisor backend with one virtual per slot of libvirt's
// driver tables that the public API calls (generated from api/libvirt.api
// into GeneratedSlots: same name and C arguments as libvirt's slot, the
// result in a Result<>). Every slot defaults to "unsupported", which the
// entry guard reports as VIR_ERR_NO_SUPPORT naming the public function, so a
// driver lacks exactly the slots it does not override.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "public.h"
#include "driver/uri.h"
#include "driver_slots.h"  // generated: class GeneratedSlots
#include "error/status.h"

namespace virtkit::driver {

class Hypervisor : public GeneratedSlots {
 public:
  // Driver name reported by virConnectGetType ("Test", "QEMU", ...).
  virtual const char *name() const = 0;
};

// A registered driver: claims URIs and opens connections.
class Driver {
 public:
  virtual ~Driver() = default;
  virtual const char *name() const = 0;
  // Whether this driver handles `uri` (libvirt's VIR_DRV_OPEN_DECLINED otherwise).
  virtual bool claims(const Uri &uri) const = 0;
  // `flags` as the application passed them (drivers check them).
  virtual Result<std::unique_ptr<Hypervisor>> open(const Uri &uri, virConnectAuthPtr auth,
                                                   unsigned flags) = 0;
};

}  // namespace virtkit::driver
