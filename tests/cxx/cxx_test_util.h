// SPDX-License-Identifier: LGPL-2.1-or-later
// What the C++ API's tests share: a quiet error handler, the fields of
// virGetLastError() after a C call, and same_error(): a failing C call and its
// C++ forms report exactly the same error.
#pragma once

#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <functional>
#include <optional>
#include <string>

namespace cxx_test {

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
                const std::function<virtkit::Expected<T>()> &cxx_expected) {
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

}  // namespace cxx_test

// same_error for a call `fn` and its try_fn on OBJ (`x.` for a member, `Class::`
// for a static): SAME_ERROR(T, c_fails, OBJ, fn, args...).
#define SAME_ERROR(T, c_fails, OBJ, fn, ...)                          \
  cxx_test::same_error<T>([&] { return static_cast<bool>(c_fails); }, \
                          [&] { return OBJ fn(__VA_ARGS__); },        \
                          [&] { return OBJ try_##fn(__VA_ARGS__); })
