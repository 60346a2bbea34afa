// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for host interfaces.
#include "api/accessors.h"

using namespace virtkit;
using namespace virtkit::api;

int virInterfaceFree(virInterfacePtr i) {
  return free_handle<Api::virInterfaceFree>(i);
}
int virInterfaceRef(virInterfacePtr i) {
  return ref_handle<Api::virInterfaceRef>(i);
}
const char *virInterfaceGetName(virInterfacePtr i) {
  return get_name<Api::virInterfaceGetName>(i);
}
const char *virInterfaceGetMACString(virInterfacePtr i) {
  return get_field<Api::virInterfaceGetMACString>(i,
                                                  [](virInterfacePtr x) { return x->mac.c_str(); });
}
virConnectPtr virInterfaceGetConnect(virInterfacePtr i) {
  return get_connect<Api::virInterfaceGetConnect>(i);
}
