// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainMigrateCalls: migration and its tuning (part of
/// virtkit::Domain; include domain.hpp).
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace virtkit {

/// Domain's calls for migration (the VIR_MIGRATE_PARAM_* form and the older
/// positional ones) and its live tuning: downtime, bandwidth, compression
/// cache, post-copy.
///
/// A base of Domain (@p D); use them through a Domain. VIR_MIGRATE_* flags.
template <class D>
class DomainMigrateCalls : public detail::DomainPart<D, DomainMigrateCalls<D>> {
 public:
  //!@{
  /// Migrates to the host of @p dconn with VIR_MIGRATE_PARAM_* @p params; returns
  /// the domain there (virDomainMigrate3).
  Expected<D> try_migrate(const Connection &dconn, const TypedParams &params,
                          unsigned flags = 0) const {
    Expected<TypedParams::CArray> a = params.try_to_c();
    if (!a) return a.error();
    return detail::adopt<D>(virDomainMigrate3(this->dom(), dconn.get(), a->data(),
                                              static_cast<unsigned>(a->size()), flags));
  }
  D migrate(const Connection &dconn, const TypedParams &params, unsigned flags = 0) const {
    return try_migrate(dconn, params, flags).value();
  }
  //!@}
  //!@{
  /// Older form of migrate(): positional arguments (virDomainMigrate).
  Expected<D> try_migrate_v1(const Connection &dconn, unsigned long flags,
                             std::optional<std::string_view> dname = std::nullopt,
                             std::optional<std::string_view> uri = std::nullopt,
                             unsigned long bandwidth = 0) const {
    return detail::adopt<D>(virDomainMigrate(this->dom(), dconn.get(), flags, detail::CStr(dname),
                                             detail::CStr(uri), bandwidth));
  }
  D migrate_v1(const Connection &dconn, unsigned long flags,
               std::optional<std::string_view> dname = std::nullopt,
               std::optional<std::string_view> uri = std::nullopt,
               unsigned long bandwidth = 0) const {
    return try_migrate_v1(dconn, flags, dname, uri, bandwidth).value();
  }
  //!@}
  //!@{
  /// Older form of migrate(): positional arguments with a destination XML
  /// (virDomainMigrate2).
  Expected<D> try_migrate_v2(const Connection &dconn, std::optional<std::string_view> dxml,
                             unsigned long flags,
                             std::optional<std::string_view> dname = std::nullopt,
                             std::optional<std::string_view> uri = std::nullopt,
                             unsigned long bandwidth = 0) const {
    return detail::adopt<D>(virDomainMigrate2(this->dom(), dconn.get(), detail::CStr(dxml), flags,
                                              detail::CStr(dname), detail::CStr(uri), bandwidth));
  }
  D migrate_v2(const Connection &dconn, std::optional<std::string_view> dxml, unsigned long flags,
               std::optional<std::string_view> dname = std::nullopt,
               std::optional<std::string_view> uri = std::nullopt,
               unsigned long bandwidth = 0) const {
    return try_migrate_v2(dconn, dxml, flags, dname, uri, bandwidth).value();
  }
  //!@}
  //!@{
  /// Migrates to the host at connection URI @p dconnuri (a migration URI for
  /// VIR_MIGRATE_PEER2PEER's absence) with VIR_MIGRATE_PARAM_* @p params
  /// (virDomainMigrateToURI3).
  Expected<void> try_migrate_to_uri(std::optional<std::string_view> dconnuri,
                                    const TypedParams &params, unsigned flags = 0) const {
    detail::CStr u(dconnuri);
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainMigrateToURI3(this->dom(), u, p, static_cast<unsigned>(n), flags);
    });
  }
  void migrate_to_uri(std::optional<std::string_view> dconnuri, const TypedParams &params,
                      unsigned flags = 0) const {
    try_migrate_to_uri(dconnuri, params, flags).value();
  }
  //!@}
  //!@{
  /// Older form of migrate_to_uri() (virDomainMigrateToURI).
  Expected<void> try_migrate_to_uri_v1(std::string_view duri, unsigned long flags,
                                       std::optional<std::string_view> dname = std::nullopt,
                                       unsigned long bandwidth = 0) const {
    return detail::check(virDomainMigrateToURI(this->dom(), detail::CStr(duri), flags,
                                               detail::CStr(dname), bandwidth));
  }
  void migrate_to_uri_v1(std::string_view duri, unsigned long flags,
                         std::optional<std::string_view> dname = std::nullopt,
                         unsigned long bandwidth = 0) const {
    try_migrate_to_uri_v1(duri, flags, dname, bandwidth).value();
  }
  //!@}
  //!@{
  /// Older form of migrate_to_uri() with a migration URI and destination XML
  /// (virDomainMigrateToURI2).
  Expected<void> try_migrate_to_uri_v2(std::optional<std::string_view> dconnuri,
                                       std::optional<std::string_view> miguri,
                                       std::optional<std::string_view> dxml, unsigned long flags,
                                       std::optional<std::string_view> dname = std::nullopt,
                                       unsigned long bandwidth = 0) const {
    return detail::check(virDomainMigrateToURI2(this->dom(), detail::CStr(dconnuri),
                                                detail::CStr(miguri), detail::CStr(dxml), flags,
                                                detail::CStr(dname), bandwidth));
  }
  void migrate_to_uri_v2(std::optional<std::string_view> dconnuri,
                         std::optional<std::string_view> miguri,
                         std::optional<std::string_view> dxml, unsigned long flags,
                         std::optional<std::string_view> dname = std::nullopt,
                         unsigned long bandwidth = 0) const {
    try_migrate_to_uri_v2(dconnuri, miguri, dxml, flags, dname, bandwidth).value();
  }
  //!@}
  //!@{
  /// The tolerable downtime of a live migration (virDomainMigrateGetMaxDowntime).
  Expected<std::chrono::milliseconds> try_migrate_max_downtime(unsigned flags = 0) const {
    unsigned long long ms = 0;
    if (virDomainMigrateGetMaxDowntime(this->dom(), &ms, flags) < 0) return detail::last_error;
    return std::chrono::milliseconds(ms);
  }
  std::chrono::milliseconds migrate_max_downtime(unsigned flags = 0) const {
    return try_migrate_max_downtime(flags).value();
  }
  //!@}
  //!@{
  /// Sets the tolerable downtime (virDomainMigrateSetMaxDowntime).
  Expected<void> try_migrate_set_max_downtime(std::chrono::milliseconds downtime,
                                              unsigned flags = 0) const {
    return detail::check(virDomainMigrateSetMaxDowntime(
        this->dom(), static_cast<unsigned long long>(downtime.count()), flags));
  }
  void migrate_set_max_downtime(std::chrono::milliseconds downtime, unsigned flags = 0) const {
    try_migrate_set_max_downtime(downtime, flags).value();
  }
  //!@}
  //!@{
  /// The migration bandwidth limit in MiB/s (virDomainMigrateGetMaxSpeed).
  Expected<unsigned long> try_migrate_max_speed(unsigned flags = 0) const {
    unsigned long bw = 0;
    if (virDomainMigrateGetMaxSpeed(this->dom(), &bw, flags) < 0) return detail::last_error;
    return bw;
  }
  unsigned long migrate_max_speed(unsigned flags = 0) const {
    return try_migrate_max_speed(flags).value();
  }
  //!@}
  //!@{
  /// Sets the migration bandwidth limit in MiB/s (virDomainMigrateSetMaxSpeed).
  Expected<void> try_migrate_set_max_speed(unsigned long bandwidth, unsigned flags = 0) const {
    return detail::check(virDomainMigrateSetMaxSpeed(this->dom(), bandwidth, flags));
  }
  void migrate_set_max_speed(unsigned long bandwidth, unsigned flags = 0) const {
    try_migrate_set_max_speed(bandwidth, flags).value();
  }
  //!@}
  //!@{
  /// The XBZRLE compression cache size in bytes
  /// (virDomainMigrateGetCompressionCache).
  Expected<unsigned long long> try_migrate_compression_cache(unsigned flags = 0) const {
    unsigned long long size = 0;
    if (virDomainMigrateGetCompressionCache(this->dom(), &size, flags) < 0)
      return detail::last_error;
    return size;
  }
  unsigned long long migrate_compression_cache(unsigned flags = 0) const {
    return try_migrate_compression_cache(flags).value();
  }
  //!@}
  //!@{
  /// Sets the compression cache size in bytes (virDomainMigrateSetCompressionCache).
  Expected<void> try_migrate_set_compression_cache(unsigned long long size,
                                                   unsigned flags = 0) const {
    return detail::check(virDomainMigrateSetCompressionCache(this->dom(), size, flags));
  }
  void migrate_set_compression_cache(unsigned long long size, unsigned flags = 0) const {
    try_migrate_set_compression_cache(size, flags).value();
  }
  //!@}
  //!@{
  /// Switches the running migration to post-copy (virDomainMigrateStartPostCopy).
  Expected<void> try_migrate_start_post_copy(unsigned flags = 0) const {
    return detail::check(virDomainMigrateStartPostCopy(this->dom(), flags));
  }
  void migrate_start_post_copy(unsigned flags = 0) const {
    try_migrate_start_post_copy(flags).value();
  }
  //!@}
};

}  // namespace virtkit
