// SPDX-License-Identifier: LGPL-2.1-or-later
// What the tests of the test driver through the public C API share: fixture
// files, checking the thread's last error against libvirt's, the TestDriver
// fixture and a minimal domain. Expected values (codes, error domains,
// messages and their parts) are what Debian's libvirt 9.0.0 gives for the
// same calls. The tests (tests/drivers/test_driver_*_test.cc) use nothing but
// the public API, so they also build against that libvirt to check them:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/test_driver_*_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#pragma once

#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/last_error.h"

namespace test_driver_tests {

inline std::string fixture_path(const std::string &name) {
  // Appended, not std::string(...) + "/" + name: GCC 12's -Warray-bounds
  // false positive at -O2 (a Debian package's flags compile the tests at -O2).
  std::string path = VIRTKIT_FIXTURES_DIR;
  path += '/';
  path += name;
  return path;
}

inline std::string fixture(const std::string &name) {
  std::ifstream in(fixture_path(name));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using virtkit_testing::expect_error;
using virtkit_testing::Expected;
using virtkit_testing::s;

// An error raised with a detail: str1 the catalogue template, str2 the detail.
inline Expected detail(int code, int domain, const std::string &tmpl, const char *det) {
  static thread_local std::vector<std::string> keep;
  std::string msg = tmpl;
  auto pos = msg.find("%s");
  if (pos != std::string::npos) msg.replace(pos, 2, det);
  keep.push_back(msg);
  const char *m = keep.back().c_str();
  keep.push_back(tmpl);
  const char *t = keep.back().c_str();
  return {code, domain, m, t, det, -1, -1};
}

// virCheckFlags' error.
inline Expected bad_flags(int domain, const char *func, const char *msg) {
  return {VIR_ERR_INVALID_ARG, domain, msg, func, "flags", 0, 0};
}

inline void quiet(void *, virErrorPtr) {}

inline int state_of_helper(virDomainPtr d) {
  int st = -1, why = -1;
  EXPECT_EQ(virDomainGetState(d, &st, &why, 0), 0);
  return st;
}

constexpr unsigned kConfigMax = static_cast<unsigned>(VIR_DOMAIN_AFFECT_CONFIG) |
                                static_cast<unsigned>(VIR_DOMAIN_VCPU_MAXIMUM);
constexpr const char *kTestUuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";

class TestDriver : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr);
  }
  void TearDown() override {
    for (virDomainPtr d : extra_) virDomainFree(d);
    if (dom_) virDomainFree(dom_);
    // The last connection to test:///default frees its state: every test
    // starts from the default host.
    if (conn_) {
      EXPECT_EQ(virConnectClose(conn_), 0);
    }
  }

  virDomainPtr keep(virDomainPtr d) {
    if (d) extra_.push_back(d);
    return d;
  }

  virDomainPtr define(const std::string &xml) {
    return keep(virDomainDefineXML(conn_, xml.c_str()));
  }

  int state_of(virDomainPtr d, int *reason = nullptr) {
    int st = -1, why = -1;
    EXPECT_EQ(virDomainGetState(d, &st, &why, 0), 0);
    if (reason) *reason = why;
    return st;
  }

  virConnectPtr conn_ = nullptr;
  virDomainPtr dom_ = nullptr;
  std::vector<virDomainPtr> extra_;
};

const char *const kMinimal =
    "<domain type='test'><name>%s</name><memory>1024</memory><os><type>hvm</type></os></domain>";

inline std::string minimal(const std::string &name) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kMinimal, name.c_str());
  return buf;
}

}  // namespace test_driver_tests
