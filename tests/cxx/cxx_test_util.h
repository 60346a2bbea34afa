// SPDX-License-Identifier: LGPL-2.1-or-later
// What the C++ API's tests share: the C error's fields, the check that a C++
// call fails with exactly the error of the same C call, and a fixture with a
// C++ and a C connection to test:///default.
#pragma once

#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <source_location>
#include <string>
#include <thread>

namespace cxx_test {

inline void quiet(void *, virErrorPtr) {}

inline std::optional<std::string> opt(const char *s) {
  return s ? std::optional<std::string>(s) : std::nullopt;
}

// The fields of virGetLastError() after a C call.
struct CError {
  int code, domain, level, int1, int2;
  std::optional<std::string> message, str1, str2, str3;
};

inline CError c_error() {
  virErrorPtr e = virGetLastError();
  EXPECT_NE(e, nullptr);
  if (!e) return {};
  return {e->code,         e->domain,    e->level,     e->int1,     e->int2,
          opt(e->message), opt(e->str1), opt(e->str2), opt(e->str3)};
}

inline void expect_same(const CError &c, const virtkit::Error &e) {
  EXPECT_NE(c.code, VIR_ERR_OK);
  EXPECT_EQ(c.code, e.code());
  EXPECT_EQ(c.domain, e.domain());
  EXPECT_EQ(c.level, e.level());
  EXPECT_EQ(c.message, e.message());
  EXPECT_EQ(c.str1, e.str1());
  EXPECT_EQ(c.str2, e.str2());
  EXPECT_EQ(c.str3, e.str3());
  EXPECT_EQ(c.int1, e.int1());
  EXPECT_EQ(c.int2, e.int2());
  EXPECT_STREQ(e.what(), c.message ? c.message->c_str() : "unknown error");
}

// The C call just made failed with exactly @p e (the thread's error equals it).
inline void expect_same_as_last(const virtkit::Error &e) {
  expect_same(c_error(), e);
}

// Runs the C failure, records its error, then checks that the throwing and the
// non-throwing C++ forms report exactly the same error.
template <class T>
void same_error(const std::function<bool()> &c_call, const std::function<T()> &cxx_throwing,
                const std::function<virtkit::Expected<T>()> &cxx_expected,
                std::source_location at = std::source_location::current()) {
  SCOPED_TRACE(testing::Message() << "same_error called at line " << at.line());
  ASSERT_TRUE(c_call()) << "the C call did not fail";
  CError c = c_error();
  try {
    cxx_throwing();
    ADD_FAILURE() << "no exception";
  } catch (const virtkit::Error &e) {
    expect_same(c, e);
  }
  virtkit::Expected<T> r = cxx_expected();
  ASSERT_FALSE(r.has_value());
  expect_same(c, r.error());
  // The C++ call left the thread's error as the C call does.
  expect_same(c_error(), r.error());
}

// The failure as the C call reports it: the error's code, for checks that a
// call fails the way the test expects before same_error compares the rest.
inline int c_code() {
  virErrorPtr e = virGetLastError();
  return e ? e->code : VIR_ERR_OK;
}

// A malloc'ed C string as std::string (freed).
inline std::string take(char *s) {
  std::string r = s ? s : "";
  std::free(s);
  return r;
}

// The default event loop, run by a thread for the duration of a test.
class Loop {
 public:
  Loop() {
    static bool registered = (virtkit::event::register_default_impl(), true);
    (void)registered;
    keepalive_ = virtkit::event::Timer::add(std::chrono::milliseconds(20), [] {});
    t_ = std::thread([this] {
      while (!stop_) virtkit::event::run_default_impl();
    });
  }
  ~Loop() {
    stop_ = true;
    t_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  virtkit::event::Timer keepalive_;
  std::thread t_;
};

// Polls @p p for up to 2.5 s.
template <class Pred>
bool wait_for(Pred p) {
  for (int i = 0; i < 500 && !p(); i++) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return p();
}

// A C++ and a C connection to test:///default (a fresh copy of its objects).
class Fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virtkit::Connection::open("test:///default");
    c = virConnectOpen("test:///default");
    ASSERT_NE(c, nullptr);
  }
  void TearDown() override {
    virConnectClose(c);
    virSetErrorFunc(nullptr, nullptr);
  }
  virtkit::Connection conn;
  virConnectPtr c = nullptr;
};

// A minimal persistent test-driver domain named @p name.
inline std::string domain_xml(const std::string &name) {
  return "<domain type='test'><name>" + name +
         "</name><memory>8192</memory><vcpu>2</vcpu><os><type>hvm</type></os></domain>";
}

// test:///default through both APIs, with its running domain "test".
class DomainFixture : public Fixture {
 protected:
  void SetUp() override {
    Fixture::SetUp();
    d = virtkit::Domain::lookup_by_name(conn, "test");
    cd = virDomainLookupByName(c, "test");
    ASSERT_NE(cd, nullptr);
  }
  void TearDown() override {
    if (cd) virDomainFree(cd);
    Fixture::TearDown();
  }
  virtkit::Domain d;
  virDomainPtr cd = nullptr;
};

}  // namespace cxx_test

// The domain tests' name for the same namespace.
namespace cxxtest = cxx_test;

// same_error for a call `fn` and its try_fn on OBJ (`x.` for a member, `Class::`
// for a static): SAME_ERROR(T, c_fails, OBJ, fn, args...).
#define SAME_ERROR(T, c_fails, OBJ, fn, ...)                          \
  cxx_test::same_error<T>([&] { return static_cast<bool>(c_fails); }, \
                          [&] { return OBJ fn(__VA_ARGS__); },        \
                          [&] { return OBJ try_##fn(__VA_ARGS__); })
