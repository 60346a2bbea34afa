// SPDX-License-Identifier: LGPL-2.1-or-later
// Shared by the C++ API's tests: comparing a C++ call's error with the one a C
// caller reads through virGetLastError for the same failing call.
#pragma once

#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <functional>
#include <optional>
#include <source_location>
#include <string>

namespace cxxtest {

inline void quiet(void *, virErrorPtr) {}

// The fields of virGetLastError() after a C call.
struct CError {
  int code, domain, level, int1, int2;
  std::optional<std::string> message, str1, str2, str3;
};

inline std::optional<std::string> opt(const char *s) {
  return s ? std::optional<std::string>(s) : std::nullopt;
}

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

// Runs the C failure, records its error, then checks that the throwing and the
// non-throwing C++ forms report exactly the same error and leave it as the
// thread's last error.
template <class T>
void same_error(const std::function<bool()> &c_call, const std::function<T()> &cxx_throwing,
                const std::function<virtkit::Expected<T>()> &cxx_expected,
                std::source_location at = std::source_location::current()) {
  SCOPED_TRACE(testing::Message() << "same_error at line " << at.line());
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
  expect_same(c_error(), r.error());
}

// A minimal persistent test-driver domain named @p name.
inline std::string domain_xml(const std::string &name) {
  return "<domain type='test'><name>" + name +
         "</name><memory>8192</memory><vcpu>2</vcpu><os><type>hvm</type></os></domain>";
}

// test:///default through both APIs, with its running domain "test".
class DomainFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virtkit::Connection::open("test:///default");
    c = virConnectOpen("test:///default");
    ASSERT_NE(c, nullptr);
    d = virtkit::Domain::lookup_by_name(conn, "test");
    cd = virDomainLookupByName(c, "test");
    ASSERT_NE(cd, nullptr);
  }
  void TearDown() override {
    if (cd) virDomainFree(cd);
    virConnectClose(c);
    virSetErrorFunc(nullptr, nullptr);
  }
  virtkit::Connection conn;
  virConnectPtr c = nullptr;
  virtkit::Domain d;
  virDomainPtr cd = nullptr;
};

}  // namespace cxxtest
