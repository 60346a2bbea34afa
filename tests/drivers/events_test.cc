// SPDX-License-Identifier: LGPL-2.1-or-later
// Domain events of the test driver: registration and its errors, the
// lifecycle events libvirt's test driver emits (sequences checked against
// Debian's libvirt 9.0.0), delivery from the event loop only, per-domain
// filtering, and deregistration from inside a callback.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "public.h"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Seen {
  std::string tag, name;
  int id, event, detail;
  bool operator==(const Seen &) const = default;
};
std::ostream &operator<<(std::ostream &os, const Seen &s) {
  return os << "(" << s.tag << "," << s.name << "," << s.id << "," << s.event << "," << s.detail
            << ")";
}

struct Sink {
  std::string tag;
  std::vector<Seen> *out;
};

int record(virConnectPtr, virDomainPtr dom, int event, int detail, void *opaque) {
  auto *s = static_cast<Sink *>(opaque);
  s->out->push_back(
      {s->tag, virDomainGetName(dom), static_cast<int>(virDomainGetID(dom)), event, detail});
  return 0;
}

// VIR_DOMAIN_EVENT_CALLBACK without -Wcast-function-type's complaint.
template <class F>
virConnectDomainEventGenericCallback generic(F f) {
  return reinterpret_cast<virConnectDomainEventGenericCallback>(reinterpret_cast<void (*)()>(f));
}

void wake(int, void *) {}

class DomainEvents : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
    // Keeps every iteration of the loop bounded.
    static int ticker = virEventAddTimeout(10, wake, nullptr, nullptr);
    ASSERT_GT(ticker, 0);
  }
  void SetUp() override {
    conn = virConnectOpen("test:///default");
    ASSERT_NE(conn, nullptr);
  }
  void TearDown() override { virConnectClose(conn); }

  // Runs the loop until `done` holds or a second passes.
  static void run_until(const std::function<bool()> &done) {
    auto start = Clock::now();
    while (!done() && Clock::now() - start < 1s) virEventRunDefaultImpl();
  }
  static void run_for(std::chrono::milliseconds d) {
    auto start = Clock::now();
    while (Clock::now() - start < d) virEventRunDefaultImpl();
  }

  virConnectPtr conn = nullptr;
};

const char *const kT2 =
    "<domain type='test'><name>t2</name><memory>1024</memory><os><type>hvm</type></os></domain>";
const char *const kT3 =
    "<domain type='test'><name>t3</name><memory>1024</memory><os><type>hvm</type></os></domain>";

TEST_F(DomainEvents, LifecycleSequenceAsLibvirt) {
  std::vector<Seen> seen;
  Sink any{"any", &seen}, one{"dom", &seen}, legacy{"legacy", &seen};
  virDomainPtr d = virDomainLookupByName(conn, "test");
  ASSERT_NE(d, nullptr);
  auto cb = generic(record);
  EXPECT_EQ(virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, &any,
                                             nullptr),
            0);
  EXPECT_EQ(
      virConnectDomainEventRegisterAny(conn, d, VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, &one, nullptr),
      1);
  EXPECT_EQ(virConnectDomainEventRegister(conn, record, &legacy, nullptr), 0);

  ASSERT_EQ(virDomainSuspend(d), 0);
  ASSERT_EQ(virDomainResume(d), 0);
  ASSERT_EQ(virDomainDestroy(d), 0);
  ASSERT_EQ(virDomainCreate(d), 0);
  ASSERT_EQ(virDomainShutdown(d), 0);
  ASSERT_EQ(virDomainUndefine(d), 0);
  virDomainPtr x = virDomainDefineXML(conn, kT2);
  ASSERT_NE(x, nullptr);
  ASSERT_EQ(virDomainCreate(x), 0);
  ASSERT_EQ(virDomainReboot(x, 0), 0);  // restarts: no event
  ASSERT_EQ(virDomainDestroy(x), 0);
  ASSERT_EQ(virDomainUndefine(x), 0);
  virDomainPtr y = virDomainCreateXML(conn, kT3, 0);
  ASSERT_NE(y, nullptr);
  ASSERT_EQ(virDomainDestroy(y), 0);
  // Nothing is delivered from inside the calls.
  EXPECT_TRUE(seen.empty());

  const std::vector<Seen> want_test = {
      {"any", "test", 1, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED},
      {"dom", "test", 1, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED},
      {"legacy", "test", 1, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED},
      {"any", "test", 1, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED},
      {"dom", "test", 1, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED},
      {"legacy", "test", 1, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED},
      {"any", "test", -1, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED},
      {"dom", "test", -1, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED},
      {"legacy", "test", -1, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED},
      {"any", "test", 2, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {"dom", "test", 2, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {"legacy", "test", 2, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {"any", "test", -1, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN},
      {"dom", "test", -1, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN},
      {"legacy", "test", -1, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN},
      {"any", "test", -1, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED},
      {"dom", "test", -1, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED},
      {"legacy", "test", -1, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED},
      {"any", "t2", -1, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_ADDED},
      {"legacy", "t2", -1, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_ADDED},
      {"any", "t2", 3, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {"legacy", "t2", 3, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {"any", "t2", -1, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED},
      {"legacy", "t2", -1, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED},
      {"any", "t2", -1, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED},
      {"legacy", "t2", -1, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED},
      // A transient domain keeps its id in the event that stops it.
      {"any", "t3", 4, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {"legacy", "t3", 4, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {"any", "t3", 4, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED},
      {"legacy", "t3", 4, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED},
  };
  run_until([&] { return seen.size() >= want_test.size(); });
  run_for(30ms);
  EXPECT_EQ(seen, want_test);

  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, 0), 0);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, 1), 0);
  EXPECT_EQ(virConnectDomainEventDeregister(conn, record), 0);
  virDomainFree(d);
  virDomainFree(x);
  virDomainFree(y);
}

int other(virConnectPtr, virDomainPtr, int, int, void *) {
  return 0;
}

TEST_F(DomainEvents, RegistrationErrors) {
  auto cb = generic(record);
  std::vector<Seen> seen;
  Sink s{"x", &seen};
  int id = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, &s,
                                            nullptr);
  ASSERT_GE(id, 0);
  EXPECT_EQ(virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, &s,
                                             nullptr),
            -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
  EXPECT_EQ(virGetLastErrorDomain(), VIR_FROM_NONE);
  EXPECT_STREQ(virGetLastErrorMessage(), "invalid argument: event callback already tracked");
  // The same function for another event, or legacy, is another callback.
  int id2 =
      virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_REBOOT, cb, &s, nullptr);
  EXPECT_EQ(id2, id + 1);
  EXPECT_EQ(virConnectDomainEventRegister(conn, record, &s, nullptr), 0);
  EXPECT_EQ(virConnectDomainEventRegister(conn, record, &s, nullptr), -1);
  EXPECT_STREQ(virGetLastErrorMessage(), "invalid argument: event callback already tracked");

  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, 99), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
  EXPECT_STREQ(virGetLastErrorMessage(),
               "invalid argument: could not find event callback 99 for deletion");
  EXPECT_EQ(virConnectDomainEventDeregister(conn, other), -1);
  char want[128];
  std::snprintf(want, sizeof want, "invalid argument: event callback function %p not registered",
                reinterpret_cast<void *>(other));
  EXPECT_STREQ(virGetLastErrorMessage(), want);

  // A callback belongs to its connection.
  virConnectPtr conn2 = virConnectOpen("test:///default");
  ASSERT_NE(conn2, nullptr);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn2, id), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
  virConnectClose(conn2);

  EXPECT_EQ(virConnectDomainEventDeregister(conn, record), 0);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, id), 0);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, id2), 0);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, id), -1);
}

struct SelfRemoving {
  virConnectPtr conn;
  int id = -1;
  int calls = 0;
  int freed = 0;
  int calls_when_freed = -1;
};

int remove_self(virConnectPtr conn, virDomainPtr, int, int, void *opaque) {
  auto *s = static_cast<SelfRemoving *>(opaque);
  s->calls++;
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, s->id), 0);
  EXPECT_EQ(s->freed, 0);  // freed once the dispatch is over
  // Only marked during a dispatch: a second deregistration still succeeds, as in libvirt.
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, s->id), 0);
  return 0;
}

void free_self(void *opaque) {
  auto *s = static_cast<SelfRemoving *>(opaque);
  s->freed++;
  s->calls_when_freed = s->calls;
}

TEST_F(DomainEvents, DeregisterFromInsideTheCallback) {
  SelfRemoving s{conn};
  s.id = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          generic(remove_self), &s, free_self);
  ASSERT_GE(s.id, 0);
  virDomainPtr d = virDomainLookupByName(conn, "test");
  ASSERT_EQ(virDomainSuspend(d), 0);
  ASSERT_EQ(virDomainResume(d), 0);
  run_until([&] { return s.freed > 0; });
  run_for(30ms);
  EXPECT_EQ(s.calls, 1);
  EXPECT_EQ(s.freed, 1);
  EXPECT_EQ(s.calls_when_freed, 1);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn, s.id), -1);
  virDomainFree(d);
}

TEST_F(DomainEvents, FreecbOnDeregisterAndNoDeliveryAfterwards) {
  SelfRemoving s{conn};
  s.id = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          generic(remove_self), &s, free_self);
  ASSERT_GE(s.id, 0);
  virDomainPtr d = virDomainLookupByName(conn, "test");
  ASSERT_EQ(virDomainSuspend(d), 0);
  ASSERT_EQ(virConnectDomainEventDeregisterAny(conn, s.id), 0);
  EXPECT_EQ(s.freed, 1);  // at once
  run_for(30ms);
  EXPECT_EQ(s.calls, 0);  // the queued event went with the last callback
  ASSERT_EQ(virDomainResume(d), 0);
  virDomainFree(d);
}

TEST_F(DomainEvents, CallbackKeepsTheConnection) {
  std::vector<Seen> seen;
  Sink s{"kept", &seen};
  virConnectPtr c2 = virConnectOpen("test:///default");
  ASSERT_NE(c2, nullptr);
  int id = virConnectDomainEventRegisterAny(c2, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            generic(record), &s, nullptr);
  ASSERT_GE(id, 0);
  EXPECT_EQ(virConnectClose(c2), 1);  // the callback's reference
  virDomainPtr d = virDomainLookupByName(conn, "test");
  ASSERT_EQ(virDomainSuspend(d), 0);
  run_until([&] { return !seen.empty(); });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].event, VIR_DOMAIN_EVENT_SUSPENDED);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(c2, id), 0);  // frees the connection
  ASSERT_EQ(virDomainResume(d), 0);
  virDomainFree(d);
}

void no_loop() {
  virConnectPtr c = virConnectOpen("test:///default");
  if (!c) std::exit(2);
  int r = virConnectDomainEventRegisterAny(c, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           generic(record), nullptr, nullptr);
  if (r != -1 || virGetLastErrorCode() != VIR_ERR_INTERNAL_ERROR ||
      virGetLastErrorDomain() != VIR_FROM_NONE ||
      std::strcmp(virGetLastErrorMessage(),
                  "internal error: could not initialize domain event timer") != 0)
    std::exit(3);
  if (virConnectDomainEventRegister(c, record, nullptr, nullptr) != -1) std::exit(4);
  virConnectClose(c);
  std::exit(0);
}

TEST(DomainEventsNoLoop, RegisteringFailsWithoutAnEventLoop) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(no_loop(), ::testing::ExitedWithCode(0), "");
}

}  // namespace
