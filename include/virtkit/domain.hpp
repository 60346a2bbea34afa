// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Domain: a domain (virtual machine) and its calls.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>
#include <virtkit/typed_params.hpp>

#include <array>
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
// group class Part, a base of D, reaches the C object through dom(). Part is
// named because D has one DomainPart per group: the cast goes through Part.
template <class D, class Part>
class DomainPart {
 protected:
  virDomainPtr dom() const noexcept {
    return static_cast<const D *>(static_cast<const Part *>(this))->get();
  }
};
}  // namespace detail
/// @endcond

}  // namespace virtkit

#include <virtkit/domain_blockjob.hpp>
#include <virtkit/domain_devices.hpp>
#include <virtkit/domain_guest.hpp>
#include <virtkit/domain_lifecycle.hpp>
#include <virtkit/domain_migrate.hpp>
#include <virtkit/domain_stats.hpp>
#include <virtkit/domain_tuning.hpp>
#include <virtkit/domain_vcpus.hpp>

namespace virtkit {

/// A domain (virDomainPtr).
///
/// Copies share the domain object (virDomainRef / virDomainFree). Thread-safety:
/// as libvirt's domain objects, one domain may be used by any number of threads
/// at once; each call's error goes to the calling thread.
class Domain : public Handle<virDomainPtr, virDomainRef, virDomainFree>,
               public DomainLifecycleCalls<Domain>,
               public DomainDeviceCalls<Domain>,
               public DomainTuningCalls<Domain>,
               public DomainVcpuCalls<Domain>,
               public DomainStatsCalls<Domain>,
               public DomainMigrateCalls<Domain>,
               public DomainGuestCalls<Domain>,
               public DomainBlockJobCalls<Domain> {
 public:
  using Handle::Handle;
  /// The UUID's raw bytes (VIR_UUID_BUFLEN of them).
  using Uuid = std::array<unsigned char, VIR_UUID_BUFLEN>;

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
  /// The domain with the raw UUID @p uuid (virDomainLookupByUUID).
  static Expected<Domain> try_lookup_by_uuid(const Connection &conn, const Uuid &uuid) {
    return detail::adopt<Domain>(virDomainLookupByUUID(conn.get(), uuid.data()));
  }
  static Domain lookup_by_uuid(const Connection &conn, const Uuid &uuid) {
    return try_lookup_by_uuid(conn, uuid).value();
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
  /// Deprecated: create_xml (virDomainCreateLinux, its old name).
  static Expected<Domain> try_create_linux(const Connection &conn, std::string_view xml,
                                           unsigned flags = 0) {
    return detail::adopt<Domain>(virDomainCreateLinux(conn.get(), detail::CStr(xml), flags));
  }
  static Domain create_linux(const Connection &conn, std::string_view xml, unsigned flags = 0) {
    return try_create_linux(conn, xml, flags).value();
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
    if (virDomainGetUUIDString(p_, buf) < 0) return detail::last_error;
    return std::string(buf);
  }
  std::string uuid_string() const { return try_uuid_string().value(); }
  //!@}
  //!@{
  /// The raw UUID (virDomainGetUUID).
  Expected<Uuid> try_uuid() const {
    Uuid u{};
    if (virDomainGetUUID(p_, u.data()) < 0) return detail::last_error;
    return u;
  }
  Uuid uuid() const { return try_uuid().value(); }
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
    if (virDomainGetInfo(p_, &info) < 0) return detail::last_error;
    return info;
  }
  virDomainInfo info() const { return try_info().value(); }
  //!@}
  //!@{
  /// The state and its reason (virDomainGetState).
  Expected<DomainState> try_state() const {
    int state = 0, reason = 0;
    if (virDomainGetState(p_, &state, &reason, 0) < 0) return detail::last_error;
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
  /// Whether the live definition differs from the persistent one (virDomainIsUpdated).
  Expected<bool> try_is_updated() const { return detail::flag(virDomainIsUpdated(p_)); }
  bool is_updated() const { return try_is_updated().value(); }
  //!@}
  //!@{
  /// The maximum memory in KiB (virDomainGetMaxMemory).
  Expected<unsigned long> try_max_memory() const {
    unsigned long m = virDomainGetMaxMemory(p_);
    if (m == 0) return detail::last_error;
    return m;
  }
  unsigned long max_memory() const { return try_max_memory().value(); }
  //!@}
  //!@{
  /// Whether the domain starts with the host (virDomainGetAutostart).
  Expected<bool> try_autostart() const {
    int a = 0;
    if (virDomainGetAutostart(p_, &a) < 0) return detail::last_error;
    return a != 0;
  }
  bool autostart() const { return try_autostart().value(); }
  //!@}
  //!@{
  /// Sets whether the domain starts with the host (virDomainSetAutostart).
  Expected<void> try_set_autostart(bool on) const {
    return detail::check(virDomainSetAutostart(p_, on ? 1 : 0));
  }
  void set_autostart(bool on) const { try_set_autostart(on).value(); }
  //!@}
  //!@{
  /// The metadata of VIR_DOMAIN_METADATA_* @p type; @p uri names the namespace of
  /// VIR_DOMAIN_METADATA_ELEMENT (virDomainGetMetadata).
  Expected<std::string> try_metadata(int type, std::optional<std::string_view> uri = std::nullopt,
                                     unsigned flags = 0) const {
    return detail::owned(virDomainGetMetadata(p_, type, detail::CStr(uri), flags));
  }
  std::string metadata(int type, std::optional<std::string_view> uri = std::nullopt,
                       unsigned flags = 0) const {
    return try_metadata(type, uri, flags).value();
  }
  //!@}
  //!@{
  /// Sets (or with std::nullopt removes) metadata (virDomainSetMetadata).
  Expected<void> try_set_metadata(int type, std::optional<std::string_view> metadata,
                                  std::optional<std::string_view> key = std::nullopt,
                                  std::optional<std::string_view> uri = std::nullopt,
                                  unsigned flags = 0) const {
    return detail::check(virDomainSetMetadata(p_, type, detail::CStr(metadata), detail::CStr(key),
                                              detail::CStr(uri), flags));
  }
  void set_metadata(int type, std::optional<std::string_view> metadata,
                    std::optional<std::string_view> key = std::nullopt,
                    std::optional<std::string_view> uri = std::nullopt, unsigned flags = 0) const {
    try_set_metadata(type, metadata, key, uri, flags).value();
  }
  //!@}
  //!@{
  /// Renames the inactive domain (virDomainRename).
  Expected<void> try_rename(std::string_view new_name, unsigned flags = 0) const {
    return detail::check(virDomainRename(p_, detail::CStr(new_name), flags));
  }
  void rename(std::string_view new_name, unsigned flags = 0) const {
    try_rename(new_name, flags).value();
  }
  //!@}
  //!@{
  /// Messages about the domain, e.g. tainting, with VIR_DOMAIN_MESSAGE_* @p flags
  /// (virDomainGetMessages).
  Expected<std::vector<std::string>> try_messages(unsigned flags = 0) const {
    char **msgs = nullptr;
    int n = virDomainGetMessages(p_, &msgs, flags);
    return detail::owned_strings(msgs, n);
  }
  std::vector<std::string> messages(unsigned flags = 0) const {
    return try_messages(flags).value();
  }
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
  /// Stops the domain with VIR_DOMAIN_DESTROY_* @p flags (virDomainDestroyFlags).
  Expected<void> try_destroy(unsigned flags) const {
    return detail::check(virDomainDestroyFlags(p_, flags));
  }
  void destroy(unsigned flags) const { try_destroy(flags).value(); }
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
  /// Shuts down by the VIR_DOMAIN_SHUTDOWN_* methods of @p flags (virDomainShutdownFlags).
  Expected<void> try_shutdown(unsigned flags) const {
    return detail::check(virDomainShutdownFlags(p_, flags));
  }
  void shutdown(unsigned flags) const { try_shutdown(flags).value(); }
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
  /// Removes the persistent definition by virDomainUndefineFlags even when
  /// @p flags is 0.
  Expected<void> try_undefine_flags(unsigned flags) const {
    return detail::check(virDomainUndefineFlags(p_, flags));
  }
  void undefine_flags(unsigned flags) const { try_undefine_flags(flags).value(); }
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
  //!@{
  /// Sets the running domain's memory in KiB (virDomainSetMemory).
  Expected<void> try_set_memory_live(unsigned long kib) const {
    return detail::check(virDomainSetMemory(p_, kib));
  }
  void set_memory_live(unsigned long kib) const { try_set_memory_live(kib).value(); }
  //!@}
  //!@{
  /// Sets the maximum memory in KiB (virDomainSetMaxMemory).
  Expected<void> try_set_max_memory(unsigned long kib) const {
    return detail::check(virDomainSetMaxMemory(p_, kib));
  }
  void set_max_memory(unsigned long kib) const { try_set_max_memory(kib).value(); }
  //!@}
};

/// A domain's statistics record (virDomainStatsRecord) with its Domain.
using DomainStatsRecord = BasicDomainStatsRecord<Domain>;

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
