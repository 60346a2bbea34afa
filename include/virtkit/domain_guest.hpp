// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainGuestCalls: calls answered by the guest (agent): file
/// systems, time, users, information (part of virtkit::Domain; include domain.hpp).
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// A mounted guest file system (virDomainFSInfo).
struct DomainFSInfo {
  std::string mountpoint;                ///< Where it is mounted in the guest.
  std::string name;                      ///< The device's name in the guest.
  std::string fstype;                    ///< The file system type, e.g. "ext4".
  std::vector<std::string> dev_aliases;  ///< The aliases of the disks holding it.
};

/// Domain's calls that the guest (mostly its agent) answers: host name, file
/// systems, clock, users' passwords and SSH keys, the agent's timeout and the
/// guest information bundle.
///
/// A base of Domain (@p D); use them through a Domain.
template <class D>
class DomainGuestCalls : public detail::DomainPart<D, DomainGuestCalls<D>> {
 public:
  //!@{
  /// The guest's host name (virDomainGetHostname).
  Expected<std::string> try_hostname(unsigned flags = 0) const {
    return detail::owned(virDomainGetHostname(this->dom(), flags));
  }
  std::string hostname(unsigned flags = 0) const { return try_hostname(flags).value(); }
  //!@}
  //!@{
  /// The guest's clock (virDomainGetTime).
  Expected<std::chrono::system_clock::time_point> try_time(unsigned flags = 0) const {
    long long s = 0;
    unsigned ns = 0;
    if (virDomainGetTime(this->dom(), &s, &ns, flags) < 0) return detail::last_error;
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(s) + std::chrono::nanoseconds(ns)));
  }
  std::chrono::system_clock::time_point time(unsigned flags = 0) const {
    return try_time(flags).value();
  }
  //!@}
  //!@{
  /// Sets the guest's clock to @p t (ignored with VIR_DOMAIN_TIME_SYNC, which
  /// takes the host's; virDomainSetTime).
  Expected<void> try_set_time(std::chrono::system_clock::time_point t, unsigned flags = 0) const {
    auto since = t.time_since_epoch();
    auto s = std::chrono::floor<std::chrono::seconds>(since);
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(since - s);
    return detail::check(
        virDomainSetTime(this->dom(), s.count(), static_cast<unsigned>(ns.count()), flags));
  }
  void set_time(std::chrono::system_clock::time_point t, unsigned flags = 0) const {
    try_set_time(t, flags).value();
  }
  //!@}
  //!@{
  /// Discards unused blocks of the file system at @p mountpoint (all for
  /// std::nullopt), in runs of at least @p minimum bytes (virDomainFSTrim).
  Expected<void> try_fs_trim(std::optional<std::string_view> mountpoint = std::nullopt,
                             unsigned long long minimum = 0, unsigned flags = 0) const {
    return detail::check(virDomainFSTrim(this->dom(), detail::CStr(mountpoint), minimum, flags));
  }
  void fs_trim(std::optional<std::string_view> mountpoint = std::nullopt,
               unsigned long long minimum = 0, unsigned flags = 0) const {
    try_fs_trim(mountpoint, minimum, flags).value();
  }
  //!@}
  //!@{
  /// Freezes the file systems at @p mountpoints (all when empty); returns how
  /// many were frozen (virDomainFSFreeze).
  Expected<int> try_fs_freeze(const std::vector<std::string> &mountpoints = {},
                              unsigned flags = 0) const {
    std::vector<const char *> m = detail::c_strings(mountpoints);
    return detail::count(virDomainFSFreeze(this->dom(), m.empty() ? nullptr : m.data(),
                                           static_cast<unsigned>(m.size()), flags));
  }
  int fs_freeze(const std::vector<std::string> &mountpoints = {}, unsigned flags = 0) const {
    return try_fs_freeze(mountpoints, flags).value();
  }
  //!@}
  //!@{
  /// Thaws the file systems at @p mountpoints (all when empty); returns how many
  /// were thawed (virDomainFSThaw).
  Expected<int> try_fs_thaw(const std::vector<std::string> &mountpoints = {},
                            unsigned flags = 0) const {
    std::vector<const char *> m = detail::c_strings(mountpoints);
    return detail::count(virDomainFSThaw(this->dom(), m.empty() ? nullptr : m.data(),
                                         static_cast<unsigned>(m.size()), flags));
  }
  int fs_thaw(const std::vector<std::string> &mountpoints = {}, unsigned flags = 0) const {
    return try_fs_thaw(mountpoints, flags).value();
  }
  //!@}
  //!@{
  /// The mounted file systems (virDomainGetFSInfo; freed with virDomainFSInfoFree).
  Expected<std::vector<DomainFSInfo>> try_fs_info(unsigned flags = 0) const {
    virDomainFSInfoPtr *info = nullptr;
    int n = virDomainGetFSInfo(this->dom(), &info, flags);
    if (n < 0) return detail::last_error;
    std::vector<DomainFSInfo> out;
    for (int i = 0; i < n; i++) {
      const virDomainFSInfo &c = *info[i];
      DomainFSInfo f{
          c.mountpoint ? c.mountpoint : "", c.name ? c.name : "", c.fstype ? c.fstype : "", {}};
      for (size_t j = 0; j < c.ndevAlias; j++) f.dev_aliases.emplace_back(c.devAlias[j]);
      out.push_back(std::move(f));
      virDomainFSInfoFree(info[i]);
    }
    std::free(info);
    return out;
  }
  std::vector<DomainFSInfo> fs_info(unsigned flags = 0) const { return try_fs_info(flags).value(); }
  //!@}
  //!@{
  /// The VIR_DOMAIN_GUEST_INFO_* @p types of guest information (0: all;
  /// virDomainGetGuestInfo).
  Expected<TypedParams> try_guest_info(unsigned types = 0, unsigned flags = 0) const {
    virTypedParameterPtr p = nullptr;
    int n = 0;
    if (virDomainGetGuestInfo(this->dom(), types, &p, &n, flags) < 0) return detail::last_error;
    return detail::adopt_params(p, n);
  }
  TypedParams guest_info(unsigned types = 0, unsigned flags = 0) const {
    return try_guest_info(types, flags).value();
  }
  //!@}
  //!@{
  /// Sets how long to wait for the agent, in seconds or a
  /// VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_* value (virDomainAgentSetResponseTimeout).
  Expected<void> try_agent_set_response_timeout(int timeout, unsigned flags = 0) const {
    return detail::check(virDomainAgentSetResponseTimeout(this->dom(), timeout, flags));
  }
  void agent_set_response_timeout(int timeout, unsigned flags = 0) const {
    try_agent_set_response_timeout(timeout, flags).value();
  }
  //!@}
  //!@{
  /// Sets guest user @p user's password (virDomainSetUserPassword).
  Expected<void> try_set_user_password(std::string_view user, std::string_view password,
                                       unsigned flags = 0) const {
    return detail::check(
        virDomainSetUserPassword(this->dom(), detail::CStr(user), detail::CStr(password), flags));
  }
  void set_user_password(std::string_view user, std::string_view password,
                         unsigned flags = 0) const {
    try_set_user_password(user, password, flags).value();
  }
  //!@}
  //!@{
  /// Guest user @p user's authorized SSH keys (virDomainAuthorizedSSHKeysGet).
  Expected<std::vector<std::string>> try_authorized_ssh_keys(std::string_view user,
                                                             unsigned flags = 0) const {
    char **keys = nullptr;
    int n = virDomainAuthorizedSSHKeysGet(this->dom(), detail::CStr(user), &keys, flags);
    return detail::owned_strings(keys, n);
  }
  std::vector<std::string> authorized_ssh_keys(std::string_view user, unsigned flags = 0) const {
    return try_authorized_ssh_keys(user, flags).value();
  }
  //!@}
  //!@{
  /// Sets (VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND: adds, _REMOVE: removes) guest
  /// user @p user's authorized SSH keys (virDomainAuthorizedSSHKeysSet).
  Expected<void> try_set_authorized_ssh_keys(std::string_view user,
                                             const std::vector<std::string> &keys,
                                             unsigned flags = 0) const {
    std::vector<const char *> k = detail::c_strings(keys);
    return detail::check(virDomainAuthorizedSSHKeysSet(this->dom(), detail::CStr(user),
                                                       k.empty() ? nullptr : k.data(),
                                                       static_cast<unsigned>(k.size()), flags));
  }
  void set_authorized_ssh_keys(std::string_view user, const std::vector<std::string> &keys,
                               unsigned flags = 0) const {
    try_set_authorized_ssh_keys(user, keys, flags).value();
  }
  //!@}
};

}  // namespace virtkit
