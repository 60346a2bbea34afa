// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::NodeDevice: the host's devices (PCI, USB, SCSI hosts, mediated devices, ...).
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// A host device (virNodeDevicePtr).
///
/// Copies share the device object (virNodeDeviceRef / virNodeDeviceFree); a
/// device keeps its connection open. Thread-safety: one device may be used by any
/// number of threads at once; each call's error goes to the calling thread.
class NodeDevice : public Handle<virNodeDevicePtr, virNodeDeviceRef, virNodeDeviceFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The device named @p name (virNodeDeviceLookupByName).
  static Expected<NodeDevice> try_lookup_by_name(const Connection &conn, std::string_view name) {
    return detail::adopt<NodeDevice>(virNodeDeviceLookupByName(conn.get(), detail::CStr(name)));
  }
  static NodeDevice lookup_by_name(const Connection &conn, std::string_view name) {
    return try_lookup_by_name(conn, name).value();
  }
  //!@}
  //!@{
  /// The SCSI host with the world wide node and port names @p wwnn and @p wwpn
  /// (virNodeDeviceLookupSCSIHostByWWN).
  static Expected<NodeDevice> try_lookup_scsi_host_by_wwn(const Connection &conn,
                                                          std::string_view wwnn,
                                                          std::string_view wwpn,
                                                          unsigned flags = 0) {
    return detail::adopt<NodeDevice>(virNodeDeviceLookupSCSIHostByWWN(
        conn.get(), detail::CStr(wwnn), detail::CStr(wwpn), flags));
  }
  static NodeDevice lookup_scsi_host_by_wwn(const Connection &conn, std::string_view wwnn,
                                            std::string_view wwpn, unsigned flags = 0) {
    return try_lookup_scsi_host_by_wwn(conn, wwnn, wwpn, flags).value();
  }
  //!@}
  //!@{
  /// Creates a transient device (a vHBA or a mediated device) from XML, with
  /// VIR_NODE_DEVICE_CREATE_XML_* @p flags (virNodeDeviceCreateXML).
  static Expected<NodeDevice> try_create_xml(const Connection &conn, std::string_view xml,
                                             unsigned flags = 0) {
    return detail::adopt<NodeDevice>(virNodeDeviceCreateXML(conn.get(), detail::CStr(xml), flags));
  }
  static NodeDevice create_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_create_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// Defines a persistent (mediated) device from XML, with
  /// VIR_NODE_DEVICE_DEFINE_XML_* @p flags (virNodeDeviceDefineXML).
  static Expected<NodeDevice> try_define_xml(const Connection &conn, std::string_view xml,
                                             unsigned flags = 0) {
    return detail::adopt<NodeDevice>(virNodeDeviceDefineXML(conn.get(), detail::CStr(xml), flags));
  }
  static NodeDevice define_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_define_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// The devices, filtered by VIR_CONNECT_LIST_NODE_DEVICES_* @p flags
  /// (virConnectListAllNodeDevices).
  static Expected<std::vector<NodeDevice>> try_list_all(const Connection &conn,
                                                        unsigned flags = 0) {
    virNodeDevicePtr *devs = nullptr;
    int n = virConnectListAllNodeDevices(conn.get(), &devs, flags);
    return detail::adopt_list<NodeDevice>(devs, n);
  }
  static std::vector<NodeDevice> list_all(const Connection &conn, unsigned flags = 0) {
    return try_list_all(conn, flags).value();
  }
  //!@}
  //!@{
  /// The names of the devices with the capability @p cap (all without one); older
  /// than list_all, which should be preferred (virNodeNumOfDevices, virNodeListDevices).
  static Expected<std::vector<std::string>> try_list_names(
      const Connection &conn, std::optional<std::string_view> cap = std::nullopt,
      unsigned flags = 0) {
    detail::CStr c(cap);
    return detail::name_list(virNodeNumOfDevices(conn.get(), c, flags), [&](char **names, int max) {
      return virNodeListDevices(conn.get(), c, names, max, flags);
    });
  }
  static std::vector<std::string> list_names(const Connection &conn,
                                             std::optional<std::string_view> cap = std::nullopt,
                                             unsigned flags = 0) {
    return try_list_names(conn, cap, flags).value();
  }
  //!@}
  //!@{
  /// The number of devices with the capability @p cap, all without one
  /// (virNodeNumOfDevices).
  static Expected<int> try_count(const Connection &conn,
                                 std::optional<std::string_view> cap = std::nullopt,
                                 unsigned flags = 0) {
    return detail::count(virNodeNumOfDevices(conn.get(), detail::CStr(cap), flags));
  }
  static int count(const Connection &conn, std::optional<std::string_view> cap = std::nullopt,
                   unsigned flags = 0) {
    return try_count(conn, cap, flags).value();
  }
  //!@}

  //!@{
  /// The name (virNodeDeviceGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virNodeDeviceGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The parent device's name; std::nullopt where the driver gives none without an
  /// error (virNodeDeviceGetParent).
  Expected<std::optional<std::string>> try_parent() const {
    const char *p = virNodeDeviceGetParent(p_);
    if (!p) {
      const virError *e = virGetLastError();
      if (e && e->code != VIR_ERR_OK) return Error(*e);
      return std::optional<std::string>();
    }
    return std::optional<std::string>(p);
  }
  std::optional<std::string> parent() const { return try_parent().value(); }
  //!@}
  //!@{
  /// The XML description (virNodeDeviceGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virNodeDeviceGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// The capability names, e.g. "pci" (virNodeDeviceNumOfCaps, virNodeDeviceListCaps).
  Expected<std::vector<std::string>> try_caps() const {
    return detail::name_list(virNodeDeviceNumOfCaps(p_), [&](char **names, int max) {
      return virNodeDeviceListCaps(p_, names, max);
    });
  }
  std::vector<std::string> caps() const { return try_caps().value(); }
  //!@}
  //!@{
  /// The number of capabilities (virNodeDeviceNumOfCaps).
  Expected<int> try_cap_count() const { return detail::count(virNodeDeviceNumOfCaps(p_)); }
  int cap_count() const { return try_cap_count().value(); }
  //!@}
  //!@{
  /// Whether the device is active (virNodeDeviceIsActive).
  Expected<bool> try_is_active() const { return detail::flag(virNodeDeviceIsActive(p_)); }
  bool is_active() const { return try_is_active().value(); }
  //!@}
  //!@{
  /// Whether the device has a persistent definition (virNodeDeviceIsPersistent).
  Expected<bool> try_is_persistent() const { return detail::flag(virNodeDeviceIsPersistent(p_)); }
  bool is_persistent() const { return try_is_persistent().value(); }
  //!@}
  //!@{
  /// Whether the device starts with the host (virNodeDeviceGetAutostart).
  Expected<bool> try_autostart() const {
    int a = 0;
    if (virNodeDeviceGetAutostart(p_, &a) < 0) return detail::last_error;
    return a != 0;
  }
  bool autostart() const { return try_autostart().value(); }
  //!@}
  //!@{
  /// Sets whether the device starts with the host (virNodeDeviceSetAutostart).
  Expected<void> try_set_autostart(bool on) const {
    return detail::check(virNodeDeviceSetAutostart(p_, on ? 1 : 0));
  }
  void set_autostart(bool on) const { try_set_autostart(on).value(); }
  //!@}
  //!@{
  /// Detaches the device from the host for assignment to guests, bound to
  /// @p driver ("vfio" or "xen"; the default without one)
  /// (virNodeDeviceDetachFlags; virNodeDeviceDettach without a driver or flags).
  Expected<void> try_detach(std::optional<std::string_view> driver = std::nullopt,
                            unsigned flags = 0) const {
    if (!driver && !flags) return detail::check(virNodeDeviceDettach(p_));
    return detail::check(virNodeDeviceDetachFlags(p_, detail::CStr(driver), flags));
  }
  void detach(std::optional<std::string_view> driver = std::nullopt, unsigned flags = 0) const {
    try_detach(driver, flags).value();
  }
  //!@}
  //!@{
  /// Gives the detached device back to the host (virNodeDeviceReAttach).
  Expected<void> try_reattach() const { return detail::check(virNodeDeviceReAttach(p_)); }
  void reattach() const { try_reattach().value(); }
  //!@}
  //!@{
  /// Resets the device (virNodeDeviceReset).
  Expected<void> try_reset() const { return detail::check(virNodeDeviceReset(p_)); }
  void reset() const { try_reset().value(); }
  //!@}
  //!@{
  /// Starts the defined device (virNodeDeviceCreate).
  Expected<void> try_create(unsigned flags = 0) const {
    return detail::check(virNodeDeviceCreate(p_, flags));
  }
  void create(unsigned flags = 0) const { try_create(flags).value(); }
  //!@}
  //!@{
  /// Destroys the device (a vHBA or a started mediated device; virNodeDeviceDestroy).
  Expected<void> try_destroy() const { return detail::check(virNodeDeviceDestroy(p_)); }
  void destroy() const { try_destroy().value(); }
  //!@}
  //!@{
  /// Removes the persistent definition (virNodeDeviceUndefine).
  Expected<void> try_undefine(unsigned flags = 0) const {
    return detail::check(virNodeDeviceUndefine(p_, flags));
  }
  void undefine(unsigned flags = 0) const { try_undefine(flags).value(); }
  //!@}
};

}  // namespace virtkit
