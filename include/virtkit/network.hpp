// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Network, virtkit::NetworkPort and virtkit::DHCPLease: virtual networks.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>
#include <virtkit/typed_params.hpp>

#include <array>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// One DHCP lease of a network (a copy of a virNetworkDHCPLease).
struct DHCPLease {
  std::string iface;                             ///< The network's bridge interface.
  std::chrono::system_clock::time_point expiry;  ///< When the lease expires.
  virIPAddrType type;                            ///< IPv4 or IPv6.
  std::optional<std::string> mac;                ///< The client's MAC address.
  std::optional<std::string> iaid;               ///< The IAID (DHCPv6).
  std::string ip_address;                        ///< The leased address.
  unsigned prefix;                               ///< The address's prefix length.
  std::optional<std::string> hostname;           ///< The client's host name.
  std::optional<std::string> client_id;          ///< The client ID or DUID.
};

/// A virtual network (virNetworkPtr).
///
/// Copies share the network object (virNetworkRef / virNetworkFree); a network
/// keeps its connection open. Thread-safety: one network may be used by any
/// number of threads at once; each call's error goes to the calling thread.
class Network : public Handle<virNetworkPtr, virNetworkRef, virNetworkFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The network named @p name (virNetworkLookupByName).
  static Expected<Network> try_lookup_by_name(const Connection &conn, std::string_view name) {
    return detail::adopt<Network>(virNetworkLookupByName(conn.get(), detail::CStr(name)));
  }
  static Network lookup_by_name(const Connection &conn, std::string_view name) {
    return try_lookup_by_name(conn, name).value();
  }
  //!@}
  //!@{
  /// The network with the raw UUID @p uuid (virNetworkLookupByUUID).
  static Expected<Network> try_lookup_by_uuid(
      const Connection &conn, const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return detail::adopt<Network>(virNetworkLookupByUUID(conn.get(), uuid.data()));
  }
  static Network lookup_by_uuid(const Connection &conn,
                                const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return try_lookup_by_uuid(conn, uuid).value();
  }
  //!@}
  //!@{
  /// The network with the UUID in its string form (virNetworkLookupByUUIDString).
  static Expected<Network> try_lookup_by_uuid_string(const Connection &conn,
                                                     std::string_view uuid) {
    return detail::adopt<Network>(virNetworkLookupByUUIDString(conn.get(), detail::CStr(uuid)));
  }
  static Network lookup_by_uuid_string(const Connection &conn, std::string_view uuid) {
    return try_lookup_by_uuid_string(conn, uuid).value();
  }
  //!@}
  //!@{
  /// Defines a persistent network from XML, with VIR_NETWORK_DEFINE_* @p flags
  /// (virNetworkDefineXMLFlags; virNetworkDefineXML when @p flags is 0).
  static Expected<Network> try_define_xml(const Connection &conn, std::string_view xml,
                                          unsigned flags = 0) {
    detail::CStr x(xml);
    return detail::adopt<Network>(flags ? virNetworkDefineXMLFlags(conn.get(), x, flags)
                                        : virNetworkDefineXML(conn.get(), x));
  }
  static Network define_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_define_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// Creates and starts a transient network from XML, with VIR_NETWORK_CREATE_*
  /// @p flags (virNetworkCreateXMLFlags; virNetworkCreateXML when @p flags is 0).
  static Expected<Network> try_create_xml(const Connection &conn, std::string_view xml,
                                          unsigned flags = 0) {
    detail::CStr x(xml);
    return detail::adopt<Network>(flags ? virNetworkCreateXMLFlags(conn.get(), x, flags)
                                        : virNetworkCreateXML(conn.get(), x));
  }
  static Network create_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_create_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// The networks, filtered by VIR_CONNECT_LIST_NETWORKS_* @p flags
  /// (virConnectListAllNetworks).
  static Expected<std::vector<Network>> try_list_all(const Connection &conn, unsigned flags = 0) {
    virNetworkPtr *nets = nullptr;
    int n = virConnectListAllNetworks(conn.get(), &nets, flags);
    return detail::adopt_list<Network>(nets, n);
  }
  static std::vector<Network> list_all(const Connection &conn, unsigned flags = 0) {
    return try_list_all(conn, flags).value();
  }
  //!@}
  //!@{
  /// The active networks' names; older than list_all, which should be preferred
  /// (virConnectNumOfNetworks, virConnectListNetworks).
  static Expected<std::vector<std::string>> try_list_names(const Connection &conn) {
    return detail::name_list(virConnectNumOfNetworks(conn.get()), [&](char **names, int max) {
      return virConnectListNetworks(conn.get(), names, max);
    });
  }
  static std::vector<std::string> list_names(const Connection &conn) {
    return try_list_names(conn).value();
  }
  //!@}
  //!@{
  /// The inactive networks' names; older than list_all, which should be preferred
  /// (virConnectNumOfDefinedNetworks, virConnectListDefinedNetworks).
  static Expected<std::vector<std::string>> try_list_defined_names(const Connection &conn) {
    return detail::name_list(virConnectNumOfDefinedNetworks(conn.get()),
                             [&](char **names, int max) {
                               return virConnectListDefinedNetworks(conn.get(), names, max);
                             });
  }
  static std::vector<std::string> list_defined_names(const Connection &conn) {
    return try_list_defined_names(conn).value();
  }
  //!@}
  //!@{
  /// The number of active networks (virConnectNumOfNetworks).
  static Expected<int> try_count(const Connection &conn) {
    return detail::count(virConnectNumOfNetworks(conn.get()));
  }
  static int count(const Connection &conn) { return try_count(conn).value(); }
  //!@}
  //!@{
  /// The number of inactive networks (virConnectNumOfDefinedNetworks).
  static Expected<int> try_count_defined(const Connection &conn) {
    return detail::count(virConnectNumOfDefinedNetworks(conn.get()));
  }
  static int count_defined(const Connection &conn) { return try_count_defined(conn).value(); }
  //!@}

  //!@{
  /// The connection this network belongs to (a new reference; virNetworkGetConnect).
  Expected<Connection> try_connection() const {
    return detail::shared<Connection>(virNetworkGetConnect(p_));
  }
  Connection connection() const { return try_connection().value(); }
  //!@}
  //!@{
  /// The name (virNetworkGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virNetworkGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The raw UUID (virNetworkGetUUID).
  Expected<std::array<unsigned char, VIR_UUID_BUFLEN>> try_uuid() const {
    return detail::uuid(virNetworkGetUUID, p_);
  }
  std::array<unsigned char, VIR_UUID_BUFLEN> uuid() const { return try_uuid().value(); }
  //!@}
  //!@{
  /// The UUID in its string form (virNetworkGetUUIDString).
  Expected<std::string> try_uuid_string() const {
    return detail::uuid_string(virNetworkGetUUIDString, p_);
  }
  std::string uuid_string() const { return try_uuid_string().value(); }
  //!@}
  //!@{
  /// The XML description, with VIR_NETWORK_XML_* @p flags (virNetworkGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virNetworkGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// The bridge device's name (virNetworkGetBridgeName).
  Expected<std::string> try_bridge_name() const {
    return detail::owned(virNetworkGetBridgeName(p_));
  }
  std::string bridge_name() const { return try_bridge_name().value(); }
  //!@}
  //!@{
  /// Whether the network is running (virNetworkIsActive).
  Expected<bool> try_is_active() const { return detail::flag(virNetworkIsActive(p_)); }
  bool is_active() const { return try_is_active().value(); }
  //!@}
  //!@{
  /// Whether the network has a persistent definition (virNetworkIsPersistent).
  Expected<bool> try_is_persistent() const { return detail::flag(virNetworkIsPersistent(p_)); }
  bool is_persistent() const { return try_is_persistent().value(); }
  //!@}
  //!@{
  /// Whether the network starts with the host (virNetworkGetAutostart).
  Expected<bool> try_autostart() const {
    int a = 0;
    if (virNetworkGetAutostart(p_, &a) < 0) return detail::last_error;
    return a != 0;
  }
  bool autostart() const { return try_autostart().value(); }
  //!@}
  //!@{
  /// Sets whether the network starts with the host (virNetworkSetAutostart).
  Expected<void> try_set_autostart(bool on) const {
    return detail::check(virNetworkSetAutostart(p_, on ? 1 : 0));
  }
  void set_autostart(bool on) const { try_set_autostart(on).value(); }
  //!@}
  //!@{
  /// Starts the defined network (virNetworkCreate).
  Expected<void> try_create() const { return detail::check(virNetworkCreate(p_)); }
  void create() const { try_create().value(); }
  //!@}
  //!@{
  /// Stops the network (virNetworkDestroy).
  Expected<void> try_destroy() const { return detail::check(virNetworkDestroy(p_)); }
  void destroy() const { try_destroy().value(); }
  //!@}
  //!@{
  /// Removes the persistent definition (virNetworkUndefine).
  Expected<void> try_undefine() const { return detail::check(virNetworkUndefine(p_)); }
  void undefine() const { try_undefine().value(); }
  //!@}
  //!@{
  /// Changes one part of the definition: @p command (a virNetworkUpdateCommand)
  /// on @p section (a virNetworkUpdateSection), the element @p xml, at
  /// @p parent_index (-1: the first or only parent), with
  /// VIR_NETWORK_UPDATE_AFFECT_* @p flags (virNetworkUpdate).
  Expected<void> try_update(unsigned command, unsigned section, int parent_index,
                            std::string_view xml, unsigned flags = 0) const {
    return detail::check(
        virNetworkUpdate(p_, command, section, parent_index, detail::CStr(xml), flags));
  }
  void update(unsigned command, unsigned section, int parent_index, std::string_view xml,
              unsigned flags = 0) const {
    try_update(command, section, parent_index, xml, flags).value();
  }
  //!@}
  //!@{
  /// The DHCP leases, all or those of the MAC address @p mac
  /// (virNetworkGetDHCPLeases, virNetworkDHCPLeaseFree).
  Expected<std::vector<DHCPLease>> try_dhcp_leases(
      std::optional<std::string_view> mac = std::nullopt, unsigned flags = 0) const {
    virNetworkDHCPLeasePtr *leases = nullptr;
    int n = virNetworkGetDHCPLeases(p_, detail::CStr(mac), &leases, flags);
    if (n < 0) return detail::last_error;
    struct Free {  // frees the C leases on every path
      virNetworkDHCPLeasePtr *l;
      int n;
      ~Free() {
        for (int i = 0; i < n; i++) virNetworkDHCPLeaseFree(l[i]);
        std::free(l);
      }
    } guard{leases, n};
    auto opt = [](const char *s) {
      return s ? std::optional<std::string>(s) : std::optional<std::string>();
    };
    std::vector<DHCPLease> out;
    out.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) {
      const virNetworkDHCPLease &l = *leases[i];
      out.push_back({l.iface ? l.iface : "",
                     std::chrono::system_clock::time_point(std::chrono::seconds(l.expirytime)),
                     static_cast<virIPAddrType>(l.type), opt(l.mac), opt(l.iaid),
                     l.ipaddr ? l.ipaddr : "", l.prefix, opt(l.hostname), opt(l.clientid)});
    }
    return out;
  }
  std::vector<DHCPLease> dhcp_leases(std::optional<std::string_view> mac = std::nullopt,
                                     unsigned flags = 0) const {
    return try_dhcp_leases(mac, flags).value();
  }
  //!@}
};

/// A port of a virtual network, one guest interface's connection (virNetworkPortPtr).
///
/// Copies share the port object (virNetworkPortRef / virNetworkPortFree); a port
/// keeps its network. Thread-safety: as Network.
class NetworkPort : public Handle<virNetworkPortPtr, virNetworkPortRef, virNetworkPortFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The port of @p net with the raw UUID @p uuid (virNetworkPortLookupByUUID).
  static Expected<NetworkPort> try_lookup_by_uuid(
      const Network &net, const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return detail::adopt<NetworkPort>(virNetworkPortLookupByUUID(net.get(), uuid.data()));
  }
  static NetworkPort lookup_by_uuid(const Network &net,
                                    const std::array<unsigned char, VIR_UUID_BUFLEN> &uuid) {
    return try_lookup_by_uuid(net, uuid).value();
  }
  //!@}
  //!@{
  /// The port of @p net with the UUID in its string form
  /// (virNetworkPortLookupByUUIDString).
  static Expected<NetworkPort> try_lookup_by_uuid_string(const Network &net,
                                                         std::string_view uuid) {
    return detail::adopt<NetworkPort>(
        virNetworkPortLookupByUUIDString(net.get(), detail::CStr(uuid)));
  }
  static NetworkPort lookup_by_uuid_string(const Network &net, std::string_view uuid) {
    return try_lookup_by_uuid_string(net, uuid).value();
  }
  //!@}
  //!@{
  /// Creates a port on @p net from XML, with VIR_NETWORK_PORT_CREATE_* @p flags
  /// (virNetworkPortCreateXML).
  static Expected<NetworkPort> try_create_xml(const Network &net, std::string_view xml,
                                              unsigned flags = 0) {
    return detail::adopt<NetworkPort>(virNetworkPortCreateXML(net.get(), detail::CStr(xml), flags));
  }
  static NetworkPort create_xml(const Network &net, std::string_view xml, unsigned flags = 0) {
    return try_create_xml(net, xml, flags).value();
  }
  //!@}
  //!@{
  /// The ports of @p net (virNetworkListAllPorts).
  static Expected<std::vector<NetworkPort>> try_list_all(const Network &net, unsigned flags = 0) {
    virNetworkPortPtr *ports = nullptr;
    int n = virNetworkListAllPorts(net.get(), &ports, flags);
    return detail::adopt_list<NetworkPort>(ports, n);
  }
  static std::vector<NetworkPort> list_all(const Network &net, unsigned flags = 0) {
    return try_list_all(net, flags).value();
  }
  //!@}

  //!@{
  /// The network of the port (a new reference; virNetworkPortGetNetwork).
  Expected<Network> try_network() const {
    return detail::shared<Network>(virNetworkPortGetNetwork(p_));
  }
  Network network() const { return try_network().value(); }
  //!@}
  //!@{
  /// The raw UUID (virNetworkPortGetUUID).
  Expected<std::array<unsigned char, VIR_UUID_BUFLEN>> try_uuid() const {
    return detail::uuid(virNetworkPortGetUUID, p_);
  }
  std::array<unsigned char, VIR_UUID_BUFLEN> uuid() const { return try_uuid().value(); }
  //!@}
  //!@{
  /// The UUID in its string form (virNetworkPortGetUUIDString).
  Expected<std::string> try_uuid_string() const {
    return detail::uuid_string(virNetworkPortGetUUIDString, p_);
  }
  std::string uuid_string() const { return try_uuid_string().value(); }
  //!@}
  //!@{
  /// The XML description (virNetworkPortGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virNetworkPortGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// The VIR_NETWORK_PORT_BANDWIDTH_* parameters (virNetworkPortGetParameters).
  Expected<TypedParams> try_parameters(unsigned flags = 0) const {
    virTypedParameterPtr params = nullptr;
    int n = 0;
    if (virNetworkPortGetParameters(p_, &params, &n, flags) < 0) return detail::last_error;
    return detail::adopt_params(params, n);
  }
  TypedParams parameters(unsigned flags = 0) const { return try_parameters(flags).value(); }
  //!@}
  //!@{
  /// Changes VIR_NETWORK_PORT_BANDWIDTH_* parameters (virNetworkPortSetParameters).
  Expected<void> try_set_parameters(const TypedParams &params, unsigned flags = 0) const {
    Expected<TypedParams::CArray> c = params.try_to_c();
    if (!c) return c.error();
    return detail::check(virNetworkPortSetParameters(p_, c->data(), c->size(), flags));
  }
  void set_parameters(const TypedParams &params, unsigned flags = 0) const {
    try_set_parameters(params, flags).value();
  }
  //!@}
  //!@{
  /// Deletes the port from its network (virNetworkPortDelete).
  Expected<void> try_remove(unsigned flags = 0) const {
    return detail::check(virNetworkPortDelete(p_, flags));
  }
  void remove(unsigned flags = 0) const { try_remove(flags).value(); }
  //!@}
};

}  // namespace virtkit
