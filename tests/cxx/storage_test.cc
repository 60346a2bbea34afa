// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's storage pools and volumes (include/virtkit/storage.hpp) on
// test:///default: each call, and each failure equal to the C call's error.
#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "cxx_test_util.h"

namespace {

using virtkit::StoragePool;
using virtkit::StorageVolume;

const char kPoolUuid[] = "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566";

std::string pool_xml(const std::string &name) {
  return "<pool type='dir'><name>" + name + "</name><target><path>/" + name +
         "</path></target></pool>";
}
std::string vol_xml(const std::string &name, unsigned long long bytes = 1048576) {
  return "<volume><name>" + name + "</name><capacity unit='bytes'>" + std::to_string(bytes) +
         "</capacity></volume>";
}

class CxxStorage : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, cxx_test::quiet);
    conn = virtkit::Connection::open("test:///default");
    c = virConnectOpen("test:///default");
    ASSERT_NE(c, nullptr);
    cpool = virStoragePoolLookupByName(c, "default-pool");
    ASSERT_NE(cpool, nullptr);
    pool = StoragePool::lookup_by_name(conn, "default-pool");
  }
  void TearDown() override {
    virStoragePoolFree(cpool);
    virConnectClose(c);
    virSetErrorFunc(nullptr, nullptr);
  }
  virtkit::Connection conn;
  StoragePool pool;
  virConnectPtr c = nullptr;
  virStoragePoolPtr cpool = nullptr;
};

TEST_F(CxxStorage, PoolLookups) {
  EXPECT_EQ(pool.name(), "default-pool");
  EXPECT_EQ(pool.uuid_string(), kPoolUuid);
  unsigned char raw[VIR_UUID_BUFLEN];
  ASSERT_EQ(virStoragePoolGetUUID(cpool, raw), 0);
  auto u = pool.uuid();
  EXPECT_TRUE(std::equal(u.begin(), u.end(), raw));
  EXPECT_EQ(StoragePool::lookup_by_uuid(conn, u).name(), "default-pool");
  EXPECT_EQ(StoragePool::lookup_by_uuid_string(conn, kPoolUuid).name(), "default-pool");
  EXPECT_EQ(pool.connection().uri(), "test:///default");

  SAME_ERROR(StoragePool, !virStoragePoolLookupByName(c, "nosuch"), StoragePool::, lookup_by_name,
             conn, "nosuch");
  std::array<unsigned char, VIR_UUID_BUFLEN> zero{};
  SAME_ERROR(StoragePool, !virStoragePoolLookupByUUID(c, zero.data()), StoragePool::,
             lookup_by_uuid, conn, zero);
  SAME_ERROR(StoragePool, !virStoragePoolLookupByUUIDString(c, "not-a-uuid"), StoragePool::,
             lookup_by_uuid_string, conn, "not-a-uuid");
  // The test driver has no lookup by target path, nor pool capabilities.
  SAME_ERROR(StoragePool, !virStoragePoolLookupByTargetPath(c, "/default-pool"), StoragePool::,
             lookup_by_target_path, conn, "/default-pool");
  SAME_ERROR(std::string, !virConnectGetStoragePoolCapabilities(c, 0), StoragePool::, capabilities,
             conn);
}

TEST_F(CxxStorage, PoolListings) {
  auto all = StoragePool::list_all(conn);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(StoragePool::list_all(conn, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE).size(),
            static_cast<size_t>(virConnectNumOfStoragePools(c)));
  auto names = StoragePool::list_names(conn);
  EXPECT_NE(std::find(names.begin(), names.end(), "default-pool"), names.end());
  EXPECT_EQ(StoragePool::count(conn), static_cast<int>(names.size()));
  EXPECT_EQ(StoragePool::count_defined(conn), virConnectNumOfDefinedStoragePools(c));
  EXPECT_EQ(StoragePool::list_defined_names(conn).size(),
            static_cast<size_t>(StoragePool::count_defined(conn)));
  virStoragePoolPtr *pools = nullptr;
  SAME_ERROR(std::vector<StoragePool>, virConnectListAllStoragePools(c, &pools, 1u << 30) < 0,
             StoragePool::, list_all, conn, 1u << 30);

  char *src = virConnectFindStoragePoolSources(c, "logical", nullptr, 0);
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(StoragePool::find_sources(conn, "logical"), src);
  std::free(src);
  SAME_ERROR(std::string, !virConnectFindStoragePoolSources(c, "nosuch", nullptr, 0), StoragePool::,
             find_sources, conn, "nosuch");
  SAME_ERROR(std::string, !virConnectFindStoragePoolSources(c, "netfs", nullptr, 0), StoragePool::,
             find_sources, conn, "netfs", std::nullopt);
}

TEST_F(CxxStorage, PoolInfo) {
  virStoragePoolInfo ci{};
  ASSERT_EQ(virStoragePoolGetInfo(cpool, &ci), 0);
  virStoragePoolInfo i = pool.info();
  EXPECT_EQ(i.state, ci.state);
  EXPECT_EQ(i.capacity, ci.capacity);
  EXPECT_EQ(i.available, ci.available);
  char *x = virStoragePoolGetXMLDesc(cpool, 0);
  EXPECT_EQ(pool.xml(), x);
  std::free(x);
  EXPECT_TRUE(pool.is_active());
  EXPECT_TRUE(pool.is_persistent());
  EXPECT_FALSE(pool.autostart());
  pool.set_autostart(true);
  EXPECT_TRUE(pool.autostart());
  pool.set_autostart(false);
  pool.refresh();
  SAME_ERROR(std::string, !virStoragePoolGetXMLDesc(cpool, 1u << 30), pool., xml, 1u << 30);
  SAME_ERROR(void, virStoragePoolRefresh(cpool, 1u << 30) < 0, pool., refresh, 1u << 30);
  // Active: cannot be started, built or deleted again.
  SAME_ERROR(void, virStoragePoolCreate(cpool, 0) < 0, pool., create);
  SAME_ERROR(void, virStoragePoolBuild(cpool, 0) < 0, pool., build);
  SAME_ERROR(void, virStoragePoolDelete(cpool, 0) < 0, pool., remove);
  SAME_ERROR(void, virStoragePoolUndefine(cpool) < 0, pool., undefine);
}

TEST_F(CxxStorage, PoolLifecycle) {
  const std::string name = "cxx-pool";
  auto p = StoragePool::define_xml(conn, pool_xml(name));
  EXPECT_FALSE(p.is_active());
  EXPECT_TRUE(p.is_persistent());
  auto defined = StoragePool::list_defined_names(conn);
  EXPECT_NE(std::find(defined.begin(), defined.end(), name), defined.end());
  virStoragePoolPtr cp = virStoragePoolLookupByName(c, name.c_str());
  ASSERT_NE(cp, nullptr);
  SAME_ERROR(void, virStoragePoolDestroy(cp) < 0, p., destroy);
  SAME_ERROR(void, virStoragePoolRefresh(cp, 0) < 0, p., refresh);
  SAME_ERROR(
      std::vector<StorageVolume>,
      [&] {
        virStorageVolPtr *v = nullptr;
        return virStoragePoolListAllVolumes(cp, &v, 0) < 0;
      }(),
      StorageVolume::, list_all, p);
  SAME_ERROR(int, virStoragePoolNumOfVolumes(cp) < 0, StorageVolume::, count, p);
  p.build();
  p.create();
  EXPECT_TRUE(p.is_active());
  EXPECT_TRUE(StorageVolume::list_all(p).empty());
  p.destroy();
  p.remove();
  p.undefine();
  EXPECT_FALSE(StoragePool::try_lookup_by_name(conn, name));
  SAME_ERROR(void, virStoragePoolUndefine(cp) < 0, p., undefine);
  virStoragePoolFree(cp);

  auto t = StoragePool::create_xml(conn, pool_xml("cxx-transient"));
  EXPECT_TRUE(t.is_active());
  EXPECT_FALSE(t.is_persistent());
  t.destroy();
  SAME_ERROR(StoragePool, !virStoragePoolDefineXML(c, "<pool", 0), StoragePool::, define_xml, conn,
             "<pool");
  SAME_ERROR(StoragePool, !virStoragePoolCreateXML(c, "junk", 0), StoragePool::, create_xml, conn,
             "junk");
}

TEST_F(CxxStorage, Volumes) {
  auto v = StorageVolume::create_xml(pool, vol_xml("cxx-v1"));
  EXPECT_EQ(v.name(), "cxx-v1");
  virStorageVolPtr cv = virStorageVolLookupByName(cpool, "cxx-v1");
  ASSERT_NE(cv, nullptr);
  EXPECT_EQ(v.key(), virStorageVolGetKey(cv));
  char *path = virStorageVolGetPath(cv);
  EXPECT_EQ(v.path(), path);
  EXPECT_EQ(StorageVolume::lookup_by_path(conn, path).name(), "cxx-v1");
  std::free(path);
  EXPECT_EQ(StorageVolume::lookup_by_key(conn, v.key()).name(), "cxx-v1");
  EXPECT_EQ(StorageVolume::lookup_by_name(pool, "cxx-v1").key(), v.key());
  EXPECT_EQ(v.pool().name(), "default-pool");
  EXPECT_EQ(StoragePool::lookup_by_volume(v).name(), "default-pool");
  EXPECT_EQ(v.connection().uri(), "test:///default");

  virStorageVolInfo ci{};
  ASSERT_EQ(virStorageVolGetInfo(cv, &ci), 0);
  EXPECT_EQ(v.info().capacity, ci.capacity);
  EXPECT_EQ(v.info().type, ci.type);
  // The test driver has no virStorageVolGetInfoFlags.
  SAME_ERROR(virStorageVolInfo,
             virStorageVolGetInfoFlags(cv, &ci, VIR_STORAGE_VOL_GET_PHYSICAL) < 0, v., info,
             VIR_STORAGE_VOL_GET_PHYSICAL);
  char *x = virStorageVolGetXMLDesc(cv, 0);
  EXPECT_EQ(v.xml(), x);
  std::free(x);

  auto copy = StorageVolume::create_xml_from(pool, vol_xml("cxx-v2"), v);
  EXPECT_EQ(copy.name(), "cxx-v2");
  auto names = StorageVolume::list_names(pool);
  EXPECT_NE(std::find(names.begin(), names.end(), "cxx-v2"), names.end());
  EXPECT_EQ(StorageVolume::count(pool), static_cast<int>(names.size()));
  EXPECT_EQ(StorageVolume::list_all(pool).size(), names.size());

  // The test driver neither resizes nor wipes volumes.
  SAME_ERROR(void, virStorageVolResize(cv, 2 * 1048576, 0) < 0, v., resize, 2 * 1048576);
  SAME_ERROR(void, virStorageVolWipe(cv, 0) < 0, v., wipe);
  SAME_ERROR(void, virStorageVolWipePattern(cv, VIR_STORAGE_VOL_WIPE_ALG_ZERO, 0) < 0, v.,
             wipe_pattern, VIR_STORAGE_VOL_WIPE_ALG_ZERO);
  SAME_ERROR(virStorageVolInfo, virStorageVolGetInfoFlags(cv, &ci, 1u << 30) < 0, v., info,
             1u << 30);
  SAME_ERROR(std::string, !virStorageVolGetXMLDesc(cv, 1), v., xml, 1);
  SAME_ERROR(StorageVolume, !virStorageVolCreateXML(cpool, vol_xml("cxx-v1").c_str(), 0),
             StorageVolume::, create_xml, pool, vol_xml("cxx-v1"));
  SAME_ERROR(StorageVolume, !virStorageVolCreateXMLFrom(cpool, "<volume", cv, 0), StorageVolume::,
             create_xml_from, pool, "<volume", v);
  SAME_ERROR(StorageVolume, !virStorageVolLookupByName(cpool, "nosuch"), StorageVolume::,
             lookup_by_name, pool, "nosuch");
  SAME_ERROR(StorageVolume, !virStorageVolLookupByKey(c, "nosuch"), StorageVolume::, lookup_by_key,
             conn, "nosuch");
  SAME_ERROR(StorageVolume, !virStorageVolLookupByPath(c, "/nosuch"), StorageVolume::,
             lookup_by_path, conn, "/nosuch");

  // The test driver transfers no volume data: both report it unsupported.
  auto st = virtkit::Stream::create(conn);
  virStreamPtr cst = virStreamNew(c, 0);
  SAME_ERROR(void, virStorageVolUpload(cv, cst, 0, 0, 0) < 0, v., upload, st);
  SAME_ERROR(void, virStorageVolDownload(cv, cst, 0, 0, 0) < 0, v., download, st, 0, 16);
  virStreamFree(cst);

  copy.remove();
  v.remove();
  SAME_ERROR(void, virStorageVolDelete(cv, 0) < 0, v., remove);
  virStorageVolFree(cv);
}

}  // namespace
