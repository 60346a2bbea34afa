// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for networks and network ports.
#include "api/accessors.h"

using namespace virtkit;
using namespace virtkit::api;

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
