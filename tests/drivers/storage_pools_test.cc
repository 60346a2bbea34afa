// SPDX-License-Identifier: LGPL-2.1-or-later
// Storage pools of the test driver through the public C API
// (storage_fixture.h): the default pool, lookups, XML and its errors,
// lifecycles, autostart, list filters, and a host file with its own pools.
#include "storage_fixture.h"

namespace {

using namespace storage_tests;

TEST_F(Storage, DefaultPoolAsLibvirt) {
  EXPECT_EQ(take(virStoragePoolGetXMLDesc(pool_, 0)), fixture("pool-default.xml"));
  EXPECT_EQ(info(pool_),
            (std::vector<unsigned long long>{VIR_STORAGE_POOL_RUNNING, kCap, 0, kCap}));
  EXPECT_EQ(virStoragePoolIsActive(pool_), 1);
  EXPECT_EQ(virStoragePoolIsPersistent(pool_), 1);
  int autostart = -1;
  EXPECT_EQ(virStoragePoolGetAutostart(pool_, &autostart), 0);
  EXPECT_EQ(autostart, 0);
  char uuid[VIR_UUID_STRING_BUFLEN];
  ASSERT_EQ(virStoragePoolGetUUIDString(pool_, uuid), 0);
  EXPECT_STREQ(uuid, kDefaultUuid);
  EXPECT_EQ(virConnectNumOfStoragePools(conn_), 1);
  EXPECT_EQ(virConnectNumOfDefinedStoragePools(conn_), 0);
  EXPECT_EQ(names(true), (std::set<std::string>{"default-pool"}));
  EXPECT_EQ(names(false), (std::set<std::string>{}));
  EXPECT_EQ(virStoragePoolNumOfVolumes(pool_), 0);
  char *vn[4];
  EXPECT_EQ(virStoragePoolListVolumes(pool_, vn, 4), 0);
}

TEST_F(Storage, Lookups) {
  virStoragePoolPtr p = keep(virStoragePoolLookupByUUIDString(conn_, kDefaultUuid));
  ASSERT_NE(p, nullptr);
  EXPECT_STREQ(virStoragePoolGetName(p), "default-pool");

  EXPECT_EQ(virStoragePoolLookupByName(conn_, "nope"), nullptr);
  expect_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST,
               "Storage pool not found: no storage pool with matching name 'nope'");
  EXPECT_EQ(virStoragePoolLookupByUUIDString(conn_, "11111111-2222-3333-4444-555555555555"),
            nullptr);
  expect_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST,
               "Storage pool not found: no storage pool with matching uuid "
               "'11111111-2222-3333-4444-555555555555'");

  virStorageVolPtr v = vol("<volume><name>v1</name><capacity>10</capacity></volume>");
  ASSERT_NE(v, nullptr);
  virStoragePoolPtr byvol = keep(virStoragePoolLookupByVolume(v));
  ASSERT_NE(byvol, nullptr);
  EXPECT_STREQ(virStoragePoolGetName(byvol), "default-pool");

  virStorageVolPtr byname = keep(virStorageVolLookupByName(pool_, "v1"));
  ASSERT_NE(byname, nullptr);
  EXPECT_STREQ(virStorageVolGetKey(byname), "/default-pool/v1");
  virStorageVolPtr bykey = keep(virStorageVolLookupByKey(conn_, "/default-pool/v1"));
  ASSERT_NE(bykey, nullptr);
  EXPECT_STREQ(virStorageVolGetName(bykey), "v1");
  virStorageVolPtr bypath = keep(virStorageVolLookupByPath(conn_, "/default-pool/v1"));
  ASSERT_NE(bypath, nullptr);
  EXPECT_STREQ(virStorageVolGetName(bypath), "v1");

  EXPECT_EQ(virStorageVolLookupByName(pool_, "zzz"), nullptr);
  expect_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
               "Storage volume not found: no storage vol with matching name 'zzz'");
  EXPECT_EQ(virStorageVolLookupByKey(conn_, "/nope"), nullptr);
  expect_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
               "Storage volume not found: no storage vol with matching key '/nope'");
  EXPECT_EQ(virStorageVolLookupByPath(conn_, "/nope"), nullptr);
  expect_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
               "Storage volume not found: no storage vol with matching path '/nope'");

  // A pool that went away.
  ASSERT_EQ(virStorageVolDelete(v, 0), 0);
  virStoragePoolPtr p2 = keep(virStoragePoolDefineXML(conn_, kDirPool, 0));
  ASSERT_NE(p2, nullptr);
  ASSERT_EQ(virStoragePoolUndefine(p2), 0);
  EXPECT_EQ(virStoragePoolIsActive(p2), -1);
  expect_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST,
               "Storage pool not found: no storage pool with matching uuid "
               "'11111111-2222-3333-4444-555555555555'");
  EXPECT_EQ(virStoragePoolIsPersistent(p2), -1);
  virStoragePoolInfo pi;
  EXPECT_EQ(virStoragePoolGetInfo(p2, &pi), -1);
  expect_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST,
               "Storage pool not found: no storage pool with matching name 'p2'");
}

TEST_F(Storage, DefineDumpRoundTrips) {
  const char *kinds[] = {"disk",  "fchost", "fs",  "gluster", "iscsi-direct", "iscsi",    "logical",
                         "mpath", "netfs",  "rbd", "scsi",    "sheepdog",     "vstorage", "zfs"};
  for (const char *k : kinds) {
    SCOPED_TRACE(k);
    std::string in = fixture(std::string("pool/pool-") + k + ".xml");
    ASSERT_FALSE(in.empty());
    virStoragePoolPtr p = virStoragePoolDefineXML(conn_, in.c_str(), 0);
    ASSERT_NE(p, nullptr) << virGetLastErrorMessage();
    std::string out = take(virStoragePoolGetXMLDesc(p, 0));
    EXPECT_EQ(out, fixture(std::string("pool/dump-pool-") + k + ".xml"));
    // Defining the dump again gives the same dump.
    virStoragePoolPtr again = virStoragePoolDefineXML(conn_, out.c_str(), 0);
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(take(virStoragePoolGetXMLDesc(again, 0)), out);
    EXPECT_EQ(virStoragePoolIsActive(p), 0);
    EXPECT_EQ(virStoragePoolIsPersistent(p), 1);
    EXPECT_EQ(virStoragePoolUndefine(p), 0);
    virStoragePoolFree(again);
    virStoragePoolFree(p);
  }
}

struct BadPool {
  const char *xml;
  int code;
  int domain;
  const char *message;
};

TEST_F(Storage, PoolXmlErrorsAsLibvirt) {
  const BadPool cases[] = {
      {"<pool><name>x</name><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR,
       VIR_FROM_XML, "XML error: Missing required attribute 'type' in element 'pool'"},
      {"<pool type='foo'><name>x</name></pool>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
       "XML error: Invalid value for attribute 'type' in element 'pool': 'foo'."},
      {"<pool type='dir'><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR,
       VIR_FROM_STORAGE, "XML error: missing pool source name element"},
      {"<pool type='dir'><name>a/b</name><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: name a/b cannot contain '/'"},
      {"<pool type='dir'><name>x</name><uuid>zz</uuid><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: malformed uuid element"},
      {"<pool type='dir'><name>x</name></pool>", VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: missing storage pool target path"},
      {"<pool type='netfs'><name>x</name><source><dir path='/a'/></source><target><path>/x</path>"
       "</target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: missing storage pool source host name"},
      {"<pool type='netfs'><name>x</name><source><host name='h'/></source><target><path>/x</path>"
       "</target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: missing storage pool source path"},
      {"<pool type='fs'><name>x</name><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR,
       VIR_FROM_STORAGE, "XML error: missing storage pool source device name"},
      {"<pool type='scsi'><name>x</name><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR,
       VIR_FROM_STORAGE, "XML error: missing storage pool source adapter"},
      {"<pool type='fs'><name>x</name><source><device path='/d'/><format type='zz'/></source>"
       "<target><path>/x</path></target></pool>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: unknown pool format type zz"},
      {"<pool type='netfs'><name>x</name><source><host/><dir path='/a'/></source><target><path>/x"
       "</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: missing storage pool host name"},
      {"<pool type='netfs'><name>x</name><source><host name='h' port='abc'/><dir path='/a'/>"
       "</source><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_XML,
       "XML error: Invalid value for attribute 'port' in element 'host': 'abc'. Expected integer "
       "value"},
      {"<pool type='fs'><name>x</name><source><device/></source><target><path>/x</path></target>"
       "</pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: missing storage pool source device path"},
      {"<pool type='dir'><name>x</name><target><path>/x</path><permissions><mode>999</mode>"
       "</permissions></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: malformed octal mode"},
      {"<pool type='dir'><name>x</name><target><path>/x</path><permissions><owner>abc</owner>"
       "</permissions></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: malformed owner element"},
      {"<pool type='logical'><name>x</name><features><cow state='yes'/></features><source>"
       "<device path='/d'/></source></pool>",
       VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE,
       "this function is not supported by the connection driver: cow feature may only be used "
       "for 'fs' and 'dir' pools"},
      {"<pool type='iscsi'><name>x</name><source><host name='h'/><device path='d'/><auth "
       "username='u'><secret usage='s'/></auth></source><target><path>/x</path></target></pool>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: storage pool missing auth type"},
      {"<pool type='iscsi'><name>x</name><source><host name='h'/><device path='d'/><auth "
       "type='chap'><secret usage='s'/></auth></source><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: missing username for auth"},
      {"<pool type='iscsi'><name>x</name><source><host name='h'/><device path='d'/><auth "
       "type='chap' username='u'/></source><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: Missing <secret> element in auth"},
      {"<pool type='rbd'><name>x</name><source><host name='h'/></source></pool>", VIR_ERR_XML_ERROR,
       VIR_FROM_STORAGE, "XML error: element 'name' is mandatory for RBD pool"},
      {"<pool type='netfs'><name>x</name><source><host name='h'/><dir path='/a'/><format "
       "type='cifs'/><protocol ver='3'/></source><target><path>/x</path></target></pool>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: storage pool protocol ver unsupported for pool type 'cifs'"},
      {"<pool type='iscsi-direct'><name>x</name><source><host name='h'/><device path='d'/>"
       "</source></pool>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: missing initiator IQN"},
      {"<pool type='dir'><name>x</name><target><path>/x</path></target><refresh><volume "
       "allocation='zz'/></refresh></pool>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
       "unsupported configuration: unknown storage pool volume refresh allocation type zz"},
      {"<pool type='scsi'><name>x</name><source><adapter type='fc_host' "
       "wwnn='20000000c9831b4b'/></source><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: 'wwnn' and 'wwpn' must be specified for adapter type 'fchost'"},
      {"<pool type='scsi'><name>x</name><source><adapter type='fc_host' wwnn='2000' "
       "wwpn='10000000c9831b4b'/></source><target><path>/x</path></target></pool>",
       VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, "internal error: Malformed wwn: 2000"},
      {"<pool type='dir'>", VIR_ERR_XML_DETAIL, VIR_FROM_STORAGE,
       "(storage_pool_definition):1: Premature end of data in tag pool line 1\n<pool "
       "type='dir'>\n-----------------^"},
      {"<volume/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
       "XML error: expecting root element of 'pool', not 'volume'"},
      {"<pool type='dir'><name>default-pool</name><target><path>/other</path></target></pool>",
       VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE,
       "operation failed: pool 'default-pool' already exists with uuid "
       "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"},
      {"<pool type='dir'><name>other</name><uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>"
       "<target><path>/other</path></target></pool>",
       VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE,
       "operation failed: pool 'default-pool' is already defined with uuid "
       "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"},
      {"<pool type='dir'><name>other</name><target><path>/default-pool/</path></target></pool>",
       VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE,
       "operation failed: Storage source conflict with pool: 'default-pool'"},
      {"<pool type='scsi'><name>x</name><source><adapter type='scsi_host' "
       "name='host1'><parentaddr unique_id='1'><address domain='0' bus='1' slot='0' "
       "function='0'/></parentaddr></adapter></source><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter"},
      {"<pool type='scsi'><name>x</name><source><adapter type='scsi_host'><parentaddr><address "
       "domain='0' bus='1' slot='0' function='0'/></parentaddr></adapter></source><target><path>"
       "/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: Missing or invalid scsi adapter 'unique_id' value"},
      {"<pool type='scsi'><name>x</name><source><adapter type='scsi_host'><parentaddr "
       "unique_id='1'/></adapter></source><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: Missing scsi_host PCI address element"},
      {"<pool type='scsi'><name>x</name><source><adapter type='scsi_host'><parentaddr "
       "unique_id='1'><address domain='0' bus='1' slot='40' function='0'/></parentaddr></adapter>"
       "</source><target><path>/x</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_NONE,
       "XML error: Invalid PCI address slot='0x28', must be <= 0x1F"},
      {"<pool type='scsi'><name>x</name><source><adapter wwnn='1'/></source><target><path>/x"
       "</path></target></pool>",
       VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
       "XML error: Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter "
       "'type'"},
  };
  for (const BadPool &c : cases) {
    SCOPED_TRACE(c.xml);
    EXPECT_EQ(virStoragePoolDefineXML(conn_, c.xml, 0), nullptr);
    expect_error(c.code, c.domain, c.message);
  }
  EXPECT_EQ(virStoragePoolDefineXML(conn_, kDirPool, 2), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x2) in function testStoragePoolDefineXML");
  EXPECT_EQ(virStoragePoolDefineXML(conn_, "<pool type='dir'><name>x</name></pool>",
                                    VIR_STORAGE_POOL_DEFINE_VALIDATE),
            nullptr);
  expect_error(VIR_ERR_XML_INVALID_SCHEMA, VIR_FROM_XML,
               "XML document failed to validate against schema: Unable to validate doc against "
               "/usr/share/libvirt/schemas/storagepool.rng\nExpecting an element target, got "
               "nothing\nInvalid sequence in interleave\nElement pool failed to validate "
               "content\n");
  EXPECT_EQ(virStoragePoolCreateXML(conn_,
                                    "<pool type='dir'><name>default-pool</name><uuid>"
                                    "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid><target><path>"
                                    "/default-pool</path></target></pool>",
                                    0),
            nullptr);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_STORAGE,
               "Requested operation is not valid: pool is already active as 'default-pool'");
  EXPECT_EQ(virStoragePoolCreateXML(conn_, kDirPool, 1), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testStoragePoolCreateXML");
  EXPECT_EQ(virConnectNumOfDefinedStoragePools(conn_), 0);
}

TEST_F(Storage, PersistentLifecycle) {
  virStoragePoolPtr p = keep(virStoragePoolDefineXML(conn_, kDirPool, 0));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(names(false), (std::set<std::string>{"p2"}));
  EXPECT_EQ(info(p), (std::vector<unsigned long long>{VIR_STORAGE_POOL_INACTIVE, kCap, 0, kCap}));
  // Inactive: the volume calls refuse.
  const std::string inactive = "Requested operation is not valid: storage pool 'p2' is not active";
  EXPECT_EQ(virStoragePoolNumOfVolumes(p), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, inactive);
  char *vn[2];
  EXPECT_EQ(virStoragePoolListVolumes(p, vn, 2), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, inactive);
  virStorageVolPtr *all = nullptr;
  EXPECT_EQ(virStoragePoolListAllVolumes(p, &all, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: storage pool is not active");
  EXPECT_EQ(virStoragePoolRefresh(p, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, inactive);
  EXPECT_EQ(virStoragePoolDestroy(p), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, inactive);
  EXPECT_EQ(virStorageVolCreateXML(p, "<volume><name>v</name><capacity>1</capacity></volume>", 0),
            nullptr);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, inactive);

  EXPECT_EQ(virStoragePoolBuild(p, 0), 0);
  EXPECT_EQ(virStoragePoolDelete(p, 0), 0);
  EXPECT_EQ(virStoragePoolCreate(p, 0), 0);
  EXPECT_EQ(virStoragePoolIsActive(p), 1);
  EXPECT_EQ(names(true), (std::set<std::string>{"default-pool", "p2"}));

  // Active: the inactive-only calls refuse.
  const std::string active = "Requested operation is not valid: storage pool 'p2' is active";
  EXPECT_EQ(virStoragePoolBuild(p, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, active);
  EXPECT_EQ(virStoragePoolCreate(p, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, active);
  EXPECT_EQ(virStoragePoolDelete(p, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, active);
  EXPECT_EQ(virStoragePoolUndefine(p), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, active);

  EXPECT_EQ(virStoragePoolRefresh(p, 0), 0);
  EXPECT_EQ(virStoragePoolRefresh(p, 1), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testStoragePoolRefresh");
  EXPECT_EQ(virStoragePoolBuild(p, 1), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testStoragePoolBuild");
  EXPECT_EQ(virStoragePoolGetXMLDesc(p, 1), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testStoragePoolGetXMLDesc");

  // Volumes survive a stop and start.
  ASSERT_NE(vol("<volume><name>v</name><capacity>100</capacity></volume>", p), nullptr);
  EXPECT_EQ(virStoragePoolDestroy(p), 0);
  EXPECT_EQ(virStoragePoolIsActive(p), 0);
  EXPECT_EQ(info(p),
            (std::vector<unsigned long long>{VIR_STORAGE_POOL_INACTIVE, kCap, 100, kCap - 100}));
  EXPECT_EQ(virStoragePoolCreate(p, 0), 0);
  EXPECT_EQ(virStoragePoolNumOfVolumes(p), 1);
  EXPECT_EQ(virStoragePoolDestroy(p), 0);

  // Redefining an inactive pool replaces its definition (and resets the sizes).
  virStoragePoolPtr again = keep(virStoragePoolDefineXML(
      conn_,
      "<pool type='dir'><name>p2</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
      "<target><path>/p2-new</path></target></pool>",
      0));
  ASSERT_NE(again, nullptr);
  EXPECT_NE(take(virStoragePoolGetXMLDesc(p, 0)).find("<path>/p2-new</path>"), std::string::npos);
  EXPECT_EQ(info(p), (std::vector<unsigned long long>{VIR_STORAGE_POOL_INACTIVE, kCap, 0, kCap}));

  EXPECT_EQ(virStoragePoolUndefine(p), 0);
  EXPECT_EQ(virStoragePoolUndefine(p), -1);
  expect_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST,
               "Storage pool not found: no storage pool with matching name 'p2'");
  EXPECT_EQ(virConnectNumOfDefinedStoragePools(conn_), 0);
}

TEST_F(Storage, TransientPool) {
  virStoragePoolPtr p = keep(virStoragePoolCreateXML(conn_, kDirPool, 0));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(virStoragePoolIsActive(p), 1);
  EXPECT_EQ(virStoragePoolIsPersistent(p), 0);
  int autostart = -1;
  EXPECT_EQ(virStoragePoolGetAutostart(p, &autostart), 0);
  EXPECT_EQ(autostart, 0);
  EXPECT_EQ(virStoragePoolSetAutostart(p, 1), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: pool has no config file");
  EXPECT_EQ(virStoragePoolDestroy(p), 0);
  EXPECT_EQ(virStoragePoolIsActive(p), -1);
  EXPECT_EQ(virConnectNumOfStoragePools(conn_), 1);
  EXPECT_EQ(virConnectNumOfDefinedStoragePools(conn_), 0);
}

TEST_F(Storage, Autostart) {
  EXPECT_EQ(virStoragePoolSetAutostart(pool_, 1), 0);
  int autostart = -1;
  EXPECT_EQ(virStoragePoolGetAutostart(pool_, &autostart), 0);
  EXPECT_EQ(autostart, 1);
  virStoragePoolPtr *list = nullptr;
  int n = virConnectListAllStoragePools(conn_, &list, VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART);
  ASSERT_EQ(n, 1);
  virStoragePoolFree(list[0]);
  free(list);
  EXPECT_EQ(virStoragePoolSetAutostart(pool_, 0), 0);
  EXPECT_EQ(virStoragePoolGetAutostart(pool_, &autostart), 0);
  EXPECT_EQ(autostart, 0);
}

TEST_F(Storage, ListAllFilters) {
  ASSERT_NE(keep(virStoragePoolDefineXML(conn_, kDirPool, 0)), nullptr);
  ASSERT_NE(keep(virStoragePoolCreateXML(conn_, fixture("pool/pool-logical.xml").c_str(), 0)),
            nullptr);
  auto list = [&](unsigned flags) {
    virStoragePoolPtr *pools = nullptr;
    int n = virConnectListAllStoragePools(conn_, &pools, flags);
    std::set<std::string> out;
    for (int i = 0; i < n; i++) {
      out.insert(virStoragePoolGetName(pools[i]));
      virStoragePoolFree(pools[i]);
    }
    if (n >= 0) {
      EXPECT_EQ(pools[n], nullptr);
    }
    free(pools);
    return out;
  };
  using S = std::set<std::string>;
  EXPECT_EQ(list(0), (S{"default-pool", "p2", "vg0"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE), (S{"default-pool", "vg0"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE), (S{"p2"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT), (S{"default-pool", "p2"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT), (S{"vg0"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART), (S{"default-pool", "p2", "vg0"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART), (S{}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL), (S{"vg0"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_DIR | VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE),
            (S{"default-pool"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_STORAGE_POOLS_NETFS), (S{}));
  EXPECT_EQ(virConnectListAllStoragePools(conn_, nullptr, 0), 3);
  virStoragePoolPtr *pools = nullptr;
  EXPECT_EQ(virConnectListAllStoragePools(conn_, &pools, 1u << 31), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x80000000) in function testConnectListAllStoragePools");
}

TEST(StorageConfig, CustomNodeFile) {
  virSetErrorFunc(nullptr, quiet);
  std::string uri = "test://" + fixture_path("pool-node.xml");
  virConnectPtr c = virConnectOpen(uri.c_str());
  ASSERT_NE(c, nullptr) << virGetLastErrorMessage();
  virStoragePoolPtr p = virStoragePoolLookupByName(c, "inline-pool");
  ASSERT_NE(p, nullptr);
  virStoragePoolInfo pi;
  ASSERT_EQ(virStoragePoolGetInfo(p, &pi), 0);
  EXPECT_EQ(pi.state, VIR_STORAGE_POOL_RUNNING);
  EXPECT_EQ(pi.allocation, 5242980ULL);
  EXPECT_EQ(pi.available, 107368939420ULL);
  EXPECT_EQ(virStoragePoolIsPersistent(p), 1);
  virStorageVolPtr b = virStorageVolLookupByKey(c, "custom-key");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(take(virStorageVolGetPath(b)), "/custom/b.img");
  virStorageVolPtr f = virStorageVolLookupByPath(c, "/inline/fromfile.qcow2");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(take(virStorageVolGetXMLDesc(f, 0)),
            "<volume type='file'>\n  <name>fromfile.qcow2</name>\n"
            "  <key>/inline/fromfile.qcow2</key>\n"
            "  <capacity unit='bytes'>1073741824</capacity>\n"
            "  <allocation unit='bytes'>0</allocation>\n  <target>\n"
            "    <path>/inline/fromfile.qcow2</path>\n    <format type='qcow2'/>\n"
            "  </target>\n</volume>\n");
  virStoragePoolPtr vg = virStoragePoolLookupByName(c, "filevg");
  ASSERT_NE(vg, nullptr);
  virStorageVolPtr lv = virStorageVolLookupByName(vg, "lv1");
  ASSERT_NE(lv, nullptr);
  virStorageVolInfo vi;
  ASSERT_EQ(virStorageVolGetInfo(lv, &vi), 0);
  EXPECT_EQ(vi.type, VIR_STORAGE_VOL_BLOCK);
  EXPECT_EQ(take(virStorageVolGetPath(lv)), "/dev/filevg/lv1");
  EXPECT_EQ(virConnectNumOfStoragePools(c), 2);
  virStorageVolFree(lv);
  virStoragePoolFree(vg);
  virStorageVolFree(f);
  virStorageVolFree(b);
  virStoragePoolFree(p);
  EXPECT_EQ(virConnectClose(c), 0);
}

}  // namespace
