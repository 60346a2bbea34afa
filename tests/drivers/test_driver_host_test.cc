// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver through the public C API (test_driver_fixture.h): the host,
// lists and lookups of domains, and defining domains from XML.
#include "test_driver_fixture.h"

namespace {

using namespace test_driver_tests;

// ---------------------------------------------------------------- host

TEST_F(TestDriver, HostInformation) {
  EXPECT_STREQ(virConnectGetType(conn_), "TEST");
  unsigned long ver = 0;
  EXPECT_EQ(virConnectGetVersion(conn_, &ver), 0);
  EXPECT_EQ(ver, 2UL);
  EXPECT_EQ(virConnectGetMaxVcpus(conn_, nullptr), 32);
  EXPECT_EQ(virConnectGetMaxVcpus(conn_, "test"), 32);
  EXPECT_EQ(virConnectIsAlive(conn_), 1);
  EXPECT_EQ(virConnectIsSecure(conn_), 1);
  EXPECT_EQ(virConnectIsEncrypted(conn_), 0);
  EXPECT_EQ(virNodeGetFreeMemory(conn_), 3145728ULL);

  char *host = virConnectGetHostname(conn_);
  ASSERT_NE(host, nullptr);
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  // libvirt qualifies a dotless name through the resolver.
  EXPECT_EQ(std::string(host).compare(0, std::strlen(buf), buf), 0);
  free(host);

  virNodeInfo info;
  ASSERT_EQ(virNodeGetInfo(conn_, &info), 0);
  EXPECT_STREQ(info.model, "i686");
  EXPECT_EQ(info.memory, 3145728UL);
  EXPECT_EQ(info.cpus, 16u);
  EXPECT_EQ(info.mhz, 1400u);
  EXPECT_EQ(info.nodes, 2u);
  EXPECT_EQ(info.sockets, 2u);
  EXPECT_EQ(info.cores, 2u);
  EXPECT_EQ(info.threads, 2u);
}

TEST_F(TestDriver, Capabilities) {
  char *caps = virConnectGetCapabilities(conn_);
  ASSERT_NE(caps, nullptr);
  EXPECT_EQ(std::string(caps), fixture("test_driver/capabilities-default.xml"));
  free(caps);
}

TEST_F(TestDriver, Sysinfo) {
  char *info = virConnectGetSysinfo(conn_, 0);
  ASSERT_NE(info, nullptr);
  EXPECT_STREQ(info,
               "<sysinfo type='smbios'>\n"
               "  <bios>\n"
               "    <entry name='vendor'>LENOVO</entry>\n"
               "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n"
               "    <entry name='date'>05/07/2014</entry>\n"
               "    <entry name='release'>2.61</entry>\n"
               "  </bios>\n"
               "</sysinfo>\n");
  free(info);
  EXPECT_EQ(virConnectGetSysinfo(conn_, 1), nullptr);
  expect_error(bad_flags(VIR_FROM_TEST, "testConnectGetSysinfo",
                         "unsupported flags (0x1) in function testConnectGetSysinfo"));
}

// ---------------------------------------------------------------- lists

TEST_F(TestDriver, ListsOfTheDefaultHost) {
  EXPECT_EQ(virConnectNumOfDomains(conn_), 1);
  int ids[4] = {0, 0, 0, 0};
  EXPECT_EQ(virConnectListDomains(conn_, ids, 4), 1);
  EXPECT_EQ(ids[0], 1);
  EXPECT_EQ(virConnectListDomains(conn_, ids, 0), 0);
  EXPECT_EQ(virConnectNumOfDefinedDomains(conn_), 0);
  char *names[4];
  EXPECT_EQ(virConnectListDefinedDomains(conn_, names, 4), 0);

  virDomainPtr *doms = nullptr;
  ASSERT_EQ(virConnectListAllDomains(conn_, &doms, 0), 1);
  EXPECT_STREQ(virDomainGetName(doms[0]), "test");
  EXPECT_EQ(virDomainGetID(doms[0]), 1u);
  EXPECT_EQ(doms[1], nullptr);
  virDomainFree(doms[0]);
  free(doms);
  EXPECT_EQ(virConnectListAllDomains(conn_, nullptr, 0), 1);
}

TEST_F(TestDriver, ListAllDomainsFilters) {
  ASSERT_NE(define(minimal("off")), nullptr);  // persistent, shut off
  virDomainPtr t = keep(virDomainCreateXML(conn_, minimal("trans").c_str(), 0));  // transient
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(virDomainSuspend(t), 0);
  ASSERT_EQ(virDomainSetAutostart(dom_, 1), 0);

  auto names = [&](unsigned flags) {
    virDomainPtr *doms = nullptr;
    int n = virConnectListAllDomains(conn_, &doms, flags);
    std::set<std::string> out;
    for (int i = 0; i < n; i++) {
      out.insert(virDomainGetName(doms[i]));
      virDomainFree(doms[i]);
    }
    free(doms);
    return out;
  };
  using S = std::set<std::string>;
  EXPECT_EQ(names(0), (S{"test", "off", "trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_ACTIVE), (S{"test", "trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_INACTIVE), (S{"off"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE),
            (S{"test", "off", "trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_PERSISTENT), (S{"test", "off"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_TRANSIENT), (S{"trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_RUNNING), (S{"test"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_PAUSED), (S{"trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_SHUTOFF), (S{"off"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_OTHER), S{});
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_AUTOSTART), (S{"test"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART), (S{"off", "trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE), S{});
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE), (S{"test", "off", "trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT), S{});
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT), (S{"test", "off", "trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT), S{});
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT), (S{"test", "off", "trans"}));
  EXPECT_EQ(names(VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_PERSISTENT),
            (S{"test"}));

  EXPECT_EQ(virConnectNumOfDomains(conn_), 2);
  EXPECT_EQ(virConnectNumOfDefinedDomains(conn_), 1);
  char *defined[4] = {};
  ASSERT_EQ(virConnectListDefinedDomains(conn_, defined, 4), 1);
  EXPECT_STREQ(defined[0], "off");
  free(defined[0]);

  virDomainPtr *doms = nullptr;
  EXPECT_EQ(virConnectListAllDomains(conn_, &doms, 1u << 30), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testConnectListAllDomains",
                         "unsupported flags (0x40000000) in function testConnectListAllDomains"));
  EXPECT_EQ(doms, nullptr);
}

// ---------------------------------------------------------------- lookups

TEST_F(TestDriver, Lookups) {
  virDomainPtr d = keep(virDomainLookupByID(conn_, 1));
  ASSERT_NE(d, nullptr);
  EXPECT_STREQ(virDomainGetName(d), "test");
  d = keep(virDomainLookupByUUIDString(conn_, kTestUuid));
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(virDomainGetID(d), 1u);
  unsigned char raw[VIR_UUID_BUFLEN];
  ASSERT_EQ(virDomainGetUUID(dom_, raw), 0);
  d = keep(virDomainLookupByUUID(conn_, raw));
  ASSERT_NE(d, nullptr);

  const Expected not_found{
      VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found", "Domain not found", nullptr, -1, -1};
  EXPECT_EQ(virDomainLookupByName(conn_, "nosuch"), nullptr);
  expect_error(not_found);
  EXPECT_EQ(virDomainLookupByID(conn_, 99), nullptr);
  expect_error(not_found);
  EXPECT_EQ(virDomainLookupByUUIDString(conn_, "11111111-2222-3333-4444-555555555555"), nullptr);
  expect_error(not_found);

  // Inactive domains have no id.
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  EXPECT_EQ(virDomainLookupByID(conn_, 1), nullptr);
  expect_error(not_found);
  d = keep(virDomainLookupByName(conn_, "test"));
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(virDomainGetID(d), static_cast<unsigned>(-1));
}

// ---------------------------------------------------------------- XML

TEST_F(TestDriver, XMLDescOfTheDefaultDomain) {
  char *xml = virDomainGetXMLDesc(dom_, 0);
  ASSERT_NE(xml, nullptr);
  EXPECT_EQ(std::string(xml), fixture("test_driver/dumpxml-test.xml"));
  free(xml);
  xml = virDomainGetXMLDesc(dom_, VIR_DOMAIN_XML_INACTIVE);
  ASSERT_NE(xml, nullptr);
  EXPECT_EQ(std::string(xml), fixture("test_driver/dumpxml-test-inactive.xml"));
  free(xml);
  xml = virDomainGetXMLDesc(dom_, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_MIGRATABLE);
  ASSERT_NE(xml, nullptr);
  free(xml);

  ASSERT_EQ(virDomainDestroy(dom_), 0);
  xml = virDomainGetXMLDesc(dom_, 0);
  ASSERT_NE(xml, nullptr);
  EXPECT_EQ(std::string(xml), fixture("test_driver/dumpxml-test-inactive.xml"));
  free(xml);

  EXPECT_EQ(virDomainGetXMLDesc(dom_, 0x10), nullptr);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainGetXMLDesc",
                         "unsupported flags (0x10) in function testDomainGetXMLDesc"));
}

TEST_F(TestDriver, DefineAndUndefine) {
  virDomainPtr d = define(minimal("fresh"));
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(virDomainGetID(d), static_cast<unsigned>(-1));
  EXPECT_EQ(virDomainIsActive(d), 0);
  EXPECT_EQ(virDomainIsPersistent(d), 1);
  EXPECT_EQ(state_of(d), VIR_DOMAIN_SHUTOFF);

  // Redefining the same name and uuid replaces the config.
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainGetUUIDString(d, uuid);
  std::string again = std::string("<domain type='test'><name>fresh</name><uuid>") + uuid +
                      "</uuid><memory>4096</memory><os><type>hvm</type></os></domain>";
  virDomainPtr d2 = define(again);
  ASSERT_NE(d2, nullptr);
  EXPECT_EQ(virDomainGetMaxMemory(d), 4096UL);

  EXPECT_EQ(virDomainDefineXMLFlags(conn_, minimal("v").c_str(), 2), nullptr);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainDefineXMLFlags",
                         "unsupported flags (0x2) in function testDomainDefineXMLFlags"));

  ASSERT_EQ(virDomainUndefine(d), 0);
  EXPECT_EQ(virDomainLookupByName(conn_, "fresh"), nullptr);
  std::string det = std::string("no domain with matching uuid '") + uuid + "' (fresh)";
  EXPECT_EQ(virDomainIsActive(d), -1);
  expect_error(detail(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found: %s", det.c_str()));
  EXPECT_EQ(virDomainUndefine(d), -1);
  expect_error(detail(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found: %s", det.c_str()));

  EXPECT_EQ(virDomainUndefineFlags(dom_, 4), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainUndefineFlags",
                         "unsupported flags (0x4) in function testDomainUndefineFlags"));
}

TEST_F(TestDriver, DefineErrors) {
  EXPECT_EQ(virDomainDefineXML(conn_, minimal("test").c_str()), nullptr);
  std::string det = std::string("domain 'test' already exists with uuid ") + kTestUuid;
  expect_error(
      detail(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN, "operation failed: %s", det.c_str()));

  std::string other = std::string("<domain type='test'><name>zz</name><uuid>") + kTestUuid +
                      "</uuid><memory>1024</memory><os><type>hvm</type></os></domain>";
  EXPECT_EQ(virDomainDefineXML(conn_, other.c_str()), nullptr);
  det = std::string("domain 'test' is already defined with uuid ") + kTestUuid;
  expect_error(
      detail(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN, "operation failed: %s", det.c_str()));

  EXPECT_EQ(
      virDomainDefineXML(conn_,
                         "<domain type='test'><name>a&#10;b</name><memory>1</memory><os><type>hvm"
                         "</type></os></domain>"),
      nullptr);
  expect_error({VIR_ERR_XML_DETAIL, VIR_FROM_XML, "invalid char in name: \n", "%s",
                "invalid char in name: \n", -1, -1});

  EXPECT_EQ(virDomainDefineXML(conn_, "<domain type='test'><name>x</name"), nullptr);
  const char *text =
      "(domain_definition):1: expected '>'\n<domain type='test'><name>x</name\n"
      "---------------------------------^";
  expect_error({VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, text, "%s", text, -1, -1});
}

TEST_F(TestDriver, DefineWithValidation) {
  virDomainPtr d =
      keep(virDomainDefineXMLFlags(conn_, minimal("valid").c_str(), VIR_DOMAIN_DEFINE_VALIDATE));
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(virDomainDefineXMLFlags(conn_,
                                    "<domain type='test'><name>a</name><memory>1024</memory>"
                                    "<os><type>hvm</type></os><bogus/></domain>",
                                    VIR_DOMAIN_DEFINE_VALIDATE),
            nullptr);
  expect_error(detail(VIR_ERR_XML_INVALID_SCHEMA, VIR_FROM_XML,
                      "XML document failed to validate against schema: %s",
                      "Unable to validate doc against /usr/share/libvirt/schemas/domain.rng\n"
                      "Element domain has extra content: bogus\n"));
}

}  // namespace
