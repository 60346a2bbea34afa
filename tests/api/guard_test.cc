// SPDX-License-Identifier: LGPL-2.1-or-later
// The entry guard: handle checks, read-only refusal, argument checks,
// unsupported operations, exceptions and reference counting.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "api/guard.h"
#include "driver/registry.h"

using namespace virtkit;

namespace {

void quiet(void *, virErrorPtr) {}

struct Expect {
  int code;
  int domain;
  const char *message;
  const char *str1;
  const char *str2;
  int int1;
};

void expect_error(const Expect &x) {
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, x.code);
  EXPECT_EQ(e->domain, x.domain);
  EXPECT_EQ(e->level, VIR_ERR_ERROR);
  EXPECT_STREQ(e->message, x.message);
  EXPECT_STREQ(e->str1, x.str1);
  EXPECT_STREQ(e->str2, x.str2);
  EXPECT_EQ(e->int1, x.int1);
}

// A driver that implements nothing beyond its name, and throws on request.
class Bare : public driver::HypervisorTable {
 public:
  const char *name() const override { return "Bare"; }
  Result<int> connectNumOfDomains(virConnectPtr) override { throw std::bad_alloc(); }
  Result<int> connectNumOfDefinedDomains(virConnectPtr) override {
    throw std::runtime_error("boom");
  }
  Result<int> connectIsAlive(virConnectPtr) override { throw 42; }
};
class BareDriver : public driver::Driver {
 public:
  const char *name() const override { return "bare"; }
  bool claims(const driver::Uri &uri) const override { return uri.scheme == "bare"; }
  Result<driver::Tables> open(const driver::Uri &, virConnectAuthPtr, unsigned) override {
    driver::Tables t;
    t.hypervisor = std::make_unique<Bare>();
    return t;
  }
};

class Guard : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static BareDriver bare;
    driver::register_driver(bare);
  }
  void SetUp() override { virSetErrorFunc(nullptr, quiet); }
  void TearDown() override { virSetErrorFunc(nullptr, nullptr); }
};

TEST_F(Guard, InvalidConnection) {
  EXPECT_EQ(virConnectGetType(nullptr), nullptr);
  expect_error({VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN,
                "invalid connection pointer in virConnectGetType",
                "invalid connection pointer in %s", "virConnectGetType", -1});
  EXPECT_EQ(virConnectClose(nullptr), -1);
  expect_error({VIR_ERR_INVALID_CONN, VIR_FROM_NONE,
                "invalid connection pointer in virConnectClose", "invalid connection pointer in %s",
                "virConnectClose", -1});
  // A pointer to something that is not a connection.
  char junk[256];
  std::memset(junk, 0, sizeof junk);
  EXPECT_EQ(virConnectNumOfDomains(reinterpret_cast<virConnectPtr>(junk)), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_CONN);
}

TEST_F(Guard, InvalidDomain) {
  EXPECT_EQ(virDomainGetID(nullptr), static_cast<unsigned>(-1));
  expect_error({VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM, "invalid domain pointer in virDomainGetID",
                "invalid domain pointer in %s", "virDomainGetID", -1});
  EXPECT_EQ(virDomainGetMaxMemory(nullptr), 0UL);
  EXPECT_EQ(virDomainFree(nullptr), -1);
}

TEST_F(Guard, ArgumentChecks) {
  virConnectPtr conn = virConnectOpen("test:///default");
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(virDomainLookupByName(conn, nullptr), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "name in virDomainLookupByName must not be NULL", "virDomainLookupByName", "name",
                0});
  EXPECT_EQ(virDomainLookupByID(conn, -1), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "id in virDomainLookupByID must be zero or greater", "virDomainLookupByID", "id",
                0});
  virDomainPtr dom = virDomainLookupByName(conn, "test");
  ASSERT_NE(dom, nullptr);
  EXPECT_EQ(virDomainSetMemory(dom, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "memory in virDomainSetMemory must not be zero", "virDomainSetMemory", "memory",
                0});
  EXPECT_EQ(virDomainGetUUIDString(dom, nullptr), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "buf in virDomainGetUUIDString must not be NULL", "virDomainGetUUIDString", "buf",
                0});
  int ids[1];
  EXPECT_EQ(virConnectListDomains(conn, ids, 0), 0);  // zero-length list is fine
  EXPECT_EQ(virConnectListDomains(conn, nullptr, 0), 0);
  virDomainFree(dom);
  virConnectClose(conn);
}

TEST_F(Guard, ReadOnlyRefusal) {
  virConnectPtr ro = virConnectOpenReadOnly("test:///default");
  ASSERT_NE(ro, nullptr);
  virDomainPtr dom = virDomainLookupByName(ro, "test");
  ASSERT_NE(dom, nullptr);
  EXPECT_EQ(virDomainSuspend(dom), -1);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainSuspend",
                "operation forbidden: %s", "read only access prevents virDomainSuspend", -1});
  EXPECT_EQ(virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_SECURE), nullptr);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: virDomainGetXMLDesc with secure flag",
                "operation forbidden: %s", "virDomainGetXMLDesc with secure flag", -1});
  char *xml = virDomainGetXMLDesc(dom, 0);  // reading is allowed
  EXPECT_NE(xml, nullptr);
  free(xml);
  EXPECT_EQ(virDomainIsActive(dom), 1);
  virDomainFree(dom);
  virConnectClose(ro);
}

TEST_F(Guard, UnsupportedOperation) {
  virConnectPtr conn = virConnectOpen("bare:///x");
  ASSERT_NE(conn, nullptr);
  EXPECT_STREQ(virConnectGetType(conn), "Bare");
  EXPECT_EQ(virConnectGetHostname(conn), nullptr);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                "this function is not supported by the connection driver: virConnectGetHostname",
                "this function is not supported by the connection driver: %s",
                "virConnectGetHostname", -1});
  EXPECT_EQ(virDomainLookupByName(conn, "x"), nullptr);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_NO_SUPPORT);
  virError ce;
  EXPECT_EQ(virConnCopyLastError(conn, &ce), VIR_ERR_NO_SUPPORT);
  EXPECT_STREQ(ce.str2, "virDomainLookupByName");
  virResetError(&ce);
  virConnectClose(conn);
}

TEST_F(Guard, ExceptionsBecomeErrors) {
  virConnectPtr conn = virConnectOpen("bare:///x");
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(virConnectNumOfDomains(conn), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_NO_MEMORY);
  EXPECT_STREQ(virGetLastErrorMessage(), "out of memory");
  EXPECT_EQ(virConnectNumOfDefinedDomains(conn), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
  EXPECT_STREQ(virGetLastErrorMessage(), "internal error: boom");
  EXPECT_EQ(virConnectIsAlive(conn), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
  virConnectClose(conn);
}

TEST_F(Guard, UnknownDriver) {
  // A scheme no local driver claims goes to the system daemon, as with
  // libvirt's client (tests/remote covers the daemon's answer).
  if (access("/var/run/libvirt/libvirt-sock", F_OK) != 0 &&
      access("/var/run/libvirt/virtnosuchdriverd-sock", F_OK) != 0) {
    EXPECT_EQ(virConnectOpen("nosuchdriver:///x"), nullptr);
    expect_error({VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                  "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or "
                  "directory",
                  "%s",
                  "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or "
                  "directory",
                  2});
  }
  EXPECT_EQ(virConnectOpen("/just/a/path"), nullptr);
  expect_error(
      {VIR_ERR_NO_CONNECT, VIR_FROM_NONE,
       "no connection driver available for URI '/just/a/path' does not include a driver name",
       "no connection driver available for %s", "URI '/just/a/path' does not include a driver name",
       -1});
}

TEST_F(Guard, ReferenceCounting) {
  virConnectPtr conn = virConnectOpen("test:///default");
  ASSERT_NE(conn, nullptr);
  virDomainPtr dom = virDomainLookupByName(conn, "test");
  ASSERT_NE(dom, nullptr);
  EXPECT_EQ(virConnectRef(conn), 0);
  EXPECT_EQ(virConnectClose(conn), 1);  // our extra reference
  EXPECT_EQ(virConnectClose(conn), 1);  // the domain still holds it
  EXPECT_EQ(virDomainGetConnect(dom), conn);
  EXPECT_EQ(virDomainRef(dom), 0);
  EXPECT_EQ(virDomainFree(dom), 0);
  EXPECT_STREQ(virDomainGetName(dom), "test");
  EXPECT_EQ(virDomainFree(dom), 0);  // last reference: the connection goes too
}

TEST(GuardWhiteBox, FailureValues) {
  EXPECT_EQ(api::failure_value<int>(), -1);
  EXPECT_EQ(api::failure_value<char *>(), nullptr);
  EXPECT_EQ(api::failure_value<unsigned long>(), 0UL);
  EXPECT_STREQ(api::info<api::Api::virDomainDestroy>.name, "virDomainDestroy");
  EXPECT_EQ(api::info<api::Api::virDomainDestroy>.access, api::Access::write);
  EXPECT_EQ(api::info<api::Api::virDomainGetName>.access, api::Access::read);
  EXPECT_EQ(api::info<api::Api::virDomainGetName>.handle, api::HandleKind::domain);
}

}  // namespace

// Freed handles: libvirt documents them as invalid; we must report that,
// never crash (handle memory is type-stable, so this is safe to read).
TEST_F(Guard, FreedHandlesAreInvalidNotFatal) {
  virConnectPtr conn = virConnectOpen("test:///default");
  ASSERT_NE(conn, nullptr);
  virDomainPtr dom = virDomainLookupByName(conn, "test");
  ASSERT_NE(dom, nullptr);
  EXPECT_EQ(virDomainFree(dom), 0);
  EXPECT_EQ(virDomainGetName(dom), nullptr);  // stale handle
  expect_error({VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM, "invalid domain pointer in virDomainGetName",
                "invalid domain pointer in %s", "virDomainGetName", -1});
  EXPECT_EQ(virDomainFree(dom), -1);  // double free is an error, not a crash
  EXPECT_EQ(virConnectClose(conn), 0);
  EXPECT_EQ(virConnectGetType(conn), nullptr);  // closed connection
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_CONN);
  EXPECT_EQ(virConnectClose(conn), -1);
  // A new connection may reuse the memory: the old pointer then names it,
  // as with libvirt; the point is only that nothing crashes.
  virConnectPtr again = virConnectOpen("test:///default");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(virConnectClose(again), 0);
}
