// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's streams (include/virtkit/stream.hpp) through the remote driver
// and a real libvirtd: a non-blocking receive that would block (std::nullopt,
// the C call's -2), an event subscription, and errors equal to C's.
#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "../cxx/cxx_test_util.h"
#include "remote_fixture.h"

namespace {

using namespace std::chrono_literals;
using virtkit::Stream;

class CxxRemoteStreams : public remote_test::Connected {
 protected:
  void SetUp() override {
    Connected::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    conn = virtkit::Connection::open(remote_test::remote_uri());
    dom = virtkit::Domain::lookup_by_name(conn, "test");
  }
  Stream screenshot(unsigned flags) {
    Stream st = Stream::create(conn, flags);
    char *mime = virDomainScreenshot(dom.get(), st.get(), 0, 0);
    EXPECT_STREQ(mime, "image/png");
    std::free(mime);
    return st;
  }
  virtkit::Connection conn;
  virtkit::Domain dom;
};

TEST_F(CxxRemoteStreams, NonBlockingRecv) {
  Stream st = screenshot(VIR_STREAM_NONBLOCK);
  std::vector<std::byte> got;
  std::byte buf[8192];
  int would_block = 0;
  auto end = std::chrono::steady_clock::now() + 10s;
  for (;;) {
    std::optional<size_t> n = st.recv(buf);
    if (!n) {  // no data yet: the C call returned -2
      would_block++;
      std::this_thread::sleep_for(1ms);
      ASSERT_LT(std::chrono::steady_clock::now(), end);
      continue;
    }
    if (*n == 0) break;
    got.insert(got.end(), buf, buf + *n);
  }
  EXPECT_EQ(got.size(), remote_test::kScreenshotSize);
  RecordProperty("would_block", would_block);
  st.finish();
  // Closed: the same error as C's on a closed stream.
  virStreamPtr cst = virStreamNew(conn_, VIR_STREAM_NONBLOCK);
  virDomainPtr cdom = virDomainLookupByName(conn_, "test");
  std::free(virDomainScreenshot(cdom, cst, 0, 0));
  ASSERT_EQ(virStreamAbort(cst), 0);
  char cbuf[16];
  SAME_ERROR(std::optional<size_t>, virStreamRecv(cst, cbuf, sizeof cbuf) < 0, st., recv,
             std::span<std::byte>(buf, 16));
  SAME_ERROR(void, virStreamFinish(cst) < 0, st., finish);
  virStreamFree(cst);
  virDomainFree(cdom);
}

TEST_F(CxxRemoteStreams, EventSubscription) {
  ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
  std::atomic<bool> stop{false};
  int tick = virEventAddTimeout(
      20, [](int, void *) {}, nullptr, nullptr);
  std::atomic<int> turns{0};
  std::thread loop([&] {
    while (!stop) {
      virEventRunDefaultImpl();
      turns++;
    }
  });
  Stream st = screenshot(VIR_STREAM_NONBLOCK);
  std::vector<std::byte> got;
  std::atomic<bool> done{false};
  auto sub = st.add_event_callback(VIR_STREAM_EVENT_READABLE, [&](Stream &s, int) {
    std::byte buf[4096];
    while (!done) {
      auto n = s.recv(buf);
      if (!n) return;  // would block: wait for the next event
      if (*n == 0) done = true;
      got.insert(got.end(), buf, buf + *n);
    }
  });
  // One callback per stream: C and C++ get the same refusal.
  SAME_ERROR(Stream::EventSubscription,
             virStreamEventAddCallback(
                 st.get(), VIR_STREAM_EVENT_READABLE, [](virStreamPtr, int, void *) {}, nullptr,
                 nullptr) < 0,
             st., add_event_callback, VIR_STREAM_EVENT_READABLE, [](Stream &, int) {});
  auto end = std::chrono::steady_clock::now() + 10s;
  while (!done && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(2ms);
  EXPECT_TRUE(done);
  sub.remove();
  EXPECT_EQ(got.size(), remote_test::kScreenshotSize);
  st.finish();
  // The loop's next turns free what the removed callback held.
  int now = turns;
  while (turns < now + 2 && std::chrono::steady_clock::now() < end + 5s)
    std::this_thread::sleep_for(1ms);
  stop = true;
  loop.join();
  virEventRemoveTimeout(tick);
}

}  // namespace
