// The test driver's domain snapshots and checkpoints.
#pragma once

#include "drivers/test/nodedev.h"

namespace virtkit::drivers::test {

class SnapshotOps : public NodeDeviceOps {
 public:
  using NodeDeviceOps::NodeDeviceOps;
};

}  // namespace virtkit::drivers::test
