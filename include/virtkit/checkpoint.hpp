// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainCheckpoint: a point for incremental backups of a domain's disks.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/domain.hpp>
#include <virtkit/handle.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// A domain checkpoint (virDomainCheckpointPtr).
///
/// Copies share the checkpoint object (virDomainCheckpointRef /
/// virDomainCheckpointFree). Thread-safety: as libvirt's checkpoint objects, one
/// checkpoint may be used by any number of threads at once; each call's error
/// goes to the calling thread.
class DomainCheckpoint
    : public Handle<virDomainCheckpointPtr, virDomainCheckpointRef, virDomainCheckpointFree> {
 public:
  using Handle::Handle;

  //!@{
  /// Creates a checkpoint of @p dom described by XML, with
  /// VIR_DOMAIN_CHECKPOINT_CREATE_* @p flags (virDomainCheckpointCreateXML).
  static Expected<DomainCheckpoint> try_create_xml(const Domain &dom, std::string_view xml,
                                                   unsigned flags = 0) {
    return detail::adopt<DomainCheckpoint>(
        virDomainCheckpointCreateXML(dom.get(), detail::CStr(xml), flags));
  }
  static DomainCheckpoint create_xml(const Domain &dom, std::string_view xml, unsigned flags = 0) {
    return try_create_xml(dom, xml, flags).value();
  }
  //!@}
  //!@{
  /// @p dom's checkpoint named @p name (virDomainCheckpointLookupByName).
  static Expected<DomainCheckpoint> try_lookup_by_name(const Domain &dom, std::string_view name,
                                                       unsigned flags = 0) {
    return detail::adopt<DomainCheckpoint>(
        virDomainCheckpointLookupByName(dom.get(), detail::CStr(name), flags));
  }
  static DomainCheckpoint lookup_by_name(const Domain &dom, std::string_view name,
                                         unsigned flags = 0) {
    return try_lookup_by_name(dom, name, flags).value();
  }
  //!@}
  //!@{
  /// @p dom's checkpoints, filtered by VIR_DOMAIN_CHECKPOINT_LIST_* @p flags
  /// (virDomainListAllCheckpoints).
  static Expected<std::vector<DomainCheckpoint>> try_list_all(const Domain &dom,
                                                              unsigned flags = 0) {
    virDomainCheckpointPtr *cps = nullptr;
    int n = virDomainListAllCheckpoints(dom.get(), &cps, flags);
    return detail::adopt_list<DomainCheckpoint>(cps, n);
  }
  static std::vector<DomainCheckpoint> list_all(const Domain &dom, unsigned flags = 0) {
    return try_list_all(dom, flags).value();
  }
  //!@}

  /// The connection this checkpoint belongs to (a new reference;
  /// virDomainCheckpointGetConnect).
  Connection connection() const {
    virConnectPtr c = virDomainCheckpointGetConnect(p_);
    if (!c) throw Error::last();
    virConnectRef(c);
    return Connection(c);
  }
  /// The checkpoint's domain (a new reference; virDomainCheckpointGetDomain).
  Domain domain() const {
    virDomainPtr d = virDomainCheckpointGetDomain(p_);
    if (!d) throw Error::last();
    virDomainRef(d);
    return Domain(d);
  }

  //!@{
  /// The name (virDomainCheckpointGetName).
  Expected<std::string> try_name() const {
    return detail::borrowed(virDomainCheckpointGetName(p_));
  }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The XML description, with VIR_DOMAIN_CHECKPOINT_XML_* @p flags
  /// (virDomainCheckpointGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virDomainCheckpointGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// The parent checkpoint; fails (VIR_ERR_NO_DOMAIN_CHECKPOINT) for a root
  /// (virDomainCheckpointGetParent).
  Expected<DomainCheckpoint> try_parent(unsigned flags = 0) const {
    return detail::adopt<DomainCheckpoint>(virDomainCheckpointGetParent(p_, flags));
  }
  DomainCheckpoint parent(unsigned flags = 0) const { return try_parent(flags).value(); }
  //!@}
  //!@{
  /// The children, filtered by VIR_DOMAIN_CHECKPOINT_LIST_* @p flags
  /// (virDomainCheckpointListAllChildren).
  Expected<std::vector<DomainCheckpoint>> try_list_all_children(unsigned flags = 0) const {
    virDomainCheckpointPtr *cps = nullptr;
    int n = virDomainCheckpointListAllChildren(p_, &cps, flags);
    return detail::adopt_list<DomainCheckpoint>(cps, n);
  }
  std::vector<DomainCheckpoint> list_all_children(unsigned flags = 0) const {
    return try_list_all_children(flags).value();
  }
  //!@}
  //!@{
  /// Deletes the checkpoint, with VIR_DOMAIN_CHECKPOINT_DELETE_* @p flags
  /// (virDomainCheckpointDelete).
  Expected<void> try_remove(unsigned flags = 0) const {
    return detail::check(virDomainCheckpointDelete(p_, flags));
  }
  void remove(unsigned flags = 0) const { try_remove(flags).value(); }
  //!@}
};

}  // namespace virtkit
