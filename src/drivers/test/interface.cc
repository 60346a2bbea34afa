#include "drivers/test/interface.h"

namespace virtkit::drivers::test {

struct InterfaceState {};

Status init_default_interfaces(DriverState &st) {
  st.interfaces = std::make_shared<InterfaceState>();
  return Status();
}

Status load_interfaces(DriverState &st, const std::string &, xmlXPathContextPtr) {
  st.interfaces = std::make_shared<InterfaceState>();
  return Status();
}

}  // namespace virtkit::drivers::test
