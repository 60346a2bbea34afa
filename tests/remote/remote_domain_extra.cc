// SPDX-License-Identifier: LGPL-2.1-or-later
// The remote driver's hand-written domain queries (src/drivers/remote/
// domain_replies.cc) against a real libvirtd's test driver. Every value and
// error expected here is what Debian's libvirt 9.0.0 client gets through the
// same daemon.
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "remote_fixture.h"

namespace {

using remote_test::expect_error;
using remote_test::quiet;

class RemoteDomainExtra : public remote_test::Connected {
 protected:
  void SetUp() override {
    Connected::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr) << virGetLastErrorMessage();
  }
  void TearDown() override {
    if (dom_) virDomainFree(dom_);
    Connected::TearDown();
  }
  virDomainPtr dom_ = nullptr;
};

// A client-side limit of the remote driver (VIR_FROM_REMOTE, VIR_ERR_RPC).
void expect_rpc_limit(const std::string &message) {
  expect_error(VIR_ERR_RPC, VIR_FROM_REMOTE, message, "%s", message.c_str());
}

TEST_F(RemoteDomainExtra, Vcpus) {
  virVcpuInfo info[4];
  unsigned char maps[8];
  std::memset(maps, 0xff, sizeof maps);
  ASSERT_EQ(virDomainGetVcpus(dom_, info, 4, maps, 2), 2) << virGetLastErrorMessage();
  for (unsigned i = 0; i < 2; i++) {
    EXPECT_EQ(info[i].number, i);
    EXPECT_EQ(info[i].state, VIR_VCPU_RUNNING);
    EXPECT_EQ(info[i].cpu, 15);
    EXPECT_GT(info[i].cpuTime, 0u);
  }
  const unsigned char want[8] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
  EXPECT_EQ(std::memcmp(maps, want, sizeof want), 0);
  EXPECT_EQ(virDomainGetVcpus(dom_, info, 4, nullptr, 0), 2);

  std::vector<virVcpuInfo> big(16385);
  EXPECT_EQ(virDomainGetVcpus(dom_, big.data(), 16385, nullptr, 0), -1);
  expect_rpc_limit("vCPU count exceeds maximum: 16385 > 16384");
  std::vector<unsigned char> bigmap(10000000);
  EXPECT_EQ(virDomainGetVcpus(dom_, big.data(), 2, bigmap.data(), 5000000), -1);
  expect_rpc_limit("vCPU map buffer length exceeds maximum: 10000000 > 8388608");
}

TEST_F(RemoteDomainExtra, Pinning) {
  unsigned char maps[8];
  std::memset(maps, 0xff, sizeof maps);
  ASSERT_EQ(virDomainGetVcpuPinInfo(dom_, 4, maps, 2, 0), 2) << virGetLastErrorMessage();
  const unsigned char want[8] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
  EXPECT_EQ(std::memcmp(maps, want, sizeof want), 0);
  EXPECT_EQ(virDomainGetVcpuPinInfo(dom_, 1, maps, 1, 0), 1);
  std::vector<unsigned char> big(16385);
  EXPECT_EQ(virDomainGetVcpuPinInfo(dom_, 16385, big.data(), 1, 0), -1);
  expect_rpc_limit("vCPU count exceeds maximum: 16385 > 16384");

  std::memset(maps, 0x11, sizeof maps);
  ASSERT_EQ(virDomainGetEmulatorPinInfo(dom_, maps, 2, 0), 1) << virGetLastErrorMessage();
  EXPECT_EQ(maps[0], 0xff);
  EXPECT_EQ(maps[1], 0xff);
  EXPECT_EQ(maps[2], 0x11);  // beyond maplen: untouched
  std::vector<unsigned char> bigmap(8388609);
  EXPECT_EQ(virDomainGetEmulatorPinInfo(dom_, bigmap.data(), 8388609, 0), -1);
  expect_rpc_limit("vCPU map buffer length exceeds maximum: 8388609 > 8388608");

  virDomainIOThreadInfoPtr *it = reinterpret_cast<virDomainIOThreadInfoPtr *>(&it);
  EXPECT_EQ(virDomainGetIOThreadInfo(dom_, &it, 0), 0);
  EXPECT_EQ(it, nullptr);
}

TEST_F(RemoteDomainExtra, SecurityLabels) {
  virSecurityLabel sl;
  std::memset(&sl, 0x55, sizeof sl);
  ASSERT_EQ(virDomainGetSecurityLabel(dom_, &sl), 0) << virGetLastErrorMessage();
  EXPECT_STREQ(sl.label, "libvirt-test");
  EXPECT_EQ(sl.enforcing, 1);
  // The daemon answers with a count of -1 and no error: the generic one.
  virSecurityLabelPtr list = nullptr;
  EXPECT_EQ(virDomainGetSecurityLabelList(dom_, &list), -1);
  EXPECT_EQ(list, nullptr);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, "An error occurred, but the cause is unknown",
               nullptr, nullptr, 0, 0);
}

TEST_F(RemoteDomainExtra, BlockAndInterfaceStats) {
  virDomainBlockStatsStruct bs;
  ASSERT_EQ(virDomainBlockStats(dom_, "vda", &bs, sizeof bs), 0) << virGetLastErrorMessage();
  EXPECT_GT(bs.rd_req, 0);
  EXPECT_EQ(virDomainBlockStats(dom_, "nope", &bs, sizeof bs), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: invalid path: nope",
               "invalid argument: %s", "invalid path: nope");
  virDomainInterfaceStatsStruct is;
  ASSERT_EQ(virDomainInterfaceStats(dom_, "testnet0", &is, sizeof is), 0)
      << virGetLastErrorMessage();
  EXPECT_EQ(virDomainInterfaceStats(dom_, "nope", &is, sizeof is), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "invalid argument: 'nope' is not a known interface", "invalid argument: %s",
               "'nope' is not a known interface");
}

TEST_F(RemoteDomainExtra, MemoryStats) {
  virDomainMemoryStatStruct ms[VIR_DOMAIN_MEMORY_STAT_NR];
  ASSERT_EQ(virDomainMemoryStats(dom_, ms, VIR_DOMAIN_MEMORY_STAT_NR, 0), 13)
      << virGetLastErrorMessage();
  const int tags[13] = {6, 0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 7};
  for (int i = 0; i < 13; i++) EXPECT_EQ(ms[i].tag, tags[i]) << i;
  EXPECT_EQ(ms[0].val, 2097152u);
  EXPECT_EQ(ms[5].val, 1048576u);
  EXPECT_EQ(ms[6].val, 2097152u);
  EXPECT_EQ(ms[12].val, 1048576u);
  EXPECT_EQ(virDomainMemoryStats(dom_, ms, 2, 0), 2);
}

TEST_F(RemoteDomainExtra, CPUStats) {
  EXPECT_EQ(virDomainGetCPUStats(dom_, nullptr, 0, -1, 1, 0), 3);
  EXPECT_EQ(virDomainGetCPUStats(dom_, nullptr, 0, 0, 2, 0), 2);
  virTypedParameter p[8];
  std::memset(p, 0x55, sizeof p);
  ASSERT_EQ(virDomainGetCPUStats(dom_, p, 3, -1, 1, 0), 3) << virGetLastErrorMessage();
  EXPECT_STREQ(p[0].field, "cpu_time");
  EXPECT_STREQ(p[1].field, "user_time");
  EXPECT_STREQ(p[2].field, "system_time");
  for (int i = 0; i < 3; i++) EXPECT_EQ(p[i].type, VIR_TYPED_PARAM_ULLONG);
  virTypedParamsClear(p, 3);
  // Per CPU: two statistics each, the CPUs the daemon has (2) of the 4
  // asked for, the rest zeroed.
  std::memset(p, 0x55, sizeof p);
  ASSERT_EQ(virDomainGetCPUStats(dom_, p, 2, 0, 4, 0), 2) << virGetLastErrorMessage();
  EXPECT_STREQ(p[0].field, "cpu_time");
  EXPECT_STREQ(p[1].field, "vcpu_time");
  EXPECT_STREQ(p[2].field, "cpu_time");
  EXPECT_STREQ(p[3].field, "vcpu_time");
  for (int i = 4; i < 8; i++) {
    EXPECT_EQ(p[i].type, 0);
    EXPECT_EQ(p[i].field[0], '\0');
  }
  virTypedParamsClear(p, 8);

  virTypedParameter many[17];
  std::memset(many, 0, sizeof many);
  EXPECT_EQ(virDomainGetCPUStats(dom_, many, 17, 0, 1, 0), -1);
  expect_rpc_limit("nparams count exceeds maximum: 17 > 16");
  std::vector<virTypedParameter> cpus(129);
  EXPECT_EQ(virDomainGetCPUStats(dom_, cpus.data(), 1, 0, 129, 0), -1);
  expect_rpc_limit("ncpus count exceeds maximum: 129 > 128");
}

TEST_F(RemoteDomainExtra, DiskErrors) {
  EXPECT_EQ(virDomainGetDiskErrors(dom_, nullptr, 0, 0), 1);
  virDomainDiskError de[4] = {};
  ASSERT_EQ(virDomainGetDiskErrors(dom_, de, 4, 0), 1) << virGetLastErrorMessage();
  EXPECT_STREQ(de[0].disk, "vda");
  EXPECT_EQ(de[0].error, VIR_DOMAIN_DISK_ERROR_UNSPEC);
  std::free(de[0].disk);
}

TEST_F(RemoteDomainExtra, AllDomainStats) {
  virDomainStatsRecordPtr *recs = nullptr;
  ASSERT_EQ(virConnectGetAllDomainStats(conn_, VIR_DOMAIN_STATS_STATE, &recs, 0), 1)
      << virGetLastErrorMessage();
  ASSERT_NE(recs, nullptr);
  ASSERT_NE(recs[0], nullptr);
  EXPECT_EQ(recs[1], nullptr);
  EXPECT_STREQ(virDomainGetName(recs[0]->dom), "test");
  ASSERT_EQ(recs[0]->nparams, 2);
  EXPECT_STREQ(recs[0]->params[0].field, "state.state");
  EXPECT_EQ(recs[0]->params[0].type, VIR_TYPED_PARAM_INT);
  EXPECT_EQ(recs[0]->params[0].value.i, VIR_DOMAIN_RUNNING);
  EXPECT_STREQ(recs[0]->params[1].field, "state.reason");
  EXPECT_EQ(recs[0]->params[1].value.i, 0);
  virDomainStatsRecordListFree(recs);

  recs = nullptr;
  virDomainPtr list[2] = {dom_, nullptr};
  ASSERT_EQ(virDomainListGetStats(list, 0, &recs, 0), 1) << virGetLastErrorMessage();
  EXPECT_STREQ(virDomainGetName(recs[0]->dom), "test");
  EXPECT_EQ(recs[0]->nparams, 2);
  virDomainStatsRecordListFree(recs);
}

TEST_F(RemoteDomainExtra, Peek) {
  unsigned char buf[16];
  std::memset(buf, 0x55, sizeof buf);
  ASSERT_EQ(virDomainMemoryPeek(dom_, 0, sizeof buf, buf, VIR_MEMORY_VIRTUAL), 0)
      << virGetLastErrorMessage();
  for (int i = 0; i < 16; i++) EXPECT_EQ(buf[i], i);
  std::vector<char> big(4194305);
  EXPECT_EQ(virDomainMemoryPeek(dom_, 0, big.size(), big.data(), VIR_MEMORY_VIRTUAL), -1);
  expect_rpc_limit("memory peek request too large for remote protocol, 4194305 > 4194304");
  EXPECT_EQ(virDomainBlockPeek(dom_, "vda", 0, big.size(), big.data(), 0), -1);
  expect_rpc_limit("block peek request too large for remote protocol, 4194305 > 4194304");
  EXPECT_EQ(virDomainBlockPeek(dom_, "vda", 0, sizeof buf, buf, 0), -1);
  expect_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
               "this function is not supported by the connection driver: virDomainBlockPeek",
               "this function is not supported by the connection driver: %s", "virDomainBlockPeek");
}

TEST_F(RemoteDomainExtra, FSInfo) {
  virDomainFSInfoPtr *fs = nullptr;
  ASSERT_EQ(virDomainGetFSInfo(dom_, &fs, 0), 2) << virGetLastErrorMessage();
  EXPECT_STREQ(fs[0]->mountpoint, "/");
  EXPECT_STREQ(fs[0]->name, "vda1");
  EXPECT_STREQ(fs[0]->fstype, "ext4");
  ASSERT_EQ(fs[0]->ndevAlias, 1u);
  EXPECT_STREQ(fs[0]->devAlias[0], "vda");
  EXPECT_STREQ(fs[1]->mountpoint, "/boot");
  EXPECT_STREQ(fs[1]->name, "vda2");
  for (int i = 0; i < 2; i++) virDomainFSInfoFree(fs[i]);
  std::free(fs);
}

TEST_F(RemoteDomainExtra, InterfaceAddresses) {
  for (unsigned src = 0; src < 3; src++) {
    virDomainInterfacePtr *ifs = nullptr;
    ASSERT_EQ(virDomainInterfaceAddresses(dom_, &ifs, src, 0), 1) << virGetLastErrorMessage();
    EXPECT_STREQ(ifs[0]->name, "testnet0");
    EXPECT_STREQ(ifs[0]->hwaddr, "aa:bb:cc:dd:ee:ff");
    ASSERT_EQ(ifs[0]->naddrs, 1u);
    EXPECT_EQ(ifs[0]->addrs[0].type, VIR_IP_ADDR_TYPE_IPV4);
    EXPECT_STREQ(ifs[0]->addrs[0].addr, "192.168.122.3");
    EXPECT_EQ(ifs[0]->addrs[0].prefix, 24u);
    virDomainInterfaceFree(ifs[0]);
    std::free(ifs);
  }
  virDomainInterfacePtr *ifs = nullptr;
  EXPECT_EQ(virDomainInterfaceAddresses(dom_, &ifs, 3, 0), -1);
  EXPECT_EQ(ifs, nullptr);
  expect_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST,
               "argument unsupported: Unknown IP address data source 3", "argument unsupported: %s",
               "Unknown IP address data source 3");
}

TEST_F(RemoteDomainExtra, MessagesAndKeys) {
  char **msgs = nullptr;
  ASSERT_EQ(virDomainGetMessages(dom_, &msgs, 0), 0) << virGetLastErrorMessage();
  ASSERT_NE(msgs, nullptr);
  EXPECT_EQ(msgs[0], nullptr);
  std::free(msgs);
  char **keys = nullptr;
  EXPECT_EQ(virDomainAuthorizedSSHKeysGet(dom_, "root", &keys, 0), -1);
  expect_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
               "this function is not supported by the connection driver: "
               "virDomainAuthorizedSSHKeysGet",
               "this function is not supported by the connection driver: %s",
               "virDomainAuthorizedSSHKeysGet");
}

TEST_F(RemoteDomainExtra, Metadata) {
  EXPECT_EQ(virDomainGetMetadata(dom_, VIR_DOMAIN_METADATA_DESCRIPTION, nullptr, 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_METADATA, VIR_FROM_DOMAIN,
               "metadata not found: Requested metadata element is not present",
               "metadata not found: %s", "Requested metadata element is not present");
  EXPECT_EQ(virDomainGetMetadata(dom_, VIR_DOMAIN_METADATA_ELEMENT, "http://x.org/", 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_METADATA, VIR_FROM_DOMAIN,
               "metadata not found: Requested metadata element is not present",
               "metadata not found: %s", "Requested metadata element is not present");
  ASSERT_EQ(
      virDomainSetMetadata(dom_, VIR_DOMAIN_METADATA_ELEMENT, "<a>1</a>", "x", "http://x.org/", 0),
      0);
  char *m = virDomainGetMetadata(dom_, VIR_DOMAIN_METADATA_ELEMENT, "http://x.org/", 0);
  ASSERT_NE(m, nullptr) << virGetLastErrorMessage();
  EXPECT_STREQ(m, "<a>1</a>");
  std::free(m);
  ASSERT_EQ(virDomainSetMetadata(dom_, VIR_DOMAIN_METADATA_TITLE, "T", nullptr, nullptr, 0), 0);
  m = virDomainGetMetadata(dom_, VIR_DOMAIN_METADATA_TITLE, nullptr, 0);
  ASSERT_NE(m, nullptr) << virGetLastErrorMessage();
  EXPECT_STREQ(m, "T");
  std::free(m);
  // Put the shared domain back.
  EXPECT_EQ(virDomainSetMetadata(dom_, VIR_DOMAIN_METADATA_TITLE, nullptr, nullptr, nullptr, 0), 0);
  EXPECT_EQ(
      virDomainSetMetadata(dom_, VIR_DOMAIN_METADATA_ELEMENT, nullptr, nullptr, "http://x.org/", 0),
      0);
}

// Changes the shared domain (and puts it back): pinning and an IOThread seen
// through the queries.
TEST_F(RemoteDomainExtra, AfterPinningAndAnIOThread) {
  unsigned char em = 0x05, vm = 0x02, im = 0x01, all = 0xff;
  ASSERT_EQ(virDomainPinEmulator(dom_, &em, 1, 0), 0) << virGetLastErrorMessage();
  ASSERT_EQ(virDomainPinVcpu(dom_, 1, &vm, 1), 0) << virGetLastErrorMessage();
  ASSERT_EQ(virDomainAddIOThread(dom_, 3, 0), 0) << virGetLastErrorMessage();
  ASSERT_EQ(virDomainPinIOThread(dom_, 3, &im, 1, 0), 0) << virGetLastErrorMessage();

  unsigned char maps[2] = {};
  EXPECT_EQ(virDomainGetEmulatorPinInfo(dom_, maps, 1, 0), 1);
  EXPECT_EQ(maps[0], 0x05);
  EXPECT_EQ(virDomainGetVcpuPinInfo(dom_, 2, maps, 1, 0), 2);
  EXPECT_EQ(maps[0], 0xff);
  EXPECT_EQ(maps[1], 0x02);

  virDomainIOThreadInfoPtr *it = nullptr;
  ASSERT_EQ(virDomainGetIOThreadInfo(dom_, &it, 0), 1) << virGetLastErrorMessage();
  EXPECT_EQ(it[0]->iothread_id, 3u);
  ASSERT_EQ(it[0]->cpumaplen, 1);
  EXPECT_EQ(it[0]->cpumap[0], 0x01);
  virDomainIOThreadInfoFree(it[0]);
  std::free(it);

  virDomainStatsRecordPtr *recs = nullptr;
  ASSERT_EQ(virConnectGetAllDomainStats(conn_, 0, &recs, 0), 1) << virGetLastErrorMessage();
  const char *fields[] = {"state.state",          "state.reason",
                          "iothread.count",       "iothread.3.poll-max-ns",
                          "iothread.3.poll-grow", "iothread.3.poll-shrink"};
  const int types[] = {VIR_TYPED_PARAM_INT,    VIR_TYPED_PARAM_INT,  VIR_TYPED_PARAM_UINT,
                       VIR_TYPED_PARAM_ULLONG, VIR_TYPED_PARAM_UINT, VIR_TYPED_PARAM_UINT};
  ASSERT_EQ(recs[0]->nparams, 6);
  for (int i = 0; i < 6; i++) {
    EXPECT_STREQ(recs[0]->params[i].field, fields[i]);
    EXPECT_EQ(recs[0]->params[i].type, types[i]);
  }
  EXPECT_EQ(recs[0]->params[3].value.ul, 32768u);
  virDomainStatsRecordListFree(recs);

  EXPECT_EQ(virDomainDelIOThread(dom_, 3, 0), 0);
  EXPECT_EQ(virDomainPinEmulator(dom_, &all, 1, 0), 0);
  EXPECT_EQ(virDomainPinVcpu(dom_, 1, &all, 1), 0);
}

// Replies a real daemon does not send (tests/remote/fake_daemon.py): the
// client's checks on them, with Debian's client's errors.
using RemoteFakeReplies = remote_test::FakeConnected;

TEST_F(RemoteFakeReplies, TooMuchFromTheDaemon) {
  virVcpuInfo info[2];
  unsigned char maps[2];
  EXPECT_EQ(virDomainGetVcpus(dom_, info, 2, nullptr, 0), -1);
  expect_rpc_limit("host reports too many vCPUs: 3 > 2");
  EXPECT_EQ(virDomainGetVcpuPinInfo(dom_, 2, maps, 1, 0), -1);
  expect_rpc_limit("host reports too many vCPUs: 5 > 2");
  EXPECT_EQ(virDomainGetEmulatorPinInfo(dom_, maps, 1, 0), -1);
  expect_rpc_limit("host reports map buffer length exceeds maximum: 3 > 1");
  virDomainDiskError de[1] = {};
  EXPECT_EQ(virDomainGetDiskErrors(dom_, de, 1, 0), -1);
  expect_rpc_limit("returned number of disk errors exceeds limit");
  EXPECT_EQ(de[0].disk, nullptr);
  virTypedParameter p[4];
  EXPECT_EQ(virDomainGetCPUStats(dom_, p, 2, 0, 2, 0), -1);
  expect_rpc_limit("remoteDomainGetCPUStats: returned number of stats exceeds limit");
  char buf[8];
  EXPECT_EQ(virDomainMemoryPeek(dom_, 0, sizeof buf, buf, VIR_MEMORY_VIRTUAL), -1);
  expect_rpc_limit("returned buffer is not same size as requested");
  EXPECT_EQ(virDomainBlockPeek(dom_, "vda", 0, sizeof buf, buf, 0), -1);
  expect_rpc_limit("returned buffer is not same size as requested");
  // Labels with a count of -1: the generic error (libvirt's client also
  // leaves the labels it made to the caller; nothing is left here).
  virSecurityLabelPtr list = nullptr;
  EXPECT_EQ(virDomainGetSecurityLabelList(dom_, &list), -1);
  EXPECT_EQ(list, nullptr);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, "An error occurred, but the cause is unknown",
               nullptr, nullptr, 0, 0);
}

}  // namespace
