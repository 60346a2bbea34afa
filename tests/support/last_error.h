// SPDX-License-Identifier: LGPL-2.1-or-later
// Checking the thread's last error against what Debian's libvirt 9.0.0 gives
// for the same call. Only the public API: tests including this also build
// against libvirt itself.
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <climits>
#include <string>

namespace virtkit_testing {

inline std::string s(const char *p) {
  return p ? p : "(null)";
}

// An `int2` of kAny is not checked.
inline constexpr int kAny = INT_MIN;

// Every field of an error record; str3 is always NULL.
struct Expected {
  int code;
  int domain;
  const char *message;
  const char *str1;
  const char *str2;
  int int1;
  int int2 = kAny;
};

inline void expect_error(const Expected &e) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, e.code);
  EXPECT_EQ(err->domain, e.domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(s(err->message), s(e.message));
  EXPECT_EQ(s(err->str1), s(e.str1));
  EXPECT_EQ(s(err->str2), s(e.str2));
  EXPECT_EQ(err->str3, nullptr);
  EXPECT_EQ(err->int1, e.int1);
  if (e.int2 != kAny) {
    EXPECT_EQ(err->int2, e.int2);
  }
}

// Code, domain, level and message only.
inline void expect_error(int code, int domain, const std::string &message) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(s(err->message), message);
}

}  // namespace virtkit_testing
