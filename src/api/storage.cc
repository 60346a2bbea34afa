// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for storage pools and volumes: the handles and
// lookups, streaming a volume's content and resizing it.
#include "api/accessors.h"
#include "api/guard.h"
#include "driver/driver.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::table;

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

namespace {

// The stream must be valid and belong to the volume's connection; libvirt
// refuses read-only connections between those two checks.
Status check_stream(const Call &c, virStorageVolPtr vol, virStreamPtr stream) {
  VK_TRY(c.valid_handle(stream));
  VK_TRY(c.writable(vol->conn));
  if (vol->conn != stream->conn)
    return c.invalid("stream", "stream in %s must match connection of volume '%s'", c.api.name,
                     vol->name.c_str());
  return Status();
}

}  // namespace

int virStorageVolDownload(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                          unsigned long long length, unsigned int flags) {
  return entry<Api::virStorageVolDownload>(vol, [&](const Call &c) -> Result<int> {
    VK_TRY(check_stream(c, vol, stream));
    return table<driver::StorageTable>(vol).storageVolDownload(vol, stream, offset, length, flags);
  });
}

int virStorageVolUpload(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                        unsigned long long length, unsigned int flags) {
  return entry<Api::virStorageVolUpload>(vol, [&](const Call &c) -> Result<int> {
    VK_TRY(check_stream(c, vol, stream));
    return table<driver::StorageTable>(vol).storageVolUpload(vol, stream, offset, length, flags);
  });
}

int virStorageVolResize(virStorageVolPtr vol, unsigned long long capacity, unsigned int flags) {
  return entry<Api::virStorageVolResize>(vol, [&](const Call &c) -> Result<int> {
    if (capacity == 0 && !(flags & (VIR_STORAGE_VOL_RESIZE_DELTA | VIR_STORAGE_VOL_RESIZE_SHRINK)))
      return c.invalid("capacity",
                       "capacity in %s cannot be zero without 'delta' or 'shrink' flags set",
                       c.api.name);
    return table<driver::StorageTable>(vol).storageVolResize(vol, capacity, flags);
  });
}
