// The test driver's node devices.
#pragma once

#include "drivers/test/storage.h"

namespace virtkit::drivers::test {

class NodeDeviceOps : public StorageOps {
 public:
  using StorageOps::StorageOps;
};

}  // namespace virtkit::drivers::test
