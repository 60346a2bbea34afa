// SPDX-License-Identifier: LGPL-2.1-or-later
// Storage pools and volumes of the test driver through the public C API.
// Expected values (codes, error domains, messages, XML) are what Debian's
// libvirt 9.0.0 gives for the same calls. The file uses nothing but the
// public API, so it also builds against that libvirt to check them:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/storage_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string fixture(const std::string &name) {
  std::ifstream in(std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture_path(const std::string &name) {
  return std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name;
}

std::string take(char *p) {
  std::string s = p ? p : "(null)";
  std::free(p);
  return s;
}

// Checks the thread's last error: code, domain, message.
void expect_error(int code, int domain, const std::string &message) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(std::string(err->message ? err->message : "(null)"), message);
}

void quiet(void *, virErrorPtr) {}

constexpr const char *kDefaultUuid = "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566";
constexpr unsigned long long kCap = 107374182400ULL;

const char *const kDirPool =
    "<pool type='dir'><name>p2</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
    "<target><path>/p2</path></target></pool>";

class Storage : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
    pool_ = virStoragePoolLookupByName(conn_, "default-pool");
    ASSERT_NE(pool_, nullptr);
  }
  void TearDown() override {
    for (virStorageVolPtr v : vols_) virStorageVolFree(v);
    for (virStoragePoolPtr p : pools_) virStoragePoolFree(p);
    if (pool_) virStoragePoolFree(pool_);
    // The last connection to test:///default frees its state.
    if (conn_) {
      EXPECT_EQ(virConnectClose(conn_), 0);
    }
  }
  virStoragePoolPtr keep(virStoragePoolPtr p) {
    if (p) pools_.push_back(p);
    return p;
  }
  virStorageVolPtr keep(virStorageVolPtr v) {
    if (v) vols_.push_back(v);
    return v;
  }
  virStorageVolPtr vol(const std::string &xml, virStoragePoolPtr p = nullptr) {
    return keep(virStorageVolCreateXML(p ? p : pool_, xml.c_str(), 0));
  }
  std::vector<unsigned long long> info(virStoragePoolPtr p) {
    virStoragePoolInfo i;
    EXPECT_EQ(virStoragePoolGetInfo(p, &i), 0);
    return {static_cast<unsigned long long>(i.state), i.capacity, i.allocation, i.available};
  }
  std::set<std::string> names(bool active) {
    char *buf[16] = {};
    int n = active ? virConnectListStoragePools(conn_, buf, 16)
                   : virConnectListDefinedStoragePools(conn_, buf, 16);
    EXPECT_GE(n, 0);
    std::set<std::string> out;
    for (int i = 0; i < n; i++) out.insert(take(buf[i]));
    return out;
  }

  virConnectPtr conn_ = nullptr;
  virStoragePoolPtr pool_ = nullptr;
  std::vector<virStoragePoolPtr> pools_;
  std::vector<virStorageVolPtr> vols_;
};

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

// ---- events ----

struct PoolSeen {
  std::string name;
  int event, detail;
  bool operator==(const PoolSeen &) const = default;
};
std::ostream &operator<<(std::ostream &os, const PoolSeen &s) {
  return os << "(" << s.name << "," << s.event << "," << s.detail << ")";
}

void on_lifecycle(virConnectPtr, virStoragePoolPtr pool, int event, int detail, void *opaque) {
  static_cast<std::vector<PoolSeen> *>(opaque)->push_back(
      {virStoragePoolGetName(pool), event, detail});
}

void on_refresh(virConnectPtr, virStoragePoolPtr pool, void *opaque) {
  static_cast<std::vector<PoolSeen> *>(opaque)->push_back({virStoragePoolGetName(pool), -1, -1});
}

template <class F>
virConnectStoragePoolEventGenericCallback generic(F f) {
  return reinterpret_cast<virConnectStoragePoolEventGenericCallback>(
      reinterpret_cast<void (*)()>(f));
}

void wake(int, void *) {}

TEST(StorageEvents, LifecycleAndRefreshAsLibvirt) {
  virSetErrorFunc(nullptr, quiet);
  static bool registered = [] {
    virEventRegisterDefaultImpl();
    virEventAddTimeout(10, wake, nullptr, nullptr);
    return true;
  }();
  (void)registered;
  virConnectPtr c = virConnectOpen(default_uri());
  ASSERT_NE(c, nullptr);
  std::vector<PoolSeen> seen, refreshed, filtered;
  int id = virConnectStoragePoolEventRegisterAny(c, nullptr, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                 generic(on_lifecycle), &seen, nullptr);
  ASSERT_GE(id, 0);
  int rid = virConnectStoragePoolEventRegisterAny(c, nullptr, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                                  generic(on_refresh), &refreshed, nullptr);
  ASSERT_GE(rid, 0);
  virStoragePoolPtr def = virStoragePoolLookupByName(c, "default-pool");
  int fid = virConnectStoragePoolEventRegisterAny(c, def, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                  generic(on_lifecycle), &filtered, nullptr);
  ASSERT_GE(fid, 0);

  virStoragePoolPtr p = virStoragePoolDefineXML(c, kDirPool, 0);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(virStoragePoolBuild(p, 0), 0);
  ASSERT_EQ(virStoragePoolCreate(p, 0), 0);
  ASSERT_EQ(virStoragePoolRefresh(p, 0), 0);
  ASSERT_EQ(virStoragePoolDestroy(p), 0);
  ASSERT_EQ(virStoragePoolDelete(p, 0), 0);
  ASSERT_EQ(virStoragePoolUndefine(p), 0);
  virStoragePoolPtr t = virStoragePoolCreateXML(c, kDirPool, 0);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(virStoragePoolDestroy(t), 0);
  ASSERT_EQ(virStoragePoolRefresh(def, 0), 0);
  // Nothing is delivered inside the calls.
  EXPECT_TRUE(seen.empty());

  auto start = std::chrono::steady_clock::now();
  while ((seen.size() < 8 || refreshed.size() < 2) &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(1))
    virEventRunDefaultImpl();
  std::vector<PoolSeen> want{
      {"p2", VIR_STORAGE_POOL_EVENT_DEFINED, 0}, {"p2", VIR_STORAGE_POOL_EVENT_CREATED, 0},
      {"p2", VIR_STORAGE_POOL_EVENT_STARTED, 0}, {"p2", VIR_STORAGE_POOL_EVENT_STOPPED, 0},
      {"p2", VIR_STORAGE_POOL_EVENT_DELETED, 0}, {"p2", VIR_STORAGE_POOL_EVENT_UNDEFINED, 0},
      {"p2", VIR_STORAGE_POOL_EVENT_STARTED, 0}, {"p2", VIR_STORAGE_POOL_EVENT_STOPPED, 0},
  };
  EXPECT_EQ(seen, want);
  EXPECT_EQ(refreshed, (std::vector<PoolSeen>{{"p2", -1, -1}, {"default-pool", -1, -1}}));
  EXPECT_TRUE(filtered.empty());

  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(c, id), 0);
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(c, rid), 0);
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(c, fid), 0);
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(c, id), -1);
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, VIR_ERR_INVALID_ARG);
  EXPECT_EQ(std::string(err->message), "invalid argument: could not find event callback " +
                                           std::to_string(id) + " for deletion");
  virStoragePoolFree(t);
  virStoragePoolFree(p);
  virStoragePoolFree(def);
  virConnectClose(c);
}

}  // namespace
