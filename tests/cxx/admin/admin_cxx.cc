// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ admin API (include/virtkit/admin.hpp) on a private libvirtd's admin
// socket (run by tests/remote/daemon.py run -- this program): each call's
// result equals the C call's, failures carry the C call's error.
#include <gtest/gtest.h>

#include <virtkit/admin.hpp>

#include <cstdlib>
#include <string>

#include "../cxx_test_util.h"

namespace {

void quiet(void *, virErrorPtr) {}

std::string uri() {
  const char *dir = std::getenv("VIRTKIT_REMOTE_DIR");
  return std::string("libvirtd:///system?socket=") + (dir ? dir : "/nonexistent") +
         "/libvirt-admin-sock";
}

void expect_same_error(const virtkit::Error &e) {
  cxx_test::expect_same_as_last(e);
}

class CxxAdmin : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    ASSERT_NE(std::getenv("VIRTKIT_REMOTE_DIR"), nullptr) << "run me with daemon.py run --";
    conn = virtkit::admin::Connection::open(uri());
    c = virAdmConnectOpen(uri().c_str(), 0);
    ASSERT_NE(c, nullptr);
  }
  void TearDown() override { virAdmConnectClose(c); }
  virtkit::admin::Connection conn;
  virAdmConnectPtr c = nullptr;
};

TEST_F(CxxAdmin, ConnectionCalls) {
  EXPECT_TRUE(conn.is_alive());
  char *u = virAdmConnectGetURI(c);
  EXPECT_EQ(conn.uri(), u);
  std::free(u);
  unsigned long long v = 0;
  ASSERT_EQ(virAdmConnectGetLibVersion(c, &v), 0);
  EXPECT_EQ(conn.lib_version(), v);
  ASSERT_EQ(virAdmGetVersion(&v), 0);
  EXPECT_EQ(virtkit::admin::version(), v);
  virtkit::admin::initialize();
  char *outputs = nullptr;
  ASSERT_GE(virAdmConnectGetLoggingOutputs(c, &outputs, 0), 0);
  EXPECT_EQ(conn.logging_outputs(), outputs);
  std::free(outputs);
  conn.set_logging_filters("1:util");
  char *filters = nullptr;
  ASSERT_GE(virAdmConnectGetLoggingFilters(c, &filters, 0), 0);
  EXPECT_EQ(conn.logging_filters(), filters);  // the daemon's form: "1:*util* "
  std::free(filters);
  conn.set_logging_filters(std::nullopt);
  EXPECT_EQ(conn.logging_filters(), "");
  auto bad = conn.try_set_logging_outputs("9:nowhere");
  ASSERT_FALSE(bad);
  EXPECT_EQ(virAdmConnectSetLoggingOutputs(c, "9:nowhere", 0), -1);
  expect_same_error(bad.error());
  conn.set_close_callback([](int) {});
  conn.unset_close_callback();
  auto unset = conn.try_unset_close_callback();
  ASSERT_FALSE(unset);
  EXPECT_EQ(virAdmConnectUnregisterCloseCallback(c, [](virAdmConnectPtr, int, void *) {}), -1);
  expect_same_error(unset.error());
}

TEST_F(CxxAdmin, ServersAndClients) {
  auto servers = conn.list_servers();
  virAdmServerPtr *cs = nullptr;
  int n = virAdmConnectListServers(c, &cs, 0);
  ASSERT_EQ(servers.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; i++) {
    EXPECT_EQ(servers[i].name(), virAdmServerGetName(cs[i]));
    virAdmServerFree(cs[i]);
  }
  std::free(cs);
  auto srv = conn.lookup_server("libvirtd");
  auto pool = srv.thread_pool_parameters();
  EXPECT_TRUE(pool.get<unsigned>(VIR_THREADPOOL_WORKERS_MAX));
  auto limits = srv.client_limits();
  auto max = limits.get<unsigned>(VIR_SERVER_CLIENTS_MAX);
  ASSERT_TRUE(max);
  srv.set_client_limits(virtkit::TypedParams().add(VIR_SERVER_CLIENTS_MAX, *max + 1));
  EXPECT_EQ(srv.client_limits().get<unsigned>(VIR_SERVER_CLIENTS_MAX), *max + 1);
  // Our two admin connections are clients of the "admin" server.
  auto admin = conn.lookup_server("admin");
  auto clients = admin.list_clients();
  ASSERT_GE(clients.size(), 2u);
  auto first = admin.lookup_client(clients[0].id());
  EXPECT_EQ(first.id(), clients[0].id());
  EXPECT_EQ(first.transport(), VIR_CLIENT_TRANS_UNIX);
  EXPECT_GT(first.timestamp().time_since_epoch().count(), 0);
  EXPECT_FALSE(first.info().empty());
  auto missing = srv.try_lookup_client(999999);
  ASSERT_FALSE(missing);
  virAdmServerPtr cs2 = virAdmConnectLookupServer(c, "libvirtd", 0);
  EXPECT_EQ(virAdmServerLookupClient(cs2, 999999, 0), nullptr);
  expect_same_error(missing.error());
  virAdmServerFree(cs2);
  auto nosrv = conn.try_lookup_server("nosuch");
  ASSERT_FALSE(nosrv);
  EXPECT_EQ(virAdmConnectLookupServer(c, "nosuch", 0), nullptr);
  expect_same_error(nosrv.error());
  // Moving keeps one owner.
  virtkit::admin::Server moved = std::move(srv);
  EXPECT_FALSE(srv);
  EXPECT_EQ(moved.name(), "libvirtd");
}

TEST_F(CxxAdmin, CloseCountsOtherReferences) {
  virtkit::admin::Connection other = conn;
  EXPECT_EQ(conn.close(), 1);  // other still holds one
  EXPECT_FALSE(conn);
  EXPECT_TRUE(other.is_alive());
  EXPECT_EQ(other.close(), 0);
  EXPECT_FALSE(other);
  // As the C call on NULL: nothing to close.
  EXPECT_EQ(other.close(), 0);
  EXPECT_EQ(virAdmConnectClose(nullptr), 0);
}

TEST(CxxAdminOpen, FailureAsInC) {
  virSetErrorFunc(nullptr, quiet);
  auto bad = virtkit::admin::Connection::try_open("libvirtd:///system?socket=/nonexistent/s");
  ASSERT_FALSE(bad);
  EXPECT_EQ(virAdmConnectOpen("libvirtd:///system?socket=/nonexistent/s", 0), nullptr);
  expect_same_error(bad.error());
}

}  // namespace
