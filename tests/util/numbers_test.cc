// SPDX-License-Identifier: LGPL-2.1-or-later
// util/numbers: libvirt's virStrToLong_* and virStrToDouble rules.
#include <gtest/gtest.h>

#include <climits>
#include <clocale>
#include <string>

#include "util/numbers.h"

using namespace virtkit::util;

namespace {

TEST(UtilNumbers, IntTakesWhiteSpaceSignAndBase) {
  int v = 0;
  EXPECT_TRUE(str_to_i("42", 10, v));
  EXPECT_EQ(v, 42);
  EXPECT_TRUE(str_to_i("  -7", 10, v));
  EXPECT_EQ(v, -7);
  EXPECT_TRUE(str_to_i("+7", 10, v));
  EXPECT_EQ(v, 7);
  EXPECT_TRUE(str_to_i("0x1f", 0, v));
  EXPECT_EQ(v, 31);
  EXPECT_TRUE(str_to_i("017", 0, v));
  EXPECT_EQ(v, 15);
  EXPECT_TRUE(str_to_i("ff", 16, v));
  EXPECT_EQ(v, 255);
  EXPECT_TRUE(str_to_i("2147483647", 10, v));
  EXPECT_EQ(v, INT_MAX);
  EXPECT_TRUE(str_to_i("-2147483648", 10, v));
  EXPECT_EQ(v, INT_MIN);
}

TEST(UtilNumbers, IntRejectsEmptyTrailingTextAndOverflow) {
  int v = 5;
  EXPECT_FALSE(str_to_i("", 10, v));
  EXPECT_FALSE(str_to_i(" ", 10, v));
  EXPECT_FALSE(str_to_i("-", 10, v));
  EXPECT_FALSE(str_to_i("12 ", 10, v));  // no trailing space
  EXPECT_FALSE(str_to_i("12a", 10, v));
  EXPECT_FALSE(str_to_i("1.5", 10, v));
  EXPECT_FALSE(str_to_i("2147483648", 10, v));
  EXPECT_FALSE(str_to_i("-2147483649", 10, v));
  EXPECT_FALSE(str_to_i("99999999999999999999", 10, v));
  EXPECT_EQ(v, 5);  // untouched on failure
}

TEST(UtilNumbers, IntWithEndStopsAtTheFirstOtherCharacter) {
  int v = 0;
  const char *text = "12-3";
  const char *end = nullptr;
  EXPECT_TRUE(str_to_i(text, &end, 10, v));
  EXPECT_EQ(v, 12);
  EXPECT_EQ(end, text + 2);
  text = "x";
  EXPECT_FALSE(str_to_i(text, &end, 10, v));  // nothing read
  EXPECT_EQ(end, text);
  text = "9999999999,";
  EXPECT_FALSE(str_to_i(text, &end, 10, v));  // out of range, end still set
  EXPECT_EQ(end, text + 10);
}

TEST(UtilNumbers, UnsignedWrapsMinusOneOnlyWithoutP) {
  unsigned u = 0;
  EXPECT_TRUE(str_to_ui("4294967295", 10, u));
  EXPECT_EQ(u, UINT_MAX);
  EXPECT_TRUE(str_to_ui("-1", 10, u));
  EXPECT_EQ(u, UINT_MAX);
  EXPECT_TRUE(str_to_ui("-4294967295", 10, u));
  EXPECT_EQ(u, 1u);
  EXPECT_FALSE(str_to_ui("-4294967296", 10, u));
  EXPECT_FALSE(str_to_ui("4294967296", 10, u));
  EXPECT_FALSE(str_to_ui("", 10, u));
  EXPECT_FALSE(str_to_ui("1x", 10, u));

  EXPECT_TRUE(str_to_uip("4294967295", 10, u));
  EXPECT_EQ(u, UINT_MAX);
  EXPECT_TRUE(str_to_uip(" +8", 10, u));
  EXPECT_EQ(u, 8u);
  EXPECT_FALSE(str_to_uip("-1", 10, u));
  EXPECT_FALSE(str_to_uip("-0", 10, u));
  EXPECT_FALSE(str_to_uip("4294967296", 10, u));
}

TEST(UtilNumbers, LongLongs) {
  long long l = 0;
  EXPECT_TRUE(str_to_ll("-9223372036854775808", 10, l));
  EXPECT_EQ(l, LLONG_MIN);
  EXPECT_FALSE(str_to_ll("9223372036854775808", 10, l));
  EXPECT_FALSE(str_to_ll("1 ", 10, l));

  unsigned long long ull = 0;
  EXPECT_TRUE(str_to_ull("18446744073709551615", 10, ull));
  EXPECT_EQ(ull, ULLONG_MAX);
  EXPECT_TRUE(str_to_ull("-1", 10, ull));  // strtoull's wrap, kept by virStrToLong_ull
  EXPECT_EQ(ull, ULLONG_MAX);
  EXPECT_FALSE(str_to_ull("18446744073709551616", 10, ull));

  EXPECT_TRUE(str_to_ullp("0x10", 16, ull));
  EXPECT_EQ(ull, 16u);
  EXPECT_FALSE(str_to_ullp("-1", 10, ull));
  EXPECT_FALSE(str_to_ullp("", 10, ull));
}

TEST(UtilNumbers, DoubleUsesTheCLocale) {
  double d = 0;
  EXPECT_TRUE(str_to_double("1.5", d));
  EXPECT_EQ(d, 1.5);
  EXPECT_TRUE(str_to_double(" -2e3", d));
  EXPECT_EQ(d, -2000.0);
  EXPECT_FALSE(str_to_double("1,5", d));
  EXPECT_FALSE(str_to_double("", d));
  EXPECT_FALSE(str_to_double("1.5x", d));
  EXPECT_FALSE(str_to_double("1e999", d));  // ERANGE
  // A process locale with ',' as the radix character changes nothing.
  const char *saved = std::setlocale(LC_NUMERIC, nullptr);
  std::string old = saved ? saved : "C";
  if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8") || std::setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
    EXPECT_TRUE(str_to_double("2.25", d));
    EXPECT_EQ(d, 2.25);
    EXPECT_FALSE(str_to_double("2,25", d));
  }
  std::setlocale(LC_NUMERIC, old.c_str());
}

}  // namespace
