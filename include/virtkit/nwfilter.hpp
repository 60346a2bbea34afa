// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::NWFilter and virtkit::NWFilterBinding: network traffic filters.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// A network filter (virNWFilterPtr).
///
/// Copies share the filter object (virNWFilterRef / virNWFilterFree); a filter
/// keeps its connection open. Thread-safety: one filter may be used by any number
/// of threads at once; each call's error goes to the calling thread.
class NWFilter : public Handle<virNWFilterPtr, virNWFilterRef, virNWFilterFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The filter named @p name (virNWFilterLookupByName).
  static Expected<NWFilter> try_lookup_by_name(const Connection &conn, std::string_view name) {
    return detail::adopt<NWFilter>(virNWFilterLookupByName(conn.get(), detail::CStr(name)));
  }
  static NWFilter lookup_by_name(const Connection &conn, std::string_view name) {
    return try_lookup_by_name(conn, name).value();
  }
  //!@}
  //!@{
  /// The filter with the raw UUID @p uuid (virNWFilterLookupByUUID).
  static Expected<NWFilter> try_lookup_by_uuid(
      const Connection &conn, const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return detail::adopt<NWFilter>(virNWFilterLookupByUUID(conn.get(), uuid.data()));
  }
  static NWFilter lookup_by_uuid(const Connection &conn,
                                 const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return try_lookup_by_uuid(conn, uuid).value();
  }
  //!@}
  //!@{
  /// The filter with the UUID in its string form (virNWFilterLookupByUUIDString).
  static Expected<NWFilter> try_lookup_by_uuid_string(const Connection &conn,
                                                      std::string_view uuid) {
    return detail::adopt<NWFilter>(virNWFilterLookupByUUIDString(conn.get(), detail::CStr(uuid)));
  }
  static NWFilter lookup_by_uuid_string(const Connection &conn, std::string_view uuid) {
    return try_lookup_by_uuid_string(conn, uuid).value();
  }
  //!@}
  //!@{
  /// Defines a filter from XML, with VIR_NWFILTER_DEFINE_* @p flags
  /// (virNWFilterDefineXMLFlags; virNWFilterDefineXML when @p flags is 0).
  static Expected<NWFilter> try_define_xml(const Connection &conn, std::string_view xml,
                                           unsigned flags = 0) {
    detail::CStr x(xml);
    return detail::adopt<NWFilter>(flags ? virNWFilterDefineXMLFlags(conn.get(), x, flags)
                                         : virNWFilterDefineXML(conn.get(), x));
  }
  static NWFilter define_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_define_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// The filters (virConnectListAllNWFilters).
  static Expected<std::vector<NWFilter>> try_list_all(const Connection &conn, unsigned flags = 0) {
    virNWFilterPtr *filters = nullptr;
    int n = virConnectListAllNWFilters(conn.get(), &filters, flags);
    return detail::adopt_list<NWFilter>(filters, n);
  }
  static std::vector<NWFilter> list_all(const Connection &conn, unsigned flags = 0) {
    return try_list_all(conn, flags).value();
  }
  //!@}
  //!@{
  /// The filters' names; older than list_all, which should be preferred
  /// (virConnectNumOfNWFilters, virConnectListNWFilters).
  static Expected<std::vector<std::string>> try_list_names(const Connection &conn) {
    return detail::name_list(virConnectNumOfNWFilters(conn.get()), [&](char **names, int max) {
      return virConnectListNWFilters(conn.get(), names, max);
    });
  }
  static std::vector<std::string> list_names(const Connection &conn) {
    return try_list_names(conn).value();
  }
  //!@}
  //!@{
  /// The number of filters (virConnectNumOfNWFilters).
  static Expected<int> try_count(const Connection &conn) {
    return detail::count(virConnectNumOfNWFilters(conn.get()));
  }
  static int count(const Connection &conn) { return try_count(conn).value(); }
  //!@}

  //!@{
  /// The name (virNWFilterGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virNWFilterGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The raw UUID (virNWFilterGetUUID).
  Expected<std::array<unsigned char, VIR_UUID_BUFLEN>> try_uuid() const {
    return detail::uuid(virNWFilterGetUUID, p_);
  }
  std::array<unsigned char, VIR_UUID_BUFLEN> uuid() const { return try_uuid().value(); }
  //!@}
  //!@{
  /// The UUID in its string form (virNWFilterGetUUIDString).
  Expected<std::string> try_uuid_string() const {
    return detail::uuid_string(virNWFilterGetUUIDString, p_);
  }
  std::string uuid_string() const { return try_uuid_string().value(); }
  //!@}
  //!@{
  /// The XML description (virNWFilterGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virNWFilterGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// Removes the filter (virNWFilterUndefine).
  Expected<void> try_undefine() const { return detail::check(virNWFilterUndefine(p_)); }
  void undefine() const { try_undefine().value(); }
  //!@}
};

/// A filter bound to a port device (virNWFilterBindingPtr).
///
/// Copies share the binding object (virNWFilterBindingRef / virNWFilterBindingFree).
/// Thread-safety: as NWFilter.
class NWFilterBinding
    : public Handle<virNWFilterBindingPtr, virNWFilterBindingRef, virNWFilterBindingFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The binding of the port device @p port_dev (virNWFilterBindingLookupByPortDev).
  static Expected<NWFilterBinding> try_lookup_by_port_dev(const Connection &conn,
                                                          std::string_view port_dev) {
    return detail::adopt<NWFilterBinding>(
        virNWFilterBindingLookupByPortDev(conn.get(), detail::CStr(port_dev)));
  }
  static NWFilterBinding lookup_by_port_dev(const Connection &conn, std::string_view port_dev) {
    return try_lookup_by_port_dev(conn, port_dev).value();
  }
  //!@}
  //!@{
  /// Binds a filter to a port device from XML (virNWFilterBindingCreateXML).
  static Expected<NWFilterBinding> try_create_xml(const Connection &conn, std::string_view xml,
                                                  unsigned flags = 0) {
    return detail::adopt<NWFilterBinding>(
        virNWFilterBindingCreateXML(conn.get(), detail::CStr(xml), flags));
  }
  static NWFilterBinding create_xml(const Connection &conn, std::string_view xml,
                                    unsigned flags = 0) {
    return try_create_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// The bindings (virConnectListAllNWFilterBindings).
  static Expected<std::vector<NWFilterBinding>> try_list_all(const Connection &conn,
                                                             unsigned flags = 0) {
    virNWFilterBindingPtr *bindings = nullptr;
    int n = virConnectListAllNWFilterBindings(conn.get(), &bindings, flags);
    return detail::adopt_list<NWFilterBinding>(bindings, n);
  }
  static std::vector<NWFilterBinding> list_all(const Connection &conn, unsigned flags = 0) {
    return try_list_all(conn, flags).value();
  }
  //!@}

  //!@{
  /// The port device's name (virNWFilterBindingGetPortDev).
  Expected<std::string> try_port_dev() const {
    return detail::borrowed(virNWFilterBindingGetPortDev(p_));
  }
  std::string port_dev() const { return try_port_dev().value(); }
  //!@}
  //!@{
  /// The bound filter's name (virNWFilterBindingGetFilterName).
  Expected<std::string> try_filter_name() const {
    return detail::borrowed(virNWFilterBindingGetFilterName(p_));
  }
  std::string filter_name() const { return try_filter_name().value(); }
  //!@}
  //!@{
  /// The XML description (virNWFilterBindingGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virNWFilterBindingGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// Removes the binding, unbinding the filter (virNWFilterBindingDelete).
  Expected<void> try_remove() const { return detail::check(virNWFilterBindingDelete(p_)); }
  void remove() const { try_remove().value(); }
  //!@}
};

}  // namespace virtkit
