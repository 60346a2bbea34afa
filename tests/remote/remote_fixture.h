// SPDX-License-Identifier: LGPL-2.1-or-later
// What the remote test files share: the daemon's URI (set by
// tests/remote/daemon.py run), a quiet error handler, and a fixture with one
// connection to the daemon (skipped when no daemon runs).
#pragma once

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstddef>
#include <cstdlib>
#include <string>

namespace remote_test {

inline const char *remote_uri() {
  return std::getenv("VIRTKIT_REMOTE_URI");
}

inline void quiet(void *, virErrorPtr) {}

// The last error, every field (level error, str3 NULL), then reset.
inline void expect_error(int code, int domain, const std::string &message, const char *str1,
                         const char *str2, int int1 = -1, int int2 = -1) {
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, code);
  EXPECT_EQ(e->domain, domain);
  EXPECT_EQ(e->level, VIR_ERR_ERROR);
  EXPECT_EQ(std::string(e->message ? e->message : "(null)"), message);
  EXPECT_STREQ(e->str1, str1);
  EXPECT_STREQ(e->str2, str2);
  EXPECT_EQ(e->str3, nullptr);
  EXPECT_EQ(e->int1, int1);
  EXPECT_EQ(e->int2, int2);
  virResetLastError();
}

// libvirt's test driver's screenshot: a PNG of this many bytes.
constexpr size_t kScreenshotSize = 33443;

class Connected : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!remote_uri()) GTEST_SKIP() << "no daemon (run through tests/remote/daemon.py run)";
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(remote_uri());
    ASSERT_NE(conn_, nullptr) << virGetLastErrorMessage();
  }
  void TearDown() override {
    if (conn_) virConnectClose(conn_);
  }
  virConnectPtr conn_ = nullptr;
};

// A connection to tests/remote/fake_daemon.py (replies a real daemon does
// not send) and its domain "test"; skipped without the fake daemon.
class FakeConnected : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("VIRTKIT_FAKE_DAEMON"))
      GTEST_SKIP() << "no fake daemon (run through tests/remote/fake_daemon.py run)";
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(std::getenv("VIRTKIT_REMOTE_URI"));
    ASSERT_NE(conn_, nullptr) << virGetLastErrorMessage();
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr) << virGetLastErrorMessage();
  }
  void TearDown() override {
    if (dom_) virDomainFree(dom_);
    if (conn_) virConnectClose(conn_);
  }
  virConnectPtr conn_ = nullptr;
  virDomainPtr dom_ = nullptr;
};

}  // namespace remote_test
