// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::StoragePool and virtkit::StorageVolume: storage pools and their volumes.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>
#include <virtkit/stream.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

class StorageVolume;

/// A storage pool (virStoragePoolPtr).
///
/// Copies share the pool object (virStoragePoolRef / virStoragePoolFree).
/// Thread-safety: as libvirt's pool objects, one pool may be used by any number
/// of threads at once; each call's error goes to the calling thread.
class StoragePool : public Handle<virStoragePoolPtr, virStoragePoolRef, virStoragePoolFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The pool named @p name (virStoragePoolLookupByName).
  static Expected<StoragePool> try_lookup_by_name(const Connection &conn, std::string_view name) {
    return detail::adopt<StoragePool>(virStoragePoolLookupByName(conn.get(), detail::CStr(name)));
  }
  static StoragePool lookup_by_name(const Connection &conn, std::string_view name) {
    return try_lookup_by_name(conn, name).value();
  }
  //!@}
  //!@{
  /// The pool with the raw UUID @p uuid (virStoragePoolLookupByUUID).
  static Expected<StoragePool> try_lookup_by_uuid(
      const Connection &conn, const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return detail::adopt<StoragePool>(virStoragePoolLookupByUUID(conn.get(), uuid.data()));
  }
  static StoragePool lookup_by_uuid(const Connection &conn,
                                    const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return try_lookup_by_uuid(conn, uuid).value();
  }
  //!@}
  //!@{
  /// The pool with the UUID in its string form (virStoragePoolLookupByUUIDString).
  static Expected<StoragePool> try_lookup_by_uuid_string(const Connection &conn,
                                                         std::string_view uuid) {
    return detail::adopt<StoragePool>(
        virStoragePoolLookupByUUIDString(conn.get(), detail::CStr(uuid)));
  }
  static StoragePool lookup_by_uuid_string(const Connection &conn, std::string_view uuid) {
    return try_lookup_by_uuid_string(conn, uuid).value();
  }
  //!@}
  //!@{
  /// The pool holding @p vol (virStoragePoolLookupByVolume).
  static inline Expected<StoragePool> try_lookup_by_volume(const StorageVolume &vol);
  static inline StoragePool lookup_by_volume(const StorageVolume &vol);
  //!@}
  //!@{
  /// The pool whose target is the directory @p path (virStoragePoolLookupByTargetPath).
  static Expected<StoragePool> try_lookup_by_target_path(const Connection &conn,
                                                         std::string_view path) {
    return detail::adopt<StoragePool>(
        virStoragePoolLookupByTargetPath(conn.get(), detail::CStr(path)));
  }
  static StoragePool lookup_by_target_path(const Connection &conn, std::string_view path) {
    return try_lookup_by_target_path(conn, path).value();
  }
  //!@}
  //!@{
  /// Creates and starts a transient pool from XML, with
  /// VIR_STORAGE_POOL_CREATE_* @p flags (virStoragePoolCreateXML).
  static Expected<StoragePool> try_create_xml(const Connection &conn, std::string_view xml,
                                              unsigned flags = 0) {
    return detail::adopt<StoragePool>(
        virStoragePoolCreateXML(conn.get(), detail::CStr(xml), flags));
  }
  static StoragePool create_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_create_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// Defines a persistent, inactive pool from XML (virStoragePoolDefineXML).
  static Expected<StoragePool> try_define_xml(const Connection &conn, std::string_view xml,
                                              unsigned flags = 0) {
    return detail::adopt<StoragePool>(
        virStoragePoolDefineXML(conn.get(), detail::CStr(xml), flags));
  }
  static StoragePool define_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_define_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// The pools, filtered by VIR_CONNECT_LIST_STORAGE_POOLS_* @p flags
  /// (virConnectListAllStoragePools).
  static Expected<std::vector<StoragePool>> try_list_all(const Connection &conn,
                                                         unsigned flags = 0) {
    virStoragePoolPtr *pools = nullptr;
    int n = virConnectListAllStoragePools(conn.get(), &pools, flags);
    return detail::adopt_list<StoragePool>(pools, n);
  }
  static std::vector<StoragePool> list_all(const Connection &conn, unsigned flags = 0) {
    return try_list_all(conn, flags).value();
  }
  //!@}
  //!@{
  /// The names of the active pools (deprecated: virConnectListStoragePools with
  /// virConnectNumOfStoragePools; list_all() is race-free).
  static Expected<std::vector<std::string>> try_list_names(const Connection &conn) {
    return detail::name_list(virConnectNumOfStoragePools(conn.get()), [&](char **n, int max) {
      return virConnectListStoragePools(conn.get(), n, max);
    });
  }
  static std::vector<std::string> list_names(const Connection &conn) {
    return try_list_names(conn).value();
  }
  //!@}
  //!@{
  /// The names of the inactive pools (deprecated: virConnectListDefinedStoragePools
  /// with virConnectNumOfDefinedStoragePools).
  static Expected<std::vector<std::string>> try_list_defined_names(const Connection &conn) {
    return detail::name_list(
        virConnectNumOfDefinedStoragePools(conn.get()),
        [&](char **n, int max) { return virConnectListDefinedStoragePools(conn.get(), n, max); });
  }
  static std::vector<std::string> list_defined_names(const Connection &conn) {
    return try_list_defined_names(conn).value();
  }
  //!@}
  //!@{
  /// The number of active pools (virConnectNumOfStoragePools).
  static Expected<int> try_count(const Connection &conn) {
    return detail::count(virConnectNumOfStoragePools(conn.get()));
  }
  static int count(const Connection &conn) { return try_count(conn).value(); }
  //!@}
  //!@{
  /// The number of inactive pools (virConnectNumOfDefinedStoragePools).
  static Expected<int> try_count_defined(const Connection &conn) {
    return detail::count(virConnectNumOfDefinedStoragePools(conn.get()));
  }
  static int count_defined(const Connection &conn) { return try_count_defined(conn).value(); }
  //!@}
  //!@{
  /// Pool sources of @p type the host offers, as XML; @p spec (XML) narrows the
  /// search (virConnectFindStoragePoolSources).
  static Expected<std::string> try_find_sources(const Connection &conn, std::string_view type,
                                                std::optional<std::string_view> spec = {},
                                                unsigned flags = 0) {
    return detail::owned(virConnectFindStoragePoolSources(conn.get(), detail::CStr(type),
                                                          detail::CStr(spec), flags));
  }
  static std::string find_sources(const Connection &conn, std::string_view type,
                                  std::optional<std::string_view> spec = {}, unsigned flags = 0) {
    return try_find_sources(conn, type, spec, flags).value();
  }
  //!@}
  //!@{
  /// The storage pool capabilities XML (virConnectGetStoragePoolCapabilities).
  static Expected<std::string> try_capabilities(const Connection &conn, unsigned flags = 0) {
    return detail::owned(virConnectGetStoragePoolCapabilities(conn.get(), flags));
  }
  static std::string capabilities(const Connection &conn, unsigned flags = 0) {
    return try_capabilities(conn, flags).value();
  }
  //!@}

  /// The connection this pool belongs to (a new reference; virStoragePoolGetConnect).
  Connection connection() const {
    virConnectPtr c = virStoragePoolGetConnect(p_);
    if (!c) throw Error::last();
    virConnectRef(c);
    return Connection(c);
  }

  //!@{
  /// The name (virStoragePoolGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virStoragePoolGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The raw UUID (virStoragePoolGetUUID).
  Expected<std::array<unsigned char, VIR_UUID_BUFLEN>> try_uuid() const {
    std::array<unsigned char, VIR_UUID_BUFLEN> u{};
    if (virStoragePoolGetUUID(p_, u.data()) < 0) return detail::last_error;
    return u;
  }
  std::array<unsigned char, VIR_UUID_BUFLEN> uuid() const { return try_uuid().value(); }
  //!@}
  //!@{
  /// The UUID in its string form (virStoragePoolGetUUIDString).
  Expected<std::string> try_uuid_string() const {
    char buf[VIR_UUID_STRING_BUFLEN];
    if (virStoragePoolGetUUIDString(p_, buf) < 0) return detail::last_error;
    return std::string(buf);
  }
  std::string uuid_string() const { return try_uuid_string().value(); }
  //!@}
  //!@{
  /// State, capacity, allocation and available bytes (virStoragePoolGetInfo).
  Expected<virStoragePoolInfo> try_info() const {
    virStoragePoolInfo info{};
    if (virStoragePoolGetInfo(p_, &info) < 0) return detail::last_error;
    return info;
  }
  virStoragePoolInfo info() const { return try_info().value(); }
  //!@}
  //!@{
  /// The XML description, with VIR_STORAGE_XML_* @p flags (virStoragePoolGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virStoragePoolGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// Whether the pool starts with the host (virStoragePoolGetAutostart).
  Expected<bool> try_autostart() const {
    int a = 0;
    if (virStoragePoolGetAutostart(p_, &a) < 0) return detail::last_error;
    return a != 0;
  }
  bool autostart() const { return try_autostart().value(); }
  //!@}
  //!@{
  /// Makes the pool start with the host or not (virStoragePoolSetAutostart).
  Expected<void> try_set_autostart(bool autostart) const {
    return detail::check(virStoragePoolSetAutostart(p_, autostart ? 1 : 0));
  }
  void set_autostart(bool autostart) const { try_set_autostart(autostart).value(); }
  //!@}
  //!@{
  /// Whether the pool is active (virStoragePoolIsActive).
  Expected<bool> try_is_active() const { return detail::flag(virStoragePoolIsActive(p_)); }
  bool is_active() const { return try_is_active().value(); }
  //!@}
  //!@{
  /// Whether the pool has a persistent definition (virStoragePoolIsPersistent).
  Expected<bool> try_is_persistent() const { return detail::flag(virStoragePoolIsPersistent(p_)); }
  bool is_persistent() const { return try_is_persistent().value(); }
  //!@}
  //!@{
  /// Builds the underlying storage, with VIR_STORAGE_POOL_BUILD_* @p flags
  /// (virStoragePoolBuild).
  Expected<void> try_build(unsigned flags = 0) const {
    return detail::check(virStoragePoolBuild(p_, flags));
  }
  void build(unsigned flags = 0) const { try_build(flags).value(); }
  //!@}
  //!@{
  /// Starts the defined pool (virStoragePoolCreate).
  Expected<void> try_create(unsigned flags = 0) const {
    return detail::check(virStoragePoolCreate(p_, flags));
  }
  void create(unsigned flags = 0) const { try_create(flags).value(); }
  //!@}
  //!@{
  /// Stops the pool; its data stays (virStoragePoolDestroy).
  Expected<void> try_destroy() const { return detail::check(virStoragePoolDestroy(p_)); }
  void destroy() const { try_destroy().value(); }
  //!@}
  //!@{
  /// Deletes the inactive pool's underlying storage, with
  /// VIR_STORAGE_POOL_DELETE_* @p flags (virStoragePoolDelete).
  Expected<void> try_remove(unsigned flags = 0) const {
    return detail::check(virStoragePoolDelete(p_, flags));
  }
  void remove(unsigned flags = 0) const { try_remove(flags).value(); }
  //!@}
  //!@{
  /// Removes the persistent definition (virStoragePoolUndefine).
  Expected<void> try_undefine() const { return detail::check(virStoragePoolUndefine(p_)); }
  void undefine() const { try_undefine().value(); }
  //!@}
  //!@{
  /// Rescans the pool's volumes (virStoragePoolRefresh).
  Expected<void> try_refresh(unsigned flags = 0) const {
    return detail::check(virStoragePoolRefresh(p_, flags));
  }
  void refresh(unsigned flags = 0) const { try_refresh(flags).value(); }
  //!@}
};

/// A storage volume (virStorageVolPtr).
///
/// Copies share the volume object (virStorageVolRef / virStorageVolFree).
/// Thread-safety: as libvirt's volume objects, one volume may be used by any
/// number of threads at once; each call's error goes to the calling thread.
class StorageVolume : public Handle<virStorageVolPtr, virStorageVolRef, virStorageVolFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The volume named @p name in @p pool (virStorageVolLookupByName).
  static Expected<StorageVolume> try_lookup_by_name(const StoragePool &pool,
                                                    std::string_view name) {
    return detail::adopt<StorageVolume>(virStorageVolLookupByName(pool.get(), detail::CStr(name)));
  }
  static StorageVolume lookup_by_name(const StoragePool &pool, std::string_view name) {
    return try_lookup_by_name(pool, name).value();
  }
  //!@}
  //!@{
  /// The volume with the key @p key (virStorageVolLookupByKey).
  static Expected<StorageVolume> try_lookup_by_key(const Connection &conn, std::string_view key) {
    return detail::adopt<StorageVolume>(virStorageVolLookupByKey(conn.get(), detail::CStr(key)));
  }
  static StorageVolume lookup_by_key(const Connection &conn, std::string_view key) {
    return try_lookup_by_key(conn, key).value();
  }
  //!@}
  //!@{
  /// The volume at @p path (virStorageVolLookupByPath).
  static Expected<StorageVolume> try_lookup_by_path(const Connection &conn, std::string_view path) {
    return detail::adopt<StorageVolume>(virStorageVolLookupByPath(conn.get(), detail::CStr(path)));
  }
  static StorageVolume lookup_by_path(const Connection &conn, std::string_view path) {
    return try_lookup_by_path(conn, path).value();
  }
  //!@}
  //!@{
  /// Creates a volume in @p pool from XML, with VIR_STORAGE_VOL_CREATE_* @p flags
  /// (virStorageVolCreateXML).
  static Expected<StorageVolume> try_create_xml(const StoragePool &pool, std::string_view xml,
                                                unsigned flags = 0) {
    return detail::adopt<StorageVolume>(
        virStorageVolCreateXML(pool.get(), detail::CStr(xml), flags));
  }
  static StorageVolume create_xml(const StoragePool &pool, std::string_view xml,
                                  unsigned flags = 0) {
    return try_create_xml(pool, xml, flags).value();
  }
  //!@}
  //!@{
  /// Creates a volume in @p pool from XML with @p source's contents
  /// (virStorageVolCreateXMLFrom).
  static Expected<StorageVolume> try_create_xml_from(const StoragePool &pool, std::string_view xml,
                                                     const StorageVolume &source,
                                                     unsigned flags = 0) {
    return detail::adopt<StorageVolume>(
        virStorageVolCreateXMLFrom(pool.get(), detail::CStr(xml), source.get(), flags));
  }
  static StorageVolume create_xml_from(const StoragePool &pool, std::string_view xml,
                                       const StorageVolume &source, unsigned flags = 0) {
    return try_create_xml_from(pool, xml, source, flags).value();
  }
  //!@}
  //!@{
  /// The volumes of @p pool (virStoragePoolListAllVolumes).
  static Expected<std::vector<StorageVolume>> try_list_all(const StoragePool &pool,
                                                           unsigned flags = 0) {
    virStorageVolPtr *vols = nullptr;
    int n = virStoragePoolListAllVolumes(pool.get(), &vols, flags);
    return detail::adopt_list<StorageVolume>(vols, n);
  }
  static std::vector<StorageVolume> list_all(const StoragePool &pool, unsigned flags = 0) {
    return try_list_all(pool, flags).value();
  }
  //!@}
  //!@{
  /// The names of @p pool's volumes (deprecated: virStoragePoolListVolumes with
  /// virStoragePoolNumOfVolumes; list_all() is race-free).
  static Expected<std::vector<std::string>> try_list_names(const StoragePool &pool) {
    return detail::name_list(virStoragePoolNumOfVolumes(pool.get()), [&](char **n, int max) {
      return virStoragePoolListVolumes(pool.get(), n, max);
    });
  }
  static std::vector<std::string> list_names(const StoragePool &pool) {
    return try_list_names(pool).value();
  }
  //!@}
  //!@{
  /// The number of volumes in @p pool (virStoragePoolNumOfVolumes).
  static Expected<int> try_count(const StoragePool &pool) {
    return detail::count(virStoragePoolNumOfVolumes(pool.get()));
  }
  static int count(const StoragePool &pool) { return try_count(pool).value(); }
  //!@}

  /// The connection this volume belongs to (a new reference; virStorageVolGetConnect).
  Connection connection() const {
    virConnectPtr c = virStorageVolGetConnect(p_);
    if (!c) throw Error::last();
    virConnectRef(c);
    return Connection(c);
  }
  //!@{
  /// The pool holding this volume (virStoragePoolLookupByVolume).
  Expected<StoragePool> try_pool() const { return StoragePool::try_lookup_by_volume(*this); }
  StoragePool pool() const { return try_pool().value(); }
  //!@}

  //!@{
  /// The name (virStorageVolGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virStorageVolGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The key, unique on the host (virStorageVolGetKey).
  Expected<std::string> try_key() const { return detail::borrowed(virStorageVolGetKey(p_)); }
  std::string key() const { return try_key().value(); }
  //!@}
  //!@{
  /// The path on the host (virStorageVolGetPath).
  Expected<std::string> try_path() const { return detail::owned(virStorageVolGetPath(p_)); }
  std::string path() const { return try_path().value(); }
  //!@}
  //!@{
  /// Type, capacity and allocation, with VIR_STORAGE_VOL_GET_* @p flags
  /// (virStorageVolGetInfoFlags; virStorageVolGetInfo when @p flags is 0).
  Expected<virStorageVolInfo> try_info(unsigned flags = 0) const {
    virStorageVolInfo info{};
    int rc = flags ? virStorageVolGetInfoFlags(p_, &info, flags) : virStorageVolGetInfo(p_, &info);
    if (rc < 0) return detail::last_error;
    return info;
  }
  virStorageVolInfo info(unsigned flags = 0) const { return try_info(flags).value(); }
  //!@}
  //!@{
  /// The XML description (virStorageVolGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virStorageVolGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// Deletes the volume, with VIR_STORAGE_VOL_DELETE_* @p flags (virStorageVolDelete).
  Expected<void> try_remove(unsigned flags = 0) const {
    return detail::check(virStorageVolDelete(p_, flags));
  }
  void remove(unsigned flags = 0) const { try_remove(flags).value(); }
  //!@}
  //!@{
  /// Overwrites the volume's data with zeroes (virStorageVolWipe).
  Expected<void> try_wipe(unsigned flags = 0) const {
    return detail::check(virStorageVolWipe(p_, flags));
  }
  void wipe(unsigned flags = 0) const { try_wipe(flags).value(); }
  //!@}
  //!@{
  /// Overwrites the volume's data with a VIR_STORAGE_VOL_WIPE_ALG_* pattern
  /// (virStorageVolWipePattern).
  Expected<void> try_wipe_pattern(unsigned algorithm, unsigned flags = 0) const {
    return detail::check(virStorageVolWipePattern(p_, algorithm, flags));
  }
  void wipe_pattern(unsigned algorithm, unsigned flags = 0) const {
    try_wipe_pattern(algorithm, flags).value();
  }
  //!@}
  //!@{
  /// Changes the capacity, with VIR_STORAGE_VOL_RESIZE_* @p flags (virStorageVolResize).
  Expected<void> try_resize(unsigned long long capacity, unsigned flags = 0) const {
    return detail::check(virStorageVolResize(p_, capacity, flags));
  }
  void resize(unsigned long long capacity, unsigned flags = 0) const {
    try_resize(capacity, flags).value();
  }
  //!@}
  //!@{
  /// Starts reading @p length bytes (0: to the end) from @p offset into @p stream,
  /// which then gives the data (virStorageVolDownload).
  Expected<void> try_download(const Stream &stream, unsigned long long offset = 0,
                              unsigned long long length = 0, unsigned flags = 0) const {
    return detail::check(virStorageVolDownload(p_, stream.get(), offset, length, flags));
  }
  void download(const Stream &stream, unsigned long long offset = 0, unsigned long long length = 0,
                unsigned flags = 0) const {
    try_download(stream, offset, length, flags).value();
  }
  //!@}
  //!@{
  /// Starts writing @p length bytes (0: to the end) at @p offset from @p stream,
  /// which then takes the data (virStorageVolUpload).
  Expected<void> try_upload(const Stream &stream, unsigned long long offset = 0,
                            unsigned long long length = 0, unsigned flags = 0) const {
    return detail::check(virStorageVolUpload(p_, stream.get(), offset, length, flags));
  }
  void upload(const Stream &stream, unsigned long long offset = 0, unsigned long long length = 0,
              unsigned flags = 0) const {
    try_upload(stream, offset, length, flags).value();
  }
  //!@}
};

inline Expected<StoragePool> StoragePool::try_lookup_by_volume(const StorageVolume &vol) {
  return detail::adopt<StoragePool>(virStoragePoolLookupByVolume(vol.get()));
}
inline StoragePool StoragePool::lookup_by_volume(const StorageVolume &vol) {
  return try_lookup_by_volume(vol).value();
}

}  // namespace virtkit
