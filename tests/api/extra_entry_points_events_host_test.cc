// SPDX-License-Identifier: LGPL-2.1-or-later
// Argument checks of src/api/*_extra.cc (extra_entry_points_fixture.h): event
// registration, the host's statistics and CPUs, networks and storage volumes.
#include "extra_entry_points_fixture.h"

namespace {

using namespace extra_entry_points_tests;

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

TEST_F(ExtraEntryPoints, StorageVolResize_other) {
  EXPECT_EQ(virStorageVolResize(nullptr, 0, 0), -1);
  expect_error({VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE,
                "invalid storage volume pointer in virStorageVolResize",
                "invalid storage volume pointer in %s", "virStorageVolResize", -1});
}

}  // namespace
