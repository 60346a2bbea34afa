// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for storage pools and volumes.
#include "api/accessors.h"

using namespace virtkit;
using namespace virtkit::api;

int virStoragePoolFree(virStoragePoolPtr p) {
  return free_handle<Api::virStoragePoolFree>(p);
}
int virStoragePoolRef(virStoragePoolPtr p) {
  return ref_handle<Api::virStoragePoolRef>(p);
}
const char *virStoragePoolGetName(virStoragePoolPtr p) {
  return get_name<Api::virStoragePoolGetName>(p);
}
virConnectPtr virStoragePoolGetConnect(virStoragePoolPtr p) {
  return get_connect<Api::virStoragePoolGetConnect>(p);
}
int virStoragePoolGetUUID(virStoragePoolPtr p, unsigned char *uuid) {
  return get_uuid<Api::virStoragePoolGetUUID>(p, uuid);
}
int virStoragePoolGetUUIDString(virStoragePoolPtr p, char *buf) {
  return get_uuid_string<Api::virStoragePoolGetUUIDString>(p, buf);
}
virStoragePoolPtr virStoragePoolLookupByUUIDString(virConnectPtr conn, const char *uuidstr) {
  return lookup_by_uuid_string<Api::virStoragePoolLookupByUUIDString>(conn, uuidstr,
                                                                      virStoragePoolLookupByUUID);
}

int virStorageVolFree(virStorageVolPtr v) {
  return free_handle<Api::virStorageVolFree>(v);
}
int virStorageVolRef(virStorageVolPtr v) {
  return ref_handle<Api::virStorageVolRef>(v);
}
const char *virStorageVolGetName(virStorageVolPtr v) {
  return get_name<Api::virStorageVolGetName>(v);
}
const char *virStorageVolGetKey(virStorageVolPtr v) {
  return get_field<Api::virStorageVolGetKey>(v, [](virStorageVolPtr x) { return x->key.c_str(); });
}
virConnectPtr virStorageVolGetConnect(virStorageVolPtr v) {
  return get_connect<Api::virStorageVolGetConnect>(v);
}
