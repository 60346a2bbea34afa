// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver through the public C API. Expected values (codes, error
// domains, messages and their parts) are what Debian's libvirt 9.0.0 gives
// for the same calls. The file uses nothing but the public API, so it also
// builds against that libvirt to check them:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/test_driver_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string fixture_path(const std::string &name) {
  // Appended, not std::string(...) + "/" + name: GCC 12's -Warray-bounds
  // false positive at -O2 (a Debian package's flags compile the tests at -O2).
  std::string path = VIRTKIT_FIXTURES_DIR;
  path += '/';
  path += name;
  return path;
}

std::string fixture(const std::string &name) {
  std::ifstream in(fixture_path(name));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Expected {
  int code;
  int domain;
  const char *message;
  const char *str1;
  const char *str2;
  int int1;
  int int2;
};

std::string s(const char *p) {
  return p ? p : "(null)";
}

// Checks the thread's last error against libvirt's.
void expect_error(const Expected &e) {
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
  EXPECT_EQ(err->int2, e.int2);
}

// An error raised with a detail: str1 the catalogue template, str2 the detail.
Expected detail(int code, int domain, const std::string &tmpl, const char *det) {
  static thread_local std::vector<std::string> keep;
  std::string msg = tmpl;
  auto pos = msg.find("%s");
  if (pos != std::string::npos) msg.replace(pos, 2, det);
  keep.push_back(msg);
  const char *m = keep.back().c_str();
  keep.push_back(tmpl);
  const char *t = keep.back().c_str();
  return {code, domain, m, t, det, -1, -1};
}

// virCheckFlags' error.
Expected bad_flags(int domain, const char *func, const char *msg) {
  return {VIR_ERR_INVALID_ARG, domain, msg, func, "flags", 0, 0};
}

void quiet(void *, virErrorPtr) {}

int state_of_helper(virDomainPtr d) {
  int st = -1, why = -1;
  EXPECT_EQ(virDomainGetState(d, &st, &why, 0), 0);
  return st;
}

constexpr unsigned kConfigMax = static_cast<unsigned>(VIR_DOMAIN_AFFECT_CONFIG) |
                                static_cast<unsigned>(VIR_DOMAIN_VCPU_MAXIMUM);
constexpr const char *kTestUuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";

class TestDriver : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr);
  }
  void TearDown() override {
    for (virDomainPtr d : extra_) virDomainFree(d);
    if (dom_) virDomainFree(dom_);
    // The last connection to test:///default frees its state: every test
    // starts from the default host.
    if (conn_) {
      EXPECT_EQ(virConnectClose(conn_), 0);
    }
  }

  virDomainPtr keep(virDomainPtr d) {
    if (d) extra_.push_back(d);
    return d;
  }

  virDomainPtr define(const std::string &xml) {
    return keep(virDomainDefineXML(conn_, xml.c_str()));
  }

  int state_of(virDomainPtr d, int *reason = nullptr) {
    int st = -1, why = -1;
    EXPECT_EQ(virDomainGetState(d, &st, &why, 0), 0);
    if (reason) *reason = why;
    return st;
  }

  virConnectPtr conn_ = nullptr;
  virDomainPtr dom_ = nullptr;
  std::vector<virDomainPtr> extra_;
};

const char *const kMinimal =
    "<domain type='test'><name>%s</name><memory>1024</memory><os><type>hvm</type></os></domain>";

std::string minimal(const std::string &name) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kMinimal, name.c_str());
  return buf;
}

// ---------------------------------------------------------------- opening

TEST(TestDriverOpen, DefaultAndErrors) {
  virSetErrorFunc(nullptr, quiet);
  virConnectPtr c = virConnectOpen(default_uri());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(virConnectClose(c), 0);

  EXPECT_EQ(virConnectOpen("test:///"), nullptr);
  expect_error(detail(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: %s",
                      "testOpen: supply a path or use test:///default"));
  EXPECT_EQ(virConnectOpen("test://"), nullptr);
  expect_error(detail(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: %s",
                      "testOpen: supply a path or use test:///default"));

  EXPECT_EQ(virConnectOpen("test:///no/such/file.xml"), nullptr);
  expect_error(detail(VIR_ERR_XML_ERROR, VIR_FROM_TEST, "XML error: %s",
                      "failed to parse xml document '/no/such/file.xml'"));

  EXPECT_EQ(virConnectOpenAuth(default_uri(), nullptr, VIR_CONNECT_NO_ALIASES), nullptr);
  expect_error(bad_flags(VIR_FROM_TEST, "testConnectOpen",
                         "unsupported flags (0x2) in function testConnectOpen"));
}

TEST(TestDriverOpen, ReadOnly) {
  virSetErrorFunc(nullptr, quiet);
  virConnectPtr c = virConnectOpenReadOnly(default_uri());
  ASSERT_NE(c, nullptr);
  virDomainPtr d = virDomainLookupByName(c, "test");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(virDomainSuspend(d), -1);
  expect_error(detail(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN, "operation forbidden: %s",
                      "read only access prevents virDomainSuspend"));
  virDomainFree(d);
  virConnectClose(c);
}

TEST(TestDriverOpen, DefaultStateIsShared) {
  virSetErrorFunc(nullptr, quiet);
  virConnectPtr a = virConnectOpen(default_uri());
  virConnectPtr b = virConnectOpen(default_uri());
  ASSERT_TRUE(a && b);
  virDomainPtr da = virDomainLookupByName(a, "test");
  ASSERT_EQ(virDomainDestroy(da), 0);
  EXPECT_EQ(virConnectNumOfDomains(b), 0);
  EXPECT_EQ(virConnectNumOfDefinedDomains(b), 1);
  virDomainFree(da);
  virConnectClose(a);
  // b still holds the state.
  EXPECT_EQ(virConnectNumOfDomains(b), 0);
  virConnectClose(b);

  // All closed: the next open starts over.
  virConnectPtr c = virConnectOpen(default_uri());
  EXPECT_EQ(virConnectNumOfDomains(c), 1);
  virDomainPtr dc = virDomainLookupByID(c, 1);
  ASSERT_NE(dc, nullptr);
  EXPECT_STREQ(virDomainGetName(dc), "test");
  virDomainFree(dc);
  virConnectClose(c);
}

TEST(TestDriverOpen, CustomFile) {
  virSetErrorFunc(nullptr, quiet);
  std::string uri = "test://" + fixture_path("test_driver/node.xml");
  virConnectPtr c = virConnectOpen(uri.c_str());
  ASSERT_NE(c, nullptr);

  virNodeInfo info;
  ASSERT_EQ(virNodeGetInfo(c, &info), 0);
  EXPECT_STREQ(info.model, "Zeta");
  EXPECT_EQ(info.memory, 4096000UL);
  EXPECT_EQ(info.cpus, 6u);
  EXPECT_EQ(info.mhz, 2000u);
  EXPECT_EQ(info.nodes, 1u);
  EXPECT_EQ(info.sockets, 1u);
  EXPECT_EQ(info.cores, 4u);
  EXPECT_EQ(info.threads, 2u);

  char *caps = virConnectGetCapabilities(c);
  ASSERT_NE(caps, nullptr);
  EXPECT_EQ(std::string(caps), fixture("test_driver/capabilities-custom.xml"));
  free(caps);

  // No NUMA cells: libvirt reports a failure without a cause.
  EXPECT_EQ(virNodeGetFreeMemory(c), 0ULL);
  expect_error({VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE,
                "An error occurred, but the cause is unknown", nullptr, nullptr, 0, 0});

  // <domain file='...'/> resolves against the file's directory.
  virDomainPtr f = virDomainLookupByName(c, "fromfile");
  ASSERT_NE(f, nullptr);
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainGetUUIDString(f, uuid);
  EXPECT_STREQ(uuid, "12345678-1234-1234-1234-123456789abc");
  EXPECT_EQ(virDomainGetID(f), 1u);
  int reason = -1, st = -1;
  EXPECT_EQ(virDomainGetState(f, &st, &reason, 0), 0);
  EXPECT_EQ(st, VIR_DOMAIN_RUNNING);
  EXPECT_EQ(reason, VIR_DOMAIN_RUNNING_UNKNOWN);
  virDomainFree(f);

  // <test:runstate> sets the state.
  virDomainPtr p = virDomainLookupByName(c, "inline");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(virDomainGetState(p, &st, &reason, 0), 0);
  EXPECT_EQ(st, VIR_DOMAIN_PAUSED);
  EXPECT_EQ(reason, 0);
  EXPECT_EQ(virDomainGetID(p), 2u);
  virDomainFree(p);

  virDomainPtr off = virDomainLookupByName(c, "stopped");
  ASSERT_NE(off, nullptr);
  EXPECT_EQ(virDomainGetState(off, &st, &reason, 0), 0);
  EXPECT_EQ(st, VIR_DOMAIN_SHUTOFF);
  EXPECT_EQ(virDomainIsActive(off), 0);
  virDomainFree(off);

  // Each file connection has its own state.
  virConnectPtr c2 = virConnectOpen(uri.c_str());
  virDomainPtr in2 = virDomainLookupByName(c2, "inline");
  ASSERT_EQ(virDomainResume(in2), 0);
  virDomainPtr in1 = virDomainLookupByName(c, "inline");
  EXPECT_EQ(state_of_helper(in1), VIR_DOMAIN_PAUSED);
  virDomainFree(in1);
  virDomainFree(in2);
  virConnectClose(c2);
  virConnectClose(c);
}

TEST(TestDriverOpen, CustomFileErrors) {
  virSetErrorFunc(nullptr, quiet);
  std::string uri = "test://" + fixture_path("test_driver/bad-root.xml");
  EXPECT_EQ(virConnectOpen(uri.c_str()), nullptr);
  expect_error(detail(VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: %s",
                      "expecting root element of 'node', not 'domain'"));

  uri = "test://" + fixture_path("test_driver/bad-cpu.xml");
  EXPECT_EQ(virConnectOpen(uri.c_str()), nullptr);
  expect_error(
      detail(VIR_ERR_XML_ERROR, VIR_FROM_TEST, "XML error: %s", "invalid node cpu cores value"));

  uri = "test://" + fixture_path("test_driver/missing-domain-file.xml");
  EXPECT_EQ(virConnectOpen(uri.c_str()), nullptr);
  std::string path = fixture_path("test_driver/no-such-domain.xml");
  std::string det = "failed to parse xml document '" + path + "'";
  expect_error(detail(VIR_ERR_XML_ERROR, VIR_FROM_TEST, "XML error: %s", det.c_str()));
}

// <auth> users in a custom file: a user name, and a password when the user
// has one, are asked through the application's callback.
struct Credentials {
  const char *user;
  const char *password;
  int asked = 0;
};

int answer(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata) {
  auto *c = static_cast<Credentials *>(cbdata);
  for (unsigned i = 0; i < ncred; i++) {
    const char *v = cred[i].type == VIR_CRED_AUTHNAME ? c->user : c->password;
    c->asked++;
    if (!v) return -1;
    cred[i].result = strdup(v);
    cred[i].resultlen = static_cast<unsigned>(std::strlen(v));
  }
  return 0;
}

TEST(TestDriverOpen, Authentication) {
  virSetErrorFunc(nullptr, quiet);
  std::string uri = "test://" + fixture_path("test_driver/auth.xml");
  int types[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};

  Credentials alice{"alice", "secret"};
  virConnectAuth auth{types, 2, answer, &alice};
  virConnectPtr c = virConnectOpenAuth(uri.c_str(), &auth, 0);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(alice.asked, 2);
  virConnectClose(c);

  Credentials bob{"bob", nullptr};
  auth.cbdata = &bob;
  c = virConnectOpenAuth(uri.c_str(), &auth, 0);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(bob.asked, 1);  // no password asked
  virConnectClose(c);

  Credentials wrong{"alice", "guess"};
  auth.cbdata = &wrong;
  EXPECT_EQ(virConnectOpenAuth(uri.c_str(), &auth, 0), nullptr);
  expect_error(detail(VIR_ERR_AUTH_FAILED, VIR_FROM_TEST, "authentication failed: %s",
                      "authentication failed, see test XML for the correct username/password"));

  Credentials nobody{"carol", "x"};
  auth.cbdata = &nobody;
  EXPECT_EQ(virConnectOpenAuth(uri.c_str(), &auth, 0), nullptr);
  EXPECT_EQ(nobody.asked, 2);  // a password is asked even for an unknown user
  expect_error(detail(VIR_ERR_AUTH_FAILED, VIR_FROM_TEST, "authentication failed: %s",
                      "authentication failed, see test XML for the correct username/password"));

  EXPECT_EQ(virConnectOpen(uri.c_str()), nullptr);
  expect_error(detail(VIR_ERR_INVALID_ARG, VIR_FROM_AUTH, "invalid argument: %s",
                      "Missing authentication credentials"));

  int only_name[] = {VIR_CRED_AUTHNAME};
  virConnectAuth name_only{only_name, 1, answer, &alice};
  EXPECT_EQ(virConnectOpenAuth(uri.c_str(), &name_only, 0), nullptr);
  expect_error(detail(VIR_ERR_AUTH_FAILED, VIR_FROM_AUTH, "authentication failed: %s",
                      "Missing VIR_CRED_PASSPHRASE or VIR_CRED_NOECHOPROMPT credential type"));

  Credentials refuse{nullptr, nullptr};
  auth.cbdata = &refuse;
  EXPECT_EQ(virConnectOpenAuth(uri.c_str(), &auth, 0), nullptr);
  expect_error(detail(VIR_ERR_AUTH_FAILED, VIR_FROM_AUTH, "authentication failed: %s",
                      "Username request failed"));
}

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

// ---------------------------------------------------------------- lifecycle

TEST_F(TestDriver, CreateXMLMakesATransientRunningDomain) {
  virDomainPtr t = keep(virDomainCreateXML(conn_, minimal("tr").c_str(), 0));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(virDomainGetID(t), 2u);
  EXPECT_EQ(virDomainIsActive(t), 1);
  EXPECT_EQ(virDomainIsPersistent(t), 0);
  int reason = -1;
  EXPECT_EQ(state_of(t, &reason), VIR_DOMAIN_RUNNING);
  EXPECT_EQ(reason, VIR_DOMAIN_RUNNING_BOOTED);
  char *xml = virDomainGetXMLDesc(t, 0);
  ASSERT_NE(xml, nullptr);
  EXPECT_EQ(std::string(xml).compare(0, 29, "<domain type='test' id='2'>\n "), 0);
  free(xml);

  // Destroying a transient domain removes it.
  ASSERT_EQ(virDomainDestroy(t), 0);
  EXPECT_EQ(virDomainGetID(t), static_cast<unsigned>(-1));
  EXPECT_EQ(virDomainLookupByName(conn_, "tr"), nullptr);

  // Starting an active domain by XML is refused.
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainGetUUIDString(dom_, uuid);
  std::string same = std::string("<domain type='test'><name>test</name><uuid>") + uuid +
                     "</uuid><memory>1024</memory><os><type>hvm</type></os></domain>";
  EXPECT_EQ(virDomainCreateXML(conn_, same.c_str(), 0), nullptr);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                      "Requested operation is not valid: %s", "domain 'test' is already active"));
  EXPECT_EQ(virDomainCreateXML(conn_, minimal("x").c_str(), VIR_DOMAIN_START_PAUSED), nullptr);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainCreateXML",
                         "unsupported flags (0x1) in function testDomainCreateXML"));

  // An inactive persistent domain started from XML keeps its config apart.
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  std::string bigger = std::string("<domain type='test'><name>test</name><uuid>") + uuid +
                       "</uuid><memory>2048</memory><os><type>hvm</type></os></domain>";
  virDomainPtr r = keep(virDomainCreateXML(conn_, bigger.c_str(), 0));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(virDomainGetMaxMemory(r), 2048UL);
  EXPECT_EQ(virDomainIsPersistent(r), 1);
  ASSERT_EQ(virDomainDestroy(r), 0);
  EXPECT_EQ(virDomainGetMaxMemory(r), 8388608UL);
}

TEST_F(TestDriver, UndefineRunningDomainMakesItTransient) {
  ASSERT_EQ(virDomainUndefine(dom_), 0);
  EXPECT_EQ(virDomainIsPersistent(dom_), 0);
  EXPECT_EQ(virDomainIsActive(dom_), 1);
  EXPECT_EQ(virConnectNumOfDomains(conn_), 1);
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  EXPECT_EQ(virConnectNumOfDomains(conn_), 0);
  EXPECT_EQ(virConnectNumOfDefinedDomains(conn_), 0);
}

TEST_F(TestDriver, LifecycleStateErrors) {
  EXPECT_EQ(virDomainCreate(dom_), -1);
  expect_error(detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: %s",
                      "Domain 'test' is already running"));
  EXPECT_EQ(virDomainResume(dom_), -1);
  expect_error(detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: %s",
                      "domain 'test' not paused"));
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  EXPECT_EQ(virDomainGetID(dom_), static_cast<unsigned>(-1));
  int reason = -1;
  EXPECT_EQ(state_of(dom_, &reason), VIR_DOMAIN_SHUTOFF);
  EXPECT_EQ(reason, VIR_DOMAIN_SHUTOFF_DESTROYED);

  EXPECT_EQ(virDomainDestroy(dom_), -1);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                      "Requested operation is not valid: %s", "domain is not running"));
  EXPECT_EQ(virDomainSuspend(dom_), -1);
  expect_error(detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: %s",
                      "domain 'test' not running"));
  EXPECT_EQ(virDomainShutdown(dom_), -1);
  expect_error(detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: %s",
                      "domain 'test' not running"));
  EXPECT_EQ(virDomainReboot(dom_, 0), -1);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                      "Requested operation is not valid: %s", "domain is not running"));

  ASSERT_EQ(virDomainCreate(dom_), 0);
  EXPECT_EQ(virDomainGetID(dom_), 2u);
  EXPECT_EQ(state_of(dom_, &reason), VIR_DOMAIN_RUNNING);
  EXPECT_EQ(reason, VIR_DOMAIN_RUNNING_BOOTED);
  ASSERT_EQ(virDomainSuspend(dom_), 0);
  EXPECT_EQ(state_of(dom_, &reason), VIR_DOMAIN_PAUSED);
  EXPECT_EQ(reason, VIR_DOMAIN_PAUSED_USER);
  EXPECT_EQ(virDomainSuspend(dom_), -1);
  expect_error(detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: %s",
                      "domain 'test' not running"));
  ASSERT_EQ(virDomainResume(dom_), 0);
  EXPECT_EQ(state_of(dom_, &reason), VIR_DOMAIN_RUNNING);
  EXPECT_EQ(reason, VIR_DOMAIN_RUNNING_UNPAUSED);

  // Reboot follows on_reboot (restart): still running, booted again.
  ASSERT_EQ(virDomainReboot(dom_, 0), 0);
  EXPECT_EQ(state_of(dom_, &reason), VIR_DOMAIN_RUNNING);
  EXPECT_EQ(reason, VIR_DOMAIN_RUNNING_BOOTED);
  EXPECT_EQ(virDomainGetID(dom_), 2u);

  // Shutdown follows on_poweroff (destroy).
  ASSERT_EQ(virDomainShutdown(dom_), 0);
  EXPECT_EQ(state_of(dom_, &reason), VIR_DOMAIN_SHUTOFF);
  EXPECT_EQ(reason, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
  EXPECT_EQ(virDomainGetID(dom_), static_cast<unsigned>(-1));

  ASSERT_EQ(virDomainCreateWithFlags(dom_, 0), 0);
  EXPECT_EQ(virDomainGetID(dom_), 3u);
  ASSERT_EQ(virDomainShutdownFlags(dom_, 0), 0);
  ASSERT_EQ(virDomainCreate(dom_), 0);
  ASSERT_EQ(virDomainDestroyFlags(dom_, VIR_DOMAIN_DESTROY_GRACEFUL), 0);

  EXPECT_EQ(virDomainCreateWithFlags(dom_, 1), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainCreateWithFlags",
                         "unsupported flags (0x1) in function testDomainCreateWithFlags"));
  EXPECT_EQ(virDomainDestroyFlags(dom_, 2), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainDestroyFlags",
                         "unsupported flags (0x2) in function testDomainDestroyFlags"));
  EXPECT_EQ(virDomainShutdownFlags(dom_, 1), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainShutdownFlags",
                         "unsupported flags (0x1) in function testDomainShutdownFlags"));
  EXPECT_EQ(virDomainReboot(dom_, 1u << 10), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainReboot",
                         "unsupported flags (0x400) in function testDomainReboot"));
}

TEST_F(TestDriver, LifecycleActionsFollowTheConfig) {
  virDomainPtr d = define(
      "<domain type='test'><name>act</name><memory>1024</memory><os><type>hvm</type></os>"
      "<on_poweroff>restart</on_poweroff><on_reboot>destroy</on_reboot></domain>");
  ASSERT_NE(d, nullptr);
  ASSERT_EQ(virDomainCreate(d), 0);
  ASSERT_EQ(virDomainShutdown(d), 0);
  int reason = -1;
  EXPECT_EQ(state_of(d, &reason), VIR_DOMAIN_RUNNING);
  EXPECT_EQ(reason, VIR_DOMAIN_RUNNING_BOOTED);
  ASSERT_EQ(virDomainReboot(d, 0), 0);
  EXPECT_EQ(state_of(d, &reason), VIR_DOMAIN_SHUTOFF);
  EXPECT_EQ(reason, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
}

// ---------------------------------------------------------------- queries

TEST_F(TestDriver, InfoAndState) {
  virDomainInfo info;
  ASSERT_EQ(virDomainGetInfo(dom_, &info), 0);
  EXPECT_EQ(info.state, VIR_DOMAIN_RUNNING);
  EXPECT_EQ(info.maxMem, 8388608UL);
  EXPECT_EQ(info.memory, 2097152UL);
  EXPECT_EQ(info.nrVirtCpu, 2);
  // The wall clock in nanoseconds.
  unsigned long long now = static_cast<unsigned long long>(time(nullptr)) * 1000000000ULL;
  EXPECT_GT(info.cpuTime, now - 60 * 1000000000ULL);
  EXPECT_LT(info.cpuTime, now + 60 * 1000000000ULL);

  int st = -1, reason = -1;
  ASSERT_EQ(virDomainGetState(dom_, &st, &reason, 0), 0);
  EXPECT_EQ(st, VIR_DOMAIN_RUNNING);
  EXPECT_EQ(reason, VIR_DOMAIN_RUNNING_UNKNOWN);
  ASSERT_EQ(virDomainGetState(dom_, &st, nullptr, 0), 0);
  EXPECT_EQ(virDomainGetState(dom_, &st, &reason, 1), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainGetState",
                         "unsupported flags (0x1) in function testDomainGetState"));

  char *os = virDomainGetOSType(dom_);
  ASSERT_NE(os, nullptr);
  EXPECT_STREQ(os, "linux");
  free(os);
  EXPECT_EQ(virDomainIsActive(dom_), 1);
  EXPECT_EQ(virDomainIsPersistent(dom_), 1);
  EXPECT_EQ(virDomainIsUpdated(dom_), 0);

  ASSERT_EQ(virDomainDestroy(dom_), 0);
  ASSERT_EQ(virDomainGetInfo(dom_, &info), 0);
  EXPECT_EQ(info.state, VIR_DOMAIN_SHUTOFF);
}

TEST_F(TestDriver, Autostart) {
  int a = -1;
  ASSERT_EQ(virDomainGetAutostart(dom_, &a), 0);
  EXPECT_EQ(a, 0);
  ASSERT_EQ(virDomainSetAutostart(dom_, 5), 0);
  ASSERT_EQ(virDomainGetAutostart(dom_, &a), 0);
  EXPECT_EQ(a, 1);
  ASSERT_EQ(virDomainSetAutostart(dom_, 0), 0);
  ASSERT_EQ(virDomainGetAutostart(dom_, &a), 0);
  EXPECT_EQ(a, 0);
}

TEST_F(TestDriver, Memory) {
  EXPECT_EQ(virDomainGetMaxMemory(dom_), 8388608UL);
  ASSERT_EQ(virDomainSetMemory(dom_, 1048576), 0);
  virDomainInfo info;
  ASSERT_EQ(virDomainGetInfo(dom_, &info), 0);
  EXPECT_EQ(info.memory, 1048576UL);

  EXPECT_EQ(virDomainSetMemory(dom_, 9000000), -1);
  expect_error(detail(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: %s",
                      "cannot set memory higher than max memory"));
  EXPECT_EQ(virDomainSetMaxMemory(dom_, 1024), -1);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                      "Requested operation is not valid: %s",
                      "cannot resize the maximum memory on an active domain"));
  EXPECT_EQ(virDomainSetMemoryFlags(dom_, 1024, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually "
                "exclusive",
                "virDomainObjGetOneDefState", "flags", 0, 0});
  EXPECT_EQ(virDomainSetMemoryFlags(dom_, 1024, 1u << 5), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainSetMemoryFlags",
                         "unsupported flags (0x20) in function testDomainSetMemoryFlags"));

  // The persistent config changes apart from the live one.
  ASSERT_EQ(virDomainSetMemoryFlags(dom_, 4096, VIR_DOMAIN_AFFECT_CONFIG), 0);
  ASSERT_EQ(virDomainGetInfo(dom_, &info), 0);
  EXPECT_EQ(info.memory, 1048576UL);
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  ASSERT_EQ(virDomainGetInfo(dom_, &info), 0);
  EXPECT_EQ(info.memory, 4096UL);

  EXPECT_EQ(virDomainSetMemoryFlags(dom_, 1024, VIR_DOMAIN_AFFECT_LIVE), -1);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                      "Requested operation is not valid: %s", "domain is not running"));
  // Lowering the maximum lowers the current size with it.
  ASSERT_EQ(virDomainSetMaxMemory(dom_, 2048), 0);
  ASSERT_EQ(virDomainGetInfo(dom_, &info), 0);
  EXPECT_EQ(info.maxMem, 2048UL);
  EXPECT_EQ(info.memory, 2048UL);
}

TEST_F(TestDriver, Vcpus) {
  EXPECT_EQ(virDomainGetMaxVcpus(dom_), 2);
  EXPECT_EQ(virDomainGetVcpusFlags(dom_, 0), 2);
  EXPECT_EQ(virDomainGetVcpusFlags(dom_, VIR_DOMAIN_VCPU_MAXIMUM), 2);
  ASSERT_EQ(virDomainSetVcpus(dom_, 1), 0);
  EXPECT_EQ(virDomainGetVcpusFlags(dom_, VIR_DOMAIN_AFFECT_LIVE), 1);
  EXPECT_EQ(virDomainGetVcpusFlags(dom_, VIR_DOMAIN_AFFECT_CONFIG), 2);

  EXPECT_EQ(virDomainSetVcpus(dom_, 33), -1);
  expect_error(detail(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: %s",
                      "requested cpu amount exceeds maximum supported amount (33 > 32)"));
  EXPECT_EQ(virDomainSetVcpus(dom_, 3), -1);
  expect_error(detail(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: %s",
                      "requested cpu amount exceeds maximum (3 > 2)"));
  EXPECT_EQ(virDomainGetVcpusFlags(dom_, 8), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainGetVcpusFlags",
                         "unsupported flags (0x8) in function testDomainGetVcpusFlags"));

  // Raising the persistent maximum.
  ASSERT_EQ(virDomainSetVcpusFlags(dom_, 8, kConfigMax), 0);
  EXPECT_EQ(virDomainGetVcpusFlags(dom_, kConfigMax), 8);
  EXPECT_EQ(virDomainGetVcpusFlags(dom_, VIR_DOMAIN_AFFECT_CONFIG), 2);

  ASSERT_EQ(virDomainDestroy(dom_), 0);
  // Live values need a running domain.
  EXPECT_EQ(virDomainGetMaxVcpus(dom_), -1);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                      "Requested operation is not valid: %s", "domain is not running"));
  EXPECT_EQ(virDomainGetVcpusFlags(dom_, VIR_DOMAIN_VCPU_MAXIMUM), 8);
  char *xml = virDomainGetXMLDesc(dom_, 0);
  ASSERT_NE(xml, nullptr);
  EXPECT_NE(std::string(xml).find("<vcpu placement='static' current='2'>8</vcpu>"),
            std::string::npos);
  free(xml);
}

TEST_F(TestDriver, StaleHandle) {
  virDomainPtr t = keep(virDomainCreateXML(conn_, minimal("gone").c_str(), 0));
  ASSERT_NE(t, nullptr);
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainGetUUIDString(t, uuid);
  ASSERT_EQ(virDomainDestroy(t), 0);
  std::string det = std::string("no domain with matching uuid '") + uuid + "' (gone)";
  virDomainInfo info;
  EXPECT_EQ(virDomainGetInfo(t, &info), -1);
  expect_error(detail(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found: %s", det.c_str()));
  EXPECT_EQ(virDomainDestroy(t), -1);
  expect_error(detail(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found: %s", det.c_str()));
  // These two do not look the domain up, as in libvirt.
  char *os = virDomainGetOSType(t);
  ASSERT_NE(os, nullptr);
  free(os);
  EXPECT_EQ(virDomainIsUpdated(t), 0);
}

// ---------------------------------------------------------------- threads

// Several threads run lifecycles on their own domains and look up shared
// ones on one connection; the final state is what the successful calls say.
TEST_F(TestDriver, ConcurrentLifecycles) {
  constexpr int kThreads = 6;
  constexpr int kRounds = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  std::vector<int> final_running(kThreads, 0);
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      std::string name = "worker" + std::to_string(t);
      virDomainPtr d = virDomainDefineXML(conn_, minimal(name).c_str());
      if (!d) {
        failures++;
        return;
      }
      bool running = false;
      for (int r = 0; r < kRounds; r++) {
        if (virDomainCreate(d) != 0) failures++;
        if (virDomainSuspend(d) != 0) failures++;
        if (virDomainResume(d) != 0) failures++;
        virDomainPtr look = virDomainLookupByName(conn_, "test");
        if (!look)
          failures++;
        else
          virDomainFree(look);
        look = virDomainLookupByID(conn_, static_cast<int>(virDomainGetID(d)));
        if (!look || std::strcmp(virDomainGetName(look), name.c_str()) != 0) failures++;
        if (look) virDomainFree(look);
        if (r % 2 == 0) {
          if (virDomainDestroy(d) != 0) failures++;
          running = false;
        } else if (r + 1 < kRounds) {
          if (virDomainShutdown(d) != 0) failures++;
          running = false;
        } else {
          running = true;  // the last round leaves it running
        }
        // A transient domain per round, gone after destroy.
        std::string tname = name + "-t" + std::to_string(r);
        virDomainPtr tr = virDomainCreateXML(conn_, minimal(tname).c_str(), 0);
        if (!tr || virDomainDestroy(tr) != 0) failures++;
        if (tr) virDomainFree(tr);
      }
      final_running[static_cast<size_t>(t)] = running ? 1 : 0;
      virDomainFree(d);
    });
  }
  for (auto &th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  int expected_running = 1;  // "test"
  for (int r : final_running) expected_running += r;
  EXPECT_EQ(virConnectNumOfDomains(conn_), expected_running);
  EXPECT_EQ(virConnectNumOfDefinedDomains(conn_), kThreads - (expected_running - 1));
  virDomainPtr *doms = nullptr;
  int n = virConnectListAllDomains(conn_, &doms, 0);
  EXPECT_EQ(n, 1 + kThreads);
  std::set<int> ids;
  for (int i = 0; i < n; i++) {
    if (virDomainIsActive(doms[i]) == 1) ids.insert(static_cast<int>(virDomainGetID(doms[i])));
    virDomainFree(doms[i]);
  }
  free(doms);
  EXPECT_EQ(static_cast<int>(ids.size()), expected_running);  // ids are unique
  // Ids were handed out once each: 1 for "test", then two per round and
  // thread (the worker and its transient companion).
  int max_id = *ids.rbegin();
  EXPECT_LE(max_id, 1 + kThreads * kRounds * 2);
}

}  // namespace
