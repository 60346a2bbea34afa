// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's domain operations through the public C API
// (domain_ops_fixture.h): typed parameters (memory, NUMA, interfaces, block
// I/O, blkio, perf events, scheduler, CPU statistics).
#include "domain_ops_fixture.h"

namespace {

using namespace domain_ops_tests;

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

}  // namespace
