// SPDX-License-Identifier: LGPL-2.1-or-later
// Argument checks of src/api/*_extra.cc (extra_entry_points_fixture.h): a
// domain's statistics, vCPUs, typed parameters, lifecycle actions, metadata,
// SSH keys, and its other getters and setters.
#include "extra_entry_points_fixture.h"

namespace {

using namespace extra_entry_points_tests;

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

}  // namespace
