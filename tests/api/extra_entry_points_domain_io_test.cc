// SPDX-License-Identifier: LGPL-2.1-or-later
// Argument checks of src/api/*_extra.cc (extra_entry_points_fixture.h): a
// domain's block jobs and peeks, devices, keys, descriptors, consoles,
// channels, screenshots and graphics.
#include "extra_entry_points_fixture.h"

namespace {

using namespace extra_entry_points_tests;

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

}  // namespace
