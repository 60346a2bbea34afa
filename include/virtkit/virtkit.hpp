// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit's C++ API: RAII handles over the public libvirt C API of the same library.
//
// Header-only; it includes only the public C headers, so it adds no symbol to
// libvirt.so.0. Every call that fails in C throws virtkit::Error in its plain form
// and returns an error-holding virtkit::Expected<T> in its try_ form; the error is
// copied with virCopyLastError right after the failing C call, so it carries the
// same fields a C caller reads through virGetLastError. The C library's error
// handlers (virSetErrorFunc, the default one printing to stderr) run as usual.
//
// Handles are reference-counted with virConnectRef/virDomainRef: copies share the
// object, the last one frees it. Like the C objects they wrap, they may be used
// from several threads; one handle object must not be assigned to while another
// thread uses it.
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace virtkit {

/// A libvirt error: everything a C caller reads from virGetLastError().
class Error : public std::runtime_error {
 public:
  /// Copies the fields of a C error.
  explicit Error(const virError &e)
      : std::runtime_error(e.message ? e.message : "unknown error"),
        code_(static_cast<virErrorNumber>(e.code)),
        domain_(static_cast<virErrorDomain>(e.domain)),
        level_(e.level),
        message_(e.message ? std::optional<std::string>(e.message) : std::nullopt),
        str1_(opt(e.str1)),
        str2_(opt(e.str2)),
        str3_(opt(e.str3)),
        int1_(e.int1),
        int2_(e.int2) {}

  /// This thread's last libvirt error (VIR_ERR_OK if there is none).
  static Error last() {
    virError e{};
    virCopyLastError(&e);
    Error err(e);
    virResetError(&e);
    return err;
  }

  /// The error number (virError.code).
  virErrorNumber code() const noexcept { return code_; }
  /// Where the error comes from (virError.domain).
  virErrorDomain domain() const noexcept { return domain_; }
  /// VIR_ERR_WARNING or VIR_ERR_ERROR (virError.level).
  virErrorLevel level() const noexcept { return level_; }
  /// virError.message; std::nullopt where the C field is NULL.
  const std::optional<std::string> &message() const noexcept { return message_; }
  //!@{
  /// virError.str1, str2, str3: extra strings of the message.
  const std::optional<std::string> &str1() const noexcept { return str1_; }
  const std::optional<std::string> &str2() const noexcept { return str2_; }
  const std::optional<std::string> &str3() const noexcept { return str3_; }
  //!@}
  //!@{
  /// virError.int1 and int2: extra numbers of the message.
  int int1() const noexcept { return int1_; }
  int int2() const noexcept { return int2_; }
  //!@}

 private:
  static std::optional<std::string> opt(const char *s) {
    return s ? std::optional<std::string>(s) : std::nullopt;
  }
  virErrorNumber code_;
  virErrorDomain domain_;
  virErrorLevel level_;
  std::optional<std::string> message_, str1_, str2_, str3_;
  int int1_, int2_;
};

/// Either a value or the Error that prevented it (std::expected-like).
template <class T>
class Expected {
 public:
  /// Holds a value.
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// Holds an error.
  Expected(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  /// Whether a value is held.
  bool has_value() const noexcept { return v_.index() == 0; }
  /// Same as has_value().
  explicit operator bool() const noexcept { return has_value(); }
  //!@{
  /// The value; throws the Error if there is none.
  T &value() & {
    if (!has_value()) throw std::get<1>(v_);
    return std::get<0>(v_);
  }
  const T &value() const & {
    if (!has_value()) throw std::get<1>(v_);
    return std::get<0>(v_);
  }
  T &&value() && {
    if (!has_value()) throw std::get<1>(v_);
    return std::get<0>(std::move(v_));
  }
  //!@}
  //!@{
  /// The value, unchecked (has_value() must be true).
  T &operator*() & { return std::get<0>(v_); }
  const T &operator*() const & { return std::get<0>(v_); }
  T *operator->() { return &std::get<0>(v_); }
  const T *operator->() const { return &std::get<0>(v_); }
  //!@}
  /// The error; only valid when !has_value().
  const Error &error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// An Expected without a value: success, or the Error.
template <>
class Expected<void> {
 public:
  /// Success.
  Expected() = default;
  /// Holds an error.
  Expected(Error error) : e_(std::move(error)) {}
  /// Whether the call succeeded.
  bool has_value() const noexcept { return !e_; }
  /// Same as has_value().
  explicit operator bool() const noexcept { return has_value(); }
  /// Throws the Error, if any.
  void value() const {
    if (e_) throw *e_;
  }
  /// The error; only valid when !has_value().
  const Error &error() const { return *e_; }

 private:
  std::optional<Error> e_;
};

namespace cxx_detail {
inline Expected<void> check(int rc) {
  if (rc < 0) return Error::last();
  return {};
}
// Takes a malloc'ed C string.
inline Expected<std::string> owned(char *s) {
  if (!s) return Error::last();
  std::string r(s);
  std::free(s);
  return r;
}
}  // namespace cxx_detail

/// Domain state and reason, as virDomainGetState reports them.
struct DomainState {
  /// The state.
  virDomainState state;
  /// Why it is in that state (virDomain*Reason for the state).
  int reason;
};

class Domain;

/// A hypervisor connection (virConnectPtr).
class Connection {
 public:
  /// An empty handle.
  Connection() = default;
  /// Adopts a reference the caller owns (e.g. from virConnectOpen).
  explicit Connection(virConnectPtr c) noexcept : c_(c) {}
  /// Shares the connection (virConnectRef).
  Connection(const Connection &o) noexcept : c_(o.c_) {
    if (c_) virConnectRef(c_);
  }
  /// Takes the other's reference, leaving it empty.
  Connection(Connection &&o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  /// Shares or takes the other's connection.
  Connection &operator=(Connection o) noexcept {
    std::swap(c_, o.c_);
    return *this;
  }
  /// Drops this reference (virConnectClose).
  ~Connection() {
    if (c_) virConnectClose(c_);
  }

  /// Opens a connection to uri (virConnectOpen).
  static Expected<Connection> try_open(const std::string &uri) {
    virConnectPtr c = virConnectOpen(uri.c_str());
    if (!c) return Error::last();
    return Connection(c);
  }
  /// Opens a read-only connection to uri (virConnectOpenReadOnly).
  static Expected<Connection> try_open_read_only(const std::string &uri) {
    virConnectPtr c = virConnectOpenReadOnly(uri.c_str());
    if (!c) return Error::last();
    return Connection(c);
  }
  /// Opens a connection to uri (virConnectOpen); throws Error.
  static Connection open(const std::string &uri) { return try_open(uri).value(); }
  /// Opens a read-only connection to uri; throws Error.
  static Connection open_read_only(const std::string &uri) {
    return try_open_read_only(uri).value();
  }

  /// The C object, for calls this API does not wrap (still owned by the handle).
  virConnectPtr get() const noexcept { return c_; }
  /// Whether the handle holds a connection.
  explicit operator bool() const noexcept { return c_ != nullptr; }

  /// The connection's URI (virConnectGetURI).
  Expected<std::string> try_uri() const { return cxx_detail::owned(virConnectGetURI(c_)); }
  /// The host's name (virConnectGetHostname).
  Expected<std::string> try_hostname() const {
    return cxx_detail::owned(virConnectGetHostname(c_));
  }
  /// The driver's name (virConnectGetType).
  Expected<std::string> try_type() const {
    const char *t = virConnectGetType(c_);
    if (!t) return Error::last();
    return std::string(t);
  }
  /// The hypervisor's version (virConnectGetVersion).
  Expected<unsigned long> try_version() const {
    unsigned long v = 0;
    if (virConnectGetVersion(c_, &v) < 0) return Error::last();
    return v;
  }
  /// The library's version (virConnectGetLibVersion).
  Expected<unsigned long> try_lib_version() const {
    unsigned long v = 0;
    if (virConnectGetLibVersion(c_, &v) < 0) return Error::last();
    return v;
  }
  /// The host's CPUs and memory (virNodeGetInfo).
  Expected<virNodeInfo> try_node_info() const {
    virNodeInfo info{};
    if (virNodeGetInfo(c_, &info) < 0) return Error::last();
    return info;
  }
  /// Whether the connection is alive (virConnectIsAlive).
  Expected<bool> try_is_alive() const {
    int r = virConnectIsAlive(c_);
    if (r < 0) return Error::last();
    return r != 0;
  }

  /// The domains, filtered by VIR_CONNECT_LIST_DOMAINS_* flags (virConnectListAllDomains).
  inline Expected<std::vector<Domain>> try_list_all_domains(unsigned flags = 0) const;
  /// The domain with this name (virDomainLookupByName).
  inline Expected<Domain> try_lookup_domain_by_name(const std::string &name) const;
  /// The running domain with this id (virDomainLookupByID).
  inline Expected<Domain> try_lookup_domain_by_id(int id) const;
  /// The domain with this UUID (virDomainLookupByUUIDString).
  inline Expected<Domain> try_lookup_domain_by_uuid_string(const std::string &uuid) const;
  /// Defines a persistent domain (virDomainDefineXML, virDomainDefineXMLFlags).
  inline Expected<Domain> try_define_xml(const std::string &xml, unsigned flags = 0) const;
  /// Starts a transient domain (virDomainCreateXML).
  inline Expected<Domain> try_create_xml(const std::string &xml, unsigned flags = 0) const;

  /// try_uri(), throwing Error.
  std::string uri() const { return try_uri().value(); }
  /// try_hostname(), throwing Error.
  std::string hostname() const { return try_hostname().value(); }
  /// try_type(), throwing Error.
  std::string type() const { return try_type().value(); }
  /// try_version(), throwing Error.
  unsigned long version() const { return try_version().value(); }
  /// try_lib_version(), throwing Error.
  unsigned long lib_version() const { return try_lib_version().value(); }
  /// try_node_info(), throwing Error.
  virNodeInfo node_info() const { return try_node_info().value(); }
  /// try_is_alive(), throwing Error.
  bool is_alive() const { return try_is_alive().value(); }
  /// try_list_all_domains(), throwing Error.
  inline std::vector<Domain> list_all_domains(unsigned flags = 0) const;
  /// try_lookup_domain_by_name(), throwing Error.
  inline Domain lookup_domain_by_name(const std::string &name) const;
  /// try_lookup_domain_by_id(), throwing Error.
  inline Domain lookup_domain_by_id(int id) const;
  /// try_lookup_domain_by_uuid_string(), throwing Error.
  inline Domain lookup_domain_by_uuid_string(const std::string &uuid) const;
  /// try_define_xml(), throwing Error.
  inline Domain define_xml(const std::string &xml, unsigned flags = 0) const;
  /// try_create_xml(), throwing Error.
  inline Domain create_xml(const std::string &xml, unsigned flags = 0) const;

 private:
  virConnectPtr c_ = nullptr;
};

/// A domain (virDomainPtr).
class Domain {
 public:
  /// An empty handle.
  Domain() = default;
  /// Adopts a reference the caller owns (e.g. from virDomainLookupByName).
  explicit Domain(virDomainPtr d) noexcept : d_(d) {}
  /// Shares the domain (virDomainRef).
  Domain(const Domain &o) noexcept : d_(o.d_) {
    if (d_) virDomainRef(d_);
  }
  /// Takes the other's reference, leaving it empty.
  Domain(Domain &&o) noexcept : d_(std::exchange(o.d_, nullptr)) {}
  /// Shares or takes the other's domain.
  Domain &operator=(Domain o) noexcept {
    std::swap(d_, o.d_);
    return *this;
  }
  /// Drops this reference (virDomainFree).
  ~Domain() {
    if (d_) virDomainFree(d_);
  }

  /// The C object, for calls this API does not wrap (still owned by the handle).
  virDomainPtr get() const noexcept { return d_; }
  /// Whether the handle holds a domain.
  explicit operator bool() const noexcept { return d_ != nullptr; }

  /// The connection this domain belongs to (a new reference).
  Connection connection() const {
    virConnectPtr c = virDomainGetConnect(d_);
    if (!c) throw Error::last();
    virConnectRef(c);
    return Connection(c);
  }

  /// The domain's name (virDomainGetName).
  Expected<std::string> try_name() const {
    const char *n = virDomainGetName(d_);
    if (!n) return Error::last();
    return std::string(n);
  }
  /// std::nullopt for an inactive domain (C: (unsigned)-1).
  Expected<std::optional<unsigned>> try_id() const {
    unsigned id = virDomainGetID(d_);
    if (id == static_cast<unsigned>(-1)) {
      Error e = Error::last();
      if (e.code() != VIR_ERR_OK) return e;
      return std::optional<unsigned>();
    }
    return std::optional<unsigned>(id);
  }
  /// The domain's UUID as a string (virDomainGetUUIDString).
  Expected<std::string> try_uuid_string() const {
    char buf[VIR_UUID_STRING_BUFLEN];
    if (virDomainGetUUIDString(d_, buf) < 0) return Error::last();
    return std::string(buf);
  }
  /// The guest OS type (virDomainGetOSType).
  Expected<std::string> try_os_type() const { return cxx_detail::owned(virDomainGetOSType(d_)); }
  /// State, memory, vCPUs and CPU time (virDomainGetInfo).
  Expected<virDomainInfo> try_info() const {
    virDomainInfo info{};
    if (virDomainGetInfo(d_, &info) < 0) return Error::last();
    return info;
  }
  /// The state and its reason (virDomainGetState).
  Expected<DomainState> try_state() const {
    int state = 0, reason = 0;
    if (virDomainGetState(d_, &state, &reason, 0) < 0) return Error::last();
    return DomainState{static_cast<virDomainState>(state), reason};
  }
  /// The domain's XML (virDomainGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return cxx_detail::owned(virDomainGetXMLDesc(d_, flags));
  }
  /// Whether it is running (virDomainIsActive).
  Expected<bool> try_is_active() const { return flag(virDomainIsActive(d_)); }
  /// Whether it is defined (virDomainIsPersistent).
  Expected<bool> try_is_persistent() const { return flag(virDomainIsPersistent(d_)); }
  /// Whether it starts with the host (virDomainGetAutostart).
  Expected<bool> try_autostart() const {
    int a = 0;
    if (virDomainGetAutostart(d_, &a) < 0) return Error::last();
    return a != 0;
  }

  /// Starts the defined domain (virDomainCreate, virDomainCreateWithFlags).
  Expected<void> try_create(unsigned flags = 0) const {
    return cxx_detail::check(flags ? virDomainCreateWithFlags(d_, flags) : virDomainCreate(d_));
  }
  /// Stops it at once (virDomainDestroy).
  Expected<void> try_destroy() const { return cxx_detail::check(virDomainDestroy(d_)); }
  /// Pauses it (virDomainSuspend).
  Expected<void> try_suspend() const { return cxx_detail::check(virDomainSuspend(d_)); }
  /// Resumes it (virDomainResume).
  Expected<void> try_resume() const { return cxx_detail::check(virDomainResume(d_)); }
  /// Asks the guest to shut down (virDomainShutdown).
  Expected<void> try_shutdown() const { return cxx_detail::check(virDomainShutdown(d_)); }
  /// Asks the guest to reboot (virDomainReboot).
  Expected<void> try_reboot(unsigned flags = 0) const {
    return cxx_detail::check(virDomainReboot(d_, flags));
  }
  /// Removes its definition (virDomainUndefine, virDomainUndefineFlags).
  Expected<void> try_undefine(unsigned flags = 0) const {
    return cxx_detail::check(flags ? virDomainUndefineFlags(d_, flags) : virDomainUndefine(d_));
  }
  /// Sets its memory in KiB (virDomainSetMemoryFlags).
  Expected<void> try_set_memory(unsigned long kib, unsigned flags = 0) const {
    return cxx_detail::check(virDomainSetMemoryFlags(d_, kib, flags));
  }

  /// try_name(), throwing Error.
  std::string name() const { return try_name().value(); }
  /// try_id(), throwing Error.
  std::optional<unsigned> id() const { return try_id().value(); }
  /// try_uuid_string(), throwing Error.
  std::string uuid_string() const { return try_uuid_string().value(); }
  /// try_os_type(), throwing Error.
  std::string os_type() const { return try_os_type().value(); }
  /// try_info(), throwing Error.
  virDomainInfo info() const { return try_info().value(); }
  /// try_state(), throwing Error.
  DomainState state() const { return try_state().value(); }
  /// try_xml(), throwing Error.
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  /// try_is_active(), throwing Error.
  bool is_active() const { return try_is_active().value(); }
  /// try_is_persistent(), throwing Error.
  bool is_persistent() const { return try_is_persistent().value(); }
  /// try_autostart(), throwing Error.
  bool autostart() const { return try_autostart().value(); }
  /// try_create(), throwing Error.
  void create(unsigned flags = 0) const { try_create(flags).value(); }
  /// try_destroy(), throwing Error.
  void destroy() const { try_destroy().value(); }
  /// try_suspend(), throwing Error.
  void suspend() const { try_suspend().value(); }
  /// try_resume(), throwing Error.
  void resume() const { try_resume().value(); }
  /// try_shutdown(), throwing Error.
  void shutdown() const { try_shutdown().value(); }
  /// try_reboot(), throwing Error.
  void reboot(unsigned flags = 0) const { try_reboot(flags).value(); }
  /// try_undefine(), throwing Error.
  void undefine(unsigned flags = 0) const { try_undefine(flags).value(); }
  /// try_set_memory(), throwing Error.
  void set_memory(unsigned long kib, unsigned flags = 0) const {
    try_set_memory(kib, flags).value();
  }

 private:
  static Expected<bool> flag(int r) {
    if (r < 0) return Error::last();
    return r != 0;
  }
  virDomainPtr d_ = nullptr;
};

inline Expected<std::vector<Domain>> Connection::try_list_all_domains(unsigned flags) const {
  virDomainPtr *doms = nullptr;
  int n = virConnectListAllDomains(c_, &doms, flags);
  if (n < 0) return Error::last();
  std::vector<Domain> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; i++) out.emplace_back(doms[i]);
  std::free(doms);
  return out;
}

namespace cxx_detail {
inline Expected<Domain> adopt(virDomainPtr d) {
  if (!d) return Error::last();
  return Domain(d);
}
}  // namespace cxx_detail

inline Expected<Domain> Connection::try_lookup_domain_by_name(const std::string &name) const {
  return cxx_detail::adopt(virDomainLookupByName(c_, name.c_str()));
}
inline Expected<Domain> Connection::try_lookup_domain_by_id(int id) const {
  return cxx_detail::adopt(virDomainLookupByID(c_, id));
}
inline Expected<Domain> Connection::try_lookup_domain_by_uuid_string(
    const std::string &uuid) const {
  return cxx_detail::adopt(virDomainLookupByUUIDString(c_, uuid.c_str()));
}
inline Expected<Domain> Connection::try_define_xml(const std::string &xml, unsigned flags) const {
  return cxx_detail::adopt(flags ? virDomainDefineXMLFlags(c_, xml.c_str(), flags)
                                 : virDomainDefineXML(c_, xml.c_str()));
}
inline Expected<Domain> Connection::try_create_xml(const std::string &xml, unsigned flags) const {
  return cxx_detail::adopt(virDomainCreateXML(c_, xml.c_str(), flags));
}

inline std::vector<Domain> Connection::list_all_domains(unsigned flags) const {
  return try_list_all_domains(flags).value();
}
inline Domain Connection::lookup_domain_by_name(const std::string &name) const {
  return try_lookup_domain_by_name(name).value();
}
inline Domain Connection::lookup_domain_by_id(int id) const {
  return try_lookup_domain_by_id(id).value();
}
inline Domain Connection::lookup_domain_by_uuid_string(const std::string &uuid) const {
  return try_lookup_domain_by_uuid_string(uuid).value();
}
inline Domain Connection::define_xml(const std::string &xml, unsigned flags) const {
  return try_define_xml(xml, flags).value();
}
inline Domain Connection::create_xml(const std::string &xml, unsigned flags) const {
  return try_create_xml(xml, flags).value();
}

}  // namespace virtkit
