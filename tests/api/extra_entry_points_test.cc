// SPDX-License-Identifier: LGPL-2.1-or-later
// Argument checks of the hand-written entry points in src/api/*_extra.cc,
// through the public C API on test:///default. Every expected value (return,
// code, error domain, message, str1, str2, int1) is what Debian's libvirt
// 9.0.0 gives for the same call. The file uses nothing but the public API, so
// it also builds against that libvirt to check them:
//   g++ -std=c++20 tests/api/extra_entry_points_test.cc
//       $(pkg-config --cflags --libs libvirt) -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <string>

namespace {

struct Expected {
  int code;
  int domain;
  const char *message;
  const char *str1;
  const char *str2;
  int int1;
};

std::string s(const char *p) {
  return p ? p : "(null)";
}

void expect_error(const Expected &e) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, e.code);
  EXPECT_EQ(err->domain, e.domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(s(err->message), s(e.message));
  EXPECT_EQ(s(err->str1), s(e.str1));
  EXPECT_EQ(s(err->str2), s(e.str2));
  EXPECT_EQ(err->str3, nullptr);
  EXPECT_EQ(err->int1, e.int1);
}

void quiet(void *, virErrorPtr) {}
void dom_cb() {}

void set_field(virTypedParameter &p, const char *name, int type) {
  std::memset(&p, 0, sizeof p);
  std::strncpy(p.field, name, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
  p.type = type;
}

// Three connections to the same mock host (one read-only), its objects as
// each connection sees them, streams and argument buffers. Tests needing an
// object the driver cannot provide (network, pool, volume, node device) skip.
class ExtraEntryPoints : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virConnectOpen("test:///default");
    ro = virConnectOpenReadOnly("test:///default");
    conn2 = virConnectOpen("test:///default");
    ASSERT_TRUE(conn && ro && conn2);
    dom = virDomainLookupByName(conn, "test");
    rodom = virDomainLookupByName(ro, "test");
    dom2 = virDomainLookupByName(conn2, "test");
    ASSERT_TRUE(dom && rodom && dom2);
    net = virNetworkLookupByName(conn, "default");
    net2 = virNetworkLookupByName(conn2, "default");
    pool2 = virStoragePoolLookupByName(conn2, "default-pool");
    if (virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default-pool")) {
      vol = virStorageVolCreateXML(
          pool, "<volume><name>extra.img</name><capacity>1024</capacity></volume>", 0);
      virStoragePoolFree(pool);
    }
    dev2 = virNodeDeviceLookupByName(conn2, "computer");
    st2 = virStreamNew(conn2, 0);
    ASSERT_NE(st2, nullptr);
    devnull = open("/dev/null", O_RDONLY);
    for (auto &p : tparams) set_field(p, "x", VIR_TYPED_PARAM_INT);
    set_field(strparam_null[0], "s", VIR_TYPED_PARAM_STRING);
    set_field(longparam[0], "", VIR_TYPED_PARAM_INT);
    std::memset(longparam[0].field, 'a', sizeof longparam[0].field);  // no terminator
    set_field(migparams[0], "foo", VIR_TYPED_PARAM_INT);
    twodoms[0] = dom;
    twodoms[1] = dom2;
    virResetLastError();
  }

  void TearDown() override {
    if (vol) {
      virStorageVolDelete(vol, 0);
      virStorageVolFree(vol);
    }
    if (dev2) virNodeDeviceFree(dev2);
    if (st2) virStreamFree(st2);
    for (virNetworkPtr n : {net, net2})
      if (n) virNetworkFree(n);
    if (pool2) virStoragePoolFree(pool2);
    for (virDomainPtr d : {dom, rodom, dom2})
      if (d) virDomainFree(d);
    for (virConnectPtr c : {conn, ro, conn2})
      if (c) virConnectClose(c);
    if (devnull >= 0) close(devnull);
    virSetErrorFunc(nullptr, nullptr);
    virResetLastError();
  }

  virConnectPtr conn = nullptr, ro = nullptr, conn2 = nullptr;
  virDomainPtr dom = nullptr, rodom = nullptr, dom2 = nullptr;
  virNetworkPtr net = nullptr, net2 = nullptr;
  virStoragePoolPtr pool2 = nullptr;
  virStorageVolPtr vol = nullptr;
  virNodeDevicePtr dev2 = nullptr;
  virStreamPtr st2 = nullptr;
  int devnull = -1;

  int n = 0;
  virDomainBlockStatsStruct bstats{};
  virDomainInterfaceStatsStruct istats{};
  long long big[512] = {};
  virTypedParameter tparams[4];
  virTypedParameter strparam_null[1];
  virTypedParameter longparam[1];
  virTypedParameter migparams[1];
  virVcpuInfo vinfo[2] = {};
  unsigned char cpumaps[16] = {};
  const char *keys[1] = {"k"};
  unsigned int keycodes[20] = {1};
  int fds[1] = {0};
  virDomainStatsRecordPtr *records = nullptr;
  virDomainPtr nodoms[1] = {nullptr};
  virDomainPtr twodoms[3] = {nullptr, nullptr, nullptr};
  const char *cpus[1] = {"<cpu/>"};
  virDomainInterfacePtr *ifaces = nullptr;
};

TEST_F(ExtraEntryPoints, BlockStats_disk_null) {
  EXPECT_EQ(virDomainBlockStats(dom, nullptr, &bstats, sizeof bstats), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "disk in virDomainBlockStats must not be NULL", "virDomainBlockStats", "disk", 0});
}

TEST_F(ExtraEntryPoints, BlockStats_size_too_big) {
  EXPECT_EQ(virDomainBlockStats(dom, "vda", (virDomainBlockStatsPtr)big, sizeof bstats + 1), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "size must not exceed 40",
                "virDomainBlockStats", "size", 0});
}

TEST_F(ExtraEntryPoints, InterfaceStats_size_too_big) {
  EXPECT_EQ(
      virDomainInterfaceStats(dom, "eth0", (virDomainInterfaceStatsPtr)big, sizeof istats + 8), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "size must not exceed 64",
                "virDomainInterfaceStats", "size", 0});
}

TEST_F(ExtraEntryPoints, BlockStatsFlags_nparams_negative) {
  EXPECT_EQ((n = -1, virDomainBlockStatsFlags(dom, "vda", nullptr, &n, 0)), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "*nparams in virDomainBlockStatsFlags must be zero or greater",
                "virDomainBlockStatsFlags", "*nparams", 0});
}

TEST_F(ExtraEntryPoints, BlockStatsFlags_params_null) {
  EXPECT_EQ((n = 1, virDomainBlockStatsFlags(dom, "vda", nullptr, &n, 0)), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "params in virDomainBlockStatsFlags must not be NULL", "virDomainBlockStatsFlags",
                "params", 0});
}

TEST_F(ExtraEntryPoints, GetCPUStats_ncpus_not_1) {
  EXPECT_EQ(virDomainGetCPUStats(dom, nullptr, 0, -1, 2, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "ncpus must be 1 when start_cpu is -1",
                "virDomainGetCPUStats", "start_cpu", 0});
}

TEST_F(ExtraEntryPoints, GetCPUStats_start_negative) {
  EXPECT_EQ(virDomainGetCPUStats(dom, nullptr, 0, -2, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "start_cpu in virDomainGetCPUStats must be zero or greater", "virDomainGetCPUStats",
                "start_cpu", 0});
}

TEST_F(ExtraEntryPoints, GetCPUStats_params_not_null) {
  EXPECT_EQ(virDomainGetCPUStats(dom, tparams, 0, 0, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "params in virDomainGetCPUStats must be NULL",
                "virDomainGetCPUStats", "params", 0});
}

TEST_F(ExtraEntryPoints, GetCPUStats_ncpus_zero) {
  EXPECT_EQ(virDomainGetCPUStats(dom, tparams, 2, 0, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "params in virDomainGetCPUStats must be NULL",
                "virDomainGetCPUStats", "params", 0});
}

TEST_F(ExtraEntryPoints, GetCPUStats_overflow) {
  EXPECT_EQ(virDomainGetCPUStats(dom, tparams, 2, 0, UINT_MAX, 0), -1);
  expect_error({VIR_ERR_OVERFLOW, VIR_FROM_DOMAIN,
                "numerical overflow: input too large: 2 * 4294967295", "numerical overflow: %s",
                "input too large: 2 * 4294967295", -1});
}

TEST_F(ExtraEntryPoints, GetVcpus_maxinfo_zero) {
  EXPECT_EQ(virDomainGetVcpus(dom, vinfo, 0, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "maxinfo in virDomainGetVcpus must be greater than zero", "virDomainGetVcpus",
                "maxinfo", 0});
}

TEST_F(ExtraEntryPoints, GetVcpus_maplen_without_cpumaps) {
  EXPECT_EQ(virDomainGetVcpus(dom, vinfo, 1, nullptr, 1), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "maplen in virDomainGetVcpus must not be zero", "virDomainGetVcpus", "maplen", 0});
}

TEST_F(ExtraEntryPoints, GetVcpus_overflow) {
  EXPECT_EQ(virDomainGetVcpus(dom, vinfo, INT_MAX, cpumaps, 2), -1);
  expect_error({VIR_ERR_OVERFLOW, VIR_FROM_DOMAIN,
                "numerical overflow: input too large: 2147483647 * 2", "numerical overflow: %s",
                "input too large: 2147483647 * 2", -1});
}

TEST_F(ExtraEntryPoints, GetVcpuPinInfo_cpumaps_null) {
  EXPECT_EQ(virDomainGetVcpuPinInfo(dom, 1, nullptr, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "cpumaps in virDomainGetVcpuPinInfo must not be NULL", "virDomainGetVcpuPinInfo",
                "cpumaps", 0});
}

TEST_F(ExtraEntryPoints, GetVcpuPinInfo_overflow) {
  EXPECT_EQ(virDomainGetVcpuPinInfo(dom, INT_MAX, cpumaps, 2, 0), -1);
  expect_error({VIR_ERR_OVERFLOW, VIR_FROM_DOMAIN,
                "numerical overflow: input too large: 2147483647 * 2", "numerical overflow: %s",
                "input too large: 2147483647 * 2", -1});
}

TEST_F(ExtraEntryPoints, GetVcpuPinInfo_live_config) {
  EXPECT_EQ(virDomainGetVcpuPinInfo(dom, 1, cpumaps, 1,
                                    VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG),
            -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
       "virDomainGetVcpuPinInfo", "ctl", 0});
}

TEST_F(ExtraEntryPoints, GetBlkioParameters_live_config) {
  EXPECT_EQ((n = 0, virDomainGetBlkioParameters(dom, nullptr, &n,
                                                VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)),
            -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
       "virDomainGetBlkioParameters", "ctl", 0});
}

TEST_F(ExtraEntryPoints, GetMemoryParameters_nparams_null) {
  EXPECT_EQ(virDomainGetMemoryParameters(dom, nullptr, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nparams in virDomainGetMemoryParameters must not be NULL",
                "virDomainGetMemoryParameters", "nparams", 0});
}

TEST_F(ExtraEntryPoints, GetSchedulerParametersFlags_zero) {
  EXPECT_EQ((n = 0, virDomainGetSchedulerParametersFlags(dom, tparams, &n, 0)), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "*nparams in virDomainGetSchedulerParametersFlags must be greater than zero",
                "virDomainGetSchedulerParametersFlags", "*nparams", 0});
}

TEST_F(ExtraEntryPoints, SetBlkioParameters_null_string) {
  EXPECT_EQ(virDomainSetBlkioParameters(dom, strparam_null, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_NONE, "NULL string parameter 's'",
                "virTypedParameterValidateSet", "params", 0});
}

TEST_F(ExtraEntryPoints, SetBlkioParameters_long_name) {
  EXPECT_EQ(virDomainSetBlkioParameters(dom, longparam, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                "string parameter name "
                "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"
                " too long",
                "virTypedParameterValidateSet", "params", 0});
}

TEST_F(ExtraEntryPoints, SetMemoryParameters_nparams_zero) {
  EXPECT_EQ(virDomainSetMemoryParameters(dom, tparams, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nparams in virDomainSetMemoryParameters must be greater than zero",
                "virDomainSetMemoryParameters", "nparams", 0});
}

TEST_F(ExtraEntryPoints, SetSchedulerParameters_nparams_negative) {
  EXPECT_EQ(virDomainSetSchedulerParameters(dom, tparams, -1), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nparams in virDomainSetSchedulerParameters must be zero or greater",
                "virDomainSetSchedulerParameters", "nparams", 0});
}

TEST_F(ExtraEntryPoints, SetNumaParameters_ro) {
  EXPECT_EQ(virDomainSetNumaParameters(rodom, nullptr, 0, 0), -1);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainSetNumaParameters",
                "operation forbidden: %s", "read only access prevents virDomainSetNumaParameters",
                -1});
}

TEST_F(ExtraEntryPoints, SetLaunchSecurityState_ro_after_args) {
  EXPECT_EQ(virDomainSetLaunchSecurityState(rodom, nullptr, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "params in virDomainSetLaunchSecurityState must not be NULL",
                "virDomainSetLaunchSecurityState", "params", 0});
}

TEST_F(ExtraEntryPoints, SetLifecycleAction_type) {
  EXPECT_EQ(virDomainSetLifecycleAction(dom, 99, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "invalid argument: invalid lifecycle type '99'", "invalid argument: %s",
                "invalid lifecycle type '99'", -1});
}

TEST_F(ExtraEntryPoints, SetLifecycleAction_action) {
  EXPECT_EQ(virDomainSetLifecycleAction(dom, 0, 99, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "invalid argument: invalid lifecycle action '99'", "invalid argument: %s",
                "invalid lifecycle action '99'", -1});
}

TEST_F(ExtraEntryPoints, GetMetadata_title_uri) {
  EXPECT_EQ(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "http://x", 0), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "uri in virDomainGetMetadata must be NULL",
                "virDomainGetMetadata", "uri", 0});
}

TEST_F(ExtraEntryPoints, GetMetadata_element_no_uri) {
  EXPECT_EQ(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, nullptr, 0), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "uri in virDomainGetMetadata must not be NULL", "virDomainGetMetadata", "uri", 0});
}

TEST_F(ExtraEntryPoints, GetMetadata_live_config) {
  EXPECT_EQ(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, nullptr,
                                 VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG),
            nullptr);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
       "virDomainGetMetadata", "ctl", 0});
}

TEST_F(ExtraEntryPoints, SetMetadata_title_newline) {
  EXPECT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "a\nb", nullptr, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "metadata title can't contain newlines",
                "virDomainSetMetadata", "metadata", 0});
}

TEST_F(ExtraEntryPoints, SetMetadata_description_key) {
  EXPECT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_DESCRIPTION, "d", "k", nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "key in virDomainSetMetadata must be NULL",
                "virDomainSetMetadata", "key", 0});
}

TEST_F(ExtraEntryPoints, SetMetadata_element_no_uri) {
  EXPECT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<a/>", "k", nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "uri in virDomainSetMetadata must not be NULL", "virDomainSetMetadata", "uri", 0});
}

TEST_F(ExtraEntryPoints, SetMetadata_element_no_key) {
  EXPECT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<a/>", nullptr, "http://x", 0),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "key in virDomainSetMetadata must not be NULL", "virDomainSetMetadata", "key", 0});
}

TEST_F(ExtraEntryPoints, AuthorizedSSHKeysSet_user_null_ro) {
  EXPECT_EQ(virDomainAuthorizedSSHKeysSet(rodom, nullptr, nullptr, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "user in virDomainAuthorizedSSHKeysSet must not be NULL",
                "virDomainAuthorizedSSHKeysSet", "user", 0});
}

TEST_F(ExtraEntryPoints, AuthorizedSSHKeysSet_keys_null) {
  EXPECT_EQ(virDomainAuthorizedSSHKeysSet(dom, "root", nullptr, 0,
                                          VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "keys in virDomainAuthorizedSSHKeysSet must not be NULL",
                "virDomainAuthorizedSSHKeysSet", "keys", 0});
}

TEST_F(ExtraEntryPoints, AuthorizedSSHKeysSet_append_remove) {
  EXPECT_EQ(virDomainAuthorizedSSHKeysSet(dom, "root", keys, 1,
                                          VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND |
                                              VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flags 'VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND' and "
                "'VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE' are mutually exclusive",
                "virDomainAuthorizedSSHKeysSet", "ctl", 0});
}

TEST_F(ExtraEntryPoints, AuthorizedSSHKeysSet_ro) {
  EXPECT_EQ(virDomainAuthorizedSSHKeysSet(rodom, "root", keys, 1, 0), -1);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainAuthorizedSSHKeysSet",
                "operation forbidden: %s",
                "read only access prevents virDomainAuthorizedSSHKeysSet", -1});
}

TEST_F(ExtraEntryPoints, BlockCopy_ro_first) {
  EXPECT_EQ(virDomainBlockCopy(rodom, nullptr, nullptr, nullptr, 0, 0), -1);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainBlockCopy",
                "operation forbidden: %s", "read only access prevents virDomainBlockCopy", -1});
}

TEST_F(ExtraEntryPoints, BlockCopy_nparams_negative) {
  EXPECT_EQ(virDomainBlockCopy(dom, "vda", "<disk/>", nullptr, -1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nparams in virDomainBlockCopy must be zero or greater", "virDomainBlockCopy",
                "nparams", 0});
}

TEST_F(ExtraEntryPoints, BlockRebase_flags_need_copy) {
  EXPECT_EQ(virDomainBlockRebase(dom, "vda", nullptr, 0, VIR_DOMAIN_BLOCK_REBASE_SHALLOW), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "use of flags requires a copy job",
                "virDomainBlockRebase", "flags", 0});
}

TEST_F(ExtraEntryPoints, BlockRebase_copy_base_null) {
  EXPECT_EQ(virDomainBlockRebase(dom, "vda", nullptr, 0, VIR_DOMAIN_BLOCK_REBASE_COPY), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "base in virDomainBlockRebase must not be NULL", "virDomainBlockRebase", "base",
                0});
}

TEST_F(ExtraEntryPoints, BlockPeek_disk_empty) {
  EXPECT_EQ(virDomainBlockPeek(dom, "", 0, 1, big, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "string disk in virDomainBlockPeek must not be empty", "virDomainBlockPeek", "disk",
                0});
}

TEST_F(ExtraEntryPoints, BlockPeek_buffer_null) {
  EXPECT_EQ(virDomainBlockPeek(dom, "vda", 0, 1, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "buffer in virDomainBlockPeek must not be NULL", "virDomainBlockPeek", "buffer",
                0});
}

TEST_F(ExtraEntryPoints, MemoryPeek_virtual_physical) {
  EXPECT_EQ(virDomainMemoryPeek(dom, 0, 1, big, VIR_MEMORY_VIRTUAL | VIR_MEMORY_PHYSICAL), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flags 'VIR_MEMORY_VIRTUAL' and 'VIR_MEMORY_PHYSICAL' are mutually exclusive",
                "virDomainMemoryPeek", "ctl", 0});
}

TEST_F(ExtraEntryPoints, MemoryStats_no_stats) {
  EXPECT_EQ(virDomainMemoryStats(dom, nullptr, 0, 0), 0);
  EXPECT_EQ(virGetLastError(), nullptr);
}

TEST_F(ExtraEntryPoints, DetachDevice_xml_null_ro) {
  EXPECT_EQ(virDomainDetachDevice(rodom, nullptr), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "xml in virDomainDetachDevice must not be NULL", "virDomainDetachDevice", "xml",
                0});
}

TEST_F(ExtraEntryPoints, DetachDevice_ro) {
  EXPECT_EQ(virDomainDetachDevice(rodom, "<disk/>"), -1);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainDetachDevice",
                "operation forbidden: %s", "read only access prevents virDomainDetachDevice", -1});
}

TEST_F(ExtraEntryPoints, SendKey_codeset) {
  EXPECT_EQ(virDomainSendKey(dom, 99, 0, keycodes, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "Unsupported codeset '99'",
                "virDomainSendKey", "codeset", 0});
}

TEST_F(ExtraEntryPoints, SendKey_too_many) {
  EXPECT_EQ(virDomainSendKey(dom, 0, 0, keycodes, 17, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "nkeycodes must be <= 16", "virDomainSendKey",
                "nkeycodes", 0});
}

TEST_F(ExtraEntryPoints, SendKey_keycodes_null) {
  EXPECT_EQ(virDomainSendKey(dom, 0, 0, nullptr, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "keycodes in virDomainSendKey must not be NULL", "virDomainSendKey", "keycodes",
                0});
}

TEST_F(ExtraEntryPoints, CreateXMLWithFiles_xml_null_ro) {
  EXPECT_EQ(virDomainCreateXMLWithFiles(ro, nullptr, 0, nullptr, 0), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "xmlDesc in virDomainCreateXMLWithFiles must not be NULL",
                "virDomainCreateXMLWithFiles", "xmlDesc", 0});
}

TEST_F(ExtraEntryPoints, FDAssociate_nfds_zero) {
  EXPECT_EQ(virDomainFDAssociate(dom, "x", 0, fds, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nfds in virDomainFDAssociate must not be zero", "virDomainFDAssociate", "nfds",
                0});
}

TEST_F(ExtraEntryPoints, FDAssociate_fds_null_ro) {
  EXPECT_EQ(virDomainFDAssociate(rodom, "x", 1, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "fds in virDomainFDAssociate must not be NULL", "virDomainFDAssociate", "fds", 0});
}

TEST_F(ExtraEntryPoints, FDAssociate_ro) {
  EXPECT_EQ(virDomainFDAssociate(rodom, "x", 1, fds, 0), -1);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainFDAssociate",
                "operation forbidden: %s", "read only access prevents virDomainFDAssociate", -1});
}

TEST_F(ExtraEntryPoints, OpenConsole_stream_null_ro) {
  EXPECT_EQ(virDomainOpenConsole(rodom, nullptr, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS,
                "invalid stream pointer in virDomainOpenConsole", "invalid stream pointer in %s",
                "virDomainOpenConsole", -1});
}

TEST_F(ExtraEntryPoints, OpenConsole_other_conn) {
  EXPECT_EQ(virDomainOpenConsole(dom, nullptr, st2, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "stream must match connection of domain 'test'", "virDomainOpenConsole", "st", 0});
}

TEST_F(ExtraEntryPoints, OpenChannel_other_conn) {
  EXPECT_EQ(virDomainOpenChannel(dom, nullptr, st2, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "stream must match connection of domain 'test'", "virDomainOpenChannel", "st", 0});
}

TEST_F(ExtraEntryPoints, Screenshot_other_conn) {
  EXPECT_EQ(virDomainScreenshot(dom, st2, 0, 0), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "stream must match connection of domain 'test'", "virDomainScreenshot", "stream",
                0});
}

TEST_F(ExtraEntryPoints, Screenshot_stream_null_ro) {
  EXPECT_EQ(virDomainScreenshot(rodom, nullptr, 0, 0), nullptr);
  expect_error({VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS,
                "invalid stream pointer in virDomainScreenshot", "invalid stream pointer in %s",
                "virDomainScreenshot", -1});
}

TEST_F(ExtraEntryPoints, OpenGraphics_fd_negative) {
  EXPECT_EQ(virDomainOpenGraphics(dom, 0, -1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "fd in virDomainOpenGraphics must be zero or greater", "virDomainOpenGraphics",
                "fd", 0});
}

TEST_F(ExtraEntryPoints, OpenGraphics_not_socket) {
  EXPECT_EQ(virDomainOpenGraphics(dom, 0, devnull, 0), -1);
  std::string msg = "fd " + std::to_string(devnull) + " must be a socket";
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, msg.c_str(), "virDomainOpenGraphics", "fd", 0});
}

TEST_F(ExtraEntryPoints, OpenGraphics_bad_fd) {
  EXPECT_EQ(virDomainOpenGraphics(dom, 0, 987, 0), -1);
  expect_error({VIR_ERR_SYSTEM_ERROR, VIR_FROM_DOMAIN,
                "Unable to access file descriptor 987: Bad file descriptor", "%s",
                "Unable to access file descriptor 987: Bad file descriptor", 9});
}

TEST_F(ExtraEntryPoints, Save_to_null) {
  EXPECT_EQ(virDomainSave(dom, nullptr), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "to in virDomainSave must not be NULL",
                "virDomainSave", "to", 0});
}

TEST_F(ExtraEntryPoints, SaveFlags_running_paused) {
  EXPECT_EQ(
      virDomainSaveFlags(dom, "/tmp/x", nullptr, VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED),
      -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive",
       "virDomainSaveFlags", "ctl", 0});
}

TEST_F(ExtraEntryPoints, SaveParams_running_paused) {
  EXPECT_EQ(virDomainSaveParams(dom, nullptr, 0, VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED),
            -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive",
       "virDomainSaveParams", "ctl", 0});
}

TEST_F(ExtraEntryPoints, Restore_from_null) {
  EXPECT_EQ(virDomainRestore(conn, nullptr), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "from in virDomainRestore must not be NULL",
                "virDomainRestore", "from", 0});
}

TEST_F(ExtraEntryPoints, RestoreFlags_running_paused) {
  EXPECT_EQ(virDomainRestoreFlags(conn, "/tmp/x", nullptr,
                                  VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED),
            -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive",
       "virDomainRestoreFlags", "ctl", 0});
}

TEST_F(ExtraEntryPoints, SaveImageGetXMLDesc_file_null_ro) {
  EXPECT_EQ(virDomainSaveImageGetXMLDesc(ro, nullptr, 0), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "file in virDomainSaveImageGetXMLDesc must not be NULL",
                "virDomainSaveImageGetXMLDesc", "file", 0});
}

TEST_F(ExtraEntryPoints, SaveImageDefineXML_dxml_null) {
  EXPECT_EQ(virDomainSaveImageDefineXML(conn, "/tmp/x", nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "dxml in virDomainSaveImageDefineXML must not be NULL",
                "virDomainSaveImageDefineXML", "dxml", 0});
}

TEST_F(ExtraEntryPoints, CoreDump_to_null) {
  EXPECT_EQ(virDomainCoreDump(dom, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "to in virDomainCoreDump must not be NULL",
                "virDomainCoreDump", "to", 0});
}

TEST_F(ExtraEntryPoints, CoreDump_crash_live) {
  EXPECT_EQ(virDomainCoreDump(dom, "/tmp/x", VIR_DUMP_CRASH | VIR_DUMP_LIVE), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flags 'VIR_DUMP_CRASH' and 'VIR_DUMP_LIVE' are mutually exclusive",
                "virDomainCoreDump", "ctl", 0});
}

TEST_F(ExtraEntryPoints, CoreDump_live_reset) {
  EXPECT_EQ(virDomainCoreDump(dom, "/tmp/x", VIR_DUMP_LIVE | VIR_DUMP_RESET), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flags 'VIR_DUMP_LIVE' and 'VIR_DUMP_RESET' are mutually exclusive",
                "virDomainCoreDump", "ctl", 0});
}

TEST_F(ExtraEntryPoints, CoreDumpWithFormat_format) {
  EXPECT_EQ(virDomainCoreDumpWithFormat(dom, "/tmp/x", 99, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "dumpformat '99' is not supported",
                "virDomainCoreDumpWithFormat", "flags", 0});
}

TEST_F(ExtraEntryPoints, ManagedSaveGetXMLDesc_secure_ro) {
  EXPECT_EQ(virDomainManagedSaveGetXMLDesc(rodom, VIR_DOMAIN_SAVE_IMAGE_XML_SECURE), nullptr);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: virDomainManagedSaveGetXMLDesc with secure flag",
                "operation forbidden: %s", "virDomainManagedSaveGetXMLDesc with secure flag", -1});
}

TEST_F(ExtraEntryPoints, ListGetStats_doms_null) {
  EXPECT_EQ(virDomainListGetStats(nullptr, 0, &records, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "doms in virDomainListGetStats must not be NULL", "virDomainListGetStats", "doms",
                0});
}

TEST_F(ExtraEntryPoints, ListGetStats_empty) {
  EXPECT_EQ(virDomainListGetStats(nodoms, 0, &records, 0), -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "invalid argument: doms array in virDomainListGetStats must contain at least one domain",
       "invalid argument: %s",
       "doms array in virDomainListGetStats must contain at least one domain", -1});
}

TEST_F(ExtraEntryPoints, ListGetStats_two_conns) {
  EXPECT_EQ(virDomainListGetStats(twodoms, 0, &records, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "invalid argument: domains in 'doms' array must belong to a single connection",
                "invalid argument: %s",
                "domains in 'doms' array must belong to a single connection", -1});
}

TEST_F(ExtraEntryPoints, GetAllDomainStats_retStats_null) {
  EXPECT_EQ(virConnectGetAllDomainStats(conn, 0, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "retStats in virConnectGetAllDomainStats must not be NULL",
                "virConnectGetAllDomainStats", "retStats", 0});
}

TEST_F(ExtraEntryPoints, Migrate_dconn_null) {
  EXPECT_EQ(virDomainMigrate(dom, nullptr, 0, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN,
                "invalid connection pointer in virDomainMigrate",
                "invalid connection pointer in %s", "virDomainMigrate", -1});
}

TEST_F(ExtraEntryPoints, Migrate_dconn_ro) {
  EXPECT_EQ(virDomainMigrate(dom, ro, 0, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainMigrate",
                "operation forbidden: %s", "read only access prevents virDomainMigrate", -1});
}

TEST_F(ExtraEntryPoints, Migrate_disk_inc) {
  EXPECT_EQ(virDomainMigrate(dom, conn2, VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC,
                             nullptr, nullptr, 0),
            nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flags 'VIR_MIGRATE_NON_SHARED_DISK' and 'VIR_MIGRATE_NON_SHARED_INC' are mutually "
                "exclusive",
                "virDomainMigrate", "ctl", 0});
}

TEST_F(ExtraEntryPoints, Migrate_tunnelled_parallel) {
  EXPECT_EQ(virDomainMigrate(dom, conn2, VIR_MIGRATE_TUNNELLED | VIR_MIGRATE_PARALLEL, nullptr,
                             nullptr, 0),
            nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flags 'VIR_MIGRATE_TUNNELLED' and 'VIR_MIGRATE_PARALLEL' are mutually exclusive",
                "virDomainMigrate", "ctl", 0});
}

TEST_F(ExtraEntryPoints, Migrate_sync_writes) {
  EXPECT_EQ(
      virDomainMigrate(dom, conn2, VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES, nullptr, nullptr, 0),
      nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flag 'VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC' is required by "
                "flag 'VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES'",
                "virDomainMigrate", "ctl", 0});
}

TEST_F(ExtraEntryPoints, Migrate_offline) {
  EXPECT_EQ(virDomainMigrate(dom, conn2, VIR_MIGRATE_OFFLINE, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
                "argument unsupported: offline migration is not supported by the source host",
                "argument unsupported: %s", "offline migration is not supported by the source host",
                -1});
}

TEST_F(ExtraEntryPoints, Migrate_p2p) {
  EXPECT_EQ(virDomainMigrate(dom, conn2, VIR_MIGRATE_PEER2PEER, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                "this function is not supported by the connection driver: virDomainMigrate",
                "this function is not supported by the connection driver: %s", "virDomainMigrate",
                -1});
}

TEST_F(ExtraEntryPoints, Migrate_change_protection) {
  EXPECT_EQ(virDomainMigrate(dom, conn2, VIR_MIGRATE_CHANGE_PROTECTION, nullptr, nullptr, 0),
            nullptr);
  expect_error({VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
                "argument unsupported: cannot enforce change protection",
                "argument unsupported: %s", "cannot enforce change protection", -1});
}

TEST_F(ExtraEntryPoints, Migrate_tunnelled) {
  EXPECT_EQ(virDomainMigrate(dom, conn2, VIR_MIGRATE_TUNNELLED, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                "Requested operation is not valid: cannot perform tunnelled migration without "
                "using peer2peer flag",
                "Requested operation is not valid: %s",
                "cannot perform tunnelled migration without using peer2peer flag", -1});
}

TEST_F(ExtraEntryPoints, Migrate_plain) {
  EXPECT_EQ(virDomainMigrate(dom, conn2, 0, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                "this function is not supported by the connection driver: virDomainMigrate",
                "this function is not supported by the connection driver: %s", "virDomainMigrate",
                -1});
}

TEST_F(ExtraEntryPoints, Migrate2_plain) {
  EXPECT_EQ(virDomainMigrate2(dom, conn2, "<domain/>", 0, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                "this function is not supported by the connection driver: virDomainMigrate2",
                "this function is not supported by the connection driver: %s", "virDomainMigrate2",
                -1});
}

TEST_F(ExtraEntryPoints, Migrate_ro_source) {
  EXPECT_EQ(virDomainMigrate(rodom, conn2, 0, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainMigrate",
                "operation forbidden: %s", "read only access prevents virDomainMigrate", -1});
}

TEST_F(ExtraEntryPoints, Migrate3_p2p) {
  EXPECT_EQ(virDomainMigrate3(dom, conn2, nullptr, 0, VIR_MIGRATE_PEER2PEER), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "use virDomainMigrateToURI3 for peer-to-peer migration", "virDomainMigrate3",
                "flags", 0});
}

TEST_F(ExtraEntryPoints, Migrate3_tunnelled) {
  EXPECT_EQ(virDomainMigrate3(dom, conn2, nullptr, 0, VIR_MIGRATE_TUNNELLED), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "cannot perform tunnelled migration without using peer2peer flag",
                "virDomainMigrate3", "flags", 0});
}

TEST_F(ExtraEntryPoints, Migrate3_extended_param) {
  EXPECT_EQ(virDomainMigrate3(dom, conn2, migparams, 1, 0), nullptr);
  expect_error({VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
                "argument unsupported: Migration APIs with extensible parameters are not supported "
                "but extended parameters were passed",
                "argument unsupported: %s",
                "Migration APIs with extensible parameters are not supported but extended "
                "parameters were passed",
                -1});
}

TEST_F(ExtraEntryPoints, Migrate3_plain) {
  EXPECT_EQ(virDomainMigrate3(dom, conn2, nullptr, 0, 0), nullptr);
  expect_error({VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                "this function is not supported by the connection driver: virDomainMigrate3",
                "this function is not supported by the connection driver: %s", "virDomainMigrate3",
                -1});
}

TEST_F(ExtraEntryPoints, Migrate3_sync_writes) {
  EXPECT_EQ(virDomainMigrate3(dom, conn2, nullptr, 0, VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES),
            nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flag 'VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC' is required by "
                "flag 'VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES'",
                "virDomainMigrate3", "ctl", 0});
}

TEST_F(ExtraEntryPoints, MigrateToURI_duri_null) {
  EXPECT_EQ(virDomainMigrateToURI(dom, nullptr, 0, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "duri in virDomainMigrateToURI must not be NULL", "virDomainMigrateToURI", "duri",
                0});
}

TEST_F(ExtraEntryPoints, MigrateToURI_direct) {
  EXPECT_EQ(virDomainMigrateToURI(dom, "tcp://h", 0, nullptr, 0), -1);
  expect_error({VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
                "argument unsupported: direct migration is not supported by the source host",
                "argument unsupported: %s", "direct migration is not supported by the source host",
                -1});
}

TEST_F(ExtraEntryPoints, MigrateToURI_p2p) {
  EXPECT_EQ(virDomainMigrateToURI(dom, "test://h/default", VIR_MIGRATE_PEER2PEER, nullptr, 0), -1);
  expect_error({VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
                "argument unsupported: p2p migration is not supported by the source host",
                "argument unsupported: %s", "p2p migration is not supported by the source host",
                -1});
}

TEST_F(ExtraEntryPoints, MigrateToURI2_offline) {
  EXPECT_EQ(virDomainMigrateToURI2(dom, nullptr, nullptr, nullptr, VIR_MIGRATE_OFFLINE, nullptr, 0),
            -1);
  expect_error({VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
                "argument unsupported: offline migration is not supported by the source host",
                "argument unsupported: %s", "offline migration is not supported by the source host",
                -1});
}

TEST_F(ExtraEntryPoints, MigrateToURI3_tunnelled_parallel) {
  EXPECT_EQ(virDomainMigrateToURI3(dom, nullptr, nullptr, 0,
                                   VIR_MIGRATE_TUNNELLED | VIR_MIGRATE_PARALLEL),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "Flags 'VIR_MIGRATE_TUNNELLED' and 'VIR_MIGRATE_PARALLEL' are mutually exclusive",
                "virDomainMigrateToURI3", "ctl", 0});
}

TEST_F(ExtraEntryPoints, MigrateGetMaxSpeed_null_ro) {
  EXPECT_EQ(virDomainMigrateGetMaxSpeed(rodom, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "bandwidth in virDomainMigrateGetMaxSpeed must not be NULL",
                "virDomainMigrateGetMaxSpeed", "bandwidth", 0});
}

TEST_F(ExtraEntryPoints, MigrateGetCompressionCache_null) {
  EXPECT_EQ(virDomainMigrateGetCompressionCache(dom, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "cacheSize in virDomainMigrateGetCompressionCache must not be NULL",
                "virDomainMigrateGetCompressionCache", "cacheSize", 0});
}

TEST_F(ExtraEntryPoints, MigrateSetMaxDowntime_unsupported) {
  EXPECT_EQ(virDomainMigrateSetMaxDowntime(dom, 10, 0), -1);
  expect_error(
      {VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
       "this function is not supported by the connection driver: virDomainMigrateSetMaxDowntime",
       "this function is not supported by the connection driver: %s",
       "virDomainMigrateSetMaxDowntime", -1});
}

TEST_F(ExtraEntryPoints, DomainEvent_cb_null) {
  EXPECT_EQ(virConnectDomainEventRegisterAny(conn, nullptr, 0, nullptr, nullptr, nullptr), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "cb in virConnectDomainEventRegisterAny must not be NULL",
                "virConnectDomainEventRegisterAny", "cb", 0});
}

TEST_F(ExtraEntryPoints, DomainEvent_id_negative) {
  EXPECT_EQ(virConnectDomainEventRegisterAny(conn, nullptr, -1, VIR_DOMAIN_EVENT_CALLBACK(dom_cb),
                                             nullptr, nullptr),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "eventID in virConnectDomainEventRegisterAny must be zero or greater",
                "virConnectDomainEventRegisterAny", "eventID", 0});
}

TEST_F(ExtraEntryPoints, DomainEvent_id_too_big) {
  EXPECT_EQ(virConnectDomainEventRegisterAny(conn, nullptr, 1000, VIR_DOMAIN_EVENT_CALLBACK(dom_cb),
                                             nullptr, nullptr),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "eventID must be less than 27",
                "virConnectDomainEventRegisterAny", "eventID", 0});
}

TEST_F(ExtraEntryPoints, DomainEvent_other_conn) {
  EXPECT_EQ(virConnectDomainEventRegisterAny(conn, dom2, 0, VIR_DOMAIN_EVENT_CALLBACK(dom_cb),
                                             nullptr, nullptr),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "domain 'test' must match connection",
                "virConnectDomainEventRegisterAny", "dom", 0});
}

TEST_F(ExtraEntryPoints, NetworkEvent_other_conn) {
  if (!net2) GTEST_SKIP() << "no net2";
  EXPECT_EQ(virConnectNetworkEventRegisterAny(conn, net2, 0, VIR_NETWORK_EVENT_CALLBACK(dom_cb),
                                              nullptr, nullptr),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK,
                "network 'default' in virConnectNetworkEventRegisterAny must match connection",
                "virConnectNetworkEventRegisterAny", "net", 0});
}

TEST_F(ExtraEntryPoints, NetworkEvent_id_too_big) {
  EXPECT_EQ(virConnectNetworkEventRegisterAny(conn, nullptr, 1000,
                                              VIR_NETWORK_EVENT_CALLBACK(dom_cb), nullptr, nullptr),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK,
                "eventID in virConnectNetworkEventRegisterAny must be less than 1",
                "virConnectNetworkEventRegisterAny", "eventID", 0});
}

TEST_F(ExtraEntryPoints, StoragePoolEvent_other_conn) {
  if (!pool2) GTEST_SKIP() << "no pool2";
  EXPECT_EQ(virConnectStoragePoolEventRegisterAny(
                conn, pool2, 0, VIR_STORAGE_POOL_EVENT_CALLBACK(dom_cb), nullptr, nullptr),
            -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE,
       "storage pool 'default-pool' in virConnectStoragePoolEventRegisterAny must match connection",
       "virConnectStoragePoolEventRegisterAny", "pool", 0});
}

TEST_F(ExtraEntryPoints, StoragePoolEvent_id_too_big) {
  EXPECT_EQ(virConnectStoragePoolEventRegisterAny(
                conn, nullptr, 1000, VIR_STORAGE_POOL_EVENT_CALLBACK(dom_cb), nullptr, nullptr),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE,
                "eventID in virConnectStoragePoolEventRegisterAny must be less than 2",
                "virConnectStoragePoolEventRegisterAny", "eventID", 0});
}

TEST_F(ExtraEntryPoints, NodeDeviceEvent_other_conn) {
  if (!dev2) GTEST_SKIP() << "no dev2";
  EXPECT_EQ(virConnectNodeDeviceEventRegisterAny(
                conn, dev2, 0, VIR_NODE_DEVICE_EVENT_CALLBACK(dom_cb), nullptr, nullptr),
            -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV,
       "node device 'computer' in virConnectNodeDeviceEventRegisterAny must match connection",
       "virConnectNodeDeviceEventRegisterAny", "dev", 0});
}

TEST_F(ExtraEntryPoints, NodeDeviceEvent_id_too_big) {
  EXPECT_EQ(virConnectNodeDeviceEventRegisterAny(
                conn, nullptr, 1000, VIR_NODE_DEVICE_EVENT_CALLBACK(dom_cb), nullptr, nullptr),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV,
                "eventID in virConnectNodeDeviceEventRegisterAny must be less than 2",
                "virConnectNodeDeviceEventRegisterAny", "eventID", 0});
}

TEST_F(ExtraEntryPoints, SecretEvent_id_too_big) {
  EXPECT_EQ(virConnectSecretEventRegisterAny(conn, nullptr, 1000, VIR_SECRET_EVENT_CALLBACK(dom_cb),
                                             nullptr, nullptr),
            -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_SECRET,
                "eventID in virConnectSecretEventRegisterAny must be less than 2",
                "virConnectSecretEventRegisterAny", "eventID", 0});
}

TEST_F(ExtraEntryPoints, NodeGetCPUStats_cpu) {
  EXPECT_EQ((n = 0, virNodeGetCPUStats(conn, -2, nullptr, &n, 0)), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "cpuNum in virNodeGetCPUStats only accepts -1 as a negative value",
                "virNodeGetCPUStats", "cpuNum", 0});
}

TEST_F(ExtraEntryPoints, NodeGetCPUStats_nparams_null) {
  EXPECT_EQ(virNodeGetCPUStats(conn, 0, nullptr, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nparams in virNodeGetCPUStats must not be NULL", "virNodeGetCPUStats", "nparams",
                0});
}

TEST_F(ExtraEntryPoints, NodeGetMemoryStats_cell) {
  EXPECT_EQ((n = 0, virNodeGetMemoryStats(conn, -2, nullptr, &n, 0)), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "cellNum in virNodeGetMemoryStats only accepts -1 as a negative value",
                "virNodeGetMemoryStats", "cpuNum", 0});
}

TEST_F(ExtraEntryPoints, NodeGetMemoryParameters_params_null) {
  EXPECT_EQ((n = 1, virNodeGetMemoryParameters(conn, nullptr, &n, 0)), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "params in virNodeGetMemoryParameters must not be NULL",
                "virNodeGetMemoryParameters", "params", 0});
}

TEST_F(ExtraEntryPoints, NodeSetMemoryParameters_nparams_negative) {
  EXPECT_EQ(virNodeSetMemoryParameters(conn, tparams, -1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nparams in virNodeSetMemoryParameters must be zero or greater",
                "virNodeSetMemoryParameters", "nparams", 0});
}

TEST_F(ExtraEntryPoints, NodeGetSEVInfo_nparams_null_ro) {
  EXPECT_EQ(virNodeGetSEVInfo(ro, nullptr, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nparams in virNodeGetSEVInfo must not be NULL", "virNodeGetSEVInfo", "nparams",
                0});
}

TEST_F(ExtraEntryPoints, CompareCPU_xml_null) {
  EXPECT_EQ(virConnectCompareCPU(conn, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "xmlDesc in virConnectCompareCPU must not be NULL", "virConnectCompareCPU",
                "xmlDesc", 0});
}

TEST_F(ExtraEntryPoints, CompareHypervisorCPU_xml_null_ro) {
  EXPECT_EQ(virConnectCompareHypervisorCPU(ro, nullptr, nullptr, nullptr, nullptr, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "xmlCPU in virConnectCompareHypervisorCPU must not be NULL",
                "virConnectCompareHypervisorCPU", "xmlCPU", 0});
}

TEST_F(ExtraEntryPoints, BaselineCPU_null) {
  EXPECT_EQ(virConnectBaselineCPU(conn, nullptr, 0, 0), nullptr);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "xmlCPUs in virConnectBaselineCPU must not be NULL", "virConnectBaselineCPU",
                "xmlCPUs", 0});
}

TEST_F(ExtraEntryPoints, BaselineHypervisorCPU_ro) {
  EXPECT_EQ(virConnectBaselineHypervisorCPU(ro, nullptr, nullptr, nullptr, nullptr, cpus, 1, 0),
            nullptr);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virConnectBaselineHypervisorCPU",
                "operation forbidden: %s",
                "read only access prevents virConnectBaselineHypervisorCPU", -1});
}

TEST_F(ExtraEntryPoints, GetDomainCapabilities_ro) {
  EXPECT_EQ(virConnectGetDomainCapabilities(ro, nullptr, nullptr, nullptr, nullptr, 0), nullptr);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virConnectGetDomainCapabilities",
                "operation forbidden: %s",
                "read only access prevents virConnectGetDomainCapabilities", -1});
}

TEST_F(ExtraEntryPoints, NetworkUpdate_xml_null) {
  if (!net) GTEST_SKIP() << "no net";
  EXPECT_EQ(virNetworkUpdate(net, 0, 0, -1, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK, "xml in virNetworkUpdate must not be NULL",
                "virNetworkUpdate", "xml", 0});
}

TEST_F(ExtraEntryPoints, StorageVolResize_zero) {
  if (!vol) GTEST_SKIP() << "no vol";
  EXPECT_EQ(virStorageVolResize(vol, 0, 0), -1);
  expect_error(
      {VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE,
       "capacity in virStorageVolResize cannot be zero without 'delta' or 'shrink' flags set",
       "virStorageVolResize", "capacity", 0});
}

TEST_F(ExtraEntryPoints, StorageVolUpload_other_conn) {
  if (!vol) GTEST_SKIP() << "no vol";
  EXPECT_EQ(virStorageVolUpload(vol, st2, 0, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE,
                "stream in virStorageVolUpload must match connection of volume 'extra.img'",
                "virStorageVolUpload", "stream", 0});
}

TEST_F(ExtraEntryPoints, StorageVolDownload_stream_null) {
  if (!vol) GTEST_SKIP() << "no vol";
  EXPECT_EQ(virStorageVolDownload(vol, nullptr, 0, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS,
                "invalid stream pointer in virStorageVolDownload", "invalid stream pointer in %s",
                "virStorageVolDownload", -1});
}

TEST_F(ExtraEntryPoints, InterfaceAddresses_ifaces_null) {
  EXPECT_EQ(virDomainInterfaceAddresses(dom, nullptr, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "ifaces in virDomainInterfaceAddresses must not be NULL",
                "virDomainInterfaceAddresses", "ifaces", 0});
}

TEST_F(ExtraEntryPoints, InterfaceAddresses_agent_ro) {
  EXPECT_EQ(
      virDomainInterfaceAddresses(rodom, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0), -1);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainInterfaceAddresses",
                "operation forbidden: %s", "read only access prevents virDomainInterfaceAddresses",
                -1});
}

TEST_F(ExtraEntryPoints, GetIOThreadInfo_info_null) {
  EXPECT_EQ(virDomainGetIOThreadInfo(dom, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "info in virDomainGetIOThreadInfo must not be NULL", "virDomainGetIOThreadInfo",
                "info", 0});
}

TEST_F(ExtraEntryPoints, GetFSInfo_ro) {
  EXPECT_EQ(virDomainGetFSInfo(rodom, nullptr, 0), -1);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainGetFSInfo",
                "operation forbidden: %s", "read only access prevents virDomainGetFSInfo", -1});
}

TEST_F(ExtraEntryPoints, GetLaunchSecurityInfo_params_null_ro) {
  EXPECT_EQ(virDomainGetLaunchSecurityInfo(rodom, nullptr, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "params in virDomainGetLaunchSecurityInfo must not be NULL",
                "virDomainGetLaunchSecurityInfo", "params", 0});
}

TEST_F(ExtraEntryPoints, GetControlInfo_null) {
  EXPECT_EQ(virDomainGetControlInfo(dom, nullptr, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "info in virDomainGetControlInfo must not be NULL", "virDomainGetControlInfo",
                "info", 0});
}

TEST_F(ExtraEntryPoints, SetMemoryStatsPeriod_negative) {
  EXPECT_EQ(virDomainSetMemoryStatsPeriod(dom, -1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "period in virDomainSetMemoryStatsPeriod must be zero or greater",
                "virDomainSetMemoryStatsPeriod", "period", 0});
}

TEST_F(ExtraEntryPoints, SetBlockIoTune_disk_null) {
  EXPECT_EQ(virDomainSetBlockIoTune(dom, nullptr, tparams, 1, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "disk in virDomainSetBlockIoTune must not be NULL", "virDomainSetBlockIoTune",
                "disk", 0});
}

TEST_F(ExtraEntryPoints, GetBlockIoTune_disk_null) {
  EXPECT_EQ((n = 1, virDomainGetBlockIoTune(dom, nullptr, tparams, &n, 0)), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "disk in virDomainGetBlockIoTune must not be NULL", "virDomainGetBlockIoTune",
                "disk", 0});
}

TEST_F(ExtraEntryPoints, SetIOThreadParams_nparams_zero) {
  EXPECT_EQ(virDomainSetIOThreadParams(dom, 1, tparams, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                "nparams in virDomainSetIOThreadParams must be greater than zero",
                "virDomainSetIOThreadParams", "nparams", 0});
}

TEST_F(ExtraEntryPoints, StorageVolResize_other) {
  EXPECT_EQ(virStorageVolResize(nullptr, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE,
                "invalid storage volume pointer in virStorageVolResize",
                "invalid storage volume pointer in %s", "virStorageVolResize", -1});
}

}  // namespace
