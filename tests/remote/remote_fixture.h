// What the remote test files share: the daemon's URI (set by
// tests/remote/daemon.py run), a quiet error handler, and a fixture with one
// connection to the daemon (skipped when no daemon runs).
#pragma once

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstddef>
#include <cstdlib>

namespace remote_test {

inline const char *remote_uri() {
  return std::getenv("VIRTKIT_REMOTE_URI");
}

inline void quiet(void *, virErrorPtr) {}

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

}  // namespace remote_test
