// SPDX-License-Identifier: LGPL-2.1-or-later
// What the tests of the test driver's storage pools and volumes share: fixture
// files, checking the thread's last error, and the Storage fixture. Expected
// values (codes, error domains, messages, XML) are what Debian's libvirt
// 9.0.0 gives for the same calls. The tests (tests/drivers/storage_*_test.cc)
// use nothing but the public API, so they also build against that libvirt to
// check them:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/storage_*_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#pragma once

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

#include "../support/last_error.h"

namespace storage_tests {

inline std::string fixture(const std::string &name) {
  std::ifstream in(std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string fixture_path(const std::string &name) {
  return std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name;
}

inline std::string take(char *p) {
  std::string s = p ? p : "(null)";
  std::free(p);
  return s;
}

using virtkit_testing::expect_error;

inline void quiet(void *, virErrorPtr) {}

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

}  // namespace storage_tests
