// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ forms of libvirt-qemu and libvirt-lxc calls give what the C calls
// give, on the test driver (which has neither driver's own calls).
#include <gtest/gtest.h>
#include <unistd.h>

#include <virtkit/lxc.hpp>
#include <virtkit/qemu.hpp>

#include <cstring>

#include "cxx_test_util.h"

namespace {

void quiet(void *, virErrorPtr) {}

void expect_same_error(const virtkit::Error &e) {
  cxx_test::expect_same_as_last(e);
}

class CxxQemuLxc : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virtkit::Connection::open("test:///default");
    dom = virtkit::Domain::lookup_by_name(conn, "test");
  }
  void TearDown() override { virSetErrorFunc(nullptr, nullptr); }
  virtkit::Connection conn;
  virtkit::Domain dom;
};

TEST_F(CxxQemuLxc, QemuCallsFailAsInC) {
  auto r = virtkit::qemu::try_monitor_command(dom, "{\"execute\":\"query-status\"}");
  ASSERT_FALSE(r);
  char *res = nullptr;
  EXPECT_EQ(virDomainQemuMonitorCommand(dom.get(), "{\"execute\":\"query-status\"}", &res, 0), -1);
  expect_same_error(r.error());
  EXPECT_THROW(virtkit::qemu::monitor_command(dom, "x"), virtkit::Error);

  int fd = 0;
  auto f = virtkit::qemu::try_monitor_command_with_files(dom, "x", std::span<const int>(&fd, 1));
  ASSERT_FALSE(f);
  unsigned nout = 0;
  int *out = nullptr;
  EXPECT_EQ(virDomainQemuMonitorCommandWithFiles(dom.get(), "x", 1, &fd, &nout, &out, &res, 0), -1);
  expect_same_error(f.error());

  auto a = virtkit::qemu::try_agent_command(dom, "{}");
  ASSERT_FALSE(a);
  EXPECT_EQ(virDomainQemuAgentCommand(dom.get(), "{}", VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT, 0),
            nullptr);
  expect_same_error(a.error());

  auto at = virtkit::qemu::try_attach(conn, 1);
  ASSERT_FALSE(at);
  EXPECT_EQ(virDomainQemuAttach(conn.get(), 1, 0), nullptr);
  expect_same_error(at.error());

  auto ev = virtkit::qemu::try_on_monitor_event(conn, std::nullopt,
                                                [](const virtkit::Domain &, auto, auto, auto) {});
  ASSERT_FALSE(ev);
  EXPECT_EQ(virConnectDomainQemuMonitorEventRegister(
                conn.get(), nullptr, nullptr,
                [](virConnectPtr, virDomainPtr, const char *, long long, unsigned, const char *,
                   void *) {},
                nullptr, nullptr, 0),
            -1);
  expect_same_error(ev.error());
}

TEST_F(CxxQemuLxc, LxcCallsFailAsInC) {
  auto o = virtkit::lxc::try_open_namespace(dom);
  ASSERT_FALSE(o);
  int *fds = nullptr;
  EXPECT_EQ(virDomainLxcOpenNamespace(dom.get(), &fds, 0), -1);
  expect_same_error(o.error());

  // On a read-only connection (on a writable one it would move this process).
  auto ro = virtkit::Connection::open_read_only("test:///default");
  auto rodom = virtkit::Domain::lookup_by_name(ro, "test");
  auto cg = virtkit::lxc::try_enter_cgroup(rodom);
  ASSERT_FALSE(cg);
  EXPECT_EQ(virDomainLxcEnterCGroup(rodom.get(), 0), -1);
  expect_same_error(cg.error());

  virSecurityModel model{};
  std::strcpy(model.model, "nosuchmodel");
  virSecurityLabel label{}, old{};
  auto sl = virtkit::lxc::try_enter_security_label(model, label);
  ASSERT_FALSE(sl);
  EXPECT_EQ(virDomainLxcEnterSecurityLabel(&model, &label, &old, 0), -1);
  expect_same_error(sl.error());
}

}  // namespace
