// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's storage pools and volumes.
#pragma once

#include "drivers/test/base.h"

namespace virtkit::drivers::test {

struct PoolObj;

class TestStorage final : public driver::StorageTable, protected TestCommon {
 public:
  explicit TestStorage(std::shared_ptr<DriverState> st) : TestCommon(std::move(st)) {}

  Result<int> connectNumOfStoragePools(virConnectPtr conn) override;
  Result<int> connectListStoragePools(virConnectPtr conn, char **const names,
                                      int maxnames) override;
  Result<int> connectNumOfDefinedStoragePools(virConnectPtr conn) override;
  Result<int> connectListDefinedStoragePools(virConnectPtr conn, char **const names,
                                             int maxnames) override;
  Result<int> connectListAllStoragePools(virConnectPtr conn, virStoragePoolPtr **pools,
                                         unsigned flags) override;
  Result<char *> connectFindStoragePoolSources(virConnectPtr conn, const char *type,
                                               const char *srcSpec, unsigned flags) override;
  Result<int> connectStoragePoolEventRegisterAny(virConnectPtr conn, virStoragePoolPtr pool,
                                                 int eventID,
                                                 virConnectStoragePoolEventGenericCallback cb,
                                                 void *opaque, virFreeCallback freecb) override;
  Result<int> connectStoragePoolEventDeregisterAny(virConnectPtr conn, int callbackID) override;

  Result<virStoragePoolPtr> storagePoolLookupByName(virConnectPtr conn, const char *name) override;
  Result<virStoragePoolPtr> storagePoolLookupByUUID(virConnectPtr conn,
                                                    const unsigned char *uuid) override;
  Result<virStoragePoolPtr> storagePoolLookupByVolume(virStorageVolPtr vol) override;
  Result<virStoragePoolPtr> storagePoolCreateXML(virConnectPtr conn, const char *xml,
                                                 unsigned flags) override;
  Result<virStoragePoolPtr> storagePoolDefineXML(virConnectPtr conn, const char *xml,
                                                 unsigned flags) override;
  Result<int> storagePoolBuild(virStoragePoolPtr pool, unsigned flags) override;
  Result<int> storagePoolUndefine(virStoragePoolPtr pool) override;
  Result<int> storagePoolCreate(virStoragePoolPtr pool, unsigned flags) override;
  Result<int> storagePoolDestroy(virStoragePoolPtr pool) override;
  Result<int> storagePoolDelete(virStoragePoolPtr pool, unsigned flags) override;
  Result<int> storagePoolRefresh(virStoragePoolPtr pool, unsigned flags) override;
  Result<int> storagePoolGetInfo(virStoragePoolPtr pool, virStoragePoolInfoPtr info) override;
  Result<char *> storagePoolGetXMLDesc(virStoragePoolPtr pool, unsigned flags) override;
  Result<int> storagePoolGetAutostart(virStoragePoolPtr pool, int *autostart) override;
  Result<int> storagePoolSetAutostart(virStoragePoolPtr pool, int autostart) override;
  Result<int> storagePoolNumOfVolumes(virStoragePoolPtr pool) override;
  Result<int> storagePoolListVolumes(virStoragePoolPtr pool, char **const names,
                                     int maxnames) override;
  Result<int> storagePoolListAllVolumes(virStoragePoolPtr pool, virStorageVolPtr **vols,
                                        unsigned flags) override;
  Result<int> storagePoolIsActive(virStoragePoolPtr pool) override;
  Result<int> storagePoolIsPersistent(virStoragePoolPtr pool) override;

  Result<virStorageVolPtr> storageVolLookupByName(virStoragePoolPtr pool,
                                                  const char *name) override;
  Result<virStorageVolPtr> storageVolLookupByKey(virConnectPtr conn, const char *key) override;
  Result<virStorageVolPtr> storageVolLookupByPath(virConnectPtr conn, const char *path) override;
  Result<virStorageVolPtr> storageVolCreateXML(virStoragePoolPtr pool, const char *xml,
                                               unsigned flags) override;
  Result<virStorageVolPtr> storageVolCreateXMLFrom(virStoragePoolPtr pool, const char *xml,
                                                   virStorageVolPtr clonevol,
                                                   unsigned flags) override;
  Result<int> storageVolDelete(virStorageVolPtr vol, unsigned flags) override;
  Result<int> storageVolGetInfo(virStorageVolPtr vol, virStorageVolInfoPtr info) override;
  Result<char *> storageVolGetXMLDesc(virStorageVolPtr vol, unsigned flags) override;
  Result<char *> storageVolGetPath(virStorageVolPtr vol) override;

 private:
  Result<virStorageVolPtr> create_volume(virStoragePoolPtr pool, const char *xml,
                                         virStorageVolPtr clonevol, unsigned flags,
                                         const char *func);
};

}  // namespace virtkit::drivers::test
