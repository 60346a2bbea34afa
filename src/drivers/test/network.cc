#include "drivers/test/network.h"

namespace virtkit::drivers::test {

struct NetworkState {};

Status init_default_networks(DriverState &st) {
  st.networks = std::make_shared<NetworkState>();
  return Status();
}

Status load_networks(DriverState &st, const std::string &, xmlXPathContextPtr) {
  st.networks = std::make_shared<NetworkState>();
  return Status();
}

}  // namespace virtkit::drivers::test
