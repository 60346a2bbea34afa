// The test driver's domain save/restore, managed save, core dumps and
// screenshots.
#pragma once

#include "drivers/test/snapshot.h"

namespace virtkit::drivers::test {

class SaveOps : public SnapshotOps {
 public:
  using SnapshotOps::SnapshotOps;
};

}  // namespace virtkit::drivers::test
