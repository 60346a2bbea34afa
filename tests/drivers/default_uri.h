// SPDX-License-Identifier: LGPL-2.1-or-later
// The default test host these tests open: test:///default, or a private
// daemon's when tests/remote/daemon.py runs them (VIRTKIT_REMOTE_URI), so
// the same expectations check the remote driver.
#pragma once

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <chrono>
#include <cstdlib>
#include <thread>

inline const char *default_uri() {
  const char *u = std::getenv("VIRTKIT_REMOTE_URI");
  return u && *u ? u : "test:///default";
}

// Every test expects a pristine default host. Locally the host is freed when
// a test closes its last connection; a daemon closes its side of a
// connection only after replying to the close, so the next test could still
// share the previous test's host. Through a daemon, each finished test
// marks the host it leaves, and the next test starts once no connection sees
// the mark (the daemon has freed that host).
class RemoteHostSettle : public ::testing::EmptyTestEventListener {
 public:
  static constexpr const char *kMark = "<network><name>drivers-settle-mark</name></network>";

  void OnTestEnd(const ::testing::TestInfo &) override {
    with_probe([](virConnectPtr c) {
      virNetworkPtr n = virNetworkDefineXML(c, kMark);
      if (n) virNetworkFree(n);
      return true;
    });
  }
  void OnTestStart(const ::testing::TestInfo &) override {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      bool clean = with_probe([](virConnectPtr c) {
        virNetworkPtr n = virNetworkLookupByName(c, "drivers-settle-mark");
        if (!n) return true;
        virNetworkFree(n);
        return false;
      });
      if (clean) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

 private:
  template <typename F>
  static bool with_probe(F f) {
    virConnectPtr c = virConnectOpen(default_uri());
    if (!c) return true;
    virConnSetErrorFunc(c, nullptr, [](void *, virErrorPtr) {});
    bool r = f(c);
    virConnectClose(c);
    virResetLastError();
    return r;
  }
};

inline const bool kRemoteHostSettleInstalled = [] {
  const char *u = std::getenv("VIRTKIT_REMOTE_URI");
  if (u && *u) ::testing::UnitTest::GetInstance()->listeners().Append(new RemoteHostSettle);
  return true;
}();
