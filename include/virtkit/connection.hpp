// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Connection: a hypervisor connection and the host's calls.
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

class Domain;

/// A hypervisor connection (virConnectPtr).
///
/// Copies share the connection; the last one closes it (virConnectClose).
/// Thread-safety: as libvirt's connections, one connection may be used by any
/// number of threads at once; each call's error goes to the calling thread.
class Connection : public Handle<virConnectPtr, virConnectRef, virConnectClose> {
 public:
  using Handle::Handle;

  //!@{
  /// Opens a connection to @p uri (virConnectOpen); an empty URI picks the default.
  static Expected<Connection> try_open(std::string_view uri) {
    return detail::adopt<Connection>(virConnectOpen(detail::CStr(uri)));
  }
  static Connection open(std::string_view uri) { return try_open(uri).value(); }
  //!@}
  //!@{
  /// Opens a read-only connection (virConnectOpenReadOnly).
  static Expected<Connection> try_open_read_only(std::string_view uri) {
    return detail::adopt<Connection>(virConnectOpenReadOnly(detail::CStr(uri)));
  }
  static Connection open_read_only(std::string_view uri) { return try_open_read_only(uri).value(); }
  //!@}

  //!@{
  /// The connection's canonical URI (virConnectGetURI).
  Expected<std::string> try_uri() const { return detail::owned(virConnectGetURI(p_)); }
  std::string uri() const { return try_uri().value(); }
  //!@}
  //!@{
  /// The host's name (virConnectGetHostname).
  Expected<std::string> try_hostname() const { return detail::owned(virConnectGetHostname(p_)); }
  std::string hostname() const { return try_hostname().value(); }
  //!@}
  //!@{
  /// The driver's name, e.g. "QEMU" or "TEST" (virConnectGetType).
  Expected<std::string> try_type() const { return detail::borrowed(virConnectGetType(p_)); }
  std::string type() const { return try_type().value(); }
  //!@}
  //!@{
  /// The hypervisor's version, major * 1,000,000 + minor * 1,000 + release
  /// (virConnectGetVersion).
  Expected<unsigned long> try_version() const {
    unsigned long v = 0;
    if (virConnectGetVersion(p_, &v) < 0) return Error::last();
    return v;
  }
  unsigned long version() const { return try_version().value(); }
  //!@}
  //!@{
  /// The library's version as libvirt encodes it (virConnectGetLibVersion).
  Expected<unsigned long> try_lib_version() const {
    unsigned long v = 0;
    if (virConnectGetLibVersion(p_, &v) < 0) return Error::last();
    return v;
  }
  unsigned long lib_version() const { return try_lib_version().value(); }
  //!@}
  //!@{
  /// The host's CPU and memory summary (virNodeGetInfo).
  Expected<virNodeInfo> try_node_info() const {
    virNodeInfo info{};
    if (virNodeGetInfo(p_, &info) < 0) return Error::last();
    return info;
  }
  virNodeInfo node_info() const { return try_node_info().value(); }
  //!@}
  //!@{
  /// Whether the connection still works (virConnectIsAlive).
  Expected<bool> try_is_alive() const { return detail::flag(virConnectIsAlive(p_)); }
  bool is_alive() const { return try_is_alive().value(); }
  //!@}

  // Domains: kept here for existing callers; Domain has the same as static calls.
  //!@{
  /// The domains, filtered by VIR_CONNECT_LIST_DOMAINS_* @p flags (virConnectListAllDomains).
  inline Expected<std::vector<Domain>> try_list_all_domains(unsigned flags = 0) const;
  inline std::vector<Domain> list_all_domains(unsigned flags = 0) const;
  //!@}
  //!@{
  /// Domain::lookup_by_name.
  inline Expected<Domain> try_lookup_domain_by_name(std::string_view name) const;
  inline Domain lookup_domain_by_name(std::string_view name) const;
  //!@}
  //!@{
  /// Domain::lookup_by_id.
  inline Expected<Domain> try_lookup_domain_by_id(int id) const;
  inline Domain lookup_domain_by_id(int id) const;
  //!@}
  //!@{
  /// Domain::lookup_by_uuid_string.
  inline Expected<Domain> try_lookup_domain_by_uuid_string(std::string_view uuid) const;
  inline Domain lookup_domain_by_uuid_string(std::string_view uuid) const;
  //!@}
  //!@{
  /// Domain::define_xml.
  inline Expected<Domain> try_define_xml(std::string_view xml, unsigned flags = 0) const;
  inline Domain define_xml(std::string_view xml, unsigned flags = 0) const;
  //!@}
  //!@{
  /// Domain::create_xml.
  inline Expected<Domain> try_create_xml(std::string_view xml, unsigned flags = 0) const;
  inline Domain create_xml(std::string_view xml, unsigned flags = 0) const;
  //!@}
};

}  // namespace virtkit
