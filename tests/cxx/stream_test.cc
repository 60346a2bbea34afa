// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's streams (include/virtkit/stream.hpp) on test:///default: the
// domain screenshot is the test driver's stream (read-only; a non-blocking one
// also takes sends). Failures equal to the C calls' errors; callables that
// throw inside the *_all calls; event subscriptions delivering and stopping
// when they die.
#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "cxx_test_util.h"

namespace {

using namespace std::chrono_literals;
using virtkit::Stream;

using Bytes = std::vector<std::byte>;

// A subscription is move-only; handles are copyable.
static_assert(!std::is_copy_constructible_v<Stream::EventSubscription>);
static_assert(!std::is_copy_assignable_v<Stream::EventSubscription>);
static_assert(std::is_nothrow_move_constructible_v<Stream::EventSubscription>);
static_assert(std::is_copy_constructible_v<Stream>);

// test:///default's screenshot: a PNG of this many bytes.
constexpr size_t kScreenshotSize = 33443;

class CxxStream : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, cxx_test::quiet);
    conn = virtkit::Connection::open("test:///default");
    dom = virtkit::Domain::lookup_by_name(conn, "test");
    c = virConnectOpen("test:///default");
    ASSERT_NE(c, nullptr);
    cdom = virDomainLookupByName(c, "test");
    ASSERT_NE(cdom, nullptr);
  }
  void TearDown() override {
    virDomainFree(cdom);
    virConnectClose(c);
    virSetErrorFunc(nullptr, nullptr);
  }

  // A C++ stream carrying a screenshot.
  Stream screenshot(unsigned flags = 0) {
    Stream st = Stream::create(conn, flags);
    char *mime = virDomainScreenshot(dom.get(), st.get(), 0, 0);
    EXPECT_STREQ(mime, "image/png");
    std::free(mime);
    return st;
  }
  // A C stream carrying a screenshot.
  virStreamPtr c_screenshot(unsigned flags = 0) {
    virStreamPtr st = virStreamNew(c, flags);
    EXPECT_NE(st, nullptr);
    char *mime = virDomainScreenshot(cdom, st, 0, 0);
    EXPECT_STREQ(mime, "image/png");
    std::free(mime);
    return st;
  }
  // The screenshot's bytes as C reads them.
  Bytes c_png() {
    virStreamPtr st = c_screenshot();
    Bytes out;
    char buf[4096];
    int n;
    while ((n = virStreamRecv(st, buf, sizeof buf)) > 0)
      out.insert(out.end(), reinterpret_cast<std::byte *>(buf),
                 reinterpret_cast<std::byte *>(buf) + n);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(virStreamFinish(st), 0);
    virStreamFree(st);
    return out;
  }

  virtkit::Connection conn;
  virtkit::Domain dom;
  virConnectPtr c = nullptr;
  virDomainPtr cdom = nullptr;
};

int c_source_empty(virStreamPtr, char *, size_t, void *) {
  return 0;
}
int c_source_byte(virStreamPtr, char *data, size_t, void *) {
  data[0] = 'x';
  return 1;
}
int c_sink(virStreamPtr, const char *, size_t n, void *) {
  return static_cast<int>(n);
}
int c_sink_hole(virStreamPtr, long long, void *) {
  return 0;
}
int c_hole(virStreamPtr, int *in_data, long long *len, void *) {
  *in_data = 0;
  *len = 4096;
  return 0;
}
int c_skip(virStreamPtr, long long, void *) {
  return 0;
}

TEST_F(CxxStream, Receive) {
  Bytes want = c_png();
  ASSERT_EQ(want.size(), kScreenshotSize);
  Stream st = screenshot();
  Bytes got;
  std::byte buf[1000];
  for (;;) {
    std::optional<size_t> n = st.recv(buf);
    ASSERT_TRUE(n.has_value());  // a blocking stream never would block
    if (*n == 0) break;
    got.insert(got.end(), buf, buf + *n);
  }
  st.finish();
  EXPECT_EQ(got, want);

  Stream all = screenshot();
  got.clear();
  all.recv_all([&](std::span<const std::byte> d) { got.insert(got.end(), d.begin(), d.end()); });
  all.finish();
  EXPECT_EQ(got, want);
  // A finished stream reports what C reports.
  virStreamPtr cst = c_screenshot();
  ASSERT_EQ(virStreamFinish(cst), 0);
  char cbuf[16];
  SAME_ERROR(std::optional<size_t>, virStreamRecv(cst, cbuf, sizeof cbuf) < 0, all., recv,
             std::span<std::byte>(buf, 16));
  virStreamFree(cst);
}

TEST_F(CxxStream, Failures) {
  // A stream no operation uses yet: every data call is unsupported.
  Stream st = Stream::create(conn);
  virStreamPtr cst = virStreamNew(c, 0);
  std::byte buf[16]{};
  char cbuf[16]{};
  long long len = 0;
  SAME_ERROR(std::optional<size_t>, virStreamSend(cst, cbuf, 16) < 0, st., send,
             std::span<const std::byte>(buf));
  SAME_ERROR(std::optional<size_t>, virStreamRecv(cst, cbuf, 16) < 0, st., recv,
             std::span<std::byte>(buf));
  SAME_ERROR(Stream::RecvResult, virStreamRecvFlags(cst, cbuf, 16, 0) < 0, st., recv_flags,
             std::span<std::byte>(buf));
  SAME_ERROR(void, virStreamSendHole(cst, 10, 0) < 0, st., send_hole, 10);
  SAME_ERROR(long long, virStreamRecvHole(cst, &len, 0) < 0, st., recv_hole);
  SAME_ERROR(void, virStreamFinish(cst) < 0, st., finish);
  SAME_ERROR(
      Stream::EventSubscription,
      virStreamEventAddCallback(
          cst, VIR_STREAM_EVENT_READABLE, [](virStreamPtr, int, void *) {}, nullptr, nullptr) < 0,
      st., add_event_callback, VIR_STREAM_EVENT_READABLE, [](Stream &, int) {});
  // The *_all helpers fail on the stream's own errors.
  SAME_ERROR(void, virStreamSendAll(cst, c_source_byte, nullptr) < 0, st., send_all,
             [](std::span<std::byte> b) {
               b[0] = std::byte{'x'};
               return size_t{1};
             });
  SAME_ERROR(void, virStreamRecvAll(cst, c_sink, nullptr) < 0, st., recv_all,
             [](std::span<const std::byte>) {});
  SAME_ERROR(
      void, virStreamSparseSendAll(cst, c_source_empty, c_hole, c_skip, nullptr) < 0, st.,
      sparse_send_all, [](std::span<std::byte>) { return size_t{0}; },
      [] {
        return Stream::Section{false, 4096};
      },
      [](long long) {});
  SAME_ERROR(
      void, virStreamSparseRecvAll(cst, c_sink, c_sink_hole, nullptr) < 0, st., sparse_recv_all,
      [](std::span<const std::byte>) {}, [](long long) {});
  st.abort();  // nothing started: nothing to abort
  virStreamFree(cst);

  // A blocking screenshot is read-only, and not sparse.
  Stream ro = screenshot();
  virStreamPtr cro = c_screenshot();
  SAME_ERROR(std::optional<size_t>, virStreamSend(cro, cbuf, 16) < 0, ro., send,
             std::span<const std::byte>(buf));
  SAME_ERROR(long long, virStreamRecvHole(cro, &len, 0) < 0, ro., recv_hole);
  SAME_ERROR(Stream::RecvResult,
             virStreamRecvFlags(cro, cbuf, 16, VIR_STREAM_RECV_STOP_AT_HOLE) < 0, ro., recv_flags,
             std::span<std::byte>(buf), VIR_STREAM_RECV_STOP_AT_HOLE);
  ro.abort();
  virStreamAbort(cro);
  virStreamFree(cro);

  // The *_all helpers refuse non-blocking streams.
  Stream nb = screenshot(VIR_STREAM_NONBLOCK);
  virStreamPtr cnb = c_screenshot(VIR_STREAM_NONBLOCK);
  SAME_ERROR(void, virStreamRecvAll(cnb, c_sink, nullptr) < 0, nb., recv_all,
             [](std::span<const std::byte>) {});
  virStreamFree(cnb);
}

TEST_F(CxxStream, EmptySourcesSucceed) {
  Stream st = Stream::create(conn);
  int calls = 0;
  st.send_all([&](std::span<std::byte> b) {
    calls++;
    EXPECT_GT(b.size(), 0u);
    return size_t{0};
  });
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(st.try_sparse_send_all([](std::span<std::byte>) { return size_t{0}; },
                                     [] {
                                       return Stream::Section{false, 0};
                                     },
                                     [](long long) { ADD_FAILURE(); }));
}

TEST_F(CxxStream, ThrowingCallables) {
  struct Boom : std::runtime_error {
    Boom() : std::runtime_error("boom") {}
  };
  // The exception crosses the C call intact, in both forms; the C call has
  // failed (and aborted the stream) before it arrives.
  Stream st = Stream::create(conn);
  int calls = 0;
  auto thrower = [&](std::span<std::byte>) -> size_t {
    calls++;
    throw Boom();
  };
  EXPECT_THROW(st.send_all(thrower), Boom);
  EXPECT_THROW((void)st.try_send_all(thrower), Boom);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_SYSTEM_ERROR);  // the C call's own failure

  EXPECT_THROW(st.sparse_send_all([](std::span<std::byte>) { return size_t{0}; },
                                  []() -> Stream::Section { throw Boom(); }, [](long long) {}),
               Boom);
  // Not an std::exception: still carried.
  EXPECT_THROW(st.send_all([](std::span<std::byte>) -> size_t { throw 42; }), int);

  Stream rd = screenshot();
  size_t seen = 0;
  try {
    rd.recv_all([&](std::span<const std::byte> d) {
      seen += d.size();
      throw std::out_of_range("enough");
    });
    ADD_FAILURE() << "no exception";
  } catch (const std::out_of_range &e) {
    EXPECT_STREQ(e.what(), "enough");
  }
  EXPECT_GT(seen, 0u);
  // The C call aborted the stream: it is closed.
  std::byte buf[16];
  EXPECT_FALSE(rd.try_recv(buf));
}

// The default event loop, run by a thread for the fixture's lifetime.
class CxxStreamEvents : public CxxStream {
 protected:
  void SetUp() override {
    CxxStream::SetUp();
    ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
    // Wakes the loop up now and then, so that it sees `stop_`.
    tick_ = virEventAddTimeout(
        20, [](int, void *) {}, nullptr, nullptr);
    ASSERT_GE(tick_, 0);
    loop_ = std::thread([this] {
      while (!stop_) {
        virEventRunDefaultImpl();
        turns_++;
      }
    });
  }
  void TearDown() override {
    // A removed stream callback's timer holds the stream (so the connection)
    // until the loop's next turn frees it: let two turns pass, or the default
    // host would outlive this test (later tests expect a fresh one).
    int now = turns_;
    EXPECT_TRUE(wait_for([&] { return turns_ >= now + 2; }));
    stop_ = true;
    if (loop_.joinable()) loop_.join();
    if (tick_ >= 0) virEventRemoveTimeout(tick_);
    CxxStream::TearDown();
  }
  template <class P>
  static bool wait_for(P &&pred, std::chrono::milliseconds limit = 5s) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!pred()) {
      if (std::chrono::steady_clock::now() > end) return false;
      std::this_thread::sleep_for(1ms);
    }
    return true;
  }
  std::atomic<bool> stop_{false};
  std::atomic<int> turns_{0};
  int tick_ = -1;
  std::thread loop_;
};

TEST_F(CxxStreamEvents, NonBlockingReadDelivers) {
  Bytes want = c_png();
  Stream st = screenshot(VIR_STREAM_NONBLOCK);
  Bytes got;
  std::atomic<bool> done{false};
  std::atomic<int> would_block{0};
  auto sub = st.add_event_callback(VIR_STREAM_EVENT_READABLE, [&](Stream &s, int events) {
    if (done) return;
    if (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)) {
      done = true;
      return;
    }
    std::byte buf[8192];
    auto n = s.recv(buf);
    if (!n) {
      would_block++;
      return;
    }
    if (*n == 0) done = true;
    got.insert(got.end(), buf, buf + *n);
  });
  EXPECT_TRUE(sub);
  ASSERT_TRUE(wait_for([&] { return done.load(); }));
  sub.remove();
  EXPECT_FALSE(sub);
  EXPECT_EQ(got, want);
  st.finish();
}

TEST_F(CxxStreamEvents, SubscriptionStopsWhenItDies) {
  Stream st = screenshot(VIR_STREAM_NONBLOCK);
  std::atomic<int> calls{0};
  {
    // Never reads: the stream stays readable, the callback keeps coming.
    auto sub = st.add_event_callback(VIR_STREAM_EVENT_READABLE, [&](Stream &, int) { calls++; });
    ASSERT_TRUE(wait_for([&] { return calls >= 3; }));

    // One callback per stream: C and C++ get the same refusal.
    SAME_ERROR(Stream::EventSubscription,
               virStreamEventAddCallback(
                   st.get(), VIR_STREAM_EVENT_READABLE, [](virStreamPtr, int, void *) {}, nullptr,
                   nullptr) < 0,
               st., add_event_callback, VIR_STREAM_EVENT_READABLE, [](Stream &, int) {});

    // No events watched: no calls; watched again: calls again.
    sub.update(0);
    std::this_thread::sleep_for(50ms);
    int paused = calls;
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(calls, paused);
    sub.update(VIR_STREAM_EVENT_READABLE);
    ASSERT_TRUE(wait_for([&] { return calls > paused; }));

    // Moved: the new owner keeps the callback; the old one is empty.
    Stream::EventSubscription moved = std::move(sub);
    EXPECT_FALSE(sub);  // NOLINT(bugprone-use-after-move)
    EXPECT_TRUE(moved);
    int before = calls;
    ASSERT_TRUE(wait_for([&] { return calls > before; }));
  }
  // The subscription died: removed, so no more calls.
  std::this_thread::sleep_for(50ms);
  int after = calls;
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(calls, after);
  // The stream takes a new subscription.
  std::atomic<int> again{0};
  auto sub2 = st.add_event_callback(VIR_STREAM_EVENT_READABLE, [&](Stream &, int) { again++; });
  ASSERT_TRUE(wait_for([&] { return again > 0; }));
  sub2.remove();
  // Removing twice: the second time fails as in C.
  auto sub3 = st.add_event_callback(VIR_STREAM_EVENT_READABLE, [](Stream &, int) {});
  ASSERT_EQ(virStreamEventRemoveCallback(st.get()), 0);
  virtkit::Expected<void> r = sub3.try_remove();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), VIR_ERR_INTERNAL_ERROR);
  EXPECT_EQ(r.error().message(), "internal error: stream does not have a callback registered");
  st.abort();
}

TEST_F(CxxStreamEvents, CallbackExceptionKept) {
  Stream st = screenshot(VIR_STREAM_NONBLOCK);
  std::atomic<int> calls{0};
  auto sub = st.add_event_callback(VIR_STREAM_EVENT_READABLE, [&](Stream &, int) {
    calls++;
    throw std::logic_error("from the loop");
  });
  ASSERT_TRUE(wait_for([&] { return calls >= 2; }));  // the loop survived the first
  std::exception_ptr e = sub.exception();
  ASSERT_TRUE(e);
  try {
    std::rethrow_exception(e);
  } catch (const std::logic_error &le) {
    EXPECT_STREQ(le.what(), "from the loop");
  }
  sub.remove();
  EXPECT_EQ(sub.exception(), nullptr);  // empty now
  st.abort();
}

}  // namespace
