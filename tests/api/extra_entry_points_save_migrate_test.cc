// SPDX-License-Identifier: LGPL-2.1-or-later
// Argument checks of src/api/*_extra.cc (extra_entry_points_fixture.h):
// saving, restoring and dumping a domain, statistics of lists of domains, and
// migration.
#include "extra_entry_points_fixture.h"

namespace {

using namespace extra_entry_points_tests;

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

}  // namespace
