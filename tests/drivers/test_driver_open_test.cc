// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver through the public C API (test_driver_fixture.h): opening
// test:///default and custom files, their errors, and their <auth> users.
#include "test_driver_fixture.h"

namespace {

using namespace test_driver_tests;

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

}  // namespace
