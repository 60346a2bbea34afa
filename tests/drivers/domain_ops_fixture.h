// SPDX-License-Identifier: LGPL-2.1-or-later
// What the tests of the test driver's remaining domain and host operations
// share: checking the thread's last error, and the DomainOps fixture.
// Expected values are what Debian's libvirt 9.0.0 gives; the tests
// (tests/drivers/domain_ops_*_test.cc) use only the public API, so they also
// build against that libvirt:
//   g++ -std=c++20 tests/drivers/domain_ops_*_test.cc
//       $(pkg-config --cflags --libs libvirt) -lgtest -lgtest_main -lpthread
#pragma once

#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace domain_ops_tests {

inline void quiet(void *, virErrorPtr) {}

// The last error is `code` in `domain` with `message`.
inline void expect_err(int code, int domain, const std::string &message) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(std::string(err->message ? err->message : "(null)"), message);
}

inline std::string take(char *s) {
  std::string r = s ? s : "(null)";
  std::free(s);
  return r;
}

class DomainOps : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virConnectOpen(default_uri());
    ASSERT_NE(conn, nullptr);
    dom = virDomainLookupByName(conn, "test");
    ASSERT_NE(dom, nullptr);
  }
  void TearDown() override {
    if (dom) virDomainFree(dom);
    virConnectClose(conn);
  }
  // A stopped copy of the default domain.
  virDomainPtr stopped() {
    EXPECT_EQ(virDomainDestroy(dom), 0);
    return dom;
  }
  std::string xml(unsigned flags = 0) { return take(virDomainGetXMLDesc(dom, flags)); }
  void not_running() {
    expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
               "Requested operation is not valid: domain is not running");
  }

  virConnectPtr conn = nullptr;
  virDomainPtr dom = nullptr;
};

}  // namespace domain_ops_tests
