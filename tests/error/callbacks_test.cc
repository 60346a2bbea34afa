// SPDX-License-Identifier: LGPL-2.1-or-later
// Error handlers that call back into the library, from several threads:
// calls that fail and succeed inside a handler must neither deadlock nor
// re-enter the handler on the same thread (src/error/dispatch.cc).
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 4;
constexpr int kCallsPerThread = 500;

thread_local int t_depth = 0;
std::atomic<int> g_max_depth{0};
std::atomic<long> g_calls{0};
std::atomic<long> g_inner_failures{0};

// Calls the library from inside the handler: a lookup that fails, one that
// succeeds, a read of the connection's error and a handler change.
void calling_handler(void *data, virErrorPtr err) {
  auto conn = static_cast<virConnectPtr>(data);
  int depth = ++t_depth;
  int seen = g_max_depth.load();
  while (depth > seen && !g_max_depth.compare_exchange_weak(seen, depth)) {
  }
  g_calls.fetch_add(1);
  EXPECT_NE(err, nullptr);
  if (conn) {
    if (!virDomainLookupByName(conn, "no-such-domain")) g_inner_failures.fetch_add(1);
    virDomainPtr d = virDomainLookupByName(conn, "test");
    EXPECT_NE(d, nullptr);
    if (d) virDomainFree(d);
    virError copy = {};
    virConnCopyLastError(conn, &copy);
    virResetError(&copy);
    (void)virConnGetLastError(conn);
    virConnSetErrorFunc(conn, conn, calling_handler);  // the same handler again
  }
  virDomainSuspend(nullptr);  // fails without a connection
  --t_depth;
}

void hammer(virConnectPtr conn) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([conn] {
      for (int i = 0; i < kCallsPerThread; i++) {
        virDomainPtr d = virDomainLookupByName(conn, "missing");
        EXPECT_EQ(d, nullptr);
      }
    });
  }
  for (auto &th : threads) th.join();
}

class CallingHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    g_max_depth = 0;
    g_calls = 0;
    g_inner_failures = 0;
    conn = virConnectOpen("test:///default");
    ASSERT_NE(conn, nullptr);
  }
  void TearDown() override {
    if (conn) virConnectClose(conn);
    virSetErrorFunc(nullptr, nullptr);
    virResetLastError();
  }
  virConnectPtr conn = nullptr;
};

TEST_F(CallingHandlers, GlobalHandler) {
  virSetErrorFunc(conn, calling_handler);
  hammer(conn);
  virSetErrorFunc(nullptr, nullptr);
  EXPECT_EQ(g_calls.load(), kThreads * kCallsPerThread);  // once per outer failure
  EXPECT_EQ(g_inner_failures.load(), kThreads * kCallsPerThread);
  EXPECT_EQ(g_max_depth.load(), 1);
}

TEST_F(CallingHandlers, ConnectionHandler) {
  virSetErrorFunc(nullptr, [](void *, virErrorPtr) {});
  virConnSetErrorFunc(conn, conn, calling_handler);
  hammer(conn);
  virConnSetErrorFunc(conn, nullptr, nullptr);
  EXPECT_EQ(g_calls.load(), kThreads * kCallsPerThread);
  EXPECT_EQ(g_inner_failures.load(), kThreads * kCallsPerThread);
  EXPECT_EQ(g_max_depth.load(), 1);
}

TEST_F(CallingHandlers, HandlerThatOpensAndClosesConnections) {
  virSetErrorFunc(nullptr, [](void *, virErrorPtr) {
    virConnectPtr c = virConnectOpen("test:///default");
    if (c) {
      virDomainLookupByName(c, "missing");  // fails: not handled again
      virConnectClose(c);
    }
    g_calls.fetch_add(1);
  });
  hammer(conn);
  virSetErrorFunc(nullptr, nullptr);
  EXPECT_EQ(g_calls.load(), kThreads * kCallsPerThread);
}

}  // namespace
