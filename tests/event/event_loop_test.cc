// SPDX-License-Identifier: LGPL-2.1-or-later
// The event-loop API: the built-in loop (handles, timers, removal and the
// deferred free functions, wakeups from other threads), the internal
// helpers, and an application's own implementation receiving the calls.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "event/event_loop.h"
#include "public.h"

using namespace virtkit;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// ---- Helpers ----

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) std::abort();
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  int r() const { return fds[0]; }
  int w() const { return fds[1]; }
  void put() const {
    char c = 'x';
    if (write(fds[1], &c, 1) != 1) std::abort();
  }
  void drain() const {
    char buf[64];
    while (read(fds[0], buf, sizeof buf) > 0) {
    }
  }
  void close_read() {
    if (fds[0] >= 0) close(fds[0]);
    fds[0] = -1;
  }
  void close_write() {
    if (fds[1] >= 0) close(fds[1]);
    fds[1] = -1;
  }
};

// A log of callbacks, in the order they ran.
struct Log {
  std::vector<std::string> entries;
  void add(const std::string &s) { entries.push_back(s); }
  bool has(const std::string &s) const {
    for (const auto &e : entries)
      if (e == s) return true;
    return false;
  }
  int count(const std::string &s) const {
    int n = 0;
    for (const auto &e : entries) n += e == s;
    return n;
  }
};

struct Tag {
  Log *log;
  std::string name;
};

void log_handle(int, int, int, void *opaque) {
  auto *t = static_cast<Tag *>(opaque);
  t->log->add("h:" + t->name);
}
void log_timer(int, void *opaque) {
  auto *t = static_cast<Tag *>(opaque);
  t->log->add("t:" + t->name);
}
void log_free(void *opaque) {
  auto *t = static_cast<Tag *>(opaque);
  t->log->add("ff:" + t->name);
}

// Runs iterations until `done` or the deadline (generous: 2 s).
template <class F>
bool run_until(F done, std::chrono::milliseconds limit = 2000ms) {
  auto end = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > end) return false;
    if (virEventRunDefaultImpl() != 0) return false;
  }
  return true;
}

class EventLoop : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(virEventRegisterDefaultImpl(), 0); }

  // A 5 ms timer so that no iteration waits for ever, whatever a test
  // leaves behind.
  // Releases left pending by earlier tests are run first.
  void SetUp() override {
    tick_ = virEventAddTimeout(
        5, [](int, void *) {}, nullptr, nullptr);
    ASSERT_GT(tick_, 0);
    std::atomic<bool> flushed{false};
    ASSERT_TRUE(event::call_soon([&] { flushed = true; }));
    ASSERT_TRUE(run_until([&] { return flushed.load(); }));
  }
  void TearDown() override { virEventRemoveTimeout(tick_); }

  int tick_ = -1;
};

// ---- The built-in loop ----

TEST_F(EventLoop, RegisterDefaultImplAgainSucceedsAndResetsTheError) {
  virConnectClose(nullptr);  // sets an error
  ASSERT_NE(virGetLastError(), nullptr);
  EXPECT_EQ(virEventRegisterDefaultImpl(), 0);
  EXPECT_EQ(virGetLastError(), nullptr);
  EXPECT_TRUE(event::have_impl());
  EXPECT_TRUE(event::require_impl().ok());
}

TEST_F(EventLoop, RunResetsTheErrorAndReturnsZero) {
  virConnectClose(nullptr);
  ASSERT_NE(virGetLastError(), nullptr);
  EXPECT_EQ(virEventRunDefaultImpl(), 0);
  EXPECT_EQ(virGetLastError(), nullptr);
}

TEST_F(EventLoop, PlainFunctionsLeaveTheErrorAlone) {
  virConnectClose(nullptr);
  ASSERT_NE(virGetLastError(), nullptr);
  EXPECT_EQ(virEventRemoveHandle(-5), -1);
  EXPECT_EQ(virEventRemoveTimeout(-5), -1);
  virEventUpdateHandle(-5, VIR_EVENT_HANDLE_READABLE);
  virEventUpdateTimeout(-5, 0);
  EXPECT_NE(virGetLastError(), nullptr);
  virResetLastError();
}

TEST_F(EventLoop, IdsArePositiveAndIncreasing) {
  Pipe p;
  int h1 = virEventAddHandle(p.r(), 0, log_handle, nullptr, nullptr);
  int h2 = virEventAddHandle(p.r(), 0, log_handle, nullptr, nullptr);
  int t1 = virEventAddTimeout(-1, log_timer, nullptr, nullptr);
  int t2 = virEventAddTimeout(-1, log_timer, nullptr, nullptr);
  EXPECT_GT(h1, 0);
  EXPECT_GT(h2, h1);
  EXPECT_GT(t1, 0);
  EXPECT_GT(t2, t1);
  EXPECT_EQ(virEventRemoveHandle(h1), 0);
  EXPECT_EQ(virEventRemoveHandle(h1), -1);  // removed already
  EXPECT_EQ(virEventRemoveHandle(h2), 0);
  EXPECT_EQ(virEventRemoveTimeout(t1), 0);
  EXPECT_EQ(virEventRemoveTimeout(t1), -1);
  EXPECT_EQ(virEventRemoveTimeout(t2), 0);
}

TEST_F(EventLoop, PipeBecomesReadable) {
  Pipe p;
  struct Seen {
    int watch = 0, fd = -1, events = 0, calls = 0;
  } seen;
  int watch = virEventAddHandle(
      p.r(), VIR_EVENT_HANDLE_READABLE,
      [](int w, int fd, int events, void *opaque) {
        auto *s = static_cast<Seen *>(opaque);
        s->watch = w;
        s->fd = fd;
        s->events = events;
        s->calls++;
      },
      &seen, nullptr);
  ASSERT_GT(watch, 0);
  // Nothing to read yet: a few iterations do not call it.
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(seen.calls, 0);

  p.put();
  ASSERT_TRUE(run_until([&] { return seen.calls > 0; }));
  EXPECT_EQ(seen.watch, watch);
  EXPECT_EQ(seen.fd, p.r());
  EXPECT_EQ(seen.events, VIR_EVENT_HANDLE_READABLE);

  // Level-triggered: still readable, called again; drained, not any more.
  int before = seen.calls;
  ASSERT_TRUE(run_until([&] { return seen.calls > before; }));
  p.drain();
  virEventRunDefaultImpl();
  before = seen.calls;
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(seen.calls, before);
  EXPECT_EQ(virEventRemoveHandle(watch), 0);
}

TEST_F(EventLoop, WritableAndHangupAndError) {
  Pipe p;
  std::atomic<int> wevents{0}, revents{0};
  int ww =
      event::add_handle(p.w(), VIR_EVENT_HANDLE_WRITABLE, [&](int, int, int e) { wevents = e; });
  ASSERT_GT(ww, 0);
  ASSERT_TRUE(run_until([&] { return wevents != 0; }));
  EXPECT_EQ(wevents, VIR_EVENT_HANDLE_WRITABLE);

  // The reader gone: writable and error, as poll(2) says.
  p.close_read();
  wevents = 0;
  ASSERT_TRUE(run_until([&] { return (wevents & VIR_EVENT_HANDLE_ERROR) != 0; }));
  EXPECT_EQ(wevents, VIR_EVENT_HANDLE_WRITABLE | VIR_EVENT_HANDLE_ERROR);
  EXPECT_EQ(virEventRemoveHandle(ww), 0);

  // Hangup is reported even when only readability is asked for.
  Pipe q;
  int rw =
      event::add_handle(q.r(), VIR_EVENT_HANDLE_READABLE, [&](int, int, int e) { revents = e; });
  ASSERT_GT(rw, 0);
  q.close_write();
  ASSERT_TRUE(run_until([&] { return revents != 0; }));
  EXPECT_TRUE(revents & VIR_EVENT_HANDLE_HANGUP);
  EXPECT_EQ(virEventRemoveHandle(rw), 0);
}

TEST_F(EventLoop, UpdateHandleEvents) {
  Pipe p;
  p.put();
  std::atomic<int> calls{0};
  int w = event::add_handle(p.r(), 0, [&](int, int, int) { calls++; });
  ASSERT_GT(w, 0);
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(calls, 0);  // an empty event set watches nothing

  virEventUpdateHandle(w, VIR_EVENT_HANDLE_READABLE);
  ASSERT_TRUE(run_until([&] { return calls > 0; }));

  virEventUpdateHandle(w, 0);
  virEventRunDefaultImpl();
  int before = calls;
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(calls, before);
  EXPECT_EQ(virEventRemoveHandle(w), 0);
  virEventUpdateHandle(w, VIR_EVENT_HANDLE_READABLE);  // removed: ignored
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(calls, before);
}

TEST_F(EventLoop, TimersFire) {
  std::atomic<int> every{0}, periodic{0}, disabled{0};
  int t0 = event::add_timeout(0, [&](int) { every++; });
  int t20 = event::add_timeout(20, [&](int) { periodic++; });
  int toff = event::add_timeout(-1, [&](int) { disabled++; });
  ASSERT_GT(t0, 0);
  ASSERT_GT(t20, 0);
  ASSERT_GT(toff, 0);

  // A 0 ms timer fires on every iteration.
  for (int i = 0; i < 5; i++) virEventRunDefaultImpl();
  EXPECT_EQ(every, 5);

  auto start = Clock::now();
  ASSERT_TRUE(run_until([&] { return periodic >= 3; }));
  EXPECT_GE(Clock::now() - start, 40ms);  // three periods of 20 ms, loosely
  EXPECT_EQ(disabled, 0);

  // Enabled later, it fires; disabled again, it stops.
  virEventUpdateTimeout(toff, 0);
  ASSERT_TRUE(run_until([&] { return disabled > 0; }));
  virEventUpdateTimeout(toff, -1);
  int before = disabled;
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(disabled, before);

  // Disabling stops a 0 ms timer too.
  virEventUpdateTimeout(t0, -1);
  before = every;
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(every, before);

  EXPECT_EQ(virEventRemoveTimeout(t0), 0);
  EXPECT_EQ(virEventRemoveTimeout(t20), 0);
  EXPECT_EQ(virEventRemoveTimeout(toff), 0);
}

TEST_F(EventLoop, OrderWithinAnIterationFollowsCreation) {
  Log log;
  Tag a{&log, "a"}, b{&log, "b"};
  int ta = virEventAddTimeout(0, log_timer, &a, nullptr);
  int tb = virEventAddTimeout(0, log_timer, &b, nullptr);
  virEventRunDefaultImpl();
  ASSERT_EQ(log.entries.size(), 2u);
  EXPECT_EQ(log.entries[0], "t:a");
  EXPECT_EQ(log.entries[1], "t:b");

  // Updating a timer makes it the newest.
  virEventUpdateTimeout(ta, 0);
  log.entries.clear();
  virEventRunDefaultImpl();
  ASSERT_EQ(log.entries.size(), 2u);
  EXPECT_EQ(log.entries[0], "t:b");
  EXPECT_EQ(log.entries[1], "t:a");
  virEventRemoveTimeout(ta);
  virEventRemoveTimeout(tb);
}

TEST_F(EventLoop, FreeFunctionsRunLaterFromTheLoop) {
  Log log;
  Pipe p;
  Tag h{&log, "h"}, t{&log, "t"}, z{&log, "zero"};
  int hw = virEventAddHandle(p.r(), VIR_EVENT_HANDLE_READABLE, log_handle, &h, log_free);
  int tt = virEventAddTimeout(-1, log_timer, &t, log_free);
  int zt = virEventAddTimeout(0, log_timer, &z, nullptr);
  ASSERT_GT(hw, 0);
  ASSERT_GT(tt, 0);
  ASSERT_GT(zt, 0);

  EXPECT_EQ(virEventRemoveHandle(hw), 0);
  EXPECT_EQ(virEventRemoveTimeout(tt), 0);
  EXPECT_TRUE(log.entries.empty());  // not from inside the remove calls

  // A handle's release runs first, in an iteration of its own.
  virEventRunDefaultImpl();
  ASSERT_EQ(log.entries.size(), 1u);
  EXPECT_EQ(log.entries[0], "ff:h");

  // A timer's release waits while anything else is ready (the 0 ms timer).
  log.entries.clear();
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(log.count("t:zero"), 3);
  EXPECT_FALSE(log.has("ff:t"));

  virEventRemoveTimeout(zt);
  ASSERT_TRUE(run_until([&] { return log.has("ff:t"); }));
  EXPECT_EQ(log.count("ff:t"), 1);
  EXPECT_EQ(log.count("ff:h"), 0);  // once only
}

struct SelfRemover {
  Log *log;
  int id = -1;
  int calls = 0;
};

TEST_F(EventLoop, RemovalInsideCallbacks) {
  Log log;
  Pipe p;
  p.put();

  // A handle that removes itself: called once, released later.
  SelfRemover hs{&log};
  hs.id = virEventAddHandle(
      p.r(), VIR_EVENT_HANDLE_READABLE,
      [](int watch, int, int, void *opaque) {
        auto *s = static_cast<SelfRemover *>(opaque);
        s->calls++;
        s->log->add(virEventRemoveHandle(watch) == 0 ? "removed" : "remove failed");
      },
      &hs, [](void *opaque) { static_cast<SelfRemover *>(opaque)->log->add("ff:handle"); });
  ASSERT_TRUE(run_until([&] { return log.has("ff:handle"); }));
  EXPECT_EQ(hs.calls, 1);
  EXPECT_EQ(log.count("removed"), 1);

  // A timer that removes another one ready in the same iteration: the other
  // is not called any more.
  struct Pair {
    Log *log;
    int other = -1;
  } first{&log};
  Tag second{&log, "second"};
  int t1 = virEventAddTimeout(
      0,
      [](int self, void *opaque) {
        auto *f = static_cast<Pair *>(opaque);
        f->log->add("t:first");
        virEventRemoveTimeout(f->other);
        virEventRemoveTimeout(self);
      },
      &first, nullptr);
  first.other = virEventAddTimeout(0, log_timer, &second, log_free);
  ASSERT_GT(t1, 0);
  ASSERT_GT(first.other, 0);
  virEventRunDefaultImpl();
  EXPECT_EQ(log.count("t:first"), 1);
  EXPECT_FALSE(log.has("t:second"));
  ASSERT_TRUE(run_until([&] { return log.has("ff:second"); }));
  EXPECT_EQ(log.count("t:first"), 1);
  EXPECT_FALSE(log.has("t:second"));
}

TEST_F(EventLoop, CallbackMayAddAndUpdate) {
  std::atomic<int> inner{0};
  int added = -1;
  int outer = event::add_timeout(0, [&](int self) {
    virEventUpdateTimeout(self, -1);
    added = event::add_timeout(0, [&](int) { inner++; });
  });
  ASSERT_GT(outer, 0);
  ASSERT_TRUE(run_until([&] { return inner > 0; }));
  EXPECT_GT(added, 0);
  virEventRemoveTimeout(added);
  virEventRemoveTimeout(outer);
}

TEST_F(EventLoop, NestedIterationDoesNotRerunTheCallback) {
  std::atomic<int> calls{0}, other{0};
  int o = event::add_timeout(0, [&](int) { other++; });
  int t = event::add_timeout(0, [&](int self) {
    if (calls++ == 0) virEventRunDefaultImpl();  // runs the others, not this one
    virEventUpdateTimeout(self, -1);
  });
  virEventRunDefaultImpl();
  EXPECT_EQ(calls, 1);
  EXPECT_GE(other, 1);
  virEventRemoveTimeout(o);
  virEventRemoveTimeout(t);
}

// ---- Other threads ----

TEST_F(EventLoop, AddFromAnotherThreadWakesABlockedIteration) {
  virEventRemoveTimeout(tick_);  // nothing else to wake the loop
  tick_ = -1;
  std::atomic<bool> stop{false};
  std::atomic<int> iterations{0};
  std::thread loop([&] {
    while (!stop) {
      virEventRunDefaultImpl();
      iterations++;
    }
  });
  std::this_thread::sleep_for(50ms);

  // A timer added from here runs in the loop's thread, promptly.
  std::atomic<bool> fired{false};
  std::thread::id where;
  auto start = Clock::now();
  int t = event::add_timeout(0, [&](int self) {
    where = std::this_thread::get_id();
    virEventRemoveTimeout(self);
    fired = true;
  });
  ASSERT_GT(t, 0);
  while (!fired && Clock::now() - start < 2s) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(fired);
  EXPECT_EQ(where, loop.get_id());

  // So does a handle becoming ready.
  Pipe p;
  std::atomic<bool> readable{false};
  int w = event::add_handle(p.r(), VIR_EVENT_HANDLE_READABLE, [&](int self, int, int) {
    virEventRemoveHandle(self);
    readable = true;
  });
  ASSERT_GT(w, 0);
  std::this_thread::sleep_for(20ms);
  p.put();
  start = Clock::now();
  while (!readable && Clock::now() - start < 2s) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(readable);

  stop = true;
  event::call_soon([] {});  // wakes the loop so that it sees `stop`
  loop.join();
}

TEST_F(EventLoop, IterationsFromSeveralThreadsTakeTurns) {
  std::atomic<int> inside{0}, most{0}, calls{0};
  int t = event::add_timeout(0, [&](int) {
    int n = ++inside;
    if (n > most) most = n;
    std::this_thread::sleep_for(1ms);
    --inside;
    calls++;
  });
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; i++)
    threads.emplace_back([] {
      for (int j = 0; j < 20; j++) virEventRunDefaultImpl();
    });
  for (auto &th : threads) th.join();
  EXPECT_EQ(calls, 60);
  EXPECT_EQ(most, 1);
  virEventRemoveTimeout(t);
}

// ---- Internal helpers ----

TEST_F(EventLoop, CallSoonRunsOnceFromTheLoop) {
  std::atomic<int> calls{0};
  ASSERT_TRUE(event::call_soon([&] { calls++; }));
  EXPECT_EQ(calls, 0);  // never from inside call_soon
  ASSERT_TRUE(run_until([&] { return calls > 0; }));
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(calls, 1);
}

TEST_F(EventLoop, TriggerDeliversFromTheLoopAndDisarms) {
  std::atomic<int> calls{0};
  {
    event::Trigger trig;
    ASSERT_TRUE(trig.start([&] { calls++; }));
    EXPECT_TRUE(trig.started());
    for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
    EXPECT_EQ(calls, 0);  // disabled until armed

    trig.arm();
    trig.arm();
    EXPECT_EQ(calls, 0);
    ASSERT_TRUE(run_until([&] { return calls > 0; }));
    for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
    EXPECT_EQ(calls, 1);  // armed twice, delivered once

    // Armed from another thread.
    std::thread([&] { trig.arm(); }).join();
    ASSERT_TRUE(run_until([&] { return calls > 1; }));
    trig.arm();
  }  // destroyed armed: the pending firing is dropped
  int before = calls;
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  EXPECT_EQ(calls, before);
}

// ---- Fresh processes: before registration, and an application's loop ----

// Runs `body` in a new process (gtest re-executes this test alone), where
// nothing is registered yet; it reports failures on stderr and exits 1.
#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::exit(1);                                                                 \
    }                                                                               \
  } while (0)

struct Calls {
  std::vector<std::string> log;
  int fd = 0, events = 0, watch = 0, timeout = 0, timer = 0;
  void *opaque = nullptr;
  virFreeCallback ff = nullptr;
} g_calls;

int app_add_handle(int fd, int events, virEventHandleCallback, void *opaque, virFreeCallback ff) {
  g_calls.log.push_back("addHandle");
  g_calls.fd = fd;
  g_calls.events = events;
  g_calls.opaque = opaque;
  g_calls.ff = ff;
  return 42;
}
void app_update_handle(int watch, int events) {
  g_calls.log.push_back("updateHandle");
  g_calls.watch = watch;
  g_calls.events = events;
}
int app_remove_handle(int watch) {
  g_calls.log.push_back("removeHandle");
  g_calls.watch = watch;
  return 7;
}
int app_add_timeout(int timeout, virEventTimeoutCallback, void *opaque, virFreeCallback ff) {
  g_calls.log.push_back("addTimeout");
  g_calls.timeout = timeout;
  g_calls.opaque = opaque;
  g_calls.ff = ff;
  return 43;
}
void app_update_timeout(int timer, int timeout) {
  g_calls.log.push_back("updateTimeout");
  g_calls.timer = timer;
  g_calls.timeout = timeout;
}
int app_remove_timeout(int timer) {
  g_calls.log.push_back("removeTimeout");
  g_calls.timer = timer;
  return 8;
}
int other_add_handle(int, int, virEventHandleCallback, void *, virFreeCallback) {
  return 99;
}

void before_registration() {
  virConnectClose(nullptr);  // an error the plain functions leave alone
  CHECK(virGetLastError() != nullptr);
  CHECK(virEventAddHandle(0, VIR_EVENT_HANDLE_READABLE, log_handle, nullptr, nullptr) == -1);
  CHECK(virEventAddTimeout(0, log_timer, nullptr, nullptr) == -1);
  CHECK(virEventRemoveHandle(1) == -1);
  CHECK(virEventRemoveTimeout(1) == -1);
  virEventUpdateHandle(1, 0);
  virEventUpdateTimeout(1, 0);
  CHECK(virGetLastError() != nullptr);
  CHECK(virGetLastErrorCode() == VIR_ERR_INVALID_CONN);
  CHECK(!event::have_impl());
  Status s = event::require_impl();
  CHECK(s.code() == VIR_ERR_CONFIG_UNSUPPORTED);
  CHECK(s.record()->domain == VIR_FROM_EVENT);
  CHECK(std::strcmp(s.record()->message,
                    "unsupported configuration: An event loop implementation must be "
                    "registered") == 0);
  CHECK(!event::call_soon([] {}));
  event::Trigger trig;
  CHECK(!trig.start([] {}));
  CHECK(event::add_handle(0, 1, [](int, int, int) {}) == -1);
  CHECK(event::add_timeout(0, [](int) {}) == -1);
  virResetLastError();
}

void application_loop() {
  before_registration();

  // Registering nothing leaves the place free.
  virEventRegisterImpl(nullptr, nullptr, nullptr, nullptr, nullptr, nullptr);
  CHECK(virEventAddHandle(0, 1, log_handle, nullptr, nullptr) == -1);

  virEventRegisterImpl(app_add_handle, app_update_handle, app_remove_handle, app_add_timeout,
                       app_update_timeout, app_remove_timeout);
  int tag;
  CHECK(virEventAddHandle(5, VIR_EVENT_HANDLE_WRITABLE, log_handle, &tag, log_free) == 42);
  CHECK(g_calls.fd == 5 && g_calls.events == VIR_EVENT_HANDLE_WRITABLE);
  CHECK(g_calls.opaque == &tag && g_calls.ff == log_free);
  virEventUpdateHandle(42, VIR_EVENT_HANDLE_READABLE);
  CHECK(g_calls.watch == 42 && g_calls.events == VIR_EVENT_HANDLE_READABLE);
  CHECK(virEventRemoveHandle(42) == 7);
  CHECK(virEventAddTimeout(250, log_timer, &tag, nullptr) == 43);
  CHECK(g_calls.timeout == 250 && g_calls.ff == nullptr);
  virEventUpdateTimeout(43, -1);
  CHECK(g_calls.timer == 43 && g_calls.timeout == -1);
  CHECK(virEventRemoveTimeout(43) == 8);
  CHECK(event::have_impl());

  // Later registrations are ignored, the default one included (which
  // still succeeds).
  virEventRegisterImpl(other_add_handle, nullptr, nullptr, nullptr, nullptr, nullptr);
  CHECK(virEventRegisterDefaultImpl() == 0);
  CHECK(virEventAddHandle(5, 1, log_handle, nullptr, nullptr) == 42);

  // The internal helpers go to the application's loop too.
  g_calls.log.clear();
  CHECK(event::call_soon([] {}));
  CHECK(g_calls.log.size() == 1 && g_calls.log[0] == "addTimeout" && g_calls.timeout == 0);
  CHECK(g_calls.ff != nullptr);
  g_calls.ff(g_calls.opaque);  // the application drops it
  {
    event::Trigger trig;
    CHECK(trig.start([] {}));
    CHECK(g_calls.timeout == -1);
    trig.arm();
    CHECK(g_calls.log.back() == "updateTimeout" && g_calls.timer == 43 && g_calls.timeout == 0);
    g_calls.ff(g_calls.opaque);
  }
  CHECK(g_calls.log.back() == "removeTimeout" && g_calls.timer == 43);
  std::exit(0);
}

void run_before_registration() {
  before_registration();
  // libvirt's loop waits even before registration, and an iteration under
  // way sees what is added once the default loop is registered.
  std::atomic<bool> returned{false};
  std::thread loop([&] {
    virEventRunDefaultImpl();
    returned = true;
  });
  std::this_thread::sleep_for(50ms);
  CHECK(!returned);
  CHECK(virEventRegisterDefaultImpl() == 0);
  std::atomic<int> fired{0};
  CHECK(event::add_timeout(0, [&](int) { fired++; }) > 0);
  auto start = Clock::now();
  while (!returned && Clock::now() - start < 2s) std::this_thread::sleep_for(1ms);
  CHECK(returned);
  loop.join();
  CHECK(fired == 1);
  // The application cannot replace it now.
  virEventRegisterImpl(app_add_handle, app_update_handle, app_remove_handle, app_add_timeout,
                       app_update_timeout, app_remove_timeout);
  CHECK(virEventAddHandle(0, 0, log_handle, nullptr, nullptr) != 42);
  std::exit(0);
}

TEST(EventLoopFresh, ApplicationLoopReceivesTheCalls) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(application_loop(), ::testing::ExitedWithCode(0), "");
}

TEST(EventLoopFresh, RunBeforeRegistrationWaitsForTheDefaultLoop) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_before_registration(), ::testing::ExitedWithCode(0), "");
}

}  // namespace
