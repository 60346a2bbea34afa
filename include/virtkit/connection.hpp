// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Connection: a hypervisor connection and the host's calls.
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>
#include <virtkit/host.hpp>

#include <cxxabi.h>

#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

class Domain;

/// Credentials for Connection::open_auth: the VIR_CRED_* types the program can
/// answer and a callable answering one prompt.
struct Auth {
  /// The VIR_CRED_* types the callback answers.
  std::vector<int> credential_types;
  /// Answers one credential request; std::nullopt refuses (authentication fails).
  std::function<std::optional<std::string>(const virConnectCredential &)> callback;
};

/// @cond VIRTKIT_DETAIL
namespace detail {
inline int auth_cb(virConnectCredentialPtr cred, unsigned n, void *opaque) {
  const Auth &a = *static_cast<const Auth *>(opaque);
  try {
    for (unsigned i = 0; i < n; i++) {
      std::optional<std::string> r = a.callback ? a.callback(cred[i]) : std::nullopt;
      if (!r) return -1;
      cred[i].result = static_cast<char *>(std::malloc(r->size() + 1));
      if (!cred[i].result) return -1;
      std::memcpy(cred[i].result, r->c_str(), r->size() + 1);
      cred[i].resultlen = static_cast<unsigned>(r->size());
    }
  } catch (abi::__forced_unwind &) {
    throw;
  } catch (...) {
    return -1;
  }
  return 0;
}
}  // namespace detail
/// @endcond

/// A hypervisor connection (virConnectPtr).
///
/// Copies share the connection; the last one closes it (virConnectClose).
/// Thread-safety: as libvirt's connections, one connection may be used by any
/// number of threads at once; each call's error goes to the calling thread.
class Connection : public Handle<virConnectPtr, virConnectRef, virConnectClose>,
                   public HostCalls<Connection> {
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
  /// Opens a connection, answering credential requests with @p auth
  /// (virConnectOpenAuth); VIR_CONNECT_RO in @p flags for a read-only one. An
  /// exception thrown by the callback refuses the credential.
  static Expected<Connection> try_open_auth(std::string_view uri, const Auth &auth,
                                            unsigned flags = 0) {
    std::vector<int> types = auth.credential_types;
    virConnectAuth a{types.data(), static_cast<unsigned>(types.size()), detail::auth_cb,
                     const_cast<Auth *>(&auth)};
    return detail::adopt<Connection>(virConnectOpenAuth(detail::CStr(uri), &a, flags));
  }
  static Connection open_auth(std::string_view uri, const Auth &auth, unsigned flags = 0) {
    return try_open_auth(uri, auth, flags).value();
  }
  //!@}
  //!@{
  /// Opens a connection, asking for credentials on the terminal
  /// (virConnectOpenAuth with virConnectAuthPtrDefault).
  static Expected<Connection> try_open_auth_default(std::string_view uri, unsigned flags = 0) {
    return detail::adopt<Connection>(
        virConnectOpenAuth(detail::CStr(uri), virConnectAuthPtrDefault, flags));
  }
  static Connection open_auth_default(std::string_view uri, unsigned flags = 0) {
    return try_open_auth_default(uri, flags).value();
  }
  //!@}

  //!@{
  /// The last error of a call on this connection, if any (virConnGetLastError).
  std::optional<Error> last_error() const {
    const virError *e = virConnGetLastError(p_);
    if (!e || e->code == VIR_ERR_OK) return std::nullopt;
    return Error(*e);
  }
  //!@}
  /// Forgets the connection's last error (virConnResetLastError).
  void reset_last_error() const noexcept { virConnResetLastError(p_); }
  /// Sets the C error handler of this connection (virConnSetErrorFunc); nullptr
  /// restores routing to the global handler.
  void set_error_func(void *user_data, virErrorFunc handler) const noexcept {
    virConnSetErrorFunc(p_, user_data, handler);
  }

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
    if (virConnectGetVersion(p_, &v) < 0) return detail::last_error;
    return v;
  }
  unsigned long version() const { return try_version().value(); }
  //!@}
  //!@{
  /// The library's version as libvirt encodes it (virConnectGetLibVersion).
  Expected<unsigned long> try_lib_version() const {
    unsigned long v = 0;
    if (virConnectGetLibVersion(p_, &v) < 0) return detail::last_error;
    return v;
  }
  unsigned long lib_version() const { return try_lib_version().value(); }
  //!@}
  //!@{
  /// The host's CPU and memory summary (virNodeGetInfo).
  Expected<virNodeInfo> try_node_info() const {
    virNodeInfo info{};
    if (virNodeGetInfo(p_, &info) < 0) return detail::last_error;
    return info;
  }
  virNodeInfo node_info() const { return try_node_info().value(); }
  //!@}
  //!@{
  /// Whether the connection still works (virConnectIsAlive).
  Expected<bool> try_is_alive() const { return detail::flag(virConnectIsAlive(p_)); }
  bool is_alive() const { return try_is_alive().value(); }
  //!@}

  //!@{
  /// Deprecated: the ids of the running domains (virConnectNumOfDomains,
  /// virConnectListDomains); prefer list_all_domains.
  Expected<std::vector<int>> try_list_domain_ids() const {
    int n = virConnectNumOfDomains(p_);
    if (n < 0) return detail::last_error;
    std::vector<int> ids(static_cast<size_t>(n));
    if (n) {
      n = virConnectListDomains(p_, ids.data(), n);
      if (n < 0) return detail::last_error;
    }
    ids.resize(static_cast<size_t>(n));
    return ids;
  }
  std::vector<int> list_domain_ids() const { return try_list_domain_ids().value(); }
  //!@}
  //!@{
  /// Deprecated: the names of the inactive persistent domains
  /// (virConnectNumOfDefinedDomains, virConnectListDefinedDomains).
  Expected<std::vector<std::string>> try_list_defined_domain_names() const {
    return detail::name_list(virConnectNumOfDefinedDomains(p_), [&](char **names, int max) {
      return virConnectListDefinedDomains(p_, names, max);
    });
  }
  std::vector<std::string> list_defined_domain_names() const {
    return try_list_defined_domain_names().value();
  }
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
