// The test driver's networks.
#pragma once

#include "drivers/test/base.h"

namespace virtkit::drivers::test {

class NetworkOps : public TestBase {
 public:
  using TestBase::TestBase;
};

}  // namespace virtkit::drivers::test
