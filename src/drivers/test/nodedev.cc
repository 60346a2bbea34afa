#include "drivers/test/nodedev.h"

namespace virtkit::drivers::test {

struct NodeDeviceState {};

Status init_default_node_devices(DriverState &st) {
  st.node_devices = std::make_shared<NodeDeviceState>();
  return Status();
}

Status load_node_devices(DriverState &st, const std::string &, xmlXPathContextPtr) {
  st.node_devices = std::make_shared<NodeDeviceState>();
  return Status();
}

}  // namespace virtkit::drivers::test
