#include "drivers/test/snapshot.h"

namespace virtkit::drivers::test {

struct SnapshotList {};
struct CheckpointList {};

int snapshot_count(const DomainObj &) {
  return 0;
}
int checkpoint_count(const DomainObj &) {
  return 0;
}

}  // namespace virtkit::drivers::test
