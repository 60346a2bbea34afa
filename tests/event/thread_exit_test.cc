// SPDX-License-Identifier: LGPL-2.1-or-later
// Threads that end inside the library: pthread_exit from an application's
// callback (python ends its daemon threads so at exit) and pthread_cancel
// of a thread asleep in the default loop. The process goes on, and what
// the thread was doing is left whole: the other threads carry on.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <thread>

#include "../core/victim_thread.h"
#include "public.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

using virtkit_test::Victim;

// A victim running the default loop from `go` on (the callbacks it will
// run are told about it first).
struct LoopVictim {
  std::atomic<bool> go{false};
  Victim v{[this] {
    while (!go) std::this_thread::yield();
    for (;;) virEventRunDefaultImpl();
  }};
};

// What a callback that ends the victim's thread saw, and its free function.
struct CallLog {
  Victim *victim = nullptr;
  std::atomic<int> calls{0};
  std::atomic<int> freed{0};
};

void *const kExited = reinterpret_cast<void *>(0x5e);

// The default loop, on the calling thread, until `done` (false on timeout).
bool run_loop_until(const std::function<bool()> &done) {
  auto until = Clock::now() + 10s;
  while (!done()) {
    if (Clock::now() > until) return false;
    virEventRunDefaultImpl();
  }
  return true;
}

void quiet(void *, virErrorPtr) {}

class ThreadExit : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
    virSetErrorFunc(nullptr, quiet);
  }
  void TearDown() override { virSetErrorFunc(nullptr, nullptr); }
};

// ---- pthread_exit from the application's callbacks ----

TEST_F(ThreadExit, FromATimerCallbackTheTimerRunsOnOnAnotherThread) {
  CallLog st;
  auto cb = [](int, void *opaque) {
    auto *s = static_cast<CallLog *>(opaque);
    s->calls++;
    if (s->victim && s->victim->is_self()) pthread_exit(kExited);
  };
  int timer = virEventAddTimeout(0, cb, &st, nullptr);
  ASSERT_GE(timer, 0);
  LoopVictim lv;
  st.victim = &lv.v;
  lv.go = true;
  EXPECT_EQ(lv.v.join(), kExited);
  // The timer was left runnable, and the loop free for this thread.
  int before = st.calls;
  EXPECT_TRUE(run_loop_until([&] { return st.calls >= before + 3; }));
  EXPECT_EQ(virEventRemoveTimeout(timer), 0);
}

TEST_F(ThreadExit, FromAHandleCallbackTheHandleIsWatchedAgain) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  CallLog st;
  auto cb = [](int, int, int, void *opaque) {
    auto *s = static_cast<CallLog *>(opaque);
    s->calls++;
    if (s->victim && s->victim->is_self()) pthread_exit(kExited);
  };
  LoopVictim lv;
  st.victim = &lv.v;
  int watch = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, cb, &st, nullptr);
  ASSERT_GE(watch, 0);
  lv.go = true;
  EXPECT_EQ(lv.v.join(), kExited);
  int before = st.calls;
  EXPECT_TRUE(run_loop_until([&] { return st.calls >= before + 2; }));
  EXPECT_EQ(virEventRemoveHandle(watch), 0);
  close(fds[0]);
  close(fds[1]);
}

// test:///default's domain "test", on a connection of its own.
struct TestDomain {
  TestDomain() {
    conn = virConnectOpen("test:///default");
    dom = conn ? virDomainLookupByName(conn, "test") : nullptr;
    if (!dom) std::abort();
  }
  ~TestDomain() {
    virDomainFree(dom);
    EXPECT_EQ(virConnectClose(conn), 0);
  }
  virConnectPtr conn;
  virDomainPtr dom;
};

TEST_F(ThreadExit, FromAnObjectEventCallbackLaterEventsAndRemovalWork) {
  TestDomain t;
  virConnectPtr conn = t.conn;
  virDomainPtr dom = t.dom;
  CallLog log;
  auto cb = [](virConnectPtr, virDomainPtr, int, int, void *opaque) -> int {
    auto *l = static_cast<CallLog *>(opaque);
    l->calls++;
    if (l->victim && l->victim->is_self()) pthread_exit(kExited);
    return 0;
  };
  auto ff = [](void *opaque) { static_cast<CallLog *>(opaque)->freed++; };
  virConnectDomainEventCallback lifecycle = cb;
  auto generic = reinterpret_cast<virConnectDomainEventGenericCallback>(
      reinterpret_cast<void (*)()>(lifecycle));  // VIR_DOMAIN_EVENT_CALLBACK, warning-free
  int id = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, generic,
                                            &log, ff);
  ASSERT_GE(id, 0);
  LoopVictim lv;
  log.victim = &lv.v;
  ASSERT_EQ(virDomainSuspend(dom), 0);
  ASSERT_EQ(virDomainResume(dom), 0);  // delivered after the victim's exit
  lv.go = true;
  EXPECT_EQ(lv.v.join(), kExited);
  EXPECT_EQ(log.calls, 1);
  // The event after the victim's waits for the next one (arming the loop
  // again is the application's loop, which may be ending the thread).
  ASSERT_EQ(virDomainSuspend(dom), 0);
  EXPECT_TRUE(run_loop_until([&] { return log.calls >= 3; }));
  // Removal is not deferred forever: the callback is freed at once.
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, id), 0);
  EXPECT_EQ(log.freed, 1);
  EXPECT_EQ(virDomainResume(dom), 0);
}

struct HandlerState {
  pthread_t victim;
  std::atomic<int> calls{0};
};
HandlerState g_handler;

TEST_F(ThreadExit, FromAnErrorHandlerTheConnectionAndHandlersCarryOn) {
  virConnectPtr conn = virConnectOpen("test:///default");
  ASSERT_NE(conn, nullptr);
  auto handler = [](void *, virErrorPtr err) {
    g_handler.calls++;
    EXPECT_EQ(err->code, VIR_ERR_NO_DOMAIN);
    if (pthread_equal(pthread_self(), g_handler.victim)) pthread_exit(kExited);
  };
  g_handler.victim = pthread_self();  // (no exit on this thread)
  virSetErrorFunc(nullptr, handler);
  Victim v([&] {
    g_handler.victim = pthread_self();
    virDomainLookupByName(conn, "nosuch");
  });
  void *ret = v.join();
  g_handler.victim = pthread_t();
  EXPECT_EQ(ret, kExited);
  // This thread fails the same way: its handler runs, its error is its own.
  int before = g_handler.calls;
  EXPECT_EQ(virDomainLookupByName(conn, "nosuch"), nullptr);
  EXPECT_EQ(g_handler.calls, before + 1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
  virErrorPtr e = virConnGetLastError(conn);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, VIR_ERR_NO_DOMAIN);
  // The connection's own handler too.
  virConnSetErrorFunc(conn, nullptr, handler);
  EXPECT_EQ(virDomainLookupByName(conn, "nosuch"), nullptr);
  EXPECT_EQ(g_handler.calls, before + 2);
  virConnSetErrorFunc(conn, nullptr, nullptr);
  EXPECT_EQ(virConnectClose(conn), 0);
}

TEST_F(ThreadExit, FromAStreamCallbackTheCallbackRunsAgainAndIsRemoved) {
  TestDomain t;
  virStreamPtr st = virStreamNew(t.conn, VIR_STREAM_NONBLOCK);
  ASSERT_NE(st, nullptr);
  char *mime = virDomainScreenshot(t.dom, st, 0, 0);
  ASSERT_NE(mime, nullptr);
  free(mime);
  CallLog log;
  auto cb = [](virStreamPtr, int, void *opaque) {
    auto *l = static_cast<CallLog *>(opaque);
    l->calls++;
    if (l->victim && l->victim->is_self()) pthread_exit(kExited);
  };
  auto ff = [](void *opaque) { static_cast<CallLog *>(opaque)->freed++; };
  LoopVictim lv;
  log.victim = &lv.v;
  ASSERT_EQ(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, cb, &log, ff), 0);
  lv.go = true;
  EXPECT_EQ(lv.v.join(), kExited);
  EXPECT_EQ(log.calls, 1);
  // Not left "dispatching": the callback runs again, from this thread.
  EXPECT_TRUE(run_loop_until([&] { return log.calls >= 2; }));
  EXPECT_EQ(virStreamEventRemoveCallback(st), 0);
  EXPECT_EQ(log.freed, 1);
  EXPECT_EQ(virStreamAbort(st), 0);
  EXPECT_EQ(virStreamFree(st), 0);
  // The loop lets go of the stream (its timer's release) in an iteration
  // where nothing else is ready: after a one-shot timer.
  std::atomic<int> ticks{0};
  auto once = [](int timer, void *o) {
    ++*static_cast<std::atomic<int> *>(o);
    virEventRemoveTimeout(timer);
  };
  ASSERT_GE(virEventAddTimeout(0, once, &ticks, nullptr), 0);
  EXPECT_TRUE(run_loop_until([&] { return ticks == 1; }));
  virEventRunDefaultImpl();  // the releases
}

// ---- pthread_cancel of a thread asleep in the default loop ----

// The loop is free and works: a one-shot timer fires on this thread.
void expect_loop_usable() {
  std::atomic<int> fired{0};
  auto cb = [](int timer, void *opaque) {
    ++*static_cast<std::atomic<int> *>(opaque);
    virEventRemoveTimeout(timer);
  };
  ASSERT_GE(virEventAddTimeout(0, cb, &fired, nullptr), 0);
  EXPECT_TRUE(run_loop_until([&] { return fired == 1; }));
}

// A thread running the default loop with nothing ready: asleep in poll.
struct LoopOwner {
  std::atomic<bool> in_loop{false};
  Victim v{[this] {
    in_loop = true;
    for (;;) virEventRunDefaultImpl();
  }};
  LoopOwner() {
    while (!in_loop) std::this_thread::yield();
    std::this_thread::sleep_for(50ms);
  }
};

TEST_F(ThreadExit, CancelledAsleepInTheDefaultLoopAnotherThreadTakesTheLoop) {
  LoopOwner owner;
  owner.v.cancel();
  EXPECT_EQ(owner.v.join(), PTHREAD_CANCELED);
  expect_loop_usable();
}

TEST_F(ThreadExit, CancelledWaitingForItsTurnAtTheLoopTheOwnerCarriesOn) {
  LoopOwner owner;
  std::atomic<bool> waiting{false};
  Victim second([&] {
    waiting = true;
    for (;;) virEventRunDefaultImpl();  // waits for the owner's turn to end
  });
  while (!waiting) std::this_thread::yield();
  std::this_thread::sleep_for(50ms);
  second.cancel();
  EXPECT_EQ(second.join(), PTHREAD_CANCELED);
  owner.v.cancel();
  EXPECT_EQ(owner.v.join(), PTHREAD_CANCELED);
  expect_loop_usable();
}

}  // namespace
