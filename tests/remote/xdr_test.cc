// SPDX-License-Identifier: LGPL-2.1-or-later
// XDR codecs of the generated remote protocol types: wire layout, limits and
// malformed input.
#include <gtest/gtest.h>

#include <string>

#include "drivers/remote/xdr.h"
#include "remote_protocol.h"

namespace proto = virtkit::remote::proto;
using virtkit::remote::Decoder;
using virtkit::remote::Encoder;

namespace {

std::string encode_error(proto::error e) {
  std::string out;
  Encoder enc(out);
  xdr(enc, e);
  EXPECT_TRUE(enc.ok());
  return out;
}

TEST(RemoteXdr, ErrorLayoutIsBigEndianPaddedAndOptional) {
  proto::error e;
  e.code = 42;
  e.domain = 12;
  e.message = std::string("abcde");
  e.level = 2;
  e.str1 = std::string("x");
  e.int1 = -1;
  e.int2 = -1;
  std::string w = encode_error(e);
  const std::string expect = std::string("\0\0\0\x2a\0\0\0\x0c", 8) +              // code, domain
                             std::string("\0\0\0\1\0\0\0\5abcde\0\0\0", 16) +      // message
                             std::string("\0\0\0\2\0\0\0\0", 8) +                  // level, dom
                             std::string("\0\0\0\1\0\0\0\1x\0\0\0", 12) +          // str1
                             std::string("\0\0\0\0\0\0\0\0", 8) +                  // str2, str3
                             std::string("\xff\xff\xff\xff\xff\xff\xff\xff", 8) +  // int1, int2
                             std::string("\0\0\0\0", 4);                           // net
  EXPECT_EQ(w, expect);
  proto::error back;
  Decoder dec(reinterpret_cast<const unsigned char *>(w.data()), w.size());
  xdr(dec, back);
  ASSERT_TRUE(dec.done());
  EXPECT_EQ(back.code, 42);
  EXPECT_EQ(*back.message, "abcde");
  EXPECT_EQ(*back.str1, "x");
  EXPECT_FALSE(back.str2.has_value());
  EXPECT_FALSE(back.dom.has_value());
  EXPECT_EQ(back.int2, -1);
}

TEST(RemoteXdr, TruncatedAndOversizedInputFails) {
  proto::error e;
  e.message = std::string("hello");
  std::string w = encode_error(e);
  for (size_t n = 0; n < w.size(); n++) {
    proto::error back;
    Decoder dec(reinterpret_cast<const unsigned char *>(w.data()), n);
    xdr(dec, back);
    EXPECT_FALSE(dec.done()) << n;
  }
  // A list count above the protocol's maximum is refused before allocating.
  std::string big("\x00\x01\x00\x00\x00\x00\x00\x00", 8);
  proto::connect_list_domains_ret r;
  Decoder dec(reinterpret_cast<const unsigned char *>(big.data()), big.size());
  xdr(dec, r);
  EXPECT_FALSE(dec.ok());
  // A bool other than 0 or 1 is malformed.
  std::string badbool("\0\0\0\0\0\0\0\0\0\0\0\2", 12);
  proto::error b;
  Decoder d2(reinterpret_cast<const unsigned char *>(badbool.data()), badbool.size());
  xdr(d2, b);
  EXPECT_FALSE(d2.ok());
}

TEST(RemoteXdr, EncoderRefusesValuesOverTheirLimits) {
  proto::connect_list_domains_ret r;
  r.ids.resize(16385);
  std::string out;
  Encoder enc(out);
  xdr(enc, r);
  EXPECT_FALSE(enc.ok());
}

TEST(RemoteXdr, ProcedureTableNamesTheWireNumbers) {
  EXPECT_EQ(proto::remote_proc::connect_open, 1);
  EXPECT_EQ(proto::remote_proc::domain_lookup_by_name, 23);
  EXPECT_EQ(proto::remote_proc::connect_list_all_domains, 273);
  EXPECT_EQ(proto::kRemoteProgram, 0x20008086u);
  EXPECT_EQ(proto::kKeepaliveProgram, 0x6b656570u);
  EXPECT_STREQ(proto::Proc<23>::name, "domain_lookup_by_name");
  static_assert(std::is_same_v<proto::Proc<2>::args, proto::Void>);
}

TEST(RemoteXdr, CompanionProgramsHaveTheirOwnNumbersAndMessages) {
  EXPECT_EQ(proto::kQemuProgram, 0x20008087u);
  EXPECT_EQ(proto::kLxcProgram, 0x00068000u);
  EXPECT_EQ(proto::kAdminProgram, 0x06900690u);
  EXPECT_EQ(proto::qemu_proc::domain_monitor_command_with_files, 7);
  EXPECT_EQ(proto::admin_proc::connect_set_daemon_timeout, 19);
  EXPECT_STREQ(proto::AdminProc<1>::name, "connect_open");
  EXPECT_EQ(proto::QemuProc<6>::program, proto::kQemuProgram);
  // admin's connect_open differs from remote's: only flags
  static_assert(std::is_same_v<proto::AdminProc<1>::args, proto::admin_connect_open_args>);
  static_assert(std::is_same_v<proto::LxcProc<1>::ret, proto::Void>);

  // a typed parameter list: count, then name, type tag and value each
  proto::admin_server_get_threadpool_parameters_ret r;
  r.params.resize(1);
  r.params[0].field = "maxWorkers";
  r.params[0].value.type = 2;  // VIR_TYPED_PARAM_UINT
  r.params[0].value.ui = 20;
  std::string out;
  Encoder enc(out);
  xdr(enc, r);
  ASSERT_TRUE(enc.ok());
  const std::string want(
      "\0\0\0\1"
      "\0\0\0\x0a"
      "maxWorkers\0\0"
      "\0\0\0\2"
      "\0\0\0\x14",
      28);
  EXPECT_EQ(out, want);
  proto::admin_server_get_threadpool_parameters_ret back;
  Decoder dec(reinterpret_cast<const unsigned char *>(out.data()), out.size());
  xdr(dec, back);
  ASSERT_TRUE(dec.done());
  ASSERT_EQ(back.params.size(), 1u);
  EXPECT_EQ(back.params[0].field, "maxWorkers");
  EXPECT_EQ(back.params[0].value.ui, 20u);
}

}  // namespace
