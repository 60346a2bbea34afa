// SPDX-License-Identifier: LGPL-2.1-or-later
// util/mac: libvirt's virMacAddrParse, virMacAddrFormat and
// virMacAddrCompare rules. Accepted and rejected texts were checked
// against Debian's libvirt 9.0.0 (x86-64) through test:///default.
#include <gtest/gtest.h>

#include <string>

#include "util/mac.h"

using virtkit::util::compare_mac;
using virtkit::util::format_mac;
using virtkit::util::MacAddr;
using virtkit::util::parse_mac;

namespace {

// The canonical text of what `text` parses to, or "rejected".
std::string reparse(const char *text) {
  MacAddr mac{};
  return parse_mac(text, mac) ? format_mac(mac) : "rejected";
}

TEST(UtilMac, FormatsLowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(format_mac(MacAddr{0x52, 0x54, 0x00, 0xAB, 0xCD, 0x01}), "52:54:00:ab:cd:01");
  EXPECT_EQ(format_mac(MacAddr{}), "00:00:00:00:00:00");
}

TEST(UtilMac, AcceptsSixGroupsOfOneOrTwoHexDigits) {
  EXPECT_EQ(reparse("52:54:00:AB:cd:01"), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("5:4:0:a:c:1"), "05:04:00:0a:0c:01");
  EXPECT_EQ(reparse("ff:FF:fF:00:0:1"), "ff:ff:ff:00:00:01");
}

TEST(UtilMac, RejectsOtherShapes) {
  EXPECT_EQ(reparse(""), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd"), "rejected");        // five groups
  EXPECT_EQ(reparse("52:54:00:ab:cd:01:"), "rejected");    // a seventh separator
  EXPECT_EQ(reparse("52:54:00:ab:cd:01:02"), "rejected");  // seven groups
  EXPECT_EQ(reparse("52-54-00-ab-cd-01"), "rejected");
  EXPECT_EQ(reparse("525400abcd01"), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd:001"), "rejected");  // three digits
  EXPECT_EQ(reparse("052:54:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52::00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd:0g"), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01x"), "rejected");
  // strtoul would take a sign, space or "0x": the groups may not.
  EXPECT_EQ(reparse("52:+4:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52:-4:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52: 54:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("0x:54:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd:0x1"), "rejected");
}

TEST(UtilMac, RejectsLeadingWhiteSpace) {
  EXPECT_EQ(reparse(" 52:54:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("\t52:54:00:ab:cd:01"), "rejected");
}

TEST(UtilMac, EndsAtAnyByteUpToSpaceAndIgnoresTheRest) {
  EXPECT_EQ(reparse("52:54:00:ab:cd:01 "), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01\t"), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01\n"), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01 junk"), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01\x01:zz"), "52:54:00:ab:cd:01");
  // A byte >= 0x80 is below ' ' as x86-64's signed char: libvirt accepts
  // "52:54:00:ab:cd:01é" there.
  EXPECT_EQ(reparse("52:54:00:ab:cd:01\xc3\xa9"), "52:54:00:ab:cd:01");
}

TEST(UtilMac, ComparesAsWrittenIgnoringCaseAndLeadingZeros) {
  EXPECT_EQ(compare_mac("52:54:00:ab:cd:01", "52:54:00:AB:CD:01"), 0);
  EXPECT_EQ(compare_mac("5:4:0:a:c:1", "05:04:00:0a:0c:01"), 0);
  EXPECT_EQ(compare_mac("00:00:00:00:00:00", "0:0:0:0:0:0"), 0);
  EXPECT_LT(compare_mac("52:54:00:ab:cd:01", "52:54:00:ab:cd:02"), 0);
  EXPECT_GT(compare_mac("52:54:00:ab:cd:02", "52:54:00:ab:cd:01"), 0);
  // Text after the address counts, unlike for the parser.
  EXPECT_NE(compare_mac("52:54:00:ab:cd:01 junk", "52:54:00:ab:cd:01"), 0);
  EXPECT_NE(compare_mac("52:54:00:ab:cd:01 ", "52:54:00:ab:cd:01"), 0);
}

}  // namespace
