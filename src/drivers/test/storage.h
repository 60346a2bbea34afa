// The test driver's storage pools and volumes.
#pragma once

#include "drivers/test/interface.h"

namespace virtkit::drivers::test {

class StorageOps : public InterfaceOps {
 public:
  using InterfaceOps::InterfaceOps;
};

}  // namespace virtkit::drivers::test
