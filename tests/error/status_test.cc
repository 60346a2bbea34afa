// SPDX-License-Identifier: LGPL-2.1-or-later
// The promises of Status and Result<T> (error/status.h), as abseil's
// StatusOr and LLVM's Expected keep them: a Result holds a value or an
// error, never an OK status without a value, and a failed Result's value is
// not read. Debug builds (NDEBUG off) assert both.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "error/status.h"

using namespace virtkit;

namespace {

// No conversion to bool in either direction's meaning: callers say ok().
static_assert(!std::is_constructible_v<bool, Status>);
static_assert(!std::is_convertible_v<Status, bool>);

TEST(Status, OkIsTheDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), VIR_ERR_OK);
  EXPECT_EQ(s.record(), nullptr);
}

TEST(Status, AnErrorIsNotOk) {
  Status s = error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s", "bad");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), VIR_ERR_INVALID_ARG);
  EXPECT_STREQ(s.record()->message, "invalid argument: bad");
}

TEST(Result, HoldsAValueOrAnError) {
  Result<std::string> good(std::string("x"));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, "x");
  EXPECT_EQ(good->size(), 1u);
  EXPECT_TRUE(good.status().ok());

  Result<std::string> bad(generic_failure());
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), VIR_ERR_INTERNAL_ERROR);
}

TEST(ResultDeathTest, IsNotMadeFromAnOkStatus) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // Debug builds stop; release builds hold the generic error instead.
  EXPECT_DEBUG_DEATH(
      {
        Result<int> r{Status()};
        EXPECT_FALSE(r.ok());
        EXPECT_EQ(r.status().code(), VIR_ERR_INTERNAL_ERROR);
      },
      "OK Status");
}

#ifndef NDEBUG
TEST(ResultDeathTest, ValueOfAFailedResultIsCaught) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  Result<int> r(generic_failure());
  EXPECT_DEATH((void)r.value(), "failed Result");
  EXPECT_DEATH((void)*r, "failed Result");
  Result<std::string> s(generic_failure());
  EXPECT_DEATH((void)s->size(), "failed Result");
  EXPECT_DEATH((void)std::move(s).value(), "failed Result");
}
#endif

}  // namespace
