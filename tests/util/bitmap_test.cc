// SPDX-License-Identifier: LGPL-2.1-or-later
// util/bitmap: libvirt's virBitmapParse and virBitmapFormat rules. The
// accepted and rejected texts were checked against Debian's libvirt 9.0.0
// through the cpuset of a domain's <vcpu> and <vcpupin> in test:///default.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "util/bitmap.h"

using virtkit::util::format_bitmap;
using virtkit::util::parse_bitmap;

namespace {

// The canonical text of what `text` parses to, or "rejected".
std::string reparse(const char *text, unsigned size = 1024) {
  auto bits = parse_bitmap(text, size);
  return bits.ok() ? format_bitmap(*bits) : "rejected";
}

TEST(UtilBitmap, FormatsRunsAndSingleBits) {
  EXPECT_EQ(format_bitmap({}), "");
  EXPECT_EQ(format_bitmap({0}), "0");
  EXPECT_EQ(format_bitmap({0, 1}), "0-1");
  EXPECT_EQ(format_bitmap({0, 1, 2, 3, 5, 7, 8, 9, 100}), "0-3,5,7-9,100");
}

TEST(UtilBitmap, AcceptsNumbersRangesAndExclusions) {
  EXPECT_EQ(reparse("0"), "0");
  EXPECT_EQ(reparse("0-3"), "0-3");
  EXPECT_EQ(reparse("3-3"), "3");
  EXPECT_EQ(reparse("0-3,^2"), "0-1,3");
  EXPECT_EQ(reparse("^2,0-3"), "0-3");  // an exclusion clears only what is set before it
  EXPECT_EQ(reparse("8,1,4-5"), "1,4-5,8");
  EXPECT_EQ(reparse("007"), "7");
  EXPECT_EQ(reparse("1,^1"), "");  // empty but valid: callers decide
}

TEST(UtilBitmap, AcceptsWhiteSpaceAroundItemsCommasAndDashes) {
  EXPECT_EQ(reparse(" 1"), "1");
  EXPECT_EQ(reparse("1 "), "1");
  EXPECT_EQ(reparse("1 , 2"), "1-2");
  EXPECT_EQ(reparse("1 -3"), "1-3");
  EXPECT_EQ(reparse("1- 3"), "1-3");
  EXPECT_EQ(reparse("\t1,\n2\r"), "1-2");
}

TEST(UtilBitmap, AcceptsOneTrailingComma) {
  EXPECT_EQ(reparse("1,"), "1");
  EXPECT_EQ(reparse("1, "), "1");
  EXPECT_EQ(reparse("1,,"), "rejected");
}

TEST(UtilBitmap, ReadsTheRangeEndAsStrtolDoes) {
  EXPECT_EQ(reparse("0-+3"), "0-3");
  EXPECT_EQ(reparse("0--0"), "0");
  EXPECT_EQ(reparse("3--1"), "rejected");  // below the start
}

TEST(UtilBitmap, RejectsMalformedLists) {
  EXPECT_EQ(reparse(""), "rejected");
  EXPECT_EQ(reparse("   "), "rejected");
  EXPECT_EQ(reparse(","), "rejected");
  EXPECT_EQ(reparse(",1"), "rejected");
  EXPECT_EQ(reparse("1,,2"), "rejected");
  EXPECT_EQ(reparse("1 2"), "rejected");
  EXPECT_EQ(reparse("3-1"), "rejected");
  EXPECT_EQ(reparse("1-"), "rejected");
  EXPECT_EQ(reparse("-1"), "rejected");
  EXPECT_EQ(reparse("+1"), "rejected");
  EXPECT_EQ(reparse("0x1"), "rejected");
  EXPECT_EQ(reparse("a"), "rejected");
  EXPECT_EQ(reparse("^"), "rejected");
  EXPECT_EQ(reparse("1,^"), "rejected");
  EXPECT_EQ(reparse("^ 1"), "rejected");
  EXPECT_EQ(reparse("^1-2"), "rejected");         // no excluded ranges
  EXPECT_EQ(reparse("99999999999"), "rejected");  // beyond int
}

TEST(UtilBitmap, RejectsBitsFromTheSizeOn) {
  EXPECT_EQ(reparse("1023", 1024), "1023");
  EXPECT_EQ(reparse("1024", 1024), "rejected");
  EXPECT_EQ(reparse("1000-1024", 1024), "rejected");
  EXPECT_EQ(reparse("0-3,^1024", 1024), "rejected");  // clearing one too
  EXPECT_EQ(reparse("16383", 16384), "16383");
}

TEST(UtilBitmap, ReportsLikeLibvirt) {
  auto bits = parse_bitmap("1,,2", 64);
  ASSERT_FALSE(bits.ok());
  const virtkit::ErrorRecord *rec = bits.status().record();
  EXPECT_EQ(rec->code, VIR_ERR_INVALID_ARG);
  EXPECT_EQ(rec->domain, VIR_FROM_NONE);
  EXPECT_STREQ(rec->message, "invalid argument: Failed to parse bitmap '1,,2'");
}

}  // namespace
