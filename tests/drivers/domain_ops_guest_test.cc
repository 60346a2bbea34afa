// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's domain and host operations through the public C API
// (domain_ops_fixture.h): the host's CPUs and memory, simple guest operations
// (keys, signals, time, statistics, disk errors), pinning, IOThreads and the
// statistics of all domains.
#include "domain_ops_fixture.h"

namespace {

using namespace domain_ops_tests;

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

}  // namespace
