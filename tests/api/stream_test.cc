// SPDX-License-Identifier: LGPL-2.1-or-later
// Streams through the public C API, on the test driver's screenshot (a
// read-only stream over the PNG, which libvirt serves as an fd stream on a
// file). Expected values are what Debian's libvirt 9.0.0 gives; the file
// uses nothing but the public API, so it also builds against that libvirt:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/api/stream_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <unistd.h>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

namespace {

void quiet(void *, virErrorPtr) {}

std::string s(const char *p) {
  return p ? p : "(null)";
}

// The thread's last error: code, domain, message, str1, str2, int1.
void expect_error(int code, int domain, const std::string &message, const std::string &str1,
                  const std::string &str2, int int1) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(s(err->message), message);
  EXPECT_EQ(s(err->str1), str1);
  EXPECT_EQ(s(err->str2), str2);
  EXPECT_EQ(err->int1, int1);
}

void expect_not_open() {
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_STREAMS, "internal error: stream is not open",
               "internal error: %s", "stream is not open", -1);
}

void expect_system(const std::string &what, int errnum) {
  std::string full = what + ": " + std::strerror(errnum);
  expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_STREAMS, full, "%s", full, errnum);
}

void expect_unsupported(const char *func) {
  expect_error(VIR_ERR_NO_SUPPORT, VIR_FROM_STREAMS,
               std::string("this function is not supported by the connection driver: ") + func,
               "this function is not supported by the connection driver: %s", func, -1);
}

std::string png() {
  std::ifstream in(std::string(VIRTKIT_FIXTURES_DIR) + "/../../data/test-screenshot.png",
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int sink(virStreamPtr, const char *data, size_t n, void *opaque) {
  static_cast<std::string *>(opaque)->append(data, n);
  return static_cast<int>(n);
}

int failing_sink(virStreamPtr, const char *, size_t, void *) {
  errno = EPIPE;
  return -1;
}

int hole_sink(virStreamPtr, long long, void *) {
  return 0;
}

void wake(int, void *) {}

struct Log {
  std::vector<int> events;
  std::vector<int> reads;
  int freed = 0;
  bool read_on_readable = true;
};

void on_event(virStreamPtr st, int events, void *opaque) {
  auto *log = static_cast<Log *>(opaque);
  log->events.push_back(events);
  if (log->read_on_readable && (events & VIR_STREAM_EVENT_READABLE)) {
    char buf[20000];
    log->reads.push_back(virStreamRecv(st, buf, sizeof buf));
  }
}

void on_free(void *opaque) {
  static_cast<Log *>(opaque)->freed++;
}

class Stream : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen("test:///default");
    ASSERT_NE(conn_, nullptr);
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr);
  }
  void TearDown() override {
    virDomainFree(dom_);
    int left = virConnectClose(conn_);
    // libvirt leaks the watch of a callback left on a closed stream, and
    // with it the stream and the connection.
    if (leaky_)
      EXPECT_GE(left, 0);
    else
      EXPECT_EQ(left, 0);
  }

  virStreamPtr screenshot(unsigned flags) {
    virStreamPtr st = virStreamNew(conn_, flags);
    EXPECT_NE(st, nullptr);
    char *mime = virDomainScreenshot(dom_, st, 0, 0);
    EXPECT_EQ(s(mime), "image/png");
    std::free(mime);
    return st;
  }

  static void loop_setup() {
    ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
    static int ticker = virEventAddTimeout(5, wake, nullptr, nullptr);
    ASSERT_GE(ticker, 0);
  }
  // Iterations of the loop (the ticker bounds each one).
  static void iterate(int n) {
    for (int i = 0; i < n; i++) virEventRunDefaultImpl();
  }
  static void run_until(const std::function<bool()> &done) {
    auto start = std::chrono::steady_clock::now();
    while (!done() && std::chrono::steady_clock::now() - start < std::chrono::seconds(2))
      virEventRunDefaultImpl();
  }

  virConnectPtr conn_ = nullptr;
  virDomainPtr dom_ = nullptr;
  bool leaky_ = false;
};

TEST_F(Stream, RecvAllGivesThePngByteForByte) {
  virStreamPtr st = screenshot(0);
  std::string got;
  ASSERT_EQ(virStreamRecvAll(st, sink, &got), 0);
  std::string want = png();
  ASSERT_EQ(want.size(), 33443u);
  EXPECT_TRUE(got == want);
  // At the end: 0, again and again.
  char buf[16];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), 0);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), 0);
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Stream, BlockingRecvSendFinishAbort) {
  virStreamPtr st = screenshot(0);
  std::string want = png();
  char buf[10000];
  ASSERT_EQ(virStreamRecv(st, buf, 0), 0);
  ASSERT_EQ(virStreamRecv(st, buf, sizeof buf), 10000);
  EXPECT_EQ(std::string(buf, 10000), want.substr(0, 10000));
  // The file is open for reading only.
  EXPECT_EQ(virStreamSend(st, "abc", 3), -1);
  expect_system("cannot write to stream", EBADF);
  EXPECT_EQ(virStreamRecv(st, buf, static_cast<size_t>(INT_MAX) + 1), -1);
  expect_system("Too many bytes to read from stream", ERANGE);
  EXPECT_EQ(virStreamSend(st, buf, static_cast<size_t>(INT_MAX) + 1), -1);
  expect_system("Too many bytes to write to stream", ERANGE);
  ASSERT_EQ(virStreamRecv(st, buf, sizeof buf), 10000);
  EXPECT_EQ(std::string(buf, 10000), want.substr(10000, 10000));

  // What fd streams lack.
  EXPECT_EQ(virStreamRecvFlags(st, buf, sizeof buf, 0), -1);
  expect_unsupported("virStreamRecvFlags");
  long long len = 0;
  EXPECT_EQ(virStreamRecvHole(st, &len, 0), -1);
  expect_unsupported("virStreamRecvHole");

  // Finished early: closed; finishing or aborting again does nothing.
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_not_open();
  EXPECT_EQ(virStreamSend(st, "x", 1), -1);
  expect_not_open();
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamAbort(st), 0);
  EXPECT_EQ(virStreamFree(st), 0);

  st = screenshot(0);
  EXPECT_EQ(virStreamAbort(st), 0);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_not_open();
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Stream, UnusedStream) {
  virStreamPtr st = virStreamNew(conn_, 0);
  ASSERT_NE(st, nullptr);
  char buf[4];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_unsupported("virStreamRecv");
  EXPECT_EQ(virStreamSend(st, buf, sizeof buf), -1);
  expect_unsupported("virStreamSend");
  EXPECT_EQ(virStreamFinish(st), -1);
  expect_unsupported("virStreamFinish");
  EXPECT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_event, nullptr, nullptr),
            -1);
  expect_unsupported("virStreamEventAddCallback");
  EXPECT_EQ(virStreamAbort(st), 0);
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Stream, RecvAllFailures) {
  // A failing sink aborts the stream; its errno makes the error.
  virStreamPtr st = screenshot(0);
  EXPECT_EQ(virStreamRecvAll(st, failing_sink, nullptr), -1);
  expect_system("recv handler failed", EPIPE);
  char buf[4];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_not_open();
  virStreamFree(st);

  // So does a missing sink.
  st = screenshot(0);
  EXPECT_EQ(virStreamRecvAll(st, nullptr, nullptr), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_STREAMS,
               "handler in virStreamRecvAll must not be NULL", "virStreamRecvAll", "handler", 0);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_not_open();
  virStreamFree(st);

  // Sparse reading needs what fd streams lack.
  st = screenshot(0);
  std::string got;
  EXPECT_EQ(virStreamSparseRecvAll(st, sink, hole_sink, &got), -1);
  expect_unsupported("virStreamRecvFlags");
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_not_open();
  virStreamFree(st);

  // Non-blocking streams take no sinks (and are aborted).
  st = screenshot(VIR_STREAM_NONBLOCK);
  EXPECT_EQ(virStreamRecvAll(st, sink, &got), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_STREAMS,
               "Requested operation is not valid: data sinks cannot be used for non-blocking "
               "streams",
               "Requested operation is not valid: %s",
               "data sinks cannot be used for non-blocking streams", -1);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_not_open();
  virStreamFree(st);
}

TEST_F(Stream, NonBlocking) {
  virStreamPtr st = screenshot(VIR_STREAM_NONBLOCK);
  std::string want = png();
  std::vector<char> buf(100000);
  // The helper's one message: the whole file (less than its 256 KiB).
  ASSERT_EQ(virStreamRecv(st, buf.data(), 3), 3);
  ASSERT_EQ(virStreamRecv(st, buf.data() + 3, buf.size() - 3), 33440);
  EXPECT_TRUE(std::string(buf.data(), 33443) == want);
  // Then the end, once; then the helper is gone.
  EXPECT_EQ(virStreamRecv(st, buf.data(), buf.size()), 0);
  EXPECT_EQ(virStreamRecv(st, buf.data(), buf.size()), -1);
  expect_system("stream is not open", EBADF);
  EXPECT_EQ(virStreamRecv(st, buf.data(), 0), 0);
  EXPECT_EQ(virStreamSend(st, "abc", 3), -1);
  expect_system("cannot write to stream", EBADF);
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamRecv(st, buf.data(), buf.size()), -1);
  expect_not_open();
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Stream, EventCallbacksOnBlockingStream) {
  loop_setup();
  virStreamPtr st = screenshot(0);
  Log log;
  ASSERT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_event, &log, on_free), 0);
  EXPECT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_event, &log, on_free), -1);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_STREAMS,
               "internal error: stream already has a callback registered", "internal error: %s",
               "stream already has a callback registered", -1);
  EXPECT_TRUE(log.events.empty());  // from the loop only
  // A file is always readable: 20000, 13443, then 0 at every iteration.
  run_until([&] { return log.reads.size() >= 4; });
  ASSERT_GE(log.reads.size(), 4u);
  EXPECT_EQ(log.reads[0], 20000);
  EXPECT_EQ(log.reads[1], 13443);
  EXPECT_EQ(log.reads[2], 0);
  EXPECT_EQ(log.reads[3], 0);
  for (int ev : log.events) EXPECT_EQ(ev, VIR_STREAM_EVENT_READABLE);

  // Waiting for nothing: no calls.
  ASSERT_EQ(virStreamEventUpdateCallback(st, 0), 0);
  size_t before = log.events.size();
  iterate(3);
  EXPECT_EQ(log.events.size(), before);
  // Writable too (poll says so for any file).
  log.read_on_readable = false;
  ASSERT_EQ(virStreamEventUpdateCallback(st, VIR_STREAM_EVENT_WRITABLE), 0);
  run_until([&] { return log.events.size() > before; });
  ASSERT_GT(log.events.size(), before);
  EXPECT_EQ(log.events.back(), VIR_STREAM_EVENT_WRITABLE);

  EXPECT_EQ(log.freed, 0);
  ASSERT_EQ(virStreamEventRemoveCallback(st), 0);
  EXPECT_EQ(log.freed, 1);
  EXPECT_EQ(virStreamEventRemoveCallback(st), -1);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_STREAMS,
               "internal error: stream does not have a callback registered", "internal error: %s",
               "stream does not have a callback registered", -1);
  EXPECT_EQ(virStreamEventUpdateCallback(st, 0), -1);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_STREAMS,
               "internal error: stream does not have a callback registered", "internal error: %s",
               "stream does not have a callback registered", -1);
  before = log.events.size();
  iterate(3);
  EXPECT_EQ(log.events.size(), before);
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_event, &log, on_free), -1);
  expect_not_open();
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Stream, AbortTellsTheCallback) {
  loop_setup();
  virStreamPtr st = screenshot(0);
  Log log;
  log.read_on_readable = false;
  ASSERT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_event, &log, on_free), 0);
  // Called at once, from the abort, with an error.
  ASSERT_EQ(virStreamAbort(st), 0);
  ASSERT_EQ(log.events.size(), 1u);
  EXPECT_EQ(log.events[0], VIR_STREAM_EVENT_ERROR);
  iterate(3);
  EXPECT_EQ(log.events.size(), 1u);
  // The stream is closed: its callback can no longer be removed.
  EXPECT_EQ(virStreamEventRemoveCallback(st), -1);
  expect_not_open();
  EXPECT_EQ(log.freed, 0);
  virStreamFree(st);
  leaky_ = true;
}

TEST_F(Stream, EventCallbacksOnNonBlockingStream) {
  loop_setup();
  virStreamPtr st = screenshot(VIR_STREAM_NONBLOCK);
  Log log;
  ASSERT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_event, &log, on_free), 0);
  // Readable while the helper's messages wait; hung up once it is gone.
  run_until([&] { return !log.events.empty() && (log.events.back() & VIR_STREAM_EVENT_HANGUP); });
  ASSERT_GE(log.reads.size(), 3u);
  EXPECT_EQ(log.reads[0], 20000);
  EXPECT_EQ(log.reads[1], 13443);
  EXPECT_EQ(log.reads[2], 0);
  ASSERT_FALSE(log.events.empty());
  EXPECT_TRUE(log.events.back() & VIR_STREAM_EVENT_HANGUP);
  ASSERT_EQ(virStreamEventRemoveCallback(st), 0);
  EXPECT_EQ(log.freed, 1);
  iterate(2);  // the loop lets go of the stream
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Stream, RemovingTheCallbackFromItself) {
  loop_setup();
  virStreamPtr st = screenshot(0);
  struct Self {
    int calls = 0;
    int freed = 0;
  } self;
  auto cb = [](virStreamPtr s, int, void *opaque) {
    auto *me = static_cast<Self *>(opaque);
    me->calls++;
    EXPECT_EQ(virStreamEventRemoveCallback(s), 0);
    EXPECT_EQ(me->freed, 0);  // freed once the call returns
  };
  auto ff = [](void *opaque) { static_cast<Self *>(opaque)->freed++; };
  ASSERT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, cb, &self, ff), 0);
  run_until([&] { return self.freed > 0; });
  iterate(3);
  EXPECT_EQ(self.calls, 1);
  EXPECT_EQ(self.freed, 1);
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Stream, ConcurrentScreenshots) {
  // Several threads, each with its own stream on the one connection, while
  // another saves and restores the domain.
  std::string want = png();
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; t++)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; i++) {
        virStreamPtr st = virStreamNew(conn_, 0);
        char *mime = virDomainScreenshot(dom_, st, 0, 0);
        std::free(mime);
        std::string got;
        if (virStreamRecvAll(st, sink, &got) == 0 && got == want) ok[t]++;
        virStreamFinish(st);
        virStreamFree(st);
      }
    });
  char tmpl[] = "/tmp/virtkit-stream-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string img = std::string(tmpl) + "/img";
  for (int i = 0; i < 10; i++) {
    EXPECT_EQ(virDomainSave(dom_, img.c_str()), 0);
    EXPECT_EQ(virDomainRestore(conn_, img.c_str()), 0);
  }
  for (auto &th : threads) th.join();
  for (int t = 0; t < 4; t++) EXPECT_EQ(ok[t], 20);
  unlink(img.c_str());
  rmdir(tmpl);
}

}  // namespace
