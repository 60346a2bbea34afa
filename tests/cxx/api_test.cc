// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API (include/virtkit/virtkit.hpp): every call, and errors identical to
// what a C caller reads through virGetLastError for the same failure.
#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include "cxx_test_util.h"

#include <atomic>
#include <cstring>
#include <functional>
#include <string>
#include <thread>

namespace {

const char kXml[] =
    "<domain type='test'><name>%s</name><memory>8192</memory>"
    "<os><type>hvm</type></os></domain>";

std::string domain_xml(const std::string &name) {
  char buf[256];
  std::snprintf(buf, sizeof buf, kXml, name.c_str());
  return buf;
}

using cxx_test::c_error;
using cxx_test::expect_same;
using cxx_test::same_error;

class CxxApi : public cxx_test::Fixture {};

TEST_F(CxxApi, OpenAndConnectionCalls) {
  EXPECT_TRUE(conn);
  EXPECT_EQ(conn.uri(), "test:///default");
  char *h = virConnectGetHostname(c);
  EXPECT_EQ(conn.hostname(), h);
  std::free(h);
  EXPECT_EQ(conn.type(), "TEST");
  EXPECT_EQ(conn.version(), 2u);
  EXPECT_EQ(conn.lib_version(), 9000000u);
  EXPECT_TRUE(conn.is_alive());
  virNodeInfo n = conn.node_info();
  EXPECT_STREQ(n.model, "i686");
  EXPECT_EQ(n.cpus, 16u);
  auto ro = virtkit::Connection::open_read_only("test:///default");
  EXPECT_EQ(ro.uri(), "test:///default");
  EXPECT_TRUE(virtkit::Connection::try_open("test:///default").has_value());
  EXPECT_TRUE(virtkit::Connection::try_open_read_only("test:///default").has_value());
}

TEST_F(CxxApi, OpenFailures) {
  const char *bad = "nosuchscheme:///x";
  same_error<virtkit::Connection>([&] { return virConnectOpen(bad) == nullptr; },
                                  [&] { return virtkit::Connection::open(bad); },
                                  [&] { return virtkit::Connection::try_open(bad); });
  same_error<virtkit::Connection>([&] { return virConnectOpenReadOnly(bad) == nullptr; },
                                  [&] { return virtkit::Connection::open_read_only(bad); },
                                  [&] { return virtkit::Connection::try_open_read_only(bad); });
  std::string missing = "test:///no/such/file.xml";
  same_error<virtkit::Connection>([&] { return virConnectOpen(missing.c_str()) == nullptr; },
                                  [&] { return virtkit::Connection::open(missing); },
                                  [&] { return virtkit::Connection::try_open(missing); });
}

TEST_F(CxxApi, CustomConfig) {
  auto cc = virtkit::Connection::open("test://" VIRTKIT_FIXTURES_DIR "/test_driver/node.xml");
  EXPECT_STREQ(cc.node_info().model, "Zeta");
  auto d = cc.lookup_domain_by_name("inline");
  EXPECT_EQ(d.state().state, VIR_DOMAIN_PAUSED);
}

TEST_F(CxxApi, Lookups) {
  auto d = conn.lookup_domain_by_name("test");
  EXPECT_EQ(d.name(), "test");
  EXPECT_EQ(d.id(), std::optional<unsigned>(1));
  EXPECT_EQ(d.uuid_string(), "6695eb01-f6a4-8304-79aa-97f2502e193f");
  EXPECT_EQ(conn.lookup_domain_by_id(1).name(), "test");
  EXPECT_EQ(conn.lookup_domain_by_uuid_string("6695eb01-f6a4-8304-79aa-97f2502e193f").name(),
            "test");
  EXPECT_EQ(d.connection().uri(), "test:///default");

  same_error<virtkit::Domain>([&] { return virDomainLookupByName(c, "nosuch") == nullptr; },
                              [&] { return conn.lookup_domain_by_name("nosuch"); },
                              [&] { return conn.try_lookup_domain_by_name("nosuch"); });
  same_error<virtkit::Domain>([&] { return virDomainLookupByID(c, 4242) == nullptr; },
                              [&] { return conn.lookup_domain_by_id(4242); },
                              [&] { return conn.try_lookup_domain_by_id(4242); });
  same_error<virtkit::Domain>([&] { return virDomainLookupByID(c, -1) == nullptr; },
                              [&] { return conn.lookup_domain_by_id(-1); },
                              [&] { return conn.try_lookup_domain_by_id(-1); });
  const char *u = "00000000-0000-0000-0000-000000000000";
  same_error<virtkit::Domain>([&] { return virDomainLookupByUUIDString(c, u) == nullptr; },
                              [&] { return conn.lookup_domain_by_uuid_string(u); },
                              [&] { return conn.try_lookup_domain_by_uuid_string(u); });
  same_error<virtkit::Domain>(
      [&] { return virDomainLookupByUUIDString(c, "not-a-uuid") == nullptr; },
      [&] { return conn.lookup_domain_by_uuid_string("not-a-uuid"); },
      [&] { return conn.try_lookup_domain_by_uuid_string("not-a-uuid"); });
}

TEST_F(CxxApi, InfoStateXml) {
  auto d = conn.lookup_domain_by_name("test");
  virDomainInfo i = d.info();
  EXPECT_EQ(i.state, VIR_DOMAIN_RUNNING);
  EXPECT_EQ(i.nrVirtCpu, 2);
  EXPECT_EQ(d.state().state, VIR_DOMAIN_RUNNING);
  EXPECT_EQ(d.state().reason, VIR_DOMAIN_RUNNING_UNKNOWN);  // as libvirt's default host
  EXPECT_EQ(d.os_type(), "linux");
  EXPECT_TRUE(d.is_active());
  EXPECT_TRUE(d.is_persistent());
  EXPECT_FALSE(d.autostart());
  virDomainPtr cd = virDomainLookupByName(c, "test");
  char *x = virDomainGetXMLDesc(cd, 0);
  EXPECT_EQ(d.xml(), x);
  std::free(x);
  x = virDomainGetXMLDesc(cd, VIR_DOMAIN_XML_INACTIVE);
  EXPECT_EQ(d.xml(VIR_DOMAIN_XML_INACTIVE), x);
  std::free(x);
  same_error<std::string>([&] { return virDomainGetXMLDesc(cd, 1u << 30) == nullptr; },
                          [&] { return d.xml(1u << 30); }, [&] { return d.try_xml(1u << 30); });
  virDomainFree(cd);
}

TEST_F(CxxApi, ListAllDomains) {
  auto all = conn.list_all_domains();
  ASSERT_GE(all.size(), 1u);
  auto active = conn.list_all_domains(VIR_CONNECT_LIST_DOMAINS_ACTIVE);
  for (auto &d : active) EXPECT_TRUE(d.is_active());
  auto inactive = conn.list_all_domains(VIR_CONNECT_LIST_DOMAINS_INACTIVE);
  for (auto &d : inactive) EXPECT_FALSE(d.is_active());
  EXPECT_EQ(all.size(), active.size() + inactive.size());
  virDomainPtr *doms = nullptr;
  same_error<std::vector<virtkit::Domain>>(
      [&] { return virConnectListAllDomains(c, &doms, 1u << 30) < 0; },
      [&] { return conn.list_all_domains(1u << 30); },
      [&] { return conn.try_list_all_domains(1u << 30); });
}

TEST_F(CxxApi, Lifecycle) {
  const std::string name = "cxx-lifecycle";
  auto d = conn.define_xml(domain_xml(name));
  EXPECT_EQ(d.name(), name);
  EXPECT_FALSE(d.is_active());
  EXPECT_EQ(d.id(), std::nullopt);
  virDomainPtr cd = virDomainLookupByName(c, name.c_str());
  ASSERT_NE(cd, nullptr);

  // Failures on an inactive domain.
  same_error<void>([&] { return virDomainSuspend(cd) < 0; }, [&] { d.suspend(); },
                   [&] { return d.try_suspend(); });
  same_error<void>([&] { return virDomainDestroy(cd) < 0; }, [&] { d.destroy(); },
                   [&] { return d.try_destroy(); });
  same_error<void>([&] { return virDomainShutdown(cd) < 0; }, [&] { d.shutdown(); },
                   [&] { return d.try_shutdown(); });
  same_error<void>([&] { return virDomainReboot(cd, 0) < 0; }, [&] { d.reboot(); },
                   [&] { return d.try_reboot(); });

  d.create();
  EXPECT_TRUE(d.is_active());
  EXPECT_TRUE(d.id().has_value());
  same_error<void>([&] { return virDomainCreate(cd) < 0; }, [&] { d.create(); },
                   [&] { return d.try_create(); });
  same_error<void>([&] { return virDomainResume(cd) < 0; }, [&] { d.resume(); },
                   [&] { return d.try_resume(); });
  d.suspend();
  EXPECT_EQ(d.state().state, VIR_DOMAIN_PAUSED);
  same_error<void>([&] { return virDomainSuspend(cd) < 0; }, [&] { d.suspend(); },
                   [&] { return d.try_suspend(); });
  d.resume();
  EXPECT_EQ(d.state().state, VIR_DOMAIN_RUNNING);
  d.reboot();
  d.set_memory(4096);
  EXPECT_EQ(d.info().memory, 4096u);
  same_error<void>([&] { return virDomainSetMemoryFlags(cd, 1u << 30, 0) < 0; },
                   [&] { d.set_memory(1u << 30); }, [&] { return d.try_set_memory(1u << 30); });
  d.shutdown();
  EXPECT_FALSE(d.is_active());
  d.create(0);
  d.destroy();
  EXPECT_FALSE(d.is_active());
  d.undefine();
  same_error<void>([&] { return virDomainUndefine(cd) < 0; }, [&] { d.undefine(); },
                   [&] { return d.try_undefine(); });
  virDomainFree(cd);

  same_error<virtkit::Domain>([&] { return virDomainDefineXML(c, "<domain") == nullptr; },
                              [&] { return conn.define_xml("<domain"); },
                              [&] { return conn.try_define_xml("<domain"); });
}

TEST_F(CxxApi, CreateXml) {
  auto d = conn.create_xml(domain_xml("cxx-transient"));
  EXPECT_TRUE(d.is_active());
  EXPECT_FALSE(d.is_persistent());
  d.destroy();
  same_error<virtkit::Domain>([&] { return virDomainCreateXML(c, "junk", 0) == nullptr; },
                              [&] { return conn.create_xml("junk"); },
                              [&] { return conn.try_create_xml("junk"); });
}

TEST_F(CxxApi, ReadOnlyRefusal) {
  auto ro = virtkit::Connection::open_read_only("test:///default");
  virConnectPtr cro = virConnectOpenReadOnly("test:///default");
  auto d = ro.lookup_domain_by_name("test");
  virDomainPtr cd = virDomainLookupByName(cro, "test");
  same_error<void>([&] { return virDomainSuspend(cd) < 0; }, [&] { d.suspend(); },
                   [&] { return d.try_suspend(); });
  same_error<virtkit::Domain>(
      [&] { return virDomainDefineXML(cro, domain_xml("x").c_str()) == nullptr; },
      [&] { return ro.define_xml(domain_xml("x")); },
      [&] { return ro.try_define_xml(domain_xml("x")); });
  virDomainFree(cd);
  virConnectClose(cro);
}

TEST_F(CxxApi, ExpectedAccessors) {
  auto r = conn.try_lookup_domain_by_name("test");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name(), "test");
  EXPECT_EQ((*r).name(), "test");
  virtkit::Domain moved = std::move(r).value();
  EXPECT_EQ(moved.name(), "test");
  auto bad = conn.try_lookup_domain_by_name("nosuch");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), VIR_ERR_NO_DOMAIN);
  EXPECT_EQ(bad.error().domain(), VIR_FROM_TEST);
  EXPECT_EQ(bad.error().level(), VIR_ERR_ERROR);
  EXPECT_THROW(bad.value(), virtkit::Error);
  virtkit::Expected<void> ok;
  EXPECT_TRUE(ok);
  EXPECT_NO_THROW(ok.value());
  // virtkit::Error is a std::runtime_error.
  try {
    bad.value();
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(), "Domain not found");
  }
  // No error pending: Error::last() reports VIR_ERR_OK.
  virResetLastError();
  EXPECT_EQ(virtkit::Error::last().code(), VIR_ERR_OK);
}

TEST_F(CxxApi, HandlesShareAndRelease) {
  virtkit::Domain a = conn.lookup_domain_by_name("test");
  {
    virtkit::Domain b = a;  // a new reference
    virtkit::Domain c2;
    c2 = b;
    EXPECT_EQ(c2.get(), a.get());
  }
  EXPECT_EQ(a.name(), "test");
  virtkit::Domain m = std::move(a);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(m);
  virtkit::Connection c2 = conn;
  virtkit::Connection c3 = std::move(c2);
  EXPECT_EQ(c3.uri(), "test:///default");
  // A domain keeps its connection alive.
  virtkit::Domain keep;
  {
    auto tmp = virtkit::Connection::open("test:///default");
    keep = tmp.lookup_domain_by_name("test");
  }
  EXPECT_EQ(keep.connection().uri(), "test:///default");
}

TEST_F(CxxApi, ErrorsArePerThread) {
  auto d = conn.lookup_domain_by_name("test");
  std::atomic<int> bad{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; t++)
    ts.emplace_back([&, t] {
      virtkit::Domain mine = d;  // shared across threads
      for (int i = 0; i < 200; i++) {
        std::string n = "nosuch-" + std::to_string(t) + "-" + std::to_string(i);
        // Threads fail in two different ways; each sees only its own error.
        auto r =
            t % 2 ? conn.try_lookup_domain_by_name(n) : conn.try_lookup_domain_by_uuid_string(n);
        if (r)
          bad++;
        else if (t % 2 ? r.error().code() != VIR_ERR_NO_DOMAIN ||
                             r.error().message() != "Domain not found"
                       : r.error().code() != VIR_ERR_INVALID_ARG ||
                             r.error().str1() != "virDomainLookupByUUIDString")
          bad++;
        if (mine.name() != "test") bad++;
      }
    });
  for (auto &t : ts) t.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
