// The test driver's host interfaces.
#pragma once

#include "drivers/test/network.h"

namespace virtkit::drivers::test {

class InterfaceOps : public NetworkOps {
 public:
  using NetworkOps::NetworkOps;
};

}  // namespace virtkit::drivers::test
