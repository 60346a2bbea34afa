// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainSnapshot: a snapshot of a domain's disks and state.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/domain.hpp>
#include <virtkit/handle.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// A domain snapshot (virDomainSnapshotPtr).
///
/// Copies share the snapshot object (virDomainSnapshotRef / virDomainSnapshotFree).
/// Thread-safety: as libvirt's snapshot objects, one snapshot may be used by any
/// number of threads at once; each call's error goes to the calling thread.
class DomainSnapshot
    : public Handle<virDomainSnapshotPtr, virDomainSnapshotRef, virDomainSnapshotFree> {
 public:
  using Handle::Handle;

  //!@{
  /// Takes a snapshot of @p dom described by XML, with
  /// VIR_DOMAIN_SNAPSHOT_CREATE_* @p flags (virDomainSnapshotCreateXML).
  static Expected<DomainSnapshot> try_create_xml(const Domain &dom, std::string_view xml,
                                                 unsigned flags = 0) {
    return detail::adopt<DomainSnapshot>(
        virDomainSnapshotCreateXML(dom.get(), detail::CStr(xml), flags));
  }
  static DomainSnapshot create_xml(const Domain &dom, std::string_view xml, unsigned flags = 0) {
    return try_create_xml(dom, xml, flags).value();
  }
  //!@}
  //!@{
  /// @p dom's snapshot named @p name (virDomainSnapshotLookupByName).
  static Expected<DomainSnapshot> try_lookup_by_name(const Domain &dom, std::string_view name,
                                                     unsigned flags = 0) {
    return detail::adopt<DomainSnapshot>(
        virDomainSnapshotLookupByName(dom.get(), detail::CStr(name), flags));
  }
  static DomainSnapshot lookup_by_name(const Domain &dom, std::string_view name,
                                       unsigned flags = 0) {
    return try_lookup_by_name(dom, name, flags).value();
  }
  //!@}
  //!@{
  /// @p dom's current snapshot (virDomainSnapshotCurrent).
  static Expected<DomainSnapshot> try_current(const Domain &dom, unsigned flags = 0) {
    return detail::adopt<DomainSnapshot>(virDomainSnapshotCurrent(dom.get(), flags));
  }
  static DomainSnapshot current(const Domain &dom, unsigned flags = 0) {
    return try_current(dom, flags).value();
  }
  //!@}
  //!@{
  /// Whether @p dom has a current snapshot (virDomainHasCurrentSnapshot).
  static Expected<bool> try_has_current(const Domain &dom, unsigned flags = 0) {
    return detail::flag(virDomainHasCurrentSnapshot(dom.get(), flags));
  }
  static bool has_current(const Domain &dom, unsigned flags = 0) {
    return try_has_current(dom, flags).value();
  }
  //!@}
  //!@{
  /// @p dom's snapshots, filtered by VIR_DOMAIN_SNAPSHOT_LIST_* @p flags
  /// (virDomainListAllSnapshots).
  static Expected<std::vector<DomainSnapshot>> try_list_all(const Domain &dom, unsigned flags = 0) {
    virDomainSnapshotPtr *snaps = nullptr;
    int n = virDomainListAllSnapshots(dom.get(), &snaps, flags);
    return detail::adopt_list<DomainSnapshot>(snaps, n);
  }
  static std::vector<DomainSnapshot> list_all(const Domain &dom, unsigned flags = 0) {
    return try_list_all(dom, flags).value();
  }
  //!@}
  //!@{
  /// The names of @p dom's snapshots (deprecated: virDomainSnapshotListNames with
  /// virDomainSnapshotNum; list_all() is race-free).
  static Expected<std::vector<std::string>> try_list_names(const Domain &dom, unsigned flags = 0) {
    return detail::name_list(virDomainSnapshotNum(dom.get(), flags), [&](char **n, int max) {
      return virDomainSnapshotListNames(dom.get(), n, max, flags);
    });
  }
  static std::vector<std::string> list_names(const Domain &dom, unsigned flags = 0) {
    return try_list_names(dom, flags).value();
  }
  //!@}
  //!@{
  /// The number of @p dom's snapshots (virDomainSnapshotNum).
  static Expected<int> try_count(const Domain &dom, unsigned flags = 0) {
    return detail::count(virDomainSnapshotNum(dom.get(), flags));
  }
  static int count(const Domain &dom, unsigned flags = 0) { return try_count(dom, flags).value(); }
  //!@}

  /// The connection this snapshot belongs to (a new reference;
  /// virDomainSnapshotGetConnect).
  Connection connection() const {
    virConnectPtr c = virDomainSnapshotGetConnect(p_);
    if (!c) throw Error::last();
    virConnectRef(c);
    return Connection(c);
  }
  /// The snapshot's domain (a new reference; virDomainSnapshotGetDomain).
  Domain domain() const {
    virDomainPtr d = virDomainSnapshotGetDomain(p_);
    if (!d) throw Error::last();
    virDomainRef(d);
    return Domain(d);
  }

  //!@{
  /// The name (virDomainSnapshotGetName).
  Expected<std::string> try_name() const { return detail::borrowed(virDomainSnapshotGetName(p_)); }
  std::string name() const { return try_name().value(); }
  //!@}
  //!@{
  /// The XML description (virDomainSnapshotGetXMLDesc).
  Expected<std::string> try_xml(unsigned flags = 0) const {
    return detail::owned(virDomainSnapshotGetXMLDesc(p_, flags));
  }
  std::string xml(unsigned flags = 0) const { return try_xml(flags).value(); }
  //!@}
  //!@{
  /// The parent snapshot; fails (VIR_ERR_NO_DOMAIN_SNAPSHOT) for a root
  /// (virDomainSnapshotGetParent).
  Expected<DomainSnapshot> try_parent(unsigned flags = 0) const {
    return detail::adopt<DomainSnapshot>(virDomainSnapshotGetParent(p_, flags));
  }
  DomainSnapshot parent(unsigned flags = 0) const { return try_parent(flags).value(); }
  //!@}
  //!@{
  /// Whether this is its domain's current snapshot (virDomainSnapshotIsCurrent).
  Expected<bool> try_is_current(unsigned flags = 0) const {
    return detail::flag(virDomainSnapshotIsCurrent(p_, flags));
  }
  bool is_current(unsigned flags = 0) const { return try_is_current(flags).value(); }
  //!@}
  //!@{
  /// Whether libvirt keeps metadata for it (virDomainSnapshotHasMetadata).
  Expected<bool> try_has_metadata(unsigned flags = 0) const {
    return detail::flag(virDomainSnapshotHasMetadata(p_, flags));
  }
  bool has_metadata(unsigned flags = 0) const { return try_has_metadata(flags).value(); }
  //!@}
  //!@{
  /// The children, filtered by VIR_DOMAIN_SNAPSHOT_LIST_* @p flags
  /// (virDomainSnapshotListAllChildren).
  Expected<std::vector<DomainSnapshot>> try_list_all_children(unsigned flags = 0) const {
    virDomainSnapshotPtr *snaps = nullptr;
    int n = virDomainSnapshotListAllChildren(p_, &snaps, flags);
    return detail::adopt_list<DomainSnapshot>(snaps, n);
  }
  std::vector<DomainSnapshot> list_all_children(unsigned flags = 0) const {
    return try_list_all_children(flags).value();
  }
  //!@}
  //!@{
  /// The children's names (deprecated: virDomainSnapshotListChildrenNames with
  /// virDomainSnapshotNumChildren).
  Expected<std::vector<std::string>> try_list_children_names(unsigned flags = 0) const {
    return detail::name_list(virDomainSnapshotNumChildren(p_, flags), [&](char **n, int max) {
      return virDomainSnapshotListChildrenNames(p_, n, max, flags);
    });
  }
  std::vector<std::string> list_children_names(unsigned flags = 0) const {
    return try_list_children_names(flags).value();
  }
  //!@}
  //!@{
  /// The number of children (virDomainSnapshotNumChildren).
  Expected<int> try_count_children(unsigned flags = 0) const {
    return detail::count(virDomainSnapshotNumChildren(p_, flags));
  }
  int count_children(unsigned flags = 0) const { return try_count_children(flags).value(); }
  //!@}
  //!@{
  /// Returns the domain to this snapshot, with VIR_DOMAIN_SNAPSHOT_REVERT_*
  /// @p flags (virDomainRevertToSnapshot).
  Expected<void> try_revert(unsigned flags = 0) const {
    return detail::check(virDomainRevertToSnapshot(p_, flags));
  }
  void revert(unsigned flags = 0) const { try_revert(flags).value(); }
  //!@}
  //!@{
  /// Deletes the snapshot, with VIR_DOMAIN_SNAPSHOT_DELETE_* @p flags
  /// (virDomainSnapshotDelete).
  Expected<void> try_remove(unsigned flags = 0) const {
    return detail::check(virDomainSnapshotDelete(p_, flags));
  }
  void remove(unsigned flags = 0) const { try_remove(flags).value(); }
  //!@}
};

}  // namespace virtkit
