// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for node devices.
#include "api/accessors.h"
#include "api/util.h"
#include "error/store.h"

using namespace virtkit;
using namespace virtkit::api;

int virNodeDeviceFree(virNodeDevicePtr d) {
  return free_handle<Api::virNodeDeviceFree>(d);
}
int virNodeDeviceRef(virNodeDevicePtr d) {
  return ref_handle<Api::virNodeDeviceRef>(d);
}
const char *virNodeDeviceGetName(virNodeDevicePtr d) {
  return get_name<Api::virNodeDeviceGetName>(d);
}

// The parent's name is asked of the driver once and kept in the handle. A
// driver's failure (the test driver's "no parent for this device") stays the
// thread's error without being dispatched, as in libvirt; a driver giving no
// parent and no error gives NULL and no error.
const char *virNodeDeviceGetParent(virNodeDevicePtr dev) {
  return entry<Api::virNodeDeviceGetParent>(dev, [&](const Call &) -> Result<const char *> {
    std::lock_guard g(dev->lock);
    if (!dev->has_parent) {
      auto p = handles::table<driver::NodeDeviceTable>(dev).nodeDeviceGetParent(dev);
      if (!p.ok()) {
        if (p.status().unsupported()) return std::move(p).status();
        errstore::set(std::move(p).status());
        return static_cast<const char *>(nullptr);
      }
      if (!*p) return static_cast<const char *>(nullptr);
      dev->parent = *p;
      std::free(const_cast<char *>(*p));  // the driver hands over a copy
      dev->has_parent = true;
    }
    return dev->parent.c_str();
  });
}
