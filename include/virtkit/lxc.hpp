// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// The LXC driver's own calls (libvirt-lxc.so.0: link virtkit::virt-lxc).
///
/// Not included by virtkit.hpp, as the C calls live in their own library.
#pragma once

#include <libvirt/libvirt-lxc.h>
#include <virtkit/domain.hpp>

#include <cstdlib>
#include <span>
#include <vector>

/// Calls of libvirt-lxc: entering a container's namespaces, label and cgroup.
namespace virtkit::lxc {

//!@{
/// Opens the container's namespaces; the caller owns the descriptors
/// (virDomainLxcOpenNamespace).
inline Expected<std::vector<int>> try_open_namespace(const Domain &dom, unsigned flags = 0) {
  int *fds = nullptr;
  int n = virDomainLxcOpenNamespace(dom.get(), &fds, flags);
  if (n < 0) return virtkit::detail::last_error;
  std::vector<int> out(fds, fds + n);
  std::free(fds);
  return out;
}
inline std::vector<int> open_namespace(const Domain &dom, unsigned flags = 0) {
  return try_open_namespace(dom, flags).value();
}
//!@}

//!@{
/// Moves the calling process into the namespaces @p fds; returns descriptors
/// of the namespaces it left (virDomainLxcEnterNamespace).
inline Expected<std::vector<int>> try_enter_namespace(const Domain &dom, std::span<const int> fds,
                                                      unsigned flags = 0) {
  std::vector<int> in(fds.begin(), fds.end());
  unsigned nold = 0;
  int *old = nullptr;
  if (virDomainLxcEnterNamespace(dom.get(), static_cast<unsigned>(in.size()),
                                 in.empty() ? nullptr : in.data(), &nold, &old, flags) < 0)
    return virtkit::detail::last_error;
  std::vector<int> out(old, old + nold);
  std::free(old);
  return out;
}
inline std::vector<int> enter_namespace(const Domain &dom, std::span<const int> fds,
                                        unsigned flags = 0) {
  return try_enter_namespace(dom, fds, flags).value();
}
//!@}

//!@{
/// Gives the calling process the security label @p label of model @p model;
/// returns the label it had (virDomainLxcEnterSecurityLabel).
inline Expected<virSecurityLabel> try_enter_security_label(const virSecurityModel &model,
                                                           const virSecurityLabel &label,
                                                           unsigned flags = 0) {
  virSecurityModel m = model;
  virSecurityLabel l = label, old{};
  if (virDomainLxcEnterSecurityLabel(&m, &l, &old, flags) < 0) return virtkit::detail::last_error;
  return old;
}
inline virSecurityLabel enter_security_label(const virSecurityModel &model,
                                             const virSecurityLabel &label, unsigned flags = 0) {
  return try_enter_security_label(model, label, flags).value();
}
//!@}

//!@{
/// Moves the calling process into the container's cgroup (virDomainLxcEnterCGroup).
inline Expected<void> try_enter_cgroup(const Domain &dom, unsigned flags = 0) {
  return detail::check(virDomainLxcEnterCGroup(dom.get(), flags));
}
inline void enter_cgroup(const Domain &dom, unsigned flags = 0) {
  try_enter_cgroup(dom, flags).value();
}
//!@}

}  // namespace virtkit::lxc
