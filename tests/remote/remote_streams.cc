// SPDX-License-Identifier: LGPL-2.1-or-later
// Streams and keepalive of the remote driver against a real libvirtd (its
// test driver: screenshots are its only stream; volume transfers, consoles
// and channels come back as the daemon's "unsupported" errors). Expected
// values are what Debian's libvirt client gets through the same daemon.
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "remote_fixture.h"

namespace {

using namespace remote_test;

class Streams : public Connected {
 protected:
  void SetUp() override {
    Connected::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr);
  }
  void TearDown() override {
    if (dom_) virDomainFree(dom_);
    Connected::TearDown();
  }

  // A screenshot stream, blocking or not.
  virStreamPtr screenshot(unsigned flags = 0) {
    virStreamPtr st = virStreamNew(conn_, flags);
    EXPECT_NE(st, nullptr);
    char *mime = virDomainScreenshot(dom_, st, 0, 0);
    EXPECT_STREQ(mime, "image/png");
    free(mime);
    return st;
  }

  virDomainPtr dom_ = nullptr;
};

struct Err {
  int code, domain;
  std::string message;
  const char *str1, *str2;
};

void expect_error(const Err &e) {
  virErrorPtr got = virGetLastError();
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->code, e.code);
  EXPECT_EQ(got->domain, e.domain);
  EXPECT_EQ(got->level, VIR_ERR_ERROR);
  EXPECT_EQ(std::string(got->message ? got->message : "(null)"), e.message);
  EXPECT_STREQ(got->str1, e.str1);
  EXPECT_STREQ(got->str2, e.str2);
  EXPECT_EQ(got->str3, nullptr);
}

const Err kClosed{VIR_ERR_OPERATION_FAILED, VIR_FROM_RPC, "operation failed: stream is closed",
                  "operation failed: %s", "stream is closed"};

std::string local_screenshot() {
  virConnectPtr local = virConnectOpen("test:///default");
  EXPECT_NE(local, nullptr);
  virDomainPtr d = virDomainLookupByName(local, "test");
  virStreamPtr st = virStreamNew(local, 0);
  char *mime = virDomainScreenshot(d, st, 0, 0);
  free(mime);
  std::string out;
  char buf[4096];
  int n;
  while ((n = virStreamRecv(st, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  virStreamFinish(st);
  virStreamFree(st);
  virDomainFree(d);
  virConnectClose(local);
  return out;
}

// First: later tests register the event loop for the whole process.
TEST(RemoteKeepAlive, NeedsAnEventLoopAtOpen) {
  if (!remote_uri()) GTEST_SKIP();
  virSetErrorFunc(nullptr, quiet);
  int probe = virEventAddTimeout(
      -1, [](int, void *) {}, nullptr, nullptr);
  if (probe >= 0) {
    virEventRemoveTimeout(probe);
    GTEST_SKIP() << "an event loop is already registered in this process";
  }
  virConnectPtr c = virConnectOpen(remote_uri());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(virConnectSetKeepAlive(c, 5, 3), -1);
  expect_error({VIR_ERR_INTERNAL_ERROR, VIR_FROM_REMOTE,
                "internal error: the caller doesn't support keepalive protocol; perhaps it's "
                "missing event loop implementation",
                "internal error: %s",
                "the caller doesn't support keepalive protocol; perhaps it's missing event loop "
                "implementation"});
  virConnectClose(c);
}

TEST_F(Streams, ScreenshotBlocking) {
  virStreamPtr st = screenshot();
  std::string got;
  char buf[1000];  // smaller than the daemon's packets: partial reads
  int n;
  while ((n = virStreamRecv(st, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
  EXPECT_EQ(n, 0);
  ASSERT_EQ(got.size(), kScreenshotSize);
  EXPECT_EQ(got.compare(0, 8, "\x89PNG\r\n\x1a\n"), 0);
  EXPECT_EQ(got, local_screenshot());
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), 0);  // the end stays the end
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamFinish(st), -1);
  expect_error(kClosed);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_error(kClosed);
  EXPECT_EQ(virStreamAbort(st), -1);
  expect_error(kClosed);
  virStreamFree(st);
}

TEST_F(Streams, RecvAllAndSeveralAtOnce) {
  virStreamPtr a = screenshot(), b = screenshot();
  std::string ga, gb;
  auto sink = [](virStreamPtr, const char *d, size_t n, void *o) -> int {
    static_cast<std::string *>(o)->append(d, n);
    return static_cast<int>(n);
  };
  std::thread t([&] { EXPECT_EQ(virStreamRecvAll(b, sink, &gb), 0); });
  EXPECT_EQ(virStreamRecvAll(a, sink, &ga), 0);
  t.join();
  EXPECT_EQ(ga.size(), kScreenshotSize);
  EXPECT_EQ(ga, gb);
  EXPECT_EQ(virStreamFinish(a), 0);
  EXPECT_EQ(virStreamFinish(b), 0);
  // The connection still serves calls.
  EXPECT_EQ(virConnectNumOfDomains(conn_), 1);
  virStreamFree(a);
  virStreamFree(b);
}

TEST_F(Streams, AbortMidway) {
  virStreamPtr st = screenshot();
  char buf[100];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), 100);
  EXPECT_EQ(virStreamAbort(st), 0);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_error(kClosed);
  EXPECT_EQ(virStreamSend(st, "x", 1), -1);
  expect_error(kClosed);
  virStreamFree(st);
  EXPECT_EQ(virConnectNumOfDomains(conn_), 1);
}

// Data sent on a screenshot stream makes the daemon fail it: its error
// comes back, every field, on the stream.
TEST_F(Streams, DaemonErrorMidStream) {
  virStreamPtr st = screenshot();
  EXPECT_EQ(virStreamSend(st, "hello", 5), 5);
  char buf[65536];
  int n;
  while ((n = virStreamRecv(st, buf, sizeof buf)) > 0) {
  }
  const Err kTerminated{VIR_ERR_RPC, VIR_FROM_STREAMS, "stream had unexpected termination", "%s",
                        "stream had unexpected termination"};
  if (n < 0) expect_error(kTerminated);
  EXPECT_EQ(virStreamFinish(st), -1);
  expect_error(kTerminated);
  EXPECT_EQ(virStreamAbort(st), -1);
  expect_error(kTerminated);
  virStreamFree(st);
  EXPECT_EQ(virConnectNumOfDomains(conn_), 1);
}

TEST_F(Streams, HolesAndFlagsOnAPlainStream) {
  virStreamPtr st = screenshot();
  EXPECT_EQ(virStreamSendHole(st, 10, 0), -1);
  expect_error({VIR_ERR_OPERATION_INVALID, VIR_FROM_RPC,
                "Requested operation is not valid: Skipping is not supported with this stream",
                "Requested operation is not valid: %s",
                "Skipping is not supported with this stream"});
  long long len = 0;
  EXPECT_EQ(virStreamRecvHole(st, &len, 0), -1);
  expect_error({VIR_ERR_OPERATION_INVALID, VIR_FROM_RPC,
                "Requested operation is not valid: Holes are not supported with this stream",
                "Requested operation is not valid: %s",
                "Holes are not supported with this stream"});
  EXPECT_EQ(virStreamRecvHole(st, &len, 1), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                "unsupported flags (0x1) in function remoteStreamRecvHole", "remoteStreamRecvHole",
                "flags"});
  char buf[10];
  EXPECT_EQ(virStreamRecvFlags(st, buf, sizeof buf, 2), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                "unsupported flags (0x2) in function remoteStreamRecvFlags",
                "remoteStreamRecvFlags", "flags"});
  EXPECT_EQ(virStreamAbort(st), 0);
  virStreamFree(st);
}

// The test driver has no volume transfers, consoles or channels: the
// daemon's errors come back verbatim and the stream has no driver after.
TEST_F(Streams, UnsupportedStartsComeBackVerbatim) {
  virStreamPtr st = virStreamNew(conn_, 0);
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(virDomainOpenConsole(dom_, nullptr, st, 0), -1);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                "this function is not supported by the connection driver: virDomainOpenConsole",
                "this function is not supported by the connection driver: %s",
                "virDomainOpenConsole"});
  EXPECT_EQ(virDomainOpenChannel(dom_, "org.qemu.guest_agent.0", st, 0), -1);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                "this function is not supported by the connection driver: virDomainOpenChannel",
                "this function is not supported by the connection driver: %s",
                "virDomainOpenChannel"});
  char buf[10];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_STREAMS,
                "this function is not supported by the connection driver: virStreamRecv",
                "this function is not supported by the connection driver: %s", "virStreamRecv"});
  virStreamFree(st);
}

TEST_F(Streams, UnsupportedVolumeTransfersComeBackVerbatim) {
  virStoragePoolPtr pool = virStoragePoolLookupByName(conn_, "default-pool");
  if (!pool && virGetLastErrorCode() == VIR_ERR_NO_SUPPORT)
    GTEST_SKIP() << "the remote driver does not forward storage pool calls yet";
  ASSERT_NE(pool, nullptr);
  virStreamPtr st = virStreamNew(conn_, 0);
  ASSERT_NE(st, nullptr);
  virStorageVolPtr vol = virStorageVolCreateXML(
      pool, "<volume><name>up.img</name><capacity>1048576</capacity></volume>", 0);
  ASSERT_NE(vol, nullptr) << virGetLastErrorMessage();
  EXPECT_EQ(virStorageVolUpload(vol, st, 0, 0, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM), -1);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE,
                "this function is not supported by the connection driver: virStorageVolUpload",
                "this function is not supported by the connection driver: %s",
                "virStorageVolUpload"});
  EXPECT_EQ(virStorageVolDownload(vol, st, 0, 0, 0), -1);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE,
                "this function is not supported by the connection driver: virStorageVolDownload",
                "this function is not supported by the connection driver: %s",
                "virStorageVolDownload"});
  char buf[10];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_STREAMS,
                "this function is not supported by the connection driver: virStreamRecv",
                "this function is not supported by the connection driver: %s", "virStreamRecv"});
  EXPECT_EQ(virStorageVolDelete(vol, 0), 0);
  virStorageVolFree(vol);
  virStoragePoolFree(pool);
  virStreamFree(st);
}

// ---- with the application's event loop ----

std::atomic<bool> g_loop_stop{false};

class Loop {
 public:
  Loop() {
    g_loop_stop = false;
    // A timer keeps each iteration short, so the thread sees the stop flag.
    timer_ = virEventAddTimeout(
        20, [](int, void *) {}, nullptr, nullptr);
    thread_ = std::thread([] {
      while (!g_loop_stop) virEventRunDefaultImpl();
    });
  }
  ~Loop() {
    g_loop_stop = true;
    thread_.join();
    virEventRemoveTimeout(timer_);
  }

 private:
  int timer_;
  std::thread thread_;
};

struct Receiver {
  std::string got;
  std::atomic<bool> done{false};
  int calls = 0;
  int would_block = 0;
  int freed = 0;
};

void count_free(void *opaque) {
  static_cast<Receiver *>(opaque)->freed++;
}

void on_readable(virStreamPtr st, int events, void *opaque) {
  auto *r = static_cast<Receiver *>(opaque);
  r->calls++;
  if (!(events & VIR_STREAM_EVENT_READABLE)) return;
  char buf[4096];
  for (;;) {
    int n = virStreamRecv(st, buf, sizeof buf);
    if (n == -2) {
      r->would_block++;
      return;
    }
    if (n <= 0) {
      virStreamEventRemoveCallback(st);
      r->done = true;
      return;
    }
    r->got.append(buf, static_cast<size_t>(n));
  }
}

bool wait_for(const std::atomic<bool> &flag, std::chrono::milliseconds limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!flag && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return flag;
}

TEST_F(Streams, NonBlockingWithEventCallback) {
  ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
  virStreamPtr st = screenshot(VIR_STREAM_NONBLOCK);
  Receiver r;
  Receiver refused;
  ASSERT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_readable, &r, count_free),
            0);
  EXPECT_EQ(
      virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_readable, &refused, count_free),
      -1);
  expect_error({VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                "internal error: multiple stream callbacks not supported", "internal error: %s",
                "multiple stream callbacks not supported"});
  {
    Loop loop;
    EXPECT_TRUE(wait_for(r.done, std::chrono::seconds(10)));
  }
  EXPECT_EQ(r.got, local_screenshot());
  EXPECT_GE(r.calls, 1);
  // Removed from its own dispatch: freed once, when the dispatch returned
  // (libvirt's client never frees it).
  EXPECT_EQ(r.freed, 1);
  EXPECT_EQ(refused.freed, 0);
  EXPECT_EQ(virStreamEventRemoveCallback(st), -1);
  expect_error({VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                "internal error: no stream callback registered", "internal error: %s",
                "no stream callback registered"});
  EXPECT_EQ(virStreamEventUpdateCallback(st, VIR_STREAM_EVENT_READABLE), -1);
  // Removed outside a dispatch: freed by the removal itself.
  Receiver again;
  ASSERT_EQ(virStreamEventAddCallback(st, 0, on_readable, &again, count_free), 0);
  EXPECT_EQ(again.freed, 0);
  EXPECT_EQ(virStreamEventRemoveCallback(st), 0);
  EXPECT_EQ(again.freed, 1);
  EXPECT_EQ(virStreamFinish(st), 0);
  virStreamFree(st);
}

TEST_F(Streams, NonBlockingRecvWouldBlockThenData) {
  virStreamPtr st = virStreamNew(conn_, VIR_STREAM_NONBLOCK);
  char *mime = virDomainScreenshot(dom_, st, 0, 0);
  free(mime);
  std::string got;
  char buf[8192];
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    int n = virStreamRecv(st, buf, sizeof buf);
    if (n == 0) break;
    ASSERT_TRUE(n > 0 || n == -2) << n;
    if (n > 0) got.append(buf, static_cast<size_t>(n));
    if (n == -2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_LT(std::chrono::steady_clock::now(), end);
  }
  EXPECT_EQ(got.size(), kScreenshotSize);
  EXPECT_EQ(virStreamFinish(st), 0);
  virStreamFree(st);
}

// ---- keepalive ----

TEST(RemoteKeepAlive, StartStopAndErrors) {
  if (!remote_uri()) GTEST_SKIP();
  virSetErrorFunc(nullptr, quiet);
  ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
  virConnectPtr c = virConnectOpen(remote_uri());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(virConnectSetKeepAlive(c, 5, 3), 0);
  EXPECT_EQ(virConnectSetKeepAlive(c, 5, 3), 0);  // running: left as is
  EXPECT_EQ(virConnectSetKeepAlive(c, 0, 3), 0);  // stops
  EXPECT_EQ(virConnectSetKeepAlive(c, 5, 3), -1);
  expect_error({VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                "internal error: keepalive interval already set", "internal error: %s",
                "keepalive interval already set"});
  EXPECT_EQ(virConnectSetKeepAlive(c, -1, 3), 0);
  virConnectClose(c);
  c = virConnectOpen(remote_uri());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(virConnectSetKeepAlive(c, 3000000, 3), -1);
  expect_error({VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                "internal error: keepalive interval 3000000 too large", "internal error: %s",
                "keepalive interval 3000000 too large"});
  virConnectClose(c);
}

std::atomic<int> g_close_calls{0};
std::atomic<int> g_close_reason{-1};
std::atomic<bool> g_closed{false};

void on_close(virConnectPtr, int reason, void *) {
  g_close_reason = reason;
  g_close_calls++;
  g_closed = true;
}

pid_t daemon_pid() {
  const char *dir = std::getenv("VIRTKIT_REMOTE_DIR");
  if (!dir) return -1;
  std::ifstream f(std::string(dir) + "/libvirtd.pid");
  long pid = -1;
  f >> pid;
  return static_cast<pid_t>(pid);
}

// A daemon that answers the pings keeps the connection: idle for more than
// (count + 1) intervals, it is still alive and no close callback ran.
TEST(RemoteKeepAlive, AnsweredPingsKeepTheConnection) {
  if (!remote_uri()) GTEST_SKIP();
  virSetErrorFunc(nullptr, quiet);
  ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
  virConnectPtr c = virConnectOpen(remote_uri());
  ASSERT_NE(c, nullptr);
  g_close_calls = 0;
  g_closed = false;
  ASSERT_EQ(virConnectRegisterCloseCallback(c, on_close, nullptr, nullptr), 0);
  ASSERT_EQ(virConnectSetKeepAlive(c, 1, 1), 0);
  {
    Loop loop;
    EXPECT_FALSE(wait_for(g_closed, std::chrono::milliseconds(2600)));
  }
  EXPECT_EQ(virConnectIsAlive(c), 1);
  EXPECT_EQ(virConnectNumOfDomains(c), 1);
  EXPECT_EQ(g_close_calls, 0);
  virConnectUnregisterCloseCallback(c, on_close);
  virConnectClose(c);
}

// A stopped daemon answers no ping: with interval 1 and count 1 the
// connection is dead within about two seconds, the close callback runs
// once with reason KEEPALIVE and a call waiting meanwhile fails.
TEST(RemoteKeepAlive, StoppedDaemonIsDeclaredDead) {
  if (!remote_uri()) GTEST_SKIP();
  pid_t pid = daemon_pid();
  if (pid <= 0) GTEST_SKIP() << "no daemon pid file";
  virSetErrorFunc(nullptr, quiet);
  ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
  virConnectPtr c = virConnectOpen(remote_uri());
  ASSERT_NE(c, nullptr);
  g_close_calls = 0;
  g_closed = false;
  ASSERT_EQ(virConnectRegisterCloseCallback(c, on_close, nullptr, nullptr), 0);
  ASSERT_EQ(virConnectSetKeepAlive(c, 1, 1), 0);
  Loop loop;
  ASSERT_EQ(kill(pid, SIGSTOP), 0);
  auto t0 = std::chrono::steady_clock::now();
  std::string call_error;
  std::thread caller([&] {
    unsigned long v = 0;
    if (virConnectGetVersion(c, &v) < 0) call_error = virGetLastErrorMessage();
  });
  bool dead = wait_for(g_closed, std::chrono::seconds(8));
  auto took = std::chrono::steady_clock::now() - t0;
  caller.join();
  kill(pid, SIGCONT);
  ASSERT_TRUE(dead);
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_EQ(g_close_reason, VIR_CONNECT_CLOSE_REASON_KEEPALIVE);
  EXPECT_EQ(call_error, "internal error: connection closed due to keepalive timeout");
  EXPECT_EQ(virConnectIsAlive(c), 0);
  unsigned long v = 0;
  EXPECT_EQ(virConnectGetVersion(c, &v), -1);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(g_close_calls, 1);
  virConnectUnregisterCloseCallback(c, on_close);
  virConnectClose(c);
}

}  // namespace
