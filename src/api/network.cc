// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for networks and network ports: the handles
// and lookups, and virNetworkUpdate (its driver call takes the command and
// section the other way round on old servers).
#include "api/accessors.h"
#include "api/extra_checks.h"
#include "driver/driver.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::table;
namespace ex = virtkit::api::extra;

int virNetworkFree(virNetworkPtr n) {
  return free_handle<Api::virNetworkFree>(n);
}
int virNetworkRef(virNetworkPtr n) {
  return ref_handle<Api::virNetworkRef>(n);
}
const char *virNetworkGetName(virNetworkPtr n) {
  return get_name<Api::virNetworkGetName>(n);
}
virConnectPtr virNetworkGetConnect(virNetworkPtr n) {
  return get_connect<Api::virNetworkGetConnect>(n);
}
int virNetworkGetUUID(virNetworkPtr n, unsigned char *uuid) {
  return get_uuid<Api::virNetworkGetUUID>(n, uuid);
}
int virNetworkGetUUIDString(virNetworkPtr n, char *buf) {
  return get_uuid_string<Api::virNetworkGetUUIDString>(n, buf);
}
virNetworkPtr virNetworkLookupByUUIDString(virConnectPtr conn, const char *uuidstr) {
  return lookup_by_uuid_string<Api::virNetworkLookupByUUIDString>(conn, uuidstr,
                                                                  virNetworkLookupByUUID);
}

int virNetworkPortFree(virNetworkPortPtr p) {
  return free_handle<Api::virNetworkPortFree>(p);
}
int virNetworkPortRef(virNetworkPortPtr p) {
  return ref_handle<Api::virNetworkPortRef>(p);
}
virNetworkPtr virNetworkPortGetNetwork(virNetworkPortPtr p) {
  return get_field<Api::virNetworkPortGetNetwork>(p, [](virNetworkPortPtr x) { return x->net; });
}
int virNetworkPortGetUUID(virNetworkPortPtr p, unsigned char *uuid) {
  return get_uuid<Api::virNetworkPortGetUUID>(p, uuid);
}
int virNetworkPortGetUUIDString(virNetworkPortPtr p, char *buf) {
  return get_uuid_string<Api::virNetworkPortGetUUIDString>(p, buf);
}
virNetworkPortPtr virNetworkPortLookupByUUIDString(virNetworkPtr net, const char *uuidstr) {
  return lookup_by_uuid_string<Api::virNetworkPortLookupByUUIDString>(net, uuidstr,
                                                                      virNetworkPortLookupByUUID);
}

int virNetworkUpdate(virNetworkPtr network, unsigned int command, unsigned int section,
                     int parentIndex, const char *xml, unsigned int flags) {
  return entry<Api::virNetworkUpdate>(network, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(xml, "xml"));
    // Old drivers took command and section the other way round; those that
    // know better say so with a feature.
    auto correct = ex::supports_feature(network->conn, ex::kNetworkUpdateHasCorrectOrder);
    VK_TRY(correct);
    if (!*correct)
      return table<driver::NetworkTable>(network).networkUpdate(network, section, command,
                                                                parentIndex, xml, flags);
    return table<driver::NetworkTable>(network).networkUpdate(network, command, section,
                                                              parentIndex, xml, flags);
  });
}
