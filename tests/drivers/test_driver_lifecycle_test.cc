// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver through the public C API (test_driver_fixture.h): domains'
// lifecycles, their queries (info, state, autostart, memory, vCPUs), stale
// handles, and lifecycles in several threads at once.
#include "test_driver_fixture.h"

namespace {

using namespace test_driver_tests;

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
