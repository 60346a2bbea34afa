// SPDX-License-Identifier: LGPL-2.1-or-later
// Migration through daemons (tests/remote/fake_daemon.py's migration hosts):
// the steps the client drives across the source and destination connections
// for each protocol version, the cookies and URIs handed from step to step,
// the error kept when a step fails, and the perform step alone for
// peer-to-peer and direct migration. The expected sequences are those of
// libvirt 9.0.0's client (tests/remote/migrate_compare.py diffs the two).
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "remote_fixture.h"

namespace {

using remote_test::quiet;
using Lines = std::vector<std::string>;

const char *const kXml = "dom_xml=<domain><name>test</name></domain>";

class RemoteMigrate : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("VIRTKIT_FAKE_DAEMON") || !std::getenv("VIRTKIT_FAKE_LOG"))
      GTEST_SKIP() << "no fake daemon (run through tests/remote/fake_daemon.py run)";
    virSetErrorFunc(nullptr, quiet);
  }
  void TearDown() override {
    if (dom_) virDomainFree(dom_);
    for (virConnectPtr c : conns_) virConnectClose(c);
  }

  // A connection to the fake daemon as the host `path` ("src-v3-paused").
  virConnectPtr host(const std::string &path) {
    std::string uri = std::getenv("VIRTKIT_REMOTE_URI");
    auto at = uri.find("/default?");
    EXPECT_NE(at, std::string::npos);
    uri.replace(at, 9, "/" + path + "?");
    virConnectPtr c = virConnectOpen(uri.c_str());
    EXPECT_NE(c, nullptr) << virGetLastErrorMessage();
    if (c) conns_.push_back(c);
    return c;
  }
  // The source host and its domain "test"; the log starts empty after it.
  virConnectPtr source(const std::string &path) {
    virConnectPtr c = host(path);
    if (!c) return nullptr;
    if (dom_) virDomainFree(dom_);
    dom_ = virDomainLookupByName(c, "test");
    EXPECT_NE(dom_, nullptr) << virGetLastErrorMessage();
    return c;
  }
  static void clear_log() { std::ofstream(std::getenv("VIRTKIT_FAKE_LOG"), std::ios::trunc); }
  // The calls the hosts received since the last clear (feature checks
  // left out unless `features`).
  static Lines log(bool features = false) {
    Lines out;
    std::ifstream in(std::getenv("VIRTKIT_FAKE_LOG"));
    for (std::string line; std::getline(in, line);)
      if (features || line.find(" supports_feature ") == std::string::npos) out.push_back(line);
    clear_log();
    return out;
  }
  static void expect_domain(virDomainPtr d, virConnectPtr dconn, const char *name) {
    ASSERT_NE(d, nullptr) << virGetLastErrorMessage();
    EXPECT_STREQ(virDomainGetName(d), name);
    EXPECT_EQ(virDomainGetID(d), 7u);
    EXPECT_EQ(virDomainGetConnect(d), dconn);
    virDomainFree(d);
  }
  // The error a failing step of the fake daemon reports, every field.
  static void expect_step_error(const std::string &step) {
    virErrorPtr e = virGetLastError();
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->code, VIR_ERR_OPERATION_FAILED);
    EXPECT_EQ(e->domain, VIR_FROM_QEMU);
    EXPECT_EQ(e->level, VIR_ERR_ERROR);
    EXPECT_STREQ(e->message, ("fake " + step + " failure").c_str());
    EXPECT_STREQ(e->str1, ("s1 " + step).c_str());
    EXPECT_STREQ(e->str2, "s2");
    EXPECT_STREQ(e->str3, "s3");
    EXPECT_EQ(e->int1, 11);
    EXPECT_EQ(e->int2, 22);
    virResetLastError();
  }

  virDomainPtr dom_ = nullptr;
  std::vector<virConnectPtr> conns_;
};

// ---- version 3 ----

TEST_F(RemoteMigrate, Version3) {
  virConnectPtr dst = host("dst-v3");
  ASSERT_NE(source("src-v3"), nullptr);
  clear_log();
  virDomainPtr d = virDomainMigrate(dom_, dst, VIR_MIGRATE_LIVE, "new", nullptr, 10);
  expect_domain(d, dst, "new");
  EXPECT_EQ(log(true),
            (Lines{
                "src supports_feature feature=6",
                "dst supports_feature feature=6",
                "src supports_feature feature=7",
                "src begin3 dom=test xmlin=- flags=1 dname=new resource=10",
                "src get_info dom=test",
                "dst prepare3 cookie_in=begin3\\x00cookie uri_in=- flags=1 dname=new resource=10 " +
                    std::string(kXml),
                "src perform3 dom=test xmlin=- cookie_in=prepare3\\x00cookie dconnuri=- "
                "uri=tcp://dst.example:49152 flags=1 dname=new resource=10",
                "dst finish3 dname=new cookie_in=perform3\\x00cookie dconnuri=- "
                "uri=tcp://dst.example:49152 flags=1 cancelled=0",
                "src confirm3 dom=test cookie_in=finish3\\x00cookie flags=1 cancelled=0",
            }));
}

TEST_F(RemoteMigrate, Version3PausedProtectedWithXml) {
  // A paused source: the steps after begin carry VIR_MIGRATE_PAUSED; change
  // protection goes to the source's steps only; the source's own tuning
  // (auto-converge) is kept from the destination; the given URI is used.
  virConnectPtr dst = host("dst-v3");
  ASSERT_NE(source("src-v3-paused-protect"), nullptr);
  clear_log();
  const unsigned long flags = VIR_MIGRATE_LIVE | VIR_MIGRATE_AUTO_CONVERGE;
  virDomainPtr d = virDomainMigrate2(dom_, dst, "<domain/>", flags | VIR_MIGRATE_CHANGE_PROTECTION,
                                     nullptr, "tcp://given", 0);
  expect_domain(d, dst, "test");
  const std::string src_flags = std::to_string(flags | VIR_MIGRATE_CHANGE_PROTECTION);
  const std::string paused =
      std::to_string(flags | VIR_MIGRATE_CHANGE_PROTECTION | VIR_MIGRATE_PAUSED);
  const std::string dst_flags = std::to_string(VIR_MIGRATE_LIVE | VIR_MIGRATE_PAUSED);
  EXPECT_EQ(
      log(),
      (Lines{
          "src begin3 dom=test xmlin=<domain/> flags=" + src_flags + " dname=- resource=0",
          "src get_info dom=test",
          "dst prepare3 cookie_in=begin3\\x00cookie uri_in=tcp://given flags=" + dst_flags +
              " dname=- resource=0 " + kXml,
          "src perform3 dom=test xmlin=- cookie_in=prepare3\\x00cookie dconnuri=- "
          "uri=tcp://given flags=" +
              paused + " dname=- resource=0",
          "dst finish3 dname=test cookie_in=perform3\\x00cookie dconnuri=- "
          "uri=tcp://given flags=" +
              dst_flags + " cancelled=0",
          "src confirm3 dom=test cookie_in=finish3\\x00cookie flags=" + paused + " cancelled=0",
      }));
}

TEST_F(RemoteMigrate, Version3PerformFails) {
  // Perform's error is the caller's; finish cancels on the destination
  // (its "aborted" error is dropped) and the source is not asked to confirm.
  virConnectPtr dst = host("dst-v3");
  ASSERT_NE(source("src-v3-failperform"), nullptr);
  clear_log();
  EXPECT_EQ(virDomainMigrate(dom_, dst, 0, nullptr, nullptr, 0), nullptr);
  expect_step_error("perform");
  Lines l = log();
  ASSERT_EQ(l.size(), 5u);
  EXPECT_EQ(l[3].rfind("src perform3 ", 0), 0u);
  EXPECT_EQ(l[4],
            "dst finish3 dname=test cookie_in= dconnuri=- uri=tcp://dst.example:49152 flags=0 "
            "cancelled=1");
}

TEST_F(RemoteMigrate, Version3GuestDiedOnDestination) {
  // QEMU's generic perform failure gives way to finish's own error.
  virConnectPtr dst = host("dst-v3-died");
  ASSERT_NE(source("src-v3-failperform"), nullptr);
  EXPECT_EQ(virDomainMigrate(dom_, dst, 0, nullptr, nullptr, 0), nullptr);
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, VIR_ERR_OPERATION_FAILED);
  EXPECT_EQ(e->domain, VIR_FROM_QEMU);
  EXPECT_STREQ(e->message, "guest died on the destination");
}

TEST_F(RemoteMigrate, Version3FinishFails) {
  // Finish's error; the source confirms with cancelled set.
  virConnectPtr dst = host("dst-v3-failfinish");
  ASSERT_NE(source("src-v3"), nullptr);
  clear_log();
  EXPECT_EQ(virDomainMigrate(dom_, dst, 0, "new", nullptr, 0), nullptr);
  expect_step_error("finish");
  Lines l = log();
  ASSERT_EQ(l.size(), 6u);
  EXPECT_EQ(l[4].rfind("dst finish3 dname=new cookie_in=perform3\\x00cookie ", 0), 0u);
  EXPECT_EQ(l[5], "src confirm3 dom=test cookie_in= flags=0 cancelled=1");
}

TEST_F(RemoteMigrate, Version3PrepareFails) {
  virConnectPtr dst = host("dst-v3-failprepare");
  ASSERT_NE(source("src-v3"), nullptr);
  clear_log();
  EXPECT_EQ(virDomainMigrate(dom_, dst, 0, nullptr, nullptr, 0), nullptr);
  expect_step_error("prepare");
  EXPECT_EQ(log().size(), 3u);  // begin, get_info, prepare
  // With change protection begin started a job: confirm cancels it.
  virConnectPtr src = source("src-v3-protect");
  ASSERT_NE(src, nullptr);
  clear_log();
  EXPECT_EQ(virDomainMigrate(dom_, dst, 0, nullptr, nullptr, 0), nullptr);
  expect_step_error("prepare");
  Lines l = log();
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l[3], "src confirm3 dom=test cookie_in= flags=" +
                      std::to_string(VIR_MIGRATE_CHANGE_PROTECTION) + " cancelled=1");
}

TEST_F(RemoteMigrate, Version3NoUri) {
  virConnectPtr dst = host("dst-v3-nouri");
  ASSERT_NE(source("src-v3"), nullptr);
  clear_log();
  EXPECT_EQ(virDomainMigrate(dom_, dst, 0, nullptr, nullptr, 0), nullptr);
  remote_test::expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
                            "internal error: domainMigratePrepare3 did not set uri",
                            "internal error: %s", "domainMigratePrepare3 did not set uri");
  Lines l = log();
  ASSERT_EQ(l.size(), 5u);
  EXPECT_EQ(l[3],
            "dst finish3 dname=test cookie_in=prepare3\\x00cookie dconnuri=- uri=- flags=0 "
            "cancelled=1");
  EXPECT_EQ(l[4], "src confirm3 dom=test cookie_in= flags=0 cancelled=1");
}

TEST_F(RemoteMigrate, Version3ConfirmFails) {
  // The domain is returned; confirm's error is left as the last error.
  virConnectPtr dst = host("dst-v3");
  ASSERT_NE(source("src-v3-failconfirm"), nullptr);
  virDomainPtr d = virDomainMigrate(dom_, dst, 0, nullptr, nullptr, 0);
  expect_step_error("confirm");  // before any other call resets it
  expect_domain(d, dst, "test");
}

TEST_F(RemoteMigrate, FinishIgnoresCancel) {
  // A destination that answers with a domain although perform failed: the
  // domain is returned, perform's error left as the last error.
  for (const char *v : {"v3", "v2"}) {
    virConnectPtr dst = host(std::string("dst-") + v + "-ignorecancel");
    ASSERT_NE(source(std::string("src-") + v + "-failperform"), nullptr);
    clear_log();
    virDomainPtr d = virDomainMigrate(dom_, dst, 0, nullptr, nullptr, 0);
    expect_step_error("perform");
    expect_domain(d, dst, "test");
    Lines l = log();
    ASSERT_FALSE(l.empty());
    EXPECT_NE(l.back().find(std::string(v) == "v3" ? "cancelled=1" : "retcode=1"),
              std::string::npos);
  }
}

TEST_F(RemoteMigrate, Version3Offline) {
  // Nothing to send: no perform step.
  virConnectPtr dst = host("dst-v3-offline");
  ASSERT_NE(source("src-v3-offline"), nullptr);
  clear_log();
  const unsigned long flags = VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST;
  virDomainPtr d = virDomainMigrate(dom_, dst, flags, nullptr, nullptr, 0);
  expect_domain(d, dst, "test");
  const std::string f = std::to_string(flags);
  EXPECT_EQ(log(),
            (Lines{
                "src begin3 dom=test xmlin=- flags=" + f + " dname=- resource=0",
                "src get_info dom=test",
                "dst prepare3 cookie_in=begin3\\x00cookie uri_in=- flags=" + f +
                    " dname=- resource=0 " + kXml,
                "dst finish3 dname=test cookie_in= dconnuri=- uri=tcp://dst.example:49152 "
                "flags=" +
                    f + " cancelled=0",
                "src confirm3 dom=test cookie_in=finish3\\x00cookie flags=" + f + " cancelled=0",
            }));
}

// ---- version 3 with parameters ----

TEST_F(RemoteMigrate, Version3Params) {
  virConnectPtr dst = host("dst-v3-params");
  ASSERT_NE(source("src-v3-params-paused"), nullptr);
  clear_log();
  virTypedParameterPtr params = nullptr;
  int n = 0, max = 0;
  ASSERT_EQ(virTypedParamsAddString(&params, &n, &max, VIR_MIGRATE_PARAM_DEST_NAME, "new"), 0);
  ASSERT_EQ(virTypedParamsAddULLong(&params, &n, &max, VIR_MIGRATE_PARAM_BANDWIDTH, 5), 0);
  ASSERT_EQ(virTypedParamsAddInt(&params, &n, &max, VIR_MIGRATE_PARAM_COMPRESSION_MT_LEVEL, 3), 0);
  virDomainPtr d =
      virDomainMigrate3(dom_, dst, params, static_cast<unsigned>(n), VIR_MIGRATE_AUTO_CONVERGE);
  virTypedParamsFree(params, n);
  expect_domain(d, dst, "new");
  const std::string p0 = "[destination_name=new,bandwidth=5,compression.mt.level=3";
  const std::string p1 = p0 + ",destination_xml=<domain><name>test</name></domain>";
  const std::string p2 = p1 + ",migrate_uri=tcp://dst.example:49152]";
  const std::string src_paused = std::to_string(VIR_MIGRATE_AUTO_CONVERGE | VIR_MIGRATE_PAUSED);
  EXPECT_EQ(log(true),
            (Lines{
                "src supports_feature feature=13",
                "dst supports_feature feature=13",
                "src supports_feature feature=7",
                "src begin3_params dom=test params=" + p0 +
                    "] flags=" + std::to_string(VIR_MIGRATE_AUTO_CONVERGE),
                "src get_state dom=test flags=0",
                "dst prepare3_params params=" + p1 + "] cookie_in=begin3_params\\x00cookie flags=" +
                    std::to_string(VIR_MIGRATE_PAUSED),
                "src perform3_params dom=test dconnuri=- params=" + p2 +
                    " cookie_in=prepare3_params\\x00cookie flags=" + src_paused,
                "dst finish3_params params=" + p2 + " cookie_in=perform3_params\\x00cookie flags=" +
                    std::to_string(VIR_MIGRATE_PAUSED) + " cancelled=0",
                "src confirm3_params dom=test params=" + p2 +
                    " cookie_in=finish3_params\\x00cookie flags=" + src_paused + " cancelled=0",
            }));
}

TEST_F(RemoteMigrate, Version3ParamsDestNameAdded) {
  // Finish needs a name: the source's is added to the parameters.
  virConnectPtr dst = host("dst-v3-params");
  ASSERT_NE(source("src-v3-params"), nullptr);
  clear_log();
  virTypedParameterPtr params = nullptr;
  int n = 0, max = 0;
  ASSERT_EQ(virTypedParamsAddString(&params, &n, &max, VIR_MIGRATE_PARAM_URI, "tcp://given"), 0);
  virDomainPtr d = virDomainMigrate3(dom_, dst, params, static_cast<unsigned>(n), 0);
  virTypedParamsFree(params, n);
  expect_domain(d, dst, "test");
  Lines l = log();
  ASSERT_EQ(l.size(), 6u);
  EXPECT_EQ(l[4],
            "dst finish3_params params=[migrate_uri=tcp://given,destination_xml=<domain><name>"
            "test</name></domain>,destination_name=test] cookie_in=perform3_params\\x00cookie "
            "flags=0 cancelled=0");
}

TEST_F(RemoteMigrate, TooManyParams) {
  ASSERT_NE(source("src-v3-p2p-params-nocookie"), nullptr);
  clear_log();
  virTypedParameterPtr params = nullptr;
  int n = 0, max = 0;
  for (int i = 0; i < 65; i++) ASSERT_EQ(virTypedParamsAddInt(&params, &n, &max, "x", i), 0);
  EXPECT_EQ(virDomainMigrateToURI3(dom_, "test+tcp://other/system", params,
                                   static_cast<unsigned>(n), VIR_MIGRATE_PEER2PEER),
            -1);
  virTypedParamsFree(params, n);
  remote_test::expect_error(VIR_ERR_RPC, VIR_FROM_NONE, "too many parameters '65' for limit '64'",
                            "%s", "too many parameters '65' for limit '64'");
  EXPECT_TRUE(log().empty());
}

// ---- versions 2 and 1 ----

TEST_F(RemoteMigrate, Version2) {
  virConnectPtr dst = host("dst-v2");
  ASSERT_NE(source("src-v2-paused"), nullptr);
  clear_log();
  virDomainPtr d = virDomainMigrate(dom_, dst, VIR_MIGRATE_ABORT_ON_ERROR, "new", nullptr, 3);
  expect_domain(d, dst, "new");
  const std::string all = std::to_string(VIR_MIGRATE_ABORT_ON_ERROR | VIR_MIGRATE_PAUSED);
  const std::string dest = std::to_string(VIR_MIGRATE_PAUSED);
  EXPECT_EQ(log(true), (Lines{
                           "src supports_feature feature=6",
                           "dst supports_feature feature=6",
                           "src supports_feature feature=3",
                           "dst supports_feature feature=3",
                           "src supports_feature feature=11",
                           "src get_xml_desc dom=test flags=5",
                           "src get_info dom=test",
                           "dst prepare2 uri_in=- flags=" + dest + " dname=new resource=3 " + kXml,
                           "src perform dom=test cookie=prepare2\\x00cookie "
                           "uri=tcp://dst.example:49152 flags=" +
                               all + " dname=new resource=3",
                           "dst finish2 dname=new cookie=prepare2\\x00cookie "
                           "uri=tcp://dst.example:49152 flags=" +
                               dest + " retcode=0",
                       }));
}

TEST_F(RemoteMigrate, Version2PerformFails) {
  virConnectPtr dst = host("dst-v2");
  ASSERT_NE(source("src-v2-migratable-failperform"), nullptr);
  clear_log();
  EXPECT_EQ(virDomainMigrate(dom_, dst, 0, nullptr, "tcp://given", 0), nullptr);
  expect_step_error("perform");
  Lines l = log();
  ASSERT_EQ(l.size(), 5u);
  EXPECT_EQ(l[0], "src get_xml_desc dom=test flags=" + std::to_string(VIR_DOMAIN_XML_MIGRATABLE));
  EXPECT_EQ(l[4],
            "dst finish2 dname=test cookie=prepare2\\x00cookie uri=tcp://given flags=0 "
            "retcode=1");
}

TEST_F(RemoteMigrate, Version2RefusesXml) {
  virConnectPtr dst = host("dst-v2");
  ASSERT_NE(source("src-v2"), nullptr);
  EXPECT_EQ(virDomainMigrate2(dom_, dst, "<domain/>", 0, nullptr, nullptr, 0), nullptr);
  remote_test::expect_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
                            "argument unsupported: Unable to change target guest XML during "
                            "migration",
                            "argument unsupported: %s",
                            "Unable to change target guest XML during migration");
}

TEST_F(RemoteMigrate, Version1) {
  virConnectPtr dst = host("dst-v1");
  ASSERT_NE(source("src-v1"), nullptr);
  clear_log();
  virDomainPtr d = virDomainMigrate(dom_, dst, VIR_MIGRATE_LIVE, nullptr, "tcp://given", 8);
  expect_domain(d, dst, "test");
  EXPECT_EQ(log(), (Lines{
                       "src get_info dom=test",
                       "dst prepare uri_in=tcp://given flags=1 dname=- resource=8",
                       "src perform dom=test cookie=prepare\\x00cookie uri=tcp://given flags=1 "
                       "dname=- resource=8",
                       "dst finish dname=test cookie=prepare\\x00cookie uri=tcp://given flags=1",
                   }));
}

TEST_F(RemoteMigrate, Version1NoUri) {
  virConnectPtr dst = host("dst-v1-nouri");
  ASSERT_NE(source("src-v1"), nullptr);
  clear_log();
  EXPECT_EQ(virDomainMigrate(dom_, dst, 0, nullptr, nullptr, 0), nullptr);
  remote_test::expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
                            "internal error: domainMigratePrepare did not set uri",
                            "internal error: %s", "domainMigratePrepare did not set uri");
  EXPECT_EQ(log().size(), 2u);  // get_info, prepare
}

// ---- peer-to-peer and direct: the source's perform step alone ----

TEST_F(RemoteMigrate, PeerToPeer) {
  ASSERT_NE(source("src-v3-p2p-nocookie"), nullptr);
  clear_log();
  EXPECT_EQ(
      virDomainMigrateToURI(dom_, "test+tcp://otherhost/system", VIR_MIGRATE_PEER2PEER, "new", 4),
      0)
      << virGetLastErrorMessage();
  const std::string p2p = std::to_string(VIR_MIGRATE_PEER2PEER);
  EXPECT_EQ(log(), (Lines{"src perform3 dom=test xmlin=- cookie_in= "
                          "dconnuri=test+tcp://otherhost/system uri=- flags=" +
                          p2p + " dname=new resource=4"}));
  // With parameters when the source takes them.
  ASSERT_NE(source("src-v3-p2p-params-nocookie"), nullptr);
  clear_log();
  virTypedParameterPtr params = nullptr;
  int n = 0, max = 0;
  ASSERT_EQ(virTypedParamsAddString(&params, &n, &max, VIR_MIGRATE_PARAM_URI, "tcp://m"), 0);
  ASSERT_EQ(virTypedParamsAddInt(&params, &n, &max, VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS, 2), 0);
  EXPECT_EQ(virDomainMigrateToURI3(dom_, "test+tcp://otherhost/system", params,
                                   static_cast<unsigned>(n), VIR_MIGRATE_PEER2PEER),
            0)
      << virGetLastErrorMessage();
  virTypedParamsFree(params, n);
  EXPECT_EQ(log(), (Lines{"src perform3_params dom=test dconnuri=test+tcp://otherhost/system "
                          "params=[migrate_uri=tcp://m,parallel.connections=2] cookie_in= flags=" +
                          p2p}));
  // Version 2: the destination's URI as perform's.
  ASSERT_NE(source("src-v2-p2p"), nullptr);
  clear_log();
  virConnectPtr dst = host("dst-v2");
  virDomainPtr d = virDomainMigrate(dom_, dst, VIR_MIGRATE_PEER2PEER, nullptr, nullptr, 0);
  ASSERT_NE(d, nullptr) << virGetLastErrorMessage();
  virDomainFree(d);
  Lines l = log();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].rfind("src perform dom=test cookie= uri=test+unix:///dst-v2?socket=", 0), 0u)
      << l[0];
}

TEST_F(RemoteMigrate, Direct) {
  ASSERT_NE(source("src-v3-direct-nocookie"), nullptr);
  clear_log();
  EXPECT_EQ(virDomainMigrateToURI2(dom_, nullptr, "tcp://m", "<domain/>", 0, nullptr, 0), 0)
      << virGetLastErrorMessage();
  EXPECT_EQ(log(), (Lines{"src perform3 dom=test xmlin=<domain/> cookie_in= dconnuri=- "
                          "uri=tcp://m flags=0 dname=- resource=0"}));
  ASSERT_NE(source("src-v2-direct-failperform"), nullptr);
  EXPECT_EQ(virDomainMigrateToURI(dom_, "tcp://m", 0, "new", 1), -1);
  expect_step_error("perform");
  EXPECT_EQ(log(),
            (Lines{"src perform dom=test cookie= uri=tcp://m flags=0 dname=new resource=1"}));
}

}  // namespace
