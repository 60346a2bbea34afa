// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Secret: secrets (passphrases, keys) kept by the host.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// A secret (virSecretPtr).
///
/// Copies share the secret object (virSecretRef / virSecretFree); a secret keeps
/// its connection open. Thread-safety: one secret may be used by any number of
/// threads at once; each call's error goes to the calling thread.
class Secret : public Handle<virSecretPtr, virSecretRef, virSecretFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The secret with the raw UUID @p uuid (virSecretLookupByUUID).
  static Expected<Secret> try_lookup_by_uuid(
      const Connection &conn, const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return detail::adopt<Secret>(virSecretLookupByUUID(conn.get(), uuid.data()));
  }
  static Secret lookup_by_uuid(const Connection &conn,
                               const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return try_lookup_by_uuid(conn, uuid).value();
  }
  //!@}
  //!@{
  /// The secret with the UUID in its string form (virSecretLookupByUUIDString).
  static Expected<Secret> try_lookup_by_uuid_string(const Connection &conn, std::string_view uuid) {
    return detail::adopt<Secret>(virSecretLookupByUUIDString(conn.get(), detail::CStr(uuid)));
  }
  static Secret lookup_by_uuid_string(const Connection &conn, std::string_view uuid) {
    return try_lookup_by_uuid_string(conn, uuid).value();
  }
  //!@}
  //!@{
  /// The secret used for @p usage_id, an object of type @p usage_type (a
  /// virSecretUsageType) (virSecretLookupByUsage).
  static Expected<Secret> try_lookup_by_usage(const Connection &conn, int usage_type,
                                              std::string_view usage_id) {
    return detail::adopt<Secret>(
        virSecretLookupByUsage(conn.get(), usage_type, detail::CStr(usage_id)));
  }
  static Secret lookup_by_usage(const Connection &conn, int usage_type, std::string_view usage_id) {
    return try_lookup_by_usage(conn, usage_type, usage_id).value();
  }
  //!@}
  //!@{
  /// Defines a secret (without its value) from XML, with VIR_SECRET_DEFINE_*
  /// @p flags (virSecretDefineXML).
  static Expected<Secret> try_define_xml(const Connection &conn, std::string_view xml,
                                         unsigned flags = 0) {
    return detail::adopt<Secret>(virSecretDefineXML(conn.get(), detail::CStr(xml), flags));
  }
  static Secret define_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_define_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// The secrets, filtered by VIR_CONNECT_LIST_SECRETS_* @p flags
  /// (virConnectListAllSecrets).
  static Expected<std::vector<Secret>> try_list_all(const Connection &conn, unsigned flags = 0) {
    virSecretPtr *secrets = nullptr;
    int n = virConnectListAllSecrets(conn.get(), &secrets, flags);
    return detail::adopt_list<Secret>(secrets, n);
  }
  static std::vector<Secret> list_all(const Connection &conn, unsigned flags = 0) {
    return try_list_all(conn, flags).value();
  }
  //!@}
  //!@{
  /// The secrets' UUID strings; older than list_all, which should be preferred
  /// (virConnectNumOfSecrets, virConnectListSecrets).
  static Expected<std::vector<std::string>> try_list_uuids(const Connection &conn) {
    return detail::name_list(virConnectNumOfSecrets(conn.get()), [&](char **uuids, int max) {
      return virConnectListSecrets(conn.get(), uuids, max);
    });
  }
  static std::vector<std::string> list_uuids(const Connection &conn) {
    return try_list_uuids(conn).value();
  }
  //!@}
  //!@{
  /// The number of secrets (virConnectNumOfSecrets).
  static Expected<int> try_count(const Connection &conn) {
    return detail::count(virConnectNumOfSecrets(conn.get()));
  }
  static int count(const Connection &conn) { return try_count(conn).value(); }
  //!@}

  //!@{
  /// The connection this secret belongs to (a new reference; virSecretGetConnect).
  Expected<Connection> try_connection() const {
    return detail::shared<Connection>(virSecretGetConnect(p_));
  }
  Connection connection() const { return try_connection().value(); }
  //!@}
  //!@{
  /// The raw UUID (virSecretGetUUID).
  Expected<std::array<unsigned char, VIR_UUID_BUFLEN>> try_uuid() const {
    return detail::uuid(virSecretGetUUID, p_);
  }
  std::array<unsigned char, VIR_UUID_BUFLEN> uuid() const { return try_uuid().value(); }
  //!@}
  //!@{
  /// The UUID in its string form (virSecretGetUUIDString).
  Expected<std::string> try_uuid_string() const {
    return detail::uuid_string(virSecretGetUUIDString, p_);
  }
  std::string uuid_string() const { return try_uuid_string().value(); }
  //!@}
  //!@{
  /// The type of object the secret is for (virSecretGetUsageType).
  Expected<virSecretUsageType> try_usage_type() const {
    return detail::count<virSecretUsageType>(virSecretGetUsageType(p_));
  }
  virSecretUsageType usage_type() const { return try_usage_type().value(); }
  //!@}
  //!@{
  /// The object the secret is for, e.g. a volume's path (virSecretGetUsageID).
  Expected<std::string> try_usage_id() const { return detail::borrowed(virSecretGetUsageID(p_)); }
  std::string usage_id() const { return try_usage_id().value(); }
  //!@}
  //!@{
  /// The XML description (virSecretGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virSecretGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// The value (virSecretGetValue); the C copy is cleared before it is freed.
  Expected<std::vector<std::byte>> try_value(unsigned flags = 0) const {
    size_t size = 0;
    unsigned char *v = virSecretGetValue(p_, &size, flags);
    if (!v) return detail::last_error;
    struct Clear {  // wipes and frees the C copy on every path
      unsigned char *v;
      size_t n;
      ~Clear() {
        volatile unsigned char *p = v;
        for (size_t i = 0; i < n; i++) p[i] = 0;
        std::free(v);
      }
    } guard{v, size};
    std::vector<std::byte> out(size);
    if (size) std::memcpy(out.data(), v, size);
    return out;
  }
  std::vector<std::byte> value(unsigned flags = 0) const { return try_value(flags).value(); }
  //!@}
  //!@{
  /// Sets the value; an empty one is passed as an empty buffer, never NULL
  /// (virSecretSetValue).
  Expected<void> try_set_value(std::span<const std::byte> value, unsigned flags = 0) const {
    static const unsigned char none = 0;
    const auto *v = value.empty() ? &none : reinterpret_cast<const unsigned char *>(value.data());
    return detail::check(virSecretSetValue(p_, v, value.size(), flags));
  }
  void set_value(std::span<const std::byte> value, unsigned flags = 0) const {
    try_set_value(value, flags).value();
  }
  //!@}
  //!@{
  /// Removes the secret and its value (virSecretUndefine).
  Expected<void> try_undefine() const { return detail::check(virSecretUndefine(p_)); }
  void undefine() const { try_undefine().value(); }
  //!@}
};

}  // namespace virtkit
