// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainBlockJobCalls: block jobs (pull, rebase, commit, copy) and
/// backups (part of virtkit::Domain; include domain.hpp).
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace virtkit {

/// Domain's calls for block jobs on a disk (started by pull, rebase, commit or
/// copy; queried, throttled and ended by the block_job_ calls) and for backups.
///
/// A base of Domain (@p D); use them through a Domain. Disks are named by
/// target ("vda") or source path.
template <class D>
class DomainBlockJobCalls : public detail::DomainPart<D, DomainBlockJobCalls<D>> {
 public:
  //!@{
  /// The disk's block job, or std::nullopt when there is none
  /// (virDomainGetBlockJobInfo).
  Expected<std::optional<virDomainBlockJobInfo>> try_block_job_info(std::string_view disk,
                                                                    unsigned flags = 0) const {
    virDomainBlockJobInfo i{};
    int rc = virDomainGetBlockJobInfo(this->dom(), detail::CStr(disk), &i, flags);
    if (rc < 0) return detail::last_error;
    if (rc == 0) return std::optional<virDomainBlockJobInfo>();
    return std::optional<virDomainBlockJobInfo>(i);
  }
  std::optional<virDomainBlockJobInfo> block_job_info(std::string_view disk,
                                                      unsigned flags = 0) const {
    return try_block_job_info(disk, flags).value();
  }
  //!@}
  //!@{
  /// Cancels or, with VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT, completes the disk's
  /// block job (virDomainBlockJobAbort).
  Expected<void> try_block_job_abort(std::string_view disk, unsigned flags = 0) const {
    return detail::check(virDomainBlockJobAbort(this->dom(), detail::CStr(disk), flags));
  }
  void block_job_abort(std::string_view disk, unsigned flags = 0) const {
    try_block_job_abort(disk, flags).value();
  }
  //!@}
  //!@{
  /// Sets the disk's block job bandwidth in MiB/s (virDomainBlockJobSetSpeed).
  Expected<void> try_block_job_set_speed(std::string_view disk, unsigned long bandwidth,
                                         unsigned flags = 0) const {
    return detail::check(
        virDomainBlockJobSetSpeed(this->dom(), detail::CStr(disk), bandwidth, flags));
  }
  void block_job_set_speed(std::string_view disk, unsigned long bandwidth,
                           unsigned flags = 0) const {
    try_block_job_set_speed(disk, bandwidth, flags).value();
  }
  //!@}
  //!@{
  /// Starts pulling the backing chain into the disk (virDomainBlockPull).
  Expected<void> try_block_pull(std::string_view disk, unsigned long bandwidth = 0,
                                unsigned flags = 0) const {
    return detail::check(virDomainBlockPull(this->dom(), detail::CStr(disk), bandwidth, flags));
  }
  void block_pull(std::string_view disk, unsigned long bandwidth = 0, unsigned flags = 0) const {
    try_block_pull(disk, bandwidth, flags).value();
  }
  //!@}
  //!@{
  /// Starts pulling the chain above @p base into the disk, or with
  /// VIR_DOMAIN_BLOCK_REBASE_COPY copying it (virDomainBlockRebase).
  Expected<void> try_block_rebase(std::string_view disk, std::optional<std::string_view> base,
                                  unsigned long bandwidth = 0, unsigned flags = 0) const {
    return detail::check(virDomainBlockRebase(this->dom(), detail::CStr(disk), detail::CStr(base),
                                              bandwidth, flags));
  }
  void block_rebase(std::string_view disk, std::optional<std::string_view> base,
                    unsigned long bandwidth = 0, unsigned flags = 0) const {
    try_block_rebase(disk, base, bandwidth, flags).value();
  }
  //!@}
  //!@{
  /// Starts committing the chain from @p top down into @p base (defaults for
  /// std::nullopt; virDomainBlockCommit).
  Expected<void> try_block_commit(std::string_view disk,
                                  std::optional<std::string_view> base = std::nullopt,
                                  std::optional<std::string_view> top = std::nullopt,
                                  unsigned long bandwidth = 0, unsigned flags = 0) const {
    return detail::check(virDomainBlockCommit(this->dom(), detail::CStr(disk), detail::CStr(base),
                                              detail::CStr(top), bandwidth, flags));
  }
  void block_commit(std::string_view disk, std::optional<std::string_view> base = std::nullopt,
                    std::optional<std::string_view> top = std::nullopt, unsigned long bandwidth = 0,
                    unsigned flags = 0) const {
    try_block_commit(disk, base, top, bandwidth, flags).value();
  }
  //!@}
  //!@{
  /// Starts copying the disk to the destination `<disk>` @p destxml with
  /// VIR_DOMAIN_BLOCK_COPY_* @p params (virDomainBlockCopy).
  Expected<void> try_block_copy(std::string_view disk, std::string_view destxml,
                                const TypedParams &params = {}, unsigned flags = 0) const {
    detail::CStr d(disk), x(destxml);
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainBlockCopy(this->dom(), d, x, p, n, flags);
    });
  }
  void block_copy(std::string_view disk, std::string_view destxml, const TypedParams &params = {},
                  unsigned flags = 0) const {
    try_block_copy(disk, destxml, params, flags).value();
  }
  //!@}
  //!@{
  /// Starts a backup job described by @p backup_xml, with an optional checkpoint
  /// (virDomainBackupBegin).
  Expected<void> try_backup_begin(std::optional<std::string_view> backup_xml = std::nullopt,
                                  std::optional<std::string_view> checkpoint_xml = std::nullopt,
                                  unsigned flags = 0) const {
    return detail::check(virDomainBackupBegin(this->dom(), detail::CStr(backup_xml),
                                              detail::CStr(checkpoint_xml), flags));
  }
  void backup_begin(std::optional<std::string_view> backup_xml = std::nullopt,
                    std::optional<std::string_view> checkpoint_xml = std::nullopt,
                    unsigned flags = 0) const {
    try_backup_begin(backup_xml, checkpoint_xml, flags).value();
  }
  //!@}
  //!@{
  /// The running backup job's XML (virDomainBackupGetXMLDesc).
  Expected<std::string> try_backup_xml(unsigned flags = 0) const {
    return detail::owned(virDomainBackupGetXMLDesc(this->dom(), flags));
  }
  std::string backup_xml(unsigned flags = 0) const { return try_backup_xml(flags).value(); }
  //!@}
};

}  // namespace virtkit
