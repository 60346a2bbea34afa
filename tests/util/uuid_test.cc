// SPDX-License-Identifier: LGPL-2.1-or-later
// util/uuid: libvirt's virUUIDParse and virUUIDFormat rules. The accepted
// and rejected texts were checked against Debian's libvirt 9.0.0 through
// <uuid> of a domain defined in test:///default.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "util/uuid.h"

using virtkit::util::format_uuid;
using virtkit::util::parse_uuid;

namespace {

constexpr const char *kCanonical = "6695eb01-f6a4-8304-79aa-97f2502e193f";

// The canonical text of what `text` parses to, or "rejected".
std::string reparse(const char *text) {
  unsigned char uuid[VIR_UUID_BUFLEN];
  return parse_uuid(text, uuid) ? format_uuid(uuid) : "rejected";
}

TEST(UtilUuid, FormatsLowerCaseWithDashesAt8_4_4_4_12) {
  const unsigned char raw[VIR_UUID_BUFLEN] = {0x66, 0x95, 0xEB, 0x01, 0xF6, 0xA4, 0x83, 0x04,
                                              0x79, 0xAA, 0x97, 0xF2, 0x50, 0x2E, 0x19, 0x3F};
  EXPECT_EQ(format_uuid(raw), kCanonical);
  const unsigned char zero[VIR_UUID_BUFLEN] = {};
  EXPECT_EQ(format_uuid(zero), "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(format_uuid(zero).size(), size_t{VIR_UUID_STRING_BUFLEN - 1});
}

TEST(UtilUuid, AcceptsDashesAnywhereBetweenPairsAndEitherCase) {
  EXPECT_EQ(reparse("6695eb01-f6a4-8304-79aa-97f2502e193f"), kCanonical);
  EXPECT_EQ(reparse("6695eb01f6a4830479aa97f2502e193f"), kCanonical);
  EXPECT_EQ(reparse("6695EB01F6A4830479AA97F2502E193F"), kCanonical);
  EXPECT_EQ(reparse("66-95-eb-01-f6a4830479aa97f2502e193f"), kCanonical);
  EXPECT_EQ(reparse("-6695eb01f6a4830479aa97f2502e193f"), kCanonical);  // before the first pair
  EXPECT_EQ(reparse("6695eb01--f6a4830479aa97f2502e193f"), kCanonical);
}

TEST(UtilUuid, AcceptsSpacesBetweenPairsAndWhiteSpaceAround) {
  EXPECT_EQ(reparse(" 6695eb01 f6a4-8304-79aa-97f2502e193f "), kCanonical);
  EXPECT_EQ(reparse("\t\n6695eb01f6a4830479aa97f2502e193f\r\v\f"), kCanonical);
  EXPECT_EQ(reparse("6695 eb01 f6a4 8304 79aa 97f2 502e 193f"), kCanonical);
}

TEST(UtilUuid, RejectsTooFewOrTooManyDigits) {
  EXPECT_EQ(reparse(""), "rejected");
  EXPECT_EQ(reparse("   "), "rejected");
  EXPECT_EQ(reparse("6695eb01-f6a4-8304-79aa-97f2502e193"), "rejected");    // 31 digits
  EXPECT_EQ(reparse("6695eb01-f6a4-8304-79aa-97f2502e19"), "rejected");     // 30
  EXPECT_EQ(reparse("6695eb01-f6a4-8304-79aa-97f2502e193f0"), "rejected");  // 33
  EXPECT_EQ(reparse("6695eb01-f6a4-8304-79aa-97f2502e193f00"), "rejected");
}

TEST(UtilUuid, RejectsSeparatorsInsideAPairAndOtherCharacters) {
  EXPECT_EQ(reparse("6695eb0-1f6a4830479aa97f2502e193f"), "rejected");  // '-' inside a pair
  EXPECT_EQ(reparse("6695eb0 1f6a4830479aa97f2502e193f"), "rejected");  // ' ' inside a pair
  EXPECT_EQ(reparse("6695eb01f6a4830479aa97f2502e193f-"), "rejected");  // '-' after the last
  EXPECT_EQ(reparse("6695eb01f6a4830479aa97f2502e193g"), "rejected");
  EXPECT_EQ(reparse("{6695eb01-f6a4-8304-79aa-97f2502e193f}"), "rejected");
  EXPECT_EQ(reparse("6695eb01:f6a4:8304:79aa:97f2502e193f"), "rejected");
  EXPECT_EQ(reparse("\t6695eb01\tf6a4830479aa97f2502e193f"), "rejected");  // tab only around
  EXPECT_EQ(reparse("not-a-uuid"), "rejected");
}

}  // namespace
