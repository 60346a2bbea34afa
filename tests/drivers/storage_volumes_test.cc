// SPDX-License-Identifier: LGPL-2.1-or-later
// Storage volumes of the test driver through the public C API
// (storage_fixture.h): volumes and their errors, finding pool sources, and
// pools and volumes used from many threads at once.
#include "storage_fixture.h"

namespace {

using namespace storage_tests;

TEST_F(Storage, VolumesAsLibvirt) {
  virStorageVolPtr feat = vol(fixture("vol/vol-features.xml"));
  virStorageVolPtr plain = vol(fixture("vol/vol-plain.xml"));
  virStorageVolPtr qcow = vol(fixture("vol/vol-qcow2.xml"));
  ASSERT_NE(feat, nullptr);
  ASSERT_NE(plain, nullptr);
  ASSERT_NE(qcow, nullptr);
  EXPECT_EQ(take(virStorageVolGetXMLDesc(feat, 0)), fixture("vol/dump-vol-features.xml"));
  EXPECT_EQ(take(virStorageVolGetXMLDesc(plain, 0)), fixture("vol/dump-vol-plain.xml"));
  EXPECT_EQ(take(virStorageVolGetXMLDesc(qcow, 0)), fixture("vol/dump-vol-qcow2.xml"));
  virStorageVolInfo vi;
  ASSERT_EQ(virStorageVolGetInfo(qcow, &vi), 0);
  EXPECT_EQ(vi.type, VIR_STORAGE_VOL_FILE);
  EXPECT_EQ(vi.capacity, 104857600ULL);
  EXPECT_EQ(vi.allocation, 4096ULL);
  EXPECT_EQ(take(virStorageVolGetPath(qcow)), "/default-pool/disk.qcow2");
  EXPECT_STREQ(virStorageVolGetKey(qcow), "/default-pool/disk.qcow2");
  EXPECT_EQ(info(pool_), (std::vector<unsigned long long>{VIR_STORAGE_POOL_RUNNING, kCap,
                                                          2147487744ULL, 105226694656ULL}));
  EXPECT_EQ(virStoragePoolNumOfVolumes(pool_), 3);
  char *vn[8] = {};
  ASSERT_EQ(virStoragePoolListVolumes(pool_, vn, 8), 3);
  std::set<std::string> got;
  for (int i = 0; i < 3; i++) got.insert(take(vn[i]));
  EXPECT_EQ(got, (std::set<std::string>{"feat", "plain.img", "disk.qcow2"}));
  ASSERT_EQ(virStoragePoolListVolumes(pool_, vn, 1), 1);
  free(vn[0]);
  virStorageVolPtr *all = nullptr;
  ASSERT_EQ(virStoragePoolListAllVolumes(pool_, &all, 0), 3);
  for (int i = 0; i < 3; i++) virStorageVolFree(all[i]);
  EXPECT_EQ(all[3], nullptr);
  free(all);
  EXPECT_EQ(virStoragePoolListAllVolumes(pool_, nullptr, 0), 3);
  EXPECT_EQ(virStoragePoolListAllVolumes(pool_, &all, 1), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testStoragePoolListAllVolumes");

  // Clone.
  virStorageVolPtr clone = keep(virStorageVolCreateXMLFrom(
      pool_, "<volume><name>clone</name><capacity>10</capacity></volume>", plain, 0));
  ASSERT_NE(clone, nullptr);
  EXPECT_STREQ(virStorageVolGetKey(clone), "/default-pool/clone");

  // Delete gives the space back.
  EXPECT_EQ(virStorageVolDelete(plain, 0), 0);
  EXPECT_EQ(info(pool_),
            (std::vector<unsigned long long>{VIR_STORAGE_POOL_RUNNING, kCap, 4106, kCap - 4106}));
  EXPECT_EQ(virStorageVolDelete(plain, 0), -1);
  expect_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
               "Storage volume not found: no storage vol with matching name 'plain.img'");
  EXPECT_EQ(virStorageVolGetXMLDesc(plain, 0), nullptr);
  expect_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
               "Storage volume not found: no storage vol with matching name 'plain.img'");
  EXPECT_EQ(virStorageVolGetInfo(plain, &vi), -1);
  expect_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
               "Storage volume not found: no storage vol with matching name 'plain.img'");
  EXPECT_EQ(virStorageVolGetPath(plain), nullptr);
  expect_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
               "Storage volume not found: no storage vol with matching name 'plain.img'");
  EXPECT_EQ(virStorageVolCreateXMLFrom(
                pool_, "<volume><name>c2</name><capacity>10</capacity></volume>", plain, 0),
            nullptr);
  expect_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
               "Storage volume not found: no storage vol with matching name 'plain.img'");
  EXPECT_EQ(virStorageVolDelete(qcow, 1), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testStorageVolDelete");
  EXPECT_EQ(virStorageVolGetXMLDesc(qcow, 1), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testStorageVolGetXMLDesc");
}

TEST_F(Storage, EncryptedVolumesAsLibvirt) {
  for (const char *name : {"luks", "qcowenc"}) {
    SCOPED_TRACE(name);
    virStorageVolPtr v = vol(fixture(std::string("vol/vol-") + name + ".xml"));
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(take(virStorageVolGetXMLDesc(v, 0)),
              fixture(std::string("vol/dump-vol-") + name + ".xml"));
  }
}

TEST_F(Storage, DiskPoolVolume) {
  virStoragePoolPtr d =
      keep(virStoragePoolCreateXML(conn_, fixture("pool/pool-disk.xml").c_str(), 0));
  ASSERT_NE(d, nullptr);
  virStorageVolPtr v =
      vol("<volume><name>sde1</name><capacity>1024</capacity><target><format type='linux-lvm'/>"
          "</target></volume>",
          d);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(take(virStorageVolGetXMLDesc(v, 0)), fixture("vol/dump-vol-disk.xml"));
  virStorageVolInfo vi;
  ASSERT_EQ(virStorageVolGetInfo(v, &vi), 0);
  EXPECT_EQ(vi.type, VIR_STORAGE_VOL_BLOCK);
  EXPECT_EQ(take(virStorageVolGetPath(v)), "/dev/sde1");
}

struct BadVol {
  const char *xml;
  int code;
  int domain;
  const char *message;
};

TEST_F(Storage, VolumeErrorsAsLibvirt) {
  ASSERT_NE(vol("<volume><name>v1</name><capacity>1</capacity></volume>"), nullptr);
  const BadVol cases[] = {
      {"<volume><name>v1</name><capacity>1</capacity></volume>", VIR_ERR_OPERATION_FAILED,
       VIR_FROM_TEST, "operation failed: storage vol already exists"},
      {"<volume><name>v2</name><capacity unit='T'>1</capacity></volume>", VIR_ERR_INTERNAL_ERROR,
       VIR_FROM_TEST, "internal error: Not enough free space in pool for volume 'v2'"},
      {"<volume><name>v2</name></volume>", VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: missing capacity element"},
      {"<volume><capacity>1</capacity></volume>", VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: missing volume name element"},
      {"<volume>", VIR_ERR_XML_DETAIL, VIR_FROM_STORAGE,
       "(storage_volume_definition):1: Premature end of data in tag volume line 1\n<volume>\n"
       "--------^"},
      {"<pool/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
       "XML error: expecting root element of 'volume', not 'pool'"},
      {"<volume><name>x</name><capacity>abc</capacity></volume>", VIR_ERR_XML_ERROR,
       VIR_FROM_STORAGE, "XML error: malformed capacity element"},
      {"<volume><name>x</name><capacity unit='zz'>1</capacity></volume>", VIR_ERR_INVALID_ARG,
       VIR_FROM_NONE, "invalid argument: unknown suffix 'zz'"},
      {"<volume><name>x</name><capacity>1</capacity><target><format type='none'/></target>"
       "</volume>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: unknown volume format type none"},
      {"<volume type='zz'><name>v</name><capacity>1</capacity></volume>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: unknown volume type 'zz'"},
      {"<volume><name>v</name><capacity>1</capacity><target><compat>1.1.1</compat></target>"
       "</volume>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: forbidden characters in 'compat' attribute"},
      {"<volume><name>v</name><capacity>1</capacity><target><features><foo/></features></target>"
       "</volume>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: unsupported feature foo"},
      {"<volume><name>v</name><capacity>1</capacity><allocation>-1</allocation></volume>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: malformed capacity element"},
      {"<volume><name>v</name><capacity>1</capacity><target><permissions><mode>abc</mode>"
       "</permissions></target></volume>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: malformed octal mode"},
      {"<volume><name>e</name><capacity>1</capacity><target><encryption/></target></volume>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: unknown volume encryption format"},
      {"<volume><name>e</name><capacity>1</capacity><target><encryption format='luks'><secret "
       "type='x' usage='u'/></encryption></target></volume>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: unknown volume encryption secret type x"},
      {"<volume><name>e</name><capacity>1</capacity><target><encryption format='luks'><ivgen "
       "name='p'/></encryption></target></volume>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: ivgen element found, but cipher is missing"},
      {"<volume><name>e</name><capacity>1</capacity><target><encryption format='luks'><secret "
       "type='passphrase'/></encryption></target></volume>",
       VIR_ERR_XML_ERROR, VIR_FROM_NONE, "XML error: missing secret uuid or usage attribute"},
      {"<volume><name>e</name><capacity>1</capacity><target><encryption format='luks'><cipher "
       "name='aes'/></encryption></target></volume>",
       VIR_ERR_XML_ERROR, VIR_FROM_XML,
       "XML error: Missing required attribute 'size' in element 'cipher'"},
  };
  for (const BadVol &c : cases) {
    SCOPED_TRACE(c.xml);
    EXPECT_EQ(virStorageVolCreateXML(pool_, c.xml, 0), nullptr);
    expect_error(c.code, c.domain, c.message);
  }
  EXPECT_EQ(
      virStorageVolCreateXML(pool_, "<volume><name>v</name><capacity>1</capacity></volume>", 2),
      nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x2) in function testStorageVolCreateXML");
  EXPECT_EQ(virStoragePoolNumOfVolumes(pool_), 1);
}

TEST_F(Storage, FindPoolSourcesAsLibvirt) {
  EXPECT_EQ(take(virConnectFindStoragePoolSources(conn_, "logical", nullptr, 0)),
            "<sources>\n  <source>\n    <device path='/dev/sda20'/>\n    <name>testvg1</name>\n"
            "    <format type='lvm2'/>\n  </source>\n  <source>\n    <device path='/dev/sda21'/>\n"
            "    <name>testvg2</name>\n    <format type='lvm2'/>\n  </source>\n</sources>\n");
  EXPECT_EQ(take(virConnectFindStoragePoolSources(conn_, "netfs",
                                                  "<source><host name='h1'/></source>", 0)),
            "<sources>\n  <source>\n    <host name='h1'/>\n    <dir path='/testshare'/>\n"
            "    <format type='nfs'/>\n  </source>\n</sources>\n");
  EXPECT_EQ(virConnectFindStoragePoolSources(conn_, "dir", nullptr, 0), nullptr);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
               "internal error: unknown storage pool type dir");
  EXPECT_EQ(virConnectFindStoragePoolSources(conn_, "foo", nullptr, 0), nullptr);
  expect_error(VIR_ERR_NO_SUPPORT, VIR_FROM_TEST,
               "this function is not supported by the connection driver: pool type 'foo' does "
               "not support source discovery");
  EXPECT_EQ(virConnectFindStoragePoolSources(conn_, "foo", "<source/>", 0), nullptr);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_STORAGE,
               "internal error: missing backend for pool type -1");
  EXPECT_EQ(virConnectFindStoragePoolSources(conn_, "fs", nullptr, 0), nullptr);
  expect_error(VIR_ERR_NO_SUPPORT, VIR_FROM_TEST,
               "this function is not supported by the connection driver: pool type 'fs' does "
               "not support source discovery");
  EXPECT_EQ(virConnectFindStoragePoolSources(conn_, "netfs", nullptr, 0), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "invalid argument: hostname must be specified for netfs sources");
  EXPECT_EQ(virConnectFindStoragePoolSources(conn_, "netfs", "<src/>", 0), nullptr);
  expect_error(VIR_ERR_XML_ERROR, VIR_FROM_XML,
               "XML error: expecting root element of 'source', not 'src'");
  EXPECT_EQ(virConnectFindStoragePoolSources(conn_, "netfs", nullptr, 1), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testConnectFindStoragePoolSources");
}

// Many threads on one connection: volumes and pools come and go while others
// look them up; the pool's arithmetic ends where it started.
TEST_F(Storage, ConcurrentUse) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; t++) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; i++) {
        std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
        std::string xml = "<volume><name>" + name + "</name><capacity>1000</capacity></volume>";
        virStorageVolPtr v = virStorageVolCreateXML(pool_, xml.c_str(), 0);
        if (!v) {
          failures++;
          continue;
        }
        virStorageVolPtr byp = virStorageVolLookupByPath(conn_, ("/default-pool/" + name).c_str());
        if (!byp) failures++;
        if (byp) virStorageVolFree(byp);
        if (virStorageVolDelete(v, 0) != 0) failures++;
        virStorageVolFree(v);
        std::string pool = "<pool type='dir'><name>" + name + "</name><target><path>/" + name +
                           "</path></target></pool>";
        virStoragePoolPtr p = virStoragePoolDefineXML(conn_, pool.c_str(), 0);
        if (!p) {
          failures++;
          continue;
        }
        if (virStoragePoolCreate(p, 0) != 0 || virStoragePoolDestroy(p) != 0 ||
            virStoragePoolUndefine(p) != 0)
          failures++;
        virStoragePoolFree(p);
        virStoragePoolPtr *all = nullptr;
        int n = virConnectListAllStoragePools(conn_, &all, 0);
        for (int k = 0; k < n; k++) virStoragePoolFree(all[k]);
        free(all);
      }
    });
  }
  for (auto &th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(info(pool_),
            (std::vector<unsigned long long>{VIR_STORAGE_POOL_RUNNING, kCap, 0, kCap}));
  EXPECT_EQ(virConnectNumOfStoragePools(conn_), 1);
  EXPECT_EQ(virConnectNumOfDefinedStoragePools(conn_), 0);
}

}  // namespace
