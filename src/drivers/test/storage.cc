#include "drivers/test/storage.h"

namespace virtkit::drivers::test {

struct StorageState {};

Status init_default_storage(DriverState &st) {
  st.storage = std::make_shared<StorageState>();
  return Status();
}

Status load_storage(DriverState &st, const std::string &, xmlXPathContextPtr) {
  st.storage = std::make_shared<StorageState>();
  return Status();
}

}  // namespace virtkit::drivers::test
