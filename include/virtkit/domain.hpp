// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Domain: a domain (virtual machine) and its calls.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>
#include <virtkit/typed_params.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// Domain state and reason, as virDomainGetState reports them.
struct DomainState {
  virDomainState state;  ///< The state.
  int reason;            ///< The reason: a vir<State>Reason value for the state.
};

/// @cond VIRTKIT_DETAIL
namespace detail {
// Base of the groups of Domain's calls kept in their own headers (domain_*.hpp):
// a group D-derived class reaches the C object through dom().
template <class D>
class DomainPart {
 protected:
  virDomainPtr dom() const noexcept { return static_cast<const D *>(this)->get(); }
};
}  // namespace detail
/// @endcond

/// A domain (virDomainPtr).
///
/// Copies share the domain object (virDomainRef / virDomainFree). Thread-safety:
/// as libvirt's domain objects, one domain may be used by any number of threads
/// at once; each call's error goes to the calling thread.
class Domain : public Handle<virDomainPtr, virDomainRef, virDomainFree> {
 public:
  using Handle::Handle;

  //!@{
  /// The domain named @p name (virDomainLookupByName).
  static Expected<Domain> try_lookup_by_name(const Connection &conn, std::string_view name) {
    return detail::adopt<Domain>(virDomainLookupByName(conn.get(), detail::CStr(name)));
  }
  static Domain lookup_by_name(const Connection &conn, std::string_view name) {
    return try_lookup_by_name(conn, name).value();
  }
  //!@}
  //!@{
  /// The running domain with id @p id (virDomainLookupByID).
  static Expected<Domain> try_lookup_by_id(const Connection &conn, int id) {
    return detail::adopt<Domain>(virDomainLookupByID(conn.get(), id));
  }
  static Domain lookup_by_id(const Connection &conn, int id) {
    return try_lookup_by_id(conn, id).value();
  }
  //!@}
  //!@{
  /// The domain with the UUID in its string form (virDomainLookupByUUIDString).
  static Expected<Domain> try_lookup_by_uuid_string(const Connection &conn, std::string_view uuid) {
    return detail::adopt<Domain>(virDomainLookupByUUIDString(conn.get(), detail::CStr(uuid)));
  }
  static Domain lookup_by_uuid_string(const Connection &conn, std::string_view uuid) {
    return try_lookup_by_uuid_string(conn, uuid).value();
  }
  //!@}
  //!@{
  /// Defines (makes persistent) a domain from XML (virDomainDefineXMLFlags;
  /// virDomainDefineXML when @p flags is 0).
  static Expected<Domain> try_define_xml(const Connection &conn, std::string_view xml,
                                         unsigned flags = 0) {
    detail::CStr x(xml);
    return detail::adopt<Domain>(flags ? virDomainDefineXMLFlags(conn.get(), x, flags)
                                       : virDomainDefineXML(conn.get(), x));
  }
  static Domain define_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_define_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// Creates and starts a transient domain from XML (virDomainCreateXML).
  static Expected<Domain> try_create_xml(const Connection &conn, std::string_view xml,
                                         unsigned flags = 0) {
    return detail::adopt<Domain>(virDomainCreateXML(conn.get(), detail::CStr(xml), flags));
  }
  static Domain create_xml(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_create_xml(conn, xml, flags).value();
  }
  //!@}
  //!@{
  /// The domains, filtered by VIR_CONNECT_LIST_DOMAINS_* @p flags
  /// (virConnectListAllDomains).
  static Expected<std::vector<Domain>> try_list_all(const Connection &conn, unsigned flags = 0) {
    virDomainPtr *doms = nullptr;
    int n = virConnectListAllDomains(conn.get(), &doms, flags);
    return detail::adopt_list<Domain>(doms, n);
  }
  static std::vector<Domain> list_all(const Connection &conn, unsigned flags = 0) {
    return try_list_all(conn, flags).value();
  }
  //!@}

  /// The connection this domain belongs to (a new reference; virDomainGetConnect).
  Connection connection() const {
    virConnectPtr c = virDomainGetConnect(p_);
    if (!c) throw Error::last();
    virConnectRef(c);
    return Connection(c);
  }

  //!@{
  /// The name (virDomainGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virDomainGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The id; std::nullopt for an inactive domain (virDomainGetID).
  Expected<std::optional<unsigned>> try_id() const {
    unsigned id = virDomainGetID(p_);
    if (id == static_cast<unsigned>(-1)) {
      const virError *e = virGetLastError();
      if (e && e->code != VIR_ERR_OK) return Error(*e);
      return std::optional<unsigned>();
    }
    return std::optional<unsigned>(id);
  }
  std::optional<unsigned> id() const { return try_id().value(); }
  //!@}
  //!@{
  /// The UUID in its string form (virDomainGetUUIDString).
  Expected<std::string> try_uuid_string() const {
    char buf[VIR_UUID_STRING_BUFLEN];
    if (virDomainGetUUIDString(p_, buf) < 0) return Error::last();
    return std::string(buf);
  }
  std::string uuid_string() const { return try_uuid_string().value(); }
  //!@}
  //!@{
  /// The guest OS type, e.g. "hvm" (virDomainGetOSType).
  Expected<std::string> try_os_type() const { return detail::owned(virDomainGetOSType(p_)); }
  std::string os_type() const { return try_os_type().value(); }
  //!@}
  //!@{
  /// State, memory, vCPUs and CPU time (virDomainGetInfo).
  Expected<virDomainInfo> try_info() const {
    virDomainInfo info{};
    if (virDomainGetInfo(p_, &info) < 0) return Error::last();
    return info;
  }
  virDomainInfo info() const { return try_info().value(); }
  //!@}
  //!@{
  /// The state and its reason (virDomainGetState).
  Expected<DomainState> try_state() const {
    int state = 0, reason = 0;
    if (virDomainGetState(p_, &state, &reason, 0) < 0) return Error::last();
    return DomainState{static_cast<virDomainState>(state), reason};
  }
  DomainState state() const { return try_state().value(); }
  //!@}
  //!@{
  /// The XML description, with VIR_DOMAIN_XML_* @p flags (virDomainGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virDomainGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// Whether the domain is running (virDomainIsActive).
  Expected<bool> try_is_active() const { return detail::flag(virDomainIsActive(p_)); }
  bool is_active() const { return try_is_active().value(); }
  //!@}
  //!@{
  /// Whether the domain has a persistent definition (virDomainIsPersistent).
  Expected<bool> try_is_persistent() const { return detail::flag(virDomainIsPersistent(p_)); }
  bool is_persistent() const { return try_is_persistent().value(); }
  //!@}
  //!@{
  /// Whether the domain starts with the host (virDomainGetAutostart).
  Expected<bool> try_autostart() const {
    int a = 0;
    if (virDomainGetAutostart(p_, &a) < 0) return Error::last();
    return a != 0;
  }
  bool autostart() const { return try_autostart().value(); }
  //!@}

  //!@{
  /// Starts the defined domain (virDomainCreateWithFlags; virDomainCreate when
  /// @p flags is 0).
  Expected<void> try_create(unsigned flags = 0) const {
    return detail::check(flags ? virDomainCreateWithFlags(p_, flags) : virDomainCreate(p_));
  }
  void create(unsigned flags = 0) const { try_create(flags).value(); }
  //!@}
  //!@{
  /// Stops the domain at once (virDomainDestroy).
  Expected<void> try_destroy() const { return detail::check(virDomainDestroy(p_)); }
  void destroy() const { try_destroy().value(); }
  //!@}
  //!@{
  /// Pauses the domain (virDomainSuspend).
  Expected<void> try_suspend() const { return detail::check(virDomainSuspend(p_)); }
  void suspend() const { try_suspend().value(); }
  //!@}
  //!@{
  /// Resumes the paused domain (virDomainResume).
  Expected<void> try_resume() const { return detail::check(virDomainResume(p_)); }
  void resume() const { try_resume().value(); }
  //!@}
  //!@{
  /// Asks the guest to shut down (virDomainShutdown).
  Expected<void> try_shutdown() const { return detail::check(virDomainShutdown(p_)); }
  void shutdown() const { try_shutdown().value(); }
  //!@}
  //!@{
  /// Reboots the domain (virDomainReboot).
  Expected<void> try_reboot(unsigned flags = 0) const {
    return detail::check(virDomainReboot(p_, flags));
  }
  void reboot(unsigned flags = 0) const { try_reboot(flags).value(); }
  //!@}
  //!@{
  /// Removes the persistent definition (virDomainUndefineFlags; virDomainUndefine
  /// when @p flags is 0).
  Expected<void> try_undefine(unsigned flags = 0) const {
    return detail::check(flags ? virDomainUndefineFlags(p_, flags) : virDomainUndefine(p_));
  }
  void undefine(unsigned flags = 0) const { try_undefine(flags).value(); }
  //!@}
  //!@{
  /// Sets the memory in KiB, with VIR_DOMAIN_MEM_* @p flags (virDomainSetMemoryFlags).
  Expected<void> try_set_memory(unsigned long kib, unsigned flags = 0) const {
    return detail::check(virDomainSetMemoryFlags(p_, kib, flags));
  }
  void set_memory(unsigned long kib, unsigned flags = 0) const {
    try_set_memory(kib, flags).value();
  }
  //!@}
};

inline Expected<std::vector<Domain>> Connection::try_list_all_domains(unsigned flags) const {
  return Domain::try_list_all(*this, flags);
}
inline std::vector<Domain> Connection::list_all_domains(unsigned flags) const {
  return Domain::list_all(*this, flags);
}
inline Expected<Domain> Connection::try_lookup_domain_by_name(std::string_view name) const {
  return Domain::try_lookup_by_name(*this, name);
}
inline Domain Connection::lookup_domain_by_name(std::string_view name) const {
  return Domain::lookup_by_name(*this, name);
}
inline Expected<Domain> Connection::try_lookup_domain_by_id(int id) const {
  return Domain::try_lookup_by_id(*this, id);
}
inline Domain Connection::lookup_domain_by_id(int id) const {
  return Domain::lookup_by_id(*this, id);
}
inline Expected<Domain> Connection::try_lookup_domain_by_uuid_string(std::string_view uuid) const {
  return Domain::try_lookup_by_uuid_string(*this, uuid);
}
inline Domain Connection::lookup_domain_by_uuid_string(std::string_view uuid) const {
  return Domain::lookup_by_uuid_string(*this, uuid);
}
inline Expected<Domain> Connection::try_define_xml(std::string_view xml, unsigned flags) const {
  return Domain::try_define_xml(*this, xml, flags);
}
inline Domain Connection::define_xml(std::string_view xml, unsigned flags) const {
  return Domain::define_xml(*this, xml, flags);
}
inline Expected<Domain> Connection::try_create_xml(std::string_view xml, unsigned flags) const {
  return Domain::try_create_xml(*this, xml, flags);
}
inline Domain Connection::create_xml(std::string_view xml, unsigned flags) const {
  return Domain::create_xml(*this, xml, flags);
}

}  // namespace virtkit
