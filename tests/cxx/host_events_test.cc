// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's host calls, library calls, error categories, event loop and
// event subscriptions, each against the C call it wraps.
#include <gtest/gtest.h>
#include <unistd.h>

#include <virtkit/virtkit.hpp>

#include "cxx_test_util.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

void quiet(void *, virErrorPtr) {}

// The C call's error equals the C++ form's.
void expect_same_error(const virtkit::Error &e) {
  cxx_test::expect_same_as_last(e);
}

// Runs the C++ form, then the C call: both succeed with equal values or both
// fail with equal errors.
template <class T, class CCall, class Eq>
void same_as_c(const virtkit::Expected<T> &cxx, CCall c_call, Eq equal) {
  bool c_ok = c_call();
  ASSERT_EQ(c_ok, cxx.has_value()) << (cxx ? "" : cxx.error().what());
  if (!c_ok)
    expect_same_error(cxx.error());
  else
    equal(*cxx);
}

class CxxHost : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virtkit::Connection::open("test:///default");
    c = conn.get();
  }
  void TearDown() override { virSetErrorFunc(nullptr, nullptr); }
  virtkit::Connection conn;
  virConnectPtr c = nullptr;
};

TEST_F(CxxHost, StringCalls) {
  char *s = nullptr;
  same_as_c(
      conn.try_capabilities(), [&] { return (s = virConnectGetCapabilities(c)) != nullptr; },
      [&](const std::string &v) { EXPECT_EQ(v, s); });
  std::free(s);
  same_as_c(
      conn.try_sysinfo(), [&] { return (s = virConnectGetSysinfo(c, 0)) != nullptr; },
      [&](const std::string &v) { EXPECT_EQ(v, s); });
  std::free(s);
  same_as_c(
      conn.try_domain_capabilities(),
      [&] {
        return (s = virConnectGetDomainCapabilities(c, nullptr, nullptr, nullptr, nullptr, 0)) !=
               nullptr;
      },
      [&](const std::string &v) { EXPECT_EQ(v, s); });
  std::free(s);
  same_as_c(
      conn.try_domain_xml_from_native("qemu-argv", "x"),
      [&] { return (s = virConnectDomainXMLFromNative(c, "qemu-argv", "x", 0)) != nullptr; },
      [&](const std::string &v) { EXPECT_EQ(v, s); });
  std::free(s);
  same_as_c(
      conn.try_baseline_cpu({"<cpu/>"}),
      [&] {
        const char *x[] = {"<cpu/>"};
        return (s = virConnectBaselineCPU(c, x, 1, 0)) != nullptr;
      },
      [&](const std::string &v) { EXPECT_EQ(v, s); });
  std::free(s);
  // Bad arguments fail as in C.
  auto bad = conn.try_baseline_cpu({});
  ASSERT_FALSE(bad);
  EXPECT_EQ(virConnectBaselineCPU(c, nullptr, 0, 0), nullptr);
  expect_same_error(bad.error());
}

TEST_F(CxxHost, NumbersAndStructs) {
  EXPECT_FALSE(conn.is_encrypted());
  EXPECT_TRUE(conn.is_secure());
  EXPECT_EQ(conn.max_vcpus(), virConnectGetMaxVcpus(c, nullptr));
  EXPECT_EQ(conn.free_memory(), virNodeGetFreeMemory(c));
  unsigned long long cells[4];
  int n = virNodeGetCellsFreeMemory(c, cells, 0, 4);
  ASSERT_GT(n, 0);
  EXPECT_EQ(conn.cells_free_memory(0, 4), std::vector<unsigned long long>(cells, cells + n));
  auto map = conn.cpu_map();
  unsigned char *cmap = nullptr;
  unsigned online = 0;
  int ncpus = virNodeGetCPUMap(c, &cmap, &online, 0);
  std::free(cmap);
  EXPECT_EQ(map.present.size(), static_cast<size_t>(ncpus));
  EXPECT_EQ(map.online, online);
  virSecurityModel m{};
  same_as_c(
      conn.try_security_model(), [&] { return virNodeGetSecurityModel(c, &m) == 0; },
      [&](const virSecurityModel &v) { EXPECT_STREQ(v.model, m.model); });
  same_as_c(
      conn.try_cpu_stats(VIR_NODE_CPU_STATS_ALL_CPUS),
      [&] {
        int k = 0;
        return virNodeGetCPUStats(c, VIR_NODE_CPU_STATS_ALL_CPUS, nullptr, &k, 0) == 0;
      },
      [&](const std::vector<virNodeCPUStats> &v) { EXPECT_FALSE(v.empty()); });
  same_as_c(
      conn.try_memory_stats(VIR_NODE_MEMORY_STATS_ALL_CELLS),
      [&] {
        int k = 0;
        return virNodeGetMemoryStats(c, VIR_NODE_MEMORY_STATS_ALL_CELLS, nullptr, &k, 0) == 0;
      },
      [&](const std::vector<virNodeMemoryStats> &v) { EXPECT_FALSE(v.empty()); });
  same_as_c(
      conn.try_memory_parameters(),
      [&] {
        int k = 0;
        return virNodeGetMemoryParameters(c, nullptr, &k, 0) == 0;
      },
      [](const virtkit::TypedParams &) {});
  same_as_c(
      conn.try_cpu_model_names("x86_64"),
      [&] {
        char **names = nullptr;
        int k = virConnectGetCPUModelNames(c, "x86_64", &names, 0);
        for (int i = 0; i < k; i++) std::free(names[i]);
        std::free(names);
        return k >= 0;
      },
      [](const std::vector<std::string> &) {});
  unsigned sizes[] = {4};
  same_as_c(
      conn.try_free_pages(sizes, 0, 1),
      [&] {
        unsigned long long cnt[1];
        return virNodeGetFreePages(c, 1, sizes, 0, 1, cnt, 0) >= 0;
      },
      [&](const std::vector<unsigned long long> &v) {
        unsigned long long cnt[1] = {};
        ASSERT_GE(virNodeGetFreePages(c, 1, sizes, 0, 1, cnt, 0), 0);
        EXPECT_EQ(v, std::vector<unsigned long long>{cnt[0]});
      });
  same_as_c(
      conn.try_sev_info(),
      [&] {
        virTypedParameterPtr p = nullptr;
        int k = 0;
        bool ok = virNodeGetSEVInfo(c, &p, &k, 0) == 0;
        virTypedParamsFree(p, k);
        return ok;
      },
      [](const virtkit::TypedParams &) {});
  EXPECT_EQ(conn.list_domain_ids(), std::vector<int>{1});
  EXPECT_EQ(conn.list_defined_domain_names(), std::vector<std::string>{});
  auto keep = conn.try_set_keep_alive(5, 3);
  EXPECT_EQ(keep.has_value(), virConnectSetKeepAlive(c, 5, 3) >= 0);
  auto compare = conn.try_compare_cpu("<cpu/>");
  ASSERT_EQ(compare.has_value(), virConnectCompareCPU(c, "<cpu/>", 0) >= 0);
  if (!compare) expect_same_error(compare.error());
}

TEST_F(CxxHost, Library) {
  unsigned long lib = 0, hv = 0;
  ASSERT_EQ(virGetVersion(&lib, "Test", &hv), 0);
  auto v = virtkit::version("Test");
  EXPECT_EQ(v.library, lib);
  EXPECT_EQ(v.hypervisor, std::optional<unsigned long>(hv));
  EXPECT_EQ(virtkit::version().hypervisor, std::nullopt);
  auto bad = virtkit::try_version("NoSuchDriver");
  ASSERT_EQ(bad.has_value(), virGetVersion(&lib, "NoSuchDriver", &hv) == 0);
  if (!bad) expect_same_error(bad.error());
  virtkit::initialize();
}

TEST_F(CxxHost, ErrorCodesAndHandlers) {
  auto r = virtkit::Domain::try_lookup_by_name(conn, "nosuch");
  ASSERT_FALSE(r);
  std::error_code ec = r.error().error_code();
  EXPECT_EQ(ec, VIR_ERR_NO_DOMAIN);
  EXPECT_NE(ec, VIR_ERR_NO_NETWORK);
  EXPECT_STREQ(ec.category().name(), "libvirt");
  EXPECT_EQ(ec.message(), "Domain not found");
  EXPECT_EQ(r.error().domain_code(), VIR_FROM_TEST);
  EXPECT_EQ(r.error().domain_code().message(), "Test Driver");
  EXPECT_EQ(std::error_code(VIR_ERR_INTERNAL_ERROR).message(), "internal error");
  EXPECT_NE(std::error_code(VIR_ERR_NO_DOMAIN), std::error_code(VIR_FROM_DOMAIN));
  // The connection keeps its last error; the process-wide C++ handler sees it.
  auto last = conn.last_error();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->code(), VIR_ERR_NO_DOMAIN);
  conn.reset_last_error();
  EXPECT_FALSE(conn.last_error());
  std::vector<int> seen;
  virtkit::set_error_handler([&](const virtkit::Error &e) { seen.push_back(e.code()); });
  EXPECT_FALSE(virtkit::Domain::try_lookup_by_name(conn, "nosuch"));
  virtkit::set_error_handler({});
  EXPECT_FALSE(virtkit::Domain::try_lookup_by_name(conn, "nosuch"));
  EXPECT_EQ(seen, std::vector<int>{VIR_ERR_NO_DOMAIN});
  virSetErrorFunc(nullptr, quiet);
  virtkit::reset_last_error();
  EXPECT_EQ(virtkit::Error::last().code(), VIR_ERR_OK);
}

TEST_F(CxxHost, OpenAuth) {
  virtkit::Auth auth{{VIR_CRED_AUTHNAME},
                     [](const virConnectCredential &) { return std::optional<std::string>("x"); }};
  auto a = virtkit::Connection::open_auth("test:///default", auth, VIR_CONNECT_RO);
  EXPECT_EQ(a.uri(), "test:///default");
  auto bad = virtkit::Connection::try_open_auth("nosuch:///", auth);
  ASSERT_FALSE(bad);
  EXPECT_EQ(virConnectOpenAuth("nosuch:///", virConnectAuthPtrDefault, 0), nullptr);
  expect_same_error(bad.error());
  EXPECT_TRUE(virtkit::Connection::try_open_auth_default("test:///default"));
}

using cxx_test::Loop;
using cxx_test::wait_for;

TEST_F(CxxHost, TimersAndWatches) {
  Loop loop;
  std::atomic<int> fired{0};
  {
    auto t = virtkit::event::Timer::add(std::chrono::milliseconds(1), [&] { fired++; });
    EXPECT_GE(t.id(), 0);
    EXPECT_TRUE(wait_for([&] { return fired >= 3; }));
  }
  int after = fired;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_LE(fired.load(), after + 1);  // removed with its object (one may be in flight)
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::atomic<int> readable{0};
  {
    auto w = virtkit::event::Watch::add(fds[0], VIR_EVENT_HANDLE_READABLE, [&](int fd, int ev) {
      char b;
      if (ev & VIR_EVENT_HANDLE_READABLE && read(fd, &b, 1) == 1) readable++;
    });
    ASSERT_EQ(write(fds[1], "x", 1), 1);
    EXPECT_TRUE(wait_for([&] { return readable == 1; }));
    virtkit::event::Watch moved = std::move(w);
    EXPECT_EQ(w.id(), -1);
    EXPECT_GE(moved.id(), 0);
  }
  close(fds[0]);
  close(fds[1]);
}

TEST_F(CxxHost, DomainEventSubscriptions) {
  Loop loop;
  std::mutex m;
  std::vector<std::pair<std::string, int>> events;
  auto sub = virtkit::on_domain_event<VIR_DOMAIN_EVENT_ID_LIFECYCLE>(
      conn, [&](const virtkit::Domain &d, int event, int) {
        std::lock_guard<std::mutex> l(m);
        events.emplace_back(d.name(), event);
      });
  EXPECT_GE(sub.id(), 0);
  auto d = virtkit::Domain::lookup_by_name(conn, "test");
  d.suspend();
  EXPECT_TRUE(wait_for([&] {
    std::lock_guard<std::mutex> l(m);
    return !events.empty();
  }));
  {
    std::lock_guard<std::mutex> l(m);
    EXPECT_EQ(events.at(0), std::make_pair(std::string("test"), int(VIR_DOMAIN_EVENT_SUSPENDED)));
  }
  // Moved, then destroyed: no more events.
  virtkit::Subscription other = std::move(sub);
  EXPECT_FALSE(sub);
  other.cancel();
  EXPECT_FALSE(other);
  d.resume();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  {
    std::lock_guard<std::mutex> l(m);
    EXPECT_EQ(events.size(), 1u);
  }
  // An event id the library does not know fails as in C.
  auto bad = virtkit::try_on_domain_event<VIR_DOMAIN_EVENT_ID_REBOOT>(
      conn, [](const virtkit::Domain &) {}, virtkit::Domain());
  EXPECT_TRUE(bad);
  // A throwing callback does not reach the loop.
  auto thrower = virtkit::on_domain_event<VIR_DOMAIN_EVENT_ID_LIFECYCLE>(
      conn, [&](const virtkit::Domain &, int, int) { throw std::runtime_error("x"); });
  d.suspend();
  d.resume();
  // The deprecated registration, one per connection.
  std::atomic<int> legacy{0};
  auto l1 = virtkit::on_domain_lifecycle_legacy(
      conn, [&](const virtkit::Domain &, int, int) { legacy++; });
  auto l2 = virtkit::try_on_domain_lifecycle_legacy(conn, [](const virtkit::Domain &, int, int) {});
  EXPECT_FALSE(l2);
  d.suspend();
  EXPECT_TRUE(wait_for([&] { return legacy > 0; }));
  l1.cancel();
  d.resume();
}

TEST_F(CxxHost, CloseCallback) {
  auto other = virtkit::Connection::open("test:///default");
  auto sub = virtkit::on_close(other, [](const virtkit::Connection &, int) {});
  EXPECT_TRUE(sub);
  // The test driver keeps no close callbacks: a second one is accepted, as in C.
  auto second = virtkit::try_on_close(other, [](const virtkit::Connection &, int) {});
  int c_second = virConnectRegisterCloseCallback(
      other.get(), [](virConnectPtr, int, void *) {}, nullptr, nullptr);
  ASSERT_EQ(second.has_value(), c_second == 0);
  if (!second) expect_same_error(second.error());
  EXPECT_TRUE(sub.try_cancel());
  auto again = virtkit::try_on_close(other, [](const virtkit::Connection &, int) {});
  EXPECT_TRUE(again);
}

}  // namespace
