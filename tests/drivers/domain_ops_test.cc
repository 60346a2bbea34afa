// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's remaining domain and host operations (tuning, pinning,
// IOThreads, statistics, guest agent mocks, metadata, rename) through the
// public C API. Expected values are what Debian's libvirt 9.0.0 gives; the
// file uses only the public API, so it also builds against that libvirt:
//   g++ -std=c++20 tests/drivers/domain_ops_test.cc
//       $(pkg-config --cflags --libs libvirt) -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

void quiet(void *, virErrorPtr) {}

// The last error is `code` in `domain` with `message`.
void expect_err(int code, int domain, const std::string &message) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(std::string(err->message ? err->message : "(null)"), message);
}

std::string take(char *s) {
  std::string r = s ? s : "(null)";
  std::free(s);
  return r;
}

class DomainOps : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virConnectOpen(default_uri());
    ASSERT_NE(conn, nullptr);
    dom = virDomainLookupByName(conn, "test");
    ASSERT_NE(dom, nullptr);
  }
  void TearDown() override {
    if (dom) virDomainFree(dom);
    virConnectClose(conn);
  }
  // A stopped copy of the default domain.
  virDomainPtr stopped() {
    EXPECT_EQ(virDomainDestroy(dom), 0);
    return dom;
  }
  std::string xml(unsigned flags = 0) { return take(virDomainGetXMLDesc(dom, flags)); }
  void not_running() {
    expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
               "Requested operation is not valid: domain is not running");
  }

  virConnectPtr conn = nullptr;
  virDomainPtr dom = nullptr;
};

// ---- host ----

TEST_F(DomainOps, NodeGetCPUStats) {
  int n = 0;
  ASSERT_EQ(virNodeGetCPUStats(conn, -1, nullptr, &n, 0), 0);
  EXPECT_EQ(n, 4);
  virNodeCPUStats st[4];
  ASSERT_EQ(virNodeGetCPUStats(conn, -1, st, &n, 0), 0);
  EXPECT_STREQ(st[0].field, "user");
  EXPECT_EQ(st[0].value, 9797400000ULL);
  EXPECT_STREQ(st[1].field, "kernel");
  EXPECT_EQ(st[1].value, 34678723400000ULL);
  EXPECT_STREQ(st[2].field, "idle");
  EXPECT_STREQ(st[3].field, "iowait");
  EXPECT_EQ(st[3].value, 763600000ULL);
  EXPECT_EQ(virNodeGetCPUStats(conn, -1, st, &n, 1), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "unsupported flags (0x1) in function testNodeGetCPUStats");
}

TEST_F(DomainOps, NodeGetFreePages) {
  unsigned pages[2] = {4, 2048};
  unsigned long long counts[4] = {};
  ASSERT_EQ(virNodeGetFreePages(conn, 2, pages, 0, 2, counts, 0), 0);
  EXPECT_EQ(counts[0], 19u);
  EXPECT_EQ(counts[1], 45u);
  EXPECT_EQ(counts[2], 97u);
  EXPECT_EQ(counts[3], 201u);
  EXPECT_EQ(virNodeGetFreePages(conn, 2, pages, 0, 2, counts, 2), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "unsupported flags (0x2) in function testNodeGetFreePages");
}

TEST_F(DomainOps, NodeGetCPUMap) {
  unsigned char *map = nullptr;
  unsigned online = 0;
  ASSERT_EQ(virNodeGetCPUMap(conn, &map, &online, 0), 8);
  ASSERT_NE(map, nullptr);
  EXPECT_EQ(map[0], 0x15);
  EXPECT_EQ(online, 3u);
  std::free(map);
  EXPECT_EQ(virNodeGetCPUMap(conn, nullptr, nullptr, 4), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "unsupported flags (0x4) in function testNodeGetCPUMap");
}

TEST_F(DomainOps, NodeGetCellsFreeMemory) {
  unsigned long long mem[5] = {};
  ASSERT_EQ(virNodeGetCellsFreeMemory(conn, mem, 0, 5), 2);
  EXPECT_EQ(mem[0], 2097152u);
  EXPECT_EQ(mem[1], 4194304u);
  EXPECT_EQ(virNodeGetCellsFreeMemory(conn, mem, 5, 1), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: Range exceeds available cells");
}

TEST_F(DomainOps, CPUModelNames) {
  char **models = nullptr;
  int n = virConnectGetCPUModelNames(conn, "x86_64", &models, 0);
  ASSERT_GT(n, 10);
  EXPECT_STREQ(models[0], "486");
  EXPECT_STREQ(models[1], "pentium");
  EXPECT_EQ(models[n], nullptr);
  for (int i = 0; i < n; i++) std::free(models[i]);
  std::free(models);
  EXPECT_EQ(virConnectGetCPUModelNames(conn, "aarch64", &models, 0), 0);
  EXPECT_EQ(models, nullptr);
  EXPECT_EQ(virConnectGetCPUModelNames(conn, "foo", &models, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: cannot find architecture foo");
  EXPECT_EQ(virConnectGetCPUModelNames(conn, "mips", &models, 0), -1);
  expect_err(VIR_ERR_NO_SUPPORT, VIR_FROM_CPU,
             "this function is not supported by the connection driver: 'mips' architecture is "
             "not supported by CPU driver");
}

// ---- simple guest operations ----

TEST_F(DomainOps, ResetNMIPasswordSendKey) {
  EXPECT_EQ(virDomainReset(dom, 0), 0);
  EXPECT_EQ(virDomainInjectNMI(dom, 0), 0);
  EXPECT_EQ(virDomainSetUserPassword(dom, "root", "pw", VIR_DOMAIN_PASSWORD_ENCRYPTED), 0);
  unsigned keys[2] = {30, 48};
  EXPECT_EQ(virDomainSendKey(dom, VIR_KEYCODE_SET_LINUX, 100, keys, 2, 0), 0);
  unsigned bad[1] = {0x1000};
  EXPECT_EQ(virDomainSendKey(dom, VIR_KEYCODE_SET_LINUX, 100, bad, 1, 0), -1);
  expect_err(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
             "internal error: invalid keycode 4096 of linux codeset");
  EXPECT_EQ(virDomainReset(dom, 1), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "unsupported flags (0x1) in function testDomainReset");
  stopped();
  EXPECT_EQ(virDomainReset(dom, 0), -1);
  not_running();
  EXPECT_EQ(virDomainInjectNMI(dom, 0), -1);
  not_running();
  EXPECT_EQ(virDomainSetUserPassword(dom, "root", "pw", 0), -1);
  not_running();
  EXPECT_EQ(virDomainSendKey(dom, VIR_KEYCODE_SET_LINUX, 100, keys, 2, 0), -1);
  not_running();
}

TEST_F(DomainOps, SendProcessSignal) {
  EXPECT_EQ(virDomainSendProcessSignal(dom, 1, 9, 0), 0);
  EXPECT_EQ(virDomainSendProcessSignal(dom, 2, 9, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: only sending a signal to pid 1 is supported");
  EXPECT_EQ(virDomainSendProcessSignal(dom, 1, 100, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: signum value 100 is out of range");
}

TEST_F(DomainOps, HostnameControlInfo) {
  EXPECT_EQ(take(virDomainGetHostname(dom, 0)), "testhost");
  virDomainControlInfo info;
  ASSERT_EQ(virDomainGetControlInfo(dom, &info, 0), 0);
  EXPECT_EQ(info.state, (unsigned)VIR_DOMAIN_CONTROL_OK);
  ASSERT_EQ(virDomainSetTime(dom, 12345, 5, 0), 0);
  ASSERT_EQ(virDomainGetControlInfo(dom, &info, 0), 0);
  EXPECT_EQ(info.state, (unsigned)VIR_DOMAIN_CONTROL_OCCUPIED);
  EXPECT_EQ(info.stateTime, 2345u);
  stopped();
  EXPECT_EQ(virDomainGetHostname(dom, 0), nullptr);
  not_running();
  EXPECT_EQ(virDomainGetControlInfo(dom, &info, 0), -1);
  not_running();
}

TEST_F(DomainOps, Time) {
  long long sec = 0;
  unsigned nsec = 1;
  ASSERT_EQ(virDomainGetTime(dom, &sec, &nsec, 0), 0);
  EXPECT_EQ(sec, 627319920);
  EXPECT_EQ(nsec, 0u);
  ASSERT_EQ(virDomainSetTime(dom, 42, 7, VIR_DOMAIN_TIME_SYNC), 0);
  ASSERT_EQ(virDomainGetTime(dom, &sec, &nsec, 0), 0);
  EXPECT_EQ(sec, 42);
  EXPECT_EQ(nsec, 7u);
  ASSERT_EQ(virDomainSuspend(dom), 0);
  EXPECT_EQ(virDomainGetTime(dom, &sec, &nsec, 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: domain is not running");
  stopped();
  EXPECT_EQ(virDomainSetTime(dom, 1, 0, 0), -1);
  not_running();
}

TEST_F(DomainOps, LaunchSecurityInfo) {
  // The entry point adds VIR_TYPED_PARAM_STRING_OKAY, which the test
  // driver's slot does not accept: the call always fails, as in libvirt.
  virTypedParameterPtr params = nullptr;
  int n = 5;
  EXPECT_EQ(virDomainGetLaunchSecurityInfo(dom, &params, &n, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "unsupported flags (0x4) in function testDomainGetLaunchSecurityInfo");
}

TEST_F(DomainOps, MemoryStatsAndPeriod) {
  virDomainMemoryStatStruct st[VIR_DOMAIN_MEMORY_STAT_NR];
  ASSERT_EQ(virDomainMemoryStats(dom, st, VIR_DOMAIN_MEMORY_STAT_NR, 0), 13);
  EXPECT_EQ(st[0].tag, VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON);
  EXPECT_EQ(st[0].val, 2097152u);
  EXPECT_EQ(st[5].tag, VIR_DOMAIN_MEMORY_STAT_UNUSED);
  EXPECT_EQ(st[5].val, 1048576u);
  EXPECT_EQ(st[8].val, 627319920u);
  EXPECT_EQ(st[9].val, 262144u);
  ASSERT_EQ(virDomainSetMemoryStatsPeriod(dom, 10, 0), 0);
  EXPECT_NE(xml().find("      <stats period='10'/>\n"), std::string::npos);
  stopped();
  EXPECT_EQ(virDomainMemoryStats(dom, st, VIR_DOMAIN_MEMORY_STAT_NR, 0), -1);
  not_running();
  EXPECT_EQ(virDomainSetMemoryStatsPeriod(dom, 10, VIR_DOMAIN_AFFECT_LIVE), -1);
  not_running();
}

TEST_F(DomainOps, MemoryPeek) {
  unsigned char buf[4];
  ASSERT_EQ(virDomainMemoryPeek(dom, 254, 4, buf, VIR_MEMORY_VIRTUAL), 0);
  EXPECT_EQ(buf[0], 254);
  EXPECT_EQ(buf[1], 255);
  EXPECT_EQ(buf[2], 0);
  stopped();
  EXPECT_EQ(virDomainMemoryPeek(dom, 0, 4, buf, VIR_MEMORY_PHYSICAL), -1);
  not_running();
}

TEST_F(DomainOps, BlockInfoAndStats) {
  virDomainBlockInfo info;
  ASSERT_EQ(virDomainGetBlockInfo(dom, "vda", &info, 0), 0);
  EXPECT_EQ(info.capacity, 1099506450432ULL);
  EXPECT_EQ(info.allocation, 1099511627776ULL);
  EXPECT_EQ(virDomainGetBlockInfo(dom, "vdb", &info, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: invalid path vdb not assigned to domain");
  virDomainBlockStatsStruct st;
  ASSERT_EQ(virDomainBlockStats(dom, "vda", &st, sizeof st), 0);
  EXPECT_GT(st.rd_req, 0);
  EXPECT_EQ(virDomainBlockStats(dom, "vdx", &st, sizeof st), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: invalid path: vdx");
  EXPECT_EQ(virDomainBlockStats(dom, "", &st, sizeof st), -1);
  expect_err(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
             "Operation not supported: summary statistics are not supported yet");
}

TEST_F(DomainOps, InterfaceStats) {
  virDomainInterfaceStatsStruct st;
  ASSERT_EQ(virDomainInterfaceStats(dom, "testnet0", &st, sizeof st), 0);
  EXPECT_GT(st.rx_bytes, st.rx_packets);
  ASSERT_EQ(virDomainInterfaceStats(dom, "aa:bb:cc:dd:ee:ff", &st, sizeof st), 0);
  EXPECT_EQ(virDomainInterfaceStats(dom, "nope", &st, sizeof st), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "invalid argument: 'nope' is not a known interface");
}

TEST_F(DomainOps, DiskErrorsAndMessages) {
  virDomainDiskError errs[2];
  EXPECT_EQ(virDomainGetDiskErrors(dom, nullptr, 0, 0), 1);
  ASSERT_EQ(virDomainGetDiskErrors(dom, errs, 2, 0), 1);
  EXPECT_STREQ(errs[0].disk, "vda");
  EXPECT_EQ(errs[0].error, VIR_DOMAIN_DISK_ERROR_UNSPEC);
  std::free(errs[0].disk);
  char **msgs = nullptr;
  EXPECT_EQ(virDomainGetMessages(dom, &msgs, 0), 0);
  std::free(msgs);
  EXPECT_EQ(virDomainGetMessages(dom, &msgs, 4), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "unsupported flags (0x4) in function testDomainGetMessages");
  stopped();
  EXPECT_EQ(virDomainGetDiskErrors(dom, errs, 2, 0), -1);
  not_running();
}

TEST_F(DomainOps, LifecycleAction) {
  ASSERT_EQ(virDomainSetLifecycleAction(dom, VIR_DOMAIN_LIFECYCLE_POWEROFF,
                                        VIR_DOMAIN_LIFECYCLE_ACTION_PRESERVE, 0),
            0);
  EXPECT_NE(xml().find("<on_poweroff>preserve</on_poweroff>"), std::string::npos);
  EXPECT_EQ(virDomainSetLifecycleAction(dom, VIR_DOMAIN_LIFECYCLE_POWEROFF,
                                        VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY, 0),
            -1);
  expect_err(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
             "unsupported configuration: Lifecycle event 'poweroff' doesn't support "
             "'coredump-destroy' action");
}

// ---- pinning ----

TEST_F(DomainOps, EmulatorPin) {
  unsigned char map[2] = {};
  ASSERT_EQ(virDomainGetEmulatorPinInfo(dom, map, 2, 0), 1);
  EXPECT_EQ(map[0], 0xff);
  EXPECT_EQ(map[1], 0xff);
  unsigned char pin[1] = {0x5};
  ASSERT_EQ(virDomainPinEmulator(dom, pin, 1, 0), 0);
  ASSERT_EQ(virDomainGetEmulatorPinInfo(dom, map, 2, 0), 1);
  EXPECT_EQ(map[0], 0x5);
  EXPECT_EQ(map[1], 0);
  EXPECT_NE(xml().find("  <cputune>\n    <emulatorpin cpuset='0,2'/>\n  </cputune>\n"),
            std::string::npos);
  unsigned char none[1] = {0};
  EXPECT_EQ(virDomainPinEmulator(dom, none, 1, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: Empty cpu list for pinning");
}

TEST_F(DomainOps, VcpuPinning) {
  virVcpuInfo info[4];
  unsigned char maps[8] = {};
  ASSERT_EQ(virDomainGetVcpus(dom, info, 4, maps, 2), 2);
  EXPECT_EQ(info[1].number, 1u);
  EXPECT_EQ(info[1].state, VIR_VCPU_RUNNING);
  EXPECT_EQ(info[1].cpu, 15);
  EXPECT_EQ(maps[0], 0xff);
  unsigned char pin[1] = {0x2};
  ASSERT_EQ(virDomainPinVcpu(dom, 1, pin, 1), 0);
  ASSERT_EQ(virDomainGetVcpus(dom, info, 4, maps, 2), 2);
  EXPECT_EQ(info[1].cpu, 1);
  ASSERT_EQ(virDomainGetVcpuPinInfo(dom, 2, maps, 2, 0), 2);
  EXPECT_EQ(maps[0], 0xff);
  EXPECT_EQ(maps[2], 0x2);
  EXPECT_NE(xml().find("    <vcpupin vcpu='1' cpuset='1'/>\n"), std::string::npos);
  EXPECT_EQ(virDomainPinVcpuFlags(dom, 7, pin, 1, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: requested vcpu '7' is not present in the domain");
  stopped();
  EXPECT_EQ(virDomainGetVcpus(dom, info, 4, maps, 2), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: cannot list vcpus for an inactive domain");
  EXPECT_EQ(virDomainPinVcpu(dom, 0, pin, 1), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: cannot pin vcpus on an inactive domain");
  EXPECT_EQ(virDomainGetVcpuPinInfo(dom, 2, maps, 2, VIR_DOMAIN_AFFECT_LIVE), -1);
  not_running();
}

// ---- IOThreads ----

TEST_F(DomainOps, IOThreads) {
  virDomainIOThreadInfoPtr *info = nullptr;
  EXPECT_EQ(virDomainGetIOThreadInfo(dom, &info, 0), 0);
  ASSERT_EQ(virDomainAddIOThread(dom, 3, 0), 0);
  EXPECT_EQ(virDomainAddIOThread(dom, 3, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "invalid argument: an IOThread is already using iothread_id '3'");
  EXPECT_EQ(virDomainAddIOThread(dom, 0, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: invalid value of 0 for iothread_id");
  unsigned char pin[1] = {0x1};
  ASSERT_EQ(virDomainPinIOThread(dom, 3, pin, 1, 0), 0);
  EXPECT_EQ(virDomainPinIOThread(dom, 9, pin, 1, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: iothreadid 9 not found");
  unsigned char none[1] = {0};
  EXPECT_EQ(virDomainPinIOThread(dom, 3, none, 1, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: Empty iothread cpumap list for pinning");
  ASSERT_EQ(virDomainGetIOThreadInfo(dom, &info, 0), 1);
  EXPECT_EQ(info[0]->iothread_id, 3u);
  EXPECT_EQ(info[0]->cpumaplen, 1);
  EXPECT_EQ(info[0]->cpumap[0], 1);
  virDomainIOThreadInfoFree(info[0]);
  std::free(info);
  EXPECT_NE(
      xml().find("  <iothreads>1</iothreads>\n  <iothreadids>\n    <iothread id='3'/>\n"
                 "  </iothreadids>\n  <cputune>\n    <iothreadpin iothread='3' cpuset='0'/>\n"),
      std::string::npos);

  virTypedParameter p[1] = {};
  std::strcpy(p[0].field, VIR_DOMAIN_IOTHREAD_POLL_MAX_NS);
  p[0].type = VIR_TYPED_PARAM_ULLONG;
  p[0].value.ul = 10;
  ASSERT_EQ(virDomainSetIOThreadParams(dom, 3, p, 1, 0), 0);
  EXPECT_EQ(virDomainSetIOThreadParams(dom, 4, p, 1, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: cannot find IOThread '4' in iothreadids");
  p[0].type = VIR_TYPED_PARAM_UINT;
  EXPECT_EQ(virDomainSetIOThreadParams(dom, 3, p, 1, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
             "invalid argument: invalid type 'uint' for parameter 'poll_max_ns', expected "
             "'ullong'");

  virDomainStatsRecordPtr *recs = nullptr;
  ASSERT_EQ(virConnectGetAllDomainStats(conn, 0, &recs, 0), 1);
  ASSERT_EQ(recs[0]->nparams, 6);
  EXPECT_STREQ(recs[0]->params[0].field, "state.state");
  EXPECT_EQ(recs[0]->params[0].value.i, 1);
  EXPECT_STREQ(recs[0]->params[2].field, "iothread.count");
  EXPECT_STREQ(recs[0]->params[3].field, "iothread.3.poll-max-ns");
  EXPECT_EQ(recs[0]->params[3].value.ul, 10u);
  virDomainStatsRecordListFree(recs);

  ASSERT_EQ(virDomainDelIOThread(dom, 3, 0), 0);
  EXPECT_EQ(virDomainDelIOThread(dom, 3, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "invalid argument: cannot find IOThread '3' in iothreadids list");
}

TEST_F(DomainOps, AllDomainStats) {
  virDomainStatsRecordPtr *recs = nullptr;
  ASSERT_EQ(virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_STATE, &recs,
                                        VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS),
            1);
  EXPECT_STREQ(virDomainGetName(recs[0]->dom), "test");
  ASSERT_EQ(recs[0]->nparams, 2);
  EXPECT_STREQ(recs[0]->params[1].field, "state.reason");
  virDomainStatsRecordListFree(recs);
  ASSERT_EQ(virConnectGetAllDomainStats(conn, 0, &recs, VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF),
            0);
  virDomainStatsRecordListFree(recs);
  EXPECT_EQ(virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_BLOCK, &recs,
                                        VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS),
            -1);
  expect_err(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST,
             "argument unsupported: Stats types bits 0x20 are not supported by this daemon");
}

// ---- typed parameters ----

TEST_F(DomainOps, MemoryParameters) {
  int n = 0;
  ASSERT_EQ(virDomainGetMemoryParameters(dom, nullptr, &n, 0), 0);
  EXPECT_EQ(n, 3);
  virTypedParameter p[3];
  ASSERT_EQ(virDomainGetMemoryParameters(dom, p, &n, 0), 0);
  EXPECT_STREQ(p[0].field, "hard_limit");
  EXPECT_EQ(p[0].type, VIR_TYPED_PARAM_ULLONG);
  EXPECT_EQ(p[0].value.ul, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED);
  virTypedParameterPtr set = nullptr;
  int ns = 0, max = 0;
  virTypedParamsAddULLong(&set, &ns, &max, VIR_DOMAIN_MEMORY_HARD_LIMIT, 1000);
  virTypedParamsAddULLong(&set, &ns, &max, VIR_DOMAIN_MEMORY_SOFT_LIMIT, 500);
  ASSERT_EQ(virDomainSetMemoryParameters(dom, set, ns, 0), 0);
  virTypedParamsFree(set, ns);
  ASSERT_EQ(virDomainGetMemoryParameters(dom, p, &n, 0), 0);
  EXPECT_EQ(p[0].value.ul, 1000u);
  EXPECT_EQ(p[1].value.ul, 500u);
  EXPECT_NE(xml().find("  <memtune>\n    <hard_limit unit='KiB'>1000</hard_limit>\n"
                       "    <soft_limit unit='KiB'>500</soft_limit>\n  </memtune>\n"),
            std::string::npos);
  set = nullptr;
  ns = max = 0;
  virTypedParamsAddULLong(&set, &ns, &max, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, 10);
  EXPECT_EQ(virDomainSetMemoryParameters(dom, set, ns, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: memory hard_limit tunable value must be lower than or equal to "
             "swap_hard_limit");
  virTypedParamsFree(set, ns);
  set = nullptr;
  ns = max = 0;
  virTypedParamsAddULLong(&set, &ns, &max, "foo", 10);
  EXPECT_EQ(virDomainSetMemoryParameters(dom, set, ns, 0), -1);
  expect_err(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE,
             "argument unsupported: parameter 'foo' not supported");
  virTypedParamsFree(set, ns);
}

TEST_F(DomainOps, NumaParameters) {
  int n = 2;
  virTypedParameter p[2];
  ASSERT_EQ(virDomainGetNumaParameters(dom, p, &n, 0), 0);
  EXPECT_EQ(p[0].value.i, 0);
  EXPECT_STREQ(p[1].value.s, "");
  virTypedParamsClear(p, n);
  virTypedParameterPtr set = nullptr;
  int ns = 0, max = 0;
  virTypedParamsAddString(&set, &ns, &max, VIR_DOMAIN_NUMA_NODESET, "0-1");
  ASSERT_EQ(virDomainSetNumaParameters(dom, set, ns, 0), 0);
  virTypedParamsFree(set, ns);
  ASSERT_EQ(virDomainGetNumaParameters(dom, p, &n, 0), 0);
  EXPECT_STREQ(p[1].value.s, "0-1");
  virTypedParamsClear(p, n);
  EXPECT_NE(xml().find("  <numatune>\n    <memory mode='strict' nodeset='0-1'/>\n  </numatune>\n"),
            std::string::npos);
  set = nullptr;
  ns = max = 0;
  virTypedParamsAddInt(&set, &ns, &max, VIR_DOMAIN_NUMA_MODE, 2);
  EXPECT_EQ(virDomainSetNumaParameters(dom, set, ns, 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: can't change numatune mode for running domain");
  virTypedParamsFree(set, ns);
}

TEST_F(DomainOps, InterfaceParameters) {
  int n = 0;
  ASSERT_EQ(virDomainGetInterfaceParameters(dom, "testnet0", nullptr, &n, 0), 0);
  EXPECT_EQ(n, 7);
  virTypedParameterPtr set = nullptr;
  int ns = 0, max = 0;
  virTypedParamsAddUInt(&set, &ns, &max, VIR_DOMAIN_BANDWIDTH_IN_AVERAGE, 100);
  virTypedParamsAddUInt(&set, &ns, &max, VIR_DOMAIN_BANDWIDTH_IN_PEAK, 200);
  virTypedParamsAddUInt(&set, &ns, &max, VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE, 50);
  ASSERT_EQ(virDomainSetInterfaceParameters(dom, "testnet0", set, ns, 0), 0);
  virTypedParameter p[7];
  ASSERT_EQ(virDomainGetInterfaceParameters(dom, "testnet0", p, &n, 0), 0);
  EXPECT_STREQ(p[0].field, "inbound.average");
  EXPECT_EQ(p[0].value.ui, 100u);
  EXPECT_EQ(p[1].value.ui, 200u);
  EXPECT_EQ(p[4].value.ui, 50u);
  EXPECT_NE(xml().find("      <bandwidth>\n        <inbound average='100' peak='200'/>\n"
                       "        <outbound average='50'/>\n      </bandwidth>\n"),
            std::string::npos);
  EXPECT_EQ(virDomainSetInterfaceParameters(dom, "foo", set, ns, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "invalid argument: 'foo' is not a known interface");
  virTypedParamsFree(set, ns);
}

TEST_F(DomainOps, BlockIoTune) {
  int n = 0;
  ASSERT_EQ(virDomainGetBlockIoTune(dom, "vda", nullptr, &n, 0), 0);
  EXPECT_EQ(n, 20);
  virTypedParameterPtr set = nullptr;
  int ns = 0, max = 0;
  virTypedParamsAddULLong(&set, &ns, &max, VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC, 1000);
  virTypedParamsAddULLong(&set, &ns, &max, VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX, 2000);
  virTypedParamsAddString(&set, &ns, &max, VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, "g1");
  ASSERT_EQ(virDomainSetBlockIoTune(dom, "vda", set, ns, 0), 0);
  virTypedParamsFree(set, ns);
  virTypedParameter p[20];
  n = 20;
  ASSERT_EQ(virDomainGetBlockIoTune(dom, "vda", p, &n, 0), 0);
  EXPECT_EQ(p[0].value.ul, 1000u);
  EXPECT_STREQ(p[13].field, "group_name");
  EXPECT_STREQ(p[13].value.s, "g1");
  EXPECT_STREQ(p[19].field, "write_iops_sec_max_length");
  virTypedParamsClear(p, n);
  EXPECT_NE(xml().find("      <iotune>\n        <total_bytes_sec>1000</total_bytes_sec>\n"
                       "        <total_bytes_sec_max>2000</total_bytes_sec_max>\n"
                       "        <group_name>g1</group_name>\n      </iotune>\n"),
            std::string::npos);
  set = nullptr;
  ns = max = 0;
  virTypedParamsAddULLong(&set, &ns, &max, VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC, 5);
  EXPECT_EQ(virDomainSetBlockIoTune(dom, "vda", set, ns, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: total and read/write of bytes_sec cannot be set at the same time");
  EXPECT_EQ(virDomainSetBlockIoTune(dom, "vdz", set, ns, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: missing persistent configuration for disk 'vdz'");
  virTypedParamsFree(set, ns);
  n = 20;
  EXPECT_EQ(virDomainGetBlockIoTune(dom, "vdz", p, &n, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: disk 'vdz' was not found in the domain config");
}

TEST_F(DomainOps, BlkioParameters) {
  int n = 0;
  ASSERT_EQ(virDomainGetBlkioParameters(dom, nullptr, &n, 0), 0);
  EXPECT_EQ(n, 6);
  virTypedParameterPtr set = nullptr;
  int ns = 0, max = 0;
  virTypedParamsAddUInt(&set, &ns, &max, VIR_DOMAIN_BLKIO_WEIGHT, 500);
  virTypedParamsAddString(&set, &ns, &max, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, "/dev/sda,100");
  virTypedParamsAddString(&set, &ns, &max, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS,
                          "/dev/sda,1000,/dev/sdb,2000");
  ASSERT_EQ(virDomainSetBlkioParameters(dom, set, ns, 0), 0);
  virTypedParamsFree(set, ns);
  virTypedParameter p[6];
  n = 6;
  ASSERT_EQ(virDomainGetBlkioParameters(dom, p, &n, 0), 0);
  ASSERT_EQ(n, 6);
  EXPECT_EQ(p[0].value.ui, 500u);
  EXPECT_STREQ(p[1].value.s, "/dev/sda,100");
  EXPECT_STREQ(p[4].value.s, "/dev/sda,1000,/dev/sdb,2000");
  virTypedParamsClear(p, n);
  EXPECT_NE(xml().find("  <blkiotune>\n    <weight>500</weight>\n    <device>\n"
                       "      <path>/dev/sda</path>\n      <weight>100</weight>\n"
                       "      <read_bytes_sec>1000</read_bytes_sec>\n    </device>\n"),
            std::string::npos);
  set = nullptr;
  ns = max = 0;
  virTypedParamsAddString(&set, &ns, &max, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, "/dev/sda");
  EXPECT_EQ(virDomainSetBlkioParameters(dom, set, ns, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "invalid argument: unable to parse blkio device 'device_weight' '/dev/sda'");
  virTypedParamsFree(set, ns);
}

TEST_F(DomainOps, PerfEvents) {
  virTypedParameterPtr p = nullptr;
  int n = 0;
  ASSERT_EQ(virDomainGetPerfEvents(dom, &p, &n, 0), 0);
  ASSERT_EQ(n, 22);
  EXPECT_STREQ(p[0].field, "cmt");
  EXPECT_EQ(p[0].value.b, 0);
  EXPECT_STREQ(p[21].field, "emulation_faults");
  virTypedParamsFree(p, n);
  virTypedParameterPtr set = nullptr;
  int ns = 0, max = 0;
  virTypedParamsAddBoolean(&set, &ns, &max, "cmt", 1);
  virTypedParamsAddBoolean(&set, &ns, &max, "cpu_cycles", 0);
  ASSERT_EQ(virDomainSetPerfEvents(dom, set, ns, 0), 0);
  virTypedParamsFree(set, ns);
  // libvirt's remote client fills a caller's array when *params is set.
  p = nullptr;
  n = 0;
  ASSERT_EQ(virDomainGetPerfEvents(dom, &p, &n, 0), 0);
  EXPECT_EQ(p[0].value.b, 1);
  virTypedParamsFree(p, n);
  EXPECT_NE(xml().find("  <perf>\n    <event name='cmt' enabled='yes'/>\n"
                       "    <event name='cpu_cycles' enabled='no'/>\n  </perf>\n"),
            std::string::npos);
  set = nullptr;
  ns = max = 0;
  virTypedParamsAddBoolean(&set, &ns, &max, "nope", 1);
  EXPECT_EQ(virDomainSetPerfEvents(dom, set, ns, 0), -1);
  expect_err(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE,
             "argument unsupported: parameter 'nope' not supported");
  virTypedParamsFree(set, ns);
}

TEST_F(DomainOps, Scheduler) {
  int n = 0;
  EXPECT_EQ(take(virDomainGetSchedulerType(dom, &n)), "fair");
  EXPECT_EQ(n, 1);
  virTypedParameter p[1];
  ASSERT_EQ(virDomainGetSchedulerParameters(dom, p, &n), 0);
  EXPECT_STREQ(p[0].field, "weight");
  EXPECT_EQ(p[0].type, VIR_TYPED_PARAM_UINT);
  EXPECT_EQ(p[0].value.ui, 50u);
  p[0].value.ui = 10;
  EXPECT_EQ(virDomainSetSchedulerParameters(dom, p, 1), 0);
  ASSERT_EQ(virDomainGetSchedulerParameters(dom, p, &n), 0);
  EXPECT_EQ(p[0].value.ui, 50u);  // not kept
  // The flags variant gets VIR_TYPED_PARAM_STRING_OKAY from the entry point.
  EXPECT_EQ(virDomainGetSchedulerParametersFlags(dom, p, &n, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "unsupported flags (0x4) in function testDomainGetSchedulerParametersFlags");
  p[0].type = VIR_TYPED_PARAM_INT;
  EXPECT_EQ(virDomainSetSchedulerParametersFlags(dom, p, 1, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
             "invalid argument: invalid type 'int' for parameter 'weight', expected 'uint'");
}

TEST_F(DomainOps, CPUStats) {
  virTypedParameter p[8];
  EXPECT_EQ(virDomainGetCPUStats(dom, nullptr, 0, -1, 1, 0), 3);
  ASSERT_EQ(virDomainGetCPUStats(dom, p, 3, -1, 1, 0), 3);
  EXPECT_STREQ(p[0].field, "cpu_time");
  EXPECT_EQ(p[0].value.ul, 48772617035ULL);
  EXPECT_EQ(p[2].value.ul, 6460000000ULL);
  EXPECT_EQ(virDomainGetCPUStats(dom, nullptr, 0, 0, 0, 0), 2);
  ASSERT_EQ(virDomainGetCPUStats(dom, p, 2, 0, 2, 0), 2);
  EXPECT_EQ(p[0].value.ul, 24386308517ULL);
  EXPECT_STREQ(p[1].field, "vcpu_time");
  EXPECT_EQ(p[3].value.ul, 23151740628ULL);
  EXPECT_EQ(virDomainGetCPUStats(dom, p, 2, 5, 1, 0), -1);
  expect_err(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "invalid argument: start_cpu 5 larger than maximum of 1");
}

// ---- guest file systems ----

TEST_F(DomainOps, FSFreezeThawTrim) {
  EXPECT_EQ(virDomainFSFreeze(dom, nullptr, 0, 0), 2);
  EXPECT_EQ(virDomainFSFreeze(dom, nullptr, 0, 0), 0);
  const char *boot[] = {"/boot"};
  EXPECT_EQ(virDomainFSThaw(dom, boot, 1, 0), 1);
  EXPECT_EQ(virDomainFSThaw(dom, nullptr, 0, 0), 1);
  const char *bad[] = {"/x"};
  EXPECT_EQ(virDomainFSFreeze(dom, bad, 1, 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: mount point not found: /x");
  EXPECT_EQ(virDomainFSThaw(dom, bad, 1, 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: mount point not found: /x");
  EXPECT_EQ(virDomainFSTrim(dom, "/", 0, 0), 0);
  EXPECT_EQ(virDomainFSTrim(dom, "/x", 0, 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: mount point not found: /x");
}

TEST_F(DomainOps, FSInfo) {
  virDomainFSInfoPtr *info = nullptr;
  ASSERT_EQ(virDomainGetFSInfo(dom, &info, 0), 2);
  EXPECT_STREQ(info[0]->mountpoint, "/");
  EXPECT_STREQ(info[0]->name, "vda1");
  EXPECT_STREQ(info[1]->mountpoint, "/boot");
  EXPECT_STREQ(info[1]->fstype, "ext4");
  ASSERT_EQ(info[1]->ndevAlias, 1u);
  EXPECT_STREQ(info[1]->devAlias[0], "vda");
  virDomainFSInfoFree(info[0]);
  virDomainFSInfoFree(info[1]);
  std::free(info);
  stopped();
  EXPECT_EQ(virDomainGetFSInfo(dom, &info, 0), -1);
  not_running();
}

// ---- addresses ----

TEST_F(DomainOps, InterfaceAddresses) {
  const char *xmldef =
      "<domain type='test'><name>ifaddr</name><memory>1024</memory><os><type>hvm</type></os>"
      "<devices><interface type='ethernet'><mac address='52:54:00:00:00:01'/>"
      "<target dev='eth7'/></interface></devices></domain>";
  virDomainPtr d = virDomainCreateXML(conn, xmldef, 0);
  ASSERT_NE(d, nullptr);
  virDomainInterfacePtr *ifaces = nullptr;
  ASSERT_EQ(virDomainInterfaceAddresses(d, &ifaces, 0, 0), 1);
  EXPECT_STREQ(ifaces[0]->name, "eth7");
  EXPECT_STREQ(ifaces[0]->hwaddr, "52:54:00:00:00:01");
  ASSERT_EQ(ifaces[0]->naddrs, 1u);
  EXPECT_STREQ(ifaces[0]->addrs[0].addr, "192.168.0.1");
  EXPECT_EQ(ifaces[0]->addrs[0].prefix, 24u);
  virDomainInterfaceFree(ifaces[0]);
  std::free(ifaces);
  EXPECT_EQ(virDomainInterfaceAddresses(d, &ifaces, 5, 0), -1);
  expect_err(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST,
             "argument unsupported: Unknown IP address data source 5");
  virDomainDestroy(d);
  virDomainFree(d);
}

// ---- metadata and rename ----

TEST_F(DomainOps, Metadata) {
  ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<foo a=\"1\"><bar/></foo>", "k",
                                 "http://x/", 0),
            0);
  ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<baz/>", "j", "http://y/", 0),
            0);
  EXPECT_EQ(take(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "http://x/", 0)),
            "<foo a=\"1\">\n  <bar/>\n</foo>");
  EXPECT_NE(xml().find("  <metadata>\n    <k:foo xmlns:k=\"http://x/\" a=\"1\">\n"
                       "      <k:bar/>\n    </k:foo>\n    <j:baz xmlns:j=\"http://y/\"/>\n"
                       "  </metadata>\n"),
            std::string::npos);
  ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "Title", nullptr, nullptr, 0), 0);
  EXPECT_EQ(take(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, nullptr, 0)), "Title");
  EXPECT_EQ(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "http://z/", 0), nullptr);
  expect_err(VIR_ERR_NO_DOMAIN_METADATA, VIR_FROM_DOMAIN,
             "metadata not found: Requested metadata element is not present");
  EXPECT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<foo", "k", "http://x/", 0),
            -1);
  expect_err(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN,
             "(metadata_xml):1: Couldn't find end of Start Tag foo line 1\n<foo\n----^");
}

TEST_F(DomainOps, Rename) {
  EXPECT_EQ(virDomainRename(dom, "x", 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: cannot rename active domain");
  stopped();
  ASSERT_EQ(virDomainRename(dom, "test2", 0), 0);
  virDomainPtr d = virDomainLookupByName(conn, "test2");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(xml().find("<name>test2</name>"), std::string::npos);
  EXPECT_EQ(virDomainLookupByName(conn, "test"), nullptr);
  EXPECT_EQ(virDomainRename(d, "test2", 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
             "Requested operation is not valid: Can't rename domain to itself");
  EXPECT_EQ(virDomainRename(d, "a/b", 0), -1);
  expect_err(VIR_ERR_XML_ERROR, VIR_FROM_TEST, "XML error: name a/b cannot contain '/'");
  ASSERT_EQ(virDomainRename(d, "test", 0), 0);
  virDomainFree(d);
}

// ---- XML round trip of the tuning elements ----

TEST_F(DomainOps, TuningXmlRoundTrip) {
  const char *def =
      "<domain type='test'>\n"
      "  <name>tuned</name>\n"
      "  <uuid>11111111-2222-3333-4444-555555555555</uuid>\n"
      "  <memory unit='KiB'>1048576</memory>\n"
      "  <currentMemory unit='KiB'>1048576</currentMemory>\n"
      "  <blkiotune>\n"
      "    <weight>300</weight>\n"
      "    <device>\n"
      "      <path>/dev/sda</path>\n"
      "      <weight>200</weight>\n"
      "    </device>\n"
      "  </blkiotune>\n"
      "  <memtune>\n"
      "    <hard_limit unit='KiB'>2000</hard_limit>\n"
      "    <min_guarantee unit='KiB'>100</min_guarantee>\n"
      "  </memtune>\n"
      "  <vcpu placement='static'>2</vcpu>\n"
      "  <iothreads>2</iothreads>\n"
      "  <iothreadids>\n"
      "    <iothread id='1'/>\n"
      "    <iothread id='4'/>\n"
      "  </iothreadids>\n"
      "  <cputune>\n"
      "    <vcpupin vcpu='0' cpuset='1-2'/>\n"
      "    <emulatorpin cpuset='3'/>\n"
      "    <iothreadpin iothread='4' cpuset='0'/>\n"
      "  </cputune>\n"
      "  <numatune>\n"
      "    <memory mode='interleave' nodeset='0'/>\n"
      "  </numatune>\n"
      "  <os>\n"
      "    <type arch='i686'>hvm</type>\n"
      "    <boot dev='hd'/>\n"
      "  </os>\n"
      "  <clock offset='utc'/>\n"
      "  <on_poweroff>destroy</on_poweroff>\n"
      "  <on_reboot>restart</on_reboot>\n"
      "  <on_crash>destroy</on_crash>\n"
      "  <perf>\n"
      "    <event name='mbml' enabled='yes'/>\n"
      "  </perf>\n"
      "  <devices>\n"
      "    <disk type='file' device='disk'>\n"
      "      <source file='/a.img'/>\n"
      "      <target dev='vda' bus='virtio'/>\n"
      "      <iotune>\n"
      "        <read_bytes_sec>10</read_bytes_sec>\n"
      "      </iotune>\n"
      "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
      "    </disk>\n"
      "    <interface type='bridge'>\n"
      "      <mac address='52:54:00:11:22:33'/>\n"
      "      <source bridge='br0'/>\n"
      "      <bandwidth>\n"
      "        <inbound average='10' burst='5'/>\n"
      "      </bandwidth>\n"
      "      <target dev='testnet0'/>\n"
      "      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n"
      "    </interface>\n"
      "  </devices>\n"
      "</domain>\n";
  virDomainPtr d = virDomainDefineXML(conn, def);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(take(virDomainGetXMLDesc(d, 0)), def);
  virDomainUndefine(d);
  virDomainFree(d);
}

}  // namespace
