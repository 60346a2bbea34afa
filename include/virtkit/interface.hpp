// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Interface: the host's network interfaces.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// A host network interface (virInterfacePtr).
///
/// Copies share the interface object (virInterfaceRef / virInterfaceFree); an
/// interface keeps its connection open. Thread-safety: one interface may be used
/// by any number of threads at once; each call's error goes to the calling thread.
class Interface : public Handle<virInterfacePtr, virInterfaceRef, virInterfaceFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The interface named @p name (virInterfaceLookupByName).
  static Expected<Interface> try_lookup_by_name(const Connection &conn, std::string_view name) {
    return detail::adopt<Interface>(virInterfaceLookupByName(conn.get(), detail::CStr(name)));
  }
  static Interface lookup_by_name(const Connection &conn, std::string_view name) {
    return try_lookup_by_name(conn, name).value();
  }
  //!@}
  //!@{
  /// The active interface with the MAC address @p mac (virInterfaceLookupByMACString).
  static Expected<Interface> try_lookup_by_mac_string(const Connection &conn,
                                                      std::string_view mac) {
    return detail::adopt<Interface>(virInterfaceLookupByMACString(conn.get(), detail::CStr(mac)));
  }
  static Interface lookup_by_mac_string(const Connection &conn, std::string_view mac) {
    return try_lookup_by_mac_string(conn, mac).value();
  }
  //!@}
  //!@{
  /// Defines an interface from XML, with VIR_INTERFACE_DEFINE_* @p flags
  /// (virInterfaceDefineXML).
  static Expected<Interface> try_define_xml(const Connection &conn, std::string_view xml,
                                            unsigned flags = 0) {
    return detail::adopt<Interface>(virInterfaceDefineXML(conn.get(), detail::CStr(xml), flags));
  }
  static Interface define_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_define_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// The interfaces, filtered by VIR_CONNECT_LIST_INTERFACES_* @p flags
  /// (virConnectListAllInterfaces).
  static Expected<std::vector<Interface>> try_list_all(const Connection &conn, unsigned flags = 0) {
    virInterfacePtr *ifaces = nullptr;
    int n = virConnectListAllInterfaces(conn.get(), &ifaces, flags);
    return detail::adopt_list<Interface>(ifaces, n);
  }
  static std::vector<Interface> list_all(const Connection &conn, unsigned flags = 0) {
    return try_list_all(conn, flags).value();
  }
  //!@}
  //!@{
  /// The active interfaces' names; older than list_all, which should be preferred
  /// (virConnectNumOfInterfaces, virConnectListInterfaces).
  static Expected<std::vector<std::string>> try_list_names(const Connection &conn) {
    return detail::name_list(virConnectNumOfInterfaces(conn.get()), [&](char **names, int max) {
      return virConnectListInterfaces(conn.get(), names, max);
    });
  }
  static std::vector<std::string> list_names(const Connection &conn) {
    return try_list_names(conn).value();
  }
  //!@}
  //!@{
  /// The inactive interfaces' names; older than list_all, which should be preferred
  /// (virConnectNumOfDefinedInterfaces, virConnectListDefinedInterfaces).
  static Expected<std::vector<std::string>> try_list_defined_names(const Connection &conn) {
    return detail::name_list(virConnectNumOfDefinedInterfaces(conn.get()),
                             [&](char **names, int max) {
                               return virConnectListDefinedInterfaces(conn.get(), names, max);
                             });
  }
  static std::vector<std::string> list_defined_names(const Connection &conn) {
    return try_list_defined_names(conn).value();
  }
  //!@}
  //!@{
  /// The number of active interfaces (virConnectNumOfInterfaces).
  static Expected<int> try_count(const Connection &conn) {
    return detail::count(virConnectNumOfInterfaces(conn.get()));
  }
  static int count(const Connection &conn) { return try_count(conn).value(); }
  //!@}
  //!@{
  /// The number of inactive interfaces (virConnectNumOfDefinedInterfaces).
  static Expected<int> try_count_defined(const Connection &conn) {
    return detail::count(virConnectNumOfDefinedInterfaces(conn.get()));
  }
  static int count_defined(const Connection &conn) { return try_count_defined(conn).value(); }
  //!@}
  //!@{
  /// Starts a transaction of interface changes: a snapshot of the host's
  /// configuration that change_rollback restores (virInterfaceChangeBegin).
  static Expected<void> try_change_begin(const Connection &conn, unsigned flags = 0) {
    return detail::check(virInterfaceChangeBegin(conn.get(), flags));
  }
  static void change_begin(const Connection &conn, unsigned flags = 0) {
    try_change_begin(conn, flags).value();
  }
  //!@}
  //!@{
  /// Keeps the changes made since change_begin (virInterfaceChangeCommit).
  static Expected<void> try_change_commit(const Connection &conn, unsigned flags = 0) {
    return detail::check(virInterfaceChangeCommit(conn.get(), flags));
  }
  static void change_commit(const Connection &conn, unsigned flags = 0) {
    try_change_commit(conn, flags).value();
  }
  //!@}
  //!@{
  /// Restores the configuration saved by change_begin (virInterfaceChangeRollback).
  static Expected<void> try_change_rollback(const Connection &conn, unsigned flags = 0) {
    return detail::check(virInterfaceChangeRollback(conn.get(), flags));
  }
  static void change_rollback(const Connection &conn, unsigned flags = 0) {
    try_change_rollback(conn, flags).value();
  }
  //!@}

  //!@{
  /// The connection this interface belongs to (a new reference; virInterfaceGetConnect).
  Expected<Connection> try_connection() const {
    return detail::shared<Connection>(virInterfaceGetConnect(p_));
  }
  Connection connection() const { return try_connection().value(); }
  //!@}
  //!@{
  /// The name (virInterfaceGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virInterfaceGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The MAC address (virInterfaceGetMACString).
  Expected<std::string> try_mac_string() const {
    return detail::borrowed(virInterfaceGetMACString(p_));
  }
  std::string mac_string() const { return try_mac_string().value(); }
  //!@}
  //!@{
  /// The XML description, with VIR_INTERFACE_XML_* @p flags (virInterfaceGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virInterfaceGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// Whether the interface is up (virInterfaceIsActive).
  Expected<bool> try_is_active() const { return detail::flag(virInterfaceIsActive(p_)); }
  bool is_active() const { return try_is_active().value(); }
  //!@}
  //!@{
  /// Brings the defined interface up (virInterfaceCreate).
  Expected<void> try_create(unsigned flags = 0) const {
    return detail::check(virInterfaceCreate(p_, flags));
  }
  void create(unsigned flags = 0) const { try_create(flags).value(); }
  //!@}
  //!@{
  /// Brings the interface down (virInterfaceDestroy).
  Expected<void> try_destroy(unsigned flags = 0) const {
    return detail::check(virInterfaceDestroy(p_, flags));
  }
  void destroy(unsigned flags = 0) const { try_destroy(flags).value(); }
  //!@}
  //!@{
  /// Removes the definition (virInterfaceUndefine).
  Expected<void> try_undefine() const { return detail::check(virInterfaceUndefine(p_)); }
  void undefine() const { try_undefine().value(); }
  //!@}
};

}  // namespace virtkit
